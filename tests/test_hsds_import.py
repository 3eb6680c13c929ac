"""Open Referral HSDS 3.0, the import of other directories' data: Open Referral's own examples (CSV
and nested), the UK profile's file names, everything HSDS links to a service, statuses, ids across
imports and overlays, taxonomy terms and the goal map, the data's language, and every error path.
The export and the round trip of lotse's own data are `test_hsds.py`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from lotse.store.catalogue import load_catalogue

OUTSIDE = Path(__file__).parent / "hsds-outside"
OPEN_REFERRAL_CSV = OUTSIDE / "openreferral-3.1-csv"  # CC BY-SA 4.0, see hsds-outside/README.md
HSDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "hsds-3.0"
needs_examples = pytest.mark.skipif(not (HSDS / "examples").is_dir(),
                                    reason=f"the HSDS 3.0 examples are not beside the repository ({HSDS})")


def write_tables(folder: Path, tables: dict[str, list[dict]]) -> Path:
    """HSDS tables as CSV files, as a directory publishes them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in tables.items():
        fields = list(dict.fromkeys(key for record in records for key in record))
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(records)
    return folder


def ident(n: int) -> str:
    return f"{n:08d}-0000-4000-8000-{n:012d}"


ORG, S1, S2, S3, S4, L1, SAL1 = (ident(n) for n in range(1, 8))
OE = ident(90)  # the Open Eligibility taxonomy


def caritas(folder: Path, **changes: list[dict]) -> Path:
    """A German directory's CSV export without lotse's taxonomy: one counselling service whose
    contacts, phones and hours hang on its location, its service at location and its
    organization; a closed language café; a defunct service; a service twice; one undated."""
    tables: dict[str, list[dict]] = {
        "organizations.csv": [{"id": ORG, "name": "Caritas Halle", "description": "Wohlfahrtsverband",
                               "website": "https://caritas-halle.example"}],
        "services.csv": [
            {"id": S1, "organization_id": ORG, "name": "Migrationsberatung Halle", "status": "active",
             "description": "Beratung für Zugewanderte ab 27 Jahren", "url": "https://caritas-halle.example/mbe",
             "eligibility_description": "Erwachsene Zugewanderte ab 27", "minimum_age": "27",
             "assured_date": "2025-06-30", "fees_description": "kostenlos"},
            {"id": S2, "organization_id": ORG, "name": "Sprachcafé", "status": "temporarily closed",
             "description": "Deutsch üben im Gespräch", "assured_date": "2025-05-01"},
            {"id": S3, "organization_id": ORG, "name": "Alte Sprechstunde", "status": "defunct",
             "assured_date": "2019-01-01"},
            {"id": S1, "organization_id": ORG, "name": "Migrationsberatung Halle (alt)", "status": "active",
             "assured_date": "2020-01-01"},
            {"id": S4, "organization_id": ORG, "name": "Ohne Datum", "status": "active"},
        ],
        "service_areas.csv": [{"id": ident(20 + n), "service_id": s, "name": "Halle/Saale"}
                              for n, s in enumerate((S1, S2, S3, S4))],
        "service_at_location.csv": [{"id": SAL1, "service_id": S1, "location_id": L1}],
        "locations.csv": [{"id": L1, "location_type": "physical", "name": "Beratungsstelle Mitte",
                           "latitude": "51.48"}],
        "addresses.csv": [{"id": ident(30), "location_id": L1, "address_1": "Große Ulrichstraße 1",
                           "city": "Halle (Saale)", "state_province": "Sachsen-Anhalt", "postal_code": "06108",
                           "country": "DE", "address_type": "physical"}],
        "contacts.csv": [
            {"id": ident(40), "location_id": L1, "name": "Frau Beispiel", "title": "Beraterin"},
            {"id": ident(41), "organization_id": ORG, "name": "Zentrale", "email": "zentrale@caritas-halle.example"},
        ],
        "phones.csv": [
            {"id": ident(50), "contact_id": ident(40), "number": "0345 000 001", "type": "voice"},
            {"id": ident(51), "service_at_location_id": SAL1, "number": "0345 000 002", "type": "voice"},
            {"id": ident(52), "organization_id": ORG, "number": "0345 000 003", "type": "voice"},
        ],
        "schedules.csv": [{"id": ident(60), "service_at_location_id": SAL1, "byday": "MO,TH",
                           "opens_at": "09:00", "closes_at": "12:00", "freq": "WEEKLY"}],
        "languages.csv": [{"id": ident(70), "service_id": S1, "name": "Arabisch", "code": "ar"}],
        "taxonomies.csv": [{"id": OE, "name": "Open Eligibility", "description": "Human services"}],
        "taxonomy_terms.csv": [
            {"id": ident(80), "name": "Help Find Work", "description": "…", "taxonomy_id": OE},
            {"id": ident(81), "name": "Counseling", "description": "…", "taxonomy_id": OE},
            {"id": ident(82), "name": "English as a Second Language (ESL)", "description": "…", "taxonomy_id": OE},
        ],
        "attributes.csv": [
            {"id": ident(85), "link_id": S1, "link_entity": "service", "taxonomy_term_id": ident(80)},
            {"id": ident(86), "link_id": S1, "link_entity": "service", "taxonomy_term_id": ident(81)},
            {"id": ident(87), "link_id": S2, "link_entity": "service", "taxonomy_term_id": ident(82)},
        ],
    }
    tables.update(changes)
    return write_tables(folder, tables)


