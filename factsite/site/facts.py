"""What one content file contributes to the site index: its facts.

The index (and through it, the output pages and what each one shows) is made from the
facts of every file, never from the whole records: a record's facts are its id, its dates,
its heading, the names it files itself under (claimant, tags, rating), and everything it
refers to, with the place each reference is written. So when an edit leaves a file's facts
as they were (a sentence of an analysis, a source's title), the index and the pages are
the same as before, and only the pages that show that file are made again.

The references come from the field tables (every field whose type `refers` to something)
and from the Markdown texts' citations, claim links, figures and internal links.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from ..content import model
from ..content.fieldtypes import Id, ListOf, Name, NameOrId
from ..content.markdown import Fragment
from ..content.slugs import is_slug
from ..content.tables import Fields, IdOr, MapOf
from ..content.values import Text
from ..diagnostics import Pos


class Reference(NamedTuple):
    """One thing a file refers to: a `kind` of thing ("source", "claim", "figure",
    "rating", "team member", "claimant", "url") by its `key`, written at `pos`. In a text
    (`field` is ""): a figure's `key` is its id, and `claim` its claim ("" for the
    claim's own)."""

    kind: str
    key: str
    pos: Pos
    field: str = ""  # the field it is written in; "" in a Markdown text
    claim: str = ""


class Refs(Sequence[Reference]):
    """A file's references, kept as plain values and made into `Reference`s as they are
    read: most readers of a file's facts never look at its references."""

    __slots__ = ("_path", "_plain")

    def __init__(self, path: str, plain: tuple[tuple, ...]) -> None:
        self._path = path
        self._plain = plain  # (kind, key, (line, col) or None, field, claim)

    @staticmethod
    def of(refs: Iterable[Reference], path: str) -> Refs:
        return Refs(path, tuple((r.kind, r.key, None if r.pos is None else (r.pos.line,
                                                                           r.pos.col),
                                 r.field, r.claim) for r in refs))

    def _make(self, plain: tuple) -> Reference:
        kind, key, at, field, claim = plain
        return Reference(kind, key, Pos(self._path, *at) if at else None, field,  # type: ignore
                         claim)

    def __getitem__(self, i):  # type: ignore[override]
        return self._make(self._plain[i])

    def __iter__(self) -> Iterator[Reference]:
        return map(self._make, self._plain)

    def __len__(self) -> int:
        return len(self._plain)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Refs) and (self._path, self._plain) == (other._path,
                                                                         other._plain)

    def __hash__(self) -> int:
        return hash(self._plain)

    def __repr__(self) -> str:
        return f"Refs({list(self)!r})"

    def __reduce__(self) -> tuple:
        return Refs, (self._path, self._plain)


class Facts(NamedTuple):
    """What the index needs of one content file (for every kind; a field a kind lacks is
    empty). A file that failed to validate has facts too: `broken`, with the ids it may
    have meant, so that references to it are not reported a second time."""

    kind: str
    id: str
    file: str
    path: str = ""  # as messages show it
    pos: Pos | None = None  # where the record starts
    broken: frozenset[str] = frozenset()  # a file that failed: the ids it may have meant
    id_pos: Pos | None = None  # where an explicit `id:` is written
    draft: bool = False
    date: dt.date | None = None  # a claim's published, an article's or page's date
    modified: dt.date | None = None
    title: str = ""  # a claim's heading, an article's or page's title, a claimant's name
    summary: str = ""  # an article's
    claimant: str = ""  # as written
    claimant_pos: Pos | None = None
    rating: str = ""
    retracted: bool = False
    tags: tuple[tuple[str, Pos], ...] = ()  # as written
    related: tuple[str, ...] = ()
    aliases: tuple[tuple[str, Pos], ...] = ()
    figures: tuple[tuple[str, str], ...] = ()  # (figure id, the id of its source)
    listed: tuple[str, ...] = ()  # the sources listed in `sources`, in order
    cited: tuple[str, ...] = ()  # sources cited in the summary and analysis (or body)
    quoted: tuple[str, ...] = ()  # sources it quotes (in `sources` or a figure)
    corrections: tuple[tuple[dt.date, str, str], ...] = ()  # (date, kind, rating_before)
    rating_scale: bool = False  # a page that shows the scale
    stored_on: Pos | None = None  # a source's `stored_on`, where it is written
    no_copy: Pos | None = None  # a source's `no_copy`, where it is written
    theirs: tuple[str, ...] = ()  # an imported check not yet adopted: (publisher, rating)
    appearances: int = 0  # how many places a claim's own claimant made it
    repeaters: tuple[str, ...] = ()  # its appearances' other claimants, as written
    language: str = ""  # a translation's language (its date: when it was brought up to date)
    translated_pos: Pos | None = None  # where a translation's `translated` is written
    refs: Refs = Refs("", ())

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.id


