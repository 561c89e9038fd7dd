"""Stage 4, validate: a graph → :class:`ValidationOutcome`, against the SHACL shapes in ``shapes/``.

Only ``sh:Violation`` results block a commit; ``sh:Warning`` and ``sh:Info`` results are reported
and the graph is committed (pySHACL is run with ``allow_warnings``). The ontology is given to
pySHACL as the ontology graph, so that class targets reach subclasses (a shape on ``kg:Actor``
applies to a ``kg:Person``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import InputError
from kg.map import KG, NIF


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
    """

    def __init__(self, shapes: Iterable[Path], ontology: Path | None = None) -> None:
        self.shapes = Graph()
        for path in shapes:
            if path.is_file():
                self.shapes.parse(path, format="turtle")
        if not len(self.shapes):
            raise InputError(", ".join(str(p) for p in shapes) or "shapes", "no SHACL shapes found")
        self.ontology = Graph()
        if ontology is not None and ontology.is_file():
            self.ontology.parse(ontology, format="turtle")

    def validate(self, data: Graph) -> ValidationOutcome:
        """Validate a graph.

        Args:
            data: the graph (it is not modified).

        Returns:
            The outcome.
        """
        import pyshacl  # slow to import; only validation needs it

        _conforms, results, report = pyshacl.validate(
            data,
            shacl_graph=self.shapes,
            ont_graph=self.ontology if len(self.ontology) else None,
            inference="none",
            allow_warnings=True,
            advanced=True,
            inplace=False,
        )
        violations: list[str] = []
        warnings: list[str] = []
        found: list[Violation] = []
        for result in sorted(results.subjects(SH.resultSeverity, None), key=str):
            severity = results.value(result, SH.resultSeverity)
            line = _describe(results, result, data)
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


def _describe(results: Graph, result: Node, data: Graph) -> str:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage) or results.value(result, SH.sourceConstraintComponent)
    focus_text = _short(data, focus)
    path_text = f" {_short(data, path)}" if isinstance(path, URIRef) else ""
    return f"{focus_text}{path_text}: {message}"


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return f"<{node}>"
    return str(node)
