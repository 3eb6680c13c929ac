"""The contact-sheet options shared by `lotse ask --export` and `lotse export`.

Kept apart from both commands so that each can import them at load time without importing the
other (`export` reuses the answer options of `ask`).
"""


from enum import Enum
from typing import Annotated, Optional

import typer


class SheetLang(str, Enum):
    de = "de"
    en = "en"


Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
SheetLangOption = Annotated[Optional[SheetLang], typer.Option(
    "--sheet-lang", help="Language of the sheet (default: the UI language).")]
Note = Annotated[Optional[str], typer.Option(
    "--note", metavar="TEXT", help="Adviser's note for the sheet, e.g. an appointment or a document to bring.")]
Excel = Annotated[bool, typer.Option("--excel", help="CSV for German Excel: byte-order mark and semicolons.")]
