"""One text, seen the ways the passes look at it, each worked out once and only when asked.

Markup, rules, duplicates and offtopic all walk the same lines and paragraphs
and case-fold the same words. A :class:`TextView` holds what they share for
one text: its lines (offsets, stripped contents, blank or not), the case-folded
text, the paragraphs (runs of non-blank lines), each line's lower-cased words
and the spans of Markdown code. Nothing is computed before a pass asks for
it, and nothing is kept beyond the text it was made from: the document makes a
new view when its text changes (``Document.view``), so a pass can never see
the lines of a text before an earlier stage changed it.
"""

from __future__ import annotations

from functools import cached_property

from cleaner.text.lines import TextLines
from cleaner.text.markdown import Span, code_blocks


class TextView:
    """Facts about ``text`` computed on first use (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._code: dict[int, list[Span]] = {}

    def __reduce__(self) -> tuple[type[TextView], tuple[str]]:
        """Pickled as its text alone: what it worked out is cheaper to redo than to ship."""
        return (TextView, (self.text,))

    @cached_property
    def lines(self) -> TextLines:
        return TextLines(self.text)

    @cached_property
    def folded(self) -> str:
        """The text case-folded (``"Straße"`` gives ``"strasse"``)."""
        return self.text.casefold()

    @cached_property
    def aligned(self) -> bool:
        """Whether every character folded to one, so offsets in ``folded`` are the text's."""
        return len(self.folded) == len(self.text)

    @cached_property
    def folded_lines(self) -> TextLines:
        """The lines of ``folded``; the same offsets as ``lines`` when ``aligned``."""
        return TextLines(self.folded)

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """``(first, stop)`` line indexes of each run of non-blank lines, in order."""
        found = []
        first = None
        for index, content in enumerate(self.lines.content):
            if content and first is None:
                first = index
            elif not content and first is not None:
                found.append((first, index))
                first = None
        if first is not None:
            found.append((first, len(self.lines)))
        return found

    @cached_property
    def nonblank(self) -> list[int]:
        """Indexes of the lines that are not blank."""
        return [index for index, content in enumerate(self.lines.content) if content]

    @cached_property
    def blank_before(self) -> list[bool]:
        """For each non-blank line (in the order of ``nonblank``): whether a blank line or
        the start of the text comes right before it."""
        return [index == 0 or not self.lines.content[index - 1] for index in self.nonblank]

    @cached_property
    def tokens(self) -> list[list[str]]:
        """Each line's stripped content lower-cased and split at whitespace."""
        return [content.lower().split() for content in self.lines.content]

    def code_blocks(self, body_start: int) -> list[Span]:
        """Front matter up to ``body_start``, fenced blocks and (in Markdown) indented code
        blocks, sorted and merged: text that removal passes leave alone."""
        spans = self._code.get(body_start)
        if spans is None:
            spans = self._code[body_start] = code_blocks(self.text, body_start)
        return spans
