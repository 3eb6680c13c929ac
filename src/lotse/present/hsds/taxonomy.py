"""The lotse taxonomy: how an HSDS attribute says what HSDS itself cannot.

An attribute links a record to a term. What a consumer can filter by is a term of its own: the
values of lotse's vocabulary (`goal:recognition`, `status:protection`, `client:person`), the
German levels, the eligibility rules read from a text (`derived:statuses`), the flags
(`as_of_derived`) and each offer and keyword of the catalogue (`keyword:Anerkennung`), every one a
child of its facet term (`goal`), so that any HSDS consumer can show its name. Only what is data
rather than a class (lotse's id, sources, dates, a number as printed) is the `value` of an
attribute that links the facet term. The export publishes every term it uses, with the taxonomy,
so the taxonomy travels with the data.

A term's URI is the URN of its UUID: lotse has no web address that could serve the terms, and a
URI must not name a domain lotse does not own. Like the ids, the URIs never change.
"""

from __future__ import annotations

from msgspec import Struct

from lotse.model.entry import GERMAN_LEVELS
from lotse.model.vocabulary import Vocabulary
from lotse.present.hsds import Record, uid

NAME = "lotse"
VERSION = "2"
TAXONOMY_ID = uid("taxonomy", NAME)

Label = tuple[str, str]  # German, English


class Facet(Struct, frozen=True):
    code: str
    label: Label
    link_type: str  # what the attribute describes (HSDS's open codelist)
    vocabulary: str | None = None  # a vocabulary field: one child term per value
    extra: tuple[tuple[str, Label], ...] = ()  # child terms beyond the vocabulary
    open: bool = False  # child terms are the catalogue's own words (offers, keywords)
    flag: bool = False  # the facet term alone says it: no value, no child

    def name(self, lang: str) -> str:
        return self.label[1] if lang == "en" else self.label[0]

    @property
    def has_terms(self) -> bool:
        """Whether an attribute of this facet links a child term rather than carrying a value."""
        return self.vocabulary is not None or bool(self.extra) or self.open


_ANY: tuple[str, Label] = ("any", ("alle", "all"))
_LEVELS = tuple((level, (level, level)) for level in GERMAN_LEVELS[1:])
_NO_GERMAN: tuple[str, Label] = ("none", ("keine Deutschkenntnisse", "no German"))

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
    Facet("age", ("Alter", "Age"), "eligibility", extra=(("any", ("jedes Alter", "any age")),)),
    Facet("german_level", ("Deutschniveau", "German level"), "eligibility",
          extra=(("any", ("jedes Deutschniveau", "any German level")),)),
    Facet("german_level_min", ("Deutschniveau mindestens", "German level at least"), "eligibility",
          extra=(_NO_GERMAN, *_LEVELS)),
    Facet("german_level_max", ("Deutschniveau höchstens", "German level at most"), "eligibility",
          extra=(_NO_GERMAN, *_LEVELS)),
    Facet("benefits", ("Bezug von Bürgergeld entscheidet", "Receipt of Bürgergeld decides"), "eligibility",
          extra=(("true", ("nur mit Bürgergeld", "only with Bürgergeld")),
                 ("false", ("nur ohne Bürgergeld", "only without Bürgergeld")))),
    Facet("derived", ("aus dem Quelltext abgeleitet, nicht zitiert", "read from the source text, not quoted"),
          "eligibility", extra=(("clients", ("Zielgruppe", "Client type")),
                                ("statuses", ("Aufenthaltsstatus", "Residence status")), ("age", ("Alter", "Age")),
                                ("qualifications", ("Qualifikation", "Qualification")),
                                ("gender", ("Geschlecht", "Gender")),
                                ("german_level", ("Deutschniveau", "German level")),
                                ("benefits", ("Bezug von Bürgergeld", "Receipt of Bürgergeld")),
                                ("sectors", ("Branche", "Sector")))),
    Facet("note", ("Zielgruppe laut Quelle", "Who it is for, in the source's words"), "eligibility"),
    Facet("offer", ("Angebot", "Offer"), "content", open=True),
    Facet("keyword", ("Suchwort", "Keyword"), "content", open=True),
    Facet("lotse_id", ("lotse-ID", "lotse id"), "provenance"),
    Facet("part_of", ("Teil von (lotse-ID)", "Part of (lotse id)"), "provenance"),
    Facet("provider", ("Träger, wie die Quelle ihn schreibt", "Provider, as the source writes it"), "provenance"),
    Facet("as_of", ("Stand laut Quelle", "As of, according to the source"), "provenance"),
    Facet("as_of_derived", ("Stand aus dem Text abgeleitet", "As-of date inferred from the text"), "provenance",
          flag=True),
    Facet("verified", ("zuletzt geprüft", "last verified"), "provenance"),
    Facet("verified_by", ("geprüft von", "verified by"), "provenance"),
    Facet("area_derived", ("Gebiet abgeleitet, nicht angegeben", "Area inferred, not stated"), "provenance",
          flag=True),
    Facet("source", ("Quelle (JSON: file und section, oder url und date)",
                     "Source (JSON: file and section, or url and date)"), "provenance"),
    Facet("period_start", ("Laufzeit ab", "Runs from"), "period"),
    Facet("period_end", ("Laufzeit bis", "Runs until"), "period"),
    Facet("period_review", ("Förderung angegeben bis (zu prüfen)", "Funding stated until (to check)"), "period"),
    Facet("email", ("weitere E-Mail-Adresse", "further e-mail address"), "contact"),
    Facet("url", ("Webadresse der Ansprechstelle", "Web address of the contact"), "contact"),
    Facet("organisation", ("Organisation, wie die Quelle sie schreibt", "Organisation, as the source writes it"),
          "contact"),
    Facet("as_printed", ("Nummer, wie die Quelle sie schreibt", "Number as the source prints it"), "contact"),
    Facet("address", ("Adresse, soweit bekannt (JSON: street, postcode, city)",
                      "Address as far as known (JSON: street, postcode, city)"), "contact"),
    Facet("for_contact", ("Zeiten der Ansprechstelle (HSDS-ID des Kontakts)",
                          "Hours of the contact (the contact's HSDS id)"), "contact"),
)}


