"""Each export format mapped to one pure renderer (Sheet in, bytes out); a test proves the map
covers every format.

Renderer modules import their libraries (jinja2, fpdf2, vobject) only when called.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from msgspec import Struct

from lotse.present.formats import SheetFormat
from lotse.present.sheets import csv_table, html_page, markdown, pdf, vcards

if TYPE_CHECKING:
    from lotse.present.sheets.sheet import Sheet


class RenderOptions(Struct, frozen=True):
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


PLAIN = RenderOptions()


def render_sheet(sheet: Sheet, fmt: SheetFormat, options: RenderOptions = PLAIN) -> bytes:
    return RENDERERS[fmt](sheet, options)
