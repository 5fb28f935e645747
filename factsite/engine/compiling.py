"""What the engine's workers do with a file: read it, compile it (`site.units`), and, for
a claim, check its evidence against the sources compiled before it; handed back as the
bytes the cache keeps, so that the process that asked stores them as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..content.files import SourceFile, digest_of
from ..content.model import Claim
from ..diagnostics import Diagnostic
from ..evidence.checks import Checked, check_claim
from ..evidence.wording import folder_of
from ..site.facts import pack
from ..site.units import Unit, compile_file
from .memo import Memo
from .parallel import shared
from .store import dumps

WAVES = (("site", "source", "stored", "appearance", "claimant", "person"),
         ("claim", "article", "page", "claim-translation", "article-translation",
          "page-translation"))


class Made(NamedTuple):
    """What a worker makes of one file: its unit as the store keeps it (this process stores
    it as it is, and decodes it only when something asks for its record), its facts
    (packed) and its problems, its texts' Markdown as the store keeps them, and a claim's
    evidence checked."""

    unit: bytes
    facts: bytes | None
    problems: tuple[Diagnostic, ...]
    fragments: tuple[tuple[str, bytes], ...]
    checked: Checked | None = None


class Source(NamedTuple):
    """A file a claim's evidence reads: its unit in the memo, and the file itself (compiled
    again if the memo does not have it)."""

    unit: str
    file: SourceFile

    def record(self, memo: Memo) -> Any:
        unit = memo.unit(self.unit)
        if unit is None:
            f = self.file
            unit = compile_file(f.kind, f.rel, f.path, f.read())
        return unit.record


class Evidence(NamedTuple):
    """What checking claims while they are compiled reads (the workers inherit it)."""

    memo: Memo
    day: dt.date
    language: str
    stale: Any
    sources: Mapping[str, Source]  # source id → its file
    copies: Mapping[str, Source]  # source id → its stored copy
    folders: Mapping[str, Mapping[str, Source]]  # a claim's appearances/ folder → its copies

    def check(self, claim: Claim) -> Checked:
        sources = {s: self.sources[s].record(self.memo) for s in claim.quoted
                   if s in self.sources}
        copies = {s: self.copies[s].record(self.memo) for s in sources if s in self.copies}
        folder = {name: f.record(self.memo)
                  for name, f in self.folders.get(folder_of(claim), {}).items()}
        return check_claim(claim, sources, copies, self.day, self.language, self.stale,
                           folder)


def compile_one(f: SourceFile) -> tuple[str, str, Made]:
    """Read one file, and compile it: its digest (as read now), its unit's key, and what
    it gave."""
    data = f.read()
    digest = digest_of(data)
    unit = compile_file(f.kind, f.rel, f.path, data)
    return digest, Memo.unit_key(f.kind, f.rel, f.path, digest), made_of(unit, shared())  # type: ignore


def made_of(unit: Unit | None, evidence: Evidence | None) -> Made | None:
    if unit is None:
        return None
    lean = Unit(unit.kind, unit.rel, unit.record, unit.facts, unit.problems)
    checked = evidence.check(unit.record) if evidence and isinstance(unit.record, Claim) \
        else None
    return Made(dumps(lean), pack(unit.facts) if unit.facts else None, unit.problems,
                tuple((Memo.fragment_key(k), dumps(f)) for k, f in unit.fragments), checked)
