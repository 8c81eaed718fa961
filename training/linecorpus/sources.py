"""The benchmark pages with gold under ../shared/benchmarks, read into one shape.

Each benchmark folder has its own layout and its own kind of gold (its README
says which); this module is the only place that knows them. A page comes out
as a :class:`Page` with the HTML bytes, the URL where the benchmark gives one,
the full gold text where there is one, a prefix gold (the start of the
content), ``with``/``without`` snippets, and metadata (title, author, language).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .render import Page as RenderedPage
from .render import render

SOURCES = (
    "scrapinghub-aeb",
    "wcxb-dev",
    "mozilla-readability",
    "chinese-wce-dataset",
    "goose3",
    "postlight-parser",
    "trafilatura-eval",
)


@dataclass
class Page:
    source: str
    page: str
    html: bytes
    url: str | None = None
    gold: str | None = None  # the full main text
    prefix: str | None = None  # only the start of the main text
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    lang: str | None = None  # from the benchmark's metadata
    page_type: str = "article"  # wcxb also has product, listing, forum, documentation, ...


def pages(benchmarks: Path, source: str) -> Iterator[Page]:
    """The pages of one benchmark, in sorted order of their ids."""
    folder = benchmarks / source
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: benchmark folder not found")
    yield from _READERS[source](folder)


def _read_gz(path: Path) -> bytes:
    with gzip.open(path, "rb") as f:
        return f.read()


def _aeb(folder: Path) -> Iterator[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        entry = truth[key]
        html = _read_gz(folder / "html" / f"{key}.html.gz")
        yield Page("scrapinghub-aeb", key, html, url=entry.get("url"), gold=entry["articleBody"])


def _wcxb(folder: Path) -> Iterator[Page]:
    files = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))["files"]
    for path in sorted((folder / "dev/ground-truth").glob("*.json.gz")):
        key = path.name.removesuffix(".json.gz")
        data = json.loads(_read_gz(path))
        truth = data["ground_truth"]
        yield Page(
            "wcxb-dev",
            key,
            _read_gz(folder / "dev/html" / f"{key}.html.gz"),
            url=data.get("url"),
            gold=truth.get("main_content") or None,
            with_snippets=list(truth.get("with") or []),
            without_snippets=list(truth.get("without") or []),
            title=truth.get("title") or None,
            author=truth.get("author") or None,
            page_type=files.get(key, {}).get("page_type") or "article",
        )


def _mozilla(folder: Path) -> Iterator[Page]:
    for directory in sorted((folder / "test/test-pages").iterdir()):
        expected = directory / "expected.html.gz"
        if not expected.exists():
            continue
        meta_path = directory / "expected-metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        yield Page(
            "mozilla-readability",
            directory.name,
            _read_gz(directory / "source.html.gz"),
            gold=html_to_text(_read_gz(expected)),
            title=meta.get("title") or None,
            author=meta.get("byline") or None,
            lang=meta.get("lang") or None,
        )


def _chinese(folder: Path) -> Iterator[Page]:
    for path in sorted((folder / "cleaned").glob("*.txt")):
        html = folder / "original" / f"{path.stem}.html"
        if html.exists():
            gold = path.read_text(encoding="utf-8", errors="replace")
            yield Page("chinese-wce-dataset", path.stem, html.read_bytes(), gold=gold, lang="zh")


def _goose(folder: Path) -> Iterator[Page]:
    for path in sorted((folder / "tests/data/content").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        expected = data.get("expected", {})
        html = path.with_suffix(".html")
        if not html.exists():
            continue
        yield Page(
            "goose3",
            path.stem,
            html.read_bytes(),
            url=data.get("url") or expected.get("final_url"),
            prefix=expected.get("cleaned_text") or None,
            title=expected.get("title") or None,
            lang=expected.get("meta_lang") or None,
        )


def _postlight(folder: Path) -> Iterator[Page]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    for name in sorted(gold):
        entry = gold[name]
        path = folder / "fixtures" / f"{name}.gz"
        if not path.exists():
            continue
        yield Page(
            "postlight-parser",
            name.removesuffix(".html"),
            _read_gz(path),
            url=entry.get("url"),
            prefix=entry.get("content_first_words") or None,
            title=entry.get("title") or None,
            author=entry.get("author") or None,
        )


def _trafilatura(folder: Path) -> Iterator[Page]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    for key in sorted(gold):
        entry = gold[key]
        yield Page(
            "trafilatura-eval",
            key,
            _read_gz(folder / "html" / f"{key}.html.gz"),
            url=entry.get("url"),
            with_snippets=list(entry.get("with") or []),
            without_snippets=list(entry.get("without") or []),
        )


_READERS = {
    "scrapinghub-aeb": _aeb,
    "wcxb-dev": _wcxb,
    "mozilla-readability": _mozilla,
    "chinese-wce-dataset": _chinese,
    "goose3": _goose,
    "postlight-parser": _postlight,
    "trafilatura-eval": _trafilatura,
}


def html_to_text(html: bytes) -> str:
    """A gold given as HTML, as text: one line per block, blank lines between paragraphs."""
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    if root is None:
        return ""
    page = RenderedPage.from_tree(root)
    return "\n".join(line.text for line in render(page, markdown=False))
