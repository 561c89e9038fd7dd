"""kg.extract.coups on invented sentences: attempted coups, their outcome and certainty, coup wording, dates.

Each case is a sentence a coup rule must read and one it must not (the rules' docstrings give the
same pairs). The states are real, so the gazetteer knows them; the events are invented. Runs the
real spaCy model and the real data files.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract

from .test_extract import article


def coups(text: str, published: date = date(2024, 5, 20)) -> list[tuple[str, str, str, str]]:
    """(country, date, outcome, certainty) of every coup read from ``text``."""
    return [(c.country, c.date.value, c.outcome, c.certainty) for c in extract(article(text, published)).reading.coups]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The army of Gabon said on Sunday it had thwarted an attempted coup.",
            ("gabon", "2024-05-19", "failed", "stated"),
        ),
        ("Soldiers in Chad attempted a coup on Sunday.", ("chad", "2024-05-19", "unknown", "stated")),
        ("A coup attempt in Togo on Sunday was foiled by loyal troops.", ("togo", "2024-05-19", "failed", "stated")),
        (
            "Rwanda sent troops to Niger last year after an alleged attempted coup there.",
            ("niger", "2023", "unknown", "alleged"),
        ),
        (
            "A general in Peru was arrested on Wednesday after what appeared to be a coup bid.",
            ("peru", "2024-05-15", "unknown", "hedged"),
        ),
        ("The coup d'état in Guinea took place on Sunday.", ("guinea", "2024-05-19", "succeeded", "stated")),
        (
            "A general in Peru was arrested on Wednesday after leading a bid to unseat the president.",
            ("peru", "2024-05-15", "unknown", "stated"),
        ),
        (
            "The seizure of power by the army in Sudan on Sunday was condemned.",
            ("sudan", "2024-05-19", "succeeded", "stated"),
        ),
        # a pronoun for the ousted, in a story that names the coup
        (
            "Loyal troops crushed an attempt to overthrow him on Sunday, the president of Togo said of the coup.",
            ("togo", "2024-05-19", "failed", "stated"),
        ),
        (
            "It was an attempted coup d'état in Benin on Sunday, the minister said.",
            ("benin", "2024-05-19", "unknown", "stated"),
        ),
        # a hyphenated state name is one name, not "Guinea" and "Bissau"
        (
            "Guinea-Bissau's army said on Sunday it had thwarted an attempted coup.",
            ("guinea-bissau", "2024-05-19", "failed", "stated"),
        ),
    ],
)
def test_coups_with_their_outcome_and_certainty(text: str, expected: tuple[str, str, str, str]) -> None:
    assert coups(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Any attempt to seize power in Benin would fail, the minister said.",
        "Analysts tied the unrest to the recent coups in Niger and Mali.",
        # plural attempts are a count, not an event
        "The archipelago of Sao Tome and Principe has had several coup attempts since independence in 1975.",
        # a leader overthrown in a story that names no coup, by no soldiers: a revolt, not a coup
        "Libya has been at war since its long-time leader Muammar Gaddafi was overthrown in 2011.",
    ],
)
def test_no_coup_is_read(text: str) -> None:
    assert coups(text) == []


def test_a_count_since_a_year_does_not_date_the_coup() -> None:
    """Regression: "the fourth coup in the region since 2019" made a coup dated 2019."""
    text = "Soldiers seized power in Niger in July 2023.\n\nIt was the fourth coup in the region since 2019."
    assert [c[:2] for c in coups(text, date(2023, 8, 1))] == [("niger", "2023-07")]


def test_a_month_of_last_year_dates_the_coup() -> None:
    text = "Fighting has grown since the army seized power in Myanmar in February last year."
    assert [c[:2] for c in coups(text, date(2022, 9, 20))] == [("myanmar", "2021-02")]


def test_a_state_named_elsewhere_in_the_sentence_is_not_the_coup_country() -> None:
    text = (
        "The army of Gabon said on Sunday it had foiled an attempted coup.\n\n"
        "The army named the leader of the coup attempt as a businessman living in Canada."
    )
    assert {c[0] for c in coups(text)} == {"gabon"}


def test_soldiers_who_oust_a_president_stage_a_coup_in_a_story_that_never_says_coup() -> None:
    text = "Mutinous soldiers ousted the president of Niger on Wednesday."
    assert [c[:2] for c in coups(text)] == [("niger", "2024-05-15")]


def test_two_coups_of_one_sentence_each_with_its_own_date() -> None:
    text = (
        "Russian instructors landed in Bamako, a sign of ties with the junta of Mali that took power in an "
        "August 2020 coup and tightened its grip with a second putsch in May 2021."
    )
    assert [c[:3] for c in coups(text, date(2025, 2, 8))] == [
        ("mali", "2020-08", "succeeded"),
        ("mali", "2021-05", "succeeded"),
    ]


def test_a_failed_attempt_in_a_clause_of_its_own_does_not_fail_the_coup() -> None:
    text = "Soldiers seized power in Niger in July 2023 after a coup attempt in March 2021 failed."
    assert sorted(c[:3] for c in coups(text, date(2025, 2, 8))) == [
        ("niger", "2021-03", "failed"),
        ("niger", "2023-07", "succeeded"),
    ]


def test_a_coup_counted_back_from_the_sentence_s_own_coup() -> None:
    """ "X in September 2022, eight months after the army toppled the president": the second coup's date."""
    text = (
        "The current leadership came to power in a coup in Burkina Faso in September 2022, eight months after the "
        "army toppled the country's elected president."
    )
    assert [c[:3] for c in coups(text, date(2025, 4, 21))] == [
        ("burkina-faso", "2022-01", "succeeded"),
        ("burkina-faso", "2022-09", "succeeded"),
    ]


