"""The synthetic site's pages as plain Markdown, for the tools that do not know our
references: a Hugo site, and the input of bench/plainloop.py.

Each claim, article and page becomes one file with YAML front matter (title, date) and the
same Markdown body factsite renders, with our references written out as ordinary Markdown:

    [@source, p. 4]          [1, p. 4](/sources/source/)    (numbered as first cited)
    [[claim-id|text]]        [text](/claims/claim-id/)
    [#figure] [#claim.fig]   more than 37,000 people
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

CITATION = re.compile(r"\[(@[^\[\]]*)\]")
CLAIM_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
FIGURE = re.compile(r"\[#([^\[\]|\s]*)(?:\|([^\[\]]*))?\]")

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Synthetic Fact Desk"
languageCode = "en"
# Only the pages themselves, as the plain loop makes them: no lists, taxonomies or feeds.
disableKinds = ["home", "section", "taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]

[markup.goldmark.extensions]
footnote = true
table = true

[markup.tableOfContents]
startLevel = 2
"""

TEMPLATE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>
{content}
</main></body></html>
"""
HUGO_TEMPLATE = TEMPLATE.format(title="{{ .Title }}", content="{{ .Content }}")
JINJA_TEMPLATE = TEMPLATE.format(title="{{ title }}", content="{{ content }}")


@dataclass(frozen=True)
class PlainPage:
    section: str  # claims, articles or pages
    slug: str
    title: str
    date: object  # a datetime.date, or None
    body: str

    @property
    def path(self) -> str:
        return f"{self.section}/{self.slug}.md"

    def text(self) -> str:
        front = {"title": self.title, **({"date": self.date} if self.date else {})}
        return f"---\n{yaml.safe_dump(front, sort_keys=False, width=1000)}---\n{self.body}"


def plain_pages(site) -> list[PlainPage]:
    """Every claim, article and page of a generate.Site, in plain Markdown."""
    titles = {c.id: c.short or c.claim for c in site.claims}
    figures = {c.id: {f.id: f for f in c.figures} for c in site.claims}
    pages = []
    for claim in site.claims:
        body = f"{claim.summary}\n\n{claim.analysis}"
        pages.append(PlainPage("claims", claim.id, titles[claim.id], claim.published,
                               plain(body, titles, figures, claim.id)))
    for doc in site.docs:
        pages.append(PlainPage(doc.section, doc.slug, doc.title, doc.front.get("date"),
                               plain(doc.body, titles, figures, None)))
    return pages


def plain(text: str, titles: dict[str, str], figures: dict[str, dict], own: str | None) -> str:
    numbers: dict[str, int] = {}

    def cite(m: re.Match) -> str:
        links = []
        for part in m.group(1).split(";"):
            key, _, locator = part.strip().removeprefix("@").partition(",")
            n = numbers.setdefault(key.strip(), len(numbers) + 1)
            label = f"{n}, {locator.strip()}" if locator.strip() else str(n)
            links.append(f"[{label}](/sources/{key.strip()}/)")
        return ", ".join(links)

    def claim_link(m: re.Match) -> str:
        claim_id = m.group(1).strip()
        return f"[{m.group(2) or titles[claim_id]}](/claims/{claim_id}/)"

    def figure(m: re.Match) -> str:
        claim_id, _, figure_id = m.group(1).rpartition(".")
        f = figures[claim_id or own][figure_id]
        number = f"{f.value:,}"
        if m.group(2) == "number":
            return number
        return " ".join(x for x in (f.qualifier, number, f.unit) if x)

    text = CLAIM_LINK.sub(claim_link, text)
    text = CITATION.sub(cite, text)
    return FIGURE.sub(figure, text)


def write_hugo(pages: list[PlainPage], root: Path) -> None:
    (root / "layouts").mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    (root / "layouts" / "single.html").write_text(HUGO_TEMPLATE, "utf-8")
    write_pages(pages, root / "content")


def write_plain(pages: list[PlainPage], root: Path) -> None:
    write_pages(pages, root / "content")
    (root / "page.html").write_text(JINJA_TEMPLATE, "utf-8")


def write_pages(pages: list[PlainPage], folder: Path) -> None:
    for page in pages:
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.text(), "utf-8")
