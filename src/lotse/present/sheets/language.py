"""The languages a contact sheet can be written in, read from data: one file per language.

The client takes the sheet home, so it should be in a language they read; the adviser works in
German or English and cannot check an Arabic or Dari text. Translations are therefore data, not
code (`data/sheet-languages/<code>.yaml`): a native speaker corrects a file and sets `reviewed`,
and an adviser adds or replaces a language with a file of the same form in the `sheet-languages/`
folder of an overlay (`--catalog DIR`), which replaces the bundled file of that code whole.

A file must hold every text the sheet can print: a missing one would leave a key or another
language on the client's sheet. `read_language` reports each missing, unknown or malformed key
with its file, as catalogue problems are reported (`lotse catalog validate`, exit 3).

German and English are the catalogue's own languages: their vocabulary labels, referral steps and
answer labels come from `vocabulary.yaml`, `chains.yaml` and `lotse.model.answers`, and their files
hold only the sheet's own words. Every other language's file translates those too. Names,
addresses and descriptions of services are never translated: the sheet shows them as the catalogue
has them, in the file's `catalogue_language`, and says so in a line.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from lotse.errors import CatalogueError, UsageError, echo
from lotse.i18n import Messages
from lotse.i18n import Text as Message
from lotse.model.answers import KEYS as ANSWER_KEYS
from lotse.model.answers import VOCAB_FIELD, answer_label, answer_text
from lotse.model.catalogue import Catalogue
from lotse.model.chains import Step
from lotse.model.entry import PartialDate, Text
from lotse.model.problems import Problem
from lotse.store.schema import CONTROL

T = Messages({
    "unknown": ("Unbekannte Sprache des Kontaktblatts {code}; eine von {codes} angeben.",
                "Unknown sheet language {code}; use one of {codes}."),
    # What is wrong in a language file, for whoever translates it. Keys stay as the files spell them.
    "no_german": ("die deutsche Sprachdatei de.yaml fehlt", "the German language file de.yaml is missing"),
    "file_name": ("der Dateiname muss ein Sprachcode aus zwei oder drei Kleinbuchstaben sein (ar.yaml)",
                  "the file name must be a language code of two or three small letters (ar.yaml)"),
    "mapping": ("muss Schlüssel auf Werte abbilden, mit {keys}", "must be a mapping with {keys}"),
    "not_used": ("nicht verwendet: {code} nimmt diese Texte aus dem Katalog (vocabulary.yaml, chains.yaml); "
                 "dort korrigieren",
                 "not used: {code} takes these from the catalogue (vocabulary.yaml, chains.yaml); correct them there"),
    "unknown_key": ("unbekannter Schlüssel", "unknown key"),
    "missing": ("fehlt", "missing"),
    "reviewed": ("muss true oder false sein: hat jemand mit dieser Muttersprache die Datei geprüft?",
                 "must be true or false: has a native speaker checked this file?"),
    "text": ("muss ein Text sein, gefunden: {value}", "must be a text, not {value}"),
    "control": ("enthält Steuerzeichen (Escape-Sequenzen für das Terminal?): {value}",
                "contains control characters (terminal escape codes?): {value}"),
    "choice": ("muss einer dieser Werte sein: {allowed}; gefunden: {value}", "must be one of {allowed}, not {value}"),
    "months": ("muss die zwölf Monate aufzählen, mit Januar zuerst", "must list the twelve months, January first"),
    "date_params": ("darf {params} verwenden und muss {{year}} verwenden", "may use {params} and must use {{year}}"),
    "brace": ("eine Klammer, die keinen Platzhalter öffnet ({error}); für eine Klammer selbst {{{{ oder }}}} "
              "schreiben",
              "a brace that opens no placeholder ({error}); write {{{{ or }}}} for a brace itself"),
    "texts": ("muss Namen auf Texte abbilden", "must map names to texts"),
    "placeholders": ("muss die Platzhalter behalten: {wanted}", "must keep the placeholders: {wanted}"),
    "none": ("keine", "none"),
    "nested": ("muss Namen auf Zuordnungen von Texten abbilden", "must map names to mappings of texts"),
})
CATALOGUE_LANGS = ("de", "en")  # the languages the catalogue itself is written in
DIRECTIONS = ("ltr", "rtl")
# ISO 15924 codes of the scripts the PDF's fonts cover (DejaVu Sans; Noto Sans Arabic for Arab).
SCRIPTS = ("Latn", "Cyrl", "Arab")

# Every fixed text of the sheet and the placeholders it must keep.
WORDS: Mapping[str, frozenset[str]] = {key: frozenset(params) for key, params in {
    "title": (), "comma": (), "created": ("date",), "answers": (), "services": (), "services_chosen": (), "query": (),
    "filter_kind": (), "filter_level": (), "no_services": (), "why": (), "caveats": (), "contacts": (),
    "web": (), "phone": (), "fax": (), "email": (), "as_of": (), "verified": (), "confirm": (), "steps": (),
    "more": (), "contact_step": (), "helps_with": ("goals", "where"), "helps_with_goals": ("goals",),
    "where_local": ("region",), "where_land": ("region",), "where_nation": (), "ask_fit": (), "ended": ("end",),
    "bring": (), "note": (), "freshness": ("date",), "disclaimer": ("date",), "unreviewed": (),
    "descriptions_de": (), "descriptions_en": (),
    "col_rank": (), "col_service": (), "col_provider": (), "col_organisation": (), "col_name": (),
    "col_role": (), "col_phone": (), "col_fax": (), "col_email": (), "col_address": (), "col_web": (),
    "col_as_of": (), "col_verified": (),
}.items()}
# The vocabulary fields a sheet prints: the answers, the goals, the kind and level of a search.
VOCAB_FIELDS = ("client", "status", "qualification", "goal", "gender", "german_level", "sector", "kind", "level")
ANSWERS = (*ANSWER_KEYS, "yes", "no")
DATE_PARAMS = frozenset({"day", "dd", "month", "month_alone", "mm", "year"})
TRANSLATED = ("answers", "vocabulary", "steps", "actors")  # what de and en take from the catalogue
REQUIRED = ("name", "label", "direction", "script", "reviewed", "catalogue_language", "months",
            "months_alone", "date_format", "month_format", "words")
CODE = re.compile(r"^[a-z]{2,3}$")


class SheetLanguage(Struct, frozen=True):
    """One language's texts, complete (validated): what the sheet needs to speak it."""

    code: str
    name: str  # in the language itself: "العربية"
    label: Text  # in the UI's languages: "Arabisch", "Arabic"
    direction: str  # "ltr" or "rtl"
    script: str  # ISO 15924, for text shaping and the PDF's font
    reviewed: bool  # a native speaker has checked the file
    catalogue_language: str  # the catalogue language its sheets show service texts in
    months: tuple[str, ...]  # as in a date with a day ("березня")
    months_alone: tuple[str, ...]  # with a year only ("березень")
    date_format: str
    month_format: str
    words: Mapping[str, str]
    answers: Mapping[str, str]  # empty for the catalogue's languages, as are the three below
    vocabulary: Mapping[str, Mapping[str, str]]
    steps: Mapping[str, Mapping[str, str]]  # goal -> step id -> text
    actors: Mapping[str, Mapping[str, str]]  # goal -> step id -> who, where no entry does the step
    origin: str  # the file it was read from
    unreviewed_de: str = ""  # the German line saying the translation is unchecked ("" when reviewed)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def word(self, key: str, **params: object) -> str:
        template = self.words[key]
        return template.format(**params) if params else template

    def join(self, items: Sequence[str]) -> str:
        """A list in a line: "a, b" (Arabic and Farsi with their own comma, "a، b")."""
        return f"{self.words['comma']} ".join(items)

    def date(self, day: dt.date) -> str:
        return self._format(self.date_format, day.year, day.month, day.day)

    def partial_date(self, value: PartialDate) -> str:
        """A catalogue date as precise as it is: "2011", "März 2025", "02.05.2024"."""
        if value.month is None:
            return str(value.year)
        if value.day is None:
            return self._format(self.month_format, value.year, value.month, 1)
        return self._format(self.date_format, value.year, value.month, value.day)

    def _format(self, pattern: str, year: int, month: int, day: int) -> str:
        return pattern.format(day=day, dd=f"{day:02}", month=self.months[month - 1],
                              month_alone=self.months_alone[month - 1], mm=f"{month:02}", year=year)

    def vocab(self, field: str, value: str, catalogue: Catalogue) -> str:
        own = self.vocabulary.get(field, {}).get(value)
        return own if own is not None else catalogue.vocabulary.label(field, value, self.code)

    def answer_label(self, key: str) -> str:
        return self.answers.get(key) or answer_label(key, self.code)

    def answer_text(self, key: str, value: Any, catalogue: Catalogue) -> str:
        """An answer as the client reads it: labels in this language; places as the catalogue names them."""
        if self.code in CATALOGUE_LANGS:  # worded by lotse itself
            return answer_text(key, value, catalogue.vocabulary, catalogue.regions, self.code)
        if key == "region":
            return catalogue.regions.get(value).label(self.catalogue_language)
        if key == "goals":
            return self.join([self.vocab("goal", g, catalogue) for g in value])
        if key == "benefits":
            return self.answers["yes" if value else "no"]
        if key in VOCAB_FIELD or key == "german_level":
            return self.vocab(VOCAB_FIELD.get(key, key), value, catalogue)
        return str(value)

    def step_text(self, goal: str, step: Step) -> str:
        return self.steps.get(goal, {}).get(step.id) or step.text.get(self.code)

    def who_text(self, goal: str, step: Step) -> str:
        if step.who_text is None:
            return ""
        return self.actors.get(goal, {}).get(step.id) or step.who_text.get(self.code)


