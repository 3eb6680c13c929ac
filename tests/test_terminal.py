"""The installed `lotse ask` in a real pseudo-terminal, driven with arrow keys and Enter."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

LOTSE = Path(sys.executable).parent / "lotse"
DOWN, ENTER, SPACE, BACKSPACE = "\x1b[B", "\r", " ", "\x7f"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def spawn(*args: str):
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", LOTSE_LANG="en", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    env.pop("LOTSE_CATALOG", None)
    return pexpect.spawn(str(LOTSE), list(args), env=env, encoding="utf-8", dimensions=(50, 100), timeout=20)


@pytest.mark.skipif(not LOTSE.exists(), reason="lotse is not installed in this environment")
def test_consultation_in_a_terminal():
    child = spawn("ask")
    child.expect("Who is the consultation for")
    child.send(ENTER)                              # Person
    child.expect("Residence status")
    child.send(DOWN * 6 + ENTER)                   # protection
    child.expect("Age")
    child.send("twenty" + ENTER)
    child.expect("whole number from 0 to 120")
    child.send(BACKSPACE * 6 + "28" + ENTER)
    child.expect("Highest qualification")
    child.send(DOWN + ENTER)                       # foreign vocational qualification
    child.expect("Region")
    child.send("magdeberg" + ENTER)                # misspelt: read as Magdeburg
    child.expect("Goals")
    child.send(SPACE + ENTER)                      # recognition
    child.expect("Gender")
    child.send(ENTER)                              # skip
    child.expect("German level")
    child.send(ENTER)
    child.expect("Bürgergeld")
    child.send(ENTER)
    child.expect("Are the answers right")
    child.expect("Region: Magdeburg")
    child.send(DOWN * 3 + ENTER)                   # change the age
    child.expect("Age")
    child.send(BACKSPACE * 2 + "31" + ENTER)
    child.expect("Age: 31")
    child.send(ENTER)                              # find matching services
    child.expect(pexpect.EOF)
    output = ANSI.sub("", child.before)
    child.close()
    assert child.exitstatus == 0, output[-2000:]
    results = output[output.index("Matching services"):]
    assert results.index("IQ Servicestelle") < results.index("Anerkennung in Deutschland")
    assert "Serves Magdeburg" in results
    assert "Next steps by goal" in results
    assert "Traceback" not in output


@pytest.mark.skipif(not LOTSE.exists(), reason="lotse is not installed in this environment")
def test_ctrl_c_aborts_cleanly(tmp_path):
    child = spawn("ask", "--save-answers", str(tmp_path / "answers.yaml"))
    child.expect("Who is the consultation for")
    child.send(ENTER)
    child.expect("Residence status")
    child.sendintr()
    child.expect(pexpect.EOF)
    output = ANSI.sub("", child.before)
    child.close()
    assert child.exitstatus == 130
    assert "Aborted." in output and "Traceback" not in output
    assert list(tmp_path.iterdir()) == []
