"""The Typer application: its commands, the global options, and its words in the UI language.

`build(lang)` makes the app for one run: the language is known before (`lotse.settings.resolve_lang`),
so that every help text, panel and usage line is in it. Commands are declared in their modules with
help keys; `_word` replaces each key by its text and fails on a key that has no text.

The command modules (ask, search, catalog, coverage, export) do without `from __future__ import
annotations`: Typer reads a command's parameter annotations on every run, and as strings each
would first be compiled and evaluated (5 ms of the 10 it took to build `ask`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import Enum
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from lotse import __version__
from lotse.cli.framework import Command, Group
from lotse.cli.help import HELP, WORDS
from lotse.cli.options import Catalog, Lang
from lotse.present.formats import AskFormat, ListFormat, SearchFormat, SheetFormat
from lotse.settings import Settings

if TYPE_CHECKING:
    from typer import _click

    from lotse.model.catalogue import Catalogue
    from lotse.model.vocabulary import Vocabulary
    from lotse.present.renderers import Rendered


def context_settings() -> dict[str, Any]:
    return {"help_option_names": ["-h", "--help"]}


def new_app(help_key: str, cls: type[Group] = Group) -> typer.Typer:
    return typer.Typer(cls=cls, help=help_key, rich_markup_mode="rich", add_completion=False,
                       pretty_exceptions_enable=False, no_args_is_help=True,
                       context_settings=context_settings())


def command(app: typer.Typer, name: str, help_key: str) -> Any:
    """`app.command` for lotse: localised usage and help option, -h as well as --help."""
    return app.command(name, cls=Command, help=help_key, context_settings=context_settings())


def settings(ctx: typer.Context, lang: str | None = None, catalog: Sequence[Path] | None = None) -> Settings:
    """The run's settings, with a command's own --lang and --catalog (given after the command)."""
    from lotse.store.catalogue import overlay_paths

    s: Settings = ctx.find_root().obj
    if lang is not None:
        s.lang = lang
    if catalog:
        s.overlays = overlay_paths([*s.given_overlays, *catalog], s.environ)
    return s


def load(s: Settings) -> Catalogue:
    """The catalogue for this run (bundled + overlays), through the cache, with a progress bar on
    a terminal when a rebuild takes longer than a second."""
    from lotse.cli.progress import RebuildProgress
    from lotse.store.cache.image import cache_dir, unsafe
    from lotse.store.catalogue import load_catalogue
    from lotse.store.speed import settle

    directory: Path | None = cache_dir(s.environ)
    problem = unsafe(directory) if directory is not None else None
    if problem:
        s.warn(WORDS("unsafe_cache", s.lang, problem=problem))
        directory = None
    progress = RebuildProgress(lambda: s.console(stderr=True), s.lang)
    try:
        catalogue = load_catalogue(s.overlays, cache_dir=directory, progress=progress)
    finally:
        progress.close()
    settle()
    return catalogue


def help_vocabulary(s: Settings) -> Vocabulary | None:
    """The vocabulary, for help pages that list values with their labels; None when the catalogue
    cannot be read (help is shown all the same, with the values' names only)."""
    from lotse.errors import LotseError
    from lotse.store.catalogue import overlay_paths

    s.overlays = overlay_paths([], s.environ)
    try:
        return load(s).vocabulary
    except (LotseError, OSError):
        return None


def emit(s: Settings, rendered: Rendered) -> None:
    """Text (JSON, CSV, ids) to stdout as it is; a rich renderable through the terminal."""
    if isinstance(rendered, str):
        s.stdout.write(rendered)
    else:
        s.console().print(rendered)


def _version(value: bool) -> None:
    if value:
        print(f"lotse {__version__}")
        raise typer.Exit()


# Each command and the module that declares it, in the order help lists them.
COMMANDS: dict[str, str] = {"ask": "ask", "explain": "ask", "search": "search", "show": "catalog",
                            "catalog": "catalog", "coverage": "coverage", "export": "export"}


class Root(Group):
    """The `lotse` group, building a command only when it is asked for (Click's lazy group): a run
    imports and builds the options of its own command, not of all thirteen, about 50 ms less per
    run (benchmarks/run.py). Help, completion and "did you mean" see every command through
    `list_commands`."""

    lang: str = "de"
    vocabulary: Vocabulary | None = None

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: _click.Context | None, cmd_name: str) -> _click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            app = new_app("app")
            import_module(f"lotse.cli.{COMMANDS[cmd_name]}").register(app, cmd_name)
            command = typer.main.get_group(app).commands[cmd_name]
            _word(command, self.lang, self.vocabulary)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


