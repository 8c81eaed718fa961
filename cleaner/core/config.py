"""Which passes run, in what order, with what options: one immutable value.

Found the way linters find theirs: ``cleaner.toml`` (top level) or
``[tool.cleaner]`` in ``pyproject.toml``, in the current folder or the
nearest folder above it; CLI flags override it. Unknown keys are errors,
never silently ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from cleaner.core import registry
from cleaner.core.limits import Limits
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline
from cleaner.core.safety import SafetyValve
from cleaner.core.tomlcompat import tomllib

#: Field names datatrove and Dolma use; configurable as ``text_field``/``id_field``.
DEFAULT_TEXT_FIELD = "text"
DEFAULT_ID_FIELD = "id"


class ConfigError(ValueError):
    """A configuration file or value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Config:
    """``passes``: pass names in order. ``options``: per pass name, its keyword options.
    ``safety``: the share of words removals may take, and what happens beyond it.
    ``limits``: per-document size and time bounds. ``text_field``/``id_field``:
    where JSON Lines and Parquet documents keep their text and id. ``origin``:
    the file it came from, if any.
    """

    passes: tuple[str, ...] = DEFAULT_PASSES
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    safety: SafetyValve = field(default_factory=SafetyValve)
    limits: Limits = field(default_factory=Limits)
    text_field: str = DEFAULT_TEXT_FIELD
    id_field: str = DEFAULT_ID_FIELD
    origin: str | None = None

    @property
    def fields(self) -> tuple[str, str]:
        """The text and id field names of JSON Lines and Parquet documents."""
        return self.text_field, self.id_field

    def with_passes(self, passes: tuple[str, ...]) -> Config:
        kept = {name: value for name, value in self.options.items() if name in passes}
        return replace(self, passes=passes, options=kept)

    def with_options(self, name: str, **values: Any) -> Config:
        """A copy with ``values`` merged into pass ``name``'s options."""
        merged = {**self.options, name: {**self.options.get(name, {}), **values}}
        return replace(self, options=merged)

    def pipeline(self) -> Pipeline:
        return Pipeline(self.passes, self.options, self.safety)

    def check(self) -> None:
        """Refuse unknown passes and option names, without building (and so compiling) them."""
        Pipeline.check(self.passes, self.options)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with the passes of your own that it names, so a worker knows them too."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        return (_unpickle, (registry.foreign(self.passes), state))

    @classmethod
    def from_mapping(
        cls, table: dict[str, Any], origin: str, base: Path | None = None, validate: bool = True
    ) -> Config:
        """Build from a TOML table; relative rule paths are taken from ``base``.

        ``validate=False`` skips building the pipeline, which compiles every
        rule; a bad option then shows when the pipeline is first built.
        """
        table = dict(table)
        passes = table.pop("passes", list(DEFAULT_PASSES))
        if not isinstance(passes, list) or not all(isinstance(p, str) for p in passes):
            raise ConfigError(f"{origin}: 'passes' must be a list of pass names")
        safety_values = {k: table.pop(k) for k in ("max_removed_share", "on_excess") if k in table}
        limit_values = {k: table.pop(k) for k in ("max_bytes", "max_seconds") if k in table}
        fields = {k: table.pop(k) for k in ("text_field", "id_field") if k in table}
        if not all(isinstance(v, str) and v for v in fields.values()):
            raise ConfigError(f"{origin}: 'text_field' and 'id_field' must be field names")
        options = {}
        for name, value in table.items():
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: unknown setting {name!r}")
            options[name] = value
        if base is not None and "paths" in options.get("rules", {}):
            options["rules"]["paths"] = [str(base / p) for p in options["rules"]["paths"]]
        try:
            config = cls(
                tuple(passes),
                options,
                SafetyValve(**safety_values),
                Limits(**limit_values),
                origin=origin,
                **fields,
            )
            if validate:
                config.pipeline()
        except (ValueError, TypeError) as error:
            raise ConfigError(f"{origin}: {error}") from None
        return config

    @classmethod
    def from_file(cls, path: Path, validate: bool = True) -> Config:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: {error}") from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("cleaner", {})
        return cls.from_mapping(data, str(path), path.parent, validate)


def _unpickle(factories: dict[str, registry.PassFactory], state: dict[str, Any]) -> Config:
    registry.adopt(factories)
    return Config(**state)


def to_toml(table: dict[str, Any]) -> str:
    """``table`` as TOML that ``Config.from_file`` reads back; unset values are comments."""
    lines: list[str] = []
    sections = [(k, v) for k, v in table.items() if isinstance(v, dict)]
    for key, value in table.items():
        if not isinstance(value, dict):
            lines.append(_toml_line(key, value))
    for name, section in sections:
        lines += ["", f"[{name}]", *(_toml_line(k, v) for k, v in section.items())]
    return "\n".join(lines) + "\n"


def _toml_line(key: str, value: Any) -> str:
    return f"# {key} is not set" if value is None else f"{key} = {_toml_value(value)}"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string is JSON's
    if isinstance(value, list | tuple | frozenset | set):
        items = sorted(value) if isinstance(value, frozenset | set) else value
        return "[" + ", ".join(_toml_value(item) for item in items) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def find_config_file(start: Path) -> Path | None:
    """The nearest ``cleaner.toml``, or ``pyproject.toml`` with ``[tool.cleaner]``, upwards."""
    for folder in [start, *start.parents]:
        candidate = folder / "cleaner.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "cleaner" in data.get("tool", {}):
                return pyproject
    return None


def load_config(
    explicit: Path | None = None, start: Path | None = None, validate: bool = True
) -> Config:
    """The config named on the command line, else the nearest one found, else the defaults."""
    path = explicit or find_config_file((start or Path.cwd()).resolve())
    return Config.from_file(path, validate) if path else Config()
