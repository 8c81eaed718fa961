"""The corpus report: sizes, label balance, short keep lines, whole-page share.

Counts are of non-blank lines (blank lines carry no label). Everything is
sorted, so the report is the same bytes for the same corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .align import SHORT_WORDS, tokenize
from .markup import visible_text

LABEL_ORDER = (
    "keep", "nav", "caption", "credit", "meta", "social", "comments", "cookie",
    "subscription", "player", "ad", "signoff", "offtopic", "other", "null",
)  # fmt: skip


def _label(line: dict) -> str:
    return "null" if line["label"] is None else line["label"]


def report(documents: Iterable[dict], path_note: str) -> str:
    docs = list(documents)
    parts = [f"# Line corpus report\n\n{path_note}\n"]
    for key, title in (
        ("source", "source"),
        ("rendering", "rendering"),
        ("split", "split"),
        ("lang", "language"),
    ):
        parts.append(_sizes(docs, key, title))
    parts.append(_balance(docs, "rendering"))
    parts.append(_balance(docs, "split"))
    parts.append(_balance(docs, "source"))
    parts.append(_inferred(docs))
    parts.append(_short(docs))
    parts.append(_split_langs(docs))
    return "\n".join(parts)


def _lines(doc: dict) -> list[dict]:
    return [line for line in doc["lines"] if line["text"].strip()]


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _sizes(docs: list[dict], key: str, title: str) -> str:
    count: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    labeled: Counter[str] = Counter()
    for doc in docs:
        count[doc[key]] += 1
        for line in _lines(doc):
            lines[doc[key]] += 1
            labeled[doc[key]] += line["label"] is not None
    total = sum(lines.values()) or 1
    rows = [
        (name, count[name], lines[name], f"{lines[name] / total:.1%}", labeled[name])
        for name in sorted(count, key=lambda n: (-lines[n], n))
    ]
    rows.append(
        ("**all**", sum(count.values()), sum(lines.values()), "100%", sum(labeled.values()))
    )
    header = (title, "documents", "lines", "share of lines", "labeled lines")
    return f"## Documents and lines per {title}\n\n" + _table(header, rows)


def _balance(docs: list[dict], key: str) -> str:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for line in _lines(doc):
            counts[doc[key]][_label(line)] += 1
    labels = [label for label in LABEL_ORDER if any(c[label] for c in counts.values())]
    rows = []
    for name in sorted(counts):
        total = sum(counts[name].values()) or 1
        rows.append((name, *(f"{counts[name][x] / total:.1%}" for x in labels), total))
    header = (key, *labels, "lines")
    return f"## Label balance per {key} (share of non-blank lines)\n\n" + _table(header, rows)


def _inferred(docs: list[dict]) -> str:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for line in _lines(doc):
            if line["label"] not in (None, "keep"):
                rows[doc["rendering"]]["boilerplate"] += 1
                rows[doc["rendering"]]["inferred"] += line["category_inferred"]
    body = [
        (name, c["boilerplate"], c["inferred"], f"{c['inferred'] / (c['boilerplate'] or 1):.1%}")
        for name, c in sorted(rows.items())
    ]
    header = ("rendering", "boilerplate lines", "category inferred", "share")
    return "## Boilerplate lines whose category was inferred\n\n" + _table(header, body)


def _short(docs: list[dict]) -> str:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for line in _lines(doc):
            if len(tokenize(visible_text(line["text"]))) <= SHORT_WORDS:
                row = rows[doc["rendering"]]
                row["short"] += 1
                row[_label(line)] += 1
    body = []
    for name, c in sorted(rows.items()):
        labeled = c["short"] - c["null"]
        body.append(
            (
                name,
                c["short"],
                c["keep"],
                f"{c['keep'] / (c['short'] or 1):.1%}",
                f"{c['keep'] / (labeled or 1):.1%}",
            )
        )
    total = Counter()
    for c in rows.values():
        total.update(c)
    labeled = total["short"] - total["null"]
    body.append(
        (
            "**all**",
            total["short"],
            total["keep"],
            f"{total['keep'] / (total['short'] or 1):.1%}",
            f"{total['keep'] / (labeled or 1):.1%}",
        )
    )
    header = (
        "rendering",
        f"short lines (<= {SHORT_WORDS} words)",
        "keep",
        "keep share",
        "keep share of labeled",
    )
    return "## Short lines that are keep\n\n" + _table(header, body)


def _split_langs(docs: list[dict]) -> str:
    pages: dict[str, Counter[str]] = defaultdict(Counter)
    seen = set()
    for doc in docs:
        key = (doc["source"], doc["page"])
        if key not in seen:
            seen.add(key)
            pages[doc["lang"]][doc["split"]] += 1
    rows = [
        (lang, c["train"], c["dev"], c["test"])
        for lang, c in sorted(pages.items(), key=lambda x: (-sum(x[1].values()), x[0]))
    ]
    return "## Pages per language and split\n\n" + _table(
        ("language", "train", "dev", "test"), rows
    )
