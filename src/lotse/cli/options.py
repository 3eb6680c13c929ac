"""The options several commands share, declared once: the global options (which work before or
after the command), the answers of a consultation, the search filters and the sheet options.

`help` is a key of `lotse.cli.help.HELP`, and `rich_help_panel` a panel's key: the app words them
in the UI language when it is built. Values are parsed here with lotse's own messages.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from lotse.errors import UsageError
from lotse.i18n import LANGS, Messages

T = Messages({
    "not_positive": ("{option}: {value} ist keine ganze Zahl ab 1.", "{option}: {value} is not a whole number from 1."),
    "not_one_of": ("{option}: {value} ist kein gültiger Wert; möglich: {values}.",
                   "{option}: {value} is not a valid value; use one of: {values}."),
})

E = TypeVar("E", bound=Enum)


def positive_int(option: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            from lotse.errors import echo

            raise UsageError(T.text("not_positive", option=option, value=echo(text)))
        return value

    return parse


def one_of(kind: type[E], option: str) -> Callable[[str], E]:
    def parse(text: str) -> E:
        try:
            return kind(text)
        except ValueError:
            from lotse.errors import echo

            values = ", ".join(member.value for member in kind)
            raise UsageError(T.text("not_one_of", option=option, value=echo(text), values=values)) from None

    return parse


def lang_value(text: str) -> str:
    if text not in LANGS:
        from lotse.errors import echo

        raise UsageError(T.text("not_one_of", option="--lang", value=echo(text), values=", ".join(LANGS)))
    return text


# -- global ---------------------------------------------------------------------------------------
Lang = Annotated[str | None, typer.Option("--lang", help="opt.lang", metavar="de|en", parser=lang_value)]
Catalog = Annotated[list[Path] | None, typer.Option("--catalog", parser=Path, help="opt.catalog", metavar="DIR")]

# -- answers (ask, explain, export) ---------------------------------------------------------------
_ANSWERS = "panel.answers"
AnswersFile = Annotated[Path | None, typer.Option("--answers", parser=Path, help="answers.answers", metavar="FILE.yaml",
                                                     rich_help_panel=_ANSWERS)]
Client = Annotated[str | None, typer.Option("--client", help="answers.client", metavar="CLIENT",
                                               rich_help_panel=_ANSWERS)]
Status = Annotated[str | None, typer.Option("--status", help="answers.status", metavar="STATUS",
                                               rich_help_panel=_ANSWERS)]
Age = Annotated[str | None, typer.Option("--age", help="answers.age", metavar="N", rich_help_panel=_ANSWERS)]
Qualification = Annotated[str | None, typer.Option(
    "--qualification", help="answers.qualification", metavar="QUALIFICATION", rich_help_panel=_ANSWERS)]
Region = Annotated[str | None, typer.Option("--region", help="answers.region", metavar="REGION",
                                               rich_help_panel=_ANSWERS)]
Goals = Annotated[list[str] | None, typer.Option("--goal", help="answers.goal", metavar="GOAL",
                                                    rich_help_panel=_ANSWERS)]
Gender = Annotated[str | None, typer.Option("--gender", help="answers.gender", metavar="GENDER",
                                               rich_help_panel=_ANSWERS)]
GermanLevel = Annotated[str | None, typer.Option(
    "--german-level", help="answers.german_level", metavar="LEVEL", rich_help_panel=_ANSWERS)]
Benefits = Annotated[bool | None, typer.Option("--benefits/--no-benefits", help="answers.benefits",
                                                  rich_help_panel=_ANSWERS)]
Sector = Annotated[str | None, typer.Option("--sector", help="answers.sector", metavar="SECTOR",
                                               rich_help_panel=_ANSWERS)]

# -- search filters (search, catalog list, export --query) ----------------------------------------
_FILTERS = "panel.filters"
FilterRegion = Annotated[str | None, typer.Option("--region", help="filters.region", metavar="REGION",
                                                     rich_help_panel=_FILTERS)]
Levels = Annotated[list[str] | None, typer.Option("--level", help="filters.level", metavar="LEVEL",
                                                     rich_help_panel=_FILTERS)]
Kinds = Annotated[list[str] | None, typer.Option("--kind", help="filters.kind", metavar="KIND",
                                                    rich_help_panel=_FILTERS)]
IncludeEnded = Annotated[bool, typer.Option("--include-ended", help="filters.include_ended",
                                            rich_help_panel=_FILTERS)]
FilterGoals = Annotated[list[str] | None, typer.Option("--goal", help="filters.goal", metavar="GOAL",
                                                          rich_help_panel=_FILTERS)]
FilterClient = Annotated[str | None, typer.Option("--client", help="filters.client", metavar="CLIENT",
                                                     rich_help_panel=_FILTERS)]
FilterStatus = Annotated[str | None, typer.Option("--status", help="filters.status", metavar="STATUS",
                                                     rich_help_panel=_FILTERS)]
FilterAge = Annotated[str | None, typer.Option("--age", help="filters.age", metavar="N",
                                                  rich_help_panel=_FILTERS)]

# -- the contact sheet (ask, export) --------------------------------------------------------------
_SHEET = "panel.sheet"
Force = Annotated[bool, typer.Option("--force", help="sheet.force", rich_help_panel=_SHEET)]
SheetLang = Annotated[str | None, typer.Option("--sheet-lang", help="sheet.sheet_lang", metavar="LANG",
                                               rich_help_panel=_SHEET)]
Note = Annotated[str | None, typer.Option("--note", help="sheet.note", metavar="TEXT", rich_help_panel=_SHEET)]
Excel = Annotated[bool, typer.Option("--excel", help="sheet.excel", rich_help_panel=_SHEET)]
