"""Actors and coreference: who a noun phrase is (gazetteer entry, named person, anonymous source, group).

The article-level memory the rules share (:class:`_Context`) lives here too: the actors met so
far, the last speaker, person and private military company, and the states the article mentions.
Names with a leading underscore are shared only within :mod:`kg.extract`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kg.extract.dates import TimeValue
from kg.extract.facts import Actor, Mention, TextSpan
from kg.extract.gazetteer import Entry, fold, gazetteer
from kg.extract.lexicon import Lexicon, lexicon

QUOTE = re.compile(r"“([^”]{2,})”|\"([^\"]{2,})\"")


@dataclass
class _Context:
    """What the rules remember while reading an article in order."""

    article_text: str
    anchor: date | None
    actors: dict[str, Actor] = field(default_factory=dict)
    last_speaker: str | None = None
    last_person: str | None = None
    last_pmc: str | None = None
    last_group: str | None = None  # the last plural actor a main clause was about ("officers appeared …")
    last_host: str | None = None  # the state the latest deployment named was in: the story's theatre
    last_there: str | None = None  # the state the latest deployment named, whatever its status: what "there" is
    last_force: str | None = None  # the latest force named abroad ("the contingent" points back to it)
    force_by_noun: dict[str, str] = field(default_factory=dict)  # "instructors" → the latest force so named abroad
    last_body: str | None = None  # the last organisation named ("the bloc" points back to it)
    told_before: list[TimeValue] = field(
        default_factory=list
    )  # the last times told, in this paragraph or the one before
    subject_state: str | None = None  # the state the sentence before was about, as its subject ("its army")
    coupless: set[str] = field(default_factory=set)  # the states the story says never had a coup
    coup_before: bool = False  # whether the sentence before told a coup: "A second attempt in 1990 also failed"
    state_mentions: Counter[str] = field(default_factory=Counter)
    states_named: set[str] = field(default_factory=set)  # every state the article names, demonyms included
    titles: dict[str, set[str]] = field(default_factory=dict)  # person key → titles met with the name
    dateline: str | None = None  # the state the story's dateline names or places its town in
    home: str | None = None  # where the story's events are when a sentence names no state; set after reading
    home_settled: bool = True  # whether the home is the state the story is most about, which sends no forces abroad
    title_state: str | None = None  # the one state the headline names by its name, if it names one
    abroad: frozenset[str] = frozenset()  # where the forces of the state the story is most about are; set after reading
    last_state: str | None = None  # the last state the sentences so far named, by name or demonym
    seized: dict[str, str | None] = field(default_factory=dict)  # person key → the state their coup took
    deposed: dict[str, str | None] = field(default_factory=dict)  # ruler key → the state a coup told ousted them in
    # a person's surname (folded) → the state whose title the text gave them ("Iraq's ruler, Abd al-Karim Qasim")
    person_states: dict[str, str] = field(default_factory=dict)

    def titled(self, key: str, words: Iterable[str]) -> None:
        """Remember the titles a person was named with ("President Emmanuel Macron")."""
        known = {t.lower().rstrip(".") for t in lexicon().titles}
        found = {w.lower().rstrip(".") for w in words} & known
        if found:
            self.titles.setdefault(key, set()).update(found)

    def add(self, actor: Actor) -> str:
        known = self.actors.get(actor.key)
        if known is None:
            self.actors[actor.key] = actor
        if actor.cls == "Organisation" and actor.label[:1].isupper():  # named, not "local media"
            self.last_body = actor.key
        return actor.key

    def main_country(self, *, besides: str | None = None, among: Collection[str] | None = None) -> str | None:
        """The state the article is most about: most mentioned, the first mentioned on a tie.

        Args:
            besides: a state to leave out (the sending state, when the host is sought).
            among: the states to choose from (the kingdoms, for "the kingdom"); any when None.
        """
        counts = {k: v for k, v in self.state_mentions.items() if k != besides and (among is None or k in among)}
        if not counts:
            return None
        best = max(counts.values())
        return next(k for k, v in counts.items() if v == best)


# -- actors --------------------------------------------------------------------------------------


def find_mentions(
    sentences: Sequence[tuple[int, str]], docs: Sequence[Any], actors: Iterable[Actor]
) -> tuple[Mention, ...]:
    """Where the story names each of its actors: the entity spans of its sentences that stand for one.

    A span the EntityRuler matched to a gazetteer entry names that entry's actor (a name, an alias,
    a demonym), unless it is part of a longer name or of a brand ("Lower Juba", "France 24"), as the
    rules read them. A person's name the gazetteer lacks names the article's own person of that
    name, or of whom it is the end ("Goita" after "Assimi Goita"), when only one person so ends.

    Args:
        sentences: ``(start offset, text)`` of each story sentence, in order.
        docs: the spaCy doc of each sentence.
        actors: the actors read from the article: only spans naming one of them count.

    Returns:
        The mentions, in the order of the text.
    """
    actors = list(actors)
    known = {a.key for a in actors}
    local = {fold(a.label): a.key for a in actors if a.local}
    people = [(fold(a.label).split(), a.key) for a in actors if a.local and a.cls == "Person"]
    found: list[Mention] = []
    for (start, _text), doc in zip(sentences, docs, strict=True):
        for ent in doc.ents:
            entry = _entry(ent)
            words = fold(ent.text).split()
            key: str | None = None
            if entry is not None:
                if entry.id in known and _longer_name(ent, entry) is None and not _is_brand(ent):
                    key = entry.id
            elif " ".join(words) in local:
                key = local[" ".join(words)]
            elif words and ent.label_ in ("PERSON", "ORG"):  # the tagger often takes a lone surname for a body
                named = [k for name, k in people if len(name) > len(words) and name[-len(words) :] == words]
                key = named[0] if len(named) == 1 else None
            if key is not None:
                found.append(Mention(key, TextSpan(start + ent.start_char, start + ent.end_char, ent.text)))
    return tuple(found)


def _entry_actor(entry: Entry) -> Actor:
    return Actor(key=entry.id, label=entry.label, cls=entry.cls, country=entry.country)


def _state_of(ent: Any) -> str | None:
    """The state an entity span names by name (not by a demonym: "Malian" is a people), or None."""
    entry = _entry(ent)
    return entry.id if entry is not None and entry.type == "state" and ent.label_ != "NORP" else None


def _entry(ent: Any) -> Entry | None:
    """The gazetteer entry an entity span was matched to by the EntityRuler, if any.

    A person's name matched as the end of a longer name is someone else's: "Francisco Macias Nguema"
    is not the "Nguema" of the gazetteer's Brice Oligui Nguema.
    """
    if ent is None or not ent.ent_id_:
        return None
    entry = gazetteer().get(ent.ent_id_)
    if entry is not None and entry.type == "person" and ent.start > 0 and ent.doc[ent.start - 1].ent_type_ == "PERSON":
        return None
    return entry


def _longer_name(ent: Any, entry: Entry | None) -> str | None:
    """The longer name a gazetteer place was matched inside, if any: "Lower Juba" around "Juba".

    A capitalised proper noun just before the match that modifies it makes the match a part of
    another place's name; states are exempt ("Northern Mali" is Mali).
    """
    if entry is None or entry.type == "state" or not entry.is_place or ent.start == 0:
        return None
    before = ent.doc[ent.start - 1]
    if before.is_title and before.pos_ == "PROPN" and ent.start <= before.head.i < ent.end:
        return str(ent.doc[ent.start - 1 : ent.end].text)
    if before.lower_ in _NAME_PARTICLES and ent.start >= 2 and ent.doc[ent.start - 2].is_title:
        return str(ent.doc[ent.start - 2 : ent.end].text)  # "Mocímboa da Praia" is not Praia
    return None


#: Lower-case particles inside place names of Romance and Arabic origin ("Mocímboa da Praia",
#: "Ciudad del Este", "Dar es Salaam"): a gazetteer place right after one is the end of a longer name.
_NAME_PARTICLES = frozenset({"da", "de", "del", "della", "di", "do", "dos", "das", "du", "es", "el"})


def _is_brand(ent: Any) -> bool:
    """A place name that is part of a brand's name ("France 24", "Channel 4"): a source, not a place.

    Reads: "a report by France 24" as no mention of France. Not: "France sent 500 troops."
    """
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.like_num and after.is_title is False and not after.text.startswith(("19", "20"))


def _register(ctx: _Context, *keys: str | None) -> None:
    """Record the gazetteer entries among ``keys`` as actors the article mentions."""
    for key in keys:
        entry = gazetteer().get(key)
        if entry is not None:
            ctx.add(_entry_actor(entry))


def _ent_at(token: Any) -> Any:
    doc = token.doc
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _first_conjunct(token: Any) -> Any:
    """The first of a list a token is in ("Chad" in "Mali, Niger and Chad": "Mali"); the token itself otherwise."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _np_tokens(head: Any) -> list[Any]:
    """The noun phrase of ``head`` without relative clauses, appositions, conjuncts and punctuation."""
    skip = {"relcl", "appos", "conj", "cc", "punct", "acl", "advcl", "prep"}
    tokens = [head]
    for child in head.children:
        if child.dep_ in skip and not (child.dep_ == "prep" and child.i < head.i):
            continue
        tokens.extend(child.subtree)
    # keep "X of Y" ("one of the Malian army officers") and "in Bamako" only for descriptions
    return sorted(tokens, key=lambda t: t.i)


