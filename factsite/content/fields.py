"""One field table per content type: each field is declared once, here.

Validation (`Fields.convert`), did-you-mean for misspelt names, the field reference in
`docs/content.md` (`python -m factsite.content.fields docs/content.md`), and later the editor
JSON Schemas and scaffolds are all derived from these tables, so they cannot drift.
"""

from __future__ import annotations

import re
from typing import Any

from . import model
from .fieldtypes import (
    MISSING,
    Bool,
    Choice,
    Context,
    Date,
    Duration,
    Field,
    Fields,
    Id,
    IdOrFields,
    Link,
    ListOf,
    MapOf,
    Markdown,
    Name,
    Number,
    SitePath,
    Str,
    Url,
)

__all__ = ["MISSING", "TABLES", "Context", "Field", "Fields", "reference", "update_docs"]

F = Field

APPEARANCE = Fields("appeared", model.Appearance, [
    F("date", Date(), "When the claim was made.", "2026-11-20"),
    F("url", Url(), "Where the claim can be seen: the post, video or transcript.",
      "https://example.org/statement"),
    F("where", Str(), "Where it was made, in words: a speech, an interview, a post.",
      "A press statement"),
])

FIGURE = Fields("a figure", model.Figure, [
    F("value", Number(), "The number itself, without separators.", 37000, required=True),
    F("qualifier", Choice(choices=("exactly", "more than", "at least", "fewer than", "at most",
                                   "about")),
      "How exact the number is, as the source says it.", "more than"),
    F("unit", Str(), "What is counted, as it reads after the number.", "Cubans"),
    F("label", Str(), "What the number measures, for tables.",
      "Cubans in the U.S. with deportation orders", required=True),
    F("as_of", Date(), "The date the number describes.", "2026-11-20"),
    F("source", Id(refers="source"), "The id of the source that states it.", "vice-report",
      required=True),
    F("quote", Str(), "The words in that source that state the number.",
      "There are more than 37,000 Cubans in the U.S. with deportation orders"),
])

SOURCE_REF = Fields("a source entry", model.SourceRef, [
    F("source", Id(refers="source"), "The id of a file in content/sources/.", "vice-report",
      required=True),
    F("quote", Str(), "The words in the source that the check relies on (a sentence at most).",
      "All 120 people were put on a single flight"),
    F("locator", Str(), "Where in the source: a page, paragraph or timestamp.", "paragraph 3"),
])

CORRECTION = Fields("a correction", model.Correction, [
    F("date", Date(), "When the change was made.", "2026-11-22", required=True),
    F("kind", Choice(choices=("correction", "update", "clarification", "retraction")),
      "What kind of change it was.", "correction", required=True),
    F("text", Markdown(), "What changed and why (inline Markdown).",
      "An earlier version gave the wrong day of the flight.", required=True),
])

ID_FIELD = F("id", Id(), "The id used in the URL and in references. Defaults to the file name.",
             "cuba-flight")

CLAIM = Fields("a claim", model.Claim, [
    ID_FIELD,
    F("claim", Str(), "The statement checked, as it was made.",
      "ICE put 120 Cubans on a single flight to Havana.", required=True),
    F("short", Str(max_len=75), "At most 75 characters, for headings, cards and search results.",
      "120 Cubans deported on one flight"),
    F("claimant", Str(words="a name, or the id of a file in content/claimants/"),
      "Who made the claim: a name, or the id of a file in content/claimants/.", "miami-herald",
      required=True),
    F("appeared", APPEARANCE, "Where and when the claim was made: date, url, where."),
    F("rating", Id(refers="rating"), "The verdict: an id from the ratings in site.yaml.",
      "accurate", required=True),
    F("summary", Markdown(), "The verdict in a paragraph (inline Markdown).",
      "The reporting supports the figure.", required=True),
    F("published", Date(), "When this check was published.", "2026-11-20", required=True),
    F("updated", Date(), "When it was last changed (not before published).", "2026-11-21"),
    F("checked_by", ListOf(Name(refers="team member"), what="names"),
      "Who checked it: names from site.yaml's team.", ["Alex Example"]),
    F("edited_by", ListOf(Name(refers="team member"), what="names"),
      "Who edited it: names from site.yaml's team.", ["Sam Example"]),
    F("figures", MapOf(FIGURE), "The numbers at stake, by figure id: value, qualifier, unit, "
      "label, as_of, source, quote."),
    F("sources", ListOf(IdOrFields("source", SOURCE_REF), min_items=1,
                        what="sources (source ids, or source, quote and locator)"),
      "The sources the check relies on: source ids, or source, quote and locator.",
      ["vice-report"], required=True),
    F("tags", ListOf(Str(), what="words"), "Topics, as words; each gets a page.",
      ["deportation"]),
    F("related", ListOf(Id(refers="claim"), what="claim ids"), "Ids of related claims.",
      ["ninety-day-window"]),
    F("corrections", ListOf(CORRECTION, what="corrections"),
      "The log of corrections, updates, clarifications and retractions: date, kind, text."),
    F("aliases", ListOf(SitePath(), what="paths on this site"),
      "Old addresses of this claim; each redirects here.", ["/2019/05/cuba-flight/"]),
    F("draft", Bool(), "true keeps it out of the published site.", False),
    F("analysis", Markdown(), "The analysis, in Markdown (in a .md claim, the body instead).",
      "The figure comes from [@miami-herald-report]."),
    F("missing", ListOf(Str(), what="field names"), "Fields an import could not fill, which "
      "hold placeholders until an editor fills them in; `check` warns for each.", ["claimant"]),
])

