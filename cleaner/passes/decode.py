"""decode: bytes in, text out, with the encoding found and how sure we are.

The order, cheapest and surest first:

1. A byte order mark (UTF-8, UTF-16, UTF-32) settles it.
2. NUL bytes: valid UTF-8 whose NULs are stray (each alone, at most two or one
   byte in a hundred) is text, and the controls pass removes them. Otherwise
   text in UTF-16 or UTF-32 without a BOM (ASCII there is NUL every other or
   three in four bytes, and is valid UTF-8, so this comes before the UTF-8
   check) when the pattern fits and the result reads as text; otherwise
   binary, and the error names the first NUL's offset.
3. Strict UTF-8: the fast path, a scan for NUL and one decode. ASCII that holds
   ISO-2022 escapes or HZ brackets is read in those 7-bit encodings instead.
4. Anything else: known binary signatures and control bytes are refused; then a
   fixed list of likely legacy encodings read a sample, and where their readings
   differ the one whose words are most plausible wins (:mod:`cleaner.text.readings`,
   which scores only where readings differ). Mostly-UTF-8 bytes with some invalid
   bytes (mixed encodings, a cut-off last character) compete too: UTF-8 with the
   invalid bytes read in the code page that makes the words plausible (Windows-1250
   for Czech, -1251 for Russian), and an incomplete last character as U+FFFD. Only
   when the best reading is hardly plausible is charset-normalizer asked for more
   candidates: alone it reads Western text as cp1250 and misreads short inputs, and
   it costs more than all our readings together.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import charset_normalizer
import regex

from cleaner.core.edits import Edit
from cleaner.core.registry import register_decoder
from cleaner.text import codepages, plausibility, readings

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Legacy encodings always tried besides charset-normalizer's, most likely first:
#: on a tie between different readings, the earlier one wins.
DEFAULT_FALLBACKS: tuple[str, ...] = (
    *("cp1252", "iso-8859-15", "latin-1", "cp1250", "iso-8859-2", "cp1251", "koi8-r"),
    *("cp1253", "iso-8859-7", "cp1254", "cp1255", "cp1256", "cp1257", "shift_jis", "cp932"),
    *("euc-jp", "gb18030", "big5", "cp950", "euc-kr", "cp949", "koi8-u", "mac-cyrillic"),
    *("cp866", "mac-roman", "iso-8859-13"),
)
#: How much less likely an encoding is than the common ones, as a factor on plausibility.
#: Old Mac and DOS code pages turn up rarely in scraped text; encodings only the detector
#: proposes (cp775, cp850, hp-roman8, ...) rarer still.
ENCODING_PRIOR: dict[str, float] = {
    **dict.fromkeys(("koi8-u", "mac-cyrillic", "cp866", "mac-roman", "iso8859-13"), 0.98),
}
UNLISTED_PRIOR = 0.95
#: How many of charset-normalizer's candidates (best first) compete with ours.
DETECTOR_CANDIDATES = 3
#: charset-normalizer is consulted only when the best of our readings scores below this,
#: or its words where readings differ score below ``DOUBTFUL_WORDS`` (German in DOS code
#: page 437 read as Mac Roman: 'Gr÷▀ere'); in about 2% of legacy documents.
DOUBTFUL = 0.5
DOUBTFUL_WORDS = 0.3
#: Code pages the invalid bytes of mostly-UTF-8 text are read in (each a rival reading;
#: on a tie the first): the legacy code page the rest of the document's language used.
MIXED_CODEPAGES: tuple[str, ...] = (
    *("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257"),
)
#: Largest share of unexpected control bytes a legacy text may hold.
MAX_CONTROL_SHARE = 0.01
#: With this many tokens, a best reading less plausible than this is not text.
MIN_TOKENS_TO_JUDGE = 8
MIN_PLAUSIBILITY = 0.05

# File signatures: (pattern, what it is, whether it alone makes the data binary). They
# are checked only when the bytes are not valid NUL-free UTF-8; the ones spelled in
# plain letters (MZ, fLaC, ...) could start a legacy text, so they only name what
# NUL-holding data looks like.
_SIGNATURES: tuple[tuple[re.Pattern[bytes], str, bool], ...] = tuple(
    (re.compile(pattern, re.DOTALL), kind, alone)
    for pattern, kind, alone in (
        (rb"\x89PNG\r\n\x1a\n", "a PNG image", True),
        (rb"\xff\xd8\xff", "a JPEG image", True),
        (rb"GIF8[79]a", "a GIF image", True),
        (rb"RIFF.{4}WEBP", "a WebP image", True),
        (rb"II\*\x00|MM\x00\*", "a TIFF image", True),
        (rb"BM.{4}\x00\x00\x00\x00", "a BMP image", True),
        (rb"\x00\x00\x01\x00", "an icon file", True),
        (rb"%PDF-", "a PDF document", True),
        (rb"\x1f\x8b", "gzip-compressed data", True),
        (rb"PK\x03\x04|PK\x05\x06", "a zip archive (or a docx/xlsx/odt/epub/jar file)", True),
        (rb"BZh[1-9]1AY&SY", "bzip2-compressed data", True),
        (rb"\xfd7zXZ\x00", "xz-compressed data", True),
        (rb"\x28\xb5\x2f\xfd", "zstd-compressed data", True),
        (rb"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", True),
        (rb"Rar!\x1a\x07", "a RAR archive", True),
        (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (old .doc/.xls/.ppt)", True),
        (rb"\x7fELF", "an ELF executable", True),
        (rb"MZ", "a Windows executable", False),
        (rb"\xca\xfe\xba\xbe|\xcf\xfa\xed\xfe|\xce\xfa\xed\xfe", "a Mach-O/Java class", True),
        (rb"\x00asm", "a WebAssembly module", True),
        (rb"SQLite format 3\x00", "an SQLite database", True),
        (rb"OggS\x00", "an Ogg audio/video file", True),
        (rb"ID3[\x02-\x04]|\xff[\xfb\xf3\xf2]", "an MP3 audio file", True),
        (rb"fLaC", "a FLAC audio file", False),
        (rb"RIFF.{4}(?:WAVE|AVI )", "a RIFF audio/video file", True),
        (rb".{4}ftyp", "an MP4/QuickTime media file", False),
        (rb"\x1aE\xdf\xa3", "a Matroska/WebM media file", True),
        (rb"wOF[F2]", "a web font", False),
    )
)

# Control bytes text does not hold. Tab, newlines, form feed, the DOS end-of-file
# mark, and ESC/SO/SI (ISO-2022 shifts) are allowed.
_TEXT_CONTROLS = b"\t\n\v\f\r\x1a\x1b\x0e\x0f"
_NOT_CONTROL = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in _TEXT_CONTROLS)
# HZ text shows its ``~{`` within this many bytes (a full scan would slow the fast path).
_SEVEN_BIT_HEAD = 65536
# What a UTF-16/32 reading of binary data is full of: C0 controls, unassigned and
# private-use code points. Not C1 controls (cp1252 text once read as Latin-1: mojibake
# that repair undoes) nor box drawing beside letters (a sign of a wrong code page,
# and no code page is chosen here).
_ODD_IN_WIDE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f\p{Cn}\p{Co}\p{Cs}]")


class BinaryInputError(ValueError):
    """The bytes are not text in any plausible encoding."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded text and the evidence for the encoding chosen.

    ``confidence`` is 1.0 for a BOM, UTF-8 and ISO-2022 escapes; for a detected
    encoding it is 0.5 when another reading was just as plausible, rising to 1.0
    as the chosen reading pulls ahead (or when every candidate read the same).
    """

    text: str
    encoding: str
    confidence: float
    method: str
    bom: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        return {"encoding": self.encoding, "encoding_confidence": self.confidence}

    def note(self) -> Edit:
        """A log entry that changes nothing and records how the bytes were read."""
        return Edit(
            0,
            0,
            None,
            rule=f"decode.{self.method}",
            category="encoding",
            reason=f"read as {self.encoding}" + (" after a byte order mark" if self.bom else ""),
            score=self.confidence,
            details={"encoding": self.encoding, "bom": self.bom, **self.details},
        )


@register_decoder
class Decode:
    """Turn bytes into text, or refuse them as binary with a message that says why.

    Options: ``fallback_encodings`` are the encodings tried (most likely first), with
    charset-normalizer's candidates added when none of them reads plausibly;
    ``use_detector=False`` never asks charset-normalizer; ``sample_bytes`` bounds how
    much of a long document the detector reads.
    """

    name: ClassVar[str] = "decode"

    def __init__(
        self,
        *,
        fallback_encodings: Sequence[str] = DEFAULT_FALLBACKS,
        use_detector: bool = True,
        sample_bytes: int = 32768,
    ) -> None:
        self.fallback_encodings = tuple(_canonical(e) for e in fallback_encodings)
        self.use_detector = use_detector
        if sample_bytes < 1024:
            raise ValueError(f"sample_bytes must be at least 1024, not {sample_bytes}")
        self.sample_bytes = sample_bytes

    def decode(self, data: bytes) -> Decoded:
        """Decode ``data``, or raise :class:`BinaryInputError` saying what is wrong.

        Text with NUL bytes that are neither stray NULs in UTF-8 nor the pattern
        of UTF-16/32 is refused; the message names the first NUL's offset.
        """
        if not data:
            return Decoded("", "utf-8", 1.0, "empty")
        found = _by_bom(data)
        if found is not None:
            return found
        if b"\x00" in data:
            return _wide_or_binary(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return self._detect(data)
        if (b"\x1b" in data or b"~{" in data[:_SEVEN_BIT_HEAD]) and data.isascii():
            return _seven_bit(data, text) or Decoded(text, "utf-8", 1.0, "utf-8")
        return Decoded(text, "utf-8", 1.0, "utf-8")

    def _detect(self, data: bytes) -> Decoded:
        """Legacy bytes: refuse binary, then let the most plausible reading win
        (:mod:`cleaner.text.readings`).

        charset-normalizer is asked only when our own readings leave doubt (the best is
        hardly plausible): it costs more than all of them, and adds nothing when a
        reading in our list is plainly right.
        """
        _refuse_binary(data)
        sample = readings.Sample(data)
        ways = self._ways(self.fallback_encodings, 0)
        candidates = readings.rank(sample, ways)
        detected: list[tuple[str, float]] = []
        if self.use_detector and _in_doubt(sample, candidates):
            detected = self._detector(readings.sample_lines(data, self.sample_bytes))
            extra = [e for e, _ in detected if e not in self.fallback_encodings]
            if extra:
                ways += self._ways(extra, len(ways))
                candidates = readings.rank(sample, ways)
        # The bytes are binary only when every reading is full of odd characters: a
        # box-drawing sign in one code page is no reason to refuse what another reads.
        for candidate in (c for c in candidates if not c.too_rare(sample)):
            for way in candidate.ways:
                text = way.read_all(data)
                if text is not None:
                    return _chosen(text, way, candidate, candidates, detected)
        if candidates and candidates[0].too_rare(sample):
            best = candidates[0]
            raise BinaryInputError(
                f"binary data: no plausible text encoding (the best reading, "
                f"{best.ways[0].encoding}, has {best.assessment.rare_chars} control, "
                "unassigned or misplaced box-drawing characters, and so has every other)"
            )
        raise BinaryInputError("binary data: no text encoding decodes these bytes")

    def _detector(self, sample: bytes) -> list[tuple[str, float]]:
        """charset-normalizer's first candidates for the sample, best first, with confidence.

        Only encodings that read ASCII as ASCII: the readings are cut at ASCII whitespace.
        """
        found: dict[str, float] = {}
        for match in charset_normalizer.from_bytes(sample):
            try:
                encoding = codecs.lookup(match.encoding).name
            except LookupError:
                continue
            if codepages.ascii_compatible(encoding):
                found.setdefault(encoding, round(1.0 - match.chaos, 3))
            if len(found) == DETECTOR_CANDIDATES:
                break
        return list(found.items())

    def _ways(self, encodings: Sequence[str], rank: int) -> list[readings.Way]:
        """The ways to read legacy bytes: each encoding, and for our own list also UTF-8
        with invalid bytes read in each code page of :data:`MIXED_CODEPAGES`."""
        ways = [readings.Way(e, rank + i, self._prior(e)) for i, e in enumerate(encodings)]
        if rank == 0:
            rank += len(ways)
            ways += [
                readings.Way("utf-8", rank + i, 1.0, invalid_as=codepage)
                for i, codepage in enumerate(MIXED_CODEPAGES)
            ]
        return ways

    def _prior(self, encoding: str) -> float:
        if encoding in self.fallback_encodings:
            return ENCODING_PRIOR.get(encoding, 1.0)
        return UNLISTED_PRIOR


def _canonical(encoding: str) -> str:
    """Python's own name for an encoding; an unknown name is an error, never ignored, and so
    is one that does not read ASCII as ASCII (readings are cut at ASCII whitespace)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    if not codepages.ascii_compatible(name):
        raise ValueError(f"encoding {encoding!r} does not read ASCII bytes as ASCII")
    return name


