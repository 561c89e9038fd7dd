"""Deployments, troop changes and base handovers.

A deployment is a force and a deployment word in one sentence: one claim per force, with its
status, size, role and the speakers whose reported clause holds it. Troop changes take their
dates and sizes from their own clause; base handovers are dated by the force's departure.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from kg.extract.actors import (
    _Context,
    _country_of_key,
    _ent_at,
    _entry,
    _entry_actor,
    _first_conjunct,
    _label,
    _longer_name,
    _np_tokens,
    _register,
    _resolve,
    _slug,
    _state_of,
    _text,
)
from kg.extract.dates import TimeValue
from kg.extract.facts import (
    Actor,
    BaseHandover,
    Deployment,
    Statement,
    TextSpan,
    TroopChange,
)
from kg.extract.gazetteer import Entry, fold, gazetteer
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.places import PLACE_KINDS, country_of_place
from kg.extract.quantities import Quantity
from kg.extract.statements import _GROUNDS

# -- deployments -----------------------------------------------------------------------------------


def _force_mentions(
    doc: Any, ctx: _Context, lex: Lexicon, pairs: list[tuple[str, Any]] | None = None
) -> list[tuple[str, str | None, Any]]:
    """(force key, role word, token) for every force the sentence mentions; ``pairs`` are its listed
    contingents (:func:`_contingent_pairs`), when the caller has them already."""
    gaz = gazetteer()
    found: list[tuple[str, str | None, Any]] = []
    used: set[int] = set()
    for token in doc:
        company = token.lower_ in lex.pmc_heads and any(c.lower_ == "military" for c in token.children)
        # "France will maintain a military presence in Niger": the presence stands for the force
        presence = token.lemma_.lower() in lex.presence_heads and (
            _modified_by(token, lex.military_modifiers, ("amod",)) or _states_presence(token, ctx, lex)
        )
        # "60 military engineers", "army medics": people of a trade the military makes a force; "a navy
        # patrol vessel", "two coast guard vessels": craft a word of war makes a force's
        # ("U.S. Navy construction engineers": the service may modify the trade's own modifier)
        specialists = (
            token.lower_ in lex.specialist_roles
            and any(_modified_by(w, lex.military_modifiers) for w in (token, *_compounds(token)))
        ) or (token.lower_ in lex.military_craft and _modified_by(token, lex.craft_modifiers))
        # "no American base in Thailand", "Russia's 201st military base": a state's base stands for its force
        installation = token.lower_ in lex.installation_heads and _held_by_state(token, lex)
        # "4,500 American service members": AP style's two words for servicemembers
        # and "120 crew members" of the aircraft a force flies in
        members = token.lemma_.lower() == "member" and any(c.lower_ in ("service", "crew") for c in token.children)
        # "the tankers would leave": a noun the story has used for a force abroad, pointing back to it
        # ("the departing brigade is due to fly home": a unit the story named, pointing back too)
        known = token.tag_ in ("NNS", "NN") and token.lemma_.lower() in ctx.force_by_noun and _moved(token, lex)
        known = known and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        # "the 173rd Airborne Brigade", "the Sixth Fleet": a formation a number names; "the German Baltic Sea
        # Division": one a state's people name
        unit = token.lemma_.lower() in lex.unit_nouns and token.is_title and (_numbered(token) or _of_a_people(token))
        # "France's roughly 2,500-strong Opération Turquoise": an operation a state's word owns (see below)
        operation = token.pos_ == "PROPN" and any(
            c.dep_ == "compound" and c.lower_ in lex.operation_names and c.i == token.i - 1 for c in token.children
        )
        operation = operation and any(
            c.dep_ in ("poss", "amod") and (gaz.demonym(c.text) or _entry(_ent_at(c))) for c in token.children
        )
        named_force = (
            operation
            or token.lower_ in lex.force_roles
            or company
            or presence
            or specialists
            or installation
            or members
            or known
            or unit
        )
        if token.lower_ == "them" and token.dep_ == "pobj" and _moved(token, lex) and not _described_count(token):
            # "Several hundred of them arrived": the force the sentence named before, or the story's last
            force_before = found[-1][0] if found else ctx.last_force
            if force_before:
                found.append((force_before, None, token))
            continue
        if (theirs := _they_too(token, found, lex)) is not None:
            # "Senegalese and Guinean troops entered Guinea-Bissau in June 1998, and they pulled out early the
            # next year": the forces of the clause "they" is coordinated with, leaving
            found.extend((force, None, token) for force in theirs)
            continue
        if _they_moved(token, lex) and ctx.last_force and not found:
            # "Egypt sent 300 troops to Sudan. They were flown home within a week": the story's last force
            found.append((ctx.last_force, None, token))
            continue
        # "the destroyer USS Cole", "HMNZS Canterbury was tying up at Vuna Wharf": a ship a navy's prefix names
        navy = next(
            (
                lex.ship_prefixes[c.text]
                for c in token.children
                if c.dep_ == "compound" and c.text in lex.ship_prefixes and c.i < token.i
            ),
            None,
        )
        if navy is not None and token.pos_ == "PROPN" and (army := gaz.of_country(navy, "armed_force")) is not None:
            found.append((army.id, None, token))
            continue
        nation = _nationals(token, lex, {*ctx.force_by_noun.values(), ctx.last_force or ""})
        if nation is not None and (army := gaz.of_country(nation.id, "armed_force")) is not None:
            # "Rwandans were deployed in the field", "the Egyptians had been there"
            found.append((army.id, None, token))
            continue
        if not named_force or token.pos_ not in ("NOUN", "PROPN") or _set_aside(token):
            continue
        if _modified_by(token, lex.idiom_modifiers, ("amod", "compound", "nmod")):
            continue  # "a Brazilian think tank"
        if token.lower_ in lex.service_roles and not any(c.dep_ == "poss" for c in token.children) and not unit:
            continue  # "its army", "Uganda's army"; not "the army" of a story's home nor "foreign armies"
        if (
            token.lemma_.lower() == "mission"
            and token.dep_ == "dobj"
            and token.head.lemma_.lower() in lex.operation_verbs
        ):
            continue  # "flew counter-narcotics missions from Guatemala": operations, not a force
        speaking = token.head.lemma_.lower() in lex.speech_verbs and not _calls_at(token.head, lex)
        if token.dep_ == "nsubj" and speaking:
            continue
        ent = _ent_at(token)
        if (
            ent is not None
            and ent.label_ in ("ORG", "FAC")
            and _entry(ent) is None
            and token.is_title
            and len(ent) > 1
            and not any(c.dep_ == "poss" for c in token.children)
            and not any(gaz.demonym(t.text) or _entry(_ent_at(t)) for t in ent if t.i != token.i)
            and not unit
        ):
            continue  # "the Allied Democratic Forces": the name of a group the gazetteer does not know
        if token.dep_ == "compound" and token.head.lower_ in lex.force_roles:
            continue  # "police officers", "army units": the head noun is the mention
        if token.dep_ == "compound" and token.head.lower_ in lex.craft_use_heads:
            continue  # "a Turkish drone strike", "a helicopter crash": a weapon used, not a force present
        if token.lemma_.lower() in _COUNTS and any(
            g.lower_ in lex.force_roles
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
        ):
            continue  # "police contingents of 30 officers": the counted noun is the mention, with these modifiers
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        if token.lower_ in ("contingent", "contingents"):
            modifiers += _whose(token)  # "Italy, whose contingent is among the largest"
        # "the United Nations mission in Congo, MONUSCO": the force the apposition names (which the parse
        # may hang on the mission's place)
        forces = ("armed_force", "pmc")
        modifiers += [
            c
            for c in token.children
            if c.dep_ == "appos" and (e := _entry(_ent_at(c))) is not None and e.type in forces
        ]
        places = [g for p in token.children if p.lower_ == "in" for g in p.children]
        after = [token.doc[token.i + 1]] if token.i + 1 < len(token.doc) else []  # "the mission MINUSMA"
        modifiers += [
            a
            for a in (*after, *(a for g in places for a in g.children if a.dep_ == "appos"))
            if (e := _entry(_ent_at(a))) is not None and e.is_operation
        ]
        # "400 soldiers of the French Sabre task force", "troops of Russia's 201st Motor Rifle Division": the unit's
        # modifiers say whose they are
        units = [
            g
            for c in token.children
            if c.lower_ == "of"
            for g in c.children
            if g.lower_ in lex.force_roles or (g.lemma_.lower() in lex.unit_nouns and _numbered(g))
        ]
        unit_words = [c for u in units for c in u.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        modifiers += unit_words + [c for w in unit_words for c in w.children if c.dep_ in ("amod", "compound")]
        # "U.S. Navy construction engineers", "American special forces soldiers": the compounds of a compound,
        # and the names that modify it, say whose they are too
        modifiers += [
            c
            for m in list(modifiers)
            if m.dep_ == "compound"
            for c in m.children
            if c.dep_ == "compound" or (c.dep_ in ("amod", "nmod") and (c.ent_type_ or c.lower_ in _SERVICES))
        ]
        # "US Army instructors", "an Indian Navy destroyer", "the US Navy's destroyers": the service's own state
        # ("18 US Army special forces soldiers": the service may modify the kind's word, as the parse has it)
        modifiers += [
            c
            for m in list(modifiers)
            if m.lower_ in _SERVICES and m.dep_ in ("compound", "poss", "nmod")
            for c in m.children
            if c.dep_ in ("amod", "compound", "nmod")
        ]
        if token.dep_ == "compound":  # "Kenyan police officers": the head's modifiers are the force's
            modifiers += [c for c in token.head.children if c.dep_ in ("amod", "nmod", "poss") and c.i != token.i]
        owners = [token]
        kinds = [token]  # the nouns whose compounds say what kind of force it is ("police contingents of 30 officers")
        if token.dep_ == "dobj" and token.head.lemma_.lower() not in lex.change_words["withdrawal"]:
            owners.append(token.head)  # "has 400 soldiers from Kenya", parsed with "from" on the verb
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in _COUNTS:
            # "a group of soldiers from Ruritania", "the Ruritanian contingent of soldiers"
            count = token.head.head
            owners.append(count)
            kinds.append(count)
            modifiers += [c for c in count.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
            modifiers += _whose(count)  # "Italy, whose contingent of about 1,000 soldiers is among the largest"
        moved = token.dep_ == "dobj" and _moved_between(token.head)
        modifiers += [
            g
            for owner in owners
            for c in owner.children
            if c.dep_ == "prep" and c.lower_ == "from" and not moved
            for g in c.children
        ]
        away = doc[token.i + 1].head.lemma_.lower() in lex.leaving_words if token.i + 1 < len(doc) else True
        if (
            token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "from" and not away and not moved
        ):  # "150 soldiers from Guatemala", parsed
            after = (
                doc[token.i + 3] if doc[token.i + 2].lower_ == "the" and token.i + 3 < len(doc) else doc[token.i + 2]
            )
            if after.ent_type_ and after not in modifiers:  # with "from" on the verb
                modifiers.append(after)
        if token.dep_ == "conj" and gaz.demonym(token.head.text) is not None:
            modifiers.append(token.head)  # "Guatemalan and Salvadoran soldiers", parsed with the first as a noun
        modifiers += [c for m in list(modifiers) for c in m.conjuncts if c.i not in {x.i for x in modifiers}]
        force: Entry | None = None
        state: Entry | None = None
        others: list[Entry] = []  # "soldiers from Kenya, Jamaica and Belize": one force per state
        listed = False  # whether the last state is named before the force's noun
        for mod in modifiers:
            ent = _ent_at(mod)
            entry = _entry(ent)
            # "South African troops": a demonym of two words is the entity's, not the word's
            people = (gaz.demonym(ent.text) if ent is not None else None) or gaz.demonym(mod.text)
            if entry is not None and entry.type in ("pmc", "armed_force"):
                if force is not None and force != entry and force.type == "armed_force" and force.country:
                    others.append(gaz.get(force.country) or force)  # "Malawian and Tanzanian troops"
                force = entry
            elif (entry is not None and entry.type == "state") or people is not None:
                if state is not None and state not in others:
                    others.append(state)
                state = entry if entry is not None and entry.type == "state" else people
                listed = mod.i < token.i  # "Malawian and Tanzanian troops", not "troops from Somalia"
        role = None if presence or installation or operation else token.lower_
        if any(c.dep_ == "compound" and c.lower_ in lex.police_nouns for k in kinds for c in k.children):
            role = "police"  # "police officers from Kenya": Kenya's police
        if (
            force is not None
            and force.type == "armed_force"
            and state is not None
            and listed
            and state.id != force.country
        ):
            others.append(state)  # "Malawian and Tanzanian troops", the second named as an army
            state = None
        if (
            (force is None or force.type == "armed_force")
            and role not in lex.pmc_roles
            and role not in lex.police_nouns
        ):
            for other in others:
                army = gaz.of_country(other.id, "armed_force")
                if army is not None and other != state:
                    found.append((army.id, role, token))
        key: str | None = None
        if company and force is not None and force.type == "armed_force" and force.country:
            key = _pmc_of(force.country, token, ctx)  # "Russian military" tagged as the army
        if force is None and state is not None:
            if role in lex.pmc_roles or company:  # "a private Russian military company", "Russian mercenaries"
                key = _pmc_of(state.id, token, ctx)
            elif role in lex.police_nouns:  # "Kenyan police officers were deployed": the state's police
                key = _police_of(state, ctx)
            else:
                force = gaz.of_country(state.id, "armed_force")
        if key is None and company and force is None and state is None:
            # "is considering hiring a private military company": a company of no nationality the text gives
            label = _label(_np_tokens(token))
            key = ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="PrivateMilitaryCompany"))
        if key is not None:
            found.append((key, role, token))
            used.update(t.i for t in modifiers)
            continue
        if force is None and state is None and unit and ctx.last_force and token.dep_ in _CLAUSE_PARTS:
            # "About 35,000 American troops are in Germany. … the 2nd Cavalry Regiment": a formation of the
            # story's last force abroad, where the clause tells of the formation itself (not "soldiers of the
            # 11th Infantry Division", "a Fifth Fleet spokeswoman": the home army's, a speaker's)
            found.append((ctx.last_force, role, token))
            used.update(t.i for t in modifiers)
            continue
        if unit and force is None and state is None:
            continue  # a formation of no state the story gives
        if force is None and state is None and role in _BLOC_ROLES and not _frames_another(token, doc, lex):
            bodies = [m for m in modifiers if m.dep_ in ("compound", "nmod")]  # "AU troops", "the ECOWAS force"
            bodies += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            bodies = [b for b in bodies if (e := _ent_at(b)) is not None and e.label_ == "ORG"]
            bloc = next((b for body in bodies if (b := _bloc_force(body, ctx, lex)) is not None), None)
            if bloc is not None:  # "a stabilisation force of the Economic Community of West African States"
                found.append((bloc, role, token))
                used.update(t.i for t in modifiers)
                continue
        if force is None and state is None and role in lex.equipment_roles:
            continue  # "sent tanks into the streets": equipment of no state the text names
        owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)  # "its troops"
        verb = _governor(token)
        deployed = False  # "approved the deployment of troops": the subject of the clause owns them
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            deployed = deployed or verb.lemma_.lower() in lex.deployment_nouns
            verb = verb.head
        if force is None and state is None and (verb.lemma_.lower() in lex.sending_verbs or owned or deployed):
            # "France has about 4,300 troops in the Sahel", "the Russian Defence Ministry sent
            # instructors", "France will withdraw its troops", "it sent hundreds of troops": the
            # subject's armed force
            # "police officers", not "soldiers and police"
            police = role in lex.police_nouns or any(
                c.lower_ in lex.police_nouns and c.dep_ in ("compound", "amod") for c in token.children
            )
            subjects = [s for s in _subjects_of(verb) if s.i != token.i and token not in s.conjuncts]
            if owned:  # "the last of its peacekeepers had returned": "its" is not the phrase it is in
                subjects = [s for s in subjects if token not in s.subtree]
            if not subjects and owned:  # "Ruritania denied that its soldiers were fighting": the owner is above
                subjects = next((up for above in verb.ancestors if (up := _subjects_of(above))), [])
            if not subjects and owned:  # "Kenya pledged 1,000 officers; its first contingent landed": the main subject
                subjects = [c for c in token.doc if c.dep_ == "nsubj" and c.head.dep_ == "ROOT" and c.i < token.i]
            # "the UN mission, MONUSCO, pulled its peacekeepers out": the force the subject names
            same = next((f for f, _, t in found if t in subjects), None)
            if same is not None and owned:
                found.append((same, role, token))
                continue
            owners = [o for subject in subjects if (o := _state_of_actor(subject, ctx, lex)) is not None]
            if not owners and owned and not subjects and ctx.subject_state is not None:
                owners = [ctx.subject_state]  # "Ethiopia has the most to lose. Its army first entered Somalia"
            for extra in owners[1:]:  # "Jamaica, Belize and the Bahamas have sent contingents": one force each
                if (extra_force := _national_force(extra, police=police, ctx=ctx)) is not None:
                    found.append((extra_force, role, token))
            if owners and police and (own := _national_force(owners[0], police=True, ctx=ctx)) is not None:
                found.append((own, role, token))  # "Kenya has sent 400 police officers": Kenya's police
                used.update(t.i for t in modifiers)
                continue
            force = gaz.of_country(owners[0], "armed_force") if owners else None
            bloc = _bloc_force(subjects[0], ctx, lex) if subjects and not owners else None
            if bloc is not None:  # "the African Union will send troops", "the bloc's decision to deploy a force"
                found.append((bloc, role, token))
                used.update(t.i for t in modifiers)
                continue
        if force is None and role in lex.pmc_roles and ctx.last_pmc:
            force = gaz.get(ctx.last_pmc)
        if force is None and state is None and role not in lex.pmc_roles and _moves_at_home(token, lex):
            # "soldiers stormed the square": troops of the country of the story, named as the text names
            # them (which army they belong to, or whether they mutinied, the text may not say)
            main = ctx.main_country()
            if main is not None:
                label = _label(_np_tokens(token))
                key = ctx.add(Actor(key=f"local:{_slug(label)}-{main}", label=label, cls="ArmedForce", country=main))
                found.append((key, role, token))
                used.update(t.i for t in modifiers)
                continue
        if (
            force is None
            and state is None
            and ctx.last_force
            and (known or _points_back(token, lex))
            and _moved(token, lex)
        ):
            # "The rest of the battalion will follow", "the troops would go home": the story's last force abroad,
            # or the last one named by the same noun ("the instructors" after "40 US instructors arrived")
            found.append((ctx.force_by_noun.get(token.lemma_.lower(), ctx.last_force), role, token))
            continue
        before = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
        foreign = any(c.lower_ in lex.foreign_words for b in before for c in b.subtree)
        # placed, of a plural told as such ("Thousands of foreign troops are in Thailand"), not a superlative or a
        # question ("the largest foreign force", "which foreign forces Spain hosts")
        told = token.tag_ == "NNS" and not any(c.tag_ == "JJS" or c.lower_ in ("which", "what") for c in token.children)
        if (
            force is None
            and state is None
            and foreign
            and token.dep_ != "conj"
            and (_negated(token) or (told and _destination(token, lex)))
        ):
            # "There are no foreign troops in Solomon Islands", "Thousands of foreign troops are in Thailand": any
            # state's force, named as the text does, denied or where the sentence places it
            label = _text([c for b in before for c in b.subtree] + [token])
            key = ctx.add(Actor(key=f"local:{_slug(label)}", label=label, cls="ArmedForce"))
            found.append((key, role, token))
            continue
        if force is None and state is None and key is None:
            force = _frame_of(token)  # "troops who have served with UNIFIL": of no nationality, the operation's
        if force is None:
            continue
        if force.is_operation and _framing(token):
            continue  # "peacekeepers serving with the UN Mission in South Sudan (UNMISS)": the others' frame
        found.append((force.id, role, token))
        used.update(t.i for t in modifiers)
        # "about 1,500 troops in Niger and roughly 1,000 in Chad": a count of the same force elsewhere
        found.extend((force.id, role, c) for c in token.children if c.dep_ == "conj" and _numeral(c) and _placed(c))
    for ent in doc.ents:
        entry = _entry(ent)
        if entry is None or entry.type not in ("pmc", "armed_force") or any(ent.start <= i < ent.end for i in used):
            continue
        if _in_speaker_phrase(ent.root) or _set_aside(ent.root):
            continue
        if entry.is_operation and _framing(ent.root):
            continue  # "Fijian peacekeepers serving with UNDOF", "870 troops in UNIFIL": the others' frame
        if any(f == entry.id and abs(t.i - ent.root.i) <= 3 for f, _, t in found):
            continue  # the same mention ("Wagner mercenaries")
        found.append((entry.id, None, ent.root))
    found.extend(_counted_contingents(found, _contingent_pairs(doc) if pairs is None else pairs, doc, ctx, lex))
    found.extend(_acting_states(doc, found, lex))
    return found


def _frame_of(token: Any) -> Entry | None:
    """The multinational operation a force of no nationality serves in, by its own phrase, the clause that
    describes it or the verb it does: "troops who have served with the UN Interim Force in Lebanon (UNIFIL)",
    "peacekeepers serve with UNIFIL"."""
    words = [token, *(c for c in token.children if c.dep_ in ("relcl", "acl"))]
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        words.append(token.head)  # "Some 10,000 peacekeepers serve with UNIFIL": the verb they are the subject of
    preps = (p for w in words for p in w.children if p.dep_ == "prep" and p.lower_ in _FRAMES)
    return next((operation for p in preps if (operation := _operation_in(p)) is not None), None)


def _operation_in(prep: Any) -> Entry | None:
    """The multinational operation a preposition governs, by name or apposition ("with the UN Mission in South
    Sudan (UNMISS)"), or None."""
    for word in (w for g in prep.children for w in (g, *(a for a in g.children if a.dep_ == "appos"))):
        entry = _entry(_ent_at(word))
        if entry is not None and entry.is_operation:
            return entry
    return None


#: The prepositions a force serves in an operation by: "with UNIFIL", "under the AU mission".
_FRAMES = frozenset({"with", "in", "under", "within"})


def _framing(token: Any) -> bool:
    """Whether a multinational operation is named as the frame another force serves in: "serving with the
    UN mission (UNMISS)", "about 870 troops in UNIFIL", "placed under the AU mission, then called AMISOM",
    "first as AMISOM"."""
    head = _phrase_head(token, ("appos", "compound", "conj"))
    naming = head.head
    if head.dep_ in ("dobj", "oprd") and naming.lemma_.lower() in ("call", "name", "dub") and naming.dep_ != "ROOT":
        # "the AU mission, then called AMISOM": a name of the mission the phrase before names
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in naming.children)
    while head.dep_ in ("acl", "relcl", "advcl") and head.pos_ == "VERB":
        head = head.head
        head = _phrase_head(head, ("appos", "compound", "conj"))
    if head.dep_ != "pobj" or head.head.lower_ not in ("with", "in", "under", "as", "within", "into"):
        return False
    return not (head.head.lower_ == "as" and head.head.head.lemma_.lower() == "know")  # "troops known as ECOMOG"