def bundled_dir() -> Path:
    from lotse.store.catalogue import LANGUAGES_DIR, bundled_data_dir

    return bundled_data_dir() / LANGUAGES_DIR


def language_files(overlays: Sequence[Path] = ()) -> dict[str, Path]:
    """Every language's file by code: the bundled ones, then each overlay's, a later one replacing
    an earlier one of the same code. An overlay without a `sheet-languages/` folder adds none."""
    from lotse.store.catalogue import LANGUAGES_DIR

    files: dict[str, Path] = {}
    for folder in (bundled_dir(), *(Path(o) / LANGUAGES_DIR for o in overlays)):
        try:
            found = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        except OSError:  # no such folder: a missing overlay itself is reported by the catalogue
            continue
        files.update((path.stem, path) for path in found)
    return files


def check_code(code: str, overlays: Sequence[Path] = ()) -> None:
    """Raises UsageError naming the known codes when no language file has `code`. Called before any
    work is done, so that a typo fails at once and not after a consultation."""
    known = language_files(overlays)
    if code not in known:
        raise UsageError(T.text("unknown", code=echo(code), codes=", ".join(sorted_codes(known))))


def sorted_codes(codes: Mapping[str, object] | Sequence[str]) -> list[str]:
    """German and English first, then the rest in alphabetical order of their codes."""
    first = len(CATALOGUE_LANGS)
    return sorted(codes, key=lambda c: (CATALOGUE_LANGS.index(c) if c in CATALOGUE_LANGS else first, c))


