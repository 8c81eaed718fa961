"""Memory and time of ``cleaner learn`` on a synthetic corpus, and the estimate for a million.

    python bench/learn_memory.py [--docs 20000] [--sources 50]

Writes DOCS small documents to a temporary folder, SOURCES subfolders: each
document is a title, lines of the bundled seeds made unique by the document
number (content: one hash each), and a few of its source's boilerplate lines
(the lines to learn). Prints the time of a full run, the peak traced memory
of the first pass, the bytes it holds per distinct line hash, and that times
the distinct lines a million such documents would hold.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from cleaner.corpus.learn import count_hashes, learn_corpus, read_documents

ROOT = Path(__file__).resolve().parent.parent


def seed_lines() -> list[str]:
    """Non-blank lines of the seeds, the raw material of every document."""
    lines = []
    for path in sorted((ROOT / "fixtures/input").glob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        lines.extend(line for line in text.splitlines() if line.strip())
    return lines


def write_corpus(folder: Path, docs: int, sources: int, rng: random.Random) -> None:
    lines = seed_lines()
    pools = [
        [f"Quelle {s} – Rubrik {k}" for k in range(6)] + [f"© 2024 Verlag {s}"]
        for s in range(sources)
    ]
    for number in range(docs):
        source = number % sources
        body = [f"{line} ({number})" for line in rng.sample(lines, 12)]
        footer = [line for line in pools[source] if rng.random() < 0.7]
        text = "\n\n".join([f"Artikel {number}", *body, "\n".join(footer)]) + "\n"
        target = folder / f"site{source:03d}" / f"{number:07d}.txt"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--sources", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_corpus(folder, args.docs, args.sources, random.Random(1))
        start = time.perf_counter()
        result = learn_corpus([folder])
        seconds = time.perf_counter() - start
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        counts, _ = count_hashes(read_documents([folder], "folder"))
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    distinct = len(counts)
    per_hash = (held - baseline) / distinct
    per_doc = distinct / args.docs
    phrases = sum(len(s.phrases) for s in result.sources)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents           {result.documents} in {result.source_count} sources")
    print(f"learned             {phrases} phrases in {len(result.sources)} rules")
    print(f"time (two passes)   {seconds:.1f} s, {result.documents / seconds:,.0f} documents/s")
    print(f"distinct hashes     {distinct:,} ({per_doc:.1f} per document)")
    print(f"first pass held     {(held - baseline) / 2**20:.1f} MiB, {per_hash:.0f} bytes/hash")
    print(f"first pass peak     {(peak - baseline) / 2**20:.1f} MiB (traced)")
    print(f"max RSS             {maxrss:.0f} MiB (process)")
    million = per_hash * per_doc * 1_000_000
    print(
        f"1M documents        ~{million / 2**30:.2f} GiB "
        f"({per_hash:.0f} bytes/hash x {per_doc:.1f} distinct lines/document x 1M)"
    )


if __name__ == "__main__":
    main()
