"""Throughput of the whole pipeline against plain ``ftfy.fix_text``, measured in one run.

    python bench/throughput.py [--mb 4] [--repeat 5]

Builds a corpus of ~5 KB documents from the bundled seeds (and, when it is
beside the repository, the German Gutenberg text in ../shared/benchmarks),
once clean and once damaged (UTF-8 read as Windows-1252), and prints the
median MB/s of each over several runs, with the ratio to ftfy.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import ftfy
from timing import median_rate, megabytes

from cleaner.pipeline import Pipeline

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the median is reported")
    args = parser.parse_args()
    pipelines = {
        "encoding": Pipeline(["decode", "repair", "normalize"]),
        "default": Pipeline(),
    }
    clean = clean_documents(args.mb)
    damaged = [damage(d) for d in clean]
    print(f"{len(clean)} documents, {sum(len(d.encode()) for d in clean) / 1e6:.1f} MB each set")
    print("encoding = decode,repair,normalize; default = all passes, rules included")
    print(f"{'corpus':<10}{'passes':<10}{'cleaner MB/s':>14}{'ftfy MB/s':>12}{'ratio':>8}")
    for label, docs in (("clean", clean), ("damaged", damaged)):
        theirs = rate(ftfy.fix_text, docs, args.repeat)
        for name, pipeline in pipelines.items():
            ours = rate(pipeline.run, [d.encode("utf-8") for d in docs], args.repeat)
            print(f"{label:<10}{name:<10}{ours:>14.2f}{theirs:>12.2f}{ours / theirs:>7.1f}x")


if __name__ == "__main__":
    main()
