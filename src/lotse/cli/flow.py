"""The interactive consultation flow of `lotse ask`.

The flow talks to a `Prompter`, not to questionary directly, so tests script the answers and one
adapter test drives questionary itself. Ctrl-C raises KeyboardInterrupt (questionary's
`unsafe_ask`), which the CLI turns into "Aborted." and exit code 130; nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from msgspec.structs import replace

from lotse.i18n import Messages
from lotse.model.answers import (
    OPTIONAL,
    REQUIRED,
    Answers,
    answer_label,
    answer_text,
    parse_age,
)
from lotse.model.catalogue import Catalogue
from lotse.model.entry import GERMAN_LEVELS
from lotse.model.places import RegionError

Choice = tuple[str, str]  # (value, title)
SKIP = "__skip__"
DONE = "__done__"

T = Messages({
    "client": ("Für wen ist die Beratung?", "Who is the consultation for?"),
    "status": ("Aufenthaltsstatus?", "Residence status?"),
    "age": ("Alter (in Jahren)?", "Age (years)?"),
    "qualification": ("Höchste Qualifikation?", "Highest qualification?"),
    "region": ("Region (Land, Landkreis, Stadt oder Ort)?", "Region (Land, district, city or town)?"),
    "region_abroad": ("Ziel in Deutschland (Land, Landkreis oder Ort; Enter: noch offen)?",
                      "Destination in Germany (Land, district or town; Enter: not known yet)?"),
    "goals": ("Ziele?", "Goals?"),
    "select_keys": ("(Pfeiltasten, Enter)", "(arrow keys, Enter)"),
    "checkbox_keys": ("(Leertaste wählt, Enter bestätigt)", "(space selects, Enter confirms)"),
    "gender": ("Geschlecht? (optional)", "Gender? (optional)"),
    "german_level": ("Deutschkenntnisse? (optional)", "German level? (optional)"),
    "benefits": ("Bezieht die Person Bürgergeld? (optional)", "Does the client receive Bürgergeld? (optional)"),
    "sector": ("Branche oder Berufsfeld? (optional)", "Sector or field of work? (optional)"),
    "skip": ("– überspringen –", "– skip –"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "summary": ("Stimmen die Antworten? Eine wählen, um sie zu ändern.",
                "Are the answers right? Choose one to change it."),
    "done": ("✓ Passende Angebote suchen", "✓ Find matching services"),
    "not_given": ("nicht angegeben", "not given"),
    "one_goal": ("Bitte mindestens ein Ziel wählen.", "Choose at least one goal."),
    "did_you_mean": ("Unbekannte Region. Meinten Sie: {names}?", "Unknown region. Did you mean: {names}?"),
    "unknown_region": ("Unbekannte Region. Ein Land, einen Landkreis oder eine Stadt eingeben.",
                       "Unknown region. Enter a Land, a district or a city."),
    "bad_age": ("Bitte eine ganze Zahl von 0 bis 120 eingeben.", "Enter a whole number from 0 to 120."),
})


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str: ...

    def checkbox(self, message: str, choices: Sequence[Choice], checked: Sequence[str],
                 validate: Callable[[list[str]], str | None]) -> list[str]: ...

    def text(self, message: str, validate: Callable[[str], str | None], default: str = "",
             completions: Sequence[str] = ()) -> str: ...


class QuestionaryPrompter:
    """The real terminal prompts, with questionary's key hints in the UI language."""

    def __init__(self, lang: str = "de"):
        self.lang = lang

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        import questionary

        items = [questionary.Choice(title, value=value) for value, title in choices]
        chosen: str = questionary.select(message, choices=items, default=default,
                                         instruction=T("select_keys", self.lang)).unsafe_ask()
        return chosen

    def checkbox(self, message: str, choices: Sequence[Choice], checked: Sequence[str],
                 validate: Callable[[list[str]], str | None]) -> list[str]:
        import questionary

        items = [questionary.Choice(title, value=value, checked=value in checked) for value, title in choices]
        chosen: list[str] = questionary.checkbox(message, choices=items, instruction=T("checkbox_keys", self.lang),
                                                 validate=lambda v: validate(v) or True).unsafe_ask()
        return chosen

    def text(self, message: str, validate: Callable[[str], str | None], default: str = "",
             completions: Sequence[str] = ()) -> str:
        import questionary

        check = lambda v: validate(v) or True  # noqa: E731 - questionary wants True or a message
        typed: str
        if completions:
            typed = questionary.autocomplete(message, choices=list(completions), default=default,
                                             validate=check, ignore_case=True, match_middle=True).unsafe_ask()
        else:
            typed = questionary.text(message, default=default, validate=check).unsafe_ask()
        return typed


def _vocab_choices(catalogue: Catalogue, field: str, lang: str) -> list[Choice]:
    return [(value, catalogue.vocabulary.label(field, value, lang)) for value in catalogue.vocabulary.values(field)]


