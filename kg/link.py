"""Linking to Wikidata: what the store holds unlinked, candidates from Wikidata's search, and the
links a person has accepted.

The gazetteer (``kg/data/gazetteer.toml``) links the actors and places it knows. For the others,
``kg link`` lists every actor and place in the store without a Wikidata item and, on request,
asks Wikidata's search API (``wbsearchentities``) for candidates: politely (a User-Agent that
names kg, at most one live request per ``wikidata_interval`` seconds) and through a cache, so a
second run, or a run without a network, answers from the cache. Nothing is linked on a search
result alone: a person accepts a candidate (``kg link --accept``), which records it in the links
file (``links.toml``, ``KG_LINKS``), and every load turns that file into ``skos:exactMatch``
triples in its own named graph.

Why ``skos:exactMatch`` and not ``owl:sameAs``: ``owl:sameAs`` would make every statement about
our IRI a statement about the Wikidata item and the reverse, so one mistaken link, or our own
modelling (a "Government of Mali" actor distinct from the state), would leak into inferences about
Wikidata's item. ``skos:exactMatch`` says the two denote the same thing for linking and federated
queries, without merging what each graph says.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.errors import InputError, KgError
from kg.extract.gazetteer import fold
from kg.store import Store

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

WD = "http://www.wikidata.org/entity/"
KG = "https://kg.example.org/ontology#"
QID = re.compile(r"Q[1-9]\d*")

#: The classes of actors and places a Wikidata item can stand for. Anonymous sources and groups
#: of states ("15 Western countries") have none.
LINKABLE = (
    "State",
    "Government",
    "ArmedForce",
    "Person",
    "Organisation",
    "NewsAgency",
    "PrivateMilitaryCompany",
    "ArmedGroup",
    "Region",
    "Settlement",
    "MilitaryBase",
)


class LinkError(KgError):
    """Wikidata could not be asked, or a link is malformed."""

    exit_code = 2


@dataclass(frozen=True)
class Unlinked:
    """An actor or place of the store with no Wikidata item."""

    iri: str
    label: str
    cls: str
    articles: int


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item the search proposes for a label."""

    qid: str
    label: str
    description: str


@dataclass(frozen=True)
class Link:
    """A link a person accepted: every actor of class ``cls`` labelled ``label`` is item ``qid``."""

    label: str
    cls: str
    qid: str
    accepted: str
    note: str = ""


