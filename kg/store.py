"""Stage 5, store: the persistent embedded quad store (Oxigraph), one named graph per article.

Queries see the union of all named graphs as their default graph (what users of Fuseki's
``unionDefaultGraph`` expect). Writes replace whole named graphs in one SPARQL Update, which
Oxigraph runs as a single transaction: a graph is all in or all out, never half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import QueryError, StoreError
from kg.federation import check_loads, check_services

if TYPE_CHECKING:
    from kg.settings import Settings


@dataclass(frozen=True)
class GraphChange:
    """What writing one named graph changed.

    Attributes:
        graph: the graph IRI.
        added: triples that were not there before.
        removed: triples that are gone.
    """

    graph: str
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        """Whether anything changed."""
        return bool(self.added or self.removed)


class Store:
    """The quad store. Open it with :meth:`open`; use it as a context manager to release it.

    Args:
        path: folder of the persistent store, created if missing; ``None`` for an in-memory store.
        read_only: open an existing store without taking the write lock.

    Raises:
        StoreError: the store cannot be opened (locked by another process, not a store, no permission).
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not (path / "CURRENT").is_file():
                    raise StoreError(
                        f"no store here: {path} (run `kg load` first, or pick one with --store or KG_STORE)"
                    )
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            hint = (
                " (is `kg serve` or another `kg` command using it? To load while it serves: kg load --server URL)"
                if "lock" in str(exc).lower()
                else ""
            )
            raise StoreError(f"cannot open the store at {path}: {exc}{hint}") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store (the write lock goes with the last reference)."""
        if self.path is not None and not self.read_only and hasattr(self, "_store"):
            self._store.flush()
        self._store = ox.Store()

    # -- reading ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._store)

    def named_graphs(self) -> list[str]:
        """The IRIs of all named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_lines(self, graph: str) -> list[str]:
        """The triples of one named graph as sorted N-Triples lines (without the final `` .``)."""
        name = ox.NamedNode(graph)
        return sorted(
            f"{q.subject} {q.predicate} {q.object}" for q in self._store.quads_for_pattern(None, None, None, name)
        )

    def dump_graph(self, output: IO[bytes], graph: str, *, format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """Write one named graph to a binary stream (its triples; a quad format names the graph)."""
        if format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            ox.serialize(quads, output, format=format)
        else:
            self._store.dump(output, format=format, from_graph=ox.NamedNode(graph))

    def quads(self, graph: str) -> Iterator[ox.Quad]:
        """The quads of one named graph, streamed in the store's order (grouped by subject)."""
        return iter(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def modified(self) -> float | None:
        """When the store's files last changed (seconds since the epoch), or ``None`` in memory."""
        if self.path is None or not self.path.is_dir():
            return None
        times = [p.stat().st_mtime for p in self.path.iterdir() if p.is_file() and p.name != "LOCK"]
        return max(times) if times else None

    def graph(self, graph: str) -> Graph:
        """One named graph as an rdflib graph (for validation and tests)."""
        result = Graph(identifier=URIRef(graph))
        lines = self.graph_lines(graph)
        if lines:
            result.parse(data=" .\n".join(lines) + " .\n", format="nt")
        return result

    def query(
        self,
        query: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        services: Sequence[str] = (),
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query in Oxigraph's engine.

        Args:
            query: the SPARQL 1.1 query.
            default_graph: graphs whose union is the default graph; the union of all named graphs when omitted.
            named_graphs: graphs visible to ``GRAPH``; all of them when omitted.
            services: hosts its ``SERVICE`` clauses may call (:mod:`kg.federation`); none by default.

        Returns:
            Oxigraph's result (solutions, boolean or triples), which can serialise itself.

        Raises:
            QueryError: the query does not parse or cannot be evaluated.
            ServiceNotAllowed: a ``SERVICE`` clause calls a host not in ``services``.
        """
        check_services(query, services)
        options: dict[str, Any] = {}
        if default_graph:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(query, **options)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (ValueError, RuntimeError, OSError) as exc:
            raise QueryError(f"SPARQL evaluation error: {exc}") from None

    def backup(self, target: Path) -> None:
        """A consistent copy of the store in ``target`` (a new folder): hard links, so it is cheap.

        Raises:
            StoreError: an in-memory store, or the copy cannot be made.
        """
        if self.path is None:
            raise StoreError("an in-memory store cannot be copied to disk")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"cannot copy the store to {target}: {exc}") from None

    def update(self, update: str, *, services: Sequence[str] = ()) -> None:
        """Run a SPARQL 1.1 Update, atomically.

        Raises:
            QueryError: the update does not parse or fails.
            ServiceNotAllowed: a ``SERVICE`` or ``LOAD`` would fetch from a host not in ``services``.
        """
        check_services(update, services)
        check_loads(update, services)
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (ValueError, RuntimeError, OSError) as exc:
            raise QueryError(f"SPARQL update error: {exc}") from None

    def dump(self, output: IO[bytes], *, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """Write every quad to a binary stream in a quad format (N-Quads, TriG)."""
        self._store.dump(output, format=format)

    def dataset(self) -> Dataset:
        """The whole store as an rdflib dataset in memory (for small stores and tests)."""
        dataset = Dataset()
        for graph in self.named_graphs():
            target = dataset.graph(URIRef(graph))
            for triple in self.graph(graph):
                target.add(triple)
        return dataset

    # -- writing ---------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Iterable[str]]) -> list[GraphChange]:
        """Replace named graphs with new content, all in one transaction.

        A graph whose content is already exactly the new content is not written, so loading the
        same thing twice changes nothing.

        Args:
            graphs: graph IRI → its triples as N-Triples lines (with or without the final `` .``).

        Returns:
            One change per graph, in the order given.

        Raises:
            StoreError: the write failed; nothing was changed.
        """
        changes, differing = self._compare(graphs, _stripped)
        all_new = not any(old for old, _new in differing.values())
        if differing and all_new and not any("_:" in line for _old, new in differing.values() for line in new):
            # graphs the store does not hold yet: their quads added in one transaction, as the update below is,
            # read by Oxigraph's N-Triples parser rather than its SPARQL one (a third less time). Blank nodes go
            # below, where each INSERT DATA gives its own.
            try:
                self._store.extend([q for graph, (_old, new) in differing.items() for q in _quads(graph, new)])
            except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
                raise StoreError(f"the write was refused and nothing changed: {exc}") from None
            return changes
        operations: list[str] = []
        for graph, (_old, new) in differing.items():
            operations.append(f"DROP SILENT GRAPH <{graph}>")
            if new:
                body = " .\n".join(new)
                operations.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body} .\n}} }}")
        if operations:
            try:
                self._store.update(" ;\n".join(operations))
            except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
                raise StoreError(f"the write was refused and nothing changed: {exc}") from None
        return changes

    def _compare(
        self, graphs: Mapping[str, Iterable[str]], normalise: Callable[[Iterable[str]], set[str]]
    ) -> tuple[list[GraphChange], dict[str, tuple[list[str], list[str]]]]:
        """What writing ``graphs`` would change: one change per graph, in the order given, and the graphs whose
        content differs, each with its stored and its new lines (sorted). ``normalise`` turns the given lines into
        the form :meth:`graph_lines` reads them in."""
        changes: list[GraphChange] = []
        differing: dict[str, tuple[list[str], list[str]]] = {}
        for graph, lines in graphs.items():
            new = normalise(lines)
            old = set(self.graph_lines(graph))
            changes.append(GraphChange(graph, added=len(new - old), removed=len(old - new)))
            if new != old:
                differing[graph] = (sorted(old), sorted(new))
        return changes, differing

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        """Remove named graphs, all in one transaction."""
        operations = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        if operations:
            self._store.update(" ;\n".join(operations))


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name: the embedded one in a folder, or a SPARQL server (:mod:`kg.remote`).

    Raises:
        StoreError: the store cannot be opened or reached.
    """
    if isinstance(settings.store, str):
        from kg.remote import RemoteStore

        return RemoteStore(
            settings.store,
            update_url=settings.store_update,
            read_only=read_only,
            timeout=settings.query_timeout,
            max_bytes=settings.max_result_bytes,
        )
    return Store(settings.store, read_only=read_only)


def exists(settings: Settings) -> bool:
    """Whether the store the settings name holds a store (a server always may)."""
    return isinstance(settings.store, str) or (settings.store / "CURRENT").exists()


def _stripped(lines: Iterable[str]) -> set[str]:
    """N-Triples lines without their final `` .`` and blank lines."""
    return {line.rstrip().removesuffix(" .").rstrip() for line in lines if line.strip()}


def _quads(graph: str, lines: list[str]) -> list[ox.Quad]:
    """N-Triples lines (without their final `` .``) as quads of a named graph."""
    name = ox.NamedNode(graph)
    data = "".join(f"{line} .\n" for line in lines)
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def to_lines(graph: Graph) -> list[str]:
    """An rdflib graph as canonical N-Triples lines, in the same form :meth:`Store.graph_lines` reads them."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [f"{t.subject} {t.predicate} {t.object}" for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
