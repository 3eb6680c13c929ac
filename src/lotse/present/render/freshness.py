"""Renderers for `lotse catalog stale`: what the people who maintain the data should check."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from lotse.domain.freshness import StaleReport
from lotse.i18n import Messages
from lotse.present.records import source_record

if TYPE_CHECKING:
    from rich.console import RenderableType

T = Messages({
    "stale": ("{n} Einträge mit Stand vor dem {cutoff} (älter als {age})",
              "{n} entries last true before {cutoff} (older than {age})"),
    "past": ("{n} Programme mit abgelaufenem Ende oder Prüfdatum",
             "{n} programmes whose end or review date has passed"),
    "date": ("Stand", "As of"),
    "verified": ("geprüft", "verified"),
    "entry": ("Eintrag", "Entry"),
    "source": ("Quelle", "Source"),
    "when": ("Datum", "Date"),
    "what": ("Was", "What"),
    "end": ("Ende", "end"),
    "review": ("Prüfdatum", "review"),
    "d": ("{n} Tage", "{n} days"),
    "m": ("{n} Monate", "{n} months"),
    "y": ("{n} Jahre", "{n} years"),
})

CSV_COLUMNS = ("reason", "date", "id", "name", "source", "origin")


def stale_record(report: StaleReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "older_than": str(report.max_age),
        "cutoff": report.cutoff.isoformat(),
        "entries": [{
            "id": s.entry.id,
            "name": s.entry.name,
            "date": s.date.isoformat(),
            "as_of": str(s.entry.as_of),
            "verified": str(s.entry.verified) if s.entry.verified else None,
            "age_days": s.age_days,
            "source": source_record(s.entry.source),
            "origin": s.entry.origin,
        } for s in report.entries],
        "programmes": [{
            "id": p.entry.id,
            "name": p.entry.name,
            "what": p.what,
            "date": str(p.date),
            "origin": p.entry.origin,
        } for p in report.past_dates],
    }


def stale_json(report: StaleReport, lang: str) -> str:
    return json.dumps(stale_record(report), ensure_ascii=False, indent=2) + "\n"


def stale_csv(report: StaleReport, lang: str) -> str:
    """One row per finding; `reason` is stale, end or review."""
    from lotse.present.render.safe_csv import write_rows

    rows: list[list[object]] = [
        ["stale", s.date.isoformat(), s.entry.id, s.entry.name, s.entry.source.label(),
         s.entry.origin] for s in report.entries]
    rows += [[p.what, str(p.date), p.entry.id, p.entry.name, p.entry.source.label(),
              p.entry.origin] for p in report.past_dates]
    buffer = io.StringIO()
    write_rows(buffer, CSV_COLUMNS, rows)
    return buffer.getvalue()


def stale_table(report: StaleReport, lang: str) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    def two_lines(first: str, second: str) -> Text:
        text = Text(first)
        text.append(f"\n{second}", style="dim")
        return text

    stale = Table(title=T("stale", lang, n=len(report.entries), cutoff=report.cutoff.isoformat(),
                          age=T(report.max_age.unit, lang, n=report.max_age.amount)),
                  title_justify="left", show_lines=True)
    stale.add_column(T("date", lang), no_wrap=True)
    stale.add_column(T("entry", lang), overflow="fold", ratio=1)
    stale.add_column(T("source", lang), overflow="fold", ratio=1)
    for s in report.entries:
        date = f"{s.date.isoformat()}\n({T('verified', lang)})" if s.verified else str(s.entry.as_of)
        stale.add_row(date, two_lines(s.entry.id, s.entry.name),
                      Text(s.entry.source.label()))
    past = Table(title=T("past", lang, n=len(report.past_dates)), title_justify="left")
    past.add_column(T("when", lang), no_wrap=True)
    past.add_column(T("what", lang), no_wrap=True)
    past.add_column(T("entry", lang), overflow="fold")
    for p in report.past_dates:
        past.add_row(str(p.date), T(p.what, lang), two_lines(p.entry.id, p.entry.name))
    return Group(stale, past)
