"""The contact sheet as data: what the client or a colleague reads, worded in the sheet's language.

Every format lays out the same `Sheet`, so Markdown, HTML, PDF, CSV and vCard cannot drift apart
in content. The sheet's language is chosen apart from the UI's (`--sheet-lang`), because the
adviser may work in German while the client reads Arabic: all wording is therefore produced here
again in the sheet language (`lotse.present.sheets.language`) instead of being taken from the screen.
What the catalogue says about a service (names, addresses, descriptions) stays as the catalogue has
it, in the language's `catalogue_language`; the JSON object is in that language too, as the
`ask --format json` contract is German or English.

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
from lotse.domain.rules import Assessment, Condition, PeriodReason, PlanStep, Recommendation
from lotse.model.answers import Answers
from lotse.model.catalogue import Catalogue
from lotse.model.entry import Address, Contact, Entry
from lotse.present.reasons import condition_text, reason_text
from lotse.present.records import contact_record
from lotse.present.render.results import catalogue_as_of, recommendation_record
from lotse.present.sheets.language import CATALOGUE_LANGS, SheetLanguage

if TYPE_CHECKING:
    from lotse.domain.search import SearchResult

class SheetContact(Struct, frozen=True):
    """A contact with its role as the catalogue words it; every field may be empty."""

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
    as_of: str  # as the catalogue writes it ("2011", "2025-03"): for tables
    verified: str  # when a maintainer last confirmed the entry, "" if never
    confirm: bool  # older than a year (lotse.domain.freshness): the reader should confirm the contacts
    dated: str  # the dates as the sheet's language writes them: "2011", "2011 · geprüft März 2025"

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
    """A whole sheet with every text final in its language: renderers only lay it out."""

    language: SheetLanguage
    title: str
    created: str
    notices: tuple[str, ...]  # about the sheet's language: unchecked translation, descriptions' language
    notice_de: str  # the unchecked translation's line in German, for the adviser ("" when checked)
    answers: tuple[tuple[str, str], ...]  # (label, value), the region first
    services: tuple[SheetService, ...]
    steps: tuple[SheetStep, ...]
    note: str
    catalogue_as_of: str  # as the sheet's language writes a date
    chosen: bool  # services chosen by id or search rather than matched to answers
    record: Mapping[str, Any]  # the `ask --format json` object (the JSON export writes it as is)

    @property
    def lang(self) -> str:
        return self.language.code

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    def word(self, key: str, **params: object) -> str:
        """A fixed label or sentence in the sheet's language."""
        return self.language.word(key, **params)

    @property
    def step_groups(self) -> tuple[tuple[str, tuple[SheetStep, ...]], ...]:
        """The checklist in runs of one group (goal), in plan order."""
        groups: list[tuple[str, list[SheetStep]]] = []
        for step in self.steps:
            if not groups or groups[-1][0] != step.goal:
                groups.append((step.goal, []))
            groups[-1][1].append(step)
        return tuple((goal, tuple(steps)) for goal, steps in groups)

    @property
    def services_heading(self) -> str:
        return self.word("services_chosen" if self.chosen else "services")

    @property
    def freshness(self) -> str:
        return self.word("freshness", date=self.catalogue_as_of)

    @property
    def disclaimer(self) -> str:
        return self.word("disclaimer", date=self.catalogue_as_of)


def answer_lines(answers: Answers, catalogue: Catalogue, language: SheetLanguage) -> tuple[tuple[str, str], ...]:
    """The answers as (label, value) lines with vocabulary labels, the region first."""
    mapping = answers.to_mapping()
    keys = sorted(mapping, key=lambda k: k != "region")
    return tuple((language.answer_label(key), language.answer_text(key, mapping[key], catalogue))
                 for key in keys if mapping[key] not in (None, [], ""))


