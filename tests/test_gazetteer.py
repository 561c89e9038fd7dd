"""The gazetteer's data files, ``kg/data/gazetteer.toml`` and ``kg/data/world.toml``: schema, references, coverage.

The files are read with :mod:`tomllib` as they are, independently of the extractor's reader, so a
broken entry is reported with its id rather than as a lookup that silently misses. The schema and
reference checks run over both files together (world.toml's entries refer to gazetteer.toml's).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DEV, DEV_ORIGINALS

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "kg" / "data" / "gazetteer.toml"
WORLD = ROOT / "kg" / "data" / "world.toml"
#: The gold annotations whose people the gazetteer must know: the sample's, and the original
#: development articles' where they are here.
GOLDS = [ROOT / "tests" / "fixtures" / "gold" / "000_ce45e1c8aef7f2ba.yaml"] + [
    path for name in DEV_ORIGINALS if (path := DEV / "gold" / f"{name}.yaml").is_file()
]

TYPES = {
    "state",
    "government",
    "armed_force",
    "armed_group",
    "organisation",
    "news_agency",
    "pmc",
    "person",
    "group_of_states",
    "settlement",
    "region",
}
PLACES = {"settlement", "region"}
KEYS = {
    "id",
    "label",
    "type",
    "aliases",
    "metonyms",
    "demonym",
    "capital",
    "country",
    "located_in",
    "part_of",
    "theatre",
    "wikidata",
    "source",
    "founded",
    "dissolved",
    "seat",
}
SOURCES = {"Wikidata", "articles in seeds/", "curated", "Phoenix", "GeoNames", "heads of state 2022"}


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, the Arabic article however written (how the
    extractor compares names)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\u2019", "'").casefold()
    text = re.sub(r"\b(?:al|el)-(?=\w)", "al ", text)
    return re.sub(r"\s+", " ", re.sub(r"[^\w']+", " ", text)).strip()


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    """Both files as one: their entities and their `ambiguous` lists, gazetteer.toml's first."""
    parts = [tomllib.loads(path.read_text(encoding="utf-8")) for path in (GAZETTEER, WORLD)]
    return {
        "entity": [e for part in parts for e in part["entity"]],
        "ambiguous": [a for part in parts for a in part.get("ambiguous", [])],
    }


@pytest.fixture(scope="module")
def entries(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = data["entity"]
    assert items, "the gazetteer has no [[entity]] tables"
    return {e["id"]: e for e in items}


def names_of(entry: dict[str, Any]) -> list[str]:
    return [entry["label"], *entry.get("aliases", [])]


def test_the_file_opens_with_a_header_describing_the_schema() -> None:
    header = GAZETTEER.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert header.startswith("# Gazetteer"), "the file must open with a comment saying what it is"
    for key in KEYS:
        assert re.search(rf"#\s+{key}\b", header), f"the header does not describe the key {key!r}"


def test_every_entry_has_the_required_keys_and_no_unknown_one(data: dict[str, Any]) -> None:
    for entry in data["entity"]:
        where = entry.get("id", entry)
        assert {"id", "label", "type", "source"} <= entry.keys(), f"{where}: missing id, label, type or source"
        assert entry.keys() <= KEYS, f"{where}: unknown keys {sorted(entry.keys() - KEYS)}"
        assert entry["type"] in TYPES, f"{where}: type {entry['type']!r} is not one of {sorted(TYPES)}"
        assert isinstance(entry["label"], str) and entry["label"].strip() == entry["label"] != ""
        for key in ("aliases", "metonyms"):
            values = entry.get(key, [])
            assert isinstance(values, list), f"{where}: {key} must be a list"
            assert all(isinstance(v, str) and v.strip() == v != "" for v in values), f"{where}: blank {key}"
            assert len(values) == len(set(values)), f"{where}: a repeated entry in {key}"


def test_ids_are_unique_slugs(data: dict[str, Any]) -> None:
    ids = [e["id"] for e in data["entity"]]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"ids used twice: {duplicates}"
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i)]
    assert not bad, f"ids that are not lowercase slugs: {bad}"


def test_labels_are_unique(data: dict[str, Any]) -> None:
    labels = Counter(fold(e["label"]) for e in data["entity"])
    assert not [label for label, n in labels.items() if n > 1], f"labels used twice: {labels.most_common(3)}"


def test_aliases_belong_to_one_entry_unless_declared_ambiguous(data: dict[str, Any]) -> None:
    ambiguous = {fold(a) for a in data.get("ambiguous", [])}
    owners: dict[str, set[str]] = {}
    for entry in data["entity"]:
        for name in names_of(entry):
            owners.setdefault(fold(name), set()).add(entry["id"])
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1 and name not in ambiguous}
    assert not shared, f"names used by several entries (declare them in `ambiguous` if meant): {shared}"
    unused = ambiguous - {name for name, ids in owners.items() if len(ids) > 1}
    assert not unused, f"`ambiguous` lists names no two entries share: {sorted(unused)}"


