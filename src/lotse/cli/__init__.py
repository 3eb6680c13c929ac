"""The `lotse` command line, built with Typer: parses, calls the library, renders, exits.

All errors meet in `run`: a LotseError becomes one message in the UI language on stderr and its
exit code; a usage error (an unknown option, a missing value) is worded anew with the command's
usage line (`lotse.cli.framework`); Ctrl-C becomes "Abgebrochen." / "Aborted." and 130. Tracebacks
never show local variables (a client's answers are sensitive), and lotse's own errors never show a
traceback at all.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from lotse.errors import ExitCode, LotseError
from lotse.settings import Settings, resolve_lang


def run(argv: Sequence[str] | None = None, *, today: dt.date | None = None,
        environ: Mapping[str, str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """Run the command line and return the exit code instead of exiting. Tests pass the day (what
    is current, stale or ended depends on it), and may pass the environment and the streams."""
    args = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    lang = resolve_lang(None, environ, argv=args)  # before anything is parsed: help is made in it
    s = Settings(lang=lang, today=today, stdin=stdin, stdout=stdout, stderr=stderr, environ=environ)
    try:
        from typer import Abort
        from typer._click.exceptions import UsageError  # Typer carries its own Click

        from lotse.cli.app import build, help_vocabulary
        from lotse.cli.framework import usage_message

        vocabulary = help_vocabulary(s) if {"-h", "--help"} & set(args) else None
        try:
            code = build(lang, vocabulary).main(args=args, prog_name="lotse", standalone_mode=False, obj=s)
        except UsageError as exc:
            print(f"lotse: {usage_message(exc, s.lang)}", file=s.stderr)
            return int(ExitCode.USAGE)
        except Abort:
            raise KeyboardInterrupt from None
        if code == ExitCode.ABORTED:  # Typer's word for Ctrl-C
            raise KeyboardInterrupt
        return int(code or 0)
    except LotseError as exc:
        print(f"lotse: {exc.text(s.lang)}", file=s.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        from lotse.cli.help import WORDS

        print(WORDS("aborted", s.lang), file=s.stderr)
        return int(ExitCode.ABORTED)
    except BrokenPipeError:
        return 0
    except SystemExit as exc:  # shell completion answers, and exits
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)


def main() -> None:
    """The `lotse` command: run, then leave without the interpreter's teardown (`lotse.store.speed`)."""
    from lotse.store.speed import leave, start

    start()
    leave(run())
