"""Markdown code, which the repair pass leaves as it is.

Documentation about encodings quotes mojibake on purpose, in code spans (`fÃ¼r`), fenced
blocks and indented blocks. Repairing it would change what the document says. The rules
follow CommonMark closely enough for that purpose: a fence runs to a closing fence of the
same character and at least the same length (or to the end of the text); a code span is a
run of backticks closed by a run of the same length; an indented block is a paragraph whose
every line starts with four spaces or a tab, but only in a text that shows other Markdown
(a fence, a code span or a '#' heading): plain text indents titles and verse, not code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*", re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INDENTED_LINE = re.compile(r"(?: {4}|\t)[^\n]*|[ \t\r]*")
_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
_INDENTED_RUN = re.compile(r"^(?:[ \t][^\n]*(?:\n|\Z))+", re.MULTILINE)


def code_blocks(text: str, body_start: int) -> list[Span]:
    """Front matter (up to ``body_start``), fenced blocks and, in Markdown, indented code
    blocks, sorted and merged: the text that no removal pass touches."""
    fences = fenced_blocks(text)
    spans = [(0, body_start), *fences] if body_start else list(fences)
    if looks_like_markdown(text, fences):
        spans.extend(
            m.span()
            for m in _INDENTED_RUN.finditer(text, body_start)
            if is_indented_block(m.group().rstrip("\n"))
        )
    return merge_spans(spans)


def merge_spans(spans: list[Span]) -> list[Span]:
    """The spans sorted, overlapping and touching ones merged."""
    merged: list[Span] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def fenced_blocks(text: str) -> list[Span]:
    """Spans of fenced code blocks, fences included, in order."""
    if "```" not in text and "~~~" not in text:
        return []
    blocks: list[Span] = []
    opening: re.Match[str] | None = None
    for fence in _FENCE.finditer(text):
        marker = fence.group(1)
        if opening is None:
            if not (marker[0] == "`" and "`" in fence.group()[fence.end(1) - fence.start() :]):
                opening = fence
        elif _closes(opening.group(1), fence):
            blocks.append((opening.start(), fence.end()))
            opening = None
    if opening is not None:
        blocks.append((opening.start(), len(text)))
    return blocks


def _closes(marker: str, fence: re.Match[str]) -> bool:
    """A closing fence: the same character, at least as long, nothing after it."""
    closing = fence.group(1)
    rest = fence.group()[fence.end(1) - fence.start() :]
    return closing[0] == marker[0] and len(closing) >= len(marker) and not rest.strip()


def looks_like_markdown(text: str, fences: list[Span]) -> bool:
    """A fence, a code span or a heading: indented paragraphs are then code blocks."""
    if fences:
        return True
    if "`" in text and next(code_spans(text, 0, len(text)), None) is not None:
        return True
    return "#" in text and _HEADING.search(text) is not None


def is_indented_block(paragraph: str) -> bool:
    """Every line indented by four spaces or a tab: an indented code block."""
    return paragraph[:1] in (" ", "\t") and all(
        _INDENTED_LINE.fullmatch(line) for line in paragraph.split("\n")
    )


def code_spans(text: str, start: int, end: int) -> Iterator[Span]:
    """Inline code spans within ``text[start:end]``."""
    if text.find("`", start, end) != -1:
        for match in _CODE_SPAN.finditer(text, start, end):
            yield match.span()


def outside(start: int, end: int, protected: list[Span]) -> Iterator[Span]:
    """The parts of ``[start, end)`` not covered by the (sorted, disjoint) protected spans."""
    cursor = start
    for low, high in protected:
        if high <= cursor or low >= end:
            continue
        if low > cursor:
            yield cursor, low
        cursor = max(cursor, high)
    if cursor < end:
        yield cursor, end
