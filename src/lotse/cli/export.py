"""`lotse export`, and the sheet output that `lotse ask --export` and the interactive offer share.

The target is checked before any work is done (format, an existing file), so that a typo in the
file name fails at once rather than after a consultation; the write itself is atomic
(`lotse.output`), so a failure leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from msgspec import Struct

from lotse.cli import add_command, load, positive_int
from lotse.cli.ask import (
    add_answer_options,
    answer_flags,
    complete_answers,
    read_answers,
)
from lotse.cli.sheet_options import SheetOptions, add_sheet_options
from lotse.errors import LotseError, UsageError
from lotse.i18n import Messages
from lotse.present.sheets.formats import STDOUT, SheetFormat, choose_format
from lotse.settings import Settings

if TYPE_CHECKING:
    from lotse.domain.rules import Recommendation
    from lotse.model.catalogue import Catalogue
    from lotse.present.sheets.sheet import Sheet

T = Messages({
    "wrote": ("Kontaktblatt geschrieben: {path}", "Contact sheet written: {path}"),
    "offer": ("Die Ergebnisse als Kontaktblatt speichern?", "Save the results as a contact sheet?"),
    "language": ("Sprache des Kontaktblatts?", "Language of the contact sheet?"),
    "path": ("Dateiname (.pdf, .html, .md, .csv, .vcf oder .json):",
             "File name (.pdf, .html, .md, .csv, .vcf or .json):"),
    "default_file": ("kontaktblatt.pdf", "contact-sheet.pdf"),
    "no_stdout": ("Einen Dateinamen angeben.", "Give a file name."),
})


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
        raise UsageError("lotse ask prints its results on stdout; give --export a file name, or use "
                         "`lotse export --answers FILE` to write a sheet to stdout.")
    chosen = choose_format(path, fmt, excel)
    if path != STDOUT:
        from lotse.output import check_target

        check_target(Path(path), force)
    return SheetTarget(path, chosen, force, excel)


def write_sheet(s: Settings, target: SheetTarget, sheet: Sheet) -> None:
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
    """The real terminal prompts; Ctrl-C raises KeyboardInterrupt (`unsafe_ask`)."""

    def confirm(self, message: str) -> bool:
        import questionary

        return questionary.confirm(message, default=False).unsafe_ask()

    def select(self, message: str, choices: Sequence[tuple[str, str]], default: str) -> str:
        import questionary

        items = [questionary.Choice(title, value=value) for value, title in choices]
        return str(questionary.select(message, choices=items, default=default).unsafe_ask())

    def path(self, message: str, validate: Callable[[str], str | None], default: str) -> str:
        import questionary

        # Checked on Enter, not per key: "kontaktblatt.p" is not yet a name worth an error.
        return questionary.path(message, default=default, validate=lambda v: validate(v) or True,
                                validate_while_typing=False).unsafe_ask()


def offer_export(prompter: ExportPrompter, s: Settings, rec: Recommendation, catalogue: Catalogue,
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
            return str(exc)
        return None

    path = prompter.path(T("path", s.lang), validate, T("default_file", options.language(s)))
    export_consultation(s, check(path), rec, catalogue, options)


def export_consultation(s: Settings, target: SheetTarget, rec: Recommendation, catalogue: Catalogue,
                        options: SheetOptions) -> None:
    from lotse.present.sheets.sheet import sheet_for_recommendation

    write_sheet(s, target, sheet_for_recommendation(rec, catalogue, options.sheet_language(s, catalogue), s.today,
                                                    options.note or ""))


def configure(commands: argparse._SubParsersAction, name: str, summary: str) -> None:
    parser = add_command(commands, name, summary, "Answers come from --answers and the answer options; "
                         "a search from --query and its filters.", export)
    parser.add_argument("ids", nargs="*", metavar="ID",
                        help="Services to put on the sheet, in this order (see `lotse catalog list`).")
    parser.add_argument("--query", metavar="WORDS", help="The services `lotse search WORDS` finds, with "
                        "--region, --goal, --client, --status, --age, --kind and --level as its filters.")
    add_answer_options(parser)
    parser.add_argument("--kind", action="append", help="With --query: only this kind (repeatable).")
    parser.add_argument("--level", action="append", help="With --query: only this level (repeatable).")
    parser.add_argument("-o", "--output", metavar="FILE", default=STDOUT, help="The file to write; its "
                        "extension gives the format. - (the default) writes to stdout.")
    formats = [f.value for f in SheetFormat]
    parser.add_argument("-f", "--format", choices=formats, metavar="FORMAT", help=f"{', '.join(formats)}: "
                        "the format, if not the file's extension (- defaults to md).")
    add_sheet_options(parser)
    parser.add_argument("--limit", type=positive_int, default=8, metavar="N",
                        help="At most N services from answers or a search (default: %(default)s).")
    parser.add_argument("--include-ended", action="store_true", help="Also list ended programmes.")


def export(args: argparse.Namespace, s: Settings) -> None:
    from lotse.present.sheets.sheet import sheet_for_entries, sheet_for_search

    options = SheetOptions.from_args(args)
    options.check(s)
    target = sheet_target(args.output, SheetFormat(args.format) if args.format else None, args.force,
                          args.excel)
    flags = answer_flags(args)
    given = {key for key, value in flags.items() if value not in (None, [], ())}
    if args.answers_file is not None:
        given.add("answers")
    if args.ids and args.query is not None:
        raise UsageError("Give either ids or --query, not both.")
    if (args.kind or args.level) and args.query is None:
        raise UsageError("--kind and --level filter a search; use them with --query.")
    catalogue = load(s)
    language = options.sheet_language(s, catalogue)
    note = args.note or ""
    if args.ids:
        if given:
            raise UsageError("Give either ids or answers (--answers and the answer options), not both.")
        write_sheet(s, target, sheet_for_entries(_entries(catalogue, args.ids), catalogue, language, s.today, note))
    elif args.query is not None:
        from lotse.domain.search import NoResultsError, Query, make_filters, search

        not_filters = sorted(given - SEARCH_FILTERS)
        if not_filters:
            names = ", ".join(_option(key) for key in not_filters)
            raise UsageError(f"{names}: not a search filter; with --query use "
                             f"{', '.join(_option(key) for key in sorted(SEARCH_FILTERS))}, --kind and --level.")
        filters = make_filters(catalogue, s.lang, region=args.region, goals=args.goals or (), client=args.client,
                               status=args.status, age=args.age, kinds=args.kind or (), levels=args.level or (),
                               include_ended=args.include_ended)
        result = search(catalogue, Query.parse(args.query), filters, s.today, args.limit)
        if not result.hits:
            raise NoResultsError()
        write_sheet(s, target, sheet_for_search(result, catalogue, language, s.today, note))
    else:
        from lotse.domain.rules import recommend

        answers = complete_answers(s, catalogue, read_answers(s, catalogue, args.answers_file, flags))
        rec = recommend(answers, catalogue, s.today, limit=args.limit, include_ended=args.include_ended)
        export_consultation(s, target, rec, catalogue, options)


SEARCH_FILTERS = frozenset({"region", "goals", "client", "status", "age"})


def _option(key: str) -> str:
    return {"goals": "--goal", "answers": "--answers"}.get(key, f"--{key.replace('_', '-')}")


def _entries(catalogue: Catalogue, ids: Sequence[str]):
    """The entries in the order given, each once; an unknown id fails with suggestions."""
    return [catalogue.get(entry_id) for entry_id in dict.fromkeys(ids)]
