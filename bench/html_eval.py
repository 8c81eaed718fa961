"""The html pass, alone and followed by our text passes, on scrapinghub-aeb.

    python bench/html_eval.py [--show 5]

Scores with the benchmark's official metric (its README): tokens are regex
``\\w+`` matches, each text a multiset of word 4-gram shingles, precision and
recall per page averaged over pages, F1 the harmonic mean of the averages.
The scorer is checked first on the published trafilatura 2.0.0 output
(reference-outputs/trafilatura.json.gz, F1 0.958).

Why: trafilatura already removes page furniture well, and every well-known
line filter run after it lowers its F1. Our text passes must not. The table
adds the text passes one at a time (on the html pass's output) and shows the
change in F1 each causes; the removals of real article text (removed spans
whose 4-grams are mostly in the gold text) are printed per pass.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from cleaner.core.document import Document
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline
from cleaner.core.safety import SafetyValve

ROOT = Path(__file__).resolve().parent.parent
AEB = ROOT.parent / "shared/benchmarks/scrapinghub-aeb"
#: The default text passes that follow the extraction.
TEXT_PASSES = tuple(name for name in DEFAULT_PASSES if name not in ("decode", "html"))
NO_VALVE = SafetyValve(max_removed_share=1.0)
_WORD = re.compile(r"\w+")

Shingles = Counter[tuple[str, ...]]


def shingles(text: str, n: int = 4) -> Shingles:
    """Word 4-gram multiset; a text shorter than 4 words still gives one shingle (as upstream)."""
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_scores(gold: str, pred: str) -> tuple[float, float]:
    """Precision and recall of one page's prediction."""
    true, found = shingles(gold), shingles(pred)
    tp = sum((true & found).values())
    fp = sum((found - true).values())
    fn = sum((true - found).values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    """(F1, precision, recall) macro-averaged over the gold pages."""
    pairs = [page_scores(gold[key], pred.get(key, "")) for key in gold]
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def load_gold() -> dict[str, str]:
    data = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value["articleBody"] for key, value in data.items()}


def load_reference(system: str) -> dict[str, str]:
    with gzip.open(AEB / "reference-outputs" / f"{system}.json.gz", "rt", encoding="utf-8") as f:
        data = json.load(f)
    data = data.get("output", data)
    return {key: value.get("articleBody", "") for key, value in data.items()}


def load_pages(keys: Iterable[str]) -> dict[str, bytes]:
    return {key: gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes()) for key in keys}


def run(pipeline: Pipeline, pages: dict[str, bytes | str]) -> tuple[dict[str, Document], float]:
    """Each page through ``pipeline``, and the seconds it took."""
    start = time.perf_counter()
    docs = {key: pipeline.run(data, f"{key}.html") for key, data in pages.items()}
    return docs, time.perf_counter() - start


def wrong_removals(doc: Document, gold: str) -> list[tuple[str, str]]:
    """(pass, removed text) for removals of 4+ words whose 4-grams are mostly gold text."""
    true = shingles(gold)
    found = []
    for record in doc.log:
        if record.pass_name == "html" or not record.changes_text:
            continue
        for part in record.spans():
            removed = part.text
            if len(_WORD.findall(removed)) - len(_WORD.findall(part.replacement)) < 4:
                continue
            grams = shingles(removed)
            if sum((grams & true).values()) >= 0.5 * sum(grams.values()):
                found.append((record.pass_name, removed))
    return found


def line(label: str, scores: tuple[float, float, float], extra: str = "") -> str:
    f1, precision, recall = scores
    return f"{label:<34} F1 {f1:.4f}  P {precision:.4f}  R {recall:.4f}  {extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=5, help="wrong removals to print per pass")
    args = parser.parse_args()
    gold = load_gold()
    print(line("scorer check: trafilatura 2.0.0", score(gold, load_reference("trafilatura"))))
    pages = load_pages(gold)

    html_docs, seconds = run(Pipeline(["decode", "html"], safety=NO_VALVE), pages)
    extracted = {key: doc.text for key, doc in html_docs.items()}
    print(line("html pass (trafilatura alone)", score(gold, extracted), f"{seconds:.1f} s"))

    full = Pipeline(["decode", "html", *TEXT_PASSES], safety=NO_VALVE)
    full_docs, seconds = run(full, pages)
    cleaned = {key: doc.text for key, doc in full_docs.items()}
    print(line("html + text passes", score(gold, cleaned), f"{seconds:.1f} s"))

    print("\nText passes added one at a time, on the html pass's output:")
    previous = score(gold, extracted)
    for k, name in enumerate(TEXT_PASSES, 1):
        docs, _ = run(Pipeline(TEXT_PASSES[:k], safety=NO_VALVE), extracted)  # type: ignore[arg-type]
        now = score(gold, {key: doc.text for key, doc in docs.items()})
        print(line(f"  + {name}", now, f"dF1 {now[0] - previous[0]:+.4f}"))
        previous = now

    wrong = [
        (p, t, key) for key, doc in full_docs.items() for p, t in wrong_removals(doc, gold[key])
    ]
    print(f"\nRemovals of article text by the text passes: {len(wrong)}")
    for name in sorted({p for p, _, _ in wrong}):
        mine = [(t, key) for p, t, key in wrong if p == name]
        print(f"  {name}: {len(mine)}")
        for text, key in mine[: args.show]:
            print(f"    {key[:10]}  {text.strip()[:110]!r}")


if __name__ == "__main__":
    main()
