"""Very long lines and very many lines go through the whole default pipeline in linear time.

Real scraped text has megabyte lines (a page with its newlines stripped) and
documents of a hundred thousand short lines. A pass that is quadratic in
either would take hours on them; these inputs take seconds (3 MB here; 10 MB
take about four times as long, see the report in ``bench/throughput.py --long``).
"""

import time
from pathlib import Path

import pytest

from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "input"
SIZE = 3_000_000
#: Seconds: ten times what a loaded two-core machine needs.
BOUND = 120


def _words() -> list[str]:
    """Real scraped text, boilerplate and mojibake included, repeated up to ``SIZE``."""
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))).split()
    out, size = [], 0
    while size < SIZE:
        word = words[len(out) % len(words)]
        out.append(word)
        size += len(word) + 1
    return out


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize("shape", ["one line", "short lines"])
def test_a_long_input_is_cleaned_in_bounded_time_and_restores(pipeline, shape) -> None:
    words = _words()
    if shape == "one line":
        text = " ".join(words)
    else:
        text = "\n".join(" ".join(words[i : i + 8]) for i in range(0, len(words), 8)) + "\n"
    started = time.perf_counter()
    doc = pipeline.run(text)
    assert time.perf_counter() - started < BOUND
    assert len(doc.text) > 0.9 * len(text)  # repairs and boilerplate, not the text, went
    assert restore(doc.text, doc.log) == text
