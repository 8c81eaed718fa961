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

import functools
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
#: A symbol stuck to a word (currency, mathematical, other: ``B£`` for ``BŁ``, ``privar√``)
#: costs this much of a token: real text puts hardly any but these next to letters.
GLUED_SYMBOL_TOKENS = 0.5
_COMMON_SYMBOLS = "©®°™"

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
# ASCII punctuation between words; hyphens, apostrophes and dots only where they do not join
# two letters. Not digits: a four-byte GB18030 character read in a code page puts digits
# between letters ('TROUVÅ0á7ES').
_ASCII_BREAK = regex.compile(r"(?:[!-&(-,/:-@\[-`{-~]|(?<!\p{L})['.-]|['.-](?!\p{L}))+")
# Whitespace, but not a no-break space inside a word: after two letters and before a letter.
# After a single letter it binds a one-letter word (Czech 'v\xa0Praze', Russian 'в\xa0Москве')
# or spaces out a word (K\xa0U\xa0R\xa0T).
_NBSP_SPLIT = regex.compile(r"(?:(?!(?<=\p{L}{2})\xa0(?=\p{L}))\s)+")
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
_GLUED_SYMBOL = ("", "symbol")
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
    for chunk in sample.split(" ") if "\xa0" in sample else sample.split():
        (ascii_chunks if chunk.isascii() else other_chunks).append(chunk)
    counted = tally(Counter(other_chunks).items())
    return _shared_tally(tuple(ascii_chunks)).merged(counted).assessment(rare_chars(sample))


def rare_chars(text: str) -> int:
    """Characters real text almost never holds: controls, unassigned, private use, surrogates,
    and box drawing glued to a letter."""
    glued = len(_BOX_GLUED.findall(text)) if _BOX.search(text) else 0
    return len(_RARE.findall(text)) + glued


#: A tally group: a script (or CJK pairs), and whether it holds single-letter words.
_Group = tuple[str, bool]


@dataclass(slots=True)
class Tally:
    """Token counts and per-language credit sums by group: additive over parts of a text."""

    broken: int = 0
    glued: int = 0
    symbols: int = 0
    counts: dict[_Group, int] = field(default_factory=dict)
    credits: dict[_Group, tuple[float, ...]] = field(default_factory=dict)

    def merged(self, other: Tally) -> Tally:
        counts = dict(self.counts)
        credits = dict(self.credits)
        for group, n in other.counts.items():
            counts[group] = counts.get(group, 0) + n
            old = credits.get(group)
            new = other.credits[group]
            credits[group] = new if old is None else tuple(map(operator.add, old, new))
        return Tally(
            self.broken + other.broken,
            self.glued + other.glued,
            self.symbols + other.symbols,
            counts,
            credits,
        )

    def assessment(self, rare: int) -> Assessment:
        sizes: dict[str, int] = {}
        for (script, _), n in self.counts.items():
            if script != _PAIRS:
                sizes[script] = sizes.get(script, 0) + n
        total = self.broken + sum(sizes.values())
        if total == 0:  # nothing to read: neutral, unless there are rare characters
            return Assessment(0.0 if rare else 0.5, None, 0, 0.0, rare)
        main = max(sizes, key=sizes.__getitem__) if sizes else None
        credit, language = 0.0, None
        for script in sizes:
            lang, read = self._best(script, single=script == main)
            credit += read
            if script == main:
                language = lang
        glued = GLUED_TOKENS * self.glued + GLUED_SYMBOL_TOKENS * self.symbols
        score = credit / (total + RARE_CHAR_TOKENS * rare + glued)
        return Assessment(round(score, 6), language, total, round(credit / total, 6), rare)

    def _best(self, script: str, single: bool) -> tuple[str | None, float]:
        """The language of ``script`` that gives its words the most credit, and that credit.

        Single letters count only in the main script: a stray ``Ї`` in Latin text is
        a misread byte far more often than a word.
        """
        languages = SCRIPT_LANGUAGES.get(script)
        groups = [(script, False), (script, True)] if single else [(script, False)]
        count = sum(self.counts.get(g, 0) for g in groups)
        if not languages:
            return None, UNKNOWN_SCRIPT_CREDIT * count
        vectors = [self.credits[g] for g in groups if g in self.credits]
        if not vectors:
            return None, 0.0
        credits = vectors[0] if len(vectors) == 1 else tuple(map(operator.add, *vectors))
        pairs = self.counts.get((_PAIRS, False), 0) if script == "CJK" else 0
        if pairs:
            paired = self.credits[(_PAIRS, False)]
            credits = tuple(
                0.5 * c + 0.5 * count * p / pairs for c, p in zip(credits, paired, strict=True)
            )
        best = max(range(len(credits)), key=credits.__getitem__)
        return (languages[best] if credits[best] > 0 else None), credits[best]


