"""The built-in rule packs on the shared benchmarks: what they remove, what they miss, how fast.

    python bench/rules_on_benchmarks.py [--top 40] [--repeat 5] [--show-missed 0]

(a) plaintext-eval: real extracted article texts that still carry boilerplate.
    Per category, the number of lines the rules remove, then the most frequent
    removed lines, for a person to review for false removals.
(b) trafilatura-eval gold: each `without` snippet (annotated boilerplate) and
    each `with` snippet (annotated article text) is run as a document of one
    line. Recall on boilerplate = share of `without` snippets removed entirely;
    false-positive rate on text = share of `with` snippets the rules touch at all.
    scrapinghub-aeb ground truth (human-annotated article bodies) is reported the
    same way, by line.
(c) Time of the rules pass alone (``RuleSet.edits``) per document, as MB/s over
    the plaintext-eval documents and over the scrapinghub article bodies: the
    first pass of a fresh rule set (cold: it learns the line starts and ends it
    sees) and the median of the passes after it.
(d) With ``--per-rule``: the CPU time each rule's own matching took in (c), the
    rules most costly first, and the slowest single match of each rule on a
    10 MB line (what the ``timeout_ms`` default of the rules pass must allow).

The benchmarks live in ../shared/benchmarks beside the repository; a missing
one is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from cleaner.passes.rules import select_rules
from cleaner.rules import RuleSet
from cleaner.rules.scope import Compiled

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
PLAINTEXT = BENCHMARKS / "plaintext-eval" / "docs"
TRAFILATURA = BENCHMARKS / "trafilatura-eval" / "gold.json"
SCRAPINGHUB = BENCHMARKS / "scrapinghub-aeb" / "ground-truth.json"


def as_document(text: str) -> str:
    """The text as the rules pass sees it after normalize: LF line ends, one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return text if text.endswith("\n") else text + "\n"


def removed_spans(ruleset: RuleSet, text: str) -> list[tuple[str, str, str]]:
    """(rule, category, removed text) for every edit the rules propose on ``text``."""
    return [(e.rule, e.category, text[e.start : e.end]) for e in ruleset.edits(text)]


def plaintext_report(ruleset: RuleSet, top: int) -> list[str]:
    if not PLAINTEXT.is_dir():
        print(f"(a) {PLAINTEXT} is missing: skipped")
        return []
    docs = sorted(PLAINTEXT.glob("*.txt"))
    per_category: Counter[str] = Counter()
    per_rule: Counter[str] = Counter()
    lines: Counter[tuple[str, str]] = Counter()
    texts = []
    for path in docs:
        text = as_document(path.read_text(encoding="utf-8-sig"))
        texts.append(text)
        for rule, category, removed in removed_spans(ruleset, text):
            per_category[category] += 1
            per_rule[rule] += 1
            lines[(category, " ".join(removed.split())[:110])] += 1
    total_lines = sum(1 for t in texts for line in t.split("\n") if line.strip())
    print(f"(a) plaintext-eval: {len(docs)} documents, {total_lines} non-blank lines")
    print(f"    edits by category ({sum(per_category.values())} in all):")
    for category, count in per_category.most_common():
        print(f"      {category:<14}{count:>5}")
    print("    edits by rule:")
    for rule, count in per_rule.most_common():
        print(f"      {rule:<40}{count:>5}")
    print(f"    the {top} most frequent removed lines (count, category, text):")
    for (category, line), count in lines.most_common(top):
        print(f"      {count:>3}  {category:<13} {line}")
    return texts


def snippet_report(ruleset: RuleSet, show_missed: int) -> None:
    if not TRAFILATURA.exists():
        print(f"(b) {TRAFILATURA} is missing: skipped")
    else:
        gold = json.loads(TRAFILATURA.read_text(encoding="utf-8"))
        without = [s for page in gold.values() for s in page["without"] if s.strip()]
        with_ = [s for page in gold.values() for s in page["with"] if s.strip()]
        removed_by: Counter[str] = Counter()
        missed = []
        fully = 0
        for snippet in without:
            text = as_document(snippet.strip())
            edits = removed_spans(ruleset, text)
            if sum(len(r) for _, _, r in edits) >= len(text.strip()):
                fully += 1
                removed_by[edits[0][1]] += 1
            else:
                missed.append(snippet)
        touched = []
        for snippet in with_:
            text = as_document(snippet.strip())
            edits = removed_spans(ruleset, text)
            if edits:
                touched.append((snippet, edits))
        print(
            f"(b) trafilatura-eval gold: boilerplate (`without`) fully removed: "
            f"{fully}/{len(without)} = {fully / len(without):.1%}"
        )
        print("    by category: " + ", ".join(f"{c} {n}" for c, n in removed_by.most_common()))
        print(
            f"    article text (`with`) touched: {len(touched)}/{len(with_)} "
            f"= {len(touched) / len(with_):.2%}"
        )
        for snippet, edits in touched:
            print(f"      {edits[0][0]}: {snippet[:100]!r}")
        for snippet in missed[:show_missed]:
            print(f"      missed: {snippet[:100]!r}")
    if not SCRAPINGHUB.exists():
        print(f"    {SCRAPINGHUB} is missing: skipped")
        return
    bodies = json.loads(SCRAPINGHUB.read_text(encoding="utf-8"))
    lines = [
        line.strip()
        for page in bodies.values()
        for line in page["articleBody"].split("\n")
        if line.strip()
    ]
    touched_lines = []
    for line in lines:
        edits = removed_spans(ruleset, as_document(line))
        if edits:
            touched_lines.append((line, edits))
    print(
        f"    scrapinghub-aeb article-body lines touched: {len(touched_lines)}/{len(lines)} "
        f"= {len(touched_lines) / len(lines):.2%}"
    )
    for line, edits in touched_lines:
        print(f"      {edits[0][0]}: {line[:100]!r}")


