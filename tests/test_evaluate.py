"""The evaluation stage (``kg/evaluate.py``): its matchers on small cases, and a self-check on the gold graph.

The self-check loads the hand-written gold graph of the sample article through the real loader
into a real store and scores it against the sample's gold YAML: both describe the same
annotation, so every class must score (near) perfectly. A drop points at a bug in the matcher or
a disagreement between the two gold files.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kg.errors import InputError
from kg.evaluate import (
    CLASSES,
    ClassScore,
    Extracted,
    Scores,
    Span,
    SystemCoup,
    SystemDeployment,
    SystemStatement,
    _states_named,
    force_similarity,
    load_gold,
    locate,
    micro_average,
    name_similarity,
    names_match,
    resolve_gold_date,
    score,
    score_store,
    span_similarity,
)
from kg.load import Loader
from kg.read import read_article
from kg.settings import Settings
from kg.store import Store
from tests.conftest import DEV, DEV_ORIGINALS, needs_dev

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold"
GOLD_GRAPH = GOLD / "seed.trig"
SAMPLE = ROOT / "seeds" / "000_ce45e1c8aef7f2ba.txt"
SAMPLE_GOLD = GOLD / "000_ce45e1c8aef7f2ba.yaml"
ANNOTATED = ROOT / "tests" / "fixtures" / "annotated"
#: The gold files the echo test runs on: the sample's, the invented articles', and the original development
#: articles' where they are here.
ECHOED = [
    pytest.param(SAMPLE_GOLD, SAMPLE, id="000_ce45e1c8aef7f2ba"),
    *(
        pytest.param(path, ANNOTATED / f"{path.stem}.txt", id=path.stem)
        for path in sorted(ANNOTATED.glob("gold/*.yaml"))
    ),
    *(
        pytest.param(DEV / "gold" / f"{name}.yaml", DEV / f"{name}.txt", id=name, marks=needs_dev)
        for name in DEV_ORIGINALS
    ),
]


@pytest.fixture(scope="module")
def gold_graph_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store on disk holding only the gold graph of the sample article (and the ontology)."""
    path = tmp_path_factory.mktemp("gold-graph") / "store"
    with Store(path) as store:
        report = Loader(store, Settings.from_env({}, store=path)).load([GOLD_GRAPH])
        assert report.ok, [f.reason for f in report.failed]
        yield store


# -- self-check on the gold graph ------------------------------------------------------------------


def test_gold_graph_scores_perfectly_against_the_sample_gold_yaml(gold_graph_store: Store) -> None:
    article = read_article(SAMPLE)
    scores = score_store(gold_graph_store, article.id, load_gold(SAMPLE_GOLD), article.text)
    print(f"\n{scores}")
    for name in CLASSES:
        assert scores.of(name).f1 >= 0.95, f"{name}: F1 {scores.of(name).f1:.3f}\n{scores}\n{scores.errors()}"
    assert (scores.coups.tp, scores.statements.tp, scores.deployments.tp) == (2, 24, 16), str(scores)


def test_the_article_can_be_named_by_iri(gold_graph_store: Store) -> None:
    article = read_article(SAMPLE)
    by_iri = score_store(
        gold_graph_store, f"https://kg.example.org/article/{article.id}", load_gold(SAMPLE_GOLD), article.text
    )
    assert by_iri.statements.tp == 24


def test_an_unknown_article_is_an_error(gold_graph_store: Store) -> None:
    with pytest.raises(LookupError, match="no article"):
        score_store(gold_graph_store, "ffffffffffffffff", load_gold(SAMPLE_GOLD), "")


def test_an_empty_extraction_finds_nothing() -> None:
    gold = load_gold(SAMPLE_GOLD)
    scores = score(Extracted(), gold, read_article(SAMPLE).text)
    assert (scores.coups.fn, scores.statements.fn, scores.deployments.fn) == (2, 24, 16)
    assert scores.statements.precision == 0.0 and scores.statements.f1 == 0.0


