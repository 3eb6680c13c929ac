"""`lotse export`, and the sheet output that `lotse ask --export` and the interactive offer share.

The target is checked before any work is done (format, an existing file), so that a typo in the
file name fails at once rather than after a consultation; the write itself is atomic
(`lotse.output`), so a failure leaves nothing behind.
"""

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer
from msgspec import Struct

from lotse.cli.app import command, load, settings
from lotse.cli.ask import complete_answers, given, read_answers
from lotse.cli.options import (
    Age,
    AnswersFile,
    Benefits,
    Catalog,
    Client,
    Excel,
    Force,
    Gender,
    GermanLevel,
    Goals,
    Lang,
    Note,
    Qualification,
    Region,
    Sector,
    SheetLang,
    Status,
    one_of,
    positive_int,
)
from lotse.errors import LotseError, UsageError
from lotse.i18n import Messages
from lotse.present.formats import SheetFormat
from lotse.present.sheets.formats import STDOUT, choose_format
from lotse.settings import Settings

if TYPE_CHECKING:
    from lotse.domain.rules import Recommendation
    from lotse.model.catalogue import Catalogue
    from lotse.model.entry import Entry
    from lotse.present.sheets.language import SheetLanguage
    from lotse.present.sheets.sheet import Sheet

T = Messages({
    "wrote": ("Kontaktblatt geschrieben: {path}", "Contact sheet written: {path}"),
    "offer": ("Die Ergebnisse als Kontaktblatt speichern?", "Save the results as a contact sheet?"),
    "language": ("Sprache des Kontaktblatts?", "Language of the contact sheet?"),
    "yes": ("Ja", "Yes"),
    "no": ("Nein", "No"),
    "path": ("Dateiname (.pdf, .html, .md, .csv, .vcf oder .json):",
             "File name (.pdf, .html, .md, .csv, .vcf or .json):"),
    "default_file": ("kontaktblatt.pdf", "contact-sheet.pdf"),
    "no_stdout": ("Einen Dateinamen angeben.", "Give a file name."),
    "ask_stdout": ("lotse ask gibt seine Ergebnisse auf stdout aus; --export einen Dateinamen geben oder "
                   "`lotse export --answers DATEI` nehmen, um ein Blatt auf stdout zu schreiben.",
                   "lotse ask prints its results on stdout; give --export a file name, or use "
                   "`lotse export --answers FILE` to write a sheet to stdout."),
    "ids_or_query": ("Entweder IDs oder --query angeben, nicht beides.", "Give either ids or --query, not both."),
    "filters_need_query": ("--kind und --level filtern eine Suche; mit --query verwenden.",
                           "--kind and --level filter a search; use them with --query."),
    "ids_or_answers": ("Entweder IDs oder Antworten (--answers und die Antwort-Optionen) angeben, nicht beides.",
                       "Give either ids or answers (--answers and the answer options), not both."),
    "not_a_filter": ("{names}: kein Suchfilter; mit --query gehen {filters}, --kind und --level.",
                     "{names}: not a search filter; with --query use {filters}, --kind and --level."),
})


class SheetOptions(Struct, frozen=True):
    """The sheet's own options, as given to `ask` or `export`."""

    lang: str | None = None
    note: str | None = None
    force: bool = False
    excel: bool = False

    def language(self, s: Settings) -> str:
        return self.lang or s.lang

    def check(self, s: Settings) -> None:
        """Raises UsageError for an unknown --sheet-lang: at once, not after a consultation."""
        if self.lang is not None:
            from lotse.present.sheets.language import check_code

            check_code(self.lang, s.overlays)

    def sheet_language(self, s: Settings, catalogue: "Catalogue") -> "SheetLanguage":
        from lotse.present.sheets.language import load_language

        return load_language(self.language(s), catalogue, s.overlays)


class SheetTarget(Struct, frozen=True):
    """Where a sheet goes and how: a checked path (or `-`), its format and the write options."""

    path: str
    format: SheetFormat
    force: bool = False
    excel: bool = False


