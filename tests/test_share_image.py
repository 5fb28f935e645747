"""Share images: a 1200×630 PNG per claim, named by the claim page's Open Graph and
Twitter tags, the same bytes from every build, drawn again only when what it shows
changed, and with long text that fits in every language the theme speaks."""

import dataclasses
import io
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from conftest import ROOT, build_site, copy_example, edit, spanish_only
from PIL import Image, ImageDraw

from factsite.build import Options, build
from factsite.render import shareimage
from factsite.render.kinds import KINDS
from factsite.render.shareimage import ELLIPSIS, TEXT_WIDTH, Share, draw, fit, font

CLAIMS = sorted(p.stem for p in (ROOT / "content/claims").iterdir()
                if p.is_file() and "." not in p.stem)  # (not a translation)
SPANISH = "¿Sé que el “apagón” duró más de tres días — según el ministro? Señoría, año"


class Head(HTMLParser):
    """A page's meta tags, by name or property."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a.get("property")] = a.get("content") or ""


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_every_claim_has_its_own_1200_by_630_png(example_public):
    images = {cid: (example_public / "claims" / cid / "share.png").read_bytes()
              for cid in CLAIMS}
    assert len(images) == 9
    for cid, data in images.items():
        image = decode(data)
        assert image.format == "PNG" and image.size == (1200, 630), cid
        # (a palette PNG: the colours it uses, in a fifth of the time of a full-colour one)
        assert image.mode == "P" and image.convert("RGB").getpixel((5, 5)) == (255, 255, 255)
        assert set(image.info) <= {"dpi"} and b"tIME" not in data and b"tEXt" not in data
    assert len(set(images.values())) == len(images), "a different image per claim"
    pixels = {decode(d).convert("RGB").tobytes() for d in images.values()}
    assert len(pixels) == len(images)


def test_the_verdict_is_in_its_tone_and_words_not_colour_alone(example_public):
    accurate = decode((example_public / "claims/120-cubans-one-flight/share.png").read_bytes())
    unverifiable = decode((example_public / "claims/check-in-arrests/share.png").read_bytes())
    colours = {rgb for _, rgb in accurate.convert("RGB").getcolors(4096)}
    assert (0x14, 0x63, 0x2F) in colours, "the badge of the scale's best verdict, in tone-5"
    # off the scale: an outlined badge (white inside), no meter
    inside = unverifiable.convert("RGB").getpixel((70, 560))
    assert inside == (255, 255, 255)


def test_a_claim_page_names_its_image_for_cards(example_public):
    for cid in CLAIMS:
        head = Head((example_public / "claims" / cid / "index.html").read_text()).meta
        url = f"https://example.org/claims/{cid}/share.png"
        assert head["og:image"] == head["twitter:image"] == url
        assert (example_public / url.removeprefix("https://example.org/")).is_file()
        assert head["og:image:type"] == "image/png"
        assert (head["og:image:width"], head["og:image:height"]) == ("1200", "630")
        assert head["twitter:card"] == "summary_large_image"
        assert head["og:image:alt"] == head["twitter:image:alt"]
    alt = Head((example_public / "claims/120-cubans-one-flight/index.html").read_text()) \
        .meta["og:image:alt"]
    assert alt == ("Fact-check: “ICE put 120 Cubans on one flight from New Orleans to Havana”. "
                   "Claimed by VICE News. Our verdict: Accurate, 5 of 5 on our scale. "
                   "Example Fact Desk")
    home = Head((example_public / "index.html").read_text()).meta
    assert home["twitter:card"] == "summary" and "og:image:alt" not in home


def test_a_spanish_site_says_it_in_spanish(tmp_path):
    site = copy_example(tmp_path / "site")
    spanish_only(site)
    edit(site / "content/claims/120-cubans-one-flight.yaml",
         "short: ICE put 120 Cubans on one flight from New Orleans to Havana",
         f"short: “{SPANISH[:60]}”")
    out = tmp_path / "public"
    build_site(site, out)
    head = Head((out / "claims/120-cubans-one-flight/index.html").read_text()).meta
    assert head["og:image:alt"].startswith(f"Verificación: «“{SPANISH[:60]}”». Lo afirmó ")
    assert "Nuestro veredicto: Accurate, 5 de 5 en nuestra escala." in head["og:image:alt"]
    image = decode((out / "claims/120-cubans-one-flight/share.png").read_bytes())
    assert image.size == (1200, 630)


def test_long_spanish_text_wraps_then_ends_with_an_ellipsis():
    text = " ".join([SPANISH] * 6)
    for size, lines in shareimage.HEADING_SIZES:
        face = font("bold", size)
        laid = fit(text, face, TEXT_WIDTH, lines)
        assert len(laid) == lines and laid[-1].endswith(ELLIPSIS)
        assert all(face.getlength(line) <= TEXT_WIDTH for line in laid)
        assert " ".join(laid).removesuffix(ELLIPSIS) in text  # words in order, none lost
    face = font("bold", 60)
    word = "Ñ" * 200  # a word wider than a line is broken, not drawn past the edge
    laid = fit(word, face, TEXT_WIDTH, 2)
    assert len(laid) == 2 and laid[-1].endswith(ELLIPSIS)
    assert all(face.getlength(line) <= TEXT_WIDTH for line in laid)
    assert fit("Corto", face, TEXT_WIDTH, 3) == ["Corto"]


def test_the_font_has_every_letter_and_mark_the_theme_writes():
    def glyph(char: str) -> bytes:
        image = Image.new("L", (90, 90))
        ImageDraw.Draw(image).text((10, 10), char, font=font("bold", 60), fill=255)
        return image.tobytes()

    missing = glyph("\ue000")  # a private-use letter: the font's box for a missing one
    for char in "¿¡éñÑáíóúü—–“”‘’«»…·":
        assert glyph(char) != missing, char


def test_every_text_fits_whatever_its_length():
    long = " ".join([SPANISH] * 8)
    share = Share(long, long, long, long, long, long, long, "tone-3", (True,) * 9 + (False,) * 9,
                  True)
    image = decode(draw(share))
    assert image.size == (1200, 630)
    # nothing drawn in the margins: the columns left and right of the text are background
    rgb = image.convert("RGB")
    for x in (*range(20, 60), *range(1140, 1200)):
        for y in range(0, 440, 7):
            assert rgb.getpixel((x, y)) == (255, 255, 255), (x, y)
        for y in range(470, 630, 7):  # the panel, beside the badge and a long meter
            assert rgb.getpixel((x, y)) == (0xF4, 0xF5, 0xF7), (x, y)


BUILD = """
import sys
from pathlib import Path
from factsite.build import Options, build
result = build(Options(site_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), cache=False))
assert result.ok
"""


def test_two_processes_make_the_same_bytes(tmp_path):
    site = copy_example(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name, seed in (("one", "1"), ("two", "2")):
        subprocess.run([sys.executable, "-c", BUILD, site, tmp_path / name], check=True,
                       env={**env, "PYTHONHASHSEED": seed}, timeout=120)
    for cid in CLAIMS:
        one = (tmp_path / "one/claims" / cid / "share.png").read_bytes()
        assert one == (tmp_path / "two/claims" / cid / "share.png").read_bytes(), cid


@pytest.fixture
def drawn(monkeypatch):
    """The claims whose image a build draws (in this process: jobs=1)."""
    seen: list[str] = []

    def counting(share: Share) -> bytes:
        seen.append(share.heading)
        return draw(share)

    kind = KINDS["share-image"]
    monkeypatch.setitem(KINDS, "share-image", dataclasses.replace(kind, draw=counting))
    return seen


def test_an_image_is_drawn_again_only_when_what_it_shows_changed(tmp_path, drawn):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    options = Options(site_dir=site, out_dir=out, jobs=1)
    first = build(options)
    translated = list((site / "content/claims").glob("*.es.*"))  # (each has its own image)
    assert first.ok and len(drawn) == len(CLAIMS) + len(translated)
    kept = out / "claims/check-in-arrests/share.png"
    before = kept.stat().st_mtime_ns

    drawn.clear()
    again = build(options, previous=first.state)
    assert again.ok and drawn == []

    edit(site / "content/claims/120-cubans-one-flight.yaml",
         "short: ICE put 120 Cubans on one flight from New Orleans to Havana",
         "short: ICE flew 120 Cubans from New Orleans to Havana on one flight")
    third = build(options, previous=again.state)
    # (and its Spanish image, which shows the same claim's file: drawn again, the same bytes)
    assert third.ok and sorted(drawn) == [
        "El ICE embarcó a 120 cubanos en un vuelo de Nueva Orleans a La Habana",
        "ICE flew 120 Cubans from New Orleans to Havana on one flight"]
    assert "es/claims/120-cubans-one-flight/share.png" not in third.report.written
    assert "claims/120-cubans-one-flight/share.png" in third.report.written
    assert kept.stat().st_mtime_ns == before

    cold = build(Options(site_dir=site, out_dir=tmp_path / "cold", jobs=1, cache=False))
    assert cold.ok
    for cid in CLAIMS:
        path = f"claims/{cid}/share.png"
        assert (out / path).read_bytes() == (tmp_path / "cold" / path).read_bytes(), cid
