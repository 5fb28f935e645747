"""Transparency as data (issue 20) as machines, readers and assessors meet it: every page's
JSON-LD against schema.org's own vocabulary (release 12.0, stored in tests/vocab/), the
desk's NewsMediaOrganization that every ClaimReview names, the funding page and its data,
each check's "Report an error" link decoded as a mail client or a form reads it, the
`check --standard` checklist run as a desk runs it, and the pages in the Nu Html Checker
and axe-core. The expected values are written here or read from the YAML, not from
factsite."""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import extruct
import lxml.html
import pytest
from conftest import ROOT, broken_links, build_site, copy_example, edit, require, spanish_only
from readers import built_pages, claims_yaml, serve, site_yaml
from test_cli import run
from test_html_validity import CANARY, VNU
from test_theme import need_browser, node

TESTS = Path(__file__).resolve().parent
ROOT_URL = "https://example.org/"
CUBA_URL = "https://example.org/cuba/"
CODE = "es"  # the example's other language

# ---- schema.org's vocabulary ----------------------------------------------------------------

VOCAB = json.loads((TESTS / "vocab/schemaorg-12.0.json").read_text())
TYPES, PROPERTIES = VOCAB["types"], VOCAB["properties"]

# Terms factsite writes that schema.org added after release 12.0, each as the release that
# added it defines it (schemaorg-current-https-properties.csv of that release). The test
# fails when one is in the stored vocabulary after all, or is no longer written: either
# way, drop it from here.
LATER = {
    # a claim's appearance, archived: the CreativeWork's archived copy (schema.org 13.0)
    "archivedAt": {"release": "13.0", "domainIncludes": ["CreativeWork"],
                   "rangeIncludes": ["URL", "WebPage"]},
}

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


def supertypes(name: str) -> set[str]:
    """A type and every type it is a subtype of (subTypeOf, followed to Thing)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        kind = todo.pop()
        if kind in TYPES and kind not in seen:
            seen.add(kind)
            todo += TYPES[kind]["subTypeOf"]
    return seen


def is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def accepts(ranges: list[str], value: object) -> bool:
    """Whether a value is of a type in a property's rangeIncludes. An object: its @type or
    one of its supertypes is in the range. A string: Text takes any (URL is a subtype of
    Text), URL an absolute http(s) address, Date and DateTime their ISO 8601 forms. A
    number: Number (Integer and Float are its subtypes). True or false: Boolean.
    (Stricter than schema.org, which lets a plain string stand in for any Thing: here a
    string is accepted only where the range names a data type.)"""
    if isinstance(value, dict):
        kinds = value.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        return any(supertypes(k) & set(ranges) for k in kinds if isinstance(k, str))
    if isinstance(value, bool):
        return "Boolean" in ranges
    if isinstance(value, int | float):
        return "Number" in ranges or "Float" in ranges or (
            "Integer" in ranges and isinstance(value, int))
    if isinstance(value, str):
        return "Text" in ranges or ("URL" in ranges and is_url(value)) or (
            "Date" in ranges and bool(DATE.fullmatch(value))) or (
            "DateTime" in ranges and bool(DATETIME.fullmatch(value)))
    return False


def vocabulary_problems(item: dict, where: str, used: set[str] | None = None) -> list[str]:
    """Every way an object (and each object in it) strays from the vocabulary: a type
    schema.org lacks, a property it lacks, a property on a type outside its domain, a value
    outside its range. `used` collects the terms of LATER it met."""
    problems = []
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if not kinds or not all(isinstance(k, str) for k in kinds):
        return [f"{where}: an object with no @type"]
    for kind in kinds:
        if kind not in TYPES:
            problems.append(f"{where}: no type {kind!r} in schema.org 12.0")
    known = set().union(*(supertypes(k) for k in kinds))
    for key, value in item.items():
        if key.startswith("@"):
            continue
        term = PROPERTIES.get(key) or LATER.get(key)
        if term is None:
            problems.append(f"{where}: no property {key!r} in schema.org 12.0")
            continue
        if key in LATER and used is not None:
            used.add(key)
        if not known & set(term["domainIncludes"]):
            problems.append(f"{where}: {key!r} is not a property of {'/'.join(kinds)} "
                            f"(its domain: {', '.join(term['domainIncludes'])})")
        for one in value if isinstance(value, list) else [value]:
            if not accepts(term["rangeIncludes"], one):
                problems.append(f"{where}: {key} = {one!r} is not one of "
                                f"{', '.join(term['rangeIncludes'])}")
            if isinstance(one, dict):
                problems += vocabulary_problems(one, f"{where} > {key}", used)
    return problems


def json_ld(page: Path, url: str) -> list[dict]:
    """A page's JSON-LD as search engines extract it (extruct)."""
    return extruct.extract(page.read_text("utf-8"), base_url=url,
                           syntaxes=["json-ld"])["json-ld"]


def site_json_ld(out: Path, root_url: str) -> dict[str, list[dict]]:
    """URL → the JSON-LD items of that page, for every page that has any."""
    items = {url: json_ld(page, url) for url, page in built_pages(out, root_url).items()}
    return {url: found for url, found in items.items() if found}


