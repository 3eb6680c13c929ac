"""The contact sheet as data: what the client or a colleague reads, worded in the sheet's language.

Every format lays out the same `Sheet`, so Markdown, HTML, PDF, CSV and vCard cannot drift apart
in content. The sheet's language is chosen apart from the UI's (`--sheet-lang`), because the
adviser may work in German while the client reads English: all wording is therefore produced here
again in the sheet language instead of being taken from the screen.

Pure: a recommendation, a search result or chosen entries, the catalogue and today's date in, a
Sheet out. A sheet never holds a name: the answers carry none, and the summary shows only the
answer keys.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from msgspec.structs import replace

from lotse.domain.freshness import grade, is_stale
from lotse.domain.rules import PeriodReason, PlanStep, Recommendation, Result
from lotse.i18n import Messages
from lotse.model.answers import Answers, answer_label, answer_text
from lotse.model.catalogue import Catalogue
from lotse.model.entry import Address, Contact, Entry
from lotse.present.reasons import condition_text, reason_text
from lotse.present.records import contact_record
from lotse.present.render.results import catalogue_as_of, caveats, recommendation_record

if TYPE_CHECKING:
    from lotse.domain.search import SearchResult

T = Messages({
    "title": ("Kontaktblatt", "Contact sheet"),
    "created": ("Erstellt am {date}", "Created on {date}"),
    "answers": ("Ausgangslage", "Situation"),
    "services": ("Passende Angebote, die besten zuerst", "Matching services, best first"),
    "services_chosen": ("Angebote", "Services"),
    "query": ("Suche", "Search"),
    "filter_kind": ("Art", "Kind"),
    "filter_level": ("Ebene", "Level"),
    "no_services": ("Kein Angebot passt zu diesen Angaben.", "No service fits these answers."),
    "why": ("Warum es passt", "Why it fits"),
    "caveats": ("Beim Angebot klären", "Check with the service"),
    "contacts": ("Kontakt", "Contact"),
    "web": ("Web", "Web"),
    "phone": ("Tel.", "Phone"),
    "fax": ("Fax", "Fax"),
    "email": ("E-Mail", "E-mail"),
    "as_of": ("Stand", "As of"),
    "verified": ("geprüft", "verified"),
    "confirm": ("Angaben über ein Jahr alt: bitte vor dem Besuch anrufen und nachfragen",
                "information over a year old: please phone before you go"),
    "steps": ("Nächste Schritte", "Next steps"),
    "more": ("Weitere Angebote", "Further services"),
    "contact_step": ("Kontakt aufnehmen und einen Termin vereinbaren", "Get in touch and make an appointment"),
    "helps_with": ("Hilft bei: {goals} – {where}.", "Helps with: {goals} – {where}."),
    "where_local": ("vor Ort in {region}", "locally in {region}"),
    "where_land": ("für ganz {region}", "for all of {region}"),
    "where_nation": ("bundesweit", "nationwide"),
    "ask_fit": ("Beim ersten Kontakt fragen, ob das Angebot für Sie passt.",
                "At the first contact, ask whether the service is right for you."),
    "bring": ("Zu jedem Termin mitbringen: Pass oder Ausweis, Aufenthaltspapiere und Ihre Unterlagen "
              "(Zeugnisse, Bescheide, Briefe von Ämtern).",
              "Bring to every appointment: passport or ID, residence papers and your documents "
              "(certificates, decisions, letters from authorities)."),
    "note": ("Notiz der Beratung", "Adviser's note"),
    "freshness": ("Katalogstand: {date}. Bei markierten Angaben bitte vor dem Besuch anrufen und "
                  "nachfragen, ob Adresse und Zeiten noch stimmen.",
                  "Catalogue as of {date}. Where details are marked, please phone before you go and "
                  "ask whether the address and hours are still right."),
    "disclaimer": ("Dieses Blatt ist eine Verweisliste, keine Rechtsberatung. Katalogstand: {date}.",
                   "This sheet is a referral list, not legal advice. Catalogue as of {date}."),
    # Column headers of the CSV export.
    "col_rank": ("Rang", "Rank"),
    "col_service": ("Angebot", "Service"),
    "col_provider": ("Träger", "Provider"),
    "col_organisation": ("Organisation", "Organisation"),
    "col_name": ("Ansprechperson", "Contact person"),
    "col_role": ("Funktion", "Role"),
    "col_phone": ("Telefon", "Phone"),
    "col_fax": ("Fax", "Fax"),
    "col_email": ("E-Mail", "E-mail"),
    "col_address": ("Adresse", "Address"),
    "col_web": ("Web", "Web"),
    "col_as_of": ("Stand", "As of"),
    "col_verified": ("Geprüft", "Verified"),
})

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


class SheetContact(Struct, frozen=True):
    """A contact with its role worded in the sheet's language; every field may be empty."""

    organisation: str
    name: str
    role: str
    phones: tuple[str, ...]
    faxes: tuple[str, ...]
    emails: tuple[str, ...]
    address: Address | None
    url: str

    @property
    def address_line(self) -> str:
        return self.address.one_line() if self.address else ""

    @classmethod
    def of(cls, contact: Contact, lang: str) -> SheetContact:
        return cls(contact.organisation or "", contact.name or "", contact.role.get(lang) if contact.role else "",
                   contact.phone, contact.fax, contact.email, contact.address, contact.url or "")


