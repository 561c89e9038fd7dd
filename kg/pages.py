"""Pages to explore the graph without SPARQL, as routes of the endpoint application (:func:`kg.serve.create_app`).

* ``/``: what the graph holds (articles, actors, events, statements, the dates they span) and a search box;
* ``/search?q=``: entities by label or alias, and sentences (with the facts read from them), accents ignored;
* ``/timeline``: every dated event and statement on a time axis, filtered by country, actor and event type, each
  drawn over the span its precision allows (a month-precision date is a month wide, a year a year);
* ``/claims``: each contested claim (a force deployed in a country), who affirms and who denies it, side by side;
* an article's IRI, for a browser: its text with the sentences facts were read from highlighted by kind, and the
  facts beside it (:func:`article_page`, called by :mod:`kg.web`).

Every page is plain HTML, readable without a script, built from SPARQL queries that run as any other query does
(the query workers, their limits, the answers kept until the next commit). Each page shows its queries with a link
that opens them in the query page (``/query``). Every list is paged: no page query runs without a ``LIMIT``.
"""

from __future__ import annotations

import html
import itertools
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import anyio.to_thread
import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from kg.engine import Job
from kg.publish import PREFIXES as NAMESPACES
from kg.web import _NOT_IN_IRI, _local

if TYPE_CHECKING:
    from kg.settings import Settings
    from kg.store import Store

#: The prefixes the pages' queries use, as the published data names them.
PREFIXES = "".join(f"PREFIX {p}: <{NAMESPACES[p]}>\n" for p in ("kg", "nif", "prov", "rdfs", "schema", "skos"))
#: The kinds of event the timeline can be narrowed to (kg classes).
EVENT_TYPES = ("Coup", "Deployment", "TroopChange", "BaseHandover", "Conflict", "Election", "Event")
_EVENT_VALUES = " ".join(f"kg:{t}" for t in EVENT_TYPES)
#: Items on a page of a list.
PAGE_SIZE = 100


def add_pages(app: FastAPI) -> None:
    """Add the home page, search, timeline and claims routes to ``app``."""
    app.add_api_route("/", home, methods=["GET"], include_in_schema=False)
    app.add_api_route("/search", search, methods=["GET"], include_in_schema=False)
    app.add_api_route("/timeline", timeline, methods=["GET"], include_in_schema=False)
    app.add_api_route("/claims", claims, methods=["GET"], include_in_schema=False)


# -- running the pages' queries ---------------------------------------------------------------------------------------


async def select(request: Request, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT query, each a dict of variable → value (unbound variables left out).

    The query runs as the endpoint runs any query: on a query worker under the time and size limits, or from the
    answers kept since the last commit; in the server process where there are no workers (a remote store).
    """
    from kg.serve import run_job

    app = request.app
    settings: Settings = app.state.settings
    if app.state.pool is not None:
        job = Job(query, (), (), "json", "application/sparql-results+json", settings.max_result_bytes)
        _media, body, _kept = await run_job(app, app.state.pool, job)
    else:
        store: Store = app.state.store
        body = await anyio.to_thread.run_sync(_json_answer, store, query)
    return _bindings(body)


def _bindings(body: bytes) -> list[dict[str, str]]:
    """The rows of a SPARQL JSON result, each a dict of variable → value."""
    answer = json.loads(body)
    return [{name: cell["value"] for name, cell in row.items()} for row in answer["results"]["bindings"]]


def _json_answer(store: Store, query: str) -> bytes:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return result.serialize(format=ox.QueryResultsFormat.JSON) or b""


# -- SPARQL text ------------------------------------------------------------------------------------------------------


def iri(value: str) -> str | None:
    """``value`` as an IRI term of a query (``<…>``), or None where it cannot be one."""
    if not value or _NOT_IN_IRI.search(value) or ":" not in value:
        return None
    return f"<{value}>"


def literal(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _variants() -> dict[str, str]:
    """For each ASCII letter, the Latin letters that fold to it ("i": "ìíîïĩī…")."""
    found: dict[str, set[str]] = {}
    for point in range(0x00C0, 0x0250):
        char = chr(point)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if "a" <= base <= "z" and char.lower() != base:
            found.setdefault(base, set()).add(char.lower())
    return {base: "".join(sorted(chars)) for base, chars in found.items()}


_VARIANTS = _variants()
_REGEX_SPECIAL = set("\\.^$*+?()[]{}|-")


def accent_blind(text: str) -> str:
    """A regular expression (XPath syntax, for ``REGEX(…, "i")``) that finds ``text`` whatever its accents.

    Example:
        >>> accent_blind("Goita")[:8]
        'g[òóôõöø'
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    parts = []
    for char in folded:
        if char in _VARIANTS:
            parts.append(f"[{char}{_VARIANTS[char]}]")
        elif char in _REGEX_SPECIAL:
            parts.append("\\" + char)
        else:
            parts.append(char)
    return "".join(parts)


# -- page layout ------------------------------------------------------------------------------------------------------


def page(title: str, body: str, head: str = "") -> str:
    """A whole page of this server: its navigation, its styles, ``body`` (and ``head``, in its head)."""
    nav = " · ".join(
        f'<a href="{href}">{name}</a>'
        for href, name in (
            ("/", "kg"),
            ("/timeline", "timeline"),
            ("/claims", "claims"),
            ("/query", "query"),
            ("/dumps/", "dumps"),
            ("/ontology", "ontology"),
        )
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)} — kg</title>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        f"<style>{_STYLE}</style>{head}</head><body>"
        f'<nav aria-label="site">{nav}</nav><main>{body}</main></body></html>'
    )


