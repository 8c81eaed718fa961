"""Where a log record's span was in the decoded input: offsets and line numbers there.

A record's ``start``/``end``/``line`` are in the text its own stage saw. Earlier
stages changed that text (a line removed above shifts every later line up), so
a report that names lines of the file a user has open must undo the earlier
stages' edits, as restore does, but for positions instead of text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaner.core.log import LogRecord, Part


@dataclass(frozen=True, slots=True)
class Span:
    """Offsets ``[start, end)`` and 1-based lines of the first and last character."""

    start: int
    end: int
    line: int
    end_line: int


class _StageMap:
    """One stage's changes, mapping positions in its output back to its input.

    A character the stage kept moves by the size change of the parts before
    it; a character inside a replacement maps to the replaced span (its start
    for a span's start, its end for a span's end).
    """

    def __init__(self, parts: Iterable[Part]) -> None:
        self.in_starts: list[int] = []
        self.in_ends: list[int] = []
        self.out_starts: list[int] = []
        self.out_ends: list[int] = []
        #: ``deltas[i]``: output minus input offset after the first ``i`` parts.
        self.deltas = [0]
        for part in sorted(parts, key=lambda p: p.start):
            out_start = part.start + self.deltas[-1]
            self.in_starts.append(part.start)
            self.in_ends.append(part.end)
            self.out_starts.append(out_start)
            self.out_ends.append(out_start + len(part.replacement))
            self.deltas.append(self.deltas[-1] + len(part.replacement) - (part.end - part.start))

    def start(self, position: int) -> int:
        """Input offset of the output character at ``position`` (or of the text's end)."""
        index = bisect_right(self.out_ends, position)
        if index < len(self.out_starts) and self.out_starts[index] <= position:
            return self.in_starts[index]
        return position - self.deltas[index]

    def end(self, position: int) -> int:
        """Input offset just after the output character before ``position``."""
        last = position - 1
        index = bisect_right(self.out_ends, last)
        if index < len(self.out_starts) and self.out_starts[index] <= last:
            return self.in_ends[index]
        return last - self.deltas[index] + 1


class Locator:
    """Maps spans of any stage of one document's records to the decoded input.

    Built once per document (linear in the number of changed spans); each
    lookup costs a binary search per earlier stage that changed the text.
    ``original`` is the decoded input, e.g. ``restore(output, records)``.
    """

    def __init__(self, records: Sequence[LogRecord], original: str) -> None:
        parts: dict[int, list[Part]] = defaultdict(list)
        for record in records:
            parts[record.stage].extend(record.spans())
        self._stages = sorted(stage for stage, found in parts.items() if found)
        self._maps = [_StageMap(parts[stage]) for stage in self._stages]
        self._newlines = [match.start() for match in re.finditer("\n", original)]

    def span(self, stage: int, start: int, end: int) -> Span:
        """Where ``[start, end)`` of the text stage ``stage`` saw was in the decoded input."""
        for stage_map in reversed(self._maps[: bisect_left(self._stages, stage)]):
            mapped = stage_map.start(start)
            end = max(mapped, stage_map.end(end)) if end > start else mapped
            start = mapped
        line = bisect_left(self._newlines, start) + 1
        end_line = bisect_left(self._newlines, end - 1) + 1 if end > start else line
        return Span(start, end, line, end_line)

    def record(self, record: LogRecord) -> Span:
        return self.span(record.stage, record.start, record.end)


def locate(records: Sequence[LogRecord], original: str) -> list[Span]:
    """The decoded-input span of every record, in order."""
    locator = Locator(records, original)
    return [locator.record(record) for record in records]
