"""Each check's public history: the page listing its published revisions, newest first,
with what changed in each (/claims/<id>/history/, and an article's), history.json for
machines beside it, and the "Updated" line the claim page shows by its verdict.

The revisions come from git (`site.history`, read by the engine): a site that is not in a
repository, or whose clone is too shallow to hold them, has no history pages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from ..content.model import KINDS, Article, Claim, Correction
from ..site.history import LONG, Change, Mark, Revision, rating_changes, word_diff
from ..site.urls import url_for, url_to_path
from .outputs import OUTPUT, Output, Planned, Scope, claim_files
from .views import Views

SECTIONS = {"claim": "claims", "article": "articles"}
DATA = "history.json"
SCHEMA = "schemas/history.schema.json"


def published(scope: Scope) -> bool:
    """Does the site publish histories (site.yaml's `history`), and could it read them?"""
    history = scope.history
    return bool(scope.index.site.history and history is not None and history.available)


def plan(scope: Scope) -> Iterator[Planned]:
    """A history page and its history.json for each published claim and article."""
    if not published(scope):
        return
    index = scope.index
    for kind, ids in (("claim", index.claims), ("article", index.articles)):
        for key in ids:
            if index.of(kind, key).draft:  # (a draft, in a preview: not published yet)
                continue
            rel = index.file(kind, key)
            deps = {rel, f"history:{rel}"} | (claim_files(index, [key]) if kind == "claim"
                                               else set())
            url = history_url(kind, key)
            yield Output(url_to_path(url), url, "history", key, (kind,)), deps
            data = url + DATA
            yield Output(data, data, "history-data", key, (kind,)), \
                {*deps, OUTPUT + url_to_path(url)}
    yield Output(SCHEMA, SCHEMA, "history-schema"), ()


def history_url(kind: str, key: str) -> str:
    return url_for(SECTIONS[kind], key) + "history/"


def link(views: Views, kind: str, key: str) -> str | None:
    """The link to a claim's or article's history page, when the site has one."""
    url = history_url(kind, key)
    return views.href(url) if views.plan is not None and views.plan.at(url) else None


def page(output: Output, views: Views) -> dict[str, Any]:
    kind = output.items[0]
    record = views.record(kind, output.key)
    heading = record.heading if isinstance(record, Claim) else record.title
    revisions = views.history.of(views.index.file(kind, output.key))
    url = url_for(SECTIONS[kind], output.key)
    return {"page": {"title": views.t["history_of"].format(heading),
                     "description": views.t["history_intro"]},
            "heading": heading, "record_url": views.href(url),
            "data_url": views.href(history_url(kind, output.key) + DATA),
            "revisions": [revision(views, record, r) for r in reversed(revisions)]}


def revision(views: Views, record: Claim | Article, r: Revision) -> dict[str, Any]:
    """One revision as the page shows it."""
    substantive = any(c.what in ("rating", "claim", "said", "summary") or
                      c.what.startswith("figure") for c in r.changes)
    return {"date": views.date(r.date), "date_iso": r.date.isoformat(), "first": r.first,
            "commit": r.commit[:10], "uncommitted": not r.commit,
            "changes": [change(views, record, c) for c in r.changes],
            "corrections": [_mark(views, m) for m in r.corrections],
            "unrecorded": substantive and not r.corrections}


def change(views: Views, record: Claim | Article, c: Change) -> dict[str, Any]:
    """One change: what it was, in words, and the before and after readers saw."""
    t = views.t
    out: dict[str, Any] = {"what": c.what, "label": t["changed_" + c.what.replace("-", "_")],
                           "before": c.before, "after": c.after, "diff": None}
    if c.what == "rating":
        out.update(before=_label(views, c.before), after=_label(views, c.after))
    elif c.what.startswith("figure"):
        figure = record.figure(c.key) if isinstance(record, Claim) else None
        out.update(label=out["label"].format(figure.label if figure else c.key),
                   before=_numbers(views, c.before), after=_numbers(views, c.after))
    elif c.what.startswith("source"):
        out["label"] = out["label"].format(_source_title(views, c.key) or c.key)
    elif c.what in LONG:
        out.update(before="", after="")
    else:
        out["diff"] = word_diff(c.before, c.after)
    return out


def _numbers(views: Views, text: str) -> str:
    """A figure's value as pages write numbers: 37000 → 37,000."""
    return " ".join(views.number(float(w)) if _NUMBER.fullmatch(w) else w
                    for w in text.split(" "))


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _source_title(views: Views, source_id: str) -> str | None:
    rel = views.index.owners.get(("source", source_id))
    return views.index.facts[rel].title if rel else None


def _unlogged(revisions: tuple[Revision, ...]) -> tuple[Change, dt.date] | None:
    """The last change of verdict in the history, when no entry with `rating_before` came
    with it or since (the entries tell of earlier changes only)."""
    at = max((i for i, r in enumerate(revisions) if r.change("rating")), default=None)
    if at is None or any(m.rating_before for r in revisions[at:] for m in r.corrections):
        return None
    return revisions[at].change("rating"), revisions[at].date  # type: ignore[return-value]


def rating_steps(views: Views, claim: Claim) -> list[tuple[Correction, str, str]]:
    """The corrections that changed the verdict, each with the rating before and after it
    (`site.history.rating_changes`); when the history shows a later change of verdict no
    entry tells of, the last entry led to the rating that change started from."""
    steps = rating_changes(claim)
    unlogged = _unlogged(views.history.of(views.index.file("claim", claim.id)))
    if steps and unlogged is not None:
        correction, before, _ = steps[-1]
        steps[-1] = (correction, before, unlogged[0].before)
    return steps


def rating_of(views: Views, claim: Claim, correction: Correction) -> str | None:
    """"Rating changed from X to Y" for an entry that changed the verdict (else None)."""
    return next((rating_text(views, before, after) for x, before, after
                 in rating_steps(views, claim) if x is correction), None)


def rating_text(views: Views, before: str, after: str) -> str:
    """"Rating changed from X to Y", with the scale's labels."""
    return views.t["rating_changed"].format(_label(views, before), _label(views, after))


def _label(views: Views, rating_id: str) -> str:
    rating = views.site.rating(rating_id)
    return rating.label if rating else rating_id


def _mark(views: Views, m: Mark) -> dict[str, Any]:
    return {"kind": views.t["kind_" + m.kind], "date": views.date(m.date),
            "date_iso": m.date.isoformat(), "text": m.text,
            "rating_before": views.t["rating_was"].format(_label(views, m.rating_before))
            if m.rating_before else None}


def data(output: Output, views: Views) -> bytes:
    """history.json: every published revision, oldest first, with each change's field,
    the figure or source it concerns, and the values before and after."""
    kind = output.items[0]
    revisions = views.history.of(views.index.file(kind, output.key))
    url = url_for(SECTIONS[kind], output.key)
    doc = {"$schema": views.words.absolute(SCHEMA), "kind": kind, "id": output.key,
           "url": views.words.absolute(url),
           "history": views.words.absolute(history_url(kind, output.key)),
           "revisions": [{"date": r.date.isoformat(), "commit": r.commit or None,
                          "event": "published" if r.first else "revised",
                          "changes": [{"field": c.what, "key": c.key or None,
                                       "before": c.before or None, "after": c.after or None}
                                      for c in r.changes],
                          "corrections": [{"date": m.date.isoformat(), "kind": m.kind,
                                           "rating_before": m.rating_before,
                                           "text": m.text} for m in r.corrections]}
                         for r in revisions]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


def updated(views: Views, claim: Claim) -> dict[str, Any] | None:
    """What the claim page says by its verdict: the last rating change ("Rating changed
    from X to Y on D", with the reason), else the last revision that changed what readers
    see ("Updated D: the summary, a figure"), with a link to the whole history."""
    href = link(views, "claim", claim.id)
    changes = rating_steps(views, claim)
    revisions = views.history.of(views.index.file("claim", claim.id))
    unlogged = _unlogged(revisions)
    if unlogged is not None:
        rating, day = unlogged
        return {"rating": True, "date": views.date(day), "date_iso": day.isoformat(),
                "text": rating_text(views, rating.before, rating.after),
                "reason": None, "history_url": href}
    if changes:
        correction, before, after = changes[-1]
        return {"rating": True, "date": views.date(correction.date),
                "date_iso": correction.date.isoformat(),
                "text": rating_text(views, before, after),
                "reason": views.note(claim, correction.text),
                "history_url": href}
    last = revisions[-1] if revisions and not revisions[-1].first else None
    if last is None:
        return None
    what = list(dict.fromkeys(views.t["what_" + c.what.split("-")[0]] for c in last.changes))
    return {"rating": False, "date": views.date(last.date), "date_iso": last.date.isoformat(),
            "text": ", ".join(what) if what else views.t["what_corrections"],
            "reason": None, "history_url": href}


FIELDS = ["rating", "claim", "said", "summary", "analysis", "title", "body", "figure",
          "figure-added", "figure-removed", "source-added", "source-removed"]


def schema(output: Output, views: Views) -> bytes:
    """The JSON Schema of history.json."""
    text = {"type": ["string", "null"]}
    day = {"type": "string", "format": "date"}
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": views.words.absolute(SCHEMA), "title": "A check's published history",
        "type": "object", "additionalProperties": False,
        "required": ["$schema", "kind", "id", "url", "history", "revisions"],
        "properties": {
            "$schema": {"type": "string", "format": "uri"},
            "kind": {"enum": ["claim", "article"]},
            "id": {"type": "string", "description": "The claim's or article's id."},
            "url": {"type": "string", "format": "uri", "description": "Its page."},
            "history": {"type": "string", "format": "uri", "description": "This history's "
                        "page."},
            "revisions": {"type": "array", "description": "Every published revision, oldest "
                          "first: the first publication, then each that changed what readers "
                          "see.", "items": {
                              "type": "object", "additionalProperties": False,
                              "required": ["date", "commit", "event", "changes",
                                           "corrections"],
                              "properties": {
                                  "date": day,
                                  "commit": {"type": ["string", "null"],
                                             "pattern": "^[0-9a-f]{40,64}$", "description":
                                             "The git commit that published it (null: "
                                             "changes not committed yet)."},
                                  "event": {"enum": ["published", "revised"]},
                                  "changes": {"type": "array", "items": {
                                      "type": "object", "additionalProperties": False,
                                      "required": ["field", "key", "before", "after"],
                                      "properties": {"field": {"enum": FIELDS}, "key": text,
                                                     "before": text, "after": text}}},
                                  "corrections": {"type": "array", "items": {
                                      "type": "object", "additionalProperties": False,
                                      "required": ["date", "kind", "rating_before", "text"],
                                      "properties": {"date": day, "kind": {"enum": list(KINDS)},
                                                     "rating_before": text,
                                                     "text": {"type": "string"}}}}}}}}}
    return (json.dumps(doc, indent=1) + "\n").encode()
