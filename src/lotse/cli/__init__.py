"""The `lotse` command line: parses, calls the library, renders, exits.

Built on argparse: advisers start lotse many times a day on old laptops, and importing Typer alone
took five times as long as starting Python here (benchmarks/). Only the command being run has its
module imported and its options added (`COMMANDS`, each module's `configure`), and handlers import
the domain code they need when they run.

All errors meet in `run`: a LotseError, argparse's usage errors included, becomes one message on
stderr and its exit code; Ctrl-C becomes "Aborted." and 130. Tracebacks never show local variables
(a client's answers are sensitive), and domain errors never show a traceback at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from lotse import __version__
from lotse.errors import ExitCode, LotseError, UsageError
from lotse.settings import Settings, resolve_lang

if TYPE_CHECKING:
    from lotse.model.catalogue import Catalogue

Handler = Callable[[argparse.Namespace, Settings], None]


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so that `run` reports usage errors like any other."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs, add_help=False, formatter_class=Formatter)
        self.add_argument("-h", "--help", action="help", help="Show this help and exit.")

    def error(self, message: str) -> NoReturn:
        if message.endswith("expected one argument"):
            message += " (a value that starts with - is written --option=VALUE)"
        raise UsageError(f"{message}\n{self.format_usage().rstrip()}\nSee `{self.prog} --help`.")


class Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=terminal_width(), max_help_position=30)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        if action.nargs == argparse.PARSER:  # the commands, without argparse's "COMMAND" line above them
            text = text.split("\n", 1)[1]
        return text


@functools.cache
def terminal_width() -> int:
    """What `shutil.get_terminal_size` gives, less two as argparse takes it: argparse makes a
    formatter for every option it adds, and would import shutil (and with it bz2 and lzma) and ask
    the terminal each time."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns, 40) - 2


# Every command: the module that defines it (imported only when the command is run or its help
# shown) and its line in `lotse --help`, in the order shown there.
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("ask", "Run a consultation: answer a few questions, get ranked services with reasons and "
                   "next steps."),
    "explain": ("ask", "Say rule by rule why one service is or is not recommended for these answers."),
    "show": ("catalog", "Show one entry in full, including which file it came from."),
    "search": ("search", "Search the catalogue; exit 1 when nothing matches."),
    "coverage": ("coverage", "How many current services serve each goal in each region, beyond the "
                             "nationwide ones; gaps are marked."),
    "export": ("export", "Write a contact sheet from saved answers, from ids, or from a search."),
    "catalog": ("catalog", "Check, browse, maintain and exchange the service catalogue."),
}


def add_command(commands: argparse._SubParsersAction, name: str, summary: str, details: str = "",
                handler: Handler | None = None) -> Parser:
    """A command's parser; `summary` is its line in the list of commands, `details` follow it in the
    command's own help."""
    parser: Parser = commands.add_parser(name, help=summary.rstrip("."),
                                         description=f"{summary} {details}".strip())
    parser.set_defaults(handler=handler)
    return parser


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_format(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """`-f/--format`, the first of `formats` the default."""
    parser.add_argument("-f", "--format", choices=formats, default=formats[0], metavar="FORMAT",
                        help=f"Output format: {', '.join(formats)} (default: %(default)s).")


def build_parser(argv: Sequence[str] = ()) -> Parser:
    """The parser for `argv`: every command is listed, but only the one `argv` runs gets its options."""
    import importlib

    parser = Parser(prog="lotse", description="lotse: referral assistant for migration and labour-market "
                                              "advice in Germany.",
                    epilog="Run `lotse COMMAND --help` for a command's options. Exit codes: 0 success, "
                           "1 no results, 2 usage error, 3 invalid catalogue, 4 output not written, "
                           "130 aborted.")
    parser.add_argument("--catalog", action="append", type=Path, metavar="DIR",
                        help="Add a local catalogue folder or file (repeatable; also LOTSE_CATALOG).")
    parser.add_argument("--lang", choices=("de", "en"),
                        help="UI language (else LOTSE_LANG, else the locale, else de).")
    parser.add_argument("--version", action="version", version=f"lotse {__version__}",
                        help="Show the version and exit.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    chosen = chosen_command(argv)
    for name, (module, summary) in COMMANDS.items():
        if name == chosen:
            importlib.import_module(f"lotse.cli.{module}").configure(commands, name, summary)
        else:
            commands.add_parser(name, help=summary.rstrip("."))
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command `argv` names, global options being in front (see `hoist_global_options`)."""
    i = 0
    while i < len(argv):
        if argv[i] in GLOBAL_OPTIONS:
            i += 2
        elif argv[i].startswith("-"):
            i += 1
        else:
            return argv[i]
    return None


def load(s: Settings) -> Catalogue:
    """The catalogue for this run (bundled + overlays)."""
    from lotse.store.cache.image import cache_dir, unsafe
    from lotse.store.catalogue import load_catalogue

    directory: Path | None = cache_dir()
    problem = unsafe(directory) if directory is not None else None
    if problem:
        s.warn(f"lotse: {problem}: running without the cache (make it the user's own, mode 700, "
               "or set LOTSE_CACHE_DIR).")
        directory = None
    from lotse.cli.progress import RebuildProgress
    from lotse.store.speed import settle

    progress = RebuildProgress(lambda: s.console(stderr=True), s.lang)
    try:
        catalogue = load_catalogue(s.overlays, cache_dir=directory, progress=progress)
    finally:
        progress.close()
    settle()
    return catalogue


GLOBAL_OPTIONS = ("--lang", "--catalog")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move --lang and --catalog to the front, so they work after the command too.

    `lotse ask --lang en` reads as naturally as `lotse --lang en ask`; no command has options of
    these names, so moving them cannot change what another option means. `--` ends the scan.
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and ("=" in arg or i + 1 < len(argv)):
            width = 1 if "=" in arg else 2
            front += argv[i:i + width]
            i += width
            continue
        rest.append(arg)
        i += 1
    return front + rest


def dispatch(argv: list[str], today: dt.date | None = None) -> None:
    argv = hoist_global_options(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:  # `lotse` or `lotse catalog` alone: show what there is to run
        getattr(args, "group", parser).print_help()
        raise SystemExit(ExitCode.USAGE)
    from lotse.store.catalogue import overlay_paths

    handler(args, Settings(lang=resolve_lang(args.lang), overlays=overlay_paths(args.catalog or []), today=today))


def run(argv: list[str] | None = None, *, today: dt.date | None = None) -> int:
    """Run the CLI and return the exit code instead of exiting (tests call this, with the day
    pinned: what is current, stale or ended depends on it)."""
    try:
        dispatch(sys.argv[1:] if argv is None else list(argv), today)
    except SystemExit as exc:  # --help, --version, and the commands' own exits
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except LotseError as exc:
        print(f"lotse: {exc.text(resolve_lang(None, argv=sys.argv[1:] if argv is None else argv))}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("Aborted.", file=sys.stderr)
        return int(ExitCode.ABORTED)
    except BrokenPipeError:
        return 0
    return 0


def main() -> None:
    """The `lotse` command: run, then leave without the interpreter's teardown (`lotse.store.speed`)."""
    from lotse.store.speed import leave

    leave(run())