def _nationals(token: Any, lex: Lexicon, told: Collection[str] = ()) -> Entry | None:
    """The state whose people a plural demonym names when they are said to be, or to be sent, somewhere: "well
    over a hundred Australians were in the country", "Rwandans were deployed in the field"; or to leave, when
    the story has told that state's force abroad (``told``: "The Americans left Shamsi on Pakistan's orders")."""
    if token.pos_ not in ("NOUN", "PROPN") or not token.text.endswith("s") or token.dep_ not in ("nsubj", "nsubjpass"):
        return None
    # "the Papua New Guineans": the demonym with the proper nouns before it
    names = [t.text for t in token.doc[: token.i] if t.head.i == token.i and t.dep_ == "compound" and t.pos_ == "PROPN"]
    state = gazetteer().demonym(" ".join([*names, token.text[:-1]])) if names else None
    state = state or gazetteer().demonym(token.text[:-1])
    verb = token.head
    if state is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() == "be":
        there = any(
            (c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "inside"))
            or (c.dep_ == "advmod" and c.lower_ == "there")
            for c in verb.children
        )
        return state if there else None
    if verb.lemma_.lower() in lex.leaving_words:
        army = gazetteer().of_country(state.id, "armed_force")
        return state if army is not None and army.id in told else None
    return state if verb.lemma_.lower() in _NATIONALS_THERE | lex.arrival_verbs | lex.status_words["staying"] else None


def _states_presence(token: Any, ctx: _Context, lex: Lexicon) -> bool:
    """Whether a presence of no civil kind is a state's, somewhere: "Turkey's presence in Qatar", "Paris retains
    a reduced presence in Gabon" (not "China's economic presence in Africa", nor "the presence of Wagner")."""
    if _modified_by(token, lex.civil_presence_modifiers, ("amod", "compound")):
        return False
    if not any(c.dep_ == "prep" and c.lower_ in ("in", "on", "at") for c in (token, token.head) for c in c.children):
        return False
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if owner is None and token.dep_ == "dobj" and token.head.lemma_.lower() in lex.status_words["staying"] | {"retain"}:
        owner = next((s for s in _subjects_of(token.head)), None)
    if owner is None:
        return False
    entry = _entry(_ent_at(owner))
    return owner.pos_ == "PRON" or (entry is not None and _state_of_actor(owner, ctx, lex) is not None)


