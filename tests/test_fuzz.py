"""The pipeline's promises on hostile documents: regressions the fuzzer found."""

from __future__ import annotations

import pytest

from cleaner.pipeline import Pipeline

PIPELINE = Pipeline()


def test_bytes_one_code_page_reads_cleanly_are_text() -> None:
    """cp866 reads 'a╕ї\\tа' (a box-drawing sign glued to a letter: rare) and scores best;
    that was refused as binary although cp1252 reads the same bytes without an odd character.
    """
    doc = PIPELINE.run(b"a\xb8\xf5\t\xa0", "doc.txt")
    assert doc.metadata["encoding"] == "cp1252"
    assert doc.text.rstrip("\n") == "a¸õ"


def test_mojibake_in_utf16_without_a_bom_is_text() -> None:
    """'groÃ\x9fe' (UTF-8 'ß' read as Latin-1) holds a C1 control; two of them in a
    UTF-16-LE paragraph were enough to refuse it, and the message said its NULs were not
    in the pattern of UTF-16 when they were.
    """
    text = "Der Platz war mit PortrÃ¤ts geschmÃ¼ckt; groÃ\x9fe Menschengruppen jubelten. " * 3
    doc = PIPELINE.run(text.encode("utf-16-le"), "doc.txt")
    assert doc.metadata["encoding"] == "utf-16-le"
    assert doc.text.startswith("Der Platz war mit Porträts geschmückt; große Menschengruppen")


def test_surrogates_in_markdown_code_are_repaired_too() -> None:
    """Repair leaves code alone, so a lone surrogate in a fence reached the output, which
    then could not be written as UTF-8; a pair in code is joined like anywhere else.
    """
    doc = PIPELINE.run("```\n\ud800---\nx \ud83d\ude00 `\udc00`\n```\n", "doc.md")
    assert doc.text == "```\n\ufffd---\nx \U0001f600 `\ufffd`\n```\n"
    assert {r.rule for r in doc.log} == {"repair.surrogates"}


@pytest.mark.parametrize("junk", ["\x00", "\x01\x02", "\u200b", "\x00\ufeff\u00ad"])
def test_a_page_behind_deleted_characters_is_a_page_on_the_first_clean(junk: str) -> None:
    """The controls and normalize passes delete these after the html pass has sniffed:
    the page was extracted only by the second clean.
    """
    page = "<!DOCTYPE html><html><body><p>Hallo Welt</p></body></html>"
    doc = PIPELINE.run(junk + page, "doc.txt")
    assert doc.text.rstrip("\n") == "Hallo Welt"
    assert doc.log[0].rule == "html.extract"
