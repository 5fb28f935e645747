"""What one build leaves for the next, so that the next renders only what changed.

The link stage records, for every output page, the input files it shows (the dependency
graph). A page is rendered again when its own description changed (a listing's items, its
template), when any input it showed before or shows now changed, or when anything every
page shows changed (a template, the interface strings, the CSS, the site-wide menu): the
`look`. Everything else keeps the bytes it had. Markdown phase 1 is kept by text, so an
unchanged text is never parsed twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .markup import Fragment
from .pages import OutputPage


@dataclass(frozen=True)
class State:
    inputs: Mapping[str, str] = field(default_factory=dict)  # input file → hash of its bytes
    look: str = ""  # hash of what every page shows
    pages: Mapping[str, OutputPage] = field(default_factory=dict)  # output path → its page
    graph: Mapping[str, frozenset[str]] = field(default_factory=dict)
    outputs: Mapping[str, bytes] = field(default_factory=dict)
    fragments: Mapping[tuple[str, bool], Fragment] = field(default_factory=dict)


def changed_inputs(previous: State, inputs: Mapping[str, str]) -> set[str]:
    """Input files added, removed or edited since the previous build."""
    return {path for path in previous.inputs.keys() | inputs.keys()
            if previous.inputs.get(path) != inputs.get(path)}


def stale_pages(previous: State | None, pages: tuple[OutputPage, ...],
                graph: Mapping[str, frozenset[str]], inputs: Mapping[str, str],
                look: str) -> set[str] | None:
    """The output paths to render again; None when every page must be."""
    if previous is None or previous.look != look:
        return None
    changed = changed_inputs(previous, inputs)
    stale = set()
    for page in pages:
        shown = graph[page.path] | previous.graph.get(page.path, frozenset())
        if previous.pages.get(page.path) != page or page.path not in previous.outputs \
                or shown & changed:
            stale.add(page.path)
    return stale
