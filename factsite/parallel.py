"""Spread a big batch of work (Markdown phase 1, rendering pages) over the machine's cores.

Worker processes are forked once the site is in memory, so they share it instead of
receiving a copy; each takes small pieces of the batch in turn and sends back only their results.
Small batches, and machines with one core, run in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
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
    jobs = min(jobs or jobs_available(), len(items) // (MIN_BATCH // 2) or 1)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    global _work
    _work = work
    # Small pieces, handed out as workers free up: a worker never holds more than one
    # piece's results, and this process takes them in while the workers go on.
    size = max(MIN_BATCH // 4, len(items) // (jobs * PIECES_PER_JOB))
    pieces = [items[i:i + size] for i in range(0, len(items), size)]
    gc.freeze()  # keep the shared objects out of the workers' garbage collection
    merged: list[Any] = []
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part in pool.imap(_run_slice, pieces, chunksize=1):
                merged += part
    finally:
        gc.unfreeze()
        _work = None
    return merged


def _run_slice(items: Sequence[Any]) -> list[Any]:
    assert _work is not None
    return [_work(item) for item in items]
