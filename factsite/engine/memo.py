"""What the per-file stages made, remembered by the digests of what they read.

Two queries are kept: a compiled file (`Unit`, by the file's name and digest) and a
Markdown text's phase 1 (`Fragment`, by the text). Both are pure functions of those, so a
remembered result is as good as a new one. They are kept as the bytes the store keeps
(compact: a worker process makes them, and this process stores them as they are), in
memory up to a bound (the preview keeps all of its session's), and in the site's .cache/
between builds; a record is decoded when a page asks for it, and the most recent decoded
ones are kept too.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from ..content.markdown import Fragment
from ..site.units import Unit
from .store import Store, key, loads

KEPT_BYTES = 8 << 20  # a command-line build keeps this much of its units in memory
BATCH = 2000  # units and fragments written to the store at a time
DECODED = 1024  # units (and fragments) kept decoded
SMALL = frozenset({"site", "source", "claimant"})  # kept decoded, however many


class Memo:
    def __init__(self, store: Store, keep_all: bool = False) -> None:
        self.store = store
        self.keep_all = keep_all or store.path is None  # (nowhere else to keep them)
        self._raw: OrderedDict[str, bytes] = OrderedDict()  # units and fragments, by key
        self._size = 0
        self._decoded: OrderedDict[str, Any] = OrderedDict()
        self._small: dict[str, Unit] = {}  # sources and claimants, small and often shown
        self._pending: list[tuple[str, bytes]] = []  # added, not yet in the store

    @staticmethod
    def unit_key(kind: str, rel: str, path: str, digest: str) -> str:
        return key("unit", kind, rel, path, digest)

    @staticmethod
    def fragment_key(text_key: tuple[str, bool]) -> str:
        return key("markdown", str(int(text_key[1])), text_key[0])

    def known(self, keys: Iterable[str]) -> set[str]:
        """Which of these units the memo has (in memory or in the store)."""
        keys = list(keys)
        found = {k for k in keys if k in self._raw}
        found.update(self.store.has_many(k for k in keys if k not in found))
        return found

    def add(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Remember these units and fragments, as the store keeps them (written to it in
        batches: `flush` writes what is left)."""
        for name, data in items:
            self._pending.append((name, data))
            self._keep(name, data)
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.store.put_raw(self._pending)
        self._pending = []

    def unit(self, unit_key: str) -> Unit | None:
        found = self._decode(unit_key)
        return found if isinstance(found, Unit) else None

    def fragment(self, text_key: tuple[str, bool]) -> Fragment | None:
        found = self._decode(self.fragment_key(text_key))
        return found if isinstance(found, Fragment) else None

    def _decode(self, name: str) -> Any:
        found = self._decoded.get(name) or self._small.get(name)
        if found is not None:
            return found
        data = self._raw.get(name)
        if data is None:
            data = self.store.get_raw(name)
            if data is None:
                return None
            self._keep(name, data)
        try:
            value = loads(data)
        except Exception:
            return None
        self._decoded[name] = value
        if isinstance(value, Unit) and value.kind in SMALL:
            self._small[name] = value  # (a source is shown on many pages: always at hand)
        if len(self._decoded) > DECODED and not self.keep_all:
            self._decoded.popitem(last=False)
        return value

    def _keep(self, name: str, data: bytes) -> None:
        old = self._raw.pop(name, None)
        self._size += len(data) - (len(old) if old else 0)
        self._raw[name] = data
        if self.keep_all or self._size <= KEPT_BYTES:
            return
        self.flush()  # (what is let go of must be in the store first)
        while self._raw and self._size > KEPT_BYTES * 3 // 4:  # (room for the next ones:
            _, dropped = self._raw.popitem(last=False)  # one write to the store for many)
            self._size -= len(dropped)