def _by_bom(data: bytes) -> Decoded | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None  # a BOM-like start of something else; detect as usual
            return Decoded(text, encoding, 1.0, "bom", bom=True)
    return None


def _wide_or_binary(data: bytes) -> Decoded:
    """NUL bytes: stray ones in UTF-8, UTF-16/32 without a BOM if the NULs fall in its
    pattern, else binary.

    Stray NULs come first: text in UTF-16 has a NUL in a third or more of its units,
    never one byte in a hundred, and a few lone NULs would otherwise be a "pattern".
    """
    stray = _with_stray_nuls(data)
    if stray is not None:
        return stray
    patterns = _wide_patterns(data)
    for encoding, nul_share in patterns:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_text(text, nul_share):
            details = {"nul_share": round(nul_share, 3)}
            return Decoded(text, encoding, 1.0, "nul-pattern", details=details)
    offset = data.index(0)
    kind = _signature(data)
    if kind is not None:
        raise BinaryInputError(f"binary data: NUL byte at offset {offset}, looks like {kind}")
    nuls = f"NUL byte at offset {offset} ({data.count(0)} of {len(data)} bytes are NUL)"
    if patterns:
        names = " or ".join(encoding for encoding, _ in patterns)
        raise BinaryInputError(
            f"binary data: {nuls} in the pattern of {names}, but not text in it "
            "(invalid, odd characters or no words)"
        )
    raise BinaryInputError(f"binary data: {nuls}, and not in the pattern of UTF-16 or UTF-32 text")


