"""Edits and the one applier: the only place where document text changes.

Passes never touch text. They propose :class:`Edit` objects in the
coordinates of the text they saw; :func:`apply_edits` checks them, applies
them and turns them into log records. Because every change goes through here,
restore, diff, explain and statistics all read the same records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``.

    ``replacement=None`` keeps the text and only reports: a *flag*, a finding
    someone should look at (damage beyond repair, a rule out of time), or with
    ``note=True`` (or an empty span) a *note*, a fact or a verdict that needs no
    one (the encoding found, a paragraph scored and kept). ``group=True`` marks
    small character-level edits (a space, a line ending) that the log may merge
    with neighbours of the same rule into one record.
    """

    start: int
    end: int
    replacement: str | None
    rule: str
    category: str
    reason: str = ""
    score: float | None = None
    details: Mapping[str, Any] | None = None
    group: bool = False
    note: bool = False

    @property
    def changes_text(self) -> bool:
        return self.replacement is not None


class EditConflict(ValueError):
    """A pass proposed edits that overlap or fall outside the text: a bug in that pass."""


@dataclass(frozen=True, slots=True)
class AppliedEdit:
    """An edit after the applier accepted it, with what it took out."""

    edit: Edit
    removed: str
    line: int
    end_line: int


@dataclass(slots=True)
class StageResult:
    """What one pass did to a text: the new text and the accepted edits in order."""

    text: str
    applied: list[AppliedEdit] = field(default_factory=list)


def _check(text: str, pass_name: str, edits: Sequence[Edit]) -> list[Edit]:
    """Sort edits and refuse any that overlap or leave the text."""
    size = len(text)
    for edit in edits:
        if not 0 <= edit.start <= edit.end <= size:
            raise EditConflict(
                f"pass {pass_name!r}, rule {edit.rule!r}: span {edit.start}:{edit.end} "
                f"outside a text of {size} characters"
            )
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    previous: Edit | None = None
    for edit in ordered:
        if not edit.changes_text:
            continue
        if previous is not None and (
            edit.start < previous.end or (edit.end == edit.start == previous.start == previous.end)
        ):
            raise EditConflict(
                f"pass {pass_name!r}: rule {edit.rule!r} at {edit.start}:{edit.end} overlaps "
                f"rule {previous.rule!r} at {previous.start}:{previous.end}"
            )
        previous = edit
    return ordered


def apply_edits(text: str, pass_name: str, edits: Sequence[Edit]) -> StageResult:
    """Apply non-overlapping edits to ``text`` and record what each took out."""
    ordered = _check(text, pass_name, edits)
    if not ordered:
        return StageResult(text)
    pieces: list[str] = []
    applied: list[AppliedEdit] = []
    cursor = 0
    line, counted = 1, 0
    for edit in ordered:
        line += text.count("\n", counted, edit.start)
        counted = edit.start
        removed = text[edit.start : edit.end]
        end_line = line + removed.count("\n", 0, max(0, len(removed) - 1))
        applied.append(AppliedEdit(edit, removed, line, end_line))
        if edit.changes_text:
            pieces.append(text[cursor : edit.start])
            pieces.append(edit.replacement)  # type: ignore[arg-type]
            cursor = edit.end
    pieces.append(text[cursor:])
    return StageResult("".join(pieces), applied)