def _text(tokens: Iterable[Any]) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return ""
    doc = tokens[0].doc
    return str(doc[tokens[0].i : tokens[-1].i + 1].text).strip(" ,–—-")


def _label(tokens: list[Any]) -> str:
    while tokens and tokens[0].lower_ in lexicon().determiners:
        tokens = tokens[1:]
    return _text(tokens)


def _resolve(head: Any, ctx: _Context, lex: Lexicon, *, as_speaker: bool) -> str | None:
    """The actor a noun phrase headed by ``head`` refers to (registered in ``ctx``), or None."""
    gaz = gazetteer()
    lower = head.lower_
    if head.pos_ == "PRON" or lower in lex.pronouns:
        kind = lex.pronouns.get(lower)
        if kind == "person":  # "he", "she": the last person who spoke, else the last person named
            last = ctx.actors.get(ctx.last_speaker or "")
            if last is not None and last.cls in ("Person", "AnonymousSource"):
                return last.key
            return ctx.last_person
        if kind == "group" and ctx.last_group:  # "they" after "a group of officers appeared …"
            return ctx.last_group
        if kind == "group" and ctx.last_speaker:
            return ctx.last_speaker
        last = ctx.actors.get(ctx.last_speaker or "")
        if kind == "thing" and as_speaker and last is not None and last.cls not in ("Person", "AnonymousSource"):
            return last.key  # "The African Union has denounced the coup … It implored the army …"
        return None
    ent = _ent_at(head)
    if ent is None and head.is_title and not any(c.dep_ in ("det", "compound", "amod") for c in head.children):
        # "Hidayanto said": the surname of a person the story has named, whatever the tagger made of it
        named = _met_before(head.text, ctx)
        if named is not None:
            ctx.last_person = named
            return named
    np = _np_tokens(head)
    np_ents = [e for e in head.doc.ents if any(e.start <= t.i < e.end for t in np)]
    # A role noun with a name inside ("Foreign Minister Sergey Lavrov") or in apposition ("the
    # minister of defence, Jan Novak,", "Ghana's then president, Nana Akufo-Addo,") is the named person.
    if ent is None and (lower in lex.role_nouns or lower in lex.office_titles):
        persons = [e for e in np_ents if e.label_ == "PERSON"]
        # "the defence attaché in Muscat, Colonel X,": an apposition the parse may hang on the role's place
        placed = [g for p in head.children if p.dep_ == "prep" and p.lower_ in ("in", "at") for g in p.children]
        persons += [
            e
            for w in (head, *placed)
            for c in w.children
            if c.dep_ == "appos" and (e := _ent_at(c)) is not None and e.label_ == "PERSON"
        ]
        # "Andreas Silalahi, a member of the commission, who said": the name the role is in apposition to
        if head.dep_ == "appos" and (named := _ent_at(head.head)) is not None and named.label_ == "PERSON":
            persons.append(named)
        if persons:
            ent = persons[-1]
    if (
        ent is not None
        and ent.label_ == "GPE"
        and any(
            t.i < ent.start
            and t.is_title
            and t.dep_ == "compound"
            and (t.lower_ in lex.force_roles or t.lower_ in lex.body_heads)
            for t in np
        )
    ):  # "British Forces Cyprus rejected the claim": a body whose name ends in a state's
        label = _label(np)
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="Organisation"))
    if ent is not None and _is_brand(ent):  # "a report by France 24 said": the outlet speaks, not the state
        label = head.doc[ent.start : ent.end + 1].text
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="Organisation"))
    if ent is not None:
        entry = _entry(ent)
        if entry is None and ent.label_ in ("GPE", "ORG", "LOC", "FAC"):
            entry = gaz.lookup(ent.text)
        if entry is not None:
            if as_speaker:
                stand_in = gaz.metonym(ent.text)
                if stand_in is None and entry.type == "state":
                    stand_in = gaz.government_of(entry.id)
                if stand_in is not None:
                    entry = stand_in
            if entry.type == "person":
                ctx.last_person = entry.id
                ctx.titled(entry.id, [t.text for t in head.doc[max(0, ent.start - 2) : ent.start]] + ent.text.split())
            return ctx.add(_entry_actor(entry))
        if ent.label_ == "PERSON":
            start = ent.start
            while start > 0 and head.doc[start - 1].ent_type_ == "PERSON":
                start -= 1  # "Francisco Macias" + "Nguema": the tagger's two spans of one name
            name = head.doc[start : ent.end].text
            key = _person(name, ctx)
            ctx.titled(key, [t.text for t in head.doc[max(0, start - 2) : start]] + name.split())
            return key
        if ent.label_ == "ORG" and (name := _titled_name(ent, lex)) is not None:
            # "Brigadier General Rahmat Hidayanto", tagged ORG: a name after a title is a person
            key = _person(name, ctx)
            ctx.titled(key, ent.text.split())
            return key
        if ent.label_ == "ORG":
            ministry = _ministry(head, np, ctx, lex) if as_speaker else None  # "the defence ministry", tagged ORG
            if ministry is not None:
                return ministry
            return ctx.add(Actor(key=f"local:{_slug(ent.text)}", label=ent.text, cls="Organisation"))
        if ent.label_ == "NORP" and as_speaker and gaz.demonym(ent.text) is None and head.pos_ == "PROPN":
            # the model's NORP on a surname ("lawmaker Paola Viteri condemned"): the proper nouns are a name
            names = [t for t in head.subtree if t.pos_ == "PROPN" and t.i <= head.i and t.is_title]
            if len(names) >= 2 and names[-1].i - names[0].i == len(names) - 1:
                key = _person(" ".join(t.text for t in names), ctx)
                ctx.titled(key, [t.text for t in head.doc[max(0, names[0].i - 2) : names[0].i]] + [names[-1].text])
                return key
        if ent.label_ == "NORP" and as_speaker:
            return None
    ministry = _ministry(head, np, ctx, lex) if as_speaker else None
    if ministry is not None:
        return ministry
    institution = _institution(head, np, ctx, lex)
    if institution is not None:
        return institution
    titled = _titled_person(head, np, ctx, lex)
    if titled is not None:
        return titled
    if lower in lex.force_roles and any(
        c.dep_ == "poss" and (e := _ent_at(c)) is not None and e.label_ in ("PERSON", "ORG") for c in head.children
    ):  # "Haftar's forces said", "the Movement's fighters said": the armed group of a leader or a movement
        label = _label(np)
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="ArmedGroup"))
    of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if of and of[0].lower_ in lex.role_nouns and lower not in lex.role_nouns:
        return _anonymous(head, np, np_ents, ctx, lex, role_head=of[0])
    generic = lex.generic_subjects.get(_label(np).lower()) if as_speaker else None
    if generic is not None and ctx.main_country() is not None:
        entry = gaz.of_country(ctx.main_country() or "", generic)
        if entry is not None:
            return ctx.add(_entry_actor(entry))
    if lower in lex.role_nouns:
        return _anonymous(head, np, np_ents, ctx, lex)
    if lower in lex.statement_nouns or head.lemma_.lower() in lex.statement_nouns:
        authors = [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.children]
        if authors and authors[0].dep_ == "pobj":  # "the dossier by the panel said", "a statement from Kigali said"
            return _resolve(authors[0], ctx, lex, as_speaker=as_speaker)
        return ctx.last_speaker
    label = _label(np)
    if not label:
        return None
    entry = gaz.lookup(label)
    if entry is not None:
        return ctx.add(_entry_actor(entry))
    if head.lemma_.lower() in lex.body_heads or head.lower_ in lex.body_heads:
        bare = [t for t in np if t.lower_ not in lex.determiners] == [head] and np[0].lower_ == "the"
        if bare and head.tag_ == "NN" and ctx.last_body is not None:
            # "the bloc", "the alliance", "the watchdog": the organisation named last
            body = gaz.get(ctx.last_body)
            return ctx.add(_entry_actor(body)) if body is not None else ctx.last_body
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="Organisation"))  # "local media"
    if head.lemma_.lower() in lex.group_heads and head.tag_ in ("NNS", "NNPS"):
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="GroupOfStates"))
    if head.pos_ == "PROPN":
        if any(c.dep_ == "appos" and c.lemma_.lower() in lex.role_nouns for c in head.children):
            return _person(label, ctx)  # "Ousmane Diallo, special adviser to the president"
        named_after = [c for c in head.children if c.dep_ == "compound" and c.i < head.i]
        if (
            len(named_after) >= 2
            and (named_after[0].lower_ in lex.role_nouns or named_after[0].text in lex.titles)
            and all(t.pos_ == "PROPN" and t.is_title for t in named_after[1:])
        ):
            return _person(label, ctx)  # "Deputy Carmen Liriano": a title and a name the tagger left untagged
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="Organisation"))
    return None


