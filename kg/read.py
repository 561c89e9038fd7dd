"""Stage 1, read: an article file (``.txt`` + optional ``.json`` sidecar, ``.json``, ``.html``) → :class:`Article`.

Reading is strict about what a person must fix (an empty or binary file, text that is not UTF-8,
a sidecar with a wrong field or an impossible date, JSON that escapes half a surrogate pair) and
lenient about what real pages look like (a missing title line, Windows line endings, a byte-order
mark, stray control characters, which become spaces so that every offset still holds). Every
refusal is an :class:`~kg.errors.ArticleError` naming the file and, where there is one, the field;
no other exception leaves :func:`read_article` on any input (``tests/test_properties.py``).

Example:
    >>> from kg.read import read_article
    >>> article = read_article("seeds/000_ce45e1c8aef7f2ba.txt")  # doctest: +SKIP
    >>> article.published  # doctest: +SKIP
    datetime.date(2022, 1, 7)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.errors import ArticleError

#: File endings read as articles.
ARTICLE_SUFFIXES = frozenset({".txt", ".json", ".html", ".htm"})

#: An HTML page whose extracted text is shorter than this is navigation, not a story.
_MIN_HTML_STORY_WORDS = 12

#: Largest ``.json`` sidecar accepted.
_MAX_SIDECAR_BYTES = 1024 * 1024

#: The earliest publication date accepted: the first printed newspaper (Strasbourg's *Relation*, 1605).
#: With the latest (tomorrow, for time zones ahead of the reader's), it keeps an impossible date
#: out of the graph and every relative date the extractor resolves against it inside the calendar.
EARLIEST_PUBLISHED = date(1605, 1, 1)

_METADATA_FIELDS = ("title", "url", "publisher", "agency", "published", "language")

#: Characters XML 1.0 cannot hold (C0 controls but tab and newline, U+FFFE, U+FFFF): they would make
#: the graph unserialisable as RDF/XML or SPARQL XML results. A carriage return is a line ending here.
_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Article:
    """One news article, as read from a file.

    Attributes:
        id: stable identifier: 16 hex digits of the SHA-256 of the URL, or of the text when there is no URL.
            A new version of the same page keeps its id, so it replaces the old one.
        path: the file it was read from.
        text: the story text (title line removed); all character offsets in the graph index into it.
        title: the headline, if known.
        url: where the article was published, if known.
        publisher: the outlet that published the page.
        agency: the wire agency or newsroom the story comes from.
        published: the publication date, if known.
        language: BCP 47 language tag.
    """

    id: str
    path: Path
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    agency: str | None = None
    published: date | None = None
    language: str = "en"


def read_article(path: Path | str, *, max_bytes: int = 10 * 1024 * 1024) -> Article:
    """Read one article file.

    Args:
        path: a ``.txt`` (title on the first line unless the sidecar says otherwise; an optional ``.json``
            sidecar of the same name), a ``.json`` (metadata plus ``text``) or an ``.html`` page.
        max_bytes: larger files are refused.

    Returns:
        The article.

    Raises:
        ArticleError: the file is missing, empty, binary, not UTF-8, too large, or its metadata is malformed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise ArticleError(path, f"not an article file (expected one of {', '.join(sorted(ARTICLE_SUFFIXES))})")
    raw = _read_text(path, max_bytes=max_bytes, what="an article")
    if suffix == ".txt":
        sidecar = path.with_suffix(".json")
        meta = _parse_metadata(sidecar, _load_json(sidecar)) if sidecar.is_file() else {}
        title, text = _split_title(raw, meta)
    elif suffix == ".json":
        document = _load_json(path, raw)
        meta = _parse_metadata(path, document)
        body = document.get("text")
        if body is None and "text" not in document and (story := _story_beside(path)) is not None:
            raise ArticleError(path, f"is the metadata sidecar of {story.name}: load {story} instead")
        if not isinstance(body, str) or not body.strip():
            raise ArticleError(path, "must be a non-empty string holding the article text", field="text")
        _check_unicode(path, body, "text")
        title, text = meta.get("title"), _normalise(body).strip()
    else:
        sidecar = path.with_suffix(".json")
        meta = _parse_metadata(sidecar, _load_json(sidecar)) if sidecar.is_file() else {}
        title, text, page_meta = _html_story(path, raw)
        meta = {**page_meta, **{k: v for k, v in meta.items() if v is not None}}
        title = meta.get("title", title)
    if not text:
        raise ArticleError(path, "holds a title but no story text")
    url = meta.get("url")
    return Article(
        id=article_id(url, text),
        path=path,
        text=text,
        title=title,
        url=url,
        publisher=meta.get("publisher"),
        agency=meta.get("agency"),
        published=meta.get("published"),
        language=meta.get("language") or "en",
    )


