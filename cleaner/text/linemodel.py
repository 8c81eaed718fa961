"""The shipped line model: lexicon, the boilerplate scorer, the category scorer, the threshold.

One file (``cleaner/models/lines.json.gz``, package data) written by
``training/train_lines.py`` from public data; nothing is downloaded. It is
read once per process and path; a model made for other features than this
code computes is refused, since it would score nonsense.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from cleaner.text.forest import Forest, sigmoid
from cleaner.text.linefeatures import FEATURE_NAMES, UNSPACED, Lexicon

FORMAT = 1
SHIPPED = "lines.json.gz"


class ModelError(ValueError):
    """A line model file that cannot be used, with the reason."""


@dataclass(frozen=True, slots=True)
class LineModel:
    """What the boilerplate pass needs to score lines, and the figures it was chosen by."""

    lexicon: Lexicon
    boilerplate: Forest
    category: Forest
    categories: tuple[str, ...]
    threshold: float
    info: dict[str, Any]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each row's line is boilerplate."""
        return sigmoid(self.boilerplate.raw(rows)[:, 0])

    def kinds(self, rows: np.ndarray) -> list[str]:
        """The most likely boilerplate category of each row."""
        if not len(rows):
            return []
        best = self.category.raw(rows).argmax(axis=1)
        return [self.categories[k] for k in best]

    def reasons(self, rows: np.ndarray, top: int = 3) -> list[list[tuple[str, float, float]]]:
        """For each row, the features that pushed its score up most: (name, value, weight)."""
        shares = self.boilerplate.contributions(rows, len(FEATURE_NAMES))
        out = []
        for row, share in zip(rows, shares, strict=True):
            best = np.argsort(-share, kind="stable")[:top]
            out.append(
                [
                    (FEATURE_NAMES[k], float(row[k]), round(float(share[k]), 3))
                    for k in best
                    if share[k] > 0
                ]
            )
        return out


def _lexicon(data: dict[str, Any]) -> Lexicon:
    stopwords = {lang: frozenset(words) for lang, words in data["stopwords"].items()}
    owners = Counter(w for lang, words in stopwords.items() if lang not in UNSPACED for w in words)
    language_of = {
        w: lang
        for lang, words in sorted(stopwords.items())
        if lang not in UNSPACED
        for w in words
        if owners[w] == 1
    }
    cues = {kind: frozenset(words) for kind, words in data["cues"].items()}
    return Lexicon(stopwords, language_of, cues, frozenset(data["byline"]))


def from_dict(data: dict[str, Any], source: str = "<model>") -> LineModel:
    """A model from its stored form; ``ModelError`` naming ``source`` when it does not fit."""
    if data.get("format") != FORMAT:
        raise ModelError(f"{source}: line model format {data.get('format')!r}, expected {FORMAT}")
    if tuple(data.get("features", ())) != FEATURE_NAMES:
        raise ModelError(f"{source}: line model made for other features than this cleaner computes")
    try:
        return LineModel(
            lexicon=_lexicon(data["lexicon"]),
            boilerplate=Forest.from_dict(data["boilerplate"]),
            category=Forest.from_dict(data["category"]),
            categories=tuple(data["categories"]),
            threshold=float(data["threshold"]),
            info=dict(data.get("info", {})),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ModelError(f"{source}: not a usable line model: {error}") from None


@cache
def load(path: str | None = None) -> LineModel:
    """The model at ``path`` (a ``.json`` or ``.json.gz`` file), or the shipped one."""
    if path is None:
        raw = resources.files("cleaner.models").joinpath(SHIPPED).read_bytes()
        source = f"cleaner/models/{SHIPPED}"
    else:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise ModelError(f"{path}: cannot read line model: {error.strerror}") from None
        source = path
    try:
        data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (OSError, ValueError) as error:
        raise ModelError(f"{source}: not a line model file: {error}") from None
    return from_dict(data, source)
