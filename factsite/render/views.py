"""What templates show: plain, typed values built from the index and the records, so that
templates only lay them out (and tests can look at them). `Views` makes them for one build;
each page kind's context (`pages`) puts a page's together.

Markdown phase 2 happens here too, as data: `prose` cuts a text's HTML at its references
and puts in each place what the reference shows (a citation's numbers, a linked claim's
heading and verdict, a figure's value), and the theme's refs.html lays those out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from html import unescape
from typing import Any

from markupsafe import Markup, escape

from ..content.files import SourceFile
from ..content.markdown import Fragment, Ref, split
from ..content.model import Article, Claim, Claimant, Figure, Rating, Record, Source
from ..content.slugs import slugify
from ..content.values import Text
from ..evidence.checks import Checked
from ..site.history import History
from ..site.index import Entry, Index
from ..site.urls import url_for
from .editions import Edition, translate
from .editions import shown as shown_in
from .outputs import Plan
from .tallies import Bar, distinct_quotes, spread
from .values import (
    ArticleCard,
    Card,
    Cite,
    ClaimLink,
    FigureLink,
    FigureView,
    Prose,
    SourceEntry,
    Use,
    Verdict,
)
from .words import Words

LATEST = 10  # checks on the home page


# A piece of a file for each of these pages, made from what the page shows (the last
# build's, where the engine has it and the page is not made again).
Parts = Callable[[list[str], Callable[[str], str], str], Iterator[str]]


class Views:
    """Builds template values for one build (or one worker's share of its pages): reads the
    index, and the records and texts of the pages it is asked for."""

    def __init__(self, index: Index, plan: Plan | None, records: Callable[[str], Record],
                 fragments: Callable[[tuple[str, bool]], Fragment],
                 checked: Mapping[str, Checked], words: Words,
                 assets: Mapping[str, SourceFile], parts: Parts | None = None,
                 refs: Any = None, edition: Edition | None = None,
                 original: Views | None = None, history: History | None = None) -> None:
        self.index = index
        self.history = history or History(reason="not read")  # each check's revisions
        self.plan = plan  # the outputs (a redirect shows its target's title)
        self.assets = assets  # the files copied as they are, by output path
        self._parts = parts or (lambda pages, make, edition: map(make, pages))
        self.refs = refs  # the theme's refs.html (its macros lay out references)
        self.edition = edition  # the language's edition its pages are in (None: the site's)
        self.site = edition.site if edition else index.site
        # the site's own language's views, for the text of what this edition has not
        # translated (written in that language, with its words for figures and numbers)
        self.original = original
        self.records = records  # a file's record, by its path in the site
        self.fragments = fragments  # Markdown phase 1 of a text, by its key
        self.checked = checked  # each claim's evidence, checked
        self.words = words
        self.t = words.t
        self.href, self.date, self.number = words.href, words.date, words.number
        self._verdicts: dict[str, Verdict] = {}
        self._cards: dict[str, Card] = {}  # (a claim's card is on up to ten listings)

    def parts(self, pages: list[str], make: Callable[[str], str]) -> Iterator[str]:
        """A piece of a file for each of these pages, in this edition's language."""
        return self._parts(pages, make, self.words.prefix)

    def record(self, kind: str, key: str) -> Any:
        """A record, in this edition's language when it is translated into it."""
        original = self.records(self.index.file(kind, key))
        rel = self.translation(kind, key)
        return translate(original, self.records(rel)) if rel else original

    def translation(self, kind: str, key: str) -> str | None:
        """The file of a claim's (article's, page's) translation into this edition's
        language, if it has one."""
        if self.edition is None or self.edition.own:
            return None
        return self.index.translations.get((kind, key), {}).get(self.edition.code)

    def untranslated(self, kind: str, key: str) -> str | None:
        """The language a card shows an item in when this edition has no translation of it
        (for its lang attribute); None when it is in the page's language."""
        if self.edition is None or self.edition.own or self.translation(kind, key):
            return None
        return self.index.site.language

    def listed(self, kind: str, ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The items a listing of this edition shows: every one, unless site.yaml's
        `untranslated` hides those not translated into it."""
        if self.edition is None:
            return tuple(ids)
        return shown_in(self.index, self.edition, kind, ids)

    def in_own_language(self, kind: str, key: str) -> Views:
        """The views a record's text is written with: this edition's, or the site's own
        language's for a record not translated into it."""
        return self.original if self.original and self.untranslated(kind, key) else self

    @property
    def own_language(self) -> str | None:
        """The site's own language, on another edition's pages (None on its own): what the
        text that is never translated, correction and retraction notes, is written in."""
        return self.index.site.language if self.original else None

    def note(self, claim: Claim, text: Text, plain: bool = False, elsewhere: str = "") -> Any:
        """A correction's or retraction's note: not translated, so written as the site's
        own language writes it (its words for figures) on every edition's pages; shown on
        another page than its check's (`elsewhere`: the check's URL), its marks link there."""
        own = self.original or self
        record = own.record("claim", claim.id)
        return own.plain(text, record) if plain else own.prose(text, record, elsewhere)

    def claimant(self, slug: str) -> Claimant | None:
        """A claimant's own record, when they have a file in content/claimants/."""
        group = self.index.claimants[slug]
        return self.records(group.file) if group.file else None

    # -- verdicts and cards ---------------------------------------------------------------
    def verdict(self, rating_id: str) -> Verdict:
        """A rating as pages show it: one object per rating, shared by every card."""
        if rating_id not in self._verdicts:
            rating = self.site.rating(rating_id)
            assert rating is not None, rating_id
            self._verdicts[rating_id] = self._verdict(rating)
        return self._verdicts[rating_id]

    def _verdict(self, rating: Rating) -> Verdict:
        best = self.site.best
        position = self.t["off_scale"]
        if rating.on_scale and rating.value is not None and best is not None:
            position = self.t["scale_position"].format(self.number(rating.value),
                                                       self.number(best))
        scale = sorted(r.value for r in self.site.ratings if r.on_scale and r.value is not None)
        rank = scale.index(rating.value) + 1 if rating.on_scale and rating.value in scale else 0
        tone = "tone-none" if not rank else \
            f"tone-{1 + round(4 * (rank - 1) / max(len(scale) - 1, 1))}"
        size = sum(1 for r in self.site.ratings if r.on_scale)
        return Verdict(rating.id, rating.label, rating.description, rating.value,
                       rating.on_scale, self.href(url_for("ratings", rating.id)), size,
                       position, tone, tuple(i < rank for i in range(len(scale))))

    def their_verdict(self, publisher: str, rating: str) -> Verdict:
        """An imported check's verdict before the desk adopts it: another publisher's words
        ("Checked by AFP Fact Check: False"), off the desk's scale, with no tone or meter."""
        label = f"{self.t['checked_by']} {publisher}" + (f": {rating}" if rating else "")
        size = sum(1 for r in self.site.ratings if r.on_scale)
        return Verdict("imported", label, self.t["not_our_verdict"], None, False, "", size,
                       self.t["their_verdict"], "tone-none", ())

    def verdict_counts(self) -> list[tuple[Verdict, int]]:
        return [(self.verdict(r.id), len(self.index.by_rating[r.id])) for r in self.site.ratings]

    def spread(self, claim_ids: tuple[str, ...]) -> list[Bar]:
        """The spread of these checks' verdicts, a bar per rating (a claimant's chart)."""
        return spread([self.card(c).verdict for c in claim_ids],
                      [self.verdict(r.id) for r in self.site.ratings])

    def card(self, claim_id: str) -> Card:
        card = self._cards.get(claim_id)
        if card is None:
            facts = self.index.of("claim", claim_id)
            rel = self.translation("claim", claim_id)
            claimant = self.index.claimants[self.index.claimant_of[claim_id]]
            card = self._cards[claim_id] = Card(
                claim_id, self.href(url_for("claims", claim_id)),
                self.index.facts[rel].title if rel else facts.title, claimant.name,
                self.href(url_for("claimants", claimant.slug)),
                self.their_verdict(*facts.theirs) if facts.theirs else self.verdict(facts.rating),
                self.date(facts.date) or "", facts.date.isoformat() if facts.date else "",
                facts.retracted, facts.draft, self.untranslated("claim", claim_id))
        return card

    def cards(self, claim_ids: tuple[str, ...] | list[str]) -> list[Card]:
        return [self.card(c) for c in claim_ids]

    def article_card(self, article_id: str) -> ArticleCard:
        a = self.index.of("article", article_id)
        assert a.date is not None
        rel = self.translation("article", article_id)
        shown = self.index.facts[rel] if rel else a
        return ArticleCard(self.href(url_for("articles", a.id)), shown.title,
                           shown.summary or None, self.date(a.date) or "", a.date.isoformat(),
                           a.draft, self.untranslated("article", article_id))

    def tag_links(self, tags: tuple[str, ...]) -> list[tuple[str, str]]:
        """A record's tags as (name, url), each tag once."""
        slugs = dict.fromkeys(slugify(tag) for tag in tags)
        return [(self.index.tags[s].name, self.href(url_for("tags", s))) for s in slugs]

    # -- figures and sources --------------------------------------------------------------
    def figure(self, claim: Claim, figure: Figure) -> FigureView:
        source: Source = self.record("source", figure.source)
        return FigureView(figure.id, figure.label, self.words.figure(figure),
                          self.date(figure.as_of),
                          figure.as_of.isoformat() if figure.as_of else None,
                          source.title, self.href(url_for("sources", source.id)), figure.quote,
                          self.verified(claim.id, figure.source, figure.quote),
                          self.unchecked(figure.source, figure.quote))

    def entries(self, record: Claim | Article) -> list[SourceEntry]:
        """A check's (or article's) numbered source list."""
        kind = "claim" if isinstance(record, Claim) else "article"
        listed = {e.source: e for e in record.sources} if isinstance(record, Claim) else {}
        texts = (record.summary, record.analysis) if kind == "claim" else (record.body,)
        cited: dict[str, dict[str, None]] = {}  # source → the locators its citations give
        for ref in (r for text in texts if text for r in self.fragments(text.key).refs):
            for source, locator in ref.args if ref.kind == "cite" else ():
                cited.setdefault(source, {}).update({locator: None} if locator else {})
        out = []
        for entry in self.index.entries[kind, record.id]:
            ref = listed.get(entry.source)
            quote, locator = (ref.quote, ref.locator) if ref else (None, None)
            verified = self.verified(record.id, entry.source, quote) if kind == "claim" else None
            out.append(replace(self.source_entry(entry, quote, locator, verified,
                                                 self.unchecked(entry.source, quote)),
                               cited_at=tuple(cited.get(entry.source, ()))))
        return out

    def source_entry(self, entry: Entry, quote: str | None = None, locator: str | None = None,
                     verified: str | None = None, unchecked: str | None = None) -> SourceEntry:
        s: Source = self.record("source", entry.source)
        return SourceEntry(
            entry.number, s.id, self.href(url_for("sources", s.id)), s.title, s.publisher,
            s.author, self.date(s.published), s.url, None if s.url else s.no_url, s.archived,
            self.date(s.archived_on), s.archived_on.isoformat() if s.archived_on else None,
            s.status == "dead", quote, locator, verified, unchecked)

    def uses(self, source_id: str, shown: tuple[str, ...]) -> list[Use]:
        """The checks and articles relying on a source that one of its pages shows
        (`shown`: "claim:<id>" or "article:<id>"), with the quotes each relies on."""
        out = []
        for kind, key in self.index.uses[source_id]:
            if f"{kind}:{key}" in shown:
                card = self.card(key) if kind == "claim" else self.article_card(key)
                out.append(Use(kind, card, self.quotes(kind, key, source_id)))
        return out

    def quotes(self, kind: str, key: str, source_id: str) -> tuple[str, ...]:
        """The words of a source a check relies on, each once (none for an article)."""
        checked = self.checked.get(key) if kind == "claim" else None
        return tuple(q for q, _ in distinct_quotes((q, ok) for s, q, ok in checked.quotes
                                                   if s == source_id)) if checked else ()

    # -- evidence: quotes verified against the desk's stored copies ---------------------
    def verified(self, claim_id: str, source_id: str, quote: str | None) -> str | None:
        """The mark a quote found in its source's stored copy gets, or None."""
        checked = self.checked.get(claim_id)
        if not quote or checked is None or not checked.verified(source_id, quote):
            return None
        source: Source = self.record("source", source_id)
        if source.stored_on is None:
            return self.t["quote_verified_undated"]
        return self.t["quote_verified"].format(self.date(source.stored_on))

    def unchecked(self, source_id: str, quote: str | None) -> str | None:
        """The mark a quote from a source the desk holds no copy of gets (its `no_copy`)."""
        if not quote or source_id in self.index.stored:
            return None
        source: Source = self.record("source", source_id)
        return self.t["quote_unchecked"].format(source.no_copy) if source.no_copy else None

    def quotes_verified(self, source: Source) -> str | None:
        """What a source page says about the quotes from it: how many were verified."""
        results = [ok for _, ok in distinct_quotes(
            (q, ok) for kind, key in self.index.uses[source.id] if kind == "claim"
            for s, q, ok in (self.checked[key].quotes if key in self.checked else ())
            if s == source.id)]
        if source.id not in self.index.stored and source.no_copy:
            return self.t["no_copy" if results else "no_copy_unquoted"].format(
                source.no_copy.rstrip("."))
        if source.id not in self.index.stored:
            return self.t["no_stored_copy" if results else "no_stored_copy_unquoted"]
        stored_on = self.date(source.stored_on) if source.stored_on else self.t["not_stated"]
        return self.words.form("quotes_verified", len(results)).format(
            self.number(sum(results)), self.number(len(results)), stored_on)

    # -- Markdown, phase 2 ---------------------------------------------------------------
    def prose(self, text: Text | None, record: Claim | Article | None = None,
              elsewhere: str = "") -> Markup:
        """A Markdown text as the page of `record` (a claim's or article's, whose source
        list numbers the citations) shows it, its references laid out by refs.html; shown
        on another page (`elsewhere`: the URL of record's), its marks link to record's."""
        refs = self.refs
        return Markup("".join(piece if isinstance(piece, str) else
                              str(getattr(refs, piece.macro)(piece))
                              for piece in self.pieces(text, record, elsewhere).pieces))

    def pieces(self, text: Text | None, record: Claim | Article | None = None,
               elsewhere: str = "") -> Prose:
        """A Markdown text's HTML, and its references resolved (phase 2, as data)."""
        if text is None:
            return Prose(())
        numbers = self._numbers(record)
        own = record if isinstance(record, Claim) else None
        return Prose(tuple(piece if isinstance(piece, str) else
                           self._resolve(piece, numbers, own, elsewhere)
                           for piece in split(self.fragments(text.key))))

    def _numbers(self, record: Claim | Article | None) -> dict[str, int]:
        if record is None:
            return {}
        kind = "claim" if isinstance(record, Claim) else "article"
        return {e.source: e.number for e in self.index.entries.get((kind, record.id), ())}

    def _resolve(self, ref: Ref, numbers: dict[str, int], own: Claim | None,
                 elsewhere: str = "") -> str | Cite | ClaimLink | FigureLink:
        if ref.kind == "url":
            return str(escape(self.href(ref.args[0].lstrip("/"))))
        if ref.kind == "cite":
            items = tuple((numbers[s], self.record("source", s).title, at) for s, at in ref.args)
            name = self.t["cite_name"].format
            return Cite(items, tuple(name(n, f"{title}, {at}" if at else title)
                                     for n, title, at in items), elsewhere)
        if ref.kind == "claim":
            card = self.card(ref.args[0])
            return ClaimLink(card.url, ref.args[1] or card.heading, card.verdict)
        claim_id, figure_id, style = ref.args
        claim: Claim = self.record("claim", claim_id) if claim_id else own
        figure = claim.figure(figure_id)
        assert figure is not None
        source: Source = self.record("source", figure.source)
        target = elsewhere if claim is own and not claim_id else \
            self.href(url_for("claims", claim.id))
        return FigureLink(f"{target}#figure-{figure.id}", figure.label,
                          self.words.figure(figure, style), source.publisher,
                          self.href(url_for("sources", source.id)))

    def plain(self, text: Text | None, record: Claim | Article | None = None) -> str:
        """A Markdown text as plain text, for meta descriptions, feeds and the open data:
        a citation leaves nothing, a claim link its text and verdict, a figure its value."""
        if text is None:
            return ""
        if isinstance(record, Claim | Article) and self.original and \
                self.untranslated("claim" if isinstance(record, Claim) else "article", record.id):
            return self.original.plain(text, record)  # (an English text: English figures)
        parts = []
        for piece in self.pieces(text, record).pieces:
            if isinstance(piece, str):
                parts.append(piece)
            elif isinstance(piece, ClaimLink):
                parts.append(f"{escape(piece.text)} {escape(piece.verdict.label)}")
            elif isinstance(piece, FigureLink):
                parts.append(str(escape(piece.text)))
        plain = " ".join(unescape(re.sub(r"<[^>]+>", "", "".join(parts))).split())
        return re.sub(r"\s+([,.;:!?])", r"\1", plain)
