"""Finding catalogue entries by what an adviser types: typos, umlaut spellings, English words.

Pure: catalogue + query + filters + today in, ranked hits out.

Matching works on words, so word order does not matter. Every text of an entry (name, id,
provider, summary, offers and keywords in German and English, the names of the regions it serves)
is split into words spelt as `lotse.model.places.normalise` spells them ("München" and "muenchen" are
one word), and the words are kept in an inverted index (`lotse.domain.search_index`). A query word finds index
words that are equal, that begin or end with it (German compounds: "zuschuss" finds
"anerkennungszuschuss"), or that differ by a typo (rapidfuzz's ratio). Adjacent words are also
indexed and queried joined, so a missing or extra hyphen or space does not matter ("Dessau
Rosslau", "dessaurosslau", "Jugend-Migrationsdienst").

A query word that names a place is also met by the services that cover the place as part of
their whole Land or of Germany (`_wider_regions`), somewhat less than by the place's own.

Ranking has two stages so that it stays fast at 20,000 entries: a cheap word score over the index
finds every candidate, and a finer whole-name similarity decides between near-equals. The finer
score moves an entry by at most `FINE_WEIGHT` points, so only candidates within that distance of
the last shown one are scored again: the result is the same as scoring everything finely.

Filters are not implemented here: they are `lotse.domain.rules.assess`, the rules of `lotse ask`, and an
entry is excluded only by a condition that is not met (unknown passes).
"""

from __future__ import annotations

import datetime as dt
import heapq
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, cast

from msgspec import Struct
from msgspec.structs import replace

from lotse.domain.search_index import (
    STOPWORDS,
    TEXT,
    SearchIndex,
    Words,
    entry_texts,
    index_for,
)
from lotse.errors import ExitCode, LotseError, UsageError, echo
from lotse.i18n import Messages, Text
from lotse.model.answers import OPTIONS, Answers, parse_answers
from lotse.model.entry import Entry, PartialDate, Period
from lotse.model.places import Gazetteer, normalise

if TYPE_CHECKING:
    from lotse.domain.rules import Assessment
    from lotse.model.catalogue import Catalogue

T = Messages({
    "unknown": ("Unbekannter Wert {value} für --{option}; einer dieser Werte: {allowed}.",
                "Unknown {option} {value}; use one of: {allowed}."),
    "no_results": ("Kein Eintrag passt.", "No entry matches."),
})

WEIGHTS = (1.0, 0.9, 0.75)  # of a word in a name, in keywords/provider/region, in offers/summary
FIELDS = ("name", "id", "provider", "keywords", "region", "offers", "summary")  # order of `matched`

MIN_MATCH = 50  # below this an entry does not match the query
FINE_WEIGHT = 5.0  # points the whole-name similarity adds, out of 100
# Word equal / begins or ends with the query word / contains it. A word inside another counts
# only in names, keywords and regions (× WEIGHTS falls below MIN_MATCH in summaries and offers):
# "migration" in "Jugendmigrationsdienst" is meant, "halle" in "challenges" is not.
EXACT, AFFIX, INFIX = 100, 90, 65
PHRASE = 5  # points for two query words found next to each other
# A place in the query, for a service that covers it as part of its whole Land, or of Germany: less
# than a service named for the place (a region word is weighed as a keyword), the Land before Germany.
WIDE_DISTRICT, WIDE_LAND, WIDE_NATION = 85 * WEIGHTS[1], 80 * WEIGHTS[1], 75 * WEIGHTS[1]
TYPO_MIN = 6  # shorter words must be spelt right: "halle" is one typo away from "alle"
MAX_WORDS, MAX_WORD = 16, 64  # longer queries are cut: no query can take unbounded time


# -- the query --------------------------------------------------------------------------------

class Query(Struct, frozen=True):
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
    levels: dict[float, list[memoryview]] = {}
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
_HIT_WORDS = Words()  # the words of shown entries' texts, kept for the next search in this process


def _wider_regions(index: SearchIndex, regions: Gazetteer, query: Query) -> dict[str, dict[int, float]]:
    """Query words that name a region ("halle", "dessau rosslau"), each with the services that
    cover it more widely: nationwide ones, and for a place those serving its whole Land. An
    adviser who types "mbe halle" means the MBE that serves Halle, and it is nationwide."""
    words = query.words
    named: dict[str, str] = {}
    for i, word in enumerate(words):
        for key, span in ((word, (word,)), (" ".join(words[i:i + 2]), words[i:i + 2])):
            region_id = regions.by_name.get(key) if len(key) >= 4 else None
            if region_id is not None and region_id != "abroad":  # not a place: "Ausland" is a topic
                named.update(dict.fromkeys(span, region_id))
    wide = index.compiled.wide
    wider: dict[str, dict[int, float]] = {}
    for word, region_id in named.items():
        region = regions.get(region_id)
        wider[word] = dict.fromkeys(wide.get("*", ()), WIDE_NATION)
        if not region.is_state:  # a Land-wide service is found by the Land's name already
            wider[word].update(dict.fromkeys(wide.get(region.state, ()), WIDE_LAND))
        if region.parent is not None:  # a town: the services of its district
            wider[word].update(dict.fromkeys(wide.get(region.parent, ()), WIDE_DISTRICT))
    return wider