def test_each_coup_of_a_sentence_has_its_own_country_and_outcome() -> None:
    text = (
        "Soldiers seized power in Niger in July 2023, two years after a failed coup attempt.\n\n"
        "The army seized power in Mali in 2012, three years before soldiers toppled the president of Burkina Faso."
    )
    assert sorted(c[:3] for c in coups(text, date(2025, 2, 8))) == [
        ("burkina-faso", "2015", "succeeded"),
        ("mali", "2012", "succeeded"),
        ("niger", "2021", "failed"),
        ("niger", "2023-07", "succeeded"),
    ]


def test_the_lede_s_undated_coup_is_the_news_not_one_of_years_before() -> None:
    text = (
        "The army said on Sunday that the leader of an attempted coup in Chad had been killed.\n\n"
        "The same man had previously attempted a coup in 2017."
    )
    assert sorted(c[:2] for c in coups(text)) == [("chad", "2017"), ("chad", "2024-05-19")]


def test_a_coup_that_sent_troops_to_the_country_is_that_country_s() -> None:
    text = (
        "Rwanda is a major contributor to the UN force in the Central African Republic and last year sent "
        "troops to the unstable country after an alleged attempted coup."
    )
    assert [c[:2] for c in coups(text)] == [("central-african-republic", "2023")]


def test_forced_from_power_by_an_army_commander_is_a_coup_of_the_ousted_s_state() -> None:
    text = (
        "Armenia has had no coup since independence. The best known in the region came in June 1993, when Surat "
        "Huseynov, a rebel army commander, forced Azerbaijan's President Abulfaz Elchibey from power."
    )
    assert [c[:3] for c in coups(text, date(2024, 6, 14))] == [("azerbaijan", "1993-06", "succeeded")]


def test_a_participle_and_a_time_that_bounds_add_no_coup() -> None:
    text = (
        "Bainimarama went on to seize power in a coup in Fiji in December 2006, ousting Prime Minister "
        "Laisenia Qarase, and governed until 2022."
    )
    assert [c[:2] for c in coups(text, date(2025, 3, 10))] == [("fiji", "2006-12")]


def test_each_coup_of_a_sentence_keeps_its_own_leader_and_ousted() -> None:
    text = (
        "In Sierra Leone, Captain Valentine Strasser toppled President Joseph Momoh in a coup in April 1992, and "
        "in May 1997 soldiers led by Major Johnny Paul Koroma ousted President Ahmad Tejan Kabbah."
    )
    result = extract(article(text, date(2025, 8, 18)))
    labels = {a.key: a.label for a in result.reading.actors}
    found = [
        (c.date.value, [labels[k] for k in c.leaders], [labels[k] for k in c.ousted]) for c in result.reading.coups
    ]
    assert [f[0] for f in found] == ["1992-04", "1997-05"]
    assert "Strasser" in " ".join(found[0][1]) and "Momoh" in " ".join(found[0][2])
    assert "Koroma" in " ".join(found[1][1]) and "Kabbah" in " ".join(found[1][2])


def test_a_numbered_coup_with_a_date_of_its_own_is_a_coup_of_its_own() -> None:
    text = "Sitiveni Rabuka toppled the elected government of Fiji in May 1987 and staged a second coup that September."
    assert [c[:2] for c in coups(text, date(2025, 3, 10))] == [("fiji", "1987-05"), ("fiji", "1987-09")]
