"""The word lists of ``kg/data`` as the extractor loads them: shape, vocabulary, consistency, provenance.

The lists are broadened from published lexicons (VerbNet's communication classes, PETRARCH2's
CAMEO verb patterns and Phoenix agents); these tests hold each list to the ontology's vocabulary,
keep lists that must not share a word apart, and pin a few entries taken from each source.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SKOS

from kg.extract.lexicon import Lexicon, lexicon, load_data

ROOT = Path(__file__).resolve().parents[1]
KG = Namespace("https://kg.example.org/ontology#")


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return lexicon()


@pytest.fixture(scope="module")
def speech_acts() -> set[str]:
    """The notations of the ontology's speech acts ("said", "denied", …)."""
    graph = Graph().parse(ROOT / "ontology" / "kg.ttl")
    return {str(n) for act in graph.subjects(RDF.type, KG.SpeechAct) for n in graph.objects(act, SKOS.notation)}


def test_the_lexicon_loads_with_every_list_filled(lex: Lexicon) -> None:
    empty = [name for name, value in vars(lex).items() if not value]
    assert not empty, f"lists loaded empty: {empty}"


def test_the_ontology_defines_the_speech_acts_the_lists_use(speech_acts: set[str]) -> None:
    assert {"said", "denied", "condemned", "accused", "pledged", "warned"} <= speech_acts, speech_acts


def test_every_reporting_verb_records_a_speech_act_of_the_ontology(lex: Lexicon, speech_acts: set[str]) -> None:
    unknown = {verb: act for verb, act in lex.speech_verbs.items() if act not in speech_acts}
    assert not unknown, f"speech acts not in ontology/kg.ttl: {unknown}"


def test_every_expressed_attitude_records_a_speech_act_of_the_ontology(lex: Lexicon, speech_acts: set[str]) -> None:
    unknown = {noun: act for noun, act in lex.expression_objects.items() if act not in speech_acts}
    assert not unknown, f"speech acts not in ontology/kg.ttl: {unknown}"


def test_verbs_that_need_a_complement_are_reporting_verbs(lex: Lexicon) -> None:
    stray = lex.needs_complement - set(lex.speech_verbs)
    assert not stray, f"needs_complement names verbs that are not in [verbs]: {stray}"


def test_express_is_speech_only_with_a_complement(lex: Lexicon) -> None:
    """ "expressed deep concern" is a statement; "as expressed in the charter" is not."""
    assert lex.expression_verbs <= set(lex.speech_verbs), lex.expression_verbs
    assert lex.expression_verbs <= lex.needs_complement, lex.expression_verbs


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("role_nouns", "body_heads"),
        ("coup_nouns", "coup_attempt_words"),
        ("not_speech_governors", "speech_verbs"),
        ("not_speech_objects", "expression_objects"),
    ],
)
def test_no_word_is_in_two_incompatible_lists(lex: Lexicon, first: str, second: str) -> None:
    shared = set(getattr(lex, first)) & set(getattr(lex, second))
    assert not shared, f"{first} and {second} share {shared}"


def test_a_body_head_is_not_also_a_generic_subject(lex: Lexicon) -> None:
    shared = lex.body_heads & set(lex.generic_subjects)
    assert not shared, f"body_heads and [generic] share {shared}"


def test_change_kinds_and_statuses_do_not_share_a_word(lex: Lexicon) -> None:
    for table in (lex.change_words, lex.status_words):
        for (kind, words), (other, others) in combinations(table.items(), 2):
            assert not words & others, f"{kind} and {other} share {words & others}"


def test_every_private_military_role_is_a_force_role(lex: Lexicon) -> None:
    assert lex.pmc_roles <= lex.force_roles, lex.pmc_roles - lex.force_roles


@pytest.mark.parametrize(
    ("verb", "act"),
    [
        ("complain", "condemned"),  # complain-37.8
        ("acknowledge", "said"),  # confess-37.10
        ("proclaim", "announced"),  # say-37.7-1-1
        ("recommend", "suggested"),  # say-37.7-1-1-1
        ("assure", "pledged"),  # advise-37.9, promise-37.13
        ("whisper", "said"),  # manner_speaking-37.3
        ("inform", "said"),  # tell-37.2
        ("testify", "said"),  # lecture-37.11
        ("avow", "claimed"),  # declare-29.4
    ],
)
def test_verbnet_communication_verbs_are_present(lex: Lexicon, verb: str, act: str) -> None:
    assert lex.speech_verbs.get(verb) == act, f"{verb}: expected {act}, got {lex.speech_verbs.get(verb)}"