def unlinked(store: Store) -> list[Unlinked]:
    """Every linkable actor and place in ``store`` without a Wikidata item, the most mentioned first."""
    values = " ".join(f"<{KG}{c}>" for c in LINKABLE)
    query = f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?entity ?label ?type (COUNT(DISTINCT ?article) AS ?articles) WHERE {{
          VALUES ?type {{ {values} }}
          ?entity a ?type ; rdfs:label ?label .
          OPTIONAL {{ ?entity <{KG}mentionedIn> ?article }}
          FILTER NOT EXISTS {{
            ?entity skos:exactMatch|owl:sameAs ?item .
            FILTER (STRSTARTS(STR(?item), "{WD}"))
          }}
        }}
        GROUP BY ?entity ?label ?type
        ORDER BY DESC(?articles) ?label ?entity
    """
    rows = store.query(query)
    found: dict[str, Unlinked] = {}
    for row in rows:  # type: ignore[union-attr]
        iri = row["entity"].value
        if iri not in found:
            found[iri] = Unlinked(
                iri, row["label"].value, row["type"].value.removeprefix(KG), int(row["articles"].value)
            )
    return list(found.values())


class WikidataSearch:
    """Wikidata's ``wbsearchentities``, cached on disk and rate-limited.

    Args:
        api: the MediaWiki API URL.
        cache: folder for cached answers (one JSON file per request).
        interval: least seconds between two live requests.
        offline: answer from the cache only; a request not in the cache is an error.
        user_agent: sent with every request, as Wikimedia's policy asks.
        timeout: seconds to wait for an answer.
    """

    def __init__(
        self,
        api: str,
        cache: Path,
        *,
        interval: float = 1.0,
        offline: bool = False,
        user_agent: str = "kg",
        timeout: float = 20.0,
    ) -> None:
        self.api = api
        self.cache = cache
        self.interval = interval
        self.offline = offline
        self.user_agent = user_agent
        self.timeout = timeout
        self.live_requests = 0
        self._last = 0.0
        self._client: httpx.Client | None = None

    def candidates(self, label: str, *, limit: int = 5, language: str = "en") -> list[Candidate]:
        """The items Wikidata's search proposes for ``label``, best first.

        Raises:
            LinkError: offline with nothing cached, or Wikidata cannot be reached or answers an error.
        """
        params = {
            "action": "wbsearchentities",
            "search": label,
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": str(limit),
            "format": "json",
        }
        answer = self._get(params)
        if "error" in answer:
            raise LinkError(
                f"Wikidata refused the search for {label!r}: {answer['error'].get('info', answer['error'])}"
            )
        return [
            Candidate(hit["id"], hit.get("label", ""), hit.get("description", ""))
            for hit in answer.get("search", [])
            if QID.fullmatch(str(hit.get("id", "")))
        ]

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def _get(self, params: dict[str, str]) -> dict:  # type: ignore[type-arg]
        key = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:32]
        path = self.cache / f"wbsearchentities-{key}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        if self.offline:
            raise LinkError(f"offline and {params['search']!r} is not in the cache ({self.cache})")
        import httpx  # only a live search needs it; a load reads the links file without it

        wait = self._last + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        if self._client is None:
            self._client = httpx.Client(headers={"User-Agent": self.user_agent}, timeout=self.timeout)
        try:
            response = self._client.get(self.api, params=params)
            self._last = time.monotonic()
            self.live_requests += 1
            response.raise_for_status()
            answer = response.json()
        except httpx.HTTPStatusError as exc:
            raise LinkError(f"Wikidata answered HTTP {exc.response.status_code} for {params['search']!r}") from None
        except (httpx.HTTPError, ValueError) as exc:
            raise LinkError(f"cannot reach Wikidata at {self.api}: {exc}; use --offline to list only") from None
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_text(json.dumps(answer, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        tmp.replace(path)
        return answer  # type: ignore[no-any-return]


def read_links(path: Path) -> list[Link]:
    """The accepted links of a links file (none when the file does not exist).

    Raises:
        InputError: the file is not valid TOML or an entry lacks a field or has a malformed id.
    """
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not a valid links file: {exc}") from None
    links: list[Link] = []
    for n, entry in enumerate(data.get("link", []), start=1):
        missing = [k for k in ("label", "class", "wikidata", "accepted") if not entry.get(k)]
        if missing:
            raise InputError(path, f"link {n} lacks {', '.join(missing)}")
        if not QID.fullmatch(str(entry["wikidata"])):
            raise InputError(path, f"link {n}: {entry['wikidata']!r} is not a Wikidata item id (Q…)")
        if entry["class"] not in LINKABLE:
            raise InputError(path, f"link {n}: class {entry['class']!r} is not one of {', '.join(LINKABLE)}")
        links.append(
            Link(entry["label"], entry["class"], entry["wikidata"], str(entry["accepted"]), entry.get("note", ""))
        )
    return links


def accept(path: Path, label: str, cls: str, qid: str, note: str = "", today: date | None = None) -> Link:
    """Record that a person accepted ``qid`` for the actors of class ``cls`` labelled ``label``.

    Raises:
        LinkError: a malformed id or class, or a different item already accepted for that label.
    """
    if not QID.fullmatch(qid):
        raise LinkError(f"{qid!r} is not a Wikidata item id (Q followed by digits)")
    if cls not in LINKABLE:
        raise LinkError(f"class {cls!r} cannot be linked; use one of {', '.join(LINKABLE)}")
    for link in read_links(path):
        if fold(link.label) == fold(label) and link.cls == cls:
            if link.qid == qid:
                return link
            raise LinkError(f"{label!r} ({cls}) is already linked to {link.qid}: edit {path} to change it")
    link = Link(label, cls, qid, (today or date.today()).isoformat(), note)
    entry = (
        "\n[[link]]\n"
        f"label = {json.dumps(label, ensure_ascii=False)}\n"
        f'class = "{cls}"\n'
        f'wikidata = "{qid}"\n'
        f'accepted = "{link.accepted}"\n'
    )
    if note:
        entry += f"note = {json.dumps(note, ensure_ascii=False)}\n"
    existing = path.read_text(encoding="utf-8") if path.is_file() else _HEADER
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(existing.rstrip("\n") + "\n" + entry, encoding="utf-8")
    tmp.replace(path)
    return link


def links_graph(store: Store, links: Sequence[Link], exclude: Iterable[str] = ()) -> Graph:
    """``skos:exactMatch`` triples for every actor in ``store`` an accepted link names.

    Args:
        store: the store whose actors are matched (by class and accent- and case-folded label).
        links: the accepted links.
        exclude: graphs not to look in (the links graph itself).
    """
    graph = Graph()
    graph.bind("skos", SKOS)
    if not links:
        return graph
    wanted = {(fold(link.label), link.cls): link.qid for link in links}
    skip = set(exclude)
    values = " ".join(f"<{KG}{c}>" for c in sorted({link.cls for link in links}))
    rows = store.query(
        "SELECT DISTINCT ?g ?entity ?label ?type WHERE { GRAPH ?g { ?entity a ?type ; "
        f"<http://www.w3.org/2000/01/rdf-schema#label> ?label }} VALUES ?type {{ {values} }} }}",
        default_graph=None,
    )
    for row in rows:  # type: ignore[union-attr]
        if row["g"].value in skip:
            continue
        qid = wanted.get((fold(row["label"].value), row["type"].value.removeprefix(KG)))
        if qid is not None:
            graph.add((URIRef(row["entity"].value), SKOS.exactMatch, URIRef(WD + qid)))
    return graph


_HEADER = """\
# Wikidata links accepted by a person, for actors and places the gazetteer does not link.
# `kg link --propose` lists candidates; `kg link --accept LABEL CLASS QID` adds an entry here.
# Every load turns these entries into skos:exactMatch triples (named graph <base>graph/links)
# for each actor of that class with that label (matched ignoring case and accents).
#
# [[link]]
# label    = the actor's label as the graph has it ("Le Faso")
# class    = its kg class (Organisation, Person, Settlement, …)
# wikidata = the item id (Q…)
# accepted = the date a person checked the item and accepted it
# note     = optional: how it was checked
"""
