"""The flattened tree ensemble: scores and the features that made them."""

import numpy as np
import pytest

from cleaner.text.forest import Forest, sigmoid

# Two stumps and a depth-2 tree over two features, nodes in one array:
#   tree 0: x0 <= 1 ? -1 : +1          (nodes 0, 1, 2)
#   tree 1: x1 <= 0.5 ? (x0 <= 3 ? 0.5 : 2) : -0.5   (nodes 3..7)
FOREST = Forest.from_dict(
    {
        "feature": [0, 0, 0, 1, 0, 0, 0, 0],
        "threshold": [1.0, 0, 0, 0.5, 3.0, 0, 0, 0],
        "left": [1, 1, 2, 4, 5, 5, 6, 7],
        "right": [2, 1, 2, 7, 6, 5, 6, 7],
        "value": [0.0, -1.0, 1.0, 0.2, 1.0, 0.5, 2.0, -0.5],
        "roots": [0, 3],
        "tree_class": [0, 0],
        "classes": 1,
        "depth": 2,
    }
)


@pytest.mark.parametrize(
    ("row", "expected"),
    [((0.0, 0.0), -1 + 0.5), ((2.0, 0.0), 1 + 0.5), ((4.0, 0.0), 1 + 2), ((0.0, 1.0), -1 - 0.5)],
)
def test_each_row_takes_its_path(row, expected):
    assert FOREST.raw(np.array([row]))[0, 0] == pytest.approx(expected)


def test_contributions_add_up_to_the_score_less_the_roots():
    rows = np.array([(4.0, 0.0), (0.0, 1.0), (2.0, 0.3)])
    shares = FOREST.contributions(rows, 2)
    roots = FOREST.value[FOREST.roots].sum()
    assert np.allclose(shares.sum(axis=1), FOREST.raw(rows)[:, 0] - roots)
    # the row (4, 0) owes its high score to feature 0 in both trees
    assert shares[0, 0] > shares[0, 1]


def test_multiclass_trees_score_their_own_class():
    two = Forest.from_dict({**FOREST.to_dict(), "tree_class": [0, 1], "classes": 2})
    scores = two.raw(np.array([(4.0, 0.0)]))
    assert scores.tolist() == [[1.0, 2.0]]


def test_round_trip_and_sigmoid():
    again = Forest.from_dict(FOREST.to_dict())
    rows = np.array([(0.5, 0.7), (9.0, 0.1)])
    assert np.array_equal(again.raw(rows), FOREST.raw(rows))
    assert sigmoid(np.array([0.0]))[0] == 0.5
