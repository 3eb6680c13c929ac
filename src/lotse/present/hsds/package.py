"""HSDS 3.0 as a Tabular Data Package: one CSV file per table and `datapackage.json`.

lotse writes every table that HSDS's own `datapackage.json` describes (the tables lotse has
nothing for as a header alone), so that the descriptor's foreign keys resolve and a consumer finds
the files it expects; the descriptor written is HSDS's (shipped beside this module, its licence in
`datapackage.LICENSE.md`), its resources unchanged. Values stay exact: a cell that begins with "="
is not prefixed for spreadsheets as lotse's own CSV lists are, because an HSDS package is read by
programs, and a changed value would be a wrong one (README: "Open Referral HSDS").

Reading takes what other publishers write: tables named by `datapackage.json` where it names them
(the UK profile calls one `attribute.csv`), else by HSDS's file names; a descriptor that cannot be
read is reported and the tables are found by name all the same. HSDS 1.x and 2.0 name some
tables and fields otherwise (`services_at_location.csv`, `physical_addresses.csv`,
`regular_schedules.csv` with `weekday`, `services_taxonomy.csv`, `taxonomy.csv` of terms): each is
read as the table of 3.0 it became, and the import says so.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from lotse.errors import InputError, echo, os_reason
from lotse.i18n import Messages, Text
from lotse.model.problems import Problem
from lotse.present.hsds import TABLES, Reading, Record, Tables, empty_tables

DESCRIPTOR = Path(__file__).with_name("datapackage.json")

T = Messages({
    "title": ("lotse: Beratungs- und Förderangebote für Zugewanderte in Deutschland (HSDS 3.0)",
              "lotse: counselling and support services for immigrants in Germany (HSDS 3.0)"),
    "description": ("Der Katalog von lotse im Human Services Data Specification (HSDS) 3.0 von Open Referral. "
                    "Ziele, Zielgruppen und Voraussetzungen sind Begriffe der Taxonomie lotse "
                    "(taxonomies.csv, taxonomy_terms.csv).",
                    "The catalogue of lotse in Open Referral's Human Services Data Specification (HSDS) 3.0. "
                    "Goals, client types and eligibility are terms of the taxonomy lotse "
                    "(taxonomies.csv, taxonomy_terms.csv)."),
    # reading
    "no_services": ("enthält keine services.csv (und keine datapackage.json, die die Tabelle der Angebote "
                    "nennt): kein Datenpaket von HSDS 3.0",
                    "has no services.csv (nor a datapackage.json naming the services table): "
                    "not an HSDS 3.0 data package"),
    "not_a_table": ("{file}: nicht gelesen (keine Tabelle von HSDS 3.0)", "{file}: not read (not a table of HSDS 3.0)"),
    "descriptor_unread": ("datapackage.json: nicht gelesen (kein JSON); die Tabellen werden an ihren Dateinamen "
                          "in HSDS erkannt",
                          "datapackage.json: not read (not JSON); the tables are taken by their HSDS file names"),
    "no_resources": ("datapackage.json: nennt keine Ressourcen (resources); die Tabellen werden an ihren "
                     "Dateinamen in HSDS erkannt",
                     "datapackage.json: lists no resources; the tables are taken by their HSDS file names"),
    "resource_elsewhere": ("datapackage.json: die Datei der Tabelle {table} ({path}) liegt nicht im Ordner; "
                           "stattdessen unter ihrem Namen in HSDS gesucht",
                           "datapackage.json: the file of table {table} ({path}) is not in the folder; "
                           "looked for by its HSDS name"),
    "older": ("{file}: als {table} gelesen (der Name in HSDS 1.x/2.0)",
              "{file}: read as {table} (its name in HSDS 1.x/2.0)"),
    "cells": ("Datensatz {number} (Zeile {line}) hat {cells} Zellen, die Kopfzeile {header}",
              "record {number} (line {line}) has {cells} cells, the header {header}"),
    "not_utf8": ("ist kein UTF-8-Text", "is not UTF-8 text"),
    "not_csv": ("Datensatz {number}: lässt sich nicht als CSV lesen: {error}",
                "record {number}: cannot be read as CSV: {error}"),
    "unreadable": ("kann nicht gelesen werden: {reason}", "cannot be read: {reason}"),
})


def hsds_descriptor() -> dict[str, Any]:
    """HSDS 3.0's own `datapackage.json`."""
    data: dict[str, Any] = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    return data


