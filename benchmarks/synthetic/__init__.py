"""Synthetic news articles in kg's model, for benchmarks: the world a seed fixes, the articles written in it.

``world`` draws the background (states by frequency, senders of forces, coups); ``story`` writes one body
with exact offsets and records kg's reading of it; ``claims`` and ``background`` are its paragraphs;
``article`` assembles one article. ``benchmarks/generate.py`` maps the articles with kg and writes N-Quads.
"""

from synthetic.article import tool_versions, write_article
from synthetic.world import World, load_words

__all__ = ["World", "load_words", "tool_versions", "write_article"]
