"""Open data: every published claim as /claims.json (the whole record, described by the
JSON Schema at /schemas/claims.schema.json, see `dataschema`) and /claims.csv (one row per
claim, flattened from the same records, so the two cannot disagree). docs/data.md
describes both.

Text is plain (Markdown rendered and its tags removed); figures are numbers; dates are
YYYY-MM-DD; URLs are absolute, from base_url.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..content.model import Claim, Rating, Source
from ..site.index import Entry
from ..site.urls import url_for, url_to_path
from .outputs import Output, Planned, Scope
from .structured import number, person
from .views import Views

JSON_PATH = "claims.json"
CSV_PATH = "claims.csv"
SCHEMA_PATH = "schemas/claims.schema.json"
SEPARATOR = " | "  # between the values of a list in one CSV cell
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula to a spreadsheet


def plan(scope: Scope) -> Iterator[Planned]:
    """claims.json and claims.csv show every published claim (in another language's
    edition, its translation into that language, when it has one), its claimant and
    sources, and whether the stored copies of where it was made have its words."""
    index = scope.index
    edition = scope.edition
    deps = {"plan", *(f.file for f in index.facts.values()
                      if f.kind in ("claim", "source", "claimant")),
            *(() if edition is None or edition.own else  # (the claims in its language)
              (rel for (kind, _), done in index.translations.items()
               if kind == "claim" and (rel := done.get(edition.code)) is not None)),
            *index.stored.values(),  # (whether each appearance's wording was found)
            *(rel for copies in index.copies.values() for rel in copies.values())}
    yield Output(JSON_PATH, JSON_PATH, "data", "json"), deps
    yield Output(CSV_PATH, CSV_PATH, "data", "csv"), deps


def make(output: Output, views: Views) -> Iterator[bytes]:
    """The file, a claim at a time (a big site's would take a lot of memory whole)."""
    return _json(views) if output.key == "json" else _csv(views)


def _lines(views: Views) -> Iterator[str]:
    """Each published claim as a line of JSON and a row of CSV (in one string, split at
    the first newline), newest first. A claim's are the last build's unless its page is
    made again: they show what the page shows."""
    rows = _CsvRows()

    def lines(page: str) -> str:
        record = claim(views, views.record("claim", page.split("/")[-2]))
        return _dump(record) + "\n" + rows.line(csv_row(record)).decode("utf-8")

    prefix = views.words.prefix  # (in another language: its page of the claim, if it has one)
    return views.parts([(prefix if views.translation("claim", c) else "")
                        + url_to_path(url_for("claims", c)) for c in views.index.claims], lines)


def _json(views: Views) -> Iterator[bytes]:
    head = _head(views)
    yield ("{" + "".join(f"{_dump(key)}:{_dump(value)},\n" for key, value in head.items())
           + '"claims":[\n').encode("utf-8")
    # One claim per line: readable in a diff, and written by the JSON module's fast path
    # (indented JSON is written by its slow one, seconds at newsroom scale).
    for n, lines in enumerate(_lines(views)):
        yield ((",\n" if n else "") + lines.split("\n", 1)[0]).encode("utf-8")
    yield b"\n]}\n"


def _csv(views: Views) -> Iterator[bytes]:
    yield _CsvRows().line(dict(zip(CSV_COLUMNS, CSV_COLUMNS, strict=True)))
    for lines in _lines(views):
        yield lines.split("\n", 1)[1].encode("utf-8")


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _head(views: Views) -> dict[str, Any]:
    """claims.json's fields before its claims."""
    site = views.site
    return {
        "$schema": views.words.absolute(SCHEMA_PATH),
        "site": {
            "title": site.title,
            "url": site.root_url,
            "language": site.language,
            "publisher": site.publisher_name,
            "publisher_url": site.publisher_url,
        },
        "ratings": [rating(views, r) for r in site.ratings],
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def rating(views: Views, r: Rating) -> dict[str, Any]:
    return {"id": r.id, "label": r.label, "description": r.description,
            "value": None if r.value is None else number(r.value), "on_scale": r.on_scale,
            "url": views.words.absolute(url_for("ratings", r.id))}


def claim(views: Views, c: Claim) -> dict[str, Any]:
    index, site = views.index, views.site
    slug = index.claimant_of[c.id]
    record = views.claimant(slug)
    r = site.rating(c.rating)
    assert r is not None
    listed = {e.source: e for e in c.sources}
    return {
        "id": c.id,
        "url": views.words.absolute(url_for("claims", c.id)),
        "claim": c.claim,
        "short": c.short,
        "claimant": {
            "id": slug,
            "name": index.claimants[slug].name,
            "kind": record.kind if record else None,
            "website": record.url if record else None,
            "same_as": record.same_as if record else None,
            "url": views.words.absolute(url_for("claimants", slug)),
        },
        "said": c.said,
        "appearances": appearances(views, c),
        "rating": {"id": r.id, "label": r.label,
                   "value": None if r.value is None else number(r.value),
                   "on_scale": r.on_scale},
        "summary": views.plain(c.summary, c),
        "published": _date(c.published),
        "updated": _date(c.updated),
        "modified": _date(c.modified),
        "checked_by": list(c.checked_by),
        "edited_by": list(c.edited_by),
        "imported": None if c.imported is None else {
            "publisher": c.imported.publisher, "url": c.imported.url,
            "published": _date(c.imported.published), "rating": c.imported.rating,
            "adopted": c.imported.adopted},
        "figures": [{
            "id": f.id, "label": f.label, "value": number(f.value), "qualifier": f.qualifier,
            "unit": f.unit, "as_of": _date(f.as_of),
            "text": views.in_own_language("claim", c.id).words.figure(f),
            "source": f.source, "quote": f.quote,
        } for f in c.figures],
        "sources": [source(views, views.record("source", e.source), e, listed.get(e.source))
                    for e in index.entries["claim", c.id]],
        "tags": list(c.tags),
        "related": list(index.related.get(c.id, ())),
        "corrections": [{"date": _date(x.date), "kind": x.kind,
                         "text": views.note(c, x.text, plain=True),
                         "rating_before": x.rating_before} for x in c.corrections],
        "retracted": c.retraction is not None,
    }


def appearances(views: Views, c: Claim) -> list[dict[str, Any]]:
    """Every place the claim was made, as listed, and whether the desk's stored copy of it
    has the words said there (null: no words to check, or no stored copy)."""
    checked = views.checked.get(c.id)
    out = []
    for n, place in enumerate(c.places, 1):
        wording = checked.wording(n) if checked else None
        out.append({
            "where": place.where, "url": place.url, "date": _date(place.date),
            "claimant": person(views, place.claimant)["name"] if place.claimant else None,
            "archived": place.archived, "archived_on": _date(place.archived_on),
            "said": place.said, "wording_verified": wording.found if wording else None,
        })
    return out


def source(views: Views, s: Source, entry: Entry, ref: Any) -> dict[str, Any]:
    """A source as one claim relies on it: the record, and the words relied on."""
    return {
        "number": entry.number, "id": s.id, "title": s.title, "publisher": s.publisher,
        "author": s.author, "kind": s.kind, "published": _date(s.published), "url": s.url,
        "no_url": None if s.url else s.no_url, "archived": s.archived,
        "archived_on": _date(s.archived_on), "status": s.status,
        "quote": ref.quote if ref else None, "locator": ref.locator if ref else None,
        "page": views.words.absolute(url_for("sources", s.id)),
    }


# ---- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS: dict[str, str] = {  # column → what it holds (also the docs' table)
    "id": "The claim's id.",
    "url": "The fact-check's address.",
    "claim": "The statement checked, as it was made.",
    "short": "The short form, when there is one.",
    "claimant": "Who made the claim.",
    "claimant_id": "The claimant's id (their page's slug).",
    "said": "The claim word for word, as the claimant said or wrote it.",
    "appearances": "How many places the claim was made (each is in claims.json).",
    "first_appeared_date": "When the claim was first made: the date of its first "
                           "appearance (the earliest dated; the first listed when none is).",
    "first_appeared_url": "Where the first appearance can be seen.",
    "first_appeared_where": "The first appearance, in words.",
    "rating": "The verdict's id.",
    "rating_label": "The verdict, as readers see it.",
    "rating_value": "Its place on the scale (higher is more true); empty off the scale.",
    "summary": "The verdict in a paragraph, as plain text.",
    "published": "When the check was published.",
    "updated": "When it was last changed.",
    "modified": "The latest of published, updated and the corrections' dates.",
    "checked_by": "Who checked it.",
    "edited_by": "Who edited it.",
    "figures": "The figures, each as id=value.",
    "source_ids": "The sources' ids, in the page's order.",
    "source_urls": "The sources' addresses (the archived copy when only that exists).",
    "tags": "Topics.",
    "related": "Ids of related claims.",
    "corrections": "How many corrections, updates and clarifications it has had.",
    "retracted": "true when the check has been retracted.",
}


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    first = first_appearance(record["appearances"]) or {}
    values: dict[str, Any] = {
        "id": record["id"], "url": record["url"], "claim": record["claim"],
        "short": record["short"], "claimant": record["claimant"]["name"],
        "claimant_id": record["claimant"]["id"], "said": record["said"],
        "appearances": len(record["appearances"]), "first_appeared_date": first.get("date"),
        "first_appeared_url": first.get("url"), "first_appeared_where": first.get("where"),
        "rating": record["rating"]["id"], "rating_label": record["rating"]["label"],
        "rating_value": record["rating"]["value"], "summary": record["summary"],
        "published": record["published"], "updated": record["updated"],
        "modified": record["modified"], "checked_by": record["checked_by"],
        "edited_by": record["edited_by"],
        "figures": [f"{f['id']}={f['value']}" for f in record["figures"]],
        "source_ids": [s["id"] for s in record["sources"]],
        "source_urls": [s["url"] or s["archived"] for s in record["sources"]
                        if s["url"] or s["archived"]],
        "tags": record["tags"], "related": record["related"],
        "corrections": len(record["corrections"]), "retracted": record["retracted"],
    }
    return {k: _cell(values[k]) for k in CSV_COLUMNS}


def first_appearance(places: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The earliest dated appearance; the first listed when none has a date (as
    `Claim.first_appearance`)."""
    dated = [a for a in places if a["date"]]
    return min(dated, key=lambda a: a["date"]) if dated else next(iter(places), None)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = SEPARATOR.join(map(str, value))
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA):
        text = "'" + text  # a spreadsheet shows it as text instead of running it
    return text


class _CsvRows:
    """RFC 4180, a row at a time: comma-separated, quoted where needed, CRLF line ends."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.DictWriter(self.buffer, fieldnames=list(CSV_COLUMNS),
                                     lineterminator="\r\n")

    def line(self, row: dict[str, str]) -> bytes:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(row)
        return self.buffer.getvalue().encode("utf-8")
