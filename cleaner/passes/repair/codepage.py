"""One legacy code page read as another: 'Ñòàòüÿ' is Windows-1251 'Статья' read as Windows-1252.

ftfy repairs UTF-8 that was read in a single-byte code page: UTF-8 has a structure that
gives the mix-up away. It leaves one single-byte code page read as another alone, because
every byte is valid in both and only the words can tell. Here the words tell: the text is
encoded back to the bytes the reader saw, decoded in each candidate code page, and a reading
is kept only when its words are clearly more plausible (wordfreq word lists) than the words
as they stand. Only the words that change are compared; ASCII is the same in every code
page here, so a text and its re-reading have the same length and line up character by
character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-*" codecs)
import wordfreq
from wordfreq.preprocess import preprocess_text

from cleaner.text import plausibility

#: How Western software mis-read the bytes: the encodings the text is encoded back with.
READINGS: tuple[str, ...] = ("sloppy-windows-1252", "latin-1")

#: Languages whose words make a Windows-1252 (or Mac Roman) reading plausible.
WESTERN = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "is", "ca")

_CENTRAL = ("pl", "cs", "sk", "hu", "ro", "sl", "sh")


@dataclass(frozen=True, slots=True)
class Codepage:
    """A code page the bytes may really have been in: its script and the languages that judge it."""

    name: str
    script: str
    languages: tuple[str, ...]
    #: Tried only on a text this matches, when given: a cheap sign the reading could apply.
    hint: re.Pattern[str] | None = None


#: Mac Roman letters read as Windows-1252 or Latin-1 become punctuation or C1 controls
#: inside words ('tur\x92stico', 'Coatl‡n' for 'turístico', 'Coatlán').
_MAC_HINT = re.compile(r"[^\W\d_][\x80-\x9f‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|[\x80-\x9f]")

CODEPAGES: tuple[Codepage, ...] = (
    Codepage("windows-1251", "CYRILLIC", ("ru", "uk", "bg", "mk")),
    Codepage("koi8-r", "CYRILLIC", ("ru",)),
    Codepage("windows-1250", "LATIN", _CENTRAL),
    Codepage("iso-8859-2", "LATIN", _CENTRAL),
    Codepage("windows-1253", "GREEK", ("el",)),
    Codepage("iso-8859-7", "GREEK", ("el",)),
    Codepage("windows-1254", "LATIN", ("tr",)),
    Codepage("windows-1257", "LATIN", ("lt", "lv")),
    Codepage("windows-1255", "HEBREW", ("he",)),
    Codepage("windows-1256", "ARABIC", ("ar", "fa", "ur")),
    Codepage("mac-roman", "LATIN", WESTERN, _MAC_HINT),
)

#: Letters in known words a re-reading needs, at least. A Latin word may turn into another
#: Latin word by chance (Slovak 'takým' is Turkish 'takım'); a word of Latin-1 letters that
#: turns into a Cyrillic or Greek word ('×ëåí' for 'Член') was no word before.
MIN_LETTERS = {"LATIN": 6, "other": 4}

Span = tuple[int, int]

_ASCII_LETTER = re.compile("[A-Za-z]")

_C1 = re.compile("[\x80-\x9f]")
#: Only words with a non-ASCII character can change: every code page here keeps ASCII.
_CHANGEABLE = re.compile(r"[^ \t\r\n]*[^\x00-\x7f][^ \t\r\n]*")
#: A reading is judged on the first so many words that can change, at most.
MAX_WORDS = 64
#: Words inside a token: split at ASCII hyphens, apostrophes and slashes.
_WORD = re.compile(r"[^-'/]+")


@dataclass(frozen=True, slots=True)
class Reading:
    """A re-reading worth keeping: the text, how it was made, and the evidence."""

    text: str
    reading: str
    codepage: str
    language: str
    score: float
    baseline: float

    @property
    def chain(self) -> list[list[str]]:
        return [["encode", self.reading], ["decode", self.codepage]]


@cache
def _words(lang: str) -> dict[str, float]:
    return wordfreq.get_frequency_dict(lang, "small")


@lru_cache(maxsize=65536)
def _known(word: str, lang: str) -> bool:
    return preprocess_text(word, lang) in _words(lang)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] == "P"


def _strip_common_punctuation(old: str, new: str) -> tuple[str, str]:
    """Strip punctuation that both readings have at a word's ends ('«Ñòàòüÿ»' and '«Статья»').

    Punctuation that only one reading has stays: 'privar·' (Mac Roman for 'privará') is
    not the word 'privar'.
    """
    start, end = 0, len(old)
    while start < end and _is_punctuation(old[start]) and _is_punctuation(new[start]):
        start += 1
    while end > start and _is_punctuation(old[end - 1]) and _is_punctuation(new[end - 1]):
        end -= 1
    return old[start:end], new[start:end]


def _changed_words(original: str, candidate: str, spans: list[Span]) -> list[tuple[str, str]]:
    """(before, after) for each word in ``spans`` that differs; the texts line up."""
    pairs = []
    for start, end in spans:
        if original[start:end] == candidate[start:end]:
            continue
        for part in _WORD.finditer(original, start, end):
            old, new = _strip_common_punctuation(part.group(), candidate[part.start() : part.end()])
            if old != new:
                pairs.append((old, new))
    return pairs


@lru_cache(maxsize=65536)
def _in_script(word: str, script: str) -> bool:
    """Every letter of the word is in the script: 'zََ' (Dutch 'zóó' in Arabic) is not a word."""
    return all(not c.isalpha() or unicodedata.name(c, "").startswith(script) for c in word)


def _best_language(words: Sequence[str], codepage: Codepage) -> tuple[str, int]:
    """The code page's language with the most letters in known words (first wins ties)."""
    words = [w for w in words if _in_script(w, codepage.script)]
    known = [sum(len(w) for w in words if _known(w, lang)) for lang in codepage.languages]
    best = max(range(len(known)), key=lambda i: (known[i], -i))
    return codepage.languages[best], known[best]


