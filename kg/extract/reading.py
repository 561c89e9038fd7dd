"""Rules over the dependency parse: actors, attributed statements and events of one article.

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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from kg.extract.dates import TimeValue, find_times, resolve
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
from kg.extract.gazetteer import Entry, fold, gazetteer
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.quantities import Quantity, find_quantities

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
    state_mentions: Counter[str] = field(default_factory=Counter)
    titles: dict[str, set[str]] = field(default_factory=dict)  # person key → titles met with the name

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
        return actor.key

    def main_country(self) -> str | None:
        """The state the article is most about: most mentioned, the first mentioned on a tie."""
        if not self.state_mentions:
            return None
        best = max(self.state_mentions.values())
        return next(k for k, v in self.state_mentions.items() if v == best)


def read(sentences: Sequence[tuple[int, str]], docs: Sequence[Any], article_text: str, anchor: date | None) -> Reading:
    """Read an article's story sentences.

    Args:
        sentences: ``(start offset, text)`` of each story sentence, in order.
        docs: the spaCy doc of each sentence.
        article_text: the whole article text (for spans).
        anchor: the publication date, against which relative dates resolve.

    Returns:
        The actors, statements and events, deterministic for a given input.
    """
    ctx = _Context(article_text=article_text, anchor=anchor)
    lex = lexicon()
    for doc in docs:  # first pass: which state the article is about
        for ent in doc.ents:
            entry = _entry(ent)
            if entry is not None and entry.type == "state":
                ctx.state_mentions[entry.id] += 1
            elif entry is not None and entry.country and entry.type in ("settlement", "government", "armed_force"):
                ctx.state_mentions[entry.country] += 1
    statements: list[Statement] = []
    coups: list[_CoupMention] = []
    deployments: list[Deployment] = []
    changes: list[TroopChange] = []
    handovers: list[BaseHandover] = []
    conflicts: list[Conflict] = []
    elections: list[Election] = []
    for (start, text), doc in zip(sentences, docs, strict=True):
        span = TextSpan(start, start + len(text), text)
        times = find_times(text, anchor, offset=start) if anchor else []
        quantities = find_quantities(text, offset=start)
        said = _statements(doc, span, times, ctx, lex)
        for ent in doc.ents:
            entry = _entry(ent)
            if entry is not None and entry.type == "pmc":
                ctx.last_pmc = entry.id
        claims = _deployments(doc, span, quantities, times, said, ctx, lex)
        first = len(deployments)
        deployments.extend(d for d, _ in claims)
        for n, (statement, _verb) in enumerate(said):
            about = tuple(first + i for i, (_, by) in enumerate(claims) if n in by)
            denied = tuple(i for i in about if deployments[i].status == "denied")
            if denied:  # one stance per statement: a denial is about what it denies
                statement = replace(statement, about=denied, stance="denies")
            elif about:
                undecided = all(not deployments[i].claimed_by for i in about)
                statement = replace(statement, about=about, stance=None if undecided else "affirms")
            statements.append(statement)
        coups.extend(_coups(doc, span, times, ctx, lex))
        changes.extend(_troop_changes(doc, span, quantities, times, ctx, lex))
        handovers.extend(_handovers(doc, span, quantities, times, ctx, lex))
        conflicts.extend(_conflicts(doc, span, times, ctx, lex))
        for n, election in _elections(said, doc, span, ctx, lex):
            at = len(statements) - len(said) + n
            statements[at] = replace(statements[at], pledges=(*statements[at].pledges, len(elections)))
            elections.append(election)
    return Reading(
        actors=tuple(sorted(ctx.actors.values(), key=lambda a: a.key)),
        statements=tuple(statements),
        coups=_merge_coups(coups, ctx),
        deployments=tuple(deployments),
        troop_changes=tuple(changes),
        handovers=tuple(_date_handovers(handovers, changes)),
        conflicts=tuple(conflicts),
        elections=tuple(_disrupted(elections, coups, ctx)),
    )


# -- actors --------------------------------------------------------------------------------------


def _entry_actor(entry: Entry) -> Actor:
    return Actor(key=entry.id, label=entry.label, cls=entry.cls, country=entry.country)


def _entry(ent: Any) -> Entry | None:
    """The gazetteer entry an entity span was matched to by the EntityRuler, if any."""
    return gazetteer().get(ent.ent_id_) if ent is not None and ent.ent_id_ else None


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
        if kind == "person":
            return ctx.last_speaker if ctx.last_speaker else ctx.last_person
        if kind == "group" and ctx.last_speaker:
            return ctx.last_speaker
        last = ctx.actors.get(ctx.last_speaker or "")
        if kind == "thing" and as_speaker and last is not None and last.cls not in ("Person", "AnonymousSource"):
            return last.key  # "The African Union has denounced the coup … It implored the army …"
        return None
    ent = _ent_at(head)
    np = _np_tokens(head)
    np_ents = [e for e in head.doc.ents if any(e.start <= t.i < e.end for t in np)]
    # A role noun with a name inside ("Foreign Minister Sergey Lavrov") is the named person.
    if ent is None and lower in lex.role_nouns:
        persons = [e for e in np_ents if e.label_ == "PERSON"]
        if persons:
            ent = persons[-1]
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
            key = _person(ent.text, ctx)
            ctx.titled(key, [t.text for t in head.doc[max(0, ent.start - 2) : ent.start]] + ent.text.split())
            return key
        if ent.label_ == "ORG":
            return ctx.add(Actor(key=f"local:{_slug(ent.text)}", label=ent.text, cls="Organisation"))
        if ent.label_ == "NORP" and as_speaker:
            return None
    titled = _titled_person(head, np, ctx, lex)
    if titled is not None:
        return titled
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
        return ctx.last_speaker
    label = _label(np)
    if not label:
        return None
    entry = gaz.lookup(label)
    if entry is not None:
        return ctx.add(_entry_actor(entry))
    if head.lemma_.lower() in lex.group_heads and head.tag_ in ("NNS", "NNPS"):
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="GroupOfStates"))
    if head.pos_ == "PROPN":
        if any(c.dep_ == "appos" and c.lemma_.lower() in lex.role_nouns for c in head.children):
            return _person(label, ctx)  # "Ousmane Diallo, special adviser to the president"
        return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="Organisation"))
    return None


def _titled_person(head: Any, np: list[Any], ctx: _Context, lex: Lexicon) -> str | None:
    """ "the French president" after "President Emmanuel Macron": the person named with that title
    (of that nationality, when the phrase gives one), the latest such."""
    if not ctx.titles or not np or np[0].lower_ != "the":
        return None
    title = head.lower_.rstrip(".")
    if title not in {t.lower().rstrip(".") for t in lex.titles}:
        return None
    gaz = gazetteer()
    nationality = next((state.id for t in np if (state := gaz.demonym(t.text)) is not None), None)
    for key in reversed(list(ctx.titles)):
        person = gaz.get(key)
        if title in ctx.titles[key] and (nationality is None or person is None or person.country == nationality):
            return key
    return None


def _person(name: str, ctx: _Context) -> str:
    """A named person; a surname alone finds the full name met before."""
    titles = "|".join(re.escape(t) for t in lexicon().titles)
    name = re.sub(rf"^(?:{titles})\s+", "", name)
    folded = fold(name)
    entry = gazetteer().lookup(name)
    if entry is not None:
        ctx.last_person = entry.id
        return ctx.add(_entry_actor(entry))
    for actor in ctx.actors.values():
        if actor.cls == "Person" and (fold(actor.label).endswith(" " + folded) or fold(actor.label) == folded):
            ctx.last_person = actor.key
            return actor.key
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


# -- statements ------------------------------------------------------------------------------------


def _speech_verbs(doc: Any, lex: Lexicon) -> list[Any]:
    verbs = []
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma not in lex.speech_verbs or token.pos_ not in ("VERB", "AUX"):
            continue
        trailing = token.dep_ == "acl" and _trailing_acl(token)
        if token.dep_ in ("amod", "compound", "nmod", "acl") and lemma != "say" and not trailing:
            continue
        if not _is_speech(token, lex):
            continue
        if (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and token.i < token.head.i
            and token.head.lemma_.lower() in lex.speech_verbs
        ):
            continue  # "Announcing the move …, Mr Macron said …": one statement, the main verb's
        verbs.append(token)
    return verbs


def _is_speech(verb: Any, lex: Lexicon) -> bool:
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    deps = {c.dep_ for c in children}
    # "declined to comment", "refused to say"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.not_speech_governors:
        return False
    # "did not respond to a request for comment"
    for child in children:
        if child.dep_ == "prep":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if any(o.lower_ in lex.not_speech_objects for o in objects):
                return False
    if "neg" in deps and lemma in ("respond", "comment", "reply", "confirm"):
        return False
    # passive "are said to be": no speaker
    if ("auxpass" in deps or "nsubjpass" in deps) and "agent" not in deps:
        return False
    if lemma in lex.clause_only and not deps & {"ccomp", "xcomp"} and not QUOTE.search(verb.doc.text):
        return False  # "maintain a military presence"
    if lemma in lex.needs_complement:
        has_complement = deps & {"ccomp", "dobj", "xcomp", "oprd"} or any(
            c.dep_ == "prep" and c.lower_ in ("for", "on") for c in children
        )
        inverted = verb.dep_ in ("ccomp", "parataxis", "advcl", "conj") and verb.i > verb.head.i and "nsubj" in deps
        if not has_complement and not inverted and not QUOTE.search(verb.doc.text):
            return False
    return True


def _subjects(verb: Any) -> list[Any]:
    """The subject heads of a reporting verb, following "…, adding" and "…and accused" up.

    A sentence-final attribution the parser hangs elsewhere ("…, the Le Faso news portal reported
    on Monday", "…, Fidele Gouandjika, special minister and presidential adviser, has said") finds
    the phrase just before the verb.
    """
    if verb.dep_ == "acl" and _trailing_acl(verb):
        return [verb.head]
    if verb.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children):
        trailing = _trailing_subject(verb)
        if trailing is not None:
            return [trailing]
    current = verb
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        agents = [g for c in current.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents:
            subjects = agents
        if subjects:
            heads: list[Any] = []
            for subject in subjects:
                heads.append(subject)
                heads.extend(_conjuncts(subject))
            return heads
        before = current.doc[current.i - 1] if current.i > 0 else None
        if before is not None and before.pos_ in ("NOUN", "PROPN") and current.dep_ == "conj":
            root = before
            while root.dep_ == "conj" and root.head is not root:
                root = root.head
            if root.dep_ == "pobj" and root.head.lower_ in ("as", "while", "when", "after", "because"):
                return [root, *_conjuncts(root)]
        if current.dep_ in ("conj", "advcl", "xcomp", "ccomp") and current.head is not current:
            current = current.head
            continue
        break
    return []


def _trailing_acl(verb: Any) -> bool:
    """ "…, the Le Faso news portal reported on Monday.": a reporting verb ending the sentence after
    the noun it hangs on, that noun set off by a comma."""
    head = verb.head
    after = [t for t in verb.doc[verb.i + 1 :] if not t.is_punct]
    rest_is_adjunct = all(t.dep_ in ("prep", "pobj", "npadvmod", "advmod", "det", "compound") for t in after)
    edge = head.left_edge.i
    return bool(head.pos_ in ("NOUN", "PROPN") and edge > 0 and verb.doc[edge - 1].text == "," and rest_is_adjunct)


def _trailing_subject(verb: Any) -> Any:
    """The speaker of a subjectless, sentence-final reporting verb: the phrase before ", (has) said"."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and doc[j].dep_ in ("aux", "neg", "advmod"):
        j -= 1
    if j < 1 or doc[j].text != ",":
        return None
    node = doc[j - 1]
    heads: list[Any] = []
    while node.dep_ in ("pobj", "prep", "appos", "conj", "amod", "compound", "npadvmod", "dep"):
        if node.dep_ in ("appos", "conj", "npadvmod", "dep") and node.pos_ in ("NOUN", "PROPN"):
            heads.append(node)
        if node.head is node or node.head.pos_ in ("VERB", "AUX"):
            break
        node = node.head
    named = [h for h in heads if h.pos_ == "PROPN" or h.ent_type_ in ("PERSON", "ORG")]
    return named[0] if named else (heads[-1] if heads else None)


def _conjuncts(head: Any) -> list[Any]:
    """Further subjects joined to ``head`` ("X, Y and Z"), as conjuncts or as appositions that are new sources."""
    found = []
    for child in head.children:
        if (child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN")) or (
            child.dep_ == "appos"
            and child.pos_ == "NOUN"
            and any(d.lower_ in ("a", "an", "another") for d in child.children)
        ):
            found.append(child)
            found.extend(_conjuncts(child))
    return found


def _statements(
    doc: Any, span: TextSpan, times: list[TimeValue], ctx: _Context, lex: Lexicon
) -> list[tuple[Statement, Any]]:
    """The sentence's statements, each with its reporting verb (None for "according to" and bare quotes)."""
    quotes = [
        TextSpan(
            span.start + m.start(m.lastindex or 1), span.start + m.end(m.lastindex or 1), m.group(m.lastindex or 1)
        )
        for m in QUOTE.finditer(doc.text)
    ]
    found: list[tuple[Statement, Any]] = []
    verbs = _speech_verbs(doc, lex)
    for verb in verbs:
        speakers = [k for k in (_resolve(h, ctx, lex, as_speaker=True) for h in _subjects(verb)) if k]
        if not speakers:
            continue
        act = lex.speech_verbs[verb.lemma_.lower()]
        own_quotes = tuple(q for q in quotes if _governs(verb, q, span, verbs))
        content = _content(verb) or (own_quotes[0].text if own_quotes else None)
        channel = None
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and verb.lemma_.lower() == "tell":
                channel = _resolve(child, ctx, lex, as_speaker=False)
        when = _nearest_time(times, span.start + verb.idx)
        for speaker in dict.fromkeys(speakers):
            found.append((Statement(speaker, act, verb.text, content, own_quotes, when, channel, span), verb))
        ctx.last_speaker = speakers[-1]
    for token in doc:  # "according to X"
        if token.lower_ == "according" and token.i + 1 < len(doc) and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            if not objects:  # "According to Foreign Minister Sergey Lavrov, …" parsed as the clause's subject
                objects = [e.root for e in doc.ents if e.start == token.i + 2 and e.label_ in ("PERSON", "ORG", "GPE")]
            for obj in objects:
                cited = [
                    g
                    for c in obj.children
                    if c.dep_ == "relcl" and c.lemma_.lower() in ("cite", "quote")
                    for g in c.children
                    if g.dep_ == "dobj"
                ]
                relay = next((c for c in obj.children if c.dep_ == "compound" and c.ent_type_ == "ORG"), None)
                relayed_by = None
                if cited:  # "according to a Reuters report, which cited one of the officers"
                    relayed_by = _resolve(relay, ctx, lex, as_speaker=False) if relay is not None else None
                    obj = cited[0]
                elif obj.lemma_.lower() in lex.statement_nouns and relay is not None:
                    obj = relay
                source = _resolve(obj, ctx, lex, as_speaker=True)
                if source:
                    statement = Statement(source, "said", "according to", None, tuple(quotes), None, None, span)
                    found.append((replace(statement, relayed_by=relayed_by), None))
                    ctx.last_speaker = source
    if not found and quotes and ctx.last_speaker and _is_bare_quote(doc.text) and len(quotes[0].text.split()) >= 5:
        found.append((Statement(ctx.last_speaker, "said", "", quotes[0].text, tuple(quotes), None, None, span), None))
    return found


def _is_bare_quote(text: str) -> bool:
    """A sentence that is all quotation, with no reporting verb of its own."""
    stripped = text.strip()
    return stripped[:1] in '“"' and sum(len(m.group(0)) for m in QUOTE.finditer(stripped)) >= 0.8 * len(stripped)


def _governs(verb: Any, quote: TextSpan, span: TextSpan, verbs: list[Any]) -> bool:
    """Whether ``quote`` belongs to ``verb``: of the sentence's reporting verbs, the one nearest to it."""

    def distance(v: Any) -> int:
        at = span.start + v.idx
        return int(min(abs(at - quote.start), abs(at - quote.end)))

    return bool(min(verbs, key=distance).i == verb.i)


def _content(verb: Any) -> str | None:
    if verb.dep_ == "acl":  # "<what was reported>, the news portal reported on Monday."
        before = verb.doc[: max(verb.head.left_edge.i - 1, 0)]
        return before.text.strip() or None
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp"):
            tokens = [t for t in child.subtree if t.dep_ != "mark" or t.head is not child]
            text = _text(tokens)
            return text.strip('“”" ') or None
    for child in verb.children:
        if child.dep_ == "dobj":
            return _text(child.subtree) or None
    return None


def _nearest_time(times: list[TimeValue], position: int) -> TimeValue | None:
    if not times:
        return None
    return min(times, key=lambda t: min(abs(t.start - position), abs(t.end - position)))


# -- deployments -----------------------------------------------------------------------------------


def _force_mentions(doc: Any, ctx: _Context, lex: Lexicon) -> list[tuple[str, str | None, Any]]:
    """(force key, role word, token) for every force the sentence mentions."""
    gaz = gazetteer()
    found: list[tuple[str, str | None, Any]] = []
    used: set[int] = set()
    for token in doc:
        company = token.lower_ in lex.pmc_heads and any(c.lower_ == "military" for c in token.children)
        if (token.lower_ not in lex.force_roles and not company) or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.dep_ in ("nsubj",) and any(c.lemma_.lower() in lex.speech_verbs for c in [token.head]):
            continue
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        modifiers += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
        force: Entry | None = None
        state: Entry | None = None
        for mod in modifiers:
            ent = _ent_at(mod)
            entry = _entry(ent)
            if entry is not None and entry.type in ("pmc", "armed_force"):
                force = entry
            elif entry is not None and entry.type == "state":
                state = entry
            elif gaz.demonym(mod.text) is not None:
                state = gaz.demonym(mod.text)
        role = token.lower_
        key: str | None = None
        if company and force is not None and force.type == "armed_force" and force.country:
            key = _pmc_of(force.country, token, ctx)  # "Russian military" tagged as the army
        if force is None and state is not None:
            if role in lex.pmc_roles or company:  # "a private Russian military company", "Russian mercenaries"
                key = _pmc_of(state.id, token, ctx)
            else:
                force = gaz.of_country(state.id, "armed_force")
        if key is not None:
            found.append((key, role, token))
            used.update(t.i for t in modifiers)
            continue
        owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)  # "its troops"
        if force is None and state is None and (token.head.lemma_.lower() in lex.sending_verbs or owned):
            # "France has about 4,300 troops in the Sahel", "the Russian Defence Ministry sent
            # instructors", "France will withdraw its troops": the subject's armed force
            for subject in _subjects_of(token.head):
                owner = _entry(_ent_at(subject))
                owner_state = None
                if owner is not None:
                    owner_state = owner.id if owner.type == "state" else owner.country
                force = gaz.of_country(owner_state, "armed_force") if owner_state else None
                if force is not None:
                    break
        if force is None and role in lex.pmc_roles and ctx.last_pmc:
            force = gaz.get(ctx.last_pmc)
        if force is None:
            continue
        found.append((force.id, role, token))
        used.update(t.i for t in modifiers)
    for ent in doc.ents:
        entry = _entry(ent)
        if entry is None or entry.type not in ("pmc", "armed_force") or any(ent.start <= i < ent.end for i in used):
            continue
        if _in_speaker_phrase(ent.root):
            continue
        if any(f == entry.id and abs(t.i - ent.root.i) <= 3 for f, _, t in found):
            continue  # the same mention ("Wagner mercenaries")
        found.append((entry.id, None, ent.root))
    return found


