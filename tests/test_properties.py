"""Round trips that must hold for any value, checked with Hypothesis: dates as written, answers
saved and read back, and entries through the cache's encoding."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.model.answers import KEYS, parse_answers
from lotse.model.entry import Entry, PartialDate
from lotse.store.cache import codec

DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)).flatmap(
    lambda d: st.sampled_from([PartialDate(d.year), PartialDate(d.year, d.month), PartialDate(d.year, d.month, d.day)]))


@given(DATES)
def test_a_partial_date_reads_back_as_written(date):
    assert PartialDate.parse(str(date)) == date
    assert date.first_day() <= date.last_day()


@given(DATES, DATES)
def test_partial_dates_order_as_written(a, b):
    assert (a < b) == ((a.year, a.month or 0, a.day or 0) < (b.year, b.month or 0, b.day or 0))
    assert (a <= b) == (not b < a)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_answers_saved_and_read_back_are_the_same(catalogue, data):
    vocab = catalogue.vocabulary
    regions = [r.id for r in catalogue.regions.regions.values()]
    raw = {
        "client": "person",
        "status": data.draw(st.sampled_from(vocab.values("status"))),
        "age": data.draw(st.integers(0, 120)),
        "qualification": data.draw(st.sampled_from(vocab.values("qualification"))),
        "region": data.draw(st.sampled_from(regions)),
        "goals": data.draw(st.lists(st.sampled_from(vocab.values("goal")), min_size=1, max_size=4, unique=True)),
        "gender": data.draw(st.none() | st.sampled_from(vocab.values("gender"))),
        "german_level": data.draw(st.none() | st.sampled_from(["none", "A1", "A2", "B1", "B2", "C1", "C2"])),
        "benefits": data.draw(st.none() | st.booleans()),
        "sector": data.draw(st.none() | st.sampled_from(vocab.values("sector"))),
    }
    answers = parse_answers(raw, vocab, catalogue.regions)
    saved = answers.to_mapping()
    assert set(saved) <= set(KEYS)
    assert parse_answers(saved, vocab, catalogue.regions) == answers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_catalogue_entry_survives_the_cache_encoding(catalogue, data):
    entry = data.draw(st.sampled_from(list(catalogue.entries.values())))
    name = data.draw(st.text(min_size=1, max_size=40))
    changed = __import__("msgspec").structs.replace(entry, name=name)
    assert codec.loads(codec.dumps(changed), Entry) == changed
