"""`lotse search`: matching from the seeds' words, filters as in `ask`, formats and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.domain.rules import RangeReason, Verdict, assess
from lotse.domain.search import Filters, Query, make_filters, search
from lotse.present.formats import SearchFormat


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LOTSE_CACHE_DIR", str(tmp_path / "cache"))


def ids(catalogue, query, limit=10, **filters):
    result = search(catalogue, Query.parse(query), make_filters(catalogue, "de", **filters), TODAY, limit)
    return [hit.entry.id for hit in result.hits]


# -- matching, with the words advisers type -----------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("jugendmigrationsdinst", "jmd"),  # typo: a letter missing
    ("Jugendmigrationsdienste", "jmd"),
    ("jugend migrationsdienst", "jmd"),  # a space inside a compound
    ("recognition grant", "anerkennungszuschuss"),  # English words, German entry
    ("grant recognition", "anerkennungszuschuss"),  # word order
    ("Anerkennungszuschuss", "anerkennungszuschuss"),
    ("zuschuss anerkennungsverfahren", "anerkennungszuschuss"),  # the end of a compound
    ("thueringen", "th-das-ist-thueringen"),  # ü typed as ue
    ("Das ist Thüringen", "th-das-ist-thueringen"),
    # The services issue 10 found missing, researched from public sources
    ("BemA", "bema"),
    ("anabin", "anabin"),
    ("zeugnisbewertung", "zab-zeugnisbewertung"),
    ("psychosoziales zentrum", "psz-sachsen-anhalt"),
    ("Flüchtlingsrat", "fluechtlingsrat-sachsen-anhalt"),
    ("approbation", "lvwa-landespruefungsamt-gesundheitsberufe"),
    ("Faire Mobilität", "faire-mobilitaet"),
    ("IHK FOSA", "ihk-fosa"),
])
def test_the_entry_meant_comes_first(catalogue, query, expected):
    """The entry meant, or one of its offices (a JMD office is a Jugendmigrationsdienst)."""
    first = catalogue.entries[ids(catalogue, query)[0]]
    assert expected in (first.id, first.part_of), first.id


def test_typo_in_a_common_word(catalogue):
    found = ids(catalogue, "anerkenung", limit=20)
    assert {"anerkennung-in-deutschland", "iq-anerkennungsberatung", "iq-st-anerkennung-nord"} <= set(found)


def test_umlaut_spelling_of_a_city_finds_its_services(catalogue):
    munich = {e.id for e in catalogue if "muenchen" in e.area.places}
    assert munich and munich <= set(ids(catalogue, "muenchen", limit=50))
    assert set(ids(catalogue, "muenchen", limit=50)) == set(ids(catalogue, "München", limit=50))


@pytest.mark.parametrize("query", ["Dessau Rosslau", "dessau-roßlau", "DESSAUROSSLAU", "dessau rosslau"])
def test_region_names_in_any_spelling(catalogue, query):
    serving = {e.id for e in catalogue if "dessau-rosslau" in e.area.places}
    assert serving and serving <= set(ids(catalogue, query, limit=50))


def test_a_word_the_catalogue_uses_is_not_taken_for_a_typo(catalogue):
    # "halle" is one letter from "alle" (all); only entries that mention Halle or serve all of
    # Sachsen-Anhalt or Germany may match.
    for entry_id in ids(catalogue, "halle", limit=200):
        entry = catalogue.entries[entry_id]
        texts = [entry.name, entry.provider or "", entry.summary.de, entry.summary.en, *entry.keywords.de,
                 *entry.keywords.en, *entry.offers.de, *entry.offers.en, *entry.area.places,
                 *(c.organisation or "" for c in entry.contacts)]
        covers = entry.area.nationwide or "DE-ST" in entry.area.states
        assert covers or any("halle" in t.casefold() for t in texts), entry_id


@pytest.mark.parametrize("query, expected", [
    ("mbe halle", "mbe"),  # nationwide: it serves Halle (no MBE office of Halle is in the catalogue)
    ("jugend migrationsdienst halle", "jmd-stejh-halle"),  # Halle's own JMD office
    ("migrationsberatung magdeburg", "mbe-awo-magdeburg"),  # Magdeburg's own MBE office
    ("welcome center leipzig", "sn-welcome-center-leipzig"),  # the place's own first
    ("anerkennung magdeburg", "iq-st-anerkennung-nord"),
])
def test_a_place_in_the_query_is_served_by_nationwide_and_land_wide_services(catalogue, query, expected):
    assert ids(catalogue, query, limit=1) == [expected]


def test_a_place_alone_lists_its_own_services_then_its_land_then_germany(catalogue):
    hits = search(catalogue, Query.parse("Dessau Rosslau"), Filters(), TODAY, 200).hits
    scope = [0 if "dessau-rosslau" in h.entry.area.places else 1 if "DE-ST" in h.entry.area.states
             else 2 if h.entry.area.nationwide else 3 for h in hits]
    assert scope[0] == 0 and 1 in scope and 2 in scope
    assert max(i for i, s in enumerate(scope) if s == 0) < scope.index(2)  # the city's own before Germany
    assert scope.index(1) < scope.index(2)
    # Others (a neighbouring district's office that names the city in its text) only after its own.
    assert all(scope.index(0) < i for i, s in enumerate(scope) if s == 3)


def test_nonsense_matches_nothing(catalogue):
    assert ids(catalogue, "xyzzyqwv") == []
    assert ids(catalogue, "Київ") == []  # a query that normalises to nothing is not "everything"


def test_match_is_0_to_100_and_ordered(catalogue):
    result = search(catalogue, Query.parse("anerkennung beratung"), Filters(), TODAY, 30)
    matches = [hit.match for hit in result.hits]
    assert matches == sorted(matches, reverse=True)
    assert all(0 <= m <= 100 for m in matches)
    assert result.total >= len(result.hits)


def test_two_stage_ranking_equals_ranking_everything(catalogue):
    """The shortlist must not change the order: the first 3 are the first 3 of the first 60."""
    for query in ("anerkennung", "beratung arbeit", "welcome center", "iq"):
        long = ids(catalogue, query, limit=60)
        assert ids(catalogue, query, limit=3) == long[:3], query


# -- filters are the rules of `ask` -------------------------------------------------------------

def fits(catalogue, entry, answers, rules):
    a = assess(entry, answers, catalogue, TODAY)
    return not any(c.verdict is Verdict.NOT_MET for c in a.conditions if c.rule in rules | {"period"}) \
        and (not answers.goals or bool(a.matched_goals))


@pytest.mark.parametrize("options", [
    {"region": "Magdeburg"},
    {"region": "Sachsen-Anhalt"},
    {"region": "muenchen"},
    {"age": "30"},
    {"age": "19", "status": "asylum_seeker"},
    {"client": "employer"},
    {"goals": ["recognition"], "region": "Halle (Saale)"},
])
def test_filters_keep_exactly_what_assess_does_not_exclude(catalogue, options):
    filters = make_filters(catalogue, "de", **options)
    found = set(ids(catalogue, "", limit=10_000, **options))
    expected = {e.id for e in catalogue if fits(catalogue, e, filters.answers, filters.rules)}
    assert found == expected


def test_unknown_passes_a_filter_and_says_so(catalogue):
    unstated = [e for e in catalogue if e.eligibility.age is None and not e.has_ended(TODAY)
                and "person" in e.eligibility.clients]
    result = search(catalogue, Query.parse(""), make_filters(catalogue, "en", age="30"), TODAY, 10_000)
    by_id = {hit.entry.id: hit for hit in result.hits}
    assert unstated and all(e.id in by_id for e in unstated)
    hit = by_id[unstated[0].id]
    assert [c.reason for c in hit.assessment.conditions if c.rule == "age"] == [RangeReason("age", "not_stated")]


def test_age_filter_uses_the_bounds(catalogue):
    assert "jmd" in ids(catalogue, "jugendmigrationsdienst", age="27")
    assert "jmd" not in ids(catalogue, "jugendmigrationsdienst", age="28")


def test_kind_level_and_goal_filters(catalogue):
    for entry_id in ids(catalogue, "", limit=1000, kinds=["programme"], levels=["federal"]):
        entry = catalogue.entries[entry_id]
        assert entry.kind == "programme" and entry.level == "federal"
    for entry_id in ids(catalogue, "beratung", limit=1000, goals=["recognition", "language"]):
        assert {"recognition", "language"} & set(catalogue.entries[entry_id].goals)


def test_ended_programmes_only_with_include_ended(catalogue):
    ended = {e.id for e in catalogue if e.has_ended(TODAY)}
    assert ended
    assert not ended & set(ids(catalogue, "", limit=10_000))
    assert ended <= set(ids(catalogue, "", limit=10_000, include_ended=True))


def test_no_query_lists_by_name(catalogue):
    result = search(catalogue, Query.parse(None), Filters(), TODAY, 5)
    names = [hit.entry.name.casefold() for hit in result.hits]
    assert names == sorted(names) and all(hit.match == 100 for hit in result.hits)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=2000),
                 st.binary().map(lambda b: b.decode("latin-1"))))
def test_no_query_string_raises(catalogue, text):
    result = search(catalogue, Query.parse(text), Filters(), TODAY, 10)
    assert len(result.hits) <= 10


@pytest.mark.parametrize("text", ["", " ", "\x00\x1b[31m\r\n\t", "a" * 1_000_000, "anerkennung " * 50_000,
                                  "🙂" * 10_000, "\ud800", "-" * 100])
def test_extreme_queries(catalogue, text):
    """Each returns at once with at most the limit; a query of only noise matches nothing, not all."""
    result = search(catalogue, Query.parse(text), Filters(), TODAY, 10)
    assert len(result.hits) <= 10 and all(1 <= hit.match <= 100 for hit in result.hits)
    if not Query.parse(text).given:
        assert result.hits == () or text.strip() == ""
    if text.startswith("anerkennung"):
        assert result.hits and "anerkennung" in result.hits[0].entry.name.casefold()


# -- the command: formats, streams and exit codes -----------------------------------------------

ENTRY = textwrap.dedent("""\
    entries:
      - id: quastenflosser-beratung
        name: Quastenflosser-Beratung Halle
        provider: "=HYPERLINK(\\"http://x\\")"
        kind: project
        level: non_state
        area: {places: [halle-saale]}
        summary: {de: Beratung für Quastenflosser, en: Counselling for coelacanths}
        eligibility: {clients: [person], statuses: any, age: {min: 18}}
        goals: [job]
        contacts:
          - organisation: Netzwerk Halle
            name: Erika Muster
            phone: ["0345 / 000"]
            email: [erika@example.org]
            address: {street: Markt 1, postcode: "06108", city: Halle (Saale)}
        url: https://example.org/q
        as_of: "2026-01-01"
        sources: [{file: netzwerk-halle.txt, section: Liste}]
    """)


@pytest.fixture
def fish(cli, overlay):
    folder = overlay(ENTRY)
    return lambda *args: cli("--lang", "en", "--catalog", str(folder), "search", *args)


def test_ids(fish):
    result = fish("quastenflosser", "--format", "ids")
    assert (result.code, result.out, result.err) == (0, "quastenflosser-beratung\n", "")


CSV_HEADER = ("rank,match,id,name,provider,kind,level,area,contact_organisation,contact_name,phone,email,"
              "address,url,as_of\n")


def test_csv_one_row_per_entry_with_its_main_contact_neutralised(fish):
    result = fish("quastenflosser", "--format", "csv")
    assert result.code == 0
    assert result.out == CSV_HEADER + (
        '1,100,quastenflosser-beratung,Quastenflosser-Beratung Halle,"\'=HYPERLINK(""http://x"")",project,'
        'non_state,Halle (Saale),Netzwerk Halle,Erika Muster,0345 / 000,erika@example.org,'
        '"Markt 1, 06108 Halle (Saale)",https://example.org/q,2026-01-01\n')


def test_tsv_quotes_like_csv(fish):
    result = fish("quastenflosser", "--format", "tsv")
    assert result.out == CSV_HEADER.replace(",", "\t") + "\t".join([
        "1", "100", "quastenflosser-beratung", "Quastenflosser-Beratung Halle", '"\'=HYPERLINK(""http://x"")"',
        "project", "non_state", "Halle (Saale)", "Netzwerk Halle", "Erika Muster", "0345 / 000",
        "erika@example.org", "Markt 1, 06108 Halle (Saale)", "https://example.org/q", "2026-01-01"]) + "\n"


EXPECTED_RECORD = {
    "rank": 1, "id": "quastenflosser-beratung", "name": "Quastenflosser-Beratung Halle",
    "provider": '=HYPERLINK("http://x")', "level": "non_state", "kind": "project",
    "reasons": ["Query found in: name, id, summary", "Serves Halle (Saale)", "Open to every residence status",
                "For people aged ≥ 18: the client is 30"],
    "caveats": [],
    "next_steps": ["Get in touch with Quastenflosser-Beratung Halle"],
    "contacts": [{"name": "Erika Muster", "organisation": "Netzwerk Halle", "role": "", "phone": "0345 / 000",
                  "fax": "", "email": "erika@example.org", "address": "Markt 1, 06108 Halle (Saale)", "url": ""}],
    "url": "https://example.org/q", "as_of": "2026-01-01", "match": 100,
}


def test_json_results_have_the_ask_fields_plus_match(fish):
    result = fish("quastenflosser", "--region", "Halle", "--age", "30", "--status", "protection",
                  "--format", "json")
    assert result.code == 0 and result.err == ""
    document = json.loads(result.out)
    assert document["query"] == "quastenflosser" and document["total"] == 1
    assert document["filters"] == {"age": 30, "region": "halle-saale", "status": "protection", "kinds": [],
                                   "levels": [], "include_ended": False}
    (record,) = document["results"]
    assert {k: record[k] for k in EXPECTED_RECORD} == EXPECTED_RECORD
    assert 0 < record["score"] <= 1


def test_jsonl_one_object_per_line(fish):
    result = fish("quastenflosser", "--format", "jsonl")
    (line,) = result.out.splitlines()
    record = json.loads(line)
    assert record["id"] == "quastenflosser-beratung" and record["match"] == 100
    assert record["reasons"] == ["Query found in: name, id, summary"]


def test_table_on_a_pipe_is_plain_text(fish):
    result = fish("quastenflosser")
    assert result.code == 0 and "\x1b" not in result.out
    assert "Quastenflosser-Beratung Halle" in result.out and "quastenflosser-beratung" in result.out
    assert "Match" in result.out


@pytest.mark.parametrize("format", [f.value for f in SearchFormat])
def test_no_escape_codes_and_hints_on_stderr(fish, format):
    result = fish("beratung", "--limit", "1", "--format", format)
    assert result.code == 0 and "\x1b" not in result.out + result.err
    hints = result.err.splitlines()
    assert hints[0].startswith("1 of ") and hints[0].endswith("more with --limit.")
    assert len(hints) == 2 and re.fullmatch(r"\d+ ended programme\(s\) also match; show them with --include-ended\.",
                                            hints[1]), hints


def test_ended_matches_are_hinted_not_shown(cli):
    result = cli("--lang", "en", "search", "Faire Anwerbung Pflege", "--format", "ids")
    assert "faire-anwerbung-pflege" not in result.out.split()
    assert "guetesiegel-faire-anwerbung-pflege" in result.out.split()  # the seal, which runs on
    assert "ended programme(s) also match" in result.err
    shown = cli("--lang", "en", "search", "Faire Anwerbung Pflege", "--format", "ids", "--include-ended")
    assert "faire-anwerbung-pflege" in shown.out.splitlines()[:2] and "ended programme" not in shown.err


def test_contact_people_are_searchable(cli):
    assert cli("search", "Stingl", "--format", "ids").out.split() == ["jmd-st-johannis-bernburg"]
    assert cli("search", "Juliane Stingl", "--format", "ids").out.split()[0] == "jmd-st-johannis-bernburg"


def test_more_than_the_limit(cli):
    result = cli("--lang", "en", "search", "--limit", "3", "--format", "ids")
    assert result.code == 0 and len(result.out.splitlines()) == 3


def test_no_results_exits_1_like_grep(fish):
    result = fish("xyzzyqwv", "--format", "ids")
    assert (result.code, result.out) == (1, "")
    assert result.err == "lotse: No entry matches.\n"
    result = fish("xyzzyqwv", "--format", "json")
    assert result.code == 1 and json.loads(result.out)["results"] == []


@pytest.mark.parametrize("args", [
    ["--goal", "flying"], ["--region", "Atlantis"], ["--age", "old"], ["--client", "robot"],
    ["--status", "alien"], ["--kind", "castle"], ["--level", "galactic"], ["--format", "xml"],
    ["--limit", "0"], ["--unknown-option"],
])
def test_usage_errors_exit_2(fish, args):
    result = fish("beratung", *args)
    assert result.code == 2 and result.out == "" and "Traceback" not in result.err


def test_region_typo_is_resolved_like_ask(fish):
    result = fish("quastenflosser", "--region", "Hale (Saale)", "--format", "ids")
    assert result.code == 0 and result.out == "quastenflosser-beratung\n"


def test_filters_alone(cli):
    result = cli("search", "--region", "Magdeburg", "--goal", "recognition", "--format", "ids", "--limit", "50")
    assert result.code == 0 and "iq-st-anerkennung-nord" in result.out.split()
    assert "iq-st-anerkennung-sued" not in result.out.split()  # serves the south, not Magdeburg


def _lotse(*args: str, **options) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("LOTSE_CATALOG", "LOTSE_LANG")}
    return subprocess.Popen([sys.executable, "-m", "lotse", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, **options)


def test_the_whole_output_reaches_a_pipe():
    """lotse leaves without the interpreter's teardown: what it printed must still all arrive."""
    proc = _lotse("search", "--limit", "1000", "--format", "jsonl")
    out, err = proc.communicate(timeout=60)
    rows = [json.loads(line) for line in out.decode().splitlines()]
    assert proc.returncode == 0 and len(rows) > 100 and not err.strip().startswith(b"Traceback")


