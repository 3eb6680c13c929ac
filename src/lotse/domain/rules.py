"""The rules: which services fit a client, why, in what order, and what to do next.

Pure: answers + catalogue + today's date in, ranked results out; no I/O, no printing.

Each condition is met, not met or unknown. Unknown has two sources that must not be confused:
the client's answer is missing (then a restricted service is held back, and the question that would
decide it is listed), or the catalogue does not state the restriction (then the service stays in,
marked, because "not stated" is not "no restriction" but is not a "no" either).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Literal

import msgspec
from msgspec import Struct

from lotse.domain.freshness import is_old
from lotse.model.answers import Answers
from lotse.model.catalogue import Catalogue
from lotse.model.chains import Step
from lotse.model.entry import ANY, GERMAN_LEVELS, Eligibility, Entry, Range
from lotse.model.places import ABROAD, Gazetteer, Region


class Verdict(str, Enum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


Outcome = Literal["met", "not_met", "missing", "any", "not_stated"]


class ChoiceReason(Struct, frozen=True, tag="choice"):
    """A rule that names the values it takes (statuses, qualifications, gender, sector, client)."""

    rule: str
    outcome: Outcome | Literal["organisations"]
    allowed: tuple[str, ...] = ()
    value: str | None = None


class RangeReason(Struct, frozen=True, tag="range"):
    """A rule that names a range (age in years; German level as its name, e.g. "A2")."""

    rule: str
    outcome: Outcome
    min: int | str | None = None
    max: int | str | None = None
    value: int | str | None = None


class RegionReason(Struct, frozen=True, tag="region"):
    """Whether the service area covers the client's place; `places` are the ones it names."""

    outcome: Literal["nationwide", "serves", "serves_state", "only_places", "not_served", "missing", "abroad"]
    region: str | None = None
    state: str | None = None
    places: tuple[str, ...] = ()


class PeriodReason(Struct, frozen=True, tag="period"):
    outcome: Literal["ended", "review_passed"]
    date: str


class BenefitsReason(Struct, frozen=True, tag="benefits"):
    outcome: Literal["met", "not_met", "missing"]
    required: bool  # the service is for (True) or not for (False) Bürgergeld recipients


Reason = ChoiceReason | RangeReason | RegionReason | PeriodReason | BenefitsReason


class Condition(Struct, frozen=True):
    rule: str  # client, period, region, status, age, qualification, gender, german_level, benefits, sector
    verdict: Verdict
    reason: Reason
    missing_answer: str | None = None  # set when unknown because the client's answer is missing
    specific: bool = False  # met by a restriction aimed at the client's situation

    @property
    def catalogue_unknown(self) -> bool:
        return self.verdict is Verdict.UNKNOWN and self.missing_answer is None


class Points(Struct, frozen=True):
    """Why a result ranks where it does, each part a number an adviser can read (`lotse explain`).

    A service of the client's own district that does what the client came for comes before a
    nationwide or many-purpose one; serving several of the client's goals is a bonus, not the
    first key; old information, fees and unstated rules count against it.
    """

    region: int  # 40 the client's district or town, 25 the Land, 20 a regular service offered in every
    # district (the Integrationskurs, the Agentur für Arbeit), 10 nationwide (a portal, a programme)
    focus: int  # up to 15: the share of the service's goals that are the client's
    goals: int  # 5 for each further goal of the client it serves
    aim: int  # 3 for each condition aimed at the client (age band, status, Bürgergeld …), at most 12
    sector: int  # 10 when the service is made for the client's sector (care, health …)
    plan: int  # 15 when the referral chain names it as the actor of a step
    currency: int  # -15 when its information is more than three years old
    cost: int  # -10 when it charges fees (or only some of its offers are free)
    kind: int  # -10 for a portal or a network: information or coordination, not someone who advises
    unknowns: int  # -1 for each rule the catalogue does not state, at most -5

    @property
    def total(self) -> int:
        return (self.region + self.focus + self.goals + self.aim + self.sector + self.plan + self.currency
                + self.cost + self.kind + self.unknowns)


