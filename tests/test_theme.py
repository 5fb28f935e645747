"""The default theme as readers meet it: accessible (axe-core, WCAG 2.x A and AA, light and
dark), readable without JavaScript, printable with its sources' addresses, light on the
wire with no third-party requests, searchable (Pagefind), and in the site's language."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import NODE_MODULES, ROOT, build_site, copy_example, require, spanish_only
from readers import serve

from factsite.build import Options, build

BROWSER = ROOT / "tests/browser"
ARTIFACTS = ROOT / "test-artifacts/screenshots"
CLAIM = "claims/37000-cubans-with-deportation-orders/"
PAGES = ["", CLAIM, "sources/vice-report/", "claimants/vice-news/", "tags/cuba/",
         "articles/what-we-know-about-the-havana-flight/", "search/", "search/?q=Havana",
         "methodology/", "ratings/"]


def need_browser():
    require("node", "install Node.js")
    require(NODE_MODULES / "playwright-core", "run `make test` (npm ci) to install it")
    require(NODE_MODULES / "axe-core", "run `make test` (npm ci) to install it")
    require("/usr/bin/chromium", "sudo apt-get install chromium")


def node(script, *args):
    done = subprocess.run(["node", str(BROWSER / script), *args], capture_output=True,
                          text=True, timeout=300)
    result = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    assert done.returncode == 0 and result.get("ok"), (done.stdout[-2000:], done.stderr[-2000:])
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The example, with a source that is online and archived (for the print test)."""
    root = tmp_path_factory.mktemp("theme")
    site = copy_example(root / "site")
    source = site / "content/sources/vice-report.yaml"
    text = re.sub(r"no_url: >-\n(  .*\n)+", "", source.read_text())  # (online, now)
    assert "no_url" not in text
    source.write_text(text + "url: https://example.org/vice-report\n"
                      "archived: https://web.archive.org/web/2026/https://example.org/"
                      "vice-report\narchived_on: 2026-11-21\n")
    out = root / "public"
    build_site(site, out)
    with serve(out) as url:
        yield out, url


def test_no_wcag_a_or_aa_violations_in_either_scheme(site):
    need_browser()
    _out, url = site
    result = node("readers.mjs", url, str(ARTIFACTS), *PAGES)
    audited = [p for p in result["pages"] if "violations" in p]
    assert len(audited) == 2 * len(PAGES)
    failures = {(p["path"], p["scheme"]): p["violations"] for p in audited if p["violations"]}
    assert failures == {}
    assert {r.split("/")[2] for r in result["requests"]} == {url.split("/")[2]}, \
        "no third-party requests: no CDN, font, tracker"
    shots = [p for p in result["pages"] if "screenshot" in p]
    assert len(shots) == 8 and all(Path(p["screenshot"]).stat().st_size > 5000 for p in shots)
    assert all(p["overflow"] <= 0 for p in shots), "no sideways scrolling on a phone"


def test_axe_does_find_what_it_looks_for(tmp_path):
    """A canary: a page with known violations must be reported, so a run that checks
    nothing cannot pass."""
    need_browser()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><title>x</title></head><body><img src="a.png">'
        '<p style="color:#ccc;background:#fff">faint</p><a href="/x"></a></body></html>')
    with serve(tmp_path) as url:
        result = node("readers.mjs", url, str(tmp_path / "shots"), "", "claims/")
    found = {v["id"] for p in result["pages"] if p.get("violations")
             for v in p["violations"]}
    assert {"image-alt", "color-contrast", "link-name", "html-has-lang"} <= found


def test_pages_read_without_javascript_and_print_their_sources(site):
    need_browser()
    _out, url = site
    result = node("plain.mjs", url, CLAIM, "search/", "claims/check-in-arrests/")
    claim, search, other = result["pages"]
    for expected in ("There are more than 37,000 Cubans", "Unverifiable", "our verdict",
                     "more than 37,000 Cubans", "Sources"):
        assert expected.lower() in claim["text"].lower(), expected
    assert "Search needs JavaScript" in search["text"]
    assert '" <https://example.org/vice-report>"' in other["printed"], other["printed"]
    assert set(claim["hidden"]) == {"none"}, "no site menu or search box on paper"


