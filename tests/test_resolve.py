"""kg.resolve: one canonical coup per real-world coup across the articles that report it.

The rules are tested on reports made up here; the bar on the real articles (the sample and the development
articles, read from ``../shared/articles-dev``, skipped where absent) through the real loader, store and
queries.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.evaluate import date_matches, load_gold, names_match
from kg.load import Loader
from kg.map import Iris
from kg.read import read_article
from kg.resolve import Report, resolve
from kg.settings import Settings
from kg.store import Store

from .conftest import DEV, DEV_ABSENT

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "000_ce45e1c8aef7f2ba.txt"
SAMPLE_GOLD = ROOT / "tests" / "fixtures" / "gold" / "000_ce45e1c8aef7f2ba.yaml"
QUERIES = ROOT / "queries"
IRIS = Iris("https://kg.example.org/")
MALI = "https://kg.example.org/entity/mali"


def report(iri: str, day: date, last: date, precision: str, country: str = MALI) -> Report:
    return Report(f"https://kg.example.org/event/{iri}", country, day, last, precision)


AUGUST_2020 = report("a", date(2020, 8, 18), date(2020, 8, 18), "day")
YEAR_2020 = report("b", date(2020, 1, 1), date(2020, 12, 31), "year")
MAY_2021 = report("c", date(2021, 5, 1), date(2021, 5, 31), "month")
AUGUST_2021 = report("d", date(2021, 8, 1), date(2021, 8, 31), "month")
YEAR_2021 = report("e", date(2021, 1, 1), date(2021, 12, 31), "year")
YEAR_1991 = report("f", date(1991, 1, 1), date(1991, 12, 31), "year")
ALSO_1991 = report("g", date(1991, 1, 1), date(1991, 12, 31), "year")
DECADE = report("h", date(1990, 1, 1), date(1999, 12, 31), "coarser")


def keys(reports: list[Report]) -> dict[str, list[tuple[str, str]]]:
    return {c.key: [(r.rsplit("/", 1)[-1], rule) for r, rule in c.reports] for c in resolve(reports, IRIS)}


def test_a_year_only_report_joins_the_country_s_one_coup_of_that_year() -> None:
    assert keys([AUGUST_2020, YEAR_2020]) == {"2020-08": [("a", "RuleSameMonth"), ("b", "RuleOnlyCoupOfTheYear")]}


def test_two_coups_of_one_year_stay_apart_and_a_year_only_report_is_unresolved() -> None:
    found = keys([MAY_2021, AUGUST_2021, YEAR_2021])
    assert found["2021-05"] == [("c", "RuleSameMonth")] and found["2021-08"] == [("d", "RuleSameMonth")]
    (unresolved,) = [k for k in found if k.startswith("unresolved-")]
    assert found[unresolved] == [("e", "RuleUnresolved")]
    assert [c.unresolved for c in resolve([MAY_2021, AUGUST_2021, YEAR_2021], IRIS)].count(True) == 1


def test_year_only_reports_of_a_year_with_no_finer_report_are_one_coup_and_a_decade_stands_apart() -> None:
    found = keys([YEAR_1991, ALSO_1991, DECADE])
    assert found.pop("1991") == [("f", "RuleSameYear"), ("g", "RuleSameYear")]
    assert [rule for reports in found.values() for _, rule in reports] == ["RuleUnresolved"]


def test_countries_are_apart_and_the_iris_do_not_depend_on_the_order() -> None:
    niger = report("n", date(2020, 8, 1), date(2020, 8, 31), "month", "https://kg.example.org/entity/niger")
    reports = [AUGUST_2020, YEAR_2020, niger, MAY_2021, AUGUST_2021, YEAR_2021]
    forward = [(c.iri, c.reports) for c in resolve(reports, IRIS)]
    assert forward == [(c.iri, c.reports) for c in resolve(list(reversed(reports)), IRIS)]
    assert "https://kg.example.org/event/coup/niger/2020-08" in {iri for iri, _ in forward}
    assert "https://kg.example.org/event/coup/mali/2020-08" in {iri for iri, _ in forward}


def _canonical(store: Store) -> dict[str, tuple[str, str, set[str]]]:
    """Each canonical coup: (country IRI, date, the IRIs of the articles that report it)."""
    result = store.query(
        "PREFIX kg: <https://kg.example.org/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT ?c ?country ?date ?article WHERE { ?c a kg:CanonicalCoup ; kg:country ?country ; "
        "kg:date/kg:value ?date . ?r kg:resolvedTo ?c ; prov:wasDerivedFrom ?article }"
    )
    assert isinstance(result, ox.QuerySolutions)
    found: dict[str, tuple[str, str, set[str]]] = {}
    for row in result:
        found.setdefault(row["c"].value, (row["country"].value, row["date"].value, set()))[2].add(row["article"].value)
    return found


def _loaded(paths: list[Path]) -> Store:
    store = Store(None)
    loader = Loader(store, Settings.from_env({}, store=Path("unused")))
    for path in paths:  # one load each: the resolution is brought up to date after every one
        report = loader.load([path])
        assert report.ok, [f.reason for f in report.failed]
    return store


@pytest.fixture(scope="module")
def dev_paths() -> list[Path]:
    if not (DEV / "gold").is_dir():
        pytest.skip(DEV_ABSENT)
    return [SAMPLE, *sorted(DEV.glob("*.txt"))]


def test_every_gold_coup_of_the_sample_and_the_development_articles_is_one_canonical_coup(
    dev_paths: list[Path],
) -> None:
    store = _loaded(dev_paths)
    canonical = _canonical(store)
    labels = {c: c.rsplit("/", 1)[-1].replace("-", " ") for c, _, _ in canonical.values()}
    article_iri = {p: f"https://kg.example.org/article/{read_article(p).id}" for p in dev_paths}
    golds = {SAMPLE: SAMPLE_GOLD} | {p: DEV / "gold" / f"{p.stem}.yaml" for p in dev_paths[1:]}
    for path, gold_path in golds.items():
        mine = {iri for iri, (_, _, articles) in canonical.items() if article_iri[path] in articles}
        used: set[str] = set()
        gold_coups = sorted(load_gold(gold_path).coups, key=lambda c: c.date is None)  # dated ones first
        for coup in gold_coups:
            if coup.country.startswith("not stated"):
                continue  # the gold gives no country to match on
            fits = [
                iri
                for iri, (country, when, _) in canonical.items()
                if date_matches(when, coup.date) and names_match(labels[country], [coup.country]) > 0
            ]
            if coup.date is not None:  # one canonical coup, and this article among its reports
                assert len(fits) == 1, f"{path.name}: {coup.country} {coup.date}: {fits}"
                assert fits[0] in mine, f"{path.name} is not among the reports of {fits[0]}"
            else:  # a coup the gold does not date: one the article reports, not taken by a dated one
                fits = [iri for iri in fits if iri in mine and iri not in used]
                assert fits, f"{path.name}: {coup.country} (no date): none of its article's coups fits"
            used.add(fits[0])
    mali = canonical["https://kg.example.org/event/coup/mali/2020-08"]
    assert mali[1] == "2020-08" and len(mali[2]) == 2, "the sample's coup and the ECOWAS article's '2020 coup'"
    reversed_store = _loaded(list(reversed(dev_paths)))
    assert sorted(_canonical(reversed_store)) == sorted(canonical), "the order of loading changed the IRIs"


def test_queries_give_each_coup_once_with_its_reports_and_list_the_unresolved(dev_paths: list[Path]) -> None:
    store = _loaded(dev_paths)
    coups = store.query((QUERIES / "coups.rq").read_text(encoding="utf-8"))
    assert isinstance(coups, ox.QuerySolutions)
    rows = [(r["coup"].value, r["date"].value) for r in coups]
    assert len({c for c, _ in rows if c.endswith("/mali/2020-08")}) == 1
    assert not [c for c, _ in rows if "/event/coup/" not in c], "a report outside every canonical coup"
    reports = store.query((QUERIES / "event-reports.rq").read_text(encoding="utf-8"))
    assert isinstance(reports, ox.QuerySolutions)
    counted = {r["coup"].value: int(r["reports"].value) for r in reports}
    assert counted["https://kg.example.org/event/coup/mali/2020-08"] == 2
    assert counted["https://kg.example.org/event/coup/bolivia/2024-06"] == 2
    unresolved = store.query((QUERIES / "unresolved-coups.rq").read_text(encoding="utf-8"))
    assert isinstance(unresolved, ox.QuerySolutions)
    assert not list(unresolved), "no development article leaves a coup unresolved"


def test_a_report_no_rule_ties_to_one_coup_is_listed_and_goes_with_its_article(tmp_path: Path) -> None:
    texts = {
        "may": "Soldiers seized power in Mali in May 2021, deposing the interim president.",
        "august": "Soldiers in Mali staged a second coup in August 2021 and detained President Bah Ndaw.",
        "year": "Mali's army has staged a coup in 2021, the ministry said.",
    }
    store = Store(None)
    loader = Loader(store, Settings.from_env({}, store=tmp_path / "unused"))
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        sidecar = {"url": f"https://news.example.org/{name}", "published": "2025-06-12", "language": "en"}
        (tmp_path / f"{name}.json").write_text(json.dumps(sidecar))  # the URL keeps the article's IRI on reloading
        assert loader.load([tmp_path / f"{name}.txt"]).ok
    listed = store.query((QUERIES / "unresolved-coups.rq").read_text(encoding="utf-8"))
    assert isinstance(listed, ox.QuerySolutions)
    rows = [(r["country"].value, r["date"].value) for r in listed]
    assert rows == [("Mali", "2021")], rows
    # loading the year-only article again with other words moves its coup; removing it drops it
    (tmp_path / "year.txt").write_text("Nothing happened in Mali in 2021, the ministry said.\n", encoding="utf-8")
    assert loader.load([tmp_path / "year.txt"]).ok
    listed = store.query((QUERIES / "unresolved-coups.rq").read_text(encoding="utf-8"))
    assert isinstance(listed, ox.QuerySolutions)
    assert not list(listed)
    assert sorted(c.rsplit("/", 1)[-1] for c in _canonical(store)) == ["2021-05", "2021-08"]


def test_claims_of_one_force_in_one_host_are_one_presence_and_a_twice_named_person_is_one_person(
    tmp_path: Path,
) -> None:
    texts = {
        "first": "Russia has about 1,000 military instructors in Mali, the defence ministry spokesman Ivan Petrovsky "
        "said on Monday.",
        "second": "Mali denied on Tuesday that Russian troops were fighting in the north. Ivan Petrovsky, a Russian "
        "defence ministry spokesman, said Russian instructors would stay in Mali.",
    }
    store = Store(None)
    loader = Loader(store, Settings.from_env({}, store=tmp_path / "unused"))
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        sidecar = {"url": f"https://news.example.org/{name}", "published": "2025-06-12", "language": "en"}
        (tmp_path / f"{name}.json").write_text(json.dumps(sidecar))
        assert loader.load([tmp_path / f"{name}.txt"]).ok
    presences = store.query((QUERIES / "presences.rq").read_text(encoding="utf-8"))
    assert isinstance(presences, ox.QuerySolutions)
    rows = [(r["presence"].value, r["status"].value, r["article"].value.rsplit("/", 1)[-1]) for r in presences]
    russian = [r for r in rows if r[0].endswith("/russian-armed-forces/mali")]
    assert {status for _, status, _ in russian} >= {"Reported", "Denied"}, rows
    assert len({article for _, _, article in russian}) == 2, "one presence, claimed in both articles"
    persons = store.query(
        "PREFIX kg: <https://kg.example.org/ontology#> SELECT ?canonical (COUNT(?mention) AS ?n) WHERE { "
        "?mention kg:resolvedTo ?canonical ; kg:resolutionRule kg:RuleSameName } GROUP BY ?canonical"
    )
    assert isinstance(persons, ox.QuerySolutions)
    assert {(r["canonical"].value, r["n"].value) for r in persons} == {
        ("https://kg.example.org/entity/person/ivan-petrovsky", "2")
    }


def test_a_new_article_rewrites_only_the_resolution_graphs_of_what_it_reports(dev_paths: list[Path]) -> None:
    from kg.resolve import resolve_store

    store = _loaded([SAMPLE])
    loader = Loader(store, Settings.from_env({}, store=Path("unused")))
    mali = "https://kg.example.org/graph/resolution/coups/mali"
    before = {g: sorted(store.graph_lines(g)) for g in store.named_graphs() if "/graph/resolution/" in g}
    assert mali in before
    bolivia = DEV / "theweek-bolivia-general-arrested-coup-attempt.txt"
    assert loader.load([bolivia], resolve=False).ok
    written = resolve_store(store, IRIS)
    after = {g: sorted(store.graph_lines(g)) for g in store.named_graphs() if "/graph/resolution/" in g}
    changed = {g for g in after if before.get(g) != after[g]}
    assert written == len(changed) and changed, changed
    assert all("bolivia" in g or g.endswith("/persons") for g in changed), changed
    assert after[mali] == before[mali]
    assert resolve_store(store, IRIS) == 0, "resolving again with nothing new writes nothing"