def built(out: Path, root_url: str, url: str) -> Path | None:
    """The file of the site that an absolute URL is (None when it is not one of the
    site's pages)."""
    if not url.startswith(root_url):
        return None
    rel = url[len(root_url):]
    path = out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
    return path if path.is_file() else None


# ---- the sites ----------------------------------------------------------------------------

FUNDERS = """\
  funders:
    - name: Reader donations
      year: 2026
      share: 70
      purpose: General support
    - name: Membership
      year: 2026
      share: 30
    - name: Reader donations
      year: 2025
      amount: 12000
      purpose: General support
    - name: An Example Foundation
      year: 2025
      amount: 6000
      purpose: The data desk
      url: https://foundation.example.net/
    - name: Small grants
      year: 2025
      amount: 2000
    - name: Mixed by amount
      year: 2024
      amount: 5000
    - name: Mixed by share
      year: 2024
      share: 20
    - name: Third C
      year: 2023
      amount: 1000.5
    - name: Third A
      year: 2023
      amount: 1000.5
    - name: Third B
      year: 2023
      amount: 1000.5
"""
EXAMPLE_FUNDERS = re.compile(r"^  funders:\n(?:    .*\n)+", re.M)


def with_funders(site: Path, funders: str) -> None:
    """site.yaml's funders replaced by these ("" for none)."""
    path = site / "site.yaml"
    text, count = EXAMPLE_FUNDERS.subn(funders, path.read_text())
    assert count == 1, "the example lists its funders"
    path.write_text(text)


@pytest.fixture(scope="module")
def funded(tmp_path_factory) -> Path:
    """The example with funders given by share (2026), by amount (2025), mixed (2024) and
    in thirds with cents (2023), built."""
    root = tmp_path_factory.mktemp("funded")
    site = copy_example(root / "site")
    with_funders(site, FUNDERS)
    build_site(site, root / "public")
    return root / "public"


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    """What the example's JSON-LD lacks: a sub-path, the publisher's logo, a postal
    address, all nine policies (the funding policy a page of its own), an appearance with
    its address, date and archived copy, a claimant with a website and a sameAs, a form to
    report errors; built."""
    root = tmp_path_factory.mktemp("rich")
    site = copy_example(root / "site", base_url=CUBA_URL)
    edit(site / "site.yaml", "  url: https://example.org/\n",
         "  url: https://example.org/\n  logo: /img/logo.png\n")
    (site / "static/img").mkdir(parents=True)
    (site / "static/img/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    edit(site / "site.yaml", "  country: US\n", "  country: US\n"
         "  address: 1 Example Street, Springfield\n")
    edit(site / "site.yaml", "    mission: about\n",
         "    mission: about\n    funding: standards\n    diversity: contact\n")
    edit(site / "site.yaml", "submit_claim: mailto:tips@example.org\n",
         "submit_claim: mailto:tips@example.org\n"
         "report_error: https://forms.example.net/report?page={url}&title={title}\n")
    (site / "content/claimants/example-blog.yaml").write_text(
        "name: An Example Blog\nkind: organization\nurl: https://blog.example.net/\n"
        "same_as: https://example.net/people/example-blog\n")
    edit(site / "content/claims/120-cubans-one-flight.yaml",
         "    source: vice-report\nrating:",
         "    source: vice-report\n  - url: https://blog.example.net/post\n"
         "    claimant: example-blog\n    date: 2026-11-14\n"
         "    archived: https://web.archive.org/web/2026/https://blog.example.net/post\n"
         "    archived_on: 2026-11-15\nrating:")
    build_site(site, root / "public")
    return root / "public"


@pytest.fixture
def sites(example_public, rich) -> dict[str, tuple[Path, Path, str]]:
    """name → (the site's folder, its build, its root URL)."""
    return {"example": (ROOT, example_public, ROOT_URL),
            "rich": (rich.parent / "site", rich, CUBA_URL)}


# ---- 1. the JSON-LD, in schema.org's terms -------------------------------------------------


def test_the_vocabulary_check_finds_what_is_wrong():
    """(The check itself, on an object wrong in each way it looks for.)"""
    wrong = {"@type": "ClaimReview", "claimReviewed": "x", "legalName": "Not a review's",
             "reviewedBy": "nobody", "datePublished": "yesterday",
             "author": {"@type": "Rating", "name": "x"},
             "itemReviewed": {"@type": "Claimm"},
             "reviewRating": {"@type": "Rating", "ratingValue": "5", "bestRating": 5},
             "url": "/claims/x/", "inLanguage": "en"}
    problems = vocabulary_problems(wrong, "p")
    assert problems == [
        "p: 'legalName' is not a property of ClaimReview (its domain: Organization)",
        "p: 'reviewedBy' is not a property of ClaimReview (its domain: WebPage)",
        "p: reviewedBy = 'nobody' is not one of Organization, Person",
        "p: datePublished = 'yesterday' is not one of Date, DateTime",
        "p: author = {'@type': 'Rating', 'name': 'x'} is not one of Organization, Person",
        "p: itemReviewed = {'@type': 'Claimm'} is not one of Thing",
        "p > itemReviewed: no type 'Claimm' in schema.org 12.0",
        "p: url = '/claims/x/' is not one of URL",
    ]
    assert vocabulary_problems({"@type": "Thing", "nope": 1}, "q") == [
        "q: no property 'nope' in schema.org 12.0"]
    # (and what is right passes: a URL for Text, a number for Number, an ISO date)
    assert vocabulary_problems({"@type": "NewsMediaOrganization", "name": "https://x.org/",
                                "foundingDate": "2026-11-16", "url": "https://x.org/",
                                "address": {"@type": "PostalAddress",
                                            "addressCountry": "US"}}, "r") == []


