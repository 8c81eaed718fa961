"""Rival readings of legacy bytes, ranked by how plausible their words are.

Bytes that are not UTF-8 can be read in any of a few dozen legacy encodings, and most of
them decode without error: only the words tell which reading is right
(:mod:`cleaner.text.plausibility`). Scoring every reading of a whole document in full is
what made this slow, so the work goes only where readings differ:

- A sample of the lines that hold non-ASCII bytes is cut into chunks at ASCII whitespace,
  which no encoding tried uses inside a character. ASCII chunks read alike in every
  encoding and are tallied once; each reading is the reading of the distinct non-ASCII
  chunks, and how often each occurs.
- Readings are screened in levels, on the first few chunks, then on more: at each level
  every surviving way of reading gets a quick score (each word credited in whichever
  language knows it best), readings that agree are grouped, and those far behind the
  leader drop out. Only the few left are assessed in full, every word in one language,
  with the ASCII context. Most rivals are plainly wrong from their first words.
- A single-byte code page for another script that does not read as that script drops
  out at once (:func:`cleaner.text.codepages.reads_its_script`).

Mostly-UTF-8 bytes (a document with a few paragraphs or bytes in a legacy code page)
compete as readings too: UTF-8, with the invalid bytes read in each of a few code pages,
so that Czech bytes are read as Windows-1250 and Russian ones as Windows-1251 when that
makes the words plausible.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from cleaner.text import codepages, plausibility

#: Bytes of lines holding non-ASCII bytes that readings are judged on.
SAMPLE_BYTES = plausibility.SAMPLE_CHARS
#: Screening levels: the chunks holding non-ASCII bytes within this many bytes of them.
SCREEN_BYTES: tuple[int, ...] = (96, 768)
#: A reading this far below the leader's quick score drops out at a level before the last ...
SCREEN_MARGIN = 0.15
#: ... and at most this many go on to the next level, and to the full assessment.
FINALISTS = 4
#: A reading this full of control, unassigned or private-use characters is not text.
MAX_RARE_SHARE = 0.05

# Bytes cp1252 leaves undefined; kept as the C1 controls WHATWG maps them to.
_CP1252_UNDEFINED = {0xDC00 + b: b for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_ESCAPED = re.compile("[\udc80-\udcff]")
# A last character cut short: lead byte and continuation bytes. A lone lead byte
# may as well be a cp1252 letter, so only a longer start counts at the very end.
_CUT_CHARACTER = re.compile("[\udce0-\udcf4][\udc80-\udcbf]{1,2}$")
_CUT_SAMPLE = re.compile("[\udcc2-\udcf4][\udc80-\udcbf]{0,2}$")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# ASCII context kept before the first non-ASCII byte of a long line.
_LEAD_IN = 200
# Bytes of the rare ASCII controls (plausibility counts them against a reading).
_NOT_RARE_ASCII = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1F or b == 0x7F))


@dataclass(frozen=True, slots=True)
class Way:
    """One way to read the bytes: an encoding, its rank in the list tried (on a tie the
    earlier wins) and its prior (a factor on plausibility: rare encodings lose ties).

    For mostly-UTF-8 bytes the encoding is ``utf-8`` and ``invalid_as`` names the code
    page its invalid bytes are read in.
    """

    encoding: str
    rank: int
    prior: float = 1.0
    invalid_as: str | None = None

    @property
    def label(self) -> str:
        return self.encoding if self.invalid_as is None else f"{self.encoding}+{self.invalid_as}"

    def read_all(self, data: bytes) -> str | None:
        """The whole of ``data`` read this way, or None where the encoding cannot."""
        if self.invalid_as is not None:
            text = data.decode("utf-8", "surrogateescape")
            text = _CUT_CHARACTER.sub("\ufffd", text)
            return text.translate(codepages.escape_table(self.invalid_as))
        return decode(data, self.encoding, final=True)


def decode(data: bytes, encoding: str, final: bool) -> str | None:
    """Strict decoding, or None; with ``final=False`` a cut-off last character is dropped.
    Windows-1252 reads its five undefined bytes as C1 controls, as Windows does."""
    if encoding == "cp1252":
        text = data.decode("cp1252", "surrogateescape")
        return text.translate(_CP1252_UNDEFINED) if _ESCAPED.search(text) else text
    try:
        if final:
            return data.decode(encoding)
        return codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return None


def sample_lines(data: bytes, limit: int) -> bytes:
    """Lines that hold non-ASCII bytes (where readings differ), up to ``limit`` bytes.

    Each piece starts at a character boundary in every encoding tried: a line
    start, or a little before the line's first non-ASCII byte (the bytes before
    it are all ASCII). The end may cut a character.
    """
    if len(data) <= limit:
        return data
    picked, size, position = [], 0, 0
    while size < limit:
        found = _NON_ASCII.search(data, position)
        if found is None:
            break
        start = max(data.rfind(b"\n", 0, found.start()) + 1, found.start() - _LEAD_IN)
        end = data.find(b"\n", found.start())
        end = len(data) if end < 0 else end
        picked.append(data[start : min(end, start + limit - size)])
        size += len(picked[-1]) + 1
        position = end + 1
    return b"\n".join(picked)


class Sample:
    """The chunks of a sample of the bytes that hold non-ASCII bytes, distinct and in
    order, with how often each occurs; and what its ASCII chunks contribute."""

    def __init__(self, data: bytes, limit: int = SAMPLE_BYTES) -> None:
        lines = sample_lines(data, limit)
        self.final = len(lines) == len(data)
        self.size = len(lines)
        pieces = lines.split()
        last = None if self.final or not pieces else pieces.pop()  # may end inside a character
        counted = Counter(pieces)
        chunks = [c for c in counted if not c.isascii()]
        counts = [counted[c] for c in chunks]
        if last is not None and not last.isascii():
            chunks.append(last)
            counts.append(1)
        elif last is not None:
            counted[last] += 1
        self.chunks: tuple[bytes, ...] = tuple(chunks)
        self.counts: tuple[int, ...] = tuple(counts)
        self._ascii = [(c, n) for c, n in counted.items() if c.isascii()]
        self._lines = lines
        ends = list(accumulate(map(len, chunks)))
        levels = (bisect.bisect_left(ends, size) + 1 for size in SCREEN_BYTES)
        #: How many chunks each level reads: the screens, then all.
        self.levels: tuple[int, ...] = (
            *dict.fromkeys(n for n in levels if n < len(chunks)),
            len(chunks),
        )
        self._joined: dict[int, bytes] = {}
        self._escaped: dict[int, str] = {}

    @cached_property
    def shared(self) -> plausibility.Tally:
        """The tally of the ASCII chunks, which every reading shares."""
        return plausibility.tally((c.decode("ascii"), n) for c, n in self._ascii)

    @cached_property
    def shared_rare(self) -> int:
        """Rare characters (C0 controls) in the ASCII chunks."""
        if not self._lines.translate(None, _NOT_RARE_ASCII):
            return 0
        return sum(n * len(c.translate(None, _NOT_RARE_ASCII)) for c, n in self._ascii)

    @cached_property
    def vouched(self) -> bool:
        """Whether the chunks hold valid multi-byte UTF-8 and invalid bytes: only then is
        mostly-UTF-8 a reading (valid multi-byte sequences vouch for UTF-8)."""
        joined = self._join(len(self.chunks))
        text = joined.decode("utf-8", "surrogateescape")
        return len(text) < len(joined) and _ESCAPED.search(text) is not None

    def _join(self, upto: int) -> bytes:
        joined = self._joined.get(upto)
        if joined is None:
            joined = self._joined[upto] = b"\n".join(self.chunks[:upto])
        return joined

    def read(self, way: Way, upto: int) -> str | None:
        """The first ``upto`` chunks read ``way``, one a line; None where it cannot."""
        final = self.final or upto < len(self.chunks)
        if way.invalid_as is not None:
            if not self.vouched:
                return None
            escaped = self._escaped.get(upto)
            if escaped is None:
                escaped = self._join(upto).decode("utf-8", "surrogateescape")
                escaped = self._escaped[upto] = escaped if final else _CUT_SAMPLE.sub("", escaped)
            text = escaped.translate(codepages.escape_table(way.invalid_as))
        else:
            text = decode(self._join(upto), way.encoding, final)
        if text is None or text.count("\n") != max(0, upto - 1):
            return None
        return text if codepages.reads_its_script(text, way.invalid_as or way.encoding) else None

    def words_score(self, text: str) -> float:
        """The quick score of a reading's non-ASCII chunks alone: the words where readings
        differ, which a right reading makes real words ('Größere', not 'Gr÷▀ere')."""
        return plausibility.screen(_pieces(self, text)).score

    def chars(self, text: str) -> int:
        """About how many characters the sample has in a reading whose chunks read ``text``
        (chunks it does not reach count as their bytes)."""
        pieces = text.split("\n")
        shrink = sum(
            (len(c) - len(p)) * n for c, p, n in zip(self.chunks, pieces, self.counts, strict=False)
        )
        return self.size - shrink


@dataclass(frozen=True, slots=True)
class Candidate:
    """One distinct reading of the sample's chunks and the ways that give it, likeliest
    first."""

    text: str
    ways: tuple[Way, ...]
    assessment: plausibility.Assessment

    @property
    def score(self) -> float:
        """Plausibility weighted by the likeliest way that gives this text."""
        return self.assessment.score * max(w.prior for w in self.ways)

    def too_rare(self, sample: Sample) -> bool:
        """Too full of control, unassigned or private-use characters to be text."""
        return self.assessment.rare_chars > MAX_RARE_SHARE * sample.chars(self.text)

    def key(self) -> tuple[float, int, int]:
        """Best first: the higher score; on a tie fewer rare characters, then the list's order."""
        return (-self.score, self.assessment.rare_chars, self.ways[0].rank)


