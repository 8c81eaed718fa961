"""Cleaning files: one at a time or in a process pool, results always in input order."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cleaner.config import Config
from cleaner.files import Source
from cleaner.log import LogRecord
from cleaner.passes.decode import BinaryInputError
from cleaner.pipeline import Pipeline


@dataclass(slots=True)
class FileResult:
    """What cleaning one file gave: output bytes and log, or why there are none."""

    source: Source
    bytes_in: int = 0
    output: bytes | None = None
    records: list[LogRecord] = field(default_factory=list)
    error: str | None = None
    binary: bool = False
    rewritten: bool = False


def clean_file(pipeline: Pipeline, source: Source) -> FileResult:
    """Read, clean and encode one file; any failure becomes a message, never an exception."""
    result = FileResult(source)
    try:
        data = source.path.read_bytes()
    except OSError as error:
        result.error = f"cannot read: {error.strerror or error}"
        return result
    result.bytes_in = len(data)
    try:
        doc = pipeline.run(data, source.relative)
    except BinaryInputError as error:
        result.error = str(error)
        result.binary = True
        return result
    result.output = doc.text.encode("utf-8")
    result.records = doc.log
    result.rewritten = result.output != data
    return result


_worker: Pipeline | None = None


def _start_worker(config: Config) -> None:
    global _worker
    _worker = config.pipeline()


def _clean_in_worker(source: Source) -> FileResult:
    assert _worker is not None, "worker started without a pipeline"
    return clean_file(_worker, source)


def clean_files(config: Config, sources: Iterable[Source], jobs: int = 1) -> Iterator[FileResult]:
    """Clean ``sources`` with ``jobs`` processes, yielding results in input order."""
    if jobs <= 1:
        pipeline = config.pipeline()
        for source in sources:
            yield clean_file(pipeline, source)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs, initializer=_start_worker, initargs=(config,)) as pool:
        yield from pool.imap(_clean_in_worker, sources, chunksize=4)


@dataclass(slots=True)
class Summary:
    """Counts for the end-of-run report."""

    files: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    changed: int = 0
    repaired: int = 0
    refused: int = 0
    errors: int = 0
    skipped: int = 0
    over_limit: int = 0
    edits: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        if result.output is None:
            if result.binary:
                self.refused += 1
            else:
                self.errors += 1
            return
        self.files += 1
        self.bytes_in += result.bytes_in
        self.bytes_out += len(result.output)
        self.changed += result.rewritten
        self.repaired += any(r.pass_name == "repair" and r.changes_text for r in result.records)
        for record in result.records:
            if record.changes_text:
                self.edits[record.category] += max(1, len(record.parts))
            elif record.action == "flag":
                self.flags[record.rule] += 1
        self.over_limit += any(r.category == "safety" for r in result.records)

    def lines(self) -> list[str]:
        out = [
            f"{self.files} files cleaned ({self.changed} changed, {self.repaired} repaired), "
            f"{self.refused} refused as binary, {self.errors} errors, {self.skipped} skipped",
            f"bytes in {self.bytes_in:,}, out {self.bytes_out:,}",
        ]
        if self.edits:
            out.append(
                "edits by category: "
                + ", ".join(f"{c} {n:,}" for c, n in sorted(self.edits.items()))
            )
        if self.over_limit:
            out.append(
                f"{self.over_limit} files would lose more words than the limit allows "
                "(see 'safety.removed-share' in the log)"
            )
        if self.flags:
            out.append(
                "flagged, left as is: "
                + ", ".join(f"{r} {n:,}" for r, n in sorted(self.flags.items()))
            )
        return out
