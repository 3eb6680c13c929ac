"""The command line speaks the UI language throughout: every help page and every documented error
in German with --lang de and in English with --lang en, the framework's own words included."""

from __future__ import annotations

import re

import pytest

from lotse.cli.help import HELP, WORDS

COMMANDS = [[], ["ask"], ["explain"], ["show"], ["search"], ["coverage"], ["export"], ["catalog"],
            ["catalog", "validate"], ["catalog", "list"], ["catalog", "stale"], ["catalog", "export"],
            ["catalog", "import"]]

# Words of the other language that must not appear: function words and the framework's own. (The
# vocabulary's value names are English-like ids and stay as they are typed, e.g. `protection`.)
ENGLISH = re.compile(r"\b(the|and|with|this|that|from|into|only|when|must|Show|Usage|Options|Commands|"
                     r"Arguments|Error|Missing|Invalid|default|required|Try|No such|Aborted)\b")
GERMAN = re.compile(r"\b(und|oder|der|die|das|nicht|mit|für|eine|Werte|Aufruf|Optionen|Befehle|Argumente|"
                    r"Fehler|Hilfe|Pflicht|Standard|Unbekannte)\b")
OTHER = {"de": ENGLISH, "en": GERMAN}


def foreign(text: str, lang: str) -> list[str]:
    """Words of the other language, outside parentheses: catalogue names and the values' labels in
    the other language may stand there (an English error names "Jugendmigrationsdienst der AWO")."""
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "", text)
    return sorted(set(OTHER[lang].findall(text)))


def flat(text: str) -> str:
    """Help text without the panels' frames and line breaks."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def test_every_message_has_both_languages():
    for table in (HELP, WORDS):
        for key, pair in table.table.items():
            assert len(pair) == 2 and all(text.strip() for text in pair), key


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "lotse")
def test_help_pages_are_in_the_ui_language(cli, lang, command):
    result = cli("--lang", lang, *command, "--help")
    assert result.code == 0, result.err
    assert ("Aufruf: lotse" if lang == "de" else "Usage: lotse") in result.out
    assert foreign(result.out, lang) == [], result.out


def test_help_lists_the_values_with_their_labels(cli):
    german = flat(cli("--lang", "de", "ask", "--help").out)
    assert "protection (Anerkannter Flüchtling" in german and "Werte: table, json." in german
    english = flat(cli("--lang", "en", "ask", "--help").out)
    assert "protection (Recognised refugee" in english and "Values: table, json." in english


ERRORS = [
    (["frobnicate"], 2),
    (["search", "jmd", "--limt", "3"], 2),
    (["search", "jmd", "--limit", "0"], 2),
    (["catalog", "list", "--format", "xml"], 2),
    (["show", "jmd", "--lang"], 2),
    (["show"], 2),
    (["show", "jmd", "mbe"], 2),
    (["show", "jugendmigrationsdienst"], 2),
    (["search", "--region", "Atlantis"], 2),
    (["ask", "--client", "person", "--age", "30"], 2),
    (["catalog", "stale", "--older-than", "soon"], 2),
    (["export", "jmd", "--query", "jugend"], 2),
]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("args", "code"), ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else str(a))
def test_errors_are_in_the_ui_language(cli, lang, args, code):
    # `show jmd --lang` lacks the value: the language is given once before, then the bare option
    result = cli(*args[:-1], "--lang", lang, "--lang") if args[-1] == "--lang" else cli("--lang", lang, *args)
    assert result.code == code, result.err
    assert result.err.startswith("lotse: ") and "Traceback" not in result.err
    assert foreign(result.err, lang) == [], result.err


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_broken_catalogue_is_reported_in_the_ui_language(cli, overlay, lang):
    folder = overlay("entries: [1, 2")
    result = cli("--lang", lang, "--catalog", str(folder), "search", "jmd")
    assert result.code == 3
    assert ("Der Katalog hat" if lang == "de" else "The catalogue has") in result.err


def test_a_usage_error_shows_the_usage_line_and_where_help_is(cli):
    result = cli("--lang", "de", "search", "jmd", "--limt", "3")
    assert "Unbekannte Option --limt. Meinten Sie --limit?" in result.err
    assert "Aufruf: lotse search [OPTIONEN] [QUERY]" in result.err
    assert "Hilfe: `lotse search --help`." in result.err
