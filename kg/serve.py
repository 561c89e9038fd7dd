"""Stage 6, serve: the SPARQL 1.1 endpoint (FastAPI), the query page, and a health check.

Queries go straight to Oxigraph's engine as strings, and Oxigraph serialises the results
itself; rdflib never evaluates them. Each query runs in a worker thread, off the event loop, so
a slow query does not stall the other clients. The query page (YASGUI) is served from the
package's own copy of its assets and shows the competency queries as examples.

The endpoint follows rdflib-endpoint's conventions (``/sparql`` for GET and POST, the YASGUI
page for browsers, a service description otherwise) without its query path.

Example:
    >>> from kg.serve import create_app
    >>> from kg.settings import Settings
    >>> app = create_app(Settings.from_env())  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import parse_qs

import anyio.to_thread
import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from kg.errors import KgError, QueryError, StoreError
from kg.federation import ServiceNotAllowed
from kg.settings import Settings
from kg.store import Store
from kg.web import NotFound, add_routes

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent

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


class NotAcceptable(KgError):
    """No representation the client accepts can be produced (HTTP 406)."""


class Forbidden(KgError):
    """The request asks for something this endpoint does not allow (HTTP 403)."""


@dataclass(frozen=True)
class SparqlRequest:
    """A SPARQL protocol request, decoded once from GET parameters, a form, or a direct POST body."""

    query: str | None
    update: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None


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


def example_queries(folder: Path) -> dict[str, str]:
    """The competency queries of ``folder``, named by their first comment line, in question order."""

    def order(path: Path) -> tuple[int, str]:
        match = re.match(r"#\s*Q(\d+)", path.read_text(encoding="utf-8"))
        return (int(match.group(1)) if match else 999, path.name)

    examples: dict[str, str] = {}
    for path in sorted(folder.glob("*.rq"), key=order):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0].lstrip("# ").strip() if text.strip() else path.stem
        examples[first or path.stem] = text
    return examples


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the endpoint application.

    Args:
        settings: the configuration.
        store: the store to serve; the one at ``settings.store`` is opened when omitted.

    Returns:
        The FastAPI application.
    """
    app = FastAPI(
        title="kg SPARQL endpoint",
        description="Attributed claims about armed conflict and politics in the Sahel, as RDF.",
        version=_version(),
        docs_url="/api",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else Store(settings.store)
    app.state.examples = example_queries(settings.queries) if settings.queries.is_dir() else {}
    app.mount("/static", StaticFiles(directory=_PACKAGE / "static"), name="static")
    app.add_exception_handler(KgError, _kg_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_api_route("/", query_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/sparql", sparql, methods=["GET", "POST", "HEAD"], name="SPARQL endpoint")
    app.add_api_route("/health", health, methods=["GET"])
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["Content-Type", "Content-Disposition", "Vary", "Link"],
            max_age=3600,
        )
    add_routes(app)  # dumps, Linked Data, the ontology, the graph store: last, as it ends in a catch-all
    return app


async def query_page(request: Request) -> HTMLResponse:
    """The YASGUI query page, with the competency queries as example tabs."""
    template = Template((_PACKAGE / "templates" / "yasgui.html").read_text(encoding="utf-8"))
    page = template.safe_substitute(
        TITLE="kg",
        DESCRIPTION="Who reported what about conflict and politics in the Sahel.",
        STATIC="/static",
        ENDPOINT="/sparql",
        EXAMPLES=json.dumps(request.app.state.examples, ensure_ascii=False).replace("</", "<\\/"),
    )
    return HTMLResponse(page)


async def health(request: Request) -> JSONResponse:
    """Liveness and size of the store."""
    store: Store = request.app.state.store
    quads = await anyio.to_thread.run_sync(len, store)
    return JSONResponse({"status": "ok", "quads": quads})


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol: query via GET, POST form or POST ``application/sparql-query``."""
    parsed = await _read_request(request)
    if parsed.update is not None:
        raise Forbidden("this endpoint is read-only: SPARQL Update is not enabled")
    if parsed.query is None:
        if negotiate(request.headers.get("accept"), ["text/html", "text/turtle"]) == "text/html":
            return await query_page(request)
        return _service_description(request)
    store: Store = request.app.state.store
    accept = request.headers.get("accept")
    services = request.app.state.settings.service_allow
    status, media, body = await anyio.to_thread.run_sync(_execute, store, parsed, accept, services)
    return Response(body, status_code=status, media_type=media)


def _execute(
    store: Store, request: SparqlRequest, accept: str | None, services: tuple[str, ...] = ()
) -> tuple[int, str, bytes]:
    """Run a query and serialise its result, all in the worker thread."""
    assert request.query is not None
    result = store.query(
        request.query,
        default_graph=request.default_graphs or None,
        named_graphs=request.named_graphs or None,
        services=services,
    )
    if isinstance(result, ox.QueryTriples):
        media = _choose(request.format, accept, GRAPH_TYPES, GRAPH_ALIASES)
        return 200, media, result.serialize(format=GRAPH_TYPES[media]) or b""
    media = _choose(request.format, accept, RESULT_TYPES, RESULT_ALIASES)
    try:
        return 200, media, result.serialize(format=RESULT_TYPES[media]) or b""
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"SPARQL evaluation error: {exc}") from None


def _choose(fmt: str | None, accept: str | None, types: Mapping[str, object], aliases: Mapping[str, str]) -> str:
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


async def _read_request(request: Request) -> SparqlRequest:
    params = parse_qs(request.url.query, keep_blank_values=True)
    query = _single(params, "query")
    update = _single(params, "update")
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", errors="strict")
        if content_type == "application/sparql-query":
            query = body
        elif content_type == "application/sparql-update":
            update = body
        elif content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)  # decoded exactly once
            params = {**params, **form}
            query = _single(form, "query") or query
            update = _single(form, "update") or update
        elif body.strip():
            raise QueryError(f"unsupported Content-Type {content_type!r}: use application/sparql-query or a form")
    return SparqlRequest(
        query=query,
        update=update,
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
        format=_single(params, "format"),
    )


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(f"the parameter {name!r} was given {len(values)} times; give it once")
    return values[0]


def _service_description(request: Request) -> Response:
    endpoint = str(request.url.replace(query=""))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    fm = "http://www.w3.org/ns/formats/"
    formats = " , ".join(
        f"<{fm}{f}>"
        for f in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
            "RDF_XML",
            "TriG",
            "N-Quads",
        )
    )
    text = (
        f"@prefix sd: <{sd}> .\n"
        f"<{endpoint}> a sd:Service ;\n"
        f"  sd:endpoint <{endpoint}> ;\n"
        "  sd:supportedLanguage sd:SPARQL11Query ;\n"
        "  sd:feature sd:UnionDefaultGraph ;\n"
        f"  sd:resultFormat {formats} .\n"
    )
    return Response(text, media_type="text/turtle")


def _kg_error(request: Request, exc: Exception) -> Response:
    status = 400
    if isinstance(exc, NotAcceptable):
        status = 406
    elif isinstance(exc, (Forbidden, ServiceNotAllowed)):
        status = 403
    elif isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, StoreError):
        status = 503
    return PlainTextResponse(str(exc) + "\n", status_code=status)


def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return PlainTextResponse("internal error: the server logged the details\n", status_code=500)


def _version() -> str:
    from importlib.metadata import version

    return version("kg")
