"""The output files a build makes, and what each one shows.

An `Output` is one file of the site (a page, a feed, a data file, an asset); a `Kind` says
how outputs of one kind are planned (which there are, with their URLs, and for each the
input files it shows: the dependency graph) and made (a template and its context, or
bytes). The kinds themselves are declared in `kinds`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..content.slugs import is_slug, slugify
from ..diagnostics import Diagnostic
from ..site.facts import Facts
from ..site.index import Index
from ..site.urls import paginate, url_to_path
from . import editions


class Output(NamedTuple):
    """One file of the built site. (A big site has a hundred thousand: a named tuple is
    small, and quick to save with the plan.)"""

    path: str  # the file, relative to the output folder: claims/x/index.html
    url: str  # its URL relative to base_url: claims/x/
    kind: str  # its kind's name
    key: str = ""  # the claim, source, tag… it shows
    items: tuple[str, ...] = ()  # a listing page's items
    number: int = 1  # a listing page's number
    count: int = 1  # how many pages the listing has
    lang: str = ""  # another language's edition (its path starts <code>/; `url` does not)

    @property
    def address(self) -> str:
        """Its URL relative to base_url, in its edition: es/claims/x/."""
        return f"{self.lang}/{self.url}" if self.lang else self.url


# An output, and the inputs it shows: files by their path in the site, template:<name>,
# asset:<path>, another output (OUTPUT + its path), or PLAN (the list of outputs itself).
Planned = tuple[Output, Iterable[str]]
OUTPUT = "output:"
PLAN = "plan"


@dataclass(frozen=True)
class Scope:
    """What outputs are planned from: the index, and the assets (by output path); and the
    outputs planned so far (the sitemap, planned after the pages, lists them)."""

    index: Index
    assets: frozenset[str]
    site_dir: Path
    planned: Mapping[str, Output] = field(default_factory=dict)
    edition: Any = None  # the editions.Edition being planned (None: the site's own)
    history: Any = None  # site.history.History: each check's revisions (None: none read)

    def pages(self, kind: str, ids: Iterable[str]) -> tuple[str, ...]:
        """The claims (articles, pages) with a page of their own in this edition: all of
        them in the site's own language, the translated ones in another."""
        return tuple(i for i in ids if editions.has(self.index, self.edition, kind, i))

    def listed(self, kind: str, ids: Iterable[str]) -> tuple[str, ...]:
        """The items a listing of this edition shows: every one, unless site.yaml's
        `untranslated` hides those not translated into it."""
        return editions.shown(self.index, self.edition, kind, ids)


@dataclass(frozen=True)
class Kind:
    """One kind of output, declared once: how its outputs are planned, and how each is made
    (a template laying out a context, bytes made directly, or a picture drawn from what
    its context returns)."""

    name: str
    plan: Callable[[Scope], Iterable[Planned]]
    template: str | None = None
    context: Callable[[Output, Any], Any] | None = None  # (output, Views): a page's values
    make: Callable[[Output, Any], bytes] | None = None  # (output, Views)
    draw: Callable[[Any], bytes] | None = None  # (what `context` returned), in a worker
    what: str = ""  # in words, for messages about a file it makes

    @property
    def generated(self) -> bool:
        """A file the site makes itself: not a page, not an asset copied as it is."""
        return (self.make is not None and self.name != "asset") or self.draw is not None


@dataclass(frozen=True)
class Plan:
    """Every output of the site, in order, and what each shows."""

    outputs: Mapping[str, Output]  # by path
    graph: Mapping[str, tuple[str, ...]]  # path → the inputs it shows, sorted
    problems: tuple[Diagnostic, ...] = ()
    shows: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # → outputs it shows

    def readers(self) -> dict[str, list[str]]:
        """Input → the outputs that show it (made once per plan: the preview keeps one plan
        across saves that leave the site's facts as they were)."""
        found = self.__dict__.get("_readers")
        if found is None:
            found = {}
            for path, inputs in self.graph.items():
                for name in inputs:
                    found.setdefault(name, []).append(path)
            object.__setattr__(self, "_readers", found)
        return found

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_readers"}

    def at(self, url: str) -> Output | None:
        """The page at a URL (relative to base_url)."""
        return self.outputs.get(url_to_path(url))


# ---- what pages show: the inputs behind them -------------------------------------------


