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
from ..evidence.quotes import Checked, check_claim
from ..site.facts import pack
from ..site.units import Unit, compile_file
from .memo import Memo
from .parallel import shared
from .store import dumps

WAVES = (("site", "source", "stored", "claimant"), ("claim", "article", "page"))


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

    def check(self, claim: Claim) -> Checked:
        quoted = {e.source for e in claim.sources if e.quote} | \
            {f.source for f in claim.figures if f.quote}
        sources = {s: self.sources[s].record(self.memo) for s in quoted if s in self.sources}
        copies = {s: self.copies[s].record(self.memo) for s in sources if s in self.copies}
        return check_claim(claim, sources, copies, self.day, self.language, self.stale)


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
