#!/usr/bin/env python3
"""A factsite site made from real fact-checks: the Veritas corpus (738 Snopes checks, each
with the page where its claim first appeared and that page's scraped text).

    python bench/veritas.py --out bench/out/veritas [--records 300] [--corpus FILE]

writes site.yaml and content/ into --out/factsite: a claim per record (its text, Snopes'
verdict on a scale of our own, tags, date, the author as the checker), a source per record
(the Snopes article, whose text the corpus does not have: `no_copy`), and the claim's one
appearance: where it first appeared (the origin page's title, or its site), its address (an
archive.today address is the archived copy, and a Wayback Machine address is both the
archived copy and, inside it, the page's own), its date, and the page's text as the
appearance's stored copy (content/claims/<id>/appearances/1.txt). When a sentence of the
page's summary or its title is in that text word for word, it is the claim's `said`, which
`check` then verifies against the stored copy.

The corpus is ../shared/corpora/veritas/ (its README lists the file's quirks). Its text is
other sites': use what this makes as a test fixture and a benchmark, never publish it.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generate import dump, unique_ids

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTSITE_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "corpora" / "veritas" / "veritas4.1.csv"
UNDATED = dt.date(2019, 12, 31)  # the check's date when the corpus gives none
ARCHIVES = ("archive.is", "archive.fo", "archive.li", "archive.ph", "archive.today")
WAYBACK = re.compile(r"https?://web\.archive\.org/web/(\d{8})\d*[a-z_]*/(https?://.+)")
# Pages the scraper got instead of the page (a bare web server, a robot check): no copy.
NOT_THE_PAGE = {"Welcome to nginx!", "Attention Required!", "WWW Error Blocked Diagnostic",
                "Robot Check"}
RATINGS = [  # Snopes' verdicts, on our scale (the corpus's noisy spellings are read below)
    ("true", "True", "What the claim says happened, or is so.", 4),
    ("mostly-true", "Mostly true", "Right in substance, wrong in a detail.", 3),
    ("mostly-false", "Mostly false", "A grain of truth in a claim that is wrong.", 2),
    ("false", "False", "What the claim says did not happen, or is not so.", 1),
    ("legend", "Legend", "A story told as true that no record bears out.", None),
]
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class Converted:
    """The site's files (path in the site → text) and what went into them, counted."""

    files: dict[str, str] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)


def read_records(path: Path = CORPUS) -> list[dict[str, str]]:
    """The corpus's records: tab-separated, in spite of the name, with quoted fields that
    span lines."""
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def rating_of(verdict: str) -> str | None:
    """Our rating for Snopes' verdict: 'true.' is true, 'true (but not for the reason you
    think)' is true; None for a verdict the scale has not got."""
    word = re.sub(r"\s*\(.*\)$", "", verdict.strip().lower()).rstrip(". ")
    return {r[0].replace("-", " "): r[0] for r in RATINGS}.get(word)


def usable(record: dict[str, str]) -> bool:
    return bool(record["claim"].strip() and rating_of(record["verdict"])
                and record["a_url"].startswith("https://"))


def convert(records: list[dict[str, str]], limit: int | None = None) -> Converted:
    """The site made of the first `limit` usable records (all of them by default)."""
    chosen = [r for r in records if usable(r)][:limit]
    ids = unique_ids([urlsplit(r["a_url"]).path.rstrip("/").rsplit("/", 1)[-1]
                      for r in chosen])
    out = Converted()
    team = sorted({name for r in chosen for name in authors(r)})
    out.files["site.yaml"] = dump(site_yaml(team))
    for record, claim_id in zip(chosen, ids, strict=True):
        add_claim(out, record, claim_id)
    out.counts["claims"] = len(chosen)
    return out


def authors(record: dict[str, str]) -> list[str]:
    return [" ".join(name.split()) for name in record["a_author"].splitlines() if name.strip()]


def add_claim(out: Converted, record: dict[str, str], claim_id: str) -> None:
    """A record's claim, its source (the Snopes article) and its appearance's stored copy."""
    published = day(record["a_date"].replace("/", "-")) or UNDATED
    source_id = f"snopes-{claim_id}"
    place, body = appearance(record, published, out.counts)
    said = said_in(record, body)
    text = " ".join(record["claim"].split())
    data = {
        "claim": text[0].upper() + text[1:],
        "claimant": claimant_of(record),
        **({"said": said} if said else {}),
        "appearances": [place],
        "rating": rating_of(record["verdict"]),
        "summary": f"Snopes rated this claim “{record['verdict'].strip()}” [@{source_id}].",
        "published": published,
        **({"checked_by": authors(record)} if authors(record) else {}),
        "sources": [source_id],
        "tags": list(dict.fromkeys(" ".join(t.split()) for t in
                                   ast.literal_eval(record["a_tags"] or "[]") if t.strip())),
    }
    out.files[f"content/claims/{claim_id}.yaml"] = dump({k: v for k, v in data.items() if v})
    source = {"title": f"Fact check: {data['claim']}", "publisher": "Snopes",
              "url": record["a_url"], "published": published,
              "author": ", ".join(authors(record)), "kind": "news",
              "no_copy": "the Veritas corpus has the claims Snopes checked, not the text "
                         "of its articles"}
    out.files[f"content/sources/{source_id}.yaml"] = dump({k: v for k, v in source.items()
                                                          if v})
    if body is not None:
        out.files[f"content/claims/{claim_id}/appearances/1.txt"] = body + "\n"
        out.counts["stored copies"] += 1
    out.counts["said"] += bool(said)


