"""What each template shows, built in Python so that tests can see it: templates only lay
out these values. Also phase 2 of Markdown: filling each placeholder with its HTML."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import unescape
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from ..content import markdown as markup
from ..content.markdown import Fragment, Ref, fill
from ..content.model import Claim, Figure, Rating, Source, Text
from ..content.slugs import slugify
from ..evidence.quotes import verified
from ..site.index import Entry, Linked
from ..site.pages import OutputPage, url_for

LATEST = 10  # checks on the home page


@dataclass(frozen=True, slots=True)
class Verdict:
    id: str
    label: str
    description: str
    value: float | None
    on_scale: bool
    url: str
    scale_size: int
    position: str  # "4 of 5 on our scale", or "outside our scale": what the page and JSON-LD say
    tone: str  # "tone-1" (least true) … "tone-5" (most true), or "tone-none" off the scale
    meter: tuple[bool, ...]  # one step per rating on the scale, worst first: filled up to it


@dataclass(frozen=True, slots=True)
class Card:
    """A claim as listings show it: claim, claimant, verdict, date."""

    id: str
    url: str
    heading: str
    claimant: str
    claimant_url: str
    verdict: Verdict
    date: str
    date_iso: str
    retracted: bool
    draft: bool


@dataclass(frozen=True, slots=True)
class FigureView:
    id: str
    label: str
    text: str  # "more than 37,000 Cubans"
    as_of: str | None
    as_of_iso: str | None
    source_title: str
    source_url: str
    quote: str | None
    verified: str | None = None  # "Verified against the copy stored on …", when it is


@dataclass(frozen=True, slots=True)
class SourceEntry:
    number: int
    id: str
    page_url: str
    title: str
    publisher: str
    author: str | None
    published: str | None
    url: str | None
    archived: str | None
    archived_on: str | None
    archived_on_iso: str | None
    dead: bool
    quote: str | None
    locator: str | None
    verified: str | None = None  # "Verified against the copy stored on …", when it is


@dataclass(frozen=True)
class Words:
    """How the site writes links, dates, numbers and plurals. Small, so that worker
    processes rendering pages can be sent it (templates call `href` and `plural`)."""

    base: str  # base_url's path
    root_url: str
    locale: str
    t: dict[str, Any]  # the interface strings

    def href(self, url: str) -> str:
        """A root-relative link including base_url's path: /cuba/claims/x/."""
        return self.base + url

    def absolute(self, url: str) -> str:
        return self.root_url + url

    def date(self, value: dt.date | None) -> str | None:
        return _format_date(value, self.locale) if value else None

    def number(self, value: float) -> str:
        return _format_number(value, self.locale)

    def plural(self, key: str, count: int) -> str:
        """t[key] is {one: ..., other: ...} (CLDR plural categories); the count goes in {}."""
        forms = self.t[key]
        form = forms.get(Locale.parse(self.locale).plural_form(count), forms["other"])
        return form.format(self.number(count))


