"""From a repaired stretch of text to small edits: the words that changed, and no more.

The log should show 'PjÃ¶ngjang.' -> 'Pjöngjang.', not a whole paragraph and its repair.
The diff runs over words with the space after them, not characters: repairs change words,
and a character diff of long paragraphs is quadratic. Most repairs keep every word in its
place, and then no diff algorithm is needed at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from itertools import accumulate, compress, count
from operator import ne

Region = tuple[int, int, int, int]

#: Changes closer than this (in unchanged characters) share one edit: a line of re-read
#: Cyrillic is one edit, two mojibake words a sentence apart are two.
MERGE_GAP = 12
#: A word and the space after it: the unit of the diff.
_WORDS = re.compile(r"\S+\s*|\s+")
#: Above this many words, a change in the word count makes one region of the whole text
#: (SequenceMatcher is quadratic).
_MAX_DIFF_WORDS = 5000


def hunks(old: str, new: str) -> Iterator[Region]:
    """Changed runs of whole words ``old[i1:i2] -> new[j1:j2]``; close ones merged."""
    merged: Region | None = None
    for region in _word_diff(old, new):
        if merged is not None and region[0] - merged[1] <= MERGE_GAP:
            merged = (merged[0], region[1], merged[2], region[3])
            continue
        if merged is not None:
            yield merged
        merged = region
    if merged is not None:
        yield merged


def _word_diff(old: str, new: str) -> Iterator[Region]:
    """Runs of words that differ, without the space after them when that space is the same."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    old_at, new_at = _offsets(old_words), _offsets(new_words)
    for i1, i2, j1, j2 in _word_opcodes(old_words, new_words):
        start, end, new_start, new_end = old_at[i1], old_at[i2], new_at[j1], new_at[j2]
        before, after = old[start:end], new[new_start:new_end]
        space = len(before) - len(before.rstrip())
        if space and before[-space:] == after[len(after) - space :]:
            end, new_end = end - space, new_end - space
        yield start, end, new_start, new_end


def _word_opcodes(old: list[str], new: list[str]) -> Iterator[Region]:
    """Word ranges that differ. Most repairs keep the words in place: then no diff is needed."""
    if len(old) == len(new):
        for i in compress(count(), map(ne, old, new)):
            yield i, i + 1, i, i + 1
    elif len(old) + len(new) > _MAX_DIFF_WORDS:
        yield 0, len(old), 0, len(new)
    else:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag != "equal":
                yield i1, i2, j1, j2


def _offsets(words: list[str]) -> list[int]:
    return list(accumulate(map(len, words), initial=0))
