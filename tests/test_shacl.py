"""kg.shacl: the compiled shapes reach pySHACL's outcome on every graph, broken or not.

Loading validates every article; the compiled checks (:mod:`kg.shacl`) decide the graphs they find
nothing wrong with, and hand every other one to pySHACL. These tests hold them to pySHACL itself,
the reference: the real shapes on the sample article, on the development articles where they are
here, and on some two hundred graphs broken from them at random (a triple removed, a value of the wrong
kind, a second value, a node of another class), must give the same verdict, the same violations
and the same warnings, word for word. Hand-made shapes check each component whose warnings the
compiled checks word themselves, and shapes they do not evaluate fall back to pySHACL alone.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from kg.load import Loader
from kg.settings import Settings
from kg.store import Store
from kg.validate import Context, ValidationOutcome, Validator

from .conftest import DEV, DEV_ABSENT, SEED_TXT

KG = Namespace("https://kg.example.org/ontology#")
EX = Namespace("https://example.org/")
COMPILED = "Validation Report (kg.shacl, compiled shapes)"


def validators(settings: Settings) -> tuple[Validator, Validator]:
    shapes = (*settings.shapes, *settings.warning_shapes)
    compiled, reference = Validator(shapes, settings.ontology), Validator(shapes, settings.ontology, compiled=False)
    assert compiled.compiled is not None, "kg's own shapes must compile"
    return compiled, reference


def verdict(outcome: ValidationOutcome) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    return outcome.conforms, outcome.violations, outcome.warnings


def article_graphs(settings: Settings, paths: list[Path]) -> tuple[list[Graph], Context]:
    with Store(settings.store) as store:
        loader = Loader(store, settings)
        loader._stage_kg_graphs()  # the gazetteer and ontology every article is validated with
        graphs = [g for p in paths for g in loader.prepare(p).graphs.values()]
        return graphs, loader.shared_context()


def mutant(graph: Graph, rng: random.Random, classes: list[URIRef]) -> Graph:
    """A copy of a graph broken in one way an extractor or a hand-written file could break it."""
    broken = Graph()
    broken += graph
    triples = sorted(broken, key=str)
    s, p, o = rng.choice(triples)
    odd_values = [
        Literal(-5),
        Literal("x"),
        Literal(""),
        Literal("x", lang="en"),
        Literal("abc", datatype=XSD.integer),
        Literal("2021-13-45", datatype=XSD.date),
        Literal("2021", datatype=XSD.gYear),
        Literal(3.5),
        EX.nowhere,
        BNode(),
        rng.choice(triples)[0],
    ]
    kind = rng.randrange(5)
    if kind == 0:
        broken.remove((s, p, o))
    elif kind == 1:
        broken.set((s, p, rng.choice(odd_values)))
    elif kind == 2:
        broken.add((s, p, rng.choice([*odd_values, rng.choice(triples)[2]])))
    elif kind == 3:
        typed = sorted(broken.subject_objects(RDF.type), key=str)
        node, cls = rng.choice(typed)
        broken.remove((node, RDF.type, cls))
        broken.add((node, RDF.type, rng.choice(classes)))
    else:
        numbers = [t for t in triples if isinstance(t[2], Literal) and isinstance(t[2].value, int)]
        if numbers:
            s, p, o = rng.choice(numbers)
            broken.set((s, p, Literal(o.value + rng.choice([-1000, -1, 1, 100000]))))
    return broken


def agree(compiled: Validator, reference: Validator, graph: Graph, context: Context | None) -> bool:
    """Assert both give the same outcome; whether the compiled checks decided it without pySHACL.

    pySHACL fails outright on a few broken graphs (rdflib's SUBSTR on a float offset): the compiled checks,
    which find the offset's datatype violated, must hand those to pySHACL too, and fail the same way."""
    try:
        slow = reference.validate(graph, context)
    except Exception as exc:
        with pytest.raises(type(exc)):
            compiled.validate(graph, context)
        return False
    fast = compiled.validate(graph, context)
    assert verdict(fast) == verdict(slow), f"compiled {verdict(fast)}\npySHACL {verdict(slow)}"
    return fast.report.startswith(COMPILED)


def test_the_compiled_shapes_agree_with_pyshacl_on_the_sample_and_its_broken_copies(settings: Settings) -> None:
    compiled, reference = validators(settings)
    graphs, context = article_graphs(settings, [SEED_TXT])
    classes = sorted({c for c in compiled.ontology.subjects(RDF.type, None) if str(c).startswith(str(KG))}, key=str)
    assert agree(compiled, reference, graphs[0], context), "a good article is decided without pySHACL"
    rng = random.Random(20261206)
    decided = sum(agree(compiled, reference, mutant(graphs[0], rng, classes), context) for _ in range(30))
    assert 3 < decided < 30, f"{decided} of 30 broken copies decided without pySHACL: both paths must be exercised"


@pytest.mark.skipif(not (DEV / "gold").is_dir(), reason=DEV_ABSENT)
def test_the_compiled_shapes_agree_with_pyshacl_on_the_development_articles_and_broken_copies(
    settings: Settings,
) -> None:
    compiled, reference = validators(settings)
    graphs, context = article_graphs(settings, sorted(DEV.glob("*.txt")))
    classes = sorted({c for c in compiled.ontology.subjects(RDF.type, None) if str(c).startswith(str(KG))}, key=str)
    rng = random.Random(6)
    for graph in graphs:
        assert agree(compiled, reference, graph, context)
        for _ in range(5):
            agree(compiled, reference, mutant(graph, rng, classes), context)


WARNING_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ; sh:minLength 2 ;
                  sh:maxLength 5 ; sh:severity sh:Warning ; sh:message "one short name" ] ,
                [ sh:path ex:code ; sh:pattern "^[A-Z]+$" ; sh:nodeKind sh:Literal ; sh:severity sh:Info ;
                  sh:message "codes are capitals" ] ,
                [ sh:path ex:kind ; sh:in ( ex:a ex:b ) ; sh:severity sh:Warning ; sh:message "a or b" ] ,
                [ sh:path [ sh:alternativePath ( ex:part ex:piece ) ] ; sh:class ex:Part ; sh:minCount 1 ;
                  sh:severity sh:Warning ; sh:message "parts are parts" ] ,
                [ sh:path ex:count ; sh:datatype xsd:integer ; sh:severity sh:Warning ; sh:message "counts" ] .
