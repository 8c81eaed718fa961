"""duplicates: a paragraph the document says twice, and a feed teaser cut off at its head.

Feed-to-blog tools put the feed's summary above the article, and that summary
is often the article's own first sentences (``duplicate``) or a lead cut off
mid-sentence with ``...`` (``teaser``). Within one document only: the same
agency paragraph in two documents is content, not this pass's business.

- ``duplicate.paragraph``: a paragraph identical to an earlier one (compared
  casefolded, whitespace collapsed, punctuation at the ends stripped); the
  first copy stays. Needs ``min_words`` words (default 5), so a subheading
  such as "Video" or "Mehr zum Thema" that a page repeats is left alone.
- ``duplicate.contained``: a paragraph whose sentences all occur, in order
  and one after another, inside a longer paragraph; the longest container
  stays. Needs ``min_contained_words`` words (default 10): one short
  stock sentence ("Das teilte die Polizei mit.") may stand on its own and
  inside another paragraph without being a copy.
- ``teaser.truncated``: among the first ``head_paragraphs`` paragraphs, one
  of at least ``teaser_min_words`` words that ends in an ellipsis right after
  a word or comma (``... auch um ...``, ``[…]``), when at least
  ``min_following_words`` words of text follow it. Never the article's own
  headline, which may end in an ellipsis too: a Markdown heading, the front
  matter's title (whole or cut off), or a first paragraph shaped like a
  headline (one line, one sentence, at most 16 words).

A duplicate's log entry gives, in ``details``, where the copy that stays
begins: ``kept_line`` and ``kept_offset`` in the text this pass saw.

Comparison is by hashing, never paragraph against paragraph: a dictionary
from normalized paragraph to its copies, and one from normalized sentence to
where it occurs. A paragraph is looked up by its rarest sentence, and a
sentence found in more than ``max_postings`` paragraphs (boilerplate, or a
document that repeats itself throughout) is not used, so the cost stays
linear in the document. Short lines repeat on purpose and are never removed:
a paragraph whose lines are all short (a subheading, a list item, a line of
verse or a refrain, alone or in a stanza), a stanza of longer lines none of
which runs on into the next, a table. A paragraph cut off with an ellipsis is
never the copy that is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.registry import register
from cleaner.passes.markup import Guard, front_matter_end
from cleaner.text.continuation import continues
from cleaner.text.markdown import Span
from cleaner.text.view import TextView

_SENTENCE_MARKS = ".!?…"
_SENTENCE_BREAK = re.compile(rf"(?<=[{_SENTENCE_MARKS}])[\"'»«“”„‘’)\]]*\s+")
_END_PUNCTUATION = "".join(map(chr, range(33, 48))) + ":;<=>?@[\\]^_`{|}~«»‘’‚“”„‹›…–—·•"
_TRUNCATED = re.compile(r"[\w,;:][ ]?(?:\.{3}|…|\[(?:\.{3}|…)\]|\((?:\.{3}|…)\))\Z")
_TAIL = 12  # the truncation pattern is at most this long, so only the tail is searched
#: A short line: a paragraph whose lines are all at most this long (a subheading, a list
#: item, a line of verse or its refrain, alone or in a stanza) repeats on purpose.
_SHORT_LINE = 60
#: A stanza may have longer lines when each line stands alone, none running on into the
#: next as wrapped prose does (cleaner.text.continuation tells).
_VERSE_LINE = 90
#: The article's headline is one line of one sentence and at most this many words.
_HEADLINE_WORDS = 16
_HEADING = re.compile(r"#{1,6}[ \t]")
_ELLIPSIS = re.compile(r"[ ]?(?:\.{3}|…|\[(?:\.{3}|…)\]|\((?:\.{3}|…)\))\Z")
_TAG = re.compile(r"(?:\[[^\]\n]{1,60}\][ \t]*)+")
#: A Markdown table row: tables repeat their header row on purpose too.
_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
#: Characters the test for containers may read in one document (see ``_containers``).
_PRECHECK_BUDGET = 4_000_000
#: Rounds of the fixed point (see ``Duplicates.edits``); one or two suffice in practice.
_ROUNDS = 8


def _normalized(text: str) -> str:
    """Casefolded, whitespace collapsed, punctuation at the ends stripped."""
    return " ".join(text.casefold().split()).strip(_END_PUNCTUATION + " ")


@dataclass(slots=True)
class _Paragraph:
    """A paragraph as this pass compares it: ``joined`` is its case-folded words joined by
    single spaces; its ``sentences`` (normalized) are worked out only when asked for,
    which most documents never need."""

    start: int
    end: int  # after the trailing newline
    line: int
    key: str
    words: int
    repeats_on_purpose: bool
    truncated: bool
    heading: bool
    single_line: bool
    body: str
    joined: str
    _sentences: tuple[str, ...] | None = None

    @property
    def sentences(self) -> tuple[str, ...]:
        if self._sentences is None:
            sentences = map(_normalized, _SENTENCE_BREAK.split(self.body))
            self._sentences = tuple(s for s in sentences if s)
        return self._sentences

    @property
    def headline_shaped(self) -> bool:
        """One line of one sentence and few words: the shape of the article's headline."""
        return self.single_line and self.words <= _HEADLINE_WORDS and len(self.sentences) == 1


