"""Publishing the graph: dumps (streamed, optionally gzipped, byte-for-byte deterministic), the
JSON-LD ``@context``, and the VoID + DCAT description of the dataset.

Quad formats (N-Quads, TriG, JSON-LD) keep every named graph; triple formats (Turtle,
N-Triples) hold the union of all graphs, as the endpoint's default graph does. Every format is
written by Oxigraph straight from the store, except JSON-LD: Oxigraph writes expanded JSON-LD
only, so kg writes it itself, one graph and one subject at a time, compacted with the context
(:func:`jsonld_context`) that the endpoint also publishes at ``/dumps/context.jsonld``. The file
carries the context inline, so it reads back without a network.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDFS, VOID, XSD

from kg.store import Store

#: ``--format`` values → (media type, Oxigraph format, whether it keeps the named graphs).
DUMP_FORMATS: dict[str, tuple[str, ox.RdfFormat, bool]] = {
    "nq": ("application/n-quads", ox.RdfFormat.N_QUADS, True),
    "trig": ("application/trig", ox.RdfFormat.TRIG, True),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD, True),
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE, False),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES, False),
}

PREFIXES = {
    "kg": "https://kg.example.org/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "oa": "http://www.w3.org/ns/oa#",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}
#: DCAT 3 (rdflib's closed DCAT namespace predates dcat:version).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def dump(store: Store, output: IO[bytes], *, format: str = "nq", compress: bool = False) -> None:
    """Write the whole store to a binary stream, streaming (memory does not grow with the graph).

    Args:
        store: the store.
        output: where to write.
        format: one of :data:`DUMP_FORMATS`.
        compress: gzip the stream (deterministically: no file name, no time stamp).

    Raises:
        ValueError: unknown format.
    """
    if format not in DUMP_FORMATS:
        raise ValueError(f"unknown dump format {format!r}; use one of {', '.join(DUMP_FORMATS)}")
    if compress:
        with gzip.GzipFile(fileobj=output, mode="wb", filename="", mtime=0) as zipped:
            dump(store, zipped, format=format)  # type: ignore[arg-type]
        return
    _, rdf_format, quads = DUMP_FORMATS[format]
    if format == "jsonld":
        write_jsonld(store, output)
    elif quads:
        store.dump(output, format=rdf_format)
    else:
        result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert isinstance(result, ox.QueryTriples)
        result.serialize(output, format=rdf_format)


@lru_cache(maxsize=4)
def jsonld_context(ontology: Path) -> dict[str, Any]:
    """The JSON-LD context of kg data: the usual prefixes and one term per ontology class and property.

    Object properties map to ``{"@id": …, "@type": "@id"}``; datatype properties to their range
    datatype; classes to their IRI.
    """
    graph = Graph()
    graph.parse(ontology, format="turtle")
    context: dict[str, Any] = dict(PREFIXES)
    kg = PREFIXES["kg"]
    for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(kg)}):
        name = str(subject).removeprefix(kg)
        if not name or name in context:
            continue
        kinds = set(graph.objects(subject, RDF.type))
        if OWL.ObjectProperty in kinds:
            context[name] = {"@id": f"kg:{name}", "@type": "@id"}
        elif OWL.DatatypeProperty in kinds:
            ranges = [r for r in graph.objects(subject, RDFS.range) if isinstance(r, URIRef)]
            datatype = next((str(r) for r in ranges if str(r).startswith(str(XSD))), None)
            if datatype and datatype != _XSD_STRING:
                context[name] = {"@id": f"kg:{name}", "@type": f"xsd:{datatype.removeprefix(str(XSD))}"}
            else:
                context[name] = f"kg:{name}"
        elif OWL.Class in kinds or RDFS.Class in kinds:
            context[name] = f"kg:{name}"
    return context


def write_jsonld(store: Store, output: IO[bytes], context: dict[str, Any] | None = None) -> None:
    """Compact JSON-LD of every named graph, written one subject at a time.

    The document is ``{"@context": …, "@graph": [{"@id": <graph>, "@graph": [<nodes>]}, …]}``,
    graphs and subjects in the store's order, so the same store gives the same bytes.
    """
    from kg.settings import Settings

    context = context if context is not None else jsonld_context(Settings().ontology)
    terms = _terms(context)
    output.write(b'{"@context":')
    output.write(json.dumps(context, ensure_ascii=False, sort_keys=True).encode())
    output.write(b',"@graph":[')
    first_graph = True
    for graph in sorted(store.named_graphs()):
        nodes = _nodes(store, graph, terms)
        node = next(nodes, None)
        if node is None:
            continue
        output.write(b"" if first_graph else b",")
        first_graph = False
        output.write(b'{"@id":' + json.dumps(graph).encode() + b',"@graph":[')
        output.write(json.dumps(node, ensure_ascii=False).encode())
        for node in nodes:
            output.write(b",")
            output.write(json.dumps(node, ensure_ascii=False).encode())
        output.write(b"]}")
    output.write(b"]}\n")


def _terms(context: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Full IRI → (term, its @type coercion) for the context's terms."""

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return PREFIXES[prefix] + local if prefix in PREFIXES and not value.startswith("http") else value

    terms: dict[str, tuple[str, str | None]] = {}
    for term, definition in context.items():
        if term in PREFIXES:
            continue
        if isinstance(definition, str):
            terms.setdefault(expand(definition), (term, None))
        else:
            kind = definition.get("@type")
            terms.setdefault(expand(definition["@id"]), (term, expand(kind) if kind and kind != "@id" else kind))
    return terms


