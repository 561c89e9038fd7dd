"""Coups: a singular coup noun or a verb of ousting or seizing power, with leaders, the ousted and date.

Mentions of one coup in an article are merged (a coup dated only by its year joins the coup of
that country dated to a month of that year).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from kg.extract.actors import (
    _Context,
    _ent_at,
    _entry,
    _first_conjunct,
    _is_brand,
    _person,
    _register,
    _resolve,
    _state_of,
)
from kg.extract.dates import _THAT, TimeValue, find_time_spans, month_number, resolve
from kg.extract.facts import (
    Coup,
    TextSpan,
)
from kg.extract.gazetteer import fold, gazetteer
from kg.extract.lexicon import Lexicon
from kg.extract.places import country_of_place
from kg.extract.statements import _nearest_time

# -- coups ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CoupMention:
    country: str | None
    date: TimeValue | None
    leaders: tuple[str, ...]
    ousted: tuple[str, ...]
    ordinal: int | None
    de_facto: bool
    leader_hedged: bool
    span: TextSpan
    leader_only: bool = False
    disrupts: bool = False
    outcome: str = "succeeded"
    certainty: str = "stated"
    nearby: str | None = None  # the last state the sentences before named, for a coup its sentence places nowhere
    named_here: str | None = None  # the last state its own sentence names, by name or by a place in it
    counted: bool = False  # whether its date is a count from another time ("nearly four years after"): approximate
    # the time its sentence tells, for a coup that points back ("The putsch collapsed the next day") to none told
    sentence_time: TimeValue | None = None
    time_first: bool = False  # whether its sentence tells that time before the coup's word
    time_before: bool = False  # whether that time is the one a sentence before told (the story's time)
    points_back: bool = False  # whether its word points back to a coup told before ("their putsch", "that takeover")
    countering: bool = False  # a bid against those a coup told just before brought to power: in that coup's state


def _coups(doc: Any, span: TextSpan, times: list[TimeValue], ctx: _Context, lex: Lexicon) -> list[_CoupMention]:
    _note_titled(doc, ctx, lex)
    triggers = []
    leader_mentions: list[Any] = []
    attempts: set[int] = set()  # triggers that name an attempt ("an attempted coup", "a coup bid")
    countering: set[int] = set()  # triggers of a bid against those a coup told before brought to power
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma in ("place", "put") and any(
            p.lower_ == "under" and any(g.lemma_.lower() == "arrest" for g in p.children) for p in token.children
        ):
            lemma = "detain"  # "the army placed President X under house arrest": a detention
        if (token.lower_ in lex.coup_nouns or lemma in lex.coup_nouns) and token.pos_ not in ("VERB", "AUX"):
            rest = doc.text[token.idx + len(token.text) :]
            if token.lower_.endswith("s") and not _YEARS_LISTED.match(rest) and not _LATEST.match(rest):
                # "recent coups": generic (the word's own ending: the tagger calls "putsch" plural); not "coups in
                # 1960, 1971 and 1980", one a year, nor "13 coups since 1932, most recently in May 2014", the last
                continue
            if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
                continue  # "has had no coup since independence"
            figurative = lex.coup_figurative_modifiers
            if any(c.dep_ in ("amod", "compound") and c.lower_ in figurative for c in token.children):
                continue  # "call his impeachment a parliamentary coup": a figure of speech
            if token.dep_ == "compound" and fold(token.head.text) in _ETAT:
                triggers.append(token)  # "coup d'état", parsed with "coup" modifying "d'état"
                if any(c.lower_ in lex.coup_attempt_words for c in token.head.children):
                    attempts.add(token.i)  # "an attempted coup d'état"
                continue
            if token.dep_ == "compound" and token.head.lemma_.lower() in lex.coup_attempt_words:
                if token.head.tag_ in ("NNS", "NNPS"):
                    continue  # "several coup attempts since independence": generic
                triggers.append(token.head)  # "the coup attempt", "a coup bid", "a coup plot"
                attempts.add(token.head.i)
                continue
            if token.head.lemma_.lower() in lex.not_event_heads and not _attempted(token.head, lex):
                continue
            if token.dep_ == "compound":
                leader_mentions.append(token.head)
                continue
            triggers.append(token)
            if any(c.lower_ in lex.coup_attempt_words for c in token.children) or _attempted(token.head, lex):
                attempts.add(token.i)
        elif lemma in lex.removal_nouns and token.pos_ == "NOUN" and _removal_by_soldiers(token, lex):
            triggers.append(token)  # "the military's removal of President X"
        elif lemma in lex.mutiny_nouns and token.pos_ == "NOUN" and _aims_at_power(token, lex):
            triggers.append(token)  # "a mutiny aimed at reinstating X as prime minister"
            attempts.add(token.i)
        elif lemma in lex.revolt_nouns and token.pos_ == "NOUN" and _led_by_soldiers(token, lex):
            triggers.append(token)  # "Colonel X led a failed revolt"
            attempts.add(token.i)
        elif ctx.coup_before and _another_attempt(token, times, span, lex):
            triggers.append(token)  # "… overthrew X. A failed attempt on January 7, 2001 was followed by …"
            attempts.add(token.i)
        elif token.lower_ == "one" and triggers and triggers[-1].pos_ == "NOUN" and _stands_for(token):
            triggers.append(token)  # "a failed attempt in 2001 was followed by a bloodier one in 2002"
            if triggers[-2].i in attempts:
                attempts.add(token.i)
        elif (
            lemma in lex.coup_verbs
            or lemma in lex.from_power_verbs
            or lemma in lex.military_removal_verbs
            or lemma in lex.to_power_verbs
            or lemma in lex.dissolving_verbs
            or lemma in lex.entering_verbs
            or lemma in lex.rising_verbs
            or lemma in lex.against_verbs
        ) and token.pos_ == "VERB":
            if _in_many(token, lex):
                continue  # "after soldiers seized power in all three countries": several coups, none told
            # "overthrown a second time": the count of times is no object
            objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_ != "time"]
            objects += _passive_subjects(token)  # "X was himself ousted"
            if token.dep_ == "relcl" and any(o.lower_ in _RELATIVES for o in objects):
                objects.append(token.head)  # "a former ruler of Sharjah who had been deposed in 1965": the ruler
            # "Bashir, a guarantor of the deal, was himself deposed": the reflexive only stresses the name
            objects = [o for o in objects if not o.lower_.endswith(("self", "selves"))] or objects
            if token.tag_ == "VBD" and token.dep_ == "amod":
                # "…, overthrew President Archbishop Makarios III": parsed as a modifier; "overthrew Abdallahi
                # hours after …": of a count of time, the name compounded on it
                named = token.head
                time = named.dep_ == "npadvmod"
                objects += [c for c in named.children if c.dep_ == "compound" and c.i > token.i] if time else [named]
            takes_power = lemma in lex.power_verbs and any(o.lemma_.lower() in lex.power_objects for o in objects)
            # "ousted the president", "forced the president from power"
            # "Khalifa seized power in 1972 … In 1995 Khalifa was overthrown": a name the story gave a coup's leader
            # "a failed attempt to overthrow Embalo": whom a bid aims at is a ruler, by name
            # "the colonels seized power in April 1967 … The king's attempt to overthrow them that December": a
            # bid against those the story just told seizing power
            counter = _attempted(token.head, lex) and ctx.coup_before and any(o.lower_ == "them" for o in objects)
            if counter:
                countering.add(token.i)
            ousts = (
                counter
                or any(
                    _a_ruler(o, lex) or _told_before(o, ctx.seized, ctx) or (_attempted(token.head, lex) and _a_name(o))
                    for o in objects
                )
            ) and (lemma in lex.ousting_verbs or (lemma in lex.from_power_verbs and _from_power(token, lex)))
            # "President X was driven from Tbilisi": a ruler by title or name, not a junta driven from a capital
            ousts = ousts or (
                lemma in lex.from_power_verbs
                and _from_capital(token)
                and any(_a_sitting_ruler(o, lex) or o.ent_type_ == "PERSON" for o in objects)
            )
            agents = _military_agents(token, lex)
            soldiers = bool(agents)
            # "the army forced President X to resign": soldiers who make a sitting ruler leave office
            ousts = ousts or (
                soldiers
                and lemma in lex.from_power_verbs
                and any(_a_sitting_ruler(o, lex) for o in objects)
                and any(c.dep_ == "xcomp" and c.lemma_.lower() in lex.resigning_verbs for c in token.children)
            )
            if soldiers and _abroad(agents, objects):
                continue  # "Soviet troops stormed the Vilnius television tower": an assault, not a coup
            # "soldiers seized an apartment complex, demanding the resignation of President X": a bid for power
            demands = (
                soldiers
                and lemma in lex.power_verbs
                and any(c.dep_ == "advcl" and _demands_departure(c, lex) for c in token.children)
            )
            # "soldiers led by a major removed President X", "mutineers tried to seize the presidential palace":
            # what only soldiers make a coup of
            # "the colonels who moved against Prime Minister X": a bid soldiers make against a ruler in office
            # "generals rose against the Second Republic": against a ruler in office, or the regime itself
            against = (
                soldiers
                and lemma in lex.against_verbs
                and any(
                    p.lower_ in ("against", "on")
                    and any(_a_sitting_ruler(g, lex) or g.lemma_.lower() in _REGIMES for g in p.children)
                    for p in token.children
                )
            )
            # "Sheikh X, a former ruler of Sharjah, stormed the ruler's palace": a man named storming a seat of power
            ousts = ousts or (
                lemma == "storm"
                and any(_a_seat(o, lex) for o in objects)
                and any(c.dep_ == "nsubj" and c.ent_type_ == "PERSON" for c in token.children)
            )
            ousts = (
                ousts
                or against
                or (
                    soldiers
                    and (
                        (
                            lemma in lex.military_removal_verbs
                            and any(_a_sitting_ruler(o, lex) or _ruler_pointed_back(o, lex) for o in objects)
                        )
                        # "Soldiers seized Zelaya at his home before dawn on June 28, 2009": the ruler the story
                        # told a coup ousting, taken by soldiers, is that coup told again
                        or (
                            lemma in (*lex.military_removal_verbs, "seize")
                            and any(_told_before(o, ctx.deposed, ctx) for o in objects)
                        )
                        or (lemma in lex.power_verbs and any(_a_seat(o, lex) for o in objects))
                        or demands
                        or (lemma in lex.to_power_verbs and _to_power(token, lex))
                        # "General X, commander of the presidential guard, overthrew Abdallahi": whom soldiers
                        # overthrow is a ruler, by name, even where the parse leaves the name unattached
                        or (lemma in lex.ousting_verbs and all(o.pos_ == "PROPN" for o in objects))
                    )
                )
            )
            # a verb of ousting reports a coup when soldiers oust, or in a story that speaks of a coup:
            # "long-time leader X was overthrown in 2011" of a story about a civil war is no coup
            # "a failed attempt to overthrow President X": a bid against a sitting ruler is a coup attempt;
            # "rebels seized the capital, overthrowing President X": so is an ouster someone is named doing
            # "the country's only attempt to overthrow an elected government": a bid against the government in
            # office (not one by the rebels of a war: see _civil)
            bid = counter or (
                _attempted(token.head, lex)
                and (
                    any(_a_sitting_ruler(o, lex) for o in objects)
                    or (
                        # "a failed attempt to overthrow Embalo": a ruler by name (one the tagger may take for a place)
                        any(o.lemma_.lower() in _REGIMES or _a_name(o) for o in objects)
                        and not _by_no_coup_means(token, lex)
                    )
                )
            )
            done = ousts and _named_doer(token, lex) and any(_a_sitting_ruler(o, lex) for o in objects)
            # "officers announced that they had dissolved the government and suspended the constitution"
            # "President X, with the armed forces behind him, dissolved both chambers of parliament": a self-coup
            dissolves = (  # not a junta's: it holds power already ("the junta dissolved the government")
                (soldiers or _backed_by_soldiers(token, lex))
                and not any(c.lemma_.lower() == "junta" for c in token.children if c.dep_ == "nsubj")
                and lemma in lex.dissolving_verbs
                and any(o.lemma_.lower() in lex.dissolved_bodies for o in objects)
            )
            # "Sergeant X led a group of soldiers into the Executive Mansion", "troops stormed into the palace"
            led = [w for o in objects for w in (o, *(g for p in o.children if p.lower_ == "of" for g in p.children))]
            # "X burst into the chamber with some 200 Civil Guards": the soldiers who go with the doer
            led += [g for p in token.children if p.lower_ == "with" for g in p.children if g.dep_ == "pobj"]
            enters = (
                lemma in lex.entering_verbs
                and (soldiers or any(_soldierly(w, lex) for w in led))
                and any(
                    _a_seat(g, lex)
                    for g in (
                        *objects,
                        # "led a group of soldiers into the Executive Mansion": "into" on the verb or its object
                        *(g for w in (token, *objects) for p in w.children if p.lower_ == "into" for g in p.children),
                    )
                )
            )
            # "X came to power with the backing of army officers", "rose to power backed by the military"
            rises = lemma in lex.rising_verbs and _to_power(token, lex) and _backed_by_soldiers(token, lex)
            # "Captain X announced that a military junta had taken over": soldiers taking over, with nothing taken
            # (not "a UN force took over from the ECOMOG troops", "a new rotation has taken over at the head of …")
            takes_over = (
                lemma == "take"
                and any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children)
                and not any(
                    c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("from", "at")) for c in token.children
                )
                and any(
                    c.dep_ == "nsubj"
                    and (
                        c.lemma_.lower() in lex.coup_agents
                        # "a military council led by his son took over"
                        or any(m.dep_ in ("amod", "compound") and m.lower_ in lex.coup_agents for m in c.children)
                    )
                    for c in token.children
                )
            )
            if enters or rises or takes_over:
                triggers.append(token)
                continue
            if (takes_power or ousts or dissolves) and (
                soldiers
                or bid
                or done
                # in a story with no word for a coup, an ouster someone is told doing ("In 1979 he overthrew his
                # uncle"), not one only suffered ("since X was overthrown in 2011") nor only planned
                or ((_COUP_WORD.search(ctx.article_text) or _active(token)) and not _civil(token, lex))
            ):
                triggers.append(token)
                if _attempted(token.head, lex) or _attempted(token, lex) or demands or against:
                    attempts.add(token.i)
    for token in doc:  # "a failed putsch in March 1988 and an attempt by Major X on October 3, 1989"
        if (
            token.dep_ == "conj"
            and token.lemma_.lower() in lex.coup_attempt_words
            and token.pos_ == "NOUN"
            and token.head.i in {t.i for t in triggers}
            and token.head.pos_ == "NOUN"
        ):
            triggers.append(token)
            attempts.add(token.i)
    for trigger in _phrase_triggers(doc, lex):
        if trigger.i not in {t.i for t in triggers}:
            triggers.append(trigger)
            if _attempted(trigger.head, lex) or any(c.lower_ in lex.coup_attempt_words for c in trigger.children):
                attempts.add(trigger.i)
    # "any attempt to seize power", "an attempt to stage a coup would fail": no event; "their attempt to
    # seize power failed" is one
    ctx.coupless |= _coupless(doc, triggers, ctx, lex)
    triggers = [t for t in triggers if not _talked_of(t, lex) and not _said_not_to_be(t) and _never(t, lex) is None]
    triggers.sort(key=lambda t: t.i)  # the phrases' ("seizure of power") in their place in the sentence
    if not triggers:
        return _coup_leaders(leader_mentions, span, ctx, lex)
    trigger = triggers[0]
    ordinal = _ordinal(trigger, lex)
    de_facto = "de facto" in doc.text.lower()
    # "the fourth coup in the region since 2019": a time after "since" bounds a count, it dates no coup
    times = [t for t in times if not _after_since(ctx.article_text, t) and not _under_since(trigger, span, t, ctx)]
    # "a putsch two days before his inauguration in 2021": a count from an event the text names dates nothing
    dating = [t for t in times if not _from_event(t, ctx.article_text)]
    # "military rule from 1968, when X overthrew Y, until 1980": the end of a span the coup opened
    own = [t for t in _own_times(trigger, dating, span, lex) if not _after_since(ctx.article_text, t, "until|till")]
    if not own and trigger.dep_ in ("relcl", "appos"):
        own = _governing_times(trigger, dating, span)
    elif not own and trigger.dep_ == "conj":
        own = _clause_times(trigger, dating, span)  # "On February 1, 2005, the king sacked X and took power"
    # "Nearly two decades later, X overthrew Y in December 2006": the date the text writes, not the count
    nearest = _nearest_time(dating, span.start + trigger.idx)
    when = next((t for t in own if _YEAR.search(t.text)), own[0]) if own else nearest
    # "… on July 25, 1934, Austrian Nazis stormed the Chancellery. The July Putsch failed": a coup its name's month
    # dates, at the time of that month the story told last
    month = next((n for c in trigger.children if c.is_title and (n := month_number(c.text)) is not None), None)
    if month is not None and not own:
        told_month = [
            t for t in (*ctx.told_before, *times) if t.precision in ("day", "month") and t.earliest.month == month
        ]
        when = told_month[-1] if told_month else when
    # "In 2021, the army seized power on Feb. 1": the day the written year holds
    when = next((t for t in own if _within_year(t, when)), when) if when is not None else None
    sentence_time: TimeValue | None = None
    if not own and when is not None and _reported_apart(trigger, when, span, lex):
        when = None  # "During a visit in November 1999, Clinton said … when the junta took power"
    if not own and ctx.anchor is not None:
        for child in trigger.children:
            if re.fullmatch(r"(19|20)\d\d", child.text):
                year = resolve(child.text, ctx.anchor)
                if year is not None:
                    when = replace(year, text=child.text, start=span.start + child.idx, end=span.start + child.idx + 4)
    # the count a coup's date is read back from: "A year after the guard took power, …" runs from the coup
    # to the sentence's time, or to the day of publication
    counted_from = next((c for c in _counts(span) if _governs(c, trigger, span)), None)
    told = [t for t in times if not _COUNTED.fullmatch(t.text)]
    counted = points_back = False
    if counted_from is not None and not any(t in told for t in own):
        now = _nearest_time(told, span.start + trigger.idx) if told else None
        if now is None and ctx.anchor is not None:
            now = resolve("today", ctx.anchor)
        when = _counted_back(trigger, now, [counted_from], span)
        counted = when is not None
    elif (
        (_renames(trigger, lex) or _named_for_its_leader(trigger))
        and not own
        and (
            before := [
                t
                for t in (*ctx.told_before, *(t for t in times if _told_before_naming(t, trigger, span)))
                if not _BOUND.match(t.text)
            ]
        )
    ):
        # "… in December 2020, when rebels advanced on the capital. The government called the offensive an
        # attempted coup": the event the sentence before told, at its time ("In August 2014 soldiers seized
        # police stations …, calling it an attempted coup": or the one its own sentence told before it)
        when = before[-1]
    elif points_back := (_pointing_back(trigger) and not own):
        when, sentence_time = None, when  # "that takeover derailed a transition begun in 2019": the coup told before
    elif when is None and (before := [t for t in ctx.told_before if not _BOUND.match(t.text)]):
        # "On November 22, 1970, Portuguese troops and exiles landed in Conakry. They … failed in their aim of
        # overthrowing Sékou Touré": the time the story last told, for a coup of other people than the one told
        # before (see _merge_coups)
        sentence_time = before[-1]
    extra: list[_CoupMention] = []
    # "people in Belgrade marked the anniversary of the coup of 27 March 1941", not "fled to South Africa"
    named_here = next(
        (
            here
            for e in reversed(doc.ents)
            if e.label_ != "NORP"
            and (e.root.dep_ in ("poss", "compound") or e.root.head.lower_ == "in")
            and (here := _state_of(e) or _place_state(e))
        ),
        None,
    )
    dated = {when.value[:7]} if when is not None else set()
    apart: set[int] = set()  # the triggers of the extra coups
    for other in triggers[1:]:
        if other.dep_ == "advcl" and other.tag_ == "VBG" and not any(c.dep_ == "nsubj" for c in other.children):
            continue  # "seized power in December 2006, ousting the prime minister": the same coup
        if other.dep_ == "relcl" and other.head.pos_ == "NOUN" and other.head.i in {t.i for t in triggers}:
            continue  # "the Bolsheviks' seizure of power in November 1917, which toppled Kerensky": what it did
        # "took power in an August 2020 coup and tightened its grip with a second putsch in May 2021": a
        # second coup where a later trigger carries a date of its own (a year the text writes)
        after = [
            t
            for t in dating
            if span.start + other.idx < t.start <= span.start + other.idx + _DATE_REACH and not _BOUND.match(t.text)
        ]
        # a year as the text writes it, or any date of a coup the text numbers ("a second coup that September")
        numbered = _ordinal(other, lex)
        mine = [
            t
            for t in _own_times(other, dating, span, lex)
            or after[:1]
            or _clause_times(other, dating, span)
            or (_governing_times(other, dating, span) if other.dep_ == "relcl" else [])
            # "… in April 1967 and saw off a counter-coup that December": a month in the year just told; "ousting X,
            # who had overthrown the elected president in January": the relative clause's own coup
            if (
                numbered is not None
                or _YEAR.search(t.text)
                or _THAT.search(ctx.article_text, 0, t.start)
                or (other.dep_ == "relcl" and _in_relative(t, other, span))
            )
            and not _BOUND.match(t.text)
        ]
        back = _counted_back(
            other, when, [t for t in times if counted_from is None or t.start != counted_from.start], span
        )
        mine = mine or ([back] if back is not None else [])
        if not mine or mine[0].value[:7] in dated:
            continue
        dated.add(mine[0].value[:7])
        apart.add(other.i)
        # the people of the extra coup's own clause are its own ("Strasser toppled Momoh in 1992, and in 1997
        # soldiers led by Koroma ousted Kabbah")
        their_leaders, their_ousted = _people([other], list(other.subtree), ctx, lex)
        extra.append(
            _CoupMention(
                # "X toppled Y in 2020, a takeover he repeated in 2021": the appositive coup is in the same country
                country=None
                if other.dep_ in ("appos", "npadvmod")
                else _coup_country(doc, other, ctx, lex, people=(*their_ousted, *their_leaders)),
                date=mine[0],
                leaders=their_leaders,
                ousted=their_ousted,
                ordinal=numbered,
                de_facto=False,
                leader_hedged=False,
                span=span,
                outcome=_outcome(doc, other, attempted=other.i in attempts, lex=lex),
                certainty=_certainty(doc, other, lex),
                nearby=ctx.last_state,
                named_here=named_here,
            )
        )
    own_triggers = [t for t in triggers if t.i not in apart]
    theirs = {t.i for other in triggers if other.i in apart for t in other.subtree}
    leaders, ousted = _people(own_triggers, [t for t in doc if t.i not in theirs], ctx, lex)
    # "a failed putsch: the August 1991 attempt by Soviet hardliners to topple X": any word of the coup may place it
    country = next(
        (c for t in own_triggers if (c := _coup_country(doc, t, ctx, lex, people=(*ousted, *leaders))) is not None),
        None,
    )
    # "Soldiers seized Zelaya at his home … and flew him to Costa Rica": where the story told him ousted
    country = next((ctx.deposed[k] for k in ousted if ctx.deposed.get(k)), None) or country
    # "the failed hard-line coup in Moscow" of 1991: the state whose seat the town then was
    country = _seated_then(doc, trigger, country, when)
    extra = [e if e.country is not None else replace(e, country=country) for e in extra]
    for state, rulers in ((country, ousted), *((e.country, e.ousted) for e in extra)):
        ctx.deposed.update({ruler: state for ruler in rulers if ruler and not ctx.deposed.get(ruler)})
    for state, doers in ((country, leaders), *((e.country, e.leaders) for e in extra)):
        # a leader whose coup the sentence places nowhere yet is still one who took power
        ctx.seized.update({doer: state for doer in doers if state or doer not in ctx.seized})
    _register(ctx, country, *leaders, *ousted, *(k for e in extra for k in (e.country, *e.leaders, *e.ousted)))
    main = _CoupMention(
        country=country,
        date=when,
        leaders=leaders,
        ousted=ousted,
        ordinal=ordinal,
        de_facto=de_facto,
        leader_hedged=any(t.lower_ in lex.leader_hedges for t in doc if t.head.lower_ == "leader"),
        span=span,
        disrupts=any(t.lemma_.lower() in lex.disrupt_verbs for t in doc),
        outcome=_outcome(doc, trigger, attempted=any(t.i in attempts for t in own_triggers), lex=lex),
        certainty=_certainty(doc, trigger, lex),
        nearby=ctx.last_state,
        named_here=named_here,
        counted=counted,
        sentence_time=sentence_time,
        # (not "… sent in 2011 to help reform the army, left after that coup": a coup the word itself points back to)
        time_first=sentence_time is not None
        and sentence_time.start < span.start + trigger.idx
        and not any(
            c.dep_ in ("det", "poss") and c.lower_ in ("that", "this", "its", "their") for c in trigger.children
        ),
        time_before=sentence_time is not None and sentence_time.start < span.start,
        points_back=points_back,
        countering=any(t.i in countering for t in own_triggers),
    )
    # "tried to topple President X in August 1987, and again in December 1989": the same bid, repeated
    repeats = [replace(main, date=t) for t in _repeated(when, times, ctx.article_text) if t.value[:7] not in dated]
    return [main, *extra, *repeats]


def _another_attempt(word: Any, times: list[TimeValue], span: TextSpan, lex: Lexicon) -> bool:
    """Whether a word tells, after a sentence about a coup, of another bid with no coup word: a dated attempt
    ("A failed attempt on January 7, 2001 was followed by …"), or an officer who "tried again" (in February
    1972). Not an attempt of another kind ("an assassination attempt in 1995", "an attempt on his life")."""
    if word.lemma_.lower() not in lex.coup_attempt_words or word.tag_ in ("NNS", "NNPS"):
        return False
    if word.pos_ == "VERB":  # "X tried again and failed": the verb with no aim of its own
        return any(c.lower_ == "again" for c in word.children) and not any(
            c.dep_ in ("xcomp", "dobj", "ccomp") for c in word.children
        )
    if word.pos_ != "NOUN" or any(c.dep_ in ("compound", "acl", "relcl", "poss") for c in word.children):
        return False
    if any(t.lemma_.lower() in ("life", "assassination", "record", "murder") for t in word.subtree):
        return False
    hypothetical = any(c.lower_ in lex.hypothetical_determiners for c in word.children)
    return not hypothetical and bool(_own_times(word, times, span, lex))


def _stands_for(word: Any) -> bool:
    """ "one" standing for a noun told before in its sentence ("a far bloodier one on September 19, 2002"): with
    an article and a word or phrase of its own, not a count ("one of the officers")."""
    children = list(word.children)
    return (
        any(c.dep_ == "det" for c in children)
        and any(c.dep_ in ("amod", "prep") for c in children)
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in children)
    )


def _repeated(when: TimeValue | None, times: list[TimeValue], text: str) -> list[TimeValue]:
    """The times an event is said to have happened again after ``when`` ("in 1987 and again in 1996"), or
    listed with it ("seized power three times, in 1960, 1971 and 1980"; not "between 2019 and 2021")."""
    found: list[TimeValue] = []
    last = when
    ranged = when is not None and _RANGE.search(text, 0, when.start) is not None
    for time in sorted(times, key=lambda t: t.start):
        if last is None or time.start <= last.end:
            continue
        between = text[last.end : time.start]
        listed = not ranged and _YEAR.fullmatch(time.text.strip()) and _LISTED.fullmatch(between)
        if _AGAIN.fullmatch(between) or listed:
            found.append(time)
            last = time
    return found


#: What joins a time to the one an event happened again at: ", and again in", "and again on".
_AGAIN = re.compile(r"\s*,?\s*(?:and|or)\s+again\s*,?\s*(?:(?:in|on|during)\s+(?:the\s+)?)?", re.IGNORECASE)


#: The years a plural coup noun is told with, one coup each ("coups in 1960, 1971 and 1980", "the coups of 1966
#: and 1983").
_YEARS_LISTED = re.compile(r"\s+(?:in|of)\s+(?:19|20)\d\d(?:\s*(?:,|,?\s*and|,?\s*or)\s*(?:19|20)\d\d)+\b")

#: The last of a plural coup noun's coups, told with its time: "13 successful coups since 1932, most recently in May
#: 2014", "several coups; the latest, in August 2008, brought X to power", "four coups, the last in 2012".
_LATEST = re.compile(
    r"[^.;:]{0,60}?[,;:]\s*(?:and\s+)?(?:the\s+(?:latest|last|most\s+recent)(?:\s+one|\s+of\s+them)?|most\s+recently)"
    r"\s*,?\s*(?:in|on)\s",
    re.IGNORECASE,
)

#: The words that point to the last of several coups ("the last in 2012", "most recently in May 2014").
_LAST_WORDS = frozenset({"last", "latest", "recent", "recently"})

#: What joins the years of a list ("in 1960, 1971 and 1980"), and what makes two years a span ("between 2019 and").
_LISTED = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*", re.IGNORECASE)
_RANGE = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$", re.IGNORECASE)


#: How long before publication a sentence's time is a past the story has gone back to (two years).
_PAST_DAYS = 730

#: A time that bounds a span rather than dating an event ("governed until 2022").
_BOUND = re.compile(r"(?:until|till|through|since|by)\b", re.IGNORECASE)

#: A year as the text writes it: only such a date makes a second coup of a sentence.
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")

#: How far after a coup's word its date may be ("a second putsch in May 2021"), in characters.
_DATE_REACH = 20


def _counted_back(
    trigger: Any, when: TimeValue | None, times: list[TimeValue] | list[_Count], span: TextSpan
) -> TimeValue | None:
    """The date of a coup told as a count from the sentence's own coup: "came to power in September 2022,
    eight months after the army toppled the president" (January 2022); "two years before" counts forward.

    The count is a time the date reader found ending in "after" or "before" just ahead of the trigger.
    """
    if when is None:
        return None
    at = span.start + trigger.idx
    for time in times:
        match = _COUNTED.fullmatch(time.text)
        if match is None or not (0 <= at - time.end <= _DATE_REACH * 2 or _governs(time, trigger, span)):
            continue
        direction = "earlier" if match["direction"].lower() == "after" else "later"
        counted = resolve(f"{match['count']} {direction}", when.earliest, reference=when)
        if counted is not None:
            return replace(counted, text=time.text, start=time.start, end=time.end)
    return None


def _from_event(time: TimeValue, text: str) -> bool:
    """Whether a count of time runs from an event the text goes on to name ("two days before his
    inauguration", "a year after the election"), not from the time told before ("two days before, …")."""
    match = _COUNTED.search(time.text)  # "in eight years after the military toppled …" too
    return match is not None and match.end() == len(time.text) and bool(_EVENT_NAMED.match(text, time.end))


#: What follows a count that runs from a named event: a word other than "that" or "this", which point back.
_EVENT_NAMED = re.compile(r"[ \t]+(?!(?:that|this|then)\b)[A-Za-z]")


def _counts(span: TextSpan) -> list[_Count]:
    """The counts of time from another event in a sentence ("a year after"), resolved or not."""
    found = []
    for start, end in find_time_spans(span.text):
        text = span.text[start:end]
        if _COUNTED.fullmatch(text):
            found.append(_Count(text, span.start + start, span.start + end))
    return found


@dataclass(frozen=True)
class _Count:
    """A count of time as the text writes it ("a year after"), where it is in the article."""

    text: str
    start: int
    end: int


def _governs(time: TimeValue | _Count, trigger: Any, span: TextSpan) -> bool:
    """Whether a count's "after" or "before" heads the clause of ``trigger`` ("a year after the presidential
    guard detained the president")."""
    word = trigger.doc.char_span(time.end - span.start - len(time.text.split()[-1]), time.end - span.start)
    if word is None:
        return False
    count = word.root
    heads = {trigger.i, *(a.i for a in trigger.ancestors)}
    return count.i in heads or (count.dep_ == "mark" and count.head.i in heads)


def _pointing_back(trigger: Any) -> bool:
    """Whether a coup's noun points back to one told before ("that takeover", "this coup", "their putsch",
    "lawmakers ousted in the coup, said last week": the time of the saying is not the coup's)."""
    if trigger.pos_ != "NOUN":
        return False
    if any(c.dep_ == "det" and c.lower_ in ("that", "this") for c in trigger.children):
        return True
    # "Their putsch collapsed within three days": the coup of those the text just named (not "their 1991 putsch")
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in trigger.children) and all(
        c.dep_ in ("poss", "prep", "punct") for c in trigger.children
    ):
        return True
    # "the coup" alone, or "the coup attempt"; not "the second coup", "the failed coup", "the 2014 coup"
    return any(c.dep_ == "det" and c.lower_ == "the" for c in trigger.children) and all(
        c.dep_ in ("det", "prep", "punct") or (c.dep_ == "compound" and c.i == trigger.i - 1 and c.pos_ == "NOUN")
        for c in trigger.children
    )


