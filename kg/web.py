"""The graph on the Web: dumps, the dataset description, Linked Data pages, the ontology and the
Graph Store Protocol (read), as routes of the endpoint application (:func:`kg.serve.create_app`).

* ``/dumps/`` lists the dumps; ``/dumps/kg.{nq,trig,jsonld,ttl,nt}`` streams one (``.gz`` for a
  gzipped copy), ``/dumps/void.ttl`` describes the dataset (VoID + DCAT), and
  ``/dumps/context.jsonld`` is the JSON-LD context. ``/.well-known/void`` redirects to the
  description, as VoID advises.
* Every IRI the graph mints under its base (``KG_BASE_IRI``) dereferences here by its path:
  ``/entity/mali`` answers HTML to a browser (the entity, its types, labels, Wikidata link, and
  the events and statements it takes part in, each with its sentence and article) and Turtle,
  JSON-LD, N-Triples or RDF/XML by ``Accept`` (content negotiation, ``Vary: Accept``, one URL per
  thing, as the Cool URIs note allows).
* ``/ontology`` is the ontology: Turtle, or HTML documentation made by pyLODE.
* ``/rdf-graphs/service?graph=IRI`` (or ``?default``) returns one graph (SPARQL 1.1 Graph Store
  HTTP Protocol, read only).
"""

from __future__ import annotations

import html
import queue
import re
import threading
from collections.abc import AsyncIterator, Callable
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import anyio.to_thread
import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from rdflib import Graph

from kg.errors import KgError, QueryError
from kg.formats import GRAPH_ALIASES, GRAPH_TYPES
from kg.publish import DUMP_FORMATS, description, dump, jsonld_context
from kg.settings import ONTOLOGY_IRI, ONTOLOGY_NS, Settings
from kg.store import Store

if TYPE_CHECKING:
    from kg.load import Loader

#: Representations of a resource or a graph, in the server's order of preference for browsers.
PAGE_TYPES: dict[str, ox.RdfFormat | None] = {
    "text/html": None,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: Representations of one graph: those of a CONSTRUCT result.
GRAPH_STORE_TYPES = {media: fmt for media, fmt in GRAPH_TYPES.items() if media != "text/plain"}
_SUFFIXES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".html": "text/html",
}
ONTOLOGY_TYPES = [media for media in PAGE_TYPES if media != "text/plain"]
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KG_ARTICLE = ONTOLOGY_NS + "Article"
#: How an entity names its own Wikidata item; ``wdt:P31`` (instance of) names its class instead.
_SAME_AS = ("http://www.w3.org/2004/02/skos/core#exactMatch", "http://www.w3.org/2002/07/owl#sameAs")
_WIKIDATA_CLASS = "http://www.wikidata.org/prop/direct/P31"
_INCOMING_LIMIT = 2000
#: Values of the ``format`` parameter of pages and graphs: the protocol's, and "html" and "rdf".
_PAGE_ALIASES = {**GRAPH_ALIASES, "html": "text/html", "rdf": "application/rdf+xml"}


#: What an IRI may not contain (SPARQL's IRIREF): a path with these is no IRI the graph can hold.
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\s]')


def _checked(iri: str) -> str:
    """``iri`` if it can be written between angle brackets in a query; else nothing is known of it."""
    if _NOT_IN_IRI.search(iri) or ":" not in iri:
        raise NotFound(f"not an IRI: {iri[:200]!r}")
    return iri


class NotFound(KgError):
    """Nothing is known under this IRI or path (HTTP 404)."""


