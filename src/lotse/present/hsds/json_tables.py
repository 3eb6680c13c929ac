"""HSDS tables as JSON arrays, one file per table (`services.json`, `phones.json`, …): the layout
lotse wrote before it wrote HSDS's serializations, still read so that earlier exports import.

A table holds flat records; one that nests lists or objects is a compiled document and read by
`nested` instead (see `directory.read_hsds`).
"""

from __future__ import annotations

import json
from pathlib import Path

from lotse.errors import InputError, echo
from lotse.i18n import Messages
from lotse.model.problems import Problem
from lotse.present.hsds import TABLES, Reading, Record, empty_tables

T = Messages({
    "not_json": ("lässt sich nicht als JSON lesen: {error}", "cannot be read as JSON: {error}"),
    "too_deep": ("lässt sich nicht als JSON lesen: zu tief verschachtelt oder eine Zahl zu lang",
                 "cannot be read as JSON: nested too deeply or a number too long"),
    "not_records": ("muss ein JSON-Array von Datensätzen enthalten", "must hold a JSON array of records"),
    "not_a_table": ("{file}: nicht gelesen (keine Tabelle von HSDS 3.0)", "{file}: not read (not a table of HSDS 3.0)"),
    "not_single": ("Datensatz {number}: das Feld {field} muss ein einzelner Wert sein, nicht {type} {value}",
                   "record {number}: field {field} must be a single value, not {type} {value}"),
})


def load_json(file: Path) -> tuple[object, Problem | None]:
    """A JSON file's data, or the problem that it cannot be read (bounded: a number of
    thousands of digits or brackets nested ten thousand deep are problems, not hangs)."""
    try:
        # utf-8-sig: a byte order mark, as Windows tools write one, is no part of the data
        return json.loads(file.read_text(encoding="utf-8-sig")), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, Problem.of(str(file), T.text("not_json", error=echo(str(exc), 200)))
    except (RecursionError, ValueError):
        return None, Problem.of(str(file), T.text("too_deep"))


def read_json_tables(folder: Path, services: list[Record]) -> Reading:
    """The tables of a folder of JSON arrays whose `services.json` held `services`."""
    tables = empty_tables()
    tables["service"] = services
    files = {"service": "services.json"}
    problems = _flat_records(folder / "services.json", services)
    for table, stem in TABLES.items():
        file = folder / f"{stem}.json"
        if table == "service" or not file.is_file():
            continue
        data, problem = load_json(file)
        if problem is not None:
            problems.append(problem)
        elif not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            problems.append(Problem.of(str(file), T.text("not_records")))
        else:
            problems += _flat_records(file, data)
            tables[table] = data
            files[table] = file.name
    if problems:
        raise InputError(problems[:20])
    read = set(files.values())
    notes = [T.text("not_a_table", file=name)
             for name in sorted(p.name for p in folder.iterdir() if p.suffix == ".json" and p.name not in read)]
    return Reading(tables, files, notes)


def read_tabular(file: Path, data: object) -> Reading | None:
    """HSDS's tables in one JSON object, each under its file name or table name
    (`{"services.csv": [...], "phones.csv": [...]}`, as HSDS's own `tabular.json`); None where
    the data is not that."""
    if not isinstance(data, dict) or not data or any(key in data for key in ("id", "name", "contents")):
        return None  # a compiled document (an organization nests its `services`) or a Page
    names = {name: table for table, stem in TABLES.items() for name in (stem, table, f"{stem}.csv", f"{table}.csv",
                                                                        f"{stem}.json", f"{table}.json")}
    if not any(isinstance(value, list) and names.get(key) == "service" for key, value in data.items()):
        return None
    tables = empty_tables()
    files: dict[str, str] = {}
    problems: list[Problem] = []
    notes = []
    for key, value in data.items():
        table = names.get(key)
        if table is None or not isinstance(value, list):
            notes.append(T.text("not_a_table", file=f"{file.name} ({echo(key)})"))
            continue
        if not all(isinstance(r, dict) for r in value):
            problems.append(Problem.of(f"{file} ({key})", T.text("not_records")))
            continue
        problems += _flat_records(Path(f"{file} ({key})"), value)
        tables[table] = value
        files[table] = f"{file.name} ({key})"
    if problems:
        raise InputError(problems[:20])
    return Reading(tables, files, notes)


def _flat_records(file: Path, records: list[Record]) -> list[Problem]:
    """A table holds single values (text, numbers, true/false, null) in every field; a list or
    object where a value belongs is reported with its record."""
    problems = []
    for number, record in enumerate(records, start=1):
        for key, value in record.items():
            if isinstance(value, (list, dict)):
                problems.append(Problem.of(str(file), T.text("not_single", number=number, field=echo(key),
                                                             type=type(value).__name__, value=echo(value))))
                break
    return problems
