"""Who the desk is, who pays for it and how it works, as pages and as data: the desk's
NewsMediaOrganization (on the home page, with its policies, funders and masthead), the
funding page made from site.yaml's `funders` and its open data, and each check's "report
an error" link.

The organisation, its funders and the page of each policy are written once, in site.yaml's
`organization`; `check --standard ifcn` (commands/standards.py) reads the same values.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, quote

from babel import Locale
from babel.numbers import format_currency

from ..content.model import Claim, Site
from ..diagnostics import Diagnostic, error
from ..site.index import Index
from ..site.urls import url_for, url_to_path
from .outputs import Output, Planned, Scope
from .structured import SCHEMA_ORG, organization_id
from .views import Views

FUNDING = "funding/"
FUNDING_DATA = "funding.json"
MASTHEAD = "team/"
# schema.org's term for each policy (the Trust Project's), by its name in site.yaml
TERMS = {"methodology": "verificationFactCheckingPolicy", "corrections": "correctionsPolicy",
         "nonpartisanship": "publishingPrinciples", "funding": "ownershipFundingInfo",
         "ethics": "ethicsPolicy", "unnamed_sources": "unnamedSourcesPolicy",
         "feedback": "actionableFeedbackPolicy", "diversity": "diversityPolicy",
         "mission": "missionCoveragePrioritiesPolicy"}


def policy_pages(site: Site) -> dict[str, str]:
    """Each policy site.yaml names, by its name: the id of the page that holds it."""
    policies = site.organization.policies if site.organization else None
    if policies is None:
        return {}
    return {name: getattr(policies, name) for name in TERMS if getattr(policies, name)}


def policy_urls(site: Site, funding_page: bool) -> dict[str, str]:
    """Each policy's page, as a URL relative to base_url (the funding page made from the
    funders holds the funding policy when no page is named for it)."""
    out = {name: url_for("page", pid) for name, pid in policy_pages(site).items()}
    if "funding" not in out and funding_page:
        out["funding"] = FUNDING
    return out


def missing_pages(index: Index) -> list[Diagnostic]:
    """A policy naming a page the site does not publish."""
    site = index.site
    policies = site.organization.policies if site.organization else None
    return [error(policies.loc(name), f"the {name.replace('_', ' ')} policy names the page "
                  f"'{pid}', which is not in content/pages/ (or is a draft)")
            for name, pid in policy_pages(site).items()
            if policies is not None and pid not in index.pages]


# ---- the organisation, as data ---------------------------------------------------------


def organization(views: Views) -> dict[str, Any]:
    """The desk as a NewsMediaOrganization: its names, address, founding, contact, the page
    of each policy, its funders and its masthead (the home page carries it; everything
    else refers to it by its @id). One organisation, one description: in every language's
    edition it is the same, its policies' pages the site's own language's."""
    site, org = views.index.site, views.index.site.organization
    out: dict[str, Any] = {"@context": SCHEMA_ORG, "@type": "NewsMediaOrganization",
                           "@id": organization_id(site), "name": site.publisher_name,
                           "url": site.publisher_url}
    if site.logo_url:
        out["logo"] = site.logo_url
    if org is None:
        return out
    out["legalName"] = org.legal_name
    if org.founded:
        out["foundingDate"] = org.founded.isoformat()
    if org.country or org.address:
        out["address"] = {"@type": "PostalAddress", **(
            {"streetAddress": org.address} if org.address else {}),
            **({"addressCountry": org.country} if org.country else {})}
    if org.email and org.email.startswith("mailto:"):
        out["email"] = org.email.removeprefix("mailto:")
    funding = bool(views.plan and views.plan.at(FUNDING))
    for name, url in policy_urls(site, funding).items():
        out[TERMS[name]] = site.absolute(url)
    if views.plan and views.plan.at(MASTHEAD):
        out["masthead"] = site.absolute(MASTHEAD)
    funders = {f.name: f.url for f in org.funders}
    if funders:
        out["funder"] = [{"@type": "Organization", "name": name, **({"url": url} if url
                                                                     else {})}
                         for name, url in funders.items()]
    return out


# ---- the funding page and its data -------------------------------------------------------


