"""Safe YAML with positions: every value keeps the `path:line:col` it came from.

PyYAML composes the document into a node graph (with the C parser when it is present)
and we never let it construct Python objects. Instead we copy the nodes into our own
small, frozen `Node` tree, which is where our rules apply:

- YAML 1.2 scalars: only `true`/`false` are booleans, so `no`, `on` or a country code
  `NO` stay text; no implicit dates (a date field parses its own text and can say
  "February has 28 days");
- the same key twice in one mapping is an error at the second one (PyYAML keeps the
  last silently);
- aliases are followed, but a document may not expand past `MAX_NODES` nodes (the
  "billion laughs" bomb is refused in milliseconds), refer to itself, or nest deeper
  than `MAX_DEPTH`;
- explicit tags other than YAML's own (`!!python/object`, `!include`) are refused.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import yaml

from ..diagnostics import Diagnostic, Pos, error
from . import yamlerrors, yamltext

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, minus its guessing of types: we read each scalar by the field
    it is in (YAML 1.2 rules), so the parser need not resolve it first."""

    def resolve(self, kind, value, implicit):
        return _TAGS[kind]


_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
         yaml.MappingNode: "tag:yaml.org,2002:map"}

MAX_NODES = 100_000
MAX_DEPTH = 64
_YAML_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass(frozen=True, slots=True)
class Node:
    """One YAML value. Scalars keep their source text; the field that reads them decides
    what it means (a rating id `false` is text, a `draft: false` is a boolean)."""

    kind: str  # "scalar", "seq" or "map"
    pos: Pos
    text: str = ""
    plain: bool = False  # an unquoted scalar (only these can be null, bool or number)
    items: tuple[Node, ...] = ()  # a sequence's items, or a mapping's values
    keys: tuple[Node, ...] = ()  # a mapping's keys, in order
    quoted: bool = False  # a scalar in quotes: its text starts one column in
    block: tuple[Pos, int] | None = None  # a | or > scalar: where its text starts, its indent
    anchors: bytes = b""  # where its text's pieces are, when it is not a literal block
    #                       (`yamltext.anchors`; empty when the text is as written)

    @property
    def text_pos(self) -> Pos:
        """Where a scalar's first character of text is."""
        if self.anchors:
            line, col = yamltext.locate(self.anchors, 0)
            return Pos(self.pos.path, line, col)
        if self.block:
            return self.block[0]
        return Pos(self.pos.path, self.pos.line, self.pos.col + self.quoted)

    @property
    def indent(self) -> int:
        """The column a scalar's continuation lines start at."""
        return self.block[1] if self.block else self.pos.col

    # -- reading ----------------------------------------------------------------------
    def get(self, key: str) -> Node | None:
        for k, v in zip(self.keys, self.items, strict=True):
            if k.text == key:
                return v
        return None

    def pairs(self) -> list[tuple[Node, Node]]:
        return list(zip(self.keys, self.items, strict=True))

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.plain and self.text in _NULL

    def as_bool(self) -> bool | None:
        return _BOOL.get(self.text) if self.kind == "scalar" and self.plain else None

    def as_number(self) -> int | float | None:
        """The scalar as a YAML 1.2 core-schema number, or None."""
        if self.kind != "scalar" or not self.plain:
            return None
        t = self.text
        if _INT.fullmatch(t):
            base = 8 if t.startswith("0o") else 16 if t.startswith("0x") else 10
            return int(t[2:] if base != 10 else t, base)
        if _FLOAT.fullmatch(t):
            value = float(t)
            return value if math.isfinite(value) else None
        return None

    def describe(self) -> str:
        """What a person would call this value, for messages."""
        if self.kind == "map":
            return "a mapping (key: value lines)"
        if self.kind == "seq":
            return "a list"
        if self.is_null:
            return "nothing"
        return f"'{_short(self.text)}'"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Refused(Exception):
    def __init__(self, pos: Pos, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document. `first_line` is the file line the text starts on (front
    matter starts on line 2). Returns the root node (None for an empty document)."""
    offset = first_line - 1
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [yamlerrors.explain(exc, text, path, first_line)]
    except yaml.reader.ReaderError as exc:  # a control character, say
        return None, [yamlerrors.explain_reader(exc, text, path, first_line)]
    except yaml.YAMLError as exc:
        return None, [error(Pos(path, first_line, 1), f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [error(Pos(path, first_line, 1), "YAML is nested too deeply")]
    if root is None:
        return None, []
    lines = text.split("\n")
    converter = _Converter(path, offset, lines)
    try:
        return converter.convert(root, 0), converter.diagnostics
    except _Refused as exc:
        return None, [error(exc.pos, exc.message)]


class _Converter:
    def __init__(self, path: str, offset: int, lines: list[str]) -> None:
        self.path = path
        self.offset = offset
        self.lines = lines
        self.count = 0
        self.active: set[int] = set()
        self.diagnostics: list[Diagnostic] = []

    def pos(self, mark) -> Pos:
        return Pos(self.path, mark.line + 1 + self.offset, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Node:
        pos = self.pos(node.start_mark)
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(Pos(self.path, 1 + self.offset, 1),
                           f"YAML expands to more than {MAX_NODES:,} values "
                           "(an alias used over and over?); refused")
        if depth > MAX_DEPTH:
            raise _Refused(pos, f"YAML is nested more than {MAX_DEPTH} levels deep; refused")
        if node.tag not in _YAML_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(pos, f"YAML tag '{tag}' is not supported here; remove it")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, pos)
        if id(node) in self.active:
            raise _Refused(pos, "a YAML alias refers to itself; refused")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                items = tuple(self.convert(item, depth + 1) for item in node.value)
                return Node("seq", pos, items=items)
            return self.mapping(node, pos, depth)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, pos: Pos, depth: int) -> Node:
        keys: list[Node] = []
        values: list[Node] = []
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node, depth + 1)
            if key.kind != "scalar":
                raise _Refused(key.pos, "a mapping key must be a plain name, not a list or mapping")
            value = self.convert(value_node, depth + 1)
            if key.text in seen:
                first = seen[key.text].pos
                self.diagnostics.append(error(
                    key.pos,
                    f"duplicate key '{key.text}': it is already set on line {first.line}; "
                    "YAML would silently keep only one, so remove or rename one of them",
                ))
                continue
            seen[key.text] = key
            keys.append(key)
            values.append(value)
        return Node("map", pos, items=tuple(values), keys=tuple(keys))

    def scalar(self, node: yaml.ScalarNode, pos: Pos) -> Node:
        style = node.style or ""
        block = None
        indent = 1
        if style in ("|", ">"):
            line_index = node.start_mark.line + 1
            for candidate in self.lines[line_index:]:
                if candidate.strip():
                    indent = len(candidate) - len(candidate.lstrip(" ")) + 1
                    break
            block = (Pos(self.path, line_index + 1 + self.offset, indent), indent)
        places = b""
        start, end = node.start_mark, node.end_mark
        if yamltext.needs_anchors(node.value, style, start, end):
            places = yamltext.anchors(node.value, self.lines, style, (start.line, start.column),
                                      (end.line, end.column), indent=indent,
                                      first_line=1 + self.offset)
        return Node("scalar", pos, node.value, not style, quoted=style in ("'", '"'),
                    block=block, anchors=places)


def to_data(node: Node | None) -> object:
    """A node as plain data, read the way editors' YAML 1.2 tooling reads it (JSON Schema
    validation sees what the editor's language server sees): plain scalars become
    booleans, null or numbers where YAML 1.2's core schema says so, all else is text."""
    if node is None:
        return None
    if node.kind == "map":
        return {k.text: to_data(v) for k, v in node.pairs()}
    if node.kind == "seq":
        return [to_data(item) for item in node.items]
    if node.is_null:
        return None
    value = node.as_bool()
    if value is not None:
        return value
    number = node.as_number()
    return node.text if number is None else number
