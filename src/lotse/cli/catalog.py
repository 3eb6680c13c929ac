"""`lotse show` and `lotse catalog validate|list|stale|export|import`."""

from pathlib import Path
from typing import Annotated

import typer

from lotse.cli.app import command, context_settings, emit, load, new_app, settings
from lotse.cli.options import Catalog, FilterRegion, IncludeEnded, Kinds, Lang, Levels, lang_value, one_of
from lotse.i18n import Messages
from lotse.present.formats import Format, ListFormat

T = Messages({
    "ok": ("OK: {entries} Einträge in {files} Dateien, keine Probleme.",
           "OK: {entries} entries in {files} files, no problems."),
    "unknown_value": ("Unbekannte {field} {value}; möglich: {values}.",
                      "Unknown {field} {value}; use one of: {values}."),
    "level": ("Ebene", "level"),
    "kind": ("Art", "kind"),
    "exported": ("{count} Angebote als HSDS 3.0 nach {folder}/ geschrieben ({files} Dateien).",
                 "Wrote {count} services as HSDS 3.0 to {folder}/ ({files} files)."),
    "not_mapped": ("Nicht übernommen oder angenommen:", "Not mapped, or assumed:"),
    "imported": ("{written} von {total} Angeboten nach {path} geschrieben",
                 "Wrote {written} of {total} services to {path}"),
    "skipped": ("; {count} ausgelassen (siehe oben).", "; {count} left out (see above)."),
    "nothing": ("Nichts importiert: keines der {total} Angebote ließ sich übernehmen (siehe oben); {path} "
                "nicht geschrieben.",
                "Nothing imported: none of the {total} services could be mapped (see above); {path} not written."),
    "note": ("Hinweis: {note}.", "Note: {note}."),
})

class Layout(Format):
    """How `catalog export --hsds` writes HSDS: the two serializations HSDS 3.0 names."""

    csv = "csv"  # a Tabular Data Package: one CSV per table and datapackage.json
    json = "json"  # services.json: one Page of nested service documents


ListFormatOption = Annotated[ListFormat, typer.Option(
    "-f", "--format", help="list.format", metavar="FORMAT",
    parser=one_of(ListFormat, "--format"))]


def register(app: typer.Typer, name: str) -> None:
    """Add `show`, or the `catalog` group with its commands, to `app`."""
    if name == "show":
        command(app, name, "cmd.show")(show)
        return
    group = new_app("cmd.catalog")
    command(group, "validate", "cmd.catalog.validate")(validate)
    command(group, "list", "cmd.catalog.list")(list_)
    command(group, "stale", "cmd.catalog.stale")(stale)
    command(group, "export", "cmd.catalog.export")(export)
    command(group, "import", "cmd.catalog.import")(import_)
    app.add_typer(group, name="catalog", context_settings=context_settings())


def show(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(help="show.id", metavar="ID")],
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.present.render import catalogue as render

    s = settings(ctx, lang, catalog)
    catalogue = load(s)
    s.console().print(render.entry_card(catalogue.get(entry_id), catalogue, s.lang, s.today))


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(parser=Path, help="validate.paths", metavar="PATH",
                                                          show_default=False)] = None,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.errors import CatalogueError
    from lotse.present.sheets.language import validate_languages
    from lotse.store.cache.image import cache_dir
    from lotse.store.catalogue import read_catalogue
    from lotse.store.overlays import overlay_notes

    s = settings(ctx, lang, catalog)
    # Through the cache: only files that had no problems are kept compiled, and the checks across
    # files run on every assembly, so it reports the same and reads again only what changed.
    overlays = s.overlays + list(paths or ())
    catalogue, problems = read_catalogue(overlays, cache_dir=cache_dir(s.environ))
    problems += validate_languages(catalogue, overlays)  # the contact sheet's, bundled and overlaid
    if problems:
        raise CatalogueError(problems, every=True)
    for note in overlay_notes(catalogue):
        s.warn(T("note", s.lang, note=note))
    s.warn(T("ok", s.lang, entries=len(catalogue), files=len(catalogue.files)))


