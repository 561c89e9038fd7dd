"""Time expressions in news text, found and resolved against the publication date.

A time expression ("on Friday", "in August 2020", "three years later", "in the 1990s") becomes a
:class:`TimeValue`: an ISO 8601 lexical value at a precision (Wikidata's day, month, year and decade), its
XML Schema datatype, the earliest and latest days it can mean, and the original words with their offsets.

Conventions (the words themselves, and where each convention comes from, are in ``kg/data/time.toml``):

- **Anchor.** Relative and partial times are resolved against the anchor, the publication date. A weekday,
  a month or a month-day without a year is the most recent one on or before the anchor ("on Friday"
  published on a Friday is that Friday); with ``future=True`` (the sentence speaks of what will happen)
  it is the next one on or after the anchor.
- **Reference.** "three years later", "two months earlier", "the next day" count from an anchoring event's
  time, the ``reference``. Without one, :func:`resolve` returns ``None``; :func:`find_times` uses the
  nearest time before it in the same text, and skips the expression when there is none. "ago" and
  "from now" count from the anchor.
- **Bounds.** ``earliest`` and ``latest`` are the first and last day of the value's month, year or decade.
  Hedges ("late December", "the end of 2021", "mid-2020") are kept in ``text`` but do not narrow them.
- **Weeks.** "last week", "this week", "two weeks ago" are given as the month of the week's Thursday
  (month precision), with ``earliest``/``latest`` the week's Monday and Sunday: the only values whose
  bounds are not the calendar unit of the value.
- **Counted times** take the coarser of the unit's precision and the base's: "two months later" after a
  year-precision time is a year.
- **Prepositions** before a time ("on", "in", "by", "since", "at") are kept in ``text``; they do not
  change the value ("by 2023" is 2023).
- **Years.** A bare four-digit number is a year only between the configured first and last years, when
  it is not part of a larger number ("2,500"), not a count ("2000 troops", "about 2000") and not a
  percentage. Month names are matched capitalised, so "may" the verb is not a month.

Everything is deterministic: the same text and anchor give the same values.

Example:
    >>> from datetime import date
    >>> [(t.text, t.value) for t in find_times("On Friday, the junta said it would vote in 2023.", date(2022, 1, 7))]
    [('On Friday', '2022-01-07'), ('in 2023', '2023')]
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["TimeValue", "find_time_spans", "find_times", "resolve"]


@dataclass(frozen=True)
class TimeValue:
    """A resolved time expression.

    Attributes:
        value: the ISO 8601 lexical form at the precision: ``"2022-01-07"``, ``"2021-12"``, ``"2021"``
            (a decade is its first year, ``"1990"``).
        precision: ``"day"``, ``"month"``, ``"year"`` or ``"decade"``.
        datatype: the XML Schema datatype of ``value``: ``"date"``, ``"gYearMonth"`` or ``"gYear"``.
        earliest: the first day the expression can mean.
        latest: the last day the expression can mean.
        text: the original words, exactly as in the input.
        start: offset of ``text`` in the input (plus the caller's ``offset``).
        end: offset just past ``text``.
    """

    value: str
    precision: str
    datatype: str
    earliest: date
    latest: date
    text: str
    start: int
    end: int

    @property
    def wikidata_precision(self) -> int:
        """The Wikidata time precision code of :attr:`precision` (11 day, 10 month, 9 year, 8 decade)."""
        return _lexicon().precisions[self.precision][0]


def find_times(
    text: str,
    anchor: date,
    *,
    offset: int = 0,
    future: bool = False,
    reference: TimeValue | None = None,
    before: TimeValue | None = None,
) -> list[TimeValue]:
    """Find and resolve every time expression in a text (typically a sentence).

    Args:
        text: the text.
        anchor: the publication date the expressions are resolved against.
        offset: added to every ``start``/``end`` (a sentence's offset in its article).
        future: the text speaks of the future, so partial dates are the next ones after the anchor.
        reference: the time relative expressions ("a year later") count from; by default the nearest
            time before them in ``text``.
        before: the time the text before ``text`` told last (the story's time so far): what relative
            expressions count from when ``text`` tells no time before them ("In 1963 soldiers killed the
            president. Four years later the sergeant took power himself").

    Returns:
        The resolved times, in order and non-overlapping; expressions that cannot be resolved are left out.
    """
    lexicon = _lexicon()
    found: list[TimeValue] = []
    counted = False  # whether the last time found was counted from another ("eight years earlier")
    for match in lexicon.pattern.finditer(text):
        if not _accept(match, text, lexicon):
            continue
        base = reference if reference is not None else (found[-1] if found else before)
        period = _resolve_match(match, anchor, future=future, reference=base, lexicon=lexicon)
        if period is not None and base is not None and _THAT.search(text, 0, match.start()):
            period = _in_year_of(period, base, match)
        if period is not None and base is not None:
            period = _same_year_as(period, base, match, anchor, lexicon, told=bool(found) and reference is None)
        if period is None:
            continue
        if (
            counted
            and _YEAR.search(match.group(0))
            and _RESTATED.fullmatch(text, found[-1].end - offset, match.start())
        ):
            found.pop()  # "eight years earlier, in September 2006": the date the count restates, with its year
        found.append(_time_value(period, match, offset))
        counted = match.group("count") is not None or match.group("phrase") is not None
    return found


#: A year as the text writes it.
_YEAR = re.compile(r"\b\d{4}\b")

#: What lies between a counted time and the date that restates it ("eight years earlier, in 2006").
_RESTATED = re.compile(r"\s*,\s*(?:in|on)?\s*", re.IGNORECASE)


#: "that" right before a time: the time of the event told before it ("a second coup that September").
_THAT = re.compile(r"\bthat\s+$", re.IGNORECASE)


def _in_year_of(period: _Period, base: TimeValue, match: re.Match[str]) -> _Period:
    """A bare month after "that", in the year of the time before it ("in May 1987 … that September")."""
    if period.precision != "month" or re.search(r"\d", match.group()):
        return period
    return _period("month", date(base.earliest.year, period.earliest.month, 1))


def _same_year_as(
    period: _Period, base: TimeValue, match: re.Match[str], anchor: date, lexicon: _Lexicon, *, told: bool = False
) -> _Period:
    """A day and month with no year, told after a past date, in that date's year when it follows it within the
    year ("Soviet troops crossed into Bulgaria on September 8, 1944. In the early hours of September 9, …"), or
    after a past year the same text told (``told``: "In 2021, … after the army seized power on Feb. 1"): a story
    retelling the past names the year once. A month alone after a past date the same text told is in that date's
    year ("on Sept. 30, 2022, …, who had overthrown the president in January")."""
    groups = match.groupdict()
    if (
        told
        and groups["month"] is not None
        and groups["mmod"] is None
        and groups["ymod"] is None
        and base.precision in ("day", "month")
        and base.earliest.year < anchor.year
    ):
        # "seized power on Sept. 30, 2022, ousting X, who had overthrown the president in January": a month the
        # sentence names after a past date of its own, in that date's year
        return _period("month", date(base.earliest.year, _month(groups["month"], lexicon), 1))
    month_group, day_group = ("md_m", "md_d") if groups["md_m"] is not None else ("dm_m", "dm_d")
    precisions = ("day", "month", "year") if told else ("day", "month")
    if groups[month_group] is None or base.precision not in precisions or base.earliest.year >= anchor.year:
        return period
    month, day = _month(_required(groups[month_group]), lexicon), int(_required(groups[day_group]))
    if not _exists(base.earliest.year, month, day):
        return period
    then = date(base.earliest.year, month, day)
    return _day(then) if base.earliest <= then <= base.earliest + timedelta(days=365) else period


def resolve(
    expression: str,
    anchor: date,
    *,
    reference: TimeValue | None = None,
    future: bool = False,
) -> TimeValue | None:
    """Resolve one time expression.

    Args:
        expression: the whole expression, e.g. ``"in late December"`` or ``"three years later"``.
        anchor: the publication date.
        reference: the anchoring event's time, for expressions counted from it ("three years later").
        future: the context is future, so partial dates are the next ones after the anchor.

    Returns:
        The time (offsets within ``expression``), or ``None`` if the expression is not a time or needs a
        missing reference.
    """
    lexicon = _lexicon()
    start = len(expression) - len(expression.lstrip())
    match = lexicon.pattern.fullmatch(expression, start, len(expression.rstrip()))
    if match is None or not _accept(match, expression, lexicon):
        return None
    period = _resolve_match(match, anchor, future=future, reference=reference, lexicon=lexicon)
    return None if period is None else _time_value(period, match, 0)


def find_time_spans(text: str) -> list[tuple[int, int]]:
    """Find where time expressions are, without resolving them.

    Used to keep their numbers ("in 2012", "three years later") out of other extractors.

    Args:
        text: the text.

    Returns:
        ``(start, end)`` of every time expression, in order, including relative ones that need a reference.
    """
    lexicon = _lexicon()
    return [match.span() for match in lexicon.pattern.finditer(text) if _accept(match, text, lexicon)]


# --- the words ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    days: int
    months: int
    precision: str
    calendar: bool


@dataclass(frozen=True)
class _Lexicon:
    precisions: Mapping[str, tuple[int, str]]
    first_year: int
    last_year: int
    count_nouns: frozenset[str]
    count_hedges: re.Pattern[str]
    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    modifiers: Mapping[str, int]
    days: Mapping[str, int]
    units: Mapping[str, _Unit]
    numbers: Mapping[str, int]
    directions: Mapping[str, tuple[int, str]]
    anniversaries: Mapping[str, str]
    phrases: Mapping[str, tuple[str, int]]
    holidays: Mapping[str, tuple[int, int]]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = tomllib.loads(resources.files("kg").joinpath("data", "time.toml").read_text(encoding="utf-8"))
    months = data["months"]
    units = {name: _unit(spec) for name, spec in data["units"].items()}
    return _Lexicon(
        precisions={name: (spec["wikidata"], spec["datatype"]) for name, spec in data["precisions"].items()},
        first_year=data["years"]["first"],
        last_year=data["years"]["last"],
        count_nouns=frozenset(data["years"]["count_nouns"]),
        count_hedges=re.compile(rf"(?i:\b(?:{_alternation(data['years']['count_hedges'])}))\s*$"),
        months={**months["names"], **months["abbreviations"]},
        ambiguous_months=frozenset(months["ambiguous"]),
        weekdays=data["weekdays"],
        modifiers=data["relative"]["modifiers"],
        days=data["relative"]["days"],
        units=units,
        numbers=data["numbers"]["words"],
        directions={_key(word): (spec["sign"], spec["base"]) for word, spec in data["directions"].items()},
        anniversaries={_key(words): precision for words, precision in data["anniversaries"].items()},
        phrases={_key(word): (spec["unit"], spec["count"]) for word, spec in data["phrases"].items()},
        holidays={_holiday_key(name): (spec["month"], spec["day"]) for name, spec in data["holidays"].items()},
        pattern=_pattern(data, units),
    )


def _unit(spec: Mapping[str, Any]) -> _Unit:
    return _Unit(
        days=spec.get("days", 0),
        months=spec.get("months", 0),
        precision=spec["precision"],
        calendar=spec.get("calendar", False),
    )


def _holiday_key(name: str) -> str:
    """The lookup key of a holiday's name, whatever its apostrophe (a typographic one too)."""
    return _key(name).replace("’", "'")


def _key(words: str) -> str:
    """The lookup key of matched words: lower case, single spaces."""
    return " ".join(words.lower().split())


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, with any run of spaces between their words."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


def _years_pattern(first: int, last: int) -> str:
    """A regex matching exactly the four-digit years from ``first`` to ``last``."""
    parts: list[str] = []
    year = first
    while year <= last:
        if year % 10 == 0 and year + 9 <= last:
            parts.append(rf"{year // 10}\d")
            year += 10
        else:
            parts.append(str(year))
            year += 1
    return f"(?:{'|'.join(parts)})"


def _pattern(data: Mapping[str, Any], units: Mapping[str, _Unit]) -> re.Pattern[str]:
    """The one regular expression for every time expression, with a named group per part."""

    def words(items: Iterable[str]) -> str:
        return f"(?i:{_alternation(items)})"

    def names(items: Iterable[str]) -> str:  # proper names: capitalised, as English writes them
        return f"(?:{_alternation(item.capitalize() for item in items)})"

    months = data["months"]
    month = rf"(?:{names(months['names'])}\b|{names(months['abbreviations'])}\b\.?)"
    weekday = names(data["weekdays"])
    year = _years_pattern(data["years"]["first"], data["years"]["last"])
    hedge = rf"(?:{words(data['hedges']['words'])})(?:(?<=-)|\s+)"
    modifier = words(data["relative"]["modifiers"])
    day, nth = r"[0-3]?\d", r"(?:st|nd|rd|th)?"
    calendar_units = words(name for name, unit in units.items() if unit.calendar)
    holidays = "|".join(  # "New Year's Day" with either apostrophe
        r"\s+".join(re.escape(part).replace("'", "['’]") for part in name.split())
        for name in sorted(data["holidays"], key=len, reverse=True)
    )
    dates = (
        rf"(?:{weekday},?\s+)?(?:"
        rf"(?P<iso>{year}-[01]\d-[0-3]\d)"
        # a range of days is dated by its first ("on the night of June 10-11, 1903", "9-10 May 1877", an en dash too)
        rf"|(?P<mdy_m>{month})\s+(?P<mdy_d>{day}){nth}(?:[-–]{day}{nth})?,?\s+(?P<mdy_y>{year})"
        rf"|(?P<dmy_d>{day}){nth}(?:[-–]{day}{nth})?\s+(?:of\s+)?(?P<dmy_m>{month}),?\s+(?P<dmy_y>{year})"
        rf"|(?P<my_m>{month}),?\s+(?P<my_y>{year})"
        rf"|(?P<md_m>{month})\s+(?P<md_d>{day}){nth}"
        rf"|(?P<dm_d>{day}){nth}\s+(?:of\s+)?(?P<dm_m>{month})"
        rf"|(?P<holiday>{holidays})(?:,?\s+(?P<hol_y>{year}))?)"
    )
    numbers = data["numbers"]["words"]
    tens = words(n for n, v in numbers.items() if v >= 20 and v % 10 == 0)
    ones = words(n for n, v in numbers.items() if 1 <= v <= 9 and n not in ("a", "an"))
    compound = rf"{tens}[-\s]{ones}\b"  # "forty-four"
    core = "|".join(
        (
            rf"(?P<phrase>{words(data['phrases'])})",
            rf"(?P<count>\d{{1,3}}|{compound}|{words(data['numbers']['words'])})\s+(?P<cunit>{words(units)})s?"
            rf"\s+(?P<cdir>{words(data['directions'])})(?:\s+(?P<anniv>{words(data['anniversaries'])}))?",
            dates,
            rf"(?:(?i:the)\s+(?:{hedge})?)?(?P<decade>\d{{3}}0)'?s",
            rf"(?<![$€£])(?P<year>{year})",
            rf"(?P<umod>{modifier})\s+(?P<unit>{calendar_units})",
            rf"(?:(?P<mmod>{modifier})\s+)?(?P<month>{names(months['names'])})(?:\s+(?P<ymod>{modifier})\s+(?i:year))?",
            rf"(?:(?P<wmod>{modifier})\s+)?(?P<weekday>{weekday})",
            rf"(?P<dayword>{words(data['relative']['days'])})",
        )
    )
    return re.compile(
        rf"(?<!\w)(?:(?P<prep>{words(data['prepositions']['words'])})\s+)?(?:(?P<hedge>{hedge}))?"
        rf"(?:{core})(?:\s+{words(data['times_of_day']['words'])})?(?!\w|[.,]\d|\s*%)"
    )


# --- which matches are times ---------------------------------------------------------------------------------


def _accept(match: re.Match[str], text: str, lexicon: _Lexicon) -> bool:
    """Whether a match is a time in its context (the checks a regular expression cannot make)."""
    groups = match.groupdict()
    if groups["year"] is not None:
        return _is_year(match, text, lexicon)
    if groups["month"] is not None and groups["mmod"] is None:
        if _names(match, text):
            return False  # "the July Putsch", "the October Revolution": a name
        ambiguous = groups["month"].lower() in lexicon.ambiguous_months
        return not ambiguous or groups["prep"] is not None or groups["hedge"] is not None
    if groups["decade"] is not None:
        return lexicon.first_year <= int(groups["decade"]) <= lexicon.last_year
    if groups["iso"] is not None:
        parts = [int(part) for part in groups["iso"].split("-")]
        return _exists(parts[0], parts[1], parts[2])
    leap_year = "2000"  # a day without a year only has to exist in some year
    for month_group, day_group, year_group in (
        ("mdy_m", "mdy_d", "mdy_y"),
        ("dmy_m", "dmy_d", "dmy_y"),
        ("md_m", "md_d", ""),
        ("dm_m", "dm_d", ""),
    ):
        if groups[month_group] is not None:
            if not year_group and _names(match, text):
                return False
            year = groups[year_group] if year_group else leap_year
            return _exists(int(year), _month(groups[month_group], lexicon), int(groups[day_group]))
    return True


def _names(match: re.Match[str], text: str) -> bool:
    """Whether a month, or a day and month, with no year begin a name ("the 30 September Movement", "the March 23
    Movement", "the July Putsch"): "the" before it and a capitalised word after it, on the same line."""
    before = text[: match.start()].rstrip(" ")
    after = re.match(r"[ ]+(?:of[ ]+)?[A-Z][a-z]", text[match.end() :])
    return before[-3:].lower() == "the" and not before[-4:-3].isalpha() and after is not None


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _is_year(match: re.Match[str], text: str, lexicon: _Lexicon) -> bool:
    """A bare four-digit number is a year unless a count noun follows it or a count hedge precedes it; a
    sentence that opens "In 1998" opens on a year ("In 1998 soldiers staged a coup")."""
    following = re.match(r"\s*(?:[-\u2013]\s*\d[\d,.]*\s*)?([A-Za-z]+)", text[match.end() :])
    opening = match.group("prep") == "In" and not text[: match.start()].strip(" \t\"'\u201c\u2018")
    if following is not None and following.group(1).lower() in lexicon.count_nouns and not opening:
        return False
    if match.group("prep") is not None or match.group("hedge") is not None:
        return True
    return lexicon.count_hedges.search(text, 0, match.start()) is None


def _month(name: str, lexicon: _Lexicon) -> int:
    return lexicon.months[name.rstrip(".").lower()]


def month_number(name: str) -> int | None:
    """The number of a month named in English, in full or abbreviated ("September", "Sept."), else None."""
    return _lexicon().months.get(name.rstrip(".").lower())


# --- resolution --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    precision: str
    value: str
    earliest: date
    latest: date


def _time_value(period: _Period, match: re.Match[str], offset: int) -> TimeValue:
    return TimeValue(
        value=period.value,
        precision=period.precision,
        datatype=_lexicon().precisions[period.precision][1],
        earliest=period.earliest,
        latest=period.latest,
        text=match.group(),
        start=match.start() + offset,
        end=match.end() + offset,
    )


def _resolve_match(
    match: re.Match[str], anchor: date, *, future: bool, reference: TimeValue | None, lexicon: _Lexicon
) -> _Period | None:
    """Resolve a match by the kind of expression its named groups show."""
    groups = match.groupdict()
    if groups["phrase"] is not None:
        unit, count = lexicon.phrases[_key(groups["phrase"])]
        return _counted(_base(reference), lexicon.units[unit], count)
    if groups["count"] is not None:
        return _resolve_counted(groups, anchor, reference, lexicon)
    explicit = _resolve_calendar(groups, lexicon)
    if explicit is not None:
        return explicit
    return _resolve_relative(groups, anchor, future, lexicon)


def _resolve_calendar(groups: Mapping[str, str | None], lexicon: _Lexicon) -> _Period | None:
    """Times that need no anchor: full dates, months of a year, years, decades."""
    if groups["iso"] is not None:
        return _day(date.fromisoformat(groups["iso"]))
    for month, day, year in (("mdy_m", "mdy_d", "mdy_y"), ("dmy_m", "dmy_d", "dmy_y")):
        if groups[month] is not None:
            day_number = int(_required(groups[day]))
            return _day(date(int(_required(groups[year])), _month(_required(groups[month]), lexicon), day_number))
    if groups["holiday"] is not None and groups["hol_y"] is not None:  # "Christmas Eve 1999"
        on = lexicon.holidays[_holiday_key(groups["holiday"])]
        return _day(date(int(groups["hol_y"]), *on))
    if groups["my_m"] is not None:
        return _period("month", date(int(_required(groups["my_y"])), _month(groups["my_m"], lexicon), 1))
    if groups["year"] is not None:
        return _period("year", date(int(groups["year"]), 1, 1))
    if groups["decade"] is not None:
        return _period("decade", date(int(groups["decade"]), 1, 1))
    return None


def _resolve_relative(groups: Mapping[str, str | None], anchor: date, future: bool, lexicon: _Lexicon) -> _Period:
    """Times resolved against the anchor: month-days, months, weekdays, "last week", "yesterday"."""
    for month, day in (("md_m", "md_d"), ("dm_m", "dm_d")):
        if groups[month] is not None:
            return _day(
                _month_day(_month(_required(groups[month]), lexicon), int(_required(groups[day])), anchor, future)
            )
    if groups["holiday"] is not None:  # "on Christmas Day": the last one
        on = lexicon.holidays[_holiday_key(groups["holiday"])]
        return _day(_month_day(*on, anchor, future))
    if groups["unit"] is not None:
        step = lexicon.modifiers[_key(_required(groups["umod"]))]
        return _shift(_day(anchor), lexicon.units[_key(groups["unit"])], step)
    if groups["month"] is not None and groups["ymod"] is not None:  # "February last year", "in May next year"
        year = anchor.year + lexicon.modifiers[_key(groups["ymod"])]
        return _period("month", date(year, _month(groups["month"], lexicon), 1))
    if groups["month"] is not None:
        shift = None if groups["mmod"] is None else lexicon.modifiers[_key(groups["mmod"])]
        return _period("month", _month_near(_month(groups["month"], lexicon), anchor, future, shift))
    if groups["weekday"] is not None:
        shift = None if groups["wmod"] is None else lexicon.modifiers[_key(groups["wmod"])]
        return _day(_weekday_near(lexicon.weekdays[groups["weekday"].lower()], anchor, future, shift))
    return _day(anchor + timedelta(days=lexicon.days[_key(_required(groups["dayword"]))]))


def _resolve_counted(
    groups: Mapping[str, str | None], anchor: date, reference: TimeValue | None, lexicon: _Lexicon
) -> _Period | None:
    """A count of units ("three years later", "two months ago") from the reference or the anchor."""
    count_text = _required(groups["count"])
    # "forty-four": a ten and a unit, summed
    count = (
        int(count_text)
        if count_text.isdigit()
        else sum(lexicon.numbers[w] for w in re.split(r"[-\s]+", count_text.lower()))
    )
    sign, base = lexicon.directions[_key(_required(groups["cdir"]))]
    unit = lexicon.units[_key(_required(groups["cunit"]))]
    if groups["anniv"] is not None and base == "anchor":
        # "eight years ago today": the day that many units back, at the precision the anniversary names
        day = _counted(
            _day(anchor), _Unit(days=unit.days, months=unit.months, precision="day", calendar=False), sign * count
        )
        precision = lexicon.anniversaries[_key(groups["anniv"])]
        return (
            None if day is None else (_week(day.earliest) if precision == "week" else _period(precision, day.earliest))
        )
    start = _day(anchor) if base == "anchor" else _base(reference)
    return _counted(start, unit, sign * count)


def _required(text: str | None) -> str:
    """A group the pattern guarantees when its alternative matched."""
    if text is None:  # pragma: no cover - the pattern makes these groups appear together
        raise ValueError("time pattern matched without a required group")
    return text


def _base(reference: TimeValue | None) -> _Period | None:
    if reference is None:
        return None
    return _Period(reference.precision, reference.value, reference.earliest, reference.latest)


def _counted(base: _Period | None, unit: _Unit, count: int) -> _Period | None:
    """``count`` units from ``base`` (``None`` when there is no base to count from, or the count
    leaves the calendar: "999 decades ago")."""
    if base is None:
        return None
    try:
        return _shift(base, unit, count)
    except (ValueError, OverflowError):
        return None


def _shift(base: _Period, unit: _Unit, count: int) -> _Period:
    """``count`` units from ``base``, at the coarser of the unit's and the base's precision."""
    shifted = _add_months(base.earliest, unit.months * count) + timedelta(days=unit.days * count)
    if unit.precision == "week":
        return _week(shifted) if base.precision == "day" else _period(_coarser("month", base.precision), shifted)
    return _period(_coarser(unit.precision, base.precision), shifted)


def _coarser(first: str, second: str) -> str:
    order = list(_lexicon().precisions)  # the data lists them from day to decade
    return max(first, second, key=lambda precision: order.index(precision))


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_day(month: int, day: int, anchor: date, future: bool) -> date:
    """The most recent ``month``/``day`` on or before the anchor (with ``future``, the next on or after)."""
    step = 1 if future else -1
    for years in range(9):  # 29 February comes back within eight years
        year = anchor.year + step * years
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if (candidate >= anchor) if future else (candidate <= anchor):
                return candidate
    raise ValueError(f"no {month}/{day} near {anchor}")  # pragma: no cover - _accept checked the day


def _month_near(month: int, anchor: date, future: bool, shift: int | None) -> date:
    """The first day of the ``month`` meant relative to the anchor ("in May", "last December", "next May")."""
    if shift is None and future:  # the next one that has not ended
        return date(anchor.year if month >= anchor.month else anchor.year + 1, month, 1)
    if shift is None:  # the most recent one that has begun
        return date(anchor.year if month <= anchor.month else anchor.year - 1, month, 1)
    if shift > 0:  # strictly after the anchor's month
        return date(anchor.year if month > anchor.month else anchor.year + 1, month, 1)
    if shift < 0:  # strictly before it
        return date(anchor.year if month < anchor.month else anchor.year - 1, month, 1)
    return date(anchor.year, month, 1)


def _weekday_near(weekday: int, anchor: date, future: bool, shift: int | None) -> date:
    """The day of ``weekday`` meant relative to the anchor ("on Friday", "last Friday", "next Friday")."""
    forward = (shift is not None and shift > 0) or (shift in (None, 0) and future)
    distance = (weekday - anchor.isoweekday()) % 7 if forward else (anchor.isoweekday() - weekday) % 7
    if distance == 0 and shift:  # "last Friday" / "next Friday" is never the anchor itself
        distance = 7
    return anchor + timedelta(days=distance if forward else -distance)


def _day(day: date) -> _Period:
    return _period("day", day)


def _period(precision: str, day: date) -> _Period:
    """The calendar unit at ``precision`` that contains ``day``."""
    if precision == "day":
        return _Period("day", day.isoformat(), day, day)
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return _Period("month", f"{day.year:04d}-{day.month:02d}", day.replace(day=1), day.replace(day=last))
    if precision == "year":
        return _Period("year", f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31))
    first = day.year - day.year % 10
    return _Period("decade", f"{first:04d}", date(first, 1, 1), date(first + 9, 12, 31))


def _week(day: date) -> _Period:
    """The ISO 8601 week containing ``day``, as the month of its Thursday with the week's days as bounds."""
    monday = day - timedelta(days=day.isoweekday() - 1)
    thursday = monday + timedelta(days=3)
    return replace(_period("month", thursday), earliest=monday, latest=monday + timedelta(days=6))