def test_no_alias_is_a_common_english_word(data: dict[str, Any]) -> None:
    # Matching ignores case, so these would fire on ordinary words ("for us", "it is").
    words = {"us", "is", "it", "we", "he", "an", "as", "at", "in", "on", "or", "to", "am", "me", "no", "so", "up"}
    offenders = [(e["id"], n) for e in data["entity"] for n in names_of(e) if fold(n) in words]
    assert not offenders, offenders


def test_metonyms_belong_to_governments_and_to_one_each(data: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for entry in data["entity"]:
        for metonym in entry.get("metonyms", []):
            assert entry["type"] == "government", f"{entry['id']}: only governments have metonyms"
            assert fold(metonym) not in seen, f"metonym {metonym!r} of both {seen.get(fold(metonym))} and {entry['id']}"
            seen[fold(metonym)] = entry["id"]


def test_wikidata_ids_are_well_formed_unique_and_sourced(data: dict[str, Any]) -> None:
    qids = Counter(e["wikidata"] for e in data["entity"] if "wikidata" in e)
    assert not [q for q, n in qids.items() if n > 1], f"a Wikidata id given to several entries: {qids.most_common(2)}"
    for entry in data["entity"]:
        sources = entry["source"].split("; ")
        assert set(sources) <= SOURCES, f"{entry['id']}: source {entry['source']!r} not among {sorted(SOURCES)}"
        if "wikidata" in entry:
            assert re.fullmatch(r"Q[1-9][0-9]*", entry["wikidata"]), f"{entry['id']}: bad id {entry['wikidata']!r}"
            assert "Wikidata" in sources, f"{entry['id']}: has a Wikidata id but its source does not say Wikidata"
        else:
            assert "Wikidata" not in sources, f"{entry['id']}: source says Wikidata but there is no id"


def test_references_name_entries_of_the_right_type(entries: dict[str, dict[str, Any]]) -> None:
    for entry in entries.values():
        where = entry["id"]
        if "country" in entry:
            assert entries.get(entry["country"], {}).get("type") == "state", f"{where}: country is not a state"
        if "capital" in entry:
            assert entry["type"] == "state", f"{where}: only states have a capital"
            capital = entries.get(entry["capital"], {})
            assert capital.get("type") == "settlement", f"{where}: capital is not a settlement"
            assert capital.get("country") == where, f"{where}: its capital lies in {capital.get('country')}"
        if "located_in" in entry:
            assert entry["type"] in PLACES, f"{where}: only places have located_in"
            assert entries.get(entry["located_in"], {}).get("type") in PLACES, f"{where}: located_in is not a place"
        if "part_of" in entry:
            assert entries.get(entry["part_of"], {}).get("type") == "organisation", f"{where}: part_of"
        if "theatre" in entry:
            assert entry["type"] == "armed_force" and "country" not in entry, f"{where}: only operations have a theatre"
            assert entries.get(entry["theatre"], {}).get("type") == "state", f"{where}: theatre is not a state"
        if "demonym" in entry:
            assert entry["type"] == "state", f"{where}: only states have a demonym"


def test_states_governments_and_forces_are_complete(entries: dict[str, dict[str, Any]]) -> None:
    for entry in entries.values():
        where = entry["id"]
        if entry["type"] == "state":  # a state of the past that history names needs no capital
            needed = {"demonym"} if "dissolved" in entry else {"demonym", "capital"}
            assert needed <= entry.keys(), f"{where}: a state needs its demonym and capital"
        if "dissolved" in entry:
            assert entry["type"] == "state" and isinstance(entry["dissolved"], int), f"{where}: dissolved is a year"
        if "seat" in entry:
            assert "dissolved" in entry, f"{where}: only a state of the past has a seat"
        if "founded" in entry:
            assert "dissolved" in entry and entry["founded"] <= entry["dissolved"], f"{where}: founded before dissolved"
        if entry["type"] == "armed_force" and "country" not in entry:  # a multinational operation
            assert "part_of" in entry, f"{where}: an armed_force needs its country, or the organisation it is part of"
        elif entry["type"] in {"government", "armed_force", "pmc", "person", "settlement"}:
            assert "country" in entry, f"{where}: a {entry['type']} needs its country"


def test_governments_stand_for_their_capital(entries: dict[str, dict[str, Any]]) -> None:
    for entry in entries.values():
        if entry["type"] != "government" or not entry["id"].startswith("government-of-"):
            continue
        state = entries[entry["country"]]
        if "dissolved" in state:
            continue  # a state of the past has no capital of its own
        capital = entries[state["capital"]]
        metonyms = {fold(m) for m in entry.get("metonyms", [])}
        assert metonyms & {fold(n) for n in names_of(capital)}, f"{entry['id']}: no metonym for {capital['label']}"


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("Goita", "assimi-goita"),
        ("Goïta", "assimi-goita"),
        ("Colonel Assimi Goita", "assimi-goita"),
        ("Keita", "ibrahim-boubacar-keita"),
        ("FAMa", "armed-forces-of-mali"),
        ("Malian army", "armed-forces-of-mali"),
        ("Barkhane", "french-armed-forces"),
        ("French troops", "french-armed-forces"),
        ("PMC Wagner", "wagner-group"),
        ("Wagner", "wagner-group"),
        ("ECOWAS", "ecowas"),
        ("AU Commission", "african-union-commission"),
        ("AFP", "agence-france-presse"),
        ("Yegveny Prigozhin", "yevgeny-prigozhin"),
        ("Kabore", "roch-marc-christian-kabore"),
        ("Touadera", "faustin-archange-touadera"),
    ],
)
def test_names_from_the_articles_find_their_entry(entries: dict[str, dict[str, Any]], name: str, entry_id: str) -> None:
    found = [e["id"] for e in entries.values() if fold(name) in {fold(n) for n in names_of(e)}]
    assert found == [entry_id]