class SheetService(Struct, frozen=True):
    """One service on the sheet, in rank order."""

    rank: int
    id: str
    name: str
    provider: str
    summary: str
    why: tuple[str, ...]  # empty when the services were chosen, not matched to answers
    caveats: tuple[str, ...]
    contacts: tuple[SheetContact, ...]
    url: str
    as_of: str
    verified: str  # when a maintainer last confirmed the entry, "" if never
    confirm: bool  # older than a year (lotse.domain.freshness): the reader should confirm the contacts

    @property
    def listed_contacts(self) -> tuple[tuple[SheetContact, str], ...]:
        """Each contact with the organisation to print: "" when the one before already named it."""
        previous = None
        listed = []
        for contact in self.contacts:
            listed.append((contact, contact.organisation if contact.organisation != previous else ""))
            previous = contact.organisation
        return tuple(listed)


class SheetStep(Struct, frozen=True):
    """One checklist item: what to do, who does it, and the group it belongs to ("" for none)."""

    goal: str  # the goal's label, or "Further services" for services the plan does not name
    text: str
    who: str
    contact: str = ""  # how to reach who: its first phone, e-mail or address


class Sheet(Struct, frozen=True):
    """A whole sheet with every text final in `lang`: renderers only lay it out."""

    lang: str
    title: str
    created: str
    answers: tuple[tuple[str, str], ...]  # (label, value), the region first
    services: tuple[SheetService, ...]
    steps: tuple[SheetStep, ...]
    note: str
    catalogue_as_of: str
    chosen: bool  # services chosen by id or search rather than matched to answers
    record: Mapping[str, Any]  # the `ask --format json` object (the JSON export writes it as is)

    def word(self, key: str, **params: object) -> str:
        """A fixed label or sentence in the sheet's language."""
        return T(key, self.lang, **params)

    @property
    def step_groups(self) -> tuple[tuple[str, tuple[SheetStep, ...]], ...]:
        """The checklist in runs of one group (goal), in plan order."""
        groups: list[tuple[str, list[SheetStep]]] = []
        for step in self.steps:
            if not groups or groups[-1][0] != step.goal:
                groups.append((step.goal, []))
            groups[-1][1].append(step)
        return tuple((goal, tuple(steps)) for goal, steps in groups)

    def dated(self, service: SheetService) -> str:
        """A service's date as the sheet prints it: "2011", or "2011 · geprüft 2025-03"."""
        if service.verified:
            return f"{service.as_of} · {self.word('verified')} {service.verified}"
        return service.as_of

    @property
    def services_heading(self) -> str:
        return self.word("services_chosen" if self.chosen else "services")

    @property
    def freshness(self) -> str:
        return self.word("freshness", date=self.catalogue_as_of)

    @property
    def disclaimer(self) -> str:
        return self.word("disclaimer", date=self.catalogue_as_of)


