"""`lotse catalog validate|list|stale|export|import` and `lotse show`."""

from __future__ import annotations

import argparse
from pathlib import Path

from lotse.cli import add_command, add_format, load
from lotse.cli.search import add_filter_options
from lotse.settings import Settings

LIST_FORMATS = ("table", "json", "csv")


def configure(commands: argparse._SubParsersAction, name: str, summary: str) -> None:
    if name == "show":
        parser = add_command(commands, name, summary, handler=show)
        parser.add_argument("entry_id", metavar="ID", help="The entry's id (see `lotse catalog list`).")
        return
    group = add_command(commands, name, summary)
    group.set_defaults(group=group)
    sub = group.add_subparsers(title="commands", metavar="COMMAND")

    parser = add_command(sub, "validate", "Check the bundled catalogue and any overlays.",
                         "Every problem is reported in one run.", validate)
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="Overlay files or folders to check together with the bundled catalogue.")

    parser = add_command(sub, "list", "List catalogue entries.",
                         "Ended programmes only with --include-ended.", list_)
    add_format(parser, LIST_FORMATS)
    add_filter_options(parser)

    parser = add_command(sub, "stale", "List entries whose information is older than AGE.",
                         "Oldest first, with their source, and programmes whose end or review date has "
                         "passed: what the data's maintainers should check.", stale)
    parser.add_argument("--older-than", metavar="AGE", default="12m",
                        help="Age limit: e.g. 12m, 6m, 2y or 90d (default: %(default)s).")
    add_format(parser, LIST_FORMATS)

    parser = add_command(sub, "export", "Export the catalogue as Open Referral HSDS 3.0.",
                         "With stable ids, in the UI language; written as a whole, in place of an earlier "
                         "export only when complete.", export)
    parser.add_argument("--hsds", type=Path, metavar="DIR", required=True,
                        help="Write HSDS 3.0 into DIR.")
    parser.add_argument("--layout", choices=("csv", "json"), default="csv",
                        help="csv: a Tabular Data Package, one CSV per table and datapackage.json (default); "
                             "json: services.json, every service as a nested document in one Page.")
    parser.add_argument("--force", action="store_true", help="Replace an earlier export in DIR.")

    parser = add_command(sub, "import", "Turn HSDS 3.0 data into a lotse overlay file.",
                         "What cannot be mapped is reported on stderr. Nothing to import: exit 1, no file.",
                         import_)
    parser.add_argument("--hsds", type=Path, metavar="PATH", required=True,
                        help="A folder of CSV tables (with or without datapackage.json) or of JSON tables, or "
                             "a JSON file holding a Page, a list of services or one service.")
    parser.add_argument("-o", "--out", type=Path, metavar="FILE.yaml", required=True,
                        help="The overlay file to write.")
    parser.add_argument("--area", metavar="PLACE",
                        help="The service area of services whose data names none lotse knows.")
    parser.add_argument("--data-lang", choices=("de", "en"),
                        help="The language of the data (default: as the data states, else the UI language).")
    parser.add_argument("--translation", type=Path, metavar="PATH",
                        help="The same directory in the other language: fills the second language by HSDS id.")
    parser.add_argument("--goal-map", type=Path, metavar="FILE.yaml",
                        help="Which taxonomy terms stand for which goals (default: data/hsds-goals.yaml).")
    parser.add_argument("--force", action="store_true", help="Overwrite FILE if it exists.")


def validate(args: argparse.Namespace, s: Settings) -> None:
    from lotse.errors import CatalogueError
    from lotse.store.cache.image import cache_dir
    from lotse.store.catalogue import read_catalogue
    from lotse.store.overlays import overlay_notes

    # Through the cache: only files that had no problems are kept compiled, and the checks across
    # files run on every assembly, so it reports the same and reads again only what changed.
    catalogue, problems = read_catalogue(s.overlays + list(args.paths), cache_dir=cache_dir())
    if problems:
        raise CatalogueError(problems)
    for note in overlay_notes(catalogue):
        s.warn(f"Note: {note}.")
    s.warn(f"OK: {len(catalogue)} entries in {len(catalogue.files)} files, no problems.")


