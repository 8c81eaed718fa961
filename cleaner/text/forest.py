"""A boosted tree ensemble, evaluated with whole-array operations, and why it decided.

The line model is trained with LightGBM (a training-time dependency only);
``training/train_lines.py`` flattens its trees into the arrays kept here, so
that running it needs nothing but NumPy. Every tree is walked for every row at
once, one level per step; a leaf points at itself, so trees of any depth up to
``depth`` can share the loop.

``contributions`` splits a row's score among the features whose tests lay on
its path (each step's change of the node value goes to the feature tested), so
a removal can say which features made it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Forest:
    """Flattened trees: node arrays, one root per tree, and the class each tree scores."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    tree_class: np.ndarray
    classes: int
    depth: int

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Forest:
        return cls(
            feature=np.asarray(data["feature"], dtype=np.intp),
            threshold=np.asarray(data["threshold"], dtype=float),
            left=np.asarray(data["left"], dtype=np.intp),
            right=np.asarray(data["right"], dtype=np.intp),
            value=np.asarray(data["value"], dtype=float),
            roots=np.asarray(data["roots"], dtype=np.intp),
            tree_class=np.asarray(data["tree_class"], dtype=np.intp),
            classes=int(data["classes"]),
            depth=int(data["depth"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.tolist(),
            "roots": self.roots.tolist(),
            "tree_class": self.tree_class.tolist(),
            "classes": self.classes,
            "depth": self.depth,
        }

    def _leaves(
        self, rows: np.ndarray, keep_steps: bool = False
    ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """The leaf each tree gives each row, and (when ``keep_steps``: only the
        contributions need them) the (node, next node) of every step."""
        count = len(rows)
        node = np.repeat(self.roots[:, None], count, axis=1)
        columns = np.arange(count)
        steps = []
        for _ in range(self.depth):
            tested = self.feature[node]
            go_left = rows[columns, tested] <= self.threshold[node]
            following = np.where(go_left, self.left[node], self.right[node])
            if keep_steps:
                steps.append((node, following))
            node = following
        return node, steps

    def raw(self, rows: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds), shape ``(len(rows), classes)``."""
        if not len(rows):
            return np.zeros((0, self.classes))
        leaves, _ = self._leaves(rows)
        values = self.value[leaves]
        if self.classes == 1:
            return values.sum(axis=0)[:, None]
        out = np.zeros((len(rows), self.classes))
        for k in range(self.classes):
            out[:, k] = values[self.tree_class == k].sum(axis=0)
        return out

    def contributions(self, rows: np.ndarray, features: int) -> np.ndarray:
        """Per-feature shares of class 0's raw score, shape ``(len(rows), features)``."""
        contribution = np.zeros((len(rows), features))
        if not len(rows):
            return contribution
        _, steps = self._leaves(rows, keep_steps=True)
        mine = self.tree_class == 0
        columns = np.broadcast_to(np.arange(len(rows)), (int(mine.sum()), len(rows)))
        for node, following in steps:
            node, following = node[mine], following[mine]
            moved = node != following
            change = np.where(moved, self.value[following] - self.value[node], 0.0)
            np.add.at(contribution, (columns, self.feature[node]), change)
        return contribution


def sigmoid(raw: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-raw))
