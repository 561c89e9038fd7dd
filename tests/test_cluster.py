"""``kg load --scheduler``: the articles prepared on a real Dask cluster, committed here.

Each test starts a real scheduler and two real worker processes on loopback (``dask scheduler``,
``dask worker --no-nanny``: a killed worker stays dead). A cluster load leaves the store byte for
byte as a plain load does, and a worker killed in the middle of a load loses no article and
commits none twice.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.load import Loader
from kg.settings import Settings
from kg.store import Store
from kg.workers import collect
from tests.conftest import DEV, FIXTURES, ROOT, SEEDS, free_port, kg_command, stop

#: Invented articles (in the repository), and the development articles where they are here.
ANNOTATED = sorted((FIXTURES / "annotated").glob("*.txt"))
ARTICLES = [SEEDS, *ANNOTATED[:30], *([DEV] if (DEV / "gold").is_dir() else [])]


@dataclass
class Cluster:
    """A running cluster: the scheduler's address and the worker processes."""

    address: str
    workers: list[subprocess.Popen[bytes]]


@contextmanager
def cluster(folder: Path, workers: int = 2) -> Iterator[Cluster]:
    """A Dask scheduler and ``workers`` single-threaded worker processes on loopback."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    logs = [(folder / f"{name}.log").open("wb") for name in ["scheduler", *(f"worker{i}" for i in range(workers))]]
    processes = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=logs[0],
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    ]
    try:
        _wait_for_workers(address, 0, processes[0], folder / "scheduler.log")
        for i in range(workers):
            command = [
                *dask,
                "worker",
                address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            ]
            processes.append(subprocess.Popen(command, stdout=logs[i + 1], stderr=subprocess.STDOUT, cwd=folder))
        _wait_for_workers(address, workers, processes[0], folder / "scheduler.log")
        yield Cluster(address, processes[1:])
    finally:
        for process in reversed(processes):  # the workers, then the scheduler
            stop(process, 20)
        for log in logs:
            log.close()


def _wait_for_workers(address: str, count: int, scheduler: subprocess.Popen[bytes], log: Path) -> None:
    from distributed import Client

    deadline = time.monotonic() + 120
    while True:
        try:
            with Client(address, timeout=5, set_as_default=False) as client:
                if len(client.scheduler_info()["workers"]) >= count:
                    return
        except (OSError, TimeoutError):
            pass
        if scheduler.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the Dask cluster did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)


def dump(store: Path) -> str:
    result = kg_command("dump", "--format", "nq", env={"KG_STORE": str(store)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_cluster_load_leaves_the_store_byte_for_byte_as_a_plain_load(tmp_path: Path) -> None:
    paths = [str(p) for p in ARTICLES]
    plain = kg_command("load", *paths, env={"KG_STORE": str(tmp_path / "plain")})
    assert plain.returncode == 0, plain.stderr
    with cluster(tmp_path) as running:
        clustered = kg_command("load", "--scheduler", running.address, *paths, env={"KG_STORE": str(tmp_path / "c")})
    assert clustered.returncode == 0, clustered.stderr
    assert "summed over the cluster's workers" in clustered.stderr
    assert clustered.stdout.count("added") == len(collect(ARTICLES))
    assert dump(tmp_path / "c") == dump(tmp_path / "plain")


def test_a_worker_killed_mid_load_loses_no_article_and_duplicates_none(tmp_path: Path) -> None:
    files = collect(ARTICLES)
    settings = Settings.from_env({}, store=tmp_path / "store")
    with cluster(tmp_path) as running:
        victim = running.workers[0]

        class KillOnFirstCommit(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if record.getMessage().startswith("added") and victim.poll() is None:
                    os.kill(victim.pid, signal.SIGKILL)

        handler = KillOnFirstCommit()
        logger = logging.getLogger("kg.load")
        level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        try:
            with Store(settings.store) as store:
                report = Loader(store, settings).load(ARTICLES, scheduler=running.address)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        assert victim.poll() is not None, "the worker was not killed"
    assert not report.failed, [f.reason for f in report.failed]
    assert [loaded.path for loaded in report.loaded] == files, "every article committed once, in input order"
    plain = kg_command("load", *[str(p) for p in ARTICLES], env={"KG_STORE": str(tmp_path / "plain")})
    assert plain.returncode == 0, plain.stderr
    assert dump(settings.store) == dump(tmp_path / "plain")


def test_an_unreachable_scheduler_is_one_line_and_exit_3(tmp_path: Path) -> None:
    nobody = f"tcp://127.0.0.1:{free_port()}"
    result = kg_command(
        "load", "--scheduler", nobody, str(SEEDS), env={"KG_STORE": str(tmp_path / "store")}, timeout=120
    )
    assert result.returncode == 3, result.stderr
    message = result.stderr.strip().splitlines()
    assert len(message) == 1 and "cannot reach the Dask scheduler" in message[0] and nobody in message[0], message
    assert not (tmp_path / "store" / "CURRENT").exists() or dump(tmp_path / "store") == ""


@pytest.fixture(autouse=True)
def _in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
