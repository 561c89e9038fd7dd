"""The errors kg raises, each carrying the context a person needs to act on it.

::

    KgError                      base of everything kg raises on bad input or state
    ├── InputError               an input file cannot be used as given
    │   ├── ArticleError         an article (.txt/.json/.html or its sidecar) is malformed
    │   └── RdfSyntaxError       an RDF file does not parse (file, line, column)
    ├── ValidationError          a graph violates the SHACL shapes (carries the report)
    ├── QueryError               a SPARQL query is malformed or cannot be evaluated
    └── StoreError               the store cannot be opened or written

The command line maps every ``KgError`` to a one-line message and a non-zero exit code; the
endpoint maps ``QueryError`` to HTTP 400 and the others to their own status in one place.
"""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base class of every error kg raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(KgError):
    """An input file cannot be used as given.

    Args:
        path: the file concerned.
        reason: what is wrong with it, in words a person can act on.
    """

    exit_code = 2

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ArticleError(InputError):
    """An article file or its sidecar is malformed (empty, binary, not UTF-8, bad field).

    Args:
        path: the file concerned.
        reason: what is wrong.
        field: the sidecar or JSON field at fault, if one is.
    """

    def __init__(self, path: Path | str, reason: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(path, f"field {field!r}: {reason}" if field else reason)


class RdfSyntaxError(InputError):
    """An RDF file does not parse.

    Args:
        path: the file concerned.
        reason: the parser's message.
        line: 1-based line of the error, when the parser gives it.
        column: 1-based column of the error, when the parser gives it.
    """

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(path, f"RDF syntax error: {where}{reason}")


class ValidationError(KgError):
    """A graph does not conform to the SHACL shapes; nothing was committed.

    Args:
        source: what was validated (a file path or a graph IRI).
        violations: one line per violation (focus node, path, message).
        report: the full pySHACL text report.
    """

    def __init__(self, source: str, violations: list[str], report: str) -> None:
        self.source = source
        self.violations = violations
        self.report = report
        first = violations[0] if violations else "see the report"
        more = f" (+{len(violations) - 1} more)" if len(violations) > 1 else ""
        super().__init__(f"{source}: {len(violations)} SHACL violation(s): {first}{more}")


class QueryError(KgError):
    """A SPARQL query is malformed or cannot be evaluated."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""

    exit_code = 3
