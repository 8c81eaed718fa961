"""The library face: build a ``Cleaner`` once, then clean any number of documents.

Ingestion jobs call this inside their own workers (a process pool, a Spark or
Ray task, a datatrove step), so a ``Cleaner`` compiles its rules once, keeps
no state between documents but the rules that ran out of time, which it stops
trying (safe to share between threads), pickles as its
configuration alone, and never lets one document stall or crash the job:
size and time bounds are enforced here and reported in the ``Result``.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.core.config import Config
from cleaner.core.log import LogRecord
from cleaner.core.parallel import ordered_map
from cleaner.passes.decode import BinaryInputError

#: What happened to a document. ``cleaned``: every pass ran. ``stopped``: the
#: time bound cut the passes short (the text has the edits made until then).
#: ``too-large``: over the size bound, not cleaned. ``not-text``: bytes that are
#: not text (an image, a PDF), not cleaned. ``failed``: a pass raised (a bug in
#: cleaner, or in a pass of your own); not cleaned, the message says where.
STATUSES = ("cleaned", "stopped", "too-large", "not-text", "failed")

Input = str | bytes
Item = Input | tuple[str, Input]


@dataclass(frozen=True, slots=True)
class Result:
    """One document's outcome.

    ``text`` is the clean text; for a document that was not cleaned it is the
    input unchanged when the input was ``str``, and ``None`` when it was bytes
    that could not (or may not) be decoded, so nothing is ever silently lost.
    ``edits`` are the log records (schema in README); ``metadata`` what the
    passes learned (encoding, front matter, title).
    """

    id: str
    text: str | None
    edits: tuple[LogRecord, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    status: str = "cleaned"
    message: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every pass ran."""
        return self.status == "cleaned"

    @property
    def changed(self) -> bool:
        return any(record.changes_text for record in self.edits)


class Cleaner:
    """A configured pipeline; ``clean`` one document or ``clean_many`` in order.

    >>> from cleaner import Cleaner
    >>> Cleaner().clean("Hello w\\u00c3\\u00b6rld!\\n").text
    'Hello wörld!\\n'
    """

    def __init__(self, config: Config | str | Path | None = None) -> None:
        if isinstance(config, str | Path):
            config = Config.from_file(Path(config))
        self.config = config or Config()
        self._pipeline = self.config.pipeline()

    def __repr__(self) -> str:
        return f"Cleaner({self.config!r})"

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]

    def clean(self, data: Input, id: str = "<text>") -> Result:
        """Clean one document given as text or as bytes in any encoding.

        Whatever the document holds, this returns a ``Result``; a ``TypeError`` means
        the caller passed something that is not a document (``None``, a number, a list).
        """
        _check_document(data, id)
        started = time.monotonic()
        limits = self.config.limits
        size = len(data) if isinstance(data, bytes) else _utf8_size(data, limits.max_bytes)
        too_large = limits.too_large(size)
        if too_large:
            kept = data if isinstance(data, str) else None
            return Result(id, kept, status="too-large", message=too_large)
        deadline = started + limits.max_seconds if limits.max_seconds else None
        try:
            doc = self._pipeline.run(data, id, deadline)
        except BinaryInputError as error:
            return Result(id, None, status="not-text", message=str(error))
        except Exception as error:  # one document must not stop an ingestion job
            kept = data if isinstance(data, str) else None
            return Result(id, kept, status="failed", message=_describe_failure(error))
        stopped = doc.metadata.get("stopped") == "time"
        return Result(
            id,
            doc.text,
            tuple(doc.log),
            doc.metadata,
            "stopped" if stopped else "cleaned",
            f"time limit of {limits.max_seconds:g} s reached" if stopped else "",
            time.monotonic() - started,
        )

    def clean_many(self, items: Iterable[Item], jobs: int = 1) -> Iterator[Result]:
        """Clean a stream of documents, yielding results in input order.

        An item is text, bytes, or an ``(id, text or bytes)`` pair; bare items
        are numbered from 0. With ``jobs > 1`` the work runs in that many
        processes, at most a few batches ahead, so memory stays flat on
        streams of any length.
        """
        pairs = (_pair(number, item) for number, item in enumerate(items))
        if jobs <= 1:
            for doc_id, data in pairs:
                yield self.clean(data, doc_id)
            return
        yield from ordered_map(
            _clean_batch, pairs, jobs, _start_worker, (self,), what=f"clean_many(jobs={jobs})"
        )


def _check_document(data: object, doc_id: object) -> None:
    """A wrong type is the caller's mistake, not a document cleaner failed on: say so."""
    if not isinstance(data, str | bytes):
        raise TypeError(f"a document is str or bytes, not {type(data).__name__}")
    if not isinstance(doc_id, str):
        raise TypeError(f"a document's id must be a str, not {type(doc_id).__name__}")


def _pair(number: int, item: object) -> tuple[str, Input]:
    """``(id, data)`` for item ``number`` of a stream, checked here, in the caller's process,
    so a mistake is reported with its place in the stream rather than from a worker."""
    if isinstance(item, tuple) and len(item) != 2:
        raise TypeError(f"item {number}: an (id, text) pair, not a tuple of {len(item)}")
    doc_id, data = item if isinstance(item, tuple) else (str(number), item)
    try:
        _check_document(data, doc_id)
    except TypeError as error:
        raise TypeError(f"item {number}: {error}") from None
    return doc_id, data  # type: ignore[return-value]


def _describe_failure(error: Exception) -> str:
    """The exception and the line that raised it: what a bug report needs."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"internal error: {type(error).__name__}: {error}{where}"


def _utf8_size(text: str, limit: int | None) -> int:
    """UTF-8 size of ``text``; encoding is skipped when the length alone keeps it in bounds."""
    if limit is None or len(text) * 4 <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


_worker: Cleaner | None = None


def _start_worker(cleaner: Cleaner) -> None:
    global _worker
    _worker = cleaner


def _clean_batch(batch: list[tuple[str, Input]]) -> list[Result]:
    assert _worker is not None, "worker started without a cleaner"
    return [_worker.clean(data, doc_id) for doc_id, data in batch]
