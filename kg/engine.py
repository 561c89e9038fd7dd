"""Query execution for the endpoint: worker processes over read-only snapshots of the store, with
a time limit and a result-size limit that truly stop a query.

Oxigraph cannot interrupt a running query, so the endpoint does not run queries in its own
process. Each query goes to one of a few worker processes, which reads a *snapshot* of the store:
a RocksDB checkpoint (hard links, a few milliseconds) that the server takes at start and after
every write it commits. A worker reopens the newest snapshot before a query when a newer one
exists, so a query sees every article committed before it started. A query that runs past the
time limit has its worker killed (the query stops at once) and a fresh worker takes its place; a
result that grows past the size limit is abandoned by the worker. Either way the client gets a
clear error, and the other workers go on answering.

The answers of recent queries are kept (:class:`ResultCache`) until the next commit: the store
changes only through the server's own commits, so the same query asked again, by a page or a
researcher, gets the same bytes without running again.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import re
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError, QueryError
from kg.formats import GRAPH_ALIASES, GRAPH_TYPES, RESULT_ALIASES, RESULT_TYPES, NotAcceptable, choose

log = logging.getLogger(__name__)

_POINTER = "CURRENT-SNAPSHOT"


class QueryTimeout(KgError):
    """A query ran past the time limit and was stopped (HTTP 408)."""


class ResultTooLarge(KgError):
    """A query's result grew past the size limit and was abandoned (HTTP 413)."""


class Busy(KgError):
    """Every worker stayed busy for the whole time limit (HTTP 429)."""


@dataclass(frozen=True)
class Job:
    """One query for a worker: the protocol request, decoded, and how to answer it."""

    query: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None
    accept: str | None
    max_bytes: int


