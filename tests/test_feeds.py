"""The Atom feeds as feed readers read them (feedparser), the sitemap as crawlers read it
(an XML parser), robots.txt as robots read it (urllib.robotparser), and every link they
publish followed on a real HTTP server on loopback."""

import datetime as dt
import json
import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import feedparser
from conftest import ROOT, build_site, copy_example, page_links, site_index
from readers import (
    built_pages,
    claims_yaml,
    fetch,
    is_noindex,
    is_redirect,
    modified,
    read_yaml,
    serve,
)

from factsite.build import Options, build
from factsite.render import feeds

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLES = sorted(p.stem for p in (ROOT / "content/articles").glob("*.md"))


def parse_feed(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def day(struct_time):
    return dt.date(*struct_time[:3]).isoformat()


# ---- /feed.xml ------------------------------------------------------------------------------


def test_the_feed_has_every_claim_and_article_newest_first_with_working_links(example_public):
    feed = parse_feed(example_public / "feed.xml")
    claims = claims_yaml(ROOT)
    expected = {f"https://example.org/claims/{c}/" for c in claims} | \
        {f"https://example.org/articles/{a}/" for a in ARTICLES}
    links = [e.link for e in feed.entries]
    assert sorted(links) == sorted(expected)
    assert len({e.id for e in feed.entries}) == len(links), "entry ids are unique"
    published = [day(e.published_parsed) for e in feed.entries]
    assert published == sorted(published, reverse=True), "newest first"
    for entry in feed.entries:
        assert entry.title and entry.summary
    with serve(example_public) as server:
        for link in links:
            assert fetch(link, server) == (200, "text/html"), link
    assert feed.feed.title == "Example Fact Desk"
    assert feed.feed.links[0].href == "https://example.org/feed.xml"
    assert day(feed.feed.updated_parsed) == max(
        [modified(c) for c in claims.values()] +
        [read_yaml(ROOT / f"content/articles/{a}.md")["date"] for a in ARTICLES])


def test_each_claim_entry_says_its_verdict_and_dates(example_public):
    feed = parse_feed(example_public / "feed.xml")
    ratings = {r["id"]: r["label"] for r in read_yaml(ROOT / "site.yaml")["ratings"]}
    for claim_id, claim in claims_yaml(ROOT).items():
        (entry,) = [e for e in feed.entries if e.link.endswith(f"/claims/{claim_id}/")]
        written = " ".join((claim.get("short") or claim["claim"]).split())
        assert entry.title == written.replace("'", "\u2019").replace(' "', " \u201c") \
            .replace('"', "\u201d"), "the title as the page shows it, with typographic quotes"
        assert entry.summary.startswith(f"Our verdict: {ratings[claim['rating']]}.")
        assert day(entry.published_parsed) == claim["published"]
        assert day(entry.updated_parsed) == modified(claim)
        assert ratings[claim["rating"]] in [t.label for t in entry.tags]


def test_a_new_correction_updates_the_entry_and_tops_the_corrections_feed(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/120-cubans-one-flight.yaml"
    claim.write_text(claim.read_text() + "corrections:\n  - date: 2026-11-25\n"
                     "    kind: correction\n"
                     "    text: An earlier version gave the wrong day of the flight.\n")
    out = tmp_path / "public"
    build_site(site, out)
    feed = parse_feed(out / "feed.xml")
    (entry,) = [e for e in feed.entries if e.link.endswith("/claims/120-cubans-one-flight/")]
    assert day(entry.published_parsed) == "2026-11-16"
    assert day(entry.updated_parsed) == "2026-11-25"
    assert day(feed.feed.updated_parsed) == "2026-11-25"
    corrections = parse_feed(out / "corrections/feed.xml")
    first = corrections.entries[0]
    assert first.title == "Correction: ICE put 120 Cubans on one flight from New Orleans to Havana"
    assert first.summary == "An earlier version gave the wrong day of the flight."
    assert day(first.updated_parsed) == "2026-11-25"
    assert first.link == "https://example.org/claims/120-cubans-one-flight/#corrections"


def test_the_corrections_feed_has_every_correction(example_public):
    corrections = [(c_id, c) for c_id, claim in claims_yaml(ROOT).items()
                   for c in claim.get("corrections", [])]
    feed = parse_feed(example_public / "corrections/feed.xml")
    assert len(feed.entries) == len(corrections) >= 1
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    with serve(example_public) as server:
        for entry in feed.entries:
            assert fetch(entry.link, server)[0] == 200
            page = example_public / entry.link.split("https://example.org/")[1].split("#")[0]
            assert 'id="corrections"' in (page / "index.html").read_text()


def test_a_feed_carries_the_latest_entries_only(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 3)
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    build_site(site, out)
    entries = parse_feed(out / "feed.xml").entries
    published = {f"https://example.org/claims/{c}/": claim["published"]
                 for c, claim in claims_yaml(site).items()}
    published |= {f"https://example.org/articles/{a}/":
                  read_yaml(site / f"content/articles/{a}.md")["date"] for a in ARTICLES}
    kept = {e.link for e in entries}
    assert len(kept) == 3
    left_out = set(published) - kept
    assert min(published[u] for u in kept) >= max(published[u] for u in left_out)


def test_feeds_under_a_sub_path(tmp_path):
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    out = tmp_path / "www/cuba"
    build_site(site, out)
    feed = parse_feed(out / "feed.xml")
    assert feed.feed.links[0].href == "https://example.org/cuba/feed.xml"
    with serve(tmp_path / "www") as server:
        for entry in feed.entries:
            assert entry.link.startswith("https://example.org/cuba/")
            assert fetch(entry.link, server) == (200, "text/html"), entry.link


# ---- sitemap -------------------------------------------------------------------------------


def sitemap_locs(out, root_url):
    """loc → lastmod, from sitemap.xml, following a sitemap index when it is one."""
    root = ET.parse(out / "sitemap.xml").getroot()
    if root.tag == f"{SM}sitemapindex":
        urls = {}
        for entry in root.findall(f"{SM}sitemap"):
            loc = entry.findtext(f"{SM}loc")
            assert loc.startswith(root_url)
            urls |= sitemap_locs_of(out / loc[len(root_url):])
        return urls
    assert root.tag == f"{SM}urlset"
    return sitemap_locs_of(out / "sitemap.xml")


def sitemap_locs_of(path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SM}urlset"
    return {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")}


def indexable(out, root_url):
    return {url for url, page in built_pages(out, root_url).items()
            if page.name != "404.html" and not is_redirect(page) and not is_noindex(page)}


def test_the_sitemap_lists_exactly_the_built_pages(tmp_path):
    """Redirects (an alias, listing page 1), the 404 page and the claims' embeds are built
    but not listed."""
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "aliases: [/2019/04/glitch/]\n")
    text = (site / "site.yaml").read_text()
    (site / "site.yaml").write_text(text.replace("per_page: 50", "per_page: 4"))
    about = site / "content/pages/about.md"
    about.write_text(about.read_text().replace("title:", "date: 2026-11-22\ntitle:", 1))
    out = tmp_path / "public"
    build_site(site, out)
    assert (out / "2019/04/glitch/index.html").is_file() and (out / "claims/page/2/").is_dir()
    locs = sitemap_locs(out, "https://example.org/")
    assert set(locs) == indexable(out, "https://example.org/")
    assert "https://example.org/claims/page/2/" in locs
    assert "https://example.org/2019/04/glitch/" not in locs
    assert "https://example.org/claims/page/1/" not in locs
    claims = claims_yaml(site)
    for claim_id in claims:  # the latest date of the claims the page shows
        shown = {u.split("/")[2] for u in page_links(out / f"claims/{claim_id}/index.html").links
                 if u.startswith("/claims/") and u.count("/") == 3}
        latest = max(modified(claims[c]) for c in shown | {claim_id})
        assert locs[f"https://example.org/claims/{claim_id}/"] == latest
    assert locs["https://example.org/"] == max(
        [modified(c) for c in claims.values()] + ["2026-11-21"])  # the article's date
    assert locs["https://example.org/about/"] == "2026-11-22", "a page's own date"
    assert locs["https://example.org/corrections-policy/"] is None, "no date, none made up"
    with serve(out) as server:
        for loc in locs:
            assert fetch(loc, server)[0] == 200, loc


def test_past_the_limit_the_sitemap_is_an_index_of_sitemaps(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 10)
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    out = tmp_path / "www/cuba"
    build_site(site, out)
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SM}sitemapindex"
    parts = [e.findtext(f"{SM}loc") for e in root.findall(f"{SM}sitemap")]
    pages = indexable(out, "https://example.org/cuba/")
    assert len(parts) == -(-len(pages) // 10) >= 2
    assert parts[0] == "https://example.org/cuba/sitemap-1.xml"
    for part in parts:
        assert len(sitemap_locs_of(out / part.rsplit("/", 1)[1])) <= 10
    assert set(sitemap_locs(out, "https://example.org/cuba/")) == pages
    with serve(tmp_path / "www") as server:
        for part in parts:
            assert fetch(part, server)[0] == 200


def test_one_sitemap_up_to_the_limit(monkeypatch):
    def sitemaps():
        _, plan = site_index(ROOT)
        return {path for path, o in plan.outputs.items() if o.kind == "sitemap"}, plan

    _, plan = sitemaps()
    pages = sum(1 for path, o in plan.outputs.items()
                if path.endswith(".html") and o.kind not in ("redirect", "404", "embed"))
    monkeypatch.setattr(feeds, "SITEMAP_URLS", pages)
    assert sitemaps()[0] == {"sitemap.xml"}
    monkeypatch.setattr(feeds, "SITEMAP_URLS", pages - 1)
    assert sitemaps()[0] == {"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"}


# ---- robots.txt ------------------------------------------------------------------------------


def robots(out):
    parser = RobotFileParser()
    parser.parse((out / "robots.txt").read_text().splitlines())
    return parser


def test_robots_txt_points_to_the_sitemap_and_allows_everything(example_public):
    parser = robots(example_public)
    assert parser.site_maps() == ["https://example.org/sitemap.xml"]
    assert parser.can_fetch("Googlebot", "https://example.org/claims/paperwork-glitch/")


def test_a_preview_build_with_drafts_keeps_crawlers_out(tmp_path):
    site = copy_example(tmp_path / "site")
    build_site(site, tmp_path / "preview", drafts=True)
    parser = robots(tmp_path / "preview")
    assert not parser.can_fetch("Googlebot", "https://example.org/claims/paperwork-glitch/")
    assert parser.site_maps() is None


def test_a_site_may_bring_its_own_robots_txt_but_not_its_own_feed(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "static").mkdir(exist_ok=True)
    (site / "static/robots.txt").write_text("User-agent: GPTBot\nDisallow: /\n")
    build_site(site, tmp_path / "out")
    assert (tmp_path / "out/robots.txt").read_text() == "User-agent: GPTBot\nDisallow: /\n"
    (site / "static/feed.xml").write_text("<feed/>")
    result = build(Options(site_dir=site, out_dir=tmp_path / "out"))
    errors = [str(d) for d in result.diagnostics if d.is_error]
    assert len(errors) == 1 and errors[0].endswith(
        "static/feed.xml:1:1: error: the site makes /feed.xml (the Atom feed) itself: "
        "rename or remove this file")
    assert (tmp_path / "out/feed.xml").read_text().startswith("<?xml"), "nothing written"


def test_an_old_address_may_not_hide_a_generated_file(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "aliases: [/sitemap.xml/]\n")
    result = build(Options(site_dir=site, out_dir=tmp_path / "out"))
    (error,) = [d for d in result.diagnostics if d.is_error]
    assert error.pos.path.endswith("paperwork-glitch.yaml") and error.pos.line > 1
    assert "would hide /sitemap.xml (the sitemap)" in error.message


def test_a_retraction_is_said_first_in_the_feed_and_flagged_in_the_data(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "corrections:\n  - date: 2026-11-24\n"
                     "    kind: retraction\n    text: The account could not be confirmed.\n")
    out = tmp_path / "public"
    build_site(site, out)
    (entry,) = [e for e in parse_feed(out / "feed.xml").entries
                if e.link.endswith("/claims/paperwork-glitch/")]
    assert entry.summary.startswith("This fact-check has been retracted. Our verdict:")
    first = parse_feed(out / "corrections/feed.xml").entries[0]
    assert first.title.startswith("Retraction: ")
    data = json.loads((out / "claims.json").read_text())
    assert [c["retracted"] for c in data["claims"] if c["id"] == "paperwork-glitch"] == [True]
