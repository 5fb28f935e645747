"""Field types: how one YAML value is read, checked, described and given a JSON Schema.

Every type knows its plain-words description (`words`, used in messages and in the docs),
how to `convert` a positioned YAML node into a Python value (recording a located problem
when it cannot), the Python type of that value (`python`, which the model's annotations
must agree with), and its JSON Schema (`schema`): for editors (what yaml-language-server
reads as it types) or for the open data (what claims.json holds).

`Field` declares one field of a record and `record` turns a class of such declarations
into a typed, frozen dataclass whose `FIELDS` is its field table (see `model`).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import inspect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from ..diagnostics import Diagnostic, Pos, did_you_mean, error
from .slugs import SLUG, is_slug, slugify
from .values import Locs, Period, Text
from .yamlnodes import Node

MISSING: Any = object()  # a value that could not be read; its error is already recorded
NO_DEFAULT: Any = object()
ID_PATTERN = f"^{SLUG.pattern}$"
DATE_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}$"
WEB_PATTERN = r"^https?://[^\s/]+\S*$"
MAILTO_PATTERN = r"^mailto:\S+@\S+$"
# What yaml-language-server reads unquoted text as: `title: 2019` is a number to it and
# `rating: false` a boolean, while our loader reads both as text. Text fields accept both.
EDITOR_TEXT = ["string", "number", "boolean"]


class Schema(NamedTuple):
    """Which JSON Schema a type writes: for editors (`editor`, with the site's ratings and
    team when known) or for the open data."""

    editor: bool
    site: Any = None  # model.Site (its ratings and team names become enums)


class Context:
    """Collects the problems found while converting one file. `field` is the name of the
    field being read, for messages that need it."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.field = ""

    def fail(self, pos: Pos, message: str) -> Any:
        self.diagnostics.append(error(pos, message))
        return MISSING


# ---- field types -------------------------------------------------------------------------


class Type:
    words = "a value"  # what the field expects, in plain words, for messages and docs
    python: Any = object  # the Python type of a converted value
    empty: Any = None  # an optional field's value when it is not written

    def convert(self, node: Node, ctx: Context) -> Any:
        raise NotImplementedError

    def schema(self, target: Schema) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, node: Node, ctx: Context, hint: str = "") -> Any:
        return ctx.fail(node.pos, f"expected {self.words}, found {node.describe()}{hint}")


class Scalar(Type):
    """A field written as one value. Subclasses `read` its text (as written: `title: 2019`
    is the text '2019' and `tag: no` stays 'no')."""

    def convert(self, node: Node, ctx: Context) -> Any:
        if node.kind != "scalar":
            return self.wrong(node, ctx)
        return self.read(node.text, node, ctx)

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        raise NotImplementedError


def _string(target: Schema, **extra: Any) -> dict[str, Any]:
    return {"type": EDITOR_TEXT if target.editor else "string", **extra}


@dataclass(frozen=True)
class Str(Scalar):
    """One line of text."""

    max_len: int | None = None
    words: str = "text"
    python = str

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if self.max_len and len(text) > self.max_len:
            return ctx.fail(node.text_pos, f"'{ctx.field}' is {len(text)} characters long; "
                            f"at most {self.max_len} are allowed")
        return text

    def schema(self, target: Schema) -> dict[str, Any]:
        return _string(target, **({"maxLength": self.max_len} if self.max_len else {}))


@dataclass(frozen=True)
class Markdown(Scalar):
    """Markdown text, kept with its position so references inside it can be located.
    `inline`: a sentence or two, whose paragraph is not wrapped in <p>."""

    inline: bool = False
    words: str = "Markdown text"

    python = Text

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        return Text(text, node.text_pos, node.indent, self.inline)

    def schema(self, target: Schema) -> dict[str, Any]:
        return _string(target)