#: Institutions a state owns, by the kind ``[generic]`` in ``speech.toml`` gives a head noun: (gazetteer type,
#: ontology class, label pattern) of the actor minted when the gazetteer has no entry for that state.
_INSTITUTIONS = {
    "government": ("government", "Government", "Government of {}"),
    "armed_force": ("armed_force", "ArmedForce", "Armed forces of {}"),
}


def _institution(head: Any, np: list[Any], ctx: _Context, lex: Lexicon) -> str | None:
    """A state's government or armed forces named by a generic head and the state: "Freedonia's government".

    The state is a possessor, a demonym or a name inside the noun phrase ("Myanmar's military-ruled
    government", "the Bolivian army", "the Ruritanian authorities", "the government of Freedonia").
    The gazetteer's entry for that state's institution when it has one, else one minted for the article.

    Reads: "Freedonia's military-ruled government denied the reports." Not: "The government denied the
    reports." (no state: the generic sieve decides).
    """
    kind = lex.generic_subjects.get(head.lemma_.lower()) or lex.generic_subjects.get(head.lower_)
    if kind not in _INSTITUTIONS:
        return None
    gaz = gazetteer()
    words = [t for t in np if t.i != head.i]
    words += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.subtree]
    state: Entry | None = None
    for token in words:
        ent = _ent_at(token)
        entry = _entry(ent) if ent is not None else None
        if entry is None:
            entry = gaz.demonym(token.text) or gaz.lookup(token.text)
        if entry is not None and entry.type == "state":
            state = entry
            break
    if state is None:
        return None
    type_, cls, label = _INSTITUTIONS[kind]
    found = gaz.of_country(state.id, type_)
    _register(ctx, state.id)
    if found is not None:
        return ctx.add(_entry_actor(found))
    return ctx.add(Actor(key=f"local:{type_}-{state.id}", label=label.format(state.label), cls=cls, country=state.id))


