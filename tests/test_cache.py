"""kg.cache: what kg derives from its data is built once, kept in ``KG_CACHE``, and read back by later processes.

Each test runs real processes against a real cache folder: the first builds and keeps an entry, a
planted entry shows the next one reads it rather than building its own, and an unreadable entry
is built again, whole. (The place index is tested the same way in ``tests/test_world_gazetteer.py``.)
"""

from __future__ import annotations

import marshal
import subprocess
import sys
from pathlib import Path

from kg import cache
from kg.extract.gazetteer import gazetteer
from kg.extract.lexicon import load_data


def run(script: str, folder: Path) -> str:
    prelude = "import sys; from pathlib import Path; from kg import cache; cache.keep_in(Path(sys.argv[1])); "
    command = [sys.executable, "-c", prelude + script, str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_data_file_is_read_once_and_read_back_from_the_cache(tmp_path: Path) -> None:
    script = "from kg.extract.lexicon import load_data; print(sorted(load_data('norms.toml')['norms'])[0])"
    first = run(script, tmp_path)
    assert first == sorted(load_data("norms.toml")["norms"])[0]
    (kept,) = tmp_path.glob("data-norms-*.marshal")
    assert marshal.loads(kept.read_bytes()) == load_data("norms.toml")
    kept.write_bytes(marshal.dumps({"norms": {"aaa planted": "seized"}}))
    assert run(script, tmp_path) == "aaa planted", "the second process must read the kept file, not parse the TOML"
    kept.write_bytes(b"\x00 not marshal data")
    assert run(script, tmp_path) == first
    assert marshal.loads(kept.read_bytes()) == load_data("norms.toml"), "an unreadable entry is rebuilt whole"


def test_the_entity_ruler_s_patterns_are_kept_for_the_pipeline_s_tokenizer(tmp_path: Path) -> None:
    script = "from kg.extract.nlp import pipeline; print(len(pipeline().get_pipe('entity_ruler')))"
    assert int(run(script, tmp_path)) == len(gazetteer().patterns())
    (kept,) = tmp_path.glob("ruler-*.marshal")
    patterns = marshal.loads(kept.read_bytes())
    assert len(patterns) == len(gazetteer().patterns())
    assert any(isinstance(p["pattern"], str) for p in patterns), "names the tokenizer keeps whole become phrases"
    kept.write_bytes(marshal.dumps(patterns[:10]))
    assert int(run(script, tmp_path)) == 10, "the second process must read the kept patterns"


def test_nothing_is_kept_without_a_folder(tmp_path: Path) -> None:
    cache.keep_in(None)
    built = cache.kept("entry-0", lambda: {"a": 1}, marshal.dumps, marshal.loads)
    assert built == {"a": 1} and not any(tmp_path.iterdir())
    assert cache.digest("a", b"b") != cache.digest("ab") and len(cache.digest("x")) == 16


def test_the_ontology_and_gazetteer_graphs_are_kept_and_are_what_a_loader_builds(tmp_path: Path) -> None:
    from kg.load import Loader
    from kg.settings import Settings
    from kg.store import Store

    settings = Settings.from_env({"KG_CACHE": str(tmp_path / "cache")}, store=tmp_path / "store")
    with Store(settings.store) as store:
        loader = Loader(store, settings)
        kept_graphs = loader._kg_graphs()
        (kept,) = (tmp_path / "cache").glob("kg-graphs-*.marshal")
        assert marshal.loads(kept.read_bytes()) == kept_graphs == loader._build_kg_graphs()
    with Store(tmp_path / "other") as store:
        based = Settings.from_env(
            {"KG_CACHE": str(tmp_path / "cache"), "KG_BASE_IRI": "https://other.example.org/"}, store=tmp_path / "other"
        )
        Loader(store, based)._kg_graphs()
    assert len(list((tmp_path / "cache").glob("kg-graphs-*.marshal"))) == 2, "another base IRI is another entry"
