"""Applying many rules to a text at a cost that grows with neither the rules nor the lines.

Which rules a line could match is told by its first and last few characters
(:mod:`cleaner.rules.scope`): two cached dictionary lookups per line, so most
lines get no further work. The few rules that could start and end like any
line are tried only on lines holding their required strings, found in one
Aho-Corasick pass over the document (:mod:`cleaner.rules.literals`). A line
left over is tried against the rules chosen for it that fit its length, each
match under a time limit (:mod:`cleaner.rules.limits`). Context (runs, blocks,
tails, positions) is then resolved on the lines that matched, to a fixed point
so that positions count only the lines that stay (needed for idempotence); a
line that starts a sentence going on below it is never cut from the line below
(:mod:`cleaner.text.continuation`).
bench/rules_scaling.py and bench/rules_on_benchmarks.py measure it.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from cleaner.core.edits import Edit
from cleaner.core.limits import Budget
from cleaner.rules.limits import DEFAULT_TIMEOUT_MS, Watch, check_timeout
from cleaner.rules.literals import LiteralIndex
from cleaner.rules.model import Rule, fold
from cleaner.rules.scope import (
    CACHE_LIMIT,
    KEY_CHARS,
    SHORT_KEY_CHARS,
    Compiled,
    shared_index,
    word_bucket,
)
from cleaner.text.continuation import continues
from cleaner.text.lines import TextLines
from cleaner.text.view import TextView

#: Lines between two clock reads in the scan of every line.
CHECK_EVERY = 1024
_SENTENCE_END = regex.compile(r"[.!?:;,…]['\"“”’»«)]*\Z")

Hit = tuple[Rule, "regex.Match[str]"]


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the text: its span (without the newline) and its stripped content."""

    number: int
    start: int
    end: int
    content: str
    lead: int

    @property
    def blank(self) -> bool:
        return not self.content


def split_lines(text: str) -> list[Line]:
    lines = TextLines(text)
    return [
        Line(n, lines.start(n), lines.end(n), lines.content[n], lines.lead(n))
        for n in range(len(lines))
    ]


@dataclass(frozen=True, slots=True)
class _Found:
    """What matched on one line: its phrase rule, and per scope the rules in pack order."""

    phrase: Rule | None
    hits: tuple[list[Hit], list[Hit], list[Hit]]


