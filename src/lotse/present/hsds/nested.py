"""HSDS 3.0 as nested JSON: every service as a compiled document, in one `Page`.

A compiled service document (HSDS's `schema/compiled/service.json`) holds what belongs to the
service: its organization, phones, contacts with their phones, schedules, service areas,
languages, funding, attributes with their taxonomy terms and taxonomy, and its service at
locations, each with its location and the location's addresses. `page` makes the documents from
lotse's tables; `flatten` takes any such documents apart into tables again, merging a record that
appears in several places (HSDS's example lists one phone under the service, its location, its
contact and its organization), so that one mapping reads both serializations.
"""

from __future__ import annotations

from collections import defaultdict

from lotse.errors import echo
from lotse.i18n import Messages, Text
from lotse.model.problems import Problem
from lotse.present.hsds import Record, Tables, empty_tables
from lotse.present.hsds.package import fields, hsds_descriptor

# What a document of each table nests: key -> (table, a list?, how it links). "child:F" sets the
# nested record's field F to the parent's id; "parent:F" sets the parent's field F to the nested
# record's id; "link" makes an attribute's link_id and link_entity the parent's.
_COMMON = {"attributes": ("attribute", True, "link"), "metadata": ("metadata", True, "about")}
NESTED: dict[str, dict[str, tuple[str, bool, str]]] = defaultdict(lambda: dict(_COMMON), {
    "service": {"organization": ("organization", False, "parent:organization_id"),
                "program": ("program", False, "parent:program_id"),
                **{key: (table, True, "child:service_id") for key, table in (
                    ("phones", "phone"), ("schedules", "schedule"), ("service_areas", "service_area"),
                    ("service_at_locations", "service_at_location"), ("languages", "language"),
                    ("funding", "funding"), ("cost_options", "cost_option"),
                    ("required_documents", "required_document"), ("contacts", "contact"))},
                **_COMMON},
    "organization": {**{key: (table, True, "child:organization_id") for key, table in (
        ("funding", "funding"), ("contacts", "contact"), ("phones", "phone"), ("locations", "location"),
        ("programs", "program"), ("organization_identifiers", "organization_identifier"),
        ("services", "service"))}, **_COMMON},
    "service_at_location": {"location": ("location", False, "parent:location_id"),
                            "service": ("service", False, "parent:service_id"),
                            **{key: (table, True, "child:service_at_location_id") for key, table in (
                                ("contacts", "contact"), ("phones", "phone"), ("schedules", "schedule"))},
                            **_COMMON},
    "location": {**{key: (table, True, "child:location_id") for key, table in (
        ("languages", "language"), ("addresses", "address"), ("contacts", "contact"),
        ("accessibility", "accessibility"), ("phones", "phone"), ("schedules", "schedule"))}, **_COMMON},
    "contact": {"phones": ("phone", True, "child:contact_id"), **_COMMON},
    "phone": {"languages": ("language", True, "child:phone_id"), **_COMMON},
    "attribute": {"taxonomy_term": ("taxonomy_term", False, "parent:taxonomy_term_id"),
                  "metadata": _COMMON["metadata"]},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", False, "parent:taxonomy_id"),
                      "metadata": _COMMON["metadata"]},
})
MAX_DEPTH = 24  # HSDS nests six levels deep; more is not HSDS

# What is wrong in a document, after its path (`contents[0].phones[1]`); a type is Python's name
# for the JSON value (str, list, dict), as the path is the data's.
T = Messages({
    "at": ("{path}: {message}", "{path}: {message}"),
    "too_deep": ("zu tief verschachtelt", "nested too deeply"),
    "object": ("muss ein Objekt sein, nicht {type} {value}", "must be an object, not {type} {value}"),
    "single": ("muss ein einzelner Wert sein, nicht {type} {value}", "must be a single value, not {type} {value}"),
    "list": ("muss eine Liste sein, nicht {type} {value}", "must be a list, not {type} {value}"),
    "no_services": ("enthält Datensätze von {kind}, aber keine Angebote (services) von HSDS 3.0",
                    "holds records of {kind} but no services of HSDS 3.0"),
    "field_unread": ("{file}: Feld {field} nicht gelesen ({count}×: kein Feld von HSDS 3.0)",
                     "{file}: field {field} not read ({count}×: not a field of HSDS 3.0)"),
})