def term_id(code: str) -> str:
    return uid("taxonomy_term", NAME, code)


def term_uri(record_id: str) -> str:
    return f"urn:uuid:{record_id}"


def taxonomy_record(lang: str) -> Record:
    description = (
        "Begriffe, mit denen lotse festhält, was HSDS 3.0 nicht strukturiert abbildet: Ziele, Zielgruppe, "
        "Aufenthaltsstatus, Qualifikation und weitere Voraussetzungen, Art, Angebote und Herkunft der Angaben."
        if lang != "en" else
        "Terms with which lotse records what HSDS 3.0 has no structure for: goals, client type, residence "
        "status, qualification and other eligibility rules, kind, offers and the provenance of each entry.")
    return {"id": TAXONOMY_ID, "name": NAME, "description": description, "uri": term_uri(TAXONOMY_ID),
            "version": VERSION}


def child_label(facet: Facet, value: str, vocabulary: Vocabulary, lang: str) -> str:
    """The name of the child term `facet:value`: the vocabulary's label, or the catalogue's word."""
    for key, label in facet.extra:
        if key == value:
            return label[1] if lang == "en" else label[0]
    if facet.vocabulary is not None:
        return vocabulary.label(facet.vocabulary, value, lang)
    return value


def facet_records(vocabulary: Vocabulary, lang: str) -> list[Record]:
    """Every facet term and, where the values are known beforehand, a child term per value."""
    records: list[Record] = []
    for facet in FACETS.values():
        records.append(term_record(facet.code, facet.name(lang), facet.name(lang), None, lang))
        values = list(vocabulary.values(facet.vocabulary)) if facet.vocabulary is not None else []
        values += [key for key, _ in facet.extra]
        for value in values:
            records.append(child_record(facet, value, child_label(facet, value, vocabulary, lang), lang))
    return records


def child_record(facet: Facet, value: str, label: str, lang: str) -> Record:
    return term_record(f"{facet.code}:{value}", label, f"{facet.name(lang)}: {label}", term_id(facet.code), lang)


def term_record(code: str, name: str, description: str, parent: str | None, lang: str) -> Record:
    record: Record = {"id": term_id(code), "code": code, "name": name, "description": description}
    if parent is not None:
        record["parent_id"] = parent
    record.update({"taxonomy": NAME, "language": lang, "taxonomy_id": TAXONOMY_ID,
                   "term_uri": term_uri(term_id(code))})
    return record


def split_code(code: str) -> tuple[str, str | None]:
    """'status:protection' -> ('status', 'protection'); 'as_of' -> ('as_of', None)."""
    facet, _, value = code.partition(":")
    return facet, value or None
