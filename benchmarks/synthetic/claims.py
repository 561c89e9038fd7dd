"""Paragraphs that claim, deny or discuss a force's presence: each writes its sentences and records the
deployment claims and the statements (speaker, speech act, quotes, stance) a reader takes from them."""

from __future__ import annotations

from datetime import timedelta

from synthetic.story import (
    Force,
    Story,
    capital_first,
    count_phrase,
    fill,
    indefinite,
    short_name,
    weekday,
)


def lede(s: Story, main: Force) -> None:
    """A force has arrived, someone on the host side says (the article's first paragraph)."""
    s.open()
    start = s.at
    verb = s.rng.choice(("have arrived in", "have been deployed to", "have been sent to"))
    s.write(f"{capital_first(main.named)} {verb} ")
    s.name(s.host)
    s.write(" in recent weeks")
    clause = s.since(start)
    s.write(", ")
    roll = s.rng.random()
    if roll < 0.4:
        demonym = s.world.demonym(s.host)
        words = f"{demonym} army officials"
        s.write(words)
        claimant = s.local(words, "ArmedForce", description=words, affiliation=s.mention(s.world.army(s.host)))
    else:
        claimant = s.speaker()
    s.write(f"{s.comma(claimant)} said ")
    when = s.time(weekday(s))
    s.write(", amid tensions with Western powers over the alleged involvement of foreign forces in the country.")
    sentence = s.close()
    d = s.deploy(main, "reported", clause, claimed_by=(claimant,))
    s.state(claimant, "said", "said", sentence, content=clause, when=when, about=(d,), stance="affirms")


def sized_claim(s: Story, main: Force) -> None:
    """An anonymous source gives the force's size, to an agency or not."""
    s.paragraph()
    s.open()
    source = s.anonymous(start=True, sender=main.sender)
    channel = None
    if s.rng.random() < 0.4:
        agency = s.world.gaz.entries[s.rng.choice(s.world.words["outlets"]["agencies"])]
        s.write(f"{s.comma(source)} told {short_name(agency)} that ")
        channel, verb, act = s.mention(agency.id), "told", "said"
    else:
        verb, act = s.rng.choice((("said", "said"), ("estimated", "assessed"), ("claimed", "claimed")))
        s.write(f"{s.comma(source)} {verb} ")
    start = s.at
    size = s.size(f"{count_phrase(s.rng, s.world.words)} {main.named}")
    s.write(f" {s.rng.choice(('could operate', 'were operating', 'had been deployed'))} in ")
    s.name(s.host)
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    d = s.deploy(main, "alleged" if act == "claimed" else "reported", clause, claimed_by=(source,), size=size)
    s.state(source, act, verb, sentence, content=clause, channel=channel, about=(d,), stance="affirms")


def quoted_presence(s: Story, main: Force) -> None:
    """An anonymous source places the force "in several parts of" the country, in quotation marks."""
    s.paragraph()
    s.open()
    source = s.anonymous(start=True, sender=main.sender)
    s.write(f"{s.comma(source)} said ")
    start = s.at
    s.write(f"{main.named} were present in “")
    quote = s.write(f"{s.rng.choice(('several parts of', 'the north of', 'the centre of', 'areas around'))} ")
    s.name(s.host)
    quote = s.since(quote.start)
    s.write("”")
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    d = s.deploy(main, "reported", clause, claimed_by=(source,))
    s.state(source, "said", "said", sentence, content=clause, quotes=(quote,), about=(d,), stance="affirms")


def condemnation(s: Story, main: Force) -> None:
    """A group of states condemns the alleged deployment and accuses the sender."""
    s.paragraph()
    s.open()
    month = s.published.replace(day=1) - timedelta(days=s.rng.randint(1, 50))
    when = s.time(s.rng.choice((f"At the end of {month:%B}", f"In early {month:%B}", "Last month")))
    s.write(", ")
    if s.rng.random() < 0.6:
        words = f"{s.rng.randint(8, 20)} {s.rng.choice(('Western', 'European', 'Western and African'))} countries"
        s.write(words)
        group = s.local(words, "GroupOfStates")
    else:
        group = s.name(s.rng.choice(("european-union", "the-west", "ecowas", "united-nations")))
    s.write(" condemned ")
    start = s.at
    s.write(f"the alleged deployment of {main.named} in ")
    s.name(s.host)
    clause = s.since(start)
    s.write(" and accused ")
    target = s.name(s.world.government(main.sender))
    s.write(" of providing them with material support.")
    sentence = s.close()
    d = s.deploy(main, "alleged", clause, claimed_by=(group,))
    s.state(group, "condemned", "condemned", sentence, content=clause, when=when, about=(d,), stance="affirms")
    s.state(
        group,
        "accused",
        "accused",
        sentence,
        content=f"{s.actors[target].label} supports {main.named}",
        when=when,
        about=(d,),
        stance="affirms",
    )


