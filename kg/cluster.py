"""Loading on a Dask distributed cluster: ``kg load --scheduler tcp://host:8786``.

The cluster's workers read, extract, map and validate the articles; this process commits each
validated graph to the store (local or remote), in input order, as a plain load does, so the
store ends up exactly as a plain load leaves it. RDF files, which may change the shared graphs
every article is validated with, are prepared here.

Each worker keeps one loader (the spaCy pipeline, the shapes) for as long as the shared graphs
it was given stay the same, so the cost of starting is paid once per worker, not per article.
A worker runs one article at a time whatever its number of threads (the extractor is not made
for threads): start workers with ``--nthreads 1`` and as many processes as cores.

The workers read the files by their absolute names here, and the shapes and ontology this kg
names: they need the same files (the same machine, or a shared file system).

Dask hands the articles of a worker that dies to the others, up to its ``allowed-failures``
(3 by default); an article that kills every worker it is given is rejected with that reason.
A result is taken once, so an article run twice is still committed once.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.store import Store

if TYPE_CHECKING:
    from kg.load import Loader, _Outcome
    from kg.settings import Settings


class SchedulerError(KgError):
    """The Dask scheduler cannot be reached, or Dask is not installed."""

    exit_code = 3


def prepared_on_cluster(
    loader: Loader, files: list[Path], articles: list[Path], address: str
) -> Iterator[tuple[Path, _Outcome]]:
    """Each file prepared (read, extracted, mapped, validated), in input order: articles on the cluster.

    Args:
        loader: the loader that commits (its shared graphs go to the workers).
        files: every file of the batch, in input order.
        articles: the files the workers prepare.
        address: the scheduler's address (``tcp://host:8786``).

    Raises:
        SchedulerError: Dask's ``distributed`` is not installed, or the scheduler does not answer.
    """
    try:
        from distributed import Client
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker
    except ImportError:
        raise SchedulerError("kg load --scheduler needs Dask: pip install 'kg[cluster]'") from None
    from kg.load import _size

    try:
        client = Client(address, timeout=30, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        shared = pickle.dumps({g: loader._current_lines(g) for g in sorted(loader.shared_names)})
        key = hashlib.sha256(shared + pickle.dumps(loader.settings)).hexdigest()[:16]
        (graphs,) = client.scatter([shared], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
        # the longest articles first (a higher priority runs sooner), so that no long one is left to the end
        futures = {
            path: client.submit(
                _prepare_on_worker, path.resolve(), loader.settings, key, graphs, priority=_size(path), pure=False
            )
            for path in articles
        }
        for path in files:
            if path not in futures:
                yield path, loader._prepare_one(path)
                continue
            result: Any
            try:
                result = futures.pop(path).result()
            except (KilledWorker, FutureCancelledError) as exc:
                result = KgError(f"{path}: not loaded: the cluster's workers died extracting it ({exc})")
            except Exception as exc:  # a worker that cannot import kg, a lost connection: this file, not the batch
                result = KgError(f"{path}: not loaded: the cluster failed on it ({type(exc).__name__}: {exc})")
            yield path, result


#: The loader of this worker, for the shared graphs whose key it holds.
_loaders: dict[str, Loader] = {}
_lock = threading.Lock()


def _prepare_on_worker(path: Path, settings: Settings, key: str, shared: bytes) -> _Outcome:
    """On a worker: prepare one article with this worker's loader (made on first use, for these shared graphs)."""
    from kg.load import Loader, sendable

    with _lock:
        loader = _loaders.get(key)
        if loader is None:
            store = Store(None)
            store.replace_graphs(pickle.loads(shared))
            loader = Loader(store, settings)
            _loaders.clear()
            _loaders[key] = loader
        return sendable(loader._prepare_one(path))
