"""Every message lotse raises is in German and English, in every module of the package.

An error is raised where the UI language is not known, so its message is an `i18n.Text` holding
both, worded where it is shown (`LotseError.text`); a catalogue problem is worded in both when it
is found (`Problem.of`), and so is a note of the HSDS import (`present.hsds.notes`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import string
from pathlib import Path

import pytest

from lotse.errors import InvalidValue, LotseError
from lotse.i18n import Messages

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lotse"
OPEN_REFERRAL_CSV = Path(__file__).parent / "hsds-outside" / "openreferral-3.1-csv"


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name != "lotse.__main__":
            names.append(name)
    return names


MODULES = {name: importlib.import_module(name) for name in module_names()}


def error_classes() -> set[str]:
    """lotse's own errors: LotseError and InvalidValue and every subclass the package defines."""
    found = set()
    for module in MODULES.values():
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, (LotseError, InvalidValue)) and obj.__module__.startswith("lotse"):
                found.add(obj.__name__)
    return found


def is_plain_text(node: ast.expr) -> bool:
    """A message written in one language: a string literal, an f-string, or one joined or
    formatted from them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return is_plain_text(node.left) or is_plain_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return is_plain_text(node.func.value) if node.func.attr == "format" else False
    return False


# The functions that record a catalogue problem, (field, message) with the message second.
PROBLEM_HELPERS = {"problem", "_fail", "fail"}


def plain_messages(source: str, errors: set[str]) -> list[tuple[int, str]]:
    """(line, what) for every lotse error made with a one-language message, and every Problem
    made without `Problem.of`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        message = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "message"), None)
        if name in errors and message is not None and is_plain_text(message):
            found.append((node.lineno, f"{name}({ast.unparse(message)[:60]})"))
        elif name == "Problem" and isinstance(func, ast.Name):
            found.append((node.lineno, "Problem(…) instead of Problem.of(file, Text, …)"))
        elif name in PROBLEM_HELPERS and len(node.args) > 1 and is_plain_text(node.args[1]):
            found.append((node.lineno, f"{name}(…, {ast.unparse(node.args[1])[:60]})"))
    return sorted(found)


def test_the_check_finds_what_it_looks_for():
    source = '\n'.join([
        'raise UsageError("Unknown thing.")',
        'raise OutputError(f"Cannot write {path}.")',
        'raise AnswersError(f"{where}: " + "; ".join(problems))',
        'raise InvalidValue("must be {x}".format(x=1))',
        'problems.append(Problem(file, "is required"))',
        'raise UsageError(T.text("unknown", value=echo(value)))',  # fine
        'raise ValueError("checksum")',  # not lotse's own: internal
        'problems.append(Problem.of(file, T.text("required")))',  # fine
        'raise self._fail(field, f"must be a list, got {echo(value)}")',
        'self.problem("as_of", "is required")',
    ])
    errors = {"UsageError", "OutputError", "AnswersError", "InvalidValue"}
    assert [line for line, _ in plain_messages(source, errors)] == [1, 2, 3, 4, 5, 9, 10]


def test_no_error_has_a_message_in_one_language():
    errors = error_classes()
    assert {"LotseError", "UsageError", "OutputError", "CatalogueError", "AnswersError", "RegionError",
            "UnknownEntryError", "NoResultsError", "InvalidValue"} <= errors
    found = []
    for module in MODULES.values():
        path = Path(str(module.__file__))
        found += [f"{path}:{line}: {what}" for line, what in plain_messages(path.read_text(encoding="utf-8"), errors)]
    assert found == [], "messages in one language (use a Messages table and T.text):\n" + "\n".join(found)


def tables() -> list[tuple[str, str, str, str]]:
    """(module, key, German, English) of every message table."""
    rows = []
    for name, module in MODULES.items():
        for attr, value in vars(module).items():
            if isinstance(value, Messages):
                rows += [(f"{name}.{attr}", key, de, en) for key, (de, en) in value.table.items()]
    return rows


def fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.mark.parametrize("where, key, de, en", tables(), ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_both_languages_of_a_message_take_the_same_values(where, key, de, en):
    assert fields(de) == fields(en), (where, key)
    assert de.strip() and en.strip(), (where, key)
    if not fields(de):  # worded as written: a doubled brace would show doubled
        assert "{{" not in de + en and "}}" not in de + en, (where, key)


# -- the messages as an adviser sees them ------------------------------------------------------

ENGLISH = (" the ", " and ", " not ", "Unknown", "Cannot", "must", "Give ", "Use ", "file")  # never in German
GERMAN = ("nicht", "kein", "Kein", "unbekannt", "Unbekannt", "angeben", "Werte", "Katalog hat", " ist ")
SAYS_ENGLISH = (*ENGLISH, "unknown", " use ", " is ", "No ")  # one at least in English


def broken_overlay(tmp_path: Path) -> str:
    from conftest import ENTRY

    folder = tmp_path / "overlay"
    folder.mkdir()
    text = ENTRY.format(id="netzwerk-halle-jobs", name="Jobs Halle").replace(
        "goals: [job]", "goals: [job]\n    colour: red")
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    return str(folder)


def a_file(tmp_path: Path) -> str:
    (tmp_path / "export.txt").write_text("x", encoding="utf-8")
    return str(tmp_path / "export.txt")


def blocked_output(tmp_path: Path) -> str:
    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    return str(tmp_path / "blocker" / "sheet.md")


CASES = {
    "unknown region": (2, lambda t: ["search", "beratung", "--region", "Atlantis"]),
    "ambiguous region": (2, lambda t: ["search", "beratung", "--region", "Hale"]),
    "unknown id": (2, lambda t: ["show", "jugendmigrationsdienst"]),
    "unknown goal": (2, lambda t: ["search", "beratung", "--goal", "fame"]),
    "bad age": (2, lambda t: ["search", "beratung", "--age", "200"]),
    "unknown kind": (2, lambda t: ["search", "beratung", "--kind", "galactic"]),
    "not a Land": (2, lambda t: ["coverage", "--state", "Magdeburg"]),
    "bad max age": (2, lambda t: ["catalog", "stale", "--older-than=3w"]),
    "unwritable output": (4, lambda t: ["export", "jmd", "-o", blocked_output(t)]),
    "broken overlay": (3, lambda t: ["catalog", "validate", broken_overlay(t)]),
    "missing overlay": (3, lambda t: ["--catalog", str(t / "nowhere"), "search", "beratung"]),
    "missing answers": (2, lambda t: ["ask", "--client", "person"]),
    "unknown sheet format": (2, lambda t: ["export", "jmd", "-o", "x.xyz"]),
    "--excel with a PDF": (2, lambda t: ["export", "jmd", "--excel", "-o", str(t / "sheet.pdf")]),
    "PDF to stdout": (2, lambda t: ["export", "jmd", "-f", "pdf", "-o", "-"]),
    "HSDS export onto a file": (4, lambda t: ["catalog", "export", "--hsds", a_file(t)]),
    "HSDS import of nothing": (3, lambda t: ["catalog", "import", "--hsds", str(t / "nowhere"),
                                             "-o", str(t / "out.yaml")]),
    "unknown import area": (2, lambda t: ["catalog", "import", "--hsds", str(OPEN_REFERRAL_CSV),
                                          "-o", str(t / "out.yaml"), "--area", "Atlantis"]),
}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_an_error_is_worded_in_the_ui_language(cli, tmp_path, case, lang):
    code, args = CASES[case]
    result = cli("--lang", lang, *args(tmp_path))
    assert result.code == code, result.err
    message = result.err.replace(str(tmp_path), "TMP")
    assert message.startswith("lotse: ") and "Traceback" not in message
    wrong, right = (ENGLISH, GERMAN) if lang == "de" else (GERMAN, SAYS_ENGLISH)
    assert [w for w in wrong if w in message] == [], message
    assert any(w in message for w in right), message


def test_a_problem_is_english_as_str_and_in_the_ui_language_as_text():
    from lotse.i18n import Text
    from lotse.model.problems import Problem

    problem = Problem.of("a.yaml", Text("fehlt {x}", "is missing {x}", x="!"), entry="e", field="f", line=3, column=4)
    assert str(problem) == "a.yaml:3:4: entry e: f: is missing !" == problem.text("en")
    assert problem.text("de") == "a.yaml:3:4: Eintrag e: f: fehlt !"
    assert problem.message == "is missing !"
    english_only = Problem("b.yaml", "is broken")  # made without Problem.of: as it is in both
    assert english_only.text("de") == english_only.text("en") == "b.yaml: is broken"


@pytest.mark.parametrize("argv, environ, lang", [
    (["--lang", "en", "show", "x"], {}, "en"),
    (["show", "x", "--lang=en"], {"LOTSE_LANG": "de"}, "en"),
    (["show", "--", "--lang", "en"], {}, "de"),  # after `--` it is an argument, not the option
    (["show", "x"], {"LOTSE_LANG": "en"}, "en"),
    (["show", "x", "--lang"], {"LANG": "en_GB.UTF-8"}, "en"),
])
def test_an_error_takes_the_language_from_argv_before_the_options_are_parsed(argv, environ, lang):
    from lotse.settings import resolve_lang

    assert resolve_lang(None, environ, argv=argv) == lang


def test_the_notes_of_an_hsds_import_are_in_the_ui_language(cli, tmp_path):
    """Each note in German and in English; the data's own values (names, fields) as they are."""
    said = {}
    for lang in ("de", "en"):
        result = cli("--lang", lang, "catalog", "import", "--hsds", str(OPEN_REFERRAL_CSV),
                     "-o", str(tmp_path / f"{lang}.yaml"), "--area", "Halle")
        assert result.code == 0, result.err
        said[lang] = [line for line in result.err.splitlines() if line.startswith("  - ")]
    assert len(said["de"]) == len(said["en"]) > 10
    assert [pair for pair in zip(said["de"], said["en"], strict=True) if pair[0] == pair[1]] == []
    assert "  - services.csv: Zielgruppe (client) nicht angegeben; person angenommen: Community Counselling" in said["de"]
    assert "  - services.csv: client type not stated; assumed person: Community Counselling" in said["en"]
    german, english = "\n".join(said["de"]), "\n".join(said["en"])
    assert "not mapped" not in german and "nicht übernommen" not in english
    assert "nicht übernommen" in german and "not mapped" in english
