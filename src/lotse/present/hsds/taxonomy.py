"""The lotse taxonomy: how an HSDS attribute says what HSDS itself cannot.

Each fact is an attribute linking a record to a term of this taxonomy. Facts from lotse's
vocabulary (client type, residence status, qualification, gender, sector, goal, kind, level) link a term
of their own, `status:protection`, a child of the facet term `status`, so that any HSDS consumer
can show the term's name. Other facts (dates, ids, provenance, free text) link the facet term and
carry the fact in the attribute's `value`. The export publishes every term, so the taxonomy
travels with the data.
"""

from __future__ import annotations

from msgspec import Struct

from lotse.model.vocabulary import Vocabulary
from lotse.present.hsds import uid

NAME = "lotse"
VERSION = "1"
TAXONOMY_ID = uid("taxonomy", NAME)


class Facet(Struct, frozen=True):
    code: str
    label: tuple[str, str]  # German, English
    link_type: str  # what the attribute describes (HSDS's open codelist)
    vocabulary: str | None = None  # a vocabulary field: one child term per value
    extra: tuple[tuple[str, tuple[str, str]], ...] = ()  # child terms beyond the vocabulary

    def name(self, lang: str) -> str:
        return self.label[1] if lang == "en" else self.label[0]


_ANY = ("any", ("alle", "all"))

FACETS = {f.code: f for f in (
    Facet("client", ("Zielgruppe", "Client type"), "eligibility", "client",
          (("organisations", ("nur Organisationen und Fachkräfte", "organisations and professionals only")),)),
    Facet("status", ("Aufenthaltsstatus", "Residence status"), "eligibility", "status", (_ANY,)),
    Facet("qualification", ("Qualifikation", "Qualification"), "eligibility", "qualification", (_ANY,)),
    Facet("gender", ("Geschlecht", "Gender"), "eligibility", "gender"),
    Facet("sector", ("Branche", "Sector"), "eligibility", "sector"),
    Facet("goal", ("Ziel", "Goal"), "goal", "goal"),
    Facet("kind", ("Art", "Kind"), "classification", "kind"),
    Facet("level", ("Ebene", "Level"), "classification", "level"),
    Facet("cost", ("Kosten", "Cost"), "classification", "cost"),
    Facet("age", ("Alter (any: ohne Grenze)", "Age (any: no limit)"), "eligibility"),
    Facet("german_level", ("Deutschniveau (any: jedes)", "German level (any: every)"), "eligibility"),
    Facet("german_level_min", ("Deutschniveau mindestens", "German level at least"), "eligibility"),
    Facet("german_level_max", ("Deutschniveau höchstens", "German level at most"), "eligibility"),
    Facet("benefits", ("Bezug von Bürgergeld entscheidet (true: nur mit, false: nur ohne)",
                       "Receipt of Bürgergeld decides (true: only with, false: only without)"), "eligibility"),
    Facet("derived", ("aus dem Quelltext abgeleitet, nicht zitiert", "read from the source text, not quoted"),
          "eligibility"),
    Facet("note", ("Zielgruppe laut Quelle", "Who it is for, in the source's words"), "eligibility"),
    Facet("lotse_id", ("lotse-ID", "lotse id"), "provenance"),
    Facet("part_of", ("Teil von (lotse-ID)", "Part of (lotse id)"), "provenance"),
    Facet("as_of", ("Stand laut Quelle", "As of, according to the source"), "provenance"),
    Facet("as_of_derived", ("Stand aus dem Text abgeleitet", "As-of date inferred from the text"), "provenance"),
    Facet("verified", ("zuletzt geprüft", "last verified"), "provenance"),
    Facet("area_derived", ("Gebiet abgeleitet, nicht angegeben", "Area inferred, not stated"), "provenance"),
    Facet("verified_by", ("geprüft von", "verified by"), "provenance"),
    Facet("source", ("Quelle (JSON: file und section, oder url und date)",
                     "Source (JSON: file and section, or url and date)"), "provenance"),
    Facet("period_start", ("Laufzeit ab", "Runs from"), "period"),
    Facet("period_end", ("Laufzeit bis", "Runs until"), "period"),
    Facet("period_review", ("Förderung angegeben bis (zu prüfen)", "Funding stated until (to check)"), "period"),
    Facet("offer", ("Angebot", "Offer"), "content"),
    Facet("keyword", ("Suchwort", "Keyword"), "content"),
    Facet("email", ("weitere E-Mail-Adresse", "further e-mail address"), "contact"),
)}


def term_id(code: str) -> str:
    return uid("taxonomy_term", NAME, code)


def taxonomy_record(lang: str) -> dict:
    description = (
        "Attribute, mit denen lotse festhält, was HSDS 3.0 nicht strukturiert abbildet: Zielgruppe, "
        "Aufenthaltsstatus, Qualifikation, Ziele, Art und Herkunft der Angaben."
        if lang != "en" else
        "Attributes with which lotse records what HSDS 3.0 has no structure for: client type, "
        "residence status, qualification, goals, kind and the provenance of each entry.")
    return {"id": TAXONOMY_ID, "name": NAME, "description": description, "version": VERSION}


def term_records(vocabulary: Vocabulary, lang: str) -> list[dict]:
    """Every facet term and, for vocabulary facets, a child term per value."""
    records: list[dict] = []
    for facet in FACETS.values():
        records.append(_term(facet.code, facet.name(lang), facet.name(lang), None, lang))
        children: list[tuple[str, str]] = []
        if facet.vocabulary is not None:
            children += [(v, vocabulary.label(facet.vocabulary, v, lang))
                         for v in vocabulary.values(facet.vocabulary)]
        children += [(v, label[1] if lang == "en" else label[0]) for v, label in facet.extra]
        for value, label in children:
            records.append(_term(f"{facet.code}:{value}", label, f"{facet.name(lang)}: {label}",
                                 term_id(facet.code), lang))
    return records


def _term(code: str, name: str, description: str, parent: str | None, lang: str) -> dict:
    record = {"id": term_id(code), "code": code, "name": name, "description": description}
    if parent is not None:
        record["parent_id"] = parent
    record.update({"taxonomy": NAME, "taxonomy_id": TAXONOMY_ID, "language": lang})
    return record


def split_code(code: str) -> tuple[str, str | None]:
    """'status:protection' -> ('status', 'protection'); 'as_of' -> ('as_of', None)."""
    facet, _, value = code.partition(":")
    return facet, value or None
