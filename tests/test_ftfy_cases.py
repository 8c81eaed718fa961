"""The repair pass on ftfy's own 161 test cases (read from ../shared at run time).

What is compared (bench/ftfy_cases.py defines it, so the test and the benchmark agree):
the output of ``Pipeline(["repair"])`` on a case's ``original`` against ``fixed-encoding``
when the case has one and it holds no HTML entity, otherwise against ``fixed``, both in NFC
(the normalize pass applies NFC later). A case is right when they are equal. A negative case
is changed when its output differs from its expectation.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT, shared_path

#: At least this many of the 161 cases right (ftfy's "known failures" included).
MIN_RIGHT = 149


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ftfy_cases", ROOT / "bench/ftfy_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


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
