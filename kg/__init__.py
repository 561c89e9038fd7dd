"""kg: news articles about armed conflict and politics → a validated RDF knowledge graph, served over SPARQL.

The pipeline, one module per stage: :mod:`kg.read` → :mod:`kg.extract` → :mod:`kg.map` →
:mod:`kg.validate` → :mod:`kg.store` → :mod:`kg.serve`; :mod:`kg.load` runs the first five
over files, :mod:`kg.cli` is the ``kg`` command.

The names below are imported on first use, so that a process needing one part (a query worker,
``kg query``) does not load the others (spaCy, SHACL, the web framework).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "LoadReport": "kg.load",
    "Loader": "kg.load",
    "Settings": "kg.settings",
    "Store": "kg.store",
    "create_app": "kg.serve",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