@pytest.mark.parametrize(
    ("verb", "act"),
    [
        ("lament", "said"),  # LAMENT [110]
        ("deplore", "condemned"),  # DEPLORE [111]
        ("rebuke", "condemned"),  # DENOUNCE [111]
        ("fault", "accused"),  # BLAME [112]
        ("underscore", "said"),  # EMPHASIZE [010]
        ("threaten", "warned"),  # THREATEN [130]
    ],
)
def test_cameo_verbs_of_saying_are_present(lex: Lexicon, verb: str, act: str) -> None:
    assert lex.speech_verbs.get(verb) == act, f"{verb}: expected {act}, got {lex.speech_verbs.get(verb)}"


def test_cameo_attitudes_make_express_a_statement(lex: Lexicon) -> None:
    assert {"express", "voice"} <= lex.expression_verbs
    assert lex.expression_objects["concern"] == "said"
    assert lex.expression_objects["condemnation"] == "condemned"


def test_verbs_of_manner_of_speaking_need_the_words_they_introduce(lex: Lexicon) -> None:
    """ "residents screamed as the shells fell" is no statement; "he shouted that …" is."""
    assert {"shout", "scream", "whisper", "threaten", "mention"} <= lex.clause_only


def test_phoenix_agents_are_present(lex: Lexicon) -> None:
    assert {"spokesmen", "prosecutor", "prosecutors", "journalist", "peacekeepers", "mutineers"} <= lex.role_nouns
    assert {"watchdog", "consortium", "coalition", "media", "commission"} <= lex.body_heads
    assert not {"ministry", "junta"} & lex.body_heads  # organs of a state's executive speak for its government
    assert "embassy" in lex.body_heads  # a mission abroad speaks as itself ("the Chinese embassy denied")
    assert {"peacekeepers", "paratroopers", "brigade", "convoy", "mission", "taskforce"} <= lex.force_roles


def test_cameo_deployment_withdrawal_and_coup_words_are_present(lex: Lexicon) -> None:
    assert {"despatch", "mobilize", "redeploy", "reinforce"} <= lex.deployment_verbs
    assert {"retreat", "repatriate", "evacuate", "expel", "pullback"} <= lex.change_words["withdrawal"]
    assert {"ouster", "overthrow"} <= lex.coup_nouns
    assert {"seizure of power", "power grab"} <= set(lex.coup_phrases)
    assert {"attempted", "foiled", "thwarted", "bid"} <= lex.coup_attempt_words
    assert {"ruler", "dictator"} <= lex.ousted_titles


def test_words_that_are_not_speech_in_news_are_left_out(lex: Lexicon) -> None:
    """VerbNet members with another sense in news ("pose a threat", "find", "the talks went on")."""
    assert not {"go", "pose", "find", "prove", "show", "read", "verify", "sing", "speak"} & set(lex.speech_verbs)


@pytest.mark.parametrize(
    ("name", "sources"),
    [("speech.toml", ("VerbNet", "CAMEO", "Phoenix", "MIT")), ("events.toml", ("CAMEO", "Phoenix", "MIT"))],
)
def test_each_data_file_names_its_sources_and_licence_in_its_header(name: str, sources: tuple[str, ...]) -> None:
    header = (ROOT / "kg" / "data" / name).read_text(encoding="utf-8").split("\n[", 1)[0]
    missing = [s for s in sources if s not in header]
    assert not missing, f"{name}'s header does not name {missing}"
    assert load_data(name), name


def _statements(text: str) -> list[tuple[str, str]]:
    """(speaker label, act) of every statement the extractor reads in ``text``."""
    from kg.extract import extract
    from kg.read import Article

    article = Article(
        id="test",
        text=text,
        title=None,
        url=None,
        publisher=None,
        agency=None,
        published=date(2022, 1, 7),
        language="en",
        path=Path("test.txt"),
    )
    reading = extract(article).reading
    labels = {a.key: a.label for a in reading.actors}
    return [(labels.get(s.speaker, s.speaker), s.act) for s in reading.statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The European Union expressed deep concern on Monday about the arrest of the prime minister.",
            [("European Union", "said")],
        ),
        ("The mediators complained that the junta had ignored the agreed timetable.", [("mediators", "condemned")]),
        (
            "A spokesman for the election observers lamented that polling stations had opened late.",
            [("spokesman", "said")],
        ),
        ("The protesters shouted that the soldiers must go home.", [("protesters", "said")]),
        ("Prosecutors said the general would face charges.", [("Prosecutors", "said")]),
        ("Residents screamed as the shells fell on the market.", []),
    ],
)
def test_the_broadened_lists_read_invented_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    assert _statements(text) == expected, text
