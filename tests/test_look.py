"""What a reader meets first: the desk's own look (site.yaml's logo, tagline and accent,
with the accent's contrast checked), the home page, a source's page (checks and articles
apart, each quote once, how many are verified) and a claimant's (the spread of verdicts)."""

import re
import subprocess
import sys
from html import unescape

import yaml
from conftest import ROOT, build_site, copy_example, edit

from factsite.content.colours import DARK, passing_shade, worst
from factsite.render.tallies import distinct_quotes

BUILD = str(ROOT / "build.py")


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html, heading_id):
    """The <section> a heading with this id opens."""
    start = html.index(f'<section aria-labelledby="{heading_id}"')
    return html[start:html.index("</section>", start)]


def check(site, cwd):
    return subprocess.run([sys.executable, BUILD, "check", "--site", str(site)], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


# ---- the desk's look --------------------------------------------------------------------


def test_the_example_shows_its_logo_tagline_and_accent(example_public):
    html = (example_public / "index.html").read_text()
    accent = yaml.safe_load((ROOT / "site.yaml").read_text())["accent"]
    dark = passing_shade(accent, DARK)
    assert worst(dark, DARK)[0] >= 4.5
    assert f'<html lang="en" class="accent" style="--accent: {accent}; --accent-dark: {dark}">' \
        in html
    header = html[html.index('<header class="site-header">'):html.index("</header>")]
    logo = re.search(r'<img class="logo" src="([^"]+)" alt="([^"]+)"', header)
    assert logo and logo[2] == "Example Fact Desk"
    assert logo[1].startswith("/logo.svg?v=")
    assert (example_public / "logo.svg").read_bytes() == (ROOT / "static/logo.svg").read_bytes()
    assert '<p class="tagline">Claims in the news, checked against what the sources say</p>' \
        in header
    css = (ROOT / "factsite/theme/assets/style.css").read_text()
    assert ".accent { --link: var(--accent); }" in css
    assert "@media (prefers-color-scheme: dark) { .accent { --link: var(--accent-dark); } }" \
        in css


def test_a_site_without_a_look_keeps_the_themes(tmp_path):
    site = copy_example(tmp_path / "site")
    for line in ("tagline:", "logo:", "accent:"):
        edit(site / "site.yaml", next(x for x in (site / "site.yaml").read_text().splitlines()
                                      if x.startswith(line)) + "\n", "")
    build_site(site, tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    assert '<html lang="en">' in html
    assert 'class="logo"' not in html and 'class="tagline"' not in html
    assert '<a class="site-title" href="/">Example Fact Desk</a>' in html


def test_an_accent_too_faint_to_read_fails_the_check_at_its_place(tmp_path):
    site = copy_example(tmp_path / "site")
    edit(site / "site.yaml", 'accent: "#0f6b74"', 'accent: "#7fb3ff"')
    line = next(i for i, x in enumerate((site / "site.yaml").read_text().splitlines(), 1)
                if x.startswith("accent:"))
    done = check(site, tmp_path)
    assert done.returncode == 1
    assert f"site.yaml:{line}:9: error: accent #7fb3ff has a contrast of 2.1:1 against the " \
        "white background (#ffffff); WCAG AA needs 4.5:1 for text: try #0065f9" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_logo_that_is_not_in_static_fails_the_check_at_its_place(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "static/logo.svg").unlink()
    line = next(i for i, x in enumerate((site / "site.yaml").read_text().splitlines(), 1)
                if x.startswith("logo:"))
    done = check(site, tmp_path)
    assert done.returncode == 1
    assert f"site.yaml:{line}:7: error: the logo /logo.svg is not in the site's static/ " \
        "folder: put the image at static/logo.svg, or fix the path" in done.stderr


# ---- the home page ------------------------------------------------------------------------


def test_the_home_page_leads_with_the_latest_checks_claim_first(example_public):
    html = (example_public / "index.html").read_text()
    main = html[html.index("<main"):]
    assert main.index('id="latest-heading"') < main.index('id="counts-heading"')
    first = main[main.index('<article class="card latest-card'):]
    first = first[:first.index("</article>")]
    assert first.index('class="card-title"') < first.index('class="badge"'), \
        "the claim comes before its verdict"
    counts = section(html, "counts-heading")
    assert 'class="badge"' not in counts, "the counts are a compact row, not badges"
    assert "Accurate 1 fact-check" in text(counts)
    assert "Unverifiable 5 fact-checks" in text(counts)


# ---- a source's page ------------------------------------------------------------------------


def test_a_source_page_groups_checks_and_articles_apart(example_public):
    html = (example_public / "sources/vice-report/index.html").read_text()
    checks = section(html, "uses-heading")
    articles = section(html, "articles-heading")
    assert "Fact-checks that rely on this source" in checks
    assert "/articles/" not in checks and "article-card" not in checks
    assert "Articles that cite this source" in articles
    assert 'href="/articles/what-we-know-about-the-havana-flight/"' in articles
    assert "/claims/" not in articles


def test_a_source_page_shows_each_quote_once_and_counts_them(example_public):
    html = (example_public / "sources/vice-report/index.html").read_text()
    quotes = re.findall(r'<blockquote class="source-quote"><p>(.*?)</p>', html)
    assert len(quotes) == len(set(quotes))
    assert not [(a, b) for a in quotes for b in quotes if a != b and a in b], \
        "a phrase of a longer quote is not shown again"
    item = next(i for i in html.split("<li") if "/claims/paperwork-glitch/" in i)
    assert item.count("<blockquote") == 1
    assert f"{len(quotes)} of {len(quotes)} quotes from this source are verified against " \
        "the copy we stored on November 16, 2026." in html


def test_each_quote_once_keeps_the_longer_and_what_it_verifies():
    long, part = "There are more than 37,000 Cubans in the U.S.", "more than 37,000 Cubans"
    assert distinct_quotes([(long, True), (part, True), (long, True)]) == [(long, True)]
    assert distinct_quotes([(part, True), (long, True)]) == [(long, True)]
    # a phrase verified inside a longer quote that is not is evidence of its own
    assert distinct_quotes([(long, False), (part, True)]) == [(long, False), (part, True)]
    assert distinct_quotes([("a b", False), ("c", True)]) == [("a b", False), ("c", True)]


# ---- a claimant's page --------------------------------------------------------------------


def _ratings_of(claimant):
    """The verdicts of a claimant's checks, read from the claim files themselves."""
    out = []
    for path in sorted((ROOT / "content/claims").iterdir()):
        if not path.is_file() or "." in path.stem:  # (a translation)
            continue
        raw = path.read_text()
        data = yaml.safe_load(raw.split("---")[1] if path.suffix == ".md" else raw)
        if data["claimant"] == claimant and not data.get("draft"):
            out.append(data["rating"])
    return out


def test_a_claimant_page_charts_the_spread_of_verdicts_with_words(example_public):
    html = (example_public / "claimants/vice-news/index.html").read_text()
    chart = section(html, "spread-heading")
    assert html.index('id="spread-heading"') < html.index("Fact-checks of VICE News")
    assert "<script" not in chart and "<svg" not in chart
    rows = [text(li) for li in re.findall(r"<li class=\"tone-[^\"]+\">(.*?)</li>", chart)]
    site = yaml.safe_load((ROOT / "site.yaml").read_text())
    given = _ratings_of("vice-news")
    scale = [r for r in site["ratings"] if r.get("on_scale", True)]
    off = [r for r in site["ratings"] if not r.get("on_scale", True) and r["id"] in given]
    assert rows == [f"{r['label']} : {given.count(r['id'])}" for r in scale + off]
    assert sum(int(r.rsplit(" ", 1)[1]) for r in rows) == len(given) == 4
    widths = [int(w) for w in re.findall(r'class="spread-bar" style="width: (\d+)%"', chart)]
    counts = [int(r.rsplit(" ", 1)[1]) for r in rows]
    assert widths == [round(100 * c / max(counts)) for c in counts]


def test_a_claimants_chart_counts_every_check_not_only_its_first_pages(tmp_path):
    site = copy_example(tmp_path / "site")
    edit(site / "site.yaml", "per_page: 50", "per_page: 1")
    build_site(site, tmp_path / "out")
    first = (tmp_path / "out/claimants/vice-news/index.html").read_text()
    counts = re.findall(r'<span class="spread-count">(\d+)</span>', first)
    assert sum(map(int, counts)) == len(_ratings_of("vice-news")) == 4
    own = first.split('id="repeats-heading"')[0]  # (the claims it repeated come after)
    assert own.count('class="card"') == 1, "one check per page, as per_page says"
    second = (tmp_path / "out/claimants/vice-news/page/2/index.html").read_text()
    assert "spread-heading" not in second, "the chart is on the first page only"