def person(goal: str) -> tuple[str, ...]:
    return ("--client", "person", "--status", "protection", "--age", "30", "--qualification", "none",
            "--region", "Halle", "--goal", goal, "--format", "json", "--limit", "50")


# -- Open Referral's own examples ---------------------------------------------------------------

def test_the_open_referral_csv_examples_import_validate_and_are_found(cli, tmp_path):
    """The 3.1 CSV examples (its datapackage.json is a link's text, not JSON): the service with its
    contact, phone, address and schedule. Its area, MyCity, is nowhere lotse knows: --area."""
    out = tmp_path / "or.yaml"
    refused = cli("--lang", "en", "catalog", "import", "--hsds", str(OPEN_REFERRAL_CSV), "--out", str(out))
    assert refused.code == 1 and "--area PLACE gives one" in refused.err and not out.exists()
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(OPEN_REFERRAL_CSV), "--out", str(out),
                 "--area", "Magdeburg", "--data-lang", "en")
    assert result.code == 0, result.err
    assert "Wrote 1 of 1 services" in result.err and "Traceback" not in result.err
    for note in ("datapackage.json: not read (not JSON)", "service_capacity.csv: not read",
                 "programs.csv: 1 record not mapped", "fields not mapped: program_id (1)",
                 "no goal: not recommended until goals are set: Community Counselling",
                 "German texts are copies of the English ones"):
        assert note in result.err, note
    assert cli("catalog", "validate", str(out)).code == 0
    found = cli("--catalog", str(out), "search", "counselling", "--format", "ids")
    assert found.code == 0 and found.out.splitlines()[0] == "community-counselling"
    entry = load_catalogue([out]).get("community-counselling")
    contact = entry.contacts[0]
    assert (contact.name, contact.role.en, contact.phone, contact.email) == (
        "Ann Persona", "Reception Manager, Reception", ("+44 1234 234567",), ("email@example.com",))
    assert contact.address.city == "MyCity" and contact.address.street == "1-30 Main Street, MyVillage"
    assert contact.hours.en.startswith("The service is available from 10 am to 6pm weekdays.")
    assert entry.provider == "Example Organization Inc." and entry.eligibility.age.min == 12
    assert entry.hsds_id == "ac148810-d857-441c-9679-408f346de14b" and entry.area.places == ("magdeburg",)
    assert entry.area.derived and "--area" in entry.area.note.en
    assert entry.goals == () and entry.keywords.en == ("Urdu",)  # the language it is offered in: findable
    assert str(entry.as_of) == "2023-03-15"  # last_modified, later than assured_date


@needs_examples
def test_nested_documents_keep_their_phones_locations_and_organization(cli, tmp_path):
    """HSDS 3.0's compiled example of a full service, as a file and as a folder's services.json;
    and its Page of services, which list only the service and its organization."""
    folder = tmp_path / "nested"
    folder.mkdir()
    (folder / "services.json").write_bytes((HSDS / "examples" / "service_full.json").read_bytes())
    for source in (HSDS / "examples" / "service_full.json", folder, HSDS / "examples" / "service_list.json"):
        out = tmp_path / f"{source.name}.yaml"
        result = cli("--lang", "en", "catalog", "import", "--hsds", str(source), "--out", str(out), "--area", "Magdeburg")
        assert result.code == 0, result.err
        entry = load_catalogue([out]).get("community-counselling")
        assert entry.provider == "Example Organization Inc." and entry.eligibility.age.max == 100
        if source.name == "service_list.json":
            continue
        ann = next(c for c in entry.contacts if c.name == "Ann Persona")
        assert ann.phone == ("+44 1234 234567",) and ann.address.street == "1-30 Main Street, MyVillage"
        assert ann.hours is not None and entry.funder.startswith("This service is funded partially")


