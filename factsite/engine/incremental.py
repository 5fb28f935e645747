"""The incremental layer: one object beside the stages that remembers what each one made
and hands it only what changed since the last build.

- compile: a file whose digest is the one the last build saw keeps its facts and problems;
  another is looked up in the memo by its digest, and compiled (over every core) only when
  the memo has never seen those bytes;
- link: when the changed files' facts have the same shape as before (an edited sentence,
  a source's title), the index and the plan are the last build's; otherwise the index is
  updated with the changed facts and the outputs planned again;
- evidence: a claim is checked again only when its file, its quoted sources, their stored
  copies or the settings it reads changed;
- records and texts are read from the memo as pages need them.

Each stage called here is a pure function (see `build.build` for their order); the only
state is this object's, and what it saves for the next build (`state.State`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..content import markdown
from ..content.files import Files, SourceFile, scan, template_dirs, templates_digest
from ..content.markdown import Fragment
from ..content.model import Claim, Record, Site
from ..diagnostics import Diagnostic, Pos
from ..evidence.quotes import Checked, check_claim
from ..render import kinds
from ..render.outputs import Plan, Scope
from ..site.facts import Facts
from ..site.index import Index, make_index
from ..site.units import Unit, compile_file
from .memo import Memo
from .parallel import Workers
from .state import FileState, State
from .store import Store, key


@dataclass(frozen=True)
class Compiled:
    """Every input file after compiling the changed ones."""

    files: Mapping[str, FileState]
    changed: Mapping[str, Facts | None]  # the content files whose facts may have changed
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
        if previous is None and cache:
            found = self.store.get(key("state", name))
            previous = found if isinstance(found, State) and found.drafts == drafts \
                and found.site_dir == str(site_dir.resolve()) else None
        self.previous = previous
        self.memo = previous.memo if previous and previous.memo and keep_all \
            else Memo(self.store, keep_all)
        self.drafts, self.jobs, self.day = drafts, jobs, day
        self.files: Mapping[str, FileState] = {}
        self.sources: Mapping[str, SourceFile] = {}

    # -- 1. the site's files ----------------------------------------------------------------
    def scan(self) -> Files:
        last = self.previous
        files = scan(self.site_dir, last.stats if last else None, last.made_at if last else 0)
        self.sources = files.inputs
        return files

    def unchanged(self, files: Files, templates: str) -> bool:
        """Nothing changed since the last build: no file, no template, not the day."""
        last = self.previous
        return last is not None and last.plan is not None and last.day == self.day \
            and last.templates == templates and last.digests == files.digests

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
            made = workers.each(_compile, ((f.kind, rel, f.path, f.data if f.data is not None
                                            else f.read()) for rel, f, _ in missing),
                                len(missing))
            new = list(zip((k for _, _, k in missing), made, strict=True))
        self.memo.add_units(new)
        units.update(new)
        self.files = {**kept, **{rel: FileState(f.kind, f.digest, k, units[k].facts,
                                                units[k].problems)
                                 for rel, (f, k) in todo.items()}}
        self.files = {rel: self.files[rel] for rel in files.inputs}  # (in the scan's order)
        changed: dict[str, Facts | None] = {rel: units[k].facts for rel, (_, k) in todo.items()}
        changed.update((rel, None) for rel in before.keys() - self.files.keys())
        site_unit = units.get(todo["site.yaml"][1]) if "site.yaml" in todo else None
        site = site_unit.record if site_unit else (self.previous.site if "site.yaml" in kept
                                                   and self.previous else None)
        stored = {rel: f.path for rel, f in files.inputs.items() if f.kind == "stored"}
        return Compiled(self.files, changed, site if isinstance(site, Site) else None, stored)

    # -- 3. the site index ------------------------------------------------------------------
    def link(self, compiled: Compiled) -> tuple[Index, bool]:
        """The index, and whether it (and so the plan) is the last build's."""
        site = compiled.site
        assert site is not None
        last = self.previous.index if self.previous else None
        facts = {rel: f.facts for rel, f in compiled.files.items() if f.facts is not None}
        if last is None or last.site != site or last.drafts != self.drafts:
            return make_index(site, facts, compiled.stored, self.drafts), False
        if self.previous is not None and _same_shape(self.previous, compiled):
            return replace(last, facts=facts), True
        return last.updated(site, compiled.changed, compiled.stored), False

    # -- 4. evidence ------------------------------------------------------------------------
    def check_evidence(self, index: Index) -> dict[str, Checked]:
        """Each claim's evidence (drafts' too), checked again where what it reads changed."""
        site = index.site
        before = self.previous.checked if self.previous else {}
        settings = f"{self.day}|{site.language}|{site.stale_after}"
        checked: dict[str, tuple[str, Checked]] = {}
        for (kind, cid), rel in index.owners.items():
            if kind != "claim":
                continue
            facts = index.facts[rel]
            reads = [self.files[rel].digest, settings]
            for sid in facts.quoted:
                if ("source", sid) in index.owners:
                    reads += [sid, *(self.files[f].digest for f in index.source_files(sid))]
            digest = hashlib.sha1("\0".join(reads).encode()).hexdigest()
            old = before.get(cid)
            checked[cid] = old if old and old[0] == digest else (digest, self._check(index, rel))
        self.checked = checked
        return {cid: result for cid, (_, result) in checked.items()}

    def _check(self, index: Index, rel: str) -> Checked:
        claim: Claim = self.record(rel)  # type: ignore[assignment]
        quoted = [s for s in self.record_facts(rel).quoted if ("source", s) in index.owners]
        sources = {s: self.record(index.file("source", s)) for s in quoted}
        copies = {s: self.record(index.stored[s]) for s in quoted if s in index.stored}
        site = index.site
        return check_claim(claim, sources, copies, self.day, site.language, site.stale_after)

    def record_facts(self, rel: str) -> Facts:
        facts = self.files[rel].facts
        assert facts is not None
        return facts

    # -- 5. the plan ------------------------------------------------------------------------
    def plan(self, index: Index, same_index: bool, assets: frozenset[str]) -> tuple[Plan, bool]:
        """Every output and what it shows, and whether the plan was made again."""
        last = self.previous
        if same_index and last and last.plan is not None and frozenset(last.assets) == assets:
            return last.plan, False
        return kinds.plan(Scope(index, assets, self.site_dir)), True

    # -- what pages read: records and texts, from the memo ----------------------------------
    def record(self, rel: str) -> Record | Any:
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

    def template_digest(self) -> str:
        return templates_digest(template_dirs(self.site_dir))

    def save(self, state: State) -> None:
        """Keep the state for the next command-line build."""
        self.store.put(key("state", self.name), state)


def _compile(item: tuple[str, str, str, bytes]) -> Unit:
    return compile_file(*item)


def _same_shape(last: State, compiled: Compiled) -> bool:
    """Are the changed content files' facts what they were, but for the places things are
    written in them (and is no problem the last build reported in one of them, whose place
    may have moved)? Are the stored copies the same files? Then the index and the plan stay
    as they are."""
    index, plan = last.index, last.plan
    assert index is not None and plan is not None
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
