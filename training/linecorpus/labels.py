"""One rendering's lines labeled from all the evidence a page has.

In order: the gold alignment (full gold, or a prefix of it); the headline
(the page's title, which no gold here includes, is ``keep``); the head of the
document (see below); the snippets; then a category for each boilerplate line;
lines without words take their neighbours' label when both agree.

The head of a document, before the first line matched to the gold, holds the
headline, kicker, byline, date and lead, which most golds leave out although
the label rules keep the kicker and lead. So a head line is boilerplate only
when evidence says what it is (a menu element, a cookie class, a date line,
the author's name) or, with a full gold, when it stands more than
``KICKER_LINES`` lines above the headline; otherwise it is unknown (None).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .align import SHORT_WORDS, Gold, Verdict, align_lines, tokenize
from .categories import element_category, meta_category, phrase_category
from .markup import is_heading, is_image_line, looks_like_code, visible_text
from .render import ElementInfo, Line
from .snippets import with_lines, without_lines

#: Lines (non-blank) right above the headline that may be its kicker.
KICKER_LINES = 2
#: A line is the headline when this share of its words and of the title's words match.
TITLE_MATCH = 0.8


@dataclass
class Evidence:
    """Everything known about a page that labels its lines."""

    gold: Gold | None = None
    prefix: Gold | None = None
    with_snippets: Sequence[str] = ()
    without_snippets: Sequence[str] = ()
    titles: Sequence[str] = ()
    author: str | None = None
    elements: Sequence[ElementInfo] = ()
    content: frozenset[int] = frozenset()  # elements holding content lines
    # Article golds draw a sure boundary; on other pages (products, listings, docs) the
    # annotators left out much that the rules keep, so boilerplate there needs evidence.
    page_type: str = "article"
    # a line's words -> the element path it has on the page (lines of trafilatura output
    # are found there by their text); None when the words occur at several places
    paths_by_words: dict[tuple[str, ...], tuple[int, ...] | None] = field(default_factory=dict)

    @property
    def boundary_sure(self) -> bool:
        return self.page_type == "article"


@dataclass
class Labeled:
    text: str
    label: str | None
    category_inferred: bool
    how: str

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "label": self.label,
            "category_inferred": self.category_inferred,
            "how": self.how,
        }


def label_lines(
    lines: Sequence[Line], evidence: Evidence, aligned: list[Verdict] | None = None
) -> list[Labeled]:
    """Labels for the lines of one rendering, in order (blank lines: None).

    ``aligned``: the gold alignment's verdicts when the caller already has them.
    """
    visible = [visible_text(line.text) for line in lines]
    tokens = [tokenize(text) for text in visible]
    verdicts = list(aligned) if aligned is not None else gold_verdicts(visible, evidence)
    title = _title_line(lines, tokens, verdicts, evidence.titles)
    if title is not None:
        verdicts[title] = Verdict("keep", "title")
    _limit_head(lines, verdicts, title, evidence)
    _apply_snippets(tokens, verdicts, evidence)
    labeled = [
        _categorised(line, words, verdict, evidence)
        for line, words, verdict in zip(lines, tokens, verdicts, strict=True)
    ]
    _wordless_as_neighbours(labeled, tokens)
    return labeled


def gold_verdicts(visible: Sequence[str], evidence: Evidence) -> list[Verdict]:
    """The alignment's verdicts against the full gold, else the prefix gold."""
    gold = evidence.gold or evidence.prefix
    if gold is None or not gold.tokens:
        return [Verdict(None, "no full or prefix gold") for _ in visible]
    return align_lines(visible, gold)


def _title_line(
    lines: Sequence[Line],
    tokens: list[list[str]],
    verdicts: list[Verdict],
    titles: Sequence[str],
) -> int | None:
    """The headline: a line matching the title, before the first content line.

    A heading is preferred; otherwise the last candidate before the content (a
    breadcrumb or a "related" run repeats titles further up).
    """
    first = next((i for i, v in enumerate(verdicts) if v.kind == "keep"), len(lines))
    candidates = []
    for title in titles:
        wanted = Counter(tokenize(title))
        if not wanted:
            continue
        for i in range(first):
            got = Counter(tokens[i])
            common = sum((got & wanted).values())
            size = sum(got.values())
            if size and common >= TITLE_MATCH * size and common >= TITLE_MATCH * wanted.total():
                candidates.append(i)
    if not candidates:
        return None
    headings = [i for i in candidates if is_heading(lines[i].text)]
    return max(headings) if headings else max(candidates)


