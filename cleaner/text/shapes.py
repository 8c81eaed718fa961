"""Shapes of page furniture that need no words: credits, bylines, stamps, counters, item lists.

Each function looks at one stripped line and answers with a number (0 when the
shape is absent), so the line model can weigh it with the line's context; none
removes anything on its own. They are written for any language: they read
case, digits, separators and length, never a word list.

>>> credit_tail("Demonstranten vor dem Parlament. Foto: IMAGO/Gavriil Grigorov")
1
>>> credit_tail("Kim Jong Un empfängt Putin AFP/POOL/GAVRIIL GRIGOROV")
1
>>> credit_tail("The minister said the plan would work.")
0
>>> byline_shape("By Jane Doe and John Smith")
1
>>> byline_shape("Jane Doe, Reporter")
1
>>> byline_shape("Putin arrives in Pyongyang")
0
>>> stamp("19.06.2024 12:14")
1
>>> stamp("Updated 3:45 PM EDT, June 19, 2024")
1
>>> stamp("He was born on 19.06.1954 in Berlin and moved to Paris.")
0
>>> counter("12 Kommentare")
1
>>> counter("1.2K")
1
>>> counter("3 days in Paris were enough for him")
0
>>> item_list("Politik | Wirtschaft | Sport | Kultur")
4
>>> item_list("News, Sport, Weather, iPlayer, Sounds")
5
>>> item_list("Apples, pears and plums are in season, the grocer said.")
0
"""

from __future__ import annotations

import re

#: Separators after which a credit starts, and the longest credit in words.
_CREDIT_SEPARATOR = re.compile(r"(?:[/|©]|\(|:\s|\s[-–—]\s|\s·\s)")
CREDIT_WORDS = 6
#: Words of a byline (names), at most.
BYLINE_WORDS = 8
_NAME_JOINERS = frozenset({"and", "und", "et", "y", "e", "en", "i", "og", "och", "&", ",", "|"})
_DIGIT_GROUP = re.compile(r"\d+(?:[.,:/-]\d+)*")
_DATE_OR_TIME = re.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?|\d{1,2}[:h]\d{2}|(?:19|20)\d\d")
_COUNT = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s?[kKmM]?\+?")
_ITEM_SPLIT = re.compile(r"\s*(?:\||·|•|»|›|>|/|,|;|\s-\s|\s–\s)\s*")
ITEM_WORDS = 3


def _capitalised(word: str) -> bool:
    core = word.strip("()[]{}.,;:\"'“”«»/")
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def credit_tail(line: str) -> int:
    """1 when the line ends in a credit: a few capitalised words (or CAPITALS) after a
    separator (``/``, ``|``, ``©``, ``(``, ``: ``, a dash), following other text."""
    tail_start = None
    for match in _CREDIT_SEPARATOR.finditer(line):
        if match.start() > 0:
            tail_start = match.start()
            break
    if tail_start is None:
        return 0
    tail = line[tail_start:].strip(" /|©():-–—·")
    words = tail.replace("/", " ").split()
    if not words or len(words) > CREDIT_WORDS + 2:
        return 0
    if tail.endswith((".", "!", "?")) and not tail.isupper():
        return 0
    capitalised = sum(map(_capitalised, words))
    return int(capitalised >= max(1, len(words) - 1) and line[:tail_start].strip() != "")


def byline_shape(line: str) -> int:
    """1 for a short line of names: capitalised words, joined by "and", commas or a bar,
    optionally after one lower-case or short cue word ("By", "von", "par")."""
    words = line.split()
    if not 2 <= len(words) <= BYLINE_WORDS or line.endswith((".", "!", "?", ":")):
        return 0
    if not words[0][:1].isupper() or len(words[0]) <= 3:
        words = words[1:]  # the cue word: "By", "Von", "Par", "Por"
    names = [w for w in words if w.lower().strip(",") not in _NAME_JOINERS]
    if not 2 <= len(names) <= 6:
        return 0
    return int(all(_capitalised(w) for w in names) and not any(w.isdigit() for w in names))


def stamp(line: str) -> int:
    """1 for a date or time stamp: a date or time, and little else (at most three
    other words and no sentence end)."""
    if not _DATE_OR_TIME.search(line) or (line.endswith((".", "!", "?")) and len(line) > 40):
        return 0
    rest = _DIGIT_GROUP.sub(" ", line).replace(",", " ").replace("|", " ").split()
    words = [w for w in rest if len(w.strip(".:-–—()")) > 2]
    return int(len(words) <= 3)


def counter(line: str) -> int:
    """1 for a count and at most two words: "12 Kommentare", "1.2K", "3 min read"."""
    match = _COUNT.match(line)
    if match is None:
        return 0
    return int(len(line[match.end() :].split()) <= 2)


def item_list(line: str) -> int:
    """How many short items a line lists (0 when it is not a list): menu entries or tags
    on one line, split by bars, bullets, slashes, commas or dashes, each of at most
    three words and none ending a sentence."""
    if line.endswith((".", "!", "?")):
        return 0
    items = [item for item in _ITEM_SPLIT.split(line) if item]
    if len(items) < 3:
        return 0
    if any(len(item.split()) > ITEM_WORDS for item in items):
        return 0
    return len(items)
