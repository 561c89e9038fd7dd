"""The endpoint under abuse, over real HTTP against ``kg serve`` on loopback: queries stopped at the
time limit while others are answered, results and bodies over their limits refused, writes only
with the operator's secret (never from the URL), no fetching of URLs a query or update names,
request ids and structured logs, and a bounded load test."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from kg.read import article_id
from tests.conftest import INVENTED, ROOT, Listener, copy_store, serving

SECRET = "correct horse battery staple"
TIMEOUT = 2.0
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "SELECT ?c WHERE { ?c a <https://kg.example.org/ontology#Coup> } LIMIT 5"


class Served:
    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log


@pytest.fixture(scope="module")
def served(seeded_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``kg serve`` with tight limits and writes enabled by a secret."""
    folder = tmp_path_factory.mktemp("limits")
    env = {
        "KG_UPDATE_SECRET": SECRET,
        "KG_QUERY_TIMEOUT": str(TIMEOUT),
        "KG_QUERY_WORKERS": "3",
        "KG_MAX_RESULT_MB": "0.25",
        "KG_MAX_BODY_MB": "0.5",
    }
    log = folder / "serve.log"
    with serving(copy_store(seeded_store_dir, folder / "store"), log, env=env) as url:
        yield Served(url, log)


def ask(url: str, query: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        f"{url}/sparql",
        data={"query": query},
        headers={"accept": "application/sparql-results+json", **(headers or {})},
        timeout=30,
    )


def update(url: str, text: str, secret: str | None = SECRET, **params: str) -> httpx.Response:
    headers = {"content-type": "application/sparql-update"}
    if secret is not None:
        headers["authorization"] = f"Bearer {secret}"
    return httpx.post(f"{url}/sparql", content=text.encode(), headers=headers, params=params, timeout=30)


