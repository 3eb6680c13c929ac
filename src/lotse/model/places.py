"""Regions: the Länder, every district and independent city, and Sachsen-Anhalt's municipalities.

Advisers type region names mid-conversation: "magdeberg", "Dessau Rosslau", "muenchen", "LSA",
the client's town ("Quedlinburg") or postcode ("06484"). Resolution normalises spelling (case,
umlauts, ß, hyphens, brackets) and then tolerates typos, but only when one region is the clear
best match; otherwise it offers suggestions, those in the home Land (Sachsen-Anhalt) first, so
that a typo is never answered with a city at the other end of Germany. A municipality lies in its
district (`parent`): services of the district serve it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from msgspec import Struct

from lotse.errors import InvalidValue, UsageError, echo
from lotse.i18n import Messages, Text

HOME_STATE = "DE-ST"
_POSTCODE = re.compile(r"^\d{5}$")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")

T = Messages({
    "ambiguous": ("Unbekannte oder mehrdeutige Region {text}. Vielleicht gemeint: {names}.",
                  "Unknown or ambiguous region {text}. Did you mean: {names}?"),
    "unknown": ("Unbekannte Region {text}. Ein Land (z. B. Sachsen-Anhalt), einen Kreis oder eine Stadt angeben.",
                "Unknown region {text}. Give a Land (e.g. Sachsen-Anhalt) or a district or city."),
    # regions.yaml, for the people who maintain the data
    "no_states": ("braucht eine Liste `states`", "must have a list of states"),
    "twice": ("Regions-ID {id} kommt zweimal vor", "region id {id} appears twice"),
    "unknown_state": ("Ort {id}: unbekanntes Land {state}", "place {id}: unknown state {state}"),
    "place_type": ("Ort {id}: `type` muss einer dieser Werte sein: {types}",
                   "place {id}: type must be one of {types}"),
    "unknown_district": ("Gemeinde {id}: unbekannter Kreis {district}",
                         "municipality {id}: unknown district {district}"),
    "item_keys": ("{where}: jeder Eintrag braucht {keys} als Text, gefunden: {item}",
                  "{where}: every item needs {keys} as text, got {item}"),
})


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
    type: str  # state, district, independent_city, city, municipality
    state: str  # the Land's id; a Land's own id for a Land
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # a municipality's district
    postcodes: tuple[str, ...] = ()

    @property
    def is_state(self) -> bool:
        return self.type == "state"

    @property
    def is_municipality(self) -> bool:
        return self.type == "municipality"

    def within(self) -> tuple[str, ...]:
        """This region and the ones containing it below its Land: a town and its district."""
        return (self.id, self.parent) if self.parent else (self.id,)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


class RegionError(UsageError):
    """A region that cannot be resolved, as typed (`typed`), with the closest regions; `lang` is
    no longer needed (the message names the suggestions in both languages) and kept for callers."""

    def __init__(self, typed: str, suggestions: list[Region], lang: str = "de"):
        self.typed = typed
        self.suggestions = suggestions
        if suggestions:
            names = Text(", ".join(r.label("de") for r in suggestions), ", ".join(r.label("en") for r in suggestions))
            super().__init__(T.text("ambiguous", text=echo(typed), names=names))
        else:
            super().__init__(T.text("unknown", text=echo(typed)))


class Gazetteer(Struct, frozen=True):
    regions: dict[str, Region]
    by_name: dict[str, str]  # normalised name -> id
    by_postcode: dict[str, tuple[str, ...]]  # postcode -> the municipalities it reaches

    @classmethod
    def of(cls, regions: dict[str, Region]) -> Gazetteer:
        by_name: dict[str, str] = {}
        for names in ((r.id, r.name, r.name_en) for r in regions.values()):
            for name in names:
                # A region's own name wins over another region's alias (Halle the city, not a Land).
                by_name.setdefault(normalise(name), names[0])
        for region in regions.values():
            for name in region.aliases:
                by_name.setdefault(normalise(name), region.id)
        by_postcode: dict[str, list[str]] = {}
        for region in regions.values():
            for code in region.postcodes:
                by_postcode.setdefault(code, []).append(region.id)
        return cls(regions, by_name, {code: tuple(ids) for code, ids in by_postcode.items()})

    def __contains__(self, region_id: str) -> bool:
        return region_id in self.regions

    def get(self, region_id: str) -> Region:
        return self.regions[region_id]

    def states(self) -> list[Region]:
        return [r for r in self.regions.values() if r.is_state]

    def places_in(self, state_id: str) -> list[Region]:
        """The districts and cities of a Land (not its municipalities)."""
        return [r for r in self.regions.values()
                if not r.is_state and not r.is_municipality and r.state == state_id]

    def municipalities(self) -> list[Region]:
        return [r for r in self.regions.values() if r.is_municipality]

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
        if _POSTCODE.match(key):
            return self._postcode(text, key, lang)
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
        # Home Land first among near-equals: a typo of a town here is not a city 400 km away.
        close = [(rid, score) for rid, score in ranked if score >= 70]
        close.sort(key=lambda item: (-(item[1] // 10), self.regions[item[0]].state != HOME_STATE, -item[1]))
        raise RegionError(text, [self.regions[rid] for rid, _ in close[:5]], lang)

    def _postcode(self, text: str, code: str, lang: str) -> Region:
        """A postcode names its municipality; one shared by several names their common district."""
        towns = [self.regions[rid] for rid in self.by_postcode.get(code, ())]
        districts = {town.parent for town in towns}
        if len(towns) == 1:
            return towns[0]
        if len(districts) == 1 and towns[0].parent is not None:
            return self.regions[towns[0].parent]
        raise RegionError(text, towns[:5], lang)


PLACE_TYPES = ("district", "independent_city", "city")
# A client still abroad: no region in Germany yet. Only nationwide services serve it; a Land or
# district the client is heading for is given instead when known.
ABROAD = Region("abroad", "im Ausland", "abroad", "abroad", "abroad",
                ("Ausland", "noch im Ausland", "lebt im Ausland", "outside Germany", "not in Germany"))


def gazetteer_from_raw(raw: object) -> Gazetteer:
    """Build from the parsed regions.yaml; raises InvalidValue naming what is wrong."""
    if not isinstance(raw, dict) or not isinstance(raw.get("states"), list):
        raise InvalidValue(T.text("no_states"))
    regions: dict[str, Region] = {}

    def add(region: Region) -> None:
        if region.id in regions:
            raise InvalidValue(T.text("twice", id=echo(region.id)))
        regions[region.id] = region

    for item in raw["states"]:
        _require(item, ("id", "de", "en"), "states")
        add(Region(item["id"], item["de"], item["en"], "state", item["id"],
                   _strings(item.get("abbr", ())) + _strings(item.get("aliases", ()))))
    for item in raw.get("places") or ():
        _require(item, ("id", "name", "state", "type"), "places")
        if item["state"] not in regions or not regions[item["state"]].is_state:
            raise InvalidValue(T.text("unknown_state", id=echo(item["id"]), state=echo(item["state"])))
        if item["type"] not in PLACE_TYPES:
            raise InvalidValue(T.text("place_type", id=echo(item["id"]), types=", ".join(PLACE_TYPES)))
        add(Region(item["id"], item["name"], item.get("en", item["name"]), item["type"],
                   item["state"], _strings(item.get("aliases", ()))))
    add(ABROAD)
    for item in raw.get("municipalities") or ():
        _require(item, ("id", "name", "district"), "municipalities")
        district = regions.get(item["district"])
        if district is None or district.type not in ("district", "independent_city"):
            raise InvalidValue(T.text("unknown_district", id=echo(item["id"]), district=echo(item["district"])))
        add(Region(item["id"], item["name"], item["name"], "municipality", district.state,
                   _strings(item.get("aliases", ())), parent=district.id,
                   postcodes=_strings(item.get("postcodes", ()))))
    return Gazetteer.of(regions)


def _require(item: object, keys: tuple[str, ...], where: str) -> None:
    if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in keys):
        raise InvalidValue(T.text("item_keys", where=where, keys=", ".join(keys), item=echo(item)))


def _strings(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)
