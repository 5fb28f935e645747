"""The history query: each claim's and article's published revisions, from git, remembered
in the store so that a build reads only what it has not seen.

- the commit checked out and the files' digests name the whole answer: a build at the same
  commit, with the same files, reads nothing but `git rev-parse`;
- each file's committed versions (`git log`) are kept by commit;
- what readers saw of a version (`history.Snapshot`) is kept by its blob: a version is
  compiled once, ever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping

from ..content import git
from ..content.files import Files, SourceFile
from ..site.history import History, Snapshot, revisions, snapshot
from ..site.units import read_record
from .store import Store, key

KINDS = ("claim", "article")  # the files that have a history


def read_history(files: Files, store: Store) -> History:
    """The site's history at the commit checked out, with the files as they are now."""
    repo = git.repository(files.site_dir)
    if isinstance(repo, git.Unavailable):
        return History(reason=repo.reason, shallow=repo.shallow)
    tracked = {rel: f for rel, f in files.inputs.items() if f.kind in KINDS}
    name = key("history", repo.head, _digest(tracked))
    found = store.get(name)
    if isinstance(found, History):
        return found
    try:
        history = _read(repo, tracked, store)
    except (git.GitError, OSError, ValueError) as exc:
        return History(reason=f"git could not read the history: {exc}")
    store.put(name, history)
    return history


def _read(repo: git.Repository, tracked: Mapping[str, SourceFile], store: Store) -> History:
    logged = store.get(key("log", repo.head, _digest({r: None for r in tracked})))
    if not isinstance(logged, dict):
        logged = git.versions(repo, tracked)
        store.put(key("log", repo.head, _digest({r: None for r in tracked})), logged)
    if tracked and not any(logged.values()):  # (a site in a folder git ignores, or new)
        return History(reason="none of the site's checks is committed to git yet")
    now = _blob_ids(tracked, store)
    blobs = {v.blob: (tracked[rel].kind, rel) for rel, vs in logged.items() for v in vs}
    snaps = _snapshots(repo, blobs, store, {now[rel]: f for rel, f in tracked.items()})
    out = {}
    for rel, versions in logged.items():
        steps = [(v.commit, _day(v.when), snaps.get(v.blob)) for v in versions]
        if not versions or versions[-1].blob != now[rel]:
            steps.append(("", None, snaps.get(now[rel])))  # (changed since its last commit)
        out[rel] = revisions(steps)
    return History(out, repo.head)


def _blob_ids(files: Mapping[str, SourceFile], store: Store) -> dict[str, str]:
    """Each file's git blob id as it is now (kept by its digest: read once)."""
    names = {rel: key("blob-id", f.digest) for rel, f in files.items()}
    kept = dict(store.get_many(names.values()))
    out, made = {}, []
    for rel, name in names.items():
        found = kept.get(name)
        if not isinstance(found, str):
            found = git.blob_id(files[rel].read())
            made.append((name, found))
        out[rel] = found
    store.put_many(made)
    return out


def _snapshots(repo: git.Repository, blobs: Mapping[str, tuple[str, str]], store: Store,
               working: Mapping[str, SourceFile]) -> dict[str, Snapshot | None]:
    """What readers saw of each version (blob → its kind and file; `working`: the files
    as they are now, by blob), kept in the store by blob, read from git's copy or the
    working file when the store has never seen it: each version is read once, ever."""
    names = {blob: key("snapshot", blob) for blob in {*blobs, *working}}
    kept = dict(store.get_many(names.values()))
    out: dict[str, Snapshot | None] = {}
    todo = []
    for blob, name in names.items():
        if name in kept:
            out[blob] = kept[name] if isinstance(kept[name], Snapshot) else None
        else:
            todo.append(blob)
    local = {b: working[b] for b in todo if b in working}
    data = {b: f.read() for b, f in local.items()}
    data.update(git.blobs(repo, [b for b in todo if b not in local]))
    made = []
    for blob, raw in data.items():
        kind, rel = (local[blob].kind, local[blob].rel) if blob in local else blobs[blob]
        out[blob] = snapshot(read_record(kind, rel, raw))
        made.append((names[blob], out[blob] or "broken"))
    store.put_many(made)
    return out


def _day(when: int) -> dt.date:
    return dt.datetime.fromtimestamp(when, dt.UTC).date()


def _digest(files: Mapping[str, SourceFile | None]) -> str:
    text = "\n".join(f"{rel} {f.digest if f else ''}" for rel, f in sorted(files.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
