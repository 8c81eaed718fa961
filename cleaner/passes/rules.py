"""rules: remove boilerplate lines and line parts that the rule packs describe."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.registry import register
from cleaner.rules import Rule, RuleSet, builtin_rule_files, expand_paths, load_rules
from cleaner.rules.limits import DEFAULT_TIMEOUT_MS


def select_rules(
    *,
    builtin: bool = True,
    paths: Sequence[str | Path] = (),
    categories: Sequence[str] | None = None,
    disable_categories: Sequence[str] = (),
    disable: Sequence[str] = (),
    languages: Sequence[str] | None = None,
) -> list[Rule]:
    """The rules config asks for: built-in and extra packs, less what it switches off.

    A rule without ``languages`` applies to every language; ``languages``
    limits the others to those named.
    """
    files = (builtin_rule_files() if builtin else []) + expand_paths(Path(p) for p in paths)
    rules = list(load_rules(files))
    _refuse_unknown(rules, [*(categories or ()), *disable_categories], disable)
    return [
        rule
        for rule in rules
        if (categories is None or rule.category in categories)
        and rule.category not in disable_categories
        and rule.id not in disable
        and (languages is None or not rule.languages or set(rule.languages) & set(languages))
    ]


def _refuse_unknown(rules: list[Rule], categories: Sequence[str], ids: Sequence[str]) -> None:
    """A category or rule id that no rule has is a typo, never silently nothing: say which
    values there are (every category; for ids, the closest and where to see them all)."""
    known_categories = sorted({rule.category for rule in rules})
    for category in categories:
        if category not in known_categories:
            raise ValueError(
                f"unknown rule category {category!r} "
                f"(known categories: {', '.join(known_categories)})"
            )
    known_ids = {rule.id for rule in rules}
    for rule_id in ids:
        if rule_id not in known_ids:
            close = difflib.get_close_matches(rule_id, sorted(known_ids), n=3)
            hint = f"did you mean {' or '.join(close)}? " if close else ""
            raise ValueError(
                f"unknown rule {rule_id!r} ({hint}'cleaner rules list' shows every rule)"
            )


@register("rules")
class Rules:
    """Boilerplate removal by rule packs. Options are those of :func:`select_rules`, and
    ``timeout_ms``: how long one rule may take on one line before it is skipped for the
    rest of the document and flagged (category ``limits``)."""

    name: ClassVar[str] = "rules"
    #: Its verdicts depend on other lines (positions, runs, tails): see ``Pipeline.run``.
    reads_context: ClassVar[bool] = True

    def __init__(
        self,
        *,
        builtin: bool = True,
        paths: Sequence[str | Path] = (),
        categories: Sequence[str] | None = None,
        disable_categories: Sequence[str] = (),
        disable: Sequence[str] = (),
        languages: Sequence[str] | None = None,
        timeout_ms: float = DEFAULT_TIMEOUT_MS,
    ) -> None:
        # Named one by one, so that a misspelt option is refused without building the pass.
        chosen = select_rules(
            builtin=builtin,
            paths=paths,
            categories=categories,
            disable_categories=disable_categories,
            disable=disable,
            languages=languages,
        )
        self.ruleset = RuleSet(chosen, timeout_ms=timeout_ms)

    def edits(self, doc: Document) -> list[Edit]:
        return self.ruleset.edits(doc.view, doc.budget)
