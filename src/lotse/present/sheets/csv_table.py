"""The sheet as CSV for a colleague's spreadsheet: one row per contact, in rank order.

A service without a contact still gets one row (with its web address), so that no referral goes
missing from the table. Cells that a spreadsheet would run as a formula are neutralised
(`lotse.present.render.safe_csv`). `--excel` writes what German Excel opens by double-click: a UTF-8
byte-order mark, so umlauts survive, and semicolons, because Excel's German locale uses the comma
as the decimal separator.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from lotse.present.render.safe_csv import write_rows

if TYPE_CHECKING:
    from lotse.present.sheets.renderers import RenderOptions
    from lotse.present.sheets.sheet import Sheet

COLUMNS = ("rank", "service", "provider", "organisation", "name", "role", "phone", "fax", "email",
           "address", "web", "as_of", "verified")


def rows(sheet: Sheet) -> list[list[str]]:
    out = []
    for s in sheet.services:
        service = [str(s.rank), s.name, s.provider]
        for c in s.contacts:
            out.append(service + [c.organisation, c.name, c.role, ", ".join(c.phones), ", ".join(c.faxes),
                                  ", ".join(c.emails), c.address_line, c.url or s.url, s.as_of, s.verified])
        if not s.contacts:
            out.append(service + ["", "", "", "", "", "", "", s.url, s.as_of, s.verified])
    return out


def render(sheet: Sheet, options: RenderOptions) -> bytes:
    buffer = io.StringIO()
    header = [sheet.word(f"col_{column}") for column in COLUMNS]
    write_rows(buffer, header, rows(sheet), delimiter=";" if options.excel else ",")
    data = buffer.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if options.excel else data
