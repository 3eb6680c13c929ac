"""Every command line README.md shows runs as shown (with a sample client.yaml), so the
documented commands and options keep working."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import REPO

CLIENT = """\
client: person
status: protection
age: 28
qualification: foreign_vocational
region: Magdeburg
goals: [recognition, job]
"""
# Interactive, or naming folders only the reader has.
SKIPPED = ("lotse ask\n", "…", "../other-directory/", "~/", "netzwerk/importiert.yaml")


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.split(r"\s#\s", line)[0].strip()
            if line.startswith("lotse") and not any(s in line + "\n" for s in SKIPPED):
                lines.append(re.split(r"\s+(?:>|\||&&)\s+", line)[0])  # the shell's part is not lotse's
    return lines


def test_the_readme_shows_commands():
    assert len(readme_commands()) > 25


def run_in(cli, folder, lines: list[str]) -> list[tuple[str, int, str]]:
    (folder / "client.yaml").write_text(CLIENT, encoding="utf-8")
    failed = []
    for line in lines:
        result = cli(*shlex.split(line)[1:])
        if result.code != 0:
            failed.append((line, result.code, result.err[-300:]))
    return failed


@pytest.mark.parametrize("line", [line for line in readme_commands() if "--hsds" not in line])
def test_a_readme_command_runs(cli, tmp_path, monkeypatch, line):
    monkeypatch.chdir(tmp_path)
    assert run_in(cli, tmp_path, [line]) == []


def test_the_readme_hsds_commands_run_in_order(cli, tmp_path, monkeypatch):
    """The import reads what the exports before it wrote."""
    monkeypatch.chdir(tmp_path)
    assert run_in(cli, tmp_path, [line for line in readme_commands() if "--hsds" in line]) == []
