"""Rendering over several processes makes the same site, byte for byte, as one process."""

import subprocess
import sys
from pathlib import Path

import pytest

from factsite import parallel
from factsite.build import Options, build

BENCH = Path(__file__).resolve().parent.parent / "bench"


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file()}


def square(n):
    return n * n


@pytest.mark.parametrize("jobs", [2, 3])  # this process and one worker, or two
def test_run_keeps_the_order_of_a_big_batch(jobs):
    items = list(range(5_000))
    assert parallel.run(square, items, jobs=jobs) == [n * n for n in items]


def test_two_processes_build_what_one_builds(tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--claims", "400",
                    "--out", str(site)], check=True, capture_output=True)
    site = site / "factsite"
    one = build(Options(site_dir=site, out_dir=tmp_path / "one", cache=False, jobs=1))
    two = build(Options(site_dir=site, out_dir=tmp_path / "two", cache=False, jobs=2))
    assert one.ok and two.ok
    assert len(two.rendered) > parallel.MIN_BATCH  # big enough to go over two processes
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
