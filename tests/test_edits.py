"""The applier: the only place text changes."""

import pytest

from cleaner.core.edits import Edit, EditConflict, apply_edits


def edit(start: int, end: int, replacement: str | None = "", rule: str = "r") -> Edit:
    return Edit(start, end, replacement, rule, "test")


def test_applies_in_order_and_records_removed_text_and_lines() -> None:
    result = apply_edits("ab\ncd\nef", "p", [edit(6, 8, "EF"), edit(0, 1, "")])
    assert result.text == "b\ncd\nEF"
    assert [(a.removed, a.line, a.end_line) for a in result.applied] == [("a", 1, 1), ("ef", 3, 3)]


def test_overlapping_edits_are_refused_with_both_rules_named() -> None:
    with pytest.raises(EditConflict, match=r"'two'.*overlaps.*'one'"):
        apply_edits("abcdef", "p", [edit(0, 3, rule="one"), edit(2, 4, rule="two")])


def test_two_insertions_at_one_point_are_refused() -> None:
    with pytest.raises(EditConflict):
        apply_edits("abc", "p", [edit(1, 1, "x"), edit(1, 1, "y")])


def test_touching_edits_are_fine() -> None:
    assert apply_edits("abcd", "p", [edit(0, 2, "X"), edit(2, 4, "Y")]).text == "XY"


def test_span_outside_text_is_refused() -> None:
    with pytest.raises(EditConflict, match="outside"):
        apply_edits("abc", "p", [edit(2, 5)])


def test_flags_may_overlap_and_change_nothing() -> None:
    result = apply_edits("abcdef", "p", [edit(0, 4, None), edit(2, 6, "")])
    assert result.text == "ab"
    assert [a.removed for a in result.applied] == ["abcd", "cdef"]


def test_no_edits_leaves_text_identical() -> None:
    text = "unchanged"
    assert apply_edits(text, "p", []).text is text
