"""Word plausibility: how much a text reads like real words of some language.

A wrong code page or a mojibake turns words into strings no dictionary knows
(``Ïðèâåò``, ``Za¿ó³æ``, ``tčs``), glues symbols to letters (``privar·``), mixes
scripts inside a word (``Temp黎e``) and brings in characters real text almost
never holds (C1 controls, unassigned code points, box drawing next to letters).
So the share of tokens that are common words of the best-fitting language, less
what such characters cost, ranks candidate readings of the same bytes.

A word no lexicon knows still earns a little when every letter of it belongs to
that language's alphabet: rare words and names are real text, and a wrong code
page tends to bring in letters the language does not use (``meę`` in Dutch).

Han, kana and Hangul have no spaces between words, so they are scored per
character: half for a character common in the language, half for forming a pair
found inside the language's words (a misread CJK text is made of real but
unrelated characters). Unreadable stretches weigh by their length, so that a
reading which glues everything into one long run of garbage gains nothing.

Lexicons are the ``wordfreq`` "small" lists, cut to their most frequent words
and loaded lazily, once per process, per language (about 1 s and 90 MB for all).
"""

from __future__ import annotations

import gzip
import itertools
import operator
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex
import wordfreq

#: Languages tried for words of each script; the best fit counts.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "Latin": (
        *("en", "de", "fr", "es", "pt", "it", "nl", "ca", "da", "sv", "nb", "fi", "is"),
        *("pl", "cs", "sk", "sl", "sh", "hu", "ro", "tr", "lt", "lv", "vi", "id"),
    ),
    "Cyrillic": ("ru", "uk", "bg", "mk"),
    "Greek": ("el",),
    "Hebrew": ("he",),
    "Arabic": ("ar", "fa", "ur"),
    "Devanagari": ("hi",),
    "Bengali": ("bn",),
    "Tamil": ("ta",),
    "CJK": ("zh", "ja", "ko"),
}
#: Scripts a word may be written in. A word that mixes them is unreadable.
SCRIPTS: tuple[str, ...] = (
    *("Latin", "Cyrillic", "Greek", "Hebrew", "Arabic", "Devanagari", "Bengali", "Tamil"),
    *("Thai", "Armenian", "Georgian", "Ethiopic", "Gujarati", "Gurmukhi", "Telugu"),
    *("Kannada", "Malayalam", "Sinhala", "Khmer", "Lao", "Tibetan", "Myanmar", "Thaana"),
)

#: How many of a language's most frequent words count as known.
LEXICON_SIZE = 20_000
#: A letter belongs to a language's alphabet when the words holding it are this frequent
#: together (a few loanwords with an odd letter are not enough).
ALPHABET_MIN_FREQUENCY = 2e-5
#: What an unknown word spelled in the language's alphabet is worth (a known word is 1).
ALPHABET_CREDIT = 0.3
#: What a word in a script with no lexicon is worth: unknowable, so less than known.
UNKNOWN_SCRIPT_CREDIT = 0.25
#: Share of a CJK language's character occurrences its known characters cover.
#: Known characters earn half credit; the other half comes from adjacent pairs that
#: occur inside known words, since a misreading yields real but unrelated characters.
CJK_COVERAGE = 0.995
# Frequency bands (see _frequency_buckets) down to Zipf 4: enough to know a language's letters.
_LAST_BUCKET = 500
#: How many characters of a text are read: enough to judge, cheap on long documents.
SAMPLE_CHARS = 3000
#: Each rare character counts as this many unreadable tokens: real text holds essentially
#: none, so a few of them outweigh a word or two.
RARE_CHAR_TOKENS = 2
#: Characters of unreadable text that count as one token.
BROKEN_CHARS_PER_TOKEN = 6
#: Each non-ASCII punctuation mark stuck to a word costs this much of a token: fine in
#: real text (»so«, „so“), but where two readings differ only there (by» for byť), the
#: one with the letter is likelier.
GLUED_TOKENS = 0.05

