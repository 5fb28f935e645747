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
from ..content.files import (
    Files,
    SourceFile,
    rescan,
    scan,
    template_dirs,
    templates_digest,
)
from ..content.markdown import Fragment
from ..content.model import Claim, Site
from ..diagnostics import Diagnostic
from ..evidence.checks import Checked, check_claim
from ..render import kinds
from ..render.outputs import Plan, Scope
from ..site.facts import Facts, FactsMap, unpack
from ..site.history import NO_HISTORY, History
from ..site.index import Index, make_index, owners_of, stored_copies
from ..site.units import compile_file
from .compiling import WAVES, Evidence, Made, Source, compile_one, made_of
from .history import read_history
from .memo import Memo
from .parallel import Workers
from .state import FileState, Stamp, State
from .store import Store, dumps, key

COPIES = ("stored", "appearance")  # the kinds of stored copy: a source's, an appearance's


@dataclass(frozen=True)
class Compiled:
    """Every input file after compiling the changed ones."""

    files: Mapping[str, FileState]
    changed: Mapping[str, Facts | bytes | None]  # the files compiled (facts, maybe packed)
    # or gone (None) in this build
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
        self.compiled_checked: dict[str, Checked] = {}  # claims checked as they compiled
        self._parts_made: set[str] = set()  # parts made in this build (in the store now)

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
    def scan(self, changed: frozenset[str] | None = None) -> Files:
        """Every input file's digest: looked at again where `changed` says (the preview's
        watcher knows which files it saw change), else all of them."""
        stamp, last = self.stamp, self._previous
        files = rescan(last.scan, changed) if changed is not None and last and last.scan \
            else None
        if files is None:
            files = scan(self.site_dir, stamp.stats if stamp else None,
                         stamp.made_at if stamp else 0)
        self.sources = files.inputs
        return files

    def history(self, files: Files) -> tuple[Files, History]:
        """Each check's published revisions, from git (`engine.history`), and the files
        with them as inputs (history:<file>), so pages showing a history are made again
        when it changes."""
        history = read_history(files, self.store)
        return replace(files, history=history.digests), history

    def unchanged(self, files: Files, templates: str, present: set[str] | None) -> bool:
        """Nothing changed since the last build: no file, no template, not the day, and the
        output folder still has what it made (`present`; None: not asked)."""
        stamp = self.stamp
        return stamp is not None and stamp.day == self.day and stamp.templates == templates \
            and stamp.digests == files.digests and (present is None or stamp.made <= present)

    def most_pages_change(self, files: Files, templates: str) -> bool:
        """Will most pages be made again (a first build, new templates, many files)?"""
        stamp = self.stamp
        if stamp is None or stamp.templates != templates:
            return True
        before = stamp.digests
        changed = sum(1 for path, digest in files.digests.items() if before.get(path) != digest)
        return changed > len(before) // 10

    # -- 2. each changed file ---------------------------------------------------------------
    def compile(self, files: Files) -> Compiled:
        """Compile the files whose digest the last build did not see, in two waves: the
        site's settings, sources and their stored copies first, then the claims (each one's
        evidence checked as it is compiled, against those), articles and pages."""
        before = self.previous.files if self.previous else {}
        kept = {rel: old for rel, f in files.inputs.items()
                if (old := before.get(rel)) is not None and old.digest == f.digest
                and old.kind == f.kind}
        made: dict[str, tuple[str, str, Made]] = {}  # rel → (digest, unit key, what it gave)
        gone = {before[rel].kind for rel in before.keys() - files.inputs.keys()}
        for wave in WAVES:
            todo = [f for rel, f in files.inputs.items() if f.kind in wave and rel not in kept]
            evidence = self._evidence(files, kept, made, gone) \
                if any(f.kind == "claim" for f in todo) else None
            made.update(self._compile_wave(todo, evidence))
        self.files = {rel: kept.get(rel) or FileState(f.kind, made[rel][0], made[rel][1],
                                                      made[rel][2].problems)
                      for rel, f in files.inputs.items()}
        self.compiled_checked = {rel: m.checked for rel, (_, _, m) in made.items()
                                 if m.checked is not None}
        changed: dict[str, Facts | bytes | None] = {rel: m.facts
                                                    for rel, (_, _, m) in made.items()}
        changed.update((rel, None) for rel in before.keys() - self.files.keys())
        stored = {rel: f.path for rel, f in files.inputs.items() if f.kind in COPIES}
        return Compiled(self.files, changed, self._site(made), stored)

    def _compile_wave(self, todo: list[SourceFile], evidence: Evidence | None
                      ) -> dict[str, tuple[str, str, Made]]:
        """Each file's unit: remembered (by the digest the scan saw), or read and compiled
        over every core (with `evidence`, which the workers inherit, a claim's quotes are
        checked as it is compiled)."""
        keys = {f.rel: Memo.unit_key(f.kind, f.rel, f.path, f.digest) for f in todo}
        known = self.memo.known(keys.values())
        made = {f.rel: (f.digest, keys[f.rel], made_of(self.memo.unit(keys[f.rel]), evidence))
                for f in todo if keys[f.rel] in known}
        missing = [f for f in todo if made.get(f.rel, (0, 0, None))[2] is None]
        with Workers(self.jobs, evidence) as workers:
            for f, (digest, key_, new) in zip(missing, workers.each(compile_one, missing,
                                                                     len(missing)), strict=True):
                self.memo.add([(key_, new.unit), *new.fragments])
                made[f.rel] = digest, key_, new._replace(unit=b"", fragments=())
        self.memo.flush()
        return made  # type: ignore[return-value]

    def _evidence(self, files: Files, kept: Mapping[str, FileState],
                  made: Mapping[str, tuple[str, str, Made]], gone: set[str]) -> Evidence | None:
        """What checking a claim's evidence reads: the site's settings, and each source's
        record and stored copy (by their units in the memo), owned as the index will (as
        the last index did, when no source or stored copy changed)."""
        site = self._site(made)
        if site is None:
            return None
        last = self.previous.index if self.previous else None
        changed = gone | {files.inputs[rel].kind for rel in made}
        if last is not None and not changed & {"source", "stored", "appearance"}:
            owners = {k: rel for k, rel in last.owners.items() if k[0] == "source"}
            stored = dict(last.stored)
        else:
            facts = {rel: (unpack(m.facts) if m.facts else None)
                     for rel, (_, _, m) in made.items() if files.inputs[rel].kind == "source"}
            facts.update((rel, last.facts.get(rel)) for rel, f in kept.items()
                         if f.kind == "source" and last is not None)
            found = {rel: f for rel, f in facts.items() if f is not None}
            owners, _ = owners_of(found.values(), [])
            copies = {rel: f.path for rel, f in files.inputs.items() if f.kind == "stored"}
            stored = stored_copies(found, owners, copies, [])
        said = [rel for rel, f in files.inputs.items() if f.kind == "appearance"]
        units = {rel: Source(kept[rel].unit if rel in kept else made[rel][1],
                             files.inputs[rel])
                 for rel in {*owners.values(), *stored.values(), *said}}
        folders: dict[str, dict[str, Source]] = {}
        for rel in said:
            folder, name = rel.rsplit("/", 1)
            folders.setdefault(folder + "/", {})[name] = units[rel]
        return Evidence(self.memo, self.day, site.language, site.stale_after,
                        {key: units[rel] for (_, key), rel in owners.items()},
                        {sid: units[rel] for sid, rel in stored.items()}, folders)

    def _site(self, made: Mapping[str, tuple[str, str, Made]]) -> Site | None:
        unit = self.memo.unit(made["site.yaml"][1]) if "site.yaml" in made else None
        site = unit.record if unit else self.previous.site if self.previous else None
        return site if isinstance(site, Site) else None

    # -- 3. the site index ------------------------------------------------------------------
    def link(self, compiled: Compiled) -> tuple[Index, bool]:
        """The index, and whether it (and so the plan) is the last build's."""
        site = compiled.site
        assert site is not None
        last = self.previous
        if last is None:
            facts = FactsMap().updated(compiled.changed)
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
        again.update(_copies_changed(index, last, compiled))
        self.checked = {}
        for (kind, cid), rel in index.owners.items():
            if kind != "claim":
                continue
            old = before.get(cid)
            if rel in self.compiled_checked:  # (checked as it was compiled, in this build)
                self.checked[cid] = self.compiled_checked[rel]
            elif old is not None and cid not in again and owners.get((kind, cid)) == rel:
                self.checked[cid] = old
            else:
                self.checked[cid] = self._check(index, rel)
        self.settings = settings
        return self.checked

    def _check(self, index: Index, rel: str) -> Checked:
        claim = self.record(rel)
        assert isinstance(claim, Claim)
        quoted = [s for s in index.facts[rel].quoted if ("source", s) in index.owners]
        sources = {s: self.record(index.file("source", s)) for s in quoted}
        copies = {s: self.record(index.stored[s]) for s in quoted if s in index.stored}
        folder = {name: self.record(f) for name, f in index.copies.get(claim.id, {}).items()}
        site = index.site
        return check_claim(claim, sources, copies, self.day, site.language, site.stale_after,
                           folder)

    # -- 5. the plan ------------------------------------------------------------------------
    def plan(self, index: Index, same_index: bool, assets: frozenset[str], history: History
             ) -> tuple[Plan, bool]:
        """Every output and what it shows, and whether the plan was made again."""
        last = self.previous
        if same_index and last and frozenset(a.removeprefix("asset:") for a in
                                             last.stamp.digests if a.startswith("asset:")) \
                == assets and last.stamp.digests.get(NO_HISTORY) == \
                history.digests.get(NO_HISTORY):  # (and the history is there, or not, still)
            return last.plan, False
        return kinds.plan(Scope(index, assets, self.site_dir, history=history)), True

    # -- what outputs read: records and texts from the memo, parts of the last build ------
    def record(self, rel: str) -> Any:
        """A file's record (compiled again from the file if the memo has lost it)."""
        state = self.files[rel]
        unit = self.memo.unit(state.unit)
        if unit is None:
            source = self.sources[rel]
            unit = compile_file(state.kind, rel, source.path, source.read())
            self.memo.add([(state.unit, dumps(unit))])
            self.memo.flush()
        return unit.record

    def fragment(self, text_key: tuple[str, bool]) -> Fragment:
        """A text's Markdown phase 1 (made again if the memo has lost it)."""
        found = self.memo.fragment(text_key)
        return found if found is not None else markdown.parse(text_key[0], inline=text_key[1])

    def parts(self, pages: list[str], make: Callable[[str], str], edition: str = ""
              ) -> Iterator[str]:
        """A piece of a file for each page (a claim's line in claims.json), made from what
        that page shows: the last build's when the page is not made again (or was made in
        this build), else made now (and kept for the next)."""
        for i in range(0, len(pages), 500):
            names = {page: key("part", self.name, edition, page) for page in pages[i:i + 500]}
            fresh = [n for p, n in names.items() if n in self._parts_made
                     or (self.remade is not None and p not in self.remade)]
            found = {n: v for n, v in self.store.get_many(fresh) if isinstance(v, str)}
            new = {n: make(p) for p, n in names.items() if n not in found}
            self.store.put_many(new.items())
            self._parts_made.update(new)
            yield from (found.get(n) or new[n] for n in names.values())

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


