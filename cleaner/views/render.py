"""Seeing what cleaning changed: a tagged unified diff and an inline explanation.

Log offsets are per stage: each record's ``start``/``end`` are in the text that
stage saw. Both views need every edit in the coordinates of the decoded
original (and explain also in those of the final output), so :func:`map_edits`
walks the stages once, backwards and forwards, and both views use it.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from cleaner.core.log import LogRecord, Part
from cleaner.core.safety import FORM_CATEGORIES


@dataclass(frozen=True, slots=True)
class MappedEdit:
    """One changed span of a record, in original (``start``/``end``) and final coordinates."""

    record: LogRecord
    start: int
    end: int
    final_start: int
    final_end: int


class _StageMap:
    """Where positions move when one stage's parts are applied (and back)."""

    def __init__(self, parts: Sequence[Part]) -> None:
        ordered = sorted(parts, key=lambda p: (p.start, p.end))
        self.in_start = [p.start for p in ordered]
        self.in_end = [p.end for p in ordered]
        self.out_start: list[int] = []
        self.out_end: list[int] = []
        self.index = {(p.start, p.end): i for i, p in enumerate(ordered)}
        delta = 0
        for part in ordered:
            self.out_start.append(part.start + delta)
            self.out_end.append(part.start + delta + len(part.replacement))
            delta += len(part.replacement) - (part.end - part.start)

    def output_span(self, part: Part) -> tuple[int, int]:
        """Where ``part`` (one of this stage's) stands in the stage's output."""
        index = self.index[part.start, part.end]
        return self.out_start[index], self.out_end[index]

    def back(self, position: int, *, end: bool) -> int:
        """An output position in the stage's input; a span touching a replaced stretch grows
        to cover all of it, so later edits always contain earlier ones they touch."""
        return _move(position, end, self.out_start, self.out_end, self.in_start, self.in_end)

    def forward(self, position: int, *, end: bool) -> int:
        """An input position in the stage's output, with the same growing rule as ``back``."""
        return _move(position, end, self.in_start, self.in_end, self.out_start, self.out_end)


def _move(
    q: int,
    end: bool,
    from_start: list[int],
    from_end: list[int],
    to_start: list[int],
    to_end: list[int],
) -> int:
    if not end:
        j = bisect_right(from_start, q) - 1
        if j < 0:
            return q
        if from_start[j] <= q < from_end[j]:
            return to_start[j]
        return to_end[j] + q - from_end[j]
    j = bisect_left(from_end, q)
    if j == len(from_end):
        return q if j == 0 else to_end[-1] + q - from_end[-1]
    if from_start[j] < q:
        return to_end[j]
    return to_start[j] - (from_start[j] - q)


def map_edits(records: Sequence[LogRecord]) -> list[MappedEdit]:
    """Every changed span of one document's records, in original and final coordinates.

    Flags and notes change nothing and are left out. A span that touches text an
    earlier stage replaced is widened to cover that whole replacement, so in
    original coordinates a later edit either contains an earlier one or misses it.
    """
    stages = []
    for _, run in groupby(records, key=lambda r: r.stage):
        group = list(run)
        stage = _StageMap([p for r in group for p in r.spans()])
        if stage.in_start:
            stages.append((group, stage))
    mapped: list[MappedEdit] = []
    for index, (group, stage) in enumerate(stages):
        before = [m for _, m in reversed(stages[:index])]
        after = [m for _, m in stages[index + 1 :]]
        for record in group:
            for part in record.spans():
                start, end = part.start, part.end
                for earlier in before:
                    start, end = earlier.back(start, end=False), earlier.back(end, end=True)
                    end = max(start, end)
                final_start, final_end = stage.output_span(part)
                for later in after:
                    moved = later.forward(final_end, end=True)
                    final_start = min(later.forward(final_start, end=False), moved)
                    final_end = moved
                mapped.append(MappedEdit(record, start, end, final_start, final_end))
    return mapped


def label(record: LogRecord) -> str:
    return f"{record.rule} · {record.category}"


def _labels(records: Sequence[LogRecord]) -> list[str]:
    """Distinct ``rule · category`` labels, in the order given."""
    return list(dict.fromkeys(label(r) for r in records))


