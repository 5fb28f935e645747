"""The default theme's icon, drawn once and committed: a white check mark on the theme's
link blue. `python tests/favicon.py` writes factsite/theme/static/favicon.svg and
favicon.ico (16 and 32 pixels, PNG inside; the standard library only, so the bytes are the
same on every machine with the same zlib)."""

from __future__ import annotations

import itertools
import struct
import zlib
from pathlib import Path

THEME_STATIC = Path(__file__).resolve().parent.parent / "factsite" / "theme" / "static"
VIEW = 32  # the drawing's units
RADIUS = 6
CHECK = ((8.0, 16.5), (13.5, 22.0), (24.0, 10.5))
STROKE = 4.0
BLUE = (0x0B, 0x57, 0xB0)
SAMPLES = 4  # per pixel and axis


def svg() -> str:
    points = " ".join(f"{x:g},{y:g}" for x, y in CHECK)
    blue = "".join(f"{c:02x}" for c in BLUE)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW} {VIEW}">'
            f'<rect width="{VIEW}" height="{VIEW}" rx="{RADIUS}" fill="#{blue}"/>'
            f'<polyline points="{points}" fill="none" stroke="#fff" stroke-width="{STROKE:g}" '
            'stroke-linecap="round" stroke-linejoin="round"/></svg>\n')


def _in_square(x: float, y: float) -> bool:
    cx = min(max(x, RADIUS), VIEW - RADIUS)
    cy = min(max(y, RADIUS), VIEW - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2


def _on_check(x: float, y: float) -> bool:
    for (ax, ay), (bx, by) in itertools.pairwise(CHECK):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        if (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (STROKE / 2) ** 2:
            return True
    return False


def pixels(size: int) -> bytes:
    """RGBA rows, each pixel the average of SAMPLES² points of the drawing."""
    rows = bytearray()
    step = VIEW / size
    for py in range(size):
        rows.append(0)  # PNG filter: none
        for px in range(size):
            square = check = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) * step
                    y = (py + (sy + 0.5) / SAMPLES) * step
                    if _in_square(x, y):
                        square += 1
                        check += _on_check(x, y)
            n = SAMPLES * SAMPLES
            white = check / square if square else 0.0
            rows += bytes(round(c * (1 - white) + 255 * white) for c in BLUE)
            rows.append(round(255 * square / n))
    return bytes(rows)


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(pixels(size), 9)) + chunk(b"IEND", b"")


def ico(sizes: tuple[int, ...] = (16, 32)) -> bytes:
    images = [png(size) for size in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))  # reserved, type 1 (icon), count
    offset = 6 + 16 * len(images)
    for size, image in zip(sizes, images, strict=True):
        out += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return out + b"".join(images)


if __name__ == "__main__":
    THEME_STATIC.mkdir(exist_ok=True)
    (THEME_STATIC / "favicon.svg").write_text(svg())
    (THEME_STATIC / "favicon.ico").write_bytes(ico())
