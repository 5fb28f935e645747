"""Reading ClaimReview markup as publishers emit it, for `build.py import claimreview`.

`find` digs every ClaimReview object out of a file, however it is wrapped: one object, a
list, an `@graph`, a DataFeed, `<script type="application/ld+json">` blocks in an HTML page,
and HTML held in a JSON string (as API captures have it), parsed twice. `Review` reads the
fields the site needs from one object, tolerating the shapes real markup comes in (`places`:
every appearance of the claim, however it is given).
`map_rating` puts a publisher's verdict on the site's scale where it can.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, NamedTuple

from ..content.model import Rating, Site

# A publisher's verdict, in many languages, → the idea it stands for. A site rating whose
# id or label is one of an idea's words takes a verdict of that idea.
IDEAS: dict[str, tuple[str, ...]] = {
    "true": ("true", "accurate", "correct", "verdadero", "cierto", "verdade", "verdadeiro",
             "vrai", "wahr", "richtig", "صحيح", "正確", "正确", "सच"),
    "mostly-true": ("mostly true", "mostly accurate", "mostly correct", "casi verdadero",
                    "en gran parte cierto", "plutot vrai"),
    "half-true": ("half true", "mixture", "mixed", "a medias", "medio verdadero",
                  "meia verdade", "moitie vrai"),
    "missing-context": ("missing context", "lacks context", "needs context", "out of context",
                        "sin contexto", "falta contexto", "fuera de contexto",
                        "sacado de contexto", "descontextualizado", "fora de contexto",
                        "nao e bem assim", "hors contexte"),
    "misleading": ("misleading", "enganoso", "trompeur", "irrefuhrend", "distorted",
                   "manipulado", "manipulated", "exaggerated", "exagerado", "مضلل", "誤導",
                   "भ्रामक"),
    "mostly-false": ("mostly false", "casi falso", "plutot faux"),
    "false": ("false", "falso", "faux", "falsch", "incorrect", "wrong", "fake", "really false",
              "pants on fire", "bulo", "زائف", "خطأ", "錯誤", "错误", "गलत", "फर्जी", "झूठ"),
    "unverifiable": ("unverifiable", "unproven", "unsupported", "no evidence",
                     "inverificable", "sin evidencia", "insustentavel", "not verifiable"),
}


def plain(label: str) -> str:
    """A verdict as it is compared: lower case, no accents, words separated by spaces."""
    text = unicodedata.normalize("NFKD", label.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[_\-.,;:!?¡¿\"'«»“”()]+", " ", text).split())


# ---- finding the objects -------------------------------------------------------------------


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        kind = (dict(attrs).get("type") or "").strip().lower()
        self.inside = tag == "script" and kind == "application/ld+json"
        if self.inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.blocks[-1] += data


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def find(text: str) -> tuple[list[dict], list[str]]:
    """Every ClaimReview object in a file's text, in order, and notes on what was skipped."""
    found: list[dict] = []
    notes: list[str] = []

    def walk(value: Any, depth: int = 0) -> None:
        if depth > 50:
            return
        if isinstance(value, dict):
            if "ClaimReview" in _types(value):
                found.append(value)
                return
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, str) and "ld+json" in value.lower():
            html(value, depth + 1)

    def html(page: str, depth: int) -> None:
        parser = _Scripts()
        parser.feed(page)
        parser.close()
        for n, block in enumerate(parser.blocks, start=1):
            try:
                walk(json.loads(block, strict=False), depth)
            except ValueError as exc:
                if "ClaimReview" in block:
                    notes.append(f"a JSON-LD block (the page's block {n}) mentions "
                                 f"ClaimReview but is not valid JSON ({exc}); skipped")

    try:
        walk(json.loads(text, strict=False))
    except ValueError:
        html(text, 0)
    return found, notes


# ---- reading one object -----------------------------------------------------------------


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = _first(value.get("name"))  # (a list of names: the first)
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _url(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    if isinstance(value, str) and re.match(r"https?://[^\s/]+", value.strip()) \
            and " " not in value.strip():
        return value.strip()
    return None


def _date(value: Any) -> dt.date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value or "").strip())
    try:
        return dt.date(*(int(g) for g in m.groups())) if m else None
    except ValueError:
        return None


def _many(value: Any) -> list:
    """A value that may be one thing or a list of them, as a list."""
    return value if isinstance(value, list) else [] if value is None else [value]


def _short(value: Any, claim: str | None) -> str | None:
    """A name that says where, not the claim again: short, and not the claim's words."""
    text = _name(value) if isinstance(value, str) else None
    return text if text and text != claim and len(text) <= WHERE_LENGTH else None


def _number(value: Any) -> float | None:
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


WHERE_LENGTH = 80  # a longer name is a title, or the claim itself: not where it was made


class Place(NamedTuple):
    """A place the claim was made, as the markup gives it; None where it gives nothing."""

    url: str | None = None
    date: dt.date | None = None
    where: str | None = None  # its name or headline, when short
    author: str | None = None  # who made it there
    archived: str | None = None  # archivedAt

    @classmethod
    def read(cls, value: Any, claim: str | None, item: bool = False) -> Place:
        """One appearance: a CreativeWork (its `url`, else its `@id`) or a bare URL; or the
        item reviewed itself (whose `url` is where the claim is in the legacy form, a
        CreativeWork, and is not in a Claim)."""
        if not isinstance(value, dict):
            return cls(url=_url(value))
        if item:
            url = _url(value.get("url")) if "Claim" not in _types(value) else None
        else:
            url = _url(value)
        return cls(url=url,
                   date=_date(value.get("datePublished")),
                   where=_short(value.get("name"), claim) or _short(value.get("headline"),
                                                                    claim),
                   author=_name(value.get("author")),
                   archived=_url(value.get("archivedAt")))

    def key(self) -> tuple:
        """What makes two places one: the address, else all they say."""
        return (self.url,) if self.url else (None, self.where, self.date, self.author,
                                              self.archived)

    def filled(self, other: Place) -> Place:
        """This place, its gaps filled from another account of it."""
        return Place(*(mine if mine is not None else theirs
                       for mine, theirs in zip(self, other, strict=True)))