def _calls_at(verb: Any, lex: Lexicon) -> bool:
    """Whether a verb tells of a port call: "warships still call at Port Victoria", "ships tied up at the port"."""
    at = any(c.dep_ == "prep" and c.lower_ == "at" for c in verb.children)
    return at and verb.lemma_.lower() in lex.port_call_verbs


def _moved(token: Any, lex: Lexicon) -> bool:
    """Whether a force is the subject of a verb that sends, moves, keeps, resizes or takes it away ("the
    contingent would begin returning home", "the troops were deployed to Erbil", "the contingent would be cut")."""
    node = _first_conjunct(token)
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in _PARTS | _COUNTS:
        node = node.head.head  # "the rest of the battalion will follow"
    verb = node.head
    if node.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return False
    words = lex.deployment_verbs | lex.leaving_words | lex.arrival_verbs | lex.movement_into_verbs | _HOMEWARD
    words = words | lex.status_words["staying"] | {"follow", "house"}
    # "the contingent would be cut by half": a force whose size changes
    words = words | lex.change_words["reduction"] | lex.change_words["reinforcement"]
    return any(v.lemma_.lower() in words for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp")))


def _whose(token: Any) -> list[Any]:
    """The noun a relative "whose" on a force points back to ("Italy, whose contingent …": Italy)."""
    if not any(c.dep_ == "poss" and c.lower_ == "whose" for c in token.children):
        return []
    clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
    return [clause.head] if clause is not None else []


def _they_moved(token: Any, lex: Lexicon) -> bool:
    """Whether "they" opens a sentence, outside a quote, as the subject of its main verb of leaving or going home
    ("They were flown home within a week", "They left in 2016"): the force the story told last, as no other noun
    comes before it in the sentence."""
    verb = token.head
    if token.lower_ != "they" or token.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "ROOT":
        return False
    if any(w.pos_ in ("NOUN", "PROPN", "PRON") or w.is_quote for w in token.doc[: token.i]):
        return False  # a quote's "they" is the speaker's to resolve
    verbs = (verb, *(c for c in verb.children if c.dep_ == "xcomp"))
    home = any(c.lower_ in ("home", "back") for v in verbs for c in v.children)
    return any(v.lemma_.lower() in lex.leaving_words or (home and v.lemma_.lower() in _HOMEWARD) for v in verbs)


def _they_too(token: Any, found: list[tuple[str, str | None, Any]], lex: Lexicon) -> list[str] | None:
    """The forces "they" stands for as the subject of a verb of leaving coordinated with a clause whose subject is
    a force the sentence named ("… troops entered X in 1998, and they pulled out the next year"), else None."""
    verb = token.head
    if token.lower_ != "they" or token.dep_ != "nsubj" or verb.dep_ != "conj":
        return None
    if verb.lemma_.lower() not in lex.leaving_words:
        return None
    subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    forces = [f for f, _, t in found if any(t == s or t in s.subtree for s in subjects)]
    return list(dict.fromkeys(forces)) or None


def _described_count(them: Any) -> bool:
    """Whether a count of "them" describes the force before it ("ECOWAS soldiers, most of them Senegalese,
    remain"): set off by a comma from the verb, it is no subject of its own."""
    count = them.head.head
    between = count.doc[count.right_edge.i + 1 : count.head.i] if count.head.i > count.i else []
    return any(t.is_punct for t in between) or count.i > count.head.i


def _moved_between(verb: Any) -> bool:
    """Whether a state moves what a verb governs from one place to another ("Russia has moved troops from
    Syria to Libya", "Ireland will bring home 130 troops from Lebanon"): its "from" names where the force was,
    not whose it is (as in "the UN sent soldiers from Kenya to Haiti")."""
    return (
        verb.pos_ == "VERB"
        and any(
            (c.dep_ == "prep" and c.lower_ in ("to", "into", "towards"))
            or (c.lower_ == "home" and c.dep_ in ("advmod", "npadvmod", "prt", "dobj"))
            for c in verb.children
        )
        and any(
            c.dep_ == "nsubj" and (e := _entry(_ent_at(c))) is not None and e.type == "state" for c in verb.children
        )
    )


def _handed_to(token: Any, lex: Lexicon) -> bool:
    """Whether a force receives what is handed over or is what others are attached to: "the camp was handed to
    the Ivorian armed forces", "instructors attached to Ivorian units"."""
    node = _first_conjunct(token)
    if node.dep_ != "pobj" or node.head.lower_ != "to":
        return False
    verb = node.head.head
    return verb.lemma_.lower() in lex.handover_verbs | {"attach", "assign"} and verb.pos_ == "VERB"


def _held_by_state(token: Any, lex: Lexicon) -> bool:
    """Whether a state holds an installation: a possessor ("Russia's base", "its bases"), a state or its
    demonym as a modifier ("the American base", "U.S. bases") or a word of the foreign ("foreign bases")."""
    gaz = gazetteer()
    for child in token.children:
        if child.dep_ == "poss":  # not "Djibouti is its largest base": what a place is to a state
            return child.pos_ != "PRON" or token.dep_ not in ("attr", "nsubj", "oprd", "xcomp")
        if child.dep_ not in ("amod", "compound", "nmod"):
            continue
        if child.lower_ in lex.foreign_words or gaz.demonym(child.text) is not None:
            return True
        entry = _entry(_ent_at(child))
        if entry is not None and entry.type in ("state", "armed_force", "pmc"):
            return True
    # "the Soviet Union kept a naval base on the Porkkala peninsula": the state that keeps it
    if token.dep_ == "dobj" and token.head.lemma_.lower() in lex.keeping_verbs:
        return any(
            (entry := _entry(_ent_at(s))) is not None and entry.type == "state" for s in _subjects_of(token.head)
        )
    return False


def _negated(token: Any) -> bool:
    """Whether a force is said not to be: "no foreign troops had crossed", "troops have not been deployed",
    "has never sent troops", "There is not a single Hungarian soldier in Chad"."""
    head = _first_conjunct(token)
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return True
    verb = head.head
    if _until(verb):
        return False  # "Soviet forces did not leave the north until May 1946": they did, then
    return head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(c.dep_ == "neg" for c in verb.children)


def _still_there(token: Any, lex: Lexicon) -> bool:
    """Whether a force is the subject of a negated verb of leaving: "French troops have not left", "France's
    presence did not so much end as shrink"."""
    head = _first_conjunct(token)
    verb = head.head
    return (
        head.dep_ in ("nsubj", "nsubjpass")
        and verb.lemma_.lower() in lex.leaving_words
        and any(c.dep_ == "neg" for c in verb.children)
        and not _until(verb)  # "did not leave the north until May 1946": they left then
    )


def _is_to(verb: Any) -> bool:
    """Whether a verb is, or is the infinitive of, "be to" ("the peacekeepers are to withdraw within a year"): a
    plan."""
    be = verb.head if verb.dep_ == "xcomp" and verb.lemma_.lower() != "be" else verb
    return be.lemma_.lower() == "be" and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in be.children
    )


def _until(verb: Any) -> bool:
    """Whether a verb is bounded by "until" ("did not leave until May 1946": a negation that tells when)."""
    return any(c.lower_ in ("until", "till") for c in verb.children)


def _compounds(token: Any) -> list[Any]:
    """The nouns compounded on a noun's left."""
    return [c for c in token.children if c.dep_ == "compound"]


def _modified_by(token: Any, words: frozenset[str], deps: tuple[str, ...] = ("amod", "compound")) -> bool:
    """Whether one of ``words`` modifies ``token`` ("military engineers", "a navy patrol vessel")."""
    return any(c.dep_ in deps and c.lower_ in words for c in token.children)


def _counted_contingents(
    found: list[tuple[str, str | None, Any]], pairs: list[tuple[str, Any]], doc: Any, ctx: _Context, lex: Lexicon
) -> list[tuple[str, str | None, Any]]:
    """Contingents listed by number and origin: each state of the list is that state's force of the kind
    the sentence named first, sized by its own number.

    Reads the shapes news gives such lists: "400 police officers from Kenya, 24 from Jamaica and
    eight from Belize"; "Kenya has sent 400 officers, Jamaica 24 and Belize eight"; "Kenya (400),
    Jamaica (24) and Belize (8)"; "400 Kenyans, 24 Jamaicans and eight Belizeans". A state listed so
    replaces a mention of the same force without a number of its own ("soldiers from Kenya,
    Jamaica …" read whole). Not: "Prices rose 24 percent from January." (no force named before the
    number), "Kenyans protested" (no number).
    """
    if not pairs:
        return []
    forces = [f for f in found if not _numeral(f[2])]
    # no force of a state named before the list: the first force noun says what is counted ("the
    # contingents come from Kenya (400), …", "there are 400 Kenyans … in the mission")
    noun = next((t.lower_ for t in doc if t.lower_ in lex.force_roles and t.pos_ == "NOUN"), None)
    listed: list[tuple[str, str | None, Any]] = []
    for state, number in pairs:
        before = [f for f in forces if f[2].i < number.i] or forces
        role = before[-1][1] if before else noun
        if role is None:
            continue
        force = _national_force(state, police=role in lex.police_nouns, ctx=ctx)
        if force is not None and not any(f == force for f, _, _ in listed):
            listed.append((force, role, number))
    if listed:  # the listed states' own numbers replace their mentions in the list as a whole
        numbered = {f for f, _, _ in listed}
        found[:] = [f for f in found if f[0] not in numbered or _numeral(f[2])]
    return listed


#: A number the tokenizer leaves with its closing bracket: "(8)" as "(", "8)".
_CLOSED_NUMBER = re.compile(r"[\d,.]+\)")


#: The dependencies of a noun that is a part of its clause itself: a subject or an object.
_CLAUSE_PARTS = frozenset({"nsubj", "nsubjpass", "dobj"})


def _numbered(token: Any) -> bool:
    """Whether a number names a formation: "the 173rd Airborne Brigade", "the Sixth Fleet"."""
    return any(_ORDINAL.fullmatch(w.lower_) for w in _name_words(token, ("nummod",)))


def _of_a_people(token: Any) -> bool:
    """Whether a formation's name begins with a state's demonym ("the German Baltic Sea Division")."""
    words = _name_words(token)
    first = min(words, key=lambda w: w.i) if words else None
    entry = gazetteer().demonym(first.text) if first is not None else None
    return entry is not None and entry.type == "state"


def _name_words(token: Any, more: tuple[str, ...] = ()) -> list[Any]:
    """The words of a formation's name before its head noun (modifiers, and the dependencies ``more``)."""
    deps = ("amod", "compound", "nmod", *more)
    return [w for w in token.subtree if w.i < token.i and w.dep_ in deps]


#: An ordinal as a formation's name writes it: "173rd", "2nd", "Sixth".
_ORDINAL = re.compile(
    r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
)


