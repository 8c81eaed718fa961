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


# Signs of a line of program code: a bracket or semicolon ending it, a closing bracket
# opening it, a call, an assignment or arrow, a prompt or comment opener, a tag.
_CODE_SIGNS = re.compile(
    r"[{};(\[]\s*$|^\s*[}\])]|\w\([^)]*\)|\s=\s|==|=>|->|::|&&|\|\||"
    r"^\s*(?:>>>|\$ |//|/\*|#!|#include)|^\s*</?\w+(?:[\s>/]|$)"
)
# An indentation that is not a list item's: code when the line is short or holds a symbol.
_INDENTED = re.compile(r"^ {2,}(?![*+-] |\d+[.)] )\S")
INDENTED_CODE_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")
_CODE_CHARS = frozenset("{}[]()<>=;$`|&*_\\")
#: A line this long that ends like a sentence is prose, whatever symbols it holds.
PROSE_WORDS = 8


def looks_like_code(line: str) -> bool:
    """A line of a code sample (golds often leave code out, the label rules keep it)."""
    text = _LINK.sub(r"\1", _IMAGE.sub(" ", line)).rstrip()
    if not text.strip():
        return False
    symbols = sum(c in _CODE_CHARS for c in text)
    words = len(text.split())
    if _INDENTED.match(text) and (words <= INDENTED_CODE_WORDS or symbols):
        return True
    if not _CODE_SIGNS.search(text):
        return False
    share = symbols / max(1, len(text.replace(" ", "")))
    return not (words >= PROSE_WORDS and _SENTENCE_END.search(text) and share < 0.05)
