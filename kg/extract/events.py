"""Other events: conflicts and insurgencies (start, region, spread) and pledged elections."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kg.extract.actors import _Context, _ent_at, _entry, _register
from kg.extract.coups import _CoupMention
from kg.extract.dates import TimeValue, find_times
from kg.extract.deployments import _clause
from kg.extract.facts import (
    Conflict,
    Election,
    Statement,
    TextSpan,
)
from kg.extract.gazetteer import Entry, gazetteer
from kg.extract.lexicon import Lexicon

# -- conflicts and elections ----------------------------------------------------------------------


def _conflicts(doc: Any, span: TextSpan, times: list[TimeValue], ctx: _Context, lex: Lexicon) -> list[Conflict]:
    """An insurgency the sentence dates: "an insurgency that began in … in 2012 and spread three years later to …".

    A conflict noun alone is no event: it needs a verb of beginning or spreading with a time.
    """
    for noun in doc:
        if noun.lemma_.lower() not in lex.conflict_nouns or noun.pos_ != "NOUN" or noun.tag_ == "NNS":
            continue
        verbs: list[Any] = []
        for child in noun.children:
            if child.dep_ in ("relcl", "acl") and child.pos_ == "VERB":
                verbs += [child, *(c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB")]
        start = spread = None
        region: str | None = None
        spread_to: list[str] = []
        for verb in verbs:
            clause = {t.i for t in _clause(verb)}
            low = span.start + min(doc[i].idx for i in clause)
            high = span.start + max(doc[i].idx + len(doc[i]) for i in clause)
            own = [t for t in times if low <= t.start < high]
            lemma = verb.lemma_.lower()
            places: list[tuple[Any, Entry]] = [
                (e, p)
                for e in doc.ents
                if e.root.i in clause and e.label_ != "NORP" and (p := _entry(e)) is not None
                if p.is_place or p.type == "state"
            ]
            if lemma in lex.conflict_start_verbs and own:
                start = start or own[0]
                region = region or next((p.id for _, p in places if p.type == "region"), None)
                region = region or _quarter(verb, clause, ctx, lex)
            elif lemma in lex.conflict_spread_verbs:
                spread = spread or (own[0] if own else None)
                spread_to += [p.id for _, p in places]
        if start is None and spread is None:
            continue
        country = next(
            (p.id for e in doc.ents if (p := _entry(e)) is not None and p.type == "state" and p.id not in spread_to),
            None,
        )
        country = country or ctx.main_country()
        words = [c.text for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
        where = gazetteer().get(country).label if country and gazetteer().get(country) else None  # type: ignore[union-attr]
        label = " ".join([*words, noun.text]).capitalize() + (f" in {where}" if where else "")
        _register(ctx, country, region, *spread_to)
        return [Conflict(label, country, region, start, tuple(dict.fromkeys(spread_to)), spread, span)]
    return []


def _elections(
    said: list[tuple[Statement, Any]], doc: Any, span: TextSpan, ctx: _Context, lex: Lexicon
) -> list[tuple[int, Election]]:
    """Elections a speaker pledges ("pledged that Mali would return to civilian rule in February after
    … elections were held"): status planned, dated in the future of the publication."""
    found: list[tuple[int, Election]] = []
    for n, (statement, verb) in enumerate(said):
        if statement.act != "pledged" or verb is None:
            continue
        content = [t for c in verb.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree]
        if not any(t.lemma_.lower() in lex.election_words for t in content):
            continue
        low = span.start + min(t.idx for t in content)
        high = span.start + max(t.idx + len(t) for t in content)
        future = find_times(span.text, ctx.anchor, offset=span.start, future=True) if ctx.anchor else []
        when = next((t for t in future if low <= t.start < high), None)
        states = [p.id for e in doc.ents if e.root in content and (p := _entry(e)) is not None and p.type == "state"]
        country = states[0] if states else ctx.main_country()
        if country is None:
            continue
        _register(ctx, country)
        found.append((n, Election(country, when, "planned", None, span)))
    return found


def _disrupted(elections: list[Election], coups: list[_CoupMention], ctx: _Context) -> list[Election]:
    """A coup whose sentence says it disrupted the schedule upsets the last election pledged before it."""
    result = list(elections)
    for coup in coups:
        if not coup.disrupts or coup.date is None:
            continue
        country = coup.country or ctx.home
        before = [i for i, e in enumerate(result) if e.country == country and e.span.start < coup.span.start]
        if before and result[before[-1]].disrupted_by is None and country is not None:
            result[before[-1]] = replace(result[before[-1]], disrupted_by=(country, coup.date.value[:7]))
    return result


def _quarter(verb: Any, clause: set[int], ctx: _Context, lex: Lexicon) -> str | None:
    """ "in the north of the country" (or "of Mali"): the gazetteer's region "northern Mali", if it has one."""
    gaz = gazetteer()
    for token in verb.doc:
        if token.i not in clause or token.lower_ not in lex.quarters:
            continue
        of = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        state = None
        for obj in of:
            entry = _entry(_ent_at(obj))
            if entry is not None and entry.type == "state":
                state = entry
            elif obj.lower_ == "country" and ctx.main_country():
                state = gaz.get(ctx.main_country() or "")
        if state is not None:
            region = gaz.lookup(f"{lex.quarters[token.lower_]} {state.label}")
            if region is not None and region.type == "region":
                return region.id
    return None
