"""Reading YAML data files fast and with precise error positions.

PyYAML's C loader is ten times faster than the pure-Python one; a 20,000-entry catalogue depends
on it, and on `_FastLoader`, which builds the plain values itself. The garbage collector is paused while parsing: the loader builds millions of small objects
and the collector's passes over them would triple the load time.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from lotse.model.problems import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """Builds strings, mappings and lists straight from the parsed nodes.

    SafeConstructor's generic machinery (generators per mapping, merge-key flattening, recursion
    checks) takes about half of the load time; catalogue files are nearly all plain strings,
    mappings and lists. Every other tag (numbers, booleans, null, dates) goes through the usual
    constructor. A document this cannot build (merge keys, unhashable keys) raises, and
    `load_yaml` then loads it the usual way, so results and error messages stay PyYAML's.
    """

    def construct_document(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        built: dict[int, Any] = {}  # anchors: a node met twice is the same object
        usual = self.construct_object

        def build(node):  # noqa: ANN001, ANN202
            tag = node.tag
            if tag == _STR:
                return node.value
            if tag == _MAP:
                if id(node) in built:
                    return built[id(node)]
                mapping = built[id(node)] = {}
                for key, value in node.value:
                    if key.tag == "tag:yaml.org,2002:merge":
                        raise _Unusual()
                    mapping[build(key)] = build(value)
                return mapping
            if tag == _SEQ:
                if id(node) in built:
                    return built[id(node)]
                sequence = built[id(node)] = []
                sequence.extend(build(item) for item in node.value)
                return sequence
            return usual(node, deep=True)

        try:
            return build(node)
        finally:
            self.constructed_objects = {}
            self.recursive_objects = {}


# A YAML anchor (&name) where a value starts: only files with one can hold an alias bomb.
_ANCHOR = re.compile(r"(?:^|[\s:\[{,-])&[^\s,\[\]{}]+", re.MULTILINE)
MAX_VALUES = 1_000_000  # values a document may expand to through aliases (a real file: far fewer)


def expanded_size(value: Any, limit: int = MAX_VALUES) -> int:
    """How many values `value` holds once every alias is expanded, counting each shared part
    once per use but computing it once: linear in the document, not in its expansion."""
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = limit + 1  # a cycle counts as too large
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > limit:
                break
        sizes[id(node)] = total
        return total

    return size(value)


class _Unusual(Exception):
    """A document the fast loader leaves to PyYAML's own constructor."""


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: for code that builds or walks many small objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_yaml(path: Path) -> tuple[Any, Problem | None]:
    """Parse one file; a read or syntax error comes back as a Problem, never as an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, Problem(str(path), f"is not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return None, Problem(str(path), f"cannot be read: {exc.strerror or exc}")
    with paused_gc():
        try:
            try:
                value = yaml.load(text, Loader=_FastLoader)
            except (_Unusual, TypeError, yaml.YAMLError):
                value = yaml.load(text, Loader=_Loader)
            if _ANCHOR.search(text) and expanded_size(value) > MAX_VALUES:
                return None, Problem(str(path), f"expands to more than {MAX_VALUES:,} values through YAML "
                                                "aliases (an alias bomb?); write the values out")
            return value, None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            line = mark.line + 1 if mark is not None else None
            column = mark.column + 1 if mark is not None else None
            message = f"YAML syntax error: {exc.problem or exc}"
            return None, Problem(str(path), message, line=line, column=column)
        except yaml.YAMLError as exc:
            return None, Problem(str(path), f"YAML error: {exc}")
