"""kg: news articles about armed conflict and politics → a validated RDF knowledge graph, served over SPARQL.

The pipeline, one module per stage: :mod:`kg.read` → :mod:`kg.extract` → :mod:`kg.map` →
:mod:`kg.validate` → :mod:`kg.store` → :mod:`kg.serve`; :mod:`kg.load` runs the first five
over files, :mod:`kg.cli` is the ``kg`` command.
"""

from __future__ import annotations

from kg.load import Loader, LoadReport
from kg.serve import create_app
from kg.settings import Settings
from kg.store import Store

__all__ = ["LoadReport", "Loader", "Settings", "Store", "create_app"]