def _named_for_its_leader(trigger: Any) -> bool:
    """Whether a coup's noun is its maker's, by name, with no time of its own: the bid the text told before
    ("In March 1976 General X went on television to declare himself ruler. … X's 'television coup' came to
    nothing")."""
    if trigger.pos_ != "NOUN":
        return False
    for owner in (c for c in trigger.children if c.dep_ == "poss" and c.pos_ == "PROPN"):
        entry = _entry(_ent_at(owner))
        if owner.ent_type_ == "PERSON" or (entry is None and country_of_place(owner.text) is None):
            return True  # a person's name, however the tagger labels it; not "Mali's coup"
    return False


def _renames(trigger: Any, lex: Lexicon) -> bool:
    """Whether a coup's noun names an event told before ("the government called the offensive an attempted
    coup", "later termed that assault a failed coup", "called it an attempted coup")."""
    if trigger.dep_ != "oprd" or trigger.head.lemma_.lower() not in lex.naming_verbs:
        return False
    return any(
        c.dep_ == "dobj"
        and (
            any(d.dep_ == "det" and d.lower_ in ("the", "that", "this") for d in c.children)
            or (c.pos_ == "PRON" and c.lower_ in ("it", "this", "that"))  # "called it an attempted coup"
        )
        for c in trigger.head.children
    )