def test_a_claim_page_weighs_under_50_kb_with_its_css(site):
    out, _ = site
    html = (out / CLAIM / "index.html").read_bytes()
    css = [out / "assets" / m for m in re.findall(r'assets/([\w.-]+\.css)', html.decode())]
    total = len(html) + sum(len(p.read_bytes()) for p in css)
    assert css and total < 50_000, total
    assert b"fonts.googleapis" not in html and b"@font-face" not in css[0].read_bytes()


def test_search_finds_the_flight(site):
    need_browser()
    _, url = site
    result = node("search.mjs", url + "search/", "Havana")
    hrefs = [r["href"] for r in result["results"]]
    assert "/claims/120-cubans-one-flight/" in hrefs
    assert {"Rating", "Claimed by", "Topic"} <= set(result["indexFilters"])
    assert set(result["filters"]) <= set(result["indexFilters"]) and result["filters"]


def test_search_false_leaves_search_out(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: false\n")
    out = tmp_path / "public"
    build_site(site, out)
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    assert 'role="search"' not in (out / "index.html").read_text()


def test_the_index_is_made_again_only_when_a_page_changed(tmp_path):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    first = build_site(site, out)
    assert first.search_seconds > 0 and (out / "pagefind/pagefind-entry.json").is_file()
    entry = (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns
    assert build(Options(site_dir=site, out_dir=out)).search_seconds == 0
    assert build(Options(site_dir=site, out_dir=out, cache=False)).search_seconds == 0
    assert (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns == entry
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text().replace("Neither names", "Nobody names"))
    assert build_site(site, out).search_seconds > 0


def test_the_pages_stay_byte_identical_whatever_the_index_does(tmp_path):
    site = copy_example(tmp_path / "site")
    one, two = tmp_path / "one", tmp_path / "two"
    build_site(site, one)
    shutil.rmtree(site / ".cache")
    build_site(site, two)
    pages = sorted(p.relative_to(one) for p in one.rglob("*")
                   if (p.is_file() and "pagefind" not in p.parts and p.suffix != ".json")
                   or p.name == "claims.json")
    for rel in pages:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def english_interface() -> set[str]:
    """Every English interface string that Spanish says differently."""
    strings = ROOT / "factsite/theme/strings"
    en = yaml.safe_load((strings / "en.yaml").read_text())
    es = yaml.safe_load((strings / "es.yaml").read_text())
    out = set()
    for key, value in en.items():
        values = value.values() if isinstance(value, dict) else [value]
        spanish = es[key].values() if isinstance(es[key], dict) else [es[key]]
        for text in values:
            if text not in spanish:
                out |= {part.strip(" :.") for part in text.split("{}") if len(part.strip()) > 3}
    return out


def test_a_spanish_site_shows_no_english_interface_text(tmp_path):
    site = copy_example(tmp_path / "site")
    spanish_only(site)
    content = {p.read_text() for p in (site / "content").rglob("*") if p.is_file()}
    out = tmp_path / "public"
    build_site(site, out)
    english = {s for s in english_interface() if not any(s in c for c in content)}
    assert len(english) > 60
    for page in out.rglob("*.html"):
        html = page.read_text()
        visible = re.sub(r"<script.*?</script>", "", html, flags=re.S)
        texts = {t.strip() for t in re.split(r"<[^>]+>", visible)} | \
            set(re.findall(r'(?:placeholder|aria-label|title|content)="([^"]*)"', visible))
        leaked = {s for s in english for t in texts if t and (t == s or t.startswith(s + " "))}
        assert not leaked, (page, leaked)
    claim = (out / CLAIM / "index.html").read_text()
    assert "más de 37.000 Cubans" in claim and "18 de noviembre de 2026" in claim
    assert '<html lang="es"' in claim and "Nuestro veredicto" in claim
