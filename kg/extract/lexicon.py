"""The curated word lists the extractor reads, loaded from the data files in ``kg/data/``.

Each file documents its own sources. Nothing here knows any article: the rules in
:mod:`kg.extract.reading` consult these lists, and a new outlet or a new verb is a data change.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from kg import cache


def load_data(name: str) -> dict[str, Any]:
    """One TOML data file of the package (``kg/data/<name>``), kept read in ``KG_CACHE`` (:mod:`kg.cache`): the
    gazetteers take every process of a load 40 ms to parse, and 2 ms to read back."""
    text = files("kg").joinpath("data", name).read_text(encoding="utf-8")
    kept = f"data-{name.removesuffix('.toml')}-{cache.digest(text, sys.version)}.marshal"
    return cache.kept_data(kept, lambda: tomllib.loads(text), dict)


@dataclass(frozen=True)
class Lexicon:
    """Speech verbs, anonymity markers, event triggers and boilerplate patterns.

    Fields added with the lexicons of VerbNet and PETRARCH2 and not yet read by every rule:

    - ``expression_verbs``: verbs ("express", "voice") that report speech only with an attitude noun as object.
    - ``expression_objects``: those attitude nouns ("concern", "outrage") → the speech act they record.
    - ``body_heads``: heads of a described speaker that is an unnamed body ("the watchdog", "local media").
    - ``coup_phrases``: several-word names of a coup, matched on lowercased text ("seizure of power").
    - ``coup_attempt_words``: words that mark an attempted or failed coup ("attempted", "foiled", "bid").
    """

    speech_verbs: dict[str, str]
    needs_complement: frozenset[str]
    clause_only: frozenset[str]
    not_speech_governors: frozenset[str]
    not_speech_objects: frozenset[str]
    expression_verbs: frozenset[str]
    new_statement_participles: frozenset[str]
    expression_objects: dict[str, str]
    role_nouns: frozenset[str]
    anonymity_markers: tuple[str, ...]
    coup_nouns: frozenset[str]
    coup_phrases: tuple[str, ...]
    coup_attempt_words: frozenset[str]
    coup_failure_words: frozenset[str]
    coup_failure_phrases: tuple[str, ...]
    coup_ending_verbs: frozenset[str]
    coup_alleged_words: frozenset[str]
    coup_hedge_words: frozenset[str]
    coup_figurative_modifiers: frozenset[str]
    coup_target_verbs: frozenset[str]
    coup_survival_verbs: frozenset[str]  # of coup_target_verbs, those of whom a coup was aimed at
    coup_verbs: frozenset[str]
    power_objects: frozenset[str]
    seat_objects: frozenset[str]
    ruler_seats: frozenset[str]
    ousted_titles: frozenset[str]
    ruler_titles: frozenset[str]
    unsuccessful: frozenset[str]
    coup_agents: frozenset[str]
    deployment_verbs: frozenset[str]
    action_verbs: frozenset[str]
    not_presence_verbs: frozenset[str]
    fired_verbs: frozenset[str]
    generic_force_names: frozenset[str]
    ship_prefixes: Mapping[str, str]  # a navy's ship prefix ("HMNZS") → its state's id
    keeping_verbs: frozenset[str]  # a state keeping an installation ("kept a naval base")
    movement_verbs: frozenset[str]
    movement_into_verbs: frozenset[str]
    composition_verbs: frozenset[str]
    training_verbs: frozenset[str]
    arrival_verbs: frozenset[str]
    leaving_words: frozenset[str]
    country_nouns: frozenset[str]
    border_nouns: frozenset[str]
    police_nouns: frozenset[str]
    deployment_nouns: frozenset[str]
    force_roles: frozenset[str]
    service_roles: frozenset[str]  # of force_roles, a state's services ("army", "navy")
    unit_nouns: frozenset[str]  # formations that name a force when numbered ("the 173rd Airborne Brigade")
    pmc_roles: frozenset[str]
    pmc_heads: frozenset[str]
    presence_heads: frozenset[str]
    installation_heads: frozenset[str]
    foreign_words: frozenset[str]
    civil_presence_modifiers: frozenset[str]
    hosting_verbs: frozenset[str]
    partnering_verbs: frozenset[str]
    state_forms: dict[str, frozenset[str]]
    sent_roles: frozenset[str]
    exercise_verbs: frozenset[str]
    exercise_nouns: frozenset[str]
    port_call_verbs: frozenset[str]
    basing_verbs: frozenset[str]
    operation_verbs: frozenset[str]
    operation_names: frozenset[str]  # the word that opens an operation's name ("Opération Turquoise")
    military_craft: frozenset[str]
    craft_modifiers: frozenset[str]
    craft_use_heads: frozenset[str]
    idiom_modifiers: frozenset[str]
    equipment_roles: frozenset[str]
    specialist_roles: frozenset[str]
    military_modifiers: frozenset[str]
    sending_verbs: frozenset[str]
    status_words: dict[str, frozenset[str]]
    exclusive_words: frozenset[str]
    hypothetical_determiners: frozenset[str]
    hypothetical_conjunctions: frozenset[str]
    undecided_words: frozenset[str]
    change_words: dict[str, frozenset[str]]
    handover_verbs: frozenset[str]
    including_words: frozenset[str]
    target_prepositions: tuple[str, ...]
    conflict_nouns: frozenset[str]
    quarters: dict[str, str]
    conflict_start_verbs: frozenset[str]
    conflict_spread_verbs: frozenset[str]
    election_words: frozenset[str]
    disrupt_verbs: frozenset[str]
    base_nouns: frozenset[str]
    base_closing_verbs: frozenset[str]
    generic_subjects: dict[str, str]
    pronouns: dict[str, str]
    determiners: frozenset[str]
    statement_nouns: frozenset[str]
    group_heads: frozenset[str]
    body_heads: frozenset[str]
    titles: tuple[str, ...]
    office_titles: frozenset[str]
    ousting_verbs: frozenset[str]
    removal_verbs: frozenset[str]
    to_power_verbs: frozenset[str]
    military_removal_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    from_power_verbs: frozenset[str]
    power_verbs: frozenset[str]
    not_event_heads: frozenset[str]
    record_verbs: frozenset[str]
    staging_verbs: frozenset[str]
    mutiny_nouns: frozenset[str]
    resigning_verbs: frozenset[str]
    against_verbs: frozenset[str]
    revolt_nouns: frozenset[str]
    revolt_verbs: frozenset[str]
    demand_verbs: frozenset[str]
    departure_nouns: frozenset[str]
    removal_nouns: frozenset[str]
    reinstating_verbs: frozenset[str]
    civil_means: frozenset[str]
    war_means: frozenset[str]
    dissolving_verbs: frozenset[str]
    entering_verbs: frozenset[str]
    rising_verbs: frozenset[str]
    backing_nouns: frozenset[str]
    backing_forces: frozenset[str]
    dissolved_bodies: frozenset[str]
    not_event_modifiers: frozenset[str]
    leader_hedges: frozenset[str]
    ordinals: dict[str, int]
    stop_prefixes: tuple[str, ...]
    boilerplate_lines: tuple[re.Pattern[str], ...]
    playlist_duration: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, read once per process."""
    speech = load_data("speech.toml")
    events = load_data("events.toml")
    boiler = load_data("boilerplate.toml")

    def lower(words: list[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in words)

    return Lexicon(
        speech_verbs={k.lower(): v for k, v in speech["verbs"].items()},
        needs_complement=lower(speech["needs_complement"]["verbs"]),
        clause_only=lower(speech["needs_complement"]["clause_only"]),
        not_speech_governors=lower(speech["not_speech"]["governors"]),
        not_speech_objects=lower(speech["not_speech"]["objects"]),
        expression_verbs=lower(speech["expressed"]["verbs"]),
        new_statement_participles=lower(speech["participles"]["new_statement"]),
        expression_objects={k.lower(): v for k, v in speech["expressed"]["objects"].items()},
        role_nouns=lower(speech["anonymous"]["role_nouns"]),
        anonymity_markers=tuple(m.lower() for m in speech["anonymous"]["markers"]),
        coup_nouns=lower(events["coup"]["nouns"]),
        coup_phrases=tuple(p.lower() for p in events["coup"]["phrases"]),
        coup_attempt_words=lower(events["coup"]["attempt_words"]),
        coup_failure_words=lower(events["coup"]["failure_words"]),
        coup_failure_phrases=tuple(p.lower() for p in events["coup"]["failure_phrases"]),
        coup_ending_verbs=lower(events["coup"]["ending_verbs"]),
        coup_alleged_words=lower(events["coup"]["alleged_words"]),
        coup_hedge_words=lower(events["coup"]["hedge_words"]),
        coup_figurative_modifiers=lower(events["coup"]["figurative_modifiers"]),
        coup_target_verbs=lower([*events["coup"]["target_verbs"], *events["coup"]["survival_verbs"]]),
        coup_survival_verbs=lower(events["coup"]["survival_verbs"]),
        coup_verbs=lower(events["coup"]["verbs"]),
        power_objects=lower(events["coup"]["power_objects"]),
        seat_objects=lower(events["coup"]["seat_objects"]),
        ruler_seats=lower(events["coup"]["ruler_seats"]),
        ousted_titles=lower(events["coup"]["ousted_titles"]),
        ruler_titles=lower(events["coup"]["ruler_titles"]),
        unsuccessful=lower(events["coup"]["unsuccessful"]),
        coup_agents=lower(events["coup"]["coup_agents"]),
        deployment_verbs=lower(events["deployment"]["verbs"]),
        action_verbs=lower(events["deployment"]["action_verbs"]),
        not_presence_verbs=lower(events["deployment"]["not_presence_verbs"]),
        fired_verbs=lower(events["deployment"]["fired_verbs"]),
        generic_force_names=lower(events["deployment"]["generic_force_names"]),
        ship_prefixes=dict(events["deployment"]["ship_prefixes"]),
        keeping_verbs=lower(events["deployment"]["keeping_verbs"]),
        movement_verbs=lower(events["deployment"]["movement_verbs"]),
        movement_into_verbs=lower(events["deployment"]["movement_into_verbs"]),
        composition_verbs=lower(events["deployment"]["composition_verbs"]),
        training_verbs=lower(events["deployment"]["training_verbs"]),
        arrival_verbs=lower(events["deployment"]["arrival_verbs"]),
        # a force that leaves a place was in it: the withdrawal words and the "withdrawn" status words
        leaving_words=lower([*events["troop_change"]["withdrawal"], *events["status"]["withdrawn"]]),
        country_nouns=lower(events["deployment"]["country_nouns"]),
        border_nouns=lower(events["deployment"]["border_nouns"]),
        police_nouns=lower(events["deployment"]["police_nouns"]),
        deployment_nouns=lower(events["deployment"]["nouns"]),
        force_roles=lower([*events["deployment"]["roles"], *events["deployment"]["services"]]),
        service_roles=lower(events["deployment"]["services"]),
        unit_nouns=lower(events["deployment"]["unit_nouns"]),
        pmc_roles=lower(events["deployment"]["pmc_roles"]),
        pmc_heads=lower(events["deployment"]["pmc_heads"]),
        presence_heads=lower(events["deployment"]["presence_heads"]),
        installation_heads=lower(events["deployment"]["installation_heads"]),
        foreign_words=lower(events["deployment"]["foreign_words"]),
        civil_presence_modifiers=lower(events["deployment"]["civil_presence_modifiers"]),
        hosting_verbs=lower(events["deployment"]["hosting_verbs"]),
        partnering_verbs=lower(events["deployment"]["partnering_verbs"]),
        state_forms={k: frozenset(v) for k, v in events["deployment"]["state_forms"].items()},
        sent_roles=lower(events["deployment"]["sent_roles"]),
        exercise_verbs=lower(events["deployment"]["exercise_verbs"]),
        exercise_nouns=lower(events["deployment"]["exercise_nouns"]),
        port_call_verbs=lower(events["deployment"]["port_call_verbs"]),
        basing_verbs=lower(events["deployment"]["basing_verbs"]),
        operation_verbs=lower(events["deployment"]["operation_verbs"]),
        operation_names=lower(events["deployment"]["operation_names"]),
        military_craft=lower(events["deployment"]["military_craft"]),
        craft_modifiers=lower(events["deployment"]["craft_modifiers"]),
        craft_use_heads=lower(events["deployment"]["craft_use_heads"]),
        idiom_modifiers=lower(events["deployment"]["idiom_modifiers"]),
        equipment_roles=lower(events["deployment"]["equipment_roles"]),
        specialist_roles=lower(events["deployment"]["specialist_roles"]),
        military_modifiers=lower(events["deployment"]["military_modifiers"]),
        sending_verbs=lower(events["deployment"]["sending_verbs"]),
        status_words={k: lower(v) for k, v in events["status"].items()},
        exclusive_words=lower(events["stance"]["exclusive"]),
        hypothetical_determiners=lower(events["stance"]["hypothetical_determiners"]),
        hypothetical_conjunctions=lower(events["stance"]["hypothetical_conjunctions"]),
        undecided_words=lower(events["stance"]["undecided"]),
        change_words={k: lower(v) for k, v in events["troop_change"].items()},
        handover_verbs=lower(events["base_handover"]["verbs"]),
        including_words=lower(events["base_handover"]["including"]),
        target_prepositions=tuple(f"{w.lower()} " for w in events["troop_change"]["target_prepositions"]),
        conflict_nouns=lower(events["conflict"]["nouns"]),
        quarters={k.lower(): v for k, v in events["conflict"]["quarters"].items()},
        conflict_start_verbs=lower(events["conflict"]["start_verbs"]),
        conflict_spread_verbs=lower(events["conflict"]["spread_verbs"]),
        election_words=lower(events["election"]["words"]),
        disrupt_verbs=lower(events["election"]["disrupt_verbs"]),
        base_nouns=lower(events["base_handover"]["nouns"]),
        base_closing_verbs=lower(events["base_handover"]["closing_verbs"]),
        generic_subjects={w.lower(): kind for kind, words in speech["generic"].items() for w in words},
        pronouns=dict(speech["speakers"]["pronouns"]),
        determiners=lower(speech["speakers"]["determiners"]),
        statement_nouns=lower(speech["speakers"]["statement_nouns"]),
        group_heads=lower(speech["speakers"]["group_heads"]),
        body_heads=lower(speech["speakers"]["body_heads"]),
        titles=tuple(speech["speakers"]["titles"]),
        office_titles=lower(speech["speakers"]["office_titles"]),
        ousting_verbs=lower(events["coup"]["ousting_verbs"]),
        removal_verbs=lower(events["coup"]["removal_verbs"]),
        to_power_verbs=lower(events["coup"]["to_power_verbs"]),
        military_removal_verbs=lower(events["coup"]["military_removal_verbs"]),
        naming_verbs=lower(events["coup"]["naming_verbs"]),
        from_power_verbs=lower(events["coup"]["from_power_verbs"]),
        power_verbs=lower(events["coup"]["power_verbs"]),
        not_event_heads=lower(events["coup"]["not_event_heads"]),
        record_verbs=lower(events["coup"]["record_verbs"]),
        staging_verbs=lower(events["coup"]["staging_verbs"]),
        mutiny_nouns=lower(events["coup"]["mutiny_nouns"]),
        resigning_verbs=lower(events["coup"]["resigning_verbs"]),
        against_verbs=lower(events["coup"]["against_verbs"]),
        revolt_nouns=lower(events["coup"]["revolt_nouns"]),
        revolt_verbs=lower(events["coup"]["revolt_verbs"]),
        demand_verbs=lower(events["coup"]["demand_verbs"]),
        departure_nouns=lower(events["coup"]["departure_nouns"]),
        removal_nouns=lower(events["coup"]["removal_nouns"]),
        reinstating_verbs=lower(events["coup"]["reinstating_verbs"]),
        civil_means=lower(events["coup"]["civil_means"]),
        war_means=lower(events["coup"]["war_means"]),
        dissolving_verbs=lower(events["coup"]["dissolving_verbs"]),
        entering_verbs=lower(events["coup"]["entering_verbs"]),
        rising_verbs=lower(events["coup"]["rising_verbs"]),
        backing_nouns=lower(events["coup"]["backing_nouns"]),
        backing_forces=lower(events["coup"]["backing_forces"]),
        dissolved_bodies=lower(events["coup"]["dissolved_bodies"]),
        not_event_modifiers=lower(events["coup"]["not_event_modifiers"]),
        leader_hedges=lower(events["coup"]["leader_hedges"]),
        ordinals=dict(events["coup"]["ordinals"]),
        stop_prefixes=tuple(boiler["stop"]["prefixes"]),
        boilerplate_lines=tuple(re.compile(p, re.IGNORECASE) for p in boiler["line"]["patterns"]),
        playlist_duration=re.compile(boiler["playlist"]["duration"]),
    )
