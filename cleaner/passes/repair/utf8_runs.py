"""UTF-8 read as Windows-1251 or Mac Roman, where ftfy's badness test does not look.

ftfy undoes UTF-8 read in a single-byte code page only where its badness regex fires.
Two common cases slip past it: emoji read as Windows-1251 (``рџ”Ґ`` for 🔥, ``вњЁ``
for ✨: Cyrillic letters beside punctuation, as Russian text has them) and a Spanish or
Portuguese letter read as Mac Roman inside a word (``estar√°`` for ``estará``).

Here a run of non-ASCII characters is encoded back in the code page and decoded as UTF-8,
strictly: UTF-8's structure is the evidence. The result is kept only when it is what the
code page's own text cannot be: emoji and symbols for Windows-1251 (a Russian word that
happens to be valid UTF-8, 'её»', gives a CJK character and is kept as it is), Latin
letters for Mac Roman.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

#: Windows-1251 letters that UTF-8 lead and continuation bytes of emoji become (F0 9F is
#: 'рџ'; E2 9C, E2 9A, E2 9D are 'вњ', 'вљ', 'вќ'; EF B8 8F, the emoji variation selector,
#: is 'пёЏ') and Mac Roman's '√' (C3, the lead byte of UTF-8's Latin-1 letters). They are
#: rare in Russian text: a gate anchor, then the decoding decides.
ANCHORS = "џЏњљќћѓЃЋЌЊЉ√"

#: Code pages tried, and what a run must turn into to count as repaired.
_EMOJI_READER = "sloppy-windows-1251"
_LATIN_READER = "mac-roman"
_RUN = re.compile(r"(?:[^\x00-\x7f\s]|\xa0)+")  # a no-break space too: 🛠 ends in A0
_JOINERS = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3"}


@dataclass(frozen=True, slots=True)
class Reread:
    """``text[start:end]`` was UTF-8 read as ``reader``; it reads ``replacement``."""

    start: int
    end: int
    replacement: str
    reader: str

    @property
    def chain(self) -> list[list[str]]:
        return [["encode", self.reader], ["decode", "utf-8"]]


def rereads(text: str) -> Iterator[Reread]:
    """Every run of ``text`` that is UTF-8 read as Windows-1251 or Mac Roman, in order."""
    for match in _RUN.finditer(text):
        run = match.group()
        if not any(c in ANCHORS for c in run):
            continue
        for reader, fits in ((_EMOJI_READER, _is_emoji), (_LATIN_READER, _is_latin_word)):
            try:
                fixed = run.encode(reader).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if fits(fixed, text, match.start(), match.end()):
                yield Reread(match.start(), match.end(), fixed, reader)
                break


def _is_emoji(fixed: str, text: str, start: int, end: int) -> bool:
    """Emoji, dingbats and other symbols (with their joiners and modifiers) only."""
    return any(unicodedata.category(c) == "So" for c in fixed) and all(
        c in _JOINERS or unicodedata.category(c) in ("So", "Sk", "Sm") for c in fixed
    )


def _is_latin_word(fixed: str, text: str, start: int, end: int) -> bool:
    """Latin letters, inside a word, or a word of their own (Portuguese 'é' as '√©') when
    the run holds no other mathematical sign ('√π' is mathematics, not 'ù')."""
    if not all(c.isalpha() and unicodedata.name(c, "").startswith("LATIN") for c in fixed):
        return False
    if (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
        return True
    return not any(c != "√" and _is_mathematical(c) for c in text[start:end])


def _is_mathematical(char: str) -> bool:
    return unicodedata.category(char) == "Sm" or unicodedata.name(char, "").startswith("GREEK")


def apply(text: str) -> tuple[str, list[list[str]]]:
    """``text`` with every run that :func:`rereads` finds repaired, and the chain that did."""
    found = list(rereads(text))
    if not found:
        return text, []
    pieces, cursor = [], 0
    for reread in found:
        pieces += [text[cursor : reread.start], reread.replacement]
        cursor = reread.end
    pieces.append(text[cursor:])
    chain: list[list[str]] = []
    for reread in found:
        if reread.chain[0] not in chain:
            chain += reread.chain
    return "".join(pieces), chain
