"""The persistent cache in the site's .cache/ folder (git-ignored; `--no-cache` bypasses it).

One SQLite file of values by key: each file compiled (by its digest), each Markdown text's
phase 1 (by the text's digest), and the last build's state. Every key includes the engine's
fingerprint (its version and source, the Markdown and sanitiser versions), so a cache from
another version is never used. A half-written update is rolled back by SQLite itself; a
file that cannot be read is set aside and started afresh; a value that cannot be read is
a miss. Values are pickled, and read back by an unpickler that builds nothing but the
engine's own types (and dates): a cache file is never trusted to run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

FILE = "factsite.sqlite"
BATCH = 500  # keys per query
COMPRESS = 1 << 16  # values bigger than this (in bytes) are kept compressed
PACKAGE = Path(__file__).parent.parent


@cache
def fingerprint() -> str:
    """The digest of everything a cached result depends on besides its input."""
    digest = hashlib.sha256()
    for name in ("markdown", "nh3", "jinja2", "babel", "pyyaml"):
        digest.update(f"{name}={metadata.version(name)};".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(*parts: str) -> str:
    """A cache key: the engine's fingerprint and these parts, digested."""
    return hashlib.sha256("\0".join((fingerprint(), *parts)).encode()).hexdigest()


class _Unpickler(pickle.Unpickler):
    """Builds only factsite's own classes, dates and plain containers."""

    ALLOWED = frozenset({("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set")})

    def find_class(self, module: str, name: str) -> Any:
        if module.split(".")[0] == "factsite" or (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def dumps(value: Any) -> bytes:
    """A value's bytes in the cache: pickled, and compressed when it is big (the state)."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return b"z" + zlib.compress(data, 1) if len(data) > COMPRESS else b"p" + data


def loads(data: bytes) -> Any:
    body = zlib.decompress(data[1:]) if data[:1] == b"z" else data[1:]
    return _Unpickler(io.BytesIO(body)).load()


class Store:
    """Values by key in one SQLite file (or nowhere, with `folder` None). Each process
    opens its own connection (a forked worker reads through its own)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE if folder else None
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._db is None or self._pid != os.getpid():
            self._pid = os.getpid()
            try:
                self._db = self._open()
            except (sqlite3.Error, OSError):
                try:  # unreadable: set it aside and start afresh
                    self.path.unlink(missing_ok=True)
                    self._db = self._open()
                except (sqlite3.Error, OSError):
                    self.path, self._db = None, None
        return self._db

    def _open(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # (a cache: a crash may lose the last write,
        # which is then made again; WAL keeps the file whole)
        db.execute("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("SELECT count(*) FROM cache").fetchone()  # fails on a damaged file
        return db

    def close(self) -> None:
        """Let go of the file (a later read opens it again). A build closes its store as it
        ends, so no connection outlives it holding SQLite's shared index mapped."""
        if self._db is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def get(self, name: str) -> Any | None:
        """The value kept under `name`, or None (absent, or unreadable)."""
        data = self.get_raw(name)
        if data is None:
            return None
        try:
            return loads(data)
        except Exception:
            return None

    def get_many(self, names: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """(name, value) for each of these the store has and can read."""
        for name, data in self._rows("key, value", names):
            try:
                yield name, loads(data)
            except Exception:
                continue

    def get_raw(self, name: str) -> bytes | None:
        return next((data for _, data in self._rows("key, value", [name])), None)

    def has_many(self, names: Iterable[str]) -> set[str]:
        return {name for (name,) in self._rows("key", names)}

    def _rows(self, columns: str, names: Iterable[str]) -> Iterator[tuple]:
        db = self._connect()
        if db is None:
            return
        names = list(names)
        for i in range(0, len(names), BATCH):
            part = names[i:i + BATCH]
            try:
                yield from db.execute(f"SELECT {columns} FROM cache WHERE key IN "
                                      f"({','.join('?' * len(part))})", part).fetchall()
            except sqlite3.Error:
                return

    def put_raw(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Keep these values, already made into the store's bytes (`dumps`); quietly not,
        when the cache cannot be written."""
        db = self._connect()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error), db:
            db.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?)", items)

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        self.put_raw((name, dumps(value)) for name, value in items)

    def put(self, name: str, value: Any) -> None:
        self.put_many([(name, value)])