def test_a_query_over_the_time_limit_is_stopped_while_others_are_answered(served: Served) -> None:
    results: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        results["slow"] = ask(served.url, SLOW)
        results["slow_seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    quick_times = []
    for _ in range(5):
        started = time.monotonic()
        response = ask(served.url, QUICK)
        quick_times.append(time.monotonic() - started)
        assert response.status_code == 200
    thread.join(timeout=30)
    slow_response = results["slow"]
    assert isinstance(slow_response, httpx.Response)
    assert slow_response.status_code == 408, slow_response.text
    assert "limit of 2 s" in slow_response.text and "stopped" in slow_response.text
    assert TIMEOUT <= float(results["slow_seconds"]) < TIMEOUT + 3  # type: ignore[arg-type]
    assert max(quick_times) < 1.5, f"other clients are answered meanwhile: {quick_times}"
    for _ in range(4):  # the stopped query's worker was replaced: every worker answers again
        assert ask(served.url, QUICK).status_code == 200


def test_a_result_over_the_size_limit_is_refused(served: Served) -> None:
    response = ask(served.url, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 413 and "larger than 0.25 MiB" in response.text


def test_a_body_over_the_size_limit_is_refused(served: Served) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 600_000
    response = httpx.post(
        f"{served.url}/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"}
    )
    assert response.status_code == 413


def test_writes_need_the_secret_in_the_authorization_header(served: Served) -> None:
    triple = '<https://kg.example.org/test/s> <https://kg.example.org/test/p> "written"'
    insert = f"INSERT DATA {{ GRAPH <https://kg.example.org/graph/test> {{ {triple} }} }}"
    assert update(served.url, insert, secret=None).status_code == 403
    assert update(served.url, insert, secret="wrong").status_code == 403
    in_url = update(served.url, insert, secret=None, secret_param="x", token=SECRET)
    assert in_url.status_code == 400 and "never in the URL" in in_url.text
    assert SECRET not in served.log.read_text(), "a secret in a URL is never logged"
    found = 'ASK { <https://kg.example.org/test/s> ?p "written" }'
    assert ask(served.url, found).json()["boolean"] is False
    done = update(served.url, insert)
    assert done.status_code == 204, done.text
    assert ask(served.url, found).json()["boolean"] is True, "the next query sees the write"
    removed = update(served.url, "DROP GRAPH <https://kg.example.org/graph/test>")
    assert removed.status_code == 204 and ask(served.url, found).json()["boolean"] is False


def test_load_and_service_never_fetch_a_url(served: Served) -> None:
    listener = Listener(lambda *_: (200, "text/turtle", b"<http://a> <http://b> <http://c> ."))
    try:
        load = update(served.url, f"LOAD <{listener.url}/data.ttl> INTO GRAPH <https://kg.example.org/graph/x>")
        assert load.status_code == 403 and "LOAD" in load.text
        local = update(served.url, "LOAD <file:///etc/passwd>")
        assert local.status_code == 403
        service = ask(served.url, f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
        assert service.status_code == 403
        sneaky = update(
            served.url,
            f"INSERT {{ GRAPH <https://kg.example.org/graph/x> {{ ?s ?p ?o }} }} "
            f"WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        )
        assert sneaky.status_code == 403
        time.sleep(0.3)
        assert listener.requests == []
    finally:
        listener.close()


def test_requests_carry_ids_and_the_log_is_one_json_line_each(served: Served) -> None:
    response = ask(served.url, QUICK, headers={"x-request-id": "trace-42"})
    assert response.headers["x-request-id"] == "trace-42"
    generated = ask(served.url, QUICK)
    assert len(generated.headers["x-request-id"]) == 32
    bad = httpx.get(f"{served.url}/sparql", params={"query": "SELEKT nothing"})
    assert bad.status_code == 400 and "Traceback" not in bad.text and 'File "' not in bad.text
    time.sleep(0.3)
    entries = [
        json.loads(line.split(": ", 1)[1]) for line in served.log.read_text().splitlines() if "kg.access: " in line
    ]
    ours = [e for e in entries if e["request_id"] == "trace-42"]
    assert ours and ours[0]["path"] == "/sparql" and ours[0]["status"] == 200 and "ms" in ours[0]
    assert not any("query" in str(e["path"]) for e in entries), "query strings are not logged"


def test_load_test_eight_clients_a_thousand_mixed_queries_no_5xx(served: Served) -> None:
    queries = [
        QUICK,
        "ASK { ?s a <https://kg.example.org/ontology#Statement> }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://kg.example.org/ontology#Deployment> }",
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50",
    ]
    plan = [SLOW if i % 125 == 0 else queries[i % len(queries)] for i in range(1000)]
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def one(query: str) -> None:
        started = time.monotonic()
        status = ask(served.url, query).status_code
        with lock:
            latencies.append(time.monotonic() - started)
            statuses.append(status)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one, plan))
    elapsed = time.monotonic() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"\nload test: 1000 queries, 8 clients, {elapsed:.1f} s, p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"statuses {sorted(set(statuses))}"
    )
    assert not [s for s in statuses if s >= 500], "no 5xx"
    assert statuses.count(408) == 8 and statuses.count(200) == 992


def put(url: str, graph: str, body: str, secret: str | None = SECRET) -> httpx.Response:
    headers = {"content-type": "text/turtle"}
    if secret is not None:
        headers["authorization"] = f"Bearer {secret}"
    return httpx.put(f"{url}/rdf-graphs/service", params={"graph": graph}, content=body.encode(), headers=headers)


def test_graph_store_writes_are_validated_atomic_and_need_the_secret(served: Served) -> None:
    graph = "https://kg.example.org/graph/file/test-put"
    valid = """
        @prefix kg: <https://kg.example.org/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://kg.example.org/entity/test-org> a kg:Organisation ; rdfs:label "Test organisation" .
    """
    invalid = """
        @prefix kg: <https://kg.example.org/ontology#> .
        <https://kg.example.org/statement/test> a kg:Statement .
    """
    assert put(served.url, graph, valid, secret=None).status_code == 403
    created = put(served.url, graph, valid)
    assert created.status_code == 201, created.text
    seen = 'ASK { <https://kg.example.org/entity/test-org> ?p "Test organisation" }'
    assert ask(served.url, seen).json()["boolean"] is True
    refused = put(served.url, graph, invalid)
    assert refused.status_code == 422 and "violates the shapes" in refused.text and "speaker" in refused.text
    assert ask(served.url, seen).json()["boolean"] is True, "a refused graph leaves the old one in place"
    broken = put(served.url, graph, "this is not turtle")
    assert broken.status_code == 400 and "not valid text/turtle" in broken.text
    deleted = httpx.delete(
        f"{served.url}/rdf-graphs/service", params={"graph": graph}, headers={"authorization": f"Bearer {SECRET}"}
    )
    assert deleted.status_code == 204 and ask(served.url, seen).json()["boolean"] is False


