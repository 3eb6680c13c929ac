"""Loading the catalogue: the bundled data plus any local overlays, validated as a whole.

Overlays (`--catalog DIR`, `LOTSE_CATALOG`) let a regional network keep its own entries; an overlay
entry with a bundled entry's id replaces it and records which file it replaced, so that the
replacement is visible in `lotse show`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lotse.chains import Chains
from lotse.errors import CatalogueError, Problem, UsageError
from lotse.model import Entry, PartialDate
from lotse.regions import Gazetteer
from lotse.vocabulary import Vocabulary

T = TypeVar("T")

ENV_VAR = "LOTSE_CATALOG"


def bundled_data_dir() -> Path:
    """The data folder: inside the installed wheel, or data/ of the source tree."""
    packaged = Path(__file__).parent / "data"  # where the wheel puts it (importlib.resources is slow to import)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def overlay_paths(cli_paths: Sequence[Path], environ: dict[str, str] | None = None) -> list[Path]:
    """The overlays in the order they apply: LOTSE_CATALOG first, then each --catalog."""
    env = os.environ if environ is None else environ
    from_env = [Path(p) for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return from_env + list(cli_paths)


def yaml_files(path: Path) -> list[Path]:
    """The catalogue files under a path, in a stable order; raises for a missing path."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise CatalogueError([Problem(str(path), "does not exist or is not a file or folder")])
    try:
        files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError as exc:
        raise CatalogueError([Problem(str(path), f"cannot be read: {exc.strerror or exc}")]) from None
    return files


