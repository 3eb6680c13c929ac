"""The catalogue as the rest of lotse sees it: entries by id, with the vocabulary, places and
referral chains they were validated against. How it is read and cached is `lotse.store`.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Generic, TypeVar, cast

from msgspec import Struct, field

from lotse.errors import UsageError, echo
from lotse.i18n import Messages
from lotse.model.chains import Chains
from lotse.model.entry import Entry, PartialDate
from lotse.model.places import Gazetteer
from lotse.model.vocabulary import Vocabulary

T = TypeVar("T")

M = Messages({
    "unknown_id": ("Kein Eintrag mit der ID {id}.{hint} `lotse catalog list` zeigt alle IDs.",
                   "No entry with id {id}.{hint} `lotse catalog list` shows all ids."),
    "hint": (" Vielleicht gemeint: {ids}.", " Did you mean: {ids}?"),
})


class EntryTable(Mapping[str, Entry]):
    """Entries by id that can also be reached by their position in catalogue order, as the search
    index numbers them."""

    @abc.abstractmethod
    def at(self, position: int) -> Entry: ...


class Entries(dict[str, Entry], EntryTable):
    """An entry table held in memory; not changed once built."""

    def at(self, position: int) -> Entry:
        return self._order[position]

    @functools.cached_property
    def _order(self) -> list[Entry]:
        return list(self.values())


class Derived(Generic[T]):
    """The name of data computed from the whole catalogue, and its type: the cache stores such data
    by name between runs, and the key's type says what a lookup returns."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Derived({self.name!r})"


AS_OF: Derived[PartialDate] = Derived("as_of")
# Each overlay entry that replaces another file's: id -> (its file, the file of the one replaced).
REPLACED: Derived[dict[str, tuple[str, str]]] = Derived("replaced")


class Catalogue(Struct):
    entries: EntryTable
    vocabulary: Vocabulary
    regions: Gazetteer
    chains: Chains
    files: tuple[Path, ...] = ()
    memo: MutableMapping[str, object] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    @property
    def as_of(self) -> PartialDate:
        """The date of the newest information in the catalogue."""
        return self.derived(AS_OF, lambda c: max(entry.as_of for entry in c.entries.values()))

    def derived(self, key: Derived[T], build: Callable[[Catalogue], T]) -> T:
        """Data computed from the whole catalogue, once; the cache keeps it between runs."""
        if key.name not in self.memo:
            self.memo[key.name] = build(self)
        return cast(T, self.memo[key.name])

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
        hint = M.text("hint", ids=", ".join(suggestions)) if suggestions else ""
        super().__init__(M.text("unknown_id", id=echo(entry_id), hint=hint))
