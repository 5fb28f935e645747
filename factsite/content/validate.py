"""Stage 2, validate: turn each loaded document into a typed record, by its field table,
and check what one file can tell on its own (dates in order, the rating scale's direction,
ids). References between files are the link stage's job."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from babel import Locale, UnknownLocaleError

from ..diagnostics import Diagnostic, Pos, error, warning
from . import fields, model
from .files import Document, Inputs
from .slugs import RESERVED, is_slug, slugify

SHORT_LIMIT = 75


def validate(inputs: Inputs, memo: dict | None = None
             ) -> tuple[model.Content | None, list[Diagnostic]]:
    """Every document in, the site's content out (None when site.yaml is unusable). With
    `memo` (the live preview's), a document converted before is not converted again."""
    diagnostics: list[Diagnostic] = []
    by_kind: dict[str, list] = {k: [] for k in ("claim", "source", "claimant", "article", "page")}
    broken: set[tuple[str, str]] = set()  # (kind, id) of files that failed: not "unknown"
    site = None
    stored = {copy.key: copy for copy in inputs.stored}
    for kind, stem, doc, problems in inputs.documents:
        diagnostics += problems
        if doc is None:
            broken.add((kind, stem))
            continue
        key = (doc, stored.get(doc.rel.rsplit(".", 1)[0]))
        if memo is None or key not in memo:
            result = convert(*key)
            if memo is not None:
                memo[key] = result
        record, problems = memo[key] if memo is not None else result
        diagnostics += problems
        if record is None:
            broken.update((doc.kind, name) for name in _ids_of(doc))
            continue
        if doc.kind == "site":
            site = record
        else:
            by_kind[doc.kind].append(record)
    if site is None:
        return None, diagnostics
    diagnostics += check_site(site)
    for kind, records in by_kind.items():
        by_kind[kind], problems = unique_ids(kind, records)
        diagnostics += problems
    diagnostics += [d for claim in by_kind["claim"] for d in check_claim(claim)]
    diagnostics += [d for source in by_kind["source"] for d in check_source(source)]
    reserved = [(page, check_page(page)) for page in by_kind["page"]]
    by_kind["page"] = [page for page, problems in reserved if not problems]
    diagnostics += [d for _, problems in reserved for d in problems]
    content = model.Content(
        site=site,
        claims=_sorted(by_kind["claim"]),
        sources=_sorted(by_kind["source"]),
        claimants=_sorted(by_kind["claimant"]),
        articles=_sorted(by_kind["article"]),
        pages=_sorted(by_kind["page"]),
        assets=inputs.assets,
        broken=frozenset(broken),
    )
    return content, diagnostics


def _sorted(records: list) -> tuple:
    return tuple(sorted(records, key=lambda r: (r.id, r.file)))


def _ids_of(doc: Document) -> set[str]:
    """The ids a file that failed to validate may have been meant to have (its 'id' field,
    and its file name: the 'id' may be the mistake), so that references to it are not
    reported a second time as unknown."""
    explicit = doc.node.get("id") if doc.node is not None and doc.node.kind == "map" else None
    return {doc.stem} | ({explicit.text} if explicit is not None and explicit.kind == "scalar"
                         else set())


def convert(doc: Document, stored: model.StoredCopy | None = None
            ) -> tuple[object | None, list[Diagnostic]]:
    """One document to one record, through its field table (a source with the stored copy
    that sits next to its file)."""
    start = Pos(doc.path)
    if doc.node is None:
        what = "front matter" if doc.body is not None else "file"
        return None, [error(start, f"the {what} is empty: it needs at least the required fields")]
    ctx = fields.Context()
    given: dict = {}
    if doc.kind == "site":
        table = fields.SITE
    else:
        table = fields.TABLES[doc.kind]
        given = {"id": doc.stem, "file": doc.rel}
        if doc.kind == "source" and stored is not None:
            given["stored"] = stored
        if table.field("id") is None and not is_slug(doc.stem):
            ctx.fail(start, f"the file name '{doc.stem}' is not a valid id: rename the file "
                     f"to '{slugify(doc.stem)}{doc.rel[doc.rel.rfind('.'):]}'")
        elif table.field("id") and doc.node.get("id") is None and not is_slug(doc.stem):
            ctx.fail(start, f"the file name '{doc.stem}' is not a valid id: rename the file to "
                     f"'{slugify(doc.stem)}{doc.rel[doc.rel.rfind('.'):]}' or set an 'id' field")
        if doc.body is not None:
            body_field = "analysis" if doc.kind == "claim" else "body"
            if doc.kind == "claim" and doc.node.get("analysis") is not None:
                ctx.fail(doc.node.get("analysis").pos, "a .md claim's analysis is the text "
                         "after the front matter; remove the 'analysis' field")
            elif doc.body.source.strip() or doc.kind != "claim":
                given[body_field] = doc.body
    record = table.convert(doc.node, ctx, **given)
    if ctx.diagnostics or record is fields.MISSING:
        return None, ctx.diagnostics
    return record, []


def check_site(site: model.Site) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    try:
        Locale.parse(site.language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        out.append(error(site.loc("language"), f"'{site.language}' is not a language code "
                         "we know: use a code like en, es or pt-BR"))
    if "?" in site.base_url or "#" in site.base_url:
        out.append(error(site.loc("base_url"), "base_url cannot have a query or fragment"))
    out += unique_ids("rating", site.ratings)[1]
    names = [m.name for m in site.team]
    for member in site.team:
        if names.count(member.name) > 1 and names.index(member.name) != site.team.index(member):
            out.append(error(member.pos, f"'{member.name}' is in the team twice"))
    scale = [r for r in site.ratings if r.on_scale]
    for rating in site.ratings:
        if rating.on_scale and rating.value is None:
            out.append(error(rating.pos, f"rating '{rating.id}' needs a 'value' (its place on "
                             "the scale, higher is more true), or 'on_scale: false'"))
        if not rating.on_scale and rating.value is not None:
            out.append(error(rating.loc("value"), f"rating '{rating.id}' is not on the scale, "
                             "so it cannot have a value"))
    valued = [r for r in scale if r.value is not None]
    for better, worse in itertools.pairwise(valued):
        if worse.value >= better.value:
            out.append(error(worse.loc("value"), f"ratings run best to worst, so '{worse.id}' "
                             f"({worse.value:g}) must have a lower value than '{better.id}' "
                             f"({better.value:g})"))
    if valued and min(r.value for r in valued) != 1:
        lowest = min(valued, key=lambda r: r.value)
        out.append(error(lowest.loc("value"), f"the lowest rating on the scale has value 1; "
                         f"'{lowest.id}' has {lowest.value:g}"))
    return out


def unique_ids(kind: str, records: Iterable) -> tuple[list, list[Diagnostic]]:
    """One record per id. The file named after the id keeps it; the others (an explicit
    `id:` that collides, or a second file of the same name) are reported and dropped."""
    groups: dict[str, list] = {}
    for record in records:
        groups.setdefault(record.id, []).append(record)
    kept, out = [], []
    for record_id, group in groups.items():
        group.sort(key=lambda r: ("id" in r.locs, getattr(r, "file", "")))
        first = group[0]
        kept.append(first)
        where = first.loc("id") if "id" in first.locs else first.pos.path
        for other in group[1:]:
            out.append(error(other.loc("id") if "id" in other.locs else Pos(other.pos.path),
                             f"the {kind} id '{record_id}' is already used by {where}; "
                             "ids must be unique"))
    return kept, out


def check_claim(claim: model.Claim) -> list[Diagnostic]:
    out = []
    if claim.updated and claim.updated < claim.published:
        out.append(error(claim.loc("updated"), f"updated ({claim.updated}) is before published "
                         f"({claim.published})"))
    if claim.short is None and len(claim.claim) > SHORT_LIMIT:
        out.append(warning(claim.loc("claim"), f"the claim is {len(claim.claim)} characters "
                           f"long: add a 'short' version of at most {SHORT_LIMIT} for headings "
                           "and search results"))
    if claim.appeared and claim.appeared.date and claim.appeared.date > claim.published:
        out.append(warning(claim.appeared.loc("date"), "the claim appeared after the check was "
                           "published; is one of the dates wrong?"))
    for correction in claim.corrections:
        if correction.date < claim.published:
            out.append(error(correction.loc("date"), f"a {correction.kind} dated "
                             f"{correction.date} is before the check was published "
                             f"({claim.published})"))
    for figure in claim.figures:
        if not figure.quote:
            out.append(warning(figure.pos, f"figure '{figure.id}' has no quote: add the words "
                               f"in '{figure.source}' that state it"))
    for name in ("tags", "related", "aliases", "checked_by", "edited_by"):
        values = getattr(claim, name)
        for i, value in enumerate(values):
            if value in values[:i]:
                out.append(warning(claim.loc(name, i), f"'{value}' is listed twice in {name}"))
    for i, name in enumerate(claim.missing):
        out.append(warning(claim.loc("missing", i), f"'{name}' was missing from the imported "
                           "record and holds a placeholder: fill it in, then take it off "
                           "'missing'"))
    if claim.id in claim.related:
        out.append(error(claim.loc("related", claim.related.index(claim.id)),
                         "a claim cannot be related to itself"))
    return out


def check_source(source: model.Source) -> list[Diagnostic]:
    out = []
    if not source.url:
        out.append(warning(source.pos, f"source '{source.id}' has no url, so readers cannot "
                           "follow it; add one if the source is online"))
    elif not source.archived:
        out.append(warning(source.loc("url"), f"source '{source.id}' has no archived copy: "
                           "add 'archived' (e.g. a Wayback Machine address) and 'archived_on', "
                           "so readers can still read it if the page changes or goes"))
    if source.status == "dead" and not source.archived:
        out.append(warning(source.loc("status"), "the source is marked dead and has no "
                           "'archived' copy, so readers have nothing to follow"))
    if source.archived_on and not source.archived:
        out.append(warning(source.loc("archived_on"), "archived_on is set but archived is not"))
    if source.stored and not source.stored_on:
        out.append(warning(source.pos, f"{source.stored.path} is the stored copy of this "
                           "source: add 'stored_on' with the date it was stored"))
    if source.stored_on and not source.stored:
        ending = source.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        out.append(warning(source.loc("stored_on"), f"stored_on is set but there is no stored "
                           f"copy: add {ending}.txt or {ending}.html next to this file"))
    return out


def check_page(page: model.Page) -> list[Diagnostic]:
    if page.id in RESERVED:
        return [error(Pos(page.pos.path), f"the page name '{page.id}' is taken by the site's "
                      f"own /{page.id}/ section; rename the file (e.g. '{page.id}-policy.md')")]
    return []
