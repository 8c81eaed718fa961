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
from cleaner.core.config import effective, to_toml
from cleaner.passes import registered


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