#: What a truncated lead ends with (``_TRUNCATED`` tells exactly).
_TRUNCATED_ENDS = ("...", "…", "]", ")")


def _repeats_on_purpose(lines: list[str]) -> bool:
    """Short lines, verse and tables say the same thing again on purpose; prose does not.

    A subheading, a list item or a refrain is a short line, whether it stands alone
    or in a stanza; a stanza's lines may be longer as long as none runs on into the
    next one the way wrapped prose does. A copied paragraph of prose is neither.
    """
    stripped = [x.strip() for x in lines]
    if all(len(x) <= _SHORT_LINE for x in stripped):
        return True
    if len(lines) > 1 and all(len(x) <= _VERSE_LINE for x in stripped):
        return not any(continues(a, b) for a, b in pairwise(stripped))
    return all(_TABLE_ROW.fullmatch(x) for x in lines)


def _paragraph(view: TextView, first: int, stop: int, folded: str | None) -> _Paragraph:
    """Lines ``first`` to ``stop`` (not included) of the view as a paragraph; ``folded``:
    the case-folded text when it is aligned with the text."""
    lines = view.lines
    start, body_end = lines.start(first), lines.end(stop - 1)
    body = view.text[start:body_end]
    folded_body = body.casefold() if folded is None else folded[start:body_end]
    words = folded_body.split()  # case folding never makes or takes a space
    joined = " ".join(words)
    raw = lines.raw[first:stop]
    return _Paragraph(
        start,
        min(lines.start(stop), len(view.text)),
        first + 1,
        joined.strip(_END_PUNCTUATION + " "),
        len(words),
        _repeats_on_purpose(raw),
        body.endswith(_TRUNCATED_ENDS) and _TRUNCATED.search(body[-_TAIL:]) is not None,
        _HEADING.match(body) is not None,
        stop - first == 1,
        body,
        joined,
    )


def _headline_key(text: str) -> str:
    """A title or headline without its ellipsis and leading [tags], for comparing the two."""
    return _normalized(_ELLIPSIS.sub("", _TAG.sub("", text.strip(), count=1)))


def _is_title(paragraph: _Paragraph, title: str) -> bool:
    """Whether the paragraph is the front matter's title or its cut-off start, or, when
    the title is the one cut short, a headline-shaped paragraph that begins with it."""
    mine, theirs = _headline_key(paragraph.key), _headline_key(title)
    if not (mine and theirs):
        return False
    return theirs.startswith(mine) or (paragraph.headline_shaped and mine.startswith(theirs))


