"""What a pattern's matches start and end with, as short strings, to choose a line's rules.

A line could match a rule only if its first few characters are the start of
one of the rule's matches and its last few the end of one. Both are worked
out from Python's parse of the pattern as sets of strings of up to
``AFFIX_CHARS`` characters (shorter where a match may end, or where the next
character cannot be told), in *canonical* characters: case folded, any digit
as ``DIGIT_MARK``, any whitespace as a space. A line's characters are made
canonical the same way, so a lookup is a few dictionary gets. The canonical
form only ever merges characters, so it can hide no match: two characters the
regex module matches case-insensitively fold to the same first character (with
the one exception of dotless ``ı``, which it equates with ``I``), and
``tests/test_rules_engine.py`` checks that for every cased character.
"""

from __future__ import annotations

from typing import Any

import regex

from cleaner.rules.firstchar import (
    DIGIT,
    SPACE_ONLY,
    only_space,
    parse,
    reversed_items,
    set_chars,
    sre,
)

#: How many characters of a line's start (and end) the affix strings cover.
AFFIX_CHARS = 5
#: More strings than this at some point of a pattern, and those strings end there.
MAX_AFFIXES = 2048
#: Stands for "any digit" in canonical text (a Unicode noncharacter: never in text).
DIGIT_MARK = "\ufdd0"
#: Every character Python or the regex module counts as whitespace (all below U+3001).
WHITESPACE = frozenset(c for c in map(chr, range(0x3001)) if c.isspace() or regex.match(r"\s", c))
_DIGIT = regex.compile(r"\d")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
ANYTHING = frozenset({""})


class _Canonical(dict[int, str]):
    """Code point -> its canonical character, for ``str.translate``; filled on first sight."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in WHITESPACE:
            found = " "
        elif _DIGIT.match(char):
            found = DIGIT_MARK
        elif char == "ı":  # the regex module matches dotless i with I, which folds to i
            found = "i"
        else:
            found = char.casefold()[:1] or char
        self[code] = found
        return found


_TABLE = _Canonical()


def canonical(text: str) -> str:
    """``text`` with every character in canonical form (same length)."""
    return text.translate(_TABLE)


def _chars(op: Any, arg: Any) -> set[str] | None:
    """The canonical characters one item matches, or ``None`` if it cannot be told."""
    if op is sre.LITERAL:
        return {canonical(chr(arg))}
    if op is not sre.IN:
        return None
    if list(arg) in SPACE_ONLY:
        return {" "}
    chars = set_chars(arg)
    if chars is None:
        return None
    return {DIGIT_MARK if c == DIGIT else canonical(c) for c in chars}


def _starts(items: Any, open_: set[str], size: int) -> tuple[set[str], set[str]]:
    """Run ``items`` on the strings in ``open_``: (strings still open, strings closed,
    at ``size`` characters or where the next character cannot be told)."""
    closed: set[str] = set()
    for op, arg in items:
        if not open_:
            break
        if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
            continue
        if "" in open_ and only_space(op, arg):
            # Whitespace never starts a stripped line: the empty string skips it.
            started, lost = _starts([(op, arg)], open_ - {""}, size)
            closed |= lost | {s for s in started if len(s) >= size}
            open_ = {""} | {s for s in started if len(s) < size}
            continue
        if op is sre.SUBPATTERN:
            open_, more = _starts(arg[-1], open_, size)
        elif op is sre.BRANCH:
            runs = [_starts(branch, open_, size) for branch in arg[1]]
            open_ = set().union(*(run[0] for run in runs))
            more = set().union(*(run[1] for run in runs))
        elif op in _REPEATS:
            open_, more = _repeat(arg, open_, size)
        else:
            chars = _chars(op, arg)
            if chars is None or len(open_) * len(chars) > MAX_AFFIXES:
                return set(), closed | open_  # what comes next cannot be told (in few strings)
            grown = {s + c for s in open_ for c in chars}
            more = {s for s in grown if len(s) >= size}
            open_ = grown - more
        closed |= more
        if len(open_) + len(closed) > MAX_AFFIXES:
            return set(), closed | open_
    return open_, closed


def _repeat(arg: Any, open_: set[str], size: int) -> tuple[set[str], set[str]]:
    low, high, item = arg
    closed: set[str] = set()
    for _ in range(min(low, size + 1)):
        open_, more = _starts(item, open_, size)
        closed |= more
    if low > size + 1:  # what it needs beyond that is past the strings' length anyway
        return set(), closed | open_
    reached, current = set(open_), open_
    for _ in range(min(high - low, size + 1)):
        current, more = _starts(item, current, size)
        closed |= more
        current -= reached
        if not current:
            break
        reached |= current
    return reached, closed


def _strings(items: Any) -> frozenset[str]:
    open_, closed = _starts(items, {""}, AFFIX_CHARS)
    return frozenset(open_ | closed)


def affixes(pattern: str) -> tuple[frozenset[str], frozenset[str]]:
    """(prefixes, reversed suffixes) of the matches of ``pattern`` in a stripped line, in
    canonical characters: the canonical text of a line the pattern matches starts with
    one of the prefixes, and reversed, with one of the suffixes. ``{""}`` (anything)
    where the pattern cannot be read."""
    try:
        parsed = parse(pattern)
        return _strings(parsed), _strings(reversed_items(parsed))
    except (sre.error, RecursionError, OverflowError, ValueError):
        return ANYTHING, ANYTHING
