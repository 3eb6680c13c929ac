"""The output formats of each command family, as enums: the command line offers and completes
them, and `lotse.present.renderers` maps each to its renderer (a test checks every one has one).

Kept apart from the renderers because every run builds the command line, while only the command
being run renders.
"""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """A format's name as the user types it; `str()` gives that name (Typer maps the parsed value
    back to the member by it)."""

    def __str__(self) -> str:
        return str(self.value)


class SearchFormat(Format):
    """`lotse search`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    ids = "ids"


class ListFormat(Format):
    """`lotse catalog list`, `lotse catalog stale`, `lotse coverage`."""

    table = "table"
    json = "json"
    csv = "csv"


class AskFormat(Format):
    """`lotse ask`."""

    table = "table"
    json = "json"


class SheetFormat(Format):
    """`lotse export` and `lotse ask --export`: the contact sheet (`lotse.present.sheets`)."""

    md = "md"
    html = "html"
    pdf = "pdf"
    csv = "csv"
    vcf = "vcf"
    json = "json"

    @property
    def binary(self) -> bool:
        return self is SheetFormat.pdf
