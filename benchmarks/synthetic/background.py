"""Background paragraphs: interventions and withdrawals, base handovers, the insurgency, coups and the
elections a junta pledged, peacekeepers, and the narrator's sentences that carry no fact."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from kg.extract.facts import BaseHandover, Conflict, Coup, Election, TroopChange
from kg.map import slug
from synthetic.story import Force, Story, capital_first, fill, indefinite, weekday
from synthetic.world import WorldCoup


def troops(s: Story, main: Force) -> None:
    """A foreign state's intervention, its current force and the reduction it plans."""
    sender = s.world.sender(s.rng, exclude=(s.host,))
    army = s.world.army(sender.state)
    if army == sender.state:
        return
    s.paragraph()
    s.open()
    start = s.at
    s.name(sender.state, start=True)
    year = s.rng.randint(max(2000, s.published.year - 12), s.published.year - 1)
    s.write(" intervened ")
    came = s.time(f"in {year}")
    intervention = s.since(start)
    s.write(" and now has ")
    start = s.at
    now = s.size(f"{s.rng.choice(('around', 'about', 'some'))} {s.rng.choice((1500, 2000, 3000, 4000, 5000)):,} troops")
    s.write(" in the country")
    present = s.since(start)
    s.write(", but plans to ")
    start = s.at
    s.write("reduce that number to ")
    later = s.size(f"{s.rng.choice(('1,000-1,500', '2,500-3,000', 'about 600', 'fewer than 1,000'))}")
    s.write(" ")
    target = s.time(f"by {s.published.year + s.rng.randint(1, 2)}")
    plan = s.since(start)
    s.write(".")
    s.close()
    force = Force(army, sender.state, "troops", f"{s.world.demonym(sender.state)} troops")
    s.mention(army)
    host = s.mention(s.host)
    s.changes.append(TroopChange(army, "intervention", None, host, None, None, came, None, intervention))
    s.deploy(force, "reported", present, size=now)
    s.changes.append(TroopChange(army, "reduction", None, host, now, later, None, target, plan))
    if s.rng.random() < 0.5:
        s.open()
        speaker = s.name(s.world.government(sender.state), start=True)
        s.write(" announced ")
        start = s.at
        s.write("a reduction of its troops")
        clause = s.since(start)
        s.write(" following the latest political crisis.")
        sentence = s.close()
        s.state(speaker, "announced", "announced", sentence, content=clause)


def withdrawal(s: Story, main: Force) -> None:
    """A foreign army leaves, or sends more troops."""
    sender = s.world.sender(s.rng, exclude=(s.host,))
    army = s.world.army(sender.state)
    if army == sender.state:
        return
    s.paragraph()
    s.open()
    start = s.at
    s.name(army, start=True)
    host = s.mention(s.host)
    if s.rng.random() < 0.6:
        s.write(" completed its withdrawal from ")
        s.name(s.host)
        s.write(" ")
        when = s.time(f"in {s.published.replace(day=1) - timedelta(days=s.rng.randint(20, 400)):%B %Y}")
        span = s.since(start)
        s.changes.append(TroopChange(army, "withdrawal", None, host, None, None, when, None, span))
    else:
        s.write(" sent ")
        more = s.size(f"{s.rng.choice((200, 300, 500, 800)):,} more troops")
        s.write(" to ")
        s.name(s.host)
        s.write(" ")
        when = s.time("last month")
        span = s.since(start)
        s.changes.append(TroopChange(army, "reinforcement", None, host, None, more, when, None, span))
    s.write(".")
    s.close()


def region(s: Story, side: str) -> str:
    """The host's northern (central, …) region: the gazetteer's where it has one, else the article's own."""
    label = f"{side} {s.world.gaz.entries[s.host].label}"
    if slug(label) in s.world.gaz.entries:
        return s.mention(slug(label))
    return s.local(label, "Region", country=s.mention(s.host))


