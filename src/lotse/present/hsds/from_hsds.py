"""An HSDS directory as a lotse overlay: what maps is mapped, the rest is reported.

Another directory's data carries no lotse taxonomy, so its services come in with what HSDS states
and nothing more: eligibility not stated stays unknown (lotse says so in every consultation);
goals are those its taxonomy terms stand for in the goal map (`lotse.store.goal_map`), its other
terms and languages become keywords; every assumption lotse must make to fill a required field
(client type person, kind regular_service) is reported. A service that HSDS marks inactive,
defunct or temporarily closed comes in findable but without goals, so that lotse never recommends
it, and its source says why. lotse's own export carries its taxonomy, so importing it gives the
catalogue's entries back, in both languages when the other language's export is the translation.

The HSDS id is kept on the entry (`hsds_id`) where it is not the one lotse derives from its own
id; an id twice in the data is reported and its second service left out. lotse's ids are made in
`ids`, the area in `areas`, the contacts (all that HSDS links to a service) in `contacts`.

Every entry is checked with the catalogue's own schema before it is written; one that would not
validate is left out and reported, so the overlay always passes `lotse catalog validate`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from msgspec import Struct

from lotse.errors import ExitCode, InvalidValue, LotseError, UsageError, echo
from lotse.i18n import Messages, Text
from lotse.model.catalogue import Catalogue
from lotse.model.entry import GERMAN_LEVELS, PartialDate
from lotse.present.hsds import TABLES, Reading, Record, Tables, text, uid
from lotse.present.hsds.areas import Areas, area_option
from lotse.present.hsds.contacts import Attributes, Links
from lotse.present.hsds.ids import Ids
from lotse.present.hsds.languages import Pair, Texts, stated_language
from lotse.present.hsds.notes import Notes
from lotse.present.hsds.taxonomy import FACETS, NAME, TAXONOMY_ID, split_code
from lotse.store.goal_map import GoalMap
from lotse.store.schema import URL_PATTERN, EntryReader

CLOSED = ("inactive", "defunct", "temporarily closed")

# The fields each table's mapping reads; any other field with a value is reported as not mapped.
MAPPED = {
    "service": {"id", "organization_id", "name", "description", "url", "email", "status",
                "eligibility_description", "minimum_age", "maximum_age", "assured_date", "last_modified"},
    "organization": {"id", "name", "description", "email", "website"},
    "contact": {"id", "service_id", "service_at_location_id", "organization_id", "location_id", "name",
                "title", "department", "email"},
    "phone": {"id", "contact_id", "service_id", "service_at_location_id", "location_id", "organization_id",
              "number", "type"},
    "location": {"id", "location_type", "url", "name", "description"},
    "address": {"id", "location_id", "address_1", "address_2", "city", "postal_code", "state_province",
                "country", "address_type"},
    "service_at_location": {"id", "service_id", "location_id"},
    "schedule": {"id", "service_id", "service_at_location_id", "location_id", "description", "notes", "byday",
                 "opens_at", "closes_at"},
    "service_area": {"id", "service_id", "name", "description", "extent", "extent_type"},
    "funding": {"id", "service_id", "source"},
    "language": {"id", "service_id", "location_id", "phone_id", "name", "code"},
    "attribute": {"id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"},
    "taxonomy_term": {"id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_id", "language",
                      "term_uri"},
    "taxonomy": {"id", "name", "description", "uri", "version"},
    "meta_table_description": {"id", "name", "language", "character_set"},
    # the change log: the date of a service's last change is a date its information was true
    "metadata": {"id", "resource_id", "resource_type", "last_action_date", "last_action_type", "field_name",
                 "previous_value", "replacement_value", "updated_by"},
}

T = Messages({
    "closed": ("HSDS-Status „{status}“: nicht empfohlen, bis bestätigt ist, dass das Angebot wieder besteht.",
               "HSDS status \"{status}\": not recommended until it is confirmed that the service is open again."),
    "translation_same": ("{translation} ist wie {path} in {lang}: --translation nimmt dasselbe Verzeichnis in der "
                         "anderen Sprache.",
                         "{translation} is in {lang}, like {path}: --translation takes the same directory in the "
                         "other language."),
    # The notes on what was not mapped or assumed; `file` names the file (and table) of the data.
    "no_language": ("die Daten nennen ihre Sprache nicht: als {lang} angenommen (mit --data-lang eine andere angeben)",
                    "the data does not say its language: taken to be {lang} (--data-lang says otherwise)"),
    "term_missing": ("{file}: Attribut eines Taxonomie-Begriffs, der nicht in den Daten steht, nicht übernommen",
                     "{file}: attribute of a taxonomy term not in the data not mapped"),
    "other_records": ("{file}: Begriffe anderer Datensätze als Angebote nicht übernommen ({entity})",
                      "{file}: terms of other records than services not mapped ({entity})"),
    "lotse_term": ("{file}: lotse-Begriff {code} ist dieser Version unbekannt",
                   "{file}: lotse term {code} unknown to this version"),
    "unknown_value": ("{file}: unbekannter Wert {value} für {facet} ausgelassen",
                      "{file}: unknown {facet} {value} left out"),
    "duplicate": ("{file}: ein Angebot mit der ID eines anderen Angebots ausgelassen (doppelte HSDS-ID)",
                  "{file}: a service whose id another service has: left out (duplicate HSDS id)"),
    "copies_of_de": ("HSDS enthält nur eine Sprache: {count} englische Texte sind Kopien der deutschen{hint}",
                     "HSDS holds one language: {count} English texts are copies of the German ones{hint}"),
    "copies_of_en": ("HSDS enthält nur eine Sprache: {count} deutsche Texte sind Kopien der englischen{hint}",
                     "HSDS holds one language: {count} German texts are copies of the English ones{hint}"),
    "translation_de": (" (--translation ORDNER liest sie aus dem deutschen Export)",
                       " (--translation DIR reads them from the German export)"),
    "translation_en": (" (--translation ORDNER liest sie aus dem englischen Export)",
                       " (--translation DIR reads them from the English export)"),
    "table_one": ("{file}: 1 Datensatz nicht übernommen (lotse hat kein Feld für {table})",
                  "{file}: 1 record not mapped (lotse has no field for {table})"),
    "table": ("{file}: {count} Datensätze nicht übernommen (lotse hat kein Feld für {table})",
              "{file}: {count} records not mapped (lotse has no field for {table})"),
    "fields": ("{file}: Felder nicht übernommen: {fields}", "{file}: fields not mapped: {fields}"),
    "no_name": ("{file}: Angebot ohne Namen ausgelassen", "{file}: service without a name left out"),
    "no_kind": ("{file}: Art (kind) nicht angegeben; regular_service angenommen",
                "{file}: kind not stated; assumed regular_service"),
    "no_description": ("{file}: keine Beschreibung; der Name steht für die Zusammenfassung",
                       "{file}: no description; the name stands in for the summary"),
    "url": ("{file}: url, die keine Webadresse ist, ausgelassen", "{file}: url that is not a web address left out"),
    "closed_note": ("{file}: Angebot mit Status „{status}“ ohne Ziele übernommen, nie empfohlen (die Quelle nennt "
                    "den Grund)",
                    "{file}: {status} service imported without goals, never recommended (its source says why)"),
    "no_goal": ("{file}: kein Ziel: nicht empfohlen, bis Ziele eingetragen sind",
                "{file}: no goal: not recommended until goals are set"),
    "status": ("{file}: Status {status} ist keiner von HSDS; als active übernommen",
               "{file}: status {status} not one of HSDS's; imported as active"),
    "no_status": ("{file}: kein Status angegeben; als active übernommen",
                  "{file}: no status given; imported as active"),
    "languages": ("{file}: Sprachen als Suchwörter übernommen (lotse erfasst keine Sprachen)",
                  "{file}: languages kept as keywords (lotse records no languages)"),
    "source": ("{file}: Quelle, die nicht im JSON von lotse steht, ausgelassen",
               "{file}: source that is not lotse's JSON left out"),
    "undated": ("{file}: Angebot ohne assured_date oder last_modified ausgelassen (lotse braucht das Datum, "
                "zu dem die Angaben stimmten; --as-of DATUM gibt eines an)",
                "{file}: service without assured_date or last_modified left out (lotse needs the date its "
                "information was true; --as-of DATE gives one)"),
    "as_of_given": ("{file}: Angebot ohne Datum: Stand aus --as-of übernommen",
                    "{file}: service without a date: as-of date taken from --as-of"),
    "as_of_note": ("Stand beim HSDS-Import angegeben (--as-of), nicht in den Daten.",
                   "As-of date given at the HSDS import (--as-of), not in the data."),
    "as_of_option": ("--as-of: {error}", "--as-of: {error}"),
    "future_date": ("{file}: Datum {date} liegt in der Zukunft und zählt nicht als Stand",
                    "{file}: date {date} is in the future and does not count as the as-of date"),
    "as_of_future": ("--as-of: {date} liegt in der Zukunft; den Tag angeben, an dem die Daten galten",
                     "--as-of: {date} is in the future; give the day the data was true"),
    "no_client": ("{file}: Zielgruppe (client) nicht angegeben; person angenommen",
                  "{file}: client type not stated; assumed person"),
    "age": ("{file}: Altersgrenze, die keine ganze Zahl von Jahren zwischen 0 und 120 ist, ausgelassen",
            "{file}: age bound that is not a whole number of years 0–120 left out"),
    "part_of": ("part_of, das einen Eintrag in keinem der beiden Kataloge nennt, ausgelassen",
                "part_of naming an entry in neither catalogue left out"),
    "invalid": ("Eintrag {id} ausgelassen: {field}: {problem}", "entry {id} left out: {field}: {problem}"),
})


class ImportOptions(Struct, frozen=True):
    ui_lang: str = "de"
    data_lang: str | None = None  # None: the language the data states, else the UI's
    area: str | None = None  # a place as typed: the area of services whose own lotse does not know
    as_of: str | None = None  # a date as typed: the as-of date of services whose data states none
    translation: Path | None = None  # the same directory in the other language
    goal_map: Path | None = None  # None: data/hsds-goals.yaml


class ImportResult(Struct):
    entries: list[dict[str, Any]]
    notes: list[Text]  # what was not mapped or was assumed, for the person importing
    total: int  # services in the data
    skipped: int = 0
    lang: str = "de"  # the data's language


class NothingImportedError(LotseError):
    """No service of the directory could be imported: exit 1 like a search that finds nothing,
    and no overlay is written, so that a script can tell."""

    exit_code = ExitCode.NO_RESULTS


def import_hsds(path: Path, catalogue: Catalogue, options: ImportOptions) -> ImportResult:
    """The services of the HSDS directory at `path` as lotse entries, with notes on everything
    not mapped or assumed. Raises InputError for input that cannot be read (naming file and
    record), UsageError for options that do not fit it."""
    from lotse.present.hsds.directory import read_hsds
    from lotse.store.catalogue import bundled_data_dir
    from lotse.store.goal_map import read_goal_map

    reading = read_hsds(path)
    goal_map = read_goal_map(options.goal_map or bundled_data_dir() / "hsds-goals.yaml", catalogue.vocabulary)
    area = area_option(options.area, catalogue, options.ui_lang)
    as_of = None
    if options.as_of is not None:
        try:
            date = PartialDate.parse(options.as_of.strip())
        except InvalidValue as exc:
            raise UsageError(T.text("as_of_option", error=exc.message)) from None
        if date.is_future():
            raise UsageError(T.text("as_of_future", date=date))
        as_of = str(date)
    stated = stated_language(reading.tables)
    lang = options.data_lang or stated or options.ui_lang
    notes = Notes()
    if options.data_lang is None and stated is None:
        notes.once(T.text("no_language", lang=lang))
    translation = None
    if options.translation is not None:
        translation = read_hsds(options.translation)
        if stated_language(translation.tables) == lang:
            raise UsageError(T.text("translation_same", translation=options.translation, lang=lang, path=path))
    name = path.resolve().name if path.is_dir() else path.name
    source = f"HSDS {name}/{reading.files.get('service', 'services')}" if path.is_dir() else f"HSDS {name}"
    for note in reading.notes:
        notes.once(note)
    return _Import(reading, catalogue, lang, source, area, goal_map, translation, notes, as_of).run()


class _Import:
    def __init__(self, reading: Reading, catalogue: Catalogue, lang: str, source: str,
                 area: dict[str, Any] | None, goal_map: GoalMap, translation: Reading | None, notes: Notes,
                 as_of: str | None = None):
        self.t = reading.tables
        self.as_of_option = as_of
        self.given_as_of: set[int] = set()  # the services whose as-of date --as-of gave
        self.files = {table: reading.files.get(table, f"{stem}.csv") for table, stem in TABLES.items()}
        if len(set(reading.files.values())) == 1 < len(reading.files):  # nested: one file holds every table
            self.files = {table: f"{name} ({table})" for table, name in self.files.items()}
        self.catalogue = catalogue
        self.lang = lang
        self.source = source
        self.goal_map = goal_map
        self.notes = notes
        self.texts = Texts(lang, translation.tables if translation else None)
        self.organisations = {text(o.get("id")): o for o in self.t["organization"]}
        self.funding = self.by("funding", "service_id")
        self.areas = self.by("service_area", "service_id")
        self.languages = self.by("language", "service_id")
        self.changes = self.by("metadata", "resource_id")
        self.taxonomies = {text(t.get("id")): t for t in self.t["taxonomy"]}
        self.attributes, self.foreign = self.read_attributes(self.t, report=True)
        self.other_attributes = self.read_attributes(translation.tables, report=False)[0] if translation else None
        self.links = Links(self.t, self.attributes, self.texts, notes)
        self.ids = Ids(catalogue, notes)
        self.places = Areas(catalogue, lang, self.texts, notes, area, self.files)

    def by(self, table: str, key: str) -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.t[table]:
            if text(record.get(key)):
                index[text(record[key])].append(record)
        return index

    def file(self, table: str) -> str:
        return self.files[table]

    # -- attributes -------------------------------------------------------------------------------

    def read_attributes(self, tables: Tables, report: bool) -> tuple[Attributes, dict[str, list[Record]]]:
        """HSDS id -> lotse facet -> values, for attributes of the lotse taxonomy; and the
        terms of other taxonomies linked to each service."""
        terms = {text(t.get("id")): t for t in tables["taxonomy_term"]}
        ours: Attributes = defaultdict(lambda: defaultdict(list))
        foreign: dict[str, list[Record]] = defaultdict(list)
        for attribute in tables["attribute"]:
            term = terms.get(text(attribute.get("taxonomy_term_id")))
            if term is None:
                if report:
                    self.notes.add(T.text("term_missing", file=self.file("attribute")))
                continue
            link = text(attribute.get("link_id"))
            if text(term.get("taxonomy_id")) != TAXONOMY_ID and text(term.get("taxonomy")) != NAME:
                if text(attribute.get("link_entity")) in ("service", ""):
                    foreign[link].append(term)
                elif report:
                    self.notes.add(T.text("other_records", file=self.file("attribute"),
                                          entity=text(attribute.get("link_entity"))))
                continue
            facet, value = split_code(text(term.get("code")))
            if facet not in FACETS:
                if report:
                    self.notes.add(T.text("lotse_term", file=self.file("attribute"), code=echo(term.get("code"))))
                continue
            ours[link][facet].append(value if value is not None else text(attribute.get("value")))
        return ours, foreign

    def vocab(self, attrs: dict[str, list[str]], facet: str, field: str, name: str) -> list[str]:
        allowed = self.catalogue.vocabulary.values(field) + tuple(v for v, _ in FACETS[facet].extra)
        values = []
        for value in attrs.get(facet, []):
            if value in allowed:
                values.append(value)
            else:
                self.notes.add(T.text("unknown_value", file=self.file("attribute"), facet=facet, value=echo(value)),
                               name)
        return values

    # -- services ---------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        self.unmapped()
        entries = []
        skipped = 0
        counts = Counter(text(s.get("id")) for s in self.t["service"])
        seen: set[str] = set()
        for service in self.t["service"]:
            sid = text(service.get("id"))
            if sid and counts[sid] > 1 and sid in seen:
                self.notes.add(T.text("duplicate", file=self.file("service")), sid)
                skipped += 1
                continue
            seen.add(sid)
            entry = self.entry(service)
            if entry is None:
                skipped += 1
            else:
                entries.append(entry)
        entries, invalid = self.checked(entries)
        if self.texts.copies:
            other = self.texts.other_lang
            hint = "" if self.texts.twins is not None else T.text(f"translation_{other}")
            self.notes.once(T.text(f"copies_of_{self.lang}", count=self.texts.copies, hint=hint))
        return ImportResult(entries, self.notes.lines(), len(self.t["service"]), skipped + invalid, self.lang)

    def unmapped(self) -> None:
        for table, records in self.t.items():
            if not records:
                continue
            if table not in MAPPED:
                self.notes.once(T.text("table_one" if len(records) == 1 else "table", file=self.file(table),
                                       count=len(records), table=TABLES[table].replace("_", " ")))
                continue
            fields = Counter(key for record in records for key, value in record.items()
                             if key not in MAPPED[table] and text(value))
            if fields:
                listed = ", ".join(f"{key} ({count})" for key, count in fields.items())
                self.notes.once(T.text("fields", file=self.file(table), fields=listed))

    def entry(self, service: Record) -> dict[str, Any] | None:
        sid = text(service.get("id"))
        name = text(service.get("name"))
        if not name:
            self.notes.add(T.text("no_name", file=self.file("service")), sid)
            return None
        attrs = self.attributes.get(sid, {})
        ours = "lotse_id" in attrs
        organisation = text(self.organisations.get(text(service.get("organization_id")), {}).get("name"))
        as_of = self.as_of(service, attrs, name)
        contacts = self.links.of(service, name, organisation or None, ours) if as_of else []
        derived = "area_derived" in attrs and attrs["area_derived"] != ["false"]
        area = self.places.of(self.areas.get(sid, []), derived, contacts, name) if as_of else None
        if as_of is None or area is None:
            return None
        entry: dict[str, Any] = {"id": self.ids.new(attrs.get("lotse_id", [""])[0], name, sid, organisation),
                                 "name": name}
        provider = attrs.get("provider", [""])[0] or (organisation if organisation != name else "")
        if provider:
            entry["provider"] = provider
        funders = [text(f.get("source")) for f in self.funding.get(sid, []) if text(f.get("source"))]
        if funders:
            entry["funder"] = "; ".join(funders)
        kinds = self.vocab(attrs, "kind", "kind", name)
        if not kinds:
            self.notes.add(T.text("no_kind", file=self.file("service")), name)
        entry["kind"] = kinds[0] if kinds else "regular_service"
        for key in ("level", "cost"):
            values = self.vocab(attrs, key, key, name)
            if values:
                entry[key] = values[0]
        entry.update(area)
        if attrs.get("part_of"):
            entry["part_of"] = attrs["part_of"][0]
        summary = self.texts.pair("service", service, "description")
        if summary is None:
            self.notes.add(T.text("no_description", file=self.file("service")), name)
        entry["summary"] = summary or {"de": name, "en": name}
        entry["eligibility"] = self.eligibility(service, attrs, ours, name)
        goals = self.vocab(attrs, "goal", "goal", name) if ours else self.mapped_goals(sid)
        entry["goals"] = goals
        for key, facet in (("offers", "offer"), ("keywords", "keyword")):
            lists = self.lists(sid, facet, attrs)
            if not ours and key == "keywords":
                lists = self.foreign_keywords(sid, lists)
            if lists:
                entry[key] = lists
        if contacts:
            entry["contacts"] = contacts
        url = text(service.get("url"))
        if url and URL_PATTERN.match(url):
            entry["url"] = url
        elif url:
            self.notes.add(T.text("url", file=self.file("service")), url)
        period = {key: attrs[f"period_{key}"][0] for key in ("start", "end", "review") if attrs.get(f"period_{key}")}
        if period:
            entry["period"] = period
        entry["as_of"] = as_of
        given = id(service) in self.given_as_of
        if given or ("as_of_derived" in attrs and attrs["as_of_derived"] != ["false"]):
            entry["as_of_derived"] = True
        if attrs.get("verified") and attrs.get("verified_by"):
            entry["verified"] = attrs["verified"][0]
            entry["verified_by"] = attrs["verified_by"][0]
        entry["sources"] = self.sources(attrs, sid, name)
        if sid and not sid.startswith("#") and sid != uid("service", entry["id"]):
            entry["hsds_id"] = sid
        status = text(service.get("status")).lower()
        if not ours and status in CLOSED:
            self.notes.add(T.text("closed_note", file=self.file("service"), status=status), name)
            entry["goals"] = []
            entry["sources"][0]["note"] = T("closed", self.lang, status=status)
        if given:
            before = entry["sources"][0].get("note")
            entry["sources"][0]["note"] = " ".join(n for n in (before, T("as_of_note", self.lang)) if n)
        elif not goals and not ours:
            self.notes.add(T.text("no_goal", file=self.file("service")), name)
        if not ours and not status:
            self.notes.add(T.text("no_status", file=self.file("service")), name)
        elif not ours and status not in CLOSED + ("active",):
            self.notes.add(T.text("status", file=self.file("service"), status=echo(status)), name)
        return entry

    def lists(self, sid: str, facet: str, attrs: dict[str, list[str]]) -> dict[str, list[str]]:
        """Offers or keywords in each language: this export's, and the translation's own list."""
        lists = {self.lang: list(attrs.get(facet, []))}
        if self.other_attributes is not None:
            lists[self.texts.other_lang] = list(self.other_attributes.get(sid, {}).get(facet, []))
        return {lang: values for lang, values in lists.items() if values}

    def term_goals(self, term: Record) -> tuple[str, ...] | None:
        """The goals the goal map gives a term of another taxonomy; None where it knows none."""
        taxonomy = self.taxonomies.get(text(term.get("taxonomy_id")), {})
        named = [text(term.get("taxonomy")), text(taxonomy.get("name")), text(taxonomy.get("uri"))]
        return self.goal_map.goals(named, [text(term.get("name")), text(term.get("code"))])

    def mapped_goals(self, sid: str) -> list[str]:
        return list(dict.fromkeys(g for term in self.foreign.get(sid, []) for g in self.term_goals(term) or ()))

    def foreign_keywords(self, sid: str, lists: dict[str, list[str]]) -> dict[str, list[str]]:
        """The names of the service's terms that map to no goal and of its languages, as keywords:
        findable, in the data's language and the translation's."""
        own: list[str] = []
        other: list[str] = []
        for term in self.foreign.get(sid, []):
            if self.term_goals(term):
                continue
            pair = self.texts.pair("taxonomy_term", term, "name")
            if pair:
                own.append(pair[self.lang])
                other.append(pair[self.texts.other_lang])
        for language in self.languages.get(sid, []):
            word = text(language.get("name")) or text(language.get("code"))
            if word:
                own.append(word)
                other.append(word)
        if not own:
            return lists
        if self.languages.get(sid):
            self.notes.once(T.text("languages", file=self.file("language")))
        merged = dict(lists)
        merged[self.lang] = list(dict.fromkeys(merged.get(self.lang, []) + own))
        if self.texts.twins is not None:
            merged[self.texts.other_lang] = list(dict.fromkeys(merged.get(self.texts.other_lang, []) + other))
        return merged

    def sources(self, attrs: dict[str, list[str]], sid: str, name: str) -> list[dict[str, str]]:
        """lotse's own sources where the export carried them, else the directory itself."""
        sources = []
        for value in attrs.get("source", []):
            try:
                source = json.loads(value)
            except ValueError:
                source = None
            if isinstance(source, dict) and all(isinstance(v, str) for v in source.values()):
                sources.append(source)
            else:
                self.notes.add(T.text("source", file=self.file("attribute")), name)
        return sources or [{"file": self.source, "section": f"HSDS service {sid}: {name}"}]

    def as_of(self, service: Record, attrs: dict[str, list[str]], name: str) -> str | None:
        """The date the information was true: lotse's own where its export kept it, else the later
        of `assured_date` and `last_modified`."""
        if attrs.get("as_of"):
            try:
                return str(PartialDate.parse(attrs["as_of"][0]))
            except ValueError:
                pass
        dates = []
        changed = [r.get("last_action_date") for r in self.changes.get(text(service.get("id")), [])
                   if text(r.get("resource_type")) in ("", "service")]
        for value in (service.get("assured_date"), service.get("last_modified"), *changed):
            try:
                date = PartialDate.parse(text(value)[:10])
            except ValueError:
                continue
            if date.is_future():
                self.notes.add(T.text("future_date", file=self.file("service"), date=date), name)
            else:
                dates.append(date)
        if dates:
            return str(max(dates))
        if self.as_of_option is not None:
            self.notes.add(T.text("as_of_given", file=self.file("service")), name)
            self.given_as_of.add(id(service))
            return self.as_of_option
        self.notes.add(T.text("undated", file=self.file("service")), name)
        return None

    def eligibility(self, service: Record, attrs: dict[str, list[str]], ours: bool, name: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if ours:
            result["clients"] = [c for c in self.vocab(attrs, "client", "client", name) if c != "organisations"]
        else:
            self.notes.add(T.text("no_client", file=self.file("service")), name)
            result["clients"] = ["person"]
        for facet, key, vocabulary in (("status", "statuses", "status"),
                                       ("qualification", "qualifications", "qualification"),
                                       ("gender", "gender", "gender"), ("sector", "sectors", "sector")):
            values = self.vocab(attrs, facet, vocabulary, name)
            if "any" in values:
                result[key] = "any"
            elif values:
                result[key] = values
        if attrs.get("age") == ["any"]:
            result["age"] = "any"
        else:
            bounds = {"min": self.age(service.get("minimum_age"), name),
                      "max": self.age(service.get("maximum_age"), name)}
            if any(v is not None for v in bounds.values()):
                result["age"] = {k: v for k, v in bounds.items() if v is not None}
        if attrs.get("german_level") == ["any"]:
            result["german_level"] = "any"
        else:
            levels = {k: attrs[f"german_level_{k}"][0] for k in ("min", "max")
                      if attrs.get(f"german_level_{k}", [""])[0] in GERMAN_LEVELS}
            if levels:
                result["german_level"] = levels
        if attrs.get("benefits") in (["true"], ["false"]):
            result["benefits"] = attrs["benefits"] == ["true"]
        if attrs.get("derived"):
            result["derived"] = list(attrs["derived"])
        note = self.note(service, attrs, ours)
        if note:
            result["note"] = note
        return result

    def note(self, service: Record, attrs: dict[str, list[str]], ours: bool) -> Pair | None:
        """Who the service is for, in the source's words: lotse's note, or the data's
        eligibility description."""
        if not ours:
            return self.texts.pair("service", service, "eligibility_description")
        if not attrs.get("note"):
            return None
        translated = None
        if self.other_attributes is not None:
            translated = (self.other_attributes.get(text(service.get("id")), {}).get("note") or [""])[0] or None
        return self.texts.both(attrs["note"][0], translated)

    def age(self, value: object, name: str) -> int | None:
        if not text(value):
            return None
        try:
            number = float(text(value))
        except ValueError:
            number = -1.0
        if not number.is_integer() or not 0 <= number <= 120:
            self.notes.add(T.text("age", file=self.file("service")), name)
            return None
        return int(number)

    # -- the catalogue's own check ----------------------------------------------------------------

    def checked(self, entries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        known = set(self.catalogue.entries) | {e["id"] for e in entries}
        for entry in entries:
            if entry.get("part_of") and entry["part_of"] not in known:
                self.notes.add(T.text("part_of"), entry["id"])
                del entry["part_of"]
        reader = EntryReader("import", self.catalogue.vocabulary, self.catalogue.regions)
        valid = []
        for position, entry in enumerate(entries):
            before = len(reader.problems)
            if reader.read(entry, position) is not None:
                valid.append(entry)
            for problem in reader.problems[before:]:
                said = Text(problem.says("de"), problem.says("en"))
                self.notes.add(T.text("invalid", id=entry["id"], field=problem.field, problem=said))
        return valid, len(entries) - len(valid)


def overlay_yaml(result: ImportResult, header: str) -> str:
    """The overlay file: the header as comments, then the entries (libyaml's emitter where
    PyYAML has it: the pure-Python one took four fifths of a large import)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + yaml.dump({"entries": result.entries}, Dumper=dumper, allow_unicode=True, sort_keys=False,
                               width=100)
