"""Link, for the team: each member of site.yaml's `team`, the page of their own they have
(a file in content/team/, content/people.py), and the checks they checked or edited.

A team file names its member by `name` (a reference, checked like claims' `checked_by`:
an unknown name is reported where it is written, with a did-you-mean). One person has one
page: a second published file with the same name is an error, and the first file (by
path) keeps the page. A bio links; it does not cite sources (a citation's number needs a
source list, which only checks and articles have).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ..content.siteconfig import Site
from ..diagnostics import Diagnostic, Pos, error
from .facts import Facts

CREDITS = ("checked_by", "edited_by")  # the claim fields that name team members


class Member(NamedTuple):
    """A member of site.yaml's team, as the site shows them."""

    name: str
    role: str  # site.yaml's (their own file's, when it says, is read when shown)
    slug: str = ""  # their page's id (/team/<slug>/); "" when they have none
    file: str = ""  # their page's file
    claims: tuple[str, ...] = ()  # the published checks they checked or edited, newest first


def team_of(site: Site, claims: tuple[str, ...], of: Mapping[tuple[str, str], Facts],
            problems: list[Diagnostic]) -> dict[str, Member]:
    """Every member of the team, by name, in site.yaml's order. `claims` are the published
    checks, newest first; `of` the published files' facts by (kind, id)."""
    pages = _pages(of, problems)
    credited: dict[str, dict[str, None]] = {m.name: {} for m in site.team}
    for cid in claims:
        for ref in of["claim", cid].refs:
            if ref.kind == "team member" and ref.field in CREDITS and ref.key in credited:
                credited[ref.key][cid] = None
    out = {}
    for member in site.team:
        page = pages.get(member.name)
        out.setdefault(member.name, Member(
            member.name, member.role or "", page.id if page else "",
            page.file if page else "", tuple(credited[member.name])))
    return out


def _pages(of: Mapping[tuple[str, str], Facts], problems: list[Diagnostic]
           ) -> dict[str, Facts]:
    """Each name's page: the first published team file (by path) that names it."""
    people = sorted((f for (kind, _), f in of.items() if kind == "person"),
                    key=lambda f: f.file)
    pages: dict[str, Facts] = {}
    for facts in people:
        problems += _cited(facts)
        first = pages.setdefault(facts.title, facts)
        if first is not facts:
            problems.append(error(_name_pos(facts), f"'{facts.title}' already has a page, "
                                  f"{first.path}: one file per person (remove one, or put "
                                  "another member's name in this one)"))
    return pages


def _name_pos(facts: Facts) -> Pos:
    """Where a team file writes its `name`."""
    return next((ref.pos for ref in facts.refs if ref.field == "name"),
                facts.pos or Pos(facts.path))


def _cited(facts: Facts) -> list[Diagnostic]:
    """A bio's citations: each one a problem (a bio links to what it mentions)."""
    return [error(ref.pos, f"a bio cannot cite a source ([@{ref.key}]): only checks and "
                  "articles have a source list; link to the source instead: "
                  f"[its title](/sources/{ref.key}/)")
            for ref in facts.refs if ref.kind == "source" and not ref.field]