def _pmc_of(state: str, token: Any, ctx: _Context) -> str:
    """The private military company a phrase like "a private Russian military company" names.

    The one of that state the article has named ("… the Wagner group" earlier); otherwise an unnamed
    company of its own, since naming it would be inference, not reading.
    """
    gaz = gazetteer()
    named = gaz.get(ctx.last_pmc) if ctx.last_pmc else None
    if named is not None and named.country == state:
        return named.id
    label = _label(_np_tokens(token))
    return ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="PrivateMilitaryCompany", country=state))


def _subjects_of(verb: Any) -> list[Any]:
    """A verb's subjects, shared through "and"/"but" ("France intervened … and now has … troops") and
    "wants to" ("France wants to reduce its contingent"); a relative pronoun is the noun it stands for
    ("the U.S., which has … 800 troops")."""
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ == "nsubj"]
        if subjects:
            return [node.head if s.tag_ in ("WDT", "WP") and node.dep_ == "relcl" else s for s in subjects]
        if node.dep_ not in ("conj", "xcomp") or node.head is node:
            return []
        node = node.head
    return []


def _has_deployment_trigger(doc: Any, lex: Lexicon) -> bool:
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma == "be":
            if any(c.dep_ == "prep" and c.lower_ in ("in", "on", "across") for c in token.children) or any(
                c.dep_ == "acomp" and c.lower_ == "present" for c in token.children
            ):
                return True
            continue
        if lemma in lex.deployment_verbs or lemma in lex.deployment_nouns or token.lower_ in lex.deployment_nouns:
            return True
        if token.lower_ == "ground" and token.head.lower_ == "on":
            return True
        if lemma in ("have", "keep", "maintain") and any(
            c.dep_ == "dobj" and c.lower_ in lex.force_roles for c in token.children
        ):
            return True
    return False


