"""Renderers for `lotse coverage`: a coloured terminal table, CSV, JSON and a heat-map HTML page.

The HTML page is meant to be e-mailed around a network: one self-contained file (inline CSS, no
scripts, no external resources), every catalogue text escaped by Jinja2's autoescape.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from lotse.domain.coverage import Cell, Coverage
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.table import Table

T = Messages({
    "title_states": ("Angebote je Ziel in den Ländern", "Services per goal in each Land"),
    "title_state": ("Angebote je Ziel in {state}", "Services per goal in {state}"),
    "region": ("Region", "Region"),
    "nationwide": ("bundesweit (überall zusätzlich)", "nationwide (in addition everywhere)"),
    "nationwide_short": ("+ bundesweit", "+ nationwide"),
    "legend": ("Zahl: aktuelle Angebote für Ratsuchende oder Arbeitgeber, die die ganze Region "
               "abdecken, ohne die bundesweiten; +N: nur in einzelnen Orten des Landes; "
               "– : Lücke (nichts über die bundesweiten Angebote hinaus). Stand {today}.",
               "Number: current services for clients or employers that cover the whole region, "
               "not counting the nationwide ones; +N: only in some places of the Land; "
               "– : gap (nothing beyond the nationwide services). As of {today}."),
    "gaps": ("{n} Lücken", "{n} gaps"),
    "no_places": ("Der Katalog kennt keine Kreise oder Städte in {state}: `lotse coverage` ohne --state "
                  "zeigt das Land als Ganzes.",
                  "The catalogue knows no districts or cities in {state}: `lotse coverage` without --state "
                  "shows the Land as a whole."),
    "places_note": ("Zeilen: die Kreise und Städte in {state}, die der Katalog kennt (data/regions.yaml).",
                    "Rows: the districts and cities in {state} that the catalogue knows (data/regions.yaml)."),
    "generated": ("Erstellt mit lotse aus dem Katalog (Stand {as_of}).",
                  "Made with lotse from the catalogue (as of {as_of})."),
})

# Short column heads for the terminal, where eleven goals must fit side by side; the legend and
# the other formats use the vocabulary's full labels.
SHORT = {
    "recognition": ("Anerk.", "Recog."), "language": ("Dtsch.", "German"), "job": ("Arbeit", "Work"),
    "apprenticeship": ("Ausb.", "Appr."), "qualification": ("Qual.", "Qual."),
    "residence": ("Aufent", "Resid."), "labour_rights": ("Recht", "Rights"),
    "business": ("Gründ.", "Busin."), "orientation": ("Orient", "Orient"),
    "hire": ("Gewinn", "Hire"), "retain": ("Halten", "Retain"),
}

CSV_COLUMNS = ("region_id", "region", "goal", "regional", "local", "nationwide", "gap")


def _short(goal: str, lang: str) -> str:
    de, en = SHORT.get(goal, (goal, goal))
    return en if lang == "en" else de


def title(coverage: Coverage, lang: str) -> str:
    if coverage.state is None:
        return T("title_states", lang)
    return T("title_state", lang, state=coverage.state.label(lang))


def cell_text(cell: Cell) -> str:
    if cell.gap:
        return "–"
    return f"{len(cell.regional)}" + (f"+{len(cell.local)}" if cell.local else "")


def coverage_record(coverage: Coverage, catalogue: Catalogue, lang: str) -> dict[str, Any]:
    vocab = catalogue.vocabulary
    return {
        "today": coverage.today.isoformat(),
        "state": coverage.state.id if coverage.state else None,
        "goals": [{"goal": g, "label": vocab.label("goal", g, lang),
                   "nationwide": list(coverage.nationwide[g])} for g in coverage.goals],
        "regions": [{
            "id": row.region.id,
            "name": row.region.label(lang),
            "type": row.region.type,
            "goals": {g: {"regional": list(c.regional), "local": list(c.local), "gap": c.gap}
                      for g, c in row.cells.items()},
        } for row in coverage.rows],
        "gaps": coverage.gaps(),
    }


def coverage_json(coverage: Coverage, catalogue: Catalogue, lang: str) -> str:
    return json.dumps(coverage_record(coverage, catalogue, lang), ensure_ascii=False, indent=2) + "\n"


def coverage_csv(coverage: Coverage, catalogue: Catalogue, lang: str) -> str:
    """One row per region and goal, with counts: ready for a pivot table."""
    from lotse.present.render.safe_csv import write_rows

    rows = [[row.region.id, row.region.label(lang), goal, len(cell.regional), len(cell.local),
             len(coverage.nationwide[goal]), "yes" if cell.gap else "no"]
            for row in coverage.rows for goal, cell in row.cells.items()]
    buffer = io.StringIO()
    write_rows(buffer, CSV_COLUMNS, rows)
    return buffer.getvalue()


def _style(cell: Cell) -> str:
    count = len(cell.regional)
    if cell.gap:
        return "bold white on red"
    if count == 0:
        return "yellow"
    return "green" if count < 3 else "bold green"


class CoverageTable:
    """The grid for the terminal. Eleven goal columns do not fit 80 columns beside the region
    names, so the goals are split over as many stacked tables as the width needs."""

    COLUMN = 8  # a short head of up to six characters, its padding and the column separator

    def __init__(self, coverage: Coverage, lang: str):
        self.coverage = coverage
        self.lang = lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Table]:
        regions = [T("nationwide_short", self.lang)] + [r.region.label(self.lang) for r in self.coverage.rows]
        name_width = min(max(len(n) for n in regions), 24)
        per_table = max(1, (options.max_width - name_width - 3) // self.COLUMN)
        goals = self.coverage.goals
        for start in range(0, len(goals), per_table):
            yield self._table(goals[start:start + per_table], name_width, first=start == 0)

    def _table(self, goals: tuple[str, ...], name_width: int, first: bool) -> Table:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        coverage, lang = self.coverage, self.lang
        table = Table(title=title(coverage, lang) if first else None, title_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0, 0, 1))
        table.add_column(T("region", lang), width=name_width, overflow="ellipsis", no_wrap=True)
        for goal in goals:
            head = _short(goal, lang)
            table.add_column(head, justify="right", no_wrap=True, min_width=len(head))
        table.add_row(Text(T("nationwide_short", lang), style="dim"),
                      *[Text(str(len(coverage.nationwide[g])), style="dim") for g in goals],
                      end_section=True)
        for row in coverage.rows:
            table.add_row(row.region.label(lang),
                          *[Text(cell_text(row.cells[g]), style=_style(row.cells[g])) for g in goals])
        return table


def coverage_table(coverage: Coverage, catalogue: Catalogue, lang: str) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    if coverage.state is not None and not coverage.rows:
        return Text(T("no_places", lang, state=coverage.state.label(lang)))
    vocab = catalogue.vocabulary
    legend = " · ".join(f"{_short(g, lang)} = {vocab.label('goal', g, lang)}" for g in coverage.goals)
    parts: list[Any] = [CoverageTable(coverage, lang), Text(legend, style="dim"),
                        Text(T("legend", lang, today=coverage.today.isoformat()), style="dim"),
                        Text(T("gaps", lang, n=coverage.gaps()), style="bold")]
    if coverage.state is not None:
        parts.append(Text(T("places_note", lang, state=coverage.state.label(lang)), style="dim"))
    return Group(*parts)


# The heat-map page. Autoescape is on: names and labels come from catalogue files, which
# regional networks write themselves.
PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #d0d0d0; padding: 0.35rem 0.5rem; text-align: center; }
th { background: #f3f3f3; font-weight: 600; vertical-align: bottom; max-width: 8rem; hyphens: auto; }
th.region, td.region { text-align: left; white-space: nowrap; }
tr.nationwide td { color: #555; background: #fafafa; font-style: italic; }
td.gap { background: #c62828; color: #fff; font-weight: 700; }
td.local { background: #fff3c4; }
td.c1 { background: #d9f0d3; } td.c2 { background: #a6dba0; } td.c3 { background: #5aae61; color: #fff; }
td.c4 { background: #1b7837; color: #fff; }
p.legend, p.foot { color: #444; max-width: 60rem; }
@media print { body { margin: 0.5cm; } }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="legend">{{ legend }}</p>
<table>
<thead><tr><th class="region">{{ region_head }}</th>
{%- for goal in goals %}<th scope="col">{{ goal.label }}</th>{% endfor %}</tr></thead>
<tbody>
<tr class="nationwide"><td class="region">{{ nationwide_head }}</td>
{%- for goal in goals %}<td title="{{ goal.nationwide_names }}">{{ goal.nationwide }}</td>{% endfor %}</tr>
{%- for row in rows %}
<tr><td class="region">{{ row.name }}</td>
{%- for cell in row.cells %}<td class="{{ cell.css }}" title="{{ cell.names }}">{{ cell.text }}</td>{% endfor %}</tr>
{%- endfor %}
</tbody>
</table>
<p><strong>{{ gaps }}</strong></p>
{%- if places_note %}<p class="foot">{{ places_note }}</p>{% endif %}
<p class="foot">{{ generated }}</p>
</body>
</html>
"""


