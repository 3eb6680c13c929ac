"""What is wrong in a catalogue file: reported all at once by `lotse catalog validate`.

Apart from `lotse.errors`, which every command imports before it needs msgspec.
"""

from __future__ import annotations

from msgspec import Struct


class Problem(Struct, frozen=True):
    """One thing wrong in a catalogue file, located as precisely as the input allows."""

    file: str
    message: str
    entry: str | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.entry:
            parts.append(f"entry {self.entry}")
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"