def long_date(day: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return day.strftime("%d.%m.%Y")


def answer_lines(answers: Answers, catalogue: Catalogue, lang: str) -> tuple[tuple[str, str], ...]:
    """The answers as (label, value) lines with vocabulary labels, the region first."""
    mapping = answers.to_mapping()
    keys = sorted(mapping, key=lambda k: k != "region")
    return tuple((answer_label(key, lang),
                  answer_text(key, mapping[key], catalogue.vocabulary, catalogue.regions, lang))
                 for key in keys if mapping[key] not in (None, [], ""))


def sheet_for_recommendation(rec: Recommendation, catalogue: Catalogue, lang: str, today: dt.date,
                             note: str = "") -> Sheet:
    """The sheet of a consultation: the answers, the ranked results and the referral plan."""
    # The client's voice: one plain line why, no rule-by-rule verdicts or catalogue terms.
    services = tuple(_service(r.rank, r.entry, (_helps_with(r, rec.answers.region, catalogue, lang),),
                              (T("ask_fit", lang),) if caveats(r, catalogue, lang) else (), lang, today)
                     for r in rec.results)
    steps = [_plan_step(s, catalogue, lang) for s in rec.plan]
    planned = {s.who.id for s in rec.plan if s.who is not None}
    group = T("more", lang) if steps else ""
    steps += [SheetStep(group, T("contact_step", lang), r.entry.name, _reach(r.entry))
              for r in rec.results if r.entry.id not in planned]
    record = dict(recommendation_record(rec, catalogue, lang))
    return _sheet(catalogue, lang, today, note, answer_lines(rec.answers, catalogue, lang), services,
                  tuple(steps), chosen=False, record=record)


def sheet_for_entries(entries: Sequence[Entry], catalogue: Catalogue, lang: str, today: dt.date,
                      note: str = "") -> Sheet:
    """The sheet of services the adviser chose by id: no answers, so no reasons and no score."""
    services = tuple(_service(rank, e, (), _ended(e, catalogue, lang, today), lang, today)
                     for rank, e in enumerate(entries, start=1))
    steps = tuple(SheetStep("", T("contact_step", lang), s.name) for s in services)
    record: dict[str, Any] = {
        "answers": {},
        "catalogue": {"entries": len(catalogue), "as_of": catalogue_as_of(catalogue)},
        "results": [{
            "rank": s.rank, "id": s.id, "name": s.name, "provider": s.provider, "level": e.level,
            "kind": e.kind, "score": None, "reasons": [], "caveats": list(s.caveats),
            "next_steps": [f"{T('contact_step', lang)} — {s.name}"],
            "contacts": [contact_record(c, lang) for c in e.contacts], "url": s.url, "as_of": s.as_of,
            "verified": s.verified, "verify": s.confirm, "freshness": grade(e, today),
        } for s, e in zip(services, entries, strict=True)],
        "plan": [],
        "questions": [],
        "total": len(services),
        "near": [],
        "fallback": [],
    }
    return _sheet(catalogue, lang, today, note, (), services, steps, chosen=True, record=record)


def sheet_for_search(result: SearchResult, catalogue: Catalogue, lang: str, today: dt.date,
                     note: str = "") -> Sheet:
    """The sheet of a search: the query and filters, the hits in search order with why each is
    listed; the JSON object is that of `lotse search --format json`."""
    from lotse.present.render.search import as_json, hit_reasons

    services = tuple(
        # Where the query was found (`fields`) interests the adviser, not the sheet's reader.
        _service(hit.rank, hit.entry, hit_reasons(replace(hit, fields=()), catalogue, lang),
                 [condition_text(c, catalogue, (), lang) for c in hit.assessment.conditions
                  if c.catalogue_unknown], lang, today)
        for hit in result.hits)
    steps = tuple(SheetStep("", T("contact_step", lang), s.name) for s in services)
    filters = result.filters
    lines: tuple[tuple[str, str], ...] = ((T("query", lang), result.query.text),) if result.query.given else ()
    lines += answer_lines(filters.answers, catalogue, lang)
    lines += tuple((T(f"filter_{field}", lang), ", ".join(catalogue.vocabulary.label(field, v, lang)
                                                          for v in values))
                   for field, values in (("kind", filters.kinds), ("level", filters.levels)) if values)
    # as_json is the search command's own JSON writer: reading it back keeps the two identical.
    record = json.loads(as_json(result, catalogue, lang, today))
    return _sheet(catalogue, lang, today, note, lines, services, steps, chosen=True, record=record)


def _service(rank: int, entry: Entry, why: Sequence[str], caveats: Sequence[str], lang: str,
             today: dt.date) -> SheetService:
    return SheetService(
        rank=rank, id=entry.id, name=entry.name, provider=entry.provider or "",
        summary=entry.summary.get(lang), why=tuple(why), caveats=tuple(caveats),
        contacts=tuple(SheetContact.of(c, lang) for c in entry.contacts), url=entry.url or "",
        as_of=str(entry.as_of), verified=str(entry.verified or ""), confirm=is_stale(entry, today))


def _sheet(catalogue: Catalogue, lang: str, today: dt.date, note: str, answers: tuple[tuple[str, str], ...],
           services: tuple[SheetService, ...], steps: tuple[SheetStep, ...], chosen: bool,
           record: dict[str, Any]) -> Sheet:
    """The parts every sheet shares; the note, when given, is added to the JSON object too."""
    if note:
        record["note"] = note
    return Sheet(lang=lang, title=T("title", lang), created=T("created", lang, date=long_date(today, lang)),
                 answers=answers, services=services, steps=steps, note=note,
                 catalogue_as_of=catalogue_as_of(catalogue), chosen=chosen, record=record)


def _plan_step(step: PlanStep, catalogue: Catalogue, lang: str) -> SheetStep:
    if step.who is not None:
        who, reach = step.who.name, _reach(step.who)
    else:
        who, reach = (step.step.who_text.get(lang) if step.step.who_text else ""), ""
    return SheetStep(catalogue.vocabulary.label("goal", step.goal, lang), step.step.text.get(lang), who, reach)


def _reach(entry: Entry) -> str:
    """One way to reach a service for the checklist: a phone number, else e-mail, address or web."""
    for contact in entry.contacts:
        if contact.phone:
            return contact.phone[0]
    for contact in entry.contacts:
        if contact.email:
            return contact.email[0]
        if contact.address:
            return contact.address.one_line()
    return entry.url or next((c.url for c in entry.contacts if c.url), "") or ""


def _helps_with(result: Result, region_id: str | None, catalogue: Catalogue, lang: str) -> str:
    """Why it was chosen, in one plain line: what it helps with, and where."""
    goals = ", ".join(catalogue.vocabulary.label("goal", g, lang) for g in result.assessment.matched_goals)
    region = catalogue.regions.regions.get(region_id) if region_id else None
    rank = result.assessment.region_rank
    if rank == 3 and region is not None:
        where = T("where_local", lang, region=region.label(lang))
    elif rank == 2 and region is not None:
        where = T("where_land", lang, region=catalogue.regions.get(region.state).label(lang))
    else:
        where = T("where_nation", lang)
    return T("helps_with", lang, goals=goals, where=where)


def _ended(entry: Entry, catalogue: Catalogue, lang: str, today: dt.date) -> tuple[str, ...]:
    """A chosen service that has ended says so (a matched one, with --include-ended, says it among
    its reasons)."""
    if entry.has_ended(today):
        return (reason_text(PeriodReason("ended", str(entry.period.end)), catalogue, lang),)
    return ()
