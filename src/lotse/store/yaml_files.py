"""Reading YAML data files fast and with precise error positions.

PyYAML's C loader is ten times faster than the pure-Python one; a 20,000-entry catalogue depends
on it, and on `_build`, which builds the values from the parser's events without PyYAML's tree of
nodes. The garbage collector is paused while parsing (`lotse.store.speed`): the loader builds
millions of small objects.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from lotse.errors import echo, os_reason
from lotse.i18n import Messages, Text, same
from lotse.model.problems import Problem
from lotse.store.speed import paused_gc

try:
    _Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# The first characters of the plain scalars PyYAML may read as something else than a string; the
# safe loader has no resolver for every first character (None) or by path, which `_build` relies on.
_IMPLICIT_FIRST = frozenset(key for key in _Loader.yaml_implicit_resolvers if key)
assert None not in _Loader.yaml_implicit_resolvers and not _Loader.yaml_path_resolvers
_NO_KEY = object()

T = Messages({
    "utf8": ("ist kein UTF-8-Text ({reason} bei Byte {byte})", "is not UTF-8 text ({reason} at byte {byte})"),
    "unreadable": ("kann nicht gelesen werden: {reason}", "cannot be read: {reason}"),
    "bomb": ("ergibt über YAML-Aliasse mehr als {limit} Werte (eine Alias-Bombe?); die Werte ausschreiben",
             "expands to more than {limit} values through YAML aliases (an alias bomb?); write the values out"),
    "syntax": ("YAML-Syntaxfehler: {problem}", "YAML syntax error: {problem}"),
    "yaml": ("YAML-Fehler: {problem}", "YAML error: {problem}"),
    "duplicate": ("Schlüssel {key} steht zweimal in derselben Abbildung; einer der beiden Werte ginge verloren",
                  "key {key} appears twice in the same mapping; one of its two values would be lost"),
})
DECODER = Messages({  # what Python's UTF-8 decoder says, by its own words
    "invalid start byte": ("ungültiges Startbyte", "invalid start byte"),
    "invalid continuation byte": ("ungültiges Folgebyte", "invalid continuation byte"),
    "unexpected end of data": ("unerwartetes Ende der Daten", "unexpected end of data"),
})


def _build(text: str) -> Any:
    """The document's value, built straight from the parser's events.

    PyYAML first composes a tree of nodes, two position marks each, then builds the values from it:
    for a 7 MB catalogue file the tree took 150 MiB and most of the load time. Here each value is
    built as its event arrives and no tree is kept. Plain strings, mappings and lists (nearly all
    of a catalogue) are built here; other scalars (numbers, booleans, null, dates) by PyYAML's own
    constructor. A document this does not build the same way (anchors, aliases, explicit tags,
    merge keys, a mapping or list as a key, several documents) raises `_Unusual`, and
    `load_yaml` loads it the usual way, so results and error messages stay PyYAML's.
    """
    loader = _Loader(text)
    try:
        get = loader.get_event
        outer: list[tuple[Any, Any]] = []  # the enclosing containers and their waiting keys
        container: Any = None  # the innermost container being filled (dict or list), None at the top
        key: Any = _NO_KEY  # in a mapping, the key waiting for its value
        in_mapping = False
        root: Any = None
        documents = 0
        # Plain scalars PyYAML must resolve ("note", "2027", "true"), each once: their values
        # (strings, numbers, booleans, dates, null) are immutable and recur on every entry.
        plain: dict[str, Any] = {}
        while True:  # hot: 500,000 events in a 3,800-entry file; locals and `type() is` keep it lean
            event: Any = get()  # narrowed by `kind` below, which mypy does not follow
            kind = type(event)
            value: Any
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag not in (None, "!"):
                    raise _Unusual()
                value = event.value
                if event.implicit[0] and (not value or value[0] in _IMPLICIT_FIRST):
                    if value in plain:
                        value = plain[value]
                    else:
                        tag = loader.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
                        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                        value = plain[value] = loader.construct_object(node)
                if in_mapping and key is _NO_KEY:
                    if value == "<<" and event.implicit[0]:
                        raise _Unusual()
                    if value in container:  # PyYAML would keep the last value without a word
                        raise _Duplicate(value, event.start_mark)
                    key = value
                    continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mapping = kind is MappingStartEvent
                if event.anchor is not None or event.tag not in (None, "!", _MAP if mapping else _SEQ):
                    raise _Unusual()
                if in_mapping and key is _NO_KEY:
                    raise _Unusual()  # a mapping or list as a key
                outer.append((container, key))
                container, key, in_mapping = ({} if mapping else []), _NO_KEY, mapping
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = container
                container, key = outer.pop()
                in_mapping = type(container) is dict
            elif kind is AliasEvent:
                raise _Unusual()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual()
                continue
            elif kind is StreamEndEvent:
                return root
            else:
                continue
            if container is None:
                root = value
            elif in_mapping:
                container[key] = value
                key = _NO_KEY
            else:
                container.append(value)
    finally:
        loader.dispose()


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


class _Duplicate(Exception):
    """A key given twice in one mapping: one of the two values would be lost unseen."""

    def __init__(self, key: Any, mark: Any):
        super().__init__(key)
        self.key, self.mark = key, mark


def load_yaml(path: Path) -> tuple[Any, Problem | None]:
    """Parse one file; a read or syntax error comes back as a Problem, never as an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        why = DECODER.text(exc.reason) if exc.reason in DECODER.table else same(exc.reason)
        return None, Problem.of(str(path), T.text("utf8", reason=why, byte=exc.start))
    except OSError as exc:
        return None, Problem.of(str(path), T.text("unreadable", reason=os_reason(exc)))
    with paused_gc():
        try:
            try:
                return _build(text), None  # no anchor, no alias: nothing to expand
            except _Duplicate as exc:
                return None, Problem.of(str(path), T.text("duplicate", key=echo(str(exc.key))),
                                        line=exc.mark.line + 1, column=exc.mark.column + 1)
            except (_Unusual, TypeError, yaml.YAMLError):
                value = yaml.load(text, Loader=_Loader)
            if _ANCHOR.search(text) and expanded_size(value) > MAX_VALUES:
                return None, Problem.of(str(path), T.text(
                    "bomb", limit=Text(f"{MAX_VALUES:,}".replace(",", "."), f"{MAX_VALUES:,}")))
            return value, None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            line = mark.line + 1 if mark is not None else None
            column = mark.column + 1 if mark is not None else None
            message = T.text("syntax", problem=exc.problem or exc)  # PyYAML's own words, in English
            return None, Problem.of(str(path), message, line=line, column=column)
        except yaml.YAMLError as exc:
            return None, Problem.of(str(path), T.text("yaml", problem=exc))
