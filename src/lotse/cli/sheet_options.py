"""The contact-sheet options shared by `lotse ask --export` and `lotse export`.

Kept apart from both commands so that each can add them without importing the other (`export`
reuses the answer options of `ask`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from msgspec import Struct

from lotse.settings import Settings

if TYPE_CHECKING:
    from lotse.model.catalogue import Catalogue
    from lotse.present.sheets.language import SheetLanguage


def add_sheet_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("contact sheet")
    group.add_argument("--force", action="store_true", help="Overwrite an existing file.")
    group.add_argument("--sheet-lang", metavar="LANG", help="Language of the sheet: de, en, ar, fa, uk, ru, tr, or "
                       "one an overlay adds (default: the UI language).")
    group.add_argument("--note", metavar="TEXT",
                       help="Adviser's note for the sheet, e.g. an appointment or a document to bring.")
    group.add_argument("--excel", action="store_true",
                       help="CSV for German Excel: byte-order mark and semicolons.")


class SheetOptions(Struct, frozen=True):
    """The sheet's own options, as given to `ask` or `export`."""

    lang: str | None = None
    note: str | None = None
    force: bool = False
    excel: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> SheetOptions:
        return cls(args.sheet_lang, args.note, args.force, args.excel)

    def language(self, s: Settings) -> str:
        return self.lang or s.lang

    def check(self, s: Settings) -> None:
        """Raises UsageError for an unknown --sheet-lang: at once, not after a consultation."""
        if self.lang is not None:
            from lotse.present.sheets.language import check_code

            check_code(self.lang, s.overlays)

    def sheet_language(self, s: Settings, catalogue: Catalogue) -> SheetLanguage:
        from lotse.present.sheets.language import load_language

        return load_language(self.language(s), catalogue, s.overlays)