def _country_of_key(key: str, ctx: _Context) -> str | None:
    """The state an actor of the article is or belongs to (a gazetteer entry's, else the article's own: its
    country, or the nationality its description gives, as "Ireland's defence minister")."""
    found = gazetteer().get(key)
    if found is not None:
        return found.id if found.type == "state" else found.country
    local = ctx.actors.get(key)
    return (local.country or local.nationality) if local is not None else None


def _ministry(head: Any, np: list[Any], ctx: _Context, lex: Lexicon) -> str | None:
    """A ministry named with no gazetteer entry: "the defence ministry", "its foreign ministry".

    Its state is the one the phrase names (a possessor, a demonym, "of Spain"), the state of the actor "its"
    points back to, or the story's; the actor is the article's, labelled with the state's demonym
    ("Ethiopian foreign ministry"), of class Government.

    Reads: "its foreign ministry warned" after "Ethiopia accused …" (Ethiopia's). Not: "the Russian
    defence ministry" (the gazetteer's entry).
    """
    ent = _ent_at(head)
    if head.lower_ != "ministry" or (ent is not None and (ent.label_ != "ORG" or _entry(ent) is not None)):
        return None
    gaz = gazetteer()
    state: Entry | None = None
    of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.subtree]
    for token in [*np, *of]:  # "Spain's foreign ministry", "the foreign ministry of Spain"
        found = _entry(_ent_at(token)) or gaz.demonym(token.text)
        if found is not None and found.type == "state":
            state = found
        elif token.dep_ == "poss" and token.pos_ == "PRON" and ctx.last_speaker:
            state = gaz.get(_country_of_key(ctx.last_speaker, ctx))
    if state is None:
        state = gaz.get(ctx.main_country())
    if state is None:
        return None
    words = [t.text for t in np if t.lower_ not in lex.determiners and t.dep_ not in ("poss", "case") and t.i <= head.i]
    words = [w for w in words if gaz.demonym(w) is None and (gaz.lookup(w) is None or w[:1].islower())]
    # "Britain's Ministry of Defence": its portfolio, after "of"
    portfolio = [
        t.text
        for c in head.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and ((e := _entry(_ent_at(g))) is None or e.type != "state")
        for t in g.subtree
        if t.dep_ in ("compound", "amod", "pobj", "cc", "conj")
    ]
    name = state.demonyms[0] if state.demonyms else state.label
    label = f"{name} {' '.join(words).lower()}" + (f" of {' '.join(portfolio).lower()}" if portfolio else "")
    found = gaz.lookup(label)
    if found is not None:
        return ctx.add(_entry_actor(found))
    _register(ctx, state.id)
    return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="Government", country=state.id))