def article_id(url: str | None, text: str) -> str:
    """The stable id of an article: from its URL when it has one, else from its text.

    Args:
        url: the article's URL.
        text: the article's text.

    Returns:
        16 lowercase hex digits.
    """
    key = url if url else text
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _read_text(path: Path, *, max_bytes: int, what: str) -> str:
    """The file's text, decoded and normalised, or a refusal saying what is wrong with the file."""
    try:
        if not path.is_file():
            raise ArticleError(path, "no such file" if not path.exists() else "is not a regular file")
        # Read one byte past the limit rather than trust the size seen before: the file may be growing.
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
            size = max(path.stat().st_size, len(data))
    except OSError as exc:
        raise ArticleError(path, f"cannot be read: {exc.strerror or exc}") from None
    if size > max_bytes or len(data) > max_bytes:
        raise ArticleError(path, f"is {_mib(size)} MiB, over the {_mib(max_bytes)} MiB limit for {what}")
    if not data.strip():
        raise ArticleError(path, "is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(path, "is UTF-16 text, not UTF-8: save it as UTF-8")
    if b"\x00" in data:
        raise ArticleError(path, "is a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ArticleError(
            path, f"is not UTF-8 text (invalid byte 0x{data[exc.start]:02x} on line {line}, byte {exc.start})"
        ) from None
    return _normalise(text.removeprefix("\ufeff"))


def _mib(size: int) -> str:
    return f"{size / 1048576:.1f}".removesuffix(".0")


def _normalise(text: str) -> str:
    """Unix line endings; a character XML cannot hold becomes a space (one for one: offsets hold)."""
    return _NOT_XML.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def _check_unicode(path: Path, value: str, field: str) -> None:
    """Refuse half a surrogate pair, which JSON can escape (``"\\ud800"``) but no Unicode text holds."""
    bad = _SURROGATE.search(value)
    if bad is not None:
        raise ArticleError(
            path,
            f"holds an unpaired surrogate \\u{ord(bad.group()):04x} at character {bad.start()}, which is not "
            "Unicode text (was a JSON string cut in the middle of a character?)",
            field=field,
        )


def _story_beside(path: Path) -> Path | None:
    """The ``.txt`` or ``.html`` story whose sidecar ``path`` is, if there is one."""
    return next((p for s in (".txt", ".html", ".htm") if (p := path.with_suffix(s)).is_file()), None)


def _load_json(path: Path, text: str | None = None) -> dict[str, Any]:
    if text is None:
        text = _read_text(path, max_bytes=_MAX_SIDECAR_BYTES, what="a sidecar")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ArticleError(path, "is not usable JSON: its arrays or objects nest too deeply") from None
    except ValueError as exc:  # a number Python will not convert (more than 4300 digits)
        raise ArticleError(path, f"is not usable JSON: {exc}") from None
    if not isinstance(document, dict):
        raise ArticleError(path, f"must hold a JSON object, not {type(document).__name__}")
    return document


def _parse_metadata(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    """Check the metadata fields' types and values; return the known ones, normalised."""
    meta: dict[str, Any] = {}
    for name in _METADATA_FIELDS:
        if name not in document:
            continue
        value = document[name]
        if value is None:
            meta[name] = None
            continue
        if not isinstance(value, str):
            raise ArticleError(path, f"must be a string or null, not {type(value).__name__}", field=name)
        _check_unicode(path, value, name)
        value = _normalise(value).strip()
        if name == "published":
            meta[name] = _parse_date(path, value)
        elif name == "url":
            if not _is_web_url(value):
                raise ArticleError(path, f"must be an absolute http(s) URL, not {value!r}", field=name)
            meta[name] = value
        elif name == "language":
            if not _LANGUAGE_TAG.fullmatch(value):
                raise ArticleError(path, f"must be a language tag such as 'en', not {value!r}", field=name)
            meta[name] = value
        else:
            meta[name] = value or None
    return meta


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[not-an-address": urlsplit refuses what it cannot split
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


def _parse_date(path: Path, value: str) -> date:
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
        else:
            day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise ArticleError(path, f"must be a real date as YYYY-MM-DD, not {value!r}", field="published") from None
    if not _plausible_publication(day):
        when = "in the future" if day > EARLIEST_PUBLISHED else f"older than newspapers ({EARLIEST_PUBLISHED.year})"
        raise ArticleError(path, f"{value!r} is {when}: it cannot be the publication date", field="published")
    return day


def _plausible_publication(day: date) -> bool:
    return EARLIEST_PUBLISHED <= day <= date.today() + timedelta(days=1)


def _split_title(raw: str, meta: dict[str, Any]) -> tuple[str | None, str]:
    """Separate the title line from the story of a ``.txt`` article.

    Line 1 is not assumed to be a title, whatever the sidecar says: it is taken off the story only
    when it is the sidecar's title or reads as a headline (:func:`looks_like_headline`), and a text
    that opens straight with its lede keeps it. The title is the sidecar's when it gives one (even
    ``null``), else the headline line found.
    """
    stripped = raw.strip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    has_title_line = bool(rest.strip()) and (
        ("title" in meta and meta["title"] is not None and _fold(first) == _fold(meta["title"]))
        or looks_like_headline(first)
    )
    title = meta.get("title", first if has_title_line else None)
    return title, (rest.strip() if has_title_line else stripped)


#: A line that ends as a sentence does: a full stop, question or exclamation mark, then maybe closing quotes.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
#: Longest headline, in words; a longer first line is a lede even without a full stop.
_HEADLINE_WORDS = 30


def looks_like_headline(line: str) -> bool:
    """Whether a first line reads as a headline rather than the story's first sentence.

    Headlines in news copy do not end with a full stop and are short; a lede ends as a sentence
    does. "Rwanda sends troops to Mozambique" is a headline; "Rwanda said on Friday it will send
    troops." is a lede.

    Args:
        line: the text's first line.

    Returns:
        ``True`` for a headline.
    """
    line = line.strip()
    return bool(line) and not _SENTENCE_END.search(line) and len(line.split()) <= _HEADLINE_WORDS


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _html_story(path: Path, raw: str) -> tuple[str | None, str, dict[str, Any]]:
    """The title, story text and page metadata of an HTML page, site chrome dropped (trafilatura)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    document = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    if isinstance(document, dict):  # older trafilatura releases answer a dict
        document = trafilatura.settings.Document.from_dict(document)  # pragma: no cover
    words = len((document.text or "").split()) if document is not None else 0
    if document is None or words < _MIN_HTML_STORY_WORDS:
        raise ArticleError(path, "is an HTML page with no story text that could be extracted")
    # The page's own metadata is a guess: what cannot be read is left out, never a reason to refuse the story.
    page: dict[str, Any] = {}
    if document.url and _is_web_url(document.url):
        page["url"] = document.url
    if document.sitename and (publisher := _page_text(document.sitename)):
        page["publisher"] = publisher
    if document.date:
        with contextlib.suppress(ValueError):
            published = date.fromisoformat(document.date[:10])
            if _plausible_publication(published):
                page["published"] = published
    if document.language and _LANGUAGE_TAG.fullmatch(document.language):
        page["language"] = document.language
    text = re.sub(r"\n{2,}", "\n\n", _page_text(document.text or ""))
    # trafilatura gives one paragraph per line; kg's convention is a blank line between paragraphs.
    text = re.sub(r"(?<!\n)\n(?!\n)", "\n\n", text)
    return _page_text(document.title or "") or None, text, page


def _page_text(text: str) -> str:
    """Text taken from a page, normalised; a stray surrogate becomes U+FFFD, as a browser shows it."""
    return _SURROGATE.sub("\ufffd", _normalise(text)).strip()
