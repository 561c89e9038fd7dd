"""The files a load takes, and the worker processes that read them: started first, warmed up while the load sets up.

Loading several articles runs one worker process per core (``KG_WORKERS``). Each needs the spaCy
pipeline, the lexicons, the place index and the shapes, about a second's work, so :class:`Workers`
starts them early: ``kg load`` starts them as soon as it knows it has articles to read, before it
opens the store, forking them from itself once it has imported the loader's modules (which they
need too). Spawned workers (elsewhere) import :mod:`kg.load` themselves; this module imports little
for that reason. Each warms up in its initializer (:func:`_start`).
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.read import ARTICLE_SUFFIXES

if TYPE_CHECKING:
    from kg.settings import Settings

#: RDF file endings kg loads, and their Oxigraph formats.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def collect(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the article and RDF files below them, sorted; skip ``.json`` sidecars.

    A path that does not exist, and a folder with nothing to load in it, are kept as they are, so
    that loading them reports a clear error.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _loadable(p))
            files.extend([p for p in found if not _is_sidecar(p)] or [path])
        else:
            files.append(path)
    return files


def articles(files: list[Path]) -> list[Path]:
    """The articles among files (what worker processes prepare): all but RDF files."""
    return [p for p in files if p.suffix.lower() not in RDF_FORMATS]


def _loadable(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES | RDF_FORMATS.keys() and not path.name.startswith(".")


def _is_sidecar(path: Path) -> bool:
    return path.suffix.lower() == ".json" and any(path.with_suffix(s).is_file() for s in (".txt", ".html", ".htm"))


class Workers:
    """Worker processes for a load, started at once, and the file their shared graphs will be written to.

    The shared graphs (gazetteer, canonical entities) reach the workers in a file, not as arguments:
    spawn writes a worker's arguments into a pipe while it still holds the pipe's reading end itself,
    so a worker that died while starting would leave the load blocked for ever on arguments larger
    than the pipe holds (64 KiB; the gazetteer is more). The loader writes the file before it sends
    the first article.

    Args:
        settings: the load's settings.
        count: how many processes.
    """

    def __init__(self, settings: Settings, count: int, *, fork: bool = False) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="kg-load-")
        self.shared = Path(self._folder.name) / "shared.pickle"
        #: How the processes were started: ``fork`` or ``spawn``.
        self.method = "fork" if fork and _can_fork() else "spawn"
        context = multiprocessing.get_context(self.method)
        if self.method == "fork":
            # what this process holds now is kept for its life: the collector of a worker need not walk it, and by
            # not writing to it leaves the pages the fork shares unwritten (uncopied)
            gc.freeze()
        self.pool = ProcessPoolExecutor(count, mp_context=context, initializer=_start, initargs=(settings, self.shared))
        for _ in range(count):  # the pool starts its processes with its first tasks
            self.pool.submit(_ready)

    @classmethod
    def for_files(cls, settings: Settings, files: list[Path], *, fork: bool = False) -> Workers | None:
        """Workers for the articles among ``files``, one per core up to ``KG_WORKERS``; ``None`` for fewer than two.

        Args:
            fork: fork the workers from this process (where it can: :func:`_can_fork`), which spares each
                Python's start and the modules this process has imported already; only for a process that has
                started no thread and opened no store, as ``kg load`` when it starts them. Otherwise each is a
                fresh interpreter (spawned).
        """
        count = min(settings.workers, len(articles(files)))
        return cls(settings, count, fork=fork) if count >= 2 else None

    def close(self, *, failed: bool = False) -> None:
        """End the processes and remove the shared graphs' file.

        Args:
            failed: the load stopped on an error: end the processes now, rather than once they have warmed up
                and done what they were sent (which the error would wait for).
        """
        if failed:
            # ProcessPoolExecutor has no public way to stop its processes before Python 3.14 (terminate_workers)
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
        self.pool.shutdown(cancel_futures=failed)
        self._folder.cleanup()

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(failed=error is not None)


def _can_fork() -> bool:
    """Whether forking this process is safe: on Linux (elsewhere a system library may not survive a fork), with
    no thread but this one (a fork copies a lock another thread holds, held for ever), and before a maths library
    has started its threads (numpy, which the workers load with their thread counts set, :func:`_start`)."""
    return sys.platform == "linux" and threading.active_count() == 1 and "numpy" not in sys.modules


def _start(settings: Settings, shared: Path) -> None:
    """Set up a worker process, then load what reading and validating needs (:func:`kg.load.start_worker`)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent,), name="kg-exit-with-parent", daemon=True).start()
    # One worker runs per core: a maths library's threads within it would only contend with the other workers.
    # Set before the pipeline loads numpy; a value the user gave is kept.
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    # A worker has sent every result before it exits, and holds nothing to flush: it leaves at once rather than
    # taking its heap apart object by object (a quarter of a second, which the load would wait for).
    atexit.register(os._exit, 0)
    from kg.load import start_worker

    start_worker(settings, shared)


def _ready() -> None:
    """A worker's first task: none, but the pool starts its processes with it."""


def _exit_with_parent(parent: BaseProcess) -> None:
    """End this worker once the load that started it is gone.

    A load killed outright (SIGKILL, the out-of-memory killer) cannot stop its pool, and a worker
    waiting for its next file would wait for ever, holding a spaCy pipeline in memory. ``join``
    waits on the pipe the parent holds open (its sentinel), which the kernel closes when it dies.
    """
    parent.join()
    os._exit(1)
