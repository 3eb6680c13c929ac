"""The catalogue as its files make it: each file read on its own, then the files put together.

Reading a file (parsing and validating it) is the costly part, and it depends on nothing but the
file and the vocabulary and regions its entries are checked against, so it can be kept per file
(`lotse.store.cache.files`). Putting the files together is the catalogue-level step, done on every build
from ids and references alone so that it stays cheap: an overlay entry replaces a bundled one with
its id, an id twice in one layer is a problem, and so is a `part_of` or a referral chain step that
names an entry the catalogue does not hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from msgspec import Struct

from lotse.errors import CatalogueError, echo, reason
from lotse.i18n import Messages, Text
from lotse.model.catalogue import REPLACED, Catalogue
from lotse.model.chains import Chains
from lotse.model.entry import Entry
from lotse.model.places import Gazetteer
from lotse.model.problems import Problem
from lotse.model.vocabulary import Vocabulary

T = Messages({
    "entries": ("braucht genau einen Schlüssel `entries` auf oberster Ebene, mit einer Liste",
                "must have one top-level key `entries` holding a list"),
    "duplicate": ("doppelte ID (auch in {first})", "duplicate id (also in {first})"),
    "unknown_part_of": ("verweist auf den unbekannten Eintrag {id}", "refers to unknown entry {id}"),
    "unknown_actor": ("Schritt {step} nennt den unbekannten Eintrag {id}", "step {step} names unknown entry {id}"),
    "actor_goal": ("Schritt {step} nennt {id}, das dem Ziel {goal} nicht dient: das Ziel beim Eintrag "
                   "ergänzen oder den Eintrag aus dem Schritt nehmen",
                   "step {step} names {id}, which does not serve the goal {goal}: add the goal to the entry "
                   "or take it out of the step"),
    # what `catalog validate` notes of a catalogue without problems
    "replaces": ("{origin}: Eintrag {id} ersetzt den Eintrag gleicher ID in {earlier}",
                 "{origin}: entry {id} replaces the one in {earlier}"),
})


class FileEntries(Protocol):
    """What the catalogue-level step needs from one file, read now or compiled earlier."""

    @property
    def origin(self) -> str: ...  # the file as named; its entries record it

    @property
    def ids(self) -> Sequence[str]: ...

    @property
    def part_of(self) -> Sequence[str | None]: ...

    @property
    def goals(self) -> Sequence[tuple[str, ...]]: ...

    @property
    def problems(self) -> Sequence[Problem]: ...


F = TypeVar("F", bound=FileEntries)


class ReadFile(Struct, frozen=True):
    """One file, parsed and validated: its valid entries and everything wrong in it."""

    origin: str
    entries: tuple[Entry, ...]
    ids: tuple[str, ...]
    part_of: tuple[str | None, ...]
    goals: tuple[tuple[str, ...], ...]
    problems: tuple[Problem, ...]

    @classmethod
    def of(cls, origin: str, entries: Sequence[Entry], problems: Sequence[Problem]) -> ReadFile:
        return cls(origin, tuple(entries), tuple(e.id for e in entries), tuple(e.part_of for e in entries),
                   tuple(e.goals for e in entries), tuple(problems))


def read_file(file: Path, vocabulary: Vocabulary, regions: Gazetteer) -> ReadFile:
    from lotse.store.schema import EntryReader
    from lotse.store.yaml_files import load_yaml

    raw, problem = load_yaml(file)
    if problem:
        return ReadFile.of(str(file), (), [problem])
    if raw is None:
        return ReadFile.of(str(file), (), ())
    if not isinstance(raw, dict) or set(raw) != {"entries"} or not isinstance(raw["entries"], list):
        return ReadFile.of(str(file), (), [Problem.of(str(file), T.text("entries"))])
    reader = EntryReader(str(file), vocabulary, regions)
    entries = [e for i, raw_entry in enumerate(raw["entries"]) if (e := reader.read(raw_entry, i))]
    return ReadFile.of(str(file), entries, reader.problems)


class Assembly(Generic[F], Struct, frozen=True):
    """The catalogue as its files make it, before any entry needs to be looked at."""

    files: list[F]  # in the order of `paths`
    entries: list[tuple[int, int, str | None]]  # in catalogue order: (file, entry in it, the file
    # of the entry it replaces)
    vocabulary: Vocabulary
    regions: Gazetteer
    chains: Chains
    paths: tuple[Path, ...]
    problems: list[Problem]


def read_each(paths: Sequence[Path], vocabulary: Vocabulary, regions: Gazetteer) -> list[ReadFile]:
    return [read_file(path, vocabulary, regions) for path in paths]


def assemble(layers: Sequence[Sequence[Path]], layer_problems: Sequence[Problem], data: Path,
             read: Callable[[Sequence[Path], Vocabulary, Gazetteer], Sequence[F]]) -> Assembly[F]:
    """Read the files of every layer (bundled first, then each overlay) with `read`, all at once
    so that it may read them in parallel, and put them together; every problem is reported, the
    usable part is kept."""
    from lotse.model.chains import chains_from_raw
    from lotse.model.places import gazetteer_from_raw
    from lotse.store.yaml_files import load_yaml

    problems: list[Problem] = []
    vocabulary = _read_support(data / "vocabulary.yaml", Vocabulary.from_raw, problems)
    regions = _read_support(data / "regions.yaml", gazetteer_from_raw, problems)
    if vocabulary is None or regions is None:
        raise CatalogueError(problems)
    problems += layer_problems

    files: list[F] = []
    entries: dict[str, tuple[int, int]] = {}  # id → (file, entry in it), in catalogue order
    replaces: dict[str, str] = {}
    read_files = iter(read([path for paths in layers for path in paths], vocabulary, regions))
    for paths in layers:
        layer: dict[str, tuple[int, int]] = {}
        for _ in paths:
            file = next(read_files)
            files.append(file)
            problems.extend(file.problems)
            for number, entry_id in enumerate(file.ids):
                if entry_id in layer:
                    first = files[layer[entry_id][0]].origin
                    problems.append(Problem.of(file.origin, T.text("duplicate", first=first),
                                               entry=entry_id, field="id"))
                    continue
                layer[entry_id] = (len(files) - 1, number)
        for entry_id, place in layer.items():
            if entry_id in entries:
                replaces[entry_id] = files[entries[entry_id][0]].origin
            entries[entry_id] = place

    for entry_id, (f, number) in entries.items():
        part_of = files[f].part_of[number]
        if part_of is not None and part_of not in entries:
            problems.append(Problem.of(files[f].origin, T.text("unknown_part_of", id=echo(part_of)),
                                       entry=entry_id, field="part_of"))
    chains_file = data / "chains.yaml"
    bundled = len(layers[0]) if layers else 0  # the files the chains were written for
    chains: Chains = {}
    raw_chains, problem = load_yaml(chains_file)
    if problem:
        problems.append(problem)
    else:
        chains, chain_problems = chains_from_raw(raw_chains or {}, str(chains_file), vocabulary.values("goal"))
        problems.extend(chain_problems)
        for goal, steps in chains.items():
            for step in steps:
                for who in step.who:
                    if who not in entries:
                        problems.append(Problem.of(str(chains_file), T.text(
                            "unknown_actor", step=echo(step.id), id=echo(who)), field=goal))
                    elif (entries[who][0] < bundled
                          and step.goal_of_actor(goal) not in files[entries[who][0]].goals[entries[who][1]]):
                        # At run time such an actor is never chosen for the step: it would vanish.
                        # An overlay that replaces an actor may narrow its goals on purpose.
                        problems.append(Problem.of(str(chains_file), T.text(
                            "actor_goal", step=echo(step.id), id=echo(who), goal=echo(step.goal_of_actor(goal))),
                            field=goal))
    return Assembly(files, [(f, number, replaces.get(entry_id)) for entry_id, (f, number) in entries.items()],
                    vocabulary, regions, chains, tuple(path for paths in layers for path in paths), problems)


def _read_support(path: Path, build: Callable[[Any], Any], problems: list[Problem]) -> Any:
    from lotse.store.yaml_files import load_yaml

    raw, problem = load_yaml(path)
    if problem:
        problems.append(problem)
        return None
    try:
        return build(raw)
    except ValueError as exc:
        problems.append(Problem.of(str(path), reason(exc)))
        return None



def overlay_notes(catalogue: Catalogue) -> list[Text]:
    """What `lotse catalog validate` says of a catalogue that has no problems: each entry of an
    overlay that replaces another file's, on purpose or because two imports gave one id to
    different services. Kept with the compiled catalogue, so that it costs nothing to ask."""
    replaced = catalogue.derived(REPLACED, lambda c: {e.id: (e.origin, e.replaces) for e in c if e.replaces})
    return [T.text("replaces", origin=origin, id=entry_id, earlier=earlier)
            for entry_id, (origin, earlier) in replaced.items()]
