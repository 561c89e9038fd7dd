"""Shared fixtures: real stores on disk, real seed files, a real server on loopback."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from kg.load import Loader
from kg.settings import Settings
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TXT = SEEDS / "000_ce45e1c8aef7f2ba.txt"
#: Short invented articles (no real news text), for tests that need a few quick ones.
INVENTED = sorted((FIXTURES / "articles").glob("*.txt"))

#: The development articles: other people's news copy with gold annotations, kept outside the
#: repository. Tests that read them are skipped, with this reason, where the folder is absent.
DEV = ROOT.parent / "shared" / "articles-dev"
DEV_ABSENT = "the development articles (../shared/articles-dev) are not here"
#: The eight development articles the rules were first written against.
DEV_ORIGINALS = (
    "ap-france-to-withdraw-troops-from-mali",
    "bloomberg-mali-denies-wagner-deployment",
    "naija247-au-condemns-gabon-coup",
    "reuters-ecowas-sanctions-mali",
    "rhc-niger-officers-depose-bazoum",
    "rt-car-confirms-wagner-contract",
    "tass-burkina-military-ousts-kabore",
    "tass-lavrov-mali-asked-russian-pmc",
)
needs_dev = pytest.mark.skipif(not (DEV / "gold").is_dir(), reason=DEV_ABSENT)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh, empty store folder."""
    return Settings.from_env({}, store=tmp_path / "store")


@pytest.fixture(scope="session")
def seeded_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store loaded once with the seeds (copy it before writing to it)."""
    path = tmp_path_factory.mktemp("seeded") / "store"
    settings = Settings.from_env({}, store=path)
    with Store(path) as store:
        report = Loader(store, settings).load([SEEDS])
    assert report.ok, [f.reason for f in report.failed]
    return path


@pytest.fixture
def seeded_settings(seeded_store_dir: Path, tmp_path: Path) -> Settings:
    """Settings on a private copy of the seeded store."""
    copy = tmp_path / "store"
    shutil.copytree(seeded_store_dir, copy)
    for lock in copy.rglob("LOCK"):
        lock.unlink()
    return Settings.from_env({}, store=copy)


@pytest.fixture(scope="session")
def dev_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store loaded once with the seeds and the eight original development articles (copy it before writing)."""
    if not (DEV / "gold").is_dir():
        pytest.skip(DEV_ABSENT)
    path = tmp_path_factory.mktemp("dev") / "store"
    settings = Settings.from_env({}, store=path)
    with Store(path) as store:
        report = Loader(store, settings).load([SEEDS, *(DEV / f"{name}.txt" for name in DEV_ORIGINALS)])
    assert report.ok, [f.reason for f in report.failed]
    return path


@pytest.fixture
def dev_settings(dev_store_dir: Path, tmp_path: Path) -> Settings:
    """Settings on a private copy of the store with the seeds and the original development articles."""
    return Settings.from_env({}, store=copy_store(dev_store_dir, tmp_path / "store"))


def free_port() -> int:
    """A TCP port free on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def kg_command(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real ``kg`` command line in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=input,
        timeout=timeout,
        cwd=ROOT,
    )


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a store folder (without the lock file of the process that wrote it)."""
    shutil.copytree(source, target)
    for lock in target.rglob("LOCK"):
        lock.unlink()
    return target


@contextmanager
def serving(store: Path | str, log: Path, env: dict[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """``kg serve`` on loopback over ``store``, its output in ``log``; yields its base URL once it answers."""
    port = port or free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], seconds: float = 15) -> None:
    """Stop a server process: asked to end, then killed if it has not within ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def server(seeded_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kg serve`` running on loopback over a copy of the seeded store; yields its base URL."""
    folder = tmp_path_factory.mktemp("served")
    with serving(copy_store(seeded_store_dir, folder / "store"), folder / "serve.log") as url:
        yield url


class Listener:
    """A real HTTP server on loopback that answers from a function and records every request.

    Stands in for an online service (Wikidata's API, a remote SPARQL endpoint) so that tests never
    call the live one; ``requests`` tells whether, and how, it was contacted.
    """

    def __init__(self, answer: Callable[[str, str, dict[str, str], bytes], tuple[int, str, bytes]]) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.times: list[float] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                listener.requests.append((self.command, self.path, headers, body))
                listener.times.append(time.monotonic())
                status, media, payload = answer(self.command, self.path, headers, body)
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _handle

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
