"""The load job: files → read → extract → map → validate → store, one atomic commit per file.

Article files become one named graph each; RDF files are loaded as they are (their named graphs
kept, their default-graph triples put into a graph named after the file). Every file is
validated against the shapes before it is committed; a file that fails leaves the store exactly
as it was, and the other files of the batch still load.

A file's graphs are written in one store transaction, so a load stopped at any moment (even by
SIGKILL) leaves every file either fully committed or absent; running the same batch again adds
the missing files and leaves the committed ones unchanged (``tests/test_reliability.py``). The
links graph, derived from the whole store, is rebuilt at the end of every load that committed
something. Worker processes stop when the load that started them is gone.
"""

from __future__ import annotations

import gc
import logging
import pickle
import re
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from kg import cache
from kg.errors import InputError, KgError, RdfSyntaxError, StoreError, ValidationError
from kg.extract import extract
from kg.map import Iris, map_entities, map_extraction
from kg.read import ARTICLE_SUFFIXES, Article, read_article
from kg.settings import ONTOLOGY_NS, Settings

if TYPE_CHECKING:
    from kg.link import Link
from kg.store import GraphChange, Store, to_lines
from kg.validate import Context, DroppedFact, ValidationOutcome, Validator, prune_facts
from kg.workers import RDF_FORMATS, Workers, collect
from kg.workers import articles as article_files

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stages:
    """Seconds spent in each stage of a load, summed over files (and over the workers that ran them).

    Attributes:
        read: reading article files (and parsing RDF files).
        extract: extracting and mapping articles to RDF.
        validate: SHACL validation (with the dropping of broken facts).
        commit: writing to the store, with the links and resolution graphs rebuilt after the batch.
    """

    read: float = 0.0
    extract: float = 0.0
    validate: float = 0.0
    commit: float = 0.0

    def __add__(self, other: Stages) -> Stages:
        return Stages(
            self.read + other.read,
            self.extract + other.extract,
            self.validate + other.validate,
            self.commit + other.commit,
        )

    def __str__(self) -> str:
        return (
            f"read {self.read:.1f} s, extract {self.extract:.1f} s, "
            f"validate {self.validate:.1f} s, commit {self.commit:.1f} s"
        )


#: Rounds of dropping broken facts from an extracted graph before the article is rejected after all.
_PRUNE_ROUNDS = 3

#: A file prepared for its commit (its graphs as N-Triples lines, their validation, the time each stage took), or
#: why it cannot be.
_Outcome = tuple[dict[str, list[str]], ValidationOutcome, Stages] | KgError


@dataclass(frozen=True)
class Prepared:
    """A file turned into the named graphs it will write, not yet validated nor committed.

    Attributes:
        path: the file.
        graphs: graph IRI → its content.
        extracted: the graphs were extracted from an article (not handed in as RDF), so a fact that
            breaks a shape can be dropped instead of the whole file.
        stages: the time reading and extracting took.
    """

    path: Path
    graphs: dict[str, Graph]
    extracted: bool = False
    stages: Stages = Stages()


