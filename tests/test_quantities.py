"""Counts read from text with their bounds, qualifier and unit (kg.extract.quantities)."""

from __future__ import annotations

import tomllib
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from kg.extract.dates import find_times
from kg.extract.quantities import Quantity, find_quantities

DATA = Path(__file__).resolve().parents[1] / "kg" / "data"

# text, count words, min, max, qualifier, unit
CASES: list[tuple[str, str, int | None, int | None, str, str | None]] = [
    ("about 400 Russian military personnel", "about 400", 400, 400, "approximate", "military personnel"),
    ("around 5,000 soldiers", "around 5,000", 5000, 5000, "approximate", "soldiers"),
    ("some 800 mercenaries", "some 800", 800, 800, "approximate", "mercenaries"),
    ("nearly 300 fighters", "nearly 300", 300, 300, "approximate", "fighters"),
    ("almost 150 men", "almost 150", 150, 150, "approximate", "men"),
    ("roughly 90 instructors", "roughly 90", 90, 90, "approximate", "instructors"),
    ("approximately 1,000 advisers", "approximately 1,000", 1000, 1000, "approximate", "advisers"),
    ("about a dozen officers", "about a dozen", 12, 12, "approximate", "officers"),
    ("up to 1,200 troops", "up to 1,200", None, 1200, "at-most", "troops"),
    ("as many as 2,000 mercenaries", "as many as 2,000", None, 2000, "at-most", "mercenaries"),
    ("no more than 50 personnel", "no more than 50", None, 50, "at-most", "personnel"),
    ("more than 1,000 troops", "more than 1,000", 1000, None, "at-least", "troops"),
    ("over 300 soldiers", "over 300", 300, None, "at-least", "soldiers"),
    ("at least 12 people", "at least 12", 12, None, "at-least", "people"),
    ("2,500-3,000 troops", "2,500-3,000", 2500, 3000, "range", "troops"),
    ("2,500\u20133,000 troops", "2,500\u20133,000", 2500, 3000, "range", "troops"),
    ("2,500 to 3,000 troops", "2,500 to 3,000", 2500, 3000, "range", "troops"),
    ("between 2,500 and 3,000 troops", "between 2,500 and 3,000", 2500, 3000, "range", "troops"),
    ("2 to 3 million people", "2 to 3 million", 2_000_000, 3_000_000, "range", "people"),
    ("several hundred soldiers", "several hundred", 300, 900, "vague", "soldiers"),
    ("a few hundred mercenaries", "a few hundred", 200, 500, "vague", "mercenaries"),
    ("hundreds of civilians", "hundreds of", 200, 999, "vague", "civilians"),
    ("thousands of troops", "thousands of", 2000, 9999, "vague", "troops"),
    ("dozens of Wagner fighters", "dozens of", 24, 99, "vague", "fighters"),
    ("a handful of advisers", "a handful of", 3, 9, "vague", "advisers"),
    ("tens of thousands of people", "tens of thousands of", 20_000, 99_999, "vague", "people"),
    ("4,300 troops", "4,300", 4300, 4300, "exact", "troops"),
    ("400 soldiers", "400", 400, 400, "exact", "soldiers"),
    ("2.5 million people", "2.5 million", 2_500_000, 2_500_000, "exact", "people"),
    ("three hundred soldiers", "three hundred", 300, 300, "exact", "soldiers"),
    ("three military bases", "three", 3, 3, "exact", "military bases"),
    ("two French bases", "two", 2, 2, "exact", "bases"),
    ("twenty soldiers", "twenty", 20, 20, "exact", "soldiers"),
    ("twenty-five soldiers", "twenty-five", 25, 25, "exact", "soldiers"),
    ("a dozen instructors", "a dozen", 12, 12, "exact", "instructors"),
    ("one soldier", "one", 1, 1, "exact", "soldier"),
    ("300 heavily armed Wagner mercenaries", "300", 300, 300, "exact", "mercenaries"),
    ("2000 troops", "2000", 2000, 2000, "exact", "troops"),
    ("a 3,000-strong force", "3,000", 3000, 3000, "exact", None),
    ("1,500 were killed", "1,500", 1500, 1500, "exact", None),
]


