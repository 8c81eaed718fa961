"""What a pattern's matches must start with and contain, so a line is tried only
against the rules that could match it.

A combined pattern of a hundred rules still tries every branch at every line;
most branches start with a word ("Anzeige", "Foto:", "Lesen Sie auch") and
fail on the first character, but the regex engine pays for each attempt. By
grouping rules on their possible first characters, a line starting with "D"
meets only the rules that can start with "D" (and those that can start with
anything). The analysis uses Python's own regex parser; a pattern it cannot
read, or whose first character it cannot bound, goes in the "any" group, so
the grouping never hides a match. Likewise, most rules need a word ("Cookie",
"Newsletter", "/" in a credit): a line without any of a rule's required
strings is not tried against it.
"""

from __future__ import annotations

import sys
from typing import Any

import regex

if sys.version_info >= (3, 11):
    from re import _constants as sre
    from re import _parser as sre_parse
else:  # pragma: no cover - exercised on Python 3.10 only
    import sre_constants as sre
    import sre_parse

#: A class wider than this counts as "any character": a large set buys nothing.
MAX_SET = 4096
#: More required strings than this cost more to look for than the pattern itself.
MAX_REQUIRED = 48


#: Stands for "any character ``\\d`` matches" (all Unicode decimal digits) in a set of
#: first characters; being two characters long, it is never a real one.
DIGIT = "\\d"
_DIGIT = regex.compile(r"\d")


def case_variants(chars: set[str]) -> set[str]:
    """Characters that case-insensitive matching may equate with ``chars``, first chars only."""
    out = set(chars)
    for c in chars - {DIGIT}:
        out.update(v[:1] for v in (c.lower(), c.upper(), c.casefold(), c.title()) if v)
    return out