_CJK_CLASS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u30fc\uff70"
_CJK = regex.compile(rf"[{_CJK_CLASS}]")
_CJK_SPLIT = regex.compile(rf"([{_CJK_CLASS}]+)")
# Punctuation and symbols real text puts next to words: they are stripped, not held against it.
_PUNCT = (
    r"\p{Nd}!-/:-@\[-`{-~\u00a0¡¢£¤¥§©«®°±´¶»¿×÷\u2010-\u2027\u2030-\u205e€™"
    r"\u0387\u037e\u060c\u061b\u061f\u05f3\u05f4\u0964\u0965\u3000-\u303f"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\p{Extended_Pictographic}\ufe0f\u200d"
)
# Ordinal indicators count as punctuation after a number (1ª, 10.º), not after a letter.
_EDGES = regex.compile(rf"^[{_PUNCT}]+|(?:[{_PUNCT}]|(?<=[\d.])[ªº])+$")
_SEPARATOR_ONLY = regex.compile(rf"[{_PUNCT}·•]+")
# Hyphens, apostrophes and dots between two letters join words (l'homme, e.g., כל־אדם).
_JOINERS = regex.compile(r"(?<=\p{L})[-'.´\u2019\u2010\u2011\u05be]+(?=\p{L})")
# A capital right after a small letter: a misread byte (zeÓ for zeî) far more often than
# a name like McDonald, which is known in lower case anyway.
_CASE_BREAK = regex.compile(r"\p{Ll}\p{Lu}")
_DIGITS_ONLY = regex.compile(r"\p{N}+")
_WORD = regex.compile("|".join(rf"(?P<{s}>[\p{{{s}}}\p{{Inherited}}]+)" for s in SCRIPTS))
_MARKS = regex.compile(r"[\p{Mn}\u0640]")
# Controls other than whitespace, C1 controls, unassigned, private use, surrogates,
# and box drawing glued to a letter: all but absent from real text.
_RARE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\p{Cn}\p{Co}\p{Cs}]")
_BOX = regex.compile(r"[\u2500-\u259f]")
_BOX_GLUED = regex.compile(r"(?<=\p{L})[\u2500-\u259f]|[\u2500-\u259f](?=\p{L})")
_CJK_RUN = regex.compile(rf"[{_CJK_CLASS}]{{2,}}")
# Special tokens: an unreadable stretch, and punctuation stuck to a word.
_BROKEN = ("", "")
_GLUED = ("", "glued")
# Token group of adjacent CJK character pairs.
_PAIRS = "CJK pairs"


@dataclass(frozen=True, slots=True)
class Assessment:
    """How plausible a text is, and why: the figures behind :func:`plausibility`."""

    score: float
    language: str | None
    tokens: int
    known: float
    rare_chars: int


def plausibility(text: str) -> float:
    """A score in [0, 1]: the share of tokens that are known words, less rare characters."""
    return assess(text).score


def best_language(text: str) -> tuple[str | None, float]:
    """The language that fits the text's main script best, with the share of tokens it reads."""
    result = assess(text)
    return result.language, result.known


def assess(text: str, sample_chars: int = SAMPLE_CHARS) -> Assessment:
    """Score the first ``sample_chars`` characters of ``text``.

    ASCII chunks are tallied apart and cached: rival readings of the same bytes
    share them, so ranking many readings costs little more than one.
    """
    sample = text[:sample_chars]
    ascii_chunks: list[str] = []
    other_chunks: list[str] = []
    for chunk in sample.split():
        (ascii_chunks if chunk.isascii() else other_chunks).append(chunk)
    tally = _shared_tally(tuple(ascii_chunks)).merged(_tally(other_chunks))
    rare = _rare_chars(sample)
    return tally.assessment(rare)


def _rare_chars(text: str) -> int:
    glued = len(_BOX_GLUED.findall(text)) if _BOX.search(text) else 0
    return len(_RARE.findall(text)) + glued