def _in_relative(time: TimeValue, clause: Any, span: TextSpan) -> bool:
    """Whether a time is told in a relative clause, or right after it, where the parse may hang it on the clause
    before ("ousting X, who had overthrown the elected president, Y, in January")."""
    start: int = span.start + clause.left_edge.idx
    end: int = span.start + clause.right_edge.idx + len(clause.right_edge.text)
    return start <= time.start <= end + 2


def _told_before_naming(time: TimeValue, trigger: Any, span: TextSpan) -> bool:
    """Whether a time of a coup's own sentence tells the event the coup's noun names ("In August 2014 soldiers
    seized police stations …, calling it an attempted coup"), not when it was named ("X, speaking at a
    commemoration on Thursday, called the storming an attempted coup")."""
    if time.start >= span.start + trigger.idx:
        return False
    naming = trigger.head
    words = trigger.doc.char_span(time.start - span.start, time.end - span.start, alignment_mode="expand")
    if words is None:
        return False
    namer = {w.i for c in naming.children if c.dep_ == "nsubj" for w in c.subtree}
    return words.root.i not in namer and words.root.head.i != naming.i


#: A count of time units from another event, as the date reader finds it ("eight months after").
_COUNTED = re.compile(r"(?P<count>[\w-]+(?: \w+)+) (?P<direction>after|before)", re.IGNORECASE)


