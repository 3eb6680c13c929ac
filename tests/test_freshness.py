"""Freshness: the age limit, stale entries oldest first, passed end and review dates; `catalog stale`
and the "verify before use" mark of `ask`. All with a fixed today."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import ENTRY, TODAY
from msgspec.structs import replace

from lotse.domain.freshness import (
    DEFAULT_MAX_AGE,
    MaxAge,
    freshness_date,
    is_stale,
    parse_max_age,
    stale_report,
)
from lotse.errors import UsageError
from lotse.model.entry import PartialDate, Period


@pytest.mark.parametrize("text, expected", [
    ("12m", MaxAge(12, "m")), ("6m", MaxAge(6, "m")), ("2y", MaxAge(2, "y")), ("90d", MaxAge(90, "d")),
    (" 18 M ", MaxAge(18, "m")), ("0d", MaxAge(0, "d")),
])
def test_parse_max_age(text, expected):
    assert parse_max_age(text) == expected


@pytest.mark.parametrize("text", ["", "12", "m", "12w", "-3m", "1.5y", "twelve months", "12m3d"])
def test_parse_max_age_rejects(text):
    with pytest.raises(UsageError, match="is not an age like 12m"):
        parse_max_age(text)


@pytest.mark.parametrize("max_age, today, cutoff", [
    (MaxAge(12, "m"), dt.date(2026, 11, 22), dt.date(2025, 11, 22)),
    (MaxAge(2, "y"), dt.date(2024, 2, 29), dt.date(2022, 2, 28)),  # no 29 February in 2022
    (MaxAge(1, "m"), dt.date(2026, 3, 31), dt.date(2026, 2, 28)),
    (MaxAge(90, "d"), dt.date(2026, 11, 22), dt.date(2026, 8, 24)),
    (MaxAge(3, "m"), dt.date(2026, 2, 15), dt.date(2025, 11, 15)),
    (MaxAge(9999, "y"), dt.date(2026, 1, 1), dt.date.min),
])
def test_cutoff(max_age, today, cutoff):
    assert max_age.cutoff(today) == cutoff


def test_partial_dates_count_from_their_last_day(catalogue):
    entry = replace(catalogue.get("jmd"), as_of=PartialDate(2025, 11))
    assert freshness_date(entry) == dt.date(2025, 11, 30)
    assert not is_stale(entry, TODAY)  # November 2025 may mean the 30th: within 12 months
    assert is_stale(entry, dt.date(2026, 12, 1))
    assert is_stale(replace(entry, as_of=PartialDate(2024)), TODAY)


def test_verified_makes_an_entry_fresh_but_never_older(catalogue):
    entry = replace(catalogue.get("jmd"), as_of=PartialDate(2011))
    assert is_stale(entry, TODAY)
    checked = replace(entry, verified=PartialDate(2026, 3, 1))
    assert freshness_date(checked) == dt.date(2026, 3, 1) and not is_stale(checked, TODAY)
    newer_source = replace(entry, as_of=PartialDate(2026, 6, 1), verified=PartialDate(2020, 1, 1))
    assert freshness_date(newer_source) == dt.date(2026, 6, 1)


def test_boundary_is_exactly_the_limit(catalogue):
    entry = replace(catalogue.get("jmd"), as_of=PartialDate(2025, 11, 22))
    assert not is_stale(entry, TODAY)
    assert is_stale(entry, TODAY + dt.timedelta(days=1))


def test_stale_report_oldest_first_with_past_dates(catalogue):
    jmd = catalogue.get("jmd")
    entries = [
        replace(jmd, id="new", as_of=PartialDate(2026, 10, 1)),
        replace(jmd, id="mid", as_of=PartialDate(2022, 5), period=Period(review=PartialDate(2025))),
        replace(jmd, id="old", as_of=PartialDate(2011), period=Period(end=PartialDate(2019, 7))),
        replace(jmd, id="checked", as_of=PartialDate(2011), verified=PartialDate(2026, 1, 5),
                period=Period(end=PartialDate(2027))),
        replace(jmd, id="old-too", as_of=PartialDate(2011, 12, 31)),
    ]
    report = stale_report(entries, TODAY, DEFAULT_MAX_AGE)
    assert [s.entry.id for s in report.entries] == ["old", "old-too", "mid"]
    assert [s.date for s in report.entries] == [dt.date(2011, 12, 31)] * 2 + [dt.date(2022, 5, 31)]
    assert report.entries[0].age_days == (TODAY - dt.date(2011, 12, 31)).days
    assert [(p.entry.id, p.what, str(p.date)) for p in report.past_dates] == [
        ("old", "end", "2019-07"), ("mid", "review", "2025")]
    assert [s.entry.id for s in stale_report(entries, TODAY, MaxAge(100, "d")).entries] == [
        "old", "old-too", "mid", "checked"]


def test_bundled_catalogue_stale_on_fixed_today(catalogue):
    """On 2026-11-22 the entries whose newest source is more than 12 months old are listed, oldest
    first; on 2024-06-01 none is past 20 years; the ended programmes are listed."""
    report = stale_report(catalogue, TODAY, DEFAULT_MAX_AGE)
    cutoff = TODAY.replace(year=TODAY.year - 1)
    assert {s.entry.id for s in report.entries} == {e.id for e in catalogue if e.as_of.last_day() < cutoff}
    assert 0 < len(report.entries) < len(catalogue)
    assert [s.date for s in report.entries] == sorted(s.date for s in report.entries)
    assert stale_report(catalogue, dt.date(2024, 6, 1), MaxAge(20, "y")).entries == ()
    ended = {p.entry.id for p in report.past_dates if p.what == "end"}
    assert {"jobbruecke-plus", "faire-anwerbung-pflege"} <= ended


def test_verified_field_is_read_and_must_be_a_day(cli, overlay):
    from conftest import ENTRY

    good = ENTRY.format(id="geprueft", name="Geprüft").replace(
        'as_of: "2026-01-01"', 'as_of: "2020"\n    verified: "2026-02-03"\n    verified_by: IQ Servicestelle (Telefonat)')
    result = cli("--catalog", str(overlay(good)), "catalog", "list", "--format", "json")
    record = next(e for e in json.loads(result.out) if e["id"] == "geprueft")
    assert record["verified"] == "2026-02-03" and record["as_of"] == "2020"
    bad = good.replace('verified: "2026-02-03"', 'verified: "2026-02"')
    result = cli("--lang", "en", "catalog", "validate", str(overlay(bad)))
    assert result.code == 3 and "verified: must be a full date" in result.err


ASK = ("ask", "--client", "person", "--status", "protection", "--age", "28", "--qualification",
       "foreign_vocational", "--region", "Halle (Saale)", "--goal", "job")


def test_ask_json_says_which_results_to_verify(cli, overlay):
    """A result carries verify when its information is more than 12 months old; an entry a person
    confirmed today does not, however old its source."""
    from conftest import ENTRY

    today = TODAY.isoformat()
    cutoff = TODAY.replace(year=TODAY.year - 1)
    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle").replace(
        'as_of: "2026-01-01"', f'as_of: "2011"\n    verified: "{today}"\n    verified_by: IQ Servicestelle (Telefonat)'))
    result = cli("--catalog", str(folder), *ASK, "--format", "json", "--limit", "50")
    assert result.code == 0, result.err
    results = {r["id"]: r for r in json.loads(result.out)["results"]}
    fresh = results.pop("netzwerk-halle-jobs")
    assert fresh["verify"] is False and fresh["verified"] == today and fresh["as_of"] == "2011"
    assert results and all(r["verify"] is (PartialDate.parse(r["as_of"]).last_day() < cutoff)
                           for r in results.values())
    assert {r["verify"] for r in results.values()} == {True, False}  # both kinds among Halle's results


def test_ask_view_marks_stale_results(cli, overlay):
    from conftest import ENTRY

    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle").replace(
        'as_of: "2026-01-01"', f'as_of: "2011"\n    verified: "{TODAY.isoformat()}"\n    verified_by: IQ Servicestelle (Telefonat)'))
    result = cli("--lang", "en", "--catalog", str(folder), *ASK, "--limit", "50")
    assert result.code == 0, result.err
    blocks = result.out.split("\n\n")
    fresh = next(b for b in blocks if "Jobs Halle" in b)
    assert "As of 2011 · verified" in fresh and "verify before use" not in fresh
    stale = next(b for b in blocks if "Agentur für Arbeit Sachsen-Anhalt Süd – Halle (Saale)" in b)
    assert "As of 2024-09" in stale and "⚠ verify before use: information over a year old" in stale


def test_catalog_stale_lists_oldest_first_with_source(cli):
    result = cli("catalog", "stale", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["older_than"] == "12m"
    dates = [e["date"] for e in data["entries"]]
    assert dates == sorted(dates) and len(dates) > 100
    assert data["entries"][0]["age_days"] > 365
    sources = [e["source"] for e in data["entries"]]
    assert all(s.get("url") and s["date"] or s.get("file") and s["section"] for s in sources)
    assert any("file" in s for s in sources) and any("url" in s for s in sources)  # seeds and pages
    assert {"id": "jobbruecke-plus", "what": "end", "date": "2021-12-31"}.items() <= next(
        p for p in data["programmes"] if p["id"] == "jobbruecke-plus").items()


def test_catalog_stale_csv_and_table(cli):
    rows = list(csv.DictReader(io.StringIO(cli("catalog", "stale", "--older-than", "2y", "-f", "csv").out)))
    assert {r["reason"] for r in rows} >= {"stale", "end"}
    assert all(r["source"] for r in rows)
    table = cli("--lang", "en", "catalog", "stale")
    assert table.code == 0 and "\x1b[" not in table.out
    assert "entries last true before" in table.out and "zemigra" in table.out


def test_catalog_stale_with_a_verified_overlay_entry(cli, overlay):
    from conftest import ENTRY

    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle").replace(
        'as_of: "2026-01-01"', f'as_of: "2011"\n    verified: "{TODAY.isoformat()}"\n    verified_by: IQ Servicestelle (Telefonat)'))
    ids = [e["id"] for e in json.loads(cli("--catalog", str(folder), "catalog", "stale", "-f", "json").out)["entries"]]
    assert "netzwerk-halle-jobs" not in ids and "jmd" in ids


@pytest.mark.parametrize("bad", ["12", "soon", "3w", "-1m"])
def test_catalog_stale_bad_age_is_a_usage_error(cli, bad):
    result = cli("--lang", "en", "catalog", "stale", f"--older-than={bad}")
    assert result.code == 2 and "is not an age like 12m" in result.err and result.out == ""


def test_an_option_value_that_starts_with_a_dash_is_taken_as_the_value(cli):
    result = cli("--lang", "en", "catalog", "stale", "--older-than", "-1m")
    assert result.code == 2 and "'-1m' is not an age like 12m" in result.err and result.out == ""


def test_show_card_names_the_verification(cli, overlay):
    from conftest import ENTRY

    folder = overlay(ENTRY.format(id="geprueft", name="Geprüft").replace(
        'as_of: "2026-01-01"', 'as_of: "2020"\n    verified: "2026-02-03"\n    verified_by: IQ Servicestelle (Telefonat)'))
    result = cli("--lang", "en", "--catalog", str(folder), "show", "geprueft")
    assert result.code == 0 and "verified on" in result.out and "2026-02-03" in result.out


def test_partial_dates_order_as_written():
    dates = [PartialDate(2027, 1, 1), PartialDate(2026, 12), PartialDate(2027), PartialDate(2027, 1)]
    assert sorted(dates) == [PartialDate(2026, 12), PartialDate(2027), PartialDate(2027, 1),
                             PartialDate(2027, 1, 1)]
    assert max([PartialDate(2020), PartialDate(2020)]) == PartialDate(2020)
    assert PartialDate(2027) <= PartialDate(2027) and not PartialDate(2027) < PartialDate(2027)


def test_freshness_in_grades(cli, overlay):
    """current (≤ 12 months), check (1–3 years), old (> 3 years, with its year): said in words."""
    from lotse.domain.freshness import grade

    folder = overlay(ENTRY.format(id="alte-beratung", name="Alte Beratung Halle").replace(
        'as_of: "2026-01-01"', 'as_of: "2019-03-01"'))  # an entry whose newest source is old
    data = json.loads(cli("--lang", "en", "--catalog", str(folder), *ASK, "--format", "json", "--limit", "50").out)
    grades = {r["freshness"] for r in data["results"]}
    assert grades <= {"current", "check", "old"} and len(grades) >= 2
    for r in data["results"]:
        assert r["verify"] is (r["freshness"] != "current")
    assert next(r for r in data["results"] if r["id"] == "alte-beratung")["freshness"] == "old"
    view = cli("--lang", "en", "--catalog", str(folder), *ASK, "--limit", "50").out
    assert "old: information from 2019" in view and "confirm by phone before referring" in view
    jmd = __import__("lotse.store.catalogue", fromlist=["load_catalogue"]).load_catalogue().get("jmd")
    assert grade(replace(jmd, as_of=PartialDate(2026, 6)), TODAY) == "current"
    assert grade(replace(jmd, as_of=PartialDate(2024, 6)), TODAY) == "check"
    assert grade(replace(jmd, as_of=PartialDate(2022, 6)), TODAY) == "old"
