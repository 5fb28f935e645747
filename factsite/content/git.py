"""The site's content as git has it: each claim's and article's committed versions on the
main line, and a file's bytes at any commit. The one place that runs `git`.

`git` itself is used, not a library: every CI runner and newsroom laptop that holds the
site has it, it reads shallow and partial clones as they are, and one `git log` and one
`git cat-file --batch` read a whole site's history however many files it has.

Only the first-parent line of HEAD counts: on a branch that takes pull requests as merges,
each merge is one published revision (what a pull request did on its way is not).
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

FOLDERS = ("content/claims", "content/articles")  # the files whose history is published
FETCH_ALL = ("fetch the whole history with `git fetch --unshallow` (in GitHub Actions: "
             "`fetch-depth: 0` on actions/checkout)")


class Version(NamedTuple):
    """One committed version of a file: the commit, its committer time (seconds since the
    epoch, UTC) and the file's blob."""

    commit: str
    when: int
    blob: str


@dataclass(frozen=True)
class Repository:
    """The git repository that holds the site: where (`top`), the site's folder inside
    it (`prefix`, "" or ending in /), and the commit checked out."""

    top: Path
    site_dir: Path
    prefix: str
    head: str


@dataclass(frozen=True)
class Unavailable:
    """Why the site's history cannot be read: said once, and pages show none."""

    reason: str
    shallow: bool = False


class GitError(Exception):
    """git failed, or was asked for something it does not have."""


def repository(site_dir: Path) -> Repository | Unavailable:
    """The repository the site is in, or why there is none to read."""
    try:
        out = _git(site_dir, "rev-parse", "--show-toplevel", "--show-prefix",
                   "--is-shallow-repository", "--verify", "-q", "HEAD").decode()
    except FileNotFoundError:
        return Unavailable("git is not installed")
    except GitError as exc:
        text = str(exc)
        if "not a git repository" in text:
            return Unavailable("the site is not in a git repository")
        return Unavailable("the repository has no commits yet" if "HEAD" in text or not text
                           else f"git could not read the repository: {text}")
    top, prefix, shallow, head = [*out.split("\n"), "", "", "", ""][:4]
    if shallow == "true":
        return Unavailable(f"the clone is shallow, so its history is cut short: {FETCH_ALL}",
                           shallow=True)
    return Repository(Path(top), site_dir, prefix, head)


def versions(repo: Repository, rels: Iterable[str]) -> dict[str, tuple[Version, ...]]:
    """Each of these files' committed versions on HEAD's first-parent line, oldest first,
    following renames back (`rels` are relative to the site's folder)."""
    raw = _git(repo.site_dir, "log", "--first-parent", "--diff-merges=first-parent", "-M",
               "--raw", "--no-abbrev", "-z", "--relative", "--format=%x01%H %ct", repo.head,
               "--", *FOLDERS)
    tracking = {rel: rel for rel in rels}  # a path as it was then → the file it is now
    found: dict[str, list[Version]] = {rel: [] for rel in tracking}
    for commit, when, changes in _commits(raw):
        for status, blob, paths in changes:
            now = tracking.get(paths[-1])
            if now is None:
                continue
            found[now].append(Version(commit, when, blob))
            if status in ("A", "C"):
                del tracking[paths[-1]]  # (before this commit, it was not there)
            elif status == "R":
                tracking[paths[0]] = tracking.pop(paths[-1])
    return {rel: tuple(reversed(v)) for rel, v in found.items()}


def _commits(raw: bytes) -> Iterable[tuple[str, int, list[tuple[str, str, list[str]]]]]:
    """`git log --raw -z` read: each commit (newest first) with its changes (status, the
    new blob, the paths: the old one first for a rename or copy)."""
    for chunk in raw.split(b"\x01")[1:]:
        head, _, rest = chunk.partition(b"\0")
        commit, when = head.decode().split()
        tokens = rest.decode("utf-8", "surrogateescape").split("\0")
        changes, i = [], 0
        while i < len(tokens):
            meta = tokens[i].lstrip("\n")
            i += 1
            if not meta.startswith(":"):
                continue
            fields = meta[1:].split()
            status = fields[4][0]
            count = 2 if status in ("R", "C") else 1
            changes.append((status, fields[3], tokens[i:i + count]))
            i += count
        yield commit, int(when), changes


def blobs(repo: Repository, names: Iterable[str]) -> dict[str, bytes]:
    """The bytes of these blobs (or `commit:path`s); a name git does not have is left out."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    out = _git(repo.site_dir, "cat-file", "--batch", stdin="\n".join(wanted) + "\n")
    found, at = {}, 0
    for name in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":  # "<name> missing"
            continue
        size = int(header[2])
        found[name] = out[at:at + size]
        at += size + 1
    return found


def files_at(repo: Repository, ref: str) -> Mapping[str, str]:
    """The claim and article files at `ref` (path in the site → blob)."""
    raw = _git(repo.site_dir, "ls-tree", "-r", "-z", "--full-tree", ref, "--",
               *(repo.prefix + f for f in FOLDERS))
    out = {}
    for entry in raw.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        kind, blob = meta.split()[1:3]
        if kind == "blob" and path.startswith(repo.prefix):
            out[path[len(repo.prefix):]] = blob
    return out


def resolve(repo: Repository, ref: str) -> tuple[str, int]:
    """A ref's commit and committer time; GitError when git does not know it."""
    out = _git(repo.site_dir, "log", "-1", "--format=%H %ct", ref + "^{commit}", "--")
    commit, when = out.decode().split()
    return commit, int(when)


def fork_point(repo: Repository, commit: str) -> str:
    """Where HEAD's line left `commit`'s (`git merge-base`): on a branch that fell behind
    main, the edits main has made since are not the branch's. The commit itself when HEAD
    descends from it, or when they share nothing."""
    try:
        return _git(repo.site_dir, "merge-base", commit, repo.head).decode().strip() or commit
    except GitError:
        return commit


def blob_id(data: bytes) -> str:
    """The id git gives these bytes (to tell a file changed since its last commit)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _git(cwd: Path, *args: str, stdin: str | None = None) -> bytes:
    done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd,
                          input=stdin.encode() if stdin is not None else None,
                          capture_output=True, timeout=300, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0].removeprefix("fatal: ") if message else "")
    return done.stdout