# --- making text safe and visible --------------------------------------------------------------

_PICTURES = {"\n": "↵", "\t": "⇥"}
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(char: str) -> str:
    if char < " ":
        return chr(0x2400 + ord(char))
    return "␡" if char == "\x7f" else f"<U+{ord(char):04X}>"


def safe(text: str) -> str:
    """Control characters as control pictures, so that a terminal never runs an escape
    sequence found in scraped text; everything else as it is (kept text may rightly hold
    format characters: the joiner in an emoji, direction marks in Arabic)."""
    return _CONTROLS.sub(lambda m: _shown(m.group()), text)


def visible(text: str, *, layout: bool = False) -> str:
    """Changed text: control and other invisible characters shown (a no-break space as
    ``<U+00A0>``); with ``layout``, line breaks and tabs as ↵ and ⇥ too, for a mark."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if char in _PICTURES:
            out.append(_PICTURES[char] if layout else char)
        elif char == " " or char.isprintable():
            out.append(char)
        else:
            out.append(_shown(char))
    return "".join(out)


# --- colour -----------------------------------------------------------------------------------

RESET = "\x1b[0m"
STYLES = {
    "header": "\x1b[1m",
    "hunk": "\x1b[36m",
    "tags": "\x1b[33m",
    "removed": "\x1b[31m",
    "struck": "\x1b[9;31m",
    "added": "\x1b[32m",
    "label": "\x1b[2;36m",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{STYLES[style]}{text}{RESET}" if color and text else text


# --- changes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """A stretch of the original that became ``new``, and the records that did it."""

    old: str
    new: str
    records: tuple[LogRecord, ...]


def segments(original: str, cleaned: str, edits: Sequence[MappedEdit]) -> Iterator[str | Change]:
    """The document as kept text (``str``) and changes, in order.

    Edits that overlap in original coordinates (a line removed after a repair
    inside it) become one change: the original stretch and what it finally became.
    """
    groups: list[list[MappedEdit]] = []
    ends: list[int] = []
    for edit in sorted(edits, key=lambda e: (e.start, -e.end, e.final_start, -e.record.stage)):
        # touching edits too: with no kept text between them they are one change to see
        if groups and edit.start <= ends[-1] and edit.start != edit.end:
            groups[-1].append(edit)
            ends[-1] = max(ends[-1], edit.end)
        else:
            groups.append([edit])
            ends.append(edit.end)
    cursor = final = 0
    for group, end in zip(groups, ends, strict=True):
        start = group[0].start
        final_start = min(e.final_start for e in group)
        final_end = max(e.final_end for e in group)
        kept = original[cursor:start]
        if cleaned[final : final + len(kept)] != kept or final + len(kept) != final_start:
            raise ValueError(f"the log does not describe this output near offset {start}")
        if kept:
            yield kept
        yield from _trimmed(original[start:end], cleaned[final_start:final_end], start, group)
        cursor, final = end, final_end
    if original[cursor:] != cleaned[final:]:
        raise ValueError("the log does not describe the end of this output")
    if original[cursor:]:
        yield original[cursor:]


def _common_prefix(a: str, b: str) -> int:
    size = min(len(a), len(b))
    return next((i for i in range(size) if a[i] != b[i]), size)


def _trimmed(
    old: str, new: str, offset: int, group: Sequence[MappedEdit]
) -> Iterator[str | Change]:
    """A group's change as its smallest changed spans, with what it left as it was between
    and around them as kept text: a repair record that covers two damaged words shows the
    two words, and blank lines that tidy reflowed around a removed line stay text. Each span
    names the records whose edits it falls in (``offset``: where ``old`` starts)."""
    ordered = sorted(group, key=lambda e: (e.record.category in FORM_CATEGORIES, e.start))
    position = offset
    for kept, (before, after) in _changed_spans(old, new):
        if kept:
            yield kept
        position += len(kept)
        if before or after:
            end = position + len(before)
            inside = [e for e in ordered if e.start < end and position < e.end] or [
                e for e in ordered if e.start <= end and position <= e.end
            ]
            yield Change(before, after, tuple(e.record for e in inside or ordered))
        position += len(before)


#: Beyond this many characters on both sides together, a change is trimmed at its ends only:
#: the character alignment costs time quadratic in the change's length.
ALIGN_CHARS = 20_000


def _changed_spans(old: str, new: str) -> list[tuple[str, tuple[str, str]]]:
    """``(kept, (old, new))`` pairs in order: text both sides share, then a changed span;
    the last pair has an empty change after the text shared at the end."""
    head = _common_prefix(old, new)
    tail = _common_prefix(old[head:][::-1], new[head:][::-1])
    middle_old, middle_new = old[head : len(old) - tail], new[head : len(new) - tail]
    pairs: list[tuple[str, tuple[str, str]]] = []
    kept = old[:head]
    if middle_old and middle_new and len(middle_old) + len(middle_new) <= ALIGN_CHARS:
        matcher = difflib.SequenceMatcher(None, middle_old, middle_new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                kept += middle_old[i1:i2]
            else:
                pairs.append((kept, (middle_old[i1:i2], middle_new[j1:j2])))
                kept = ""
    elif middle_old or middle_new:
        pairs.append((kept, (middle_old, middle_new)))
        kept = ""
    pairs.append((kept + old[len(old) - tail :], ("", "")))
    return _slid_right(pairs)


def _slid_right(pairs: list[tuple[str, tuple[str, str]]]) -> list[tuple[str, tuple[str, str]]]:
    """A removal (or insertion) slid right while the text after it repeats its first
    character, as diff does: of ``"\n\nOld paragraph\n"`` then ``"\n"`` the removal
    becomes ``"\nOld paragraph\n\n"``, so a removed paragraph ends its own line."""
    out = list(pairs)
    for index in range(len(out) - 1):
        kept, (before, after) = out[index]
        following, change = out[index + 1]
        moved = before or after
        if before and after:
            continue
        shift = 0
        while shift < len(following) and moved and moved[0] == following[shift]:
            moved, shift = moved[1:] + following[shift], shift + 1
        if shift:
            kept += following[:shift]
            out[index] = (kept, (moved, "") if before else ("", moved))
            out[index + 1] = (following[shift:], change)
    return out


# --- diff -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    """A stretch of whole lines: one kept line (``records`` empty), or old lines that became
    new lines through ``records``."""

    old: list[str]
    new: list[str]
    records: list[LogRecord] = field(default_factory=list)


def _split_lines(text: str) -> list[str]:
    """Lines ending at line feeds only: what a diff counts (``str.splitlines`` also
    breaks at CR, U+2028 and others, which the diff shows as characters)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _common_lines(old: list[str], new: list[str]) -> tuple[int, int]:
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def _rows(pieces: Iterable[str | Change]) -> Iterator[_Row]:
    """Whole lines from kept text and changes, in one pass: a line is changed when a
    change falls in it, and a change that starts and ends at line breaks on both sides
    takes only its own lines."""
    old = new = ""
    records: list[LogRecord] = []

    def close() -> Iterator[_Row]:
        if not records:
            if old:
                yield _Row([old], [old])
            return
        before, after = _split_lines(old), _split_lines(new)
        head, tail = _common_lines(before, after)
        for line in before[:head]:
            yield _Row([line], [line])
        yield _Row(before[head : len(before) - tail], after[head : len(after) - tail], records)
        for line in before[len(before) - tail :]:
            yield _Row([line], [line])

    for piece in pieces:
        if isinstance(piece, Change):
            old, new = old + piece.old, new + piece.new
            records = [*records, *piece.records]
            if old[-1:] in ("", "\n") and new[-1:] in ("", "\n"):
                yield from close()
                old, new, records = "", "", []
            continue
        start = 0
        while (end := piece.find("\n", start) + 1) > 0:
            line = piece[start:end]
            old, new = old + line, new + line
            yield from close()
            old, new, records, start = "", "", [], end
        old, new = old + piece[start:], new + piece[start:]
    yield from close()


