"""Every file of a built site, but Pagefind's index and the build's own manifest, as
[path, sha256] pairs sorted by path (JSON on stdout). Only the standard library, so that it
runs beside any version of factsite.

usage: python tests/golden/hashes.py BUILT_FOLDER > tests/golden/NAME.json
"""

import hashlib
import json
import sys
from pathlib import Path

SKIPPED = ("pagefind/", ".factsite-manifest.json")


def hashes(out: Path) -> list[list[str]]:
    files = (p for p in sorted(out.rglob("*")) if p.is_file())
    return [[rel, hashlib.sha256(p.read_bytes()).hexdigest()] for p in files
            if not (rel := p.relative_to(out).as_posix()).startswith(SKIPPED)]


if __name__ == "__main__":
    print("[\n" + ",\n".join(json.dumps(pair) for pair in hashes(Path(sys.argv[1]))) + "\n]")