# -- writing ------------------------------------------------------------------------------------

class _Documents:
    def __init__(self, tables: Tables):
        self.tables = tables
        self.by_id = {table: {r["id"]: r for r in records} for table, records in tables.items()}
        self.children: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
        for table, records in tables.items():
            for record in records:
                for key, value in record.items():
                    if key.endswith("_id") and key != "id":
                        self.children[(table, key, str(value))].append(record)
        self.taxonomies = {r["id"]: r for r in tables["taxonomy"]}

    def of(self, table: str, key: str, parent: str, alone: tuple[str, ...] = ()) -> list[Record]:
        """The records of `table` whose `key` is `parent`, without those that also name one of
        `alone` (they are nested deeper, under that record)."""
        return [r for r in self.children[(table, key, parent)] if not any(r.get(k) for k in alone)]

    def attributes(self, link_id: str) -> list[Record]:
        documents = []
        for attribute in self.of("attribute", "link_id", link_id):
            term = dict(self.by_id["taxonomy_term"][attribute["taxonomy_term_id"]])
            if term.get("taxonomy_id") in self.taxonomies:
                term["taxonomy_detail"] = self.taxonomies[term["taxonomy_id"]]
            documents.append({**attribute, "taxonomy_term": term})
        return documents

    def with_attributes(self, record: Record) -> Record:
        attributes = self.attributes(record["id"])
        return {**record, "attributes": attributes} if attributes else dict(record)

    def service(self, service: Record) -> Record:
        sid = service["id"]
        document = dict(service)
        organisation = self.by_id["organization"].get(service.get("organization_id"))
        if organisation is not None:
            document["organization"] = self.with_attributes(organisation)
        document["phones"] = [self.with_attributes(p) for p in self.of("phone", "service_id", sid, ("contact_id",))]
        document["schedules"] = [self.with_attributes(s) for s in self.of(
            "schedule", "service_id", sid, ("service_at_location_id",))]
        document["service_areas"] = self.of("service_area", "service_id", sid)
        document["service_at_locations"] = [self.at_location(link) for link in
                                            self.of("service_at_location", "service_id", sid)]
        document["languages"] = self.of("language", "service_id", sid)
        document["funding"] = self.of("funding", "service_id", sid)
        document["contacts"] = [self.contact(c) for c in self.of("contact", "service_id", sid)]
        document["attributes"] = self.attributes(sid)
        return document

    def contact(self, contact: Record) -> Record:
        phones = [self.with_attributes(p) for p in self.of("phone", "contact_id", contact["id"])]
        return {**self.with_attributes(contact), "phones": phones}

    def at_location(self, link: Record) -> Record:
        location = self.by_id["location"][link["location_id"]]
        schedules = [self.with_attributes(s) for s in self.of("schedule", "service_at_location_id", link["id"])]
        place = {**self.with_attributes(location), "addresses": self.of("address", "location_id", location["id"])}
        return {**link, "schedules": schedules, "location": place}


def page(tables: Tables) -> Record:
    """Every service as a full compiled document, in one `Page` of HSDS's API."""
    documents = _Documents(tables)
    contents = [documents.service(service) for service in tables["service"]]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


# -- reading ------------------------------------------------------------------------------------

def services_in(data: object) -> list[object] | None:
    """The service documents of a `Page`, a list or one document; None when it is none of them."""
    if isinstance(data, dict) and "contents" in data:
        contents = data["contents"]
        return contents if isinstance(contents, list) else None
    if isinstance(data, dict) and ("id" in data or "name" in data):
        return [data]
    if isinstance(data, list):
        return data
    return None


def is_nested(data: object) -> bool:
    """Whether JSON holds compiled documents rather than a table: a `Page`, one document, or a
    list whose records nest anything."""
    if isinstance(data, dict):
        return True
    return isinstance(data, list) and any(
        isinstance(r, dict) and any(isinstance(v, (list, dict)) for v in r.values()) for r in data)