SOURCE = Fields("a source", model.Source, [
    ID_FIELD,
    F("title", Str(), "The title of the document, article or statement.",
      "ICE Put 120 Cubans on a Flight to Havana", required=True),
    F("publisher", Str(), "Who published it.", "VICE News", required=True),
    F("url", Url(), "Where readers can read it.", "https://example.org/report"),
    F("published", Date(), "When it was published.", "2026-11-20"),
    F("accessed", Date(), "When the desk read it.", "2026-11-21"),
    F("archived", Url(), "An archived copy, e.g. on the Wayback Machine.",
      "https://web.archive.org/web/2026/https://example.org/report"),
    F("archived_on", Date(), "When the archived copy was made.", "2026-11-21"),
    F("status", Choice(choices=("live", "dead")),
      "Whether the original still answers; a dead source links its archived copy first.", "live"),
    F("author", Str(), "Who wrote it.", "A. Reporter"),
    F("kind", Choice(choices=("news", "government", "statement", "court", "dataset", "other")),
      "What sort of source it is.", "news"),
    F("notes", Str(), "Anything a reader should know about the source.",
      "Quoted in the VICE News report."),
    F("stored_on", Date(), "When the desk stored its copy of the source's text (the "
      "<id>.txt or <id>.html file next to this one), which `check` verifies quotes against.",
      "2026-11-21"),
])

CLAIMANT = Fields("a claimant", model.Claimant, [
    ID_FIELD,
    F("name", Str(), "The claimant's name as readers know it.", "Miami Herald", required=True),
    F("kind", Choice(choices=("person", "organization")), "A person or an organization.",
      "organization"),
    F("url", Url(), "Their own website.", "https://example.org/"),
    F("same_as", Url(), "Their Wikidata or Wikipedia page.",
      "https://www.wikidata.org/wiki/Q0"),
    F("description", Str(), "One line on who they are.", "A daily newspaper in Miami."),
])

ARTICLE = Fields("an article", model.Article, [
    F("title", Str(), "The article's title.", "What we know about the flight", required=True),
    F("date", Date(), "When it was published.", "2026-11-20", required=True),
    F("updated", Date(), "When it was last changed.", "2026-11-21"),
    F("summary", Str(), "One or two sentences for listings.", "The claims, checked."),
    F("tags", ListOf(Str(), what="words"), "Topics, as words.", ["deportation"]),
    F("draft", Bool(), "true keeps it out of the published site.", False),
])

PAGE = Fields("a page", model.Page, [
    F("title", Str(), "The page's title.", "About us", required=True),
    F("date", Date(), "When it was last revised.", "2026-11-20"),
    F("summary", Str(), "One sentence for search results.", "Who we are."),
    F("rating_scale", Bool(), "true shows the site's rating scale after the text "
      "(for the methodology page).", False),
    F("draft", Bool(), "true keeps it out of the published site.", False),
])

