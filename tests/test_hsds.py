"""Open Referral HSDS 3.0, the export: a Tabular Data Package that frictionless accepts against
HSDS's own `datapackage.json`, nested JSON that validates against HSDS's compiled schemas, what a
consumer reads in it, stable ids, the lossless round trip in both languages, and the error paths.
The import of other directories' data is `test_hsds_import.py`."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import TODAY

from lotse.present.hsds import TABLES, uid
from lotse.present.hsds.directory import LAYOUTS
from lotse.present.hsds.package import DESCRIPTOR, package_files
from lotse.present.hsds.to_hsds import export_tables, international, organisation_key

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
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    # Without jsonschema's format extras `uri` and `date-time` would pass unchecked.
    assert {"uri", "uuid", "email", "date-time"} <= set(checker.checkers), "pip install 'jsonschema[format-nongpl]'"

    def make(name: str, wrap=None):
        schema = json.loads((HSDS / "schema" / "compiled" / name).read_text(encoding="utf-8"))
        return jsonschema.Draft202012Validator(wrap(schema) if wrap else schema, format_checker=checker)

    return make


def errors(validate, instance) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validate.iter_errors(instance)]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- the two serializations against HSDS's own definitions --------------------------------------

def test_the_package_passes_frictionless_in_both_languages(cli, tmp_path):
    """`frictionless validate DIR/datapackage.json`: types, formats (uuid, uri, email, date),
    required fields, enums, unique ids and every foreign key, in all 21 tables."""
    frictionless = pytest.importorskip("frictionless")
    for lang in ("de", "en"):
        folder = tmp_path / lang
        assert cli("--lang", lang, "catalog", "export", "--hsds", str(folder)).code == 0
        report = frictionless.validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["type", "note"])[:10]
        assert report.stats["tasks"] == len(TABLES) == 21
        assert len(read_csv(folder / "services.csv")) > 250


def test_the_descriptor_is_hsds_own(tmp_path, catalogue):
    """lotse writes HSDS 3.0's datapackage.json (shipped beside the package module) with every
    resource unchanged; the file names lotse reads and writes are its paths."""
    shipped = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    if (HSDS / "datapackage.json").is_file():
        assert shipped == json.loads((HSDS / "datapackage.json").read_text(encoding="utf-8"))
    assert [(r["name"], r["path"]) for r in shipped["resources"]] == [(t, f"{s}.csv") for t, s in TABLES.items()]
    files = package_files(export_tables(catalogue, "en", TODAY), "en")
    written = json.loads(files["datapackage.json"])
    assert written["resources"] == shipped["resources"] and written["profile"] == "tabular-data-package"
    assert "license" not in written  # HSDS's licence is the specification's, not the data's
    assert sorted(files) == sorted(["datapackage.json", *(f"{s}.csv" for s in TABLES.values())])


@needs_hsds
def test_the_nested_layout_is_a_page_of_full_compiled_services(cli, tmp_path, validator):
    """`--layout json`: services.json is one Page whose contents validate as compiled
    `service_list.json` (what the API's /services lists) and each as a full `service.json`."""
    openapi = json.loads((HSDS / "schema" / "openapi.json").read_text(encoding="utf-8"))
    page_schema = openapi["components"]["schemas"]["Page"]

    def as_page(service_list):
        return {**page_schema, "properties": {**page_schema["properties"],
                                              "contents": {"type": "array", "items": service_list}}}

    result = cli("catalog", "export", "--hsds", str(tmp_path / "nested"), "--layout", "json")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "nested").iterdir()) == ["services.json"]
    page = json.loads((tmp_path / "nested" / "services.json").read_text(encoding="utf-8"))
    assert errors(validator("service_list.json", as_page), page) == []
    full = validator("service.json")
    assert [e for service in page["contents"] for e in errors(full, service)] == []
    assert page["total_items"] == page["size"] == len(page["contents"]) > 250 and page["last_page"]
    abh = next(s for s in page["contents"] if s["id"] == uid("service", "abh-magdeburg"))
    assert abh["organization"]["name"] and abh["contacts"][0]["phones"][0]["number"].startswith("+49 391")
    location = abh["service_at_locations"][0]["location"]
    assert location["addresses"][0]["city"] == "Magdeburg" and abh["service_areas"][0]["extent_type"] == "text"
    goal = next(a for a in abh["attributes"] if a["taxonomy_term"]["code"] == "goal:residence")
    assert goal["taxonomy_term"]["taxonomy_detail"]["name"] == "lotse" and "value" not in goal
    assert {"schedules", "languages", "funding", "phones"} <= set(abh)


