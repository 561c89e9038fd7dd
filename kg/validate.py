"""Stage 4, validate: a graph → :class:`ValidationOutcome`, against the SHACL shapes in ``shapes/``.

Only ``sh:Violation`` results block a commit; ``sh:Warning`` and ``sh:Info`` results are reported
and the graph is committed (pySHACL is run with ``allow_warnings``). The ontology's class
hierarchy is part of every data graph, so that class targets reach subclasses (a shape on
``kg:Actor`` applies to a ``kg:Person``).

Validation is prepared once per process and costs little per graph:

- the data graph pySHACL sees is built here, once, from the graph, the class hierarchy and the
  part of the context (the canonical entities and the gazetteer) that the graph reaches, and
  validated in place: pySHACL neither copies it nor mixes the whole ontology in, and the
  thousands of gazetteer entities an article never names are not validated once per article;
- the context is kept as N-Triples lines by subject (:class:`Context`) and only the lines a
  graph reaches are parsed, so a process does not parse the whole gazetteer before its first article;
- the shapes are compiled once (:mod:`kg.shacl`) into checks run over the graph indexed by subject,
  with the SHACL-SPARQL constraints on Oxigraph; a graph they find nothing wrong with (warnings
  aside) needs no pySHACL at all, and one they find a violation in goes to pySHACL, which writes
  the report users read, exactly as before;
- where pySHACL runs, the SHACL-SPARQL constraints are parsed once: the data graph keeps each query
  it was asked, parsed, by its text (pySHACL hands rdflib the same text for every focus node).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.errors import InputError
from kg.map import KG, NIF
from kg.shacl import CompiledShapes, Result, Unsupported, compile_shapes, from_ox
from kg.store import to_lines

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Violation:
    """One ``sh:Violation``, with the node it is about.

    Attributes:
        focus: the focus node the constraint failed on.
        shape: the shape (or property shape) whose constraint failed, when it has an IRI.
        line: the readable line (focus node, path, message), as in :attr:`ValidationOutcome.violations`.
    """

    focus: Node
    shape: Node | None
    line: str


@dataclass(frozen=True)
class ValidationOutcome:
    """The result of validating one graph.

    Attributes:
        conforms: ``True`` when there is no violation (warnings allowed).
        violations: one readable line per ``sh:Violation``: focus node, path, message.
        warnings: one readable line per ``sh:Warning`` or ``sh:Info``.
        report: pySHACL's full text report.
        results: each violation with its focus node (what :func:`prune_facts` needs).
    """

    conforms: bool
    violations: tuple[str, ...]
    warnings: tuple[str, ...]
    report: str
    results: tuple[Violation, ...] = field(default=(), compare=False)


class Validator:
    """Validates graphs against a fixed set of shapes; the shapes and ontology are parsed once.

    Args:
        shapes: SHACL files (violations and warnings alike; severities come from the shapes).
        ontology: the OWL ontology, used for class hierarchy only.
        compiled: check graphs with the compiled shapes first (:mod:`kg.shacl`), pySHACL only where they find a
            violation; ``False``: pySHACL for every graph (the reference the compiled checks are tested against).
    """

    def __init__(self, shapes: Iterable[Path], ontology: Path | None = None, *, compiled: bool = True) -> None:
        shapes = list(shapes)
        self.shapes = _read_turtle(p for p in shapes if p.is_file())
        if not len(self.shapes):
            raise InputError(", ".join(str(p) for p in shapes) or "shapes", "no SHACL shapes found")
        self._ontology_paths = [ontology] if ontology is not None and ontology.is_file() else []
        #: What validation needs of the ontology: its class hierarchy (class targets and ``sh:class`` follow it).
        self.hierarchy = Graph()
        for quad in _parse_turtle(self._ontology_paths):
            if quad.predicate == _SUBCLASS_OF:
                self.hierarchy.add(_triple(quad))
        self._hierarchy_triples = list(self.hierarchy)
        self._hierarchy_lines = to_lines(self.hierarchy)
        self.compiled: CompiledShapes | None = None
        if compiled:
            try:
                self.compiled = compile_shapes(self.shapes)
            except Unsupported as exc:
                log.info("the shapes are validated by pySHACL alone: %s", exc)

    @cached_property
    def ontology(self) -> Graph:
        """The whole ontology, read when asked for (validation needs only its class hierarchy)."""
        return _read_turtle(self._ontology_paths)

    def validate(
        self, data: Graph | Sequence[Graph], context: Context | None = None, lines: Sequence[str] | None = None
    ) -> ValidationOutcome:
        """Validate a graph.

        Args:
            data: the graph, or several validated as one (they are not modified).
            context: triples the graph may point into (the canonical entities, the gazetteer): the
                nodes the graph reaches in it, and the nodes those reach, are validated with the graph
                and can satisfy its constraints (an ``sh:class`` on a gazetteer actor); the rest is left out.
            lines: the graph as N-Triples lines (:func:`kg.store.to_lines`), when the caller has them already.

        Returns:
            The outcome.
        """
        graphs = [data] if isinstance(data, Graph) else list(data)
        # Nodes are named with the prefixes of the one graph given, or rdflib's own for several (as a merged copy has).
        names = data if isinstance(data, Graph) else Graph()
        if self.compiled is not None:
            reached = context.reached(graphs) if context is not None else []
            outcome = self._sieve(graphs, names, reached, context, lines)
            if outcome is not None:
                return outcome
        return self._pyshacl(graphs, names, context)

    def _sieve(
        self,
        graphs: list[Graph],
        names: Graph,
        reached: list[str],
        context: Context | None,
        lines: Sequence[str] | None,
    ) -> ValidationOutcome | None:
        """The outcome from the compiled shapes, or ``None`` where pySHACL must decide (a violation, or a result
        the compiled checks do not word as pySHACL does)."""
        assert self.compiled is not None
        triples = itertools.chain(
            *graphs, self._hierarchy_triples, context.triples(reached) if context is not None else ()
        )
        all_lines: Iterable[str] = ()
        if self.compiled.uses_sparql:
            data_lines = lines if lines is not None else [line for g in graphs for line in to_lines(g)]
            all_lines = itertools.chain(data_lines, self._hierarchy_lines, reached)
        results = self.compiled.check(triples, all_lines)
        if not all(r.decisive for r in results):
            return None
        warnings = tuple(sorted(_line(names, r) for r in results))
        return ValidationOutcome(
            conforms=True,
            violations=(),
            warnings=warnings,
            report="Validation Report (kg.shacl, compiled shapes)\nConforms: True\n"
            + "".join(f"{w}\n" for w in warnings),
        )

    def _pyshacl(self, graphs: list[Graph], names: Graph, context: Context | None) -> ValidationOutcome:
        import pyshacl  # slow to import; only validation needs it

        target = _ParsedQueryGraph()
        for graph in graphs:
            target += graph
        target += self.hierarchy
        if context is not None:
            context.add_reached(graphs, target)
        _conforms, results, report = pyshacl.validate(
            target,
            shacl_graph=self.shapes,
            inference="none",
            allow_warnings=True,
            advanced=True,
            inplace=True,
        )
        violations: list[str] = []
        warnings: list[str] = []
        found: list[Violation] = []
        for result in sorted(results.subjects(SH.resultSeverity, None), key=str):
            severity = results.value(result, SH.resultSeverity)
            line = _describe(results, result, names)
            (violations if severity == SH.Violation else warnings).append(line)
            focus = results.value(result, SH.focusNode)
            if severity == SH.Violation and focus is not None:
                found.append(Violation(focus, results.value(result, SH.sourceShape), line))
        return ValidationOutcome(
            conforms=not violations,
            violations=tuple(sorted(violations)),
            warnings=tuple(sorted(warnings)),
            report=str(report),
            results=tuple(found),
        )


def _read_turtle(paths: Iterable[Path]) -> Graph:
    """Turtle files as one rdflib graph, parsed by Oxigraph (a tenth of the time rdflib's parser takes).

    Raises:
        InputError: a file is not valid Turtle.
    """
    graph = Graph()
    for quad in _parse_turtle(paths):
        graph.add(_triple(quad))
    return graph


def _parse_turtle(paths: Iterable[Path]) -> list[ox.Quad]:
    """Turtle files' triples, parsed by Oxigraph.

    Raises:
        InputError: a file is not valid Turtle.
    """
    quads: list[ox.Quad] = []
    for path in paths:
        try:
            quads += ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        except SyntaxError as exc:
            raise InputError(path, f"is not valid Turtle: {exc}") from None
    return quads


_SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))


def _triple(quad: ox.Quad) -> tuple[Node, Node, Node]:
    """An Oxigraph quad's triple in rdflib terms."""
    return from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)


