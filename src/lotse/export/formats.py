"""The export formats: one enum, each member mapped to one pure renderer (Sheet in, bytes out).

The format follows the file's extension unless `--format` names it. `-` means stdout, which takes
every text format (Markdown unless `--format` says otherwise) but not PDF, which is binary.
Renderer modules import their libraries (jinja2, fpdf2, vobject) only when called, so that
importing this map costs nothing at start-up.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath
from typing import TYPE_CHECKING

from lotse.errors import UsageError
from lotse.export import csv_table, html_page, markdown, pdf, vcards

if TYPE_CHECKING:
    from lotse.export.sheet import Sheet

STDOUT = "-"


class SheetFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    csv = "csv"
    vcf = "vcf"
    json = "json"

    @property
    def binary(self) -> bool:
        return self is SheetFormat.pdf


EXTENSIONS: Mapping[str, SheetFormat] = {
    ".md": SheetFormat.md, ".markdown": SheetFormat.md,
    ".html": SheetFormat.html, ".htm": SheetFormat.html,
    ".pdf": SheetFormat.pdf,
    ".csv": SheetFormat.csv,
    ".vcf": SheetFormat.vcf, ".vcard": SheetFormat.vcf,
    ".json": SheetFormat.json,
}


@dataclass(frozen=True)
class RenderOptions:
    excel: bool = False  # CSV for German Excel: a byte-order mark and semicolons


def render_json(sheet: Sheet, options: RenderOptions) -> bytes:
    """The `ask --format json` object, so that a saved sheet feeds the same tools as `ask`."""
    return (json.dumps(sheet.record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


Renderer = Callable[["Sheet", RenderOptions], bytes]

RENDERERS: Mapping[SheetFormat, Renderer] = {
    SheetFormat.md: markdown.render,
    SheetFormat.html: html_page.render,
    SheetFormat.pdf: pdf.render,
    SheetFormat.csv: csv_table.render,
    SheetFormat.vcf: vcards.render,
    SheetFormat.json: render_json,
}


def choose_format(target: str, explicit: SheetFormat | None, excel: bool = False) -> SheetFormat:
    """The format for a target file (or `-`); raises UsageError when it cannot be told or written.

    Called before any work is done, so that a wrong name fails at once, not after a consultation.
    """
    if explicit is not None:
        chosen = explicit
    elif target == STDOUT:
        chosen = SheetFormat.md
    else:
        suffix = PurePath(target).suffix.lower()
        if suffix not in EXTENSIONS:
            known = ", ".join(EXTENSIONS)
            raise UsageError(f"Cannot tell the format of {target!r} from its extension; use one of "
                             f"{known}, or name it with --format.")
        chosen = EXTENSIONS[suffix]
    if target == STDOUT and chosen.binary:
        raise UsageError(f"{chosen.value.upper()} is binary and is not written to stdout; give a file name.")
    if excel and chosen is not SheetFormat.csv:
        raise UsageError(f"--excel applies only to CSV, not to {chosen.value.upper()}.")
    return chosen


def render_sheet(sheet: Sheet, fmt: SheetFormat, options: RenderOptions = RenderOptions()) -> bytes:
    return RENDERERS[fmt](sheet, options)
