"""Paragraphs: the unit repair judges text by, found around a position without a scan."""

from __future__ import annotations

import re

#: A blank line (CR tolerated, as repair sees text before normalize).
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n")


def _paragraph_start(text: str, position: int) -> int:
    """Start of the paragraph holding ``position``: after the nearest blank line before it."""
    line_start = text.rfind("\n", 0, position) + 1
    while line_start > 0:
        previous = text.rfind("\n", 0, line_start - 1) + 1
        if not text[previous : line_start - 1].strip(" \t\r"):
            return line_start
        line_start = previous
    return 0


def paragraph_around(text: str, position: int) -> tuple[int, int]:
    """``(start, end)`` of the paragraph (text between blank lines) holding ``position``."""
    end = _PARAGRAPH_BREAK.search(text, position)
    return _paragraph_start(text, position), end.start() if end else len(text)