def rank(sample: Sample, ways: Sequence[Way]) -> list[Candidate]:
    """The readings the ways give, best first: the finalists assessed in full, then the
    rest with the quick scores of the level they dropped out at."""
    alive = list(ways)
    dropped: list[Candidate] = []
    groups: dict[str, tuple[Way, ...]] = {}
    for upto in sample.levels:
        groups = _grouped(sample, alive, upto)
        if len(groups) <= 1:
            continue
        screened = sorted(
            (_screened(sample, text, group) for text, group in groups.items()),
            key=Candidate.key,
        )
        lead = screened[0].score
        # On all the chunks, the best few go on whatever their quick score: it credits
        # each word in any language ('…GAL', Mac Roman for 'ÉGAL', is Catalan), and only
        # the full assessment, with the ASCII words around, tells the language.
        margin = SCREEN_MARGIN if upto < len(sample.chunks) else float("inf")
        kept = [c for c in screened[:FINALISTS] if c.score >= lead - margin]
        dropped = screened[len(kept) :] + dropped  # the kept ones lead the sorted list
        alive = [way for c in kept for way in c.ways]
        groups = {c.text: c.ways for c in kept}
    finalists = (_assessed(sample, text, group) for text, group in groups.items())
    return sorted(finalists, key=Candidate.key) + dropped


