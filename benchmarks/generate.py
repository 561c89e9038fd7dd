"""A synthetic kg graph of any size: invented news articles about armed conflict, mapped by kg itself.

Each article is written from templates (``benchmarks/synthetic/``, its words in ``words.toml``) over kg's
gazetteer: a body of a few thousand characters in wire-copy style, with the actors, claims, coups, deployments, troop
changes, base handovers, elections and statements it tells. What kg would read from it is built as
kg's own reading (:mod:`kg.extract.facts`), with times and sizes read back by kg's own readers, and
mapped to RDF by :func:`kg.map.map_extraction`; so every IRI, label and offset is the one kg writes.
The output holds what ``kg load`` leaves in a store, one named graph per article:

* the ontology, gazetteer and store-record graphs (as :meth:`kg.load.Loader.ensure_ontology` writes them),
* one graph per article (``<base>graph/article/<id>``),
* the resolution graphs (canonical coups, presences, persons), made by :mod:`kg.resolve` from the articles.

Skew is news-like: a few host countries, forces and outlets recur (Zipf), most are rare; claims are
contested (a lede affirms a deployment, the host government denies it); coups recur across articles at
month, year, day or decade precision, so the resolution has every rule to apply. The same arguments give
the same bytes, whatever the process or hash seed.

    python benchmarks/generate.py --triples 1000000 --seed 0 -o data.nq.gz
    python benchmarks/generate.py --check 20                  # validate the first 20 articles with kg's shapes
    python benchmarks/generate.py --triples 100000 -o small.nq --queries   # then run queries/*.rq over it

From another script: ``from generate import write_nquads; write_nquads(path, 200_000, seed=0)``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import logging
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from rdflib import Graph

from kg.extract.gazetteer import gazetteer
from kg.map import Iris, map_extraction
from kg.settings import ONTOLOGY_NS, PROJECT_ROOT, Settings
from kg.store import Store, to_lines

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:  # the article writer lives beside this script (benchmarks/synthetic/), not in kg
    sys.path.insert(0, str(_HERE))
from synthetic import World, load_words, tool_versions, write_article  # noqa: E402

log = logging.getLogger("generate")

#: The competency queries the output must answer.
QUERIES = PROJECT_ROOT / "queries"

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
#: What kg's resolution step reads from an article graph (kg.resolve's queries), by predicate.
_RESOLUTION_PREDICATES = frozenset(
    f"<{ONTOLOGY_NS}{name}>" for name in ("country", "date", "earliest", "latest", "precision", "force", "hostCountry")
)
_RESOLUTION_TYPES = frozenset(f"<{ONTOLOGY_NS}{name}>" for name in ("Coup", "Deployment", "Person"))
_PERSON = f"<{ONTOLOGY_NS}Person>"
#: Resolution triples per coup report or deployment claim, for sizing the output before resolving.
_RESOLUTION_PER_REPORT = 2.4


def article_graphs(seed: int = 0, settings: Settings | None = None) -> Iterator[tuple[str, Graph]]:
    """Endless synthetic article graphs of a seed, as kg maps them: (named graph IRI, graph)."""
    settings = settings or Settings()
    iris = Iris(settings.base_iri)
    world = World(seed, load_words(), gazetteer())
    tool = tool_versions()
    for index in itertools.count():
        extraction = write_article(world, seed, index, tool)
        yield str(iris.article_graph(extraction.article.id)), map_extraction(extraction, iris)


def shared_graphs(settings: Settings) -> dict[str, list[str]]:
    """The ontology, gazetteer and store-record graphs as ``kg load`` writes them (name → N-Triples lines)."""
    from kg.load import Loader

    store = Store(None)
    Loader(store, settings).ensure_ontology()
    return {name: store.graph_lines(name) for name in store.named_graphs()}


class Resolution:
    """Collects what kg's resolution step reads from the article graphs, then runs it (:mod:`kg.resolve`).

    Only the triples its queries touch are kept (report types, countries, dates, forces, hosts, labels of
    article-local entities), so memory stays small however large the output.
    """

    def __init__(self, settings: Settings, gazetteer_lines: dict[str, list[str]]) -> None:
        self.iris = Iris(settings.base_iri)
        self.store = Store(None)
        self.store.replace_graphs(gazetteer_lines)
        self.reports = 0
        self._pending: dict[str, list[str]] = {}
        self._entity_prefix = f"<{self.iris.base}entity/"

    def add(self, graph: str, lines: Sequence[str]) -> None:
        """Keep the part of one article graph the resolution reads."""
        kept = []
        for line in lines:
            subject, predicate, rest = line.split(" ", 2)
            if predicate == _RDF_TYPE:
                if rest in _RESOLUTION_TYPES:
                    kept.append(line)
                    self.reports += rest != _PERSON
            elif predicate in _RESOLUTION_PREDICATES or (
                predicate == _RDFS_LABEL and subject.startswith(self._entity_prefix)
            ):
                kept.append(line)
        self._pending[graph] = kept
        if len(self._pending) >= 200:
            self.flush()

    def flush(self) -> None:
        """Write the kept triples into the resolution's store."""
        if self._pending:
            self.store.replace_graphs(self._pending)
            self._pending = {}

    def estimate(self) -> int:
        """About how many triples the resolution graphs will hold."""
        return int(self.reports * _RESOLUTION_PER_REPORT)

    def graphs(self) -> dict[str, list[str]]:
        """The resolution graphs kg writes for these articles (canonical coups, presences, persons)."""
        from kg.resolve import person_graphs, presence_graphs, resolution_graphs

        self.flush()
        return {
            **resolution_graphs(self.store, self.iris),
            **presence_graphs(self.store, self.iris),
            **person_graphs(self.store, self.iris),
        }


