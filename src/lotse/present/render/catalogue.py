"""Renderers for `lotse catalog list` and `lotse show`."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.model.entry import ANY, GERMAN_LEVELS, Contact, Entry, Range
from lotse.present.records import entry_record

if TYPE_CHECKING:
    from rich.console import RenderableType

T = Messages({
    "id": ("ID", "ID"),
    "name": ("Name", "Name"),
    "kind": ("Art", "Kind"),
    "level": ("Ebene", "Level"),
    "area": ("Gebiet", "Area"),
    "provider": ("Träger", "Provider"),
    "funder": ("Förderung", "Funded by"),
    "nationwide": ("bundesweit", "nationwide"),
    "derived": ("abgeleitet", "derived"),
    "goals": ("Ziele", "Goals"),
    "offers": ("Angebote", "Offers"),
    "for_whom": ("Für wen", "For whom"),
    "clients": ("Zielgruppe", "Clients"),
    "statuses": ("Aufenthaltsstatus", "Residence status"),
    "age": ("Alter", "Age"),
    "qualifications": ("Qualifikation", "Qualification"),
    "gender": ("Geschlecht", "Gender"),
    "german_level": ("Deutschniveau", "German level"),
    "benefits": ("Bürgergeld", "Bürgergeld"),
    "sectors": ("Branche", "Sector"),
    "benefits_yes": ("nur bei Bezug von Bürgergeld", "only for people receiving Bürgergeld"),
    "benefits_no": ("nicht bei Bezug von Bürgergeld", "not for people receiving Bürgergeld"),
    "not_stated": ("in den Quellen nicht angegeben", "not stated in the sources"),
    "any": ("alle", "all"),
    "organisations_only": ("nur Organisationen und Fachkräfte", "organisations and professionals only"),
    "contacts": ("Kontakt", "Contacts"),
    "period": ("Laufzeit", "Period"),
    "review": ("zu prüfen", "review"),
    "ended": ("beendet", "ended"),
    "as_of": ("Stand", "As of"),
    "verified": ("geprüft am", "verified on"),
    "source": ("Quelle", "Source"),
    "origin": ("Datei", "File"),
    "replaces": ("ersetzt Eintrag aus", "replaces the entry from"),
    "part_of": ("Teil von", "Part of"),
    "web": ("Web", "Web"),
    "phone": ("Tel.", "Phone"),
    "fax": ("Fax", "Fax"),
    "email": ("E-Mail", "E-mail"),
    "entries": ("{n} Einträge", "{n} entries"),
})

LIST_COLUMNS = ("id", "name", "kind", "level", "area", "as_of", "ended")


def area_label(entry: Entry, catalogue: Catalogue, lang: str) -> str:
    if entry.area.nationwide:
        return T("nationwide", lang)
    names = [catalogue.regions.get(r).label(lang) for r in entry.area.states + entry.area.places]
    return ", ".join(names)


def list_rows(entries: Sequence[Entry], catalogue: Catalogue, lang: str, today: dt.date) -> list[dict[str, str]]:
    return [{
        "id": e.id, "name": e.name,
        "kind": catalogue.vocabulary.label("kind", e.kind, lang),
        "level": catalogue.vocabulary.label("level", e.level, lang),
        "area": area_label(e, catalogue, lang), "as_of": str(e.as_of),
        "ended": T("ended", lang) if e.has_ended(today) else "",
    } for e in entries]


def list_json(entries: Sequence[Entry]) -> str:
    return json.dumps([entry_record(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


def list_csv(entries: Sequence[Entry], catalogue: Catalogue, lang: str, today: dt.date) -> str:
    from lotse.present.render.safe_csv import write_rows

    buffer = io.StringIO()
    write_rows(buffer, LIST_COLUMNS, [[row[c] for c in LIST_COLUMNS]
                                      for row in list_rows(entries, catalogue, lang, today)])
    return buffer.getvalue()


def list_table(entries: Sequence[Entry], catalogue: Catalogue, lang: str, today: dt.date) -> RenderableType:
    from rich.table import Table

    table = Table(show_lines=False, caption=T("entries", lang, n=len(entries)))
    for column in ("id", "name", "kind", "area"):
        table.add_column(T(column, lang), overflow="fold")
    for row, entry in zip(list_rows(entries, catalogue, lang, today), entries, strict=True):
        style = "dim" if entry.has_ended(today) else None
        name = row["name"] + (f" ({row['ended']})" if row["ended"] else "")
        table.add_row(row["id"], name, row["kind"], row["area"], style=style)
    return table


def _values(catalogue: Catalogue, field: str, values: tuple[str, ...] | str | None, lang: str) -> str:
    if values is None:
        return T("not_stated", lang)
    if values == ANY:
        return T("any", lang)
    return ", ".join(catalogue.vocabulary.label(field, v, lang) for v in values)


def _range_text(value: Range | str | None, lang: str, names: tuple[str, ...] | None = None) -> str:
    if value is None:
        return T("not_stated", lang)
    if value == ANY:
        return T("any", lang)
    assert isinstance(value, Range)
    low = (names[value.min] if names else str(value.min)) if value.min is not None else ""
    high = (names[value.max] if names else str(value.max)) if value.max is not None else ""
    if low and high:
        return f"{low}–{high}"
    return f"≥ {low}" if low else f"≤ {high}"


def eligibility_lines(entry: Entry, catalogue: Catalogue, lang: str) -> list[tuple[str, str]]:
    e = entry.eligibility
    clients = (_values(catalogue, "client", e.clients, lang) if e.clients
               else T("organisations_only", lang))
    lines = [(T("clients", lang), clients)]
    if "person" in e.clients:
        lines += [
            (T("statuses", lang), _values(catalogue, "status", e.statuses, lang)),
            (T("age", lang), _range_text(e.age, lang)),
            (T("qualifications", lang), _values(catalogue, "qualification", e.qualifications, lang)),
        ]
        if e.gender:
            lines.append((T("gender", lang), _values(catalogue, "gender", e.gender, lang)))
        if e.german_level is not None:
            lines.append((T("german_level", lang), _range_text(e.german_level, lang, GERMAN_LEVELS)))
        if e.benefits is not None:
            lines.append((T("benefits", lang), T("benefits_yes" if e.benefits else "benefits_no", lang)))
    if e.sectors:
        lines.append((T("sectors", lang), _values(catalogue, "sector", e.sectors, lang)))
    if e.derived:
        derived = ", ".join(T(key, lang) for key in e.derived)
        lines.append((T("derived", lang), derived))
    return lines


def entry_card(entry: Entry, catalogue: Catalogue, lang: str, today: dt.date) -> RenderableType:
    """The full entry as a readable card, with where it came from."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text as RichText

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def row(label: str, value: str | None) -> None:
        if value:
            grid.add_row(label, value)

    vocab = catalogue.vocabulary
    row(T("id", lang), entry.id)
    row(T("provider", lang), entry.provider)
    row(T("funder", lang), entry.funder)
    row(T("kind", lang), f"{vocab.label('kind', entry.kind, lang)} · {vocab.label('level', entry.level, lang)}")
    area = area_label(entry, catalogue, lang)
    if entry.area.derived:
        area += f" ({T('derived', lang)}" + (f": {entry.area.note.get(lang)})" if entry.area.note else ")")
    row(T("area", lang), area)
    if entry.part_of:
        part = catalogue.entries.get(entry.part_of)
        row(T("part_of", lang), f"{part.name} ({part.id})" if part else entry.part_of)
    row(T("goals", lang), ", ".join(vocab.label("goal", g, lang) for g in entry.goals))
    for label, value in eligibility_lines(entry, catalogue, lang):
        row(label, value)
    if entry.eligibility.note:
        row(T("for_whom", lang), entry.eligibility.note.get(lang))
    offers = entry.offers.get(lang)
    if offers:
        row(T("offers", lang), "\n".join(f"• {o}" for o in offers))
    period = entry.period
    if period.start or period.end or period.review:
        parts = []
        if period.start or period.end:
            parts.append(f"{period.start or '…'} – {period.end or '…'}")
        if period.review:
            parts.append(f"{T('review', lang)}: {period.review}")
        if entry.has_ended(today):
            parts.append(T("ended", lang).upper())
        row(T("period", lang), "; ".join(parts))
    previous = None
    for contact in entry.contacts:
        row(T("contacts", lang), contact_text(contact, lang, contact.organisation != previous))
        previous = contact.organisation
    row(T("web", lang), entry.url)
    row(T("as_of", lang), f"{entry.as_of}" + (f" ({T('derived', lang)})" if entry.as_of_derived else ""))
    row(T("verified", lang), f"{entry.verified} ({entry.verified_by})" if entry.verified else None)
    for source in entry.sources:
        row(T("source", lang), source.label() + (f"\n{source.note}" if source.note else ""))
    row(T("origin", lang), entry.origin)
    row(T("replaces", lang), entry.replaces)
    title = RichText(entry.name, style="bold")
    return Panel(Group(RichText(entry.summary.get(lang)), RichText(""), grid), title=title,
                 title_align="left")


def contact_text(contact: Contact, lang: str, organisation: bool = True) -> str:
    """A contact as lines; `organisation=False` when the previous contact already named it."""
    lines = []
    head = " – ".join(p for p in (contact.name, contact.role.get(lang) if contact.role else None) if p)
    if contact.organisation and organisation:
        lines.append(contact.organisation)
    if head:
        lines.append(head)
    if contact.address:
        lines.append(contact.address.one_line())
    for label, values in (("phone", contact.phone), ("fax", contact.fax), ("email", contact.email)):
        if values:
            lines.append(f"{T(label, lang)}: {', '.join(values)}")
    if contact.url:
        lines.append(contact.url)
    return "\n".join(lines)
