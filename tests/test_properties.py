"""The promises, checked on generated documents through the whole default pipeline."""

import unicodedata

import pytest
from hypothesis import given, settings

from cleaner.passes.decode import BinaryInputError
from cleaner.pipeline import Pipeline
from cleaner.restore import restore
from tests.conftest import byte_documents, documents

PIPELINE = Pipeline()


@settings(max_examples=150, deadline=None)
@given(documents())
def test_clean_is_idempotent(text: str) -> None:
    once = PIPELINE.run(text).text
    assert PIPELINE.run(once).text == once


@settings(max_examples=150, deadline=None)
@given(documents())
def test_restore_gives_the_input_back(text: str) -> None:
    doc = PIPELINE.run(text)
    assert restore(doc.text, doc.log) == text


@settings(max_examples=300, deadline=None)
@given(byte_documents)
def test_any_bytes_give_valid_nfc_text_that_restores_or_a_clear_refusal(data: bytes) -> None:
    try:
        doc = PIPELINE.run(data)
    except BinaryInputError as error:
        assert str(error)
        return
    assert unicodedata.is_normalized("NFC", doc.text)
    doc.text.encode("utf-8")  # no lone surrogates
    decoded = PIPELINE.decoder.decode(data).text
    assert restore(doc.text, doc.log) == decoded


@settings(max_examples=100, deadline=None)
@given(documents())
def test_every_removed_span_is_in_the_log(text: str) -> None:
    doc = PIPELINE.run(text)
    removed = sum(len(p.text) - len(p.replacement) for r in doc.log for p in r.spans())
    assert len(text) - len(doc.text) == removed


@pytest.mark.parametrize("text", ["¬Ä\u2028", "Â\x1f\x80\n", "fÃ\x01¼r die\n", "\x80ß\x85\n"])
def test_idempotence_on_the_cases_hypothesis_found(text: str) -> None:
    once = PIPELINE.run(text).text
    assert PIPELINE.run(once).text == once