def fields(descriptor: dict[str, Any]) -> dict[str, list[str]]:
    """Table name -> its fields, in order."""
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}


def package_files(tables: Tables, lang: str) -> dict[str, str]:
    """File name -> text: a CSV file per table of HSDS 3.0, then `datapackage.json`."""
    hsds = hsds_descriptor()
    files: dict[str, str] = {}
    for resource in hsds["resources"]:
        names = [field["name"] for field in resource["schema"]["fields"]]
        buffer = io.StringIO()
        # extrasaction="raise": a field HSDS does not have is lotse's mistake, not the reader's.
        writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="raise", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(tables.get(resource["name"], []))
        files[resource["path"]] = buffer.getvalue()
    package = {"name": "lotse-hsds", "title": T("title", lang), "description": T("description", lang),
               **{key: value for key, value in hsds.items() if key in ("profile", "version")},
               "resources": hsds["resources"]}
    files["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    return files


def is_package(folder: Path) -> bool:
    """Whether the folder holds HSDS tables as CSV."""
    return (folder / "datapackage.json").is_file() or any(
        (folder / f"{stem}.csv").is_file() or (folder / f"{table}.csv").is_file() for table, stem in TABLES.items())


def read_package(folder: Path) -> Reading:
    """The tables of a folder of HSDS CSV files; raises InputError naming file and record."""
    notes: list[Text] = []
    paths = _paths(folder, notes)
    if "service" not in paths:
        raise InputError([Problem.of(str(folder), T.text("no_services"))])
    tables = empty_tables()
    problems: list[Problem] = []
    for table, path in paths.items():
        tables[table] = _read_csv(path, problems)
    files = {table: path.name for table, path in paths.items()}
    read = {path.name for path in paths.values()}
    for stem, (table, renamed, fixed) in OLDER.items():
        path = folder / f"{stem}.csv"
        if table in paths or not path.is_file():
            continue  # HSDS 3.0's own file comes first
        tables[table] += [_older(record, renamed, fixed) for record in _read_csv(path, problems)]
        files.setdefault(table, path.name)
        read.add(path.name)
        notes.append(T.text("older", file=path.name, table=TABLES[table]))
    if problems:
        raise InputError(problems[:20])
    _older_fields(tables, files, notes)
    for file in sorted(p.name for p in folder.iterdir() if p.suffix == ".csv" and p.name not in read):
        notes.append(T.text("not_a_table", file=file))
    return Reading(tables, files, notes)


# The files of HSDS 1.x and 2.0 that HSDS 3.0 renamed or merged, by their stems (plural as HSDS
# names them, singular as some publishers do): (its table in 3.0, fields renamed old -> new,
# fields it implies).
_OLDER: dict[tuple[str, ...], tuple[str, dict[str, str], dict[str, str]]] = {
    ("services_at_location",): ("service_at_location", {}, {}),
    ("physical_addresses", "physical_address"): ("address", {}, {"address_type": "physical"}),
    ("postal_addresses", "postal_address"): ("address", {}, {"address_type": "postal"}),
    ("regular_schedules", "regular_schedule"): ("schedule", {"weekday": "byday"}, {}),
    ("services_taxonomy", "service_taxonomy"): (
        "attribute", {"service_id": "link_id", "taxonomy_id": "taxonomy_term_id"}, {"link_entity": "service"}),
    ("accessibility_for_disabilities",): ("accessibility", {}, {}),
}
OLDER = {stem: reading for stems, reading in _OLDER.items() for stem in stems}

# The weekdays of HSDS 1.x and 2.0 (`weekday`: 1 to 7 from Monday, as ISO 8601 counts, or a name)
# as HSDS 3.0's `byday` has them.
WEEKDAYS = {**{str(n): day for n, day in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), start=1)},
            **{name: day for day, names in (("MO", "monday mon"), ("TU", "tuesday tue tues"),
                                            ("WE", "wednesday wed"), ("TH", "thursday thu thur thurs"),
                                            ("FR", "friday fri"), ("SA", "saturday sat"), ("SU", "sunday sun"))
               for name in names.split()}}


