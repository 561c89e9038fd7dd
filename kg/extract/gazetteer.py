"""The gazetteer: known actors and places with their aliases, types and Wikidata ids.

It is a data file (``kg/data/gazetteer.toml``, every entry sourced). This module indexes it for
lookups: by alias (case- and accent-insensitive, so "Goita" finds "Goïta"), by demonym
("Malian" → Mali), by capital-city metonym ("Paris" → the Government of France) and by country
(the armed force or private military company of a state).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.extract.lexicon import load_data

#: Gazetteer type → ontology class local name.
CLASSES = {
    "state": "State",
    "government": "Government",
    "armed_force": "ArmedForce",
    "armed_group": "ArmedGroup",
    "organisation": "Organisation",
    "organization": "Organisation",
    "news_agency": "NewsAgency",
    "pmc": "PrivateMilitaryCompany",
    "person": "Person",
    "group_of_states": "GroupOfStates",
    "settlement": "Settlement",
    "region": "Region",
    "place": "Place",
    "military_base": "MilitaryBase",
}
PLACE_TYPES = frozenset({"settlement", "region", "place", "military_base"})


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").casefold()
    text = re.sub(r"[^\w']+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    capital: str | None = None
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    located_in: str | None = None

    @property
    def cls(self) -> str:
        return CLASSES.get(self.type, "Actor")

    @property
    def is_place(self) -> bool:
        return self.type in PLACE_TYPES

    def names(self) -> Iterator[str]:
        yield self.label
        yield from self.aliases


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


class Gazetteer:
    """Lookups over the gazetteer entries."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = {e.id: e for e in entries}
        self.by_alias: dict[str, Entry] = {}
        self.by_demonym: dict[str, Entry] = {}
        self.by_metonym: dict[str, Entry] = {}
        self.by_country: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            if entry.country:
                self.by_country.setdefault((entry.country, entry.type), entry)
            for name in entry.names():
                self.by_alias.setdefault(fold(name), entry)
            if entry.type == "state":
                for demonym in entry.demonyms:
                    self.by_demonym.setdefault(fold(demonym), entry)
            for metonym in entry.metonyms:
                self.by_metonym.setdefault(fold(metonym), entry)
        # A capital named as a speaker stands for the government of its state.
        for entry in entries:
            if entry.type == "state" and entry.capital and entry.capital in self.entries:
                government = self.government_of(entry.id)
                capital = self.entries[entry.capital]
                if government is not None:
                    for name in capital.names():
                        self.by_metonym.setdefault(fold(name), government)

    def get(self, entry_id: str | None) -> Entry | None:
        return self.entries.get(entry_id) if entry_id else None

    def lookup(self, name: str) -> Entry | None:
        """The entry one of whose names is ``name`` (folded), if any."""
        return self.by_alias.get(fold(name))

    def demonym(self, word: str) -> Entry | None:
        """The state a demonym ("Malian", "French") belongs to."""
        return self.by_demonym.get(fold(word))

    def metonym(self, name: str) -> Entry | None:
        """The actor a metonym stands for ("Paris" → Government of France), if any."""
        return self.by_metonym.get(fold(name))

    def of_country(self, country: str, type_: str) -> Entry | None:
        """The first entry of a type tied to a state (its government, armed force, PMC)."""
        return self.by_country.get((country, type_))

    def government_of(self, country: str) -> Entry | None:
        return self.of_country(country, "government")

    def patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns: every name, matched on lowercase tokens."""
        label_of = {
            "state": "GPE",
            "settlement": "GPE",
            "region": "LOC",
            "place": "LOC",
            "military_base": "FAC",
            "person": "PERSON",
        }
        patterns = []
        for entry in self.entries.values():
            for name in sorted(set(entry.names())):
                tokens = re.findall(r"\w+(?:[’'.-]\w+)*|[^\w\s]", name)
                if not tokens:
                    continue
                patterns.append(
                    {
                        "label": label_of.get(entry.type, "ORG"),
                        "pattern": [{"LOWER": t.lower()} for t in tokens],
                        "id": entry.id,
                    }
                )
            for demonym in entry.demonyms:
                patterns.append({"label": "NORP", "pattern": [{"LOWER": demonym.lower()}], "id": entry.id})
        return patterns


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The project's gazetteer (``kg/data/gazetteer.toml``, one ``[[entity]]`` per entry), read once per process."""
    entries = [
        Entry(
            id=str(raw["id"]),
            label=str(raw["label"]),
            type=str(raw["type"]),
            aliases=_as_tuple(raw.get("aliases")),
            wikidata=raw.get("wikidata"),
            country=raw.get("country"),
            capital=raw.get("capital"),
            demonyms=_as_tuple(raw.get("demonym")),
            metonyms=_as_tuple(raw.get("metonyms")),
            located_in=raw.get("located_in"),
        )
        for raw in load_data("gazetteer.toml")["entity"]
    ]
    return Gazetteer(entries)