def sheet_target(path: str, fmt: SheetFormat | None = None, force: bool = False, excel: bool = False,
                 allow_stdout: bool = True) -> SheetTarget:
    """Check a target before any work is done; raises UsageError or OutputError (exists)."""
    if path == STDOUT and not allow_stdout:
        raise UsageError(T.text("ask_stdout"))
    chosen = choose_format(path, fmt, excel)
    if path != STDOUT:
        from lotse.output import check_target

        check_target(Path(path), force)
    return SheetTarget(path, chosen, force, excel)


def write_sheet(s: Settings, target: SheetTarget, sheet: "Sheet") -> None:
    """Render and write; to stdout for `-`, else atomically to the file (never half-written)."""
    from lotse.output import write_bytes_atomic
    from lotse.present.sheets.renderers import RenderOptions, render_sheet

    data = render_sheet(sheet, target.format, RenderOptions(excel=target.excel))
    if target.path == STDOUT:
        s.stdout.write(data.decode("utf-8"))
        s.stdout.flush()
        return
    write_bytes_atomic(Path(target.path), data, force=target.force, private=True)  # a client's sheet
    s.warn(T("wrote", s.lang, path=target.path))


class ExportPrompter(Protocol):
    """The questions of the offer at the end of an interactive consultation."""

    def confirm(self, message: str) -> bool: ...

    def select(self, message: str, choices: Sequence[tuple[str, str]], default: str) -> str: ...

    def path(self, message: str, validate: Callable[[str], str | None], default: str) -> str: ...


class QuestionaryExportPrompter:
    """The real terminal prompts, in the UI language; Ctrl-C raises KeyboardInterrupt (`unsafe_ask`)."""

    def __init__(self, lang: str):
        self.lang = lang

    def confirm(self, message: str) -> bool:
        """No or yes as a choice with the arrow keys: questionary's own confirm reads y/n only,
        which a German screen could not name."""
        return self.select(message, [("no", T("no", self.lang)), ("yes", T("yes", self.lang))], "no") == "yes"

    def select(self, message: str, choices: Sequence[tuple[str, str]], default: str) -> str:
        import questionary

        items = [questionary.Choice(title, value=value) for value, title in choices]
        chosen: str = questionary.select(message, choices=items, default=default).unsafe_ask()
        return chosen

    def path(self, message: str, validate: Callable[[str], str | None], default: str) -> str:
        import questionary

        # Checked on Enter, not per key: "kontaktblatt.p" is not yet a name worth an error.
        path: str = questionary.path(message, default=default, validate=lambda v: validate(v) or True,
                                     validate_while_typing=False).unsafe_ask()
        return path


def offer_export(prompter: ExportPrompter, s: Settings, rec: "Recommendation", catalogue: "Catalogue",
                 options: SheetOptions) -> None:
    """Ask whether to save the consultation as a sheet, in which language (unless --sheet-lang said)
    and where; nothing is written on "no"."""
    if not prompter.confirm(T("offer", s.lang)):
        return
    if options.lang is None:
        from msgspec.structs import replace

        from lotse.present.sheets.language import language_choices

        choices = language_choices(s.overlays, s.lang)
        options = replace(options, lang=prompter.select(T("language", s.lang), choices, default=s.lang))

    def check(text: str) -> SheetTarget:
        # A typed path is not expanded by a shell, so "~/kontaktblatt.pdf" is expanded here.
        return sheet_target(os.path.expanduser(text.strip()), None, options.force, options.excel,
                            allow_stdout=False)

    def validate(text: str) -> str | None:
        if not text.strip() or text.strip() == STDOUT:
            return T("no_stdout", s.lang)
        try:
            check(text)
        except LotseError as exc:
            return exc.text(s.lang)
        return None

    path = prompter.path(T("path", s.lang), validate, T("default_file", options.language(s)))
    export_consultation(s, check(path), rec, catalogue, options)


def export_consultation(s: Settings, target: SheetTarget, rec: "Recommendation", catalogue: "Catalogue",
                        options: SheetOptions) -> None:
    from lotse.present.sheets.sheet import sheet_for_recommendation

    write_sheet(s, target, sheet_for_recommendation(rec, catalogue, options.sheet_language(s, catalogue),
                                                    s.today, options.note or ""))


