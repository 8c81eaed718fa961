"""Idempotence cases hypothesis found once; the properties themselves live in test_fuzz.py."""

import pytest

from cleaner.core.pipeline import Pipeline

PIPELINE = Pipeline()


@pytest.mark.parametrize("text", ["¬Ä\u2028", "Â\x1f\x80\n", "fÃ\x01¼r die\n", "\x80ß\x85\n"])
def test_idempotence_on_the_cases_hypothesis_found(text: str) -> None:
    once = PIPELINE.run(text).text
    assert PIPELINE.run(once).text == once
