"""Snippet golds: which lines of a document hold a given piece of text.

trafilatura-eval and wcxb give ``with`` snippets (text that must be in a good
extraction) and ``without`` snippets (boilerplate that must not). A snippet is
found as a run of tokens across the document's lines; its first and last token
may be cut (the annotators copied substrings, "Mit einem Schlag ist d").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .align import tokenize

#: A ``without`` snippet marks a line when it makes up this share of the line's words;
#: a longer line merely mentions it.
WITHOUT_SHARE = 0.6
#: A ``with`` snippet marks a line holding this many of its words (or all, if fewer).
WITH_WORDS = 3


def occurrences(line_tokens: Sequence[Sequence[str]], snippet: str) -> list[list[tuple[int, int]]]:
    """Each occurrence of the snippet as [(line index, tokens of it on that line), ...]."""
    wanted = tokenize(snippet)
    if not wanted:
        return []
    owners = [number for number, tokens in enumerate(line_tokens) for _ in tokens]
    flat = [token for tokens in line_tokens for token in tokens]
    n = len(wanted)
    found = []
    for start in range(len(flat) - n + 1):
        if flat[start].endswith(wanted[0]) and _matches(flat[start : start + n], wanted):
            found.append(sorted(Counter(owners[start : start + n]).items()))
    return found


def _matches(tokens: Sequence[str], wanted: Sequence[str]) -> bool:
    if len(wanted) == 1:
        return tokens[0] == wanted[0]
    if not tokens[0].endswith(wanted[0]) or not tokens[-1].startswith(wanted[-1]):
        return False
    return list(tokens[1:-1]) == list(wanted[1:-1])


def with_lines(line_tokens: Sequence[Sequence[str]], snippet: str) -> set[int]:
    """Lines holding the snippet's only occurrence (several occurrences: none is sure)."""
    found = occurrences(line_tokens, snippet)
    if len(found) != 1:
        return set()
    size = len(tokenize(snippet))
    need = min(WITH_WORDS, size)
    return {number for number, count in found[0] if count >= need}


def without_lines(line_tokens: Sequence[Sequence[str]], snippet: str) -> set[int]:
    """Lines that are mostly the snippet, at every occurrence."""
    lines = set()
    for occurrence in occurrences(line_tokens, snippet):
        for number, count in occurrence:
            if count >= WITHOUT_SHARE * len(line_tokens[number]):
                lines.add(number)
    return lines