@needs_hsds
def test_the_validator_catches_what_hsds_forbids(tables, validator):
    """The schema check is not vacuous: a bare www address, a bad uuid or status fail it."""
    service = dict(tables["service"][0], url="www.example.de", id="not-a-uuid", status="open")
    messages = " ".join(errors(validator("service.json"), service))
    assert "'www.example.de' is not a 'uri'" in messages and "'not-a-uuid' is not a 'uuid'" in messages
    assert "'open' is not one of" in messages


def test_every_layout_has_a_writer():
    from lotse.cli.catalog import Layout

    assert {layout.value for layout in Layout} == set(LAYOUTS)


# -- what a consumer reads ---------------------------------------------------------------------

def test_references_resolve_and_ids_are_unique(tables):
    ids = {table: {r["id"] for r in records} for table, records in tables.items()}
    everything = [r["id"] for records in tables.values() for r in records]
    assert len(everything) == len(set(everything))
    links = {"organization_id": "organization", "service_id": "service", "location_id": "location",
             "contact_id": "contact", "taxonomy_id": "taxonomy", "taxonomy_term_id": "taxonomy_term",
             "parent_id": "taxonomy_term", "service_at_location_id": "service_at_location"}
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
    assert package_files(export_tables(catalogue, "de", TODAY), "de") == package_files(tables, "de")


def test_organisations_are_one_each_and_do_not_repeat_their_services(tables, catalogue):
    """Spellings of one organisation are one record; only an entry that is an organisation (an
    authority, a foundation) repeats its own name and text as an organization."""
    keys = Counter(organisation_key(o["name"]) for o in tables["organization"])
    assert [k for k, n in keys.items() if n > 1] == []
    agsa = [e for e in catalogue if e.provider and e.provider.startswith("Auslandsgesellschaft Sachsen-Anhalt e.V.")]
    assert {e.provider for e in agsa} == {"Auslandsgesellschaft Sachsen-Anhalt e.V.",
                                          "Auslandsgesellschaft Sachsen-Anhalt e.V. (AGSA)"}
    organisations = {uid("service", e.id): o for e in agsa for s in tables["service"] if s["id"] == uid("service", e.id)
                     for o in tables["organization"] if o["id"] == s["organization_id"]}
    assert len({o["id"] for o in organisations.values()}) == 1
    kinds = {uid("service", e.id): e.kind for e in catalogue}
    by_id = {o["id"]: o for o in tables["organization"]}
    repeats = [s["name"] for s in tables["service"]
               if (by_id[s["organization_id"]]["name"], by_id[s["organization_id"]]["description"])
               == (s["name"], s["description"])]
    assert repeats and all(kinds[s["id"]] in ("organisation", "authority") for s in tables["service"]
                           if s["name"] in repeats)
    assert len(tables["organization"]) < len(tables["service"])


def test_locations_are_places_shared_by_their_contacts(tables):
    places = Counter(c["location_id"] for c in tables["contact"] if "location_id" in c)
    assert max(places.values()) > 1  # one office, several services' contacts
    addresses = [(a["address_1"], a["postal_code"], a["city"]) for a in tables["address"]]
    assert len(addresses) == len(set(addresses))
    complete = {a["location_id"] for a in tables["address"]}
    terms = {t["id"]: t["code"] for t in tables["taxonomy_term"]}
    kept = {a["link_id"]: json.loads(a["value"]) for a in tables["attribute"]
            if terms[a["taxonomy_term_id"]] == "address"}
    for location in tables["location"]:
        if location["location_type"] == "physical":  # its address whole, or what is known of it kept
            assert (location["id"] in complete) != (location["id"] in kept), location
    assert {"city": "Wanzleben"} in kept.values()  # no street, no postcode: not guessed


@pytest.mark.parametrize("printed, international_", [
    ("0391 / 540 - 3670", "+49 391 540-3670"),
    ("0 39 01/8 40-0", "+49 3901 8 40-0"),
    ("(0391) 540-1234", "+49 391 540-1234"),
    ("0800 4 5555 00", "+49 800 4 5555 00"),
    ("03461 / 244 - 0", "+49 3461 244-0"),
    ("03914080510", "+49 3914080510"),
    ("0049 391 12345", "+49 391 12345"),
    ("+49 340 – 87 05 88 32", "+49 340 – 87 05 88 32"),
    ("110", "110"),
    ("0391 12345 (Zentrale)", "0391 12345 (Zentrale)"),
])
def test_german_numbers_are_written_international(printed, international_):
    assert international(printed) == international_


