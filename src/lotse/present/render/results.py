"""Renderers for recommendations: the JSON contract and the terminal view of `lotse ask`."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from lotse.domain.freshness import freshness_date, grade, is_stale
from lotse.domain.rules import Recommendation, Result, Verdict, eligibility_of
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue
from lotse.present.reasons import condition_text, goal_text, question_text, step_text
from lotse.present.records import contact_record

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text as RichText

T = Messages({
    "results": ("Passende Angebote", "Matching services"),
    "none": ("Kein Angebot passt zu diesen Antworten.", "No service fits these answers."),
    "near": ("Würden passen, wenn …", "Would fit if …"),
    "fallback": ("Allgemeine Beratung, die passt", "General counselling that fits"),
    "why": ("Warum", "Why"),
    "caveats": ("Zu prüfen", "To check"),
    "contact": ("Kontakt", "Contact"),
    "steps": ("Nächste Schritte", "Next steps"),
    "plan": ("Nächste Schritte nach Ziel", "Next steps by goal"),
    "questions": ("Offene Fragen", "Open questions"),
    "shown": ("{shown} von {total} passenden Angeboten; mehr mit --limit.",
              "{shown} of {total} matching services; more with --limit."),
    "contact_step": ("Kontakt aufnehmen mit {name}", "Get in touch with {name}"),
    "as_of": ("Katalogstand {date}", "Catalogue as of {date}"),
    "entry_as_of": ("Stand {date}", "As of {date}"),
    "verified": ("geprüft {date}", "verified {date}"),
    "verify": ("vor Verwendung prüfen: Angaben über ein Jahr alt", "verify before use: information over a year old"),
    "verify_old": ("veraltet: Angaben von {year}, vor der Verweisung telefonisch prüfen",
                   "old: information from {year}, confirm by phone before referring"),
})


def catalogue_as_of(catalogue: Catalogue) -> str:
    return catalogue.as_of.last_day().isoformat()


def reasons(result: Result, catalogue: Catalogue, lang: str) -> list[str]:
    """Why the service fits: the goals it serves, then each condition it meets."""
    a = result.assessment
    lines = [goal_text(a.matched_goals, catalogue, lang)]
    lines += [condition_text(c, catalogue, eligibility_of(a.entry, catalogue).derived, lang)
              for c in a.conditions if c.verdict is Verdict.MET and c.rule != "client"]
    return lines


def caveats(result: Result, catalogue: Catalogue, lang: str) -> list[str]:
    """What the fit rests on that the catalogue does not know."""
    a = result.assessment
    return [condition_text(c, catalogue, (), lang) for c in a.conditions if c.catalogue_unknown]


def next_steps(result: Result, lang: str) -> list[str]:
    if result.next_steps:
        return [step_text(s, lang) for s in result.next_steps]
    return [T("contact_step", lang, name=result.entry.name)]


def freshness_line(result: Result, today: dt.date, lang: str) -> RichText:
    """The entry's date, and a warning when it is past the limit an adviser should trust unchecked."""
    from rich.text import Text

    entry = result.entry
    line = Text(f"  {T('entry_as_of', lang, date=entry.as_of)}", style="dim")
    if entry.verified:
        line.append(f" · {T('verified', lang, date=entry.verified)}", style="dim")
    state = grade(entry, today)
    if state == "check":
        line.append(f"  ⚠ {T('verify', lang)}", style="bold yellow")
    elif state == "old":
        line.append(f"  ⚠ {T('verify_old', lang, year=freshness_date(entry).year)}", style="bold red")
    return line


def result_record(result: Result, catalogue: Catalogue, lang: str, today: dt.date) -> dict[str, Any]:
    entry = result.entry
    return {
        "rank": result.rank,
        "id": entry.id,
        "name": entry.name,
        "provider": entry.provider or "",
        "level": entry.level or "",
        "kind": entry.kind,
        "score": result.score,
        "reasons": reasons(result, catalogue, lang),
        "caveats": caveats(result, catalogue, lang),
        "next_steps": next_steps(result, lang),
        "contacts": [contact_record(c, lang) for c in entry.contacts],
        "url": entry.url or "",
        "as_of": str(entry.as_of),
        "verified": str(entry.verified) if entry.verified else "",
        "verify": is_stale(entry, today),
        "freshness": grade(entry, today),
    }


