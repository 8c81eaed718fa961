"""What every command shares: the error line, config with the flags over it, option groups.

Command modules import from here and this module imports none of them, so nothing in
the command line imports back up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from cleaner.core.config import Config, ConfigError, load_config
from cleaner.core.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS


def _error(message: str) -> None:
    click.echo(f"cleaner: error: {message}", err=True)


def _load_config(
    path: Path | None, passes: str | None, overrides: dict[str, Any], validate: bool = True
) -> Config:
    """Config file (named or found), then the command line's flags over it.

    ``validate=False`` leaves building the pipeline (and so finding a bad
    option) to the caller: ``check`` needs none when every file is cached.
    """
    try:
        config = load_config(path, validate=validate)
        if passes:
            config = config.with_passes(tuple(p.strip() for p in passes.split(",") if p.strip()))
        rule_options = {k: v for k, v in overrides.items() if k in _RULE_FLAGS and v}
        if rule_options and "rules" in config.passes:
            current = config.options.get("rules", {})
            for key, value in rule_options.items():
                rule_options[key] = [*current.get(key, []), *map(str, value)]
            config = config.with_options("rules", **rule_options)
        safety = {k: v for k, v in overrides.items() if k in _SAFETY_FLAGS and v is not None}
        if safety:
            config = replace(config, safety=replace(config.safety, **safety))
        limits = {k: v or None for k, v in overrides.items() if k in _LIMIT_FLAGS and v is not None}
        if limits:
            config = replace(config, limits=replace(config.limits, **limits))
        fields = {k: v for k, v in overrides.items() if k in _FIELD_FLAGS and v}
        if fields:
            config = replace(config, **fields)
        if validate:
            config.pipeline()
    except (ConfigError, ValueError) as error:
        raise click.UsageError(str(error)) from None
    return config


_RULE_FLAGS = ("paths", "disable_categories", "disable")
_SAFETY_FLAGS = ("max_removed_share", "on_excess")
_LIMIT_FLAGS = ("max_bytes", "max_seconds")
_FIELD_FLAGS = ("text_field", "id_field")


def _options(*options: Callable[[Callable[..., None]], Callable[..., None]]) -> Callable:
    """One decorator applying several click options, listed in the order --help shows them."""

    def apply(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


#: Per-document bounds and the JSON field names, for commands that clean corpora.
_limit_and_field_options = _options(
    click.option(
        "--max-bytes",
        type=click.IntRange(0),
        help=f"Documents larger than this are not cleaned (default {DEFAULT_MAX_BYTES:,}"
        "; 0: no limit).",
    ),
    click.option(
        "--max-seconds",
        type=click.FloatRange(0),
        help=f"Stop a document's passes after this long (default {DEFAULT_MAX_SECONDS:g}"
        "; 0: no limit).",
    ),
    click.option("--text-field", help="JSON Lines/Parquet field with the text ('text')."),
    click.option("--id-field", help="JSON Lines/Parquet field with the id ('id')."),
)


#: The flags that choose rules, shared by clean, config, check and rules list.
_rule_options = _options(
    click.option(
        "--rules",
        "paths",
        multiple=True,
        type=click.Path(exists=True),
        help="Add a rule file or folder (repeatable).",
    ),
    click.option(
        "--disable-category",
        "disable_categories",
        multiple=True,
        help="Switch off a rule category, e.g. nav (repeatable).",
    ),
    click.option(
        "--disable-rule",
        "disable",
        multiple=True,
        help="Switch off one rule by id (repeatable).",
    ),
)

#: The safety valve's flags, shared by clean and config.
_safety_options = _options(
    click.option(
        "--max-removed-share",
        type=click.FloatRange(0, 1, min_open=True),
        help="Flag documents losing more than this share of their words (default 0.4).",
    ),
    click.option(
        "--on-excess",
        type=click.Choice(["flag", "keep"]),
        help="Beyond that share: remove and flag, or keep the document unchanged.",
    ),
)


def _verbosity(quiet: bool, verbose: bool) -> int:
    """-q and -v as one number: -1 quiet, 0 as usual, 1 verbose."""
    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose exclude each other")
    return -1 if quiet else int(verbose)


#: -q (errors only) and -v (a line per file too), for ``_verbosity``.
_verbosity_options = _options(
    click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
    click.option("-v", "--verbose", is_flag=True, help="Also print a line for each file."),
)