@dataclass(frozen=True)
class Loaded:
    """A file that was committed (or found already there).

    Attributes:
        path: the file.
        changes: what changed in each of its graphs.
        warnings: SHACL warnings (they do not block a commit).
    """

    path: Path
    changes: tuple[GraphChange, ...]
    warnings: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``added``, ``updated`` or ``unchanged``."""
        if not any(c.changed for c in self.changes):
            return "unchanged"
        return "updated" if any(c.removed for c in self.changes) else "added"


@dataclass(frozen=True)
class Failed:
    """A file that was rejected; the store holds nothing of it.

    Attributes:
        path: the file.
        reason: a one-line reason.
        error: the error itself (a :class:`~kg.errors.ValidationError` carries the full report).
    """

    path: Path
    reason: str
    error: KgError


@dataclass(frozen=True)
class LoadReport:
    """What a batch did: the files loaded and the files rejected, in input order."""

    loaded: tuple[Loaded, ...] = ()
    failed: tuple[Failed, ...] = field(default=())
    seconds: float = 0.0
    stages: Stages = Stages()

    @property
    def ok(self) -> bool:
        """Whether every file was loaded."""
        return not self.failed


class Loader:
    """Loads files into a store. Parses the shapes and ontology once, for any number of files.

    Args:
        store: the store to write to.
        settings: the configuration (base IRI, shapes, ontology, limits).
    """

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.iris = Iris(settings.base_iri)
        self._validator: Validator | None = None
        self._shared: Context | None = None
        self._pending: dict[str, list[str]] = {}
        cache.keep_in(settings.cache)  # worker processes read what kg derives from its data instead of each building it

    @property
    def validator(self) -> Validator:
        """The validator, built on first use (once per process for the same shapes and ontology)."""
        if self._validator is None:
            self._validator = _validator_for(self.settings)
        return self._validator

    def ensure_ontology(self) -> GraphChange:
        """Put the current ontology and gazetteer into their own named graphs (no-ops when already there)."""
        changes = self.store.replace_graphs(self._kg_graphs())
        self._pending = {}
        self._shared = None
        return changes[0]

    def _kg_graphs(self) -> dict[str, list[str]]:
        """The ontology and gazetteer graphs as this version of kg writes them, and the record of the base IRI.

        Kept in ``KG_CACHE`` (:mod:`kg.cache`), by a digest of the ontology, the gazetteer's data, the code that maps
        them and the base IRI: building the gazetteer's graph takes a load a tenth of a second.
        """
        self.check_base()
        from kg import map as mapping
        from kg.extract.gazetteer import sources

        code = [Path(m.__file__ or "").read_bytes() for m in (mapping, sys.modules[__name__])]
        made_from: list[bytes | str] = [*code, *sources(), self.settings.ontology.read_bytes()]
        made_from += [self.iris.base, cache.versions("rdflib")]
        name = f"kg-graphs-{cache.digest(*made_from, sys.version)}.marshal"
        return cache.kept_data(name, self._build_kg_graphs, dict)

    def _build_kg_graphs(self) -> dict[str, list[str]]:
        lines = _parse_rdf(self.settings.ontology, ox.RdfFormat.TURTLE)
        record = ox.Quad(ox.NamedNode(str(self.iris.store_graph)), _URI_SPACE, ox.Literal(self.iris.base))
        return {
            str(self.iris.ontology_graph): [_line(q) for q in lines],
            str(self.iris.gazetteer_graph): to_lines(map_entities(self.iris, _wikidata_classes(lines))),
            str(self.iris.store_graph): [_line(record)],
        }

    def recorded_bases(self) -> set[str]:
        """The base IRIs the store was built with: its record (``void:uriSpace``), or, in a store written before
        kg recorded it, the base of its gazetteer graph."""
        recorded = {
            q.object.value
            for g in self.store.named_graphs()
            if g.endswith("graph/store")
            for q in self.store.quads(g)
            if q.predicate == _URI_SPACE and isinstance(q.object, ox.Literal)
        }
        return recorded or {
            g.removesuffix("graph/gazetteer") for g in self.store.named_graphs() if g.endswith("graph/gazetteer")
        }

    def check_base(self) -> None:
        """Refuse a store built with another base IRI: its IRIs and the ones minted now would never meet.

        Raises:
            StoreError: the store records another base; nothing is written.
        """
        others = sorted(self.recorded_bases() - {self.iris.base})
        if others:
            raise StoreError(
                f"the store {self.settings.store} was built with base IRI {others[0]}, not {self.iris.base}: "
                f"run with KG_BASE_IRI={others[0]} (or --base-iri {others[0]}) to use it, or remove the store "
                f"and load again to rebuild it under {self.iris.base}"
            )

    def _stage_kg_graphs(self) -> None:
        """Hold back the ontology and gazetteer graphs that differ from the stored ones.

        Files are validated against them at once, but they are written in the transaction of the
        first file committed: a load that commits nothing leaves the store exactly as it was.
        """
        self._pending = {
            name: lines for name, lines in self._kg_graphs().items() if set(lines) != set(self.store.graph_lines(name))
        }
        self._shared = None

    def _current_lines(self, name: str) -> list[str]:
        """A graph's triples as the next commit leaves them: held back, or as stored."""
        return self._pending[name] if name in self._pending else self.store.graph_lines(name)

    def apply_links(self, links: Sequence[Link] | None = None) -> GraphChange:
        """Rewrite the links graph from the accepted links (default: ``settings.links``) and the stored actors."""
        from kg.link import links_graph, read_links

        name = str(self.iris.links_graph)
        accepted = read_links(self.settings.links) if links is None else links
        graph = links_graph(self.store, accepted, exclude=[name])
        return self.store.replace_graphs({name: to_lines(graph)})[0]

    def prepare(self, path: Path) -> Prepared:
        """Turn one file into its graphs (read → extract → map, or parse), without touching the store.

        Raises:
            InputError: the file cannot be read or parsed.
        """
        if path.is_dir():
            kinds = " ".join(sorted(ARTICLE_SUFFIXES | RDF_FORMATS.keys()))
            raise InputError(path, f"is a folder with no article or RDF file in it ({kinds})")
        if not path.exists():
            raise InputError(path, "no such file or folder")
        suffix = path.suffix.lower()
        started = time.perf_counter()
        if suffix in RDF_FORMATS:
            graphs = self._rdf_graphs(path, RDF_FORMATS[suffix])
            return Prepared(path, graphs, stages=Stages(read=time.perf_counter() - started))
        if suffix not in ARTICLE_SUFFIXES:
            raise InputError(path, f"unknown file type {suffix or '(none)'}: expected an article or an RDF file")
        article = read_article(path, max_bytes=self.settings.max_article_bytes)
        read = time.perf_counter()
        graph = map_extraction(extract(article), self.iris)
        stages = Stages(read=read - started, extract=time.perf_counter() - read)
        return Prepared(path, {str(self.iris.article_graph(article.id)): graph}, extracted=True, stages=stages)

    def check(self, prepared: Prepared, lines: dict[str, list[str]] | None = None) -> ValidationOutcome:
        """Validate a prepared file's graphs together, with the canonical entities already stored.

        Args:
            prepared: the file's graphs.
            lines: the same graphs as N-Triples lines (:func:`to_lines`), when the caller has them already.
        """
        graphs = list(prepared.graphs.values())
        if not prepared.graphs.keys() & self.shared_names:
            data_lines = [line for name in prepared.graphs for line in lines[name]] if lines is not None else None
            return self.validator.validate(graphs, self.shared_context(), data_lines)
        # the file brings its own version of a shared graph: validate it whole, against that one
        graphs += [_graph(self._current_lines(shared)) for shared in sorted(self.shared_names - prepared.graphs.keys())]
        return self.validator.validate(graphs)

    @property
    def shared_names(self) -> set[str]:
        """The graphs every article is validated with: canonical entities and the gazetteer."""
        return {str(self.iris.entities_graph), str(self.iris.gazetteer_graph)}

    def shared_lines(self) -> dict[str, list[str]]:
        """The entities and gazetteer graphs as the next commit leaves them, as N-Triples lines by graph name."""
        return {name: self._current_lines(name) for name in sorted(self.shared_names)}

    def shared_context(self) -> Context:
        """The entities and gazetteer as the next commit leaves them, read once, kept until a commit changes them."""
        if self._shared is None:
            self._shared = _context(self.shared_lines())
        return self._shared

    def validate_with(self, shared: dict[str, list[str]]) -> None:
        """Validate articles with these shared graphs (:meth:`shared_lines`, sent by the loading process to a
        worker) rather than with the store's."""
        self._shared = _context(shared)

    def load_file(self, path: Path) -> Loaded:
        """Prepare, validate and commit one file.

        Raises:
            KgError: the file was rejected (bad input, or a SHACL violation); the store is unchanged.
        """
        result = self._prepare_one(path)
        if isinstance(result, KgError):
            raise result
        return self._commit(path, *result[:2])

    def load(
        self,
        paths: Sequence[Path],
        *,
        progress: bool = False,
        resolve: bool = True,
        scheduler: str | None = None,
        workers: Workers | None = None,
    ) -> LoadReport:
        """Load files and folders; each file commits on its own, and a bad file does not stop the batch.

        The ontology and gazetteer graphs, when this version of kg writes them otherwise than the
        store holds them, are written in the transaction of the first file committed: a batch that
        commits nothing leaves the store exactly as it was.

        Args:
            paths: files and folders (folders are searched recursively).
            progress: show a progress bar on standard error when there are several files.
            resolve: bring the canonical coups up to date once the files are committed (:meth:`resolve`); off
                where each article's own reading is what counts (``kg eval``).
            scheduler: the address of a Dask scheduler whose workers prepare the articles (:mod:`kg.cluster`);
                ``None``: worker processes on this machine.
            workers: worker processes started already for these paths (:class:`~kg.workers.Workers`, which the
                caller ends); ``None``: started here, one per core up to ``KG_WORKERS``, where there are articles
                for two or more.

        Returns:
            The report of what was loaded and what was rejected, and why.
        """
        from tqdm import tqdm

        from kg.link import read_links

        files = collect(paths)
        loaded: list[Loaded] = []
        failed: list[Failed] = []
        stages = Stages()
        started = time.perf_counter()
        bar = tqdm(
            total=len(files), unit="file", disable=not progress or len(files) < 2, leave=False, dynamic_ncols=True
        )
        with self._workers(files, scheduler, workers) as workers:  # warming up while the links are read, graphs staged
            links = read_links(self.settings.links)  # a broken links file stops the load before any commit
            self._stage_kg_graphs()
            for path, result in self._prepared(files, scheduler, workers):
                bar.set_postfix_str(path.name, refresh=False)
                bar.update()
                try:
                    if isinstance(result, KgError):
                        raise result
                    graphs, outcome, prepared = result
                    committing = time.perf_counter()
                    loaded_file = self._commit(path, graphs, outcome)
                    stages += prepared + Stages(commit=time.perf_counter() - committing)
                except KgError as exc:
                    log.info("rejected %s", exc)  # the caller reports rejections (the command line lists them)
                    failed.append(Failed(path, str(exc), exc))
                else:
                    log.info("%s %s", loaded_file.status, path)
                    loaded.append(loaded_file)
        bar.close()
        if loaded:
            committing = time.perf_counter()
            self.apply_links(links)
            if resolve:
                self.resolve()
            stages += Stages(commit=time.perf_counter() - committing)
        elapsed = time.perf_counter() - started
        if files:
            log.info("%d files in %.1f s (%.2f files/s)", len(files), elapsed, len(files) / max(elapsed, 1e-9))
        return LoadReport(tuple(loaded), tuple(failed), elapsed, stages)

    def resolve(self) -> int:
        """Bring the canonical coups up to date with the store's reports (:mod:`kg.resolve`); returns the number of
        resolution graphs written or removed."""
        from kg.resolve import resolve_store

        return resolve_store(self.store, self.iris)

    def _commit(self, path: Path, graphs: dict[str, list[str]], outcome: ValidationOutcome) -> Loaded:
        if not outcome.conforms:
            raise ValidationError(str(path), list(outcome.violations), outcome.report)
        log.debug("committing %s → %s", path, ", ".join(graphs))
        held = {name: lines for name, lines in self._pending.items() if name not in graphs}
        changes = self.store.replace_graphs({**held, **graphs})  # one transaction: all of it, or none
        self._pending = {}
        if graphs.keys() & self.shared_names:
            self._shared = None
        return Loaded(path, tuple(c for c in changes if c.graph in graphs), outcome.warnings)

    @contextmanager
    def _workers(self, files: list[Path], scheduler: str | None, given: Workers | None) -> Iterator[Workers | None]:
        """The worker processes for the articles among ``files``: those given, or started here (and ended after)."""
        if scheduler is not None or given is not None:
            yield given if scheduler is None else None
            return
        started = Workers.for_files(self.settings, files)
        if started is None:
            yield None
            return
        with started:
            yield started

    def _prepared(
        self, files: list[Path], scheduler: str | None = None, workers: Workers | None = None
    ) -> Iterator[tuple[Path, _Outcome]]:
        """Each file read, extracted, mapped and validated, in input order.

        Articles are prepared on a Dask cluster when a scheduler is given, otherwise in the worker
        processes when there are some (:meth:`_workers`); RDF files, which may change the shared
        entities, in this process.
        """
        articles = article_files(files)
        if scheduler is not None:
            from kg.cluster import prepared_on_cluster

            yield from prepared_on_cluster(self, files, articles, scheduler)
            return
        if workers is None:
            for path in files:
                yield path, self._prepare_one(path)
            return
        # whole or not at all: a worker that finishes warming up reads it if it is there (:func:`start_worker`)
        partial = workers.shared.with_suffix(".part")
        partial.write_bytes(pickle.dumps(self.shared_lines()))
        partial.replace(workers.shared)
        # The longest articles first, so that no long one is left to run alone at the end; the results are still
        # committed in input order.
        longest = sorted(articles, key=_size, reverse=True)
        futures: dict[Path, Future[_Outcome]] = {}
        for path in longest:
            try:
                futures[path] = workers.pool.submit(_prepare_in_worker, path)
            except BrokenProcessPool as exc:  # a worker died while it warmed up: these files are reported lost
                futures[path] = Future()
                futures[path].set_exception(exc)
        yield from self._collect(files, futures)

    def _collect(self, files: list[Path], futures: dict[Path, Future[_Outcome]]) -> Iterator[tuple[Path, _Outcome]]:
        """The prepared files in input order: articles from the workers' futures, RDF files prepared here."""
        for path in files:
            if path not in futures:
                yield path, self._prepare_one(path)
                continue
            result: _Outcome
            try:
                result = futures[path].result()
            except BrokenProcessPool:  # a worker was killed (out of memory?): say which files it took down
                result = KgError(
                    f"{path}: not loaded: a worker process died while the batch was being extracted; "
                    "load it again (with KG_WORKERS=1 to find a file that kills its worker)"
                )
            yield path, result

    def _prepare_one(self, path: Path) -> _Outcome:
        try:
            prepared = self.prepare(path)
            validating = time.perf_counter()
            lines = {iri: to_lines(g) for iri, g in prepared.graphs.items()}
            outcome = self.check(prepared, lines)
            if not outcome.conforms and prepared.extracted:
                outcome = self._drop_broken_facts(prepared, outcome)
                lines = {iri: to_lines(g) for iri, g in prepared.graphs.items()}  # some facts went
            validated = time.perf_counter()
        except KgError as exc:
            return exc
        except Exception as exc:  # a bug must not sink the whole batch: reject this file, say why
            log.exception("internal error on %s", path)
            return KgError(f"{path}: internal error while extracting ({type(exc).__name__}: {exc})")
        return lines, outcome, prepared.stages + Stages(validate=validated - validating)

    def _drop_broken_facts(self, prepared: Prepared, outcome: ValidationOutcome) -> ValidationOutcome:
        """Drop the extracted facts that break shapes, with a warning each, until the rest conforms.

        Each round drops the facts the violations point to and validates again; it stops when the
        graph conforms or a round drops nothing (then the file is rejected as before).
        """
        dropped: list[DroppedFact] = []
        for _ in range(_PRUNE_ROUNDS):
            found = [f for graph in prepared.graphs.values() for f in prune_facts(graph, outcome.results)]
            if not found:
                break
            for fact in found:
                log.warning("%s: %s", prepared.path, fact)
            dropped.extend(found)
            outcome = self.check(prepared)
            if outcome.conforms:
                break
        notes = tuple(str(f) for f in dropped)
        return replace(outcome, warnings=(*notes, *outcome.warnings))

    def _rdf_graphs(self, path: Path, format: ox.RdfFormat) -> dict[str, Graph]:
        quads = _parse_rdf(path, format)
        default = str(self.iris.file_graph(path.stem))
        grouped: dict[str, list[str]] = {}
        for quad in quads:
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else default
            grouped.setdefault(name, []).append(_line(quad))
        if not grouped:
            raise InputError(path, "holds no triples")
        return {name: _graph(lines) for name, lines in grouped.items()}