def _range(start: int, count: int) -> str:
    """A unified diff range: 1-based start, count omitted when it is one."""
    first = start + 1 if count else start
    return str(first) if count == 1 else f"{first},{count}"


def _diff_line(sign: str, line: str, style: str, color: bool) -> list[str]:
    body = line.removesuffix("\n")
    body = safe(body) if sign == " " else visible(body)
    out = [_paint(sign + body, style, color) + "\n"]
    if not line.endswith("\n"):
        out.append("\\ No newline at end of file\n")
    return out


def _hunks(rows: list[_Row], context: int) -> Iterator[tuple[int, int]]:
    """Row ranges of the hunks: changed rows with up to ``context`` kept lines around them,
    merged when the kept lines between two changes are no more than twice that."""
    changed = [i for i, row in enumerate(rows) if row.records]
    if not changed:
        return
    start, end = max(0, changed[0] - context), changed[0] + 1
    for index in changed[1:]:
        if index - end > 2 * context:
            yield start, min(len(rows), end + context)
            start = index - context
        end = index + 1
    yield start, min(len(rows), end + context)


def render_diff(
    doc_id: str,
    original: str,
    cleaned: str,
    edits: Sequence[MappedEdit],
    *,
    color: bool = False,
    context: int = 3,
) -> str:
    """A unified diff of ``original`` against ``cleaned``; each hunk header names the
    ``rule · category`` of every edit that falls in it. Empty when nothing changed.

    The hunks come from the log's own edits, not from a text diff: exact, and linear in
    the size of the document however many lines repeat.
    """
    rows = list(_rows(segments(original, cleaned, edits)))
    old_line = [0]
    new_line = [0]
    for row in rows:
        old_line.append(old_line[-1] + len(row.old))
        new_line.append(new_line[-1] + len(row.new))
    out: list[str] = []
    for start, end in _hunks(rows, context):
        if not out:
            out.append(_paint(f"--- {doc_id}\t(original, decoded)", "header", color) + "\n")
            out.append(_paint(f"+++ {doc_id}\t(cleaned)", "header", color) + "\n")
        old = _range(old_line[start], old_line[end] - old_line[start])
        new = _range(new_line[start], new_line[end] - new_line[start])
        records = [r for row in rows[start:end] for r in row.records]
        records.sort(key=lambda r: r.category in FORM_CATEGORIES)
        tags = ", ".join(_labels(records))
        out.append(_paint(f"@@ -{old} +{new} @@", "hunk", color))
        out.append(f" {_paint(tags, 'tags', color)}\n")
        for row in rows[start:end]:
            if not row.records:
                out.extend(_diff_line(" ", row.old[0], "header", False))
                continue
            for line in row.old:
                out.extend(_diff_line("-", line, "removed", color))
            for line in row.new:
                out.extend(_diff_line("+", line, "added", color))
    return "".join(out)