def _own_times(trigger: Any, times: list[TimeValue], span: TextSpan, lex: Lexicon) -> list[TimeValue]:
    """The times inside the phrase of a coup's word ("an August 2020 coup", "toppled him in 2011"), not in
    a clause of its own that hangs on it ("toppled Habré, and French forces helped him in 2006"). A coup's
    noun is dated by its relative clause too ("a takeover he repeated in May 2021"), unless that clause
    tells how it ended ("a takeover that collapsed in April 2006")."""
    words = _within(trigger, _OWN_CLAUSES)
    if trigger.pos_ == "NOUN":
        words += [
            w
            for c in trigger.children
            if c.dep_ == "relcl" and c.lemma_.lower() not in lex.coup_ending_verbs
            for w in _within(c, _OWN_CLAUSES)
        ]
    else:  # "Bashir, a guarantor of the 2018 peace deal, was deposed in April 2019": not the apposition's time
        aside = {w.i for c in trigger.children for a in c.children if a.dep_ == "appos" for w in a.subtree}
        # "which toppled Kerensky's government and opened the way for independence that December": the time of
        # another act of the same doer, coordinated with it
        aside |= {w.i for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB" for w in c.subtree}
        words = [w for w in words if w.i not in aside]
    return _times_in(words, times, span)


def _governing_times(trigger: Any, times: list[TimeValue], span: TextSpan) -> list[TimeValue]:
    """The times of the clause a relative clause's or an apposition's noun is in: "In July 1994 he led the
    officers who overthrew X, who had governed since 1965" (not of a clause about the ousted); "On February
    1, 2005, the king sacked the prime minister and took direct power, a takeover that …" (of the clause the
    apposition renames)."""
    governing = trigger.head
    while governing.pos_ not in ("VERB", "AUX") and governing.head.i != governing.i:
        governing = governing.head
    while (
        governing.dep_ in ("conj", "advcl", "xcomp")
        and not _subject(governing)
        and trigger.dep_ == "appos"
        and governing.head.i != governing.i
    ):
        governing = governing.head
    return _times_in(_within(governing, _OWN_CLAUSES), times, span)


def _clause_times(trigger: Any, times: list[TimeValue], span: TextSpan) -> list[TimeValue]:
    """The times of the clause a coup's verb is told in, when the verb hangs on another of the same subject:
    "in the early hours of March 31, 2021, a unit tried and failed to seize the palace" (the times of
    "tried", wherever the tagger hangs them in its clause, but not in a relative clause or a coordinated
    clause of its own); a coup's noun, by the verb it is the object of ("saw off a counter-coup that December")."""
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and trigger.head.pos_ == "VERB":
        return _times_in(_within(trigger.head, _OWN_CLAUSES), times, span)
    head = _clause_head(trigger)
    if head.i == trigger.i:
        return []
    return _times_in(_within(head, frozenset({"relcl"})), times, span)


def _clause_head(word: Any) -> Any:
    """The verb whose clause a verb completes, up the verbs joined to it or completed by it with no subject of
    their own ("a unit tried and failed to seize the palace": "tried"); the word itself otherwise."""
    while word.dep_ in ("xcomp", "conj") and word.head.pos_ in ("VERB", "AUX") and not _subject(word):
        word = word.head
    return word


def _within(word: Any, apart: frozenset[str]) -> list[Any]:
    """A word's subtree without the clauses hung on it by the dependencies ``apart`` and without the
    coordinated clauses that have a subject of their own."""
    own = [word]
    for child in word.children:
        if child.dep_ in apart or (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and _subject(child)):
            continue
        own.extend(_within(child, apart))
    return own


def _subject(verb: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _active(verb: Any) -> bool:
    """Whether a verb's doer is its subject, or that of the verb it continues ("seized power and formed a
    government", "attempted to topple him")."""
    while True:
        if any(c.dep_ == "nsubj" for c in verb.children):
            return True
        if verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
            return False
        verb = verb.head


#: The dependencies of a clause with its own event, inside another's phrase.
_OWN_CLAUSES = frozenset({"advcl", "ccomp", "relcl", "parataxis"})


def _times_in(words: list[Any], times: list[TimeValue], span: TextSpan) -> list[TimeValue]:
    """The times that begin at one of ``words``."""
    starts = {span.start + w.idx for w in words}
    return [t for t in times if any(t.start <= s < t.end for s in starts)]


def _coup_country(doc: Any, trigger: Any, ctx: _Context, lex: Lexicon, *, people: Sequence[str] = ()) -> str | None:
    """The country of a coup, most certain reading first.

    1. A state the trigger or its verb places it in ("a coup in Freedonia", "seized power in Freedonia").
    2. A state that modifies the trigger ("Freedonia's coup", "the Freedonian coup"), or the ousted
       ruler's title ("a coup against Freedonian President X").
    3. A state a relative clause of place hangs on ("neighbouring Freedonia, where the generals who
       toppled the president ...").
    4. The state of one of ``people`` (the coup's ousted, then its leaders) that the gazetteer knows and
       the sentence names (not a pronoun, which may be resolved wrongly); then that of the one who does
       what the trigger tells ("President X, who as army chief led the military's removal of …").
    5. None, for the story's home (``_Context.home``, the state the article is most about), when the
       sentence ties the coup to no state: a state named elsewhere in the sentence ("a businessman
       living in Ruritania") is not the coup's.
    6. The nearest state in the sentence, for an article about no state.

    "There" after the trigger points back to the last state named before it ("sent troops to
    Freedonia after a coup there").

    Reads: "The army foiled a coup led by a man living in Ruritania." as a coup in the article's
    country. Not as a coup in Ruritania.
    """
    gaz = gazetteer()
    anchors = {trigger.i, trigger.head.i} if trigger.pos_ == "NOUN" else {trigger.i}
    if trigger.dep_ == "relcl" and trigger.head.pos_ == "PROPN" and trigger.head.head.pos_ == "VERB":
        anchors.add(trigger.head.head.i)  # "drove Idi Amin, who had seized power in a 1971 coup, out of Kampala"
    verb = trigger  # "landed in Malé and tried to overthrow President X": the place of the clause it completes
    while verb.pos_ == "VERB" and verb.dep_ in ("xcomp", "conj") and verb.head.pos_ == "VERB" and not _subject(verb):
        verb = verb.head
        anchors.add(verb.i)
    # "seized power in Freedonia", "overthrew Caetano's dictatorship in Lisbon": the place may hang on the verb's
    # object
    anchors |= {
        c.i
        for c in trigger.children
        if c.dep_ == "dobj" and (c.lemma_.lower() in lex.power_objects or c.lemma_.lower() in _REGIMES)
    }
    # "toppled the president of Freedonia": the ousted's state
    ousted = {c.i for c in trigger.children if c.dep_ in ("dobj", "nsubjpass") and _a_ruler(c, lex)}
    # "a coup against Cypriot President Makarios", "a coup it engineered against …"
    staged = [trigger, *(c for c in trigger.children if c.dep_ == "relcl")]
    ousted |= {g.i for v in staged for c in v.children if c.lower_ == "against" for g in c.children if _a_ruler(g, lex)}
    # "backed a coup that briefly ousted Cyprus's President Makarios"
    ousted |= {
        c.i
        for v in staged[1:]
        if v.lemma_.lower() in lex.ousting_verbs
        for c in v.children
        if c.dep_ in ("dobj", "nsubjpass") and _a_ruler(c, lex)
    }
    # "overthrew his cousin, King Faisal II of Iraq": the ousted in apposition
    ousted |= {w.i for i in ousted for w in _titled(doc[i])}
    for i in ousted:  # "overthrew Ghanaian President X", "Cyprus's President X": the state of the ousted's title
        for word in _titled(doc[i]):
            state = next((gaz.demonym(c.text) for c in word.children if c.dep_ in ("amod", "compound")), None)
            state = state or next((e for c in word.children if c.dep_ == "poss" and (e := _entry(_ent_at(c)))), None)
            if state is not None and state.type == "state":
                return state.id
    # "the Red Army stormed Bukhara and overthrew Emir Alim Khan": the town the coup's verbs take (not that of a
    # clause of another doer: "…, and Baghdad recognised Kuwait in October")
    first = _first_conjunct(trigger)
    shared = [c for c in trigger.conjuncts if c.i == first.i or not _subject(c)]
    for verb in (trigger, *shared) if trigger.pos_ == "VERB" else ():
        for taken in (c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "PROPN"):
            ent = _ent_at(taken)
            if ent is None:
                continue
            # a place by its tag, or a name the tagger took for a person's that a verb of taking takes
            tagged = ent.label_ in ("GPE", "LOC") or verb.lemma_.lower() in lex.power_verbs
            if tagged and (town := _state_of(ent) or _place_state(ent) or country_of_place(ent.text)):
                return town
    if _renames(trigger, lex):
        # "In August 2014 soldiers seized police stations in Maseru …, calling it an attempted coup": where the
        # event its sentence told before it was
        for ent in doc.ents:
            placed = ent.start < trigger.i and ent.root.head.lower_ == "in" and ent.label_ in ("GPE", "LOC", "FAC")
            if placed and (town := _state_of(ent) or _place_state(ent)):
                return town
    states: list[tuple[int, str]] = []
    verbs = {trigger.i, *(c.i for c in trigger.conjuncts)} if trigger.pos_ == "VERB" else set()
    for ent in doc.ents:
        entry = _entry(ent)
        town = _place_state(ent) if entry is None or entry.type != "state" else None
        # "the failed coup in Bamako", "drove President X from N'Djamena": the state of the town it was in
        prep = ent.root.head
        prep = prep.head if prep.lower_ == "of" and prep.head.lower_ == "out" else prep  # "out of Kampala"
        if town is not None and prep.lower_ in ("in", "from", "out") and prep.head.i in anchors:
            return town
        if entry is None or entry.type != "state" or ent.label_ == "NORP" or _is_brand(ent):
            continue
        root = ent.root
        if root.head.lower_ == "in" and root.head.head.i in anchors:
            return entry.id
        place = root.head if root.dep_ in ("poss", "compound") else None  # "in Ethiopia's Amhara region"
        if place is not None and place.dep_ == "pobj" and place.head.lower_ == "in" and place.head.head.i in anchors:
            return entry.id
        if root.head.i == trigger.i and root.dep_ in ("poss", "compound", "nmod", "amod"):
            return entry.id
        if root.dep_ == "poss" and root.head.i in ousted:  # "toppled Freedonia's president"
            return entry.id
        if root.head.lower_ == "of" and root.head.head.i in ousted:
            return entry.id
        # "overthrew and killed his cousin, King Faisal II of Iraq": a ruler of the state, on the verb or the
        # verb it is joined to, however the parse hangs the title
        ruler = root.head.head
        if root.head.lower_ == "of" and ruler.head.i in verbs and _a_sitting_ruler(ruler, lex):
            return entry.id
        if root.dep_ not in ("nsubj", "nsubjpass", "dobj", "dative"):  # "France announced … after the putsch"
            states.append((abs(root.i - trigger.i), entry.id))
    for token in trigger.children:
        state = gaz.demonym(token.text)
        if state is not None:
            return state.id
    framing = {a.i for a in trigger.ancestors}
    for ent in doc.ents:  # "In Sierra Leone, ECOMOG restored President X, who had been toppled in a coup"
        entry, head = _entry(ent), ent.root.head
        fronted = head.lower_ == "in" and head.i < head.head.i and head.head.i in framing and head.i < trigger.i
        if fronted and entry is not None and entry.type == "state" and ent.label_ != "NORP":
            return entry.id
    told = _state_told_with(trigger, lex)
    if told is not None:
        return told
    colon = next((t.i for t in doc if t.text == ":" and t.i < trigger.i), None)
    for ent in doc.ents if colon is not None else ():  # "Fiji has its own record: Rabuka overthrew …"
        if ent.end <= colon and ent.root.dep_ in ("nsubj", "nsubjpass") and (subject := _state_of(ent)) is not None:
            return subject
    there = any(t.lower_ == "there" for t in (*trigger.children, *trigger.head.children))
    # "a failed attempt to overthrow President X": the attempt's noun is where the bid hangs
    bid = (
        trigger.head
        if trigger.pos_ == "VERB" and trigger.dep_ in ("acl", "xcomp") and trigger.head.pos_ == "NOUN"
        else trigger
    )
    went = bid.head.head if bid.head.dep_ == "prep" and bid.head.head.pos_ == "VERB" else None
    # "sent troops to the unstable country after an alleged coup": where the clause went (not "put him on a plane
    # to Costa Rica, in a coup": where the ousted was sent); "mercenaries flew from Swaziland to the Seychelles …
    # in a failed attempt to overthrow President X": where the doers went, when they took no one
    if went is not None and (
        bid.head.lower_ not in ("in", "during") or not any(c.dep_ == "dobj" for c in went.children)
    ):
        for prep in went.children:
            if prep.dep_ in ("prep", "dative") and prep.lower_ in ("to", "in", "into") and prep.i != bid.head.i:
                for place in prep.children:
                    named = _entry(next((e for e in doc.ents if e.start <= place.i < e.end), None))
                    if named is not None and named.type == "state":
                        return named.id
                    if place.lemma_.lower() in lex.country_nouns:
                        there = True
    before = [(trigger.i - e.root.i, s) for e in doc.ents if (s := _state_of(e)) is not None and e.root.i < trigger.i]
    if there and before:  # "sent troops to Freedonia after a coup there"
        return min(before)[1]
    for clause in (trigger, *trigger.ancestors):
        if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            place = _state_of(_ent_at(clause.head))
            if place is not None:  # "neighbouring Freedonia, where the generals who toppled the president"
                return place
    for key in people:  # "Papadopoulos was in turn ousted": the state whose power his own coup took
        name = fold(ctx.actors[key].label).split()[-1:] if key in ctx.actors else []
        for doer, seized in ctx.seized.items():
            if seized is not None and (
                doer == key or (name and doer in ctx.actors and fold(ctx.actors[doer].label).split()[-1:] == name)
            ):
                return seized
    for key in people:
        entry = gaz.get(key)
        if entry is not None and entry.type == "person" and entry.country and any(_entry(e) == entry for e in doc.ents):
            return entry.country  # "toppled President X": X's state, when the sentence names X
        if entry is not None and entry.type == "government" and any(_state_of(e) == entry.country for e in doc.ents):
            return entry.country  # "overthrew the elected government of Salvador Allende in Chile"
    # "Iraq's ruler, Abd al-Karim Qasim … Baathist officers overthrew Qasim": the state of his title; "Qasim had
    # come to power in the July 1958 revolution, in which army officers overthrew the monarchy": of the one who
    # rose or survived by it
    names = [fold(ctx.actors[key].label).split()[-1] for key in people if key in ctx.actors and ctx.actors[key].label]
    names += [
        fold(w.text)
        for a in trigger.ancestors
        if a.lemma_.lower() in lex.rising_verbs | lex.coup_survival_verbs
        for s in a.children
        if s.dep_ == "nsubj"
        for w in (s, *(c for c in s.children if c.dep_ == "appos"))  # "Iraq's ruler, Abd al-Karim Qasim, had survived"
        if w.ent_type_ == "PERSON"
    ]
    for surname in names:
        if surname in ctx.person_states and surname in fold(doc.text).split():
            return ctx.person_states[surname]
    doer = _doer(trigger)  # "President X, who as army chief led the military's removal of …": X's state
    entry = _entry(_ent_at(doer)) if doer is not None else None
    if entry is not None and entry.type == "person" and entry.country:
        return entry.country
    for who in (doer, *_doers(trigger)):
        if who is not None and who.pos_ == "PROPN" and (titled := ctx.person_states.get(fold(who.text))):
            return titled  # "Nepal's King Mahendra dismissed … and took direct power": the state of the doer's title
        if who is not None and trigger.pos_ == "VERB" and who.lemma_.lower() in lex.ruler_titles:
            # "Uruguay's president, Juan Maria Bordaberry, closed parliament with the military's support" (not "Qatar's
            # emir … telephoned Erdoğan on the night of the coup attempt": a ruler who did not do it)
            found = next((n for c in who.children if c.dep_ == "poss" and (n := _state_of(_ent_at(c)))), None)
            found = found or next((n for c in who.children if c.dep_ == "amod" and (n := _demonym_state(c))), None)
            if found is not None:
                return found
    if trigger.pos_ == "VERB":  # "Zimbabwe's own army … seized the state broadcaster", "Malian soldiers ousted …"
        for agent in _military_agents(trigger, lex):
            if agent.dep_ == "pobj" and agent.head.lower_ == "of":
                continue  # "former soldiers of the French colonial army killed President X": no longer France's
            if agent.lower_ in lex.pmc_roles:
                continue  # "the French mercenary Bob Denard … overthrew President X": hired, no state's soldier
            if any(c.lower_ in _FORMER for w in (agent, agent.head) for c in w.children):
                continue  # "the former Dutch army captain X led a bid to overthrow the government": no longer
            force = _entry(_ent_at(agent))
            if force is not None and force.type == "armed_force" and force.country:
                return force.country  # "the Myanmar army seized power": the state of the army the gazetteer knows
            for word in (agent, agent.head):
                for mod in word.children:
                    if mod.dep_ in ("poss", "compound", "amod", "nmod"):
                        found = _state_of(_ent_at(mod)) or _demonym_state(mod)
                        if found is None and mod.lower_ in ("its", "their"):
                            # "Neighbouring Mali has followed a similar path: its colonels seized power": the
                            # state named last before the pronoun
                            before = [(e.root.i, n) for e in doc.ents if (n := _state_of(e)) and e.root.i < mod.i]
                            found = max(before)[1] if before else None
                        if found is not None:
                            return found
    # "Soviet hardliners tried to topple Mikhail Gorbachev", "the August 1991 attempt by Soviet hardliners": the
    # people its doers are of, by their demonym (a people's word on a common noun, not a name's title: "the
    # French mercenary Bob Morane" is hired)
    for doer in _doers(trigger):
        if doer.pos_ == "NOUN" and doer.lower_ not in lex.pmc_roles:
            found = next((n for c in doer.children if c.dep_ == "amod" and (n := _demonym_state(c))), None)
            if found is not None:
                return found
    main = ctx.main_country()
    senders = _senders(doc, lex)
    if main is not None and main in senders:
        # "lawmakers of Honduras asked US troops to leave, a demand made since the military ousted the
        # president": a state the sentence names as the sender of a force is not where its coup happened
        # "the Soviet navy set up a repair point at Tartus, months after X seized power": a place names its state
        others = sorted(
            {n for e in doc.ents if (n := _state_of(e) or _place_state(e)) is not None and n not in senders}
        )
        if others:
            return max(others, key=lambda n: ctx.state_mentions[n])
    if main is not None:
        return None  # the story's home, known once the whole story is read (``_Context.home``)
    return min(states)[1] if states else None


def _state_told_with(trigger: Any, lex: Lexicon) -> str | None:
    """The state a coup's clause tells it of, when the clause names no place for it.

    1. The state whose record holds it ("Burundi has had several, including Pierre Buyoya's overthrow of X") or
       whose army staged it ("Thailand's military has staged 13 coups since 1932, most recently in May 2014").
    2. The state it befell ("Sierra Leone was hit by a coup in 1997").
    3. The state the clause it follows acts on ("A military junta ruled Ecuador after the 1963 coup", "ECOWAS
       suspended Guinea after the coup"), or whose own thing the clause a "when" clause of it tells of
       ("Argentina's last dictatorship began when the armed forces deposed Isabel Peron", "Soldiers in Madagascar
       backed X when he took power"); not a state that acts then ("France withdrew when the junta took power").
    """
    told = next((w for w in (trigger, *trigger.ancestors) if w.dep_ == "dobj"), None)  # what the record holds
    record = told.head if told is not None else None
    if record is not None and record.lemma_.lower() in lex.record_verbs | lex.staging_verbs:
        for subject in (c for c in record.children if c.dep_ == "nsubj"):
            force = _entry(_ent_at(subject))
            holder = _state_of(_ent_at(subject)) or (force.country if force and force.type == "armed_force" else None)
            if holder is None and _soldierly(subject, lex):
                holder = next((n for c in subject.children if c.dep_ == "poss" and (n := _state_of(_ent_at(c)))), None)
                holder = holder or next((n for c in subject.children if (n := _demonym_state(c))), None)
            if holder is not None:
                return holder
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "by" and trigger.head.dep_ == "agent":
        for word in trigger.head.head.children:
            if word.dep_ == "nsubjpass" and (befell := _state_of(_ent_at(word))) is not None:
                return befell
    frame, part = (
        (trigger.head.head, "dobj") if trigger.dep_ == "pobj" and trigger.head.lower_ in _AFTER else (None, "")
    )
    if trigger.pos_ == "VERB" and trigger.dep_ == "advcl" and any(c.lower_ == "when" for c in trigger.children):
        frame, part = trigger.head, "nsubj"
    for word in frame.children if frame is not None and frame.pos_ in ("VERB", "AUX") else ():
        if word.dep_ == part == "dobj" and (acted_on := _state_of(_ent_at(word))) is not None:
            return acted_on
        if word.dep_ == part == "nsubj":
            owner = next((n for c in word.children if c.dep_ == "poss" and (n := _state_of(_ent_at(c)))), None)
            owner = owner or next(
                (n for p in word.children if p.lower_ == "in" for g in p.children if (n := _state_of(_ent_at(g)))),
                None,
            )
            if owner is not None:
                return owner
    return None


#: The words after which a coup's clause tells what came of it ("ruled Ecuador after the 1963 coup").
_AFTER = frozenset({"after", "following"})


def _note_titled(doc: Any, ctx: _Context, lex: Lexicon) -> None:
    """Remember the state of each person the sentence names with a state's title of rule ("Iraq's ruler, Abd
    al-Karim Qasim", "Fijian Prime Minister X", "X, the Iraqi president")."""
    titles = lex.ousted_titles | lex.ruler_titles
    names = [(ent.root, ent.text) for ent in doc.ents if ent.label_ == "PERSON"]
    # "Nepal's King Mahendra": a name the tagger missed, after a title
    names += [
        (t, t.text)
        for t in doc
        if t.pos_ == "PROPN"
        and not t.ent_type_
        and any(c.dep_ == "compound" and c.i == t.i - 1 and c.lemma_.lower() in titles for c in t.children)
    ]
    for root, name in names:
        # "Ghana's Jerry Rawlings": a person a state's name owns is that state's
        owner = next((n for c in root.children if c.dep_ == "poss" and (n := _state_of(_ent_at(c)))), None)
        if owner is not None:
            ctx.person_states[fold(name).split()[-1]] = owner
            continue
        # "Fijian Prime Minister X", "King Mahendra" (the title inside the name, as the tagger may have it)
        titled = [c for c in root.children if c.dep_ == "appos" or (c.dep_ == "compound" and c.i < root.i)]
        titled += [root.head] if root.dep_ == "appos" else []
        for title in (t for t in titled if t.lemma_.lower() in titles):
            words = [c for c in title.children if c.dep_ in ("poss", "amod", "compound")]
            words += [c for c in root.children if c.dep_ == "poss"]  # "Nepal's King Mahendra", as the parse hangs it
            state = next((n for w in words if (n := _state_of(_ent_at(w)) or _demonym_state(w))), None)
            if state is not None:
                ctx.person_states[fold(name).split()[-1]] = state
                break


def _within_year(time: TimeValue, year: TimeValue) -> bool:
    """Whether a day or month falls within a time given only as a year."""
    return (
        year.precision == "year"
        and time.precision in ("day", "month")
        and year.earliest <= time.earliest <= year.latest
    )


def _doers(trigger: Any) -> list[Any]:
    """Who does what a coup's word tells: the subject of its verb, or of the verb it completes ("hardliners tried
    to topple X"), or what "by" names on its noun ("the attempt by Soviet hardliners")."""
    if trigger.pos_ == "VERB" and trigger.dep_ in ("acl", "xcomp") and trigger.head.pos_ == "NOUN":
        trigger = trigger.head  # "an attempt by Soviet hardliners to topple X": the attempt's
    if trigger.pos_ == "NOUN":
        return [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children]
    node = trigger
    while node.dep_ in ("xcomp", "conj") and not _subject(node) and node.head.i != node.i:
        node = node.head
    return [c for c in node.children if c.dep_ == "nsubj"]


def _seated_then(doc: Any, trigger: Any, country: str | None, when: TimeValue | None) -> str | None:
    """The state of the past whose seat of government a town of the coup's clause was at the coup's time, where
    the coup is placed in that town's state of today, or nowhere yet (not a town of a clause of its own: "removed
    X while he was in Moscow")."""
    if when is None:
        return country
    # "hardliners in Moscow tried and failed to topple X": the clause it completes
    node = _clause_head(trigger if trigger.pos_ != "NOUN" else trigger.head)
    clause = {w.i for w in (*_within(node, _OWN_CLAUSES), *trigger.subtree)}
    for ent in doc.ents:
        if ent.root.i not in clause:
            continue
        place = _entry(ent)
        past = gazetteer().state_seated_at(place, when.latest.year)
        if past is not None and place is not None and country in (None, place.country):
            return past.id
    return country


def _capital_then(country: str, when: TimeValue) -> str:
    """The state of the past whose seat a state's capital was at a coup's time ("On March 27, 1941, air force
    officers overthrew the regency" of a story about Serbia: Yugoslavia's), else the state itself; a state of the
    past not yet founded then is the state its seat lies in today (Belgrade in 1903: Serbia's, not Yugoslavia's)."""
    gaz = gazetteer()
    state = gaz.get(country)
    if state is not None and state.founded is not None and when.earliest.year < state.founded and state.seat:
        seat = gaz.get(state.seat)
        if seat is not None and seat.country and seat.country != country:
            return seat.country
    capital = gaz.get(state.capital) if state is not None and state.capital else None
    past = gaz.state_seated_at(capital, when.latest.year)
    return past.id if past is not None else country


def _place_state(ent: Any) -> str | None:
    """The state a place below the state lies in ("Tartus": Syria), by the gazetteer or the place index."""
    entry = _entry(ent)
    if entry is not None and entry.is_place:
        return entry.country
    if entry is None and ent.label_ in ("GPE", "LOC", "FAC"):
        return country_of_place(ent.text)
    return None


def _demonym_state(word: Any) -> str | None:
    """The state a demonym names ("Malian")."""
    entry = gazetteer().demonym(word.text)
    return entry.id if entry is not None and entry.type == "state" else None


def _doer(trigger: Any) -> Any:
    """Who does what a coup's word tells, as the sentence names him: the subject of the verb it hangs
    on, or the person a relative "who" stands for ("X, who led the removal of the president")."""
    verb = (
        trigger
        if trigger.pos_ in ("VERB", "AUX")
        else next((a for a in trigger.ancestors if a.pos_ in ("VERB", "AUX")), None)
    )
    if verb is None:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ == "who" and verb.dep_ == "relcl":
        return verb.head
    return subject


def _senders(doc: Any, lex: Lexicon) -> set[str]:
    """The states a sentence names as the senders of a force ("US troops", "France's soldiers")."""
    gaz = gazetteer()
    found = set()
    sent = lex.force_roles - lex.service_roles  # "the DRC army announced": a state's own service sends nothing
    for ent in doc.ents:
        root = ent.root
        entry = _entry(ent)
        if entry is not None and entry.type == "armed_force" and entry.country and root.lower_ in sent:
            found.add(entry.country)  # "US troops" as one name
        elif root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.lower_ in sent:
            entry = entry or gaz.demonym(ent.text)
            if entry is not None and entry.type == "state":
                found.add(entry.id)
    return found


#: Pronouns of a person, as the object of a verb of ousting ("an attempt to overthrow him").
_PERSONS = frozenset({"him", "her", "he", "she"})

#: A coup's name anywhere in a story: its verbs of ousting are then the coup's.
_COUP_WORD = re.compile(r"\b(?:coups?|putsch(?:es)?|junta)\b", re.IGNORECASE)


def _people(
    triggers: list[Any], tokens: list[Any], ctx: _Context, lex: Lexicon
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The leaders and the ousted of a coup told by ``triggers``, read from ``tokens`` (its part of the
    sentence): a person who seizes power or leads ("led by"), and the object of a verb of ousting or removal."""
    leaders: list[str] = []
    ousted: list[str] = []
    mine = {t.i for t in tokens}
    for token in triggers:
        verb = token if token.pos_ == "VERB" else token.head
        # "Noriega survived a failed putsch", "the army foiled a coup": the subject is its target or its foe
        against = token.pos_ != "VERB" and verb.lemma_.lower() in lex.coup_failure_words | lex.coup_target_verbs
        for child in () if against else verb.children:
            if child.dep_ == "nsubj" and (child.ent_type_ == "PERSON" or child.pos_ == "PRON"):
                # "General X, a former intelligence chief, announced that he had dismissed …": the person the
                # sentence named before "he"
                named = _named_before(
                    child,
                    lambda w: (
                        w.dep_ in ("nsubj", "ROOT")
                        and (
                            w.ent_type_ == "PERSON"
                            or (w.pos_ == "PROPN" and any(_soldierly(c, lex) for c in w.children))
                        )
                    ),
                )
                key = _resolve(
                    named if child.pos_ == "PRON" and named is not None else child, ctx, lex, as_speaker=False
                )
                if key and ctx.actors.get(key) and ctx.actors[key].cls == "Person":
                    leaders.append(key)
        if token.pos_ == "NOUN":  # "an attempt by Major X", "the 1999 coup by General Y": who made it
            for obj in (g for c in token.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children):
                key = _resolve(obj, ctx, lex, as_speaker=False) if obj.ent_type_ == "PERSON" else None
                if key and ctx.actors.get(key) and ctx.actors[key].cls == "Person":
                    leaders.append(key)
        if token.pos_ == "VERB" and token.lemma_.lower() in lex.ousting_verbs:  # "was ousted by Brigadier X"
            for obj in (g for c in token.children if c.dep_ == "agent" for g in c.children if g.pos_ == "PROPN"):
                ranks = [c for c in obj.children if c.dep_ == "compound" and _soldierly(c, lex)]
                if ranks:  # "Brigadier Dimitrios Ioannidis", whom the tagger may call an organisation
                    name = obj.doc[ranks[-1].i + 1 : obj.i + 1].text
                    key = _person(name, ctx)
                else:
                    key = _resolve(obj, ctx, lex, as_speaker=False)
                if key and ctx.actors.get(key) and ctx.actors[key].cls == "Person":
                    leaders.append(key)
        if token.lemma_.lower() in lex.to_power_verbs:  # "brought Pierre Buyoya to power"
            for child in token.children:
                if child.dep_ == "dobj" and (key := _resolve(child, ctx, lex, as_speaker=False)):
                    leaders.append(key)
        for child in token.subtree:
            if child.i in mine and (child.lower_ == "led" or child.lemma_.lower() == "lead"):
                for agent in child.children:
                    if agent.dep_ == "agent":
                        for obj in agent.children:
                            key = _resolve(obj, ctx, lex, as_speaker=False)
                            if key:
                                leaders.append(key)
    for candidate in tokens:
        lemma = candidate.lemma_.lower()
        if (
            lemma in lex.ousting_verbs
            or lemma in lex.removal_verbs
            or lemma in lex.from_power_verbs
            or lemma in lex.military_removal_verbs
        ) and (candidate.pos_ == "VERB"):
            passive = _passive_subjects(candidate)  # "X was in turn ousted"
            # "overthrew and executed Qasim": the object the verb shares with the one coordinated with it
            shared = (
                []
                if any(c.dep_ == "dobj" for c in candidate.children)
                else [
                    o
                    for c in candidate.children
                    if c.dep_ == "conj" and c.pos_ == "VERB"
                    for o in c.children
                    if o.dep_ == "dobj"
                ]
            )
            for obj in (*candidate.children, *passive, *shared):
                # "toppled the president", "X, the elected president, was overthrown"
                if (obj.dep_ in ("dobj", "nsubjpass") or obj in passive or obj in shared) and (
                    lemma in lex.ousting_verbs or _a_ruler(obj, lex)
                ):
                    key = _resolve(obj, ctx, lex, as_speaker=False)
                    if key:
                        ousted.append(key)
    leaders = list(dict.fromkeys(leaders))
    return tuple(leaders), tuple(dict.fromkeys(k for k in ousted if k not in leaders))


def _ordinal(trigger: Any, lex: Lexicon) -> int | None:
    """The number of a coup in a series, from its word's ordinal ("a second coup" → 2)."""
    return next((lex.ordinals[c.lower_] for c in trigger.children if c.lower_ in lex.ordinals), None)


def _from_power(verb: Any, lex: Lexicon) -> bool:
    """Whether ``verb`` sends its object "from power" ("forced the president from power") or aside ("was
    himself pushed aside by General X", "forced out")."""
    return any(
        (p.dep_ == "prep" and p.lower_ == "from" and any(g.lemma_.lower() in lex.power_objects for g in p.children))
        or (p.dep_ in ("prt", "advmod") and p.lower_ in ("aside", "out"))
        for p in verb.children
    )


def _from_capital(verb: Any) -> bool:
    """Whether ``verb`` sends its object from the seat of government ("was driven from Tbilisi", "drove
    Habré from the capital", "forced Zogu and his allies to flee Tirana")."""
    froms = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "from"]
    fled = [
        o
        for c in verb.children
        if c.dep_ == "xcomp" and c.lemma_.lower() in _FLEEING
        for o in c.children
        if o.dep_ == "dobj" or (o.dep_ == "prep" and o.lower_ == "from")
    ]
    return any(_a_capital(g) for p in froms for g in p.children) or any(
        _a_capital(o) or any(_a_capital(g) for g in o.children if g.dep_ == "pobj") for o in fled
    )


#: Verbs of leaving a place in flight, made to by others ("forced the king to flee the capital").
_FLEEING = frozenset({"flee", "leave", "quit", "abandon"})


def _a_name(word: Any) -> bool:
    """Whether a word is a person's name: tagged so, or a proper noun the gazetteer knows as no place."""
    if word.ent_type_ == "PERSON":
        return True
    entry = _entry(_ent_at(word))
    return word.pos_ == "PROPN" and (entry.type == "person" if entry is not None else word.ent_type_ in ("", "GPE"))


def _a_capital(word: Any) -> bool:
    """Whether a word names a state's capital: "the capital", or a capital by name ("Tbilisi")."""
    if word.lemma_.lower() == "capital" and not any(c.dep_ in ("amod", "compound") for c in word.children):
        return True
    return gazetteer().state_of_capital(_entry(_ent_at(word))) is not None


def _to_power(verb: Any, lex: Lexicon) -> bool:
    """Whether ``verb`` brings its object to power ("brought Buyoya to power", "installed him in power")."""
    return any(
        (c.dep_ in ("xcomp", "advcl", "dobj") and c.lemma_.lower() in lex.power_objects and c.i > verb.i + 1)
        or (
            c.dep_ == "prep"
            and c.lower_ in ("to", "in", "into")
            and any(g.lemma_.lower() in lex.power_objects for g in c.children)
        )
        for c in (*verb.children, *(g for o in verb.children if o.dep_ == "dobj" for g in o.children))
    )


def _backed_by_soldiers(verb: Any, lex: Lexicon) -> bool:
    """Whether soldiers (or police) back the one who does what ``verb`` says: "with the backing of army
    officers", "with the army's support", "backed by the military", "with the armed forces behind him" (on
    the verb or on its subject)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    backers: list[Any] = []
    for word in (verb, *subjects):
        for c in word.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "on"):  # "with the backing of army officers"
                for noun in c.children:
                    if noun.lemma_.lower() in lex.backing_nouns:
                        backers += [m for m in noun.children if m.dep_ in ("poss", "compound", "amod")]
                        backers += [g for p in noun.children if p.lower_ == "of" for g in p.children]
                    elif any(p.lower_ == "behind" for p in noun.children):  # "with the armed forces behind him"
                        backers.append(noun)
            if c.dep_ in ("acl", "advcl") and c.tag_ == "VBN" and c.lemma_.lower() in ("back", "support"):
                backers += [g for a in c.children if a.dep_ == "agent" for g in a.children]  # "backed by the army"
    backers += [m for b in list(backers) for m in b.children if m.dep_ in ("compound", "amod")]
    return any(_soldierly(b, lex) or b.lemma_.lower() in lex.backing_forces for b in backers)


def _in_many(verb: Any, lex: Lexicon) -> bool:
    """Whether a verb of a coup is told of several countries at once ("after soldiers seized power in all
    three countries", "since their armies seized power"): several coups in one phrase, none of them told."""
    if any(
        g.tag_ in ("NNS", "NNPS") and g.lemma_.lower() in lex.country_nouns
        for p in verb.children
        if p.lower_ == "in"
        for g in p.children
    ):
        return True
    # "sent instructors to Burkina Faso and Niger since their armies seized power": several states' armies
    return any(c.dep_ == "nsubj" and c.tag_ in ("NNS", "NNPS") and c.lemma_.lower() in _ARMIES for c in verb.children)


#: Personal pronouns a doer may be named by ("it seized the state broadcaster").
_PRONOUNS = frozenset({"he", "she", "it", "they"})

#: The words for a state's whole army, whose plural ("their armies") is several states'.
_ARMIES = frozenset({"army", "military", "junta", "armed forces"})


def _removal_by_soldiers(noun: Any, lex: Lexicon) -> bool:
    """Whether a noun of removal tells of soldiers removing a sitting ruler: "the military's removal of
    President X", "the arrest of the president by mutinous soldiers"."""
    ruler = any(_a_sitting_ruler(g, lex) for p in noun.children if p.lower_ == "of" for g in p.children)
    agents = [c for c in noun.children if c.dep_ in ("poss", "compound")]
    agents += [g for p in noun.children if p.lower_ == "by" for g in p.children]
    agents += [c for a in list(agents) for c in a.children if c.dep_ in ("amod", "compound")]
    return ruler and any(_soldierly(a, lex) for a in agents)


def _led_by_soldiers(noun: Any, lex: Lexicon) -> bool:
    """Whether soldiers lead a revolt: the subject of the verb it is the object of ("Colonel X led a failed
    revolt", "General X launched an uprising") or the agent of its "led by" ("a rebellion led by army
    officers"). A revolt of others is none ("a peasant uprising", "a popular uprising")."""
    if any(
        c.dep_ in ("amod", "compound") and c.lower_ in ("peasant", "popular", "student", "civilian")
        for c in noun.children
    ):
        return False
    if any(c.dep_ in ("amod", "compound") and _soldierly(c, lex) for c in noun.children):
        return True  # "the last major army revolt", "a military uprising"
    verbs = [noun.head] if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" else []
    verbs += [c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() == "lead"]
    for verb in verbs:
        # "Colonel X led a revolt", not "soldiers crushed the uprising"; "survived a revolt by officers", as the
        # parse may hang the revolt's "by" on the verb
        doers = [c for c in verb.children if c.dep_ == "nsubj" and verb.lemma_.lower() in lex.revolt_verbs]
        doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children]
        # the doer with its words, and the compounds that title it however deep ("General José Gonzalo Escobar")
        words = [w for d in doers for w in (d, *d.children, *_all_compounds(d)) if w.dep_ != "prep"]
        if any(_soldierly(w, lex) for w in words):
            return True
    return False


def _all_compounds(word: Any) -> list[Any]:
    """The compounds on a word, and theirs, however deep ("General" in "General José Gonzalo Escobar")."""
    return [w for c in word.children if c.dep_ == "compound" for w in (c, *_all_compounds(c))]


def _aims_at_power(noun: Any, lex: Lexicon) -> bool:
    """Whether a mutiny's own phrase says it sought power: "a mutiny aimed at reinstating X as prime
    minister", "a mutiny to overthrow the president", "a mutiny that tried to bring him to power", or, said
    of who led it, demanded a ruler's departure ("led a mutiny, demanding the resignation of President X")."""
    scope = list(noun.subtree)
    if noun.dep_ == "dobj":
        scope += [w for c in noun.head.children if c.dep_ == "advcl" and c.tag_ == "VBG" for w in c.subtree]
    for word in scope:
        if word is noun or word.pos_ != "VERB":
            continue
        lemma = word.lemma_.lower()
        objects = [c for c in word.children if c.dep_ in ("dobj", "nsubjpass")]
        if _demands_departure(word, lex):
            return True
        if lemma in lex.ousting_verbs and any(_a_ruler(o, lex) for o in objects):
            return True
        if lemma in lex.to_power_verbs and _to_power(word, lex):
            return True
        titled = [g for c in word.children if c.lower_ == "as" for g in c.children]  # "reinstating X as prime minister"
        if lemma in lex.reinstating_verbs and objects and any(_a_sitting_ruler(t, lex) for t in titled):
            return True
    return False


def _demands_departure(verb: Any, lex: Lexicon) -> bool:
    """Whether a verb demands a sitting ruler's departure: "demanding the resignation of President X",
    "calling for the president's removal" (CAMEO 1041, demand leadership change)."""
    if verb.lemma_.lower() not in lex.demand_verbs:
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [g for p in verb.children if p.lower_ == "for" for g in p.children]  # "calling for"
    departures = [o for o in objects if o.lemma_.lower() in lex.departure_nouns]
    rulers = [g for d in departures for c in d.children for g in (c, *c.children) if c.dep_ in ("poss", "prep")]
    return any(g.dep_ in ("poss", "pobj") and _a_sitting_ruler(g, lex) for g in rulers)


def _a_seat(word: Any, lex: Lexicon) -> bool:
    """Whether an object names a seat of power ("the presidential palace", "the state radio station"), or
    a ruler's home or office ("the Dhaka residence of X, the country's founding leader", "the presidential
    residence"; not "the residence of opposition leader X")."""
    words = (word, *(c for c in word.children if c.dep_ == "compound"))
    if any(w.lemma_.lower() in lex.seat_objects for w in words):
        return True
    if word.lemma_.lower() not in lex.ruler_seats:
        return False
    owners = [c for c in word.children if c.dep_ == "poss"]
    owners += [g for p in word.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    return any(c.lower_ == "presidential" for c in word.children) or any(
        _a_ruler(o, lex) and not any(t.lower_ == "opposition" for t in o.subtree) for o in owners
    )


def _a_ruler(word: Any, lex: Lexicon) -> bool:
    """Whether an object names whom a coup ousts: a title ("the president"), a person ("President Ahmad
    Tejan Kabbah", whose last name the tagger may leave untagged; "X, the country's first elected
    president") or a pronoun of one ("him")."""
    return any(t.lemma_.lower() in lex.ousted_titles or t.ent_type_ == "PERSON" for t in _titled(word)) or (
        word.lower_ in _PERSONS
    )


def _told_before(word: Any, keys: Iterable[str], ctx: _Context) -> bool:
    """Whether a name is part of the name of one of the people ``keys`` (whom the story has told seizing power,
    or ousted by a coup)."""
    return word.pos_ == "PROPN" and any(
        word.text in actor.label.split() for key in keys if (actor := ctx.actors.get(key)) is not None
    )


def _a_sitting_ruler(word: Any, lex: Lexicon) -> bool:
    """Whether an object names a ruler in office by a title of rule ("President X", "the prime minister"),
    not a person alone nor a former one ("detained the former president")."""
    titled = _titled(word)
    titled += [c for t in titled for c in t.children if c.dep_ == "compound"]  # "prime" of "prime minister"
    return any(t.lemma_.lower() in lex.ruler_titles for t in titled) and not any(
        c.lower_ in _FORMER for t in titled for c in t.children
    )


def _ruler_pointed_back(word: Any, lex: Lexicon) -> bool:
    """Whether a pronoun points back to a ruler in office its sentence named ("President X dissolved parliament
    with the backing of the army in 1973; the generals removed him in June 1976")."""
    if word.lower_ not in ("him", "her"):
        return False
    person = _named_before(word, lambda w: w.ent_type_ == "PERSON" and w.dep_ != "compound")
    return person is not None and _a_sitting_ruler(person, lex)


def _titled(word: Any) -> list[Any]:
    """A person's word with the words that title it: its compounds and its apposition."""
    return [word, *(c for c in word.children if c.dep_ in ("compound", "appos"))]


#: Relative pronouns, which stand for the noun their clause hangs on.
_RELATIVES = frozenset({"who", "that", "which"})

#: Verbs of plotting, whose gerund after "of" or "for" makes the coup a charge ("accused of plotting a coup").
_PLOTTING = frozenset({"plot", "plan", "prepare", "conspire", "organise", "organize"})

#: The words for a regime as a whole, which soldiers may rise against ("rose against the Second Republic").
_REGIMES = frozenset({"government", "regime", "republic", "monarchy", "regency", "dictatorship"})

#: What makes a title no longer held ("the former president").
_FORMER = frozenset({"former", "ex", "ex-", "erstwhile", "deposed", "ousted", "late"})


def _military_agents(verb: Any, lex: Lexicon) -> list[Any]:
    """The soldiers, army or junta who do what ``verb`` says ("the army ousted the president", "was toppled
    by mutinous soldiers"), as the words that name them: a verb of ousting is then a coup wherever it is told."""
    agents = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    agents += [g for c in verb.children if c.dep_ == "agent" for g in c.children]
    if verb.dep_ == "relcl" and any(a.lower_ in _RELATIVES for a in agents):
        agents.append(verb.head)  # "the young officers who overthrew X": the noun "who" stands for
    if verb.tag_ == "VBD" and verb.dep_ == "amod":
        # "the National Guard, led by officers …, overthrew President X": the object parsed as the subject's
        # apposition, with the verb as its modifier
        named = verb.head
        while named.dep_ == "compound" and named.head.i != named.i:
            named = named.head
        if named.dep_ == "appos" and named.head.i < verb.i:
            agents.append(named.head)
    # "X overthrew the elected government as an army officer": what the doer was when doing it
    agents += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
    node = verb
    for _ in range(4):
        # "a general was arrested after leading a bid to unseat the president": the controller; "officers
        # declared that they had overthrown the president": the one "they" points back to
        if any(a.pos_ != "PRON" for a in agents) or node.head.i == node.i:
            break
        node = node.head
        agents = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
    pronoun = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _PRONOUNS), None)
    if pronoun is not None and not any(a.pos_ != "PRON" for a in agents):
        # "Zimbabwe's own army later turned its guns inward: in November 2017 it seized the state broadcaster",
        # "General X, a former intelligence chief, announced that he had dismissed President Y": the subject
        # (or the sentence's own noun) named before the pronoun
        named = _named_before(
            pronoun, lambda w: w.pos_ in ("NOUN", "PROPN") and w.dep_ in ("nsubj", "nsubjpass", "ROOT")
        )
        agents += [named] if named is not None else []
    agents += [c for a in list(agents) for c in a.conjuncts]
    # "members of the presidential guard", "a group of junior officers": the group's members
    agents += [g for a in list(agents) for p in a.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    # "Surat Huseynov, a rebel army commander, forced …": the agent's apposition says what he is
    agents += [w for a in list(agents) for c in a.children if c.dep_ == "appos" for w in (c, *c.children)]
    # "a military unit", "army officers": a word that makes its noun military; "army chief Abdel Fattah al-Burhan":
    # the title compounded on a name, however deep
    agents += [c for a in list(agents) for c in a.children if c.dep_ in ("amod", "compound")]
    agents += [w for a in list(agents) if a.pos_ == "PROPN" for w in _all_compounds(a)]
    return [a for a in agents if _soldierly(a, lex)]


def _passive_subjects(verb: Any) -> list[Any]:
    """A passive's subject the parse hangs on its auxiliary, not on the verb ("X was in turn ousted"), or, for
    a passive infinitive with none, the subject of the clause it completes ("Obote returned to power in 1980,
    only to be overthrown by his army commanders in 1985")."""
    found = [c for a in verb.children if a.dep_ == "auxpass" for c in a.children if c.dep_ == "nsubj"]
    if found or not any(c.dep_ == "auxpass" for c in verb.children) or not any(c.tag_ == "TO" for c in verb.children):
        return found
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return found
    head = verb.head
    while head.dep_ in ("advcl", "xcomp", "conj") and not any(c.dep_ == "nsubj" for c in head.children):
        head = head.head
    return [c for c in head.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN", "PRON")]


def _abroad(agents: list[Any], objects: list[Any]) -> bool:
    """Whether the soldiers who take or storm something are another state's than the place they take: "Soviet
    troops stormed the Vilnius television tower"."""
    theirs = {  # a people the gazetteer does not know ("Soviet") is no state of the place either
        found
        for a in agents
        for w in (a, *a.children)
        if (found := _state_of(_ent_at(w)) or _demonym_state(w) or (w.text if w.ent_type_ == "NORP" else None))
    }
    places = {
        found
        for o in objects
        for t in o.subtree
        if (ent := _ent_at(t)) is not None and ent.label_ != "NORP" and (found := _place_state(ent) or _state_of(ent))
    }
    return bool(theirs) and bool(places) and theirs.isdisjoint(places)


def _named_before(pronoun: Any, fits: Callable[[Any], bool]) -> Any:
    """The last word of the sentence before ``pronoun`` that ``fits`` (the noun a pronoun points back to), or None."""
    return next((w for w in reversed(pronoun.doc[: pronoun.i]) if fits(w)), None)


def _soldierly(word: Any, lex: Lexicon) -> bool:
    """Whether a word names soldiers, an army or a junta ("officers", "the military", "troops")."""
    return word.lemma_.lower() in lex.coup_agents or word.lower_ in lex.coup_agents or word.lower_ in lex.force_roles


#: Which outcome wins when an article's mentions of one coup differ: what failed anywhere failed, and a
#: coup called an attempt anywhere is an attempt.
_OUTCOME_RANK = ("failed", "unknown", "succeeded")

#: "d'état" as the tokenizer may leave it (folded).
_ETAT = frozenset({"d'etat", "d etat", "etat", "d'état"})


def _never(trigger: Any, lex: Lexicon) -> Any | None:
    """The negated word by which the narration says a coup did not happen, if it does: "soldiers did not seize
    power", "has never seen its military take power", "has never had a coup", "has never lived through a coup"
    (a negated verb of a state's record governs it)."""
    word = trigger
    for _ in range(4):
        negated = any(c.dep_ == "neg" for c in word.children)
        # "has never tried to seize power": a bid negated is none either
        if negated and (word.i == trigger.i or word.lemma_.lower() in lex.record_verbs | lex.coup_attempt_words):
            return word
        if word.dep_ not in ("ccomp", "xcomp", "dobj", "pobj", "prep") or word.head.i == word.i:
            return None
        word = word.head
    return None


def _coupless(doc: Any, triggers: Sequence[Any], ctx: _Context, lex: Lexicon) -> set[str]:
    """The states a sentence says never had a coup ("Kosovo has never had a coup", "it has never lived through a
    coup", of the state the sentence before was about): their story's coups with no place of their own are
    its neighbours' (see :func:`_merge_coups`)."""
    found: set[str] = set()
    for trigger in triggers:
        verb = _never(trigger, lex)
        if verb is None or verb.lemma_.lower() not in lex.record_verbs:
            continue
        if any(c.dep_ == "amod" and c.lower_ == "successful" for c in trigger.children):
            continue  # "Malawi has never had a successful coup": it may have had attempts
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            state = _state_of(ent) if (ent := _ent_at(subject)) is not None else None
            if state is None and subject.lower_ == "it":
                state = ctx.subject_state
            if state is not None:
                found.add(state)
    return found


def _named_doer(verb: Any, lex: Lexicon) -> bool:
    """Whether an ouster has a doer the sentence names who is no crowd, voter or court ("rebels led by X
    swept in and seized the capital, overthrowing President Y"), and no popular or lawful means."""
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    head = verb
    while not doers and head.dep_ in ("advcl", "conj", "xcomp") and head.head.i != head.i:
        head = head.head  # "…, overthrowing President Y": the doer of the clause it hangs on
        doers = [c for c in head.children if c.dep_ == "nsubj"]
    return (
        bool(doers)
        and all(d.pos_ != "PRON" and d.lemma_.lower() not in _no_coup_means(lex) for d in doers)
        and not _civil(verb, lex)
    )


def _civil(verb: Any, lex: Lexicon) -> bool:
    """Whether a verb of ousting tells of a popular or lawful way out of power, no coup: "toppled and killed
    in the 2011 uprising", "ousted by mass protests", "protesters toppled the president"."""
    verbs = [verb, *verb.conjuncts]
    means = [
        g
        for v in verbs
        for c in v.children
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "during", "amid", "through", "after")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    means += [c for v in verbs for c in v.children if c.dep_ == "nsubj"]  # "protesters toppled the president"
    barred = _no_coup_means(lex)
    return any(m.lemma_.lower() in barred or m.lower_ in barred for m in means)


def _by_no_coup_means(verb: Any, lex: Lexicon) -> bool:
    """Whether an ouster's verb, or its sentence, tells of a popular, lawful or warring way out of power ("the
    FARC waged a war in an attempt to overthrow the government")."""
    barred = _no_coup_means(lex)
    return _civil(verb, lex) or any(w.lemma_.lower() in barred for w in verb.sent)


def _no_coup_means(lex: Lexicon) -> frozenset[str]:
    """The means and doers of an ouster that make it no coup: popular or lawful ones, and war ("a rebel
    offensive toppled the government")."""
    return lex.civil_means | lex.war_means


def _reported_apart(trigger: Any, time: TimeValue, span: TextSpan, lex: Lexicon) -> bool:
    """Whether a coup recalled in what someone said ("when the junta took power") is dated only by the time
    of the saying ("During a visit in November 1999, the president said the country had erred when the
    junta took power"): that time is the speech's, not the coup's. A coup that is what was said ("said on
    Sunday that the leader of an attempted coup had been killed") is news of the saying's time."""
    chain = [trigger, *trigger.ancestors]
    clause = next((a for a in chain if a.dep_ == "ccomp" and a.head.lemma_.lower() in lex.speech_verbs), None)
    if clause is None:
        return False
    recalled = chain[: chain.index(clause)]
    if not any(a.dep_ == "advcl" and any(m.lower_ == "when" for m in a.children) for a in recalled):
        return False
    inside = {span.start + w.idx for w in clause.subtree}
    return not any(time.start <= at < time.end for at in inside)


def _said_not_to_be(trigger: Any) -> bool:
    """Whether a coup's noun names what an event is said not to be ("it was not a military takeover", "fell
    to a student-led uprising, not a military takeover", "a revolt rather than a coup")."""
    if trigger.dep_ == "attr" and any(c.dep_ == "neg" for c in trigger.head.children):
        return True
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    before = [t.lower_ for t in trigger.doc[max(trigger.left_edge.i - 2, 0) : trigger.left_edge.i]]
    return before[-1:] == ["not"] or before == ["rather", "than"] or before == ["instead", "of"]


def _talked_of(trigger: Any, lex: Lexicon) -> bool:
    """Whether a coup's word is talked of rather than told: a fear, a rumour or a risk governs its clause, or
    a word says it has not happened.

    Reads: "They dismissed rumours that the military was preparing to seize power." and "posts about an
    imminent coup" as no coup. Not: "Their attempt to seize power failed."
    """
    before = trigger.doc[trigger.i - 1] if trigger.i > 0 else trigger  # the tagger may not attach it
    if any(c.lower_ in lex.not_event_modifiers for c in (*trigger.children, before)):
        return True
    verb = trigger.head
    if trigger.dep_ == "dobj" and verb.lemma_.lower() in _PLOTTING and verb.tag_ == "VBG" and verb.dep_ == "pcomp":
        return True  # "accused him of plotting a coup", "arrested for plotting a coup": a charge, no coup told
    node = trigger
    for _ in range(4):
        if node.head.i == node.i:
            return False
        if node.head.lemma_.lower() in lex.not_event_heads:
            return not _attempted(node.head, lex)
        if node.dep_ not in ("xcomp", "acl", "ccomp", "pobj", "prep", "aux", "relcl") and node is not trigger:
            return False
        node = node.head
    return False


def _attempted(head: Any, lex: Lexicon) -> bool:
    """Whether ``head`` makes what it governs an attempt: "their attempt to seize power", "a bid to oust".

    Reads: "Soldiers made an attempt to seize power on Sunday." Not: "Any attempt to seize power will fail."
    """
    if head.lemma_.lower() not in lex.coup_attempt_words:
        return False
    return not any(c.lower_ in lex.hypothetical_determiners for c in head.children)


def _phrase_triggers(doc: Any, lex: Lexicon) -> list[Any]:
    """The heads of the several-word names of a coup in a sentence ("the seizure of power by the army").

    Reads: "The seizure of power by the army was condemned." Not: "They feared a seizure of their assets."
    """
    found = []
    lowered = doc.text.lower()
    for phrase in lex.coup_phrases:
        for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                found.append(span.root)
    return found


def _outcome(doc: Any, trigger: Any, *, attempted: bool, lex: Lexicon) -> str:
    """``succeeded`` for a coup, ``failed`` for an attempt the sentence says failed or was foiled, else ``unknown``.

    Reads: "The army said it had foiled an attempted coup." (failed). Not failed: "Soldiers attempted a
    coup on Sunday." (unknown).
    """
    failure = lex.coup_failure_words
    # the trigger's own phrase and what governs it, not a clause of its own ("seized power after an
    # attempt in 2021 failed")
    own = [c for c in trigger.children if c.dep_ not in ("advcl", "ccomp", "conj", "relcl", "parataxis")]
    # "in a failed attempt to overthrow X": the words of the attempt the verb is the aim of
    bids = [a for a in trigger.ancestors if a.lemma_.lower() in lex.coup_attempt_words and a.pos_ == "NOUN"]
    near = [trigger, *own, *trigger.ancestors, *(c for a in bids for c in a.children if c.dep_ == "amod")]
    if any(t.lower_ in failure or t.lemma_.lower() in failure for t in near):
        return "failed"  # "a foiled coup", "the army thwarted a coup"
    if trigger.dep_ in ("nsubj", "nsubjpass"):  # "Ahdab's 'television coup' came to nothing"
        clause = " ".join(t.lower_ for t in trigger.head.subtree)
        if any(phrase in clause for phrase in lex.coup_failure_phrases):
            return "failed"
    if not attempted:
        return "succeeded"
    if any(t.lemma_.lower() in failure and t.pos_ == "VERB" for t in doc):
        return "failed"
    return "unknown"


def _certainty(doc: Any, trigger: Any, lex: Lexicon) -> str:
    """``alleged`` ("an alleged coup attempt"), ``hedged`` ("what appeared to be a coup bid"), else ``stated``.

    Only the trigger's own words count, and the verb it is the complement of ("appeared to be"): a
    hedge elsewhere in the sentence is about something else.
    """
    near = [trigger, *trigger.children, trigger.head]
    if trigger.head.lemma_ == "be":
        near.append(trigger.head.head)
    words = {t.lower_ for t in near} | {t.lemma_.lower() for t in near}
    if words & lex.coup_alleged_words:
        return "alleged"
    if words & lex.coup_hedge_words:
        return "hedged"
    return "stated"


def _opens_when(text: str, time: TimeValue) -> bool:
    """Whether "when" follows a time, opening the clause it dates ("since September 2021, when soldiers …")."""
    return bool(re.match(r"\s*,?\s*when\b", text[time.end : time.end + 12], re.IGNORECASE))


def _under_since(trigger: Any, span: TextSpan, time: TimeValue, ctx: _Context) -> bool:
    """Whether a time dates the event a "since" phrase counts from ("the fifth coup since independence from
    Portugal in 1974"): it bounds a span, it dates no coup, unless the coup is that event ("since the November
    2017 intervention in which soldiers seized the state broadcaster")."""
    if _opens_when(ctx.article_text, time):
        return False
    doc = trigger.doc
    sinces = [w for w in doc if w.lower_ == "since" and w.dep_ == "prep" and trigger not in w.subtree]
    word = next((w for w in doc if span.start + w.idx == time.start), None)
    while word is not None and word.dep_ in ("pobj", "prep", "nummod", "compound", "nmod", "appos"):
        word = word.head
        if word.lower_ in _LAST_WORDS:
            return False  # "four coups since independence, the last in 2012": the last coup's time
        if word in sinces:
            return True
    # the tagger may hang the time on the verb: "since independence from Portugal | in 1974"
    ends = [span.start + w.idx + len(w) for w in (list(s.subtree)[-1] for s in sinces)]
    return time.text.lower().startswith("in ") and any(0 <= time.start - end <= 1 for end in ends)


def _after_since(text: str, time: TimeValue, bounds: str = "since") -> bool:
    """Whether a time follows "since" (or another of the words ``bounds``, a regular expression) and only
    bounds a span; "since September 2021, when soldiers overthrew the president" dates the clause the
    "when" opens."""
    if _opens_when(text, time):
        return False
    if re.match(rf"(?:{bounds})\s", time.text, re.IGNORECASE):
        return True
    return bool(re.search(rf"\b(?:{bounds})\s*$", text[max(0, time.start - 12) : time.start], re.IGNORECASE))


def _coup_leaders(mentions: list[Any], span: TextSpan, ctx: _Context, lex: Lexicon) -> list[_CoupMention]:
    """ "X, the suspected coup leader": a leader for the article's coup (hedged when the text hedges)."""
    found = []
    for leader_noun in mentions:
        person = leader_noun.head if leader_noun.dep_ == "appos" else None
        if person is None or person.ent_type_ != "PERSON":
            continue
        key = _resolve(person, ctx, lex, as_speaker=False)
        if key is None:
            continue
        hedged = any(c.lower_ in lex.leader_hedges for c in leader_noun.children)
        found.append(_CoupMention(None, None, (key,), (), None, False, hedged, span, leader_only=True))
    return found


def _merge_coups(
    mentions: list[_CoupMention],
    ctx: _Context,
    *,
    lede: int | None = None,
    sentence_times: Sequence[tuple[TextSpan, list[TimeValue]]] = (),
) -> tuple[Coup, ...]:
    """One coup per country and month; undated mentions join the coup of their country told last before
    them, else the one told first after them.

    An undated coup of the lede (the sentence starting at offset ``lede``) is the story's news: it joins
    no coup dated more than a year before publication ("the leader of an attempted coup has been killed"
    is not the attempt the story dates to 2017, seven years earlier).

    A coup dated only by a year the text reckons ("twenty years later") takes the finer date of that year the
    story tells beside it
    (``sentence_times``: each sentence with its times): see :func:`_told_finer`.
    """
    coups: dict[tuple[str, str], Coup] = {}
    undated: list[_CoupMention] = []
    placed: list[bool] = []  # whether each undated mention's own sentence placed it
    # a date counted from another time is approximate: such a coup joins the one told with a date of its own
    # within a year of it ("nearly four years after the troops seized power" beside "on Feb. 1, 2021")
    # a story of two theatres (its most named state sends forces abroad, or its dateline is a sender's): the state
    # its headline names, unless the dateline places the reporter in another ("ACCRA — … leaves for Lebanon"),
    # else the state the story named last before the coup
    headline = ctx.title_state if ctx.dateline in (None, ctx.title_state) else None
    for mention in sorted(mentions, key=lambda m: m.counted):
        nearby = mention.nearby
        if not ctx.home_settled and ctx.abroad and nearby not in (ctx.main_country(), ctx.dateline):
            # "Fiji's peacekeepers in the Golan … Rabuka toppled the elected government in May 1987": the state the
            # story is about, not a place its forces serve in
            nearby = ctx.main_country()
        country = mention.country or (ctx.home if ctx.home_settled else headline or nearby or ctx.home)
        if mention.country is None and ctx.home in ctx.coupless:
            # "Kosovo has never had a coup, but the region has a long memory of them. … people in Belgrade marked the
            # anniversary of the coup of 27 March 1941": a coup placed nowhere is where its sentence or the story was
            away = mention.named_here or (nearby if nearby != ctx.home else None)
            country = away or country
        if mention.country is None and mention.countering:
            # "… colonels seized power in April 1967. The king's attempt to overthrow them that December": where
            # the coup told before it was
            previous = _told_last(coups, coups, mention.span.start)
            country = coups[previous].country if previous is not None else country
        if country is None:
            continue
        _register(ctx, country)
        if mention.date is None:
            undated.append(replace(mention, country=country))
            placed.append(mention.country is not None)
            continue
        country = _capital_then(country, mention.date)
        key, when = (country, mention.date.value[:7]), mention.date
        if mention.counted and key not in coups:
            near = [k for k in coups if k[0] == country and _apart(coups[k].date, when) <= _NEAR_DAYS]
            if near:
                key = min(near, key=lambda k: _apart(coups[k].date, when))
                when = coups[key].date
        coups[key] = _join(coups.get(key), replace(mention, country=country), when)
    for mention, is_placed in zip(undated, placed, strict=True):
        assert mention.country is not None
        same = sorted((k for k in coups if k[0] == mention.country), key=lambda k: k[1])
        if mention.points_back and not is_placed:
            # "… tried to topple Mikhail Gorbachev. Their putsch collapsed within three days": the coup told last
            # before it, wherever that was
            same = sorted(coups, key=lambda k: k[1])
        if mention.ordinal is not None:
            ranked = [k for k in same if coups[k].ordinal == mention.ordinal]
            same = ranked or same
        if mention.span.start == lede and ctx.anchor is not None:
            same = [k for k in same if (ctx.anchor - coups[k].date.latest).days <= 366]
        # "On Aug. 15, 1975, officers killed the president. The coup installed X.": the coup told last before it
        last = _told_last(coups, same, mention.span.start)
        first = min(same, key=lambda k: min(s.start for s in coups[k].spans)) if same else None
        # "In September 1931 X proclaimed himself head of state …; the putsch collapsed within a day. … on July 25,
        # 1934, …", "Many still remember September 2015, when the guard … declared itself in power, only for the
        # putsch to collapse": a coup its own sentence dates to another year is not the one told before or next
        target = last if last is not None else first
        told_apart = target is not None and _told_apart(mention, coups[target], ctx.anchor)
        if last is not None and not told_apart:
            coups[last] = _join(coups[last], mention, coups[last].date)
        elif first is not None and last is None and not told_apart:
            # "Liberia's descent into war began with a coup. On April 12, 1980, …": the coup told next
            coups[first] = _join(coups[first], mention, coups[first].date)
        elif ctx.anchor is not None and not mention.leader_only:  # a leader named alone founds no coup
            # "the night of February 23, 1981. … The putsch collapsed the next day": the time its sentence tells
            # when that is a past the story has gone back to, else the month of publication
            # "The communist era itself began with a seizure of power. In February 1948, …": else the past the
            # next sentence of its paragraph opens with
            opened = _opened_next(mention.span, sentence_times, ctx.article_text)
            past = (opened or mention.sentence_time) if mention.time_before else (mention.sentence_time or opened)
            when = past if past is not None and (ctx.anchor - past.latest).days > _PAST_DAYS else _month_of(ctx.anchor)
            country = _capital_then(mention.country, when)
            key = (country, when.value[:7])
            coups[key] = _join(coups.get(key), replace(mention, country=country), when)
    for key in sorted(k for k in coups if coups[k].date.precision == "year" and not _YEAR.search(coups[k].date.text)):
        day = _told_finer(coups[key], sentence_times, ctx)
        if day is not None and (key[0], day.value[:7]) not in coups:
            coups[(key[0], day.value[:7])] = replace(coups.pop(key), date=day)
    for key in [k for k in coups if coups[k].date.precision == "year"]:
        # "the 2020 coup" beside "a coup in August 2020": one coup, at the finer date
        finer = sorted(k for k in coups if k[0] == key[0] and k != key and k[1].startswith(key[1][:4] + "-"))
        if len(finer) == 1:
            coarse, fine = coups.pop(key), coups[finer[0]]
            coups[finer[0]] = replace(
                fine,
                leaders=tuple(dict.fromkeys((*fine.leaders, *coarse.leaders))),
                ousted=tuple(dict.fromkeys((*fine.ousted, *coarse.ousted))),
                ordinal=fine.ordinal or coarse.ordinal,
                de_facto=fine.de_facto or coarse.de_facto,
                leader_hedged=fine.leader_hedged or coarse.leader_hedged,
                spans=tuple(dict.fromkeys((*fine.spans, *coarse.spans))),
            )
    return tuple(coups[k] for k in sorted(coups, key=lambda k: (coups[k].date.earliest, k)))


def _told_apart(mention: _CoupMention, coup: Coup, anchor: date | None) -> bool:
    """Whether an undated mention that would join ``coup`` is a coup of its own: its sentence first tells a past
    of another year, or, for a past a sentence before told, the mention ousts another ruler than ``coup`` did."""
    when = mention.sentence_time
    if when is None or not mention.time_first or anchor is None or (anchor - when.latest).days <= _PAST_DAYS:
        return False
    if coup.date.value.startswith(when.value[:4]):
        return False
    # a coup at the story's time that a sentence before told ousts another ruler than the one told last
    return not mention.time_before or bool(mention.ousted and not set(mention.ousted) & set(coup.ousted))


def _told_last(
    coups: dict[tuple[str, str], Coup], keys: Iterable[tuple[str, str]], start: int
) -> tuple[str, str] | None:
    """Of the coups ``keys``, the one the story told last before offset ``start``, if any."""
    told = [k for k in keys if any(s.start < start for s in coups[k].spans)]
    return max(told, key=lambda k: max(s.start for s in coups[k].spans if s.start < start), default=None)


def _opened_next(span: TextSpan, told: Sequence[tuple[TextSpan, list[TimeValue]]], text: str) -> TimeValue | None:
    """The time the sentence after ``span`` opens with, when it is in the same paragraph ("… began with a
    seizure of power. In February 1948, the Communist Party …")."""
    after = next(((s, times) for s, times in told if s.start >= span.end), None)
    if after is None or "\n" in text[span.end : after[0].start] or not after[1]:
        return None
    first = min(after[1], key=lambda t: t.start)
    return first if not text[after[0].start : first.start].strip(" ,") else None


def _told_finer(coup: Coup, told: Sequence[tuple[TextSpan, list[TimeValue]]], ctx: _Context) -> TimeValue | None:
    """The earliest month or day of a coup's year that the story tells in a sentence of the coup, in the one
    before or after it, or in one that names its leader or the ousted: "Twenty years later came the
    country's only full-scale attempt to overthrow an elected government. On July 27, 1990, …"."""
    year = coup.date.earliest.year
    names = [
        ctx.actors[key].label.split()[-1]
        for key in (*coup.leaders, *coup.ousted)
        if key in ctx.actors and ctx.actors[key].label
    ]
    starts = {s.start for s in coup.spans}
    at = [n for n, (sentence, _) in enumerate(told) if sentence.start in starts]
    near = {m for n in at for m in (n - 1, n, n + 1) if 0 <= m < len(told)}
    near |= {
        n
        for n, (sentence, _) in enumerate(told)
        if any(re.search(rf"\b{re.escape(w)}\b", sentence.text) for w in names)
    }
    finer = [
        t
        for n in sorted(near)
        for t in told[n][1]
        if t.precision in ("month", "day") and t.earliest.year == year == t.latest.year
    ]
    return min(finer, key=lambda t: t.earliest) if finer else None


#: How near a counted date must be to a coup told with its own date to be that coup, in days.
_NEAR_DAYS = 366


def _apart(a: TimeValue, b: TimeValue) -> int:
    """Days between two times' spans (0 when they overlap)."""
    return max((a.earliest - b.latest).days, (b.earliest - a.latest).days, 0)


def _join(coup: Coup | None, mention: _CoupMention, when: TimeValue) -> Coup:
    assert mention.country is not None
    if coup is None:
        return Coup(
            country=mention.country,
            date=when,
            leaders=mention.leaders,
            ousted=mention.ousted,
            ordinal=mention.ordinal,
            de_facto=mention.de_facto,
            leader_hedged=mention.leader_hedged,
            spans=(mention.span,),
            outcome=mention.outcome,
            certainty=mention.certainty,
        )
    return Coup(
        country=coup.country,
        date=coup.date if coup.date.precision == "day" or when.precision != "day" else when,
        leaders=tuple(dict.fromkeys((*coup.leaders, *mention.leaders))),
        ousted=tuple(dict.fromkeys((*coup.ousted, *mention.ousted))),
        ordinal=coup.ordinal or mention.ordinal,
        de_facto=coup.de_facto or mention.de_facto,
        leader_hedged=coup.leader_hedged or mention.leader_hedged,
        spans=tuple(dict.fromkeys((*coup.spans, mention.span))),
        outcome=coup.outcome if mention.leader_only else min(coup.outcome, mention.outcome, key=_OUTCOME_RANK.index),
        certainty=coup.certainty if coup.certainty != "stated" else mention.certainty,
    )


def _month_of(day: date) -> TimeValue:
    """The month of the publication date: the date of a coup the text reports without dating it."""
    from calendar import monthrange

    last = monthrange(day.year, day.month)[1]
    return TimeValue(
        value=f"{day.year:04d}-{day.month:02d}",
        precision="month",
        datatype="gYearMonth",
        earliest=date(day.year, day.month, 1),
        latest=date(day.year, day.month, last),
        text="",
        start=0,
        end=0,
    )
