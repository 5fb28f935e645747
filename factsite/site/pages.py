"""The output pages of a linked site, their URLs, and the dependency graph: for each page,
the input files it shows. Live preview and incremental builds re-render from the graph."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.model import Claim, Source, Text
from ..content.slugs import slugify
from ..diagnostics import Diagnostic, Pos, error

if TYPE_CHECKING:
    from .index import Linked


@dataclass(frozen=True, slots=True)
class OutputPage:
    path: str  # the file, relative to the output folder: claims/x/index.html
    url: str  # its URL relative to base_url: claims/x/
    template: str
    key: str = ""  # the claim, source, tag… it shows
    items: tuple[str, ...] = ()  # a listing page's items
    number: int = 1  # a listing page's number
    count: int = 1  # how many pages the listing has


# ---- URLs (relative to base_url) -------------------------------------------------------------

def url_for(kind: str, key: str = "") -> str:
    if kind == "page":
        return f"{key}/"
    if kind == "home":
        return ""
    return f"{kind}/{key}/" if key else f"{kind}/"


def url_to_path(url: str) -> str:
    """claims/x/ → claims/x/index.html; 404.html stays."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def paginate(base: str, items: tuple[str, ...], per_page: int) -> list[tuple[str, tuple, int, int]]:
    """(url, items, page number, page count) for each page of a listing."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [()]
    return [(base if n == 1 else f"{base}page/{n}/", chunk, n, len(chunks))
            for n, chunk in enumerate(chunks, start=1)]


def plan_outputs(linked: Linked, diagnostics: list[Diagnostic]
                 ) -> tuple[tuple[OutputPage, ...], dict[str, frozenset[str]]]:
    """Every page the site has, and for each, the input files it shows."""
    site = linked.content.site
    per_page = site.per_page
    outputs: list[OutputPage] = []
    graph: dict[str, tuple[str, ...]] = {}
    assets = {a.path for a in linked.content.assets}
    templates: dict[str, str] = {}  # template name → "template:<name>", one string for all
    claim_files = {c.id: c.file for c in linked.claims.values()}

    def add(output: OutputPage, deps: set[str]) -> None:
        """A page, unless its path is refused or taken, and the files it shows: a sorted
        tuple, made at once (a big site has a hundred thousand pages, and their sets of
        files, all together, cost five times more)."""
        clean = posixpath.normpath(output.path)
        if clean != output.path or clean.startswith(("../", "/")) or clean.split("/")[0] == "..":
            diagnostics.append(error(Pos("site.yaml"), f"refused output path '{output.path}'"))
            return
        if output.path in graph or output.path in assets:
            owner = _owner(output, linked)
            diagnostics.append(error(owner, f"two things want the same file '{output.path}': "
                                     "rename one of them"))
            return
        outputs.append(output)
        template = templates.setdefault(output.template, "template:" + output.template)
        graph[output.path] = tuple(sorted(deps | {"site.yaml", template}))

    def claim_deps(ids: Iterable[str]) -> set[str]:
        """A claim as cards show it: its file, and the file its claimant's name is read
        from (the claimant's own file, or the first claim that spells the name)."""
        deps = set()
        for cid in ids:
            deps.add(claim_files[cid])
            deps.add(linked.claimants[linked.claimant_of[cid]].named_by)
        return deps

    def tag_deps(tags: Iterable[str]) -> set[str]:
        """The files these tags' names are read from. (When the first spelling moves to
        another file, both files changed, and a page is rendered again when an input it
        showed before or shows now changed.)"""
        return {linked.tags[slugify(tag)].named_by for tag in tags}

    def text_deps(text: Text | None, own: Claim | None = None) -> set[str]:
        deps: set[str] = set()
        if text is None:
            return deps
        for ref in linked.fragments[text].refs:
            if ref.kind == "cite":
                deps |= {linked.sources[s].file for s, _ in ref.args if s in linked.sources}
            elif ref.kind == "claim" and ref.args[0] in linked.claims:
                deps.add(claim_files[ref.args[0]])
            elif ref.kind == "figure":
                target = linked.claims.get(ref.args[0]) if ref.args[0] else own
                if target:
                    deps.add(target.file)
                    figure = target.figure(ref.args[1])
                    if figure and figure.source in linked.sources:
                        deps.add(linked.sources[figure.source].file)
        return deps

    def listing(base: str, template: str, key: str, items: tuple[str, ...],
                shows: Callable[[tuple[str, ...]], set[str]], common: set[str] = frozenset(),
                first_page: set[str] = frozenset()) -> None:
        """A listing, paginated: each page shows `common` and its own items (`shows(items)`:
        their files), the first page also `first_page`. Which items a page holds, and how
        many pages there are, is part of the page itself, so a change of order or count
        renders the pages again."""
        first: set[str] = set()
        for url, chunk, number, count in paginate(base, items, per_page):
            deps = common | shows(chunk) | (first_page if number == 1 else set())
            first = first or deps
            add(OutputPage(url_to_path(url), url, template, key, chunk, number, count),
                deps)
            if number == 2:  # page/1/ is the first page: redirect it there (it shows the
                old = f"{base}page/1/"  # first page's title, so it shows what that shows)
                add(OutputPage(url_to_path(old), old, "redirect.html", base), first)

    def items_deps(keys: Iterable[str]) -> set[str]:
        """The files behind listed items: "claim:id" or "article:id" (a bare id is a claim)."""
        deps: set[str] = set()
        for item in keys:
            kind, _, key = item.rpartition(":")
            deps |= {linked.articles[key].file} if kind == "article" else claim_deps([key])
        return deps

    all_claims = tuple(linked.claims)
    add(OutputPage("index.html", "", "home.html", items=all_claims),
        claim_deps(all_claims) | {a.file for a in linked.articles.values()})
    listing("claims/", "claims.html", "", all_claims, claim_deps)
    for claim in linked.claims.values():
        deps = {claim.file} | claim_deps([claim.id, *linked.related.get(claim.id, ())])
        deps |= {f for e in linked.entries[("claim", claim.id)]
                 for f in source_files(linked.sources[e.source])}
        deps |= {f for fig in claim.figures if fig.source in linked.sources
                 for f in source_files(linked.sources[fig.source])}
        for text in (claim.summary, claim.analysis, *(c.text for c in claim.corrections)):
            deps |= text_deps(text, claim)
        deps |= tag_deps(claim.tags)
        url = url_for("claims", claim.id)
        add(OutputPage(url_to_path(url), url, "claim.html", claim.id), deps)
        for alias in claim.aliases:
            alias_url = alias.lstrip("/")
            if not alias_url.endswith(("/", ".html", ".htm")):
                alias_url += "/"
            add(OutputPage(url_to_path(alias_url), alias_url, "redirect.html", url),
                deps)
    source_ids = tuple(linked.sources)
    listing("sources/", "sources.html", "", source_ids,
            lambda ids: {linked.sources[s].file for s in ids})
    for source in linked.sources.values():
        uses = linked.uses[source.id]
        quoting = {(linked.articles[u.id].file if u.kind == "article" else claim_files[u.id])
                   for u in uses if u.quotes}  # the first page counts the quotes verified
        listing(url_for("sources", source.id), "source.html", source.id,
                tuple(f"{u.kind}:{u.id}" for u in uses), items_deps, source_files(source),
                quoting)
    add(OutputPage("tags/index.html", "tags/", "tags.html", items=tuple(linked.tags)),
        claim_deps(all_claims) | {a.file for a in linked.articles.values()})
    for tag in linked.tags.values():
        listing(url_for("tags", tag.slug), "tag.html", tag.slug,
                tag.claims + tuple(f"article:{a}" for a in tag.articles), items_deps,
                {tag.named_by})
    add(OutputPage("ratings/index.html", "ratings/", "ratings.html"),
        claim_deps(all_claims))
    for rating in site.ratings:
        ids = linked.by_rating[rating.id]
        listing(url_for("ratings", rating.id), "rating.html", rating.id, ids, claim_deps)
    add(OutputPage("claimants/index.html", "claimants/", "claimants.html",
                   items=tuple(linked.claimants)),
        claim_deps(all_claims) | {c.file for c in linked.content.claimants})
    for claimant in linked.claimants.values():
        listing(url_for("claimants", claimant.slug), "claimant.html", claimant.slug,
                claimant.claims, claim_deps, {claimant.file or claimant.named_by})
    article_ids = tuple(linked.articles)
    listing("articles/", "articles.html", "", article_ids,
            lambda ids: {linked.articles[a].file for a in ids})
    for article in linked.articles.values():
        url = url_for("articles", article.id)
        add(OutputPage(url_to_path(url), url, "article.html", article.id),
            {article.file} | text_deps(article.body) | tag_deps(article.tags))
    def correction_deps(keys: tuple[str, ...]) -> set[str]:
        deps: set[str] = set()
        for key in keys:
            cid, _, index = key.partition("#")
            claim = linked.claims[cid]
            deps |= claim_deps([cid]) | text_deps(claim.corrections[int(index)].text, claim)
        return deps

    listing("corrections/", "corrections.html", "",
            tuple(f"{cid}#{i}" for cid, i in linked.corrections), correction_deps)
    for page in linked.pages.values():
        url = url_for("page", page.id)
        add(OutputPage(url_to_path(url), url, "page.html", page.id),
            {page.file} | text_deps(page.body))
    if site.search:
        add(OutputPage("search/index.html", "search/", "search.html"), set())
    add(OutputPage("404.html", "404.html", "404.html"), set())

    return tuple(outputs), graph


def source_files(source: Source) -> set[str]:
    """A source's file and its stored copy (whether its quotes are verified)."""
    return {source.file, *([source.stored.rel] if source.stored else [])}


def _owner(output: OutputPage, linked: Linked) -> Pos:
    if output.template == "redirect.html":
        for claim in linked.claims.values():
            if "/" + output.url in claim.aliases or "/" + output.url.rstrip("/") in claim.aliases:
                return claim.loc("aliases")
    if output.template == "page.html" and output.key in linked.pages:
        return Pos(linked.pages[output.key].pos.path)
    return Pos("site.yaml")