_STYLE = (
    "body{font:16px/1.45 system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;color:#222}"
    "nav{margin-bottom:1rem}a{color:#0645ad}a:focus,button:focus,input:focus,select:focus{outline:2px solid #f90}"
    "th{text-align:left;vertical-align:top;padding-right:1rem;font-weight:500;color:#555}"
    "blockquote{margin:.3rem 0 .8rem 1rem;color:#333;border-left:3px solid #ccc;padding-left:.6rem}"
    ".iri{color:#666}.muted{color:#666;font-size:.9rem}"
    "details.query pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;font-size:.85rem}"
    ".sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.sides>section{border-top:3px solid #ccc}"
    ".affirms{border-color:#2a7!important}.denies{border-color:#c33!important}"
    ".axis{position:relative;height:.7rem;background:#f0f0f0;margin:.15rem 0 .6rem}"
    ".axis span{position:absolute;top:0;bottom:0;min-width:3px;background:#36c}"
    ".axis span.statement{background:#a5a}"
    "ol.timeline{list-style:none;padding:0}ol.timeline li{margin:.2rem 0}"
    ".text{white-space:pre-wrap;line-height:1.6}.article{display:grid;grid-template-columns:3fr 2fr;gap:1.5rem}"
    "mark{padding:0 .1rem;border-radius:2px}mark.statement{background:#f3d9f3}mark.event{background:#d9e8fb}"
    "mark.statement.event{background:#e6dcfa}mark.quote{background:#fde68a}"
    "mark.speaker{box-shadow:inset 0 -2px #2a7;font-weight:600}"
    "mark.verb{box-shadow:inset 0 -2px #c33;font-style:italic}"
    "mark.actor{text-decoration:underline dotted #555 2px;text-underline-offset:3px}"
    "@media(max-width:50rem){.article,.sides{grid-template-columns:1fr}}"
)


def query_box(*queries: str) -> str:
    """The queries a page was built from, each with a link that opens it in the query page."""
    items = "".join(
        f"<pre>{html.escape(q.strip())}</pre>"
        f'<p><a href="/query?{html.escape(urlencode({"query": q.strip()}))}">Open this query in the query page</a></p>'
        for q in queries
    )
    return f'<details class="query"><summary>The SPARQL behind this page</summary>{items}</details>'


def link(iri_text: str, text: str, settings: Settings) -> str:
    """A link to an IRI: here, for the IRIs this graph mints; out, for the others."""
    return f'<a href="{html.escape(_local(iri_text, settings))}">{html.escape(text)}</a>'


def _short(iri_text: str) -> str:
    return iri_text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _pager(request: Request, page_number: int, more: bool) -> str:
    params = dict(request.query_params)
    parts = []
    if page_number > 1:
        parts.append(
            f'<a rel="prev" href="?{html.escape(urlencode({**params, "page": page_number - 1}))}">previous</a>'
        )
    if more:
        parts.append(f'<a rel="next" href="?{html.escape(urlencode({**params, "page": page_number + 1}))}">next</a>')
    return f'<p class="pager">page {page_number} {" · ".join(parts)}</p>' if parts or page_number > 1 else ""


def _page_number(request: Request) -> int:
    try:
        return max(1, min(10_000, int(request.query_params.get("page", "1"))))
    except ValueError:
        return 1


# -- home and search --------------------------------------------------------------------------------------------------

HOLDINGS = (
    PREFIXES
    + f"""SELECT ?articles ?actors ?events ?statements ?first ?last WHERE {{
  {{ SELECT (COUNT(DISTINCT ?article) AS ?articles) WHERE {{ ?article a kg:Article }} }}
  {{ SELECT (COUNT(DISTINCT ?actor) AS ?actors) WHERE {{
      {{ SELECT DISTINCT ?actor WHERE {{ ?actor kg:mentionedIn ?text }} }}
      ?actor a ?type .
      {{ SELECT DISTINCT ?type WHERE {{ ?type rdfs:subClassOf* kg:Actor }} }} }} }}
  {{ SELECT (COUNT(DISTINCT ?event) AS ?events) WHERE {{
      VALUES ?type {{ {_EVENT_VALUES} }}
      ?event a ?type }} }}
  {{ SELECT (COUNT(DISTINCT ?statement) AS ?statements) WHERE {{ ?statement a kg:Statement }} }}
  {{ SELECT (MIN(?earliest) AS ?first) (MAX(?latest) AS ?last) WHERE {{
      ?time kg:earliest ?earliest ; kg:latest ?latest }} }}
}}"""
)


