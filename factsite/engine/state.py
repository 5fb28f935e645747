"""What one build leaves for the next, so that the next renders only what changed.

The link stage records, for every output page, the input files it shows (the dependency
graph). A page is rendered again when its own description changed (a listing's items, its
template), when any input it showed before or shows now changed, when its file is missing
from the output, or when anything every page shows changed (a template, the interface
strings, the CSS, the site-wide menu): the `look`. The other pages are kept as they are on
disk. When no input and no template changed at all, there is nothing to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.markdown import Fragment
from ..diagnostics import Diagnostic, Pos, Severity
from ..evidence.quotes import Tally
from ..site.pages import OutputPage, url_to_path

if TYPE_CHECKING:
    from ..site.index import Linked


@dataclass(frozen=True)
class Stamp:
    """What a build is made from: when two builds have the same stamp, they make the same
    output."""

    inputs: Mapping[str, str]  # input file → hash of its bytes
    templates: str  # hash of the template folders' files
    drafts: bool
    day: dt.date  # the day figures' staleness is measured on


@dataclass(frozen=True)
class State:
    stamp: Stamp
    look: str = ""  # hash of what every page shows
    pages: Mapping[str, OutputPage] = field(default_factory=dict)  # output path → its page
    graph: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()  # the warnings it reported
    base_path: str = ""
    quotes: Tally | None = None  # the quotes verified
    published: frozenset[str] = frozenset()  # the feeds, sitemap and data files it made
    fragments: Mapping[tuple[str, bool], Fragment] = field(default_factory=dict, compare=False)
    memo: tuple[dict | None, ...] = field(default=(None, None, None), compare=False)


def templates_digest(template_dirs: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for directory in template_dirs:
        if directory.is_dir():
            for path in sorted(directory.rglob("*")):
                if path.is_file():
                    digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def nothing_changed(previous: State | None, stamp: Stamp, present: set[str]) -> bool:
    """True when the last build's output is still exactly what this one would make."""
    return previous is not None and previous.stamp == stamp \
        and previous.pages.keys() <= present


def changed_inputs(previous: State, inputs: Mapping[str, str]) -> set[str]:
    """Input files added, removed or edited since the previous build."""
    return {path for path in previous.stamp.inputs.keys() | inputs.keys()
            if previous.stamp.inputs.get(path) != inputs.get(path)}


def stale_pages(previous: State | None, linked: Linked, stamp: Stamp, look: str,
                present: set[str]) -> set[str] | None:
    """The output paths to render again; None when every page must be."""
    if previous is None or previous.look != look:
        return None
    changed = changed_inputs(previous, stamp.inputs)
    stale = set()
    for page in linked.outputs:
        if previous.pages.get(page.path) != page or page.path not in present \
                or not changed.isdisjoint(linked.graph[page.path]) \
                or not changed.isdisjoint(previous.graph.get(page.path, ())):
            stale.add(page.path)
    # A redirect shows its target's title ("page 1 of 4"): it is rendered again with it.
    return stale | {page.path for page in linked.outputs if page.template == "redirect.html"
                    and url_to_path(page.key) in stale}


# ---- keeping the state between runs: plain values, which marshal reads in milliseconds ----


def to_plain(state: State) -> tuple:
    stamp = state.stamp
    return (_dict(stamp.inputs), stamp.templates, stamp.drafts, stamp.day.toordinal(),
            state.look,
            [(p.path, p.url, p.template, p.key, p.items, p.number, p.count)
             for p in state.pages.values()],
            _dict(state.graph),
            [(d.pos.path, d.pos.line, d.pos.col, d.severity.value, d.message)
             for d in state.diagnostics],
            state.base_path,
            (state.quotes.verified, state.quotes.total) if state.quotes else None,
            sorted(state.published))


def _dict(mapping: Mapping) -> dict:
    """The mapping as a dict, copied only if it is not one (a big site's have 100,000 keys)."""
    return mapping if type(mapping) is dict else dict(mapping)


def from_plain(data: tuple) -> State:
    (inputs, templates, drafts, day, look, pages, graph, diagnostics, base_path, quotes,
     published) = data
    return State(
        Stamp(inputs, templates, drafts, dt.date.fromordinal(day)), look,
        {p[0]: OutputPage(*p) for p in pages},
        graph,
        tuple(Diagnostic(Pos(*d[:3]), Severity(d[3]), d[4]) for d in diagnostics),
        base_path, Tally(*quotes) if quotes else None, frozenset(published))
