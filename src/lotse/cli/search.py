"""`lotse search`: find entries by words and filters, for people and for scripts."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

import typer

from lotse.cli.app import command, emit, load, settings
from lotse.cli.options import (
    Catalog,
    FilterAge,
    FilterClient,
    FilterGoals,
    FilterRegion,
    FilterStatus,
    IncludeEnded,
    Kinds,
    Lang,
    Levels,
    one_of,
    positive_int,
)
from lotse.errors import UsageError
from lotse.i18n import Text
from lotse.present.formats import SearchFormat

if TYPE_CHECKING:
    from lotse.model.catalogue import Catalogue


def register(app: typer.Typer, name: str) -> None:
    command(app, name, "cmd.search")(search)


def resolve_home(catalogue: "Catalogue", lang: str, environ: Mapping[str, str]) -> str | None:
    """The adviser's home region as a region id; an unknown one is a usage error naming its origin."""
    from lotse.model.places import RegionError
    from lotse.settings import home_region

    found = home_region(environ)
    if found is None:
        return None
    text, where = found
    try:
        return catalogue.regions.resolve(text, lang).id
    except RegionError as exc:
        raise UsageError(Text("{where}: {error}", "{where}: {error}", where=where, error=exc.message)) from None


def search(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="search.query", metavar="QUERY",
                                                   show_default=False)] = None,
    region: FilterRegion = None,
    level: Levels = None,
    kind: Kinds = None,
    include_ended: IncludeEnded = False,
    goal: FilterGoals = None,
    client: FilterClient = None,
    status: FilterStatus = None,
    age: FilterAge = None,
    limit: Annotated[int, typer.Option("--limit", help="search.limit", metavar="N",
                                       parser=positive_int("--limit"))] = 10,
    format: Annotated[SearchFormat, typer.Option(
        "-f", "--format", help="search.format", metavar="FORMAT",
        parser=one_of(SearchFormat, "--format"))] = SearchFormat.table,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.domain.search import NoResultsError, Query, make_filters
    from lotse.domain.search import search as run_search
    from lotse.present.render.search import shown_hint
    from lotse.present.renderers import SEARCH, View

    s = settings(ctx, lang, catalog)
    catalogue = load(s)
    filters = make_filters(catalogue, s.lang, region=region, goals=goal or (), client=client, status=status,
                           age=age, kinds=kind or (), levels=level or (), include_ended=include_ended)
    result = run_search(catalogue, Query.parse(query), filters, s.today, limit,
                        home=resolve_home(catalogue, s.lang, s.environ))
    if result.hits or format is not SearchFormat.table:
        emit(s, SEARCH[format](result, View(catalogue, s.lang, s.today)))
    hint = shown_hint(result, s.lang)
    if hint:
        s.warn(hint)
    if not result.hits:
        raise NoResultsError()