def test_the_uk_profiles_file_names_are_read_from_its_datapackage(cli, tmp_path):
    """The UK profile names some tables in the singular (attribute.csv, address.csv); a
    datapackage.json that names a file outside the folder is not followed."""
    folder = caritas(tmp_path / "uk")
    (folder / "addresses.csv").rename(folder / "address.csv")
    (folder / "datapackage.json").write_text(json.dumps({"profile": "tabular-data-package", "resources": [
        {"name": "address", "path": "address.csv"}, {"name": "phone", "path": "../../etc/phones.csv"}]}))
    out = tmp_path / "uk.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out))
    assert result.code == 0, result.err
    assert "the file of table 'phone' ('../../etc/phones.csv') is not in the folder" in result.err
    contact = load_catalogue([out]).get("migrationsberatung-halle").contacts[0]
    assert contact.address.street == "Große Ulrichstraße 1" and contact.phone == ("0345 000 001", "0345 000 002")


# -- what another directory's data becomes --------------------------------------------------------

def test_everything_hsds_links_to_a_service_is_followed(cli, tmp_path):
    out = tmp_path / "halle.yaml"
    result = cli("--lang", "en", "catalog", "import", "--data-lang", "de", "--hsds", str(caritas(tmp_path / "halle")), "--out", str(out))
    assert result.code == 0, result.err
    entry = load_catalogue([out]).get("migrationsberatung-halle")
    at_place, organisation = entry.contacts
    # a contact linked only by its location, with the phone of the service at that location and its hours
    assert (at_place.name, at_place.role.de, at_place.address.city) == ("Frau Beispiel", "Beraterin", "Halle (Saale)")
    assert at_place.phone == ("0345 000 001", "0345 000 002")
    assert (at_place.hours.de, at_place.hours.en) == ("Mo, Do 09:00–12:00", "Mon, Thu 09:00–12:00")
    # a contact linked only by the organization, with the organization's own phone
    assert (organisation.organisation, organisation.name) == ("Caritas Halle", "Zentrale")
    assert organisation.phone == ("0345 000 003",) and organisation.email == ("zentrale@caritas-halle.example",)
    assert entry.provider == "Caritas Halle" and entry.area.places == ("halle-saale",)
    assert entry.eligibility.clients == ("person",) and entry.eligibility.age.min == 27
    assert entry.eligibility.statuses is None  # not stated stays unknown
    assert entry.kind == "regular_service" and str(entry.as_of) == "2025-06-30"
    assert entry.goals == ("job",)  # "Help Find Work" of Open Eligibility, in data/hsds-goals.yaml
    assert entry.keywords.de == ("Counseling", "Arabisch")  # unmapped term and language: findable
    assert entry.hsds_id == S1 and entry.source.file.endswith("halle/services.csv")
    for text in ("latitude (1)", "fees_description (1)", "client type not stated; assumed person",
                 "kind not stated; assumed regular_service", "Wrote 3 of 5 services", "2 left out",
                 "a service whose id another service has: left out (duplicate HSDS id): " + S1,
                 "service without assured_date or last_modified left out"):
        assert text in result.err, text
    assert result.out == ""
    found = cli("--catalog", str(out), "search", "arabisch", "--format", "ids")
    assert found.code == 0 and "migrationsberatung-halle" in found.out.split()


def test_closed_services_come_in_findable_but_never_recommended(cli, tmp_path):
    out = tmp_path / "halle.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(caritas(tmp_path / "halle")), "--out", str(out))
    assert result.code == 0, result.err
    assert "temporarily closed service imported without goals, never recommended" in result.err
    catalogue = load_catalogue([out])
    cafe = catalogue.get("sprachcafe")
    assert cafe.goals == () and "temporarily closed" in cafe.source.note
    assert catalogue.get("alte-sprechstunde").goals == ()
    assert "sprachcafe" in cli("--catalog", str(out), "search", "sprachcafe", "--format", "ids").out
    language = json.loads(cli("--catalog", str(out), "ask", *person("language")).out)
    assert "sprachcafe" not in [r["id"] for r in language["results"]]
    job = json.loads(cli("--catalog", str(out), "ask", *person("job")).out)
    assert "migrationsberatung-halle" in [r["id"] for r in job["results"]]


