"""`build.py import claimreview FILE`: ClaimReview markup into claim and source files.

Every record found is either written as a claim (and a source: the fact-check itself) or
reported with the reason it was not. Each claim is a draft that says whose check it is
(`imported`: the publisher, the original's address and date, their verdict in their words)
until an editor adopts it (docs/evidence.md), and lists every place the markup says the
claim was made (`appearances`). A record missing a required field is still
written, with a placeholder in the field and the field's name in `missing`, so that
`check` warns until an editor fills it in. Nothing is overwritten: a record whose claim
file already exists is reported and skipped (so importing a file twice adds nothing).
Each file is checked through the field tables before it is written.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from ..build import Content, today
from ..content.documents import parse_document
from ..content.model import Rating
from ..content.slugs import is_slug, slugify
from ..content.validate import convert
from . import claimreview
from .claimreview import Place, Review

PLACEHOLDER_CLAIMANT = "Unknown claimant"
PLACEHOLDER_WHERE = "Where it was made: to be filled in"
ID_LENGTH = 60


@dataclass(frozen=True)
class Outcome:
    """What became of one record: the files written (none when `reason` says why not)."""

    files: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # fields that hold placeholders
    notes: tuple[str, ...] = ()
    reason: str | None = None  # why it was not imported

    @property
    def line(self) -> str:
        if self.reason is not None:
            return f"not imported: {self.reason}"
        return (", ".join(self.files) + (" (gaps to fill)" if self.missing else "") + "; "
                + "; ".join(self.notes))


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    imported: int = 0  # each one a draft
    gaps: int = 0  # of those, with placeholders to fill
    skipped: int = 0
    records: list[dict] = field(default_factory=list)  # one per record, as data
    notes: list[str] = field(default_factory=list)  # about the file, not one record

    def add(self, where: str, number: int, outcome: Outcome) -> None:
        self.lines.append(f"{where}: {outcome.line}")
        self.records.append({"record": number, "imported": outcome.reason is None,
                             "files": list(outcome.files), "missing": list(outcome.missing),
                             "notes": list(outcome.notes), "reason": outcome.reason})
        if outcome.reason is not None:
            self.skipped += 1
        else:
            self.imported += 1
            self.gaps += bool(outcome.missing)

    def as_json(self, path: Path) -> dict:
        """For `--format json`: each record, what became of it, and the totals."""
        return {"file": str(path), "records": self.records, "written": self.written,
                "imported": self.imported, "gaps": self.gaps, "skipped": self.skipped,
                "notes": self.notes}


def _slug(text: str) -> str:
    slug = slugify(text)
    if len(slug) > ID_LENGTH:
        slug = slug[:ID_LENGTH].rsplit("-", 1)[0]
    return slug


def _id_for(review: Review) -> str:
    """The claim's id: the most telling part of the check's address, else its words."""
    if review.url:
        parts = [unquote(p) for p in urlsplit(review.url).path.split("/")]
        worded = [_slug(p.rsplit(".", 1)[0]) for p in parts if re.search(r"[^\W\d_]", p)]
        telling = [w for w in worded if w.count("-") >= 2]  # words, not a section's name
        if telling:
            return max(telling, key=len)
    return _slug(review.claim or "imported-claim")


def _free(folder: Path, stem: str, taken: set[str]) -> str:
    """`stem`, or stem-2, stem-3…: a name no file in `folder` and no earlier record has."""
    for n in range(1, 1000):
        name = stem if n == 1 else f"{stem}-{n}"
        if name not in taken and not any((folder / f"{name}{e}").exists()
                                         for e in (".yaml", ".yml", ".md")):
            return name
    raise OSError(f"no free file name for {stem} in {folder}")


def markdown_text(text: str) -> str:
    """Imported words as Markdown that shows them as they are: no HTML, no references."""
    text = html.escape(text, quote=False)
    text = re.sub(r"([\\`*_\[\]{}])", r"\\\1", text)
    return re.sub(r"^([#>+\-]|\d+\.)", r"\\\1", text)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # a date used twice is written twice, never as &id001 and *id001


def _dump(data: dict, where: str) -> str:
    header = f"# Imported from ClaimReview markup ({where}) by build.py import claimreview.\n"
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=100)


def _valid(kind: str, text: str, rel: str) -> list[str]:
    """The field tables' errors for a file we are about to write."""
    doc, problems = parse_document(text, kind=kind, rel=rel, path=rel,
                                        stem=Path(rel).stem)
    if doc is None:
        return [d.message for d in problems]
    _, found = convert(doc)
    return [d.message for d in [*problems, *found] if d.is_error]