class _ParsedQueryGraph(Graph):
    """A graph that parses each SPARQL query text once (pySHACL asks the same query for every focus node)."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs") and not kwargs.get("base"):
            query_object = _parsed(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _parsed(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery  # only pySHACL's queries need rdflib's SPARQL engine

    return prepareQuery(text)


class Context:
    """Triples a graph may point into (the canonical entities, the gazetteer), as N-Triples lines by subject.

    Only the part a validated graph reaches is ever parsed (:meth:`add_reached`).

    Args:
        lines: N-Triples lines, with or without the final `` .`` (as :func:`kg.store.to_lines` writes them).
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._about: dict[str, list[str]] = {}
        self._parsed: dict[str, tuple[Node, Node, Node]] = {}
        for line in lines:
            line = line.strip().removesuffix(" .")
            if line and not line.startswith("#"):
                self._about.setdefault(line.split(" ", 1)[0], []).append(line)

    def __contains__(self, node: object) -> bool:
        """Whether the context says anything about a node (an rdflib term)."""
        return isinstance(node, URIRef | BNode) and node.n3() in self._about

    def reached(self, graphs: Iterable[Graph]) -> list[str]:
        """The lines about the nodes the graphs name, and about the nodes those reach, and so on."""
        seen: set[str] = set()
        todo = [n.n3() for g in graphs for triple in g for n in (triple[0], triple[2]) if isinstance(n, URIRef | BNode)]
        found: list[str] = []
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for line in self._about.get(node, ()):
                found.append(line)
                value = line.split(" ", 2)[2]
                if value[0] in "<_" and value not in seen:
                    todo.append(value)
        return found

    def add_reached(self, graphs: Iterable[Graph], target: Graph) -> None:
        """Add to ``target`` the triples about the nodes the graphs name, and about the nodes those reach, and so on."""
        found = self.reached(graphs)
        if found:
            target.parse(data=" .\n".join(found) + " .\n", format="nt")

    def triples(self, lines: Sequence[str]) -> list[tuple[Node, Node, Node]]:
        """Some of the context's lines as rdflib triples; each line is parsed once in the life of the context."""
        todo = [line for line in dict.fromkeys(lines) if line not in self._parsed]
        if todo:
            quads = ox.parse(" .\n".join(todo) + " .\n", format=ox.RdfFormat.N_TRIPLES)
            for line, quad in zip(todo, quads, strict=True):
                self._parsed[line] = _triple(quad)
        return [self._parsed[line] for line in lines]


