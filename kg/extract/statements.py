"""Attributed statements: reporting verbs, their speakers, quotes and content.

Speakers are the subjects of reporting verbs (through "..., adding that" and "and accused" to
the governing verb), the object of "according to", or the agent of a passive; joint subjects give
one statement each. Quoted text belongs to the statement whose verb governs it; a quote with no
reporting verb continues the last speaker. Non-statements ("declined to comment") yield nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kg.extract.actors import QUOTE, _Context, _first_conjunct, _resolve, _text
from kg.extract.dates import TimeValue
from kg.extract.facts import (
    Statement,
    TextSpan,
)
from kg.extract.gazetteer import CLASSES, PLACE_TYPES
from kg.extract.lexicon import Lexicon

# -- statements ------------------------------------------------------------------------------------


def _speech_verbs(doc: Any, lex: Lexicon) -> list[Any]:
    """The reporting verbs of a sentence, outside its quotations.

    Reads: "“We deny it,” the minister said." (one verb: "said"). Not: "deny" inside the quotation.
    """
    quoted = [(m.start(), m.end()) for m in QUOTE.finditer(doc.text)]
    verbs = []
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma not in lex.speech_verbs or token.pos_ not in ("VERB", "AUX"):
            continue
        if any(start < token.idx < end for start, end in quoted):
            continue  # a verb inside a quotation is the speaker's words: “… would like to deny,” he said
        trailing = token.dep_ == "acl" and _trailing_acl(token)
        if token.dep_ in ("amod", "compound", "nmod", "acl") and lemma != "say" and not trailing:
            continue
        if not _is_speech(token, lex):
            continue
        if (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and token.head.lemma_.lower() in lex.speech_verbs
            and not any(c.dep_ == "nsubj" for c in token.children)
            and (token.i < token.head.i or lemma not in lex.new_statement_participles)
            and not _new_act(token, lex)
        ):
            # "Announcing the move …, Mr Macron said …", "The army reported fighting, saying …": one
            # statement, the main verb's
            continue
        verbs.append(token)
    return verbs


def _new_act(participle: Any, lex: Lexicon) -> bool:
    """Whether a trailing participle makes an act of its own ("denied the report, accusing the media of
    lying": a denial and an accusation), not a gloss of its verb's ("reported fighting, saying …")."""
    act = lex.speech_verbs[participle.lemma_.lower()]
    head = lex.speech_verbs.get(participle.head.lemma_.lower())
    return participle.i > participle.head.i and act != "said" and act != head


def _is_speech(verb: Any, lex: Lexicon) -> bool:
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    deps = {c.dep_ for c in children}
    # "declined to comment", "refused to say"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.not_speech_governors:
        return False
    # "because he was not authorised to brief the media": what a source may not do, nothing done
    if verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children):
        return False
    # "did not respond to a request for comment"
    for child in children:
        if child.dep_ == "prep":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if any(o.lower_ in lex.not_speech_objects for o in objects):
                return False
    if "neg" in deps:
        return False  # "did not say whether …", "has not confirmed": a reported non-act, no statement
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in children):
        return False  # "asked whether the government would reject the request": a question, or a condition
    asking = [c for c in children if c.dep_ == "aux" and c.lemma_.lower() == "do"]
    subjects = [c for c in children if c.dep_ == "nsubj"]
    if asking and subjects and asking[0].i < subjects[0].i and verb.doc.text.rstrip().endswith("?"):
        return False  # "What does the government say?": the story's own question, no statement
    if lemma == "add" and any(c.dep_ == "prep" and c.lower_ == "to" for c in children):
        return False  # "sent 300 instructors, adding to a first group": adding to something, saying nothing
    if lemma == "put":  # "put the team at about a dozen": an estimate; "put pressure on" is none
        return _put_at_figure(verb)
    if lemma in _NAMING and any(c.dep_ == "dobj" and c.lower_ in _RELATIVE_OBJECTS for c in children):
        return False  # "condemned what it called an attack", "a coup that the Portuguese call X": a name
    if lemma in lex.expression_verbs:  # "expressed deep concern" is speech, "expressed interest in buying" is not
        return _expressed(verb, lex) is not None
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