def speed_report(ruleset: RuleSet, name: str, texts: list[str], repeat: int) -> None:
    if not texts:
        return
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    fresh = pickle.loads(pickle.dumps(ruleset))  # compiled, but nothing seen yet
    start = time.perf_counter()
    for text in texts:
        fresh.edits(text)
    cold = time.perf_counter() - start
    timings = []
    per_doc: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            t0 = time.perf_counter()
            ruleset.edits(text)
            per_doc.append(time.perf_counter() - t0)
        timings.append(time.perf_counter() - start)
    best = statistics.median(timings)
    print(
        f"(c) {name}: {len(texts)} documents, {size * 1000:.0f} KB: cold {size / cold:.1f} MB/s, "
        f"{size / best:.1f} MB/s (median of {repeat}), "
        f"median {statistics.median(per_doc) * 1000:.2f} ms a document, "
        f"slowest {max(per_doc) * 1000:.1f} ms"
    )


def per_rule_report(ruleset: RuleSet, texts: list[str], top: int) -> None:
    """CPU time of each rule's matching over ``texts``, and its slowest match on a 10 MB line."""
    spent: Counter[str] = Counter()
    calls: Counter[str] = Counter()

    def timed(entry: Compiled) -> Compiled:
        def test(subject: str, **options: object) -> object:
            begin = time.process_time()
            try:
                return entry.test(subject, **options)
            finally:
                spent[entry.rule.id] += time.process_time() - begin
                calls[entry.rule.id] += 1

        return replace(entry, test=test)

    copy = pickle.loads(pickle.dumps(ruleset))
    copy.compiled[:] = map(timed, copy.compiled)
    for text in texts:
        copy.edits(text)
    words = " ".join(texts)
    line = (words * (10_000_000 // max(1, len(words)) + 1))[:10_000_000].replace("\n", " ")
    worst: dict[str, float] = {}
    for entry in ruleset.compiled:
        for subject in (line, line + ". Foto: dpa/Max Muster", "a" * 10_000_000):
            begin = time.process_time()
            entry.test(subject)
            worst[entry.rule.id] = max(worst.get(entry.rule.id, 0.0), time.process_time() - begin)
    print("(d) matching time per rule over the (c) texts, and its slowest match on a 10 MB line:")
    for rule_id, seconds in spent.most_common(top):
        print(
            f"      {rule_id:<40}{seconds * 1000:8.1f} ms {calls[rule_id]:6d} lines  "
            f"10 MB line: {worst[rule_id] * 1000:7.0f} ms"
        )
    slowest = max(worst, key=worst.__getitem__)
    print(f"    slowest on a 10 MB line: {slowest}, {worst[slowest] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=40, help="removed lines to list in (a)")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs in (c)")
    parser.add_argument(
        "--show-missed", type=int, default=0, help="boilerplate snippets not removed, to list"
    )
    parser.add_argument("--per-rule", action="store_true", help="(d): time per rule")
    args = parser.parse_args()
    start = time.perf_counter()
    ruleset = RuleSet(select_rules())
    counts: defaultdict[str, int] = defaultdict(int)
    for rule in ruleset.rules:
        counts[rule.category] += 1
    print(
        f"{len(ruleset.rules)} built-in rules, compiled in {time.perf_counter() - start:.2f} s: "
        + ", ".join(f"{c} {n}" for c, n in sorted(counts.items()))
    )
    texts = plaintext_report(ruleset, args.top)
    snippet_report(ruleset, args.show_missed)
    speed_report(ruleset, "plaintext-eval", texts, args.repeat)
    bodies = []
    if SCRAPINGHUB.exists():
        pages = json.loads(SCRAPINGHUB.read_text(encoding="utf-8"))
        bodies = [as_document(page["articleBody"]) for page in pages.values()]
        speed_report(ruleset, "scrapinghub-aeb bodies", bodies, args.repeat)
    if args.per_rule:
        per_rule_report(ruleset, texts + bodies, args.top)


if __name__ == "__main__":
    main()
