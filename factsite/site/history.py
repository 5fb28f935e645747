"""A check's public history: what readers saw of each committed version, and what changed
from one published revision to the next. Pure: the versions are read by `content.git`,
compiled by `site.units`, and remembered by the engine.

What readers see of a version is its `Snapshot`: for a claim, the verdict, the claim's
wording, its words as said, the summary and analysis (their substance: whitespace and
Markdown's emphasis do not count), each figure's value, the sources and the corrections
log; for an article, its title, summary and body. A version that is a draft,
that came before the first publication, that failed to compile, or that changed nothing
readers see, is not a revision.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..content import model
from ..content.markdown import CITE, CLAIM_LINK, FIGURE
from ..content.values import Text
from ..diagnostics import Diagnostic, Pos, warning

# What each kind's snapshot holds, in the order a revision lists its changes.
TEXTS = {"claim": ("rating", "claim", "said", "summary", "analysis"),
         "article": ("title", "summary", "body")}
NO_HISTORY = "history:"  # the input that says whether there is a history, and why not
LONG = frozenset({"analysis", "body"})  # texts a revision says were revised, not shows


class Mark(NamedTuple):
    """One entry of a corrections log: its text as written (two entries are the same
    entry when their substance is: `key`)."""

    date: dt.date
    kind: str
    rating_before: str | None
    text: str

    @property
    def key(self) -> tuple:
        return self.date, self.kind, self.rating_before, substance(self.text)


@dataclass(frozen=True)
class Snapshot:
    """What readers see of one version of a claim or an article."""

    kind: str  # "claim" or "article"
    draft: bool
    published: dt.date
    modified: dt.date
    texts: tuple[tuple[str, str], ...]  # (field, its substance), in TEXTS order
    figures: tuple[tuple[str, str], ...] = ()  # (figure id, qualifier value unit)
    sources: tuple[str, ...] = ()
    corrections: tuple[Mark, ...] = ()

    def text(self, name: str) -> str:
        return dict(self.texts).get(name, "")


class Change(NamedTuple):
    """One thing readers see that a revision changed: `what` is a field of TEXTS, or
    figure, figure-added, figure-removed, source-added, source-removed; `key` the figure
    or source."""

    what: str
    key: str = ""
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Revision:
    """A published revision: when, the commit ("" for changes not committed yet), what
    changed since the last one (nothing for the first: it was published), and the
    corrections entries it added."""

    date: dt.date
    commit: str
    changes: tuple[Change, ...]
    corrections: tuple[Mark, ...]

    @property
    def first(self) -> bool:
        return not self.changes and not self.corrections

    def change(self, what: str) -> Change | None:
        return next((c for c in self.changes if c.what == what), None)


def snapshot(record: object) -> Snapshot | None:
    """What readers see of a compiled claim or article (None for anything else)."""
    if isinstance(record, model.Claim):
        figures = {f.id: f for f in record.figures}
        texts = {"rating": record.rating, "claim": substance(record.claim),
                 "said": substance(record.said or ""),
                 "summary": substance(readable(record.summary, figures)),
                 "analysis": substance(readable(record.analysis, figures))}
        return Snapshot("claim", record.draft, record.published, record.modified,
                        tuple((n, texts[n]) for n in TEXTS["claim"]),
                        tuple((f.id, figure_text(f)) for f in record.figures),
                        tuple(dict.fromkeys(s.source for s in record.sources)),
                        tuple(Mark(c.date, c.kind, c.rating_before, c.text.source)
                              for c in record.corrections))
    if isinstance(record, model.Article):
        texts = {"title": substance(record.title), "summary": substance(record.summary),
                 "body": substance(readable(record.body, {}))}
        return Snapshot("article", record.draft, record.date, record.modified,
                        tuple((n, texts[n]) for n in TEXTS["article"]))
    return None


def readable(text: Text | None, figures: Mapping[str, model.Figure]) -> str:
    """A Markdown text as readers read its words: a claim link by its words, a link by its
    text, another claim's figure by its name; the citation marks left out. The claim's own
    figures stay marks (`filled` writes their values in), so that a changed figure is a
    change of the figure, not of every text that shows it."""
    source = text.source if text else ""

    def figure(m: re.Match) -> str:
        if m.group(1) not in figures:
            return m.group(1).rsplit(".", 1)[-1]
        return f"\x01{m.group(1)}\x01{(m.group(2) or '').strip()}\x01"

    source = CITE.sub("", source)
    source = FIGURE.sub(figure, source)
    source = CLAIM_LINK.sub(lambda m: m.group(2) or m.group(1), source)
    return _SPACED_MARK.sub(r"\1", _LINK.sub(r"\1", source))


_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_SPACED_MARK = re.compile(r"\s+([.,;:!?)])")  # (where a citation mark was: "words ." → "words.")


_MARK = re.compile("\x01([^\x01]*)\x01([^\x01]*)\x01")


def filled(text: str, snap: Snapshot) -> str:
    """A snapshot's text with its figures' values written in, as the page read then."""
    figures = dict(snap.figures)

    def value(m: re.Match) -> str:
        shown = figures.get(m.group(1), m.group(1))
        if m.group(2) == "number":
            return next((w for w in shown.split(" ") if w[:1].isdigit() or w[:1] == "-"),
                        shown)
        return shown

    return _MARK.sub(value, text)


def _value(figure: model.Figure) -> str:
    value = figure.value
    return str(int(value)) if float(value).is_integer() else repr(value)


def figure_text(figure: model.Figure) -> str:
    """A figure's value as the guard and the history compare it: qualifier, number, unit."""
    value = _value(figure)
    qualifier = "" if figure.qualifier == "exactly" else figure.qualifier
    return " ".join(p for p in (qualifier, value, figure.unit or "") if p)


