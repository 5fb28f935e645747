"""The site's input files: found, and the changed ones' digests.

`scan` finds site.yaml, every file in content/, the theme's assets and static/, and gives
each its digest (SHA-1 of its bytes). A file whose size and times are the ones the last
build recorded, and were already old then, keeps the digest it had without being read
again (as git's index does: a file changed in the same moment as the record is read
again); any other file is read to be digested. (Its bytes are not kept: the process that
compiles the file reads it again, so a big site's bytes are never all in memory.)
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..diagnostics import Diagnostic, Pos, did_you_mean, display_path, error, warning
from .addresses import COPY_ENDINGS

THEME_DIR = Path(__file__).parent.parent / "theme"
SAFE_AGE_NS = 2_000_000_000  # a file younger than this when the record was made is read again


class Folder(NamedTuple):
    kind: str  # what its files are: "claim", "source", …
    endings: tuple[str, ...]  # the endings of its content files (the first is `new`'s)
    evidence: tuple[str, ...] = ()  # endings of files kept as evidence, never published
    evidence_kind: str = "stored"  # what they are: "stored" (a source's stored copy) or
    # "appearance" (a stored copy of a place a claim was made)


# content/<folder>/ → what it holds. (The one place this is written.)
FOLDERS = {
    "claims": Folder("claim", (".yaml", ".yml", ".md"), evidence=COPY_ENDINGS,
                     evidence_kind="appearance"),
    "sources": Folder("source", (".yaml", ".yml"), evidence=COPY_ENDINGS),
    "claimants": Folder("claimant", (".yaml", ".yml")),
    "articles": Folder("article", (".md",)),
    "pages": Folder("page", (".md",)),
    "team": Folder("person", (".md",)),  # a team member's page (content/people.py)
}
FOLDER_OF = {folder.kind: name for name, folder in FOLDERS.items()}
TRANSLATABLE = ("claim", "article", "page")  # the kinds another language may translate


class Stat(NamedTuple):
    """What the last build saw of a file: enough to tell it has not changed since."""

    size: int
    mtime: int  # ns
    ctime: int  # ns
    inode: int
    digest: str


class SourceFile(NamedTuple):
    """One input file: site.yaml, a content file, a stored copy (kind "stored" for a
    source's, "appearance" for a claim's appearance's) or an asset (kind "asset", `rel` its
    output path)."""

    kind: str
    rel: str  # relative to the site folder, with '/': the dependency graph's name for it
    path: str  # as messages show it (relative to the working directory)
    digest: str

    @property
    def stem(self) -> str:
        """The file name without its ending: the default id."""
        return os.path.splitext(os.path.basename(self.rel))[0]

    def read(self) -> bytes:
        with open(self.path, "rb") as f:
            return f.read()


@dataclass(frozen=True, slots=True)
class Files:
    """Every input file, by `rel` (site.yaml first, then content/ in order), and the
    assets; what the scan had to say about the folder; the stats for the next scan."""

    site_dir: Path
    inputs: Mapping[str, SourceFile]
    assets: Mapping[str, SourceFile]  # by output path
    stats: Mapping[str, Stat]
    problems: tuple[Diagnostic, ...]
    made_at: int  # when the scan started (ns): its stats vouch for files older than that
    history: Mapping[str, str] = field(default_factory=dict)  # history:<file> → digest

    @property
    def digests(self) -> dict[str, str]:
        """Every input's digest (assets as asset:<output path>, each check's history from
        git as history:<file>): what a build is made of."""
        out = {rel: f.digest for rel, f in self.inputs.items()}
        out.update({f"asset:{path}": f.digest for path, f in self.assets.items()})
        out.update(self.history)
        return out


def scan(site_dir: Path, known: Mapping[str, Stat] | None = None, made_at: int = 0) -> Files:
    """Find every input file; read those `known` (the last build's stats, recorded at
    `made_at`, in ns) does not vouch for."""
    started = time.time_ns()
    scanner = _Scanner(site_dir, known or {}, made_at)
    site_file = site_dir / "site.yaml"
    if site_file.is_file():
        scanner.add("site.yaml", "site")
    else:
        scanner.problems.append(error(Pos(display_path(site_file)), "site.yaml not found: is "
                                      "--site pointing at the site's folder?"))
    scanner.content(site_dir / "content")
    scanner.assets(site_dir)
    return Files(site_dir, scanner.inputs, scanner.found_assets, scanner.stats,
                 tuple(scanner.problems), started)


class _Scanner:
    def __init__(self, site_dir: Path, known: Mapping[str, Stat], made_at: int) -> None:
        self.site_dir = site_dir
        self.real_site = os.path.realpath(site_dir)
        shown = display_path(site_dir)
        self.prefix = "" if shown == "." else shown.rstrip("/") + "/"
        self.known = known
        self.trusted_before = made_at - SAFE_AGE_NS
        self.inputs: dict[str, SourceFile] = {}
        self.found_assets: dict[str, SourceFile] = {}
        self.stats: dict[str, Stat] = {}
        self.problems: list[Diagnostic] = []

    def add(self, rel: str, kind: str, path: str | None = None, out: str | None = None) -> None:
        """One file: `rel` within the site folder (or `path` outside it, for the theme's
        assets), found as `kind`; an asset goes to `out`."""
        path = path or os.path.join(self.site_dir, rel)
        shown = self.prefix + rel if out is None else display_path(Path(path))
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                if os.path.commonpath([self.real_site, os.path.realpath(path)]) \
                        != self.real_site:
                    # content arrives in pull requests: a link to ~/.ssh or /etc is not
                    # published
                    self.problems.append(error(Pos(shown), "this link points outside the "
                                               f"site; it is not {'copied' if out else 'read'}"))
                    return
                st = os.stat(path)
            found = self._digest(rel, path, st)
        except OSError as exc:
            self.problems.append(error(Pos(shown), f"cannot read the file: {exc.strerror}"))
            return
        if out is None:
            self.inputs[rel] = SourceFile(kind, rel, shown, found)
        else:
            self.found_assets[out] = SourceFile(kind, out, path, found)

    def _digest(self, rel: str, path: str, st: os.stat_result) -> str:
        old = self.known.get(rel)
        if old is not None and old[:4] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                                           st.st_ino) \
                and max(st.st_mtime_ns, st.st_ctime_ns) < self.trusted_before:
            self.stats[rel] = old
            return old.digest
        with open(path, "rb") as f:
            digest = digest_of(f.read())
        self.stats[rel] = Stat(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, digest)
        return digest

    def content(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if entry.name not in FOLDERS:
                self.problems.append(warning(
                    Pos(display_path(Path(entry.path))),
                    f"'{entry.name}' is not a content folder, so it is ignored"
                    + (did_you_mean(entry.name, FOLDERS) or
                       f"; the folders are: {', '.join(FOLDERS)}")))
                continue
            folder_of = FOLDERS[entry.name]
            for rel in (f"content/{entry.name}/{f}" for f in relative_files(entry.path)):
                found = _kind_in(folder_of, rel)
                if found is not None:
                    self.add(rel, found)
                elif folder_of.evidence_kind == "appearance" \
                        and os.path.splitext(rel)[1] in folder_of.evidence:
                    self.problems.append(warning(
                        Pos(self.prefix + rel), "ignored: a stored copy of where a claim was "
                        "made goes in the claim's appearances/ folder: "
                        "content/claims/<claim>/appearances/<n>.txt"))
                elif not rel.endswith("/.gitkeep"):
                    self.problems.append(warning(
                        Pos(self.prefix + rel),
                        f"ignored: {entry.name}/ holds {' or '.join(folder_of.endings)} "
                        "files"))

    def assets(self, site_dir: Path) -> None:
        """The theme's assets/ (a site's templates/assets/ overrides a file of the same
        name) and the theme's static/ (its icon: /favicon.ico, /favicon.svg), then the
        site's static/ folder (its own favicon.ico replaces the theme's), copied as they
        are."""
        found: dict[str, tuple[str, str]] = {}  # output path → (rel or absolute path, path)
        for folder, prefix in ((THEME_DIR / "assets", "assets/"),
                               (site_dir / "templates" / "assets", "assets/"),
                               (THEME_DIR / "static", "")):
            for rel in relative_files(folder):
                path = os.path.join(folder, rel)
                found[prefix + rel] = (os.path.abspath(path), path)
        for rel in relative_files(site_dir / "static"):
            found[rel] = (f"static/{rel}", os.path.join(site_dir, "static", rel))
        for out, (rel, path) in sorted(found.items()):
            self.add(rel, "asset", path, out)


def rescan(last: Files, changed: Iterable[str]) -> Files | None:
    """The last scan, with these files (paths in the site: what a watcher saw change) looked
    at again; None when one of them is not a content file or site.yaml (then scan it all)."""
    inputs, stats = dict(last.inputs), dict(last.stats)
    scanner = _Scanner(last.site_dir, {}, 0)
    for rel in sorted(changed):
        kind = kind_of(rel)
        path = os.path.join(last.site_dir, rel)
        if kind is None or os.path.isdir(path):
            return None
        inputs.pop(rel, None)
        stats.pop(rel, None)
        if os.path.lexists(path):
            scanner.add(rel, kind)
    if scanner.problems:
        return None  # (a link out of the site, say: the full scan says so, in its place)
    inputs.update(scanner.inputs)
    stats.update(scanner.stats)
    ordered = {rel: inputs[rel] for rel in sorted(inputs, key=_scan_order)}
    return Files(last.site_dir, ordered, last.assets, stats, last.problems, time.time_ns())


def kind_of(rel: str) -> str | None:
    """What a path in the site holds, as the scan would find it (None: not a content file)."""
    if rel == "site.yaml":
        return "site"
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != "content" or parts[1] not in FOLDERS \
            or any(p.startswith(".") for p in parts[1:]):
        return None
    return _kind_in(FOLDERS[parts[1]], rel)


def _kind_in(folder: Folder, rel: str) -> str | None:
    """What a file in a content folder is: a content file, a stored copy (a claim's only in
    content/claims/<claim>/appearances/), or nothing the build reads (None)."""
    stem, ending = os.path.splitext(rel)
    if ending in folder.endings:  # (<id>.<code>.yaml: a translation into that language)
        translated = "." in stem.rsplit("/", 1)[-1] and folder.kind in TRANSLATABLE
        return f"{folder.kind}-translation" if translated else folder.kind
    if ending not in folder.evidence:
        return None
    if folder.evidence_kind == "appearance":
        parts = rel.split("/")
        return "appearance" if len(parts) >= 5 and parts[-2] == "appearances" else None
    return folder.evidence_kind


def _scan_order(rel: str) -> tuple:
    """site.yaml first, then content/ by folder and path, as `scan` finds them."""
    return (rel != "site.yaml", rel.split("/")[1] if "/" in rel else "", rel)


def digest_of(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def relative_files(folder: Path | str) -> list[str]:
    """Every file below `folder`, as paths relative to it with '/', sorted, skipping hidden
    files and editor backups. (Strings, not Path objects: a big site has tens of thousands,
    and this runs on every build, even one that finds nothing to do.)"""
    out: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = os.path.relpath(root, folder).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        out += [prefix + f for f in files
                if not f.startswith(".") and not f.endswith(("~", ".swp", ".tmp"))]
    return sorted(out)


def templates_digest(template_dirs: tuple[Path, ...]) -> str:
    """A digest of every file in the template folders (the site's, then the theme)."""
    digest = hashlib.sha256()
    for directory in template_dirs:
        for rel in relative_files(directory):
            with open(os.path.join(directory, rel), "rb") as f:
                digest.update(f"{directory}/{rel}".encode() + b"\0" + f.read())
    return digest.hexdigest()


def template_dirs(site_dir: Path) -> tuple[Path, ...]:
    """Where templates are looked for: the site's templates/ first, then the theme."""
    return (site_dir / "templates", THEME_DIR)
