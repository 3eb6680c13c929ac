"""Table-driven tests of the rule conditions: met / not met / unknown, and what they do to a result.

Small hand-built entries test one condition at a time; a few checks use the bundled catalogue where
the seeds fix the expectation (My Turn and gender, MBE's funding review, ended programmes).
"""

from __future__ import annotations

import datetime as dt
import json
import random

import msgspec
import pytest
from conftest import ENTRY
from msgspec.structs import replace

from lotse.domain.rules import Verdict, assess, recommend, serves_region
from lotse.model.answers import Answers, parse_answers
from lotse.model.catalogue import Catalogue, Entries
from lotse.model.entry import (
    ANY,
    Area,
    Eligibility,
    Entry,
    PartialDate,
    Period,
    Range,
    Source,
    Text,
)
from lotse.store.catalogue import load_catalogue

TODAY = dt.date(2026, 11, 22)
MET, NOT_MET, UNKNOWN = Verdict.MET, Verdict.NOT_MET, Verdict.UNKNOWN


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    return load_catalogue()


def make_entry(id: str = "test-entry", *, name: str | None = None, area: Area | None = None,
               goals: tuple[str, ...] = ("job",), period: Period | None = None, part_of: str | None = None,
               **eligibility) -> Entry:
    eligibility.setdefault("clients", ("person",))
    return Entry(
        id=id, name=name or id, kind="project", level="non_state",
        area=area or Area(nationwide=True),
        summary=Text(de="Test", en="Test"),
        eligibility=Eligibility(**eligibility),
        goals=goals, sources=(Source(file="test.txt", section="test"),),
        as_of=PartialDate(2026), period=period or Period(), part_of=part_of,
    )


def small_catalogue(bundled: Catalogue, *entries: Entry) -> Catalogue:
    """The given entries with the real vocabulary and regions and no referral chains."""
    return Catalogue(entries=Entries({e.id: e for e in entries}), vocabulary=bundled.vocabulary,
                     regions=bundled.regions, chains={})


def person(**answers) -> Answers:
    base = {"client": "person", "status": "work_permit", "age": 30,
            "qualification": "foreign_vocational", "region": "magdeburg", "goals": ("job",)}
    base.update(answers)
    return Answers(**base)


def condition(entry: Entry, answers: Answers, catalogue: Catalogue, rule: str):
    found = [c for c in assess(entry, answers, catalogue, TODAY).conditions if c.rule == rule]
    assert len(found) == 1, f"expected one {rule} condition, got {found}"
    return found[0]


def ranked_ids(rec) -> list[str]:
    return [r.entry.id for r in rec.results]


# -- age: bounds inclusive ----------------------------------------------------------------------

JMD_AGE = Range(min=12, max=27)
MBE_AGE = Range(min=28)


@pytest.mark.parametrize(("allowed", "age", "verdict"), [
    (JMD_AGE, 11, NOT_MET),
    (JMD_AGE, 12, MET),
    (JMD_AGE, 19, MET),
    (JMD_AGE, 27, MET),
    (JMD_AGE, 28, NOT_MET),
    (JMD_AGE, 31, NOT_MET),
    (MBE_AGE, 27, NOT_MET),
    (MBE_AGE, 28, MET),
    (MBE_AGE, 90, MET),
    (Range(max=17), 17, MET),
    (Range(max=17), 18, NOT_MET),
    (ANY, 5, MET),
    (None, 30, UNKNOWN),
])
def test_age_bounds_are_inclusive(bundled, allowed, age, verdict):
    entry = make_entry(age=allowed)
    cond = condition(entry, person(age=age), small_catalogue(bundled, entry), "age")
    assert cond.verdict is verdict
    assert cond.missing_answer is None
    assert cond.specific is (verdict is MET and isinstance(allowed, Range))


def test_age_missing_answer_is_pending_not_catalogue_unknown(bundled):
    entry = make_entry(age=JMD_AGE)
    cond = condition(entry, person(age=None), small_catalogue(bundled, entry), "age")
    assert cond.verdict is UNKNOWN and cond.missing_answer == "age" and not cond.catalogue_unknown