def add_routes(app: FastAPI) -> None:
    """Add the dump, description, Linked Data, ontology and graph store routes to ``app``."""
    app.add_api_route("/dumps/", dumps_index, methods=["GET", "HEAD"], name="dumps")
    app.add_api_route("/dumps/void.ttl", void, methods=["GET", "HEAD"], name="dataset description")
    app.add_api_route("/dumps/context.jsonld", context, methods=["GET", "HEAD"], name="JSON-LD context")
    app.add_api_route("/dumps/{name}", dump_file, methods=["GET", "HEAD"], name="dump")
    app.add_api_route("/.well-known/void", well_known_void, methods=["GET", "HEAD"], include_in_schema=False)
    app.add_api_route("/ontology", ontology, methods=["GET", "HEAD"], name="ontology")
    app.add_api_route("/rdf-graphs/service", graph_store, methods=["GET", "HEAD"], name="graph store")
    app.add_api_route("/rdf-graphs/service", put_graph, methods=["PUT"], name="graph store: replace a graph")
    app.add_api_route("/rdf-graphs/service", delete_graph, methods=["DELETE"], name="graph store: remove a graph")
    app.add_api_route("/{path:path}", resource, methods=["GET", "HEAD"], include_in_schema=False)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _root(request: Request) -> str:
    return str(request.base_url)


# -- dumps ---------------------------------------------------------------------------------------


async def dumps_index(request: Request) -> Response:
    """The dumps on offer, as HTML for browsers and JSON otherwise."""
    from kg.formats import negotiate

    root = f"{_root(request)}dumps/"
    files = [
        {"url": f"{root}kg.{name}{suffix}", "format": name, "mediaType": media, "gzip": bool(suffix)}
        for name, (media, _, _) in DUMP_FORMATS.items()
        for suffix in ("", ".gz")
    ]
    if negotiate(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html":
        items = "".join(
            f'<li><a href="{html.escape(str(f["url"]))}">{html.escape(str(f["url"]).rsplit("/", 1)[1])}</a> '
            f"({f['mediaType']}{', gzip' if f['gzip'] else ''})</li>"
            for f in files
        )
        body = (
            f"<h1>Dumps</h1><ul>{items}</ul>"
            f'<p><a href="{root}void.ttl">Dataset description (VoID, DCAT)</a> · '
            f'<a href="{root}context.jsonld">JSON-LD context</a></p>'
        )
        from kg.pages import page

        return HTMLResponse(page("kg dumps", body))
    return JSONResponse({"dumps": files, "description": f"{root}void.ttl", "context": f"{root}context.jsonld"})


async def dump_file(request: Request, name: str) -> Response:
    """One dump, streamed; ``.gz`` (or ``Accept-Encoding: gzip``) compresses it."""
    stem, compressed = (name[:-3], True) if name.endswith(".gz") else (name, False)
    fmt = stem.removeprefix("kg.") if stem.startswith("kg.") else None
    if fmt not in DUMP_FORMATS:
        raise NotFound(f"no dump {name!r}: try /dumps/ for the list")
    media = DUMP_FORMATS[fmt][0]
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept-Encoding"}
    encoding = request.headers.get("accept-encoding", "")
    if compressed:
        media = "application/gzip"
    elif "gzip" in encoding.lower() and "gzip;q=0" not in encoding.replace(" ", "").lower():
        compressed = True
        headers["Content-Encoding"] = "gzip"
    if request.method == "HEAD":
        return Response(media_type=media, headers=headers)
    store = _store(request)
    return StreamingResponse(
        _streamed(lambda out: dump(store, out, format=fmt, compress=compressed)), media_type=media, headers=headers
    )


async def _streamed(write: Callable[[IO[bytes]], None]) -> AsyncIterator[bytes]:
    """Run ``write`` in a worker thread and pass its bytes on as they come (a bounded buffer)."""
    pipe: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)

    def run() -> None:
        buffered = _Piped(pipe)
        try:
            write(buffered)  # type: ignore[arg-type]
            buffered.flush()
            pipe.put(None)
        except BaseException as exc:  # handed to the response, which ends the stream
            pipe.put(exc)

    threading.Thread(target=run, daemon=True, name="kg-dump").start()
    while True:
        item = await anyio.to_thread.run_sync(pipe.get)
        if item is None:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


