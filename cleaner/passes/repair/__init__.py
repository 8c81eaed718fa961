"""repair: undo encoding damage where the text is damaged, and only there.

Every repair is an Edit in category ``encoding`` whose ``details["chain"]`` is the chain of
encodings that undoes it (ftfy's explanation, e.g. ``[["encode", "sloppy-windows-1252"],
["decode", "utf-8"]]``) and whose ``reason`` says it in words:

- ``repair.mojibake``: UTF-8 read as a single-byte code page, once or more (ftfy), also
  when it sits inside otherwise good text (ftfy's ``decode_inconsistent_utf8``), and
  emoji read as Windows-1251 or a letter read as Mac Roman, which ftfy misses
  (:mod:`~cleaner.passes.repair.utf8_runs`).
- ``repair.codepage``: one legacy code page read as another ('Ñòàòüÿ' for 'Статья'), kept
  only when the words become clearly more plausible (:mod:`~cleaner.passes.repair.codepage`).
- ``repair.c1-controls``: Windows-1252 punctuation read as Latin-1 (C1 controls for
  quotes and dashes), the usual trace of a legacy run in otherwise decoded text.
- ``repair.entities``: HTML entities in plain text (``&amp;``, ``&eacute;``), as ftfy's
  ``unescape_html="auto"`` does for a whole text: not in a document that holds ``<``.
- ``repair.surrogates``: UTF-16 surrogate pairs left in the text.
- ``repair.unrecoverable``: a flag, text kept: U+FFFD, and '?' where letters were.
- ``repair.other``: any other ftfy repair (none expected with this configuration).

Bytes in a legacy code page inside a UTF-8 file reach this pass already decoded: if decode
read the whole file as Windows-1252, the UTF-8 parts are mojibake and are repaired here
paragraph by paragraph (a paragraph holding both kinds too); C1 controls become Windows-1252
punctuation; lost bytes (U+FFFD) are flagged. The pass repairs, it does not normalize: quotes,
ligatures, full-width forms, line breaks, NFC and control characters are left to ``normalize``.
Markdown code is left as it is (:mod:`cleaner.text.markdown`): it may quote mojibake on purpose.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ftfy import TextFixerConfig

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.limits import Budget
from cleaner.core.registry import register
from cleaner.passes.repair import utf8_runs
from cleaner.passes.repair.codepage import Reading, reread, rereadable
from cleaner.passes.repair.diff import hunks
from cleaner.passes.repair.ftfy_driver import fix_and_explain
from cleaner.passes.repair.gate import LOST_QUESTION_MARKS, damage, kinds
from cleaner.text.markdown import (
    Span,
    code_spans,
    fenced_blocks,
    is_indented_block,
    looks_like_markdown,
    outside,
)
from cleaner.text.paragraphs import paragraph_around

#: ftfy's encoding repairs only. Its other fixes normalize correct text (straight quotes,
#: expanded ligatures, ASCII for full-width forms, LF line breaks, NFC, no control
#: characters): that is the normalize pass's call, made once, with its own log entries.
#: Rounds of repair after the first, until the text shows nothing more to fix.
MAX_ROUNDS = 3

FTFY_CONFIG = TextFixerConfig(
    unescape_html="auto",
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


#: Signs of damage ftfy repairs; 'codepage' and 'lost' are not for it.
FTFY_KINDS = {"mojibake", "c1", "entity", "surrogate"}

_LOST = re.compile(rf"\ufffd+|{LOST_QUESTION_MARKS.pattern}")
_URL_LIKE = re.compile(r"[/=&@:#%]")

_NAMES = {
    "latin-1": "Latin-1",
    "macroman": "Mac Roman",
    "mac-roman": "Mac Roman",
    "cp437": "code page 437",
    "koi8-r": "KOI8-R",
    "iso-8859-2": "ISO-8859-2",
    "iso-8859-7": "ISO-8859-7",
}


def _name(encoding: str) -> str:
    """'sloppy-windows-1252' -> 'Windows-1252': the name a reader knows."""
    plain = encoding.removeprefix("sloppy-")
    return _NAMES.get(plain, plain.replace("windows", "Windows"))


@dataclass(frozen=True, slots=True)
class Fix:
    """``text[start:end]`` (in a segment) should read ``replacement``; how we know."""

    start: int
    end: int
    replacement: str
    chain: list[list[str]]
    reading: Reading | None = None
    kinds: list[str] = field(default_factory=list)


def _kinds(chain: list[list[str]]) -> list[str]:
    """Which repairs a chain made, most telling first."""
    steps = {tuple(step) for step in chain}
    decodes = {param for action, param in steps if action == "decode"}
    kinds = []
    if (
        any(d.startswith("utf-8") for d in decodes)
        or ("apply", "decode_inconsistent_utf8") in steps
    ):
        kinds.append("mojibake")
    if any(_is_codepage_step(step) for step in chain):
        kinds.append("codepage")
    if (
        "windows-1252" in decodes
        or {("transcode", "fix_c1_controls"), ("apply", "fix_c1_controls")} & steps
    ):
        kinds.append("c1-controls")
    if ("apply", "fix_surrogates") in steps:
        kinds.append("surrogates")
    if ("apply", "unescape_html") in steps:
        kinds.append("entities")
    if chain and not kinds:
        kinds.append("other")
    return kinds


def _reason(kind: str, chain: list[list[str]]) -> str:
    encodes = [_name(param) for action, param in chain if action == "encode"]
    if kind == "mojibake":
        if not encodes:  # decode_inconsistent_utf8: mojibake inside good text
            return "UTF-8 read as a single-byte code page, inside correct text"
        return "UTF-8 read as " + ", then as ".join(encodes)
    if kind == "codepage":
        index = next(i for i, step in enumerate(chain) if _is_codepage_step(step))
        return f"{_name(chain[index][1])} text read as {_name(chain[index - 1][1])}"
    return {
        "c1-controls": "Windows-1252 characters read as Latin-1 (C1 control characters)",
        "surrogates": "UTF-16 surrogates left in the text (a lone one cannot be recovered)",
        "entities": "HTML entities in plain text",
        "other": "repaired by ftfy",
    }[kind]


def _is_codepage_step(step: list[str]) -> bool:
    """A decode into a legacy code page: the second half of a re-reading."""
    return step[0] == "decode" and step[1] not in ("utf-8", "utf-8-variants", "windows-1252")


def _widen(text: str, start: int, end: int) -> Span:
    """Grow a span to whole words (runs of non-space characters)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