def test_answers_are_kept_until_the_next_commit(served: Served) -> None:
    """The same query asked again is answered from the kept answer, byte for byte, until a write commits; a
    query whose answer changes by itself (NOW()) is never kept."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <https://kg.example.org/ontology#testCache> ?o } }"
    first, again = ask(served.url, count), ask(served.url, count)
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert again.content == first.content and first.json()["results"]["bindings"][0]["n"]["value"] == "0"
    as_xml = ask(served.url, count, {"accept": "application/sparql-results+xml"})
    assert as_xml.headers["x-cache"] == "miss" and as_xml.headers["content-type"].startswith(
        "application/sparql-results+xml"
    )
    graph = "https://kg.example.org/graph/file/test-cache"
    triple = '<https://kg.example.org/entity/test-cache> <https://kg.example.org/ontology#testCache> "kept"'
    assert update(served.url, f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}").status_code == 204
    try:
        after = ask(served.url, count)
        assert after.headers["x-cache"] == "miss", "a commit must drop every kept answer"
        assert after.json()["results"]["bindings"][0]["n"]["value"] == "1"
    finally:
        assert update(served.url, f"DROP GRAPH <{graph}>").status_code == 204
    now = "SELECT (NOW() AS ?t) WHERE {}"
    assert [ask(served.url, now).headers["x-cache"] for _ in range(2)] == ["miss", "miss"]


ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://kg.example.org/ontology#Article> }"


def test_loading_through_the_server_while_it_answers(served: Served, tmp_path: Path) -> None:
    seeds = [*sorted((ROOT / "seeds").glob("*.txt")), *INVENTED][:4]  # the sample and three invented articles
    for copy, seed in enumerate(seeds):
        meta = json.loads(seed.with_suffix(".json").read_text(encoding="utf-8"))
        meta["url"] = f"https://example.net/load-through/{copy}"
        shutil.copy(seed, tmp_path / f"through-{copy}.txt")
        (tmp_path / f"through-{copy}.json").write_text(json.dumps(meta), encoding="utf-8")
    before = int(ask(served.url, ARTICLES).json()["results"]["bindings"][0]["n"]["value"])
    env = {**os.environ, "KG_UPDATE_SECRET": SECRET, "KG_WORKERS": "1"}
    load = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "load", "--server", served.url, str(tmp_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    counts, statuses = [], []
    while load.poll() is None:
        response = ask(served.url, ARTICLES)
        statuses.append(response.status_code)
        if response.status_code == 200:
            counts.append(int(response.json()["results"]["bindings"][0]["n"]["value"]))
        time.sleep(0.1)
    out, err = load.communicate()
    assert load.returncode == 0, err
    assert out.count("added") == 4 and "4 loaded, 0 rejected" in err
    assert set(statuses) == {200}, "the server kept answering during the load"
    assert counts == sorted(counts) and counts[0] >= before, "articles appear one by one, none vanishes"
    after = int(ask(served.url, ARTICLES).json()["results"]["bindings"][0]["n"]["value"])
    assert after == before + 4, "each committed article is seen"
    without = subprocess.run(
        [sys.executable, "-m", "kg.cli", "load", "--server", served.url, str(tmp_path / "through-0.txt")],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k != "KG_UPDATE_SECRET"},
        capture_output=True,
        text=True,
    )
    assert without.returncode != 0 and "KG_UPDATE_SECRET" in without.stderr
    # the canonical coups follow the graph store: a removed article's coups leave their reports
    reports = (
        "PREFIX kg: <https://kg.example.org/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?r kg:resolvedTo <https://kg.example.org/event/coup/mali/2020-08> ; "
        "prov:wasDerivedFrom ?a }"
    )
    mali = int(ask(served.url, reports).json()["results"]["bindings"][0]["n"]["value"])
    assert mali >= 2, "the sample's coup, loaded twice under two addresses, is one coup with two reports"
    text = (tmp_path / "through-0.txt").read_text(encoding="utf-8")
    graph = f"https://kg.example.org/graph/article/{article_id('https://example.net/load-through/0', text)}"
    deleted = httpx.delete(
        f"{served.url}/rdf-graphs/service", params={"graph": graph}, headers={"authorization": f"Bearer {SECRET}"}
    )
    assert deleted.status_code == 204, deleted.text
    assert int(ask(served.url, reports).json()["results"]["bindings"][0]["n"]["value"]) == mali - 1
