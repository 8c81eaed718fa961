"""Short real lines stay through the default pipeline while the boilerplate around them goes.

Subheadings, list items inside the article, datelines, quotes and repeated lyric
lines are short and often lack sentence punctuation, like menu items and
buttons. Each page in tests/data/short_lines/ is shaped like a scraped page,
written for this test: article lines (marked ``+``) and the site's boilerplate
(marked ``-``) in one text, and exactly the boilerplate may go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore

PIPELINE = Pipeline()
PAGES = sorted((Path(__file__).parent / "data" / "short_lines").glob("*.txt"))


def split(page: str) -> tuple[str, list[str]]:
    """The page as scraped text (one paragraph a line), and its article lines in order."""
    lines = [(line[0], line[2:]) for line in page.splitlines() if not line.startswith("#")]
    assert {mark for mark, _ in lines} == {"+", "-"}
    return "\n\n".join(text for _, text in lines) + "\n", [t for mark, t in lines if mark == "+"]


@pytest.mark.parametrize("path", PAGES, ids=[path.stem for path in PAGES])
def test_the_article_lines_stay_and_the_boilerplate_goes(path: Path) -> None:
    text, article = split(path.read_text(encoding="utf-8"))
    doc = PIPELINE.run(text)
    assert doc.text == "\n\n".join(article) + "\n"
    assert restore(doc.text, doc.log) == text
    assert PIPELINE.run(doc.text).text == doc.text


def test_the_pages_are_there() -> None:
    assert [path.stem for path in PAGES] == ["en", "pt"]
