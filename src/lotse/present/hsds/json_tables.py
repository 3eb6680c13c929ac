"""HSDS tables as JSON arrays, one file per table (`services.json`, `phones.json`, …): the layout
lotse wrote before it wrote HSDS's serializations, still read so that earlier exports import.

A table holds flat records; one that nests lists or objects is a compiled document and read by
`nested` instead (see `directory.read_hsds`).
"""

from __future__ import annotations

import json
from pathlib import Path

from lotse.errors import InputError, echo
from lotse.model.problems import Problem
from lotse.present.hsds import TABLES, Reading, Record, empty_tables


def load_json(file: Path) -> tuple[object, Problem | None]:
    """A JSON file's data, or the problem that it cannot be read (bounded: a number of
    thousands of digits or brackets nested ten thousand deep are problems, not hangs)."""
    try:
        return json.loads(file.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, Problem(str(file), f"cannot be read as JSON: {echo(str(exc), 200)}")
    except (RecursionError, ValueError):
        return None, Problem(str(file), "cannot be read as JSON: nested too deeply or a number too long")


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
            problems.append(Problem(str(file), "must hold a JSON array of records"))
        else:
            problems += _flat_records(file, data)
            tables[table] = data
            files[table] = file.name
    if problems:
        raise InputError(problems[:20])
    read = set(files.values())
    notes = [f"{name}: not read (not a table of HSDS 3.0)"
             for name in sorted(p.name for p in folder.iterdir() if p.suffix == ".json" and p.name not in read)]
    return Reading(tables, files, notes)


def _flat_records(file: Path, records: list[Record]) -> list[Problem]:
    """A table holds single values (text, numbers, true/false, null) in every field; a list or
    object where a value belongs is reported with its record."""
    problems = []
    for number, record in enumerate(records, start=1):
        for key, value in record.items():
            if isinstance(value, (list, dict)):
                problems.append(Problem(str(file), f"record {number}: field {echo(key)} must be a single value, "
                                                   f"not {type(value).__name__} {echo(value)}"))
                break
    return problems