def _titled_person(head: Any, np: list[Any], ctx: _Context, lex: Lexicon) -> str | None:
    """ "the French president" after "President Emmanuel Macron": the person named with that title
    (of that nationality, when the phrase gives one), the latest such; "Freedonia's president" with
    nobody named so far is the office-holder, as an actor of the article ("President of Freedonia").
    """
    if not np:
        return None
    title = head.lower_.rstrip(".")
    if title not in {t.lower().rstrip(".") for t in lex.titles}:
        return None
    gaz = gazetteer()
    possessor = next(
        (e for t in np if t.dep_ == "poss" and (e := _entry(_ent_at(t))) is not None and e.type == "state"), None
    )
    if np[0].lower_ != "the" and possessor is None:
        return None
    nationality = possessor.id if possessor is not None else None
    nationality = nationality or next((state.id for t in np if (state := gaz.demonym(t.text)) is not None), None)
    for key in reversed(list(ctx.titles)):
        person = gaz.get(key)
        if title in ctx.titles[key] and (nationality is None or person is None or person.country == nationality):
            return key
    if nationality is not None and head.lemma_.lower() in lex.office_titles:
        # "Freedonia's president complained": the office-holder, unnamed in the text
        state = gaz.get(nationality)
        label = f"{head.text.capitalize()} of {state.label if state else nationality}"
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="Person", country=nationality))
    return None


