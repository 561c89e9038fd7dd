"""A SPARQL server as the store (``KG_STORE=http://…``): the same load, query and dump as the embedded store.

Two real servers, started here on loopback: ``oxigraph serve`` and Virtuoso 7 (Debian's
``virtuoso-opensource``; ``.ci/run`` installs it, and these tests fail there rather than skip).
Each test starts from an empty server and compares what kg does through it with what it does on
the embedded store, through the real command line and a real ``kg serve`` in front of the server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.remote import RemoteStore
from kg.settings import Settings
from tests.conftest import ROOT, SEED_TXT, SEEDS, free_port, kg_command, serving
from tests.servers import (
    REQUIRE_VIRTUOSO,
    VIRTUOSO_ABSENT,
    oxigraph_server,
    virtuoso_installed,
    virtuoso_server,
)

SERVERS = ["oxigraph", "virtuoso"]


@pytest.fixture(scope="module", params=SERVERS)
def server_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running SPARQL server, for the whole module: its URL as a user gives it to kg."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "oxigraph":
        with oxigraph_server(folder) as url:
            yield url  # the server's root: kg finds /query and /update
    else:
        if not virtuoso_installed():
            if REQUIRE_VIRTUOSO:
                pytest.fail(VIRTUOSO_ABSENT)
            pytest.skip(VIRTUOSO_ABSENT)
        with virtuoso_server(folder) as url:
            yield url


@pytest.fixture
def remote(server_url: str) -> str:
    """The server, emptied of every graph kg can see."""
    with RemoteStore(server_url) as store:
        store.remove_graphs(store.named_graphs())
        assert store.named_graphs() == [] and len(store) == 0
    return server_url


def env(store: str | Path) -> dict[str, str]:
    return {"KG_STORE": str(store)}


def quads(nquads: str) -> set[str]:
    """N-Quads text as a set of canonical quads (servers write them in their own order)."""
    return {str(q) for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}


def dump(store: str | Path) -> str:
    result = kg_command("dump", "--format", "nq", env=env(store))
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(store: str | Path, query: str) -> list[str]:
    result = kg_command("query", query, env=env(store))
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.splitlines())


def same_values(server: str, lines: list[str]) -> list[str]:
    """Result rows as a server's values: Virtuoso computes a boolean expression (``BOUND(?x)``) as the integer 1 or 0
    (its stored booleans stay booleans)."""
    if not server.endswith("/sparql"):
        return lines
    return sorted(
        re.sub(r"(?<=\t)(true|false)(?=\t|$)", lambda m: "1" if m.group(1) == "true" else "0", line) for line in lines
    )


def test_load_query_and_dump_give_what_the_embedded_store_gives(
    remote: str, seeded_store_dir: Path, tmp_path: Path
) -> None:
    loaded = kg_command("load", str(SEEDS), env=env(remote))
    assert loaded.returncode == 0, loaded.stderr
    assert "added" in loaded.stdout, loaded.stdout
    assert quads(dump(remote)) == quads(dump(seeded_store_dir)), "the server holds other quads than the embedded store"
    for query in ("coups.rq", "statements.rq", "wagner-claims.rq", "provenance.rq", "presences.rq"):
        path = str(ROOT / "queries" / query)
        assert same_values(remote, rows(remote, path)) == same_values(remote, rows(seeded_store_dir, path)), query
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert rows(remote, count) == rows(seeded_store_dir, count), "the default graph is the union of kg's graphs"
    again = kg_command("load", str(SEEDS), env=env(remote))
    assert again.returncode == 0, again.stderr
    assert "unchanged" in again.stdout and "+0 -0" in again.stdout, again.stdout


def test_a_rejected_file_leaves_the_server_as_it_was(remote: str, tmp_path: Path) -> None:
    assert kg_command("load", str(SEED_TXT), env=env(remote)).returncode == 0
    before = dump(remote)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    refused = kg_command("load", str(bad), env=env(remote))
    assert refused.returncode != 0 and "bad.ttl" in refused.stderr, refused.stderr
    assert dump(remote) == before


def test_a_server_built_under_one_base_is_refused_under_another(remote: str) -> None:
    assert kg_command("load", str(SEED_TXT), env=env(remote)).returncode == 0
    before = dump(remote)
    refused = kg_command("load", str(SEED_TXT), env={**env(remote), "KG_BASE_IRI": "https://data.example.net/kg/"})
    assert refused.returncode == 3, refused.stderr
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1 and "https://kg.example.org/" in message, message
    assert dump(remote) == before


def test_kg_serve_in_front_of_the_server_answers_queries_pages_and_dumps(remote: str, tmp_path: Path) -> None:
    assert kg_command("load", str(SEEDS), env=env(remote)).returncode == 0
    with serving(remote, tmp_path / "serve.log") as url:
        answer = httpx.post(
            f"{url}/sparql",
            data={"query": (ROOT / "queries" / "coups.rq").read_text(encoding="utf-8")},
            headers={"accept": "application/sparql-results+json"},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
        countries = {b["countryLabel"]["value"] for b in answer.json()["results"]["bindings"]}
        assert countries == {"Mali"}, countries
        page = httpx.get(f"{url}/entity/mali", headers={"accept": "text/html"}, timeout=60)
        assert page.status_code == 200 and "Mali" in page.text
        for path, shown in (("/", "1</strong> articles"), ("/timeline", "Coup in Mali"), ("/claims", "Wagner Group")):
            explored = httpx.get(f"{url}{path}", headers={"accept": "text/html"}, timeout=60)
            assert explored.status_code == 200 and shown in explored.text, (path, explored.text[-300:])
        dumped = httpx.get(f"{url}/dumps/kg.nq", timeout=60)
        assert dumped.status_code == 200
        assert quads(dumped.text) == quads(dump(remote))
        broken = httpx.get(f"{url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"}, timeout=60)
        assert broken.status_code == 400, broken.text


def test_an_unreachable_server_is_one_line_and_exit_3() -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    for command in (["query", "ASK {}"], ["load", str(SEED_TXT)], ["dump"]):
        result = kg_command(*command, env=env(nobody))
        assert result.returncode == 3, (command, result.stderr)
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1 and "cannot reach the store" in message and nobody in message, message


def test_large_graphs_and_blank_nodes_are_written_in_blocks_the_server_takes(remote: str) -> None:
    graph = "https://kg.example.org/graph/file/large"
    lines = [f'<https://kg.example.org/s/{i}> <https://kg.example.org/p> "value {i}"' for i in range(6000)]
    lines += [
        '_:b1 <https://kg.example.org/p> "a blank node"',
        "<https://kg.example.org/s/0> <https://kg.example.org/q> _:b1",
    ]
    with RemoteStore(remote) as store:
        (change,) = store.replace_graphs({graph: lines})
        assert change.added == 6002 and change.removed == 0
        assert len(store.graph_lines(graph)) == 6002
        (again,) = store.replace_graphs({graph: lines[:10]})
        assert again.removed > 0 and len(store.graph_lines(graph)) == 10


def test_a_write_that_fails_on_the_server_leaves_the_graph_as_it_was(remote: str) -> None:
    """Virtuoso runs an update that fails half-way without undoing it (it cannot make an xsd:duration); kg writes
    the graph's previous content back. Oxigraph refuses the update whole."""
    graph = "https://kg.example.org/graph/file/durations"
    kept = ['<https://kg.example.org/s> <https://kg.example.org/p> "kept"']
    with RemoteStore(remote) as store:
        store.replace_graphs({graph: kept})
        broken = [
            '<https://kg.example.org/s> <https://kg.example.org/p> "new"',
            '<https://kg.example.org/s> <https://kg.example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer>',
            '<https://kg.example.org/s> <https://kg.example.org/d> "P1D"^^<http://www.w3.org/2001/XMLSchema#duration>',
        ]
        try:
            store.replace_graphs({graph: broken})
        except StoreError as exc:
            assert "refused" in str(exc)
            assert store.graph_lines(graph) == kept, "a failed write changed the graph"
        else:  # the server took every term: then it holds them all
            assert len(store.graph_lines(graph)) == len(broken)


def test_the_server_s_own_graphs_stay_out_of_kg_s_view(remote: str) -> None:
    with RemoteStore(remote) as store:
        assert store.named_graphs() == [] and len(store) == 0
        empty = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(empty, ox.QuerySolutions)
        assert [int(row["n"].value) for row in empty] == [0], "the default graph holds the server's own triples"


def test_a_read_only_remote_store_refuses_writes(remote: str) -> None:
    with RemoteStore(remote, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.replace_graphs(
            {"https://kg.example.org/graph/x": ['<https://kg.example.org/s> <https://kg.example.org/p> "x"']}
        )


def test_settings_read_a_url_as_a_server_and_anything_else_as_a_folder() -> None:
    assert Settings.from_env({"KG_STORE": "http://127.0.0.1:7878"}).store == "http://127.0.0.1:7878"
    assert Settings.from_env({"KG_STORE": "HTTPS://example.org/sparql"}).store == "HTTPS://example.org/sparql"
    assert Settings.from_env({"KG_STORE": "data/store"}).store == Path("data/store")
