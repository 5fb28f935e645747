"""Colours a site may choose (its `accent`), measured as readers' eyes need them: the WCAG
contrast ratio against the theme's backgrounds, and the nearest shade of a colour (same hue
and saturation, darker or lighter) that reaches a ratio. Pure functions of #rrggbb text."""

from __future__ import annotations

import colorsys
import re

HEX = re.compile(r"#[0-9a-f]{6}")
AA_TEXT = 4.5  # WCAG 2 AA, normal text
# The default theme's backgrounds text and links sit on (style.css: --bg, --panel).
LIGHT = ("#ffffff", "#f4f5f7")
DARK = ("#121317", "#1d1f25")


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def worst(colour: str, backgrounds: tuple[str, ...]) -> tuple[float, str]:
    """The lowest contrast of a colour against any of the backgrounds, and that background."""
    return min((contrast(colour, bg), bg) for bg in backgrounds)


def passing_shade(colour: str, backgrounds: tuple[str, ...], ratio: float = AA_TEXT) -> str:
    """The colour itself when it reaches `ratio` against every background, else the nearest
    shade that does: the same hue and saturation, darker on light backgrounds and lighter on
    dark ones (in steps of 1% lightness; black or white at the end)."""
    if worst(colour, backgrounds)[0] >= ratio:
        return colour
    hue, light, sat = colorsys.rgb_to_hls(*_rgb(colour))
    darker = luminance(backgrounds[0]) > 0.5
    step = -0.01 if darker else 0.01
    while 0.0 <= light <= 1.0:
        light += step
        shade = _hex(colorsys.hls_to_rgb(hue, min(max(light, 0.0), 1.0), sat))
        if worst(shade, backgrounds)[0] >= ratio:
            return shade
    return "#000000" if darker else "#ffffff"


def ratio_text(ratio: float) -> str:
    """A ratio as people write it: 2.1:1 (rounded down, so a failing 4.49 is not '4.5:1')."""
    return f"{int(ratio * 10) / 10:g}:1"
