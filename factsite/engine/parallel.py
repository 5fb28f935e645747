"""Spread a big batch of work (Markdown phase 1, rendering pages) over the machine's cores.

The worker processes are forked when a build starts, while this process is still small,
and kept until it ends. A worker forked later, once the site is in memory, would keep a
copy of every page of that heap it touched, and of every page this process changed after
the fork: at 50,000 claims that was as much memory again as the whole build. So a worker
holds nothing of the site: it is sent each piece of work, and sends back its results,
by pickle. This process makes the pieces, in order, as the workers need them, takes its
own share of them, and hands the results on in order, as each is done.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

MIN_BATCH = 200  # below this, sending work to other processes costs more than it saves
PIECE = 50  # items sent to a worker at a time
AHEAD = 2  # pieces queued for each worker, so that none waits for this process


def jobs_available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Workers:
    """`jobs` processes for a build's big batches (0: every core): this one and jobs - 1
    forked workers. Use as a context manager, opened before the site is read."""

    def __init__(self, jobs: int = 0) -> None:
        self.jobs = jobs or jobs_available()
        self._pool: Pool | None = None
        if self.jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs - 1)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def each(self, work: Callable[[Any], Any], items: Iterable[Any], count: int,
             every: int = 0) -> Iterator[Any]:
        """work(item) for each of the `count` items, in order, as each is done. `items` is
        read lazily, a piece at a time, as the workers need them. `work` reaches the
        workers by pickle, so it is a module-level function (or a functools.partial of
        one). This process takes one piece in `every` (0: in `jobs`, a full share); the
        others go to the workers."""
        if self._pool is None or count < MIN_BATCH:
            yield from map(work, items)
            return
        every = every or self.jobs
        pieces = _pieces(iter(items), PIECE)
        queue: deque[list[Any] | AsyncResult] = deque()  # in order: ours, and theirs
        numbers = itertools.count()
        sent = 0

        def fill() -> None:  # keep AHEAD pieces queued for each worker
            nonlocal sent
            while sent < AHEAD * (self.jobs - 1) and (piece := next(pieces, None)):
                if next(numbers) % every == 0:
                    queue.append(piece)
                else:
                    assert self._pool is not None
                    queue.append(self._pool.apply_async(_run_piece, (work, piece)))
                    sent += 1

        fill()
        while queue:
            entry = queue.popleft()
            if isinstance(entry, AsyncResult):
                sent -= 1
                results = entry.get()
                fill()
                yield from results
            else:
                fill()  # (first, so that the workers are busy meanwhile)
                yield from map(work, entry)


def _pieces(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while piece := list(itertools.islice(items, size)):
        yield piece


def _run_piece(work: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    return [work(item) for item in items]
