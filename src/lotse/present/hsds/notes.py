"""What an import could not map or had to assume: counted, with a few examples each, so that a
directory of thousands of services gives a report one can read."""

from __future__ import annotations

from collections import Counter


class Notes:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def add(self, message: str, example: str | None = None) -> None:
        self.counts[message] += 1
        if example is not None:
            examples = self.examples.setdefault(message, [])
            if len(examples) < 3 and example not in examples:
                examples.append(example)

    def once(self, message: str) -> None:
        self.counts[message] = 1

    def lines(self) -> list[str]:
        lines = []
        for message, count in self.counts.items():
            line = f"{message} ({count}×)" if count > 1 else message
            if message in self.examples:
                more = ", …" if count > len(self.examples[message]) else ""
                line += f": {', '.join(self.examples[message])}{more}"
            lines.append(line)
        return lines
