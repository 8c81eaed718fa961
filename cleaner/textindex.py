"""Offsets to line numbers, and paragraph spans, computed once per text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n")


class LineIndex:
    """Maps character offsets to 1-based line numbers in O(log n)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
            position = find("\n", position + 1)
        self._starts = starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each paragraph: text between blank lines."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)