def test_every_json_ld_term_is_in_schema_org(sites):
    """Every page's JSON-LD, in both sites and both languages: each @type a schema.org
    type, each property one of schema.org's, on a type in its domain, with a value in its
    range; the terms schema.org added after 12.0 only those named in LATER."""
    used: set[str] = set()
    seen_types: set[str] = set()
    for name, (site, out, root_url) in sites.items():
        pages = site_json_ld(out, root_url)
        assert root_url in pages and f"{root_url}{CODE}/" in pages, name
        assert sum("/claims/" in url for url in pages) > len(claims_yaml(site)), \
            "every check's page, in both languages"
        problems = []
        for url, items in pages.items():
            for item in items:
                assert item.get("@context") == "https://schema.org", url
                problems += vocabulary_problems(item, url, used)
                seen_types |= set(re.findall(r'"@type": "(\w+)"', json.dumps(item)))
        assert problems == [], name
    assert {"ClaimReview", "Claim", "Rating", "CreativeWork", "NewsMediaOrganization",
            "Organization", "Person", "PostalAddress"} <= seen_types
    for term, definition in LATER.items():
        assert term not in PROPERTIES and term not in TYPES, \
            f"{term} is in schema.org 12.0 after all: drop it from LATER"
        assert float(definition["release"]) > float(VOCAB["version"])
    assert used == set(LATER), "a term in LATER that no page writes any more: drop it"


# ---- 2. the desk: one NewsMediaOrganization, named by every ClaimReview ---------------------

TERMS = {  # schema.org's term for each policy of site.yaml's organization.policies
    "methodology": "verificationFactCheckingPolicy", "corrections": "correctionsPolicy",
    "nonpartisanship": "publishingPrinciples", "funding": "ownershipFundingInfo",
    "ethics": "ethicsPolicy", "unnamed_sources": "unnamedSourcesPolicy",
    "feedback": "actionableFeedbackPolicy", "diversity": "diversityPolicy",
    "mission": "missionCoveragePrioritiesPolicy"}


def desk_on(pages: dict[str, list[dict]], url: str) -> dict:
    found = [i for i in pages.get(url, []) if i.get("@type") == "NewsMediaOrganization"]
    assert len(found) == 1, f"{url}: {len(found)} NewsMediaOrganizations"
    return found[0]


def test_every_claim_review_names_the_desk_described_on_the_home_page(sites):
    for name, (site, out, root_url) in sites.items():
        pages = site_json_ld(out, root_url)
        desk = desk_on(pages, root_url)
        config = site_yaml(site)
        assert desk["@id"] == root_url + "#organization"
        assert (desk["name"], desk["url"]) == (config["publisher"]["name"],
                                               config["publisher"]["url"])
        assert desk["legalName"] == config["organization"]["legal_name"]
        # the other language's home page describes the same desk, by the same @id
        other = desk_on(pages, f"{root_url}{CODE}/")
        assert {k: other[k] for k in ("@id", "@type", "name", "url", "legalName")} == \
            {k: desk[k] for k in ("@id", "@type", "name", "url", "legalName")}
        reviews = [(url, i) for url, items in pages.items() for i in items
                   if i.get("@type") == "ClaimReview"]
        assert len(reviews) > len(claims_yaml(site)), name
        for url, review in reviews:
            for role in ("author", "publisher"):
                who = review[role]
                assert who["@type"] == "NewsMediaOrganization", (url, role)
                assert who["@id"] == desk["@id"], (url, role)
                assert (who["name"], who["url"]) == (desk["name"], desk["url"]), (url, role)
                assert who.get("logo") == desk.get("logo"), (url, role)
        # no other page describes an object by that @id
        assert {url for url, items in pages.items() for i in items
                if i.get("@id") == desk["@id"]} == {root_url, f"{root_url}{CODE}/"}, name


def test_the_desk_carries_each_policy_page_that_site_yaml_names(sites):
    for name, (site, out, root_url) in sites.items():
        config = site_yaml(site)
        organization = config["organization"]
        policies = organization["policies"]
        expected = {TERMS[policy]: f"{root_url}{page}/" for policy, page in policies.items()}
        if "funding" not in policies:  # (the funding page made from the funders holds it)
            expected["ownershipFundingInfo"] = f"{root_url}funding/"
        desk = desk_on(site_json_ld(out, root_url), root_url)
        assert {term: desk[term] for term in TERMS.values() if term in desk} == expected, name
        for url in expected.values():
            assert built(out, root_url, url), f"{name}: {url} is not a built page"
        assert desk["foundingDate"] == organization["founded"]
        assert desk["email"] == organization["email"].removeprefix("mailto:")
        address = {"@type": "PostalAddress", "addressCountry": organization["country"]}
        if "address" in organization:
            address["streetAddress"] = organization["address"]
        assert desk["address"] == address
        assert desk["funder"] == [{"@type": "Organization", "name": f["name"]}
                                  for f in organization["funders"]]
    rich_desk = desk_on(site_json_ld(sites["rich"][1], CUBA_URL), CUBA_URL)
    assert len([t for t in TERMS.values() if t in rich_desk]) == 9, "every policy"
    assert rich_desk["logo"] == f"{CUBA_URL}img/logo.png"
    # the other language's home page: each policy's page in that language when it has one
    for url in (v for k, v in desk_on(site_json_ld(sites["example"][1], ROOT_URL),
                                      f"{ROOT_URL}{CODE}/").items() if k in TERMS.values()):
        assert built(sites["example"][1], ROOT_URL, url), url


