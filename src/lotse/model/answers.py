"""A consultation's answers: validated, normalised, and never holding a name.

Answers come from a YAML file, from flags, or from the interactive flow; all three meet here, so
the same checks and messages apply to each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from lotse.errors import InvalidValue, UsageError, echo, reason
from lotse.i18n import Messages, Text, join
from lotse.model.entry import GERMAN_LEVELS
from lotse.model.places import Gazetteer
from lotse.model.vocabulary import Vocabulary

KEYS = ("client", "status", "age", "qualification", "region", "goals", "gender", "german_level",
        "benefits", "sector")
REQUIRED = {
    "person": ("client", "status", "age", "qualification", "region", "goals"),
    "employer": ("client", "region", "goals"),
}
OPTIONAL = {
    "person": ("gender", "german_level", "benefits", "sector"),
    "employer": ("sector",),
}
# Answers only a person has: given any of them, the client is a person.
PERSONAL = tuple(sorted(set(REQUIRED["person"] + OPTIONAL["person"])
                        - set(REQUIRED["employer"] + OPTIONAL["employer"])))
VOCAB_FIELD = {"client": "client", "status": "status", "qualification": "qualification",
               "gender": "gender", "sector": "sector"}

T = Messages({
    "answers": ("Antworten", "answers"),
    "options": ("Optionen", "options"),
    "not_mapping": ("{where}: muss Antwortschlüssel auf Werte abbilden",
                    "{where}: must be a mapping of answer keys to values"),
    "problems": ("{where}: {problems}", "{where}: {problems}"),
    "unknown_key": ("unbekannter Schlüssel {key} (bekannt: {known})", "unknown key {key} (known: {known})"),
    "keyed": ("{key}: {problem}", "{key}: {problem}"),
    "goals_list": ("muss eine Liste von Zielen sein", "must be a list of goals"),
    "german_level": ("unbekanntes Deutschniveau {level}; einer dieser Werte: {levels}",
                     "unknown German level {level}; use one of {levels}"),
    "age": ("{value} ist kein Alter; eine ganze Zahl von 0 bis 120 angeben",
            "{value} is not an age; give a whole number from 0 to 120"),
    "yes_no": ("{value} ist weder ja noch nein", "{value} is not yes or no"),
    "value": ("unbekannter Wert {value}; einer dieser Werte: {allowed}",
              "unknown value {value}; use one of: {allowed}"),
})
ANSWERS = T.text("answers")  # where answers come from, as a message names it
OPTIONS = T.text("options")

ANSWER_LABELS = {
    "client": ("Zielgruppe", "Client type"),
    "status": ("Aufenthaltsstatus", "Residence status"),
    "age": ("Alter", "Age"),
    "qualification": ("Qualifikation", "Qualification"),
    "region": ("Region", "Region"),
    "goals": ("Ziele", "Goals"),
    "gender": ("Geschlecht", "Gender"),
    "german_level": ("Deutschniveau", "German level"),
    "benefits": ("Bürgergeld-Bezug", "Receipt of Bürgergeld"),
    "sector": ("Branche / Berufsfeld", "Sector / field of work"),
}


def answer_label(key: str, lang: str) -> str:
    de, en = ANSWER_LABELS[key]
    return en if lang == "en" else de


def answer_text(key: str, value: Any, vocabulary: Vocabulary, regions: Gazetteer, lang: str) -> str:
    """A given answer as the adviser and the client read it: labels, not value names."""
    if key == "region":
        return regions.get(value).label(lang)
    if key == "goals":
        return ", ".join(vocabulary.label("goal", g, lang) for g in value)
    if key == "benefits":
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nein")
    if key in VOCAB_FIELD or key == "german_level":
        return vocabulary.label(VOCAB_FIELD.get(key, key), value, lang)
    return str(value)


class AnswersError(UsageError):
    """Answers that cannot be used: an unknown value, a bad age, missing required answers."""


class Answers(Struct, frozen=True):
    client: str | None = None
    status: str | None = None
    age: int | None = None
    qualification: str | None = None
    region: str | None = None  # a region id
    goals: tuple[str, ...] = ()
    gender: str | None = None
    german_level: str | None = None
    benefits: bool | None = None
    sector: str | None = None

    def missing(self) -> list[str]:
        """Required answers not yet given (the client type decides which are required)."""
        if self.client is None:
            return ["client"]
        # A client still abroad may not know where in Germany they will live.
        optional = ("region",) if self.status == "abroad" else ()
        return [key for key in REQUIRED[self.client] if getattr(self, key) in (None, ()) and key not in optional]

    def to_mapping(self) -> dict[str, Any]:
        """The normalised answers (for --save-answers and JSON); only keys that apply."""
        keys = KEYS if self.client is None else REQUIRED[self.client] + OPTIONAL[self.client]
        out: dict[str, Any] = {}
        for key in keys:
            value = getattr(self, key)
            out[key] = list(value) if isinstance(value, tuple) else value
        return out

    def implied(self) -> Answers:
        """A consultation's answers with the client a person where it is not given but answers
        only a person has are (status, age, qualification …)."""
        if self.client is None and any(getattr(self, key) not in (None, ()) for key in PERSONAL):
            return replace(self, client="person")
        return self

    def merged(self, other: Answers) -> Answers:
        """These answers with every answer given in `other` taking precedence."""
        changes = {name: getattr(other, name) for name in other.__struct_fields__
                   if getattr(other, name) not in (None, ())}
        return replace(self, **changes)


def parse_answers(raw: Mapping[str, Any], vocabulary: Vocabulary, regions: Gazetteer,
                  lang: str = "de", where: str | Text = ANSWERS) -> Answers:
    """Validate raw answers (from YAML or flags); raises AnswersError listing every problem.
    `where` names their origin: a file's path, or `ANSWERS` or `OPTIONS`."""
    if not isinstance(raw, Mapping):
        raise AnswersError(T.text("not_mapping", where=where))
    problems: list[Text] = []
    values: dict[str, Any] = {}
    for key in sorted(set(raw) - set(KEYS), key=str):
        problems.append(T.text("unknown_key", key=echo(key), known=", ".join(KEYS)))
    for key in KEYS:
        value = raw.get(key)
        if value is None or value == [] or value == "":
            continue
        try:
            values[key] = _parse_value(key, value, vocabulary, regions, lang)
        except (ValueError, UsageError) as exc:  # an unknown region too: every problem is listed
            problems.append(T.text("keyed", key=key, problem=reason(exc)))
    if problems:
        raise AnswersError(T.text("problems", where=where, problems=join("; ", problems)))
    return Answers(**values)