def broken(kind: str, rel: str, path: str, ids: frozenset[str], draft: bool = False) -> Facts:
    """The facts of a file that failed to validate (`draft`: an unfinished draft, whose
    problems are warnings, so references to it are the ones to report)."""
    return Facts(kind, sorted(ids)[0] if ids else "", rel, path, broken=ids, draft=draft)


def facts_of(record: model.Record, fragments: Mapping[tuple[str, bool], Fragment]) -> Facts:
    """A record's facts; `fragments` has Markdown phase 1 of each of its texts."""
    path = record.pos.path
    refs = list(field_references(record))
    if isinstance(record, model.Claim):
        refs += text_references(record.texts, fragments)
        return Facts(
            "claim", record.id, record.file, record.pos.path, record.pos,
            id_pos=record.locs.get("id"), draft=record.draft, date=record.published,
            modified=record.modified,
            title=record.heading, claimant=record.claimant,
            claimant_pos=record.loc("claimant"), rating=record.rating,
            retracted=record.retraction is not None,
            tags=tuple((t, record.loc("tags", i)) for i, t in enumerate(record.tags)),
            related=record.related,
            aliases=tuple((a, record.loc("aliases", i)) for i, a in enumerate(record.aliases)),
            figures=tuple((f.id, f.source) for f in record.figures),
            listed=tuple(dict.fromkeys(e.source for e in record.sources)),
            cited=_cited([t for t in (record.summary, record.analysis) if t], fragments),
            quoted=record.quoted,
            corrections=tuple((c.date, c.kind, c.rating_before or "")
                              for c in record.corrections),
            theirs=_theirs(record),
            appearances=sum(1 for a in record.places if a.claimant in (None, record.claimant)),
            repeaters=tuple(dict.fromkeys(a.claimant for a in record.places if a.claimant)),
            refs=Refs.of(refs, path))
    if isinstance(record, model.ClaimTranslation | model.ArticleTranslation
                  | model.PageTranslation):
        kind = "claim" if isinstance(record, model.ClaimTranslation) else \
            "article" if isinstance(record, model.ArticleTranslation) else "page"
        title = record.heading if isinstance(record, model.ClaimTranslation) else record.title
        own = record.texts if isinstance(record, model.ClaimTranslation) else (record.body,)
        return Facts(f"{kind}-translation", record.id, record.file, path, record.pos,
                     date=record.translated, title=title,
                     summary=getattr(record, "summary", None) or ""
                     if isinstance(record, model.ArticleTranslation) else "",
                     cited=_cited(list(own), fragments), language=record.language,
                     translated_pos=record.loc("translated"),
                     refs=Refs.of(text_references(own, fragments), path))
    if isinstance(record, model.Article):
        return Facts("article", record.id, record.file, record.pos.path, record.pos,
                     draft=record.draft, date=record.date, modified=record.modified,
                     title=record.title,
                     summary=record.summary or "",
                     tags=tuple((t, record.loc("tags", i)) for i, t in enumerate(record.tags)),
                     cited=_cited([record.body], fragments),
                     refs=Refs.of([*refs, *text_references((record.body,), fragments)], path))
    if isinstance(record, model.Page):
        return Facts("page", record.id, record.file, record.pos.path, record.pos,
                     draft=record.draft, date=record.date, modified=record.date, title=record.title,
                     rating_scale=record.rating_scale,
                     refs=Refs.of([*refs, *text_references((record.body,), fragments)], path))
    if isinstance(record, model.Person):  # (a team member's page: its name is a reference)
        return Facts("person", record.id, record.file, record.pos.path, record.pos,
                     draft=record.draft, title=record.name,
                     refs=Refs.of([*refs, *text_references((record.body,), fragments)], path))
    if isinstance(record, model.Claimant):
        return Facts("claimant", record.id, record.file, record.pos.path, record.pos,
                     id_pos=record.locs.get("id"), draft=record.draft, title=record.name,
                     refs=Refs.of(refs, path))
    assert isinstance(record, model.Source), record
    return Facts("source", record.id, record.file, record.pos.path, record.pos,
                 id_pos=record.locs.get("id"), draft=record.draft, title=record.title,
                 refs=Refs.of(refs, path),
                 stored_on=record.locs.get("stored_on") if record.stored_on else None,
                 no_copy=record.locs.get("no_copy") if record.no_copy else None)


