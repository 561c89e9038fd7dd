"""The SPARQL endpoint: the SPARQL 1.1 Protocol over real HTTP against ``kg serve`` on loopback."""

from __future__ import annotations

import csv
import io
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import rdflib
import uvicorn

from kg.formats import negotiate
from kg.serve import create_app
from kg.settings import Settings
from kg.store import Store

from .conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
COUNT_ARTICLES = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://kg.example.org/ontology#Article> }"
JSON = "application/sparql-results+json"


@contextmanager
def in_process_server(app: object) -> Iterator[httpx.Client]:
    """Serve ``app`` with uvicorn on a loopback port in this process (so monkeypatches reach it)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_get_query_answers_sparql_results_json(server: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": COUNT_ARTICLES}, headers={"Accept": JSON})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(JSON)
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) >= 1


def test_no_accept_header_defaults_to_json(server: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": COUNT_ARTICLES}, headers={"Accept": ""})
    assert response.headers["content-type"].startswith(JSON)


def test_post_form_and_post_direct(server: str) -> None:
    form = httpx.post(f"{server}/sparql", data={"query": COUNT_ARTICLES}, headers={"Accept": JSON})
    direct = httpx.post(
        f"{server}/sparql", content=COUNT_ARTICLES, headers={"Content-Type": "application/sparql-query", "Accept": JSON}
    )
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


def test_form_post_decodes_the_query_once(server: str) -> None:
    response = httpx.post(
        f"{server}/sparql", data={"query": 'SELECT ?x WHERE { BIND("100%41 done" AS ?x) }'}, headers={"Accept": JSON}
    )
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "100%41 done"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/html;q=0.9, */*;q=0.1", JSON),
    ],
)
def test_select_results_by_accept(server: str, accept: str, expected: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": COUNT_ARTICLES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)
    if expected == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["n"] and int(rows[1][0]) >= 1
    elif expected == "text/tab-separated-values":
        assert response.text.splitlines()[0] == "?n"
    elif expected.endswith("xml"):
        ET.fromstring(response.content)


def test_format_parameter_overrides_accept(server: str) -> None:
    response = httpx.get(
        f"{server}/sparql", params={"query": COUNT_ARTICLES, "format": "tsv"}, headers={"Accept": JSON}
    )
    assert response.headers["content-type"].startswith("text/tab-separated-values")


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_by_accept(server: str, accept: str, rdflib_format: str) -> None:
    query = "CONSTRUCT { ?a a ?t } WHERE { ?a a ?t ; <https://schema.org/articleBody> ?b }"
    response = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert (None, rdflib.RDF.type, rdflib.URIRef("https://kg.example.org/ontology#Article")) in graph


def test_malformed_query_is_400_with_a_readable_message(server: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "SPARQL syntax error" in response.text and "Traceback" not in response.text


def test_unsupported_accept_is_406(server: str) -> None:
    response = httpx.get(f"{server}/sparql", params={"query": COUNT_ARTICLES}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_update_is_refused_by_default(server: str) -> None:
    response = httpx.post(f"{server}/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403
    assert (
        httpx.get(f"{server}/sparql", params={"query": COUNT_ARTICLES}).json()["results"]["bindings"][0]["n"]["value"]
        != "0"
    )


def test_head_is_answered(server: str) -> None:
    assert httpx.head(f"{server}/sparql", params={"query": COUNT_ARTICLES}).status_code == 200


def test_default_graph_uri_narrows_the_default_graph(server: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ontology = httpx.get(
        f"{server}/sparql", params={"query": query, "default-graph-uri": "https://kg.example.org/ontology"}
    )
    everything = httpx.get(f"{server}/sparql", params={"query": query})
    n_ontology = int(ontology.json()["results"]["bindings"][0]["n"]["value"])
    n_all = int(everything.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_ontology < n_all


def test_query_page_is_served_with_local_assets_and_the_competency_queries(server: str) -> None:
    page = httpx.get(f"{server}/query", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/static/yasgui/yasgui.min.js" in page.text
    assert "unpkg.com" not in page.text and "cdn" not in page.text.lower()
    for query in sorted((ROOT / "queries").glob("*.rq")):
        first_line = query.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        assert first_line in page.text, f"{query.name} is not an example on the query page"
    script = httpx.get(f"{server}/static/yasgui/yasgui.min.js")
    assert script.status_code == 200 and len(script.content) > 100_000
    assert httpx.get(f"{server}/static/yasgui/yasgui.min.css").status_code == 200


def test_sparql_path_without_query_shows_the_page_to_browsers_and_a_description_to_clients(server: str) -> None:
    assert "yasgui" in httpx.get(f"{server}/sparql", headers={"Accept": "text/html,*/*;q=0.8"}).text
    description = httpx.get(f"{server}/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=description.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.feature, sd.UnionDefaultGraph) in graph


def test_health(server: str) -> None:
    body = httpx.get(f"{server}/health").json()
    assert body["status"] == "ok" and body["quads"] > 0


def test_queries_run_in_oxigraph_not_in_rdflib(seeded_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path: the query string reaches Oxigraph; rdflib's evaluator is never entered."""
    import rdflib.plugins.sparql.evaluate as evaluate
    import rdflib.plugins.sparql.processor as processor

    def tripwire(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib evaluated a query: the fast path was not taken")

    monkeypatch.setattr(evaluate, "evalQuery", tripwire)
    monkeypatch.setattr(processor, "evalQuery", tripwire)
    monkeypatch.setattr(processor, "translateQuery", tripwire)
    with Store(seeded_settings.store) as store, in_process_server(create_app(seeded_settings, store)) as client:
        response = client.get("/sparql", params={"query": COUNT_ARTICLES}, headers={"Accept": JSON})
        assert response.status_code == 200
        # LATERAL is Oxigraph syntax that rdflib's parser does not know: only Oxigraph can answer this.
        lateral = (
            "SELECT ?a ?n WHERE { ?a a <https://kg.example.org/ontology#Article> "
            "LATERAL { SELECT (1 AS ?n) WHERE {} } }"
        )
        response = client.get("/sparql", params={"query": lateral}, headers={"Accept": JSON})
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "1"


def test_a_slow_query_does_not_stall_other_clients(server: str) -> None:
    """Queries run off the event loop: a quick query is answered while a slow one is still running."""
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 200 } "
        "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 200 } { SELECT ?g WHERE { ?g ?h ?i } LIMIT 200 } "
        "FILTER(?a != ?d || ?d != ?g) }"
    )
    finished = threading.Event()

    def run_slow() -> None:
        httpx.get(f"{server}/sparql", params={"query": slow}, timeout=300)
        finished.set()

    thread = threading.Thread(target=run_slow)
    thread.start()
    try:
        answered = 0
        for _ in range(5):
            if httpx.get(f"{server}/sparql", params={"query": COUNT_ARTICLES}, timeout=300).status_code == 200:
                answered += 1
        assert answered == 5
        assert not finished.is_set(), "the slow query finished before the quick ones: make it slower"
    finally:
        thread.join(timeout=300)


