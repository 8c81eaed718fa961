"""The passes. Importing this package registers every built-in pass by name, and the decoder."""

from cleaner.core.registry import Pass, create, register, registered
from cleaner.passes import (
    boilerplate,
    decode,
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
    "boilerplate",
    "create",
    "decode",
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
