"""What is wrong in a catalogue file: reported all at once by `lotse catalog validate`.

Apart from `lotse.errors`, which every command imports before it needs msgspec.

A problem keeps its message in both UI languages, worded when it is found (`Problem.of`): it is
stored in the cache as plain text, and shown in the UI language by `text`; `str()` is English.
"""

from __future__ import annotations

from msgspec import Struct

from lotse.i18n import Messages, Text

T = Messages({
    "entry": ("Eintrag {id}", "entry {id}"),
})


class Problem(Struct, frozen=True):
    """One thing wrong in a catalogue file, located as precisely as the input allows."""

    file: str
    message: str  # in English, as `str()` and logs show it
    entry: str | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None
    german: str | None = None  # the message in German; None where only English is known

    @classmethod
    def of(cls, file: str, message: Text, *, entry: str | None = None, field: str | None = None,
           line: int | None = None, column: int | None = None) -> Problem:
        """A problem whose message is worded in both UI languages."""
        return cls(file, message("en"), entry, field, line, column, message("de"))

    def says(self, lang: str) -> str:
        """The message alone, in `lang` where it has that language."""
        return self.german if lang == "de" and self.german is not None else self.message

    def text(self, lang: str) -> str:
        """The problem as a line: file:line:column: entry ID: field: message."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.entry:
            parts.append(T("entry", lang, id=self.entry))
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.says(lang)}"

    def __str__(self) -> str:
        return self.text("en")