def handover(s: Story, main: Force) -> None:
    """A foreign army hands its bases over to the host's army."""
    sender = s.world.sender(s.rng, exclude=(s.host,))
    army, host_army = s.world.army(sender.state), s.world.army(s.host)
    towns = s.world.settlements.get(s.host, [])
    if army == sender.state or not towns:
        return
    s.paragraph()
    s.open()
    start = s.at
    s.name(army, start=True)
    town = s.rng.choice(towns)
    count = s.rng.randint(1, 4)
    if count == 1:
        s.write(" handed over its base in ")
        s.name(town)
        s.write(" to ")
        s.name(host_army)
        s.write(" ")
        when = s.time(weekday(s))
        span = s.since(start)
        s.handovers.append(BaseHandover(army, host_army, 1, (town,), None, when, span))
    else:
        side = s.rng.choice(("northern", "central", "eastern"))
        area = region(s, side)
        s.write(
            f" recently handed over {('two', 'three', 'four')[count - 2]} military bases in {s.actors[area].label} to "
        )
        s.name(host_army)
        s.write(", including in ")
        s.name(town)
        span = s.since(start)
        s.handovers.append(BaseHandover(army, host_army, count, (town,), area, None, span))
    s.write(".")
    s.close()


def insurgency(s: Story, main: Force) -> None:
    """The conflict: where and when it began, where it spread."""
    s.paragraph()
    s.open()
    s.name(s.host, start=True)
    s.write(" is the epicentre of ")
    start = s.at
    kind = s.rng.choice(("jihadist", "separatist", "Islamist"))
    s.write(f"{indefinite(kind)} {kind} insurgency that began in the north of the country ")
    began = s.time(f"in {s.rng.randint(2004, min(2018, s.published.year - 1))}")
    s.write(" and spread ")
    spread = s.time(s.rng.choice(("two years later", "three years later", "four years later")), reference=began)
    s.write(" to neighbouring ")
    neighbours = [n for n in dict.fromkeys(s.world.states[s.rng.randrange(0, 12)] for _ in range(2)) if n != s.host]
    if not neighbours:
        neighbours = [s.world.states[0] if s.host != s.world.states[0] else s.world.states[1]]
    for i, neighbour in enumerate(neighbours):
        s.write(" and " if i else "")
        s.name(neighbour)
    span = s.since(start)
    s.write(".")
    s.close()
    label = f"{capital_first(kind)} insurgency in {s.world.gaz.entries[s.host].label}"
    s.conflicts.append(Conflict(label, s.host, region(s, "northern"), began, tuple(neighbours), spread, span))
    if s.rng.random() < 0.5:
        s.open()
        group = s.name(
            s.rng.choice(("jnim", "islamic-state-sahel-province", "aqim", "boko-haram", "iswap")), start=True
        )
        s.write(" claimed ")
        start = s.at
        s.write("responsibility for the latest attack")
        clause = s.since(start)
        s.write(", in a statement.")
        sentence = s.close()
        s.state(group, "claimed", "claimed", sentence, content=clause)


def coup_phrase(s: Story, coup: WorldCoup) -> str:
    """The coup's date at the precision this article gives it (month most often)."""
    roll = s.rng.random()
    if roll < 0.55:
        return f"in {coup.day:%B %Y}"
    if roll < 0.85:
        return f"in {coup.day.year}"
    if roll < 0.97:
        return f"on {coup.day.day} {coup.day:%B %Y}"
    return f"in the {coup.day.year // 10 * 10}s"


def untold_coups(s: Story, state: str) -> list[WorldCoup]:
    """The world's coups of a state before the article's date that it has not told yet."""
    return [c for c in s.world.coups.get(state, ()) if c.day < s.published and c not in s.told]


def write_leader(s: Story, coup: WorldCoup, *, start: bool = False) -> str:
    """Write a coup's leader (a gazetteer person, or a ranked officer it does not know); returns the key."""
    if coup.leader in s.world.gaz.entries:
        return s.name(coup.leader, start=start)
    return s.person(coup.leader, rank=coup.rank, start=start)


def coup_background(s: Story, main: Force) -> None:
    """A coup of the host (or of a frequent neighbour) told in one sentence."""
    state = s.host if untold_coups(s, s.host) else s.world.states[s.rng.randrange(0, 6)]
    past = untold_coups(s, state)
    if not past:
        return
    coup = s.rng.choice(past)
    s.told.append(coup)
    s.paragraph()
    s.open()
    start = s.at
    if coup.failed:
        s.name(s.world.government(state), start=True)
        s.write(" said it had foiled a coup attempt ")
        when = s.time(coup_phrase(s, coup))
        s.write(" in ")
        s.name(state)
        span = s.since(start)
        s.write(".")
        s.close()
        s.coups.append(Coup(state, when, (), (), None, False, False, (span,), "failed", "alleged"))
        return
    leader = write_leader(s, coup, start=True)
    s.write(f" {s.rng.choice(('staged a military coup', 'seized power in a coup', 'led a putsch'))} in ")
    s.name(state)
    s.write(" ")
    when = s.time(coup_phrase(s, coup))
    s.write(", toppling ")
    ousted = s.name(coup.ousted)
    span = s.since(start)
    s.write(".")
    s.close()
    s.coups.append(Coup(state, when, (leader,), (ousted,), None, False, False, (span,)))


