"""Embeds as a newsroom's CMS meets them: the example built with its base_url on a loopback
server, each claim page's oEmbed discovered from its head and read by micawber (a real
oEmbed consumer), the iframe it returns loaded; the embed pages kept out of search; drafts
without one; and in Chromium, the card accessible in both schemes, fitting its frame, with
no script and no request to another host, inside a page of another origin."""

import gzip
import json
import re
import shutil
import urllib.request
from html import escape
from html.parser import HTMLParser
from urllib.request import urlopen

import micawber
import pytest
from conftest import build_site, copy_example
from readers import claimant_yaml, claims_yaml, serve, text_of
from test_theme import need_browser, node

OEMBED = "application/json+oembed"


class Discovery(HTMLParser):
    """oEmbed discovery (the spec's section 4) as a CMS does it (WordPress's
    WP_oEmbed::discover): the JSON endpoint a page's head names. (micawber matches URLs to
    providers it knows, and leaves discovery to its caller.)"""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        self.in_head = self.in_head or tag == "head"
        if tag == "body":
            self.in_head = False
        if tag == "link" and self.in_head and dict(attrs).get("type") == OEMBED:
            self.links.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def get(url: str) -> str:
    with urlopen(url, timeout=10) as response:
        assert response.status == 200, url
        return response.read().decode("utf-8")


def discover(page_url: str) -> dict[str, str | None]:
    parser = Discovery()
    parser.feed(get(page_url))
    (link,) = parser.links
    return link


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example built for a loopback server's address, and served there."""
    root = tmp_path_factory.mktemp("embed")
    out = root / "public"
    out.mkdir()
    with serve(out) as url:
        site = copy_example(root / "site", base_url=url)
        build_site(site, out)
        yield site, out, url


def test_micawber_gets_the_embed_of_every_claim_from_its_page(served):
    site, _out, url = served
    claims = claims_yaml(site)
    registry = micawber.ProviderRegistry()
    assert len(claims) >= 7
    for claim_id, fields in claims.items():
        page = f"{url}claims/{claim_id}/"
        link = discover(page)
        assert link["rel"] == "alternate" and link["href"] == f"{page}oembed.json"
        assert link["title"]
        registry.register(re.escape(page) + "$", micawber.Provider(link["href"]))

        data = registry.request(page)
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert data["provider_name"] == "Example Fact Desk" and data["provider_url"] == url
        assert data["author_name"] == "Example Fact Desk", "the check's author is the desk"
        heading = text_of(get(page), r"<h1[^>]*>(.*?)</h1>")
        assert data["title"] == heading, "the claim's heading, as its page shows it"
        assert isinstance(data["width"], int) and isinstance(data["height"], int)
        thumbnail = urllib.request.urlopen(data["thumbnail_url"]).read()  # its share image
        assert thumbnail.startswith(b"\x89PNG") and data["thumbnail_url"] == \
            f"{page}share.png" and (data["thumbnail_width"], data["thumbnail_height"]) == \
            (1200, 630)
        iframe = re.fullmatch(r'<iframe src="([^"]+)" width="(\d+)" height="(\d+)" '
                              r'title="([^"]+)" .*></iframe>', data["html"])
        assert iframe, data["html"]
        src, width, height, title = iframe.groups()
        assert src == f"{page}embed/" and (int(width), int(height)) == (data["width"],
                                                                         data["height"])
        assert title == escape(f"Fact-check: {heading}")

        # a blog's text with the claim's URL pasted on its own line gets the iframe
        assert registry.parse_text(f"Read this:\n\n{page}") == \
            f"Read this:\n\n{data['html']}"

        card = get(src)
        assert f'<link rel="canonical" href="{page}">' in card
        assert f'<a href="{page}" target="_blank" rel="noopener">' in card
        named = claimant_yaml(site, fields["claimant"])
        assert f"Claimed by {escape(named['name'] if named else fields['claimant'])}" in card
        assert f"<h1>{escape(data['title'], quote=False)}</h1>" in card
        assert re.search(r'<span class="badge">[^<]+</span>', card)


