"""Federated queries: SERVICE is refused unless the operator allows the host, a refused query never
reaches the host, and the shipped Wikidata queries join our graph with what the service answers
(a real HTTP listener on loopback stands in for the Wikidata Query Service)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.federation import ServiceNotAllowed, allowed, check_services, service_targets
from kg.settings import Settings
from tests.conftest import DEV, FIXTURES, ROOT, Listener, copy_store, kg_command, needs_dev, serving

ANSWERS = FIXTURES / "wikidata" / "api" / "sparql"
QUERIES = ROOT / "queries"
WIKIDATA = "https://query.wikidata.org/sparql"


def sparql_service(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
    """A remote SPARQL endpoint answering the SERVICE blocks of the shipped queries from fixtures."""
    query = body.decode() if method == "POST" else path
    name = "populations" if "P1082" in query else "leaders" if "P35" in query else None
    if name is None:
        return 200, "application/sparql-results+json", b'{"head": {"vars": []}, "results": {"bindings": []}}'
    return 200, "application/sparql-results+json", (ANSWERS / f"{name}.json").read_bytes()


@pytest.fixture
def remote() -> Iterator[Listener]:
    listener = Listener(sparql_service)
    yield listener
    listener.close()


@pytest.mark.parametrize(
    ("query", "targets"),
    [
        ("SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
        (
            "PREFIX e: <http://b.example/>\nSELECT * { SERVICE SILENT e:sparql { ?s ?p ?o } }",
            ["http://b.example/sparql"],
        ),
        ("SELECT * { service ?endpoint { ?s ?p ?o } }", ["?endpoint"]),
        ("SELECT * { ?s ?p 'SERVICE <http://c.example/>' } # SERVICE <http://d.example/>", []),
        ('SELECT * { ?s ?p """a\nSERVICE <http://e.example/>""" }', []),
        ("SELECT * { SERVICE undeclared:x { } }", ["undeclared:x"]),
    ],
)
def test_service_targets_are_read_from_the_query_text(query: str, targets: list[str]) -> None:
    assert service_targets(query) == targets


def test_only_hosts_on_the_allowlist_pass() -> None:
    allow = ("query.wikidata.org", "127.0.0.1:8890")
    assert allowed(WIKIDATA, allow)
    assert allowed("http://127.0.0.1:8890/sparql", allow)
    assert not allowed("http://127.0.0.1:8891/sparql", allow)
    assert not allowed("http://127.0.0.1/sparql", allow)
    assert not allowed("file:///etc/passwd", ("",))
    assert not allowed("?endpoint", allow)
    with pytest.raises(ServiceNotAllowed, match="off on this endpoint"):
        check_services(f"SELECT * {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}", ())
    with pytest.raises(ServiceNotAllowed, match="not on the allowlist"):
        check_services("SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }", allow)


def test_the_endpoint_refuses_service_by_default_and_never_contacts_the_target(server: str, remote: Listener) -> None:
    for query in (
        f"SELECT * WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{remote.url}/>\nSELECT * WHERE {{ SERVICE SILENT r:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{remote.url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ):
        for response in (
            httpx.get(f"{server}/sparql", params={"query": query}, timeout=30),
            httpx.post(f"{server}/sparql", content=query, headers={"content-type": "application/sparql-query"}),
        ):
            assert response.status_code == 403, response.text
            assert "not allowed" in response.text and "KG_SERVICE_ALLOW" in response.text
    time.sleep(0.2)
    assert remote.requests == [], "a refused SERVICE never reaches its target"


def test_the_command_line_refuses_service_unless_allowed(seeded_settings: Settings, remote: Listener) -> None:
    query = f"SELECT ?x WHERE {{ SERVICE <{remote.url}/sparql> {{ ?wikidata ?p ?x }} }}"
    env = {"KG_STORE": str(seeded_settings.store)}
    refused = kg_command("query", query, env=env)
    assert refused.returncode == 2 and "KG_SERVICE_ALLOW" in refused.stderr and not remote.requests
    allowed_run = kg_command("query", query, env={**env, "KG_SERVICE_ALLOW": f"127.0.0.1:{remote.port}"})
    assert allowed_run.returncode == 0, allowed_run.stderr
    assert remote.requests, "an allowed SERVICE is called"


@pytest.fixture(scope="module")
def federating_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Listener]]:
    """``kg serve`` whose operator allowed one host: the stand-in for the Wikidata Query Service.

    It serves the seeds and, where they are here, the original development articles, whose coups
    and leaders the federated queries join.
    """
    source: Path = request.getfixturevalue("dev_store_dir" if (DEV / "gold").is_dir() else "seeded_store_dir")
    remote = Listener(sparql_service)
    folder = tmp_path_factory.mktemp("federating")
    store = copy_store(source, folder / "store")
    try:
        with serving(store, folder / "serve.log", env={"KG_SERVICE_ALLOW": f"127.0.0.1:{remote.port}"}) as url:
            yield url, remote
    finally:
        remote.close()