class Assessment(Struct, frozen=True):
    entry: Entry
    conditions: tuple[Condition, ...]
    matched_goals: tuple[str, ...]
    region_rank: int  # 3: the client's district or city, 2: the client's Land, 1: nationwide
    old: bool = False  # its information is more than three years old (lotse.domain.freshness)

    @property
    def failed(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.verdict is Verdict.NOT_MET)

    @property
    def pending(self) -> tuple[Condition, ...]:
        """Conditions that a missing answer leaves open."""
        return tuple(c for c in self.conditions if c.missing_answer is not None)

    @property
    def eligible(self) -> bool:
        return not self.failed and not self.pending

    @property
    def recommended(self) -> bool:
        return self.eligible and bool(self.matched_goals)

    @property
    def aimed(self) -> int:
        return sum(1 for c in self.conditions if c.specific)

    @property
    def unknowns(self) -> int:
        return sum(1 for c in self.conditions if c.catalogue_unknown)

    @property
    def everywhere(self) -> bool:
        """A regular service offered in every district (the Integrationskurs, the Agentur)."""
        return self.entry.kind == "regular_service" and self.entry.area.nationwide

    def points(self, in_plan: bool) -> Points:
        """The parts of the rank (README, "How results are chosen")."""
        goals = self.entry.goals
        return Points(
            region={3: 40, 2: 25}.get(self.region_rank, 20 if self.everywhere else 10),
            focus=round(15 * len(self.matched_goals) / len(goals)) if goals else 0,
            goals=5 * max(len(self.matched_goals) - 1, 0),
            aim=3 * min(self.aimed, 4),
            sector=10 if any(c.rule == "sector" and c.verdict is Verdict.MET for c in self.conditions) else 0,
            plan=15 if in_plan else 0,
            currency=-15 if self.old else 0,
            cost=-10 if self.entry.cost in ("fee", "partly_free") else 0,
            kind=-10 if self.entry.kind in ("portal", "network") else 0,
            unknowns=-min(self.unknowns, 5),
        )

    def sort_key(self, in_plan: bool) -> tuple[int, int, str, str]:
        """By points; on a tie between services of the client's district, the one of fewer places
        first (the district's office before its region's head office); then by name."""
        places = len(self.entry.area.places) if self.region_rank == 3 else 0
        return (-self.points(in_plan).total, places, self.entry.name.casefold(), self.entry.id)

    def score(self, goal_count: int, in_plan: bool) -> float:
        """0–1, monotone with the ranking: the points against the most a service could get."""
        best = 40 + 15 + 5 * max(goal_count - 1, 0) + 12 + 10 + 15
        return round(max(self.points(in_plan).total + 40, 0) / (best + 40), 4)


class PlanStep(Struct, frozen=True):
    """One step of a referral chain, with the service or role that does it."""

    goal: str
    step: Step
    who: Entry | None  # None when the actor is a role without a catalogue entry (step.who_text)


class Result(Struct, frozen=True):
    rank: int
    assessment: Assessment
    score: float
    next_steps: tuple[PlanStep, ...]

    @property
    def entry(self) -> Entry:
        return self.assessment.entry


class Question(Struct, frozen=True):
    """An answer not given whose answer could add services."""

    answer: str
    adds: tuple[Entry, ...]


class Recommendation(Struct, frozen=True):
    answers: Answers
    results: tuple[Result, ...]
    plan: tuple[PlanStep, ...]
    questions: tuple[Question, ...]
    total_eligible: int
    today: dt.date  # the day it was made for: how old each result's information is counts from here
    # When nothing fits: the services that would, but for one or two conditions, and the
    # general counselling the client can turn to all the same (no dead end).
    near: tuple[Assessment, ...] = ()
    fallback: tuple[Assessment, ...] = ()


# General counselling for anyone whose question no service answers: by age the JMD or the MBE
# (seed 002, 6. Zusammenfassung: "Migrationserstberatung"), and the federal hotline.
FALLBACK = ("jmd", "mbe", "hotline-arbeiten-und-leben")


# -- conditions ---------------------------------------------------------------------------------

def serves_region(entry: Entry, region: Region, regions: Gazetteer) -> Condition:
    """Whether the service area covers the region; a town lies in its district, a district in its Land."""
    area = entry.area
    if area.nationwide:
        return Condition("region", Verdict.MET, RegionReason("nationwide"))
    named = area.states + area.places
    if region.id == ABROAD.id:
        return Condition("region", Verdict.NOT_MET, RegionReason("abroad", places=named))
    if region.is_state:
        if region.id in area.states:
            return Condition("region", Verdict.MET, RegionReason("serves", region.id))
        local = tuple(p for p in area.places if regions.get(p).state == region.id)
        if local:
            return Condition("region", Verdict.UNKNOWN, RegionReason("only_places", region.id, places=local),
                             missing_answer="region")
    else:
        served = next((r for r in region.within() if r in area.places), None)
        if served is not None:
            return Condition("region", Verdict.MET, RegionReason("serves", served), specific=True)
        local = tuple(p for p in area.places if regions.get(p).parent == region.id)
        if local:
            return Condition("region", Verdict.UNKNOWN, RegionReason("only_places", region.id, places=local),
                             missing_answer="region")
        if region.state in area.states:
            return Condition("region", Verdict.MET, RegionReason("serves_state", region.id, region.state))
    return Condition("region", Verdict.NOT_MET, RegionReason("not_served", region.id, places=named))