def _paragraphs(view: TextView, skip: list[Span]) -> list[_Paragraph]:
    """Runs of non-blank lines outside front matter and code blocks, in order.

    Protected spans begin at the start of a line and end at the end of one, so a
    line is either inside one or outside all of them.
    """
    folded = view.folded if view.aligned else None
    found = []
    guard = Guard(skip)
    lines = view.lines
    for first, stop in view.paragraphs:
        if not guard.touches(lines.start(first), lines.end(stop - 1) + 1):
            found.append(_paragraph(view, first, stop, folded))
            continue
        run = first
        for index in range(first, stop + 1):
            if index == stop or guard.touches(lines.start(index), lines.end(index) + 1):
                if run < index:
                    found.append(_paragraph(view, run, index, folded))
                run = index + 1
    return found


@dataclass(frozen=True, slots=True)
class _Verdict:
    paragraph: _Paragraph
    rule: str
    kept: _Paragraph | None = None


@register("duplicates")
class Duplicates:
    """Repeated and contained paragraphs, and a truncated teaser at the head (module docstring)."""

    name: ClassVar[str] = "duplicates"
    #: Its verdicts depend on other lines (positions, runs, tails): see ``Pipeline.run``.
    reads_context: ClassVar[bool] = True

    def __init__(
        self,
        *,
        min_words: int = 5,
        min_contained_words: int = 10,
        max_postings: int = 16,
        head_paragraphs: int = 4,
        teaser_min_words: int = 8,
        min_following_words: int = 50,
    ) -> None:
        self.min_words = min_words
        self.min_contained_words = min_contained_words
        self.max_postings = max_postings
        self.head_paragraphs = head_paragraphs
        self.teaser_min_words = teaser_min_words
        self.min_following_words = min_following_words

    def edits(self, doc: Document) -> list[Edit]:
        """Decide on the paragraphs that stay until nothing more goes.

        Removing a paragraph moves the ones after it towards the head, and a
        second run must find nothing new (idempotence), so decisions repeat
        on the survivors until they are stable.
        """
        text = doc.text
        if "\n" not in text.rstrip("\n"):
            return []
        view = doc.view
        alive = _paragraphs(view, view.code_blocks(front_matter_end(doc)))
        title = doc.metadata.get("title")
        verdicts: dict[int, _Verdict] = {}
        for _ in range(_ROUNDS):
            found = self._decide(alive, title if isinstance(title, str) else "")
            if not found:
                break
            verdicts.update(found)
            alive = [p for p in alive if p.start not in found]
        return [_edit(verdicts[start]) for start in sorted(verdicts)]

    def _decide(self, paragraphs: list[_Paragraph], title: str) -> dict[int, _Verdict]:
        """Verdicts, by paragraph start, for one round over the paragraphs that stay."""
        teasers = self._teasers(paragraphs, title)
        found = {p.start: _Verdict(p, "teaser.truncated") for p in teasers}
        rest = [p for p in paragraphs if p.start not in found]
        found.update(self._duplicates(rest))
        return found

    def _teasers(self, paragraphs: list[_Paragraph], title: str) -> Iterable[_Paragraph]:
        """Cut-off leads at the head, never the article's own headline: a heading, the
        front matter's title (whole or cut off), or a first paragraph shaped like a
        headline (one line, one sentence, a few words) may end in an ellipsis too."""
        following = sum(p.words for p in paragraphs)
        for index, paragraph in enumerate(paragraphs[: self.head_paragraphs]):
            following -= paragraph.words
            if (
                paragraph.truncated
                and paragraph.words >= self.teaser_min_words
                and following >= self.min_following_words
                and not paragraph.heading
                and not (index == 0 and paragraph.headline_shaped)
                and not (title and _is_title(paragraph, title))
            ):
                yield paragraph

    def _duplicates(self, paragraphs: list[_Paragraph]) -> dict[int, _Verdict]:
        copies: dict[str, list[_Paragraph]] = defaultdict(list)
        for paragraph in paragraphs:
            if (
                paragraph.key
                and paragraph.words >= self.min_words
                and not paragraph.repeats_on_purpose
            ):
                copies[paragraph.key].append(paragraph)
        containers = self._containers(paragraphs, [group[0] for group in copies.values()])
        found: dict[int, _Verdict] = {}
        for key, group in copies.items():
            if key in containers:
                kept = _kept(containers[key], containers, copies)
                found.update((p.start, _Verdict(p, "duplicate.contained", kept)) for p in group)
            else:
                found.update(
                    (p.start, _Verdict(p, "duplicate.paragraph", group[0])) for p in group[1:]
                )
        return found

    def _containers(
        self, paragraphs: list[_Paragraph], candidates: list[_Paragraph]
    ) -> dict[str, _Paragraph]:
        """Normalized paragraph -> the longest paragraph holding its sentences as a run.

        A paragraph whose first sentence no other paragraph holds has no container
        (see ``_held_elsewhere``), so most documents split no sentences at all. The
        test reads the document once per paragraph; past ``_PRECHECK_BUDGET`` it is
        skipped, and the sentences decide alone.
        """
        shorts = [p for p in candidates if p.words >= self.min_contained_words]
        holders = [p for p in paragraphs if not p.truncated]
        if shorts:
            every = "\n".join(p.joined for p in holders)
            if len(every) * len(shorts) <= _PRECHECK_BUDGET:
                shorts = [p for p in shorts if _held_elsewhere(p, every)]
        if not shorts:
            return {}
        postings: dict[str, list[tuple[_Paragraph, int]]] = defaultdict(list)
        for paragraph in holders:
            for index, sentence in enumerate(paragraph.sentences):
                postings[sentence].append((paragraph, index))
        found = {}
        for short in shorts:
            container = self._container(short, postings)
            if container is not None:
                found[short.key] = container
        return found

    def _container(
        self, short: _Paragraph, postings: dict[str, list[tuple[_Paragraph, int]]]
    ) -> _Paragraph | None:
        sentences = short.sentences
        if not sentences:
            return None
        anchor = min(range(len(sentences)), key=lambda i: len(postings.get(sentences[i], ())))
        hits = postings.get(sentences[anchor], [])
        if len(hits) > self.max_postings:
            return None
        best = None
        for long, index in hits:
            first = index - anchor
            if (
                len(long.sentences) > len(sentences)
                and first >= 0
                and long.sentences[first : first + len(sentences)] == sentences
                and (best is None or long.end - long.start > best.end - best.start)
            ):
                best = long
        return best


