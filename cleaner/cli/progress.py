"""The progress line of ``cleaner clean``: files done, and an estimate of the time left.

click's bar divides the time since the start by the files done, so the workers'
start-up (seconds, while the first file is cleaned) counts as the cost of every
file: a 12 s run began with an ETA of two hours. Here the pace is measured from
the first finished file on, and no estimate is shown until there is a pace to
go by.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO

#: At most this often the line is drawn again, so a fast run does not spend its time here.
REDRAW_SECONDS = 0.2
BAR_WIDTH = 30


def duration(seconds: float) -> str:
    """``0:00:09``, ``1:02:03``."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02}:{whole % 60:02}"


class Progress:
    """``advance()`` once per finished file; ``close()`` ends the line."""

    def __init__(
        self,
        total: int,
        stream: IO[str],
        clock: Callable[[], float] = time.monotonic,
        label: str = "cleaning",
    ) -> None:
        self.total = total
        self.stream = stream
        self.clock = clock
        self.label = label
        self.done = 0
        self._first: tuple[float, int] | None = None  # when the first file finished
        self._drawn = 0.0
        self._width = 0

    def eta(self, now: float) -> float | None:
        """Seconds left at the pace since the first file finished; ``None`` before there is
        one (a single finished file says nothing about the pace)."""
        if self._first is None:
            return None
        since, done_then = self._first
        if self.done <= done_then or now <= since:
            return None
        rate = (self.done - done_then) / (now - since)
        return max(0, self.total - self.done) / rate

    def line(self, now: float) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = round(BAR_WIDTH * min(share, 1.0))
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        left = self.eta(now)
        eta = f"  ETA {duration(left)}" if left is not None else ""
        return f"{self.label}  [{bar}]  {self.done:,}/{self.total:,}  {share:.0%}{eta}"

    def advance(self) -> None:
        self.done += 1
        now = self.clock()
        if self._first is None:
            self._first = (now, self.done)
        if now - self._drawn >= REDRAW_SECONDS or self.done == self.total:
            self._drawn = now
            line = self.line(now)
            self.stream.write("\r" + line.ljust(self._width))  # spaces over a longer last line
            self._width = len(line)
            self.stream.flush()

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
