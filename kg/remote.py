"""A SPARQL 1.1 server as kg's store: ``KG_STORE=http://host:port/…`` (or ``--store URL``).

Everything goes through the SPARQL 1.1 Protocol: queries as form posts to the query endpoint,
writes as one SPARQL Update per commit to the update endpoint, each article's graph replaced by
``DROP SILENT GRAPH`` and ``INSERT DATA`` in that one request. Reads of whole graphs are
``CONSTRUCT`` queries, a dump is one ``SELECT`` over every named graph. So any SPARQL 1.1 server
will do; what differs from one server to the next is kept in one place, :class:`Dialect`:

- **Oxigraph** (``oxigraph serve``): queries at ``/query``, updates at ``/update``; the default
  graph is the union of the named graphs when asked (``union-default-graph``), as in the
  embedded store. An update is one transaction.
- **Virtuoso** (7, Open Source): queries and updates at ``/sparql``. Its default graph is already
  the union of every graph, its own system graphs included: kg keeps those out of queries of the
  default graph (Virtuoso's ``input:default-graph-exclude``), of the graph list, the size and
  dumps. A query's ``GRAPH ?g`` may still meet them (Virtuoso answers an explicit ``GRAPH <…>``
  with nothing when graphs are excluded, so exclusions go only on queries without ``GRAPH``).
  ``INSERT DATA`` takes a few thousand triples at most per block, so inserts are sent in blocks;
  a block with blank nodes goes as ``INSERT … WHERE {}``. An update that fails while running may
  leave its work half done: kg then writes the graphs' previous content back. Answers longer
  than its ``ResultSetMaxRows`` are cut short by the server; kg refuses such an answer. A
  boolean a query computes (``BOUND(?x)``) comes back as the integer 1 or 0.
- **Any other server**: ``KG_STORE`` is its query endpoint and ``KG_STORE_UPDATE`` its update
  endpoint (by default the query endpoint, or ``…/update`` beside a ``…/query``).

The server is found out from its ``Server`` header on the first request. A server URL without a
path (``http://host:7878``) is enough for Oxigraph and Virtuoso.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.engine import QueryTimeout, ResultTooLarge
from kg.errors import QueryError, StoreError
from kg.federation import check_loads, check_services
from kg.store import GraphChange, Store

log = logging.getLogger(__name__)

#: Media types asked for: results of SELECT and ASK (a server may write one better than the other), and graphs
#: of CONSTRUCT and DESCRIBE. Each query asks for its own kind first: some servers read only the first type named.
_ACCEPT_JSON = "application/sparql-results+json, application/sparql-results+xml;q=0.9, */*;q=0.1"
_ACCEPT_XML = "application/sparql-results+xml, application/sparql-results+json;q=0.9, */*;q=0.1"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, */*;q=0.1"
_GRAPH = re.compile(r"\bGRAPH\b", re.IGNORECASE)
#: A query's prologue (comments, BASE, PREFIX), then the keyword that gives its form.
_FORM = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^:\s]*:\s*<[^>]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE
)
_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/ntriples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Dialect:
    """What one kind of SPARQL server needs done its own way.

    Attributes:
        name: the server's name, as its ``Server`` header starts.
        query_path: the query endpoint's path below the server's root.
        update_path: the update endpoint's path below the server's root.
        union: query parameters that make the default graph the union of the named graphs.
        accept: the ``Accept`` header of SELECT and ASK queries (the results format the server writes best).
        block: most triples in one ``INSERT DATA`` block.
        hidden: a regular expression of the IRIs of the server's own graphs, kept out of the graph list, the
            size and dumps, and out of the default graph with Virtuoso's ``input:default-graph-exclude``.
        own: a query that finds the server's own graphs (their ``?g``).
        atomic: an update that fails leaves the store as it was.
    """

    name: str
    query_path: str = ""
    update_path: str = ""
    union: Mapping[str, str] = field(default_factory=dict)
    accept: str = _ACCEPT_JSON
    block: int = 10_000
    hidden: str = ""
    own: str = ""
    atomic: bool = True


OXIGRAPH = Dialect("Oxigraph", "/query", "/update", union={"union-default-graph": ""})
VIRTUOSO = Dialect(
    "Virtuoso",
    "/sparql",
    "/sparql",
    accept=_ACCEPT_XML,  # its JSON writes booleans as "1" and terms as the old "typed-literal"
    block=1000,
    # its schemas, and its service description and WebDAV graphs, named after the host it had when created
    hidden=r"http://www\.openlinksw\.com/schemas/virtrdf#|http://www\.w3\.org/ns/ldp#|https?://[^/]+/(?:sparql|DAV/)",
    own="SELECT DISTINCT ?g WHERE { { VALUES ?g { <http://www.openlinksw.com/schemas/virtrdf#> "
    "<http://www.w3.org/ns/ldp#> } GRAPH ?g { ?s ?p ?o } } "
    "UNION { GRAPH ?g { ?s a <http://www.w3.org/ns/sparql-service-description#Service> } } "
    "UNION { GRAPH ?g { ?s <http://www.openlinksw.com/schemas/DAV#ownerUser> ?o } } }",
    atomic=False,
)
GENERIC = Dialect("SPARQL 1.1")
_DIALECTS = (OXIGRAPH, VIRTUOSO)


class RemoteStore(Store):
    """A SPARQL 1.1 server used as the store, with the embedded store's interface.

    Args:
        url: the server's root (``http://host:7878``) or its query endpoint (``http://host:8890/sparql``).
        update_url: the update endpoint, when it is not where the dialect or the query endpoint says.
        read_only: refuse writes.
        timeout: seconds a request may take.
        max_bytes: largest answer read.

    Raises:
        StoreError: the server cannot be reached, or does not answer SPARQL.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        read_only: bool = False,
        timeout: float = 300.0,
        max_bytes: int = 1 << 30,
    ) -> None:
        self.path = None
        self.read_only = read_only
        self.url = url.rstrip("/")
        self.max_bytes = max_bytes
        self._timeout = timeout
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0), follow_redirects=True)
        self.dialect, self.query_url, self.update_url = self._discover(update_url)
        self._hidden = re.compile(self.dialect.hidden) if self.dialect.hidden else None
        self._prologue = ""
        if self.dialect.own:
            found = self.query(self.dialect.own)
            assert isinstance(found, ox.QuerySolutions)
            own = sorted({row["g"].value for row in found if isinstance(row["g"], ox.NamedNode)})
            self._prologue = "".join(f"DEFINE input:default-graph-exclude <{g}>\n" for g in own if self._hides(g))
        log.info("store: %s at %s (updates: %s)", self.dialect.name, self.query_url, self.update_url)

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    def _discover(self, update_url: str | None) -> tuple[Dialect, str, str]:
        """The server's dialect, from its ``Server`` header, and its query and update endpoints."""
        parts = urlsplit(self.url)
        root = urlunsplit((*parts[:2], "", "", ""))
        candidates = [self.url] if parts.path not in ("", "/") else [root + d.query_path for d in _DIALECTS]
        for query_url in candidates:
            try:
                answer = self._client.post(query_url, data={"query": "ASK {}"}, headers={"accept": _ACCEPT_XML})
            except httpx.HTTPError as exc:
                raise StoreError(f"cannot reach the store at {self.url}: {exc}") from None
            if answer.status_code != 200:
                continue
            server = answer.headers.get("server", "")
            dialect = next((d for d in _DIALECTS if server.startswith(d.name)), GENERIC)
            if update_url is None:
                if dialect is not GENERIC:
                    update_url = root + dialect.update_path
                elif query_url.endswith("/query"):
                    update_url = query_url.removesuffix("/query") + "/update"
                else:
                    update_url = query_url
            return dialect, query_url, update_url
        raise StoreError(
            f"no SPARQL query endpoint answers at {self.url}: give the endpoint's URL "
            "(e.g. http://host:7878/query or http://host:8890/sparql) in KG_STORE or --store"
        )

    def close(self) -> None:
        """Release the connections."""
        self._client.close()

    # -- the protocol ----------------------------------------------------------------------------

    def _post(self, url: str, data: dict[str, Any], accept: str | None = None) -> tuple[str, bytes]:
        """Post a form to the server; the media type of its answer and the answer, read in full up to
        ``max_bytes``. Queries have the time limit; updates, which may write a whole batch, at least ten minutes."""
        headers = {"accept": accept} if accept else {}
        timeout = self._client.timeout if "query" in data else httpx.Timeout(max(self._timeout, 600.0), connect=10.0)
        try:
            with self._client.stream("POST", url, data=data, headers=headers, timeout=timeout) as answer:
                body = bytearray()
                for chunk in answer.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise ResultTooLarge(
                            f"the answer is larger than {self.max_bytes // (1 << 20)} MiB (KG_MAX_RESULT_MB): "
                            "ask for less (LIMIT, fewer variables)"
                        )
        except httpx.TimeoutException:
            raise QueryTimeout(
                f"the store at {self.url} did not answer within {self._timeout:g} s (KG_QUERY_TIMEOUT): "
                "narrow the query, or raise the limit"
            ) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the store at {self.url}: {exc}") from None
        if answer.status_code >= 400:
            message = " ".join(body.decode(answer.charset_encoding or "utf-8", errors="replace").split())[:500]
            error = QueryError if answer.status_code < 500 else StoreError
            raise error(f"the store refused the request ({answer.status_code}): {message}")
        limit = answer.headers.get("x-sparql-maxrows")
        if limit is not None:
            raise StoreError(
                f"the store cut its answer at {limit} rows (Virtuoso's ResultSetMaxRows): "
                "raise ResultSetMaxRows in its virtuoso.ini, or ask for less"
            )
        return answer.headers.get("content-type", "").split(";")[0].strip().lower(), bytes(body)

    def query(
        self,
        query: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        services: Sequence[str] = (),
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query on the server (the default graph: the union of the named graphs, unless given).

        Raises:
            QueryError: the server refused the query, or it took too long.
            StoreError: the server cannot be reached.
        """
        check_services(query, services)
        # Virtuoso answers an explicit GRAPH <…> with nothing under its exclusions: they go only on queries of the
        # default graph alone (a GRAPH ?g of a query may meet the server's own graphs)
        alone = not default_graph and not _GRAPH.search(query)
        data: dict[str, Any] = {"query": self._prologue + query if alone else query}
        if default_graph:
            data["default-graph-uri"] = list(default_graph)
        if named_graphs:
            data["named-graph-uri"] = list(named_graphs)
        url = self.query_url
        if not default_graph and self.dialect.union:
            url += "?" + "&".join(k if not v else f"{k}={v}" for k, v in self.dialect.union.items())
        form = _FORM.match(query)
        graph = form is not None and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE")
        media, body = self._post(url, data, _ACCEPT_GRAPH if graph else self.dialect.accept)
        try:
            if media in _RESULTS:
                return ox.parse_query_results(body, format=_RESULTS[media])
            if media in _GRAPHS:
                triples = ox.Store()
                triples.load(body, format=_GRAPHS[media], to_graph=ox.DefaultGraph())
                return triples.query("CONSTRUCT WHERE { ?s ?p ?o }")
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"the store's answer cannot be read as {media}: {exc}") from None
        raise StoreError(f"the store answered in {media or 'no media type'}, which kg does not read")

    def update(self, update: str, *, services: Sequence[str] = ()) -> None:
        """Run a SPARQL 1.1 Update on the server.

        Raises:
            QueryError: the server refused it.
            StoreError: the store is read-only, or cannot be reached.
        """
        if self.read_only:
            raise StoreError(f"the store at {self.url} is open read-only")
        check_services(update, services)
        check_loads(update, services)
        self._write([update])

    def _write(self, operations: list[str]) -> None:
        """Send update operations to the server as one request."""
        if self.read_only:
            raise StoreError(f"the store at {self.url} is open read-only")
        self._post(self.update_url, {"update": " ;\n".join(operations)})

    # -- reading ---------------------------------------------------------------------------------

    def _hides(self, graph: str) -> bool:
        """Whether a graph is one of the server's own."""
        return self._hidden is not None and self._hidden.fullmatch(graph) is not None

    def _sizes(self) -> dict[str, int]:
        """The number of triples of each named graph (not the server's own)."""
        result = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(result, ox.QuerySolutions)
        return {
            row["g"].value: int(row["n"].value)
            for row in result
            if isinstance(row["g"], ox.NamedNode) and not self._hides(row["g"].value)
        }

    def __len__(self) -> int:
        return sum(self._sizes().values())

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs (not the server's own), sorted."""
        return sorted(self._sizes())

    def _triples(self, graph: str) -> list[ox.Triple]:
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert isinstance(result, ox.QueryTriples)
        return list(result)

    def graph_lines(self, graph: str) -> list[str]:
        """The triples of one named graph as sorted N-Triples lines (without the final `` .``)."""
        return sorted(f"{t.subject} {t.predicate} {t.object}" for t in self._triples(graph))

    def quads(self, graph: str) -> Iterator[ox.Quad]:
        """The quads of one named graph."""
        name = ox.NamedNode(graph)
        return iter([ox.Quad(t.subject, t.predicate, t.object, name) for t in self._triples(graph)])

    def dump_graph(self, output: IO[bytes], graph: str, *, format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """Write one named graph to a binary stream."""
        if format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            ox.serialize(self.quads(graph), output, format=format)
        else:
            ox.serialize(self._triples(graph), output, format=format)

    def dump(self, output: IO[bytes], *, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """Write every quad of the named graphs (not the server's own) in a quad format."""
        result = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, ox.QuerySolutions)
        quads = [
            ox.Quad(row["s"], row["p"], row["o"], row["g"])
            for row in result
            if isinstance(row["g"], ox.NamedNode) and not self._hides(row["g"].value)
        ]
        quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        ox.serialize(quads, output, format=format)

    def modified(self) -> float | None:
        """Not known for a remote store."""
        return None

    def backup(self, target: Path) -> None:
        """A remote store is copied by its own server's tools, not by kg."""
        raise StoreError(f"the store at {self.url} is a server: back it up with the server's own tools")

    # -- writing ---------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Iterable[str]]) -> list[GraphChange]:
        """Replace named graphs with new content in one SPARQL Update (see :meth:`Store.replace_graphs`).

        Raises:
            StoreError: the write failed; the graphs hold what they held before.
        """
        if self.read_only:  # before reading anything
            raise StoreError(f"the store at {self.url} is open read-only")
        changes, differing = self._compare(graphs, _canonical)
        operations: list[str] = []
        for graph, (_old, new) in differing.items():
            operations.append(f"DROP SILENT GRAPH <{graph}>")
            operations.extend(self._inserts(graph, new))
        if operations:
            try:
                self._write(operations)
            except (QueryError, StoreError, QueryTimeout) as exc:
                before = {graph: old for graph, (old, _new) in differing.items()}
                raise StoreError(f"the write was refused{self._restore(before)}: {exc}") from None
        return changes

    def _inserts(self, graph: str, lines: list[str]) -> list[str]:
        """``INSERT DATA`` operations for a graph's lines, in blocks the server takes."""
        plain = [line for line in lines if "_:" not in line]
        blank = [line for line in lines if "_:" in line]
        size = self.dialect.block
        blocks = (" .\n".join(plain[i : i + size]) for i in range(0, len(plain), size))
        operations = [f"INSERT DATA {{ GRAPH <{graph}> {{\n{block} .\n}} }}" for block in blocks]
        if blank:  # blank nodes: in one operation, so that a label means one node (and as a template: Virtuoso
            # takes none in INSERT DATA)
            body = " .\n".join(blank)
            operations.append(f"INSERT {{ GRAPH <{graph}> {{\n{body} .\n}} }} WHERE {{}}")
        return operations

    def _restore(self, before: dict[str, list[str]]) -> str:
        """After a failed update on a server whose updates are not atomic: write the graphs' previous content back."""
        if self.dialect.atomic or not before:
            return " and nothing changed"
        operations: list[str] = []
        for graph, lines in before.items():
            operations.append(f"DROP SILENT GRAPH <{graph}>")
            operations.extend(self._inserts(graph, lines))
        try:
            self._write(operations)
        except (QueryError, StoreError) as exc:
            log.error("could not restore %s after a failed write: %s", ", ".join(before), exc)
            return f"; restoring the previous content of {', '.join(before)} failed too ({exc})"
        return "; the graphs' previous content was written back"

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        """Remove named graphs, in one update."""
        operations = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        if operations:
            self._write(operations)


def _canonical(lines: Iterable[str]) -> set[str]:
    """N-Triples lines as a SPARQL store gives them back (literals in canonical form, e.g. ``"01"`` as ``"1"``)."""
    text = "\n".join(line.rstrip().removesuffix(" .").rstrip() + " ." for line in lines if line.strip())
    scratch = ox.Store()
    scratch.load(text.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return {f"{q.subject} {q.predicate} {q.object}" for q in scratch}