def _placed(token: Any) -> bool:
    """Whether a word has a place of its own ("roughly 1,000 in Chad")."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "at", "inside") for c in token.children)


def _numeral(token: Any) -> bool:
    """Whether a token is a number ("24", "eight", "8)" as the tokenizer leaves a bracketed one)."""
    return bool(token.like_num) or _CLOSED_NUMBER.fullmatch(token.text) is not None


def _contingent_pairs(doc: Any) -> list[tuple[str, Any]]:
    """(state id, number token) for every state paired with a number in a list of contingents."""
    gaz = gazetteer()
    states: dict[int, tuple[int, str]] = {}  # token index → (ent end, state id) of each state named
    for ent in doc.ents:
        entry = _entry(ent)
        if entry is not None and entry.type == "state":
            for t in ent:
                states[t.i] = (ent.end, entry.id)
    pairs: list[tuple[str, Any]] = []
    numbers = [t for t in doc if _numeral(t) and t.ent_type_ not in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL")]
    for token in numbers:
        closed = _CLOSED_NUMBER.fullmatch(token.text) is not None
        i = token.i
        state: str | None = None
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "from":  # "24 from Jamaica"
            j = i + 2 + (i + 2 < len(doc) and doc[i + 2].lower_ == "the")
            state = states[j][1] if j in states else None
        elif i >= 1 and (i - 1) in states and states[i - 1][0] == i and len(numbers) > 1:
            # "Guatemala 150, Jamaica 24": a list's short form, after another number; alone, a name ("a report
            # by France 24 said")
            state = states[i - 1][1]
        elif (
            i >= 2
            and doc[i - 1].text == "("
            and (i - 2) in states
            and (closed or (nxt is not None and nxt.text == ")"))
        ):
            state = states[i - 2][1]  # "Jamaica (24)"
        elif nxt is not None and nxt.dep_ not in ("amod", "compound"):  # "24 Jamaicans" (not "24 Jamaican soldiers")
            word = nxt.text
            named = gaz.demonym(word) or (gaz.demonym(word[:-1]) if word.endswith("s") else None)
            state = named.id if named is not None and named.type == "state" else None
        if state is not None:
            pairs.append((state, token))
    return pairs


def _bloc_force(subject: Any, ctx: _Context, lex: Lexicon) -> str | None:
    """The force of an international organisation that sends or has troops ("the African Union will send
    troops", "SADC's decision to deploy forces"): an actor of the article, "<organisation> forces", with
    no state of its own. None when the subject is no organisation (a news agency is none)."""
    named = [c for c in subject.children if c.dep_ == "appos" and _ent_at(c) is not None]
    subject = named[0] if named and _ent_at(subject) is None else subject  # "regional bloc the X Community"
    key = _resolve(subject, ctx, lex, as_speaker=False)
    entry = gazetteer().get(key)
    local = ctx.actors.get(key or "")
    if entry is not None and entry.type != "organisation":
        return None
    ent = _ent_at(subject)
    if entry is None and (local is None or local.cls != "Organisation"):
        return None
    if entry is None and ent is None and not re.match(r"(?:the\s+)?[A-Z]", local.label):  # type: ignore[union-attr]
        return None  # an organisation the gazetteer does not know is one by a name ("overseas service" is none)
    name = ent.text if ent is not None else entry.label if entry is not None else local.label if local else ""
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    if not name:
        return None
    return ctx.add(Actor(key=f"local:forces-{_slug(name)}", label=f"{name} forces", cls="ArmedForce"))


def _frames_another(token: Any, doc: Any, lex: Lexicon) -> bool:
    """Whether an organisation's force is what another force serves in or leaves, not a force of its own:
    "peacekeepers with the UN mission", "soldiers in the AU mission", "to leave the AU force"."""
    if token.dep_ == "pobj" and token.head.lower_ == "with":
        return True
    if not any(t.lower_ in lex.force_roles and t.i != token.i for t in doc):
        return False
    if token.dep_ == "pobj":
        return token.head.lower_ in ("in", "within", "under", "into", "inside")
    return token.dep_ == "dobj" and token.head.lemma_.lower() in lex.leaving_words


def _acting_states(doc: Any, found: list[tuple[str, str | None, Any]], lex: Lexicon) -> list[tuple[str, None, Any]]:
    """A state that takes military action somewhere: its armed forces are there.

    The subject of a verb of military action (``action_verbs`` in ``events.toml``), directly or
    through "helped to", "tried to", "launched an offensive to": "Ruritania helped to retake the
    port in 2015". Whether that is a deployment (abroad) or the state's army at home, the host decides.

    Reads: "Ruritania helped to retake the port of Kidal in 2015." Not: "Ruritania condemned the
    attack on the port." (no action of its own).
    """
    gaz = gazetteer()
    acting: list[tuple[str, None, Any]] = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in lex.action_verbs:
            continue
        for subject in _subjects_of(token):
            entry = _entry(_ent_at(subject))
            if entry is None or entry.type != "state":
                continue
            army = gaz.of_country(entry.id, "armed_force")
            if army is not None and not any(f == army.id for f, _, _ in (*found, *acting)):
                acting.append((army.id, None, subject))
    return acting


def _moves_at_home(token: Any, lex: Lexicon) -> bool:
    """Whether troops named by a plain force noun move as a force: enter, storm, occupy, pull back.

    A state's army in its own country is no deployment, except when the text moves its troops
    ("movement_verbs" in ``events.toml``; "led soldiers into the square").

    Reads: "Soldiers and armoured vehicles stormed the main square." Not: "The army said soldiers
    were loyal." (no movement), "The Malian army entered Kidal." (a named army: the rule is for troops).
    """
    if token.lower_ not in lex.force_roles or token.ent_type_:
        return False
    node = _first_conjunct(token)
    if node.dep_ not in ("nsubj", "dobj", "nsubjpass"):
        return False
    verb = node.head
    lemma = verb.lemma_.lower()
    into = any(c.dep_ == "prep" and c.lower_ == "into" for c in verb.children)
    return lemma in lex.movement_verbs or (into and lemma in lex.movement_into_verbs)


def _generic_name(token: Any, lex: Lexicon) -> bool:
    """Whether a force is named by a name many states' forces bear ("the Republican Guard")."""
    ent = _ent_at(token)
    if ent is None:
        return False
    words = [t.lower_ for t in ent if t.lower_ not in lex.determiners]
    return " ".join(words) in lex.generic_force_names


def _held(token: Any, lex: Lexicon) -> bool:
    """Whether a force noun names people arrested, held, tried or killed, not a force that is there.

    Reads: "American mercenaries had been arrested." Not: "Russian mercenaries have arrived."
    """
    node = token
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    return node.dep_ in ("nsubjpass", "dobj") and node.head.lemma_.lower() in lex.not_presence_verbs


def _named(token: Any) -> str:
    """The force's noun phrase as printed, without its determiner, where it names someone: "Romanian
    infantry battalion", "Wagner mercenaries"; empty for a plain "the troops"."""
    ent = _ent_at(token)
    if ent is not None and ent.root.i == token.i and ent.label_ not in ("GPE", "NORP"):
        return str(ent.text)
    tokens = _np_tokens(token)
    if len(tokens) > 12:  # a phrase too long to be a name: the head and the words just before it
        tokens = [t for t in tokens if token.i - 4 <= t.i <= token.i]
    if not any(t.pos_ == "PROPN" or t.ent_type_ for t in tokens):
        return ""  # "the troops", "its soldiers": the force's actor says more
    # "The U.N. mission, UNMISS, has …": the name in apposition is how the text names it too
    label = _label(tokens)
    acronym = next((c for c in token.children if c.dep_ == "appos" and c.is_upper and c.pos_ == "PROPN"), None)
    if acronym is not None and acronym.text not in label:
        return f"{_label([t for t in tokens if t.i < acronym.i and not t.is_punct])} {acronym.text}"
    return label


def _described(token: Any) -> bool:
    """Whether a force is only the subject of "be" saying what it is, not where it is.

    Reads: "Their forces were not enough." Not: "Russian troops are in Mali.", "Foreign troops are
    there.", "No mercenaries are present.", "Its peacekeepers are a guarantee of peace in Moldova." (a
    place or presence).
    """
    node = _first_conjunct(token)
    verb = node.head
    if node.dep_ != "nsubj" or verb.lemma_.lower() != "be":
        return False
    where = any(c.dep_ == "prep" and c.lower_ in _WHERE for c in verb.children)
    where = where or any(  # "its peacekeepers were a guarantee of stability on the Dniester": a place all the same
        t.dep_ == "prep" and t.lower_ in _WHERE and any(g.ent_type_ in ("GPE", "LOC", "FAC") for g in t.children)
        for t in verb.subtree
    )
    there = any(c.dep_ in ("advmod", "acomp") and c.lower_ in ("there", "here", "present") for c in verb.children)
    return not where and not there


def _national_force(state: str, *, police: bool, ctx: _Context) -> str | None:
    """A state's police (an actor of the article) or its armed forces (the gazetteer's), if it has them."""
    gaz = gazetteer()
    if police:
        return _police_of(gaz.get(state) or Entry(state, state, "state"), ctx)
    army = gaz.of_country(state, "armed_force")
    return army.id if army is not None else None


def _police_of(state: Entry, ctx: _Context) -> str:
    """The police of a state, as an actor of the article ("Kenyan police")."""
    name = state.demonyms[0] if state.demonyms else state.label
    return ctx.add(Actor(key=f"local:police-{state.id}", label=f"{name} police", cls="ArmedForce", country=state.id))


def _governor(token: Any) -> Any:
    """The word a force noun hangs from, past a count and a list ("sent hundreds of troops", "has bases and troops")."""
    node = _first_conjunct(token)
    counted = node.dep_ == "pobj" and node.head.lower_ == "of"
    if counted and (node.head.head.like_num or node.head.head.lemma_.lower() in _COUNTS):
        node = node.head.head
    return node.head


#: Role nouns by which an organisation's force is named ("AU troops", "UN peacekeepers", "a force of ECOWAS");
#: not "UN experts" (a panel) nor "al-Shabaab fighters" (a group's own men).
_BLOC_ROLES = frozenset(
    {"troop", "troops", "soldier", "soldiers", "force", "forces", "peacekeeper", "peacekeepers", "contingent"}
    | {"contingents", "mission", "missions", "battalion", "battalions", "taskforce", "brigade", "brigades"}
    | {"battlegroup", "battlegroups"}
)

#: Verbs that place a state's nationals as its force ("Rwandans were deployed in the field"), where others
#: ("the Cubans offered him a loyalty", "Russians voted") say nothing of where a force is.
_NATIONALS_THERE = frozenset(
    {"deploy", "station", "base", "post", "serve", "send", "dispatch", "despatch", "operate", "enter", "guard"}
    | {"patrol", "garrison", "fly", "airlift"}
)

#: Words for a part of a force ("the rest of the battalion", "most of the troops").
_PARTS = frozenset({"rest", "remainder", "most", "part", "half", "bulk", "majority", "last", "first", "some", "all"})

#: Nouns that count a force ("hundreds of troops", "a group of soldiers").
_COUNTS = frozenset({"hundred", "thousand", "dozen", "score", "group", "contingent", "batch", "handful", "number"})


def _state_of_actor(subject: Any, ctx: _Context, lex: Lexicon) -> str | None:
    """The state an actor belongs to: a state itself, a government's or army's state, "it" for the last speaker's."""
    ent = _ent_at(subject)
    entry = _entry(ent) if ent is not None else None
    if entry is not None:
        return entry.id if entry.type == "state" else entry.country
    # "Turkey's parliament", "Ruritanian lawmakers", "the Fijian army chief", "Fiji's army commander X"
    modifiers = [c for c in subject.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    modifiers += [g for c in modifiers if c.dep_ == "compound" for g in c.children if g.dep_ in ("poss", "amod")]
    person = subject.ent_type_ == "PERSON" or subject.lower_ in lex.role_nouns
    for modifier in modifiers:
        named = _entry(_ent_at(modifier)) or gazetteer().demonym(modifier.text)
        if named is not None and named.type == "state":
            return named.id
        if person and named is not None and named.type in ("armed_force", "government") and named.country:
            return named.country  # "the Fijian army chief": an officer of that state's army
    if (
        subject.lower_ == "it"
        and ctx.subject_state is not None
        and not any(e.end <= subject.i for e in subject.doc.ents)
    ):
        return ctx.subject_state  # "Uruguay is one of the largest contributors. It keeps about 200 troops on the Golan"
    key = _resolve(subject, ctx, lex, as_speaker=subject.pos_ == "PRON")
    return _country_of_key(key, ctx) if key is not None else None


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
        raised = node is not verb  # "Egypt is expected to send troops": the subject of the passive above
        subjects = [c for c in node.children if c.dep_ == "nsubj" or (raised and c.dep_ == "nsubjpass")]
        subjects += [c for s in subjects for c in s.conjuncts]  # "Jamaica, Belize and the Bahamas have sent …"
        if subjects:
            return [_antecedent(node) if s.tag_ in ("WDT", "WP") and node.dep_ == "relcl" else s for s in subjects]
        agents = [
            g for c in node.head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by" for g in c.children
        ] + [c for c in node.head.children if c.dep_ == "poss"]
        if node.dep_ == "acl" and node.head.pos_ == "NOUN" and agents:
            return agents  # "the decision by the bloc to send forces", "the bloc's decision to send forces"
        if node.dep_ == "acl" and node.head.dep_ in ("dobj", "nsubjpass") and node.head.head.i != node.head.i:
            node = node.head.head  # "approved a bill allowing the deployment of troops": the subject of "approved"
            continue
        controller = _controller(node)
        if controller is not None:  # "accused Ruritania of sending troops", "asked Ruritania to send troops"
            return [controller, *controller.conjuncts]
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return []
        node = node.head
    return []


def _controller(verb: Any) -> Any:
    """The object of the verb above that does what ``verb`` says: "accused Ruritania of sending troops",
    "blamed Ruritania for deploying", "asked Ruritania to send troops" (Ruritania sends); None otherwise."""
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("of", "for"):
        above = verb.head.head
    elif verb.dep_ in ("xcomp", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        above = verb.head
    else:
        return None
    if above is verb or above.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in above.children if c.dep_ == "dobj" and c.i < verb.i), None)


def _antecedent(relative: Any) -> Any:
    """What a relative clause is about: the noun it hangs from, or that noun's last conjunct before it
    ("Europe and the U.S., which has 800 troops": the U.S.)."""
    head = relative.head
    before = [c for c in head.conjuncts if c.i < relative.i and c.i > head.i]
    return max(before, key=lambda c: c.i) if before else head


def _counts_a_force(doc: Any, lex: Lexicon) -> bool:
    """Whether a sentence counts a force ("400 police officers") or lists contingents ("Jamaica (24)")."""
    counted = any(t.lower_ in lex.force_roles and any(c.dep_ == "nummod" for c in t.children) for t in doc)
    return counted or bool(_contingent_pairs(doc))


def _has_deployment_trigger(doc: Any, lex: Lexicon) -> bool:
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma == "be":
            if any(c.dep_ == "prep" and c.lower_ in ("in", "on", "across") for c in token.children) or any(
                c.dep_ == "acomp" and c.lower_ == "present" for c in token.children
            ):
                return True
            if any(c.dep_ == "expl" for c in token.children) and any(
                c.dep_ == "attr" and (c.lower_ in lex.force_roles or c.lower_ in lex.installation_heads)
                for c in token.children
            ):
                return True  # "There is no American base in Thailand", "There are no Chinese troops in X"
            if any(_nationals(c, lex) is not None for c in token.children):
                return True  # "the Egyptians had been there"
            said = (*token.children, *(g for c in token.children if c.dep_ == "attr" for g in c.children))
            if any(c.dep_ == "expl" for c in token.children) and any(
                c.dep_ == "advmod" and c.lower_ in ("here", "there") for c in said
            ):
                return True  # "There is no Wagner here": a force (denied) where the story is
            continue
        if lemma in lex.deployment_verbs or lemma in lex.deployment_nouns or token.lower_ in lex.deployment_nouns:
            return True
        if lemma in lex.composition_verbs and token.pos_ == "VERB" and _counts_a_force(doc, lex):
            return True  # "the mission includes 400 Kenyan police officers"
        if token.pos_ == "VERB" and lemma in lex.action_verbs:
            return True  # "helped to retake the port"
        if token.pos_ == "VERB" and _joins_exercise(token, lex):
            return True  # "4,500 American service members would join the exercise"
        if lemma in lex.change_words["withdrawal"] and (
            token.pos_ == "VERB"
            or (token.pos_ == "NOUN" and any(c.dep_ == "poss" or c.lower_ in ("of", "from") for c in token.children))
        ):
            return True  # "were expelled from", "completed its withdrawal from" (not "as part of the withdrawal")
        if token.pos_ == "VERB" and (lemma in lex.movement_verbs or lemma in lex.movement_into_verbs):
            return True  # "stormed the square", "led soldiers into the square" (the force decides: _moves_at_home)
        if token.lower_ == "ground" and token.head.lower_ == "on":
            return True
        if _calls_at(token, lex):
            return True  # "warships still call at Port Victoria", "two navy ships tied up at the port"
        if token.lower_ in lex.force_roles and _points_back(token, lex) and _moved(token, lex):
            return True  # "The rest of the battalion will follow": the story's force moves on
        if token.lower_ in lex.force_roles and any(  # "its peacekeepers in Moldova are a guarantee of stability"
            c.dep_ == "prep"
            and c.lower_ in ("in", "inside")
            and any(g.ent_type_ in ("GPE", "LOC") or _country_at(g) for g in c.children)  # "in the north of X"
            for c in token.children
        ):
            return True
        if _placed_by_name(token, lex):
            return True  # "Italian paratroopers were dropping onto the Alentejo plains"
        if lemma in ("have", "keep", "maintain") and any(
            o.lower_ in lex.force_roles or o.lower_ in lex.installation_heads
            for c in token.children
            if c.dep_ == "dobj"
            for o in _counted(c)
        ):
            return True  # "Ethiopia, which has thousands of troops in Somalia", "the Soviet Union kept a naval base"
    return False


def _placed_by_name(token: Any, lex: Lexicon) -> bool:
    """Whether a force noun, or a state's base, is placed, by itself or by the verb it is the subject or object
    of, in a place the text names ("paratroopers were dropping onto the Alentejo plains", "a company of Marines
    was wading ashore on the Tróia peninsula", "the force at Soto Cano", "a raid on a Kenyan base at El Adde"):
    whatever the verb, the force is there."""
    force = token.lower_ in lex.force_roles
    base = token.lower_ in lex.installation_heads and _held_by_state(token, lex)  # "a Kenyan base at El Adde"
    if not (force or base) or token.pos_ not in ("NOUN", "PROPN"):
        return False
    holders = [token]
    if token.dep_ in ("nsubj", "nsubjpass", "dobj") and token.head.pos_ in ("VERB", "AUX"):
        holders.append(token.head)
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
        holders.append(token.head.head.head)  # "a company of U.S. Marines was wading ashore on …"
    return any(
        p.dep_ == "prep" and p.lower_ in _LOCATIVE and any(w.ent_type_ in ("GPE", "LOC", "FAC") for w in p.subtree)
        for holder in holders
        for w in (holder, *(c for c in holder.children if c.dep_ == "advmod"))
        for p in w.children
    )


#: Prepositions that place what they hang on ("in", "at", "onto the plains", "across the region").
_LOCATIVE = frozenset({"in", "at", "on", "onto", "into", "inside", "across", "around", "near", "outside"})


def _joins_exercise(verb: Any, lex: Lexicon) -> bool:
    """Whether a verb has a force take part in a military exercise: "would join the exercise", "took part in
    naval drills", "held joint exercises" (CAMEO 062)."""
    if verb.lemma_.lower() not in lex.exercise_verbs:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # "took part in drills", "joined Belarusian special forces for a counter-terrorism exercise"
    objects += [g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "for") for g in p.children]
    # "took part in the drills": "in" hangs on "part"
    objects += [
        g for o in list(objects) if o.lower_ == "part" for p in o.children if p.lower_ == "in" for g in p.children
    ]
    return any(o.lower_ in lex.exercise_nouns for o in objects)


