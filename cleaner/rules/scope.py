"""Which rules a line can meet, told from its first and last few characters.

Every regex rule is compiled for its anchor (whole line, start, end) and is
one bit of an int mask, in scope order and then pack order. The regex
module's partial matching says whether a match could begin with a line's
first characters (or end with its last ones), which needs no analysis of the
pattern that could go wrong; the answer for each string of characters is a
mask, cached, so most lines cost two dictionary lookups and an ``&``.

Some rules can begin and end like almost any line (a cookie banner starting
with a site's name, a credit ending in a name); those are *gated*: tried only
on lines holding one of the strings every match contains
(:mod:`cleaner.rules.literals` finds them in one pass over the document).
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from cleaner.rules import affixes as affixes_module
from cleaner.rules import branches as branches_module
from cleaner.rules import diskcache
from cleaner.rules import firstchar as firstchar_module
from cleaner.rules.affixes import AFFIX_CHARS, ANYTHING, affixes, canonical
from cleaner.rules.branches import split_branches
from cleaner.rules.firstchar import required_literals
from cleaner.rules.limits import Matcher
from cleaner.rules.model import ANCHORS, Rule

#: Upper bounds of the word-count buckets lines are sorted into; a rule with
#: ``max_words`` is only tried on lines of a bucket it can fit.
WORD_BUCKETS = (4, 8, 16, 32, 64, 128)
#: Distinct line starts (ends) remembered; past that the cache starts afresh.
CACHE_LIMIT = 50_000
#: How many characters of a line's start (and end) choose the rules it meets: as many
#: as the affix strings hold. A first look takes fewer (``SHORT_KEY_CHARS``), whose
#: answers are fewer and so mostly remembered; only lines that pass it take the long one.
KEY_CHARS = AFFIX_CHARS
SHORT_KEY_CHARS = 3
#: Line starts and ends common in the languages of the packs. A rule whose pattern
#: could begin and end like a third of them is not told apart by its ends: it is gated.
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
    # Counted only as far as the last bucket: a huge line costs no list of its words.
    return bisect.bisect_left(WORD_BUCKETS, len(content.split(maxsplit=WORD_BUCKETS[-1])))


def _group(pattern: str, ignore_case: bool) -> str:
    return f"(?{'i' if ignore_case else ''}:{pattern})"


class Compiled:
    """One rule compiled for its anchor (0 whole line, 1 start, 2 end): ``test`` matches
    a stripped line.

    The pattern is compiled on first use: compiling every pattern of the packs
    takes longer than building the rest of the index, and most processes (a
    pre-commit hook on a few files) meet few rules.
    """

    __slots__ = ("_test", "rule", "scope")

    def __init__(self, rule: Rule, scope: int) -> None:
        self.rule = rule
        self.scope = scope
        self._test: Matcher | None = None

    @property
    def test(self) -> Matcher:
        if self._test is None:
            self._test = _matcher(self.rule.pattern or "", self.rule.ignore_case, self.scope)
        return self._test


@dataclass(frozen=True, slots=True)
class Branch:
    """One alternative of rule ``rule``'s pattern (see :mod:`cleaner.rules.branches`),
    with the strings its matches can start with and (reversed) end with."""

    rule: int
    pattern: str
    prefixes: frozenset[str]
    suffixes: frozenset[str]


#: A pattern is compiled and analysed once per process, however many rule sets
#: (pipelines, cleaners, tests) are built from it; the answers depend on the
#: pattern's text alone. Bounded, for processes that load many users' packs.
_PER_PROCESS = 4096


@lru_cache(maxsize=_PER_PROCESS)
def _matcher(pattern: str, ignore_case: bool, scope: int) -> Matcher:
    group = _group(pattern, ignore_case)
    if scope == 0:
        return regex.compile(group).fullmatch
    if scope == 1:
        return regex.compile(group).match
    # End-anchored patterns match backwards from the end of the line (the regex
    # module's reverse mode): one real attempt per line instead of one per
    # character, as a forward search for a pattern anchored at the end takes.
    return regex.compile(rf"(?r){group}[^\S\n]*\Z").search


_branches = lru_cache(maxsize=_PER_PROCESS)(lambda pattern: tuple(split_branches(pattern)))
_affixes = lru_cache(maxsize=_PER_PROCESS * 4)(affixes)
_required = lru_cache(maxsize=_PER_PROCESS * 4)(required_literals)


def _branch(rule: int, pattern: str, scope: int) -> Branch:
    """A branch; its start says nothing for end-anchored rules, nor its end for start ones."""
    prefixes, suffixes = _affixes(pattern)
    return Branch(
        rule, pattern, ANYTHING if scope == 2 else prefixes, ANYTHING if scope == 1 else suffixes
    )


#: Regex rules from which a built index is kept on disk; fewer build in milliseconds.
CACHED_FROM = 50
#: Owners of the branches, head and tail affix indexes, required strings by bit.
_State = tuple[list[int], "_AffixIndex", "_AffixIndex", dict[int, frozenset[str]]]


class RuleIndex:
    """The regex rules, whole-line first, then start- and end-anchored; each alternative
    of each rule's pattern is one bit of the masks that say what a line may meet."""

    def __init__(self, rules: Sequence[Rule], cache: Path | None = None) -> None:
        """``cache``: the folder of built indexes (by default the cache folder, see
        :mod:`cleaner.rules.diskcache`)."""
        regex_rules = [r for r in rules if r.pattern is not None]
        self.compiled = [
            Compiled(rule, number)
            for number, anchor in enumerate(ANCHORS)
            for rule in regex_rules
            if rule.match_anchor == anchor
        ]
        state = self._build() if len(self.compiled) < CACHED_FROM else self._cached(cache)
        #: The rule (index into ``compiled``) of each branch, by bit.
        self.owners: list[int]
        #: Required strings of the gated branches, by bit.
        self.literals: dict[int, frozenset[str]]
        self.owners, self._heads, self._tails, self.literals = state
        self.all = (1 << len(self.owners)) - 1
        self.gated = _mask(self.literals)

    def _cached(self, folder: Path | None) -> _State:
        """What :meth:`_build` gives, from the cache folder when an earlier process built it."""
        key = diskcache.key_of(
            (f"{c.scope} {c.rule.pattern}".encode("utf-8", "surrogatepass") for c in self.compiled),
            (sys.modules[__name__], affixes_module, branches_module, firstchar_module),
        )
        state = diskcache.read("rule-index", key, folder)
        if state is None:
            state = self._build()
            diskcache.save("rule-index", key, state, folder)
        return state

    def _build(self) -> _State:
        """Owners of the branches, their affix indexes and the required strings of the
        gated ones: what the index keeps of the branches."""
        branches = [
            _branch(index, pattern, entry.scope)
            for index, entry in enumerate(self.compiled)
            for pattern in _branches(entry.rule.pattern or "")
        ]
        self.all = (1 << len(branches)) - 1
        self._heads = _AffixIndex([b.prefixes for b in branches])
        self._tails = _AffixIndex([b.suffixes for b in branches])
        loose = self._loose()
        literals: dict[int, frozenset[str]] = {}
        for index, branch in enumerate(branches):
            needed = _required(branch.pattern) if loose >> index & 1 else None
            if needed:
                literals[index] = needed
        return [b.rule for b in branches], self._heads, self._tails, literals

    def _loose(self) -> int:
        """The branches that could begin and end like many lines of prose."""
        loose = self.all
        for mask_of, probes in ((self.head_mask, HEAD_PROBES), (self.tail_mask, TAIL_PROBES)):
            masks = [mask_of(probe) for probe in probes]
            loose &= _mask(
                i for i in bits(loose) if sum(m >> i & 1 for m in masks) * 3 > len(masks)
            )
        return loose

    def head_mask(self, key: str, short: bool = False) -> int:
        """The branches a line whose content starts with ``key`` could match; ``short``:
        ``key`` is only the start of the line's first ``KEY_CHARS`` characters."""
        key = canonical(key)
        return (self._heads.lookup_short if short else self._heads.lookup)(key)

    def tail_mask(self, key: str, short: bool = False) -> int:
        """The branches a line whose content ends with ``key`` could match."""
        key = canonical(key[::-1])
        return (self._tails.lookup_short if short else self._tails.lookup)(key)

    def rules_of(self, mask: int) -> list[int]:
        """The rules (indexes into ``compiled``, in order) whose branches ``mask`` holds."""
        owners = self.owners
        return sorted({owners[index] for index in bits(mask)})

    def fits(self, index: int, bucket: int) -> bool:
        """Whether a line of ``bucket``'s word counts may have few enough words for the rule."""
        limit = self.compiled[index].rule.max_words
        return limit is None or not bucket or limit > WORD_BUCKETS[bucket - 1]