def _css(cell: Cell) -> str:
    if cell.gap:
        return "gap"
    if not cell.regional:
        return "local"
    return f"c{min(len(cell.regional), 4)}"


def coverage_html(coverage: Coverage, catalogue: Catalogue, lang: str) -> str:
    """A self-contained heat-map page; hovering a cell names its services."""
    import jinja2

    def names(ids: tuple[str, ...]) -> str:
        return "; ".join(catalogue.entries[i].name for i in ids)

    vocab = catalogue.vocabulary
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(PAGE).render(
        lang=lang,
        title=title(coverage, lang),
        legend=T("legend", lang, today=coverage.today.isoformat()),
        region_head=T("region", lang),
        nationwide_head=T("nationwide", lang),
        goals=[{"label": vocab.label("goal", g, lang), "nationwide": len(coverage.nationwide[g]),
                "nationwide_names": names(coverage.nationwide[g])} for g in coverage.goals],
        rows=[{"name": row.region.label(lang),
               "cells": [{"css": _css(c), "text": cell_text(c), "names": names(c.regional + c.local)}
                         for c in row.cells.values()]} for row in coverage.rows],
        gaps=T("gaps", lang, n=coverage.gaps()),
        places_note=(T("places_note", lang, state=coverage.state.label(lang))
                     if coverage.state is not None else ""),
        generated=T("generated", lang, as_of=catalogue.as_of),
    )