async def home(request: Request) -> HTMLResponse:
    """What the graph holds, a search box, and the ways on."""
    rows = await select(request, HOLDINGS)
    held = rows[0] if rows else {}
    counts = "".join(
        f"<li><strong>{int(held.get(key, '0')):,}</strong> {name}</li>"
        for key, name in (
            ("articles", "articles"),
            ("actors", "actors named in them"),
            ("events", "events"),
            ("statements", "statements"),
        )
    )
    span = f"<li>dated from {held['first']} to {held['last']}</li>" if held.get("first") and held.get("last") else ""
    body = (
        "<h1>kg: who reported what about conflict and politics</h1>"
        '<form action="/search" role="search"><label for="q">Search labels, aliases, quotes and sentences</label> '
        '<input id="q" name="q" type="search" required minlength="2"> <button>Search</button></form>'
        f"<h2>The graph holds</h2><ul>{counts}{span}</ul>"
        '<ul><li><a href="/timeline">The timeline</a>: every dated event and statement</li>'
        '<li><a href="/claims">Contested claims</a>: who affirms and who denies</li>'
        '<li><a href="/query">The query page</a> (SPARQL; the endpoint is <code>/sparql</code>)</li>'
        '<li><a href="/dumps/">Dumps</a> and <a href="/ontology">the ontology</a></li></ul>' + query_box(HOLDINGS)
    )
    return HTMLResponse(page("kg", body))


def search_queries(text: str, offset: int) -> tuple[str, str]:
    """The queries of a search: entities by label or alias, and sentences."""
    pattern = literal(accent_blind(text))
    entities = (
        PREFIXES
        + f"""SELECT ?entity (SAMPLE(?name) AS ?label) (GROUP_CONCAT(DISTINCT ?kind; separator=", ") AS ?kinds) WHERE {{
  {{
    SELECT DISTINCT ?entity WHERE {{
      ?entity rdfs:label|skos:altLabel ?found .
      FILTER (REGEX(STR(?found), {pattern}, "i"))
    }}
  }}
  ?entity a ?type .
  FILTER (STRSTARTS(STR(?type), STR(kg:)))
  BIND (STRAFTER(STR(?type), "#") AS ?kind)
  OPTIONAL {{ ?entity rdfs:label ?name }}
}}
GROUP BY ?entity
ORDER BY ?label ?entity
LIMIT {PAGE_SIZE + 1} OFFSET {offset}"""
    )
    sentences = (
        PREFIXES
        + f"""SELECT ?span ?text ?article ?start (SAMPLE(?fact) AS ?item) (SAMPLE(?factLabel) AS ?itemLabel) WHERE {{
  ?span a kg:Sentence ;
        nif:anchorOf ?text ;
        nif:beginIndex ?start ;
        nif:referenceContext ?article .
  FILTER (REGEX(?text, {pattern}, "i"))
  OPTIONAL {{ ?fact kg:evidence ?span . OPTIONAL {{ ?fact rdfs:label|kg:content ?factLabel }} }}
}}
GROUP BY ?span ?text ?article ?start
ORDER BY ?article ?start
LIMIT {PAGE_SIZE + 1} OFFSET {offset}"""
    )
    return entities, sentences


async def search(request: Request) -> HTMLResponse:
    """Entities whose label or alias matches, and sentences that do, accents and case ignored."""
    settings: Settings = request.app.state.settings
    text = (request.query_params.get("q") or "").strip()[:200]
    form = (
        '<form action="/search" role="search"><label for="q">Search</label> '
        f'<input id="q" name="q" type="search" value="{html.escape(text)}" required minlength="2"> '
        "<button>Search</button></form>"
    )
    if len(text) < 2:
        return HTMLResponse(page("search", "<h1>Search</h1>" + form + "<p>Type at least two letters.</p>"))
    number = _page_number(request)
    entities_query, sentences_query = search_queries(text, (number - 1) * PAGE_SIZE)
    entities = await select(request, entities_query)
    sentences = await select(request, sentences_query)
    found = "".join(
        f"<li>{link(row['entity'], row.get('label') or _short(row['entity']), settings)}"
        f' <span class="muted">{html.escape(row.get("kinds", ""))}</span></li>'
        for row in entities[:PAGE_SIZE]
    )
    said = "".join(
        f"<li><blockquote>{html.escape(row['text'])}</blockquote>"
        f'<span class="muted">{link(row["article"], "in its article", settings)}'
        + (
            f" · {link(row['item'], row.get('itemLabel') or 'what was read from it', settings)}"
            if row.get("item")
            else ""
        )
        + "</span></li>"
        for row in sentences[:PAGE_SIZE]
    )
    body = (
        f"<h1>Search: {html.escape(text)}</h1>{form}"
        f"<h2>Entities</h2>{f'<ul>{found}</ul>' if found else '<p>None.</p>'}"
        f"<h2>Sentences</h2>{f'<ol>{said}</ol>' if said else '<p>None.</p>'}"
        + _pager(request, number, len(entities) > PAGE_SIZE or len(sentences) > PAGE_SIZE)
        + query_box(entities_query, sentences_query)
    )
    return HTMLResponse(page(f"search: {text}", body))


# -- timeline ---------------------------------------------------------------------------------------------------------


