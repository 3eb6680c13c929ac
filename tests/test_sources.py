"""Every catalogue fact has a source, and `catalog validate` says where one is missing or malformed.

The policy (data/README.md, Sources): an entry lists its sources, each a seed file and section or
a public web page with the date the page states; an entry without any is a problem.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ENTRY

WEB = ENTRY.format(id="mit-quelle", name="Mit Quelle").replace(
    "    sources: [{file: netzwerk-halle.txt, section: Liste}]\n",
    "    sources:\n"
    "      - url: https://www.halle.de/beratung\n"
    "        date: \"2025-06\"\n"
    "      - {file: netzwerk-halle.txt, section: Liste, note: gives the old phone number}\n")


def test_the_bundled_catalogue_has_a_source_for_every_entry(catalogue):
    for entry in catalogue:
        assert entry.sources, entry.id
        for source in entry.sources:
            assert (source.url and source.date) or (source.file and source.section), entry.id


def test_web_sources_are_dated_and_as_of_is_their_newest_date(catalogue):
    """`as_of` is the date the newest source states: never older than a dated web source."""
    for entry in catalogue:
        dated = [s.date for s in entry.sources if s.date is not None]
        if dated:
            assert entry.as_of.last_day() >= max(dated).first_day(), entry.id


@pytest.mark.parametrize("sources, message", [
    ("", "sources: is required"),
    ("    sources: []\n", "sources: is required"),
    ("    sources: [{url: https://www.halle.de/}]\n", "sources[0].date: is required"),
    ("    sources: [{url: halle.de, date: \"2025\"}]\n", "is not a web address"),
    ("    sources: [{file: a.txt}]\n", "sources[0]: must be {file: …, section: …} or {url: …, date: …}"),
    ("    sources: [{file: a.txt, section: b, url: \"https://x.de\", date: \"2025\"}]\n", "not both"),
    ("    sources: [{url: \"https://x.de\", date: \"2025\", by: me}]\n", "sources[0].by: unknown key"),
    ("    sources: [{url: \"https://x.de\", date: \"2025-13\"}]\n", "sources[0].date"),
    # a year typed wrong: no page can be dated after today (whatever today is)
    ("    sources: [{url: \"https://x.de\", date: \"9025-01\"}]\n", "sources[0].date: 9025-01 is in the future"),
])
def test_an_entry_without_a_proper_source_is_a_problem(cli, overlay, sources, message):
    text = ENTRY.format(id="ohne-quelle", name="Ohne Quelle").replace(
        "    sources: [{file: netzwerk-halle.txt, section: Liste}]\n", sources)
    result = cli("--lang", "en", "catalog", "validate", str(overlay(text)))
    assert result.code == 3
    assert "ohne-quelle" in result.err and message in result.err


def test_an_as_of_date_after_today_is_a_problem(cli, overlay):
    text = ENTRY.format(id="zukunft", name="Zukunft").replace('as_of: "2026-01-01"', 'as_of: "9026"')
    result = cli("--lang", "en", "catalog", "validate", str(overlay(text)))
    assert result.code == 3 and "as_of: 9026 is in the future" in result.err, result.err


def test_a_web_source_is_shown_with_its_date_and_note(cli, overlay):
    folder = overlay(WEB)
    assert cli("catalog", "validate", str(folder)).code == 0
    card = cli("--catalog", str(folder), "--lang", "en", "show", "mit-quelle").out
    assert "https://www.halle.de/beratung (2025-06)" in card
    assert "netzwerk-halle.txt – Liste" in card and "gives the old phone number" in card
    record = next(r for r in __import__("json").loads(
        cli("--catalog", str(folder), "catalog", "list", "--format", "json").out) if r["id"] == "mit-quelle")
    assert record["sources"][0] == {"url": "https://www.halle.de/beratung", "date": "2025-06"}
    assert record["source"] == record["sources"][0]


def test_verified_says_who_confirmed_it(cli, overlay):
    text = ENTRY.format(id="geprueft", name="Geprüft").replace(
        'as_of: "2026-01-01"', 'as_of: "2026-01-01"\n    verified: "2026-02-03"')
    result = cli("--lang", "en", "catalog", "validate", str(overlay(text)))
    assert result.code == 3 and "verified and verified_by go together" in result.err


def test_a_chain_step_whose_actor_cannot_serve_its_goal_is_a_problem(cli, tmp_path):
    """Such an actor is never chosen at run time: the step would silently vanish from plans."""
    import shutil

    from lotse.store.catalogue import bundled_data_dir

    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    chains = (data / "chains.yaml").read_text(encoding="utf-8")
    chains = chains.replace("    who: [jmd, mbe]\n", "    who: [jmd, mbe, kursnet]\n", 1)
    (data / "chains.yaml").write_text(chains, encoding="utf-8")
    from lotse.store.catalogue import read_catalogue

    _, problems = read_catalogue(data_dir=data, cache_dir=None)
    messages = [p.message for p in problems]
    assert any(re.search(r"step 'migration-counselling' names 'kursnet', which does not serve the goal "
                         r"'orientation'", m) for m in messages), messages
