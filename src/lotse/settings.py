"""What a command run depends on besides its arguments: language, overlays, streams, the date.

Held in one object so that tests replace it instead of patching globals.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from lotse.i18n import LANGS, Messages

T = Messages({
    "bad_yaml": ("{path} ist kein gültiges YAML ({error}); die Datei korrigieren oder entfernen.",
                 "{path} is not valid YAML ({error}); fix or remove it."),
    "other_keys": ("{path}: nur `region: ORT` wird gelesen; die anderen Schlüssel korrigieren oder entfernen.",
                   "{path}: only `region: PLACE` is read; fix or remove the other keys."),
})

if TYPE_CHECKING:
    from rich.console import Console


def resolve_lang(option: str | None, environ: Mapping[str, str] = os.environ, *,
                 argv: Sequence[str] = ()) -> str:
    """--lang, else LOTSE_LANG, else the locale, else German. Without `option`, --lang is looked
    for in `argv` (for an error met before the options are parsed, or while they are)."""
    if option is None:
        option = lang_option(argv)
    for candidate in (option, environ.get("LOTSE_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGS:
                return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            code = value.lower()[:2]
            return code if code in LANGS else "de"
    return "de"


def lang_option(argv: Sequence[str]) -> str | None:
    """The value of the last --lang in `argv` (`--lang en` or `--lang=en`), up to a `--`."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
    return found


def config_file(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's lotse config file: $XDG_CONFIG_HOME/lotse/config.yaml (~/.config on Linux)."""
    if sys.platform == "linux" or environ.get("XDG_CONFIG_HOME"):
        base = environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return Path(base, "lotse", "config.yaml")
    from platformdirs import user_config_dir

    return Path(user_config_dir("lotse", appauthor=False), "config.yaml")


def home_region(environ: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """The adviser's own region as typed, and where it was set: LOTSE_REGION, else `region:` in
    the config file. None when neither sets one."""
    if environ.get("LOTSE_REGION", "").strip():
        return environ["LOTSE_REGION"].strip(), "LOTSE_REGION"
    path = config_file(environ)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    import yaml

    from lotse.errors import UsageError

    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(T.text("bad_yaml", path=path, error=exc.__class__.__name__)) from None
    if config is None:
        return None
    if not isinstance(config, dict) or set(config) - {"region"}:
        raise UsageError(T.text("other_keys", path=path))
    value = config.get("region")
    return (str(value), str(path)) if value not in (None, "") else None


class Settings:
    """Everything a command run depends on besides its arguments, injectable as httpie's
    `Environment` is: language, overlays, the day, the streams, the environment variables (and
    through them the cache folder, the home region, NO_COLOR). Tests pin the day and replace the
    streams and variables instead of patching globals.

    A plain class, not a Struct: every command needs it, before it needs msgspec."""

    def __init__(self, lang: str = "de", overlays: list[Path] | None = None, today: dt.date | None = None,
                 stdout: TextIO | None = None, stderr: TextIO | None = None, stdin: TextIO | None = None,
                 environ: Mapping[str, str] | None = None):
        self.lang = lang
        self.overlays = overlays or []
        self.given_overlays: list[Path] = []  # --catalog as given, before LOTSE_CATALOG is added
        self.today = today or dt.date.today()
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.stdin = stdin or sys.stdin
        self.environ: Mapping[str, str] = os.environ if environ is None else environ

    @property
    def interactive(self) -> bool:
        """Questions can be asked: a person at a terminal on both ends."""
        return _isatty(self.stdin) and _isatty(self.stdout)

    @property
    def no_color(self) -> bool:
        return bool(self.environ.get("NO_COLOR"))

    def console(self, stderr: bool = False) -> Console:
        """A rich Console on stdout or stderr; plain text when not a terminal or NO_COLOR."""
        from rich.console import Console

        stream = self.stderr if stderr else self.stdout
        tty = _isatty(stream)
        plain = not tty or self.no_color
        # color_system=None: no escape code at all, bold and italic included (no-color.org).
        return Console(file=stream, no_color=plain, color_system=None if plain else "auto",
                       force_terminal=False if not tty else None, highlight=False,
                       soft_wrap=False, width=None if tty else 100)

    def warn(self, message: str) -> None:
        print(message, file=self.stderr)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