@pytest.mark.parametrize(("age", "jmd", "mbe"), [(11, False, False), (12, True, False), (27, True, False),
                                                 (28, False, True), (31, False, True)])
def test_jmd_and_mbe_ages_in_the_bundled_catalogue(bundled, age, jmd, mbe):
    answers = parse_answers({"client": "person", "status": "family", "age": age, "qualification": "none",
                             "region": "Magdeburg", "goals": ["orientation"]},
                            bundled.vocabulary, bundled.regions)
    results = recommend(answers, bundled, today=TODAY, limit=0).results
    services = {r.entry.id for r in results} | {r.entry.part_of for r in results}  # an office is its service
    assert ("jmd" in services) is jmd, services
    assert ("mbe" in services) is mbe, services


# -- status: any vs not stated vs list ----------------------------------------------------------

REFUGEES = ("asylum_seeker", "tolerated", "protection")


@pytest.mark.parametrize(("allowed", "status", "verdict", "missing", "specific"), [
    (ANY, "eu", MET, None, False),
    (ANY, "abroad", MET, None, False),
    (ANY, "unknown", MET, None, False),       # open to all: the answer does not matter
    (None, "eu", UNKNOWN, None, False),       # the sources are silent: not a no, not a yes
    (None, "asylum_seeker", UNKNOWN, None, False),
    (REFUGEES, "asylum_seeker", MET, None, True),
    (REFUGEES, "tolerated", MET, None, True),
    (REFUGEES, "work_permit", NOT_MET, None, False),
    (REFUGEES, "german", NOT_MET, None, False),
    (REFUGEES, "unknown", UNKNOWN, "status", False),  # "unknown" is a missing answer
    (REFUGEES, None, UNKNOWN, "status", False),
    (("abroad",), "abroad", MET, None, True),
    (("abroad",), "settled", NOT_MET, None, False),
])
def test_status_any_not_stated_and_list(bundled, allowed, status, verdict, missing, specific):
    entry = make_entry(statuses=allowed)
    cond = condition(entry, person(status=status), small_catalogue(bundled, entry), "status")
    assert cond.verdict is verdict
    assert cond.missing_answer == missing
    assert cond.specific is specific
    assert cond.catalogue_unknown is (allowed is None)


@pytest.mark.parametrize(("allowed", "qualification", "verdict"), [
    (("foreign_academic", "foreign_vocational"), "foreign_academic", MET),
    (("foreign_academic", "foreign_vocational"), "german_qualification", NOT_MET),
    (("school_only", "none"), "none", MET),
    (ANY, "in_training", MET),
    (None, "none", UNKNOWN),
])
def test_qualification_condition(bundled, allowed, qualification, verdict):
    entry = make_entry(qualifications=allowed)
    cond = condition(entry, person(qualification=qualification), small_catalogue(bundled, entry),
                     "qualification")
    assert cond.verdict is verdict


def test_not_stated_keeps_the_service_but_counts_as_unknown(bundled):
    silent = make_entry("silent")
    open_ = make_entry("open", statuses=ANY, age=ANY, qualifications=ANY)
    cat = small_catalogue(bundled, silent, open_)
    rec = recommend(person(), cat, today=TODAY, limit=0)
    assert ranked_ids(rec) == ["open", "silent"]  # both in; the certain one first
    by_id = {r.entry.id: r.assessment for r in rec.results}
    assert by_id["silent"].unknowns == 3 and by_id["open"].unknowns == 0
    assert rec.questions == ()


# -- a missing answer holds a restricted service back and lists the question ----------------------

@pytest.mark.parametrize(("gender", "recommended", "asked"), [
    (None, False, True),
    ("unspecified", False, True),
    ("female", True, False),
    ("male", False, False),
    ("diverse", False, False),
])
def test_my_turn_waits_for_gender(bundled, gender, recommended, asked):
    raw = {"client": "person", "status": "family", "age": 34, "qualification": "none",
           "region": "Wittenberg", "goals": ["qualification", "job"]}
    if gender:
        raw["gender"] = gender
    rec = recommend(parse_answers(raw, bundled.vocabulary, bundled.regions), bundled, today=TODAY, limit=0)
    assert ("my-turn" in ranked_ids(rec)) is recommended
    questions = {q.answer: [e.id for e in q.adds] for q in rec.questions}
    assert ("my-turn" in questions.get("gender", [])) is asked, questions