def _deployments(
    doc: Any,
    span: TextSpan,
    quantities: list[Quantity],
    times: list[TimeValue],
    said: list[tuple[Statement, Any]],
    ctx: _Context,
    lex: Lexicon,
) -> list[tuple[Deployment, frozenset[int]]]:
    """The deployment claims of a sentence, each with the statements (indexes into ``said``) that make it.

    A force mention belongs to the statement whose reporting verb governs it through its content
    (the reported clause or object), not through a modifier ("said on Friday, amid tensions over
    the alleged involvement of …" is the narrator's). One record per force and claimant set.
    """
    if not _has_deployment_trigger(doc, lex):
        return []
    mentions = _force_mentions(doc, ctx, lex)
    if not mentions:
        return []
    gaz = gazetteer()
    places: list[str] = []
    host: str | None = None
    for ent in doc.ents:
        entry = _entry(ent)
        if entry is None:
            continue
        if ent.root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") or _in_speaker_phrase(ent.root):
            continue  # "Paris has said", "accused Moscow", "Mali's neighbours": actors, not places
        if entry.type == "state" and ent.label_ != "NORP":
            host = host or entry.id
        elif entry.is_place:
            places.append(entry.id)
            if host is None and entry.country:
                host = entry.country
    host = host or ctx.main_country()
    result: dict[tuple[str, frozenset[int], str], tuple[Deployment, frozenset[int]]] = {}
    for force, role, token in mentions:
        by = _claimed_in(token, said)
        acts = {said[i][0].act for i in by}
        if _hypothetical(token, lex) and "denied" not in acts:  # "denied any deployment" is a denial
            continue
        undecided = _undecided(token, lex)
        entry = gaz.get(force)
        local = ctx.actors.get(force)
        sending = entry.country if entry is not None else local.country if local is not None else None
        if sending is not None and sending == host:
            continue  # a state's own army at home is not a deployment
        status = "alleged" if undecided else _status(doc, token, acts, lex)
        claimants = () if undecided else tuple(dict.fromkeys(said[i][0].speaker for i in sorted(by)))
        key = (force, by, status)
        if key in result:
            continue
        deployment = Deployment(
            force=force,
            sending_state=sending,
            host=host,
            places=tuple(dict.fromkeys(places)),
            size=_size_for(token, quantities, span),
            role=role,
            status=status,
            claimed_by=claimants,
            date=_clause_time(token, times, span),
            span=span,
        )
        result[key] = (deployment, by)
        exclusive = any(c.lower_ in lex.exclusive_words for c in token.children)
        pmc = gaz.get(ctx.last_pmc) if ctx.last_pmc else None  # only the company the article has named
        pmc = pmc if pmc is not None and pmc.country == sending else None
        if exclusive and status != "denied" and role not in lex.pmc_roles and pmc is not None and pmc.id != force:
            # "only Russian military advisers had been deployed": the mercenaries are denied
            denial = replace(deployment, force=pmc.id, size=None, role=None, status="denied")
            result[(pmc.id, by, "denied")] = (denial, by)
    for deployment, _ in result.values():
        _register(ctx, deployment.force)
        _register(ctx, deployment.host, deployment.sending_state, *deployment.places)
    return list(result.values())


