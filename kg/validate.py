"""Stage 4, validate: a graph → :class:`ValidationOutcome`, against the SHACL shapes in ``shapes/``.

Only ``sh:Violation`` results block a commit; ``sh:Warning`` and ``sh:Info`` results are reported
and the graph is committed (pySHACL is run with ``allow_warnings``). The ontology is given to
pySHACL as the ontology graph, so that class targets reach subclasses (a shape on ``kg:Actor``
applies to a ``kg:Person``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import InputError


@dataclass(frozen=True)
class ValidationOutcome:
    """The result of validating one graph.

    Attributes:
        conforms: ``True`` when there is no violation (warnings allowed).
        violations: one readable line per ``sh:Violation``: focus node, path, message.
        warnings: one readable line per ``sh:Warning`` or ``sh:Info``.
        report: pySHACL's full text report.
    """

    conforms: bool
    violations: tuple[str, ...]
    warnings: tuple[str, ...]
    report: str


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
        for result in sorted(results.subjects(SH.resultSeverity, None), key=str):
            severity = results.value(result, SH.resultSeverity)
            line = _describe(results, result, data)
            (violations if severity == SH.Violation else warnings).append(line)
        return ValidationOutcome(
            conforms=not violations,
            violations=tuple(sorted(violations)),
            warnings=tuple(sorted(warnings)),
            report=str(report),
        )


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