class _Piped:
    """A byte sink that hands what it is given to a queue in pieces of about 64 KiB."""

    def __init__(self, pipe: queue.Queue[bytes | BaseException | None]) -> None:
        self.pipe = pipe
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= 1 << 16:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.pipe.put(bytes(self.buffer))
            self.buffer.clear()


async def void(request: Request) -> Response:
    """The VoID + DCAT description of the dataset (Turtle, or JSON-LD by ``Accept``)."""
    from kg.formats import negotiate
    from kg.serve import _version

    settings = _settings(request)
    graph = await anyio.to_thread.run_sync(
        lambda: description(
            _store(request),
            base=settings.base_iri,
            dumps=f"{_root(request)}dumps/",
            ontology=ONTOLOGY_IRI,
            version=_version(),
            license=settings.license,
        )
    )
    media = negotiate(request.headers.get("accept"), ["text/turtle", "application/ld+json", "application/n-triples"])
    if media is None:
        from kg.formats import NotAcceptable

        raise NotAcceptable("the description is available as text/turtle, application/ld+json or application/n-triples")
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}[media]
    return Response(graph.serialize(format=fmt, encoding="utf-8"), media_type=media, headers={"Vary": "Accept"})


async def context(request: Request) -> Response:
    """The JSON-LD context of the dumps and pages."""
    settings = _settings(request)
    body = {"@context": jsonld_context(settings.ontology)}
    return JSONResponse(body, media_type="application/ld+json", headers={"Access-Control-Allow-Origin": "*"})


async def well_known_void(request: Request) -> Response:
    return RedirectResponse(f"{_root(request)}dumps/void.ttl", status_code=303)


# -- the ontology ----------------------------------------------------------------------------------


async def ontology(request: Request) -> Response:
    """The ontology: Turtle for RDF clients, HTML documentation (pyLODE) for browsers."""
    from kg.formats import NotAcceptable

    settings = _settings(request)
    media = _wanted(request, ONTOLOGY_TYPES)
    if media is None:
        raise NotAcceptable(f"the ontology is available as {', '.join(ONTOLOGY_TYPES)}")
    headers = {"Vary": "Accept", "Link": f'<{ONTOLOGY_IRI}>; rel="canonical"'}
    if media == "text/html":
        page = await anyio.to_thread.run_sync(_ontology_html, settings.ontology)
        return HTMLResponse(page, headers=headers)
    if media == "text/turtle":
        return Response(settings.ontology.read_bytes(), media_type=media, headers=headers)
    graph = Graph()
    graph.parse(settings.ontology, format="turtle")
    fmt = {"application/ld+json": "json-ld", "application/n-triples": "nt", "application/rdf+xml": "xml"}[media]
    return Response(graph.serialize(format=fmt, encoding="utf-8"), media_type=media, headers=headers)


@lru_cache(maxsize=2)
def _ontology_html(path: Path) -> str:
    from pylode import OntPub  # type: ignore[import-untyped]

    return str(OntPub(ontology=str(path)).make_html())


# -- the graph store protocol ----------------------------------------------------------------------


async def graph_store(request: Request) -> Response:
    """One graph (``?graph=IRI``) or the default graph, the union of all (``?default``)."""
    from kg.formats import NotAcceptable

    params = request.query_params
    graph = params.get("graph")
    if (graph is None) == ("default" not in params):
        raise QueryError("give exactly one of ?graph=IRI or ?default (SPARQL 1.1 Graph Store Protocol)")
    store = _store(request)
    if graph is not None and graph not in await anyio.to_thread.run_sync(store.named_graphs):
        raise NotFound(f"no graph <{graph}> in this store")
    media = _wanted(request, list(GRAPH_STORE_TYPES))
    if media is None:
        raise NotAcceptable(f"a graph is available as {', '.join(GRAPH_STORE_TYPES)}")
    if request.method == "HEAD":
        return Response(media_type=media, headers={"Vary": "Accept"})

    def write(out: IO[bytes]) -> None:
        fmt = GRAPH_STORE_TYPES[media]
        if graph is None:
            result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            assert isinstance(result, ox.QueryTriples)
            result.serialize(out, format=fmt)
        else:
            store.dump_graph(out, graph, format=fmt)

    return StreamingResponse(_streamed(write), media_type=media, headers={"Vary": "Accept"})


