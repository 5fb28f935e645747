"""What machines read in a page's head: schema.org `ClaimReview` JSON-LD for each claim
page (after Google's Fact Check structured-data guidelines, which the Fact Check Explorer
and the Fact Check Tools API read), and the site-wide values of the Open Graph and Twitter
card tags.

Every value here is the one the visible page shows: the heading (`short` when there is
one), the verdict's label, its place on the scale, its explanation (the summary as plain
text, as the page's description has it), the claimant, every place the claim was made
(with its archived copy), the dates; other texts as the editor wrote them (the page sets
their quotes and dashes typographically: this is data, compared by machines with other
copies of the claim, not prose). The templates
embed the JSON-LD with Jinja's `tojson`, which escapes `<`, `>`, `&` and `'`, so no text
from content can close the script element or open a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.core import Locale, UnknownLocaleError, get_global

from ..content.model import Appearance, Claim, Rating, Site
from ..content.slugs import is_slug, slugify
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
        "url": views.words.absolute(url_for("claims", claim.id)),
        "claimReviewed": claim.heading,
        "reviewRating": {**review_rating(site, rating),
                         "ratingExplanation": views.plain(claim.summary, claim)},
        "itemReviewed": reviewed_claim(views, claim),
        "author": publisher(site),
        "publisher": publisher(site),
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
    """The claim reviewed: who made it, and every place it was made (`appearance`), the
    earliest of them its `firstAppearance` and its date the claim's."""
    item: dict[str, Any] = {"@type": "Claim", "author": claimant(views, claim)}
    first = claim.first_appearance
    if first and first.date:
        item["datePublished"] = first.date.isoformat()
    works = [appearance(views, claim, place) for place in claim.places]
    if works:
        item["appearance"] = works
        item["firstAppearance"] = works[claim.places.index(first)]
    return item


def appearance(views: Any, claim: Claim, place: Appearance) -> dict[str, Any]:
    """One place the claim was made, as a CreativeWork: its address, its name in words, its
    date, who made it there, and its archived copy (schema.org's `archivedAt`)."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if place.url:
        work["url"] = place.url
    if place.where:
        work["name"] = place.where
    if place.date:
        work["datePublished"] = place.date.isoformat()
    work["author"] = person(views, place.claimant) if place.claimant \
        else claimant(views, claim)
    if place.archived:
        work["archivedAt"] = place.archived
    return work


def claimant(views: Any, claim: Claim) -> dict[str, Any]:
    """The claim's claimant, as a Person or an Organization."""
    return person(views, views.index.claimant_of[claim.id])


def person(views: Any, written: str) -> dict[str, Any]:
    """A Person or an Organization: a claimant as written in a claim (a name, or the id of
    a file in content/claimants/, whose name, kind and links it takes); a bare name is a
    Person."""
    slug = written if is_slug(written) else slugify(written)
    group = views.index.claimants.get(slug)
    if group is None:  # (a name that is nobody's claim: as written)
        return {"@type": "Person", "name": written}
    record = views.claimant(slug)
    kind = "Organization" if record and record.kind == "organization" else "Person"
    out: dict[str, Any] = {"@type": kind, "name": group.name if record or is_slug(written)
                           else written}
    if record and record.url:
        out["url"] = record.url
    if record and record.same_as:
        out["sameAs"] = record.same_as
    return out


ORGANIZATION = "#organization"  # the fragment naming the desk's NewsMediaOrganization


def organization_id(site: Site) -> str:
    """The @id of the desk's NewsMediaOrganization (described in full on the home page):
    every ClaimReview's author and publisher, every team member's employer."""
    return site.root_url + ORGANIZATION


def publisher(site: Site) -> dict[str, Any]:
    """The organisation publishing the checks (site.yaml's publisher, else the site), by
    its @id, with the name and address a reader of this page alone needs."""
    out: dict[str, Any] = {"@type": "NewsMediaOrganization", "@id": organization_id(site),
                           "name": site.publisher_name, "url": site.publisher_url}
    if site.logo_url:
        out["logo"] = site.logo_url
    return out
