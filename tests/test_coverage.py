"""`lotse coverage`: figures checked against the rule it documents, a few checked by hand, the
four formats, and the error paths.

The rule (README, `lotse coverage`): a cell counts the services that are current (not ended) and
client-facing (they name clients), serve the goal and cover the whole region; nationwide ones are
counted apart. `expected` below restates it independently of lotse.domain.coverage.

Checked by hand in the researched catalogue (data/catalogue/sachsen-anhalt/, 2026-11-22): every
district has its own Ausländerbehörde for residence (Magdeburg: abh-magdeburg; Jerichower Land:
abh-jerichower-land); the Burgenlandkreis's Migrationsagentur serves job, residence and
orientation; the IQ recognition service points split the Land into Nord (Magdeburg) and Süd (Halle).
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from conftest import TODAY

from lotse.domain.coverage import coverage, resolve_state
from lotse.errors import UsageError

GOALS = ("recognition", "language", "job", "apprenticeship", "qualification", "residence", "labour_rights",
         "business", "orientation", "hire", "retain")


def expected(catalogue, region_id: str, goal: str) -> set[str]:
    """Current, client-facing services for the goal that cover all of the region (not nationwide)."""
    region = catalogue.regions.get(region_id)
    return {e.id for e in catalogue
            if e.eligibility.clients and not e.has_ended(TODAY) and goal in e.goals and not e.area.nationwide
            and (region_id in e.area.places or region.state in e.area.states)}


@pytest.fixture(scope="module")
def districts(catalogue):
    result = coverage(catalogue, TODAY, catalogue.regions.get("DE-ST"))
    return {row.region.id: row.cells for row in result.rows}


def test_sachsen_anhalt_has_its_fourteen_districts_and_cities(districts):
    assert len(districts) == 14 and {"magdeburg", "halle-saale", "burgenlandkreis", "harz"} <= set(districts)


@pytest.mark.parametrize("goal", GOALS)
def test_every_district_follows_the_rule(catalogue, districts, goal):
    for region_id, cells in districts.items():
        cell = cells[goal]
        want = expected(catalogue, region_id, goal)
        assert set(cell.regional) == want, (region_id, goal)
        assert cell.gap == (not want), (region_id, goal)


def test_every_district_has_its_auslaenderbehoerde_for_residence(districts):
    for region_id, cells in districts.items():
        assert any(i.startswith("abh-") for i in cells["residence"].regional), region_id
    assert "abh-magdeburg" in districts["magdeburg"]["residence"].regional
    assert "abh-jerichower-land" in districts["jerichower-land"]["residence"].regional


def test_burgenlandkreis_by_hand(districts):
    cells = districts["burgenlandkreis"]
    for goal in ("job", "residence", "orientation"):
        assert "migrationsagentur-burgenlandkreis" in cells[goal].regional, goal
    assert "iq-st-anerkennung-sued" in cells["recognition"].regional
    assert "iq-st-anerkennung-nord" not in cells["recognition"].regional


def test_halle_has_the_southern_recognition_point(districts):
    cells = districts["halle-saale"]
    assert "iq-st-anerkennung-sued" in cells["recognition"].regional
    assert "iq-st-anerkennung-nord" not in cells["recognition"].regional
    assert "jobcenter-halle-saale" in cells["job"].regional


def test_land_row_counts_local_services_apart(catalogue):
    result = coverage(catalogue, TODAY)
    assert len(result.rows) == 16
    st = next(row.cells for row in result.rows if row.region.id == "DE-ST")
    assert set(st["recognition"].regional) == {e.id for e in catalogue if "DE-ST" in e.area.states
                                              and "recognition" in e.goals and e.eligibility.clients
                                              and not e.has_ended(TODAY)}
    assert {"iq-st-anerkennung-nord", "iq-st-anerkennung-sued"} <= set(st["recognition"].local)
    assert "abh-magdeburg" in st["residence"].local and "abh-magdeburg" not in st["residence"].regional


def test_ended_programmes_count_only_while_they_run(catalogue):
    before = coverage(catalogue, dt.date(2021, 12, 31), catalogue.regions.get("DE-ST"))
    after = coverage(catalogue, dt.date(2022, 1, 1), catalogue.regions.get("DE-ST"))
    assert "jobbruecke-plus" in before.rows[0].cells["hire"].regional
    assert "jobbruecke-plus" not in after.rows[0].cells["hire"].regional


def test_nationwide_services_are_counted_once_and_apart(catalogue):
    result = coverage(catalogue, TODAY)
    jmd = catalogue.get("jmd")
    assert jmd.area.nationwide
    for goal in jmd.goals:
        assert "jmd" in result.nationwide[goal]
    assert all("jmd" not in c.regional for row in result.rows for c in row.cells.values())


@pytest.mark.parametrize("text", ["DE-ST", "ST", "Sachsen-Anhalt", "sachsen anhalt", "LSA", "Saxony-Anhalt"])
def test_state_spellings(catalogue, text):
    assert resolve_state(catalogue, text).id == "DE-ST"


def test_state_must_be_a_land(catalogue):
    with pytest.raises(UsageError, match="Magdeburg is not a Land"):
        resolve_state(catalogue, "Magdeburg")


# -- the command ----------------------------------------------------------------------------------

def test_json(cli):
    result = cli("coverage", "--state", "ST", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["state"] == "DE-ST" and len(data["regions"]) == 14
    magdeburg = next(r for r in data["regions"] if r["id"] == "magdeburg")
    assert "abh-magdeburg" in magdeburg["goals"]["residence"]["regional"]
    assert magdeburg["goals"]["residence"]["gap"] is False
    assert data["gaps"] == sum(g["gap"] for r in data["regions"] for g in r["goals"].values())


def test_csv(cli, catalogue):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(cli("coverage", "-f", "csv", "--state", "DE-ST").out)))
    assert len(rows) == 14 * 11
    row = next(r for r in rows if r["region_id"] == "burgenlandkreis" and r["goal"] == "job")
    assert (row["regional"], row["local"], row["gap"]) == (str(len(expected(catalogue, "burgenlandkreis", "job"))),
                                                           "0", "no")
    assert int(row["nationwide"]) > 0


def test_table_for_the_lander_marks_gaps_without_escape_codes(cli):
    result = cli("--lang", "en", "coverage")
    assert result.code == 0 and "\x1b[" not in result.out
    assert "Services per goal in each Land" in result.out and "Saxony-Anhalt" in result.out
    assert "+" in result.out  # a Land's row counts local services apart: "3+2"
    assert "gaps" in result.out and "–" in result.out


def test_html_heat_map_is_self_contained_and_escaped(cli, tmp_path, overlay):
    from conftest import ENTRY

    folder = overlay(ENTRY.format(id="evil", name='"<script>alert(1)</script>"').replace(
        "places: [halle-saale]", "places: [magdeburg]"))
    page = tmp_path / "coverage.html"
    result = cli("--catalog", str(folder), "coverage", "--state", "ST", "--html", str(page), "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["state"] == "DE-ST"  # stdout still carries the data
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Magdeburg" in html and 'class="gap"' in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "src=" not in html and "href=" not in html and "@import" not in html  # nothing fetched


def test_html_will_not_overwrite_without_force(cli, tmp_path):
    page = tmp_path / "coverage.html"
    page.write_text("keep")
    result = cli("--lang", "en", "coverage", "--html", str(page))
    assert result.code == 4 and "already exists" in result.err and page.read_text() == "keep"
    assert cli("coverage", "--html", str(page), "--force").code == 0
    assert page.read_text().startswith("<!DOCTYPE html>")


def test_unwritable_html_path_is_exit_4(cli, tmp_path):
    target = tmp_path / "no-such-folder" / "coverage.html"
    result = cli("--lang", "en", "coverage", "--html", str(target))
    assert result.code == 4 and "Cannot write" in result.err and "Traceback" not in result.err
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert cli("coverage", "--html", str(locked / "c.html")).code == 4


@pytest.mark.parametrize("state, message", [("Atlantis", "Unknown region"), ("Magdeburg", "is not a Land")])
def test_unknown_state_is_exit_2(cli, state, message):
    result = cli("--lang", "en", "coverage", "--state", state)
    assert result.code == 2 and message in result.err and result.out == ""


def test_another_land_lists_all_its_districts_and_cities(cli):
    """Every district and independent city of Germany is known: Schleswig-Holstein has 11 + 4."""
    data = json.loads(cli("coverage", "--state", "SH", "-f", "json").out)
    assert len(data["regions"]) == 15 and {"kiel", "kreis-nordfriesland"} <= {r["id"] for r in data["regions"]}
