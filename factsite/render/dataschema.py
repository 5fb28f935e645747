"""The JSON Schema of /claims.json, published at /schemas/claims.schema.json, and the
field reference in docs/data.md generated from it (`python -m factsite.render.dataschema
docs/data.md`).

Where a value in claims.json is a field editors write, its type and description come from
that field's declaration in the model (so the schema follows the content rules); the values
the build adds (URLs, plain-text renderings, numbering) are described here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..content import model
from ..content.fieldtypes import ID_PATTERN, Schema
from ..content.tables import Fields
from .opendata import CSV_COLUMNS, SCHEMA_PATH
from .outputs import Output, Planned, Scope

DRAFT = "https://json-schema.org/draft/2020-12/schema"
OPEN_DATA = Schema(editor=False)


def plan(scope: Scope) -> Iterator[Planned]:
    yield Output(SCHEMA_PATH, SCHEMA_PATH, "data-schema"), ()


def make(output: Output, views: Any) -> bytes:
    text = json.dumps(claims_schema(views.words.absolute(SCHEMA_PATH)), indent=2,
                      ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def field(table: Fields, name: str, *, nullable: bool | None = None,
          description: str | None = None) -> dict[str, Any]:
    """A property from a field's declaration. Optional fields may be null (nullable=None
    follows `required`)."""
    spec = table.field(name)
    assert spec is not None, name
    schema = {"description": description or spec.description, **spec.type.schema(OPEN_DATA)}
    return _nullable(schema) if (not spec.required if nullable is None else nullable) \
        else schema


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def _text(description: str, nullable: bool = False) -> dict[str, Any]:
    schema = {"description": description, "type": "string"}
    return _nullable(schema) if nullable else schema


def _url(description: str, nullable: bool = False) -> dict[str, Any]:
    schema = {"description": description, "type": "string", "format": "uri"}
    return _nullable(schema) if nullable else schema


def _object(description: str, properties: dict[str, Any], nullable: bool = False
            ) -> dict[str, Any]:
    return {"description": description, "type": ["object", "null"] if nullable else "object",
            "properties": properties, "required": list(properties),
            "additionalProperties": False}


def _array(description: str, items: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "type": "array", "items": items}


def claims_schema(schema_url: str | None = None) -> dict[str, Any]:
    """The schema of claims.json; `schema_url` is where the site publishes it."""
    C, S, R, A = (model.Claim.FIELDS, model.Source.FIELDS, model.Rating.FIELDS,
                  model.Appearance.FIELDS)
    CL, FIG, COR = model.Claimant.FIELDS, model.Figure.FIELDS, model.Correction.FIELDS
    IM = model.Imported.FIELDS
    rating_value = _nullable(field(R, "value", nullable=False,
                                   description="Its place on the scale: higher is more true, "
                                   "the lowest is 1; null for a verdict off the scale."))
    source = _object("A source, as this check relies on it.", {
        "number": {"description": "Its number in the page's source list.", "type": "integer",
                   "minimum": 1},
        "id": field(S, "id", nullable=False, description="The source's id."),
        **{name: field(S, name) for name in ("title", "publisher", "author", "kind",
                                             "published", "url", "no_url", "archived",
                                             "archived_on")},
        "status": field(S, "status", nullable=False),
        "quote": field(model.SourceRef.FIELDS, "quote"),
        "locator": field(model.SourceRef.FIELDS, "locator"),
        "page": _url("The source's page on this site."),
    })
    appearance = _object("A place the claim was made.", {
        **{name: field(A, name) for name in ("where", "url", "date")},
        "claimant": _text("Who made it there, when not the claim's claimant (a claim "
                          "repeated by others): their name; null when it was the claimant.",
                          nullable=True),
        **{name: field(A, name) for name in ("archived", "archived_on", "said")},
        "wording_verified": {
            "description": "Whether the desk's stored copy of this place has the words "
                           "said there (its `said`, else the claim's, unless another "
                           "claimant made it there): true or false; null when there are no "
                           "words to check or no stored copy.",
            "type": ["boolean", "null"]},
    })
    claim = _object("One published fact-check.", {
        "id": field(C, "id", nullable=False, description="The claim's id, as in its URL."),
        "url": _url("The fact-check's own page."),
        "claim": field(C, "claim"),
        "short": field(C, "short"),
        "claimant": _object("Who made the claim.", {
            "id": {"description": "The claimant's id: its file in content/claimants/, or "
                   "the slug of the name.", "type": "string", "pattern": ID_PATTERN},
            "name": field(CL, "name"),
            "kind": field(CL, "kind"),
            "website": field(CL, "url"),
            "same_as": field(CL, "same_as"),
            "url": _url("The claimant's page on this site."),
        }),
        "said": field(C, "said"),
        "appearances": _array("Every place the claim was made, as the claim's file lists "
                              "them (earliest first, as a rule).", appearance),
        "rating": _object("The verdict.", {
            "id": field(R, "id"), "label": field(R, "label"), "value": rating_value,
            "on_scale": field(R, "on_scale", nullable=False),
        }),
        "summary": field(C, "summary", description="The verdict in a paragraph, as plain "
                         "text (figures written out, citation marks left out)."),
        "published": field(C, "published"),
        "updated": field(C, "updated"),
        "modified": {"description": "The latest of published, updated and the corrections' "
                     "dates.", "type": "string", "format": "date"},
        "checked_by": field(C, "checked_by", nullable=False),
        "edited_by": field(C, "edited_by", nullable=False),
        "imported": _object("Whose check this first was, when it was imported from another "
                            "publisher; null for the desk's own. Until `adopted`, `rating` is "
                            "their verdict put on this site's scale, not the desk's.", {
            **{name: field(IM, name) for name in ("publisher", "url", "published", "rating")},
            "adopted": field(IM, "adopted", nullable=False),
        }, nullable=True),
        "figures": _array("The numbers at stake.", _object("A figure.", {
            "id": {"description": "The figure's id within the claim.", "type": "string",
                   "pattern": ID_PATTERN},
            "label": field(FIG, "label"), "value": field(FIG, "value"),
            "qualifier": field(FIG, "qualifier", nullable=False),
            "unit": field(FIG, "unit"), "as_of": field(FIG, "as_of"),
            "text": _text("The figure as the page writes it, in the site's language: "
                          "'more than 37,000 Cubans'."),
            "source": field(FIG, "source"), "quote": field(FIG, "quote"),
        })),
        "sources": _array("The sources the check relies on, in the order the page numbers "
                          "them.", source),
        "tags": field(C, "tags", nullable=False),
        "related": field(C, "related", nullable=False),
        "corrections": _array("The log of corrections, oldest first as written.", _object(
            "A correction.", {"date": field(COR, "date"), "kind": field(COR, "kind"),
                              "text": field(COR, "text", description="What changed and why, "
                                            "as plain text."),
                              "rating_before": field(COR, "rating_before")})),
        "retracted": {"description": "true when a correction of kind 'retraction' withdrew "
                      "the check.", "type": "boolean"},
    })
    site = _object("The site that published the checks.", {
        "title": field(model.Site.FIELDS, "title"),
        "url": _url("The site's address (base_url)."),
        "language": field(model.Site.FIELDS, "language", nullable=False),
        "publisher": _text("Who publishes the checks."),
        "publisher_url": _url("The publisher's website."),
    })
    verdict = _object("A verdict.", {
        "id": field(R, "id"), "label": field(R, "label"),
        "description": field(R, "description"), "value": rating_value,
        "on_scale": field(R, "on_scale", nullable=False),
        "url": _url("The page listing the checks with this verdict."),
    })
    schema: dict[str, Any] = {"$schema": DRAFT}
    if schema_url:
        schema["$id"] = schema_url
    schema["title"] = "claims.json"
    schema.update(_object(
        "Every published fact-check of a factsite site, with its verdict, figures and sources.",
        {"$schema": _url("The address of this schema."), "site": site,
         "ratings": _array("The rating scale, best to worst.", verdict),
         "claims": _array("The published checks, newest first.", claim)}))
    return schema


# ---- the reference in docs/data.md ----------------------------------------------------------


def reference(schema: dict[str, Any], prefix: str = "") -> list[str]:
    """Rows of a Markdown table: field, type, description; nested objects as a.b, items
    of arrays as a[].b."""
    rows = []
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        rows.append(f"| `{path}` | {_words(prop)} | {prop.get('description', '')} |")
        if "properties" in prop:
            rows += reference(prop, path + ".")
        elif prop.get("type") == "array" and "properties" in prop["items"]:
            rows += reference(prop["items"], path + "[].")
    return rows


def _words(prop: dict[str, Any]) -> str:
    kinds = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    main = next(k for k in kinds if k != "null")
    word = {"string": "text", "integer": "whole number", "number": "number",
            "boolean": "true/false", "object": "object", "array": "list"}[main]
    if "enum" in prop:
        word = "one of " + ", ".join(f"`{v}`" for v in prop["enum"] if v is not None)
    elif prop.get("format") == "date":
        word = "date (YYYY-MM-DD)"
    elif prop.get("format") == "uri":
        word = "URL"
    elif main == "array" and prop["items"].get("type") == "string":
        word = "list of text"
    elif main == "array":
        word = "list of objects"
    return word + (", or null" if "null" in kinds else "")


def update_docs(text: str) -> str:
    """Replace the `<!-- data:json -->` and `<!-- data:csv -->` blocks with current tables."""
    tables = {
        "json": "| field | type | what it is |\n|---|---|---|\n"
                + "\n".join(reference(claims_schema())),
        "csv": "| column | what it holds |\n|---|---|\n"
               + "\n".join(f"| `{k}` | {v} |" for k, v in CSV_COLUMNS.items()),
    }
    return re.sub(r"(<!-- data:(\w+) -->)\n(?:.*?\n)??(<!-- /data -->)",
                  lambda m: f"{m.group(1)}\n{tables[m.group(2)]}\n{m.group(3)}", text,
                  flags=re.S)


if __name__ == "__main__":  # python -m factsite.render.dataschema docs/data.md
    import sys
    from pathlib import Path

    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(update_docs(path.read_text("utf-8")), "utf-8")