def _quads(name: str, lines: Sequence[str]) -> Iterator[str]:
    for line in sorted(lines):
        yield f"{line} <{name}> .\n"


def generate(triples: int, seed: int = 0, *, settings: Settings | None = None) -> Iterator[str]:
    """N-Quads lines of a synthetic kg store of about ``triples`` quads, streamed.

    The shared graphs come first, then one graph per article until the size is reached, then the
    resolution graphs kg derives from those articles. Deterministic: the same arguments give the same lines.

    Args:
        triples: the number of quads to reach (the last article and the resolution overshoot it a little).
        seed: picks the world (coups, forces, the order of rare states) and every article.
        settings: kg's settings (base IRI, ontology); default: ``Settings()``.

    Yields:
        N-Quads lines, each ending with a newline.

    Example:
        >>> from generate import generate
        >>> lines = list(generate(20_000, seed=1))  # doctest: +SKIP
        >>> len(lines) >= 20_000 and all(line.rstrip().endswith(" .") for line in lines)  # doctest: +SKIP
        True
    """
    settings = settings or Settings()
    shared = shared_graphs(settings)
    written = 0
    for name, lines in shared.items():
        yield from _quads(name, lines)
        written += len(lines)
    gazetteer_graph = str(Iris(settings.base_iri).gazetteer_graph)
    resolution = Resolution(settings, {gazetteer_graph: shared[gazetteer_graph]})
    for name, graph in article_graphs(seed, settings):
        if written + resolution.estimate() >= triples:
            break
        lines = to_lines(graph)
        resolution.add(name, lines)
        yield from _quads(name, lines)
        written += len(lines)
    for name, lines in sorted(resolution.graphs().items()):
        yield from _quads(name, lines)


@contextmanager
def _output(path: Path) -> Iterator[IO[bytes]]:
    """The file to write, gzipped when its name ends in ``.gz``."""
    with path.open("wb") as raw:
        if path.suffix != ".gz":
            yield raw
            return
        # mtime=0 and no file name in the header: the same data gives the same bytes
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            yield cast(IO[bytes], packed)