#: VoID's ``uriSpace``: the namespace every IRI the store mints starts with (its base IRI).
_URI_SPACE = ox.NamedNode("http://rdfs.org/ns/void#uriSpace")


def _context(shared: dict[str, list[str]]) -> Context:
    """What articles are validated with: the shared graphs' lines, graph by graph in the order of their names."""
    return Context(line for name in sorted(shared) for line in shared[name])


def _size(path: Path) -> int:
    """A file's size in bytes (0 when it cannot be read: the worker will say why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _graph(lines: list[str]) -> Graph:
    """N-Triples lines (without the final `` .``) as an rdflib graph."""
    graph = Graph()
    if lines:
        graph.parse(data=" .\n".join(lines) + " .\n", format="nt")
    return graph


def _wikidata_classes(ontology: list[ox.Quad]) -> dict[str, str]:
    """kg class name → the Wikidata class (``Q…``) the ontology says it matches exactly."""
    exact = "http://www.w3.org/2004/02/skos/core#exactMatch"
    classes: dict[str, str] = {}
    for quad in ontology:
        subject, obj = quad.subject, quad.object
        if quad.predicate.value != exact or not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.NamedNode):
            continue
        if subject.value.startswith(ONTOLOGY_NS) and obj.value.startswith("http://www.wikidata.org/entity/Q"):
            classes[subject.value.removeprefix(ONTOLOGY_NS)] = obj.value.rsplit("/", 1)[1]
    return classes


def _line(quad: ox.Quad | ox.Triple) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object}"


def _parse_rdf(path: Path, format: ox.RdfFormat) -> list[ox.Quad]:
    """Parse an RDF file fully (so that a syntax error anywhere rejects the whole file)."""
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a regular file")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "is empty")
    if b"\x00" in data:
        raise InputError(path, "is a binary file, not RDF text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (invalid byte at offset {exc.start})") from None
    try:
        return list(ox.parse(data, format=format, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        reason = re.sub(r"^Parser error at line \d+ column \d+: ", "", str(exc))
        raise RdfSyntaxError(path, reason, line=exc.lineno, column=exc.offset) from None
    except (ValueError, OSError) as exc:
        raise RdfSyntaxError(path, str(exc)) from None


def _validator_for(settings: Settings) -> Validator:
    """The validator of the settings' shapes and ontology, built once per process."""
    return _validator((*settings.shapes, *settings.warning_shapes), settings.ontology)


