"""Every kind of output the site has, declared once: how its outputs are planned (their
URLs, and what each one shows) and how each is made (its template and context, or its
bytes). `plan` lists the whole site's outputs from the index; `context` is what a page's
template receives.

To add a kind of page: write its `plan_…` and context functions (see `pages`), its
template in the theme, and add a `Kind` to `KINDS` (docs/architecture.md walks through it).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, Pos, display_path, error, warning
from ..site.index import Index
from ..site.urls import url_to_path
from . import (
    dataschema,
    editions,
    embeds,
    feeds,
    history,
    opendata,
    organization,
    pages,
    shareimage,
    team,
)
from .outputs import OUTPUT, REDIRECT, Kind, Output, Plan, Planned, Scope
from .views import Views


def plan_redirects(scope: Scope) -> Iterator[Planned]:
    """(Redirects are planned with what they point to: old addresses with their claim,
    page/1/ with its listing.)"""
    return iter(())


def redirect(output: Output, views: Views) -> dict[str, Any]:
    """An old address: it sends readers on, and when shared shows the new page's card."""
    values = {"target": views.href(output.key), "page": {
        "title": views.t["moved"], "canonical": views.words.absolute(output.key)}}
    target = views.plan.at(output.key) if views.plan else None
    if target is not None:
        shown = context(target, views)["page"]
        values["page"].update(title=shown["title"], description=shown["description"],
                              type=shown["type"], image=shown["image"])
    return values


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("asset", feeds.plan_assets, make=feeds.asset),
    Kind("home", pages.plan_home, "home.html", pages.home),
    Kind("claims", pages.plan_claims, "claims.html", pages.claims),
    Kind("claim", pages.plan_claim, "claim.html", pages.claim),
    Kind("history", history.plan, "history.html", history.page),
    Kind("history-data", lambda scope: iter(()), make=history.data,
         what="a check's history.json"),
    Kind("history-schema", lambda scope: iter(()), make=history.schema,
         what="the JSON Schema of history.json"),
    Kind("share-image", shareimage.plan, context=shareimage.shown, draw=shareimage.draw,
         what="a claim's share image"),
    Kind(embeds.EMBED, embeds.plan_embed, "embed.html", embeds.embed),
    Kind("oembed", embeds.plan_oembed, make=embeds.oembed, what="a claim's oEmbed response"),
    Kind("sources", pages.plan_sources, "sources.html", pages.sources),
    Kind("source", pages.plan_source, "source.html", pages.source),
    Kind("tags", pages.plan_tags, "tags.html", pages.tags),
    Kind("tag", pages.plan_tag, "tag.html", pages.tag),
    Kind("ratings", pages.plan_ratings, "ratings.html", pages.ratings),
    Kind("rating", pages.plan_rating, "rating.html", pages.rating),
    Kind("claimants", pages.plan_claimants, "claimants.html", pages.claimants),
    Kind("claimant", pages.plan_claimant, "claimant.html", pages.claimant),
    Kind("articles", pages.plan_articles, "articles.html", pages.articles),
    Kind("article", pages.plan_article, "article.html", pages.article),
    Kind("corrections", pages.plan_corrections, "corrections.html", pages.corrections),
    Kind("page", pages.plan_page, "page.html", pages.page),
    Kind("funding", organization.plan_funding, "funding.html", organization.funding),
    Kind("funding-data", lambda scope: iter(()), make=organization.funding_data,
         what="the funding data"),
    Kind("team", team.plan_team, "team.html", team.masthead),
    Kind("person", team.plan_person, "person.html", team.person),
    Kind("search", pages.plan_search, "search.html", pages.search),
    Kind("404", pages.plan_not_found, "404.html", pages.not_found),
    Kind(REDIRECT, plan_redirects, "redirect.html", redirect),
    Kind("feed", feeds.plan_feed, make=feeds.feed, what="the Atom feed"),
    Kind("corrections-feed", feeds.plan_corrections_feed, make=feeds.corrections_feed,
         what="the corrections feed"),
    Kind("sitemap", feeds.plan_sitemap, make=feeds.sitemap, what="the sitemap"),
    Kind("robots", feeds.plan_robots, make=feeds.robots, what="robots.txt"),
    Kind("editor-schema", feeds.plan_editor_schemas, make=feeds.editor_schema,
         what="an editor JSON Schema"),
    Kind("data", opendata.plan, make=opendata.make, what="the open data"),
    Kind("data-schema", dataschema.plan, make=dataschema.make,
         what="the open data's JSON Schema"),
)}
OVERRIDABLE = {"robots.txt"}  # a file in static/ may take this generated file's place


def context(output: Output, views: Views) -> dict[str, Any]:
    """What a page's template receives besides the site-wide values: its kind's values,
    and `page` (title, description, canonical URL, pagination) filled in."""
    values = KINDS[output.kind].context(output, views)  # type: ignore[misc]
    page = {"url": views.href(output.url), "canonical": views.words.absolute(output.url),
            "description": views.site.description or "", "number": output.number,
            "count": output.count, "type": "website", "jsonld": None, "published": None,
            "modified": None, "image": None, "oembed": None,
            "alternates": editions.alternates(views.plan, views.index.site, output)
            if views.plan else (), **values["page"]}
    if output.count > 1:
        base = output.url if output.number == 1 else output.url.rsplit("page/", 1)[0]
        page["prev"] = None if output.number == 1 else views.href(
            base if output.number == 2 else f"{base}page/{output.number - 1}/")
        page["next"] = None if output.number == output.count else views.href(
            f"{base}page/{output.number + 1}/")
        which = views.t["page_of"].format(output.number, output.count)
        page["title"] = f"{page['title']} ({which})"
    return {**values, "page": page}


