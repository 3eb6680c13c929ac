"""The installed `lotse ask` in a real pseudo-terminal, driven with arrow keys and Enter."""

from __future__ import annotations

import io
import os
import re
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

LOTSE = Path(sys.executable).parent / "lotse"
DOWN, ENTER, SPACE, BACKSPACE = "\x1b[B", "\r", " ", "\x7f"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def type_keys(child, text: str) -> None:
    """One key at a time: prompt_toolkit must see each before the next (slow machines)."""
    for key in re.findall(r"\x1b\[[A-D]|.", text, flags=re.S):
        child.send(key)
        time.sleep(0.03)


def spawn(*args: str, cwd: Path | None = None):
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", LOTSE_LANG="en", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    env.pop("LOTSE_CATALOG", None)
    child = pexpect.spawn(str(LOTSE), list(args), env=env, encoding="utf-8", dimensions=(50, 100), timeout=20,
                          cwd=cwd)
    child.logfile_read = io.StringIO()  # the whole screen output, for assertions at the end
    return child


@pytest.mark.skipif(not LOTSE.exists(), reason="lotse is not installed in this environment")
def test_consultation_in_a_terminal():
    child = spawn("ask")
    child.expect("Who is the consultation for")
    child.send(ENTER)                              # Person
    child.expect("Residence status")
    type_keys(child, DOWN * 6 + ENTER)                   # protection
    child.expect("Age")
    type_keys(child, "twenty" + ENTER)
    child.expect("whole number from 0 to 120")
    type_keys(child, BACKSPACE * 6 + "28" + ENTER)
    child.expect("Highest qualification")
    type_keys(child, DOWN + ENTER)                       # foreign vocational qualification
    child.expect("Region")
    type_keys(child, "magdeberg" + ENTER)                # misspelt: read as Magdeburg
    child.expect("Goals")
    type_keys(child, SPACE + ENTER)                      # recognition
    child.expect("Gender")
    child.send(ENTER)                              # skip
    child.expect("German level")
    child.send(ENTER)
    child.expect("Bürgergeld")
    child.send(ENTER)
    child.expect("Sector")
    child.send(ENTER)
    child.expect("Are the answers right")
    child.expect("Region: Magdeburg")
    type_keys(child, DOWN * 3 + ENTER)                   # change the age
    child.expect("Age")
    type_keys(child, BACKSPACE * 2 + "31" + ENTER)
    child.expect("Age: 31")
    child.send(ENTER)                              # find matching services
    child.expect("contact sheet")
    child.send(ENTER)                              # no export
    child.expect(pexpect.EOF)
    output = ANSI.sub("", child.logfile_read.getvalue())
    child.close()
    assert child.exitstatus == 0, output[-2000:]
    results = output[output.index("Matching services"):]
    assert results.index("IQ Servicestelle") < results.index("Anerkennung in Deutschland")
    assert "Serves Magdeburg" in results
    assert "Next steps by goal" in results
    assert "Traceback" not in output


@pytest.mark.skipif(not LOTSE.exists(), reason="lotse is not installed in this environment")
def test_the_sheet_offered_at_the_end_is_written_whole(tmp_path):
    """lotse leaves without the interpreter's teardown: a sheet written just before must be complete."""
    child = spawn("ask", "--client", "person", "--status", "protection", "--age", "30", "--qualification",
                  "foreign_vocational", "--region", "Magdeburg", cwd=tmp_path)
    child.expect("Goals")
    type_keys(child, SPACE + ENTER)
    for question in ("Gender", "German level", "Bürgergeld", "Sector", "Are the answers right"):
        child.expect(question)
        child.send(ENTER)
    child.expect("contact sheet")
    child.send(DOWN)                               # from "No" to "Yes"
    child.send(ENTER)
    child.expect("Language of the contact sheet")
    child.send(ENTER)                              # the UI's language, English
    child.expect("File name")
    child.send(ENTER)                              # the default name, contact-sheet.pdf
    child.expect(pexpect.EOF)
    child.close()
    sheet = (tmp_path / "contact-sheet.pdf").read_bytes()
    assert child.exitstatus == 0 and sheet.startswith(b"%PDF") and sheet.rstrip().endswith(b"%%EOF")


@pytest.mark.skipif(not LOTSE.exists(), reason="lotse is not installed in this environment")
def test_ctrl_c_aborts_cleanly(tmp_path):
    child = spawn("ask", "--save-answers", str(tmp_path / "answers.yaml"))
    child.expect("Who is the consultation for")
    child.send(ENTER)
    child.expect("Residence status")
    child.sendintr()
    child.expect(pexpect.EOF)
    output = ANSI.sub("", child.logfile_read.getvalue())
    child.close()
    assert child.exitstatus == 130
    assert "Aborted." in output and "Traceback" not in output
    assert list(tmp_path.iterdir()) == []


def test_no_color_on_a_terminal_means_no_escape_codes_at_all():
    """NO_COLOR on a real terminal: neither colour nor bold or italic (no-color.org)."""
    import os
    import pty
    import subprocess

    def run(extra):
        leader, follower = pty.openpty()
        env = {**os.environ, "COLUMNS": "100", **extra}
        env.pop("NO_COLOR", None) if "NO_COLOR" not in extra else None
        proc = subprocess.run([sys.executable, "-m", "lotse", "--lang", "en", "show", "jmd"], stdin=follower,
                              stdout=follower, stderr=follower, env=env, timeout=60)
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(leader)
        return proc.returncode, b"".join(chunks)

    code, plain = run({"NO_COLOR": "1"})
    assert code == 0 and b"Jugendmigrationsdienste" in plain and b"\x1b[" not in plain
    code, styled = run({})
    assert code == 0 and b"\x1b[" in styled  # without NO_COLOR the terminal gets its styles