def appearance(record: dict[str, str], published: dt.date, counts: Counter
               ) -> tuple[dict, str | None]:
    """Where the claim first appeared, and that page's text (None: the corpus has none, or
    has what a server said instead of the page)."""
    url = record["o_url"].strip()
    host = urlsplit(url).hostname or ""
    place: dict = {}
    title = " ".join(record["o_title"].split())
    real = title not in NOT_THE_PAGE
    if (wayback := WAYBACK.match(url)) and urlsplit(wayback[2]).hostname:
        place["url"], place["archived"] = wayback[2], url
        place["archived_on"] = day(f"{wayback[1][:4]}-{wayback[1][4:6]}-{wayback[1][6:]}")
        host = urlsplit(wayback[2]).hostname or host
        counts["wayback"] += 1
    elif host.removeprefix("www.") in ARCHIVES:
        place["archived"] = url  # the page it copies is not named: the copy is the place
        counts["archive.today"] += 1
        real = False  # the title is the archive's, or a robot check's
    elif urlsplit(url).scheme in ("http", "https") and host:
        place["url"] = url
    place = {"where": title if title and real else host.removeprefix("www.") or "the web",
             **place}
    when = day(record["o_date"][:10])
    if when and when <= published:
        place["date"] = when
        counts["dated"] += 1
    body = record["o_body"].strip()
    good = bool(body) and " ".join(record["o_title"].split()) not in NOT_THE_PAGE
    return {k: v for k, v in place.items() if v}, body if good else None


def said_in(record: dict[str, str], body: str | None) -> str | None:
    """The claim as the page said it: its title, or the sentence of its summary, most like
    the claim (a third of the claim's words at least, not a cookie notice), that the page's
    text has word for word (what `check` then verifies, its own way)."""
    if not body:
        return None
    claim = content_words(record["claim"])
    candidates = [" ".join(record["o_title"].split()),
                  *(s.strip() for s in SENTENCE.split(record["o_summary"]))]
    scored = [(len(claim & content_words(words)), -i, words)
              for i, words in enumerate(candidates)
              if 6 <= len(words.split()) <= 40 and words in body]
    best = max(scored, default=None)
    return best[2] if best and best[0] >= max(2, len(claim) / 3) else None


def content_words(text: str) -> set[str]:
    """The words of a text that say what it is about (not 'the', 'that', 'with')."""
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3}


def claimant_of(record: dict[str, str]) -> str:
    """The site the claim first appeared on, as its name; posts online when that was an
    archived copy (which does not say whose page it copies)."""
    host = (urlsplit(record["o_url"].strip()).hostname or "").removeprefix("www.")
    wayback = WAYBACK.match(record["o_url"].strip())
    if wayback:
        host = (urlsplit(wayback[2]).hostname or "").removeprefix("www.")
    return "Posts online" if not host or host in ARCHIVES else host


def day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def site_yaml(team: list[str]) -> dict:
    return {
        "title": "Veritas Test Desk",
        "base_url": "https://example.org/",
        "language": "en",
        "description": "Snopes' fact-checks from the Veritas corpus: a test fixture, never "
                       "published.",
        "publisher": {"name": "Veritas Test Desk", "url": "https://example.org/"},
        "team": [{"name": name, "role": "Fact-checker"} for name in team],
        "ratings": [{"id": i, "label": label, "description": d,
                     **({"value": v} if v else {"on_scale": False})}
                    for i, label, d, v in RATINGS],
        "per_page": 50,
        "search": False,  # Pagefind's cost is measured on its own (bench/run.py)
    }


def write(site: Converted, folder: Path) -> None:
    """The site's files into `folder` (emptied first)."""
    shutil.rmtree(folder, ignore_errors=True)
    for rel, text in site.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True, help="the folder to write the site "
                   "into (as <out>/factsite)")
    p.add_argument("--records", type=int, help="how many usable records (default: all)")
    p.add_argument("--corpus", type=Path, default=CORPUS, help=f"the corpus file (default "
                   f"{CORPUS})")
    args = p.parse_args(argv)
    site = convert(read_records(args.corpus), args.records)
    write(site, args.out / "factsite")
    print(", ".join(f"{n} {what}" for what, n in site.counts.items()) + f" -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
