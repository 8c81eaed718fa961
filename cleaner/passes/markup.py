"""markup: Markdown and HTML that a scraper or feed tool left in running text.

Three steps, each on the output of the one before, so that what one step
uncovers is seen by the next (``&lt;br&gt;`` becomes a tag, a tag inside a
link's text goes before the link is unwrapped):

1. ``markup.entity``: HTML entities that repair left (it does not unescape a
   paragraph that also holds ``<``), decoded to the character normalize
   would keep (``&nbsp;`` becomes a space, ``&shy;`` nothing).
2. ``markup.html-tag``: tags of HTML elements (``<div class="x">``, ``<br>``,
   ``</p>``) and comments; the text around them stays, a line of tags only goes.
3. Markdown: lines made only of links (``markup.link-line``), images
   (``markup.image-line``) or empty links (``markup.empty-link``) with
   separators between them go, with their URLs in the log's details; a link
   inside a sentence is unwrapped to its text (``markup.inline-link``); a
   list bullet alone on a line goes (``markup.empty-bullet``).

Front matter, fenced and indented code blocks and code spans are content:
Markdown there is what the document says, so no step looks inside them. A
line whose edits would join its pieces into new markup (``<<b>p>``, backticks
that pair differently) is left as it is, so a second run has nothing to do.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import compress
from typing import ClassVar

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.registry import Pass, register
from cleaner.passes.normalize import CONTROLS, INVISIBLE
from cleaner.text.markdown import Span, code_spans, merge_spans, outside
from cleaner.text.view import TextView

CATEGORY = "markup"

# --- what is content: front matter and code ---------------------------------------------

#: A paragraph: a run of non-blank lines, with its final newline.
PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|\Z))+")


def front_matter_end(doc: Document) -> int:
    """Where the body starts: front matter (found by an earlier pass) is never ours to touch."""
    return int(doc.metadata.get("front_matter_end") or 0)


class Guard:
    """Answers "does this span touch protected text?" in O(log n) per question."""

    def __init__(self, spans: list[Span]) -> None:
        self.lows = [low for low, _ in spans]
        self.highs = [high for _, high in spans]

    def touches(self, start: int, end: int) -> bool:
        index = bisect_left(self.lows, end) - 1
        return index >= 0 and self.highs[index] > start


def _guard(doc: Document) -> tuple[Guard, int]:
    """Protected spans of ``doc`` (code blocks and code spans) and where its body starts."""
    text = doc.text
    body = front_matter_end(doc)
    blocks = doc.view.code_blocks(body)
    spans = list(blocks)
    if "`" in text:  # a code span never runs past its paragraph
        for low, high in outside(body, len(text), blocks):
            for paragraph in PARAGRAPH.finditer(text, low, high):
                spans.extend(code_spans(text, *paragraph.span()))
    return Guard(merge_spans(spans)), body


def _cut(text: str, start: int, end: int, spacer: str) -> tuple[int, int, str]:
    """Span and replacement that take ``text[start:end]`` out of its line cleanly.

    No doubled, leading or trailing space is left behind; between two words
    ``spacer`` keeps them apart (``one<br>two`` gives ``one two``).
    """
    left, right = start, end
    while left > 0 and text[left - 1] in " \t":
        left -= 1
    while right < len(text) and text[right] in " \t":
        right += 1
    at_start = left == 0 or text[left - 1] == "\n"
    at_end = right == len(text) or text[right] == "\n"
    if at_start and at_end:
        return left, right, ""
    if at_end:
        return left, end, ""
    if at_start or (left < start and right > end):
        return start, right, ""
    if left < start or right > end:
        return start, end, ""
    return start, end, spacer


_MARKS = ("`", "~")


def _keeps_code(text: str, edit: Edit) -> bool:
    """False when the edit would put a backtick or tilde next to another or open a fence.

    Code spans and fences would then pair differently, so a second run would
    see other code than this one did and clean again: no idempotence.
    """
    start, end, new = edit.start, edit.end, edit.replacement or ""
    before, after = text[start - 1 : start], text[end : end + 1]
    line_start = start == 0 or before == "\n"
    joins_left = before in _MARKS and (new[:1] or after) in _MARKS
    joins_right = after in _MARKS and new[-1:] in _MARKS
    opens_fence = line_start and (new + text[end : end + 3]).lstrip(" ")[:3] in ("```", "~~~")
    return not (joins_left or joins_right or opens_fence)


def _is_whole_line(text: str, edit: Edit) -> bool:
    return (edit.start == 0 or text[edit.start - 1] == "\n") and (
        edit.end == len(text) or text[edit.end - 1] == "\n"
    )


def _apply(text: str, start: int, end: int, edits: list[Edit]) -> str:
    """``text[start:end]`` with ``edits`` (sorted, inside it) applied."""
    pieces, cursor = [], start
    for edit in edits:
        pieces += [text[cursor : edit.start], edit.replacement or ""]
        cursor = edit.end
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _creates(patterns: tuple[re.Pattern[str], ...], old: str, new: str) -> bool:
    """Whether ``new`` holds a match that ``old`` did not (``<<b>p>`` gives ``<p>``)."""
    return any(
        Counter(m.group() for m in pattern.finditer(new))
        - Counter(m.group() for m in pattern.finditer(old))
        for pattern in patterns
    )


def _settle(text: str, edits: list[Edit], patterns: tuple[re.Pattern[str], ...]) -> list[Edit]:
    """The edits a second run would not add to: a line whose edits join its pieces into new
    markup for ``patterns``, or that touch code marks, is left as it is."""
    kept: list[Edit] = []
    lines: dict[int, list[Edit]] = defaultdict(list)
    for edit in edits:
        if _is_whole_line(text, edit):
            kept.append(edit)
        else:
            lines[text.rfind("\n", 0, edit.start) + 1].append(edit)
    for start, line_edits in lines.items():
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line_edits.sort(key=lambda e: e.start)
        if all(_keeps_code(text, e) for e in line_edits) and not _creates(
            patterns, text[start:end], _apply(text, start, end, line_edits)
        ):
            kept.extend(line_edits)
    return kept


# --- step 1: entities ---------------------------------------------------------------------

_ENTITY = r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_ENTITY_RUN = re.compile(rf"{_ENTITY}(?:[ \t]*{_ENTITY})*")
_ONE_ENTITY = re.compile(_ENTITY)
# Characters normalize removes; an entity must not bring them back.
_DROPPED = frozenset(INVISIBLE + CONTROLS)


def _decode(entity: str) -> str:
    """Unescape until nothing changes, so ``&amp;lt;`` gives ``<`` in one run, not two."""
    while True:
        decoded = html.unescape(entity)
        if decoded == entity:
            return decoded
        entity = decoded


def _plain(decoded: str) -> str | None:
    """The decoded text as normalize would leave it; None when that cannot be done locally."""
    out = []
    for char in unicodedata.normalize("NFC", decoded):
        if unicodedata.combining(char) or char == "\ufffd":
            return None  # it would compose with its neighbour, or it was never a character
        if char in _DROPPED:
            continue
        out.append(" " if char.isspace() and char != "\u3000" else char)
    return "".join(out)


def _decode_run(run: str) -> str | None:
    """A run of entities (and the spaces between them) as plain text."""
    pieces = []
    cursor = 0
    for match in _ONE_ENTITY.finditer(run):
        plain = _plain(_decode(match.group()))
        if plain is None:
            return None
        pieces += [run[cursor : match.start()], plain]
        cursor = match.end()
    pieces.append(run[cursor:])
    return re.sub("[ \t]{2,}", " ", "".join(pieces))


class _Entities:
    """Decode HTML entities left in the text, runs of them as one edit."""

    name: ClassVar[str] = "markup"

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if "&" not in text or ";" not in text:
            return []
        guard, body = _guard(doc)
        edits = []
        for match in _ENTITY_RUN.finditer(text, body):
            start, end = match.span()
            if guard.touches(start, end):
                continue
            plain = _decode_run(match.group())
            if plain is None:
                continue
            edit = self._edit(text, start, end, plain)
            if edit is not None:
                edits.append(edit)
        return _settle(text, edits, (_ENTITY_RUN,))

    @staticmethod
    def _edit(text: str, start: int, end: int, plain: str) -> Edit | None:
        if not plain.strip():
            start, end, plain = _cut(text, start, end, " ")
            if (start == 0 or text[start - 1] == "\n") and text[end : end + 1] in ("\n", ""):
                end = min(end + 1, len(text))  # a line of spaces only: the line goes
        else:
            if plain[0] == " " and (start == 0 or text[start - 1] in " \t\n"):
                plain = plain[1:]
            if plain[-1] == " " and text[end : end + 1] in (" ", "\t", "\n", ""):
                plain = plain[:-1]
        if plain == text[start:end]:
            return None
        return Edit(
            start, end, plain, "markup.entity", CATEGORY, "HTML entity left undecoded", group=True
        )


# --- step 2: HTML tags --------------------------------------------------------------------

# Elements that scraped pages leave behind. Names that also serve as
# placeholders in prose or documentation (<name>, <title>, <code>, <path>)
# are left out; so are script and style, whose content would stay behind.
_INLINE_TAGS = "a abbr b cite del em font i ins mark s small span strike strong sub sup u"
_BLOCK_TAGS = (
    "article aside blockquote br center dd div dl dt figcaption figure footer h1 h2 h3 h4 h5"
    " h6 header hr iframe img li nav noscript ol p picture section source table tbody td tfoot"
    " th thead tr ul wbr"
)
# Attributes need a value, at least the first one: "a<b and c>d" is a comparison, not a tag.
_VALUE = r"""(?:"[^"\n]*"|'[^'\n]*'|[^\s"'<>=`]+)"""
_ATTRIBUTE = rf"[ \t]+[A-Za-z_:][-\w:.]*(?:[ \t]*=[ \t]*{_VALUE})"
_ATTRIBUTES = rf"(?:{_ATTRIBUTE}(?:{_ATTRIBUTE}|[ \t]+[A-Za-z_:][-\w:.]*)*)?[ \t]*/?"
_TAG = (
    r"(?:<!--[^\n]*?-->"
    rf"|</?(?:{'|'.join((_INLINE_TAGS + ' ' + _BLOCK_TAGS).split())}){_ATTRIBUTES}>)"
)
_TAG_RUN = re.compile(rf"{_TAG}(?:[ \t]*{_TAG})*", re.IGNORECASE)
_INLINE_RUN = re.compile(
    rf"(?:</?(?:{'|'.join(_INLINE_TAGS.split())}){_ATTRIBUTES}>[ \t]*)+", re.IGNORECASE
)


