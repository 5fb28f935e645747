#!/usr/bin/env python3
"""A synthetic fact-check site of any size, the same every time for the same seed.

    python bench/generate.py --claims 4000 --out bench/out/4000

writes three folders under --out, all holding the same pages:

    factsite/  site.yaml + content/ in our format: claims (each with a 400-600 word analysis
               with a table, links, footnotes, 3-5 citations, claim links and figures, and
               tags), sources, claimants, articles citing claims' figures, pages
    hugo/      the claims, articles and pages as a Hugo site (plain Markdown: our references
               become ordinary links and text), one template showing title and content
    plain/     the same Markdown files, for bench/plainloop.py

Proportions: 1 source per 2 claims, 1 claimant per 10, tags between 10 and 200, articles
3% of claims, a handful of pages; about 80% of claims are YAML files, the rest Markdown
with front matter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import mirror
import yaml
from prose import Prose

RATINGS = [
    ("accurate", "Accurate", "The claim matches what the sources show.", 5),
    ("mostly-accurate", "Mostly accurate", "Right in substance, loose in a detail.", 4),
    ("missing-context", "Missing context", "Literally true, but leaves out what matters.", 3),
    ("misleading", "Misleading", "Real facts used to give a false impression.", 2),
    ("false", "False", "The sources contradict the claim.", 1),
    ("unverifiable", "Unverifiable", "The sources cannot settle it.", None),
]
TEAM = ["Alex Example", "Sam Example", "Robin Example", "Kim Example", "Jo Example",
        "Lee Example"]
FIRST = ["Maria", "James", "Ana", "David", "Fatima", "Chen", "Olga", "Kwame", "Lucia", "Omar",
         "Grace", "Pedro", "Aisha", "Tom", "Ines", "Yuki", "Sofia", "Ivan", "Nadia", "Raj"]
LAST = ["Garcia", "Smith", "Novak", "Okafor", "Silva", "Kim", "Haddad", "Larsen", "Moreau",
        "Rossi", "Tanaka", "Kowalski", "Mensah", "Ortiz", "Singh", "Berg", "Costa", "Ali"]
PLAIN_NAMES = ["Social media posts", "A viral image", "Chain emails", "Campaign mailers",
               "Online petitions", "Several bloggers", "A television advertisement"]
QUALIFIERS = [None, None, "exactly", "more than", "at least", "fewer than", "at most", "about"]
SOURCE_KINDS = ["news", "government", "statement", "court", "dataset", "other"]
PUBLISHERS = ["Times", "Office", "Post", "Institute", "Ministry", "Tribune"]
UNITS = ["people", "dollars", "cases", "percent", "votes", "jobs", "schools", "days"]
START = dt.date(2015, 1, 1)
SPAN_DAYS = 4000  # published dates fall between 2015 and 2025


@dataclass(frozen=True)
class Figure:
    id: str
    value: int
    qualifier: str | None
    unit: str
    label: str
    source: str


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    short: str | None
    claimant: str
    rating: str
    published: dt.date
    figures: tuple[Figure, ...]
    sources: tuple[str, ...]
    tags: tuple[str, ...]
    related: tuple[str, ...]
    summary: str
    analysis: str
    as_markdown: bool  # a .md file with front matter rather than .yaml
    data: dict  # everything else in the file, ready for YAML


@dataclass(frozen=True)
class Doc:
    """An article or a page: front matter and a Markdown body."""

    section: str  # "articles" or "pages"
    slug: str
    title: str
    front: dict
    body: str


@dataclass(frozen=True)
class Site:
    claims: tuple[Claim, ...]
    sources: dict[str, dict]
    claimants: dict[str, dict]
    docs: tuple[Doc, ...]
    tags: tuple[str, ...]


def generate(n_claims: int, seed: int = 1, corpus: Path | None = None) -> Site:
    rng = random.Random(seed)
    prose = Prose(rng, corpus)
    sources = make_sources(max(n_claims // 2, 5), rng, prose)  # a claim cites up to 5
    claimants = make_claimants(max(n_claims // 10, 1), rng)
    tags = make_tags(min(200, max(10, n_claims // 20)), prose)
    ids = unique_ids([prose.phrase(2, 4) for _ in range(n_claims)])
    titles: dict[str, str] = {}
    claims = []
    for i, claim_id in enumerate(ids):
        claim = make_claim(i, claim_id, ids, list(sources), list(claimants), tags, rng, prose)
        titles[claim_id] = claim.short or claim.claim
        claims.append(claim)
    docs = make_articles(claims, list(sources), tags, rng, prose) + make_pages(rng, prose)
    return Site(tuple(claims), sources, claimants, tuple(docs), tuple(tags))


def slugify(name: str) -> str:
    """As factsite makes URLs of names (for the ASCII text generated here)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def unique_ids(phrases: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for phrase in phrases:
        base = slugify(phrase)[:50].strip("-") or "item"
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        out.append(slug)
    return out


def make_sources(n: int, rng: random.Random, prose: Prose) -> dict[str, dict]:
    out = {}
    for source_id in unique_ids([prose.phrase(2, 3) for _ in range(n)]):
        day = START + dt.timedelta(days=rng.randrange(SPAN_DAYS))
        url = f"https://example.org/{day.year}/{source_id}"
        out[source_id] = {
            "title": prose.sentence(5, 12).rstrip("."),
            "publisher": f"The {prose.phrase(1, 2).title()} {rng.choice(PUBLISHERS)}",
            "kind": rng.choice(SOURCE_KINDS),
            "url": url,
            "published": day,
            "archived": f"https://web.archive.org/web/{day.year}/{url}",
            "archived_on": day + dt.timedelta(days=rng.randint(0, 30)),
            **({"status": "dead"} if rng.random() < 0.05 else {}),
        }
    return out


def make_claimants(n: int, rng: random.Random) -> dict[str, dict]:
    initials = ["", *(f"{c}. " for c in "ABCDEFGHJKLMNPRSTVW")]
    names = [f"{first} {middle}{last}" for middle in initials for first in FIRST
             for last in LAST]
    names = rng.sample(names, n) if n <= len(names) else names + [
        f"Speaker {i}" for i in range(n - len(names))]
    return {slugify(name): {"name": name, "kind": "person",
                            "description": f"A public figure quoted {rng.randint(2, 40)} times."}
            for name in names}


def make_tags(n: int, prose: Prose) -> list[str]:
    tags: dict[str, str] = {}
    while len(tags) < n:
        tag = prose.phrase(1, 2)
        tags.setdefault(slugify(tag), tag)
    return list(tags.values())


def make_claim(i: int, claim_id: str, ids: list[str], sources: list[str],
               claimants: list[str], tags: list[str], rng: random.Random,
               prose: Prose) -> Claim:
    statement = prose.sentence(8, 20)
    short = None
    if len(statement) > 75:
        short = statement[:72].rsplit(" ", 1)[0].rstrip(".,;:")
    cited = tuple(rng.sample(sources, rng.randint(3, 5)))
    figures = tuple(
        Figure(f"figure-{k + 1}", rng.randint(2, 90000), rng.choice(QUALIFIERS),
               rng.choice(UNITS), prose.phrase(3, 6).capitalize(), rng.choice(cited))
        for k in range(rng.randint(1, 3)))
    published = START + dt.timedelta(days=rng.randrange(SPAN_DAYS))
    others = [c for c in rng.sample(ids, min(len(ids), 4)) if c != claim_id]
    related = tuple(others[:rng.randint(0, 2)])
    links = tuple(others[2:4] or others[:1])
    claimant = rng.choice(claimants) if rng.random() < 0.9 else rng.choice(PLAIN_NAMES)
    summary = (f"The figure of [#{figures[0].id}] comes from {prose.phrase(2, 4)} "
               f"[@{cited[0]}]. {prose.sentence(10, 24)}")
    own_tags = sorted(set(rng.sample(tags, rng.randint(2, 4))))
    analysis = make_analysis(figures, cited, links, own_tags, rng, prose)
    data = {
        "claim": statement,
        **({"short": short} if short else {}),
        "claimant": claimant,
        "appearances": [{"date": published - dt.timedelta(days=rng.randint(1, 20)),
                         "where": prose.phrase(2, 5).capitalize()}],  # (the same draws)
        "rating": rng.choice(RATINGS)[0],
        "summary": summary,
        "published": published,
        "checked_by": [rng.choice(TEAM)],
        "edited_by": [rng.choice(TEAM)],
        "figures": {f.id: {"value": f.value, **({"qualifier": f.qualifier} if f.qualifier else {}),
                           "unit": f.unit, "label": f.label, "source": f.source,
                           "quote": f"{prose.sentence(6, 12)[:-1]} {f.value:,} {f.unit}"}
                    for f in figures},
        "sources": [{"source": s, "quote": prose.sentence(8, 16),
                     "locator": f"paragraph {rng.randint(1, 30)}"} if rng.random() < 0.7 else s
                    for s in cited],
        "tags": own_tags,
        **({"related": list(related)} if related else {}),
    }
    if rng.random() < 0.05:
        day = published + dt.timedelta(days=rng.randint(1, 60))
        data["updated"] = day
        data["corrections"] = [{"date": day, "kind": rng.choice(["correction", "update"]),
                                "text": prose.sentence(8, 18)}]
    if rng.random() < 0.03:
        data["aliases"] = [f"/{published.year}/{published.month:02d}/{claim_id}/"]
    return Claim(claim_id, statement, short, claimant, data["rating"], published, figures,
                 cited, tuple(data["tags"]), related, summary, analysis,
                 as_markdown=i % 5 == 4, data=data)


def make_analysis(figures: tuple[Figure, ...], cited: tuple[str, ...], links: tuple[str, ...],
                  tags: list[str], rng: random.Random, prose: Prose) -> str:
    """400-600 words: headings, paragraphs with citations, figures, claim links, a table,
    links on and off the site (to one of the claim's own tags), and footnotes."""
    target = rng.randint(400, 600)
    fig = figures[0].id
    tag = slugify(rng.choice(tags))
    first, *rest = cited
    table = ["| Figure | Value | Source |", "|:--|--:|:--|"]
    table += [f"| {f.label} | [#{f.id}] | {prose.phrase(2, 3)} |" for f in figures]
    table += [f"| {prose.phrase(2, 4).capitalize()} | {rng.randint(1, 999):,} | "
              f"{prose.phrase(1, 2)} |" for _ in range(rng.randint(1, 3))]
    parts = [
        f"{prose.sentence()} The number in question is [#{fig}], according to "
        f"[@{first}, paragraph {rng.randint(1, 20)}]. {prose.sentence()}",
        f"## {prose.phrase(2, 5).capitalize()}",
        f"{prose.sentence()} [@{rest[0]}] {prose.sentence()}[^1] See the "
        f"[published data](https://example.org/data/{tag}) and [other checks on this "
        f"topic](/tags/{tag}/). {prose.sentence()}",
        "\n".join(table),
        f"## {prose.phrase(2, 5).capitalize()}",
        f"{prose.sentence()} This is not the first time: [[{links[0]}]]. "
        f"{prose.sentence()} [@{'; @'.join(rest[1:])}] {prose.sentence()}[^2]",
    ]
    if len(links) > 1:
        parts.append(f"{prose.sentence()} A [[{links[1]}|related claim]] made the same "
                     f"point. {prose.sentence()}")
    notes = [f"[^1]: {prose.sentence(6, 14)}", f"[^2]: {prose.sentence(6, 14)} "
             f"[The source](/sources/{first}/) has the full text."]
    words = sum(len(p.split()) for p in parts + notes)
    while words < target - 20:
        paragraph = prose.paragraph(min(90, target - words))
        parts.insert(len(parts) - (1 if len(links) > 1 else 0), paragraph)
        words += len(paragraph.split())
    return "\n\n".join([*parts, "\n".join(notes)]) + "\n"


def make_articles(claims: list[Claim], sources: list[str], tags: list[str],
                  rng: random.Random, prose: Prose) -> list[Doc]:
    out = []
    slugs = unique_ids([prose.phrase(3, 5) for _ in range(max(1, len(claims) * 3 // 100))])
    for slug in slugs:
        picked = rng.sample(claims, min(len(claims), rng.randint(3, 6)))
        lines = [f"{prose.sentence()} [@{rng.choice(sources)}] {prose.sentence()}"]
        for claim in picked:
            figure = claim.figures[0]
            lines += [f"## {prose.phrase(2, 4).capitalize()}",
                      f"{prose.sentence()} The claim counts [#{claim.id}.{figure.id}] "
                      f"[@{claim.sources[0]}]. {prose.paragraph(60)} We rated "
                      f"[[{claim.id}|the claim]] after checking it.[^{claim.id}]"]
        lines.append("| Claim | Figure |\n|:--|--:|\n" + "\n".join(
            f"| {c.short or c.claim} | [#{c.id}.{c.figures[0].id}] |" for c in picked))
        lines.append("\n".join(f"[^{c.id}]: {prose.sentence(6, 12)}" for c in picked))
        date = max(c.published for c in picked) + dt.timedelta(days=rng.randint(1, 30))
        title = prose.sentence(5, 10).rstrip(".")
        front = {"title": title, "date": date, "summary": prose.sentence(8, 16),
                 "tags": sorted(set(rng.sample(tags, 2)))}
        out.append(Doc("articles", slug, title, front, "\n\n".join(lines) + "\n"))
    return out


def make_pages(rng: random.Random, prose: Prose) -> list[Doc]:
    pages = [("about", "About this desk", False), ("methodology", "How we rate claims", True),
             ("corrections-policy", "Corrections policy", False),
             ("contact", "Contact us", False), ("funding", "Who funds us", False)]
    out = []
    for slug, title, scale in pages:
        body = "\n\n".join([prose.paragraph(80), f"## {prose.phrase(2, 4).capitalize()}",
                            prose.paragraph(120), "Read [how we rate claims](/methodology/)."])
        front = {"title": title, "summary": prose.sentence(6, 12),
                 **({"rating_scale": True} if scale else {})}
        out.append(Doc("pages", slug, title, front, body + "\n"))
    return out


# ---- writing ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True  # the same date twice is written twice, not as an anchor and alias


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def site_yaml() -> dict:
    return {
        "title": "Synthetic Fact Desk",
        "base_url": "https://example.org/",
        "language": "en",
        "description": "A generated site for benchmarks.",
        "publisher": {"name": "Synthetic Fact Desk", "url": "https://example.org/"},
        "team": [{"name": name, "role": "Fact-checker"} for name in TEAM],
        "ratings": [{"id": i, "label": label, "description": d,
                     **({"value": v} if v else {"on_scale": False})}
                    for i, label, d, v in RATINGS],
        "nav": [{"title": "About", "url": "/about/"},
                {"title": "Methodology", "url": "/methodology/"}],
        "submit_claim": "mailto:tips@example.org",
        "per_page": 50,
        # The search index (Pagefind's own cost) is measured on its own, as a scenario
        # of its own, not inside every build.
        "search": False,
    }


def write_factsite(site: Site, root: Path) -> None:
    content = root / "content"
    for folder in ("claims", "sources", "claimants", "articles", "pages"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(dump(site_yaml()), "utf-8")
    for claim in site.claims:
        if claim.as_markdown:
            text = f"---\n{dump(claim.data)}---\n{claim.analysis}"
            (content / "claims" / f"{claim.id}.md").write_text(text, "utf-8")
        else:
            data = {**claim.data, "analysis": claim.analysis}
            (content / "claims" / f"{claim.id}.yaml").write_text(dump(data), "utf-8")
    stored = stored_copies(site)
    for kind, records in (("sources", site.sources), ("claimants", site.claimants)):
        for record_id, data in records.items():
            if kind == "sources" and record_id in stored:
                data = {**data, "stored_on": data["archived_on"]}
                (content / kind / f"{record_id}.txt").write_text(stored[record_id], "utf-8")
            (content / kind / f"{record_id}.yaml").write_text(dump(data), "utf-8")
    for doc in site.docs:
        text = f"---\n{dump(doc.front)}---\n{doc.body}"
        (content / doc.section / f"{doc.slug}.md").write_text(text, "utf-8")


def stored_copies(site: Site) -> dict[str, str]:
    """The desk's stored copy of each quoted source: every passage the claims quote from it,
    a paragraph each, so that `check` verifies every quote (as the issue's desks would)."""
    passages: dict[str, list[str]] = {}
    for claim in site.claims:
        quoted = [(e["source"], e["quote"]) for e in claim.data["sources"] if isinstance(e, dict)]
        quoted += [(f["source"], f["quote"]) for f in claim.data["figures"].values()]
        for source_id, quote in quoted:
            passages.setdefault(source_id, []).append(quote)
    return {source_id: "\n\n".join(quotes) + "\n" for source_id, quotes in passages.items()}


def write_all(site: Site, out: Path) -> None:
    for name in ("factsite", "hugo", "plain"):
        shutil.rmtree(out / name, ignore_errors=True)
    write_factsite(site, out / "factsite")
    pages = mirror.plain_pages(site)
    mirror.write_hugo(pages, out / "hugo")
    mirror.write_plain(pages, out / "plain")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--claims", type=int, default=4000, help="how many claims (default 4000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--corpus", type=Path, help="a LIAR-format folder of .tsv files to take "
                   "vocabulary from (optional; the text is never committed)")
    p.add_argument("--out", type=Path, required=True, help="the folder to write into")
    args = p.parse_args(argv)
    if args.claims < 5:
        p.error("--claims: at least 5")
    site = generate(args.claims, args.seed, args.corpus)
    write_all(site, args.out)
    print(f"{len(site.claims)} claims, {len(site.sources)} sources, {len(site.claimants)} "
          f"claimants, {len(site.tags)} tags, {len(site.docs)} articles and pages -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
