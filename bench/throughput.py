"""Throughput of the whole pipeline against plain ``ftfy.fix_text``, measured in one run.

    python bench/throughput.py [--mb 4] [--repeat 5] [--long 10]

Builds a corpus of ~5 KB documents from the bundled seeds (and, when it is
beside the repository, the German Gutenberg text in ../shared/benchmarks),
once clean and once damaged (UTF-8 read as Windows-1252), and prints the
median MB/s of each over several runs, with the ratio to ftfy.

``--long MB`` instead runs one document of that size as a single line, and one
of short lines, through the default pipeline, and prints the seconds of each
pass: a pass that is quadratic in the length of a line or in the number of
lines shows at once.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import ftfy
from timing import median_rate, megabytes

from cleaner.core.document import Document
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline

ROOT = Path(__file__).resolve().parent.parent
GUTENBERG = ROOT.parent / "shared/benchmarks/encoding/gutenberg/pg22367.txt"


def clean_documents(megabytes: float) -> list[str]:
    """Real German text cut into documents of about 5 KB, repeated up to the size asked."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures/input").glob("*.txt"))]
    if GUTENBERG.exists():
        book = GUTENBERG.read_text(encoding="utf-8")
        texts += [book[i : i + 5000] for i in range(0, len(book), 5000)]
    texts = [t for t in texts if "Ã" not in t]  # seed 001 is damaged: keep the clean set clean
    docs: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        for text in texts:
            docs.append(text)
            size += len(text.encode("utf-8"))
    return docs


def damage(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def rate(function: Callable[[str | bytes], object], docs: list, repeat: int) -> float:
    """Median MB/s of ``function`` over all documents."""
    return median_rate(function, docs, megabytes(docs), repeat)


def long_documents(megabytes: float) -> dict[str, str]:
    """The words of the clean corpus as one line, and as lines of eight words."""
    words = " ".join(clean_documents(1.0)).split()
    chosen, size = [], 0
    while size < megabytes * 1e6:
        chosen.append(words[len(chosen) % len(words)])
        size += len(chosen[-1]) + 1
    lines = (" ".join(chosen[i : i + 8]) for i in range(0, len(chosen), 8))
    return {"one line": " ".join(chosen), "short lines": "\n".join(lines) + "\n"}


def long_report(megabytes: float) -> None:
    pipeline = Pipeline()
    for shape, text in long_documents(megabytes).items():
        doc = Document("long", text)
        seconds: dict[str, float] = {}
        for step in pipeline.passes:
            start = time.perf_counter()
            pipeline.apply(doc, step.name, step.edits(doc))
            seconds[step.name] = seconds.get(step.name, 0.0) + time.perf_counter() - start
        passes = ", ".join(f"{name} {s:.2f}" for name, s in seconds.items())
        print(f"{shape} ({len(text) / 1e6:.1f} MB): {sum(seconds.values()):.1f} s: {passes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the median is reported")
    parser.add_argument("--long", type=float, help="time one document of this many MB instead")
    args = parser.parse_args()
    if args.long:
        long_report(args.long)
        return
    pipelines = {
        "encoding": Pipeline(["decode", "repair", "normalize"]),
        "no-model": Pipeline([p for p in DEFAULT_PASSES if p != "boilerplate"]),
        "default": Pipeline(),
    }
    clean = clean_documents(args.mb)
    damaged = [damage(d) for d in clean]
    print(f"{len(clean)} documents, {sum(len(d.encode()) for d in clean) / 1e6:.1f} MB each set")
    print(
        "encoding = decode,repair,normalize; default = all passes, rules included;"
        " no-model = default without the line model (boilerplate)"
    )
    print(f"{'corpus':<10}{'passes':<10}{'cleaner MB/s':>14}{'ftfy MB/s':>12}{'ratio':>8}")
    for label, docs in (("clean", clean), ("damaged", damaged)):
        theirs = rate(ftfy.fix_text, docs, args.repeat)
        for name, pipeline in pipelines.items():
            ours = rate(pipeline.run, [d.encode("utf-8") for d in docs], args.repeat)
            print(f"{label:<10}{name:<10}{ours:>14.2f}{theirs:>12.2f}{ours / theirs:>7.1f}x")


if __name__ == "__main__":
    main()