def test_phones_service_areas_and_dates_are_filled(tables, catalogue):
    numbers = [p["number"] for p in tables["phone"]]
    assert numbers and all(n.startswith("+") for n in numbers)
    terms = {t["id"]: t["code"] for t in tables["taxonomy_term"]}
    printed = {a["link_id"]: a["value"] for a in tables["attribute"] if terms[a["taxonomy_term_id"]] == "as_printed"}
    assert "0391 / 540 - 3670" in printed.values()  # as the source prints it, for the way back
    assert all(a["extent"] and a["extent_type"] == "text" for a in tables["service_area"])
    extents = {a["extent"] for a in tables["service_area"]}
    assert {"Magdeburg: kreisfreie Stadt in Sachsen-Anhalt", "Harz: Landkreis in Sachsen-Anhalt",
            "Deutschland: das ganze Bundesgebiet"} <= extents
    assert all(s["assured_date"] and s["last_modified"] == f"{s['assured_date']}T00:00:00Z" for s in tables["service"])
    hours = next(s for s in tables["schedule"])
    assert hours["description"] and "service_id" in hours


def test_goals_client_types_and_eligibility_are_terms_of_a_taxonomy_in_the_package(tables):
    """Attributes link terms a consumer can show and filter by; the taxonomy and every term it
    uses are part of the package, each with a URI. Free text only where it is data."""
    taxonomy = tables["taxonomy"][0]
    assert taxonomy["name"] == "lotse" and taxonomy["uri"] == f"urn:uuid:{taxonomy['id']}"
    terms = {t["id"]: t for t in tables["taxonomy_term"]}
    assert all(t["term_uri"] == f"urn:uuid:{t['id']}" and t["taxonomy_id"] == taxonomy["id"] for t in terms.values())
    codes = Counter(t["code"] for t in terms.values())
    assert max(codes.values()) == 1
    jmd = uid("service", "jmd")
    linked = {terms[a["taxonomy_term_id"]]["code"]: a.get("value") for a in tables["attribute"] if a["link_id"] == jmd}
    assert {"client:person", "goal:orientation", "goal:language", "kind:programme"} <= set(linked)
    assert all(value is None for code, value in linked.items() if code.split(":")[0] in (
        "client", "goal", "kind", "level", "status", "keyword", "offer", "derived", "age"))
    assert terms[next(a["taxonomy_term_id"] for a in tables["attribute"] if a["link_id"] == jmd and terms[
        a["taxonomy_term_id"]]["code"] == "goal:language")]["name"] == "Deutsch lernen"
    valued = Counter(terms[a["taxonomy_term_id"]]["code"] for a in tables["attribute"] if "value" in a)
    assert set(valued) <= {"lotse_id", "source", "note", "as_of", "part_of", "address", "as_printed", "for_contact",
                           "period_start", "period_end", "period_review", "provider", "organisation", "email", "url",
                           "verified", "verified_by"}
    assert sum(valued.values()) < len(tables["attribute"]) / 3


def test_structured_eligibility_survives_as_attributes(tables):
    jmd = next(s for s in tables["service"] if s["id"] == uid("service", "jmd"))
    assert (jmd["minimum_age"], jmd["maximum_age"]) == (12, 27)
    assert "12–27" in jmd["eligibility_description"]
    assert jmd["assured_date"] == "2025-05-07"  # as_of, the date of its newest source
    terms = {t["id"]: t["code"] for t in tables["taxonomy_term"]}
    sources = [json.loads(a["value"]) for a in tables["attribute"]
               if a["link_id"] == jmd["id"] and terms[a["taxonomy_term_id"]] == "source"]
    assert sources[0]["file"].startswith("002_") and sources[1]["url"].startswith("https://")
    jobbruecke = uid("service", "jobbruecke-plus")
    statuses = {terms[a["taxonomy_term_id"]] for a in tables["attribute"]
                if a["link_id"] == jobbruecke and terms[a["taxonomy_term_id"]].startswith("status:")}
    assert {"status:asylum_seeker", "status:tolerated", "status:protection"} <= statuses


def test_ended_programmes_are_defunct_and_contacts_are_linked(tables):
    ended = next(s for s in tables["service"] if s["id"] == uid("service", "jobbruecke-plus"))
    assert ended["status"] == "defunct"
    abh = uid("service", "abh-magdeburg")
    contact = next(c for c in tables["contact"] if c["service_id"] == abh)
    address = next(a for a in tables["address"] if a["location_id"] == contact["location_id"])
    assert (address["address_1"], address["city"], address["postal_code"], address["state_province"],
            address["country"]) == ("Lübecker Str. 53-63", "Magdeburg", "39124", "Sachsen-Anhalt", "DE")
    assert any(s["service_id"] == abh and s["location_id"] == contact["location_id"]
               for s in tables["service_at_location"])
    assert any(p["contact_id"] == contact["id"] for p in tables["phone"])
    assert tables["language"] == []  # the catalogue records no languages; none are invented
    assert {m["language"] for m in tables["meta_table_description"]} == {"de"}