def denial(s: Story, main: Force) -> None:
    """The host side denies that the force has deployed, and names what is there instead."""
    if not is_company(s, main):
        return plain_denial(s, main)
    s.paragraph()
    s.open()
    s.write("But ")
    speaker = s.speaker()
    s.write(f"{s.comma(speaker)} ")
    start = s.at
    s.write(f"denied that {s.rng.choice(('mercenaries', main.named, 'foreign fighters'))} had deployed in the country")
    denied_clause = s.since(start)
    s.write(", adding that “")
    trainers = Force(s.world.army(main.sender), main.sender, "trainers", f"{s.world.demonym(main.sender)} trainers")
    quote = s.write(trainers.named)
    s.write("” were on the ground to strengthen the operational capacity of the security forces")
    trainers_clause = s.since(quote.start - 1)
    s.write(".")
    sentence = s.close()
    denied = s.deploy(main, "denied", denied_clause, claimed_by=(speaker,))
    present = s.deploy(trainers, "reported", trainers_clause, claimed_by=(speaker,))
    s.state(speaker, "denied", "denied", sentence, content=denied_clause, about=(denied,), stance="denies")
    s.state(
        speaker,
        "said",
        "adding",
        sentence,
        content=trainers_clause,
        quotes=(quote,),
        about=(present,),
        stance="affirms",
    )


def plain_denial(s: Story, main: Force) -> None:
    """The host side, or the sender, denies that a state's force is there."""
    s.paragraph()
    s.open()
    s.write("But ")
    speaker = s.speaker() if s.rng.random() < 0.6 else s.name(s.world.government(main.sender))
    s.write(f"{s.comma(speaker)} ")
    when = s.time(weekday(s))
    s.write(" denied ")
    start = s.at
    s.write(f"that {main.named} were in ")
    s.name(s.host)
    clause = s.since(start)
    s.write(", calling the reports “")
    quote = s.write(s.rng.choice(("false", "pure propaganda", "baseless", "a fabrication")))
    s.write("”.")
    sentence = s.close()
    d = s.deploy(main, "denied", clause, claimed_by=(speaker,))
    s.state(
        speaker, "denied", "denied", sentence, content=clause, quotes=(quote,), when=when, about=(d,), stance="denies"
    )


def is_company(s: Story, force: Force) -> bool:
    """Whether the force is a private military company (the mercenary story) rather than a state's."""
    return s.world.gaz.entries[force.key].type == "pmc"


def insistence(s: Story, main: Force) -> None:
    """An officer insists only advisers are there (a denial of the force), then says so in quotes."""
    if not is_company(s, main):
        return plain_denial(s, main)
    s.paragraph()
    s.open()
    s.write("However, ")
    source = s.anonymous(sender=main.sender)
    s.write(f"{s.comma(source)} insisted that only ")
    start = s.at
    advisers = Force(
        s.world.army(main.sender), main.sender, "advisers", f"{s.world.demonym(main.sender)} military advisers"
    )
    s.write(f"{advisers.named} had been deployed in ")
    s.name(s.host)
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    present = s.deploy(advisers, "reported", clause, claimed_by=(source,))
    denied = s.deploy(main, "denied", clause, claimed_by=(source,), role="mercenaries")
    s.state(source, "insisted", "insisted", sentence, content=clause, about=(denied,), stance="denies")
    s.open()
    s.write("“")
    quote = s.write(s.rng.choice(s.world.words["quotes"]["host"]).format(**fill(s, main)))
    s.write(",” said the source.")
    sentence = s.close()
    s.state(source, "said", "said", sentence, content=quote, quotes=(quote,), about=(present,), stance="affirms")


def both_forces(s: Story, main: Force) -> None:
    """A source says there are both advisers and mercenaries, and suggests who the mercenaries are."""
    if not is_company(s, main):
        return sized_claim(s, main)
    s.paragraph()
    s.open()
    s.write("But ")
    source = s.anonymous(sender=main.sender)
    s.write(f"{s.comma(source)} said ")
    start = s.at
    demonym = s.world.demonym(main.sender)
    s.write(f"there were both {demonym} advisers and mercenaries on the ground")
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    advisers = Force(s.world.army(main.sender), main.sender, "advisers", f"{demonym} advisers")
    a = s.deploy(advisers, "reported", clause, claimed_by=(source,))
    m = s.deploy(main, "alleged", clause, claimed_by=(source,), role="mercenaries")
    s.state(source, "said", "said", sentence, content=clause, about=(a, m), stance="affirms")
    s.open()
    s.write("The source also suggested that ")
    start = s.at
    s.write(f"not all the mercenaries were {demonym} nationals")
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    s.state(source, "suggested", "suggested", sentence, content=clause, about=(m,), stance="affirms")