#: Verbs that name something when their object is a relative pronoun ("what it called", "that they term").
_NAMING = frozenset({"call", "dub", "term", "label"})
_RELATIVE_OBJECTS = frozenset({"what", "that", "which", "whatever"})


def _put_at_figure(verb: Any) -> bool:
    """Whether "put" sets what it governs at a figure: "put the detachment at “fewer than 100 airmen”", "the
    contingent, which an officer put at about 650 soldiers"."""
    figures = [g for p in verb.children if p.dep_ == "prep" and p.lower_ == "at" for g in p.subtree]
    return any(t.like_num or t.pos_ == "NUM" for t in figures)


def _more_that_clauses(verb: Any) -> list[str]:
    """The reported clauses after the first when a verb reports two coordinated "that" clauses.

    Reads: "The minister said that the troops had left and that the border would reopen." (two
    claims). Not: "The minister said the troops had left and the border was calm." (one clause, one
    claim: no second "that").
    """
    first = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if first is None:
        return []
    more = []
    for clause in first.conjuncts:
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            text = _text([t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)])
            if text:
                more.append(text.strip('“”" '))
    return more


def _expressed(verb: Any, lex: Lexicon) -> str | None:
    """The speech act of "express"/"voice" with an attitude as its object ("expressed concern" → said,
    "voiced outrage" → condemned), or None when the object is no attitude ("expressed interest")."""
    if verb.lemma_.lower() not in lex.expression_verbs:
        return None
    for child in verb.children:
        if child.dep_ == "dobj":
            for word in (child, *child.conjuncts):
                act = lex.expression_objects.get(word.lemma_.lower())
                if act is not None:
                    return act
    return None


