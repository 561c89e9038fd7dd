"""Publishing, over real HTTP against ``kg serve`` on loopback: the protocol cases rdflib-endpoint
gets wrong, CORS, dumps (every format, gzip, streamed, deterministic, round-tripping through
rdflib and pyoxigraph), the VoID + DCAT description, Linked Data pages for every minted IRI (with
``KG_BASE_IRI`` set to the server's own address), the ontology, and the Graph Store Protocol."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, VOID

from kg.settings import Settings
from kg.store import Store
from tests.conftest import INVENTED, SEEDS, free_port, kg_command, serving

KG = "https://kg.example.org/ontology#"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
RDFLIB_FORMATS = {"nq": "nquads", "trig": "trig", "jsonld": "json-ld", "ttl": "turtle", "nt": "nt"}
OX_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``kg serve`` whose minted IRIs are its own address (as a local deployment sets KG_BASE_IRI)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    folder = tmp_path_factory.mktemp("site")
    env = {"KG_BASE_IRI": f"{url}/", "KG_STORE": str(folder / "store")}
    loaded = kg_command("load", str(SEEDS), *(str(path) for path in INVENTED), env=env)
    assert loaded.returncode == 0, loaded.stderr
    with serving(folder / "store", folder / "serve.log", env=env, port=port):
        yield url, folder / "store"


def select(url: str, query: str) -> list[dict[str, str]]:
    response = httpx.post(f"{url}/sparql", data={"query": query}, headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def quad_count(url: str) -> int:
    return int(select(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"])


def triple_count(url: str) -> int:
    return int(select(url, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")[0]["n"])


# -- the protocol cases rdflib-endpoint 0.6.3 gets wrong ---------------------------------------------


def test_describe_honours_accept(site: tuple[str, Path]) -> None:
    url, _ = site
    query = f"DESCRIBE <{url}/entity/mali>"
    turtle = httpx.get(f"{url}/sparql", params={"query": query}, headers={"accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(f"{url}/entity/mali"), RDFS.label, rdflib.Literal("Mali")) in graph
    jsonld = httpx.get(f"{url}/sparql", params={"query": query}, headers={"accept": "application/ld+json"})
    assert jsonld.status_code == 200 and len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)
    results = httpx.get(f"{url}/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
    assert results.status_code == 406, "a graph is not SPARQL results: 406, not 422 or a mislabelled body"


def test_construct_as_n_quads(site: tuple[str, Path]) -> None:
    url, _ = site
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 20"
    response = httpx.get(f"{url}/sparql", params={"query": query}, headers={"accept": "application/n-quads"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/n-quads")
    assert len(rdflib.Dataset().parse(data=response.text, format="nquads")) == 20


def test_csv_asked_for_a_graph_is_406_not_turtle_labelled_csv(site: tuple[str, Path]) -> None:
    url, _ = site
    response = httpx.get(
        f"{url}/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 1"}, headers={"accept": "text/csv"}
    )
    assert response.status_code == 406 and "available" in response.text


def test_tsv_results(site: tuple[str, Path]) -> None:
    url, _ = site
    response = httpx.get(
        f"{url}/sparql",
        params={"query": "SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> } LIMIT 3"},
        headers={"accept": "text/tab-separated-values"},
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/tab-separated-values")
    lines = response.text.splitlines()
    assert lines[0] == "?c" and len(lines) == 4 and all(line.startswith("<") for line in lines[1:])


def test_a_form_post_is_decoded_once(site: tuple[str, Path]) -> None:
    url, _ = site
    response = httpx.post(
        f"{url}/sparql", data={"query": 'SELECT ?x WHERE { BIND("100%41 done" AS ?x) }'}, headers={"accept": "text/csv"}
    )
    assert response.text.splitlines()[1] == "100%41 done"


def test_named_graph_uri_limits_graph_patterns(site: tuple[str, Path]) -> None:
    url, _ = site
    graphs = [r["g"] for r in select(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")]
    assert len(graphs) > 3
    response = httpx.get(
        f"{url}/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": graphs[0]},
        headers={"accept": "application/sparql-results+json"},
    )
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [graphs[0]]


def test_head_is_not_405(site: tuple[str, Path]) -> None:
    url, _ = site
    for path in ("/sparql?query=ASK%7B%7D", "/dumps/kg.nq", "/entity/mali", "/ontology"):
        assert httpx.head(f"{url}{path}").status_code == 200, path


def test_cors_lets_browser_clients_in(site: tuple[str, Path]) -> None:
    url, _ = site
    preflight = httpx.options(
        f"{url}/sparql",
        headers={
            "origin": "https://example.net",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "https://example.net")
    answer = httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, headers={"origin": "https://example.net"})
    assert answer.headers["access-control-allow-origin"] in ("*", "https://example.net")


# -- dumps ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(RDFLIB_FORMATS))
def test_dumps_round_trip_through_rdflib_and_pyoxigraph(site: tuple[str, Path], fmt: str) -> None:
    url, _ = site
    plain = httpx.get(f"{url}/dumps/kg.{fmt}")
    zipped = httpx.get(f"{url}/dumps/kg.{fmt}.gz")
    assert plain.status_code == 200 and zipped.status_code == 200
    assert zipped.headers["content-type"] == "application/gzip"
    assert gzip.decompress(zipped.content) == plain.content, "the .gz is the same bytes, compressed"
    assert httpx.get(f"{url}/dumps/kg.{fmt}").content == plain.content, "deterministic: same store, same bytes"
    expected = quad_count(url) if fmt in ("nq", "trig", "jsonld") else triple_count(url)
    store = ox.Store()
    store.load(plain.content, format=OX_FORMATS[fmt])
    dataset = rdflib.Dataset()
    dataset.parse(data=plain.content.decode("utf-8"), format=RDFLIB_FORMATS[fmt])
    assert len(store) == expected
    assert len(list(dataset.quads((None, None, None, None)))) == expected


def test_dumps_are_streamed_and_gzip_is_negotiated(site: tuple[str, Path]) -> None:
    url, _ = site
    with httpx.stream("GET", f"{url}/dumps/kg.nq", headers={"accept-encoding": "gzip"}) as response:
        assert response.headers.get("content-encoding") == "gzip"
        assert response.headers.get("transfer-encoding") == "chunked", "streamed, not built in memory first"
        body = b"".join(response.iter_bytes())
    assert body.count(b"\n") == quad_count(url)
    assert httpx.get(f"{url}/dumps/kg.xml").status_code == 404


def test_the_json_ld_dump_carries_the_published_context(site: tuple[str, Path]) -> None:
    url, _ = site
    dumped = json.loads(httpx.get(f"{url}/dumps/kg.jsonld").content)
    published = httpx.get(f"{url}/dumps/context.jsonld")
    assert published.headers["content-type"].startswith("application/ld+json")
    assert dumped["@context"] == published.json()["@context"]
    assert dumped["@context"]["speaker"] == {"@id": "kg:speaker", "@type": "@id"}
    statement = next(n for g in dumped["@graph"] for n in g["@graph"] if "Statement" in n.get("@type", []))
    assert "speaker" in statement, "compact: the context's terms are used"


def test_kg_dump_loads_back_into_a_fresh_store_ours_and_raw_oxigraph(seeded_settings: Settings, tmp_path: Path) -> None:
    dump = tmp_path / "kg.nq.gz"
    done = kg_command("dump", "--format", "nq", "--output", str(dump), env={"KG_STORE": str(seeded_settings.store)})
    assert done.returncode == 0, done.stderr
    again = tmp_path / "again.nq.gz"
    kg_command("dump", "-f", "nq", "-o", str(again), env={"KG_STORE": str(seeded_settings.store)})
    assert dump.read_bytes() == again.read_bytes(), "deterministic, gzip included"
    with Store(seeded_settings.store, read_only=True) as source:
        expected = len(source)
    raw = ox.Store()
    raw.load(gzip.decompress(dump.read_bytes()), format=ox.RdfFormat.N_QUADS)
    assert len(raw) == expected
    plain = tmp_path / "kg.nq"
    plain.write_bytes(gzip.decompress(dump.read_bytes()))
    fresh = tmp_path / "fresh"
    loaded = kg_command("load", str(plain), env={"KG_STORE": str(fresh)})
    assert loaded.returncode == 0, loaded.stderr
    with Store(fresh, read_only=True) as ours:
        assert len(ours) == expected


# -- the dataset description -------------------------------------------------------------------------


def test_void_and_dcat_describe_the_dataset(site: tuple[str, Path]) -> None:
    url, _ = site
    assert httpx.get(f"{url}/.well-known/void", follow_redirects=False).status_code == 303
    response = httpx.get(f"{url}/.well-known/void", follow_redirects=True)
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    (dataset,) = graph.subjects(RDF.type, VOID.Dataset)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert int(graph.value(dataset, VOID.triples)) == quad_count(url)  # type: ignore[arg-type]
    assert int(graph.value(dataset, VOID.entities)) > 100  # type: ignore[arg-type]
    assert int(graph.value(dataset, VOID.classes)) > 10  # type: ignore[arg-type]
    assert graph.value(dataset, DCTERMS.license) is not None and graph.value(dataset, DCAT.version) is not None
    assert graph.value(dataset, VOID.vocabulary) == rdflib.URIRef("https://kg.example.org/ontology")
    assert graph.value(dataset, DCTERMS.modified) is not None
    partitions = {graph.value(p, VOID["class"]) for p in graph.objects(dataset, VOID.classPartition)}
    assert rdflib.URIRef(KG + "Statement") in partitions
    downloads = {str(d) for d in graph.objects(dataset, DCAT.distribution)}
    assert {f"{url}/dumps/kg.{f}" for f in RDFLIB_FORMATS} | {
        f"{url}/dumps/kg.{f}.gz" for f in RDFLIB_FORMATS
    } <= downloads
    for download in list(downloads)[:3]:
        assert httpx.head(download).status_code == 200


# -- Linked Data --------------------------------------------------------------------------------------


def test_an_entity_is_html_for_a_browser_and_turtle_for_a_client(site: tuple[str, Path]) -> None:
    url, _ = site
    iri = f"{url}/entity/assimi-goita"
    page = httpx.get(iri, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Accept" in page.headers["vary"]
    text = page.text
    assert "Assimi Goïta" in text and "Events and statements" in text
    assert "staged a military coup in August 2020" in text, "the source sentence"
    assert 'href="/article/' in text, "the article link"
    turtle = httpx.get(iri, headers={"accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(iri), RDFS.label, rdflib.Literal("Assimi Goïta")) in graph
    assert any(p == rdflib.URIRef(KG + "leader") for _, p, _ in graph.triples((None, None, rdflib.URIRef(iri))))
    for accept, fmt in (
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ):
        other = httpx.get(iri, headers={"accept": accept})
        assert other.status_code == 200 and other.headers["content-type"].startswith(accept)
        assert len(rdflib.Graph().parse(data=other.text, format=fmt)) == len(graph), accept
    assert httpx.get(iri, headers={"accept": "image/png"}).status_code == 406
    assert httpx.get(f"{url}/entity/no-such-thing").status_code == 404


def test_a_linked_entity_page_shows_its_wikidata_item(site: tuple[str, Path]) -> None:
    url, _ = site
    page = httpx.get(f"{url}/entity/mali", headers={"accept": "text/html"}).text
    assert 'href="http://www.wikidata.org/entity/Q912"' in page


def test_every_minted_iri_dereferences(site: tuple[str, Path]) -> None:
    url, _ = site
    rows = select(
        url,
        f"""SELECT ?kind (SAMPLE(?s) AS ?iri) WHERE {{
              ?s ?p ?o . FILTER (STRSTARTS(STR(?s), "{url}/"))
              BIND (STRBEFORE(STRAFTER(STR(?s), "{url}/"), "/") AS ?kind)
            }} GROUP BY ?kind""",
    )
    kinds = {r["kind"]: r["iri"] for r in rows}
    assert {"entity", "event", "statement", "article", "span", "time", "quantity", "run"} <= set(kinds)
    for kind, iri in kinds.items():
        response = httpx.get(iri, headers={"accept": "text/turtle"})
        assert response.status_code == 200, (kind, iri)
        graph = rdflib.Graph().parse(data=response.text, format="turtle")
        assert (rdflib.URIRef(iri), None, None) in graph, kind
        assert httpx.get(iri, headers={"accept": "text/html"}).status_code == 200, kind


def test_the_ontology_iri_dereferences_to_documentation_and_turtle(site: tuple[str, Path]) -> None:
    url, _ = site
    page = httpx.get(f"{url}/ontology", headers={"accept": "text/html"})
    assert page.status_code == 200 and "Coup" in page.text and "Deployment" in page.text
    turtle = httpx.get(f"{url}/ontology", headers={"accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef("https://kg.example.org/ontology"), RDF.type, OWL.Ontology) in graph
    entity_page = httpx.get(f"{url}/entity/mali", headers={"accept": "text/html"}).text
    assert 'href="/ontology#State"' in entity_page, "class links lead to the ontology's documentation"


# -- the Graph Store Protocol ---------------------------------------------------------------------------


def test_one_article_graph_through_the_graph_store_protocol(site: tuple[str, Path]) -> None:
    url, _ = site
    article = next(
        g for g in (r["g"] for r in select(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")) if "/graph/article/" in g
    )
    count = int(select(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article}> {{ ?s ?p ?o }} }}")[0]["n"])
    response = httpx.get(f"{url}/rdf-graphs/service", params={"graph": article}, headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert len(rdflib.Graph().parse(data=response.text, format="turtle")) == count
    quads = httpx.get(f"{url}/rdf-graphs/service", params={"graph": article}, headers={"accept": "application/n-quads"})
    named = rdflib.Dataset().parse(data=quads.text, format="nquads")
    assert {str(q[3]) for q in named.quads((None, None, None, None))} == {article}
    default = httpx.get(f"{url}/rdf-graphs/service?default", headers={"accept": "application/n-triples"})
    assert default.status_code == 200 and default.text.count("\n") == triple_count(url)
    assert httpx.get(f"{url}/rdf-graphs/service", params={"graph": f"{url}/graph/none"}).status_code == 404
    assert httpx.get(f"{url}/rdf-graphs/service").status_code == 400


# -- every combination of the protocol ----------------------------------------------------------------

RESULT_MEDIA = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
FORMAT_PARAMETER = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "ttl",
    "nt": "nt",
    "json-ld": "jsonld",
    "trig": "trig",
    "nquads": "nq",
}


def send(url: str, method: str, query: str, accept: str | None = None, fmt: str | None = None) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    extra = {"format": fmt} if fmt else {}
    if method == "GET":
        return httpx.get(f"{url}/sparql", params={"query": query, **extra}, headers=headers)
    if method == "POST form":
        return httpx.post(f"{url}/sparql", data={"query": query, **extra}, headers=headers)
    return httpx.post(
        f"{url}/sparql",
        params=extra,
        content=query.encode(),
        headers={**headers, "content-type": "application/sparql-query"},
    )


def check_results(response: httpx.Response, kind: str, ask: bool) -> None:
    assert response.status_code == 200, response.text
    text = response.text
    if kind == "json":
        body = response.json()
        assert ("boolean" in body) if ask else len(body["results"]["bindings"]) == 3
    elif kind == "xml":
        assert ("<boolean>true</boolean>" in text) if ask else text.count("<result>") == 3
    elif not ask:
        assert len(text.strip().splitlines()) == 4


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_every_result_format_by_accept_and_by_parameter(site: tuple[str, Path], method: str) -> None:
    url, _ = site
    select_query = "SELECT ?s WHERE { ?s a <https://kg.example.org/ontology#Coup> } ORDER BY ?s LIMIT 3"
    ask_query = "ASK { ?s a <https://kg.example.org/ontology#Coup> }"
    for media, kind in RESULT_MEDIA.items():
        for query, ask in ((select_query, False), (ask_query, True)):
            if ask and kind in ("csv", "tsv"):
                continue  # the CSV/TSV results formats define no boolean form
            by_accept = send(url, method, query, accept=f"{media};q=0.9, text/html;q=0.1")
            assert by_accept.headers["content-type"].startswith(media), (method, media)
            check_results(by_accept, kind, ask)
            by_parameter = send(url, method, query, accept="text/html", fmt=FORMAT_PARAMETER[kind])
            check_results(by_parameter, kind, ask)


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_every_graph_format_for_construct_and_describe(site: tuple[str, Path], method: str) -> None:
    url, _ = site
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c . FILTER (?c = <https://kg.example.org/ontology#Coup>) }"
    describe = f"DESCRIBE <{url}/entity/mali>"
    for query in (construct, describe):
        sizes = set()
        for media, fmt in GRAPH_MEDIA.items():
            response = send(url, method, query, accept=media)
            assert response.status_code == 200 and response.headers["content-type"].startswith(media), (method, media)
            parsed = rdflib.Dataset().parse(data=response.text, format=fmt)
            sizes.add(len(list(parsed.quads((None, None, None, None)))))
            by_parameter = send(url, method, query, fmt=FORMAT_PARAMETER[fmt])
            assert by_parameter.status_code == 200 and by_parameter.headers["content-type"].startswith(media)
        assert len(sizes) == 1 and sizes.pop() > 0, "every format carries the same triples"


def test_a_path_that_is_no_iri_cannot_reach_the_query(site: tuple[str, Path]) -> None:
    url, _ = site
    for path in (
        "/entity/mali%3E%20%3Fp%20%3Fo%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo",
        "/entity/a%22b",
        "/entity/a%20b",
    ):
        response = httpx.get(f"{url}{path}", headers={"accept": "text/turtle"})
        assert response.status_code == 404 and "not an IRI" in response.text, path