#: Scraped UTF-8 text sometimes holds a stray NUL (a broken form field, a C
#: string's end copied along): each alone, a few in a document. Binary data holds
#: runs of them (padding, the high bytes of small numbers), or many more.
STRAY_NULS = 2
MAX_STRAY_NUL_SHARE = 0.01


def _with_stray_nuls(data: bytes) -> Decoded | None:
    """Valid UTF-8 whose NULs are stray is text: the controls pass removes them, logged."""
    count = data.count(0)
    if count > max(STRAY_NULS, len(data) * MAX_STRAY_NUL_SHARE) or b"\x00\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Decoded(text, "utf-8", 1.0, "utf-8", details={"nul_bytes": count})


def _wide_patterns(data: bytes) -> list[tuple[str, float]]:
    """UTF-32/16 byte orders whose NUL pattern the data shows, with the share of units holding one.

    ASCII and Latin text in UTF-16-LE has NUL as every odd byte; in UTF-32-LE the
    top byte of every unit is NUL and the next one almost always.
    """
    head = data[:65536]
    found = []
    if len(data) % 4 == 0:
        units = len(head) // 4
        zeros = [head[i::4].count(0) / units for i in range(4)]
        if zeros[3] == 1.0 and zeros[2] >= 0.9:
            found.append(("utf-32-le", zeros[1]))
        if zeros[0] == 1.0 and zeros[1] >= 0.9:
            found.append(("utf-32-be", zeros[2]))
    if len(data) % 2 == 0:
        units = len(head) // 2
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 4 * even:
            found.append(("utf-16-le", odd / units))
        elif even > 4 * odd:
            found.append(("utf-16-be", even / units))
    return found


