"""``cleaner config`` and ``cleaner passes``: the effective configuration, the passes it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cleaner.cli.options import (
    _limit_and_field_options,
    _load_config,
    _rule_options,
    _safety_options,
)
from cleaner.core import registry
from cleaner.core.config import Config, to_toml
from cleaner.passes import registered
from cleaner.passes.decode import Decode
from cleaner.passes.rules import select_rules


def effective(config: Config) -> dict[str, Any]:
    """Every setting in force, defaults included, as a TOML-shaped table."""
    table: dict[str, Any] = {
        "passes": list(config.passes),
        "max_removed_share": config.safety.max_removed_share,
        "on_excess": config.safety.on_excess,
        "max_bytes": config.limits.max_bytes,
        "max_seconds": config.limits.max_seconds,
        "text_field": config.text_field,
        "id_field": config.id_field,
    }
    for name in config.passes:
        # decode is not a registered pass, and the rules pass takes select_rules' options
        factory = {"decode": Decode, "rules": select_rules}.get(name) or registry.factory_of(name)
        table[name] = {**registry.defaults(factory), **config.options.get(name, {})}
    return table


@click.command(name="config")
@click.option("--config", "config_path", type=click.Path(exists=True, path_type=Path))
@click.option("--passes", help="As for clean: run only these passes.")
@_rule_options
@_safety_options
@_limit_and_field_options
def show_config(config_path: Path | None, passes: str | None, **overrides: Any) -> None:
    """Print the effective configuration: file found (or named), flags over it, defaults."""
    config = _load_config(config_path, passes, overrides)
    click.echo(f"# effective configuration; from {config.origin or 'defaults (no config file)'}")
    click.echo(to_toml(effective(config)), nl=False)


@click.command(name="passes")
def list_passes() -> None:
    """List the passes that config and --passes can name."""
    for name in ["decode", *registered()]:
        click.echo(name)
