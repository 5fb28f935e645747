"""Reading ClaimReview markup as publishers emit it, for `build.py import claimreview`.

`find` digs every ClaimReview object out of a file, however it is wrapped: one object, a
list, an `@graph`, a DataFeed, `<script type="application/ld+json">` blocks in an HTML page,
and HTML held in a JSON string (as API captures have it), parsed twice. `Review` reads the
fields the site needs from one object, tolerating the shapes real markup comes in.
`map_rating` puts a publisher's verdict on the site's scale where it can.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

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
        value = value.get("name")
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


def _number(value: Any) -> float | None:
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


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
    appeared_url: str | None
    appeared_date: dt.date | None
    appeared_where: str | None

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
        where = _name(item)
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
            appeared_url=_url(item.get("appearance")) or _url(item.get("firstAppearance")),
            appeared_date=_date(item.get("datePublished")),
            appeared_where=where if where and where != claim and len(where) <= 80 else None,
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