class Flow:
    """Asks the questions one by one; each `ask_*` returns the answers with one more filled in."""

    def __init__(self, prompter: Prompter, catalogue: Catalogue, lang: str):
        self.prompter = prompter
        self.catalogue = catalogue
        self.lang = lang

    def ask(self, key: str, answers: Answers) -> Answers:
        question: Callable[[Answers], Answers] = getattr(self, f"_ask_{key}")
        return question(answers)

    def _select(self, key: str, field: str, answers: Answers, optional: bool) -> Answers:
        choices = _vocab_choices(self.catalogue, field, self.lang)
        if optional:
            choices = [(SKIP, T("skip", self.lang))] + choices
        current = getattr(answers, key)
        value = self.prompter.select(T(key, self.lang), choices, default=current if current else None)
        return replace(answers, **{key: None if value == SKIP else value})

    def _ask_client(self, answers: Answers) -> Answers:
        return self._select("client", "client", answers, optional=False)

    def _ask_status(self, answers: Answers) -> Answers:
        return self._select("status", "status", answers, optional=False)

    def _ask_qualification(self, answers: Answers) -> Answers:
        return self._select("qualification", "qualification", answers, optional=False)

    def _ask_gender(self, answers: Answers) -> Answers:
        return self._select("gender", "gender", answers, optional=True)

    def _ask_age(self, answers: Answers) -> Answers:
        def validate(text: str) -> str | None:
            try:
                parse_age(text)
            except ValueError:
                return T("bad_age", self.lang)
            return None

        default = str(answers.age) if answers.age is not None else ""
        return replace(answers, age=parse_age(self.prompter.text(T("age", self.lang), validate, default)))

    def _ask_region(self, answers: Answers) -> Answers:
        regions = self.catalogue.regions
        abroad = answers.status == "abroad"  # may not know yet where in Germany: Enter skips

        def validate(text: str) -> str | None:
            if abroad and not text.strip():
                return None
            try:
                regions.resolve(text, self.lang)
            except RegionError as exc:
                if exc.suggestions:
                    names = ", ".join(r.label(self.lang) for r in exc.suggestions)
                    return T("did_you_mean", self.lang, names=names)
                return T("unknown_region", self.lang)
            return None

        default = regions.get(answers.region).label(self.lang) if answers.region else ""
        question = T("region_abroad" if abroad else "region", self.lang)
        text = self.prompter.text(question, validate, default, regions.names(self.lang))
        if abroad and not text.strip():
            return replace(answers, region=None)
        return replace(answers, region=regions.resolve(text, self.lang).id)

    def _ask_goals(self, answers: Answers) -> Answers:
        choices = _vocab_choices(self.catalogue, "goal", self.lang)
        if answers.client is not None:
            employer_goals = ("hire", "retain")
            choices = [c for c in choices if (c[0] in employer_goals) == (answers.client == "employer")]
        goals = self.prompter.checkbox(T("goals", self.lang), choices, answers.goals,
                                       lambda v: None if v else T("one_goal", self.lang))
        return replace(answers, goals=tuple(goals))

    def _ask_german_level(self, answers: Answers) -> Answers:
        choices = [(SKIP, T("skip", self.lang))] + [
            (level, self.catalogue.vocabulary.label("german_level", level, self.lang)) for level in GERMAN_LEVELS]
        value = self.prompter.select(T("german_level", self.lang), choices, default=answers.german_level)
        return replace(answers, german_level=None if value == SKIP else value)

    def _ask_benefits(self, answers: Answers) -> Answers:
        choices = [(SKIP, T("skip", self.lang)), ("yes", T("yes", self.lang)), ("no", T("no", self.lang))]
        current = None if answers.benefits is None else ("yes" if answers.benefits else "no")
        value = self.prompter.select(T("benefits", self.lang), choices, default=current)
        return replace(answers, benefits=None if value == SKIP else value == "yes")

    def _ask_sector(self, answers: Answers) -> Answers:
        return self._select("sector", "sector", answers, optional=True)

    def show(self, key: str, answers: Answers) -> str:
        value = getattr(answers, key)
        if value in (None, ()):
            return T("not_given", self.lang)
        return answer_text(key, value, self.catalogue.vocabulary, self.catalogue.regions, self.lang)


def run_flow(prompter: Prompter, answers: Answers, catalogue: Catalogue, lang: str) -> Answers:
    """Ask what is missing, then the optional questions, then let the adviser correct any answer."""
    flow = Flow(prompter, catalogue, lang)
    asked_optional = answers.client is not None and any(
        getattr(answers, k) is not None for k in OPTIONAL[answers.client])
    destination_asked = answers.region is not None
    while answers.missing():
        key = answers.missing()[0]
        if answers.status == "abroad" and not destination_asked and key == "goals":
            # Not required for a client abroad, but asked in its place: Enter leaves it open.
            answers, destination_asked = flow.ask("region", answers), True
            continue
        answers = flow.ask(key, answers)
    if not asked_optional:
        for key in OPTIONAL[answers.client or "person"]:
            if getattr(answers, key) is None:
                answers = flow.ask(key, answers)
    while True:
        keys = REQUIRED[answers.client or "person"] + OPTIONAL[answers.client or "person"]
        choices = [(DONE, T("done", lang))] + [
            (key, f"{answer_label(key, lang)}: {flow.show(key, answers)}") for key in keys]
        choice = prompter.select(T("summary", lang), choices, default=DONE)
        if choice == DONE:
            return answers
        before = answers.client
        answers = flow.ask(choice, answers)
        if answers.client != before:  # a new client type has other questions and goals
            answers = Answers(client=answers.client, region=answers.region)
            while answers.missing():
                answers = flow.ask(answers.missing()[0], answers)
