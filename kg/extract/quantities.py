"""Counts in news text: "about 400 Russian military personnel", "2,500-3,000 troops", "several hundred".

A count becomes a :class:`Quantity`: an interval ``[min, max]`` (an open side is ``None``), a qualifier
saying how the text gave it, the counted noun phrase when there is one, and the original words with
their offsets.

Conventions (the words and bands themselves are in ``kg/data/quantities.toml``):

- **The stated number is kept as stated.** "about 400" is ``min = max = 400`` with qualifier
  ``"approximate"`` (so are "nearly"/"almost"), never a guessed margin; "up to 1,200" is ``max = 1200``
  (``"at-most"``); "more than 1,000" is ``min = 1000`` (``"at-least"``): whether a bound is strict is
  left to the words in ``text``. "2,500-3,000", "2,500 to 3,000" and "between 2,500 and 3,000" are
  ``"range"``; a bare "400" or "three" is ``"exact"``.
- **Vague words get fixed bands** (``"vague"``): "several hundred" 300-900, "a few hundred" 200-500,
  "hundreds of" 200-999, "thousands of" 2,000-9,999, "dozens of" 24-99, "a handful of" 3-9.
- **Scale words multiply**: "2.5 million", "three hundred"; a decimal number counts only with one.
- **The unit** is the listed person/force noun phrase after the number, skipping capitalised
  (nationality) words and listed modifiers: "about 400 Russian military personnel" → "military
  personnel". It is ``None`` when no listed noun follows.
- **Not counts**: times ("in 2012", "three years later", found by :mod:`kg.extract.dates`) unless a
  unit follows, percentages ("40%"), money ("$300"), ordinals ("4th"), "one" as a pronoun ("one of the
  officers", "no one"), numbers inside words ("G5") or designators ("P-8"), and compound adjectives
  ("a two-day summit").

Example:
    >>> [(q.text, q.min, q.max, q.qualifier, q.unit) for q in find_quantities("about 400 Russian military personnel")]
    [('about 400', 400, 400, 'approximate', 'military personnel')]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.extract.dates import find_time_spans

__all__ = ["Quantity", "find_quantities"]


@dataclass(frozen=True)
class Quantity:
    """A count read from text.

    Attributes:
        min: the least the count can be, or ``None`` when the text sets no lower bound.
        max: the most the count can be, or ``None`` when the text sets no upper bound.
        qualifier: ``"exact"``, ``"approximate"``, ``"range"``, ``"vague"``, ``"at-most"`` or ``"at-least"``.
        text: the original words of the count, exactly as in the input ("about 400", "dozens of").
        unit: the counted noun phrase as printed ("troops", "military personnel"), or ``None``.
        start: offset of ``text`` in the input (plus the caller's ``offset``).
        end: offset just past ``text``.
    """

    min: int | None
    max: int | None
    qualifier: str
    text: str
    unit: str | None
    start: int
    end: int


def find_quantities(text: str, *, offset: int = 0) -> list[Quantity]:
    """Find every count in a text (typically a sentence).

    Args:
        text: the text.
        offset: added to every ``start``/``end`` (a sentence's offset in its article).

    Returns:
        The counts, in order and non-overlapping.
    """
    lexicon = _lexicon()
    times = find_time_spans(text)
    found: list[Quantity] = []
    for match in lexicon.pattern.finditer(text):
        bounds = _bounds(match, lexicon)
        if bounds is None or not _is_count(match, text, lexicon):
            continue
        unit = _unit_after(text, match.end(), lexicon)
        if unit is None and any(start < match.end() and match.start() < end for start, end in times):
            continue
        low, high, qualifier = bounds
        found.append(
            Quantity(
                min=low,
                max=high,
                qualifier=qualifier,
                text=match.group(),
                unit=unit,
                start=match.start() + offset,
                end=match.end() + offset,
            )
        )
    return found


# --- the words ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    numbers: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, int]
    hedges: Mapping[str, str]
    multipliers: Mapping[str, tuple[int, int]]
    plurals: Mapping[str, tuple[int, int]]
    max_gap: int
    unit: re.Pattern[str]
    gap: re.Pattern[str]
    share: re.Pattern[str]
    currency: tuple[str, ...]
    one_not_before: frozenset[str]
    one_not_after: frozenset[str]
    compound_suffixes: frozenset[str]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    text = resources.files("kg").joinpath("data", "quantities.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    numbers, units, vague, not_counts = data["numbers"], data["units"], data["vague"], data["not_counts"]
    return _Lexicon(
        numbers=numbers["units"],
        tens=numbers["tens"],
        scales=numbers["scales"],
        hedges={_key(word): qualifier for qualifier, words in data["hedges"].items() for word in words},
        multipliers={_key(word): (band[0], band[1]) for word, band in vague["multipliers"].items()},
        plurals={_key(word): (band[0], band[1]) for word, band in vague["plurals"].items()},
        max_gap=units["max_gap"],
        unit=re.compile(rf"\s+(?P<unit>(?i:{_alternation(units['nouns'])}))(?![\w-])"),
        gap=re.compile(rf"\s+(?:[A-Z][\w'\u2019-]*|(?i:{_alternation(units['modifiers'])}))(?![\w-])"),
        share=re.compile(rf"\s*(?i:{_alternation(not_counts['after'])})(?!\w)"),
        currency=tuple(not_counts["currency_before"]),
        one_not_before=frozenset(not_counts["one_not_before"]),
        one_not_after=frozenset(not_counts["one_not_after"]),
        compound_suffixes=frozenset(not_counts["compound_suffixes"]),
        pattern=_pattern(data),
    )


def _key(words: str) -> str:
    """The lookup key of matched words: lower case, single spaces."""
    return " ".join(words.lower().split())


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, with any run of spaces between their words."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


def _pattern(data: Mapping[str, Any]) -> re.Pattern[str]:
    """The one regular expression for every count, with a named group per part."""
    numbers, vague, ranges = data["numbers"], data["vague"], data["ranges"]
    units: Mapping[str, int] = numbers["units"]
    digits = [word for word, value in units.items() if value < 10 and " " not in word]
    scales = f"(?i:{_alternation(numbers['scales'])})"
    figure = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    spelled = rf"(?i:(?:{_alternation(numbers['tens'])})(?:-(?:{_alternation(digits)}))?|{_alternation(units)})"
    scaled = rf"(?:\s+{scales})*(?!\w|[.,]\d)"
    number, figures = rf"(?:{figure}|{spelled}){scaled}", rf"{figure}{scaled}"
    word_separators = "|".join(rf"\s+(?i:{re.escape(sep)})\s+" for sep in ranges["separators"] if sep.isalpha())
    # A dash joins figures only: "twenty-five" is one number, "2,500-3,000" a range.
    dashes = "|".join(rf"\s*{re.escape(sep)}\s*" for sep in ranges["separators"] if not sep.isalpha())
    between = ranges["between"]
    hedges = _alternation(word for words in data["hedges"].values() for word in words)
    return re.compile(
        rf"(?<![\w.,])(?<![^\W\d_]-)(?:"  # not a designator's number ("P-8", "F-16")
        rf"(?P<multiplier>(?i:{_alternation(vague['multipliers'])}))\s+(?P<scale>{scales})(?:\s+(?i:of))?"
        rf"|(?P<plural>(?i:{_alternation(vague['plurals'])}))(?:\s+(?i:of))?"
        rf"|(?:(?P<hedge>(?i:{hedges}))\s+)?(?:"
        rf"(?i:{re.escape(between['opener'])})\s+(?P<low>{number})\s+(?i:{re.escape(between['separator'])})\s+"
        rf"(?P<high>{number})"
        rf"|(?P<first>{number})(?:{word_separators})(?P<second>{number})"
        rf"|(?P<dash_first>{figures})(?:{dashes})(?P<dash_second>{figures})"
        rf"|(?P<number>{number})))(?!\w)"
    )


# --- which matches are counts --------------------------------------------------------------------------------


def _bounds(match: re.Match[str], lexicon: _Lexicon) -> tuple[int | None, int | None, str] | None:
    """``(min, max, qualifier)`` of a match, or ``None`` when its numbers are not whole counts."""
    groups = match.groupdict()
    if groups["multiplier"] is not None:
        low, high = lexicon.multipliers[_key(groups["multiplier"])]
        scale = lexicon.scales[_key(groups["scale"])]
        return low * scale, high * scale, "vague"
    if groups["plural"] is not None:
        low, high = lexicon.plurals[_key(groups["plural"])]
        return low, high, "vague"
    first = groups["low"] or groups["first"] or groups["dash_first"]
    second = groups["high"] or groups["second"] or groups["dash_second"]
    if first is not None and second is not None:
        return _range(first, second, lexicon)
    value = _number(groups["number"], lexicon)
    if value is None:
        return None
    qualifier = "exact" if groups["hedge"] is None else lexicon.hedges[_key(groups["hedge"])]
    low_bound = None if qualifier == "at-most" else value[0]
    high_bound = None if qualifier == "at-least" else value[0]
    return low_bound, high_bound, qualifier


def _range(first: str, second: str, lexicon: _Lexicon) -> tuple[int, int, str] | None:
    """The bounds of "2,500-3,000"; "2 to 3 million" takes the scale of its second number."""
    low, high = _number(first, lexicon), _number(second, lexicon)
    if low is None or high is None:
        return None
    (low_value, low_scale), (high_value, high_scale) = low, high
    if low_scale == 1 and high_scale > 1 and low_value * high_scale <= high_value:
        low_value *= high_scale
    if low_value >= high_value:  # "2021-22", a score or a season: not a range of counts
        return None
    return low_value, high_value, "range"


def _number(text: str, lexicon: _Lexicon) -> tuple[int, int] | None:
    """``(value, scale)`` of a number in digits or words with scale words after it, if it is whole."""
    words = text.split()
    scale = 1
    while _key(" ".join(words)) not in lexicon.numbers and _key(words[-1]) in lexicon.scales and len(words) > 1:
        scale *= lexicon.scales[_key(words.pop())]
    base = _key(" ".join(words))
    if base in lexicon.numbers:
        value = Fraction(lexicon.numbers[base])
    elif base[0].isdigit():
        if "." in base and scale == 1:  # "2.5" alone is a measure, not a count
            return None
        value = Fraction(base.replace(",", ""))
    else:
        tens, _, units = base.partition("-")
        value = Fraction(lexicon.tens[tens] + (lexicon.numbers[units] if units else 0))
    total = value * scale
    return (int(total), scale) if total.denominator == 1 else None


def _is_count(match: re.Match[str], text: str, lexicon: _Lexicon) -> bool:
    """The checks a regular expression cannot make: shares, money, compounds, "one" as a pronoun."""
    if lexicon.share.match(text, match.end()) or text[: match.start()].rstrip().endswith(lexicon.currency):
        return False
    compound = re.match(r"-(\w+)", text[match.end() :])
    if compound is not None and compound.group(1).lower() not in lexicon.compound_suffixes:
        return False
    if _key(match.group()) != "one":
        return True
    following = re.match(r"\s+(\w+)", text[match.end() :])
    preceding = re.search(r"(\w+)\s+$", text[: match.start()])
    return not (
        (following is not None and following.group(1).lower() in lexicon.one_not_before)
        or (preceding is not None and preceding.group(1).lower() in lexicon.one_not_after)
    )


def _unit_after(text: str, position: int, lexicon: _Lexicon) -> str | None:
    """The listed noun phrase after a count, past up to ``max_gap`` capitalised or modifier words."""
    for _ in range(lexicon.max_gap + 1):
        unit = lexicon.unit.match(text, position)
        if unit is not None:
            return unit.group("unit")
        gap = lexicon.gap.match(text, position)
        if gap is None:
            return None
        position = gap.end()
    return None