def set_chars(items: list[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.RANGE and arg[1] - arg[0] < MAX_SET:
            chars.update(map(chr, range(arg[0], arg[1] + 1)))
        elif op is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
            chars.add(DIGIT)
        else:
            return None
    return chars


SPACE_ONLY = (
    [(sre.CATEGORY, sre.CATEGORY_SPACE)],
    [(sre.NEGATE, None), (sre.CATEGORY, sre.CATEGORY_NOT_SPACE)],
    [(sre.NEGATE, None), (sre.CATEGORY, sre.CATEGORY_NOT_SPACE), (sre.LITERAL, 10)],
)


def only_space(op: Any, arg: Any) -> bool:
    """Whether an item can match whitespace and nothing else.

    Rules are matched against lines stripped of surrounding whitespace, so
    such an item can never supply a match's first character.
    """
    if op is sre.IN:
        return list(arg) in SPACE_ONLY
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        return all(only_space(*item) for item in arg[2])
    return op is sre.LITERAL and chr(arg).isspace()


def _first(items: Any) -> tuple[set[str] | None, bool]:
    """(characters a match can start with, whether the items can match nothing).

    ``None`` for the characters means "cannot tell": any character.
    """
    chars: set[str] = set()
    for op, arg in items:
        if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT) or only_space(op, arg):
            continue  # zero-width, or whitespace: the next item decides
        if op is sre.LITERAL:
            return chars | {chr(arg)}, False
        if op is sre.IN:
            found = set_chars(arg)
            return (None if found is None else chars | found), False
        if op is sre.SUBPATTERN:
            found, empty = _first(arg[-1])
            if found is not None and arg[1] & sre.SRE_FLAG_IGNORECASE:
                found = case_variants(found)
        elif op is sre.BRANCH:
            found, empty = set(), False
            for branch in arg[1]:
                branch_chars, branch_empty = _first(branch)
                if branch_chars is None:
                    return None, False
                found |= branch_chars
                empty = empty or branch_empty
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            found, empty = _first(arg[2])
            empty = empty or arg[0] == 0
        else:
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return chars, False
    return chars, True


#: The regex module's Unicode properties (``\\p{Lu}``), which Python's parser does not
#: read, stand in as ``\\S``: one character, not bounded, so never narrowing the result.
_PROPERTY = regex.compile(r"(?<!\\)((?:\\\\)*)\\[pP]\{[^}]*\}")


def parse(pattern: str) -> Any:
    """``pattern`` read by Python's regex parser (the regex module's ``\\p{..}`` as ``\\S``)."""
    return sre_parse.parse(_PROPERTY.sub(r"\1\\S", pattern))


def first_chars(pattern: str, ignore_case: bool = False) -> frozenset[str] | None:
    """The characters a match of ``pattern`` in a stripped line starts with, or ``None``."""
    try:
        parsed = parse(pattern)
        chars, can_be_empty = _first(parsed)
    except (sre.error, RecursionError, OverflowError, ValueError):
        return None
    if chars is None or can_be_empty:
        return None
    if ignore_case or parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        chars = case_variants(chars)
    return frozenset(chars)


def reversed_items(items: Any) -> list[tuple[Any, Any]]:
    """The parsed items in reverse order, nested sequences too: what a match ends with
    is what the reversed pattern starts with."""
    out = []
    for op, arg in reversed(list(items)):
        if op is sre.SUBPATTERN:
            arg = (*arg[:-1], reversed_items(arg[-1]))
        elif op is sre.BRANCH:
            arg = (arg[0], [reversed_items(branch) for branch in arg[1]])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            arg = (arg[0], arg[1], reversed_items(arg[2]))
        out.append((op, arg))
    return out


def lookup_keys(char: str) -> set[str]:
    """The keys under which rules that may match a line starting with ``char`` are filed."""
    keys = {char, *(v[:1] for v in (char.lower(), char.upper(), char.casefold(), char.title()))}
    if _DIGIT.match(char):
        keys.add(DIGIT)
    return keys


#: Rough share of each character in case-folded prose of the packs' languages; the
#: literal prefilter picks, of the strings a pattern requires, those text holds least.
_FREQUENCY = {
    " ": 0.15,
    **dict.fromkeys("e", 0.095),
    **dict.fromkeys("aint", 0.055),
    **dict.fromkeys("rso", 0.048),
    **dict.fromkeys("hdlucm", 0.027),
    **dict.fromkeys("gwfbpvky", 0.012),
    **dict.fromkeys(",.", 0.01),
    **dict.fromkeys("zäöüéèàáíóñçj-'\"0123456789", 0.003),
}
#: A character not listed: rare punctuation, other scripts' letters.
_RARE = 0.0008


def _expected_hits(strings: set[str]) -> float:
    """How often per character of prose one of ``strings`` starts, assuming independence."""
    total = 0.0
    for string in strings:
        share = 1.0
        for char in string.casefold():
            share *= _FREQUENCY.get(char, _RARE)
        total += share
    return total


def _one_letter(items: list[tuple[Any, Any]]) -> str | None:
    """The character a class of case variants of one letter (``[Nn]``) folds to."""
    if not items or any(op is not sre.LITERAL for op, _ in items):
        return None
    folded = {chr(arg).casefold() for _, arg in items}
    return folded.pop() if len(folded) == 1 and len(next(iter(folded))) == 1 else None


def _required(items: Any) -> set[str] | None:
    """Literal strings one of which every match contains, longest-shortest first."""
    best: set[str] | None = None

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or _expected_hits(candidate) < _expected_hits(best)):
            best = candidate

    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if op is sre.IN and (letter := _one_letter(arg)) is not None:
            run.append(letter)  # [Nn]ewsletter needs "newsletter" case-folded
            continue
        consider({"".join(run)} if run else None)
        run = []
        if op is sre.SUBPATTERN:
            consider(_required(arg[-1]))
        elif op is sre.ASSERT:  # what a lookahead or lookbehind demands is there too
            consider(_required(arg[1]))
        elif op is sre.BRANCH:
            options = [_required(branch) for branch in arg[1]]
            if all(options):
                consider(set().union(*options))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            consider(_required(arg[2]))
    consider({"".join(run)} if run else None)
    return best


def required_literals(pattern: str) -> frozenset[str] | None:
    """Case-folded strings one of which the case-folded text of every match contains.

    A line whose case-folded text holds none of them cannot match, so the
    pattern need not be tried; ``None`` when no such strings can be told.
    """
    try:
        found = _required(parse(pattern))
    except (sre.error, RecursionError, OverflowError, ValueError):
        return None
    if not found:
        return None
    folded = {s.casefold() for s in found}
    # A line holding "photos" holds "photo": the shorter string alone says as much.
    minimal = {s for s in folded if not any(other != s and other in s for other in folded)}
    return frozenset(minimal) if len(minimal) <= MAX_REQUIRED else None
