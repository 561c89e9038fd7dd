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

from kg.extract.gazetteer import fold
from kg.map import Iris, digest, slug
from kg.settings import ONTOLOGY_NS
from kg.store import Store

_KG = ONTOLOGY_NS
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATATYPES = {"day": "date", "month": "gYearMonth", "year": "gYear"}
_PRECISIONS = {"day": "PrecisionDay", "month": "PrecisionMonth", "year": "PrecisionYear"}

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
    query = _REPORTS.replace("STR(?resolution)", f'"{iris.base}graph/resolution/"')
    found: dict[str, Report] = {}
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        precision = row["precision"].value.rsplit("#", 1)[-1] if row["precision"] is not None else ""
        kind = next((k for k, v in _PRECISIONS.items() if v == precision), "coarser")
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
    labels = _country_labels(store, {r.country for r in reports})
    graphs: dict[str, list[str]] = defaultdict(list)
    for coup in resolve(reports, iris):
        lines = graphs[f"{iris.base}graph/resolution/coups/{slug(_local(coup.country))}"]
        node = ox.NamedNode(coup.iri)
        time = ox.NamedNode(f"{coup.iri}/date")
        earliest, latest, precision = _agreed([by_iri[r] for r, _ in coup.reports])
        value = _value(earliest, precision)
        label = labels.get(coup.country, _local(coup.country))
        triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (node, _RDF_TYPE, ox.NamedNode(f"{_KG}CanonicalCoup")),
            (node, _RDFS_LABEL, ox.Literal(f"Coup in {label}, {value.value}")),
            (node, ox.NamedNode(f"{_KG}country"), ox.NamedNode(coup.country)),
            (node, ox.NamedNode(f"{_KG}date"), time),
            (time, _RDF_TYPE, ox.NamedNode(f"{_KG}Time")),
            (time, ox.NamedNode(f"{_KG}value"), value),
            (time, ox.NamedNode(f"{_KG}precision"), ox.NamedNode(f"{_KG}{_PRECISIONS[precision]}")),
            (
                time,
                ox.NamedNode(f"{_KG}earliest"),
                ox.Literal(earliest.isoformat(), datatype=ox.NamedNode(f"{_XSD}date")),
            ),
            (time, ox.NamedNode(f"{_KG}latest"), ox.Literal(latest.isoformat(), datatype=ox.NamedNode(f"{_XSD}date"))),
        ]
        if coup.unresolved:
            triples.append(
                (node, ox.NamedNode(f"{_KG}unresolved"), ox.Literal("true", datatype=ox.NamedNode(f"{_XSD}boolean")))
            )
        for report, rule in coup.reports:
            triples.append((ox.NamedNode(report), ox.NamedNode(f"{_KG}resolvedTo"), node))
            triples.append((ox.NamedNode(report), ox.NamedNode(f"{_KG}resolutionRule"), ox.NamedNode(f"{_KG}{rule}")))
        lines.extend(str(ox.Triple(*t)) + " ." for t in triples)
    return dict(graphs)


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
    query = _DEPLOYMENTS.replace("STR(?resolution)", f'"{iris.base}graph/resolution/"')
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    forces: dict[tuple[str, str], str] = {}
    for row in solutions:
        force, host = row["force"].value, row["host"].value
        local = _article_scoped(force, iris)
        if local and row["label"] is None:
            continue
        name = f"named-{slug(row['label'].value)}" if local else slug(_local(force))
        key = (host, name)
        groups[key].add(row["report"].value)
        forces[key] = min(forces.get(key, force), force)  # the same force IRI whatever the order of loading
    graphs: dict[str, list[str]] = defaultdict(list)
    labels = _country_labels(store, {*forces.values(), *(host for host, _ in groups)})
    for host, name in sorted(groups):
        node = ox.NamedNode(f"{iris.base}event/presence/{name}/{slug(_local(host))}")
        force = forces[(host, name)]
        title = f"{labels.get(force, _local(force))} in {labels.get(host, _local(host))}"
        triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (node, _RDF_TYPE, ox.NamedNode(f"{_KG}Presence")),
            (node, _RDFS_LABEL, ox.Literal(title)),
            (node, ox.NamedNode(f"{_KG}force"), ox.NamedNode(forces[(host, name)])),
            (node, ox.NamedNode(f"{_KG}hostCountry"), ox.NamedNode(host)),
        ]
        for report in sorted(groups[(host, name)]):
            triples.append((ox.NamedNode(report), ox.NamedNode(f"{_KG}resolvedTo"), node))
            triples.append(
                (ox.NamedNode(report), ox.NamedNode(f"{_KG}resolutionRule"), ox.NamedNode(f"{_KG}RuleSameForceAndHost"))
            )
        graphs[f"{iris.base}graph/resolution/presences/{slug(_local(host))}"].extend(
            str(ox.Triple(*t)) + " ." for t in triples
        )
    return dict(graphs)