@lru_cache(maxsize=16)
def shared_index(rules: tuple[Rule, ...]) -> RuleIndex:
    """The index of ``rules``, built once per process for the same rules (it is only read)."""
    return RuleIndex(rules)


class _AffixIndex:
    """Canonical affix string -> the branches having it."""

    def __init__(self, affixes: Sequence[frozenset[str]]) -> None:
        self._by: dict[str, int] = {}
        for index, strings in enumerate(affixes):
            for string in strings:
                self._by[string] = self._by.get(string, 0) | 1 << index
        #: For each proper start of an affix, the branches with an affix so starting.
        self._under: dict[str, int] = {}
        for string, mask in self._by.items():
            for end in range(1, len(string) + 1):
                self._under[string[:end]] = self._under.get(string[:end], 0) | mask

    def __getstate__(self) -> tuple[list[int], dict[str, int], dict[str, int]]:
        """Each distinct mask once, the tables naming them by number: a pickle writes an
        int out in full each time, and the tables share a few thousand masks among 10⁵
        keys (this is what the rule index cache reads, see :mod:`cleaner.rules.diskcache`)."""
        numbers: dict[int, int] = {}
        by = {key: numbers.setdefault(mask, len(numbers)) for key, mask in self._by.items()}
        under = {key: numbers.setdefault(mask, len(numbers)) for key, mask in self._under.items()}
        return list(numbers), by, under

    def __setstate__(self, state: tuple[list[int], dict[str, int], dict[str, int]]) -> None:
        masks, by, under = state
        self._by = {key: masks[number] for key, number in by.items()}
        self._under = {key: masks[number] for key, number in under.items()}

    def lookup(self, key: str) -> int:
        """The branches with an affix the canonical ``key`` starts with."""
        by = self._by
        mask = by.get("", 0)
        for end in range(1, len(key) + 1):
            mask |= by.get(key[:end], 0)
        return mask

    def lookup_short(self, key: str) -> int:
        """The branches with an affix ``key`` starts with or that starts with ``key``:
        what any longer key beginning with ``key`` may meet."""
        return self.lookup(key) | self._under.get(key, 0)


def _mask(indexes: Iterable[int]) -> int:
    mask = 0
    for index in indexes:
        mask |= 1 << index
    return mask


def bits(mask: int) -> list[int]:
    """The indexes of the set bits of ``mask``, lowest first."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found
