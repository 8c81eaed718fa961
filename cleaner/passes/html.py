"""html: keep only the main content of an HTML page, using trafilatura.

Scraped pages arrive as HTML far more often than as text. The text passes
clean lines of prose; they cannot find an article inside a page of menus and
scripts, and trafilatura does that better than any line filter. So an HTML
document is replaced by trafilatura's extraction first, and the text passes
then clean what it returns. Plain text and Markdown never go through it: a
Markdown file with some inline HTML is still Markdown.

The pass proposes one edit replacing the whole text. The log therefore holds
the page itself, so output + log still restore the decoded input. The edit's
category is ``html``: removing a page's furniture is the point of this pass,
so the safety valve must not count it as removed content (``FORM_CATEGORIES``).

When trafilatura finds nothing, the page is not wiped: a ``html.no-content``
flag is logged and the text is left for the later passes, which still clean
what they can. Losing a document silently is worse than keeping markup.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import trafilatura
from trafilatura.metadata import extract_title
from trafilatura.utils import load_html

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.registry import register
from cleaner.passes.normalize import CONTROLS, INVISIBLE

CATEGORY = "html"
DETECT_MODES = ("auto", "always", "never")
#: Output formats that are still text for the text passes to clean.
OUTPUT_FORMATS = ("txt", "markdown")
EXTENSIONS = (".html", ".htm", ".xhtml")
#: How far into the text sniffing looks for the start of a page.
SNIFF_CHARS = 2048

_PROLOGUE = re.compile(r"(?:\s+|\ufeff|<\?xml[^>]*>|<!--.*?-->)*", re.DOTALL)
_PAGE_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HEAD_OR_BODY = re.compile(r"<(?:head|body)[\s>]", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[a-zA-Z!/]")
# Characters the controls and normalize passes delete: the sniff looks past them, so that
# a text is a page on the first clean as on the second, when they are gone.
_DELETED_LATER = re.compile(f"[{re.escape(CONTROLS + INVISIBLE)}]+")


def sniffs_as_html(text: str) -> bool:
    """True when the text starts like a page: a doctype, ``<html``, or an early head/body tag.

    Only the very start counts (after whitespace, a BOM, an XML declaration or
    comments), so Markdown or prose that contains some HTML is not a page.
    """
    head = _DELETED_LATER.sub("", text[:SNIFF_CHARS])
    start = _PROLOGUE.match(head).end()  # type: ignore[union-attr]
    if _PAGE_START.match(head, start):
        return True
    return head.startswith("<", start) and _HEAD_OR_BODY.search(head, start) is not None


#: Compression suffixes a corpus file may add after its own extension (``page.html.gz``).
_COMPRESSED = re.compile(r"\.(?:gz|zst)$")


def has_html_extension(doc_id: str) -> bool:
    return _COMPRESSED.sub("", doc_id.lower()).endswith(EXTENSIONS)


def is_html(doc: Document, detect: str = "auto") -> bool:
    """Whether ``doc`` goes through extraction under the ``detect`` mode.

    By extension the text must still hold a tag: a page already extracted to
    text (a second run on our own output under the same name) is left alone.
    """
    if detect != "auto":
        return detect == "always"
    if has_html_extension(doc.id) and _ANY_TAG.search(doc.text):
        return True
    return sniffs_as_html(doc.text)


@register("html")
class Html:
    """Options: ``detect`` (auto, always, never), ``title`` (record the page title in
    metadata) and trafilatura's extraction settings, passed to ``trafilatura.extract``.
    """

    name: ClassVar[str] = "html"

    def __init__(
        self,
        *,
        detect: str = "auto",
        title: bool = True,
        include_comments: bool = False,
        include_tables: bool = True,
        include_links: bool = False,
        include_images: bool = False,
        favor_precision: bool = False,
        favor_recall: bool = False,
        deduplicate: bool = False,
        output_format: str = "txt",
    ) -> None:
        if detect not in DETECT_MODES:
            raise ValueError(f"detect must be one of {DETECT_MODES}, not {detect!r}")
        if output_format not in OUTPUT_FORMATS:
            raise ValueError(f"output_format must be one of {OUTPUT_FORMATS} (text to clean)")
        if favor_precision and favor_recall:
            raise ValueError("favor_precision and favor_recall exclude each other")
        self.detect = detect
        self.title = title
        self.settings: dict[str, Any] = {
            "include_comments": include_comments,
            "include_tables": include_tables,
            "include_links": include_links,
            "include_images": include_images,
            "favor_precision": favor_precision,
            "favor_recall": favor_recall,
            "deduplicate": deduplicate,
            "output_format": output_format,
        }

    def extract(self, html: str) -> tuple[str | None, str | None]:
        """The main text of a page and its title (either may be None)."""
        tree = load_html(html)
        if tree is None:
            return None, None
        title = extract_title(tree) if self.title else None
        # extract() cleans a copy of the tree, so the title can be read first from the same parse
        return trafilatura.extract(tree, **self.settings), title

    def edits(self, doc: Document) -> list[Edit]:
        text = doc.text
        if not text.strip() or not is_html(doc, self.detect):
            return []
        extracted, title = self.extract(text)
        if title and not doc.metadata.get("title"):
            doc.metadata["title"] = title.strip()
        details: dict[str, Any] = {
            "trafilatura": trafilatura.__version__,
            "settings": dict(self.settings),
            "chars_in": len(text),
        }
        if not extracted or not extracted.strip():
            reason = "HTML page, but trafilatura found no main content: text kept as it is"
            return [Edit(0, 0, None, "html.no-content", CATEGORY, reason, details=details)]
        output = extracted.rstrip() + "\n"
        details["chars_out"] = len(output)
        reason = "main content extracted from HTML by trafilatura"
        return [Edit(0, len(text), output, "html.extract", CATEGORY, reason, details=details)]
