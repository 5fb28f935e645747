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
from dataclasses import dataclass

from . import translations
from .addresses import CopyName, SitePath, Url
from .fieldtypes import (
    Bool,
    Choice,
    Date,
    Id,
    ListOf,
    Markdown,
    Name,
    NameOrId,
    Number,
    Reason,
    Str,
)
from .people import Person
from .siteconfig import (
    Funder,
    NavItem,
    Organization,
    Policies,
    Publisher,
    Rating,
    Site,
    TeamMember,
)
from .tables import NOWHERE, SHORT, F, Fields, IdOr, MapOf, Record, record
from .values import Locs, Period, Text

__all__ = ["NOWHERE", "SHORT", "TABLES", "Funder", "Locs", "NavItem", "Organization", "Period",
           "Person", "Policies", "Publisher", "Rating",
           "Record", "Site", "TeamMember", "Text"]



# ---- claims -----------------------------------------------------------------------------


@record("an appearance")
class Appearance(Record):
    where: str | None = F(Str(), "Where it was made, in words: a speech, an interview, a "
                          "post.", "The mayor's weekly press briefing")
    url: str | None = F(Url(), "Where the claim can be seen: the post, video or transcript. "
                        "Pages link its archived copy first and mark this link nofollow "
                        "(site.yaml's misinformation_links).", "https://example.org/briefing")
    date: dt.date | None = F(Date(), "When the claim was made there.", "2026-11-20")
    claimant: str | None = F(NameOrId(refers="claimant", words="a name, or the id of a file "
                                      "in content/claimants/"),
                             "Who made it there, when not the claim's claimant (a claim "
                             "repeated by others): a name or a claimant id.",
                             "city-council")
    archived: str | None = F(Url(), "An archived copy of the page, e.g. on the Wayback "
                             "Machine (`archive` finds or makes one).",
                             "https://web.archive.org/web/2026/https://example.org/briefing")
    archived_on: dt.date | None = F(Date(), "When the archived copy was made.", "2026-11-21")
    said: str | None = F(Str(), "The words as said here, when they differ from the claim's "
                         "`said` or someone else said them (checked against this "
                         "appearance's stored copy).",
                         "Twelve hundred people are waiting for a home")
    source: str | None = F(Id(refers="source"), "The id of a source that records this "
                           "appearance (a report quoting it, a transcript): its stored copy "
                           "is the one `check` reads the wording in.", "city-report")
    copy: str | None = F(CopyName(), "The file in content/claims/<claim>/appearances/ that "
                         "holds the desk's stored copy of this page or transcript, when not "
                         "<n>.txt or <n>.html (n counts the appearances from 1). Never "
                         "published.", "briefing-transcript.txt")


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


# The kinds of entry in a corrections log; `check --since` lets a typo or a clarification
# cover an edit to the words, not to a rating or a figure.
KINDS = ("correction", "update", "clarification", "typo", "retraction")


@record("a correction")
class Correction(Record):
    date: dt.date = F(Date(), "When the change was made.", "2026-11-22", required=True)
    kind: str = F(Choice(choices=KINDS), "What kind of change it was: a correction of a "
                  "mistake, an update with new information, a clarification, a typo fixed, "
                  "or a retraction.", "correction", required=True)
    text: Text = F(Markdown(inline=True), "What changed and why (inline Markdown).",
                   "An earlier version gave the wrong date for the report.", required=True)
    rating_before: str | None = F(Id(refers="rating"), "When this change altered the "
                                  "verdict: the rating it had before (an id from site.yaml's "
                                  "ratings). The page says \"Rating changed from X to Y\".",
                                  "mostly-accurate")


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
    said: str | None = F(Str(), "The claim word for word, as the claimant said or wrote it "
                         "(`claim` may be the desk's paraphrase): pages show it as a quote, "
                         "and `check` verifies it against the stored copies of its "
                         "appearances.", "More than 1,200 people are waiting for a home")
    appearances: tuple[Appearance, ...] = F(
        ListOf(Appearance.FIELDS, what="appearances"), "Every place the claim was made, "
        "earliest first where known: where, url, date, claimant (if another), archived, "
        "archived_on, said, source, copy.")
    appeared: Appearance | None = F(Appearance.FIELDS, "The old form of `appearances`, for a "
                                    "single place (the fields of one appearance): read as "
                                    "the first appearance; `check` says how to move it.",
                                    replaced_by="appearances")
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

    @property
    def quoted(self) -> tuple[str, ...]:
        """The sources its evidence is checked against: those it quotes (in `sources` or a
        figure), and those that record where it was made."""
        return tuple(dict.fromkeys([*(e.source for e in self.sources if e.quote),
                                    *(f.source for f in self.figures if f.quote),
                                    *(a.source for a in self.places if a.source)]))

    @property
    def places(self) -> tuple[Appearance, ...]:
        """Where the claim was made: its appearances (the old `appeared`, when that is all
        it has)."""
        return self.appearances or ((self.appeared,) if self.appeared else ())

    @property
    def first_appearance(self) -> Appearance | None:
        """The earliest dated appearance; the first listed when none has a date."""
        dated = [a for a in self.places if a.date]
        return min(dated, key=lambda a: a.date) if dated else next(iter(self.places), None)

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
    "person": Person.FIELDS,
}
TABLES.update({f"{kind}-translation": translations.inheriting(kind, TABLES[kind])
               for kind in translations.TRANSLATIONS})
ClaimTranslation = translations.ClaimTranslation
ArticleTranslation = translations.ArticleTranslation
PageTranslation = translations.PageTranslation
