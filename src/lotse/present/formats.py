"""The output formats of each command family, as enums: the command line offers and completes
them, and `lotse.present.renderers` maps each to its renderer (a test checks every one has one).

Kept apart from the renderers because every run builds the command line, while only the command
being run renders.
"""

from __future__ import annotations

from enum import Enum


class SearchFormat(str, Enum):
    """`lotse search`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    ids = "ids"


class ListFormat(str, Enum):
    """`lotse catalog list`, `lotse catalog stale`, `lotse coverage`."""

    table = "table"
    json = "json"
    csv = "csv"


class AskFormat(str, Enum):
    """`lotse ask`."""

    table = "table"
    json = "json"