def test_every_gold_file_passes_check_gold() -> None:
    result = subprocess.run([sys.executable, str(GOLD / "check_gold.py")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "000_ce45e1c8aef7f2ba: actors=" in result.stdout


def echo_of_the_gold(path: Path, text: str) -> Extracted:
    """What a perfect system would output for a gold file: its records, labelled with their actors' names."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    actors = {a["id"]: a["name"] for a in doc["actors"]}

    def span(evidence: str) -> Span:
        start, end = locate(evidence, text)[0]
        return Span(text[start:end], start, end)

    return Extracted(
        coups=tuple(
            SystemCoup(
                f"c{i}", c["country"], resolve_gold_date(c["date"]) or "1900-01", spans=(span(c["text_evidence"]),)
            )
            for i, c in enumerate(doc["coups"])
        ),
        statements=tuple(
            SystemStatement(f"s{i}", actors[s["speaker_id"]], s["speech_act"], spans=(span(s["text_evidence"]),))
            for i, s in enumerate(doc["statements"])
        ),
        deployments=tuple(
            SystemDeployment(f"d{i}", actors[d["actor_id"]], spans=(span(d["text_evidence"]),))
            for i, d in enumerate(doc["deployments"])
        ),
    )


@pytest.mark.parametrize(("gold_file", "article"), ECHOED)
def test_a_system_that_echoes_the_gold_scores_perfectly(gold_file: Path, article: Path) -> None:
    text = read_article(article).text
    scores = score(echo_of_the_gold(gold_file, text), load_gold(gold_file), text)
    for name in CLASSES:
        assert scores.of(name).f1 == 1.0, f"{name}\n{scores}\n{scores.errors()}"


def test_the_gold_folder_holds_the_sample_gold() -> None:
    assert sorted(p.name for p in GOLD.glob("*.yaml")) == [SAMPLE_GOLD.name]


@needs_dev
def test_the_development_gold_folder_holds_every_original_article() -> None:
    assert {f"{name}.yaml" for name in DEV_ORIGINALS} <= {p.name for p in (DEV / "gold").glob("*.yaml")}


# -- the gold loader -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-08", "2020-08"),
        ("2022-01-24 (reported Monday, January 24)", "2022-01"),
        ("Wednesday (2023-07-26); announced late Wednesday", "2023-07"),
        ("2020", "2020"),
        ("September 1986", "1986-09"),
        ("November 3, 1988 (1988-11-03)", "1988-11"),
        ("May 14 (2015)", "2015-05"),
        ("Sept. 2021", "2021-09"),
        ("night of Dec. 12, 1979 (1979-12-12)", "1979-12"),
        ("not stated; a remark on May 3, 2001 (2001-05-03)", None),
        ("current (June 2025)", None),
        ("not stated in the text ('earlier' than the AU statement; article dated 2023-08-31)", None),
        (None, None),
    ],
)
def test_gold_dates_resolve_to_month_or_year(value: str | None, expected: str | None) -> None:
    assert resolve_gold_date(value) == expected


def test_gold_statement_names_include_the_actor_and_the_resolution_alternatives() -> None:
    gold = load_gold(SAMPLE_GOLD)
    paris = next(s for s in gold.statements if s.speaker == "Paris")
    assert {"Paris", "Government of France", "France"} <= set(paris.names)
    assert names_match("Government of France", paris.names) > 0
    assert names_match("France", paris.names) > 0


def write_gold(folder: Path, **records: object) -> Path:
    """A small invented gold file (actors and records as given) in ``folder``."""
    doc = {"article": "invented", "title": None, "language": "en", "coups": [], "deployments": [], "statements": []}
    path = folder / "invented.yaml"
    path.write_text(yaml.safe_dump({**doc, **records}, allow_unicode=True), encoding="utf-8")
    return path


def test_bracketed_speaker_names_give_their_parts(tmp_path: Path) -> None:
    gold = load_gold(
        write_gold(
            tmp_path,
            actors=[{"id": "ecowas", "name": "ECOWAS", "type": "organization"}],
            statements=[
                {
                    "speaker": "it (ECOWAS)",
                    "speaker_id": "ecowas",
                    "speaker_anonymous": False,
                    "speech_act": "said",
                    "text_evidence": "It said the talks would resume.",
                }
            ],
        )
    )
    (it,) = gold.statements
    assert {"it (ECOWAS)", "it", "ECOWAS"} <= set(it.names)
    assert names_match("ECOWAS", it.names) == 1.0


def test_a_gold_file_that_is_not_one_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "list.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'article' key"):
        load_gold(tmp_path / "list.yaml")
    (tmp_path / "broken.yaml").write_text("article: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="YAML error: line"):
        load_gold(tmp_path / "broken.yaml")
    unknown = write_gold(tmp_path, actors=[], deployments=[{"actor": "X", "actor_id": "x", "status": "reported"}])
    with pytest.raises(InputError, match="unknown actor id 'x'"):
        load_gold(unknown)
    incomplete = write_gold(tmp_path, actors=[], coups=[{"date": "2020"}])
    with pytest.raises(InputError, match="no 'country'"):
        load_gold(incomplete)


# -- name matcher ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "gold"),
    [
        ("Assimi Goïta", "Goita"),
        ("Goita", "Assimi Goïta"),
        ("Ibrahim Boubacar Keita", "Ibrahim Boubacar Keïta"),
        ("Malian army officer", "a Malian army officer who requested anonymity"),
        ("one of the Malian army officers", "Malian army officer"),
        ("Mali's government", "Mali\u2019s government"),
        ("ECOWAS", "ecowas"),
        ("United States", "the United States"),
        ("Government of Mali", "Mali\u2019s government"),
        ("U.S. military", "the US military"),
        ("Ministry of Defence of Russia", "the Russian defence ministry"),  # a demonym is its state
        ("Ugandan Armed Forces", "Armed Forces of Uganda"),
        ("United States Armed Forces", "American troops"),
        ("United States Armed Forces", "U.S. military"),
    ],
)
def test_names_that_match(system: str, gold: str) -> None:
    assert name_similarity(system, gold) > 0, f"{system!r} should match {gold!r}"


@pytest.mark.parametrize(
    ("system", "gold"),
    [
        ("Mali", "Malian army officer"),
        ("Government of Mali", "Malian army officer"),
        ("Western security official", "Malian elected official"),
        ("Russian Armed Forces", "Wagner Group"),
        ("Government of France", "Government of Russia"),
        ("Russian Armed Forces", "French Armed Forces"),
        ("Malian army officer", "Malian army officials"),
        ("he", "he"),
        ("It", "It"),
        ("", "Mali"),
    ],
)
def test_names_that_do_not_match(system: str, gold: str) -> None:
    assert name_similarity(system, gold) == 0.0, f"{system!r} should not match {gold!r}"


@pytest.mark.parametrize(
    ("system", "gold", "matches"),
    [
        ("Japanese Armed Forces", "contingent from Japan", True),
        ("South Korean Armed Forces", "smaller contingents from South Korea", True),
        ("Russian Armed Forces", "about 100 Russian military personnel", True),
        ("Russian Armed Forces", "Russian peacekeeping contingent", True),
        ("Russian Armed Forces", "the Gyumri garrison", False),
        ("Russian Armed Forces", "French troops", False),
        ("Russian Armed Forces", "Wagner Group", False),
    ],
)
def test_a_state_s_force_told_two_ways(system: str, gold: str, matches: bool) -> None:
    assert (force_similarity(system, gold) > 0) is matches
    assert name_similarity(system, gold) <= force_similarity(system, gold)


def test_a_capital_matches_through_the_government_aliases() -> None:
    gold = load_gold(SAMPLE_GOLD)
    assert names_match("Paris", gold.actors["france_gov"].names) == 1.0
    assert names_match("Moscow", gold.actors["russia_gov"].names) == 1.0
    assert names_match("Moscow", gold.actors["france_gov"].names) == 0.0


def test_an_exact_name_ranks_above_a_contained_one() -> None:
    assert name_similarity("Malian army officer", "Malian army officer") == 1.0
    assert 0 < name_similarity("Malian army officer", "a Malian army officer who requested anonymity") < 1.0


# -- span matcher ----------------------------------------------------------------------------------

TEXT = (
    "Mali denied any deployment. “We are here,” the officer said.\n\n"
    "Paris has previously said any deployment of Wagner militias would be incompatible."
)


def test_a_prefix_span_matches() -> None:
    gold = "Paris has previously said any deployment of Wagner militias would be incompatible."
    assert span_similarity(Span("Paris has previously said"), gold, TEXT) > 0
    assert span_similarity(Span(gold + " And more."), gold, TEXT) > 0


def test_quotes_and_whitespace_are_normalised() -> None:
    assert span_similarity(Span('"We are here," the   officer\nsaid.'), "“We are here,” the officer said.", TEXT) == 1.0
    assert locate('"We are here,"', TEXT) == [(TEXT.index("“"), TEXT.index("”") + 1)]


def test_offsets_match_when_the_overlap_is_half_the_shorter_span() -> None:
    gold = "the officer said."
    start = TEXT.index("officer said")
    # "officer said. Paris" is not contained in the gold, but overlaps it on "officer said." (13 of 19 chars).
    system = Span(TEXT[start : start + 19], start, start + 19)
    assert span_similarity(system, gold, TEXT) > 0


def test_offsets_that_barely_overlap_do_not_match() -> None:
    start = TEXT.index("said.")
    system = Span(TEXT[start : start + 30], start, start + 30)
    assert span_similarity(system, "“We are here,” the officer said.", TEXT) == 0.0


def test_unrelated_spans_do_not_match() -> None:
    assert span_similarity(Span("Mali denied any deployment."), "the officer said.", TEXT) == 0.0


# -- matching and counting -------------------------------------------------------------------------


def test_matching_is_one_to_one_and_needs_both_name_and_span() -> None:
    gold = load_gold(SAMPLE_GOLD)
    text = read_article(SAMPLE).text
    joint = next(s for s in gold.statements if s.speaker == "A Western security official").evidence[0]
    extracted = Extracted(
        statements=(
            SystemStatement("s1", "Western security official", spans=(Span(joint),)),
            SystemStatement("s2", "Western security official", spans=(Span(joint),)),  # a duplicate: fp
            SystemStatement("s3", "Government of Russia", spans=(Span(joint),)),  # right span, wrong speaker: fp
            SystemStatement("s4", "Malian elected official", spans=(Span("Paris has previously said"),)),  # wrong span
        )
    )
    scores = score(extracted, gold, text)
    assert (scores.statements.tp, scores.statements.fp, scores.statements.fn) == (1, 3, 23)


def test_coups_match_on_country_and_month() -> None:
    gold = load_gold(SAMPLE_GOLD)
    extracted = Extracted(
        coups=(
            SystemCoup("c1", "Mali", "2020-08-18"),
            SystemCoup("c2", "Mali", "2021-06"),  # wrong month
            SystemCoup("c3", "Niger", "2021-05"),  # wrong country
        )
    )
    scores = score(extracted, gold, "")
    assert (scores.coups.tp, scores.coups.fp, scores.coups.fn) == (1, 2, 1)


def test_a_coup_without_a_gold_date_counts_on_its_country(tmp_path: Path) -> None:
    gold = load_gold(
        write_gold(
            tmp_path,
            actors=[{"id": "gabon", "name": "Gabon", "type": "state"}],
            coups=[{"country": "Gabon", "date": "not stated in the text", "text_evidence": "the coup in Gabon"}],
        )
    )
    scores = score(Extracted(coups=(SystemCoup("c", "Gabon", "2023-08-30"),)), gold, "")
    assert scores.coups.f1 == 1.0


def test_a_coup_matched_on_its_date_is_not_taken_by_a_gold_coup_without_one(tmp_path: Path) -> None:
    text = "Soldiers seized power in Gabon in August 2023 and again later."
    gold = load_gold(
        write_gold(
            tmp_path,
            actors=[{"id": "gabon", "name": "Gabon", "type": "state"}],
            coups=[
                {"country": "Gabon", "date": "not stated in the text", "text_evidence": "and again later"},
                {"country": "Gabon", "date": "2023-08", "text_evidence": "Soldiers seized power in Gabon"},
            ],
        )
    )
    extracted = Extracted(
        coups=(
            SystemCoup("c1", "Gabon", "2023-08-30", spans=(Span(text, 0, len(text)),)),
            SystemCoup("c2", "Gabon", "2024-01", spans=(Span("and again later", 44, 59),)),
        )
    )
    scores = score(extracted, gold, text)
    assert (scores.coups.tp, scores.coups.fp, scores.coups.fn) == (2, 0, 0)


def test_a_deployment_listing_several_places_absorbs_one_record_per_place(tmp_path: Path) -> None:
    sentence = "The task force is also present in Chad, Niger, Burkina Faso and Mauritania."
    text = f"French troops will leave Mali. {sentence}"
    gold = load_gold(
        write_gold(
            tmp_path,
            actors=[{"id": "french_forces", "name": "French Armed Forces", "type": "military"}],
            deployments=[
                {
                    "actor": "The task force",
                    "actor_id": "french_forces",
                    "places": ["Chad", "Niger", "Burkina Faso", "Mauritania"],
                    "status": "reported",
                    "text_evidence": sentence,
                }
            ],
        )
    )
    extracted = Extracted(
        deployments=tuple(
            SystemDeployment(f"d{i}", "French Armed Forces", places=(p,), spans=(Span(sentence),))
            for i, p in enumerate(["Chad", "Niger", "Burkina Faso", "Mauritania", "Mali"])
        )
    )
    scores = score(extracted, gold, text).deployments
    assert (scores.tp, scores.absorbed, scores.fp) == (1, 3, 1)


def test_micro_average_sums_counts_before_dividing() -> None:
    a = Scores("a", coups=ClassScore(tp=1, fp=0, fn=0), statements=ClassScore(tp=0, fp=2, fn=2))
    b = Scores("b", coups=ClassScore(tp=0, fp=0, fn=3), statements=ClassScore(tp=4, fp=0, fn=0))
    total = micro_average([a, b])
    assert (total.coups.tp, total.coups.fn) == (1, 3)
    assert total.coups.recall == 0.25
    assert total.statements.precision == pytest.approx(4 / 6)
    assert total.deployments.f1 == 1.0  # nothing to find, nothing found
    assert "micro-average over 2 articles" in str(total)
    assert "statements" in str(total) and "0.667" in str(total)


def test_strict_deployments_match_on_status_and_place_too(tmp_path: Path) -> None:
    sentence = "Ruritanian troops left a base in Timbuktu this month."
    gold = load_gold(
        write_gold(
            tmp_path,
            actors=[{"id": "army", "name": "French Armed Forces", "type": "military", "aliases": ["French forces"]}],
            deployments=[
                {
                    "actor": "French forces",
                    "actor_id": "army",
                    "place": "a base in Timbuktu (northern Mali)",
                    "status": "withdrawn",
                    "text_evidence": sentence,
                }
            ],
        )
    )

    def scored(status: str, place: str) -> tuple[int, int]:
        found = Extracted(
            deployments=(SystemDeployment("d", "French Armed Forces", (place,), status, (), (Span(sentence),)),)
        )
        lenient, strict = (
            score(found, gold, sentence).deployments,
            score(found, gold, sentence, strict=True).deployments,
        )
        return lenient.tp, strict.tp

    assert scored("withdrawn", "Mali") == (1, 1)  # the gold's free-text place names a place in Mali
    assert scored("withdrawn", "Timbuktu") == (1, 1)
    assert scored("reported", "Mali") == (1, 0)  # wrong status
    assert scored("withdrawn", "Niger") == (1, 0)  # wrong state


@pytest.mark.parametrize(
    ("place", "states"),
    [
        ("eastern DRC", {"democratic-republic-of-the-congo"}),
        ("Democratic Republic of the Congo", {"democratic-republic-of-the-congo"}),
        ("central Mali, northern Mali", {"mali"}),
        ("the region (the Sahel)", set()),
    ],
)
def test_a_free_text_place_names_its_states(place: str, states: set[str]) -> None:
    assert _states_named(place) == states
