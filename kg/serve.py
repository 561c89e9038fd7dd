"""Stage 6, serve: the SPARQL 1.1 endpoint (FastAPI), the query page, and a health check.

Queries go straight to Oxigraph's engine as strings, and Oxigraph serialises the results
itself; rdflib never evaluates them. Each query runs in a worker thread, off the event loop, so
a slow query does not stall the other clients. The query page (YASGUI, at ``/query``) is served
from the package's own copy of its assets and shows the competency queries as examples; the pages
to explore the graph are :mod:`kg.pages`.

The endpoint follows rdflib-endpoint's conventions (``/sparql`` for GET and POST, the YASGUI
page for browsers, a service description otherwise) without its query path.

Example:
    >>> from kg.serve import create_app
    >>> from kg.settings import Settings
    >>> app = create_app(Settings.from_env())  # doctest: +SKIP
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import parse_qs

import anyio.to_thread
import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from kg.engine import Busy, Job, QueryPool, QueryTimeout, ResultCache, ResultTooLarge, Snapshots
from kg.errors import KgError, QueryError, StoreError
from kg.federation import ServiceNotAllowed, check_services
from kg.formats import (
    GRAPH_ALIASES,
    GRAPH_TYPES,
    RESULT_ALIASES,
    RESULT_TYPES,
    NotAcceptable,
    negotiate,
)
from kg.formats import (
    choose as _choose,
)
from kg.pages import add_pages
from kg.settings import Settings
from kg.store import Store, open_store
from kg.web import GraphInvalid, NotFound, add_routes

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent


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
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings)
    app.state.pool = None
    app.state.cache = None
    app.state.snapshots = None
    app.state.loader = None
    app.state.write_lock = threading.Lock()
    app.state.examples = example_queries(settings.queries) if settings.queries.is_dir() else {}
    app.mount("/static", StaticFiles(directory=_PACKAGE / "static"), name="static")
    app.add_exception_handler(KgError, _kg_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_api_route("/query", query_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/sparql", sparql, methods=["GET", "POST", "HEAD"], name="SPARQL endpoint")
    app.add_api_route("/health", health, methods=["GET"])
    app.add_api_route("/favicon.ico", favicon, methods=["GET", "HEAD"], include_in_schema=False)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["Content-Type", "Content-Disposition", "Vary", "Link"],
            max_age=3600,
        )
    app.add_middleware(RequestLog, max_body=settings.max_body_bytes)
    add_pages(app)  # home and search, timeline, claims
    add_routes(app)  # dumps, Linked Data, the ontology, the graph store: last, as it ends in a catch-all
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the query workers over a first snapshot of the store; stop them at shutdown."""
    settings: Settings = app.state.settings
    store: Store = app.state.store
    if settings.query_workers > 0 and store.path is not None:
        folder = store.path.parent / f".{store.path.name}.snapshots"
        app.state.snapshots = Snapshots(folder, keep_seconds=max(60.0, 4 * settings.query_timeout))
        await anyio.to_thread.run_sync(app.state.snapshots.publish, store)
        app.state.pool = await anyio.to_thread.run_sync(
            lambda: QueryPool(folder, workers=settings.query_workers, timeout=settings.query_timeout)
        )
        if settings.query_cache_bytes > 0:
            app.state.cache = ResultCache(settings.query_cache_bytes)
        log.info("query workers: %d, time limit %g s", settings.query_workers, settings.query_timeout)
    try:
        yield
    finally:
        if app.state.pool is not None:
            app.state.pool.close()


def committed(app: FastAPI) -> None:
    """After a write: let new queries see it (a new snapshot for the query workers, no answer kept from before)."""
    if app.state.snapshots is not None:
        app.state.snapshots.publish(app.state.store)
    if app.state.cache is not None:
        app.state.cache.clear()