def _counted(noun: Any) -> list[Any]:
    """A noun with its conjuncts, or, of a count, what it counts ("thousands of troops": "troops")."""
    if noun.lemma_.lower() in _COUNTS or noun.like_num:
        counted = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return [w for g in counted for w in (g, *g.conjuncts)]
    return [noun, *noun.conjuncts]


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
    listed = _contingent_pairs(doc)
    mentions = _force_mentions(doc, ctx, lex, listed)
    if not mentions:
        return []
    gaz = gazetteer()
    places: list[str] = []
    host: str | None = None
    for ent in doc.ents:
        entry = _entry(ent)
        town = None  # a place the gazetteer does not know: "the port of Misrata", "Cabo Delgado"
        longer = _longer_name(ent, entry)
        if longer is not None:  # "Lower Juba" is not Juba
            entry, town = None, country_of_place(longer)
        elif entry is None and ent.label_ in ("GPE", "LOC", "FAC"):
            town = _state_said_after(ent) or country_of_place(ent.text)
        if entry is None and town is None:
            continue
        first = _first_conjunct(ent.root)
        origin = (
            first.head.lower_ == "from"
            and first.head.head.lemma_.lower() not in lex.leaving_words
            and not _based_from(first, lex)
        )  # "soldiers from X", "contingents from X, Y and Z"
        origin = origin or first.head.lower_ == "by"  # "backed by Ruritania": an actor, not a place
        origin = origin or _across_border(ent.root, lex)  # "along the frontier with Iran": the neighbour
        # "amid tensions with Iran", "a pact between Riyadh and Islamabad": a party to a relation, not a place
        origin = origin or (first.head.lower_ in ("with", "between") and first.head.head.pos_ == "NOUN")
        origin = origin or any(ent.start <= n.i + 2 and n.i - 2 <= ent.end for _, n in listed)  # "X 24", "24 from X"
        origin = origin or (first is not ent.root and first.dep_ in ("nsubj", "nsubjpass"))  # "X, Y and Z sent …"
        verb = next((a for a in ent.root.ancestors if a.pos_ == "VERB"), None)
        if verb is not None and _trained_there(verb, [t for _, _, t in mentions], lex):
            continue  # "officers, many of them trained in Brisbane": where they were trained, not where they are
        # "the Rwanda Defence Force", "joined Lao, Myanmar and Thai units": a state modifying a force
        modifier = entry is not None and entry.type == "state" and first.dep_ in ("compound", "amod", "nmod")
        if (
            origin
            or modifier  # "the Rwanda Defence Force"
            or first.dep_ in ("nsubj", "nsubjpass", "dobj", "poss")  # "accused Washington and London of …"
            or _in_speaker_phrase(ent.root)
        ):
            continue  # "Paris has said", "accused Moscow", "Mali's neighbours": actors, not places
        if entry is None:
            host = host or town
        elif entry.type == "state" and ent.label_ != "NORP":
            host = host or entry.id
        elif entry.is_place:
            places.append(entry.id)
            if host is None and entry.country:
                host = entry.country
    partners = _partners(mentions, lex)
    if host is None and partners:
        host = partners[min(partners)]  # the first partner the sentence names
    result: dict[tuple[str, frozenset[int], str], tuple[Deployment, frozenset[int]]] = {}
    destinations_seen: set[str] = set()  # the hosts the sentence names (not those it falls back on)
    nouns: dict[str, str] = {}  # the noun each force abroad is named by
    verbs_of: dict[str, Any] = {}  # the word each force's first record hangs from
    acted: set[tuple[str, frozenset[int], str]] = set()  # the records of a state named as the doer ("Iraq invaded")
    for force, role, token in mentions:
        if token.i in partners and any(partners[token.i] != _country_of_force(f) for f, _, _ in mentions):
            continue  # the host's own army, named as the foreign force's partner
        by = _claimed_in(token, said)
        acts = {said[i][0].act for i in by}
        if _hypothetical(token, lex) and "denied" not in acts:  # "denied any deployment" is a denial
            continue
        undecided = _undecided(token, lex)
        sending = _country_of_key(force, ctx)
        if sending and sending not in ctx.states_named and _generic_name(token, lex):
            continue  # "the Republican Guard" of a state the article never names is another state's guard
        if _held(token, lex):
            continue  # "mercenaries were arrested", "killed three soldiers": people held or hit, not a presence
        if _handed_to(token, lex):
            continue  # "the camp was handed to the Ivorian armed forces": a recipient, not a presence
        if _described(token):
            continue  # "their forces were not enough": what a force is, not where
        if _titled(token, lex):
            continue  # "said Major Esparon, a spokesman for the Seychelles Defence Forces": a title, not a presence
        if _topic(token):
            continue  # "every argument about American soldiers in Paraguay": what is talked of, not a claim
        destinations = _destination(token, lex, besides=sending, story=_story_states(ctx, lex, sending))
        destinations_seen.update(destinations)
        acting = role is None and (named := _entry(_ent_at(token))) is not None and named.type == "state"
        if (
            acting
            and not destinations
            and host is None
            and not _unknown_place(doc)
            and not _the_country(doc, lex, sending)
        ):
            continue  # "Freedonia has fought insurgents since 2017": a state fighting where the sentence won't say
        if (
            token.lower_ in lex.installation_heads
            and not destinations
            and host is None
            and not _placed_by_name(token, lex)
        ):
            # "took refuge at the French base": a base the sentence does not place tells of no force there ("a
            # Kenyan base at El Adde" is placed, at a town of the story's state the gazetteer does not know)
            continue
        # where the story's last force was; a force of that state is at home there
        # "there": the state the sentence named before it ("came home from Mali after the mission there closed")
        earlier = ctx.last_host
        if sending is not None and sending == ctx.main_country() and ctx.last_force is not None:
            # "Eswatini has never sent its army to war": the story's own state's army is not where another's
            # force was last told
            earlier = earlier if _country_of_key(ctx.last_force, ctx) in (None, sending) else None
        if _there(token):
            earlier = next(iter(_named_before(token, sending)), ctx.last_there)
        theatre = entry.theatre if (entry := gaz.get(force)) is not None else None  # "MINUSMA closed": in Mali
        own_host = destinations[0] if destinations else host or theatre or earlier or ctx.main_country()
        if own_host == sending and _away(token, lex):
            # only the sender's state in view of a force it sends: the state the article is about,
            # other than the sender ("Ruritania sent troops to the unstable country")
            own_host = ctx.main_country(besides=sending)
        if own_host is None or (sending is not None and sending == own_host and not _moves_at_home(token, lex)):
            continue  # a state's own army at home is not a deployment, unless the text moves it
        status = "alleged" if undecided else _status(doc, token, acts, lex)
        claimants = () if undecided else tuple(dict.fromkeys(said[i][0].speaker for i in sorted(by)))
        key = (force, by, status)
        if token.dep_ == "conj" and _numeral(token):  # "… in Niger and roughly 1,000 in Chad": a claim of its own
            key = (f"{force} in {own_host}", by, status)
        elif key in result and destinations and result[key][0].host not in destinations:
            key = (f"{force} in {own_host}", by, status)  # "where France keeps troops, … a presence in Gabon"
        again = key[0] == force and _told_again(token, verbs_of.get(force))
        if again:
            # "its troops would stay in South Sudan, nine months after Ugandan special forces flew into Juba":
            # a force named again, by name, as the doer of another event is a claim of its own
            key = (f"{force} @{_governor(token).i}", by, status)
        if key in result or (
            not again
            and status == "reported"
            and any(
                d.force == force and b == by and d.host == own_host and d.status != "denied" for d, b in result.values()
            )
        ):
            # one claim, one record: a later mention with no status word of its own adds nothing (but "no unit had
            # been sent near the frontier and personnel in the kingdom were there for training" claims two things)
            continue
        deployment = Deployment(
            force=force,
            sending_state=sending,
            host=own_host,
            places=tuple(dict.fromkeys(places)),
            size=_size_for(token, quantities, span),
            role=role,
            status=status,
            claimed_by=claimants,
            date=_clause_time(token, times, span),
            span=span,
            named=_named(token),
        )
        result[key] = (deployment, by)
        if acting:
            acted.add(key)
        verbs_of.setdefault(force, _governor(token))
        if status != "denied" and own_host != sending and token.lemma_.lower() not in _ANY_FORCE:
            nouns[token.lemma_.lower()] = force
            # "KC-46 tanker aircraft … the tankers would leave": the noun that says what kind, too
            nouns.update({c.lemma_.lower(): force for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"})
        for other in destinations[1:]:  # "troops in Chad, Niger and Mali": a record per host
            if other != sending:
                result[(f"{force} in {other}", by, status)] = (replace(deployment, host=other), by)
        # "French forces left Mali, pulled out of Chad last month and are due to leave Senegal": each verb the
        # force is the subject of, with a place of its own, is a claim of its own with its own status
        for place, where in _conjoined_places(token, lex):
            if place in (own_host, sending) or (f"{force} in {place}", by) in {k[:2] for k in result}:
                continue
            their = "alleged" if undecided else _status(doc, where, acts, lex)
            result[(f"{force} in {place}", by, their)] = (replace(deployment, host=place, status=their), by)
        exclusive = any(c.lower_ in lex.exclusive_words for c in token.children)
        pmc = gaz.get(ctx.last_pmc) if ctx.last_pmc else None  # only the company the article has named
        pmc = pmc if pmc is not None and pmc.country == sending else None
        if exclusive and status != "denied" and role not in lex.pmc_roles and pmc is not None and pmc.id != force:
            # "only Russian military advisers had been deployed": the mercenaries are denied
            denial = replace(deployment, force=pmc.id, size=None, role=None, status="denied")
            result[(pmc.id, by, "denied")] = (denial, by)
    told = [d for d, _ in result.values() if d.host and (d.host == host or d.host in destinations_seen)]
    if told:
        ctx.last_there = told[-1].host
    # "before sailing on Friday for Mauritius": where a force is going next is not the story's theatre
    # nor is a state's own act told in passing ("troops poured into the kingdom after Iraq invaded Kuwait")
    told_of_forces = [d for k, (d, _) in result.items() if k not in acted and d in told]
    theatres = [d.host for d in told_of_forces if d.status != "planned"]
    if theatres:
        ctx.last_host = theatres[-1]
    # a force said not to be there is no force "the troops" of a later sentence can point back to
    foreign = [d.force for d, _ in result.values() if d.host and d.host != d.sending_state and d.status != "denied"]
    ctx.last_force = foreign[-1] if foreign else ctx.last_force
    ctx.force_by_noun.update(nouns)
    for deployment, _ in result.values():
        _register(ctx, deployment.force)
        _register(ctx, deployment.host, deployment.sending_state, *deployment.places)
    return list(result.values())


def _story_states(ctx: _Context, lex: Lexicon, besides: str | None) -> dict[str, str | None]:
    """What "the kingdom", "the sultanate" names in a story, by noun: its most named state of that kind (other
    than ``besides``, the force's own)."""
    return {noun: ctx.main_country(besides=besides, among=states) for noun, states in lex.state_forms.items()}


def _state_said_after(ent: Any) -> str | None:
    """The state a place's own phrase puts it in ("Novo Selo, Bulgaria", "Novo Selo in eastern Bulgaria"): a
    town's name many states share is that state's."""
    doc = ent.doc
    at = ent.end
    if at < len(doc) and doc[at].lower_ in (",", "in"):
        at += 1
        while at < len(doc) and doc[at].pos_ in ("DET", "ADJ"):  # "in eastern Bulgaria"
            at += 1
        state = _entry(_ent_at(doc[at])) if at < len(doc) else None
        if state is not None and state.type == "state" and doc[at].ent_type_ == "GPE":
            return state.id
    return None


def _told_again(token: Any, first: Any | None) -> bool:
    """Whether a force the sentence has a record of (hung on ``first``) is named again, by a noun with a name
    of its own, as the subject of another verb ("its troops would stay in South Sudan, nine months after
    Ugandan special forces flew into Juba"; "said Ugandan troops had been deployed … and that Ugandan helicopter
    gunships had bombed villages")."""
    verb = _governor(token)
    if first is None or verb.i == first.i or token.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ != "VERB":
        return False
    named = any(c.dep_ in ("amod", "compound", "nmod", "poss") and _ent_at(c) is not None for c in token.children)
    return named and token.pos_ == "NOUN"


def _there(token: Any) -> bool:
    """Whether a force is said to be "there": "the French troops stationed there", "troops are there"."""
    heads = [token, token.head, *(c for c in token.children if c.dep_ in ("acl", "relcl"))]  # "the mission there"
    return any(c.dep_ == "advmod" and c.lower_ == "there" for h in heads for c in h.children)


def _disputed(deployments: Sequence[Deployment]) -> list[Deployment]:
    """A presence a party asserts and another denies is alleged, wherever in the article the denial is.

    A claim with a claimant (not the narrator's) and status reported becomes alleged when the article
    also has a denial of the same force in the same state: "Officials told AFP that Russian mercenaries
    were in Ruritania" in a story where Ruritania "denied any deployment of Russian mercenaries". The
    narrator's own statements of fact stay reported.
    """
    denied: dict[tuple[str, str | None], set[tuple[str, ...]]] = {}
    for d in deployments:
        if d.status == "denied":
            denied.setdefault((d.force, d.host), set()).add(d.claimed_by)
    # a party that denies one thing of a force and asserts another ("no unit had been sent to the frontier and the
    # personnel in the kingdom were there for training") does not dispute itself
    return [
        replace(d, status="alleged")
        if d.status == "reported" and d.claimed_by and denied.get((d.force, d.host), set()) - {d.claimed_by}
        else d
        for d in deployments
    ]


def _partners(mentions: list[tuple[str, str | None, Any]], lex: Lexicon) -> dict[int, str]:
    """The state armies a sentence names as another force's partner, by token: their state hosts it.

    "Burundian troops fought alongside the Congolese army", "the contingent will work with the
    Mozambican armed forces": the partner is the host's army at home.

    Reads: "Ruritanian troops are fighting alongside the Freedonian army" (host Freedonia). Not:
    "Ruritanian troops clashed with Freedonian soldiers" ("clash" is an action against them); "joining German
    and American contingents" (a contingent is itself sent from abroad).
    """
    found: dict[int, str] = {}
    for force, role, token in mentions:
        if role is not None and role.lower() in lex.sent_roles:
            continue
        first = token
        while first.dep_ in ("conj", "appos") and first.head.i != first.i:
            first = first.head
        prep = first.head
        joined = first.dep_ == "dobj" and prep.lemma_.lower() in lex.partnering_verbs  # "joined Lao units"
        if not joined and (prep.dep_ != "prep" or prep.lower_ not in ("with", "alongside")):
            continue
        if prep.lower_ == "with" and prep.head.lemma_.lower() in lex.action_verbs:
            continue
        if any(c.dep_ == "prep" and c.lower_ == "from" for c in first.children):
            continue  # "a force based in the capital with soldiers from Ruritania": they come from elsewhere
        entry = gazetteer().get(force)
        if entry is not None and entry.type == "armed_force" and entry.country:
            found.setdefault(token.i, entry.country)  # "Lao, Myanmar and Thai units": the first named
    return found


def _unknown_place(doc: Any) -> bool:
    """Whether a sentence names a place no gazetteer knows ("the port of Misrata", "near Zorg"): one in
    the story's country, for all the reader can tell."""
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ != "pobj" or _entry(_ent_at(token)) is not None:
            continue
        prep = token.head
        if prep.lower_ in ("in", "near", "at", "around", "outside") or (
            prep.lower_ == "of" and prep.head.lemma_.lower() in _PLACE_KINDS
        ):
            return True
    return False


def _the_country(doc: Any, lex: Lexicon, besides: str | None) -> bool:
    """Whether a sentence points to the story's state by a noun ("prompted Turkey to invade the island", "troops
    in the country") that names no state of its own sentence."""
    return any(
        t.lemma_.lower() in lex.country_nouns
        and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
        and (t.dep_ == "dobj" or (t.dep_ == "pobj" and t.head.lower_ in ("in", "into", "to")))
        and not _named_before(t, besides)
        for t in doc
    )


def _country_of_force(force: str) -> str | None:
    entry = gazetteer().get(force)
    return entry.country if entry is not None else None


#: Prepositions that give where a force is or goes.
#: The services of an armed force, whose modifier says whose they are ("US Army instructors").
_SERVICES = frozenset({"army", "navy", "air", "marine", "marines", "military", "naval", "coast"})

_WHERE = frozenset(
    {"to", "in", "into", "inside", "across", "within", "at", "on", "off", "outside", "near", "around", "over"}
)  # "over": of aircraft ("US surveillance aircraft had flown over Sinaloa")


def _destination(
    token: Any, lex: Lexicon, *, besides: str | None = None, story: Mapping[str, str | None] | None = None
) -> list[str]:
    """The states a force is sent to or is in, read from the force's own clause.

    Several when the clause names several ("troops in Chad, Niger and Mali"): one claim each.

    A place after "to"/"in"/"into" on the force or on its verb, up the verbs that govern it; a
    place below the state counts for its state (the gazetteer's, or a town's country from the
    GeoNames data).

    A force that leaves ("withdrew from", "were expelled from") was in the place it leaves; the
    "from" of the force noun itself is where it comes from ("soldiers from Guatemala").

    "The kingdom", "the sultanate" that names no state of its own sentence is the story's state of that kind
    (``story`` of the noun): "American troops poured into the kingdom".

    Reads: "Ruritania sent 300 soldiers to Cochabamba." (Bolivia). Not: "Ruritanian soldiers
    said in a statement that ..." (no place).
    """

    def pointed(noun: Any) -> list[str]:  # "the unstable country": the state named before, or the story's
        if noun.lemma_.lower() not in lex.country_nouns:
            return []
        the = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        state = story.get(noun.lemma_.lower()) if story is not None and the else None
        return _named_before(noun, besides)[:1] or ([state] if state else [])

    nodes = [token]
    node = token
    for _ in range(6):  # up through "of" and counts to the verb: "the deployment of a contingent of X to Y"
        if node.head.i == node.i:
            break
        node = node.head
        nodes.append(node)
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("xcomp", "conj", "advcl", "relcl", "acl"):
            break
    if token.dep_ == "dobj":  # "prompted Turkey to invade the island": the verb the object is made to do
        nodes += [c for c in token.head.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    # "Nearly 300 BDF soldiers deployed to Mozambique's Cabo Delgado province …": the participle on the force
    nodes += [c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for node in nodes:
        lemma = node.lemma_.lower()
        where = node.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in node.children)
        if where and _across_border(node.head, lex):
            return []  # "to the borders with Mali, where the Ivorian army has reinforced its posts": this side
        if where and (state := _country_at(node.head)) is not None:
            return [state]  # "Djibouti, where France keeps about 1,500 troops"
        if node is not token and lemma in lex.movement_verbs | lex.action_verbs | lex.arrival_verbs | lex.leaving_words:
            # "troops entered the city of Kherson", "captured Goma", "reached the capital": where they went;
            # "French forces left Chad": where they were
            objects = [c for c in node.children if c.dep_ == "dobj" and c.i != token.i and token not in c.subtree]
            # "left Mali and Niger", "left Mali in August 2022 and Niger in December 2023" (a conjunct the
            # parse hangs on the date)
            gapped = [c for p in node.children if p.dep_ == "prep" for t in p.children for c in t.conjuncts]
            objects += [w for o in objects for w in o.conjuncts] + (gapped if objects else [])
            states = [c for o in objects for c in [_country_at(o)] if c is not None]
            # "invaded the island": the state named before, as the story points back to it
            states = states or [c for o in objects for c in pointed(o)][:1]
            if states:
                return list(dict.fromkeys(states))
        if node is not token and lemma in lex.hosting_verbs and token.dep_ != "nsubj":
            # "Tajikistan hosts Russia's 201st military base", "Australia, which hosts US Marines": the host's
            hosts = [c for s in _subjects_of(node) for c in [_country_at(s)] if c is not None]
            if hosts:
                return list(dict.fromkeys(hosts))
        if _trained_there(node, [token], lex):
            continue  # "officers trained in Brisbane": where they were trained, not where they are
        where = _WHERE | {"from"} if node is not token and lemma in lex.leaving_words | lex.basing_verbs else _WHERE
        for prep in node.children:
            # "peacekeepers serving with UNDOF": where the operation they serve with serves
            operation = _operation_in(prep) if prep.lower_ in ("with", "under", "within") else None
            if operation is not None and operation.theatre:
                return [operation.theatre]
            if prep.dep_ not in ("prep", "dative") or prep.lower_ not in where:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                states = [c for c in (_country_at(o) for o in (obj, *obj.conjuncts)) if c is not None]
                if not states:
                    states = pointed(obj)  # "… in Freedonia, and sent troops to the unstable country"
                if states:
                    return list(dict.fromkeys(states))
    frame = _frame_of(token)  # "150 peacekeepers serving with UNDOF"
    return [frame.theatre] if frame is not None and frame.theatre else []


def _across_border(place: Any, lex: Lexicon) -> bool:
    """Whether a place is named as the neighbour across a border ("the borders with Burkina Faso and Mali")."""
    first = _first_conjunct(place)
    return first.head.lower_ == "with" and first.head.head.lemma_.lower() in lex.border_nouns


def _based_from(place: Any, lex: Lexicon) -> bool:
    """Whether a place is where a force operates from: "flying from the airfield at Santa Elena" (the airfield's
    town), "operating from Guatemalan bases"."""
    node = place
    while node.dep_ in ("pobj", "prep", "compound", "amod") and node.head.i != node.i:
        node = node.head
        if node.lower_ == "from":  # on the verb, or on its object ("flew missions from Guatemala")
            verb = node.head.head if node.head.dep_ == "dobj" else node.head
            return verb.lemma_.lower() in lex.basing_verbs
    return False


def _conjoined_places(token: Any, lex: Lexicon) -> list[tuple[str, Any]]:
    """The states the verbs conjoined to a force's own verb place it in, each with the word that names it:
    "French forces left Mali, pulled out of Chad and are due to leave Senegal" gives Chad and Senegal."""
    if token.dep_ not in ("nsubj", "nsubjpass") or token.head.pos_ not in ("VERB", "AUX"):
        return []
    found: list[tuple[str, Any]] = []
    for verb in token.head.conjuncts:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            continue  # a verb with a subject of its own tells of someone else
        # "are due to leave Senegal": the verb its complement (or its adjective's) governs
        nodes = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
        nodes += [x for c in verb.children if c.dep_ == "acomp" for x in c.children if x.dep_ == "xcomp"]
        for node in nodes:
            leaving = node.lemma_.lower() in lex.leaving_words or any(c.lower_ == "out" for c in node.children)
            words = [c for c in node.children if c.dep_ == "dobj" and leaving]
            where = _WHERE | {"from", "out"} if leaving else _WHERE
            preps = [p for p in node.children if p.dep_ in ("prep", "prt") and p.lower_ in where]
            preps += [q for p in preps for q in p.children if q.dep_ == "prep" and q.lower_ == "of"]  # "out of Chad"
            words += [g for p in preps for g in p.children if g.dep_ == "pobj"]
            for word in words:
                state = _country_at(word)
                if state is not None:
                    found.append((state, word))
    return found


def _trained_there(verb: Any, forces: list[Any], lex: Lexicon) -> bool:
    """Whether ``verb`` trains someone and none of ``forces`` is its trainer: its places are where they were
    trained ("officers trained in Brisbane"), not where a force is ("Russian instructors train soldiers in Mali")."""
    return verb.lemma_.lower() in lex.training_verbs and not any(
        (f.head.i == verb.i and f.dep_ == "nsubj")
        or (f.dep_ == "pobj" and f.head.dep_ == "agent" and f.head.head.i == verb.i)  # "trained by X instructors"
        for f in forces
    )


def _named_before(token: Any, besides: str | None = None) -> list[str]:
    """The state named last before ``token`` in its sentence, other than a subject and the force's own state
    (``besides``: "the U.S., which has 800 troops in the country"): what "the country" means."""
    for ent in sorted(token.doc.ents, key=lambda e: -e.start):
        if ent.end > token.i or ent.root.dep_ in ("nsubj", "nsubjpass"):
            continue
        entry = _entry(ent)
        if entry is not None and entry.type == "state" and ent.label_ != "NORP" and entry.id != besides:
            return [entry.id]
    return []


def _country_at(token: Any) -> str | None:
    """The state a place word names or lies in (the gazetteer's, else a town's or province's country).

    A word of kind stands for the place it names: "Cabo Delgado province", "the town of Moura",
    "Freedonia's Kursk region" (the possessor's state).

    Reads: "in the city of Kherson" (Ukraine), "into Russia's Kursk region" (Russia). Not: "in the
    region" (no name).
    """
    ent = _ent_at(token)
    entry = _entry(ent) if ent is not None else None
    if ent is not None and (longer := _longer_name(ent, entry)) is not None:
        return country_of_place(longer)
    if entry is not None and entry.type == "state":
        return entry.id
    placed = token.lemma_.lower() in _PLACE_KINDS or (ent is not None and ent.label_ in ("GPE", "LOC", "FAC"))
    # "the Novo Selo training area in eastern Bulgaria": the state the place's own phrase names
    within = [g for p in token.children if p.dep_ == "prep" and p.lower_ == "in" for g in p.children]
    stated = next((e.id for g in within if (e := _entry(_ent_at(g))) is not None and e.type == "state"), None)
    if placed and entry is None and stated is not None:
        return stated
    if entry is not None and entry.theatre:  # "870 troops in UNIFIL": where the operation serves
        return entry.theatre
    if entry is not None and entry.country:
        return entry.country
    if ent is not None and ent.label_ in ("GPE", "LOC", "FAC") and (found := country_of_place(ent.text)) is not None:
        return found
    if entry is None and token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE_PLACES:
        # "submarines call at Tromsø for supplies": a place's name the tagger took for something else, or missed
        name = ent.text if ent is not None else token.doc[token.left_edge.i : token.i + 1].text
        if (found := country_of_place(name)) is not None:
            return found
    if token.lemma_.lower() in _TERRITORY and ent is None:  # "on Pakistani soil", "in Malian territory"
        people = next((p for c in token.children if c.dep_ == "amod" and (p := gazetteer().demonym(c.text))), None)
        if people is not None:
            return people.id
    if token.lemma_.lower() not in _PLACE_KINDS and (ent is None or ent.label_ not in ("GPE", "LOC", "FAC")):
        return None
    for child in token.children:
        if child.dep_ == "poss":  # "Russia's Kursk region", "Egypt's Sinai peninsula"
            owner = _entry(_ent_at(child))
            if owner is not None and owner.type == "state":
                return owner.id
    if token.lemma_.lower() not in _PLACE_KINDS or ent is not None:
        return None
    texts = []
    modifiers = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
    if modifiers:  # "Cabo Delgado province": the modifiers together are the name
        texts.append(token.doc[min(m.left_edge.i for m in modifiers) : max(m.right_edge.i for m in modifiers) + 1].text)
    for name in (g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children):  # "city of X"
        named = _ent_at(name)
        if (state := _state_of(named)) is not None:
            return state  # "in the north of Côte d'Ivoire"
        texts.append(named.text if named is not None else token.doc[name.left_edge.i : name.right_edge.i + 1].text)
    for text in texts:
        if (found := country_of_place(text)) is not None:
            return found
    return None


#: Prepositions whose object is a place: "at Tromsø", "in Okinawa", "from Okinawa".
_LOCATIVE_PLACES = frozenset({"in", "at", "near", "into", "from", "off", "around"})

#: The parts of a state by the compass: "in the north of Côte d'Ivoire".
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "centre", "center"}
)
#: Words of kind whose name (a modifier, or "of" X) is the place: "Cabo Delgado province", "the city of X".
_PLACE_KINDS = PLACE_KINDS | {"city", "town", "village", "capital", "port"} | _COMPASS


#: Words for a state's ground, waters or air that its demonym makes that state: "on Pakistani soil".
_TERRITORY = frozenset({"soil", "territory", "waters", "airspace"})


def _away(token: Any, lex: Lexicon) -> bool:
    """Whether the force is what a verb of sending sends ("sent 300 troops", "troops were deployed").

    Then the sender is not the host, and a destination the sentence leaves unnamed ("to the
    unstable country") is the state the article is about.
    """
    node = token
    while node.dep_ in ("conj", "appos", "pobj", "prep") and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("dobj", "nsubjpass") and node.head.lemma_.lower() in lex.sending_verbs:
        return True
    if node.dep_ == "nsubj" and node.head.lemma_.lower() in lex.arrival_verbs:
        return True  # "soldiers from Ruritania arrived here": they came from elsewhere
    # a force (or its state) that fights somewhere: "Ruritania helped to retake the port"
    verb = node.head if node.dep_ == "nsubj" else None
    return verb is not None and any(
        t.lemma_.lower() in lex.action_verbs for t in (verb, *[c for c in verb.children if c.dep_ == "xcomp"])
    )


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
    described = False  # inside a description of the speaker: "The U.S., which has 800 troops there, said"
    for ancestor in token.ancestors:
        if ancestor.i in verbs:
            if child.dep_ == "nsubj" and described:
                break
            grounds = child.dep_ == "prep" and child.lower_ in _GROUNDS  # "accused X of sending"
            if grounds or child.dep_ in _CONTENT_DEPS:
                return frozenset(n for n, (_, verb) in enumerate(said) if verb is not None and verb.i == ancestor.i)
            break
        described = described or ancestor.dep_ in ("relcl", "appos", "acl")
        child = ancestor
    return frozenset(n for n, (_, verb) in enumerate(said) if verb is None)


#: How a reported clause or object hangs from its reporting verb.
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "conj", "advcl", "nsubj", "attr", "oprd"})


