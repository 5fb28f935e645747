"""Validate: each parsed document into a typed record, through its field table, and the
checks one file can make on its own (dates in order, the rating scale's direction, a short
form for a long claim). Whether what a file refers to exists is the index's question."""

from __future__ import annotations

import itertools

from babel import Locale, UnknownLocaleError

from ..diagnostics import Diagnostic, Pos, did_you_mean, error, warning
from . import colours, model
from .documents import Document
from .fieldtypes import MISSING, Context
from .slugs import RESERVED, is_slug, slugify

Record = model.Record


def convert(doc: Document) -> tuple[Record | None, list[Diagnostic]]:
    """One document to one record, through its field table."""
    start = Pos(doc.path)
    if doc.node is None:
        what = "front matter" if doc.body is not None else "file"
        return None, [error(start, f"the {what} is empty: it needs at least the required fields")]
    ctx = Context()
    table = model.TABLES["site.yaml" if doc.kind == "site" else doc.kind]
    given: dict = {} if doc.kind == "site" else {"id": doc.stem, "file": doc.rel}
    stem = doc.stem
    if doc.kind.endswith("-translation"):  # <id>.<code>: the original's id, the language
        stem, given["language"] = doc.stem.rsplit(".", 1)
        given["id"] = stem
    if doc.kind != "site" and not is_slug(stem):
        rename = f"rename the file to '{slugify(stem)}{doc.rel[doc.rel.rfind('.'):]}'"
        if table.field("id") is None:
            ctx.fail(start, f"the file name '{doc.stem}' is not a valid id: {rename}")
        elif doc.node.get("id") is None:
            ctx.fail(start, f"the file name '{doc.stem}' is not a valid id: {rename} or set "
                     "an 'id' field")
    if doc.body is not None:
        claim = doc.kind in ("claim", "claim-translation")
        body_field = "analysis" if claim else "body"
        analysis = doc.node.get("analysis") if claim else None
        if analysis is not None:
            ctx.fail(analysis.pos, "a .md claim's analysis is the text after the front "
                     "matter; remove the 'analysis' field")
        elif doc.body.source.strip() or not claim:
            given[body_field] = doc.body
    record = table.convert(doc.node, ctx, **given)
    if ctx.diagnostics or record is MISSING:
        return None, ctx.diagnostics
    return record, []


def check(record: Record) -> list[Diagnostic]:
    """What a record's own file can tell is wrong with it (errors and warnings)."""
    if isinstance(record, model.Site):
        return check_site(record)
    if isinstance(record, model.Claim):
        return check_claim(record)
    if isinstance(record, model.Source):
        return check_source(record)
    if isinstance(record, model.Page):
        return check_page(record)
    return []


