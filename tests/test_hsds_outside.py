"""HSDS written outside lotse, imported as a user would: Open Referral's examples of 1.1, 3.0 and
3.1 (CSV, nested JSON, one JSON object of tables), and what hsds-transformer wrote. Each through
the CLI: the exit code, the services written, a named service's phone, address and hours, `catalog
validate`, and `search` finding it. The data sets, their sources and licences:
`hsds-outside/README.md`; the figures: README.md, "Open Referral HSDS"."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from lotse.model.entry import Entry
from lotse.store.catalogue import load_catalogue

OUTSIDE = Path(__file__).parent / "hsds-outside"
HSDS_EXAMPLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "hsds-3.0" / "examples"


def _crlf_bom(source: Path, folder: Path) -> Path:
    """The same files as a Windows spreadsheet saves them: a byte order mark and CRLF line ends."""
    folder.mkdir()
    for file in source.iterdir():
        text = file.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        (folder / file.name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return folder


def _1_1(entry: Entry) -> None:
    at_place = next(c for c in entry.contacts if c.address is not None)
    assert (at_place.address.street, at_place.address.city) == ("Address 1, Address 2", "New York City")
    assert at_place.hours.en == "Mon 09:00–17:00; Tue 09:00–17:00; Wed 09:00–17:00"  # weekday 1–3
    assert any(c.name == "Contact 1" and c.email == ("contact1@example.com",) for c in entry.contacts)
    assert str(entry.as_of) == "2019-01-21" and entry.as_of_derived and "--as-of" in entry.source.note


def _transformer(entry: Entry) -> None:
    # its phone hangs on an organization the package does not list
    assert entry.contacts[0].phone == ("(312) 938-2106",) and entry.hsds_id == "108216"


def _3_1(entry: Entry) -> None:
    contact = entry.contacts[0]
    assert contact.phone == ("+44 1234 234567",) and contact.address.street == "1-30 Main Street, MyVillage"
    assert contact.hours.en.startswith("The service is available from 10 am to 6pm weekdays.")


def _organization(entry: Entry) -> None:
    ann = next(c for c in entry.contacts if c.name == "Ann Persona")
    assert ann.phone == ("+44 1234 234567",) and ann.address.city == "MyCity" and ann.hours is not None
    assert entry.provider == "Example Organization Inc." and str(entry.as_of) == "2023-03-15"


def _provider(entry: Entry) -> None:
    assert entry.provider == "Example Organization Inc." and entry.eligibility.age.min == 12


@dataclass(frozen=True)
class Case:
    name: str
    path: Callable[[Path], Path]
    options: tuple[str, ...]
    wrote: str
    entry: str
    word: str
    check: Callable[[Entry], None]
    notes: tuple[str, ...] = ()
    needs_examples: bool = False


CASES = [
    Case("openreferral-3.1-csv", lambda _: OUTSIDE / "openreferral-3.1-csv", ("--data-lang", "en"),
         "Wrote 1 of 1 services", "community-counselling", "counselling", _3_1),
    Case("openreferral-1.1-csv", lambda _: OUTSIDE / "openreferral-1.1-csv", ("--as-of", "2019-01-21"),
         "Wrote 13 of 13 services", "never-homeless-helpline", "homeless", _1_1,
         ("services_at_location.csv: read as service_at_location (its name in HSDS 1.x/2.0)",
          "regular_schedules.csv: read as schedules", "physical_addresses.csv: read as addresses",
          "as-of date taken from --as-of (13×)", "inactive service imported without goals")),
    Case("openreferral-1.1-csv, BOM and CRLF", lambda tmp: _crlf_bom(OUTSIDE / "openreferral-1.1-csv", tmp / "win"),
         ("--as-of", "2019-01-21"), "Wrote 13 of 13 services", "never-homeless-helpline", "homeless", _1_1),
    Case("hsds-transformer-output", lambda _: OUTSIDE / "hsds-transformer-output", ("--as-of", "2019-06-01"),
         "Wrote 10 of 10 services", "il-aflan", "aflan", _transformer,
         ("'resources/organizations.csv') is not in the folder", "programs.csv: 2 records not mapped",
          "services.csv: no status given; imported as active")),
    Case("HSDS 3.0 organization_full.json", lambda _: HSDS_EXAMPLES / "organization_full.json", (),
         "Wrote 1 of 1 services", "community-counselling", "counselling", _organization, needs_examples=True),
    Case("HSDS 3.0 service_at_location_list.json", lambda _: HSDS_EXAMPLES / "service_at_location_list.json", (),
         "Wrote 1 of 1 services", "community-counselling", "counselling", _provider, needs_examples=True),
    Case("HSDS 3.0 tabular.json", lambda _: HSDS_EXAMPLES / "tabular.json", (),
         "Wrote 1 of 1 services", "community-counselling", "counselling", _3_1,
         ("tabular.json (programs.csv): 1 record not mapped",), needs_examples=True),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_outside_data_imports_validates_and_is_found(cli, tmp_path, case):
    if case.needs_examples and not HSDS_EXAMPLES.is_dir():
        pytest.skip(f"the HSDS 3.0 examples are not beside the repository ({HSDS_EXAMPLES})")
    source = case.path(tmp_path)
    out = tmp_path / "out.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(source), "--out", str(out),
                 "--area", "Magdeburg", *case.options)
    assert result.code == 0, result.err
    assert case.wrote in result.err and "Traceback" not in result.err
    for note in case.notes:
        assert note in result.err, note
    assert cli("catalog", "validate", str(out)).code == 0
    found = cli("--catalog", str(out), "search", case.word, "--format", "json")
    assert found.code == 0 and case.entry in [r["id"] for r in json.loads(found.out)["results"]]
    case.check(load_catalogue([out]).get(case.entry))


def test_undated_outside_data_says_how_to_date_it(cli, tmp_path):
    """HSDS 1.1 has no assured_date: without --as-of nothing is imported, and the notes say why."""
    out = tmp_path / "x.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(OUTSIDE / "openreferral-1.1-csv"), "--out",
                 str(out), "--area", "Magdeburg")
    assert result.code == 1 and "--as-of DATE gives one" in result.err and not out.exists()
    wrong = cli("--lang", "en", "catalog", "import", "--hsds", str(OUTSIDE / "openreferral-1.1-csv"), "--out",
                str(out), "--area", "Magdeburg", "--as-of", "2019-13-01")
    assert wrong.code == 2 and "--as-of: '2019-13-01'" in wrong.err and not out.exists()
    ahead = cli("--lang", "en", "catalog", "import", "--hsds", str(OUTSIDE / "openreferral-1.1-csv"), "--out",
                str(out), "--area", "Magdeburg", "--as-of", "9019-01-21")  # a typo for 2019
    assert ahead.code == 2 and "9019-01-21 is in the future" in ahead.err and not out.exists()


def test_a_date_after_today_in_the_data_does_not_date_it(cli, tmp_path):
    """A last_modified in the year 9024 would make the service look current for ever."""
    folder = tmp_path / "hsds"
    shutil.copytree(OUTSIDE / "openreferral-3.1-csv", folder)
    services = folder / "services.csv"
    text = services.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[0]["last_modified"], rows[0]["assured_date"] = "9024-01-01T00:00:00Z", ""
    with services.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "x.yaml"
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out), "--area",
                 "Magdeburg", "--data-lang", "en")
    assert result.code == 1 and "date 9024-01-01 is in the future" in result.err and not out.exists()


def test_a_page_of_several_says_the_other_pages_are_not_read(cli, tmp_path):
    """An API answer is one page: what the file does not hold is said, not silently missing."""
    page = {"total_items": 3, "total_pages": 3, "page_number": 1, "size": 1, "first_page": True,
            "last_page": False, "empty": False,
            "contents": [{"id": "s1", "name": "Beratung", "status": "active", "assured_date": "2025-01-01"}]}
    (tmp_path / "page.json").write_text(json.dumps(page), encoding="utf-8")
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(tmp_path / "page.json"), "--out",
                 str(tmp_path / "x.yaml"), "--area", "Magdeburg")
    assert result.code == 0 and "page 1 of 3 of an API Page; only its 1 records read" in result.err


@pytest.mark.parametrize("document, kind", [
    ({"id": "o", "name": "Org", "website": "https://o.example", "legal_status": "charity", "locations": []},
     "organization"),
    ({"id": "l", "name": "Hall", "location_type": "physical", "latitude": 1, "addresses": []}, "location"),
    ({"id": "t", "name": "Counselling", "code": "c", "taxonomy_id": "x", "term_uri": "urn:x"}, "taxonomy_term"),
])
def test_documents_that_are_not_services_are_not_taken_for_one(cli, tmp_path, document, kind):
    (tmp_path / "doc.json").write_text(json.dumps({"contents": [document]}), encoding="utf-8")
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(tmp_path / "doc.json"), "--out",
                 str(tmp_path / "x.yaml"), "--area", "Magdeburg", "--as-of", "2025-01-01")
    assert result.code == 3 and f"holds records of {kind} but no services" in result.err
