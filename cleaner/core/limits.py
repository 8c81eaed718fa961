"""Per-document bounds, so one huge or pathological page cannot stall a corpus run."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

#: Web pages above this are almost always dumps or binary leftovers, and every
#: pass holds a few copies of the text, so memory would be several times this.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Clean text runs at several MB/s; a document still busy after this is stuck.
DEFAULT_MAX_SECONDS = 60.0
#: How much text a long loop handles between two clock reads (see ``Budget.pieces``):
#: a few milliseconds of work, and a bounded copy of a line of any length.
PIECE_CHARS = 1 << 16


@dataclass(frozen=True, slots=True)
class Limits:
    """``max_bytes``: larger documents are not cleaned (UTF-8 bytes for text input).
    ``max_seconds``: a document still being cleaned after this long stops (see
    :class:`Budget`). ``None`` switches a bound off.
    """

    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_seconds: float | None = DEFAULT_MAX_SECONDS

    def __post_init__(self) -> None:
        if self.max_bytes is not None and self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.max_seconds is not None and self.max_seconds <= 0:
            raise ValueError(f"max_seconds must be positive, not {self.max_seconds}")

    def too_large(self, size: int) -> str | None:
        """Why a document of ``size`` bytes is refused, or ``None``."""
        if self.max_bytes is None or size <= self.max_bytes:
            return None
        return f"too large: {size:,} bytes, limit {self.max_bytes:,} (max_bytes)"


class OutOfTime(Exception):
    """A document's time is spent: raised inside a pass, caught by the pipeline, which
    drops that pass's edits and skips the rest. The argument names the pass."""


class Budget:
    """A document's deadline, which the long loops of the passes check as they go.

    The pipeline hands one to each document (``doc.budget``); a pass calls
    :meth:`check` every so many lines, paragraphs or characters, so a document stops
    soon after its time is spent rather than only between passes. A check costs one
    clock read (tens of nanoseconds), so a loop doing real work per step pays nothing
    that shows. With no deadline it never raises.
    """

    __slots__ = ("deadline",)

    def __init__(self, deadline: float | None = None) -> None:
        self.deadline = deadline

    def spent(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline

    def remaining(self, cap: float) -> float:
        """Seconds left, at most ``cap`` (a bound for a call that takes a time-out)."""
        if self.deadline is None:
            return cap
        return max(0.0, min(cap, self.deadline - time.monotonic()))

    def check(self) -> None:
        """Raise :class:`OutOfTime` once the deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OutOfTime

    def pieces(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int]]:
        """``text[start:end]`` as ``(begin, stop)`` pieces of about ``PIECE_CHARS``, each
        cut after a space or line break where there is one (so no word is split), with a
        :meth:`check` before each: work on a single huge line stays bounded in time and
        in the size of what it copies."""
        end = len(text) if end is None else end
        while start < end:
            self.check()
            stop = min(end, start + PIECE_CHARS)
            if stop < end:
                cut = max(text.rfind(" ", start, stop), text.rfind("\n", start, stop))
                stop = cut + 1 if cut > start else stop
            yield start, stop
            start = stop
