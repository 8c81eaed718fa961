"""Applying many rules to a text at a cost that does not grow with the number of rules.

All whole-line patterns are one combined regular expression, all prefix
patterns another, all suffix patterns a third, and literal phrases a dict, so
a line is tested once per scope rather than once per rule. A hit is then
checked against its rule's context (line shape, position, neighbours).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from cleaner.edits import Edit
from cleaner.rules.model import Rule, fold

#: Suffix rules are tried on this many characters at the end of a line, so a
#: long paragraph costs no more than a short one.
SUFFIX_WINDOW = 160
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


def _combined(rules: Sequence[Rule], template: str) -> regex.Pattern[str] | None:
    if not rules:
        return None
    branches = [
        f"(?P<_rule{index}>(?{'i' if rule.ignore_case else ''}:{rule.pattern}))"
        for index, rule in enumerate(rules)
    ]
    return regex.compile(template.format("|".join(branches)))


class _Scope:
    """One combined pattern over a group of rules, falling back to single rules on a veto."""

    def __init__(self, rules: Sequence[Rule], template: str) -> None:
        self.rules = list(rules)
        self.combined = _combined(self.rules, template)
        self.single = [_combined([r], template) for r in self.rules]

    def hits(self, subject: str, method: str) -> Iterable[tuple[Rule, regex.Match[str]]]:
        """The first rule whose pattern matches, then the others only if asked for more."""
        if self.combined is None:
            return
        match = getattr(self.combined, method)(subject)
        if match is None:
            return
        first = next(i for i in range(len(self.rules)) if match.start(f"_rule{i}") >= 0)
        yield self.rules[first], match
        for index in range(first + 1, len(self.rules)):
            single = getattr(self.single[index], method)(subject)
            if single is not None:
                yield self.rules[index], single


class RuleSet:
    """Rules compiled once; ``edits(text)`` proposes the removals for one document."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        regex_rules = [r for r in self.rules if r.pattern is not None]
        self._whole = _Scope([r for r in regex_rules if r.matches_whole_line], "(?:{})")
        self._prefix = _Scope([r for r in regex_rules if r.scope == "prefix"], "(?:{})")
        self._suffix = _Scope([r for r in regex_rules if r.scope == "suffix"], r"(?:{})\s*\Z")
        self._phrases: dict[str, Rule] = {}
        for rule in self.rules:
            for phrase in rule.phrases:
                self._phrases.setdefault(fold(phrase), rule)
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

    def _whole_line_rule(self, line: Line, rank: int, total: int) -> Rule | None:
        candidates = []
        phrase_rule = self._phrases.get(fold(line.content))
        if phrase_rule is not None:
            candidates.append(phrase_rule)
        candidates.extend(rule for rule, _ in self._whole.hits(line.content, "fullmatch"))
        for rule in candidates:
            if self._shape_ok(rule, line) and self._position_ok(rule, rank, total):
                return rule
        return None

    # -- finding ---------------------------------------------------------------

    def edits(self, text: str) -> list[Edit]:
        lines = split_lines(text)
        content = [line for line in lines if not line.blank]
        total = len(content)
        hit: dict[int, Rule] = {}
        for rank, line in enumerate(content):
            rule = self._whole_line_rule(line, rank, total)
            if rule is not None:
                hit[line.number] = rule
        removed = self._resolve(lines, content, hit)
        edits = self._line_edits(text, lines, removed)
        edits.extend(self._partial_edits(content, removed, total))
        return edits

    def _resolve(
        self, lines: list[Line], content: list[Line], hit: dict[int, Rule]
    ) -> dict[int, Rule]:
        """Which lines go, and under which rule: runs, blocks and tails need their context."""
        removed: dict[int, Rule] = {}
        matched = [line.number for line in content if line.number in hit]
        runs = _runs(matched, content)
        for number, rule in hit.items():
            if rule.scope == "run" and runs.get(number, 0) < rule.min_run:
                continue
            if rule.scope == "tail":
                continue
            removed[number] = rule
            if rule.scope == "block":
                for line in lines[number + 1 :]:
                    if line.blank:
                        break
                    removed.setdefault(line.number, rule)
        for number in sorted(n for n, r in hit.items() if r.scope == "tail"):
            rule = hit[number]
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

    def _line_edits(self, text: str, lines: list[Line], removed: dict[int, Rule]) -> list[Edit]:
        """One edit per removed line, each taking a blank line that would be left doubled."""
        spans: dict[int, list[int]] = {}
        for number in removed:
            line = lines[number]
            spans[number] = [line.start, min(line.end + 1, len(text))]
        kept_any, last_kept_blank, pending_blank = False, False, None
        for line in lines:
            if line.number in removed:
                continue
            if line.blank:
                redundant = not kept_any or last_kept_blank
                if redundant and line.number - 1 in spans:
                    spans[line.number - 1][1] = min(line.end + 1, len(text))
                    continue
                if redundant and line.number + 1 in spans:
                    spans[line.number + 1][0] = line.start
                    continue
                last_kept_blank, pending_blank = True, line
            else:
                kept_any, last_kept_blank, pending_blank = True, False, None
        if pending_blank is not None and pending_blank.number + 1 in spans:
            spans[pending_blank.number + 1][0] = pending_blank.start
        return [
            Edit(start, end, "", removed[n].id, removed[n].category, removed[n].description)
            for n, (start, end) in sorted(spans.items())
        ]

    def _partial_edits(
        self, content: list[Line], removed: dict[int, Rule], total: int
    ) -> list[Edit]:
        edits = []
        for rank, line in enumerate(content):
            if line.number in removed:
                continue
            cut_from = line.start + line.lead
            for rule, match in self._prefix.hits(line.content, "match"):
                if self._position_ok(rule, rank, total) and match.end() < len(line.content):
                    edits.append(_edit(rule, line.start, cut_from + match.end()))
                    cut_from += match.end()
                    break
            window = max(0, len(line.content) - SUFFIX_WINDOW)
            for rule, match in self._suffix.hits(line.content[window:], "search"):
                begin = line.start + line.lead + window + match.start()
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
