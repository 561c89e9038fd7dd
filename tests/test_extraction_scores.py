"""How well the extractor does on annotated articles: per-article and micro-averaged F1, through ``kg.evaluate``.

Two sets are scored, each loaded with the real loader into a fresh store by
:func:`kg.evaluate.evaluate` (matching rules in its module docstring):

* the sample article (``seeds/``, its gold in ``tests/fixtures/gold/``), always;
* the development articles (``../shared/articles-dev/``, not part of the repository: other
  people's news copy), skipped where that folder is absent. The thresholds below hold over the
  eight articles the rules were first written against; the others are measured and printed, and
  guarded by floors a little below what they score today;
* the invented articles of ``tests/fixtures/annotated/`` (written for these tests, from the gold
  format alone), always: none may be rejected, and each class keeps a floor.

Run ``pytest -s tests/test_extraction_scores.py`` to see the tables (``kg eval`` prints the same,
with every missed and spurious fact).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.evaluate import CLASSES, Evaluation, Scores, evaluate, micro_average
from kg.settings import Settings
from tests.conftest import DEV, DEV_ABSENT, DEV_ORIGINALS, ROOT, SEEDS

#: The sample article, against its gold annotation (derived from the gold graph): per class, the
#: least precision and recall the extractor must keep.
SAMPLE = "000_ce45e1c8aef7f2ba"
SAMPLE_GOLD = ROOT / "tests" / "fixtures" / "gold"
SAMPLE_FLOORS = {"coups": (1.0, 1.0), "statements": (1.0, 1.0), "deployments": (0.8, 0.9)}

#: Least micro-averaged F1 per class over the eight original development articles.
COUPS_F1 = 0.8
STATEMENTS_F1 = 0.7
DEPLOYMENTS_F1 = 0.5
THRESHOLDS = {"coups": COUPS_F1, "statements": STATEMENTS_F1, "deployments": DEPLOYMENTS_F1}
#: Least micro-averaged F1 per class over the other twelve development articles (six tuned on, six
#: held back while the rules were written): what they score now (coups 0.889, statements 0.800,
#: deployments 0.667), less about 0.05 (0.01 on deployments), rounded down. They were 0.167, 0.574 and 0.190 at first.
OTHERS_FLOORS = {"coups": 0.83, "statements": 0.75, "deployments": 0.66}

#: The invented articles (``tests/fixtures/annotated/``): least micro-averaged F1 per class, what the 266
#: score now (coups 0.886, statements 0.854, deployments 0.669) less about 0.02, rounded down. Coups are
#: matched on the month their gold writes out ("September 1986") since kg eval reads such dates.
ANNOTATED = ROOT / "tests" / "fixtures" / "annotated"
ANNOTATED_FLOORS = {"coups": 0.86, "statements": 0.83, "deployments": 0.65}

#: The development articles, known at collection time (one skipped entry where the folder is absent).
DEV_NAMES = sorted(p.stem for p in (DEV / "gold").glob("*.yaml")) if (DEV / "gold").is_dir() else []


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store no test here opens: evaluate() loads into its own in-memory store."""
    return Settings.from_env({}, store=tmp_path_factory.mktemp("extraction-scores") / "unused")


@pytest.fixture(scope="module")
def sample(settings: Settings) -> Scores:
    """The sample article's scores."""
    result = evaluate(SAMPLE_GOLD, SEEDS, settings=settings)
    assert result.ok, [a.rejected for a in result.rejected]
    (article,) = result.articles
    return article.scores


@pytest.fixture(scope="module")
def development(settings: Settings) -> Evaluation:
    """Every development article scored (a rejected one as an empty extraction)."""
    if not (DEV / "gold").is_dir():
        pytest.skip(DEV_ABSENT)
    return evaluate(DEV / "gold", DEV, settings=settings)


@pytest.mark.parametrize("name", CLASSES)
def test_sample_article_precision_and_recall_per_class(sample: Scores, name: str) -> None:
    got = sample.of(name)
    precision, recall = SAMPLE_FLOORS[name]
    assert got.precision >= precision and got.recall >= recall, f"{name} on the sample:\n{sample}\n{sample.errors()}"


def test_report(development: Evaluation) -> None:
    """Print every article's table, the misses of the original eight, and the micro-averages (``pytest -s``)."""
    print()
    for article in development.articles:
        print(article.scores)
        errors = article.scores.errors() if article.name in DEV_ORIGINALS else ""
        if errors:
            print(errors)
        print()
    originals = [a.scores for a in development.articles if a.name in DEV_ORIGINALS]
    others = [a.scores for a in development.articles if a.name not in DEV_ORIGINALS]
    print(replace(micro_average(originals), label=f"micro-average over the {len(originals)} original articles"))
    print()
    print(replace(micro_average(others), label=f"micro-average over the {len(others)} other articles"))
    print()
    print(development.total)
    assert [a.name for a in development.articles] == DEV_NAMES


def test_the_original_articles_are_all_there(development: Evaluation) -> None:
    assert set(DEV_ORIGINALS) <= {a.name for a in development.articles}, "an original development article is missing"


@pytest.mark.parametrize(
    "name",
    DEV_NAMES or [pytest.param("", marks=pytest.mark.skip(reason=DEV_ABSENT))],
)
def test_no_article_is_rejected_by_the_loader(development: Evaluation, name: str) -> None:
    (article,) = [a for a in development.articles if a.name == name]
    assert article.rejected is None, article.rejected


@pytest.mark.parametrize("name", CLASSES)
def test_micro_f1_over_the_original_articles_meets_its_threshold(development: Evaluation, name: str) -> None:
    total = micro_average(a.scores for a in development.articles if a.name in DEV_ORIGINALS)
    f1 = total.of(name).f1
    assert f1 >= THRESHOLDS[name], f"{name}: micro F1 {f1:.3f} is below {THRESHOLDS[name]}\n{total}"


@pytest.mark.parametrize("name", CLASSES)
def test_micro_f1_over_the_other_articles_keeps_its_floor(development: Evaluation, name: str) -> None:
    others = [a.scores for a in development.articles if a.name not in DEV_ORIGINALS]
    assert others, "no development article beyond the original eight"
    total = micro_average(others)
    f1 = total.of(name).f1
    assert f1 >= OTHERS_FLOORS[name], f"{name}: micro F1 {f1:.3f} is below {OTHERS_FLOORS[name]}\n{total}"


@pytest.fixture(scope="module")
def invented(settings: Settings) -> Evaluation:
    """The invented articles scored."""
    return evaluate(ANNOTATED / "gold", ANNOTATED, settings=settings)


def test_no_invented_article_is_rejected(invented: Evaluation) -> None:
    assert len(invented.articles) == len(list((ANNOTATED / "gold").glob("*.yaml"))) == 266
    assert invented.ok, [(a.name, a.rejected) for a in invented.rejected]


@pytest.mark.parametrize("name", CLASSES)
def test_micro_f1_over_the_invented_articles_keeps_its_floor(invented: Evaluation, name: str) -> None:
    f1 = invented.total.of(name).f1
    assert f1 >= ANNOTATED_FLOORS[name], (
        f"{name}: micro F1 {f1:.3f} is below {ANNOTATED_FLOORS[name]}\n{invented.total}"
    )
