"""lotse's exception family and exit codes.

Domain code raises these; the CLI turns them into one message on stderr and an exit code in one
place (`lotse.cli.run`). Exit codes are a documented contract (README, "Exit codes").
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from lotse.i18n import Messages, Text, same

if TYPE_CHECKING:
    from lotse.model.problems import Problem

T = Messages({
    "problem": ("Der Katalog hat 1 Problem:", "The catalogue has 1 problem:"),
    "problems": ("Der Katalog hat {count} Probleme:", "The catalogue has {count} problems:"),
    "more": ("  … und {count} weitere: `lotse catalog validate` listet alle.",
             "  … and {count} more: `lotse catalog validate` lists them all."),
    "fix": ("Die oben genannten Dateien korrigieren; `lotse catalog validate PFAD` prüft sie.",
            "Fix the file(s) named above; `lotse catalog validate PATH` checks them."),
    # `what` names the input: in German in the dative ("den HSDS-Daten"), in English as a subject.
    "hsds_data": ("den HSDS-Daten", "The HSDS data"),
    "input_problem": ("1 Problem in {what}:", "{what} has 1 problem:"),
    "input_problems": ("{count} Probleme in {what}:", "{what} has {count} problems:"),
    "nothing_imported": ("Nichts importiert: die oben genannten Dateien korrigieren oder bei denen nachfragen, "
                         "die sie veröffentlichen.",
                         "Nothing was imported: fix the file(s) named above, or ask whoever publishes them."),
})

# What the operating system says when a file cannot be read or written, for the reasons an adviser
# or a maintainer meets; any other reason is shown as the system words it.
OS_REASONS = Messages({
    "ENOENT": ("Datei oder Ordner existiert nicht", "No such file or directory"),
    "EACCES": ("Zugriff verweigert", "Permission denied"),
    "EPERM": ("Vorgang nicht erlaubt", "Operation not permitted"),
    "EROFS": ("Dateisystem nur lesbar", "Read-only file system"),
    "ENOSPC": ("Kein Speicherplatz mehr frei", "No space left on device"),
    "EDQUOT": ("Speicherkontingent erschöpft", "Disk quota exceeded"),
    "EISDIR": ("Ist ein Ordner", "Is a directory"),
    "ENOTDIR": ("Ein Teil des Pfads ist kein Ordner", "Not a directory"),
    "ENAMETOOLONG": ("Dateiname zu lang", "File name too long"),
    "ELOOP": ("Zu viele Verknüpfungen hintereinander", "Too many levels of symbolic links"),
    "EIO": ("Ein- oder Ausgabefehler", "Input/output error"),
})


class ExitCode(IntEnum):
    OK = 0
    NO_RESULTS = 1  # search found nothing (like grep)
    USAGE = 2  # bad option, unknown id/region/value, missing answers
    CATALOGUE = 3  # the catalogue (bundled or overlay) is broken
    OUTPUT = 4  # a file could not be written
    ABORTED = 130  # Ctrl-C


class LotseError(Exception):
    """Base of every error lotse reports to the user, with its message in both UI languages
    (`text`); `str()` is the English one, for logs and tracebacks."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: Text):
        self.message = message
        super().__init__(message("en"))

    def text(self, lang: str) -> str:
        return self.message(lang)


class UsageError(LotseError):
    """The user asked for something that does not exist or does not fit together."""

    exit_code = ExitCode.USAGE


class CatalogueError(LotseError):
    """The catalogue cannot be used; carries every problem found, not just the first."""

    exit_code = ExitCode.CATALOGUE

    SHOWN = 20  # a broken folder of 20,000 entries must not bury the terminal

    def __init__(self, problems: list[Problem], every: bool = False):
        """`every`: list every problem (`catalog validate`), else the first `SHOWN`."""
        self.problems = problems
        self.shown = problems if every else problems[:self.SHOWN]
        super().__init__(Text("", ""))
        Exception.__init__(self, self.text("en"))

    def text(self, lang: str) -> str:
        lines = [T("problem" if len(self.problems) == 1 else "problems", lang, count=len(self.problems))]
        lines += [f"  {p.text(lang)}" for p in self.shown]
        if len(self.shown) < len(self.problems):
            lines.append(T("more", lang, count=len(self.problems) - len(self.shown)))
        lines.append(T("fix", lang))
        return "\n".join(lines)


class InputError(LotseError):
    """Data to import (an HSDS directory, the goal map it is read with) cannot be used; carries
    every problem found, each with its file and record. Exit code 3, like a broken catalogue."""

    exit_code = ExitCode.CATALOGUE

    def __init__(self, problems: list[Problem], what: Text | None = None):
        """`what`: the input, in German in the dative ("3 Probleme in der Zielzuordnung:"), in English
        as the subject ("The goal map has 3 problems:"); by default the HSDS data."""
        self.problems = problems
        self.what = what or T.text("hsds_data")
        super().__init__(Text(self.text("de"), self.text("en")))

    def text(self, lang: str) -> str:
        count = len(self.problems)
        lines = [T("input_problem" if count == 1 else "input_problems", lang, what=self.what, count=count)]
        lines += [f"  {p.text(lang)}" for p in self.problems]
        lines.append(T("nothing_imported", lang))
        return "\n".join(lines)


class OutputError(LotseError):
    """A result could not be written where the user asked."""

    exit_code = ExitCode.OUTPUT


class InvalidValue(ValueError):
    """A value that cannot be read, with the reason in both languages (`message`); `str()` is the
    English one. Raised by the parsers of answers and data files, whose callers add where the value
    came from; a ValueError, so that code catching ValueError keeps working."""

    def __init__(self, message: Text):
        self.message = message
        super().__init__(message("en"))


def reason(exc: BaseException) -> Text:
    """What an exception says, in both languages: a lotse message as it is, another exception's
    own (English) text alike in both, as Python or a library words it."""
    if isinstance(exc, (InvalidValue, LotseError)):
        return exc.message
    return same(str(exc))


def os_reason(exc: OSError) -> Text:
    """Why a file operation failed, in both languages where the reason is a common one."""
    import errno

    name = errno.errorcode.get(exc.errno) if exc.errno is not None else None
    if name is not None and name in OS_REASONS.table:
        return OS_REASONS.text(name)
    return same(str(exc.strerror or exc))


def echo(value: object, limit: int = 60) -> str:
    """A value as an error message may show it: bounded (a 20 MB answer, a YAML alias bomb) and
    with control characters escaped, so that no input reaches the terminal raw."""
    import reprlib

    bounded = reprlib.Repr()
    bounded.maxstring = bounded.maxother = limit
    bounded.maxlist = bounded.maxtuple = bounded.maxdict = bounded.maxset = 4
    bounded.maxlevel = 2
    return bounded.repr(value)
