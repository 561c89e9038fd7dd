"""Time expressions found and resolved against a publication date (kg.extract.dates)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from kg.extract.dates import TimeValue, find_time_spans, find_times, resolve

ANCHOR = date(2022, 1, 7)  # a Friday

# expression, expected value, precision, earliest, latest
CASES: list[tuple[str, str, str, str, str]] = [
    ("on Friday", "2022-01-07", "day", "2022-01-07", "2022-01-07"),
    ("late Friday", "2022-01-07", "day", "2022-01-07", "2022-01-07"),
    ("Thursday", "2022-01-06", "day", "2022-01-06", "2022-01-06"),
    ("on Monday", "2022-01-03", "day", "2022-01-03", "2022-01-03"),
    ("on Friday night", "2022-01-07", "day", "2022-01-07", "2022-01-07"),
    ("last Friday", "2021-12-31", "day", "2021-12-31", "2021-12-31"),
    ("next Friday", "2022-01-14", "day", "2022-01-14", "2022-01-14"),
    ("December 14", "2021-12-14", "day", "2021-12-14", "2021-12-14"),
    ("on December 14", "2021-12-14", "day", "2021-12-14", "2021-12-14"),
    ("14 December", "2021-12-14", "day", "2021-12-14", "2021-12-14"),
    ("Dec. 14", "2021-12-14", "day", "2021-12-14", "2021-12-14"),
    ("Dec 14th", "2021-12-14", "day", "2021-12-14", "2021-12-14"),
    ("on Thursday, December 30", "2021-12-30", "day", "2021-12-30", "2021-12-30"),
    ("January 24, 2022", "2022-01-24", "day", "2022-01-24", "2022-01-24"),
    ("24 January 2022", "2022-01-24", "day", "2022-01-24", "2022-01-24"),
    ("Friday, Jan. 7, 2022", "2022-01-07", "day", "2022-01-07", "2022-01-07"),
    ("2021-08-18", "2021-08-18", "day", "2021-08-18", "2021-08-18"),
    ("yesterday", "2022-01-06", "day", "2022-01-06", "2022-01-06"),
    ("today", "2022-01-07", "day", "2022-01-07", "2022-01-07"),
    ("in February", "2021-02", "month", "2021-02-01", "2021-02-28"),
    ("at the end of December", "2021-12", "month", "2021-12-01", "2021-12-31"),
    ("At the end of December", "2021-12", "month", "2021-12-01", "2021-12-31"),
    ("in late December", "2021-12", "month", "2021-12-01", "2021-12-31"),
    ("mid-December", "2021-12", "month", "2021-12-01", "2021-12-31"),
    ("early January", "2022-01", "month", "2022-01-01", "2022-01-31"),
    ("on Christmas Eve 1999", "1999-12-24", "day", "1999-12-24", "1999-12-24"),
    ("on Christmas Day", "2021-12-25", "day", "2021-12-25", "2021-12-25"),
    ("New Year’s Day", "2022-01-01", "day", "2022-01-01", "2022-01-01"),
    ("in August 2020", "2020-08", "month", "2020-08-01", "2020-08-31"),
    ("May 2021", "2021-05", "month", "2021-05-01", "2021-05-31"),
    ("in May", "2021-05", "month", "2021-05-01", "2021-05-31"),
    ("last December", "2021-12", "month", "2021-12-01", "2021-12-31"),
    ("this month", "2022-01", "month", "2022-01-01", "2022-01-31"),
    ("earlier this month", "2022-01", "month", "2022-01-01", "2022-01-31"),
    ("last month", "2021-12", "month", "2021-12-01", "2021-12-31"),
    # A week: the month of its Thursday, bounded by its Monday and Sunday.
    ("last week", "2021-12", "month", "2021-12-27", "2022-01-02"),
    ("this week", "2022-01", "month", "2022-01-03", "2022-01-09"),
    ("two weeks ago", "2021-12", "month", "2021-12-20", "2021-12-26"),
    ("in 2012", "2012", "year", "2012-01-01", "2012-12-31"),
    ("by 2023", "2023", "year", "2023-01-01", "2023-12-31"),
    ("since 2012", "2012", "year", "2012-01-01", "2012-12-31"),
    ("by the end of 2023", "2023", "year", "2023-01-01", "2023-12-31"),
    ("mid-2020", "2020", "year", "2020-01-01", "2020-12-31"),
    ("last year", "2021", "year", "2021-01-01", "2021-12-31"),
    ("next year", "2023", "year", "2023-01-01", "2023-12-31"),
    ("two years ago", "2020", "year", "2020-01-01", "2020-12-31"),
    # An anniversary: the count back from the anchor, at the precision of the word after "ago".
    ("eight years ago today", "2014-01-07", "day", "2014-01-07", "2014-01-07"),
    ("ten years ago this month", "2012-01", "month", "2012-01-01", "2012-01-31"),
    # A range of days: its first day.
    ("June 10-11, 1903", "1903-06-10", "day", "1903-06-10", "1903-06-10"),
    ("9–10 May 1877", "1877-05-09", "day", "1877-05-09", "1877-05-09"),
    ("in the 1990s", "1990", "decade", "1990-01-01", "1999-12-31"),
    ("the early 2000s", "2000", "decade", "2000-01-01", "2009-12-31"),
]

DATATYPES = {"day": "date", "month": "gYearMonth", "year": "gYear", "decade": "gYear"}


@pytest.mark.parametrize(("expression", "value", "precision", "earliest", "latest"), CASES)
def test_resolve(expression: str, value: str, precision: str, earliest: str, latest: str) -> None:
    time = resolve(expression, ANCHOR)
    assert time is not None, f"{expression!r} should resolve"
    assert (time.value, time.precision, time.datatype) == (value, precision, DATATYPES[precision]), expression
    assert (time.earliest, time.latest) == (date.fromisoformat(earliest), date.fromisoformat(latest)), expression
    assert (time.text, time.start, time.end) == (expression, 0, len(expression))


@pytest.mark.parametrize(("expression", "value", "precision", "earliest", "latest"), CASES)
def test_find_in_a_sentence_keeps_exact_offsets(
    expression: str, value: str, precision: str, earliest: str, latest: str
) -> None:
    sentence = f"The spokesman said, {expression}, that the talks had stalled."
    offset = 1000
    times = find_times(sentence, ANCHOR, offset=offset)
    assert [(t.text, t.value) for t in times] == [(expression, value)], sentence
    time = times[0]
    assert sentence[time.start - offset : time.end - offset] == time.text
    assert find_time_spans(sentence) == [(time.start - offset, time.end - offset)]


@pytest.mark.parametrize(
    ("expression", "reference", "value", "precision"),
    [
        ("three years later", "in 2012", "2015", "year"),
        ("a year later", "in 2012", "2013", "year"),
        ("two months earlier", "in August 2020", "2020-06", "month"),
        ("a decade later", "in 2012", "2022", "year"),
        ("the next day", "on December 14", "2021-12-15", "day"),
        ("the previous month", "in January 2018", "2017-12", "month"),
        ("the year before", "in 2009", "2008", "year"),
        # The coarser precision wins: months counted from a year stay a year.
        ("two months later", "in 2012", "2012", "year"),
        # a ten joined to a unit is their sum
        ("forty-four years earlier", "in 2025", "1981", "year"),
        ("twenty one months later", "in January 2020", "2021-10", "month"),
    ],
)
def test_relative_to_a_reference(expression: str, reference: str, value: str, precision: str) -> None:
    base = resolve(reference, ANCHOR)
    time = resolve(expression, ANCHOR, reference=base)
    assert time is not None
    assert (time.value, time.precision) == (value, precision)


@pytest.mark.parametrize("expression", ["three years later", "a year later", "two months earlier", "the next day"])
def test_relative_without_a_reference_is_none(expression: str) -> None:
    assert resolve(expression, ANCHOR) is None


def test_find_times_counts_from_the_nearest_earlier_time() -> None:
    sentence = "In 2012, rebels took the north; three years later a peace deal was signed."
    times = find_times(sentence, ANCHOR)
    assert [(t.text, t.value) for t in times] == [("In 2012", "2012"), ("three years later", "2015")]


def test_find_times_prefers_the_given_reference() -> None:
    reference = resolve("in 2013", ANCHOR)
    times = find_times("In 2012 and three years later.", ANCHOR, reference=reference)
    assert [t.value for t in times] == ["2012", "2016"]


def test_find_times_skips_relative_times_with_nothing_to_count_from() -> None:
    assert find_times("Three years later, the deal collapsed.", ANCHOR) == []
    assert find_time_spans("Three years later, the deal collapsed.") == [(0, 17)]


@pytest.mark.parametrize(
    ("expression", "past", "future"),
    [
        ("in February", "2021-02", "2022-02"),
        ("in January", "2022-01", "2022-01"),
        ("on December 14", "2021-12-14", "2022-12-14"),
        ("on January 20", "2021-01-20", "2022-01-20"),
        ("on January 7", "2022-01-07", "2022-01-07"),
        ("on Thursday", "2022-01-06", "2022-01-13"),
        ("on Friday", "2022-01-07", "2022-01-07"),
    ],
)
def test_future_context(expression: str, past: str, future: str) -> None:
    assert _value(resolve(expression, ANCHOR)) == past
    assert _value(resolve(expression, ANCHOR, future=True)) == future
    [found] = find_times(f"Elections will be held {expression}.", ANCHOR, future=True)
    assert found.value == future


def test_29_february_without_a_year_is_the_last_leap_day() -> None:
    assert _value(resolve("29 February", ANCHOR)) == "2020-02-29"
    assert _value(resolve("29 February", ANCHOR, future=True)) == "2024-02-29"


@pytest.mark.parametrize(
    "sentence",
    [
        "about 400 Russian military personnel",
        "2,500-3,000 troops",
        "some 2000 troops arrived",
        "about 2000 were deployed",
        "2000 soldiers",
        "a 1,950 km border",
        "it grew by 2020 percent",
        "the budget was $2020",
        "It may be that they march on.",
        "May I add something?",
        "February 30 is not a day",
        # a day and month, or a month, that begin a name
        "officers of the 30 September Movement",
        "the March 23 Movement",
        "The July Putsch failed.",
        "the October Revolution",
    ],
)
def test_not_times(sentence: str) -> None:
    assert find_times(sentence, ANCHOR) == [], sentence


def test_a_sentence_opening_on_in_and_a_year_opens_on_a_year() -> None:
    [found] = find_times("In 1998 soldiers staged a coup.", ANCHOR)
    assert (found.text, found.value) == ("In 1998", "1998")
    assert find_times("It sent in 2000 soldiers.", ANCHOR) == []


def test_years_outside_the_span_are_not_years() -> None:
    assert find_times("in 1650 and 2150", ANCHOR) == []


def test_several_times_in_order_without_overlap() -> None:
    sentence = (
        "The junta seized power on August 18, 2020, promised elections by 2022 and, "
        "at the end of December, asked for five more years."
    )
    times = find_times(sentence, ANCHOR, offset=7)
    assert [(t.text, t.value) for t in times] == [
        ("on August 18, 2020", "2020-08-18"),
        ("by 2022", "2022"),
        ("at the end of December", "2021-12"),
    ]
    assert all(a.end <= b.start for a, b in pairwise(times))
    assert all(sentence[t.start - 7 : t.end - 7] == t.text for t in times)


def test_deterministic() -> None:
    sentence = "On Friday, the ministry said troops that came in 2019 left three years later, in late December."
    runs = [find_times(sentence, ANCHOR) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert [t.value for t in runs[0]] == ["2022-01-07", "2019", "2022", "2021-12"]


def test_wikidata_precision_codes() -> None:
    codes = {t: _time(t).wikidata_precision for t in ("today", "this month", "in 2012", "the 1990s")}
    assert codes == {"today": 11, "this month": 10, "in 2012": 9, "the 1990s": 8}


def test_time_value_is_frozen() -> None:
    with pytest.raises(AttributeError):
        _time("today").value = "2000"  # type: ignore[misc]


def _time(expression: str) -> TimeValue:
    time = resolve(expression, ANCHOR)
    assert time is not None, expression
    return time


def _value(time: TimeValue | None) -> str | None:
    return None if time is None else time.value


def test_a_month_of_last_or_next_year() -> None:
    """Regression: "in February last year" resolved to February of the publication year."""
    found = find_times("Officers took over in February last year; a vote follows in May next year.", date(2022, 9, 20))
    assert [(t.value, t.text) for t in found] == [("2021-02", "in February last year"), ("2023-05", "in May next year")]


def test_that_month_is_in_the_year_of_the_time_before_it() -> None:
    text = "Rabuka toppled the government in May 1987 and staged a second coup that September."
    assert [t.value for t in find_times(text, date(2025, 3, 10))] == ["1987-05", "1987-09"]
    assert [t.value for t in find_times("He said that September was calm.", date(2025, 3, 10))] == ["2024-09"]


def test_find_times_counts_from_the_time_told_before_the_sentence() -> None:
    before = resolve("in 1963", ANCHOR)
    times = find_times("Four years later the sergeant took power himself.", ANCHOR, before=before)
    assert [(t.text, t.value) for t in times] == [("Four years later", "1967")]
    # a time of the sentence itself comes first
    times = find_times("In 2012 and three years later.", ANCHOR, before=before)
    assert [t.value for t in times] == ["2012", "2015"]


def test_a_count_restated_by_a_date_gives_way_to_the_date() -> None:
    before = resolve("in May 2014", ANCHOR)
    times = find_times("Eight years earlier, in September 2006, the army seized power.", ANCHOR, before=before)
    assert [(t.text, t.value) for t in times] == [("in September 2006", "2006-09")]


def test_a_day_with_no_year_after_a_past_date_is_in_its_year() -> None:
    before = resolve("on September 8, 1944", ANCHOR)
    times = find_times("In the early hours of September 9, officers seized power.", ANCHOR, before=before)
    assert [t.value for t in times] == ["1944-09-09"]
    # not a day before the date told, nor a date told in the year of publication
    assert find_times("On May 4, the junta leader was sworn in.", ANCHOR, before=before)[0].value[:4] != "1944"
    this_year = resolve(f"on January 2, {ANCHOR.year}", ANCHOR)
    assert find_times("On January 5, troops arrived.", ANCHOR, before=this_year)[0].value == f"{ANCHOR.year}-01-05"


def test_a_year_of_the_history_news_recalls_is_a_year_and_dates_its_month() -> None:
    times = find_times("In 1854 General Melo seized power; he fell in December 1854. The 1889 coup came later.", ANCHOR)
    assert [t.value for t in times] == ["1854", "1854-12", "1889"]
    assert [t.value for t in find_times("Some 1850 soldiers and about 1800 police were deployed.", ANCHOR)] == []
