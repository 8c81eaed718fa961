"""Same outputs and logs as before? Hashes of every document's result on every benchmark corpus.

    python bench/identity.py save FILE [--corpus NAME ...] [-j 2]
    python bench/identity.py compare FILE [--corpus NAME ...] [-j 2]

Runs the default pipeline (``Cleaner()``, no time limit, so a slow machine
cannot stop a document early) over the corpora of bench/corpora.py and hashes
each document's output text, status, metadata and log records (as the log
writes them). ``save`` writes the hashes to FILE; ``compare`` runs again and
prints, per corpus, how many documents give the same hash, naming those that
do not. To take the baseline from another commit, run ``save`` with that
commit's code first on the path:

    git archive main cleaner rules | tar -x -C /tmp/main-code
    PYTHONPATH=/tmp/main-code python bench/identity.py save /tmp/main.json

The first line printed says which ``cleaner`` was imported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from multiprocessing import get_context
from pathlib import Path

from corpora import CORPORA

import cleaner
from cleaner import Cleaner, Config, Limits

_cleaner: Cleaner | None = None


def _start() -> None:
    global _cleaner
    _cleaner = Cleaner(Config(limits=Limits(max_bytes=None, max_seconds=None)))


def digest(item: tuple[str, str | bytes]) -> tuple[str, str]:
    """The document's id and the hash of everything cleaning gave for it."""
    assert _cleaner is not None
    doc_id, data = item
    result = _cleaner.clean(data, doc_id)
    summary = {
        "text": result.text,
        "status": result.status,
        "message": result.message,
        "metadata": result.metadata,
        "log": [record.to_dict() for record in result.edits],
    }
    encoded = json.dumps(summary, sort_keys=True, ensure_ascii=False, default=repr)
    return doc_id, hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()


def hashes(names: list[str], jobs: int) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    with get_context("spawn").Pool(jobs, initializer=_start) as pool:
        for name in names:
            started = time.monotonic()
            corpus = CORPORA[name]()
            found[name] = dict(pool.imap(digest, corpus, chunksize=8))
            seconds = time.monotonic() - started
            print(f"  {name}: {len(corpus)} documents in {seconds:.0f} s", file=sys.stderr)
    return found


def compare(saved: dict[str, dict[str, str]], now: dict[str, dict[str, str]]) -> bool:
    same_everywhere = True
    print(f"{'corpus':18}{'documents':>10}{'identical':>10}  differing")
    for name, found in now.items():
        before = saved.get(name)
        if before is None:
            print(f"{name:18}{len(found):>10}{'-':>10}  (not in the baseline)")
            same_everywhere = False
            continue
        differing = sorted(k for k in before.keys() | found.keys() if before.get(k) != found.get(k))
        same = len(found) - len([k for k in differing if k in found])
        shown = ", ".join(differing[:5]) + (" ..." if len(differing) > 5 else "")
        print(f"{name:18}{len(found):>10}{same:>10}  {shown}")
        same_everywhere &= not differing
    return same_everywhere


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("save", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="default: all")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    print(f"cleaner from {Path(cleaner.__file__).parent}")
    now = hashes(args.corpus or list(CORPORA), args.jobs)
    if args.mode == "save":
        args.file.write_text(json.dumps(now, indent=0, sort_keys=True))
        print(f"saved {sum(map(len, now.values()))} hashes to {args.file}")
        return
    same = compare(json.loads(args.file.read_text()), now)
    print("identical on every document" if same else "DIFFERENCES: see above")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
