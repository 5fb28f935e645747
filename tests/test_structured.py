"""What machines read in each page's head, read the way they read it: ClaimReview JSON-LD
through extruct (as search engines extract it), Open Graph through extruct, the rest of the
head with an HTML parser. The expected values come from the YAML, read independently."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import extruct
from conftest import ROOT, build_site, copy_example, edit, spanish_only
from readers import (
    built_pages,
    claimant_yaml,
    claims_yaml,
    is_redirect,
    modified,
    site_yaml,
    text_of,
)

CLAIM_REVIEW_KEYS = {"@context", "@type", "url", "claimReviewed", "reviewRating", "itemReviewed",
                     "author", "publisher", "datePublished", "dateModified"}



def json_ld(page, url):
    return extruct.extract(page.read_text("utf-8"), base_url=url, syntaxes=["json-ld"])["json-ld"]


def claim_review(page, url):
    """The page's one ClaimReview (the test fails if there are none or several)."""
    items = json_ld(page, url)
    reviews = [i for i in items if i.get("@type") == "ClaimReview"]
    assert len(reviews) == 1, f"{page}: {len(reviews)} ClaimReviews"
    assert page.read_text().count('<script type="application/ld+json">') == 1
    return reviews[0]


class Head(HTMLParser):
    """<html lang>, and every meta and link of the head."""

    def __init__(self, html):
        super().__init__()
        self.lang = None
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.feed_link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a.get("property")] = a.get("content")
        elif tag == "link" and a.get("rel") == "canonical":
            self.links["canonical"] = a["href"]
        elif tag == "link" and a.get("type") == "application/atom+xml":
            self.feed_link = a["href"]


AS_TYPED = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")


def check_claim_pages(site, out, root_url):
    """Every claim page: one ClaimReview agreeing with the YAML and with the visible page."""
    config = site_yaml(site)
    ratings = {r["id"]: r for r in config["ratings"]}
    best = max(float(r["value"]) for r in config["ratings"] if r.get("on_scale") != "false")
    claims = claims_yaml(site)
    assert claims
    for claim_id, claim in claims.items():
        url = f"{root_url}claims/{claim_id}/"
        page = out / f"claims/{claim_id}/index.html"
        html = page.read_text()
        review = claim_review(page, url)
        assert set(review) >= CLAIM_REVIEW_KEYS, claim_id
        assert review["@context"] in ("https://schema.org", "http://schema.org")
        # the claim, as the heading shows it: the short form when there is one
        heading = " ".join((claim.get("short") or claim["claim"]).split())
        assert review["claimReviewed"] == heading
        shown = text_of(html, r"<h1>(.*?)</h1>")  # (with typographic quotes and dashes)
        assert shown.translate(AS_TYPED).replace("\u2014", "---").replace("\u2013", "--") \
            .replace("\u2026", "...") == heading
        assert review["claimReviewed"] != ratings[claim["rating"]]["label"]
        # the verdict: its words always, its number on the scale
        rating = ratings[claim["rating"]]
        verdict = review["reviewRating"]
        assert verdict["@type"] == "Rating"
        assert verdict["alternateName"] == rating["label"]
        assert 'class="badge"' in html and f">{rating['label']}</a>" in html
        if rating.get("on_scale") == "false":
            assert not {"ratingValue", "bestRating", "worstRating"} & set(verdict), claim_id
        else:
            assert verdict["ratingValue"] == float(rating["value"])
            assert verdict["bestRating"] == best and verdict["worstRating"] == 1
            shown = text_of(html, r'<span class="scale">(.*?)</span>')
            assert shown == f"{float(rating['value']):g} of {best:g} on our scale"
        # the claim reviewed, and who made it
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        record = claimant_yaml(site, claim["claimant"])
        author = item["author"]
        if record:
            assert author["name"] == record["name"]
            kind = "Organization" if record.get("kind") == "organization" else "Person"
            assert author["@type"] == kind
            assert author.get("sameAs") == record.get("same_as")
        else:
            assert author == {"@type": "Person", "name": claim["claimant"]}
        check_appearances(site, claim, item)
        # the verdict explained: the summary as plain text, as the page's description
        described = Head(html).meta["description"]  # (set typographically)
        assert verdict["ratingExplanation"].translate(AS_TYPED) == described.translate(AS_TYPED)
        # who publishes it, where, and when
        # (the desk, as a NewsMediaOrganization named by its @id: the home page describes
        # it in full, tests/test_transparency.py)
        assert review["author"] == review["publisher"]
        assert review["author"]["@type"] == "NewsMediaOrganization"
        assert review["author"]["@id"] == root_url + "#organization"
        assert review["author"]["name"] == config["publisher"]["name"]
        assert review["url"] == url == Head(html).links["canonical"]
        assert review["datePublished"] == claim["published"]
        assert review["dateModified"] == modified(claim)
    return claims