def _nodes(store: Store, graph: str, terms: dict[str, tuple[str, str | None]]) -> Iterator[dict[str, Any]]:
    """The node objects of one graph, one per subject, in the store's order."""
    current: ox.NamedNode | ox.BlankNode | None = None
    node: dict[str, Any] = {}
    for quad in store.quads(graph):
        if quad.subject != current:
            if current is not None:
                yield node
            current = quad.subject  # type: ignore[assignment]
            node = {"@id": _node_id(quad.subject)}
        predicate = quad.predicate.value
        if predicate == _RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            term = terms.get(quad.object.value)
            node.setdefault("@type", []).append(term[0] if term else quad.object.value)
            continue
        key, coercion = terms.get(predicate, (predicate, None))
        node.setdefault(key, []).append(_value(quad.object, coercion))
    if current is not None:
        yield node


def _node_id(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term.value)


def _value(term: Any, coercion: str | None) -> Any:
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return _node_id(term) if coercion == "@id" else {"@id": _node_id(term)}
    datatype = term.datatype.value
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if coercion is not None and coercion == datatype:
        return term.value
    if datatype == _XSD_STRING and coercion is None:
        return term.value
    return {"@value": term.value, "@type": datatype}


def description(store: Store, *, base: str, dumps: str, ontology: str, version: str, license: str) -> Graph:
    """The VoID and DCAT description of the dataset.

    Args:
        store: the store described.
        base: the base IRI of the data (``{base}entity/…``).
        dumps: the URL the dumps are served under (ending with ``/``).
        ontology: the ontology IRI.
        version: the kg version that built the dataset.
        license: the licence IRI of the dataset.
    """
    kg = Namespace(PREFIXES["kg"])
    graph = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("kg", kg)):
        graph.bind(prefix, namespace)
    dataset = URIRef(f"{dumps}void.ttl#dataset")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("kg: who reported what about armed conflict and politics in the Sahel")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Actors, coups, deployments and attributed statements extracted from news articles, "
                "each traced to the article and the sentence it came from."
            ),
        )
    )
    graph.add((dataset, DCTERMS.license, URIRef(license)))
    graph.add((dataset, DCAT.version, Literal(version)))
    graph.add((dataset, VOID.vocabulary, URIRef(ontology)))
    graph.add((dataset, DCTERMS.conformsTo, URIRef(ontology)))
    graph.add((dataset, VOID.uriSpace, Literal(base)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(f"{dumps.removesuffix('dumps/')}sparql")))
    counts = _counts(store, base)
    graph.add((dataset, VOID.triples, Literal(counts["triples"], datatype=XSD.integer)))
    graph.add((dataset, VOID.entities, Literal(counts["entities"], datatype=XSD.integer)))
    graph.add((dataset, VOID.distinctSubjects, Literal(counts["subjects"], datatype=XSD.integer)))
    graph.add((dataset, VOID.classes, Literal(len(counts["classes"]), datatype=XSD.integer)))
    graph.add((dataset, VOID.properties, Literal(counts["properties"], datatype=XSD.integer)))
    for cls, entities in sorted(counts["classes"].items()):
        partition = URIRef(f"{dumps}void.ttl#class-{_slug(cls)}")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(cls)))
        graph.add((partition, VOID.entities, Literal(entities, datatype=XSD.integer)))
    if counts["modified"]:
        graph.add((dataset, DCTERMS.modified, Literal(counts["modified"], datatype=XSD.dateTime)))
    graph.add((dataset, VOID.exampleResource, URIRef(f"{base}entity/mali")))
    for name, (media, _, _) in DUMP_FORMATS.items():
        for suffix, compressed in (("", False), (".gz", True)):
            url = f"{dumps}kg.{name}{suffix}"
            distribution = URIRef(url)
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCAT.downloadURL, distribution))
            graph.add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
            if compressed:
                graph.add(
                    (
                        distribution,
                        DCAT.compressFormat,
                        URIRef("https://www.iana.org/assignments/media-types/application/gzip"),
                    )
                )
            graph.add((distribution, DCTERMS.license, URIRef(license)))
            graph.add((dataset, VOID.dataDump, distribution))
    context = URIRef(f"{dumps}context.jsonld")
    graph.add((dataset, DCTERMS.relation, context))
    graph.add((context, DCTERMS.description, Literal("The JSON-LD @context of the JSON-LD dump and pages.")))
    return graph


def _slug(iri: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]) or "class"


def _counts(store: Store, base: str) -> dict[str, Any]:
    def scalar(query: str) -> int:
        (row,) = list(store.query(query))  # type: ignore[arg-type]
        return int(row[0].value)

    classes: dict[str, int] = {}
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):  # type: ignore[union-attr]
        classes[row["c"].value] = int(row["n"].value)
    stamp = store.modified()
    modified = datetime.fromtimestamp(stamp, UTC).replace(microsecond=0).isoformat() if stamp else None
    return {
        "triples": len(store),
        "subjects": scalar("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "properties": scalar("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        "entities": scalar(
            f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c . FILTER STRSTARTS(STR(?s), "{base}entity/") }}'
        ),
        "classes": classes,
        "modified": modified,
    }
