"""The `lotse` command line: parses, calls the library, renders, exits.

All errors meet in `run`: a LotseError becomes one message on stderr and its exit code; Ctrl-C
becomes "Aborted." and 130. Tracebacks never show local variables (a client's answers are
sensitive), and domain errors never show a traceback at all.
"""


import functools
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from lotse import __version__
from lotse.errors import ExitCode, LotseError
from lotse.settings import Settings, resolve_lang

app = typer.Typer(
    name="lotse",
    help="lotse: referral assistant for migration and labour-market advice in Germany.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"lotse {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Annotated[Optional[list[Path]], typer.Option(
        "--catalog", metavar="DIR",
        help="Add a local catalogue folder or file (repeatable; also LOTSE_CATALOG).")] = None,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", metavar="de|en", help="UI language (else LOTSE_LANG, else the locale, else de).")] = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """lotse: referral assistant for migration and labour-market advice in Germany."""
    from lotse.catalogue import overlay_paths

    if lang is not None and lang not in ("de", "en"):
        raise typer.BadParameter(f"{lang!r} is not a UI language; use de or en.", param_hint="--lang")
    ctx.obj = Settings(lang=resolve_lang(lang), overlays=overlay_paths(catalog or []))


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def load(ctx: typer.Context):
    """The catalogue for this run (bundled + overlays)."""
    from lotse.catalogue import load_catalogue
    from lotse.index_cache import cache_dir

    return load_catalogue(settings(ctx).overlays, cache_dir=cache_dir())


from lotse.cli import ask as _ask  # noqa: E402  (command modules need `app` above)
from lotse.cli import catalog as _catalog  # noqa: E402
from lotse.cli import coverage as _coverage  # noqa: E402
from lotse.cli import export as _export  # noqa: E402
from lotse.cli import search as _search  # noqa: E402

app.command("ask")(_ask.ask)
app.command("explain")(_ask.explain)
app.add_typer(_catalog.catalog_app, name="catalog")
app.command("show")(_catalog.show)
app.command("search")(_search.search)
app.command("coverage")(_coverage.coverage)
app.command("export")(_export.export)


@functools.cache
def _command():
    """The click command Typer builds from `app`; built once per process, not once per run."""
    return typer.main.get_command(app)


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


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code instead of exiting (tests call this)."""
    args = hoist_global_options(sys.argv[1:] if argv is None else list(argv))
    try:
        _command().main(args=args, prog_name="lotse")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code == ExitCode.ABORTED:
            print("Aborted.", file=sys.stderr)
        return code
    except LotseError as exc:
        print(f"lotse: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("Aborted.", file=sys.stderr)
        return int(ExitCode.ABORTED)
    except BrokenPipeError:
        return 0
    return 0


def main() -> None:
    sys.exit(run())