def claimant_name(site, written):
    """A claimant as the YAML writes it (an id of a claimant file, or a name) → its name."""
    record = claimant_yaml(site, written)
    return record["name"] if record else written


def check_appearances(site, claim, item):
    """Every appearance the YAML declares is in `appearance`, as a CreativeWork with its
    url, name, date, author and archived copy; the earliest is `firstAppearance`, and its
    date the claim's."""
    places = claim.get("appearances") or ([claim["appeared"]] if "appeared" in claim else [])
    works = item.get("appearance", [])
    assert isinstance(works, list) and len(works) == len(places)
    shown = []
    for place in places:
        expected = {"@type": "CreativeWork",
                    "author": {"name": claimant_name(site, place.get("claimant")
                                                     or claim["claimant"])}}
        for key, name in (("url", "url"), ("where", "name"), ("date", "datePublished"),
                          ("archived", "archivedAt")):
            if place.get(key):
                expected[name] = place[key]
        found = [w for w in works if {**w, "author": {"name": w["author"]["name"]}}
                 == expected]
        assert len(found) == 1, (place, works)
        assert found[0]["author"]["@type"] in ("Person", "Organization")
        shown.append(found[0])
    if not places:
        assert "firstAppearance" not in item and "datePublished" not in item
        return
    dated = [p for p in places if p.get("date")]
    first = shown[places.index(min(dated, key=lambda p: p["date"]) if dated else places[0])]
    assert item["firstAppearance"] == first
    assert item.get("datePublished") == first.get("datePublished")


def test_each_claim_page_has_one_claim_review_that_matches_its_yaml(example_public):
    claims = check_claim_pages(ROOT, example_public, "https://example.org/")
    assert len(claims) >= 7
    off_scale = [c for c in claims.values() if c["rating"] == "unverifiable"]
    assert off_scale, "the example has off-scale verdicts, checked above"


def test_no_other_page_claims_to_review_a_claim(example_public):
    for url, page in built_pages(example_public, "https://example.org/").items():
        if re.search(r"^https://example.org/([a-z]{2}/)?claims/[^/]+/$", url):
            continue  # (a claim's page, in its languages)
        assert all(i.get("@type") != "ClaimReview" for i in json_ld(page, url)), url