@pytest.mark.parametrize(
    ("metonym", "entry_id"),
    [
        ("Paris", "government-of-france"),
        ("Moscow", "government-of-russia"),
        ("Bamako", "government-of-mali"),
        ("Washington", "government-of-the-united-states"),
        ("Ouagadougou", "government-of-burkina-faso"),
        ("Niamey", "government-of-niger"),
        ("Libreville", "government-of-gabon"),
        ("Bangui", "government-of-the-central-african-republic"),
    ],
)
def test_capitals_stand_for_their_governments(entries: dict[str, dict[str, Any]], metonym: str, entry_id: str) -> None:
    assert metonym in entries[entry_id].get("metonyms", [])


@pytest.mark.parametrize(
    ("entry_id", "qid"),
    [
        ("mali", "Q912"),
        ("france", "Q142"),
        ("russia", "Q159"),
        ("niger", "Q1032"),
        ("burkina-faso", "Q965"),
        ("gabon", "Q1000"),
        ("central-african-republic", "Q929"),
        ("united-states", "Q30"),
        ("canada", "Q16"),
        ("bamako", "Q3703"),
        ("agence-france-presse", "Q40464"),
        ("reuters", "Q130879"),
        ("associated-press", "Q40469"),
        ("european-union", "Q458"),
        ("african-union", "Q7159"),
        ("united-nations", "Q1065"),
        ("nato", "Q7184"),
        ("ecowas", "Q161549"),
        ("vladimir-putin", "Q7747"),
        ("emmanuel-macron", "Q3052772"),
    ],
)
def test_known_wikidata_ids(entries: dict[str, dict[str, Any]], entry_id: str, qid: str) -> None:
    assert entries[entry_id].get("wikidata") == qid


def test_every_person_in_the_gold_annotations_is_in_the_gazetteer(entries: dict[str, dict[str, Any]]) -> None:
    golds = GOLDS
    assert golds[0].is_file(), f"no gold file {golds[0]}"
    known = {fold(n) for e in entries.values() for n in names_of(e)}
    missing = []
    for gold in golds:
        for actor in yaml.safe_load(gold.read_text(encoding="utf-8")).get("actors") or []:
            if actor["type"] == "person" and fold(actor["name"]) not in known:
                missing.append(f"{gold.stem}: {actor['name']}")
    assert not missing, f"people named in the articles but not in the gazetteer: {missing}"


def test_a_name_of_several_states_lists_states_of_the_gazetteer(entries: dict[str, dict[str, Any]]) -> None:
    shared = tomllib.loads(GAZETTEER.read_text(encoding="utf-8")).get("one_of", [])
    assert shared, "gazetteer.toml lists no one_of names"
    for item in shared:
        assert len(item["states"]) >= 2, item
        assert all(entries.get(s, {}).get("type") == "state" for s in item["states"]), item
        # a shared name is no entry's alias: the article settles it
        assert not any(fold(item["name"]) in {fold(n) for n in names_of(e)} for e in entries.values()), item


def test_a_name_is_found_however_its_arabic_article_is_written() -> None:
    from kg.extract.gazetteer import gazetteer
    from kg.extract.nlp import pipeline

    assert gazetteer().lookup("Abdel Fattah al-Sisi") == gazetteer().lookup("Abdel Fattah el-Sisi") is not None
    doc = pipeline()("President Abdel Fattah al-Sisi spoke.")
    assert [e.ent_id_ for e in doc.ents] == ["abdel-fattah-el-sisi"]