def language_choices(overlays: Sequence[Path], ui_lang: str) -> list[tuple[str, str]]:
    """(code, title) of every language, for the adviser to choose from: "Arabisch – العربية (ar)".
    Read for their names only; the chosen one is validated when the sheet is made."""
    from lotse.store.yaml_files import load_yaml

    choices = []
    files = language_files(overlays)
    for code in sorted_codes(files):
        raw, _ = load_yaml(files[code])
        raw = raw if isinstance(raw, dict) else {}
        label = raw.get("label")
        named = str(label.get(ui_lang, "")) if isinstance(label, dict) else ""
        own = str(raw.get("name") or "")
        title = " – ".join(dict.fromkeys(n for n in (named, own) if n)) or code
        choices.append((code, f"{title} ({code})"))
    return choices


def load_language(code: str, catalogue: Catalogue, overlays: Sequence[Path] = ()) -> SheetLanguage:
    """The language of `code`, validated; raises UsageError for an unknown code and CatalogueError
    listing every problem of its file (and of the German file, whose line an unchecked
    translation prints)."""
    files = language_files(overlays)
    check_code(code, overlays)
    language, problems = read_language(files[code], catalogue)
    if language is not None and not language.reviewed and code != "de" and "de" in files:
        german, german_problems = read_language(files["de"], catalogue)
        problems += german_problems
        if german is not None:
            language = replace(language, unreviewed_de=german.word("unreviewed"))
    if problems or language is None:
        raise CatalogueError(problems)
    return language