@dataclass(frozen=True)
class Id(Scalar):
    """An id or a reference to one: lowercase letters, digits and single hyphens. `refers`
    names the kind of thing it points at; the index checks that it exists."""

    refers: str | None = None
    python = str

    @property
    def words(self) -> str:  # type: ignore[override]
        if self.refers:
            return f"a {self.refers} id"
        return "an id (lowercase letters, digits and hyphens, like 'cuba-flight')"

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        if not is_slug(text):
            return ctx.fail(node.pos, f"'{text}' is not a valid id: use lowercase letters, "
                            f"digits and single hyphens, like '{slugify(text)}'")
        return text

    def schema(self, target: Schema) -> dict[str, Any]:
        if not target.editor:
            return {"type": "string", "pattern": ID_PATTERN}
        if self.refers == "rating" and target.site and target.site.ratings:
            return {"enum": _as_yaml_reads([r.id for r in target.site.ratings])}
        return {"type": ["string", "integer"], "pattern": ID_PATTERN, "minimum": 0}


@dataclass(frozen=True)
class Name(Str):
    """A name that refers to something by its spelling (a team member)."""

    refers: str | None = None

    def schema(self, target: Schema) -> dict[str, Any]:
        if target.editor and self.refers == "team member" and target.site and target.site.team:
            return {"enum": [m.name for m in target.site.team]}
        return super().schema(target)


@dataclass(frozen=True)
class NameOrId(Str):
    """A name, or (when written like an id) the id of a file: a claimant."""

    refers: str = ""


@dataclass(frozen=True)
class Date(Scalar):
    words: str = "a date written YYYY-MM-DD, like 2026-11-25"
    python = dt.date

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
        if not m:
            return self.wrong(node, ctx)
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= month <= 12:
            return ctx.fail(node.pos, f"'{text}' has no month {month}: months run from 01 to 12")
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            name = calendar.month_name[month]
            return ctx.fail(node.pos, f"'{text}' is not a real date: {name} {year} has {days} days")
        return dt.date(year, month, day)

    def schema(self, target: Schema) -> dict[str, Any]:
        if target.editor:
            return {"type": "string", "pattern": DATE_PATTERN}
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class Duration(Scalar):
    """A length of time: a whole number and a unit, like 365d, 12w, 6m or 1y."""

    words: str = "a length of time like 365d (d days, w weeks, m months, y years)"

    python = Period

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        m = re.fullmatch(r"(\d+)\s*([dwmy])", text.strip())
        if not m or int(m.group(1)) == 0:
            return self.wrong(node, ctx)
        return Period(int(m.group(1)), m.group(2))

    def schema(self, target: Schema) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\s*[1-9]\d*\s*[dwmy]\s*$"}


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


def _split(text: str) -> Any:
    from urllib.parse import urlsplit

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


@dataclass(frozen=True)
class Bool(Type):
    words: str = "true or false"
    python = bool
    empty = False

    def convert(self, node: Node, ctx: Context) -> Any:
        value = node.as_bool()
        if value is None:
            return self.wrong(node, ctx)
        return value

    def schema(self, target: Schema) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Number(Type):
    minimum: float | None = None
    integer: bool = False

    @property
    def words(self) -> str:  # type: ignore[override]
        return "a whole number" if self.integer else "a number"

    @property
    def python(self) -> Any:  # type: ignore[override]
        return int if self.integer else float

    def convert(self, node: Node, ctx: Context) -> Any:
        value = node.as_number()
        if value is None or (self.integer and not isinstance(value, int)):
            hint = ""
            if node.kind == "scalar" and re.fullmatch(r"[\d.,_ ]+", node.text or "x"):
                hint = " (write it without separators or quotes, like 37000)"
            return self.wrong(node, ctx, hint)
        if self.minimum is not None and value < self.minimum:
            return ctx.fail(node.pos, f"must be at least {self.minimum:g}")
        return value

    def schema(self, target: Schema) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        return out


@dataclass(frozen=True)
class Choice(Scalar):
    choices: tuple[str, ...] = ()
    python = str

    @property
    def words(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.choices)

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        if text not in self.choices:
            return ctx.fail(node.pos, f"'{text}' is not allowed here: expected {self.words}"
                            + did_you_mean(text, self.choices))
        return text

    def schema(self, target: Schema) -> dict[str, Any]:
        if target.editor:
            return {"enum": list(self.choices)}
        return {"type": "string", "enum": list(self.choices)}


