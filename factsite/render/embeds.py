"""Embeds: a card per published claim that another site can show in an iframe
(/claims/<id>/embed/: the claim, who made it, the verdict in words with its badge and
meter, the date, a link back), and its oEmbed response (/claims/<id>/oembed.json, type
"rich"), which the claim page names in its head so that a CMS given the claim's URL finds
it (oEmbed 1.0, section 4: discovery). docs/publishing.md says how a newsroom embeds one.

The card has no script and asks nothing of any other host; it is not for search engines
(noindex, its canonical is the claim page, it is left out of the sitemap and of the search
index). Drafts have no embed, even in a preview: an embed is meant to leave the site.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from typing import Any

from ..content.typography import smarten
from ..site.index import Index
from ..site.urls import url_for, url_to_path
from . import shareimage
from .outputs import Output, Planned, Scope, claim_files
from .views import Views

EMBED = "embed"  # the kind of an embed page
WIDTH, HEIGHT = 560, 300  # the iframe's size, in CSS pixels (it shrinks to a narrow column)
CACHE_AGE = 86_400  # how long a consumer may keep the response, in seconds: a day


def embed_url(claim_id: str) -> str:
    return url_for("claims", claim_id) + "embed/"


def oembed_url(claim_id: str) -> str:
    return url_for("claims", claim_id) + "oembed.json"


def embeddable(index: Index, claim_id: str) -> bool:
    """A claim has an embed when it is published (not a draft)."""
    return not index.of("claim", claim_id).draft


def plan_embed(scope: Scope) -> Iterator[Planned]:
    """An embed page per published claim: it shows the claim's file and its claimant's
    name."""
    index = scope.index
    for cid in scope.pages("claim", index.claims):
        if embeddable(index, cid):
            url = embed_url(cid)
            yield Output(url_to_path(url), url, EMBED, cid), claim_files(index, [cid])


def embed(output: Output, views: Views) -> dict[str, Any]:
    """The card's values, from the index alone (no record read: a big site has thousands)."""
    facts = views.index.of("claim", output.key)
    claimant = views.index.claimants[views.index.claimant_of[facts.id]]
    canonical = views.words.absolute(url_for("claims", facts.id))
    claim = {"heading": facts.title, "published": facts.date, "retraction": facts.retracted}
    return {"page": {"title": facts.title, "canonical": canonical,  # (a share shows the claim)
                     "image": shareimage.meta(views, facts.id)},
            "claim": claim, "card": views.card(facts.id), "claimant": claimant.name,
            "claim_url": canonical, "published": views.date(facts.date),
            "imported": bool(facts.theirs)}


def plan_oembed(scope: Scope) -> Iterator[Planned]:
    """An oEmbed response per published claim, beside its page."""
    index = scope.index
    for cid in scope.pages("claim", index.claims):
        if embeddable(index, cid):
            path = oembed_url(cid)
            yield Output(path, path, "oembed", cid), {index.file("claim", cid)}


def oembed(output: Output, views: Views) -> bytes:
    """The oEmbed response: a "rich" type whose html is an iframe of the embed page. The
    check's author is the desk that wrote it (the claimant made the claim, not the check);
    the provider is the site."""
    c = views.index.of("claim", output.key)  # (its facts: the record is not needed)
    site = views.site
    src = views.words.absolute(embed_url(c.id))
    heading = smarten(c.title)
    title = views.t["embed_title"].format(heading)
    html = (f'<iframe src="{escape(src)}" width="{WIDTH}" height="{HEIGHT}" '
            f'title="{escape(title)}" style="border:0;max-width:100%" loading="lazy" '
            'sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>')
    response = {
        "version": "1.0", "type": "rich", "title": heading,
        "author_name": site.publisher_name, "author_url": site.publisher_url,
        "provider_name": site.title, "provider_url": site.root_url,
        "cache_age": CACHE_AGE, "html": html, "width": WIDTH, "height": HEIGHT,
        "thumbnail_url": views.words.absolute(url_for("claims", c.id) + shareimage.NAME),
        "thumbnail_width": shareimage.WIDTH, "thumbnail_height": shareimage.HEIGHT,
    }
    return (json.dumps(response, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
