"""UI text in German and English.

Each module keeps its own message table next to the code that uses it; `Messages` looks a key up in
the UI language and formats it, and `Messages.text` keeps both languages for later (an error is
raised where the language is not known, and worded where it is shown). Catalogue names are
official and never translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

LANGS = ("de", "en")


class Text:
    """A message in both UI languages with its parameters; worded by calling it with a language."""

    __slots__ = ("de", "en", "params")

    def __init__(self, de: str, en: str, /, **params: object):
        self.de, self.en, self.params = de, en, params

    def __call__(self, lang: str) -> str:
        template = self.en if lang == "en" else self.de
        if not self.params:
            return template
        return template.format(**{k: v(lang) if isinstance(v, Text) else v for k, v in self.params.items()})

    def __repr__(self) -> str:
        return f"Text({self('en')!r})"


def same(text: str) -> Text:
    """Text that reads alike in both languages: a file name, an id, a library's own message."""
    return Text(text, text)


def join(separator: str, texts: Iterable[Text]) -> Text:
    """Texts one after another in each language, worded now."""
    parts = list(texts)
    return Text(separator.join(t("de") for t in parts), separator.join(t("en") for t in parts))


class Messages:
    def __init__(self, table: Mapping[str, tuple[str, str]]):
        self.table = table  # key -> (German, English)

    def __call__(self, key: str, lang: str, /, **params: object) -> str:
        return self.text(key, **params)(lang)

    def text(self, key: str, /, **params: object) -> Text:
        de, en = self.table[key]
        return Text(de, en, **params)
