"""kg.load: the load job end to end on the real store, SHACL engine and files.

Every rejected input must leave the store exactly as it was: the tests compare the quad count
(and the full N-Quads) before and after.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from kg.extract import extract
from kg.load import Loader
from kg.map import Iris, map_extraction
from kg.read import read_article
from kg.settings import Settings
from kg.store import Store, to_lines

from .conftest import FIXTURES, SEED_TXT, SEEDS

SEED_GRAPH = "https://kg.example.org/graph/article/0857b560a55040cf"
ONTOLOGY_GRAPH = "https://kg.example.org/ontology"


def nquads(store: Store) -> bytes:
    out = io.BytesIO()
    store.dump(out)
    return b"\n".join(sorted(out.getvalue().splitlines()))


def test_seeds_load_into_one_graph_per_article_plus_the_ontology(settings: Settings) -> None:
    with Store(settings.store) as store:
        report = Loader(store, settings).load([SEEDS])
        assert report.ok, report.failed
        assert [r.status for r in report.loaded] == ["added"] * len(report.loaded)
        graphs = store.named_graphs()
        assert SEED_GRAPH in graphs
        assert ONTOLOGY_GRAPH in graphs
        article = read_article(SEED_TXT)
        rows = list(
            store.query(  # type: ignore[union-attr]
                """PREFIX schema: <https://schema.org/> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            SELECT ?body ?title ?url ?date (COUNT(?s) AS ?sentences) WHERE {
              ?a schema:articleBody ?body ; schema:headline ?title ; schema:url ?url ; schema:datePublished ?date .
              ?s a <https://kg.example.org/ontology#Sentence> ; nif:referenceContext ?a .
              FILTER (?a = <https://kg.example.org/article/0857b560a55040cf>) } GROUP BY ?body ?title ?url ?date"""
            )
        )
        assert len(rows) == 1
        row = rows[0]
        assert row["body"].value == article.text
        assert row["title"].value == article.title
        assert row["url"].value == article.url
        assert row["date"].value == "2022-01-07"
        assert int(row["sentences"].value) == len(extract(article).sentences)


def test_every_sentence_span_is_the_exact_article_text(settings: Settings) -> None:
    article = read_article(SEED_TXT)
    for sentence in extract(article).sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    assert len(extract(article).sentences) > 20


def test_loading_twice_changes_nothing(settings: Settings) -> None:
    with Store(settings.store) as store:
        loader = Loader(store, settings)
        loader.load([SEEDS])
        before = nquads(store)
        again = loader.load([SEEDS])
        assert [r.status for r in again.loaded] == ["unchanged"] * len(again.loaded)
        assert nquads(store) == before


def test_mapping_is_deterministic_byte_for_byte() -> None:
    iris = Iris("https://kg.example.org/")
    first = sorted(to_lines(map_extraction(extract(read_article(SEED_TXT)), iris)))
    second = sorted(to_lines(map_extraction(extract(read_article(SEED_TXT)), iris)))
    assert first == second


def test_a_new_version_of_an_article_replaces_its_graph(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"title": "T", "url": "https://example.com/a"}), encoding="utf-8")
    (folder / "a.txt").write_text("T\n\nThe first version of the story.", encoding="utf-8")
    with Store(settings.store) as store:
        loader = Loader(store, settings)
        loader.load([folder])
        (folder / "a.txt").write_text("T\n\nThe second version. It has two sentences.", encoding="utf-8")
        report = loader.load([folder])
        assert report.loaded[0].status == "updated"
        bodies = [r["b"].value for r in store.query("SELECT ?b WHERE { ?a <https://schema.org/articleBody> ?b }")]  # type: ignore[union-attr]
        assert bodies == ["The second version. It has two sentences."]


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    settings = Settings.from_env({"KG_BASE_IRI": "http://127.0.0.1:8000/kg"}, store=tmp_path / "s")
    with Store(settings.store) as store:
        assert Loader(store, settings).load([SEED_TXT]).ok
        assert "http://127.0.0.1:8000/kg/graph/article/0857b560a55040cf" in store.named_graphs()


BAD_INPUTS: dict[str, tuple[str, bytes, str]] = {
    "empty": ("empty.txt", b"", "is empty"),
    "binary": ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary"),
    "not-utf8": ("latin1.txt", "Titre\n\nLe café de Bamako.".encode("latin-1"), "not UTF-8"),
    "turtle-syntax": ("broken.ttl", b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", "line 3"),
    "nquads-syntax": ("broken.nq", b"<http://a> <http://b> .\n", "RDF syntax error"),
    "no-triples": ("nothing.ttl", b"# only a comment\n", "holds no triples"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_rejected_naming_the_file_and_the_store_is_unchanged(
    seeded_settings: Settings, tmp_path: Path, case: str
) -> None:
    name, content, reason = BAD_INPUTS[case]
    path = tmp_path / name
    path.write_bytes(content)
    with Store(seeded_settings.store) as store:
        before, count = nquads(store), len(store)
        report = Loader(store, seeded_settings).load([path])
        assert not report.ok
        assert str(path) in report.failed[0].reason
        assert reason in report.failed[0].reason, report.failed[0].reason
        assert len(store) == count
        assert nquads(store) == before


def test_malformed_sidecar_is_rejected_and_the_store_is_unchanged(seeded_settings: Settings, tmp_path: Path) -> None:
    shutil.copy(SEED_TXT, tmp_path / "a.txt")
    (tmp_path / "a.json").write_text('{"published": "2022-13-45"}', encoding="utf-8")
    with Store(seeded_settings.store) as store:
        count = len(store)
        report = Loader(store, seeded_settings).load([tmp_path / "a.txt"])
        assert "a.json" in report.failed[0].reason and "published" in report.failed[0].reason
        assert len(store) == count


def test_missing_path_is_rejected(seeded_settings: Settings, tmp_path: Path) -> None:
    with Store(seeded_settings.store) as store:
        count = len(store)
        report = Loader(store, seeded_settings).load([tmp_path / "nowhere.txt"])
        assert "no such file" in report.failed[0].reason
        assert len(store) == count


def test_rdf_with_a_shape_violation_is_rejected_and_the_store_is_unchanged(seeded_settings: Settings) -> None:
    path = FIXTURES / "rdf" / "coup-without-country.ttl"
    with Store(seeded_settings.store) as store:
        before = nquads(store)
        report = Loader(store, seeded_settings).load([path])
        assert not report.ok
        reason = report.failed[0].reason
        assert str(path) in reason and "SHACL violation" in reason and "kg:country" in reason, reason
        assert nquads(store) == before


def test_valid_rdf_file_loads_into_its_own_graph(settings: Settings) -> None:
    path = FIXTURES / "rdf" / "coup-valid.ttl"
    with Store(settings.store) as store:
        report = Loader(store, settings).load([path])
        assert report.ok, report.failed
        assert "https://kg.example.org/graph/file/coup-valid" in store.named_graphs()


def test_a_folder_with_one_bad_file_loads_the_good_ones(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / "good.txt")
    shutil.copy(SEED_TXT.with_suffix(".json"), folder / "good.json")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    with Store(settings.store) as store:
        report = Loader(store, settings).load([folder])
        assert [r.path.name for r in report.loaded] == ["good.txt"]
        assert [f.path.name for f in report.failed] == ["bad.txt"]
        assert SEED_GRAPH in store.named_graphs()
