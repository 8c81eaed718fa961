"""A pattern's alternatives, each on its own, to tell which lines a rule could match.

A generated pattern such as ``(?:We|This site|[\\w.-]+\\.com) use cookies.{0,900}``
can start with any character, so the whole rule looks loose; but only one of
its alternatives is, and a line could match the rule only if it could match
one of them. Splitting ``A|B`` and distributing a group's alternatives over
what follows it (``(?:A|B)?C`` is ``(?:A)C``, ``(?:B)C`` or ``C``) gives
branches whose first and last characters and required strings say far more.
The branches are only used to choose lines: the rule's own pattern decides.
"""

from __future__ import annotations

import regex

#: A rule is cut into at most this many branches, of at most this many times
#: the pattern's length in all (each branch is compiled on its own).
MAX_BRANCHES = 64
MAX_GROWTH = 8
#: Back references and global flags would change meaning once a pattern is cut.
_UNSPLITTABLE = regex.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?[a-zA-Z]+\)|\(\?\(")


def _top_level(pattern: str) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The pattern cut at its top-level ``|``, and the spans of its top-level groups;
    ``None`` if it does not scan (unbalanced)."""
    parts, groups = [], []
    depth, start, opened, index = 0, 0, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index)
            continue
        if char == "(":
            if depth == 0:
                opened = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                groups.append((opened, index + 1))
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    if depth:
        return None
    parts.append(pattern[start:])
    return parts, groups


def _class_end(pattern: str, index: int) -> int:
    """Index just past the character class opening at ``index``."""
    index += 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1  # a leading ] is a literal
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1


def _distribute(branch: str) -> list[str]:
    """``(?:A|B)Q R`` as ``(?:A)R`` and ``(?:B)R`` (and ``R`` when the quantifier ``Q``
    is ``?``), for a branch that starts with a group of alternatives: what a line
    starts with is what tells rules apart."""
    scanned = _top_level(branch)
    if scanned is None or not scanned[1] or scanned[1][0][0] != 0 or not branch.startswith("(?:"):
        return [branch]
    end = scanned[1][0][1]
    inner = _top_level(branch[3 : end - 1])
    if inner is None or (len(inner[0]) < 2 and not inner[0][0].startswith("(?:")):
        return [branch]
    optional = branch.startswith("?", end) and not branch.startswith("??", end)
    rest = end + 1 if optional else end
    if branch[rest : rest + 1] in ("*", "+", "{", "?"):
        return [branch]
    after = branch[rest:]
    if len(inner[0]) == 1:  # (?:(?:A|B))C: the inner group is what counts
        found = [inner[0][0] + after]
        return [*found, after] if optional else found
    found = [f"(?:{alternative}){after}" for alternative in inner[0]]
    return [*found, after] if optional else found


def split_branches(pattern: str) -> list[str]:
    """Alternatives of ``pattern`` that together match what it matches (see module doc)."""
    if _UNSPLITTABLE.search(pattern):
        return [pattern]
    scanned = _top_level(pattern)
    if scanned is None:
        return [pattern]
    pending, done = list(scanned[0]), []
    budget = MAX_GROWTH * len(pattern)
    size = len(pattern)
    while pending:
        branch = pending.pop(0)
        spread = _distribute(branch)
        grown = size - len(branch) + sum(map(len, spread))
        if spread == [branch] or len(done) + len(pending) + len(spread) > MAX_BRANCHES:
            done.append(branch)  # as far as it goes: a branch may keep alternatives
        elif grown > budget:
            done.append(branch)
        else:
            pending[:0] = spread
            size = grown
    return done
