"""lotse's exception family and exit codes.

Domain code raises these; the CLI turns them into one message on stderr and an exit code in one
place (`lotse.cli.run`). Exit codes are a documented contract (README, "Exit codes").
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lotse.model.problems import Problem


class ExitCode(IntEnum):
    OK = 0
    NO_RESULTS = 1  # search found nothing (like grep)
    USAGE = 2  # bad option, unknown id/region/value, missing answers
    CATALOGUE = 3  # the catalogue (bundled or overlay) is broken
    OUTPUT = 4  # a file could not be written
    ABORTED = 130  # Ctrl-C


class LotseError(Exception):
    """Base of every error lotse reports to the user; `str()` is the message."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(LotseError):
    """The user asked for something that does not exist or does not fit together."""

    exit_code = ExitCode.USAGE


class CatalogueError(LotseError):
    """The catalogue cannot be used; carries every problem found, not just the first."""

    exit_code = ExitCode.CATALOGUE

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = [f"The catalogue has {count} problem{'s' if count != 1 else ''}:"]
        lines += [f"  {p}" for p in problems]
        lines.append("Fix the file(s) named above; `lotse catalog validate PATH` checks them.")
        super().__init__("\n".join(lines))


class InputError(LotseError):
    """Data to import (an HSDS directory, the goal map it is read with) cannot be used; carries
    every problem found, each with its file and record. Exit code 3, like a broken catalogue."""

    exit_code = ExitCode.CATALOGUE

    def __init__(self, problems: list[Problem], what: str = "The HSDS data"):
        self.problems = problems
        count = len(problems)
        lines = [f"{what} has {count} problem{'s' if count != 1 else ''}:"]
        lines += [f"  {p}" for p in problems]
        lines.append("Nothing was imported: fix the file(s) named above, or ask whoever publishes them.")
        super().__init__("\n".join(lines))


class OutputError(LotseError):
    """A result could not be written where the user asked."""

    exit_code = ExitCode.OUTPUT


def echo(value: object, limit: int = 60) -> str:
    """A value as an error message may show it: bounded (a 20 MB answer, a YAML alias bomb) and
    with control characters escaped, so that no input reaches the terminal raw."""
    import reprlib

    bounded = reprlib.Repr()
    bounded.maxstring = bounded.maxother = limit
    bounded.maxlist = bounded.maxtuple = bounded.maxdict = bounded.maxset = 4
    bounded.maxlevel = 2
    return bounded.repr(value)
