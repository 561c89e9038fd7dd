"""The ``kg`` command line: load, validate, query, dump, link, eval, serve.

Every command takes ``--store DIR`` (or ``KG_STORE``) and ``--base-iri`` (or ``KG_BASE_IRI``).
Errors are one line on standard error naming the file or query at fault; exit codes:
0 success, 1 rejected input or SHACL violations, 2 bad input or usage, 3 store unavailable.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.errors import InputError, KgError, QueryError

log = logging.getLogger("kg")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: the arguments (``sys.argv[1:]`` when omitted).

    Returns:
        The exit code.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    for name, default in (("store", None), ("base_iri", None), ("verbose", 0), ("quiet", 0)):
        if not hasattr(args, name):  # not given before or after the command
            setattr(args, name, default)
    logging.basicConfig(
        level=logging.WARNING - 10 * args.verbose + 10 * args.quiet,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from kg.settings import Settings

    try:
        settings = Settings.from_env(store=args.store, base_iri=args.base_iri)
        code: int = args.run(args, settings)
    except KgError as exc:
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`kg link | head`): nothing more to say
        sys.stderr.close()
        return 0
    return code


def _common(quiet: str = "less log output") -> argparse.ArgumentParser:
    """The options every command takes, before or after its name.

    They are accepted before and after the command ("kg --store X load" and "kg load --store X");
    their defaults are suppressed in the copies so that a command's parser does not overwrite a
    value given before it.

    Args:
        quiet: the help of ``--quiet`` (a command may give it a meaning of its own).
    """
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--store",
        type=_location,
        metavar="DIR|URL",
        help="the store folder, or the URL of a SPARQL 1.1 server (default: $KG_STORE or .kg-store)",
    )
    common.add_argument(
        "--base-iri", metavar="IRI", help="base of minted IRIs (default: $KG_BASE_IRI or https://kg.example.org/)"
    )
    common.add_argument("-v", "--verbose", action="count", help="more log output (repeatable)")
    common.add_argument("-q", "--quiet", action="count", help=quiet)
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common()

    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn news articles into a validated RDF knowledge graph and serve it over SPARQL.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    load = commands.add_parser(
        "load",
        parents=[common],
        help="load articles or RDF files into the store",
        description="Read, extract, validate and commit articles (.txt + .json sidecar, .json, .html) "
        "and RDF files (.ttl .nt .nq .trig .jsonld). Each file is its own atomic commit; "
        "a rejected file leaves the store unchanged. Default: the seeds folder.",
    )
    load.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: seeds/)")
    load.add_argument("--no-progress", action="store_true", help="no progress bar")
    load.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="prepare the articles on the workers of a Dask cluster (tcp://host:8786); commit here",
    )
    load.add_argument(
        "--server",
        metavar="URL",
        help="load through a running `kg serve` at URL (its Graph Store, with the secret in $KG_UPDATE_SECRET): "
        "the server keeps answering and each article is visible once committed",
    )
    load.set_defaults(run=_load)

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="validate the store or RDF files against the shapes",
        description="Validate every graph of the store (or the given RDF and article files) "
        "against shapes/. Exit 1 on any violation.",
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files to validate instead of the store")
    validate.add_argument("--warnings", action="store_true", help="also list SHACL warnings")
    validate.set_defaults(run=_validate)

    query = commands.add_parser(
        "query",
        parents=[common],
        help="run a SPARQL query against the store",
        description="Run a SPARQL 1.1 query; the default graph is the union of all graphs.",
    )
    query.add_argument("query", metavar="QUERY", help="the query text, a .rq file, or - for standard input")
    query.add_argument(
        "--format",
        "-f",
        default=None,
        help=(
            "json, xml, csv, tsv (SELECT/ASK; default tsv) "
            "or ttl, nt, jsonld, rdfxml, trig, nq (CONSTRUCT/DESCRIBE; default ttl)"
        ),
    )
    query.set_defaults(run=_query)

    dump = commands.add_parser(
        "dump",
        parents=[common],
        help="write the whole graph in an RDF format",
        description="Write the store, streamed and deterministic (the same store gives the same bytes): "
        "nq, trig and jsonld keep the named graphs; ttl and nt write their union. "
        "JSON-LD is compact, with kg's @context inline.",
    )
    dump.add_argument("--format", "-f", default="nq", choices=["nq", "trig", "jsonld", "ttl", "nt"])
    dump.add_argument("--output", "-o", type=Path, metavar="FILE", help="file to write (default: standard output)")
    dump.add_argument(
        "--gzip", "-z", action="store_true", help="gzip the output (implied by an --output ending in .gz)"
    )
    dump.set_defaults(run=_dump)

    link = commands.add_parser(
        "link",
        parents=[common],
        help="list actors and places without a Wikidata item; propose and accept links",
        description="List the actors and places of the store that have no Wikidata item (most mentioned first). "
        "--propose asks Wikidata's search for candidates (cached in $KG_CACHE, at most one live request a second); "
        "nothing is linked until a person runs --accept, which records the link in the links file ($KG_LINKS) "
        "and applies it to the store; every later load applies it too.",
    )
    link.add_argument("--propose", action="store_true", help="search Wikidata for candidates for each one")
    link.add_argument("--offline", action="store_true", help="answer --propose from the cache only")
    link.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N unlinked (0: all)")
    link.add_argument(
        "--accept", nargs=3, metavar=("LABEL", "CLASS", "QID"), help="accept item QID for the actors LABEL of CLASS"
    )
    link.add_argument("--note", default="", help="with --accept: how the item was checked")
    link.set_defaults(run=_link)

    evaluation = commands.add_parser(
        "eval",
        parents=[_common(quiet="only the micro-average (and less log output)")],
        help="score the extraction against gold annotations",
        description="Load the article of every gold file GOLD_DIR/<name>.yaml (ARTICLES_DIR/<name>.txt with its "
        ".json sidecar) into a fresh in-memory store, never the store of --store, and print precision, recall and "
        "F1 per class (coups, statements, deployments) per article and micro-averaged, then every missed and "
        "spurious fact with its sentence. An article the loader rejects scores as an empty extraction. "
        "Exit 0 when every article was scored, 1 when one was rejected, 2 on unusable input.",
    )
    evaluation.add_argument("gold_dir", type=Path, metavar="GOLD_DIR", help="folder of gold annotations (*.yaml)")
    evaluation.add_argument(
        "articles_dir",
        nargs="?",
        type=Path,
        metavar="ARTICLES_DIR",
        help="folder of the articles (<name>.txt + <name>.json; default: GOLD_DIR's parent)",
    )
    evaluation.add_argument(
        "--json", action="store_true", help="machine-readable output: per article and total, counts, P/R/F1, misses"
    )
    evaluation.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="processes that extract the articles (default: $KG_WORKERS or the number of cores)",
    )
    evaluation.add_argument(
        "--strict",
        action="store_true",
        help="deployments must also match the gold's status and place (by default: force and evidence only)",
    )
    evaluation.add_argument("--no-progress", action="store_true", help="no progress bar")
    evaluation.set_defaults(run=_eval)

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the SPARQL endpoint, the query page and the pages to explore the graph",
        description="Serve /sparql (SPARQL 1.1 Protocol), the query page at /query, and pages to explore the graph "
        "(/, /search, /timeline, /claims, and every IRI the graph mints). "
        "An empty store is first loaded with the seeds.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(run=_serve)
    return parser


def _load(args: argparse.Namespace, settings: object) -> int:
    from contextlib import nullcontext

    from kg.settings import Settings
    from kg.workers import Workers, collect

    assert isinstance(settings, Settings)
    paths = args.paths or [settings.seeds]
    if args.server:
        return _load_through(args.server, paths, settings)
    files = collect(paths)  # what the folders hold, listed once for the workers and the loader
    # The workers start before the store opens: each takes a second to load the pipeline, while this process sets
    # up the rest. They are forked once the loader's modules are imported, which they need too.
    from kg.load import Loader
    from kg.store import open_store

    workers = None if args.scheduler else Workers.for_files(settings, files, fork=True)
    with workers or nullcontext(), open_store(settings) as store:
        before = len(store)
        progress = not args.no_progress and sys.stderr.isatty()
        loader = Loader(store, settings)
        report = loader.load(files, progress=progress, scheduler=args.scheduler, workers=workers)
        after = len(store)
    from kg.errors import ValidationError

    for loaded in report.loaded:
        added = sum(c.added for c in loaded.changes)
        removed = sum(c.removed for c in loaded.changes)
        graphs = ", ".join(c.graph for c in loaded.changes)
        print(f"{loaded.status:9} {loaded.path}  +{added} -{removed} triples  → {graphs}")
        for warning in loaded.warnings if args.verbose else ():
            print(f"          warning: {warning}")
    for failed in report.failed:
        print(f"rejected  {failed.reason}", file=sys.stderr)
        for violation in failed.error.violations if args.verbose and isinstance(failed.error, ValidationError) else ():
            print(f"          {violation}", file=sys.stderr)
    print(
        f"{len(report.loaded)} loaded, {len(report.failed)} rejected in {report.seconds:.1f} s "
        f"({(len(report.loaded) + len(report.failed)) / max(report.seconds, 1e-9):.2f} files/s); "
        f"store: {after} quads ({after - before:+d})",
        file=sys.stderr,
    )
    count = min(settings.workers, len(report.loaded) + len(report.failed))
    if args.scheduler:
        summed = ", summed over the cluster's workers"
    else:
        summed = f", summed over {count} workers" if count > 1 else ""
    print(f"time by stage: {report.stages}{summed}", file=sys.stderr)
    return 0 if report.ok else 1


def _load_through(server: str, paths: list[Path], settings: object) -> int:
    """Prepare each file here and send its graphs to a running server, which validates and commits them."""
    import time

    import httpx

    from kg.load import Loader
    from kg.settings import Settings
    from kg.store import Store
    from kg.workers import collect

    assert isinstance(settings, Settings)
    if not settings.update_secret:
        raise InputError(Path(server), "set KG_UPDATE_SECRET to the server's secret to load through it")
    loader = Loader(Store(None), settings)  # only to read, extract and map: the server validates and commits
    started = time.perf_counter()
    loaded = rejected = 0
    headers = {"authorization": f"Bearer {settings.update_secret}", "content-type": "application/n-triples"}
    with httpx.Client(base_url=server.rstrip("/"), headers=headers, timeout=600) as client:
        for path in collect(paths):
            try:
                prepared = loader.prepare(path)
            except KgError as exc:
                print(f"rejected  {exc}", file=sys.stderr)
                rejected += 1
                continue
            problems = []
            for graph, content in prepared.graphs.items():
                body = content.serialize(format="nt", encoding="utf-8")
                try:
                    answer = client.put("/rdf-graphs/service", params={"graph": graph}, content=body)
                except httpx.HTTPError as exc:
                    raise InputError(Path(server), f"the server cannot be reached: {exc}") from None
                if answer.status_code not in (201, 204):
                    problems.append(f"{answer.status_code} {answer.text.strip()}")
                else:
                    status = "added" if answer.status_code == 201 else "replaced"
                    print(f"{status:9} {path}  → {graph}")
            if problems:
                print(f"rejected  {path}: the server refused it: {'; '.join(problems)}", file=sys.stderr)
                rejected += 1
            else:
                loaded += 1
    seconds = time.perf_counter() - started
    print(
        f"{loaded} loaded, {rejected} rejected through {server} in {seconds:.1f} s "
        f"({(loaded + rejected) / max(seconds, 1e-9):.2f} files/s)",
        file=sys.stderr,
    )
    return 0 if not rejected else 1


def _validate(args: argparse.Namespace, settings: object) -> int:
    from kg.load import Loader
    from kg.settings import Settings
    from kg.store import Store, exists, open_store

    assert isinstance(settings, Settings)
    failures = 0
    with open_store(settings, read_only=True) if not args.paths else Store(None) as store:
        if not args.paths and not exists(settings):
            raise InputError(Path(settings.store), "no store here: run `kg load` first, or give --store")
        loader = Loader(store, settings)
        targets: list[tuple[str, object]] = []
        if args.paths:
            from kg.workers import collect

            for path in collect(args.paths):
                try:
                    targets.append((str(path), loader.check(loader.prepare(path))))
                except KgError as exc:
                    print(f"invalid   {exc}", file=sys.stderr)
                    failures += 1
        else:
            from rdflib import Graph

            for graph in store.named_graphs():
                if graph == str(loader.iris.ontology_graph):
                    continue
                data: Graph = store.graph(graph)
                context = loader.shared_context() if graph not in loader.shared_names else None
                targets.append((graph, loader.validator.validate(data, context)))
        for name, outcome in targets:
            from kg.validate import ValidationOutcome

            assert isinstance(outcome, ValidationOutcome)
            if outcome.conforms:
                print(f"valid     {name}" + (f"  ({len(outcome.warnings)} warnings)" if outcome.warnings else ""))
            else:
                failures += 1
                print(f"invalid   {name}: {len(outcome.violations)} violation(s)")
                for line in outcome.violations:
                    print(f"          {line}")
            if args.warnings:
                for line in outcome.warnings:
                    print(f"          warning: {line}")
    print(f"{len(targets) + (failures if args.paths else 0) - failures} valid, {failures} invalid", file=sys.stderr)
    return 1 if failures else 0


def _query(args: argparse.Namespace, settings: object) -> int:
    import pyoxigraph as ox

    from kg.formats import GRAPH_ALIASES, GRAPH_TYPES, RESULT_ALIASES, RESULT_TYPES
    from kg.settings import Settings
    from kg.store import exists, open_store

    assert isinstance(settings, Settings)
    text = args.query
    if text == "-":
        text = sys.stdin.read()
    elif text.endswith(".rq") and "\n" not in text:
        path = Path(text)
        if not path.is_file():
            raise InputError(path, "no such query file")
        text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise QueryError("the query is empty")
    if not exists(settings):
        raise InputError(Path(settings.store), "no store here: run `kg load` first, or give --store")
    with open_store(settings, read_only=True) as store:
        result = store.query(text, services=settings.service_allow)
        out = sys.stdout.buffer
        if isinstance(result, ox.QueryTriples):
            media = GRAPH_ALIASES.get((args.format or "ttl").lower())
            if media is None:
                raise QueryError(
                    f"--format {args.format!r} does not apply to CONSTRUCT/DESCRIBE; "
                    f"use one of {', '.join(GRAPH_ALIASES)}"
                )
            result.serialize(out, format=GRAPH_TYPES[media])
        else:
            media = RESULT_ALIASES.get((args.format or "tsv").lower())
            if media is None:
                raise QueryError(
                    f"--format {args.format!r} does not apply to SELECT/ASK; use one of {', '.join(RESULT_ALIASES)}"
                )
            result.serialize(out, format=RESULT_TYPES[media])
        out.flush()
    return 0


def _dump(args: argparse.Namespace, settings: object) -> int:
    from kg.publish import dump
    from kg.settings import Settings
    from kg.store import exists, open_store

    assert isinstance(settings, Settings)
    if not exists(settings):
        raise InputError(Path(settings.store), "no store here: run `kg load` first, or give --store")
    compress = args.gzip or (args.output is not None and args.output.suffix == ".gz")
    with open_store(settings, read_only=True) as store:
        if args.output:
            tmp = args.output.with_name(args.output.name + ".part")
            with tmp.open("wb") as out:
                dump(store, out, format=args.format, compress=compress)
            tmp.replace(args.output)
        else:
            dump(store, sys.stdout.buffer, format=args.format, compress=compress)
            sys.stdout.buffer.flush()
    return 0


def _link(args: argparse.Namespace, settings: object) -> int:
    from kg.link import WikidataSearch, accept, unlinked
    from kg.load import Loader
    from kg.settings import Settings
    from kg.store import exists, open_store

    assert isinstance(settings, Settings)
    if not exists(settings):
        raise InputError(Path(settings.store), "no store here: run `kg load` first, or give --store")
    if args.accept:
        label, cls, qid = args.accept
        link = accept(settings.links, label, cls, qid, args.note)
        with open_store(settings) as store:
            change = Loader(store, settings).apply_links()
        print(
            f"accepted {link.label} ({link.cls}) = {link.qid} in {settings.links}; "
            f"links graph +{change.added} -{change.removed} triples",
            file=sys.stderr,
        )
        return 0
    with open_store(settings, read_only=True) as store:
        missing = unlinked(store)
    if args.limit:
        missing = missing[: args.limit]
    out = sys.stdout
    if not args.propose:
        print("label\tclass\tarticles\tentity", file=out)
        for item in missing:
            print(f"{item.label}\t{item.cls}\t{item.articles}\t{item.iri}", file=out)
        print(f"{len(missing)} actors and places without a Wikidata item", file=sys.stderr)
        return 0
    search = WikidataSearch(
        settings.wikidata_api,
        settings.cache,
        interval=settings.wikidata_interval,
        offline=args.offline,
        user_agent=f"kg/{_version()} (knowledge-graph linker; {settings.base_iri})",
    )
    print("label\tclass\trank\tcandidate\tcandidate label\tdescription", file=out)
    try:
        for item in missing:
            for rank, candidate in enumerate(search.candidates(item.label), start=1):
                print(
                    f"{item.label}\t{item.cls}\t{rank}\t{candidate.qid}\t{candidate.label}\t{candidate.description}",
                    file=out,
                )
    finally:
        search.close()
    print(
        f"{len(missing)} searched ({search.live_requests} live requests); "
        "accept one with: kg link --accept LABEL CLASS QID",
        file=sys.stderr,
    )
    return 0


def _eval(args: argparse.Namespace, settings: object) -> int:
    import dataclasses
    import json

    from kg.evaluate import evaluate
    from kg.settings import Settings

    assert isinstance(settings, Settings)
    if args.workers is not None:
        settings = dataclasses.replace(settings, workers=args.workers)
    result = evaluate(
        args.gold_dir,
        args.articles_dir,
        settings=settings,
        progress=not args.no_progress and sys.stderr.isatty(),
        strict=args.strict,
    )
    for article in result.rejected:
        print(f"rejected  {article.rejected}", file=sys.stderr)
    if args.json:
        json.dump(result.as_dict(articles=not args.quiet), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.quiet:
        print(result.total)
    else:
        for article in result.articles:
            print(article.scores, end="\n\n")
        print(result.total)
        lines: list[str] = []
        for article in result.articles:
            errors = article.scores.errors()
            if article.rejected or errors:
                lines.append(article.name)
            if article.rejected:
                lines.append(f"  rejected by the loader: {article.rejected}")
            if errors:
                lines.append(errors)
        if lines:
            print("\nmissed and spurious facts")
            print("\n".join(lines))
    if not args.quiet:
        print(
            f"{len(result.articles)} articles scored, {len(result.rejected)} rejected by the loader "
            f"in {result.seconds:.1f} s",
            file=sys.stderr,
        )
    return 0 if result.ok else 1


def _serve(args: argparse.Namespace, settings: object) -> int:
    import uvicorn

    from kg.load import Loader
    from kg.serve import create_app
    from kg.settings import Settings
    from kg.store import open_store

    assert isinstance(settings, Settings)
    store = open_store(settings)
    loader = Loader(store, settings)
    if not any(g != str(loader.iris.ontology_graph) for g in store.named_graphs()):
        log.warning("the store is empty: loading %s first", settings.seeds)
        report = loader.load([settings.seeds], progress=sys.stderr.isatty())
        for failed in report.failed:
            log.error("rejected %s", failed.reason)
    else:
        loader.ensure_ontology()
    print(
        f"kg: serving {settings.store} ({len(store)} quads) at http://{args.host}:{args.port}/sparql", file=sys.stderr
    )
    logging.getLogger("kg.access").setLevel(logging.INFO)  # one JSON line per request
    uvicorn.run(create_app(settings, store), host=args.host, port=args.port, log_level="info", access_log=False)
    store.close()
    return 0


def _location(text: str) -> Path | str:
    """``--store``: a folder, or the URL of a SPARQL server."""
    from kg.settings import store_location

    return store_location(text)


def _positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg")
    except PackageNotFoundError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
