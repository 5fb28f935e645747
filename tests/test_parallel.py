"""Rendering over several processes makes the same site, byte for byte, as one process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from factsite.build import Options, build
from factsite.engine import parallel

BENCH = Path(__file__).resolve().parent.parent / "bench"


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file()}


def square(n):
    return n * n


def pid_of(_item):
    return os.getpid()


@pytest.mark.parametrize("jobs", [2, 3])  # this process and one worker, or two
@pytest.mark.parametrize("every", [0, 4])  # this process takes a full share, or a quarter
def test_each_keeps_the_order_of_a_big_batch(jobs, every):
    items = list(range(5_000))
    with parallel.Workers(jobs) as workers:
        done = list(workers.each(square, iter(items), len(items), every))
    assert done == [n * n for n in items]


def test_a_big_batch_is_shared_with_the_workers(tmp_path):
    """Workers are forked before the work exists: they are sent it."""
    items = [str(tmp_path / str(n)) for n in range(parallel.MIN_BATCH * 2)]
    with parallel.Workers(2) as workers:
        pids = set(workers.each(pid_of, items, len(items)))
    assert len(pids) == 2  # this process, and a worker


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