#: The line breaks normalize turns into newlines; repair must cut lines where it will.
_LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")
_SURROGATES = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")


def _lines(text: str) -> Iterator[Span]:
    """Each line's span, without its line break."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


@dataclass(frozen=True, slots=True)
class _Configs:
    first: TextFixerConfig
    after_reading: TextFixerConfig


@register("repair")
class Repair:
    """Repair encoding damage paragraph by paragraph, where a cheap gate finds any.

    Options (all keyword, all with defaults):

    - ``entities=True``: unescape HTML entities in plain text.
    - ``codepages=True``: re-read legacy code pages that were read as Windows-1252.
    - ``flag_unrecoverable=True``: flag U+FFFD and '?' where letters were.
    - ``protect_code=True``: leave Markdown code spans and code blocks alone.
    - ``max_segment=2000``: paragraphs longer than this are repaired line by line.
    """

    name: ClassVar[str] = "repair"

    def __init__(
        self,
        *,
        entities: bool = True,
        codepages: bool = True,
        flag_unrecoverable: bool = True,
        protect_code: bool = True,
        max_segment: int = 2000,
    ) -> None:
        plain = FTFY_CONFIG._replace(unescape_html="auto" if entities else False)
        markup = FTFY_CONFIG._replace(unescape_html=False)
        #: ftfy's configurations for a document without and with '<': first for a segment,
        #: then for what a code page re-reading gives (no more UTF-8 decoding).
        self.configs = {
            has_markup: _Configs(config, config._replace(fix_encoding=False))
            for has_markup, config in ((False, plain), (True, markup))
        }
        self.codepages = codepages
        self.flag_unrecoverable = flag_unrecoverable
        self.protect_code = protect_code
        self.max_segment = max_segment

    def edits(self, doc: Document) -> list[Edit]:
        """Edits for every damaged paragraph. Entities are decided for the whole document,
        as ftfy decides for the text it is given: a document holding '<' may be HTML
        source, whose entities are meant (a paragraph of it often holds no tag)."""
        text = doc.text
        configs = self.configs["<" in text]
        fences = fenced_blocks(text) if self.protect_code else []
        fence_starts = [start for start, _ in fences]
        indented_code = self.protect_code and looks_like_markdown(text, fences)
        edits: list[Edit] = []
        position = 0
        while (hit := next(damage(text, position), None)) is not None:
            doc.budget.check()
            index = bisect.bisect_right(fence_starts, hit[0]) - 1
            if index >= 0 and hit[0] < fences[index][1]:
                position = fences[index][1]
                continue
            start, end = paragraph_around(text, hit[0])
            if not (indented_code and is_indented_block(text[start:end])):
                edits.extend(self._paragraph(text, start, end, fences, configs, doc.budget))
            position = end
        if self.protect_code and (fences or indented_code or "`" in text):
            edits.extend(_surrogates_in_code(text, edits))
        return edits

    def _paragraph(
        self,
        text: str,
        start: int,
        end: int,
        fences: list[Span],
        configs: _Configs,
        budget: Budget,
    ) -> list[Edit]:
        """Edits for a paragraph's plain text: everything but fenced blocks and code spans.

        A stretch longer than ``PIECE_CHARS`` (a page with its newlines stripped) is
        repaired a piece at a time, cut after spaces: ftfy's time grows faster than the
        text, and a piece is where the document's clock is read."""
        edits: list[Edit] = []
        for low, high in outside(start, end, fences):
            spans = list(code_spans(text, low, high)) if self.protect_code else []
            for piece_start, piece_end in outside(low, high, spans):
                for begin, stop in budget.pieces(text, piece_start, piece_end):
                    edits.extend(self._piece(text[begin:stop], begin, configs))
        return edits

    def _piece(self, segment: str, offset: int, configs: _Configs) -> list[Edit]:
        """Edits for one stretch of plain text (no code) at ``offset`` in the document."""
        found = kinds(segment)
        if not found:
            return []
        fixes = self._fixes(segment, found, configs)
        edits = [edit for fix in fixes for edit in _edits(segment, fix, offset)]
        if self.flag_unrecoverable:
            edits.extend(_flags(segment, offset, edits))
        return edits

    def _fixes(self, segment: str, found: set[str], configs: _Configs) -> list[Fix]:
        """The whole segment at once; line by line if it is long or that left damage."""
        if len(segment) <= self.max_segment:
            whole = self._fix(segment, found, configs)
            # Any line break counts, U+2028 too: normalize turns them all into
            # newlines, and the output must repair the same way the input did.
            single_line = _LINE_BREAK.search(segment) is None
            if single_line or not self._worth_lines(whole.replacement):
                return [whole] if whole.replacement != segment else []
        fixes = []
        for start, end in _lines(segment):
            line = segment[start:end]
            fix = self._fix(line, kinds(line), configs)
            if fix.replacement != line:
                fixes.append(Fix(start, end, fix.replacement, fix.chain, fix.reading, fix.kinds))
        return fixes

    def _worth_lines(self, repaired: str) -> bool:
        """Whether lines on their own may fare better: ftfy or the re-reading failed on the
        whole because one line holds a character the others' encoding cannot."""
        left = kinds(repaired)
        return bool(left & FTFY_KINDS) or (
            self.codepages and "codepage" in left and not rereadable(repaired)
        )

    def _fix(self, text: str, found: set[str], configs: _Configs) -> Fix:
        """Fix until the result shows nothing more to fix (at most a few rounds).

        One round may uncover more: a paragraph holding both a legacy code page and
        UTF-8 read as Windows-1252 gets the first re-read, then the second repaired.
        Cleaning the output again must change nothing, so this pass goes on itself.
        """
        fix = _without_uncovered_invisibles(text, self._fix_once(text, found, configs))
        for _ in range(MAX_ROUNDS):
            left = kinds(fix.replacement)
            again = self._fix_once(fix.replacement, left, configs) if left else None
            if again is not None:
                again = _without_uncovered_invisibles(fix.replacement, again)
            if again is None or again.replacement == fix.replacement:
                break
            merged = fix.kinds + [k for k in again.kinds if k not in fix.kinds]
            reading = fix.reading or again.reading
            fix = Fix(0, len(text), again.replacement, fix.chain + again.chain, reading, merged)
        return fix

    def _fix_once(self, text: str, found: set[str], configs: _Configs) -> Fix:
        """ftfy where it has something to do; then a legacy code page re-reading where the
        text still shows signs of one.

        When ftfy decoded UTF-8, the re-reading is tried on the text as it was first: ftfy
        takes some legacy text for UTF-8 ('ìàº' in Ukrainian read as Windows-1252). C1
        controls count as such signs: they may be Mac Roman letters read as Latin-1.
        """
        fixed, chain = utf8_runs.apply(text) if "utf8" in found else (text, [])
        if found & FTFY_KINDS:
            fixed, steps = fix_and_explain(fixed, configs.first)
            chain = chain + steps
        done = _kinds(chain)
        if self.codepages and (
            done == ["c1-controls"]
            or "codepage" in kinds(fixed)
            # Signs ftfy could do nothing with, or C1 controls it took for UTF-8: Shift_JIS
            # read as Latin-1 ('‚Í\x81A' for 'は、', which ftfy makes '‚́A').
            or ("mojibake" in found and fixed == text)
            or ("c1" in found and "mojibake" in done)
        ):
            starts = [(text, []), (fixed, chain)] if "mojibake" in done else [(fixed, chain)]
            for start, before in starts:
                reading = reread(start)
                if reading is not None:
                    rest, steps = fix_and_explain(reading.text, configs.after_reading)
                    full = before + reading.chain + steps
                    return Fix(0, len(text), rest, full, reading, _kinds(full))
        return Fix(0, len(text), fixed, chain, None, done)