async def put_graph(request: Request) -> Response:
    """Replace one graph (``?graph=IRI``) with the body, validated against the shapes first.

    Only with the operator's secret. The graph is committed atomically, or not at all (a SHACL
    violation is a 422 naming each one); queries see it as soon as it is committed. This is how
    ``kg load --server`` loads articles while the server runs.
    """
    from kg.serve import authorise, committed

    authorise(request)
    graph = request.query_params.get("graph")
    if not graph or _NOT_IN_IRI.search(graph) or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", graph):
        raise QueryError("give the graph to replace as an absolute IRI: ?graph=IRI")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    formats = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}
    if media not in formats:
        raise QueryError(f"send the graph as {', '.join(formats)} (got {media or 'no Content-Type'})")
    body = await request.body()
    content = Graph()
    try:
        content.parse(data=body.decode("utf-8"), format=formats[media])
    except (ValueError, SyntaxError, UnicodeDecodeError) as exc:
        raise QueryError(f"the body is not valid {media}: {str(exc).splitlines()[0][:300]}") from None
    write_lock: threading.Lock = request.app.state.write_lock
    created = await anyio.to_thread.run_sync(_replace_graph, request, graph, content, write_lock)
    await anyio.to_thread.run_sync(committed, request.app)
    return Response(status_code=201 if created else 204)


def _replace_graph(request: Request, graph: str, content: Graph, write_lock: threading.Lock) -> bool:
    from kg.load import Prepared
    from kg.store import to_lines

    with write_lock:
        loader = _loader(request)
        outcome = loader.check(Prepared(Path(graph), {graph: content}))
        if not outcome.conforms:
            raise GraphInvalid(
                "the graph violates the shapes, nothing was written:\n"
                + "\n".join(f"- {v}" for v in outcome.violations)
            )
        store = _store(request)
        created = graph not in store.named_graphs()
        store.replace_graphs({graph: to_lines(content)})
        loader.resolve()  # the canonical coups follow the reports the graph adds, changes or drops
        return created


async def delete_graph(request: Request) -> Response:
    """Remove one graph (``?graph=IRI``); only with the operator's secret."""
    from kg.serve import authorise, committed

    authorise(request)
    graph = request.query_params.get("graph")
    store = _store(request)
    if not graph or graph not in await anyio.to_thread.run_sync(store.named_graphs):
        raise NotFound(f"no graph <{graph}> in this store")
    await anyio.to_thread.run_sync(_remove_graph, request, graph, request.app.state.write_lock)
    await anyio.to_thread.run_sync(committed, request.app)
    return Response(status_code=204)


def _remove_graph(request: Request, graph: str, write_lock: threading.Lock) -> None:
    with write_lock:
        _store(request).remove_graphs([graph])
        _loader(request).resolve()  # a removed article's coups leave their canonical coups


def _loader(request: Request) -> Loader:
    """The app's loader (shapes and ontology parsed once), made on the first write."""
    from kg.load import Loader

    if request.app.state.loader is None:
        request.app.state.loader = Loader(_store(request), _settings(request))
    loader: Loader = request.app.state.loader
    return loader


class GraphInvalid(KgError):
    """A graph sent to the store violates the shapes (HTTP 422)."""


# -- Linked Data ------------------------------------------------------------------------------------