def recommendation_record(rec: Recommendation, catalogue: Catalogue, lang: str) -> dict[str, Any]:
    return {
        "answers": rec.answers.to_mapping(),
        "catalogue": {"entries": len(catalogue), "as_of": catalogue_as_of(catalogue)},
        "results": [result_record(r, catalogue, lang, rec.today) for r in rec.results],
        "plan": [{"goal": s.goal, "step": s.step.id, "text": step_text(s, lang),
                  "who": s.who.id if s.who else None} for s in rec.plan],
        "questions": [{"answer": q.answer, "adds": [e.id for e in q.adds], "text": question_text(q, lang)}
                      for q in rec.questions],
        "total": rec.total_eligible,
        "near": [{"id": a.entry.id, "name": a.entry.name,
                  "unmet": [condition_text(c, catalogue, (), lang) for c in a.failed]} for a in rec.near],
        "fallback": [{"id": a.entry.id, "name": a.entry.name, "provider": a.entry.provider or "",
                      "contacts": [contact_record(c, lang) for c in a.entry.contacts], "url": a.entry.url or ""}
                     for a in rec.fallback],
    }


def recommendation_json(rec: Recommendation, catalogue: Catalogue, lang: str) -> str:
    return json.dumps(recommendation_record(rec, catalogue, lang), ensure_ascii=False, indent=2) + "\n"


def recommendation_view(rec: Recommendation, catalogue: Catalogue, lang: str) -> RenderableType:
    """The ranked list for the terminal, readable at 80 columns."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    from lotse.present.render.catalogue import contact_text

    parts: list[Any] = [Rule(T("results", lang), align="left")]
    if not rec.results:
        parts.append(Text(T("none", lang), style="bold"))
        if rec.near:
            parts.append(Text(T("near", lang)))
            for a in rec.near:
                parts.append(Text(f"  • {a.entry.name}", style="cyan"))
                parts += [Text(f"      ✗ {condition_text(c, catalogue, (), lang)}", style="red") for c in a.failed]
        if rec.fallback:
            parts.append(Text(T("fallback", lang)))
            for a in rec.fallback:
                parts.append(Text(f"  • {a.entry.name}", style="bold cyan"))
                for contact in a.entry.contacts[:2]:
                    parts.append(Padding(Text(contact_text(contact, lang, True), style="green"), (0, 0, 0, 4)))
                if a.entry.url and not any(c.url == a.entry.url for c in a.entry.contacts):
                    parts.append(Text(f"    {a.entry.url}", style="green"))
        parts.append(Text(""))
    for result in rec.results:
        entry = result.entry
        head = Text(f"{result.rank}. ", style="bold")
        head.append(entry.name, style="bold cyan")
        if entry.provider:
            head.append(f" — {entry.provider}", style="dim")
        body: list[Any] = [head]
        body += [Text(f"  ✓ {line}") for line in reasons(result, catalogue, lang)]
        body += [Text(f"  ? {line}", style="yellow") for line in caveats(result, catalogue, lang)]
        previous = None
        for contact in entry.contacts[:4]:
            text = contact_text(contact, lang, contact.organisation != previous)
            body.append(Padding(Text(text, style="green"), (0, 0, 0, 4)))
            previous = contact.organisation
        if entry.url and not any(c.url == entry.url for c in entry.contacts):
            body.append(Text(f"    {entry.url}", style="green"))
        body += [Text(f"  → {line}") for line in next_steps(result, lang)]
        body.append(freshness_line(result, rec.today, lang))
        parts.append(Group(*body))
        parts.append(Text(""))
    if rec.total_eligible > len(rec.results):
        parts.append(Text(T("shown", lang, shown=len(rec.results), total=rec.total_eligible), style="dim"))
    if rec.plan:
        parts.append(Rule(T("plan", lang), align="left"))
        goal = None
        number = 0
        for step in rec.plan:
            if step.goal != goal:
                goal = step.goal
                number = 0
                parts.append(Text(catalogue.vocabulary.label("goal", goal, lang), style="bold"))
            number += 1
            parts.append(Text(f"  {number}. {step_text(step, lang)}"))
    if rec.questions:
        parts.append(Rule(T("questions", lang), align="left"))
        parts += [Text(f"  • {question_text(q, lang)}", style="yellow") for q in rec.questions]
    parts.append(Text(T("as_of", lang, date=catalogue_as_of(catalogue)), style="dim"))
    return Group(*parts)