def plan_funding(scope: Scope) -> Iterator[Planned]:
    """/funding/ and /funding.json, when site.yaml lists the desk's funders."""
    org = scope.index.site.organization
    if org is None or not org.funders:
        return
    yield Output(url_to_path(FUNDING), FUNDING, "funding"), ()
    yield Output(FUNDING_DATA, FUNDING_DATA, "funding-data"), ()


def years(site: Site) -> list[dict[str, Any]]:
    """The funders year by year, newest first, each with its share of that year's income:
    as given, or worked out when every amount of the year is given."""
    org = site.organization
    assert org is not None
    out = []
    for year in sorted({f.year for f in org.funders}, reverse=True):
        funders = [f for f in org.funders if f.year == year]
        total = sum(f.amount for f in funders if f.amount is not None)
        known = all(f.amount is not None for f in funders) and total > 0
        rows = [{"name": f.name, "url": f.url, "amount": f.amount, "purpose": f.purpose,
                 "share": f.share if f.share is not None else
                 (round(100 * f.amount / total, 1) if known and f.amount is not None
                  else None)} for f in funders]
        rows.sort(key=lambda r: (-(r["share"] or 0), -(r["amount"] or 0), r["name"]))
        out.append({"year": year, "funders": rows, "total": total if known else None})
    return out


def funding(output: Output, views: Views) -> dict[str, Any]:
    org = views.site.organization
    assert org is not None
    locale = views.words.locale

    def money(value: float | None) -> str | None:
        if value is None:
            return None
        pattern = copy.copy(Locale.parse(locale).currency_formats["standard"])
        if float(value).is_integer():  # (whole amounts without cents: $12,000)
            pattern.frac_prec = (0, 0)
        return format_currency(value, org.currency, format=pattern, locale=locale,
                               currency_digits=False)

    shown = [{**y, "total": money(y["total"]), "funders": [
        {**f, "amount": money(f["amount"]), "share": None if f["share"] is None else
         views.t["percent"].format(views.number(f["share"]))} for f in y["funders"]]}
        for y in years(views.site)]
    return {"page": {"title": views.t["funding_title"],
                     "description": org.funding_note or views.t["funding_intro"]},
            "note": org.funding_note, "years": shown, "organization": org,
            "data_url": views.href(FUNDING_DATA)}


def funding_data(output: Output, views: Views) -> bytes:
    """funding.json: the desk, and its funders by year (amounts in `currency`, shares in
    percent)."""
    site, org = views.site, views.site.organization
    assert org is not None
    doc = {"organization": {"name": site.publisher_name, "legal_name": org.legal_name,
                            "status": org.status, "country": org.country,
                            "founded": org.founded.isoformat() if org.founded else None,
                            "url": site.publisher_url, "currency": org.currency},
           "years": [{"year": y["year"], "total": y["total"],
                      "funders": [{k: f[k] for k in ("name", "amount", "share", "purpose",
                                                     "url")} for f in y["funders"]]}
                     for y in years(site)]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


# ---- a way to report an error -------------------------------------------------------------


def report_error(views: Views, claim: Claim) -> str | None:
    """Where a reader reports an error in this check: site.yaml's `report_error` (a form's
    address, {url} and {title} filled in; or a mailto), else the organisation's email; the
    check's address and heading go in the subject and body."""
    site = views.site
    target = site.report_error or (site.organization.email if site.organization else None)
    if not target:
        return None
    url = views.words.absolute(url_for("claims", claim.id))
    if not target.startswith("mailto:"):
        return target.replace("{url}", quote(url, safe="")).replace(
            "{title}", quote(claim.heading, safe=""))
    ours = {"subject": views.t["report_subject"].format(claim.heading),
            "body": views.t["report_body"].format(url)}
    # (a mailto: with fields of its own, ?cc=… or ?subject=…, keeps them; ours join them
    # with & and never repeat one the desk set)
    address, _, query = target.partition("?")
    theirs = {name.lower() for name, _ in parse_qsl(query, keep_blank_values=True)}
    fields = [query] if query else []
    fields += [f"{name}={quote(value, safe='')}" for name, value in ours.items()
               if name not in theirs]
    return f"{address}?{'&'.join(fields)}"