_MARKUP = re.compile(r"[*_`]+")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def substance(text: Text | str | None) -> str:
    """A text's words, without what does not change them: spacing, line breaks, Markdown's
    emphasis marks, curly or straight quotes. (The marks go before the spaces are
    collapsed: `a *b* c` is `a b c`, not `a  b  c`.)"""
    source = text.source if isinstance(text, Text) else text or ""
    return _SPACE.sub(" ", _MARKUP.sub("", source.translate(_QUOTES))).strip()


def edit_size(before: str, after: str) -> int:
    """How many characters an edit changed (the longer side of each changed stretch)."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes()
               if op != "equal")


def changes(before: Snapshot, after: Snapshot) -> tuple[Change, ...]:
    """What readers see that changed between two snapshots of one file."""
    out = [Change(name, "", filled(old, before), filled(after.text(name), after))
           for name, old in before.texts if old != after.text(name)]
    old_figures, new_figures = dict(before.figures), dict(after.figures)
    for fid, value in new_figures.items():
        if fid not in old_figures:
            out.append(Change("figure-added", fid, "", value))
        elif old_figures[fid] != value:
            out.append(Change("figure", fid, old_figures[fid], value))
    out += [Change("figure-removed", fid, value, "") for fid, value in old_figures.items()
            if fid not in new_figures]
    out += [Change("source-added", s) for s in after.sources if s not in before.sources]
    out += [Change("source-removed", s) for s in before.sources if s not in after.sources]
    return tuple(out)


def added_corrections(before: Snapshot | None, after: Snapshot) -> tuple[Mark, ...]:
    """The entries of `after`'s corrections log that `before`'s did not have."""
    had = {mark.key for mark in before.corrections} if before else set()
    return tuple(mark for mark in after.corrections if mark.key not in had)


def revisions(versions: Iterable[tuple[str, dt.date | None, Snapshot | None]]
              ) -> tuple[Revision, ...]:
    """The published revisions among a file's versions (commit, its date — None for the
    file as it is now, not committed — and its snapshot; oldest first)."""
    out: list[Revision] = []
    shown: Snapshot | None = None
    for commit, day, snap in versions:
        if snap is None or snap.draft:
            continue
        if shown is None:
            out.append(Revision(snap.published, commit, (), ()))
        else:
            changed = changes(shown, snap)
            added = added_corrections(shown, snap)
            if not changed and not added:
                continue
            when = day if day is not None else max(snap.modified, out[-1].date)
            out.append(Revision(max(when, out[-1].date), commit, changed, added))
        shown = snap
    return tuple(out)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Two texts as a sequence of (op, words): op is "" (kept), "del" or "ins"."""
    old, new = before.split(" ") if before else [], after.split(" ") if after else []
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", " ".join(old[i1:i2])))
        if j2 > j1:
            out.append(("ins", " ".join(new[j1:j2])))
    return out


def rating_changes(claim: model.Claim) -> list[tuple[model.Correction, str, str]]:
    """The corrections that changed the claim's rating, oldest first: each with the rating
    before and after it (`rating_before` of the next one, or the rating now)."""
    marked = sorted((c for c in claim.corrections if c.rating_before),
                    key=lambda c: c.date)
    if not marked:
        return []
    afters: Sequence[str] = [*(c.rating_before or "" for c in marked[1:]), claim.rating]
    return [(c, c.rating_before or "", after) for c, after in zip(marked, afters, strict=True)]


@dataclass(frozen=True)
class History:
    """Every claim's and article's published revisions (by file), read from git at
    `commit`; or, when it could not be read, why (`reason`)."""

    revisions: Mapping[str, tuple[Revision, ...]] = field(default_factory=dict)
    commit: str = ""
    reason: str = ""
    shallow: bool = False

    @property
    def available(self) -> bool:
        return not self.reason

    def of(self, rel: str) -> tuple[Revision, ...]:
        return self.revisions.get(rel, ())

    @functools.cached_property
    def digests(self) -> dict[str, str]:
        """What each file's history pages show, as a digest (an input of the build, named
        history:<file>)."""
        return {f"history:{rel}": hashlib.sha256(repr(revs).encode()).hexdigest()[:32]
                for rel, revs in self.revisions.items()} | \
            {NO_HISTORY: hashlib.sha256(self.reason.encode()).hexdigest()[:32]}


def history_problems(history: History, site: object) -> list[Diagnostic]:
    """A clone too shallow to hold the history is a warning (a CI checkout, most often):
    its pages would show a history cut short, so they show none. (A site not in git at all
    simply has no history pages.)"""
    if not history.shallow or not getattr(site, "history", False):
        return []
    return [warning(Pos("site.yaml"), f"no check's history is published: {history.reason}; "
                    "or set `history: false` in site.yaml")]