def _region_rank(entry: Entry, region: Region | None) -> int:
    if entry.area.nationwide or region is None:
        return 1
    if not region.is_state and any(r in entry.area.places for r in region.within()):
        return 3
    return 2


def _choice(rule: str, allowed: tuple[str, ...] | str | None, value: str | None,
            unknown_values: tuple[str, ...] = ()) -> Condition:
    if allowed is None:
        return Condition(rule, Verdict.UNKNOWN, ChoiceReason(rule, "not_stated"))
    if allowed == ANY:
        return Condition(rule, Verdict.MET, ChoiceReason(rule, "any"))
    allowed = tuple(allowed)
    if value is not None and value in unknown_values and value in allowed:  # "anyone in Germany"
        return Condition(rule, Verdict.MET, ChoiceReason(rule, "met", allowed, value))
    if value is None or value in unknown_values:
        return Condition(rule, Verdict.UNKNOWN, ChoiceReason(rule, "missing", allowed), missing_answer=rule)
    if value in allowed:
        return Condition(rule, Verdict.MET, ChoiceReason(rule, "met", allowed, value), specific=True)
    return Condition(rule, Verdict.NOT_MET, ChoiceReason(rule, "not_met", allowed, value))


def _range(rule: str, allowed: Range | str | None, value: int | None,
           names: tuple[str, ...] | None = None) -> Condition:
    if allowed is None:
        return Condition(rule, Verdict.UNKNOWN, RangeReason(rule, "not_stated"))
    if not isinstance(allowed, Range):
        return Condition(rule, Verdict.MET, RangeReason(rule, "any"))

    def shown(number: int | None) -> int | str | None:
        return names[number] if names and number is not None else number

    low, high = shown(allowed.min), shown(allowed.max)
    if value is None:
        return Condition(rule, Verdict.UNKNOWN, RangeReason(rule, "missing", low, high), missing_answer=rule)
    if allowed.contains(value):
        return Condition(rule, Verdict.MET, RangeReason(rule, "met", low, high, shown(value)), specific=True)
    return Condition(rule, Verdict.NOT_MET, RangeReason(rule, "not_met", low, high, shown(value)))


def _german_level(rules: Eligibility, answers: Answers) -> Condition | None:
    """A course up to a level (max) is for whoever has not said they are past it; a course from a
    level (min) waits for the answer."""
    allowed = rules.german_level
    level = GERMAN_LEVELS.index(answers.german_level) if answers.german_level else None
    if level is None and isinstance(allowed, Range) and allowed.min is None:
        return None
    return _range("german_level", allowed, level, GERMAN_LEVELS)


def _benefits(rules: Eligibility, answers: Answers) -> Condition:
    required, value = bool(rules.benefits), answers.benefits
    if value is None:
        return Condition("benefits", Verdict.UNKNOWN, BenefitsReason("missing", required), missing_answer="benefits")
    if value == required:
        return Condition("benefits", Verdict.MET, BenefitsReason("met", required), specific=True)
    return Condition("benefits", Verdict.NOT_MET, BenefitsReason("not_met", required))


class Rule(Struct, frozen=True):
    """One eligibility rule a person's answers are checked against: which rule of the entry, when
    it applies (None: always), and how it is decided."""

    name: str
    applies: Callable[[Eligibility], bool] | None
    decide: Callable[[Eligibility, Answers], Condition | None]


# The rules for a person, in the order their reasons are shown (the client rule, the period and the
# region come first, and the sector applies to employers too: see `assess`).
PERSON_RULES: tuple[Rule, ...] = (
    Rule("status", None, lambda e, a: _choice("status", e.statuses, a.status, ("unknown",))),
    Rule("age", None, lambda e, a: _range("age", e.age, a.age)),
    Rule("qualification", None, lambda e, a: _choice("qualification", e.qualifications, a.qualification)),
    Rule("gender", lambda e: e.gender is not None,
         lambda e, a: _choice("gender", e.gender, a.gender, ("unspecified",))),
    Rule("german_level", lambda e: e.german_level is not None and e.german_level != ANY, _german_level),
    Rule("benefits", lambda e: e.benefits is not None, _benefits),
)
SECTOR_RULE = Rule("sector", lambda e: e.sectors is not None, lambda e, a: _choice("sector", e.sectors, a.sector))


