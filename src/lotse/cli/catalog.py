"""`lotse catalog validate|list|stale|export|import` and `lotse show`."""


from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

catalog_app = typer.Typer(help="Check, browse, maintain and exchange the service catalogue.",
                          no_args_is_help=True, rich_markup_mode=None)


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@catalog_app.command("validate")
def validate(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Overlay files or folders to check together with the bundled catalogue.")] = None,
) -> None:
    """Check the bundled catalogue and any overlays; report every problem in one run."""
    from lotse.catalogue import read_catalogue
    from lotse.cli import settings
    from lotse.errors import CatalogueError

    s = settings(ctx)
    catalogue, problems = read_catalogue(s.overlays + list(paths or []))
    if problems:
        raise CatalogueError(problems)
    s.warn(f"OK: {len(catalogue)} entries in {len(catalogue.files)} files, no problems.")


@catalog_app.command("list")
def list_(
    ctx: typer.Context,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    level: Annotated[Optional[list[str]], typer.Option(help="Only this level (repeatable).")] = None,
    kind: Annotated[Optional[list[str]], typer.Option(help="Only this kind (repeatable).")] = None,
    region: Annotated[Optional[str], typer.Option(help="Only entries serving this Land, district or city.")] = None,
    include_ended: Annotated[bool, typer.Option("--include-ended", help="Also list programmes that have ended.")] = False,
) -> None:
    """List catalogue entries (ended programmes only with --include-ended)."""
    from lotse.cli import load, settings
    from lotse.errors import UsageError
    from lotse.render import catalogue as render
    from lotse.rules import serves_region

    s = settings(ctx)
    catalogue = load(ctx)
    for field, values in (("level", level), ("kind", kind)):
        allowed = catalogue.vocabulary.values(field)
        for value in values or ():
            if value not in allowed:
                raise UsageError(f"Unknown {field} {value!r}; use one of: {', '.join(allowed)}.")
    place = catalogue.regions.resolve(region, s.lang) if region else None
    entries = [
        e for e in catalogue
        if (include_ended or not e.has_ended(s.today))
        and (not level or e.level in level)
        and (not kind or e.kind in kind)
        and (place is None or serves_region(e, place, catalogue.regions).verdict.value != "not_met")
    ]
    entries.sort(key=lambda e: e.id)
    if format is ListFormat.json:
        s.stdout.write(render.list_json(entries))
    elif format is ListFormat.csv:
        s.stdout.write(render.list_csv(entries, catalogue, s.lang, s.today))
    else:
        s.console().print(render.list_table(entries, catalogue, s.lang, s.today))


def show(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id (see `lotse catalog list`).")],
) -> None:
    """Show one entry in full, including which file it came from."""
    from lotse.cli import load, settings
    from lotse.render import catalogue as render

    s = settings(ctx)
    catalogue = load(ctx)
    entry = catalogue.get(entry_id)
    s.console().print(render.entry_card(entry, catalogue, s.lang, s.today))


def emit(s, rendered) -> None:
    """Text (JSON, CSV) goes to stdout as it is; a rich renderable is printed for the terminal."""
    if isinstance(rendered, str):
        s.stdout.write(rendered)
    else:
        s.console().print(rendered)


def stale_renderers():
    """Every ListFormat mapped to its renderer of a StaleReport (a test checks it is exhaustive)."""
    from lotse.render import freshness as render

    return {ListFormat.table: render.stale_table, ListFormat.json: render.stale_json,
            ListFormat.csv: render.stale_csv}


@catalog_app.command("stale")
def stale(
    ctx: typer.Context,
    older_than: Annotated[str, typer.Option(
        "--older-than", metavar="AGE", help="Age limit: e.g. 12m, 6m, 2y or 90d.")] = "12m",
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """List entries whose information is older than AGE, oldest first, with their source, and
    programmes whose end or review date has passed: what the data's maintainers should check."""
    from lotse.cli import load, settings
    from lotse.freshness import parse_max_age, stale_report

    s = settings(ctx)
    max_age = parse_max_age(older_than)
    report = stale_report(load(ctx), s.today, max_age)
    emit(s, stale_renderers()[format](report, s.lang))


@catalog_app.command("export")
def export(
    ctx: typer.Context,
    hsds: Annotated[Path, typer.Option(
        "--hsds", metavar="DIR", help="Write Open Referral HSDS 3.0 JSON (one file per table) into DIR.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite files of an earlier export.")] = False,
) -> None:
    """Export the catalogue as Open Referral HSDS 3.0, with stable ids, in the UI language."""
    from lotse.cli import load, settings
    from lotse.hsds.directory import write_dir
    from lotse.hsds.to_hsds import export_tables, table_files

    s = settings(ctx)
    catalogue = load(ctx)
    files = table_files(export_tables(catalogue, s.lang, s.today))
    write_dir(files, hsds, force=force)
    s.warn(f"Wrote {len(catalogue)} services as HSDS 3.0 to {hsds}/ ({len(files)} files).")


@catalog_app.command("import")
def import_(
    ctx: typer.Context,
    hsds: Annotated[Path, typer.Option(
        "--hsds", metavar="DIR", help="An HSDS 3.0 directory (one JSON file per table).")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE.yaml", help="The overlay file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Turn an HSDS 3.0 directory into a lotse overlay file; what cannot be mapped is reported on
    stderr. Texts are taken to be in the UI language (--lang)."""
    from lotse.cli import load, settings
    from lotse.files import write_text_atomic
    from lotse.hsds.directory import other_files, read_dir
    from lotse.hsds.from_hsds import import_tables, overlay_yaml

    s = settings(ctx)
    catalogue = load(ctx)
    tables = read_dir(hsds)
    result = import_tables(tables, catalogue, s.lang, source=f"HSDS {hsds.resolve().name}/services.json")
    header = (f"Imported from the HSDS 3.0 directory {hsds.resolve().name} by `lotse catalog import` "
              f"on {s.today.isoformat()}.\nCheck each entry against its source before use; "
              "see data/README.md for the format.")
    write_text_atomic(out, overlay_yaml(result, header), force=force)
    notes = other_files(hsds) + result.notes
    if notes:
        s.warn("Not mapped, or assumed:")
        for note in notes:
            s.warn(f"  - {note}")
    s.warn(f"Wrote {len(result.entries)} of {len(tables['service'])} services to {out}"
           + (f"; {result.skipped} skipped (see above)." if result.skipped else "."))
