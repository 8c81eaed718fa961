"""Line-level quality of boilerplate removal on labeled documents the model was not trained on.

    python bench/lines_eval.py [--corpus build/lines/lines.jsonl] [--split test]
        [--handlabeled training/handlabeled] [--show 5]

Every labeled line of the test split (sites never seen in training) counts:
a boilerplate line is found when cleaner removes at least half of it, a real
line is lost when it does. Printed for three pipelines, so the gain of each
part is visible: the rules alone (the default pipeline without the line
model), the model alone (without the rules) and both (the default). For
each: precision, recall, F1 and keep-line retention, overall, per source,
per language and per category (recall only: a category is a kind of
boilerplate). Lines the passes before the model already remove (link-only
Markdown lines, say) count as found by all three.
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
from labeled import BOILERPLATE, LabeledDoc, load_documents  # noqa: E402

from cleaner.check.locate import Locator  # noqa: E402
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline  # noqa: E402
from cleaner.core.safety import FORM_CATEGORIES, SafetyValve  # noqa: E402

TEXT_PASSES = tuple(p for p in DEFAULT_PASSES if p not in ("decode", "html"))
PIPELINES = {
    "rules": tuple(p for p in TEXT_PASSES if p != "boilerplate"),
    "model": tuple(p for p in TEXT_PASSES if p != "rules"),
    "both": TEXT_PASSES,
}


@dataclass(slots=True)
class Tally:
    """Counts of one slice: real lines kept and lost, boilerplate lines found and missed."""

    kept: int = 0
    lost: int = 0
    found: int = 0
    missed: int = 0

    def add(self, boilerplate: bool, removed: bool) -> None:
        if boilerplate:
            self.found += removed
            self.missed += not removed
        else:
            self.lost += removed
            self.kept += not removed

    def recall_row(self) -> str:
        lines = self.found + self.missed
        return f"R {self.found / max(lines, 1):.3f}  (lines {lines})"

    def row(self) -> str:
        precision = self.found / max(self.found + self.lost, 1)
        recall = self.found / max(self.found + self.missed, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        retention = self.kept / max(self.kept + self.lost, 1)
        lines = self.kept + self.lost + self.found + self.missed
        return (
            f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  retention {retention:.4f}"
            f"  (lines {lines}, lost {self.lost})"
        )


@dataclass(slots=True)
class Result:
    overall: Tally = field(default_factory=Tally)
    by: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    lost: list[tuple[str, str, str]] = field(default_factory=list)

    def tally(self, kind: str, key: str) -> Tally:
        return self.by[kind].setdefault(key, Tally())


def removed_lines(doc: LabeledDoc, pipeline: Pipeline) -> tuple[set[int], dict[int, str]]:
    """Input lines that the pipeline removed at least half of, and the rule that did it."""
    original = doc.text
    cleaned = pipeline.run(original, doc.id)
    locator = Locator(cleaned.log, original)
    starts = [0]
    for line in doc.lines:
        starts.append(starts[-1] + len(line) + 1)
    taken: Counter[int] = Counter()
    rules: dict[int, str] = {}
    for record in cleaned.log:
        if not record.changes_text or record.category in FORM_CATEGORIES:
            continue
        for part in record.spans():
            if part.replacement.strip():
                continue
            span = locator.span(record.stage, part.start, part.end)
            first = bisect_right(starts, span.start) - 1
            for number in range(first, len(doc.lines)):
                if starts[number] >= span.end:
                    break
                low = max(span.start, starts[number])
                high = min(span.end, starts[number] + len(doc.lines[number]))
                taken[number] += len("".join(original[low:high].split()))
                rules.setdefault(number, record.rule)
    removed = {
        number
        for number, count in taken.items()
        if count * 2 >= len("".join(doc.lines[number].split()))
    }
    return removed, rules


def evaluate(docs: Iterable[LabeledDoc], pipeline: Pipeline) -> Result:
    result = Result()
    for doc in docs:
        removed, rules = removed_lines(doc, pipeline)
        for number, label in enumerate(doc.labels):
            if label is None or not doc.lines[number].strip() or not doc.sure[number]:
                continue
            boilerplate = label in BOILERPLATE
            gone = number in removed
            result.overall.add(boilerplate, gone)
            result.tally("source", doc.source).add(boilerplate, gone)
            result.tally("rendering", doc.rendering or "-").add(boilerplate, gone)
            result.tally("language", doc.lang or "?").add(boilerplate, gone)
            if boilerplate:
                result.tally("category", label).add(True, gone)
            elif gone:
                result.lost.append((doc.id, rules.get(number, "?"), doc.lines[number]))
    return result


def load(corpus: Path, handlabeled: Path, split: str) -> list[LabeledDoc]:
    return [doc for doc in load_documents(corpus, handlabeled) if doc.split == split]


def report(name: str, result: Result, show: int, keys: Callable[[str], Sequence[str]]) -> None:
    print(f"\n== {name}: {result.overall.row()}")
    for kind in ("source", "rendering", "language", "category"):
        print(
            f"  by {kind}:"
            + (" (recall: a category is a kind of boilerplate)" * (kind == "category"))
        )
        for key in keys(kind):
            if key in result.by[kind]:
                tally = result.by[kind][key]
                row = tally.recall_row() if kind == "category" else tally.row()
                print(f"    {key:<22} {row}")
    by_rule = Counter(rule for _, rule, _ in result.lost)
    if by_rule:
        print(
            "  real lines lost, by rule: " + ", ".join(f"{r} {n}" for r, n in by_rule.most_common())
        )
    for doc_id, rule, text in result.lost[:show]:
        print(f"    {rule:<28} {doc_id[:40]:<40} {text.strip()[:90]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "build/lines/lines.jsonl")
    parser.add_argument("--handlabeled", type=Path, default=ROOT / "training/handlabeled")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--show", type=int, default=5, help="lost real lines to print")
    parser.add_argument("--only", choices=tuple(PIPELINES), action="append")
    parser.add_argument("--source", action="append", help="only documents of this source")
    parser.add_argument("--threshold", type=float, help="line model threshold (default: its own)")
    parser.add_argument("--model", help="a line model file (default: the shipped one)")
    args = parser.parse_args()
    docs = load(args.corpus, args.handlabeled, args.split)
    if args.source:
        docs = [doc for doc in docs if doc.source in args.source]
    options = {"boilerplate": {"threshold": args.threshold, "model": args.model}}
    print(f"{len(docs)} documents of the {args.split} split")
    results = {}
    for name, passes in PIPELINES.items():
        if args.only and name not in args.only:
            continue
        chosen = {name: o for name, o in options.items() if name in passes}
        pipeline = Pipeline(passes, chosen, safety=SafetyValve(max_removed_share=1.0))
        results[name] = evaluate(docs, pipeline)
    everything: dict[str, set[str]] = defaultdict(set)
    for result in results.values():
        for kind, table in result.by.items():
            everything[kind] |= set(table)
    for name, result in results.items():
        report(name, result, args.show, lambda kind: sorted(everything[kind]))


if __name__ == "__main__":
    main()
