"""The rules of one anchor (whole line, start, end), and which of them a line can meet.

Each rule is compiled on its own, so that a rule that runs out of time is
known by name. Which rules a line can meet is decided by its first (or, for
end-anchored rules, last) few characters: the regex module's partial matching
says whether a match could begin (or end) with them, which needs no analysis
of the pattern that could go wrong. The answer is cached per string of
characters, so most lines cost one dictionary lookup.

Some rules can begin and end with almost anything (a cookie banner starting
with a site's name); those are *gated*: tried only on lines holding one of the
strings every match contains (:mod:`cleaner.rules.literals` finds them).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from cleaner.rules.firstchar import first_chars, lookup_keys, required_literals
from cleaner.rules.model import Rule

#: Upper bounds of the word-count buckets lines are sorted into; a rule with
#: ``max_words`` is only tried on lines of a bucket it can fit.
WORD_BUCKETS = (4, 8, 16, 32, 64, 128)
#: How many characters of a line's start (or end) choose the rules it meets.
KEY_CHARS = 5
#: Line starts and ends common in the languages of the packs. A rule whose pattern
#: could begin (end) like a third of them is not told apart by its ends: it is gated.
_HEADS = (
    "Der Die Das Ein Und Er Sie Es Wir Ich Im In Am Auf Mit Bei Nac Zu Für Von "
    "The A An And It He She We Thi Tha But Whe On At As To Of "
    "Le La Les Un Une Il Ell El Los Las Lo Het De Een Ik Wij Ma Non Per "
    "der die und den ein sie ich the and was for her his des les une est con que"
)
_TAILS = (
    "en. er. te. ng. ed. on. es. ly. is. it. se. ch. de. la. le. to. ne. re. in. "
    "ten ung hen ing ed, er, en, the and ich ein sie nen rde ent ons ire ous ith"
)
HEAD_PROBES = tuple(_HEADS.split())
TAIL_PROBES = tuple(_TAILS.split())


def word_bucket(content: str) -> int:
    return bisect.bisect_left(WORD_BUCKETS, len(content.split()))


def _group(rule: Rule) -> str:
    return f"(?{'i' if rule.ignore_case else ''}:{rule.pattern})"


class Scope:
    """The rules of one anchor. ``method`` is how a line is tested: ``fullmatch``,
    ``match`` or ``search`` (with ``template`` making the search end-anchored);
    ``from_end`` says the rules are chosen by the line's last characters."""

    def __init__(self, rules: Sequence[Rule], template: str, method: str) -> None:
        self.rules = list(rules)
        self.from_end = method == "search"
        self.tests = [
            getattr(regex.compile(template.format(_group(rule))), method) for rule in self.rules
        ]
        self.bounded = any(rule.max_words is not None for rule in self.rules)
        self._anywhere: set[int] = set()
        self._by_first: dict[str, set[int]] = {}
        for index, rule in enumerate(self.rules):
            chars = None if self.from_end else first_chars(rule.pattern or "", rule.ignore_case)
            if chars is None:
                self._anywhere.add(index)
            for char in chars or ():
                self._by_first.setdefault(char, set()).add(index)
        self._for_char: dict[str, frozenset[int]] = {}
        #: Required strings of the gated rules.
        self.literals: dict[int, frozenset[str]] = {}
        for index, rule in enumerate(self.rules):
            needed = required_literals(rule.pattern or "")
            if needed and self._loose(index):
                self.literals[index] = needed

    def _loose(self, index: int) -> bool:
        """Whether rule ``index`` could start (end) like many lines of prose."""
        probes = TAIL_PROBES if self.from_end else HEAD_PROBES
        return sum(self._could_meet(index, probe) for probe in probes) * 3 > len(probes)

    def _could_meet(self, index: int, key: str) -> bool:
        """Whether a line starting (ending) with ``key`` could match rule ``index``."""
        if not self.from_end and index not in self._starting(key[0]):
            return False
        return self.tests[index](key, partial=True) is not None

    def _starting(self, char: str) -> frozenset[int]:
        """The rules a line starting with ``char`` may meet, by the first-character index."""
        found = self._for_char.get(char)
        if found is None:
            chosen = set(self._anywhere)
            for key in lookup_keys(char):
                chosen |= self._by_first.get(key, set())
            found = self._for_char[char] = frozenset(chosen)
        return found

    def meeting(self, key: str) -> tuple[int, ...]:
        """The rules, in pack order, that a line starting (ending) with ``key`` could match."""
        return tuple(i for i in range(len(self.rules)) if self._could_meet(i, key))

    def fits(self, index: int, bucket: int) -> bool:
        """Whether a line of ``bucket``'s word counts may have few enough words for the rule."""
        limit = self.rules[index].max_words
        return limit is None or not bucket or limit > WORD_BUCKETS[bucket - 1]