def timeline_query(kind: str | None, country: str | None, actor: str | None, offset: int) -> str:
    """Dated events and statements, earliest first, narrowed by event type, country and actor (IRIs as terms).

    The page's items are chosen first, in a subquery (from the country or actor where one is given: an index
    lookup, not a test of every dated item), and only they are described.
    """
    types = f"kg:{kind}" if kind else _EVENT_VALUES
    dated = f"{{ VALUES ?type {{ {types} }} ?item a ?type ; kg:date|kg:startDate ?time . }}"
    if not kind:
        dated += "\n      UNION { ?item a kg:Statement ; kg:date ?time . BIND (kg:Statement AS ?type) }"
    narrowing = []
    if country:
        narrowing.append(
            f"{{ ?item kg:country|kg:hostCountry|kg:sendingState {country} }} "
            f"UNION {{ ?item kg:place/kg:country {country} }} UNION {{ ?item kg:speaker/kg:country {country} }}"
        )
    if actor:
        narrowing.append(f"?item ?role {actor} .")
    # the items the filters allow, each once, found from the country and actor (an index lookup each)
    narrowed = "\n      ".join(f"{{ SELECT DISTINCT ?item WHERE {{ {n} }} }}" for n in narrowing)
    return (
        PREFIXES
        + f"""SELECT ?item ?type (SAMPLE(?name) AS ?label) ?value ?precision ?earliest ?latest
       (SAMPLE(?sentence) AS ?text) (MIN(?begin) AS ?start) (SAMPLE(?source) AS ?article) WHERE {{
  {{
    SELECT DISTINCT ?item ?type ?time ?earliest ?latest WHERE {{
      {narrowed}
      {dated}
      ?time kg:earliest ?earliest ; kg:latest ?latest .
    }}
    ORDER BY ?earliest ?latest ?item
    LIMIT {PAGE_SIZE + 1} OFFSET {offset}
  }}
  ?time kg:value ?value .
  OPTIONAL {{ ?time kg:precision/skos:notation ?precision }}
  OPTIONAL {{ ?item rdfs:label|kg:content ?name }}
  OPTIONAL {{ ?item kg:evidence ?span . ?span nif:anchorOf ?sentence ; nif:beginIndex ?begin }}
  OPTIONAL {{ ?item prov:wasDerivedFrom ?source }}
}}
GROUP BY ?item ?type ?value ?precision ?earliest ?latest
ORDER BY ?earliest ?latest ?item"""
    )


FILTER_CHOICES = (
    PREFIXES
    + """SELECT ?choice ?label ?kind WHERE {
  { SELECT DISTINCT ?choice ("country" AS ?kind) WHERE { ?event kg:country|kg:hostCountry ?choice } LIMIT 300 }
  UNION
  { SELECT ?choice ("actor" AS ?kind) WHERE { ?statement a kg:Statement ; kg:speaker ?choice . }
    GROUP BY ?choice ORDER BY DESC(COUNT(?statement)) LIMIT 150 }
  OPTIONAL { ?choice rdfs:label ?label }
}"""
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def when(value: str, precision: str | None) -> str:
    """A date as its precision allows: "14 December 2021", "December 2021", "2021", "the 2010s"."""
    try:
        if precision == "decade":
            return f"the {value[:3]}0s"
        if precision == "year" or len(value) == 4:
            return value[:4]
        if precision == "month" or len(value) == 7:
            return f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}"
        day = date.fromisoformat(value[:10])
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    except (ValueError, IndexError):
        return value


@dataclass(frozen=True)
class _Choice:
    value: str
    label: str


async def timeline(request: Request) -> HTMLResponse:
    """Dated events and statements on a time axis, each as wide as its precision."""
    settings: Settings = request.app.state.settings
    params = request.query_params
    kind = params.get("type") if params.get("type") in EVENT_TYPES else None
    country, actor = iri(params.get("country", "")), iri(params.get("actor", ""))
    number = _page_number(request)
    query = timeline_query(kind, country, actor, (number - 1) * PAGE_SIZE)
    rows = await select(request, query)
    choices = await select(request, FILTER_CHOICES)
    shown = rows[:PAGE_SIZE]
    items = []
    if shown:
        low = min(date.fromisoformat(r["earliest"][:10]).toordinal() for r in shown)
        high = max(date.fromisoformat(r["latest"][:10]).toordinal() for r in shown) + 1
        width = max(high - low, 1)
        for row in shown:
            start = date.fromisoformat(row["earliest"][:10]).toordinal()
            end = date.fromisoformat(row["latest"][:10]).toordinal() + 1
            left, span = 100 * (start - low) / width, 100 * (end - start) / width
            kind_name = _short(row["type"])
            css = "statement" if kind_name == "Statement" else "event"
            said = when(row["value"], row.get("precision"))
            label = row.get("label") or kind_name
            sentence = f"<blockquote>{html.escape(row['text'])}</blockquote>" if row.get("text") else ""
            source = ""
            if row.get("article"):
                at = f"#at-{row['start']}" if row.get("start") else ""
                source = f" · {link(row['article'] + at, 'the sentence in its article', settings)}"
            items.append(
                f'<li class="{css}" data-precision="{html.escape(row.get("precision", ""))}">'
                f'<time datetime="{html.escape(row["value"])}">{html.escape(said)}</time> · '
                f"{html.escape(kind_name)}: {link(row['item'], label, settings)}{source}"
                f'<div class="axis" aria-hidden="true"><span class="{css}" '
                f'style="left:{left:.3f}%;width:{span:.3f}%" title="{html.escape(said)}"></span></div>{sentence}</li>'
            )

    def options(name: str, values: list[_Choice], chosen: str | None) -> str:
        opts = [f'<option value="">any {name}</option>']
        for choice in sorted(values, key=lambda c: c.label.lower()):
            selected = " selected" if chosen == f"<{choice.value}>" or chosen == choice.value else ""
            opts.append(f'<option value="{html.escape(choice.value)}"{selected}>{html.escape(choice.label)}</option>')
        return f'<label>{name} <select name="{name}">{"".join(opts)}</select></label>'

    by_kind: dict[str, dict[str, _Choice]] = {"country": {}, "actor": {}}
    for row in choices:
        by_kind[row["kind"]].setdefault(
            row["choice"], _Choice(row["choice"], row.get("label") or _short(row["choice"]))
        )
    types = [_Choice(t, t) for t in EVENT_TYPES]
    form = (
        '<form action="/timeline" class="filters">'
        + options("type", types, kind)
        + " "
        + options("country", list(by_kind["country"].values()), country)
        + " "
        + options("actor", list(by_kind["actor"].values()), actor)
        + " <button>Show</button></form>"
    )
    listing = f'<ol class="timeline">{"".join(items)}</ol>' if items else "<p>Nothing dated matches.</p>"
    body = (
        "<h1>Timeline</h1><p>Every dated event and statement, earliest first; each bar covers what its date "
        "says: a day, a month, a year.</p>"
        + form
        + listing
        + _pager(request, number, len(rows) > PAGE_SIZE)
        + query_box(query, FILTER_CHOICES)
    )
    return HTMLResponse(page("timeline", body))


