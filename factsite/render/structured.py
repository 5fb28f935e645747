"""What machines read in a page's head: schema.org `ClaimReview` JSON-LD for each claim
page (after Google's Fact Check structured-data guidelines, which the Fact Check Explorer
and the Fact Check Tools API read), and the site-wide values of the Open Graph and Twitter
card tags.

Every value here is the one the visible page shows: the heading (`short` when there is
one), the verdict's label, its place on the scale, the claimant, the dates; texts as the
editor wrote them (the page sets their quotes and dashes typographically: this is data,
compared by machines with other copies of the claim, not prose). The templates
embed the JSON-LD with Jinja's `tojson`, which escapes `<`, `>`, `&` and `'`, so no text
from content can close the script element or open a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.core import Locale, UnknownLocaleError, get_global

from ..content.model import Claim, Rating, Site
from ..site.urls import url_for

SCHEMA_ORG = "https://schema.org"
FEED = "feed.xml"  # the Atom feed of claims and articles, relative to base_url


@dataclass(frozen=True, slots=True)
class SiteMeta:
    """Head values shared by every page."""

    locale: str  # Open Graph locale: en_US
    image: str | None  # absolute URL of the publisher's logo, when the site has one
    feed: str  # root-relative URL of the Atom feed, for autodiscovery


def site_meta(site: Site) -> SiteMeta:
    return SiteMeta(og_locale(site.language), site.logo_url, site.base_path + FEED)


def og_locale(language: str) -> str:
    """Open Graph wants language_TERRITORY: en → en_US (CLDR's likely territory)."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return language.replace("-", "_")
    territory = locale.territory
    if not territory or not territory.isalpha():
        likely = get_global("likely_subtags").get(locale.language)
        territory = Locale.parse(likely).territory if likely else None
    return f"{locale.language}_{territory}" if territory else locale.language


def number(value: float) -> int | float:
    """5.0 → 5: JSON readers see the number as written in site.yaml."""
    return int(value) if float(value).is_integer() else value


# ---- ClaimReview ------------------------------------------------------------------------


def claim_review(views: Any, claim: Claim) -> dict[str, Any] | None:
    """One claim page's ClaimReview, as a dict (`tojson` writes its keys sorted). None for
    a check imported from another publisher that the desk has not adopted: that review is
    theirs, and the site does not claim it (its page links to their own markup)."""
    if claim.imported and not claim.imported.adopted:
        return None
    site = views.site
    rating = site.rating(claim.rating)
    assert rating is not None
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": site.absolute(url_for("claims", claim.id)),
        "claimReviewed": claim.heading,
        "reviewRating": review_rating(site, rating),
        "itemReviewed": reviewed_claim(views, claim),
        "author": publisher(site),
        "datePublished": claim.published.isoformat(),
        "dateModified": claim.modified.isoformat(),
        "inLanguage": site.language,
    }
    if claim.imported and claim.imported.url:  # adopted: first checked by another publisher
        review["isBasedOn"] = claim.imported.url
    return review


def review_rating(site: Site, rating: Rating) -> dict[str, Any]:
    """The verdict's words always; its number only when it is on the scale."""
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    best = site.best
    if rating.on_scale and rating.value is not None and best is not None:
        out.update(ratingValue=number(rating.value), bestRating=number(best), worstRating=1)
    return out


def reviewed_claim(views: Any, claim: Claim) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim", "author": claimant(views, claim)}
    appeared = claim.appeared
    if appeared and appeared.date:
        item["datePublished"] = appeared.date.isoformat()
    if appeared and (appeared.url or appeared.where):
        # `appeared` is where the claim was made: the one appearance the desk records,
        # and so the first it knows of.
        work: dict[str, Any] = {"@type": "CreativeWork"}
        if appeared.where:
            work["name"] = appeared.where
        if appeared.url:
            work["url"] = appeared.url
        if appeared.date:
            work["datePublished"] = appeared.date.isoformat()
        item["appearance"] = work
        item["firstAppearance"] = work
    return item


def claimant(views: Any, claim: Claim) -> dict[str, Any]:
    """A Person or an Organization, from content/claimants/; a bare name is a Person."""
    slug = views.index.claimant_of[claim.id]
    record = views.claimant(slug)
    kind = "Organization" if record and record.kind == "organization" else "Person"
    out: dict[str, Any] = {"@type": kind, "name": views.index.claimants[slug].name}
    if record and record.url:
        out["url"] = record.url
    if record and record.same_as:
        out["sameAs"] = record.same_as
    return out


def publisher(site: Site) -> dict[str, Any]:
    """The organisation publishing the checks: site.yaml's publisher, else the site."""
    out: dict[str, Any] = {"@type": "Organization", "name": site.publisher_name,
                           "url": site.publisher_url}
    if site.logo_url:
        out["logo"] = site.logo_url
    return out
