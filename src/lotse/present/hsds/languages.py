"""The two languages of an imported text: HSDS holds one, lotse keeps German and English.

The data's language is the one it states (`meta_table_descriptions`, lotse's own terms) or the one
the person importing names (`--data-lang`). The other comes from a translation of the same
directory (`--translation`): the record with the same id in the same table. Where there is none,
lotse's required second text is a copy, and the import says how many there are.
"""

from __future__ import annotations

from collections import Counter

from lotse.present.hsds import Record, Tables, text

Pair = dict[str, str]  # language -> text

LANGUAGE_CODES = {"de": "de", "deu": "de", "ger": "de", "german": "de", "deutsch": "de",
                  "en": "en", "eng": "en", "english": "en", "englisch": "en"}


def stated_language(tables: Tables) -> str | None:
    """The language the data says it is in, where all that say one agree."""
    said = [text(r.get("language")).lower().split("-")[0] for r in tables["meta_table_description"]]
    said += [text(r.get("language")).lower().split("-")[0] for r in tables["taxonomy_term"]
             if text(r.get("taxonomy")) == "lotse"]
    langs = Counter(LANGUAGE_CODES.get(code) for code in said if code)
    return next(iter(langs)) if len(langs) == 1 and None not in langs else None


class Texts:
    """The data's texts in its language and, from a translation, in the other."""

    def __init__(self, lang: str, translation: Tables | None):
        self.lang = lang
        self.other_lang = "en" if lang == "de" else "de"
        self.twins = None if translation is None else {
            table: {text(r.get("id")): r for r in records if text(r.get("id"))}
            for table, records in translation.items()}
        self.copies = 0

    def pair(self, table: str, record: Record, field: str) -> Pair | None:
        """A field in both languages; None where the data leaves it empty."""
        return self.joined(table, record, (field,), "")

    def joined(self, table: str, record: Record, fields: tuple[str, ...], separator: str) -> Pair | None:
        """Several fields as one text ("Reception Manager, Reception"), in both languages."""
        value = separator.join(text(record.get(f)) for f in fields if text(record.get(f)))
        if not value:
            return None
        twin = self.twin(table, record)
        translated = separator.join(text(twin.get(f)) for f in fields if text(twin.get(f))) if twin else ""
        return self.both(value, translated or None)

    def twin(self, table: str, record: Record) -> Record | None:
        """The same record in the translation."""
        if self.twins is None:
            return None
        return self.twins.get(table, {}).get(text(record.get("id")))

    def both(self, value: str, translated: str | None) -> Pair:
        if translated is None:
            self.copies += 1
        return {self.lang: value, self.other_lang: value if translated is None else translated}
