"""The fast YAML loader gives exactly what PyYAML's own safe loader gives, errors included."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO

from lotse.store.yaml_files import _Loader, load_yaml


@pytest.mark.parametrize("path", sorted((REPO / "data").rglob("*.yaml")), ids=lambda p: p.name)
def test_bundled_files_load_as_pyyaml_loads_them(path):
    value, problem = load_yaml(path)
    assert problem is None
    assert value == yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


@pytest.mark.parametrize("text", [
    "a: &x {b: 1}\nc: *x\n",  # anchors
    "base: &b {a: 1}\nderived:\n  <<: *b\n  c: 2\n",  # merge keys: left to PyYAML
    "a: [1, 2.5, true, null, 2024-01-01, '3', ~, 0x1f, .inf]\n",  # typed scalars
    "a: !!binary aGVsbG8=\nb: !!set {x, y}\nc: !!str 12\n",
    "- a\n- {b: [c, {d: e}]}\n",
    "",
])
def test_values(tmp_path, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    value, problem = load_yaml(path)
    assert problem is None
    assert repr(value) == repr(yaml.load(text, Loader=_Loader))


@pytest.mark.parametrize("text, message", [
    ("? [1]\n: x\n", "found unhashable key"),
    ("a: b: c\n", "mapping values are not allowed in this context"),
    ("a: [unclosed\n", "expected ',' or ']'"),
])
def test_errors_keep_their_position(tmp_path, text, message):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    value, problem = load_yaml(path)
    assert value is None and problem is not None and problem.line is not None
    assert message in problem.message


@pytest.mark.parametrize("text", [
    "x: &r [*r]\n",  # a list that holds itself: it never ends once expanded
    "a: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"b{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 7)),  # 10^7
])
def test_a_document_that_expands_without_bound_is_a_problem_not_a_hang(tmp_path, text):
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    value, problem = load_yaml(path)
    assert value is None and problem is not None and "YAML aliases" in problem.message


def test_ordinary_anchors_are_fine(tmp_path):
    path = tmp_path / "anchors.yaml"
    path.write_text("contact: &c {phone: ['0345 1']}\nentries: [{c: *c}, {c: *c}]\n", encoding="utf-8")
    value, problem = load_yaml(path)
    assert problem is None and value["entries"][1]["c"] == {"phone": ["0345 1"]}


def test_a_key_given_twice_is_a_problem_with_its_place(tmp_path):
    """PyYAML keeps the second value and drops the first without a word: a source's date typed
    twice would silently date it wrong."""
    path = tmp_path / "twice.yaml"
    path.write_text("entries:\n  - id: a\n    sources:\n      - url: https://x.de\n        date: \"2026\"\n"
                    "        date: \"2021\"\n", encoding="utf-8")
    value, problem = load_yaml(path)
    assert value is None and problem is not None and (problem.line, problem.column) == (6, 9)
    assert "date" in problem.text("en") and "twice" in problem.text("en")
