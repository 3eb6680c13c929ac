"""Finding catalogue entries by what an adviser types: typos, umlaut spellings, English words.

Pure: catalogue + query + filters + today in, ranked hits out.

Matching works on words, so word order does not matter. Every text of an entry (name, id,
provider, summary, offers and keywords in German and English, the names of the regions it serves)
is split into words spelt as `lotse.regions.normalise` spells them ("München" and "muenchen" are
one word), and the words are kept in an inverted index (`SearchIndex`). A query word finds index
words that are equal, that begin or end with it (German compounds: "zuschuss" finds
"anerkennungszuschuss"), or that differ by a typo (rapidfuzz's ratio). Adjacent words are also
indexed and queried joined, so a missing or extra hyphen or space does not matter ("Dessau
Rosslau", "dessaurosslau", "Jugend-Migrationsdienst").

Ranking has two stages so that it stays fast at 20,000 entries: a cheap word score over the index
finds every candidate, and a finer whole-name similarity decides between near-equals. The finer
score moves an entry by at most `FINE_WEIGHT` points, so only candidates within that distance of
the last shown one are scored again: the result is the same as scoring everything finely.

Filters are not implemented here: they are `lotse.rules.assess`, the rules of `lotse ask`, and an
entry is excluded only by a condition that is not met (unknown passes).
"""

from __future__ import annotations

import datetime as dt
import heapq
import pickle
from collections import Counter
from itertools import accumulate
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lotse.answers import Answers, parse_answers
from lotse.errors import ExitCode, LotseError, UsageError
from lotse.model import Entry, PartialDate, Period
from lotse.regions import Gazetteer, normalise

if TYPE_CHECKING:
    from lotse.catalogue import Catalogue
    from lotse.rules import Assessment


# Field classes and their weight: a word in the name counts more than one in the summary.
NAME, TAGS, TEXT = 0, 1, 2
WEIGHTS = (1.0, 0.9, 0.75)
FIELDS = ("name", "id", "provider", "keywords", "region", "offers", "summary")  # order of `matched`

MIN_MATCH = 50  # below this an entry does not match the query
FINE_WEIGHT = 5.0  # points the whole-name similarity adds, out of 100
# Word equal / begins or ends with the query word / contains it. A word inside another counts
# only in names, keywords and regions (× WEIGHTS falls below MIN_MATCH in summaries and offers):
# "migration" in "Jugendmigrationsdienst" is meant, "halle" in "challenges" is not.
EXACT, AFFIX, INFIX = 100, 90, 65
PHRASE = 5  # points for two query words found next to each other
TYPO_MIN = 6  # shorter words must be spelt right: "halle" is one typo away from "alle"
MAX_WORDS, MAX_WORD = 16, 64  # longer queries are cut: no query can take unbounded time
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

    def name(self, number: int) -> str:
        starts = self.compiled.name_starts
        return self.compiled.names[starts[number]:starts[number + 1]]


def entry_texts(entry: Entry, regions: Gazetteer) -> list[tuple[str, int, str]]:
    """(field, class, text) for every searchable text of an entry."""
    texts = [("name", NAME, entry.name),
             ("id", NAME, " ".join(w for w in entry.id.split("-") if not w.isdigit()))]
    if entry.provider:
        texts.append(("provider", TAGS, entry.provider))
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


class _Words:
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
    words = _Words()
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


# -- the query --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    """A query as words; `given` is False for an absent or blank query (every entry matches)."""

    text: str
    words: tuple[str, ...]
    given: bool

    @classmethod
    def parse(cls, text: str | None) -> Query:
        text = text or ""
        if not text.strip():
            return cls(text, (), False)
        words = [w[:MAX_WORD] for w in normalise(text[:MAX_WORDS * MAX_WORD * 2]).split()]
        kept = [w for w in words if w not in STOPWORDS] or words
        return cls(text, tuple(dict.fromkeys(kept))[:MAX_WORDS], True)