# ---- 3. the funding page and funding.json ----------------------------------------------------


def funding_tables(page: Path) -> list[dict]:
    """Each year's section of the funding page: its heading, its rows (funder, amount,
    share, purpose; a funder's link), its total row."""
    doc = lxml.html.fromstring(page.read_text("utf-8"))
    years = []
    for section in doc.xpath('//section[@class="funding-year"]'):
        def cells(row):
            return [cell.text_content().strip() for cell in row.xpath("th|td")]
        years.append({
            "heading": section.xpath("string(h2)").strip(),
            "head": [cells(r) for r in section.xpath(".//thead/tr")],
            "rows": [cells(r) for r in section.xpath(".//tbody/tr")],
            "links": {r.xpath("string(th)"): r.xpath("string(th/a/@href)")
                      for r in section.xpath(".//tbody/tr") if r.xpath("th/a")},
            "total": [cells(r) for r in section.xpath(".//tfoot/tr")]})
    return years


NOT_STATED = "not stated"


def test_the_funding_page_works_out_shares_and_totals_from_amounts(funded):
    years = funding_tables(funded / "funding/index.html")
    assert [y["heading"] for y in years] == ["Funding in 2026", "Funding in 2025",
                                             "Funding in 2024", "Funding in 2023"], \
        "newest first"
    assert years[0]["head"] == [["Funder", "Amount", "Share of income", "For"]]
    by_share, by_amount, mixed, thirds = years
    # by share: as given, no amounts, so no total
    assert by_share["rows"] == [["Reader donations", NOT_STATED, "70%", "General support"],
                                ["Membership", NOT_STATED, "30%", ""]]
    assert by_share["total"] == []
    # by amount: each share worked out, and the year's total
    assert by_amount["rows"] == [
        ["Reader donations", "$12,000", "60%", "General support"],
        ["An Example Foundation", "$6,000", "30%", "The data desk"],
        ["Small grants", "$2,000", "10%", ""]]
    assert by_amount["links"] == {"An Example Foundation": "https://foundation.example.net/"}
    assert by_amount["total"] == [["Total", "$20,000", "100%", ""]]
    # mixed: the share given is shown; the one only an amount gives is not made up
    assert mixed["rows"] == [["Mixed by share", NOT_STATED, "20%", ""],
                             ["Mixed by amount", "$5,000", NOT_STATED, ""]]
    assert mixed["total"] == []
    # thirds, with cents: rounded to a tenth of a percent, cents kept
    assert thirds["rows"] == [[f"Third {x}", "$1,000.50", "33.3%", ""] for x in "ABC"]
    assert thirds["total"] == [["Total", "$3,001.50", "100%", ""]]
    html = (funded / "funding/index.html").read_text()
    assert '<a href="/funding.json" type="application/json">' in html
    assert broken_links(funded) == []


def test_funding_json_holds_the_same_figures(funded):
    data = json.loads((funded / "funding.json").read_text("utf-8"))
    config = site_yaml(ROOT)["organization"]
    assert data["organization"] == {
        "name": "Example Fact Desk", "legal_name": config["legal_name"],
        "status": config["status"], "country": "US", "founded": "2026-11-16",
        "url": ROOT_URL, "currency": "USD"}

    def funder(name, amount=None, share=None, purpose=None, url=None):
        return {"name": name, "amount": amount, "share": share, "purpose": purpose,
                "url": url}

    assert data["years"] == [
        {"year": 2026, "total": None, "funders": [
            funder("Reader donations", share=70, purpose="General support"),
            funder("Membership", share=30)]},
        {"year": 2025, "total": 20000, "funders": [
            funder("Reader donations", 12000, 60, "General support"),
            funder("An Example Foundation", 6000, 30, "The data desk",
                   "https://foundation.example.net/"),
            funder("Small grants", 2000, 10)]},
        {"year": 2024, "total": None, "funders": [
            funder("Mixed by share", share=20), funder("Mixed by amount", 5000)]},
        {"year": 2023, "total": 3001.5, "funders": [
            funder(f"Third {x}", 1000.5, 33.3) for x in "ABC"]},
    ]
    # and the desk's funders in its JSON-LD, each once
    desk = desk_on(site_json_ld(funded, ROOT_URL), ROOT_URL)
    assert [f["name"] for f in desk["funder"]] == [
        "Reader donations", "Membership", "An Example Foundation", "Small grants",
        "Mixed by amount", "Mixed by share", "Third C", "Third A", "Third B"]
    assert {"@type": "Organization", "name": "An Example Foundation",
            "url": "https://foundation.example.net/"} in desk["funder"]


