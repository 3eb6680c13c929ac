"""The catalogue as HSDS 3.0 tables (see `lotse.present.hsds`; attributes in `taxonomy`).

HSDS holds one text per field, so an export is in one language; the ids are the same in both, so
that an English export is the German one's translation record by record. What a consumer reads:

- one organization per organisation that provides a service, however the catalogue spells it
  ("… e. V." and "… e.V.", a name with and without its abbreviation); an entry without a provider
  is its own organisation; a contact's organisation that provides nothing is the name of an office
  (a Geschäftsstelle, a counselling centre) and is the contact's department;
- one location per place (an address, or a web address for a service offered online), shared by
  every contact there, with its address where HSDS can take it: HSDS requires street, postcode,
  city and Land, so an address that lacks one stays with its location as a lotse attribute;
- phone numbers in international format (+49 …) where the number is German; a number as printed
  is kept as an attribute;
- opening hours as schedules of the place they belong to, service areas with their extent named;
- `assured_date` and `last_modified`: the entry's freshness date (lotse records days, not times,
  so `last_modified` is its midnight, UTC).

Where HSDS requires a value lotse does not have, nothing is guessed. Pure: catalogue, language and
today's date in, records out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from typing import Any

from lotse.domain.freshness import freshness_date
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.model.entry import ANY, GERMAN_LEVELS, Address, Contact, Entry, Range
from lotse.model.places import RegionError
from lotse.present.hsds import TABLES, Record, Tables, empty_tables, uid
from lotse.present.hsds.taxonomy import FACETS, child_record, facet_records, taxonomy_record, term_id
from lotse.present.records import source_record

T = Messages({
    "provider_of": ("Träger von: {names}", "Provider of: {names}"),
    "unstated": ("Der Katalog nennt keinen Träger; die Organisation steht für das Angebot selbst: {names}",
                 "The catalogue names no provider; the organisation stands for the offer itself: {names}"),
    "germany": ("Deutschland", "Germany"),
    "germany_extent": ("Deutschland: das ganze Bundesgebiet", "Germany: the whole country"),
    "state": ("{name}: Land der Bundesrepublik Deutschland", "{name}: a state of Germany"),
    "district": ("{name}: Landkreis in {land}", "{name}: district in {land}"),
    "independent_city": ("{name}: kreisfreie Stadt in {land}", "{name}: independent city in {land}"),
    "city": ("{name}: Stadt in {land}", "{name}: city in {land}"),
    "municipality": ("{name}: Gemeinde in {land}", "{name}: municipality in {land}"),
})

# Entries of these kinds describe an organisation: without a provider, the entry is its own.
ORGANISATION_KINDS = ("organisation", "authority")


def uri(text: str) -> str:
    """An absolute URI: the catalogue also writes web addresses as "www.example.de"."""
    return text if "://" in text else f"http://{text}"


_NATIONAL = re.compile(r"\(?0(?![0 ]*0)[0-9 ()/-]*[0-9]")


def international(number: str) -> str:
    """A German number in international format, its area code and groups kept as printed:
    "0391 / 540 - 3670" -> "+49 391 540-3670". A number already international, foreign or with
    words in it is returned as it is; one without a mark where the area code ends gets none."""
    text = " ".join(number.replace("–", "-").split())
    if re.fullmatch(r"00[1-9][0-9 ()/-]*", text):
        return "+" + text[2:]
    if not _NATIONAL.fullmatch(text):
        return number
    body = text.lstrip("(")
    if ")" in body or "/" in body:
        area, rest = body.split(")" if ")" in body else "/", 1)
    else:
        parts = re.split(r"\s-\s|\s|-", body, maxsplit=1)
        area, rest = parts[0], parts[1] if len(parts) > 1 else ""
    area = re.sub(r"\D", "", area)
    rest = " ".join(re.sub(r"\s*-\s*", "-", rest.replace("/", " ").replace("(", "").replace(")", "")).split())
    if len(area) < 3 or not rest:
        return "+49 " + re.sub(r"\D", "", text)[1:]
    return f"+49 {area[1:]} {rest}"


def organisation_key(name: str) -> str:
    """One key for the spellings of one organisation: case, spaces and punctuation aside, and a
    trailing abbreviation in brackets ("Auslandsgesellschaft Sachsen-Anhalt e.V. (AGSA)")."""
    name = re.sub(r"\s*\([A-ZÄÖÜ][A-ZÄÖÜ0-9&. -]{1,11}\)\s*$", "", name)
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _place_key(address: Address | None, url: str | None) -> str:
    """A place: its address, or for a service offered online its web address."""
    parts = [address.street, address.postcode, address.city] if address else ["", "", "", url]
    return "|".join(" ".join((p or "").casefold().split()) for p in parts)


class _Export:
    def __init__(self, catalogue: Catalogue, lang: str, today: dt.date):
        self.catalogue = catalogue
        self.lang = lang
        self.today = today
        self.tables = empty_tables()
        self.organisations: dict[str, Record] = {}  # organisation_key -> record
        self.provided: dict[str, list[str]] = {}  # organisation_key -> names of the services it provides
        # The organisations that provide services (or are services): a contact's organisation is
        # linked to one of them; any other is the name of an office, the contact's department.
        self.providers = {organisation_key(e.provider or e.name) for e in catalogue}
        # Each organisation's name: an entry's own where the entry is the organisation, else the
        # first spelling of it as a provider.
        self.names: dict[str, str] = {}
        for entry in sorted(catalogue, key=lambda e: e.provider is not None):
            self.names.setdefault(organisation_key(entry.provider or entry.name), entry.provider or entry.name)
        self.own: dict[str, list[str]] = {}  # organisation_key -> entries that stand for it, having no provider
        self.locations: dict[str, Record] = {}  # place key -> record
        # place key -> (contact id, its web address) of each contact there
        self.located: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        self.at_locations: set[str] = set()
        self.open_terms: dict[str, Record] = {}  # code -> term of an offer or keyword
        self.attribute_ids: set[str] = set()

    def run(self) -> Tables:
        for entry in self.catalogue:
            self.service(entry)
        self.web_addresses()
        for key, record in self.organisations.items():
            if "description" not in record:
                if key in self.own:
                    record["description"] = T("unstated", self.lang, names="; ".join(self.own[key]))
                else:
                    record["description"] = T("provider_of", self.lang, names="; ".join(self.provided[key]))
        self.tables["organization"] = list(self.organisations.values())
        self.tables["location"] = list(self.locations.values())
        self.tables["taxonomy"] = [taxonomy_record(self.lang)]
        self.tables["taxonomy_term"] = facet_records(self.catalogue.vocabulary, self.lang) + list(
            self.open_terms.values())
        self.tables["meta_table_description"] = [
            {"id": uid("meta_table_description", table), "name": table, "language": self.lang,
             "character_set": "UTF-8"} for table in TABLES]
        return self.tables

    # -- organisations --------------------------------------------------------------------------

    def organisation(self, name: str) -> tuple[str, Record]:
        """The organisation of this name (its key and record), made on first use."""
        key = organisation_key(name) or name
        if key not in self.organisations:
            self.organisations[key] = {"id": uid("organization", key), "name": self.names.get(key, name)}
        return key, self.organisations[key]

    def service_organisation(self, entry: Entry, sid: str) -> str:
        """The organisation that provides the service: its provider; else the entry stands for
        its organisation (an authority, a foundation) or for an operator the catalogue does not
        name. An import gives the provider back from the organisation's name, or from the
        attribute `provider` where the name is spelt otherwise."""
        if entry.provider:
            key, record = self.organisation(entry.provider)
            self.provided.setdefault(key, []).append(entry.name)
            if record["name"] != entry.provider or entry.provider == entry.name:
                self.attribute("service", sid, "provider", entry.provider)
            return str(record["id"])
        key, record = self.organisation(entry.name)
        if record["name"] != entry.name:  # one spelling to the organisation, another to the entry
            key = f"={entry.name}"
            record = self.organisations.setdefault(key, {"id": uid("organization", key), "name": entry.name})
        if entry.kind not in ORGANISATION_KINDS:
            self.own.setdefault(key, []).append(entry.name)
        elif "description" not in record:  # the entry describes the organisation itself
            record["description"] = entry.summary.get(self.lang)
            if entry.url:
                record["website"] = uri(entry.url)
        return str(record["id"])

    # -- attributes -----------------------------------------------------------------------------

    def attribute(self, link_entity: str, link_id: str, facet: str, value: object = None) -> None:
        """Link a term: the facet's child `facet:value`, or the facet term itself, carrying
        `value` where the facet holds data rather than classes."""
        spec = FACETS[facet]
        text = None
        if spec.has_terms:
            code = f"{facet}:{_text(value)}"
            if spec.open and code not in self.open_terms:
                self.open_terms[code] = child_record(spec, _text(value), _text(value), self.lang)
            key = code
        elif spec.flag:
            code = key = facet
        else:
            code, text = facet, _text(value)
            key = f"{facet}:{text}" if facet != "note" else facet  # a note is one per record, in either language
        attribute_id = uid("attribute", link_id, key)
        if attribute_id in self.attribute_ids:  # a repeated keyword says nothing new
            return
        self.attribute_ids.add(attribute_id)
        record: Record = {"id": attribute_id, "link_id": link_id, "taxonomy_term_id": term_id(code),
                          "link_type": spec.link_type, "link_entity": link_entity}
        if text is not None:
            record["value"] = text
        self.tables["attribute"].append(record)

    # -- services -------------------------------------------------------------------------------

    def service(self, entry: Entry) -> None:
        sid = service_id(entry)
        fresh = freshness_date(entry)
        record: Record = {"id": sid, "organization_id": self.service_organisation(entry, sid), "name": entry.name,
                          "description": entry.summary.get(self.lang)}
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
        record["assured_date"] = fresh.isoformat()
        record["last_modified"] = f"{fresh.isoformat()}T00:00:00Z"
        self.tables["service"].append(record)
        if entry.funder:
            self.tables["funding"].append({"id": uid("funding", entry.id), "service_id": sid, "source": entry.funder})
        self.areas(entry, sid)
        for index, contact in enumerate(entry.contacts):
            self.contact(entry, sid, index, contact)
        self.service_attributes(entry, sid, record["assured_date"])

    def eligibility_text(self, entry: Entry) -> str:
        from lotse.present.render.catalogue import eligibility_lines

        lines = [f"{label}: {value}" for label, value in eligibility_lines(entry, self.catalogue, self.lang)]
        if entry.eligibility.note:
            lines.append(entry.eligibility.note.get(self.lang))
        return "\n".join(lines)

    def areas(self, entry: Entry, sid: str) -> None:
        lang = self.lang
        regions = self.catalogue.regions
        note = entry.area.note.get(lang) if entry.area.note else None
        named: list[tuple[str, str, str]] = []
        if entry.area.nationwide:
            named.append(("DE", T("germany", lang), T("germany_extent", lang)))
        for region_id in entry.area.states + entry.area.places:
            region = regions.get(region_id)
            land = regions.get(region.state).label(lang)
            named.append((region_id, region.label(lang), T(region.type, lang, name=region.label(lang), land=land)))
        for key, name, extent in named:
            record: Record = {"id": uid("service_area", entry.id, key), "service_id": sid, "name": name}
            if note:
                record["description"] = note
            record.update({"extent": extent, "extent_type": "text"})
            self.tables["service_area"].append(record)

    def contact(self, entry: Entry, sid: str, index: int, contact: Contact) -> None:
        parts = (entry.id, str(index))
        cid = uid("contact", *parts)
        record: Record = {"id": cid, "service_id": sid}
        if contact.organisation and organisation_key(contact.organisation) in self.providers:
            _, organisation = self.organisation(contact.organisation)
            record["organization_id"] = organisation["id"]
            if organisation["name"] != contact.organisation:
                self.attribute("contact", cid, "organisation", contact.organisation)
        at_location = None
        if contact.address or contact.url:
            location = self.location(entry, contact)
            self.located[_place_key(contact.address, contact.url)].append((cid, contact.url))
            record["location_id"] = location
            at_location = uid("service_at_location", entry.id, location)
            if at_location not in self.at_locations:
                self.at_locations.add(at_location)
                self.tables["service_at_location"].append(
                    {"id": at_location, "service_id": sid, "location_id": location})
        if contact.name:
            record["name"] = contact.name
        if contact.role:
            record["title"] = contact.role.get(self.lang)
        if contact.organisation and "organization_id" not in record:
            record["department"] = contact.organisation
        if contact.email:
            record["email"] = contact.email[0]
        self.tables["contact"].append(record)
        for email in contact.email[1:]:
            self.attribute("contact", cid, "email", email)
        for kind, numbers in (("voice", contact.phone), ("fax", contact.fax)):
            for number_index, number in enumerate(numbers):
                phone = uid("phone", *parts, kind, str(number_index))
                written = international(number)
                self.tables["phone"].append({"id": phone, "contact_id": cid, "number": written, "type": kind})
                if written != number:
                    self.attribute("phone", phone, "as_printed", number)
        if contact.hours:
            schedule: Record = {"id": uid("schedule", *parts), "service_id": sid}
            if at_location is not None:
                schedule["service_at_location_id"] = at_location
            schedule["description"] = contact.hours.get(self.lang)
            self.tables["schedule"].append(schedule)
            self.attribute("schedule", schedule["id"], "for_contact", cid)

    def location(self, entry: Entry, contact: Contact) -> str:
        """The location of the contact's place, shared with every other contact there."""
        key = _place_key(contact.address, contact.url)
        if key in self.locations:
            return str(self.locations[key]["id"])
        lid = uid("location", key)
        record: Record = {"id": lid, "location_type": "physical" if contact.address else "virtual",
                          "name": contact.organisation or entry.name}
        self.locations[key] = record
        address = contact.address
        if address is None:
            return lid
        land = self.land(entry, address.city)
        if address.street and address.postcode and address.city and land:
            self.tables["address"].append({
                "id": uid("address", key), "location_id": lid, "address_1": address.street, "city": address.city,
                "state_province": land, "postal_code": address.postcode, "country": "DE",
                "address_type": "physical"})
        else:  # HSDS requires every part: the parts known are said in words and kept exactly
            record["description"] = address.one_line()
            parts = {k: v for k, v in (("street", address.street), ("postcode", address.postcode),
                                       ("city", address.city)) if v}
            self.attribute("location", lid, "address", json.dumps(parts, ensure_ascii=False, sort_keys=True))
        return lid

    def web_addresses(self) -> None:
        """A place's web address where all its contacts give the same one; else each contact's
        own, as an attribute of the contact."""
        for key, contacts in self.located.items():
            urls = {url for _, url in contacts}
            if len(urls) == 1 and None not in urls:
                self.locations[key]["url"] = uri(str(urls.pop()))
                continue
            for cid, url in contacts:
                if url:
                    self.attribute("contact", cid, "url", uri(url))

    def land(self, entry: Entry, city: str | None) -> str:
        """The Land of an address: of its city where the gazetteer knows it, else of a service
        area that lies in one Land; else "" (lotse does not guess)."""
        regions = self.catalogue.regions
        if city:
            try:
                return regions.get(regions.resolve(city).state).label(self.lang)
            except RegionError:
                pass
        lands = {regions.get(r).state for r in entry.area.states + entry.area.places}
        return regions.get(lands.pop()).label(self.lang) if len(lands) == 1 else ""

    def service_attributes(self, entry: Entry, sid: str, assured: str) -> None:
        def add(facet: str, value: object = None) -> None:
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
        if str(entry.as_of) != assured:  # else assured_date says it
            add("as_of", entry.as_of)
        if entry.as_of_derived:
            add("as_of_derived")
        if entry.verified:
            add("verified", entry.verified)
            add("verified_by", entry.verified_by)
        if entry.area.derived:
            add("area_derived")
        for facet, date in (("period_start", entry.period.start), ("period_end", entry.period.end),
                            ("period_review", entry.period.review)):
            if date is not None:
                add(facet, date)
        for source in entry.sources:
            add("source", json.dumps(source_record(source), ensure_ascii=False, sort_keys=True))
        # The list of this language, not the other's in its place: an import fills each from its own.
        for offer in getattr(entry.offers, self.lang):
            add("offer", offer)
        for keyword in getattr(entry.keywords, self.lang):
            add("keyword", keyword)


def service_id(entry: Entry) -> str:
    """The service's HSDS id: the one it came with from another directory, else lotse's own."""
    if entry.hsds_id and _UUID.fullmatch(entry.hsds_id):
        return entry.hsds_id
    return uid("service", entry.id)


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_tables(catalogue: Catalogue, lang: str, today: dt.date) -> Tables:
    """Every entry of the catalogue as HSDS records, table by table, in a stable order."""
    return _Export(catalogue, lang, today).run()