def _titled_name(ent: Any, lex: Lexicon) -> str | None:
    """The name in an entity the tagger calls an organisation that is a person's title and name ("Brigadier
    General Rahmat Hidayanto"): titles first, then two or more capitalised names, no word of a body."""
    titles = {t.lower().rstrip(".") for t in lex.titles}
    words = list(ent)
    while words and words[0].lower_.rstrip(".") in titles:
        words = words[1:]
    if len(words) == len(ent) or len(words) < 2:
        return None
    if not all(w.pos_ == "PROPN" and w.is_title for w in words) or any(w.lower_ in lex.body_heads for w in words):
        return None
    return " ".join(w.text for w in words)


def _met_before(name: str, ctx: _Context) -> str | None:
    """The person the story has named whose name is ``name`` or ends with it (a surname alone)."""
    folded = fold(name)
    return next(
        (
            a.key
            for a in ctx.actors.values()
            if a.cls == "Person" and (fold(a.label).endswith(" " + folded) or fold(a.label) == folded)
        ),
        None,
    )


def _person(name: str, ctx: _Context) -> str:
    """A named person; a surname alone finds the full name met before."""
    titles = "|".join(re.escape(t) for t in lexicon().titles)
    name = re.sub(rf"^(?:{titles})\s+", "", name)
    entry = gazetteer().lookup(name)
    if entry is not None:
        ctx.last_person = entry.id
        return ctx.add(_entry_actor(entry))
    met = _met_before(name, ctx)
    if met is not None:
        ctx.last_person = met
        return met
    key = ctx.add(Actor(key=f"local:{_slug(name)}", label=name, cls="Person"))
    ctx.last_person = key
    return key


