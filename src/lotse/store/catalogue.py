"""Reading the catalogue: the bundled data plus any local overlays, validated as a whole.

Overlays (`--catalog DIR`, `LOTSE_CATALOG`) let a regional network keep its own entries; an overlay
entry with a bundled entry's id replaces it and records which file it replaced, so that the
replacement is visible in `lotse show`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lotse.errors import CatalogueError, os_reason
from lotse.i18n import Messages
from lotse.model.catalogue import Catalogue, Entries
from lotse.model.problems import Problem

if TYPE_CHECKING:
    from lotse.store.overlays import Assembly, ReadFile
    from lotse.store.speed import Progress

T = TypeVar("T")

ENV_VAR = "LOTSE_CATALOG"
# The folder of an overlay (and of data/) that holds the contact sheet's languages, not entries
# (lotse.present.sheets.language).
LANGUAGES_DIR = "sheet-languages"

M = Messages({
    "missing": ("existiert nicht oder ist weder Datei noch Ordner", "does not exist or is not a file or folder"),
    "unreadable": ("kann nicht gelesen werden: {reason}", "cannot be read: {reason}"),
    "dangling": ("ist eine Verknüpfung auf eine Datei, die es nicht gibt", "is a link to a file that does not exist"),
})


def bundled_data_dir() -> Path:
    """The data folder: inside the installed wheel, or data/ of the source tree."""
    package = Path(__file__).resolve().parents[1]  # lotse/
    packaged = package / "data"  # where the wheel puts it (importlib.resources is slow to import)
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "data"  # src/lotse -> the repository's data/


def overlay_paths(cli_paths: Sequence[Path], environ: Mapping[str, str] | None = None) -> list[Path]:
    """The overlays in the order they apply: LOTSE_CATALOG first, then each --catalog."""
    env = os.environ if environ is None else environ
    from_env = [Path(p) for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return from_env + list(cli_paths)


def yaml_files(path: Path) -> list[Path]:
    """The catalogue files under a path, in a stable order; raises CatalogueError for a missing
    path, and for a folder that cannot be read or a *.yaml link that leads nowhere: a file left
    out in silence would leave its offices out of every answer."""
    import stat

    try:
        info = path.stat()
    except FileNotFoundError:
        raise CatalogueError([Problem.of(str(path), M.text("missing"))]) from None
    except OSError as exc:
        raise CatalogueError([Problem.of(str(path), M.text("unreadable", reason=os_reason(exc)))]) from None
    if stat.S_ISREG(info.st_mode):
        return [path]
    if not stat.S_ISDIR(info.st_mode):
        raise CatalogueError([Problem.of(str(path), M.text("missing"))])
    files: list[Path] = []
    problems: list[Problem] = []

    def unreadable(exc: OSError) -> None:
        problems.append(Problem.of(str(exc.filename or path), M.text("unreadable", reason=os_reason(exc))))

    for root, folders, names in os.walk(path, onerror=unreadable):
        folders[:] = sorted(f for f in folders if not (f == LANGUAGES_DIR and Path(root) == path))
        for name in names:
            file = Path(root, name)
            if file.suffix not in (".yaml", ".yml"):
                continue
            if file.is_file():
                files.append(file)
            elif file.is_symlink():
                problems.append(Problem.of(str(file), M.text("dangling")))
    if problems:
        raise CatalogueError(problems)
    return sorted(files)


def load_catalogue(overlays: Sequence[Path] = (), data_dir: Path | None = None,
                   cache_dir: Path | None = None, progress: Progress | None = None) -> Catalogue:
    """The bundled catalogue with overlays applied; raises CatalogueError listing every problem.

    With a `cache_dir` the validated catalogue is compiled there and reused while no source file
    changes (see `lotse.store.cache.image`)."""
    catalogue, problems = read_catalogue(overlays, data_dir, cache_dir, progress)
    if problems:
        raise CatalogueError(problems)
    return catalogue


def read_catalogue(overlays: Sequence[Path] = (), data_dir: Path | None = None,
                   cache_dir: Path | None = None, progress: Progress | None = None,
                   ) -> tuple[Catalogue, list[Problem]]:
    """Read and validate everything, returning the usable part and all problems found.

    With a `cache_dir` the catalogue is compiled there (`lotse.store.cache.image`) and reused while no
    source file changes, and after a change only the changed files are read again: each file is
    kept compiled on its own (`lotse.store.cache.files`) and the catalogue put together from them. A
    cache folder others could write to is not used (`index_cache.unsafe`). `progress` hears how
    many bytes of YAML are compiled of how many, while files are compiled."""
    from lotse.store.cache import image as index_cache

    if cache_dir is not None and index_cache.unsafe(cache_dir):
        cache_dir = None

    data = data_dir or bundled_data_dir()
    read_at = time.time_ns()
    layers, layer_problems = _layers(overlays, data)
    support = [data / "vocabulary.yaml", data / "regions.yaml", data / "chains.yaml"]

    def recover() -> Catalogue:  # when cached bytes turn out to be damaged
        return load_catalogue(overlays, data)

    sources = None
    if cache_dir is not None and not layer_problems:  # else reading reports the missing path
        sources = index_cache.stamp([*support, *(file for files in layers for file in files)])
    if cache_dir is not None and sources is not None:
        key = index_cache.cache_key(sources)
        path = index_cache.cache_file(cache_dir, data, overlays)
        cached = index_cache.load(path, key, recover)
        if cached is not None:
            return cached, []
    from lotse.store.overlays import assemble, read_each
    from lotse.store.speed import paused_gc

    with paused_gc():  # thousands of entries are millions of small objects
        if cache_dir is None or sources is None:
            assembly = assemble(layers, layer_problems, data, read_each)
            return _in_memory(assembly), assembly.problems
        from lotse.store.cache.files import FileCache

        files = FileCache(cache_dir, sources, support[:2], read_at, progress)
        compiled = assemble(layers, layer_problems, data, files.compiled)
        image = index_cache.compile_image(compiled, key)
        if not compiled.problems:
            index_cache.store(path, image, sources, read_at, files.used)
        return index_cache.open_image(image, key, recover), compiled.problems


def _layers(overlays: Sequence[Path], data: Path) -> tuple[list[list[Path]], list[Problem]]:
    """The catalogue files, bundled first and then each overlay's; an overlay path that cannot
    be listed is a problem (a missing bundled folder raises)."""
    layers = [yaml_files(data / "catalogue")]
    problems: list[Problem] = []
    for path in overlays:
        try:
            layers.append(yaml_files(path))
        except CatalogueError as exc:
            problems.extend(exc.problems)
    return layers, problems


def _in_memory(assembly: Assembly[ReadFile]) -> Catalogue:
    from msgspec.structs import replace

    entries = Entries()
    for f, number, replaced in assembly.entries:
        entry = assembly.files[f].entries[number]
        entries[entry.id] = entry if replaced is None else replace(entry, replaces=replaced)
    return Catalogue(entries, assembly.vocabulary, assembly.regions, assembly.chains, assembly.paths)
