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


def _plain(value: Any) -> Any:
    """Field values as JSON can hold them, for metadata and the log."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def parse_fields(kind: str, body: str) -> tuple[dict[str, Any], str | None]:
    """The fields of a front matter block, and the parse error if it is not valid."""
    try:
        data = yaml.safe_load(body) if kind == "yaml" else tomllib.loads(body)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
        return {}, str(error).splitlines()[0]
    if not isinstance(data, dict):
        return {}, "front matter is not a table of fields"
    return _plain(data), None


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