def coarse_scores(index: SearchIndex, query: Query,
                  regions: Gazetteer) -> tuple[dict[int, float], WordMatches, set[int]]:
    """Every entry that matches the query, with its word score (0–100); and the entries that
    matched a place in the query by covering it more widely (`_wider_regions`)."""
    similar = {w: _similar_words(index, w) for w in query.words}
    matched = {w: frozenset(index.vocab[p] for p in s) for w, s in similar.items()}
    per_word = {w: _word_scores(index, s, floor=MIN_MATCH if len(query.words) == 1 else 0)
                for w, s in similar.items()}
    widened: set[int] = set()
    for word, covering in _wider_regions(index, regions, query).items():
        scores = per_word[word]
        for number, score in covering.items():
            if scores.get(number, 0.0) < score:
                scores[number] = score
                widened.add(number)
    if len(query.words) == 1:
        return per_word[query.words[0]], matched, widened
    totals: dict[int, float] = {}
    for scores in per_word.values():
        for number, score in scores.items():
            totals[number] = totals.get(number, 0.0) + score
    # Two query words that are one word in the entry ("jugend migrationsdienst").
    for first, second in pairwise(query.words):
        joined = _word_scores(index, _similar_words(index, first + second))
        for number, score in joined.items():
            apart = per_word[first].get(number, 0.0) + per_word[second].get(number, 0.0)
            together = score * (2 + PHRASE / 100)
            if together > apart:
                totals[number] = totals.get(number, 0.0) + together - apart
    count = len(query.words)
    scores = {n: min(100.0, t / count) for n, t in totals.items() if t / count >= MIN_MATCH}
    return scores, matched, widened


def matched_fields(entry: Entry, regions: Gazetteer, matches: WordMatches,
                   words: Words) -> tuple[str, ...]:
    """The fields of an entry in which some query word was found, in `FIELDS` order."""
    found = set().union(*matches.values())
    hit = {field for field, cls, text in entry_texts(entry, regions)
           if found.intersection(words(text, joined=cls != TEXT and field != "id"))}
    return tuple(f for f in FIELDS if f in hit)


# -- filters and results ----------------------------------------------------------------------

class Filters(Struct, frozen=True):
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
                            catalogue.vocabulary, catalogue.regions, lang, where=OPTIONS)
    for field, values in (("kind", kinds), ("level", levels)):
        allowed = catalogue.vocabulary.values(field)
        for value in values:
            if value not in allowed:
                raise UsageError(T.text("unknown", option=field, value=echo(value), allowed=", ".join(allowed)))
    rules = frozenset(k for k in ("client", "region", "status", "age") if raw[k] is not None)
    return Filters(answers, rules, tuple(kinds), tuple(levels), include_ended)


class NoResultsError(LotseError):
    """Nothing matched: exit 1 like grep, so that scripts can test for it."""

    exit_code = ExitCode.NO_RESULTS

    def __init__(self, message: Text | None = None) -> None:
        super().__init__(T.text("no_results") if message is None else message)


class Hit(Struct, frozen=True):
    rank: int
    assessment: Assessment  # only the conditions the filters name, and the end date
    match: int  # 0–100; 100 without a query
    fields: tuple[str, ...]  # where the query was found

    @property
    def entry(self) -> Entry:
        return self.assessment.entry


class SearchResult(Struct, frozen=True):
    query: Query
    filters: Filters
    hits: tuple[Hit, ...]
    total: int  # entries that match, of which `hits` are the first
    ended: int = 0  # entries that would match but have ended (left out without --include-ended)


def _shown(assessment: Assessment, filters: Filters) -> Assessment:
    """The assessment restricted to what the filters asked, so reasons and caveats are theirs."""
    from lotse.domain.rules import Condition, Verdict

    conditions = tuple(
        Condition(c.rule, Verdict.MET, c.reason) if c.rule == "period" and filters.include_ended else c
        for c in assessment.conditions if c.rule in filters.rules or c.rule == "period")
    return replace(assessment, conditions=conditions)


def _passes(assessment: Assessment, filters: Filters) -> bool:
    from lotse.domain.rules import Verdict

    if filters.answers.goals and not assessment.matched_goals:
        return False
    return not any(c.verdict is Verdict.NOT_MET for c in assessment.conditions
                   if c.rule in filters.rules or (c.rule == "period" and not filters.include_ended))


