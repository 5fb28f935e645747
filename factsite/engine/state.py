"""What one build leaves for the next: enough to redo only what changed.

For every input file, its digest, facts and problems; for every claim, its evidence as
checked (and the digest of what that read); the index and the plan (every output and the
inputs it shows: the dependency graph); the digest of what every page shows (`look`).
The records themselves are in the memo. A page is made again when its own description
changed (a listing's items, its kind), when any input it showed before or shows now
changed, when its file is missing from the output, or when the look changed; the other
pages are kept as they are on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..content.files import Stat
from ..content.model import Site
from ..diagnostics import Diagnostic
from ..evidence.quotes import Checked, Tally
from ..render.outputs import REDIRECT, Plan
from ..site.facts import Facts
from ..site.index import Index

if TYPE_CHECKING:
    from .memo import Memo

PLAN = "plan"  # the input that changes when the plan is made again (the sitemap shows it)


class FileState(NamedTuple):
    """One input file as the last build compiled it."""

    kind: str
    digest: str
    unit: str  # its unit's key in the memo
    facts: Facts | None
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class State:
    site_dir: str
    drafts: bool
    day: dt.date  # the day figures' staleness was measured on
    made_at: int  # when the files were scanned (ns): older unchanged files are trusted
    stats: Mapping[str, Stat]
    files: Mapping[str, FileState]  # every input file, by its path in the site
    assets: Mapping[str, str]  # output path → digest
    templates: str  # the digest of the template folders
    site: Site | None
    checked: Mapping[str, tuple[str, Checked]]  # claim id → (what it read, its evidence)
    index: Index | None
    plan: Plan | None
    look: str = ""
    dirty: frozenset[str] = frozenset()  # outputs this build did not make, but should have
    problems: tuple[Diagnostic, ...] = ()  # every problem the build reported
    tally: Tally = field(default_factory=Tally)
    memo: Memo | None = field(default=None, compare=False)  # the preview's, kept in memory

    @property
    def digests(self) -> dict[str, str]:
        out = {rel: f.digest for rel, f in self.files.items()}
        out.update({f"asset:{path}": digest for path, digest in self.assets.items()})
        return out

    def __getstate__(self) -> dict:  # (the memo is not saved with it)
        return {**self.__dict__, "memo": None}


def changed_inputs(previous: State | None, digests: Mapping[str, str]) -> set[str]:
    """Input files added, removed or edited since the previous build."""
    if previous is None:
        return set(digests)
    before = previous.digests
    return {path for path in before.keys() | digests.keys()
            if before.get(path) != digests.get(path)}


def stale(previous: State | None, plan: Plan, changed: set[str], look: str,
          present: set[str] | None) -> set[str] | None:
    """The outputs to make again (None: all of them). `present`: the files the output
    folder still has (None: trust that it has every file the last build made)."""
    if previous is None or previous.plan is None or previous.look != look:
        return None
    before = previous.plan
    out = set(previous.dirty)
    for path, output in plan.outputs.items():
        if before.outputs.get(path) != output or (present is not None and path not in present) \
                or not changed.isdisjoint(plan.graph[path]) \
                or not changed.isdisjoint(before.graph.get(path, ())):
            out.add(path)
    # A redirect shows its target's title ("page 1 of 4"): it is made again with it.
    return out | {path for path, output in plan.outputs.items()
                  if output.kind == REDIRECT and plan.at(output.key) is not None
                  and plan.at(output.key).path in out}  # type: ignore[union-attr]
