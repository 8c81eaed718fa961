"""trafilatura's extractions of a page, cached on disk: the slow part of the build.

Three runs per page: cleaner's own ``html`` pass with its defaults (exactly what
cleaner receives for HTML input), and trafilatura in recall mode with comments,
tables, links and images, as Markdown and as text. The page metadata the
renderings need (title, author, date, description, image, URL) is read once
here too. A cache entry is keyed by the page bytes and trafilatura's version.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from cleaner.passes.decode import BinaryInputError, Decode
from cleaner.passes.html import Html

_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
#: Bump when what is cached changes.
CACHE_VERSION = 1
RECALL = {
    "favor_recall": True,
    "include_comments": True,
    "include_tables": True,
    "include_links": True,
    "include_images": True,
}
#: The metadata fields kept (others, like the file date, change from run to run).
METADATA_FIELDS = (
    "title",
    "author",
    "url",
    "description",
    "sitename",
    "date",
    "categories",
    "image",
)


def decode(html: bytes) -> str:
    return decoded(html)[0]


def decoded(html: bytes) -> tuple[str, str]:
    """The page as cleaner's decode pass reads it, and how it was read.

    A page cleaner refuses as binary (a GB2312 page with one broken byte) is read in
    the charset it declares, broken bytes replaced, so that its gold is not lost.
    """
    try:
        return Decode().decode(html).text, "cleaner"
    except BinaryInputError:
        found = _CHARSET.search(html[:4096])
        charset = found.group(1).decode("ascii") if found else "utf-8"
        try:
            return html.decode(charset, errors="replace"), f"refused by cleaner; {charset}"
        except LookupError:
            return html.decode("utf-8", errors="replace"), "refused by cleaner; utf-8"


def extractions(html: bytes) -> dict[str, Any]:
    """The three extractions and the metadata of one page."""
    text = decode(html)
    cleaner_text, _ = Html().extract(text)
    tree = load_html(text)
    metadata = extract_metadata(tree) if tree is not None else None
    meta = metadata.as_dict() if metadata is not None else {}
    return {
        "cleaner-default": cleaner_text or "",
        "trafilatura-recall-md": trafilatura.extract(text, output_format="markdown", **RECALL)
        or "",
        "trafilatura-recall-txt": trafilatura.extract(text, output_format="txt", **RECALL) or "",
        "metadata": {k: meta.get(k) for k in METADATA_FIELDS if meta.get(k)},
    }


def cached_extractions(html: bytes, cache: Path) -> dict[str, Any]:
    """:func:`extractions`, from ``cache`` when this page was extracted before."""
    key = hashlib.sha256(html).hexdigest()
    path = cache / key[:2] / f"{key}.json"
    stamp = {"version": CACHE_VERSION, "trafilatura": trafilatura.__version__}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("stamp") == stamp:
                return data["extractions"]
        except (OSError, ValueError, KeyError):
            pass
    found = extractions(html)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    temporary.write_text(json.dumps({"stamp": stamp, "extractions": found}), encoding="utf-8")
    temporary.replace(path)
    return found
