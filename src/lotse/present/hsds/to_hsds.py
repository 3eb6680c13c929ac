"""The catalogue as HSDS 3.0 tables (see `lotse.present.hsds` for the layout and `taxonomy` for attributes).

HSDS holds one text per field, so the export is in one language (German unless --lang en).
Where HSDS requires a value lotse does not have, the record says as little as HSDS allows: an
address's missing street is "", never a guess. Web addresses written "www.…" get "http://",
because HSDS requires absolute URIs.

Pure: catalogue, language and today's date in, records out.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from lotse.domain.freshness import freshness_date
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.model.entry import ANY, GERMAN_LEVELS, Contact, Entry, Range
from lotse.present.hsds import FILES, Tables, uid
from lotse.present.hsds.taxonomy import FACETS, taxonomy_record, term_id, term_records
from lotse.present.records import source_record

T = Messages({
    "provider_of": ("Träger von: {names}", "Provider of: {names}"),
    "contact_for": ("Ansprechstelle für: {names}", "Point of contact for: {names}"),
    "germany": ("Deutschland", "Germany"),
})


def uri(text: str) -> str:
    """An absolute URI: the catalogue also writes web addresses as "www.example.de"."""
    return text if "://" in text else f"http://{text}"


class _Export:
    def __init__(self, catalogue: Catalogue, lang: str, today: dt.date):
        self.catalogue = catalogue
        self.lang = lang
        self.today = today
        self.tables: Tables = {table: [] for table in FILES}
        self.organisations: dict[str, dict[str, Any]] = {}  # name -> record
        self.served: dict[str, list[str]] = {}  # organisation name -> service names
        self.contacted: dict[str, list[str]] = {}  # contact organisation name -> service names
        self.attribute_ids: set[str] = set()

    def run(self) -> Tables:
        for entry in self.catalogue:
            self.service(entry)
        for name, record in self.organisations.items():
            if "description" not in record:
                services = self.served.get(name) or self.contacted[name]
                key = "provider_of" if name in self.served else "contact_for"
                record["description"] = T(key, self.lang, names="; ".join(services))
        self.tables["organization"] = list(self.organisations.values())
        self.tables["taxonomy"] = [taxonomy_record(self.lang)]
        self.tables["taxonomy_term"] = term_records(self.catalogue.vocabulary, self.lang)
        return self.tables

    def organisation(self, name: str) -> str:
        record = self.organisations.setdefault(name, {"id": uid("organization", name), "name": name})
        return record["id"]

    def attribute(self, link_entity: str, link_id: str, facet: str, value: object = None) -> None:
        """Link a child term (`value` from the vocabulary) or the facet term carrying `value`."""
        spec = FACETS[facet]
        if spec.vocabulary is not None:
            code, text = f"{facet}:{value}", None
        else:
            code, text = facet, _text(value)
        attribute_id = uid("attribute", link_id, code, text or "")
        if attribute_id in self.attribute_ids:  # a repeated keyword says nothing new
            return
        self.attribute_ids.add(attribute_id)
        record = {"id": attribute_id, "link_id": link_id,
                  "taxonomy_term_id": term_id(code), "link_type": spec.link_type,
                  "link_entity": link_entity}
        if text is not None:
            record["value"] = text
        self.tables["attribute"].append(record)

    def service(self, entry: Entry) -> None:
        lang = self.lang
        sid = uid("service", entry.id)
        organisation = entry.provider or entry.name
        organisation_id = self.organisation(organisation)
        if entry.provider:
            self.served.setdefault(entry.provider, []).append(entry.name)
        else:
            self.organisations[organisation]["description"] = entry.summary.get(lang)
        record: dict[str, Any] = {"id": sid, "organization_id": organisation_id, "name": entry.name,
                                  "description": entry.summary.get(lang)}
        if entry.url:
            record["url"] = uri(entry.url)
        record["status"] = "defunct" if entry.has_ended(self.today) else "active"
        record["eligibility_description"] = self.eligibility_text(entry)
        age = entry.eligibility.age
        if isinstance(age, Range):
            if age.min is not None:
                record["minimum_age"] = age.min
            if age.max is not None:
                record["maximum_age"] = age.max
        record["assured_date"] = freshness_date(entry).isoformat()
        self.tables["service"].append(record)
        if entry.funder:
            self.tables["funding"].append({"id": uid("funding", entry.id), "service_id": sid,
                                           "source": entry.funder})
        self.areas(entry, sid)
        for index, contact in enumerate(entry.contacts):
            self.contact(entry, sid, index, contact)
        self.service_attributes(entry, sid)

    def eligibility_text(self, entry: Entry) -> str:
        from lotse.present.render.catalogue import eligibility_lines

        lines = [f"{label}: {value}" for label, value in eligibility_lines(entry, self.catalogue, self.lang)]
        if entry.eligibility.note:
            lines.append(entry.eligibility.note.get(self.lang))
        return "\n".join(lines)

    def areas(self, entry: Entry, sid: str) -> None:
        note = entry.area.note.get(self.lang) if entry.area.note else None
        regions = self.catalogue.regions
        names = ([("DE", T("germany", self.lang))] if entry.area.nationwide else
                 [(r, regions.get(r).label(self.lang)) for r in entry.area.states + entry.area.places])
        for key, name in names:
            record = {"id": uid("service_area", entry.id, key), "service_id": sid, "name": name}
            if note:
                record["description"] = note
            self.tables["service_area"].append(record)

    def contact(self, entry: Entry, sid: str, index: int, contact: Contact) -> None:
        key = (entry.id, str(index))
        cid = uid("contact", *key)
        record: dict[str, Any] = {"id": cid, "service_id": sid}
        if contact.organisation:
            record["organization_id"] = self.organisation(contact.organisation)
            self.contacted.setdefault(contact.organisation, []).append(entry.name)
        if contact.address or contact.url:
            record["location_id"] = self.location(entry, sid, key, contact)
        if contact.name:
            record["name"] = contact.name
        if contact.role:
            record["title"] = contact.role.get(self.lang)
        if contact.email:
            record["email"] = contact.email[0]
        self.tables["contact"].append(record)
        for email in contact.email[1:]:
            self.attribute("contact", cid, "email", email)
        for kind, numbers in (("voice", contact.phone), ("fax", contact.fax)):
            for number_index, number in enumerate(numbers):
                self.tables["phone"].append({"id": uid("phone", *key, kind, str(number_index)),
                                             "contact_id": cid, "number": number, "type": kind})

    def location(self, entry: Entry, sid: str, key: tuple[str, str], contact: Contact) -> str:
        lid = uid("location", *key)
        record: dict[str, Any] = {"id": lid, "location_type": "physical" if contact.address else "virtual"}
        if contact.url:
            record["url"] = uri(contact.url)
        record["name"] = contact.organisation or entry.name
        self.tables["location"].append(record)
        self.tables["service_at_location"].append(
            {"id": uid("service_at_location", *key), "service_id": sid, "location_id": lid})
        if contact.address:
            address = contact.address
            self.tables["address"].append({
                "id": uid("address", *key), "location_id": lid, "address_1": address.street or "",
                "city": address.city or "", "state_province": self.land(entry, address.city),
                "postal_code": address.postcode or "", "country": "DE", "address_type": "physical"})
        return lid

    def land(self, entry: Entry, city: str | None) -> str:
        """The Land of an address: of its city where the gazetteer knows it, else of a service
        area that lies in one Land; else "" (HSDS requires the field, lotse does not guess)."""
        regions = self.catalogue.regions
        if city:
            from lotse.model.places import RegionError

            try:
                return regions.get(regions.resolve(city).state).label(self.lang)
            except RegionError:
                pass
        lands = {regions.get(r).state for r in entry.area.states + entry.area.places}
        return regions.get(lands.pop()).label(self.lang) if len(lands) == 1 else ""

    def service_attributes(self, entry: Entry, sid: str) -> None:
        def add(facet: str, value: object) -> None:
            self.attribute("service", sid, facet, value)

        e = entry.eligibility
        add("lotse_id", entry.id)
        add("kind", entry.kind)
        if entry.level:
            add("level", entry.level)
        if entry.cost:
            add("cost", entry.cost)
        for client in e.clients or ("organisations",):
            add("client", client)
        for facet, values in (("status", e.statuses), ("qualification", e.qualifications),
                              ("gender", e.gender), ("sector", e.sectors)):
            for value in ((ANY,) if values == ANY else values or ()):
                add(facet, value)
        if e.age == ANY:
            add("age", ANY)
        if e.german_level == ANY:
            add("german_level", ANY)
        elif isinstance(e.german_level, Range):
            for bound, facet in ((e.german_level.min, "german_level_min"), (e.german_level.max, "german_level_max")):
                if bound is not None:
                    add(facet, GERMAN_LEVELS[bound])
        if e.benefits is not None:
            add("benefits", e.benefits)
        for key in e.derived:
            add("derived", key)
        if e.note:
            add("note", e.note.get(self.lang))
        for goal in entry.goals:
            add("goal", goal)
        if entry.part_of:
            add("part_of", entry.part_of)
        add("as_of", entry.as_of)
        if entry.as_of_derived:
            add("as_of_derived", True)
        if entry.verified:
            add("verified", entry.verified)
            add("verified_by", entry.verified_by)
        if entry.area.derived:
            add("area_derived", True)
        for facet, date in (("period_start", entry.period.start), ("period_end", entry.period.end),
                            ("period_review", entry.period.review)):
            if date is not None:
                add(facet, date)
        for source in entry.sources:
            add("source", json.dumps(source_record(source), ensure_ascii=False, sort_keys=True))
        for offer in entry.offers.get(self.lang):
            add("offer", offer)
        for keyword in entry.keywords.get(self.lang):
            add("keyword", keyword)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_tables(catalogue: Catalogue, lang: str, today: dt.date) -> Tables:
    """Every entry of the catalogue as HSDS records, table by table, in a stable order."""
    return _Export(catalogue, lang, today).run()


def table_files(tables: Tables) -> dict[str, str]:
    """File name -> JSON text, one array of records per table."""
    import json

    return {FILES[table]: json.dumps(records, ensure_ascii=False, indent=2) + "\n"
            for table, records in tables.items()}
