"""The repair pass on ftfy's own test cases, and its speed against ``ftfy.fix_text``.

    .venv/bin/python bench/ftfy_cases.py [--cases DIR] [--mb 5] [--repeat 5] [--no-speed]

Cases are read at run time from ../shared/benchmarks/ftfy-cases (nothing is copied into
the repository). Each case's original text goes through ``Pipeline(["repair"])``. The
expectation is ``fixed-encoding`` when the case has one and it holds no HTML entity,
otherwise ``fixed``; output and expectation are compared after NFC, which the later
normalize pass applies. A negative case is "changed" when its output differs from its
expectation (the expectation itself differs from the original in one negative: a C1
control that ftfy, and this pass, turn into the Windows-1252 ellipsis).

Speed: clean German text (seeds 000, 002, 003, 004 and Kafka's "Die Verwandlung"), and the
same text damaged (UTF-8 read as Windows-1252), about ``--mb`` MB each, in documents of one
file or 5,000 characters; median MB/s (UTF-8 bytes in) over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ftfy
from ftfy.chardata import HTML_ENTITY_RE

from cleaner.core.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CASES = SHARED / "benchmarks/ftfy-cases"
FILES = ("in-the-wild", "synthetic", "language-names", "negative", "known-failures")
CLEAN_SOURCES = (
    *(f"seeds/{n}_*.txt" for n in ("000", "002", "003", "004")),
    "benchmarks/encoding/gutenberg/pg22367.txt",
)


@dataclass(frozen=True)
class Outcome:
    """One case: what went in, what came out, what was expected."""

    file: str
    label: str
    original: str
    output: str
    expected: str

    @property
    def right(self) -> bool:
        return _nfc(self.output) == _nfc(self.expected)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def expected(case: dict[str, str]) -> str:
    """``fixed-encoding`` unless absent or still holding an HTML entity; else ``fixed``."""
    encoding_only = case.get("fixed-encoding")
    if encoding_only is not None and not HTML_ENTITY_RE.search(encoding_only):
        return encoding_only
    return case["fixed"]


def run_cases(cases_dir: Path = CASES) -> list[Outcome]:
    pipeline = Pipeline(["repair"])
    outcomes = []
    for name in FILES:
        for case in json.loads((cases_dir / f"{name}.json").read_text(encoding="utf-8")):
            output = pipeline.run(case["original"]).text
            outcomes.append(Outcome(name, case["label"], case["original"], output, expected(case)))
    return outcomes


def print_cases(outcomes: list[Outcome]) -> None:
    print(f"{'file':<16}{'cases':>7}{'right':>7}{'wrong':>7}")
    for name in FILES:
        mine = [o for o in outcomes if o.file == name]
        right = sum(o.right for o in mine)
        print(f"{name:<16}{len(mine):>7}{right:>7}{len(mine) - right:>7}")
    right = sum(o.right for o in outcomes)
    print(f"{'total':<16}{len(outcomes):>7}{right:>7}{len(outcomes) - right:>7}")
    negatives_changed = sum(not o.right for o in outcomes if o.file == "negative")
    print(f"negatives changed: {negatives_changed}")
    for outcome in outcomes:
        if not outcome.right:
            print(f"\n[{outcome.file}] {outcome.label}")
            for key in ("original", "output", "expected"):
                print(f"  {key:<9}{getattr(outcome, key)!r}")


def _clean_documents(megabytes: float) -> list[str]:
    texts = [
        path.read_text(encoding="utf-8")
        for pattern in CLEAN_SOURCES
        for path in sorted(SHARED.glob(pattern))
    ]
    pieces = [t[i : i + 5000] for t in texts for i in range(0, len(t), 5000)]
    docs: list[str] = []
    while sum(len(d.encode("utf-8")) for d in docs) < megabytes * 1e6:
        docs.extend(pieces)
    return docs


def _damaged(text: str) -> str:
    return text.encode("utf-8").decode("sloppy-windows-1252")


def _seconds(function: Callable[[str], object], docs: list[str]) -> float:
    start = time.perf_counter()
    for doc in docs:
        function(doc)
    return time.perf_counter() - start


def _median_mb_s(functions: list[Callable[[str], object]], docs: list[str], repeat: int):
    """Median MB/s of each function; runs alternate so that a busy machine slows all alike."""
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for function, runs in zip(functions, times, strict=True):
            runs.append(_seconds(function, docs))
    return [size / statistics.median(runs) for runs in times]


def print_speed(megabytes: float, repeat: int) -> None:
    pipeline = Pipeline(["repair"])
    clean = _clean_documents(megabytes)
    damaged = [_damaged(d) for d in clean]
    restored = sum(pipeline.run(d).text == c for d, c in zip(damaged, clean, strict=True))
    print(f"\nthroughput, MB/s of UTF-8 input, median of {repeat} alternating runs")
    print(f"{'text':<10}{'MB':>6}{'repair':>10}{'ftfy':>10}{'ratio':>8}")
    for label, docs in (("clean", clean), ("damaged", damaged)):
        mine, theirs = _median_mb_s([lambda d: pipeline.run(d).text, ftfy.fix_text], docs, repeat)
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        print(f"{label:<10}{mb:>6.1f}{mine:>10.2f}{theirs:>10.2f}{mine / theirs:>7.1f}x")
    print(f"damaged documents restored exactly: {restored} of {len(clean)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    print_cases(run_cases(args.cases))
    if not args.no_speed:
        print_speed(args.mb, args.repeat)


if __name__ == "__main__":
    main()
