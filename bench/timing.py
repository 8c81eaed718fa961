"""One way to time a benchmark: warm up once, then the median of several runs, in MB/s."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def median_rate(
    function: Callable[[T], object], items: Sequence[T], megabytes: float, repeat: int
) -> float:
    """Median MB/s of ``function`` over ``items`` (``megabytes`` in all), after a first
    run that loads word lists and builds caches, which a long job pays only once."""
    for item in items:
        function(item)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            function(item)
        timings.append(time.perf_counter() - start)
    return megabytes / statistics.median(timings)


def megabytes(texts: Sequence[str | bytes]) -> float:
    """Size in MB, text counted as UTF-8."""
    return sum(len(t.encode("utf-8") if isinstance(t, str) else t) for t in texts) / 1e6
