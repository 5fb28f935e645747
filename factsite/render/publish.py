"""Stage 5b, publish: the machine-readable files beside the pages, as output path → bytes
in memory (only `write` touches the disk). The Atom feeds, the sitemap and robots.txt
(`feeds`), the open data and its schema (`opendata`, `dataschema`).

A file in static/ may not take one of these names (the build would have to choose), except
robots.txt: a site's own robots.txt replaces the generated one.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from ..diagnostics import Diagnostic, Pos, display_path, error
from ..publish.write import Output
from ..site.index import Linked
from . import dataschema, feeds, opendata
from .structured import absolute
from .views import Views

OVERRIDABLE = {"robots.txt"}
WHAT = {  # a generated file, in words, for messages
    "feed.xml": "the Atom feed", feeds.CORRECTIONS_FEED: "the corrections feed",
    "sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
    opendata.JSON_PATH: "the open data (JSON)", opendata.CSV_PATH: "the open data (CSV)",
    opendata.SCHEMA_PATH: "the open data's JSON Schema",
}


def publish(linked: Linked, strings: dict[str, str], site_dir: Path, output: Output, *,
            preview: bool = False, stored: Callable[[str], str | None] | None = None
            ) -> tuple[set[str], list[Diagnostic]]:
    """Every generated file, handed to `output` as it is made; returns their paths.
    `preview` (a build with drafts) keeps crawlers out; `stored` reads the HTML of a text
    left in the cache."""
    views = Views(linked, strings, stored)
    site = linked.content.site
    schema = dataschema.claims_schema(absolute(site, opendata.SCHEMA_PATH))
    files = {
        **feeds.feeds(views),
        **feeds.sitemaps(feeds.sitemap_urls(linked), site.root_url),
        "robots.txt": feeds.robots(site.root_url, preview),
        opendata.SCHEMA_PATH: (json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        .encode("utf-8"),
    }
    kept, diagnostics = _without_clashes([*files, opendata.JSON_PATH, opendata.CSV_PATH],
                                         linked, site_dir)
    for path in sorted(kept & files.keys()):
        output.add(path, files[path])
    with _stream(output, opendata.JSON_PATH, kept) as to_json, \
            _stream(output, opendata.CSV_PATH, kept) as to_csv:
        opendata.write(views, to_json, to_csv)  # (too big to hold: written as they are made)
    return kept, diagnostics


def _stream(output: Output, path: str, kept: set[str]
            ) -> AbstractContextManager[Callable[[bytes], None]]:
    return output.stream(path) if path in kept else contextlib.nullcontext(lambda data: None)


def _without_clashes(paths: list[str], linked: Linked, site_dir: Path
                     ) -> tuple[set[str], list[Diagnostic]]:
    """The paths a static file does not override; a static file or an old address (alias)
    that wants a generated file's place is reported."""
    diagnostics = []
    assets = {a.path for a in linked.content.assets}
    kept = set()
    for path in paths:
        what = WHAT.get(path, "the sitemap")
        if path in assets:
            if path not in OVERRIDABLE:
                where = Pos(display_path(site_dir / "static" / path))
                diagnostics.append(error(where, f"the site makes /{path} ({what}) itself: "
                                         "rename or remove this file"))
            continue
        for output in linked.outputs:
            if output.path.startswith(path + "/"):
                diagnostics.append(error(_alias_pos(linked, output.url),
                                         f"the address /{output.url} would hide /{path} "
                                         f"({what}): choose another"))
        kept.add(path)
    return kept, diagnostics


def _alias_pos(linked: Linked, url: str) -> Pos:
    for claim in linked.claims.values():
        for i, alias in enumerate(claim.aliases):
            if alias.strip("/") == url.strip("/"):
                return claim.loc("aliases", i)
    return Pos("site.yaml")