def _hypothetical(token: Any, lex: Lexicon) -> bool:
    """ "any deployment of Wagner would be …", "unacceptable for Wagner to deploy", "if there are
    mercenaries in Mali", "if Ruritania were to send troops", "should Moscow pull its instructors out",
    "if the deal goes ahead, Chinese guards would be stationed there": no claim that it happened."""
    if any(c.lower_ == "many" and any(g.lower_ == "how" for g in c.children) for c in token.children):
        return True  # "did not say how many Russians were in the country": a question, not a claim
    words = [t for t in token.sent if not t.is_punct]
    if words and token.sent.text.rstrip("”\"’' ").endswith("?") and (words[0].pos_ == "AUX" or words[0].lower_ in _WH):
        return True  # "Will the bases and the garrison still be there in fifty years?"
    for node in [token, *token.ancestors]:
        if any(c.dep_ == "det" and c.lower_ in lex.hypothetical_determiners for c in node.children):
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("ccomp", "pcomp") and _asks(node):
            return True  # "did not say where the troops had been sent", "on how long the Australians would stay"
        if node.dep_ in ("advcl", "ccomp") and _conditional(node, lex):
            return True  # "if there are Russian mercenaries in Mali, …"
        if node.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            head = node.head
            if head.pos_ == "ADJ" or any(c.dep_ == "acomp" and c.pos_ == "ADJ" for c in head.children):
                return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("ROOT", "ccomp"):
            # the consequence of a condition: "if the deal goes ahead, guards would be stationed"
            # (not "would be withdrawn unless Freetown asked it to stay": a plan with an exception)
            would = any(c.dep_ == "aux" and c.lower_ in ("would", "could") for c in node.children)
            return would and any(
                c.dep_ == "advcl" and _conditional(c, lex) and not any(m.lower_ == "unless" for m in c.children)
                for c in node.children
            )
    return False