SPANISH_FUNDERS = """\
  currency: EUR
  funders:
    - name: Donaciones
      year: 2026
      amount: 30000
    - name: Fundación
      year: 2026
      amount: 15000
    - name: Becas
      year: 2026
      amount: 15000.5
    - name: Uno
      year: 2025
      amount: 10000
    - name: Dos
      year: 2025
      amount: 10000
    - name: Tres
      year: 2025
      amount: 10000
"""


@pytest.fixture(scope="module")
def spanish_funded(tmp_path_factory) -> Path:
    """The example as a site in Spanish alone, its funders in euros."""
    root = tmp_path_factory.mktemp("spanish")
    site = copy_example(root / "site")
    spanish_only(site)
    with_funders(site, SPANISH_FUNDERS)
    build_site(site, root / "public")
    return root / "public"


def test_a_spanish_site_formats_amounts_and_shares_its_own_way(spanish_funded):
    years = funding_tables(spanish_funded / "funding/index.html")
    assert [y["heading"] for y in years] == ["Financiación en 2026", "Financiación en 2025"]
    this, last = years
    percent = re.compile(r"(\d+(?:,\d)?)[ \u00a0]%")  # (a space before %, as Spanish writes)
    assert [(r[0], r[1], percent.fullmatch(r[2]).group(1)) for r in this["rows"]] == [
        ("Donaciones", "30.000\u00a0€", "50"), ("Becas", "15.000,50\u00a0€", "25"),
        ("Fundación", "15.000\u00a0€", "25")]
    assert this["total"][0][:2] == ["Total", "60.000,50\u00a0€"]
    assert {percent.fullmatch(r[2]).group(1) for r in last["rows"]} == {"33,3"}
    assert last["total"][0][:2] == ["Total", "30.000\u00a0€"]
    data = json.loads((spanish_funded / "funding.json").read_text())
    assert data["organization"]["currency"] == "EUR"
    assert [f["share"] for f in data["years"][1]["funders"]] == [33.3, 33.3, 33.3]


def test_no_funders_no_funding_page(tmp_path):
    site = copy_example(tmp_path / "site")
    with_funders(site, "")
    edit(site / "content/pages/standards.md", "Who pays for the desk is on the\n"
         "[funding page](/funding/).", "")
    out = tmp_path / "public"
    build_site(site, out)
    assert not (out / "funding").exists() and not (out / "funding.json").exists()
    desk = desk_on(site_json_ld(out, ROOT_URL), ROOT_URL)
    assert "ownershipFundingInfo" not in desk and "funder" not in desk


# ---- 4. "Report an error" ----------------------------------------------------------------------


class ReportLinks(HTMLParser):
    """The paragraphs #report-error: how many, the links in them (their hrefs as a
    browser reads them), their text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.inside = False
        self.hrefs: list[str] = []
        self.text = ""
        self.count = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "report-error":
            self.inside, self.count = True, self.count + 1
        elif self.inside and tag == "a":
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "p":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def report_link(page: Path) -> str:
    links = ReportLinks(page.read_text("utf-8"))
    assert links.count == 1 and len(links.hrefs) == 1, page
    return links.hrefs[0]


def heading(claim: dict) -> str:
    return " ".join((claim.get("short") or claim["claim"]).split())


def mail(href: str) -> tuple[str, dict[str, list[str]]]:
    """A mailto: link as a mail client reads it: the address, and each field decoded."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


def claim_review_of(page: Path, url: str) -> dict:
    (review,) = [i for i in json_ld(page, url) if i.get("@type") == "ClaimReview"]
    return review


def test_every_check_has_a_report_an_error_link(example_public):
    claims = claims_yaml(ROOT)
    spanish = 0
    for claim_id, claim in claims.items():
        url = f"{ROOT_URL}claims/{claim_id}/"
        page = example_public / f"claims/{claim_id}/index.html"
        address, fields = mail(report_link(page))
        assert address == "desk@example.org"
        assert fields == {"subject": [f"Error in a fact-check: {heading(claim)}"],
                          "body": [f"The fact-check at {url} has an error:"]}, claim_id
        text = " ".join(ReportLinks(page.read_text()).text.split())
        assert text.startswith("Report an error in this check"), text
        # the check in the other language: its words, its address
        page = example_public / f"{CODE}/claims/{claim_id}/index.html"
        if page.is_file():
            spanish += 1
            url = f"{ROOT_URL}{CODE}/claims/{claim_id}/"
            shown = claim_review_of(page, url)["claimReviewed"]
            assert mail(report_link(page)) == ("desk@example.org", {
                "subject": [f"Error en una verificación: {shown}"],
                "body": [f"La verificación en {url} tiene un error:"]}), claim_id
    assert len(claims) >= 7 and spanish >= 2
    # no other page has one
    for url, page in built_pages(example_public, ROOT_URL).items():
        if not re.search(r"/claims/[^/]+/$", url):
            assert 'id="report-error"' not in page.read_text(), url


