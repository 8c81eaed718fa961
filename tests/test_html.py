"""The html pass: pages go through trafilatura, text and Markdown never do."""

from __future__ import annotations

import gzip
import json
import pickle

import pytest

import cleaner.passes.html  # noqa: F401  (registers the pass)
from cleaner.core.document import Document
from cleaner.core.pipeline import Pipeline
from cleaner.core.registry import create
from cleaner.core.restore import restore
from cleaner.core.safety import SafetyValve
from cleaner.passes.html import Html, is_html, sniffs_as_html
from tests.conftest import shared_path

NO_VALVE = SafetyValve(max_removed_share=1.0)
ARTICLE = " ".join(
    f"Sentence {i} of the article says something about the harbour and its ships."
    for i in range(40)
)
PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Harbour news</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/about'>About</a></nav>"
    f"<article><h1>Harbour news</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article>"
    "<footer>Copyright 2024 Example Ltd. All rights reserved.</footer>"
    "<script>var tracking = 1;</script></body></html>\n"
)
MARKDOWN = (
    "# Notes\n\nSome text with <b>inline</b> HTML and a <br> break.\n\n"
    '<div align="center"><img src="x.png"></div>\n\nMore <em>text</em>.\n'
)
AEB_PAGES = (
    "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856",  # wsj, English
    "0ec95c7261d122f304728e90c983450ef1ce1e0b423546835c397d50aaf0d0f2",  # Korean
    "11ea381ad92b5448cf66eae62f52ac565361a244c8881615fc6a7bb523cc0c32",  # Portuguese
)
#: trafilatura-eval pages that are not UTF-8: decode must find the charset first.
EVAL_PAGES = ("104be559207e475a", "75eb9b9958b1cd84")  # cp1252 (German), gb18030 (Chinese)


def norm(text: str) -> str:
    return " ".join(text.split())


def doc(text: str, doc_id: str = "page") -> Document:
    return Document(doc_id, text)


@pytest.mark.parametrize(
    "text",
    [
        PAGE,
        "  \n<html lang='en'><body>x</body></html>",
        '<?xml version="1.0"?>\n<!-- saved -->\n<!doctype HTML><p>x',
        "\ufeff<HTML>\n<HEAD><TITLE>x</TITLE></HEAD>",
        "<meta charset='utf-8'>\n<head><title>x</title></head>",
        "<div id='page'><body>x</body></div>",
    ],
)
def test_pages_are_sniffed(text: str) -> None:
    assert sniffs_as_html(text)


@pytest.mark.parametrize(
    "text",
    [
        MARKDOWN,
        "<div>A Markdown file that starts with a block of HTML.</div>\n\n# Title\n",
        "Plain text that mentions <html> and <body> tags in a sentence.\n",
        "A plain article.\n\nIts second paragraph.\n",
        "",
    ],
)
def test_text_and_markdown_are_not_sniffed(text: str) -> None:
    assert not sniffs_as_html(text)


@pytest.mark.parametrize("name", ["a/page.html", "PAGE.HTM", "x.xhtml"])
def test_extension_makes_a_page(name: str) -> None:
    assert is_html(doc("<p>no doctype, just a fragment</p>", name))


def test_extension_without_any_tag_is_already_text() -> None:
    assert not is_html(doc("Already extracted text.\n", "page.html"))


def test_markdown_with_inline_html_is_left_alone() -> None:
    pipeline = Pipeline(["html"], safety=NO_VALVE)
    result = pipeline.run(MARKDOWN, "notes.md")
    assert result.text == MARKDOWN
    assert result.log == []


def test_detect_modes() -> None:
    assert not is_html(doc(PAGE), "never")
    assert is_html(doc("plain text"), "always")
    with pytest.raises(ValueError, match="detect"):
        Html(detect="sometimes")
    with pytest.raises(ValueError, match="output_format"):
        Html(output_format="xml")


def test_extraction_is_one_edit_and_restores_the_page() -> None:
    result = Pipeline(["html"], safety=NO_VALVE).run(PAGE, "news.html")
    assert ARTICLE in result.text
    assert "Home" not in result.text and "tracking" not in result.text
    assert result.text.endswith("\n") and not result.text.endswith("\n\n")
    [record] = result.log
    assert (record.rule, record.category, record.text) == ("html.extract", "html", PAGE)
    assert record.details["chars_in"] == len(PAGE)
    assert record.details["chars_out"] == len(result.text)
    assert record.details["settings"]["include_comments"] is False
    assert result.metadata["title"] == "Harbour news"
    assert restore(result.text, result.log) == PAGE


def test_a_title_already_known_is_kept() -> None:
    page = doc(PAGE)
    page.metadata["title"] = "From front matter"
    Html().edits(page)
    assert page.metadata["title"] == "From front matter"


def test_no_content_is_flagged_and_the_text_kept() -> None:
    empty = "<!doctype html><html><head><title>t</title></head><body></body></html>"
    result = Pipeline(["html"], safety=NO_VALVE).run(empty, "empty.html")
    assert result.text == empty
    [record] = result.log
    assert (record.rule, record.category) == ("html.no-content", "html")
    assert not record.changes_text and record.text == ""  # the page is not copied into the log


def test_text_file_is_not_touched() -> None:
    text = "A plain article.\n\nIts second paragraph, with a < sign and a > sign.\n"
    assert Pipeline(["decode", "html"]).run(text.encode(), "a.txt").text == text


def test_pass_and_pipeline_pickle() -> None:
    step = create("html", {"favor_precision": True})
    again = pickle.loads(pickle.dumps(step))
    assert again.settings == step.settings
    pipeline = pickle.loads(pickle.dumps(Pipeline(["decode", "html"], safety=NO_VALVE)))
    assert ARTICLE in pipeline.run(PAGE.encode(), "p.html").text


@pytest.mark.parametrize("page_id", AEB_PAGES)
def test_real_pages_keep_the_article(page_id: str) -> None:
    root = shared_path("benchmarks", "scrapinghub-aeb")
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))[page_id]
    html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
    result = Pipeline(["html"], safety=NO_VALVE).run(html, f"{page_id}.html")
    assert norm(gold["articleBody"])[:100] in norm(result.text)
    assert "<div" not in result.text and "<script" not in result.text
    assert result.metadata["title"]
    assert restore(result.text, result.log) == html


@pytest.mark.parametrize("page_id", EVAL_PAGES)
def test_pages_in_other_encodings_are_decoded_then_extracted(page_id: str) -> None:
    root = shared_path("benchmarks", "trafilatura-eval")
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))[page_id]
    data = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
    text = norm(Pipeline(["decode", "html"], safety=NO_VALVE).run(data, f"{page_id}.html").text)
    assert all(norm(snippet) in text for snippet in gold["with"])
    found = sum(norm(snippet) in text for snippet in gold["without"])
    assert found <= len(gold["without"]) // 3
