"""The SPARQL 1.1 Protocol's result formats, and content negotiation over them.

Kept apart from :mod:`kg.serve` so that a query worker process can use them without loading the
web framework.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.errors import KgError


class NotAcceptable(KgError):
    """No representation the client accepts can be produced (HTTP 406)."""


#: Media types for SELECT/ASK results, in the server's order of preference.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media types for CONSTRUCT/DESCRIBE results, in the server's order of preference.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: Values of the ``format`` parameter → media type, per kind of result.
RESULT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_ALIASES = {
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "json": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """Pick the offered media type the client prefers, honouring q-values and wildcards.

    Args:
        accept: the ``Accept`` header (``None`` or empty accepts anything).
        offered: media types the server can produce, in its own order of preference.

    Returns:
        The chosen media type, or ``None`` when the client accepts none of them.
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, str, float]] = []
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0] or "/" not in parts[0]:
            continue
        kind, _, sub = parts[0].lower().partition("/")
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q))
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for order, media in enumerate(offered):
        kind, _, sub = media.partition("/")
        quality, specificity = -1.0, -1
        for r_kind, r_sub, q in ranges:
            if r_kind == kind and r_sub == sub:
                level = 2
            elif r_kind == kind and r_sub == "*":
                level = 1
            elif r_kind == "*" and r_sub == "*":
                level = 0
            else:
                continue
            if level > specificity:
                quality, specificity = q, level
        if quality > 0 and (best is None or quality > best[0]):
            best, chosen = (quality, order), media
    return chosen


def choose(fmt: str | None, accept: str | None, types: Mapping[str, object], aliases: Mapping[str, str]) -> str:
    if fmt:
        media = aliases.get(fmt.lower(), fmt.lower())
        if media not in types:
            raise NotAcceptable(f"format {fmt!r} is not available for this query; use one of: {', '.join(aliases)}")
        return media
    negotiated = negotiate(accept, list(types))
    if negotiated is None:
        raise NotAcceptable(
            f"none of the accepted types ({accept}) can be produced for this query; available: {', '.join(types)}"
        )
    return negotiated
