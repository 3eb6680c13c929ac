"""The search index: every entry's words, compiled once and kept in the catalogue cache.

Every text of an entry (name, id, provider and funder, contact organisations and people, summary,
offers and keywords in German and English, the names of the regions it serves) is split into words
spelt as `lotse.model.places.normalise` spells them ("München" and "muenchen" are one word).
Adjacent words of names, keywords and regions are also kept joined ("dessaurosslau"), so that a
missing hyphen or space does not matter. Each word lists the entries that use it, per field class: a
word in a name counts more than one in a summary (`lotse.domain.search` weighs them).
"""

from __future__ import annotations

import functools
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

from msgspec import Struct

from lotse.model.catalogue import Derived
from lotse.model.entry import Entry
from lotse.model.places import Gazetteer, normalise

if TYPE_CHECKING:
    from lotse.model.catalogue import Catalogue

if TYPE_CHECKING:
    UInts = array[int]
else:  # msgspec reads field types at run time, and array takes no type argument before Python 3.12
    UInts = array

NAME, TAGS, TEXT = 0, 1, 2  # field classes, best first
_ASCII_WORD = re.compile("[0-9a-z]+")
STOPWORDS = frozenset([
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "und", "oder", "fuer", "von",
    "zu", "zum", "zur", "im", "in", "mit", "bei", "auf", "an", "am", "aus",
    "the", "and", "or", "for", "of", "to", "with", "at", "on", "a", "by", "from",
])


class CompiledIndex(Struct, frozen=True):
    """The words of every entry, compiled once and kept in the catalogue cache.

    Entry numbers are positions in `catalogue.entries`. Word lists are stored as newline-joined
    text and postings as raw 32-bit integers, because those load from the cache without building
    an object per word: `SearchIndex` turns them into lists once per process.
    """

    vocab: str  # the words, sorted, one a line
    by_length: str  # the same words ordered by length, for typo matching
    by_length_ids: UInts  # each of those words' position in `vocab`
    length_starts: tuple[int, ...]  # first position in `by_length` of each word length
    offsets: tuple[UInts, ...]  # per field class: where each word's entries start in `postings`
    postings: tuple[memoryview, ...]  # per field class: entry numbers (native uint32), read in
    # place from the cache file, not copied
    names: str  # normalised entry names, for the finer stage: entry n's is names[starts[n]:starts[n + 1]]
    name_starts: UInts
    name_order: UInts  # each entry's place in the order of names, for ties
    kinds: tuple[str, ...]
    levels: tuple[str | None, ...]
    ends: dict[str, tuple[int, ...]]  # period end date → the entries that end then
    wide: dict[str, tuple[int, ...]]  # a region's id → the entries serving all of it; "*" → nationwide ones


class SearchIndex:
    """A compiled index made ready for queries (lists and views; built once per process)."""

    def __init__(self, compiled: CompiledIndex):
        self.compiled = compiled
        self.vocab = compiled.vocab.split("\n") if compiled.vocab else []
        self.blob = compiled.vocab  # one pass of str.find finds every word containing a query word
        self.postings = tuple(memoryview(p).cast("I") for p in compiled.postings)

    @functools.cached_property
    def by_length(self) -> list[str]:
        """The words by length, split only when a query word is unknown (typo matching)."""
        return self.compiled.by_length.split("\n") if self.compiled.by_length else []


def entry_texts(entry: Entry, regions: Gazetteer) -> list[tuple[str, int, str]]:
    """(field, class, text) for every searchable text of an entry."""
    texts = [("name", NAME, entry.name),
             ("id", NAME, " ".join(w for w in entry.id.split("-") if not w.isdigit()))]
    if entry.provider:
        texts.append(("provider", TAGS, entry.provider))
    if entry.funder:
        texts.append(("provider", TEXT, entry.funder))
    for contact in entry.contacts:  # advisers look a service up by its people and carriers
        texts += [("contact", TAGS, text) for text in (contact.organisation, contact.name) if text]
    texts += [("keywords", TAGS, k) for k in entry.keywords.de + entry.keywords.en]
    if entry.area.nationwide:
        texts += [("region", TAGS, "bundesweit"), ("region", TAGS, "nationwide")]
    for region_id in entry.area.states + entry.area.places:
        region = regions.regions.get(region_id)
        if region is None:
            continue
        texts += [("region", TAGS, n) for n in (region.name, region.name_en, *region.aliases)]
        if not region.is_state:
            state = regions.regions[region.state]
            texts += [("region", TEXT, n) for n in (state.name, state.name_en)]
    texts += [("offers", TEXT, o) for o in entry.offers.de + entry.offers.en]
    texts += [("summary", TEXT, entry.summary.de), ("summary", TEXT, entry.summary.en)]
    return texts


