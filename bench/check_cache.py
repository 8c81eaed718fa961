"""``cleaner check`` over 10,000 small files: cold cache against warm, and where time goes.

The files are made from the seeds in fixtures/input (a seed's title with a
number of its own, then its first few paragraphs) and cleaned once, because a
pre-commit run over a corpus mostly meets files that are clean and unchanged:
that is what the cache is for. Each timed run is the command as a user runs it,
a new process, so start-up counts. Medians of several runs.

    python bench/check_cache.py [--files 10000] [--cold 3] [--warm 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "input"


def make_corpus(folder: Path, count: int) -> int:
    """Write ``count`` clean files under ``folder``; return their total size in bytes."""
    from cleaner.api import Cleaner

    cleaner = Cleaner()
    seeds = []
    for seed in sorted(SEEDS.glob("*.txt")):
        text = cleaner.clean(seed.read_bytes()).text or ""
        title, _, body = text.partition("\n")
        seeds.append((title, [p for p in body.split("\n\n") if p.strip()]))
    size = 0
    for n in range(count):
        title, paragraphs = seeds[n % len(seeds)]
        kept = paragraphs[: 1 + (n // len(seeds)) % 3]
        text = cleaner.clean(f"{title} ({n})\n\n" + "\n\n".join(kept) + "\n").text or ""
        path = folder / f"{n // 1000:02d}" / f"doc{n:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size


def run_check(folder: Path, cache: Path) -> tuple[float, str]:
    """Seconds for one ``cleaner check`` process, and its summary line."""
    env = {**os.environ, "CLEANER_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "cleaner", "check", str(folder)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"cleaner check failed ({done.returncode}):\n{done.stderr}")
    return seconds, done.stderr.strip().splitlines()[-1]


def in_fresh_process(code: str) -> float:
    """Seconds that ``code`` (which prints them) reports from a new interpreter."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout)


def warm_engine(folder: Path, cache: Path) -> float:
    """The warm path in this process, after start-up and config: read, hash, look up."""
    from cleaner.check.cache import Cache, settings_key
    from cleaner.check.findings import check_files
    from cleaner.core.config import Config
    from cleaner.corpus.files import Source, find_sources

    config = Config()
    started = time.perf_counter()
    sources = [s for s in find_sources([folder]) if isinstance(s, Source)]
    verdicts = list(check_files(config, sources, Cache(settings_key(config), cache)))
    seconds = time.perf_counter() - started
    assert all(v.cached for v in verdicts), "the warm engine met a file not in the cache"
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--cold", type=int, default=3, help="cold runs (each a new cache)")
    parser.add_argument("--warm", type=int, default=5, help="warm runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as temporary:
        work = Path(temporary)
        corpus = work / "corpus"
        corpus.mkdir()
        size = make_corpus(corpus, args.files)
        print(f"{args.files:,} files, {size / args.files / 1000:.1f} KB on average")

        imports = in_fresh_process(
            "import time; t = time.perf_counter(); import cleaner.cli; "
            "print(time.perf_counter() - t)"
        )
        build = in_fresh_process(
            "from cleaner.core.config import Config; import time; t = time.perf_counter(); "
            "Config().pipeline(); print(time.perf_counter() - t)"
        )
        print(f"start-up: import cleaner.cli {imports:.2f} s, first pipeline build {build:.2f} s")

        cold = []
        for n in range(args.cold):
            seconds, summary = run_check(corpus, work / f"cache-{n}")
            cold.append(seconds)
        print(f"cold run says: {summary}")
        warm_cache = work / f"cache-{args.cold - 1}"
        warm = []
        for _ in range(args.warm):
            seconds, summary = run_check(corpus, warm_cache)
            if f"({args.files} known clean" not in summary:
                raise SystemExit(
                    f"a warm run missed the cache ({summary}): were cleaner's sources or "
                    "rule packs edited during the run? Their hash is part of the cache key."
                )
            warm.append(seconds)
        engine = statistics.median(warm_engine(corpus, warm_cache) for _ in range(args.warm))
        for label, seconds in (
            ("cold (empty cache)", statistics.median(cold)),
            ("warm (all cached)", statistics.median(warm)),
            ("warm, in process, no start-up", engine),
        ):
            print(f"{label:32} {seconds:8.2f} s {args.files / seconds:10,.0f} files/s")


if __name__ == "__main__":
    main()