HOSTILE = "</script><script>alert(1)</script> \"Q\" & 'it' <b>bold</b> 50% + {url}"


def hostile_site(root: Path, report_error: str | None) -> Path:
    """The example with a hostile heading on one check, and `report_error` set."""
    site = copy_example(root)
    edit(site / "content/claims/paperwork-glitch.yaml",
         'short: One more deportee was pulled from the flight over a "paperwork glitch"',
         "short: '" + HOSTILE.replace("'", "''") + "'")
    if report_error:
        edit(site / "site.yaml", "submit_claim: mailto:tips@example.org\n",
             f"submit_claim: mailto:tips@example.org\nreport_error: {report_error}\n")
    return site


def raw_report_href(page: Path) -> str:
    """The href of the report link as written in the HTML, entities and all."""
    html = page.read_text("utf-8")
    (paragraph,) = re.findall(r'<p id="report-error"[^>]*>.*?</p>', html, re.S)
    (href,) = re.findall(r'<a href="([^"]*)">', paragraph)
    return href


def assert_safe(raw: str) -> None:
    """Nothing in a written href but URL characters, & as &amp;."""
    assert re.fullmatch(r"([A-Za-z0-9%._~:/?=@+-]|&amp;)*", raw), raw


FORM = "https://forms.example.net/report?page={url}&title={title}&from=site"


@pytest.fixture(scope="module")
def hostile_form(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("form")
    build_site(hostile_site(root / "site", FORM), root / "public")
    return root / "public"


def test_a_form_gets_each_check_address_and_heading_encoded(hostile_form):
    """report_error, a form's address: {url} and {title} filled in, each encoded as a
    query value (it wins over the organisation's email)."""
    claims = claims_yaml(hostile_form.parent / "site")
    assert heading(claims["paperwork-glitch"]) == HOSTILE
    for claim_id, claim in claims.items():
        url = f"{ROOT_URL}claims/{claim_id}/"
        page = hostile_form / f"claims/{claim_id}/index.html"
        raw = raw_report_href(page)
        assert_safe(raw)
        href = unescape(raw)
        assert report_link(page) == href
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "forms.example.net",
                                                           "/report")
        assert parse_qs(parts.query) == {"page": [url], "title": [heading(claim)],
                                         "from": ["site"]}, claim_id


def test_a_hostile_heading_is_encoded_in_a_mailto(tmp_path):
    """The organisation's email, with a mailto that has fields of its own (a cc, kept): the
    hostile heading percent-encoded in the subject, the page's HTML unharmed."""
    site = hostile_site(tmp_path / "site", None)
    edit(site / "site.yaml", "  email: mailto:desk@example.org\n",
         "  email: mailto:desk@example.org?cc=editor@example.org\n")
    out = tmp_path / "public"
    build_site(site, out)
    page = out / "claims/paperwork-glitch/index.html"
    raw = raw_report_href(page)
    assert_safe(raw)
    address, fields = mail(unescape(raw))
    assert address == "desk@example.org"
    assert fields == {"cc": ["editor@example.org"],
                      "subject": [f"Error in a fact-check: {HOSTILE}"],
                      "body": [f"The fact-check at {ROOT_URL}claims/paperwork-glitch/ has "
                               "an error:"]}
    html = page.read_text()
    assert "<script>alert(1)</script>" not in html and "<b>bold</b>" not in html
    # a mailto that sets its own subject keeps it; the body still gives the check's address
    edit(site / "site.yaml", "?cc=editor@example.org", "?subject=Correction%20request")
    build_site(site, out)
    assert mail(report_link(page)) == ("desk@example.org", {
        "subject": ["Correction request"],
        "body": [f"The fact-check at {ROOT_URL}claims/paperwork-glitch/ has an error:"]})


def test_no_address_no_link(tmp_path):
    """Neither report_error nor organization.email: no link (not a dead one)."""
    site = copy_example(tmp_path / "site")
    edit(site / "site.yaml", "  email: mailto:desk@example.org\n", "")
    out = tmp_path / "public"
    build_site(site, out)
    pages = list(out.rglob("claims/*/index.html"))
    assert len(pages) >= 7
    for page in pages:
        assert "report-error" not in page.read_text(), page
    assert "email" not in desk_on(site_json_ld(out, ROOT_URL), ROOT_URL)


# ---- 5. the checklist: check --standard ----------------------------------------------------

IFCN3 = "IFCN 3 (transparency of funding and organisation)"
IFCN5 = "IFCN 5 (an open and honest corrections policy)"


def line_of(site: Path, text: str) -> int:
    """The (1-based) number of the line of site.yaml that is `text`."""
    lines = (site / "site.yaml").read_text().splitlines()
    assert lines.count(text) == 1, text
    return lines.index(text) + 1


def standard(site: Path, name: str = "ifcn", *more: str) -> subprocess.CompletedProcess:
    done = run("check", "--standard", name, *more, cwd=site)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def errors(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if ": error: " in line]