def _known_anywhere(words: Sequence[str], languages: Sequence[str]) -> int:
    """Letters in words known in any of the languages: the benefit of the doubt."""
    return sum(len(w) for w in words if any(_known(w, lang) for lang in languages))


def rereadable(text: str) -> bool:
    """Whether the text can be encoded back to the bytes a Western reader saw."""
    for reading in READINGS:
        try:
            text.encode(reading)
        except UnicodeEncodeError:
            continue
        return True
    return False


def _candidates(text: str) -> Iterator[tuple[str, Codepage, str]]:
    """(reading, code page, re-read text) for every code page the text's bytes decode in.

    A reading that leaves C1 control characters is no reading: real legacy text has none.
    """
    for reading in READINGS:
        try:
            raw = text.encode(reading)
        except UnicodeEncodeError:
            continue
        for codepage in CODEPAGES:
            if codepage.hint is not None and not codepage.hint.search(text):
                continue
            try:
                decoded = raw.decode(codepage.name)
            except UnicodeDecodeError:
                continue
            if decoded != text and len(decoded) == len(text) and not _C1.search(decoded):
                yield reading, codepage, decoded
        return


def _not_words(text: str, spans: list[Span]) -> int:
    """How many of the words in ``spans`` hold something other than letters ('poniżaj±cy')."""
    count = 0
    for start, end in spans:
        for word in _WORD.findall(text, start, end):
            count += not _strip_common_punctuation(word, word)[0].isalpha()
    return count


def _share_without_ascii_letters(text: str, spans: list[Span]) -> float:
    """Share of the changeable words that have no ASCII letter. Only such words can become
    Cyrillic, Greek, Hebrew or Arabic words ('Ñòàòüÿ' can, Icelandic 'maður' cannot)."""
    words = [w for start, end in spans for w in _WORD.findall(text, start, end)]
    total = sum(map(len, words)) or 1
    return sum(len(w) for w in words if not _ASCII_LETTER.search(w)) / total


