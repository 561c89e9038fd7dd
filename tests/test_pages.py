"""The pages for exploring without SPARQL, served by a real ``kg serve`` over the seeded store (``server``)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from kg.pages import Span, accent_blind, highlight, when

HTML = {"Accept": "text/html"}


def get(server: str, path: str, **params: str) -> str:
    answer = httpx.get(f"{server}{path}", params=params or None, headers=HTML, timeout=60)
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


def text_of(page: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|details)\b.*?</\1>", " ", page, flags=re.S)))


def sparql(server: str, query: str) -> list[dict[str, str]]:
    answer = httpx.post(
        f"{server}/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    answer.raise_for_status()
    return [{k: v["value"] for k, v in row.items()} for row in answer.json()["results"]["bindings"]]


def queries_behind(page: str) -> list[str]:
    """The queries a page links to the query page with."""
    links = re.findall(r'href="/query\?([^"]+)"', page)
    return [parse_qs(urlsplit("?" + unescape(q)).query)["query"][0] for q in links]


@pytest.mark.parametrize("path", ["/", "/search?q=Mali", "/timeline", "/claims"])
def test_every_page_shows_its_queries_and_each_runs_on_the_endpoint(server: str, path: str) -> None:
    page = get(server, path)
    assert "<script" not in page, "the pages are plain HTML"
    behind = queries_behind(page)
    assert behind, "a page shows the SPARQL it was built from, with a link to the query page"
    for query in behind:
        assert re.search(r"\bLIMIT\b", query) or "COUNT" in query, f"a page query without a LIMIT: {query}"
        sparql(server, query)  # the endpoint answers it as shown
    opened = httpx.get(f"{server}/query", params={"query": behind[0]}, headers=HTML)
    assert opened.status_code == 200 and "yasgui" in opened.text.lower()
    given = re.search(r"const given = (.*);\n", opened.text)
    assert given and json.loads(given.group(1).replace("<\\/", "</")) == behind[0], "the query page opens it"


def test_home_says_what_the_graph_holds(server: str) -> None:
    page = text_of(get(server, "/"))
    articles = sparql(
        server, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://kg.example.org/ontology#Article> }"
    )
    assert re.search(rf"\b{int(articles[0]['n']):,}\s+articles", page), page
    assert re.search(r"\d+\s+statements", page) and re.search(r"dated from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d", page)


def test_a_search_without_its_accent_finds_assimi_goita(server: str) -> None:
    page = get(server, "/search", q="Goita")
    entities = page.split("<h2>Sentences</h2>")[0]
    assert "Assimi Goïta" in unescape(entities), text_of(page)[:2000]
    assert re.search(r'href="/entity/[^"]*goita[^"]*"', entities), "the entity links to its page"
    assert "staged a military coup" in text_of(page), "sentences that name him are found too"


def test_the_timeline_draws_the_coups_at_month_precision(server: str) -> None:
    page = get(server, "/timeline", type="Coup")
    items = re.findall(
        r'<li class="event" data-precision="(\w*)"><time datetime="([^"]+)">([^<]+)</time>.*?width:([\d.]+)%', page
    )
    coups = {shown: (precision, value, float(width)) for precision, value, shown, width in items}
    assert {"August 2020", "May 2021"} <= coups.keys(), coups
    assert coups["August 2020"][:2] == ("month", "2020-08") and coups["May 2021"][:2] == ("month", "2021-05")
    first = min(date.fromisoformat(v + "-01") for _, v, _ in coups.values() if len(v) == 7)
    last = date(2021, 5, 31)
    days = (last - first).days + 1
    if set(coups) == {"August 2020", "May 2021"}:
        assert coups["August 2020"][2] == pytest.approx(100 * 31 / days, abs=0.05), "a month is drawn a month wide"
    everything = text_of(get(server, "/timeline"))
    assert "2012" in everything and "14 December 2021" in everything, "years as years, days as days"
    sentence = re.search(r'href="(/article/[0-9a-f]+)#at-(\d+)">the sentence in its article', page)
    assert sentence, "each item links to its sentence in the article view"
    article = get(server, sentence.group(1))
    assert f'id="at-{sentence.group(2)}"' in article


def test_the_timeline_narrows_to_a_country_and_an_actor(server: str) -> None:
    mali = "https://kg.example.org/entity/mali"
    assert "Coup in Mali" in text_of(get(server, "/timeline", country=mali))
    assert "Nothing dated matches" in get(server, "/timeline", country="https://kg.example.org/entity/iceland")
    speaker = sparql(
        server,
        "SELECT ?s WHERE { ?x a <https://kg.example.org/ontology#Statement> ; "
        "<https://kg.example.org/ontology#speaker> ?s ; <https://kg.example.org/ontology#date> ?d } LIMIT 1",
    )[0]["s"]
    narrowed = get(server, "/timeline", actor=speaker)
    assert '<li class="statement"' in narrowed and "Coup:" not in text_of(narrowed)


def test_claims_show_both_sides_of_the_wagner_claim_in_mali(server: str) -> None:
    page = get(server, "/claims")
    claims = re.findall(r'<article class="claim">(.*?)</article>', page, flags=re.S)
    wagner = [c for c in claims if "Wagner Group" in c and ">Mali<" in c]
    assert wagner, text_of(page)[:1500]
    affirms = re.search(r'<section class="affirms">(.*?)</section>', wagner[0], flags=re.S)
    denies = re.search(r'<section class="denies">(.*?)</section>', wagner[0], flags=re.S)
    assert affirms and "<li>" in affirms.group(1) and denies and "<li>" in denies.group(1)
    assert "(anonymous source)" in affirms.group(1), "anonymous sources are marked"
    assert "government" in text_of(denies.group(1)).lower(), text_of(denies.group(1))
    assert 'href="/article/' in denies.group(1), "each side links to its article"


def marked_by_kind(page: str) -> defaultdict[str, set[int]]:
    """The characters of an article's text the article view marks, by the kind of each mark."""
    marked: defaultdict[str, set[int]] = defaultdict(set)
    for classes, start, piece in re.findall(
        r'<mark class="([^"]*)"(?: id="[^"]*")? data-items="[^"]*" data-start="(\d+)">(.*?)</mark>', page, flags=re.S
    ):
        for kind in classes.split():
            marked[kind].update(range(int(start), int(start) + len(unescape(piece))))
    return marked


