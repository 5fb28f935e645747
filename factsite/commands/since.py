"""`check --since REF`: every claim published at REF compared with what it is now, so that
a pull request cannot change a verdict, a figure or the claim's words without the
correction that says so (the rules: `site.guard`). Each problem is placed on the changed
line of the file as it is now, so CI's annotations land there.

Only files whose bytes differ from REF's are compiled: a big site's check stays quick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ..content import git
from ..content.files import SourceFile, kind_of, scan
from ..content.model import Claim
from ..diagnostics import Diagnostic, Pos, display_path, error
from ..site.guard import gone, silent_edits
from ..site.units import read_record


def check_since(site_dir: Path, ref: str, small_edit: int) -> list[Diagnostic]:
    """The silent edits since `ref`, or why they could not be looked for."""
    here = Pos(display_path(site_dir / "site.yaml"))  # (the site's, wherever it is run from)
    repo = git.repository(site_dir)
    if isinstance(repo, git.Unavailable):
        return [error(here, f"check --since {ref}: {repo.reason}")]
    try:
        commit, when = git.resolve(repo, git.fork_point(repo, git.resolve(repo, ref)[0]))
        then = {rel: blob for rel, blob in git.files_at(repo, commit).items()
                if kind_of(rel) == "claim"}
        old = _claims(repo, then)
    except git.GitError as exc:
        return [error(here, f"check --since: git has no commit '{ref}' ({exc}): "
                      f"fetch it first (a CI checkout is often shallow: {git.FETCH_ALL})")]
    since = dt.datetime.fromtimestamp(when, dt.UTC).date()
    now = {rel: f for rel, f in scan(site_dir).inputs.items() if f.kind == "claim"}
    unchanged = {rel for rel, blob in then.items() if rel in now
                 and git.blob_id(now[rel].read()) == blob}
    current = _current(now, {rel for rel in then if rel not in unchanged})
    by_id = {c.id: c for c in current.values()}
    out: list[Diagnostic] = []
    for rel, before in old.items():
        if rel in unchanged or before.draft:
            continue
        after = current.get(rel) or by_id.get(before.id)
        if after is None and rel not in now and before.id not in _ids(now, current):
            out.append(gone(display_path(site_dir / rel), before, ref))
        elif after is not None and after.id == before.id:
            out += silent_edits(before, after, since, ref, small_edit)
    return out


def _claims(repo: git.Repository, blobs: Mapping[str, str]) -> dict[str, Claim]:
    """The claims at REF that compile (one that did not was never published)."""
    data = git.blobs(repo, blobs.values())
    out = {}
    for rel, blob in blobs.items():
        if blob in data:
            record = read_record("claim", rel, data[blob])
            if isinstance(record, Claim):
                out[rel] = record
    return out


def _current(now: Mapping[str, SourceFile], changed: set[str]) -> dict[str, Claim]:
    """The changed claims as they are now; every claim when one is gone from its path (it
    may have moved: it is looked for by its id)."""
    wanted = now.keys() if changed - now.keys() else changed & now.keys()
    out = {}
    for rel in wanted:
        f = now[rel]
        record = read_record(f.kind, rel, f.read(), f.path)
        if isinstance(record, Claim):
            out[rel] = record
    return out


def _ids(now: Mapping[str, SourceFile], current: Mapping[str, Claim]) -> set[str]:
    return {c.id for c in current.values()} | {f.stem for f in now.values()}