#: Invisible characters that mojibake stands for ('ï»¿' is U+FEFF, 'â€‹' U+200B): the
#: ``controls`` pass removes them before repair because they hide mojibake around them.
_HIDING = "\ufeff\u200b\u2060\u180e"
_HIDING_RUN = re.compile(f"[{_HIDING}]+")


def _without_uncovered_invisibles(before: str, fix: Fix) -> Fix:
    """A fix whose repair made invisible characters, with them removed: a mid-text BOM
    read as Windows-1252 ('ï»¿') is no text, and one inside another mojibake sequence
    ('âï»¿ˆ®' for '∮') would hide it until normalize removed it, a clean later."""
    replacement = fix.replacement
    if not any(replacement.count(c) > before.count(c) for c in _HIDING):
        return fix
    if any(c in before for c in _HIDING):  # already there: normalize removes them, logged
        return fix
    chain = [*fix.chain, ["apply", "remove_invisible"]]
    return Fix(fix.start, fix.end, _HIDING_RUN.sub("", replacement), chain, fix.reading, fix.kinds)


def _edits(segment: str, fix: Fix, offset: int) -> Iterator[Edit]:
    """One edit per changed region of a fix, in document coordinates."""
    if not fix.kinds:
        return
    kind = fix.kinds[0]
    details: dict[str, Any] = {"chain": fix.chain}
    score = None
    if fix.reading is not None:
        score = round(fix.reading.score, 3)
        details.update(
            language=fix.reading.language,
            known_share=score,
            known_share_before=round(fix.reading.baseline, 3),
        )
    reason = "; ".join(_reason(k, fix.chain) for k in fix.kinds)
    old = segment[fix.start : fix.end]
    base = offset + fix.start
    for i1, i2, j1, j2 in hunks(old, fix.replacement):
        yield Edit(
            base + i1,
            base + i2,
            fix.replacement[j1:j2],
            rule=f"repair.{kind}",
            category="encoding",
            reason=reason,
            score=score,
            details=details,
        )


