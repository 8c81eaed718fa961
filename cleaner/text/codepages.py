"""What the legacy encodings are for: the script each one writes, and how it reads bytes.

A single-byte code page made for Cyrillic, Greek, Hebrew, Arabic or Thai writes letters of
that script: a reading in it that holds none of them (Mac Cyrillic turning the
capitals of Polish or Dutch text into punctuation and no-break spaces: ``USUŃ`` ->
``USU—``) is no evidence for it, whatever its words score. The scripts are read off the
code pages themselves, not listed by hand.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import cache

import regex

_CJK_LETTERS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
#: The letters of each script a single-byte code page can be made for (the blocks' few
#: marks and punctuation signs included: close enough to count).
_SCRIPT_BLOCKS = {
    "CYRILLIC": "\u0400-\u04ff",
    "GREEK": "\u0370-\u03ff\u1f00-\u1fff",
    "HEBREW": "\u05d0-\u05ea",
    "ARABIC": "\u0620-\u064a\u0671-\u06d3",
    "THAI": "\u0e01-\u0e3a\u0e40-\u0e4e",
    "ARMENIAN": "\u0531-\u0587",
    "GEORGIAN": "\u10a0-\u10ff",
}
#: For each of them: its letters, and its letters next to an ASCII letter.
_SCRIPT_PATTERNS = {
    script: (
        re.compile(f"[{block}]"),
        re.compile(f"(?<=[A-Za-z])[{block}]|[{block}](?=[A-Za-z])"),
    )
    for script, block in _SCRIPT_BLOCKS.items()
}
_ASCII = bytes(range(0x80))
# Double-byte characters common to the East Asian encodings (亜, 啊/가, 中): one of them
# reads as one CJK character in a multi-byte encoding, as two characters in a code page.
_CJK_PROBES = (b"\x88\x9f", b"\xb0\xa1", b"\xa4\xa4")


@cache
def ascii_compatible(encoding: str) -> bool:
    """Whether every ASCII byte reads as itself, alone and next to others (not UTF-16,
    EBCDIC, UTF-7, nor the escape-driven ISO-2022 and HZ)."""
    name = codecs.lookup(encoding).name
    if name.startswith(("iso2022", "hz", "utf-7", "utf-16", "utf-32")):
        return False
    try:
        return _ASCII.decode(name) == _ASCII.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


@cache
def script_of(encoding: str) -> str:
    """The script a code page is made for: 'CJK' for the multi-byte East Asian encodings,
    else the script most of the letters of its upper half belong to ('LATIN', 'CYRILLIC')."""
    name = codecs.lookup(encoding).name
    for probe in _CJK_PROBES:
        read = probe.decode(name, "ignore")
        if len(read) == 1 and _CJK_LETTERS.match(read):
            return "CJK"
    upper = bytes(range(0x80, 0x100)).decode(name, "ignore")
    scripts = Counter(unicodedata.name(c, "?").split()[0] for c in upper if c.isalpha())
    return scripts.most_common(1)[0][0] if scripts else "LATIN"


def reads_its_script(text: str, encoding: str) -> bool:
    """Whether a reading in a single-byte code page for a script other than Latin holds
    letters of that script, and mostly apart from ASCII letters: Latin text read in such
    a code page has them inside its words ('cafй'), text in the script hardly ever.

    Always true for Latin code pages, which share their letters with ASCII, and for the
    multi-byte encodings, which hold Latin, Greek and Cyrillic letters besides their own
    (GB18030 all of Unicode), and whose text mixes ASCII into words ('iPhone用').
    """
    patterns = _SCRIPT_PATTERNS.get(script_of(encoding))
    if patterns is None:
        return True
    letters, glued = patterns
    found = len(letters.findall(text))
    return found > 0 and 2 * len(glued.findall(text)) <= found


@cache
def escape_table(codepage: str) -> dict[int, str]:
    """Invalid bytes of mostly-UTF-8 text (surrogate escapes U+DC80-U+DCFF) read in
    ``codepage``; a byte it leaves undefined becomes the C1 control or Latin-1 character
    of the same number, as Windows and WHATWG read them."""
    table = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(codepage)
        except UnicodeDecodeError:
            char = chr(byte)
        table[0xDC00 + byte] = char
    return table