def test_a_reader_that_stops_early_gets_no_error_message():
    proc = _lotse("search", "--limit", "1000", "--format", "jsonl", bufsize=0)
    first = proc.stdout.readline()  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]
    err = proc.stderr.read().decode()  # type: ignore[union-attr]
    proc.wait(timeout=60)
    assert json.loads(first)["id"] and "Traceback" not in err and "BrokenPipe" not in err


# -- the adviser's home region ---------------------------------------------------------------------

def test_the_home_region_ranks_its_services_first(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    plain = cli("search", "jugendmigrationsdienst", "--format", "ids").out.split()
    monkeypatch.setenv("LOTSE_REGION", "Halle")
    home = cli("search", "jugendmigrationsdienst", "--format", "ids").out.split()
    assert home[0] == "jmd-stejh-halle" and plain[0] != "jmd-stejh-halle"
    assert sorted(home) == sorted(plain)  # the same hits, another order
    # A place in the query wins over the home region, and so does --region.
    assert cli("search", "jugendmigrationsdienst magdeburg", "--format", "ids").out.split()[0] in (
        "jmd-awo-magdeburg", "jmd-ib-magdeburg")
    assert cli("search", "jugendmigrationsdienst", "--region", "Dessau", "--format", "ids").out.split()[0] == (
        "jmd-st-johannis-dessau")


def test_the_home_region_from_the_config_file_and_its_errors(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("LOTSE_REGION", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "lotse").mkdir()
    config = tmp_path / "lotse" / "config.yaml"
    config.write_text("region: Halle (Saale)\n", encoding="utf-8")
    assert cli("search", "jugendmigrationsdienst", "--format", "ids").out.split()[0] == "jmd-stejh-halle"
    config.write_text("region: Atlantis\n", encoding="utf-8")
    result = cli("--lang", "en", "search", "jugendmigrationsdienst")
    assert result.code == 2 and str(config) in result.err and "Atlantis" in result.err
    config.write_text("region: [Halle\n", encoding="utf-8")
    result = cli("--lang", "en", "search", "jugendmigrationsdienst")
    assert result.code == 2 and "not valid YAML" in result.err and "Traceback" not in result.err
    monkeypatch.setenv("LOTSE_REGION", "Zwickau")  # the variable wins over the file
    assert cli("search", "welcome center", "--format", "ids").code == 0


@pytest.mark.parametrize("width", [20, 40, 120])
def test_the_name_always_shows_however_narrow_the_terminal(catalogue, width):
    import io

    from rich.console import Console

    from lotse.present.render.search import as_table

    result = search(catalogue, Query.parse("anerkennungszuschuss"), Filters(), TODAY, 3)
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None).print(as_table(result, catalogue, "de", TODAY))
    assert "Anerkennungszuschuss" in "".join(buffer.getvalue().split())  # wrapped, never cut off
