"""The ``kg`` command line, run as a real child process on real stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from kg.settings import Settings
from kg.store import Store

from .conftest import DEV, DEV_ABSENT, SEED_TXT, kg_command

SEED_GRAPH = "https://kg.example.org/graph/article/0857b560a55040cf"


def env(settings: Settings) -> dict[str, str]:
    return {"KG_STORE": str(settings.store)}


@pytest.mark.parametrize("command", [[], ["load"], ["validate"], ["query"], ["dump"], ["link"], ["eval"], ["serve"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = kg_command(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: kg" in result.stdout
    assert "--store" in result.stdout


def test_common_options_work_before_and_after_the_command(seeded_settings: Settings, tmp_path: Path) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    elsewhere = {"KG_STORE": str(tmp_path / "not-this-one")}
    before = kg_command("--store", str(seeded_settings.store), "query", query, env=elsewhere)
    after = kg_command("query", "--store", str(seeded_settings.store), query, env=elsewhere)
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout and int(before.stdout.splitlines()[1].split("^^")[0].strip('"')) > 1000
    missing = kg_command(
        "--store", str(tmp_path / "none"), "query", query, env={"KG_STORE": str(seeded_settings.store)}
    )
    assert missing.returncode != 0 and "none" in missing.stderr, "--store before the command is not overridden"


def test_load_without_arguments_loads_the_seeds_then_validate_passes(settings: Settings) -> None:
    loaded = kg_command("load", env=env(settings))
    assert loaded.returncode == 0, loaded.stderr
    assert "added" in loaded.stdout and SEED_TXT.name in loaded.stdout
    assert "0 rejected" in loaded.stderr
    validated = kg_command("validate", env=env(settings))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert f"valid     {SEED_GRAPH}" in validated.stdout
    again = kg_command("load", env=env(settings))
    assert "unchanged" in again.stdout and "(+0)" in again.stderr


def test_query_returns_article_quads_and_ontology_classes(seeded_settings: Settings) -> None:
    graphs = kg_command(
        "query",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "--format",
        "json",
        env=env(seeded_settings),
    )
    assert graphs.returncode == 0, graphs.stderr
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(graphs.stdout)["results"]["bindings"]}
    assert counts[SEED_GRAPH] > 100
    classes = kg_command(
        "query",
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?c WHERE { ?c a owl:Class } ORDER BY ?c",
        "--format",
        "csv",
        env=env(seeded_settings),
    )
    assert classes.returncode == 0, classes.stderr
    found = set(classes.stdout.split())
    for name in ("Actor", "Coup", "Deployment", "Statement"):
        assert f"https://kg.example.org/ontology#{name}" in found, f"ontology class kg:{name} missing from {found}"


def test_query_from_a_file_and_from_stdin(seeded_settings: Settings, tmp_path: Path) -> None:
    query = "ASK { ?a a <https://kg.example.org/ontology#Article> }"
    (tmp_path / "q.rq").write_text(query, encoding="utf-8")
    from_file = kg_command("query", str(tmp_path / "q.rq"), "-f", "json", env=env(seeded_settings))
    assert json.loads(from_file.stdout)["boolean"] is True
    from_stdin = kg_command("query", "-", "-f", "json", input=query, env=env(seeded_settings))
    assert json.loads(from_stdin.stdout)["boolean"] is True


def test_construct_query_as_turtle(seeded_settings: Settings) -> None:
    result = kg_command(
        "query",
        "CONSTRUCT { ?a a ?t } WHERE { ?a a ?t ; <https://schema.org/articleBody> ?b }",
        env=env(seeded_settings),
    )
    assert result.returncode == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == len(list(SEED_TXT.parent.glob("*.txt")))


def test_malformed_query_gives_one_line_and_exit_1(seeded_settings: Settings) -> None:
    result = kg_command("query", "SELECT ?s WHERE { ?s ?p }", env=env(seeded_settings))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SPARQL syntax error" in lines[0], result.stderr


def test_rejected_file_exits_non_zero_and_leaves_the_store_as_it_was(seeded_settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = kg_command("query", count, env=env(seeded_settings)).stdout
    result = kg_command("load", str(bad), env=env(seeded_settings))
    assert result.returncode == 1
    assert f"{bad}: is empty" in result.stderr
    assert kg_command("query", count, env=env(seeded_settings)).stdout == before


def test_commands_on_a_missing_store_say_so(settings: Settings) -> None:
    for command in (["query", "ASK {}"], ["dump"], ["validate"]):
        result = kg_command(*command, env=env(settings))
        assert result.returncode != 0
        assert "no store here" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [("nq", "nquads"), ("trig", "trig"), ("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")],
)
def test_dump_formats_parse_back(seeded_settings: Settings, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = kg_command("dump", "--format", fmt, "--output", str(out), env=env(seeded_settings))
    assert result.returncode == 0, result.stderr
    total = kg_command(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "json", env=env(seeded_settings)
    )
    quads = int(json.loads(total.stdout)["results"]["bindings"][0]["n"]["value"])
    dataset = rdflib.Dataset()
    dataset.parse(out, format=rdflib_format)
    if fmt in ("nq", "trig"):
        assert (
            sum(len(g) for g in dataset.graphs() if g.identifier != rdflib.Dataset().default_graph.identifier) == quads
        )
    else:
        union = kg_command(
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
            "-f",
            "json",
            env=env(seeded_settings),
        )
        assert len(dataset) == int(json.loads(union.stdout)["results"]["bindings"][0]["n"]["value"])


# -- kg eval ---------------------------------------------------------------------------------------

#: A tiny invented article (no real news text) and its gold annotation. The gold leaves out the
#: African Union's statement (a spurious fact for the extractor) and adds a deployment the text
#: does not give (a miss).
STORY = (
    "Officers seize power\n\n"
    "Soldiers seized power in Niger in July 2023, ousting President Mohamed Bazoum.\n\n"
    "The African Union condemned the takeover on Friday.\n\n"
    "A Malian army officer said about 300 Russian instructors had arrived in Mali.\n"
)
SIDECAR = {"title": "Officers seize power", "url": "https://news.example.org/takeover", "published": "2023-08-04"}
GOLD = """\
article: takeover
title: Officers seize power
language: en
actors:
  - {id: niger, name: Niger, type: state}
  - {id: bazoum, name: Mohamed Bazoum, type: person}
  - {id: officer, name: Malian army officer, type: anonymous_source}
  - {id: russian_forces, name: Russian Armed Forces, type: military, aliases: [Russian instructors]}
  - {id: french_forces, name: French Armed Forces, type: military}
