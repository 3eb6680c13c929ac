"""What an import could not map or had to assume: counted, with a few examples each, so that a
directory of thousands of services gives a report one can read. A note is kept in both UI
languages (`lotse.i18n.Text`) and worded where it is shown; what the data puts in a note (a name,
a field) is shown as the data has it, with its control characters escaped, so that none reaches
the terminal."""

from __future__ import annotations

import re
from collections import Counter

from lotse.i18n import Text

# Control characters (terminal escape codes) that the data may carry into a note.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _shown(text: str, limit: int) -> str:
    """Text from the data as a note may show it: control characters escaped, bounded."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


Key = tuple[str, str]  # a note as shown, in German and in English


class Notes:
    def __init__(self) -> None:
        self.counts: Counter[Key] = Counter()
        self.examples: dict[Key, list[str]] = {}

    @staticmethod
    def _key(message: Text) -> Key:
        return _shown(message("de"), 600), _shown(message("en"), 600)

    def add(self, message: Text, example: str | None = None) -> None:
        key = self._key(message)
        self.counts[key] += 1
        if example is not None:
            example = _shown(example, 80)
            examples = self.examples.setdefault(key, [])
            if len(examples) < 3 and example not in examples:
                examples.append(example)

    def once(self, message: Text) -> None:
        self.counts[self._key(message)] = 1

    def lines(self) -> list[Text]:
        """Each note with its count and examples, in both languages."""
        lines = []
        for (de, en), count in self.counts.items():
            worded = [f"{message} ({count}×)" if count > 1 else message for message in (de, en)]
            examples = self.examples.get((de, en))
            if examples:
                more = ", …" if count > len(examples) else ""
                worded = [f"{line}: {', '.join(examples)}{more}" for line in worded]
            lines.append(Text(worded[0], worded[1]))
        return lines
