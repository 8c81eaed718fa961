"""The words a reader sees on a Markdown line, for matching against a gold text.

Link targets and image sources are not words of the text; Markdown markers
(``#``, ``*``, ``>``, table pipes) are not either. A line that is only an image
is reported as such: it is page furniture whatever the gold says.
"""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# List numbers stay: a gold that numbers its list has them as words.
_MARKER = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[*+-]\s+)?")
_EMPHASIS = re.compile(r"\*\*|__")


def visible_text(line: str) -> str:
    """The line without image syntax, link targets, line markers and table pipes."""
    text = _IMAGE.sub(" ", line)
    text = _LINK.sub(r"\1", text)
    text = _MARKER.sub("", text, count=1)
    text = _EMPHASIS.sub("", text)
    return text.replace("|", " ").strip()


def is_image_line(line: str) -> bool:
    """Only images (and link brackets around them) on the line."""
    stripped = _MARKER.sub("", line, count=1)
    if not _IMAGE.search(stripped):
        return False
    rest = _IMAGE.sub("", stripped)
    return not _LINK.sub(r"\1", rest).strip(" []()")


def is_heading(line: str) -> bool:
    return bool(re.match(r"\s*#{1,6}\s", line))
