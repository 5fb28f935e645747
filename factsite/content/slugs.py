"""Ids and the slugs that names become in URLs."""

from __future__ import annotations

import hashlib
import re

from anyascii import anyascii

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_OTHER = re.compile(r"[^a-z0-9]+")

# Top-level paths the site itself uses; a page may not take one of them.
RESERVED = frozenset({
    "claims", "sources", "tags", "ratings", "claimants", "articles", "corrections",
    "search", "pagefind", "schemas", "assets", "static", "page", "feed.xml", "sitemap.xml",
    "robots.txt", "claims.json", "claims.csv", "404.html", "index.html", "404", "team",
})


def is_slug(value: str) -> bool:
    """Lowercase ASCII letters and digits, in runs joined by single hyphens."""
    return bool(SLUG.fullmatch(value))


def slugify(name: str) -> str:
    """Díaz-Canel → diaz-canel. Names in other scripts are transliterated; when nothing
    usable is left (emoji, punctuation), a short stable hash of the name stands in."""
    ascii_name = anyascii(name).lower()
    slug = _OTHER.sub("-", ascii_name).strip("-")
    if slug:
        return slug[:80].rstrip("-")
    return "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