def _asks(clause: Any) -> bool:
    """Whether a clause is an indirect question: "where the troops had been sent", "how long they would stay"."""
    return any(
        c.dep_ in ("advmod", "mark") and c.i < clause.i and any(w.lower_ in _WH for w in c.subtree)
        for c in clause.children
    )


#: Words that open an indirect question.
_WH = frozenset({"how", "when", "where", "whether", "why"})


def _conditional(clause: Any, lex: Lexicon) -> bool:
    """Whether a clause states a condition: "if …", "unless …", or "should Moscow pull out" (the auxiliary
    before its subject)."""
    if any(c.dep_ == "mark" and c.lower_ in lex.hypothetical_conjunctions for c in clause.children):
        return True
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(
        c.dep_ == "aux" and c.lower_ in ("should", "were", "had") and c.i < subject.i for c in clause.children
    )


def _topic(token: Any) -> bool:
    """Whether a force is what something is about: "the centre of every argument about American soldiers"."""
    node = _phrase_head(token, ("compound", "amod", "conj"))
    return bool(node.dep_ == "pobj" and node.head.lower_ == "about" and node.head.dep_ == "prep")


def _whether_to(token: Any) -> bool:
    """Whether a force's clause is a decision to take: "reviewing whether to keep a full battalion"."""
    for node in token.ancestors:
        if node.pos_ in ("VERB", "AUX"):
            return any(c.lower_ == "whether" for c in node.children) and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in node.children
            )
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
    near = list(window)
    for ancestor in token.ancestors:  # up to the reporting verb: its act is in ``acts``
        if ancestor.lemma_.lower() in speech and ancestor.pos_ in ("VERB", "AUX"):
            break
        lemmas.add(ancestor.lemma_.lower())
        near.append(ancestor)
    # a verb with its particle is another verb ("was set up" plans nothing; "has ruled out sending troops" denies)
    phrasal = {(t.lemma_.lower(), c.lower_) for t in near for c in t.children if c.dep_ == "prt"}
    particled = {v for v, _ in phrasal} - {
        t.lemma_.lower() for t in near if not any(c.dep_ == "prt" for c in t.children)
    }
    closable = token.lower_ in lex.installation_heads or _mission(token, lex)
    if closable and lemmas & (lex.base_closing_verbs | {"closure", "closing"}):
        lemmas.add("withdraw")  # "closed its air base at Manta", "the UN mission closed": the force left
    if "denied" not in acts and _still_there(token, lex):
        return "reported"  # "the presence did not end", "the troops have not left": there still
    ruled_out = {f"{v} {p}" for v, p in phrasal} & lex.status_words["denied_phrasal"]
    if "denied" in acts or lemmas & {"deny", "denial"} or ruled_out or _negated(token):
        return "denied"
    if lemmas & lex.status_words["considered"] or _whether_to(token):
        return "considered"
    if lemmas & lex.status_words["confirmed"]:
        return "confirmed"
    if lemmas & {"alleged", "allegedly", "suspected", "reportedly"} or acts & {"accused", "condemned", "claimed"}:
        return "alleged"
    verb = next((a for a in [token, *token.ancestors] if a.pos_ in ("VERB", "AUX")), None)
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"} if verb is not None else set()
    future = bool(modals & _MODALS) or bool(
        modals & _MAYBE and verb is not None and verb.lemma_.lower() in lex.sending_verbs
    )  # "will withdraw", "would send", "could be stationed" (not "could operate": able to, there now)
    future = future or (verb is not None and _is_to(verb))
    planned = (lemmas - particled) & lex.status_words["planned"]
    if verb is not None and verb.lemma_.lower() in lex.status_words["staying"]:
        # "will maintain a presence", "will remain until 2026": there now, and staying
        future, planned = False, planned - _MODALS
    if future or planned:
        return "planned"  # "France will withdraw its troops"
    leaving_for = any(
        w.lemma_.lower() == "leave" and any(c.dep_ == "prep" and c.lower_ == "for" for c in w.children) for w in window
    )
    if leaving_for:
        lemmas -= {"leave", "left"}  # "soldiers left for southern Lebanon": on their way there
    if lemmas & lex.status_words["withdrawn"] or _gone_home(token):
        return "withdrawn"
    return "reported"


