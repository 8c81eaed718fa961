"""Which lines hold which required strings: searched for in the whole text at once.

A rule that could start and end like any line needs a word ("cookies", "/" in
a credit); a line holding none of its strings cannot match it. Searching the
case-folded document as a whole (``str.find`` per string for a few strings, an
Aho-Corasick automaton for many) finds every line worth trying, where a search
per line would pay Python's call overhead on every line of every document.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping

import ahocorasick

from cleaner.text.view import TextView

#: Up to this many strings, one fast substring search each beats one automaton pass.
FIND_LIMIT = 32


class LiteralIndex:
    """Maps each wanted string (already case-folded) to the mask of the rules needing it."""

    def __init__(self, wanted: Mapping[str, int]) -> None:
        self._wanted = dict(wanted)
        self._automaton = ahocorasick.Automaton()
        for literal, mask in wanted.items():
            self._automaton.add_word(literal, (len(literal), mask))
        if len(wanted) > FIND_LIMIT:
            self._automaton.make_automaton()

    def lines(self, view: TextView) -> dict[int, int]:
        """For each line whose stripped content holds wanted strings, their rules' mask."""
        if not self._wanted:
            return {}
        folded = view.folded
        # when every character folded to one, the folded lines have the text's offsets
        lines = view.lines if view.aligned else view.folded_lines
        spans = _Spans(lines.starts, lines.raw)
        found: dict[int, int] = {}
        for first, last, mask in self._hits(folded, spans):
            index = spans.index(first)
            begin, end = spans.content(index)
            if begin <= first and last < end:
                found[index] = found.get(index, 0) | mask
        return found

    def _hits(self, folded: str, spans: _Spans) -> Iterator[tuple[int, int, int]]:
        """(first, last character, mask) of wanted strings in ``folded``; after a hit
        inside a line's content, the rest of that line is not searched for that string."""
        if len(self._wanted) > FIND_LIMIT:
            for last, (length, mask) in self._automaton.iter(folded):
                yield last - length + 1, last, mask
            return
        for literal, mask in self._wanted.items():
            find = folded.find
            at = find(literal)
            while at >= 0:
                yield at, at + len(literal) - 1, mask
                index = spans.index(at)
                begin, end = spans.content(index)
                next_line = spans.start(index + 1)
                at = find(literal, next_line if begin <= at < end else at + 1)


class _Spans:
    """Line starts and content bounds in the folded text, worked out when asked for."""

    def __init__(self, starts: list[int], pieces: list[str]) -> None:
        self.starts = starts
        self.pieces = pieces
        self._bounds: dict[int, tuple[int, int]] = {}

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def start(self, index: int) -> int:
        return self.starts[index] if index < len(self.starts) else self.starts[-1]

    def content(self, index: int) -> tuple[int, int]:
        """Offsets of the first and one past the last character of a line's content."""
        span = self._bounds.get(index)
        if span is None:
            piece = self.pieces[index]
            begin = self.starts[index] + len(piece) - len(piece.lstrip())
            span = self._bounds[index] = (begin, self.starts[index] + len(piece.rstrip()))
        return span
