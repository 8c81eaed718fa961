"""The repair pass on ftfy's own 161 test cases (read from ../shared at run time).

What is compared (bench/ftfy_cases.py defines it, so the test and the benchmark agree):
the output of ``Pipeline(["repair"])`` on a case's ``original`` against ``fixed-encoding``
when the case has one and it holds no HTML entity, otherwise against ``fixed``, both in NFC
(the normalize pass applies NFC later). A case is right when they are equal. A negative case
is changed when its output differs from its expectation.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.conftest import load_bench, shared_path

#: At least this many of the 161 cases right (ftfy's "known failures" included).
MIN_RIGHT = 149


def _bench() -> ModuleType:
    return load_bench("ftfy_cases")


def test_ftfy_cases() -> None:
    cases: Path = shared_path("benchmarks/ftfy-cases")
    bench = _bench()
    outcomes = bench.run_cases(cases)
    bench.print_cases(outcomes)
    right = sum(o.right for o in outcomes)
    negatives_changed = [o.label for o in outcomes if o.file == "negative" and not o.right]
    assert len(outcomes) == 161
    assert right >= MIN_RIGHT
    assert negatives_changed == []
