"""The persistent cache in the site's .cache/ folder (git-ignored; `--no-cache` bypasses it).

It keeps what is expensive to make and cheap to look up: Markdown phase 1 by the text's
hash, and the last build's state (input hashes, pages, dependency graph, problems), so the
next build renders only what changed, or nothing at all. Every key includes the engine's
own fingerprint (its version and source, the Markdown and sanitiser versions), so a cache
from another version is never used. It is one SQLite file: a half-written update is rolled
back by SQLite itself, and a file that cannot be read is set aside and started afresh.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path

from ..content.markdown import Fragment
from .state import State, from_plain, to_plain

FILE = "factsite.sqlite"
BATCH = 500  # keys per query


@cache
def engine() -> str:
    """The fingerprint of everything a cached result depends on besides its input."""
    digest = hashlib.sha256()
    for name in ("markdown", "nh3", "jinja2", "babel"):
        digest.update(f"{name}={metadata.version(name)};".encode())
    for path in sorted(Path(__file__).parent.parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fragment_key(source: str, inline: bool) -> str:
    return hashlib.sha256(f"{engine()}\0{int(inline)}\0{source}".encode()).hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE
        self.db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self.db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.db = self._open()
            except (sqlite3.Error, OSError):
                try:  # unreadable: set it aside and start afresh
                    self.path.unlink(missing_ok=True)
                    self.db = self._open()
                except (sqlite3.Error, OSError):
                    self.db = None
        return self.db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS fragments (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS states (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("SELECT count(*) FROM fragments").fetchone()  # fails on a corrupt file
        return db

    # -- Markdown phase 1 ------------------------------------------------------------------
    def fragments(self, keys: Iterable[tuple[str, bool]]
                  ) -> Iterator[tuple[tuple[str, bool], Fragment]]:
        """(key, fragment) for each of these texts the cache has, one at a time."""
        db = self._connect()
        if db is None:
            return
        by_hash = {fragment_key(*key): key for key in keys}
        hashes = list(by_hash)
        try:
            for i in range(0, len(hashes), BATCH):
                part = hashes[i:i + BATCH]
                rows = db.execute(f"SELECT key, value FROM fragments WHERE key IN "
                                  f"({','.join('?' * len(part))})", part).fetchall()
                for key, value in rows:
                    fragment = _decode(value)
                    if fragment is not None:
                        yield by_hash[key], fragment
        except sqlite3.Error:
            return

    def add_fragments(self, fragments: dict[tuple[str, bool], Fragment]) -> bool:
        """Keep these; False if the cache could not."""
        db = self._connect()
        if db is None:
            return False
        rows = ((fragment_key(*key), _encode(f)) for key, f in fragments.items())  # one at a time
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?)", rows)
        except sqlite3.Error:
            return False
        return True

    def html(self, key: str) -> str | None:
        """The HTML of the fragment kept under `key` (from any process), or None."""
        db = self._connect()
        try:
            row = db.execute("SELECT value FROM fragments WHERE key = ?", (key,)).fetchone() \
                if db else None
            html = marshal.loads(row[0])[0] if row else None  # (the HTML alone: per page)
        except (sqlite3.Error, ValueError, EOFError, TypeError, IndexError, KeyError):
            return None
        return html if isinstance(html, str) else None

    # -- the last build's state -------------------------------------------------------------
    def state(self, name: str) -> State | None:
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM states WHERE key = ?",
                             (f"{engine()}:{name}",)).fetchone()
            return from_plain(marshal.loads(zlib.decompress(row[0]))) if row else None
        except (sqlite3.Error, zlib.error, EOFError, TypeError, ValueError, KeyError, IndexError):
            return None  # unreadable: the next build is a full one

    def save_state(self, name: str, state: State) -> None:
        db = self._connect()
        if db is None:
            return
        # (compressed: a big site's state is tens of MB, and SQLite takes a copy of it)
        packed = zlib.compress(marshal.dumps(to_plain(state)), 1)
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO states VALUES (?, ?)",
                           (f"{engine()}:{name}", packed))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _encode(fragment: Fragment) -> bytes:
    return marshal.dumps((fragment.html, fragment.packed, fragment.problems))


def _decode(value: bytes) -> Fragment | None:
    try:
        html, packed, problems = marshal.loads(value)
        marshal.loads(packed)  # (a damaged entry fails here, not when its page renders)
        return Fragment(html, packed, tuple(problems))
    except (ValueError, EOFError, TypeError):
        return None  # a damaged entry is parsed again
