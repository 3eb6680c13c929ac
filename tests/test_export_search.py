"""`lotse export --query`: the services a search finds, as a sheet."""

from __future__ import annotations

import json


def test_json_is_the_search_json_object(cli, tmp_path):
    path = tmp_path / "sheet.json"
    args = ["anerkennung", "--region", "Magdeburg", "--kind", "project", "--limit", "4"]
    result = cli("--lang", "en", "export", "--query", *args, "-o", str(path))
    assert result.code == 0, result.err
    searched = cli("--lang", "en", "search", *args, "--format", "json")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(searched.out)


def test_the_sheet_shows_the_query_and_filters_and_the_hits_in_order(cli):
    result = cli("--lang", "de", "export", "--query", "Jugendmigrationsdienst", "--age", "19", "--limit", "3")
    assert result.code == 0, result.err
    out = result.out
    assert "- **Suche:** Jugendmigrationsdienst" in out and "- **Alter:** 19" in out
    first = out[out.index("### 1. "):out.index("### 2. ")]
    assert first.startswith("### 1. Jugendmigrationsdienst")
    assert "Suchbegriff gefunden" not in out  # where the query matched is for the adviser only
    assert "Für Menschen von 12–27 Jahren: die Person ist 19" in first  # the JMD's rule, kept by its office
    assert "- [ ] Kontakt aufnehmen und einen Termin vereinbaren — Jugendmigrationsdienst" in out


def test_a_search_without_hits_writes_nothing_and_exits_1(cli, tmp_path):
    path = tmp_path / "sheet.pdf"
    result = cli("--lang", "en", "export", "--query", "qxzvwy", "-o", str(path))
    assert result.code == 1 and "No entry matches" in result.err
    assert list(tmp_path.iterdir()) == []


def test_query_options_that_do_not_fit_together(cli):
    assert "not both" in cli("export", "jmd", "--query", "jugend").err
    result = cli("export", "--query", "jugend", "--qualification", "none")
    assert result.code == 2 and "--qualification: not a search filter" in result.err
    result = cli("export", "--region", "Magdeburg", "--kind", "project")
    assert result.code == 2 and "use them with --query" in result.err


def test_pdf_from_a_search(cli, tmp_path):
    from test_export_formats import read_pdf_text

    path = tmp_path / "sheet.pdf"
    assert cli("--lang", "de", "export", "--query", "Flüchtlingsrat", "--limit", "1", "-o", str(path)).code == 0
    text = read_pdf_text(path.read_bytes())
    assert "1. Flüchtlingsrat Sachsen-Anhalt" in text and "Suche: Flüchtlingsrat" in text
    assert "keine Rechtsberatung" in text
