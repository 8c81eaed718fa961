"""frontmatter: recognise YAML (``---``) or TOML (``+++``) front matter and protect it.

Front matter is metadata the corpus repository relies on (title, date,
categories), not text to clean of boilerplate. This pass records its fields
in the document metadata, where later passes use them (the off-topic pass
compares paragraphs with the title), and marks its span so the pipeline
keeps every removal pass out of it. It has been repaired and normalized
like the rest by then. With ``strip = true`` it is removed from the output
instead, and kept only in the log.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, ClassVar

import yaml

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.registry import register
from cleaner.core.tomlcompat import tomllib

CATEGORY = "frontmatter"
_BLOCKS = {
    "yaml": re.compile(r"---\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL),
    "toml": re.compile(r"\+\+\+\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL),
}


_FIELD = re.compile(r"[ \t]*(?:#.*\n[ \t]*)*[\w\"'-]+[ \t]*[:=]")


#: Real front matter is a few hundred bytes to a few KB. Parsing YAML costs about two
#: seconds a megabyte, and a block this large is more likely text between two
#: horizontal rules than metadata: it is read as text.
MAX_CHARS = 65_536
#: Values (scalars, lists, tables) the fields may hold, and how deep they may nest,
#: counted with YAML aliases expanded: ``&a [*a, *a, ...]`` nested a few times
#: stands for billions of values in a few hundred bytes (an "alias bomb").
MAX_VALUES = 10_000
MAX_DEPTH = 32


class _TooLarge(ValueError):
    """The fields, expanded, exceed ``MAX_VALUES`` or ``MAX_DEPTH``."""


class _Plain:
    """Field values as JSON can hold them, for metadata and the log, within the bounds."""

    def __init__(self) -> None:
        self.values = 0

    def __call__(self, value: Any, depth: int = 0) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge(
                f"more than {MAX_VALUES:,} values once YAML aliases are expanded; fields not read"
            )
        if depth > MAX_DEPTH:
            raise _TooLarge(f"nested more than {MAX_DEPTH} levels deep; fields not read")
        if isinstance(value, dict):
            return {str(k): self(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v, depth + 1) for v in value]
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        return value


def parse_fields(kind: str, body: str) -> tuple[dict[str, Any], str | None]:
    """The fields of a front matter block, and the parse error if it is not valid."""
    try:
        data = yaml.safe_load(body) if kind == "yaml" else tomllib.loads(body)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
        return {}, str(error).splitlines()[0]
    except RecursionError:
        return {}, "nested too deeply to parse; fields not read"
    if not isinstance(data, dict):
        return {}, "front matter is not a table of fields"
    try:
        return _Plain()(data), None
    except _TooLarge as error:
        return {}, str(error)


def _find(text: str) -> tuple[str, re.Match[str]] | None:
    for kind, pattern in _BLOCKS.items():
        match = pattern.match(text)
        if match:
            return kind, match
    return None


@register("frontmatter")
class FrontMatter:
    """Options: ``strip`` (default false) removes the block, keeping it in the log."""

    name: ClassVar[str] = "frontmatter"

    def __init__(self, *, strip: bool = False) -> None:
        self.strip = strip

    def edits(self, doc: Document) -> list[Edit]:
        found = _find(doc.text)
        if found is None:
            return []
        kind, match = found
        body = match.group(1) or ""
        if not _FIELD.match(body):
            return []  # two horizontal rules around text, not metadata
        if match.end() > MAX_CHARS:
            reason = (
                f"{kind} front matter of {match.end():,} characters is larger than "
                f"{MAX_CHARS:,}: read as text, not as metadata"
            )
            return [Edit(0, 0, None, "frontmatter.too-large", CATEGORY, reason)]
        fields, error = parse_fields(kind, body)
        title = fields.get("title")
        if isinstance(title, str) and title.strip():
            doc.metadata["title"] = title.strip()
        doc.metadata["front_matter"] = fields
        details = {"format": kind, "fields": fields, **({"error": error} if error else {})}
        if self.strip:
            return [
                Edit(
                    0,
                    match.end(),
                    "",
                    "frontmatter.strip",
                    CATEGORY,
                    "front matter",
                    details=details,
                )
            ]
        doc.metadata["front_matter_end"] = match.end()
        reason = f"{kind} front matter, kept and protected" + (f" ({error})" if error else "")
        rule = "frontmatter.found"  # a fact about the file, noted: not a finding to look at
        return [Edit(0, match.end(), None, rule, CATEGORY, reason, details=details, note=True)]
