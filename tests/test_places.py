"""Places an adviser types: the client's town, its postcode, a district anywhere in Germany.

Checked against the public lists in tests/places/ (copied from their sources, named at their head):
every municipality of Sachsen-Anhalt (MietNEinV 2021, Gebietsstand 25.01.2021) resolves to its
district, and every district and independent city of Germany (Destatis GV100) to its Land.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lotse.model.places import RegionError

PLACES = Path(__file__).parent / "places"
CITIES = {"magdeburg", "halle-saale", "dessau-rosslau"}


def municipalities() -> list[dict]:
    return yaml.safe_load((PLACES / "st-municipalities.yaml").read_text(encoding="utf-8"))["municipalities"]


def districts() -> list[dict]:
    return yaml.safe_load((PLACES / "de-districts.yaml").read_text(encoding="utf-8"))["districts"]


def district_of(region) -> str:
    return region.parent or region.id


def test_the_list_has_all_218_municipalities_of_sachsen_anhalt():
    listed = municipalities()
    assert len(listed) == 218 and len({m["ags"] for m in listed}) == 218


def test_every_municipality_resolves_to_its_district(catalogue):
    wrong = {}
    for town in municipalities():
        for spelling in (town["name"], *town.get("aliases", ())):
            region = catalogue.regions.resolve(spelling)
            if district_of(region) != town["district"] or region.state != "DE-ST":
                wrong[spelling] = (region.id, town["district"])
    assert not wrong


def test_every_district_and_independent_city_resolves_to_its_land(catalogue):
    listed = districts()
    assert len(listed) == 398  # 294 Landkreise + 106 kreisfreie Städte, less Berlin and Hamburg
    wrong = {d["name"]: catalogue.regions.resolve(d["name"]).state for d in listed
             if catalogue.regions.resolve(d["name"]).state != d["state"]}
    assert not wrong


@pytest.mark.parametrize("typed, town, district", [
    ("Quedlinburg", "quedlinburg", "harz"),
    ("quedlinbrug", "quedlinburg", "harz"),
    ("Eisleben", "lutherstadt-eisleben", "mansfeld-suedharz"),
    ("Lutherstadt Eisleben", "lutherstadt-eisleben", "mansfeld-suedharz"),
    ("Naumburg", "naumburg-saale", "burgenlandkreis"),
    ("Naumburg (Saale)", "naumburg-saale", "burgenlandkreis"),
    ("Zerbst", "zerbst-anhalt", "anhalt-bitterfeld"),
    ("Zerbst/Anhalt", "zerbst-anhalt", "anhalt-bitterfeld"),
    ("Weissenfels", "weissenfels", "burgenlandkreis"),
    ("Schönebeck", "schoenebeck-elbe", "salzlandkreis"),
    ("Genthin", "genthin", "jerichower-land"),
    ("Stassfurt", "stassfurt", "salzlandkreis"),
    ("Bitterfeld", "bitterfeld-wolfen", "anhalt-bitterfeld"),
    ("06484", "quedlinburg", "harz"),
])
def test_towns_people_type(catalogue, typed, town, district):
    region = catalogue.regions.resolve(typed)
    assert (region.id, region.parent) == (town, district)


def test_a_city_is_its_own_district_and_rosslau_is_dessau(catalogue):
    assert catalogue.regions.resolve("Roßlau").id == "dessau-rosslau"
    assert catalogue.regions.resolve("Halle/Saale").id == "halle-saale"


def test_a_typo_is_answered_with_places_of_sachsen_anhalt_first(catalogue):
    """'Did you mean' never offers a city 400 km away before the similar town next door."""
    with pytest.raises(RegionError) as caught:
        catalogue.regions.resolve("Oster")  # Osterburg, Osterfeld … and Landkreis Osterholz
    states = [r.state for r in caught.value.suggestions]
    assert "DE-ST" in states and "DE-NI" in states
    assert states == sorted(states, key=lambda state: state != "DE-ST")


def test_a_municipality_is_served_by_its_district(cli):
    """A client in Quedlinburg is served by the services of the Harz district."""
    import json

    result = cli("ask", "--format", "json", "--client", "person", "--status", "protection", "--age", "30",
                 "--qualification", "foreign_vocational", "--region", "Quedlinburg", "--goal", "recognition",
                 "--limit", "50")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["answers"]["region"] == "quedlinburg"
    areas = [r["id"] for r in data["results"]]
    assert "iq-st-anerkennung-nord" in areas or any(i.startswith("iq-st") for i in areas)
