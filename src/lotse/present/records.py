"""Plain-data views of entries for JSON, CSV and other machine-readable output.

Field names here are part of the documented JSON contract: add fields, never rename them.
"""

from __future__ import annotations

from typing import Any

from lotse.model.entry import (
    ANY,
    GERMAN_LEVELS,
    Contact,
    Entry,
    PartialDate,
    Range,
    Source,
    Text,
    TextList,
)


def _date(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _range(value: Range | str | None, names: tuple[str, ...] | None = None) -> Any:
    if value is None or value == ANY:
        return value
    assert isinstance(value, Range)
    if names:
        return {"min": names[value.min] if value.min is not None else None,
                "max": names[value.max] if value.max is not None else None}
    return {"min": value.min, "max": value.max}


def _text(value: Text | None) -> dict[str, str] | None:
    return {"de": value.de, "en": value.en} if value else None


def _texts(value: TextList) -> dict[str, list[str]]:
    return {"de": list(value.de), "en": list(value.en)}


def contact_record(contact: Contact, lang: str) -> dict[str, Any]:
    """The contact fields of the `ask --format json` contract (strings, "" where unknown)."""
    return {
        "name": contact.name or contact.organisation or "",
        "organisation": contact.organisation or "",
        "role": contact.role.get(lang) if contact.role else "",
        "phone": ", ".join(contact.phone),
        "fax": ", ".join(contact.fax),
        "email": ", ".join(contact.email),
        "address": contact.address.one_line() if contact.address else "",
        "url": contact.url or "",
    }


def entry_record(entry: Entry) -> dict[str, Any]:
    """Every field of an entry, in both languages, for `catalog list --format json`."""
    e = entry.eligibility
    return {
        "id": entry.id,
        "name": entry.name,
        "provider": entry.provider,
        "funder": entry.funder,
        "kind": entry.kind,
        "level": entry.level,
        "area": {
            "nationwide": entry.area.nationwide,
            "states": list(entry.area.states),
            "places": list(entry.area.places),
            "derived": entry.area.derived,
            "note": _text(entry.area.note),
        },
        "part_of": entry.part_of,
        "summary": _text(entry.summary),
        "eligibility": {
            "clients": list(e.clients),
            "statuses": e.statuses if e.statuses in (None, ANY) else list(e.statuses),
            "age": _range(e.age),
            "qualifications": e.qualifications if e.qualifications in (None, ANY) else list(e.qualifications),
            "gender": list(e.gender) if e.gender else None,
            "german_level": _range(e.german_level, GERMAN_LEVELS),
            "benefits": e.benefits,
            "sectors": list(e.sectors) if e.sectors else None,
            "derived": list(e.derived),
            "note": _text(e.note),
        },
        "goals": list(entry.goals),
        "offers": _texts(entry.offers),
        "contacts": [
            {
                "organisation": c.organisation,
                "name": c.name,
                "role": _text(c.role),
                "phone": list(c.phone),
                "fax": list(c.fax),
                "email": list(c.email),
                "address": ({"street": c.address.street, "postcode": c.address.postcode,
                             "city": c.address.city} if c.address else None),
                "url": c.url,
                "hours": _text(c.hours),
            }
            for c in entry.contacts
        ],
        "url": entry.url,
        "cost": entry.cost,
        "period": {"start": _date(entry.period.start), "end": _date(entry.period.end),
                   "review": _date(entry.period.review)},
        "as_of": str(entry.as_of),
        "as_of_derived": entry.as_of_derived,
        "verified": _date(entry.verified),
        "verified_by": entry.verified_by,
        "source": source_record(entry.source),
        "sources": [source_record(s) for s in entry.sources],
        "keywords": _texts(entry.keywords),
        "hsds_id": entry.hsds_id,
        "origin": entry.origin,
        "replaces": entry.replaces,
    }


def source_record(source: Source) -> dict[str, str]:
    """A source as JSON: only the keys it has (a seed's file and section, or a page's url and date)."""
    record = {"file": source.file, "section": source.section, "url": source.url,
              "date": _date(source.date), "note": source.note}
    return {key: value for key, value in record.items() if value is not None}
