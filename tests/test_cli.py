"""The ``kg`` command line, run as a real child process on real stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from kg.settings import Settings

from .conftest import SEED_TXT, kg_command

SEED_GRAPH = "https://kg.example.org/graph/article/0857b560a55040cf"


def env(settings: Settings) -> dict[str, str]:
    return {"KG_STORE": str(settings.store)}


@pytest.mark.parametrize("command", [[], ["load"], ["validate"], ["query"], ["dump"], ["link"], ["serve"]])
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
