"""Output + log give back the decoded input: the "nothing is lost" promise."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from cleaner.core.log import LogRecord, Part


class RestoreError(ValueError):
    """The log does not describe this output (wrong file, edited output, or a truncated log)."""


def _undo_stage(text: str, parts: list[Part]) -> str:
    """Put back one stage's removed text; offsets are in that stage's input."""
    pieces: list[str] = []
    cursor = 0
    delta = 0
    for part in sorted(parts, key=lambda p: p.start):
        position = part.start + delta
        if text[position : position + len(part.replacement)] != part.replacement:
            raise RestoreError(
                f"output at offset {position} does not hold {part.replacement!r} as the log says"
            )
        pieces.append(text[cursor:position])
        pieces.append(part.text)
        cursor = position + len(part.replacement)
        delta += len(part.replacement) - (part.end - part.start)
    pieces.append(text[cursor:])
    return "".join(pieces)


def restore(text: str, records: Iterable[LogRecord]) -> str:
    """Undo every stage of one document's records, last stage first."""
    stages = [
        [part for record in group for part in record.spans()]
        for _, group in groupby(records, key=lambda r: r.stage)
    ]
    for parts in reversed(stages):
        if parts:
            text = _undo_stage(text, parts)
    return text
