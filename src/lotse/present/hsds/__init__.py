"""Open Referral HSDS 3.0: the catalogue as other directories read it, and their data as lotse entries.

HSDS 3.0 names two serializations as conformant, and lotse writes both: a Tabular Data Package
(one CSV per table and the `datapackage.json` that HSDS publishes, `package.py`) and nested JSON
(every service as a compiled document in one `Page`, `nested.py`). Either is first a set of flat
tables linked by id (`Tables`): `to_hsds` makes them from the catalogue, and each reader turns its
serialization into them (`package`, `nested`, `json_tables` for the layout of earlier lotse
versions), so that one mapping (`from_hsds`) reads every form back.

Ids are UUIDs derived (uuid5) from lotse's own keys and never change between runs, so a directory
that imports lotse's export again updates records instead of duplicating them. What HSDS has no
field for (lotse's goals, client types, residence status, provenance) travels as attributes of a
lotse taxonomy that is part of the export (`taxonomy.py`): nothing is lost on the way out, and an
import of lotse's own export gives the same entries back.
"""

from __future__ import annotations

import uuid
from typing import Any

from msgspec import Struct, field

from lotse.i18n import Text

# Never change: every exported id depends on it.
NAMESPACE = uuid.UUID("db20d25b-8d05-4f2d-b39c-73d8986e23c4")

# Every table of HSDS 3.0 and the name its file has, in the order of HSDS's datapackage.json
# (which lotse ships beside this module; a test checks both agree).
TABLES: dict[str, str] = {
    "organization": "organizations",
    "program": "programs",
    "service": "services",
    "attribute": "attributes",
    "service_at_location": "service_at_location",
    "location": "locations",
    "phone": "phones",
    "contact": "contacts",
    "address": "addresses",
    "schedule": "schedules",
    "funding": "funding",
    "service_area": "service_areas",
    "required_document": "required_documents",
    "language": "languages",
    "accessibility": "accessibility",
    "taxonomy_term": "taxonomy_terms",
    "metadata": "metadata",
    "meta_table_description": "meta_table_descriptions",
    "cost_option": "cost_options",
    "organization_identifier": "organization_identifiers",
    "taxonomy": "taxonomies",
}

Record = dict[str, Any]  # one row of an HSDS table: field name -> a single value
Tables = dict[str, list[Record]]  # table name (as the keys of TABLES) -> its records


class Reading(Struct):
    """What a reader found: the tables, the file each came from (named in messages) and notes
    on what it did not read."""

    tables: Tables
    files: dict[str, str]  # table -> file name
    notes: list[Text] = field(default_factory=list)  # in both UI languages


def uid(*parts: str) -> str:
    """A stable UUID for a record, from its kind and lotse's own keys."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def empty_tables() -> Tables:
    return {table: [] for table in TABLES}


def text(value: object) -> str:
    """A field's value as text: CSV gives strings, JSON also numbers and booleans; absent is "".
    Line ends are a newline, however the file was saved (a cell of several lines in a CSV file
    written on Windows holds CRLF, and a carriage return is a control character to the catalogue)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