@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    min_items: int = 0
    what: str | None = None  # the items, in words, when "a list of <item words>s" reads badly
    empty = ()

    @property
    def words(self) -> str:  # type: ignore[override]
        return f"a list of {self.what or plural(self.item.words)}"

    @property
    def python(self) -> Any:  # type: ignore[override]
        return tuple[self.item.python, ...]

    def convert(self, node: Node, ctx: Context) -> Any:
        if node.kind != "seq":
            return self.wrong(node, ctx, "; write each item on its own line starting with '- '")
        if len(node.items) < self.min_items:
            return ctx.fail(node.pos, f"needs at least {self.min_items} item(s)")
        values = [self.item.convert(item, ctx) for item in node.items]
        return MISSING if MISSING in values else tuple(values)

    def schema(self, target: Schema) -> dict[str, Any]:
        out = {"type": "array", "items": self.item.schema(target)}
        if self.min_items and target.editor:
            out["minItems"] = self.min_items
        return out


@dataclass(frozen=True)
class Field:
    """One field of a record: its type, what it is (for messages and the docs), an example
    (for the docs and `new`), whether it is required, and its value when not written."""

    type: Type
    description: str
    example: Any = None
    required: bool = False
    default: Any = NO_DEFAULT
    name: str = ""  # set by `record`, from the attribute the field is declared as

    @property
    def empty(self) -> Any:
        return self.type.empty if self.default is NO_DEFAULT else self.default


def F(type: Type, description: str, example: Any = None, *, required: bool = False,
      default: Any = NO_DEFAULT) -> Any:
    """Declare a field (typed Any, so that `claim: str = F(...)` reads as the attribute it
    becomes)."""
    return Field(type, description, example, required, default)


@dataclass(frozen=True)
class Fields(Type):
    """A record's field table: a mapping with declared fields, built into the record."""

    name: str  # the record in words, for messages: "a claim"
    make: Callable[..., Any]
    fields: Sequence[Field]
    words: str = "a mapping"

    @property
    def python(self) -> Any:  # type: ignore[override]
        return self.make

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def convert(self, node: Node, ctx: Context, **given: Any) -> Any:
        if node.kind != "map":
            return ctx.fail(node.pos, f"expected {self.words} for {self.name}, "
                            f"found {node.describe()}")
        values: dict[str, Any] = {}
        locs: dict[str, Pos] = {}
        failed: set[str] = set()  # fields that were given but could not be read
        unknown = self._read(node, ctx, values, locs, failed)
        values.update({k: v for k, v in given.items() if k not in values and v is not MISSING})
        missing = self._missing(node, ctx, values, locs, failed)
        if unknown or missing or failed:
            return MISSING
        return self.make(**values, pos=node.pos, locs=Locs(locs))

    def _read(self, node: Node, ctx: Context, values: dict, locs: dict, failed: set) -> bool:
        """Each field written; True when one is not in the table."""
        unknown = False
        names = [f.name for f in self.fields]
        for key, value in node.pairs():
            spec = self.field(key.text)
            if spec is None:
                hint = did_you_mean(key.text, names)
                ctx.fail(key.pos, f"unknown field '{key.text}' in {self.name}"
                         + (hint or f"; the fields are: {', '.join(names)}"))
                if hint:  # 'soruces' is 'sources' misspelt: do not also say it is missing
                    failed.add(hint.split("'")[1])
                unknown = True
                continue
            locs[spec.name] = value.pos
            if value.kind == "seq":  # each item's place, for messages about one item
                locs.update({f"{spec.name}[{i}]": item.pos for i, item in enumerate(value.items)})
            if value.is_null:
                continue  # an empty field is the same as an absent one
            outer, ctx.field = ctx.field, spec.name
            converted = spec.type.convert(value, ctx)
            ctx.field = outer
            if converted is MISSING:
                failed.add(spec.name)
            elif converted != "" and converted != ():
                values[spec.name] = converted
        return unknown

    def _missing(self, node: Node, ctx: Context, values: dict, locs: dict, failed: set) -> bool:
        """Report each required field that has no value; True when one has none."""
        missing = False
        for spec in self.fields:
            if spec.required and spec.name not in values and spec.name not in failed:
                if spec.name in locs:
                    ctx.fail(locs[spec.name], f"'{spec.name}' is empty; it needs "
                             f"{spec.type.words}")
                else:
                    what = spec.description.rstrip(".")
                    ctx.fail(node.pos, f"missing required field '{spec.name}' in {self.name} "
                             f"({what[0].lower()}{what[1:]})")
                missing = True
        return missing

    def schema(self, target: Schema) -> dict[str, Any]:
        properties = {}
        for spec in self.fields:
            prop = {"description": spec.description, **spec.type.schema(target)}
            if spec.example is not None and target.editor:
                prop["examples"] = [spec.example]
            properties[spec.name] = prop
        out: dict[str, Any] = {"type": "object", "properties": properties,
                               "additionalProperties": False}
        required = [spec.name for spec in self.fields if spec.required]
        if required:
            out["required"] = required
        return out


