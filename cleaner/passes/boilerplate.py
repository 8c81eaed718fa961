"""boilerplate: lines a learned model scores as page furniture, on sites no rule names.

Rules find the phrases someone wrote down. Menus, related-story lists,
bylines, captions, consent panels and share bars look alike on every site and
in every language, though: short lines in runs at the head or the tail, few
stop words, capitalised words, a name after a slash, cue words that many sites
share. The line model (:mod:`cleaner.text.linemodel`, trained from public
pages by ``training/train_lines.py``) scores each line on such features of the
line, its neighbours and the document; a line scoring at or above the
threshold goes, logged with its score, the threshold, the category the model
gives it and the features that weighed most.

Prose is never scored (:meth:`LineStats.candidates`), and some lines are
never removed whatever their score: the document's title, lines of front
matter and code, and a line that runs on into a line that stays (or on from
one), since a sentence is never cut in two.

Removing a menu changes its neighbours' context, so scoring repeats on the
lines that stay until nothing more goes: a second run then finds nothing to
do. The pass is deterministic: scores depend only on the text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container
from typing import ClassVar

import numpy as np

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.limits import Budget
from cleaner.core.registry import register
from cleaner.passes.markup import front_matter_end
from cleaner.text.linefeatures import Lexicon, LineStats, features
from cleaner.text.linemodel import LineModel, load
from cleaner.text.lines import TextLines

RULE = "boilerplate.line-model"
#: Rounds of scoring on the lines that stay; removals only grow, so this is a bound, not a guess.
MAX_ROUNDS = 8
_HEADING_MARKS = "#*_ \t"
#: No title is longer: a longer line is never compared with it (nor split into words).
_TITLE_CHARS = 1000


@register("boilerplate")
class Boilerplate:
    """Options: ``threshold`` (default: the model's own, chosen for keep-line retention),
    ``model`` (a model file of your own; default the shipped one) and ``categories`` (remove
    only lines the model gives one of these categories; default all)."""

    name: ClassVar[str] = "boilerplate"
    #: A line's score depends on its neighbours and position (see ``Pipeline.run``).
    reads_context: ClassVar[bool] = True

    def __init__(
        self,
        *,
        threshold: float | None = None,
        model: str | None = None,
        categories: list[str] | None = None,
    ) -> None:
        self.model_path = model
        self.model: LineModel = load(model)
        self.threshold = self.model.threshold if threshold is None else float(threshold)
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be above 0 and at most 1, not {threshold!r}")
        known = set(self.model.categories)
        unknown = sorted(set(categories or ()) - known)
        if unknown:
            raise ValueError(f"unknown categories {unknown} (the model knows {sorted(known)})")
        self.categories = frozenset(categories) if categories else frozenset(known)

    def edits(self, doc: Document) -> list[Edit]:
        lines, movable = movable_lines(doc)
        if not movable:
            return []
        decided = self._settle(lines, movable, doc.budget)
        return [self._edit(lines, n, *verdict) for n, verdict in sorted(decided.items())]

    def _settle(
        self, lines: TextLines, movable: list[int], budget: Budget
    ) -> dict[int, tuple[float, str, list[tuple[str, float, float]]]]:
        """Score, remove, and score again on what stays, until a round removes nothing."""
        lexicon = self.model.lexicon
        language = lexicon.language(lines.text)
        movable_set = set(movable)
        gone: dict[int, tuple[float, str, list[tuple[str, float, float]]]] = {}
        for _ in range(MAX_ROUNDS):
            budget.check()
            staying, stats, rows, matrix = scoring_round(
                lines, movable_set, gone, lexicon, language
            )
            if not rows:
                break
            scores = self.model.scores(matrix)
            chosen = [k for k, score in enumerate(scores) if score >= self.threshold]
            if not chosen:
                break
            kinds = self.model.kinds(matrix[chosen])
            picked = {
                rows[k]: (float(scores[k]), kind)
                for k, kind in zip(chosen, kinds, strict=True)
                if kind in self.categories
            }
            picked = _keep_sentences_whole(stats.runs_on(), picked)
            if not picked:
                break
            order = sorted(picked)
            row_of = {row: k for k, row in enumerate(rows)}
            reasons = self.model.reasons(matrix[[row_of[i] for i in order]])
            for i, why in zip(order, reasons, strict=True):
                gone[staying[i]] = (*picked[i], why)
        return gone

    def _edit(
        self, lines: TextLines, n: int, score: float, kind: str, why: list[tuple[str, float, float]]
    ) -> Edit:
        end = min(lines.end(n) + 1, len(lines.text))
        details = {
            "threshold": self.threshold,
            "reasons": [
                {"feature": name, "value": value, "weight": weight} for name, value, weight in why
            ],
        }
        said = ", ".join(f"{name}={value:g}" for name, value, _ in why)
        reason = f"line model scores {score:.3f} >= {self.threshold:.3f} as {kind}" + (
            f" ({said})" if said else ""
        )
        return Edit(
            lines.start(n), end, "", RULE, kind, reason, score=round(score, 4), details=details
        )


def movable_lines(doc: Document) -> tuple[TextLines, list[int]]:
    """The document's lines, and those the pass may remove: not blank, not in front matter
    or code, not the document's title."""
    view = doc.view
    lines = view.lines
    protected = view.code_blocks(front_matter_end(doc))
    title = _title_key(doc.metadata.get("title"))
    content = lines.content
    movable = [
        n
        for n in range(len(lines))
        if content[n]
        and not _inside(protected, lines.start(n))
        and not (title and len(content[n]) <= _TITLE_CHARS and _title_key(content[n]) == title)
    ]
    return lines, movable


def scoring_round(
    lines: TextLines,
    movable: set[int] | frozenset[int],
    gone: Container[int],
    lexicon: Lexicon,
    language: str | None,
) -> tuple[list[int], LineStats, list[int], np.ndarray]:
    """One round on the lines not ``gone``: which stay, their statistics, the rows to score
    (indices into the staying lines) and their features."""
    content = lines.content
    staying = [n for n in range(len(lines)) if content[n] and n not in gone]
    stats = LineStats.of(
        [content[n] for n in staying], blank_before(content, staying), lexicon, language
    )
    rows = [i for i in stats.candidates() if staying[i] in movable]
    return staying, stats, rows, features(stats, rows, lexicon)


def blank_before(content: list[str], staying: list[int]) -> list[bool]:
    """For each staying line: whether a blank line (or the start) comes before it, once the
    lines between it and the previous staying line are gone."""
    return [
        i == 0 or any(not content[m] for m in range(staying[i - 1] + 1, n))
        for i, n in enumerate(staying)
    ]


def _keep_sentences_whole(
    runs_on: list[bool], picked: dict[int, tuple[float, str]]
) -> dict[int, tuple[float, str]]:
    """Drop from ``picked`` every line that one sentence joins to a line that stays."""
    picked = dict(picked)
    changed = True
    while changed:
        changed = False
        for i in sorted(picked):
            if (runs_on[i] and i + 1 not in picked) or (
                i > 0 and runs_on[i - 1] and i - 1 not in picked
            ):
                del picked[i]
                changed = True
    return picked


def _title_key(title: object) -> str:
    """A title or line as compared with the other: "" when there is no title."""
    return " ".join(str(title).strip(_HEADING_MARKS).casefold().split()) if title else ""


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]
