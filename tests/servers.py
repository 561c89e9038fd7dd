"""Real external SPARQL servers on loopback, started by the tests: ``oxigraph serve`` and Virtuoso 7.

Each runs in a folder of its own, on free ports, and is stopped when its ``with`` block ends.
``.ci/run`` installs both (the ``oxigraph`` package from PyPI, Debian's Virtuoso Open Source 7).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import free_port, stop

#: Where a test may find Virtuoso missing, it fails instead of skipping when this is set (``.ci/run`` sets it).
REQUIRE_VIRTUOSO = bool(os.environ.get("KG_TEST_REQUIRE_VIRTUOSO"))
VIRTUOSO_ABSENT = "Virtuoso 7 (virtuoso-t, isql-vt) is not installed: apt-get install virtuoso-opensource-7-bin"


def virtuoso_installed() -> bool:
    """Whether Virtuoso's server and its SQL client are on the PATH."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


def _wait(url: str, process_alive: Callable[[], bool], log: Path, seconds: float = 60) -> None:
    """Wait until the SPARQL endpoint at ``url`` answers ``ASK {}``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.post(url, data={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if not process_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the SPARQL server at {url} did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """``oxigraph serve`` over a store in ``folder``; yields the server's root URL."""
    binary = Path(sys.executable).with_name("oxigraph")
    command = str(binary) if binary.exists() else shutil.which("oxigraph")
    if command is None:
        raise RuntimeError("the oxigraph server is not installed: pip install 'oxigraph>=0.5.10,<0.6'")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "oxigraph.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [command, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    root = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{root}/query", lambda: process.poll() is None, log)
        yield root
    finally:
        stop(process)


#: A small private Virtuoso: its files in one folder, HTTP and SQL on loopback, answers up to a million rows,
#: no cost limit on updates (the package's default refuses updates of more than about 1,400 triples).
_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 128M
ThreadsPerQuery = 2
MaxClientConnections = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[URIQA]
DefaultHost = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """A private Virtuoso 7 in ``folder``, its anonymous SPARQL user allowed to update (a test server only);
    yields its SPARQL endpoint's URL."""
    folder = folder.resolve()
    (folder / "vsp").mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = folder / "virtuoso.log"
    # +wait: the command returns once the server (which goes to the background) is online, or has failed
    started = subprocess.run(
        ["virtuoso-t", "+configfile", str(ini), "+wait"], cwd=folder, capture_output=True, text=True, timeout=120
    )
    if started.returncode != 0:
        raise RuntimeError(f"Virtuoso did not start: {started.stderr}\n{log.read_text(errors='replace')[-3000:]}")
    pid = int(next(line for line in (folder / "virtuoso.lck").read_text().splitlines() if "VIRT_PID=" in line)[9:])
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(url, lambda: _alive(pid), log)
        granted = _isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
        if "*** Error" in granted and "U0013" not in granted:  # U0013: granted already
            raise RuntimeError(f"Virtuoso refused to let SPARQL update: {granted}")
        yield url
    finally:
        _isql(sql_port, "shutdown;")
        deadline = time.monotonic() + 20
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _isql(port: int, statement: str) -> str:
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout + done.stderr


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