def _copies_changed(index: Index, last: State | None, compiled: Compiled) -> set[str]:
    """The claims whose appearances' stored copies changed (or came, or went)."""
    owner = {rel: cid for cid, names in index.copies.items() for rel in names.values()}
    if last is not None:
        owner.update((rel, cid) for cid, names in last.index.copies.items()
                     for rel in names.values())
    return {owner[rel] for rel in compiled.changed if rel in owner}


def _same_shape(last: State, compiled: Compiled) -> bool:
    """Are the changed content files' facts what they were, but for the places things are
    written in them (and is no problem the last build reported in one of them, whose place
    may have moved)? Are the stored copies the same files? Then the index and the plan stay
    as they are."""
    index, plan = last.index, last.plan
    for rel, new in compiled.changed.items():
        kind = (compiled.files.get(rel) or last.files[rel]).kind
        if kind in ("site", *COPIES):
            continue
        old = index.facts.get(rel)
        if new is None or old is None or _shape(old) != _shape(unpack(new) if isinstance(
                new, bytes) else new):
            return False
    if {rel for rel, f in last.files.items() if f.kind in COPIES} != set(compiled.stored):
        return False
    paths = {index.facts[rel].path for rel in compiled.changed if rel in index.facts}
    return not any(d.pos.path in paths for d in (*index.problems, *plan.problems))


def _shape(facts: Facts) -> tuple:
    """Facts without the places things are written."""
    return facts._replace(
        pos=None, id_pos=facts.id_pos is not None, claimant_pos=None, translated_pos=None,
        stored_on=facts.stored_on is not None, no_copy=facts.no_copy is not None,
        tags=tuple(t for t, _ in facts.tags), aliases=tuple(a for a, _ in facts.aliases),
        refs=tuple((r.kind, r.key, r.field, r.claim) for r in facts.refs))
