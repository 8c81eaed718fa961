"""Which passes run, in what order, with what options: one immutable value.

Read from ``cleaner.toml`` (top level) or ``[tool.cleaner]`` in
``pyproject.toml``; CLI flags override it. Unknown keys are errors, never
silently ignored.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cleaner.pipeline import DEFAULT_PASSES, Pipeline

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(ValueError):
    """A configuration file or value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Config:
    """``passes``: pass names in order. ``options``: per pass name, its keyword options."""

    passes: tuple[str, ...] = DEFAULT_PASSES
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def with_passes(self, passes: tuple[str, ...]) -> Config:
        kept = {name: value for name, value in self.options.items() if name in passes}
        return replace(self, passes=passes, options=kept)

    def pipeline(self) -> Pipeline:
        return Pipeline(self.passes, self.options)

    @classmethod
    def from_mapping(cls, table: dict[str, Any], origin: str) -> Config:
        table = dict(table)
        passes = table.pop("passes", list(DEFAULT_PASSES))
        if not isinstance(passes, list) or not all(isinstance(p, str) for p in passes):
            raise ConfigError(f"{origin}: 'passes' must be a list of pass names")
        options = {}
        for name, value in table.items():
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: unknown setting {name!r}")
            options[name] = value
        config = cls(tuple(passes), options)
        try:
            config.pipeline()
        except ValueError as error:
            raise ConfigError(f"{origin}: {error}") from None
        return config

    @classmethod
    def from_file(cls, path: Path) -> Config:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: {error}") from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("cleaner", {})
        return cls.from_mapping(data, str(path))
