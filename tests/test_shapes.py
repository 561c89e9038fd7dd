"""shapes/: every shape has valid and invalid examples, and each invalid example fails exactly where it says.

The examples live in ``tests/shapes/valid/<Shape>-<case>.ttl`` and ``tests/shapes/invalid/<Shape>-<what>.ttl``.
Each file opens with a comment naming what it tests:

* ``# valid: kgs:CoupShape`` — the file must produce no ``sh:Violation`` at all;
* ``# breaks: kgs:CoupShape kg:country`` (one line per constraint broken) — the file must produce a violation
  from that node shape (or one of its property shapes) on that path, and no other violation. A path is a CURIE,
  or CURIEs joined by ``|`` for an ``sh:alternativePath``.

Examples are validated twice: with the ontology as pySHACL's ``ont_graph`` (as ``kg.validate`` does) and
without it, because the shapes list the subclasses they target and must not depend on the ontology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "shapes" / "kg.ttl"
WARNINGS = ROOT / "shapes" / "kg-warnings.ttl"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
EXAMPLES = Path(__file__).resolve().parent / "shapes"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))
KG = Namespace("https://kg.example.org/ontology#")

HEADER = re.compile(r"^# (?P<kind>valid|breaks): (?P<shape>kgs:\w+)(?: (?P<path>\S+))?$")


@dataclass(frozen=True)
class Expectation:
    """What an example's header says: a node shape, and (for invalid examples) the path it breaks."""

    shape: URIRef
    path: tuple[URIRef, ...] | None


@dataclass(frozen=True)
class Result:
    """One validation result, reduced to what the examples assert."""

    severity: Node
    shape: Node
    path: tuple[URIRef, ...] | None
    focus: Node
    message: str

    def __str__(self) -> str:
        path = "|".join(str(p) for p in self.path) if self.path else "-"
        return f"{self.severity.n3()} {self.shape.n3()} {path} on {self.focus.n3()}: {self.message}"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def warnings() -> Graph:
    return Graph().parse(WARNINGS, format="turtle")


@pytest.fixture(scope="module", params=["without-ontology", "with-ontology"])
def ontology(request: pytest.FixtureRequest) -> Graph | None:
    """``None`` (no ontology), or the parsed ontology; the second run is skipped while it does not exist."""
    if request.param == "without-ontology":
        return None
    if not ONTOLOGY.is_file():
        pytest.skip(f"{ONTOLOGY.relative_to(ROOT)} does not exist yet")
    return Graph().parse(ONTOLOGY, format="turtle")


def validate(data: Graph, shapes: Graph, ontology: Graph | None) -> list[Result]:
    """Validate as ``kg.validate`` does, and return every result (violations and warnings)."""
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        advanced=True,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(node, SH.sourceShape)
        results.append(
            Result(
                severity=report.value(node, SH.resultSeverity),
                shape=node_shape_of(shapes, source),
                path=path_of(report, shapes, report.value(node, SH.resultPath)),
                focus=report.value(node, SH.focusNode),
                message=str(report.value(node, SH.resultMessage)),
            )
        )
    return results


def node_shape_of(shapes: Graph, source: Node) -> Node:
    """The node shape a result comes from: the source shape itself, or the node shape owning it."""
    owner = shapes.value(None, SH.property, source)
    return owner if owner is not None else source


def path_of(report: Graph, shapes: Graph, path: Node | None) -> tuple[URIRef, ...] | None:
    """A result path as a tuple of IRIs: one for a predicate path, several for an ``sh:alternativePath``."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return (path,)
    for graph in (report, shapes):
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is not None:
            return tuple(URIRef(p) for p in Collection(graph, alternatives))
    raise AssertionError(f"unsupported result path {path!r}")


def header(path: Path, shapes: Graph) -> list[tuple[str, Expectation]]:
    """The ``# valid:`` / ``# breaks:`` lines at the top of an example file."""
    expectations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if match:
            expand = shapes.namespace_manager.expand_curie
            steps = tuple(expand(p) for p in match["path"].split("|")) if match["path"] else None
            expectations.append((match["kind"], Expectation(expand(match["shape"]), steps)))
    return expectations


