"""``cleaner clean -``: one document from stdin, the clean text to stdout (or ``-o FILE``).

As ftfy, trafilatura and black do it: stdout holds the text and nothing else, the
messages go to stderr, and a removal log is written only when ``--log`` asks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cleaner.api import Cleaner
from cleaner.core.log import record_line
from cleaner.corpus.files import atomic_write
from cleaner.corpus.naming import renamed_note
from cleaner.corpus.runner import Report
from cleaner.corpus.summary import Summary

#: The log's name for stdin's document unless ``--stdin-filename`` gives one.
STDIN_ID = "-"


def clean_stdin(
    cleaner: Cleaner,
    name: str | None,
    output: Path | None,
    log_path: Path | None,
    report: Report,
) -> Summary:
    """Clean stdin as one plain document named ``name``; a document that cannot be
    cleaned (binary, too large, a failure) writes nothing and counts as an error."""
    doc_id = name or STDIN_ID
    data = sys.stdin.buffer.read()
    result = cleaner.clean(data, doc_id)
    summary = Summary()
    if result.status not in ("cleaned", "stopped") or result.text is None:
        report("error", f"{doc_id} (stdin): {result.message}")
        summary.errors = 1
        return summary
    if result.status == "stopped":
        report("warning", f"{doc_id} (stdin): {result.message}; later passes not run")
    if log_path is not None:
        records = list(result.edits)
        if output is not None and output.name != doc_id:
            records.append(renamed_note(doc_id, result.edits, output.name))
        atomic_write(log_path, b"".join(record_line(record) for record in records))
    text = result.text.encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    else:
        atomic_write(output, text)
    summary.add(result, len(data))
    summary.files = 1
    report("done", f"{doc_id} (stdin) -> {output or 'stdout'}")
    return summary