class Views:
    """Builds template values for one linked site. One instance per build."""

    def __init__(self, linked: Linked, strings: dict[str, str],
                 stored: Callable[[str], str | None] | None = None) -> None:
        self.linked = linked
        self.stored = stored  # reads the HTML of a fragment left in the cache, by its key
        self.site = linked.content.site
        self.t = strings
        self.base = self.site.base_path
        self.locale = self.site.language.replace("-", "_")
        self.words = Words(self.base, self.site.root_url, self.locale, strings)
        self.href, self.absolute = self.words.href, self.words.absolute
        self.date, self.number, self.plural = self.words.date, self.words.number, \
            self.words.plural
        self._verdicts: dict[str, Verdict] = {}
        self._claimant_urls: dict[str, str] = {}
        self.scale_size = sum(1 for r in self.site.ratings if r.on_scale)
        self.best = max((r.value for r in self.site.ratings if r.on_scale and r.value is not None),
                        default=None)

    def verdict(self, rating: Rating) -> Verdict:
        """A rating as pages show it: one object per rating, shared by every card."""
        if rating.id not in self._verdicts:
            self._verdicts[rating.id] = self._verdict(rating)
        return self._verdicts[rating.id]

    def _verdict(self, rating: Rating) -> Verdict:
        position = self.t["off_scale"]
        if rating.on_scale and rating.value is not None and self.best is not None:
            position = self.t["scale_position"].format(self.number(rating.value),
                                                       self.number(self.best))
        scale = sorted(r.value for r in self.site.ratings if r.on_scale and r.value is not None)
        rank = scale.index(rating.value) + 1 if rating.on_scale and rating.value in scale else 0
        tone = "tone-none" if not rank else \
            f"tone-{1 + round(4 * (rank - 1) / max(len(scale) - 1, 1))}"
        return Verdict(rating.id, rating.label, rating.description, rating.value,
                       rating.on_scale, self.href(url_for("ratings", rating.id)), self.scale_size,
                       position, tone, tuple(i < rank for i in range(len(scale))))

    def figure_text(self, figure: Figure, style: str = "full") -> str:
        number = self.number(figure.value)
        if style == "number":
            return number
        qualifier = "" if figure.qualifier == "exactly" else \
            self.t["qualifier_" + figure.qualifier.replace(" ", "_")] + " "
        return f"{qualifier}{number}" + (f" {figure.unit}" if figure.unit else "")

    @cached_property
    def _outputs(self) -> dict[str, OutputPage]:
        """The pages that redirects point to, by URL (only those: a big site has 100,000)."""
        targets = {o.key for o in self.linked.outputs if o.template == "redirect.html"}
        return {o.url: o for o in self.linked.outputs if o.url in targets}

    def output_at(self, url: str) -> OutputPage | None:
        """The page a redirect points to (claims/x/, relative to base_url), if the site
        has one."""
        return self._outputs.get(url)

    # -- claims --------------------------------------------------------------------------
    @cached_property
    def cards(self) -> dict[str, Card]:
        return {cid: self._card(c) for cid, c in self.linked.claims.items()}

    def _card(self, claim: Claim) -> Card:
        claimant = self.linked.claimants[self.linked.claimant_of[claim.id]]
        # (a claimant's URL and a day's ISO date: one string each, shared by their cards)
        claimant_url = self._claimant_urls.setdefault(
            claimant.slug, self.href(url_for("claimants", claimant.slug)))
        return Card(claim.id, self.href(url_for("claims", claim.id)), claim.heading,
                    claimant.name, claimant_url, self.verdict(self.site.rating(claim.rating)),
                    self.date(claim.published), _iso(claim.published),
                    claim.retraction is not None, claim.draft)

    def figure(self, claim: Claim, figure: Figure) -> FigureView:
        source = self.linked.sources[figure.source]
        return FigureView(figure.id, figure.label, self.figure_text(figure),
                          self.date(figure.as_of),
                          figure.as_of.isoformat() if figure.as_of else None,
                          source.title, self.href(url_for("sources", source.id)), figure.quote,
                          self.verified(figure.quote, source))

    def entries(self, kind: str, key: str) -> list[SourceEntry]:
        return [self._entry(e) for e in self.linked.entries[(kind, key)]]

    def _entry(self, entry: Entry) -> SourceEntry:
        s = self.linked.sources[entry.source]
        return SourceEntry(
            entry.number, s.id, self.href(url_for("sources", s.id)), s.title, s.publisher,
            s.author, self.date(s.published), s.url, s.archived, self.date(s.archived_on),
            s.archived_on.isoformat() if s.archived_on else None, s.status == "dead",
            entry.quote, entry.locator, self.verified(entry.quote, s))

    # -- evidence: quotes verified against the desk's stored copies ---------------------
    def verified(self, quote: str | None, source: Source) -> str | None:
        """The mark a quote found in its source's stored copy gets, or None."""
        if not verified(quote, source):
            return None
        if source.stored_on is None:
            return self.t["quote_verified_undated"]
        return self.t["quote_verified"].format(self.date(source.stored_on))

    def quotes_verified(self, source: Source, quotes: list[str]) -> str | None:
        """What a source page says about the quotes from it: how many were verified."""
        if source.stored is None:
            return self.t["no_stored_copy" if quotes else "no_stored_copy_unquoted"]
        forms = self.t["quotes_verified"]
        form = forms.get(Locale.parse(self.locale).plural_form(len(quotes)), forms["other"])
        done = sum(verified(q, source) for q in quotes)
        stored_on = self.date(source.stored_on) if source.stored_on else self.t["not_stated"]
        return form.format(self.number(done), self.number(len(quotes)), stored_on)

    # -- Markdown, phase 2 ---------------------------------------------------------------
    def html(self, text: Text | None, kind: str = "", key: str = "") -> Markup:
        """A Markdown text's final HTML on the page of (kind, key)."""
        if text is None:
            return Markup("")
        fragment: Fragment = self.linked.fragments[text]
        html = fragment.html if fragment.html is not None else self._stored_html(text, fragment)
        numbers = {e.source: e.number for e in self.linked.entries.get((kind, key), ())}
        own = self.linked.claims.get(key) if kind == "claim" else None
        return Markup(fill(fragment, lambda n, ref: self._resolve(ref, numbers, own), html))

    def _stored_html(self, text: Text, fragment: Fragment) -> str:
        """The HTML of a fragment left in the cache; made again if the cache has lost it
        (only a block's HTML is left there, never an inline one's)."""
        html = self.stored(fragment.stored) if self.stored else None
        return html if html is not None else markup.parse(text.source).html or ""

    def _resolve(self, ref: Ref, numbers: dict[str, int], own: Claim | None) -> str:
        if ref.kind == "url":
            path = ref.args[0].lstrip("/")
            return str(escape(self.base + path))
        if ref.kind == "cite":
            parts = []
            for source_id, locator in ref.args:
                n = numbers[source_id]
                title = self.linked.sources[source_id].title
                link = f'<a href="#source-{n}" title="{escape(title)}">{n}</a>'
                parts.append(link + (f", {escape(locator)}" if locator else ""))
            return f'<sup class="cite">[{"; ".join(parts)}]</sup>'
        if ref.kind == "claim":
            claim = self.linked.claims[ref.args[0]]
            card = self.cards[claim.id]
            text = ref.args[1] or claim.heading
            return (f'<a class="claim-link" href="{escape(card.url)}">{escape(text)}</a> '
                    f'<span class="verdict-tag verdict-{escape(card.verdict.id)}">'
                    f'{escape(card.verdict.label)}</span>')
        claim_id, figure_id, style = ref.args
        claim = self.linked.claims[claim_id] if claim_id else own
        figure = claim.figure(figure_id)
        source = self.linked.sources[figure.source]
        target = "" if claim is own and not claim_id else self.href(url_for("claims", claim.id))
        source_url = self.href(url_for("sources", source.id))
        return (f'<a class="figure" href="{escape(target)}#figure-{escape(figure.id)}" '
                f'title="{escape(figure.label)}">{escape(self.figure_text(figure, style))}</a>'
                f'<sup class="figure-source">(<a href="{escape(source_url)}">'
                f'{escape(source.publisher)}</a>)</sup>')

    def plain(self, text: Text | None, kind: str = "", key: str = "") -> str:
        """A Markdown text as plain text, for meta descriptions."""
        html = str(self.html(text, kind, key))
        html = re.sub(r'<sup class="(cite|figure-source)">.*?</sup>', "", html)
        text = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
        return re.sub(r"\s+([,.;:!?])", r"\1", text)

    # -- whole pages --------------------------------------------------------------------
    def claim_page(self, claim_id: str) -> dict[str, Any]:
        claim = self.linked.claims[claim_id]
        linked = self.linked
        claimant = linked.claimants[linked.claimant_of[claim.id]]
        return {
            "claim": claim,
            "card": self.cards[claim.id],
            "claimant": claimant,
            "claimant_url": self.href(url_for("claimants", claimant.slug)),
            "appeared_date": self.date(claim.appeared.date) if claim.appeared else None,
            "summary": self.html(claim.summary, "claim", claim.id),
            "analysis": self.html(claim.analysis, "claim", claim.id),
            "figures": [self.figure(claim, f) for f in claim.figures],
            "sources": self.entries("claim", claim.id),
            "related": [self.cards[c] for c in linked.related.get(claim.id, ())],
            "tags": [(linked.tags[s].name, self.href(url_for("tags", s)))
                     for s in _tag_slugs(claim.tags)],
            "corrections": [(c, self.date(c.date), self.html(c.text, "claim", claim.id))
                            for c in claim.corrections],
            "retraction": self.retraction(claim),
            "published": self.date(claim.published),
            "updated": self.date(claim.updated),
            "description": self.plain(claim.summary, "claim", claim.id),
        }

    def retraction(self, claim: Claim) -> dict[str, Any] | None:
        c = claim.retraction
        if c is None:
            return None
        return {"date": self.date(c.date), "date_iso": c.date.isoformat(),
                "text": self.html(c.text, "claim", claim.id)}

    def source_entry(self, source_id: str) -> SourceEntry:
        return self._entry(Entry(0, source_id, None, None))

    def source_page(self, source_id: str, shown: tuple[str, ...]) -> dict[str, Any]:
        """A source, and the claims and articles relying on it that this page shows
        (`shown`: "claim:<id>" or "article:<id>", a page of them)."""
        source = self.linked.sources[source_id]
        uses = []
        for use in self.linked.uses[source_id]:
            if f"{use.kind}:{use.id}" not in shown:
                continue
            if use.kind == "claim":
                uses.append(("claim", self.cards[use.id], use.quotes))
            else:
                uses.append(("article", self.article_card(use.id), use.quotes))
        quotes = [q for use in self.linked.uses[source_id] for q in use.quotes]
        return {"source": source, "entry": self.source_entry(source_id),
                "uses": uses, "evidence": self.quotes_verified(source, quotes)}

    def article_card(self, article_id: str) -> dict[str, Any]:
        a = self.linked.articles[article_id]
        return {"url": self.href(url_for("articles", a.id)), "title": a.title,
                "summary": a.summary, "date": self.date(a.date), "date_iso": a.date.isoformat(),
                "draft": a.draft}

    def article_page(self, article_id: str) -> dict[str, Any]:
        article = self.linked.articles[article_id]
        return {"article": article, "card": self.article_card(article_id),
                "body": self.html(article.body, "article", article.id),
                "sources": self.entries("article", article.id),
                "updated": self.date(article.updated),
                "tags": [(self.linked.tags[s].name, self.href(url_for("tags", s)))
                         for s in _tag_slugs(article.tags)]}

    def verdict_counts(self) -> list[tuple[Verdict, int]]:
        return [(self.verdict(r), len(self.linked.by_rating[r.id])) for r in self.site.ratings]

    def corrections(self, items: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            claim_id, _, index = item.partition("#")
            claim = self.linked.claims[claim_id]
            correction = claim.corrections[int(index)]
            out.append({"card": self.cards[claim_id], "kind": correction.kind,
                        "date": self.date(correction.date),
                        "date_iso": correction.date.isoformat(),
                        "text": self.html(correction.text, "claim", claim_id)})
        return out


@lru_cache(maxsize=8192)  # a site has a few thousand distinct dates, shown on many pages
def _format_date(value: dt.date, locale: str) -> str:
    return format_date(value, format="long", locale=locale)


@lru_cache(maxsize=8192)
def _iso(value: dt.date) -> str:
    return value.isoformat()


@lru_cache(maxsize=4096)
def _format_number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def _tag_slugs(tags: tuple[str, ...]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        slug = slugify(tag)
        if slug not in seen:
            seen.append(slug)
    return seen