def _anonymous(
    head: Any, np: list[Any], np_ents: list[Any], ctx: _Context, lex: Lexicon, *, role_head: Any = None
) -> str:
    """An unnamed source described by a role noun."""
    gaz = gazetteer()
    noun = role_head if role_head is not None else head
    role = noun.lemma_.lower() if noun.lemma_ else noun.lower_
    first = np[0].lower_ if np else ""
    description = _runs(_description_tokens(head))
    definite = first in ("the", "this", "that") and not any(m in description.lower() for m in lex.anonymity_markers)
    # "one of the Malian army officers": the whole phrase names the one source
    label = head.doc[head.i : role_head.i + 1].text if role_head is not None else _label(np)
    if role_head is not None:  # "one of the Malian army officers (who spoke to AFP)": the one met before
        for actor in reversed(list(ctx.actors.values())):
            if actor.cls == "AnonymousSource" and actor.role_noun == role and actor.label == label:
                return actor.key
    if definite:
        same_role = [a for a in ctx.actors.values() if a.cls == "AnonymousSource" and a.role_noun == role]
        words = set(fold(label).split())
        for actor in reversed(same_role):
            if words <= set(fold(actor.label).split()):
                return actor.key
        if same_role:
            return same_role[-1].key
    nationality = affiliation = None
    for token in np:
        state = gaz.demonym(token.text)
        if state is not None and nationality is None:
            nationality = state.id
    for ent in np_ents:
        entry = _entry(ent)
        if entry is None:
            continue
        if entry.type == "state" and nationality is None:
            nationality = entry.id
        elif entry.type in ("armed_force", "government", "organisation", "pmc") and affiliation is None:
            affiliation = entry.id
    if affiliation is None and nationality is not None:
        words = {t.lower_ for t in np}
        if words & {"army", "military", "defence", "defense"}:
            force = gaz.of_country(nationality, "armed_force")
            affiliation = force.id if force else None
        elif words & {"government", "ministry", "presidency", "diplomat", "minister"}:
            government = gaz.government_of(nationality)
            affiliation = government.id if government else None
    key = f"local:{_slug(description)}"
    return ctx.add(
        Actor(
            key=key,
            label=label,
            cls="AnonymousSource",
            description=description,
            role_noun=role,
            affiliation=affiliation,
            nationality=nationality,
        )
    )


def _description_tokens(head: Any) -> list[Any]:
    """The words describing a source: its phrase with relative clauses, without joined sources."""
    skip = {"conj", "cc", "appos"}
    tokens = [head]
    for child in head.children:
        if child.dep_ in skip or (child.dep_ == "punct" and child.i > head.i):
            continue
        tokens.extend(child.subtree)
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens


def _runs(tokens: list[Any]) -> str:
    """The words of ``tokens`` as printed, the gaps between non-adjacent runs marked by a comma.

    "A Western security official, an African diplomat … - all of whom refused to give their names"
    describes the official as "A Western security official, all of whom refused to give their names".
    """
    runs: list[list[Any]] = []
    for token in tokens:
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    pieces = [re.split(r"\s+[–—-]\s+|\s*\(", _text(run))[0].strip(" ,–—-") for run in runs]
    return ", ".join(p for p in pieces if p)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "x"
