"""A rule as data: what it matches, where, in what context, and its own examples."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Where a rule's pattern applies and what a hit removes.
#: line: the whole line. prefix/suffix: the start or end of a line, the rest
#: is kept. block: the start line and the rest of its paragraph. run: a line,
#: but only inside a run of at least ``min_run`` lines that rules matched.
#: tail: a marker line and everything after it, when all of that is boilerplate.
SCOPES = ("line", "prefix", "suffix", "block", "run", "tail")
WHOLE_LINE_SCOPES = frozenset({"line", "block", "run", "tail"})
POSITIONS = ("any", "head", "tail")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule. ``pattern`` is a regular expression (``regex`` syntax) matched
    against the line with surrounding whitespace stripped; ``phrases`` is the
    alternative for plain strings, matched after folding case and whitespace.
    """

    id: str
    category: str
    scope: str
    source: str
    pattern: str | None = None
    phrases: tuple[str, ...] = ()
    ignore_case: bool = False
    languages: tuple[str, ...] = ()
    reason: str = ""
    max_words: int | None = None
    no_sentence_end: bool = False
    position: str = "any"
    within: int = 6
    min_run: int = 3
    follow: str | None = None
    remove: tuple[str, ...] = field(default=())
    keep: tuple[str, ...] = field(default=())

    @property
    def matches_whole_line(self) -> bool:
        return self.scope in WHOLE_LINE_SCOPES

    @property
    def description(self) -> str:
        return self.reason or f"{self.category} ({self.scope} rule)"


def fold(text: str) -> str:
    """The key literal phrases are compared by: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())
