"""The site model: typed, frozen records, each one declared once, field by field.

A field is declared with `F(type, description, example, required=..., default=...)`: that
one line is the record's attribute (with its Python type and its default), a row of its
field table (`Claim.FIELDS`, which `validate` reads files through), the field's entry in
the editor JSON Schema and in docs/content.md, and its line in a file made by `new`.
Attributes declared without `F` are the record's own (which file it came from), not fields
a file may write. A test checks that each annotation agrees with its field's type.

Each record keeps where it came from (`pos`) and where each of its fields was written
(`locs`), so any check can point at the exact `path:line:col`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

from ..diagnostics import Pos
from .addresses import Link, SitePath, StaticImage, Url
from .fieldtypes import (
    Bool,
    Choice,
    Colour,
    Date,
    Duration,
    Id,
    ListOf,
    Markdown,
    Name,
    NameOrId,
    Number,
    Reason,
    Str,
)
from .tables import F, Fields, IdOr, MapOf, record
from .values import Locs, Period, Text

__all__ = ["SHORT", "TABLES", "Locs", "Period", "Text"]

NOWHERE = Pos("", 0, 0)
SHORT = 75  # the longest heading: a claim longer than this needs a `short` form


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    FIELDS: ClassVar[Fields]
    pos: Pos = field(default=NOWHERE, compare=False)
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    def loc(self, name: str, item: int | None = None) -> Pos:
        """Where field `name` (or item `item` of a list field) was written; the record
        itself when it was not."""
        if item is not None and f"{name}[{item}]" in self.locs:
            return self.locs[f"{name}[{item}]"]
        return self.locs.get(name, self.pos)


# ---- site.yaml --------------------------------------------------------------------------


@record("publisher")
class Publisher(Record):
    name: str = F(Str(), "The organisation that publishes the checks.", "Example Fact Desk",
                  required=True)
    url: str | None = F(Url(), "Its website.", "https://example.org/")
    logo: str | None = F(Link(), "Its logo: a path in static/ or a web address.", "/logo.svg")


@record("a team member")
class TeamMember(Record):
    name: str = F(Str(), "Their name, as claims' checked_by and edited_by use it.",
                  "Alex Example", required=True)
    role: str | None = F(Str(), "Their role on the desk.", "Editor")


@record("a rating")
class Rating(Record):
    id: str = F(Id(), "The id claims use in `rating:`.", "accurate", required=True)
    label: str = F(Str(), "The verdict as readers see it.", "Accurate", required=True)
    description: str = F(Str(), "What the verdict means.",
                         "The claim is supported by the record.", required=True)
    value: float | None = F(Number(minimum=1), "Its place on the scale: higher is more true, "
                            "the lowest is 1.", 5)
    on_scale: bool = F(Bool(), "false for verdicts outside the scale, like 'Unverifiable'.",
                       True, default=True)


@record("a menu item")
class NavItem(Record):
    title: str = F(Str(), "The link's text.", "Methodology", required=True)
    url: str = F(Link(), "A path on this site or a web address.", "/methodology/",
                 required=True)


@record("site.yaml")
class Site(Record):
    title: str = F(Str(), "The site's name.", "Example Fact Desk", required=True)
    base_url: str = F(Url(), "The address the site is published at; may have a path.",
                      "https://example.org/checks/", required=True)
    language: str = F(Str(), "The language of the site, as a code like en or es.", "en",
                      default="en")
    description: str | None = F(Str(), "One sentence about the site.", "Fact-checks of...")
    tagline: str | None = F(Str(max_len=80), "A few words under the site's name in the "
                            "header: what the desk does.", "Claims in the news, checked")
    logo: str | None = F(StaticImage(), "An image shown before the site's name in the header "
                         "(its name is the image's text alternative): a file in static/.",
                         "/logo.svg")
    accent: str | None = F(Colour(), "The colour of links and the header's rule, as "
                           "\"#rrggbb\" in quotes; it must reach WCAG AA contrast (4.5:1) "
                           "on the light background (dark mode uses a lighter shade of it).",
                           "#1a5fb4")
    publisher: Publisher | None = F(Publisher.FIELDS, "Who publishes the site: name, url, logo.")
    team: tuple[TeamMember, ...] = F(ListOf(TeamMember.FIELDS, what="team members"),
                                     "The people who check and edit claims: name, role.")
    ratings: tuple[Rating, ...] = F(ListOf(Rating.FIELDS, min_items=2, what="ratings"),
                                    "The rating scale, best to worst: id, label, description, "
                                    "value, on_scale.", required=True)
    nav: tuple[NavItem, ...] = F(ListOf(NavItem.FIELDS, what="menu items"),
                                 "The site menu: title and url of each link.")
    submit_claim: str | None = F(Url(mailto=True), "Where readers send a claim to check.",
                                 "mailto:tips@example.org")
    per_page: int = F(Number(minimum=1, integer=True), "How many items a listing page shows.",
                      50, default=50)
    search: bool = F(Bool(), "false leaves out the search page and index (on by default).",
                     True, default=True)
    stale_after: Period | None = F(Duration(), "How old a figure's as_of may get before "
                                   "`check` warns that it may be out of date: a number and d "
                                   "(days), w (weeks), m (months) or y (years).", "365d")

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/' or '/cuba/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def root_url(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"

    def absolute(self, url: str) -> str:
        """A URL relative to base_url (claims/x/), made absolute."""
        return self.root_url + url

    def rating(self, rating_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.id == rating_id), None)

    @property
    def best(self) -> float | None:
        """The highest value on the rating scale."""
        return max((r.value for r in self.ratings if r.on_scale and r.value is not None),
                   default=None)

    @property
    def publisher_name(self) -> str:
        """Who publishes the checks: the publisher, else the site itself."""
        return self.publisher.name if self.publisher else self.title

    @property
    def publisher_url(self) -> str:
        return self.publisher.url if self.publisher and self.publisher.url else self.root_url

    @property
    def logo_url(self) -> str | None:
        logo = self.publisher.logo if self.publisher else None
        if logo is None:
            return None
        return self.absolute(logo.lstrip("/")) if logo.startswith("/") else logo


# ---- claims -----------------------------------------------------------------------------


@record("appeared")
class Appearance(Record):
    date: dt.date | None = F(Date(), "When the claim was made.", "2026-11-20")
    url: str | None = F(Url(), "Where the claim can be seen: the post, video or transcript.",
                        "https://example.org/statement")
    where: str | None = F(Str(), "Where it was made, in words: a speech, an interview, a "
                          "post.", "A press statement")


QUALIFIERS = ("exactly", "more than", "at least", "fewer than", "at most", "about")


@record("a figure")
class Figure(Record):
    id: str = ""  # its key in the claim's `figures`
    value: float = F(Number(), "The number itself, without separators.", 1200, required=True)
    qualifier: str = F(Choice(choices=QUALIFIERS), "How exact the number is, as the source "
                       "says it.", "more than", default="exactly")
    unit: str | None = F(Str(), "What is counted, as it reads after the number.", "people")
    label: str = F(Str(), "What the number measures, for tables.",
                   "People on the housing waiting list", required=True)
    as_of: dt.date | None = F(Date(), "The date the number describes.", "2026-11-20")
    source: str = F(Id(refers="source"), "The id of the source that states it.",
                    "city-report", required=True)
    quote: str | None = F(Str(), "The words in that source that state the number.",
                          "More than 1,200 people are on the waiting list")


@record("a source entry")
class SourceRef(Record):
    source: str = F(Id(refers="source"), "The id of a file in content/sources/.",
                    "city-report", required=True)
    quote: str | None = F(Str(), "The words in the source that the check relies on (a "
                          "sentence at most).", "The waiting list grew by a third in a year")
    locator: str | None = F(Str(), "Where in the source: a page, paragraph or timestamp.",
                            "paragraph 3")


@record("a correction")
class Correction(Record):
    date: dt.date = F(Date(), "When the change was made.", "2026-11-22", required=True)
    kind: str = F(Choice(choices=("correction", "update", "clarification", "retraction")),
                  "What kind of change it was.", "correction", required=True)
    text: Text = F(Markdown(inline=True), "What changed and why (inline Markdown).",
                   "An earlier version gave the wrong date for the report.", required=True)


@record("imported")
class Imported(Record):
    publisher: str = F(Str(), "Who published the original check.", "AFP Fact Check",
                       required=True)
    url: str | None = F(Url(), "The original check's address.",
                        "https://factcheck.afp.com/example-check")
    published: dt.date | None = F(Date(), "When they published it.", "2020-06-24")
    rating: str | None = F(Str(), "Their verdict, in their words.", "False")
    adopted: bool = F(Bool(), "true once the desk has reviewed the check and set the claim's "
                      "own `rating`; until then the page shows the verdict as theirs.", False)


ID_DESCRIPTION = "The id used in the URL and in references. Defaults to the file name."
TEAM = Name(refers="team member")


@record("a claim")
class Claim(Record):
    id: str = F(Id(), ID_DESCRIPTION, "waiting-list", default="")
    claim: str = F(Str(), "The statement checked, as it was made.",
                   "More than 1,200 people are waiting for a council home.", required=True)
    short: str | None = F(Str(max_len=SHORT), f"At most {SHORT} characters, for headings, "
                          "cards and search results.", "1,200 people on the waiting list")
    claimant: str = F(NameOrId(refers="claimant",
                               words="a name, or the id of a file in content/claimants/"),
                      "Who made the claim: a name, or the id of a file in content/claimants/.",
                      "city-council", required=True)
    appeared: Appearance | None = F(Appearance.FIELDS, "Where and when the claim was made: "
                                    "date, url, where.")
    rating: str = F(Id(refers="rating"), "The verdict: an id from the ratings in site.yaml.",
                    "accurate", required=True)
    summary: Text = F(Markdown(), "The verdict in a paragraph (inline Markdown).",
                      "The reporting supports the figure.", required=True)
    published: dt.date = F(Date(), "When this check was published.", "2026-11-20",
                           required=True)
    updated: dt.date | None = F(Date(), "When it was last changed (not before published).",
                                "2026-11-21")
    checked_by: tuple[str, ...] = F(ListOf(TEAM, what="names"), "Who checked it: names from "
                                    "site.yaml's team.", ["Alex Example"])
    edited_by: tuple[str, ...] = F(ListOf(TEAM, what="names"), "Who edited it: names from "
                                   "site.yaml's team.", ["Sam Example"])
    figures: tuple[Figure, ...] = F(MapOf(Figure.FIELDS), "The numbers at stake, by figure "
                                    "id: value, qualifier, unit, label, as_of, source, quote.")
    sources: tuple[SourceRef, ...] = F(
        ListOf(IdOr("source", SourceRef.FIELDS), min_items=1,
               what="sources (source ids, or source, quote and locator)"),
        "The sources the check relies on: source ids, or source, quote and locator.",
        ["city-report"], required=True)
    tags: tuple[str, ...] = F(ListOf(Str(), what="words"), "Topics, as words; each gets a "
                              "page.", ["housing"])
    related: tuple[str, ...] = F(ListOf(Id(refers="claim"), what="claim ids"),
                                 "Ids of related claims.", ["housing-budget"])
    corrections: tuple[Correction, ...] = F(ListOf(Correction.FIELDS, what="corrections"),
                                            "The log of corrections, updates, clarifications "
                                            "and retractions: date, kind, text.")
    aliases: tuple[str, ...] = F(ListOf(SitePath(), what="paths on this site"),
                                 "Old addresses of this claim; each redirects here.",
                                 ["/2019/05/waiting-list/"])
    draft: bool = F(Bool(), "true keeps it out of the published site.", False)
    analysis: Text | None = F(Markdown(), "The analysis, in Markdown (in a .md claim, the body "
                              "instead).", "The figure comes from [@city-report].")
    imported: Imported | None = F(Imported.FIELDS, "Whose check this is, when it was "
                                  "imported from another publisher: publisher, url, "
                                  "published, rating, adopted.")
    missing: tuple[str, ...] = F(ListOf(Str(), what="field names"), "Fields an import could "
                                 "not fill, which hold placeholders until an editor fills them "
                                 "in; `check` warns for each.", ["claimant"])
    file: str = ""  # the file it was read from, relative to the site folder

    @property
    def heading(self) -> str:
        return self.short or self.claim

    @property
    def modified(self) -> dt.date:
        dates = [self.published, self.updated, *(c.date for c in self.corrections)]
        return max(d for d in dates if d is not None)

    @property
    def retraction(self) -> Correction | None:
        return next((c for c in self.corrections if c.kind == "retraction"), None)

    @property
    def texts(self) -> tuple[Text, ...]:
        """Its Markdown texts: summary, analysis, then the corrections'."""
        return tuple(t for t in (self.summary, self.analysis, *(c.text for c in
                                                                self.corrections)) if t)

    def figure(self, figure_id: str) -> Figure | None:
        return next((f for f in self.figures if f.id == figure_id), None)


