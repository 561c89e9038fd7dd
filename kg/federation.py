"""Federated queries: which remote endpoints a query's ``SERVICE`` clauses would call, and whether
the operator allows them.

Oxigraph evaluates ``SERVICE <iri> { … }`` by sending the inner pattern to ``<iri>`` over HTTP.
On a public endpoint that is a way to make the server fetch any URL (server-side request
forgery), so it is off unless the operator lists the hosts it may call (``KG_SERVICE_ALLOW``,
e.g. ``query.wikidata.org``). The check reads the query's own text: comments, strings and IRIs
are skipped, prefixed names are expanded with the query's ``PREFIX`` declarations, and a target
that cannot be known before evaluation (``SERVICE ?endpoint``) is refused.

Example:
    >>> service_targets("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    ['https://query.wikidata.org/sparql']
    >>> allowed("https://query.wikidata.org/sparql", ("query.wikidata.org",))
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from kg.errors import KgError

# One lexical unit of SPARQL that can hide the word SERVICE: a comment, a string, an IRI, or a word.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
              |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<word>[A-Za-z_][\w.-]*:[\w.%-]*|[A-Za-z_][\w-]*:?|[?$]\w+)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)


class ServiceNotAllowed(KgError):
    """A query calls a remote endpoint the operator has not allowed (HTTP 403)."""

    exit_code = 2


def service_targets(query: str) -> list[str]:
    """The endpoints the ``SERVICE`` clauses of ``query`` name, in order.

    Args:
        query: a SPARQL query or update.

    Returns:
        Absolute IRIs; a variable target is returned as written (``?endpoint``), and a prefixed
        name with an undeclared prefix as written, so that the caller refuses it.
    """
    return _targets(query, "SERVICE")


def _targets(query: str, keyword: str) -> list[str]:
    prefixes: dict[str, str] = {}
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(query) if m.lastgroup not in ("comment",)]
    targets: list[str] = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word":
            continue
        upper = text.upper()
        if upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
        elif upper == keyword:
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "SILENT":
                j += 1
            if j >= len(tokens):
                continue
            kind_j, target = tokens[j]
            if kind_j == "iri":
                targets.append(target[1:-1])
            elif ":" in target and not target.startswith(("?", "$")):
                prefix, _, local = target.partition(":")
                targets.append(prefixes[prefix] + local if prefix in prefixes else target)
            else:
                targets.append(target)
    return targets


def load_targets(update: str) -> list[str]:
    """The documents the ``LOAD`` operations of an update would fetch (as :func:`service_targets`)."""
    return _targets(update, "LOAD")


def allowed(target: str, allow: Sequence[str]) -> bool:
    """Whether ``target`` is an http(s) IRI whose host (or ``host:port``) is on the allowlist."""
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    with_port = f"{host}:{parts.port}" if parts.port else host
    return any(entry.lower() in (host, with_port) for entry in allow)


def check_loads(update: str, allow: Sequence[str]) -> None:
    """Refuse an update whose ``LOAD`` would fetch a document from a host not on ``allow``.

    Raises:
        ServiceNotAllowed: naming the document refused.
    """
    for target in load_targets(update):
        if not allowed(target, allow):
            raise ServiceNotAllowed(
                f"LOAD <{target}> is not allowed: the server fetches only from hosts the operator lists "
                "in KG_SERVICE_ALLOW"
            )


def check_services(query: str, allow: Sequence[str]) -> None:
    """Refuse a query whose ``SERVICE`` clauses call an endpoint not on ``allow``.

    Raises:
        ServiceNotAllowed: naming the first endpoint refused and how the operator can allow it.
    """
    for target in service_targets(query):
        if not allowed(target, allow):
            if not allow:
                why = "federated queries (SERVICE) are off on this endpoint"
            else:
                why = f"it is not on the allowlist ({', '.join(allow)})"
            raise ServiceNotAllowed(
                f"SERVICE <{target}> is not allowed: {why}; the operator can allow a host with KG_SERVICE_ALLOW"
            )
