"""Consultation scenarios read from the seeds: who must be among the first five, who must not appear.

The scenarios are data (tests/scenarios/consultations.yaml). Each runs `recommend` on the bundled
catalogue with all results (limit 0) on a fixed date. A service named in a scenario is met by
the service itself or by one of its offices (`part_of`): `jmd` is any Jugendmigrationsdienst, and
the one for the client's district is what lotse recommends. A scenario with an `xfail` reason documents an
expectation the seeds support but lotse does not meet yet; it is strict, so it fails once fixed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from lotse.domain.rules import recommend
from lotse.model.answers import parse_answers
from lotse.store.catalogue import load_catalogue

TODAY = dt.date(2026, 11, 22)
SCENARIO_FILES = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))
KEYS = {"name", "source", "answers", "top5", "absent", "not_top5", "plan", "plan_absent", "xfail"}


def _load() -> list[dict]:
    scenarios = []
    for path in SCENARIO_FILES:  # the seed scenarios, and the referrals of issue 11 beside them
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(loaded, list), f"{path}: must be a list of scenarios"
        scenarios += loaded
    return scenarios


SCENARIOS = _load()


def _params() -> list:
    params = []
    for scenario in SCENARIOS:
        marks = []
        if scenario.get("xfail"):
            marks.append(pytest.mark.xfail(reason=str(scenario["xfail"]), strict=True))
        params.append(pytest.param(scenario, id=scenario.get("name", "?"), marks=marks))
    return params


@pytest.fixture(scope="module")
def bundled():
    return load_catalogue()


def test_scenario_file_is_well_formed(bundled):
    names = [s.get("name") for s in SCENARIOS]
    assert len(SCENARIOS) >= 30
    assert len(names) == len(set(names)), "scenario names must be unique"
    for scenario in SCENARIOS:
        name = scenario.get("name")
        assert name and scenario.get("source"), f"{name!r}: needs name and source"
        assert not set(scenario) - KEYS, f"{name}: unknown keys {set(scenario) - KEYS}"
        assert scenario.get("top5") or scenario.get("absent") or scenario.get("plan"), f"{name}: expects nothing"
        for entry_id in [*(scenario.get("top5") or []), *(scenario.get("absent") or []),
                         *(scenario.get("not_top5") or [])]:
            assert entry_id in bundled.entries, f"{name}: {entry_id!r} is not a catalogue id"
        overlap = set(scenario.get("top5") or []) & set(scenario.get("absent") or [])
        assert not overlap, f"{name}: {overlap} both in top5 and absent"


@pytest.mark.parametrize("scenario", _params())
def test_consultation(scenario, bundled):
    answers = parse_answers(scenario["answers"], bundled.vocabulary, bundled.regions)
    rec = recommend(answers, bundled, today=TODAY, limit=0)
    ranked = [r.entry.id for r in rec.results]
    family = {r.entry.id: {r.entry.id, r.entry.part_of} for r in rec.results}
    ranks = {}  # each service named in a scenario → the first rank of it or one of its offices
    for rank, entry_id in enumerate(ranked, start=1):
        for name in family[entry_id]:
            ranks.setdefault(name, (rank, entry_id))
    problems = []
    for entry_id in scenario.get("top5") or []:
        rank, shown = ranks.get(entry_id, (None, None))
        if rank is None or rank > 5:
            where = f"rank {rank} ({shown})" if rank else "not recommended"
            problems.append(f"{entry_id} should be in the top 5 but is {where}")
    for entry_id in scenario.get("absent") or []:
        if entry_id in ranks:
            rank, shown = ranks[entry_id]
            problems.append(f"{entry_id} should be absent but is rank {rank} ({shown})")
    for entry_id in scenario.get("not_top5") or []:  # may be listed, after the first five
        if entry_id in ranks and ranks[entry_id][0] <= 5:
            problems.append(f"{entry_id} should not be in the top 5 but is rank {ranks[entry_id][0]}")
    steps = {s.step.id: (s.who.id if s.who else None, s.who.part_of if s.who else None) for s in rec.plan}
    for expected in scenario.get("plan") or []:  # "step" or "step: who" (who: the actor or its service)
        step, _, who = (part.strip() for part in expected.partition(":"))
        if step not in steps:
            problems.append(f"plan step {step} is missing (plan: {list(steps)})")
        elif who and who not in steps[step]:
            problems.append(f"plan step {step} should be done by {who}, not {steps[step][0]}")
    for step in scenario.get("plan_absent") or []:
        if step in steps:
            problems.append(f"plan step {step} should not be in the plan")
    assert not problems, (
        f"{scenario['name']}\n  source: {scenario['source']}\n  answers: {answers.to_mapping()}\n  "
        + "\n  ".join(problems)
        + "\n  ranked: " + ", ".join(f"{i}. {e}" for i, e in enumerate(ranked, start=1))
    )
