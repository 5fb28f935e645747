"""Write: the only code that touches the output folder.

Pages arrive one at a time as they render. A changed one is staged in a hidden folder
inside the output; nothing the last build made is touched until every page has rendered
and the build has succeeded (a failed build leaves the output as it was). Then each
changed file is renamed into place (atomically), unchanged files are left alone (their
modification time too, so rsync and CDN uploads move only what changed), the files the
last build made that this one did not are deleted, and a manifest records what it made.
It refuses to write into a folder that is not empty and has no manifest: `--out ~` by
mistake must not touch a home folder."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".factsite-manifest.json"
_PLAIN = re.compile(r"[A-Za-z0-9._/-]*")  # a path JSON writes as it is
STAGING = ".factsite-staging"  # a build's changed files, until it has succeeded


class WriteRefused(Exception):
    """The output folder is not ours to write, or an output path would leave it."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    files: Mapping[str, str] = field(default_factory=dict)  # the output now: path → digest


def safe_path(out_dir: Path, rel: str) -> Path:
    """The file for an output path, refusing anything that would land outside out_dir."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or not rel or any(p in ("..", ".", "") for p in rel.split("/")) \
            or "\\" in rel or "\0" in rel:
        raise WriteRefused(f"refused to write '{rel}': it is not a plain path inside the output")
    return out_dir.joinpath(*pure.parts)


def read_manifest(out_dir: Path) -> dict[str, str] | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
        files = data["files"]
        if data.get("generator") != "factsite" or not isinstance(files, dict):
            return None
        return {str(k): str(v) for k, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_writable(out_dir: Path, manifest: dict[str, str] | None) -> None:
    """Refuse a folder that has content and no manifest of ours."""
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteRefused(f"{out_dir} is a file, not a folder")
    if manifest is None and out_dir.is_dir() \
            and any(p.name != STAGING for p in out_dir.iterdir()):
        # (an interrupted first build's staging folder is ours)
        raise WriteRefused(
            f"refusing to write into {out_dir}: it is not empty and was not made by this tool "
            f"(it has no {MANIFEST}); choose an empty or new folder with --out")


def present(out_dir: Path) -> set[str]:
    """The files the last build made that are still there."""
    root = str(out_dir)
    return {rel for rel in read_manifest(out_dir) or {}
            if os.path.isfile(os.path.join(root, rel))} if out_dir.is_dir() else set()


def write_output(outputs: Mapping[str, bytes], out_dir: Path,
                 keep: Iterable[str] = ()) -> WriteReport:
    """Write `outputs`; the files in `keep` are left as the last build made them."""
    for rel in outputs:  # all checked before any write
        safe_path(out_dir, rel)
    staging = Staging(out_dir, keep)
    for rel in sorted(outputs):
        staging.add(rel, outputs[rel])
    if staging.problem:
        staging.discard()
        raise WriteRefused(staging.problem)
    return staging.commit()


class Staging:
    """A build's output on its way in. Each file is compared with the last build's as it
    arrives, and a changed one is written into a hidden folder inside the output (so a big
    site never has to be in memory at once). Only `commit`, once the whole build has
    succeeded, moves them into place; `discard` removes them and leaves the output as it
    was. The files in `keep` are the last build's, left as they are. A file that cannot be
    staged (a full disk, a path that would leave the output) is remembered in `problem`,
    and nothing more is staged."""

    def __init__(self, out_dir: Path, keep: Iterable[str] = ()) -> None:
        manifest = read_manifest(out_dir)
        check_writable(out_dir, manifest)
        self.out_dir = out_dir
        self.created = not out_dir.exists()
        self.folder = out_dir / STAGING
        self.old = manifest or {}
        self.digests: dict[str, str] = {}
        self.unchanged = 0
        self.keep(keep)
        self.changed: set[str] = set()
        self.problem: str | None = None
        shutil.rmtree(self.folder, ignore_errors=True)  # an interrupted build's
        self.folder.mkdir(parents=True)
        self._made = ""  # the folder made last (a page's files, or assets, come together)

    def keep(self, keep: Iterable[str]) -> Staging:
        """Leave these files as the last build made them."""
        kept = {rel: self.old[rel] for rel in keep if rel in self.old}
        self.digests.update(kept)
        self.unchanged += len(kept)
        return self

    def add(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        """One file: its bytes, or its pieces (a big file, written as it is made)."""
        if not isinstance(data, bytes):
            with self.stream(rel) as write:
                for piece in data:
                    write(piece)
            return
        if self.problem is None:
            try:
                self._add(rel, data)
            except (WriteRefused, OSError) as exc:
                self.problem = str(exc)

    def _add(self, rel: str, data: bytes) -> None:
        target = self._target(rel)
        digest = hashlib.sha256(data).hexdigest()
        self.digests[rel] = digest
        if rel in self.old and ((self.old[rel] == digest and _same_size(target, len(data)))
                                or (target.is_file() and target.read_bytes() == data)):
            self.unchanged += 1
            self.changed.discard(rel)
            return
        with open(self._staged(rel), "wb") as f:
            f.write(data)
        self.changed.add(rel)

    @contextlib.contextmanager
    def stream(self, rel: str) -> Iterator[Callable[[bytes], None]]:
        """A file written piece by piece (a big site's open data, too big to hold at once):
        `with staging.stream(rel) as write: write(piece)`. Compared with the last build's
        when it is complete."""
        digest, size = hashlib.sha256(), 0
        try:
            if self.problem is not None:
                raise WriteRefused(self.problem)
            target = self._target(rel)
            staged = self._staged(rel)
            file = open(staged, "wb")  # noqa: SIM115 (closed below, after the yield)
        except (WriteRefused, OSError) as exc:
            self.problem = self.problem or str(exc)
            yield lambda data: None
            return

        def write(data: bytes) -> None:
            nonlocal size
            digest.update(data)
            size += len(data)
            file.write(data)

        try:
            with file:
                yield write
        except OSError as exc:  # a full disk, say
            self.problem = self.problem or str(exc)
            return
        self.digests[rel] = digest.hexdigest()
        if self.old.get(rel) == self.digests[rel] and _same_size(target, size):
            os.unlink(staged)
            self.unchanged += 1
        else:
            self.changed.add(rel)

    def _target(self, rel: str) -> Path:
        if rel.split("/")[0] in (STAGING, MANIFEST):
            raise WriteRefused(f"refused to write '{rel}': the tool keeps that name")
        return safe_path(self.out_dir, rel)

    def _staged(self, rel: str) -> Path:
        staged = safe_path(self.folder, rel)
        self._mkdir(staged.parent)
        return staged

    def commit(self) -> WriteReport:
        """Move the changed files into place (each by a rename: a reader sees the old file
        or the new one, never half of one), delete what the last build made and this one
        did not, and write the manifest."""
        report = WriteReport(written=sorted(self.changed), unchanged=self.unchanged)
        _move(str(self.folder), str(self.out_dir))
        for rel in sorted(set(self.old) - set(self.digests)):
            try:
                path = safe_path(self.out_dir, rel)
            except WriteRefused:
                continue  # a tampered manifest cannot make us delete outside the folder
            if path.is_file() and not path.is_symlink():
                path.unlink()
                report.deleted.append(rel)
                _remove_empty_parents(path.parent, self.out_dir)
        new = self.digests
        lines = ",\n".join(f'"{rel}": "{new[rel]}"' if _PLAIN.fullmatch(rel) else
                           f"{json.dumps(rel)}: {json.dumps(new[rel])}" for rel in sorted(new))
        manifest = '{"generator": "factsite", "files": {\n' + lines + "\n}}\n"
        _atomic_write(self.out_dir / MANIFEST, manifest.encode("utf-8"))
        shutil.rmtree(self.folder, ignore_errors=True)
        report.files = new
        return report

    def discard(self) -> None:
        """Remove what was staged: the output is as the last build left it."""
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.created:
            with contextlib.suppress(OSError):
                self.out_dir.rmdir()

    def _mkdir(self, folder: Path) -> None:
        # (not a set of every folder made: a big site has one for each page, so each is
        # made once anyway, and a set of them all costs more memory than it saves time)
        name = str(folder)
        if name != self._made:
            os.makedirs(name, exist_ok=True)
            self._made = name


class Nowhere:
    """Where a build that writes nothing (`check`) sends its files (made all the same: a
    mistake in making one is found)."""

    problem = None

    def add(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        if not isinstance(data, bytes):
            for _ in data:
                pass


def _move(staged: str, target: str) -> None:
    """Move what is staged in a folder into place: what the output has no such file or
    folder for yet, in one rename (a first build's claims/ folder is one rename, not
    thousands); into a folder it has, entry by entry."""
    for entry in os.scandir(staged):
        dest = os.path.join(target, entry.name)
        if entry.is_dir(follow_symlinks=False) and os.path.isdir(dest) \
                and not os.path.islink(dest):
            _move(entry.path, dest)
            continue
        if os.path.islink(dest):
            os.unlink(dest)  # (never written through: the link itself is replaced)
        os.replace(entry.path, dest)


def _same_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def _atomic_write(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place: a reader
    (or a crash) sees the old file or the new one, never half of one."""
    tmp = target.with_name(f".tmp-{target.name}~")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, out_dir: Path) -> None:
    while folder != out_dir and folder.is_relative_to(out_dir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
