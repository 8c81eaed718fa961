"""Boilerplate rules as data: the model, the loader and the matcher."""

from cleaner.rules.loader import RuleError, builtin_rule_files, expand_paths, load_rules
from cleaner.rules.matcher import RuleSet
from cleaner.rules.model import SCOPES, Rule

__all__ = [
    "SCOPES",
    "Rule",
    "RuleError",
    "RuleSet",
    "builtin_rule_files",
    "expand_paths",
    "load_rules",
]
