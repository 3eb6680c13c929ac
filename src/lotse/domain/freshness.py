"""How fresh each entry's information is, and what the people who maintain the data should check.

Referral data goes stale: a phone number from 2018 may reach nobody today. An entry's freshness
date is the later of the day a maintainer last confirmed it (`verified`) and the date its source
describes (`as_of`). A date as precise as a year or a month counts from its last day, so an entry is flagged
only when even the most favourable reading of its date is past the limit.

Pure: entries and today's date in, verdicts out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal

from msgspec import Struct

from lotse.errors import UsageError, echo
from lotse.i18n import Messages
from lotse.model.entry import Entry, PartialDate

Unit = Literal["d", "m", "y"]

T = Messages({
    "max_age": ("{text} ist keine Altersangabe wie 12m, 6m, 2y oder 90d (d = Tage, m = Monate, y = Jahre).",
                "{text} is not an age like 12m, 6m, 2y or 90d (d = days, m = months, y = years)."),
})

_MAX_AGE = re.compile(r"^\s*(\d{1,4})\s*([dmy])\s*$", re.IGNORECASE)


class MaxAge(Struct, frozen=True):
    """How old information may be before it needs checking: days, months or years."""

    amount: int
    unit: Unit

    def cutoff(self, today: dt.date) -> dt.date:
        """The oldest freshness date that is still within the limit."""
        if self.unit == "d":
            return today - dt.timedelta(days=self.amount)
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        month += 1
        if year < 1:
            return dt.date.min
        return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


DEFAULT_MAX_AGE = MaxAge(12, "m")  # `ask` marks results older than this "verify before use"
OLD_AGE = MaxAge(3, "y")  # older information ranks after current services of the same fit


def parse_max_age(text: str) -> MaxAge:
    """'12m', '6m', '2y', '90d' (case and spaces ignored); raises UsageError otherwise."""
    match = _MAX_AGE.match(text)
    if match is None:
        raise UsageError(T.text("max_age", text=echo(text)))
    unit = match.group(2).lower()
    return MaxAge(int(match.group(1)), unit)  # type: ignore[arg-type]


def freshness_date(entry: Entry) -> dt.date:
    """The last day the entry's information is known to have been true."""
    if entry.verified is None:
        return entry.as_of.last_day()
    return max(entry.verified.last_day(), entry.as_of.last_day())


def is_stale(entry: Entry, today: dt.date, max_age: MaxAge = DEFAULT_MAX_AGE) -> bool:
    return freshness_date(entry) < max_age.cutoff(today)


def grade(entry: Entry, today: dt.date) -> str:
    """current (12 months or newer), check (1–3 years) or old (more than 3 years)."""
    if not is_stale(entry, today):
        return "current"
    return "old" if is_old(entry, today) else "check"


def is_old(entry: Entry, today: dt.date) -> bool:
    """More than three years old: an adviser would try a current equivalent first."""
    return is_stale(entry, today, OLD_AGE)


class StaleEntry(Struct, frozen=True):
    entry: Entry
    date: dt.date  # the freshness date
    age_days: int

    @property
    def verified(self) -> bool:
        """Whether the date is a maintainer's check rather than the source's own date."""
        return self.entry.verified is not None and self.entry.verified.last_day() == self.date


class PastDate(Struct, frozen=True):
    """A programme whose period end or funding review date has passed."""

    entry: Entry
    what: Literal["end", "review"]
    date: PartialDate


class StaleReport(Struct, frozen=True):
    today: dt.date
    max_age: MaxAge
    entries: tuple[StaleEntry, ...]  # oldest first
    past_dates: tuple[PastDate, ...]  # earliest first

    @property
    def cutoff(self) -> dt.date:
        return self.max_age.cutoff(self.today)


def stale_report(entries: Iterable[Entry], today: dt.date, max_age: MaxAge = DEFAULT_MAX_AGE) -> StaleReport:
    """Entries past `max_age`, oldest first, and programmes whose end or review date has passed."""
    entries = list(entries)
    stale = sorted(
        (StaleEntry(e, freshness_date(e), (today - freshness_date(e)).days)
         for e in entries if is_stale(e, today, max_age)),
        key=lambda s: (s.date, s.entry.id))
    past: list[PastDate] = []
    for e in entries:
        if e.period.end is not None and e.period.end.last_day() < today:
            past.append(PastDate(e, "end", e.period.end))
        elif e.period.review is not None and e.period.review.last_day() < today:
            past.append(PastDate(e, "review", e.period.review))
    past.sort(key=lambda p: (p.date.last_day(), p.entry.id))
    return StaleReport(today, max_age, tuple(stale), tuple(past))
