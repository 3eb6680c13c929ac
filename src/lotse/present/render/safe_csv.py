"""CSV that a spreadsheet opens safely.

A cell starting with =, +, -, @, tab or carriage return is run as a formula by Excel and
LibreOffice (CSV injection); such cells get a leading apostrophe, which spreadsheets show as text.
Invisible characters in front (a byte-order mark, zero-width spaces) do not hide a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(INVISIBLE).startswith(FORMULA_STARTS) else text


def write_rows(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]],
               delimiter: str = ",") -> None:
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
