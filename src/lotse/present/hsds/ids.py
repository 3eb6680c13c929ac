"""lotse ids for imported services: unique across the catalogue, its overlays and the import.

lotse's own export names its ids; a service imported before keeps the id it was given, found by
its HSDS id, so that importing a directory again updates its entries; any other id is made from
the name and, where another entry has that, prefixed with the organisation's name ("Community
Counselling" of two directories: `community-counselling`, `example-org-community-counselling`),
then numbered.
"""

from __future__ import annotations

import itertools

from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.model.places import normalise
from lotse.present.hsds.notes import Notes
from lotse.store.schema import ID_PATTERN

T = Messages({
    "prefixed": ("ids: ein Name, den schon ein anderer Eintrag hat: vor die ID kommt der Name der Organisation",
                 "ids: a name another entry has: the id is prefixed with the organisation's name"),
})


def slug(name: str) -> str:
    return "-".join(normalise(name).split())[:60].strip("-")


class Ids:
    def __init__(self, catalogue: Catalogue, notes: Notes):
        self.catalogue = catalogue
        self.notes = notes
        self.given: set[str] = set()
        self.numbers: dict[str, int] = {}  # id -> the number to try next for one more of that id
        self.by_hsds_id = {e.hsds_id: e.id for e in catalogue if e.hsds_id}

    def new(self, lotse_id: str, name: str, hsds_id: str, organisation: str) -> str:
        """An id no other entry has: `lotse_id` (from lotse's export), the one an earlier import
        gave this HSDS service, else one made from the name."""
        earlier = self.by_hsds_id.get(hsds_id) if hsds_id else None
        for candidate in (lotse_id, earlier):
            if candidate and ID_PATTERN.match(candidate) and candidate not in self.given:
                self.given.add(candidate)
                return candidate
        base = slug(name) or "hsds-service"
        prefixed = f"{slug(organisation)}-{base}"[:80].strip("-") if slug(organisation) else base
        numbered = (f"{prefixed}-{n}" for n in itertools.count(self.numbers.get(prefixed, 2)))
        chosen = next(c for c in itertools.chain((base, prefixed), numbered)
                      if c not in self.given and c not in self.catalogue.entries)
        if chosen.startswith(f"{prefixed}-"):  # the next one of this name goes on from here
            self.numbers[prefixed] = int(chosen.rsplit("-", 1)[1]) + 1
        if chosen != base:
            self.notes.add(T.text("prefixed"), chosen)
        self.given.add(chosen)
        return chosen
