"""The catalogue's typed data: what one service entry is, independent of how it is stored.

Eligibility distinguishes three states per condition, because a referral must not treat silence in
the sources as permission: `None` = the sources do not say, `ANY` = the sources say it is open to
all, a tuple/range = the stated restriction.

The annotations are objects, not strings (no `from __future__ import annotations`): msgspec reads
them when it first decodes an entry, on every run that shows one, in 0.9 ms instead of 3.7.
"""

import datetime as dt
from typing import Literal

from msgspec import Struct, field

from lotse.errors import InvalidValue, echo
from lotse.i18n import Messages

ANY: Literal["any"] = "any"
Any_ = Literal["any"]

GERMAN_LEVELS: tuple[str, ...] = ("none", "A1", "A2", "B1", "B2", "C1", "C2")

T = Messages({
    "not_date": ("{text} ist kein Datum wie 2027, 2027-12 oder 2027-12-31",
                 "{text} is not a date like 2027, 2027-12 or 2027-12-31"),
    "no_such_date": ("{text}: dieses Datum gibt es nicht (Monat 1–12, ein Tag dieses Monats, Jahr ab 1)",
                     "{text}: there is no such date (month 1–12, a day of that month, year 1 or later)"),
    "year_digits": ("{text}: das Jahr muss vier Ziffern haben", "{text}: the year must have four digits"),
})


class Text(Struct, frozen=True):
    """A text in German and English; lotse shows the one of the UI or sheet language."""

    de: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.de


class TextList(Struct, frozen=True):
    de: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def get(self, lang: str) -> tuple[str, ...]:
        return (self.en or self.de) if lang == "en" else (self.de or self.en)


class PartialDate(Struct, frozen=True):
    """A date as precise as its source: "2027", "2027-12" or "2027-12-31".

    Ordered as written: "2027" before "2027-01" before "2027-01-01".
    """

    year: int
    month: int | None = None
    day: int | None = None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "PartialDate") -> bool:
        return self._key() < other._key()

    def __le__(self, other: "PartialDate") -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: "PartialDate") -> bool:
        return self._key() > other._key()

    def __ge__(self, other: "PartialDate") -> bool:
        return self._key() >= other._key()

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        parts = text.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise InvalidValue(T.text("not_date", text=echo(text)))
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
        date = cls(year, month, day)
        try:
            date.first_day()
        except ValueError:  # an impossible date: month 13, 31 April, year 0
            raise InvalidValue(T.text("no_such_date", text=echo(text))) from None
        if len(parts[0]) != 4:
            raise InvalidValue(T.text("year_digits", text=echo(text)))
        return date

    def is_future(self) -> bool:
        """Whether it begins after tomorrow (a day's grace for time zones): no source, check or
        as-of date can."""
        return self.first_day() > dt.date.today() + dt.timedelta(days=1)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        if month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, month + 1, 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


class Period(Struct, frozen=True):
    start: PartialDate | None = None
    end: PartialDate | None = None
    review: PartialDate | None = None

    def has_ended(self, today: dt.date) -> bool:
        return self.end is not None and self.end.last_day() < today


class Area(Struct, frozen=True):
    """Where a service is available: nationwide, in whole Länder, or in named places."""

    nationwide: bool = False
    states: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    derived: bool = False
    note: Text | None = None


class Range(Struct, frozen=True):
    """An inclusive range; either bound may be open."""

    min: int | None = None
    max: int | None = None

    def contains(self, value: int) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Eligibility(Struct, frozen=True):
    clients: tuple[str, ...]
    statuses: tuple[str, ...] | Any_ | None = None
    age: Range | Any_ | None = None
    qualifications: tuple[str, ...] | Any_ | None = None
    gender: tuple[str, ...] | None = None  # None: no gender restriction
    german_level: Range | Any_ | None = None  # indices into GERMAN_LEVELS
    benefits: bool | None = None  # None: receipt of Bürgergeld does not decide
    sectors: tuple[str, ...] | None = None  # None: not limited to a sector
    derived: tuple[str, ...] = ()
    note: Text | None = None


class Address(Struct, frozen=True):
    street: str | None = None
    postcode: str | None = None
    city: str | None = None

    def one_line(self) -> str:
        town = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (self.street, town) if p)


class Contact(Struct, frozen=True):
    organisation: str | None = None
    name: str | None = None
    role: Text | None = None
    phone: tuple[str, ...] = ()
    fax: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    address: Address | None = None
    url: str | None = None
    hours: Text | None = None  # opening or consultation hours, as the source gives them


class Source(Struct, frozen=True):
    """Where a fact comes from: a seed file and its section, or a public web page and its date.

    `date` is the date the page itself states (or the year evident from it), not the day it was
    read: it is what `as_of` is checked against.
    """

    file: str | None = None
    section: str | None = None
    url: str | None = None
    date: PartialDate | None = None
    note: str | None = None  # e.g. where this source disagrees with another one

    def label(self) -> str:
        if self.url is not None:
            return f"{self.url} ({self.date})" if self.date else self.url
        return f"{self.file} – {self.section}"


class Entry(Struct, frozen=True):
    id: str
    name: str
    kind: str
    level: str | None  # None: the sources do not say
    area: Area
    summary: Text
    eligibility: Eligibility
    goals: tuple[str, ...]
    sources: tuple[Source, ...]
    as_of: PartialDate
    as_of_derived: bool = False
    verified: PartialDate | None = None  # when a person last confirmed the entry (lotse.domain.freshness)
    verified_by: str | None = None  # who did: an organisation or role, never required to be a name
    provider: str | None = None
    funder: str | None = None
    part_of: str | None = None
    offers: TextList = field(default_factory=TextList)
    contacts: tuple[Contact, ...] = ()
    url: str | None = None
    period: Period = field(default_factory=Period)
    keywords: TextList = field(default_factory=TextList)
    cost: str | None = None  # vocabulary `cost`; None: the sources do not say
    hsds_id: str | None = None  # the service's id in the HSDS directory it was imported from
    origin: str = ""  # the file this entry was read from
    replaces: str | None = None  # the file of the entry this one overrides, if any

    def has_ended(self, today: dt.date) -> bool:
        return self.period.has_ended(today)

    @property
    def source(self) -> Source:
        """The first source: the one the entry rests on."""
        return self.sources[0]