@pytest.mark.parametrize(
    ("accept", "offered", "expected"),
    [
        (
            "text/csv;q=0.2, application/json",
            ["application/sparql-results+json", "application/json", "text/csv"],
            "application/json",
        ),
        ("text/*;q=0.5, text/csv;q=0", ["text/csv", "text/tab-separated-values"], "text/tab-separated-values"),
        ("image/png", ["text/csv"], None),
        ("", ["text/turtle"], "text/turtle"),
        ("*/*", ["a/b", "c/d"], "a/b"),
    ],
)
def test_negotiate(accept: str, offered: list[str], expected: str | None) -> None:
    assert negotiate(accept, offered) == expected


def test_the_result_cache_keeps_recent_answers_within_its_size() -> None:
    """Least recently asked answers go first once the kept bytes pass the limit; an answer over half the limit, or
    one computed before a commit, is not kept."""
    from kg.engine import Job, ResultCache

    cache = ResultCache(max_bytes=100)

    def job(n: int) -> Job:
        return Job(f"SELECT * WHERE {{ ?s ?p {n} }}", (), (), None, None, 1000)

    for n in range(3):
        cache.put(job(n), ("application/sparql-results+json", b"x" * 40), cache.generation)
        if n == 1:
            assert cache.get(job(0)) is not None  # asked again: now the most recent
    assert cache.get(job(0)) is not None and cache.get(job(2)) is not None
    assert cache.get(job(1)) is None, "the least recently asked answer is dropped first"
    cache.put(job(3), ("text/csv", b"x" * 51), cache.generation)
    assert cache.get(job(3)) is None, "an answer over half the limit is not kept"
    before = cache.generation
    cache.clear()
    assert cache.get(job(0)) is None
    cache.put(job(4), ("text/csv", b"x"), before)
    assert cache.get(job(4)) is None, "an answer computed before a commit is not kept"