async def resource(request: Request, path: str) -> Response:
    """A minted IRI, dereferenced: HTML for browsers, RDF by ``Accept`` (or a ``.ttl``-style suffix)."""
    from kg.formats import NotAcceptable

    settings = _settings(request)
    media = None
    for suffix, suffix_media in _SUFFIXES.items():
        if path.endswith(suffix):
            path, media = path[: -len(suffix)], suffix_media
            break
    base_path = _base_path(settings.base_iri)
    if not f"/{path}".startswith(base_path) or not path.strip("/"):
        raise NotFound(f"nothing here: /{path}")
    iri = _checked(settings.base_iri + f"/{path}".removeprefix(base_path))
    media = media or _wanted(request, list(PAGE_TYPES))
    if media is None:
        raise NotAcceptable(f"this resource is available as {', '.join(PAGE_TYPES)}")
    store = _store(request)
    described = await anyio.to_thread.run_sync(_describe, store, iri)
    if described is None:
        raise NotFound(f"nothing is known about <{iri}>")
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    if request.method == "HEAD":
        return Response(media_type=media, headers=headers)
    if media == "text/html":
        from kg.pages import article_page

        is_article = any(
            t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value == KG_ARTICLE
            for t in described
            if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri
        )
        page = await article_page(request, iri) if is_article else None
        if page is None:
            page = await anyio.to_thread.run_sync(_html, store, iri, described, settings)
        return HTMLResponse(page, headers=headers)
    fmt = PAGE_TYPES[media]
    assert fmt is not None
    body = _serialise(described, media, fmt, settings)
    return Response(body, media_type=media, headers=headers)


def _wanted(request: Request, offered: list[str]) -> str | None:
    from kg.formats import negotiate

    fmt = request.query_params.get("format")
    if fmt:
        media = _PAGE_ALIASES.get(fmt.lower(), fmt.lower())
        return media if media in offered else None
    return negotiate(request.headers.get("accept"), offered)


