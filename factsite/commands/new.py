"""`factsite new claim|source|claimant|article|page|team SLUG`: a ready-to-fill file, written
from the field tables: every field with a comment saying what it is, the required ones to
fill in, the optional ones commented out with an example, today's date, `draft: true` where
the kind can be a draft, and (in YAML files) the line that gives the editor the file's JSON
Schema, which it writes into the site's schemas/ when it is missing or out of date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..build import today
from ..content.fields import yaml_inline
from ..content.fieldtypes import Date, ListOf, Markdown, Name
from ..content.files import FOLDER_OF, FOLDERS
from ..content.model import TABLES, Site
from ..content.schemas import FILES, FRONT_MATTER, editor_schemas
from ..content.slugs import is_slug, slugify
from ..content.tables import Field, Fields, IdOr, MapOf

KINDS = tuple(FOLDER_OF)  # what `new` makes: a claim, a source, …
NAMED = {"team": "person"}  # `new team <slug>` makes a team member's page
WHAT = {"person": "team member's page"}  # a kind in words, where its name does not say
BIO = ("<!-- Write their bio below, in Markdown: who they are and what they do on the desk. "
       "Link with [words](https://...) or [[claim-id]]; a bio cites no sources. -->")
SKIP = {"id", "draft"}  # the id is the file name; a new file is a draft (written first)


class ScaffoldError(Exception):
    pass


def new_file(site_dir: Path, kind: str, slug: str, site: Site | None,
             program: str = "factsite") -> tuple[Path, list[str]]:
    """Write the scaffold, and the editor schemas a YAML file points at where they are
    missing or out of date (as paths in the site); refuses a bad slug and never overwrites
    a file. `program` is how the user runs factsite, for the file's comment."""
    kind = NAMED.get(kind, kind)
    if not is_slug(slug):
        raise ScaffoldError(f"'{slug}' is not a valid id: use lowercase letters, digits and "
                            f"single hyphens, like '{slugify(slug)}'")
    folder = FOLDER_OF[kind]
    endings = FOLDERS[folder].endings
    target = site_dir / "content" / folder / f"{slug}{endings[0]}"
    clashes = [target.with_suffix(e) for e in endings]
    for existing in clashes:
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; nothing was written")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(scaffold(kind, site, today(), program))
    schemas = write_schemas(site_dir, site) if kind in FILES and kind not in FRONT_MATTER \
        else []  # (a .md file's front matter points at none)
    return target, schemas


def scaffold(kind: str, site: Site | None, day: dt.date, program: str = "factsite") -> str:
    table = TABLES[kind]
    lines = _fields(table, site, day, indent="")
    intro = [f"# A new {WHAT.get(kind, kind)}. Fill in the fields, then run: {program} check",
             "# Lines starting with # are optional: remove the '# ' to use one. Every field is",
             "# described in factsite's documentation (its README links to the field "
             "reference)."]
    if table.field("draft") is not None:
        intro += ["# A draft is checked and shown by the preview, but not published: remove "
                  "this line", "# (or write false) when it is ready.", "draft: true"]
    intro.append("")
    if FOLDERS[FOLDER_OF[kind]].endings[0] == ".md":
        body = ("<!-- Write the text below, in Markdown. Cite a source with [@source-id], link "
                "a claim with [[claim-id]], show a figure with [#claim-id.figure-id]. -->")
        body = BIO if kind == "person" else body
        return "---\n" + "\n".join(intro + lines) + "\n---\n" + body + "\n"
    schema = f"# yaml-language-server: $schema=../../schemas/{FILES[kind]}"
    return "\n".join([schema, *intro, *lines]) + "\n"


def _fields(table: Fields, site: Site | None, day: dt.date, indent: str) -> list[str]:
    lines: list[str] = []
    for spec in table.fields:
        if spec.name in SKIP or spec.replaced_by:
            continue
        lines.append(f"{indent}# {spec.description}{_choices(spec, site)}")
        lines += _field(spec, site, day, indent)
    return lines


def _field(spec: Field, site: Site | None, day: dt.date, indent: str) -> list[str]:
    kind = spec.type
    if not spec.required:
        nested = _example_record(kind)
        if nested is not None:  # an optional group of fields: a commented example of it
            return [f"{indent}# {spec.name}:", *nested]
        if isinstance(kind, Markdown):
            return [f"{indent}# {spec.name}: |", f"{indent}#   {yaml_inline(spec.example)}"]
        example = day.isoformat() if isinstance(kind, Date) else yaml_inline(spec.example)
        return [f"{indent}# {spec.name}: {example}".rstrip()] if spec.example is not None \
            else [f"{indent}# {spec.name}:"]
    if isinstance(kind, Date):
        return [f"{indent}{spec.name}: {day.isoformat()}"]
    item = kind.item if isinstance(kind, ListOf) else None
    record = item.record if isinstance(item, IdOr) else item
    if isinstance(record, Fields):  # a required list of records: one item to fill in
        nested = [line for spec2 in record.fields
                  for line in _field(spec2, site, day, indent + "    ")]
        first = nested[0].strip()
        return [f"{indent}{spec.name}:", f"{indent}  - {first}", *nested[1:]]
    return [f"{indent}{spec.name}:"]


def _example_record(kind: Any) -> list[str] | None:
    """Commented example lines for an optional record, list of records or map of records."""
    if isinstance(kind, MapOf):
        lines = _example_record(kind.value) or []
        return ["#   figure-id:", *(f"#  {line[1:]}" for line in lines)]
    if isinstance(kind, ListOf) and isinstance(kind.item, Fields):
        lines = _example_record(kind.item) or []
        return [f"#   - {lines[0][4:]}", *(f"#  {line[1:]}" for line in lines[1:])]
    if isinstance(kind, Fields):
        return [f"#   {spec.name}: {yaml_inline(spec.example)}".rstrip() for spec in kind.fields
                if spec.name not in SKIP]
    return None


def _choices(spec: Field, site: Site | None) -> str:
    """The values a field can take, where the site knows them."""
    if spec.name == "rating" and site:
        return " One of: " + ", ".join(r.id for r in site.ratings) + "."
    if spec.name in ("checked_by", "edited_by", "name") and site and site.team \
            and _names_member(spec):
        return " Team: " + ", ".join(m.name for m in site.team) + "."
    return ""


def _names_member(spec: Field) -> bool:
    """Does the field name members of site.yaml's team (a claim's credits, a team page's
    name)?"""
    kind = spec.type.item if isinstance(spec.type, ListOf) else spec.type
    return isinstance(kind, Name) and kind.refers == "team member"


def write_schemas(site_dir: Path, site: Site | None) -> list[str]:
    """Write the editor schemas into the site's schemas/ folder; returns the files that
    changed."""
    folder = site_dir / "schemas"
    folder.mkdir(exist_ok=True)
    changed = []
    for name, data in editor_schemas(site).items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(f"schemas/{name}")
    return changed
