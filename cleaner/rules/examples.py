"""Every rule's own examples are its tests: ``remove`` must be removed, ``keep`` must not."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cleaner.rules.matcher import RuleSet
from cleaner.rules.model import Rule


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    rule: Rule
    kind: str
    example: str

    def __str__(self) -> str:
        verb = "is not removed" if self.kind == "remove" else "is removed but must be kept"
        return f"{self.rule.source}: rule {self.rule.id!r}: example {self.example!r} {verb}"


def removes(ruleset: RuleSet, rule: Rule, example: str) -> bool:
    """Whether ``rule`` takes something out of ``example``, with all of ``ruleset`` as context."""
    return any(edit.rule == rule.id and edit.changes_text for edit in ruleset.edits(example + "\n"))


def check_examples(
    ruleset: RuleSet, rules: Iterable[Rule] | None = None
) -> Iterator[ExampleFailure]:
    for rule in ruleset.rules if rules is None else rules:
        for example in rule.remove:
            if not removes(ruleset, rule, example):
                yield ExampleFailure(rule, "remove", example)
        for example in rule.keep:
            if removes(ruleset, rule, example):
                yield ExampleFailure(rule, "keep", example)
