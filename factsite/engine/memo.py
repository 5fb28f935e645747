"""What the per-file stages made, remembered by the digests of what they read.

Two queries are kept: a compiled file (`Unit`, by the file's name and digest) and a
Markdown text's phase 1 (`Fragment`, by the text). Both are pure functions of those, so a
remembered result is as good as a new one. They are kept in memory (all of them for the
preview, which keeps one Memo for its whole session; the most recent for a command-line
build) and, with a store, in the site's .cache/ between builds. A page being rendered
asks for the record of each file it shows; the memo finds it in memory or in the store.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from ..content.markdown import Fragment
from ..site.units import Unit
from .store import Store, key

RECENT = 25_000  # units (and fragments) a command-line build keeps in memory: a site of
# 10,000 claims, whole; a bigger one reads the rest back from the store as pages need them


class Memo:
    def __init__(self, store: Store, keep_all: bool = False) -> None:
        self.store = store
        self.keep_all = keep_all or store.path is None  # (nowhere else to keep them)
        self._units: OrderedDict[str, Unit] = OrderedDict()
        self._fragments: OrderedDict[tuple[str, bool], Fragment] = OrderedDict()

    @staticmethod
    def unit_key(kind: str, rel: str, path: str, digest: str) -> str:
        return key("unit", kind, rel, path, digest)

    # -- compiled files -------------------------------------------------------------------
    def units(self, keys: Iterable[str]) -> dict[str, Unit]:
        """The units these keys have been remembered for (in memory, else in the store)."""
        found = {k: self._units[k] for k in keys if k in self._units}
        missing = [k for k in keys if k not in found]
        if missing:
            for k, unit in self.store.get_many(missing):
                if isinstance(unit, Unit):
                    found[k] = self._remember(self._units, k, unit)
        return found

    def unit(self, unit_key: str) -> Unit | None:
        found = self._units.get(unit_key)
        if found is None:
            found = self.store.get(unit_key)
            if not isinstance(found, Unit):
                return None
            self._remember(self._units, unit_key, found)
        return found

    def add_units(self, units: Iterable[tuple[str, Unit]]) -> None:
        """Remember these (a unit's fragments are kept apart, by their texts)."""
        batch = []
        for unit_key, unit in units:
            for text_key, fragment in unit.fragments:
                self._remember(self._fragments, text_key, fragment)
                batch.append((self._fragment_key(text_key), fragment))
            lean = Unit(unit.kind, unit.rel, unit.record, unit.facts, unit.problems)
            self._remember(self._units, unit_key, lean)
            batch.append((unit_key, lean))
            if len(batch) >= 1000:
                self.store.put_many(batch)
                batch = []
        self.store.put_many(batch)

    # -- Markdown phase 1 -----------------------------------------------------------------
    def fragment(self, text_key: tuple[str, bool]) -> Fragment | None:
        if text_key in self._fragments:
            return self._fragments[text_key]
        found = self.store.get(self._fragment_key(text_key))
        return self._remember(self._fragments, text_key, found) \
            if isinstance(found, Fragment) else None

    @staticmethod
    def _fragment_key(text_key: tuple[str, bool]) -> str:
        return key("markdown", str(int(text_key[1])), text_key[0])

    def _remember(self, kept: OrderedDict, name: Any, value: Any) -> Any:
        kept[name] = value
        if not self.keep_all and len(kept) > RECENT:
            kept.popitem(last=False)  # (the oldest kept: a big site's pages are made in
        return value  # about the order their files were read)

    def forget_except(self, keys: set[str]) -> None:
        """Let go of the units of files that are gone (the preview, after each build)."""
        for name in [k for k in self._units if k not in keys]:
            del self._units[name]
