"""Train the line model that cleaner ships, from public data, in one command.

    python training/train_lines.py [--corpus build/lines/lines.jsonl]
        [--handlabeled training/handlabeled] [--out cleaner/models/lines.json.gz]

Reads the built corpus (``training/build_lines.py``) and the hand-labeled
documents, runs the passes that come before the model on each document
(:func:`labeled.as_seen`), computes the features of every line the pass would
score (and of the same documents with their boilerplate taken out, so the
model learns that what stays after a clean is content: that is what makes a
second run remove nothing), trains two LightGBM models on the train split
(boilerplate or not; which category), picks the threshold on the dev split
so that every source whose labels can be trusted (``CALIBRATION``) keeps at
least ``--retention`` of its real lines, and
writes the model file with the figures it was chosen by. Deterministic: the
same data gives the same file (single-threaded LightGBM with fixed seeds).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm
import numpy as np
import wordfreq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from labeled import (
    BOILERPLATE,
    LabeledDoc,
    SeenDoc,
    as_seen,
    load_documents,
    prefix_pipeline,
)

from cleaner.core.tomlcompat import tomllib
from cleaner.passes.boilerplate import movable_lines, scoring_round
from cleaner.text.forest import Forest, sigmoid
from cleaner.text.linefeatures import CUE_KINDS, FEATURE_NAMES, UNSPACED, Lexicon
from cleaner.text.linemodel import FORMAT, _lexicon

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: Stop words per language: its most frequent words (single characters where unspaced).
STOPWORDS = 150
STOPCHARS = 60
#: A learned cue word must mark boilerplate of its kind on this many train sites...
CUE_SITES = 6
#: ... and be boilerplate in at least this share of the train lines holding it.
CUE_PRECISION = 0.85
#: Categories the category model tells apart (others fold into "nav", the commonest).
CATEGORIES = CUE_KINDS
#: The line model's own code: what it changes does not change what the passes before it do.
MODEL_CODE = frozenset(
    {"boilerplate.py", "linefeatures.py", "shapes.py", "forest.py", "linemodel.py"}
)
#: Sources whose labels the threshold may trust: hand-labeled lines and the two golds that
#: hold every line of the article. The others' golds leave out real lines (captions, lists)
#: often enough that a threshold chosen on them only measures their noise.
CALIBRATION = ("handlabeled", "scrapinghub-aeb", "trafilatura-eval")
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 63,
    "max_depth": 8,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 7,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbosity": -1,
}


@dataclass(slots=True)
class Rows:
    """Feature rows with their labels and where they are from."""

    matrix: list[np.ndarray]
    labels: list[str]
    groups: list[str]
    docs: list[str]
    split: list[str]
    augmented: list[bool]
    texts: list[str]

    def extend(
        self,
        matrix: np.ndarray,
        labels: list[str],
        texts: list[str],
        group: str,
        doc: str,
        split: str,
        augmented: bool,
    ) -> None:
        self.matrix.append(matrix)
        self.labels += labels
        self.texts += texts
        self.groups += [group] * len(labels)
        self.docs += [doc] * len(labels)
        self.split += [split] * len(labels)
        self.augmented += [augmented] * len(labels)


def group_of(seen: SeenDoc) -> str:
    """The source a document's rows are balanced and calibrated by."""
    doc = seen.doc
    return "handlabeled" if doc.source == "handlabeled" else f"{doc.source}/{doc.rendering}"


def stopwords() -> dict[str, list[str]]:
    table = {}
    for lang in sorted(wordfreq.available_languages("small")):
        if lang in UNSPACED:
            top = wordfreq.top_n_list(lang, 3000)
            table[lang] = [w for w in top if len(w) == 1][:STOPCHARS]
        else:
            table[lang] = wordfreq.top_n_list(lang, STOPWORDS)
    return table


