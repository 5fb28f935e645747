"""The files feed readers and crawlers fetch: the Atom feeds (/feed.xml of claims and
articles, /corrections/feed.xml of corrections), /sitemap.xml and /robots.txt.

Written with ElementTree, which escapes every value; characters XML cannot hold at all
(control characters) are dropped. Every URL is absolute, from base_url, so they work with
a sub-path (https://example.org/cuba/). Dates come from the content, never the clock.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..content.model import Article, Claim
from ..content.slugs import slugify
from ..site.index import Linked
from ..site.pages import url_for
from .structured import FEED, absolute, logo_url
from .views import Views

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
CORRECTIONS_FEED = "corrections/feed.xml"
FEED_ENTRIES = 50  # the latest entries a feed carries; readers keep what they have seen
SITEMAP_URLS = 50_000  # the protocol's limit per file; past it, a sitemap index
SUMMARY_CHARS = 300  # an article without a summary: this much of its text
EPOCH = dt.date(1970, 1, 1)  # the date of a feed with nothing in it
R = TypeVar("R")
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
    _el(feed, "id", absolute(site, path))
    _el(feed, "title", title)
    if subtitle:
        _el(feed, "subtitle", subtitle)
    _el(feed, "link", rel="self", type="application/atom+xml", href=absolute(site, path))
    _el(feed, "link", rel="alternate", type="text/html", href=site.root_url)
    _el(feed, "updated", _timestamp(updated))
    author = _el(feed, "author")
    _el(author, "name", site.publisher.name if site.publisher else site.title)
    _el(author, "uri", site.publisher.url if site.publisher and site.publisher.url
        else site.root_url)
    _el(feed, "generator", "factsite")
    logo = logo_url(site)
    if logo:
        _el(feed, "logo", logo)
    for entry in entries[:FEED_ENTRIES]:
        item = _el(feed, "entry")
        _el(item, "id", entry.id)
        _el(item, "title", entry.title)
        _el(item, "link", rel="alternate", type="text/html", href=entry.url)
        _el(item, "published", _timestamp(entry.published))
        _el(item, "updated", _timestamp(entry.updated))
        for term, label, scheme in entry.categories:
            _el(item, "category", term=term, label=label, scheme=scheme)
        _el(item, "summary", entry.summary, type="text")
    return _xml(feed)


def claim_entries(views: Views, claims: Iterable[Claim]) -> list[Entry]:
    linked, site, t = views.linked, views.site, views.t
    out = []
    for claim in claims:
        rating = site.rating(claim.rating)
        url = absolute(site, url_for("claims", claim.id))
        summary = f"{t['our_verdict']}: {rating.label}. " + \
            views.plain(claim.summary, "claim", claim.id)
        if claim.retraction:
            summary = f"{t['retracted_notice']} {summary}"
        categories = [(rating.id, rating.label, absolute(site, url_for("ratings")))]
        categories += _tags(linked, claim.tags)
        out.append(Entry(url, claim.heading, url, claim.published, claim.modified, summary,
                         tuple(categories)))
    return out


def article_entries(views: Views, articles: Iterable[Article]) -> list[Entry]:
    linked, site = views.linked, views.site
    out = []
    for article in articles:
        url = absolute(site, url_for("articles", article.id))
        summary = article.summary or _shorten(views.plain(article.body, "article", article.id))
        updated = max(article.date, article.updated or article.date)
        out.append(Entry(url, article.title, url, article.date, updated, summary,
                         tuple(_tags(linked, article.tags))))
    return out


def correction_entries(views: Views) -> list[Entry]:
    """One entry per correction, newest first; its id stays put when others are added."""
    linked, site, t = views.linked, views.site, views.t
    out = []
    for claim_id, index in linked.corrections[:FEED_ENTRIES]:
        claim = linked.claims[claim_id]
        correction = claim.corrections[index]
        same_day = [c for c in claim.corrections[:index] if c.date == correction.date]
        page = absolute(site, url_for("claims", claim.id))
        entry_id = f"{page}#correction-{correction.date.isoformat()}" + \
            (f"-{len(same_day) + 1}" if same_day else "")
        label = t["kind_" + correction.kind]
        out.append(Entry(entry_id, f"{label}: {claim.heading}", page + "#corrections",
                         correction.date, correction.date,
                         views.plain(correction.text, "claim", claim.id),
                         ((correction.kind, label, absolute(site, url_for("corrections"))),)))
    return out


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e.published.toordinal(), -e.updated.toordinal(),
                                          e.url))


def _candidates(records: Sequence[R], date: Callable[[R], dt.date]) -> Sequence[R]:
    """Of records sorted newest first, those that can be among the latest FEED_ENTRIES
    (all of the same date as the last one: the feed's own order breaks the tie)."""
    if len(records) <= FEED_ENTRIES:
        return records
    cutoff = date(records[FEED_ENTRIES - 1])
    return [r for r in records if date(r) >= cutoff]


def feeds(views: Views) -> dict[str, bytes]:
    site, t, linked = views.site, views.t, views.linked
    claims, articles = list(linked.claims.values()), list(linked.articles.values())
    entries = newest_first([  # summaries are made for the few that can be shown
        *claim_entries(views, _candidates(claims, lambda c: c.published)),
        *article_entries(views, _candidates(articles, lambda a: a.date))])
    updated = max([*(c.modified for c in claims),
                   *(max(a.date, a.updated or a.date) for a in articles)], default=EPOCH)
    corrections = correction_entries(views)
    return {
        FEED: atom(views, FEED, site.title, site.description, entries, updated),
        CORRECTIONS_FEED: atom(views, CORRECTIONS_FEED, f"{site.title}: {t['corrections']}",
                               t["corrections_intro"], corrections,
                               max((e.updated for e in corrections), default=EPOCH)),
    }


def _tags(linked: Linked, tags: Iterable[str]) -> list[tuple[str, str, str]]:
    scheme = absolute(linked.content.site, url_for("tags"))
    return [(slug, linked.tags[slug].name, scheme) for slug in dict.fromkeys(map(slugify, tags))]


def _shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


# ---- sitemap and robots.txt -----------------------------------------------------------------


def sitemap_urls(linked: Linked) -> list[tuple[str, dt.date | None]]:
    """Every page worth indexing (not redirects, not the 404 page) with the latest date
    of the content it shows, from the dependency graph."""
    dates: dict[str, dt.date] = {c.file: c.modified for c in linked.claims.values()}
    dates |= {a.file: max(a.date, a.updated or a.date) for a in linked.articles.values()}
    dates |= {p.file: p.date for p in linked.pages.values() if p.date}
    out = []
    for output in linked.outputs:
        if output.template in ("redirect.html", "404.html"):
            continue
        shown = _claims_shown(linked, output.key) if output.template == "claim.html" \
            else linked.graph[output.path]
        known = [dates[f] for f in shown if f in dates]
        out.append((absolute(linked.content.site, output.url), max(known, default=None)))
    return out


def _claims_shown(linked: Linked, claim_id: str) -> set[str]:
    """The files of the claims a claim page shows: itself, its related claims, and the
    claims its text links to or takes figures from. (The dependency graph also holds the
    files a tag's or claimant's spelling is read from; their dates are not this page's.)"""
    claim = linked.claims[claim_id]
    ids = {claim_id, *linked.related.get(claim_id, ())}
    for text in (claim.summary, claim.analysis, *(c.text for c in claim.corrections)):
        if text is not None:
            ids |= {ref.args[0] for ref in linked.fragments[text].refs
                    if ref.kind in ("claim", "figure") and ref.args[0]}
    return {linked.claims[i].file for i in ids if i in linked.claims}


def sitemaps(urls: Sequence[tuple[str, dt.date | None]], root_url: str,
             limit: int | None = None) -> dict[str, bytes]:
    """sitemap.xml; past `limit` URLs (SITEMAP_URLS), sitemap.xml is an index of
    sitemap-1.xml, sitemap-2.xml, …"""
    limit = limit or SITEMAP_URLS
    chunks = [urls[i:i + limit] for i in range(0, len(urls), limit)] or [urls]
    if len(chunks) == 1:
        return {"sitemap.xml": _urlset(chunks[0])}
    files = {f"sitemap-{n}.xml": _urlset(chunk) for n, chunk in enumerate(chunks, start=1)}
    index = ET.Element("sitemapindex", xmlns=SITEMAP)
    for n, chunk in enumerate(chunks, start=1):
        entry = _el(index, "sitemap")
        _el(entry, "loc", f"{root_url}sitemap-{n}.xml")
        dates = [d for _, d in chunk if d]
        if dates:
            _el(entry, "lastmod", max(dates).isoformat())
    return {"sitemap.xml": _xml(index), **files}


def _urlset(urls: Iterable[tuple[str, dt.date | None]]) -> bytes:
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    for loc, lastmod in urls:
        entry = _el(urlset, "url")
        _el(entry, "loc", loc)
        if lastmod:
            _el(entry, "lastmod", lastmod.isoformat())
    return _xml(urlset)


def robots(root_url: str, preview: bool = False) -> bytes:
    """Everything may be crawled, and the sitemap is here; a preview build (with drafts)
    asks crawlers to stay out."""
    if preview:
        return b"# A preview build, with drafts: not for search engines.\nUser-agent: *\n" \
               b"Disallow: /\n"
    return f"User-agent: *\nDisallow:\n\nSitemap: {root_url}sitemap.xml\n".encode()
