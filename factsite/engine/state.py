"""What one build leaves for the next: enough to redo only what changed.

The `Stamp` is small: what the build was made from (every input's digest, the templates',
the day) and what it said. A build that finds the same is done once it has read it. The
`State` has the rest: for every input file its facts and problems, for every claim its
evidence as checked (and the digest of what that read), the index, the plan (every output
and the inputs it shows: the dependency graph) and the digest of what every page shows
(`look`). The records themselves are in the memo.

An output is made again when its own description changed (a listing's items, its kind),
when an input it showed before or shows now changed, when an output it shows is made
again, when its file is missing from the output folder, or when the look changed; the
others are kept as they are on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..content.files import Files, Stat
from ..content.model import Site
from ..diagnostics import Diagnostic
from ..evidence.checks import Checked, Tally
from ..render.outputs import PLAN, Plan
from ..site.index import Index

if TYPE_CHECKING:
    from .memo import Memo


class FileState(NamedTuple):
    """One input file as the last build compiled it (its facts are in the index)."""

    kind: str
    digest: str
    unit: str  # its unit's key in the memo
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Stamp:
    site_dir: str
    drafts: bool
    day: dt.date  # the day figures' staleness was measured on
    made_at: int  # when the files were scanned (ns): older unchanged files are trusted
    stats: Mapping[str, Stat]
    digests: Mapping[str, str]  # every input (assets as asset:<path>) → its digest
    templates: str  # the digest of the template folders
    made: frozenset[str]  # every output file it made
    problems: tuple[Diagnostic, ...]  # every problem it reported
    tally: Tally
    pages: int
    base_path: str
    history: str = ""  # why no check's history is published ("": it is, or not asked for)


@dataclass(frozen=True)
class State:
    stamp: Stamp
    files: Mapping[str, FileState]  # every input file, by its path in the site
    site: Site
    checked: Mapping[str, Checked]  # claim id → its evidence, checked
    settings: tuple  # what every claim's evidence read besides its files (the day, …)
    index: Index
    plan: Plan
    look: str
    dirty: frozenset[str] = frozenset()  # outputs the build did not make, but should have
    # The preview's, kept in memory (not saved): the memo, and the last scan of the files.
    memo: Memo | None = field(default=None, compare=False)
    scan: Files | None = field(default=None, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "memo": None, "scan": None}


def changed_inputs(before: Mapping[str, str], digests: Mapping[str, str]) -> set[str]:
    """Input files added, removed or edited."""
    return {path for path in before.keys() | digests.keys()
            if before.get(path) != digests.get(path)}


def stale(previous: State | None, plan: Plan, changed: set[str], look: str,
          present: set[str] | None) -> set[str] | None:
    """The outputs to make again (None: all of them). `changed`: the inputs that changed
    (and PLAN, when the plan was made again); `present`: the files the output folder still
    has (None: trust that it has every file the last build made)."""
    if previous is None or previous.look != look:
        return None
    before = previous.plan
    out = set(previous.dirty)
    if plan is before and present is None:  # (the same plan: only what shows a change)
        readers = plan.readers()
        out.update(path for name in changed for path in readers.get(name, ()))
        return out | {path for path, others in plan.shows.items() if not out.isdisjoint(others)}
    for path, output in plan.outputs.items():
        if before.outputs.get(path) != output or (present is not None and path not in present) \
                or not changed.isdisjoint(plan.graph[path]) \
                or not changed.isdisjoint(before.graph.get(path, ())):
            out.add(path)
    # An output that shows another (a redirect its target's title) is made again with it.
    return out | {path for path, others in plan.shows.items() if not out.isdisjoint(others)}


__all__ = ["PLAN", "FileState", "Stamp", "State", "changed_inputs", "stale"]
