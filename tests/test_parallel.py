"""Work over several processes: the order kept, workers that inherit what they were forked
with, and a site built over two processes byte for byte what one process builds."""

import os

import pytest
from conftest import copy_example

from factsite.build import Options, build
from factsite.engine import parallel


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and "pagefind" not in p.parts and p.name != ".factsite-manifest.json"}


def square(n):
    return n * n


def pid_and_shared(_item):
    return os.getpid(), parallel.shared()


@pytest.mark.parametrize("jobs", [2, 3])  # this process and one worker, or two
@pytest.mark.parametrize("share", [True, False])  # this process takes a share, or none
def test_each_keeps_the_order_of_a_big_batch(jobs, share):
    items = list(range(5_000))
    with parallel.Workers(jobs) as workers:
        done = list(workers.each(square, iter(items), len(items), share))
    assert done == [n * n for n in items]


@pytest.mark.parametrize("count", [5_000, 10])  # shared out, or all in this process
def test_work_of_its_own_is_done_once_each_in_order_whatever_the_batch(count):
    items, did = list(range(count)), []
    tasks = [lambda n=n: did.append(n) for n in range(20)]
    with parallel.Workers(2) as workers:
        done = list(workers.each(square, iter(items), count, meanwhile=tasks))
    assert done == [n * n for n in items] and did == list(range(20))


def test_workers_are_forked_with_what_they_share_and_sent_only_the_items():
    items = list(range(parallel.MIN_BATCH * 2))
    with parallel.Workers(2, shared={"site": "index"}) as workers:
        seen = list(workers.each(pid_and_shared, items, len(items)))
    assert {pid for pid, _ in seen} == {os.getpid(), *({p for p, _ in seen} - {os.getpid()})}
    assert len({pid for pid, _ in seen}) == 2  # this process, and a worker
    assert {str(shared) for _, shared in seen} == {"{'site': 'index'}"}
    assert parallel.shared() is None  # (only while the workers run)


def test_a_small_batch_stays_in_this_process():
    with parallel.Workers(2) as workers:
        assert set(workers.each(pid_and_shared, [1, 2, 3], 3)) == {(os.getpid(), None)}


def test_two_processes_build_what_one_builds(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_BATCH", 1)  # (the example site is small)
    site = copy_example(tmp_path / "site")
    one = build(Options(site_dir=site, out_dir=tmp_path / "one", cache=False, jobs=1))
    two = build(Options(site_dir=site, out_dir=tmp_path / "two", cache=False, jobs=2))
    assert one.ok and two.ok and one.rendered == two.rendered
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