# --- explain ----------------------------------------------------------------------------------


def render_change(change: Change, *, color: bool = False) -> str:
    """``[-removed-]{rule · category}``, or ``[old→new]{rule · category}`` for a replacement.

    Line breaks inside a mark show as ↵. A mark whose text ends a line is followed
    by a real line break, and a removal of several lines keeps them on separate
    lines, so the document around the marks keeps its shape.
    """
    tags = _paint("{" + ", ".join(_labels(change.records)) + "}", "label", color)
    ends_line = change.old.endswith("\n") or change.new.endswith("\n")
    if change.new:
        old = _paint(visible(change.old, layout=True), "struck", color)
        new = _paint(visible(change.new, layout=True), "added", color)
        return f"[{old}→{new}]{tags}" + "\n" * ends_line
    lines = [_paint(visible(line), "struck", color) for line in change.old.split("\n")]
    body = "".join(line + ("↵\n" if following else "↵") for line, following in pairwise(lines))
    return f"[-{body}{lines[-1]}-]{tags}" + "\n" * ends_line


def render_explain(
    original: str, cleaned: str, edits: Sequence[MappedEdit], *, color: bool = False
) -> str:
    """The original with every change marked inline and labelled with its rule and category."""
    return "".join(
        render_change(piece, color=color) if isinstance(piece, Change) else safe(piece)
        for piece in segments(original, cleaned, edits)
    )
