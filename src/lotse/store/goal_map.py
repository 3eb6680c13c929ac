"""The goal map: which taxonomy terms of other directories stand for which of lotse's goals.

`lotse catalog import --hsds` gives an imported service the goals its taxonomy terms map to, so
that lotse can recommend it; a term the map does not name is kept as a keyword (findable) and the
service is reported as having no goal. The map is data (`data/hsds-goals.yaml`, or a file of the
same form given with `--goal-map`), validated strictly like the catalogue: an unknown goal or key
is a problem naming the file and where.

Taxonomy and term names are compared with case, spaces and punctuation aside, because publishers
write them every way ("Open Eligibility", "open_eligibility"); a taxonomy is recognised when the
name, the `taxonomy` text or the URI the data gives it contains one of the names the map lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from msgspec import Struct

from lotse.errors import InputError, echo
from lotse.i18n import Messages, Text
from lotse.model.problems import Problem
from lotse.model.vocabulary import Vocabulary

T = Messages({
    "what": ("der Zielzuordnung", "The goal map"),  # as InputError names it
    "top": ("braucht einen Schlüssel `taxonomies` mit einer Liste als einzigen obersten Schlüssel",
            "must have one top-level key `taxonomies` holding a list"),
    "item": ("braucht name, match, terms und wahlweise source", "must have name, match, terms and optionally source"),
    "name": ("muss Text sein", "must be text"),
    "match": ("muss die Namen auflisten, die die Daten der Taxonomie geben können",
              "must list the names the data may give the taxonomy"),
    "terms": ("muss Begriffe auf Listen von Zielen abbilden", "must map term names to lists of goals"),
    "goals": ("muss eine Liste von Zielen sein ([] für einen Begriff ohne Ziel)",
              "must be a list of goals ([] for a term with none)"),
    "unknown": ("unbekanntes Ziel {goal}; möglich: {goals}", "unknown goal {goal}; expected one of: {goals}"),
})


def squeeze(text: str) -> str:
    """A name as the map compares it: lower case, letters and digits only."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class TaxonomyGoals(Struct, frozen=True):
    name: str
    names: tuple[str, ...]  # squeezed: how data may name the taxonomy
    terms: dict[str, tuple[str, ...]]  # squeezed term name or code -> goals


class GoalMap(Struct, frozen=True):
    taxonomies: tuple[TaxonomyGoals, ...] = ()

    def taxonomy(self, named: Iterable[str]) -> TaxonomyGoals | None:
        """The mapped taxonomy that one of the texts names (a name, a `taxonomy` text, a URI)."""
        texts = [squeeze(text) for text in named if text]
        for taxonomy in self.taxonomies:
            if any(name in text for text in texts for name in taxonomy.names):
                return taxonomy
        return None

    def goals(self, named: Iterable[str], term: Iterable[str]) -> tuple[str, ...] | None:
        """The goals of a term (by its name or code) of the taxonomy `named`; None when the map
        does not know the term."""
        taxonomy = self.taxonomy(named)
        if taxonomy is None:
            return None
        for text in term:
            goals = taxonomy.terms.get(squeeze(text)) if text else None
            if goals is not None:
                return goals
        return None


def read_goal_map(path: Path, vocabulary: Vocabulary) -> GoalMap:
    """The map in `path`; raises InputError with every problem in it."""
    from lotse.store.yaml_files import load_yaml

    raw, problem = load_yaml(path)
    if problem is not None:
        raise InputError([problem], T.text("what"))
    problems: list[Problem] = []

    def fail(where: str, message: Text) -> None:
        problems.append(Problem.of(str(path), message, field=where))

    goals = set(vocabulary.values("goal"))
    taxonomies: list[TaxonomyGoals] = []
    if not isinstance(raw, dict) or set(raw) != {"taxonomies"} or not isinstance(raw["taxonomies"], list):
        raise InputError([Problem.of(str(path), T.text("top"))], T.text("what"))
    for index, item in enumerate(raw["taxonomies"]):
        where = f"taxonomies[{index}]"
        if not isinstance(item, dict) or set(item) - {"name", "match", "source", "terms"}:
            fail(where, T.text("item"))
            continue
        name, match, terms = item.get("name"), item.get("match"), item.get("terms")
        if not isinstance(name, str) or not name.strip():
            fail(f"{where}.name", T.text("name"))
            continue
        if not isinstance(match, list) or not match or not all(isinstance(m, str) and squeeze(m) for m in match):
            fail(f"{where}.match", T.text("match"))
            continue
        if not isinstance(terms, dict):
            fail(f"{where}.terms", T.text("terms"))
            continue
        mapped: dict[str, tuple[str, ...]] = {}
        for term, term_goals in terms.items():
            if not isinstance(term_goals, list) or not all(isinstance(g, str) for g in term_goals):
                fail(f"{where}.terms.{echo(term)}", T.text("goals"))
                continue
            unknown = [g for g in term_goals if g not in goals]
            if unknown:
                fail(f"{where}.terms.{echo(term)}", T.text("unknown", goal=echo(unknown[0]),
                                                           goals=", ".join(vocabulary.values("goal"))))
                continue
            mapped[squeeze(str(term))] = tuple(term_goals)
        taxonomies.append(TaxonomyGoals(name, tuple(squeeze(m) for m in match), mapped))
    if problems:
        raise InputError(problems, T.text("what"))
    return GoalMap(tuple(taxonomies))
