"""Load benchmark: ``kg load`` against spaCy's pipeline alone, on the same article texts, side by side.

``kg load`` reads, extracts, validates and commits each article; spaCy alone only parses. Both run
as fresh processes with the same number of worker processes, model loading included, so the ratio
says what the rest of the pipeline costs on top of parsing. It also prints ``kg load``'s own time by
stage, its peak memory, and the size of the store it wrote.

    python benchmarks/load.py ARTICLES... [--workers 2] [--repeat 3]

Articles are folders or files, as ``kg load`` takes them (``.txt`` with their ``.json`` sidecars,
``.json``, ``.html``). Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("bench.load")

#: spaCy alone: the model kg uses, loaded and run over the texts with ``n_process`` processes.
SPACY_ONLY = """
import sys, spacy
from pathlib import Path
from kg.extract.nlp import model_name
from kg.workers import collect
from kg.read import read_article
texts = [read_article(p).text for p in collect(Path(a) for a in sys.argv[2:])]
nlp = spacy.load(model_name())
docs = list(nlp.pipe(texts, n_process=int(sys.argv[1]), batch_size=4))
print(len(docs), sum(len(d) for d in docs))
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str, int]:
    """Run a command; its wall time in seconds, its standard error, and the peak memory (KiB) of its processes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:3])}… failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return seconds, done.stderr, peak


def folder_size(path: Path) -> int:
    """Bytes of the files under a folder."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="+", type=Path, help="article files or folders")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for both (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is shown (default 3)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    env = {**os.environ, "KG_WORKERS": str(args.workers), "PYTHONWARNINGS": "ignore"}
    from kg.workers import collect

    articles = collect(args.articles)
    paths = [str(p) for p in args.articles]
    spacy_runs, kg_runs, stages, peak, size = [], [], "", 0, 0
    for run in range(args.repeat):
        seconds, _err, _peak = timed([sys.executable, "-c", SPACY_ONLY, str(args.workers), *paths], env)
        spacy_runs.append(seconds)
        with tempfile.TemporaryDirectory(prefix="kg-bench-load-") as folder:
            store = Path(folder) / "store"
            command = [sys.executable, "-m", "kg.cli", "load", "--store", str(store), "--no-progress", *paths]
            seconds, err, peak = timed(command, env)
            kg_runs.append(seconds)
            found = re.search(r"time by stage: (.*)", err)
            stages = found.group(1) if found else "(not reported)"
            size = folder_size(store)
        log.info("run %d: spaCy alone %.2f s, kg load %.2f s", run + 1, spacy_runs[-1], kg_runs[-1])
    spacy_s, kg_s = statistics.median(spacy_runs), statistics.median(kg_runs)
    print(f"\n{len(articles)} articles, {args.workers} worker processes, median of {args.repeat} runs\n")
    print(f"{'':28}{'seconds':>9}{'articles/s':>12}")
    print(f"{'spaCy alone (parse only)':28}{spacy_s:9.2f}{len(articles) / spacy_s:12.2f}")
    print(f"{'kg load (read → commit)':28}{kg_s:9.2f}{len(articles) / kg_s:12.2f}")
    print(f"\nkg load / spaCy alone: {kg_s / spacy_s:.2f}×")
    print(f"kg load time by stage (last run): {stages}")
    print(f"peak memory of one kg process: {peak / 1024:.0f} MiB; store on disk: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