def _reads_as_text(text: str, nul_share: float) -> bool:
    """Whether a UTF-16/32 reading is text: nothing odd in it, and plausible words.

    With NUL in a third of the units it is mostly ASCII or Latin text; with fewer
    (Cyrillic, CJK) the words themselves must show it.
    """
    if len(_ODD_IN_WIDE.findall(text, 0, plausibility.SAMPLE_CHARS)) > len(text) // 200:
        return False
    return nul_share >= 0.3 or plausibility.assess(text).score >= 0.5


def _seven_bit(data: bytes, ascii_text: str) -> Decoded | None:
    """ASCII bytes that are really ISO-2022 (escape sequences) or HZ (``~{ ~}``) text."""
    if b"\x1b$" in data:
        encoding = "iso2022_kr" if b"\x1b$)C" in data else "iso2022_jp_2"
        text = readings.decode(data, encoding, final=True)
        if text is not None and "\x1b" not in text:
            return Decoded(text, encoding, 1.0, "escapes")
    if b"~{" in data:
        text = readings.decode(data, "hz", final=True)
        if text is not None:
            ours, plain = plausibility.plausibility(text), plausibility.plausibility(ascii_text)
            if ours > plain:
                confidence = round(0.5 + 0.5 * (ours - plain) / ours, 3)
                return Decoded(text, "hz", confidence, "detected")
    return None