def learned_cues(docs: Iterable[SeenDoc], seeds: dict[str, list[str]]) -> dict[str, list[str]]:
    """Seed cues plus words that mark one kind of boilerplate on many train sites."""
    sites: dict[tuple[str, str], set[str]] = defaultdict(set)
    boiler: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for seen in docs:
        for line, label in zip(seen.document.text.split("\n"), seen.labels, strict=True):
            if label is None:
                continue
            words = {w.strip(".,;:!?()[]\"'“”«»|") for w in line.lower().split()}
            words.discard("")
            for word in words:
                total[word] += 1
                if label in BOILERPLATE:
                    boiler[word] += 1
                    sites[(label, word)].add(seen.doc.site)
    cues = {kind: set(words) for kind, words in seeds.items()}
    for (kind, word), where in sorted(sites.items()):
        if kind not in cues or len(where) < CUE_SITES or len(word) < 2 or word.isdigit():
            continue
        if boiler[word] / total[word] >= CUE_PRECISION:
            cues[kind].add(word)
    return {kind: sorted(words) for kind, words in sorted(cues.items())}


def document_rows(seen: SeenDoc, lexicon: Lexicon, rows: Rows) -> None:
    """The rows the pass would score in this document, once as it is and once cleaned."""
    lines, movable = movable_lines(seen.document)
    language = lexicon.language(lines.text)
    movable_set = set(movable)
    labels = seen.labels
    usable = {n for n in movable if labels[n] is not None and seen.sure[n]}
    group, doc, split = group_of(seen), seen.doc.id, seen.doc.split
    gone = {n for n in range(len(labels)) if labels[n] in BOILERPLATE}
    for removed, augmented in (((), False), (gone, True)):
        if augmented and not gone:
            break
        staying, _, candidates, matrix = scoring_round(
            lines, movable_set, removed, lexicon, language
        )
        keep = [k for k, i in enumerate(candidates) if staying[i] in usable]
        if keep:
            numbers = [staying[candidates[k]] for k in keep]
            rows.extend(
                matrix[keep],
                [str(labels[n]) for n in numbers],
                [lines.content[n] for n in numbers],
                group,
                doc,
                split,
                augmented,
            )


def weights(groups: Sequence[str], hand_share: float) -> np.ndarray:
    """Each source weighs the same in all; the hand-labeled lines weigh ``hand_share`` of it."""
    counts = Counter(groups)
    machine = [g for g in counts if g != "handlabeled"]
    out = np.empty(len(groups))
    for i, group in enumerate(groups):
        if group == "handlabeled":
            out[i] = hand_share / counts[group]
        else:
            out[i] = (1 - hand_share) / len(machine) / counts[group]
    return out * len(groups)


def flatten(booster: lightgbm.Booster, classes: int) -> Forest:
    """LightGBM's trees as the node arrays of :class:`Forest`."""
    dump = booster.dump_model()
    feature, threshold, left, right, value, roots, tree_class = [], [], [], [], [], [], []
    depth = 0

    def add(node: dict[str, Any], level: int) -> int:
        nonlocal depth
        depth = max(depth, level)
        index = len(feature)
        feature.append(0)
        threshold.append(0.0)
        left.append(index)
        right.append(index)
        if "leaf_value" in node:
            value.append(float(node["leaf_value"]))
            return index
        if node["decision_type"] != "<=":
            raise ValueError(f"unsupported split {node['decision_type']}")
        value.append(float(node["internal_value"]))
        feature[index] = int(node["split_feature"])
        threshold[index] = float(node["threshold"])
        left[index] = add(node["left_child"], level + 1)
        right[index] = add(node["right_child"], level + 1)
        return index

    for position, tree in enumerate(dump["tree_info"]):
        roots.append(add(tree["tree_structure"], 0))
        tree_class.append(position % classes)
    return Forest(
        feature=np.array(feature),
        threshold=np.array(threshold),
        left=np.array(left),
        right=np.array(right),
        value=np.array(value),
        roots=np.array(roots),
        tree_class=np.array(tree_class),
        classes=classes,
        depth=depth,
    )