def assessment(s: Story, main: Force) -> None:
    """A foreign diplomat says the alleged activity is being assessed (no stance), then condemns it in quotes."""
    s.paragraph()
    s.open()
    source = s.anonymous(start=True, sender=s.world.sender(s.rng, exclude=(main.sender, s.host)).state)
    s.write(f"{s.comma(source)} said ")
    when = s.time(weekday(s))
    s.write(" that ")
    start = s.at
    s.write(f"the alleged activity of {main.named} in ")
    s.name(s.host)
    s.write(" was still being assessed")
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    d = s.deploy(main, "alleged", clause)
    s.state(source, "said", "said", sentence, content=clause, when=when, about=(d,))
    s.open()
    s.write("“")
    quote = s.write(s.rng.choice(s.world.words["quotes"]["critic"]).format(**fill(s, main)))
    s.write(",” the source said.")
    sentence = s.close()
    s.state(source, "said", "said", sentence, content=quote, quotes=(quote,), about=(d,))


def accusation(s: Story, main: Force) -> None:
    """A foreign government accuses the host of hiring the force."""
    s.paragraph()
    s.open()
    accuser = s.name(s.world.government(s.world.sender(s.rng, exclude=(main.sender, s.host)).state), start=True)
    s.write(" ")
    when = s.time(weekday(s))
    s.write(" accused ")
    s.name(s.world.government(s.host))
    s.write(" of ")
    start = s.at
    s.write(f"hiring {main.named}")
    clause = s.since(start)
    s.write(f", a charge {s.world.capital(s.host)} has rejected.")
    sentence = s.close()
    d = s.deploy(main, "alleged", clause, claimed_by=(accuser,))
    s.state(accuser, "accused", "accused", sentence, content=clause, when=when, about=(d,), stance="affirms")


def sender_claim(s: Story, main: Force) -> None:
    """The sending government says its people are there at the host's invitation."""
    s.paragraph()
    s.open()
    speaker = s.name(s.world.government(main.sender), start=True)
    s.write(" has claimed that ")
    start = s.at
    s.write(f"its {main.role} are in ")
    s.name(s.host)
    s.write(" at the invitation of the government")
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    d = s.deploy(main, "confirmed", clause, claimed_by=(speaker,))
    s.state(speaker, "claimed", "claimed", sentence, content=clause, about=(d,), stance="affirms")


def named_quote(s: Story, main: Force) -> None:
    """A named person speaks on the record, to an agency."""
    s.paragraph()
    s.open()
    s.write("“")
    quote = s.write(s.rng.choice(s.world.words["quotes"]["host"]).format(**fill(s, main)))
    s.write(",” ")
    persons = s.world.persons.get(s.host, [])
    if persons and s.rng.random() < 0.5:
        speaker = s.name(s.rng.choice(persons))
    else:
        office = s.rng.choice(s.world.words["names"]["offices"]).format(demonym=s.world.demonym(s.host))
        speaker = s.person(s.world.invented_name(s.rng))
        s.write(f", {office},")
    agency = s.world.gaz.entries[s.rng.choice(s.world.words["outlets"]["agencies"])]
    s.write(f" told {short_name(agency)} ")
    when = s.time(weekday(s))
    s.write(".")
    sentence = s.close()
    s.state(speaker, "said", "told", sentence, content=quote, quotes=(quote,), when=when, channel=s.mention(agency.id))


def warning(s: Story, main: Force) -> None:
    """An organisation warns that the violence could spread (a statement about no claim)."""
    s.paragraph()
    s.open()
    speaker = s.name(s.rng.choice(("united-nations", "ecowas", "african-union", "european-union")), start=True)
    s.write(" warned ")
    when = s.time(weekday(s))
    s.write(" that ")
    start = s.at
    s.write("the violence could spread to neighbouring ")
    s.name(s.rng.choice([n for n in s.world.states[:12] if n != s.host]))
    clause = s.since(start)
    s.write(".")
    sentence = s.close()
    s.state(speaker, "warned", "warned", sentence, content=clause, when=when)


def relayed(s: Story, main: Force) -> None:
    """A claim reported second-hand: an agency report citing a source."""
    s.paragraph()
    s.open()
    start = s.at
    s.write(f"{capital_first(main.named)} were seen in ")
    town = s.world.settlements.get(s.host)
    place = s.name(s.rng.choice(town)) if town else s.name(s.host)
    when_text = s.rng.choice(("last week", weekday(s)))
    clause = s.since(start)
    s.write(" ")
    when = s.time(when_text)
    s.write(", according to ")
    agency = s.world.gaz.entries[s.rng.choice(s.world.words["outlets"]["agencies"])]
    s.write(f"{indefinite(short_name(agency))} {short_name(agency)} report that cited ")
    source = s.anonymous(sender=main.sender)
    s.write(".")
    sentence = s.close()
    d = s.deploy(main, "alleged", clause, claimed_by=(source,), places=(place,) if place != s.host else (), when=when)
    s.state(
        source,
        "said",
        "according to",
        sentence,
        content=clause,
        about=(d,),
        stance="affirms",
        relayed_by=s.mention(agency.id),
    )