def _subjects(verb: Any, lex: Lexicon) -> list[Any]:
    """The subject heads of a reporting verb, following "…, adding" and "…and accused" up (past a reported
    clause the parser hung the second verb on).

    A sentence-final attribution the parser hangs elsewhere ("…, the Zenith news portal reported
    on Monday", "…, Jan Novak, special envoy and adviser to the president, has said") finds
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
                if subject.tag_ in ("WP", "WDT") and current.dep_ == "relcl":
                    subject = current.head  # "…, said Jan Novak, who added that …": Jan Novak
                heads.append(subject)
                heads.extend(_conjuncts(subject))
            return heads
        before = current.doc[current.i - 1] if current.i > 0 else None
        if before is not None and before.pos_ in ("NOUN", "PROPN") and current.dep_ == "conj":
            root = _first_conjunct(before)
            if root.dep_ == "pobj" and root.head.lower_ in ("as", "while", "when", "after", "because"):
                return [root, *_conjuncts(root)]
        if current.dep_ in ("conj", "advcl", "xcomp", "ccomp") and current.head.i != current.i:
            head = current.head
            if (
                current.dep_ == "conj"
                and head.dep_ == "ccomp"
                and head.lemma_.lower() not in lex.speech_verbs
                and head.head.lemma_.lower() in lex.speech_verbs
            ):
                # "insisted that its peacekeepers were a guarantee of stability and accused X of …", the
                # second verb parsed inside the reported clause: the speaker of the clause's verb accuses
                head = head.head
            current = head
            continue
        break
    return []


def _trailing_acl(verb: Any) -> bool:
    """ "…, the Zenith news portal reported on Monday.": a reporting verb ending the sentence after
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
        if node.head.i == node.i or node.head.pos_ in ("VERB", "AUX"):
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
            and head.pos_ != "PROPN"  # "Rosa Meléndez, a lawyer for the officers, denied": one speaker
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
        named: dict[str, Any] = {}  # each speaker and the subject that names it in the sentence
        for head in _subjects(verb, lex):
            key = _resolve(head, ctx, lex, as_speaker=True)
            if key:
                named.setdefault(key, head)
        speakers = list(named)
        if not speakers:
            continue
        verb_span = _words(doc, span, verb, verb)
        act = _expressed(verb, lex) or lex.speech_verbs[verb.lemma_.lower()]
        own_quotes = tuple(q for q in quotes if _governs(verb, q, span, verbs))
        content = _content(verb) or (own_quotes[0].text if own_quotes else None)
        channel = None
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and verb.lemma_.lower() == "tell":
                heard = _resolve(child, ctx, lex, as_speaker=False)
                # "Moscow had told Damascus": a place the parse could not read as a government is no channel
                if heard and (actor := ctx.actors.get(heard)) is not None and actor.cls not in _PLACE_CLASSES:
                    channel = heard
        when = _nearest_time(times, span.start + verb.idx)
        contents = [content, *_more_that_clauses(verb)]
        for speaker in speakers:
            speaker_span = _words(doc, span, named[speaker].left_edge, named[speaker])
            for said_what in contents:  # "said that X and that Y": two claims, one statement each
                statement = Statement(speaker, act, verb.text, said_what, own_quotes, when, channel, span)
                found.append((replace(statement, verb_span=verb_span, speaker_span=speaker_span), verb))
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
                if cited:  # "according to a Reuters report that cited one officer"
                    relayed_by = _resolve(relay, ctx, lex, as_speaker=False) if relay is not None else None
                    obj = cited[0]
                elif obj.lemma_.lower() in lex.statement_nouns and relay is not None:
                    obj = relay
                source = _resolve(obj, ctx, lex, as_speaker=True)
                if source and found:
                    # "According to Reuters, the minister said …": the minister speaks, Reuters relays
                    found = [(replace(st, relayed_by=st.relayed_by or source), v) for st, v in found]
                elif source:
                    statement = Statement(source, "said", "according to", None, tuple(quotes), None, None, span)
                    words = _words(doc, span, token, token.nbor(1))
                    statement = replace(statement, verb_span=words, speaker_span=_words(doc, span, obj.left_edge, obj))
                    found.append((replace(statement, relayed_by=relayed_by), None))
                    ctx.last_speaker = source
    if not found and quotes and ctx.last_speaker and _is_bare_quote(doc.text) and len(quotes[0].text.split()) >= 5:
        found.append((Statement(ctx.last_speaker, "said", "", quotes[0].text, tuple(quotes), None, None, span), None))
    return found


def _words(doc: Any, span: TextSpan, first: Any, last: Any) -> TextSpan | None:
    """The words of a sentence from token ``first`` to token ``last``, as a span of the article's text."""
    start, end = first.idx, last.idx + len(last.text)
    if not 0 <= start < end <= len(doc.text):
        return None
    return TextSpan(span.start + start, span.start + end, doc.text[start:end])


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
            tokens = [t for t in child.subtree if t.dep_ != "mark" or t.head.i != child.i]
            text = _text(tokens)
            return text.strip('“”" ') or None
    for child in verb.children:
        if child.dep_ == "dobj":  # "accused Ruritania of sending troops": the object and what it is accused of
            grounds = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in _GROUNDS and c.i > child.i]
            return _text([t for node in (child, *grounds[:1]) for t in node.subtree]) or None
    return None


#: Prepositions that give what an accusation, a condemnation or a warning is about.
_GROUNDS = frozenset({"of", "for", "over", "about"})


def _nearest_time(times: list[TimeValue], position: int) -> TimeValue | None:
    if not times:
        return None
    return min(times, key=lambda t: min(abs(t.start - position), abs(t.end - position)))


#: The classes of places, which hear nothing ("had told Damascus" read as the city).
_PLACE_CLASSES = frozenset(CLASSES[t] for t in PLACE_TYPES)