# -- contested claims -------------------------------------------------------------------------------------------------

_SIDES = """
      {
        ?claim kg:claimedBy ?actor ; kg:status ?status .
        VALUES (?status ?side) {
          (kg:StatusAlleged "affirms") (kg:StatusReported "affirms") (kg:StatusConfirmed "affirms")
          (kg:StatusDenied "denies")
        }
        ?claim a kg:Deployment ; kg:force ?force ; kg:hostCountry ?host .
        BIND (?claim AS ?source)
      }
      UNION
      {
        ?source kg:stance ?stance ; kg:about ?claim ; kg:speaker ?actor .
        VALUES (?stance ?side) { (kg:Affirms "affirms") (kg:Denies "denies") }
        ?claim a kg:Deployment ; kg:force ?force ; kg:hostCountry ?host .
      }"""


#: Contested claims on a page, and the records shown on each side of each (the latest).
CLAIMS_PER_PAGE = 10
PER_SIDE = 8


def contested_query(offset: int) -> str:
    """The claims with both sides (a force deployed in a host country that someone affirms and someone denies), with
    how many records stand on each side."""
    return (
        PREFIXES
        + f"""SELECT ?force ?host (SAMPLE(?forceName) AS ?forceLabel) (SAMPLE(?hostName) AS ?hostLabel)
       ?affirming ?denying WHERE {{
  {{
    SELECT ?force ?host (SUM(IF(?side = "affirms", 1, 0)) AS ?affirming) (SUM(IF(?side = "denies", 1, 0)) AS ?denying)
    WHERE {{{_SIDES}
    }}
    GROUP BY ?force ?host
    HAVING (COUNT(DISTINCT ?side) = 2)
  }}
  OPTIONAL {{ ?force rdfs:label ?forceName }}
  OPTIONAL {{ ?host rdfs:label ?hostName }}
}}
GROUP BY ?force ?host ?affirming ?denying
ORDER BY ?hostLabel ?forceLabel
LIMIT {CLAIMS_PER_PAGE + 1} OFFSET {offset}"""
    )


def _side(force: str, host: str, side: str, statuses: str, stance: str) -> str:
    return f"""
  {{
    SELECT ?source ?actor ?side ?day WHERE {{
      {{
        ?claim kg:force {force} ; kg:hostCountry {host} ; a kg:Deployment ; kg:status ?status ; kg:claimedBy ?actor .
        VALUES ?status {{ {statuses} }}
        BIND (?claim AS ?source)
      }}
      UNION
      {{
        ?claim kg:force {force} ; kg:hostCountry {host} ; a kg:Deployment .
        ?source kg:about ?claim ; kg:stance {stance} ; kg:speaker ?actor .
      }}
      OPTIONAL {{ ?source kg:date/kg:earliest ?day }}
      BIND ("{side}" AS ?side)
    }}
    ORDER BY DESC(?day) ?source ?actor
    LIMIT {PER_SIDE}
  }}"""


def sides_query(force: str, host: str) -> str:
    """The latest records on each side of one claim (IRIs as terms): who, anonymous or not, when, the quote, the
    sentence and the article."""
    affirms = _side(force, host, "affirms", "kg:StatusAlleged kg:StatusReported kg:StatusConfirmed", "kg:Affirms")
    denies = _side(force, host, "denies", "kg:StatusDenied", "kg:Denies")
    return (
        PREFIXES
        + f"""SELECT ?side ?source ?actor (SAMPLE(?name) AS ?actorLabel) ?anonymous (SAMPLE(?when) AS ?date)
       (SAMPLE(?words) AS ?quote) (SAMPLE(?sentence) AS ?text) (SAMPLE(?origin) AS ?article) WHERE {{{affirms}
  UNION{denies}
  OPTIONAL {{ ?actor rdfs:label ?name }}
  BIND (EXISTS {{ ?actor a kg:AnonymousSource }} AS ?anonymous)
  OPTIONAL {{ ?source kg:date/kg:value ?when }}
  OPTIONAL {{ ?source kg:quote ?words }}
  OPTIONAL {{ ?source kg:evidence/nif:anchorOf ?sentence }}
  OPTIONAL {{ ?source prov:wasDerivedFrom ?origin }}
}}
GROUP BY ?side ?source ?actor ?anonymous
ORDER BY ?side DESC(?date) ?source ?actor
LIMIT {2 * PER_SIDE}"""
    )


