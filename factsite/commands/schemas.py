"""JSON Schemas for editors, derived from the field tables so that they cannot drift.

VS Code's YAML extension (and any editor using yaml-language-server) reads them through
the `# yaml-language-server: $schema=…` line that `new` writes at the top of each file: it
completes field names, shows each field's description and underlines mistakes as the
editor types. The rating scale and team come from the site's own site.yaml, so a rating
that is not on the scale is underlined too. What a schema cannot express (duplicate keys,
references between files, Markdown) stays `check`'s job.

`python build.py schemas` writes them to the site's schemas/ folder (committed with the
site); every build also publishes them under /schemas/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..content import fields
from ..content.fieldtypes import (
    Bool,
    Choice,
    Date,
    Duration,
    Fields,
    Id,
    IdOrFields,
    Link,
    ListOf,
    MapOf,
    Markdown,
    Name,
    Number,
    SitePath,
    Str,
    Type,
    Url,
)
from ..content.model import Site
from ..content.slugs import SLUG

DRAFT = "http://json-schema.org/draft-07/schema#"
FILES = {"claim": "claim.schema.json", "source": "source.schema.json",
         "claimant": "claimant.schema.json", "site.yaml": "site.schema.json"}
SLUG_PATTERN = f"^{SLUG.pattern}$"
# What yaml-language-server reads plain text as: `title: 2019` is a number to it and
# `rating: false` a boolean, while our loader reads both as text. Text fields accept both.
TEXT = ["string", "number", "boolean"]


def type_schema(kind: Type, site: Site | None) -> dict[str, Any]:
    """The JSON Schema of one field type."""
    if isinstance(kind, Name) and kind.refers == "team member" and site and site.team:
        return {"enum": [m.name for m in site.team]}
    if isinstance(kind, Str | Markdown | Name):
        schema: dict[str, Any] = {"type": TEXT}
        if isinstance(kind, Str) and kind.max_len:
            schema["maxLength"] = kind.max_len
        return schema
    if isinstance(kind, Id):
        if kind.refers == "rating" and site and site.ratings:
            return {"enum": _as_yaml_reads([r.id for r in site.ratings])}
        return {"type": ["string", "integer"], "pattern": SLUG_PATTERN, "minimum": 0}
    if isinstance(kind, Date):
        return {"type": "string", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$"}
    if isinstance(kind, Url):
        web = {"type": "string", "pattern": r"^https?://[^\s/]+\S*$"}
        return {"anyOf": [web, {"type": "string", "pattern": r"^mailto:\S+@\S+$"}]} \
            if kind.mailto else web
    if isinstance(kind, Link):
        return {"type": "string", "pattern": r"^(/(?!/)|https?://)\S*$"}
    if isinstance(kind, SitePath):
        return {"type": "string", "pattern": r"^/(?!/)[^?#\s]*$"}
    if isinstance(kind, Duration):
        return {"type": "string", "pattern": r"^\s*[1-9]\d*\s*[dwmy]\s*$"}
    if isinstance(kind, Bool):
        return {"type": "boolean"}
    if isinstance(kind, Number):
        schema = {"type": "integer" if kind.integer else "number"}
        if kind.minimum is not None:
            schema["minimum"] = kind.minimum
        return schema
    if isinstance(kind, Choice):
        return {"enum": list(kind.choices)}
    if isinstance(kind, ListOf):
        schema = {"type": "array", "items": type_schema(kind.item, site)}
        if kind.min_items:
            schema["minItems"] = kind.min_items
        return schema
    if isinstance(kind, MapOf):
        return {"type": "object", "propertyNames": {"pattern": SLUG_PATTERN},
                "additionalProperties": type_schema(kind.value, site)}
    if isinstance(kind, IdOrFields):
        key = kind.record.field(kind.key)
        return {"anyOf": [type_schema(key.type, site), type_schema(kind.record, site)]}
    if isinstance(kind, Fields):
        return record_schema(kind, site)
    raise TypeError(f"no JSON Schema for {kind!r}")


def _as_yaml_reads(ids: list[str]) -> list[Any]:
    """Ids, plus the value an editor's YAML reads each as when it is written unquoted."""
    values: list[Any] = []
    for value in ids:
        values.append(value)
        if value in ("true", "false"):
            values.append(value == "true")
        elif value == "null":
            values.append(None)
        elif value.isdigit():
            values.append(int(value))
    return values


def record_schema(table: Fields, site: Site | None) -> dict[str, Any]:
    properties = {}
    for spec in table.fields:
        prop = {"description": spec.description, **type_schema(spec.type, site)}
        if spec.example is not None:
            prop["examples"] = [spec.example]
        properties[spec.name] = prop
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    required = [spec.name for spec in table.fields if spec.required]
    if required:
        schema["required"] = required
    return schema


def file_schemas(site: Site | None) -> dict[str, bytes]:
    """Each schema file's name and bytes (stable: the same site gives the same bytes)."""
    out = {}
    for kind, name in FILES.items():
        table = fields.TABLES[kind]
        what = "site.yaml" if kind == "site.yaml" else f"a {kind} file in content/{kind}s/"
        schema = {"$schema": DRAFT, "$id": name,
                  "title": f"factsite: {what}",
                  "description": f"The fields of {what}. Reference: docs/content.md.",
                  **record_schema(table, site)}
        out[name] = (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return out


def write_schemas(site_dir: Path, site: Site | None) -> list[str]:
    """Write the schemas into the site's schemas/ folder; returns the files that changed."""
    folder = site_dir / "schemas"
    folder.mkdir(exist_ok=True)
    changed = []
    for name, data in file_schemas(site).items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(f"schemas/{name}")
    return changed