#: A tally group: a script (or CJK pairs), and whether it holds single-letter words.
_Group = tuple[str, bool]


@dataclass(slots=True)
class _Tally:
    """Token counts and per-language credit sums by group: additive over parts of a text."""

    broken: int = 0
    glued: int = 0
    counts: Counter[_Group] = field(default_factory=Counter)
    credits: dict[_Group, list[float]] = field(default_factory=dict)

    def merged(self, other: _Tally) -> _Tally:
        out = _Tally(self.broken, self.glued, Counter(self.counts), dict(self.credits))
        out.broken += other.broken
        out.glued += other.glued
        for group, n in other.counts.items():
            old = out.credits.get(group)
            new = other.credits[group]
            out.counts[group] += n
            out.credits[group] = (
                new if old is None else [a + b for a, b in zip(old, new, strict=True)]
            )
        return out

    def assessment(self, rare: int) -> Assessment:
        sizes: Counter[str] = Counter()
        for (script, _), n in self.counts.items():
            if script != _PAIRS:
                sizes[script] += n
        total = self.broken + sum(sizes.values())
        if total == 0:  # nothing to read: neutral, unless there are rare characters
            return Assessment(0.0 if rare else 0.5, None, 0, 0.0, rare)
        main = sizes.most_common(1)[0][0] if sizes else None
        credit, language = 0.0, None
        for script in sizes:
            lang, read = self._best(script, single=script == main)
            credit += read
            if script == main:
                language = lang
        score = credit / (total + RARE_CHAR_TOKENS * rare + GLUED_TOKENS * self.glued)
        return Assessment(round(score, 6), language, total, round(credit / total, 6), rare)

    def _best(self, script: str, single: bool) -> tuple[str | None, float]:
        """The language of ``script`` that gives its words the most credit, and that credit.

        Single letters count only in the main script: a stray ``Ї`` in Latin text is
        a misread byte far more often than a word.
        """
        languages = SCRIPT_LANGUAGES.get(script)
        groups = [(script, False), (script, True)] if single else [(script, False)]
        count = sum(self.counts[g] for g in groups)
        if not languages:
            return None, UNKNOWN_SCRIPT_CREDIT * count
        vectors = [self.credits[g] for g in groups if g in self.credits]
        if not vectors:
            return None, 0.0
        credits = [sum(column) for column in zip(*vectors, strict=True)]
        if script == "CJK" and self.counts[(_PAIRS, False)]:
            pairs = self.counts[(_PAIRS, False)]
            paired = self.credits[(_PAIRS, False)]
            credits = [
                0.5 * c + 0.5 * count * p / pairs for c, p in zip(credits, paired, strict=True)
            ]
        best = max(range(len(credits)), key=credits.__getitem__)
        return (languages[best] if credits[best] > 0 else None), credits[best]


@lru_cache(maxsize=256)
def _shared_tally(chunks: tuple[str, ...]) -> _Tally:
    return _tally(chunks)


def _tally(chunks: Iterable[str]) -> _Tally:
    tally = _Tally()
    weighted: dict[_Group, tuple[list[int], list[tuple[float, ...]]]] = {}
    tokens = Counter(itertools.chain.from_iterable(map(_chunk_tokens, chunks)))
    for (script, word), n in tokens.items():
        if (script, word) == _GLUED:
            tally.glued += n
            continue
        if not word:
            tally.broken += n
            continue
        single = len(word) == 1 and script not in ("CJK", _PAIRS)
        counts, vectors = weighted.setdefault((script, single), ([], []))
        counts.append(n)
        vectors.append(_credits(script, word))
    for group, (counts, vectors) in weighted.items():
        tally.counts[group] = sum(counts)
        tally.credits[group] = [
            sum(map(operator.mul, counts, column)) for column in zip(*vectors, strict=True)
        ]
    return tally