class _Masks(dict[str, int]):
    """Line start (or end) -> the mask of what a line may meet, worked out on first sight."""

    def __init__(self, compute: Callable[[str], int]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> int:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value


def _prefixed(keys: list[str], prefix: str) -> bool:
    """Whether some string of the sorted ``keys`` starts with ``prefix``."""
    at = bisect.bisect_left(keys, prefix)
    return at < len(keys) and keys[at].startswith(prefix)


class RuleSet:
    """Rules compiled once; ``edits(text)`` proposes the removals for one document.

    ``timeout_ms`` bounds each match of each rule (see :mod:`cleaner.rules.limits`):
    a rule that runs out of time is reported as a flag edit in category ``limits``
    and joins ``timed_out``, the rules this rule set no longer tries.
    """

    def __init__(self, rules: Iterable[Rule], timeout_ms: float = DEFAULT_TIMEOUT_MS) -> None:
        self.rules = list(rules)
        self.timeout = check_timeout(timeout_ms)
        self.timed_out: set[str] = set()
        self._index = shared_index(tuple(self.rules))
        self._bounded = any(rule.max_words is not None for rule in self.rules)
        self._phrases: dict[str, Rule] = {}
        for rule in self.rules:
            for phrase in rule.phrases:
                self._phrases.setdefault(fold(phrase), rule)
        self._phrase_starts = sorted(self._phrases)
        self._phrase_ends = sorted(key[::-1] for key in self._phrases)
        #: One more bit than the rules have: "a phrase could start (end) like this".
        self._phrase_bit = self._index.all + 1
        self._quick = (self._index.all & ~self._index.gated) | self._phrase_bit
        wanted: defaultdict[str, int] = defaultdict(int)
        for index, needed in self._index.literals.items():
            for literal in needed:
                wanted[literal] |= 1 << index
        self._literals = LiteralIndex(wanted)
        self._follow = {r.id: regex.compile(r.follow) for r in self.rules if r.follow}
        self._caches()

    @property
    def compiled(self) -> list[Compiled]:
        """Each regex rule compiled for its anchor, in the order lines are tried against
        them; ``bench/rules_on_benchmarks.py --per-rule`` times each rule through it."""
        return self._index.compiled

    def _caches(self) -> None:
        index = self._index
        self._heads = _Masks(index.head_mask)
        self._tails = _Masks(index.tail_mask)
        self._short_heads = _Masks(self._short_head)
        self._short_tails = _Masks(self._short_tail)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the caches of line starts and ends, which only grow."""
        return {k: v for k, v in self.__dict__.items() if not isinstance(v, _Masks)}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._caches()

    def _short_head(self, key: str) -> int:
        """What a line whose content starts with ``key`` (its first ``SHORT_KEY_CHARS``)
        may meet. A line folds to a phrase only if the phrase starts with the folded
        ``key`` (and ends like its end)."""
        phrase = _prefixed(self._phrase_starts, fold(key))
        return self._index.head_mask(key, short=True) | (self._phrase_bit if phrase else 0)

    def _short_tail(self, key: str) -> int:
        """What a line whose content ends with ``key`` may meet."""
        phrase = _prefixed(self._phrase_ends, fold(key)[::-1])
        return self._index.tail_mask(key, short=True) | (self._phrase_bit if phrase else 0)

    # -- context ---------------------------------------------------------------

    @staticmethod
    def _shape_ok(rule: Rule, content: str) -> bool:
        limit = rule.max_words
        if limit is not None and len(content.split(maxsplit=limit)) > limit:
            return False
        return not (rule.no_sentence_end and _SENTENCE_END.search(content))

    @staticmethod
    def _position_ok(rule: Rule, rank: int, total: int) -> bool:
        """``rank``: index of the line among non-blank lines; ``total``: their number."""
        if rule.position == "head":
            return rank < rule.within
        if rule.position == "tail":
            return total - rank <= rule.within
        return True

    def _line_rules(self, found: _Found, content: str) -> list[Rule]:
        """Rules matching the whole line and its shape, in pack order (phrases first)."""
        candidates = [] if found.phrase is None else [found.phrase]
        for hits in found.hits:
            candidates.extend(rule for rule, _ in hits if rule.matches_whole_line)
        return [rule for rule in candidates if self._shape_ok(rule, content)]

    # -- finding ---------------------------------------------------------------

    def _find(self, view: TextView, watch: Watch) -> dict[int, _Found]:
        """Every line some rule matches, with what matched."""
        lines = view.lines
        targets = self._literals.lines(view)
        heads, tails, quick = self._heads, self._tails, self._quick
        short_heads, short_tails, phrase_bit = (
            self._short_heads,
            self._short_tails,
            self._phrase_bit,
        )
        look = set(targets)
        # Most lines cost two dictionary lookups: nothing can start and end like them.
        for n, content in enumerate(lines.content):
            if not n % CHECK_EVERY:
                watch.budget.check()
            if content:
                near = (
                    short_heads[content[:SHORT_KEY_CHARS]] & short_tails[content[-SHORT_KEY_CHARS:]]
                )
                if near & quick and (
                    near & phrase_bit
                    or heads[content[:KEY_CHARS]] & tails[content[-KEY_CHARS:]] & quick
                ):
                    look.add(n)
        index = self._index
        found: dict[int, _Found] = {}
        for n in sorted(look):
            watch.budget.check()
            content = lines.content[n]
            if not content:
                continue
            near = short_heads[content[:SHORT_KEY_CHARS]] & short_tails[content[-SHORT_KEY_CHARS:]]
            mask = heads[content[:KEY_CHARS]] & tails[content[-KEY_CHARS:]]
            mask &= quick | targets.get(n, 0)
            phrase = self._phrases.get(fold(content)) if near & phrase_bit else None
            if not mask and phrase is None:
                continue
            chosen = index.rules_of(mask & index.all)
            bucket = word_bucket(content) if chosen and self._bounded else 0
            hits: tuple[list[Hit], list[Hit], list[Hit]] = ([], [], [])
            for rule_index in chosen:
                if not index.fits(rule_index, bucket):
                    continue
                entry = index.compiled[rule_index]
                match = watch.match(entry.rule, entry.test, n)
                if match is not None:
                    hits[entry.scope].append((entry.rule, match))
            if phrase is not None or any(hits):
                found[n] = _Found(phrase, hits)
        return found

    def edits(self, text: str | TextView, budget: Budget | None = None) -> list[Edit]:
        """The removals and flags for one text (or a view of it, whose lines other passes
        share); ``budget`` (the document's time left) raises
        :class:`~cleaner.core.limits.OutOfTime` once it is spent."""
        view = text if isinstance(text, TextView) else TextView(text)
        text, lines = view.text, view.lines
        watch = Watch(self.timeout, lines, self.timed_out, budget or Budget())
        found = self._find(view, watch)
        if not found:
            return watch.flags
        matching = {
            n: rules for n, f in found.items() if (rules := self._line_rules(f, lines.content[n]))
        }
        removed = self._settle(lines, matching, watch)
        # A line that starts a sentence going on below it stays when the line below stays:
        # no rule cuts a sentence in two. Taking such lines out of the running can undo
        # runs and tails they were part of, so the lines are settled again without them.
        while cut := _cut_sentences(lines, removed) & matching.keys():
            matching = {n: rules for n, rules in matching.items() if n not in cut}
            removed = self._settle(lines, matching, watch)
        edits = [
            _edit(rule, lines.start(n), min(lines.end(n) + 1, len(text)))
            for n, rule in sorted(removed.items())
        ]
        edits.extend(self._partial_edits(lines, found, removed))
        edits.extend(watch.flags)
        return edits

    # -- context, resolved ------------------------------------------------------

    def _settle(
        self, lines: TextLines, matching: dict[int, list[Rule]], watch: Watch
    ) -> dict[int, Rule]:
        """The lines that go, and under which rule, once positions count only the lines
        that stay: removing a line moves the next one up into the head, and the result
        must not change when the output is cleaned again. Removals only grow, so this ends.
        """
        removed: dict[int, Rule] = {}
        order = sorted(matching)
        while True:
            gone = sorted(removed)  # removed lines are never blank
            total = lines.nonblank - len(removed)
            hits = {n: [rule] for n, rule in removed.items() if n in matching}
            for n in order:
                if n in removed:
                    continue
                rank = lines.rank(n) - bisect.bisect_left(gone, n)
                rules = [r for r in matching[n] if self._position_ok(r, rank, total)]
                if rules:
                    hits[n] = rules
            resolved = self._resolve(lines, hits, watch)
            if len(resolved) == len(removed):
                return removed
            removed = resolved

    def _resolve(
        self, lines: TextLines, hits: dict[int, list[Rule]], watch: Watch
    ) -> dict[int, Rule]:
        """Which lines go, and under which rule: the first of a line's rules whose
        context holds (runs need neighbours, tails need boilerplate after them)."""
        removed: dict[int, Rule] = {}
        runs = _runs(sorted(hits), lines)
        tails: list[tuple[int, Rule]] = []
        for number, rules in hits.items():
            for rule in rules:
                if rule.scope == "tail":
                    tails.append((number, rule))
                elif rule.scope != "run" or runs[number] >= rule.min_run:
                    removed[number] = rule
                    break
        content = lines.content
        for number, rule in list(removed.items()):
            if rule.scope == "block":
                after = number + 1
                while after < len(content) and content[after]:
                    removed.setdefault(after, rule)
                    after += 1
        # Last first: a marker whose rest is a later marker of the same kind goes too.
        for number, rule in sorted(tails, key=lambda item: item[0], reverse=True):
            follow = self._follow.get(rule.id)
            rest = (n for n in range(number + 1, len(content)) if content[n])
            if all(
                n in removed
                or (follow is not None and watch.match(rule, follow.search, n) is not None)
                for n in rest
            ):
                removed[number] = rule
                for n in range(number + 1, len(content)):
                    if content[n]:
                        removed.setdefault(n, rule)
        return removed

    def _partial_edits(
        self, lines: TextLines, found: dict[int, _Found], removed: dict[int, Rule]
    ) -> list[Edit]:
        """Prefixes and suffixes of the lines that stay."""
        edits = []
        gone = sorted(removed)
        total = lines.nonblank - len(removed)
        for n in sorted(found):
            if n in removed:
                continue
            rank = lines.rank(n) - bisect.bisect_left(gone, n)
            content = lines.content[n]
            start = lines.start(n)
            cut_from = start + lines.lead(n)
            _, prefixes, suffixes = found[n].hits
            for rule, match in prefixes:
                if rule.scope != "prefix" or not self._shape_ok(rule, content):
                    continue
                if self._position_ok(rule, rank, total) and match.end() < len(content):
                    edits.append(_edit(rule, start, cut_from + match.end()))
                    cut_from += match.end()
                    break
            for rule, match in suffixes:
                if rule.scope != "suffix" or not self._shape_ok(rule, content):
                    continue
                begin = start + lines.lead(n) + match.start()
                if self._position_ok(rule, rank, total) and begin > cut_from:
                    edits.append(_edit(rule, begin, lines.end(n)))
                    break
        return edits


def _edit(rule: Rule, start: int, end: int) -> Edit:
    return Edit(start, end, "", rule.id, rule.category, rule.description)


def _cut_sentences(lines: TextLines, removed: dict[int, Rule]) -> set[int]:
    """Removed lines whose sentence goes on on the next line, which stays."""
    content = lines.content
    last = len(content) - 1
    return {
        n
        for n in removed
        if n < last and n + 1 not in removed and continues(content[n], content[n + 1])
    }


def _runs(matched: list[int], lines: TextLines) -> dict[int, int]:
    """For each matched line, the length of the run of consecutive matched non-blank lines."""
    runs: dict[int, int] = {}
    group: list[int] = []
    for number in [*matched, -1]:
        if group and (number == -1 or lines.rank(number) != lines.rank(group[-1]) + 1):
            for member in group:
                runs[member] = len(group)
            group = []
        if number != -1:
            group.append(number)
    return runs
