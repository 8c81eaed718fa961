"""A document's lines as parallel lists, built by string methods at C speed.

The rules pass looks at every line, but only a few lines need Python work:
offsets, ranks among non-blank lines and stripped contents are kept as lists
made by ``split``, ``map`` and ``accumulate``, and a line's span is worked out
only when it is asked for.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from operator import add


def line_starts(pieces: list[str]) -> list[int]:
    """Offset of each piece of ``"\\n".join(pieces)``, and one past the last (len + 1)."""
    return list(map(add, accumulate(map(len, pieces), initial=0), range(len(pieces) + 1)))


class TextLines:
    """The lines of a text: split at ``\\n``, without the empty piece after a final newline.

    ``content[i]`` is line ``i`` with surrounding whitespace stripped (what rules
    match); a line is blank when its content is empty.
    """

    __slots__ = ("_ranks", "content", "raw", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        raw = text.split("\n")
        if raw[-1] == "":
            raw.pop()  # the empty piece after a final newline (or of an empty text)
        self.raw = raw
        self.content = list(map(str.strip, raw))
        self.starts = line_starts(raw)
        self._ranks = list(accumulate(map(bool, self.content), initial=0))

    def __len__(self) -> int:
        return len(self.raw)

    def start(self, index: int) -> int:
        return self.starts[index]

    def end(self, index: int) -> int:
        """Offset of the end of line ``index``, its newline not included."""
        return self.starts[index] + len(self.raw[index])

    def lead(self, index: int) -> int:
        """Characters of whitespace before the line's content."""
        raw = self.raw[index]
        return len(raw) - len(raw.lstrip())

    def rank(self, index: int) -> int:
        """How many non-blank lines come before line ``index``."""
        return self._ranks[index]

    @property
    def nonblank(self) -> int:
        return self._ranks[-1]

    def index_at(self, offset: int) -> int:
        """The line holding character ``offset``."""
        return bisect_right(self.starts, offset) - 1
