"""offtopic: trailing paragraphs that belong to another story.

Scrapers of live pages often paste the start of the next story under an
article. Such a paragraph shares almost none of the article's rare words (the
names, places and subject terms), where a real closing paragraph repeats
several of them. So each trailing paragraph is scored by the share of its
vocabulary, weighted by rarity, that the title and the body before it also
use; the scan runs from the end and stops at the first cohesive paragraph.

Removal needs that positive evidence: when the scan ends for any other reason
(the cap on removed paragraphs, a body too short to judge, an unknown
language), nothing is removed and the scores are only reported. Each paragraph
is judged against the paragraphs *before* it only, so the paragraph that
stopped the scan scores the same once the ones after it are gone: a second run
removes nothing more.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import ClassVar

import wordfreq

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.limits import PIECE_CHARS, Budget
from cleaner.core.registry import register
from cleaner.text.plausibility import best_language
from cleaner.text.view import TextView

CATEGORY = "offtopic"
RULE_REMOVED = "offtopic.trailing-paragraph"
RULE_SCORED = "offtopic.scored"

_WORD = re.compile(r"[^\W\d_]{2,}")
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")
_NONBLANK = re.compile(r"\S")
#: Languages written without spaces between words: a word overlap means nothing there.
_UNSPACED = frozenset({"zh", "ja", "ko"})
#: Characters of the body before a paragraph that decide the language its words are weighed in.
LANGUAGE_SAMPLE = 1000
#: Words at least this frequent (Zipf scale) weigh nothing: "der", "und", "the".
COMMON_ZIPF = 6.0
#: Zipf value given to a word missing from wordfreq's list (names, compounds).
UNKNOWN_ZIPF = 2.0
#: Words this long match on their first ``STEM`` letters.
STEM = 7
#: Shortest word that may match as the start or end of another.
PART = 5
#: Letters a compound must have before a word it ends with.
SUFFIX_OFFSET = 3
#: A word the title shares counts this many times.
TITLE_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class _Block:
    """A paragraph with the short paragraphs after it; ``[start, end)`` includes the newlines.

    ``head`` holds the distinct words of the first paragraph, which is what is
    judged; ``words`` those of all of them, which later blocks are compared
    with; ``size`` counts all their words.
    """

    start: int
    end: int
    text_end: int
    size: int
    head: frozenset[str]
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Verdict:
    """A judged block: its cohesion score and the language its words were weighed in."""

    block: _Block
    score: float
    language: str


def _paragraphs(text: str, offset: int) -> Iterable[tuple[int, int, int]]:
    """``(start, text_end, end)`` of each paragraph; ``end`` is after its newlines."""
    start = offset
    for match in _PARAGRAPH_BREAK.finditer(text, offset):
        if match.start() > start:
            yield start, match.start(), match.end()
        start = match.end()
    body_end = len(text.rstrip())
    if body_end > start:
        yield start, body_end, len(text)


def _blocks(view: TextView, offset: int, min_words: int, budget: Budget) -> list[_Block]:
    """Paragraphs, a short one joined to the one before it.

    A short line at the end of an article ("(dpa)", a credit) goes with the
    paragraph it follows, so it is never removed along with a foreign
    paragraph after it, and never judged on its own few words; nor does it
    change the verdict on the paragraph it follows.
    """
    text = view.text
    blocks: list[_Block] = []
    for start, text_end, end in _paragraphs(text, offset):
        size, words = _words(view, start, text_end, budget)
        if blocks and size < min_words:
            last = blocks[-1]
            merged = last.words.union(words)
            blocks[-1] = _Block(last.start, end, text_end, last.size + size, last.head, merged)
        else:
            distinct = frozenset(words)
            blocks.append(_Block(start, end, text_end, size, distinct, distinct))
    return blocks


def _words(view: TextView, start: int, end: int, budget: Budget) -> tuple[int, set[str]]:
    """How many words the text has from ``start`` to ``end``, and which (case-folded);
    read in pieces, so a paragraph that is one huge line costs neither a list of all its
    words nor more time than the document has. Found in the view's case-folded text when
    it is aligned with the text, so the document is folded once for all passes."""
    text, folded = view.text, view.folded if view.aligned else None
    size, words = 0, set()
    for begin, stop in budget.pieces(text, start, end):
        if folded is not None:
            found = _WORD.findall(folded, begin, stop)
        else:
            found = _WORD.findall(text[begin:stop].casefold())
        size += len(found)
        words.update(found)
    return size, words


@cache
def _zipf_table(language: str) -> dict[str, float]:
    """Zipf frequency of each word in wordfreq's small list for ``language`` (read once)."""
    return {
        word: math.log10(frequency) + 9
        for word, frequency in wordfreq.get_frequency_dict(language, "small").items()
    }


