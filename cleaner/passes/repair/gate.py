"""A cheap test for possible encoding damage, so that clean text never pays ftfy's price.

Under the repair pass's configuration ftfy changes a text only when it holds an HTML entity,
a C1 control character, a surrogate, or when ``ftfy.badness.is_bad`` is true. ``is_bad`` is
one big regex tried at every position (about 3 MB/s). Each of its alternatives contains two
adjacent characters from ftfy's mojibake categories, at least one of them not a Cyrillic or
Greek letter, apart from a few anchored on one character ('Ã ' and 'Â ', 'œ' before a
non-letter) and two Cyrillic ones ('вЂ', 'ГўВЂВ'). :data:`SCAN` finds all those anchors in
one pass at C speed, with the signs only the repair pass looks for: lost characters, and
letters that betray a legacy code page read as Windows-1252 (a heuristic: the re-reading
is only tried where it fires). Each anchor is then classified in Python; one for ``is_bad``
by running ftfy's own regex on a few characters around it. German text has almost no
anchors, so it is scanned at regex speed and never reaches ftfy. Tests check the claim:
where no anchor of an ftfy kind is found, ftfy changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from ftfy.chardata import HTML_ENTITIES

from cleaner.passes.repair.utf8_runs import ANCHORS as UTF8_ANCHORS

#: How far an ``is_bad`` match can reach around the pair that anchors it.
_WINDOW_BEFORE = 8
_WINDOW_AFTER = 10


def _category_chars() -> set[str]:
    """Every non-ASCII character that takes part in ftfy's badness regex."""
    chars = {c for c in BADNESS_RE.pattern if ord(c) > 0x7F}
    for spec in MOJIBAKE_CATEGORIES.values():
        pattern = re.compile(f"[{spec}]")
        chars.update(chr(c) for c in range(0x80, 0x10000) if pattern.match(chr(c)))
    return chars


def _is_script_letter(char: str) -> bool:
    """A Greek or Cyrillic letter: a sign of mojibake only next to something odd."""
    return "\u0370" <= char <= "\u04ff" and unicodedata.category(char).startswith("L")


def _char_class(chars: Iterable[str], ranges: str = "") -> str:
    return "[" + ranges + "".join(re.escape(c) for c in sorted(chars)) + "]"


_HIGH = "À-ÿ"
_HIGH_RUN = re.compile(f"[{_HIGH}]{{3}}")
#: Windows-1252 symbols that are letters in Central European and Baltic code pages (³ for ł).
_SYMBOL_LETTERS = "¡£¥¦ª¬¯±³µ¶¸¹º¼¾¿ŒœŸ"
#: Windows-1252 letters that stand for Turkish ğ ı ş or Czech Č Ě ě ř ů when misread,
#: when a letter follows (Turkish ones also when one precedes).
_SWAPPED_LETTERS = "ÈÌìùøòïõûÐÝÞðýþ"
_TURKISH_LETTERS = "ÐÝÞðýþ"

#: '?' between letters, or before a lowercase word: characters lost by an encoder that
#: could not represent them ("Gr??e", "M?nchen", "?ber"). Not "What???" (nothing follows).
LOST_QUESTION_MARKS = re.compile(
    r"(?<=[^\W\d_])\?+(?=[^\W\d_])|(?<![^\s(\[\"'])\?+(?=[^\W\d_A-Z]{2})"
)
_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")

MOJIBAKE_CHARS = _category_chars() | set(bytes(range(0xC0, 0x100)).decode("latin-1"))
_ODD = {c for c in MOJIBAKE_CHARS if not _is_script_letter(c)} | {"\u0490", "\u0491"}  # Ґ ґ
_SINGLES = set("\ufffd&?ÃÂŒœ" + _SYMBOL_LETTERS + _SWAPPED_LETTERS + UTF8_ANCHORS)
_SINGLE_RANGES = r"\x80-\x9f\ud800-\udfff"
_SINGLE = re.compile(_char_class(_SINGLES, _SINGLE_RANGES))

#: One regex pass over the text. It starts with a single character class so that re can
#: skip ahead at C speed; each hit is then classified by :func:`_kinds`.
SCAN = re.compile(
    _char_class(MOJIBAKE_CHARS | _SINGLES, _SINGLE_RANGES)
    + "(?:"
    + f"(?P<pair>(?<={_char_class(_ODD)})(?={_char_class(MOJIBAKE_CHARS)})"
    + f"|(?<={_char_class(MOJIBAKE_CHARS)})(?={_char_class(_ODD)})|(?<=в)(?=Ђ)|(?<=Г)(?=ўВЂВ))"
    + f"|(?P<single>(?<={_SINGLE.pattern}))"
    + ")"
)


def _entity_decodes(text: str, start: int) -> bool:
    """ftfy unescapes only entities it knows (numeric ones always)."""
    match = _ENTITY.match(text, start)
    return match is not None and (match.group().startswith("&#") or match.group() in HTML_ENTITIES)


def _is_bad_near(text: str, start: int) -> bool:
    """ftfy's own badness regex, on the few characters a match around ``start`` can span."""
    window = (max(0, start - _WINDOW_BEFORE), start + _WINDOW_AFTER)
    return BADNESS_RE.search(text, *window) is not None


def _letter_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalpha()


def _single_kind(text: str, start: int) -> str | None:
    """What a lone character says about the text where it stands, if anything."""
    char = text[start]
    if char == "&":
        return "entity" if _entity_decodes(text, start) else None
    if char == "?":
        return "lost" if LOST_QUESTION_MARKS.match(text, start) else None
    if char == "\ufffd":
        return "lost"
    if char in UTF8_ANCHORS:
        return "utf8"
    if "\x80" <= char <= "\x9f":
        return "c1"
    if "\ud800" <= char <= "\udfff":
        return "surrogate"
    if char in "ÃÂŒœ" and _is_bad_near(text, start):
        return "mojibake"
    if char in _SYMBOL_LETTERS and _letter_at(text, start - 1):
        return "codepage"
    if char in _SWAPPED_LETTERS and (
        _letter_at(text, start + 1) or (char in _TURKISH_LETTERS and _letter_at(text, start - 1))
    ):
        return "codepage"
    return None


def _kinds(text: str, match: re.Match[str]) -> Iterator[str]:
    """The rest of the check, in Python: what kinds of damage a SCAN hit shows, if any."""
    start = match.start()
    if _SINGLE.match(text, start) and (kind := _single_kind(text, start)):
        yield kind
    if match.lastgroup == "pair":
        if _is_bad_near(text, start):
            yield "mojibake"
        if _HIGH_RUN.match(text, start):
            yield "codepage"


def damage(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """``(position, kind)`` of each sign of possible damage in ``text[start:end]``, in order.

    Kinds: ``mojibake`` (ftfy's badness), ``utf8`` (UTF-8 read as Windows-1251 or Mac
    Roman where ftfy's badness does not look), ``codepage`` (a legacy code page read as
    Windows-1252), ``c1``, ``surrogate``, ``entity``, ``lost`` (U+FFFD, '?' for letters).
    """
    stop = len(text) if end is None else end
    for match in SCAN.finditer(text, start, stop):
        for kind in _kinds(text, match):
            yield match.start(), kind


def kinds(text: str) -> set[str]:
    """Every kind of damage the text shows signs of."""
    return {kind for _, kind in damage(text)}


def looks_damaged(text: str) -> bool:
    """The gate: False means ftfy, as the repair pass runs it, leaves ``text`` unchanged,
    and there is nothing to re-read or flag."""
    return next(damage(text), None) is not None
