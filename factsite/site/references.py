"""Link, second half: every reference a published file makes (to a claim, a source, a
claimant, a rating, a team member, a figure) checked against the index, each one that names
nothing there a problem at the place it is written, with the fix: a did-you-mean, or why it
cannot be shown (a draft, an unfinished draft)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Pos, did_you_mean, error
from .facts import Facts, Reference

if TYPE_CHECKING:
    from .index import Index


class _Names:
    """What references may name, for checking them."""

    def __init__(self, index: Index, facts: Mapping[str, Facts]) -> None:
        self.known = {
            "claim": set(index.claims), "source": set(index.sources),
            "rating": {r.id for r in index.site.ratings},
            "team member": {m.name for m in index.site.team},
            "claimant": {g.slug for g in index.claimants.values() if g.file},
        }
        self.broken = {(f.kind, name) for f in facts.values() for name in f.broken
                       if not f.draft}
        self.unfinished = {(f.kind, name): f.path for f in facts.values() for name in f.broken
                           if f.draft}
        self.drafts = {f.key for f in facts.values() if f.draft and not index.drafts
                       and not f.broken}
        self.figures = {cid: [fig for fig, _ in facts[index.owners["claim", cid]].figures]
                        for cid in index.claims}
        self.ratings = [r.id for r in index.site.ratings]


def check_references(index: Index, facts: Mapping[str, Facts], published: Iterable[Facts]
                     ) -> list[Diagnostic]:
    """Every reference the published files make, to something that is not there."""
    names = _Names(index, facts)
    out: list[Diagnostic] = []
    for facts in published:
        for ref in facts.refs:
            problem = _check(ref, facts, names)
            if problem:
                out.append(problem)
    return out


def _check(ref: Reference, facts: Facts, names: _Names) -> Diagnostic | None:
    if ref.kind == "url":
        return None  # (the output pages know: see render.kinds)
    if ref.kind == "figure":
        return _check_figure(ref, facts, names)
    if ref.key in names.known[ref.kind] or (ref.kind, ref.key) in names.broken:
        return None
    if (ref.kind, ref.key) in names.unfinished:
        return _unfinished(ref.kind, ref.key, ref.pos, names)
    if (ref.kind, ref.key) in names.drafts:
        return _unknown(ref.kind, ref.key, ref.pos, names)
    if ref.kind == "team member":
        team = names.known["team member"]
        return error(ref.pos, f"'{ref.key}' is not in site.yaml's team" + (
            did_you_mean(ref.key, team) or f"; the team is: {', '.join(sorted(team)) or 'empty'}"))
    if ref.kind == "claimant":
        return error(ref.pos, f"unknown claimant '{ref.key}'"
                     f"{did_you_mean(ref.key, names.known['claimant'])} (a value written like "
                     "an id names a file in content/claimants/; write a name, like 'Miami "
                     "Herald', for a claimant without a file)")
    return _unknown(ref.kind, ref.key, ref.pos, names)


def _unfinished(kind: str, key: str, pos: Pos, names: _Names) -> Diagnostic:
    return error(pos, f"{kind} '{key}' is an unfinished draft ({names.unfinished[kind, key]} "
                 "has problems to fix, listed as warnings), so it is left out of the site and "
                 "this reference would break: finish it, or remove the reference")


def _unknown(kind: str, key: str, pos: Pos, names: _Names) -> Diagnostic:
    if (kind, key) in names.drafts:
        return error(pos, f"{kind} '{key}' is a draft, so it will not be published and this "
                     "reference would break: publish it, remove the reference, or build "
                     "with --drafts")
    hint = did_you_mean(key, names.known[kind])
    if kind == "rating" and not hint:
        hint = "; the ratings are: " + ", ".join(names.ratings)
    return error(pos, f"unknown {kind} '{key}'{hint}")


def _check_figure(ref: Reference, facts: Facts, names: _Names) -> Diagnostic | None:
    if not ref.claim and facts.kind not in ("claim", "claim-translation"):
        return error(ref.pos, f"'[#{ref.key}]' needs its claim outside a claim's own text: "
                     f"write [#claim-id.{ref.key}]")
    target = ref.claim or facts.id
    if ref.claim and ref.claim not in names.known["claim"]:
        if ("claim", ref.claim) in names.broken:
            return None
        if ("claim", ref.claim) in names.unfinished:
            return _unfinished("claim", ref.claim, ref.pos, names)
        return _unknown("claim", ref.claim, ref.pos, names)
    ids = names.figures.get(target, [fig for fig, _ in facts.figures])
    if ref.key in ids:
        return None
    return error(ref.pos, f"claim '{target}' has no figure '{ref.key}'"
                 + (did_you_mean(ref.key, ids) or f"; its figures are: {', '.join(ids) or 'none'}"))
