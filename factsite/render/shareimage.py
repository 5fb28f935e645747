"""A claim's share image: the 1200×630 PNG that a link to the claim shows when it is shared
(Open Graph's `og:image`, a `summary_large_image` card), at /claims/<id>/share.png.

It shows what the page opens with: the desk's name, the claim (its short form, else the
claim itself), who made it, and the verdict in words, in its badge (a filled pill; an
outlined one for a verdict outside the scale) with the theme's meter (one step per rating
on the scale) and its place on the scale. Colour only repeats the words.

`draw` is a pure function of what the image shows (a `Share`) and its colours (a
`Palette`, the theme's light colours): the same values make the same bytes, on any machine
with the same Pillow. The font is Open Sans (the `ttf-opensans` package, Apache-2.0), laid
out by Pillow's own basic layout (no system library, no system font): it has the accented
letters and typographic punctuation of every language the theme speaks. Long texts wrap,
then are shortened with an ellipsis (`fit`). The PNG has no timestamp and no metadata.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass

import ttf_opensans
from PIL import Image, ImageColor, ImageDraw, ImageFont

from ..content.typography import smarten
from ..site.urls import url_for
from .outputs import Output, Planned, Scope, claim_files
from .views import Views

WIDTH, HEIGHT = 1200, 630  # Open Graph's and X's large card: 1.91:1
TYPE = "image/png"
NAME = "share.png"  # in the claim's folder
MARGIN = 64
ELLIPSIS = "…"
Font = ImageFont.FreeTypeFont
_FONTS = {"regular": ttf_opensans.OPENSANS_REGULAR, "semibold": ttf_opensans.OPENSANS_SEMIBOLD,
          "bold": ttf_opensans.OPENSANS_BOLD}


@dataclass(frozen=True, slots=True)
class Palette:
    """The image's colours (#rrggbb): the default theme's light colours (style.css)."""

    background: str = "#ffffff"
    text: str = "#1b1b1f"
    muted: str = "#555a64"
    line: str = "#d9dce1"
    panel: str = "#f4f5f7"
    on_tone: str = "#ffffff"
    tones: tuple[tuple[str, str], ...] = (
        ("tone-5", "#14632f"), ("tone-4", "#3b6512"), ("tone-3", "#805400"),
        ("tone-2", "#a0410b"), ("tone-1", "#a11c1c"), ("tone-none", "#4a4f58"))

    def tone(self, name: str) -> str:
        return dict(self.tones).get(name, self.muted)


PALETTE = Palette()


@dataclass(frozen=True, slots=True)
class Share:
    """What a share image shows, in the site's language, as the page says it."""

    desk: str  # the site's title
    eyebrow: str  # "Fact-check" (· "Retracted")
    heading: str  # the claim's short form, else the claim
    claimed_by: str  # "Claimed by Ana Pérez"
    verdict_heading: str  # "Our verdict"
    label: str  # the verdict in words: "Mostly false"
    position: str  # "2 of 5 on our scale"
    tone: str  # "tone-2", or "tone-none" off the scale
    meter: tuple[bool, ...]  # one step per rating on the scale, worst first
    on_scale: bool

    def alt(self, template: str) -> str:
        """The image in words (`og:image:alt`), from the theme's `share_alt` string: what
        this is, the claim, who made it, the verdict's heading, the verdict with its place
        on the scale, and the desk."""
        verdict = f"{self.label}, {self.position}" if self.position else self.label
        return template.format(self.eyebrow, self.heading, self.claimed_by,
                               self.verdict_heading, verdict, self.desk)


# ---- the outputs: one image per claim ---------------------------------------------------


def plan(scope: Scope) -> Iterator[Planned]:
    """An image per claim; it shows the claim's file and its claimant's name (site.yaml,
    with the desk's name and the ratings, every output shows)."""
    index = scope.index
    for cid in scope.pages("claim", index.claims):
        url = url_for("claims", cid) + NAME
        yield Output(url, url, "share-image", cid), claim_files(index, [cid])


def shown(output: Output, views: Views) -> Share:
    return share(views, output.key)


def share(views: Views, claim_id: str) -> Share:
    """What the image of a claim shows: its card, in the theme's words."""
    card, t = views.card(claim_id), views.t
    eyebrow = t["fact_check"] + (f" · {t['retracted']}" if card.retracted else "")
    verdict = card.verdict
    ours = bool(verdict.url)  # (an imported check's verdict is its publisher's)
    return Share(smarten(views.site.title), eyebrow, smarten(card.heading),
                 f"{t['claimed_by']} {smarten(card.claimant)}",
                 t["our_verdict"] if ours else t["their_verdict"], smarten(verdict.label),
                 verdict.position if ours else "", verdict.tone, verdict.meter,
                 verdict.on_scale)


