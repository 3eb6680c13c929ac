"""Open Referral HSDS 3.0: the export validates against HSDS's own compiled schemas, ids are
stable, the round trip gives the catalogue back, another directory's data comes in with what
maps, and the error paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY

from lotse.present.hsds import FILES, uid
from lotse.present.hsds.from_hsds import import_tables
from lotse.present.hsds.to_hsds import export_tables, table_files, uri

HSDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "hsds-3.0"
needs_hsds = pytest.mark.skipif(not (HSDS / "schema" / "compiled").is_dir(),
                                reason=f"the HSDS 3.0 schemas are not beside the repository ({HSDS})")


@pytest.fixture(scope="module")
def tables(catalogue):
    return export_tables(catalogue, "de", TODAY)


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not (HSDS / "schema" / "compiled").is_dir():
        pytest.skip(f"the HSDS 3.0 schemas are not beside the repository ({HSDS})")
    schema = json.loads((HSDS / "schema" / "compiled" / "tabular.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    # Without jsonschema's format extras `uri` and `date-time` would pass unchecked.
    assert {"uri", "uuid", "email", "date-time"} <= set(checker.checkers), "pip install 'jsonschema[format-nongpl]'"
    return schema, lambda sub: jsonschema.Draft202012Validator(sub, format_checker=checker)


def errors(validate, instance) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validate.iter_errors(instance)]


# -- the export against HSDS's schemas ------------------------------------------------------------

@needs_hsds
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_exported_file_validates(cli, tmp_path, validator, lang):
    """Each file of `catalog export --hsds` against its table's schema in compiled/tabular.json,
    then the whole directory as one tabular document."""
    schema, make = validator
    result = cli("--lang", lang, "catalog", "export", "--hsds", str(tmp_path / "out"))
    assert result.code == 0, result.err
    document = {}
    for table, name in FILES.items():
        records = json.loads((tmp_path / "out" / name).read_text(encoding="utf-8"))
        assert errors(make(schema["properties"][table]), records) == [], name
        document[table] = records
    assert errors(make(schema), document) == []
    assert len(document["service"]) > 100 and document["attribute"] and document["taxonomy_term"]


@needs_hsds
def test_the_validator_catches_what_hsds_forbids(tables, validator):
    """The schema check is not vacuous: a bare www address, a bad uuid or status fail it."""
    schema, make = validator
    service = dict(tables["service"][0], url="www.example.de", id="not-a-uuid", status="open")
    messages = " ".join(errors(make(schema["properties"]["service"]), [service]))
    assert "'www.example.de' is not a 'uri'" in messages and "'not-a-uuid' is not a 'uuid'" in messages
    assert "'open' is not one of" in messages


def test_references_resolve_and_ids_are_unique(tables):
    ids = {table: {r["id"] for r in records} for table, records in tables.items()}
    everything = [r["id"] for records in tables.values() for r in records]
    assert len(everything) == len(set(everything))
    links = {"organization_id": "organization", "service_id": "service", "location_id": "location",
             "contact_id": "contact", "taxonomy_id": "taxonomy", "taxonomy_term_id": "taxonomy_term",
             "parent_id": "taxonomy_term"}
    for table, records in tables.items():
        for record in records:
            for key, target in links.items():
                if key in record:
                    assert record[key] in ids[target], (table, key, record)
            if table == "attribute":
                assert record["link_id"] in ids[record["link_entity"]]


def test_ids_are_stable_uuid5_of_lotse_ids(tables, catalogue):
    # A literal: published ids must not change with any release (lotse.present.hsds.NAMESPACE).
    assert uid("service", "jmd") == "39a57f46-d4a3-5e1e-b4a7-2424b0eaf5dd"
    jmd = next(s for s in tables["service"] if s["name"].startswith("Jugendmigrationsdienste"))
    assert jmd["id"] == uid("service", "jmd")
    again = export_tables(catalogue, "de", TODAY)
    assert table_files(again) == table_files(tables)


def test_structured_eligibility_survives_as_attributes(tables, catalogue):
    jmd = next(s for s in tables["service"] if s["id"] == uid("service", "jmd"))
    assert (jmd["minimum_age"], jmd["maximum_age"]) == (12, 27)
    assert "12–27" in jmd["eligibility_description"]
    assert jmd["assured_date"] == "2025-05-07"  # as_of, the date of its newest source
    terms = {t["id"]: t["code"] for t in tables["taxonomy_term"]}
    codes = {terms[a["taxonomy_term_id"]]: a.get("value") for a in tables["attribute"] if a["link_id"] == jmd["id"]}
    assert {"client:person", "goal:orientation", "goal:language", "kind:programme"} <= set(codes)
    sources = [json.loads(a["value"]) for a in tables["attribute"]
               if a["link_id"] == jmd["id"] and terms[a["taxonomy_term_id"]] == "source"]
    assert codes["lotse_id"] == "jmd" and sources[0]["file"].startswith("002_")
    assert sources[1]["url"].startswith("https://") and sources[1]["date"] == "2025-05-07"
    jobbruecke = uid("service", "jobbruecke-plus")
    statuses = {terms[a["taxonomy_term_id"]] for a in tables["attribute"]
                if a["link_id"] == jobbruecke and terms[a["taxonomy_term_id"]].startswith("status:")}
    assert {"status:asylum_seeker", "status:tolerated", "status:protection"} <= statuses
    taxonomy = tables["taxonomy"][0]
    assert taxonomy["name"] == "lotse" and all(t["taxonomy_id"] == taxonomy["id"] for t in tables["taxonomy_term"])


def test_ended_programmes_are_defunct_and_contacts_are_linked(tables):
    ended = next(s for s in tables["service"] if s["id"] == uid("service", "jobbruecke-plus"))
    assert ended["status"] == "defunct"
    abh = uid("service", "abh-magdeburg")
    contact = next(c for c in tables["contact"] if c["service_id"] == abh)
    location = next(loc for loc in tables["location"] if loc["id"] == contact["location_id"])
    address = next(a for a in tables["address"] if a["location_id"] == location["id"])
    assert (address["address_1"], address["city"], address["postal_code"], address["state_province"],
            address["country"]) == ("Lübecker Str. 53-63", "Magdeburg", "39124", "Sachsen-Anhalt", "DE")
    assert any(s["service_id"] == abh and s["location_id"] == location["id"] for s in tables["service_at_location"])
    assert any(p["contact_id"] == contact["id"] for p in tables["phone"])
    assert tables["language"] == []  # the catalogue records no languages; none are invented


def test_export_does_not_need_jsonschema(tmp_path):
    code = ("import sys, datetime; from lotse.store.catalogue import load_catalogue; "
            "from lotse.present.hsds.to_hsds import export_tables, table_files; "
            "table_files(export_tables(load_catalogue(), 'de', datetime.date.today())); "
            "assert 'jsonschema' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


# -- the round trip -------------------------------------------------------------------------------

def _comparable(record: dict, lang: str) -> dict:
    """An entry record with what HSDS cannot carry evened out: one language of each text, the
    scheme the export gives bare www addresses, and where the entry was read from."""
    def walk(value):
        if isinstance(value, dict):
            if set(value) == {"de", "en"}:
                other = "de" if lang == "en" else "en"
                return value[lang] if isinstance(value[lang], str) else list(value[lang] or value[other])
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    record = walk({k: v for k, v in record.items() if k not in ("origin", "replaces")})
    for contact in record["contacts"]:
        contact["url"] = uri(contact["url"]) if contact["url"] else None
    return record


@pytest.mark.parametrize("lang", ["de", "en"])
def test_round_trip_gives_the_same_entries(cli, tmp_path, catalogue, lang):
    from lotse.present.records import entry_record
    from lotse.store.catalogue import load_catalogue

    assert cli("--lang", lang, "catalog", "export", "--hsds", str(tmp_path / "hsds")).code == 0
    result = cli("--lang", lang, "catalog", "import", "--hsds", str(tmp_path / "hsds"),
                 "--out", str(tmp_path / "back.yaml"))
    assert result.code == 0, result.err
    wrote = {"de": "{n} von {n} Angeboten", "en": "Wrote {n} of {n} services"}[lang]
    assert wrote.format(n=len(catalogue)) in result.err
    validated = cli("catalog", "validate", str(tmp_path / "back.yaml"))
    assert validated.code == 0, validated.err
    back = load_catalogue([tmp_path / "back.yaml"])
    assert set(back.entries) == set(catalogue.entries)
    for entry in catalogue:
        again = back.get(entry.id)
        assert again.origin.endswith("back.yaml")
        assert _comparable(entry_record(again), lang) == _comparable(entry_record(entry), lang), entry.id


def _facts(entry) -> tuple:
    """Everything of an entry but its texts (the export carries one language of them)."""
    e = entry.eligibility
    return (entry.name, entry.provider, entry.funder, entry.kind, entry.level, entry.goals, entry.part_of,
            entry.url, entry.period, entry.as_of, entry.as_of_derived, entry.verified, entry.verified_by, entry.sources,
            e.clients, e.statuses, e.age, e.qualifications, e.gender, e.german_level, e.benefits,
            e.sectors, e.derived,
            entry.area.nationwide, entry.area.states, entry.area.places, entry.area.derived)


def _contact(contact) -> tuple:
    return (contact.organisation, contact.name, contact.role.de if contact.role else None, contact.phone,
            contact.fax, contact.email, contact.address, uri(contact.url) if contact.url else None)


def test_round_trip_keeps_services_contacts_and_areas_exactly(tmp_path, catalogue):
    """The three things the issue names, compared field by field."""
    from lotse.present.hsds.from_hsds import overlay_yaml
    from lotse.store.catalogue import load_catalogue

    result = import_tables(export_tables(catalogue, "de", TODAY), catalogue, "de", "test")
    assert result.skipped == 0
    (tmp_path / "back.yaml").write_text(overlay_yaml(result, "test"), encoding="utf-8")
    back = load_catalogue([tmp_path / "back.yaml"])
    for entry in catalogue:
        again = back.get(entry.id)
        assert _facts(again) == _facts(entry), entry.id
        assert [_contact(c) for c in again.contacts] == [_contact(c) for c in entry.contacts], entry.id


# -- another directory's data ---------------------------------------------------------------------

def _foreign(folder: Path) -> Path:
    """A small directory as another German directory might publish it: no lotse taxonomy."""
    folder.mkdir()
    org = "11111111-1111-4111-8111-111111111111"
    svc = "22222222-2222-4222-8222-222222222222"
    loc = "33333333-3333-4333-8333-333333333333"
    tables = {
        "organizations.json": [{"id": org, "name": "Caritas Halle", "description": "Wohlfahrtsverband",
                                "website": "https://caritas-halle.de"}],
        "services.json": [
            {"id": svc, "organization_id": org, "name": "Migrationsberatung Halle",
             "description": "Beratung für Zugewanderte ab 27 Jahren", "url": "https://caritas-halle.de/mbe",
             "status": "active", "eligibility_description": "Erwachsene Zugewanderte ab 27",
             "minimum_age": 27, "assured_date": "2025-06-30", "fees_description": "kostenlos",
             "email": "mbe@caritas-halle.de"},
            {"id": "44444444-4444-4444-8444-444444444444", "organization_id": org, "name": "Alte Sprechstunde",
             "status": "defunct", "assured_date": "2019-01-01"},
            {"id": "55555555-5555-4555-8555-555555555555", "organization_id": org, "name": "Ohne Datum",
             "status": "active"},
        ],
        "service_areas.json": [{"id": "66666666-6666-4666-8666-666666666666", "service_id": svc,
                                "name": "Halle/Saale"}],
        "service_at_location.json": [{"id": "77777777-7777-4777-8777-777777777777", "service_id": svc,
                                      "location_id": loc}],
        "locations.json": [{"id": loc, "location_type": "physical", "name": "Beratungsstelle Mitte",
                            "latitude": 51.48}],
        "addresses.json": [{"id": "88888888-8888-4888-8888-888888888888", "location_id": loc,
                            "address_1": "Große Ulrichstraße 1", "city": "Halle (Saale)",
                            "state_province": "Sachsen-Anhalt", "postal_code": "06108", "country": "DE",
                            "address_type": "physical"}],
        "phones.json": [{"id": "99999999-9999-4999-8999-999999999999", "location_id": loc,
                         "number": "0345 000 000", "type": "voice"}],
        "schedules.json": [{"id": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "service_id": svc, "freq": "WEEKLY"}],
        "languages.json": [{"id": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "service_id": svc, "name": "Arabisch"}],
    }
    for name, records in tables.items():
        (folder / name).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return folder


def test_import_of_another_directory_maps_what_maps_and_says_what_not(cli, tmp_path):
    folder = _foreign(tmp_path / "halle")
    out = tmp_path / "halle.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out))
    assert result.code == 0, result.err
    assert cli("catalog", "validate", str(out)).code == 0
    for text in ("schedules.json: not read", "fees_description (1)", "latitude (1)", "languages.json: 1 language",
                 "defunct service skipped: Alte Sprechstunde", "without assured_date or last_modified skipped",
                 "client type not stated; assumed person", "kind not stated; assumed regular_service",
                 "no lotse goals", "Wrote 1 of 3 services", "2 skipped"):
        assert text in result.err, text
    assert result.out == ""
    from lotse.store.catalogue import load_catalogue

    entry = load_catalogue([out]).get("migrationsberatung-halle")
    assert entry.area.places == ("halle-saale",) and entry.provider == "Caritas Halle"
    assert entry.eligibility.clients == ("person",) and entry.eligibility.age.min == 27
    assert entry.eligibility.statuses is None  # not stated stays unknown
    assert entry.goals == () and entry.kind == "regular_service" and str(entry.as_of) == "2025-06-30"
    assert entry.source.file.endswith("halle/services.json")
    emails = [c.email for c in entry.contacts if c.email]
    located = next(c for c in entry.contacts if c.address)
    assert emails == [("mbe@caritas-halle.de",)]
    assert located.address.city == "Halle (Saale)" and located.phone == ("0345 000 000",)
    assert located.organisation == "Beratungsstelle Mitte"


@needs_hsds
def test_import_of_the_official_example_reports_and_writes_a_valid_file(cli, tmp_path):
    example = json.loads((HSDS / "examples" / "tabular.json").read_text(encoding="utf-8"))
    folder = tmp_path / "example"
    folder.mkdir()
    for name, records in example.items():
        (folder / name.replace(".csv", ".json")).write_text(json.dumps(records), encoding="utf-8")
    out = tmp_path / "example.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out))
    assert result.code == 0, result.err
    assert "area not found" in result.err and "Wrote 0 of 1 services" in result.err
    assert cli("catalog", "validate", str(out)).code == 0


def test_a_foreign_id_never_replaces_a_bundled_entry(catalogue):
    tables = {"service": [{"id": "1", "name": "JMD", "status": "active", "assured_date": "2025-01-01"}],
              "service_area": [{"id": "2", "service_id": "1", "name": "Deutschland"}]}
    result = import_tables(tables, catalogue, "de", "x")
    assert [e["id"] for e in result.entries] == ["jmd-2"] and result.entries[0]["area"] == "nationwide"


# -- error paths ----------------------------------------------------------------------------------

def test_export_refuses_to_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "hsds"
    assert cli("catalog", "export", "--hsds", str(out)).code == 0
    again = cli("catalog", "export", "--hsds", str(out))
    assert again.code == 4 and "use --force" in again.err
    assert cli("catalog", "export", "--hsds", str(out), "--force").code == 0


def test_export_into_a_file_is_exit_4(cli, tmp_path):
    (tmp_path / "file").write_text("x")
    result = cli("catalog", "export", "--hsds", str(tmp_path / "file"))
    assert result.code == 4 and "is a file" in result.err


@pytest.mark.parametrize("setup, message", [
    (lambda d: None, "is not a folder"),
    (lambda d: d.mkdir(), "has no services.json"),
    (lambda d: (d.mkdir(), (d / "services.json").write_text("{nope")), "cannot be read as JSON"),
    (lambda d: (d.mkdir(), (d / "services.json").write_text('{"a": 1}')), "must hold a JSON array"),
])
def test_import_of_a_broken_directory_is_exit_3(cli, tmp_path, setup, message):
    folder = tmp_path / "in"
    setup(folder)
    result = cli("catalog", "import", "--hsds", str(folder), "--out", str(tmp_path / "x.yaml"))
    assert result.code == 3 and message in result.err and not (tmp_path / "x.yaml").exists()


def test_import_keeps_an_existing_file_without_force(cli, tmp_path):
    folder = _foreign(tmp_path / "halle")
    out = tmp_path / "keep.yaml"
    out.write_text("keep")
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out))
    assert result.code == 4 and out.read_text() == "keep"


def test_a_full_disk_leaves_the_earlier_export_whole(cli, tmp_path):
    """The export is written beside the folder and takes its place only when complete."""
    import shutil
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and tmpfs to make a small file system")
    try:
        target = mount / "hsds"
        assert cli("--lang", "de", "catalog", "export", "--hsds", str(target)).code == 0
        before = {p.name: p.read_bytes() for p in target.iterdir()}
        filler = mount / "filler"
        with open(filler, "wb") as handle:  # leave less room than a second export needs
            free = shutil.disk_usage(mount).free
            handle.write(b"\0" * max(free - 1_000_000, 0))
        result = cli("--lang", "en", "catalog", "export", "--hsds", str(target), "--force")
        assert result.code == 4 and "Cannot write" in result.err and "Traceback" not in result.err
        assert {p.name: p.read_bytes() for p in target.iterdir()} == before  # the old export, whole
        assert sorted(p.name for p in mount.iterdir()) == ["filler", "hsds"]  # nothing left behind
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)