def list_(
    ctx: typer.Context,
    format: ListFormatOption = ListFormat.table,
    region: FilterRegion = None,
    level: Levels = None,
    kind: Kinds = None,
    include_ended: IncludeEnded = False,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.domain.rules import Verdict, serves_region
    from lotse.errors import UsageError, echo
    from lotse.present.renderers import ENTRIES, View

    s = settings(ctx, lang, catalog)
    catalogue = load(s)
    for field, values in (("level", level), ("kind", kind)):
        allowed = catalogue.vocabulary.values(field)
        for value in values or ():
            if value not in allowed:
                raise UsageError(T.text("unknown_value", field=T.text(field), value=echo(value),
                                        values=", ".join(allowed)))
    place = catalogue.regions.resolve(region, s.lang) if region else None
    entries = sorted((
        e for e in catalogue
        if (include_ended or not e.has_ended(s.today))
        and (not level or e.level in level)
        and (not kind or e.kind in kind)
        and (place is None or serves_region(e, place, catalogue.regions).verdict is not Verdict.NOT_MET)
    ), key=lambda e: e.id)
    emit(s, ENTRIES[format](entries, View(catalogue, s.lang, s.today)))


def stale(
    ctx: typer.Context,
    older_than: Annotated[str, typer.Option("--older-than", help="stale.older_than", metavar="AGE")] = "12m",
    format: ListFormatOption = ListFormat.table,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.domain.freshness import parse_max_age, stale_report
    from lotse.present.renderers import STALE, View

    s = settings(ctx, lang, catalog)
    max_age = parse_max_age(older_than)
    catalogue = load(s)
    emit(s, STALE[format](stale_report(catalogue, s.today, max_age), View(catalogue, s.lang, s.today)))


def export(
    ctx: typer.Context,
    hsds: Annotated[Path, typer.Option("--hsds", parser=Path, help="hsds_export.hsds", metavar="DIR")],
    layout: Annotated[Layout, typer.Option("--layout", help="hsds_export.layout", metavar="LAYOUT",
                                           parser=one_of(Layout, "--layout"))] = Layout.csv,
    force: Annotated[bool, typer.Option("--force", help="hsds_export.force")] = False,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.present.hsds.directory import export_hsds

    s = settings(ctx, lang, catalog)
    count, files = export_hsds(load(s), s.lang, s.today, layout.value, hsds, force=force)
    s.warn(T("exported", s.lang, count=count, folder=hsds, files=files))


def import_(
    ctx: typer.Context,
    hsds: Annotated[Path, typer.Option("--hsds", parser=Path, help="hsds_import.hsds", metavar="PATH")],
    out: Annotated[Path, typer.Option("-o", "--out", parser=Path, help="hsds_import.out", metavar="FILE.yaml")],
    area: Annotated[str | None, typer.Option("--area", help="hsds_import.area", metavar="PLACE")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="hsds_import.as_of", metavar="DATE")] = None,
    data_lang: Annotated[str | None, typer.Option("--data-lang", help="hsds_import.data_lang", metavar="de|en",
                                                  parser=lang_value)] = None,
    translation: Annotated[Path | None, typer.Option("--translation", parser=Path, help="hsds_import.translation",
                                                     metavar="PATH")] = None,
    goal_map: Annotated[Path | None, typer.Option("--goal-map", parser=Path, help="hsds_import.goal_map",
                                                  metavar="FILE.yaml")] = None,
    force: Annotated[bool, typer.Option("--force", help="hsds_import.force")] = False,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.output import write_text_atomic
    from lotse.present.hsds.from_hsds import ImportOptions, NothingImportedError, import_hsds, overlay_yaml

    s = settings(ctx, lang, catalog)
    options = ImportOptions(ui_lang=s.lang, data_lang=data_lang, area=area, as_of=as_of, translation=translation,
                            goal_map=goal_map)
    result = import_hsds(hsds, load(s), options)
    if result.notes:
        s.warn(T("not_mapped", s.lang))
        for note in result.notes:
            s.warn(f"  - {note(s.lang)}")
    if not result.entries:
        raise NothingImportedError(T.text("nothing", total=result.total, path=out))
    header = (f"Imported from HSDS 3.0 data ({hsds.resolve().name}, in {result.lang}) by `lotse catalog import` "
              f"on {s.today.isoformat()}.\nCheck each entry against its source before use; see data/README.md "
              "for the format.")  # the overlay file's header, in the language of data/README.md
    write_text_atomic(out, overlay_yaml(result, header), force=force)
    s.warn(T("imported", s.lang, written=len(result.entries), total=result.total, path=out)
           + (T("skipped", s.lang, count=result.skipped) if result.skipped else "."))