coups:
  - country: Niger
    date: "2023-07"
    leaders: []
    ousted: [Mohamed Bazoum]
    text_evidence: "Soldiers seized power in Niger in July 2023, ousting President Mohamed Bazoum."
deployments:
  - actor: Russian instructors
    actor_id: russian_forces
    place: Mali
    status: reported
    claimed_by: A Malian army officer
    claimed_by_id: officer
    text_evidence: "A Malian army officer said about 300 Russian instructors had arrived in Mali."
  - actor: French troops
    actor_id: french_forces
    place: Niger
    status: reported
    claimed_by: null
    text_evidence: "The African Union condemned the takeover on Friday."
statements:
  - speaker: A Malian army officer
    speaker_id: officer
    speaker_anonymous: true
    speech_act: said
    direct_quote: null
    text_evidence: "A Malian army officer said about 300 Russian instructors had arrived in Mali."
"""


def gold_folder(root: Path, *, rejected: bool = False) -> Path:
    """``root/gold/takeover.yaml`` and its article ``root/takeover.txt``; if asked, an article the loader rejects."""
    (root / "gold").mkdir(parents=True)
    (root / "takeover.txt").write_text(STORY, encoding="utf-8")
    (root / "takeover.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    (root / "gold" / "takeover.yaml").write_text(GOLD, encoding="utf-8")
    if rejected:
        (root / "empty.txt").write_text("", encoding="utf-8")
        (root / "gold" / "empty.yaml").write_text(GOLD.replace("article: takeover", "article: empty"), encoding="utf-8")
    return root / "gold"


def table_row(report: str, label: str, name: str) -> list[str]:
    """The cells of one class's row in the table under ``label``."""
    lines = report.splitlines()
    start = lines.index(label)
    (row,) = [line.split() for line in lines[start + 2 : start + 5] if line.split()[0] == name]
    return row