@lru_cache(maxsize=65536)
def _credits(script: str, word: str) -> tuple[float, ...]:
    """The credit each language of ``script`` gives ``word`` (a CJK character or pair)."""
    if script in ("CJK", _PAIRS):
        return tuple(_cjk_credit(lang, word, script) for lang in SCRIPT_LANGUAGES["CJK"])
    languages = SCRIPT_LANGUAGES.get(script, ())
    if not _script_letters(script).issuperset(word):
        return (0.0,) * len(languages)  # a letter none of them uses: the usual misreading
    return tuple(_word_credit(lang, word) for lang in languages)


@cache
def _script_letters(script: str) -> frozenset[str]:
    """The letters of all alphabets of ``script``'s languages; words outside them earn nothing."""
    return frozenset(c for lang in SCRIPT_LANGUAGES.get(script, ()) for c in _alphabet(lang))


def _word_credit(lang: str, word: str) -> float:
    credit = _words(lang).get(word)
    if credit is not None:
        return credit
    return ALPHABET_CREDIT if _alphabet(lang).issuperset(word) else 0.0


def _cjk_credit(lang: str, text: str, group: str) -> float:
    if lang == "zh":  # wordfreq's Chinese list is in simplified characters
        text = text.translate(_simplified_table())
    known = _cjk_pairs(lang) if group == _PAIRS else _cjk_characters(lang)
    return 1.0 if text in known else 0.0


@lru_cache(maxsize=65536)
def _chunk_tokens(chunk: str) -> tuple[tuple[str, str], ...]:
    """The (script, folded word) tokens of one whitespace-free chunk; ``_BROKEN`` if unreadable."""
    if _CJK.search(chunk):
        return _cjk_chunk_tokens(chunk)
    core = _EDGES.sub("", chunk)
    if not core:
        return ()
    if not any(c.isalpha() for c in core):
        return () if _SEPARATOR_ONLY.fullmatch(core) else _broken(core)
    parts = _JOINERS.split(core)
    words = tuple(
        t for part in parts if part and not _DIGITS_ONLY.fullmatch(part) for t in _word(part)
    )
    if len(core) == len(chunk) or chunk.isascii():
        return words
    start = chunk.index(core)
    edges = chunk[:start] + chunk[start + len(core) :]
    return words + (_GLUED,) * sum(not c.isascii() and not c.isdigit() for c in edges)


def _cjk_chunk_tokens(chunk: str) -> tuple[tuple[str, str], ...]:
    """CJK characters and their pairs, and the words between them.

    Where a letter of another script touches CJK without a space, the piece of
    that script is unreadable, and so is a lone CJK character between letters
    (``Temp黎e``, a multi-byte misreading of ``Tempête``).
    """
    pieces = _CJK_SPLIT.split(chunk)  # other, CJK run, other, ..., other
    tokens: list[tuple[str, str]] = []
    for i, piece in enumerate(pieces):
        if not piece:
            continue
        glued_left = i > 0 and piece[0].isalpha()
        glued_right = i < len(pieces) - 1 and piece[-1].isalpha()
        if i % 2 == 0:
            tokens += _broken(piece) if glued_left or glued_right else _chunk_tokens(piece)
        elif len(piece) == 1 and (pieces[i - 1][-1:].isalpha() or pieces[i + 1][:1].isalpha()):
            tokens += _broken(piece)
        else:
            tokens += [("CJK", c) for c in piece] + [(_PAIRS, p) for p in _bigrams(piece)]
    return tuple(tokens)


def _bigrams(run: str) -> Iterator[str]:
    return (run[i : i + 2] for i in range(len(run) - 1))


def _word(part: str) -> tuple[tuple[str, str], ...]:
    match = _WORD.fullmatch(part)
    if match is None or match.lastgroup is None or _CASE_BREAK.search(part):
        return _broken(part)
    script = match.lastgroup
    folded = part.replace("İ", "i").casefold()
    if script in ("Hebrew", "Arabic"):
        folded = _MARKS.sub("", folded)
    return ((script, folded),)