async def claims(request: Request) -> HTMLResponse:
    """Each contested claim with who affirms and who denies it, side by side (the latest records of each side)."""
    settings: Settings = request.app.state.settings
    number = _page_number(request)
    pairs_query = contested_query((number - 1) * CLAIMS_PER_PAGE)
    pairs = await select(request, pairs_query)
    shown = pairs[:CLAIMS_PER_PAGE]
    queries = [pairs_query]
    sections = []
    for pair in shown:
        force, host = pair["force"], pair["host"]
        detail = sides_query(f"<{force}>", f"<{host}>")
        if len(queries) == 1:
            queries.append(detail)  # the others differ only in the claim
        sides: dict[str, list[dict[str, str]]] = {}
        for row in await select(request, detail):
            sides.setdefault(row["side"], []).append(row)
        title = (
            f"{link(force, pair.get('forceLabel') or _short(force), settings)} in "
            f"{link(host, pair.get('hostLabel') or _short(host), settings)}"
        )
        columns = []
        for side, count in (("affirms", pair.get("affirming", "0")), ("denies", pair.get("denying", "0"))):
            entries = []
            for row in sides.get(side, []):
                who = link(row["actor"], row.get("actorLabel") or _short(row["actor"]), settings)
                anonymous = " <em>(anonymous source)</em>" if row.get("anonymous") in ("true", "1") else ""
                dated = f" · {html.escape(when(row['date'], None))}" if row.get("date") else ""
                quote = f" <q>{html.escape(row['quote'])}</q>" if row.get("quote") else ""
                sentence = f"<blockquote>{html.escape(row['text'])}</blockquote>" if row.get("text") else ""
                source = f" · {link(row['article'], 'article', settings)}" if row.get("article") else ""
                record = link(row["source"], "record", settings)
                entries.append(f"<li>{who}{anonymous}{dated} · {record}{source}{quote}{sentence}</li>")
            listing = f"<ul>{''.join(entries)}</ul>" if entries else "<p>No one.</p>"
            more = f' <span class="muted">({int(count):,} records; the latest {len(entries)} here)</span>'
            columns.append(f'<section class="{side}"><h3>{side.capitalize()}{more}</h3>{listing}</section>')
        sections.append(f'<article class="claim"><h2>{title}</h2><div class="sides">{"".join(columns)}</div></article>')
    body = (
        "<h1>Contested claims</h1><p>A claim is a force deployed in a country; these are the ones someone "
        "affirms and someone denies, with who stands on each side.</p>"
        + ("".join(sections) or "<p>No claim is contested.</p>")
        + _pager(request, number, len(pairs) > CLAIMS_PER_PAGE)
        + query_box(*queries)
    )
    return HTMLResponse(page("contested claims", body))


# -- the article view -------------------------------------------------------------------------------------------------


def article_queries(article: str) -> tuple[str, str]:
    """The queries of an article's page: the article itself, and the facts read from it with their spans."""
    about = (
        PREFIXES
        + f"""SELECT ?title ?publisher ?outlet ?published ?url ?body WHERE {{
  {article} a kg:Article .
  OPTIONAL {{ {article} schema:headline ?title }}
  OPTIONAL {{ {article} schema:publisher ?publisher OPTIONAL {{ ?publisher rdfs:label ?outlet }} }}
  OPTIONAL {{ {article} schema:datePublished ?published }}
  OPTIONAL {{ {article} schema:url ?url }}
  OPTIONAL {{ {article} schema:articleBody ?body }}
}}
LIMIT 1"""
    )
    facts = (
        PREFIXES
        + f"""SELECT ?item ?kind (SAMPLE(?name) AS ?label) (SAMPLE(?who) AS ?speaker) (SAMPLE(?words) AS ?quote)
       ?start ?end WHERE {{
  ?item prov:wasDerivedFrom {article} ;
        kg:evidence ?span .
  ?span nif:beginIndex ?start ; nif:endIndex ?end .
  BIND (IF(EXISTS {{ ?item a kg:Statement }}, "statement", "event") AS ?kind)
  OPTIONAL {{ ?item rdfs:label|kg:content ?name }}
  OPTIONAL {{ ?item kg:speaker/rdfs:label ?who }}
  OPTIONAL {{ ?item kg:quote ?words }}
}}
GROUP BY ?item ?kind ?start ?end
ORDER BY ?start ?item
LIMIT 5000"""
    )
    return about, facts


def parts_query(article: str) -> str:
    """Where the parts of each statement read from an article stand (its speaker, reporting words and quotes), and
    where the article names each actor."""
    return (
        PREFIXES
        + f"""SELECT ?item ?part ?start ?end (SAMPLE(?name) AS ?label) WHERE {{
  {{
    ?item prov:wasDerivedFrom {article} .
    VALUES (?property ?part) {{ (kg:speakerSpan "speaker") (kg:verbSpan "verb") (kg:quoteSpan "quote") }}
    ?item ?property ?span .
  }} UNION {{
    ?item kg:mention ?span .
    ?span nif:referenceContext {article} .
    BIND ("actor" AS ?part)
    OPTIONAL {{ ?item rdfs:label ?name }}
  }}
  ?span nif:beginIndex ?start ; nif:endIndex ?end .
}}
GROUP BY ?item ?part ?start ?end
ORDER BY ?start ?item
LIMIT 10000"""
    )


@dataclass(frozen=True)
class Span:
    """A stretch of an article's text that a fact was read from."""

    start: int
    end: int
    kind: str  # statement, event, speaker, verb, quote or actor
    item: str