def test_claimants_dates_appearances_and_scales_follow_the_yaml(tmp_path):
    """What the example does not have: a claimant's sameAs, appearances with URLs, dates,
    an archived copy and a claimant named only by name, a scale that is not numbered 1 to
    n, a sub-path."""
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    (site / "content/claimants/miami-herald.yaml").write_text(
        "name: Miami Herald\nkind: organization\nsame_as: https://www.wikidata.org/wiki/Q1\n"
        "url: https://www.miamiherald.com/\n")
    (site / "content/claimants/a-spokesperson.yaml").write_text("name: A. Spokesperson\n"
                                                                 "kind: person\n")
    edit(site / "content/claims/120-cubans-one-flight.yaml",
         "    claimant: miami-herald\n",
         "    claimant: miami-herald\n    url: https://example.net/herald-report\n"
         "    date: 2026-11-14\n    archived: https://web.archive.org/web/2026/"
         "https://example.net/herald-report\n    archived_on: 2026-11-15\n")
    edit(site / "content/claims/120-cubans-one-flight.yaml",
         "    source: vice-report\nrating:",
         "    source: vice-report\n"
         "    url: https://example.net/vice-report\n    date: 2026-11-13\n"
         "  - url: https://example.net/a-blog-post\n    claimant: A. Blogger\nrating:")
    edit(site / "content/claims/ice-no-lawful-basis.yaml", "claimant: ice",
         "claimant: a-spokesperson")
    for old, new in (("value: 5", "value: 10"), ("value: 4", "value: 8"),
                     ("value: 3", "value: 5"), ("value: 2", "value: 3")):
        edit(site / "site.yaml", old, new)
    out = tmp_path / "public"
    build_site(site, out)
    check_claim_pages(site, out, "https://example.org/cuba/")
    review = claim_review(out / "claims/120-cubans-one-flight/index.html",
                          "https://example.org/cuba/claims/120-cubans-one-flight/")
    item = review["itemReviewed"]
    assert [w.get("url") for w in item["appearance"]] == [
        "https://example.net/herald-report", "https://example.net/vice-report",
        "https://example.net/a-blog-post"]
    herald, vice, blog = item["appearance"]
    assert item["firstAppearance"] == vice and item["datePublished"] == "2026-11-13"
    assert herald["archivedAt"] == "https://web.archive.org/web/2026/" \
        "https://example.net/herald-report"
    assert herald["author"] == {"@type": "Organization", "name": "Miami Herald",
                                "url": "https://www.miamiherald.com/",
                                "sameAs": "https://www.wikidata.org/wiki/Q1"}
    assert vice["author"]["name"] == item["author"]["name"] == "VICE News"
    assert blog["author"] == {"@type": "Person", "name": "A. Blogger"}
    assert "archivedAt" not in vice and "datePublished" not in blog
    assert review["reviewRating"]["bestRating"] == 10
    assert review["reviewRating"]["ratingExplanation"].startswith(
        "The count of 120 people on one flight comes from the Miami Herald’s reporting")
    assert review["url"] == "https://example.org/cuba/claims/120-cubans-one-flight/"
    glitch = claim_review(out / "claims/paperwork-glitch/index.html", review["url"])
    assert glitch["itemReviewed"]["author"]["sameAs"] == "https://www.wikidata.org/wiki/Q1"
    spokesperson = claim_review(out / "claims/ice-no-lawful-basis/index.html", review["url"])
    assert spokesperson["itemReviewed"]["author"]["@type"] == "Person"


def test_content_cannot_break_out_of_the_json_ld(tmp_path):
    site = copy_example(tmp_path / "site")
    hostile = "</script><!--<script>alert(1)</script>' & \"x\" </SCRIPT >"
    edit(site / "content/claims/paperwork-glitch.yaml",
         'short: One more deportee was pulled from the flight over a "paperwork glitch"',
         "short: '" + hostile.replace("'", "''") + "'")
    (site / "content/claimants/miami-herald.yaml").write_text(
        "name: 'Herald <!-- </script> -->'\nkind: organization\n")
    out = tmp_path / "public"
    build_site(site, out)
    page = out / "claims/paperwork-glitch/index.html"
    html = page.read_text()
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 2, "no script element but the JSON-LD and the theme's own"
    assert re.fullmatch(r'<script src="/assets/site\.js\?v=\w+" defer>', scripts[1])
    body = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body, body
    review = claim_review(page, "https://example.org/claims/paperwork-glitch/")
    assert review["claimReviewed"] == hostile
    assert review["itemReviewed"]["author"]["name"] == "Herald <!-- </script> -->"


def test_the_json_ld_is_byte_identical_across_builds(tmp_path):
    site = copy_example(tmp_path / "site")
    build_site(site, tmp_path / "a")
    build_site(site, tmp_path / "b")
    pattern = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
    for claim in claims_yaml(site):
        rel = f"claims/{claim}/index.html"
        one = pattern.findall((tmp_path / "a" / rel).read_text())
        assert one == pattern.findall((tmp_path / "b" / rel).read_text()) and len(one) == 1


