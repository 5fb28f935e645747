"""`check --standard ifcn` (or `efcsn`): what the site shows for each commitment of a
fact-checkers' code, and what is missing.

The IFCN's Code of Principles has five commitments (non-partisanship and fairness,
transparency of sources, of funding and organisation, of methodology, and an open and
honest corrections policy); assessors look for each on the site. The EFCSN's European
Code asks for the same and more: an ethics policy, a policy on unnamed sources, each
funder's share of income, and the conflicts of interest of those who check and edit.

Each requirement is met by the site's own data (site.yaml's `organization`, its pages,
its checks and sources); a missing one is an error naming the commitment and saying what
to add, where to add it. Pure: `check` hands it the site's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..content.model import Claim, Page, Site, Source
from ..diagnostics import Diagnostic, Pos, error

COMMITMENTS = {
    1: "non-partisanship and fairness",
    2: "standards and transparency of sources",
    3: "transparency of funding and organisation",
    4: "transparency of methodology",
    5: "an open and honest corrections policy",
}
STANDARDS = {"ifcn": "IFCN", "efcsn": "EFCSN"}


@dataclass(frozen=True)
class Desk:
    """What the checklist reads: site.yaml, the published pages, checks and sources, and
    the people with a page of their own (name → whether it declares conflicts)."""

    site: Site
    pages: Sequence[Page]
    claims: Sequence[Claim]
    sources: Sequence[Source]
    people: dict[str, bool]
    site_yaml: str = "site.yaml"  # as messages show it


@dataclass(frozen=True)
class Item:
    """One requirement: the commitment it belongs to, what it asks, whether the site meets
    it and with what (or what to add, and where)."""

    commitment: int
    asks: str
    met: bool
    shown: str  # met: where the site shows it; else what to add
    pos: Pos


def checklist(desk: Desk, standard: str) -> list[Item]:
    """Every requirement of the standard, in the order of its commitments."""
    checks: list[Callable[[Desk], Iterable[Item]]] = [
        _fairness, _sources, _organisation, _funding, _methodology, _corrections]
    if standard == "efcsn":
        checks += [_efcsn]
    items = [item for check in checks for item in check(desk)]
    return sorted(items, key=lambda i: i.commitment)


def problems(items: Iterable[Item], standard: str) -> list[Diagnostic]:
    """Each unmet requirement, as an error naming the commitment."""
    name = STANDARDS[standard]
    return [error(i.pos, f"{name} {i.commitment} ({COMMITMENTS[i.commitment]}): "
                  f"{i.asks}: {i.shown}") for i in items if not i.met]


def report(items: Sequence[Item], standard: str) -> str:
    """The checklist in words, commitment by commitment: ✓ met (and where), ✗ missing."""
    name, lines = STANDARDS[standard], []
    for number, words in COMMITMENTS.items():
        mine = [i for i in items if i.commitment == number]
        met = all(i.met for i in mine)
        lines.append(f"{name} {number}, {words}: {'met' if met else 'NOT met'}")
        lines += [f"  {'✓' if i.met else '✗'} {i.asks}: {i.shown}" for i in mine]
    return "\n".join(lines)


# ---- the requirements, commitment by commitment --------------------------------------------


def _policy(desk: Desk, commitment: int, name: str, asks: str) -> Item:
    """A policy's page: named in organization.policies, and published."""
    org = desk.site.organization
    policies = org.policies if org else None
    page = getattr(policies, name) if policies else None
    where = _at(desk, "organization") if org is None else \
        org.loc("policies") if policies is None else policies.loc(name)
    field = f"organization.policies.{name}"
    if page and any(p.id == page for p in desk.pages):
        return Item(commitment, asks, True, f"/{page}/ ({field})", where)
    fix = f"write the page in content/pages/ and name it in site.yaml's {field}"
    if page:
        fix = f"{field} names '{page}', which is not a published page: {fix}"
    return Item(commitment, asks, False, fix, where)


def _at(desk: Desk, name: str) -> Pos:
    return desk.site.loc(name) if name in desk.site.locs else Pos(desk.site_yaml)


def _fairness(desk: Desk) -> Iterable[Item]:
    yield _policy(desk, 1, "nonpartisanship", "a statement of non-partisanship and fairness")
    claimants = {c.claimant for c in desk.claims}
    yield Item(1, "every check names who made the claim and rates it on the published "
               "scale", bool(desk.claims), f"{len(desk.claims)} checks, claims by "
               f"{len(claimants)} claimants" if desk.claims else "the site has no checks "
               "yet", _at(desk, "ratings"))


