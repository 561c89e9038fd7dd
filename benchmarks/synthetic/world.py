"""The synthetic world one seed fixes: which states the news is about and how often, who sends forces
abroad, and which coups happened (with their leaders and the ousted), drawn once from the gazetteer."""

from __future__ import annotations

import itertools
import random
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.extract.gazetteer import Gazetteer

#: The words of the synthetic articles.
WORDS = Path(__file__).with_name("words.toml")


def load_words(path: Path = WORDS) -> dict[str, Any]:
    """The vocabulary of the synthetic articles (``words.toml``)."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class WorldCoup:
    """A coup of the synthetic world, told by every article that mentions it.

    Attributes:
        country: gazetteer id of the state.
        day: when it happened.
        leader: gazetteer id of its leader, or the full name of a person the gazetteer does not know.
        rank: the rank printed before an unknown leader's name.
        ousted: gazetteer id of the person or government it toppled.
        failed: whether it was a foiled attempt.
    """

    country: str
    day: date
    leader: str
    rank: str
    ousted: str
    failed: bool = False


@dataclass(frozen=True)
class Sender:
    """A state that sends forces abroad, with its weight and the forces it sends (gazetteer ids)."""

    state: str
    weight: int
    forces: tuple[str, ...]


def zipf_weights(count: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights of ``count`` ranks (for :meth:`random.Random.choices`)."""
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


class World:
    """The fixed background every article of one seed draws from: states by frequency, coups, senders.

    Args:
        seed: the generator seed.
        words: the parsed vocabulary (``synthetic.toml``).
        gaz: kg's gazetteer.
    """

    def __init__(self, seed: int, words: dict[str, Any], gaz: Gazetteer) -> None:
        self.words = words
        self.gaz = gaz
        rng = random.Random(f"{seed}/world")
        self.states = self._states(rng)
        self.state_weights = zipf_weights(len(self.states), words["countries"]["zipf"])
        self.persons = _by_country(gaz, "person")
        self.settlements = _by_country(gaz, "settlement")
        self.operations = {
            e.theatre: e.id for e in gaz.entries.values() if e.is_operation and e.theatre and e.theatre in gaz.entries
        }
        self.senders = tuple(self._sender(raw) for raw in words["senders"])
        self.sender_weights = list(itertools.accumulate(s.weight for s in self.senders))
        self.coups = self._coups(rng)

    def _states(self, rng: random.Random) -> list[str]:
        focus = [s for s in self.words["countries"]["focus"] if s in self.gaz.entries]
        rest = sorted(
            e.id for e in self.gaz.entries.values() if e.type == "state" and e.dissolved is None and e.id not in focus
        )
        rng.shuffle(rest)
        return [*focus, *rest]

    def _sender(self, raw: dict[str, Any]) -> Sender:
        forces = tuple(raw.get("forces") or [self.army(raw["state"])])
        return Sender(raw["state"], int(raw["weight"]), forces)

    def _coups(self, rng: random.Random) -> dict[str, tuple[WorldCoup, ...]]:
        """Zero to three coups for each of the most frequent states, more for the more frequent."""
        first, last = self.words["countries"]["coup_years"]
        coups: dict[str, tuple[WorldCoup, ...]] = {}
        for rank, state in enumerate(self.states[: self.words["countries"]["coup_states"]]):
            count = rng.choices((0, 1, 2, 3), weights=(3 + rank, 4, 3, 1 if rank > 5 else 3))[0]
            if rank < 8:  # the states the news is most about are the ones whose coups it tells
                count = max(count, 2 if rank < 2 else 1)
            # recent years more often, as the region's coups cluster in the 2020s
            years = [last - int((last - first) * rng.random() ** 1.5) for _ in range(count)]
            days = [date(year, rng.randint(1, 12), rng.randint(1, 28)) for year in years]
            if rank < 4 and count >= 2 and rng.random() < 0.7:
                # a second putsch within months (a report that dates either only to the year cannot be told
                # apart), early enough in the period that most articles can look back on it
                year, month = rng.randint(2012, 2021), rng.randint(1, 5)
                days[0] = date(year, month, days[0].day)
                days[1] = date(year, month + rng.randint(3, 7), days[1].day)
            made: list[WorldCoup] = []
            for day in sorted(days):
                made.append(self._coup(rng, state, day, made[-1] if made else None))
            coups[state] = tuple(made)
        return coups

    def _coup(self, rng: random.Random, state: str, day: date, previous: WorldCoup | None) -> WorldCoup:
        persons = self.persons.get(state, [])
        leader = rng.choice(persons) if persons and rng.random() < 0.35 else self.invented_name(rng)
        rank = rng.choice(self.words["names"]["ranks"])
        if previous is not None and not previous.failed and (day - previous.day).days < 2 * 365:
            leader, rank = previous.leader, previous.rank  # the same junta strikes again ("a second coup")
        ousted_choices = [p for p in persons if p != leader] or [self.government(state)]
        ousted = rng.choice(ousted_choices) if rng.random() < 0.6 else self.government(state)
        return WorldCoup(state, day, leader, rank, ousted, failed=rng.random() < 0.12)

    def invented_name(self, rng: random.Random) -> str:
        """A full name the gazetteer does not know (a junta officer, a spokesperson)."""
        names = self.words["names"]
        return f"{rng.choice(names['first'])} {rng.choice(names['last'])}"

    def state(self, rng: random.Random) -> str:
        """A host state, Zipf-distributed."""
        return rng.choices(self.states, cum_weights=self.state_weights)[0]

    def sender(self, rng: random.Random, *, exclude: Sequence[str] = ()) -> Sender:
        """A sending state, by weight, none of ``exclude``."""
        while True:
            sender = rng.choices(self.senders, cum_weights=self.sender_weights)[0]
            if sender.state not in exclude:
                return sender

    def army(self, state: str) -> str:
        """The state's armed force (the state itself where the gazetteer has none)."""
        entry = self.gaz.of_country(state, "armed_force")
        return entry.id if entry else state

    def government(self, state: str) -> str:
        """The state's government (the state itself where the gazetteer has none)."""
        entry = self.gaz.government_of(state)
        return entry.id if entry else state

    def demonym(self, state: str) -> str:
        """The adjective of the state's people ("Malian"), or its name where the gazetteer gives none usable."""
        entry = self.gaz.entries[state]
        usable = [d for d in entry.demonyms if re.fullmatch(r"[A-Z][\w’' -]+", d)]
        return usable[0] if usable else entry.label

    def capital(self, state: str) -> str:
        """The label of the state's capital (its name where the gazetteer gives none)."""
        entry = self.gaz.entries[state]
        capital = self.gaz.get(entry.capital)
        return capital.label.split(",")[0] if capital else entry.label  # "Washington", not "Washington, D.C."


def _by_country(gaz: Gazetteer, kind: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in gaz.entries.values():
        if entry.type == kind and entry.country:
            found.setdefault(entry.country, []).append(entry.id)
    return found
