"""`lotse catalog validate|list`, `lotse show`, overlays and their error paths."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ENTRY, REPO

from lotse import __version__


def test_version(cli):
    result = cli("--version")
    assert result.code == 0 and result.out.strip() == f"lotse {__version__}"


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "lotse", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("lotse ")


def test_validate_bundled(cli):
    result = cli("--lang", "en", "catalog", "validate")
    assert result.code == 0
    assert "no problems" in result.err and result.out == ""


def test_validate_clean_overlay(cli, overlay, catalogue):
    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle"))
    result = cli("--lang", "en", "catalog", "validate", str(folder))
    assert result.code == 0, result.err
    files = len(list((REPO / "data" / "catalogue").rglob("*.yaml"))) + 1
    assert f"OK: {len(catalogue) + 1} entries in {files} files, no problems." in result.out + result.err


def test_validate_sees_an_edit_to_a_file_it_checked_before(cli, overlay):
    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle"))
    local = folder / "local.yaml"
    hour_ago = time.time() - 3600  # old enough to be kept compiled
    os.utime(local, (hour_ago, hour_ago))
    assert cli("catalog", "validate", str(folder)).code == 0
    local.write_text(local.read_text(encoding="utf-8").replace("kind: project", "kind: projekt"),
                     encoding="utf-8")
    os.utime(local, (hour_ago + 60, hour_ago + 60))
    for _ in range(2):  # a file with problems is never kept: the second run reports them too
        result = cli("--lang", "en", "catalog", "validate", str(folder))
        assert result.code == 3 and "kind: unknown value 'projekt'" in result.err


def test_yaml_syntax_error_names_file_line_and_column(cli, overlay):
    folder = overlay("entries:\n  - id: x\n    name: [unclosed\n")
    result = cli("--lang", "en", "catalog", "validate", str(folder))
    assert result.code == 3
    assert "local.yaml:" in result.err and "YAML syntax error" in result.err
    assert "Traceback" not in result.err
    line = next(row for row in result.err.splitlines() if "local.yaml" in row)
    assert line.split("local.yaml:")[1].split(":")[0].isdigit()


def test_every_schema_problem_reported_with_entry_and_field(cli, overlay):
    text = ENTRY.format(id="a-one", name="One").replace("kind: project", "kind: projekt") \
        + ENTRY.format(id="a-two", name="Two").split("entries:\n", 1)[1] \
        .replace("places: [halle-saale]", "places: [atlantis]").replace("goals: [job]", "goals: [job]\n    colour: red")
    result = cli("--lang", "en", "catalog", "validate", str(overlay(text)))
    assert result.code == 3
    assert "entry a-one: kind: unknown value 'projekt'" in result.err
    assert "entry a-two: area.places: unknown region 'atlantis'" in result.err
    assert "entry a-two: colour: unknown key" in result.err
    assert "3 problems" in result.err


def test_duplicate_ids_and_broken_references(cli, overlay):
    text = ENTRY.format(id="dup", name="One") + ENTRY.format(id="dup", name="Two").split("entries:\n", 1)[1] \
        + ENTRY.format(id="child", name="Child").split("entries:\n", 1)[1].replace(
            "goals: [job]", "goals: [job]\n    part_of: no-such-parent")
    result = cli("--lang", "en", "catalog", "validate", str(overlay(text)))
    assert result.code == 3
    assert "entry dup: id: duplicate id" in result.err
    assert "entry child: part_of: refers to unknown entry 'no-such-parent'" in result.err


def test_missing_overlay_path(cli, tmp_path):
    result = cli("--lang", "en", "--catalog", str(tmp_path / "nowhere"), "catalog", "list")
    assert result.code == 3
    assert "nowhere: does not exist" in result.err and "Traceback" not in result.err


def test_unreadable_overlay_file(cli, overlay):
    if os.geteuid() == 0:  # root reads everything; use a file that is not UTF-8 instead
        folder = overlay("x")
        (folder / "local.yaml").write_bytes(b"\xff\xfe\x00garbage")
    else:
        folder = overlay(ENTRY.format(id="x", name="X"))
        (folder / "local.yaml").chmod(0)
    result = cli("catalog", "validate", str(folder))
    assert result.code == 3 and "local.yaml" in result.err


def test_overlay_replaces_bundled_entry_visibly(cli, overlay):
    folder = overlay(ENTRY.format(id="jmd", name="JMD Halle (lokal)"))
    listed = cli("--catalog", str(folder), "catalog", "list", "--format", "json")
    jmd = next(e for e in json.loads(listed.out) if e["id"] == "jmd")
    assert jmd["name"] == "JMD Halle (lokal)"
    assert jmd["origin"].endswith("local.yaml") and jmd["replaces"].endswith("federal.yaml")
    shown = cli("--catalog", str(folder), "show", "jmd")
    assert "JMD Halle (lokal)" in shown.out and "federal.yaml" in shown.out


def test_lotse_catalog_environment_variable(cli, overlay, monkeypatch):
    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle"))
    monkeypatch.setenv("LOTSE_CATALOG", str(folder))
    result = cli("--lang", "en", "show", "netzwerk-halle-jobs")
    assert result.code == 0 and "Jobs Halle" in result.out and "local.yaml" in result.out  # from the overlay
    monkeypatch.setenv("LOTSE_CATALOG", f"{folder}{os.pathsep}{folder / 'missing'}")
    result = cli("show", "netzwerk-halle-jobs")
    assert result.code == 3 and "missing" in result.err


def test_list_json_holds_every_entry(cli, catalogue):
    result = cli("catalog", "list", "--format", "json", "--include-ended")
    data = json.loads(result.out)
    assert result.code == 0 and len(data) == len(catalogue)
    jmd = next(e for e in data if e["id"] == "jmd")
    assert jmd["eligibility"]["age"] == {"min": 12, "max": 27}
    assert jmd["source"]["file"].startswith("002_")


def test_list_hides_ended_programmes_unless_asked(cli):
    ids = {e["id"] for e in json.loads(cli("catalog", "list", "--format", "json").out)}
    assert "faire-anwerbung-pflege" not in ids and "jobbruecke-plus" not in ids
    ids = {e["id"] for e in json.loads(cli("catalog", "list", "--format", "json", "--include-ended").out)}
    assert {"faire-anwerbung-pflege", "jobbruecke-plus"} <= ids


def test_list_filters_by_region_level_and_kind(cli):
    result = cli("catalog", "list", "--format", "csv", "--region", "Halle", "--level", "state")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    ids = {r["id"] for r in rows}
    assert "jobbruecke-plus" not in ids or all(r["level"] for r in rows)
    assert "thaff" not in ids and "welcome-center-hamburg" not in ids
    portals = json.loads(cli("catalog", "list", "--format", "json", "--kind", "portal").out)
    assert portals and all(e["kind"] == "portal" for e in portals)


def test_list_rejects_unknown_filter_values(cli):
    result = cli("--lang", "en", "catalog", "list", "--level", "galactic")
    assert result.code == 2 and "Unknown level 'galactic'" in result.err
    result = cli("--lang", "en", "catalog", "list", "--region", "Atlantis")
    assert result.code == 2 and "Unknown region" in result.err


def test_list_table_on_a_pipe_has_no_escape_codes(cli):
    result = cli("catalog", "list")
    assert result.code == 0 and "\x1b[" not in result.out and "jmd" in result.out


def test_show_card(cli):
    result = cli("--lang", "en", "show", "jmd")
    assert result.code == 0
    for text in ("Jugendmigrationsdienste", "12–27", "002_efe51ef145b14199.txt", "federal.yaml"):
        assert text in result.out


def test_show_unknown_id_suggests(cli):
    result = cli("--lang", "en", "show", "jugendmigrationsdienst")
    assert result.code == 2
    assert "No entry with id 'jugendmigrationsdienst'" in result.err and "jmd" in result.err


def test_unknown_command_and_option_are_usage_errors(cli):
    unknown = cli("--lang", "en", "frobnicate")
    assert unknown.code == 2 and "No such command 'frobnicate'" in unknown.err and "lotse --help" in unknown.err
    bad_format = cli("--lang", "en", "catalog", "list", "--format", "xml")
    assert bad_format.code == 2 and "'xml' is not a valid value; use one of: table, json, csv" in bad_format.err
    assert bad_format.out == ""
    assert cli("--lang", "fr", "catalog", "list").code == 2
    limit = cli("--lang", "en", "search", "jmd", "--limit", "0")
    assert limit.code == 2 and "--limit: '0' is not a whole number from 1" in limit.err
    option = cli("--lang", "en", "search", "jmd", "--limt", "3")
    assert option.code == 2 and "No such option: --limt. Did you mean --limit?" in option.err
    assert "Usage: lotse search [OPTIONS] [QUERY]" in option.err and "See `lotse search --help`." in option.err


@pytest.mark.parametrize("args, lists", [([], "catalog"), (["catalog"], "validate"), (["--lang", "en"], "")])
def test_a_missing_command_shows_the_commands_and_is_a_usage_error(cli, monkeypatch, args, lists):
    monkeypatch.setenv("LOTSE_LANG", "en")
    result = cli(*args)
    assert result.code == 2 and lists in result.out and "Traceback" not in result.err
    assert result.err.startswith("lotse: A command is missing. Commands: "), result.err


def test_every_command_has_help(cli):
    for args in (["--help"], ["ask", "-h"], ["explain", "-h"], ["show", "-h"], ["search", "-h"],
                 ["coverage", "-h"], ["export", "-h"], ["catalog", "-h"], ["catalog", "validate", "-h"],
                 ["catalog", "list", "-h"], ["catalog", "stale", "-h"], ["catalog", "export", "-h"],
                 ["catalog", "import", "-h"]):
        result = cli("--lang", "en", *args)
        assert result.code == 0 and f"Usage: lotse {' '.join(args[:-1])}".rstrip() in result.out, args


def test_no_traceback_for_broken_overlay_in_any_command(cli, overlay):
    folder = overlay("entries: [1, 2")
    for args in (["catalog", "list"], ["show", "jmd"]):
        result = cli("--catalog", str(folder), *args)
        assert result.code == 3 and "Traceback" not in result.err


def test_readme_documents_every_command():
    from lotse.cli.app import build

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    app = build("en")
    names = app.list_commands(None)  # type: ignore[arg-type]
    assert len(names) == 7
    for name in names:
        assert f"lotse {name}" in readme, name
        for sub in getattr(app.get_command(None, name), "commands", {}):
            assert f"lotse {name} {sub}" in readme, (name, sub)


def test_global_options_also_work_after_the_command(cli, overlay):
    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle"))
    result = cli("show", "netzwerk-halle-jobs", "--catalog", str(folder), "--lang", "en")
    assert result.code == 0 and "Jobs Halle" in result.out and "Counselling in Halle" in result.out
    assert cli("catalog", "list", f"--catalog={folder}", "--format", "csv").code == 0
    missing = cli("show", "jmd", "--lang")
    assert missing.code == 2 and "--lang" in missing.err


def test_terminal_escape_codes_in_catalogue_text_are_a_problem_and_never_printed(cli, overlay):
    from conftest import ENTRY

    for evil in ("Halle\x1b]0;pwned\x07", "Beratung\x1b[2J", "Null\x00Byte", "C1\x9bcode"):
        text = ENTRY.format(id="evil", name="Evil").replace("name: Evil", f'name: "{evil.encode("unicode_escape").decode()}"')
        folder = overlay(text)
        result = cli("--lang", "en", "catalog", "validate", str(folder))
        assert result.code == 3 and "contains control characters" in result.err, evil
        assert not any(ch in result.err + result.out for ch in "\x1b\x07\x00\x9b")
        shown = cli("--catalog", str(folder), "search", "evil")
        assert shown.code == 3 and "\x1b" not in shown.out + shown.err


def test_a_dangling_yaml_link_in_an_overlay_is_a_problem(cli, overlay):
    from conftest import ENTRY

    folder = overlay(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle"))
    (folder / "gone.yaml").symlink_to(folder / "nowhere.yaml")
    result = cli("--lang", "en", "catalog", "validate", str(folder))
    assert result.code == 3 and "gone.yaml" in result.err and "does not exist" in result.err


def _as_nobody(*args: str, env: dict) -> subprocess.CompletedProcess:
    """Run lotse as an unprivileged user: root reads every folder, so permission errors need one."""
    import shutil

    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run lotse as the unprivileged user nobody")
    return subprocess.run([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           sys.executable, "-m", "lotse", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.mark.parametrize("locked", ["folder", "subfolder"])
def test_an_overlay_folder_that_cannot_be_read_is_a_problem(locked):
    import shutil
    import tempfile

    from conftest import ENTRY

    base = Path(tempfile.mkdtemp(prefix="lotse-nobody-", dir="/tmp"))  # a place nobody may enter
    try:
        base.chmod(0o755)
        folder = base / "overlay"
        sub = folder / "sub"
        sub.mkdir(parents=True)
        (folder / "a.yaml").write_text(ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle"), encoding="utf-8")
        (sub / "b.yaml").write_text(ENTRY.format(id="netzwerk-halle-b", name="B Halle"), encoding="utf-8")
        for p in (folder, sub):
            p.chmod(0o755)
        for p in (folder / "a.yaml", sub / "b.yaml"):
            p.chmod(0o644)
        env = {"PATH": os.environ["PATH"], "HOME": str(base), "LOTSE_CACHE_DIR": str(base / "cache"),
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        control = _as_nobody("catalog", "validate", str(folder), env=env)
        if control.returncode != 0:
            pytest.skip(f"the user nobody cannot run lotse here: {control.stderr.strip()[-200:]}")
        (folder if locked == "folder" else sub).chmod(0o000)
        result = _as_nobody("--lang", "en", "catalog", "validate", str(folder), env=env)
    finally:
        for p in (base / "overlay", base / "overlay" / "sub"):
            if p.exists() or p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)
    assert result.returncode == 3, result.stderr
    assert "cannot be read" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("environ, lang", [
    ({}, "de"), ({"LANG": "en_GB.UTF-8"}, "en"), ({"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "de"), ({"LANG": "C.UTF-8"}, "de"), ({"LOTSE_LANG": "en", "LANG": "de_DE"}, "en"),
])
def test_the_language_falls_back_to_the_locale_then_german(environ, lang):
    from lotse.settings import resolve_lang

    assert resolve_lang(None, environ) == lang
    assert resolve_lang("de", environ) == "de"


def test_a_command_shows_the_first_problems_and_validate_shows_them_all(cli, overlay):
    body = "".join(ENTRY.format(id=f"e-{i}", name=f"E {i}").split("entries:\n", 1)[1].replace(
        "kind: project", "kind: projekt") for i in range(30))
    folder = overlay("entries:\n" + body)
    searched = cli("--lang", "en", "--catalog", str(folder), "search", "beratung")
    assert searched.code == 3
    assert "30 problems" in searched.err and "… and 10 more: `lotse catalog validate` lists them all." in searched.err
    assert searched.err.count("unknown value 'projekt'") == 20
    validated = cli("--lang", "en", "catalog", "validate", str(folder))
    assert validated.code == 3 and validated.err.count("unknown value 'projekt'") == 30