def _similar_words(index: SearchIndex, word: str) -> dict[int, float]:
    """Index words like `word`, by vocab position, with how alike they are (0–100)."""
    found: dict[int, float] = {}
    vocab = index.vocab
    position = bisect_left(vocab, word)
    known = position < len(vocab) and vocab[position] == word
    if known:
        found[position] = EXACT
    if len(word) < 4:
        return found
    blob = index.blob
    at = blob.find(word)
    while at != -1:
        start = blob.rfind("\n", 0, at) + 1
        end = blob.find("\n", at)
        end = len(blob) if end == -1 else end
        other = blob[start:end]
        if other != word:
            affix = other.startswith(word) or other.endswith(word)
            found[bisect_left(vocab, other)] = AFFIX if affix else INFIX
        at = blob.find(word, end)
    if known or len(word) < TYPO_MIN:  # a word the catalogue uses is not a typo ("halle", not "alle")
        return found
    from rapidfuzz import fuzz, process

    cutoff = 85 if len(word) < 8 else 80  # short words: one letter missing or added, no more
    # ratio >= 80 needs lengths within a factor of 1.5: compare only those words.
    starts = index.compiled.length_starts
    low = starts[min(len(starts) - 1, (len(word) * 2) // 3)]
    high = starts[min(len(starts) - 1, (len(word) * 3) // 2 + 1)]
    candidates = index.by_length[low:high]
    for _, score, i in process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff,
                                       limit=None):
        vocab_position = index.compiled.by_length_ids[low + i]
        if score > found.get(vocab_position, 0):
            found[vocab_position] = score
    return found


def _word_scores(index: SearchIndex, similar: dict[int, float], floor: float = 0) -> dict[int, float]:
    """Per entry, the best weighted similarity of any of its words to one query word (if at
    least `floor`)."""
    levels: dict[float, list[array]] = {}
    for position, similarity in similar.items():
        for cls, weight in enumerate(WEIGHTS):
            start, end = index.compiled.offsets[cls][position], index.compiled.offsets[cls][position + 1]
            if end > start and similarity * weight >= floor:
                levels.setdefault(round(similarity * weight, 2), []).append(
                    index.postings[cls][start:end])
    best: dict[int, float] = {}
    for score in sorted(levels, reverse=True):
        numbers = set().union(*levels[score])
        best.update(dict.fromkeys(numbers.difference(best), score))
    return best


WordMatches = dict[str, frozenset[str]]  # each query word → the index words it found


def coarse_scores(index: SearchIndex, query: Query) -> tuple[dict[int, float], WordMatches]:
    """Every entry that matches the query, with its word score (0–100)."""
    similar = {w: _similar_words(index, w) for w in query.words}
    matched = {w: frozenset(index.vocab[p] for p in s) for w, s in similar.items()}
    if len(query.words) == 1:
        return _word_scores(index, similar[query.words[0]], floor=MIN_MATCH), matched
    per_word = {w: _word_scores(index, s) for w, s in similar.items()}
    totals: dict[int, float] = {}
    for scores in per_word.values():
        for number, score in scores.items():
            totals[number] = totals.get(number, 0.0) + score
    # Two query words that are one word in the entry ("jugend migrationsdienst").
    for first, second in zip(query.words, query.words[1:]):
        joined = _word_scores(index, _similar_words(index, first + second))
        for number, score in joined.items():
            apart = per_word[first].get(number, 0.0) + per_word[second].get(number, 0.0)
            together = score * (2 + PHRASE / 100)
            if together > apart:
                totals[number] = totals.get(number, 0.0) + together - apart
    count = len(query.words)
    scores = {n: min(100.0, t / count) for n, t in totals.items() if t / count >= MIN_MATCH}
    return scores, matched


def matched_fields(entry: Entry, regions: Gazetteer, matches: WordMatches,
                   words: _Words) -> tuple[str, ...]:
    """The fields of an entry in which some query word was found, in `FIELDS` order."""
    found = set().union(*matches.values())
    hit = {field for field, cls, text in entry_texts(entry, regions)
           if found.intersection(words(text, joined=cls != TEXT and field != "id"))}
    return tuple(f for f in FIELDS if f in hit)


# -- filters and results ----------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What the results must fit; `rules` names the conditions of `assess` that may exclude."""

    answers: Answers = Answers()
    rules: frozenset[str] = frozenset()
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    include_ended: bool = False

    @property
    def assessing(self) -> bool:
        """Whether entries must be assessed to be filtered (beyond kind, level and end date)."""
        return bool(self.rules) or bool(self.answers.goals)


def make_filters(catalogue: Catalogue, lang: str, *, region: str | None = None,
                 goals: Sequence[str] = (), client: str | None = None, status: str | None = None,
                 age: str | None = None, kinds: Sequence[str] = (), levels: Sequence[str] = (),
                 include_ended: bool = False) -> Filters:
    """Validate filter options like `lotse ask` validates answers; raises UsageError."""
    raw = {"region": region, "goals": list(goals), "client": client, "status": status, "age": age}
    answers = parse_answers({k: v for k, v in raw.items() if v not in (None, [])},
                            catalogue.vocabulary, catalogue.regions, lang, where="options")
    for field, values in (("kind", kinds), ("level", levels)):
        allowed = catalogue.vocabulary.values(field)
        for value in values:
            if value not in allowed:
                raise UsageError(f"Unknown {field} {value!r}; use one of: {', '.join(allowed)}.")
    rules = frozenset(k for k in ("client", "region", "status", "age") if raw[k] is not None)
    return Filters(answers, rules, tuple(kinds), tuple(levels), include_ended)


class NoResultsError(LotseError):
    """Nothing matched: exit 1 like grep, so that scripts can test for it."""

    exit_code = ExitCode.NO_RESULTS

    def __init__(self) -> None:
        super().__init__("No entry matches.")


@dataclass(frozen=True)
class Hit:
    rank: int
    assessment: Assessment  # only the conditions the filters name, and the end date
    match: int  # 0–100; 100 without a query
    fields: tuple[str, ...]  # where the query was found

    @property
    def entry(self) -> Entry:
        return self.assessment.entry


@dataclass(frozen=True)
class SearchResult:
    query: Query
    filters: Filters
    hits: tuple[Hit, ...]
    total: int  # entries that match, of which `hits` are the first


def _shown(assessment: Assessment, filters: Filters) -> Assessment:
    """The assessment restricted to what the filters asked, so reasons and caveats are theirs."""
    from lotse.rules import Condition, Verdict

    conditions = tuple(
        Condition(c.rule, Verdict.MET, c.reason) if c.rule == "period" and filters.include_ended else c
        for c in assessment.conditions if c.rule in filters.rules or c.rule == "period")
    return replace(assessment, conditions=conditions)


def _passes(assessment: Assessment, filters: Filters) -> bool:
    from lotse.rules import Verdict

    if filters.answers.goals and not assessment.matched_goals:
        return False
    return not any(c.verdict is Verdict.NOT_MET for c in assessment.conditions
                   if c.rule in filters.rules or (c.rule == "period" and not filters.include_ended))


def search(catalogue: Catalogue, query: Query, filters: Filters, today: dt.date,
           limit: int = 10) -> SearchResult:
    """The entries that match the query and fit the filters, best match first."""
    from lotse.rules import assess

    index = index_for(catalogue)
    if query.given:
        scores, matches = coarse_scores(index, query)
    else:
        scores, matches = dict.fromkeys(range(len(index.ids)), 100.0), {}
    compiled = index.compiled
    candidates = set(scores)
    if filters.kinds:
        candidates = {n for n in candidates if compiled.kinds[n] in filters.kinds}
    if filters.levels:
        candidates = {n for n in candidates if compiled.levels[n] in filters.levels}
    assessments: dict[int, Assessment] = {}
    if filters.assessing:
        for n in candidates:
            assessments[n] = assess(catalogue.entries[index.ids[n]], filters.answers, catalogue, today)
        candidates = {n for n in candidates if _passes(assessments[n], filters)}
    elif not filters.include_ended:  # the end date is the one rule that applies without filters
        for end, numbers in compiled.ends.items():
            if Period(end=PartialDate.parse(end)).has_ended(today):
                candidates.difference_update(numbers)
    finals = _refine(index, query, scores, candidates, limit)

    def order(n: int) -> tuple:
        tie = assessments[n].sort_key(False) if n in assessments else ()
        return (-finals[n], tie, compiled.name_order[n])

    top = heapq.nsmallest(limit, finals, key=order)
    hits = []
    words = _Words()
    for rank, n in enumerate(top, start=1):
        entry = catalogue.entries[index.ids[n]]
        assessment = assessments.get(n) or assess(entry, filters.answers, catalogue, today)
        fields = matched_fields(entry, catalogue.regions, matches, words) if query.given else ()
        hits.append(Hit(rank, _shown(assessment, filters), round(finals[n]), fields))
    return SearchResult(query, filters, tuple(hits), len(candidates))


def _refine(index: SearchIndex, query: Query, scores: dict[int, float], candidates: set[int],
            limit: int) -> dict[int, float]:
    """Final scores of the candidates that can still reach the first `limit` places."""
    if not candidates:
        return {}
    if not query.given:
        return dict.fromkeys(candidates, 100.0)
    coarse_weight = (100 - FINE_WEIGHT) / 100
    counts = Counter(scores[n] for n in candidates)
    seen = 0
    for kth in sorted(counts, reverse=True):  # the limit-th best coarse score
        seen += counts[kth]
        if seen >= limit:
            break
    cut = kth - FINE_WEIGHT / coarse_weight
    shortlist = [n for n in candidates if scores[n] >= cut]
    from rapidfuzz import fuzz, process

    text = " ".join(query.words)
    fine = process.extract(text, [index.name(n) for n in shortlist], scorer=fuzz.token_set_ratio,
                           limit=None)
    return {shortlist[i]: scores[shortlist[i]] * coarse_weight + similarity * FINE_WEIGHT / 100
            for _, similarity, i in fine}