def highlight(text: str, spans: list[Span]) -> str:
    """The text as HTML, each stretch covered by spans marked with their kinds and the facts' ids."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts = {s.start for s in spans}  # where a sentence or quote begins: a link can point there (#at-OFFSET)
    out = []
    for begin, end in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= begin and end <= s.end]
        piece = html.escape(text[begin:end])
        if not covering:
            out.append(piece)
            continue
        kinds = " ".join(sorted({s.kind for s in covering}))
        items = " ".join(sorted({_short(s.item) for s in covering}))
        anchor = f' id="at-{begin}"' if begin in starts else ""
        out.append(
            f'<mark class="{kinds}"{anchor} data-items="{html.escape(items)}" data-start="{begin}">{piece}</mark>'
        )
    return "".join(out)


async def article_page(request: Request, article_iri: str) -> str | None:
    """An article's page: its text with what was read from it highlighted, and the facts beside it."""
    settings: Settings = request.app.state.settings
    about_query, facts_query = article_queries(f"<{article_iri}>")
    about = await select(request, about_query)
    if not about:
        return None
    head = about[0]
    facts = await select(request, facts_query)
    parts = await select(request, parts_query(f"<{article_iri}>"))
    text = head.get("body", "")
    spans = [
        Span(int(row["start"]), int(row["end"]), row["part"], row["item"])
        for row in parts
        if 0 <= int(row["start"]) < int(row["end"]) <= len(text)
    ]
    placed = {s.item for s in spans if s.kind == "quote"}
    named: dict[str, tuple[str, int]] = {}  # actor → its label, and how often the article names it
    for row in parts:
        if row["part"] == "actor":
            label, count = named.get(row["item"], (row.get("label") or _short(row["item"]), 0))
            named[row["item"]] = (label, count + 1)
    actors = "".join(
        f'<li>{link(item, label, settings)} <span class="muted">({count}×)</span></li>'
        for item, (label, count) in sorted(named.items(), key=lambda kv: (-kv[1][1], kv[1][0].casefold()))
    )
    listed = []
    for row in facts:
        start, end = int(row["start"]), int(row["end"])
        if not 0 <= start < end <= len(text):
            continue
        spans.append(Span(start, end, row["kind"], row["item"]))
        quote = row.get("quote")
        if quote and row["item"] not in placed:  # a graph written before quotes had spans: find the quote
            at = text.find(quote, start, end)
            if at >= 0:
                spans.append(Span(at, at + len(quote), "quote", row["item"]))
        speaker = f"{html.escape(row['speaker'])}: " if row.get("speaker") else ""
        label = row.get("label") or _short(row["item"])
        listed.append(
            f'<li class="{row["kind"]}">{speaker}{link(row["item"], label, settings)} '
            f'<span class="muted">({row["kind"]}, characters {start}–{end})</span></li>'
        )
    title = head.get("title") or _short(article_iri)
    outlet = (
        link(head["publisher"], head.get("outlet") or _short(head["publisher"]), settings)
        if head.get("publisher")
        else ""
    )
    meta = " · ".join(
        part
        for part in (
            outlet,
            html.escape(when(head["published"], "day")) if head.get("published") else "",
            f'<a href="{html.escape(head["url"])}">the original</a>' if head.get("url") else "",
        )
        if part
    )
    legend = (
        '<p class="muted">Highlighted: <mark class="statement">statement</mark> '
        '<mark class="event">event</mark> <mark class="speaker">speaker</mark> '
        '<mark class="verb">reporting words</mark> <mark class="quote">quote</mark> '
        '<mark class="actor">actor</mark></p>'
    )
    body = (
        f"<h1>{html.escape(title)}</h1><p>{meta}</p>{legend}"
        f'<div class="article"><div class="text" lang="en">{highlight(text, spans)}</div>'
        f"<aside><h2>Read from it ({len(listed)})</h2><ol>{''.join(listed)}</ol>"
        f"<h2>Actors named ({len(named)})</h2><ul>{actors}</ul></aside></div>"
        + query_box(about_query, facts_query, parts_query(f"<{article_iri}>"))
    )
    return page(title, body)


# -- an entity's statements and network -------------------------------------------------------------------------------


#: The events and statements an entity takes part in, and the entity itself: what a statement about it is about.
_ABOUT = "{{ SELECT DISTINCT ?about WHERE {{ {{ ?about ?role {entity} }} UNION {{ BIND ({entity} AS ?about) }} }} }}"


def statements_query(entity: str) -> str:
    """Statements the entity made, and statements about it (about it, or about an event it takes part in): the
    latest 100 of each."""
    about = _ABOUT.format(entity=entity)
    return (
        PREFIXES
        + f"""SELECT ?statement ?relation ?speaker (SAMPLE(?name) AS ?speakerLabel) (SAMPLE(?said) AS ?content)
       (SAMPLE(?when) AS ?date) (SAMPLE(?origin) AS ?article) WHERE {{
  {{
    SELECT ?statement ?relation ?speaker WHERE {{
      ?statement kg:speaker {entity} .
      OPTIONAL {{ ?statement kg:date/kg:earliest ?day }}
      BIND ("by" AS ?relation)
      BIND ({entity} AS ?speaker)
    }}
    ORDER BY DESC(?day) ?statement
    LIMIT 100
  }}
  UNION
  {{
    SELECT DISTINCT ?statement ?relation ?speaker ?day WHERE {{
      {about}
      ?statement kg:about ?about ; kg:speaker ?speaker .
      OPTIONAL {{ ?statement kg:date/kg:earliest ?day }}
      BIND ("about" AS ?relation)
    }}
    ORDER BY DESC(?day) ?statement
    LIMIT 100
  }}
  OPTIONAL {{ ?speaker rdfs:label ?name }}
  OPTIONAL {{ ?statement kg:content|kg:quote ?said }}
  OPTIONAL {{ ?statement kg:date/kg:value ?when }}
  OPTIONAL {{ ?statement prov:wasDerivedFrom ?origin }}
}}
GROUP BY ?statement ?relation ?speaker
ORDER BY ?relation DESC(?date) ?statement
LIMIT 200"""
    )