def _surrogates_in_code(text: str, edits: list[Edit]) -> Iterator[Edit]:
    """Surrogates in the code the pass leaves alone, joined as a pair or a lone one made
    U+FFFD: no UTF can write them, so code cannot be quoting them on purpose, and the
    output must be valid UTF-8. Outside code ftfy has already done this.
    """
    covered = sorted((e.start, e.end) for e in edits if e.changes_text)
    starts = [start for start, _ in covered]
    for match in _SURROGATES.finditer(text):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0 and match.start() < covered[index][1]:
            continue
        pair = match.group()
        joined = pair.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        yield Edit(
            match.start(),
            match.end(),
            joined if len(pair) == 2 else "\ufffd",
            "repair.surrogates",
            "encoding",
            _reason("surrogates", []),
            details={"chain": [["apply", "fix_surrogates"]], "in_code": True},
        )


def _flags(segment: str, offset: int, edits: list[Edit]) -> Iterator[Edit]:
    """Flags for characters lost before the text reached us, and for losses a repair shows."""
    flagged: set[Span] = set()
    lost = _LOST.finditer(segment) if "\ufffd" in segment or "?" in segment else ()
    for match in lost:
        start, end = _widen(segment, *match.span())
        word = segment[start:end]
        if (start, end) in flagged or (match.group()[0] == "?" and _URL_LIKE.search(word)):
            continue
        flagged.add((start, end))
        yield _flag(offset + start, offset + end, word)
    for edit in edits:
        before = segment[edit.start - offset : edit.end - offset]
        if (edit.replacement or "").count("\ufffd") > before.count("\ufffd"):
            yield _flag(edit.start, edit.end, edit.replacement or "")


def _flag(start: int, end: int, word: str) -> Edit:
    if "\ufffd" in word:
        reason = "U+FFFD: the original characters were lost before this text was saved"
        kind = "replacement-character"
    else:
        reason = "'?' in place of letters an encoder could not represent"
        kind = "question-marks"
    return Edit(
        start,
        end,
        None,
        rule="repair.unrecoverable",
        category="encoding",
        reason=reason,
        details={"kind": kind},
    )