@pytest.mark.parametrize(("missing", "eligibility", "answers"), [
    ("status", {"statuses": REFUGEES}, {"status": None}),
    ("status", {"statuses": REFUGEES}, {"status": "unknown"}),
    ("age", {"age": JMD_AGE}, {"age": None}),
    ("qualification", {"qualifications": ("none",)}, {"qualification": None}),
    ("gender", {"gender": ("female",)}, {}),
    ("benefits", {"benefits": True}, {}),
    ("german_level", {"german_level": Range(min=3)}, {}),  # a course from B1 waits for the level
])
def test_missing_answer_holds_back_and_is_asked(bundled, missing, eligibility, answers):
    entry = make_entry("restricted", **eligibility)
    rec = recommend(person(**answers), small_catalogue(bundled, entry), today=TODAY, limit=0)
    assert ranked_ids(rec) == []
    assert [(q.answer, [e.id for e in q.adds]) for q in rec.questions] == [(missing, ["restricted"])]


def test_a_course_up_to_a_level_is_offered_until_the_client_is_past_it(bundled):
    """The Integrationskurs leads to B1: whoever has not said they have B1 may need it; B1 removes it."""
    course = make_entry("course", german_level=Range(max=2), goals=("language",))
    cat = small_catalogue(bundled, course)
    assert ranked_ids(recommend(person(goals=("language",)), cat, today=TODAY, limit=0)) == ["course"]
    assert ranked_ids(recommend(person(goals=("language",), german_level="A2"), cat, today=TODAY, limit=0)) == ["course"]
    assert ranked_ids(recommend(person(goals=("language",), german_level="B1"), cat, today=TODAY, limit=0)) == []


def test_the_integration_course_step_goes_when_the_client_has_b1(bundled):
    def plan_steps(level):
        raw = {"client": "person", "status": "protection", "age": 30, "qualification": "none",
               "region": "Magdeburg", "goals": ["language"], "german_level": level}
        rec = recommend(parse_answers(raw, bundled.vocabulary, bundled.regions), bundled, today=TODAY, limit=0)
        return [s.step.id for s in rec.plan]
    assert "integration-course" in plan_steps("A1")
    assert "integration-course" not in plan_steps("B1")


def test_no_question_for_a_service_that_fails_anyway_or_serves_no_goal(bundled):
    fails = make_entry("fails", statuses=REFUGEES, age=JMD_AGE)  # age 30 fails; status unanswered
    off_goal = make_entry("off-goal", gender=("female",), goals=("business",))
    rec = recommend(person(status=None), small_catalogue(bundled, fails, off_goal), today=TODAY, limit=0)
    assert ranked_ids(rec) == [] and rec.questions == ()


@pytest.mark.parametrize(("benefits", "verdict"), [(True, MET), (False, NOT_MET), (None, UNKNOWN)])
def test_benefits_condition(bundled, benefits, verdict):
    entry = make_entry(benefits=True)
    cond = condition(entry, person(benefits=benefits), small_catalogue(bundled, entry), "benefits")
    assert cond.verdict is verdict
    assert (cond.missing_answer == "benefits") is (benefits is None)


def test_no_gender_condition_when_the_entry_has_no_gender_restriction(bundled):
    entry = make_entry()
    rules = [c.rule for c in assess(entry, person(), small_catalogue(bundled, entry), TODAY).conditions]
    assert "gender" not in rules and "german_level" not in rules and "benefits" not in rules


# -- region -------------------------------------------------------------------------------------

ST = Area(states=("DE-ST",))
HALLE_ONLY = Area(places=("halle-saale",))
SOUTH = Area(places=("halle-saale", "burgenlandkreis"))


