"""The contacts of an imported service: everything HSDS links to it, followed.

HSDS links contacts and phones to a service, to a service at a location, to a location and to an
organization, and opening hours (schedules) to a service, a service at a location or a location.
lotse's contact is one way to reach a service (an organisation or person with phones, e-mail, an
address, a web address and hours), so each is gathered where it is linked:

1. the service's own contacts, then those of its service at locations, then those of its
   locations and of its organization that belong to no narrower record;
2. each contact's phones, its location's address and web address and the hours of its place;
3. phones and hours linked to the service, a service at a location, a location or the
   organization alone: with the contact at that place, else as a contact of their own.

A record met twice (HSDS's own example links one phone to the service, its location, its contact
and its organization) counts once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from lotse.i18n import Messages
from lotse.present.hsds import Record, Tables, text
from lotse.present.hsds.languages import Pair, Texts
from lotse.present.hsds.notes import Notes
from lotse.store.schema import EMAIL_PATTERN, URL_PATTERN

Attributes = dict[str, dict[str, list[str]]]  # HSDS id -> lotse facet -> values

DAYS = {"MO": ("Mo", "Mon"), "TU": ("Di", "Tue"), "WE": ("Mi", "Wed"), "TH": ("Do", "Thu"), "FR": ("Fr", "Fri"),
        "SA": ("Sa", "Sat"), "SU": ("So", "Sun")}

# The notes on what was left out; each begins with the HSDS table it concerns.
T = Messages({
    "unreachable": ("contacts: Kontakt ohne Telefon, E-Mail, Webadresse oder Adresse ausgelassen",
                    "contacts: contact with no phone, e-mail, web address or address left out"),
    "organisation": ("organizations: Telefon oder E-Mail der Organisation als Kontakt übernommen",
                     "organizations: phones or e-mail of the organization kept as a contact"),
    "email": ("contacts: E-Mail-Adresse, die keine ist, ausgelassen",
              "contacts: e-mail address that is not one left out"),
    "url": ("locations: Webadresse, die keine ist, ausgelassen", "locations: web address that is not one left out"),
    "addresses": ("addresses: nur die erste Adresse eines Standorts übernommen",
                  "addresses: only the first address of a location mapped"),
    "hours": ("schedules: Öffnungszeiten eines Angebots ohne Kontakt nicht übernommen",
              "schedules: opening hours of a service without any contact not mapped"),
})


def _by(records: list[Record], key: str) -> dict[str, list[Record]]:
    index: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if text(record.get(key)):
            index[text(record[key])].append(record)
    return index


class Links:
    """The tables of a directory indexed by every link a contact, phone or schedule may have."""

    def __init__(self, tables: Tables, attributes: Attributes, texts: Texts, notes: Notes):
        self.attributes = attributes
        self.texts = texts
        self.notes = notes
        self.organisations = {text(o.get("id")): o for o in tables["organization"]}
        self.locations = {text(loc.get("id")): loc for loc in tables["location"]}
        self.addresses = _by(tables["address"], "location_id")
        self.at_locations = _by(tables["service_at_location"], "service_id")
        self.contacts = {key: _by(tables["contact"], key) for key in
                         ("service_id", "service_at_location_id", "location_id", "organization_id")}
        self.phones = {key: _by(tables["phone"], key) for key in
                       ("contact_id", "service_id", "service_at_location_id", "location_id", "organization_id")}
        self.schedules = {key: _by(tables["schedule"], key) for key in
                          ("service_id", "service_at_location_id", "location_id")}

    # -- a service's contacts --------------------------------------------------------------------

    def of(self, service: Record, name: str, organisation: str | None, ours: bool) -> list[dict[str, Any]]:
        sid = text(service.get("id"))
        links = self.at_locations.get(sid, [])
        places = [text(link.get("location_id")) for link in links]
        org_id = text(service.get("organization_id"))
        records: dict[str, Record] = {}
        for record in self.contacts["service_id"].get(sid, []):
            records.setdefault(text(record.get("id")), record)
        for link in links:
            for record in self.contacts["service_at_location_id"].get(text(link.get("id")), []):
                if not text(record.get("service_id")) or text(record.get("service_id")) == sid:
                    records.setdefault(text(record.get("id")), record)
        for place in places:
            for record in self.contacts["location_id"].get(place, []):
                if not _any(record, "service_id", "service_at_location_id"):
                    records.setdefault(text(record.get("id")), record)
        of_organisation = set()
        for record in self.contacts["organization_id"].get(org_id, []) if org_id else []:
            if not _any(record, "service_id", "service_at_location_id", "location_id"):
                records.setdefault(text(record.get("id")), record)
                of_organisation.add(text(record.get("id")))
        contacts = [self.contact(record, name, ours) for record in records.values()]
        used_phones = {p for c in contacts for p in c.pop("_phones")}
        by_place = {c["_place"]: c for c in reversed(contacts) if c.get("_place")}

        extra: dict[str, Any] = {"organisation": organisation or name}
        self.numbers(extra, [p for p in self.phones["service_id"].get(sid, []) if not _any(p, "contact_id")],
                     used_phones)
        known = {email for c in contacts for email in c.get("email", [])}
        self.emails(extra, [e for e in [text(service.get("email"))] if e not in known], name)
        if _reachable(extra):
            contacts.append(extra)
        for link, place in zip(links, places, strict=False):
            location = self.locations.get(place)
            phones = [p for p in self.phones["service_at_location_id"].get(text(link.get("id")), [])
                      if not _any(p, "contact_id")]
            phones += [p for p in self.phones["location_id"].get(place, [])
                       if not _any(p, "contact_id", "service_id", "service_at_location_id")]
            if place in by_place:
                self.numbers(by_place[place], phones, used_phones)
            elif location is not None:
                contact: dict[str, Any] = {"organisation": text(location.get("name")) or organisation or name,
                                           "_place": place}
                self.place(contact, location, name, ours)
                self.numbers(contact, phones, used_phones)
                contacts.append(contact)
                by_place[place] = contact
        if org_id and not ours:
            self.organisation_contact(contacts, org_id, used_phones, name,
                                      next((c for c in contacts if c.get("_id") in of_organisation), None))
        self.hours(contacts, sid, links, name)
        reachable = [c for c in contacts if _reachable(c)]
        if len(reachable) < len(contacts):
            self.notes.add(T.text("unreachable"), name)
        for contact in reachable:
            for key in [k for k in contact if k.startswith("_")]:
                del contact[key]
        return reachable

    def organisation_contact(self, contacts: list[dict[str, Any]], org_id: str, used: set[str], name: str,
                             own: dict[str, Any] | None) -> None:
        """The organization's own phones, with its contact where it has one, else as a contact of
        their own; and its e-mail address where the service gives no other."""
        # An organization the data links phones to but does not list (hsds-transformer writes no
        # organizations.csv): its phones are still the service's provider's.
        organisation = self.organisations.get(org_id, {})
        contact: dict[str, Any] = own if own is not None else {"organisation": text(organisation.get("name")) or name}
        self.numbers(contact, [p for p in self.phones["organization_id"].get(org_id, []) if not _any(
            p, "contact_id", "service_id", "service_at_location_id", "location_id")], used)
        if not any(c.get("email") for c in contacts):
            self.emails(contact, [text(organisation.get("email"))], name)
        if own is None and _reachable(contact):
            self.notes.add(T.text("organisation"), name)
            contacts.append(contact)

    def contact(self, record: Record, name: str, ours: bool) -> dict[str, Any]:
        cid = text(record.get("id"))
        attrs = self.attributes.get(cid, {})
        contact: dict[str, Any] = {"_id": cid, "_phones": set()}
        organisation = attrs.get("organisation", [""])[0] or text(
            self.organisations.get(text(record.get("organization_id")), {}).get("name"))
        if ours and not organisation:  # lotse's export names an office as the department
            organisation = text(record.get("department"))
        if organisation:
            contact["organisation"] = organisation
        if text(record.get("name")):
            contact["name"] = text(record["name"])
        role = self.texts.joined("contact", record, ("title",) if ours else ("title", "department"), ", ")
        if role:
            contact["role"] = role
        used: set[str] = set()
        self.numbers(contact, self.phones["contact_id"].get(cid, []), used)
        contact["_phones"] = used
        self.emails(contact, [text(record.get("email")), *attrs.get("email", [])], name)
        location = self.locations.get(text(record.get("location_id")))
        if location is not None:
            contact["_place"] = text(location.get("id"))
            self.place(contact, location, name, ours)
        if attrs.get("url"):  # lotse's export: the contact's own web address, where its place has several
            contact["url"] = attrs["url"][0]
        return contact

    # -- numbers, e-mail, places, hours -----------------------------------------------------------

    def numbers(self, contact: dict[str, Any], phones: list[Record], used: set[str]) -> None:
        """Add each phone once: as the source printed it where lotse's export kept that."""
        for phone in phones:
            pid = text(phone.get("id"))
            if pid and pid in used:
                continue
            used.add(pid)
            number = self.attributes.get(pid, {}).get("as_printed", [""])[0] or _unquoted(text(phone.get("number")))
            if not number:
                continue
            key = "fax" if text(phone.get("type")).lower() == "fax" else "phone"
            if number not in contact.get(key, []):
                contact.setdefault(key, []).append(number)

    def emails(self, contact: dict[str, Any], emails: list[str], name: str) -> None:
        for email in emails:
            if not email:
                continue
            if EMAIL_PATTERN.match(email):
                if email not in contact.get("email", []):
                    contact.setdefault("email", []).append(email)
            else:
                self.notes.add(T.text("email"), name)

    def place(self, contact: dict[str, Any], location: Record, name: str, ours: bool) -> None:
        url = text(location.get("url"))
        if url and URL_PATTERN.match(url):
            contact["url"] = url
        elif url:
            self.notes.add(T.text("url"), url)
        kept = self.attributes.get(text(location.get("id")), {}).get("address")
        if kept:  # lotse's export: an address HSDS could not take whole
            try:
                parts = json.loads(kept[0])
            except ValueError:
                parts = None
            if isinstance(parts, dict) and parts and all(isinstance(v, str) for v in parts.values()):
                contact["address"] = {k: parts[k] for k in ("street", "postcode", "city") if parts.get(k)}
                return
        addresses = [a for a in self.addresses.get(text(location.get("id")), [])
                     if text(a.get("address_type")).lower() != "virtual"]
        addresses.sort(key=lambda a: text(a.get("address_type")).lower() == "postal")  # the visitors' one first
        if not addresses:
            return
        first = addresses[0]
        street = ", ".join(p for p in (text(first.get("address_1")), text(first.get("address_2"))) if p)
        address = {k: v for k, v in (("street", street), ("postcode", text(first.get("postal_code"))),
                                     ("city", text(first.get("city")))) if v}
        if address:
            contact["address"] = address
        if len(addresses) > 1 and not ours:
            self.notes.add(T.text("addresses"), name)

    def hours(self, contacts: list[dict[str, Any]], sid: str, links: list[Record], name: str) -> None:
        """Opening hours into the contact they belong to: the one lotse's export names, else the
        contact at the schedule's place, else the service's first contact."""
        by_id = {c["_id"]: c for c in contacts if c.get("_id")}
        by_place = {c["_place"]: c for c in reversed(contacts) if c.get("_place")}
        found: list[tuple[Record, dict[str, Any] | None]] = []
        seen: set[str] = set()
        candidates: list[tuple[Record, str]] = [(s, "") for s in self.schedules["service_id"].get(sid, [])]
        for link in links:
            place = text(link.get("location_id"))
            candidates += [(s, place) for s in self.schedules["service_at_location_id"].get(text(link.get("id")), [])]
            candidates += [(s, place) for s in self.schedules["location_id"].get(place, [])
                           if not _any(s, "service_id", "service_at_location_id")]
        for schedule, place in candidates:
            key = text(schedule.get("id"))
            if key in seen:
                continue
            seen.add(key)
            named = self.attributes.get(key, {}).get("for_contact", [""])[0]
            place = place or text(schedule.get("location_id"))
            if named in by_id:
                found.append((schedule, by_id[named]))
            elif place in by_place:
                found.append((schedule, by_place[place]))
            else:
                found.append((schedule, contacts[0] if contacts else None))
        texts: dict[int, list[Pair]] = defaultdict(list)
        for schedule, contact in found:
            hours = self.hours_text(schedule)
            if hours is None:
                continue
            if contact is None:
                self.notes.add(T.text("hours"), name)
                continue
            texts[id(contact)].append(hours)
        for contact in contacts:
            pairs = texts.get(id(contact))
            if pairs:
                contact["hours"] = {lang: "; ".join(p[lang] for p in pairs) for lang in pairs[0]}

    def hours_text(self, schedule: Record) -> Pair | None:
        """The schedule in words: its description, else its days and times, with its notes."""
        hours = self.texts.pair("schedule", schedule, "description")
        if hours is None:
            days = [DAYS[d.strip()[-2:].upper()] for d in text(schedule.get("byday")).split(",")
                    if d.strip()[-2:].upper() in DAYS]
            times = "–".join(t[:5] for t in (text(schedule.get("opens_at")), text(schedule.get("closes_at"))) if t)
            if not days and not times:
                return None
            hours = {lang: " ".join(p for p in (", ".join(d[i] for d in days), times) if p)
                     for i, lang in enumerate(("de", "en"))}
        notes = self.texts.pair("schedule", schedule, "notes")
        if notes:
            hours = {lang: f"{hours[lang]} ({notes[lang]})" for lang in hours}
        return hours


def _any(record: Record, *keys: str) -> bool:
    return any(text(record.get(key)) for key in keys)


def _reachable(contact: dict[str, Any]) -> bool:
    """Whether lotse can keep the contact: a fax number alone is no way to reach a service."""
    return any(contact.get(key) for key in ("phone", "email", "url", "address"))


def _unquoted(number: str) -> str:
    """A number without the quotation marks some exports put around it ("+44 1234 234567")."""
    return number.strip().strip("\"'").strip()