def first_article(server: str) -> tuple[str, str]:
    """An article's IRI, and its page."""
    article = sparql(server, "SELECT ?a WHERE { ?a a <https://kg.example.org/ontology#Article> } LIMIT 1")[0]["a"]
    return article, get(server, urlsplit(article).path)


def test_the_article_view_highlights_every_statement(server: str) -> None:
    article, page = first_article(server)
    spans = sparql(
        server,
        f"""SELECT ?s ?start ?end WHERE {{
          ?s a <https://kg.example.org/ontology#Statement> ; <http://www.w3.org/ns/prov#wasDerivedFrom> <{article}> ;
             <https://kg.example.org/ontology#evidence> ?span .
          ?span <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> ?start ;
                <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex> ?end }}""",
    )
    assert spans
    marked = marked_by_kind(page)["statement"]
    for row in spans:
        missing = set(range(int(row["start"]), int(row["end"]))) - marked
        assert not missing, f"{row['s']}: characters {row['start']}–{row['end']} are not all highlighted"
    assert 'class="quote' in page and "<aside>" in page
    parts = sparql(
        server,
        f"""SELECT ?part ?start ?end WHERE {{
          ?s <http://www.w3.org/ns/prov#wasDerivedFrom> <{article}> .
          VALUES (?p ?part) {{ (<https://kg.example.org/ontology#speakerSpan> "speaker")
                               (<https://kg.example.org/ontology#verbSpan> "verb") }}
          ?s ?p [ <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> ?start ;
                  <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex> ?end ] }}""",
    )
    assert {row["part"] for row in parts} == {"speaker", "verb"}
    by_kind = marked_by_kind(page)
    for row in parts:
        assert set(range(int(row["start"]), int(row["end"]))) <= by_kind[row["part"]], row


def test_the_article_view_marks_every_name_of_an_actor_and_lists_the_actors(server: str) -> None:
    article, page = first_article(server)
    mentions = sparql(
        server,
        f"""SELECT ?actor ?start ?end WHERE {{
          ?actor <https://kg.example.org/ontology#mention> ?span .
          ?span <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext> <{article}> ;
                <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> ?start ;
                <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex> ?end }}""",
    )
    assert len(mentions) > 5, "the sample names its states, forces and people"
    marked = marked_by_kind(page)["actor"]
    for row in mentions:
        assert set(range(int(row["start"]), int(row["end"]))) <= marked, row
    named = page.split("<h2>Actors named (")[1].split("</ul>")[0]
    for actor in {row["actor"] for row in mentions}:
        assert f'href="{urlsplit(actor).path}"' in named, f"{actor} is not listed among the actors named"


def test_an_entity_page_gives_its_own_wikidata_id_and_its_class_as_a_class(server: str) -> None:
    page = get(server, "/entity/mali")
    own = re.findall(r"<p>Wikidata: (.*?)</p>", page)
    assert own and all("Q912" in p for p in own), own
    assert "Wikidata class" in page and "Q3624078" not in " ".join(own)


def test_an_entity_page_lists_statements_about_it_and_who_speaks_about_whom(server: str) -> None:
    page = get(server, "/entity/mali")
    about = page.split("<h2>Statements about it</h2>")[1].split("</ul>")[0]
    assert "Government of Mali" in about and 'href="/statement/' in about
    network = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page, flags=re.S)
    assert network and '<script src="/static/cytoscape/cytoscape.min.js"' in page
    drawn = json.loads(network.group(1).replace("<\\/", "</"))
    mali = "https://kg.example.org/entity/mali"
    assert any(
        e["source"] == "https://kg.example.org/entity/government-of-mali" and e["target"] == mali
        for e in drawn["edges"]
    )
    assert "<th>speaks about</th>" in page, "the picture is also a table, for readers without scripts"
    assert httpx.get(f"{server}/static/cytoscape/cytoscape.min.js").status_code == 200


def test_dates_are_written_as_precise_as_they_are() -> None:
    assert when("2021-12-14", "day") == "14 December 2021"
    assert when("2020-08", "month") == "August 2020"
    assert when("2012", "year") == "2012"
    assert when("2010", "decade") == "the 2010s"


def test_search_patterns_ignore_accents_and_escape_the_rest() -> None:
    pattern = re.compile(accent_blind("Goïta (x)"), re.IGNORECASE)
    assert pattern.search("Colonel GOITA (x)") and pattern.search("Assimi Goïta (x)")
    assert not pattern.search("Goita x")


def test_highlight_marks_overlapping_spans_with_both_kinds() -> None:
    text = "The army said it seized power."
    marked = highlight(text, [Span(0, 30, "event", "e"), Span(0, 13, "statement", "s")])
    assert (
        marked.startswith('<mark class="event statement"') and 'class="event" data-items="e" data-start="13"' in marked
    )
    assert unescape(re.sub(r"<[^>]+>", "", marked)) == text
