"""How well the extractor does on the annotated articles in ``seeds/``: per-article and micro-averaged F1.

Every ``seeds/<name>.txt`` with a gold file ``tests/fixtures/articles/gold/<name>.yaml`` is loaded
with the real loader into one real store on disk, then scored with ``tests/scoring.py`` (matching
rules in its docstring). Run ``pytest -s tests/test_extraction_scores.py`` to see the tables.
The thresholds below are the bar the extractor must clear, micro-averaged over the articles.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.load import Loader, LoadReport
from kg.read import read_article
from kg.settings import Settings
from kg.store import Store
from tests.scoring import CLASSES, GOLD_DIR, Extracted, Scores, load_gold, micro_average, score, score_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

#: Least micro-averaged F1 per class.
COUPS_F1 = 0.8
STATEMENTS_F1 = 0.7
DEPLOYMENTS_F1 = 0.5
THRESHOLDS = {"coups": COUPS_F1, "statements": STATEMENTS_F1, "deployments": DEPLOYMENTS_F1}

ANNOTATED = sorted(p for p in SEEDS.glob("*.txt") if (GOLD_DIR / f"{p.stem}.yaml").is_file())


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, LoadReport]]:
    """One store on disk with every annotated seed article loaded, and the load report."""
    path = tmp_path_factory.mktemp("extraction-scores") / "store"
    settings = Settings.from_env({}, store=path)
    with Store(path) as store:
        report = Loader(store, settings).load(ANNOTATED)
        yield store, report


@pytest.fixture(scope="module")
def scores(loaded: tuple[Store, LoadReport]) -> dict[str, Scores]:
    """Scores per article name; an article the loader rejected scores as an empty extraction."""
    store, report = loaded
    rejected = {f.path for f in report.failed}
    result: dict[str, Scores] = {}
    for path in ANNOTATED:
        article = read_article(path)
        gold = load_gold(GOLD_DIR / f"{path.stem}.yaml")
        if path in rejected:
            result[path.stem] = score(Extracted(), gold, article.text, label=f"{path.stem} (rejected by the loader)")
        else:
            result[path.stem] = score_store(store, article.id, gold, article.text)
    return result


def test_every_gold_file_has_its_article_in_seeds() -> None:
    golds = {p.stem for p in GOLD_DIR.glob("*.yaml")}
    assert golds, f"no gold files in {GOLD_DIR}"
    assert golds == {p.stem for p in ANNOTATED}, (
        f"gold files without a seed article: {golds - {p.stem for p in ANNOTATED}}"
    )


def test_every_annotated_article_loads(loaded: tuple[Store, LoadReport]) -> None:
    _, report = loaded
    assert report.ok, "\n".join(f"{f.path.name}: {f.reason}" for f in report.failed)


def test_report(scores: dict[str, Scores]) -> None:
    """Print the per-article tables, what each missed or invented, and the micro-average (``pytest -s``)."""
    print()
    for name in sorted(scores):
        print(scores[name])
        errors = scores[name].errors()
        if errors:
            print(errors)
        print()
    print(micro_average(scores.values()))
    assert set(scores) == {p.stem for p in ANNOTATED}


@pytest.mark.parametrize("name", CLASSES)
def test_micro_f1_meets_its_threshold(scores: dict[str, Scores], name: str) -> None:
    total = micro_average(scores.values())
    f1 = total.of(name).f1
    assert f1 >= THRESHOLDS[name], f"{name}: micro F1 {f1:.3f} is below {THRESHOLDS[name]}\n{total}"


#: The sample article, against its gold annotation (derived from the gold graph): per class, the
#: least precision and recall the extractor must keep.
SAMPLE = "000_ce45e1c8aef7f2ba"
SAMPLE_FLOORS = {"coups": (1.0, 1.0), "statements": (0.9, 0.9), "deployments": (0.8, 0.9)}


@pytest.mark.parametrize("name", CLASSES)
def test_sample_article_precision_and_recall_per_class(scores: dict[str, Scores], name: str) -> None:
    got = scores[SAMPLE].of(name)
    precision, recall = SAMPLE_FLOORS[name]
    assert got.precision >= precision and got.recall >= recall, f"{name} on the sample:\n{scores[SAMPLE]}"