def _refuse_binary(data: bytes) -> None:
    """Data without NUL that is still binary: a file signature, or control bytes."""
    kind = _signature(data, alone=True)
    if kind is not None:
        raise BinaryInputError(f"binary data: looks like {kind}")
    controls = len(data.translate(None, _NOT_CONTROL))
    if controls > max(2, MAX_CONTROL_SHARE * len(data)):
        offset = next(i for i, b in enumerate(data) if b not in _NOT_CONTROL)
        raise BinaryInputError(
            f"binary data: {controls} control bytes in {len(data)} (the first at offset "
            f"{offset}), more than text holds"
        )


def _signature(data: bytes, alone: bool = False) -> str | None:
    """What kind of file ``data`` starts like; with ``alone``, only kinds that settle it."""
    for pattern, kind, settles in _SIGNATURES:
        if pattern.match(data) and (settles or not alone):
            return kind
    return None


def _in_doubt(sample: readings.Sample, candidates: list[readings.Candidate]) -> bool:
    """Whether our best reading is so little plausible that another encoding may be right."""
    if not candidates or candidates[0].score < DOUBTFUL:
        return True
    return sample.words_score(candidates[0].text) < DOUBTFUL_WORDS


def _confidence(candidates: list[readings.Candidate], chosen: readings.Candidate) -> float:
    """0.5 when a different reading is as plausible, 1.0 when none is or all readings agree."""
    best = chosen.score
    rivals = [c.score for c in candidates[: readings.FINALISTS] if c is not chosen]
    if not rivals:
        return 1.0
    if best <= 0:
        return 0.5
    return round(0.5 + 0.5 * max(0.0, best - max(rivals)) / best, 3)


def _chosen(
    text: str,
    way: readings.Way,
    chosen: readings.Candidate,
    candidates: list[readings.Candidate],
    detected: list[tuple[str, float]],
) -> Decoded:
    """The decoded text with its confidence and the evidence: the rival readings and scores."""
    assessment = chosen.assessment
    if assessment.tokens >= MIN_TOKENS_TO_JUDGE and assessment.score < MIN_PLAUSIBILITY:
        raise BinaryInputError(
            f"binary data: no plausible text encoding (the best reading, {way.encoding}, "
            f"has no words of any language: plausibility {assessment.score:.2f})"
        )
    details: dict[str, Any] = {
        "language": assessment.language,
        "plausibility": assessment.score,
        "candidates": [
            {"encoding": c.ways[0].label, "score": round(c.score, 4)}
            for c in candidates[: readings.FINALISTS]
        ],
        "charset_normalizer": (
            {"encoding": detected[0][0], "confidence": detected[0][1]} if detected else None
        ),
    }
    if way.invalid_as is not None:
        details["invalid_bytes"] = f"read as {way.invalid_as}"
    method = "detected" if way.invalid_as is None else "mixed-utf-8"
    confidence = _confidence(candidates, chosen)
    return Decoded(text, way.encoding, confidence, method, details=details)
