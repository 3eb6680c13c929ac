"""Every format of every command family mapped to its renderer, all with one signature: the data
and a `View` (catalogue, language, day) in, a `Rendered` out. The command line decides where it
goes (`lotse.cli.emit`): text as it is to stdout, a rich renderable through the terminal.

Contact sheets have their own map (`lotse.present.sheets.renderers`): they render to bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar, Union

from lotse.present.formats import AskFormat, ListFormat, SearchFormat
from lotse.present.render import catalogue as catalogue_views
from lotse.present.render import coverage as coverage_views
from lotse.present.render import freshness as freshness_views
from lotse.present.render import results as result_views
from lotse.present.render import search as search_views

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lotse.domain.coverage import Coverage
    from lotse.domain.freshness import StaleReport
    from lotse.domain.rules import Recommendation
    from lotse.domain.search import SearchResult
    from lotse.model.catalogue import Catalogue
    from lotse.model.entry import Entry

D = TypeVar("D")
Rendered = Union[str, "RenderableType"]  # text: written as it is; else printed for the terminal


class View(NamedTuple):
    catalogue: Catalogue
    lang: str
    today: dt.date


Renderer = Callable[[D, View], Rendered]

SEARCH: Mapping[SearchFormat, Renderer[SearchResult]] = {
    SearchFormat.table: lambda r, v: search_views.as_table(r, v.catalogue, v.lang, v.today),
    SearchFormat.json: lambda r, v: search_views.as_json(r, v.catalogue, v.lang, v.today),
    SearchFormat.jsonl: lambda r, v: search_views.as_jsonl(r, v.catalogue, v.lang, v.today),
    SearchFormat.csv: lambda r, v: search_views.as_csv(r, v.catalogue, v.lang, v.today),
    SearchFormat.tsv: lambda r, v: search_views.as_tsv(r, v.catalogue, v.lang, v.today),
    SearchFormat.ids: lambda r, v: search_views.as_ids(r, v.catalogue, v.lang, v.today),
}

ENTRIES: Mapping[ListFormat, Renderer[Sequence[Entry]]] = {
    ListFormat.table: lambda e, v: catalogue_views.list_table(e, v.catalogue, v.lang, v.today),
    ListFormat.json: lambda e, v: catalogue_views.list_json(e),
    ListFormat.csv: lambda e, v: catalogue_views.list_csv(e, v.catalogue, v.lang, v.today),
}

STALE: Mapping[ListFormat, Renderer[StaleReport]] = {
    ListFormat.table: lambda r, v: freshness_views.stale_table(r, v.lang),
    ListFormat.json: lambda r, v: freshness_views.stale_json(r, v.lang),
    ListFormat.csv: lambda r, v: freshness_views.stale_csv(r, v.lang),
}

COVERAGE: Mapping[ListFormat, Renderer[Coverage]] = {
    ListFormat.table: lambda c, v: coverage_views.coverage_table(c, v.catalogue, v.lang),
    ListFormat.json: lambda c, v: coverage_views.coverage_json(c, v.catalogue, v.lang),
    ListFormat.csv: lambda c, v: coverage_views.coverage_csv(c, v.catalogue, v.lang),
}

RECOMMENDATION: Mapping[AskFormat, Renderer[Recommendation]] = {
    AskFormat.table: lambda r, v: result_views.recommendation_view(r, v.catalogue, v.lang),
    AskFormat.json: lambda r, v: result_views.recommendation_json(r, v.catalogue, v.lang),
}
