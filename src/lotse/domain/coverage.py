"""Coverage: which goals each Land, or each district of a Land, has services for, and where the gaps are.

For network coordinators, who need to see which districts lack which offers. A service counts when
it is current (not ended) and client-facing (it names clients; offers only for organisations and
professionals are not referrals). Whether a service covers a region is decided by
`rules.serves_region`, the same rule `lotse ask` applies, so the map never disagrees with a
consultation.

Nationwide services serve every region alike, so they are counted once, apart: a gap is a goal
for which a region has nothing beyond them. For a Land, services that serve only some of its
districts or cities are counted apart as local; they are not a gap but not full coverage either.

Pure: catalogue and today's date in, counts out.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from lotse.domain.rules import Verdict, serves_region
from lotse.errors import UsageError
from lotse.i18n import Messages, Text
from lotse.model.catalogue import Catalogue
from lotse.model.entry import Entry
from lotse.model.places import Region

T = Messages({
    "not_land": ("{region} ist kein Land; --state nimmt ein Land, z. B. {land}.",
                 "{region} is not a Land; --state takes a Land, e.g. {land}."),
})


class Cell(Struct, frozen=True):
    """The services of one goal in one region, by id, beyond the nationwide ones."""

    regional: tuple[str, ...]  # cover the whole region (its own, or its Land's)
    local: tuple[str, ...] = ()  # a Land only: serve some of its districts or cities

    @property
    def gap(self) -> bool:
        return not self.regional and not self.local


class Row(Struct, frozen=True):
    region: Region
    cells: dict[str, Cell]  # goal -> cell, in vocabulary order


class Coverage(Struct, frozen=True):
    state: Region | None  # the Land whose districts are the rows; None: the rows are the Länder
    goals: tuple[str, ...]
    nationwide: dict[str, tuple[str, ...]]  # goal -> ids of nationwide services
    rows: tuple[Row, ...]
    today: dt.date

    def gaps(self) -> int:
        return sum(cell.gap for row in self.rows for cell in row.cells.values())


def counted(entry: Entry, today: dt.date) -> bool:
    """Current and client-facing: what a coordinator can refer people to today."""
    return bool(entry.eligibility.clients) and not entry.has_ended(today)


def coverage(catalogue: Catalogue, today: dt.date, state: Region | None = None) -> Coverage:
    """Per region and goal, the services beyond the nationwide ones; rows are the Länder, or the
    districts and cities of `state` that the catalogue knows."""
    goals = catalogue.vocabulary.values("goal")
    entries = sorted((e for e in catalogue if counted(e, today)), key=lambda e: e.id)
    nationwide = {g: tuple(e.id for e in entries if e.area.nationwide and g in e.goals) for g in goals}
    regional = [e for e in entries if not e.area.nationwide]
    regions = catalogue.regions.places_in(state.id) if state else catalogue.regions.states()
    rows = []
    for region in regions:
        verdicts = {e.id: serves_region(e, region, catalogue.regions).verdict for e in regional}
        cells = {}
        for goal in goals:
            serving = [e.id for e in regional if goal in e.goals]
            cells[goal] = Cell(tuple(i for i in serving if verdicts[i] is Verdict.MET),
                               tuple(i for i in serving if verdicts[i] is Verdict.UNKNOWN))
        rows.append(Row(region, cells))
    return Coverage(state, goals, nationwide, tuple(rows), today)


def resolve_state(catalogue: Catalogue, text: str, lang: str = "de") -> Region:
    """The Land meant by `text` (DE-ST, ST, Sachsen-Anhalt, LSA …); raises UsageError otherwise."""
    region = catalogue.regions.resolve(text, lang)
    if not region.is_state:
        land = catalogue.regions.get(region.state)
        raise UsageError(T.text("not_land", region=Text(region.label("de"), region.label("en")),
                                land=Text(land.label("de"), land.label("en"))))
    return region
