"""A consultation in each district and independent city of Sachsen-Anhalt finds its own Jobcenter
and Ausländerbehörde, with a way to reach them, and names the Jobcenter in the plan for work.

Every district's Jobcenter and Ausländerbehörde are in the researched catalogue
(data/catalogue/sachsen-anhalt/), each with its public sources.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lotse.domain.rules import recommend
from lotse.model.answers import parse_answers

TODAY = dt.date(2026, 11, 22)
DISTRICTS = ["altmarkkreis-salzwedel", "anhalt-bitterfeld", "boerde", "burgenlandkreis", "harz",
             "jerichower-land", "mansfeld-suedharz", "saalekreis", "salzlandkreis", "stendal",
             "wittenberg", "dessau-rosslau", "halle-saale", "magdeburg"]


def test_the_list_is_every_district_and_city(catalogue):
    assert sorted(r.id for r in catalogue.regions.places_in("DE-ST")) == sorted(DISTRICTS)


def offices(catalogue, service: str, district: str) -> set[str]:
    return {e.id for e in catalogue if e.part_of == service and district in e.area.places}


@pytest.mark.parametrize("district", DISTRICTS)
def test_a_consultation_finds_the_districts_jobcenter_and_auslaenderbehoerde(catalogue, district):
    answers = parse_answers({"client": "person", "status": "protection", "age": 35,
                             "qualification": "foreign_vocational", "region": district,
                             "goals": ["job", "residence"], "benefits": True},
                            catalogue.vocabulary, catalogue.regions)
    rec = recommend(answers, catalogue, today=TODAY, limit=0)
    ranked = [r.entry.id for r in rec.results]
    jobcenter, abh = offices(catalogue, "jobcenter", district), offices(catalogue, "auslaenderbehoerde", district)
    assert jobcenter & set(ranked), f"no Jobcenter of {district} among {ranked[:10]}"
    assert abh & set(ranked), f"no Ausländerbehörde of {district} among {ranked[:10]}"
    assert not {"jobcenter", "auslaenderbehoerde"} & set(ranked), "the district's own office replaces the umbrella"
    actors = {s.who.id for s in rec.plan if s.who is not None}
    assert jobcenter & actors and abh & actors, "the plan names the district's offices"
    for entry_id in jobcenter | abh:
        assert catalogue.get(entry_id).contacts, f"{entry_id} has no contact"


def test_a_client_in_a_town_gets_the_offices_of_its_district(catalogue):
    answers = parse_answers({"client": "person", "status": "protection", "age": 35,
                             "qualification": "foreign_vocational", "region": "Quedlinburg",
                             "goals": ["residence"]}, catalogue.vocabulary, catalogue.regions)
    ranked = [r.entry.id for r in recommend(answers, catalogue, today=TODAY, limit=0).results]
    assert "abh-harz" in ranked[:3]
    assert not {"abh-magdeburg", "abh-stendal"} & set(ranked)