@lru_cache(maxsize=256)
def _shared_tally(chunks: tuple[str, ...]) -> Tally:
    return tally(Counter(chunks).items())


def tally(chunks: Iterable[tuple[str, int]]) -> Tally:
    """The tally of ``(chunk, count)`` pairs: chunks of text (whitespace in them splits them
    further, but not a no-break space inside a word: a reading that makes a byte inside a
    word a space, ``VA\xa0R`` for ``VAÊR``, has no two words there) and how often each
    occurs. Additive: the tally of a text is the merged tally of
    its parts, so readings of the same bytes share the tally of the parts they agree on.
    """
    out = Tally()
    tokens: Counter[tuple[str, str]] = Counter()
    for chunk, n in chunks:
        for piece in _NBSP_SPLIT.split(chunk) if "\xa0" in chunk else chunk.split():
            for token in _chunk_tokens(piece):
                tokens[token] += n
    weighted: dict[_Group, tuple[list[int], list[tuple[float, ...]]]] = {}
    for (script, word), n in tokens.items():
        if not script:  # a special token
            if word == _GLUED[1]:
                out.glued += n
            elif word == _GLUED_SYMBOL[1]:
                out.symbols += n
            else:
                out.broken += n
            continue
        single = len(word) == 1 and script not in ("CJK", _PAIRS)
        counts, vectors = weighted.setdefault((script, single), ([], []))
        counts.append(n)
        vectors.append(_credits(script, word))
    for group, (counts, vectors) in weighted.items():
        out.counts[group] = sum(counts)
        out.credits[group] = _weighted_sum(counts, vectors)
    return out


def _weighted_sum(counts: list[int], vectors: list[tuple[float, ...]]) -> tuple[float, ...]:
    """Sum of ``vectors`` weighted by ``counts``: few vectors added directly, many by column."""
    if len(vectors) <= 3:
        total = tuple(map(operator.mul, vectors[0], itertools.repeat(counts[0])))
        for n, vector in zip(counts[1:], vectors[1:], strict=True):
            total = tuple(map(operator.add, total, map(operator.mul, vector, itertools.repeat(n))))
        return total
    return tuple(sum(map(operator.mul, counts, column)) for column in zip(*vectors, strict=True))


def screen(chunks: Iterable[tuple[str, int]]) -> Assessment:
    """A quick score of ``(chunk, count)`` pairs, to rank many readings before the best
    few are assessed: each word is credited in whichever language of its script knows it
    best, rather than all words in one language. It costs a few additions a chunk once
    its words are known, where :func:`tally` adds up a credit for every language.
    """
    credit = cost = 0.0
    tokens = rare = 0
    for chunk, n in chunks:
        piece_credit, piece_tokens, piece_cost, piece_rare = _chunk_summary(chunk)
        credit += n * piece_credit
        tokens += n * piece_tokens
        cost += n * piece_cost
        rare += n * piece_rare
    if tokens == 0:
        return Assessment(0.0 if rare else 0.5, None, 0, 0.0, rare)
    score = credit / (tokens + cost)
    return Assessment(round(score, 6), None, tokens, round(credit / tokens, 6), rare)


@lru_cache(maxsize=65536)
def _chunk_summary(chunk: str) -> tuple[float, int, float, int]:
    """Best-language credit, tokens, the cost of rare characters and stuck marks in tokens,
    and the rare characters, of one chunk."""
    rare = rare_chars(chunk)
    credit, tokens, cost = 0.0, 0, float(RARE_CHAR_TOKENS * rare)
    for piece in _NBSP_SPLIT.split(chunk) if "\xa0" in chunk else chunk.split():
        for script, word in _chunk_tokens(piece):
            if not script:  # a special token
                if word == _GLUED[1]:
                    cost += GLUED_TOKENS
                elif word == _GLUED_SYMBOL[1]:
                    cost += GLUED_SYMBOL_TOKENS
                else:
                    tokens += 1
                continue
            if script == _PAIRS:  # half of a CJK character's credit, as in tally
                credit += 0.5 * max(_credits(script, word))
                continue
            tokens += 1
            if script == "CJK":
                credit += 0.5 * max(_credits(script, word))
            elif len(word) == 1:
                continue  # a single letter counts only in the text's main script, unknown here
            elif script in SCRIPT_LANGUAGES:
                credit += max(_credits(script, word))
            else:
                credit += UNKNOWN_SCRIPT_CREDIT
    return credit, tokens, cost, rare


