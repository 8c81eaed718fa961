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
#: What part of the line a pattern must match: all of it, its start, or its end.
#: prefix and suffix rules imply start and end; for whole-line scopes,
#: ``anchor = "end"`` says "remove the line when it ends like this" (a caption
#: ending in a photo credit) without a costly leading ``.+``.
ANCHORS = ("whole", "start", "end")
#: The boilerplate categories the built-in packs are written for. A user's
#: rule may name another category; these are the ones summaries expect.
BOILERPLATE_CATEGORIES = frozenset(
    {"ad", "player", "comments", "cookie", "subscription", "social", "nav"}
    | {"credit", "caption", "signoff", "meta"}
)


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
    anchor: str = "whole"
    remove: tuple[str, ...] = field(default=())
    keep: tuple[str, ...] = field(default=())

    @property
    def matches_whole_line(self) -> bool:
        return self.scope in WHOLE_LINE_SCOPES

    @property
    def match_anchor(self) -> str:
        """Where the pattern is matched: the scope decides for prefix and suffix rules."""
        return {"prefix": "start", "suffix": "end"}.get(self.scope, self.anchor)

    @property
    def description(self) -> str:
        return self.reason or f"{self.category} ({self.scope} rule)"


def fold(text: str) -> str:
    """The key literal phrases are compared by: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())