def node_shapes(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


def local(iri: URIRef) -> str:
    return iri.split("#")[-1]


def violations(results: list[Result]) -> list[Result]:
    return [r for r in results if r.severity == SH.Violation]


# --------------------------------------------------------------------------- the examples


def test_example_folders_are_not_empty() -> None:
    assert VALID, f"no valid examples in {EXAMPLES / 'valid'}"
    assert INVALID, f"no invalid examples in {EXAMPLES / 'invalid'}"


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_example_conforms(path: Path, shapes: Graph, ontology: Graph | None) -> None:
    expected = header(path, shapes)
    assert [kind for kind, _ in expected] == ["valid"], f"{path.name} must open with one '# valid: kgs:…Shape' line"
    found = violations(validate(Graph().parse(path, format="turtle"), shapes, ontology))
    assert not found, f"{path.name} should conform, but:\n" + "\n".join(map(str, found))


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_fails_where_it_says(path: Path, shapes: Graph, ontology: Graph | None) -> None:
    expected = header(path, shapes)
    assert expected, f"{path.name} must open with '# breaks: kgs:…Shape <path>'"
    assert all(kind == "breaks" and e.path for kind, e in expected), f"{path.name}: every header line needs a path"
    wanted = {(e.shape, e.path) for _, e in expected}
    found = violations(validate(Graph().parse(path, format="turtle"), shapes, ontology))
    got = {(r.shape, r.path) for r in found}
    report = "\n".join(map(str, found)) or "(no violation)"
    assert wanted <= got, f"{path.name} should break {sorted(wanted - got)}; got:\n{report}"
    assert got <= wanted, f"{path.name} breaks more than its header says; got:\n{report}"


@pytest.mark.parametrize("path", VALID + INVALID, ids=[f"{p.parent.name}/{p.name}" for p in VALID + INVALID])
def test_example_is_named_after_its_shape(path: Path, shapes: Graph) -> None:
    named = {e.shape for _, e in header(path, shapes)}
    unknown = named - node_shapes(shapes)
    assert not unknown, f"{path.name} names shapes that are not in shapes/kg.ttl: {sorted(unknown)}"
    prefix = path.name.split("-", 1)[0]
    assert prefix in {local(s) for s in named}, f"{path.name} should start with a shape it tests, not {prefix!r}"


def test_every_shape_has_a_valid_and_an_invalid_example(shapes: Graph) -> None:
    covered: dict[str, set[URIRef]] = {"valid": set(), "breaks": set()}
    for path in VALID + INVALID:
        for kind, expectation in header(path, shapes):
            covered[kind].add(expectation.shape)
    everything = node_shapes(shapes)
    assert everything, "shapes/kg.ttl defines no node shapes"
    assert not everything - covered["valid"], f"no valid example for {sorted(everything - covered['valid'])}"
    assert not everything - covered["breaks"], f"no invalid example for {sorted(everything - covered['breaks'])}"


# --------------------------------------------------------------------------- the shapes themselves


@pytest.mark.parametrize("path", [SHAPES, WARNINGS], ids=lambda p: p.name)
def test_shapes_validate_against_shacl_for_shacl(path: Path) -> None:
    shacl_shacl = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, _report, text = pyshacl.validate(Graph().parse(path, format="turtle"), shacl_graph=shacl_shacl)
    assert conforms, text


@pytest.mark.parametrize(("path", "severity"), [(SHAPES, SH.Violation), (WARNINGS, SH.Warning)], ids=["kg", "warnings"])
def test_every_shape_is_documented_and_has_the_file_severity(path: Path, severity: URIRef) -> None:
    graph = Graph().parse(path, format="turtle")
    property_shapes = set(graph.subjects(SH.path, None))
    assert property_shapes, f"{path.name} has no property shapes"
    for shape in property_shapes:
        where = f"{path.name}: property shape on {graph.value(shape, SH.path)!r}"
        assert graph.value(shape, SH.name) is not None, f"{where} has no sh:name"
        assert graph.value(shape, SH.message) is not None, f"{where} has no sh:message"
        assert graph.value(shape, SH.severity) == severity, f"{where} should have sh:severity {severity.n3()}"
    for shape in node_shapes(graph):
        assert graph.value(shape, SH.severity) == severity, f"{shape.n3()} should have sh:severity {severity.n3()}"
        assert graph.value(shape, RDFS.label) is not None, f"{shape.n3()} has no rdfs:label"
        for constraint in graph.objects(shape, SH.sparql):
            assert graph.value(constraint, SH.message) is not None, f"an sh:sparql of {shape.n3()} has no sh:message"


def test_shape_files_do_not_share_node_shapes(shapes: Graph, warnings: Graph) -> None:
    shared = node_shapes(shapes) & node_shapes(warnings)
    assert not shared, f"loaded together, these shapes would merge: {sorted(shared)}"


def test_warnings_only_ever_warn(warnings: Graph) -> None:
    fired: set[Node] = set()
    for path in VALID + INVALID:
        results = validate(Graph().parse(path, format="turtle"), warnings, None)
        not_warnings = [str(r) for r in results if r.severity != SH.Warning]
        assert not not_warnings, f"kg-warnings.ttl gave more than warnings on {path.name}:\n" + "\n".join(not_warnings)
        fired |= {r.shape for r in results}
    silent = node_shapes(warnings) - fired
    assert not silent, f"these warning shapes never fire on any example, so they are untested: {sorted(silent)}"


# --------------------------------------------------------------------------- agreement with the ontology


@pytest.fixture(scope="module")
def ontology_graph() -> Graph:
    if not ONTOLOGY.is_file():
        pytest.skip(f"{ONTOLOGY.relative_to(ROOT)} does not exist yet")
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.mark.parametrize("path", [SHAPES, WARNINGS], ids=lambda p: p.name)
def test_shapes_target_every_subclass_the_ontology_declares(path: Path, ontology_graph: Graph) -> None:
    graph = Graph().parse(path, format="turtle")
    for shape in node_shapes(graph):
        targets = set(graph.objects(shape, SH.targetClass))
        subclasses = {
            c
            for t in targets
            for c in ontology_graph.transitive_subjects(RDFS.subClassOf, t)
            if isinstance(c, URIRef) and c.startswith(str(KG))
        }
        missing = subclasses - targets
        assert not missing, f"{shape.n3()} should also target {sorted(missing)} (subclasses in the ontology)"


def test_shapes_use_only_terms_the_ontology_declares(shapes: Graph, ontology_graph: Graph) -> None:
    used: set[URIRef] = set()
    for predicate in (SH.targetClass, SH["class"], SH.path, SH.lessThanOrEquals):
        used |= {o for o in shapes.objects(None, predicate) if isinstance(o, URIRef)}
    for members in shapes.objects(None, SH["in"]):
        used |= {m for m in Collection(shapes, members) if isinstance(m, URIRef)}
    for alternatives in shapes.objects(None, SH.alternativePath):
        used |= {m for m in Collection(shapes, alternatives) if isinstance(m, URIRef)}
    declared = {s for s in ontology_graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    undeclared = sorted(t for t in used if t.startswith(str(KG)) and t not in declared)
    assert not undeclared, f"shapes/kg.ttl uses kg: terms the ontology does not declare: {undeclared}"
    assert (URIRef(str(KG).rstrip("#")), RDF.type, OWL.Ontology) in ontology_graph