def _clause_time(token: Any, times: list[TimeValue], span: TextSpan) -> TimeValue | None:
    """The time of the clause a force is mentioned in (or of the verb reporting it), never a time of a
    clause joined to it ("France intervened in 2013 and now has around 5,000 troops")."""
    for node in token.ancestors:
        if node.pos_ not in ("VERB", "AUX"):
            continue
        clause = _clause(node)
        low = span.start + min(t.idx for t in clause)
        high = span.start + max(t.idx + len(t) for t in clause)
        own = [t for t in times if low <= t.start < high]
        if own:
            return min(own, key=lambda t: abs(t.start - (span.start + token.idx)))
        if node.dep_ not in ("ccomp", "xcomp", "advcl", "relcl", "acl"):
            return None
    return None


def _claimed_in(token: Any, said: list[tuple[Statement, Any]]) -> frozenset[int]:
    """The statements whose reporting verb governs ``token`` through its content.

    Statements with no verb of their own ("according to X", a bare quote) cover the whole sentence.
    """
    verbs = {verb.i: n for n, (_, verb) in enumerate(said) if verb is not None}
    child = token
    for ancestor in token.ancestors:
        if ancestor.i in verbs:
            if child.dep_ in ("ccomp", "xcomp", "dobj", "parataxis", "conj", "advcl", "nsubj", "attr", "oprd"):
                return frozenset(n for n, (_, verb) in enumerate(said) if verb is not None and verb.i == ancestor.i)
            break
        child = ancestor
    return frozenset(n for n, (_, verb) in enumerate(said) if verb is None)


