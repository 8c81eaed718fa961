"""The passes. Importing this package registers every built-in pass by name."""

from cleaner.passes import frontmatter, normalize, repair, rules
from cleaner.passes.base import Pass, create, register, registered

__all__ = [
    "Pass",
    "create",
    "frontmatter",
    "normalize",
    "register",
    "registered",
    "repair",
    "rules",
]
