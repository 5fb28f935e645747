"""The incremental layer: one object beside the stages that remembers what each one made
and hands it only what changed since the last build.

- scan: a file whose size and times are the ones the last build saw keeps its digest;
- compile: a file whose digest is the one the last build saw keeps its facts and problems;
  another is looked up in the memo by its digest, and compiled (over every core) only when
  the memo has never seen those bytes;
- link: when the changed files' facts have the same shape as before (an edited sentence,
  a source's title), the index and the plan are the last build's; otherwise the index is
  updated with the changed facts, and the outputs planned again;
- evidence: a claim is checked again only when its file, its quoted sources, their stored
  copies or the settings it reads changed;
- render: only the outputs whose inputs changed are made (`state.stale`); a claim's line
  in the open data is the last build's unless its page is made again (`parts`);
- records and texts are read from the memo as pages need them.

Every stage called here is a pure function (`build.build` lists them in order); the only
state is this object's, and what it saves for the next build (`state.State`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..content import markdown
from ..content.files import Files, SourceFile, scan, template_dirs, templates_digest
from ..content.markdown import Fragment
from ..content.model import Claim, Site
from ..diagnostics import Diagnostic, Pos
from ..evidence.quotes import Checked, check_claim
from ..render import kinds
from ..render.outputs import Plan, Scope
from ..site.facts import Facts, FactsMap
from ..site.index import Index, make_index
from ..site.units import Unit, compile_file
from .memo import Memo
from .parallel import Workers
from .state import FileState, Stamp, State
from .store import Store, key


@dataclass(frozen=True)
class Compiled:
    """Every input file after compiling the changed ones."""

    files: Mapping[str, FileState]
    changed: Mapping[str, Facts | None]  # the files compiled (or gone) in this build
    site: Site | None
    stored: Mapping[str, str]  # each stored copy's path in the site → as messages show it

    @property
    def problems(self) -> list[Diagnostic]:
        return [d for f in self.files.values() for d in f.problems]


class Engine:
    def __init__(self, site_dir: Path, name: str, previous: State | None, *, drafts: bool,
                 cache: bool, keep_all: bool, jobs: int, day: dt.date) -> None:
        self.site_dir = site_dir
        self.store = Store(site_dir / ".cache" if cache else None)
        self.name = name  # the state's name in the store: its output folder, drafts
        self.drafts, self.jobs, self.day = drafts, jobs, day
        self._previous = previous
        self.stamp = previous.stamp if previous else self._saved(Stamp, "stamp")
        self.memo = previous.memo if previous and previous.memo and keep_all \
            else Memo(self.store, keep_all)
        self.files: Mapping[str, FileState] = {}
        self.sources: Mapping[str, SourceFile] = {}
        self.checked: dict[str, Checked] = {}
        self.settings: tuple = ()
        self.remade: set[str] | None = None  # the outputs made in this build (None: all)
        self._parts: dict[str, str] = {}

    def _saved(self, kind: type, name: str) -> Any:
        """What the last build saved under `name`, if it is for this site and these options."""
        found = self.store.get(key(name, self.name))
        stamp = found.stamp if isinstance(found, State) else found
        ok = isinstance(found, kind) and isinstance(stamp, Stamp) \
            and stamp.site_dir == str(self.site_dir.resolve()) and stamp.drafts == self.drafts
        return found if ok else None

    @property
    def previous(self) -> State | None:
        """The last build's state (read when a build finds something changed)."""
        if self._previous is None and self.stamp is not None:
            self._previous = self._saved(State, "state")
            if self._previous is None:
                self.stamp = None
        return self._previous

    # -- 1. the site's files ----------------------------------------------------------------
    def scan(self) -> Files:
        stamp = self.stamp
        files = scan(self.site_dir, stamp.stats if stamp else None, stamp.made_at if stamp else 0)
        self.sources = files.inputs
        return files

    def unchanged(self, files: Files, templates: str, present: set[str] | None) -> bool:
        """Nothing changed since the last build: no file, no template, not the day, and the
        output folder still has what it made (`present`; None: not asked)."""
        stamp = self.stamp
        return stamp is not None and stamp.day == self.day and stamp.templates == templates \
            and stamp.digests == files.digests and (present is None or stamp.made <= present)

    # -- 2. each changed file ---------------------------------------------------------------
    def compile(self, files: Files) -> Compiled:
        before = self.previous.files if self.previous else {}
        kept, todo = {}, {}
        for rel, f in files.inputs.items():
            old = before.get(rel)
            if old is not None and old.digest == f.digest and old.kind == f.kind:
                kept[rel] = old
            else:
                todo[rel] = (f, Memo.unit_key(f.kind, rel, f.path, f.digest))
        units = self.memo.units(k for _, k in todo.values())
        missing = [(rel, f, k) for rel, (f, k) in todo.items() if k not in units]
        with Workers(self.jobs) as workers:
            made = workers.each(_compile, ((f.kind, rel, f.path, f.read())
                                           for rel, f, _ in missing), len(missing))
            new = list(zip((k for _, _, k in missing), made, strict=True))
        self.memo.add_units(new)
        units.update(new)
        compiled = {rel: FileState(f.kind, f.digest, k, units[k].problems)
                    for rel, (f, k) in todo.items()}
        self.files = {rel: kept.get(rel) or compiled[rel] for rel in files.inputs}
        changed: dict[str, Facts | None] = {rel: units[k].facts for rel, (_, k) in todo.items()}
        changed.update((rel, None) for rel in before.keys() - self.files.keys())
        site = units[todo["site.yaml"][1]].record if "site.yaml" in todo else \
            self.previous.site if "site.yaml" in kept and self.previous else None
        stored = {rel: f.path for rel, f in files.inputs.items() if f.kind == "stored"}
        return Compiled(self.files, changed, site if isinstance(site, Site) else None, stored)

    # -- 3. the site index ------------------------------------------------------------------
    def link(self, compiled: Compiled) -> tuple[Index, bool]:
        """The index, and whether it (and so the plan) is the last build's."""
        site = compiled.site
        assert site is not None
        last = self.previous
        if last is None:
            facts = FactsMap({rel: f for rel, f in compiled.changed.items() if f is not None})
            return make_index(site, facts, compiled.stored, self.drafts), False
        if last.site == site and _same_shape(last, compiled):
            return replace(last.index, facts=last.index.facts.updated(compiled.changed)), True
        return last.index.updated(site, compiled.changed, compiled.stored), False

    # -- 4. evidence ------------------------------------------------------------------------
    def check_evidence(self, index: Index, compiled: Compiled) -> dict[str, Checked]:
        """Each claim's evidence (drafts' too), checked again where what it reads changed:
        its file, the sources it quotes or their stored copies, or the settings."""
        site = index.site
        last = self.previous
        settings = (self.day, site.language, site.stale_after)
        before = last.checked if last and last.settings == settings else {}
        owners = last.index.owners if last else {}
        again = {index.facts[rel].id for rel in compiled.changed
                 if rel in index.facts and index.facts[rel].kind == "claim"}
        for source in _sources_changed(index, last, compiled):
            again.update(index.quoted_by.get(source, ()))
        self.checked = {}
        for (kind, cid), rel in index.owners.items():
            if kind == "claim":
                old = before.get(cid)
                fresh = old is not None and cid not in again and owners.get((kind, cid)) == rel
                self.checked[cid] = old if fresh else self._check(index, rel)  # type: ignore
        self.settings = settings
        return self.checked

    def _check(self, index: Index, rel: str) -> Checked:
        claim = self.record(rel)
        assert isinstance(claim, Claim)
        quoted = [s for s in index.facts[rel].quoted if ("source", s) in index.owners]
        sources = {s: self.record(index.file("source", s)) for s in quoted}
        copies = {s: self.record(index.stored[s]) for s in quoted if s in index.stored}
        site = index.site
        return check_claim(claim, sources, copies, self.day, site.language, site.stale_after)

    # -- 5. the plan ------------------------------------------------------------------------
    def plan(self, index: Index, same_index: bool, assets: frozenset[str]) -> tuple[Plan, bool]:
        """Every output and what it shows, and whether the plan was made again."""
        last = self.previous
        if same_index and last and frozenset(a.removeprefix("asset:") for a in
                                             last.stamp.digests if a.startswith("asset:")) \
                == assets:
            return last.plan, False
        return kinds.plan(Scope(index, assets, self.site_dir)), True

    # -- what outputs read: records and texts from the memo, parts of the last build ------
    def record(self, rel: str) -> Any:
        """A file's record (compiled again from the file if the memo has lost it)."""
        state = self.files[rel]
        unit = self.memo.unit(state.unit)
        if unit is None:
            source = self.sources[rel]
            unit = compile_file(state.kind, rel, source.path, source.read())
            self.memo.add_units([(state.unit, unit)])
        return unit.record

    def fragment(self, text_key: tuple[str, bool]) -> Fragment:
        """A text's Markdown phase 1 (made again if the memo has lost it)."""
        found = self.memo.fragment(text_key)
        return found if found is not None else markdown.parse(text_key[0], inline=text_key[1])

    def parts(self, pages: list[str], make: Callable[[str], str]) -> Iterator[str]:
        """A piece of a file for each page (a claim's line in claims.json), made from what
        that page shows: the last build's when the page is not made again, else made now."""
        for i in range(0, len(pages), 500):
            batch = pages[i:i + 500]
            names = {page: key("part", self.name, page) for page in batch}
            wanted = [names[p] for p in batch if self.remade is not None
                      and p not in self.remade and names[p] not in self._parts]
            self._parts.update((n, v) for n, v in self.store.get_many(wanted)
                               if isinstance(v, str))
            new = {names[p]: make(p) for p in batch if names[p] not in self._parts}
            self.store.put_many(new.items())
            self._parts.update(new)
            yield from (self._parts[names[p]] for p in batch)

    def template_digest(self) -> str:
        return templates_digest(template_dirs(self.site_dir))

    def save(self, state: State) -> None:
        """Keep the state for the next command-line build (the stamp apart: a build that
        finds nothing changed reads only that)."""
        self.store.put_many([(key("stamp", self.name), state.stamp),
                             (key("state", self.name), state)])


