"""Stage 2, extract: an :class:`~kg.read.Article` → :class:`Extraction` (sentences, and the facts read from them).

Sentences are split per paragraph (blank lines first) with pySBD, the rule-based splitter that
handles abbreviations and quotations in news text best, and each keeps its exact character
offsets into the article text. The extraction of actors, events and statements plugs in here as
further fields of :class:`Extraction`, so the stages after this one do not change shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib.metadata import version

from kg.extract.facts import Reading
from kg.read import Article, looks_like_headline


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article.

    Attributes:
        index: 0-based position in the article.
        start: offset of its first character in the article text.
        end: offset just past its last character.
        text: ``article.text[start:end]``.
    """

    index: int
    start: int
    end: int
    text: str
    story: bool = True


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article.

    Attributes:
        article: the article it was read from.
        sentences: the article's sentences in order.
        tool: the software and version that made this extraction (recorded as the extraction run).
        reading: the actors, statements and events read from the story sentences.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    tool: tuple[tuple[str, str], ...]
    reading: Reading = field(default_factory=Reading)


def extract(article: Article) -> Extraction:
    """Read an article: its sentences, then the actors, events and statements of its story.

    Args:
        article: the article.

    Returns:
        The extraction, deterministic for a given article text.
    """
    from kg.extract.actors import find_mentions
    from kg.extract.nlp import pipeline
    from kg.extract.places import settle_shared_names
    from kg.extract.reading import read

    sentences = split_sentences(article.text, title=article.title)
    story = [s for s in sentences if s.story]
    # the headline in the same batch as the story: one call to the pipeline, not two
    docs = list(pipeline().pipe([*(s.text for s in story), *([article.title] if article.title else [])]))
    title = docs.pop() if article.title else None
    settle_shared_names([*docs, title] if title is not None else docs)
    sentences_read = [(s.start, s.text) for s in story]
    reading = read(sentences_read, docs, article.text, article.published, title=title)
    reading = replace(reading, mentions=find_mentions(sentences_read, docs, reading.actors))
    return Extraction(article=article, sentences=sentences, tool=_tool_versions(), reading=reading)


#: A glued sentence boundary: "officials said.The army" (no space after the full stop).
_GLUED = re.compile(r"(?<=[a-z0-9\)\]”\"’][.!?])(?=[A-Z][a-z])|(?<=[a-z][.!?][”\"])(?=[A-Z][a-z])")
#: An inline crosshead: a short quoted phrase opening a paragraph, then a capitalised word.
#: A line of the story's body that is a crosshead: capitalised, with no sentence's closing mark.
_CROSSHEAD = re.compile(r"[A-Z][^.!?:;]*[^\s.!?:;,\"”’')]")
_CROSSHEAD_WORDS = 8
_HEADING = re.compile(r"^[“\"][^”\"]{0,39}[^”\",][”\"]\s+(?=[A-Z])")
#: A dateline: "NIAMEY, July 28 (RHC)--", "Pretoria, January 24. /TASS/.", "BANGKOK (AP) —",
#: "ALEXANDROUPOLIS, Greece, Oct 7 (Aegean Monitor) —" (a town, then its state), "BUJUMBURA/GOMA, Aug 21
#: (…) -" (two towns), and with no outlet a town in capitals: "BANJUL —", "ANKARA, July 15 —".
_PLACE = r"[A-Z][A-Za-z.'’/\- ]{1,30}"
_CAPS_PLACE = r"[A-Z][A-Z.'’/\-]{2,}(?: [A-Z][A-Z.'’/\-]+){0,3}"  # either apostrophe ("ST GEORGE\u2019S")
_DAY = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
_DATELINE = re.compile(
    rf"^(?:(?:{_PLACE},\s+){{1,2}}|{_CAPS_PLACE}\s+(?=\())?(?:{_DAY})?\s*"
    r"(?:\(\s*[A-Za-z .]{2,20}\)|/[A-Za-z ]{2,10}/)\.?\s*(?:[-–—]{1,2}\s*|\.\s*)?"
    rf"|^{_CAPS_PLACE}(?:,\s+{_PLACE})?(?:,\s+{_DAY})?\s+[-–—]{{1,2}}\s+"
)


