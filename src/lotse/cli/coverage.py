"""`lotse coverage`: services per goal in each Land or district, with the gaps, for coordinators."""


from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class CoverageFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def renderers():
    """Every CoverageFormat mapped to its renderer (a test checks it is exhaustive)."""
    from lotse.render import coverage as render

    return {CoverageFormat.table: render.coverage_table, CoverageFormat.csv: render.coverage_csv,
            CoverageFormat.json: render.coverage_json}


def coverage(
    ctx: typer.Context,
    state: Annotated[Optional[str], typer.Option(
        "--state", metavar="LAND", help="Rows are this Land's districts and cities (e.g. ST, DE-ST, "
                                        "Sachsen-Anhalt); else the Länder.")] = None,
    format: Annotated[CoverageFormat, typer.Option("--format", "-f", help="Output format.")] = CoverageFormat.table,
    html: Annotated[Optional[Path], typer.Option(
        "--html", metavar="FILE", help="Also write a self-contained heat-map page to FILE.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --html file if it exists.")] = False,
) -> None:
    """How many current services serve each goal in each region, beyond the nationwide ones; gaps
    are marked."""
    from lotse.cli import load, settings
    from lotse.cli.catalog import emit
    from lotse.coverage import coverage as compute, resolve_state

    s = settings(ctx)
    catalogue = load(ctx)
    land = resolve_state(catalogue, state, s.lang) if state else None
    result = compute(catalogue, s.today, land)
    if html is not None:
        from lotse.files import write_text_atomic
        from lotse.render.coverage import coverage_html

        write_text_atomic(html, coverage_html(result, catalogue, s.lang), force=force)
        s.warn(f"Wrote {html}")
    emit(s, renderers()[format](result, catalogue, s.lang))