def _sources(desk: Desk) -> Iterable[Item]:
    cited = {e.source for c in desk.claims for e in c.sources}
    yield Item(2, "every check cites its sources", bool(desk.claims) and all(
        c.sources for c in desk.claims), f"{len(cited)} sources cited by {len(desk.claims)} "
               "checks, each listed on the check and with a page of its own",
               _at(desk, "title"))
    for source in desk.sources:
        if source.id in cited and not source.url and not source.no_url:
            yield Item(2, "readers can find every source", False, f"'{source.id}' has "
                       "neither a url nor, in no_url, the reason it has none: add one",
                       source.pos)


def _organisation(desk: Desk) -> Iterable[Item]:
    org, site = desk.site.organization, desk.site
    if org is None:
        yield Item(3, "who the desk is", False, "add `organization:` to site.yaml (legal_name, "
                   "status, country or address, email, funders, policies)", Pos(desk.site_yaml))
        return
    yield Item(3, "the organisation's legal name and status", bool(org.status),
               f"{org.legal_name}: {org.status}" if org.status else
               "add organization.status (what kind of organisation it is)", org.pos)
    yield Item(3, "where it is", bool(org.country or org.address),
               ", ".join(x for x in (org.address, org.country) if x) or
               "add organization.country (or address)", org.pos)
    yield Item(3, "how to reach it", bool(org.email), org.email.removeprefix("mailto:")
               if org.email else "add organization.email (a mailto: address)", org.pos)
    roles = [m for m in site.team if m.role]
    yield Item(3, "who works there, and in what role", bool(site.team) and
               len(roles) == len(site.team), f"{len(site.team)} people in site.yaml's team, "
               "on the masthead" if site.team and len(roles) == len(site.team) else
               "list everyone who checks or edits in site.yaml's team, each with a role",
               _at(desk, "team"))


def _funding(desk: Desk) -> Iterable[Item]:
    org = desk.site.organization
    if org is None:
        return
    funders = {f.year for f in org.funders}
    page = org.policies.funding if org.policies else None
    if org.funders:
        yield Item(3, "who pays for it", True, f"/funding/: funders for "
                   f"{', '.join(map(str, sorted(funders)))} (organization.funders)", org.pos)
    else:
        yield _policy(desk, 3, "funding", "who pays for it") if page else Item(
            3, "who pays for it", False, "list the desk's funders year by year in "
            "organization.funders (they make /funding/), or name the page in "
            "organization.policies.funding", org.loc("funders") if "funders" in org.locs
            else org.pos)


def _methodology(desk: Desk) -> Iterable[Item]:
    yield _policy(desk, 4, "methodology", "how claims are chosen, checked and rated")
    scale = [p for p in desk.pages if p.rating_scale]
    yield Item(4, "what each verdict means", bool(scale), f"/{scale[0].id}/ shows the rating "
               "scale" if scale else "add `rating_scale: true` to the methodology page",
               scale[0].pos if scale else _at(desk, "ratings"))
    yield Item(4, "how readers can send a claim to check", bool(desk.site.submit_claim),
               desk.site.submit_claim or "add submit_claim to site.yaml (a mailto: or a "
               "form's address)", _at(desk, "submit_claim"))


def _corrections(desk: Desk) -> Iterable[Item]:
    yield _policy(desk, 5, "corrections", "a corrections policy")
    site, org = desk.site, desk.site.organization
    route = site.report_error or (org.email if org else None)
    yield Item(5, "a way to report an error on every check", bool(route),
               f"\"Report an error\" on each check ({route})" if route else
               "add organization.email or report_error to site.yaml", _at(desk, "report_error")
               if "report_error" in site.locs else _at(desk, "organization"))
    yield Item(5, "corrections published where readers find them", True,
               "/corrections/ (rating changes first) and /corrections/feed.xml, and each "
               "check's history" + ("" if site.history else " (turned off: history: false)"),
               _at(desk, "title"))


def _efcsn(desk: Desk) -> Iterable[Item]:
    """What the EFCSN's code asks beyond the IFCN's."""
    yield _policy(desk, 3, "ethics", "an ethics policy (conflicts of interest, political "
                  "activity)")
    yield _policy(desk, 2, "unnamed_sources", "a policy on unnamed sources")
    yield _policy(desk, 5, "feedback", "how readers' feedback is handled")
    org = desk.site.organization
    for funder in org.funders if org else ():
        if funder.amount is None and funder.share is None:
            yield Item(3, "each funder's share of income", False, f"'{funder.name}' "
                       f"({funder.year}) has neither an amount nor a share: give one",
                       funder.pos)
    credited = sorted({n for c in desk.claims for n in (*c.checked_by, *c.edited_by)})
    members = {m.name: m.pos for m in desk.site.team}
    for name in credited:
        if not desk.people.get(name):
            yield Item(3, "the conflicts of interest of those who check and edit", False,
                       f"{name} checks or edits and has no page in content/team/ declaring "
                       "conflicts of interest (`conflicts:`)",
                       members.get(name) or _at(desk, "team"))