def _sources_changed(index: Index, last: State | None, compiled: Compiled) -> set[str]:
    """The sources whose file or stored copy changed (or went) in this build."""
    stored = {rel: sid for sid, rel in index.stored.items()}
    if last is not None:
        stored.update((rel, sid) for sid, rel in last.index.stored.items())
    out = set()
    for rel in compiled.changed:
        if rel in stored:
            out.add(stored[rel])
        for facts in (index.facts.get(rel), last.index.facts.get(rel) if last else None):
            if facts is not None and facts.kind == "source":
                out.add(facts.id)
    return out


def _compile(item: tuple[str, str, str, bytes]) -> Unit:
    return compile_file(*item)


def _same_shape(last: State, compiled: Compiled) -> bool:
    """Are the changed content files' facts what they were, but for the places things are
    written in them (and is no problem the last build reported in one of them, whose place
    may have moved)? Are the stored copies the same files? Then the index and the plan stay
    as they are."""
    index, plan = last.index, last.plan
    for rel, new in compiled.changed.items():
        kind = (compiled.files.get(rel) or last.files[rel]).kind
        if kind in ("site", "stored"):
            continue
        old = index.facts.get(rel)
        if new is None or old is None or _shape(old) != _shape(new):
            return False
    if {rel for rel, f in last.files.items() if f.kind == "stored"} != set(compiled.stored):
        return False
    paths = {index.facts[rel].path for rel in compiled.changed if rel in index.facts}
    return not any(d.pos.path in paths for d in (*index.problems, *plan.problems))


def _shape(facts: Facts) -> tuple:
    """Facts without the places things are written."""
    return facts._replace(
        pos=None, id_pos=facts.id_pos is not None, claimant_pos=None,
        stored_on=facts.stored_on is not None, tags=tuple(t for t, _ in facts.tags),
        aliases=tuple(a for a, _ in facts.aliases),
        refs=tuple(r._replace(pos=Pos("")) for r in facts.refs))
