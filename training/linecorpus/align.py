"""Order-preserving alignment of a document's lines to a gold text, and what it says per line.

The gold is a sequence of word tokens. A document's tokens are matched to it
monotonically (patience-style): word n-grams that occur exactly once in both
windows are anchors, the longest chain of anchors increasing in both sequences
is kept, and each gap between two anchors is aligned again the same way (with
shorter n-grams as the windows shrink; a small gap with no unique n-gram at all
by a longest common subsequence). So a repeated line (a refrain, a table
header) is matched per occurrence, in its place, never by set membership.

A line's verdict comes from how many of its tokens were matched (its coverage):

- ``keep``: at least ``KEEP_COVERAGE`` of a long line's tokens; a short line
  (at most ``SHORT_WORDS`` tokens: a subheading, a list item, a dateline) only
  when all (5-6 tokens: all but one) of its tokens are matched to one stretch of
  the gold that sits at that place: each end at a gold line boundary or right
  against the gold matched by its neighbours.
- ``boilerplate``: at most ``BOILERPLATE_COVERAGE``, or at most two matched
  tokens and less than ``CHANCE_COVERAGE`` (chance matches of common words).
- ``None`` (the gold cannot tell) in between, and for a short line whose words
  are found in the gold but not at that place.

Where the gold is only a prefix of the content (``Gold.full`` false), lines
after the last matched stretch are ``None``: the gold does not reach them.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

#: A long line is content when this share of its tokens is matched to the gold.
KEEP_COVERAGE = 0.8
#: A line is boilerplate when at most this share of its tokens is matched.
BOILERPLATE_COVERAGE = 0.2
#: Lines of at most this many tokens need all their tokens matched in place to be kept.
SHORT_WORDS = 6
#: Chance matches of common words in a gap: at most CHANCE_MATCHES tokens matched, and
#: less than CHANCE_COVERAGE of the line.
CHANCE_MATCHES = 2
CHANCE_COVERAGE = 0.35
#: Anchor n-gram sizes, longest first; unigrams only in windows this small on one side,
#: where a word found once on each side is rarely a coincidence.
NGRAM_SIZES = (3, 2, 1)
UNIGRAM_WINDOW = 300
#: A gap with no unique n-gram (a chorus sung twice, "yes no yes") is aligned by a longest
#: common subsequence when it is at most this many cells of the table.
LCS_CELLS = 40_000

_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\u30fc"
# One token per CJK character (no spaces between words there); otherwise runs of letters,
# digits and marks.
_TOKEN = regex.compile(rf"[{_CJK}]|[[\p{{L}}\p{{N}}\p{{M}}]--[{_CJK}]]+", regex.V1)


def tokenize(text: str) -> list[str]:
    """Word tokens for matching: NFKC, case-folded, punctuation dropped, CJK per character."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Gold:
    """The gold text as tokens, with the token indices where its lines start and end."""

    tokens: tuple[str, ...]
    line_starts: frozenset[int]
    line_ends: frozenset[int]
    full: bool = True
    #: why lines after the gold's last match are unknown, when it is not full
    beyond: str = "after the prefix gold"

    @functools.cached_property
    def _joined(self) -> str:
        return " " + " ".join(self.tokens) + " "

    def holds(self, tokens: Sequence[str]) -> bool:
        """Whether these tokens occur in the gold as one run."""
        return bool(tokens) and f" {' '.join(tokens)} " in self._joined

    @classmethod
    def from_text(cls, text: str, full: bool = True) -> Gold:
        tokens: list[str] = []
        starts: set[int] = set()
        ends: set[int] = set()
        for line in text.splitlines():
            words = tokenize(line)
            if words:
                starts.add(len(tokens))
                tokens.extend(words)
                ends.add(len(tokens) - 1)
        return cls(tuple(tokens), frozenset(starts), frozenset(ends), full)


@dataclass(frozen=True)
class Verdict:
    """What the gold says about one line: ``keep``, ``boilerplate`` or None, and why."""

    kind: str | None
    how: str


def align_tokens(doc: Sequence[str], gold: Sequence[str]) -> list[int]:
    """For each document token, the index of the gold token it is matched to, or -1.

    Matched indices increase strictly along the document.
    """
    match = [-1] * len(doc)
    stack = [(0, len(doc), 0, len(gold))]
    while stack:
        a, b, c, d = stack.pop()
        while a < b and c < d and doc[a] == gold[c]:
            match[a] = c
            a, c = a + 1, c + 1
        while a < b and c < d and doc[b - 1] == gold[d - 1]:
            b, d = b - 1, d - 1
            match[b] = d
        if a >= b or c >= d:
            continue
        chain = _anchor_chain(doc, a, b, gold, c, d)
        if not chain:
            if (b - a) * (d - c) <= LCS_CELLS:
                for i, j in _common_subsequence(doc, a, b, gold, c, d):
                    match[i] = j
            continue
        prev_i, prev_j = a, c
        for i, j in chain:
            match[i] = j
            stack.append((prev_i, i, prev_j, j))
            prev_i, prev_j = i + 1, j + 1
        stack.append((prev_i, b, prev_j, d))
    return match