def _parse_value(key: str, value: Any, vocabulary: Vocabulary, regions: Gazetteer, lang: str) -> Any:
    if key in VOCAB_FIELD:
        return _vocab_value(str(value), vocabulary, VOCAB_FIELD[key])
    if key == "goals":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise InvalidValue(T.text("goals_list"))
        return tuple(dict.fromkeys(_vocab_value(str(g), vocabulary, "goal") for g in items))
    if key == "age":
        return parse_age(value)
    if key == "region":
        return regions.resolve(str(value), lang).id
    if key == "german_level":
        level = str(value)
        match = {v.casefold(): v for v in GERMAN_LEVELS}.get(level.casefold())
        if match is None:
            raise InvalidValue(T.text("german_level", level=echo(level), levels=", ".join(GERMAN_LEVELS)))
        return match
    if key == "benefits":
        return parse_bool(value)
    raise AssertionError(key)  # pragma: no cover - KEYS and this function agree


def parse_age(value: Any) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 120:
        raise InvalidValue(T.text("age", value=echo(value)))
    return int(text)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in ("yes", "y", "true", "ja", "j", "1"):
        return True
    if text in ("no", "n", "false", "nein", "0"):
        return False
    raise InvalidValue(T.text("yes_no", value=echo(value)))


def _vocab_value(value: str, vocabulary: Vocabulary, field: str) -> str:
    """A value name, or its German or English label ("Duldung", "Pflege") as advisers type it."""
    allowed = vocabulary.values(field)
    if value in allowed:
        return value
    wanted = value.strip().casefold()
    for name, label in vocabulary.labels[field].items():
        if wanted in (name.casefold(), label.de.casefold(), label.en.casefold()):
            return name
    raise InvalidValue(T.text("value", value=echo(value), allowed=", ".join(allowed)))