def claim_files(index: Index, ids: Iterable[str]) -> set[str]:
    """Claims as cards show them: each one's file (and its translations: a card shows the
    claim in the page's language), and the file its claimant's name is read from (the
    claimant's own file, or the first claim that spells the name)."""
    out = set()
    translations = index.translations
    for cid in ids:
        out.add(index.file("claim", cid))
        out.add(index.claimants[index.claimant_of[cid]].named_by)
        out.update(translations.get(("claim", cid), {}).values())
    return out


def repeater_files(index: Index, facts: Facts) -> set[str]:
    """The files the names of those who repeated a claim are read from (a claimant's own
    file, when an appearance names one by its id)."""
    return {index.claimants[slug].named_by for written in facts.repeaters
            if (slug := written if is_slug(written) else slugify(written)) in index.claimants}


def tag_files(index: Index, tags: Iterable[tuple[str, Any]]) -> set[str]:
    """The files these tags' names are read from. (When the first spelling moves to
    another file, both files changed, and a page is rendered again when an input it
    showed before or shows now changed.)"""
    return {index.tags[slugify(tag)].named_by for tag, _ in tags}


def article_files(index: Index, ids: Iterable[str]) -> set[str]:
    """Articles as cards show them: each one's file, and its translations (a card shows the
    article in the page's language)."""
    out = set()
    for aid in ids:
        out.add(index.file("article", aid))
        out.update(index.translations.get(("article", aid), {}).values())
    return out


def text_files(index: Index, facts: Facts) -> set[str]:
    """The files a record's Markdown texts show, in every language it is translated into:
    cited sources, linked claims, and the claims (and their sources) whose figures they
    show; and, for each claim, article or page a text links to, its translations (in
    another language's edition, the link goes to its page there, when it has one)."""
    out: set[str] = set()
    translated = index.translations.get((facts.kind, facts.id), {}).values()
    for shown in (facts, *(index.facts[rel] for rel in translated if rel in index.facts)):
        for ref in shown.refs:
            if ref.field:
                continue
            if ref.kind == "source" and ("source", ref.key) in index.owners:
                out.add(index.file("source", ref.key))
            elif ref.kind == "claim" and ("claim", ref.key) in index.owners:
                out |= _with_translations(index, "claim", ref.key)
            elif ref.kind == "figure" and ("claim", ref.claim or facts.id) in index.owners:
                target = index.of("claim", ref.claim or facts.id)
                out |= _with_translations(index, "claim", target.id)
                out.update(index.file("source", s) for f, s in target.figures
                           if f == ref.key and ("source", s) in index.owners)
            elif ref.kind == "url" and (linked := _linked(ref.key)) in index.owners:
                out |= _with_translations(index, *linked)
    return out


def _with_translations(index: Index, kind: str, key: str) -> set[str]:
    return {index.file(kind, key), *index.translations.get((kind, key), {}).values()}


def _linked(url: str) -> tuple[str, str]:
    """The claim, article or page a /path link in a text goes to, by its URL."""
    parts = url.split("#")[0].split("?")[0].strip("/").split("/")
    if len(parts) == 2 and parts[0] in ("claims", "articles"):
        return parts[0][:-1], parts[1]
    return ("page", parts[0]) if len(parts) == 1 else ("", "")


def listing(index: Index, kind: str, base: str, items: tuple[str, ...],
            shows: Callable[[tuple[str, ...]], set[str]], key: str = "",
            common: Iterable[str] = (), first_page: Iterable[str] = ()) -> Iterator[Planned]:
    """A listing, paginated: each page shows `common` and its own items (`shows(items)`:
    their files), the first page also `first_page`. Which items a page holds, and how
    many pages there are, is part of the page itself, so a change of order or count
    renders the pages again. Past one page, /page/1/ redirects to the first."""
    for url, chunk, number, count in paginate(base, items, index.site.per_page):
        deps = {*common, *shows(chunk), *(first_page if number == 1 else ())}
        yield Output(url_to_path(url), url, kind, key, chunk, number, count), deps
        if number == 2:  # (a redirect shows its target's title)
            old = f"{base}page/1/"
            yield Output(url_to_path(old), old, REDIRECT, base), {OUTPUT + url_to_path(base)}


REDIRECT = "redirect"  # the kind of an old address that sends readers on
