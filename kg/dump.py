"""Dumps: the whole store in a standard RDF serialisation.

Quad formats (N-Quads, TriG) keep every named graph; triple formats (Turtle, N-Triples,
JSON-LD) hold the union of all graphs, as the endpoint's default graph does.
"""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from kg.store import Store

#: ``--format`` values → (Oxigraph format, whether it keeps named graphs).
DUMP_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
}


def dump(store: Store, output: IO[bytes], *, format: str = "nq") -> None:
    """Write the store to a binary stream.

    Args:
        store: the store.
        output: where to write.
        format: one of :data:`DUMP_FORMATS`.

    Raises:
        ValueError: unknown format.
    """
    if format not in DUMP_FORMATS:
        raise ValueError(f"unknown dump format {format!r}; use one of {', '.join(DUMP_FORMATS)}")
    rdf_format, quads = DUMP_FORMATS[format]
    if quads:
        store.dump(output, format=rdf_format)
        return
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    result.serialize(output, format=rdf_format)