def _theirs(claim: model.Claim) -> tuple[str, ...]:
    """(publisher, their rating) of a check imported from another publisher and not yet
    adopted, whose verdict is shown as theirs, never on the desk's scale."""
    imported = claim.imported
    if imported is None or imported.adopted:
        return ()
    return imported.publisher, imported.rating or ""


def _cited(texts: list[Text], fragments: Mapping[tuple[str, bool], Fragment]
           ) -> tuple[str, ...]:
    """The sources cited in these texts, in order of first citation."""
    order: dict[str, None] = {}
    for text in texts:
        for ref in fragments[text.key].in_order():
            if ref.kind == "cite":
                order.update((source, None) for source, _ in ref.args)
    return tuple(order)


def field_references(record: model.Record) -> Iterator[Reference]:
    """What a record's fields refer to, from its field table: every field whose type
    refers to another kind of thing, in lists, figures and source entries too."""
    for spec in type(record).FIELDS.fields:
        value = getattr(record, spec.name)
        kind = spec.type
        if isinstance(kind, ListOf):
            for i, item in enumerate(value):
                yield from _references(kind.item, item, record.loc(spec.name, i), spec.name)
        elif isinstance(kind, MapOf):
            for item in value:
                yield from field_references(item)
        elif value is not None:
            yield from _references(kind, value, record.loc(spec.name), spec.name)


def _references(kind: object, value: object, pos: Pos, name: str) -> Iterator[Reference]:
    if isinstance(kind, Id | Name) and kind.refers and isinstance(value, str):
        yield Reference(kind.refers, value, pos, name)
    elif isinstance(kind, NameOrId) and isinstance(value, str) and is_slug(value):
        yield Reference(kind.refers, value, pos, name)  # (a name is not a reference)
    elif isinstance(kind, IdOr | Fields) and isinstance(value, model.Record):
        yield from field_references(value)


def text_references(texts: tuple[Text, ...], fragments: Mapping[tuple[str, bool], Fragment]
                    ) -> Iterator[Reference]:
    """What Markdown texts refer to: cited sources, linked claims, figures, site paths."""
    for text in texts:
        for ref in fragments[text.key].refs:
            pos = text.locate(ref.offset) if ref.offset >= 0 else text.pos
            if ref.kind == "cite":
                yield from (Reference("source", source, pos) for source, _ in ref.args)
            elif ref.kind == "claim":
                yield Reference("claim", ref.args[0], pos)
            elif ref.kind == "figure":
                yield Reference("figure", ref.args[1], pos, claim=ref.args[0] or "")
            else:
                yield Reference("url", ref.args[0], pos)


# ---- kept packed: a big site has a million references ------------------------------------