def import_file(site_dir: Path, content: Content, path: Path) -> Report:
    """Import every ClaimReview in the file at `path` into the site at `site_dir`."""
    report = Report()
    text = path.read_bytes().decode("utf-8", errors="replace")
    objects, notes = claimreview.find(text)
    report.notes = notes if objects else [*notes, "no ClaimReview found"]
    report.lines += [f"{path.name}: {note}" for note in report.notes]
    if not objects:
        return report
    seen: dict[tuple, int] = {}
    taken: dict[str, set[str]] = {"claims": set(), "sources": set(), "claimants": set()}
    sources_by_url = {s.url: s.id for s in content.sources if s.url}
    for n, obj in enumerate(objects, start=1):
        where = f"{path.name} #{n}"
        review = Review.read(obj)
        key = (review.url, review.claim)
        if key in seen:
            report.add(where, n, Outcome(reason=f"the same review as #{seen[key]}"))
            continue
        seen[key] = n
        report.add(where, n, _import_one(site_dir, content, review, where, taken,
                                         sources_by_url, report))
    report.lines.append(
        f"{len(objects)} record(s): {report.imported} imported as drafts ({report.gaps} with "
        f"gaps to fill), {report.skipped} not imported")
    return report


def _import_one(site_dir: Path, content: Content, review: Review, where: str,
                taken: dict[str, set[str]], sources_by_url: dict[str, str],
                report: Report) -> Outcome:
    if not review.claim:
        return Outcome(reason="it has no claimReviewed, so there is no statement to check")
    claims = site_dir / "content" / "claims"
    claim_id = _id_for(review)
    if any((claims / f"{claim_id}{e}").exists() for e in (".yaml", ".yml", ".md")):
        return Outcome(reason=f"content/claims/{claim_id}.yaml exists (imported before?)")
    claim_id = _free(claims, claim_id, taken["claims"])
    gaps = _gaps(review, content)
    if isinstance(gaps, str):
        return Outcome(reason=gaps)
    rating, claimant, published, missing, notes = gaps

    source_id, files = _source(site_dir, review, claim_id, where, taken, sources_by_url)
    files += _claimant_files(content, [claimant, *(p.author for p in review.places)], where)
    claim = _claim(review, claimant, rating.id, published, source_id, missing)
    files.insert(0, ("claim", f"content/claims/{claim_id}.yaml", _dump(claim, where)))

    for kind, rel, text in files:
        errors = _valid(kind, text, rel)
        if errors:
            return Outcome(reason=f"{rel} would not pass check: {'; '.join(errors)}")
    for _, rel, text in files:
        target = site_dir / rel
        if target.exists():  # a claimant file made by an earlier record
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as f:  # never overwrite
            f.write(text)
        report.written.append(rel)
    taken["claims"].add(claim_id)
    taken["sources"].add(source_id)
    if review.url:
        sources_by_url[review.url] = source_id
    return Outcome(tuple(rel for _, rel, _ in files), tuple(missing), tuple(notes))