class _Tags:
    """Remove HTML tags and comments, keeping the text between them."""

    name: ClassVar[str] = "markup"

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if "<" not in text:
            return []
        guard, body = _guard(doc)
        edits = []
        for match in _TAG_RUN.finditer(text, body):
            start, end = match.span()
            if guard.touches(start, end):
                continue
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
            if not text[line_start:start].strip() and not text[end:line_end].strip():
                start, end, plain = line_start, min(line_end + 1, len(text)), ""
                reason = "a line of HTML tags only"
            else:
                spacer = "" if _INLINE_RUN.fullmatch(match.group()) else " "
                start, end, plain = _cut(text, start, end, spacer)
                reason = "HTML tag left in text"
            edits.append(Edit(start, end, plain, "markup.html-tag", CATEGORY, reason))
        return _settle(text, edits, (_TAG_RUN, _ENTITY_RUN))


# --- step 3: Markdown ---------------------------------------------------------------------

# A URL may hold balanced parentheses (Wikipedia links) or be written <like this>.
_URL = r"(?:<[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)"
_TITLE = r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?"""


def _destination(group: str) -> str:
    return rf"\([ \t]*(?P<{group}>{_URL}){_TITLE}[ \t]*\)"


_IMAGE = r"!\[[^\[\]\n]*\]"
_ITEM = re.compile(
    rf"(?<!\\)\[{_IMAGE}{_destination('inner')}\]{_destination('outer')}"
    # An image whose URL the scraper lost: "![](" at the end of a line.
    rf"|(?<!\\){_IMAGE}(?:{_destination('src')}|\((?=\s|\Z))"
    rf"|(?<![\\!\[\]])\[(?P<text>[^\[\]\n]*)\]{_destination('href')}"
)
_SEPARATORS = re.compile(r"[\s|·•/,;:>»«–—*+-]*")
_BULLETS = frozenset("-*+•·◦‣▪")


def _urls(match: re.Match[str]) -> list[str]:
    found = (match.group(g) for g in ("inner", "outer", "src", "href"))
    return [url.strip("<>") for url in found if url]


def _only_items(text: str, start: int, end: int, items: list[re.Match[str]]) -> bool:
    """True when nothing but separators stands between the items of a line."""
    cursor = start
    for item in items:
        if not _SEPARATORS.fullmatch(text, cursor, item.start()):
            return False
        cursor = item.end()
    return _SEPARATORS.fullmatch(text, cursor, end) is not None


def _line_rule(items: list[re.Match[str]]) -> tuple[str, str]:
    if any(item.group("text") is None for item in items):
        return "markup.image-line", "a line of Markdown images only"
    if not any(item.group("text").strip() for item in items):
        return "markup.empty-link", "a line of empty Markdown links only"
    return "markup.link-line", "a line of Markdown links only"


def _markdown_lines(view: TextView, first: int) -> list[int]:
    """The lines from ``first`` on that this step may change: those holding a link or an
    image (every one has ``](``) and those that are a bullet alone."""
    lines = view.lines
    found = set(
        compress(range(first, len(lines)), map(_BULLETS.__contains__, lines.content[first:]))
    )
    text = view.text
    at = text.find("](", lines.start(first) if first < len(lines) else len(text))
    while at >= 0:
        n = lines.index_at(at)
        found.add(n)
        at = text.find("](", lines.start(n + 1))
    return sorted(found)


def _is_list_item(line: str) -> bool:
    stripped = line.lstrip()
    return stripped[:1] in _BULLETS and stripped[1:2] in (" ", "")


class _Markdown:
    """Link-only, image-only and empty-bullet lines go; links in sentences keep their text."""

    name: ClassVar[str] = "markup"

    def __init__(self, inline_links: bool) -> None:
        self.inline_links = inline_links

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if "](" not in text and not any(bullet in text for bullet in _BULLETS):
            return []
        guard, body = _guard(doc)
        lines = doc.view.lines
        first = lines.index_at(body) if body < len(text) else len(lines)
        edits: list[Edit] = []
        previous = ""  # the last line that stays: a lone "-" under text is a heading underline
        last = first - 1  # the line looked at last; the lines between stay as they are
        for n in _markdown_lines(doc.view, first):
            doc.budget.check()
            if n - 1 > last:
                previous = lines.raw[n - 1]
            last = n
            start, end = lines.start(n), lines.end(n)
            stop = min(end + 1, len(text))
            if guard.touches(start, stop):
                edits.extend(self._inline(text, start, end, guard))
            else:
                whole = self._line(text, start, end, stop, previous)
                inline = [] if whole else list(self._inline(text, start, end, guard))
                whole = whole or self._emptied(text, start, end, stop, previous, inline)
                if whole is not None:
                    edits.append(whole)
                    continue
                edits.extend(inline)
            previous = text[start:end]
        return _settle(text, edits, (_ITEM, _TAG_RUN, _ENTITY_RUN))

    def _emptied(
        self, text: str, start: int, end: int, stop: int, previous: str, inline: list[Edit]
    ) -> Edit | None:
        """The whole line, when what its inline edits leave is markup only (``![]([](u)``)."""
        if not inline:
            return None
        rest = _apply(text, start, end, inline)
        found = self._line(rest, 0, len(rest), len(rest), previous)
        if found is None:
            return None
        urls = [url for edit in (*inline, found) if edit.details for url in edit.details["urls"]]
        return Edit(start, stop, "", found.rule, CATEGORY, found.reason, details={"urls": urls})

    @staticmethod
    def _line(text: str, start: int, end: int, stop: int, previous: str) -> Edit | None:
        """The edit that removes this whole line, if it is markup only."""
        content = text[start:end].strip()
        if content in _BULLETS:
            if content == "-" and previous.strip() and not _is_list_item(previous):
                return None
            return Edit(
                start, stop, "", "markup.empty-bullet", CATEGORY, "a list bullet with no text"
            )
        if "](" not in content and "![" not in content:
            return None
        items = list(_ITEM.finditer(text, start, end))
        if not items or not _only_items(text, start, end, items):
            return None
        rule, reason = _line_rule(items)
        urls = [url for item in items for url in _urls(item)]
        return Edit(start, stop, "", rule, CATEGORY, reason, details={"urls": urls})

    def _inline(self, text: str, start: int, end: int, guard: Guard) -> Iterator[Edit]:
        """Unwrap links inside a sentence; empty links (with no text to keep) go."""
        if "](" not in text[start:end]:
            return
        empty: list[re.Match[str]] = []
        for item in _ITEM.finditer(text, start, end):
            label = item.group("text")
            if label is None or guard.touches(*item.span()):
                continue
            if not label.strip():
                empty.append(item)
            elif self.inline_links:
                yield Edit(
                    *item.span(),
                    label.strip(),
                    "markup.inline-link",
                    CATEGORY,
                    "Markdown link in a sentence: its text stays",
                    details={"urls": _urls(item)},
                )
        yield from _empty_links(text, empty)


def _empty_links(text: str, items: list[re.Match[str]]) -> Iterator[Edit]:
    """One edit per run of empty links that only spaces separate, so their cuts never meet."""
    runs: list[list[re.Match[str]]] = []
    for item in items:
        if runs and not text[runs[-1][-1].end() : item.start()].strip(" \t"):
            runs[-1].append(item)
        else:
            runs.append([item])
    for run in runs:
        start, end, plain = _cut(text, run[0].start(), run[-1].end(), "")
        urls = [url for item in run for url in _urls(item)]
        yield Edit(
            start,
            end,
            plain,
            "markup.empty-link",
            CATEGORY,
            "Markdown link with no text",
            details={"urls": urls},
        )


@register("markup")
class Markup:
    """Markdown and HTML leftovers; see the module docstring for the rules.

    Options: ``entities`` (decode HTML entities), ``html_tags`` (remove tags),
    ``inline_links`` (unwrap links inside sentences; off leaves them as they are).
    Link-only, image-only and empty-bullet lines always go.
    """

    name: ClassVar[str] = "markup"

    def __init__(
        self, *, entities: bool = True, html_tags: bool = True, inline_links: bool = True
    ) -> None:
        steps: list[Pass] = []
        if entities:
            steps.append(_Entities())
        if html_tags:
            steps.append(_Tags())
        steps.append(_Markdown(inline_links))
        self.stages: tuple[Pass, ...] = tuple(steps)
