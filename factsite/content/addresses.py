"""Field types for addresses: a web address (`Url`), a link that may also be a path on this
site (`Link`), an old path on this site to redirect (`SitePath`). Content is untrusted:
these accept only http(s) addresses (and mailto: where a field allows it), which keeps
`javascript:` and the like out of every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .fieldtypes import MISSING, Context, Scalar, Schema
from .yamlnodes import Node

WEB_PATTERN = r"^https?://[^\s/]+\S*$"
MAILTO_PATTERN = r"^mailto:\S+@\S+$"


@dataclass(frozen=True)
class Url(Scalar):
    """An absolute web address; with `mailto`, an email link is accepted too."""

    mailto: bool = False
    python = str

    @property
    def words(self) -> str:  # type: ignore[override]
        return ("a web address starting with https://, or a mailto: address" if self.mailto
                else "a web address starting with https:// or http://")

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if self.mailto and text.startswith("mailto:") and "@" in text and " " not in text:
            return text
        parts = _split(text)
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc \
                or " " in text:
            return self.wrong(node, ctx)
        return text

    def schema(self, target: Schema) -> dict[str, Any]:
        if not target.editor:
            return {"type": "string", "format": "uri"}
        web = {"type": "string", "pattern": WEB_PATTERN}
        return {"anyOf": [web, {"type": "string", "pattern": MAILTO_PATTERN}]} \
            if self.mailto else web


@dataclass(frozen=True)
class Mailto(Scalar):
    """An email address as a link: mailto:name@example.org, and nothing else."""

    words: str = "a mailto: address, like mailto:name@example.org"
    python = str

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if text.startswith("mailto:") and "@" in text[7:] and " " not in text:
            return text
        return self.wrong(node, ctx)

    def schema(self, target: Schema) -> dict[str, Any]:
        return {"type": "string", "pattern": MAILTO_PATTERN}


def _split(text: str) -> Any:
    try:
        return urlsplit(text)
    except ValueError:  # an unbalanced [ in the host, say
        return None


@dataclass(frozen=True)
class Link(Scalar):
    """A web address, or a path on this site starting with '/' (base_url's path is added)."""

    words: str = "a path on this site starting with '/', or a web address starting with https://"
    python = str

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if text.startswith("/") and not text.startswith("//"):
            return text
        return Url().read(text, node, ctx) if "://" in text else self.wrong(node, ctx)

    def schema(self, target: Schema) -> dict[str, Any]:
        if not target.editor:
            return {"type": "string"}
        return {"type": "string", "pattern": r"^(/(?!/)|https?://)\S*$"}


@dataclass(frozen=True)
class SitePath(Scalar):
    """An old address on this site, like /2019/05/old-title/ (for redirects)."""

    words: str = "a path on this site starting with '/', like /2019/05/old-title/"
    python = str

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        segments = text.split("/")[1:]
        if (not text.startswith("/") or text.startswith("//") or "\\" in text
                or any(s in (".", "..") for s in segments) or "" in segments[:-1]
                or any(ord(ch) < 32 or ch in '?#"<>' for ch in text)):
            return self.wrong(node, ctx)
        return text

    def schema(self, target: Schema) -> dict[str, Any]:
        if not target.editor:
            return {"type": "string"}
        return {"type": "string", "pattern": r"^/(?!/)[^?#\s]*$"}


IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True)
class StaticImage(SitePath):
    """An image in the site's static/ folder, by its path on the site: /logo.svg is the
    file static/logo.svg (whether it is there is the plan's to say: see render.kinds)."""

    words: str = ("a path to an image in static/ starting with '/', like /logo.svg "
                  f"({', '.join(IMAGE_TYPES)})")

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        path = super().read(text, node, ctx)
        if path is not MISSING and not path.lower().endswith(IMAGE_TYPES):
            return self.wrong(node, ctx)
        return path

    def schema(self, target: Schema) -> dict[str, Any]:
        if not target.editor:
            return {"type": "string"}
        return {"type": "string", "pattern": r"^/(?!/)[^?#\s]*\.(svg|png|jpe?g|gif|webp)$"}


COPY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(txt|html|htm)$"
COPY_ENDINGS = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class CopyName(Scalar):
    """The name of a stored copy in a claim's appearances/ folder (a file name, no folder:
    it can name nothing outside that folder)."""

    words: str = "a file name ending in .txt or .html, like transcript.txt"
    python = str

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if "/" in text or "\\" in text or text.startswith(".") \
                or not text.lower().endswith(COPY_ENDINGS) or any(c.isspace() for c in text):
            return self.wrong(node, ctx)
        return text

    def schema(self, target: Schema) -> dict[str, Any]:
        return {"type": "string", **({"pattern": COPY_PATTERN} if target.editor else {})}