def _held_elsewhere(short: _Paragraph, every: str) -> bool:
    """Whether a paragraph besides ``short`` may hold its first sentence (``every``: the
    ``joined`` of the paragraphs that may contain others, one a line).

    A container holds the first sentence in its ``joined``. That sentence is the start
    of ``short.key`` up to a sentence mark or further, so a container holds the key's
    start up to its first sentence mark (less the punctuation before it), which
    ``find`` tells without splitting the paragraph into sentences.
    """
    key = short.key
    end = len(key)
    for mark in _SENTENCE_MARKS:
        at = key.find(mark, 0, end)
        if at >= 0:
            end = at
    start = key[:end].rstrip(_END_PUNCTUATION + " ")
    if not start:
        return True  # nothing to tell by: the sentences decide
    own = 0 if short.truncated else short.joined.count(start)
    return every.count(start) > own


def _edit(verdict: _Verdict) -> Edit:
    paragraph, kept = verdict.paragraph, verdict.kept
    if kept is None:
        reason = "lead cut off with an ellipsis at the head of a longer text"
        return Edit(paragraph.start, paragraph.end, "", verdict.rule, "teaser", reason)
    reason = (
        "the same paragraph appears earlier"
        if verdict.rule == "duplicate.paragraph"
        else "its sentences appear in a longer paragraph"
    )
    details = {"kept_line": kept.line, "kept_offset": kept.start}
    return Edit(
        paragraph.start, paragraph.end, "", verdict.rule, "duplicate", reason, details=details
    )


def _kept(
    container: _Paragraph,
    containers: dict[str, _Paragraph],
    copies: dict[str, list[_Paragraph]],
) -> _Paragraph:
    """The copy that stays: follow containers outwards, then take the first identical copy."""
    while container.key in containers:
        container = containers[container.key]
    group = copies.get(container.key)
    return group[0] if group else container