def places(item: dict, claim: str | None) -> tuple[Place, ...]:
    """Every place the claim was made, each once (by address): `appearance` (one, a list,
    or URLs) in its order, and `firstAppearance`, first unless listed there. The item's own
    date and name (and a legacy CreativeWork's url) are those of the first appearance when
    it has none; alone, they are the one place the markup gives."""
    own = Place.read(item, claim, item=True)
    first, *later = [Place.read(v, claim) for v in _many(item.get("firstAppearance"))] or [None]
    found: dict[tuple, Place] = {}
    for place in [*(Place.read(v, claim) for v in _many(item.get("appearance"))), *later]:
        _add(found, place)
    if first is not None and first.key() not in found:
        found = _add({}, first) | found
    else:
        _add(found, first)
    if not found:
        return (own,) if own.url or own.where or own.date else ()
    if own.url and all(p.url != own.url for p in found.values()):
        return (own, *found.values())
    lead = first.key() if first is not None and first.key() in found else next(iter(found))
    found[lead] = found[lead].filled(own._replace(url=None, author=None))
    return tuple(found.values())


def _add(found: dict[tuple, Place], place: Place | None) -> dict[tuple, Place]:
    """A place added to those found, or merged into the one at its address."""
    if place is not None and (place.url or place.where or place.date):
        key = place.key()
        found[key] = found[key].filled(place) if key in found else place
    return found


@dataclass(frozen=True)
class Review:
    """The fields of one ClaimReview the site can use; None where the markup has none."""

    claim: str | None
    claimant: str | None
    verdict: str | None  # alternateName or name of reviewRating
    value: float | None
    best: float | None
    worst: float | None
    explanation: str | None
    published: dt.date | None
    url: str | None
    title: str | None
    publisher: str | None
    author: str | None  # a person who wrote the check
    places: tuple[Place, ...]  # where the claim was made, as given

    @classmethod
    def read(cls, obj: dict) -> Review:
        item = _first(obj.get("itemReviewed")) or {}
        item = item if isinstance(item, dict) else {}
        rating = _first(obj.get("reviewRating")) or {}
        rating = rating if isinstance(rating, dict) else {}
        author = _first(obj.get("author"))
        person = isinstance(author, dict) and "Person" in _types(author)
        claim = obj.get("claimReviewed")
        claim = " ".join(claim.split()) if isinstance(claim, str) and claim.strip() else None
        verdict = rating.get("alternateName") or rating.get("name")
        return cls(
            claim=claim,
            claimant=_name(item.get("author")),
            verdict=" ".join(verdict.split()) if isinstance(verdict, str) and verdict.strip()
            else None,
            value=_number(rating.get("ratingValue")),
            best=_number(rating.get("bestRating")),
            worst=_number(rating.get("worstRating")),
            explanation=next((" ".join(v.split()) for v in (
                rating.get("ratingExplanation"), obj.get("reviewBody"), obj.get("description"))
                if isinstance(v, str) and v.strip()), None),
            published=_date(obj.get("datePublished")),
            url=_url(obj.get("url")),
            title=next((" ".join(v.split()) for v in (obj.get("headline"), obj.get("name"),
                                                       obj.get("title"))
                        if isinstance(v, str) and v.strip()), None),
            publisher=(_name(obj.get("publisher")) if person else _name(author))
            or _name(obj.get("publisher")),
            author=_name(author) if person else None,
            places=places(item, claim),
        )


# ---- the verdict on the site's scale --------------------------------------------------------


def map_rating(review: Review, site: Site) -> tuple[Rating | None, str]:
    """The site's rating for a review's verdict (by its words, else by its value between
    worst and best), and how it was found or why it was not."""
    said = f"'{review.verdict}'" if review.verdict else "no verdict"
    if review.verdict:
        words = plain(review.verdict)
        for rating in site.ratings:  # the site's own words first
            if words in (plain(rating.id), plain(rating.label)):
                return rating, f"rating {said} → '{rating.id}'"
        ideas = [idea for idea, names in IDEAS.items() if words in {plain(n) for n in names}]
        for idea in ideas:
            names = {plain(n) for n in IDEAS[idea]} | {plain(idea)}
            for rating in site.ratings:
                if plain(rating.id) in names or plain(rating.label) in names:
                    return rating, f"rating {said} → '{rating.id}'"
    scale = sorted((r for r in site.ratings if r.on_scale and r.value is not None),
                   key=lambda r: r.value)
    v, best, worst = review.value, review.best, review.worst
    if scale and None not in (v, best, worst) and best != worst and min(v, best, worst) >= 0 \
            and min(best, worst) <= v <= max(best, worst):
        share = (v - worst) / (best - worst)
        target = scale[0].value + share * (scale[-1].value - scale[0].value)
        rating = min(scale, key=lambda r: (abs(r.value - target), r.value))
        return rating, (f"rating {said}, {v:g} on a scale from {worst:g} to {best:g} → "
                        f"'{rating.id}'")
    return None, f"could not map {said} onto the site's ratings"
