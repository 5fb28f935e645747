"""The site in two languages (issue 18) as its readers, crawlers and feed readers meet it:
Google's hreflang rules on every page and in the sitemap (lxml, against sitemaps.org's
schema), the feeds in each language (feedparser), the ClaimReview of a translated check
(extruct), listings that say which checks are not translated (or leave them out), figures
written once for every language, a one-language site unchanged by editions, and a reader
switching language and searching in Spanish in Chromium. The expected values come from the
YAML, read independently of factsite."""

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import feedparser
import pytest
from babel import Locale, UnknownLocaleError
from conftest import ROOT, broken_links, build_site, copy_example, edit
from golden.hashes import hashes
from lxml import etree
from readers import built_pages, claims_yaml, is_noindex, read_yaml, serve, site_yaml
from test_theme import need_browser, node

ROOT_URL = "https://example.org/"
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
TESTS = Path(__file__).resolve().parent
SITEMAP_XSD = TESTS / "xsd/sitemap.xsd"
GOLDEN = TESTS / "golden/minimal-one-language.json"
MINIMAL = TESTS / "sites/minimal"
FLIGHT = "120-cubans-one-flight"

CONFIG = site_yaml(ROOT)
OWN = CONFIG["language"]  # en: at the root
(EDITION,) = CONFIG["languages"]  # es: under /es/
CODE = EDITION["code"]


def minimal(tmp_path: Path) -> Path:
    """tests/sites/minimal, copied (a build keeps its cache in the site's folder)."""
    return Path(shutil.copytree(MINIMAL, tmp_path / "minimal-site"))


def translations(folder: str) -> dict[str, Path]:
    """id → its translation file into the other language (content/<folder>/<id>.es.*)."""
    return {p.name.split(".")[0]: p for p in sorted((ROOT / "content" / folder).iterdir())
            if p.is_file() and p.name.split(".")[1:2] == [CODE]}


TRANSLATED = translations("claims")
UNTRANSLATED = sorted(set(claims_yaml(ROOT)) - set(TRANSLATED))


def shown(text: str) -> str:
    """A title as pages and feeds show it: one line, with typographic quotes."""
    return " ".join(text.split()).replace("'", "\u2019").replace(' "', " \u201c") \
        .replace('"', "\u201d")


