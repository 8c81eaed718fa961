"""An ordered, bounded parallel map: the one way cleaner spreads work over processes.

``multiprocessing.Pool.imap`` reads its whole input ahead of the workers, so a
1 GB JSON Lines file would sit in memory. Here at most ``window`` batches are
in flight: memory stays flat however long the input, and results come back in
input order, so output is identical for any number of workers. Workers start by
fork where that is safe, else by spawn (:mod:`cleaner.core.startmethod` says when and why).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from cleaner.core.startmethod import check_guarded, start_method

T = TypeVar("T")
R = TypeVar("R")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ordered_map(
    work: Callable[[list[T]], list[R]],
    items: Iterable[T],
    jobs: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    batch_size: int = 8,
    window: int | None = None,
    what: str = "ordered_map",
) -> Iterator[R]:
    """``work`` over batches of ``items`` in ``jobs`` processes, yielding in order.

    ``work`` must be a module-level function taking and returning a list (one
    batch), so that sending work costs one message per batch, not per item.
    ``what`` names the call in the error an unguarded script gets under spawn.
    """
    in_flight: deque[Future[list[R]]] = deque()
    limit = window or jobs * 4
    method = start_method()
    if method == "spawn":
        check_guarded(what)
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(jobs, context, initializer, initargs) as pool:
        # Forked workers start at the first submit: before any input is read, so that
        # no thread a reader starts (pyarrow's) is running when they are forked.
        pool.submit(_ready)
        try:
            for batch in _batches(items, batch_size):
                in_flight.append(pool.submit(work, batch))
                if len(in_flight) >= limit:
                    yield from in_flight.popleft().result()
            while in_flight:
                yield from in_flight.popleft().result()
        finally:  # a consumer that stops early should not wait for work it will never read
            for future in in_flight:
                future.cancel()


def _ready() -> None:
    """Nothing: submitting it starts the workers."""
