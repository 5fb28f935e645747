"""Field types: how one YAML value is read, checked and described.

Every type knows its plain-words description (`words`, used in messages and in the docs)
and how to `convert` a positioned YAML node into a Python value, recording a located
problem when it cannot. `Fields` reads a whole mapping against a table of `Field`s into
one of the model's records. The tables themselves are in `fields.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..diagnostics import Diagnostic, Pos, did_you_mean, error
from . import model
from .slugs import is_slug, slugify
from .yamlnodes import Node

MISSING: Any = object()  # a value that could not be read; its error is already recorded


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

    def convert(self, node: Node, ctx: Context) -> Any:
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


@dataclass(frozen=True)
class Str(Scalar):
    """One line of text."""

    max_len: int | None = None
    words: str = "text"

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if self.max_len and len(text) > self.max_len:
            return ctx.fail(node.text_pos or node.pos, f"'{ctx.field}' is {len(text)} characters "
                            f"long; at most {self.max_len} are allowed")
        return text


@dataclass(frozen=True)
class Markdown(Scalar):
    """Markdown text, kept with its position so references inside it can be located."""

    words: str = "Markdown text"

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        return model.Text(text, node.text_pos or node.pos, node.indent)


@dataclass(frozen=True)
class Id(Scalar):
    """An id or a reference to one: lowercase letters, digits and single hyphens. `refers`
    names what it points at (for messages); `link` resolves the reference."""

    refers: str | None = None

    @property
    def words(self) -> str:  # type: ignore[override]
        if self.refers:
            return f"a {self.refers} id"
        return "an id (lowercase letters, digits and hyphens, like 'cuba-flight')"

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        if not is_slug(text):
            hint = slugify(text)
            return ctx.fail(node.pos, f"'{text}' is not a valid id: use lowercase letters, "
                            f"digits and single hyphens, like '{hint}'")
        return text


@dataclass(frozen=True)
class Name(Str):
    """A name that refers to something by its spelling (a team member)."""

    refers: str | None = None


@dataclass(frozen=True)
class Date(Scalar):
    words: str = "a date written YYYY-MM-DD, like 2026-11-25"

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


@dataclass(frozen=True)
class Duration(Scalar):
    """A length of time: a whole number and a unit, like 365d, 12w, 6m or 1y."""

    words: str = "a length of time like 365d (d days, w weeks, m months, y years)"

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        m = re.fullmatch(r"(\d+)\s*([dwmy])", text.strip())
        if not m or int(m.group(1)) == 0:
            return self.wrong(node, ctx)
        return model.Period(int(m.group(1)), m.group(2))


@dataclass(frozen=True)
class Url(Scalar):
    """An absolute web address; with `mailto`, an email link is accepted too."""

    mailto: bool = False

    @property
    def words(self) -> str:  # type: ignore[override]
        return ("a web address starting with https://, or a mailto: address" if self.mailto
                else "a web address starting with https:// or http://")

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if self.mailto and text.startswith("mailto:") and "@" in text and " " not in text:
            return text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            return self.wrong(node, ctx)
        return text


@dataclass(frozen=True)
class Link(Scalar):
    """A web address, or a path on this site starting with '/' (base_url's path is added)."""

    words: str = "a path on this site starting with '/', or a web address starting with https://"

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if text.startswith("/") and not text.startswith("//"):
            return text
        return Url().read(text, node, ctx) if "://" in text else self.wrong(node, ctx)


@dataclass(frozen=True)
class SitePath(Scalar):
    """An old address on this site, like /2019/05/old-title/ (for redirects)."""

    words: str = "a path on this site starting with '/', like /2019/05/old-title/"

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        segments = text.split("/")[1:]
        if (not text.startswith("/") or text.startswith("//") or "\\" in text
                or any(s in (".", "..") for s in segments) or "" in segments[:-1]
                or any(ord(ch) < 32 or ch in '?#"<>' for ch in text)):
            return self.wrong(node, ctx)
        return text


@dataclass(frozen=True)
class Bool(Type):
    words: str = "true or false"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = node.as_bool()
        if value is None:
            return self.wrong(node, ctx)
        return value


@dataclass(frozen=True)
class Number(Type):
    minimum: float | None = None
    integer: bool = False

    @property
    def words(self) -> str:  # type: ignore[override]
        return "a whole number" if self.integer else "a number"

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


@dataclass(frozen=True)
class Choice(Scalar):
    choices: tuple[str, ...] = ()

    @property
    def words(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.choices)

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        if text not in self.choices:
            return ctx.fail(node.pos, f"'{text}' is not allowed here: expected {self.words}"
                            + did_you_mean(text, self.choices))
        return text


@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    min_items: int = 0
    what: str | None = None  # the items, in words, when "a list of <item words>s" reads badly

    @property
    def words(self) -> str:  # type: ignore[override]
        return f"a list of {self.what or _plural(self.item.words)}"

    def convert(self, node: Node, ctx: Context) -> Any:
        if node.kind != "seq":
            return self.wrong(node, ctx, "; write each item on its own line starting with '- '")
        if len(node.items) < self.min_items:
            return ctx.fail(node.pos, f"needs at least {self.min_items} item(s)")
        values = [self.item.convert(item, ctx) for item in node.items]
        return MISSING if MISSING in values else tuple(values)


@dataclass(frozen=True)
class Fields(Type):
    """A mapping with declared fields, built into one of the model's records."""

    name: str
    make: Callable[..., Any]
    fields: Sequence[Field]
    words: str = "a mapping"
    extra: Callable[[Node], dict] | None = None  # values the file supplies (an id from its name)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def convert(self, node: Node, ctx: Context, **given: Any) -> Any:
        if node.kind != "map":
            return ctx.fail(node.pos, f"expected {self.words} for {self.name}, "
                            f"found {node.describe()}")
        values: dict[str, Any] = {}
        locs: dict[str, Pos] = {}
        ok = True
        failed: set[str] = set()  # fields that were given but could not be read
        names = [f.name for f in self.fields]
        for key, value in node.pairs():
            spec = self.field(key.text)
            if spec is None:
                hint = did_you_mean(key.text, names)
                ctx.fail(key.pos, f"unknown field '{key.text}' in {self.name}"
                         + (hint or f"; the fields are: {', '.join(names)}"))
                if hint:  # 'soruces' is 'sources' misspelt: do not also say it is missing
                    failed.add(hint.split("'")[1])
                ok = False
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
        values.update({k: v for k, v in given.items() if k not in values and v is not MISSING})
        for spec in self.fields:
            if spec.required and spec.name not in values and spec.name not in failed:
                if spec.name in locs:
                    ctx.fail(locs[spec.name], f"'{spec.name}' is empty; it needs "
                             f"{spec.type.words}")
                else:
                    what = spec.description.rstrip(".")
                    ctx.fail(node.pos, f"missing required field '{spec.name}' in {self.name} "
                             f"({what[0].lower()}{what[1:]})")
                ok = False
        if not ok or failed:
            return MISSING
        return self.make(**values, pos=node.pos, locs=model.Locs(locs))


@dataclass(frozen=True)
class MapOf(Type):
    """A mapping from ids to records (a claim's figures)."""

    value: Fields
    words: str = "a mapping from ids to records"

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


@dataclass(frozen=True)
class IdOrFields(Type):
    """Either a bare id, or a mapping whose `key` field holds it (a claim's sources)."""

    key: str
    record: Fields
    words: str = "a source id, or a mapping with source, quote and locator"

    def convert(self, node: Node, ctx: Context) -> Any:
        if node.kind == "scalar":
            ref = self.record.field(self.key).type.convert(node, ctx)
            if ref is MISSING:
                return MISSING
            return self.record.make(**{self.key: ref}, pos=node.pos,
                                    locs=model.Locs({self.key: node.pos}))
        return self.record.convert(node, ctx)


def _plural(words: str) -> str:
    words = re.sub(r"^an? ", "", words)
    return words if words.endswith("s") else words + "s"


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    description: str
    example: Any = None
    required: bool = False



F = Field
