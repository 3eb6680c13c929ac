"""HSDS on disk: which reader a path needs, and an export written as a whole.

Kept apart from the mapping so that `to_hsds` and `from_hsds` stay pure: records in, records out.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec.structs import replace

from lotse.errors import InputError, OutputError, echo, os_reason
from lotse.i18n import Messages
from lotse.model.problems import Problem
from lotse.present.hsds import TABLES, Reading, Tables, empty_tables
from lotse.present.hsds.json_tables import load_json, read_json_tables, read_tabular
from lotse.present.hsds.nested import flatten, is_nested, page, services_in
from lotse.present.hsds.package import is_package, package_files, read_package

if TYPE_CHECKING:
    from lotse.model.catalogue import Catalogue

T = Messages({
    "unreadable": ("kann nicht gelesen werden: {reason}", "cannot be read: {reason}"),
    "missing": ("existiert nicht: einen HSDS-Ordner oder eine JSON-Datei angeben",
                "does not exist: give an HSDS folder or JSON file"),
    "not_json": ("ist kein HSDS-JSON: den Ordner mit den CSV-Tabellen angeben oder eine JSON-Datei mit "
                 "zusammengesetzten Angeboten (compiled services)",
                 "is not HSDS JSON: give the folder of CSV tables, or a JSON file of compiled services"),
    "no_services": ("enthält weder services.csv noch services.json: weder ein Datenpaket von HSDS 3.0 noch HSDS-JSON",
                    "has no services.csv or services.json: not an HSDS 3.0 data package, nor HSDS JSON"),
    "not_array": ("muss ein JSON-Array von Datensätzen, eine Page oder ein Angebot (service) enthalten",
                  "must hold a JSON array of records, a Page or a service"),
    "no_documents": ("enthält weder eine Page von Angeboten noch eine Liste von Angeboten noch ein Angebot "
                     "von HSDS 3.0",
                     "holds neither a Page of services, a list of services nor a service of HSDS 3.0"),
    "more_pages": ("{file}: Seite {page} von {pages} einer Page der API; nur ihre {count} Datensätze gelesen (die "
                   "anderen Seiten stehen nicht in der Datei)",
                   "{file}: page {page} of {pages} of an API Page; only its {count} records read (the other "
                   "pages are not in the file)"),
    "nested_only": ("{file}: nicht gelesen (die Angebote stehen verschachtelt in services.json)",
                    "{file}: not read (the services are in services.json, nested)"),
    "is_file": ("{path} ist eine Datei; für --hsds einen Ordner angeben.",
                "{path} is a file; give a folder for --hsds."),
    "cannot_write": ("{path} kann nicht geschrieben werden: {reason}.", "Cannot write {path}: {reason}."),
    "cannot_create": ("{path} kann nicht angelegt werden: {reason}.", "Cannot create {path}: {reason}."),
    "exported": ("In {path} liegt schon ein Export ({files}); mit --force wird er überschrieben.",
                 "{path} already holds an export ({files}); use --force to overwrite it."),
})


def nested_files(tables: Tables, lang: str) -> dict[str, str]:
    """`services.json`: every service as a full compiled document, in one `Page`."""
    return {"services.json": json.dumps(page(tables), ensure_ascii=False, indent=1) + "\n"}


# Every layout of `catalog export --hsds --layout` and what writes it (a test checks the choice
# is exhaustive): HSDS 3.0's two conformant serializations.
LAYOUTS: dict[str, Callable[[Tables, str], dict[str, str]]] = {"csv": package_files, "json": nested_files}


def export_hsds(catalogue: Catalogue, lang: str, today: dt.date, layout: str, path: Path,
                force: bool = False) -> tuple[int, int]:
    """Write the catalogue as HSDS 3.0 in `layout` into the folder `path`, as a whole (see
    `write_dir`); the number of services and of files written."""
    from lotse.present.hsds.to_hsds import export_tables

    files = LAYOUTS[layout](export_tables(catalogue, lang, today), lang)
    write_dir(files, path, force=force)
    return len(catalogue), len(files)


def read_hsds(path: Path) -> Reading:
    """The tables of an HSDS directory in any form lotse reads: a folder of CSV tables (with or
    without `datapackage.json`), a folder of JSON tables, or a JSON file (or a folder's
    `services.json`) holding a `Page`, a list of compiled services or one. Raises InputError
    naming the file and record of anything that cannot be read."""
    try:
        folder = path.is_dir()
        exists = folder or path.is_file()
    except OSError as exc:
        raise InputError([Problem.of(str(path), T.text("unreadable", reason=os_reason(exc)))]) from None
    if not exists:
        raise InputError([Problem.of(str(path), T.text("missing"))])
    if not folder:
        if path.name == "datapackage.json":
            return read_package(path.parent)
        if path.suffix.lower() != ".json":
            raise InputError([Problem.of(str(path), T.text("not_json"))])
        return _read_json_file(path)
    services = path / "services.json"
    if is_package(path) and not services.is_file():
        return read_package(path)
    if not services.is_file():
        raise InputError([Problem.of(str(path), T.text("no_services"))])
    data, problem = load_json(services)
    if problem is not None:
        raise InputError([problem])
    if is_nested(data):
        reading = _nested(services, data)
        reading.notes += [T.text("nested_only", file=p.name)
                          for p in sorted(path.iterdir()) if p.is_file() and p != services]
        return reading
    if not isinstance(data, list):
        raise InputError([Problem.of(str(services), T.text("not_array"))])
    return read_json_tables(path, data)


def _read_json_file(file: Path) -> Reading:
    data, problem = load_json(file)
    if problem is not None:
        raise InputError([problem])
    return _nested(file, data)


def _nested(file: Path, data: object) -> Reading:
    tabular = read_tabular(file, data)
    if tabular is not None:
        return tabular
    documents = services_in(data)
    if documents is None:
        raise InputError([Problem.of(str(file), T.text("no_documents"))])
    where = "contents" if isinstance(data, dict) and "contents" in data else ""
    tables, notes, problems = flatten(documents, file.name, where)
    if problems:
        raise InputError([replace(p, file=str(file)) for p in problems])
    if isinstance(data, dict) and where and (data.get("last_page") is False or _number(data.get("total_pages")) > 1):
        notes.insert(0, T.text("more_pages", file=file.name, page=echo(data.get("page_number")),
                               pages=echo(data.get("total_pages")), count=len(documents)))
    files = dict.fromkeys(empty_tables(), file.name)
    return Reading(tables, files, notes)


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# The files an export of any layout writes, this version's or an earlier one's.
EXPORT_NAMES = {"datapackage.json"} | {f"{stem}.{suffix}" for stem in TABLES.values() for suffix in ("csv", "json")}


def write_dir(files: dict[str, str], path: Path, force: bool = False) -> None:
    """Write the files of an export into `path` as a whole: into a new folder beside it, which
    then takes its place, so that a full disk or an interrupted run leaves the earlier export
    as it was, never half old and half new. An earlier export (of either layout) is kept unless
    `force`, and then replaced whole; other files of the folder stay with it."""
    import shutil
    import tempfile

    from lotse.output import write_text_atomic

    try:
        exists = path.exists()
        if exists and not path.is_dir():
            raise OutputError(T.text("is_file", path=path))
        existing = sorted(name for name in EXPORT_NAMES | set(files) if (path / name).exists()) if exists else []
    except OSError as exc:
        raise OutputError(T.text("cannot_write", path=path, reason=os_reason(exc))) from None
    if existing and not force:
        names = ", ".join(existing[:3]) + (", …" if len(existing) > 3 else "")
        raise OutputError(T.text("exported", path=path, files=names))
    parent = path.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=parent))
    except OSError as exc:
        raise OutputError(T.text("cannot_create", path=path, reason=os_reason(exc))) from None
    old = parent / f".{path.name}.old"
    try:
        if exists:
            for item in path.iterdir():
                if item.name not in files and item.name not in EXPORT_NAMES:
                    if item.is_dir():
                        shutil.copytree(item, new / item.name)
                    else:
                        shutil.copy2(item, new / item.name)
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
            raise OutputError(T.text("cannot_write", path=path, reason=os_reason(exc))) from None
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
