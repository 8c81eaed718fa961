"""Reading rule packs (TOML) and refusing malformed ones with a message naming file and rule."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from cleaner.core.tomlcompat import tomllib
from cleaner.rules import diskcache
from cleaner.rules.model import ANCHORS, POSITIONS, SCOPES, Rule

_FIELDS = {
    "id": str,
    "category": str,
    "scope": str,
    "pattern": str,
    "phrases": list,
    "ignore_case": bool,
    "languages": list,
    "reason": str,
    "max_words": int,
    "no_sentence_end": bool,
    "position": str,
    "within": int,
    "min_run": int,
    "follow": str,
    "anchor": str,
    "remove": list,
    "keep": list,
}
_ID = regex.compile(r"[a-z0-9][a-z0-9_.-]*")


class RuleError(ValueError):
    """A rule file or rule that cannot be used."""


def builtin_rule_files() -> list[Path]:
    """The packs shipped with cleaner (``rules/`` at the top of the repository)."""
    folder = resources.files("cleaner.builtin_rules")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Rule files named directly, and the ``*.toml`` files of named folders, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.toml")))
        elif path.exists():
            files.append(path)
        else:
            raise RuleError(f"{path}: no such rule file or folder")
    return files


def _problem(source: str, rule_id: str, message: str) -> RuleError:
    return RuleError(f"{source}: rule {rule_id!r}: {message}")


def _strings(source: str, rule_id: str, name: str, value: list[Any]) -> tuple[str, ...]:
    if not all(isinstance(item, str) for item in value):
        raise _problem(source, rule_id, f"'{name}' must be a list of strings")
    return tuple(value)


def _rule(source: str, index: int, table: dict[str, Any], compiles: bool = False) -> Rule:
    """The rule of one table, validated; ``compiles``: its patterns are known to compile."""
    rule_id = table.get("id", f"#{index + 1}")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise _problem(source, str(rule_id), "'id' must be lower-case letters, digits, . _ -")
    for name, value in table.items():
        expected = _FIELDS.get(name)
        if expected is None:
            raise _problem(source, rule_id, f"unknown field {name!r}")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise _problem(source, rule_id, f"'{name}' must be a {expected.__name__}")
    for required in ("category", "scope"):
        if required not in table:
            raise _problem(source, rule_id, f"'{required}' is missing")
    if table["scope"] not in SCOPES:
        raise _problem(source, rule_id, f"scope {table['scope']!r} is not one of {SCOPES}")
    if table.get("position", "any") not in POSITIONS:
        raise _problem(source, rule_id, f"position must be one of {POSITIONS}")
    if table.get("anchor", "whole") not in ANCHORS:
        raise _problem(source, rule_id, f"anchor must be one of {ANCHORS}")
    if "anchor" in table and table["scope"] in ("prefix", "suffix"):
        raise _problem(source, rule_id, "prefix and suffix rules are anchored by their scope")
    if ("pattern" in table) == ("phrases" in table):
        raise _problem(source, rule_id, "give exactly one of 'pattern' and 'phrases'")
    if "phrases" in table and table["scope"] in ("prefix", "suffix"):
        raise _problem(
            source, rule_id, "phrases match whole lines; use a pattern for prefix/suffix"
        )
    for name in ("pattern", "follow"):
        if name in table and not compiles:
            try:
                regex.compile(table[name])
            except regex.error as error:
                raise _problem(source, rule_id, f"bad {name}: {error}") from None
    lists = {
        name: _strings(source, rule_id, name, table[name])
        for name in ("phrases", "languages", "remove", "keep")
        if name in table
    }
    if not lists.get("remove"):
        raise _problem(source, rule_id, "needs at least one 'remove' example")
    return Rule(**{**table, **lists, "source": source})


def load_file(path: Path) -> list[Rule]:
    """Every rule of one pack, validated.

    Compiling each pattern to check it takes most of the time, so a pack whose
    bytes were loaded before (under the same regex module and Python) is not
    compiled again: the cache folder remembers it (:mod:`cleaner.rules.diskcache`).
    """
    try:
        raw = path.read_bytes()
        # Newlines translated as read_text translates them, so patterns read the same.
        data = tomllib.loads(raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RuleError(f"{path}: {error}") from None
    unknown = set(data) - {"rule", "pack"}
    if unknown:
        raise RuleError(f"{path}: unknown top-level key(s) {sorted(unknown)}; rules go in [[rule]]")
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise RuleError(f"{path}: 'rule' must be an array of tables ([[rule]])")
    key = diskcache.key_of([raw])
    compiles = diskcache.read(_COMPILES, key) is True
    rules = [_rule(str(path), index, table, compiles) for index, table in enumerate(tables)]
    if not compiles:
        diskcache.save(_COMPILES, key, True)
    return rules


#: Kind of the cache files that say a pack's patterns compile.
_COMPILES = "rule-pack-compiles"


def load_rules(files: Iterable[Path]) -> Iterator[Rule]:
    """Rules of all files in order; an id used twice is an error naming both files."""
    seen: dict[str, str] = {}
    for path in files:
        for rule in load_file(path):
            if rule.id in seen:
                raise _problem(rule.source, rule.id, f"id already used in {seen[rule.id]}")
            seen[rule.id] = rule.source
            yield rule
