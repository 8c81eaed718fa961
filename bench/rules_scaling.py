"""Cost of the rules pass as the number of rules grows, against a loop of separate searches.

    python bench/rules_scaling.py [--repeat 5]

Generates N line rules (regex) and N phrase rules of the shapes real packs
use, and times the engine on real scraped article text (the bundled seeds
and, when present, ../shared/benchmarks/plaintext-eval) against the naive
way: one regex search per rule per line. Prints median MB/s and the change
from the smallest rule set.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import regex
from timing import median_rate, megabytes

from cleaner.rules import Rule, RuleSet
from cleaner.rules.matcher import split_lines

ROOT = Path(__file__).resolve().parent.parent
PLAINTEXT = ROOT.parent / "shared/benchmarks/plaintext-eval/docs"


def corpus() -> list[str]:
    paths = sorted((ROOT / "fixtures/input").glob("*.txt")) + sorted(PLAINTEXT.glob("*.txt"))
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths]


def synthetic_rules(count: int) -> list[Rule]:
    """Rules shaped like real ones: a label word, optional digits, whole-line scope."""
    rules = []
    for index in range(count):
        word = f"Rubrik{index}"
        rules.append(
            Rule(f"r.{index}", "nav", "line", "bench", pattern=rf"{word}(?: \d+)?", remove=(word,))
        )
        rules.append(Rule(f"p.{index}", "nav", "line", "bench", phrases=(f"Menü {index}",)))
    return rules


def naive(rules: list[Rule]):
    """The baseline: each regex rule searched on each line on its own."""
    compiled = [regex.compile(rf"(?:{r.pattern})\Z") for r in rules if r.pattern]
    phrases = [p for r in rules for p in r.phrases]

    def run(text: str) -> int:
        hits = 0
        for line in split_lines(text):
            hits += any(p.fullmatch(line.content) for p in compiled)
            hits += any(line.content.casefold() == p.casefold() for p in phrases)
        return hits

    return run


def rate(function, texts: list[str], repeat: int) -> float:
    return median_rate(function, texts, megabytes(texts), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = corpus()
    print(f"{len(texts)} documents, {sum(len(t.encode()) for t in texts) / 1e6:.2f} MB")
    print(f"{'rules':>7}{'engine MB/s':>14}{'naive MB/s':>13}{'engine vs 10':>14}")
    first = None
    for count in (10, 100, 1000):
        rules = synthetic_rules(count)
        engine = rate(RuleSet(rules).edits, texts, args.repeat)
        baseline = rate(naive(rules), texts, args.repeat)
        first = first or engine
        print(f"{2 * count:>7}{engine:>14.1f}{baseline:>13.1f}{engine / first:>13.2f}x")


if __name__ == "__main__":
    main()