@pytest.mark.parametrize(("area", "region", "verdict", "missing", "rank"), [
    (ST, "halle-saale", MET, None, 2),            # a city lies in its Land
    (ST, "burgenlandkreis", MET, None, 2),        # a district lies in its Land
    (ST, "DE-ST", MET, None, 2),
    (ST, "DE-TH", NOT_MET, None, 2),
    (ST, "jena", NOT_MET, None, 2),
    (HALLE_ONLY, "halle-saale", MET, None, 3),
    (HALLE_ONLY, "magdeburg", NOT_MET, None, 2),
    (HALLE_ONLY, "DE-ST", UNKNOWN, "region", 2),  # Land answer, place-only service: which place?
    (SOUTH, "DE-ST", UNKNOWN, "region", 2),
    (HALLE_ONLY, "DE-SN", NOT_MET, None, 2),      # a place in another Land
    (Area(places=("leipzig",)), "DE-ST", NOT_MET, None, 2),
    (Area(states=("DE-HH",)), "DE-SH", NOT_MET, None, 2),
    (Area(nationwide=True), "burgenlandkreis", MET, None, 1),
    (Area(nationwide=True), "DE-BY", MET, None, 1),
])
def test_region_condition(bundled, area, region, verdict, missing, rank):
    entry = make_entry(area=area)
    cat = small_catalogue(bundled, entry)
    cond = serves_region(entry, bundled.regions.get(region), bundled.regions)
    assert cond.verdict is verdict
    assert cond.missing_answer == missing
    assessment = assess(entry, person(region=region), cat, TODAY)
    assert [c.verdict for c in assessment.conditions if c.rule == "region"] == [verdict]
    assert assessment.region_rank == rank


def test_nationwide_covers_every_region(bundled):
    entry = make_entry(area=Area(nationwide=True))
    for region_id in bundled.regions.regions:
        cond = serves_region(entry, bundled.regions.get(region_id), bundled.regions)
        assert cond.verdict is MET, region_id


def test_every_sachsen_anhalt_place_lies_in_the_land(bundled):
    entry = make_entry(area=ST)
    places = bundled.regions.places_in("DE-ST")
    assert len(places) == 14
    for place in places:
        assert serves_region(entry, place, bundled.regions).verdict is MET, place.id


