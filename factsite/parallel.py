"""Spread a big batch of work (Markdown phase 1, rendering pages) over the machine's cores.

Worker processes are forked once the site is in memory, so they share it instead of
receiving a copy; this process and the workers take small pieces of the batch in turn, and
the workers send back only their results. Small batches, and machines with one core, run
in this process alone.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import AsyncResult
from typing import Any

MIN_BATCH = 200  # below this, starting processes costs more than it saves
PIECES_PER_JOB = 16  # pieces of work per process

_work: Callable[[Any], Any] | None = None  # what the forked workers run, set before forking


def jobs_available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run(work: Callable[[Any], Any], items: Sequence[Any], jobs: int = 0) -> list[Any]:
    """[work(item) for item in items], in order, over `jobs` processes (0: every core)."""
    return list(each(work, items, jobs))


def each(work: Callable[[Any], Any], items: Sequence[Any], jobs: int = 0) -> Iterator[Any]:
    """work(item) for each item, in order, as each is done, over `jobs` processes (this
    one and jobs - 1 forked workers): the caller can use each result and let it go before
    the next arrives."""
    jobs = min(jobs or jobs_available(), len(items) // (MIN_BATCH // 2) or 1)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, items)
        return
    global _work
    _work = work
    # Small pieces, in turn. Every `jobs`-th piece is this process's own: a worker's memory
    # is mostly the pages of the shared heap it has had to copy, so one process fewer
    # costs less memory, and this one would otherwise only wait. The workers get a few
    # pieces ahead at most, so their results do not pile up here.
    size = max(MIN_BATCH // 4, len(items) // (jobs * PIECES_PER_JOB))
    pieces = [items[i:i + size] for i in range(0, len(items), size)]
    theirs = (piece for n, piece in enumerate(pieces) if n % jobs)
    gc.freeze()  # keep the shared objects out of the workers' garbage collection
    try:
        with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
            queued: deque[AsyncResult] = deque()
            for n, piece in enumerate(pieces):
                while len(queued) < 2 * (jobs - 1) and (more := next(theirs, None)):
                    queued.append(pool.apply_async(_run_slice, (more,)))
                yield from map(work, piece) if n % jobs == 0 else queued.popleft().get()
    finally:
        gc.unfreeze()
        _work = None


def _run_slice(items: Sequence[Any]) -> list[Any]:
    assert _work is not None
    return [_work(item) for item in items]
