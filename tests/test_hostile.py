"""The standing hostile corpus (tests/hostile/): every command over every hostile file.

Each run must end with its documented exit code and one message: no traceback, no escape byte
reaching stdout or stderr, nothing half-written, nothing run. The files: alias bombs in a
catalogue and in answers, terminal escape codes in a name and in an answer, a `!!python` tag,
wrong types, bytes that are not UTF-8, HSDS JSON with a list as id, 100,000 nested brackets, a
5,000-digit number and a Page of the wrong types, and HSDS CSV with a ragged row and bytes that
are not UTF-8. A 20 MB answer is made by the test itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
CATALOGUES = sorted(HOSTILE.glob("*-catalogue.yaml"))
ANSWERS = sorted(HOSTILE.glob("*-answers.yaml"))
HSDS = sorted(p for p in HOSTILE.iterdir() if p.is_dir())
PERSON = ("--client", "person", "--status", "eu", "--age", "30", "--qualification", "none", "--region", "Halle",
          "--goal", "job")


def check(result, code: int, folder: Path) -> None:
    assert result.code == code, (code, result.code, result.err[:500])
    for stream in (result.out, result.err):
        assert "Traceback" not in stream
        assert "\x1b" not in stream and "\x07" not in stream
    assert len(result.err) < 5000  # one message, not the input echoed back
    assert not [p for p in folder.iterdir() if p.name != "keep"], "nothing is written on failure"
    assert not Path("LOTSE-HOSTILE-RAN").exists()


@pytest.mark.parametrize("file", CATALOGUES, ids=lambda p: p.name)
@pytest.mark.parametrize("command", [
    ("catalog", "validate"), ("search", "beratung"), ("catalog", "list"), ("show", "jmd"),
    ("ask", *PERSON), ("explain", "jmd", *PERSON), ("coverage",), ("export", "jmd", "-o", "{out}.pdf"),
    ("catalog", "export", "--hsds", "{out}"),
], ids=lambda c: " ".join(c[:2]))
def test_every_command_over_a_hostile_catalogue(cli, tmp_path, monkeypatch, file, command):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{out}", str(out / "result")) for a in command]
    result = cli(*args, str(file)) if args[:2] == ["catalog", "validate"] else cli("--catalog", str(file), *args)
    check(result, 3, out)
    assert "catalogue" in result.err or "problem" in result.err


@pytest.mark.parametrize("file", ANSWERS, ids=lambda p: p.name)
@pytest.mark.parametrize("command", [("ask",), ("explain", "jmd"), ("export", "-o", "{out}")],
                         ids=lambda c: c[0])
def test_every_command_over_hostile_answers(cli, tmp_path, file, command):
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{out}", str(out / "sheet.md")) for a in command]
    check(cli(*args, "--answers", str(file)), 2, out)


def test_a_huge_answer_is_refused_in_one_short_message(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    answers = tmp_path / "huge.yaml"
    answers.write_text("client: person\nregion: " + "x" * 20_000_000 + "\n", encoding="utf-8")
    result = cli("--lang", "en", "ask", "--answers", str(answers), "--status", "eu", "--age", "30",
                 "--qualification", "none", "--goal", "job")
    check(result, 2, out)
    assert "Unknown region" in result.err


@pytest.mark.parametrize("folder", HSDS, ids=lambda p: p.name)
def test_hostile_hsds_is_exit_3_with_its_file(cli, tmp_path, folder):
    out = tmp_path / "out"
    out.mkdir()
    result = cli("--lang", "en", "catalog", "import", "--hsds", str(folder), "--out", str(out / "imported.yaml"))
    check(result, 3, out)
    assert f"{folder.name}/services." in result.err and "Nothing was imported" in result.err


def test_the_corpus_is_there():
    assert len(CATALOGUES) >= 5 and len(ANSWERS) >= 2 and len(HSDS) >= 6
    assert os.path.getsize(HOSTILE / "hsds-deep" / "services.json") > 100_000