def check_site(site: model.Site) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    try:
        Locale.parse(site.language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        out.append(error(site.loc("language"), f"'{site.language}' is not a language code "
                         "we know: use a code like en, es or pt-BR"))
    if "?" in site.base_url or "#" in site.base_url:
        out.append(error(site.loc("base_url"), "base_url cannot have a query or fragment"))
    seen: dict[str, model.Rating] = {}
    for rating in site.ratings:
        if rating.id in seen:
            out.append(error(rating.loc("id"), f"the rating id '{rating.id}' is already used "
                             f"by {seen[rating.id].loc('id')}; ids must be unique"))
        seen.setdefault(rating.id, rating)
    out += _check_languages(site)
    names = [m.name for m in site.team]
    for i, member in enumerate(site.team):
        if member.name in names[:i]:
            out.append(error(member.pos, f"'{member.name}' is in the team twice"))
    return out + _check_scale(site.ratings) + check_accent(site)


def _check_languages(site: model.Site) -> list[Diagnostic]:
    """Each other language a known code, once, not the site's own; its rating labels for
    ratings the scale has."""
    out = []
    seen = {site.language}
    ids = [r.id for r in site.ratings]
    for lang in site.languages:
        try:
            Locale.parse(lang.code.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            out.append(error(lang.loc("code"), f"'{lang.code}' is not a language code we "
                             "know: use a code like en, es or pt-BR"))
        if lang.code in seen:
            out.append(error(lang.loc("code"), f"'{lang.code}' is already one of the site's "
                             "languages" + (" (its own: `language`)" if lang.code ==
                                            site.language else "")))
        seen.add(lang.code)
        for text in lang.ratings:
            if text.id not in ids:
                out.append(error(text.pos, f"'{text.id}' is not a rating of the scale"
                                 + (did_you_mean(text.id, ids) or
                                    f"; the ratings are: {', '.join(ids)}")))
    return out


def check_accent(site: model.Site) -> list[Diagnostic]:
    """The accent colours links: it must reach WCAG AA's 4.5:1 against the light theme's
    backgrounds (the dark theme uses a lighter shade of it that does: see colours)."""
    if site.accent is None:
        return []
    for background, name in zip(colours.LIGHT, ("white background", "light grey of boxes"),
                                strict=True):
        ratio = colours.contrast(site.accent, background)
        if ratio < colours.AA_TEXT:
            return [error(site.loc("accent"), f"accent {site.accent} has a contrast of "
                          f"{colours.ratio_text(ratio)} against the {name} ({background}); "
                          "WCAG AA needs 4.5:1 for text: try "
                          f"{colours.passing_shade(site.accent, colours.LIGHT)}")]
    return []


def _check_scale(ratings: tuple[model.Rating, ...]) -> list[Diagnostic]:
    """Every rating on the scale has a value, they run best to worst, the lowest is 1."""
    out = []
    for rating in ratings:
        if rating.on_scale and rating.value is None:
            out.append(error(rating.pos, f"rating '{rating.id}' needs a 'value' (its place on "
                             "the scale, higher is more true), or 'on_scale: false'"))
        if not rating.on_scale and rating.value is not None:
            out.append(error(rating.loc("value"), f"rating '{rating.id}' is not on the scale, "
                             "so it cannot have a value"))
    valued = [r for r in ratings if r.on_scale and r.value is not None]
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


def check_claim(claim: model.Claim) -> list[Diagnostic]:
    out = []
    if claim.updated and claim.updated < claim.published:
        out.append(error(claim.loc("updated"), f"updated ({claim.updated}) is before published "
                         f"({claim.published})"))
    if claim.short is None and len(claim.claim) > model.SHORT:
        out.append(warning(claim.loc("claim"), f"the claim is {len(claim.claim)} characters "
                           f"long: add a 'short' version of at most {model.SHORT} for headings "
                           "and search results"))
    out += check_appearances(claim)
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
    if claim.imported and not claim.imported.adopted and not claim.draft:
        out.append(warning(claim.loc("imported"), f"this check is {claim.imported.publisher}'s, "
                           "imported and not yet adopted: its page shows their verdict, not "
                           "the desk's. Once the desk has reviewed it and set its own "
                           "'rating', add 'adopted: true' under 'imported'"))
    if claim.id in claim.related:
        out.append(error(claim.loc("related", claim.related.index(claim.id)),
                         "a claim cannot be related to itself"))
    return out


def check_appearances(claim: model.Claim) -> list[Diagnostic]:
    """Where the claim was made: each place named, in time, once; the words as said with a
    place to check them against. (Whether a stored copy has them is the evidence's to
    say.)"""
    out = []
    if claim.appeared and claim.appearances:
        out.append(error(claim.loc("appeared"), "'appeared' is the old form of 'appearances': "
                         "move it into the 'appearances' list and remove it"))
    elif claim.appeared:
        out.append(warning(claim.loc("appeared"), "'appeared' is the old form of a single "
                           "appearance: write 'appearances:' instead, with its fields as the "
                           "first item ('- where: ...', the others indented under it)"))
    seen: dict[str, model.Appearance] = {}
    for n, place in enumerate(claim.places, 1):
        out += _check_appearance(claim, n, place)
        if place.url and place.url in seen:
            out.append(error(place.loc("url"), f"appearance {n} has the same url as the one "
                             f"at {seen[place.url].loc('url')}; list each place once"))
        seen.setdefault(place.url or "", place)
    if claim.said and not claim.places:
        out.append(error(claim.loc("said"), "'said' gives the claim's words as said, but no "
                         "appearance says where: add the place under 'appearances' (with its "
                         "stored copy, the wording can be checked)"))
    return out


def _check_appearance(claim: model.Claim, n: int, place: model.Appearance
                      ) -> list[Diagnostic]:
    out = []
    if not place.url and not place.where:
        out.append(error(place.pos, f"appearance {n} needs a 'url' or 'where' (in words: a "
                         "speech, an interview, a post), so readers can tell where it was"))
    if place.date and place.date > claim.published:
        out.append(warning(place.loc("date"), f"appearance {n} is dated {place.date}, after "
                         f"the check was published ({claim.published}); is one of the dates "
                         "wrong?"))
    if place.archived_on and not place.archived:
        out.append(warning(place.loc("archived_on"), "archived_on is set but archived is not"))
    if place.archived and not place.url:  # (an archive.today copy does not say whose)
        out.append(warning(place.loc("archived"), f"appearance {n} has an archived copy but "
                           "no 'url' of the page it is a copy of: add the url, if it is known "
                           "(readers get only the archived copy)"))
    if place.source and place.copy:
        out.append(error(place.loc("copy"), f"appearance {n} names both a source (whose "
                         "stored copy records it) and its own stored copy: keep one"))
    if place.claimant and place.claimant == claim.claimant:
        out.append(warning(place.loc("claimant"), f"appearance {n}'s claimant is the claim's "
                           "own: 'claimant' here is for someone else repeating it; remove it"))
    if place.said and place.said == claim.said:
        out.append(warning(place.loc("said"), f"appearance {n}'s 'said' is the claim's own: "
                           "remove it (it is for words that differ)"))
    return out


def check_source(source: model.Source) -> list[Diagnostic]:
    """(Whether its stored copy is there is the index's to say: that is another file.)"""
    out = []
    if source.url and source.no_url:
        out.append(error(source.loc("no_url"), "a source has either a url or no_url (why it "
                         "has none), not both: remove one"))
    elif not source.url and not source.no_url:
        out.append(warning(source.pos, f"source '{source.id}' has no url, so readers cannot "
                           "follow it; add one if the source is online, or say why it has "
                           "none with 'no_url: <reason>'"))
    elif source.url and not source.archived:
        out.append(warning(source.loc("url"), f"source '{source.id}' has no archived copy: "
                           "add 'archived' (e.g. a Wayback Machine address) and 'archived_on', "
                           "so readers can still read it if the page changes or goes"))
    if source.status == "dead" and not source.archived:
        out.append(warning(source.loc("status"), "the source is marked dead and has no "
                           "'archived' copy, so readers have nothing to follow"))
    if source.archived_on and not source.archived:
        out.append(warning(source.loc("archived_on"), "archived_on is set but archived is not"))
    if source.no_copy and source.stored_on:
        out.append(error(source.loc("no_copy"), "stored_on says when the desk stored its copy "
                         "and no_copy says it holds none: remove one"))
    return out


def check_page(page: model.Page) -> list[Diagnostic]:
    if page.id in RESERVED:
        return [error(Pos(page.pos.path), f"the page name '{page.id}' is taken by the site's "
                      f"own /{page.id}/ section; rename the file (e.g. '{page.id}-policy.md')")]
    return []


def ids_of(doc: Document | None, stem: str) -> frozenset[str]:
    """The ids a file that failed to validate may have been meant to have (its 'id' field,
    and its file name: the 'id' may be the mistake), so that references to it are not
    reported a second time as unknown."""
    explicit = doc.node.get("id") if doc and doc.node is not None and doc.node.kind == "map" \
        else None
    return frozenset({stem} | ({explicit.text} if explicit is not None
                               and explicit.kind == "scalar" else set()))