RATING = Fields("a rating", model.Rating, [
    F("id", Id(), "The id claims use in `rating:`.", "accurate", required=True),
    F("label", Str(), "The verdict as readers see it.", "Accurate", required=True),
    F("description", Str(), "What the verdict means.", "The claim is supported by the record.",
      required=True),
    F("value", Number(minimum=1), "Its place on the scale: higher is more true, the lowest is 1.",
      5),
    F("on_scale", Bool(), "false for verdicts outside the scale, like 'Unverifiable'.", True),
])

SITE = Fields("site.yaml", model.Site, [
    F("title", Str(), "The site's name.", "Example Fact Desk", required=True),
    F("base_url", Url(), "The address the site is published at; may have a path.",
      "https://example.org/cuba/", required=True),
    F("language", Str(), "The language of the site, as a code like en or es.", "en"),
    F("description", Str(), "One sentence about the site.", "Fact-checks of..."),
    F("publisher", Fields("publisher", model.Publisher, [
        F("name", Str(), "The organisation that publishes the checks.", "Example Fact Desk",
          required=True),
        F("url", Url(), "Its website.", "https://example.org/"),
        F("logo", Link(), "Its logo: a path in static/ or a web address.", "/logo.svg"),
    ]), "Who publishes the site: name, url, logo."),
    F("team", ListOf(what="team members", item=Fields("a team member", model.TeamMember, [
        F("name", Str(), "Their name, as claims' checked_by and edited_by use it.",
          "Alex Example", required=True),
        F("role", Str(), "Their role on the desk.", "Editor"),
    ])), "The people who check and edit claims: name, role."),
    F("ratings", ListOf(RATING, min_items=2, what="ratings"),
      "The rating scale, best to worst: id, label, description, value, on_scale.",
      required=True),
    F("nav", ListOf(what="menu items", item=Fields("a menu item", model.NavItem, [
        F("title", Str(), "The link's text.", "Methodology", required=True),
        F("url", Link(), "A path on this site or a web address.", "/methodology/",
          required=True),
    ])), "The site menu: title and url of each link."),
    F("submit_claim", Url(mailto=True), "Where readers send a claim to check.",
      "mailto:tips@example.org"),
    F("per_page", Number(minimum=1, integer=True), "How many items a listing page shows.", 50),
    F("search", Bool(), "false leaves out the search page and index (on by default).", True),
    F("stale_after", Duration(), "How old a figure's as_of may get before `check` warns that "
      "it may be out of date: a number and d (days), w (weeks), m (months) or y (years).",
      "365d"),
])

TABLES: dict[str, Fields] = {
    "site.yaml": SITE, "claim": CLAIM, "source": SOURCE, "claimant": CLAIMANT,
    "article": ARTICLE, "page": PAGE,
}


# ---- the field reference in docs/content.md --------------------------------------------------


def reference(table: Fields, prefix: str = "") -> str:
    """A Markdown table of a content type's fields, nested records flattened as a.b."""
    rows = []
    for spec in table.fields:
        name = f"{prefix}{spec.name}"
        kind = spec.type
        inner = kind.value if isinstance(kind, MapOf) else kind.item if isinstance(kind, ListOf) \
            else kind
        inner = inner.record if isinstance(inner, IdOrFields) else inner
        example = "" if spec.example is None else f"`{_yaml_inline(spec.example)}`"
        rows.append(f"| `{name}` | {'yes' if spec.required else ''} | {kind.words} | "
                    f"{spec.description} | {example} |")
        if isinstance(inner, Fields):
            sub = f"{name}.<id>." if isinstance(kind, MapOf) else \
                f"{name}[]." if isinstance(kind, ListOf) else f"{name}."
            rows += reference(inner, sub).splitlines()[2:]
    head = "| field | required | type | what it is | example |\n|---|---|---|---|---|"
    return "\n".join([head, *rows])


def _yaml_inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_inline(v) for v in value) + "]"
    return str(value).replace("|", "\\|")


def update_docs(text: str) -> str:
    """Replace each `<!-- fields:NAME -->…<!-- /fields -->` block with the current table."""
    def table(m: re.Match) -> str:
        return f"{m.group(1)}\n{reference(TABLES[m.group(2)])}\n{m.group(3)}"

    return re.sub(r"(<!-- fields:([\w.]+) -->)\n.*?\n(<!-- /fields -->)", table, text,
                  flags=re.S)


if __name__ == "__main__":  # python -m factsite.content.fields docs/content.md
    import sys
    from pathlib import Path

    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(update_docs(path.read_text("utf-8")), "utf-8")