#: Nodes that exist only to describe a fact: dropped with the last fact that uses them.
_PARTS = (KG.Time, KG.Quantity, KG.TextSpan)


@dataclass(frozen=True)
class DroppedFact:
    """A fact taken out of an extracted graph because it broke a shape.

    Attributes:
        fact: the fact's IRI (a statement or an event).
        sentence: the text of its evidence, where it has one.
        reason: the violation that made it go.
    """

    fact: Node
    sentence: str
    reason: str

    def __str__(self) -> str:
        where = f' read from "{self.sentence}"' if self.sentence else ""
        return f"dropped {self.fact}{where}: {self.reason}"


def prune_facts(graph: Graph, violations: Iterable[Violation]) -> tuple[DroppedFact, ...]:
    """Take the facts that break shapes out of an extracted article graph, in place.

    A fact is a node with ``kg:evidence`` (a statement or an event). A violation on a fact drops
    that fact; a violation on any other node (a time, a quantity, a local actor) drops every fact
    that points to it, and the node itself. What only those facts used (their times, quantities,
    spans) goes with them; the article, its sentences and the other facts stay. The extractor's
    graph is one reading among many of the text: losing one fact is better than losing the article.
    Files a user hands in as RDF are never pruned (the loader rejects them whole).

    Args:
        graph: the article's graph (modified).
        violations: the violations found on it.

    Returns:
        The facts dropped, each with its sentence and the violation; empty when none could be.
    """
    dropped: dict[Node, DroppedFact] = {}
    for violation in violations:
        focus = violation.focus
        if (focus, None, None) not in graph and (None, None, focus) not in graph:
            continue  # a node of the shared graphs: not the extractor's to drop
        facts = [focus] if _is_fact(graph, focus) else [s for s in graph.subjects(None, focus) if _is_fact(graph, s)]
        for fact in facts:
            if fact not in dropped:
                dropped[fact] = DroppedFact(fact, _sentence(graph, fact), violation.line)
        if not facts or not _is_fact(graph, focus):
            _remove(graph, focus)
    for fact in dropped:
        _remove(graph, fact)
    return tuple(dropped[f] for f in sorted(dropped, key=str))


def _is_fact(graph: Graph, node: Node) -> bool:
    return (node, KG.evidence, None) in graph


def _sentence(graph: Graph, fact: Node) -> str:
    texts = sorted(str(graph.value(span, NIF.anchorOf) or "") for span in graph.objects(fact, KG.evidence))
    return texts[0] if texts else ""


def _remove(graph: Graph, node: Node) -> None:
    """Remove a node's triples, then every part (time, quantity, span) nothing else points to any more."""
    parts = set(graph.objects(node, None))
    graph.remove((node, None, None))
    graph.remove((None, None, node))
    for part in parts:
        if any((part, RDF.type, t) in graph for t in _PARTS) and (None, None, part) not in graph:
            graph.remove((part, None, None))


def _line(names: Graph, result: Result) -> str:
    """A compiled check's result as :func:`_describe` writes pySHACL's."""
    return _written(names, result.focus, result.path, result.message)


def _describe(results: Graph, result: Node, data: Graph) -> str:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage) or results.value(result, SH.sourceConstraintComponent)
    return _written(data, focus, path, message)


def _written(names: Graph, focus: object, path: object, message: object) -> str:
    """A result as users read it: focus node, path (when it is a predicate), message."""
    path_text = f" {_short(names, path)}" if isinstance(path, URIRef) else ""
    return f"{_short(names, focus)}{path_text}: {message}"


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return f"<{node}>"
    return str(node)
