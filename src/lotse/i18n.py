"""UI text in German and English.

Each module keeps its own message table next to the code that uses it; `Messages` looks a key up in
the UI language and formats it. Catalogue names are official and never translated.
"""

from __future__ import annotations

from collections.abc import Mapping


class Messages:
    def __init__(self, table: Mapping[str, tuple[str, str]]):
        self.table = table  # key -> (German, English)

    def __call__(self, key: str, lang: str, **params: object) -> str:
        de, en = self.table[key]
        template = en if lang == "en" else de
        return template.format(**params) if params else template
