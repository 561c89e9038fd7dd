"""One article being written: its body with exact offsets, and the reading kg would make of it.

:class:`Story` appends text and returns the span of what it wrote, so every offset and anchor is right by
construction; times and counts are read back from the words with kg's own readers
(:func:`kg.extract.dates.find_times`, :func:`kg.extract.quantities.find_quantities`), so they carry the values
kg would give them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kg.extract import Sentence
from kg.extract.dates import TimeValue, find_times
from kg.extract.facts import (
    Actor,
    BaseHandover,
    Conflict,
    Coup,
    Deployment,
    Election,
    Reading,
    Statement,
    TextSpan,
    TroopChange,
)
from kg.extract.gazetteer import Entry
from kg.extract.quantities import Quantity, find_quantities
from kg.map import slug
from synthetic.world import Sender, World, WorldCoup


@dataclass(frozen=True)
class Force:
    """A force an article claims is somewhere, as it names it."""

    key: str
    sender: str
    role: str
    named: str


@dataclass
class Story:
    """One article being written: its body, sentences, and the reading kg would make of it.

    Attributes:
        world: the world it draws from.
        rng: its own random source (seeded by the generator seed and the article's index).
        host: the state it is about.
        published: its publication date.
    """

    world: World
    rng: random.Random
    host: str
    published: date
    body: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)
    coups: list[Coup] = field(default_factory=list)
    changes: list[TroopChange] = field(default_factory=list)
    handovers: list[BaseHandover] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    elections: list[Election] = field(default_factory=list)
    told: list[WorldCoup] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)
    _sentence_start: int | None = None
    _paragraph_open: bool = False

    # -- text ----------------------------------------------------------------------------------------------

    def paragraph(self) -> None:
        """Start a new paragraph (a blank line, as scraped articles have them)."""
        if self.body:
            self.body += "\n\n"
        self._paragraph_open = False

    def open(self) -> None:
        """Start a sentence in the current paragraph."""
        if self._paragraph_open:
            self.body += " "
        self._sentence_start = len(self.body)
        self._paragraph_open = True

    def close(self, *, story: bool = True) -> TextSpan:
        """End the sentence; returns its span."""
        assert self._sentence_start is not None, "close() without open()"
        span = self.since(self._sentence_start)
        self.sentences.append(Sentence(len(self.sentences), span.start, span.end, span.text, story=story))
        self._sentence_start = None
        return span

    def write(self, text: str) -> TextSpan:
        """Append text; returns its span."""
        start = len(self.body)
        self.body += text
        return TextSpan(start, len(self.body), text)

    @property
    def at(self) -> int:
        """The offset the next character will have."""
        return len(self.body)

    def since(self, start: int) -> TextSpan:
        """The span from ``start`` to the end of what is written."""
        return TextSpan(start, len(self.body), self.body[start:])

    def time(self, phrase: str, *, future: bool = False, reference: TimeValue | None = None) -> TimeValue:
        """Write a time expression and read it back as kg does (against the publication date)."""
        start = self.at
        self.write(phrase)
        found = find_times(phrase, self.published, offset=start, future=future, reference=reference)
        if not found or found[0].text != phrase:
            raise ValueError(f"kg does not read {phrase!r} as one time")
        return found[0]

    def size(self, phrase: str) -> Quantity:
        """Write a count with what it counts ("about 400 Russian military personnel") and read it back as kg does."""
        start = self.at
        self.write(phrase)
        found = find_quantities(phrase, offset=start)
        if not found:
            raise ValueError(f"kg reads no count in {phrase!r}")
        return found[0]

    # -- actors ----------------------------------------------------------------------------------------------

    def mention(self, key: str) -> str:
        """Record that the article names a gazetteer actor or place; returns its key."""
        if key not in self.actors:
            entry = self.world.gaz.entries[key]
            self.actors[key] = Actor(key, entry.label, entry.cls, country=entry.country)
        return key

    def name(self, key: str, *, start: bool = False) -> str:
        """Write how the text names a gazetteer actor, and record the mention; returns its key."""
        text = surface(self.world, self.world.gaz.entries[key], self.rng)
        self.write(capital_first(text) if start else text)
        return self.mention(key)

    def local(self, label: str, cls: str, *, description: str | None = None, **ties: str | None) -> str:
        """Record an actor or place only this article names; returns its key (``local:<slug>``)."""
        key = f"local:{slug(description or label)[:60]}"
        if key not in self.actors:
            self.actors[key] = Actor(key, label, cls, description=description, **ties)
        return key

    def anonymous(self, *, start: bool = False, sender: str | None = None) -> str:
        """Write an anonymous source's description and record it; returns its key."""
        words = self.world.words
        sender = sender or self.world.sender(self.rng, exclude=(self.host,)).state
        templates = [t for t in words["anonymous"] if sender != self.host or not t.get("sender")]
        template = self.rng.choice(templates)
        demonym = self.world.demonym(self.host)
        description = template["description"].format(
            a_demonym=f"{indefinite(demonym)} {demonym}",
            capital=self.world.capital(self.host),
            sender_demonym=self.world.demonym(sender),
        )
        self.write(capital_first(description) if start else description)
        affiliation = self._affiliation(template.get("affiliation"), sender)
        nationality = sender if template.get("sender") else self.host if template.get("national") else None
        label = re.sub(r"^(?:a|an|another|the)\s+", "", description.split(",")[0])
        return self.local(
            label,
            "AnonymousSource",
            description=description,
            role_noun=template["role"],
            affiliation=self.mention(affiliation) if affiliation else None,
            nationality=self.mention(nationality) if nationality else None,
        )

    def comma(self, key: str) -> str:
        """The comma that closes a source's description when it has a clause ("…, who requested anonymity,")."""
        return "," if "," in (self.actors[key].description or "") else ""

    def _affiliation(self, kind: str | None, sender: str) -> str | None:
        if kind == "host_army":
            return self.world.army(self.host)
        if kind == "host_government":
            return self.world.government(self.host)
        if kind == "sender_government":
            return self.world.government(sender)
        return kind if kind in self.world.gaz.entries else None

    def person(self, name: str, *, rank: str = "", start: bool = False) -> str:
        """Write a person the gazetteer does not know (with a rank, if any) and record them; returns the key."""
        self.write(capital_first(f"{rank} {name}".strip()) if start else f"{rank} {name}".strip())
        return self.local(name, "Person", country=self.mention(self.host))

    def speaker(self, *, start: bool = False) -> str:
        """Write someone who speaks for the host side: its government, army, leader or an anonymous source."""
        roll = self.rng.random()
        persons = self.world.persons.get(self.host, [])
        if roll < 0.35:
            return self.name(self.world.government(self.host), start=start)
        if roll < 0.5:
            return self.name(self.world.army(self.host), start=start)
        if roll < 0.6 and persons:
            return self.name(self.rng.choice(persons), start=start)
        return self.anonymous(start=start)

    # -- facts ----------------------------------------------------------------------------------------------

    def force(self, *, sender: Sender | None = None, role: str | None = None) -> Force:
        """A force the article talks about, as named in the text (not yet written)."""
        sender = sender or self.world.sender(self.rng, exclude=(self.host,))
        key = self.rng.choice(sender.forces)
        words = self.world.words
        if self.world.gaz.entries[key].type == "pmc":
            role = role or self.rng.choice(words["pmc"]["roles"])
            named = self.rng.choice(words["pmc"]["names"]).format(role=role)
        else:
            role = role or self.rng.choice(sorted(words["roles"]))
            named = f"{self.world.demonym(sender.state)} {self.rng.choice(words['roles'][role])}"
        return Force(key, sender.state, role, named)

    def deploy(
        self,
        force: Force,
        status: str,
        span: TextSpan,
        *,
        claimed_by: Sequence[str] = (),
        size: Quantity | None = None,
        places: Sequence[str] = (),
        when: TimeValue | None = None,
        role: str | None = None,
        host: str | None = None,
    ) -> int:
        """Record a deployment claim; returns its index (what statements point to)."""
        self.mention(force.key)
        host = self.mention(host or self.host)
        sending = self.mention(force.sender) if force.sender != host else None
        self.deployments.append(
            Deployment(
                force=force.key,
                sending_state=sending,
                host=host,
                places=tuple(places),
                size=size,
                role=role or force.role,
                status=status,
                claimed_by=tuple(claimed_by),
                date=when,
                span=span,
                named=force.named,
            )
        )
        return len(self.deployments) - 1

    def state(
        self,
        speaker: str,
        act: str,
        verb: str,
        span: TextSpan,
        *,
        content: TextSpan | str | None = None,
        quotes: Sequence[TextSpan] = (),
        when: TimeValue | None = None,
        channel: str | None = None,
        about: Sequence[int] = (),
        stance: str | None = None,
        pledges: Sequence[int] = (),
        relayed_by: str | None = None,
    ) -> None:
        """Record a statement."""
        text = content.text if isinstance(content, TextSpan) else content
        self.statements.append(
            Statement(
                speaker=speaker,
                act=act,
                verb=verb,
                content=text,
                quotes=tuple(quotes),
                date=when,
                channel=channel,
                span=span,
                about=tuple(about),
                stance=stance,
                pledges=tuple(pledges),
                relayed_by=relayed_by,
            )
        )

    def reading(self) -> Reading:
        """What kg reads from the article."""
        return Reading(
            actors=tuple(self.actors.values()),
            statements=tuple(self.statements),
            coups=tuple(self.coups),
            deployments=tuple(self.deployments),
            troop_changes=tuple(self.changes),
            handovers=tuple(self.handovers),
            conflicts=tuple(self.conflicts),
            elections=tuple(self.elections),
        )


def surface(world: World, entry: Entry, rng: random.Random) -> str:
    """How news copy names a gazetteer actor: "the Malian government", "Moscow", "the French army"."""
    if entry.type == "government" and entry.country:
        demonym, capital = world.demonym(entry.country), world.capital(entry.country)
        return rng.choice((f"the {demonym} government", capital, f"the government in {capital}"))
    if entry.type == "armed_force" and entry.country:
        return rng.choice((f"the {world.demonym(entry.country)} army", entry.label))
    if entry.type == "armed_group":
        return short_name(entry)
    if entry.type in ("armed_force", "organisation", "news_agency", "pmc", "armed_group", "region"):
        bare = entry.label.isupper() or entry.label[0].islower() or entry.label.startswith(("Le ", "Al-"))
        return entry.label if bare else f"the {entry.label}"
    return entry.label


def short_name(entry: Entry) -> str:
    """An organisation's acronym where it has one ("AFP"), else its label."""
    acronyms = sorted(a for a in entry.aliases if a.isupper() and 2 <= len(a) <= 6)
    return acronyms[0] if acronyms else entry.label


def capital_first(text: str) -> str:
    """The text with its first letter upper-cased."""
    return text[:1].upper() + text[1:]


def indefinite(word: str) -> str:
    """The indefinite article before a word ("an Ivorian", "a Malian")."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def weekday(story: Story) -> str:
    """A day of the week before the publication date ("on Friday")."""
    day = story.published - timedelta(days=story.rng.randint(0, 6))
    return f"on {day.strftime('%A')}"


def count_phrase(rng: random.Random, words: dict[str, Any]) -> str:
    """A hedged count as wire copy prints it ("about 400", "2,500-3,000", "several hundred")."""
    numbers = words["sizes"]["numbers"]
    n = rng.randrange(len(numbers) - 1)
    m = rng.randrange(n + 1, len(numbers))
    phrase: str = rng.choice(words["sizes"]["phrases"])
    return phrase.format(n=f"{numbers[n]:,}", m=f"{numbers[m]:,}")


def fill(s: Story, main: Force) -> dict[str, str]:
    """The placeholders of the vocabulary's templates, for one article and its main force."""
    return {
        "country": s.world.gaz.entries[s.host].label,
        "capital": s.world.capital(s.host),
        "demonym": s.world.demonym(s.host),
        "force": main.named,
        "sender": s.world.gaz.entries[main.sender].label,
        "sender_demonym": s.world.demonym(main.sender),
    }
