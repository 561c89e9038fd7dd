"""Properties of the date and quantity normalisers and of the article reader, over generated input.

Whatever the text, ``find_times``/``resolve`` and ``find_quantities`` answer values that keep their
invariants (offsets point at the words they claim, earliest <= latest, min <= max, in order and
without overlap) and never raise; ``read_article`` answers an article or an ``ArticleError`` naming
the file, never another exception. The sentences are built from the words of the data files
(``kg/data/time.toml``, ``kg/data/quantities.toml``) mixed with arbitrary Unicode, so the
generator reaches the normalisers' real patterns, not only noise.
"""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ArticleError, KgError
from kg.extract.dates import TimeValue, find_times, resolve
from kg.extract.quantities import Quantity, find_quantities
from kg.read import EARLIEST_PUBLISHED, Article, article_id, read_article

DATA = Path(__file__).resolve().parents[1] / "kg" / "data"
TIME = tomllib.loads((DATA / "time.toml").read_text(encoding="utf-8"))
QUANTITIES = tomllib.loads((DATA / "quantities.toml").read_text(encoding="utf-8"))

#: Modest budgets: the whole file runs in seconds; raise them locally to search harder.
FAST = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
FILES = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
PAGES = settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

#: Characters XML 1.0 cannot hold: no stored text may contain one (RDF/XML and SPARQL XML results).
NOT_XML = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def sentences(words: list[str]) -> st.SearchStrategy[str]:
    """Texts made of the given words, numbers, punctuation and arbitrary Unicode, with varied spacing."""
    token = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.capitalize),
        st.integers(0, 3000).map(str),
        st.integers(0, 10**7).map(lambda n: f"{n:,}"),
        st.sampled_from([",", ".", "-", "\u2013", "%", "'s", "s", "th", "$", "the", "of", "a", "and", "to"]),
        st.text(max_size=3),
    )
    space = st.sampled_from([" ", " ", " ", "", ", ", "\n", "  ", "\u00a0"])
    return st.lists(st.tuples(token, space), max_size=14).map(lambda parts: "".join(a + b for a, b in parts))


def _time_words() -> list[str]:
    words: set[str] = set()
    for table in (TIME["months"]["names"], TIME["months"]["abbreviations"], TIME["weekdays"]):
        words |= {word.capitalize() for word in table}
    for table in (TIME["relative"]["modifiers"], TIME["relative"]["days"], TIME["numbers"]["words"]):
        words |= set(table)
    words |= set(TIME["units"]) | {f"{unit}s" for unit in TIME["units"]}
    words |= set(TIME["directions"]) | set(TIME["phrases"]) | set(TIME["times_of_day"]["words"])
    words |= set(TIME["prepositions"]["words"]) | set(TIME["hedges"]["words"])
    words |= set(TIME["years"]["count_nouns"]) | set(TIME["years"]["count_hedges"])
    words |= {"2022-01-07", "2021-02-29", "2024-02-29", "2022-13-01", "1990s", "2000's", "mid-2020"}
    return sorted(words)


def _counted() -> st.SearchStrategy[str]:
    """ "three years later", "999 decades ago": the expressions counted from a reference or the anchor."""
    count = st.one_of(st.integers(0, 999).map(str), st.sampled_from(sorted(TIME["numbers"]["words"])))
    unit = st.sampled_from(sorted(TIME["units"])).flatmap(lambda u: st.sampled_from([u, f"{u}s"]))
    direction = st.sampled_from(sorted(TIME["directions"]))
    return st.tuples(count, unit, direction).map(" ".join)


TIME_TEXTS = st.one_of(
    sentences(_time_words()),
    st.tuples(sentences(_time_words()), _counted(), sentences(_time_words())).map(" ".join),
)

#: Every date the reader accepts as a publication date, hence every anchor the extractor gets.
ANCHORS = st.dates(EARLIEST_PUBLISHED, date.today() + timedelta(days=1))

PATTERNS = {"day": r"\d{4}-\d\d-\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}", "decade": r"\d{3}0"}
DATATYPES = {"day": "date", "month": "gYearMonth", "year": "gYear", "decade": "gYear"}