# ---- sources and claimants ----------------------------------------------------------------


@record("a source")
class Source(Record):
    id: str = F(Id(), ID_DESCRIPTION, "city-report", default="")
    title: str = F(Str(), "The title of the document, article or statement.",
                   "Annual housing report", required=True)
    publisher: str = F(Str(), "Who published it.", "Example City Council", required=True)
    url: str | None = F(Url(), "Where readers can read it.", "https://example.org/report")
    no_url: str | None = F(Reason(), "Instead of url, for a source that has no web address: "
                           "why, in words readers see in its place (a print edition, an "
                           "interview, a document given to the desk).",
                           "a statement given to our reporter by telephone")
    published: dt.date | None = F(Date(), "When it was published.", "2026-11-20")
    accessed: dt.date | None = F(Date(), "When the desk read it.", "2026-11-21")
    archived: str | None = F(Url(), "An archived copy, e.g. on the Wayback Machine.",
                             "https://web.archive.org/web/2026/https://example.org/report")
    archived_on: dt.date | None = F(Date(), "When the archived copy was made.", "2026-11-21")
    status: str = F(Choice(choices=("live", "dead")), "Whether the original still answers; a "
                    "dead source links its archived copy first.", "live", default="live")
    author: str | None = F(Str(), "Who wrote it.", "A. Reporter")
    kind: str | None = F(Choice(choices=("news", "government", "statement", "court",
                                         "dataset", "other")),
                         "What sort of source it is.", "news")
    notes: str | None = F(Str(), "Anything a reader should know about the source.",
                          "Quoted in the council's press release.")
    stored_on: dt.date | None = F(Date(), "When the desk stored its copy of the source's text "
                                  "(the <id>.txt or <id>.html file next to this one), which "
                                  "`check` verifies quotes against.", "2026-11-21")
    no_copy: str | None = F(Reason(), "Instead of a stored copy, for a source the desk holds "
                            "none of: why, in words readers see beside each quote from it "
                            "(`check` then counts its quotes as not checkable, not as "
                            "unverified).", "the interview was not recorded")
    draft: bool = F(Bool(), "true keeps it out of the published site (claims citing it "
                    "must be drafts too).", False)
    file: str = ""


