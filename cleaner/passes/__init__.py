"""The passes. Importing this package registers every built-in pass by name."""

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
from cleaner.passes.base import Pass, create, register, registered

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
