"""normalize: the text conventions of a clean corpus, each one a separate, logged choice.

Repair undoes damage; this pass only makes conventions uniform. Every step can
be switched off in config (``[tool.cleaner.normalize]``), and every change is
logged under its own rule, grouped per step rather than one entry per space.
The steps run in this order, each on the output of the one before, so that
for example a control character removed between a letter and its accent
leaves a pair that the NFC step then composes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.limits import Budget
from cleaner.core.registry import Pass, register

CATEGORY = "normalize"

# Zero-width space, word joiner, BOM inside text, soft hyphen, Mongolian vowel
# separator. ZWJ and ZWNJ are kept: emoji sequences and Persian or Indic
# spelling need them.
INVISIBLE = "\u200b\u2060\ufeff\u00ad\u180e"
# Spaces that look like a space: no-break, figure, narrow no-break, the
# typographic widths, and the mathematical space. The ideographic space
# U+3000 is kept: it is ordinary spacing in CJK text.
_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_C0_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
CONTROLS = _C0_CONTROLS + "".join(map(chr, range(0x80, 0xA0)))
_LINE_BREAKS = "\n\r\u2028\u2029"
# Whitespace that may end a line, besides the newline itself.
_LINE_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in _LINE_BREAKS)
_OTHER_SPACES = _LINE_SPACES.replace(" ", "").replace("\t", "")


def _holds_any(text: str, needles: tuple[str, ...] | str, budget: Budget) -> bool:
    """Whether ``text`` holds one of ``needles``, looked for a piece at a time with the
    document's clock read between pieces: dozens of needles over a huge text take
    seconds. Each piece reaches far enough into the next for a needle across the cut."""
    reach = max(map(len, needles), default=1) - 1
    for begin, stop in budget.pieces(text):
        window = text[begin : stop + reach]
        if any(needle in window for needle in needles):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _RegexStep:
    """Replace every match of ``pattern`` with ``replacement`` under one rule id.

    ``triggers`` are substrings without which the pattern cannot match.
    Testing for them with ``in`` runs at gigabytes per second, where Python's
    regex engine scans non-ASCII text at well under 100 MB/s, so clean text
    skips the regex altogether.
    """

    rule: str
    pattern: re.Pattern[str]
    replacement: str
    reason: str
    triggers: tuple[str, ...]
    name: ClassVar[str] = "normalize"

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if not _holds_any(text, self.triggers, doc.budget):
            return []
        return [
            Edit(m.start(), m.end(), self.replacement, self.rule, CATEGORY, self.reason, group=True)
            for m in self.pattern.finditer(text)
            if m.group() != self.replacement
        ]


class _NfcStep:
    """Compose each token to Unicode NFC; whitespace never takes part in composition."""

    name: ClassVar[str] = "normalize"

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if text.isascii() or unicodedata.is_normalized("NFC", text):
            return []
        edits = []
        for n, match in enumerate(re.finditer(r"\S+", text)):
            if not n % 1024:
                doc.budget.check()
            token = match.group()
            if not token.isascii() and not unicodedata.is_normalized("NFC", token):
                edits.append(
                    Edit(
                        match.start(),
                        match.end(),
                        unicodedata.normalize("NFC", token),
                        "normalize.nfc",
                        CATEGORY,
                        "composed to Unicode NFC",
                        group=True,
                    )
                )
        return edits


class _TrailingWhitespaceStep:
    """Remove whitespace at the end of each line, line by line (no regex: see ``_RegexStep``)."""

    name: ClassVar[str] = "normalize"

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if not (" \n" in text or "\t\n" in text or text[-1:].isspace()) and not (
            not text.isascii() and _holds_any(text, _OTHER_SPACES, doc.budget)
        ):
            return []
        edits = []
        position = 0
        for line in text.split("\n"):
            body = line[:-1] if line.endswith("\r") else line
            kept = len(body.rstrip(_LINE_SPACES))
            if kept < len(body):
                edits.append(
                    Edit(
                        position + kept,
                        position + len(body),
                        "",
                        "normalize.trailing-whitespace",
                        CATEGORY,
                        "whitespace at the end of a line",
                        group=True,
                    )
                )
            position += len(line) + 1
        return edits


class _EdgeStep:
    """No blank lines at the start; at the end, one newline if the input ended with one;
    a text of blank lines only becomes empty.

    The pipeline records whether it did (``metadata["final_newline"]``): a file
    keeps its final newline, while a JSON Lines, Parquet or database value that
    had none does not get one, which would change every record.
    """

    name: ClassVar[str] = "normalize"

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if not text.strip():
            # Nothing but blank lines (all a document had, or all its removals left): empty.
            reason = "a text of blank lines only"
            return (
                [Edit(0, len(text), "", "normalize.blank-lines", CATEGORY, reason)] if text else []
            )
        edits = []
        head = len(text) - len(text.lstrip("\n"))
        if head:
            edits.append(
                Edit(0, head, "", "normalize.blank-lines", CATEGORY, "blank lines at start")
            )
        body_end = len(text.rstrip("\n"))
        ending = "\n" if doc.metadata.get("final_newline", True) else ""
        if text[body_end:] != ending:
            reason = "text ends with one newline" if ending else "no final newline, as in the input"
            edits.append(
                Edit(body_end, len(text), ending, "normalize.final-newline", CATEGORY, reason)
            )
        return edits


@dataclass(frozen=True, slots=True)
class _Together:
    """Steps on disjoint sets of characters applied as one stage: their edits cannot overlap."""

    steps: tuple[Pass, ...]
    name: ClassVar[str] = "normalize"

    def edits(self, doc: Document) -> list[Edit]:
        return [edit for step in self.steps for edit in step.edits(doc)]


def _invisible_step(characters: str) -> _RegexStep:
    return _RegexStep(
        "normalize.invisible",
        re.compile(f"[{characters}]+"),
        "",
        "invisible formatting character",
        tuple(characters),
    )


@register("normalize")
class Normalize:
    """The normalize steps that config switched on, in their fixed order.

    Options (all on by default): ``newlines`` (CRLF, CR, U+2028/2029 to LF),
    ``invisible`` (zero-width characters, soft hyphens), ``controls`` (C0 and,
    unless ``c1_controls`` is false, C1 control characters except tab and
    newline), ``nfc``, ``spaces``
    (no-break and typographic spaces to a plain space), ``trailing_whitespace``,
    ``blank_lines`` (at most ``max_blank_lines`` blank lines in a row) and
    ``edges`` (no leading blank lines, one final newline if the input had one).
    """

    name: ClassVar[str] = "normalize"

    def __init__(
        self,
        *,
        newlines: bool = True,
        invisible: bool = True,
        controls: bool = True,
        c1_controls: bool = True,
        nfc: bool = True,
        spaces: bool = True,
        trailing_whitespace: bool = True,
        blank_lines: bool = True,
        max_blank_lines: int = 1,
        edges: bool = True,
    ) -> None:
        if max_blank_lines < 0:
            raise ValueError("max_blank_lines must be 0 or more")
        controls_removed = CONTROLS if c1_controls else _C0_CONTROLS
        candidates = [
            (
                newlines,
                _RegexStep(
                    "normalize.newlines",
                    re.compile("\r\n|[\r\u2028\u2029]"),
                    "\n",
                    "line ending to LF",
                    tuple(_LINE_BREAKS[1:]),
                ),
            ),
            (invisible, _invisible_step(INVISIBLE)),
            (
                controls,
                _RegexStep(
                    "normalize.controls",
                    re.compile(f"[{re.escape(controls_removed)}]+"),
                    "",
                    "control character",
                    tuple(controls_removed),
                ),
            ),
            (nfc, _NfcStep()),
            (
                spaces,
                _RegexStep(
                    "normalize.spaces",
                    re.compile(f"[{_ODD_SPACES}]"),
                    " ",
                    "no-break or typographic space to a plain space",
                    tuple(_ODD_SPACES),
                ),
            ),
            (trailing_whitespace, _TrailingWhitespaceStep()),
            (
                blank_lines,
                _RegexStep(
                    "normalize.blank-lines",
                    re.compile(rf"\n{{{max_blank_lines + 2},}}"),
                    "\n" * (max_blank_lines + 1),
                    f"more than {max_blank_lines} blank line(s) in a row",
                    ("\n" * (max_blank_lines + 2),),
                ),
            ),
            (edges, _EdgeStep()),
        ]
        self.stages: tuple[Pass, ...] = tuple(step for enabled, step in candidates if enabled)


@register("tidy")
def tidy() -> Normalize:
    """The layout steps of normalize, run again after passes that remove lines.

    A removed line between two paragraphs leaves two blank lines, and one at
    the end leaves a trailing blank line; every removal pass has that problem,
    so one pass at the end solves it for all of them.
    """
    return Normalize(newlines=False, invisible=False, controls=False, nfc=False, spaces=False)


@register("controls")
def controls() -> Normalize:
    """C0 control characters out before repair: they are never text and never part of
    encoding damage, but one inside a mojibake sequence ('fÃ\\x01¼r') hides it from
    repair, and normalize would remove it only afterwards, leaving a second clean to
    repair what the first did not. C1 controls stay for repair: they are
    Windows-1252 characters read as Latin-1. Invisible characters that no wrong
    single-byte decoding produces hide mojibake the same way ('fÃ\\u200b¼r') and go
    out here too, in the same stage; the soft hyphen stays for normalize, as 'Ã\\xad'
    is the mojibake of 'í'.
    """
    group = Normalize(
        newlines=False,
        invisible=False,
        controls=True,
        c1_controls=False,
        nfc=False,
        spaces=False,
        trailing_whitespace=False,
        blank_lines=False,
        edges=False,
    )
    hiding = _invisible_step(INVISIBLE.replace("\u00ad", ""))
    group.stages = (_Together((*group.stages, hiding)),)
    return group