def test_a_goal_map_of_ones_own_maps_other_terms(cli, tmp_path):
    mapping = tmp_path / "goals.yaml"
    mapping.write_text("taxonomies:\n  - name: OE\n    match: [open eligibility]\n"
                       "    terms: {Counseling: [orientation]}\n", encoding="utf-8")
    out = tmp_path / "halle.yaml"
    result = cli("--lang", "en", "catalog", "import", "--data-lang", "de", "--hsds", str(caritas(tmp_path / "halle")), "--out", str(out),
                 "--goal-map", str(mapping))
    assert result.code == 0, result.err
    entry = load_catalogue([out]).get("migrationsberatung-halle")
    assert entry.goals == ("orientation",) and entry.keywords.de == ("Help Find Work", "Arabisch")
    mapping.write_text("taxonomies:\n  - name: OE\n    match: [oe]\n    terms: {Counseling: [therapy]}\n")
    broken = cli("--lang", "en", "catalog", "import", "--hsds", str(tmp_path / "halle"), "--out", str(tmp_path / "x.yaml"),
                 "--goal-map", str(mapping))
    assert broken.code == 3 and "goals.yaml" in broken.err and "unknown goal 'therapy'" in broken.err


def test_ids_stay_unique_across_imports_and_overlays(cli, tmp_path):
    """A second import of the same directory updates its entries (found by HSDS id); another
    directory's service of the same name gets an id of its own, prefixed with its organisation;
    where two overlays still give one id to two services, `catalog validate` says so."""
    first = tmp_path / "first.yaml"
    assert cli("--lang", "en", "catalog", "import", "--hsds", str(caritas(tmp_path / "halle")), "--out", str(first)).code == 0
    again = cli("--catalog", str(first), "catalog", "import", "--hsds", str(tmp_path / "halle"),
                "--out", str(tmp_path / "again.yaml"))
    assert again.code == 0 and "prefixed" not in again.err
    assert set(load_catalogue([tmp_path / "again.yaml"]).entries) - set(load_catalogue().entries) == {
        "migrationsberatung-halle", "sprachcafe", "alte-sprechstunde"}
    other = write_tables(tmp_path / "awo", {
        "organizations.csv": [{"id": ident(101), "name": "AWO Halle", "description": "Wohlfahrtsverband"}],
        "services.csv": [{"id": ident(102), "organization_id": ident(101), "name": "Migrationsberatung Halle",
                          "status": "active", "assured_date": "2025-01-01"}],
        "service_areas.csv": [{"id": ident(103), "service_id": ident(102), "name": "Halle (Saale)"}]})
    second = tmp_path / "second.yaml"
    result = cli("--lang", "en", "--catalog", str(first), "catalog", "import", "--hsds", str(other), "--out", str(second))
    assert result.code == 0
    assert "prefixed with the organisation's name: awo-halle-migrationsberatung-halle" in result.err
    blind = tmp_path / "blind.yaml"  # imported without the first overlay in view
    assert cli("--lang", "en", "catalog", "import", "--hsds", str(other), "--out", str(blind)).code == 0
    validated = cli("--lang", "en", "catalog", "validate", str(first), str(blind))
    assert validated.code == 0
    assert f"{blind}: entry migrationsberatung-halle replaces the one in {first}" in validated.err


def test_the_data_says_its_language_or_data_lang_does(cli, tmp_path, catalogue):
    """lotse's English export imported with a German UI stays English; --data-lang overrides; a
    translation in the data's own language is refused."""
    assert cli("--lang", "en", "catalog", "export", "--hsds", str(tmp_path / "en")).code == 0
    result = cli("--lang", "de", "catalog", "import", "--hsds", str(tmp_path / "en"), "--out", str(tmp_path / "a.yaml"))
    assert result.code == 0 and "does not say its language" not in result.err
    assert load_catalogue([tmp_path / "a.yaml"]).get("jmd").summary.en == catalogue.get("jmd").summary.en
    told = cli("--lang", "en", "catalog", "import", "--hsds", str(tmp_path / "en"), "--out", str(tmp_path / "b.yaml"),
               "--data-lang", "de")
    assert told.code == 0 and load_catalogue([tmp_path / "b.yaml"]).get("jmd").summary.de == catalogue.get(
        "jmd").summary.en
    same = cli("--lang", "en", "catalog", "import", "--hsds", str(tmp_path / "en"), "--translation", str(tmp_path / "en"),
               "--out", str(tmp_path / "c.yaml"))
    assert same.code == 2 and "--translation takes the same directory in the other language" in same.err


def test_the_json_tables_of_earlier_versions_still_import(cli, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "services.json").write_text(json.dumps([{"id": S1, "name": "Beratung", "status": "active",
                                                       "assured_date": "2025-01-01"}]))
    (folder / "service_areas.json").write_text(json.dumps([{"id": ident(9), "service_id": S1,
                                                            "name": "Deutschland"}]))
    out = tmp_path / "old.yaml"
    assert cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out)).code == 0
    assert load_catalogue([out]).get("beratung").area.nationwide


