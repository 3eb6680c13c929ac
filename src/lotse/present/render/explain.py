"""The rule-by-rule view of `lotse explain ID`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lotse.domain.rules import Assessment, Verdict, eligibility_of
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.present.reasons import condition_text, goal_text

if TYPE_CHECKING:
    from rich.console import RenderableType

T = Messages({
    "recommended": ("Empfohlen: {name}", "Recommended: {name}"),
    "not_recommended": ("Nicht empfohlen: {name}", "Not recommended: {name}"),
    "open": ("Offen: {name} – es fehlen Antworten", "Open: {name} – answers are missing"),
    "no_goals": ("Keine Ziele angegeben", "No goals given"),
    "points": ("Rangpunkte {total}:", "Rank points {total}:"),
    "region": ("Bezirk oder Ort der Person", "client's district or town"),
    "region_land": ("ganzes Land", "whole Land"),
    "region_everywhere": ("Regelangebot in jedem Kreis", "regular service in every district"),
    "region_nation": ("bundesweit", "nationwide"),
    "focus": ("Anteil der eigenen Ziele", "share of its goals that are the client's"),
    "goals": ("weitere Ziele der Person", "further goals of the client"),
    "aim": ("auf die Person zugeschnittene Regeln", "rules aimed at the client"),
    "sector": ("für die Branche der Person", "made for the client's sector"),
    "plan": ("Schritt im Verweisplan", "a step of the referral plan"),
    "currency": ("Angaben älter als drei Jahre", "information more than three years old"),
    "cost": ("kostenpflichtig", "charges fees"),
    "kind": ("Portal oder Netzwerk, keine Beratung", "a portal or network, not counselling"),
    "unknowns": ("Regeln, die der Katalog nicht nennt", "rules the catalogue does not state"),
})
MARKS = {Verdict.MET: ("✓", "green"), Verdict.NOT_MET: ("✗", "red"), Verdict.UNKNOWN: ("?", "yellow")}


def headline(assessment: Assessment, lang: str) -> str:
    name = assessment.entry.name
    if assessment.recommended:
        return T("recommended", lang, name=name)
    if assessment.failed or not assessment.matched_goals:
        return T("not_recommended", lang, name=name)
    return T("open", lang, name=name)


def explanation_lines(assessment: Assessment, goals: tuple[str, ...], catalogue: Catalogue,
                      lang: str) -> list[tuple[Verdict, str]]:
    """Each rule with its verdict, the goal rule first."""
    entry = assessment.entry
    if assessment.matched_goals:
        first = (Verdict.MET, goal_text(assessment.matched_goals, catalogue, lang))
    elif goals:
        first = (Verdict.NOT_MET, goal_text(goals, catalogue, lang, matched=False))
    else:
        first = (Verdict.UNKNOWN, T("no_goals", lang))
    return [first] + [(c.verdict, condition_text(c, catalogue, eligibility_of(entry, catalogue).derived, lang))
                      for c in assessment.conditions]


def points_line(assessment: Assessment, in_plan: bool, lang: str) -> str:
    """The parts of the rank, as README's "How results are chosen" names them."""
    points = assessment.points(in_plan)
    region = {40: "region", 25: "region_land", 20: "region_everywhere"}.get(points.region, "region_nation")
    parts = [(region, points.region)] + [(name, getattr(points, name)) for name in
                                         ("focus", "goals", "aim", "sector", "plan", "currency", "cost", "kind",
                                          "unknowns") if getattr(points, name)]
    return T("points", lang, total=points.total) + " " + ", ".join(f"{T(name, lang)} {value:+d}"
                                                                    for name, value in parts)


def explanation_view(assessment: Assessment, goals: tuple[str, ...], catalogue: Catalogue, lang: str,
                     in_plan: bool = False) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    parts = [Text(headline(assessment, lang), style="bold")]
    for verdict, text in explanation_lines(assessment, goals, catalogue, lang):
        mark, style = MARKS[verdict]
        parts.append(Text(f"  {mark} {text}", style=style))
    if assessment.recommended:
        parts.append(Text(f"  {points_line(assessment, in_plan, lang)}", style="dim"))
    return Group(*parts)
