"""Cost of the markup and duplicates passes as documents grow: it should be linear.

    python bench/structure_scaling.py [--repeat 5]

Builds documents of about 10 KB, 100 KB and 1 MB from real scraped text (the
bundled seeds and, when present, ../shared/benchmarks/plaintext-eval), run
through decode, repair and normalize first, as the passes see it. Copies of
the texts are varied so that most paragraphs are new, some sentences recur
across copies (the sentence index gets long lists) and every fifth copy
repeats word for word (real duplicates to find). Prints the median MB/s of
each pass per size; flat MB/s across sizes means linear cost.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from timing import median_rate, megabytes

# Importing a pass registers it.
from cleaner.core.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
PLAINTEXT = ROOT.parent / "shared/benchmarks/plaintext-eval/docs"
SIZES = (10_000, 100_000, 1_000_000)


def corpus() -> list[str]:
    """The real texts, as the structure passes see them (after normalize)."""
    paths = sorted((ROOT / "fixtures/input").glob("*.txt")) + sorted(PLAINTEXT.glob("*.txt"))
    prepare = Pipeline(["decode", "repair", "normalize"])
    return [prepare.run(path.read_bytes()).text for path in paths]


def variant(text: str, copy: int) -> str:
    """Copy ``copy`` of a text: every fifth one verbatim, the others with each paragraph's
    first sentence marked, so later sentences recur across copies."""
    if copy % 5 == 0:
        return text
    return "\n\n".join(
        f"({copy}) {paragraph}" if paragraph.strip() else paragraph
        for paragraph in text.split("\n\n")
    )


def document(texts: list[str], size: int) -> str:
    """About ``size`` bytes of UTF-8 from copies of ``texts``."""
    parts: list[str] = []
    total, copy = 0, 0
    while total < size:
        for text in texts:
            part = variant(text, copy)
            parts.append(part)
            total += len(part.encode("utf-8"))
            if total >= size:
                break
        copy += 1
    return "\n".join(parts)


def rate(run: Callable[[str], object], text: str, repeat: int) -> float:
    """Median MB/s of ``run`` on ``text``."""
    return median_rate(run, [text], megabytes([text]), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = corpus()
    passes = {name: Pipeline([name]) for name in ("markup", "duplicates")}
    print(f"{len(texts)} source texts; median of {args.repeat} runs")
    print(f"{'size':>10}{'markup MB/s':>14}{'duplicates MB/s':>18}{'edits':>8}")
    for size in SIZES:
        text = document(texts, size)
        rates = [rate(p.run, text, args.repeat) for p in passes.values()]
        edits = sum(len(p.run(text).log) for p in passes.values())
        print(f"{len(text.encode()):>10}{rates[0]:>14.1f}{rates[1]:>18.1f}{edits:>8}")


if __name__ == "__main__":
    main()
