"""Stage 5, write: the only code that touches the output folder.

It starts only when every page has rendered (a failed build writes nothing), writes each
changed file atomically (a temporary file, then a rename), leaves unchanged files alone
(their modification time too, so rsync and CDN uploads move only what changed), deletes
the files the last build made that this one did not, and keeps a manifest of what it made.
It refuses to write into a folder that is not empty and has no manifest: `--out ~` by
mistake must not touch a home folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".factsite-manifest.json"


class WriteRefused(Exception):
    """The output folder is not ours to write, or an output path would leave it."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


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


def check_writable(out_dir: Path) -> None:
    """Refuse a folder that has content and no manifest of ours."""
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteRefused(f"{out_dir} is a file, not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and read_manifest(out_dir) is None:
        raise WriteRefused(
            f"refusing to write into {out_dir}: it is not empty and was not made by this tool "
            f"(it has no {MANIFEST}); choose an empty or new folder with --out")


def present(out_dir: Path) -> set[str]:
    """The files the last build made that are still there."""
    return {rel for rel in read_manifest(out_dir) or {}
            if (out_dir / rel).is_file()} if out_dir.is_dir() else set()


def write_output(outputs: Mapping[str, bytes], out_dir: Path,
                 keep: set[str] = frozenset()) -> WriteReport:
    """Write `outputs`; the files in `keep` are left as the last build made them."""
    check_writable(out_dir)
    targets = {rel: safe_path(out_dir, rel) for rel in outputs}  # all checked before any write
    old = read_manifest(out_dir) or {}
    out_dir.mkdir(parents=True, exist_ok=True)
    report = WriteReport()
    new: dict[str, str] = {rel: old[rel] for rel in keep if rel in old}
    report.unchanged = len(new)
    folders: set[Path] = set()  # made already: one mkdir per folder, not per file
    for rel in sorted(outputs):
        data = outputs[rel]
        digest = hashlib.sha256(data).hexdigest()
        new[rel] = digest
        target = targets[rel]
        if rel in old and ((old[rel] == digest and _same_size(target, len(data)))
                           or (target.is_file() and target.read_bytes() == data)):
            report.unchanged += 1
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        _atomic_write(target, data)
        report.written.append(rel)
    for rel in sorted(set(old) - set(new)):
        try:
            path = safe_path(out_dir, rel)
        except WriteRefused:
            continue  # a tampered manifest cannot make us delete outside the folder
        if path.is_file() and not path.is_symlink():
            path.unlink()
            report.deleted.append(rel)
            _remove_empty_parents(path.parent, out_dir)
    lines = ",\n".join(f"{json.dumps(rel)}: {json.dumps(new[rel])}" for rel in sorted(new))
    manifest = '{"generator": "factsite", "files": {\n' + lines + "\n}}\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    _atomic_write(out_dir / MANIFEST, manifest.encode("utf-8"))
    return report


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