def ask(url: str, query: str) -> list[dict[str, str]]:
    response = httpx.post(
        f"{url}/sparql",
        data={"query": query},
        headers={"accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def shipped(name: str, remote: Listener) -> str:
    """A shipped federated query, its SERVICE pointed at the stand-in instead of Wikidata."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    assert service_targets(text) == [WIKIDATA]
    return text.replace(WIKIDATA, f"{remote.url}/sparql")


@needs_dev
def test_population_of_the_coup_states_joins_wikidata(federating_server: tuple[str, Listener]) -> None:
    url, remote = federating_server
    rows = ask(url, shipped("wikidata-populations", remote))
    got = {(r["countryLabel"], r["wikidata"].rsplit("/", 1)[1], r["population"]) for r in rows}
    assert got == {
        ("Mali", "Q912", "1000001"),
        ("Burkina Faso", "Q965", "1000002"),
        ("Niger", "Q1032", "1000003"),
        ("Gabon", "Q1000", "1000004"),
    }, "the coup states of the articles, each joined with the service's answer (France has no coup: left out)"
    (method, _, headers, body) = remote.requests[-1]
    assert method == "POST" and b"P1082" in body and headers["content-type"] == "application/sparql-query"


@needs_dev
def test_leaders_named_in_the_articles_join_wikidata(federating_server: tuple[str, Listener]) -> None:
    url, remote = federating_server
    rows = ask(url, shipped("wikidata-leaders", remote))
    got = {(r["label"], r["state"].rsplit("/", 1)[1], r.get("birth", "")[:10]) for r in rows}
    assert got == {("Emmanuel Macron", "Q142", "1900-01-01"), ("Vladimir Putin", "Q159", "1900-01-02")}


def test_an_allowlisted_server_still_refuses_other_hosts(federating_server: tuple[str, Listener]) -> None:
    url, _ = federating_server
    other = Listener(sparql_service)
    try:
        response = httpx.get(
            f"{url}/sparql", params={"query": f"SELECT * {{ SERVICE <{other.url}/x> {{ ?s ?p ?o }} }}"}, timeout=30
        )
        assert response.status_code == 403 and "not on the allowlist" in response.text
        assert other.requests == []
    finally:
        other.close()


def test_linked_entities_carry_the_wikidata_class_the_ontology_matches(seeded_store_dir: Path) -> None:
    from kg.store import Store

    query = """
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT DISTINCT ?e ?class WHERE { ?e wdt:P31 ?class }
    """
    with Store(seeded_store_dir, read_only=True) as store:
        typed = {(r["e"].value.rsplit("/", 1)[1], r["class"].value.rsplit("/", 1)[1]) for r in store.query(query)}  # type: ignore[union-attr]
    assert ("emmanuel-macron", "Q5") in typed, "a person: human"
    assert ("mali", "Q3624078") in typed, "a state: sovereign state"
    assert ("agence-france-presse", "Q192283") in typed, "a news agency"
    assert not any(e == "sahel" for e, _ in typed), "a region has no exact Wikidata class in the ontology"