def sheet_for_recommendation(rec: Recommendation, catalogue: Catalogue, language: SheetLanguage,
                             today: dt.date, note: str = "") -> Sheet:
    """The sheet of a consultation: the answers, the ranked results and the referral plan."""
    # The client's voice: one plain line why, no rule-by-rule verdicts or catalogue terms.
    services = tuple(_service(r.rank, r.entry, (_helps_with(r.assessment, rec.answers.region, catalogue, language),),
                              (language.word("ask_fit"),) if _unknowns(r.assessment) else (), language, today)
                     for r in rec.results)
    steps = [_plan_step(s, catalogue, language) for s in rec.plan]
    planned = {s.who.id for s in rec.plan if s.who is not None}
    group = language.word("more") if steps else ""
    steps += [SheetStep(group, language.word("contact_step"), r.entry.name, _reach(r.entry))
              for r in rec.results if r.entry.id not in planned]
    record = dict(recommendation_record(rec, catalogue, language.catalogue_language))
    return _sheet(catalogue, language, today, note, answer_lines(rec.answers, catalogue, language), services,
                  tuple(steps), chosen=False, record=record)


def sheet_for_entries(entries: Sequence[Entry], catalogue: Catalogue, language: SheetLanguage, today: dt.date,
                      note: str = "") -> Sheet:
    """The sheet of services the adviser chose by id: no answers, so no reasons and no score."""
    services = tuple(_service(rank, e, (), _ended(e, language, today), language, today)
                     for rank, e in enumerate(entries, start=1))
    steps = tuple(SheetStep("", language.word("contact_step"), s.name) for s in services)
    lang = language.catalogue_language
    record: dict[str, Any] = {
        "answers": {},
        "catalogue": {"entries": len(catalogue), "as_of": catalogue_as_of(catalogue)},
        "results": [{
            "rank": s.rank, "id": s.id, "name": s.name, "provider": s.provider, "level": e.level,
            "kind": e.kind, "score": None, "reasons": [], "caveats": _ended_reason(e, catalogue, lang, today),
            "next_steps": _next_steps(e, lang), "contacts": [contact_record(c, lang) for c in e.contacts],
            "url": s.url, "as_of": s.as_of, "verified": s.verified, "verify": s.confirm,
            "freshness": grade(e, today),
        } for s, e in zip(services, entries, strict=True)],
        "plan": [],
        "questions": [],
        "total": len(services),
        "near": [],
        "fallback": [],
    }
    return _sheet(catalogue, language, today, note, (), services, steps, chosen=True, record=record)


def sheet_for_search(result: SearchResult, catalogue: Catalogue, language: SheetLanguage, today: dt.date,
                     note: str = "") -> Sheet:
    """The sheet of a search: the query and filters, the hits in search order with why each is
    listed; the JSON object is that of `lotse search --format json`.

    lotse words its rules only in German and English (`lotse.present.reasons`): a sheet in
    another language says in one plain line what the service helps with, and asks the client to
    check the fit where the catalogue does not state a rule."""
    from lotse.present.render.search import as_json, hit_reasons

    region = result.filters.answers.region
    services = []
    for hit in result.hits:
        unknown = _unknowns(hit.assessment)
        if language.code in CATALOGUE_LANGS:
            # Where the query was found (`fields`) interests the adviser, not the sheet's reader.
            why = hit_reasons(replace(hit, fields=()), catalogue, language.code)
            checks = [condition_text(c, catalogue, (), language.code) for c in unknown]
        else:
            why = [_helps_with(hit.assessment, region, catalogue, language)]
            checks = [language.word("ask_fit")] if unknown else []
        services.append(_service(hit.rank, hit.entry, why, checks, language, today))
    steps = tuple(SheetStep("", language.word("contact_step"), s.name) for s in services)
    filters = result.filters
    lines: tuple[tuple[str, str], ...] = ((language.word("query"), result.query.text),) if result.query.given else ()
    lines += answer_lines(filters.answers, catalogue, language)
    lines += tuple((language.word(f"filter_{field}"), language.join([language.vocab(field, v, catalogue)
                                                                      for v in values]))
                   for field, values in (("kind", filters.kinds), ("level", filters.levels)) if values)
    # as_json is the search command's own JSON writer: reading it back keeps the two identical.
    record = json.loads(as_json(result, catalogue, language.catalogue_language, today))
    return _sheet(catalogue, language, today, note, lines, tuple(services), steps, chosen=True, record=record)