class Words:
    """Splits texts into normalised words, remembering each chunk's words (texts repeat a lot)."""

    def __init__(self) -> None:
        self.memo: dict[str, list[str]] = {}
        self.texts: dict[tuple[str, bool], list[str]] = {}

    def __call__(self, text: str, joined: bool) -> list[str]:
        known = self.texts.get((text, joined))
        if known is not None:
            return known
        words: list[str] = []
        for chunk in text.split():
            found = self.memo.get(chunk)
            if found is None:
                # For ASCII, normalise() is lower-casing and splitting at other characters.
                split = _ASCII_WORD.findall(chunk.lower()) if chunk.isascii() else normalise(chunk).split()
                found = self.memo[chunk] = [sys.intern(w) for w in split]
            words += found
        words = [w for w in words if len(w) > 1 and w not in STOPWORDS] or words
        if joined:
            words += [a + b for a, b in pairwise(words)]
        if len(text) < 200:  # names, keywords and offers repeat; summaries rarely do
            self.texts[(text, joined)] = words
        return words


class FileIndex(Struct, frozen=True):
    """One catalogue file's share of the index, its entries numbered within the file.

    It is cached with the file (`lotse.store.cache.files`), so that after a change only the changed file
    is indexed again and `merge` joins the shares.
    """

    words: tuple[str, ...]  # sorted
    offsets: tuple[UInts, ...]  # per field class: where each word's entries start in `postings`
    postings: tuple[UInts, ...]  # per field class: entry numbers within the file
    names: tuple[str, ...]  # normalised
    order_keys: tuple[tuple[str, str], ...]  # (casefolded name, id): the order of names
    kinds: tuple[str, ...]
    levels: tuple[str | None, ...]
    ends: tuple[str | None, ...]  # each entry's period end
    covers: tuple[tuple[str, ...], ...]  # each entry's whole regions, or ("*",) if nationwide


def file_index(entries: Sequence[Entry], regions: Gazetteer) -> FileIndex:
    """Index the entries of one file; linear in their text."""
    words = Words()
    per_class: list[dict[str, list[int]]] = [{}, {}, {}]
    for number, entry in enumerate(entries):
        found: tuple[list[str], list[str], list[str]] = ([], [], [])
        for field, cls, text in entry_texts(entry, regions):
            found[cls].extend(words(text, joined=cls != TEXT and field != "id"))
        name = set(found[NAME])
        tags = set(found[TAGS]).difference(name)
        rest = set(found[TEXT]).difference(name, tags)  # a word counts in its best class only
        for table, group in zip(per_class, (name, tags, rest), strict=True):
            for word in group:
                numbers = table.get(word)
                if numbers is None:
                    table[word] = [number]
                else:
                    numbers.append(number)
    vocab = sorted(set().union(*per_class))
    offsets, postings = [], []
    for table in per_class:
        starts, flat = array("I", [0]), array("I")
        for word in vocab:
            flat.extend(table.get(word, ()))
            starts.append(len(flat))
        offsets.append(starts)
        postings.append(flat)
    return FileIndex(
        words=tuple(vocab), offsets=tuple(offsets), postings=tuple(postings),
        names=tuple(normalise(e.name) for e in entries),
        order_keys=tuple((e.name.casefold(), e.id) for e in entries),
        kinds=tuple(e.kind for e in entries), levels=tuple(e.level for e in entries),
        ends=tuple(str(e.period.end) if e.period.end is not None else None for e in entries),
        covers=tuple(("*",) if e.area.nationwide else e.area.states + e.area.places for e in entries))


Numbers = Sequence[int | None]  # each entry of a file: its number in the catalogue, or None


