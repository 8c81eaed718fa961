"""A long fuzzing campaign: the properties of tests/test_fuzz.py with many more examples.

    python bench/fuzz.py --minutes 20 [--out fuzz-out] [--only idempotent,restores] [--seed 0]
    python bench/fuzz.py --examples 5000
    python bench/fuzz.py --replay fuzz-out/idempotent-1.json

CI runs each property on ~120 examples; this runs them round-robin in batches
of fresh random examples until the time or the example budget is spent. Every
distinct failure (by exception type and the line it was raised at) is shrunk
by hypothesis and its input saved under ``--out`` (the raw input as ``.bin``
or ``.txt``, and a ``.json`` with property, document id and error, which
``--replay`` runs again). Inputs that show a bug already reported (an xfail
test in test_fuzz.py) are set aside and counted as "known". Prints, per
property, how many inputs were tried, the known ones, the failures, and the
throughput.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import UnsatisfiedAssumption

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import test_fuzz  # noqa: E402

Case = tuple[Any, str]
Check = Callable[[Any, str], None]


@dataclass
class Failure:
    """One distinct failure: the shrunk input and where and how it failed."""

    prop: str
    case: Case
    error: str
    where: str
    seen: int = 1


@dataclass
class Tally:
    """What one property's campaign did."""

    tried: int = 0
    known: int = 0
    size: int = 0
    seconds: float = 0.0
    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)


def _where(error: BaseException) -> str:
    """The innermost frame in the project's own code: where a failure is told apart."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/cleaner/" in f.filename or "/tests/" in f.filename] or frames
    frame = ours[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"


def _size(case: Case) -> int:
    data = case[0]
    return len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))


def batch(
    prop: str,
    check: Check,
    strategy: st.SearchStrategy[Case],
    examples: int,
    rng: int,
    tally: Tally,
) -> None:
    """Run ``examples`` fresh inputs through ``check``; record the shrunk failures."""
    failing: list[tuple[Case, BaseException]] = []

    def body(case: Case) -> None:
        tally.tried += 1
        tally.size += _size(case)
        try:
            check(*case)
        except Exception as error:
            failing.append((case, error))
            raise

    test = seed(rng)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )(given(strategy)(body))
    )
    known_before = sum(test_fuzz.KNOWN_ISSUES.values())
    start = time.perf_counter()
    try:
        test()
    except Exception as error:  # one failure, or a group of distinct ones
        errors = list(getattr(error, "exceptions", [error]))
        for case, raised in failing[-len(errors) :]:
            key = (type(raised).__name__, _where(raised))
            if key in tally.failures:
                tally.failures[key].seen += 1
            else:
                message = "".join(traceback.format_exception_only(type(raised), raised))
                tally.failures[key] = Failure(prop, case, message.strip()[:2000], key[1])
    tally.seconds += time.perf_counter() - start
    tally.known += sum(test_fuzz.KNOWN_ISSUES.values()) - known_before


def save(failure: Failure, out: Path, number: int) -> Path:
    """The input as a file of its own, and a JSON note that ``--replay`` reads."""
    out.mkdir(parents=True, exist_ok=True)
    data, doc_id = failure.case
    stem = out / f"{failure.prop}-{number}"
    if isinstance(data, bytes):
        raw = stem.with_suffix(".bin")
        raw.write_bytes(data)
    else:
        raw = stem.with_suffix(".txt")
        raw.write_bytes(data.encode("utf-8", "surrogatepass"))
    note = {
        "property": failure.prop,
        "input": raw.name,
        "kind": "bytes" if isinstance(data, bytes) else "str",
        "doc_id": doc_id,
        "where": failure.where,
        "error": failure.error,
        "seen_in_batches": failure.seen,
        "repr": repr(data)[:4000],
    }
    path = stem.with_suffix(".json")
    path.write_text(json.dumps(note, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def replay(note_path: Path) -> int:
    """Run the check a saved failure came from on its input; 0 when it passes now."""
    note = json.loads(note_path.read_text(encoding="utf-8"))
    raw = (note_path.parent / note["input"]).read_bytes()
    data = raw if note["kind"] == "bytes" else raw.decode("utf-8", "surrogatepass")
    check = test_fuzz.PROPERTIES[note["property"]][0]
    known = test_fuzz.KNOWN_ISSUES.copy()
    try:
        check(data, note["doc_id"])
    except UnsatisfiedAssumption:
        issue = next(iter(test_fuzz.KNOWN_ISSUES - known))
        print(f"{note['property']}: known issue {issue} on {note['input']} (an xfail test pins it)")
        return 0
    except Exception:
        traceback.print_exc()
        return 1
    print(f"{note['property']}: passes on {note['input']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--minutes", type=float, help="time budget for all properties together")
    budget.add_argument("--examples", type=int, help="examples per property")
    budget.add_argument("--replay", type=Path, help="run a saved failure's .json again")
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"), help="folder for failures")
    parser.add_argument("--only", help="comma-separated properties (default: all)")
    parser.add_argument("--batch", type=int, default=100, help="examples per hypothesis run")
    parser.add_argument("--seed", type=int, default=0, help="first batch's random seed")
    args = parser.parse_args(argv)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # "discarding data" per page
    if args.replay:
        return replay(args.replay)
    names = args.only.split(",") if args.only else list(test_fuzz.PROPERTIES)
    unknown = sorted(set(names) - set(test_fuzz.PROPERTIES))
    if unknown:
        parser.error(f"unknown properties {unknown}; known: {sorted(test_fuzz.PROPERTIES)}")
    if args.minutes is None and args.examples is None:
        args.minutes = 1.0
    tallies = {name: Tally() for name in names}
    deadline = time.monotonic() + 60 * args.minutes if args.minutes is not None else None
    rng = args.seed
    while True:
        pending = [n for n in names if args.examples is None or tallies[n].tried < args.examples]
        if not pending or (deadline is not None and time.monotonic() >= deadline):
            break
        for name in pending:
            check, strategy = test_fuzz.PROPERTIES[name]
            size = args.batch
            if args.examples is not None:
                size = min(size, args.examples - tallies[name].tried)
            batch(name, check, strategy, size, rng, tallies[name])
            rng += 1
            if deadline is not None and time.monotonic() >= deadline:
                break
    report(tallies, args.out)
    return 1 if any(t.failures for t in tallies.values()) else 0


def report(tallies: dict[str, Tally], out: Path) -> None:
    print(
        f"{'property':<16} {'tried':>7} {'known':>6} {'failures':>8} {'s':>7} "
        f"{'inputs/s':>8} {'MB/s':>6}"
    )
    number = 0
    saved = []
    for name, t in tallies.items():
        rate = t.tried / t.seconds if t.seconds else 0.0
        mbs = t.size / 1e6 / t.seconds if t.seconds else 0.0
        print(
            f"{name:<16} {t.tried:>7} {t.known:>6} {len(t.failures):>8} {t.seconds:>7.0f} "
            f"{rate:>8.1f} {mbs:>6.2f}"
        )
        for failure in t.failures.values():
            number += 1
            saved.append((failure, save(failure, out, number)))
    for issue, count in sorted(test_fuzz.KNOWN_ISSUES.items()):
        print(f"known issue {issue}: {count} inputs set aside")
    for failure, path in saved:
        first = failure.error.splitlines()[0][:160]
        print(f"\n{failure.prop} at {failure.where} (in {failure.seen} batches): {first}")
        print(f"  input: {failure.case[0]!r}"[:300])
        print(f"  reproduce: python bench/fuzz.py --replay {path}")


if __name__ == "__main__":
    sys.exit(main())
