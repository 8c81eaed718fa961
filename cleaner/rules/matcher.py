"""Applying many rules to a text at a cost that does not grow with the number of rules.

Rules are grouped by what part of a line they match (all of it, its start, its
end); each group is one combined regular expression, narrowed per first
character of the line to the rules that can start that way, and literal
phrases are a dict. A line is tested once per group rather than once per
rule; a hit is then checked against its rule's context (line shape, position,
neighbours). bench/rules_scaling.py measures it.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick
import regex

from cleaner.edits import Edit
from cleaner.rules.firstchar import first_chars, lookup_keys, required_literals
from cleaner.rules.model import ANCHORS, Rule, fold

#: Upper bounds of the word-count buckets lines are sorted into; a rule with
#: ``max_words`` is only tried on lines of a bucket it can fit.
WORD_BUCKETS = (4, 8, 16, 32, 64, 128)
_SENTENCE_END = regex.compile(r"[.!?:;,…]['\"“”’»«)]*\Z")


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
    lines = []
    position = 0
    for number, raw in enumerate(text.split("\n")):
        stripped = raw.lstrip()
        lines.append(
            Line(number, position, position + len(raw), stripped.rstrip(), len(raw) - len(stripped))
        )
        position += len(raw) + 1
    if lines and lines[-1].start == len(text):
        lines.pop()  # the empty piece after a final newline is not a line
    return lines


def _alternation(rules: Sequence[Rule], named: bool = True) -> str:
    """All patterns as one alternation; with ``named``, each branch is a group that
    says whose it is. Groups cost the regex module time on every call, so a test
    that only asks whether anything matches goes without."""
    return "|".join(
        (f"(?P<_rule{index}>" if named else "(?:")
        + f"(?{'i' if rule.ignore_case else ''}:{rule.pattern}))"
        for index, rule in enumerate(rules)
    )


class _Scope:
    """The rules of one anchor, and the indexes that decide which of them a line meets.

    ``method`` is how a line is tested: ``fullmatch``, ``match`` or ``search``.
    A line meets only the rules that can start with its first character (not
    for end-anchored rules, matched backwards), whose ``max_words`` its length
    fits (by buckets of words), and whose required strings it contains (one
    Aho-Corasick pass over the line finds them all). ``combined`` tells which
    rule matched first, for the lines that did.
    """

    def __init__(self, rules: Sequence[Rule], template: str, method: str) -> None:
        self.rules = list(rules)
        self.template = template
        self.method = method
        self.combined = self._compile(range(len(self.rules)))
        self.single = [self._compile([i]) for i in range(len(self.rules))]
        # Each rule is tried on its own: the regex module checks a single pattern's
        # required strings before matching, which it cannot do for an alternation.
        self._tests = [getattr(pattern, method) for pattern in self.single]
        self._anywhere: set[int] = set()
        self._by_first: dict[str, set[int]] = defaultdict(set)
        for index, rule in enumerate(self.rules):
            chars = (
                None if method == "search" else first_chars(rule.pattern or "", rule.ignore_case)
            )
            if chars is None:
                self._anywhere.add(index)
            for char in chars or ():
                self._by_first[char].add(index)
        self._needy: set[int] = set()
        self._needed = ahocorasick.Automaton()
        for index, rule in enumerate(self.rules):
            for needed in required_literals(rule.pattern or "") or ():
                self._needy.add(index)
                if needed not in self._needed:
                    self._needed.add_word(needed, set())
                self._needed.get(needed).add(index)
        if self._needy:
            self._needed.make_automaton()
        self._bounded = any(rule.max_words is not None for rule in self.rules)
        self._for_key: dict[tuple[str, int], tuple[list[int], set[int]]] = {}

    def _compile(self, indices: Iterable[int], named: bool = True) -> regex.Pattern[str] | None:
        chosen = [self.rules[i] for i in indices]
        return regex.compile(self.template.format(_alternation(chosen, named))) if chosen else None

    def may_match(self, line: str) -> bool:
        """Whether some rule of this scope matches ``line`` (stripped, not empty)."""
        bucket = bisect.bisect_left(WORD_BUCKETS, len(line.split())) if self._bounded else 0
        key = (line[0], bucket)
        split = self._for_key.get(key)
        if split is None:
            split = self._for_key[key] = self._candidates(line[0], bucket)
        always, needy = split
        tests = self._tests
        for index in always:
            if tests[index](line) is not None:
                return True
        if needy:
            for _, indices in self._needed.iter(line.casefold()):
                for index in indices & needy:
                    if tests[index](line) is not None:
                        return True
        return False

    def _candidates(self, char: str, bucket: int) -> tuple[list[int], set[int]]:
        """The rules a line of this first character and size may meet: those to try
        always, and those to try only when the line holds one of their strings."""
        fewest_words = WORD_BUCKETS[bucket - 1] + 1 if bucket else 0
        starting = set(self._anywhere)
        for key in lookup_keys(char):
            starting |= self._by_first.get(key, set())
        fitting = {i for i in starting if (self.rules[i].max_words or fewest_words) >= fewest_words}
        return sorted(fitting - self._needy), fitting & self._needy

    def hits(self, subject: str) -> Iterable[tuple[Rule, regex.Match[str]]]:
        """The first rule whose pattern matches, then the others only if asked for more."""
        if self.combined is None:
            return
        match = getattr(self.combined, self.method)(subject)
        if match is None:
            return
        first = next(i for i in range(len(self.rules)) if match.start(f"_rule{i}") >= 0)
        yield self.rules[first], match
        for index in range(first + 1, len(self.rules)):
            single = getattr(self.single[index], self.method)(subject)
            if single is not None:
                yield self.rules[index], single


class RuleSet:
    """Rules compiled once; ``edits(text)`` proposes the removals for one document.

    A line is tested once per anchor (whole, start, end) against the combined
    pattern of the rules that can start like it, and once against the phrase
    dict; only lines where something matched are looked at further.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        regex_rules = [r for r in self.rules if r.pattern is not None]
        by_anchor = {a: [r for r in regex_rules if r.match_anchor == a] for a in ANCHORS}
        self._whole = _Scope(by_anchor["whole"], "(?:{})", "fullmatch")
        self._start = _Scope(by_anchor["start"], "(?:{})", "match")
        # End-anchored patterns match backwards from the end of the line (the
        # regex module's reverse mode): one real attempt per line instead of one
        # per character, as a forward search for a pattern anchored at the end takes.
        self._end = _Scope(by_anchor["end"], r"(?r)(?:{})[^\S\n]*\Z", "search")
        self._scopes = (self._whole, self._start, self._end)
        self._phrases: dict[str, Rule] = {}
        for rule in self.rules:
            for phrase in rule.phrases:
                self._phrases.setdefault(fold(phrase), rule)
        # Folding never makes a line more than three times longer; a line longer
        # than that bound cannot be one of the phrases.
        self._phrase_bound = 3 * max(map(len, self._phrases), default=-1)
        self._follow = {r.id: regex.compile(r.follow) for r in self.rules if r.follow}

    # -- context ---------------------------------------------------------------

    @staticmethod
    def _shape_ok(rule: Rule, line: Line) -> bool:
        if rule.max_words is not None and len(line.content.split()) > rule.max_words:
            return False
        return not (rule.no_sentence_end and _SENTENCE_END.search(line.content))

    @staticmethod
    def _position_ok(rule: Rule, rank: int, total: int) -> bool:
        """``rank``: index of the line among non-blank lines; ``total``: their number."""
        if rule.position == "head":
            return rank < rule.within
        if rule.position == "tail":
            return total - rank <= rule.within
        return True

    def _line_rules(self, line: Line) -> list[Rule]:
        """Rules matching the whole line and its shape, in pack order (phrases first)."""
        candidates = []
        phrase_rule = self._phrases.get(fold(line.content))
        if phrase_rule is not None:
            candidates.append(phrase_rule)
        for scope in self._scopes:
            candidates.extend(
                rule for rule, _ in scope.hits(line.content) if rule.matches_whole_line
            )
        return [rule for rule in candidates if self._shape_ok(rule, line)]

    # -- finding ---------------------------------------------------------------

    def _candidate_lines(self, text: str) -> set[int]:
        """Offsets of line starts where some rule may apply."""
        starts: set[int] = set()
        phrases, bound, scopes = self._phrases, self._phrase_bound, self._scopes
        position = 0
        for raw in text.split("\n"):
            content = raw.strip()
            if content and (
                (len(content) <= bound and fold(content) in phrases)
                or any(scope.may_match(content) for scope in scopes)
            ):
                starts.add(position)
            position += len(raw) + 1
        return starts

    def edits(self, text: str) -> list[Edit]:
        candidates = self._candidate_lines(text)
        if not candidates:
            return []
        lines = split_lines(text)
        content = [line for line in lines if not line.blank]
        matching = {
            line.number: rules
            for line in content
            if line.start in candidates and (rules := self._line_rules(line))
        }
        removed: dict[int, Rule] = {}
        while True:
            # Positions count only the lines that stay: removing a line moves the
            # next one up into the head, and the result must not change when
            # the output is cleaned again. Removals only grow, so this ends.
            kept = [line for line in content if line.number not in removed]
            hits = {n: [rule] for n, rule in removed.items() if n in matching}
            for rank, line in enumerate(kept):
                rules = [
                    r
                    for r in matching.get(line.number, ())
                    if self._position_ok(r, rank, len(kept))
                ]
                if rules:
                    hits[line.number] = rules
            resolved = self._resolve(lines, content, hits)
            if len(resolved) == len(removed):
                break
            removed = resolved
        edits = [
            _edit(rule, lines[n].start, min(lines[n].end + 1, len(text)))
            for n, rule in sorted(removed.items())
        ]
        kept = [line for line in content if line.number not in removed]
        edits.extend(self._partial_edits(kept, candidates))
        return edits

    def _resolve(
        self, lines: list[Line], content: list[Line], hits: dict[int, list[Rule]]
    ) -> dict[int, Rule]:
        """Which lines go, and under which rule: the first of a line's rules whose
        context holds (runs need neighbours, tails need boilerplate after them)."""
        removed: dict[int, Rule] = {}
        runs = _runs([line.number for line in content if line.number in hits], content)
        tails: list[tuple[int, Rule]] = []
        for number, rules in hits.items():
            for rule in rules:
                if rule.scope == "tail":
                    tails.append((number, rule))
                elif rule.scope != "run" or runs[number] >= rule.min_run:
                    removed[number] = rule
                    break
        for number, rule in list(removed.items()):
            if rule.scope == "block":
                for line in lines[number + 1 :]:
                    if line.blank:
                        break
                    removed.setdefault(line.number, rule)
        for number, rule in sorted(tails, key=lambda item: item[0]):
            follow = self._follow.get(rule.id)
            rest = [line for line in content if line.number > number]
            if all(
                line.number in removed or (follow is not None and follow.search(line.content))
                for line in rest
            ):
                removed[number] = rule
                for line in rest:
                    removed.setdefault(line.number, rule)
                break
        return removed

    def _partial_edits(self, kept: list[Line], candidates: set[int]) -> list[Edit]:
        """Prefixes and suffixes of the lines that stay."""
        edits = []
        total = len(kept)
        for rank, line in enumerate(kept):
            if line.start not in candidates:
                continue
            cut_from = line.start + line.lead
            for rule, match in self._start.hits(line.content):
                if rule.scope != "prefix":
                    continue
                if self._position_ok(rule, rank, total) and match.end() < len(line.content):
                    edits.append(_edit(rule, line.start, cut_from + match.end()))
                    cut_from += match.end()
                    break
            for rule, match in self._end.hits(line.content):
                if rule.scope != "suffix":
                    continue
                begin = line.start + line.lead + match.start()
                if self._position_ok(rule, rank, total) and begin > cut_from:
                    edits.append(_edit(rule, begin, line.end))
                    break
        return edits


def _edit(rule: Rule, start: int, end: int) -> Edit:
    return Edit(start, end, "", rule.id, rule.category, rule.description)


def _runs(matched: list[int], content: list[Line]) -> dict[int, int]:
    """For each matched line, the length of the run of consecutive matched non-blank lines."""
    order = {line.number: rank for rank, line in enumerate(content)}
    runs: dict[int, int] = {}
    group: list[int] = []
    for number in [*matched, -1]:
        if group and (number == -1 or order[number] != order[group[-1]] + 1):
            for member in group:
                runs[member] = len(group)
            group = []
        if number != -1:
            group.append(number)
    return runs
