"""Label-noise audit of the line corpus: a fixed sample judged by hand, and its scores.

    python training/label_audit.py sample [--corpus build/lines/lines.jsonl]
    python training/label_audit.py refresh [--corpus build/lines/lines.jsonl]
    python training/label_audit.py score training/audit/label_audit.tsv

``sample`` draws the same lines on every run (fixed seed, lines sorted first):
``PER_RENDERING`` labeled lines from each rendering, each shown with two lines
of context on each side. A person fills the ``judged`` column with the label
the rules of training/LABELS.md give (``note`` optional) and ``score`` reports
how often the builder disagrees: keep against boilerplate, and for lines both
call boilerplate, the category. ``refresh`` puts a newer build's labels on the
same judged lines (after a change to the labeling), so the judgments are reused;
lines the newer build leaves unlabeled are counted apart.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEED = 10
PER_RENDERING = 50
CONTEXT = 2
COLUMNS = (
    "doc", "line", "rendering", "source", "before", "text", "after", "label",
    "category_inferred", "how", "judged", "note",
)  # fmt: skip


def _clip(text: str, size: int = 300) -> str:
    text = text.replace("\t", " ").replace("\n", " ")
    return text if len(text) <= size else text[: size - 1] + "…"


def sample(corpus: Path, out: Path) -> None:
    by_rendering: dict[str, list[tuple[dict, int]]] = defaultdict(list)
    docs = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    for doc in docs:
        for number, line in enumerate(doc["lines"]):
            if line["label"] is not None and line["text"].strip():
                by_rendering[doc["rendering"]].append((doc, number))
    rng = random.Random(SEED)
    rows = []
    for rendering in sorted(by_rendering):
        for doc, number in rng.sample(by_rendering[rendering], PER_RENDERING):
            lines = [x["text"] for x in doc["lines"]]
            nonblank = [i for i, t in enumerate(lines) if t.strip()]
            at = nonblank.index(number)
            before = [lines[i] for i in nonblank[max(0, at - CONTEXT) : at]]
            after = [lines[i] for i in nonblank[at + 1 : at + 1 + CONTEXT]]
            line = doc["lines"][number]
            rows.append(
                {
                    "doc": doc["id"],
                    "line": number,
                    "rendering": rendering,
                    "source": doc["source"],
                    "before": " ⏎ ".join(_clip(t, 160) for t in before),
                    "text": _clip(line["text"]),
                    "after": " ⏎ ".join(_clip(t, 160) for t in after),
                    "label": line["label"],
                    "category_inferred": line["category_inferred"],
                    "how": line["how"],
                    "judged": "",
                    "note": "",
                }
            )
    _write(out, rows)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def refresh(corpus: Path, path: Path) -> None:
    rows = _read(path)
    wanted = {r["doc"] for r in rows}
    docs = {}
    for line in corpus.open(encoding="utf-8"):
        doc = json.loads(line)
        if doc["id"] in wanted:
            docs[doc["id"]] = doc
    for row in rows:
        doc = docs.get(row["doc"])
        number = int(row["line"])
        if doc is None or number >= len(doc["lines"]):
            raise SystemExit(f"{path}: {row['doc']} line {number} is not in {corpus}")
        line = doc["lines"][number]
        if _clip(line["text"]) != row["text"]:
            raise SystemExit(f"{path}: {row['doc']} line {number} has other text in {corpus}")
        row["label"] = "" if line["label"] is None else line["label"]
        row["category_inferred"] = line["category_inferred"]
        row["how"] = line["how"]
    _write(path, rows)


def score(path: Path) -> str:
    judged = [r for r in _read(path) if r["judged"].strip()]
    rows = [r for r in judged if r["label"]]
    unlabeled = len(judged) - len(rows)
    if not rows:
        raise SystemExit(f"{path}: no judged rows (fill the 'judged' column)")
    keep_errors: dict[str, Counter[str]] = defaultdict(Counter)
    category_errors: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        human = row["judged"].strip().rstrip("?~")
        auto = row["label"]
        for key in (f"rendering {row['rendering']}", f"label {auto}", "all"):
            keep_errors[key]["n"] += 1
            keep_errors[key]["wrong"] += (auto == "keep") != (human == "keep")
        if auto != "keep" and human != "keep":
            inferred = "inferred" if row["category_inferred"] == "True" else "not inferred (other)"
            for key in (f"rendering {row['rendering']}", f"category {inferred}", "all"):
                category_errors[key]["n"] += 1
                category_errors[key]["wrong"] += auto != human
    out = ["## Label audit", "", f"{len(judged)} lines judged by hand ({path.name}); "]
    out[-1] += f"{unlabeled} of them the current build leaves unlabeled (null), {len(rows)} scored."
    out.append("")
    out += ["| group | lines | keep/boilerplate disagreements | rate |", "|---|---|---|---|"]
    for key in sorted(keep_errors, key=lambda k: (k != "all", k)):
        c = keep_errors[key]
        out.append(f"| {key} | {c['n']} | {c['wrong']} | {c['wrong'] / c['n']:.1%} |")
    out += ["", "Category, among lines both the builder and the judge call boilerplate:", ""]
    out += ["| group | lines | category disagreements | rate |", "|---|---|---|---|"]
    for key in sorted(category_errors, key=lambda k: (k != "all", k)):
        c = category_errors[key]
        out.append(f"| {key} | {c['n']} | {c['wrong']} | {c['wrong'] / c['n']:.1%} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("sample", help="draw the sample to judge")
    draw.add_argument("--corpus", type=Path, default=Path("build/lines/lines.jsonl"))
    draw.add_argument("--out", type=Path, default=Path("training/audit/label_audit.tsv"))
    renew = commands.add_parser("refresh", help="a newer build's labels on the judged lines")
    renew.add_argument("--corpus", type=Path, default=Path("build/lines/lines.jsonl"))
    renew.add_argument("--tsv", type=Path, default=Path("training/audit/label_audit.tsv"))
    rate = commands.add_parser("score", help="disagreement rates of a judged sample")
    rate.add_argument("tsv", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        sample(args.corpus, args.out)
    elif args.command == "refresh":
        refresh(args.corpus, args.tsv)
    else:
        print(score(args.tsv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
