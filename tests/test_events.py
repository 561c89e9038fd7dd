"""kg.extract.events on small texts: conflicts, elections and what a coup disrupted.

Each case is a few sentences in the style of the wire copy the extractor meets. Runs the real spaCy model and
the real data files.
"""

from __future__ import annotations

from kg.extract import extract

from .test_extract import article


def test_an_insurgency_with_its_start_and_spread() -> None:
    text = (
        "Niger is hit by a jihadist insurgency that began in the north of the country in 2015 and spread "
        "two years later to neighbouring Burkina Faso and Mali."
    )
    (conflict,) = extract(article(text)).reading.conflicts
    assert conflict.start is not None and conflict.start.value == "2015"
    assert conflict.spread_date is not None and (conflict.spread_date.value, conflict.spread_date.text) == (
        "2017",
        "two years later",
    )
    assert set(conflict.spread_to) == {"burkina-faso", "mali"}
    assert "insurgency" in conflict.label.lower()


def test_a_mentioned_war_without_dates_is_no_event() -> None:
    assert extract(article("The war has displaced millions, the agency said.")).reading.conflicts == ()


def test_a_pledged_election_and_the_coup_that_disrupted_it() -> None:
    text = (
        "Colonel Mamadi Doumbouya pledged that Guinea would return to civilian rule in March "
        "after elections were held.\n\n"
        "But the army staged a coup in Guinea in September 2021, ousting President Alpha Conde "
        "and disrupting the timetable."
    )
    result = extract(article(text))
    (election,) = result.reading.elections
    assert (election.country, election.status) == ("guinea", "planned")
    assert election.date is not None and election.date.value == "2022-03"
    assert election.disrupted_by == ("guinea", "2021-09")
    (pledge,) = [s for s in result.reading.statements if s.act == "pledged"]
    assert pledge.pledges == (0,)