def merge(shares: Sequence[tuple[FileIndex, Numbers]], size: int) -> CompiledIndex:
    """The catalogue's index from its files' shares, as if its `size` entries had been indexed
    together. Each share comes with its entries' numbers in the catalogue; None marks an entry the
    catalogue does not hold (a duplicate id, or an entry an overlay replaced)."""
    vocab, offsets, postings = _merged_postings(shares)
    names, order_keys, kinds = [""] * size, [("", "")] * size, [""] * size
    levels: list[str | None] = [None] * size
    ends: list[str | None] = [None] * size
    by_cover: dict[str, list[int]] = {}
    for share, numbers in shares:
        for i, n in enumerate(numbers):
            if n is not None:
                names[n], order_keys[n] = share.names[i], share.order_keys[i]
                kinds[n], levels[n], ends[n] = share.kinds[i], share.levels[i], share.ends[i]
                for cover in share.covers[i]:
                    by_cover.setdefault(cover, []).append(n)
    order = sorted(range(len(vocab)), key=lambda i: (len(vocab[i]), vocab[i]))
    by_length = [vocab[i] for i in order]
    lengths = [len(w) for w in by_length]
    length_starts = tuple(bisect_left(lengths, n) for n in range((lengths[-1] if lengths else 0) + 2))
    name_order = array("I", bytes(4 * size))
    for place, n in enumerate(sorted(range(size), key=order_keys.__getitem__)):
        name_order[n] = place
    by_end: dict[str, list[int]] = {}
    for n, end in enumerate(ends):
        if end is not None:
            by_end.setdefault(end, []).append(n)
    return CompiledIndex(
        vocab="\n".join(vocab), by_length="\n".join(by_length), by_length_ids=array("I", order),
        length_starts=length_starts, offsets=offsets, postings=postings,
        names="".join(names), name_starts=array("I", [0, *accumulate(map(len, names))]),
        name_order=name_order,
        kinds=tuple(sys.intern(k) for k in kinds),
        levels=tuple(sys.intern(level) if level else None for level in levels),
        ends={end: tuple(numbers) for end, numbers in by_end.items()},
        wide={cover: tuple(sorted(numbers)) for cover, numbers in by_cover.items()},
    )


def _merged_postings(shares: Sequence[tuple[FileIndex, Numbers]]) -> tuple[
        list[str], tuple[UInts, ...], tuple[memoryview, ...]]:
    """The words of the entries the catalogue holds, sorted, and each word's entry numbers per
    field class, ascending."""
    tables: tuple[dict[str, list[Sequence[int]]], ...] = ({}, {}, {})
    ascending, last = True, -1  # an overlay entry takes the number of the one it replaces
    for share, numbers in shares:
        kept = [n for n in numbers if n is not None]
        if not kept:
            continue
        ascending = ascending and kept[0] > last and all(a < b for a, b in pairwise(kept))
        last = max(last, kept[-1])
        shift = kept[0] if kept == list(range(kept[0], kept[0] + len(numbers))) else None
        for cls, table in enumerate(tables):
            flat = share.postings[cls]
            if shift is not None:  # the usual case: the file's entries are a run of the catalogue's
                shifted = array("I", [n + shift for n in flat]) if shift else flat
            else:
                mapped = [numbers[n] for n in flat]
            starts = share.offsets[cls]
            for word, start, end in zip(share.words, starts, starts[1:], strict=False):
                if start == end:
                    continue
                if shift is not None:
                    chunk: Sequence[int] = shifted[start:end]
                else:
                    chunk = [n for n in mapped[start:end] if n is not None]
                    if not chunk:
                        continue
                chunks = table.get(word)
                if chunks is None:
                    table[word] = [chunk]
                else:
                    chunks.append(chunk)
    vocab = sorted(set().union(*tables))
    offsets, postings = [], []
    for table in tables:
        starts, flat = array("I", [0]), array("I")
        for word in vocab:
            for chunk in table.get(word, ()):
                flat.extend(chunk)
            if not ascending:
                flat[starts[-1]:] = array("I", sorted(flat[starts[-1]:]))
            starts.append(len(flat))
        offsets.append(starts)
        postings.append(memoryview(flat.tobytes()))
    return vocab, tuple(offsets), tuple(postings)


def build_index(catalogue: Catalogue) -> CompiledIndex:
    """Compile the index of a catalogue held in memory (the cache keeps the files' shares)."""
    entries = list(catalogue.entries.values())
    return merge([(file_index(entries, catalogue.regions), range(len(entries)))], len(entries))


COMPILED: Derived[CompiledIndex] = Derived("search")  # the name the cache stores it under
_READY: Derived[SearchIndex] = Derived("search-ready")


def index_for(catalogue: Catalogue) -> SearchIndex:
    """The catalogue's index: compiled from the cache when it has one, else now; ready once."""
    return catalogue.derived(_READY, lambda c: SearchIndex(c.derived(COMPILED, build_index)))
