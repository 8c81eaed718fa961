"""The safety valve: a document losing too many of its words is flagged, or left alone.

Deleting real article text is the worst failure this tool can have; a rule
that suddenly takes half a document is far more likely wrong than right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.core.edits import Edit
from cleaner.core.log import LogRecord

#: Categories that change how text is written, not what it says; front matter is
#: metadata, not article text, whether it is kept or stripped; and extracting the
#: text from HTML removes markup, which was never the document's words.
FORM_CATEGORIES = frozenset({"encoding", "normalize", "frontmatter", "html"})
ON_EXCESS = ("flag", "keep")


def removes_content(records: Iterable[LogRecord]) -> bool:
    return any(r.changes_text and r.category not in FORM_CATEGORIES for r in records)


def words_removed(records: Iterable[LogRecord]) -> int:
    return sum(
        len(part.text.split()) - len(part.replacement.split())
        for record in records
        if record.category not in FORM_CATEGORIES
        for part in record.spans()
    )


def words_at_least(text: str, enough: float, piece: int = 1 << 16) -> int:
    """The number of words in ``text``, counted only until it reaches ``enough``: the
    valve needs the count only where removals could pass the share, and a huge
    document's words are never held in one list."""
    count, start = 0, 0
    while start < len(text) and count < enough:
        stop = min(len(text), start + piece)
        count += len(text[start:stop].split())
        if stop < len(text) and not text[stop - 1].isspace() and not text[stop].isspace():
            count -= 1  # a word across the cut: the next piece counts it
        start = stop
    return count


@dataclass(frozen=True, slots=True)
class SafetyValve:
    """``max_removed_share``: the largest share of words that removals may take.
    ``on_excess``: ``flag`` keeps the removals and logs a note; ``keep`` undoes them.
    """

    max_removed_share: float = 0.4
    on_excess: str = "flag"

    def __post_init__(self) -> None:
        if not 0 < self.max_removed_share <= 1:
            raise ValueError("max_removed_share must be above 0 and at most 1")
        if self.on_excess not in ON_EXCESS:
            raise ValueError(f"on_excess must be one of {ON_EXCESS}")

    def verdict(self, words_before: int, records: list[LogRecord]) -> Edit | None:
        """A note for the log when ``records`` take too large a share of ``words_before``."""
        if not words_before:
            return None
        share = words_removed(records) / words_before
        if share <= self.max_removed_share:
            return None
        undone = self.on_excess == "keep"
        return Edit(
            0,
            0,
            None,
            "safety.removed-share",
            "safety",
            f"removals would take {share:.0%} of the words (limit {self.max_removed_share:.0%})"
            + ("; they were undone" if undone else ""),
            score=round(share, 4),
            details={"limit": self.max_removed_share, "undone": undone},
        )