def _older(record: Record, renamed: dict[str, str], fixed: dict[str, str]) -> Record:
    """A record of HSDS 1.x or 2.0 with the names of 3.0."""
    new = {renamed.get(key, key): value for key, value in record.items()}
    if "weekday" in renamed and "byday" in new:
        day = WEEKDAYS.get(str(new["byday"]).strip().lower())
        if day is None:
            del new["byday"]  # not a day: the schedule keeps its times
        else:
            new["byday"] = day
    return {**fixed, **new}


def _older_fields(tables: Tables, files: dict[str, str], notes: list[Text]) -> None:
    """Fields that HSDS 1.x and 2.0 name otherwise in tables 3.0 kept: a service area's and a
    language's name, an organization's web address; and `taxonomy.csv`, which held the terms
    (with their `vocabulary`) before 3.0 gave the taxonomies a table of their own."""
    for table, old, new in (("service_area", "service_area", "name"), ("language", "language", "name"),
                            ("organization", "url", "website")):
        for record in tables[table]:
            if old in record and new not in record:
                record[new] = record.pop(old)
    taxonomy = tables["taxonomy"]
    if taxonomy and not tables["taxonomy_term"] and any(
            "vocabulary" in r or "parent_name" in r or "parent_id" in r for r in taxonomy):
        tables["taxonomy_term"] = [{("taxonomy" if k == "vocabulary" else k): v for k, v in r.items()
                                    if k != "parent_name"} for r in taxonomy]
        tables["taxonomy"] = []
        files["taxonomy_term"] = files.pop("taxonomy", "taxonomy.csv")
        notes.append(T.text("older", file=files["taxonomy_term"], table=TABLES["taxonomy_term"]))


def _paths(folder: Path, notes: list[Text]) -> dict[str, Path]:
    """Each table's file: as `datapackage.json` names it, else by HSDS's name (or the table's)."""
    paths: dict[str, Path] = {}
    descriptor = folder / "datapackage.json"
    if descriptor.is_file():
        try:
            data = json.loads(descriptor.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            data = None
            notes.append(T.text("descriptor_unread"))
        resources = data.get("resources") if isinstance(data, dict) else None
        if data is not None and not isinstance(resources, list):
            notes.append(T.text("no_resources"))
        for resource in resources or []:
            if not isinstance(resource, dict) or resource.get("name") not in TABLES:
                continue
            path = resource.get("path")
            if (not isinstance(path, str) or "://" in path or Path(path).is_absolute()
                    or ".." in Path(path).parts or not (folder / path).is_file()):
                notes.append(T.text("resource_elsewhere", table=echo(resource["name"]), path=echo(path)))
                continue
            paths[resource["name"]] = folder / path
    # The other tables by name: in the folder, and in the folders the descriptor puts its files in
    # (hsds-transformer names `resources/organizations.csv` alone and writes the rest beside it).
    places = [folder, *dict.fromkeys(path.parent for path in paths.values() if path.parent != folder)]
    for table, stem in TABLES.items():
        for place in places:
            for name in (f"{stem}.csv", f"{table}.csv"):
                if table not in paths and (place / name).is_file():
                    paths[table] = place / name
    return paths


FIELD_LIMIT = 10 * 1024 * 1024  # characters in one cell: more is no directory's text


def _read_csv(path: Path, problems: list[Problem]) -> list[Record]:
    """The rows of a CSV file as records, empty cells left out. Strict: a stray quotation mark
    would shift every cell after it, so it is a problem, not a guess."""
    records: list[Record] = []
    limit = csv.field_size_limit(FIELD_LIMIT)  # the module's limit is the process's: set, then restored
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            # HSDS's CSV is comma-separated; a spreadsheet saved in German separates by semicolons.
            reader = csv.reader(handle, delimiter=";" if first.count(";") > first.count(",") else ",", strict=True)
            header = [name.strip() for name in next(reader, [])]
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                number = len(records) + 1
                if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                    problems.append(Problem.of(str(path), T.text("cells", number=number, line=reader.line_num,
                                                                 cells=len(row), header=len(header))))
                    continue
                records.append({name: cell for name, cell in zip(header, row, strict=False) if name and cell.strip()})
    except UnicodeDecodeError:
        problems.append(Problem.of(str(path), T.text("not_utf8")))
    except csv.Error as exc:
        problems.append(Problem.of(str(path), T.text("not_csv", number=len(records) + 1, error=echo(str(exc), 200))))
    except OSError as exc:
        problems.append(Problem.of(str(path), T.text("unreadable", reason=os_reason(exc))))
    finally:
        csv.field_size_limit(limit)
    return records