def validate_languages(catalogue: Catalogue, overlays: Sequence[Path] = ()) -> list[Problem]:
    """Every problem of every language file in use, for `lotse catalog validate`."""
    files = language_files(overlays)
    problems = [] if "de" in files else [Problem.of(str(bundled_dir()), T.text("no_german"))]
    for path in files.values():
        problems += read_language(path, catalogue)[1]
    return problems


def read_language(path: Path, catalogue: Catalogue) -> tuple[SheetLanguage | None, list[Problem]]:
    """Parse and check one file against the catalogue's vocabulary and chains; a language comes back
    only when the file has no problem."""
    from lotse.store.yaml_files import load_yaml

    raw, problem = load_yaml(path)
    if problem is not None:
        return None, [problem]
    reader = _Reader(str(path), path.stem, catalogue)
    language = reader.read(raw)
    return (language if not reader.problems else None), reader.problems


class _Reader:
    """Checks a parsed file part by part, collecting every problem rather than stopping at the first."""

    def __init__(self, origin: str, code: str, catalogue: Catalogue) -> None:
        self.origin = origin
        self.code = code
        self.catalogue = catalogue
        self.problems: list[Problem] = []

    def fail(self, field: str, message: Message) -> None:
        self.problems.append(Problem.of(self.origin, message, field=field or None))

    def read(self, raw: object) -> SheetLanguage | None:
        if not CODE.match(self.code):
            self.fail("", T.text("file_name"))
        if not isinstance(raw, dict):
            self.fail("", T.text("mapping", keys=", ".join(REQUIRED)))
            return None
        own = self.code in CATALOGUE_LANGS
        allowed = set(REQUIRED) | (set() if own else set(TRANSLATED))
        for key in sorted(set(raw) - allowed, key=str):
            if key in TRANSLATED:
                self.fail(str(key), T.text("not_used", code=self.code))
            else:
                self.fail(str(key), T.text("unknown_key"))
        for key in (*REQUIRED, *(() if own else TRANSLATED)):
            if key not in raw:
                self.fail(key, T.text("missing"))
        given = {key: raw[key] for key in raw if key in allowed}  # a missing key is reported above
        chains = self.catalogue.chains
        label = self.section(given, "label", CATALOGUE_LANGS)
        words = self.section(given, "words", tuple(WORDS), WORDS)
        answers = {} if own else self.section(given, "answers", ANSWERS)
        vocabulary = {} if own else self.nested(given, "vocabulary", {
            field: self.catalogue.vocabulary.values(field) for field in VOCAB_FIELDS})
        steps = {} if own else self.nested(given, "steps", {
            goal: tuple(s.id for s in chain) for goal, chain in chains.items()})
        actors = {} if own else self.nested(given, "actors", {
            goal: tuple(s.id for s in chain if s.who_text is not None) for goal, chain in chains.items()
            if any(s.who_text is not None for s in chain)})
        name = self.text(given["name"], "name") if "name" in given else ""
        direction = self.choice(given, "direction", DIRECTIONS)
        script = self.choice(given, "script", SCRIPTS)
        catalogue_language = self.choice(given, "catalogue_language", CATALOGUE_LANGS)
        reviewed = given.get("reviewed", False)
        if not isinstance(reviewed, bool):
            self.fail("reviewed", T.text("reviewed"))
        months = self.months(given, "months")
        months_alone = self.months(given, "months_alone")
        date_format = self.pattern(given, "date_format")
        month_format = self.pattern(given, "month_format")
        if self.problems:
            return None
        return SheetLanguage(
            code=self.code, name=name, label=Text(label["de"], label["en"]), direction=direction, script=script,
            reviewed=bool(reviewed), catalogue_language=catalogue_language, months=months,
            months_alone=months_alone, date_format=date_format, month_format=month_format, words=words,
            answers=answers, vocabulary=vocabulary, steps=steps, actors=actors, origin=self.origin)

    def text(self, value: object, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(field, T.text("text", value=echo(value)))
            return ""
        if CONTROL.search(value):
            self.fail(field, T.text("control", value=echo(value)))
        return value.strip()

    def choice(self, given: Mapping[str, object], field: str, allowed: tuple[str, ...]) -> str:
        value = given.get(field, allowed[0])
        if value not in allowed:
            self.fail(field, T.text("choice", allowed=", ".join(allowed), value=echo(value)))
        return str(value)

    def months(self, given: Mapping[str, object], field: str) -> tuple[str, ...]:
        if field not in given:
            return ()
        value = given[field]
        if not isinstance(value, list) or len(value) != 12:
            self.fail(field, T.text("months"))
            return ()
        return tuple(self.text(v, f"{field}[{i}]") for i, v in enumerate(value))

    def pattern(self, given: Mapping[str, object], field: str) -> str:
        if field not in given:
            return ""
        text = self.text(given[field], field)
        params = self.placeholders(text, field)
        if params is not None and (params - DATE_PARAMS or "year" not in params):
            self.fail(field, T.text("date_params", params="{" + "}, {".join(sorted(DATE_PARAMS)) + "}"))
        return text

    def placeholders(self, text: str, field: str) -> frozenset[str] | None:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as exc:
            self.fail(field, T.text("brace", error=exc))
            return None
        return frozenset(names)

    def section(self, given: Mapping[str, object], field: str, keys: tuple[str, ...],
                params: Mapping[str, frozenset[str]] | None = None) -> dict[str, str]:
        """A top-level mapping of texts; when it is missing, that is one problem, not one per key."""
        return self.mapping(given[field], field, keys, params) if field in given else {}

    def mapping(self, value: object, field: str, keys: tuple[str, ...],
                params: Mapping[str, frozenset[str]] | None = None) -> dict[str, str]:
        """A mapping with exactly `keys`, each a text; with `params`, each text keeps its placeholders."""
        if not isinstance(value, dict):
            self.fail(field, T.text("texts"))
            return {}
        for key in sorted(set(value) - set(keys), key=str):
            self.fail(f"{field}.{key}", T.text("unknown_key"))
        out: dict[str, str] = {}
        for key in keys:
            where = f"{field}.{key}"
            if key not in value:
                self.fail(where, T.text("missing"))
                continue
            out[key] = self.text(value[key], where)
            if params is not None:
                found = self.placeholders(out[key], where)
                if found is not None and found != params[key]:
                    wanted = ", ".join(f"{{{p}}}" for p in sorted(params[key])) or T.text("none")
                    self.fail(where, T.text("placeholders", wanted=wanted))
        return out

    def nested(self, given: Mapping[str, object], field: str,
               keys: Mapping[str, tuple[str, ...]]) -> dict[str, dict[str, str]]:
        if field not in given:  # reported once, not once per key
            return {}
        value = given[field]
        if not isinstance(value, dict):
            self.fail(field, T.text("nested"))
            return {}
        for key in sorted(set(value) - set(keys), key=str):
            self.fail(f"{field}.{key}", T.text("unknown_key"))
        out: dict[str, dict[str, str]] = {}
        for group, names in keys.items():
            if group not in value:
                self.fail(f"{field}.{group}", T.text("missing"))
                continue
            out[group] = self.mapping(value[group], f"{field}.{group}", names)
        return out
