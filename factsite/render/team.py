"""The team's pages: the masthead (/team/: every member of site.yaml's team, with their
role, linked to their page) and a page per member who has a file in content/team/
(/team/<slug>/: their role, bio, declared conflicts of interest, links, and the checks
they checked or edited, newest first), with its schema.org `Person` JSON-LD; and the
credits line of a claim page ("Checked by X. Edited by Y."), each name linked to its
page. Only in the site's own language (not in `editions.EDITIONED`): another edition's
links go to these pages.

Declared in `kinds.KINDS` as the kinds "team" and "person"; the members come from the
index (`site/team.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..content.model import Claim, Person
from ..site.facts import Facts
from ..site.index import Index
from ..site.team import CREDITS, Member
from ..site.urls import url_for
from .outputs import Output, Planned, Scope, claim_files, listing, text_files
from .structured import SCHEMA_ORG, publisher
from .views import Views

DESCRIPTION = 200  # the longest description (meta, JSON-LD) made from a bio, in characters


# ---- the masthead ------------------------------------------------------------------------


def plan_team(scope: Scope) -> Iterator[Planned]:
    """/team/, when site.yaml has a team: it shows each member's page (their role)."""
    index = scope.index
    if index.team:
        yield Output("team/index.html", "team/", "team", items=tuple(index.team)), \
            {m.file for m in index.team.values() if m.file}


def masthead(output: Output, views: Views) -> dict[str, Any]:
    members = []
    for member in views.index.team.values():
        record: Person | None = views.record("person", member.slug) if member.slug else None
        members.append({"name": member.name, "role": role(member, record),
                        "url": views.href(url_for("team", member.slug)) if record else None})
    return {"page": {"title": views.t["team"], "description": views.t["team_description"]
                     .format(views.site.publisher_name)}, "members": members}


def role(member: Member, record: Person | None) -> str:
    """Their role: their own file's, else site.yaml's."""
    return (record.role if record and record.role else member.role) or ""


# ---- a member's page -----------------------------------------------------------------------


def plan_person(scope: Scope) -> Iterator[Planned]:
    """A page per member with a file of their own: it shows that file (and what its bio
    links to), and the cards of the checks they checked or edited."""
    index = scope.index
    for member in index.team.values():
        if not member.slug:
            continue
        facts = index.of("person", member.slug)
        yield from listing(index, "person", url_for("team", member.slug), member.claims,
                           lambda ids: claim_files(index, ids), member.slug,
                           {member.file, *text_files(index, facts)})


def person(output: Output, views: Views) -> dict[str, Any]:
    record: Person = views.record("person", output.key)
    member = next(m for m in views.index.team.values() if m.slug == record.id)
    shown = role(member, record)
    description = short(views.plain(record.body)) or \
        (f"{record.name}, {shown}" if shown else record.name)
    return {"page": {"title": record.name, "description": description, "type": "profile",
                     "jsonld": person_jsonld(views, record, shown, description)
                     if output.number == 1 else None},
            "record": record, "role": shown, "bio": views.prose(record.body),
            "team_url": views.href(url_for("team")),
            "links": [(url, url.split("://", 1)[-1].rstrip("/")) for url in record.links],
            "email": {"url": record.email, "address": record.email.removeprefix("mailto:")}
            if record.email else None,
            "cards": views.cards(output.items)}


def person_jsonld(views: Views, record: Person, job: str, description: str) -> dict[str, Any]:
    """schema.org's Person: who they are, what they do, and whom for (the desk's
    NewsMediaOrganization, by the @id every ClaimReview's publisher has)."""
    out: dict[str, Any] = {"@context": SCHEMA_ORG, "@type": "Person", "name": record.name,
                           "url": views.words.absolute(url_for("team", record.id)),
                           "description": description, "worksFor": publisher(views.site)}
    if job:
        out["jobTitle"] = job
    if record.links:
        out["sameAs"] = list(record.links)
    return out


def short(text: str, limit: int = DESCRIPTION) -> str:
    """A plain text's first sentences that fit in `limit` characters; when the first alone
    does not, it cut at a word (an ellipsis added)."""
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


# ---- a claim page's credits ----------------------------------------------------------------


def credits(views: Views, claim: Claim) -> dict[str, list[tuple[str, str | None]]]:
    """Who checked and who edited a check: (name, the URL of their page or None)."""
    team: dict[str, Member] = views.index.team
    return {field: [(name, views.href(url_for("team", team[name].slug))
                     if name in team and team[name].slug else None)
                    for name in getattr(claim, field)] for field in CREDITS}


def credit_files(index: Index, facts: Facts) -> set[str]:
    """The team files a claim page's credits link to."""
    return {index.team[ref.key].file for ref in facts.refs
            if ref.kind == "team member" and ref.field in CREDITS
            and ref.key in index.team and index.team[ref.key].file}