def reread(text: str, min_share: float = 0.4, margin: float = 0.3) -> Reading | None:
    """The most plausible re-reading of ``text``, if it clearly beats the text as it is.

    Only the words the re-reading changes are compared. It is kept when at least
    :data:`MIN_LETTERS` letters and ``min_share`` of their letters are in words of one of its
    languages (in its script), and that share is ``margin`` above the share of letters in
    words known in any Western language as the text stands. Of the readings kept, the one
    with the most letters in known words wins, then the one with fewer words that are not
    all letters ('poniżaj±cy' loses to 'poniżający', even when neither is in a word list).
    """
    best: Reading | None = None
    best_rank = (0, 0)
    spans = [m.span() for m in islice(_CHANGEABLE.finditer(text), MAX_WORDS)]
    other_scripts = _share_without_ascii_letters(text, spans) >= min_share
    for reading, codepage, decoded in _candidates(text):
        if codepage.script != "LATIN" and not other_scripts:
            continue
        pairs = _changed_words(text, decoded, spans)
        letters = sum(len(new) for _, new in pairs) or 1
        language, known = _best_language([new for _, new in pairs], codepage)
        score = known / letters
        rank = (known, -_not_words(decoded, spans))
        minimum = MIN_LETTERS.get(codepage.script, MIN_LETTERS["other"])
        if known < minimum or score < min_share or rank <= best_rank:
            continue
        baseline = _known_anywhere([old for old, _ in pairs], WESTERN) / letters
        if score >= baseline + margin:
            if codepage.script != "LATIN":
                decoded = _only_words_without_ascii_letters(text, decoded)
            best = Reading(decoded, reading, codepage.name, language, score, baseline)
            best_rank = rank
    if best is None:
        best = _multibyte(text)
    return best if best is not None and best.text != text else None


#: East Asian multi-byte encodings a Western reader may have read as single bytes
#: ('“ú–{Œê' for Shift_JIS '日本語'). Strict decoding alone rules out most Latin text.
MULTIBYTE: tuple[str, ...] = ("shift_jis", "euc_jp", "gb18030", "euc_kr", "big5")
#: A multi-byte re-reading is kept when its plausibility reaches this, and beats the
#: text as it stands by ``MULTIBYTE_MARGIN``.
MULTIBYTE_SCORE = 0.5
MULTIBYTE_MARGIN = 0.3


def _multibyte(text: str) -> Reading | None:
    """The most plausible East Asian reading of the bytes a Western reader saw, if it is
    CJK text (:mod:`cleaner.text.plausibility` judges CJK characters and pairs) and clearly
    more plausible than the text as it is. Lengths differ, so the whole text is judged."""
    for reading in READINGS:
        try:
            raw = text.encode(reading)
        except UnicodeEncodeError:
            continue
        best: tuple[float, str, str, str] | None = None
        for codepage in MULTIBYTE:
            try:
                decoded = raw.decode(codepage)
            except UnicodeDecodeError:
                continue
            found = plausibility.assess(decoded)
            if found.language in plausibility.SCRIPT_LANGUAGES["CJK"] and (
                best is None or found.score > best[0]
            ):
                best = (found.score, decoded, codepage, found.language)
        if best is None or best[0] < MULTIBYTE_SCORE:
            return None
        baseline = plausibility.assess(text).score
        if best[0] < baseline + MULTIBYTE_MARGIN:
            return None
        score, decoded, codepage, language = best
        return Reading(decoded, reading, codepage, language, score, baseline)
    return None


def _only_words_without_ascii_letters(text: str, decoded: str) -> str:
    """The re-reading applied only to words that could be in another script.

    A paragraph can hold Russian read as Windows-1252 beside German whose UTF-8 was
    read as Windows-1252 ('AtommÃ¤chte'): a word with ASCII letters is not Cyrillic,
    and is left for the mojibake repair. Single-byte readings keep every offset.
    """
    pieces = []
    cursor = 0
    for match in _CHANGEABLE.finditer(text):
        if not _ASCII_LETTER.search(match.group()):
            pieces.append(text[cursor : match.start()])
            pieces.append(decoded[match.start() : match.end()])
            cursor = match.end()
    pieces.append(text[cursor:])
    return "".join(pieces)
