"""``cleaner rules list`` and ``cleaner rules test``: the rules config selects, their examples."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cleaner.cli.options import _load_config, _rule_options
from cleaner.passes.rules import select_rules
from cleaner.rules import RuleError, RuleSet, expand_paths
from cleaner.rules.examples import check_examples


@click.group(name="rules")
def rules_group() -> None:
    """List the rules, or run their own examples as tests."""


@rules_group.command(name="list")
@click.option("--config", "config_path", type=click.Path(exists=True, path_type=Path))
@_rule_options
def rules_list(config_path: Path | None, **overrides: Any) -> None:
    """Print id, category, languages, scope and pattern of every rule config selects."""
    config = _load_config(config_path, None, overrides)
    try:
        rules = select_rules(**config.options.get("rules", {}))
    except (RuleError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    for rule in rules:
        shown = rule.pattern if rule.pattern is not None else " | ".join(rule.phrases)
        languages = ",".join(rule.languages) or "*"
        click.echo(f"{rule.id}\t{rule.category}\t{languages}\t{rule.scope}\t{shown}")


@rules_group.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def rules_test(paths: tuple[Path, ...]) -> None:
    """Run the examples of the rules in PATHS (default: the built-in packs)."""
    try:
        ruleset = RuleSet(select_rules(paths=paths))
    except (RuleError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    sources = {str(p) for p in expand_paths(paths)}
    tested = [r for r in ruleset.rules if not paths or r.source in sources]
    failures = list(check_examples(ruleset, tested))
    for failure in failures:
        click.echo(str(failure))
    examples = sum(len(r.remove) + len(r.keep) for r in tested)
    click.echo(f"{len(tested)} rules, {examples} examples, {len(failures)} failed", err=True)
    sys.exit(1 if failures else 0)
