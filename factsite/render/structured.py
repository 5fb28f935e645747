"""What machines read in a page's head: schema.org `ClaimReview` JSON-LD for each claim
page (after Google's Fact Check structured-data guidelines, which the Fact Check Explorer
and the Fact Check Tools API read), and the site-wide values of the Open Graph and Twitter
card tags.

Every value here is the one the visible page shows: the heading (`short` when there is
one), the verdict's label, its place on the scale, the claimant, the dates. The templates
embed the JSON-LD with Jinja's `tojson`, which escapes `<`, `>`, `&` and `'`, so no text
from content can close the script element or open a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.core import Locale, UnknownLocaleError, get_global

from ..content.model import Claim, Rating, Site
from ..site.index import Linked
from ..site.pages import url_for

SCHEMA_ORG = "https://schema.org"
FEED = "feed.xml"  # the Atom feed of claims and articles, relative to base_url


@dataclass(frozen=True, slots=True)
class SiteMeta:
    """Head values shared by every page."""

    locale: str  # Open Graph locale: en_US
    image: str | None  # absolute URL of the publisher's logo, when the site has one
    feed: str  # root-relative URL of the Atom feed, for autodiscovery


def site_meta(site: Site) -> SiteMeta:
    return SiteMeta(og_locale(site.language), logo_url(site), site.base_path + FEED)


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


def absolute(site: Site, url: str) -> str:
    """A URL relative to base_url (claims/x/), made absolute."""
    return site.root_url + url


def logo_url(site: Site) -> str | None:
    logo = site.publisher.logo if site.publisher else None
    if logo is None:
        return None
    return absolute(site, logo.lstrip("/")) if logo.startswith("/") else logo


def number(value: float) -> int | float:
    """5.0 → 5: JSON readers see the number as written in site.yaml."""
    return int(value) if float(value).is_integer() else value


def best_rating(site: Site) -> float | None:
    return max((r.value for r in site.ratings if r.on_scale and r.value is not None),
               default=None)


# ---- ClaimReview ------------------------------------------------------------------------


def claim_review(linked: Linked, claim_id: str) -> dict[str, Any]:
    """One claim page's ClaimReview, as a dict (`tojson` writes its keys sorted)."""
    site = linked.content.site
    claim = linked.claims[claim_id]
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": absolute(site, url_for("claims", claim.id)),
        "claimReviewed": claim.heading,
        "reviewRating": review_rating(site, site.rating(claim.rating)),
        "itemReviewed": reviewed_claim(linked, claim),
        "author": publisher(site),
        "datePublished": claim.published.isoformat(),
        "dateModified": claim.modified.isoformat(),
        "inLanguage": site.language,
    }
    return review


def review_rating(site: Site, rating: Rating) -> dict[str, Any]:
    """The verdict's words always; its number only when it is on the scale."""
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    best = best_rating(site)
    if rating.on_scale and rating.value is not None and best is not None:
        out.update(ratingValue=number(rating.value), bestRating=number(best), worstRating=1)
    return out


def reviewed_claim(linked: Linked, claim: Claim) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim", "author": claimant(linked, claim)}
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


def claimant(linked: Linked, claim: Claim) -> dict[str, Any]:
    """A Person or an Organization, from content/claimants/; a bare name is a Person."""
    slug = linked.claimant_of[claim.id]
    record = next((c for c in linked.content.claimants if c.id == slug), None)
    kind = "Organization" if record and record.kind == "organization" else "Person"
    out: dict[str, Any] = {"@type": kind, "name": linked.claimants[slug].name}
    if record and record.url:
        out["url"] = record.url
    if record and record.same_as:
        out["sameAs"] = record.same_as
    return out


def publisher(site: Site) -> dict[str, Any]:
    """The organisation publishing the checks: site.yaml's publisher, else the site."""
    name = site.publisher.name if site.publisher else site.title
    url = site.publisher.url if site.publisher and site.publisher.url else site.root_url
    out: dict[str, Any] = {"@type": "Organization", "name": name, "url": url}
    logo = logo_url(site)
    if logo:
        out["logo"] = logo
    return out
