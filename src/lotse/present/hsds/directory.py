"""Reading and writing an HSDS directory: one JSON array per table (see `lotse.present.hsds`).

Kept apart from the mapping so that `to_hsds` and `from_hsds` stay pure: records in, records out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from lotse.errors import CatalogueError, OutputError, echo
from lotse.model.problems import Problem
from lotse.output import write_text_atomic
from lotse.present.hsds import FILES, UNMAPPED_FILES, Tables


def read_dir(path: Path) -> Tables:
    """The tables of an HSDS directory (missing files are empty tables); raises CatalogueError."""
    if not path.is_dir():
        raise CatalogueError([Problem(str(path), "is not a folder with HSDS 3.0 JSON files")])
    if not (path / FILES["service"]).is_file():
        raise CatalogueError([Problem(str(path), f"has no {FILES['service']}: not an HSDS 3.0 directory "
                                                 "in the layout of `lotse catalog export --hsds`")])
    tables: Tables = {}
    problems = []
    for table, name in FILES.items():
        file = path / name
        if not file.is_file():
            tables[table] = []
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(Problem(str(file), f"cannot be read as JSON: {echo(str(exc), 200)}"))
            continue
        except (RecursionError, ValueError):  # 100,000 nested brackets; a 5,000-digit number
            problems.append(Problem(str(file), "cannot be read as JSON: nested too deeply or a number too long"))
            continue
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            problems.append(Problem(str(file), "must hold a JSON array of records"))
            continue
        problems += _flat_records(file, data)
        tables[table] = data
    if problems:
        raise CatalogueError(problems)
    return tables


def _flat_records(file: Path, records: list[dict]) -> list[Problem]:
    """HSDS's tables hold single values (text, numbers, true/false, null) in every field; a list
    or object where a value belongs (an id `["a"]`) is reported with its record."""
    problems = []
    for number, record in enumerate(records, start=1):
        for key, value in record.items():
            if isinstance(value, (list, dict)):
                problems.append(Problem(str(file), f"record {number}: field {echo(key)} must be a single value, "
                                                   f"not {type(value).__name__} {echo(value)}"))
                break
    return problems[:20]


def other_files(path: Path) -> list[str]:
    """Notes on files of the directory that the import does not read."""
    notes = []
    for file in sorted(p.name for p in path.iterdir() if p.is_file()):
        if file in FILES.values():
            continue
        what = UNMAPPED_FILES.get(file)
        notes.append(f"{file}: not read ({what}: lotse has no field for them)" if what
                     else f"{file}: not read (not a table of HSDS 3.0 in JSON)")
    return notes


def write_dir(files: dict[str, str], path: Path, force: bool = False) -> None:
    """Write the files of an export into `path` as a whole: into a new folder beside it, which
    then takes its place, so that a full disk or an interrupted run leaves the earlier export
    as it was, never half old and half new. An earlier export is kept unless `force`."""
    import shutil
    import tempfile

    try:
        exists = path.exists()
        if exists and not path.is_dir():
            raise OutputError(f"{path} is a file; give a folder for --hsds.")
        existing = [name for name in files if (path / name).exists()] if exists else []
    except OSError as exc:
        raise OutputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    if existing and not force:
        raise OutputError(f"{path} already holds an export ({', '.join(existing[:3])}"
                          f"{', …' if len(existing) > 3 else ''}); use --force to overwrite it.")
    parent = path.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=parent))
    except OSError as exc:
        raise OutputError(f"Cannot create {path}: {exc.strerror or exc}.") from None
    old = parent / f".{path.name}.old"
    try:
        if exists:  # files of the folder that the export does not write stay with it
            for item in path.iterdir():
                if item.name not in files:
                    (shutil.copytree if item.is_dir() else shutil.copy2)(item, new / item.name)
        for name, text in files.items():
            write_text_atomic(new / name, text)
        new.chmod(0o777 & ~_umask())
        if exists:
            path.rename(old)
        new.rename(path)
    except BaseException as exc:
        shutil.rmtree(new, ignore_errors=True)
        if old.exists() and not path.exists():
            old.rename(path)  # the earlier export back in place
        if isinstance(exc, OSError):
            raise OutputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
