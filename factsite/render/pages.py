"""The HTML pages: for each kind, which pages there are (with what each one shows), and what
its template receives. The kinds are declared, with their templates, in `kinds`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..content.model import Article, Claim, Page, Source
from ..site.history import NO_HISTORY
from ..site.index import Entry
from ..site.urls import url_for, url_to_path
from . import appearances, history, organization, shareimage, team
from .editions import translation_files
from .embeds import embeddable, oembed_url
from .outputs import (
    OUTPUT,
    REDIRECT,
    Output,
    Planned,
    Scope,
    article_files,
    claim_files,
    listing,
    repeater_files,
    tag_files,
    text_files,
)
from .structured import claim_review
from .views import LATEST, Views

Context = dict[str, Any]


def _page(title: str, **values: Any) -> dict[str, Any]:
    """The `page` values a kind sets (the others are filled in by `kinds.context`)."""
    return {"title": title, **values}


# ---- the home page and the claims -----------------------------------------------------


def plan_home(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    articles = article_files(index, index.articles)
    claims = scope.listed("claim", index.claims)
    # (its verdict counts count every check, those an edition's listings hide too)
    yield Output("index.html", "", "home", items=claims), \
        claim_files(index, index.claims) | articles


def home(output: Output, views: Views) -> Context:
    return {"page": _page(views.site.title, jsonld=organization.organization(views)),
            "latest": views.cards(output.items[:LATEST]), "counts": views.verdict_counts(),
            "articles": [views.article_card(a)
                         for a in views.listed("article", views.index.articles)[:5]]}


def plan_claims(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    yield from listing(index, "claims", "claims/", scope.listed("claim", index.claims),
                       lambda ids: claim_files(index, ids))


def claims(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["checks"]), "cards": views.cards(output.items)}


def plan_claim(scope: Scope) -> Iterator[Planned]:
    """A page per claim, and a redirect from each of its old addresses."""
    index = scope.index
    for cid in scope.pages("claim", index.claims):
        facts = index.of("claim", cid)
        sources = {e.source for e in index.entries["claim", cid]} | \
            {s for _, s in facts.figures if ("source", s) in index.owners} | \
            {s for s in facts.quoted if ("source", s) in index.owners}
        deps = {facts.file, *claim_files(index, [cid, *index.related.get(cid, ())]),
                *(f for s in sources for f in index.source_files(s)),
                *text_files(index, facts), *tag_files(index, facts.tags),
                *index.copies.get(cid, {}).values(), *repeater_files(index, facts),
                *team.credit_files(index, facts),  # (its credits link their pages)
                f"history:{facts.file}", NO_HISTORY}  # (its "Updated" line, its link)
        url = url_for("claims", cid)
        yield Output(url_to_path(url), url, "claim", cid), deps
        for alias, _ in facts.aliases:
            old = alias.lstrip("/")
            old += "" if old.endswith(("/", ".html", ".htm")) else "/"
            yield Output(url_to_path(old), old, REDIRECT, url), {OUTPUT + url_to_path(url)}


def claim(output: Output, views: Views) -> Context:
    c: Claim = views.record("claim", output.key)
    index = views.index
    claimant = index.claimants[index.claimant_of[c.id]]
    retraction = c.retraction
    description = views.plain(c.summary, c)
    changes = {id(x): history.rating_text(views, before, after)
               for x, before, after in history.rating_steps(views, c)}
    return {
        "page": _page(c.heading, description=description, type="article",
                      jsonld=claim_review(views, c), published=c.published.isoformat(),
                      modified=c.modified.isoformat(), image=shareimage.meta(views, c.id),
                      oembed=views.words.absolute(oembed_url(c.id))
                      if embeddable(index, c.id) else None),
        "claim": c,
        "card": views.card(c.id),
        "claimant": claimant,
        "claimant_url": views.href(url_for("claimants", claimant.slug)),
        "wording": appearances.view(views, c, views.checked.get(c.id)),
        "summary": views.prose(c.summary, c),
        "analysis": views.prose(c.analysis, c) if c.analysis else None,
        "figures": [views.figure(c, f) for f in c.figures],
        "sources": views.entries(c),
        "related": views.cards(views.listed("claim", index.related.get(c.id, ()))),
        "tags": views.tag_links(c.tags),
        "corrections": [(x, views.date(x.date), views.note(c, x.text), changes.get(id(x)))
                        for x in c.corrections],
        "retraction": None if retraction is None else {
            "date": views.date(retraction.date), "date_iso": retraction.date.isoformat(),
            "text": views.note(c, retraction.text)},
        "notes_lang": views.own_language,  # (corrections are not translated)
        "credits": team.credits(views, c),
        "published": views.date(c.published),
        "updated": views.date(c.updated),
        "changed": history.updated(views, c),
        "history_url": history.link(views, "claim", c.id),
        "report_error": organization.report_error(views, c),
        "description": description,
        "imported": None if c.imported is None else {
            "record": c.imported, "date": views.date(c.imported.published),
            "date_iso": c.imported.published.isoformat() if c.imported.published else None},
    }


# ---- sources ------------------------------------------------------------------------------


def plan_sources(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    yield from listing(index, "sources", "sources/", index.sources,
                       lambda ids: {index.file("source", s) for s in ids})


def sources(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["sources"]),
            "entries": [views.source_entry(Entry(0, s)) for s in output.items]}


def plan_source(scope: Scope) -> Iterator[Planned]:
    """A page per source, listing who relies on it; its first page counts the quotes
    verified, so it shows the files of every check quoting it."""
    index = scope.index

    def shows(items: tuple[str, ...]) -> set[str]:
        deps = set()
        for item in items:
            kind, _, key = item.partition(":")
            deps |= claim_files(index, [key]) if kind == "claim" \
                else article_files(index, [key])
        return deps

    for sid in index.sources:
        uses = index.uses[sid]
        used = set(uses)
        quoting = {index.file("claim", key) for key in index.quoted_by.get(sid, ())
                   if ("claim", key) in used}
        yield from listing(index, "source", url_for("sources", sid),
                           tuple(f"{kind}:{key}" for kind, key in uses
                                 if scope.listed(kind, [key])), shows, sid,
                           index.source_files(sid), quoting)


def source(output: Output, views: Views) -> Context:
    s: Source = views.record("source", output.key)
    uses = views.uses(s.id, output.items)
    return {"page": _page(s.title, description=f"{s.publisher}: {s.title}"),
            "source": s, "entry": views.source_entry(Entry(0, s.id)),
            "checks": [u for u in uses if u.kind == "claim"],
            "articles": [u.card for u in uses if u.kind == "article"],
            # (the count of quotes verified is on the first page only)
            "evidence": views.quotes_verified(s) if output.number == 1 else None}


# ---- tags, ratings, claimants ---------------------------------------------------------


def plan_tags(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    yield Output("tags/index.html", "tags/", "tags", items=tuple(index.tags)), \
        claim_files(index, index.claims) | {index.file("article", a) for a in index.articles}


def tags(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["tags"]),
            "tags": [(tag.name, views.href(url_for("tags", tag.slug)),
                      len(tag.claims) + len(tag.articles))
                     for tag in views.index.tags.values()]}


def plan_tag(scope: Scope) -> Iterator[Planned]:
    index = scope.index

    def shows(items: tuple[str, ...]) -> set[str]:
        claims = [i for i in items if not i.startswith("article:")]
        return claim_files(index, claims) | article_files(
            index, [i.removeprefix("article:") for i in items if i.startswith("article:")])

    for tag in index.tags.values():
        yield from listing(index, "tag", url_for("tags", tag.slug),
                           scope.listed("claim", tag.claims) + tuple(
                               f"article:{a}" for a in scope.listed("article", tag.articles)),
                           shows,
                           tag.slug, {tag.named_by})


def tag(output: Output, views: Views) -> Context:
    group = views.index.tags[output.key]
    return {"page": _page(group.name), "tag": group,
            "cards": views.cards([i for i in output.items if not i.startswith("article:")]),
            "articles": [views.article_card(i.removeprefix("article:")) for i in output.items
                         if i.startswith("article:")]}


def plan_ratings(scope: Scope) -> Iterator[Planned]:
    yield Output("ratings/index.html", "ratings/", "ratings"), \
        claim_files(scope.index, scope.index.claims)


def ratings(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["ratings"]), "counts": views.verdict_counts()}


def plan_rating(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    for r in index.site.ratings:
        yield from listing(index, "rating", url_for("ratings", r.id),
                           scope.listed("claim", index.by_rating[r.id]),
                           lambda ids: claim_files(index, ids), r.id)


def rating(output: Output, views: Views) -> Context:
    r = views.site.rating(output.key)
    assert r is not None
    return {"page": _page(r.label, description=r.description),
            "verdict": views.verdict(r.id), "cards": views.cards(output.items)}


def plan_claimants(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    files = {index.file("claimant", key) for kind, key in index.owners if kind == "claimant"}
    yield Output("claimants/index.html", "claimants/", "claimants",
                 items=tuple(index.claimants)), claim_files(index, index.claims) | files


def claimants(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["claimants"]),
            "claimants": [(c.name, views.href(url_for("claimants", c.slug)), len(c.claims))
                          for c in views.index.claimants.values()]}


def plan_claimant(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    for group in index.claimants.values():
        yield from listing(index, "claimant", url_for("claimants", group.slug),
                           scope.listed("claim", group.claims),
                           lambda ids: claim_files(index, ids), group.slug,
                           {group.file or group.named_by},  # (the first page charts all,
                           claim_files(index, (*group.claims, *group.repeats)))  # and repeats)


def claimant(output: Output, views: Views) -> Context:
    group = views.index.claimants[output.key]
    record = views.record("claimant", group.slug) if group.file else None
    page = _page(group.name)
    if record and record.description:
        page["description"] = record.description
    first = output.number == 1  # (the chart, the count and the repeats: page one only)
    checked = len(group.claims)
    return {"page": page, "claimant": group, "record": record,
            "cards": views.cards(output.items),
            "spread": views.spread(group.claims) if first else None,
            "made": views.words.form("claims_made", checked).format(
                views.number(checked), views.number(group.said))
            if first and group.said > checked else None,
            "repeats": views.cards(views.listed("claim", group.repeats)) if first else []}


# ---- articles, corrections, pages -------------------------------------------------------


def plan_articles(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    yield from listing(index, "articles", "articles/", scope.listed("article", index.articles),
                       lambda ids: article_files(index, ids))


def articles(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["articles"]),
            "articles": [views.article_card(a) for a in output.items]}


def plan_article(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    for aid in scope.pages("article", index.articles):
        facts = index.of("article", aid)
        url = url_for("articles", aid)
        yield Output(url_to_path(url), url, "article", aid), \
            {facts.file, *text_files(index, facts), *tag_files(index, facts.tags),
             *translation_files(index, "article", aid), NO_HISTORY}  # (its history link)


def article(output: Output, views: Views) -> Context:
    a: Article = views.record("article", output.key)
    page = _page(a.title, type="article", published=a.date.isoformat(),
                 modified=a.modified.isoformat())
    if a.summary:
        page["description"] = a.summary
    return {"page": page, "article": a, "card": views.article_card(a.id),
            "body": views.prose(a.body, a), "sources": views.entries(a),
            "updated": views.date(a.updated), "tags": views.tag_links(a.tags),
            "history_url": history.link(views, "article", a.id)}


def plan_corrections(scope: Scope) -> Iterator[Planned]:
    index = scope.index

    def shows(items: tuple[str, ...]) -> set[str]:
        ids = {item.partition("#")[0] for item in items}
        return claim_files(index, ids) | {f for cid in ids
                                          for f in text_files(index, index.of("claim", cid))} \
            | {f"history:{index.file('claim', cid)}" for cid in ids}  # (rating changes)

    items = tuple(f"{cid}#{i}" for cid, i in index.corrections if scope.listed("claim", [cid]))
    yield from listing(index, "corrections", "corrections/", items, shows,
                       first_page=shows(_rating_changes(index, items)))


def _rating_changes(index: Any, items: tuple[str, ...]) -> tuple[str, ...]:
    """The entries that changed a verdict (they come first, on the first page)."""
    return tuple(i for i in items if index.of("claim", i.partition("#")[0]).corrections[
        int(i.partition("#")[2])][2])


def corrections(output: Output, views: Views) -> Context:
    listed = tuple(f"{cid}#{i}" for cid, i in views.index.corrections
                   if views.listed("claim", [cid]))
    changes = _rating_changes(views.index, listed) if output.number == 1 else ()
    return {"page": _page(views.t["corrections"]),
            "rating_changes": [_correction(views, item) for item in changes],
            "corrections": [_correction(views, item) for item in output.items]}


def _correction(views: Views, item: str) -> dict[str, Any]:
    claim_id, _, number = item.partition("#")
    c: Claim = views.record("claim", claim_id)
    x = c.corrections[int(number)]
    card = views.card(claim_id)
    change = history.rating_of(views, c, x)
    return {"card": card, "kind": x.kind, "date": views.date(x.date),
            "date_iso": x.date.isoformat(), "change": change,
            "text": views.note(c, x.text, elsewhere=card.url),
            "lang": views.own_language}  # (notes are not translated)


def plan_page(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    for pid in scope.pages("page", index.pages):
        facts = index.of("page", pid)
        url = url_for("page", pid)
        yield Output(url_to_path(url), url, "page", pid), \
            {facts.file, *text_files(index, facts), *translation_files(index, "page", pid)}


def page(output: Output, views: Views) -> Context:
    record: Page = views.record("page", output.key)
    values = _page(record.title)
    if record.summary:
        values["description"] = record.summary
    return {"page": values, "record": record, "body": views.prose(record.body),
            "scale": [views.verdict(r.id) for r in views.site.ratings]
            if record.rating_scale else []}


def plan_search(scope: Scope) -> Iterator[Planned]:
    if scope.index.site.search:
        yield Output("search/index.html", "search/", "search"), ()


def search(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["search_title"])}


def plan_not_found(scope: Scope) -> Iterator[Planned]:
    yield Output("404.html", "404.html", "404"), ()


def not_found(output: Output, views: Views) -> Context:
    return {"page": _page(views.t["not_found"])}
