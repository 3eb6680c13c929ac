"""An HSDS 3.0 directory as a lotse overlay: what maps is mapped, the rest is reported.

Another directory's data carries no lotse taxonomy, so its services come in with what HSDS states
and nothing more: eligibility not stated stays unknown (lotse says so in every consultation),
goals stay empty until someone adds them, and every assumption lotse must make to fill a required
field (client type person, kind regular_service) is reported. lotse's own export carries its
taxonomy, so importing it gives the catalogue's entries back.

Every entry is checked with the catalogue's own schema before it is written; one that would not
validate is left out and reported, so the overlay always passes `lotse catalog validate`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from msgspec import Struct, field

from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.model.entry import GERMAN_LEVELS, PartialDate
from lotse.model.places import RegionError, normalise
from lotse.present.hsds import FILES, Tables
from lotse.present.hsds.taxonomy import FACETS, NAME, TAXONOMY_ID, split_code
from lotse.store.schema import EMAIL_PATTERN, ID_PATTERN, URL_PATTERN, EntryReader

NATIONWIDE = {"deutschland", "germany", "bundesweit", "nationwide", "de"}

# The fields each table's mapping reads; any other non-empty field is reported as not mapped.
MAPPED = {
    "service": {"id", "organization_id", "name", "description", "url", "email", "status",
                "eligibility_description", "minimum_age", "maximum_age", "assured_date", "last_modified"},
    "organization": {"id", "name", "description"},
    "contact": {"id", "service_id", "service_at_location_id", "organization_id", "location_id", "name",
                "title", "email"},
    "phone": {"id", "contact_id", "service_id", "location_id", "number", "type"},
    "location": {"id", "location_type", "url", "name"},
    "address": {"id", "location_id", "address_1", "city", "postal_code", "state_province", "country",
                "address_type"},
    "service_at_location": {"id", "service_id", "location_id"},
    "service_area": {"id", "service_id", "name", "description"},
    "funding": {"id", "service_id", "source"},
    "attribute": {"id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"},
    "taxonomy_term": {"id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_id", "language"},
    "taxonomy": {"id", "name", "description", "version"},
}

T = Messages({
    "from_address": ("Aus der Adresse abgeleitet (HSDS-Import).", "Inferred from the address (HSDS import)."),
})


class ImportResult(Struct):
    entries: list[dict[str, Any]]
    notes: list[str]  # what was not mapped or was assumed, for the person importing
    skipped: int = 0


class _Notes(Struct):
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, message: str, example: str | None = None) -> None:
        self.counts[message] += 1
        if example is not None:
            self.examples.setdefault(message, [])
            if len(self.examples[message]) < 3:
                self.examples[message].append(example)

    def once(self, message: str) -> None:
        self.counts[message] = 1

    def lines(self) -> list[str]:
        lines = []
        for message, count in self.counts.items():
            text = f"{message} ({count}×)" if count > 1 else message
            if message in self.examples:
                more = ", …" if count > len(self.examples[message]) else ""
                text += f": {', '.join(self.examples[message])}{more}"
            lines.append(text)
        return lines


def _by(records: Iterable[dict], key: str) -> dict[Any, list[dict]]:
    index: dict[Any, list[dict]] = defaultdict(list)
    for record in records:
        if record.get(key):
            index[record[key]].append(record)
    return index


def _present(value: object) -> bool:
    return value not in (None, "", [], {})


class _Import:
    def __init__(self, tables: Tables, catalogue: Catalogue, lang: str, source: str):
        self.t = {table: tables.get(table, []) for table in FILES}
        self.catalogue = catalogue
        self.lang = lang
        self.source = source
        self.notes = _Notes()
        self.organisations = {o.get("id"): o for o in self.t["organization"]}
        self.locations = {loc.get("id"): loc for loc in self.t["location"]}
        self.addresses = _by(self.t["address"], "location_id")
        self.contacts = _by(self.t["contact"], "service_id")
        self.location_contacts = _by((c for c in self.t["contact"] if not c.get("service_id")),
                                     "service_at_location_id")
        self.contact_phones = _by(self.t["phone"], "contact_id")
        self.service_phones = _by((p for p in self.t["phone"] if not p.get("contact_id")), "service_id")
        self.location_phones = _by((p for p in self.t["phone"] if not p.get("contact_id")
                                    and not p.get("service_id")), "location_id")
        self.at_locations = _by(self.t["service_at_location"], "service_id")
        self.funding = _by(self.t["funding"], "service_id")
        self.areas = _by(self.t["service_area"], "service_id")
        self.attributes = self._attributes()
        self.ids: set[str] = set()

    # -- lotse taxonomy ---------------------------------------------------------------------

    def _attributes(self) -> dict[str, dict[str, list[str]]]:
        """link_id -> facet -> values, for attributes of the lotse taxonomy; others are noted."""
        terms = {t.get("id"): t for t in self.t["taxonomy_term"]}
        taxonomies = {t.get("id"): t.get("name") for t in self.t["taxonomy"]}
        result: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for attribute in self.t["attribute"]:
            term = terms.get(attribute.get("taxonomy_term_id"))
            if term is None:
                self.notes.add("attributes.json: attribute of an unknown taxonomy term not mapped")
                continue
            if term.get("taxonomy_id") != TAXONOMY_ID and term.get("taxonomy") != NAME:
                name = taxonomies.get(term.get("taxonomy_id")) or term.get("taxonomy") or "?"
                self.notes.add(f"attributes.json: terms of the taxonomy {name!r} not mapped",
                               str(term.get("name")))
                continue
            facet, value = split_code(str(term.get("code", "")))
            if facet not in FACETS:
                self.notes.add(f"attributes.json: lotse term {term.get('code')!r} unknown to this version")
                continue
            result[str(attribute.get("link_id"))][facet].append(
                value if value is not None else str(attribute.get("value", "")))
        return result

    def vocab(self, attrs: dict[str, list[str]], facet: str, field: str, name: str) -> list[str]:
        allowed = self.catalogue.vocabulary.values(field) + tuple(v for v, _ in FACETS[facet].extra)
        values = []
        for value in attrs.get(facet, []):
            if value in allowed:
                values.append(value)
            else:
                self.notes.add(f"services.json: unknown {facet} {value!r} left out", name)
        return values

    # -- services -----------------------------------------------------------------------------

    def run(self) -> ImportResult:
        self.unmapped_fields()
        entries = []
        skipped = 0
        for service in self.t["service"]:
            entry = self.entry(service)
            if entry is None:
                skipped += 1
            else:
                entries.append(entry)
        entries, invalid = self.checked(entries)
        return ImportResult(entries, self.notes.lines(), skipped + invalid)

    def unmapped_fields(self) -> None:
        for table, records in self.t.items():
            if table == "language":
                continue
            fields = Counter(key for record in records for key, value in record.items()
                             if key not in MAPPED[table] and _present(value))
            if fields:
                listed = ", ".join(f"{key} ({count})" for key, count in fields.items())
                self.notes.once(f"{FILES[table]}: fields not mapped: {listed}")
        if self.t["language"]:
            self.notes.once(f"{FILES['language']}: {len(self.t['language'])} language records not mapped "
                            "(lotse records no languages)")

    def entry(self, service: dict) -> dict[str, Any] | None:
        name = str(service.get("name") or "").strip()
        if not name:
            self.notes.add("services.json: service without a name skipped", str(service.get("id")))
            return None
        attrs = self.attributes.get(str(service.get("id")), {})
        ours = "lotse_id" in attrs
        if not ours and service.get("status") in ("inactive", "defunct"):
            self.notes.add(f"services.json: {service['status']} service skipped", name)
            return None
        if service.get("status") == "temporarily closed":
            self.notes.add("services.json: service marked temporarily closed (imported; check it)", name)
        as_of = self.as_of(service, attrs, name)
        area = self.area(service, attrs, name)
        if as_of is None or area is None:
            return None
        entry: dict[str, Any] = {"id": self.entry_id(attrs, name), "name": name}
        organisation = self.organisations.get(service.get("organization_id"), {}).get("name")
        if organisation and organisation != name:
            entry["provider"] = organisation
        funders = [f["source"] for f in self.funding.get(service.get("id"), []) if f.get("source")]
        if funders:
            entry["funder"] = "; ".join(funders)
        kinds = self.vocab(attrs, "kind", "kind", name)
        if not kinds:
            self.notes.add("services.json: kind not stated; assumed regular_service", name)
        entry["kind"] = kinds[0] if kinds else "regular_service"
        levels = self.vocab(attrs, "level", "level", name)
        if levels:
            entry["level"] = levels[0]
        costs = self.vocab(attrs, "cost", "cost", name)
        if costs:
            entry["cost"] = costs[0]
        entry.update(area)
        if attrs.get("part_of"):
            entry["part_of"] = attrs["part_of"][0]
        description = str(service.get("description") or "").strip()
        if not description:
            self.notes.add("services.json: no description; the name stands in for the summary", name)
        entry["summary"] = self.both(description or name)
        entry["eligibility"] = self.eligibility(service, attrs, ours, name)
        entry["goals"] = self.vocab(attrs, "goal", "goal", name)
        if not entry["goals"] and not ours:
            self.notes.add("services.json: no lotse goals: findable, never recommended until goals are added",
                           name)
        for key, facet in (("offers", "offer"), ("keywords", "keyword")):
            if attrs.get(facet):
                entry[key] = {self.lang: list(attrs[facet])}
        contacts = self.contacts_of(service, name, organisation)
        if contacts:
            entry["contacts"] = contacts
        url = str(service.get("url") or "").strip()
        if url and URL_PATTERN.match(url):
            entry["url"] = url
        elif url:
            self.notes.add("services.json: url that is not a web address left out", url)
        period = {key: attrs[f"period_{key}"][0] for key in ("start", "end", "review") if attrs.get(f"period_{key}")}
        if period:
            entry["period"] = period
        entry["as_of"] = as_of
        if attrs.get("as_of_derived") == ["true"]:
            entry["as_of_derived"] = True
        if attrs.get("verified") and attrs.get("verified_by"):
            entry["verified"] = attrs["verified"][0]
            entry["verified_by"] = attrs["verified_by"][0]
        entry["sources"] = self.sources(attrs, service, name)
        return entry

    def sources(self, attrs: dict[str, list[str]], service: dict, name: str) -> list[dict[str, str]]:
        """lotse's own sources where the export carried them, else the directory itself."""
        sources = []
        for value in attrs.get("source", []):
            try:
                source = json.loads(value)
            except ValueError:
                source = None
            if isinstance(source, dict) and all(isinstance(v, str) for v in source.values()):
                sources.append(source)
            else:
                self.notes.add("attributes.json: source that is not lotse's JSON left out", name)
        return sources or [{"file": self.source, "section": f"HSDS service {service.get('id')}: {name}"}]

    def both(self, text: str) -> dict[str, str]:
        """HSDS holds one language; lotse requires de and en: the other is the same text."""
        other = "English" if self.lang != "en" else "German"
        self.notes.once(f"HSDS holds one language: the {other} texts are copies of the imported ones")
        return {"de": text, "en": text}

    def entry_id(self, attrs: dict[str, list[str]], name: str) -> str:
        wanted = attrs.get("lotse_id", [""])[0]
        if ID_PATTERN.match(wanted) and wanted not in self.ids:
            self.ids.add(wanted)
            return wanted
        base = "-".join(normalise(name).split())[:60].strip("-") or "hsds-service"
        candidate, number = base, 1
        while candidate in self.ids or candidate in self.catalogue.entries:
            number += 1
            candidate = f"{base}-{number}"
        self.ids.add(candidate)
        return candidate

    def as_of(self, service: dict, attrs: dict[str, list[str]], name: str) -> str | None:
        candidates = attrs.get("as_of", []) + [str(service.get(k) or "")[:10]
                                                for k in ("assured_date", "last_modified")]
        for candidate in candidates:
            try:
                return str(PartialDate.parse(candidate))
            except ValueError:
                continue
        self.notes.add("services.json: service without assured_date or last_modified skipped "
                       "(lotse needs the date its information was true)", name)
        return None

    def area(self, service: dict, attrs: dict[str, list[str]], name: str) -> dict[str, Any] | None:
        regions = self.catalogue.regions
        states: list[str] = []
        places: list[str] = []
        nationwide = False
        note = None
        for area in self.areas.get(service.get("id"), []):
            area_name = str(area.get("name") or "")
            note = note or area.get("description")
            if normalise(area_name) in NATIONWIDE:
                nationwide = True
                continue
            try:
                region = regions.resolve(area_name, self.lang)
            except RegionError:
                self.notes.add("service_areas.json: area not found in data/regions.yaml left out", area_name)
                continue
            (states if region.is_state else places).append(region.id)
        result: dict[str, Any] = {}
        if nationwide:
            result["area"] = "nationwide"
        elif states or places:
            result["area"] = {k: list(dict.fromkeys(v)) for k, v in (("states", states), ("places", places)) if v}
        else:
            cities = self.address_regions(service)
            if not cities:
                self.notes.add("services.json: service without a known service area or address skipped", name)
                return None
            result["area"] = {"places": cities}
            result["area_derived"] = True
            result["area_note"] = {"de": T("from_address", "de"), "en": T("from_address", "en")}
            return result
        if attrs.get("area_derived") == ["true"]:
            result["area_derived"] = True
        if note and "lotse_id" in attrs:
            result["area_note"] = self.both(str(note))
        return result

    def address_regions(self, service: dict) -> list[str]:
        places = []
        for link in self.at_locations.get(service.get("id"), []):
            for address in self.addresses.get(link.get("location_id"), []):
                try:
                    region = self.catalogue.regions.resolve(str(address.get("city") or ""), self.lang)
                except RegionError:
                    continue
                if not region.is_state:
                    places.append(region.id)
        return list(dict.fromkeys(places))

    def eligibility(self, service: dict, attrs: dict[str, list[str]], ours: bool, name: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if ours:
            result["clients"] = [c for c in self.vocab(attrs, "client", "client", name) if c != "organisations"]
        else:
            self.notes.add("services.json: client type not stated; assumed person", name)
            result["clients"] = ["person"]
        for facet, key, field_ in (("status", "statuses", "status"),
                                   ("qualification", "qualifications", "qualification"),
                                   ("gender", "gender", "gender"), ("sector", "sectors", "sector")):
            values = self.vocab(attrs, facet, field_, name)
            if "any" in values:
                result[key] = "any"
            elif values:
                result[key] = values
        if attrs.get("age") == ["any"]:
            result["age"] = "any"
        else:
            bounds = {"min": self.age(service.get("minimum_age"), name),
                      "max": self.age(service.get("maximum_age"), name)}
            bounds = {k: v for k, v in bounds.items() if v is not None}
            if bounds:
                result["age"] = bounds
        if attrs.get("german_level") == ["any"]:
            result["german_level"] = "any"
        else:
            levels = {k: attrs[f"german_level_{k}"][0] for k in ("min", "max")
                      if attrs.get(f"german_level_{k}", [""])[0] in GERMAN_LEVELS}
            if levels:
                result["german_level"] = levels
        if attrs.get("benefits") in (["true"], ["false"]):
            result["benefits"] = attrs["benefits"] == ["true"]
        if attrs.get("derived"):
            result["derived"] = list(attrs["derived"])
        note = attrs["note"][0] if attrs.get("note") else (
            None if ours else str(service.get("eligibility_description") or "").strip())
        if note:
            result["note"] = self.both(note)
        return result

    def age(self, value: object, name: str) -> int | None:
        if value in (None, ""):
            return None
        try:
            number = float(str(value))
        except ValueError:
            number = -1.0
        if not number.is_integer() or not 0 <= number <= 120:
            self.notes.add("services.json: age bound that is not a whole number of years left out", name)
            return None
        return int(number)

    # -- contacts -----------------------------------------------------------------------------

    def contacts_of(self, service: dict, name: str, organisation: str | None) -> list[dict[str, Any]]:
        sid = service.get("id")
        contacts: list[dict[str, Any]] = []
        used_locations = set()
        records = self.contacts.get(sid, []) + [c for link in self.at_locations.get(sid, [])
                                                for c in self.location_contacts.get(link.get("id"), [])]
        for record in records:
            contact: dict[str, Any] = {}
            org = self.organisations.get(record.get("organization_id"), {}).get("name")
            if org:
                contact["organisation"] = org
            if record.get("name"):
                contact["name"] = str(record["name"])
            if record.get("title"):
                contact["role"] = self.both(str(record["title"]))
            self.numbers(contact, self.contact_phones.get(record.get("id"), []))
            emails = ([record["email"]] if record.get("email") else []) + self.attributes.get(
                str(record.get("id")), {}).get("email", [])
            self.emails(contact, emails, name)
            location = self.locations.get(record.get("location_id"))
            if location is not None:
                used_locations.add(location.get("id"))
                self.place(contact, location, name)
            contacts.append(contact)
        extra: dict[str, Any] = {}
        self.numbers(extra, self.service_phones.get(sid, []))
        self.emails(extra, [service["email"]] if service.get("email") else [], name)
        if extra:
            contacts.append({"organisation": organisation or name, **extra})
        for link in self.at_locations.get(sid, []):
            location = self.locations.get(link.get("location_id"))
            if location is None or location.get("id") in used_locations:
                continue
            contact = {"organisation": str(location.get("name") or organisation or name)}
            self.numbers(contact, self.location_phones.get(location.get("id"), []))
            self.place(contact, location, name)
            contacts.append(contact)
        reachable = [c for c in contacts if any(k in c for k in ("phone", "email", "url", "address"))]
        if len(reachable) < len(contacts):
            self.notes.add("contacts.json: contact with no phone, e-mail, web address or address left out", name)
        return reachable

    def numbers(self, contact: dict[str, Any], phones: list[dict]) -> None:
        for phone in phones:
            if phone.get("number"):
                key = "fax" if phone.get("type") == "fax" else "phone"
                contact.setdefault(key, []).append(str(phone["number"]))

    def emails(self, contact: dict[str, Any], emails: list[str], name: str) -> None:
        for email in emails:
            if EMAIL_PATTERN.match(str(email)):
                contact.setdefault("email", []).append(str(email))
            else:
                self.notes.add("contacts.json: e-mail address that is not one left out", name)

    def place(self, contact: dict[str, Any], location: dict, name: str) -> None:
        url = str(location.get("url") or "")
        if url and URL_PATTERN.match(url):
            contact["url"] = url
        addresses = [a for a in self.addresses.get(location.get("id"), [])
                     if a.get("address_type", "physical") != "virtual"]
        if addresses:
            a = addresses[0]
            address = {k: str(a[src]).strip() for k, src in
                       (("street", "address_1"), ("postcode", "postal_code"), ("city", "city"))
                       if str(a.get(src) or "").strip()}
            if address:
                contact["address"] = address
            if len(addresses) > 1:
                self.notes.add("addresses.json: only the first address of a location mapped", name)

    # -- the catalogue's own check --------------------------------------------------------------

    def checked(self, entries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        known = set(self.catalogue.entries) | {e["id"] for e in entries}
        for entry in entries:
            if entry.get("part_of") and entry["part_of"] not in known:
                self.notes.add("part_of naming an entry in neither catalogue left out", entry["id"])
                del entry["part_of"]
        reader = EntryReader("import", self.catalogue.vocabulary, self.catalogue.regions)
        valid = []
        for position, entry in enumerate(entries):
            before = len(reader.problems)
            if reader.read(entry, position) is not None:
                valid.append(entry)
            for problem in reader.problems[before:]:
                self.notes.add(f"entry {entry['id']} skipped: {problem.field}: {problem.message}")
        return valid, len(entries) - len(valid)


def import_tables(tables: Tables, catalogue: Catalogue, lang: str, source: str) -> ImportResult:
    """The services of an HSDS directory as lotse entries (texts taken to be in `lang`), with
    notes on everything not mapped or assumed; `source` names the directory in each entry."""
    return _Import(tables, catalogue, lang, source).run()


def overlay_yaml(result: ImportResult, header: str) -> str:
    import yaml

    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + yaml.safe_dump({"entries": result.entries}, allow_unicode=True, sort_keys=False,
                                    width=100)