# -- error paths ----------------------------------------------------------------------------------

def test_nothing_imported_is_exit_1_and_writes_nothing(cli, tmp_path):
    folder = write_tables(tmp_path / "undated", {"services.csv": [
        {"id": S1, "name": "Beratung", "status": "active"}, {"id": S2, "name": "Kurs", "status": "active"}]})
    out = tmp_path / "none.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out), "--area", "Halle")
    assert result.code == 1 and "Nothing imported: none of the 2 services" in result.err and not out.exists()


def _deep(depth: int) -> dict:
    document: dict = {"id": "s", "name": "x", "status": "active"}
    for _ in range(depth):
        document = {"id": "s", "name": "x", "status": "active", "organization": {"id": "o", "services": [document]}}
    return document


@pytest.mark.parametrize("make, message", [
    (lambda d: None, "does not exist"),
    (lambda d: d.mkdir(), "has no services.csv or services.json"),
    (lambda d: (d.mkdir(), (d / "services.json").write_text("{nope")), "cannot be read as JSON"),
    (lambda d: (d.mkdir(), (d / "services.json").write_text('"a service"')), "must hold a JSON array"),
    (lambda d: (d.mkdir(), (d / "services.json").write_text(json.dumps(_deep(40)))), "nested too deeply"),
    (lambda d: (d.mkdir(), (d / "services.json").write_text(json.dumps({"contents": [{"id": "s", "phones": [
        {"id": "p", "number": "1"}, "0391"]}]}))), "contents[0].phones[1]: must be an object, not str '0391'"),
    (lambda d: write_tables(d, {"services.csv": [{"id": "1", "name": "x" * 11_000_000}]}),
     "services.csv: record 1: cannot be read as CSV: 'field larger than field limit"),
    (lambda d: (d.mkdir(), (d / "services.csv").write_text('id,name,status\n1,Bera"tung,active\n2,"Kurs"x,active\n')),
     "services.csv: record 2: cannot be read as CSV"),
    (lambda d: write_tables(d, {"services.csv": [{"id": "1", "name": "x"}], "phones.csv": [{"id": "p"}]}).joinpath(
        "phones.csv").write_bytes(b"id,number\np,\xff\xfe"), "phones.csv: is not UTF-8 text"),
])
def test_broken_input_is_exit_3_naming_file_and_record(cli, tmp_path, make, message):
    folder = tmp_path / "in"
    make(folder)
    out = tmp_path / "x.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out))
    assert result.code == 3, result.err
    assert message in result.err and "Traceback" not in result.err and not out.exists()
    assert "Nothing was imported" in result.err


def test_escape_codes_in_the_data_never_reach_the_terminal(cli, tmp_path):
    """A name and a column with terminal escape codes: the entry is left out (catalogue text may
    hold none) and every note shows them escaped. Semicolons, as German spreadsheets write CSV,
    separate the cells as well as commas."""
    folder = tmp_path / "escape"
    folder.mkdir()
    (folder / "services.csv").write_text("id;name;status;assured_date;\x1b]0;owned\x07\n"
                                         "1;Beratung \x1b[31mrot;active;2025-01-01;x\n", encoding="utf-8")
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(tmp_path / "x.yaml"), "--area", "Halle")
    assert result.code == 1 and "\x1b" not in result.err + result.out and "\x07" not in result.err
    assert "Beratung \\x1b[31mrot" in result.err and "contains control characters" in result.err


def test_a_place_lotse_does_not_know_for_area_is_a_usage_error(cli, tmp_path):
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(OPEN_REFERRAL_CSV), "--out", str(tmp_path / "x.yaml"),
                 "--area", "MyCity")
    assert result.code == 2 and "--area" in result.err and not (tmp_path / "x.yaml").exists()


def test_the_readme_documents_every_option():
    from conftest import REPO

    from lotse.cli.app import build

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    catalog = build("en").get_command(None, "catalog")
    for command in ("export", "import"):
        for param in catalog.commands[command].params:  # type: ignore[union-attr]
            for option in param.opts:
                if option.startswith("--") and option not in ("--help", "--lang", "--catalog"):
                    assert option in readme, (command, option)


def test_import_keeps_an_existing_file_without_force(cli, tmp_path):
    out = tmp_path / "keep.yaml"
    out.write_text("keep")
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(caritas(tmp_path / "halle")), "--out", str(out))
    assert result.code == 4 and out.read_text() == "keep"
