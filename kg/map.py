"""Stage 3, map: an :class:`~kg.extract.Extraction` → the article's RDF graph.

IRIs are minted under one configurable base (:class:`Iris`) and derived from content only, so a
reload mints the same ones and the same article always maps to the same triples. No blank nodes
are used: every node has an IRI, which keeps the N-Quads of an article byte-for-byte stable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

from kg.extract import Extraction
from kg.extract.dates import TimeValue
from kg.extract.facts import Reading, TextSpan
from kg.extract.quantities import Quantity
from kg.settings import ONTOLOGY_IRI, ONTOLOGY_NS

KG = Namespace(ONTOLOGY_NS)
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

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
    def gazetteer_graph(self) -> URIRef:
        """The named graph holding the gazetteer: the known actors and places (written by ``kg load``)."""
        return URIRef(f"{self.base}graph/gazetteer")

    @property
    def links_graph(self) -> URIRef:
        """The named graph of the Wikidata links a person accepted (``links.toml``, written by ``kg load``)."""
        return URIRef(f"{self.base}graph/links")

    @property
    def store_graph(self) -> URIRef:
        """The named graph recording the base IRI the store was built with (``void:uriSpace``, by ``kg load``)."""
        return URIRef(f"{self.base}graph/store")

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
    map_reading(graph, extraction.reading, iris, article.id, run)
    return graph


# -- what was read: actors, statements, events -----------------------------------------------------

#: Speech act notation → individual; stance; deployment status; change kind; quantity qualifier.
SPEECH_ACTS = {
    n: KG[n.capitalize()]
    for n in (
        "said", "denied", "condemned", "accused", "insisted", "pledged",
        "suggested", "announced", "assessed", "claimed", "warned",
    )
}  # fmt: skip
STANCES = {"affirms": KG.Affirms, "denies": KG.Denies}
STATUSES = {
    n: KG[f"Status{n.capitalize()}"]
    for n in ("reported", "alleged", "confirmed", "denied", "planned", "withdrawn", "considered")
}
OUTCOMES = {n: KG[f"Outcome{n.capitalize()}"] for n in ("succeeded", "failed", "unknown")}
CERTAINTIES = {n: KG[f"Certainty{n.capitalize()}"] for n in ("stated", "hedged", "alleged")}
CHANGE_KINDS = {n: KG[n.capitalize()] for n in ("reduction", "withdrawal", "intervention", "reinforcement")}
QUALIFIERS = {
    "exact": KG.Exact,
    "approximate": KG.Approximate,
    "range": KG.Range,
    "vague": KG.Vague,
    "at-most": KG.AtMost,
    "at most": KG.AtMost,
    "at-least": KG.AtLeast,
    "at least": KG.AtLeast,
}
PRECISIONS = {
    "day": KG.PrecisionDay,
    "month": KG.PrecisionMonth,
    "year": KG.PrecisionYear,
    "decade": KG.PrecisionDecade,
}


def map_entities(iris: Iris, wikidata_classes: Mapping[str, str] | None = None) -> Graph:
    """The gazetteer as RDF: every known actor and place with its class, names and Wikidata link.

    Stored once, as the named graph ``iris.entities_graph``; article graphs refer to these IRIs.

    Args:
        iris: the IRI minter.
        wikidata_classes: kg class name → the Wikidata class the ontology says it matches exactly
            (``Person`` → ``Q5``); a linked entity of such a class also gets ``wdt:P31`` that class,
            so a federated query can select it the way it would in Wikidata.
    """
    from kg.extract.gazetteer import gazetteer

    graph = new_graph()
    gaz = gazetteer()
    for entry in gaz.entries.values():
        node = iris.entity(entry.id)
        graph.add((node, RDF.type, KG[entry.cls]))
        graph.add((node, RDFS.label, Literal(entry.label)))
        for alias in sorted(set(entry.aliases) - {entry.label}):
            graph.add((node, SKOS.altLabel, Literal(alias)))
        if entry.wikidata:
            graph.add((node, SKOS.exactMatch, WD[entry.wikidata]))
            item_class = (wikidata_classes or {}).get(entry.cls)
            if item_class:
                graph.add((node, WDT.P31, WD[item_class]))
        if entry.country and entry.country in gaz.entries and not entry.is_place:
            graph.add((node, KG.country, iris.entity(entry.country)))
        located = entry.located_in or (entry.country if entry.is_place else None)
        if located and located in gaz.entries:
            graph.add((node, KG.locatedIn, iris.entity(located)))
    return graph


class _Writer:
    """Adds one article's reading to its graph, minting content-derived IRIs."""

    def __init__(self, graph: Graph, iris: Iris, article_id: str, run: URIRef) -> None:
        self.graph = graph
        self.iris = iris
        self.article_id = article_id
        self.article = iris.article(article_id)
        self.run = run
        self.minted: dict[URIRef, str] = {}

    def unique(self, node: URIRef, fact: object) -> URIRef:
        """``node`` for ``fact``, or a sibling IRI when another fact was already given ``node``.

        Two readings that would share an IRI are merged when they are the same fact, and minted
        apart (``…-2``, ``…-3``, in reading order, so still deterministic) when they differ: one
        node never holds two facts' values (two statuses, two dates) and breaks the shapes.
        """
        key = repr(fact)
        candidate, n = node, 1
        while candidate in self.minted and self.minted[candidate] != key:
            n += 1
            candidate = URIRef(f"{node}-{n}")
        self.minted[candidate] = key
        return candidate

    def actor(self, key: str) -> URIRef:
        if key.startswith("local:"):
            return self.iris.entity(key.removeprefix("local:"), article_id=self.article_id)
        return self.iris.entity(key)

    def span(self, span: TextSpan) -> URIRef:
        node = self.iris.span(self.article_id, span.start, span.end)
        g = self.graph
        g.add((node, RDF.type, KG.TextSpan))
        g.add((node, NIF.beginIndex, Literal(span.start, datatype=XSD.integer)))
        g.add((node, NIF.endIndex, Literal(span.end, datatype=XSD.integer)))
        g.add((node, NIF.anchorOf, Literal(span.text)))
        g.add((node, NIF.referenceContext, self.article))
        return node

    def time(self, value: TimeValue) -> URIRef:
        node = URIRef(f"{self.iris.base}time/{self.article_id}/{value.value}-{digest(value.text, value.precision)[:6]}")
        g = self.graph
        g.add((node, RDF.type, KG.Time))
        g.add((node, KG.value, Literal(value.value, datatype=XSD[value.datatype])))
        g.add((node, KG.precision, PRECISIONS[value.precision]))
        g.add((node, KG.earliest, Literal(value.earliest.isoformat(), datatype=XSD.date)))
        g.add((node, KG.latest, Literal(value.latest.isoformat(), datatype=XSD.date)))
        if value.text:
            g.add((node, KG.originalText, Literal(value.text)))
        return node

    def quantity(self, quantity: Quantity) -> URIRef:
        node = URIRef(f"{self.iris.base}quantity/{self.article_id}/{quantity.start}-{quantity.end}")
        g = self.graph
        g.add((node, RDF.type, KG.Quantity))
        if quantity.min is not None:
            g.add((node, KG.min, Literal(quantity.min, datatype=XSD.integer)))
        if quantity.max is not None:
            g.add((node, KG.max, Literal(quantity.max, datatype=XSD.integer)))
        g.add((node, KG.qualifier, QUALIFIERS[quantity.qualifier]))
        if quantity.unit:
            g.add((node, KG.unit, Literal(quantity.unit)))
        g.add((node, KG.originalText, Literal(quantity.text)))
        return node

    def provenance(self, node: URIRef, *spans: TextSpan) -> None:
        for span in spans:
            self.graph.add((node, KG.evidence, self.span(span)))
        self.graph.add((node, PROV.wasDerivedFrom, self.article))
        self.graph.add((node, PROV.wasGeneratedBy, self.run))

    def event(self, kind: str, *parts: str) -> URIRef:
        return URIRef(f"{self.iris.base}event/{digest(self.article_id, kind, *parts)}")