@lru_cache(maxsize=4)
def _validator(shapes: tuple[Path, ...], ontology: Path) -> Validator:
    return Validator(shapes, ontology)


#: In a worker process: the settings and shared graphs' file it was started with, and its loader (made once the
#: shared graphs are written: at the end of the warm-up if they are there by then, else for the first article).
_worker_settings: Settings | None = None
_worker_shared: Path | None = None
_worker_loader: Loader | None = None

#: A sentence of news copy: reading it once loads what every article needs (the pipeline, lexicons, place index
#: and date reader), before the first article arrives.
WARM_TEXT = "Soldiers seized power in the capital on Monday, a military spokesman told reporters."


def start_worker(settings: Settings, shared: Path) -> None:
    """In a worker process (:class:`~kg.workers.Workers`): keep the settings, and load what reading and validating
    an article needs while the loading process sets up. A failure here (a model not installed) is left for the
    first article to meet, and report."""
    global _worker_settings, _worker_shared
    _worker_settings, _worker_shared = settings, shared
    cache.keep_in(settings.cache)
    try:
        extract(Article(id="0" * 16, path=Path("warm-up"), text=WARM_TEXT))
        _validator_for(settings).validate(Graph())
        if shared.exists():  # the loading process has written the shared graphs already: read them now
            _worker_loader_now()
    except Exception as exc:
        log.debug("worker warm-up failed (the first article will say why): %s", exc)
    # What the warm-up loaded stays for the worker's life: the collector need not walk it again (the pipeline, the
    # lexicons and indexes are most of the heap) each time it looks for cycles among an article's objects, nor
    # write to the pages a forked worker shares with the loading process.
    gc.freeze()


def _worker_loader_now() -> Loader:
    """In a worker: its loader, which only prepares articles, validating them with the shared graphs the loading
    process sent (read once)."""
    global _worker_loader
    if _worker_loader is None:
        assert _worker_settings is not None and _worker_shared is not None
        _worker_loader = Loader(Store(None), _worker_settings)
        _worker_loader.validate_with(pickle.loads(_worker_shared.read_bytes()))
    return _worker_loader


def _prepare_in_worker(path: Path) -> _Outcome:
    """In a worker: prepare one article, validated with the shared graphs the loading process sent."""
    return sendable(_worker_loader_now()._prepare_one(path))


def sendable(result: _Outcome) -> _Outcome:
    """A prepared file as another process can receive it: an error whose class cannot be rebuilt goes as a plain
    :class:`KgError` with its message and exit code."""
    if isinstance(result, KgError):
        try:
            pickle.loads(pickle.dumps(result))
        except Exception:  # an error class whose constructor takes other arguments: send its message
            plain = KgError(str(result))
            plain.exit_code = result.exit_code
            return plain
    return result