@pytest.mark.parametrize(("text", "words", "low", "high", "qualifier", "unit"), CASES)
def test_quantities(text: str, words: str, low: int | None, high: int | None, qualifier: str, unit: str | None) -> None:
    [quantity] = find_quantities(text)
    assert (quantity.text, quantity.min, quantity.max, quantity.qualifier, quantity.unit) == (
        words,
        low,
        high,
        qualifier,
        unit,
    ), text


@pytest.mark.parametrize(("text", "words", "low", "high", "qualifier", "unit"), CASES)
def test_offsets_are_exact(
    text: str, words: str, low: int | None, high: int | None, qualifier: str, unit: str | None
) -> None:
    sentence = f"On Friday the ministry said {text} had left the country."
    offset = 250
    [quantity] = find_quantities(sentence, offset=offset)
    assert sentence[quantity.start - offset : quantity.end - offset] == quantity.text == words


@pytest.mark.parametrize(
    "text",
    [
        "in 2012",
        "by 2023",
        "since 2012 the army has grown",
        "the 2012 coup",
        "from 2012 to 2015",
        "on 14 December",
        "on December 14, 2021",
        "three years later",
        "in the 1990s",
        "40%",
        "40 percent of the budget",
        "about 40 per cent",
        "$300 million",
        "one of the officers",
        "no one was hurt",
        "the 4th battalion",
        "the third battalion",
        "a two-day summit",
        "the G5 Sahel force",
        "P-8 surveillance aircraft",
        "a squadron of F-16 jets",
        "a 2.5 rise",
        "the 2021-22 season",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == [], text


def test_several_quantities_in_order() -> None:
    sentence = (
        "In 2021, about 400 Russian military personnel and up to 1,200 Wagner mercenaries joined "
        "the 5,100 French troops at three military bases."
    )
    quantities = find_quantities(sentence)
    assert [(q.text, q.unit) for q in quantities] == [
        ("about 400", "military personnel"),
        ("up to 1,200", "mercenaries"),
        ("5,100", "troops"),
        ("three", "military bases"),
    ]
    assert all(a.end <= b.start for a, b in pairwise(quantities))


def test_a_year_followed_by_a_unit_is_a_count_and_not_a_year() -> None:
    sentence = "France kept 2000 soldiers there."
    assert [(q.min, q.unit) for q in find_quantities(sentence)] == [(2000, "soldiers")]
    assert find_times(sentence, date(2022, 1, 7)) == []


def test_every_plural_unit_stops_a_year_reading() -> None:
    """A four-digit number before a counted noun of quantities.toml is not a year (time.toml count_nouns)."""
    units = tomllib.loads((DATA / "quantities.toml").read_text(encoding="utf-8"))["units"]["nouns"]
    count_nouns = set(tomllib.loads((DATA / "time.toml").read_text(encoding="utf-8"))["years"]["count_nouns"])
    plural = [noun for noun in units if noun.endswith("s") or noun.split()[-1] in {"men", "people", "personnel"}]
    missing = sorted(noun for noun in plural if noun.split()[0] not in count_nouns)
    assert missing == [], "add these to [years] count_nouns in time.toml"


def test_deterministic() -> None:
    sentence = "Several hundred soldiers and dozens of advisers left; between 2,500 and 3,000 troops stayed."
    runs = [find_quantities(sentence) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert [q.qualifier for q in runs[0]] == ["vague", "vague", "range"]


def test_quantity_is_frozen() -> None:
    [quantity] = find_quantities("400 troops")
    with pytest.raises(AttributeError):
        quantity.min = 1  # type: ignore[misc]
    assert isinstance(quantity, Quantity)
