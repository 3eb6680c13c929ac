"""`lotse export` and `lotse ask --export`: choosing services, writing safely, the end-of-flow offer."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY

from lotse.cli.export import QuestionaryExportPrompter, SheetOptions, offer_export
from lotse.domain.rules import recommend
from lotse.settings import Settings

PERSON = ["--client", "person", "--status", "protection", "--age", "28", "--qualification",
          "foreign_vocational", "--region", "Magdeburg", "--goal", "recognition"]


# -- choosing what goes on the sheet -------------------------------------------------------------

def test_sheet_from_an_answers_file_with_flags_overriding_it(cli, tmp_path):
    answers = tmp_path / "client.yaml"
    answers.write_text(yaml.safe_dump({"client": "person", "status": "protection", "age": 28,
                                       "qualification": "foreign_vocational", "region": "Halle",
                                       "goals": ["recognition"]}), encoding="utf-8")
    result = cli("--lang", "en", "export", "--answers", str(answers), "--region", "Magdeburg", "-f", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["answers"]["region"] == "magdeburg"
    assert "iq-st-anerkennung-nord" in [r["id"] for r in data["results"]]


@pytest.mark.parametrize("answers, client", [
    ({"status": "protection", "age": 28, "qualification": "foreign_vocational", "region": "Halle",
      "goals": ["recognition"]}, "person"),  # answers only a person has: no need to say "person"
    ({"client": "employer", "region": "Halle", "goals": ["hire"]}, "employer"),
])
def test_the_client_type_follows_from_the_answers(cli, tmp_path, answers, client):
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    result = cli("--lang", "en", "export", "--answers", str(path), "--sheet-lang", "ar", "-o", str(tmp_path / "s.md"))
    assert result.code == 0, result.err
    assert json.loads(cli("export", "--answers", str(path), "-f", "json").out)["answers"]["client"] == client


def test_an_employer_or_a_person_is_not_guessed_from_region_and_goals(cli, tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump({"region": "Halle", "goals": ["job"]}), encoding="utf-8")
    result = cli("--lang", "en", "export", "--answers", str(path), "-o", str(tmp_path / "s.md"))
    assert result.code == 2 and "Missing answers: client" in result.err


def test_ids_keep_their_order_once_each(cli):
    result = cli("export", "jobbruecke-plus", "jmd", "jobbruecke-plus", "-f", "json")
    assert [r["id"] for r in json.loads(result.out)["results"]] == ["jobbruecke-plus", "jmd"]


def test_unknown_id_is_a_usage_error_with_a_suggestion(cli):
    result = cli("export", "jobbruecke", "-f", "json")
    assert result.code == 2 and "jobbruecke-plus" in result.err and result.out == ""


def test_ids_and_answers_do_not_mix(cli):
    result = cli("--lang", "en", "export", "jmd", "--region", "Magdeburg")
    assert result.code == 2 and "not both" in result.err


def test_missing_answers_are_listed(cli, tmp_path):
    result = cli("--lang", "en", "export", "--client", "person", "--age", "30", "-o", str(tmp_path / "s.pdf"))
    assert result.code == 2 and "Missing answers" in result.err
    assert list(tmp_path.iterdir()) == []


def test_an_answers_file_with_a_name_is_refused(cli, tmp_path):
    answers = tmp_path / "client.yaml"
    answers.write_text("name: Max Mustermann\nclient: person\n", encoding="utf-8")
    result = cli("--lang", "en", "export", "--answers", str(answers), "-o", str(tmp_path / "s.md"))
    assert result.code == 2 and "unknown key 'name'" in result.err
    assert not (tmp_path / "s.md").exists()


# -- writing -------------------------------------------------------------------------------------

def test_an_existing_file_is_kept_without_force(cli, tmp_path):
    path = tmp_path / "sheet.md"
    path.write_text("keep me", encoding="utf-8")
    result = cli("--lang", "en", "export", "jmd", "-o", str(path))
    assert result.code == 4 and "already exists" in result.err and "--force" in result.err
    assert path.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.md"]
    assert cli("export", "jmd", "-o", str(path), "--force").code == 0
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_an_unwritable_place_is_one_error_and_leaves_nothing(cli, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = cli("--lang", "en", "export", "jmd", "-o", str(blocker / "sheet.pdf"))
    assert result.code == 4 and result.err.count("\n") == 1 and "Cannot write" in result.err
    assert "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_a_read_only_folder_is_one_error_and_leaves_nothing(open_tmp):
    from conftest import run_as_nobody

    folder = open_tmp / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    result = run_as_nobody("--lang", "en", "export", "jmd", "-o", str(folder / "sheet.pdf"), home=open_tmp)
    assert result.returncode == 4 and "Cannot write" in result.stderr and "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []


def test_a_failing_rename_leaves_no_temporary_file(cli, tmp_path, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = cli("--lang", "en", "export", "jmd", "-o", str(tmp_path / "sheet.html"))
    assert result.code == 4 and "Permission denied" in result.err
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_format_is_one_error_before_any_work(cli, tmp_path):
    result = cli("--lang", "en", "export", "--client", "person", "-o", str(tmp_path / "sheet.docx"))
    assert result.code == 2 and "Cannot tell the format" in result.err and ".pdf" in result.err
    assert "Missing answers" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_pdf_is_not_written_to_stdout(cli):
    result = cli("--lang", "en", "export", "jmd", "--format", "pdf")
    assert result.code == 2 and "binary" in result.err and result.out == ""


def test_excel_only_for_csv(cli, tmp_path):
    result = cli("--lang", "en", "export", "jmd", "--excel", "-o", str(tmp_path / "sheet.html"))
    assert result.code == 2 and "--excel applies only to CSV" in result.err


def test_stdout_carries_only_the_sheet(cli):
    result = cli("export", "jmd", "-f", "csv")
    assert result.code == 0 and result.err == ""
    assert result.out.splitlines()[0].startswith(("Rang,", "Rank,"))


# -- ask --export --------------------------------------------------------------------------------

def test_ask_export_writes_the_sheet_and_still_prints_the_results(cli, tmp_path):
    path = tmp_path / "sheet.json"
    result = cli("--lang", "en", "ask", *PERSON, "--export", str(path))
    assert result.code == 0, result.err
    assert "Matching services" in result.out and f"Contact sheet written: {path}" in result.err
    asked = json.loads(cli("--lang", "en", "ask", *PERSON, "--format", "json").out)
    assert json.loads(path.read_text(encoding="utf-8")) == asked


def test_ask_export_in_another_language_with_a_note(cli, tmp_path):
    path = tmp_path / "sheet.md"
    result = cli("--lang", "de", "ask", *PERSON, "--export", str(path), "--sheet-lang", "en",
                 "--note", "Appointment Tuesday 10:00")
    assert result.code == 0, result.err
    assert "Passende Angebote" in result.out  # the screen stays German
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Contact sheet") and "Appointment Tuesday 10:00" in text


def test_ask_export_refuses_stdout_and_existing_files_before_asking(cli, tmp_path):
    result = cli("--lang", "en", "ask", *PERSON, "--export", "-")
    assert result.code == 2 and result.out == "" and "file name" in result.err
    path = tmp_path / "sheet.md"
    path.write_text("keep", encoding="utf-8")
    result = cli("ask", *PERSON, "--export", str(path))
    assert result.code == 4 and result.out == "" and path.read_text(encoding="utf-8") == "keep"


# -- the offer at the end of an interactive consultation -----------------------------------------

class Scripted:
    """Answers the offer's questions from a script; records the questions asked and the languages offered."""

    def __init__(self, confirm: bool | BaseException, paths: list[str], language: str | None = None):
        self.confirm_answer = confirm
        self.paths = paths
        self.language = language
        self.rejected: list[str] = []
        self.languages: list[tuple[str, str]] = []

    def confirm(self, message: str) -> bool:
        if isinstance(self.confirm_answer, BaseException):
            raise self.confirm_answer
        return self.confirm_answer

    def select(self, message: str, choices, default: str) -> str:
        self.languages = list(choices)
        return self.language or default

    def path(self, message, validate, default: str) -> str:
        for path in self.paths:
            problem = validate(path)
            if problem is None:
                return path
            self.rejected.append(problem)
        raise KeyboardInterrupt


