"""kg.store: the embedded Oxigraph store — union default graph, atomic graph replacement, clear errors."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError
from kg.store import Store

A = "<https://kg.example.org/a>"
P = "<https://kg.example.org/p>"
G1 = "https://kg.example.org/graph/one"
G2 = "https://kg.example.org/graph/two"


def test_store_persists_on_disk(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graphs({G1: [f'{A} {P} "1"']})
    with Store(tmp_path / "s", read_only=True) as store:
        assert len(store) == 1
        assert store.named_graphs() == [G1]


def test_default_graph_is_the_union_of_named_graphs() -> None:
    store = Store()
    store.replace_graphs({G1: [f'{A} {P} "1"'], G2: [f'{A} {P} "2"']})
    result = store.query(f"SELECT ?o WHERE {{ {A} {P} ?o }} ORDER BY ?o")
    assert isinstance(result, ox.QuerySolutions)
    assert [row["o"].value for row in result] == ["1", "2"]


def test_default_graph_can_be_narrowed_to_chosen_graphs() -> None:
    store = Store()
    store.replace_graphs({G1: [f'{A} {P} "1"'], G2: [f'{A} {P} "2"']})
    result = store.query(f"SELECT ?o WHERE {{ {A} {P} ?o }}", default_graph=[G2])
    assert [row["o"].value for row in result] == ["2"]  # type: ignore[union-attr]


def test_replacing_a_graph_is_idempotent_and_reports_changes() -> None:
    store = Store()
    first = store.replace_graphs({G1: [f'{A} {P} "1"', f'{A} {P} "2"']})
    assert (first[0].added, first[0].removed) == (2, 0)
    again = store.replace_graphs({G1: [f'{A} {P} "2" .', f'{A} {P} "1"']})
    assert not again[0].changed
    changed = store.replace_graphs({G1: [f'{A} {P} "2"', f'{A} {P} "3"']})
    assert (changed[0].added, changed[0].removed) == (1, 1)
    assert len(store) == 2


def test_a_refused_write_changes_nothing() -> None:
    store = Store()
    store.replace_graphs({G1: [f'{A} {P} "1"']})
    with pytest.raises(StoreError, match="nothing changed"):
        # the first graph is fine, the second is not: neither may be written
        store.replace_graphs({G1: [f'{A} {P} "new"'], G2: [f"{A} {P}"]})
    assert store.graph_lines(G1) == [f'{A} {P} "1"']
    assert store.named_graphs() == [G1]


def test_a_refused_write_of_new_graphs_changes_nothing(tmp_path: Path) -> None:
    """Graphs the store does not hold yet are added in one transaction, as graphs it holds are replaced in one."""
    with Store(tmp_path / "s") as store:
        with pytest.raises(StoreError, match="nothing changed"):
            store.replace_graphs({G1: [f'{A} {P} "new"'], G2: [f"{A} {P}"]})
        assert len(store) == 0
        assert store.named_graphs() == []


def test_new_and_replaced_graphs_are_stored_the_same_way() -> None:
    """Whether the store held the graphs before (a SPARQL update drops and inserts) or not (quads added): the same
    quads, literals canonicalised alike; graphs with a blank node are inserted as before, each its own node."""
    lines = {
        G1: [f'{A} {P} "01"^^<http://www.w3.org/2001/XMLSchema#integer>', f'{A} {P} "été"@fr'],
        G2: [f'{A} {P} "a \\"quoted\\" word\\n"', f"{A} {P} _:b", f"_:b {P} {A}"],
    }
    new, held = Store(), Store()
    held.replace_graphs({G1: [f'{A} {P} "old"'], G2: [f'{A} {P} "old"']})
    assert [(c.added, c.removed) for c in new.replace_graphs(lines)] == [(2, 0), (3, 0)]
    assert [(c.added, c.removed) for c in held.replace_graphs(lines)] == [(2, 1), (3, 1)]
    assert new.graph_lines(G1) == held.graph_lines(G1)
    assert f'{A} {P} "1"^^<http://www.w3.org/2001/XMLSchema#integer>' in new.graph_lines(G1)
    for store in (new, held):
        assert store.graph_lines(G2)[0] == lines[G2][0]
        nodes = store.query(f"SELECT DISTINCT ?b WHERE {{ {A} {P} ?b . ?b {P} {A} FILTER isBlank(?b) }}")
        assert len(list(nodes)) == 1  # type: ignore[arg-type]


def test_malformed_query_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="syntax error"):
        Store().query("SELEC * WHERE { ?s ?p ?o }")


def test_a_store_locked_by_another_writer_gives_a_clear_error(tmp_path: Path) -> None:
    with Store(tmp_path / "s"), pytest.raises(StoreError, match="cannot open the store"):
        Store(tmp_path / "s")
