"""The html pass, alone and followed by our text passes, on three public extraction benchmarks.

    python bench/html_eval.py [--dataset aeb|trafilatura|wcxb|all] [--split test]
        [--passes] [--show 5]

Each benchmark is scored with its own official metric (see its README under
../shared/benchmarks):

- scrapinghub-aeb: word 4-gram shingles, precision and recall per page
  averaged over pages, F1 their harmonic mean. The scorer is checked first on
  the published trafilatura 2.0.0 output (F1 0.958).
- trafilatura-eval: whitespace-normalised substring tests of each page's
  ``with`` and ``without`` snippets, counted over all pages.
- wcxb-dev: bag-of-words F1 of lower-cased ``\\w+`` tokens against
  ``main_content``, averaged over pages.

Why: trafilatura already removes page furniture well, and every well-known
line filter run after it lowers its F1. Our text passes must not. ``--split``
keeps only the pages whose site the line model's corpus put in that split
(read from the built corpus), so figures on pages the model was trained on
can be told from the rest. ``--passes`` adds the text passes one at a time
and shows the change each causes; the removals of real article text
(removed spans whose 4-grams are mostly in the gold text) are printed per pass.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cleaner.core.document import Document
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline
from cleaner.core.restore import restore
from cleaner.core.safety import SafetyValve

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT.parent / "shared/benchmarks"
CORPUS = ROOT / "build/lines/lines.jsonl"
#: The default text passes that follow the extraction.
TEXT_PASSES = tuple(name for name in DEFAULT_PASSES if name not in ("decode", "html"))
NO_VALVE = SafetyValve(max_removed_share=1.0)
_WORD = re.compile(r"\w+")

Shingles = Counter[tuple[str, ...]]
Scores = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Shingles:
    """Word 4-gram multiset; a text shorter than 4 words still gives one shingle (as upstream)."""
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def _macro(pairs: list[tuple[float, float]]) -> Scores:
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def _ratio(tp: float, fp: float, fn: float) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def aeb_score(gold: dict[str, object], pred: dict[str, str]) -> Scores:
    """(F1, precision, recall) of 4-gram shingles, macro-averaged over the gold pages."""
    pairs = []
    for key, text in gold.items():
        true, found = shingles(str(text)), shingles(pred.get(key, ""))
        tp = sum((true & found).values())
        pairs.append(_ratio(tp, sum((found - true).values()), sum((true - found).values())))
    return _macro(pairs)


def bag_score(gold: dict[str, object], pred: dict[str, str]) -> Scores:
    """(F1, precision, recall) of lower-cased word bags, F1 averaged over pages (wcxb)."""
    f1s, precisions, recalls = [], [], []
    for key, text in gold.items():
        true = Counter(_WORD.findall(str(text).lower()))
        found = Counter(_WORD.findall(pred.get(key, "").lower()))
        tp = sum((true & found).values())
        p, r = _ratio(tp, sum((found - true).values()), sum((true - found).values()))
        precisions.append(p)
        recalls.append(r)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    count = len(f1s)
    return sum(f1s) / count, sum(precisions) / count, sum(recalls) / count


def snippet_score(gold: dict[str, object], pred: dict[str, str]) -> Scores:
    """(F1, precision, recall) of with/without snippets found, counted over all pages."""
    tp = fp = fn = 0
    for key, snippets in gold.items():
        text = " ".join(pred.get(key, "").split())
        assert isinstance(snippets, dict)
        for snippet in snippets["with"]:
            found = " ".join(snippet.split()) in text
            tp += found
            fn += not found
        fp += sum(" ".join(s.split()) in text for s in snippets["without"])
    precision, recall = _ratio(tp, fp, fn)
    return 2 * tp / (2 * tp + fp + fn), precision, recall


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    folder: str
    gold: Callable[[], dict[str, object]]
    page: Callable[[str], bytes]
    score: Callable[[dict[str, object], dict[str, str]], Scores]


def _gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def _aeb_gold() -> dict[str, object]:
    data = json.loads((BENCHMARKS / "scrapinghub-aeb/ground-truth.json").read_text("utf-8"))
    return {key: value["articleBody"] for key, value in data.items()}


def _trafilatura_gold() -> dict[str, object]:
    data = json.loads((BENCHMARKS / "trafilatura-eval/gold.json").read_text("utf-8"))
    return {key: {"with": v["with"], "without": v["without"]} for key, v in data.items()}


def _wcxb_gold() -> dict[str, object]:
    gold: dict[str, object] = {}
    for path in sorted((BENCHMARKS / "wcxb-dev/dev/ground-truth").glob("*.json.gz")):
        data = json.loads(_gunzip(path))
        text = (data.get("ground_truth") or {}).get("main_content")
        if text:
            gold[path.name.removesuffix(".json.gz")] = text
    return gold


DATASETS = {
    "aeb": Dataset(
        "scrapinghub-aeb",
        "scrapinghub-aeb",
        _aeb_gold,
        lambda key: _gunzip(BENCHMARKS / f"scrapinghub-aeb/html/{key}.html.gz"),
        aeb_score,
    ),
    "trafilatura": Dataset(
        "trafilatura-eval",
        "trafilatura-eval",
        _trafilatura_gold,
        lambda key: _gunzip(BENCHMARKS / f"trafilatura-eval/html/{key}.html.gz"),
        snippet_score,
    ),
    "wcxb": Dataset(
        "wcxb-dev",
        "wcxb-dev",
        _wcxb_gold,
        lambda key: _gunzip(BENCHMARKS / f"wcxb-dev/dev/html/{key}.html.gz"),
        bag_score,
    ),
}


def load_reference(system: str) -> dict[str, str]:
    path = BENCHMARKS / "scrapinghub-aeb/reference-outputs" / f"{system}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    data = data.get("output", data)
    return {key: value.get("articleBody", "") for key, value in data.items()}


def split_pages(folder: str, split: str) -> set[str] | None:
    """Pages of ``folder`` whose site the line corpus put in ``split`` (None: no corpus)."""
    if not CORPUS.exists():
        return None
    pages = set()
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["source"] == folder and row["split"] == split:
                pages.add(row["page"])
    return pages


def run(pipeline: Pipeline, pages: dict[str, bytes | str]) -> tuple[dict[str, Document], float]:
    """Each page through ``pipeline``, and the seconds it took."""
    start = time.perf_counter()
    docs = {key: pipeline.run(data, f"{key}.html") for key, data in pages.items()}
    return docs, time.perf_counter() - start


def extraction(doc: Document) -> str:
    """What the html pass gave the text passes: its edit's replacement (or the text kept)."""
    for record in doc.log:
        if record.rule == "html.extract":
            return record.replacement or ""
    return restore_text(doc)