# ---- head tags on every page ---------------------------------------------------------------


def check_heads(out, root_url, language="en", image=None):
    pages = built_pages(out, root_url)
    assert len(pages) > 40
    for url, page in pages.items():
        html = page.read_text()
        head = Head(html)
        og = extruct.extract(html, base_url=url, syntaxes=["opengraph"],
                             uniform=True)["opengraph"]
        assert len(og) == 1, url
        og = og[0]
        canonical = head.links["canonical"]
        # (another language's edition, under /<code>/: its pages are in that language)
        lang = url[len(root_url):].split("/")[0] if re.match(
            re.escape(root_url) + r"[a-z]{2}(-[A-Za-z]+)?/", url) else language
        assert head.lang == lang, url
        assert canonical.startswith(root_url), url
        if url.endswith("/embed/"):  # a claim's embed: the claim's page is the one to index
            assert canonical == url.removesuffix("embed/"), url
        elif not is_redirect(page) and page.name != "404.html":
            assert canonical == url, url
        for key in ("og:title", "og:description", "og:url", "og:site_name", "og:locale"):
            assert og.get(key), (url, key)
        assert og["og:url"] == canonical
        assert og["og:locale"].startswith(lang + "_")
        assert head.meta["description"] and head.meta["description"] == og["og:description"]
        assert head.meta["twitter:title"] == og["og:title"]
        assert head.meta["twitter:description"] == og["og:description"]
        if re.fullmatch(re.escape(root_url) + r"([a-z]{2}/)?claims/[^/]+/", canonical):
            # a claim (or an old address of one): its own share image, in a large card
            shared = canonical + "share.png"
            assert head.meta["twitter:card"] == "summary_large_image", url
            assert og.get("og:image") == shared and head.meta["twitter:image"] == shared, url
            assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
            assert head.meta["og:image:alt"] == head.meta["twitter:image:alt"], url
        else:
            assert head.meta["twitter:card"] == "summary", url
            assert og.get("og:image") == image and head.meta.get("twitter:image") == image, url
        assert head.feed_link == urlsplit(root_url).path + (
            "" if lang == language else f"{lang}/") + "feed.xml"  # (its language's feed)
    return pages


def test_every_page_has_canonical_description_open_graph_and_twitter_tags(example_public):
    pages = check_heads(example_public, "https://example.org/")
    claim = Head(pages["https://example.org/claims/120-cubans-one-flight/"].read_text())
    assert claim.meta["og:title"] == "ICE put 120 Cubans on one flight from New Orleans to Havana"
    assert claim.meta["og:type"] == "article"
    assert claim.meta["article:published_time"] == "2026-11-16"
    assert Head(pages["https://example.org/"].read_text()).meta["og:type"] == "website"


def test_head_tags_with_a_logo_a_sub_path_an_alias_and_another_language(tmp_path):
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    edit(site / "site.yaml", "  url: https://example.org/\n",
         "  url: https://example.org/\n  logo: /img/logo.png\n")
    spanish_only(site)
    (site / "static/img").mkdir(parents=True)
    (site / "static/img/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "aliases: [/2019/04/glitch/]\n")
    out = tmp_path / "www/cuba"
    build_site(site, out)
    logo = "https://example.org/cuba/img/logo.png"
    pages = check_heads(out, "https://example.org/cuba/", language="es", image=logo)
    assert (out / "img/logo.png").is_file(), "the image the tags name is published"
    old = Head(pages["https://example.org/cuba/2019/04/glitch/"].read_text())
    new = Head(pages["https://example.org/cuba/claims/paperwork-glitch/"].read_text())
    assert old.meta["og:url"] == new.meta["og:url"] == old.links["canonical"]
    assert old.meta["og:title"] == new.meta["og:title"], "a shared old link shows the new card"
    assert old.meta["og:locale"] == "es_ES"
    assert new.feed_link == "/cuba/feed.xml"
    review = claim_review(out / "claims/paperwork-glitch/index.html", new.meta["og:url"])
    assert review["author"]["logo"] == logo