def assert_time_is_sound(time: TimeValue, text: str, offset: int) -> None:
    """The invariants of one time value found in ``text`` (offsets shifted by ``offset``)."""
    assert time.text and text[time.start - offset : time.end - offset] == time.text, (time, text)
    assert time.earliest <= time.latest, time
    assert time.precision in PATTERNS and re.fullmatch(PATTERNS[time.precision], time.value), time
    assert time.datatype == DATATYPES[time.precision], time
    first, last = time.earliest, time.latest
    if time.precision == "day":
        assert first == last == date.fromisoformat(time.value), time
    elif time.precision == "month" and (last - first).days == 6 and first.isoweekday() == 1:
        thursday = first + timedelta(days=3)  # a week: the month of its Thursday, its Monday to its Sunday
        assert time.value == f"{thursday.year:04d}-{thursday.month:02d}", time
    elif time.precision == "month":
        assert time.value == f"{first.year:04d}-{first.month:02d}" and first.day == 1, time
        assert (last + timedelta(days=1)).day == 1 and (last.year, last.month) == (first.year, first.month), time
    elif time.precision == "year":
        assert (first, last) == (date(int(time.value), 1, 1), date(int(time.value), 12, 31)), time
    else:
        assert (first, last) == (date(int(time.value), 1, 1), date(int(time.value) + 9, 12, 31)), time


@FAST
@given(text=TIME_TEXTS, anchor=ANCHORS, future=st.booleans(), offset=st.integers(0, 10**6))
def test_find_times_answers_sound_values_in_order(text: str, anchor: date, future: bool, offset: int) -> None:
    found = find_times(text, anchor, offset=offset, future=future)
    for time in found:
        assert_time_is_sound(time, text, offset)
    for before, after in pairwise(found):
        assert before.end <= after.start, f"overlapping times {before} and {after} in {text!r}"
    assert find_times(text, anchor, offset=offset, future=future) == found, "not deterministic"


@FAST
@given(text=TIME_TEXTS, anchor=ANCHORS, future=st.booleans())
def test_every_time_found_resolves_alone_to_the_same_value(text: str, anchor: date, future: bool) -> None:
    found = find_times(text, anchor, future=future)
    for n, time in enumerate(found):
        alone = resolve(time.text, anchor, reference=found[n - 1] if n else None, future=future)
        assert alone is not None, f"{time.text!r} found in {text!r} does not resolve alone"
        assert (alone.value, alone.precision, alone.earliest, alone.latest) == (
            time.value,
            time.precision,
            time.earliest,
            time.latest,
        ), text


@FAST
@given(
    expression=TIME_TEXTS,
    anchor=ANCHORS,
    future=st.booleans(),
    reference=st.none() | st.sampled_from(["in 2012", "on 14 December 2021", "last month", "in the 1990s"]),
)
def test_resolve_answers_a_sound_value_or_none(
    expression: str, anchor: date, future: bool, reference: str | None
) -> None:
    base = resolve(reference, anchor) if reference else None
    time = resolve(expression, anchor, reference=base, future=future)
    if time is not None:
        assert_time_is_sound(time, expression, 0)
        assert time.text == expression.strip(), "resolve takes the whole expression or nothing"


def test_a_count_of_decades_beyond_the_calendar_is_left_out() -> None:
    assert find_times("Empires rose and fell 999 decades ago.", date(2022, 1, 7)) == []


def _quantity_words() -> list[str]:
    numbers, vague, units = QUANTITIES["numbers"], QUANTITIES["vague"], QUANTITIES["units"]
    words: set[str] = set(numbers["units"]) | set(numbers["tens"]) | set(numbers["scales"])
    words |= {word for group in QUANTITIES["hedges"].values() for word in group}
    words |= set(vague["multipliers"]) | set(vague["plurals"]) | set(units["nouns"]) | set(units["modifiers"])
    words |= set(QUANTITIES["ranges"]["separators"]) | set(QUANTITIES["ranges"]["between"].values())
    not_counts = QUANTITIES["not_counts"]
    for name in ("after", "currency_before", "one_not_before", "one_not_after", "compound_suffixes"):
        words |= set(not_counts[name])
    words |= {"2.5", "0.5", "1,500", "2,500-3,000", "twenty-five", "G5", "4th", "Russian", "Wagner", "in 2012"}
    return sorted(words)