def _base_path(base: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(base).path or "/"


def _describe(store: Store, iri: str) -> list[ox.Triple] | None:
    """The triples about ``iri``: all it says (with its blank nodes), and up to 2,000 that point to it."""
    out = store.query(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")
    incoming = store.query(f"CONSTRUCT {{ ?s ?p <{iri}> }} WHERE {{ ?s ?p <{iri}> }} LIMIT {_INCOMING_LIMIT}")
    triples = list(dict.fromkeys([*out, *incoming]))  # type: ignore[misc]
    return triples or None


def _serialise(triples: list[ox.Triple], media: str, fmt: ox.RdfFormat, settings: Settings) -> bytes:
    if media == "application/ld+json":
        graph = Graph()
        graph.parse(data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt")
        return graph.serialize(format="json-ld", context=jsonld_context(settings.ontology), encoding="utf-8")
    from kg.publish import PREFIXES

    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


def _html(store: Store, iri: str, triples: list[ox.Triple], settings: Settings) -> str:
    """The page of a resource: what it is, what it says, and what refers to it, with sentences."""
    from kg.publish import PREFIXES

    def label(term: str) -> str | None:
        result = store.query(f"SELECT ?l WHERE {{ <{term}> <{RDFS_LABEL}> ?l }} LIMIT 1")
        assert isinstance(result, ox.QuerySolutions)
        rows = list(result)
        return str(rows[0][0].value) if rows else None

    def short(term: str) -> str:
        for prefix, namespace in PREFIXES.items():
            if term.startswith(namespace):
                return f"{prefix}:{term.removeprefix(namespace)}"
        return term

    def show(node: Any) -> str:
        if isinstance(node, ox.NamedNode):
            text = label(node.value) or short(node.value)
            return f'<a href="{html.escape(_local(node.value, settings))}">{html.escape(text)}</a>'
        if isinstance(node, ox.Literal):
            return (
                f"<q>{html.escape(node.value)}</q>"
                if len(node.value) < 300
                else f"<blockquote>{html.escape(node.value[:2000])}…</blockquote>"
            )
        return html.escape(str(node))

    own = [t for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri]
    title = label(iri) or short(iri)
    types = [t.object for t in own if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
    wikidata = [
        t.object.value
        for t in own
        if t.predicate.value in _SAME_AS
        and isinstance(t.object, ox.NamedNode)
        and t.object.value.startswith("http://www.wikidata.org/entity/Q")
    ]
    classes = [
        t.object.value for t in own if t.predicate.value == _WIKIDATA_CLASS and isinstance(t.object, ox.NamedNode)
    ]
    rows = "".join(
        f"<tr><th>{html.escape(short(t.predicate.value))}</th><td>{show(t.object)}</td></tr>"
        for t in sorted(own, key=lambda t: (t.predicate.value, str(t.object)))
    )
    body = [f"<h1>{html.escape(title)}</h1>", f'<p class="iri"><code>{html.escape(iri)}</code></p>']
    if types:
        body.append("<p>" + ", ".join(show(t) for t in types) + "</p>")
    for item in wikidata:
        body.append(f'<p>Wikidata: <a href="{html.escape(item)}">{html.escape(item.rsplit("/", 1)[1])}</a></p>')
    if classes:
        kinds = ", ".join(f'<a href="{html.escape(c)}">{html.escape(c.rsplit("/", 1)[1])}</a>' for c in classes)
        body.append(f"<p>Wikidata class (instance of): {kinds}</p>")
    body.append(f"<table>{rows}</table>")
    involved = _involvement(store, iri)
    if involved:
        items = []
        for row in involved:
            sentence = f"<blockquote>{html.escape(row['text'])}</blockquote>" if row.get("text") else ""
            article = (
                f' — <a href="{html.escape(_local(row["article"], settings))}">article</a>'
                if row.get("article")
                else ""
            )
            name = html.escape(row.get("label") or short(row["item"]))
            items.append(
                f'<li><a href="{html.escape(_local(row["item"], settings))}">{name}</a>'
                f" ({html.escape(short(row['type']))}, as {html.escape(short(row['role']))}){article}{sentence}</li>"
            )
        body.append(f"<h2>Events and statements</h2><ul>{''.join(items)}</ul>")
    from kg.pages import entity_sections, page

    sections, head = entity_sections(store, iri, settings)
    body.append(sections)
    alternates = " · ".join(f'<a href="?format={f}">{f}</a>' for f in ("ttl", "jsonld", "nt", "rdf"))
    body.append(f"<p>As data: {alternates}</p>")
    return page(title, "".join(body), head)


def _involvement(store: Store, iri: str) -> list[dict[str, str]]:
    """Events and statements that refer to ``iri``, with their sentence and article."""
    query = f"""
        PREFIX kg: <https://kg.example.org/ontology#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?item ?type ?role ?label ?text ?article WHERE {{
          ?item ?role <{iri}> ; a ?type .
          VALUES ?type {{ kg:Statement kg:Coup kg:Deployment kg:TroopChange kg:BaseHandover kg:Conflict kg:Election }}
          OPTIONAL {{ ?item rdfs:label ?label }}
          OPTIONAL {{ ?item kg:evidence/nif:anchorOf ?text }}
          OPTIONAL {{ ?item prov:wasDerivedFrom ?article }}
        }}
        ORDER BY ?article ?item LIMIT 500
    """
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    keys = ("item", "type", "role", "label", "text", "article")
    return [{k: row[k].value for k in keys if row[k] is not None} for row in result]


def _local(iri: str, settings: Settings) -> str:
    """A link that stays on this server for IRIs minted under the base, and goes out for the others."""
    if iri.startswith(settings.base_iri):
        return _base_path(settings.base_iri) + iri.removeprefix(settings.base_iri)
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
        return "/ontology" + ("#" + iri.split("#", 1)[1] if "#" in iri else "")
    return iri