def _broken(text: str) -> tuple[tuple[str, str], ...]:
    """Unreadable tokens for ``text``, one per word's length of it.

    A long run of garbage without spaces (a CJK text misread) must weigh as much
    as the many words or characters the right reading finds in the same bytes.
    """
    return (_BROKEN,) * max(1, len(text) // BROKEN_CHARS_PER_TOKEN)


def _without_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word).replace("\u0301", "")
    return unicodedata.normalize("NFC", decomposed)


#: Spellings our folding or old code pages give a language's words, beside wordfreq's own:
#: casefolding reads a capital I as i (not the Turkish ı); legacy Romanian has cedillas
#: (ş ţ) for commas; Greek capitals drop the accents.
_VARIANTS = {
    "tr": lambda w: w.replace("ı", "i"),
    "ro": lambda w: w.replace("ș", "ş").replace("ț", "ţ"),
    "el": _without_accents,
}


@cache
def _words(lang: str) -> dict[str, float]:
    """The most frequent words and their credit, with the spellings our folding gives them."""
    words: dict[str, float] = {}
    for index, bucket in enumerate(_frequency_buckets(lang)):
        credit = _credit(index)
        for word in bucket:
            words[word] = credit
        if len(words) >= LEXICON_SIZE:
            break
    variant = _VARIANTS.get(lang)
    if variant is not None:
        for word, credit in list(words.items()):
            words.setdefault(variant(word), credit)
    return words


def _credit(index: int) -> float:
    """A word's credit from its frequency band: Zipf 5 and up is 1, Zipf 3 is a third.

    Frequent words decide the language: a short word that is common in one
    language is often a rare entry in many others.
    """
    zipf = (900 - index) / 100
    return min(1.0, max(0.0, (zipf - 2) / 3))


@cache
def _alphabet(lang: str) -> frozenset[str]:
    """Letters whose words are frequent enough together to be part of the language."""
    mass: Counter[str] = Counter()
    for index, bucket in enumerate(_frequency_buckets(lang)[:_LAST_BUCKET]):
        frequency = 10 ** (-index / 100)
        for letter, n in Counter("".join(bucket)).items():
            mass[letter] += n * frequency
    return frozenset(c for c, m in mass.items() if c.isalpha() and m >= ALPHABET_MIN_FREQUENCY)


@lru_cache(maxsize=2)  # read once for the lexicon and the alphabet, not kept for long
def _frequency_buckets(lang: str) -> list[list[str]]:
    """wordfreq's list for ``lang``: bucket ``i`` holds the words of frequency 10 ** (-i / 100)."""
    return wordfreq.read_cBpack(wordfreq.available_languages("small")[lang])


@cache
def _cjk_characters(lang: str) -> frozenset[str]:
    """Characters covering ``CJK_COVERAGE`` of the character occurrences in ``lang``'s words."""
    mass: Counter[str] = Counter()
    for index, bucket in enumerate(_frequency_buckets(lang)):
        frequency = 10 ** (-index / 100)
        for char, n in Counter("".join(bucket)).items():
            mass[char] += n * frequency
    total = sum(mass.values())
    known, covered = [], 0.0
    for char, weight in mass.most_common():
        if covered >= CJK_COVERAGE * total:
            break
        known.append(char)
        covered += weight
    return frozenset(known)


@cache
def _cjk_pairs(lang: str) -> frozenset[str]:
    """Adjacent character pairs inside ``lang``'s most frequent words."""
    words = itertools.islice(itertools.chain.from_iterable(_frequency_buckets(lang)), LEXICON_SIZE)
    return frozenset(pair for w in words for run in _CJK_RUN.findall(w) for pair in _bigrams(run))


@cache
def _simplified_table() -> dict[int, str]:
    """wordfreq's Traditional-to-Simplified character map (empty if it cannot be read)."""
    try:
        import msgpack  # wordfreq's own dependency

        with gzip.open(wordfreq.DATA_PATH / "_chinese_mapping.msgpack.gz") as data:
            return msgpack.load(data, raw=False, strict_map_key=False)
    except (ImportError, OSError, ValueError):
        return {}
