"""`lotse coverage`: services per goal in each Land or district, with the gaps, for coordinators."""

from pathlib import Path
from typing import Annotated

import typer

from lotse.cli.app import command, emit, load, settings
from lotse.cli.options import Catalog, Lang, one_of
from lotse.i18n import Messages
from lotse.present.formats import ListFormat

T = Messages({"wrote": ("{path} geschrieben", "Wrote {path}")})


def register(app: typer.Typer, name: str) -> None:
    command(app, name, "cmd.coverage")(coverage)


def coverage(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option("--state", help="coverage.state", metavar="LAND")] = None,
    format: Annotated[ListFormat, typer.Option(
        "-f", "--format", help="coverage.format", metavar="FORMAT",
        parser=one_of(ListFormat, "--format"))] = ListFormat.table,
    html: Annotated[Path | None, typer.Option("--html", parser=Path, help="coverage.html", metavar="FILE")] = None,
    force: Annotated[bool, typer.Option("--force", help="coverage.force")] = False,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.domain.coverage import coverage as compute
    from lotse.domain.coverage import resolve_state
    from lotse.present.renderers import COVERAGE, View

    s = settings(ctx, lang, catalog)
    catalogue = load(s)
    land = resolve_state(catalogue, state, s.lang) if state else None
    result = compute(catalogue, s.today, land)
    if html is not None:
        from lotse.output import write_text_atomic
        from lotse.present.render.coverage import coverage_html

        write_text_atomic(html, coverage_html(result, catalogue, s.lang), force=force)
        s.warn(T("wrote", s.lang, path=html))
    emit(s, COVERAGE[format](result, View(catalogue, s.lang, s.today)))
