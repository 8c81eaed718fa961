"""The name a cleaned file is written under, when it is not its input's: a page extracted to
text is ``page.txt``, not ``page.html``. The log notes the name, so restore finds the output
and gives the input back under its own name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaner.api import Result
from cleaner.core.log import LogRecord
from cleaner.corpus.formats import split_compression

RENAMED_RULE = "output.renamed"
#: The name an extracted page's text takes, by the html pass's output format.
TEXT_SUFFIXES = {"txt": ".txt", "markdown": ".md"}
_PAGE_SUFFIX = re.compile(r"\.(?:html?|xhtml)$", re.IGNORECASE)


def text_name(name: str, result: Result) -> str | None:
    """``page.txt`` for ``page.html`` (``page.txt.gz`` for ``page.html.gz``) when the html
    pass extracted the text of the page; ``None`` when the name stays."""
    extract = next((r for r in result.edits if r.rule == "html.extract"), None)
    inner, compressed = split_compression(name)
    if extract is None or not _PAGE_SUFFIX.search(inner):
        return None
    settings = (extract.details or {}).get("settings", {})
    suffix = TEXT_SUFFIXES.get(settings.get("output_format"), ".txt")
    return _PAGE_SUFFIX.sub(suffix, inner) + compressed


def renamed_note(doc: str, records: Iterable[LogRecord], path: str) -> LogRecord:
    """The log record saying document ``doc`` was written as ``path`` (relative to the
    output folder; for a run with one output file, that file's name). A note changes no
    text, so restore passes over it; it comes after the document's own stages."""
    stage = max((record.stage for record in records), default=-1) + 1
    return LogRecord(
        doc=doc,
        stage=stage,
        pass_name="output",
        rule=RENAMED_RULE,
        category="output",
        action="note",
        start=0,
        end=0,
        line=1,
        end_line=1,
        text="",
        replacement=None,
        reason=f"written as {path}",
        details={"path": path},
    )


def written_as(records: Iterable[LogRecord]) -> str | None:
    """Where a document's output was written, if the log says it is not under its id."""
    note = next((r for r in records if r.rule == RENAMED_RULE and r.pass_name == "output"), None)
    return None if note is None else str((note.details or {})["path"])
