"""The plain values templates show (a verdict, a card, a figure, a source entry, a text's
references), made by `views.Views`: typed, frozen, and small enough to send to the
processes that lay pages out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


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
    lang: str | None = None  # its language, when not the page's (not yet translated)


@dataclass(frozen=True, slots=True)
class ArticleCard:
    url: str
    title: str
    summary: str | None
    date: str
    date_iso: str
    draft: bool
    lang: str | None = None  # its language, when not the page's (not yet translated)


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
    unchecked: str | None = None  # "Not checked against a stored copy: <no_copy>", when not


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
    no_url: str | None  # why it has no url, when it has none and says why
    archived: str | None
    archived_on: str | None
    archived_on_iso: str | None
    dead: bool
    quote: str | None
    locator: str | None
    verified: str | None = None  # "Verified against the copy stored on …", when it is
    unchecked: str | None = None  # "Not checked against a stored copy: <no_copy>", when not
    cited_at: tuple[str, ...] = ()  # the locators its citations in the text give ("paragraph 6")


class Use(NamedTuple):
    """A check or article relying on a source, as the source's page shows it."""

    kind: str  # "claim" or "article"
    card: Card | ArticleCard
    quotes: tuple[str, ...]


# ---- Markdown phase 2: a text's references, as values the theme's refs.html lays out ----


@dataclass(frozen=True, slots=True)
class Cite:
    """[@a, p. 4; @b]: each source's number in the page's list, its title, the locator; and
    each one's accessible name ("Source 1: <title>, p. 4")."""

    items: tuple[tuple[int, str, str | None], ...]
    names: tuple[str, ...] = ()
    page: str = ""  # the page with the source list, when the text is shown on another
    macro = "cite"


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """[[claim-id|text]]: a link to a check, with its verdict."""

    url: str
    text: str
    verdict: Verdict
    macro = "claim_link"


@dataclass(frozen=True, slots=True)
class FigureLink:
    """[#claim.figure]: a figure's value from the data, linked to its row, with its source."""

    url: str  # the claim page's URL and #figure-id ("" for the claim's own page)
    label: str
    text: str
    source: str  # the source's publisher
    source_url: str
    macro = "figure"


@dataclass(frozen=True, slots=True)
class Prose:
    """A Markdown text ready for its page: HTML pieces, and the references between them."""

    pieces: tuple[str | Cite | ClaimLink | FigureLink, ...]