def _gaps(review: Review, content: Content
          ) -> tuple[Rating, str, dt.date, list[str], list[str]] | str:
    """The rating, claimant and date to write, with placeholders where the markup has none
    (the fields they stand in are `missing`), and notes on how each was found; or why the
    record cannot be imported."""
    missing: list[str] = []
    rating, how = claimreview.map_rating(review, content.site)
    notes = [how]
    if rating is None:
        rating = next((r for r in content.site.ratings if not r.on_scale), None)
        if rating is None:
            return f"{how}, and the site has no rating off the scale to hold it"
        missing.append("rating")
        notes[-1] += f" (placeholder '{rating.id}', marked missing)"
    claimant = review.claimant
    if claimant is None:
        claimant = PLACEHOLDER_CLAIMANT
        missing.append("claimant")
        notes.append("no claimant in the markup (placeholder, marked missing)")
    if any(not p.url and not p.where for p in review.places):
        missing.append("appearances")
        notes.append("an appearance with only a date, no address or name (placeholder "
                     "'where', marked missing)")
    if any(p.archived and not p.url for p in review.places):
        notes.append("an archived copy without the address it is a copy of (left out)")
    published = review.published
    if published is None:
        published = today()
        missing.append("published")
        notes.append("no datePublished (placeholder: today, marked missing)")
    return rating, claimant, published, missing, notes


def _claimant_files(content: Content, names: list[str | None], where: str
                    ) -> list[tuple[str, str, str]]:
    """A claimant file for each name that reads as an id (a slug) and has none."""
    return [("claimant", f"content/claimants/{name}.yaml", _dump({"name": name}, where))
            for name in dict.fromkeys(n for n in names if n)
            if is_slug(name) and not any(c.id == name for c in content.claimants)]


def _source(site_dir: Path, review: Review, claim_id: str, where: str,
            taken: dict[str, set[str]], sources_by_url: dict[str, str],
            ) -> tuple[str, list[tuple[str, str, str]]]:
    """The id of the source that is the fact-check itself, and the file to write for it
    (kind, path relative to the site, text) unless the site has one for its address."""
    source_id = sources_by_url.get(review.url) if review.url else None
    if source_id is not None:
        return source_id, []
    source_id = _free(site_dir / "content/sources", claim_id, taken["sources"])
    publisher = review.publisher or (urlsplit(review.url).hostname if review.url else None)
    source = {"title": review.title or f"Fact-check by {publisher or 'an unnamed publisher'}"
              + (f", {review.published}" if review.published else ""),
              "publisher": publisher or "Unknown publisher", "url": review.url,
              "published": review.published, "author": review.author,
              "notes": "The fact-check this claim was imported from."}
    return source_id, [("source", f"content/sources/{source_id}.yaml",
                        _dump({k: v for k, v in source.items() if v}, where))]


def _appearance(place: Place, claimant: str | None) -> dict:
    """An appearance's fields: where (a placeholder when the markup gives only a date), url,
    date, who made it there (when not the claim's claimant), its archived copy (only with
    the address it is a copy of)."""
    fields = {"where": place.where or (None if place.url else PLACEHOLDER_WHERE),
              "url": place.url, "date": place.date,
              "claimant": place.author if place.author != claimant else None,
              "archived": place.archived if place.url else None}
    return {k: v for k, v in fields.items() if v}


def _claim(review: Review, claimant: str, rating: str, published: dt.date, source_id: str,
           missing: list[str]) -> dict:
    """The claim file's fields: a draft that says whose check it is (`imported`), with
    their verdict mapped onto the site's scale in `rating` until an editor adopts it."""
    publisher = review.publisher or (urlsplit(review.url).hostname if review.url else None)
    summary = f"{markdown_text(publisher or 'The publisher')} rated this claim " + (
        f"“{markdown_text(review.verdict)}”" if review.verdict else "without a verdict label")
    summary += f" [@{source_id}]."
    if review.explanation:
        summary += " " + markdown_text(review.explanation[:600])
    claim: dict = {"claim": review.claim, "claimant": claimant}
    if review.places:
        claim["appearances"] = [_appearance(place, review.claimant)
                                for place in review.places]
    imported = {"publisher": publisher or "Unknown publisher", "url": review.url,
                "published": review.published, "rating": review.verdict}
    claim.update({"rating": rating, "summary": summary, "published": published,
                  "sources": [source_id], "draft": True,
                  "imported": {k: v for k, v in imported.items() if v}})
    if missing:
        claim["missing"] = missing
    return claim