@pytest.fixture
def consultation(catalogue):
    from lotse.model.answers import Answers

    answers = Answers(client="person", status="protection", age=28, qualification="foreign_vocational",
                      region="magdeburg", goals=("recognition",))
    settings = Settings(lang="en", today=TODAY, stdout=io.StringIO(), stderr=io.StringIO())
    return settings, recommend(answers, catalogue, TODAY), catalogue


def test_offer_writes_where_the_adviser_says(consultation, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.pdf").write_text("keep", encoding="utf-8")
    settings, rec, catalogue = consultation
    prompter = Scripted(True, ["-", "notes.txt", "taken.pdf", "client.html"])
    offer_export(prompter, settings, rec, catalogue, SheetOptions(note="Bring the passport"))
    assert len(prompter.rejected) == 3 and "already exists" in prompter.rejected[2]
    assert "Bring the passport" in (tmp_path / "client.html").read_text(encoding="utf-8")
    assert settings.stderr.getvalue() == "Contact sheet written: client.html\n"
    assert (tmp_path / "taken.pdf").read_text(encoding="utf-8") == "keep"


def test_offer_says_why_a_path_is_refused_in_the_ui_language(consultation, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.pdf").write_text("keep", encoding="utf-8")
    settings, rec, catalogue = consultation
    settings.lang = "de"
    prompter = Scripted(True, ["notes.txt", "taken.pdf", "client.html"])
    offer_export(prompter, settings, rec, catalogue, SheetOptions())
    assert prompter.rejected == ["Das Format von 'notes.txt' lässt sich nicht an der Endung erkennen; eine dieser "
                                 "Endungen verwenden: .md, .markdown, .html, .htm, .pdf, .csv, .vcf, .vcard, .json, "
                                 "oder das Format mit --format angeben.",
                                 "taken.pdf gibt es schon; mit --force wird die Datei überschrieben."]


def test_offer_expands_a_typed_home_folder(consultation, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    settings, rec, catalogue = consultation
    offer_export(Scripted(True, ["~/client.md"]), settings, rec, catalogue, SheetOptions())
    assert (tmp_path / "client.md").read_text(encoding="utf-8").startswith("# Contact sheet")


def test_offer_declined_writes_nothing(consultation, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings, rec, catalogue = consultation
    offer_export(Scripted(False, ["client.pdf"]), settings, rec, catalogue, SheetOptions())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("confirm", [KeyboardInterrupt(), True])
def test_ctrl_c_in_the_offer_aborts_and_writes_nothing(consultation, tmp_path, monkeypatch, confirm):
    monkeypatch.chdir(tmp_path)
    settings, rec, catalogue = consultation
    with pytest.raises(KeyboardInterrupt):
        offer_export(Scripted(confirm, []), settings, rec, catalogue, SheetOptions())
    assert list(tmp_path.iterdir()) == []


def test_questionary_adapter_through_a_pipe(tmp_path, monkeypatch):
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    monkeypatch.chdir(tmp_path)
    prompter = QuestionaryExportPrompter("de")
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("\r")  # "Nein" comes first
        assert prompter.confirm("Speichern?") is False
        pipe.send_text("\x1b[B\r")  # down to "Ja"
        assert prompter.confirm("Speichern?") is True
        pipe.send_text("\x7f" * 20 + "client.md\r")
        assert prompter.path("File:", lambda text: None, "contact-sheet.pdf") == "client.md"
        pipe.send_text("\x03")
        with pytest.raises(KeyboardInterrupt):
            prompter.confirm("Save?")


# -- start-up ------------------------------------------------------------------------------------

def test_the_cli_loads_no_renderer_library_at_start_up():
    modules = ("fpdf", "vobject", "jinja2", "pypdf", "lotse.present.sheets.renderers", "lotse.present.sheets.sheet")
    code = f"import sys, lotse.cli; print(sorted(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- output paths that must not be written, and modes -----------------------------------------------

def test_force_never_replaces_a_pipe_or_a_device(cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("--lang", "en", "export", "jmd", "-o", str(fifo), "--format", "md", "--force")
    assert result.code == 4 and "not a regular file" in result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    result = cli("--lang", "en", "export", "jmd", "-o", "/dev/null", "--format", "md", "--force")
    assert result.code == 4 and Path("/dev/null").exists() and not Path("/dev/null").is_file()


def test_an_impossible_path_is_one_message_and_exit_4(cli, tmp_path):
    long_name = tmp_path / ("x" * 300 + ".md")
    result = cli("--lang", "en", "export", "jmd", "-o", str(long_name))
    assert result.code == 4 and "Cannot write" in result.err and "Traceback" not in result.err
    result = cli("ask", "--client", "person", "--status", "eu", "--age", "30", "--qualification", "none",
                 "--region", "Halle", "--goal", "job", "--save-answers", str(long_name))
    assert result.code == 4 and "Traceback" not in result.err


@pytest.mark.parametrize("umask, mode", [(0o022, 0o600), (0o077, 0o600), (0o027, 0o600)])
def test_a_consultation_file_is_for_its_owner_alone(cli, tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        sheet, answers = tmp_path / "sheet.html", tmp_path / "client.yaml"
        assert cli("export", "jmd", "-o", str(sheet)).code == 0
        assert cli("ask", "--client", "person", "--status", "eu", "--age", "30", "--qualification", "none",
                   "--region", "Halle", "--goal", "job", "--save-answers", str(answers)).code in (0, 1)
        page = tmp_path / "map.html"
        assert cli("coverage", "--html", str(page)).code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(sheet.stat().st_mode) == mode and stat.S_IMODE(answers.stat().st_mode) == mode
    assert stat.S_IMODE(page.stat().st_mode) == 0o666 & ~umask  # not a client's: the umask decides
