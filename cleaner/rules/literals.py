"""Which lines hold which required strings: one Aho-Corasick pass over the whole text.

Most rules need a word ("Cookie", "Newsletter", "/" in a credit); a line holding
none of a rule's strings cannot match it. Searching the case-folded document
once finds every line worth trying, where a pass per line would pay Python's
call overhead on every line of every document.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

import ahocorasick

from cleaner.rules.lines import TextLines, line_starts


class LiteralIndex:
    """Maps each wanted string (already case-folded) to the mask of the rules needing it."""

    def __init__(self, wanted: Mapping[str, int]) -> None:
        self._automaton = ahocorasick.Automaton()
        for literal, mask in wanted.items():
            self._automaton.add_word(literal, (len(literal), mask))
        self._empty = not wanted
        if not self._empty:
            self._automaton.make_automaton()

    def lines(self, lines: TextLines) -> dict[int, int]:
        """For each line whose stripped content holds wanted strings, their rules' mask."""
        if self._empty:
            return {}
        text = lines.text
        folded = text.casefold()
        if len(folded) == len(text):  # every character folded to one: same offsets
            starts, pieces = lines.starts, lines.raw
        else:
            pieces = folded.split("\n")
            starts = line_starts(pieces)
        found: dict[int, int] = {}
        bounds: dict[int, tuple[int, int]] = {}
        for last, (length, mask) in self._automaton.iter(folded):
            first = last - length + 1
            index = bisect_right(starts, first) - 1
            span = bounds.get(index)
            if span is None:
                piece = pieces[index]
                begin = starts[index] + len(piece) - len(piece.lstrip())
                span = bounds[index] = (begin, starts[index] + len(piece.rstrip()))
            if span[0] <= first and last < span[1]:
                found[index] = found.get(index, 0) | mask
        return found
