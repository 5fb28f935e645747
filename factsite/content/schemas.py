"""JSON Schemas for editors, made from the field tables so that they cannot drift.

VS Code's YAML extension (and any editor using yaml-language-server) reads them through
the `# yaml-language-server: $schema=…` line that `new` writes at the top of each file: it
completes field names, shows each field's description and underlines mistakes as the
editor types. The rating scale and team come from the site's own site.yaml, so a rating
that is not on the scale is underlined too. What a schema cannot express (duplicate keys,
references between files, Markdown) stays `check`'s job.

`build.py schemas` writes them to the site's schemas/ folder (committed with the site);
every build also publishes them under /schemas/.
"""

from __future__ import annotations

import json

from .fieldtypes import Schema
from .model import TABLES, Site

DRAFT = "http://json-schema.org/draft-07/schema#"
FILES = {"claim": "claim.schema.json", "source": "source.schema.json",
         "claimant": "claimant.schema.json", "site.yaml": "site.schema.json",
         "claim-translation": "claim-translation.schema.json",
         "person": "person.schema.json"}
WHAT = {"site.yaml": "site.yaml",
        "claim-translation": "a claim's translation (content/claims/<id>.<code>.yaml)",
        "person": "a team member's page (the front matter of content/team/<slug>.md)"}
FRONT_MATTER = frozenset({"person"})  # Markdown files: their schema is their front matter's


def editor_schemas(site: Site | None) -> dict[str, bytes]:
    """Each schema file's name and bytes (the same site gives the same bytes)."""
    out = {}
    for kind, name in FILES.items():
        what = WHAT.get(kind, f"a {kind} file in content/{kind}s/")
        schema = {"$schema": DRAFT, "$id": name, "title": f"factsite: {what}",
                  "description": f"The fields of {what}. Reference: docs/content.md in "
                  "factsite's repository.",
                  **TABLES[kind].schema(Schema(editor=True, site=site))}
        out[name] = (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return out