def pack(facts: Facts) -> bytes:
    """Facts as one string of bytes (marshal: plain values, read back in microseconds).
    Every place is in the file itself, so it is kept as (line, col)."""
    def at(pos: Pos | None) -> tuple[int, int] | None:
        return None if pos is None else (pos.line, pos.col)

    def day(date: dt.date | None) -> int:
        return date.toordinal() if date else 0

    f = facts
    return marshal.dumps((
        f.kind, f.id, f.file, f.path, at(f.pos), tuple(sorted(f.broken)), at(f.id_pos),
        f.draft, day(f.date), day(f.modified), f.title, f.summary, f.claimant,
        at(f.claimant_pos), f.rating, f.retracted, tuple((t, at(p)) for t, p in f.tags),
        f.related, tuple((a, at(p)) for a, p in f.aliases), f.figures, f.listed, f.cited,
        f.quoted, tuple((day(d), k, r) for d, k, r in f.corrections), f.rating_scale,
        at(f.stored_on), at(f.no_copy), f.theirs, f.appearances, f.repeaters, f.language,
        at(f.translated_pos), f.refs._plain))


def unpack(data: bytes) -> Facts:
    (kind, id, file, path, pos, broken, id_pos, draft, date, modified, title, summary,
     claimant, claimant_pos, rating, retracted, tags, related, aliases, figures, listed,
     cited, quoted, corrections, rating_scale, stored_on, no_copy, theirs, appearances,
     repeaters, language, translated_pos, refs) = marshal.loads(data)

    def at(place: tuple[int, int] | None) -> Pos | None:
        return None if place is None else Pos(path, *place)

    def day(ordinal: int) -> dt.date | None:
        return dt.date.fromordinal(ordinal) if ordinal else None

    return Facts(
        kind, id, file, path, at(pos), frozenset(broken), at(id_pos), draft, day(date),
        day(modified), title, summary, claimant, at(claimant_pos), rating, retracted,
        tuple((t, at(p)) for t, p in tags), related, tuple((a, at(p)) for a, p in aliases),
        figures, listed, cited, quoted, tuple((day(d), k, r) for d, k, r in corrections),
        rating_scale, at(stored_on), at(no_copy), theirs, appearances, repeaters, language,
        at(translated_pos), Refs(path, refs))


class FactsMap(Mapping[str, Facts]):
    """Every file's facts, by its path in the site. Kept packed, and unpacked each time
    one is read (whoever reads many at once keeps what they unpacked): a big site's facts
    unpacked would be most of the index's memory, and a build that changes one file reads
    a few of them, not all."""

    __slots__ = ("_facts", "_packed", "_recent")
    RECENT = 256  # unpacked facts kept (a claim's are read by its page, its cards, …)

    def __init__(self, facts: Mapping[str, Facts] | None = None,
                 packed: Mapping[str, bytes] | None = None) -> None:
        self._facts: dict[str, Facts] = dict(facts or {})  # (those given unpacked)
        self._packed: dict[str, bytes] = {k: v for k, v in (packed or {}).items()
                                          if k not in self._facts}
        self._recent: dict[str, Facts] = {}

    def __getitem__(self, rel: str) -> Facts:
        found = self._facts.get(rel) or self._recent.get(rel)
        if found is None:
            found = self._recent[rel] = unpack(self._packed[rel])
            if len(self._recent) > self.RECENT:
                del self._recent[next(iter(self._recent))]
        return found

    def __contains__(self, rel: object) -> bool:
        return rel in self._facts or rel in self._packed

    def __iter__(self) -> Iterator[str]:
        yield from self._facts
        yield from (k for k in self._packed if k not in self._facts)

    def __len__(self) -> int:
        return len(self._facts) + sum(1 for k in self._packed if k not in self._facts)

    def updated(self, changed: Mapping[str, Facts | bytes | None]) -> FactsMap:
        """These files' facts replaced (packed or not; None: the file is gone)."""
        out = FactsMap()
        out._recent = {k: v for k, v in self._recent.items() if k not in changed}
        out._facts = {k: v for k, v in self._facts.items() if k not in changed}
        out._packed = {k: v for k, v in self._packed.items() if k not in changed}
        for k, v in changed.items():
            if isinstance(v, bytes):
                out._packed[k] = v
            elif v is not None:
                out._facts[k] = v
        return out

    def __reduce__(self) -> tuple:
        packed = {k: self._packed.get(k) or pack(v) for k, v in self._facts.items()}
        packed.update((k, v) for k, v in self._packed.items() if k not in packed)
        return FactsMap, ({}, packed)
