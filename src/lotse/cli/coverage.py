"""`lotse coverage`: services per goal in each Land or district, with the gaps, for coordinators."""

from __future__ import annotations

import argparse
from pathlib import Path

from lotse.cli import add_command, add_format, load
from lotse.settings import Settings

FORMATS = ("table", "csv", "json")


def renderers():
    """Every format mapped to its renderer (a test checks it is exhaustive)."""
    from lotse.present.render import coverage as render

    return {"table": render.coverage_table, "csv": render.coverage_csv, "json": render.coverage_json}


def configure(commands: argparse._SubParsersAction, name: str, summary: str) -> None:
    parser = add_command(commands, name, summary, handler=coverage)
    parser.add_argument("--state", metavar="LAND", help="Rows are this Land's districts and cities (e.g. ST, "
                        "DE-ST, Sachsen-Anhalt); else the Länder.")
    add_format(parser, FORMATS)
    parser.add_argument("--html", type=Path, metavar="FILE",
                        help="Also write a self-contained heat-map page to FILE.")
    parser.add_argument("--force", action="store_true", help="Overwrite the --html file if it exists.")


def coverage(args: argparse.Namespace, s: Settings) -> None:
    from lotse.cli.catalog import emit
    from lotse.domain.coverage import coverage as compute
    from lotse.domain.coverage import resolve_state

    catalogue = load(s)
    land = resolve_state(catalogue, args.state, s.lang) if args.state else None
    result = compute(catalogue, s.today, land)
    if args.html is not None:
        from lotse.output import write_text_atomic
        from lotse.present.render.coverage import coverage_html

        write_text_atomic(args.html, coverage_html(result, catalogue, s.lang), force=args.force)
        s.warn(f"Wrote {args.html}")
    emit(s, renderers()[args.format](result, catalogue, s.lang))