def _hypothetical(token: Any, lex: Lexicon) -> bool:
    """ "any deployment of Wagner would be …", "unacceptable for Wagner to deploy": no claim that it happened."""
    for node in [token, *token.ancestors]:
        if any(c.dep_ == "det" and c.lower_ in lex.hypothetical_determiners for c in node.children):
            return True
        if node.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            head = node.head
            return head.pos_ == "ADJ" or any(c.dep_ == "acomp" and c.pos_ == "ADJ" for c in head.children)
        if node.pos_ == "VERB" and node.dep_ in ("ROOT", "ccomp"):
            return False
    return False


def _undecided(token: Any, lex: Lexicon) -> bool:
    """ "the alleged activity of Wagner was still being assessed": the speaker takes no side."""
    for node in token.ancestors:
        if node.pos_ == "VERB":
            return node.lemma_.lower() in lex.undecided_words
    return False


def _status(doc: Any, token: Any, acts: set[str], lex: Lexicon) -> str:
    """The reported status of a deployment, from the words near its force and the speech acts."""
    window = doc[max(0, token.i - 7) : min(len(doc), token.i + 5)]
    lemmas = {t.lemma_.lower() for t in window} | {t.lower_ for t in window}
    speech = lex.speech_verbs
    for ancestor in token.ancestors:  # up to the reporting verb: its act is in ``acts``
        if ancestor.lemma_.lower() in speech and ancestor.pos_ in ("VERB", "AUX"):
            break
        lemmas.add(ancestor.lemma_.lower())
    if "denied" in acts or lemmas & {"deny", "denial"}:
        return "denied"
    if "consider" in lemmas:
        return "considered"
    if lemmas & lex.status_words["confirmed"]:
        return "confirmed"
    if lemmas & {"alleged", "allegedly", "suspected", "reportedly"} or acts & {"accused", "condemned", "claimed"}:
        return "alleged"
    verb = next((a for a in [token, *token.ancestors] if a.pos_ in ("VERB", "AUX")), None)
    future = verb is not None and any(c.dep_ == "aux" and c.lower_ in ("will", "shall") for c in verb.children)
    if future or lemmas & {"plan", "intend"}:
        return "planned"  # "France will withdraw its troops"
    if lemmas & lex.status_words["withdrawn"]:
        return "withdrawn"
    return "reported"


