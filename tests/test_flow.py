"""The interactive flow: scripted through the Prompter interface, and questionary's adapter itself."""

from __future__ import annotations

from collections import deque

import pytest

from lotse.cli.flow import DONE, SKIP, QuestionaryPrompter, run_flow
from lotse.model.answers import Answers


class ScriptedPrompter:
    """Answers each prompt from a script; records the messages and validation errors it saw."""

    def __init__(self, *answers):
        self.script = deque(answers)
        self.messages: list[str] = []
        self.errors: list[str] = []

    def _next(self, message):
        self.messages.append(message)
        return self.script.popleft()

    def select(self, message, choices, default=None):
        value = self._next(message)
        assert value in [c[0] for c in choices], (message, value)
        return value

    def checkbox(self, message, choices, checked, validate):
        value = self._next(message)
        error = validate(value)
        if error:
            self.errors.append(error)
            return self.checkbox(message, choices, checked, validate)
        return value

    def text(self, message, validate, default="", completions=()):
        while True:
            value = self._next(message)
            error = validate(value)
            if not error:
                return value
            self.errors.append(error)


def test_person_flow_with_retries_and_a_correction(catalogue):
    prompter = ScriptedPrompter(
        "person", "protection",
        "abc", "150", "28",                      # age asked again until valid
        "foreign_vocational",
        "Atlantis", "magdeberg",                 # unknown region asked again; typo accepted
        [], ["recognition"],                      # at least one goal
        SKIP, "A2", SKIP, SKIP,                   # gender, German level, Bürgergeld, sector
        "age", "31",                              # correct the age at the summary
        DONE,
    )
    answers = run_flow(prompter, Answers(), catalogue, "en")
    assert answers == Answers(client="person", status="protection", age=31, qualification="foreign_vocational",
                              region="magdeburg", goals=("recognition",), german_level="A2")
    assert "Enter a whole number from 0 to 120." in prompter.errors
    assert any(e.startswith("Unknown region") for e in prompter.errors)
    assert "Choose at least one goal." in prompter.errors
    assert not prompter.script


def test_flow_asks_only_what_is_missing(catalogue):
    given = Answers(client="person", status="eu", age=40, qualification="german_qualification",
                    region="DE-SN", goals=("labour_rights",), gender="male")
    prompter = ScriptedPrompter(DONE)
    assert run_flow(prompter, given, catalogue, "de") == given
    assert len(prompter.messages) == 1  # only the summary


def test_employer_flow_offers_employer_goals(catalogue):
    prompter = ScriptedPrompter("employer", "Thüringen", ["hire"], "care", DONE)
    answers = run_flow(prompter, Answers(), catalogue, "de")
    assert answers == Answers(client="employer", region="DE-TH", goals=("hire",), sector="care")


def test_changing_client_type_at_the_summary_asks_its_questions(catalogue):
    prompter = ScriptedPrompter("employer", "Magdeburg", ["hire"], SKIP, "client", "person",
                                "eu", "30", "none", ["job"], DONE)
    answers = run_flow(prompter, Answers(), catalogue, "en")
    assert answers.client == "person" and answers.goals == ("job",) and answers.region == "magdeburg"


def test_questionary_adapter_reads_keys_from_a_pipe():
    """The real questionary prompts, fed keystrokes through prompt_toolkit's pipe input."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("\x1b[B\r")  # arrow down, Enter
        assert QuestionaryPrompter().select("?", [("a", "A"), ("b", "B")]) == "b"
        pipe.send_text("x\r" + "\x7f" + "42\r")  # invalid, then corrected
        assert QuestionaryPrompter().text("Age?", lambda v: None if v.isdigit() else "digits") == "42"
        pipe.send_text(" \x1b[B \r")
        assert QuestionaryPrompter().checkbox("?", [("a", "A"), ("b", "B")], [], lambda v: None) == ["a", "b"]


def test_ctrl_c_in_questionary_raises_keyboard_interrupt():
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("\x03")
        with pytest.raises(KeyboardInterrupt):
            QuestionaryPrompter().select("?", [("a", "A")])


def test_a_client_abroad_may_leave_the_region_open(catalogue):
    """Enter skips the destination for a client still abroad; "im Ausland" is accepted too."""
    prompter = ScriptedPrompter(
        "person", "abroad", "29", "foreign_academic",
        "",                                       # destination not known yet
        ["job", "recognition"],
        SKIP, SKIP, SKIP, SKIP,
        DONE,
    )
    answers = run_flow(prompter, Answers(), catalogue, "en")
    assert answers.region is None and answers.status == "abroad" and not prompter.errors
    assert any("Destination in Germany" in m for m in prompter.messages)
    other = ScriptedPrompter("person", "abroad", "29", "foreign_academic", "im Ausland", ["job"],
                             SKIP, SKIP, SKIP, SKIP, DONE)
    assert run_flow(other, Answers(), catalogue, "en").region == "abroad"
    resident = ScriptedPrompter("person", "protection", "29", "foreign_academic", "", "Halle", ["job"],
                                SKIP, SKIP, SKIP, SKIP, DONE)
    assert run_flow(resident, Answers(), catalogue, "en").region == "halle-saale"
    assert resident.errors  # living in Germany, the region is required
