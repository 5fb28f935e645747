"""Client-side search with Pagefind: an index of the built pages that works on any static
host, no server needed. Only fact-checks, articles and sources are indexed (their pages
mark their text with `data-pagefind-body`), with filters by verdict, claimant, topic and
type (`data-pagefind-filter`).

Pagefind reads the built HTML and writes its bundle into a temporary folder; the files come
back here as bytes, and `write` puts them under pagefind/ like any other output. A build
indexes again only when a page's bytes changed, so a build that changed nothing does not.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..diagnostics import Diagnostic, Pos, warning

FOLDER = "pagefind/"


def index(out_dir: Path, site_pos: Pos) -> tuple[dict[str, bytes], float, list[Diagnostic]]:
    """Pagefind's bundle for the site in out_dir, as output path → bytes; also the seconds
    it took."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="factsite-search-") as bundle:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", str(out_dir),
                 "--output-path", bundle, "--silent"],
                capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return {}, 0.0, [warning(site_pos, f"the search index was not built: {exc}")]
        if done.returncode != 0:
            why = (done.stderr or done.stdout).strip().splitlines()
            hint = "; install it with: pip install 'pagefind[bin]'" \
                if "No module named pagefind" in done.stderr else ""
            return {}, 0.0, [warning(site_pos, "the search index was not built: "
                                     f"{why[-1] if why else 'pagefind failed'}{hint}")]
        files = {FOLDER + p.relative_to(bundle).as_posix(): p.read_bytes()
                 for p in sorted(Path(bundle).rglob("*")) if p.is_file()}
    return files, time.perf_counter() - started, []


def pages_changed(written: list[str], deleted: list[str]) -> bool:
    """Did any page's bytes change (so the index must be made again)?"""
    return any(p.endswith(".html") for p in (*written, *deleted))