#: What makes a query's answer change without a commit: a SPARQL function whose value differs at each call, or a
#: SERVICE call to another endpoint. Such a query is never answered from the cache.
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(|\bSERVICE\b", re.IGNORECASE)


class ResultCache:
    """Serialised answers of recent queries, kept until the next commit, least recently asked dropped first.

    A query that calls ``NOW()``, ``RAND()``, ``UUID()``, ``STRUUID()`` or ``BNODE()``, or a ``SERVICE``,
    is never kept. An answer computed while a commit happened is not kept either (it may predate it).

    Args:
        max_bytes: the most the kept answers take together (0: keep nothing); an answer larger than half
            of it is not kept.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Job, tuple[str, bytes]] = OrderedDict()
        self._bytes = 0
        self._generation = 0
        self._lock = threading.Lock()

    @property
    def generation(self) -> int:
        """Counts the commits; pass it to :meth:`put` as it was when the query started."""
        return self._generation

    def get(self, job: Job) -> tuple[str, bytes] | None:
        """The kept answer to a query (media type, bytes), if there is one."""
        with self._lock:
            answer = self._answers.get(job)
            if answer is not None:
                self._answers.move_to_end(job)
            return answer

    def put(self, job: Job, answer: tuple[str, bytes], generation: int) -> None:
        """Keep an answer computed from the store as it was at ``generation``."""
        size = len(answer[1])
        if size > self.max_bytes // 2 or _VOLATILE.search(job.query):
            return
        with self._lock:
            if generation != self._generation or job in self._answers:
                return
            self._answers[job] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped[1])

    def clear(self) -> None:
        """Forget every answer: the store has changed."""
        with self._lock:
            self._generation += 1
            self._answers.clear()
            self._bytes = 0


class Snapshots:
    """Read-only checkpoints of a store, the newest named in a pointer file.

    Args:
        folder: where the checkpoints live (created; emptied of old checkpoints at start).
        keep_seconds: how long a superseded checkpoint stays, for queries that still read it.
    """

    def __init__(self, folder: Path, keep_seconds: float = 120.0) -> None:
        self.folder = folder
        self.keep_seconds = keep_seconds
        self._lock = threading.Lock()
        self._count = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)

    def publish(self, store: Any) -> Path:
        """Checkpoint ``store`` (a :class:`kg.store.Store`) and make it the one new queries read."""
        with self._lock:
            self._count += 1
            target = self.folder / f"{time.time_ns():020d}-{self._count:06d}"
            store.backup(target)
            pointer = self.folder / f"{_POINTER}.part"
            pointer.write_text(target.name, encoding="utf-8")
            pointer.replace(self.folder / _POINTER)
            self._prune(keep=target.name)
            return target

    def _prune(self, keep: str) -> None:
        now = time.time()
        for old in self.folder.iterdir():
            if old.is_dir() and old.name != keep and now - old.stat().st_mtime > self.keep_seconds:
                shutil.rmtree(old, ignore_errors=True)


class QueryPool:
    """Worker processes that answer queries from the newest snapshot, under a time limit.

    Args:
        snapshots: the folder of :class:`Snapshots`.
        workers: how many queries run at once.
        timeout: seconds a query may run.
    """

    def __init__(self, snapshots: Path, *, workers: int, timeout: float) -> None:
        self.snapshots = snapshots
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(max(1, workers)):
            self._idle.put(self._start())

    def run(self, job: Job) -> tuple[str, bytes]:
        """Answer one query (blocking; call it from a worker thread).

        Returns:
            The media type and the serialised result.

        Raises:
            QueryError: the query does not parse or fails.
            QueryTimeout: it ran past the time limit (its worker was killed).
            ResultTooLarge: its result passed ``job.max_bytes``.
            Busy: no worker became free within the time limit (the wait does not count against
                the query's own limit).
        """
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {self.timeout:g} s: retry later") from None
        replace = False
        try:
            worker.connection.send(job)
            if not worker.connection.poll(self.timeout):
                replace = True
                raise QueryTimeout(
                    f"the query ran longer than the limit of {self.timeout:g} s and was stopped: "
                    "narrow it (a LIMIT, a more selective pattern) and try again"
                )
            outcome = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            replace = True
            raise QueryError("the query stopped its worker; it was not answered") from None
        finally:
            if replace:
                worker.kill()
                if not self._closed:
                    threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()
            else:
                self._idle.put(worker)
        kind, first, second = outcome
        if kind == "ok":
            return first, second
        raise _error(first)(second)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.stop()

    def _start(self) -> _Worker:
        """A new worker, once it has loaded its modules and opened the newest snapshot."""
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve_queries, args=(child, str(self.snapshots)), daemon=True)
        process.start()
        child.close()
        if not parent.poll(60) or parent.recv() != "ready":
            process.kill()
            raise QueryError("a query worker did not start")
        return _Worker(process, parent)


@dataclass
class _Worker:
    process: Any
    connection: multiprocessing.connection.Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()


def _error(name: str) -> type[KgError]:
    known: dict[str, type[KgError]] = {"ResultTooLarge": ResultTooLarge, "NotAcceptable": NotAcceptable}
    return known.get(name, QueryError)


class _Capped:
    """A byte sink that refuses to grow past a cap."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


class _TooLarge(Exception):
    pass


def _serve_queries(connection: multiprocessing.connection.Connection, folder: str) -> None:
    """A worker: answer jobs from the newest snapshot until told to stop."""
    import pyoxigraph as ox

    opened: str | None = None
    store: Any = None
    pointer = Path(folder) / _POINTER
    with contextlib.suppress(OSError):
        opened = pointer.read_text(encoding="utf-8").strip()
        store = ox.Store.read_only(os.path.join(folder, opened))
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            current = pointer.read_text(encoding="utf-8").strip()
            if current != opened:
                store = ox.Store.read_only(os.path.join(folder, current))
                opened = current
            options: dict[str, Any] = {}
            if job.default_graphs:
                options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
            else:
                options["use_default_graph_as_union"] = True
            if job.named_graphs:
                options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
            result = store.query(job.query, **options)
            sink: Any = _Capped(job.max_bytes)
            if isinstance(result, ox.QueryTriples):
                media = choose(job.format, job.accept, GRAPH_TYPES, GRAPH_ALIASES)
                result.serialize(sink, format=GRAPH_TYPES[media])
            else:
                media = choose(job.format, job.accept, RESULT_TYPES, RESULT_ALIASES)
                result.serialize(sink, format=RESULT_TYPES[media])
            connection.send(("ok", media, b"".join(sink.parts)))
        except _TooLarge:
            limit = f"{job.max_bytes / (1024 * 1024):g} MiB"
            connection.send(("error", "ResultTooLarge", f"the result is larger than {limit}: add a LIMIT or narrow it"))
        except NotAcceptable as exc:
            connection.send(("error", "NotAcceptable", str(exc)))
        except SyntaxError as exc:
            connection.send(("error", "QueryError", f"SPARQL syntax error: {exc}"))
        except (ValueError, RuntimeError, OSError) as exc:
            connection.send(("error", "QueryError", f"SPARQL evaluation error: {exc}"))
