"""Regions: the Länder, Sachsen-Anhalt's districts and the cities the seeds name.

Advisers type region names mid-conversation: "magdeberg", "Dessau Rosslau", "muenchen", "LSA".
Resolution normalises spelling (case, umlauts, ß, hyphens, brackets) and then tolerates typos,
but only when one region is the clear best match; otherwise it offers suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from msgspec import Struct

from lotse.errors import UsageError

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """A spelling-insensitive key: 'Halle (Saale)', 'halle/saale', 'HALLE SAALE' → 'halle saale'."""
    text = text.casefold().translate(_UMLAUTS)
    if not text.isascii():  # accents: "é" is "e" and a combining mark, which is dropped
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip()


class Region(Struct, frozen=True):
    id: str
    name: str  # German name
    name_en: str
    type: str  # state, district, independent_city, city
    state: str  # the Land's id; a Land's own id for a Land
    aliases: tuple[str, ...] = ()

    @property
    def is_state(self) -> bool:
        return self.type == "state"

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


class RegionError(UsageError):
    def __init__(self, text: str, suggestions: list[Region], lang: str = "de"):
        self.text = text
        self.suggestions = suggestions
        if suggestions:
            names = ", ".join(r.label(lang) for r in suggestions)
            message = f"Unknown or ambiguous region {text!r}. Did you mean: {names}?"
        else:
            message = f"Unknown region {text!r}. Give a Land (e.g. Sachsen-Anhalt) or a district or city."
        super().__init__(message)


class Gazetteer(Struct, frozen=True):
    regions: dict[str, Region]
    by_name: dict[str, str]  # normalised name -> id

    @classmethod
    def of(cls, regions: dict[str, Region]) -> Gazetteer:
        by_name: dict[str, str] = {}
        for region in regions.values():
            for name in (region.id, region.name, region.name_en, *region.aliases):
                # A place's own name wins over another region's alias (Halle the city, not a Land).
                by_name.setdefault(normalise(name), region.id)
        return cls(regions, by_name)

    def __contains__(self, region_id: str) -> bool:
        return region_id in self.regions

    def get(self, region_id: str) -> Region:
        return self.regions[region_id]

    def states(self) -> list[Region]:
        return [r for r in self.regions.values() if r.is_state]

    def places_in(self, state_id: str) -> list[Region]:
        return [r for r in self.regions.values() if not r.is_state and r.state == state_id]

    def names(self, lang: str = "de") -> list[str]:
        """Display names for completion, Länder first."""
        ordered = sorted(self.regions.values(), key=lambda r: (not r.is_state, r.label(lang)))
        return [r.label(lang) for r in ordered]

    def resolve(self, text: str, lang: str = "de") -> Region:
        """The region meant by `text`; raises RegionError with suggestions when unsure."""
        key = normalise(text)
        if not key:
            raise RegionError(text, [], lang)
        if key in self.by_name:
            return self.regions[self.by_name[key]]
        from rapidfuzz import fuzz, process

        # Abbreviations (BE, SL, NRW) match only exactly: as fuzzy targets they look like
        # fragments of every typo.
        names = [name for name in self.by_name if len(name) > 3]
        matches = process.extract(key, names, scorer=fuzz.token_sort_ratio, limit=15)
        best: dict[str, float] = {}
        for name, score, _ in matches:
            region_id = self.by_name[name]
            best[region_id] = max(best.get(region_id, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if ranked and ranked[0][1] >= 80 and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= 8):
            return self.regions[ranked[0][0]]
        suggestions = [self.regions[rid] for rid, score in ranked if score >= 60][:5]
        raise RegionError(text, suggestions, lang)


def gazetteer_from_raw(raw: object) -> Gazetteer:
    """Build from the parsed regions.yaml; raises ValueError naming what is wrong."""
    if not isinstance(raw, dict) or not isinstance(raw.get("states"), list):
        raise ValueError("must have a list of states")
    regions: dict[str, Region] = {}

    def add(region: Region) -> None:
        if region.id in regions:
            raise ValueError(f"region id {region.id!r} appears twice")
        regions[region.id] = region

    for item in raw["states"]:
        _require(item, ("id", "de", "en"), "states")
        add(Region(item["id"], item["de"], item["en"], "state", item["id"],
                   _strings(item.get("abbr", ())) + _strings(item.get("aliases", ()))))
    for item in raw.get("places") or ():
        _require(item, ("id", "name", "state", "type"), "places")
        if item["state"] not in regions or not regions[item["state"]].is_state:
            raise ValueError(f"place {item['id']!r}: unknown state {item['state']!r}")
        add(Region(item["id"], item["name"], item.get("en", item["name"]), item["type"],
                   item["state"], _strings(item.get("aliases", ()))))
    return Gazetteer.of(regions)


def _require(item: object, keys: tuple[str, ...], where: str) -> None:
    if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in keys):
        raise ValueError(f"{where}: every item needs {', '.join(keys)} as text, got {item!r}")


def _strings(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)