def test_missing_region_holds_back_a_regional_service_only(bundled):
    regional = make_entry("regional", area=ST)
    national = make_entry("national")
    rec = recommend(person(region=None), small_catalogue(bundled, regional, national), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["national"]
    assert [(q.answer, [e.id for e in q.adds]) for q in rec.questions] == [("region", ["regional"])]


def test_land_answer_lists_the_place_only_services_as_a_question(bundled):
    raw = {"client": "person", "status": "work_permit", "age": 35, "qualification": "foreign_academic",
           "region": "Sachsen-Anhalt", "goals": ["recognition"]}
    rec = recommend(parse_answers(raw, bundled.vocabulary, bundled.regions), bundled, today=TODAY, limit=0)
    ids = ranked_ids(rec)
    assert "iq-st-anerkennung-nord" not in ids and "iq-st-anerkennung-sued" not in ids
    region_q = [sorted(e.id for e in q.adds) for q in rec.questions if q.answer == "region"]
    assert len(region_q) == 1 and {"iq-st-anerkennung-nord", "iq-st-anerkennung-sued"} <= set(region_q[0])


def test_closer_region_ranks_first(bundled):
    entries = [make_entry("aaa-national", name="AAA"), make_entry("bbb-land", name="BBB", area=ST),
               make_entry("ccc-city", name="CCC", area=HALLE_ONLY)]
    rec = recommend(person(region="halle-saale"), small_catalogue(bundled, *entries), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["ccc-city", "bbb-land", "aaa-national"]


# -- period: ended programmes, review dates -------------------------------------------------------

@pytest.mark.parametrize(("end", "ended"), [
    ("2023-12", True),       # Faire Anwerbung Pflege: 01/2021 - 12/2023
    ("2024-12", True),       # BW Kümmerer: bis Ende 2024
    ("2019-07", True),       # ZEMIGRA: 08/2017 - 07/2019
    ("2026-10", True),
    ("2026-11-21", True),
    ("2026-11-22", False),   # the last day still runs
    ("2026-11", False),      # until the last day of November
    ("2026", False),         # until 31 December
    ("2028", False),
])
def test_ended_programme_excluded_and_listed_with_include_ended(bundled, end, ended):
    entry = make_entry("programme", period=Period(start=PartialDate(2020), end=PartialDate.parse(end)))
    cat = small_catalogue(bundled, entry)
    assert ("programme" in ranked_ids(recommend(person(), cat, today=TODAY, limit=0))) is not ended
    with_ended = recommend(person(), cat, today=TODAY, limit=0, include_ended=True)
    assert ranked_ids(with_ended) == ["programme"]
    period = [c for c in with_ended.results[0].assessment.conditions if c.rule == "period"]
    if ended:  # still says why it is only listed
        assert period and period[0].reason.outcome == "ended"


@pytest.mark.parametrize(("entry_id", "answers"), [
    ("faire-anwerbung-pflege", {"client": "employer", "region": "Magdeburg", "goals": ["hire"], "sector": "care"}),
    ("jobbruecke-plus", {"client": "person", "status": "asylum_seeker", "age": 30, "qualification": "none",
                         "region": "Magdeburg", "goals": ["job"]}),
    ("bw-kuemmerer", {"client": "employer", "region": "Stuttgart", "goals": ["hire"]}),
    ("bw-kuemmerer", {"client": "person", "status": "asylum_seeker", "age": 20, "qualification": "school_only",
                      "region": "Stuttgart", "goals": ["apprenticeship"]}),
])
def test_ended_programmes_of_the_seeds(bundled, entry_id, answers):
    parsed = parse_answers(answers, bundled.vocabulary, bundled.regions)
    assert bundled.get(entry_id).has_ended(TODAY)
    assert entry_id not in ranked_ids(recommend(parsed, bundled, today=TODAY, limit=0))
    entry = bundled.get(entry_id)
    if entry.goals:  # listed on request, with the reason that it has ended
        listed = recommend(parsed, bundled, today=TODAY, limit=0, include_ended=True)
        assert entry_id in ranked_ids(listed) or entry.part_of in ranked_ids(listed)


def test_review_date_past_is_not_an_end(bundled):
    entry = make_entry("standing", period=Period(review=PartialDate(2025)))
    cat = small_catalogue(bundled, entry)
    rec = recommend(person(), cat, today=TODAY, limit=0)
    assert ranked_ids(rec) == ["standing"]
    period = [c for c in rec.results[0].assessment.conditions if c.rule == "period"]
    assert [(c.verdict, c.reason.outcome) for c in period] == [(MET, "review_passed")]


def test_mbe_with_past_funding_review_is_still_recommended(bundled):
    """The MBE's funding is stated to 2026 (a review date): in 2027 it is still offered."""
    later = dt.date(2027, 3, 1)
    mbe = bundled.get("mbe")
    assert mbe.period.review is not None and mbe.period.review.last_day() < later
    assert not mbe.has_ended(later)
    raw = {"client": "person", "status": "family", "age": 40, "qualification": "none",
           "region": "Magdeburg", "goals": ["orientation"]}
    results = recommend(parse_answers(raw, bundled.vocabulary, bundled.regions), bundled, today=later, limit=0).results
    assert "mbe" in {r.entry.id for r in results} | {r.entry.part_of for r in results}


# -- client, goals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("clients", "client", "verdict", "outcome"), [
    (("person",), "person", MET, "met"),
    (("person",), "employer", NOT_MET, "not_met"),
    (("person", "employer"), "employer", MET, "met"),
    ((), "person", NOT_MET, "organisations"),
])
def test_client_condition(bundled, clients, client, verdict, outcome):
    entry = make_entry(clients=clients)
    answers = person() if client == "person" else Answers(client="employer", region="magdeburg", goals=("job",))
    cond = condition(entry, answers, small_catalogue(bundled, entry), "client")
    assert (cond.verdict, cond.reason.outcome) == (verdict, outcome)


