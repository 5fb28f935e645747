"""Spread a big batch of work over the machine's cores: this process and forked workers.

A worker is forked when the first big batch starts, and inherits what this process holds
then, including `shared` (read with `shared()` in the worker): for compiling files, that
is little; for rendering pages, the site index and the plan, so that a worker makes each
page's values itself and is sent only which pages to make. This process takes its own
share of the pieces, and hands the results on in order, as each is done. Small batches
stay in this process: sending work costs more than it saves.
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
BUSY_AHEAD = 8  # … while this process does other work
_shared: Any = None  # what the workers of the pool being forked inherit


def jobs_available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def shared() -> Any:
    """What the workers were forked with (in this process too, while they run)."""
    return _shared


class Workers:
    """`jobs` processes for one phase's big batches (0: every core): this one and jobs - 1
    forked ones, which inherit `shared`. Use as a context manager."""

    def __init__(self, jobs: int = 0, shared: Any = None) -> None:
        self.jobs = jobs or jobs_available()
        self.shared = shared
        self._pool: Pool | None = None

    def __enter__(self) -> Workers:
        global _shared
        self._outer, _shared = _shared, self.shared
        return self

    def __exit__(self, *exc: object) -> None:
        global _shared
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        _shared = self._outer

    def start(self) -> Workers:
        """Fork the workers now (while this process is small), not at the first batch."""
        self._forked()
        return self

    def _forked(self) -> Pool | None:
        if self._pool is None and self.jobs > 1 \
                and "fork" in multiprocessing.get_all_start_methods():
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs - 1)
        return self._pool

    def each(self, work: Callable[[Any], Any], items: Iterable[Any], count: int,
             share: bool = True, meanwhile: Iterable[Callable[[], Any]] = ()
             ) -> Iterator[Any]:
        """work(item) for each of the `count` items, in order, as each is done. `items` is
        read lazily, a piece at a time, as the workers need them. `work` reaches the
        workers by pickle, so it is a module-level function (or a functools.partial of
        one). This process takes its share of the pieces (unless `share` is False: it has
        work enough making the items); the others go to the workers. `meanwhile` is other
        work for this process: it does one of those tasks each time it takes a worker's
        results (with more pieces queued for them meanwhile), and takes pieces of its own
        only once they are all done."""
        tasks = iter(meanwhile)
        pool = self._forked() if count >= MIN_BATCH else None
        if pool is None:
            for task in tasks:
                task()
            yield from map(work, items)
            return
        pieces = _pieces(iter(items), PIECE)
        queue: deque[list[Any] | AsyncResult] = deque()  # in order: ours, and theirs
        numbers = itertools.count()
        sent, task = 0, next(tasks, None)  # (this process's next task of its own)

        def fill() -> None:  # keep pieces queued for each worker
            nonlocal sent
            while sent < (AHEAD if task is None else BUSY_AHEAD) * (self.jobs - 1) \
                    and (piece := next(pieces, None)):
                if share and task is None and next(numbers) % self.jobs == 0:
                    queue.append(piece)
                else:
                    queue.append(pool.apply_async(_run_piece, (work, piece)))
                    sent += 1

        fill()
        while queue:
            entry = queue.popleft()
            if isinstance(entry, AsyncResult):
                if task is not None:  # (while the workers do what is queued)
                    task()
                    task = next(tasks, None)
                sent -= 1
                results = entry.get()
                fill()
                yield from results
            else:
                fill()  # (first, so that the workers are busy meanwhile)
                yield from map(work, entry)
        while task is not None:  # (what a short batch left)
            task()
            task = next(tasks, None)


def _pieces(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while piece := list(itertools.islice(items, size)):
        yield piece


def _run_piece(work: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    return [work(item) for item in items]
