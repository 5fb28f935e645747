"""The bundled example site, built end to end: the page contract, links, citations."""

import re
import subprocess
import sys

from conftest import ROOT, broken_links, build_site, copy_example, page_links

import factsite.build
from factsite.build import Options

CONTRACT = [
    "index.html", "claims/index.html", "sources/index.html", "tags/index.html",
    "ratings/index.html", "claimants/index.html", "articles/index.html",
    "corrections/index.html", "about/index.html", "methodology/index.html",
    "corrections-policy/index.html", "404.html",
    "claims/120-cubans-one-flight/index.html", "sources/vice-report/index.html",
    "tags/deportation/index.html", "ratings/accurate/index.html",
    "claimants/miami-herald/index.html",
    "articles/what-we-know-about-the-havana-flight/index.html",
]
CLAIMS = sorted(p.stem for p in (ROOT / "content/claims").iterdir()
                if p.is_file() and "." not in p.stem)  # (not a translation)


def test_check_passes_on_the_example_with_no_errors_and_no_warnings():
    run = subprocess.run([sys.executable, "build.py", "check", "--strict"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert " 0 errors, 0 warnings;" in run.stderr


def test_every_contract_page_exists(example_public):
    missing = [p for p in CONTRACT if not (example_public / p).is_file()]
    assert missing == []
    for claim in CLAIMS:
        assert (example_public / f"claims/{claim}/index.html").is_file()
    assert len(CLAIMS) >= 7


def test_every_internal_link_resolves(example_public):
    assert broken_links(example_public) == []


def test_every_internal_link_resolves_under_a_sub_path(tmp_path):
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    out = tmp_path / "public"
    build_site(site, out)
    assert broken_links(out, "/cuba/") == []
    home = (out / "index.html").read_text()
    assert 'href="/cuba/claims/"' in home
    assert 'href="/claims/' not in home
    assert 'href="/cuba/claims/' in (out / "404.html").read_text()


def test_every_claim_cites_a_source_whose_page_links_back(example_public):
    for claim in CLAIMS:
        page = example_public / f"claims/{claim}/index.html"
        # (what it cites, and the sources that record where it was said)
        sources = [u for u in re.findall(r'href="(/sources/[^"]*)"', page.read_text())
                   if u != "/sources/"]
        assert sources, f"{claim} cites no source"
        for url in set(sources):
            source_page = example_public / url.lstrip("/") / "index.html"
            assert f"/claims/{claim}/" in page_links(source_page).links, (claim, url)


def test_citations_are_numbered_in_order_of_first_use(example_public):
    html = (example_public / "claims/120-cubans-one-flight/index.html").read_text()
    assert html.index('href="#source-1"') < html.index('href="#source-2"') \
        < html.index('href="#source-3"')
    assert '<li id="source-1">' in html


def test_article_figures_follow_the_yaml(tmp_path):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    build_site(site, out)
    article = out / "articles/what-we-know-about-the-havana-flight/index.html"
    assert ">more than 37,000 Cubans</a>" in article.read_text()
    claim_file = site / "content/claims/37000-cubans-with-deportation-orders.yaml"
    claim_file.write_text(claim_file.read_text().replace("value: 37000", "value: 38500"))
    build_site(site, out)
    text = article.read_text()
    assert ">more than 38,500 Cubans</a>" in text and ">more than 37,000 Cubans</a>" not in text


def test_a_claim_page_shows_what_the_contract_lists(example_public):
    html = (example_public / "claims/37000-cubans-with-deportation-orders/index.html").read_text()
    for expected in ["There are more than 37,000 Cubans in the U.S. with deportation orders.",
                     "Claimed by", "Miami Herald", "Unverifiable", 'id="figures"',
                     "more than 37,000 Cubans",
                     'Checked by <a href="/team/alex-example/">Alex Example</a>',
                     'Edited by <a href="/team/sam-example/">Sam Example</a>',
                     "Clarification", "November 18, 2026",
                     'href="/corrections/"', "mailto:tips@example.org",
                     'href="/tags/cuba/"', 'href="/claims/check-in-arrests/"']:
        assert expected in html, expected


def test_draft_claims_are_left_out_unless_asked(tmp_path):
    site = copy_example(tmp_path / "site")
    draft = site / "content/claims/paperwork-glitch.yaml"
    draft.write_text(draft.read_text() + "draft: true\n")
    for path in site.glob("content/**/*"):  # nothing may link to it while it is a draft
        if path.is_file() and path != draft:
            path.write_text(path.read_text().replace("[[paperwork-glitch]]", "the glitch")
                            .replace("[#paperwork-glitch.pulled]", "one person")
                            .replace("related: [120-cubans-one-flight]", ""))
    out = tmp_path / "public"
    build_site(site, out)
    assert not (out / "claims/paperwork-glitch/index.html").exists()
    build_site(site, out, drafts=True)
    assert (out / "claims/paperwork-glitch/index.html").exists()


def test_two_builds_are_byte_identical(tmp_path):
    """Every page and file we make; Pagefind's search index (and the manifest that lists
    its files) is not byte-stable between runs, as docs/search.md says."""
    site = copy_example(tmp_path / "site")
    first, second = tmp_path / "one", tmp_path / "two"
    build_site(site, first)
    build_site(site, second, cache=False)

    def ours(folder):
        return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()
                      and "pagefind" not in p.parts and p.name != ".factsite-manifest.json")

    files = ours(first)
    assert files == ours(second) and len(files) > 50
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_a_no_change_rebuild_writes_nothing(tmp_path):
    site = copy_example(tmp_path / "site")
    build_site(site, tmp_path / "out")
    again = build_site(site, tmp_path / "out")
    assert again.report.written == [] and again.report.deleted == []


def test_check_writes_nothing_but_its_cache(tmp_path):
    site = copy_example(tmp_path / "site")

    def files():
        return {p: p.read_bytes() for p in site.rglob("*")
                if p.is_file() and ".cache" not in p.parts}

    before = files()
    result = factsite.build.build(Options(site_dir=site, write=False))
    assert result.ok
    assert files() == before
    assert not (site / "public").exists()


def test_readers_see_why_a_source_has_no_address_and_no_stored_copy(example_public):
    page = (example_public / "sources/us-cuba-joint-statement/index.html").read_text()
    assert ('<span class="no-link">No web address: the report this example is built from '
            'gives no address for it</span>') in page
    assert "Not online" not in page
    assert ("We hold no copy of this source: what this site says about its terms comes from "
            "the VICE News report.") in page
    claim = (example_public / "claims/ice-no-lawful-basis/index.html").read_text()
    assert ('<p class="unchecked">Not checked against a stored copy: the desk knows it only '
            'as the VICE News report quotes it</p>') in claim
    assert "No web address: a statement given to VICE News" in claim
    for path in example_public.rglob("*.html"):
        assert "Not online" not in path.read_text(), path
