"""Where an imported service is offered: its service areas where lotse knows the place, else the
towns of its addresses, else the place the person importing names (`--area`); each of the last
two marked as derived, with a note that says from what.

A service area is known by its name or the name its extent text begins with ("Harz: Landkreis in
Sachsen-Anhalt", as lotse writes it); "Deutschland" and "bundesweit" are nationwide.
"""

from __future__ import annotations

from typing import Any

from lotse.errors import UsageError, echo
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.model.places import RegionError, normalise
from lotse.present.hsds import Record, text
from lotse.present.hsds.languages import Pair, Texts
from lotse.present.hsds.notes import Notes

NATIONWIDE = {"deutschland", "germany", "bundesweit", "nationwide", "de", "bundesrepublikdeutschland"}

T = Messages({
    "from_address": ("Aus der Adresse abgeleitet (HSDS-Import).", "Inferred from the address (HSDS import)."),
    "from_option": ("Beim HSDS-Import angegeben (--area), nicht in den Daten.",
                    "Given at the HSDS import (--area), not in the data."),
    "option": ("--area: {error}", "--area: {error}"),
    "unknown_area": ("{file}: Gebiet, das nicht in data/regions.yaml steht, ausgelassen",
                     "{file}: area not in data/regions.yaml left out"),
    "no_area": ("{file}: Angebot ohne bekanntes Gebiet (service area) und ohne Adresse ausgelassen "
                "(--area ORT gibt eines an)",
                "{file}: service without a known service area or address left out (--area PLACE gives one)"),
})


def nationwide(name: str) -> bool:
    return normalise(name).replace(" ", "") in NATIONWIDE


def area_option(place: str | None, catalogue: Catalogue, lang: str) -> dict[str, Any] | None:
    """--area as an entry's area; an unknown place is a usage error."""
    if place is None:
        return None
    if nationwide(place):
        return {"area": "nationwide"}
    try:
        region = catalogue.regions.resolve(place, lang)
    except RegionError as exc:
        raise UsageError(T.text("option", error=exc.message)) from None
    return {"area": {"states" if region.is_state else "places": [region.id]}}


class Areas:
    def __init__(self, catalogue: Catalogue, lang: str, texts: Texts, notes: Notes, option: dict[str, Any] | None,
                 files: dict[str, str]):
        self.regions = catalogue.regions
        self.lang = lang
        self.texts = texts
        self.notes = notes
        self.option = option
        self.files = files

    def of(self, areas: list[Record], derived: bool, contacts: list[dict[str, Any]],
           name: str) -> dict[str, Any] | None:
        """The entry's area fields (`area`, `area_derived`, `area_note`); None where there is no
        area to give it (reported)."""
        states: list[str] = []
        places: list[str] = []
        everywhere = False
        note: Pair | None = None
        for area in areas:
            note = note or self.texts.pair("service_area", area, "description")
            names = [n for n in (text(area.get("name")), text(area.get("extent")).split(":")[0]) if n]
            if any(nationwide(n) for n in names):
                everywhere = True
                continue
            region = next((r for r in map(self.resolve, names) if r is not None), None)
            if region is None:
                self.notes.add(T.text("unknown_area", file=self.files["service_area"]),
                               echo(text(area.get("name")) or text(area.get("extent")), 60))
            else:
                (states if region.is_state else places).append(region.id)
        if everywhere or states or places:
            result: dict[str, Any] = {"area": "nationwide"} if everywhere else {"area": {
                k: list(dict.fromkeys(v)) for k, v in (("states", states), ("places", places)) if v}}
            if derived:
                result["area_derived"] = True
            if note:
                result["area_note"] = note
            return result
        towns = self.towns(contacts)
        if towns:
            return {"area": {"places": towns}, "area_derived": True,
                    "area_note": {"de": T("from_address", "de"), "en": T("from_address", "en")}}
        if self.option is not None:
            return {**self.option, "area_derived": True,
                    "area_note": {"de": T("from_option", "de"), "en": T("from_option", "en")}}
        self.notes.add(T.text("no_area", file=self.files["service"]), name)
        return None

    def resolve(self, name: str) -> Any:
        try:
            return self.regions.resolve(name, self.lang)
        except RegionError:
            return None

    def towns(self, contacts: list[dict[str, Any]]) -> list[str]:
        """The districts and towns of the contacts' addresses that lotse knows."""
        regions = [self.resolve(contact.get("address", {}).get("city", "")) for contact in contacts]
        return list(dict.fromkeys(r.id for r in regions if r is not None and not r.is_state))