INHERITED = ("statuses", "age", "qualifications", "gender", "german_level", "benefits", "sectors")


def eligibility_of(entry: Entry, catalogue: Catalogue) -> Eligibility:
    """An office's rules: its own where it states them, else those of the service it belongs to.

    An MBE office that names no age is still the MBE, "over 27"; a Jobcenter office serves
    Bürgergeld recipients because the Jobcenter does.
    """
    own = entry.eligibility
    parent = catalogue.entries.get(entry.part_of) if entry.part_of else None
    if parent is None or parent.id == entry.id:
        return own
    rules = eligibility_of(parent, catalogue)
    taken = {key: getattr(rules, key) for key in INHERITED
             if getattr(own, key) is None and getattr(rules, key) is not None}
    if not taken:
        return own
    derived = own.derived + tuple(k for k in rules.derived if k in taken and k not in own.derived)
    return msgspec.structs.replace(own, **taken, derived=derived)


def _client(rules: Eligibility, client: str) -> Condition:
    if client in rules.clients:
        return Condition("client", Verdict.MET, ChoiceReason("client", "met", value=client))
    outcome: Literal["not_met", "organisations"] = "not_met" if rules.clients else "organisations"
    return Condition("client", Verdict.NOT_MET, ChoiceReason("client", outcome, tuple(rules.clients), client))


def _period(entry: Entry, today: dt.date) -> Condition | None:
    if entry.has_ended(today):
        return Condition("period", Verdict.NOT_MET, PeriodReason("ended", str(entry.period.end)))
    if entry.period.review is not None and entry.period.review.last_day() < today:
        return Condition("period", Verdict.MET, PeriodReason("review_passed", str(entry.period.review)))
    return None


def assess(entry: Entry, answers: Answers, catalogue: Catalogue, today: dt.date) -> Assessment:
    """Every condition of one entry against the answers, each with its reason."""
    e = eligibility_of(entry, catalogue)
    client = answers.client or "person"
    conditions = [_client(e, client)]
    period = _period(entry, today)
    if period is not None:
        conditions.append(period)
    region = catalogue.regions.get(answers.region) if answers.region else None
    if region is not None:
        conditions.append(serves_region(entry, region, catalogue.regions))
    elif not entry.area.nationwide:
        conditions.append(Condition("region", Verdict.UNKNOWN, RegionReason("missing"), missing_answer="region"))
    rules = PERSON_RULES if client == "person" and "person" in e.clients else ()
    if client in e.clients:
        rules += (SECTOR_RULE,)
    for rule in rules:
        if rule.applies is None or rule.applies(e):
            condition = rule.decide(e, answers)
            if condition is not None:
                conditions.append(condition)
    matched = tuple(g for g in answers.goals if g in entry.goals)
    return Assessment(entry, tuple(conditions), matched, _region_rank(entry, region), is_old(entry, today))


# -- ranking and plan ---------------------------------------------------------------------------

def recommend(answers: Answers, catalogue: Catalogue, today: dt.date, limit: int = 8,
              include_ended: bool = False) -> Recommendation:
    """The services that fit, best first, with the referral plan and the open questions."""
    assessments = [assess(entry, answers, catalogue, today) for entry in catalogue]
    if include_ended:
        assessments = [_ignore_end(a) for a in assessments]
    plan = build_plan(answers, catalogue, {a.entry.id: a for a in assessments})
    actors = {s.who.id for s in plan if s.who is not None}
    recommended = [a for a in assessments if a.recommended]
    # A programme's own strand or office is the referral; the umbrella entry would repeat it,
    # unless the umbrella serves goals of the client that its recommended parts do not.
    covered: dict[str, set[str]] = {}
    for a in recommended:
        if a.entry.part_of:
            covered.setdefault(a.entry.part_of, set()).update(a.matched_goals)
    ranked = sorted((a for a in recommended if not set(a.matched_goals) <= covered.get(a.entry.id, set())),
                    key=lambda a: a.sort_key(a.entry.id in actors))
    results = tuple(
        Result(rank, a, a.score(len(answers.goals), a.entry.id in actors),
               _next_steps(a.entry, plan, answers, catalogue))
        for rank, a in enumerate(ranked[:limit] if limit > 0 else ranked, start=1)
    )
    near: tuple[Assessment, ...] = ()
    fallback: tuple[Assessment, ...] = ()
    if not ranked:
        near, fallback = _near(assessments), _fallback(assessments, catalogue)
    return Recommendation(answers, results, plan, _questions(assessments), len(ranked), today, near, fallback)