def desk_site(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    site = copy_example(tmp_path / "site")
    for old, new in edits:
        edit(site / "site.yaml", old, new)
    return site


def test_the_example_meets_the_ifcn_code():
    done = standard(ROOT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    commitments = [line for line in lines if not line.startswith("  ")]
    assert commitments == [
        "IFCN 1, non-partisanship and fairness: met",
        "IFCN 2, standards and transparency of sources: met",
        "IFCN 3, transparency of funding and organisation: met",
        "IFCN 4, transparency of methodology: met",
        "IFCN 5, an open and honest corrections policy: met"]
    items = [line for line in lines if line.startswith("  ")]
    assert len(items) >= 12 and all(line.startswith("  ✓ ") for line in items), items
    assert "  ✓ who pays for it: /funding/: funders for 2026 (organization.funders)" in items
    assert "  ✓ a corrections policy: /corrections-policy/ " \
        "(organization.policies.corrections)" in items
    assert errors(done) == []


def test_no_funding_fails_ifcn_3_where_the_funders_go(tmp_path):
    site = desk_site(tmp_path)
    with_funders(site, "")
    where = line_of(site, "  legal_name: Example Fact Desk")  # (inside `organization:`)
    done = standard(site)
    assert done.returncode == 1
    message = (f"site.yaml:{where}:3: error: {IFCN3}: who pays for it: list the desk's "
               "funders year by year in organization.funders (they make /funding/), or "
               "name the page in organization.policies.funding")
    assert errors(done) == [message]
    assert "IFCN 3, transparency of funding and organisation: NOT met" in done.stdout
    assert "  ✗ who pays for it: list the desk's funders" in done.stdout
    # --format github: the same, as an annotation; no checklist on stdout
    github = standard(site, "ifcn", "--format", "github")
    assert github.returncode == 1
    lines = [line for line in github.stdout.splitlines() if line]
    assert f"::error file=site.yaml,line={where},col=3::{IFCN3}: who pays for it: list " \
        "the desk's funders year by year in organization.funders (they make /funding/), " \
        "or name the page in organization.policies.funding" in lines
    assert all(line.startswith("::") for line in lines), lines
    assert [line for line in lines if line.startswith("::error")] == [
        line for line in lines if "IFCN" in line]


def test_a_funding_page_instead_of_funders_meets_it(tmp_path):
    site = desk_site(tmp_path, ("    mission: about\n",
                                "    mission: about\n    funding: standards\n"))
    with_funders(site, "")
    done = standard(site)
    assert done.returncode == 0, done.stderr
    assert "  ✓ who pays for it: /standards/ (organization.policies.funding)" in done.stdout


@pytest.mark.parametrize("policy, commitment", [
    ("corrections: corrections-policy", "IFCN 5 (an open and honest corrections policy): "
     "a corrections policy"),
    ("methodology: methodology", "IFCN 4 (transparency of methodology): how claims are "
     "chosen, checked and rated"),
    ("nonpartisanship: standards", "IFCN 1 (non-partisanship and fairness): a statement of "
     "non-partisanship and fairness")])
def test_a_missing_policy_fails_its_commitment(tmp_path, policy, commitment):
    site = desk_site(tmp_path)
    name = policy.split(":")[0]
    policies = line_of(site, "  policies:")
    edit(site / "site.yaml", f"    {policy}\n", "")
    done = standard(site)
    assert done.returncode == 1
    # (at the policies, where it goes)
    assert errors(done) == [
        f"site.yaml:{policies + 1}:5: error: {commitment}: write the page in content/pages/ "
        f"and name it in site.yaml's organization.policies.{name}"]
    number = commitment.split()[1]
    assert re.search(rf"^IFCN {number}, .*: NOT met$", done.stdout, re.M)


def test_no_organization_at_all(tmp_path):
    site = desk_site(tmp_path)
    text = (site / "site.yaml").read_text()
    text, count = re.subn(r"^organization:\n(?:  .*\n)+", "", text, flags=re.M)
    assert count == 1
    (site / "site.yaml").write_text(text)
    edit(site / "content/pages/standards.md", "Who pays for the desk is on the\n"
         "[funding page](/funding/).", "")
    done = standard(site)
    assert done.returncode == 1
    found = errors(done)
    assert f"site.yaml:1:1: error: {IFCN3}: who the desk is: add `organization:` to " \
        "site.yaml (legal_name, status, country or address, email, funders, policies)" \
        in found
    for commitment in ("IFCN 1 (", "IFCN 4 (", "IFCN 5 ("):
        assert any(commitment in line for line in found), commitment
    assert f"site.yaml:1:1: error: {IFCN5}: a way to report an error on every check: add " \
        "organization.email or report_error to site.yaml" in found
    assert len(found) == 5, found
    met = re.findall(r"^IFCN (\d), .*: (met|NOT met)$", done.stdout, re.M)
    assert met == [("1", "NOT met"), ("2", "met"), ("3", "NOT met"), ("4", "NOT met"),
                   ("5", "NOT met")]


def test_no_way_to_report_an_error(tmp_path):
    site = desk_site(tmp_path)
    where = line_of(site, "  legal_name: Example Fact Desk")
    edit(site / "site.yaml", "  email: mailto:desk@example.org\n", "")
    done = standard(site)
    assert done.returncode == 1
    assert errors(done) == [
        f"site.yaml:{where}:3: error: {IFCN3}: how to reach it: add organization.email "
        "(a mailto: address)",
        f"site.yaml:{where}:3: error: {IFCN5}: a way to report an error on every check: "
        "add organization.email or report_error to site.yaml"]


def test_a_policy_naming_a_missing_page(tmp_path):
    """An error in a plain build too (nothing is written), at the page's id."""
    site = desk_site(tmp_path, ("    corrections: corrections-policy\n",
                                "    corrections: corrections-code\n"))
    where = f"site.yaml:{line_of(site, '    corrections: corrections-code')}:18"
    build = run("build", "--out", str(tmp_path / "public"), cwd=site)
    assert build.returncode == 1 and "Traceback" not in build.stderr
    missing = f"{where}: error: the corrections policy names the page 'corrections-code', " \
        "which is not in content/pages/ (or is a draft)"
    assert errors(build) == [missing]
    assert not (tmp_path / "public").exists()
    done = standard(site)
    assert done.returncode == 1
    assert sorted(errors(done)) == sorted([
        missing, f"{where}: error: {IFCN5}: a corrections policy: "
        "organization.policies.corrections names 'corrections-code', which is not a "
        "published page: write the page in content/pages/ and name it in site.yaml's "
        "organization.policies.corrections"])


def test_a_policy_naming_a_draft_page(tmp_path):
    site = desk_site(tmp_path)
    edit(site / "content/pages/contact.md", "title: Contact us\n",
         "title: Contact us\ndraft: true\n")
    done = run("check", cwd=site)
    assert done.returncode == 1
    assert f"site.yaml:{line_of(site, '    feedback: contact')}:15: error: the feedback " \
        "policy names the page 'contact', which is not in content/pages/ (or is a draft)" \
        in errors(done)


EFCSN_ONLY = ("an ethics policy", "a policy on unnamed sources",
              "how readers' feedback is handled", "each funder's share of income")


def test_what_only_the_efcsn_asks(tmp_path):
    site = desk_site(tmp_path, ("    ethics: standards\n", ""),
                     ("    unnamed_sources: standards\n", ""), ("    feedback: contact\n", ""),
                     ("      share: 100\n", ""))
    policies = line_of(site, "  policies:") + 1
    funder = line_of(site, "    - name: The people who make factsite, in their own time")
    ifcn = standard(site)
    assert ifcn.returncode == 0 and errors(ifcn) == [], "none of it is the IFCN's"
    done = standard(site, "efcsn")
    assert done.returncode == 1
    found = errors(done)
    for message in (
            f"site.yaml:{policies}:5: error: EFCSN 3 (transparency of funding and "
            "organisation): an ethics policy (conflicts of interest, political activity): "
            "write the page in content/pages/ and name it in site.yaml's "
            "organization.policies.ethics",
            f"site.yaml:{policies}:5: error: EFCSN 2 (standards and transparency of "
            "sources): a policy on unnamed sources: write the page in content/pages/ and "
            "name it in site.yaml's organization.policies.unnamed_sources",
            f"site.yaml:{policies}:5: error: EFCSN 5 (an open and honest corrections "
            "policy): how readers' feedback is handled: write the page in content/pages/ "
            "and name it in site.yaml's organization.policies.feedback",
            f"site.yaml:{funder}:7: error: EFCSN 3 (transparency of funding and "
            "organisation): each funder's share of income: 'The people who make factsite, "
            "in their own time' (2026) has neither an amount nor a share: give one"):
        assert message in found, (message, found)
    # the example itself has all four (whatever else the EFCSN's code still asks of it)
    example = standard(ROOT, "efcsn")
    assert not [line for line in errors(example) if any(w in line for w in EFCSN_ONLY)]
    assert "  ✓ an ethics policy (conflicts of interest, political activity): /standards/" \
        in example.stdout


# ---- 6. the pages in the Nu Html Checker and axe-core ---------------------------------------

PAGES = ["funding/", "standards/", "contact/", "", "claims/120-cubans-one-flight/"]


def test_the_transparency_pages_are_valid_html(funded, spanish_funded, hostile_form, tmp_path):
    require("java", "install a Java runtime (Java 17 or later): apt-get install default-jre")
    require(VNU, "install the test tools: npm ci (see the Makefile's `make test`)")
    pages = [funded / p / "index.html" for p in PAGES] + [
        spanish_funded / "funding/index.html",
        hostile_form / "claims/paperwork-glitch/index.html"]
    assert all(p.is_file() for p in pages)
    (tmp_path / "canary.html").write_text(CANARY)
    done = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only",
                           *map(str, pages), str(tmp_path / "canary.html")],
                          capture_output=True, text=True, timeout=600)
    messages = json.loads(done.stderr)["messages"]
    found = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages
             if m["type"] == "error"]
    assert found, "the invalid canary page was not reported: did vnu check anything?"
    assert [m for m in found if "canary.html" not in m] == []


def test_the_transparency_pages_have_no_wcag_a_or_aa_violations(funded, tmp_path):
    need_browser()
    with serve(funded) as url:
        result = node("readers.mjs", url, str(tmp_path / "shots"), *PAGES)
    audited = [p for p in result["pages"] if "violations" in p]
    assert len(audited) == 2 * len(PAGES)
    assert {(p["path"], p["scheme"]): p["violations"] for p in audited if p["violations"]} \
        == {}