def test_eval_prints_the_tables_then_the_misses_and_spurious_facts(tmp_path: Path, settings: Settings) -> None:
    result = kg_command("eval", str(gold_folder(tmp_path)), "--workers", "1", env=env(settings))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    header = ["class", "gold", "sys", "tp", "fp", "fn", "prec", "rec", "f1"]
    assert out.splitlines()[0] == "takeover" and out.splitlines()[1].split() == header
    for label in ("takeover", "micro-average over 1 articles"):
        assert table_row(out, label, "coups")[1] == "1", "one coup in the gold"
        assert table_row(out, label, "statements")[1] == "1", "one statement in the gold"
        assert table_row(out, label, "deployments")[1] == "2", "two deployments in the gold"
    missed = (
        "  missed deployment: French troops [reported] in Niger: The African Union condemned the takeover on Friday."
    )
    assert "missed and spurious facts" in out and missed in out
    assert "  spurious statement: African Union: The African Union condemned the takeover on Friday." in out
    assert "1 articles scored, 0 rejected by the loader" in result.stderr
    assert not (settings.store / "CURRENT").exists(), "the user's store is never opened"

    quiet = kg_command("eval", str(tmp_path / "gold"), str(tmp_path), "--quiet", "--workers", "1", env=env(settings))
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.splitlines()[0] == "micro-average over 1 articles" and "missed" not in quiet.stdout
    assert len(quiet.stdout.splitlines()) == 5


def test_eval_json_gives_counts_scores_and_items_per_article_and_in_total(tmp_path: Path, settings: Settings) -> None:
    result = kg_command(
        "eval", str(gold_folder(tmp_path, rejected=True)), "--json", "--workers", "1", env=env(settings)
    )
    assert result.returncode == 1, "an article was rejected"
    report = json.loads(result.stdout)
    assert set(report) == {"articles", "total"}
    assert [a["name"] for a in report["articles"]] == ["empty", "takeover"]
    empty, takeover = report["articles"]
    assert empty["rejected"] and "empty" in empty["rejected"] and takeover["rejected"] is None
    assert takeover["article"] == str(tmp_path / "takeover.txt")
    assert takeover["gold"] == str(tmp_path / "gold" / "takeover.yaml")
    keys = {"gold", "extracted", "tp", "fp", "fn", "absorbed", "precision", "recall", "f1", "missed", "spurious"}
    for name in ("coups", "statements", "deployments"):
        assert set(takeover[name]) == keys
        assert empty[name]["extracted"] == 0 and empty[name]["fn"] == empty[name]["gold"], "rejected: nothing found"
    assert takeover["deployments"]["gold"] == 2 and any("French troops" in m for m in takeover["deployments"]["missed"])
    assert any("African Union" in s for s in takeover["statements"]["spurious"])
    total = report["total"]
    assert (total["articles"], total["rejected"]) == (2, 1)
    assert total["deployments"]["gold"] == 4 and set(total["deployments"]) == keys - {"missed", "spurious"}
    assert total["coups"]["tp"] == takeover["coups"]["tp"]
    assert "rejected  " in result.stderr and "empty.txt" in result.stderr

    quiet = kg_command("eval", str(tmp_path / "gold"), "--json", "-q", "--workers", "1", env=env(settings))
    assert quiet.returncode == 1 and json.loads(quiet.stdout) == {"total": total}


def test_eval_names_a_rejected_article_in_its_table(tmp_path: Path, settings: Settings) -> None:
    result = kg_command("eval", str(gold_folder(tmp_path, rejected=True)), "--workers", "1", env=env(settings))
    assert result.returncode == 1
    assert "empty (rejected by the loader)" in result.stdout
    assert "  rejected by the loader: " in result.stdout
    assert "micro-average over 2 articles" in result.stdout