def test_the_embed_is_for_frames_not_for_search(served):
    site, out, url = served
    sitemap = (out / "sitemap.xml").read_text()
    indexed = set()
    for fragment in (out / "pagefind/fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        indexed.add(json.loads(data)["url"])
    for claim_id in claims_yaml(site):
        html = (out / f"claims/{claim_id}/embed/index.html").read_text()
        assert '<meta name="robots" content="noindex">' in html
        assert "<script" not in html and "data-pagefind" not in html
        assert f"{url}claims/{claim_id}/embed/" not in sitemap
        assert f"{url}claims/{claim_id}/</loc>" in sitemap
        assert f"/claims/{claim_id}/" in indexed
    assert not any("/embed/" in u for u in indexed), indexed


def test_drafts_have_no_embed_even_in_a_preview(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = (site / "content/claims/paperwork-glitch.yaml").read_text()
    (site / "content/claims/glitch-draft.yaml").write_text(claim + "draft: true\n")
    build_site(site, tmp_path / "public")
    assert not (tmp_path / "public/claims/glitch-draft").exists()
    assert (tmp_path / "public/claims/paperwork-glitch/embed/index.html").is_file()
    preview = tmp_path / "preview"
    build_site(site, preview, drafts=True)
    page = (preview / "claims/glitch-draft/index.html").read_text()
    assert "Draft" in page and OEMBED not in page
    assert not (preview / "claims/glitch-draft/embed").exists()
    assert not (preview / "claims/glitch-draft/oembed.json").exists()
    assert OEMBED in (preview / "claims/paperwork-glitch/index.html").read_text()


def test_a_retracted_check_says_so_in_its_embed_before_the_verdict(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "corrections:\n  - date: 2026-11-24\n"
                     "    kind: retraction\n    text: The account could not be confirmed.\n")
    build_site(site, tmp_path / "public")
    card = (tmp_path / "public/claims/paperwork-glitch/embed/index.html").read_text()
    card = card[card.index("<body"):]  # (the head's image description names the verdict too)
    assert 0 < card.index("This fact-check has been retracted.") < card.index("Our verdict")
    other = (tmp_path / "public/claims/check-in-arrests/embed/index.html").read_text()
    assert "retracted" not in other


def test_embeds_are_byte_identical_across_builds(tmp_path):
    site = copy_example(tmp_path / "site")
    build_site(site, tmp_path / "one")
    shutil.rmtree(site / ".cache")
    build_site(site, tmp_path / "two")
    made = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*")
                  if p.name == "oembed.json" or p.parent.name == "embed")
    translated = list((site / "content/claims").glob("*.es.*"))  # (each has its own)
    assert len(made) == 2 * (len(claims_yaml(site)) + len(translated))
    for rel in made:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()


def test_the_card_in_a_page_of_another_origin(served, tmp_path):
    """axe in the light and the dark scheme on each card at its frame's size, which it
    fits; then the oEmbed iframes in a page served from another origin."""
    need_browser()
    site, _out, url = served
    claims = list(claims_yaml(site))
    registry = micawber.ProviderRegistry()
    frames = []
    for claim_id in claims:
        page = f"{url}claims/{claim_id}/"
        registry.register(re.escape(page) + "$", micawber.Provider(discover(page)["href"]))
        frames.append(registry.request(page))
    width, height = frames[0]["width"], frames[0]["height"]
    host = tmp_path / "host"
    host.mkdir()
    (host / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A blog</title>'
        "</head><body><h1>A blog</h1>\n" + "\n".join(f["html"] for f in frames)
        + "\n</body></html>\n")
    with serve(host) as other:
        assert other.split("/")[2] != url.split("/")[2]
        result = node("embed.mjs", url, other, str(width), str(height),
                      *(f"claims/{c}/embed/" for c in claims))
    audited = result["pages"]
    assert len(audited) == 2 * len(claims)
    assert {(p["path"], p["scheme"]): p["violations"] for p in audited if p["violations"]} == {}
    assert all(p["scripts"] == 0 for p in audited)
    too_big = {p["path"]: p["size"] for p in audited + result["narrow"]
               if p["size"]["width"] > p.get("width", width) or p["size"]["height"] > height}
    assert len(result["narrow"]) == len(claims)
    assert too_big == {}, "each card fits its frame, and in a phone's column too"
    shown = result["frames"]
    assert [f["url"] for f in shown] == [f"{url}claims/{c}/embed/" for c in claims]
    assert all(f["link"] == f["url"].removesuffix("embed/") and f["heading"] for f in shown)
    assert all((f["width"], f["height"]) == (width, height) for f in shown)
    hosts = {r.split("/")[2] for r in result["requests"]}
    assert hosts == {url.split("/")[2], other.split("/")[2]}, "nothing from a third host"
    from_site = [r for r in result["requests"] if r.startswith(url)]
    assert all("/embed/" in r or "/assets/" in r for r in from_site), from_site


def test_the_example_builds_an_embed_per_claim(served):
    site, out, _url = served
    claims = claims_yaml(site)
    assert sorted(p.parent.parent.name for p in out.glob("claims/*/embed/index.html")) == \
        sorted(claims)
    assert sorted(p.parent.name for p in out.glob("claims/*/oembed.json")) == sorted(claims)