def write_nquads(path: Path, triples: int, seed: int = 0, *, settings: Settings | None = None) -> int:
    """Write :func:`generate`'s output to a file (gzipped when it ends in ``.gz``).

    Args:
        path: the output file.
        triples: the number of quads to reach.
        seed: the generator seed.
        settings: kg's settings; default ``Settings()``.

    Returns:
        The number of quads written.
    """
    count = 0
    buffer: list[str] = []
    with _output(path) as out:
        for line in generate(triples, seed, settings=settings):
            buffer.append(line)
            count += 1
            if len(buffer) >= 10_000:
                out.write("".join(buffer).encode("utf-8"))
                buffer.clear()
        out.write("".join(buffer).encode("utf-8"))
    return count


# -- checks --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conformance:
    """The validation of one generated article graph with kg's loader check."""

    graph: str
    triples: int
    violations: tuple[str, ...]
    warnings: int


def check_articles(count: int, seed: int = 0, settings: Settings | None = None) -> list[Conformance]:
    """Validate the first ``count`` article graphs as ``kg load`` would (shapes, ontology, gazetteer as context)."""
    from kg.load import Loader, Prepared

    settings = settings or Settings.from_env()
    loader = Loader(Store(None), settings)
    loader.ensure_ontology()
    results = []
    for name, graph in itertools.islice(article_graphs(seed, settings), count):
        outcome = loader.check(Prepared(Path(name.rsplit("/", 1)[-1]), {name: graph}, extracted=True))
        results.append(Conformance(name, len(graph), outcome.violations, len(outcome.warnings)))
    return results


def check_queries(path: Path, folder: Path = QUERIES) -> dict[str, int | None]:
    """Run every query of ``folder`` over an N-Quads file with the union default graph: query → rows.

    Queries that call out with SERVICE (Wikidata federation) are skipped (``None``).
    """
    import pyoxigraph as ox

    store = ox.Store()
    if path.suffix == ".gz":
        store.load(gzip.decompress(path.read_bytes()), format=ox.RdfFormat.N_QUADS)
    else:
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    rows: dict[str, int | None] = {}
    for query in sorted(folder.glob("*.rq")):
        text = query.read_text(encoding="utf-8")
        if re.search(r"^\s*SERVICE\b", text, flags=re.MULTILINE):
            rows[query.name] = None
            continue
        solutions = store.query(text, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions), f"{query.name} is not a SELECT query"
        rows[query.name] = sum(1 for _ in solutions)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=200_000, help="quads to generate (default 200000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("-o", "--output", type=Path, help="N-Quads file to write (.gz: gzipped)")
    parser.add_argument("--check", type=int, metavar="N", help="validate the first N article graphs with kg's shapes")
    parser.add_argument("--queries", action="store_true", help="run queries/*.rq over the output and count rows")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    status = 0
    if args.check:
        status |= _report_check(check_articles(args.check, args.seed, Settings.from_env()))
    if args.output:
        started = time.perf_counter()
        count = write_nquads(args.output, args.triples, args.seed, settings=Settings.from_env())
        log.info("%s: %d quads in %.1f s (seed %d)", args.output, count, time.perf_counter() - started, args.seed)
        if args.queries:
            status |= _report_queries(check_queries(args.output))
    elif args.queries:
        parser.error("--queries needs --output")
    elif not args.check:
        parser.error("nothing to do: give --output and/or --check")
    return status


def _report_check(results: list[Conformance]) -> int:
    failing = [r for r in results if r.violations]
    for result in results:
        log.info(
            "%s: %d triples, %d violations, %d warnings",
            result.graph,
            result.triples,
            len(result.violations),
            result.warnings,
        )
        for violation in result.violations:
            log.info("    %s", violation)
    log.info("%d of %d article graphs conform", len(results) - len(failing), len(results))
    return 1 if failing else 0


def _report_queries(rows: dict[str, int | None]) -> int:
    empty = [name for name, count in rows.items() if count == 0]
    for name, count in rows.items():
        log.info("%-28s %s", name, "skipped (SERVICE)" if count is None else f"{count} rows")
    if empty:
        log.info("no rows: %s", ", ".join(empty))
    return 1 if empty else 0


if __name__ == "__main__":
    sys.exit(main())
