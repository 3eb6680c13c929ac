"""The catalogue schema: turns one parsed YAML entry into an `Entry`, or reports why it cannot.

Validation is strict (unknown keys are errors: a typo must not silently drop a restriction) and
exhaustive (every problem of a file is reported in one run). It is written out here rather than
as a JSON Schema because it also resolves vocabulary and region references and it must check
20,000 entries in well under a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from lotse.errors import echo, reason
from lotse.i18n import Messages
from lotse.i18n import Text as Message
from lotse.model.entry import (
    ANY,
    GERMAN_LEVELS,
    Address,
    Area,
    Contact,
    Eligibility,
    Entry,
    PartialDate,
    Period,
    Range,
    Source,
    Text,
    TextList,
)
from lotse.model.places import Gazetteer
from lotse.model.problems import Problem
from lotse.model.vocabulary import Vocabulary

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# C0 and C1 control characters but newline and tab: catalogue text reaches terminals, and an
# escape sequence in a name could rewrite the adviser's screen or window title.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_PATTERN = re.compile(r"^(https?://|www\.)\S+$")

ENTRY_KEYS = {
    "id", "name", "provider", "funder", "kind", "level", "area", "area_derived", "area_note",
    "part_of", "summary", "eligibility", "goals", "offers", "contacts", "url", "period", "as_of",
    "as_of_derived", "verified", "verified_by", "sources", "keywords", "cost", "hsds_id",
}
REQUIRED_KEYS = ("id", "name", "kind", "area", "summary", "eligibility", "goals",
                 "sources", "as_of")
SOURCE_KEYS = {"file", "section", "url", "date", "note"}
ELIGIBILITY_KEYS = {"clients", "statuses", "age", "qualifications", "gender", "german_level",
                    "benefits", "sectors", "derived", "note"}
CONTACT_KEYS = {"organisation", "name", "role", "phone", "fax", "email", "address", "url", "hours"}

# What is wrong with a value, for the people who maintain the data. Keys, values and the format's
# own words (`nationwide`, `any`, states, places) stay as the files spell them.
T = Messages({
    "entry_mapping": ("muss Schlüssel auf Werte abbilden", "must be a mapping of keys to values"),
    "unknown_key": ("unbekannter Schlüssel (das Format beschreibt data/README.md)",
                    "unknown key (see data/README.md for the format)"),
    "required": ("fehlt (Pflichtangabe)", "is required"),
    "as_of_older": ("{as_of} ist älter als die neueste Quelle ({newest}): as_of ist das Datum der neuesten Quelle",
                    "{as_of} is older than the newest source ({newest}): as_of is the date of the newest source"),
    "verified_pair": ("verified und verified_by gehören zusammen: der Tag und wer den Eintrag bestätigt hat",
                      "verified and verified_by go together: the day and who confirmed it"),
    "text": ("muss ein nicht leerer Text sein, gefunden: {value}", "must be non-empty text, got {value}"),
    "control": ("enthält Steuerzeichen (Escape-Sequenzen für das Terminal?): {value}",
                "contains control characters (terminal escape codes?): {value}"),
    "bool": ("muss true oder false sein, gefunden: {value}", "must be true or false, got {value}"),
    "slug": ("{value} darf nur aus a-z, 0-9 und einzelnen Bindestrichen bestehen",
             "{value} must be a slug of a-z, 0-9 and single hyphens"),
    "not_id": ("{value} ist keine Eintrags-ID", "{value} is not an entry id"),
    "url": ("{value} ist keine Webadresse (http://, https:// oder www.)",
            "{value} is not a web address (http://, https:// or www.)"),
    "date": ('muss ein Datum wie "2027-12" sein, gefunden: {value}', 'must be a date like "2027-12", got {value}'),
    "full_date": ('muss ein vollständiges Datum wie "2025-03-31" sein, gefunden: {value}',
                  'must be a full date like "2025-03-31", got {value}'),
    "future": ("{date} liegt in der Zukunft: den Tag angeben, an dem der Eintrag geprüft wurde",
               "{date} is in the future: give the day the entry was checked"),
    "future_stated": ("{date} liegt in der Zukunft: eine Quelle kann nicht nach heute datiert sein (Tippfehler?)",
                      "{date} is in the future: a source cannot be dated after today (a typo?)"),
    "value": ("unbekannter Wert {value}; erwartet wird einer dieser Werte: {allowed}",
              "unknown value {value}; expected one of: {allowed}"),
    "list": ("muss eine Liste sein", "must be a list"),
    "nonempty_list": ("muss eine nicht leere Liste sein", "must be a non-empty list"),
    "de_en": ("braucht einen deutschen (de) und einen englischen (en) Text",
              "must have a German (de) and an English (en) text"),
    "language": ("unbekannte Sprache; de und en verwenden", "unknown language; use de and en"),
    "de_en_lists": ("braucht Listen unter de und/oder en", "must have de and/or en lists"),
    "texts": ("muss eine Liste von Texten sein", "must be a list of texts"),
    "area": ("muss `nationwide`, {states: [...]} oder {places: [...]} sein",
             "must be `nationwide`, {states: [...]} or {places: [...]}"),
    "no_region": ("nennt keine Region", "names no region"),
    "unknown_region": ("unbekannte Region {id} (siehe data/regions.yaml)",
                       "unknown region {id} (see data/regions.yaml)"),
    "is_state": ("{id} ist ein Land: unter states aufführen", "{id} is a Land: list it under states"),
    "not_state": ("{id} ist kein Land: unter places aufführen", "{id} is not a Land: list it under places"),
    "mapping": ("muss Schlüssel auf Werte abbilden", "must be a mapping"),
    "unknown_subkey": ("unbekannter Schlüssel", "unknown key"),
    "clients_required": ("fehlt (Pflichtangabe; [] für Angebote nur an Organisationen)",
                         "is required (use [] for offers to organisations only)"),
    "range": ("muss `any` oder {min: …, max: …} sein (min oder max darf fehlen)",
              "must be `any` or {min: …, max: …} (either may be left out)"),
    "min_max": ("min {min} liegt über max {max}", "min {min} is above max {max}"),
    "age": ("muss eine ganze Zahl von Jahren zwischen 0 und 120 sein, gefunden: {value}",
            "must be a whole number of years 0–120, got {value}"),
    "level": ("unbekanntes Deutschniveau {value}; erwartet wird einer dieser Werte: {levels}",
              "unknown German level {value}; expected one of {levels}"),
    "derived": ("{key} ist kein Schlüssel von eligibility", "{key} is not an eligibility key"),
    "email": ("{value} ist keine E-Mail-Adresse", "{value} is not an e-mail address"),
    "address": ("braucht street, postcode und/oder city", "must have street, postcode and/or city"),
    "reachable": ("braucht mindestens eines von phone, email, url oder address",
                  "needs at least one of phone, email, url or address"),
    "period": ("braucht start, end und/oder review", "must have start, end and/or review"),
    "period_order": ("beginnt ({start}) nach seinem Ende ({end})", "starts ({start}) after it ends ({end})"),
    "sources": ("muss mindestens eine Quelle nennen (siehe data/README.md, Sources)",
                "must list at least one source (see data/README.md, Sources)"),
    "source_shape": ("muss {file: …, section: …} oder {url: …, date: …} sein",
                     "must be {file: …, section: …} or {url: …, date: …}"),
    "source_key": ("unbekannter Schlüssel; eine Quelle hat file und section oder url und date",
                   "unknown key; a source has file and section, or url and date"),
    "source_both": ("ist entweder ein Seed (file, section) oder eine Webseite (url, date), nicht beides",
                    "is either a seed (file, section) or a web page (url, date), not both"),
    "source_date": ("fehlt (Pflichtangabe): das Datum, das die Seite nennt (oder ihr Jahr)",
                    "is required: the date the page states (or its year)"),
})


class _Invalid(Exception):
    """Internal: a field could not be read; the problem is already recorded."""


def _plain(value: object) -> str | None:
    """The text of an ordinary value (a string with text and no control character), stripped."""
    if type(value) is str and (text := value.strip()) and not CONTROL.search(value):
        return text
    return None


class EntryReader:
    """Reads entries of one file, recording problems instead of stopping at the first."""

    def __init__(self, file: str, vocabulary: Vocabulary, regions: Gazetteer):
        self.file = file
        self.vocabulary = vocabulary
        self.regions = regions
        self.problems: list[Problem] = []
        self._entry_id: str | None = None
        self._readers: dict[str, Callable[[Any], Any]] = {  # each field's reader, in reading order
            "id": self._id,
            "name": lambda v: self._str("name", v),
            "provider": lambda v: self._str("provider", v),
            "funder": lambda v: self._str("funder", v),
            "kind": lambda v: self._vocab("kind", "kind", v),
            "level": lambda v: self._vocab("level", "level", v),
            "cost": lambda v: self._vocab("cost", "cost", v),
            "summary": lambda v: self._text("summary", v),
            "eligibility": self._eligibility,
            "goals": lambda v: self._vocab_list("goals", "goal", v),
            "offers": lambda v: self._text_list("offers", v),
            "keywords": lambda v: self._text_list("keywords", v),
            "contacts": self._contacts,
            "url": lambda v: self._url("url", v),
            "period": self._period,
            "as_of": lambda v: self._stated("as_of", v),
            "as_of_derived": lambda v: self._bool("as_of_derived", v),
            "verified": lambda v: self._day("verified", v),
            "verified_by": lambda v: self._str("verified_by", v),
            "sources": self._sources,
            "part_of": lambda v: self._id_like("part_of", v),
            "hsds_id": lambda v: self._str("hsds_id", v),
        }

    def problem(self, field: str | None, message: Message) -> None:
        self.problems.append(Problem.of(self.file, message, entry=self._entry_id, field=field))

    def read(self, raw: object, position: int) -> Entry | None:
        if not isinstance(raw, dict):
            self._entry_id = None
            self.problem(f"entries[{position}]", T.text("entry_mapping"))
            return None
        entry_id = raw.get("id")
        self._entry_id = entry_id if isinstance(entry_id, str) else f"#{position + 1}"
        before = len(self.problems)
        for key in sorted(set(raw) - ENTRY_KEYS, key=str):
            self.problem(str(key), T.text("unknown_key"))
        for key in REQUIRED_KEYS:
            if raw.get(key) in (None, "", {}) or (raw.get(key) == [] and key != "goals"):
                self.problem(key, T.text("required"))
        values: dict[str, Any] = {}
        for key, reader in self._readers.items():
            value = raw.get(key)
            if value is None:
                continue
            try:  # noqa: SIM105 - every field of every entry: a try costs less than entering suppress()
                values[key] = reader(value)
            except _Invalid:  # recorded as a problem; the other fields are still read
                pass
        if raw.get("area") is not None:
            with contextlib.suppress(_Invalid):
                values["area"] = self._area(raw["area"], raw.get("area_derived"), raw.get("area_note"))
        dated = [s.date for s in values.get("sources", ()) if s.date is not None]
        if "as_of" in values and dated and values["as_of"].last_day() < max(dated).first_day():
            self.problem("as_of", T.text("as_of_older", as_of=values["as_of"], newest=max(dated)))
        if ("verified" in values) != ("verified_by" in values):
            self.problem("verified", T.text("verified_pair"))
        if len(self.problems) > before:
            return None
        values.setdefault("level", None)  # left out where the seeds do not say who runs it
        return Entry(origin=self.file, **values)

    # -- scalar readers -------------------------------------------------------------------

    def _fail(self, field: str, message: Message) -> _Invalid:
        self.problem(field, message)
        return _Invalid()

    def _str(self, field: str, value: object) -> str:
        if (text := _plain(value)) is not None:
            return text  # nearly every value: the checks below only say what is wrong
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(field, T.text("text", value=echo(value)))
        if CONTROL.search(value):
            raise self._fail(field, T.text("control", value=echo(value)))
        return value.strip()

    def _bool(self, field: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self._fail(field, T.text("bool", value=echo(value)))
        return value

    def _id(self, value: object) -> str:
        text = self._str("id", value)
        if not ID_PATTERN.match(text):
            raise self._fail("id", T.text("slug", value=echo(text)))
        return text

    def _id_like(self, field: str, value: object) -> str:
        text = self._str(field, value)
        if not ID_PATTERN.match(text):
            raise self._fail(field, T.text("not_id", value=echo(text)))
        return text

    def _url(self, field: str, value: object) -> str:
        """A web address; "www.…" as sources print it gets its scheme, as links and HSDS need one."""
        text = self._str(field, value)
        if not URL_PATTERN.match(text):
            raise self._fail(field, T.text("url", value=echo(text)))
        return f"http://{text}" if text.startswith("www.") else text

    def _date(self, field: str, value: object) -> PartialDate:
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self._fail(field, T.text("date", value=echo(value)))
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            raise self._fail(field, reason(exc)) from None

    def _day(self, field: str, value: object) -> PartialDate:
        """A full date: a check happens on a day, and HSDS's assured_date needs one; and not
        one in the future, which would mark the entry checked for years to come."""
        date = self._date(field, value)
        if date.day is None:
            raise self._fail(field, T.text("full_date", value=echo(str(date))))
        if date.is_future():
            raise self._fail(field, T.text("future", date=date))
        return date

    def _stated(self, field: str, value: object) -> PartialDate:
        """The date a source states (or `as_of`, the newest of them): not after today, where it
        would make old information look current for years."""
        date = self._date(field, value)
        if date.is_future():
            raise self._fail(field, T.text("future_stated", date=date))
        return date

    def _vocab(self, field: str, vocab_field: str, value: object) -> str:
        text = self._str(field, value)
        allowed = self.vocabulary.values(vocab_field)
        if text not in allowed:
            raise self._fail(field, T.text("value", value=echo(text), allowed=", ".join(allowed)))
        return text

    def _vocab_list(self, field: str, vocab_field: str, value: object,
                    allow_empty: bool = True) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or (not value and not allow_empty):
            raise self._fail(field, T.text("nonempty_list" if not allow_empty else "list"))
        items = []
        failed = False
        for i, item in enumerate(value):
            try:
                items.append(self._vocab(f"{field}[{i}]", vocab_field, item))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid()
        return tuple(dict.fromkeys(items))

    def _text(self, field: str, value: object) -> Text:
        if not isinstance(value, dict):
            raise self._fail(field, T.text("de_en"))
        for key in sorted(set(value) - {"de", "en"}, key=str):
            self.problem(f"{field}.{key}", T.text("language"))
        de = self._str(f"{field}.de", value.get("de"))
        en = self._str(f"{field}.en", value.get("en"))
        return Text(de, en)

    def _text_list(self, field: str, value: object) -> TextList:
        if not isinstance(value, dict):
            raise self._fail(field, T.text("de_en_lists"))
        result: dict[str, tuple[str, ...]] = {}
        for lang, items in value.items():
            if lang not in ("de", "en"):
                raise self._fail(f"{field}.{lang}", T.text("language"))
            if not isinstance(items, list):
                raise self._fail(f"{field}.{lang}", T.text("texts"))
            result[lang] = self._items(f"{field}.{lang}", items)
        return TextList(**result)

    def _strings(self, field: str, value: object) -> tuple[str, ...]:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            raise self._fail(field, T.text("texts"))
        return self._items(field, value)

    def _items(self, field: str, items: list[object]) -> tuple[str, ...]:
        """A list's texts; an item's name (`field[2]`) is made only for a problem to report."""
        texts = []
        for i, item in enumerate(items):
            text = _plain(item)
            texts.append(text if text is not None else self._str(f"{field}[{i}]", item))
        return tuple(texts)

    # -- structured readers ---------------------------------------------------------------

    def _area(self, value: object, derived: object, note: object) -> Area:
        derived_flag = self._bool("area_derived", derived) if derived is not None else False
        note_text = self._text("area_note", note) if note is not None else None
        if value == "nationwide":
            return Area(nationwide=True, derived=derived_flag, note=note_text)
        if not isinstance(value, dict) or not value or set(value) - {"states", "places"}:
            raise self._fail("area", T.text("area"))
        states = self._region_list("area.states", value.get("states", []), want_state=True)
        places = self._region_list("area.places", value.get("places", []), want_state=False)
        if not states and not places:
            raise self._fail("area", T.text("no_region"))
        return Area(states=states, places=places, derived=derived_flag, note=note_text)

    def _region_list(self, field: str, value: object, want_state: bool) -> tuple[str, ...]:
        ids = self._strings(field, value)
        for region_id in ids:
            region = self.regions.regions.get(region_id)
            if region is None or region.type == "abroad":
                raise self._fail(field, T.text("unknown_region", id=echo(region_id)))
            if region.is_state != want_state:
                raise self._fail(field, T.text("is_state" if region.is_state else "not_state", id=echo(region_id)))
        return ids

    def _eligibility(self, value: object) -> Eligibility:
        if not isinstance(value, dict):
            raise self._fail("eligibility", T.text("mapping"))
        failed = False
        for key in sorted(set(value) - ELIGIBILITY_KEYS, key=str):
            self.problem(f"eligibility.{key}", T.text("unknown_subkey"))
            failed = True
        fields: dict[str, Any] = {}
        if "clients" not in value:
            self.problem("eligibility.clients", T.text("clients_required"))
            failed = True
        readers: dict[str, Callable[[Any], Any]] = {
            "clients": lambda v: self._vocab_list("eligibility.clients", "client", v),
            "statuses": lambda v: self._any_or(v, lambda x: self._vocab_list(
                "eligibility.statuses", "status", x, allow_empty=False)),
            "qualifications": lambda v: self._any_or(v, lambda x: self._vocab_list(
                "eligibility.qualifications", "qualification", x, allow_empty=False)),
            "gender": lambda v: self._vocab_list("eligibility.gender", "gender", v, allow_empty=False),
            "sectors": lambda v: self._vocab_list("eligibility.sectors", "sector", v, allow_empty=False),
            "age": lambda v: self._any_or(v, lambda x: self._range("eligibility.age", x, self._age)),
            "german_level": lambda v: self._any_or(v, lambda x: self._range(
                "eligibility.german_level", x, self._level)),
            "benefits": lambda v: self._bool("eligibility.benefits", v),
            "derived": lambda v: self._derived(v),
            "note": lambda v: self._text("eligibility.note", v),
        }
        for key, reader in readers.items():
            if key in value and value[key] is not None:
                try:
                    fields[key] = reader(value[key])
                except _Invalid:
                    failed = True
        if failed:
            raise _Invalid()
        return Eligibility(**fields)

    def _any_or(self, value: object, reader: Callable[[Any], Any]) -> Any:
        return ANY if value == ANY else reader(value)

    def _range(self, field: str, value: object, bound: Callable[[str, object], int]) -> Range:
        if not isinstance(value, dict) or not value or set(value) - {"min", "max"}:
            raise self._fail(field, T.text("range"))
        low = bound(f"{field}.min", value["min"]) if value.get("min") is not None else None
        high = bound(f"{field}.max", value["max"]) if value.get("max") is not None else None
        if low is not None and high is not None and low > high:
            raise self._fail(field, T.text("min_max", min=value["min"], max=value["max"]))
        return Range(low, high)

    def _age(self, field: str, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
            raise self._fail(field, T.text("age", value=echo(value)))
        return value

    def _level(self, field: str, value: object) -> int:
        if str(value) not in GERMAN_LEVELS:
            raise self._fail(field, T.text("level", value=echo(value), levels=", ".join(GERMAN_LEVELS)))
        return GERMAN_LEVELS.index(str(value))

    def _derived(self, value: object) -> tuple[str, ...]:
        keys = self._strings("eligibility.derived", value)
        allowed = ELIGIBILITY_KEYS - {"derived", "note"}
        for key in keys:
            if key not in allowed:
                raise self._fail("eligibility.derived", T.text("derived", key=echo(key)))
        return keys

    def _contacts(self, value: object) -> tuple[Contact, ...]:
        if not isinstance(value, list):
            raise self._fail("contacts", T.text("list"))
        contacts = []
        failed = False
        for i, item in enumerate(value):
            try:
                contacts.append(self._contact(f"contacts[{i}]", item))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid()
        return tuple(contacts)

    def _contact(self, field: str, value: object) -> Contact:
        if not isinstance(value, dict):
            raise self._fail(field, T.text("mapping"))
        unknown = sorted(set(value) - CONTACT_KEYS, key=str)
        for key in unknown:
            self.problem(f"{field}.{key}", T.text("unknown_subkey"))
        if unknown:
            raise _Invalid()
        fields: dict[str, Any] = {}
        for key in ("organisation", "name"):
            if value.get(key) is not None:
                fields[key] = self._str(f"{field}.{key}", value[key])
        for key in ("role", "hours"):
            if value.get(key) is not None:
                fields[key] = self._text(f"{field}.{key}", value[key])
        for key in ("phone", "fax"):
            if value.get(key) is not None:
                fields[key] = self._strings(f"{field}.{key}", value[key])
        if value.get("email") is not None:
            emails = self._strings(f"{field}.email", value["email"])
            for email in emails:
                if not EMAIL_PATTERN.match(email):
                    raise self._fail(f"{field}.email", T.text("email", value=echo(email)))
            fields["email"] = emails
        if value.get("url") is not None:
            fields["url"] = self._url(f"{field}.url", value["url"])
        if value.get("address") is not None:
            address = value["address"]
            if not isinstance(address, dict) or set(address) - {"street", "postcode", "city"}:
                raise self._fail(f"{field}.address", T.text("address"))
            fields["address"] = Address(**{k: self._str(f"{field}.address.{k}", v)
                                           for k, v in address.items() if v is not None})
        contact = Contact(**fields)
        if not (contact.phone or contact.email or contact.url or contact.address):
            raise self._fail(field, T.text("reachable"))
        return contact

    def _period(self, value: object) -> Period:
        if not isinstance(value, dict) or set(value) - {"start", "end", "review"}:
            raise self._fail("period", T.text("period"))
        dates = {k: self._date(f"period.{k}", v) for k, v in value.items() if v is not None}
        start, end = dates.get("start"), dates.get("end")
        if start and end and start.first_day() > end.last_day():
            raise self._fail("period", T.text("period_order", start=start, end=end))
        return Period(**dates)

    def _sources(self, value: object) -> tuple[Source, ...]:
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list) or not value:
            raise self._fail("sources", T.text("sources"))
        sources = []
        failed = False
        for i, item in enumerate(value):
            try:
                sources.append(self._source(f"sources[{i}]", item))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid()
        return tuple(sources)

    def _source(self, field: str, value: object) -> Source:
        """A seed (file and section) or a public page (url and the date it states)."""
        if not isinstance(value, dict):
            raise self._fail(field, T.text("source_shape"))
        for key in sorted(set(value) - SOURCE_KEYS, key=str):
            raise self._fail(f"{field}.{key}", T.text("source_key"))
        note = self._str(f"{field}.note", value["note"]) if value.get("note") is not None else None
        if "url" in value:
            if "file" in value or "section" in value:
                raise self._fail(field, T.text("source_both"))
            if value.get("date") is None:
                raise self._fail(f"{field}.date", T.text("source_date"))
            url = self._url(f"{field}.url", value["url"])
            return Source(url=url, date=self._stated(f"{field}.date", value["date"]), note=note)
        if set(value) - {"note"} != {"file", "section"}:
            raise self._fail(field, T.text("source_shape"))
        return Source(file=self._str(f"{field}.file", value["file"]),
                      section=self._str(f"{field}.section", value["section"]), note=note)
