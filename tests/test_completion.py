"""Shell completion through Typer's own protocol (what bash, zsh and fish run on Tab): commands,
options, entry ids, regions in the user's spelling, vocabulary values and formats."""

from __future__ import annotations

import pytest
from conftest import TODAY

from lotse.cli import run


@pytest.fixture
def complete(monkeypatch, capsys):
    monkeypatch.delenv("LOTSE_CATALOG", raising=False)
    monkeypatch.delenv("LOTSE_LANG", raising=False)

    def ask(shell: str, words: str) -> list[str]:
        monkeypatch.setenv("_LOTSE_COMPLETE", f"complete_{shell}")
        if shell == "bash":
            monkeypatch.setenv("COMP_WORDS", words)
            monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
        else:
            monkeypatch.setenv("_TYPER_COMPLETE_ARGS", words)
            monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
        capsys.readouterr()
        assert run([], today=TODAY) == 0
        return capsys.readouterr().out.splitlines()

    return ask


def test_entry_ids(complete):
    found = complete("bash", "lotse show jm")
    assert "jmd" in found and all(item.startswith("jm") for item in found)
    assert "mbe" in complete("bash", "lotse explain jmd mb")


def test_commands_and_options(complete):
    assert complete("bash", "lotse sea") == ["search"]
    assert complete("bash", "lotse catalog va") == ["validate"]
    assert "--limit" in complete("bash", "lotse search --li")


def test_regions_in_the_users_spelling_with_their_district(complete):
    assert complete("zsh", "lotse ask --region Quedl") == ["_arguments '*: :((\"Quedlinburg\":\"Harz\"))'"]
    assert "Sachsen-Anhalt" in complete("bash", "lotse search --region sachsen")
    assert "Weißenfels" in complete("bash", "lotse ask --region weissenf")  # umlauts and ß as typed


def test_vocabulary_values_and_formats(complete):
    assert complete("bash", "lotse ask --status prot") == ["protection"]
    assert complete("bash", "lotse search --goal recog") == ["recognition"]
    assert complete("bash", "lotse ask --german-level b") == ["B1", "B2"]
    assert complete("bash", "lotse search --format js") == ["json", "jsonl"]
    assert complete("bash", "lotse export --format p") == ["pdf"]


def test_fish_gets_the_values_with_their_labels(complete):
    found = complete("fish", "lotse ask --status prot")
    assert found == ["protection\tRecognised refugee or subsidiary protection"] or \
        found == ["protection\tAnerkannter Flüchtling oder subsidiärer Schutz"]