QUANTITY_TEXTS = sentences(_quantity_words())
QUALIFIERS = {"exact", "approximate", "range", "vague", "at-most", "at-least"}


def assert_quantity_is_sound(quantity: Quantity, text: str, offset: int) -> None:
    """The invariants of one count found in ``text`` (offsets shifted by ``offset``)."""
    assert quantity.text and text[quantity.start - offset : quantity.end - offset] == quantity.text, quantity
    assert quantity.qualifier in QUALIFIERS, quantity
    low, high = quantity.min, quantity.max
    assert low is not None or high is not None, f"a count with no bound: {quantity}"
    assert all(bound >= 0 for bound in (low, high) if bound is not None), quantity
    if low is not None and high is not None:
        assert low <= high, quantity
    if quantity.qualifier in ("exact", "approximate"):
        assert low == high, quantity
    elif quantity.qualifier in ("range", "vague"):
        assert low is not None and high is not None and low < high, quantity
    elif quantity.qualifier == "at-most":
        assert low is None, quantity
    else:
        assert high is None, quantity
    if quantity.unit is not None:
        assert quantity.unit in text[quantity.end - offset :], f"unit {quantity.unit!r} is not after {quantity}"


@FAST
@given(text=QUANTITY_TEXTS, offset=st.integers(0, 10**6))
def test_find_quantities_answers_sound_counts_in_order(text: str, offset: int) -> None:
    found = find_quantities(text, offset=offset)
    for quantity in found:
        assert_quantity_is_sound(quantity, text, offset)
    for before, after in pairwise(found):
        assert before.end <= after.start, f"overlapping counts {before} and {after} in {text!r}"
    plain = find_quantities(text)
    assert [(q.start + offset, q.end + offset) for q in plain] == [(q.start, q.end) for q in found], "offset"
    assert find_quantities(text, offset=offset) == found, "not deterministic"


# -- the reader -------------------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
FIELD_VALUES = st.one_of(
    JSON_VALUES,
    st.sampled_from(
        [
            "2022-01-07",
            "2022-01-07T10:30:00Z",
            "2022-02-30",
            "2022-13-45",
            "2999-01-01",
            "1066-10-14",
            "0001-01-01",
            "https://example.com/a",
            "http://[not-an-address",
            "ftp://example.com/a",
            "https://example.com/a b",
            "en",
            "en-GB",
            "English language",
            "Story \ud800 cut",
            "Control\x01\x1b[0m characters\x0c",
            "",
            "   ",
        ]
    ),
)
METADATA = st.dictionaries(
    st.sampled_from(["title", "url", "publisher", "agency", "published", "language", "text", "extra"]),
    FIELD_VALUES,
    max_size=7,
)
TEXT_BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.text(max_size=200).map(lambda text: ("Title\r\n\r\n" + text).encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"",
            b" \n\t\n",
            "\ufeffTitle\n\nThe story.".encode(),
            "Title\n\nThe story.".encode("utf-16"),
            "Titre\n\nLe caf\xe9 de Bamako.".encode("latin-1"),
            b"Title\n\nThe army\x01 said\x1b[0m it.\x0c More.",
            b"One paragraph only, no title line.",
        ]
    ),
)


def normalised(text: str) -> str:
    """What the reader promises to keep of a text: Unix line endings, XML-illegal characters as spaces."""
    return re.sub("[\x00-\x08\x0b-\x1f\ufffe\uffff]", " ", text.replace("\r\n", "\n").replace("\r", "\n"))


def assert_article_is_sound(article: Article) -> None:
    """What every article kg reads keeps, whatever the file held."""
    assert article.text and article.text == article.text.strip(), article
    assert "\r" not in article.text
    for value in (article.text, article.title, article.url, article.publisher, article.agency, article.language):
        assert value is None or not NOT_XML.search(value), f"a character XML cannot hold in {value!r}"
    assert re.fullmatch(r"[0-9a-f]{16}", article.id) and article.id == article_id(article.url, article.text)
    assert article.url is None or re.match(r"https?://\S+$", article.url), article.url
    assert article.published is None or EARLIEST_PUBLISHED <= article.published <= date.today() + timedelta(days=1)
    assert re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", article.language), article.language


