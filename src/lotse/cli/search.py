"""`lotse search`: find entries by words and filters, for people and for scripts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from lotse.cli import add_command, add_format, load, positive_int
from lotse.errors import UsageError
from lotse.settings import Settings

if TYPE_CHECKING:
    from lotse.model.catalogue import Catalogue

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "ids")


def renderer(format: str):
    """The renderer of each format; a test checks that every format has one."""
    from lotse.present.render import search as render

    return {
        "table": render.as_table,
        "json": render.as_json,
        "jsonl": render.as_jsonl,
        "csv": render.as_csv,
        "tsv": render.as_tsv,
        "ids": render.as_ids,
    }[format]


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters `search` shares with `catalog list` and `export --query`."""
    parser.add_argument("--region", help="Only entries serving this Land, district or city.")
    parser.add_argument("--level", action="append", help="Only this level (repeatable).")
    parser.add_argument("--kind", action="append", help="Only this kind (repeatable).")
    parser.add_argument("--include-ended", action="store_true", help="Also list programmes that have ended.")


def configure(commands: argparse._SubParsersAction, name: str, summary: str) -> None:
    parser = add_command(commands, name, summary, "Filters apply the rules of `lotse ask`.", search)
    parser.add_argument("query", nargs="?", metavar="QUERY",
                        help="Words to look for; typos, umlaut spellings and English are fine.")
    add_filter_options(parser)
    parser.add_argument("--goal", action="append", help="Only entries serving this goal (repeatable).")
    parser.add_argument("--client", help="Only entries for person or employer.")
    parser.add_argument("--status", help="Only entries open to this residence status.")
    parser.add_argument("--age", help="Only entries open to this age.")
    parser.add_argument("--limit", type=positive_int, default=10, metavar="N",
                        help="Show at most N entries (default: %(default)s).")
    add_format(parser, FORMATS)


def resolve_home(catalogue: Catalogue, lang: str) -> str | None:
    """The adviser's home region as a region id; an unknown one is a usage error naming its origin."""
    from lotse.model.places import RegionError
    from lotse.settings import home_region

    found = home_region()
    if found is None:
        return None
    text, where = found
    try:
        return catalogue.regions.resolve(text, lang).id
    except RegionError as exc:
        raise UsageError(f"{where}: {exc}") from None


def search(args: argparse.Namespace, s: Settings) -> None:
    from lotse.domain.search import NoResultsError, Query, make_filters
    from lotse.domain.search import search as run_search
    from lotse.present.render.search import shown_hint

    catalogue = load(s)
    filters = make_filters(catalogue, s.lang, region=args.region, goals=args.goal or (), client=args.client,
                           status=args.status, age=args.age, kinds=args.kind or (), levels=args.level or (),
                           include_ended=args.include_ended)
    result = run_search(catalogue, Query.parse(args.query), filters, s.today, args.limit,
                        home=resolve_home(catalogue, s.lang))
    output = renderer(args.format)(result, catalogue, s.lang, s.today)
    if args.format == "table":
        if result.hits:
            s.console().print(output)
    else:
        s.stdout.write(output)
    hint = shown_hint(result, s.lang)
    if hint:
        s.warn(hint)
    if not result.hits:
        raise NoResultsError()