def map_reading(graph: Graph, reading: Reading, iris: Iris, article_id: str, run: URIRef) -> None:
    """Add an article's actors, statements and events to its graph."""
    from kg.extract.gazetteer import gazetteer

    w = _Writer(graph, iris, article_id, run)
    g = graph
    actors = {a.key: a for a in reading.actors}

    def label(key: str) -> str:
        return actors[key].label if key in actors else key

    for mention in reading.mentions:  # where the text names each actor
        g.add((w.actor(mention.actor), KG.mention, w.span(mention.span)))
    for actor in reading.actors:
        node = w.actor(actor.key)
        g.add((node, KG.mentionedIn, w.article))
        if not actor.local:
            continue
        g.add((node, RDF.type, KG[actor.cls]))
        g.add((node, RDFS.label, Literal(actor.label)))
        if actor.description:
            g.add((node, SCHEMA.description, Literal(actor.description)))
        if actor.role_noun:
            g.add((node, KG.roleNoun, Literal(actor.role_noun)))
        for prop, key in (
            (KG.affiliation, actor.affiliation),
            (KG.nationality, actor.nationality),
            (KG.country, actor.country),
        ):
            if key and (key in actors or key in gazetteer().entries):
                g.add((node, prop, w.actor(key)))

    deployments: list[URIRef] = []
    for d in reading.deployments:
        node = w.unique(w.event("deployment", d.force, str(d.span.start), str(d.span.end), *d.claimed_by), d)
        deployments.append(node)
        g.add((node, RDF.type, KG.Deployment))
        force_label = label(d.force)
        g.add((node, RDFS.label, Literal(f"{force_label} ({d.role or 'force'}), {d.status}")))
        g.add((node, KG.force, w.actor(d.force)))
        if d.sending_state:
            g.add((node, KG.sendingState, w.actor(d.sending_state)))
        if d.host:
            g.add((node, KG.hostCountry, w.actor(d.host)))
        for place in d.places:
            g.add((node, KG.place, w.actor(place)))
        if d.size is not None:
            g.add((node, KG.size, w.quantity(d.size)))
        if d.role:
            g.add((node, KG.role, Literal(d.role)))
        if d.named:
            g.add((node, KG.forceText, Literal(d.named)))
        g.add((node, KG.status, STATUSES[d.status]))
        for claimant in d.claimed_by:
            g.add((node, KG.claimedBy, w.actor(claimant)))
        if d.date is not None:
            g.add((node, KG.date, w.time(d.date)))
        w.provenance(node, d.span, *d.more)

    statement_nodes: list[URIRef] = []
    for s in reading.statements:
        minted = digest(article_id, s.speaker, s.act, s.verb, str(s.span.start), str(s.span.end))
        # where the words stand is no part of the fact: the same statement read twice is one node, with both spans
        fact = replace(s, about=(), pledges=(), verb_span=None, speaker_span=None)
        node = w.unique(URIRef(f"{iris.base}statement/{minted}"), fact)
        g.add((node, RDF.type, KG.Statement))
        statement_nodes.append(node)
        g.add((node, KG.speaker, w.actor(s.speaker)))
        g.add((node, KG.speechAct, SPEECH_ACTS[s.act]))
        if s.content:
            g.add((node, KG.content, Literal(s.content)))
        for quote in s.quotes:
            g.add((node, KG.quote, Literal(quote.text)))
            g.add((node, KG.quoteSpan, w.span(quote)))
        if s.verb_span is not None:
            g.add((node, KG.verbSpan, w.span(s.verb_span)))
        if s.speaker_span is not None:
            g.add((node, KG.speakerSpan, w.span(s.speaker_span)))
        if s.date is not None:
            g.add((node, KG.date, w.time(s.date)))
        if s.channel:
            g.add((node, KG.channel, w.actor(s.channel)))
        if s.relayed_by:
            g.add((node, KG.relayedBy, w.actor(s.relayed_by)))
        for index in s.about:
            g.add((node, KG.about, deployments[index]))
        if s.stance:
            g.add((node, KG.stance, STANCES[s.stance]))
        w.provenance(node, s.span)

    elections: list[URIRef] = []
    for e in reading.elections:
        node = w.unique(w.event("election", e.country, e.date.value if e.date else "", str(e.span.start)), e)
        elections.append(node)
        g.add((node, RDF.type, KG.Election))
        when = f", pledged for {e.date.value}" if e.date and e.status == "planned" else ""
        g.add((node, RDFS.label, Literal(f"Elections in {label(e.country)}{when}")))
        g.add((node, KG.country, w.actor(e.country)))
        g.add((node, KG.status, STATUSES[e.status]))
        if e.date is not None:
            g.add((node, KG.date, w.time(e.date)))
        w.provenance(node, e.span)
    for s, node in zip(reading.statements, statement_nodes, strict=True):
        for index in s.pledges:
            g.add((node, KG.about, elections[index]))

    for c in reading.coups:
        node = w.unique(w.event("coup", c.country, c.date.value), c)
        for e, election in zip(reading.elections, elections, strict=True):
            if e.disrupted_by == (c.country, c.date.value[:7]):
                g.add((node, KG.disrupts, election))
        g.add((node, RDF.type, KG.Coup))
        country = label(c.country)
        g.add((node, RDFS.label, Literal(f"Coup in {country}, {c.date.value}")))
        g.add((node, KG.country, w.actor(c.country)))
        g.add((node, KG.date, w.time(c.date)))
        for leader in c.leaders:
            g.add((node, KG.leader, w.actor(leader)))
        for ousted in c.ousted:
            g.add((node, KG.ousted, w.actor(ousted)))
        if c.ordinal:
            g.add((node, KG.ordinal, Literal(c.ordinal, datatype=XSD.integer)))
        if c.de_facto:
            g.add((node, KG.deFacto, Literal(True)))
        if c.leader_hedged:
            g.add((node, KG.leaderHedged, Literal(True)))
        g.add((node, KG.outcome, OUTCOMES[c.outcome]))
        if c.outcome != "unknown":
            g.add((node, KG.successful, Literal(c.outcome == "succeeded")))
        g.add((node, KG.certainty, CERTAINTIES[c.certainty]))
        w.provenance(node, *c.spans)

    for t in reading.troop_changes:
        node = w.unique(w.event("troop-change", t.force, t.kind, str(t.span.start)), t)
        g.add((node, RDF.type, KG.TroopChange))
        g.add((node, RDFS.label, Literal(f"{t.kind.capitalize()} of {label(t.force)}")))
        g.add((node, KG.force, w.actor(t.force)))
        g.add((node, KG.changeKind, CHANGE_KINDS[t.kind]))
        if t.place:
            g.add((node, KG.place, w.actor(t.place)))
        if t.host:
            g.add((node, KG.hostCountry, w.actor(t.host)))
        if t.from_size is not None:
            g.add((node, KG.fromSize, w.quantity(t.from_size)))
        if t.to_size is not None:
            g.add((node, KG.toSize, w.quantity(t.to_size)))
        if t.date is not None:
            g.add((node, KG.date, w.time(t.date)))
        if t.target_date is not None:
            g.add((node, KG.targetDate, w.time(t.target_date)))
        w.provenance(node, t.span)

    for h in reading.handovers:
        node = w.unique(w.event("base-handover", h.from_actor, str(h.span.start), *h.places), h)
        g.add((node, RDF.type, KG.BaseHandover))
        g.add((node, RDFS.label, Literal(f"Base handover by {label(h.from_actor)}")))
        g.add((node, KG.fromActor, w.actor(h.from_actor)))
        if h.to_actor:
            g.add((node, KG.toActor, w.actor(h.to_actor)))
        if h.count:
            g.add((node, KG.baseCount, Literal(h.count, datatype=XSD.integer)))
        for place in h.places:
            g.add((node, KG.place, w.actor(place)))
        if h.region:
            g.add((node, KG.region, w.actor(h.region)))
        if h.date is not None:
            g.add((node, KG.date, w.time(h.date)))
        w.provenance(node, h.span, *h.more)

    for k in reading.conflicts:
        node = w.unique(w.event("conflict", k.label, str(k.span.start)), k)
        g.add((node, RDF.type, KG.Conflict))
        g.add((node, RDFS.label, Literal(k.label)))
        if k.region:
            g.add((node, KG.region, w.actor(k.region)))
        if k.start is not None:
            g.add((node, KG.startDate, w.time(k.start)))
        for place in k.spread_to:
            g.add((node, KG.spreadTo, w.actor(place)))
        if k.spread_date is not None:
            g.add((node, KG.spreadDate, w.time(k.spread_date)))
        w.provenance(node, k.span)
