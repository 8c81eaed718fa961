"""Whether a line starts a sentence that goes on on the next line.

Scraped HTML breaks lines where the page had an element boundary, not where a
sentence ends: a link or a bold first word ("Photos") can land on a line of its
own while the sentence goes on below ("show the wreckage ..."). On its own,
"Photos" is a menu item; here it is the article's first word. A rule that takes
whole lines must never cut such a sentence in two, whatever the rule says, so
the rules engine asks this module before it removes a line whose next line stays.

The test is shape, not vocabulary: the line does not end in sentence
punctuation, and the next line (directly below, no blank line between) carries
the sentence on: it starts with a lower-case letter, or the line ends in
something a sentence cannot end in (a comma, a hyphen joined to its word, a
conjunction, article or preposition of the languages the packs cover).
"""

from __future__ import annotations

import regex

#: Punctuation that ends a sentence or a heading-like unit ("Tags:", "Note;"),
#: optionally followed by closing quotes or brackets.
_ENDS = regex.compile(r"[.!?…:;][\"'”’»«)\]]*\Z")
#: A comma, or a hyphen or dash written against its word ("Photo-", "und–"): the line
#: is cut off mid-sentence.
_JOINED = regex.compile(r"(?:,|\w[-‐‑–—])\Z")
_LAST_WORD = regex.compile(r"(\w+)\W*\Z")
#: Words a sentence never ends in: conjunctions, articles and prepositions of the packs'
#: languages, as written inside a sentence (lower case: "World War I" and "Plan A" end fine).
_JOINING_WORDS = frozenset(
    word
    for words in (
        "and or but nor the a an of to in on at for with from by as than that which whose",  # en
        "und oder aber sondern denn der die das den dem des ein eine einen einem eines zu von"
        " mit für auf im am zum zur beim vom dass als wie",  # de
        "et ou mais ni le la les un une des du au aux à de d en par pour sur dans avec sans"
        " que qui dont",  # fr
        "y o pero ni el los las unos unas del al con por para sin sobre entre que",  # es
        "e ed o ma né il lo gli i una di da del della dei delle nel nella con per su tra fra"
        " che",  # it
        "en of maar noch de het een van voor met op aan bij naar uit dat die",  # nl
        "e ou mas nem o os as um uma uns umas do da dos das no na nos nas ao aos em com por"
        " para sem que",  # pt
        "i oraz lub albo ale czy a w we z ze na do od po za przez dla o że który która które",  # pl
    )
    for word in words.split()
)


def ends_sentence(line: str) -> bool:
    """Whether the stripped ``line`` ends in sentence punctuation (closing quotes allowed)."""
    return _ENDS.search(line) is not None


def continues(line: str, following: str) -> bool:
    """Whether the stripped, non-blank ``line`` is cut off mid-sentence and the stripped line
    directly below it, ``following``, carries the sentence on.

    >>> continues("Photos", "show the wreckage of the plane on the hillside.")
    True
    >>> continues("Photos", "Videos")
    False
    >>> continues("Share this article:", "the mayor said on Monday.")
    False
    >>> continues("Pictures and", "Videos of the storm")
    True
    """
    if not following or ends_sentence(line):
        return False
    if following[0].islower() or _JOINED.search(line):
        return True
    last = _LAST_WORD.search(line)
    return last is not None and last.group(1) in _JOINING_WORDS
