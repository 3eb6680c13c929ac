"""Typer in the UI language: the command and group classes lotse's commands use, the help panels'
titles, and the framework's usage errors worded anew.

Typer (and the Click it carries) writes its own words in English: "Usage:", "Options", "Show this
message and exit.", "No such option". The classes here take the usage line and the help option
from `lotse.cli.help.WORDS`, `set_language` sets the help panels' titles, and `usage_message`
turns each usage error into one sentence in the UI language with the command's usage line.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from typer import core

from lotse.cli.help import WORDS

if TYPE_CHECKING:
    from typer import _click
    from typer._click.exceptions import UsageError

def _lang(ctx: _click.Context) -> str:
    """The UI language, from the run's settings (the root context's object)."""
    return str(getattr(ctx.find_root().obj, "lang", "de"))


class _Localised:
    """The usage line, the help option and the help page's panels in the UI language."""

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        set_language(_lang(ctx))
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=WORDS("usage", _lang(ctx)))

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            from lotse.cli.help import HELP

            option.help = HELP("opt.help", _lang(ctx))
            option.display_type_rich = lambda ctx: None
        return option


class Command(_Localised, core.TyperCommand):
    pass


class Group(_Localised, core.TyperGroup):
    pass


def set_language(lang: str) -> None:
    """Typer's help panels and markers in `lang` (they are module settings of typer.rich_utils,
    which is imported only for a help page: with rich's Markdown it costs 80 ms)."""
    from typer import rich_utils

    for name, key in (("OPTIONS_PANEL_TITLE", "options"), ("ARGUMENTS_PANEL_TITLE", "arguments"),
                      ("COMMANDS_PANEL_TITLE", "commands"), ("ERRORS_PANEL_TITLE", "error"),
                      ("ABORTED_TEXT", "aborted"), ("REQUIRED_LONG_STRING", "required"),
                      ("ENVVAR_STRING", "env_var"), ("DEPRECATED_STRING", "deprecated"),
                      ("RANGE_STRING", "range")):
        setattr(rich_utils, name, WORDS(key, lang))
    from lotse.cli.help import HELP

    rich_utils.DEFAULT_STRING = HELP("default", lang)


def usage_message(exc: UsageError, lang: str) -> str:
    """A usage error as lotse says it: what is wrong, the command's usage line, where help is."""
    from typer._click import exceptions as click_errors

    ctx = exc.ctx
    if isinstance(exc, click_errors.NoSuchOption):
        text = WORDS("no_such_option", lang, name=exc.option_name)
        known = [opt for param in (ctx.command.get_params(ctx) if ctx else ()) for opt in param.opts]
        close = difflib.get_close_matches(exc.option_name, known, n=2, cutoff=0.75)
        if close:
            text += " " + WORDS("did_you_mean", lang, names=", ".join(close))
    elif isinstance(exc, click_errors.BadOptionUsage):
        text = WORDS("needs_value", lang, name=exc.option_name)
    elif isinstance(exc, click_errors.MissingParameter):
        param = exc.param
        name = (param.metavar or (param.opts[0] if param.opts else param.name)) if param else "?"
        text = WORDS("missing_argument", lang, name=name)
    elif isinstance(exc, click_errors.NoArgsIsHelpError):  # its help page is already shown
        text = WORDS("missing_command", lang, commands=_command_names(ctx))
    elif isinstance(exc, click_errors.BadParameter):
        name = "/".join(exc.param.opts) if exc.param is not None else "?"
        text = WORDS("invalid", lang, name=name)
    else:
        text = _known_message(exc.message, ctx, lang)
    lines = [text]
    if ctx is not None:
        lines.append(ctx.command.get_usage(ctx))
        lines.append(WORDS("try_help", lang, command=ctx.command_path))
    return "\n".join(lines)


def _command_names(ctx: _click.Context | None) -> str:
    """The commands of the group the error is about, for the message."""
    group = ctx.command if ctx is not None else None
    return ", ".join(sorted(group.list_commands(ctx))) if isinstance(group, core.TyperGroup) and ctx else ""


def _known_message(message: str, ctx: _click.Context | None, lang: str) -> str:
    """The usage errors Click words itself, in `lang`."""
    commands = _command_names(ctx)
    found = re.fullmatch(r"No such command (.+)\.", message)
    if found:
        return WORDS("no_such_command", lang, name=found.group(1), commands=commands)
    if message == "Missing command.":
        return WORDS("missing_command", lang, commands=commands)
    found = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if found:
        return WORDS("extra_arguments", lang, args=found.group(1))
    return message