def split_sentences(text: str, *, title: str | None = None) -> tuple[Sentence, ...]:
    """Split a text into sentences with exact offsets, marking those that are not story.

    Paragraphs are lines; pySBD splits each; glued sentences ("said.The") are split again.
    Site boilerplate (``kg/data/boilerplate.toml``: disclaimers, cookie notices, credits and
    everything after a closing disclaimer), repeated title lines, inline crossheads and
    datelines stay in the text but are marked ``story=False`` (or cut off the sentence start),
    so they yield no facts.

    Args:
        text: the article text.
        title: the article's title, whose repetitions in the body are not story.

    Returns:
        The sentences; none is empty, and ``text[s.start:s.end] == s.text`` for each.
    """
    from kg.extract.lexicon import lexicon

    lex = lexicon()
    folded_title = _fold(title) if title else None
    sentences: list[Sentence] = []
    stopped = False
    story_started = False
    after_duration = False
    for paragraph in re.finditer(r"[^\n]+", text):
        body = paragraph.group()
        stripped = body.strip()
        if not stripped:
            continue
        is_chrome = any(p.fullmatch(stripped) for p in lex.boilerplate_lines)
        if after_duration and looks_like_headline(stripped):
            is_chrome = True  # a video's title in a playlist ("01:06" then the title)
        after_duration = bool(lex.playlist_duration.fullmatch(stripped))
        if story_started and any(stripped.startswith(p) for p in lex.stop_prefixes):
            stopped = True
        if folded_title and _fold(stripped) == folded_title:
            is_chrome = True
        if story_started and _CROSSHEAD.fullmatch(stripped) and len(stripped.split()) <= _CROSSHEAD_WORDS:
            is_chrome = True  # a crosshead between paragraphs ("UN MISSION", "Elsewhere in the region")
        cursor = paragraph.start()
        for piece_start, piece in _pieces(text, paragraph.start(), paragraph.end()):
            start = piece_start
            story = not (stopped or is_chrome)
            if story and (_is_cookie_notice(piece) or any(p.fullmatch(piece) for p in lex.boilerplate_lines)):
                story = False
            if story and not story_started:
                dateline = _DATELINE.match(piece)
                if dateline and dateline.end() < len(piece) and dateline.group().strip():
                    start += dateline.end()
                    piece = piece[dateline.end() :]
            if story and cursor == paragraph.start() and re.fullmatch(r"[“\"][^”\"]{0,39}[^”\",][”\"]", piece):
                # a crosshead split off as a sentence of its own; not a quote its speaker's name follows ("“We have
                # 330 soldiers in south Lebanon,” Ireland's defence minister said": the comma hands it on)
                story = False
            if story and cursor == paragraph.start():
                heading = _HEADING.match(piece)
                if heading and len(piece) > heading.end() + 20:
                    sentences.append(
                        Sentence(
                            len(sentences),
                            start,
                            start + len(heading.group().rstrip()),
                            heading.group().rstrip(),
                            story=False,
                        )
                    )
                    start += heading.end()
                    piece = piece[heading.end() :]
            sentences.append(
                Sentence(index=len(sentences), start=start, end=start + len(piece), text=piece, story=story)
            )
            story_started = story_started or story
            cursor = start + len(piece)
    return tuple(sentences)


_COOKIE = re.compile(r"\b(cookies?|opt-out|privacy policy)\b", re.IGNORECASE)


def _is_cookie_notice(piece: str) -> bool:
    return bool(_COOKIE.search(piece)) and len(piece) < 400


def _pieces(text: str, begin: int, end: int) -> list[tuple[int, str]]:
    """Sentences of one paragraph as (offset, text), pySBD then glued-boundary splits, chrome cut off."""
    pieces: list[tuple[int, str]] = []
    cursor = begin
    for raw in _sbd_sentences(text[begin:end]):
        piece = raw.strip()
        if not piece:
            continue
        start = text.find(piece, cursor, end)
        if start < 0:  # pySBD changed the text (it should not with clean=False): fall back to the rest
            start = cursor
            piece = text[cursor:end].strip()
            if not piece:
                continue
            start = text.find(piece, cursor, end)
        cursor = start + len(piece)
        # "…Accept Read MoreNiamey, July 28": page chrome glued to the story's first words
        glued = [m.end() for m in re.finditer(r"Read More(?=[A-Z])", piece)]
        bounds = [0, *glued, *[m.start() for m in _GLUED.finditer(piece)], len(piece)]
        for a, b in zip(sorted(set(bounds)), sorted(set(bounds))[1:], strict=False):
            part = piece[a:b]
            lead = len(part) - len(part.lstrip())
            part = part.strip()
            if part:
                pieces.append((start + a + lead, part))
    return pieces


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _sbd_sentences(text: str) -> list[str]:
    """pySBD's sentences of a text, each with the whitespace after it, as ``Segmenter.segment`` gives them.

    ``segment`` finds each sentence in the text with a regular expression made from it, compiled anew for every
    sentence (none is ever met twice) and crowding pySBD's own expressions out of Python's cache of compiled
    ones; here each is found by plain string search, with the same rule: the first occurrence that ends past
    the previous sentence, and a sentence pySBD changed (not found as it is) is left out.
    """
    if not text:
        return []
    found: list[str] = []
    previous_end = 0
    for sentence in _segmenter().processor(text).process():
        at = text.find(sentence)
        while at >= 0:
            end = at + len(sentence)
            while end < len(text) and text[end].isspace():
                end += 1
            if end > previous_end:
                found.append(text[at:end])
                previous_end = end
                break
            at = text.find(sentence, end if end > at else at + 1)
    return found


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


@lru_cache(maxsize=1)
def _tool_versions() -> tuple[tuple[str, str], ...]:
    from kg.extract.nlp import model_version, pipeline

    pipeline()
    model, model_release = model_version()
    return (("kg", version("kg")), ("pysbd", version("pysbd")), ("spacy", version("spacy")), (model, model_release))