class _Flattener:
    def __init__(self, file: str):
        self.file = file
        self.tables = empty_tables()
        self.seen: dict[tuple[str, str], Record] = {}
        self.problems: list[Problem] = []
        self.skipped: dict[str, int] = defaultdict(int)
        self.fields = {table: set(names) for table, names in fields(hsds_descriptor()).items()}

    def problem(self, path: str, message: Text) -> None:
        self.problems.append(Problem.of(self.file, T.text("at", path=path, message=message)))

    def put(self, table: str, document: object, path: str, links: Record, depth: int) -> str | None:
        """Add the record of `document` and what it nests; its id (made up from the path where
        it has none, so that links hold)."""
        if depth > MAX_DEPTH:
            self.problem(path, T.text("too_deep"))
            return None
        if not isinstance(document, dict):
            self.problem(path, T.text("object", type=type(document).__name__, value=echo(document)))
            return None
        record: Record = {}
        nested: list[tuple[str, object]] = []
        for key, value in document.items():
            if key in NESTED[table]:
                nested.append((key, value))
            elif isinstance(value, (list, dict)):
                if key in self.fields[table]:
                    self.problem(f"{path}.{key}", T.text("single", type=type(value).__name__, value=echo(value)))
                else:
                    self.skipped[key] += 1
            elif value is not None:
                record[key] = value
        if "id" not in record:
            record["id"] = f"#{path}"
        for key, value in links.items():
            if key not in record or record[key] in (None, ""):
                record[key] = value
        rid = str(record["id"])
        previous = self.seen.get((table, rid))
        if previous is None:
            self.seen[(table, rid)] = record
            self.tables[table].append(record)
        else:  # the same record nested elsewhere: what it adds (another link) is kept
            for key, value in record.items():
                if previous.get(key) in (None, ""):
                    previous[key] = value
        for key, value in nested:
            self.nest(table, rid, key, value, f"{path}.{key}", depth)
        return rid

    def nest(self, table: str, rid: str, key: str, value: object, path: str, depth: int) -> None:
        child, many, how = NESTED[table][key]
        if value is None:
            return
        if how == "link":
            links: Record = {"link_id": rid, "link_entity": table}
        elif how == "about":
            links = {"resource_id": rid, "resource_type": table}
        elif how.startswith("child:"):
            links = {how[6:]: rid}
        else:
            links = {}
        if not many:
            child_id = self.put(child, value, path, links, depth + 1)
            if child_id is not None and how.startswith("parent:"):
                parent = self.seen[(table, rid)]
                if parent.get(how[7:]) in (None, ""):
                    parent[how[7:]] = child_id
            return
        if not isinstance(value, list):
            self.problem(path, T.text("list", type=type(value).__name__, value=echo(value)))
            return
        for index, item in enumerate(value):
            self.put(child, item, f"{path}[{index}]", links, depth + 1)


# The compiled documents HSDS's API answers with besides services (`/organizations/{id}`,
# `/service_at_locations`, `/locations/{id}`, `/taxonomy_terms`): each is read as what it is, so
# that an organization is not taken for a service and the services it nests are found.
ROOTS = ("service", "organization", "service_at_location", "location", "taxonomy_term", "taxonomy")


def kind_of(document: object, known: dict[str, set[str]]) -> str:
    """The table a compiled document is a record of: the one whose fields and nested documents
    cover most of its keys (a service where none covers more)."""
    if not isinstance(document, dict):
        return "service"  # reported as not an object where it is put
    keys = set(document)
    scores = {table: len(keys & (known[table] | set(NESTED[table]))) for table in ROOTS}
    best = max(scores.values())
    return "service" if scores["service"] == best else next(t for t in ROOTS if scores[t] == best)


def flatten(documents: list[object], file: str, where: str) -> tuple[Tables, list[Text], list[Problem]]:
    """Tables from compiled documents (services, or organizations and service at locations with
    the services they nest); notes on what was not read, and the problems of documents that are
    not HSDS (with their path, `where` naming the list they are in)."""
    flattener = _Flattener(file)
    kinds: list[str] = []
    for index, document in enumerate(documents):
        kinds.append(kind_of(document, flattener.fields))
        flattener.put(kinds[-1], document, f"{where}[{index}]", {}, 0)
    if documents and not flattener.tables["service"] and not flattener.problems:
        kind = ", ".join(sorted(set(kinds)))
        flattener.problems.append(Problem.of(file, T.text("no_services", kind=kind)))
    notes = [T.text("field_unread", file=file, field=echo(key), count=count)
             for key, count in sorted(flattener.skipped.items())]
    return flattener.tables, notes, flattener.problems[:20]

