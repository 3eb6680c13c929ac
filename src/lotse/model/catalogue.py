"""The catalogue as the rest of lotse sees it: entries by id, with the vocabulary, places and
referral chains they were validated against. How it is read and cached is `lotse.store`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any, TypeVar

from msgspec import Struct, field

from lotse.errors import UsageError
from lotse.model.chains import Chains
from lotse.model.entry import Entry, PartialDate
from lotse.model.places import Gazetteer
from lotse.model.vocabulary import Vocabulary

T = TypeVar("T")


class Catalogue(Struct):
    entries: Mapping[str, Entry]
    vocabulary: Vocabulary
    regions: Gazetteer
    chains: Chains
    files: tuple[Path, ...] = ()
    memo: MutableMapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    @property
    def as_of(self) -> PartialDate:
        """The date of the newest information in the catalogue."""
        return self.derived("as_of", lambda c: max(entry.as_of for entry in c.entries.values()))

    def derived(self, name: str, build: Callable[[Catalogue], T]) -> T:
        """Data computed from the whole catalogue, once; the cache keeps it between runs."""
        if name not in self.memo:
            self.memo[name] = build(self)
        return self.memo[name]

    def at(self, position: int) -> Entry:
        """The entry at `position` in catalogue order (the search index numbers entries so); read
        from the cache without looking its id up."""
        at = getattr(self.entries, "at", None)
        if at is not None:
            return at(position)
        return self.entries[self.derived("ids", lambda c: list(c.entries))[position]]

    def get(self, entry_id: str) -> Entry:
        entry = self.entries.get(entry_id)
        if entry is None:
            raise UnknownEntryError(entry_id, self.suggest(entry_id))
        return entry

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """The closest ids, by the id as typed ("jmdd") and by name ("jugendmigrationsdienst
        halle"), each as "id (name)"."""
        from rapidfuzz import fuzz, process

        entries = list(self.entries.values())
        by_id = process.extract(text, {e.id: e.id for e in entries}, scorer=fuzz.ratio, limit=limit,
                                score_cutoff=60)
        by_name = process.extract(text, {e.id: e.name for e in entries}, scorer=fuzz.WRatio, limit=limit,
                                  score_cutoff=70)
        best: dict[str, float] = {}
        for _, score, key in by_id + by_name:
            best[key] = max(best.get(key, 0.0), score)
        ranked = sorted(best, key=lambda key: -best[key])[:limit]
        return [f"{key} ({self.entries[key].name})" for key in ranked]


class UnknownEntryError(UsageError):
    def __init__(self, entry_id: str, suggestions: list[str]):
        self.entry_id = entry_id
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No entry with id {entry_id!r}.{hint} `lotse catalog list` shows all ids.")
