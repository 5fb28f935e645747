"""Render: templates, escaping, theme fallback, pages the contract lists."""

import json
import re
import struct
from html import unescape

import favicon
import pytest
from conftest import ROOT, build_site, copy_example, edit, spanish_only

from factsite.build import Options, build


def test_content_is_escaped_everywhere(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    edit(claim, 'short: One more deportee was pulled from the flight over a "paperwork glitch"',
         "short: '<script>alert(1)</script> pulled'")
    edit(claim, "claimant: miami-herald", 'claimant: "<img src=x onerror=alert(1)>"')
    out = tmp_path / "public"
    build_site(site, out)
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "<img src=x" not in html, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in \
        (out / "claims/paperwork-glitch/index.html").read_text()


def test_a_template_syntax_error_names_its_file_and_line(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates/claim.html").write_text("{% extends 'base.html' %}\n"
                                               "{% block main %}\n{% if %}\n{% endblock %}\n")
    result = build(Options(site_dir=site, out_dir=tmp_path / "out"))
    assert not result.ok
    (problem,) = [d for d in result.diagnostics if d.is_error]
    assert problem.pos.path.endswith("templates/claim.html") and problem.pos.line == 3
    assert "template syntax error" in problem.message
    assert not (tmp_path / "out").exists(), "a failed build writes nothing"


def test_an_undefined_variable_names_the_template_line(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("{% extends 'base.html' %}\n{% block main %}\n"
                                             "<p>{{ page.nonsense }}</p>\n{% endblock %}\n")
    result = build(Options(site_dir=site, out_dir=tmp_path / "out"))
    errors = [d for d in result.diagnostics if d.is_error]
    assert len(errors) == 1
    assert errors[0].pos.path.endswith("templates/404.html") and errors[0].pos.line == 3
    assert "nonsense" in errors[0].message and "/404.html" in errors[0].message


def test_a_site_template_overrides_the_theme_and_the_rest_falls_back(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates/about-marker.txt").write_text("ignored")
    (site / "templates/404.html").write_text("{% extends 'base.html' %}{% block main %}"
                                             "<p>Our own 404</p>{% endblock %}")
    out = tmp_path / "out"
    build_site(site, out)
    assert "Our own 404" in (out / "404.html").read_text()
    assert "Fact-check" in (out / "claims/paperwork-glitch/index.html").read_text()


def test_numbers_and_dates_follow_the_site_language(tmp_path):
    site = copy_example(tmp_path / "site")
    spanish_only(site)
    out = tmp_path / "out"
    build_site(site, out)
    html = (out / "claims/37000-cubans-with-deportation-orders/index.html").read_text()
    assert "37.000" in html and "18 de noviembre de 2026" in html
    assert '<html lang="es"' in html


def test_listings_paginate_and_page_one_redirects(tmp_path):
    site = copy_example(tmp_path / "site")
    edit(site / "site.yaml", "per_page: 50", "per_page: 4")
    out = tmp_path / "out"
    build_site(site, out)
    first = (out / "claims/index.html").read_text()
    assert first.count('<article class="card') == 4 and 'href="/claims/page/2/"' in first
    third = (out / "claims/page/3/index.html").read_text()
    assert third.count('<article class="card') == 1 and 'rel="prev" href="/claims/page/2/"' in third
    assert 'url=/claims/"' in (out / "claims/page/1/index.html").read_text()


def test_aliases_get_redirect_pages(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "aliases: [/2019/04/glitch/, /old-glitch.html]\n")
    out = tmp_path / "out"
    build_site(site, out)
    for page in ("2019/04/glitch/index.html", "old-glitch.html"):
        html = (out / page).read_text()
        assert 'content="0; url=/claims/paperwork-glitch/"' in html
        assert '<link rel="canonical" href="https://example.org/claims/paperwork-glitch/">' in html


def test_a_retracted_claim_keeps_its_page_marked_with_the_reason(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "corrections:\n  - date: 2026-11-24\n"
                     "    kind: retraction\n    text: The account could not be confirmed.\n")
    out = tmp_path / "out"
    build_site(site, out)
    html = (out / "claims/paperwork-glitch/index.html").read_text()
    assert "This fact-check has been retracted." in html
    assert "The account could not be confirmed." in html
    corrections = (out / "corrections/index.html").read_text()
    assert corrections.index("Retraction") < corrections.index("Clarification"), "newest first"


def test_static_files_are_copied_and_links_out_of_the_site_refused(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "static/img").mkdir(parents=True)
    (site / "static/img/logo.svg").write_text("<svg/>")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish")
    (site / "static/leak.txt").symlink_to(secret)
    result = build(Options(site_dir=site, out_dir=tmp_path / "out"))
    assert [str(d) for d in result.diagnostics if d.is_error] == [
        f"{(site / 'static/leak.txt')}:1:1: error: this link points outside the site; "
        "it is not copied"]
    (site / "static/leak.txt").unlink()
    build_site(site, tmp_path / "out")
    assert (tmp_path / "out/img/logo.svg").read_text() == "<svg/>"
    assert not (tmp_path / "out/leak.txt").exists()


def test_templates_run_sandboxed(tmp_path):
    """A template arrives in a pull request too: it may lay out values, not reach into
    Python to run code on the build machine."""
    site = copy_example(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text(
        "{{ site.__class__.__mro__[1].__subclasses__() }}\n")
    result = build(Options(site_dir=site, out_dir=tmp_path / "out"))
    errors = [d for d in result.diagnostics if d.is_error]
    assert len(errors) == 1 and errors[0].pos.path.endswith("templates/404.html")
    assert "unsafe" in errors[0].message or "__class__" in errors[0].message
    assert not (tmp_path / "out").exists()


def _item_linking(html, href):
    """The list item of a page that links to `href`."""
    return next(item for item in html.split("<li") if f'href="{href}"' in item)


def test_a_source_page_lists_each_check_and_article_with_the_quotes_it_relies_on(
        example_public):
    html = (example_public / "sources/vice-report/index.html").read_text()
    item = _item_linking(html, "/claims/37000-cubans-with-deportation-orders/")
    assert '<blockquote class="source-quote"><p>There are more than 37,000 Cubans in the ' \
        "U.S. with deportation orders" in item
    assert 'href="/articles/what-we-know-about-the-havana-flight/"' in html


def test_a_checks_source_list_shows_each_sources_quote(example_public):
    html = (example_public / "claims/ninety-day-window/index.html").read_text()
    item = next(i for i in html.split("<li") if i.startswith(' id="source-1"'))
    assert 'href="/sources/vice-report/"' in item and "(paragraph 6)" in item
    assert "<p>Instead, the Cuban government has 90 days to decide whether to accept a " \
        "deportee.</p></blockquote>" in item


# ---- what readers see: the names of things, the prompt, typography ---------------------

LINKED_PAGES = ("claims/", "articles/", "sources/", "corrections/", "ratings/", "claimants/",
                "tags/")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def _menu_links(html: str) -> dict[str, str]:
    """The header's and footer's menus: target → link text."""
    menus = re.findall(r'<nav [^>]*aria-label="[^"]*">(.*?)</nav>', html, re.S)
    return {href: _text(text) for menu in menus
            for href, text in re.findall(r'<a href="/([^"]*)">(.*?)</a>', menu, re.S)}


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_menu_link_is_named_as_the_page_it_opens(tmp_path, language):
    site = copy_example(tmp_path / "site")
    if language == "es":
        spanish_only(site)
    out = tmp_path / "out"
    build_site(site, out)
    for page in ("index.html", "claims/paperwork-glitch/index.html", "tags/index.html"):
        links = _menu_links((out / page).read_text())
        assert set(LINKED_PAGES) <= set(links), page
        for target in LINKED_PAGES:
            html = (out / target / "index.html").read_text()
            h1 = _text(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
            title = _text(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
            assert links[target] == h1, (page, target)
            assert title == f"{h1} · Example Fact Desk", target
    expected = {"en": ("Fact-checks", "Ratings", "Topics"),
                "es": ("Verificaciones", "Calificaciones", "Temas")}[language]
    links = _menu_links((out / "index.html").read_text())
    assert (links["claims/"], links["ratings/"], links["tags/"]) == expected


def test_a_claim_page_asks_for_claims_to_check_once(example_public):
    html = (example_public / "claims/paperwork-glitch/index.html").read_text()
    assert html.count("Seen a claim we should check?") == 1
    assert html.count('href="mailto:tips@example.org"') == 1


def test_titles_get_typographic_quotes_but_code_addresses_and_quotes_do_not(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    edit(claim, 'short: One more deportee was pulled from the flight over a "paperwork glitch"',
         "short: The \"paperwork glitch\" wasn't ICE's -- it's the 'Herald' account...")
    edit(claim, "  \"paperwork glitch\" is the Herald's, not an official explanation.",
         "  \"paperwork glitch\" is the Herald's, not `\"official\"` (see\n"
         "  [the 'report'](https://example.org/it's--here)).")
    out = tmp_path / "out"
    build_site(site, out)
    curly = "The \u201cpaperwork glitch\u201d wasn\u2019t ICE\u2019s \u2013 it\u2019s the " \
        "\u2018Herald\u2019 account\u2026"
    page = (out / "claims/paperwork-glitch/index.html").read_text()
    assert f"<h1>{curly}</h1>" in page
    assert f"<title>{curly} · Example Fact Desk</title>" in page
    assert f'<meta property="og:title" content="{curly}">' in page
    listing = (out / "claims/index.html").read_text()
    assert f'<a href="/claims/paperwork-glitch/">{curly}</a>' in listing
    assert "<code>\"official\"</code>" in page, "a code span keeps its straight quotes"
    assert "<a href=\"https://example.org/it's--here\">the \u2018report\u2019</a>" in page
    assert "because of a “paperwork glitch,” according to the Herald’s report." in page, \
        "a quote from a source is shown as it was written"
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page,
                                  re.S).group(1))
    assert jsonld["claimReviewed"] == "The \"paperwork glitch\" wasn't ICE's -- it's the " \
        "'Herald' account...", "structured data keeps the editor's text"
    data = json.loads((out / "claims.json").read_text())
    (record,) = [c for c in data["claims"] if c["id"] == "paperwork-glitch"]
    assert record["short"] == jsonld["claimReviewed"], "so does the open data"


def _icons(html: str) -> list[str]:
    return re.findall(r'<link rel="icon" href="([^"?]*)(?:\?v=\w+)?" type="[^"]+"', html)


def test_every_page_links_an_icon_the_site_has(example_public):
    ico = (example_public / "favicon.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00", "an ICO file"
    count = int.from_bytes(ico[4:6], "little")
    for n in range(count):  # each image: its size, and a PNG where the entry says
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * n)
        assert width in (16, 32) and ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(ico)
    assert (example_public / "favicon.svg").read_text().startswith("<svg")
    pages = list(example_public.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        linked = _icons(page.read_text())
        assert linked == ["/favicon.ico", "/favicon.svg"], page
        assert all((example_public / url.lstrip("/")).is_file() for url in linked)


def test_the_theme_icon_is_what_its_drawing_makes():
    assert (ROOT / "factsite/theme/static/favicon.svg").read_text() == favicon.svg()
    assert (ROOT / "factsite/theme/static/favicon.ico").read_bytes() == favicon.ico()


def test_a_site_icon_replaces_the_theme_icon_under_a_sub_path(tmp_path):
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    (site / "static").mkdir(exist_ok=True)
    (site / "static/favicon.ico").write_bytes(b"\x00\x00\x01\x00own")
    out = tmp_path / "out"
    build_site(site, out)
    assert (out / "favicon.ico").read_bytes() == b"\x00\x00\x01\x00own"
    for page in ("index.html", "claims/paperwork-glitch/index.html", "tags/ice/index.html"):
        assert _icons((out / page).read_text()) == ["/cuba/favicon.ico"], \
            "the site's own icon, and not the theme's SVG beside it"