def _in_speaker_phrase(token: Any) -> bool:
    """Whether a token lies in the subject phrase of a reporting verb ("officials in Bamako said")."""
    speech = lexicon().speech_verbs
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ in ("nsubj", "nsubjpass") and ancestor.head.lemma_.lower() in speech:
            # "the alleged activity of Wagner was being assessed": a passive with no agent has no speaker
            return ancestor.dep_ == "nsubj" or any(c.dep_ == "agent" for c in ancestor.head.children)
    return False


def _size_for(token: Any, quantities: list[Quantity], span: TextSpan) -> Quantity | None:
    position = span.start + token.idx
    best = None
    for quantity in quantities:
        if quantity.end <= position and position - quantity.end <= 40:
            best = quantity
    return best


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


def _coups(doc: Any, span: TextSpan, times: list[TimeValue], ctx: _Context, lex: Lexicon) -> list[_CoupMention]:
    gaz = gazetteer()
    triggers = []
    leader_mentions: list[Any] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.lower_ in lex.coup_nouns or lemma in lex.coup_nouns:
            if token.tag_ in ("NNS", "NNPS") or (token.lower_.endswith("s") and token.lower_ != "coup"):
                continue  # "recent coups": generic
            if any(c.lower_ in lex.unsuccessful for c in token.children):
                continue
            if token.head.lemma_.lower() in lex.not_event_heads:
                continue
            if token.dep_ == "compound":
                leader_mentions.append(token.head)
                continue
            triggers.append(token)
        elif lemma in lex.coup_verbs and token.pos_ == "VERB":
            objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
            takes_power = lemma in lex.power_verbs and any(o.lemma_.lower() in lex.power_objects for o in objects)
            ousts = lemma in lex.ousting_verbs and any(
                o.lemma_.lower() in lex.ousted_titles or o.ent_type_ == "PERSON" for o in objects
            )
            if takes_power or ousts:
                triggers.append(token)
    triggers = [t for t in triggers if t.head.lemma_.lower() not in lex.not_event_heads]  # "any attempt to seize power"
    if not triggers:
        return _coup_leaders(leader_mentions, span, ctx, lex)
    trigger = triggers[0]
    country: str | None = None
    states: list[tuple[int, str]] = []
    for ent in doc.ents:
        entry = _entry(ent)
        if entry is not None and entry.type == "state" and ent.label_ != "NORP":
            if ent.root.dep_ in ("nsubj", "nsubjpass", "dobj", "dative"):
                continue  # "France announced … after the putsch": an actor, not the coup's country
            states.append((abs(ent.root.i - trigger.i), entry.id))
            if ent.root.head.lower_ == "in" and ent.root.head.head.i == trigger.i:
                country = entry.id
    if country is None and states:
        main = ctx.main_country()
        country = main if any(s == main for _, s in states) else min(states)[1]
    if country is None:
        for token in trigger.children:
            state = gaz.demonym(token.text)
            if state is not None:
                country = state.id
                break
    leaders: list[str] = []
    ousted: list[str] = []
    hedged = False
    for token in triggers:
        verb = token if token.pos_ == "VERB" else token.head
        for child in verb.children:
            if child.dep_ in ("nsubj",) and (child.ent_type_ == "PERSON" or child.pos_ == "PRON"):
                key = _resolve(child, ctx, lex, as_speaker=False)
                if key and ctx.actors.get(key) and ctx.actors[key].cls == "Person":
                    leaders.append(key)
        for child in token.subtree:
            if child.lower_ == "led" or child.lemma_.lower() == "lead":
                for agent in child.children:
                    if agent.dep_ == "agent":
                        for obj in agent.children:
                            key = _resolve(obj, ctx, lex, as_speaker=False)
                            if key:
                                leaders.append(key)
        for candidate in doc:
            lemma = candidate.lemma_.lower()
            if (lemma in lex.ousting_verbs or lemma in lex.removal_verbs) and candidate.pos_ == "VERB":
                for obj in candidate.children:
                    if obj.dep_ == "dobj" and (
                        lemma in lex.ousting_verbs
                        or obj.lemma_.lower() in lex.ousted_titles
                        or obj.ent_type_ == "PERSON"
                    ):
                        key = _resolve(obj, ctx, lex, as_speaker=False)
                        if key:
                            ousted.append(key)
        if any(t.lower_ in lex.leader_hedges for t in doc if t.head.lower_ == "leader"):
            hedged = True
    ordinal = next((lex.ordinals[c.lower_] for c in trigger.children if c.lower_ in lex.ordinals), None)
    de_facto = "de facto" in doc.text.lower()
    own = [
        t
        for t in times
        if span.start + min(x.idx for x in trigger.subtree)
        <= t.start
        < span.start + max(x.idx + len(x) for x in trigger.subtree)
    ]
    when = own[0] if own else _nearest_time(times, span.start + trigger.idx)
    if not own and ctx.anchor is not None:
        for child in trigger.children:
            if re.fullmatch(r"(19|20)\d\d", child.text):
                year = resolve(child.text, ctx.anchor)
                if year is not None:
                    when = replace(year, text=child.text, start=span.start + child.idx, end=span.start + child.idx + 4)
    _register(ctx, country, *leaders, *ousted)
    return [
        _CoupMention(
            country=country,
            date=when,
            leaders=tuple(dict.fromkeys(leaders)),
            ousted=tuple(dict.fromkeys(k for k in ousted if k not in leaders)),
            ordinal=ordinal,
            de_facto=de_facto,
            leader_hedged=hedged,
            span=span,
            disrupts=any(t.lemma_.lower() in lex.disrupt_verbs for t in doc),
        )
    ]


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