def _limit_head(
    lines: Sequence[Line], verdicts: list[Verdict], title: int | None, evidence: Evidence
) -> None:
    """Head lines are boilerplate only with evidence, or far above the headline."""
    content = [i for i, v in enumerate(verdicts) if v.kind == "keep" and i != title]
    first = content[0] if content else len(lines)
    above_title = _far_above(lines, title) if evidence.gold is not None else -1
    for i in range(first):
        verdict = verdicts[i]
        if verdict.kind != "boilerplate":
            continue
        if i < above_title:
            verdicts[i] = Verdict("boilerplate", "head, above the headline")
        elif _evidence(lines[i], evidence) is not None:
            verdicts[i] = Verdict("boilerplate", "head, with evidence")
        else:
            verdicts[i] = Verdict(None, "head, no evidence")


def _far_above(lines: Sequence[Line], title: int | None) -> int:
    """Index above which lines are more than KICKER_LINES non-blank lines over the title."""
    if title is None:
        return -1
    seen = 0
    for i in range(title - 1, -1, -1):
        if lines[i].text.strip():
            seen += 1
            if seen == KICKER_LINES:
                return i
    return -1


def _apply_snippets(tokens: list[list[str]], verdicts: list[Verdict], evidence: Evidence) -> None:
    keep = set().union(*(with_lines(tokens, s) for s in evidence.with_snippets))
    drop = set().union(*(without_lines(tokens, s) for s in evidence.without_snippets))
    for i in sorted(keep | drop):
        current = verdicts[i]
        if i in keep and i in drop:
            verdicts[i] = Verdict(None, "conflict: with and without snippet")
        elif i in keep:
            if current.kind == "boilerplate":
                verdicts[i] = Verdict(None, f"conflict: with snippet, {current.how}")
            elif current.kind is None:
                verdicts[i] = Verdict("keep", "with snippet")
        elif current.kind == "keep":
            verdicts[i] = Verdict(None, f"conflict: without snippet, {current.how}")
        elif current.kind == "boilerplate":
            verdicts[i] = Verdict("boilerplate", f"{current.how}, without snippet")
        else:
            verdicts[i] = Verdict("boilerplate", "without snippet")


def _evidence(line: Line, evidence: Evidence) -> tuple[str, str] | None:
    """The category some evidence gives the line: a date or byline by its words, then
    its element, then a UI phrase among its words."""
    text = visible_text(line.text)
    found = meta_category(text, evidence.author)
    if found:
        return found
    path: tuple[int, ...] | None = line.path
    if not path:
        path = evidence.paths_by_words.get(tuple(tokenize(text)))
    if path:
        found = element_category(path, evidence.elements, evidence.content)
        if found:
            return found
    return phrase_category(text)


def _categorised(line: Line, words: list[str], verdict: Verdict, evidence: Evidence) -> Labeled:
    if not line.text.strip():
        return Labeled(line.text, None, False, "blank")
    if is_image_line(line.text):
        return Labeled(line.text, "other", True, "image line")
    if verdict.kind == "keep":
        return Labeled(line.text, "keep", False, verdict.how)
    if verdict.kind is None:
        return Labeled(line.text, None, False, verdict.how)
    if "without snippet" not in verdict.how:
        doubt = _gold_blind_spot(line, words, evidence)
        if doubt:
            return Labeled(line.text, None, False, f"{verdict.how}, but {doubt}")
    found = _evidence(line, evidence)
    if found is None:
        if not evidence.boundary_sure:
            why = f"no evidence, and the gold of a {evidence.page_type} page is no sure boundary"
            return Labeled(line.text, None, False, f"{verdict.how}, {why}")
        return Labeled(line.text, "other", False, verdict.how)
    category, why = found
    return Labeled(line.text, category, True, f"{verdict.how}; {why}")


def _gold_blind_spot(line: Line, words: list[str], evidence: Evidence) -> str | None:
    """Why a line the gold lacks may be content all the same: code (golds leave code
    samples out, the rules keep them), or a repeat of a gold passage matched elsewhere
    (a quoted forum post, a description shown twice)."""
    in_code = any(evidence.elements[n].tag in ("pre", "code") for n in line.path)
    if in_code or looks_like_code(line.text):
        return "looks like code"
    gold = evidence.gold or evidence.prefix
    if gold is not None and len(words) > SHORT_WORDS and gold.holds(words):
        return "its words are in the gold elsewhere"
    return None


def _wordless_as_neighbours(labeled: list[Labeled], tokens: list[list[str]]) -> None:
    """A non-blank line without words (``* * *``, ``|---|``) takes the label of the
    nearest non-blank lines on both sides when they agree."""
    for i, line in enumerate(labeled):
        if tokens[i] or not line.text.strip() or line.how == "image line":
            continue
        above = next((x for x in reversed(labeled[:i]) if x.text.strip()), None)
        below = next((x for x in labeled[i + 1 :] if x.text.strip() and x.how != "no words"), None)
        if above and below and above.label == below.label and above.label is not None:
            labeled[i] = Labeled(line.text, above.label, False, "no words, as neighbours")
