"""Query-path benchmark: kg's endpoint against the alternatives a user would pick, side by side.

The same data (the seed article's gold graph, copied under N article ids: realistic shape,
any size) is served by

* ``kg serve`` (FastAPI, queries run by Oxigraph's engine in worker processes over a snapshot),
* ``oxigraph serve --union-default-graph`` (Oxigraph's own server, the floor),
* rdflib-endpoint 0.6 over an oxrdflib-backed rdflib Dataset (the off-the-shelf choice),

and also queried in-process with plain rdflib (an in-memory Dataset). For each, it prints the
median latency of three queries over real HTTP on loopback, and the throughput of quick queries
while another client runs slow ones (the "one slow query stalls everyone" test).

    make bench                       # default: 200 article copies (~190k quads)
    python benchmarks/run.py --copies 50 --seconds 5

Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seed.trig"
ARTICLE_ID = "0857b560a55040cf"
log = logging.getLogger("bench")

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
STATEMENTS = (ROOT / "queries" / "statements.rq").read_text(encoding="utf-8")
COUPS = (ROOT / "queries" / "coups.rq").read_text(encoding="utf-8")
QUERIES = {"count all": COUNT, "statements.rq": STATEMENTS, "coups.rq": COUPS}
QUICK = COUPS
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 150 } "
    "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 150 } { SELECT ?g WHERE { ?g ?h ?i } LIMIT 150 } }"
)
RDFLIB_ENDPOINT_APP = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
data, port = sys.argv[1], int(sys.argv[2])
ds = Dataset(store="Oxigraph", default_union=True)
ds.parse(data, format="nquads")
app = SparqlEndpoint(graph=ds, public_url=f"http://127.0.0.1:{port}/")
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""


def build_data(copies: int, folder: Path) -> Path:
    """The gold graph's article graph copied under ``copies`` article ids, plus the shared entities, the
    ontology and the gazetteer, as N-Quads."""
    template = GOLD.read_text(encoding="utf-8")
    store = ox.Store()
    for i in range(copies):
        article = f"{i:016x}" if i else ARTICLE_ID
        text = template.replace(ARTICLE_ID, article)
        text = re.sub(r"kg\.example\.org/(statement|event)/", rf"kg.example.org/\1/c{i}-", text)
        store.load(text.encode(), format=ox.RdfFormat.TRIG)
    # The ontology and gazetteer graphs `kg serve` writes at start, so every system answers over the same quads.
    from kg.load import Loader
    from kg.settings import Settings
    from kg.store import Store

    shared = Store(None)
    Loader(shared, Settings()).ensure_ontology()
    for graph in shared.named_graphs():
        store.extend(shared.quads(graph))
    path = folder / "data.nq"
    store.dump(str(path), format=ox.RdfFormat.N_QUADS)
    log.info("data: %d copies, %d quads", copies, len(store))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(command: list[str], port: int, probe: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a server process, wait until ``probe`` answers, yield its base URL, stop it.

    Its output goes to a file, not a pipe: a server that logs every request (``kg serve`` does) would
    stall once a pipe nobody reads is full."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the server stops)
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=output, env={**os.environ, **(env or {})}, cwd=ROOT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    try:
        while True:
            try:
                if httpx.get(url + probe, timeout=5).status_code < 500:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None:
                output.seek(0)
                raise RuntimeError(f"{command[0]} exited: {output.read().decode(errors='replace')[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        output.close()


def http_query(endpoint: str, query: str, timeout: float = 300) -> Callable[[], None]:
    def run() -> None:
        response = httpx.get(
            endpoint, params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=timeout
        )
        response.raise_for_status()
        response.json()

    return run


def median_seconds(run: Callable[[], None], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mixed_throughput(endpoint: str, seconds: float) -> tuple[float, int]:
    """Quick queries per second from 2 clients while a third keeps sending slow queries."""
    stop = threading.Event()
    quick_done = [0, 0]
    slow_done = [0]

    def quick(slot: int) -> None:
        while not stop.is_set():
            try:
                http_query(endpoint, QUICK, timeout=seconds + 60)()
                quick_done[slot] += 1
            except httpx.HTTPError:
                return

    def slow() -> None:
        while not stop.is_set():
            try:
                http_query(endpoint, SLOW, timeout=seconds + 300)()
                slow_done[0] += 1
            except httpx.HTTPError:
                return

    threads = [threading.Thread(target=slow)] + [threading.Thread(target=quick, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=600)
    return sum(quick_done) / seconds, slow_done[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=200, help="article copies in the data (default 200)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (median reported)")
    parser.add_argument("--seconds", type=float, default=10, help="length of the mixed-throughput run")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        data = build_data(args.copies, work)
        kg_store, ox_store = work / "kg-store", work / "ox-store"
        for location in (kg_store, ox_store):
            store = ox.Store(str(location))
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
            store.flush()
            del store
        bin_dir = Path(sys.executable).parent
        oxigraph = shutil.which("oxigraph", path=str(bin_dir)) or shutil.which("oxigraph")
        if oxigraph is None:
            raise SystemExit("the oxigraph server is missing: pip install -e '.[bench]'")

        rows: dict[str, dict[str, str]] = {}
        ports = {name: free_port() for name in ("kg", "oxigraph", "rdflib-endpoint")}
        servers = {
            "kg serve": ([sys.executable, "-m", "kg.cli", "-q", "serve", "--store", str(kg_store), "--port", str(ports["kg"])], ports["kg"], "/health", "/sparql"),
            "oxigraph serve": ([oxigraph, "serve-read-only", "--location", str(ox_store), "--bind", f"127.0.0.1:{ports['oxigraph']}", "--union-default-graph"], ports["oxigraph"], "/query?query=ASK%7B%7D", "/query"),
            "rdflib-endpoint + oxrdflib": ([sys.executable, "-c", RDFLIB_ENDPOINT_APP, str(data), str(ports["rdflib-endpoint"])], ports["rdflib-endpoint"], "/?query=ASK%7B%7D", "/"),
        }  # fmt: skip
        for name, (command, port, probe, path) in servers.items():
            log.info("%s: starting", name)
            # kg keeps answers until the next commit: off here, so that every query runs, as on the others
            with server(command, port, probe, env={"KG_QUERY_CACHE_MB": "0"}) as url:
                endpoint = url + path
                row = rows.setdefault(name, {})
                for label, query in QUERIES.items():
                    seconds = median_seconds(http_query(endpoint, query), args.repeat)
                    row[label] = f"{seconds * 1000:,.1f} ms"
                    log.info("  %-16s %s", label, row[label])
                qps, slow = mixed_throughput(endpoint, args.seconds)
                row["mixed q/s"] = f"{qps:,.1f} ({slow} slow)"
                log.info("  mixed: %s", row["mixed q/s"])

        log.info("plain rdflib: loading")
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(str(data), format="nquads")
        row = rows.setdefault("plain rdflib (in-process)", {})
        for label, query in QUERIES.items():

            def run(q: str = query) -> None:
                list(dataset.query(q))

            row[label] = f"{median_seconds(run, max(1, args.repeat // 2)) * 1000:,.1f} ms"
        row["mixed q/s"] = "n/a"

        columns = [*QUERIES, "mixed q/s"]
        print(f"\n{args.copies} article copies; median of {args.repeat} runs over HTTP on loopback")
        print("| system | " + " | ".join(columns) + " |")
        print("|---|" + "---:|" * len(columns))
        for name, row in rows.items():
            print(f"| {name} | " + " | ".join(row.get(c, "") for c in columns) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
