"""Stage 5, resolve: one IRI for every real-world coup, presence and unknown person, however many articles report it.

Each article's graph holds what was read from it (coups, deployment claims, the persons it names), with the
dates, leaders, sizes, claimants and evidence that article gives. This step links each report, with
``kg:resolvedTo`` and the rule that made the link (``kg:resolutionRule``), to the one thing it is of:

* **Coups** (``kg:CanonicalCoup``, per country):

  1. Reports dated to a month (or a day of it) are one coup per country and month (``kg:RuleSameMonth``):
     two coups of one country in one year stay apart when their months differ.
  2. A report dated only to a year joins the one coup of that country that reports date to a month of that
     year (``kg:RuleOnlyCoupOfTheYear``); with none, the year-only reports of that country and year are one
     coup (``kg:RuleSameYear``); with several, it stands apart as a canonical coup of its own, marked
     ``kg:unresolved`` (``kg:RuleUnresolved``), as does a report dated more coarsely than a year.

  Its IRI is made of its country and key (``<base>event/coup/<country>/<YYYY-MM>``, ``…/<YYYY>``, or
  ``…/unresolved-<digest>``); its date is the most precise one all its reports agree on.
* **Presences** (``kg:Presence``): the deployment claims of one force in one host country
  (``kg:RuleSameForceAndHost``), each claim keeping its own status, size, date and claimant
  (``<base>event/presence/<force>/<host>``).
* **Persons** the gazetteer does not know, named by one full name in several articles (``kg:RuleSameName``):
  one ``kg:Person`` each (``<base>entity/person/<name>``).

The same reports give the same IRIs whatever order their articles were loaded in. The step writes one named
graph per country (``<base>graph/resolution/coups/<country>``, ``…/presences/<host>``) and one for persons,
and rewrites only the graphs whose content changed, so a new article touches the countries it reports on and
no other; loading an article again, or removing one, and resolving again updates what it reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.extract.gazetteer import fold
from kg.map import KG, PRECISIONS, Iris, digest, slug
from kg.store import Store, to_lines

#: The datatype of a value of each precision the resolution gives a canonical coup's date.
_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}

#: Every report of a coup with its country and time, in every graph but the resolution's own.
_REPORTS = """
PREFIX kg: <https://kg.example.org/ontology#>
SELECT ?report ?country ?earliest ?latest ?precision WHERE {
  GRAPH ?g {
    ?report a kg:Coup ; kg:country ?country ; kg:date ?time .
    ?time kg:earliest ?earliest ; kg:latest ?latest .
    OPTIONAL { ?time kg:precision ?precision }
  }
  FILTER (!STRSTARTS(STR(?g), STR(?resolution)))
}
"""


@dataclass(frozen=True)
class Report:
    """One article's report of a coup, as the resolution reads it.

    Attributes:
        iri: the report's IRI (the article's ``kg:Coup``).
        country: the IRI of its state.
        earliest: the first day its date allows.
        latest: the last day its date allows.
        precision: ``day``, ``month``, ``year`` or ``coarser``.
    """

    iri: str
    country: str
    earliest: date
    latest: date
    precision: str


@dataclass(frozen=True)
class CanonicalCoup:
    """One real-world coup and the reports resolved to it.

    Attributes:
        iri: its IRI.
        country: the IRI of its state.
        key: ``YYYY-MM``, ``YYYY`` or ``unresolved-<digest>``.
        reports: (report IRI, rule local name) of every report resolved to it, sorted.
        unresolved: whether no rule could tie its report to one coup.
    """

    iri: str
    country: str
    key: str
    reports: tuple[tuple[str, str], ...]
    unresolved: bool = False


def read_reports(store: Store, iris: Iris) -> list[Report]:
    """Every coup report in the store (outside the resolution's own graphs), sorted by IRI."""
    found: dict[str, Report] = {}
    for row in _outside_resolution(store, _REPORTS, iris):
        precision = row["precision"].value if row["precision"] is not None else ""
        kind = next((k for k in _DATATYPES if str(PRECISIONS[k]) == precision), "coarser")
        report = Report(
            iri=row["report"].value,
            country=row["country"].value,
            earliest=date.fromisoformat(row["earliest"].value),
            latest=date.fromisoformat(row["latest"].value),
            precision=kind,
        )
        found.setdefault(report.iri, report)
    return sorted(found.values(), key=lambda r: r.iri)


def resolve(reports: Iterable[Report], iris: Iris) -> list[CanonicalCoup]:
    """The canonical coups of a set of reports (see the module's rules); deterministic for a given set."""
    by_country: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_country[report.country].append(report)
    coups: list[CanonicalCoup] = []
    for country in sorted(by_country):
        groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
        loose: list[Report] = []
        for report in by_country[country]:
            if report.precision in ("day", "month"):
                groups[report.earliest.strftime("%Y-%m")].append((report.iri, "RuleSameMonth"))
            else:
                loose.append(report)
        for report in loose:
            year = report.earliest.year
            months = sorted(k for k in groups if len(k) == 7 and k.startswith(f"{year}-"))
            if report.precision == "year" and len(months) == 1:
                groups[months[0]].append((report.iri, "RuleOnlyCoupOfTheYear"))
            elif report.precision == "year" and not months:
                groups[str(year)].append((report.iri, "RuleSameYear"))
            else:
                groups[f"unresolved-{digest(report.iri)[:12]}"].append((report.iri, "RuleUnresolved"))
        for key in sorted(groups):
            coups.append(
                CanonicalCoup(
                    iri=f"{iris.base}event/coup/{slug(_local(country))}/{key}",
                    country=country,
                    key=key,
                    reports=tuple(sorted(groups[key])),
                    unresolved=key.startswith("unresolved-"),
                )
            )
    return coups


def resolution_graphs(store: Store, iris: Iris) -> dict[str, list[str]]:
    """The resolution's named graphs (one per country with a coup) as N-Triples lines, from the store's reports."""
    reports = read_reports(store, iris)
    by_iri = {r.iri: r for r in reports}
    labels = _labels(store, {r.country for r in reports})
    graphs: dict[str, Graph] = defaultdict(Graph)
    for coup in resolve(reports, iris):
        graph = graphs[f"{iris.base}graph/resolution/coups/{slug(_local(coup.country))}"]
        node, time = URIRef(coup.iri), URIRef(f"{coup.iri}/date")
        earliest, latest, precision = _agreed([by_iri[r] for r, _ in coup.reports])
        value = _value(earliest, precision)
        graph.add((node, RDF.type, KG.CanonicalCoup))
        graph.add((node, RDFS.label, Literal(f"Coup in {labels.get(coup.country, _local(coup.country))}, {value}")))
        graph.add((node, KG.country, URIRef(coup.country)))
        graph.add((node, KG.date, time))
        graph.add((time, RDF.type, KG.Time))
        graph.add((time, KG.value, value))
        graph.add((time, KG.precision, PRECISIONS[precision]))
        graph.add((time, KG.earliest, Literal(earliest.isoformat(), datatype=XSD.date)))
        graph.add((time, KG.latest, Literal(latest.isoformat(), datatype=XSD.date)))
        if coup.unresolved:
            graph.add((node, KG.unresolved, Literal(True)))
        for report, rule in coup.reports:
            _link(graph, report, node, rule)
    return {name: to_lines(graph) for name, graph in graphs.items()}


def resolve_store(store: Store, iris: Iris) -> int:
    """Rewrite the store's resolution graphs (coups, presences, persons) from its reports: only those whose content
    changed, and remove those no report fills any more. Returns the number of graphs written or removed."""
    prefix = f"{iris.base}graph/resolution/"
    wanted = {**resolution_graphs(store, iris), **presence_graphs(store, iris), **person_graphs(store, iris)}
    stale = [g for g in store.named_graphs() if g.startswith(prefix) and g not in wanted]
    changed = [c for c in store.replace_graphs(wanted) if c.changed]
    if stale:
        store.remove_graphs(stale)
    return len(changed) + len(stale)


#: Every deployment report with its force and host, in every graph but the resolution's own; the force's label
#: where the report's own graph gives it (a force the article names, not the gazetteer).
_DEPLOYMENTS = """
PREFIX kg: <https://kg.example.org/ontology#>
SELECT ?report ?force ?host ?label WHERE {
  GRAPH ?g {
    ?report a kg:Deployment ; kg:force ?force ; kg:hostCountry ?host .
    OPTIONAL { ?force <http://www.w3.org/2000/01/rdf-schema#label> ?label }
  }
  FILTER (!STRSTARTS(STR(?g), STR(?resolution)))
}
"""

#: Every person an article names that the gazetteer does not know (an IRI of the article's own), with its label.
_PERSONS = """
PREFIX kg: <https://kg.example.org/ontology#>
SELECT ?person ?label ?g WHERE {
  GRAPH ?g { ?person a kg:Person ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }
  FILTER (!STRSTARTS(STR(?g), STR(?resolution)))
}
"""


def presence_graphs(store: Store, iris: Iris) -> dict[str, list[str]]:
    """The presences (one per force and host country, one graph per host) as N-Triples lines.

    A force the gazetteer knows is one force wherever it is named; a force only an article names (its IRI is the
    article's own) is one force under one name ("UN forces" in Lebanon, in two articles). A report with no host
    country joins no presence.
    """
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    forces: dict[tuple[str, str], str] = {}
    for row in _outside_resolution(store, _DEPLOYMENTS, iris):
        force, host = row["force"].value, row["host"].value
        local = _article_scoped(force, iris)
        if local and row["label"] is None:
            continue
        name = f"named-{slug(row['label'].value)}" if local else slug(_local(force))
        key = (host, name)
        groups[key].add(row["report"].value)
        forces[key] = min(forces.get(key, force), force)  # the same force IRI whatever the order of loading
    graphs: dict[str, Graph] = defaultdict(Graph)
    labels = _labels(store, {*forces.values(), *(host for host, _ in groups)})
    for host, name in sorted(groups):
        graph = graphs[f"{iris.base}graph/resolution/presences/{slug(_local(host))}"]
        node = URIRef(f"{iris.base}event/presence/{name}/{slug(_local(host))}")
        force = forces[(host, name)]
        title = f"{labels.get(force, _local(force))} in {labels.get(host, _local(host))}"
        graph.add((node, RDF.type, KG.Presence))
        graph.add((node, RDFS.label, Literal(title)))
        graph.add((node, KG.force, URIRef(force)))
        graph.add((node, KG.hostCountry, URIRef(host)))
        for report in groups[(host, name)]:
            _link(graph, report, node, "RuleSameForceAndHost")
    return {name: to_lines(graph) for name, graph in graphs.items()}


def person_graphs(store: Store, iris: Iris) -> dict[str, list[str]]:
    """The persons the gazetteer does not know whom several articles name by one full name (two words or more),
    one canonical person each, as N-Triples lines of one graph."""
    named: dict[str, dict[str, str]] = defaultdict(dict)  # folded name → {person IRI: label}
    articles: dict[str, set[str]] = defaultdict(set)
    for row in _outside_resolution(store, _PERSONS, iris):
        person, label = row["person"].value, row["label"].value
        if not _article_scoped(person, iris) or len(label.split()) < 2:
            continue
        key = fold(label)
        named[key][person] = label
        articles[key].add(row["g"].value)
    graph = Graph()
    for key in sorted(named):
        if len(articles[key]) < 2:
            continue
        node = URIRef(f"{iris.base}entity/person/{slug(key)}")
        graph.add((node, RDF.type, KG.Person))
        graph.add((node, RDFS.label, Literal(sorted(named[key].values())[0])))
        for person in named[key]:
            _link(graph, person, node, "RuleSameName")
    return {f"{iris.base}graph/resolution/persons": to_lines(graph)} if len(graph) else {}


def _outside_resolution(store: Store, query: str, iris: Iris) -> ox.QuerySolutions:
    """The solutions of one of the queries above, asked of every graph but the resolution's own."""
    solutions = store.query(query.replace("STR(?resolution)", f'"{iris.base}graph/resolution/"'))
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def _link(graph: Graph, report: str, node: URIRef, rule: str) -> None:
    """Tie a report or mention to what it is of, with the rule (a ``kg:ResolutionRule``'s local name) that did."""
    graph.add((URIRef(report), KG.resolvedTo, node))
    graph.add((URIRef(report), KG.resolutionRule, KG[rule]))


def _article_scoped(iri: str, iris: Iris) -> bool:
    """Whether an entity IRI is an article's own (``<base>entity/<article>/<name>``), not the gazetteer's."""
    rest = iri.removeprefix(f"{iris.base}entity/")
    return rest != iri and "/" in rest and not rest.startswith("person/")


def _agreed(reports: list[Report]) -> tuple[date, date, str]:
    """The most precise date all reports agree on: the narrowest report's, if every other report's span holds it,
    else the finest coarser one that does."""
    for precision in _DATATYPES:
        spans = {(r.earliest, r.latest) for r in reports if r.precision == precision}
        if len(spans) == 1:
            (first, last) = next(iter(spans))
            if all(r.earliest <= first and last <= r.latest for r in reports):
                return first, last, precision
    # no report's span lies within all the others: the year of the latest start, if every report still allows it
    earliest = max(r.earliest for r in reports)
    year = (earliest if earliest <= min(r.latest for r in reports) else min(r.earliest for r in reports)).year
    return date(year, 1, 1), date(year, 12, 31), "year"


def _value(day: date, precision: str) -> Literal:
    text = {"day": day.isoformat(), "month": day.strftime("%Y-%m"), "year": f"{day.year:04d}"}[precision]
    return Literal(text, datatype=_DATATYPES[precision])


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _labels(store: Store, entities: set[str]) -> dict[str, str]:
    """The label of each entity IRI (states, forces) where a graph of the store gives one."""
    if not entities:
        return {}
    values = " ".join(f"<{c}>" for c in sorted(entities))
    query = (
        "SELECT ?c (MIN(STR(?l)) AS ?label) WHERE { VALUES ?c { "
        + values
        + " } GRAPH ?g { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } } GROUP BY ?c"
    )
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {row["c"].value: row["label"].value for row in solutions if row["label"] is not None}
