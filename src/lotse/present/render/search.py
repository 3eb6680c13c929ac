"""Renderers for `lotse search`: pure functions from a search result to text.

The JSON result objects carry the fields of `lotse ask --format json` results (see
`lotse.present.render.results.result_record`) plus `match`; CSV and TSV give one row per entry with its
first contact, neutralised against formula injection like every CSV lotse writes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TYPE_CHECKING, Any

from lotse.domain.freshness import DEFAULT_MAX_AGE, is_stale
from lotse.domain.search import Hit, SearchResult
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue

if TYPE_CHECKING:
    from rich.console import RenderableType

T = Messages({
    "found": ("Suchbegriff gefunden in: {fields}", "Query found in: {fields}"),
    "name": ("Name", "name"),
    "id": ("ID", "id"),
    "provider": ("Träger", "provider"),
    "keywords": ("Stichwörter", "keywords"),
    "region": ("Region", "region"),
    "offers": ("Angebote", "offers"),
    "summary": ("Beschreibung", "summary"),
    "match": ("Treffer", "Match"),
    "area": ("Gebiet", "Area"),
    "as_of": ("Stand", "As of"),
    "verify": ("⚠ vor Verwendung prüfen: älter als {age} Monate", "⚠ verify before use: older than {age} months"),
    "kind": ("Art", "Kind"),
    "shown": ("{shown} von {total} Treffern; mehr mit --limit.", "{shown} of {total} matches; more with --limit."),
    "ended": ("{n} beendete(s) Programm(e) passen auch; anzeigen mit --include-ended.",
              "{n} ended programme(s) also match; show them with --include-ended."),
})

CSV_COLUMNS = ("rank", "match", "id", "name", "provider", "kind", "level", "area", "contact_organisation",
               "contact_name", "phone", "email", "address", "url", "as_of")


def hit_reasons(hit: Hit, catalogue: Catalogue, lang: str) -> list[str]:
    """Why the entry is listed: where the query was found, the goals it serves, the filters it meets."""
    from lotse.domain.rules import Verdict, eligibility_of
    from lotse.present.reasons import condition_text, goal_text

    a = hit.assessment
    lines = []
    if hit.fields:
        lines.append(T("found", lang, fields=", ".join(T(f, lang) for f in hit.fields)))
    if a.matched_goals:
        lines.append(goal_text(a.matched_goals, catalogue, lang))
    lines += [condition_text(c, catalogue, eligibility_of(a.entry, catalogue).derived, lang)
              for c in a.conditions if c.verdict is Verdict.MET and c.rule != "client"]
    return lines


def hit_record(hit: Hit, result: SearchResult, catalogue: Catalogue, lang: str,
               today: dt.date) -> dict[str, Any]:
    """One result in the `ask --format json` shape, with `match` (0–100)."""
    from lotse.domain.rules import Result
    from lotse.present.render.results import result_record

    a = hit.assessment
    record = result_record(Result(hit.rank, a, a.score(len(result.filters.answers.goals), False), ()),
                           catalogue, lang, today)
    record["reasons"] = hit_reasons(hit, catalogue, lang)
    record["match"] = hit.match
    return record


def as_json(result: SearchResult, catalogue: Catalogue, lang: str, today: dt.date) -> str:
    from lotse.present.render.results import catalogue_as_of

    filters = result.filters
    document = {
        "query": result.query.text,
        "filters": {**{k: v for k, v in filters.answers.to_mapping().items() if v not in (None, [])},
                    "kinds": list(filters.kinds), "levels": list(filters.levels),
                    "include_ended": filters.include_ended},
        "catalogue": {"entries": len(catalogue), "as_of": catalogue_as_of(catalogue)},
        "results": [hit_record(h, result, catalogue, lang, today) for h in result.hits],
        "total": result.total,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_jsonl(result: SearchResult, catalogue: Catalogue, lang: str, today: dt.date) -> str:
    return "".join(json.dumps(hit_record(h, result, catalogue, lang, today), ensure_ascii=False) + "\n"
                   for h in result.hits)


def csv_rows(result: SearchResult, catalogue: Catalogue, lang: str) -> list[list[object]]:
    from lotse.present.records import contact_record
    from lotse.present.render.catalogue import area_label

    rows = []
    for hit in result.hits:
        e = hit.entry
        contact = contact_record(e.contacts[0], lang) if e.contacts else {}
        rows.append([hit.rank, hit.match, e.id, e.name, e.provider or "", e.kind, e.level or "",
                     area_label(e, catalogue, lang), contact.get("organisation", ""),
                     contact.get("name", ""), contact.get("phone", ""), contact.get("email", ""),
                     contact.get("address", ""), e.url or contact.get("url", ""), str(e.as_of)])
    return rows


def _delimited(result: SearchResult, catalogue: Catalogue, lang: str, delimiter: str) -> str:
    from lotse.present.render.safe_csv import write_rows

    buffer = io.StringIO()
    write_rows(buffer, CSV_COLUMNS, csv_rows(result, catalogue, lang), delimiter=delimiter)
    return buffer.getvalue()


def as_csv(result: SearchResult, catalogue: Catalogue, lang: str, today: dt.date) -> str:
    return _delimited(result, catalogue, lang, ",")


def as_tsv(result: SearchResult, catalogue: Catalogue, lang: str, today: dt.date) -> str:
    return _delimited(result, catalogue, lang, "\t")


def as_ids(result: SearchResult, catalogue: Catalogue, lang: str, today: dt.date) -> str:
    return "".join(f"{h.entry.id}\n" for h in result.hits)


NARROW = 60  # below this many columns a table squeezes the names away: a list instead


class _Adaptive:
    """The table on a terminal wide enough for it, else one hit per block: the name always shows."""

    def __init__(self, table: Any, lines: list[str]):
        self.table, self.lines = table, lines

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        if options.max_width >= NARROW:
            yield self.table
        else:
            yield from (Text(line) for line in self.lines)


def as_table(result: SearchResult, catalogue: Catalogue, lang: str, today: dt.date) -> RenderableType:
    """A rich Table for the terminal (a list on a narrow one); the match column only when there
    was a query."""
    from rich.table import Table

    from lotse.present.render.catalogue import area_label

    table = Table(show_lines=False)
    table.add_column("#", justify="right")
    if result.query.given:
        table.add_column(T("match", lang), justify="right")
    table.add_column("Name", overflow="fold")
    table.add_column("ID", overflow="fold")
    table.add_column(T("area", lang), overflow="fold")
    table.add_column(T("as_of", lang), no_wrap=True)
    for hit in result.hits:
        e = hit.entry
        name = e.name + (f" — {e.provider}" if e.provider else "")
        as_of = str(e.verified or e.as_of) + (" ⚠" if is_stale(e, today) else "")
        cells = [str(hit.rank), *([str(hit.match)] if result.query.given else []), name, e.id,
                 area_label(e, catalogue, lang), as_of]
        table.add_row(*cells)
    if any(is_stale(hit.entry, today) for hit in result.hits):
        table.caption = T("verify", lang, age=DEFAULT_MAX_AGE.amount)
    lines = []
    for hit in result.hits:
        e = hit.entry
        mark = " ⚠" if is_stale(e, today) else ""
        lines += [f"{hit.rank}. {e.name}", f"   {e.id} · {e.verified or e.as_of}{mark}"]
    return _Adaptive(table, lines)


def shown_hint(result: SearchResult, lang: str) -> str | None:
    """For stderr: that there are more matches than shown, and ended ones left out."""
    hints = []
    if result.total > len(result.hits):
        hints.append(T("shown", lang, shown=len(result.hits), total=result.total))
    if result.ended:
        hints.append(T("ended", lang, n=result.ended))
    return "\n".join(hints) or None