@cache
def _listed_languages() -> frozenset[str]:
    return frozenset(wordfreq.available_languages("small"))


@lru_cache(maxsize=256)
def _language(sample: str) -> str | None:
    """The sample's language; cached, as the paragraphs of one document share their sample."""
    return best_language(sample)[0]


def _supported(language: str) -> bool:
    return language not in _UNSPACED and language in _listed_languages()


def _weight(word: str, table: dict[str, float]) -> float:
    """Rarity: 0 for words as common as "der" or "the", most for names and rare compounds."""
    zipf = table.get(word, 0.0)
    return COMMON_ZIPF - max(UNKNOWN_ZIPF, min(COMMON_ZIPF, zipf))


class _Weights(dict[str, float]):
    """Word -> its rarity weight in one language, worked out on first sight."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.table = _zipf_table(language)

    def __missing__(self, word: str) -> float:
        if len(self) >= WEIGHTS_CACHED:
            self.clear()
        value = self[word] = _weight(word, self.table)
        return value


#: Words whose weights each language keeps.
WEIGHTS_CACHED = 1 << 17


@cache
def _weights(language: str) -> _Weights:
    return _Weights(language)


@lru_cache(maxsize=1 << 16)
def _index_keys(word: str) -> tuple[str, ...]:
    """What a vocabulary files ``word`` under: itself (``=``), its first ``PART`` to
    ``STEM`` letters (``^``) and its endings after a few letters of its own (``$``).

    Cached, like :func:`_probe_keys`: a word's keys are the same in every
    document, and most words recur.
    """
    n = len(word)
    starts = ("^" + word[:k] for k in range(PART, min(n, STEM) + 1))
    ends = ("$" + word[i:] for i in range(SUFFIX_OFFSET, n - PART + 1))
    return ("=" + word, *starts, *ends)


@lru_cache(maxsize=1 << 16)
def _probe_keys(word: str) -> frozenset[str]:
    """The keys under which a vocabulary holds a word that matches ``word``."""
    n = len(word)
    if n < PART:
        return frozenset(("=" + word,))
    heads = ("=" + word[:k] for k in range(PART, min(n, STEM)))
    tails = ("=" + word[i:] for i in range(SUFFIX_OFFSET, n - PART + 1))
    return frozenset(("=" + word, "^" + word[:STEM], "$" + word, *heads, *tails))


class _Vocabulary:
    """Words indexed so that inflected forms and compounds find each other without a lemmatizer.

    Two words match when they are equal, share their first ``STEM`` letters
    (Nordkoreas, nordkoreanische), or when one of ``PART`` letters or more
    begins the other (Kreml, Kremlchef) or ends it after a few letters of its
    own (Besuch, Staatsbesuch).
    """

    def __init__(self, words: Iterable[str], asked: Iterable[str] | None = None) -> None:
        """``asked``: the only words :meth:`has` will be asked about, when known. Then only
        the words that may match one of them are indexed: a word matching another by its
        start or its end shares its first or its last ``PART`` letters with it (and a word
        shorter than that matches by equality alone)."""
        self.words = frozenset(words)
        indexed: Iterable[str] = self.words
        if asked is not None:
            asked = [word for word in asked if len(word) >= PART]
            heads = {word[:PART] for word in asked}
            tails = {word[-PART:] for word in asked}
            indexed = [w for w in self.words if w[:PART] in heads or w[-PART:] in tails]
        self.keys: set[str] = set().union(*map(_index_keys, indexed))

    def has(self, word: str, probes: frozenset[str] | None = None) -> bool:
        """Whether ``word`` matches one of the words (``probes``: its probe keys, if known)."""
        return word in self.words or not self.keys.isdisjoint(probes or _probe_keys(word))


def cohesion(words: frozenset[str], body: _Vocabulary, title: _Vocabulary, language: str) -> float:
    """Share of the rarity-weighted vocabulary of ``words`` that the title or body also use.

    A word the title shares counts ``TITLE_WEIGHT`` times: the title names the
    story. The share is capped at 1.
    """
    weights = _weights(language)
    total = shared = 0.0
    for word in sorted(words):  # a set iterates in hash-seed order; float sums must not
        weight = weights[word]
        if not weight:
            continue
        total += weight
        probes = _probe_keys(word)
        if title.has(word, probes):
            shared += TITLE_WEIGHT * weight
        elif body.has(word, probes):
            shared += weight
    return min(1.0, shared / total) if total else 1.0


@register("offtopic")
class Offtopic:
    """Remove trailing paragraphs with no lexical cohesion with the title and body.

    Options: ``threshold`` (a paragraph scoring at least this is cohesive and
    stops the scan), ``max_removed`` (paragraphs; when more lack cohesion, the
    document is loose rather than padded, and none is removed),
    ``max_removed_share`` (of the body's words), ``min_words`` (shorter
    paragraphs join the one before) and ``min_context_words`` (words before a
    paragraph needed to judge it).
    """

    name: ClassVar[str] = "offtopic"
    #: Its verdicts depend on other lines (positions, runs, tails): see ``Pipeline.run``.
    reads_context: ClassVar[bool] = True

    def __init__(
        self,
        *,
        threshold: float = 0.1,
        max_removed: int = 2,
        max_removed_share: float = 0.3,
        min_words: int = 20,
        min_context_words: int = 80,
    ) -> None:
        if not 0 <= threshold <= 1:
            raise ValueError("threshold must be between 0 and 1")
        if max_removed < 1 or not 0 < max_removed_share < 1:
            raise ValueError("max_removed must be 1 or more, max_removed_share between 0 and 1")
        self.threshold = threshold
        self.max_removed = max_removed
        self.max_removed_share = max_removed_share
        self.min_words = min_words
        self.min_context_words = min_context_words

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        offset = doc.metadata.get("front_matter_end") or 0
        blocks = _blocks(doc.view, offset, self.min_words, doc.budget)
        if len(blocks) < 2:  # the first paragraph is never judged
            return []
        title = doc.metadata.get("title") or _first_line(text, offset)
        verdicts, stop = self._scan(text, blocks, title, doc.budget)
        if not verdicts:
            return []
        if stop is None:
            foreign = verdicts[:-1]
            removed = sum(v.block.size for v in foreign)
            if removed <= self.max_removed_share * sum(b.size for b in blocks):
                return [*map(self._removal, foreign), self._flag(verdicts[-1], "cohesive")]
            stop = "kept: removing the paragraphs after it would take too much of the body"
        return [self._flag(v, stop) for v in verdicts]

    def _scan(
        self, text: str, blocks: list[_Block], title: str, budget: Budget
    ) -> tuple[list[_Verdict], str | None]:
        """Score blocks from the end until one is cohesive (reason ``None``) or judging stops."""
        title_words = _Vocabulary(set(_WORD.findall(title.casefold())))
        verdicts: list[_Verdict] = []
        for i in range(len(blocks) - 1, 0, -1):
            budget.check()
            block, before = blocks[i], blocks[:i]
            if len(verdicts) > self.max_removed:
                why = f"kept: more than {self.max_removed} trailing paragraphs lack cohesion"
                return verdicts, why
            if sum(b.size for b in before) < self.min_context_words:
                return verdicts, "kept: too little text before it to judge"
            sample = title + "\n" + text[blocks[0].start : block.start][:LANGUAGE_SAMPLE]
            language = _language(sample)
            if language is None or not _supported(language):
                return verdicts, "kept: no word list for the document's language"
            body = _Vocabulary(frozenset().union(*(b.words for b in before)), block.head)
            score = round(cohesion(block.head, body, title_words, language), 4)
            verdicts.append(_Verdict(block, score, language))
            if score >= self.threshold:
                return verdicts, None
        return verdicts, "kept: no paragraph before it is cohesive"

    def _details(self, verdict: _Verdict) -> dict[str, object]:
        return {"threshold": self.threshold, "language": verdict.language}

    def _removal(self, verdict: _Verdict) -> Edit:
        block = verdict.block
        return Edit(
            block.start,
            block.end,
            "",
            RULE_REMOVED,
            CATEGORY,
            "trailing paragraph shares little vocabulary with the title and body",
            score=verdict.score,
            details=self._details(verdict),
        )

    def _flag(self, verdict: _Verdict, why: str) -> Edit:
        block = verdict.block
        return Edit(
            block.start,
            block.text_end,
            None,
            RULE_SCORED,
            CATEGORY,
            why,
            score=verdict.score,
            details=self._details(verdict),
            note=True,  # a verdict, logged for the record: not a finding to look at
        )


def _first_line(text: str, offset: int) -> str:
    """The first non-blank line of the body: a weak title when the document has none."""
    first = _NONBLANK.search(text, offset)
    if first is None:
        return ""
    start = first.start()
    end = text.find("\n", start, start + PIECE_CHARS)
    return text[start : end if end >= 0 else start + PIECE_CHARS]  # a huge line: its start