# ---- the plan ------------------------------------------------------------------------------


def plan(scope: Scope) -> Plan:
    """Every output of the site, with what each one shows; a path two things want, or
    that would leave the output folder, is a problem."""
    index = scope.index
    outputs: dict[str, Output] = scope.planned  # type: ignore[assignment]
    graph: dict[str, tuple[str, ...]] = {}
    problems: list[Diagnostic] = []
    templates: dict[str, str] = {}  # template → "template:<name>", one string for all
    for output, deps in _planned(scope):
        problem = _refused(output, outputs, scope)
        if problem:
            problems += [problem] if problem is not _QUIET else []
            continue
        outputs[output.path] = output
        own = KINDS[output.kind]
        shown = set(deps) | {"site.yaml"}
        if own.template:
            shown.add(templates.setdefault(own.template, "template:" + own.template))
        graph[output.path] = tuple(sorted(shown))
    problems += _hidden(outputs, index) + _broken_links(index, outputs) + \
        _no_logo(index, outputs) + organization.missing_pages(index)
    shows = {path: tuple(d[len(OUTPUT):] for d in deps if d.startswith(OUTPUT))
             for path, deps in graph.items() if any(d.startswith(OUTPUT) for d in deps)}
    return Plan(outputs, graph, tuple(problems), shows)


def _planned(scope: Scope) -> Iterator[Planned]:
    """Every kind's outputs, in each edition: the site's own language at the root, each
    other one under /<code>/ (the kinds every edition has: `editions.EDITIONED`)."""
    scopes = [(e, replace(scope, edition=e)) for e in editions.editions(scope.index.site)]
    for kind in KINDS.values():  # (kind by kind: the sitemap, after the pages, lists all)
        for edition, here in scopes:
            if not edition.own and kind.name not in editions.EDITIONED:
                continue
            for output, deps in kind.plan(here):
                if edition.own:
                    yield output, deps
                    continue
                if output.kind == REDIRECT:  # (to a page of this edition)
                    output = output._replace(key=edition.prefix + output.key)
                yield output._replace(path=edition.prefix + output.path, lang=edition.code), \
                    [OUTPUT + edition.prefix + d[len(OUTPUT):] if d.startswith(OUTPUT) else d
                     for d in deps]


_QUIET = error(Pos(""), "")  # a generated file a static file replaces, on purpose


def _refused(output: Output, outputs: dict[str, Output], scope: Scope) -> Diagnostic | None:
    clean = posixpath.normpath(output.path)
    if clean != output.path or clean.startswith(("../", "/")) or clean.split("/")[0] == "..":
        return error(Pos("site.yaml"), f"refused output path '{output.path}'")
    if output.path not in outputs:
        return None
    kind = KINDS[output.kind]
    if outputs[output.path].kind == "asset" and kind.generated:
        if output.path in OVERRIDABLE:
            return _QUIET
        where = Pos(display_path(scope.site_dir / "static" / output.path))
        return error(where, f"the site makes /{output.path} ({kind.what}) itself: rename or "
                     "remove this file")
    return error(_owner(output, scope.index), f"two things want the same file "
                 f"'{output.path}': rename one of them")


def _owner(output: Output, index: Index) -> Pos:
    """Where the thing that wants a taken path is written."""
    if output.kind == REDIRECT:
        for cid in index.claims:
            for alias, pos in index.of("claim", cid).aliases:
                if alias.strip("/") == output.url.strip("/"):
                    return pos
    if output.kind == "page":
        return Pos(index.of("page", output.key).path)
    return Pos("site.yaml")


def _hidden(outputs: dict[str, Output], index: Index) -> list[Diagnostic]:
    """An address that would hide a generated file (an old address /feed.xml/ would make
    a folder of /feed.xml)."""
    made = {path: KINDS[o.kind].what for path, o in outputs.items() if KINDS[o.kind].generated}
    out = []
    for output in outputs.values():  # (each of its folders looked up: a site has thousands
        parts = output.path.split("/")  # of generated files, share images and oEmbeds)
        for path in ("/".join(parts[:n]) for n in range(1, len(parts))):
            if path in made:
                out.append(error(_owner(output, index), f"the address /{output.url} would "
                                 f"hide /{path} ({made[path]}): choose another"))
    return out


def _no_logo(index: Index, outputs: dict[str, Output]) -> list[Diagnostic]:
    """site.yaml's `logo` names a file in static/, which must be there."""
    logo = index.site.logo
    path = logo.lstrip("/") if logo else ""
    if not logo or (path in outputs and outputs[path].kind == "asset"):
        return []
    return [error(index.site.loc("logo"), f"the logo {logo} is not in the site's static/ "
                  f"folder: put the image at static/{path}, or fix the path")]


def _broken_links(index: Index, outputs: dict[str, Output]) -> list[Diagnostic]:
    """Links in Markdown to /paths the site does not have are warnings."""
    out = []
    published = [("claim", c) for c in index.claims] + [("article", a) for a in index.articles] \
        + [("page", p) for p in index.pages]
    for kind, key in published:
        for ref in index.of(kind, key).refs:
            if ref.kind != "url":
                continue
            path = ref.key.split("#")[0].split("?")[0].lstrip("/")
            if url_to_path(path) not in outputs and path + "/index.html" not in outputs:
                out.append(warning(ref.pos, f"the link to '{ref.key}' goes to no page or "
                                   "file of this site"))
    return out
