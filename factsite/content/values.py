"""The small value types records are made of besides text, numbers and dates: Markdown text
with its place (`Text`), where each field was written (`Locs`), a length of time
(`Period`)."""

from __future__ import annotations

import calendar
import datetime as dt
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from ..diagnostics import Pos
from . import yamltext


@dataclass(frozen=True, slots=True)
class Text:
    """Markdown source with the place its first character came from. A character on line k
    (from 0) and column c (from 0) of `source` is at file line `pos.line + k` and column
    `pos.col + c` on the first line, `indent + c` on the others: true of a literal block
    (`|`), a one-line value and a Markdown body. A folded, plain or quoted value over several
    lines (or with escapes) was rewritten by YAML, so it carries `anchors` instead: where
    each piece of it was written (`yamltext.anchors`). `inline`: a sentence or two (a
    correction), whose paragraph is not wrapped in <p>."""

    source: str
    pos: Pos
    indent: int = 1
    inline: bool = False
    anchors: bytes = b""

    @property
    def key(self) -> tuple[str, bool]:
        """What Markdown phase 1 makes of this text depends on this alone."""
        return self.source, self.inline

    def locate(self, offset: int) -> Pos:
        """Where the character at `offset` of `source` is in the file."""
        if self.anchors:
            line, col = yamltext.locate(self.anchors, offset)
            return Pos(self.pos.path, line, col)
        before = self.source[:offset]
        k = before.count("\n")
        c = offset - (before.rfind("\n") + 1)
        return Pos(self.pos.path, self.pos.line + k, (self.pos.col if k == 0 else self.indent) + c)


class Locs(Mapping[str, Pos]):
    """Where each field of a record was written, packed: a big site's records hold millions
    of places, and a Pos each would be most of their memory. The field names are shared by
    records of the same shape; the lines and columns are one string of bytes. Reads as a
    mapping of field name → Pos."""

    __slots__ = ("_names", "_path", "_places")
    _shapes: ClassVar[dict[tuple[str, ...], tuple[str, ...]]] = {}

    def __init__(self, places: Mapping[str, Pos]) -> None:
        names = tuple(places)
        self._names = Locs._shapes.setdefault(names, names)
        self._path = next(iter(places.values())).path if places else ""
        if all(p.path == self._path for p in places.values()):
            self._places: bytes | tuple[Pos, ...] = array(
                "I", [n for p in places.values() for n in (p.line, p.col)]).tobytes()
        else:  # (records are made from one file; this is for the odd hand-made one)
            self._places = tuple(places.values())

    def __getitem__(self, name: str) -> Pos:
        try:
            i = self._names.index(name)
        except ValueError:
            raise KeyError(name) from None
        if isinstance(self._places, tuple):
            return self._places[i]
        line, col = memoryview(self._places).cast("I")[2 * i:2 * i + 2]
        return Pos(self._path, line, col)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple:  # (kept in the cache)
        return Locs, (dict(self),)


@dataclass(frozen=True, slots=True)
class Period:
    """A length of time written like `365d`: a count and a unit, d (days), w (weeks),
    m (calendar months) or y (calendar years)."""

    count: int
    unit: str

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, start: dt.date) -> dt.date:
        """The day this period after `start` (the 31st plus a month is the month's last day)."""
        if self.unit in ("d", "w"):
            return start + dt.timedelta(days=self.count * (7 if self.unit == "w" else 1))
        months = start.year * 12 + start.month - 1 + self.count * (12 if self.unit == "y" else 1)
        year, month = divmod(months, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return dt.date(year, month + 1, min(start.day, last))
