"""Scale benchmark: the endpoint and the store as the graph grows, against the alternatives, side by side.

For each size (default 200k, 1M and 5M quads) it generates a realistic graph in kg's ontology
(``generate.py``: invented articles mapped by kg itself, with the ontology, gazetteer and resolution
graphs), bulk-loads the same quads into a kg store and an Oxigraph store, and serves them three ways:

* ``kg serve`` (FastAPI; queries run by Oxigraph's engine in worker processes over a snapshot), as it
  runs by default, keeping answers until the next commit, and with that cache off (``KG_QUERY_CACHE_MB=0``:
  every query runs, the like-for-like comparison with the engine alone),
* ``oxigraph serve-read-only --union-default-graph`` (Oxigraph's own server: the floor),
* rdflib-endpoint over an oxrdflib-backed rdflib ``Dataset`` (the off-the-shelf choice; only up to
  ``--rdflib-max`` quads, as it loads everything into memory first; one cold run of each query, as
  its queries take seconds to minutes, under ``--rdflib-timeout``).

It prints, per size and system: the latency (p50 and p99 over ``--repeat`` runs, and the first run) of every
competency query in ``queries/`` (those that call Wikidata are left out), the throughput of 8
clients sending the mix for ``--seconds``, and for kg the store's size on disk and the peak
memory and time of ``kg load`` of the sample article into a store of that size.

    python benchmarks/scale.py                                # 200k, 1M, 5M
    python benchmarks/scale.py --sizes 200000 --seconds 10    # one size, quicker

Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))
from generate import write_nquads  # noqa: E402
from load import folder_size  # noqa: E402
from run import RDFLIB_ENDPOINT_APP, free_port, server  # noqa: E402

ROOT = _HERE.parent
log = logging.getLogger("bench.scale")

#: The competency queries, but those that call Wikidata (a SERVICE): the same mix on every system.
MIX = {
    path.stem: path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "queries").glob("*.rq"))
    if "SERVICE" not in path.read_text(encoding="utf-8")
}
CLIENTS = 8


def query_once(client: httpx.Client, endpoint: str, query: str) -> float:
    """One query over HTTP, its answer read in full; seconds taken."""
    started = time.perf_counter()
    answer = client.post(endpoint, data={"query": query}, headers={"accept": "application/sparql-results+json"})
    answer.raise_for_status()
    answer.read()
    return time.perf_counter() - started


def latencies(endpoint: str, repeat: int, timeout: float, warm: bool = True) -> dict[str, tuple[float, float, float]]:
    """Each query of the mix run once, then ``repeat`` times more: (p50, p99, first run) in seconds, or infinity
    when it failed or ran past ``timeout``. ``warm=False``: the first run alone."""
    found: dict[str, tuple[float, float, float]] = {}
    failed = float("inf")
    with httpx.Client(timeout=timeout) as client:
        for name, query in MIX.items():
            try:
                first = query_once(client, endpoint, query)
                times = sorted(query_once(client, endpoint, query) for _ in range(repeat)) if warm else [first]
            except httpx.HTTPError as exc:
                log.warning("  %s: %s", name, exc)
                found[name] = (failed, failed, failed)
                continue
            p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
            found[name] = (statistics.median(times), p99, first)
            log.info(
                "  %-24s p50 %7.1f ms  p99 %7.1f ms  first %7.1f ms",
                name,
                found[name][0] * 1000,
                p99 * 1000,
                first * 1000,
            )
    return found


def throughput(endpoint: str, seconds: float, timeout: float) -> float:
    """Answers per second that ``CLIENTS`` clients get, each sending the mix in its own shuffled order (a query
    past the time limit counts as no answer, and the client goes on)."""
    stop = threading.Event()
    done = [0] * CLIENTS

    def client_loop(slot: int) -> None:
        order = list(MIX.values())
        random.Random(slot).shuffle(order)
        with httpx.Client(timeout=timeout) as client:
            while not stop.is_set():
                for query in order:
                    if stop.is_set():
                        return
                    try:
                        query_once(client, endpoint, query)
                    except httpx.HTTPError:  # past the time limit, or refused: counts as no answer
                        continue
                    done[slot] += 1

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=timeout + 60)
    return sum(done) / seconds


def load_into(store: Path) -> tuple[float, float]:
    """``kg load`` of the sample article into a copy of a store: (seconds, peak MiB of its processes)."""
    copy = store.with_name(store.name + "-load")
    shutil.copytree(store, copy)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = [sys.executable, "-m", "kg.cli", "-q", "load", "--store", str(copy), "--no-progress", str(ROOT / "seeds")]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ, "KG_WORKERS": "1"})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        log.warning("kg load failed: %s", done.stderr[-500:])
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    shutil.rmtree(copy, ignore_errors=True)
    return seconds, peak


def bench_size(quads: int, args: argparse.Namespace, work: Path) -> list[str]:
    """The table rows of one size."""
    data = work / f"data-{quads}.nq"
    started = time.perf_counter()
    written = write_nquads(data, quads, seed=0)
    log.info("%d quads generated in %.0f s", written, time.perf_counter() - started)
    kg_store, ox_store = work / f"kg-{quads}", work / f"ox-{quads}"
    for location in (kg_store, ox_store):
        store = ox.Store(str(location))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store.optimize()
        store.flush()
        del store
    load_seconds, load_peak = load_into(kg_store)
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if oxigraph is None:
        raise SystemExit("the oxigraph server is missing: pip install -e '.[bench]'")
    ports = {name: free_port() for name in ("kg", "ox", "rdflib")}
    kg = [sys.executable, "-m", "kg.cli", "-q", "serve", "--store", str(kg_store), "--port", str(ports["kg"])]
    bind = f"127.0.0.1:{ports['ox']}"
    raw = [oxigraph, "serve-read-only", "--location", str(ox_store), "--bind", bind, "--union-default-graph"]
    env = {"KG_QUERY_TIMEOUT": str(args.timeout), "KG_MAX_RESULT_MB": "512"}
    systems: dict[str, tuple[list[str], int, str, str, dict[str, str]]] = {
        "kg serve": (kg, ports["kg"], "/health", "/sparql", env),
        "kg serve, no cache": (kg, ports["kg"], "/health", "/sparql", {**env, "KG_QUERY_CACHE_MB": "0"}),
        "oxigraph serve": (raw, ports["ox"], "/query?query=ASK%7B%7D", "/query", env),
    }
    if quads <= args.rdflib_max:
        command = [sys.executable, "-c", RDFLIB_ENDPOINT_APP, str(data), str(ports["rdflib"])]
        systems["rdflib-endpoint"] = (command, ports["rdflib"], "/?query=ASK%7B%7D", "/", env)
    results: dict[str, tuple[dict[str, tuple[float, float, float]], float]] = {}
    for name, (command, port, probe, path, environment) in systems.items():
        log.info("%s over %d quads", name, written)
        with server(command, port, probe, env=environment) as url:
            slow = name == "rdflib-endpoint"  # minutes per query at these sizes: one cold run each, a shorter limit
            timeout = args.rdflib_timeout if slow else args.timeout
            found = latencies(url + path, 1 if slow else args.repeat, timeout, warm=not slow)
            qps = throughput(url + path, args.seconds, timeout)
            log.info("  %d clients: %.1f queries/s", CLIENTS, qps)
            results[name] = (found, qps)
    rows = []
    floor = results["oxigraph serve"][1]
    for name, (found, qps) in results.items():
        worst = max(found.items(), key=lambda item: item[1][1])
        coldest = max(found.items(), key=lambda item: item[1][2])
        over = sum(1 for v in found.values() if v[1] >= 1)
        p50 = statistics.median(v[0] for v in found.values())
        ratio = f"{qps / floor:.2f}×" if floor else "–"
        rows.append(
            f"| {written:,} | {name} | {_ms(p50)} | {_ms(worst[1][1])} ({worst[0]}) | {over} | "
            f"{_ms(coldest[1][2])} ({coldest[0]}) | {qps:,.1f} | {ratio} |"
        )
    size = folder_size(kg_store) / 1e6
    rows.append(
        f"| {written:,} | kg store | {size:,.0f} MB on disk | kg load of the sample: {load_seconds:.1f} s, "
        f"peak {load_peak:,.0f} MiB | | | | |"
    )
    if "rdflib-endpoint" in results and results["rdflib-endpoint"][1]:
        times = results["kg serve"][1] / results["rdflib-endpoint"][1]
        rows.append(f"| {written:,} | kg / rdflib-endpoint | | | | | {times:,.1f}× | |")
    per_query = ["", f"{written:,} quads, p50 / p99 / first run per query:"]
    per_query.append("| query | " + " | ".join(results) + " |")
    per_query.append("|---|" + "---:|" * len(results))
    for query in MIX:
        cells = [" / ".join(_ms(t) for t in found[query]) for found, _ in results.values()]
        per_query.append(f"| {query} | " + " | ".join(cells) + " |")
    return rows + per_query


def _ms(seconds: float) -> str:
    return "failed or timed out" if seconds == float("inf") else f"{seconds * 1000:,.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200000,1000000,5000000", help="quads, comma-separated")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query for p50/p99 (default 20)")
    parser.add_argument("--seconds", type=float, default=20, help="length of the 8-client run (default 20)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a query may take (default 120)")
    parser.add_argument("--rdflib-max", type=int, default=1_000_000, help="largest size served by rdflib-endpoint")
    parser.add_argument("--rdflib-timeout", type=float, default=60, help="seconds an rdflib-endpoint query may take")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-scale-"))
    table: list[str] = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            rows = bench_size(size, args, work)
            table.extend(rows)
            print("\n".join(rows), flush=True)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = (
        "| quads | system | p50 of the mix | worst p99 | queries with p99 ≥ 1 s | slowest first run | 8 clients, q/s "
        "| vs oxigraph |\n|---|---|---:|---:|---:|---:|---:|---:|"
    )
    print(f"\n{CLIENTS} clients; p50/p99 over {args.repeat} runs of each query; {args.seconds:g} s of throughput\n")
    print(header)
    print("\n".join(line for line in table if line.startswith("| ") and "quads," not in line and "query |" not in line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