def junta(s: Story, main: Force) -> None:
    """A junta leader's pledge of elections, and the second coup that disrupted it."""
    past = [c for c in untold_coups(s, s.host) if not c.failed]
    pairs = [(a, b) for a, b in itertools.pairwise(past) if a.leader == b.leader]
    if not pairs and not past:
        return coup_background(s, main)
    first, second = s.rng.choice(pairs) if pairs else (s.rng.choice(past), None)
    s.told.extend(c for c in (first, second) if c is not None)
    s.paragraph()
    s.open()
    start = s.at
    leader = write_leader(s, first, start=True)
    s.write(" seized power ")
    when = s.time(f"in {first.day:%B %Y}")
    s.write(", toppling ")
    ousted = s.name(first.ousted)
    span = s.since(start)
    s.write(".")
    s.close()
    s.coups.append(Coup(s.host, when, (leader,), (ousted,), 1, False, False, (span,)))
    s.open()
    s.write(s.actors[leader].label.split()[-1])
    s.write(" pledged that ")
    start = s.at
    s.name(s.host)
    s.write(" would return to civilian rule ")
    after = (second or first).day
    month = date(after.year + (after.month + 7) // 12, (after.month + 7) % 12 + 1, 1)
    planned = s.time(f"in {month:%B %Y}")
    s.write(" after presidential and legislative elections")
    promise = s.since(start)
    s.write(".")
    sentence = s.close()
    if second is None:
        s.elections.append(Election(s.host, planned, "planned", None, promise))
        s.state(
            leader, "pledged", "pledged", sentence, content=promise, pledges=(len(s.elections) - 1,), stance="affirms"
        )
        return
    s.open()
    start = s.at
    s.write("But he staged a second coup ")
    second_when = s.time(f"in {second.day:%B %Y}")
    s.write(", disrupting the schedule")
    second_span = s.since(start + len("But "))
    s.write(".")
    s.close()
    s.coups.append(Coup(s.host, second_when, (leader,), (), 2, True, False, (second_span,)))
    s.elections.append(Election(s.host, planned, "planned", (s.host, second_when.value[:7]), promise))
    s.state(leader, "pledged", "pledged", sentence, content=promise, pledges=(len(s.elections) - 1,), stance="affirms")


def peacekeepers(s: Story, main: Force) -> None:
    """The multinational operation serving in the host state, and its size."""
    operation = s.world.operations.get(s.host)
    if operation is None:
        return coup_background(s, main)
    s.paragraph()
    s.open()
    start = s.at
    s.name(operation, start=True)
    s.write(" has ")
    size = s.size(
        f"{s.rng.choice(('about', 'around', 'more than'))} {s.rng.choice((8000, 11000, 13000, 15000)):,} peacekeepers"
    )
    s.write(" in the country")
    span = s.since(start)
    s.write(".")
    s.close()
    force = Force(operation, s.host, "peacekeepers", "peacekeepers")
    s.deploy(force, "reported", span, size=size)


def filler(s: Story, main: Force) -> None:
    """One or two sentences of the narrator's that kg reads nothing from."""
    fresh = [t for t in s.world.words["filler"]["sentences"] if t not in s.fillers]
    if not fresh:
        return
    s.paragraph()
    for template in s.rng.sample(fresh, min(len(fresh), s.rng.randint(1, 2))):
        s.fillers.append(template)
        s.open()
        s.write(template.format(**fill(s, main)))
        s.close()


def boilerplate(s: Story) -> None:
    """Site chrome after the story (kept in the body; kg marks it as no story)."""
    for line in s.world.words["filler"]["boilerplate"]:
        s.paragraph()
        s.open()
        s.write(line)
        s.close(story=False)
