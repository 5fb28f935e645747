"""Helpers for the publishing tests: the site's YAML read independently of factsite (with
PyYAML's BaseLoader: every value is the text as written), built pages found on disk, and a
real HTTP server on loopback to follow the links that feeds, sitemaps and data publish."""

from __future__ import annotations

import contextlib
import re
import threading
import urllib.request
from collections.abc import Iterator
from functools import partial
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml


def read_yaml(path: Path) -> dict:
    """A content file's fields (a .md file's front matter), all values as written."""
    text = path.read_text("utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return yaml.load(text, Loader=yaml.BaseLoader)


def site_yaml(site: Path) -> dict:
    return read_yaml(site / "site.yaml")


def claims_yaml(site: Path) -> dict[str, dict]:
    """claim id → its fields, for every claim file that is not a draft (a claim's folder of
    stored copies is not one)."""
    out = {}
    for path in sorted(p for p in (site / "content/claims").iterdir()
                       if p.is_file() and "." not in p.stem):  # (not a translation)
        data = read_yaml(path)
        if data.get("draft") != "true":
            out[data.get("id", path.stem)] = data
    return out


def claimant_yaml(site: Path, claimant: str) -> dict | None:
    path = site / "content/claimants" / f"{claimant}.yaml"
    return read_yaml(path) if path.is_file() else None


def modified(claim: dict) -> str:
    """The latest of published, updated and the corrections' dates (ISO dates sort)."""
    dates = [claim["published"], claim.get("updated", ""),
             *(c["date"] for c in claim.get("corrections", []))]
    return max(d for d in dates if d)


def built_pages(out: Path, root_url: str) -> dict[str, Path]:
    """Absolute URL → file, for every HTML page in a built folder."""
    pages = {}
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        pages[root_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)] = \
            path
    return pages


def is_redirect(page: Path) -> bool:
    return 'http-equiv="refresh"' in page.read_text("utf-8")


def is_noindex(page: Path) -> bool:
    """A page that asks search engines to leave it out (a redirect, a claim's embed)."""
    return '<meta name="robots" content="noindex">' in page.read_text("utf-8")


def text_of(html: str, pattern: str) -> str:
    """The text inside the first match of `pattern` (a regex with one group), tags removed."""
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1; yields the server's root URL."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def fetch(public_url: str, server: str) -> tuple[int, str]:
    """GET a published absolute URL (https://example.org/…) from the loopback server:
    (status, content type). The URL's path is kept, so a sub-path is served as such."""
    path = urlsplit(public_url).path
    try:
        with urllib.request.urlopen(server.rstrip("/") + path, timeout=10) as response:
            return response.status, response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, ""