def _merge_coups(mentions: list[_CoupMention], ctx: _Context) -> tuple[Coup, ...]:
    """One coup per country and month; undated mentions join the latest coup of their country."""
    coups: dict[tuple[str, str], Coup] = {}
    undated: list[_CoupMention] = []
    for mention in mentions:
        country = mention.country or ctx.main_country()
        if country is None:
            continue
        if mention.date is None:
            undated.append(replace(mention, country=country))
            continue
        key = (country, mention.date.value[:7])
        coups[key] = _join(coups.get(key), replace(mention, country=country), mention.date)
    for mention in undated:
        assert mention.country is not None
        same = sorted((k for k in coups if k[0] == mention.country), key=lambda k: k[1])
        if mention.ordinal is not None:
            ranked = [k for k in same if coups[k].ordinal == mention.ordinal]
            same = ranked or same
        if same:
            coups[same[-1]] = _join(coups[same[-1]], mention, coups[same[-1]].date)
        elif ctx.anchor is not None and not mention.leader_only:  # a leader named alone founds no coup
            when = _month_of(ctx.anchor)
            coups[(mention.country, when.value)] = _join(coups.get((mention.country, when.value)), mention, when)
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


# -- troop changes and base handovers -------------------------------------------------------------


def _troop_changes(
    doc: Any, span: TextSpan, quantities: list[Quantity], times: list[TimeValue], ctx: _Context, lex: Lexicon
) -> list[TroopChange]:
    """Changes in a force's size, one per force and kind.

    The trigger's subject (a state → its army, shared through "and"/"but" with earlier verbs) or its
    "of"-object is the force. Dates and sizes come from the trigger's own clause: "by 2023" or a
    future time is the target, a past one the date; "to N" the new size, "from N" (or the count the
    sentence gave before, "that number") the old one.
    """
    gaz = gazetteer()
    found: list[TroopChange] = []
    seen: set[tuple[str, str]] = set()
    for trigger in doc:
        lemma = trigger.lemma_.lower()
        kind = next((k for k, words in lex.change_words.items() if lemma in words), None)
        if kind is None or trigger.pos_ not in ("VERB", "NOUN"):
            continue
        force = _changed_force(trigger, ctx, lex)
        if force is None or (force, kind) in seen:
            continue
        seen.add((force, kind))
        clause = _clause(trigger)
        low = span.start + min(t.idx for t in clause)
        high = span.start + max(t.idx + len(t) for t in clause)
        own_times = [t for t in times if low <= t.start < high]
        own_sizes = [q for q in quantities if low <= q.start < high]
        date = target = None
        for time in own_times:
            ahead = ctx.anchor is not None and time.earliest > ctx.anchor
            if time.text.lower().startswith(lex.target_prepositions) or ahead:
                target = target or time
            else:
                date = date or time
        from_size = next((q for q in own_sizes if _preceded_by(q, span, "from")), None)
        to_size = next((q for q in own_sizes if _preceded_by(q, span, "to")), None)
        if from_size is None and to_size is not None:
            before = [q for q in quantities if q.end <= span.start + trigger.idx]
            from_size = before[-1] if before else None
        place = host = None
        for ent in doc.ents:
            entry = _entry(ent)
            if entry is None or ent.label_ == "NORP":
                continue
            inside = any(t.i in {c.i for c in clause} for t in ent)
            if entry.type == "state" and inside and entry.id != gaz.get(force).country:  # type: ignore[union-attr]
                host = host or entry.id
            elif entry.is_place and (inside or kind == "withdrawal"):
                place = place or entry.id
        if kind == "intervention" and host is None:
            host = ctx.main_country()
        _register(ctx, force, place, host)
        found.append(
            TroopChange(
                force=force,
                kind=kind,
                place=place,
                host=host,
                from_size=from_size,
                to_size=to_size,
                date=date,
                target_date=target if kind in ("reduction", "withdrawal", "reinforcement") else None,
                span=span,
            )
        )
    return found