def build(lang: str, vocabulary: Vocabulary | None = None) -> Root:
    """The command line in `lang`; with the `vocabulary` (for a help page), help lists the values'
    labels."""
    app = new_app("app", Root)

    @app.callback(epilog="app.epilog", options_metavar="options_metavar",
                  subcommand_metavar="command_metavar")
    def root(ctx: typer.Context, lang: Lang = None, catalog: Catalog = None,
             version: bool = typer.Option(False, "--version", help="opt.version", callback=_version,
                                          is_eager=True)) -> None:
        from lotse.store.catalogue import overlay_paths

        s: Settings = ctx.obj
        s.given_overlays = list(catalog or [])
        s.overlays = overlay_paths(s.given_overlays, s.environ)
        if lang is not None:
            s.lang = lang

    cli = typer.main.get_group(app)
    assert isinstance(cli, Root)
    cli.lang, cli.vocabulary = lang, vocabulary
    _word(cli, lang, vocabulary)
    _add_completion(cli, lang)
    return cli


def _commands(cli: _click.Command) -> Iterator[_click.Command]:
    yield cli
    for sub in getattr(cli, "commands", {}).values():
        yield from _commands(sub)


# The options with a fixed set of values, and the vocabulary field that holds them.
VOCABULARY_OPTIONS = {"--client": "client", "--status": "status", "--qualification": "qualification",
                      "--goal": "goal", "--gender": "gender", "--sector": "sector", "--kind": "kind",
                      "--level": "level"}
FORMAT_OPTIONS: dict[str, type[Enum]] = {"ask": AskFormat, "search": SearchFormat, "list": ListFormat,
                                         "stale": ListFormat,
                  "coverage": ListFormat, "export": SheetFormat}


def _values(command: _click.Command, param: _click.Parameter, lang: str,
            vocabulary: Vocabulary | None) -> str | None:
    """The values an option takes, with their labels in `lang` where the vocabulary has them."""
    opts = set(param.opts)
    if "--format" in opts and command.name in FORMAT_OPTIONS:
        return ", ".join(f.value for f in FORMAT_OPTIONS[command.name])
    if "--german-level" in opts:
        from lotse.model.entry import GERMAN_LEVELS

        return ", ".join(GERMAN_LEVELS)
    field = next((VOCABULARY_OPTIONS[o] for o in param.opts if o in VOCABULARY_OPTIONS), None)
    if field is None or vocabulary is None:
        return None
    return ", ".join(f"{value} ({vocabulary.label(field, value, lang)})" for value in vocabulary.values(field))


def _word(cli: _click.Command, lang: str, vocabulary: Vocabulary | None) -> None:
    """Replace every help key by its text in `lang`, list each option's values (with the
    vocabulary's labels when help is shown); only options that take a value show its name."""
    for command in _commands(cli):
        command.help = HELP(command.help, lang) if command.help else None
        command.short_help = None
        if command.epilog:
            command.epilog = HELP(command.epilog, lang)
        if command.options_metavar:
            command.options_metavar = WORDS("options_metavar", lang)
        if getattr(command, "subcommand_metavar", None):
            command.subcommand_metavar = WORDS("command_metavar", lang)  # type: ignore[attr-defined]
        for param in command.params:
            if param.help:  # type: ignore[attr-defined]
                param.help = HELP(param.help, lang)  # type: ignore[attr-defined]
                values = _values(command, param, lang, vocabulary)
                if values:
                    param.help += " " + HELP("values", lang, values=values)  # type: ignore[attr-defined]
            panel = getattr(param, "rich_help_panel", None)
            if panel:
                param.rich_help_panel = HELP(panel, lang)  # type: ignore[attr-defined]
            if getattr(param, "is_flag", False) or param.param_type_name == "argument":
                _no_type(param)
            _complete_with(param)


def _no_type(param: _click.Parameter) -> None:
    """No type column in help for a flag or an argument (Typer would show `<bool>`, `<str>`)."""
    param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]


def _complete_with(param: _click.Parameter) -> None:
    """Complete the parameter from the catalogue (`lotse.cli.complete`): in any case and with
    umlauts spelt either way, which Typer's own completion would filter out."""
    from lotse.cli import complete

    found = complete.completer(param)
    if found is not None:
        param.shell_complete = (  # type: ignore[method-assign]
            lambda ctx, incomplete: complete.items(found(ctx, incomplete)))


def _add_completion(cli: _click.Command, lang: str) -> None:
    """Typer's --install-completion and --show-completion, worded in `lang`."""
    from typer.main import get_install_completion_arguments

    install, show = get_install_completion_arguments()
    for param, key in ((install, "opt.install_completion"), (show, "opt.show_completion")):
        param.help = HELP(key, lang)  # type: ignore[attr-defined]
        _no_type(param)
        if key == "opt.install_completion":
            param.callback = _installer(lang)
        cli.params.append(param)


def _installer(lang: str) -> Any:
    """Typer's installation, with its report in `lang`."""

    def install(ctx: _click.Context, param: _click.Parameter, value: Any) -> None:
        if not value or ctx.resilient_parsing:
            return
        from typer._completion_shared import install as install_script

        shell, path = install_script(shell=value) if isinstance(value, str) else install_script()
        print(WORDS("completion_installed", lang, shell=shell, path=path))
        raise typer.Exit()

    return install