def test_export_does_not_need_jsonschema_or_frictionless(tmp_path):
    code = ("import sys, datetime; from lotse.store.catalogue import load_catalogue; "
            "from lotse.present.hsds.directory import LAYOUTS; "
            "from lotse.present.hsds.to_hsds import export_tables; "
            "t = export_tables(load_catalogue(), 'de', datetime.date.today()); "
            "[w(t, 'de') for w in LAYOUTS.values()]; "
            "assert 'jsonschema' not in sys.modules and 'frictionless' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


# -- the round trip ------------------------------------------------------------------------------

def _record(entry) -> dict:
    from lotse.present.records import entry_record

    return {k: v for k, v in entry_record(entry).items() if k not in ("origin", "replaces")}


@pytest.mark.parametrize("layout", ["csv", "json"])
def test_the_round_trip_is_lossless_in_both_languages(cli, tmp_path, catalogue, layout):
    """Export de and en, import the German one with the English as its translation: every entry
    equals the original in both languages, and exporting again writes the same files."""
    from lotse.store.catalogue import load_catalogue

    for lang in ("de", "en"):
        assert cli("--lang", lang, "catalog", "export", "--hsds", str(tmp_path / lang), "--layout", layout).code == 0
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(tmp_path / "de"),
                 "--translation", str(tmp_path / "en"), "--out", str(tmp_path / "back.yaml"))
    assert result.code == 0, result.err
    assert f"Wrote {len(catalogue)} of {len(catalogue)} services" in result.err and "copies" not in result.err
    validated = cli("--lang", "en", "catalog", "validate", str(tmp_path / "back.yaml"))
    assert validated.code == 0 and "replaces the one in" in validated.err
    back = load_catalogue([tmp_path / "back.yaml"])
    assert set(back.entries) == set(catalogue.entries)
    different = [e.id for e in catalogue if _record(back.get(e.id)) != _record(e)]
    assert different == []
    assert all(back.get(e.id).origin.endswith("back.yaml") for e in catalogue)
    for lang in ("de", "en"):
        again = tmp_path / f"again-{lang}"
        assert cli("--lang", lang, "--catalog", str(tmp_path / "back.yaml"), "catalog", "export",
                   "--hsds", str(again), "--layout", layout).code == 0
        assert {p.name: p.read_bytes() for p in again.iterdir()} == {
            p.name: p.read_bytes() for p in (tmp_path / lang).iterdir()}


def test_without_a_translation_the_other_language_is_a_copy_and_said_so(cli, tmp_path, catalogue):
    from lotse.store.catalogue import load_catalogue

    assert cli("--lang", "en", "catalog", "export", "--hsds", str(tmp_path / "en")).code == 0
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(tmp_path / "en"), "--out", str(tmp_path / "back.yaml"))
    assert result.code == 0, result.err
    assert "German texts are copies of the English ones (--translation DIR" in result.err
    back = load_catalogue([tmp_path / "back.yaml"]).get("jmd")
    assert back.summary.de == back.summary.en == catalogue.get("jmd").summary.en  # English stays English
    assert back.keywords.en == catalogue.get("jmd").keywords.en and back.keywords.de == ()


# -- error paths ----------------------------------------------------------------------------------

def test_export_refuses_to_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "hsds"
    assert cli("catalog", "export", "--hsds", str(out)).code == 0
    again = cli("--lang", "en", "catalog", "export", "--hsds", str(out), "--layout", "json")
    assert again.code == 4 and "use --force" in again.err
    (out / "README.txt").write_text("ours")
    assert cli("catalog", "export", "--hsds", str(out), "--layout", "json", "--force").code == 0
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "services.json"]  # no stale CSV beside it


def test_export_into_a_file_is_exit_4(cli, tmp_path):
    (tmp_path / "file").write_text("x")
    result = cli("--lang", "en", "catalog", "export", "--hsds", str(tmp_path / "file"))
    assert result.code == 4 and "is a file" in result.err


def test_a_full_disk_leaves_the_earlier_export_whole(cli, tmp_path):
    """The export is written beside the folder and takes its place only when complete."""
    import shutil

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
