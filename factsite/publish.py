"""Stage 5b, publish: the machine-readable files beside the pages, as output path → bytes
in memory (only `write` touches the disk). The Atom feeds, the sitemap and robots.txt
(`feeds`), the open data and its schema (`opendata`, `dataschema`).

A file in static/ may not take one of these names (the build would have to choose), except
robots.txt: a site's own robots.txt replaces the generated one.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import dataschema, feeds, opendata
from .diagnostics import Diagnostic, Pos, display_path, error
from .link import Linked
from .structured import absolute
from .views import Views

OVERRIDABLE = {"robots.txt"}
WHAT = {  # a generated file, in words, for messages
    "feed.xml": "the Atom feed", feeds.CORRECTIONS_FEED: "the corrections feed",
    "sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
    opendata.JSON_PATH: "the open data (JSON)", opendata.CSV_PATH: "the open data (CSV)",
    opendata.SCHEMA_PATH: "the open data's JSON Schema",
}


def publish(linked: Linked, strings: dict[str, str], site_dir: Path, *,
            preview: bool = False) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every generated file; `preview` (a build with drafts) keeps crawlers out."""
    views = Views(linked, strings)
    site = linked.content.site
    doc = opendata.document(views)
    schema = dataschema.claims_schema(absolute(site, opendata.SCHEMA_PATH))
    files = {
        **feeds.feeds(views),
        **feeds.sitemaps(feeds.sitemap_urls(linked), site.root_url),
        "robots.txt": feeds.robots(site.root_url, preview),
        opendata.JSON_PATH: opendata.to_json(doc),
        opendata.CSV_PATH: opendata.to_csv(doc),
        opendata.SCHEMA_PATH: (json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        .encode("utf-8"),
    }
    return _without_clashes(files, linked, site_dir)


def _without_clashes(files: dict[str, bytes], linked: Linked, site_dir: Path
                     ) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Drop what a static file overrides; report a static file or an old address (alias)
    that wants a generated file's place."""
    diagnostics = []
    assets = {a.path for a in linked.content.assets}
    kept = {}
    for path, data in files.items():
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
        kept[path] = data
    return kept, diagnostics


def _alias_pos(linked: Linked, url: str) -> Pos:
    for claim in linked.claims.values():
        for i, alias in enumerate(claim.aliases):
            if alias.strip("/") == url.strip("/"):
                return claim.loc("aliases", i)
    return Pos("site.yaml")
