"""The files beside the pages that feed readers, crawlers and editors fetch: the Atom feeds
(/feed.xml of claims and articles, /corrections/feed.xml of corrections), /sitemap.xml,
/robots.txt, the editor JSON Schemas under /schemas/, and the assets, copied as they are.

XML is written with ElementTree, which escapes every value; characters XML cannot hold at
all (control characters) are dropped. Every URL is absolute, from base_url, so they work
with a sub-path (https://example.org/cuba/). Dates come from the content, never the clock.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..content.model import Article, Claim
from ..content.schemas import editor_schemas
from ..content.slugs import slugify
from ..content.typography import smarten
from ..site.index import Index
from ..site.urls import url_for
from . import editions
from .embeds import EMBED
from .history import rating_of
from .outputs import (
    PLAN,
    REDIRECT,
    Output,
    Planned,
    Scope,
    article_files,
    claim_files,
    tag_files,
    text_files,
)
from .structured import FEED
from .views import Views

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # a sitemap's <xhtml:link>: a page's other languages
CORRECTIONS_FEED = "corrections/feed.xml"
FEED_ENTRIES = 50  # the latest entries a feed carries; readers keep what they have seen
SITEMAP_URLS = 50_000  # the protocol's limit per file; past it, a sitemap index
SUMMARY_CHARS = 300  # an article without a summary: this much of its text
EPOCH = dt.date(1970, 1, 1)  # the date of a feed with nothing in it
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    url: str
    published: dt.date
    updated: dt.date
    summary: str
    categories: tuple[tuple[str, str, str], ...] = ()  # (term, label, scheme)
    lang: str | None = None  # its language, when not the feed's (not yet translated)
    summary_lang: str | None = None  # its summary's, when not the entry's (a note)


# ---- assets ----------------------------------------------------------------------------


def plan_assets(scope: Scope) -> Iterator[Planned]:
    for path in sorted(scope.assets):
        yield Output(path, path, "asset", path), (f"asset:{path}",)


def asset(output: Output, views: Views) -> bytes:
    return views.assets[output.key].read()


# ---- XML ------------------------------------------------------------------------------------


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
    if text is not None:
        child.text = _NOT_XML.sub("", text)
    return child


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


# ---- Atom -----------------------------------------------------------------------------------


def atom(views: Views, path: str, title: str, subtitle: str | None,
         entries: Sequence[Entry], updated: dt.date) -> bytes:
    site = views.site
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    _el(feed, "id", views.words.absolute(path))
    _el(feed, "title", title)
    if subtitle:
        _el(feed, "subtitle", subtitle)
    _el(feed, "link", rel="self", type="application/atom+xml", href=views.words.absolute(path))
    _el(feed, "link", rel="alternate", type="text/html", href=views.words.absolute(""))
    _el(feed, "updated", _timestamp(updated))
    author = _el(feed, "author")
    _el(author, "name", site.publisher_name)
    _el(author, "uri", site.publisher_url)
    _el(feed, "generator", "factsite")
    if site.logo_url:
        _el(feed, "logo", site.logo_url)
    for entry in entries[:FEED_ENTRIES]:
        item = _el(feed, "entry", **({"xml:lang": entry.lang} if entry.lang else {}))
        _el(item, "id", entry.id)
        _el(item, "title", entry.title)
        _el(item, "link", rel="alternate", type="text/html", href=entry.url)
        _el(item, "published", _timestamp(entry.published))
        _el(item, "updated", _timestamp(entry.updated))
        for term, label, scheme in entry.categories:
            _el(item, "category", term=term, label=label, scheme=scheme)
        _el(item, "summary", entry.summary, type="text",
            **({"xml:lang": entry.summary_lang} if entry.summary_lang else {}))
    return _xml(feed)


def _latest(scope: Scope) -> list[str]:
    """The claims and articles that can be among the feed's latest entries ("claim:<id>",
    "article:<id>"): the newest, and all of the same date as the last of them (the feed's
    own order breaks the tie); in another language, those its listings show."""
    index = scope.index
    out = []
    for kind, ids in (("claim", scope.listed("claim", index.claims)),
                      ("article", scope.listed("article", index.articles))):
        if len(ids) > FEED_ENTRIES:
            cutoff = index.of(kind, ids[FEED_ENTRIES - 1]).date
            ids = tuple(i for i in ids if index.of(kind, i).date >= cutoff)
        out += [f"{kind}:{i}" for i in ids]
    return out


def plan_feed(scope: Scope) -> Iterator[Planned]:
    """The feed shows its entries' files, and (its `updated`) every check's dates."""
    index = scope.index
    latest = _latest(scope)
    deps = {PLAN}
    for item in latest:
        kind, _, key = item.partition(":")
        facts = index.of(kind, key)
        deps |= text_files(index, facts) | tag_files(index, facts.tags) | \
            (claim_files(index, [key]) if kind == "claim" else article_files(index, [key]))
    yield Output(FEED, FEED, "feed", items=tuple(latest)), deps


def feed(output: Output, views: Views) -> bytes:
    entries = []
    for item in output.items:
        kind, _, key = item.partition(":")
        here = views.in_own_language(kind, key)  # (not translated: its entry in its language)
        record = here.record(kind, key)
        entry = claim_entry(here, record) if kind == "claim" else article_entry(here, record)
        entries.append(replace(entry, lang=views.untranslated(kind, key)))
    index = views.index
    updated = max([*(index.of("claim", c).modified for c in index.claims),
                   *(index.of("article", a).modified for a in index.articles)], default=EPOCH)
    return atom(views, FEED, views.site.title, views.site.description, newest_first(entries),
                updated)


def claim_entry(views: Views, claim: Claim) -> Entry:
    site, t = views.site, views.t
    rating = site.rating(claim.rating)
    assert rating is not None
    url = views.words.absolute(url_for("claims", claim.id))
    verdict = f"{t['our_verdict']}: {rating.label}."
    categories = [(rating.id, rating.label, views.words.absolute(url_for("ratings"))),
                  *_tags(views, claim.tags)]
    if claim.imported and not claim.imported.adopted:  # their verdict, not on our scale
        verdict = views.their_verdict(claim.imported.publisher, claim.imported.rating or "")
        verdict, categories = f"{verdict.label}.", categories[1:]
    summary = f"{verdict} " + views.plain(claim.summary, claim)
    if claim.retraction:
        summary = f"{t['retracted_notice']} {summary}"
    return Entry(url, smarten(claim.heading), url, claim.published, claim.modified, summary,
                 tuple(categories))


def article_entry(views: Views, article: Article) -> Entry:
    url = views.words.absolute(url_for("articles", article.id))
    summary = smarten(article.summary) if article.summary else \
        _shorten(views.plain(article.body, article))
    return Entry(url, smarten(article.title), url, article.date, article.modified, summary,
                 tuple(_tags(views, article.tags)))


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e.published.toordinal(), -e.updated.toordinal(),
                                          e.url))


def plan_corrections_feed(scope: Scope) -> Iterator[Planned]:
    index = scope.index
    # (every entry, not the latest FEED_ENTRIES: a reader's feed never loses a correction)
    shown = [(cid, i) for cid, i in index.corrections if scope.listed("claim", [cid])]
    ids = {cid for cid, _ in shown}
    deps = claim_files(index, ids) | {f for cid in ids
                                      for f in text_files(index, index.of("claim", cid))} \
        | {f"history:{index.file('claim', cid)}" for cid in ids}  # (rating changes)
    yield Output(CORRECTIONS_FEED, CORRECTIONS_FEED, "corrections-feed",
                 items=tuple(f"{cid}#{i}" for cid, i in shown)), deps


def corrections_feed(output: Output, views: Views) -> bytes:
    """One entry per correction, newest first; its id stays put when others are added."""
    site, t = views.site, views.t
    entries = []
    for item in output.items:
        claim_id, _, number = item.partition("#")
        here = views.in_own_language("claim", claim_id)  # (not translated: in its language)
        claim: Claim = here.record("claim", claim_id)
        index = int(number)
        correction = claim.corrections[index]
        same_day = [c for c in claim.corrections[:index] if c.date == correction.date]
        page = views.words.absolute(url_for("claims", claim.id))
        entry_id = f"{page}#correction-{correction.date.isoformat()}" + \
            (f"-{len(same_day) + 1}" if same_day else "")
        label = here.t["kind_" + correction.kind]
        change = rating_of(here, claim, correction)
        entries.append(Entry(entry_id, f"{change or label}: {smarten(claim.heading)}",
                             page + "#corrections",
                             correction.date, correction.date,
                             views.note(claim, correction.text, plain=True),
                             ((correction.kind, label,
                               here.words.absolute(url_for("corrections"))),),
                             views.untranslated("claim", claim_id),
                             None if here is not views else views.own_language))
    return atom(views, CORRECTIONS_FEED, f"{site.title}: {t['corrections']}",
                t["corrections_intro"], entries, max((e.updated for e in entries), default=EPOCH))


def _tags(views: Views, tags: Iterable[str]) -> list[tuple[str, str, str]]:
    scheme = views.words.absolute(url_for("tags"))
    return [(slug, views.index.tags[slug].name, scheme)
            for slug in dict.fromkeys(map(slugify, tags))]


def _shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


# ---- sitemap and robots.txt -----------------------------------------------------------------


def plan_sitemap(scope: Scope) -> Iterator[Planned]:
    """sitemap.xml (past 50,000 pages, an index of sitemap-1.xml, …): every page planned
    before it, with the latest date of what each shows. It shows the plan itself, so it is
    made again whenever that changes."""
    listed = sum(1 for output in scope.planned.values() if _listed(output))
    count = -(-listed // SITEMAP_URLS)
    yield Output("sitemap.xml", "sitemap.xml", "sitemap", count=count), {PLAN}
    for n in range(1, count + 1) if count > 1 else ():
        path = f"sitemap-{n}.xml"
        yield Output(path, path, "sitemap", number=n, count=count), {PLAN}


def _listed(output: Output) -> bool:
    """A page worth indexing: not a redirect, not the 404 page, not an embed (its claim's
    page is listed), not a file of data."""
    return output.path.endswith(".html") and output.kind not in (REDIRECT, "404", EMBED)


def sitemap(output: Output, views: Views) -> bytes:
    urls = sitemap_urls(views)
    if output.count <= 1:
        return _urlset(urls)
    chunks = [urls[i:i + SITEMAP_URLS] for i in range(0, len(urls), SITEMAP_URLS)]
    if output.path != "sitemap.xml":
        return _urlset(chunks[output.number - 1])
    index = ET.Element("sitemapindex", xmlns=SITEMAP)
    for n, chunk in enumerate(chunks, start=1):
        entry = _el(index, "sitemap")
        _el(entry, "loc", f"{views.site.root_url}sitemap-{n}.xml")
        dates = [d for _, d, _ in chunk if d]
        if dates:
            _el(entry, "lastmod", max(dates).isoformat())
    return _xml(index)


SitemapUrl = tuple[str, dt.date | None, tuple[tuple[str, str], ...]]


def sitemap_urls(views: Views) -> list[SitemapUrl]:
    """Every page worth indexing with the latest date of the content it shows, from the
    dependency graph."""
    index, plan = views.index, views.plan
    dates = {f.file: f.modified for f in index.facts.values()
             if f.kind in ("claim", "article", "page") and f.modified and not f.broken}
    out = []
    for output in plan.outputs.values():
        if not _listed(output):
            continue
        shown = _claims_shown(index, output.key) if output.kind == "claim" \
            else plan.graph[output.path]
        known = [dates[f] for f in shown if f in dates]
        alternates = tuple((a.code, a.url) for a in editions.alternates(plan, index.site,
                                                                         output))
        out.append((views.words.absolute(output.address), max(known, default=None),
                    alternates))
    return out


def _claims_shown(index: Index, claim_id: str) -> set[str]:
    """The files of the claims a claim page shows: itself, its related claims, and the
    claims its texts link to or take figures from. (The dependency graph also holds the
    files a tag's or claimant's spelling is read from; their dates are not this page's.)"""
    facts = index.of("claim", claim_id)
    ids = {claim_id, *index.related.get(claim_id, ())}
    ids |= {ref.key if ref.kind == "claim" else ref.claim for ref in facts.refs
            if not ref.field and ref.kind in ("claim", "figure")}
    return {index.file("claim", i) for i in ids if ("claim", i) in index.owners}


def _urlset(urls: Iterable[SitemapUrl]) -> bytes:
    """A sitemap: each page, when it last changed, and the same page in the site's other
    languages (Google's hreflang in sitemaps: every language, itself and x-default)."""
    urls = list(urls)
    namespaces = {"xmlns": SITEMAP}
    if any(alternates for _, _, alternates in urls):  # (a site in one language: as it was)
        namespaces["xmlns:xhtml"] = XHTML
    urlset = ET.Element("urlset", namespaces)
    for loc, lastmod, alternates in urls:
        entry = _el(urlset, "url")
        _el(entry, "loc", loc)
        if lastmod:
            _el(entry, "lastmod", lastmod.isoformat())
        if alternates:
            for code, url in (*alternates, ("x-default", alternates[0][1])):
                ET.SubElement(entry, "xhtml:link", rel="alternate", hreflang=code, href=url)
    return _xml(urlset)


def plan_robots(scope: Scope) -> Iterator[Planned]:
    yield Output("robots.txt", "robots.txt", "robots"), ()


def robots(output: Output, views: Views) -> bytes:
    """Everything may be crawled, and the sitemap is here; a preview build (with drafts)
    asks crawlers to stay out."""
    if views.index.drafts:
        return b"# A preview build, with drafts: not for search engines.\nUser-agent: *\n" \
               b"Disallow: /\n"
    return f"User-agent: *\nDisallow:\n\nSitemap: {views.site.root_url}sitemap.xml\n".encode()


# ---- the editor JSON Schemas, published ----------------------------------------------------


def plan_editor_schemas(scope: Scope) -> Iterator[Planned]:
    for name in sorted(editor_schemas(None)):
        yield Output(f"schemas/{name}", f"schemas/{name}", "editor-schema", name), ()


def editor_schema(output: Output, views: Views) -> bytes:
    return editor_schemas(views.site)[output.key]