def read_or_refuse(path: Path, *, named: set[Path], **options: Any) -> Article | None:
    """Read ``path``; a refusal must be an ArticleError naming one of the ``named`` files."""
    try:
        article = read_article(path, **options)
    except ArticleError as exc:
        assert isinstance(exc, KgError)
        assert exc.path in named and str(exc.path) in str(exc), f"the message must name the file: {exc}"
        return None
    assert_article_is_sound(article)
    return article


@FILES
@given(body=TEXT_BYTES, sidecar=st.none() | METADATA | st.binary(max_size=60))
def test_reading_a_text_article_answers_an_article_or_an_article_error(
    body: bytes, sidecar: dict[str, Any] | bytes | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, meta = Path(folder) / "a.txt", Path(folder) / "a.json"
        path.write_bytes(body)
        if isinstance(sidecar, dict):
            meta.write_text(json.dumps(sidecar), encoding="utf-8")
        elif sidecar is not None:
            meta.write_bytes(sidecar)
        article = read_or_refuse(path, named={path, meta})
        if article is not None and sidecar is None:
            raw = normalised(body.decode("utf-8").removeprefix("\ufeff")).strip()
            assert article.text in raw, "the story is the file's own text"
            assert article.title is None or raw.startswith(article.title), "the title is the first line"


JSON_TROUBLE = [
    b"[" * 5000,  # deeper than Python's parser recurses
    b'{"text": "x", "n": ' + b"1" * 5000 + b"}",  # a number Python will not convert
    b'{"text": "x", "title": NaN}',
    b'{"text": "A story \\ud800 cut short."}',
    b"[1, 2]",
    b"{",
]


@FILES
@given(document=METADATA | JSON_VALUES, raw=st.none() | st.sampled_from(JSON_TROUBLE) | st.binary(max_size=60))
def test_reading_a_json_article_answers_an_article_or_an_article_error(document: Any, raw: bytes | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.json"
        if raw is None:
            path.write_text(json.dumps(document), encoding="utf-8")
        else:
            path.write_bytes(raw)
        article = read_or_refuse(path, named={path})
        if article is not None:
            assert isinstance(document, dict) and raw is None
            assert article.text == normalised(document["text"]).strip()


@FILES
@given(body=TEXT_BYTES, limit=st.integers(1, 400))
def test_a_file_over_the_limit_is_refused_and_one_within_it_reads_as_without_a_limit(body: bytes, limit: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(body)
        if len(body) > limit:
            with pytest.raises(ArticleError, match="over the"):
                read_article(path, max_bytes=limit)
            return
        assert read_or_refuse(path, named={path}, max_bytes=limit) == read_or_refuse(path, named={path})


STORY = "Soldiers seized power in the capital on Wednesday, state television said, and closed the borders."
PAGE_PARTS = [
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<title>Coup</title>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<nav>Home World Subscribe</nav>",
    "<script>var x = '<p>';</script>",
    "<meta name='date' content='2999-01-01'>",
    "<meta name='date' content='2022-02-30'>",
    "<meta property='og:url' content='http://[not-an-address'>",
    "<link rel='canonical' href='https://example.com/coup'>",
    "<meta http-equiv='content-language' content='fr'>",
    "&#xD800;",
    "&#0;",
    "\x01",
    "<![CDATA[x]]>",
    f"<p>{STORY}</p>",
    f"<p>{STORY} {STORY}</p>",
]


@PAGES
@given(parts=st.lists(st.one_of(st.sampled_from(PAGE_PARTS), st.text(max_size=8)), max_size=25))
def test_reading_an_html_page_answers_an_article_or_an_article_error(parts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.html"
        path.write_text("".join(parts), encoding="utf-8", errors="surrogatepass")
        read_or_refuse(path, named={path})