def _clause(head: Any) -> list[Any]:
    """The tokens of ``head``'s own clause: its subtree without the clauses joined to it."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in ("conj", "cc") or (child.dep_ == "punct" and child.i > head.i):
            continue
        tokens.extend(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


def _preceded_by(quantity: Quantity, span: TextSpan, word: str) -> bool:
    before = span.text[: quantity.start - span.start].split()
    return bool(before) and before[-1].lower() == word


def _changed_force(trigger: Any, ctx: _Context, lex: Lexicon) -> str | None:
    gaz = gazetteer()
    candidates: list[Any] = []
    if trigger.pos_ == "NOUN":
        candidates += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        candidates += [c for c in trigger.children if c.dep_ in ("poss", "compound", "amod")]
    node = trigger
    for _ in range(5):  # up through "plans to reduce", "… and now has … but plans", "announced a reduction"
        candidates += [c for c in node.children if c.dep_ in ("nsubj", "dobj") and c is not trigger]
        if node.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep") and node.head is not node:
            node = node.head
        else:
            break
    for candidate in candidates:
        ent = _ent_at(candidate)
        entry = _entry(ent)
        if entry is None:
            state = gaz.demonym(candidate.text)
            if state is not None:
                entry = state
            elif candidate.lower_ in lex.force_roles:
                for mod in candidate.children:
                    state = gaz.demonym(mod.text)
                    if state is not None:
                        entry = state
        if entry is None:
            continue
        if entry.type in ("armed_force", "pmc"):
            return entry.id
        if entry.type in ("state", "government"):
            state_id = entry.id if entry.type == "state" else entry.country
            force = gaz.of_country(state_id, "armed_force") if state_id else None
            if force is not None:
                return force.id
    return None


def _handovers(
    doc: Any, span: TextSpan, quantities: list[Quantity], times: list[TimeValue], ctx: _Context, lex: Lexicon
) -> list[BaseHandover]:
    """Bases handed over: one record for the whole, and one per place named after "including"."""
    verbs = [t for t in doc if t.lemma_.lower() in lex.handover_verbs and t.pos_ == "VERB"]
    if not verbs or not any(t.lower_ in lex.base_nouns for t in doc):
        return []
    mentions = _force_mentions(doc, ctx, lex)
    if not mentions:
        return []
    gaz = gazetteer()
    from_actor = mentions[0][0]
    to_actor = mentions[1][0] if len(mentions) > 1 else None
    if to_actor is None and re.search(
        r"\bto (?:the )?(?:state|local|national|government|army|armed)? ?(?:forces|army|troops|military)\b", doc.text
    ):
        host = ctx.main_country()
        force = gaz.of_country(host, "armed_force") if host else None
        to_actor = force.id if force is not None and force.id != from_actor else None
    region: str | None = None
    places: list[str] = []
    named: list[str] = []
    including = next((t.i for t in doc if t.lower_ in lex.including_words), None)
    for ent in doc.ents:
        entry = _entry(ent)
        if entry is None or not entry.is_place:
            continue
        ctx.add(_entry_actor(entry))
        if entry.type == "region" and region is None:
            region = entry.id
        elif including is not None and ent.start > including:
            named.append(entry.id)
        else:
            places.append(entry.id)
    count = next((q.min for q in quantities if q.unit and fold(q.unit).split()[-1] in lex.base_nouns), None)
    _register(ctx, from_actor, to_actor)
    whole = BaseHandover(
        from_actor=from_actor,
        to_actor=to_actor,
        count=count,
        places=tuple(dict.fromkeys(places)),
        region=region,
        date=times[0] if times else None,
        span=span,
    )
    parts = [replace(whole, count=1, places=(place,), date=None) for place in dict.fromkeys(named)]
    return [whole, *parts]


def _date_handovers(handovers: list[BaseHandover], changes: list[TroopChange]) -> list[BaseHandover]:
    """A force that left a place on a date handed its base there over on that date."""
    dated = []
    for handover in handovers:
        if handover.date is None and len(handover.places) == 1:
            left = next(
                (
                    c
                    for c in changes
                    if c.kind == "withdrawal"
                    and c.force == handover.from_actor
                    and c.place == handover.places[0]
                    and c.date is not None
                    and c.span.start > handover.span.start
                ),
                None,
            )
            if left is not None:
                handover = replace(handover, date=left.date, more=(left.span,))
        dated.append(handover)
    return dated


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
        country = coup.country or ctx.main_country()
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
