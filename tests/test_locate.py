"""Original offsets and lines of records from any stage, checked against a forward oracle."""

from __future__ import annotations

from hypothesis import given, settings

from cleaner import Pipeline
from cleaner.check.locate import Locator, Span, locate
from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.log import LogRecord
from cleaner.core.restore import restore
from tests.conftest import documents

PIPELINE = Pipeline()


def _run_stages(text: str, *stages: list[Edit]) -> Document:
    """Apply each list of edits as its own stage, the way the pipeline does."""
    doc = Document("doc", text)
    for edits in stages:
        Pipeline.apply(doc, "test", edits)
    return doc


def _remove_line(text: str, line: str, rule: str) -> Edit:
    start = text.index(line + "\n")
    return Edit(start, start + len(line) + 1, "", rule, "ad")


def test_a_removal_after_earlier_removals_above_it_names_its_original_line() -> None:
    original = "Title\nAd one\nAd two\nBody text.\nShare this\nEnd.\n"
    first = [_remove_line(original, "Ad one", "a"), _remove_line(original, "Ad two", "b")]
    after_first = "Title\nBody text.\nShare this\nEnd.\n"
    doc = _run_stages(original, first, [_remove_line(after_first, "Share this", "c")])
    late = doc.log[-1]
    assert (late.rule, late.line) == ("c", 3)  # line 3 of the text its stage saw
    span = Locator(doc.log, original).record(late)
    assert span.line == span.end_line == 5
    assert original[span.start : span.end] == "Share this\n"


def test_a_replacement_of_another_length_shifts_later_offsets_back() -> None:
    original = "caf\u00c3\u00a9 au lait\nNoise\nKeep\n"
    repair = [Edit(0, 5, "café", "repair", "encoding")]  # 5 characters became 4
    middle = "café au lait\nNoise\nKeep\n"
    cut = middle.index("Noise")
    doc = _run_stages(original, repair, [Edit(cut, cut + 6, "", "noise", "ad")])
    span = Locator(doc.log, original).record(doc.log[-1])
    assert (span.start, span.end, span.line) == (original.index("Noise"), original.index("Keep"), 2)


def test_a_span_inside_an_earlier_replacement_covers_what_was_replaced() -> None:
    original = "one\r\ntwo\r\nthree\r\n"
    newlines = [
        Edit(i, i + 2, "\n", "normalize.newlines", "normalize", group=True) for i in (3, 8, 15)
    ]
    doc = _run_stages(original, newlines, [Edit(4, 8, "", "drop-two", "ad")])  # "two\n"
    span = Locator(doc.log, original).record(doc.log[-1])
    assert original[span.start : span.end] == "two\r\n"
    assert (span.line, span.end_line) == (2, 2)


def test_notes_and_first_stage_records_keep_their_own_coordinates() -> None:
    doc = PIPELINE.run("Grüße  \n\n\n\nText\n".encode(), "a.txt")
    original = restore(doc.text, doc.log)
    spans = locate(doc.log, original)
    assert spans[0] == Span(0, 0, 1, 1)  # the decode note
    first_changes = min(r.stage for r in doc.log if r.changes_text)
    for record, span in zip(doc.log, spans, strict=True):
        if record.stage == first_changes:
            assert (span.start, span.end, span.line) == (record.start, record.end, record.line)


def test_real_pipeline_rule_removal_below_normalized_lines() -> None:
    block = "Titel  \r\n\r\n\r\nEin\u00a0Absatz mit GrÃ¼ÃŸen.  \r\n"
    data = (block * 3 + "Anzeige\r\nZweiter Absatz.\r\n").encode()
    doc = PIPELINE.run(data, "a.txt")
    original = restore(doc.text, doc.log)
    ad = next(r for r in doc.log if r.category == "ad")
    assert ad.line < 13  # blank lines and line endings went first
    span = Locator(doc.log, original).record(ad)
    assert span.line == 13
    assert original[span.start : span.end] == "Anzeige\r\n"


def _oracle(records: list[LogRecord], original: str) -> list[tuple[int, int]]:
    """Carry each character's original interval forward through the stages."""
    chars = [(i, i + 1) for i in range(len(original))]
    by_stage: dict[int, list[LogRecord]] = {}
    for record in records:
        by_stage.setdefault(record.stage, []).append(record)
    found: dict[int, tuple[int, int]] = {}

    def boundary(position: int) -> int:
        return chars[position][0] if position < len(chars) else len(original)

    for stage in sorted(by_stage):
        for record in by_stage[stage]:
            if record.end > record.start:
                found[id(record)] = (chars[record.start][0], chars[record.end - 1][1])
            else:
                found[id(record)] = (boundary(record.start), boundary(record.start))
        parts = sorted((p for r in by_stage[stage] for p in r.spans()), key=lambda p: p.start)
        out, cursor = [], 0
        for part in parts:
            out.extend(chars[cursor : part.start])
            if part.end > part.start:
                covered = (chars[part.start][0], chars[part.end - 1][1])
            else:
                covered = (boundary(part.start), boundary(part.start))
            out.extend([covered] * len(part.replacement))
            cursor = part.end
        out.extend(chars[cursor:])
        chars = out
    return [found[id(record)] for record in records]


@settings(max_examples=150, deadline=None)
@given(documents())
def test_every_record_maps_as_a_forward_trace_of_each_character_says(text: str) -> None:
    doc = PIPELINE.run(text, "doc.txt")
    original = restore(doc.text, doc.log)
    assert original == text
    spans = locate(doc.log, original)
    expected = _oracle(doc.log, original)
    for record, span, (start, end) in zip(doc.log, spans, expected, strict=True):
        assert (span.start, max(span.end, span.start)) == (start, max(start, end)), record
        assert span.line == original.count("\n", 0, span.start) + 1