def _near(assessments: list[Assessment]) -> tuple[Assessment, ...]:
    """Services for the client's goals held back by one or two unmet conditions about the
    client (not by having ended, serving another region or another kind of client): what a
    different situation would change, and so what the adviser can check with the client."""
    near = [a for a in assessments if a.matched_goals and 0 < len(a.failed) <= 2
            and not {c.rule for c in a.failed} & {"client", "period", "region"}]
    near.sort(key=lambda a: (len(a.failed), a.sort_key(False)))
    return tuple(near[:3])


def _fallback(assessments: list[Assessment], catalogue: Catalogue) -> tuple[Assessment, ...]:
    """The general counselling the client may use whatever the goal: the office for the
    client's district where there is one, else the service itself."""
    by_id = {a.entry.id: a for a in assessments}
    chosen: list[Assessment] = []
    for service in FALLBACK:
        fitting = [a for a in assessments if service in (a.entry.id, a.entry.part_of) and a.eligible]
        if fitting:
            chosen.append(max(fitting, key=lambda a: (a.region_rank, not a.old, a.entry.id == service)))
        elif service in by_id and by_id[service].eligible:
            chosen.append(by_id[service])
    return tuple(chosen)


def _next_steps(entry: Entry, plan: tuple[PlanStep, ...], answers: Answers,
                catalogue: Catalogue) -> tuple[PlanStep, ...]:
    """The plan steps this service does; else the chain steps it could do for the client's goals."""
    own = tuple(s for s in plan if s.who is entry)
    if own:
        return own
    return tuple(PlanStep(goal, step, entry) for goal in answers.goals
                 for step in catalogue.chains.get(goal, ())
                 if entry.id in step.who and step_applies(step, answers))


def _ignore_end(assessment: Assessment) -> Assessment:
    """With --include-ended an ended programme is listed; its reasons still say it has ended."""
    conditions = tuple(
        Condition(c.rule, Verdict.MET, c.reason) if c.rule == "period" and c.verdict is Verdict.NOT_MET else c
        for c in assessment.conditions)
    return Assessment(assessment.entry, conditions, assessment.matched_goals, assessment.region_rank,
                      assessment.old)


def _questions(assessments: list[Assessment]) -> tuple[Question, ...]:
    adds: dict[str, list[Entry]] = {}
    for a in assessments:
        if a.failed or not a.matched_goals or not a.pending:
            continue
        for c in a.pending:
            adds.setdefault(c.missing_answer or "", []).append(a.entry)
    return tuple(Question(answer, tuple(sorted(entries, key=lambda e: e.name.casefold())))
                 for answer, entries in adds.items())


def step_applies(step: Step, answers: Answers) -> bool:
    for key, wanted in step.when.items():
        value = {"statuses": answers.status, "qualifications": answers.qualification,
                 "benefits": answers.benefits, "client": answers.client}[key]
        if isinstance(wanted, bool):
            if value is not None and value != wanted:
                return False
        elif value is None or value not in wanted:
            return False
    return True


def build_plan(answers: Answers, catalogue: Catalogue, assessments: dict[str, Assessment]) -> tuple[PlanStep, ...]:
    """The referral chain of each goal, in order, each step done by the best-fitting service.

    A step that names a service as a whole (`jobcenter`, `mbe`) is done by its office for the
    client's district where the catalogue has one (`part_of`), so the plan names whom to call.
    """
    offices: dict[str, list[str]] = {}
    for entry_id, assessment in assessments.items():
        if assessment.entry.part_of is not None:
            offices.setdefault(assessment.entry.part_of, []).append(entry_id)
    plan: list[PlanStep] = []
    for goal in answers.goals:
        for step in catalogue.chains.get(goal, ()):
            if not step_applies(step, answers):
                continue
            order = {w: i for i, w in enumerate(step.who)}
            for i, who in enumerate(step.who):
                for office in offices.get(who, ()):
                    order.setdefault(office, i)
            candidates = [assessments[w] for w in order if w in assessments and assessments[w].eligible
                          and step.goal_of_actor(goal) in assessments[w].entry.goals]
            if candidates:
                best = max(candidates, key=lambda a: (a.region_rank, min(a.aimed, 4), -order[a.entry.id],
                                                      a.entry.part_of is not None))
                plan.append(PlanStep(goal, step, best.entry))
            elif step.who_text is not None:
                plan.append(PlanStep(goal, step, None))
    return tuple(plan)