"""


def test_each_component_s_warnings_are_worded_as_pyshacl_words_them(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(WARNING_SHAPES, encoding="utf-8")
    compiled, reference = Validator([shapes]), Validator([shapes], compiled=False)
    assert compiled.compiled is not None
    data = Graph()
    for n, name in enumerate(["x", "a name too long", "ok"]):
        thing = EX[f"thing{n}"]
        data.add((thing, RDF.type, EX.Thing))
        data.add((thing, EX.name, Literal(name)))
    data.add((EX.thing0, EX.name, Literal("xy", lang="en")))  # a second name, and not a plain string
    data.add((EX.thing0, EX.code, Literal("abc")))
    data.add((EX.thing1, EX.code, EX.iri))  # an IRI: wrong node kind, and no match
    data.add((EX.thing1, EX.kind, EX.c))
    data.add((EX.thing2, EX.kind, EX.a))
    data.add((EX.thing0, EX.piece, EX.p0))
    data.add((EX.p0, RDF.type, EX.Part))
    data.add((EX.thing1, EX.part, Literal("p")))
    data.add((EX.thing2, EX["count"], Literal("12", datatype=XSD.integer)))
    data.add((EX.thing1, EX["count"], Literal("twelve", datatype=XSD.integer)))  # ill-typed
    fast, slow = compiled.validate(data), reference.validate(data)
    assert fast.report.startswith(COMPILED), "warnings of these components are decided without pySHACL"
    assert verdict(fast) == verdict(slow)
    assert fast.conforms and len(fast.warnings) >= 10, fast.warnings


def test_a_violation_is_reported_by_pyshacl(settings: Settings) -> None:
    compiled, _reference = validators(settings)
    graph = Graph().add((EX.state, RDF.type, KG.State))  # a state with no label
    outcome = compiled.validate(graph)
    assert not outcome.conforms
    assert "Conforms: False" in outcome.report and not outcome.report.startswith(COMPILED)
    assert {v.focus for v in outcome.results} == {EX.state}


@pytest.mark.parametrize(
    "extra",
    [
        "ex:ThingShape sh:targetNode ex:thing0 .",
        "ex:ThingShape sh:property [ sh:path ex:name ; sh:node ex:OtherShape ] .",
        "ex:ThingShape sh:property [ sh:path ( ex:part ex:name ) ; sh:maxCount 5 ] .",
        "ex:ThingShape a <http://www.w3.org/2000/01/rdf-schema#Class> .",
    ],
)
def test_shapes_the_compiled_checks_do_not_evaluate_are_left_to_pyshacl(tmp_path: Path, extra: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(WARNING_SHAPES + extra + "\nex:OtherShape a sh:NodeShape ; sh:minLength 1 .\n", encoding="utf-8")
    validator = Validator([shapes])
    assert validator.compiled is None
    data = Graph().add((EX.thing0, RDF.type, EX.Thing))
    outcome = validator.validate(data)
    assert outcome.conforms and any("one short name" in w for w in outcome.warnings), outcome.warnings
    assert not outcome.report.startswith(COMPILED)