@record("a claimant")
class Claimant(Record):
    id: str = F(Id(), ID_DESCRIPTION, "city-council", default="")
    name: str = F(Str(), "The claimant's name as readers know it.", "Example City Council",
                  required=True)
    kind: str | None = F(Choice(choices=("person", "organization")),
                         "A person or an organization.", "organization")
    url: str | None = F(Url(), "Their own website.", "https://example.org/")
    same_as: str | None = F(Url(), "Their Wikidata or Wikipedia page.",
                            "https://www.wikidata.org/wiki/Q0")
    description: str | None = F(Str(), "One line on who they are.",
                                "The elected council of the city.")
    draft: bool = F(Bool(), "true keeps it out of the published site (claims naming it "
                    "must be drafts too).", False)
    file: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class StoredCopy:
    """The desk's stored copy of a source's text (content/sources/<id>.txt or .html):
    evidence for `check`, never published. `text` is the readable text (an .html file's
    extracted)."""

    rel: str  # the path relative to the site folder: content/sources/vice-report.txt
    path: str  # the file as messages show it
    text: str

    @property
    def key(self) -> str:
        """The path without its ending, which the source's own file shares."""
        return self.rel.rsplit(".", 1)[0]


# ---- articles and pages -------------------------------------------------------------------


@record("an article")
class Article(Record):
    title: str = F(Str(), "The article's title.", "What we know about the waiting list",
                   required=True)
    date: dt.date = F(Date(), "When it was published.", "2026-11-20", required=True)
    updated: dt.date | None = F(Date(), "When it was last changed.", "2026-11-21")
    summary: str | None = F(Str(), "One or two sentences for listings.", "The claims, checked.")
    tags: tuple[str, ...] = F(ListOf(Str(), what="words"), "Topics, as words.",
                              ["housing"])
    draft: bool = F(Bool(), "true keeps it out of the published site.", False)
    id: str = ""  # the file's name
    body: Text = Text("", NOWHERE)  # the Markdown after the front matter
    file: str = ""

    @property
    def modified(self) -> dt.date:
        return max(self.date, self.updated or self.date)


@record("a page")
class Page(Record):
    title: str = F(Str(), "The page's title.", "About us", required=True)
    date: dt.date | None = F(Date(), "When it was last revised.", "2026-11-20")
    summary: str | None = F(Str(), "One sentence for search results.", "Who we are.")
    rating_scale: bool = F(Bool(), "true shows the site's rating scale after the text "
                           "(for the methodology page).", False)
    draft: bool = F(Bool(), "true keeps it out of the published site.", False)
    id: str = ""
    body: Text = Text("", NOWHERE)
    file: str = ""


# Each kind of content file's table; "site.yaml" is the site's own.
TABLES: dict[str, Fields] = {
    "site.yaml": Site.FIELDS, "claim": Claim.FIELDS, "source": Source.FIELDS,
    "claimant": Claimant.FIELDS, "article": Article.FIELDS, "page": Page.FIELDS,
}
