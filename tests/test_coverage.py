"""`lotse coverage`: figures checked by hand against data/catalogue/sachsen-anhalt.yaml, the four
formats, and the error paths.

The hand count (2026-11-22): the entries of sachsen-anhalt.yaml that name clients and have not ended.
Land-wide (`area: {states: [DE-ST]}`): fachkraft-im-fokus (hire, retain, recognition, qualification,
job), welcome-center-sachsen-anhalt (hire, orientation, retain), jobbruecke-plus (job,
apprenticeship, language, recognition, qualification, hire, retain), iq-sachsen-anhalt (recognition,
qualification, job, retain), iq-st-interkulturelle-oeffnung (retain), lamsa (orientation, language,
job, apprenticeship, qualification, retain), netzwerk-willkommenskultur (hire, retain).
Local: iq-st-anerkennung-nord (recognition; Magdeburg and the northern districts),
iq-st-anerkennung-sued (recognition; Halle and the southern districts),
migrationsagentur-burgenlandkreis (job, residence, orientation; Burgenlandkreis).
Not counted: zemigra (ended 2019-07); agsa, iq-st-qualifizierung-*, jugendwerkstatt-frohe-zukunft,
kommunale-integrationsnetzwerke, ehrenamtskoordination and integrif-ii (no clients: offers for
organisations); kausa-servicestellen and miidu (no goals).
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from conftest import TODAY
from lotse.coverage import coverage, resolve_state
from lotse.errors import UsageError

LAND_WIDE = {
    "recognition": {"fachkraft-im-fokus", "jobbruecke-plus", "iq-sachsen-anhalt"},
    "job": {"fachkraft-im-fokus", "jobbruecke-plus", "iq-sachsen-anhalt", "lamsa"},
    "hire": {"fachkraft-im-fokus", "welcome-center-sachsen-anhalt", "jobbruecke-plus",
             "netzwerk-willkommenskultur"},
    "retain": {"fachkraft-im-fokus", "welcome-center-sachsen-anhalt", "jobbruecke-plus",
               "iq-sachsen-anhalt", "iq-st-interkulturelle-oeffnung", "lamsa", "netzwerk-willkommenskultur"},
    "orientation": {"welcome-center-sachsen-anhalt", "lamsa"},
    "language": {"jobbruecke-plus", "lamsa"},
    "residence": set(),
    "labour_rights": set(),
}


@pytest.fixture(scope="module")
def districts(catalogue):
    result = coverage(catalogue, TODAY, catalogue.regions.get("DE-ST"))
    return {row.region.id: row.cells for row in result.rows}


def test_sachsen_anhalt_has_its_fourteen_districts_and_cities(districts):
    assert len(districts) == 14 and {"magdeburg", "halle-saale", "burgenlandkreis", "harz"} <= set(districts)


@pytest.mark.parametrize("goal", sorted(LAND_WIDE))
def test_magdeburg_by_hand(districts, goal):
    local = {"recognition": {"iq-st-anerkennung-nord"}}.get(goal, set())
    cell = districts["magdeburg"][goal]
    assert set(cell.regional) == LAND_WIDE[goal] | local
    assert cell.gap == (not LAND_WIDE[goal] and not local)


def test_magdeburg_counts(districts):
    counts = {g: len(districts["magdeburg"][g].regional) for g in LAND_WIDE}
    assert counts == {"recognition": 4, "job": 4, "hire": 4, "retain": 7, "orientation": 2,
                      "language": 2, "residence": 0, "labour_rights": 0}


def test_burgenlandkreis_by_hand(districts):
    cells = districts["burgenlandkreis"]
    assert set(cells["recognition"].regional) == LAND_WIDE["recognition"] | {"iq-st-anerkennung-sued"}
    assert set(cells["job"].regional) == LAND_WIDE["job"] | {"migrationsagentur-burgenlandkreis"}
    assert cells["residence"].regional == ("migrationsagentur-burgenlandkreis",)
    assert not cells["residence"].gap and cells["labour_rights"].gap
    assert len(cells["orientation"].regional) == 3


def test_halle_has_the_southern_recognition_point_and_a_residence_gap(districts):
    cells = districts["halle-saale"]
    assert "iq-st-anerkennung-sued" in cells["recognition"].regional
    assert "iq-st-anerkennung-nord" not in cells["recognition"].regional
    assert cells["residence"].gap and cells["business"].gap


def test_land_row_counts_local_services_apart(catalogue):
    result = coverage(catalogue, TODAY)
    assert len(result.rows) == 16
    st = next(row.cells for row in result.rows if row.region.id == "DE-ST")
    assert set(st["recognition"].regional) == LAND_WIDE["recognition"]
    assert set(st["recognition"].local) == {"iq-st-anerkennung-nord", "iq-st-anerkennung-sued"}
    assert st["residence"].regional == () and st["residence"].local == ("migrationsagentur-burgenlandkreis",)
    assert not st["residence"].gap and st["labour_rights"].gap


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

def test_every_format_has_a_renderer():
    from lotse.cli.coverage import FORMATS, renderers

    assert set(renderers()) == set(FORMATS)


def test_json(cli):
    result = cli("coverage", "--state", "ST", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["state"] == "DE-ST" and len(data["regions"]) == 14
    magdeburg = next(r for r in data["regions"] if r["id"] == "magdeburg")
    assert set(magdeburg["goals"]["hire"]["regional"]) == LAND_WIDE["hire"]
    assert magdeburg["goals"]["residence"] == {"regional": [], "local": [], "gap": True}
    assert data["gaps"] == sum(g["gap"] for r in data["regions"] for g in r["goals"].values())


def test_csv(cli):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(cli("coverage", "-f", "csv", "--state", "DE-ST").out)))
    assert len(rows) == 14 * 11
    row = next(r for r in rows if r["region_id"] == "burgenlandkreis" and r["goal"] == "job")
    assert (row["regional"], row["local"], row["gap"]) == ("5", "0", "no")
    assert int(row["nationwide"]) > 0


def test_table_for_the_lander_marks_gaps_without_escape_codes(cli):
    result = cli("--lang", "en", "coverage")
    assert result.code == 0 and "\x1b[" not in result.out
    assert "Services per goal in each Land" in result.out and "Saxony-Anhalt" in result.out
    assert "3+2" in result.out  # Sachsen-Anhalt, recognition: 3 Land-wide, 2 local
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
    result = cli("coverage", "--html", str(page))
    assert result.code == 4 and "already exists" in result.err and page.read_text() == "keep"
    assert cli("coverage", "--html", str(page), "--force").code == 0
    assert page.read_text().startswith("<!DOCTYPE html>")


def test_unwritable_html_path_is_exit_4(cli, tmp_path):
    target = tmp_path / "no-such-folder" / "coverage.html"
    result = cli("coverage", "--html", str(target))
    assert result.code == 4 and "Cannot write" in result.err and "Traceback" not in result.err
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert cli("coverage", "--html", str(locked / "c.html")).code == 4


@pytest.mark.parametrize("state, message", [("Atlantis", "Unknown region"), ("Magdeburg", "is not a Land")])
def test_unknown_state_is_exit_2(cli, state, message):
    result = cli("coverage", "--state", state)
    assert result.code == 2 and message in result.err and result.out == ""


def test_a_land_without_known_places_says_so(cli):
    result = cli("--lang", "en", "coverage", "--state", "Schleswig-Holstein")
    assert result.code == 0 and "knows no districts or cities in Schleswig-Holstein" in result.out
    assert json.loads(cli("coverage", "--state", "SH", "-f", "json").out)["regions"] == []