def meta(views: Views, claim_id: str) -> dict[str, str | int]:
    """What a claim page's head says of its image: the absolute URL, the words, the size."""
    return {"url": views.words.absolute(url_for("claims", claim_id) + NAME),
            "alt": share(views, claim_id).alt(views.t["share_alt"]),
            "width": WIDTH, "height": HEIGHT, "type": TYPE}


# ---- text that fits -------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def font(weight: str, size: int) -> Font:
    return ImageFont.truetype(str(_FONTS[weight].path), size,
                              layout_engine=ImageFont.Layout.BASIC)


def fit(text: str, face: Font, width: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines, each at most `width` pixels wide: wrapped at spaces
    (a word wider than a line is broken), and, when it does not fit, its last line
    shortened to end with '…'."""
    out = wrap(text, face, width, lines)
    if len(out) <= lines:
        return out
    return [*out[:lines - 1], _shorten(out[lines - 1] + ELLIPSIS, face, width)]


def wrap(text: str, face: Font, width: float, lines: int) -> list[str]:
    """`text` wrapped at spaces into lines at most `width` wide (a word wider than a line
    broken where it must), stopping once it has more than `lines`."""
    out: list[str] = []
    for word in text.split():
        if out and face.getlength(f"{out[-1]} {word}") <= width:
            out[-1] += " " + word
        else:
            out += _broken(word, face, width)
        if len(out) > lines:
            break
    return out


def _broken(word: str, face: Font, width: float) -> list[str]:
    """A word, or the pieces of one too wide for a line."""
    if face.getlength(word) <= width:
        return [word]
    pieces = [""]
    for char in word:
        if pieces[-1] and face.getlength(pieces[-1] + char) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _shorten(line: str, face: Font, width: float) -> str:
    """A line ending in '…', shortened (a word at a time, then a letter) until it fits."""
    text = line.removesuffix(ELLIPSIS).rstrip(" ,;:—–-")
    while text and face.getlength(text + ELLIPSIS) > width:
        cut = text.rsplit(" ", 1)[0] if " " in text else text[:-1]
        text = cut.rstrip(" ,;:—–-")
    return text + ELLIPSIS


# ---- the drawing ----------------------------------------------------------------------------

HEADING_SIZES = ((60, 3), (50, 4), (42, 4))  # (font size, lines): the largest that fits
HEADING_TOP = 150
PANEL_TOP = 452
TEXT_WIDTH = WIDTH - 2 * MARGIN
COMPRESSION = 3  # zlib's: 6 makes files a sixth smaller, in twice the time
LEVELS = 32  # the shades between a text's colour and its background's, for smooth edges


class Canvas:
    """An image whose pixels are numbers in its own list of colours: a palette PNG, which
    takes a fifth of the time of a full-colour one to encode. Shapes are drawn in one
    colour; a text's edges are smoothed with a ramp of shades between its colour and the
    colour it is drawn over."""

    def __init__(self, background: str) -> None:
        self.colours: list[tuple[int, ...]] = []  # (r, g, b), by number
        self.ramps: dict[tuple[str, str], list[int]] = {}
        self.image = Image.new("L", (WIDTH, HEIGHT), self.colour(background))
        self.pen = ImageDraw.Draw(self.image)

    def colour(self, colour: str | tuple[int, ...]) -> int:
        """The number of a colour (#rrggbb, or r, g, b), added to the list if it is new."""
        rgb = ImageColor.getrgb(colour) if isinstance(colour, str) else colour
        if rgb not in self.colours:
            assert len(self.colours) < 256, "a palette PNG has at most 256 colours"
            self.colours.append(rgb)
        return self.colours.index(rgb)

    def ramp(self, colour: str, over: str) -> list[int]:
        """The numbers of LEVELS + 1 shades, from `over` (0) to `colour` (LEVELS)."""
        if (colour, over) not in self.ramps:
            pairs = tuple(zip(ImageColor.getrgb(colour), ImageColor.getrgb(over), strict=True))
            self.ramps[colour, over] = [
                self.colour(tuple(round(b + (f - b) * i / LEVELS) for f, b in pairs))
                for i in range(LEVELS + 1)]
        return self.ramps[colour, over]

    def text(self, at: tuple[int, int], text: str, face: Font, colour: str, over: str,
             anchor: str = "ls") -> None:
        """A line of text (at its anchor: left and baseline), smoothed against `over`."""
        left, top, right, bottom = face.getbbox(text, anchor=anchor)
        if right <= left or bottom <= top:
            return
        cover = Image.new("L", (right - left, bottom - top), 0)
        ImageDraw.Draw(cover).text((-left, -top), text, font=face, fill=255, anchor=anchor)
        ramp = self.ramp(colour, over)
        shades = cover.point([ramp[level] for level in _LEVEL])
        self.image.paste(shades, (at[0] + left, at[1] + top), cover.point(_INKED))

    def png(self) -> bytes:
        """The PNG: a palette of the colours used, fixed compression, no metadata."""
        image = self.image.copy()
        image.putpalette([value for rgb in self.colours for value in rgb], "RGB")
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=COMPRESSION)
        return out.getvalue()


_INKED = [0] + [255] * 255  # a mask of where a text has ink
_LEVEL = [round(c * LEVELS / 255) for c in range(256)]  # ink (0-255) → its shade


def draw(share: Share, palette: Palette = PALETTE) -> bytes:
    """The image's PNG bytes."""
    canvas = Canvas(palette.background)
    _top(canvas, share, palette)
    bottom = _heading(canvas, share.heading, palette)
    _line(canvas, share.claimed_by, font("regular", 30), (MARGIN, bottom + 46), palette.muted,
          palette.background)
    _verdict(canvas, share, palette)
    return canvas.png()


def _line(canvas: Canvas, text: str, face: Font, at: tuple[int, int], colour: str,
          over: str, width: float = TEXT_WIDTH, anchor: str = "ls") -> float:
    """One line of text, shortened to fit `width`; returns how wide it is."""
    line = (fit(text, face, width, 1) or [""])[0]
    canvas.text(at, line, face, colour, over, anchor)
    return face.getlength(line)


def _top(canvas: Canvas, share: Share, palette: Palette) -> None:
    """The desk's name, left, and what this is ("Fact-check"), right, over a rule."""
    used = _line(canvas, share.eyebrow, font("semibold", 26), (WIDTH - MARGIN, 78),
                 palette.muted, palette.background, TEXT_WIDTH / 3, anchor="rs")
    _line(canvas, share.desk, font("bold", 32), (MARGIN, 78), palette.text,
          palette.background, TEXT_WIDTH - used - 32)
    canvas.pen.rectangle((MARGIN, 104, WIDTH - MARGIN, 106), fill=canvas.colour(palette.line))


def _heading(canvas: Canvas, text: str, palette: Palette) -> int:
    """The claim, at the largest size it fits at whole (at the smallest, shortened);
    returns the baseline of its last line."""
    for size, most in HEADING_SIZES:
        face = font("bold", size)
        lines = wrap(text, face, TEXT_WIDTH, most)
        if len(lines) <= most:
            break
    else:
        lines = fit(text, face, TEXT_WIDTH, most)
    step = round(size * 1.25)
    y = HEADING_TOP + size
    for line in lines:
        canvas.text((MARGIN, y), line, face, palette.text, palette.background)
        y += step
    return y - step


def _verdict(canvas: Canvas, share: Share, palette: Palette) -> None:
    """The panel at the bottom: "Our verdict", the badge, the meter, the place on the scale."""
    tone = palette.tone(share.tone)
    canvas.pen.rectangle((0, PANEL_TOP, WIDTH, HEIGHT), fill=canvas.colour(palette.panel))
    canvas.pen.rectangle((0, PANEL_TOP, 16, HEIGHT), fill=canvas.colour(tone))
    _line(canvas, share.verdict_heading, font("semibold", 26), (MARGIN, PANEL_TOP + 52),
          palette.muted, palette.panel)
    x = _badge(canvas, share, tone, palette, top=PANEL_TOP + 76)
    x = _meter(canvas, share.meter if share.on_scale else (), tone, x + 32, PANEL_TOP + 108)
    room = WIDTH - MARGIN - (x + 24)
    if share.position and room > 80:
        _line(canvas, share.position, font("regular", 28), (x + 24, PANEL_TOP + 118),
              palette.muted, palette.panel, room)


def _badge(canvas: Canvas, share: Share, tone: str, palette: Palette, top: int) -> int:
    """The verdict's words in a pill: filled with its tone on the scale, outlined off it.
    Returns where it ends."""
    face = font("bold", 38)
    label = (fit(share.label, face, TEXT_WIDTH * 0.6, 1) or [""])[0]
    right = MARGIN + round(face.getlength(label)) + 2 * 28
    box = (MARGIN, top, right, top + 64)
    if share.on_scale:
        canvas.pen.rounded_rectangle(box, radius=14, fill=canvas.colour(tone))
        colour, over = palette.on_tone, tone
    else:
        canvas.pen.rounded_rectangle(box, radius=14, fill=canvas.colour(palette.background),
                                     outline=canvas.colour(tone), width=4)
        colour, over = tone, palette.background
    canvas.text((MARGIN + 28, top + 32), label, face, colour, over, anchor="lm")
    return right


def _meter(canvas: Canvas, steps: tuple[bool, ...], tone: str, x: int, middle: int) -> int:
    """The theme's meter: a box per rating on the scale, filled up to the verdict's (boxes
    narrower on a long scale, so that it ends inside the margin). Returns where it ends."""
    ink = canvas.colour(tone)
    step = min(48, (WIDTH - MARGIN - x) // max(len(steps), 1))
    for on in steps:
        box = (x, middle - 12, x + step - 8, middle + 12)
        canvas.pen.rounded_rectangle(box, radius=4, fill=ink if on else None, outline=ink,
                                     width=3)
        x += step
    return x - 8 if steps else x - 32
