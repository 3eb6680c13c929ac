"""Wording of the rules' reasons, questions and next steps, in German and English.

Every sentence names the answer it rests on ("Serves Halle (Saale)", "For people aged 12–27: the
client is 19"), so that the adviser can explain it to the client.
"""

from __future__ import annotations

from lotse.domain.rules import (
    ChoiceReason,
    Condition,
    PeriodReason,
    PlanStep,
    Question,
    RangeReason,
    Reason,
    RegionReason,
    Verdict,
)
from lotse.i18n import Messages
from lotse.model.answers import answer_label
from lotse.model.catalogue import Catalogue

T = Messages({
    "client_met": ("Richtet sich an {value}", "For {value}"),
    "client_not_met": ("Richtet sich an {allowed}, nicht an {value}", "For {allowed}, not for {value}"),
    "client_organisations": ("Richtet sich nur an Organisationen und Fachkräfte, nicht an einzelne Ratsuchende",
                             "Only for organisations and professionals, not for individual clients"),
    "ended": ("Beendet: Laufzeit bis {date}", "Ended: ran until {date}"),
    "review_passed": ("Förderung war bis {date} angegeben: vor dem Verweis prüfen, ob es weiterläuft",
                      "Funding was stated until {date}: check it continues before referring"),
    "region_nationwide": ("Bundesweit verfügbar", "Available nationwide"),
    "region_serves": ("Zuständig für {region}", "Serves {region}"),
    "region_serves_state": ("Zuständig für ganz {state}, also auch {region}",
                            "Serves all of {state}, including {region}"),
    "region_only_places": ("Nur in {places}: Wohnort in {region} genauer angeben",
                           "Only in {places}: give the client's district or city in {region}"),
    "region_not_served": ("Zuständig für {places}, nicht für {region}", "Serves {places}, not {region}"),
    "region_missing": ("Region nicht angegeben", "Region not given"),
    "region_abroad": ("Nur vor Ort in {places}; die Person lebt noch im Ausland",
                      "Only on site in {places}; the client still lives abroad"),
    "status_any": ("Offen für jeden Aufenthaltsstatus", "Open to every residence status"),
    "status_met": ("Aufenthaltsstatus passt: {value}", "Residence status fits: {value}"),
    "status_not_met": ("Nur für {allowed}; Aufenthaltsstatus ist {value}",
                       "Only for {allowed}; residence status is {value}"),
    "status_missing": ("Nur für {allowed}; Aufenthaltsstatus nicht geklärt",
                       "Only for {allowed}; residence status not known"),
    "status_not_stated": ("Katalog nennt keine Regel zum Aufenthaltsstatus: beim Angebot nachfragen",
                          "The catalogue states no residence-status rule: check with the service"),
    "age_any": ("Ohne Altersgrenze", "No age limit"),
    "age_met": ("Für Menschen von {span} Jahren: die Person ist {value}",
                "For people aged {span}: the client is {value}"),
    "age_not_met": ("Nur für Menschen von {span} Jahren; die Person ist {value}",
                    "Only for people aged {span}; the client is {value}"),
    "age_missing": ("Nur für Menschen von {span} Jahren; Alter nicht angegeben",
                    "Only for people aged {span}; age not given"),
    "age_not_stated": ("Katalog nennt keine Altersgrenze: beim Angebot nachfragen",
                       "The catalogue states no age rule: check with the service"),
    "qualification_any": ("Offen für jede Qualifikation", "Open to every qualification"),
    "qualification_met": ("Qualifikation passt: {value}", "Qualification fits: {value}"),
    "qualification_not_met": ("Nur für {allowed}; die Person hat: {value}",
                              "Only for {allowed}; the client has {value}"),
    "qualification_missing": ("Nur für {allowed}; Qualifikation nicht angegeben",
                              "Only for {allowed}; qualification not given"),
    "qualification_not_stated": ("Katalog nennt keine Regel zur Qualifikation: beim Angebot nachfragen",
                                 "The catalogue states no qualification rule: check with the service"),
    "gender_met": ("Nur für Geschlecht „{allowed}“: passt", "Only for gender '{allowed}': fits"),
    "gender_not_met": ("Nur für Geschlecht „{allowed}“; angegeben: {value}",
                       "Only for gender '{allowed}'; given: {value}"),
    "gender_missing": ("Nur für Geschlecht „{allowed}“; Geschlecht nicht angegeben",
                       "Only for gender '{allowed}'; gender not given"),
    "german_level_met": ("Für Deutschniveau {span}: die Person hat {value}",
                         "For German level {span}: the client has {value}"),
    "german_level_not_met": ("Nur für Deutschniveau {span}; die Person hat {value}",
                             "Only for German level {span}; the client has {value}"),
    "german_level_missing": ("Nur für Deutschniveau {span}; Niveau nicht angegeben",
                             "Only for German level {span}; level not given"),
    "sector_met": ("Für die Branche {allowed}: passt", "For the sector {allowed}: fits"),
    "sector_not_met": ("Nur für die Branche {allowed}; angegeben: {value}",
                       "Only for the sector {allowed}; given: {value}"),
    "sector_missing": ("Nur für die Branche {allowed}; Branche nicht angegeben",
                       "Only for the sector {allowed}; sector not given"),
    "benefits_met": ("{which}: passt", "{which}: fits"),
    "benefits_not_met": ("{which}", "{which}"),
    "benefits_missing": ("{which}; Bezug nicht angegeben", "{which}; not given whether the client receives it"),
    "benefits_required": ("Zuständig bei Bezug von Bürgergeld", "Responsible when the client receives Bürgergeld"),
    "benefits_excluded": ("Nicht zuständig bei Bezug von Bürgergeld",
                          "Not responsible when the client receives Bürgergeld"),
    "goal": ("Passt zum Ziel: {goals}", "Serves the goal: {goals}"),
    "no_goal": ("Passt zu keinem der Ziele ({goals})", "Serves none of the goals ({goals})"),
    "people": ("Ratsuchende", "people"),
    "employers": ("Arbeitgeber", "employers"),
    "question": ("{answer} nicht angegeben: die Antwort kann {entries} hinzufügen",
                 "{answer} not given: answering it may add {entries}"),
    "question_region": ("Landkreis oder Stadt genauer angeben: das kann {entries} hinzufügen",
                        "Give the district or city: that may add {entries}"),
    "derived": ("(aus dem Quelltext abgeleitet)", "(derived from the source text)"),
    "and": ("und", "and"),
    "or": ("oder", "or"),
})