def authorise(request: Request) -> None:
    """Allow a write only with the operator's secret, sent as ``Authorization: Bearer <secret>``.

    Raises:
        Forbidden: writes are not enabled, or the secret is missing or wrong.
        QueryError: a secret was put in the URL, where logs and proxies keep it.
    """
    settings: Settings = request.app.state.settings
    if any(name.lower() in _SECRET_PARAMETERS for name in request.query_params):
        raise QueryError("send the secret in the Authorization header (Bearer), never in the URL")
    if not settings.update_secret:
        raise Forbidden("this endpoint is read-only: writes are not enabled (the operator sets KG_UPDATE_SECRET)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.update_secret.encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
        raise Forbidden("a write needs the operator's secret: Authorization: Bearer <secret>")


async def query_page(request: Request) -> HTMLResponse:
    """The YASGUI query page, with the competency queries as example tabs (``?query=`` opens one more, first)."""
    template = Template((_PACKAGE / "templates" / "yasgui.html").read_text(encoding="utf-8"))
    given = request.query_params.get("query") if request.url.path == "/query" else None
    page = template.safe_substitute(
        TITLE="kg",
        DESCRIPTION="Who reported what about conflict and politics in the Sahel.",
        STATIC="/static",
        ENDPOINT="/sparql",
        EXAMPLES=_script_json(request.app.state.examples),
        GIVEN=_script_json(given),
    )
    return HTMLResponse(page)


def _script_json(value: object) -> str:
    """A value as JSON that can stand inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


async def favicon(request: Request) -> Response:
    """The site's icon (browsers ask for it whatever the page says)."""
    return Response((_PACKAGE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")


async def health(request: Request) -> JSONResponse:
    """Liveness and size of the store."""
    store: Store = request.app.state.store
    quads = await anyio.to_thread.run_sync(len, store)
    return JSONResponse({"status": "ok", "quads": quads})


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol: query via GET, POST form or POST ``application/sparql-query``."""
    parsed = await _read_request(request)
    if parsed.update is not None:
        authorise(request)
        settings: Settings = request.app.state.settings
        store: Store = request.app.state.store
        await anyio.to_thread.run_sync(lambda: store.update(parsed.update or "", services=settings.service_allow))
        await anyio.to_thread.run_sync(committed, request.app)
        return Response(status_code=204)
    if parsed.query is None:
        if negotiate(request.headers.get("accept"), ["text/html", "text/turtle"]) == "text/html":
            return await query_page(request)
        return _service_description(request)
    store = request.app.state.store
    accept = request.headers.get("accept")
    settings = request.app.state.settings
    pool: QueryPool | None = request.app.state.pool
    if pool is None:
        status, media, body = await anyio.to_thread.run_sync(_execute, store, parsed, accept, settings.service_allow)
        return Response(body, status_code=status, media_type=media)
    check_services(parsed.query, settings.service_allow)
    job = Job(
        parsed.query,
        parsed.default_graphs,
        parsed.named_graphs,
        parsed.format,
        accept,
        settings.max_result_bytes,
    )
    media, body, kept = await run_job(request.app, pool, job)
    if request.app.state.cache is None:
        return Response(body, media_type=media)
    return Response(body, media_type=media, headers={"X-Cache": "hit" if kept else "miss"})


async def run_job(app: FastAPI, pool: QueryPool, job: Job) -> tuple[str, bytes, bool]:
    """Answer a query on the query workers, or from the answers kept since the last commit: (media, body, kept)."""
    cache: ResultCache | None = app.state.cache
    kept = cache.get(job) if cache is not None else None
    if kept is not None:
        return kept[0], kept[1], True
    generation = cache.generation if cache is not None else 0
    media, body = await anyio.to_thread.run_sync(pool.run, job)
    if cache is not None:
        cache.put(job, (media, body), generation)
    return media, body, False


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


class BodyTooLarge(KgError):
    """The request body is larger than the server accepts (HTTP 413)."""


#: The HTTP status of each kind of error a request can meet (the first match counts; others are 400).
_STATUS: tuple[tuple[type[KgError] | tuple[type[KgError], ...], int], ...] = (
    (NotAcceptable, 406),
    ((Forbidden, ServiceNotAllowed), 403),
    (NotFound, 404),
    (GraphInvalid, 422),
    (QueryTimeout, 408),
    ((ResultTooLarge, BodyTooLarge), 413),
    (Busy, 429),
    (StoreError, 503),
)


def _kg_error(request: Request, exc: Exception) -> Response:
    status = next((code for kinds, code in _STATUS if isinstance(exc, kinds)), 400)
    return PlainTextResponse(str(exc) + "\n", status_code=status)


def _unexpected_error(request: Request, exc: Exception) -> Response:
    rid = getattr(request.state, "request_id", "-")
    log.exception("unexpected error on %s %s (request %s)", request.method, request.url.path, rid)
    return PlainTextResponse(f"internal error: the server logged the details (request {rid})\n", status_code=500)


_SECRET_PARAMETERS = {"secret", "token", "access_token", "key", "api_key", "apikey", "password", "auth"}
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
access_log = logging.getLogger("kg.access")


class RequestLog:
    """Gives every request an id (``X-Request-ID``, kept from the client when well-formed), refuses
    bodies over the limit, and logs one JSON line per request: id, method, path (never the query
    string, where a secret or a query could hide), status, bytes and milliseconds."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        given = headers.get("x-request-id", "")
        rid = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500
        sent = 0

        async def send_with_id(message: Any) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            length = int(headers.get("content-length") or 0)
        except ValueError:
            length = 0
        try:
            if length > self.max_body:
                await _refuse(send_with_id, 413, f"the request body is larger than {self.max_body} bytes")
                return
            await self.app(scope, self._capped(receive), send_with_id)
        finally:
            access_log.info(
                json.dumps(
                    {
                        "request_id": rid,
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "bytes": sent,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                )
            )

    def _capped(self, receive: Any) -> Any:
        received = 0
        limit = self.max_body

        async def capped() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(f"the request body is larger than {limit} bytes")
            return message

        return capped


async def _refuse(send: Any, status: int, text: str) -> None:
    body = (text + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _version() -> str:
    from importlib.metadata import version

    return version("kg")
