"""Stage 3, map: an :class:`~kg.extract.Extraction` → the article's RDF graph.

IRIs are minted under one configurable base (:class:`Iris`) and derived from content only, so a
reload mints the same ones and the same article always maps to the same triples. No blank nodes
are used: every node has an IRI, which keeps the N-Quads of an article byte-for-byte stable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

from kg.extract import Extraction
from kg.settings import ONTOLOGY_IRI, ONTOLOGY_NS

KG = Namespace(ONTOLOGY_NS)
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes bound on every graph kg writes.
PREFIXES = {
    "kg": KG,
    "schema": SCHEMA,
    "nif": NIF,
    "prov": PROV,
    "skos": SKOS,
    "wd": WD,
}


def slug(text: str) -> str:
    """A lowercase ASCII slug: ``"Assimi Goïta"`` → ``"assimi-goita"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def digest(*parts: str) -> str:
    """16 hex digits identifying the given parts (for content-derived IRIs)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Iris:
    """Mints every IRI of the data under one base.

    Attributes:
        base: the base IRI, ending with ``/``.
    """

    base: str

    def article(self, article_id: str) -> URIRef:
        """The article resource."""
        return URIRef(f"{self.base}article/{article_id}")

    def article_graph(self, article_id: str) -> URIRef:
        """The named graph holding everything read from one article."""
        return URIRef(f"{self.base}graph/article/{article_id}")

    def file_graph(self, name: str) -> URIRef:
        """The named graph for the triples of an RDF file loaded as is."""
        return URIRef(f"{self.base}graph/file/{slug(name)}")

    @property
    def entities_graph(self) -> URIRef:
        """The named graph of canonical actors and places."""
        return URIRef(f"{self.base}graph/entities")

    @property
    def ontology_graph(self) -> URIRef:
        """The named graph holding the ontology (its IRI does not follow the base)."""
        return URIRef(ONTOLOGY_IRI)

    def entity(self, name: str, *, article_id: str | None = None) -> URIRef:
        """A canonical entity, or one local to an article (anonymous sources, groups)."""
        scope = f"{article_id}/" if article_id else ""
        return URIRef(f"{self.base}entity/{scope}{slug(name)}")

    def span(self, article_id: str, start: int, end: int) -> URIRef:
        """A span of an article's text."""
        return URIRef(f"{self.base}span/{article_id}/{start}-{end}")

    def run(self, tool: tuple[tuple[str, str], ...]) -> URIRef:
        """The extraction run of a given tool chain."""
        return URIRef(f"{self.base}run/{digest(*(f'{n}={v}' for n, v in tool))}")


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def map_extraction(extraction: Extraction, iris: Iris) -> Graph:
    """The RDF graph of one article: the article, its sentences, and what was extracted.

    Args:
        extraction: the extraction of one article.
        iris: the IRI minter.

    Returns:
        The article's graph (to be stored as the named graph ``iris.article_graph(article.id)``).
    """
    article = extraction.article
    graph = new_graph()
    node = iris.article(article.id)
    graph.add((node, RDF.type, KG.Article))
    graph.add((node, SCHEMA.identifier, Literal(article.id)))
    graph.add((node, SCHEMA.articleBody, Literal(article.text)))
    graph.add((node, SCHEMA.inLanguage, Literal(article.language)))
    if article.title:
        graph.add((node, SCHEMA.headline, Literal(article.title)))
    if article.url:
        graph.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.published:
        graph.add((node, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)))
    for prop, name, cls in (
        (SCHEMA.publisher, article.publisher, KG.Organisation),
        (KG.agency, article.agency, KG.NewsAgency),
    ):
        if name:
            org = iris.entity(name)
            graph.add((node, prop, org))
            graph.add((org, RDF.type, cls))
            graph.add((org, RDFS.label, Literal(name)))

    run = iris.run(extraction.tool)
    graph.add((run, RDF.type, KG.ExtractionRun))
    for name, version in extraction.tool:
        if name == "kg":
            graph.add((run, KG.tool, Literal(name)))
            graph.add((run, KG.toolVersion, Literal(version)))
        else:
            graph.add((run, KG.model, Literal(f"{name} {version}")))
    graph.add((iris.article_graph(article.id), PROV.wasGeneratedBy, run))

    for sentence in extraction.sentences:
        span = iris.span(article.id, sentence.start, sentence.end)
        graph.add((span, RDF.type, KG.Sentence))
        graph.add((span, KG["index"], Literal(sentence.index, datatype=XSD.integer)))
        graph.add((span, NIF.beginIndex, Literal(sentence.start, datatype=XSD.integer)))
        graph.add((span, NIF.endIndex, Literal(sentence.end, datatype=XSD.integer)))
        graph.add((span, NIF.anchorOf, Literal(sentence.text)))
        graph.add((span, NIF.referenceContext, node))
    return graph
