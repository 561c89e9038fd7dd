"""kg.validate: facts that break a shape are dropped from an extracted graph, the rest of the article is kept.

A researcher loads articles nobody has read; the extractor's own graph must never cost them the
whole article. These tests break a real extracted graph in the ways the extractor can (a statement
with no speaker, a deployment with two statuses), validate it with the real shapes, and check that
only the broken fact goes, with a warning naming its sentence and the shape's message. RDF files a
user hands in are still rejected whole (``tests/test_load.py``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef

from kg.extract import extract
from kg.load import Loader, Prepared
from kg.map import Iris, map_extraction
from kg.read import Article
from kg.settings import Settings
from kg.store import Store
from kg.validate import Context, prune_facts

KG = Namespace("https://kg.example.org/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

TEXT = (
    "The Malian government denied on Monday that foreign troops were in the country.\n\n"
    "A senior diplomat said Russia had sent about 300 soldiers to Mali in March."
)


def extracted(tmp_path: Path) -> tuple[Graph, Article]:
    article = Article(id="00000000000000aa", path=tmp_path / "a.txt", text=TEXT, title=None)
    return map_extraction(extract(article), Iris("https://kg.example.org/")), article


def loader(settings: Settings) -> tuple[Store, Loader]:
    store = Store(settings.store)
    load = Loader(store, settings)
    load._stage_kg_graphs()  # the gazetteer and ontology every article is validated with, as a load stages them
    return store, load


def statements(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, KG.Statement) if isinstance(s, URIRef))


def test_a_statement_without_speaker_is_dropped_and_the_rest_conforms(settings: Settings, tmp_path: Path) -> None:
    graph, _ = extracted(tmp_path)
    before = statements(graph)
    assert len(before) == 2, f"expected two statements in the invented text, got {before}"
    broken = before[0]
    graph.remove((broken, KG.speaker, None))
    store, load = loader(settings)
    with store:
        prepared = Prepared(tmp_path / "a.txt", {"https://kg.example.org/graph/article/00000000000000aa": graph}, True)
        outcome = load.check(prepared)
        assert not outcome.conforms, "removing the speaker must break StatementShape"
        assert any(v.focus == broken for v in outcome.results), outcome.violations
        kept = load._drop_broken_facts(prepared, outcome)
    assert kept.conforms, kept.violations
    assert statements(graph) == before[1:], "only the broken statement goes"
    (note,) = [w for w in kept.warnings if w.startswith("dropped")]
    assert str(broken) in note and "kg:speaker" in note
    assert 'read from "' in note, f"the warning names the sentence: {note}"


def test_parts_only_the_dropped_fact_used_go_with_it(tmp_path: Path) -> None:
    graph, _ = extracted(tmp_path)
    (deployment, *_) = sorted(graph.subjects(RDF.type, KG.Deployment))
    size = graph.value(deployment, KG.size)
    assert size is not None, "the invented deployment has a size ('about 300')"
    spans = set(graph.objects(deployment, KG.evidence))
    from kg.validate import Violation

    dropped = prune_facts(graph, [Violation(deployment, None, "test: broken")])
    assert [d.fact for d in dropped] == [deployment]
    assert (deployment, None, None) not in graph and (None, None, deployment) not in graph
    assert (size, None, None) not in graph, "its quantity, used by nothing else, goes too"
    for span in spans:  # the sentence span is still used by the statement that reports it
        if (None, KG.evidence, span) in graph:
            assert (span, NIF.anchorOf, None) in graph


def test_a_violation_on_a_part_drops_every_fact_that_uses_it(tmp_path: Path) -> None:
    graph, _ = extracted(tmp_path)
    (deployment, *_) = sorted(graph.subjects(RDF.type, KG.Deployment))
    size = graph.value(deployment, KG.size)
    from kg.validate import Violation

    dropped = prune_facts(graph, [Violation(size, None, "test: a quantity with no qualifier")])
    assert deployment in [d.fact for d in dropped]
    assert (size, None, None) not in graph


def test_two_facts_that_would_share_an_iri_are_minted_apart(tmp_path: Path) -> None:
    """Regression: one deployment node carried two kg:status values and the article was rejected."""
    from dataclasses import replace

    article = Article(id="00000000000000ab", path=tmp_path / "b.txt", text=TEXT, title=None)
    extraction = extract(article)
    (first, *_) = extraction.reading.deployments
    twin = replace(first, status="denied" if first.status != "denied" else "reported")
    doubled = replace(extraction, reading=replace(extraction.reading, deployments=(first, twin, first)))
    graph = map_extraction(doubled, Iris("https://kg.example.org/"))
    nodes = sorted(graph.subjects(RDF.type, KG.Deployment))
    assert len(nodes) == 2, "the same fact twice is one node, two different facts are two"
    for node in nodes:
        assert len(set(graph.objects(node, KG.status))) == 1
    assert Literal(first.status) not in graph.objects(nodes[0], RDF.type)


def test_context_nodes_the_graph_reaches_are_checked_and_the_rest_left_out(settings: Settings, tmp_path: Path) -> None:
    """The gazetteer is validated with an article only where the article reaches it: a broken entity it names
    (directly, or through an entity it names) fails the article; a broken entity it never reaches does not."""
    graph, _ = extracted(tmp_path)
    store, load = loader(settings)
    with store:
        shared = [line for name in sorted(load.shared_names) for line in load._current_lines(name)]
        speaker = next(o for o in graph.objects(None, KG.speaker) if o in Context(shared))
        named = URIRef("https://kg.example.org/entity/test-unnamed-state")
        broken = f"{named.n3()} {RDF.type.n3()} {KG.State.n3()}"  # a state with no label: breaks the actor shapes
        assert not load.validator.validate(Graph().add((named, RDF.type, KG.State))).conforms
        context = Context([*shared, broken])
        assert load.validator.validate(graph, context).conforms, "an entity the article never reaches is left out"
        context = Context([*shared, broken, f"{speaker.n3()} {KG.memberOf.n3()} {named.n3()}"])
        reached = load.validator.validate(graph, context)
        assert not reached.conforms, f"{speaker} reaches the broken entity: it must be checked"
        assert any(str(named) in line for line in reached.violations), reached.violations


def test_a_sparql_constraint_holds_on_every_graph_validated_in_turn(settings: Settings, tmp_path: Path) -> None:
    """SHACL-SPARQL constraints are parsed once and then run against each graph: the same validator catches a
    quote that is not in its article after validating a good graph, and passes a good graph after the bad one."""
    store, load = loader(settings)
    with store:
        good, _ = extracted(tmp_path)
        bad, _ = extracted(tmp_path)
        quoted = next(s for s in statements(bad))
        bad.set((quoted, KG.quote, Literal("words nobody wrote")))
        outcomes = [load.validator.validate(g, load.shared_context()) for g in (good, bad, good)]
    assert [o.conforms for o in outcomes] == [True, False, True], [o.violations for o in outcomes]
    assert any("verbatim" in line for line in outcomes[1].violations), outcomes[1].violations
