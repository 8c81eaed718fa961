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
  ``min_following_words`` words of text follow it.

A duplicate's log entry gives, in ``details``, where the copy that stays
begins: ``kept_line`` and ``kept_offset`` in the text this pass saw.

Comparison is by hashing, never paragraph against paragraph: a dictionary
from normalized paragraph to its copies, and one from normalized sentence to
where it occurs. A paragraph is looked up by its rarest sentence, and a
sentence found in more than ``max_postings`` paragraphs (boilerplate, or a
document that repeats itself throughout) is not used, so the cost stays
linear in the document. Verse-shaped paragraphs (several lines, all short:
lyrics, lists, addresses) repeat on purpose and are never removed. A
paragraph cut off with an ellipsis is never the copy that is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.registry import register
from cleaner.passes.markup import PARAGRAPH, code_blocks, front_matter_end
from cleaner.text.markdown import Span, outside

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'»«“”„‘’)\]]*\s+")
_END_PUNCTUATION = "".join(map(chr, range(33, 48))) + ":;<=>?@[\\]^_`{|}~«»‘’‚“”„‹›…–—·•"
_TRUNCATED = re.compile(r"[\w,;:][ ]?(?:\.{3}|…|\[(?:\.{3}|…)\]|\((?:\.{3}|…)\))\Z")
_TAIL = 12  # the truncation pattern is at most this long, so only the tail is searched
#: A verse line: paragraphs of several lines, all at most this long, repeat on purpose.
_VERSE_LINE = 60
#: A Markdown table row: tables repeat their header row on purpose too.
_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
#: Rounds of the fixed point (see ``Duplicates.edits``); one or two suffice in practice.
_ROUNDS = 8


def _normalized(text: str) -> str:
    """Casefolded, whitespace collapsed, punctuation at the ends stripped."""
    return " ".join(text.casefold().split()).strip(_END_PUNCTUATION + " ")


@dataclass(frozen=True, slots=True)
class _Paragraph:
    start: int
    end: int  # after the trailing newline
    line: int
    key: str
    sentences: tuple[str, ...]
    words: int
    repeats_on_purpose: bool
    truncated: bool


def _paragraph(text: str, start: int, end: int, line: int) -> _Paragraph:
    body = text[start:end].rstrip("\n")
    lines = body.split("\n")
    sentences = (_normalized(s) for s in _SENTENCE_BREAK.split(body))
    words = body.casefold().split()  # case folding never makes or takes a space
    return _Paragraph(
        start,
        end,
        line,
        " ".join(words).strip(_END_PUNCTUATION + " "),
        tuple(s for s in sentences if s),
        len(words),
        (len(lines) > 1 and all(len(x) <= _VERSE_LINE for x in lines))
        or all(_TABLE_ROW.fullmatch(x) for x in lines),
        _TRUNCATED.search(body[-_TAIL:]) is not None,
    )


def _paragraphs(text: str, skip: list[Span]) -> list[_Paragraph]:
    """Runs of non-blank lines outside front matter and code blocks, in order."""
    found = []
    line, counted = 1, 0
    for low, high in outside(0, len(text), skip):
        for match in PARAGRAPH.finditer(text, low, high):
            line += text.count("\n", counted, match.start())
            counted = match.start()
            found.append(_paragraph(text, match.start(), match.end(), line))
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
        alive = _paragraphs(text, code_blocks(text, front_matter_end(doc)))
        verdicts: dict[int, _Verdict] = {}
        for _ in range(_ROUNDS):
            found = self._decide(alive)
            if not found:
                break
            verdicts.update(found)
            alive = [p for p in alive if p.start not in found]
        return [_edit(verdicts[start]) for start in sorted(verdicts)]

    def _decide(self, paragraphs: list[_Paragraph]) -> dict[int, _Verdict]:
        """Verdicts, by paragraph start, for one round over the paragraphs that stay."""
        found = {p.start: _Verdict(p, "teaser.truncated") for p in self._teasers(paragraphs)}
        rest = [p for p in paragraphs if p.start not in found]
        found.update(self._duplicates(rest))
        return found

    def _teasers(self, paragraphs: list[_Paragraph]) -> Iterable[_Paragraph]:
        following = sum(p.words for p in paragraphs)
        for paragraph in paragraphs[: self.head_paragraphs]:
            following -= paragraph.words
            if (
                paragraph.truncated
                and paragraph.words >= self.teaser_min_words
                and following >= self.min_following_words
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
        """Normalized paragraph -> the longest paragraph holding its sentences as a run."""
        postings: dict[str, list[tuple[_Paragraph, int]]] = defaultdict(list)
        for paragraph in paragraphs:
            if not paragraph.truncated:
                for index, sentence in enumerate(paragraph.sentences):
                    postings[sentence].append((paragraph, index))
        found = {}
        for short in candidates:
            if short.words < self.min_contained_words:
                continue
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