HOME_DISTRICT, HOME_LAND = 6, 3  # points added for ranking (not shown) to what serves the home region


def _home_boost(index: SearchIndex, regions: Gazetteer, home: str | None) -> dict[int, int]:
    """Entries serving the adviser's home region, and how much nearer they rank."""
    region = regions.regions.get(home) if home else None
    if region is None or region.is_state and region.id not in index.compiled.wide:
        return {}
    wide = index.compiled.wide
    boost = dict.fromkeys(wide.get(region.state, ()), HOME_LAND)
    for place in region.within():
        boost.update(dict.fromkeys(wide.get(place, ()), HOME_DISTRICT if not region.is_state else HOME_LAND))
    return boost


def search(catalogue: Catalogue, query: Query, filters: Filters, today: dt.date,
           limit: int = 10, home: str | None = None) -> SearchResult:
    """The entries that match the query and fit the filters, best match first.

    `home` is the adviser's own region (LOTSE_REGION, the config file): what serves it ranks a
    little higher, unless the query names a place or `--region` filters by one."""
    from lotse.domain.rules import assess

    index = index_for(catalogue)
    if query.given:
        scores, matches, widened = coarse_scores(index, query, catalogue.regions)
    else:
        scores, matches, widened = dict.fromkeys(range(len(catalogue)), 100.0), {}, set()
    compiled = index.compiled
    candidates = set(scores)
    if filters.kinds:
        candidates = {n for n in candidates if compiled.kinds[n] in filters.kinds}
    if filters.levels:
        candidates = {n for n in candidates if compiled.levels[n] in filters.levels}
    assessments: dict[int, Assessment] = {}
    ended = {n for end, numbers in compiled.ends.items()
             if Period(end=PartialDate.parse(end)).has_ended(today) for n in numbers} & candidates
    if filters.assessing:
        for n in candidates:
            assessments[n] = assess(catalogue.entries.at(n), filters.answers, catalogue, today)
        with_ended = replace(filters, include_ended=True)
        ended = {n for n in ended if _passes(assessments[n], with_ended)}
        candidates = {n for n in candidates if _passes(assessments[n], filters)}
    elif not filters.include_ended:  # the end date is the one rule that applies without filters
        candidates -= ended
    finals = _refine(index, query, scores, candidates, limit + 10)
    names_place = bool(query.given and _wider_regions(index, catalogue.regions, query))
    boost = {} if names_place or filters.answers.region else _home_boost(index, catalogue.regions, home)
    name_order = compiled.name_order
    ranked: Iterator[tuple[object, ...]]
    if assessments:  # ties: the order of `lotse ask`, then the name
        ranked = ((-finals[n] - boost.get(n, 0), assessments[n].sort_key(False), name_order[n], n) for n in finals)
    else:
        ranked = ((-finals[n] - boost.get(n, 0), name_order[n], n) for n in finals)
    top = [cast(int, key[-1]) for key in heapq.nsmallest(limit, ranked)]
    hits = []
    words = _HIT_WORDS
    for rank, n in enumerate(top, start=1):
        entry = catalogue.entries.at(n)
        assessment = assessments.get(n) or assess(entry, filters.answers, catalogue, today)
        fields = matched_fields(entry, catalogue.regions, matches, words) if query.given else ()
        if n in widened:  # it serves the place the query names
            fields = tuple(f for f in FIELDS if f in fields or f == "region")
        hits.append(Hit(rank, _shown(assessment, filters), round(finals[n]), fields))
    return SearchResult(query, filters, tuple(hits), len(candidates),
                        0 if filters.include_ended else len(ended))


def _refine(index: SearchIndex, query: Query, scores: dict[int, float], candidates: set[int],
            limit: int) -> dict[int, float]:
    """Final scores of the candidates that can still reach the first `limit` places."""
    if not candidates:
        return {}
    if not query.given:
        return dict.fromkeys(candidates, 100.0)
    coarse_weight = (100 - FINE_WEIGHT) / 100
    counts = Counter(map(scores.__getitem__, candidates))
    seen = 0
    for kth in sorted(counts, reverse=True):  # the limit-th best coarse score
        seen += counts[kth]
        if seen >= limit:
            break
    cut = kth - FINE_WEIGHT / coarse_weight
    shortlist = [n for n in candidates if scores[n] >= cut]
    from rapidfuzz import fuzz, process

    text = " ".join(query.words)
    names, starts = index.compiled.names, index.compiled.name_starts
    fine = process.extract(text, [names[starts[n]:starts[n + 1]] for n in shortlist],
                           scorer=fuzz.token_set_ratio, limit=None)
    return {shortlist[i]: scores[shortlist[i]] * coarse_weight + similarity * FINE_WEIGHT / 100
            for _, similarity, i in fine}
