"""Field types: how one YAML value is read, checked, described and given a JSON Schema.

Every type knows its plain-words description (`words`, used in messages and in the docs),
how to `convert` a positioned YAML node into a Python value (recording a located problem
when it cannot), the Python type of that value (`python`, which the model's annotations
must agree with), and its JSON Schema (`schema`): for editors (what yaml-language-server
reads as it types) or for the open data (what claims.json holds).

Records are made of fields of these types: see `tables`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..diagnostics import Diagnostic, Pos, did_you_mean, error
from .slugs import SLUG, is_slug, slugify
from .values import Period, Text
from .yamlnodes import Node

MISSING: Any = object()  # a value that could not be read; its error is already recorded
ID_PATTERN = f"^{SLUG.pattern}$"
DATE_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}$"
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
    blank = True  # written with nothing after the colon is the same as not written

    def convert(self, node: Node, ctx: Context) -> Any:
        raise NotImplementedError

    def schema(self, target: Schema) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, node: Node, ctx: Context, hint: str = "") -> Any:
        return ctx.fail(node.pos, f"expected {self.words}, found {node.describe()}{hint}")

    def blank_problem(self, name: str) -> str:
        """What is wrong with the field written empty, when `blank` is False."""
        return empty_reason(name)


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
class Reason(Str):
    """Why something is not there, in words readers see (a source's `no_url`): written, it
    may not be empty, since an empty reason would say nothing."""

    words: str = "a reason, in words"
    blank = False

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = super().read(text, node, ctx)
        if text == "":
            return ctx.fail(node.pos, empty_reason(ctx.field))
        return text

    def schema(self, target: Schema) -> dict[str, Any]:
        return _string(target, minLength=1)


@dataclass(frozen=True)
class Colour(Scalar):
    """A colour as #rrggbb, and nothing else: it goes into the pages' CSS. (Unquoted, YAML
    reads `#` as the start of a comment, so it has to be written in quotes.)"""

    words: str = 'a colour in quotes, like "#1a5fb4"'
    python = str
    blank = False  # `accent: #1a5fb4` reads as empty: the # starts a comment

    def blank_problem(self, name: str) -> str:
        return (f"'{name}' is empty: if you wrote a colour like #1a5fb4 without quotes, YAML "
                f"read the # as the start of a comment; write {name}: \"#1a5fb4\"")

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        text = text.strip()
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
            return self.wrong(node, ctx)
        return text.lower()

    def schema(self, target: Schema) -> dict[str, Any]:
        return {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}


def empty_reason(name: str) -> str:
    return f"'{name}' is empty: write the reason in words, or remove the field"


@dataclass(frozen=True)
class Markdown(Scalar):
    """Markdown text, kept with its position so references inside it can be located.
    `inline`: a sentence or two, whose paragraph is not wrapped in <p>."""

    inline: bool = False
    words: str = "Markdown text"

    python = Text

    def read(self, text: str, node: Node, ctx: Context) -> Any:
        return Text(text, node.text_pos, node.indent, self.inline, node.anchors)

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
