"""The search index: every entry's words, compiled once and kept in the catalogue cache.

Every text of an entry (name, id, provider and funder, contact organisations and people, summary,
offers and keywords in German and English, the names of the regions it serves) is split into words spelt as `lotse.regions.normalise` spells
them ("München" and "muenchen" are one word). Adjacent words of names, keywords and regions are
also kept joined ("dessaurosslau"), so that a missing hyphen or space does not matter. Each word
lists the entries that use it, per field class: a word in a name counts more than one in a
summary (`lotse.search` weighs them).
"""

from __future__ import annotations

import pickle
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from lotse.model import Entry
from lotse.regions import Gazetteer, normalise

if TYPE_CHECKING:
    from lotse.catalogue import Catalogue

NAME, TAGS, TEXT = 0, 1, 2  # field classes, best first
_ASCII_WORD = re.compile("[0-9a-z]+")
STOPWORDS = frozenset("""der die das des dem den ein eine einer eines und oder fuer von zu zum zur
    im in mit bei auf an am aus the and or for of to with at on a an by from""".split())


@dataclass(frozen=True)
class CompiledIndex:
    """The words of every entry, compiled once and kept in the catalogue cache.

    Entry numbers are positions in `catalogue.entries`. Word lists are stored as newline-joined
    text and postings as raw 32-bit integers, because those load from the cache without building
    an object per word: `SearchIndex` turns them into lists once per process.
    """

    vocab: str  # the words, sorted, one a line
    by_length: str  # the same words ordered by length, for typo matching
    by_length_ids: array  # each of those words' position in `vocab`
    length_starts: tuple[int, ...]  # first position in `by_length` of each word length
    offsets: tuple[array, ...]  # per field class: where each word's entries start in `postings`
    postings: tuple[pickle.PickleBuffer, ...]  # per field class: entry numbers (native uint32);
    # PickleBuffer lets the cache map them from its file instead of copying them
    names: str  # normalised entry names, for the finer stage: entry n's is names[starts[n]:starts[n + 1]]
    name_starts: array
    name_order: array  # each entry's place in the order of names, for ties
    kinds: tuple[str, ...]
    levels: tuple[str | None, ...]
    ends: dict[str, tuple[int, ...]]  # period end date → the entries that end then


class SearchIndex:
    """A compiled index made ready for queries (lists and views; built once per process)."""

    def __init__(self, compiled: CompiledIndex, ids: list[str]):
        self.compiled = compiled
        self.ids = ids
        self.vocab = compiled.vocab.split("\n") if compiled.vocab else []
        self.blob = compiled.vocab  # one pass of str.find finds every word containing a query word
        self.by_length = compiled.by_length.split("\n") if compiled.by_length else []
        self.postings = tuple(memoryview(p).cast("I") for p in compiled.postings)


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
            words += [a + b for a, b in zip(words, words[1:])]
        if len(text) < 200:  # names, keywords and offers repeat; summaries rarely do
            self.texts[(text, joined)] = words
        return words


def build_index(catalogue: Catalogue) -> CompiledIndex:
    """Compile the index; linear in the catalogue's text."""
    words = Words()
    entries = list(catalogue.entries.values())
    per_class: list[dict[str, list[int]]] = [{}, {}, {}]
    ends: dict[str, list[int]] = {}
    for number, entry in enumerate(entries):
        found: tuple[list[str], list[str], list[str]] = ([], [], [])
        for field, cls, text in entry_texts(entry, catalogue.regions):
            found[cls].extend(words(text, joined=cls != TEXT and field != "id"))
        name = set(found[NAME])
        tags = set(found[TAGS]).difference(name)
        rest = set(found[TEXT]).difference(name, tags)  # a word counts in its best class only
        for table, group in zip(per_class, (name, tags, rest)):
            for word in group:
                numbers = table.get(word)
                if numbers is None:
                    table[word] = [number]
                else:
                    numbers.append(number)
        if entry.period.end is not None:
            ends.setdefault(str(entry.period.end), []).append(number)
    vocab = sorted(set().union(*per_class))
    offsets, postings = [], []
    for table in per_class:
        starts, flat = array("I", [0]), array("I")
        for word in vocab:
            flat.extend(table.get(word, ()))
            starts.append(len(flat))
        offsets.append(starts)
        postings.append(pickle.PickleBuffer(flat.tobytes()))
    order = sorted(range(len(vocab)), key=lambda i: (len(vocab[i]), vocab[i]))
    by_length = [vocab[i] for i in order]
    longest = len(by_length[-1]) if by_length else 0
    length_starts = tuple(bisect_left([len(w) for w in by_length], n) for n in range(longest + 2))
    names = [normalise(e.name) for e in entries]
    return CompiledIndex(
        vocab="\n".join(vocab), by_length="\n".join(by_length), by_length_ids=array("I", order),
        length_starts=length_starts, offsets=tuple(offsets), postings=tuple(postings),
        names="".join(names), name_starts=array("I", [0, *accumulate(map(len, names))]),
        name_order=_name_order(entries),
        kinds=tuple(sys.intern(e.kind) for e in entries),
        levels=tuple(sys.intern(e.level) if e.level else None for e in entries),
        ends={end: tuple(numbers) for end, numbers in ends.items()},
    )


def _name_order(entries: Sequence[Entry]) -> array:
    order = sorted(range(len(entries)), key=lambda n: (entries[n].name.casefold(), entries[n].id))
    places = array("I", bytes(4 * len(entries)))
    for place, n in enumerate(order):
        places[n] = place
    return places


def index_for(catalogue: Catalogue) -> SearchIndex:
    """The catalogue's index: compiled from the cache when it has one, else now; ready once."""
    return catalogue.derived("search-ready", lambda c: SearchIndex(c.derived("search", build_index),
                                                                   list(c.entries)))