@lru_cache(maxsize=65536)
def _credits(script: str, word: str) -> tuple[float, ...]:
    """The credit each language of ``script`` gives ``word`` (a CJK character or pair):
    its lexicon's credit if it knows the word, else ``ALPHABET_CREDIT`` if its alphabet
    holds every letter. A letter none of them uses (the usual misreading) earns nothing."""
    if script in ("CJK", _PAIRS):
        return tuple(_cjk_credit(lang, word, script) for lang in SCRIPT_LANGUAGES["CJK"])
    masks = _letter_masks(script)
    if not all(map(masks.__contains__, word)):
        return (0.0,) * len(SCRIPT_LANGUAGES.get(script, ()))
    alphabets = functools.reduce(operator.and_, map(masks.__getitem__, word))
    return tuple(
        map(dict.get, _lexicons(script), itertools.repeat(word), _unknown(script, alphabets))
    )


@cache
def _lexicons(script: str) -> tuple[dict[str, float], ...]:
    return tuple(_words(lang) for lang in SCRIPT_LANGUAGES[script])


@cache
def _letter_masks(script: str) -> dict[str, int]:
    """For each letter of the script's alphabets, the languages whose alphabet holds it
    (bit ``i`` for the ``i``-th language)."""
    masks: dict[str, int] = {}
    for i, lang in enumerate(SCRIPT_LANGUAGES.get(script, ())):
        for letter in _alphabet(lang):
            masks[letter] = masks.get(letter, 0) | 1 << i
    return masks


@lru_cache(maxsize=4096)
def _unknown(script: str, alphabets: int) -> tuple[float, ...]:
    """What each language gives a word it does not know: ``ALPHABET_CREDIT`` if its bit is
    set in ``alphabets`` (its alphabet holds the word's letters), else nothing."""
    count = len(SCRIPT_LANGUAGES[script])
    return tuple(ALPHABET_CREDIT if alphabets >> i & 1 else 0.0 for i in range(count))


def _cjk_credit(lang: str, text: str, group: str) -> float:
    if lang == "zh":  # wordfreq's Chinese list is in simplified characters
        text = text.translate(_simplified_table())
    known = _cjk_pairs(lang) if group == _PAIRS else _cjk_characters(lang)
    return 1.0 if text in known else 0.0


@lru_cache(maxsize=65536)
def _chunk_tokens(chunk: str) -> tuple[tuple[str, str], ...]:
    """The (script, folded word) tokens of one whitespace-free chunk; ``_BROKEN`` if unreadable.

    In a chunk with non-ASCII characters (where readings of the same bytes differ), ASCII
    punctuation parts the words, as every encoding here reads them alike:
    ``"KW-P00-02";"URZĄDZENIE"`` holds the word ``URZĄDZENIE``. An all-ASCII chunk is one
    piece: what it reads as is the same in every reading, and HZ or base64 text must not
    fall apart into short "words".
    """
    if _CJK.search(chunk):
        return _cjk_chunk_tokens(chunk)
    if chunk.isalpha():
        return _word(chunk)
    if chunk.isascii():
        return _part_tokens(chunk)
    return tuple(t for part in _ASCII_BREAK.split(chunk) if part for t in _part_tokens(part))


def _part_tokens(part: str) -> tuple[tuple[str, str], ...]:
    """The tokens of a chunk's part without ASCII punctuation other than joiners."""
    core = _EDGES.sub("", part)
    if not core:
        return ()
    if not any(c.isalpha() for c in core):
        return () if _SEPARATOR_ONLY.fullmatch(core) else _broken(core)
    pieces = _JOINERS.split(core)
    words = tuple(
        t for piece in pieces if piece and not _DIGITS_ONLY.fullmatch(piece) for t in _word(piece)
    )
    if len(core) == len(part) or part.isascii():
        return words
    start = part.index(core)
    edges = part[:start] + part[start + len(core) :]
    return words + tuple(_glued(c) for c in edges if not c.isascii() and not c.isdigit())


def _glued(char: str) -> tuple[str, str]:
    """The token for a non-ASCII mark stuck to a word: punctuation, or a rarer symbol."""
    symbol = unicodedata.category(char)[0] == "S" and char not in _COMMON_SYMBOLS
    return _GLUED_SYMBOL if symbol else _GLUED


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