def figures_at(
    threshold: float,
    scores: np.ndarray,
    labels: Sequence[str],
    groups: Sequence[str],
    totals: dict[str, int],
) -> dict[str, dict[str, float]]:
    """Per source: real lines lost, retention, and the share of scored boilerplate found."""
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        by_group[group].append(i)
    figures = {}
    for group, index in sorted(by_group.items()):
        keep = [i for i in index if labels[i] == "keep"]
        boiler = [i for i in index if labels[i] != "keep"]
        lost = sum(1 for i in keep if scores[i] >= threshold)
        found = sum(1 for i in boiler if scores[i] >= threshold)
        figures[group] = {
            "keep_lines": totals.get(group, 0),
            "keep_lost": lost,
            "retention": round(1 - lost / max(totals.get(group, 0), 1), 4),
            "boilerplate_scored": len(boiler),
            "recall_scored": round(found / max(len(boiler), 1), 4),
        }
    return figures


def lowest_threshold(
    scores: np.ndarray,
    labels: Sequence[str],
    groups: Sequence[str],
    totals: dict[str, int],
    retention: float,
) -> float:
    """The lowest threshold at which every source (of 100 real lines or more) keeps
    ``retention`` of its real lines."""
    for threshold in np.round(np.arange(0.30, 0.995, 0.005), 3):
        figures = figures_at(float(threshold), scores, labels, groups, totals)
        if all(f["retention"] >= retention for f in figures.values() if f["keep_lines"] >= 100):
            return float(threshold)
    return 0.995


def keep_totals(docs: Iterable[SeenDoc], split: str, pooled: bool) -> dict[str, int]:
    """Real lines per source (rendering too, unless ``pooled``) in a split, scored or not:
    what retention is a share of."""
    totals: Counter[str] = Counter()
    for seen in docs:
        if seen.doc.split == split:
            group = group_of(seen)
            totals[group.split("/")[0] if pooled else group] += sum(
                1
                for line, label in zip(seen.document.text.split("\n"), seen.labels, strict=True)
                if label == "keep" and line.strip()
            )
    return dict(totals)


