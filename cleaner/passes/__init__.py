"""The passes. Importing this package registers every built-in pass by name."""

from cleaner.core.registry import Pass, create, register, registered
from cleaner.passes import (
    duplicates,
    frontmatter,
    html,
    markup,
    normalize,
    offtopic,
    repair,
    rules,
)

__all__ = [
    "Pass",
    "create",
    "duplicates",
    "frontmatter",
    "html",
    "markup",
    "normalize",
    "offtopic",
    "register",
    "registered",
    "repair",
    "rules",
]