@dataclass(frozen=True)
class MapOf(Type):
    """A mapping from ids to records (a claim's figures), whose key is the record's `id`."""

    value: Fields
    words: str = "a mapping from ids to records"
    empty = ()

    @property
    def python(self) -> Any:  # type: ignore[override]
        return tuple[self.value.make, ...]

    def convert(self, node: Node, ctx: Context) -> Any:
        if node.kind != "map":
            return self.wrong(node, ctx)
        out = []
        for key, value in node.pairs():
            key_id = Id().convert(key, ctx)
            record = self.value.convert(value, ctx, id=key_id)
            if key_id is not MISSING and record is not MISSING:
                out.append(record)
        return tuple(out)

    def schema(self, target: Schema) -> dict[str, Any]:
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": self.value.schema(target)}


@dataclass(frozen=True)
class IdOr(Type):
    """Either a bare id, or a mapping whose `key` field holds it (a claim's sources)."""

    key: str
    record: Fields
    words: str = "a source id, or a mapping with source, quote and locator"

    @property
    def python(self) -> Any:  # type: ignore[override]
        return self.record.make

    def convert(self, node: Node, ctx: Context) -> Any:
        if node.kind == "scalar":
            spec = self.record.field(self.key)
            assert spec is not None
            ref = spec.type.convert(node, ctx)
            if ref is MISSING:
                return MISSING
            return self.record.make(**{self.key: ref}, pos=node.pos,
                                    locs=Locs({self.key: node.pos}))
        return self.record.convert(node, ctx)

    def schema(self, target: Schema) -> dict[str, Any]:
        spec = self.record.field(self.key)
        assert spec is not None
        return {"anyOf": [spec.type.schema(target), self.record.schema(target)]}


R = TypeVar("R")


def record(what: str) -> Callable[[type[R]], type[R]]:
    """Make a class whose attributes are declared with `F(...)` into a typed, frozen
    dataclass (keyword arguments only), with its field table as `FIELDS`. Attributes
    declared without `F` are the record's own (where its file is, say), not fields a file
    may write."""
    def make(cls: type[R]) -> type[R]:
        specs = []
        for name in inspect.get_annotations(cls):
            value = cls.__dict__.get(name)
            if isinstance(value, Field):
                spec = dataclasses.replace(value, name=name)
                specs.append(spec)
                default = NO_DEFAULT if spec.required else spec.empty
                setattr(cls, name, dataclasses.field(
                    **({} if default is NO_DEFAULT else {"default": default})))
        made = dataclass(frozen=True, slots=True, kw_only=True)(cls)
        made.FIELDS = Fields(what, made, tuple(specs))  # type: ignore[attr-defined]
        return made
    return make


def plural(words: str) -> str:
    """'a claim id' → 'claim ids'."""
    words = re.sub(r"^an? ", "", words)
    return words if words.endswith("s") else words + "s"


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
