"""Every figure of issue 12 in one run, each code tree measured beside the others.

    python bench/speed.py [--baseline-code DIR] [--rounds 3] [--files 2000]

For this checkout's ``cleaner`` and, with ``--baseline-code``, another tree
(``git archive main cleaner rules | tar -x -C DIR``), prints the medians over
``--rounds`` rounds, the trees taking turns within each round so that a busy
machine slows them alike:

- MB/s of ``Cleaner().clean`` (default pipeline) on the ``clean`` and
  ``scraped`` corpora of bench/corpora.py, and of ``ftfy.fix_text`` on the same
  documents in the same process, after one warm-up pass;
- seconds of ``Cleaner()`` in a fresh process whose caches are warm;
- seconds of ``cleaner check`` (the whole command) on 200 files, already
  cleaned and so all in its cache;
- files/s of ``cleaner clean DIR -o OUT --log LOG`` over ``--files`` files of
  about 2 KB at ``-j 1`` and ``-j 2``, the seconds of the same command on one
  file (start-up) subtracted.

Each tree gets its own cache folder, warmed before the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import CORPORA

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

_THROUGHPUT = """
import json, sys, time
sys.path.insert(0, {bench!r})
import ftfy
from corpora import CORPORA
from cleaner import Cleaner
cleaner = Cleaner()
found = {{}}
for name in ("clean", "scraped"):
    docs = [d if isinstance(d, str) else d.decode() for _, d in CORPORA[name]()]
    mb = sum(len(d.encode()) for d in docs) / 1e6
    for d in docs:
        cleaner.clean(d)
    for label, function in (("cleaner", cleaner.clean), ("ftfy", ftfy.fix_text)):
        start = time.perf_counter()
        for d in docs:
            function(d)
        found[f"{{label}} {{name}}"] = mb / (time.perf_counter() - start)
print(json.dumps(found))
"""

_BUILD = """
import sys, time
import cleaner
print(cleaner.__file__, file=sys.stderr)
from cleaner import Cleaner
start = time.perf_counter()
Cleaner()
print(time.perf_counter() - start)
"""


class Tree:
    """One code tree under test: how to run its Python, with its own cache folder."""

    def __init__(self, label: str, code: Path | None, scratch: Path) -> None:
        self.label = label
        #: Children start here: ``-c`` and ``-m`` put the working folder first on the
        #: path, where a checkout's ``cleaner`` would shadow ``PYTHONPATH``.
        self.cwd = scratch
        self.env = dict(os.environ, CLEANER_CACHE_DIR=str(scratch / f"cache-{label}"))
        if code is not None:
            self.env["PYTHONPATH"] = str(code)

    def python(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            check=check,
        )

    def seconds(self, *args: str) -> float:
        """Wall-clock seconds of one ``python -m cleaner ...`` command (``check`` exits 1
        when a file would change: that is an answer, not a failure)."""
        start = time.perf_counter()
        done = self.python("-m", "cleaner", *args, check=False)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{self.label}: cleaner {' '.join(args)}: {done.stderr}")
        return time.perf_counter() - start


def _small_files(folder: Path, count: int) -> None:
    """``count`` files of about 2 KB cut from the clean corpus (clean text: check caches)."""
    text = "".join(d if isinstance(d, str) else d.decode() for _, d in CORPORA["clean"]())
    folder.mkdir(parents=True)
    for n in range(count):
        piece = text[(n * 2000) % (len(text) - 2000) :][:2000]
        piece = piece[piece.find("\n") + 1 : piece.rfind("\n") + 1] or "Text.\n"
        (folder / f"{n:05d}.txt").write_text(piece, encoding="utf-8")


def _files_per_second(tree: Tree, scratch: Path, jobs: int, count: int) -> float:
    def run(folder: Path) -> float:
        out = scratch / f"out-{tree.label}"
        shutil.rmtree(out, ignore_errors=True)
        log = scratch / f"log-{tree.label}.jsonl"
        jobs_option = ("-j", str(jobs))
        return tree.seconds("clean", str(folder), "-o", str(out), "--log", str(log), *jobs_option)

    startup = run(scratch / "one")
    return count / max(run(scratch / "many") - startup, 1e-9)


def _round(tree: Tree, scratch: Path, count: int) -> dict[str, float]:
    found: dict[str, float] = json.loads(
        tree.python("-c", _THROUGHPUT.format(bench=str(BENCH))).stdout
    )
    found["Cleaner() s"] = float(tree.python("-c", _BUILD).stdout)
    found["check s"] = tree.seconds("check", str(scratch / "checked"))
    for jobs in (1, 2):
        found[f"files/s -j{jobs}"] = _files_per_second(tree, scratch, jobs, count)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-code", type=Path, help="another tree's code, e.g. main's")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--files", type=int, default=2000, help="small files for files/s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleaner-speed-") as name:
        scratch = Path(name)
        _small_files(scratch / "many", args.files)
        _small_files(scratch / "one", 1)
        _small_files(scratch / "checked", 200)
        trees = [Tree("this", ROOT, scratch)]
        if args.baseline_code:
            trees.append(Tree("baseline", args.baseline_code.resolve(), scratch))
        checked = str(scratch / "checked")  # cleaned once: clean files, all cacheable
        trees[0].seconds("clean", checked, "--in-place", "--log", str(scratch / "checked.log"))
        for tree in trees:  # warm: rule index, check verdicts
            print(f"{tree.label}: {tree.python('-c', _BUILD).stderr.strip()}", file=sys.stderr)
            tree.seconds("check", str(scratch / "checked"))
        rounds: dict[str, list[dict[str, float]]] = {tree.label: [] for tree in trees}
        for number in range(args.rounds):
            for tree in trees:
                rounds[tree.label].append(_round(tree, scratch, args.files))
            print(f"round {number + 1} of {args.rounds} done", file=sys.stderr)
    keys = list(rounds[trees[0].label][0])
    print(f"medians of {args.rounds} rounds; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'':22}" + "".join(f"{tree.label:>12}" for tree in trees))
    for key in keys:
        values = [statistics.median(r[key] for r in rounds[tree.label]) for tree in trees]
        print(f"{key:22}" + "".join(f"{v:12.2f}" for v in values))
    for tree in trees:
        medians = {k: statistics.median(r[k] for r in rounds[tree.label]) for k in keys}
        ratios = ", ".join(
            f"{name} {medians[f'cleaner {name}'] / medians[f'ftfy {name}']:.1f}x ftfy"
            for name in ("clean", "scraped")
        )
        print(f"{tree.label}: {ratios}")


if __name__ == "__main__":
    main()
