"""Field tables: `Field` declares one field of a record (its type, what it is, an example,
whether it is required, its value when not written), `record` turns a class of such
declarations into a typed, frozen dataclass whose `FIELDS` is its table, and `Fields`
reads a YAML mapping through a table into that record (every unknown, missing or unreadable
field a located problem). `MapOf` and `IdOr` are the two ways a table nests in another.
See `model` for the tables themselves.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from ..diagnostics import Pos, did_you_mean
from .fieldtypes import ID_PATTERN, MISSING, Context, Id, Schema, Type
from .values import Locs
from .yamlnodes import Node

NO_DEFAULT: Any = object()


@dataclass(frozen=True)
class Field:
    """One field of a record: its type, what it is (for messages and the docs), an example
    (for the docs and `new`), whether it is required, and its value when not written."""

    type: Type
    description: str
    example: Any = None
    required: bool = False
    default: Any = NO_DEFAULT
    replaced_by: str = ""  # an old field still read: the field to write instead
    name: str = ""  # set by `record`, from the attribute the field is declared as

    @property
    def empty(self) -> Any:
        return self.type.empty if self.default is NO_DEFAULT else self.default


def F(type: Type, description: str, example: Any = None, *, required: bool = False,
      default: Any = NO_DEFAULT, replaced_by: str = "") -> Any:
    """Declare a field (typed Any, so that `claim: str = F(...)` reads as the attribute it
    becomes). An old field that is still read names the one to write instead
    (`replaced_by`): `new` leaves it out, and editors show it as deprecated."""
    return Field(type, description, example, required, default, replaced_by)


@dataclass(frozen=True)
class Fields(Type):
    """A record's field table: a mapping with declared fields, built into the record."""

    name: str  # the record in words, for messages: "a claim"
    make: Callable[..., Any]
    fields: Sequence[Field]
    words: str = "a mapping"
    inherited: frozenset[str] = frozenset()  # a translation's: fields its original holds

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
            if spec is None and key.text in self.inherited:
                ctx.fail(key.pos, f"'{key.text}' is the original's, and every language "
                         f"shows it as the original has it: remove it from {self.name} "
                         f"(which holds only {', '.join(names)})")
                unknown = True
                continue
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
            if value.is_null:  # an empty field is the same as an absent one, but for a reason
                if not spec.type.blank:
                    ctx.fail(value.pos, spec.type.blank_problem(spec.name))
                    failed.add(spec.name)
                continue
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
            if spec.replaced_by and target.editor:
                prop.update(deprecated=True, deprecationMessage=f"'{spec.name}' is the old "
                            f"form: write '{spec.replaced_by}' instead")
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


NOWHERE = Pos("", 0, 0)
SHORT = 75  # the longest heading: a claim longer than this needs a `short` form


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    FIELDS: ClassVar[Fields]
    pos: Pos = field(default=NOWHERE, compare=False)
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    def loc(self, name: str, item: int | None = None) -> Pos:
        """Where field `name` (or item `item` of a list field) was written; the record
        itself when it was not."""
        if item is not None and f"{name}[{item}]" in self.locs:
            return self.locs[f"{name}[{item}]"]
        return self.locs.get(name, self.pos)