def _next_steps(entry: Entry, lang: str) -> list[str]:
    """The next step of a chosen service in the JSON object, worded as `ask --format json` words it."""
    from lotse.present.render.results import T as RESULT_WORDS

    return [RESULT_WORDS("contact_step", lang, name=entry.name)]


def _service(rank: int, entry: Entry, why: Sequence[str], caveats: Sequence[str], language: SheetLanguage,
             today: dt.date) -> SheetService:
    dated = language.partial_date(entry.as_of)
    if entry.verified:
        dated += f" · {language.word('verified')} {language.partial_date(entry.verified)}"
    lang = language.catalogue_language
    return SheetService(
        rank=rank, id=entry.id, name=entry.name, provider=entry.provider or "",
        summary=entry.summary.get(lang), why=tuple(why), caveats=tuple(caveats),
        contacts=tuple(SheetContact.of(c, lang) for c in entry.contacts), url=entry.url or "",
        as_of=str(entry.as_of), verified=str(entry.verified or ""), confirm=is_stale(entry, today), dated=dated)


def _sheet(catalogue: Catalogue, language: SheetLanguage, today: dt.date, note: str,
           answers: tuple[tuple[str, str], ...], services: tuple[SheetService, ...], steps: tuple[SheetStep, ...],
           chosen: bool, record: dict[str, Any]) -> Sheet:
    """The parts every sheet shares; the note, when given, is added to the JSON object too."""
    if note:
        record["note"] = note
    notices: tuple[str, ...] = () if language.reviewed else (language.word("unreviewed"),)
    if language.catalogue_language != language.code:
        notices += (language.word(f"descriptions_{language.catalogue_language}"),)
    return Sheet(language=language, title=language.word("title"),
                 created=language.word("created", date=language.date(today)), notices=notices,
                 notice_de=language.unreviewed_de, answers=answers, services=services, steps=steps, note=note,
                 catalogue_as_of=language.date(catalogue.as_of.last_day()), chosen=chosen, record=record)


def _plan_step(step: PlanStep, catalogue: Catalogue, language: SheetLanguage) -> SheetStep:
    if step.who is not None:
        who, reach = step.who.name, _reach(step.who)
    else:
        who, reach = language.who_text(step.goal, step.step), ""
    return SheetStep(language.vocab("goal", step.goal, catalogue), language.step_text(step.goal, step.step), who, reach)


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


def _helps_with(assessment: Assessment, region_id: str | None, catalogue: Catalogue, language: SheetLanguage) -> str:
    """Why it was chosen, in one plain line: what it helps with, and where (when a region was given)."""
    goals = language.join([language.vocab("goal", g, catalogue)
                           for g in assessment.matched_goals or assessment.entry.goals])
    region = catalogue.regions.regions.get(region_id) if region_id else None
    if region is None:  # a search without a region, a client abroad: where is not the point
        return language.word("helps_with_goals", goals=goals)
    place = language.catalogue_language  # places are named as the catalogue names them
    rank = assessment.region_rank
    if rank == 3:
        where = language.word("where_local", region=region.label(place))
    elif rank == 2:
        where = language.word("where_land", region=catalogue.regions.get(region.state).label(place))
    else:
        where = language.word("where_nation")
    return language.word("helps_with", goals=goals, where=where)


def _unknowns(assessment: Assessment) -> list[Condition]:
    """The rules the catalogue does not state for the service: the client should ask."""
    return [c for c in assessment.conditions if c.catalogue_unknown]


def _ended(entry: Entry, language: SheetLanguage, today: dt.date) -> tuple[str, ...]:
    """A chosen service that has ended says so (a matched one, with --include-ended, says it among
    its reasons)."""
    if entry.has_ended(today) and entry.period.end is not None:
        return (language.word("ended", end=language.partial_date(entry.period.end)),)
    return ()


def _ended_reason(entry: Entry, catalogue: Catalogue, lang: str, today: dt.date) -> list[str]:
    """The JSON object's caveat of an ended service, in the catalogue language as `ask` words it."""
    if entry.has_ended(today):
        return [reason_text(PeriodReason("ended", str(entry.period.end)), catalogue, lang)]
    return []
