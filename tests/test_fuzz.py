"""The pipeline's promises on hostile documents: regressions the fuzzer found."""

from __future__ import annotations

from cleaner.pipeline import Pipeline

PIPELINE = Pipeline()


def test_bytes_one_code_page_reads_cleanly_are_text() -> None:
    """cp866 reads 'a╕ї\\tа' (a box-drawing sign glued to a letter: rare) and scores best;
    that was refused as binary although cp1252 reads the same bytes without an odd character.
    """
    doc = PIPELINE.run(b"a\xb8\xf5\t\xa0", "doc.txt")
    assert doc.metadata["encoding"] == "cp1252"
    assert doc.text == "a¸õ\n"
