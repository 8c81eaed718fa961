"""The document model: a view's facts equal what each pass would work out by itself, and a
document never shows a view of a text it no longer has."""

from __future__ import annotations

import pickle
import re
from typing import ClassVar

from hypothesis import given
from hypothesis import strategies as st

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.pipeline import Pipeline
from cleaner.passes import register
from cleaner.text.markdown import code_blocks
from cleaner.text.view import TextView
from tests.conftest import documents

#: A paragraph as the passes read it before the view: a run of lines holding a non-space.
PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|\Z))+")
odd_texts = st.one_of(
    documents(), st.text(alphabet="ab \t\n\r\x0b\x1c\x85\u2028\u3000ßİﬁ#`~-", max_size=60)
)


@given(odd_texts)
def test_lines_and_paragraphs_are_those_of_the_text(text: str) -> None:
    view = TextView(text)
    lines = view.lines
    assert "\n".join(lines.raw) + ("\n" if text.endswith("\n") else "") == text
    assert lines.content == [line.strip() for line in lines.raw]
    spans = [
        (lines.start(first), min(lines.start(stop), len(text))) for first, stop in view.paragraphs
    ]
    assert spans == [m.span() for m in PARAGRAPH.finditer(text)]
    assert view.nonblank == [n for n, line in enumerate(lines.raw) if line.strip()]
    assert view.blank_before == [n == 0 or not lines.raw[n - 1].strip() for n in view.nonblank]
    assert view.tokens == [line.strip().lower().split() for line in lines.raw]


@given(odd_texts)
def test_folded_text_and_its_lines(text: str) -> None:
    view = TextView(text)
    assert view.folded == text.casefold()
    assert view.aligned == (len(text.casefold()) == len(text))
    assert view.folded_lines.raw == TextView(text.casefold()).lines.raw
    if view.aligned:
        assert view.folded_lines.starts == view.lines.starts


def test_code_blocks_are_worked_out_once_per_body_start() -> None:
    text = "---\ntitle: x\n---\n```\ncode\n```\ntext\n"
    view = TextView(text)
    assert view.code_blocks(17) == code_blocks(text, 17)
    assert view.code_blocks(17) is view.code_blocks(17)
    assert view.code_blocks(0) == code_blocks(text, 0) != view.code_blocks(17)


def test_a_view_pickles_as_its_text() -> None:
    view = TextView("Eine Zeile.\n\nNoch eine.\n")
    assert view.paragraphs == [(0, 1), (2, 3)]
    copy = pickle.loads(pickle.dumps(view))
    assert copy.text == view.text and "paragraphs" not in vars(copy)


seen: list[tuple[str, TextView]] = []


@register("test-view-reader")
class ViewReader:
    """Records the view each stage is shown, and removes the first line once."""

    name: ClassVar[str] = "test-view-reader"

    def edits(self, doc: Document) -> list[Edit]:
        seen.append((doc.text, doc.view))
        if doc.text.startswith("Anzeige"):
            return [Edit(0, doc.text.index("\n") + 1, "", "test.first", "test")]
        return []


def test_a_stage_that_changes_the_text_gives_the_next_one_a_new_view() -> None:
    seen.clear()
    Pipeline(["test-view-reader", "test-view-reader", "test-view-reader"]).run(
        "Anzeige\nDer Rat tagte.\n"
    )
    (first, a), (second, b), (third, c) = seen
    assert first == "Anzeige\nDer Rat tagte.\n" and a.lines.content[0] == "Anzeige"
    assert second == third == "Der Rat tagte.\n"
    assert b is not a and b.lines.content == ["Der Rat tagte."]
    assert c is b  # no change, no new view


def test_setting_the_text_replaces_the_view() -> None:
    doc = Document("x", "eins\n")
    old = doc.view
    doc.text = "zwei\n"
    assert doc.view is not old and doc.view.lines.content == ["zwei"]
