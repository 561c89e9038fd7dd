"""Reading one article: the rules over the dependency parse, applied sentence by sentence in order.

The rules read each story sentence's parse and consult only the data files (gazetteer, speech
verbs, event triggers): no fact of any article lives here.

* **Speakers** are the subjects of reporting verbs (through "…, adding that" and "and accused"
  to the governing verb), the object of "according to", or the agent of a passive. Joint
  subjects ("X, Y and Z told AFP") give one statement each. A speaker is resolved to a gazetteer
  entry (capitals and states as speakers stand for their government), a named person (a surname
  alone finds the full name met earlier), an anonymous source ("a Malian army officer who
  requested anonymity"; "the officer" finds the last one with that role noun), or a group of
  states ("15 Western countries"); "he"/"she" is the last person or source quoted.
* **Non-statements**: "declined to comment", "did not respond to a request", "are said to".
* **Quotes**: quoted text belongs to the statement whose verb governs it; a quote with no
  reporting verb continues the last speaker.
* **Events**: coups (a singular coup noun or a verb of ousting/seizing power), deployments (a
  force and a deployment word in one sentence: one claim per sentence, claimed by the sentence's
  speakers), troop changes and base handovers.

Each kind of fact has its own module: :mod:`kg.extract.actors` (actors and coreference),
:mod:`kg.extract.statements`, :mod:`kg.extract.coups`, :mod:`kg.extract.deployments` (and troop
changes, base handovers) and :mod:`kg.extract.events` (conflicts, elections).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from kg.extract.actors import _Context, _ent_at, _entry, _is_brand, _longer_name, _resolve
from kg.extract.coups import _CoupMention, _coups, _merge_coups, _place_state
from kg.extract.dates import TimeValue, find_times
from kg.extract.deployments import (
    _date_handovers,
    _deployments,
    _disputed,
    _handovers,
    _troop_changes,
    _withdrawal_claims,
)
from kg.extract.events import _conflicts, _disrupted, _elections
from kg.extract.facts import (
    BaseHandover,
    Conflict,
    Deployment,
    Election,
    Reading,
    Statement,
    TextSpan,
    TroopChange,
)
from kg.extract.gazetteer import fold, gazetteer
from kg.extract.lexicon import lexicon
from kg.extract.places import dateline_state
from kg.extract.quantities import find_quantities
from kg.extract.statements import _statements


def _states_in(ent: Any, entry: Any) -> set[str]:
    """The states an entity span names, by name or demonym: "Turkey", "Turkish troops", "the Rwanda Defence Force".

    A name that carries no state's name ("the Republican Guard") names none, whichever state the
    gazetteer ties it to.
    """
    if _is_brand(ent):
        return set()
    if entry is not None and entry.type == "state":
        return {entry.id}
    gaz = gazetteer()
    found = {s.id for t in ent if (s := gaz.demonym(t.text)) is not None}
    found |= {s.id for t in ent if (s := gaz.lookup(t.text)) is not None and s.type == "state"}
    return found


def _plural_subject(doc: Any, ctx: _Context, lex: Any) -> str | None:
    """The plural actor a sentence's main clause is about ("A group of officers appeared on television"),
    for a "they" that follows; a sentence whose main subject is not such a group leaves it unset.

    Reads: "A group of officers appeared on television. They said …" (they: the officers). Not:
    "The army said the rebels had fled. They added …" (the rebels are no main subject).
    """
    for token in doc:
        if token.dep_ != "nsubj" or token.head.dep_ != "ROOT":
            continue
        head = token
        if token.lemma_.lower() in ("group", "team", "band", "number") and token.pos_ == "NOUN":
            of = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            head = of[0] if of else token
        if head.tag_ == "NNS" and (head.lower_ in lex.role_nouns or head.lower_ in lex.force_roles):
            return _resolve(head, ctx, lex, as_speaker=True)
    return None


def _role_subject(doc: Any, ctx: _Context, lex: Any) -> str | None:
    """The person a main clause is about when a role or a name names them ("The minister spoke on Friday"),
    for a "he" or "she" that follows.

    Reads: "The minister arrived on Friday. “We will not give up,” he said." (he: the minister). Not:
    "The minister's car arrived." (the car is the subject).
    """
    for token in doc:
        if token.dep_ != "nsubj" or token.head.dep_ != "ROOT":
            continue
        # "Colonel Lenart would not speculate. “We watch what they do,” he said": a person by name, too
        if (token.tag_ == "NN" and token.lower_ in lex.role_nouns) or token.ent_type_ == "PERSON":
            return _resolve(token, ctx, lex, as_speaker=True)
    return None


#: Entries whose mention counts as a mention of their state: a capital, a government, an army, a
#: head of state ("President Patrice Talon" tells which country a story is about).
_COUNTRY_TIES = frozenset({"settlement", "government", "armed_force", "person"})


def _restate(deployments: list[Deployment], claim: Deployment, lede: int | None) -> int:
    """Add a deployment claim, or fold it into the same claim the lede made; its index.

    ``lede`` is the number of claims the article's first sentence made (None while reading it). A lede
    that restates the body ("Ruritania will send a thousand troops to Freedonia" … "the
    deployment of a 1,000-person contingent to Freedonia's north", said the ministry) is one claim:
    the same force in the same host, with the same status and claimants, and no size or date that
    tells them apart (a different size or date is another claim: "had 5,100 troops … now has 2,400").
    Only a claim someone makes: facts the narrator states in two sentences each add something ("French
    forces have been active in Ruritania since 2013" after "France has 2,400 troops in Ruritania").
    Only the lede's: a speaker who says it again in the body adds to it ("have arrived in the north",
    then "insisted that only advisers had been deployed").
    """
    for n, earlier in enumerate(deployments[: lede or 0]):
        if (
            claim.claimed_by
            and earlier.force == claim.force
            and earlier.host == claim.host
            and earlier.status == claim.status
            and earlier.claimed_by == claim.claimed_by
            and _agree(earlier.size, claim.size, lambda q: (q.min, q.max))
            and _agree(earlier.date, claim.date, lambda t: t.value)
        ):
            deployments[n] = replace(
                earlier,
                size=earlier.size or claim.size,
                date=earlier.date or claim.date,
                places=tuple(dict.fromkeys((*earlier.places, *claim.places))),
                more=(*earlier.more, claim.span),
            )
            return n
    deployments.append(claim)
    return len(deployments) - 1


def _continues(said: list[tuple[Statement, Any]], statements: list[Statement], gap: str) -> bool:
    """Whether a sentence of bare quotation goes on with the statement of the sentence before it, in the
    same paragraph and by the same speaker: "“It has failed,” the minister said. “The situation is under
    control.”" is one statement; a quotation in a paragraph of its own is a statement of its own."""
    if len(said) != 1 or said[0][1] is not None or said[0][0].verb or "\n" in gap or not statements:
        return False
    if not _ENDS_QUOTED.search(said[0][0].span.text):
        return False  # "“…,” he said." whose verb the parser missed: its own statement
    return statements[-1].speaker == said[0][0].speaker


#: A sentence that ends with its quotation.
_ENDS_QUOTED = re.compile(r"[”\"]\W*$")


def _continued(statement: Statement, more: Statement) -> Statement:
    """``statement`` with the quotation, and the claims, of the sentence that goes on with it."""
    return replace(
        statement,
        quotes=(*statement.quotes, *more.quotes),
        about=tuple(dict.fromkeys((*statement.about, *more.about))),
        stance=statement.stance or more.stance,
    )


def _agree(a: Any, b: Any, key: Any) -> bool:
    """Whether two optional values do not tell two claims apart (one is missing, or both are the same)."""
    return a is None or b is None or key(a) == key(b)


def _shortened_state(entry: Any) -> bool:
    """Whether a capital's name is the start of its state's longer name ("São Tomé" of "São Tomé and
    Príncipe"), so that news names the state by it."""
    state = gazetteer().state_of_capital(entry)
    return state is not None and fold(state.label).startswith(fold(entry.label) + " ")


def _subject_state(doc: Any) -> str | None:
    """The state a sentence's main subject names ("Ethiopia has the most to lose"), else the last state that is
    the subject of one of its clauses ("The spat comes as Denmark stretches a small military thin"), if any."""
    found = None
    for token in doc:
        if token.dep_ == "nsubj":
            entry = _entry(_ent_at(token))
            state = entry.id if entry is not None and entry.type == "state" else None
            if token.head.dep_ == "ROOT" and state is not None:
                return state
            found = state or found
    return found


def _last_state(doc: Any) -> str | None:
    """The last state a sentence names, by name or demonym ("Fiji's soldiers have not always kept the
    peace at home": Fiji), or the state of its subject when it speaks of home."""
    found = None
    # "Ghanaian soldiers have served in southern Lebanon, a record that sits alongside a different history at
    # home": "at home" is the home of the sentence's subject
    at_home = any(t.lower_ == "home" and t.head.lower_ == "at" for t in doc)
    subject = {w.i for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" for w in t.subtree}
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP"):
            continue
        entry = _entry(ent)
        states = _states_in(ent, entry)
        if not states and ent.root.head.lower_ == "in":
            # "Confrontation ended only after upheaval in Jakarta", "still runs a base in Pokhara": where it happened
            town = _place_state(ent)
            states = {town} if town else set()
        if len(states) == 1:
            found = next(iter(states))
            if at_home and ent.root.i in subject:
                return found
    return found


def _sending_states(deployments: Sequence[Deployment]) -> frozenset[str]:
    """The states a story's forces come from at least as often as they go to them."""
    abroad = [d for d in deployments if d.sending_state and d.host and d.host != d.sending_state]
    sends = Counter(d.sending_state for d in abroad)
    hosts = Counter(d.host for d in abroad)
    return frozenset(s for s in sends if s is not None and sends[s] >= hosts[s])


def _home(ctx: _Context, deployments: Sequence[Deployment], senders: frozenset[str]) -> tuple[str | None, bool]:
    """Where a story's events happen when a sentence names no state: the state it is most about, unless
    that state sends forces abroad in it at least as often as it hosts them.

    An article about French troops leaving Ivory Coast names France most, but the coup it recalls
    ("when soldiers ousted the president in 1999") is Ivory Coast's: then the state the dateline places
    the reporter in. A sender the dateline places the reporter in ("ANKARA —", of Turkish troops in Iraq
    recalling a coup attempt) stays home. With no dateline to tell, the story has two theatres and the
    home is not settled (the second value, ``_Context.home_settled``): each coup goes to the one state
    the headline names by name ("Maldives sees off the last Indian military crews") if it sends no force, else
    to the state
    the sentences before it named last ("Fiji's soldiers have not always kept the peace at home. In May
    1987 …"), and the home, the most named host of the forces (else the most named state that is no such
    sender), is the fallback.

    Args:
        ctx: the story read so far.
        deployments: its deployment claims.
        senders: the states its forces come from (``_sending_states``).

    Returns:
        The home, and whether it is settled.
    """
    hosts = Counter(d.host for d in deployments if d.sending_state and d.host and d.host != d.sending_state)
    main = ctx.main_country()
    if main is not None and ctx.dateline is not None and main not in senders and ctx.dateline in senders:
        # "ACCRA — A Ghanaian battalion left for Lebanon …": a story told from the state that sends the force
        # as much as from where the force goes; two theatres
        return main, False
    if main is None or main not in senders or main == ctx.dateline:
        return main, True
    if ctx.dateline is not None and ctx.dateline not in senders:
        return ctx.dateline, True
    others = [s for s in ctx.state_mentions if s not in senders]
    pool = [s for s in others if hosts[s]] or others
    return (max(pool, key=lambda s: ctx.state_mentions[s]) if pool else main), False


def read(
    sentences: Sequence[tuple[int, str]],
    docs: Sequence[Any],
    article_text: str,
    anchor: date | None,
    *,
    title: Any = None,
) -> Reading:
    """Read an article's story sentences.

    Args:
        sentences: ``(start offset, text)`` of each story sentence, in order.
        docs: the spaCy doc of each sentence.
        article_text: the whole article text (for spans).
        anchor: the publication date, against which relative dates resolve.
        title: the spaCy doc of the headline, if any: it only tells which state the article is
            about (a headline yields no facts of its own).

    Returns:
        The actors, statements and events, deterministic for a given input.
    """
    ctx = _Context(article_text=article_text, anchor=anchor)
    if title is not None:  # "Maldives sees off the last Indian military crews": the one state named by name
        named = {
            e.id: ent.root.dep_ in ("compound", "amod", "nmod")
            for ent in title.ents
            if ent.label_ == "GPE" and (e := _entry(ent)) and e.type == "state"
        }
        # "Mexico lets in US special forces trainers": a state that only says whose the forces are is not the one
        heads = [state for state, modifier in named.items() if not modifier]
        ctx.title_state = next(iter(named)) if len(named) == 1 else heads[0] if len(heads) == 1 else None
    if sentences:  # "BANJUL —": the dateline before the first story sentence, on its line
        first = sentences[0][0]
        ctx.dateline = dateline_state(article_text[article_text.rfind("\n", 0, first) + 1 : first])
    lex = lexicon()
    for doc in (title, *docs) if title is not None else docs:  # first pass: which state the article is about
        for ent in doc.ents:
            entry = _entry(ent)
            if _longer_name(ent, entry) is not None:
                continue  # "Mocímboa da Praia" is not Praia
            ctx.states_named.update(_states_in(ent, entry))
            if _is_brand(ent) or ent.label_ == "NORP":
                continue  # "France 24" is a channel; "Turkish troops" say who sends, not where
            if entry is not None and entry.type == "state":
                # a state named counts more than its people, towns or army; as a modifier ("US citizens",
                # "the US embassy") it says whose they are, as a demonym would; the state a country won its
                # independence from is the story's past, not its subject
                ctx.state_mentions[entry.id] += (
                    0 if _independence_from(ent) else 1 if ent.root.dep_ in ("compound", "amod") else 3
                )
            elif entry is not None and entry.country and entry.type in _COUNTRY_TIES:
                # "São Tomé" names the capital and, as news shortens it, the state of São Tomé and Príncipe
                ctx.state_mentions[entry.country] += 3 if _shortened_state(entry) else 1
    statements: list[Statement] = []
    coups: list[_CoupMention] = []
    deployments: list[Deployment] = []
    changes: list[TroopChange] = []
    handovers: list[BaseHandover] = []
    conflicts: list[Conflict] = []
    elections: list[Election] = []
    lede: int | None = None  # how many deployment claims the first sentence made
    said_before, last_end = False, 0  # whether the sentence before made a statement, and where it ended
    story_time: TimeValue | None = None  # the time the sentences so far told last
    told_times: list[tuple[TextSpan, list[TimeValue]]] = []  # each sentence with its times
    paragraph = told_paragraph = 0  # the paragraph of the sentence, and that of the last to tell a time
    for (start, text), doc in zip(sentences, docs, strict=True):
        span = TextSpan(start, start + len(text), text)
        paragraph += "\n" in article_text[last_end:start]
        times = find_times(text, anchor, offset=start, before=story_time) if anchor else []
        story_time = times[-1] if times else story_time
        told_times.append((span, times))
        quantities = find_quantities(text, offset=start)
        said = _statements(doc, span, times, ctx, lex)
        ctx.last_group = _plural_subject(doc, ctx, lex) or (None if said else ctx.last_group)
        if not said and (role := _role_subject(doc, ctx, lex)) is not None:
            # "A senior official, who spoke on condition of anonymity, was blunter. “…,” he said": the one the
            # story turned to, not the one who spoke before
            ctx.last_person = ctx.last_speaker = role
        for ent in doc.ents:
            entry = _entry(ent)
            if entry is not None and entry.type == "pmc":
                ctx.last_pmc = entry.id
            elif entry is not None and entry.type == "organisation":
                ctx.last_body = entry.id
            elif ent.label_ == "PERSON" and not said:  # "he" in a later sentence: the last person named
                _resolve(ent.root, ctx, lex, as_speaker=False)
        claims = _deployments(doc, span, quantities, times, said, ctx, lex)
        sentence_changes = _troop_changes(doc, span, quantities, times, ctx, lex)
        claims += _withdrawal_claims(doc, sentence_changes, claims, said, ctx, lex)
        kept = [_restate(deployments, d, lede) for d, _ in claims]
        lede = len(deployments) if lede is None else lede
        continuing = said_before and _continues(said, statements, article_text[last_end:start])
        for n, (statement, _verb) in enumerate(said):
            about = tuple(dict.fromkeys(kept[i] for i, (_, by) in enumerate(claims) if n in by))
            denied = tuple(i for i in about if deployments[i].status == "denied")
            if denied:  # one stance per statement: a denial is about what it denies
                statement = replace(statement, about=denied, stance="denies")
            elif about:
                undecided = all(not deployments[i].claimed_by for i in about)
                statement = replace(statement, about=about, stance=None if undecided else "affirms")
            if continuing:
                statements[-1] = _continued(statements[-1], statement)
            else:
                statements.append(statement)
        said_before, last_end = bool(said), start + len(text)
        told = _coups(doc, span, times, ctx, lex)
        coups.extend(told)
        ctx.coup_before = any(not m.leader_only for m in told)
        ctx.last_state = _last_state(doc) or ctx.last_state
        ctx.subject_state = _subject_state(doc)
        # the times of the last sentence before that told any, in its paragraph or the next ("… on Jan. 5, 2022.
        # ¶ At least 238 people were killed. The authorities called the violence an attempted coup")
        if times:
            ctx.told_before, told_paragraph = times, paragraph
        elif paragraph - told_paragraph > 1:
            ctx.told_before = []
        changes.extend(change for change, _ in sentence_changes)
        handovers.extend(_handovers(doc, span, quantities, times, ctx, lex))
        conflicts.extend(_conflicts(doc, span, times, ctx, lex))
        for n, election in _elections(said, doc, span, ctx, lex):
            at = len(statements) - 1 if continuing else len(statements) - len(said) + n
            statements[at] = replace(statements[at], pledges=(*statements[at].pledges, len(elections)))
            elections.append(election)
    senders = _sending_states(deployments)
    ctx.home, ctx.home_settled = _home(ctx, deployments, senders)
    main = ctx.main_country()
    ctx.abroad = frozenset(d.host for d in deployments if d.host and d.sending_state == main) if main else frozenset()
    if ctx.title_state in senders:
        ctx.title_state = None  # "Russia thins out at Hmeimim": a headline's sender tells where no coup was
    merged = _merge_coups(coups, ctx, lede=sentences[0][0] if sentences else None, sentence_times=told_times)
    return Reading(
        actors=tuple(sorted(ctx.actors.values(), key=lambda a: a.key)),
        statements=tuple(statements),
        coups=merged,
        deployments=tuple(_disputed(deployments)),
        troop_changes=tuple(changes),
        handovers=tuple(_date_handovers(handovers, changes)),
        conflicts=tuple(conflicts),
        elections=tuple(_disrupted(elections, coups, ctx)),
    )


def _independence_from(ent: Any) -> bool:
    """Whether a state is named as the one a country won its independence from ("since independence from
    Portugal in 1975")."""
    head = ent.root.head
    return bool(head.lower_ == "from" and head.head.lower_ == "independence")