def restore_text(doc: Document) -> str:
    """The decoded input of a page the html pass left alone."""
    return restore(doc.text, doc.log)


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


def line(label: str, scores: Scores, extra: str = "") -> str:
    f1, precision, recall = scores
    return f"{label:<34} F1 {f1:.4f}  P {precision:.4f}  R {recall:.4f}  {extra}"


def evaluate(dataset: Dataset, split: str | None, by_pass: bool, show: int) -> None:
    gold = dataset.gold()
    if split:
        chosen = split_pages(dataset.folder, split)
        if chosen is None:
            raise SystemExit(f"--split needs the line corpus at {CORPUS}")
        gold = {key: value for key, value in gold.items() if key in chosen}
    print(f"\n{dataset.name}: {len(gold)} pages" + (f" of the {split} split" if split else ""))
    if dataset.name == "scrapinghub-aeb" and not split:
        print(
            line("scorer check: trafilatura 2.0.0", aeb_score(gold, load_reference("trafilatura")))
        )
    pages: dict[str, bytes | str] = {key: dataset.page(key) for key in gold}
    docs, seconds = run(Pipeline(["decode", "html", *TEXT_PASSES], safety=NO_VALVE), pages)
    extracted = {key: extraction(doc) for key, doc in docs.items()}
    cleaned = {key: doc.text for key, doc in docs.items()}
    print(line("html pass (trafilatura alone)", dataset.score(gold, extracted)))
    print(line("html + text passes", dataset.score(gold, cleaned), f"{seconds:.1f} s"))
    if by_pass:
        print("Text passes added one at a time, after the html pass:")
        previous = dataset.score(gold, extracted)
        for k, name in enumerate(TEXT_PASSES, 1):
            passes = ["decode", "html", *TEXT_PASSES[:k]]
            partial, _ = run(Pipeline(passes, safety=NO_VALVE), pages)
            now = dataset.score(gold, {key: doc.text for key, doc in partial.items()})
            print(line(f"  + {name}", now, f"dF1 {now[0] - previous[0]:+.4f}"))
            previous = now
    if isinstance(next(iter(gold.values()), None), str):
        wrong = [
            (p, t, key) for key, doc in docs.items() for p, t in wrong_removals(doc, str(gold[key]))
        ]
        print(f"Removals of article text by the text passes: {len(wrong)}")
        for name in sorted({p for p, _, _ in wrong}):
            mine = [(t, key) for p, t, key in wrong if p == name]
            print(f"  {name}: {len(mine)}")
            for text, key in mine[:show]:
                print(f"    {key[:10]}  {text.strip()[:110]!r}")


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=(*DATASETS, "all"), default="all")
    parser.add_argument("--split", choices=("train", "dev", "test"))
    parser.add_argument("--passes", action="store_true", help="add the text passes one at a time")
    parser.add_argument("--show", type=int, default=5, help="wrong removals to print per pass")
    args = parser.parse_args(None if argv is None else list(argv))
    names = list(DATASETS) if args.dataset == "all" else [args.dataset]
    for name in names:
        evaluate(DATASETS[name], args.split, args.passes, args.show)


if __name__ == "__main__":
    main()