def _mission(token: Any, lex: Lexicon) -> bool:
    """Whether a force is named as a mission or operation ("the UN mission", "MINUSMA"): a thing that closes."""
    entry = _entry(_ent_at(token))
    return (entry is not None and entry.is_operation) or token.lemma_.lower() in ("mission", "operation")


def _gone_home(token: Any, *, itself: bool = False) -> bool:
    """ "The last of its peacekeepers had returned home", "were sent home": a force gone home has left.

    ``token`` is the force, whose verb is looked for above it, or (``itself``) the verb.
    """
    verb = token if itself else next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and any(
        c.lower_ == "home" and c.dep_ in ("advmod", "npadvmod", "dobj", "prt") for c in verb.children
    )


#: Verbs of going that, with "home", take a force away ("returned home", "two battalions would rotate home").
_HOMEWARD = frozenset({"return", "go", "head", "come", "rotate", "fly", "sail"})

#: Modal auxiliaries that put a deployment in the future: "will send", "would send", and the modals of
#: obligation that demand it ("the border guards must leave by August 1", "should withdraw").
_MODALS = frozenset({"will", "shall", "would", "'ll", "must", "should"})
#: Modals of the possible, which do so only on a verb of sending: "could be stationed" (not "could operate").
_MAYBE = frozenset({"could", "may", "might"})


def _phrase_head(token: Any, deps: tuple[str, ...]) -> Any:
    """The word a token's phrase hangs from, climbing through ``deps``: "Seychelles" of "the Seychelles Defence
    Forces" climbs to "Forces"."""
    node = token
    while node.dep_ in deps and node.head.i != node.i:
        node = node.head
    return node


def _set_aside(token: Any) -> bool:
    """Whether a force is named as the one that is not there: "through the Africa Corps rather than the Wagner
    Group", "instead of French troops"; or only as a bound of where another is ("the buffer zone between Israeli
    and Syrian forces"); or as weapons fired ("Iranian drones and missiles fired at Israel")."""
    node = _phrase_head(token, ("compound", "poss", "appos", "conj", "amod"))
    if any(c.dep_ == "acl" and c.lemma_.lower() in lexicon().fired_verbs for c in node.children):
        return True
    if node.dep_ != "pobj":
        return False
    word = node.head
    if word.lower_ == "between" and word.head.pos_ == "NOUN":
        return True
    before = word.doc[word.i - 1].lower_ if word.i > 0 else ""
    return (word.lower_ == "than" and before == "rather") or (word.lower_ == "of" and before == "instead")


def _in_speaker_phrase(token: Any) -> bool:
    """Whether a token lies in the subject phrase of a reporting verb ("officials in Bamako said")."""
    speech = lexicon().speech_verbs
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ in ("nsubj", "nsubjpass") and ancestor.head.lemma_.lower() in speech:
            # "the alleged activity of Wagner was being assessed": a passive with no agent has no speaker
            return ancestor.dep_ == "nsubj" or any(c.dep_ == "agent" for c in ancestor.head.children)
    return False


#: Offices a force is named in as a speaker's title ("a spokesman for the army", "the chief of the navy").
_OFFICES = frozenset({"spokesman", "spokeswoman", "spokesperson", "chief", "head", "commander", "official", "officer"})


def _titled(token: Any, lex: Lexicon) -> bool:
    """Whether a force is named only in a speaker's title, with no place: "said Major Esparon, a spokesman for
    the Seychelles Defence Forces" tells who speaks, not where the force is."""
    node = _phrase_head(token, ("compound", "amod", "poss", "conj"))
    if node.dep_ != "pobj" or node.head.lower_ not in ("of", "for") or node.head.head.lower_ not in _OFFICES:
        return False
    office = node.head.head
    if not _in_speaker_phrase(office):
        return False
    own = {t.i for t in node.subtree}  # "the Seychelles Defence Forces" names a state, not a place
    return not any(t.ent_type_ in ("GPE", "LOC", "FAC") and t.i not in own for t in office.subtree)


def _size_for(token: Any, quantities: list[Quantity], span: TextSpan) -> Quantity | None:
    """The size of a force: the quantity that is the force's own word ("24 from Jamaica"), else the last one
    just before it ("about 400 Russian military personnel")."""
    position = span.start + token.idx
    own = [q for q in quantities if q.start <= position < q.end]
    if own:
        return own[0]
    best = None
    for quantity in quantities:
        if quantity.end <= position and position - quantity.end <= 40:
            best = quantity
    return best


# -- troop changes and base handovers -------------------------------------------------------------


def _troop_changes(
    doc: Any, span: TextSpan, quantities: list[Quantity], times: list[TimeValue], ctx: _Context, lex: Lexicon
) -> list[tuple[TroopChange, Any]]:
    """Changes in a force's size, one per force and kind, each with the word that tells it.

    The trigger's subject (a state → its army, shared through "and"/"but" with earlier verbs) or its
    "of"-object is the force. Dates and sizes come from the trigger's own clause: "by 2023" or a
    future time is the target, a past one the date; "to N" the new size, "from N" (or the count the
    sentence gave before, "that number") the old one.
    """
    gaz = gazetteer()
    found: list[tuple[TroopChange, Any]] = []
    seen: set[tuple[str, str]] = set()
    for trigger in doc:
        lemma = trigger.lemma_.lower()
        kind = next((k for k, words in lex.change_words.items() if lemma in words), None)
        if kind is None and lemma in lex.base_closing_verbs and trigger.pos_ == "VERB":
            # "Washington closed its air base at Manta in 2009": the force the base held has left
            closed = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
            kind = "withdrawal" if any(c.lemma_.lower() in lex.base_nouns for c in closed) else None
        if kind is None and lemma in lex.arrival_verbs | _HOMEWARD and _gone_home(trigger, itself=True):
            kind = "withdrawal"  # "the contingent would begin returning home", "went home", "rotate home"
        if kind is None or trigger.pos_ not in ("VERB", "NOUN"):
            continue
        if _hypothetical(trigger, lex):
            continue  # "should Moscow pull its instructors out, …": no change made
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
        # a force the gazetteer does not know ("the 6th battalion") is a local actor, its country read with it
        known = gaz.get(force) or ctx.actors.get(force)
        sender = known.country if known is not None else None
        for ent in doc.ents:
            entry = _entry(ent)
            if entry is None or ent.label_ == "NORP":
                continue
            inside = any(t.i in {c.i for c in clause} for t in ent)
            if entry.type == "state" and inside and entry.id != sender:
                host = host or entry.id
            elif entry.is_place and (inside or kind == "withdrawal"):
                place = place or entry.id
        if kind == "intervention" and host is None:
            host = ctx.main_country()
        _register(ctx, force, place, host)
        change = TroopChange(
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
        found.append((change, trigger))
    return found


#: Conjunctions that make a clause the time of another ("since the French left").
_TIME_MARKS = frozenset({"after", "before", "since", "until", "when", "once", "as"})


def _withdrawal_claims(
    doc: Any,
    changes: list[tuple[TroopChange, Any]],
    claims: list[tuple[Deployment, frozenset[int]]],
    said: list[tuple[Statement, Any]],
    ctx: _Context,
    lex: Lexicon,
) -> list[tuple[Deployment, frozenset[int]]]:
    """A withdrawal from a named state is also a claim that the force was there and left (or will leave).

    The sentence's own deployment claims come first: a withdrawal of a force they already place adds
    nothing. Reads: "Tanzania pulled out its last company from Mozambique in April." (withdrawn). Not:
    "Italy will pull its troops out of Niger." twice (the troops are read as a deployment already).
    """
    found: list[tuple[Deployment, frozenset[int]]] = []
    for change, trigger in changes:
        if change.kind != "withdrawal" or any(d.force == change.force for d, _ in claims):
            continue
        sending = _country_of_key(change.force, ctx)
        # "pulled out its last company in April": from where the story's last force was
        host = change.host or (ctx.last_host if ctx.last_host != sending else None)
        if host is None or any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in trigger.children):
            continue  # "advisers have arrived since the French left": the time of another event
        by = _claimed_in(trigger, said)
        status = _status(doc, trigger, {said[i][0].act for i in by}, lex)
        status = "withdrawn" if status in ("reported", "confirmed") else status
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        deployment = Deployment(
            force=change.force,
            sending_state=sending,
            host=host,
            places=(change.place,) if change.place and change.place != change.host else (),
            size=change.from_size,
            role=None,
            status=status,
            claimed_by=tuple(dict.fromkeys(said[i][0].speaker for i in sorted(by))),
            date=change.date or change.target_date,
            span=change.span,
            named=_named(objects[0]) if objects else "",
        )
        found.append((deployment, by))
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
        candidates += [c for c in node.children if c.dep_ in ("nsubj", "dobj") and c.i != trigger.i]
        if node.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep") and node.head.i != node.i:
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
                for mod in candidate.children:  # "Papua New Guinean soldiers": the demonym's whole name
                    state = _entry(_ent_at(mod)) or gaz.demonym(mod.text)
                    if state is not None:
                        entry = state
        if (entry is None or entry.is_place) and candidate.dep_ == "nsubj" and candidate.pos_ == "PROPN":
            # "Washington closed its air base": a capital standing for its government
            key = _resolve(candidate, ctx, lex, as_speaker=True)
            entry = gaz.get(key) if key is not None else None
        if entry is None and ctx.last_force and _points_back(candidate, lex):
            # "the contingent would begin returning home": the story's last force (of that noun, if one)
            return ctx.force_by_noun.get(candidate.lemma_.lower(), ctx.last_force)
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


#: Nouns any force is named by: "the troops" points back to the story's last force, not to the last one so named.
_ANY_FORCE = frozenset(
    {"troop", "troops", "soldier", "force", "forces", "personnel", "man", "men", "contingent", "unit", "battalion"}
)


def _points_back(word: Any, lex: Lexicon) -> bool:
    """Whether a force noun points back to a force the story has named: "the contingent", "the troops", or a
    part of it counted ("two battalions would rotate home")."""
    return (word.lower_ in lex.force_roles or word.lemma_.lower() in lex.deployment_nouns) and any(
        (c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "nummod" for c in word.children
    )


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