def _grouped(sample: Sample, ways: Iterable[Way], upto: int) -> dict[str, tuple[Way, ...]]:
    """The ways that can read the first ``upto`` chunks, grouped by what they read."""
    groups: dict[str, tuple[Way, ...]] = {}
    for way in ways:
        text = sample.read(way, upto)
        if text is not None:
            groups[text] = (*groups.get(text, ()), way)
    return groups


def _pieces(sample: Sample, text: str) -> Iterator[tuple[str, int]]:
    return zip(text.split("\n") if text else [], sample.counts, strict=False)


def _screened(sample: Sample, text: str, ways: tuple[Way, ...]) -> Candidate:
    """A reading's quick score on the chunks it holds, without the ASCII ones (they read
    the same in every reading)."""
    return Candidate(text, ways, plausibility.screen(_pieces(sample, text)))


def _assessed(sample: Sample, text: str, ways: tuple[Way, ...]) -> Candidate:
    """A reading scored on all its chunks and the ASCII ones, every word in one language."""
    rare = sample.shared_rare
    if plausibility.rare_chars(text):
        rare += sum(plausibility.rare_chars(p) * n for p, n in _pieces(sample, text))
    tally = sample.shared.merged(plausibility.tally(_pieces(sample, text)))
    return Candidate(text, ways, tally.assessment(rare))
