"""`lotse search`: find entries by words and filters, for people and for scripts.

No `from __future__ import annotations` here: Typer would have to compile every string annotation
of this command on every run.
"""

from enum import Enum
from typing import Annotated, Optional

import typer

from lotse.cli import load, settings


class SearchFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    ids = "ids"


def renderer(format: SearchFormat):
    """The renderer of each format; a test checks that every format has one."""
    from lotse.render import search as render

    return {
        SearchFormat.table: render.as_table,
        SearchFormat.json: render.as_json,
        SearchFormat.jsonl: render.as_jsonl,
        SearchFormat.csv: render.as_csv,
        SearchFormat.tsv: render.as_tsv,
        SearchFormat.ids: render.as_ids,
    }[format]


def search(
    ctx: typer.Context,
    query: Annotated[Optional[str], typer.Argument(
        metavar="[QUERY]", help="Words to look for; typos, umlaut spellings and English are fine.")] = None,
    region: Annotated[Optional[str], typer.Option(help="Only entries serving this Land, district or city.")] = None,
    goal: Annotated[Optional[list[str]], typer.Option("--goal", help="Only entries serving this goal (repeatable).")] = None,
    client: Annotated[Optional[str], typer.Option(help="Only entries for person or employer.")] = None,
    status: Annotated[Optional[str], typer.Option(help="Only entries open to this residence status.")] = None,
    age: Annotated[Optional[str], typer.Option(help="Only entries open to this age.")] = None,
    level: Annotated[Optional[list[str]], typer.Option(help="Only this level (repeatable).")] = None,
    kind: Annotated[Optional[list[str]], typer.Option(help="Only this kind (repeatable).")] = None,
    include_ended: Annotated[bool, typer.Option("--include-ended", help="Also list programmes that have ended.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Show at most N entries.")] = 10,
    format: Annotated[SearchFormat, typer.Option("--format", "-f", help="Output format.")] = SearchFormat.table,
) -> None:
    """Search the catalogue; exit 1 when nothing matches. Filters apply the rules of `lotse ask`."""
    from lotse.render.search import shown_hint
    from lotse.search import NoResultsError, Query, make_filters, search as run_search

    s = settings(ctx)
    catalogue = load(ctx)
    filters = make_filters(catalogue, s.lang, region=region, goals=goal or (), client=client,
                           status=status, age=age, kinds=kind or (), levels=level or (),
                           include_ended=include_ended)
    result = run_search(catalogue, Query.parse(query), filters, s.today, limit)
    output = renderer(format)(result, catalogue, s.lang, s.today)
    if format is SearchFormat.table:
        if result.hits:
            s.console().print(output)
    else:
        s.stdout.write(output)
    hint = shown_hint(result, s.lang)
    if hint:
        s.warn(hint)
    if not result.hits:
        raise NoResultsError()
