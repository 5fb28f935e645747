"""What a claim page shows of where the claim was made: its words as said (`said`, with
whether they were checked against a stored copy), the desk's paraphrase beside them, how
many times it was said, and each appearance with its links.

The live page where misinformation was posted is linked as site.yaml's
`misinformation_links` says: archive-first (the archived copy, then the original marked
nofollow), nofollow (the original marked nofollow, then the archived copy) or none (the
archived copy only; the original's address shown as text, never as a link).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Appearance, Claim, Source
from ..content.slugs import is_slug, slugify
from ..evidence.checks import Checked
from ..evidence.quotes import canonical
from ..site.urls import url_for
from .views import Views

NOFOLLOW = "nofollow noopener ugc"  # the rel of every link to a live page a claim was made on


@dataclass(frozen=True, slots=True)
class Link:
    """A link an appearance shows: its archived copy, or the live original."""

    url: str
    text: str
    rel: str | None = None
    note: str | None = None  # when the copy was archived
    original: str | None = None  # (Robust Links: an archived copy's original address)
    version: str | None = None  # (and an original's archived copy)
    version_date: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """One place the claim was made, as the page's list shows it."""

    number: int  # counted from 1
    where: str | None
    date: str | None
    date_iso: str | None
    who: str | None  # who made it there, when not the claim's claimant
    who_url: str | None  # their page, when they have one
    source_title: str | None  # the source that records it
    source_url: str | None
    said: str | None  # the words said there, when the appearance gives its own
    mark: str | None  # "Wording checked against our stored copy", or not checked
    verified: bool
    links: tuple[Link, ...]
    address: str | None  # the original's address as text, when it is not linked


@dataclass(frozen=True, slots=True)
class Said:
    """The claim's wording and where it was made, for the claim page."""

    said: str | None  # the words as said (the claim's `said`)
    mark: str | None  # whether they were checked against a stored copy
    where: str | None  # where the copy they were found in was made, when they were
    verified: bool
    paraphrase: str | None  # the desk's own words (`claim`), when they differ from `said`
    count: str | None  # "Said 3 times, first on November 14, 2026"
    places: tuple[Place, ...]


def view(views: Views, claim: Claim, checked: Checked | None) -> Said:
    """A claim's words as said, its paraphrase, and every place it was made."""
    t = views.t
    wordings = [w for w in (checked.wordings if checked else ())
                if w.words == claim.said]  # (an appearance's own words are not the claim's)
    found = next((w for w in wordings if w.found), None)
    mark = where = None
    if claim.said and found is not None:
        mark = t["wording_checked"]
        where = _name(views, claim.places[found.appearance - 1])
    elif claim.said and all(w.found is None for w in wordings):
        mark = t["wording_unchecked"]
    paraphrase = claim.claim if claim.said and claim.short and \
        not _same(claim.claim, claim.said) else None
    return Said(claim.said, mark, where, found is not None, paraphrase, _count(views, claim),
                tuple(_place(views, checked, n, place)
                      for n, place in enumerate(claim.places, 1)))


def _same(one: str, other: str) -> bool:
    """Whether two wordings are the same words (letter case, quote marks, spacing and the
    punctuation at their ends aside)."""
    def words(text: str) -> str:
        return canonical(text)[0].strip(" .,;:!?\"'").casefold()
    return words(one) == words(other)


def _count(views: Views, claim: Claim) -> str | None:
    """How many times the claim was said, and when first: "Said 3 times, first on <date>"
    ("Said once", and no date when the first place has none)."""
    places = claim.places
    if not places:
        return None
    said = views.words.plural("said_times", len(places))
    first = claim.first_appearance
    if first is None or first.date is None:
        return said
    on = views.words.form("said_first_on", len(places)).format(views.date(first.date))
    return f"{said}, {on}"


def _name(views: Views, place: Appearance) -> str | None:
    """What to call a place in a sentence: where, or the source that records it."""
    if place.where:
        return place.where
    return _source(views, place).title if place.source else None


def _source(views: Views, place: Appearance) -> Source:
    return views.record("source", place.source)


def _place(views: Views, checked: Checked | None, n: int,
           place: Appearance) -> Place:
    t = views.t
    wording = checked.wording(n) if checked else None
    found = wording.found if wording else False  # (False: no words to check, or not found)
    mark = t["wording_checked"] if found else t["wording_unchecked"] \
        if wording and found is None else None
    who, who_url = _who(views, place.claimant)
    source = _source(views, place) if place.source else None
    links, address = _links(views, place)
    return Place(n, place.where, views.date(place.date),
                 place.date.isoformat() if place.date else None, who, who_url,
                 source.title if source else None,
                 views.href(url_for("sources", source.id)) if source else None,
                 place.said, mark, bool(found), links, address)


def _who(views: Views, written: str | None) -> tuple[str | None, str | None]:
    """Who made the claim at a place (a claimant id or a name), and their page if any."""
    if not written:
        return None, None
    slug = written if is_slug(written) else slugify(written)
    group = views.index.claimants.get(slug)
    if group is None:
        return written, None
    return (group.name if is_slug(written) else written,
            views.href(url_for("claimants", group.slug)))


def _links(views: Views, place: Appearance) -> tuple[tuple[Link, ...], str | None]:
    """An appearance's links in the order site.yaml's misinformation_links sets, and the
    original's address as text when it is not to be linked."""
    t, policy = views.t, views.site.misinformation_links
    version_date = place.archived_on.isoformat() if place.archived_on else None
    linked = policy != "none"
    archived = Link(place.archived, t["archived_copy"], None, views.date(place.archived_on),
                    original=place.url if linked else None,
                    version_date=version_date) if place.archived else None
    original = Link(place.url, t["original"], NOFOLLOW, version=place.archived,
                    version_date=version_date if place.archived else None) \
        if place.url and linked else None
    order = (original, archived) if policy == "nofollow" else (archived, original)
    return tuple(link for link in order if link), \
        place.url if place.url and not linked else None