def test_employer_is_not_checked_against_person_conditions(bundled):
    entry = make_entry(clients=("person", "employer"), statuses=REFUGEES, age=JMD_AGE, gender=("female",))
    answers = Answers(client="employer", region="magdeburg", goals=("job",))
    rules = {c.rule for c in assess(entry, answers, small_catalogue(bundled, entry), TODAY).conditions}
    assert rules == {"client", "region"}
    assert ranked_ids(recommend(answers, small_catalogue(bundled, entry), today=TODAY, limit=0)) == [entry.id]


def test_eligible_but_serving_no_goal_is_not_recommended(bundled):
    entry = make_entry(goals=("business",))
    rec = recommend(person(goals=("job",)), small_catalogue(bundled, entry), today=TODAY, limit=0)
    assert ranked_ids(rec) == [] and rec.total_eligible == 0


def test_a_local_specialist_ranks_before_a_nationwide_service_of_more_goals(bundled):
    """Serving several of the client's goals is a bonus, not the first key (issue 11)."""
    local = make_entry("zzz-local", goals=("job",), area=HALLE_ONLY)
    broad = make_entry("aaa-broad", goals=("job", "language", "orientation", "business"))
    rec = recommend(person(region="halle-saale", goals=("job", "language")),
                    small_catalogue(bundled, local, broad), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["zzz-local", "aaa-broad"]


def test_among_equals_serving_more_goals_ranks_first(bundled):
    one = make_entry("aaa-one", goals=("job", "business", "orientation"))
    two = make_entry("zzz-two", goals=("job", "language", "orientation"))
    rec = recommend(person(goals=("job", "language")), small_catalogue(bundled, one, two), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["zzz-two", "aaa-one"]
    rec = recommend(person(goals=("job",)), small_catalogue(bundled, one, two), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["aaa-one", "zzz-two"]  # a tie: by name


def test_a_service_for_the_clients_sector_ranks_first_and_fees_count_against(bundled):
    care = make_entry("zzz-care", sectors=("care",))
    general = make_entry("aaa-general")
    paid = msgspec.structs.replace(make_entry("aaa-paid"), cost="fee")
    rec = recommend(person(sector="care"), small_catalogue(bundled, care, general, paid), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["zzz-care", "aaa-general", "aaa-paid"]


def test_explain_shows_the_parts_of_the_rank(cli):
    result = cli("--lang", "en", "explain", "jobcenter-halle-saale", "--client", "person", "--status", "protection",
                 "--age", "30", "--qualification", "none", "--region", "Halle", "--goal", "job", "--benefits")
    assert result.code == 0, result.err
    assert "Rank points" in result.out and "client's district or town +40" in result.out


def test_aimed_restriction_ranks_before_an_open_one(bundled):
    open_ = make_entry("aaa-open", statuses=ANY, age=ANY, qualifications=ANY)
    aimed = make_entry("zzz-aimed", statuses=("work_permit",), age=ANY, qualifications=ANY)
    rec = recommend(person(), small_catalogue(bundled, open_, aimed), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["zzz-aimed", "aaa-open"]


# -- determinism ----------------------------------------------------------------------------------

def test_ties_are_broken_by_name_then_id(bundled):
    entries = [make_entry("b-id", name="Beta"), make_entry("a-id", name="Beta"),
               make_entry("c-id", name="alpha")]
    rec = recommend(person(), small_catalogue(bundled, *entries), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["c-id", "a-id", "b-id"]


@pytest.mark.parametrize("raw", [
    {"client": "person", "status": "asylum_seeker", "age": 19, "qualification": "school_only",
     "region": "Halle (Saale)", "goals": ["apprenticeship", "language", "job"]},
    {"client": "employer", "region": "Magdeburg", "goals": ["hire", "retain"]},
    {"client": "person", "status": "abroad", "age": 30, "qualification": "foreign_academic",
     "region": "Bayern", "goals": ["recognition", "residence"]},
])
def test_ranking_is_deterministic_whatever_the_catalogue_order(bundled, raw):
    answers = parse_answers(raw, bundled.vocabulary, bundled.regions)
    first = recommend(answers, bundled, today=TODAY, limit=0)
    again = recommend(answers, bundled, today=TODAY, limit=0)
    assert ranked_ids(first) == ranked_ids(again)
    items = list(bundled.entries.items())
    for seed in range(3):
        random.Random(seed).shuffle(items)
        shuffled = replace(bundled, entries=dict(items))
        assert ranked_ids(recommend(answers, shuffled, today=TODAY, limit=0)) == ranked_ids(first)
    scores = [r.score for r in first.results]
    assert scores == sorted(scores, reverse=True)
    assert [r.rank for r in first.results] == list(range(1, len(first.results) + 1))


def test_limit_cuts_the_same_ranking(bundled):
    answers = parse_answers({"client": "employer", "region": "Thüringen", "goals": ["hire"]},
                            bundled.vocabulary, bundled.regions)
    everything = ranked_ids(recommend(answers, bundled, today=TODAY, limit=0))
    assert ranked_ids(recommend(answers, bundled, today=TODAY, limit=3)) == everything[:3]
    assert recommend(answers, bundled, today=TODAY, limit=3).total_eligible == len(everything)


# -- currency and offices -----------------------------------------------------------------------

def test_information_older_than_three_years_ranks_after_a_current_equivalent(bundled):
    """Same fit, same region: the service whose sources are current comes first (even by name)."""
    old = msgspec.structs.replace(make_entry("a-old", name="A old"), as_of=PartialDate(2019))
    current = msgspec.structs.replace(make_entry("b-current", name="B current"), as_of=PartialDate(2025, 6))
    rec = recommend(person(), small_catalogue(bundled, old, current), today=TODAY, limit=0)
    assert ranked_ids(rec) == ["b-current", "a-old"]
    assert rec.results[0].score > rec.results[1].score
    # Two and a half years is not old yet: the name decides again.
    recent = msgspec.structs.replace(old, as_of=PartialDate(2024, 6))
    assert ranked_ids(recommend(person(), small_catalogue(bundled, recent, current), today=TODAY, limit=0)) == [
        "a-old", "b-current"]


def test_an_office_keeps_the_rules_of_its_service(bundled):
    """An MBE office that states no age is still the MBE: over 27."""
    service = make_entry("service", age=Range(28, None), goals=("orientation",))
    office = make_entry("service-office", part_of="service", goals=("orientation",),
                        area=Area(places=("magdeburg",)))
    cat = small_catalogue(bundled, service, office)
    young = recommend(person(age=20, goals=("orientation",)), cat, today=TODAY, limit=0)
    assert ranked_ids(young) == []
    older = recommend(person(age=40, goals=("orientation",)), cat, today=TODAY, limit=0)
    assert ranked_ids(older) == ["service-office"]  # the office replaces its service for Magdeburg
    age = next(c for c in older.results[0].assessment.conditions if c.rule == "age")
    assert age.verdict is MET


def test_a_plan_step_naming_a_service_is_done_by_its_office_for_the_district(bundled):
    answers = parse_answers({"client": "person", "status": "protection", "age": 35, "qualification": "none",
                             "region": "Halle", "goals": ["residence"]}, bundled.vocabulary, bundled.regions)
    plan = recommend(answers, bundled, today=TODAY, limit=0).plan
    step = next(s for s in plan if s.step.id == "foreigners-authority")
    assert step.who is not None and step.who.id == "abh-halle-saale"


def test_on_equal_points_the_districts_office_comes_before_its_regions_head_office(cli, overlay):
    """An agency for five districts and its office in one of them earn the same points for a client
    there: the office is where the client goes."""
    head = ENTRY.format(id="zentrale-nord", name="A Zentrale Nord").replace(
        "[halle-saale]", "[magdeburg, stendal, boerde, jerichower-land, altmarkkreis-salzwedel]")
    office = ENTRY.format(id="buero-stendal", name="B Büro Stendal").replace("[halle-saale]", "[stendal]")
    folder = overlay(head + office.split("entries:\n", 1)[1])
    result = cli("--catalog", str(folder), "ask", "--client", "person", "--status", "protection", "--age", "30",
                 "--qualification", "none", "--region", "Tangermünde", "--goal", "job", "--format", "json")
    ids = [r["id"] for r in json.loads(result.out)["results"]]
    assert ids.index("buero-stendal") < ids.index("zentrale-nord"), ids