def register(app: typer.Typer, name: str) -> None:
    command(app, name, "cmd.export")(export)


def export(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(help="export.ids", metavar="ID...", show_default=False)] = None,
    query: Annotated[str | None, typer.Option("--query", help="export.query", metavar="WORDS")] = None,
    answers_file: AnswersFile = None,
    client: Client = None,
    status: Status = None,
    age: Age = None,
    qualification: Qualification = None,
    region: Region = None,
    goal: Goals = None,
    gender: Gender = None,
    german_level: GermanLevel = None,
    benefits: Benefits = None,
    sector: Sector = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="export.kind", metavar="KIND")] = None,
    level: Annotated[list[str] | None, typer.Option("--level", help="export.level", metavar="LEVEL")] = None,
    output: Annotated[str, typer.Option("-o", "--output", help="export.output", metavar="FILE")] = STDOUT,
    format: Annotated[SheetFormat | None, typer.Option(
        "-f", "--format", help="export.format", metavar="FORMAT",
        parser=one_of(SheetFormat, "--format"))] = None,
    force: Force = False,
    sheet_lang: SheetLang = None,
    note: Note = None,
    excel: Excel = False,
    limit: Annotated[int, typer.Option("--limit", help="export.limit", metavar="N",
                                       parser=positive_int("--limit"))] = 8,
    include_ended: Annotated[bool, typer.Option("--include-ended", help="export.include_ended")] = False,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.present.sheets.sheet import sheet_for_entries, sheet_for_search

    s = settings(ctx, lang, catalog)
    options = SheetOptions(sheet_lang, note, force, excel)
    options.check(s)
    target = sheet_target(output, format, force, excel)
    flags = given(client=client, status=status, age=age, qualification=qualification, region=region,
                  goals=goal, gender=gender, german_level=german_level, benefits=benefits, sector=sector)
    named = set(flags) | ({"answers"} if answers_file is not None else set())
    if ids and query is not None:
        raise UsageError(T.text("ids_or_query"))
    if (kind or level) and query is None:
        raise UsageError(T.text("filters_need_query"))
    catalogue = load(s)
    language = options.sheet_language(s, catalogue)
    if ids:
        if named:
            raise UsageError(T.text("ids_or_answers"))
        write_sheet(s, target, sheet_for_entries(_entries(catalogue, ids), catalogue, language, s.today, note or ""))
    elif query is not None:
        from lotse.domain.search import NoResultsError, Query, make_filters, search

        not_filters = sorted(named - SEARCH_FILTERS)
        if not_filters:
            raise UsageError(T.text("not_a_filter", names=", ".join(_option(key) for key in not_filters),
                                    filters=", ".join(_option(key) for key in sorted(SEARCH_FILTERS))))
        filters = make_filters(catalogue, s.lang, region=region, goals=goal or (), client=client,
                               status=status, age=age, kinds=kind or (), levels=level or (),
                               include_ended=include_ended)
        result = search(catalogue, Query.parse(query), filters, s.today, limit)
        if not result.hits:
            raise NoResultsError()
        write_sheet(s, target, sheet_for_search(result, catalogue, language, s.today, note or ""))
    else:
        from lotse.domain.rules import recommend

        answers = complete_answers(s, catalogue, read_answers(s, catalogue, answers_file, flags))
        rec = recommend(answers, catalogue, s.today, limit=limit, include_ended=include_ended)
        export_consultation(s, target, rec, catalogue, options)


SEARCH_FILTERS = frozenset({"region", "goals", "client", "status", "age"})


def _option(key: str) -> str:
    return {"goals": "--goal", "answers": "--answers"}.get(key, f"--{key.replace('_', '-')}")


def _entries(catalogue: "Catalogue", ids: Sequence[str]) -> list["Entry"]:
    """The entries in the order given, each once; an unknown id fails with suggestions."""
    return [catalogue.get(entry_id) for entry_id in dict.fromkeys(ids)]