def list_(args: argparse.Namespace, s: Settings) -> None:
    from lotse.domain.rules import serves_region
    from lotse.errors import UsageError
    from lotse.present.render import catalogue as render

    catalogue = load(s)
    for field, values in (("level", args.level), ("kind", args.kind)):
        allowed = catalogue.vocabulary.values(field)
        for value in values or ():
            if value not in allowed:
                raise UsageError(f"Unknown {field} {value!r}; use one of: {', '.join(allowed)}.")
    place = catalogue.regions.resolve(args.region, s.lang) if args.region else None
    entries = [
        e for e in catalogue
        if (args.include_ended or not e.has_ended(s.today))
        and (not args.level or e.level in args.level)
        and (not args.kind or e.kind in args.kind)
        and (place is None or serves_region(e, place, catalogue.regions).verdict.value != "not_met")
    ]
    entries.sort(key=lambda e: e.id)
    if args.format == "json":
        s.stdout.write(render.list_json(entries))
    elif args.format == "csv":
        s.stdout.write(render.list_csv(entries, catalogue, s.lang, s.today))
    else:
        s.console().print(render.list_table(entries, catalogue, s.lang, s.today))


def show(args: argparse.Namespace, s: Settings) -> None:
    from lotse.present.render import catalogue as render

    catalogue = load(s)
    entry = catalogue.get(args.entry_id)
    s.console().print(render.entry_card(entry, catalogue, s.lang, s.today))


def emit(s: Settings, rendered: object) -> None:
    """Text (JSON, CSV) goes to stdout as it is; a rich renderable is printed for the terminal."""
    if isinstance(rendered, str):
        s.stdout.write(rendered)
    else:
        s.console().print(rendered)


def stale_renderers():
    """Every list format mapped to its renderer of a StaleReport (a test checks it is exhaustive)."""
    from lotse.present.render import freshness as render

    return {"table": render.stale_table, "json": render.stale_json, "csv": render.stale_csv}


def stale(args: argparse.Namespace, s: Settings) -> None:
    from lotse.domain.freshness import parse_max_age, stale_report

    max_age = parse_max_age(args.older_than)
    report = stale_report(load(s), s.today, max_age)
    emit(s, stale_renderers()[args.format](report, s.lang))


def export(args: argparse.Namespace, s: Settings) -> None:
    from lotse.present.hsds.directory import export_hsds

    count, files = export_hsds(load(s), s.lang, s.today, args.layout, args.hsds, force=args.force)
    s.warn(f"Wrote {count} services as HSDS 3.0 to {args.hsds}/ ({files} files).")


def import_(args: argparse.Namespace, s: Settings) -> None:
    from lotse.output import write_text_atomic
    from lotse.present.hsds.from_hsds import ImportOptions, NothingImportedError, import_hsds, overlay_yaml

    options = ImportOptions(ui_lang=s.lang, data_lang=args.data_lang, area=args.area, translation=args.translation,
                            goal_map=args.goal_map)
    result = import_hsds(args.hsds, load(s), options)
    if result.notes:
        s.warn("Not mapped, or assumed:")
        for note in result.notes:
            s.warn(f"  - {note}")
    if not result.entries:
        raise NothingImportedError(f"Nothing imported: none of the {result.total} services could be mapped "
                                   f"(see above); {args.out} not written.")
    header = (f"Imported from HSDS 3.0 data ({args.hsds.resolve().name}, in {result.lang}) by `lotse catalog "
              f"import` on {s.today.isoformat()}.\nCheck each entry against its source before use; "
              "see data/README.md for the format.")
    write_text_atomic(args.out, overlay_yaml(result, header), force=args.force)
    s.warn(f"Wrote {len(result.entries)} of {result.total} services to {args.out}"
           + (f"; {result.skipped} left out (see above)." if result.skipped else "."))
