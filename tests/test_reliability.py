"""Reliability: loads that never half-happen, on the real store and the real ``kg`` command.

- Every kind of bad input is refused by ``kg load`` with one line naming the file and the reason, a
  non-zero exit, and the store exactly as it was (its N-Quads compared before and after).
- A folder with bad files among good ones loads the good ones; the summary names each bad file and why.
- SIGKILL in the middle of a batch leaves a store that opens and validates and holds whole articles
  only, each with the quads a clean load of the same file writes; loading the batch again completes
  it, each article once.
- A writer killed in the middle of a large transaction leaves the graph as it was before or after.
- The worker processes of a parallel load end with it; a worker killed mid-batch costs a summary
  line for each file it took down, not a traceback.

The fault tests load a handful of short articles and run in seconds.
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import pytest

from kg.load import Loader
from kg.map import Iris
from kg.read import read_article
from kg.settings import DEFAULT_BASE_IRI, Settings
from kg.store import Store

from .conftest import FIXTURES, INVENTED, ROOT, kg_command

#: Short invented articles; the batch holds copies of each under other URLs, hence other ids and graphs.
BASES = tuple(INVENTED)
COPIES = 2
#: The SIGKILL lands as this commit of the batch begins: earlier ones are in, later ones never started.
KILL_AT = 3
IRIS = Iris(DEFAULT_BASE_IRI)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
STORY = BASES[0].read_bytes()


@dataclass(frozen=True)
class Batch:
    """A folder of articles and a clean load of it.

    Attributes:
        folder: the articles (``.txt`` with a ``.json`` sidecar each).
        graphs: each article file → the named graph a load writes it to.
        store: a fresh store the folder was loaded into, closed.
        quads: every graph of that store → its triples (sorted N-Triples lines).
    """

    folder: Path
    graphs: dict[Path, str]
    store: Path
    quads: dict[str, list[str]]


def env(store: Path, *, workers: int = 1) -> dict[str, str]:
    """The environment of a ``kg`` child process, spelled out so that the caller's own cannot leak in."""
    return {
        "KG_STORE": str(store),
        "KG_WORKERS": str(workers),
        "KG_MAX_ARTICLE_MB": "10",
        "KG_BASE_IRI": DEFAULT_BASE_IRI,
        "KG_LINKS": str(Settings().links),
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    folder = tmp_path_factory.mktemp("batch")
    for copy in range(COPIES):
        for seed in BASES:
            meta = json.loads(seed.with_suffix(".json").read_text(encoding="utf-8"))
            meta["url"] = f"{meta['url']}{'&' if '?' in meta['url'] else '?'}copy={copy}"
            shutil.copy(seed, folder / f"copy{copy}-{seed.name}")
            (folder / f"copy{copy}-{seed.stem}.json").write_text(json.dumps(meta), encoding="utf-8")
    store = tmp_path_factory.mktemp("reference") / "store"
    settings = Settings.from_env(env(store))
    with Store(store) as reference:
        report = Loader(reference, settings).load([folder])
        assert report.ok, [f.reason for f in report.failed]
        quads = {name: reference.graph_lines(name) for name in reference.named_graphs()}
    graphs = {path: str(IRIS.article_graph(read_article(path).id)) for path in sorted(folder.glob("*.txt"))}
    assert len(set(graphs.values())) == len(BASES) * COPIES, "every copy must be its own article"
    assert set(graphs.values()) <= quads.keys()
    return Batch(folder, graphs, store, quads)


def snapshot(store: Path) -> list[bytes]:
    """Every quad of a store on disk, as sorted N-Quads lines."""
    with Store(store, read_only=True) as opened:
        out = io.BytesIO()
        opened.dump(out)
    return sorted(out.getvalue().splitlines())


def copy_of(store: Path, tmp_path: Path) -> Path:
    """A private copy of a closed store (its stale LOCK file included: the lock is the process's, not the file)."""
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    return copy


# -- bad input --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """One kind of bad input.

    Attributes:
        files: what to write, relative to the test's input folder.
        load: the path given to ``kg load``, relative to the same folder.
        named: the file the message must name.
        reason: words the message must hold.
    """

    files: dict[str, bytes]
    load: str
    named: str
    reason: str


def story_with_sidecar(sidecar: str) -> dict[str, bytes]:
    return {"a.txt": STORY, "a.json": sidecar.encode("utf-8")}


BAD_INPUTS: dict[str, Bad] = {
    "empty-file": Bad({"empty.txt": b""}, "empty.txt", "empty.txt", "is empty"),
    "blank-file": Bad({"blank.txt": b" \n\n\t\n"}, "blank.txt", "blank.txt", "is empty"),
    "binary-file": Bad({"image.txt": PNG}, "image.txt", "image.txt", "is a binary file"),
    "utf-16-file": Bad(
        {"wide.txt": "Title\n\nThe story.".encode("utf-16")}, "wide.txt", "wide.txt", "is UTF-16 text, not UTF-8"
    ),
    "invalid-utf-8": Bad(
        {"latin1.txt": "Titre\n\nLe café de Bamako.".encode("latin-1")},
        "latin1.txt",
        "latin1.txt",
        "is not UTF-8 text (invalid byte 0xe9 on line 3",
    ),
    "sidecar-date-of-wrong-type": Bad(
        story_with_sidecar('{"published": 20220107}'),
        "a.txt",
        "a.json",
        "field 'published': must be a string or null, not int",
    ),
    "sidecar-title-of-wrong-type": Bad(
        story_with_sidecar('{"title": ["Coup", "in Burkina"]}'),
        "a.txt",
        "a.json",
        "field 'title': must be a string or null, not list",
    ),
    "sidecar-impossible-date": Bad(
        story_with_sidecar('{"published": "2022-02-30"}'),
        "a.txt",
        "a.json",
        "field 'published': must be a real date as YYYY-MM-DD, not '2022-02-30'",
    ),
    "sidecar-date-in-the-future": Bad(
        story_with_sidecar('{"published": "2999-01-01"}'),
        "a.txt",
        "a.json",
        "field 'published': '2999-01-01' is in the future: it cannot be the publication date",
    ),
    "sidecar-url-that-cannot-be-split": Bad(
        story_with_sidecar('{"url": "http://[not-an-address/story"}'),
        "a.txt",
        "a.json",
        "field 'url': must be an absolute http(s) URL",
    ),
    "sidecar-not-json": Bad(story_with_sidecar("{published: 2022}"), "a.txt", "a.json", "is not valid JSON"),
    "json-with-half-a-surrogate-pair": Bad(
        {"cut.json": b'{"text": "A story \\ud83d cut in the middle of a character."}'},
        "cut.json",
        "cut.json",
        "field 'text': holds an unpaired surrogate \\ud83d",
    ),
    "json-nested-too-deeply": Bad({"deep.json": b"[" * 100_000}, "deep.json", "deep.json", "nest too deeply"),
    "html-with-no-story": Bad(
        {"page.html": b"<html><body><nav>Home World</nav><footer>Cookies</footer></body></html>"},
        "page.html",
        "page.html",
        "is an HTML page with no story text",
    ),
    "rdf-violating-the-shapes": Bad(
        {"coup.ttl": (FIXTURES / "rdf" / "coup-without-country.ttl").read_bytes()},
        "coup.ttl",
        "coup.ttl",
        "1 SHACL violation(s): <https://kg.example.org/event/test-coup-no-country> "
        "<https://kg.example.org/ontology#country>",
    ),
    "missing-file": Bad({}, "nowhere.txt", "nowhere.txt", "no such file or folder"),
    "missing-folder": Bad({}, "nowhere", "nowhere", "no such file or folder"),
    "folder-with-nothing-to-load": Bad(
        {"notes/readme.md": b"# notes\n"}, "notes", "notes", "is a folder with no article or RDF file in it"
    ),
}


def rejections(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("rejected  ")]


def assert_refused(result: subprocess.CompletedProcess[str], named: Path, reason: str) -> None:
    """One rejection, naming the file and the reason, exit 1, nothing written."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    [line] = rejections(result.stderr)
    assert line.startswith(f"rejected  {named}: "), f"the message must name {named}: {line}"
    assert reason in line, f"expected {reason!r} in {line!r}"
    assert "0 loaded, 1 rejected" in result.stderr and "(+0)" in result.stderr, result.stderr


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_naming_the_file_and_the_store_is_unchanged(
    batch: Batch, tmp_path: Path, case: str
) -> None:
    bad = BAD_INPUTS[case]
    folder = tmp_path / "input"
    folder.mkdir()
    for name, content in bad.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    store = copy_of(batch.store, tmp_path)
    before = snapshot(store)
    result = kg_command("load", "--no-progress", str(folder / bad.load), env=env(store))
    assert_refused(result, folder / bad.named, bad.reason)
    assert snapshot(store) == before


def test_a_50_mb_text_is_refused_over_the_default_limit(batch: Batch, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    size = 50 * 1024 * 1024
    chunk = b"Soldiers said on Friday that they had taken the capital. " * 16_384
    with huge.open("wb") as out:
        out.write(b"Headline\n\n")
        while out.tell() < size:
            out.write(chunk)
        out.truncate(size)
    store = copy_of(batch.store, tmp_path)
    before = snapshot(store)
    result = kg_command("load", "--no-progress", str(huge), env=env(store))
    assert_refused(result, huge, "is 50 MiB, over the 10 MiB limit for an article")
    assert snapshot(store) == before


def test_a_folder_with_bad_files_among_good_ones_loads_the_good_ones(batch: Batch, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = sorted(batch.graphs)[:2]
    for path in good:
        shutil.copy(path, folder / path.name)
        shutil.copy(path.with_suffix(".json"), folder / path.with_suffix(".json").name)
    (folder / "broken.txt").write_bytes(PNG)
    (folder / "dated.txt").write_bytes(STORY)
    (folder / "dated.json").write_text('{"published": "2022-02-30"}', encoding="utf-8")
    store = tmp_path / "store"
    result = kg_command("load", "--no-progress", str(folder), env=env(store))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert sorted(line.split()[1] for line in result.stdout.splitlines() if line.startswith("added")) == [
        str(folder / path.name) for path in good
    ]
    assert rejections(result.stderr) == [
        f"rejected  {folder / 'broken.txt'}: is a binary file, not text (it contains NUL bytes)",
        f"rejected  {folder / 'dated.json'}: field 'published': must be a real date as YYYY-MM-DD, not '2022-02-30'",
    ]
    assert "2 loaded, 2 rejected" in result.stderr, result.stderr
    with Store(store, read_only=True) as opened:
        articles = [g for g in opened.named_graphs() if g.startswith(f"{IRIS.base}graph/article/")]
        assert sorted(articles) == sorted(batch.graphs[path] for path in good)
        for graph in articles:
            assert opened.graph_lines(graph) == batch.quads[graph], f"{graph} differs from a clean load"


def test_a_load_that_commits_nothing_writes_nothing_not_even_a_newer_gazetteer(batch: Batch, tmp_path: Path) -> None:
    """Regression: the ontology and gazetteer were refreshed before the files were read, so a batch of
    rejected files still changed a store whose gazetteer was older than kg's."""
    store = copy_of(batch.store, tmp_path)
    gazetteer = str(IRIS.gazetteer_graph)
    with Store(store) as opened:
        older = opened.graph_lines(gazetteer)[1:]  # the gazetteer of an older kg: one triple fewer
        opened.replace_graphs({gazetteer: older})
    before = snapshot(store)
    result = kg_command("load", "--no-progress", str(tmp_path / "nowhere.txt"), env=env(store))
    assert_refused(result, tmp_path / "nowhere.txt", "no such file or folder")
    assert snapshot(store) == before
    settings = Settings.from_env(env(store))
    with Store(store) as opened:  # the first file committed brings the current gazetteer with it
        assert Loader(opened, settings).load([sorted(batch.graphs)[0]]).ok
        current = Store()
        Loader(current, settings).ensure_ontology()
        assert opened.graph_lines(gazetteer) == current.graph_lines(gazetteer) != older


def test_control_characters_in_an_article_become_spaces_and_xml_results_parse(batch: Batch, tmp_path: Path) -> None:
    """Regression: a control character in a story was stored as is, and SPARQL XML results and
    RDF/XML holding it were not well-formed XML."""
    path = tmp_path / "ctrl.txt"
    path.write_bytes(b"Headline\n\nThe army said on Friday\x01 that troops\x1b[0m had arrived.\x0c Officials agreed.\n")
    article = read_article(path)
    assert article.text == "The army said on Friday  that troops [0m had arrived.  Officials agreed."
    store = copy_of(batch.store, tmp_path)
    with Store(store) as opened:
        assert Loader(opened, Settings.from_env(env(store))).load([path]).ok
        result = opened.query(
            "SELECT ?body WHERE { ?a <https://schema.org/articleBody> ?body FILTER(CONTAINS(?body, 'Officials')) }"
        )
        assert isinstance(result, ox.QuerySolutions)
        out = io.BytesIO()
        result.serialize(out, format=ox.QueryResultsFormat.XML)
    [literal] = ET.fromstring(out.getvalue()).iter("{http://www.w3.org/2005/sparql-results#}literal")
    assert literal.text == article.text


# -- faults -----------------------------------------------------------------------------------------------------


class Output:
    """A child's output, read line by line by a thread, so that a test can wait for it with a time limit."""

    def __init__(self, pipe: IO[str]) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(pipe,), daemon=True).start()

    def _pump(self, pipe: IO[str]) -> None:
        with pipe:  # the pipe is this thread's: it closes it when the child's output ends
            for line in pipe:
                self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def lines(self, *, seconds: float) -> Iterator[str]:
        """The lines as they come, to the end of the output; fails the test after ``seconds`` without one."""
        while True:
            try:
                line = self._lines.get(timeout=seconds)
            except queue.Empty:
                pytest.fail(f"no output from the child process for {seconds} s")
            if line is None:
                return
            yield line


COMMITTING = re.compile(r"DEBUG kg\.load: committing (?P<path>.+?) → ")
ADDED = re.compile(r"INFO kg\.load: added (?P<path>.+)$")


def article_graphs(store: Store) -> set[str]:
    return {g for g in store.named_graphs() if g.startswith(f"{IRIS.base}graph/article/")}


def test_sigkill_in_the_middle_of_a_batch_leaves_whole_articles_and_a_rerun_completes_it(
    batch: Batch, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "load", "-vv", "--no-progress", str(batch.folder)],
        cwd=ROOT,
        env={**os.environ, **env(store)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    begun: list[Path] = []
    committed: list[Path] = []
    try:
        for line in Output(process.stderr).lines(seconds=120):
            if (match := COMMITTING.match(line)) is not None:
                begun.append(Path(match["path"]))
                if len(begun) == KILL_AT:  # this file's commit has begun: kill the load inside it
                    process.send_signal(signal.SIGKILL)
                    break
            elif (match := ADDED.match(line)) is not None:
                committed.append(Path(match["path"]))
        else:
            pytest.fail(f"the load ended (exit {process.wait()}) before commit {KILL_AT} began")
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert len(committed) == KILL_AT - 1, committed

    assert (store / "LOCK").exists(), "the killed load leaves its lock file behind"
    with Store(store) as opened:  # and the store opens for writing all the same: the lock died with it
        present = article_graphs(opened)
    validated = kg_command("validate", env=env(store))
    assert validated.returncode == 0, validated.stdout + validated.stderr

    with Store(store, read_only=True) as opened:
        for graph in opened.named_graphs():
            if graph == str(IRIS.links_graph):  # derived from the whole store, rebuilt when a load ends
                continue
            assert graph in batch.quads, f"{graph}: a graph a clean load does not write"
            assert opened.graph_lines(graph) == batch.quads[graph], f"{graph} is not whole"
    assert {batch.graphs[path] for path in committed} <= present, "an article logged as committed is missing"
    assert present <= {batch.graphs[path] for path in begun}, "an article the load had not reached is present"

    again = kg_command("load", "--no-progress", str(batch.folder), env=env(store))
    assert again.returncode == 0, again.stderr
    statuses = {Path(line.split()[1]): line.split()[0] for line in again.stdout.splitlines()}
    assert statuses == {path: "unchanged" if graph in present else "added" for path, graph in batch.graphs.items()}
    assert snapshot(store) == snapshot(batch.store), "the completed store differs from a clean load"
    with Store(store, read_only=True) as opened:
        result = opened.query(
            "SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a <https://kg.example.org/ontology#Article> } } "
            "GROUP BY ?g"
        )
        assert isinstance(result, ox.QuerySolutions)
        counts = {row["g"].value: int(row["n"].value) for row in result}
    assert counts == dict.fromkeys(batch.graphs.values(), 1), "every article once, in its own graph"


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kg.store import Store

    graph, size = sys.argv[2], int(sys.argv[3])
    with Store(Path(sys.argv[1])) as store:
        for version in range(10**6):
            triples = [f'<https://kg.example.org/s{i}> <https://kg.example.org/p> "{version}"' for i in range(size)]
            store.replace_graphs({graph: triples})
            print(version, flush=True)
    """
)


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4])
def test_a_writer_killed_during_a_large_write_leaves_the_graph_before_or_after_it(tmp_path: Path, delay: float) -> None:
    store, graph, size = tmp_path / "store", "https://kg.example.org/graph/large", 10_000
    for run in range(2):  # the second writer opens the store the first one was killed on
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store), graph, str(size)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        output, printed = Output(process.stdout), []
        try:
            for line in output.lines(seconds=60):
                printed.append(int(line))
                break
            time.sleep(delay)  # a write takes some tenths of a second: the kill lands inside one or between two
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        printed += [int(line) for line in output.lines(seconds=30)]  # what it said it committed before it died
        assert printed, f"run {run}: the writer committed nothing"
        with Store(store) as opened:
            lines = opened.graph_lines(graph)
        versions = {line.rsplit(" ", 1)[1] for line in lines}
        assert len(lines) == size and len(versions) == 1, f"run {run}: a graph mixing versions {sorted(versions)}"
        assert int(versions.pop().strip('"')) >= printed[-1], f"run {run}: a committed write was lost"


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux ``/proc``)."""
    found: list[int] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status waits to be collected


def workers_of(pid: int) -> list[int]:
    """A load's worker processes: forked from it (its own command line), or spawned; not multiprocessing's
    resource tracker."""
    own = _cmdline(pid)
    return [c for c in children(pid) if (line := _cmdline(c)) == own or b"multiprocessing.spawn" in line]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def start_parallel_load(batch: Batch, store: Path) -> subprocess.Popen[str]:
    """``kg load`` with two workers; its temporary files (which a load killed outright leaves) beside the store."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "load", "-v", "--no-progress", str(batch.folder)],
        cwd=ROOT,
        env={**os.environ, **env(store, workers=2), "TMPDIR": str(store.parent)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds worker processes through Linux /proc")
def test_workers_end_when_the_load_that_started_them_is_killed(batch: Batch, tmp_path: Path) -> None:
    """Regression: a SIGKILLed parallel load left its workers running for ever, each holding a spaCy pipeline."""
    process = start_parallel_load(batch, tmp_path / "store")
    assert process.stderr is not None
    workers: list[int] = []
    try:
        for line in Output(process.stderr).lines(seconds=120):
            if ADDED.match(line):  # the pool is up and serving
                workers = workers_of(process.pid)
                break
        else:
            pytest.fail(f"the load ended (exit {process.wait()}) before committing anything")
        assert workers, "a load with KG_WORKERS=2 started no worker processes"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        wait_for(lambda: not any(running(w) for w in workers), seconds=20, what="the orphaned workers to end")
    finally:
        process.kill()
        process.wait(timeout=30)
        for worker in workers:  # the test's own grandchildren, should the fix regress
            if running(worker):
                os.kill(worker, signal.SIGKILL)
        if process.stdout is not None:
            process.stdout.close()


WORKERS_STARTED = """
import sys, threading
from kg.settings import Settings
from kg.workers import Workers
if sys.argv[1] == "thread":  # a thread of the process's own is running
    threading.Thread(target=threading.Event().wait, daemon=True).start()
elif sys.argv[1] == "numpy":  # a maths library is loaded, its threads started
    import numpy
workers = Workers(Settings.from_env(), 2, fork=True)
print(workers.method, flush=True)
workers.close(failed=True)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize(("before", "method"), [("nothing", "fork"), ("thread", "spawn"), ("numpy", "spawn")])
def test_workers_are_forked_only_from_a_process_safe_to_fork(before: str, method: str, tmp_path: Path) -> None:
    """``kg load`` forks its workers (sparing each Python's start and the loader's imports), but only from a
    process that runs no other thread and has no maths library loaded: a fork copies locks other threads hold."""
    done = subprocess.run(
        [sys.executable, "-c", WORKERS_STARTED, before],
        cwd=tmp_path,
        env={**os.environ, **env(tmp_path / "store", workers=2)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [method]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds worker processes through Linux /proc")
def test_a_worker_killed_mid_batch_rejects_the_files_it_took_down_without_a_traceback(
    batch: Batch, tmp_path: Path
) -> None:
    """Regression: a worker that died (killed, out of memory) ended ``kg load`` with a traceback and no summary."""
    store = tmp_path / "store"
    process = start_parallel_load(batch, store)
    killed: list[int] = []
    try:
        wait_for(lambda: bool(workers_of(process.pid)), seconds=60, what="the first worker process")
        killed = workers_of(process.pid)[:1]
        os.kill(killed[0], signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=180)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr, stderr
    lost = [line for line in rejections(stderr) if "a worker process died" in line]
    added = [line for line in stdout.splitlines() if line.startswith("added")]
    assert lost, stderr
    assert len(lost) + len(added) == len(batch.graphs), stdout + stderr
    assert f"{len(added)} loaded, {len(lost)} rejected" in stderr, stderr
    if added:
        with Store(store, read_only=True) as opened:
            for graph in article_graphs(opened):
                assert opened.graph_lines(graph) == batch.quads[graph], f"{graph} is not whole"