def seen_documents(docs: list[LabeledDoc], cache: Path) -> list[SeenDoc]:
    """The documents as the model sees them, cached under a key of the documents and of
    the code and rule packs of the passes that run before the model."""
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(json.dumps([doc.id, doc.split, doc.lines, doc.labels]).encode("utf-8"))
    for path in sorted([*(ROOT / "cleaner").rglob("*.py"), *(ROOT / "rules").glob("*.toml")]):
        if path.name not in MODEL_CODE:
            digest.update(path.read_bytes())
    path = cache / f"seen-{digest.hexdigest()[:16]}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    pipeline = prefix_pipeline()
    seen = [as_seen(doc, pipeline) for doc in docs]
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob("seen-*.pickle"):
        old.unlink()
    path.write_bytes(pickle.dumps(seen, protocol=pickle.HIGHEST_PROTOCOL))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "build/lines/lines.jsonl")
    parser.add_argument("--handlabeled", type=Path, default=HERE / "handlabeled")
    parser.add_argument("--out", type=Path, default=ROOT / "cleaner/models/lines.json.gz")
    parser.add_argument("--retention", type=float, default=0.995)
    parser.add_argument("--hand-share", type=float, default=0.3)
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--limit", type=int, default=0, help="read only this many corpus documents")
    parser.add_argument("--cache", type=Path, default=ROOT / "build/lines/cache")
    parser.add_argument("--save-rows", type=Path, help="also write the feature rows (.npz)")
    args = parser.parse_args()
    started = time.monotonic()

    docs = load_documents(args.corpus, args.handlabeled, args.limit)
    print(f"{len(docs)} documents", flush=True)
    seen = seen_documents(docs, args.cache)
    print(f"passes before the model run ({time.monotonic() - started:.0f} s)", flush=True)

    seeds = tomllib.loads((HERE / "cues.toml").read_text(encoding="utf-8"))
    lexicon_data = {
        "stopwords": stopwords(),
        "cues": learned_cues((s for s in seen if s.doc.split == "train"), seeds["cues"]),
        "byline": sorted(seeds["byline"]),
    }
    lexicon = _lexicon(lexicon_data)
    rows = Rows([], [], [], [], [], [], [])
    for s in seen:
        document_rows(s, lexicon, rows)
    matrix = np.vstack(rows.matrix)
    if args.save_rows:
        np.savez_compressed(
            args.save_rows,
            matrix=matrix,
            labels=np.array(rows.labels),
            groups=np.array(rows.groups),
            docs=np.array(rows.docs),
            split=np.array(rows.split),
            augmented=np.array(rows.augmented),
            texts=np.array([text[:200] for text in rows.texts]),
        )
    labels = rows.labels
    split = np.array(rows.split)
    target = np.array([label != "keep" for label in labels], dtype=float)
    print(f"{len(labels)} rows ({time.monotonic() - started:.0f} s)", flush=True)

    train = split == "train"
    dev = split == "dev"
    groups = np.array(rows.groups)
    w = weights(groups[train], args.hand_share)
    data = lightgbm.Dataset(
        matrix[train], target[train], weight=w, feature_name=list(FEATURE_NAMES)
    )
    booster = lightgbm.train(PARAMS, data, num_boost_round=args.rounds)
    forest = flatten(booster, 1)
    check = forest.raw(matrix[dev][:500])[:, 0]
    expected = booster.predict(matrix[dev][:500], raw_score=True)
    if not np.allclose(check, expected, atol=1e-6):
        raise SystemExit("flattened trees disagree with LightGBM")

    category_rows = train & np.isin(np.array(labels), CATEGORIES)
    classes = [c for c in CATEGORIES if (np.array(labels)[category_rows] == c).sum() >= 20]
    cat_target = np.array(
        [classes.index(x) if x in classes else 0 for x in np.array(labels)[category_rows]]
    )
    cat_params = dict(
        PARAMS, objective="multiclass", num_class=len(classes), num_leaves=15, max_depth=5
    )
    cat_booster = lightgbm.train(
        cat_params, lightgbm.Dataset(matrix[category_rows], cat_target), num_boost_round=120
    )
    category = flatten(cat_booster, len(classes))

    fresh = ~np.array(rows.augmented)
    tables: dict[tuple[str, bool], tuple[Any, ...]] = {}
    for name in ("dev", "test"):
        index = np.flatnonzero((split == name) & fresh)
        scores = sigmoid(forest.raw(matrix[index])[:, 0])
        for pooled in (True, False):
            groups = [rows.groups[i] for i in index]
            tables[(name, pooled)] = (
                scores,
                [labels[i] for i in index],
                [g.split("/")[0] for g in groups] if pooled else groups,
                keep_totals(seen, name, pooled),
            )
    # one threshold for all: every trusted source of the dev split keeps the share asked
    scores, dev_labels, dev_groups, totals = tables[("dev", True)]
    trusted = [i for i, group in enumerate(dev_groups) if group in CALIBRATION]
    threshold = lowest_threshold(
        scores[trusted],
        [dev_labels[i] for i in trusted],
        [dev_groups[i] for i in trusted],
        totals,
        args.retention,
    )
    figures = {key: figures_at(threshold, *table) for key, table in tables.items()}
    for (name, pooled), table in figures.items():
        print(
            f"\n{name}, by {'source' if pooled else 'source and rendering'}: threshold {threshold}"
        )
        for group, f in table.items():
            print(f"  {group:<40} {f}")
    calibration, transfer = figures[("dev", True)], figures[("test", True)]

    model = {
        "format": FORMAT,
        "features": list(FEATURE_NAMES),
        "lexicon": lexicon_data,
        "boilerplate": forest.to_dict(),
        "category": category.to_dict(),
        "categories": classes,
        "threshold": threshold,
        "info": {
            "trained_on": sorted(Counter(rows.groups[i] for i in np.flatnonzero(train)).items()),
            "rows": int(train.sum()),
            "retention_target": args.retention,
            "calibrated_on": list(CALIBRATION),
            "dev": calibration,
            "test": transfer,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(model, sort_keys=True, separators=(",", ":")).encode("utf-8")
    args.out.write_bytes(gzip.compress(payload, mtime=0))
    size = args.out.stat().st_size / 1e3
    print(f"\nwrote {args.out} ({size:.0f} KB) in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