def _anchor_chain(
    doc: Sequence[str], a: int, b: int, gold: Sequence[str], c: int, d: int
) -> list[tuple[int, int]]:
    """Start positions of n-grams unique in both windows, longest chain increasing in both."""
    for n in NGRAM_SIZES:
        if n == 1 and min(b - a, d - c) > UNIGRAM_WINDOW:
            break
        in_doc = _unique_ngrams(doc, a, b, n)
        in_gold = _unique_ngrams(gold, c, d, n)
        pairs = sorted((i, in_gold[gram]) for gram, i in in_doc.items() if gram in in_gold)
        if pairs:
            return _longest_increasing(pairs)
    return []


def _common_subsequence(
    doc: Sequence[str], a: int, b: int, gold: Sequence[str], c: int, d: int
) -> list[tuple[int, int]]:
    """Pairs of a longest common subsequence of doc[a:b] and gold[c:d]."""
    rows, cols = b - a, d - c
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        here, below = table[i], table[i + 1]
        token = doc[a + i]
        for j in range(cols - 1, -1, -1):
            if token == gold[c + j]:
                here[j] = below[j + 1] + 1
            else:
                here[j] = max(below[j], here[j + 1])
    pairs = []
    i = j = 0
    while i < rows and j < cols:
        if doc[a + i] == gold[c + j]:
            pairs.append((a + i, c + j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _unique_ngrams(tokens: Sequence[str], start: int, end: int, n: int) -> dict[tuple, int]:
    """The n-grams occurring once in tokens[start:end], with their start index."""
    window = tokens[start:end]
    grams = list(zip(*(window[k:] for k in range(n)), strict=False))
    counts = Counter(grams)
    return {gram: start + i for i, gram in enumerate(grams) if counts[gram] == 1}


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of (i, j) pairs (sorted by i) with j strictly increasing."""
    tails: list[int] = []  # tails[k]: smallest j ending a chain of length k + 1
    tail_index: list[int] = []
    parent = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k] = j
            tail_index[k] = index
        parent[index] = tail_index[k - 1] if k else -1
    chain = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = parent[index]
    return chain[::-1]


@dataclass
class _LineMatch:
    tokens: int
    matched: list[int]  # gold indices of the line's matched tokens, increasing
    unmatched_numbers: int = 0  # list numbers and the like, absent from many golds


def align_lines(lines: Sequence[str], gold: Gold) -> list[Verdict]:
    """One verdict per line (token-less lines get None) from aligning them to ``gold``."""
    doc: list[str] = []
    owner: list[int] = []
    for number, line in enumerate(lines):
        words = tokenize(line)
        doc.extend(words)
        owner.extend([number] * len(words))
    match = align_tokens(doc, gold.tokens)
    found = [_LineMatch(0, []) for _ in lines]
    for position, number in enumerate(owner):
        found[number].tokens += 1
        if match[position] >= 0:
            found[number].matched.append(match[position])
        elif doc[position].isdigit():
            found[number].unmatched_numbers += 1
    before: list[int | None] = []
    last = None
    for line in found:
        before.append(last)
        last = line.matched[-1] if line.matched else last
    after: list[int | None] = []
    first = None
    for line in reversed(found):
        after.append(first)
        first = line.matched[0] if line.matched else first
    after.reverse()
    verdicts = [_verdict(line, b, a, gold) for line, b, a in zip(found, before, after, strict=True)]
    if not gold.full:
        verdicts = _beyond_prefix(verdicts, gold.beyond)
    return verdicts


def _verdict(line: _LineMatch, before: int | None, after: int | None, gold: Gold) -> Verdict:
    """``before``/``after``: the gold index matched last before the line, first after it."""
    if not line.tokens:
        return Verdict(None, "no words")
    k, n = len(line.matched), line.tokens
    coverage = k / n
    if coverage <= BOILERPLATE_COVERAGE or (k <= CHANCE_MATCHES and coverage < CHANCE_COVERAGE):
        return Verdict("boilerplate", f"not in gold {coverage:.2f}")
    if n > SHORT_WORDS:
        if coverage >= KEEP_COVERAGE:
            return Verdict("keep", f"aligned {coverage:.2f}")
        return Verdict(None, f"partly in gold {coverage:.2f}")
    words = n - line.unmatched_numbers
    if k < (words if words <= 4 else words - 1):
        return Verdict(None, f"short, partly in gold {coverage:.2f}")
    if _in_place(line, before, after, gold):
        return Verdict("keep", "short, in place in gold")
    return Verdict(None, "short, in gold elsewhere")


def _in_place(line: _LineMatch, before: int | None, after: int | None, gold: Gold) -> bool:
    """A short line's match is one gold stretch, each end at a gold line edge or at the
    gold matched by the lines next to it."""
    first, last = line.matched[0], line.matched[-1]
    if last - first + 1 > line.tokens - line.unmatched_numbers:
        return False
    starts_well = first in gold.line_starts or (before is not None and first == before + 1)
    ends_well = last in gold.line_ends or (after is not None and last == after - 1)
    return starts_well and ends_well


def _beyond_prefix(verdicts: list[Verdict], how: str) -> list[Verdict]:
    """With a prefix gold, nothing after its last kept line is known."""
    last = max((i for i, v in enumerate(verdicts) if v.kind == "keep"), default=-1)
    return [v if i <= last else Verdict(None, how) for i, v in enumerate(verdicts)]
