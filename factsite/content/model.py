"""The site model: typed, frozen records built once by `validate` and read by every later
stage. Each record keeps where it came from (`pos`) and where each of its fields was
written (`locs`), so any check can point at the exact `path:line:col`."""

from __future__ import annotations

import calendar
import datetime as dt
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from ..diagnostics import Pos

NOWHERE = Pos("", 0, 0)


@dataclass(frozen=True, slots=True)
class Text:
    """Markdown source with the place its first character came from. A character on line k
    (from 0) and column c (from 0) of `source` is at file line `pos.line + k` and column
    `pos.col + c` on the first line, `indent + c` on the others."""

    source: str
    pos: Pos
    indent: int = 1

    def locate(self, offset: int) -> Pos:
        before = self.source[:offset]
        k = before.count("\n")
        c = offset - (before.rfind("\n") + 1)
        return Pos(self.pos.path, self.pos.line + k, (self.pos.col if k == 0 else self.indent) + c)


class Locs(Mapping[str, Pos]):
    """Where each field of a record was written, packed: a big site's records hold millions
    of places, and a Pos each would be most of their memory. The field names are shared by
    records of the same shape; the lines and columns are one string of bytes. Reads as a mapping of
    field name → Pos."""

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

    def __repr__(self) -> str:  # as a dict's (a record's repr is part of a page's hash)
        return repr(dict(self))


@dataclass(frozen=True, slots=True)
class Record:
    pos: Pos = field(default=NOWHERE, kw_only=True, compare=False)
    locs: Mapping[str, Pos] = field(default_factory=dict, kw_only=True, compare=False, hash=False)

    def loc(self, name: str, item: int | None = None) -> Pos:
        """Where field `name` (or item `item` of a list field) was written; the record
        itself when it was not."""
        if item is not None and f"{name}[{item}]" in self.locs:
            return self.locs[f"{name}[{item}]"]
        return self.locs.get(name, self.pos)


# ---- site.yaml --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Publisher(Record):
    name: str
    url: str | None = None
    logo: str | None = None


@dataclass(frozen=True, slots=True)
class TeamMember(Record):
    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Rating(Record):
    id: str
    label: str
    description: str
    value: float | None = None
    on_scale: bool = True


@dataclass(frozen=True, slots=True)
class NavItem(Record):
    title: str
    url: str


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


@dataclass(frozen=True, slots=True)
class Site(Record):
    title: str
    base_url: str
    language: str = "en"
    description: str | None = None
    publisher: Publisher | None = None
    team: tuple[TeamMember, ...] = ()
    ratings: tuple[Rating, ...] = ()
    nav: tuple[NavItem, ...] = ()
    submit_claim: str | None = None
    per_page: int = 50
    search: bool = True
    stale_after: Period | None = None

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/' or '/cuba/'."""
        from urllib.parse import urlsplit

        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def root_url(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"

    def rating(self, rating_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.id == rating_id), None)


# ---- claims -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Appearance(Record):
    date: dt.date | None = None
    url: str | None = None
    where: str | None = None


@dataclass(frozen=True, slots=True)
class Figure(Record):
    id: str
    value: float
    label: str
    source: str
    qualifier: str = "exactly"
    unit: str | None = None
    as_of: dt.date | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRef(Record):
    source: str
    quote: str | None = None
    locator: str | None = None


@dataclass(frozen=True, slots=True)
class Correction(Record):
    date: dt.date
    kind: str
    text: Text


@dataclass(frozen=True, slots=True)
class Claim(Record):
    id: str
    claim: str
    claimant: str
    rating: str
    summary: Text
    published: dt.date
    sources: tuple[SourceRef, ...]
    file: str = ""
    short: str | None = None
    appeared: Appearance | None = None
    updated: dt.date | None = None
    checked_by: tuple[str, ...] = ()
    edited_by: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    aliases: tuple[str, ...] = ()
    draft: bool = False
    analysis: Text | None = None
    missing: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return self.short or self.claim

    @property
    def modified(self) -> dt.date:
        dates = [self.published, self.updated, *(c.date for c in self.corrections)]
        return max(d for d in dates if d is not None)

    @property
    def retraction(self) -> Correction | None:
        return next((c for c in self.corrections if c.kind == "retraction"), None)

    def figure(self, figure_id: str) -> Figure | None:
        return next((f for f in self.figures if f.id == figure_id), None)


# ---- sources and claimants ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class StoredCopy:
    """The desk's stored copy of a source's text (content/sources/<id>.txt or .html): evidence
    for `check`, never published. `text` is the readable text (an .html file's extracted)."""

    rel: str  # the path relative to the site folder: content/sources/vice-report.txt
    path: str  # the file as messages show it
    text: str

    @property
    def key(self) -> str:
        """The path without its ending, which the source's own file shares."""
        return self.rel.rsplit(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Source(Record):
    id: str
    title: str
    publisher: str
    file: str = ""
    url: str | None = None
    published: dt.date | None = None
    accessed: dt.date | None = None
    archived: str | None = None
    archived_on: dt.date | None = None
    status: str = "live"
    author: str | None = None
    kind: str | None = None
    notes: str | None = None
    stored_on: dt.date | None = None
    stored: StoredCopy | None = None  # from the file next to this one, not from a field


@dataclass(frozen=True, slots=True)
class Claimant(Record):
    id: str
    name: str
    file: str = ""
    kind: str | None = None
    url: str | None = None
    same_as: str | None = None
    description: str | None = None


# ---- articles and pages -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article(Record):
    id: str
    title: str
    date: dt.date
    body: Text
    file: str = ""
    updated: dt.date | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Page(Record):
    id: str
    title: str
    body: Text
    file: str = ""
    date: dt.date | None = None
    summary: str | None = None
    rating_scale: bool = False
    draft: bool = False


# ---- the whole site -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Asset:
    """A file copied as is: the theme's CSS, the site's static/ folder."""

    path: str  # output path, relative to the output folder
    data: bytes


@dataclass(frozen=True, slots=True)
class Content:
    site: Site
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    claimants: tuple[Claimant, ...]
    articles: tuple[Article, ...]
    pages: tuple[Page, ...]
    assets: tuple[Asset, ...] = ()
    broken: frozenset[tuple[str, str]] = frozenset()  # (kind, id) of files that failed
