"""What the extractor reads from an article: actors, statements and events, each with its span.

Plain frozen dataclasses, independent of RDF: :mod:`kg.map` turns them into triples. Actors are
referred to by key: a gazetteer id for known actors and places (``"mali"``), ``"local:<slug>"``
for one met only in this article (an anonymous source, a group of states, an unknown person).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.dates import TimeValue
from kg.extract.quantities import Quantity


@dataclass(frozen=True)
class TextSpan:
    """Characters ``start:end`` of the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """An actor or place the article mentions.

    Attributes:
        key: the gazetteer id, or ``local:<slug>`` for an actor local to this article.
        label: its name (for local actors, the words that describe it, determiner dropped).
        cls: the ontology class local name (``State``, ``AnonymousSource``, ``Person``, …).
        description: for anonymous sources, the article's full description of them.
        role_noun: for anonymous sources, the noun that heads the description (``officer``).
        affiliation: key of the actor it belongs to (an army, a government), if the text says.
        nationality: key of its state, if the text says.
        country: key of the state a local force, group or person belongs to.
    """

    key: str
    label: str
    cls: str
    description: str | None = None
    role_noun: str | None = None
    affiliation: str | None = None
    nationality: str | None = None
    country: str | None = None

    @property
    def local(self) -> bool:
        return self.key.startswith("local:")


@dataclass(frozen=True)
class Statement:
    """An attributed statement.

    Attributes:
        speaker: key of the actor speaking.
        act: the speech act's notation (``said``, ``denied``, …).
        verb: the reporting words as printed (``told``, ``according to``).
        content: what was said, as the article words it.
        quotes: verbatim quotes, without their quotation marks.
        date: when it was said, if the text says.
        channel: key of the actor it was said to ("told AFP").
        span: the sentence it was read from.
        about: indexes into :attr:`Reading.deployments` of the claims it takes a position on.
        stance: ``affirms`` or ``denies`` (toward ``about``), if it takes one.
        verb_span: where the reporting words stand in the text ("told", "according to"), where it has them.
        speaker_span: the words of the sentence that name the speaker ("A Malian army officer", "he"), where it does.
    """

    speaker: str
    act: str
    verb: str
    content: str | None
    quotes: tuple[TextSpan, ...]
    date: TimeValue | None
    channel: str | None
    span: TextSpan
    about: tuple[int, ...] = ()
    stance: str | None = None
    pledges: tuple[int, ...] = ()  # indexes into Reading.elections of what it pledges
    relayed_by: str | None = None  # the outlet that reports it second-hand ("a Reuters report that cited …")
    verb_span: TextSpan | None = None
    speaker_span: TextSpan | None = None


@dataclass(frozen=True)
class Coup:
    """A coup (one per country and month, however often the article mentions it)."""

    country: str
    date: TimeValue
    leaders: tuple[str, ...]
    ousted: tuple[str, ...]
    ordinal: int | None
    de_facto: bool
    leader_hedged: bool
    spans: tuple[TextSpan, ...]
    #: ``succeeded``, ``failed`` (a foiled or failed attempt) or ``unknown`` (an attempt left open).
    outcome: str = "succeeded"
    #: ``stated``, ``hedged`` (by the narrator: "apparent") or ``alleged`` (by a party).
    certainty: str = "stated"


@dataclass(frozen=True)
class Deployment:
    """One claim that a force is (or is not) in a place: one record per sentence and claimant set."""

    force: str
    sending_state: str | None
    host: str | None
    places: tuple[str, ...]
    size: Quantity | None
    role: str | None
    status: str
    claimed_by: tuple[str, ...]
    date: TimeValue | None
    span: TextSpan
    more: tuple[TextSpan, ...] = ()  # the same claim restated in later sentences
    named: str = ""  # the force as the text names it: "a Romanian infantry battalion", "Wagner mercenaries"


@dataclass(frozen=True)
class TroopChange:
    """A reduction, withdrawal, intervention or reinforcement of a force."""

    force: str
    kind: str
    place: str | None
    host: str | None
    from_size: Quantity | None
    to_size: Quantity | None
    date: TimeValue | None
    target_date: TimeValue | None
    span: TextSpan


@dataclass(frozen=True)
class BaseHandover:
    """Bases handed over by one actor to another."""

    from_actor: str
    to_actor: str | None
    count: int | None
    places: tuple[str, ...]
    region: str | None
    date: TimeValue | None
    span: TextSpan
    more: tuple[TextSpan, ...] = ()  # further evidence ("… since the French left on December 14")


@dataclass(frozen=True)
class Conflict:
    """An insurgency or armed conflict: where and when it began, where and when it spread."""

    label: str
    country: str | None
    region: str | None
    start: TimeValue | None
    spread_to: tuple[str, ...]
    spread_date: TimeValue | None
    span: TextSpan


@dataclass(frozen=True)
class Election:
    """An election the text reports or a speaker pledges; ``disrupted_by`` is the coup that upset it."""

    country: str
    date: TimeValue | None
    status: str
    disrupted_by: tuple[str, str] | None  # (country, month) of the coup
    span: TextSpan


@dataclass(frozen=True)
class Mention:
    """Words of the text that name an actor: a name, a name's short form, a demonym ("Malian troops")."""

    actor: str
    span: TextSpan


@dataclass(frozen=True)
class Reading:
    """Everything read from one article's story sentences."""

    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    coups: tuple[Coup, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    troop_changes: tuple[TroopChange, ...] = ()
    handovers: tuple[BaseHandover, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    elections: tuple[Election, ...] = ()
