"""The rule-by-rule view of `lotse explain ID`."""

from __future__ import annotations

from lotse.catalogue import Catalogue
from lotse.i18n import Messages
from lotse.reasons import condition_text, goal_text
from lotse.rules import Assessment, Verdict, eligibility_of

T = Messages({
    "recommended": ("Empfohlen: {name}", "Recommended: {name}"),
    "not_recommended": ("Nicht empfohlen: {name}", "Not recommended: {name}"),
    "open": ("Offen: {name} – es fehlen Antworten", "Open: {name} – answers are missing"),
    "no_goals": ("Keine Ziele angegeben", "No goals given"),
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


def explanation_view(assessment: Assessment, goals: tuple[str, ...], catalogue: Catalogue, lang: str):
    from rich.console import Group
    from rich.text import Text

    parts = [Text(headline(assessment, lang), style="bold")]
    for verdict, text in explanation_lines(assessment, goals, catalogue, lang):
        mark, style = MARKS[verdict]
        parts.append(Text(f"  {mark} {text}", style=style))
    return Group(*parts)