def network_query(entity: str) -> str:
    """Who speaks about whom around an entity: speaker → each actor their statements are about, by the entity or
    about it, with how many statements (the 60 most frequent pairs)."""
    about = _ABOUT.format(entity=entity)
    return (
        PREFIXES
        + f"""SELECT ?speaker (SAMPLE(?speakerName) AS ?speakerLabel) ?target (SAMPLE(?targetName) AS ?targetLabel)
       ?statements WHERE {{
  {{
    SELECT ?speaker ?target (COUNT(DISTINCT ?statement) AS ?statements) WHERE {{
      {{
        ?statement kg:speaker {entity} ; kg:about ?topic .
        {{ BIND (?topic AS ?target) }} UNION {{ ?topic ?role ?target }}
        FILTER EXISTS {{ ?target kg:mentionedIn ?text }}
        BIND ({entity} AS ?speaker)
      }}
      UNION
      {{
        {about}
        ?statement kg:about ?about ; kg:speaker ?speaker .
        BIND ({entity} AS ?target)
      }}
      FILTER (?speaker != ?target)
    }}
    GROUP BY ?speaker ?target
    ORDER BY DESC(?statements) ?speaker ?target
    LIMIT 60
  }}
  OPTIONAL {{ ?speaker rdfs:label ?speakerName }}
  OPTIONAL {{ ?target rdfs:label ?targetName }}
}}
GROUP BY ?speaker ?target ?statements
ORDER BY DESC(?statements) ?speakerLabel ?targetLabel"""
    )


def entity_sections(store: Store, entity: str, settings: Settings) -> tuple[str, str]:
    """The statements by and about an entity, and the picture of who speaks about whom around it (with the same as a
    table, for readers without scripts): (body, head)."""
    term = iri(entity)
    if term is None:
        return "", ""
    said = _rows(store, statements_query(term))
    edges = _rows(store, network_query(term))
    parts = []
    for relation, heading in (("by", "Statements by it"), ("about", "Statements about it")):
        items = []
        for row in (r for r in said if r["relation"] == relation):
            who = (
                ""
                if relation == "by"
                else link(row["speaker"], row.get("speakerLabel") or _short(row["speaker"]), settings) + ": "
            )
            dated = f' <span class="muted">{html.escape(when(row["date"], None))}</span>' if row.get("date") else ""
            content = html.escape(row.get("content") or _short(row["statement"]))
            source = ""
            if row.get("article"):
                at = f"#at-{row['start']}" if row.get("start") else ""
                source = f" · {link(row['article'] + at, 'the sentence in its article', settings)}"
            items.append(f"<li>{who}{link(row['statement'], content, settings)}{dated}{source}</li>")
        if items:
            parts.append(f"<h2>{heading}</h2><ul>{''.join(items)}</ul>")
    head = ""
    if edges:
        table = "".join(
            f"<tr><td>{link(e['speaker'], e.get('speakerLabel') or _short(e['speaker']), settings)}</td>"
            f"<td>{link(e['target'], e.get('targetLabel') or _short(e['target']), settings)}</td>"
            f"<td>{e['statements']}</td></tr>"
            for e in edges
        )
        graph = _network_json(edges, entity, settings)
        parts.append(
            '<h2 id="network">Who speaks about whom</h2>'
            '<div id="network-picture" role="img" aria-label="A network: who speaks about whom around this entity" '
            'style="height:22rem;border:1px solid #ddd"></div>'
            "<table><thead><tr><th>speaker</th><th>speaks about</th><th>statements</th></tr></thead>"
            f"<tbody>{table}</tbody></table>"
            f'<script type="application/json" id="network-data">{graph}</script>'
        )
        head = (
            '<script src="/static/cytoscape/cytoscape.min.js" defer></script>'
            '<script src="/static/network.js" defer></script>'
        )
    parts.append(query_box(statements_query(term), network_query(term)))
    return "".join(parts), head


def _network_json(edges: list[dict[str, str]], entity: str, settings: Settings) -> str:
    nodes: dict[str, dict[str, str]] = {}
    links = []
    for edge in edges:
        for key in ("speaker", "target"):
            node = edge[key]
            label = edge.get(f"{key}Label") or _short(node)
            nodes.setdefault(
                node, {"id": node, "label": label, "href": _local(node, settings), "focus": str(node == entity)}
            )
        links.append({"source": edge["speaker"], "target": edge["target"], "weight": edge["statements"]})
    data = {"nodes": list(nodes.values()), "edges": links}
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _rows(store: Store, query: str) -> list[dict[str, str]]:
    return _bindings(_json_answer(store, query))