@pytest.mark.parametrize(
    ("case", "named"),
    [
        ("missing folder", "nowhere"),
        ("no gold files", "gold"),
        ("not a gold annotation", "notes.yaml"),
        ("article missing", "lost.yaml"),
    ],
)
def test_eval_unusable_input_is_one_line_and_exit_2(tmp_path: Path, settings: Settings, case: str, named: str) -> None:
    gold = tmp_path / "gold"
    if case == "missing folder":
        gold = tmp_path / "nowhere"
    elif case == "no gold files":
        gold.mkdir()
        (gold / "readme.txt").write_text("nothing to score", encoding="utf-8")
    else:
        gold = gold_folder(tmp_path)
        if case == "not a gold annotation":
            (gold / "notes.yaml").write_text("- a list\n- of notes\n", encoding="utf-8")
        else:
            (gold / "lost.yaml").write_text(GOLD.replace("article: takeover", "article: lost"), encoding="utf-8")
    result = kg_command("eval", str(gold), env=env(settings))
    assert result.returncode == 2, (case, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg eval: ") and named in lines[0], (case, result.stderr)
    assert result.stdout == ""


def test_eval_scores_every_development_article(settings: Settings) -> None:
    if not (DEV / "gold").is_dir():
        pytest.skip(DEV_ABSENT)
    result = kg_command("eval", str(DEV / "gold"), "--json", "--workers", "2", env=env(settings), timeout=900)
    summary = result.stderr.strip().splitlines()[-1:] or ["(nothing on standard error)"]
    assert result.returncode in (0, 1), f"exit {result.returncode}: {summary[0]}"
    report = json.loads(result.stdout)
    names = [a["name"] for a in report["articles"]]
    assert len(names) == 20 and names == sorted(p.stem for p in (DEV / "gold").glob("*.yaml"))
    assert report["total"]["articles"] == 20
    for article in report["articles"]:
        assert all(0.0 <= article[c]["f1"] <= 1.0 for c in ("coups", "statements", "deployments")), article["name"]


def test_a_store_built_under_one_base_is_refused_under_another_and_left_unchanged(seeded_settings: Settings) -> None:
    dump = ["dump", "--format", "nq"]
    before = kg_command(*dump, env=env(seeded_settings))
    assert before.returncode == 0, before.stderr
    recorded = kg_command(
        "query",
        "SELECT ?base WHERE { GRAPH ?g { ?g <http://rdfs.org/ns/void#uriSpace> ?base } }",
        env=env(seeded_settings),
    )
    assert "https://kg.example.org/" in recorded.stdout, "the store records the base it was built with"
    other = {**env(seeded_settings), "KG_BASE_IRI": "https://data.example.net/kg/"}
    for command in (["load", str(SEED_TXT)], ["serve", "--port", "9"]):
        refused = kg_command(*command, env=other)
        assert refused.returncode == 3, refused.stderr
        message = refused.stderr.strip()
        assert len(message.splitlines()) == 1, message
        assert "https://kg.example.org/" in message and "https://data.example.net/kg/" in message
        assert "KG_BASE_IRI=https://kg.example.org/" in message and "rebuild" in message
    after = kg_command(*dump, env=env(seeded_settings))
    assert after.stdout == before.stdout, "a refused command changed the store"
    same = kg_command("load", str(SEED_TXT), env={**env(seeded_settings), "KG_BASE_IRI": "https://kg.example.org/"})
    assert same.returncode == 0, same.stderr


def test_a_store_written_before_the_base_was_recorded_is_refused_by_its_gazetteer_s_base(
    seeded_settings: Settings,
) -> None:
    with Store(seeded_settings.store) as store:
        store.remove_graphs(["https://kg.example.org/graph/store"])
    refused = kg_command(
        "load", str(SEED_TXT), env={**env(seeded_settings), "KG_BASE_IRI": "https://data.example.net/kg/"}
    )
    assert refused.returncode == 3 and "https://kg.example.org/" in refused.stderr, refused.stderr
