"""Features of a document's lines for the line model: the line, its neighbours, the document.

Page furniture is recognised less by its words than by its shape and place: a
menu is a run of short capitalised lines without stop words at the head or the
tail; a caption sits alone between paragraphs and ends in a name after a
slash; a byline is two or three capitalised words after a short cue word. So
most features are about length, punctuation, case, Markdown markers, stop-word
share (for any language the lexicon knows) and position relative to the
document's prose; the lexical ones count cue words of each boilerplate kind
that the training data showed on many different sites.

Cost is what decides the shape of this module. Every line gets a few cheap
statistics, made by string methods at C speed (:class:`LineStats`); a line
that is plainly prose by them (many words, many stop words, no cue word) is
never scored, and the full features are computed only for the others, the
*candidates*. Clean article text has almost none, so it costs little more
than a split.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from cleaner.text import shapes
from cleaner.text.continuation import continues

#: Languages written without spaces: stop "words" are function characters there.
UNSPACED = frozenset({"zh", "ja", "ko"})
#: A line of at most this many words is short (menus, labels, stamps).
SHORT_WORDS = 5
#: A line is prose when it has this many words and ends a sentence.
PROSE_WORDS = 12
#: A line with this many words, this share of stop words and no cue word is never scored.
CERTAIN_WORDS = 8
CERTAIN_STOP_SHARE = 0.2
#: For unspaced languages: characters and function-character share instead.
CERTAIN_CHARS = 40
CERTAIN_STOP_CHARS = 0.08
#: Characters read to tell the document's language.
LANGUAGE_SAMPLE = 1500
#: Characters of a line that its character statistics read.
CHAR_SAMPLE = 300
#: Context window (in non-blank lines) and cap of counted distances.
WINDOW = 3
#: How much of a line its word statistics read (see ``LineStats.of``).
SAMPLE_CHARS = 4000
CAP = 12

_CLOSERS = "\"'”’»«)]*_`"
_SENTENCE_END = frozenset(".!?…。！？")
_CONTINUES = frozenset(",;-–—(/&+")
_MARKERS = frozenset("#>|-*+•·▪►▸◦‣●○■□")
_BULLET = re.compile(r"(?:[-*+•·▪►▸◦‣●○■□–—]|\d{1,3}[.)])\s")
_DATE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}|(?:19|20)\d\d\b)"
)
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_URLISH = re.compile(r"https?://|www\.|\w@\w|\.(?:com|org|net)\b", re.IGNORECASE)
_HANDLE = re.compile(r"(?:^|\s)[@#]\w")
_SEPARATORS = "|·•»›>/"
#: Punctuation stripped from the ends of a word before it is looked up.
_WORD_EDGES = ".,;:!?()[]{}\"'“”„‘’«»‹›<>|/\\*_#=+~^`…–—·•"
#: Punctuation a cue word may carry after it in running text.
_TRAILING = (",", ".", ":", ";", ")", "!", "?", "…")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u4e00-\u9fff]")

CUE_KINDS = (
    "nav",
    "caption",
    "credit",
    "meta",
    "social",
    "comments",
    "cookie",
    "subscription",
    "player",
    "ad",
    "signoff",
)

LINE_FEATURES = (
    "chars",
    "words",
    "ends_sentence",
    "ends_colon",
    "ends_continuation",
    "ends_digit",
    "starts_upper",
    "starts_lower",
    "starts_digit",
    "starts_symbol",
    "heading_level",
    "bullet",
    "quote_marker",
    "table_row",
    "emphasis",
    "markup_left",
    "upper_share",
    "titlecase_share",
    "digit_share",
    "punct_share",
    "sentence_marks",
    "stop_share",
    "mean_word_length",
    "urlish",
    "handle",
    "separators",
    "copyright",
    "date",
    "time",
    "quoted",
    "repeats",
    "byline_cue",
    "credit_tail",
    "byline_shape",
    "stamp",
    "counter",
    "item_list",
    *(f"cue_{kind}" for kind in CUE_KINDS),
)
#: Cheap statistics of the neighbours that the context features read.
_NEIGHBOUR_STATS = ("words", "ends_sentence", "stop_share", "marker", "starts_lower", "cue")
#: Where the neighbours are: two lines before, two after (in the order of CONTEXT_FEATURES).
_NEIGHBOUR_OFFSETS = np.array([1, 0, 3, 4])  # index + 2 - 1, - 2, + 1, + 2 in the padded array
CONTEXT_FEATURES = (
    "blank_before",
    "blank_after",
    "paragraph_lines",
    "paragraph_index",
    *(
        f"{where}_{name}"
        for where in ("prev1", "prev2", "next1", "next2")
        for name in _NEIGHBOUR_STATS
    ),
    "short_run",
    "short_run_index",
    "marker_run",
    "gap_lines",
    "window_stop_share",
    "window_short_share",
    "window_words",
    "rank",
    "rank_from_end",
    "relative_position",
    "prose_before",
    "prose_after",
    "distance_prose_before",
    "distance_prose_after",
    "chars_before_share",
)
DOCUMENT_FEATURES = (
    "doc_lines",
    "doc_words",
    "doc_short_share",
    "doc_prose_share",
    "doc_stop_share",
    "doc_marker_share",
    "doc_known_language",
)
FEATURE_NAMES: tuple[str, ...] = LINE_FEATURES + CONTEXT_FEATURES + DOCUMENT_FEATURES


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What the features know of words: stop words per language, cue words per kind.

    ``stopwords[lang]`` are the language's most frequent words (for unspaced
    languages, its most frequent single characters); ``language_of`` maps a
    stop word to the one language it tells apart best, for a quick guess of a
    document's language. ``cues[kind]`` are folded words that boilerplate of
    that kind uses on many sites, in any language; ``byline`` the words that
    start a byline ("by", "von", "par", "por").
    """

    stopwords: Mapping[str, frozenset[str]]
    language_of: Mapping[str, str]
    cues: Mapping[str, frozenset[str]]
    byline: frozenset[str]
    all_cues: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        # with the punctuation a word carries in running text, so lines need no stripping
        every = frozenset().union(*self.cues.values()) if self.cues else frozenset()
        variants = {f"{w}{p}" for w in every for p in _TRAILING} | {
            f"{p}{w}" for w in every for p in "(#@"
        }
        object.__setattr__(self, "all_cues", every | variants)

    def language(self, text: str) -> str | None:
        """The language whose stop words the start of ``text`` uses most (None: none fits)."""
        sample = text[:LANGUAGE_SAMPLE]
        if _KANA.search(sample):
            return "ja"
        if _HANGUL.search(sample):
            return "ko"
        words = sample.lower().split()
        votes = Counter(map(self.language_of.get, words))
        votes.pop(None, None)
        if votes and votes.most_common(1)[0][1] >= max(3, len(words) // 25):
            # ties go to the language first in alphabetical order, so the guess is stable
            top = max(votes.values())
            return min(lang for lang, count in votes.items() if count == top)
        if _HAN.search(sample):
            return "zh"
        return None


@dataclass(slots=True)
class LineStats:
    """Cheap statistics of every non-blank line of a document, as parallel lists."""

    lines: list[str]
    blank_before: list[bool]
    language: str | None
    words: list[int]
    stop_share: list[float]
    ends_sentence: list[bool]
    starts_lower: list[bool]
    marker: list[bool]
    cue: list[bool]
    #: The kind of Markdown marker a line starts with ("#" per heading level, "-" for any
    #: bullet, "1" for a numbered item, ">" or "|"), "" for none: runs of one kind are lists.
    marker_kind: list[str]

    @classmethod
    def of(
        cls,
        lines: Sequence[str],
        blank_before: Sequence[bool],
        lexicon: Lexicon,
        language: str | None,
    ) -> LineStats:
        """``lines`` are the non-blank lines, stripped; ``blank_before[i]``: a blank line
        (or the start) comes before line ``i``."""
        lines = list(lines)
        stops = lexicon.stopwords.get(language or "", frozenset())
        # a line's words are counted in its first SAMPLE_CHARS: a longer line is prose
        # whatever it holds, and a page on one line must not become a list of its words
        folded = [line[:SAMPLE_CHARS].lower() for line in lines]
        if language in UNSPACED:
            words = list(map(len, folded))
            stop_share = [sum(map(stops.__contains__, f)) / len(f) for f in folded]
            cue = [False] * len(lines)
        else:
            tokens = list(map(str.split, folded))
            words = list(map(len, tokens))
            stop_share = [sum(map(stops.__contains__, t)) / len(t) for t in tokens]
            cue = list(map(lexicon.all_cues.isdisjoint, tokens))
            cue = [not c for c in cue]
        ends = [line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END for line in lines]
        firsts = [line[0] for line in lines]
        return cls(
            lines,
            list(blank_before),
            language,
            words,
            stop_share,
            ends,
            [c.islower() for c in firsts],
            [c in _MARKERS or c.isdigit() for c in firsts],
            cue,
            list(map(_marker_kind, lines)),
        )

    def runs_on(self) -> list[bool]:
        """``runs_on[i]``: line ``i`` is cut off mid-sentence and line ``i + 1``, in the same
        paragraph, carries it on (:func:`continues`): one sentence, never to be cut in two."""
        lines, blank = self.lines, self.blank_before
        return [
            not blank[i + 1] and continues(lines[i], lines[i + 1]) for i in range(len(lines) - 1)
        ] + [False] * bool(lines)

    def candidates(self) -> list[int]:
        """Lines the model scores: all but plain prose (long, full of stop words, no cue
        word; or longer than ``SAMPLE_CHARS``, whatever it holds) and the lines one
        sentence joins to prose, since a sentence is never cut."""
        unspaced = self.language in UNSPACED
        min_words = CERTAIN_CHARS if unspaced else CERTAIN_WORDS
        min_share = CERTAIN_STOP_CHARS if unspaced else CERTAIN_STOP_SHARE
        certain = [
            len(line) > SAMPLE_CHARS or (w >= min_words and s >= min_share and not c and not m)
            for line, w, s, c, m in zip(
                self.lines, self.words, self.stop_share, self.cue, self.marker, strict=True
            )
        ]
        runs_on = self.runs_on()
        chosen = []
        start = 0
        for i, joined in enumerate(runs_on):
            if not joined:  # line i ends a chain of lines that one sentence runs through
                if not any(certain[start : i + 1]):
                    chosen.extend(range(start, i + 1))
                start = i + 1
        return chosen


def _marker_kind(line: str) -> str:
    first = line[0]
    if first == "#":
        return line[: len(line) - len(line.lstrip("#"))]
    if first in _MARKERS and first not in "#>|":
        return "-" if len(line) > 1 and line[1] in " \t" else ""
    if first.isdigit():
        return "1" if _BULLET.match(line) else ""
    return first if first in ">|" else ""


def _line_row(line: str, stops: frozenset[str], unspaced: bool, lexicon: Lexicon) -> list[float]:
    """The features of one stripped, non-blank line."""
    chars = len(line)
    folded = line.lower()
    raw_words = line.split()
    words = len(raw_words)
    tokens = {t.strip(_WORD_EDGES) for t in folded.split()}
    sample = line[:CHAR_SAMPLE]
    letters = sum(map(str.isalpha, sample))
    upper = sum(map(str.isupper, sample))
    digits = sum(map(str.isdigit, sample))
    spaces = sample.count(" ")
    size = len(sample)
    last = line.rstrip(_CLOSERS)[-1:] or line[-1]
    first = line[0]
    titled = sum(1 for w in raw_words[:40] if w[:1].isupper())
    if unspaced:
        stop_share = sum(map(stops.__contains__, folded)) / chars
    else:
        stop_share = sum(map(stops.__contains__, folded.split())) / words
    first_word = raw_words[0].lower().strip(_WORD_EDGES)
    interior = line[:-1]
    return [
        chars,
        words,
        last in _SENTENCE_END,
        last == ":",
        last in _CONTINUES,
        last.isdigit(),
        first.isupper(),
        first.islower(),
        first.isdigit(),
        not first.isalnum(),
        len(line) - len(line.lstrip("#")),
        _BULLET.match(line) is not None,
        first == ">",
        first == "|" and line.endswith("|"),
        line.startswith(("**", "__")) or (first in "*_" and last in "*_"),
        "](" in line or "<" in line or "[" in line,
        upper / letters if letters else 0.0,
        titled / min(words, 40),
        digits / size,
        (size - letters - digits - spaces) / size,
        interior.count(". ") + interior.count("? ") + interior.count("! ") + interior.count("。"),
        stop_share,
        (letters / len(sample.split())) if sample.split() else 0.0,
        _URLISH.search(line) is not None,
        _HANDLE.search(line) is not None,
        sum(map(line.count, _SEPARATORS)),
        "©" in line or "(c)" in folded or "copyright" in folded,
        _DATE.search(line) is not None if digits else False,
        _TIME.search(line) is not None if digits else False,
        first in "\"“„«'‘" and last in "\"”“»'’",
        0,  # repeats: filled in per document
        first_word in lexicon.byline and words <= 8,
        shapes.credit_tail(line) if words <= 60 else 0,
        shapes.byline_shape(line),
        shapes.stamp(line) if digits else 0,
        shapes.counter(line) if first.isdigit() or first in "+-" else 0,
        shapes.item_list(line) if words <= 40 else 0,
        *(len(tokens & lexicon.cues.get(kind, frozenset())) for kind in CUE_KINDS),
    ]


def _run_of(flags: Sequence[bool], i: int) -> tuple[int, int]:
    """Length of the run of True holding position ``i`` (0 if False), and ``i``'s index in it."""
    if not flags[i]:
        return 0, 0
    start = i
    while start > 0 and flags[start - 1]:
        start -= 1
    end = i + 1
    while end < len(flags) and flags[end]:
        end += 1
    return end - start, i - start


def _same_run(kinds: Sequence[str], i: int) -> int:
    """How many lines in a row around ``i`` (``i`` included) start with its kind of marker."""
    kind = kinds[i]
    if not kind:
        return 0
    start = i
    while start > 0 and kinds[start - 1] == kind:
        start -= 1
    end = i + 1
    while end < len(kinds) and kinds[end] == kind:
        end += 1
    return end - start


def features(stats: LineStats, rows: Sequence[int], lexicon: Lexicon) -> np.ndarray:
    """The feature matrix (columns ``FEATURE_NAMES``) of lines ``rows`` of the document."""
    if not rows:
        return np.zeros((0, len(FEATURE_NAMES)))
    lines = stats.lines
    n = len(lines)
    language = stats.language
    stops = lexicon.stopwords.get(language or "", frozenset())
    unspaced = language in UNSPACED
    base = np.array([_line_row(lines[i], stops, unspaced, lexicon) for i in rows], dtype=float)
    keys = Counter(map(str.casefold, lines))
    base[:, LINE_FEATURES.index("repeats")] = [keys[lines[i].casefold()] - 1 for i in rows]

    n_rows = len(rows)
    stat = np.array(
        [
            stats.words,
            stats.ends_sentence,
            stats.stop_share,
            stats.marker,
            stats.starts_lower,
            stats.cue,
            stats.blank_before,
            list(map(len, lines)),
        ],
        dtype=float,
    ).T
    words, ends, stop_share, marker = stat[:, 0], stat[:, 1], stat[:, 2], stat[:, 3]
    before, char_counts = stat[:, 6], stat[:, 7]
    index = np.array(rows)
    # the neighbours' statistics, gathered at once from a copy padded with -1 rows
    padded = np.vstack([np.full((2, 6), -1.0), stat[:, :6], np.full((2, 6), -1.0)])
    around = padded[index[:, None] + _NEIGHBOUR_OFFSETS].reshape(n_rows, -1)
    after = np.append(before[1:], 1.0)
    paragraph = np.cumsum(before).astype(int) - 1
    starts = np.flatnonzero(before)
    sizes = np.diff(np.append(starts, n))
    short = (words <= SHORT_WORDS) & (ends == 0)
    prose = (words >= PROSE_WORDS) & (ends == 1)
    prose_cum = np.cumsum(prose)
    short_list = short.tolist()
    runs = np.array([_run_of(short_list, i) for i in rows], dtype=float)
    kinds = stats.marker_kind
    marker_runs = [_same_run(kinds, i) for i in rows]
    low = np.maximum(index - WINDOW, 0)
    high = np.minimum(index + WINDOW + 1, n)
    summed = np.vstack([np.zeros(3), np.cumsum(np.column_stack([stop_share, short, words]), 0)])
    window = (summed[high] - summed[low]) / (high - low)[:, None]
    # prose lines, with far-away sentinels at both ends so every line has one before and after
    prose_at = np.concatenate([[-CAP - 1], np.flatnonzero(prose), [n + CAP]])
    previous = index - prose_at[np.searchsorted(prose_at, index) - 1]
    following = prose_at[np.searchsorted(prose_at, index, side="right")] - index
    chars_before = np.cumsum(char_counts) - char_counts
    context = np.column_stack(
        [
            before[index],
            after[index],
            sizes[paragraph[index]],
            index - starts[paragraph[index]],
            around,
            runs,
            marker_runs,
            np.minimum(previous + following - 1, 2 * CAP),
            window,
            np.minimum(index, 50),
            np.minimum(n - 1 - index, 50),
            index / max(n - 1, 1),
            np.minimum(prose_cum[index] - prose[index], CAP),
            np.minimum(prose_cum[-1] - prose_cum[index], CAP),
            np.minimum(previous, CAP),
            np.minimum(following, CAP),
            chars_before[index] / max(char_counts.sum(), 1.0),
        ]
    )
    total_words = words.sum()
    document = np.array(
        [
            n,
            total_words,
            short.mean(),
            prose.mean(),
            float(np.dot(stop_share, words) / total_words) if total_words else 0.0,
            marker.mean(),
            float(bool(stops)),
        ]
    )
    return np.hstack([base, context, np.broadcast_to(document, (n_rows, len(document)))])
