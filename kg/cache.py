"""What kg derives from its own data files, kept in ``KG_CACHE`` between processes.

Every process of a load (the loading one and each worker) needs the same things derived from the
package's data: the data files read, the place index, the EntityRuler's patterns. Each is built
once and kept in a file named by a digest of everything it is derived from (the data files, the
code that derives it, the versions of the packages involved): a change to any of them names
another file, so an entry is never stale, and old ones are simply never read again. A file that
cannot be read is built again; a new one is written whole (a partial file renamed into place),
whatever other process writes the same one at the same time. Entries are JSON or ``marshal`` data,
never pickles: reading a cache file cannot run code.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Where entries are kept (:func:`keep_in`); ``None``: built in each process, kept nowhere.
_folder: Path | None = None


def keep_in(folder: Path | None) -> None:
    """Keep entries in ``folder`` (``KG_CACHE``) from now on in this process; ``None``: keep none."""
    global _folder
    _folder = folder


def digest(*parts: bytes | str) -> str:
    """A short digest of what an entry is derived from."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode() if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()[:16]


def versions(*packages: str) -> str:
    """The installed versions of packages, as a part of a digest."""
    return " ".join(f"{package} {version(package)}" for package in packages)


def kept(name: str, build: Callable[[], T], encode: Callable[[T], bytes], decode: Callable[[bytes], T]) -> T:
    """An entry read from the cache folder, or built (and kept there).

    Args:
        name: the entry's file name, with the digest of what it is derived from in it.
        build: builds the entry.
        encode: the entry as bytes to keep.
        decode: the entry from the bytes kept (raising ``ValueError``, ``TypeError`` or ``EOFError`` on bad ones).
    """
    if _folder is None:
        return build()
    path = _folder / name
    try:
        return decode(path.read_bytes())
    except (OSError, ValueError, TypeError, EOFError):
        pass  # not built yet, or unreadable: build it
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_bytes(encode(built))
        partial.replace(path)  # whole or not at all
    except OSError as exc:
        log.debug("%s not kept in %s: %s", name, _folder, exc)
    return built


def kept_data(name: str, build: Callable[[], T], kind: type) -> T:
    """An entry of plain data (tables, lists, strings, numbers) kept with ``marshal``: one that does not read
    back as a ``kind`` is built again."""

    def decode(data: bytes) -> T:
        value: T = marshal.loads(data)
        if not isinstance(value, kind):
            raise TypeError(f"not a {kind.__name__}")
        return value

    def encode(value: T) -> bytes:
        return marshal.dumps(value)  # type: ignore[arg-type]  # plain data, as the caller builds it

    return kept(name, build, encode, decode)
