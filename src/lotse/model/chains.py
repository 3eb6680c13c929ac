"""Referral chains: for each goal, the ordered next steps and who does each.

The chains are data (data/chains.yaml), derived from the seeds' descriptions of how a referral
proceeds (e.g. seed 002, "Zusammenfassung": portal → IQ counselling → application →
Anerkennungszuschuss → adaptation qualification). A step names candidate catalogue entries; the
rules pick the one that fits the client and region best.
"""

from __future__ import annotations

from msgspec import Struct

from lotse.errors import InvalidValue, echo, reason
from lotse.i18n import Messages
from lotse.i18n import Text as Message
from lotse.model.entry import PartialDate, Source, Text
from lotse.model.problems import Problem

WHEN_KEYS = {"statuses", "qualifications", "benefits", "client"}

T = Messages({
    "not_mapping": ("muss Ziele auf Listen von Schritten abbilden", "must map goals to lists of steps"),
    "unknown_goal": ("unbekanntes Ziel; erwartet wird einer dieser Werte: {goals}",
                     "unknown goal; expected one of {goals}"),
    "steps": ("muss eine Liste von Schritten sein", "must be a list of steps"),
    "step_keys": ("braucht id, text und source", "needs id, text and source"),
    "unknown_keys": ("unbekannte Schlüssel {keys}", "unknown key(s) {keys}"),
    "when_keys": ("when: unbekannte Schlüssel {keys}", "when: unknown key(s) {keys}"),
    "malformed": ("fehlerhafter Schritt: {reason}", "malformed step: {reason}"),
    "actor_goal": ("actor_goal: unbekanntes Ziel {goal}", "actor_goal: unknown goal {goal}"),
    "source": ("source: braucht file und section oder url und date",
               "source: needs file and section, or url and date"),
    "texts": ("Texte brauchen de und en", "texts need de and en"),
    "missing": ("es fehlt {key}", "{key} is missing"),
})


class Step(Struct, frozen=True):
    id: str
    text: Text
    who: tuple[str, ...]  # candidate entry ids, most specific first
    who_text: Text | None  # who does it when no entry is the actor (e.g. the competent authority)
    when: dict[str, tuple[str, ...] | bool]  # answer conditions under which the step applies
    source: Source
    actor_goal: str | None = None  # the goal its actor serves, where not the chain's own
    # (the Ausländerbehörde's permission is a residence matter, a step on the way to an apprenticeship)

    def goal_of_actor(self, chain_goal: str) -> str:
        return self.actor_goal or chain_goal


Chains = dict[str, tuple[Step, ...]]


def chains_from_raw(raw: object, file: str, goals: tuple[str, ...]) -> tuple[Chains, list[Problem]]:
    problems: list[Problem] = []

    def fail(field: str, message: Message) -> None:
        problems.append(Problem.of(file, message, field=field))

    if not isinstance(raw, dict):
        fail("", T.text("not_mapping"))
        return {}, problems
    chains: Chains = {}
    for goal, steps in raw.items():
        if goal not in goals:
            fail(str(goal), T.text("unknown_goal", goals=", ".join(goals)))
            continue
        if not isinstance(steps, list):
            fail(goal, T.text("steps"))
            continue
        parsed = []
        for i, step in enumerate(steps):
            where = f"{goal}[{i}]"
            if not isinstance(step, dict) or not {"id", "text", "source"} <= step.keys():
                fail(where, T.text("step_keys"))
                continue
            unknown = set(step) - {"id", "text", "who", "who_text", "when", "source", "actor_goal"}
            if unknown:
                fail(where, T.text("unknown_keys", keys=", ".join(sorted(unknown))))
                continue
            try:
                when = step.get("when") or {}
                if set(when) - WHEN_KEYS:
                    raise InvalidValue(T.text("when_keys", keys=", ".join(sorted(set(when) - WHEN_KEYS))))
                parsed.append(Step(
                    id=str(step["id"]),
                    text=_text(step["text"]),
                    who=tuple(str(w) for w in step.get("who") or ()),
                    who_text=_text(step["who_text"]) if step.get("who_text") else None,
                    when={k: (v if isinstance(v, bool) else tuple(v)) for k, v in when.items()},
                    source=_source(step["source"]),
                    actor_goal=_actor_goal(step.get("actor_goal"), goals),
                ))
            except KeyError as exc:  # a source without its date or section
                fail(where, T.text("malformed", reason=T.text("missing", key=echo(exc.args[0]))))
            except (TypeError, ValueError) as exc:
                fail(where, T.text("malformed", reason=reason(exc)))
        chains[goal] = tuple(parsed)
    return chains, problems


def _actor_goal(value: object, goals: tuple[str, ...]) -> str | None:
    if value is not None and value not in goals:
        raise InvalidValue(T.text("actor_goal", goal=echo(value)))
    return None if value is None else str(value)


def _source(value: object) -> Source:
    """A seed and its section, or a public page and the date it states, as on entries."""
    if not isinstance(value, dict):
        raise InvalidValue(T.text("source"))
    if "url" in value:
        return Source(url=str(value["url"]), date=PartialDate.parse(str(value["date"])))
    return Source(str(value["file"]), str(value["section"]))


def _text(value: object) -> Text:
    if not isinstance(value, dict) or not isinstance(value.get("de"), str) or not isinstance(value.get("en"), str):
        raise InvalidValue(T.text("texts"))
    return Text(value["de"], value["en"])