def person_graphs(store: Store, iris: Iris) -> dict[str, list[str]]:
    """The persons the gazetteer does not know whom several articles name by one full name (two words or more),
    one canonical person each, as N-Triples lines of one graph."""
    query = _PERSONS.replace("STR(?resolution)", f'"{iris.base}graph/resolution/"')
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    named: dict[str, dict[str, str]] = defaultdict(dict)  # folded name → {person IRI: label}
    articles: dict[str, set[str]] = defaultdict(set)
    for row in solutions:
        person, label = row["person"].value, row["label"].value
        if not _article_scoped(person, iris) or len(label.split()) < 2:
            continue
        key = fold(label)
        named[key][person] = label
        articles[key].add(row["g"].value)
    lines: list[str] = []
    for key in sorted(named):
        if len(articles[key]) < 2:
            continue
        label = sorted(named[key].values())[0]
        node = ox.NamedNode(f"{iris.base}entity/person/{slug(key)}")
        triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (node, _RDF_TYPE, ox.NamedNode(f"{_KG}Person")),
            (node, _RDFS_LABEL, ox.Literal(label)),
        ]
        for person in sorted(named[key]):
            triples.append((ox.NamedNode(person), ox.NamedNode(f"{_KG}resolvedTo"), node))
            triples.append(
                (ox.NamedNode(person), ox.NamedNode(f"{_KG}resolutionRule"), ox.NamedNode(f"{_KG}RuleSameName"))
            )
        lines.extend(str(ox.Triple(*t)) + " ." for t in triples)
    return {f"{iris.base}graph/resolution/persons": lines} if lines else {}


def _article_scoped(iri: str, iris: Iris) -> bool:
    """Whether an entity IRI is an article's own (``<base>entity/<article>/<name>``), not the gazetteer's."""
    rest = iri.removeprefix(f"{iris.base}entity/")
    return rest != iri and "/" in rest and not rest.startswith("person/")


def _agreed(reports: list[Report]) -> tuple[date, date, str]:
    """The most precise date all reports agree on: the narrowest report's, if every other report's span holds it,
    else the finest coarser one that does."""
    earliest = max(r.earliest for r in reports)
    latest = min(r.latest for r in reports)
    for precision in ("day", "month", "year"):
        spans = {(r.earliest, r.latest) for r in reports if r.precision == precision}
        if len(spans) == 1:
            (first, last) = next(iter(spans))
            if all(r.earliest <= first and last <= r.latest for r in reports):
                return first, last, precision
    if earliest <= latest:
        year = earliest.year
        return date(year, 1, 1), date(year, 12, 31), "year"
    first = min(r.earliest for r in reports)
    return date(first.year, 1, 1), date(first.year, 12, 31), "year"


def _value(day: date, precision: str) -> ox.Literal:
    text = {"day": day.isoformat(), "month": day.strftime("%Y-%m"), "year": f"{day.year:04d}"}[precision]
    return ox.Literal(text, datatype=ox.NamedNode(f"{_XSD}{_DATATYPES[precision]}"))


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _country_labels(store: Store, countries: set[str]) -> dict[str, str]:
    """The label of each entity IRI (states, forces) where a graph of the store gives one."""
    if not countries:
        return {}
    values = " ".join(f"<{c}>" for c in sorted(countries))
    query = (
        "SELECT ?c (MIN(STR(?l)) AS ?label) WHERE { VALUES ?c { "
        + values
        + " } GRAPH ?g { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } } GROUP BY ?c"
    )
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {row["c"].value: row["label"].value for row in solutions if row["label"] is not None}
