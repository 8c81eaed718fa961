"""Render an HTML tree to lines, remembering which element each line came from.

One walker serves three needs: a whole-page Markdown rendering (what a crawler's
HTML-to-Markdown step gives), newspaper-style paragraphs (the text of the block
elements of an article's container, one paragraph each), and a gold given as
HTML (mozilla's ``expected.html``) turned into text. Because every line keeps
the path of elements it came from, a boilerplate line's category can be read
off its element (a ``nav``, a ``class="share-buttons"``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

#: Not rendered at all: code, styles, hidden templates, embedded media.
SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "head",
        "select",
        "audio",
        "video",
        "source",
        "track",
        "map",
    ]
)
#: Blocks whose lines stand apart with a blank line (a paragraph break).
PARAGRAPH_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "figure",
        "hr",
        "article",
        "section",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "form",
        "fieldset",
        "details",
        "address",
    ]
)
#: Blocks that end a line without a blank line after it.
LINE_BLOCKS = frozenset(
    [
        "div",
        "li",
        "tr",
        "dt",
        "dd",
        "figcaption",
        "caption",
        "summary",
        "legend",
        "center",
        "body",
        "html",
        "label",
        "option",
        "tbody",
        "thead",
        "tfoot",
    ]
)
BLOCKS = PARAGRAPH_BLOCKS | LINE_BLOCKS
HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"\s+")
_CLASS_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class ElementInfo:
    """What category evidence needs of an element: tag, class/id words, parent."""

    tag: str
    words: tuple[str, ...]
    parent: int


@dataclass(frozen=True)
class Line:
    text: str
    path: tuple[int, ...] = ()  # element indices from the root to the line's innermost element


@dataclass
class Page:
    """A parsed page: its root and an index of its elements."""

    root: etree._Element
    elements: list[ElementInfo] = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)  # id(element) -> element index
    # lxml makes a new proxy object per access unless one is alive: holding every proxy
    # keeps id(element) stable for the index.
    nodes: list[etree._Element] = field(default_factory=list)

    @classmethod
    def from_tree(cls, root: etree._Element) -> Page:
        page = cls(root)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            number = len(page.elements)
            page.nodes.append(element)
            page.index[id(element)] = number
            parent = element.getparent()
            parent_number = page.index.get(id(parent), -1) if parent is not None else -1
            page.elements.append(_info(element, parent_number))
        return page

    def path(self, element: etree._Element) -> tuple[int, ...]:
        numbers = []
        number = self.index.get(id(element), -1)
        while number >= 0:
            numbers.append(number)
            number = self.elements[number].parent
        return tuple(reversed(numbers))


def _info(element: etree._Element, parent: int) -> ElementInfo:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    names = f"{element.get('class', '')} {element.get('id', '')}"
    words = tuple(w.lower() for w in _CLASS_SPLIT.split(names) if w)
    return ElementInfo(tag, words, parent)


def _hidden(element: etree._Element) -> bool:
    style = element.get("style", "").replace(" ", "").lower()
    return element.get("hidden") is not None or "display:none" in style


class _Writer:
    """Collects text pieces into lines; a pending break is written before the next text."""

    def __init__(self, page: Page, paragraph_breaks_only: bool) -> None:
        self.page = page
        self.lines: list[Line] = []
        self.pieces: list[str] = []
        self.paths: list[tuple[int, ...]] = []
        self.prefix = ""
        self.pending = 0  # 0 nothing, 1 new line, 2 blank line
        self.blank_always = paragraph_breaks_only

    def text(self, text: str, path: tuple[int, ...]) -> None:
        if not text:
            return
        if not self.pieces and not text.strip():
            return
        if not self.pieces:
            self._write_break()
        self.pieces.append(text)
        if text.strip():
            self.paths.append(path)

    def start_prefix(self, prefix: str) -> None:
        """A line marker (``# ``, ``* ``) for the line about to start."""
        if prefix:
            self.prefix = prefix

    def end_line(self, level: int) -> None:
        if self.pieces:
            text = _SPACE.sub(" ", "".join(self.pieces)).strip()
            if text:
                self.lines.append(Line(self.prefix + text, _common_prefix(self.paths)))
            self.pieces, self.paths = [], []
            self.prefix = ""
        self.pending = max(self.pending, 2 if self.blank_always else level)

    def raw_line(self, text: str, path: tuple[int, ...]) -> None:
        """A line kept as it is (preformatted text)."""
        self._write_break()
        self.lines.append(Line(text, path))
        self.pending = 1

    def _write_break(self) -> None:
        if self.pending == 2 and self.lines and self.lines[-1].text:
            self.lines.append(Line(""))
        self.pending = 0


def _common_prefix(paths: list[tuple[int, ...]]) -> tuple[int, ...]:
    if not paths:
        return ()
    first = paths[0]
    length = len(first)
    for path in paths[1:]:
        length = min(length, len(path))
        for k in range(length):
            if path[k] != first[k]:
                length = k
                break
    return first[:length]


def render(
    page: Page,
    roots: Iterable[etree._Element] | None = None,
    *,
    markdown: bool,
    paragraphs: bool = False,
) -> list[Line]:
    """Lines of the page (or of ``roots``, in order); blank lines separate paragraphs.

    ``markdown`` writes headings, list items, links, images and table rows the way
    an HTML-to-Markdown converter does; ``paragraphs`` puts a blank line between all
    blocks (newspaper-style output).
    """
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        writer = _Writer(page, paragraphs)
        for root in roots if roots is not None else [page.root]:
            _walk(root, page.path(root), writer, markdown, quote=0)
            writer.end_line(2)
    finally:
        sys.setrecursionlimit(limit)
    lines = writer.lines
    while lines and not lines[-1].text:
        lines.pop()
    return lines


def _walk(
    element: etree._Element, path: tuple[int, ...], out: _Writer, markdown: bool, quote: int
) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag is None or tag in SKIP or _hidden(element):
        return
    if tag == "br":
        out.end_line(1)
        return
    if tag == "hr":
        out.end_line(2)
        if markdown:
            out.raw_line("* * *", path)
        out.end_line(2)
        return
    if tag == "pre":
        out.end_line(2)
        for line in "".join(element.itertext()).splitlines():
            if line.strip():
                out.raw_line(line.rstrip(), path)
        out.end_line(2)
        return
    if markdown and tag == "tr":
        _table_row(element, path, out)
        return
    if markdown and tag == "img":
        alt = _SPACE.sub(" ", element.get("alt", "")).strip()
        src = element.get("src") or element.get("data-src") or ""
        if src:
            out.text(f"![{alt}]({src})", path)
        return
    block = tag in BLOCKS
    if block:
        out.end_line(2 if tag in PARAGRAPH_BLOCKS else 1)
        if tag == "blockquote":
            quote += 1
        if markdown:
            out.start_prefix(_marker(element, tag, quote))
    link = markdown and tag == "a" and element.get("href") and not _holds_block(element)
    if link:
        out.text("[", path)
    out.text(element.text or "", path)
    for child in element:
        child_path = (*path, out.page.index.get(id(child), -1))
        _walk(child, child_path, out, markdown, quote)
        if child.tail:
            out.text(child.tail, path)
    if link:
        out.text(f"]({element.get('href')})", path)
    if block:
        out.end_line(2 if tag in PARAGRAPH_BLOCKS else 1)


def _marker(element: etree._Element, tag: str, quote: int) -> str:
    marker = "> " * quote
    if tag in HEADINGS:
        return marker + "#" * HEADINGS[tag] + " "
    if tag == "li":
        parent = element.getparent()
        if parent is not None and parent.tag == "ol":
            items = [c for c in parent if c.tag == "li"]
            return marker + f"{items.index(element) + 1}. "
        return marker + "* "
    return marker


def _holds_block(element: etree._Element) -> bool:
    return any(
        isinstance(e.tag, str) and e.tag.lower() in BLOCKS for e in element.iterdescendants()
    )


def _table_row(row: etree._Element, path: tuple[int, ...], out: _Writer) -> None:
    cells = []
    for cell in row:
        if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
            cells.append(_SPACE.sub(" ", "".join(cell.itertext())).strip())
    if any(cells):
        out.end_line(1)
        out.text("| " + " | ".join(cells) + " |", path)
        out.end_line(1)
