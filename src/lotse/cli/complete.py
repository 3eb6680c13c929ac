"""Shell completion that knows the catalogue: entry ids, regions in the user's spelling, the
vocabulary's values with their labels, languages.

The shell runs `lotse` once per Tab with the words typed so far; the catalogue comes from the cache
(the same one the commands use), so that even a 20,000-entry catalogue answers at once. Overlays
named with --catalog on the command line, or in LOTSE_CATALOG, are included. Completion never
fails loudly: a broken catalogue simply completes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typer._click import Context, Parameter
    from typer._click.shell_completion import CompletionItem

    from lotse.model.catalogue import Catalogue

Item = tuple[str, str]  # (value, help shown beside it by zsh and fish)
Completer = Callable[["Context", str], list[Item]]


def _given(ctx: Context, name: str) -> Any:
    """An option's value as parsed so far, on the command or before it (--lang, --catalog)."""
    for context in (ctx, ctx.find_root()):
        value = context.params.get(name)
        if value:
            return value
    return None


def _lang(ctx: Context) -> str:
    from lotse.settings import resolve_lang

    return resolve_lang(_given(ctx, "lang"))


@cache
def _catalogue(overlays: tuple[str, ...]) -> Catalogue | None:
    from lotse.errors import LotseError
    from lotse.store.cache.image import cache_dir
    from lotse.store.catalogue import load_catalogue, overlay_paths

    try:  # an unsafe cache folder is passed over by the store, silently
        return load_catalogue(overlay_paths([Path(p) for p in overlays]), cache_dir=cache_dir())
    except (LotseError, OSError):
        return None


def _loaded(ctx: Context) -> Catalogue | None:
    return _catalogue(tuple(str(p) for p in _given(ctx, "catalog") or ()))


def _matching(items: list[Item], incomplete: str) -> list[Item]:
    """The items that start with what was typed, in any case and with umlauts spelt either way."""
    from lotse.model.places import normalise

    typed = normalise(incomplete)
    return [item for item in items if normalise(item[0]).startswith(typed)]


def entry_ids(ctx: Context, incomplete: str) -> list[Item]:
    catalogue = _loaded(ctx)
    if catalogue is None:
        return []
    ids = [entry_id for entry_id in catalogue.entries if entry_id.startswith(incomplete)]
    if len(ids) > 50:  # names are decoded only for a short list
        return [(entry_id, "") for entry_id in ids]
    return [(entry_id, catalogue.entries[entry_id].name) for entry_id in ids]


def regions(ctx: Context, incomplete: str) -> list[Item]:
    """Länder, districts, cities and towns by their names and other spellings in the UI language,
    Länder first, each with the district it lies in."""
    catalogue = _loaded(ctx)
    if catalogue is None:
        return []
    lang = _lang(ctx)
    gazetteer = catalogue.regions
    ordered = sorted(gazetteer.regions.values(), key=lambda r: (not r.is_state, r.label(lang)))
    items: list[Item] = []
    for region in ordered:
        parent = gazetteer.get(region.parent).label(lang) if region.parent else ""
        items += [(name, parent) for name in dict.fromkeys((region.label(lang), *region.aliases))]
    return _matching(items, incomplete)


def _values(field: str) -> Completer:
    def complete(ctx: Context, incomplete: str) -> list[Item]:
        catalogue = _loaded(ctx)
        if catalogue is None:
            return []
        lang, vocabulary = _lang(ctx), catalogue.vocabulary
        return _matching([(value, vocabulary.label(field, value, lang)) for value in vocabulary.values(field)],
                         incomplete)

    return complete


def german_levels(ctx: Context, incomplete: str) -> list[Item]:
    from lotse.model.entry import GERMAN_LEVELS

    return _matching([(level, "") for level in GERMAN_LEVELS], incomplete)


def languages(ctx: Context, incomplete: str) -> list[Item]:
    return _matching([("de", "Deutsch"), ("en", "English")], incomplete)


def formats(ctx: Context, incomplete: str) -> list[Item]:
    from lotse.cli.app import FORMAT_OPTIONS

    kind = FORMAT_OPTIONS.get(ctx.command.name or "")
    return _matching([(f.value, "") for f in kind], incomplete) if kind else []


# What completes each option, and each argument by its name.
OPTIONS: dict[str, Completer] = {
    "--region": regions, "--state": regions, "--status": _values("status"), "--client": _values("client"),
    "--qualification": _values("qualification"), "--goal": _values("goal"), "--gender": _values("gender"),
    "--sector": _values("sector"), "--kind": _values("kind"), "--level": _values("level"),
    "--german-level": german_levels, "--lang": languages, "--sheet-lang": languages, "--format": formats,
}
ARGUMENTS: dict[str, Completer] = {"entry_id": entry_ids, "entry_ids": entry_ids, "ids": entry_ids}


def completer(param: Parameter) -> Completer | None:
    if param.param_type_name == "argument":
        return ARGUMENTS.get(param.name or "")
    return next((OPTIONS[o] for o in param.opts if o in OPTIONS), None)


def items(found: list[Item]) -> list[CompletionItem]:
    from typer._click.shell_completion import CompletionItem  # Typer carries its own Click

    return [CompletionItem(value, help=help or None) for value, help in found]