@dataclass
class Catalogue:
    entries: Mapping[str, Entry]
    vocabulary: Vocabulary
    regions: Gazetteer
    chains: Chains
    files: tuple[Path, ...] = field(default=())
    memo: MutableMapping[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries.values())

    @property
    def as_of(self) -> PartialDate:
        """The date of the newest information in the catalogue."""
        return self.derived("as_of", lambda c: max(entry.as_of for entry in c.entries.values()))

    def derived(self, name: str, build: Callable[[Catalogue], T]) -> T:
        """Data computed from the whole catalogue, once; the cache keeps it between runs."""
        if name not in self.memo:
            self.memo[name] = build(self)
        return self.memo[name]

    def get(self, entry_id: str) -> Entry:
        entry = self.entries.get(entry_id)
        if entry is None:
            raise UnknownEntryError(entry_id, self.suggest(entry_id))
        return entry

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        choices = {e.id: f"{e.id} {e.name}" for e in self.entries.values()}
        matches = process.extract(text, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [key for _, _, key in matches]


class UnknownEntryError(UsageError):
    def __init__(self, entry_id: str, suggestions: list[str]):
        self.entry_id = entry_id
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No entry with id {entry_id!r}.{hint} `lotse catalog list` shows all ids.")


def load_catalogue(overlays: Sequence[Path] = (), data_dir: Path | None = None,
                   cache_dir: Path | None = None) -> Catalogue:
    """The bundled catalogue with overlays applied; raises CatalogueError listing every problem.

    With a `cache_dir` the validated catalogue is compiled there and reused while no source file
    changes (see `lotse.index_cache`)."""
    catalogue, problems = read_catalogue(overlays, data_dir, cache_dir)
    if problems:
        raise CatalogueError(problems)
    return catalogue


def read_catalogue(overlays: Sequence[Path] = (), data_dir: Path | None = None,
                   cache_dir: Path | None = None) -> tuple[Catalogue, list[Problem]]:
    """Read and validate everything, returning the usable part and all problems found."""
    data = data_dir or bundled_data_dir()
    if cache_dir is None:
        from lotse.yamlfiles import paused_gc

        with paused_gc():  # thousands of entries are millions of small objects
            return _read_sources(overlays, data)
    from lotse import index_cache

    read_at = time.time_ns()
    sources = _source_files(overlays, data)
    stamp = index_cache.stamp(sources) if sources is not None else None
    if stamp is None:  # a path is missing: reading reports it
        return _read_sources(overlays, data)
    key = index_cache.cache_key(stamp)
    path = index_cache.cache_file(cache_dir, data, overlays)
    cached = index_cache.load(path, key, lambda: load_catalogue(overlays, data))
    if cached is not None:
        return cached, []
    from lotse.yamlfiles import paused_gc

    with paused_gc():
        catalogue, problems = _read_sources(overlays, data)
        if not problems:
            index_cache.store(path, key, stamp, catalogue, read_at)
    return catalogue, problems


def _source_files(overlays: Sequence[Path], data: Path) -> list[Path] | None:
    """Every file the catalogue is read from, or None when a path cannot be listed."""
    try:
        files = [data / "vocabulary.yaml", data / "regions.yaml", data / "chains.yaml"]
        for path in (data / "catalogue", *overlays):
            files += yaml_files(path)
    except CatalogueError:
        return None
    return files


def _read_sources(overlays: Sequence[Path], data: Path) -> tuple[Catalogue, list[Problem]]:
    from lotse.chains import chains_from_raw
    from lotse.regions import gazetteer_from_raw
    from lotse.yamlfiles import load_yaml

    problems: list[Problem] = []
    vocabulary = _read_support(data / "vocabulary.yaml", Vocabulary.from_raw, problems)
    regions = _read_support(data / "regions.yaml", gazetteer_from_raw, problems)
    if vocabulary is None or regions is None:
        raise CatalogueError(problems)

    entries: dict[str, Entry] = {}
    bundled_files = yaml_files(data / "catalogue")
    layers: list[list[Path]] = [bundled_files]
    for path in overlays:
        try:
            layers.append(yaml_files(path))
        except CatalogueError as exc:
            problems.extend(exc.problems)
    all_files: list[Path] = []
    for files in layers:
        layer: dict[str, Entry] = {}
        for file in files:
            all_files.append(file)
            for entry in _read_entries(file, vocabulary, regions, problems):
                if entry.id in layer:
                    problems.append(Problem(str(file), f"duplicate id (also in {layer[entry.id].origin})",
                                            entry=entry.id, field="id"))
                    continue
                layer[entry.id] = entry
        for entry_id, entry in layer.items():
            if entry_id in entries:
                entry = _replacing(entry, entries[entry_id].origin)
            entries[entry_id] = entry

    for entry in entries.values():
        if entry.part_of is not None and entry.part_of not in entries:
            problems.append(Problem(entry.origin, f"refers to unknown entry {entry.part_of!r}",
                                    entry=entry.id, field="part_of"))
    chains_file = data / "chains.yaml"
    chains: Chains = {}
    raw_chains, problem = load_yaml(chains_file)
    if problem:
        problems.append(problem)
    else:
        chains, chain_problems = chains_from_raw(raw_chains or {}, str(chains_file), vocabulary.values("goal"))
        problems.extend(chain_problems)
        for goal, steps in chains.items():
            for step in steps:
                problems.extend(
                    Problem(str(chains_file), f"step {step.id!r} names unknown entry {who!r}", field=goal)
                    for who in step.who if who not in entries)
    catalogue = Catalogue(entries, vocabulary, regions, chains, tuple(all_files))
    return catalogue, problems


def _replacing(entry: Entry, replaced_origin: str) -> Entry:
    from dataclasses import replace

    return replace(entry, replaces=replaced_origin)


def _read_support(path: Path, build, problems: list[Problem]):
    from lotse.yamlfiles import load_yaml

    raw, problem = load_yaml(path)
    if problem:
        problems.append(problem)
        return None
    try:
        return build(raw)
    except ValueError as exc:
        problems.append(Problem(str(path), str(exc)))
        return None


def _read_entries(file: Path, vocabulary: Vocabulary, regions: Gazetteer,
                  problems: list[Problem]) -> Iterable[Entry]:
    from lotse.schema import EntryReader
    from lotse.yamlfiles import load_yaml

    raw, problem = load_yaml(file)
    if problem:
        problems.append(problem)
        return []
    if raw is None:
        return []
    if not isinstance(raw, dict) or set(raw) != {"entries"} or not isinstance(raw["entries"], list):
        problems.append(Problem(str(file), "must have one top-level key `entries` holding a list"))
        return []
    reader = EntryReader(str(file), vocabulary, regions)
    entries = [e for i, raw_entry in enumerate(raw["entries"]) if (e := reader.read(raw_entry, i))]
    problems.extend(reader.problems)
    return entries
