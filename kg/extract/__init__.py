"""Stage 2, extract: an :class:`~kg.read.Article` → :class:`Extraction` (sentences, and the facts read from them).

Sentences are split per paragraph (blank lines first) with pySBD, the rule-based splitter that
handles abbreviations and quotations in news text best, and each keeps its exact character
offsets into the article text. The extraction of actors, events and statements plugs in here as
further fields of :class:`Extraction`, so the stages after this one do not change shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

from kg.read import Article


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


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article.

    Attributes:
        article: the article it was read from.
        sentences: the article's sentences in order.
        tool: the software and version that made this extraction (recorded as the extraction run).
    """

    article: Article
    sentences: tuple[Sentence, ...]
    tool: tuple[tuple[str, str], ...]


def extract(article: Article) -> Extraction:
    """Read an article's sentences (and, as the extractor grows, its actors, events and statements).

    Args:
        article: the article.

    Returns:
        The extraction, deterministic for a given article text.
    """
    return Extraction(article=article, sentences=split_sentences(article.text), tool=_tool_versions())


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split a text into sentences with exact offsets: paragraphs on blank lines, then pySBD.

    Args:
        text: the article text.

    Returns:
        The sentences; none is empty, and ``text[s.start:s.end] == s.text`` for each.
    """
    sentences: list[Sentence] = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        cursor = paragraph.start()
        for piece in _segmenter().segment(paragraph.group()):
            piece = piece.strip()
            if not piece:
                continue
            start = text.find(piece, cursor, paragraph.end())
            if start < 0:  # pySBD changed the text (it should not with clean=False): fall back to the paragraph
                start = cursor
                piece = text[cursor : paragraph.end()].strip()
            end = start + len(piece)
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=piece))
            cursor = end
    return tuple(sentences)


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


@lru_cache(maxsize=1)
def _tool_versions() -> tuple[tuple[str, str], ...]:
    return (("kg", version("kg")), ("pysbd", version("pysbd")))
