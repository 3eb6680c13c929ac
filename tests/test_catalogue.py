"""The bundled catalogue validates and holds what the seeds say."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS, TODAY

from lotse.model.entry import ANY, PartialDate, Range
from lotse.store.catalogue import read_catalogue


def test_bundled_catalogue_validates_cleanly():
    catalogue, problems = read_catalogue()
    assert problems == []
    assert len(catalogue) >= 100


def test_every_entry_names_an_existing_seed_and_section(catalogue):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    seeds = {p.name for p in SEEDS.glob("*.txt")}
    for entry in catalogue:
        for source in entry.sources:
            if source.url is None:
                assert source.file in seeds, entry.id
                assert source.section and source.section.strip(), entry.id


def test_contact_details_appear_verbatim_in_their_seed(catalogue):
    """No invented phone numbers or e-mails: each one is printed in a seed ("[at]" as "@")."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    text = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")).replace("[at]", "@")
    squeezed = re.sub(r"\s+", "", text)
    for entry in catalogue:
        if any(source.url for source in entry.sources):
            continue  # contacts from a web source are checked against it by tests/test_sources.py
        for contact in entry.contacts:
            for value in contact.phone + contact.fax + contact.email:
                assert re.sub(r"\s+", "", value) in squeezed, (entry.id, value)


@pytest.mark.parametrize("entry_id, old", [
    ("iq-st-anerkennung-nord", ("0391 / 4080 510", "duc@caritas-ikz-md.de", "Nguyen Tien Duc")),
    ("iq-st-anerkennung-sued", ("0345 / 686948 23", "s.hoerner@spi-ost.de", "Sylvia Hörner")),
    ("iq-st-qualifizierung-agsa", ("0391 / 5371 201", "integration@agsa.de", "Denise Kürschner")),
    ("iq-st-qualifizierung-frohe-zukunft", ("0345 / 470761 20", "karamba.diaby@jw-frohe-zukunft.de",
                                            "Dr. Karamba Diaby")),
])
def test_the_2011_contacts_of_the_iq_service_points_are_history_not_contacts(catalogue, entry_id, old):
    """Seed 004 (2011) names people and numbers that no current source confirms: an adviser must
    not be handed them; the entries point to the IQ network instead."""
    entry = catalogue.get(entry_id)
    shown = " ".join(f"{c.name} {c.phone} {c.email}" for c in entry.contacts)
    assert entry.contacts and not any(value in shown for value in old)
    assert entry.as_of > PartialDate(2011) and any(s.url for s in entry.sources)
    assert any(s.file == "004_b48a558685270b14.txt" for s in entry.sources)  # the seed stays the base


def test_iq_service_points_split_sachsen_anhalt_between_them(catalogue):
    nord = set(catalogue.get("iq-st-anerkennung-nord").area.places)
    sued = set(catalogue.get("iq-st-anerkennung-sued").area.places)
    districts = {r.id for r in catalogue.regions.places_in("DE-ST")}
    assert len(districts) == 14
    assert nord | sued == districts and not nord & sued


def test_age_limits_of_jmd_and_mbe(catalogue):
    assert catalogue.get("jmd").eligibility.age == Range(12, 27)
    assert catalogue.get("mbe").eligibility.age == Range(28, None)


def test_mbe_funding_horizon_is_a_review_date_not_an_end(catalogue):
    mbe = catalogue.get("mbe")
    assert mbe.period.review == PartialDate(2026) and mbe.period.end is None  # the 2026 draft budget
    assert not mbe.has_ended(TODAY)


@pytest.mark.parametrize("entry_id, end", [
    ("faire-anwerbung-pflege", "2023-12"),
    ("bw-kuemmerer", "2024-12"),
    ("jobbruecke-plus", "2021-12-31"),
])
def test_programmes_with_a_past_end_have_ended(catalogue, entry_id, end):
    entry = catalogue.get(entry_id)
    assert str(entry.period.end) == end
    assert entry.has_ended(TODAY)


@pytest.mark.parametrize("entry_id", ["amif", "iq", "my-turn", "willkommenslotsen", "th-projekte-drittstaaten"])
def test_running_programmes_have_not_ended(catalogue, entry_id):
    assert not catalogue.get(entry_id).has_ended(TODAY)


def test_zemigra_first_term_is_a_date_to_check_not_an_end(catalogue):
    """Seed 000 gives 08/2017–07/2019; seed 001 calls it the first term and speaks of continuing."""
    period = catalogue.get("zemigra").period
    assert (str(period.start), period.end, str(period.review)) == ("2017-08", None, "2019-07")


def test_my_turn_is_for_women_with_low_formal_qualification(catalogue):
    e = catalogue.get("my-turn").eligibility
    assert e.gender == ("female",)
    assert set(e.qualifications) == {"school_only", "none"}


def test_open_to_all_is_told_apart_from_not_stated(catalogue):
    assert catalogue.get("rp-migrationsfachdienste").eligibility.statuses == ANY
    assert catalogue.get("bamf-integrationskurs").eligibility.statuses is None


def test_regions_cover_laender_and_sachsen_anhalt(catalogue):
    regions = catalogue.regions
    assert len(regions.states()) == 16
    assert regions.get("DE-ST").name == "Sachsen-Anhalt"
    for place in ("magdeburg", "halle-saale", "dessau-rosslau", "stuttgart", "muenchen", "nuernberg",
                  "leipzig", "dresden", "zwickau", "jena", "saarbruecken", "koblenz", "ludwigshafen",
                  "mainz", "trier", "oldenburg", "potsdam", "frankfurt-am-main", "bonn", "koeln"):
        assert place in regions, place


@pytest.mark.parametrize("typed, region_id", [
    ("magdeberg", "magdeburg"), ("Dessau Rosslau", "dessau-rosslau"), ("muenchen", "muenchen"),
    ("Halle/Saale", "halle-saale"), ("thueringen", "DE-TH"), ("LSA", "DE-ST"), ("Saxony-Anhalt", "DE-ST"),
    ("NRW", "DE-NW"), ("stutgart", "stuttgart"), ("Munich", "muenchen"),
])
def test_region_spellings_people_type(catalogue, typed, region_id):
    assert catalogue.regions.resolve(typed).id == region_id


def test_every_chain_step_names_existing_entries(catalogue):
    for steps in catalogue.chains.values():
        for step in steps:
            assert all(who in catalogue.entries for who in step.who), step.id
            assert step.who or step.who_text, step.id
