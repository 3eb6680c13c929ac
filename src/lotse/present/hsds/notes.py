"""What an import could not map or had to assume: counted, with a few examples each, so that a
directory of thousands of services gives a report one can read; what the data puts in a note (a
name, a field) is shown with its control characters escaped, so that none reaches the terminal."""

from __future__ import annotations

import re
from collections import Counter

# Control characters (terminal escape codes) that the data may carry into a note.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _shown(text: str, limit: int) -> str:
    """Text from the data as a note may show it: control characters escaped, bounded."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Notes:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def add(self, message: str, example: str | None = None) -> None:
        message = _shown(message, 600)
        self.counts[message] += 1
        if example is not None:
            example = _shown(example, 80)
            examples = self.examples.setdefault(message, [])
            if len(examples) < 3 and example not in examples:
                examples.append(example)

    def once(self, message: str) -> None:
        self.counts[_shown(message, 600)] = 1

    def lines(self) -> list[str]:
        lines = []
        for message, count in self.counts.items():
            line = f"{message} ({count}×)" if count > 1 else message
            if message in self.examples:
                more = ", …" if count > len(self.examples[message]) else ""
                line += f": {', '.join(self.examples[message])}{more}"
            lines.append(line)
        return lines