class Page(HTMLParser):
    """A built page as crawlers and screen readers take it: its <html lang>, the hreflang
    alternates in its head, and every link with the language it says it is in."""

    def __init__(self, path: Path):
        super().__init__()
        self.lang = None
        self.alternates: list[tuple[str, str]] = []
        self.links: list[dict[str, str | None]] = []  # every <a>: href, lang, class above
        self._card = False
        self.feed(path.read_text("utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates.append((a["hreflang"], a["href"]))
        elif tag == "h2" or tag == "h3":
            self._card = "card-title" in (a.get("class") or "")
        elif tag == "a":
            self.links.append({"href": a.get("href"), "lang": a.get("lang"),
                               "hreflang": a.get("hreflang"), "card": self._card or None})

    def handle_endtag(self, tag):
        if tag in ("h2", "h3"):
            self._card = False

    def cards(self) -> list[dict]:
        """The links of a listing's cards (each check's or article's title)."""
        return [link for link in self.links if link["card"]]


def html_pages(out: Path) -> list[Path]:
    return [p for p in sorted(out.rglob("*.html")) if not p.relative_to(out).as_posix()
            .startswith("pagefind/")]


# ---- 1. hreflang: Google's rules on every page, and in the sitemap -----------------------


def valid_code(code: str) -> bool:
    """A language code babel knows (BCP 47, with - or _), or x-default."""
    if code == "x-default":
        return True
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def check_hreflang(out: Path, root_url: str) -> dict[str, list[tuple[str, str]]]:
    """Every page's alternates by Google's rules: absolute URLs of pages that exist, valid
    codes, each language once, the page itself among them in its own language, the same set
    on every page of it (reciprocal), and x-default the site's own language."""
    pages = built_pages(out, root_url)
    sets = {url: Page(path).alternates for url, path in pages.items()}
    found = {url: alts for url, alts in sets.items() if alts}
    for url, alts in found.items():
        codes = [code for code, _ in alts]
        assert len(codes) == len(set(codes)), (url, "each language once", alts)
        assert set(codes) == {OWN, CODE, "x-default"}, (url, alts)
        for code, href in alts:
            parts = urlsplit(href)
            assert parts.scheme == "https" and parts.netloc and href.startswith(root_url), \
                (url, href, "absolute")
            assert valid_code(code), (url, code)
            assert href in pages, (url, href, "no such page")
        own = dict(alts)
        assert own[Page(pages[url]).lang] == url, (url, "lists itself in its own language")
        assert own["x-default"] == own[OWN], (url, "x-default is the site's own language")
        for _, href in alts:
            assert sorted(sets[href]) == sorted(alts), (url, href, "not reciprocal")
    # every page that exists in both languages says so; a page in one language does not
    for url in pages:
        rel = url[len(root_url):]
        other = rel[len(CODE) + 1:] if rel.startswith(f"{CODE}/") else f"{CODE}/{rel}"
        assert bool(sets[url]) == (root_url + other in pages), (url, sets[url])
    return found


def sitemap_sets(sitemap: Path) -> dict[str, list[tuple[str, str]]]:
    """Each <loc> of a sitemap → its <xhtml:link> alternates (hreflang, href)."""
    ns = {"sm": SM, "xhtml": XHTML}
    out = {}
    for url in etree.parse(str(sitemap)).getroot().findall("sm:url", ns):
        links = url.findall("xhtml:link", ns)
        assert all(link.get("rel") == "alternate" for link in links)
        out[url.findtext("sm:loc", namespaces=ns)] = [(link.get("hreflang"), link.get("href"))
                                                      for link in links]
    return out


def test_every_page_follows_googles_hreflang_rules(example_public):
    found = check_hreflang(example_public, ROOT_URL)
    for claim_id in TRANSLATED:  # the translated checks, both ways
        for url in (f"{ROOT_URL}claims/{claim_id}/", f"{ROOT_URL}{CODE}/claims/{claim_id}/"):
            assert sorted(found[url]) == sorted([
                (OWN, f"{ROOT_URL}claims/{claim_id}/"),
                (CODE, f"{ROOT_URL}{CODE}/claims/{claim_id}/"),
                ("x-default", f"{ROOT_URL}claims/{claim_id}/")])
    assert f"{ROOT_URL}{CODE}/about/" in found and f"{ROOT_URL}about/" in found
    for claim_id in UNTRANSLATED:  # in English only: no alternates at all
        assert f"{ROOT_URL}claims/{claim_id}/" not in found


def test_the_sitemap_lists_the_same_alternates_as_the_pages(example_public):
    pages = built_pages(example_public, ROOT_URL)
    listed = sitemap_sets(example_public / "sitemap.xml")
    with_alternates = {url for url, alts in listed.items() if alts}
    assert with_alternates
    for loc, alts in listed.items():
        assert loc in pages, loc
        assert sorted(alts) == sorted(Page(pages[loc]).alternates), loc
        assert {href for _, href in alts} <= set(listed), (loc, "every alternate is listed")
    for url, path in pages.items():  # every indexable page with alternates is there
        if Page(path).alternates and not is_noindex(path):
            assert url in with_alternates, url


def test_the_rules_hold_under_a_sub_path(tmp_path):
    """base_url with a path: every alternate, link and sitemap entry keeps it."""
    root_url = "https://example.org/cuba/"
    site = copy_example(tmp_path / "site", base_url=root_url)
    out = tmp_path / "public"
    build_site(site, out)
    found = check_hreflang(out, root_url)
    assert f"{root_url}{CODE}/claims/{FLIGHT}/" in found
    assert broken_links(out, "/cuba/") == []
    for loc, alts in sitemap_sets(out / "sitemap.xml").items():
        assert loc.startswith(root_url) and all(h.startswith(root_url) for _, h in alts)


# ---- 2. the sitemap against sitemaps.org's schema -----------------------------------------

# The one element of the XHTML namespace a sitemap holds, typed as XHTML 1.0 types its
# attributes (rel: link types, hreflang: a language code, href: a URI). sitemaps.org's schema
# takes elements of other namespaces strictly, so they must be declared (tests/xsd/README.md).
XHTML_LINK = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="{XHTML}" elementFormDefault="qualified">
  <xs:element name="link">
    <xs:complexType>
      <xs:attribute name="rel" type="xs:string" use="required"/>
      <xs:attribute name="hreflang" type="xs:language" use="required"/>
      <xs:attribute name="href" type="xs:anyURI" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


def sitemap_schema(folder: Path, xhtml: bool = True) -> etree.XMLSchema:
    """sitemaps.org's schema, with (or without) a declaration of <xhtml:link>."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xhtml-link.xsd").write_text(XHTML_LINK)
    imports = [(SM, SITEMAP_XSD.as_uri())]
    if xhtml:
        imports.append((XHTML, (folder / "xhtml-link.xsd").as_uri()))
    wrapper = folder / "sitemap-and-links.xsd"
    wrapper.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n' + "".join(
        f'  <xs:import namespace="{ns}" schemaLocation="{where}"/>\n' for ns, where in imports)
        + "</xs:schema>\n")
    return etree.XMLSchema(etree.parse(str(wrapper)))


def errors(schema: etree.XMLSchema, document: Path | bytes) -> list[str]:
    tree = etree.fromstring(document) if isinstance(document, bytes) else \
        etree.parse(str(document))
    schema.validate(tree)
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(example_public, tmp_path):
    schema = sitemap_schema(tmp_path / "xsd")
    sitemap = example_public / "sitemap.xml"
    assert errors(schema, sitemap) == []
    assert b"<xhtml:link" in sitemap.read_bytes()
    # the schema does check: a date that is not one, an alternate without its address
    text = sitemap.read_bytes()
    bad_date = re.sub(rb"<lastmod>[^<]+</lastmod>", b"<lastmod>21 Nov 2026</lastmod>", text,
                      count=1)
    assert any("lastmod" in e for e in errors(schema, bad_date))
    no_href = re.sub(rb'(<xhtml:link rel="alternate" hreflang="\w+") href="[^"]+"', rb"\1",
                     text, count=1)
    assert any("href" in e for e in errors(schema, no_href))


def test_the_official_schema_takes_other_namespaces_strictly(example_public, tmp_path):
    """sitemaps.org's wildcard is strict: <xhtml:link> passes only once declared (a lax
    wildcard would let any element through unchecked); a sitemap without alternates is
    valid against the official schema alone."""
    official = sitemap_schema(tmp_path / "xsd", xhtml=False)
    found = errors(official, example_public / "sitemap.xml")
    assert found and all("link" in e and "strict" in e for e in found), found
    out = tmp_path / "minimal"
    build_site(minimal(tmp_path), out)
    assert errors(official, out / "sitemap.xml") == []


# ---- 3. the feeds, in each language --------------------------------------------------------


def parse_feed(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_each_language_has_its_feeds(example_public):
    for folder, language in (("", OWN), (f"{CODE}/", CODE)):
        for name in ("feed.xml", "corrections/feed.xml"):
            feed = parse_feed(example_public / folder / name)
            assert feed.feed.language == language, (folder, name)
            assert feed.feed.links[0].href == f"{ROOT_URL}{folder}{name}"
            assert feed.feed.link == f"{ROOT_URL}{folder}"
    assert parse_feed(example_public / f"{CODE}/feed.xml").feed.title == EDITION["title"]


def test_the_spanish_feed_has_the_spanish_checks_and_links_to_them(example_public):
    feed = parse_feed(example_public / f"{CODE}/feed.xml")
    english = parse_feed(example_public / "feed.xml")
    assert len(feed.entries) == len(english.entries)
    labels = {rid: r["label"] for rid, r in EDITION["ratings"].items()}
    own_labels = {r["id"]: r["label"] for r in CONFIG["ratings"]}
    claims = claims_yaml(ROOT)
    pages = built_pages(example_public, ROOT_URL)
    for entry in feed.entries:
        assert entry.link in pages, entry.link
    for claim_id, path in TRANSLATED.items():
        spanish = read_yaml(path)
        (entry,) = [e for e in feed.entries if e.link == f"{ROOT_URL}{CODE}/claims/{claim_id}/"]
        assert entry.title == shown(spanish.get("short") or spanish["claim"])
        assert entry.title_detail.language == CODE
        label = labels[claims[claim_id]["rating"]]
        assert entry.summary.startswith(f"Nuestro veredicto: {label}.")
        assert label in [t.label for t in entry.tags]
    for claim_id in UNTRANSLATED:  # in English, linking the English page, and saying so
        claim = claims[claim_id]
        (entry,) = [e for e in feed.entries if e.link == f"{ROOT_URL}claims/{claim_id}/"]
        assert entry.title == shown(claim.get("short") or claim["claim"])
        assert entry.title_detail.language == OWN and entry.summary_detail.language == OWN
        assert entry.summary.startswith(f"Our verdict: {own_labels[claim['rating']]}.")
    assert not [e.link for e in english.entries if f"/{CODE}/" in e.link]


def test_an_untranslated_check_reads_in_english_in_the_spanish_feed_and_data(example_public):
    """Its figures too: "at least 1 person" (not "al menos 1 person"), 37,000 (not 37.000)."""
    feed = parse_feed(example_public / f"{CODE}/feed.xml")
    (glitch,) = [e for e in feed.entries if e.link.endswith("/claims/paperwork-glitch/")]
    assert "at least 1 person" in glitch.summary, glitch.summary
    data = json.loads((example_public / f"{CODE}/claims.json").read_text())
    (row,) = [c for c in data["claims"] if c["id"] == "paperwork-glitch"]
    assert "at least 1 person" in row["summary"], row["summary"]
    english = json.loads((example_public / "claims.json").read_text())
    (same,) = [c for c in english["claims"] if c["id"] == "paperwork-glitch"]
    assert row["summary"] == same["summary"] and row["figures"] == same["figures"]


def test_the_spanish_corrections_feed_links_the_spanish_page(example_public):
    feed = parse_feed(example_public / f"{CODE}/corrections/feed.xml")
    english = parse_feed(example_public / "corrections/feed.xml")
    assert len(feed.entries) == len(english.entries) >= 1
    claim_id = "37000-cubans-with-deportation-orders"
    spanish = read_yaml(TRANSLATED[claim_id])
    (entry,) = feed.entries
    assert entry.link == f"{ROOT_URL}{CODE}/claims/{claim_id}/#corrections"
    assert entry.title == f"Aclaración: {shown(spanish['claim'])}"


# ---- 4. <html lang>, and the ClaimReview of a translated check ------------------------------


def test_every_page_says_its_language(example_public):
    pages = html_pages(example_public)
    assert len([p for p in pages if p.relative_to(example_public).parts[0] == CODE]) > 30
    for path in pages:
        rel = path.relative_to(example_public)
        expected = CODE if rel.parts[0] == CODE else OWN
        assert Page(path).lang == expected, rel


def test_the_spanish_claimreview_is_in_spanish(example_public):
    url = f"{ROOT_URL}{CODE}/claims/{FLIGHT}/"
    html = (example_public / f"{CODE}/claims/{FLIGHT}/index.html").read_text()
    (review,) = [i for i in extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]
                 if i.get("@type") == "ClaimReview"]
    spanish = read_yaml(TRANSLATED[FLIGHT])
    assert review["inLanguage"] == CODE
    assert review["url"] == url
    assert review["claimReviewed"] == " ".join((spanish.get("short") or spanish["claim"]).split())
    rating = claims_yaml(ROOT)[FLIGHT]["rating"]
    assert review["reviewRating"]["alternateName"] == EDITION["ratings"][rating]["label"]
    assert "La cifra de 120 personas" in review["reviewRating"]["ratingExplanation"]


# ---- 5. checks not translated: listed in English, or left out; no link goes nowhere --------


def test_a_spanish_listing_marks_the_untranslated_checks_as_english(example_public):
    cards = Page(example_public / f"{CODE}/claims/index.html").cards()
    by_id = {link["href"].rstrip("/").rsplit("/", 1)[1]: link for link in cards}
    assert set(by_id) == set(claims_yaml(ROOT))
    for claim_id in UNTRANSLATED:
        assert by_id[claim_id] == {"href": f"/claims/{claim_id}/", "lang": OWN,
                                   "hreflang": OWN, "card": True}
    for claim_id in TRANSLATED:
        assert by_id[claim_id]["href"] == f"/{CODE}/claims/{claim_id}/"
        assert by_id[claim_id]["lang"] is None  # (in the page's language)


def test_no_link_on_any_page_of_either_language_goes_nowhere(example_public):
    assert broken_links(example_public) == []


@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    """The example with `untranslated: hide`."""
    root = tmp_path_factory.mktemp("hide")
    site = copy_example(root / "site")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "untranslated: hide\n")
    # a correction on a check not translated, for the corrections page and feed
    edit(site / "content/claims/paperwork-glitch.yaml", "tags:",
         "corrections:\n  - date: 2026-11-22\n    kind: correction\n"
         "    text: The flight list had at least [#pulled] taken off, not two.\ntags:")
    out = root / "public"
    build_site(site, out)
    return out


def test_with_untranslated_hide_no_spanish_listing_shows_an_english_check(hidden):
    english = {f"/claims/{c}/" for c in UNTRANSLATED} | \
        {f"/articles/{p.stem}/" for p in (ROOT / "content/articles").glob("*.md")
         if p.stem not in translations("articles")}
    listings = [p for p in html_pages(hidden / CODE) if "/embed/" not in p.as_posix()]
    shown_cards = {}
    for path in listings:
        for link in Page(path).cards():
            assert link["href"] not in english, (path.relative_to(hidden), link)
            shown_cards[link["href"]] = path
    assert {f"/{CODE}/claims/{c}/" for c in TRANSLATED} <= set(shown_cards)
    corrections = (hidden / f"{CODE}/corrections/index.html").read_text()
    assert "/claims/paperwork-glitch/" not in corrections
    for name in ("feed.xml", "corrections/feed.xml"):
        feed = parse_feed(hidden / CODE / name)
        assert feed.entries and all(f"/{CODE}/" in e.link for e in feed.entries), name
    assert broken_links(hidden) == []
    # the English edition lists everything still
    english_cards = {link["href"] for link in Page(hidden / "claims/index.html").cards()}
    assert english_cards == {f"/claims/{c}/" for c in claims_yaml(ROOT)}


def test_correction_notes_say_they_are_in_english_on_spanish_pages(tmp_path):
    """Notes are not translated: on Spanish pages they are English, and marked so (figures
    in them written as English writes them); an untranslated check's title too."""
    site = copy_example(tmp_path / "site")
    edit(site / "content/claims/paperwork-glitch.yaml", "tags:",
         "corrections:\n  - date: 2026-11-22\n    kind: correction\n"
         "    text: The flight list had at least [#pulled] taken off, not two.\ntags:")
    out = tmp_path / "public"
    build_site(site, out)
    html = (out / f"{CODE}/corrections/index.html").read_text()
    items = dict(re.findall(r'<li>.*?<a href="([^"#]*)#corrections"(.*?)</li>', html, re.S))
    glitch = items["/claims/paperwork-glitch/"]
    assert glitch.startswith(f' lang="{OWN}" hreflang="{OWN}">One more deportee'), glitch
    assert f'<span lang="{OWN}">The flight list had at least' in glitch, glitch
    assert "at least 1 person" in re.sub(r"<[^>]+>", "", glitch)
    orders = items[f"/{CODE}/claims/37000-cubans-with-deportation-orders/"]
    assert orders.startswith(">Hay más de 37.000"), orders  # (translated: in Spanish)
    assert f'<span lang="{OWN}">Added that the report' in orders, orders
    page = (out / f"{CODE}/claims/37000-cubans-with-deportation-orders/index.html").read_text()
    assert f'<span lang="{OWN}">Added that the report' in page
    english = (out / "claims/37000-cubans-with-deportation-orders/index.html").read_text()
    assert "</time>: Added that the report" in english  # (in the page's language: as it was)
    feed = parse_feed(out / f"{CODE}/corrections/feed.xml")
    entries = {e.link.split("/")[-2]: e for e in feed.entries}
    glitch = entries["paperwork-glitch"]
    assert glitch.title_detail.language == OWN and glitch.title.startswith("Correction: ")
    assert "at least 1 person" in glitch.summary, glitch.summary
    orders = entries["37000-cubans-with-deportation-orders"]
    assert orders.title_detail.language == CODE and orders.title.startswith("Aclaración: ")
    assert orders.summary_detail.language == OWN
    data = json.loads((out / f"{CODE}/claims.json").read_text())
    (row,) = [c for c in data["claims"] if c["id"] == "paperwork-glitch"]
    assert "at least 1 person" in row["corrections"][0]["text"]
    # the note's figure links to its row on its check's page, from the corrections pages
    assert broken_links(out) == []
    assert 'href="/claims/paperwork-glitch/#figure-pulled"' in \
        (out / "corrections/index.html").read_text()


# ---- 6. a figure is written once, for every language ---------------------------------------


def test_a_figure_changed_once_changes_in_both_languages(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / f"content/claims/{FLIGHT}.yaml"
    edit(claim, "    value: 120\n", "    value: 121\n")
    # (its quote, and the wording the claim was said in, with the stored copy they match)
    edit(claim, "All 120 people", "All 121 people")
    edit(site / "content/sources/vice-report.txt", "All 120 people", "All 121 people")
    out = tmp_path / "public"
    build_site(site, out)
    figures = {}
    for folder in ("", f"{CODE}/"):
        html = (out / f"{folder}claims/{FLIGHT}/index.html").read_text()
        figures[folder] = re.findall(r'<a class="figure" href="#figure-deportees"[^>]*>([^<]*)</a>',
                                     html)
    assert figures == {"": ["121 people", "121"], f"{CODE}/": ["121 personas", "121"]}


# ---- 7. a site in one language is what it was before editions -------------------------------

# The rules the theme gained for the language switcher, in every site's stylesheet.
SWITCHER_CSS = """\
/* The same page in the site's other languages: one short line under the site's name. */
.languages ul { display: flex; flex-wrap: wrap; gap: 0 0.8rem; list-style: none; margin: 0;
  padding: 0; font-size: 0.9rem; line-height: 1.5; }
.languages [aria-current] { color: var(--muted); }
.languages a { display: inline-block; min-height: 24px; }
"""


# What the corrections log's history work (issue 19) added to the editor schemas, the same
# for every site: site.yaml's `history` and `small_edit`; a correction's `rating_before`
# and its kind `typo`.
HISTORY_SITE_FIELDS = ("history", "small_edit")
KIND_BEFORE_HISTORY = "What kind of change it was."


def without_history(data: bytes, indent: int = 2) -> bytes:
    """An editor's or the open data's schema as it was before a correction had
    `rating_before` and the kind `typo` (each correction's properties, wherever they are)."""
    schema = json.loads(data)
    found = []

    def undo(node: object) -> None:
        if isinstance(node, dict):
            entry = node.get("properties")
            if isinstance(entry, dict) and "rating_before" in entry:
                del entry["rating_before"]
                if "rating_before" in node.get("required", ()):
                    node["required"].remove("rating_before")
                entry["kind"]["enum"].remove("typo")
                entry["kind"]["description"] = KIND_BEFORE_HISTORY
                found.append(entry)
            for value in node.values():
                undo(value)
        elif isinstance(node, list):
            for value in node:
                undo(value)

    undo(schema)
    assert len(found) == 1, "one correction's properties"
    return (json.dumps(schema, indent=indent, ensure_ascii=False) + "\n").encode()


# What transparency as data (issue 20) added, the same for every site: site.yaml's
# `organization` and `report_error` in site.schema.json; the desk as a NewsMediaOrganization
# (by its @id) in each ClaimReview's author and publisher, where the author was an
# Organization and there was no publisher; and the home page's NewsMediaOrganization. (A
# site with no `organization` and no `report_error`, like this one, gains no other byte: no
# funding page, no "Report an error" link.)
TRANSPARENCY_SITE_FIELDS = ("organization", "report_error")


def without_organization(path: str, data: bytes, name: str, url: str) -> bytes:
    """A page as it was before the desk was a NewsMediaOrganization: each change undone
    exactly, and each must be there."""
    desk = f'{{"@id": "{url}#organization", "@type": "NewsMediaOrganization", ' \
        f'"name": "{name}", "url": "{url}"}}'
    text = data.decode()
    if path == "index.html":
        script = f'<script type="application/ld+json">{{"@context": "https://schema.org", ' \
            f'"@id": "{url}#organization", "@type": "NewsMediaOrganization", ' \
            f'"name": "{name}", "url": "{url}"}}</script>\n'
        assert text.count(script) == 1, "the home page's NewsMediaOrganization"
        return text.replace(script, "").encode()
    if '"@type": "ClaimReview"' not in text:
        return data
    old_author = f'{{"@type": "Organization", "name": "{name}", "url": "{url}"}}'
    for part, was in ((f'"author": {desk}, ', f'"author": {old_author}, '),
                      (f'"publisher": {desk}, ', "")):
        assert text.count(part) == 1, (path, part)
        text = text.replace(part, was)
    return text.encode()


def test_a_one_language_site_is_byte_identical_to_before_editions(tmp_path):
    """tests/sites/minimal built now against its build at 2e756a1, the commit before
    editions (tests/golden/README.md). Three differences are the theme's and the editor
    schemas', the same for every site, and are undone here, each exactly, before
    comparing: the stylesheet has the switcher's rules (so every page links it with
    another ?v=), site.schema.json describes `languages` and `untranslated`, and the
    editor schema of a claim's translation is published beside the others; and the
    corrections log's new fields (issue 19) are undone in site.schema.json and
    claim.schema.json; and transparency's (issue 20): site.yaml's `organization` and
    `report_error` in site.schema.json, the ClaimReviews' author and publisher and the home
    page's NewsMediaOrganization; and the team (issue 20): /team/ lists site.yaml's team
    (its line in the sitemap undone) and a team page's editor schema is published. Every
    other byte must be as it was."""
    out = tmp_path / "public"
    build_site(minimal(tmp_path), out)
    before = dict(json.loads(GOLDEN.read_text()))
    now = {path: (out / path).read_bytes() for path, _ in hashes(out)}
    added = {"schemas/claim-translation.schema.json", "schemas/person.schema.json",
             "team/index.html"}
    assert set(now) - set(before) == added
    for path in added:
        del now[path]
    team = b"  <url>\n    <loc>https://example.org/team/</loc>\n  </url>\n"
    assert now["sitemap.xml"].count(team) == 1
    now["sitemap.xml"] = now["sitemap.xml"].replace(team, b"")
    assert sorted(now) == sorted(before), "the same files"

    css = now["assets/style.css"].decode()
    assert SWITCHER_CSS in css
    old_css = css.replace(SWITCHER_CSS, "").encode()
    version = {css_hash: f"style.css?v={hashlib.sha1(text).hexdigest()[:10]}".encode()
               for css_hash, text in (("now", css.encode()), ("before", old_css))}
    schema = json.loads(now["schemas/site.schema.json"])
    for key in ("languages", "untranslated", *HISTORY_SITE_FIELDS, *TRANSPARENCY_SITE_FIELDS):
        del schema["properties"][key]
    undone = {"assets/style.css": old_css, "schemas/site.schema.json":
              (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode(),
              "schemas/claim.schema.json": without_history(now["schemas/claim.schema.json"]),
              "schemas/claims.schema.json": without_history(now["schemas/claims.schema.json"])}
    differ = []
    for path, data in now.items():
        data = undone.get(path, data)
        if path.endswith(".html"):
            data = data.replace(version["now"], version["before"])
            data = without_organization(path, data, "Minimal Fact Desk", ROOT_URL)
        if hashlib.sha256(data).hexdigest() != before[path]:
            differ.append(path)
    assert differ == []


# ---- 8. in Chromium: the switcher, and search in each language -----------------------------


@pytest.fixture(scope="module")
def served(example_public):
    with serve(example_public) as url:
        yield url


def test_a_reader_switches_a_check_to_spanish_and_back(served):
    need_browser()
    result = node("editions.mjs", served, f"claims/{FLIGHT}/")
    english = shown(claims_yaml(ROOT)[FLIGHT]["short"])
    spanish = shown(read_yaml(TRANSLATED[FLIGHT])["short"])
    assert [(urlsplit(v["url"]).path, v["lang"], v["h1"], v["current"])
            for v in result["visits"]] == [
        (f"/claims/{FLIGHT}/", OWN, english, "English"),
        (f"/{CODE}/claims/{FLIGHT}/", CODE, spanish, "español"),
        (f"/claims/{FLIGHT}/", OWN, english, "English")]
    assert result["clicked"] == ["español", "English"]


def test_each_language_searches_its_own_pages(served):
    """Pagefind keeps an index per <html lang>: a Spanish word finds the Spanish checks,
    and a word both languages' pages have (ICE) finds each language's pages only."""
    need_browser()
    found = {}
    for folder, words in ((f"{CODE}/", "cubanos"), (f"{CODE}/", "ICE"), ("", "ICE")):
        result = node("search.mjs", served + f"{folder}search/", words)
        found[folder, words] = [r["href"] for r in result["results"]]
    assert f"/{CODE}/claims/{FLIGHT}/" in found[f"{CODE}/", "cubanos"]
    assert f"/{CODE}/claims/{FLIGHT}/" in found[f"{CODE}/", "ICE"]
    assert f"/claims/{FLIGHT}/" in found["", "ICE"]
    for (folder, words), hrefs in found.items():
        assert all(h.startswith(f"/{CODE}/") == bool(folder) for h in hrefs), (words, hrefs)


# ---- 9. accessibility of the Spanish pages (the Nu checker: tests/test_html_validity.py) ----

SPANISH_PAGES = ["", "claims/", f"claims/{FLIGHT}/", "claims/ninety-day-window/", "about/",
                 "sources/vice-report/", "ratings/", "tags/cuba/", "corrections/", "search/",
                 "search/?q=cubanos"]


def test_no_wcag_a_or_aa_violations_on_spanish_pages(served, tmp_path):
    need_browser()
    # (readers.mjs photographs the home page and the first claims/ path: the English check,
    # its switcher included)
    pages = [f"{CODE}/{p}" for p in SPANISH_PAGES] + [f"claims/{FLIGHT}/"]
    result = node("readers.mjs", served, str(tmp_path / "shots"), *pages)
    audited = [p for p in result["pages"] if "violations" in p]
    assert len(audited) == 2 * len(pages)
    assert {(p["path"], p["scheme"]): p["violations"] for p in audited if p["violations"]} == {}