def _join(items: list[str], lang: str, word: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {T(word, lang)} " + items[-1]


def _span(low: int | str | None, high: int | str | None) -> str:
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"≥ {low}" if low is not None else f"≤ {high}"


def _clients(values: tuple[str, ...] | str | None, lang: str) -> str:
    names = [T("people" if v == "person" else "employers", lang) for v in
             ((values,) if isinstance(values, str) else values or ())]
    return _join(names, lang, "and")


def reason_text(reason: Reason, catalogue: Catalogue, lang: str) -> str:
    """One reason as a sentence in `lang`, with vocabulary values and regions as labels."""
    vocab, regions = catalogue.vocabulary, catalogue.regions

    def places(ids: tuple[str, ...]) -> str:
        return _join([regions.get(r).label(lang) for r in ids], lang)

    def region(region_id: str | None) -> str:
        return regions.get(region_id).label(lang) if region_id else ""

    if isinstance(reason, ChoiceReason):
        key = f"{reason.rule}_{reason.outcome}"
        if reason.rule == "client":
            return T(key, lang, value=_clients(reason.value, lang), allowed=_clients(reason.allowed, lang))
        value = vocab.label(reason.rule, reason.value, lang) if reason.value is not None else ""
        allowed = _join([vocab.label(reason.rule, v, lang) for v in reason.allowed], lang)
        return T(key, lang, value=value, allowed=allowed)
    if isinstance(reason, RangeReason):
        return T(f"{reason.rule}_{reason.outcome}", lang, span=_span(reason.min, reason.max),
                 value="" if reason.value is None else reason.value)
    if isinstance(reason, RegionReason):
        return T(f"region_{reason.outcome}", lang, region=region(reason.region), state=region(reason.state),
                 places=places(reason.places))
    if isinstance(reason, PeriodReason):
        return T(reason.outcome, lang, date=reason.date)
    which = T("benefits_required" if reason.required else "benefits_excluded", lang)
    return T(f"benefits_{reason.outcome}", lang, which=which)


def condition_text(condition: Condition, catalogue: Catalogue, entry_derived: tuple[str, ...], lang: str) -> str:
    text = reason_text(condition.reason, catalogue, lang)
    rule_key = {"status": "statuses", "qualification": "qualifications"}.get(condition.rule, condition.rule)
    if condition.verdict is not Verdict.UNKNOWN and rule_key in entry_derived:
        text += " " + T("derived", lang)
    return text


def goal_text(goals: tuple[str, ...], catalogue: Catalogue, lang: str, matched: bool = True) -> str:
    labels = [catalogue.vocabulary.label("goal", g, lang) for g in goals]
    return T("goal" if matched else "no_goal", lang, goals=_join(labels, lang, "and"))


def question_text(question: Question, lang: str) -> str:
    names = [e.name for e in question.adds[:4]]
    more = len(question.adds) - len(names)
    entries = _join(names + ([f"+{more}"] if more > 0 else []), lang, "and")
    if question.answer == "region":  # given as a Land, while these serve only some of its places
        return T("question_region", lang, entries=entries)
    return T("question", lang, answer=answer_label(question.answer, lang), entries=entries)


def step_text(step: PlanStep, lang: str) -> str:
    """A plan step as one line: what to do, then who does it."""
    who = step.who.name if step.who is not None else (step.step.who_text.get(lang) if step.step.who_text else "")
    text = step.step.text.get(lang)
    return f"{text} — {who}" if who else text
