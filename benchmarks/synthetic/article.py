"""An article of the synthetic world: a lede, then weighted paragraphs up to a drawn length, then site chrome;
with its metadata (date, outlet, agency, headline, URL) and kg's reading of it, as an
:class:`~kg.extract.Extraction` that :func:`kg.map.map_extraction` turns into the article's graph."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kg.extract import Extraction
from kg.map import slug
from kg.read import Article, article_id
from synthetic.background import (
    boilerplate,
    coup_background,
    filler,
    handover,
    insurgency,
    junta,
    peacekeepers,
    troops,
    withdrawal,
)
from synthetic.claims import (
    accusation,
    assessment,
    both_forces,
    condemnation,
    denial,
    insistence,
    lede,
    named_quote,
    quoted_presence,
    relayed,
    sender_claim,
    sized_claim,
    warning,
)
from synthetic.story import Force, Story, capital_first
from synthetic.world import World

#: The paragraphs an article is made of after its lede, with their weights.
PARAGRAPHS: tuple[tuple[Callable[[Story, Force], None], int], ...] = (
    (sized_claim, 6),
    (quoted_presence, 4),
    (condemnation, 4),
    (denial, 7),
    (insistence, 4),
    (both_forces, 3),
    (assessment, 3),
    (accusation, 3),
    (sender_claim, 2),
    (named_quote, 5),
    (warning, 3),
    (relayed, 3),
    (troops, 3),
    (withdrawal, 2),
    (handover, 2),
    (insurgency, 3),
    (coup_background, 5),
    (junta, 3),
    (peacekeepers, 1),
    (filler, 5),
)


#: Paragraphs an article may have more than once.
REPEATABLE = (filler, sized_claim, coup_background)


def tool_versions() -> tuple[tuple[str, str], ...]:
    """The tool chain recorded as the extraction run, read from package metadata (no model is loaded)."""
    from kg.extract.nlp import DEFAULT_MODEL

    found = []
    for name, distribution in (("kg", "kg"), ("pysbd", "pysbd"), ("spacy", "spacy"), (DEFAULT_MODEL, DEFAULT_MODEL)):
        try:
            found.append((name, version(distribution)))
        except PackageNotFoundError:
            found.append((name, "unknown"))
    return tuple(found)


def write_article(world: World, seed: int, index: int, tool: tuple[tuple[str, str], ...]) -> Extraction:
    """Invent article number ``index`` of a seed: its text, metadata and kg's reading of it.

    Each article has its own random source, seeded by the seed and its index, so any article can be
    made alone and the output does not depend on the process (``random.Random`` hashes a string seed
    with SHA-512, not with the per-process ``hash``).
    """
    rng = random.Random(f"{seed}/article/{index}")
    first, last = world.words["period"]["first"], world.words["period"]["last"]
    published = first + timedelta(days=int((last - first).days * rng.random() ** 0.6))  # later years more often
    story = Story(world, rng, world.state(rng), published)
    main = story.force()
    write_body(story, main)
    return Extraction(
        article=describe(story, main, index), sentences=tuple(story.sentences), tool=tool, reading=story.reading()
    )


def write_body(story: Story, main: Force) -> None:
    """A dateline now and then, the lede, weighted paragraphs up to a drawn length, and site chrome sometimes."""
    rng = story.rng
    if rng.random() < 0.2:
        story.write(f"{story.world.capital(story.host).upper()}, {story.published:%b} {story.published.day} — ")
    lede(story, main)
    weights = list(itertools.accumulate(w for _, w in PARAGRAPHS))
    length = rng.randint(2000, 5000)  # characters: a short dispatch to a long feature
    used: list[Callable[[Story, Force], None]] = []
    for _ in range(60):
        if len(story.body) >= length:
            break
        paragraph = rng.choices(PARAGRAPHS, cum_weights=weights)[0][0]
        if paragraph in used and paragraph not in REPEATABLE:
            continue
        used.append(paragraph)
        paragraph(story, main)
    if rng.random() < 0.3:
        boilerplate(story)


def describe(story: Story, main: Force, index: int) -> Article:
    """The article's metadata: outlet, agency, headline and URL (its id is the URL's digest, as kg reads it)."""
    world, rng = story.world, story.rng
    outlets = world.words["outlets"]
    publisher = rng.choice(outlets["publishers"])
    publisher = world.gaz.entries[publisher].label if publisher in world.gaz.entries else publisher
    agency = world.gaz.entries[rng.choice(outlets["agencies"])].label
    verb = rng.choice(("arrive in", "deployed to", "reported in"))
    title = f"{capital_first(main.named)} {verb} {world.gaz.entries[story.host].label}"
    section = rng.choice(outlets["sections"])
    url = f"https://news.example/{slug(publisher)}/{section}/{story.published:%Y/%m/%d}/{slug(title)}-{index}"
    return Article(
        id=article_id(url, story.body),
        path=Path(f"synthetic/{index:07d}.txt"),
        text=story.body,
        title=title,
        url=url,
        publisher=publisher,
        agency=agency,
        published=story.published,
    )
