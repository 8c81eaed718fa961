"""A datatrove pipeline step: each document's text cleaned, what was done in its metadata.

Install with ``pip install 'cleaner[datatrove]'``. The step holds a
configuration and builds its ``Cleaner`` on first use, so defining the pipeline
and shipping it costs the driver nothing: datatrove's executors pickle the step
(pickle, dill for Slurm, cloudpickle for Ray) and each worker builds the pipeline
once. Passes of your own travel with the configuration (see ``Config``). A
text is either fully cleaned or left exactly as it was: a document whose status
is not ``cleaned`` (over the size bound, stopped by the time bound) keeps its
original text, with the status in its metadata.

What ``metadata[key]`` holds is chosen by ``log``:

- ``"none"``: ``status`` and ``message``.
- ``"summary"`` (default): also ``chars_removed`` (input length minus output
  length) and ``rules``, one entry per rule that acted, each
  ``{"rule", "category", "edits", "flags", "chars_removed"}``; ``edits``
  counts changed spans (a grouped log record of 40 spaces counts 40),
  ``flags`` the reports that left the text alone (the safety valve's verdict).
- ``"full"``: also ``log``, the removal-log records (README schema). These
  are often larger than the text itself (one per repaired mojibake
  sequence), so keep them for samples and audits, not for a whole corpus.

Up to ``summary`` the shape is fixed (no keys named after categories or
rules), so an explicit Parquet schema can describe it; datatrove's
``ParquetWriter`` otherwise infers one from the first document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

try:
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"cleaner.datatrove needs datatrove: pip install 'cleaner[datatrove]' ({error})"
    ) from error

from cleaner.api import Cleaner, Result
from cleaner.core.config import Config
from cleaner.core.log import LogRecord

if TYPE_CHECKING:  # datatrove's writers package imports every writer: slow
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.writers.disk_base import DiskWriter

LogLevel = Literal["none", "summary", "full"]
LOG_LEVELS: tuple[str, ...] = get_args(LogLevel)


class CleanerStep(PipelineStep):
    """Clean ``doc.text`` with a ``Cleaner`` and record the outcome in ``doc.metadata[key]``.

    ``config``: a ``Config``, or the path of a ``cleaner.toml`` read here, when
    the pipeline is defined; pass and option names are checked here, and the
    rule packs it names are read by each worker, so they must be where the
    workers can see them.
    ``drop_empty``: documents that come out empty (only whitespace left) are
    dropped instead of passed on; they are counted either way, and an
    ``exclusion_writer`` receives them with their original text and
    ``metadata["filter_reason"] = "empty"``, as datatrove's filters do.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        config: Config | str | Path | None = None,
        log: LogLevel = "summary",
        drop_empty: bool = False,
        exclusion_writer: DiskWriter | None = None,
        key: str = "cleaner",
    ) -> None:
        super().__init__()
        if log not in LOG_LEVELS:
            raise ValueError(f"log must be one of {', '.join(LOG_LEVELS)}, not {log!r}")
        if exclusion_writer is not None and not drop_empty:
            raise ValueError("exclusion_writer receives dropped documents: set drop_empty=True")
        if isinstance(config, str | Path):
            config = Config.from_file(Path(config), validate=False)
        self.config = config or Config()  # also what datatrove's executor.json shows of it
        self.config.check()
        self._cleaner: Cleaner | None = None
        self.log = log
        self.drop_empty = drop_empty
        self.exclusion_writer = exclusion_writer
        self.key = key

    @property
    def cleaner(self) -> Cleaner:
        """Built on first use, in the worker: compiling the rules costs seconds."""
        if self._cleaner is None:
            self._cleaner = Cleaner(self.config)
        return self._cleaner

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer or contextlib.nullcontext() as writer:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    result = self.cleaner.clean(doc.text, doc.id)
                original = doc.text
                self._apply(doc, result)
                empty = not doc.text.strip()
                if empty:
                    self.stat_update("empty")
                if empty and self.drop_empty:
                    self.stat_update(StatHints.dropped, "dropped_empty")
                    if writer is not None:
                        doc.text = original
                        doc.metadata["filter_reason"] = "empty"
                        writer.write(doc, rank)
                    continue
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc

    def _apply(self, doc: Document, result: Result) -> None:
        """Take the clean text if every pass ran, count what was done, describe it in metadata."""
        if result.ok and result.text is not None:
            text, edits = result.text, result.edits
        else:
            text, edits = doc.text, ()
        rules = rule_counts(edits)
        outcome: dict[str, Any] = {"status": result.status, "message": result.message}
        if self.log != "none":
            outcome["chars_removed"] = len(doc.text) - len(text)
            outcome["rules"] = rules
        if self.log == "full":
            outcome["log"] = [record.to_dict() for record in edits]
        self.stat_update(result.status)
        if text != doc.text:
            self.stat_update("changed")
        self._count_categories(rules)
        doc.text = text
        doc.metadata[self.key] = outcome

    def _count_categories(self, rules: list[dict[str, Any]]) -> None:
        """Per category, once per document: chars removed (with edits) or flagged."""
        removed: dict[str, int] = {}
        flagged: set[str] = set()
        for entry in rules:
            if entry["edits"]:
                removed[entry["category"]] = (
                    removed.get(entry["category"], 0) + entry["chars_removed"]
                )
            if entry["flags"]:
                flagged.add(entry["category"])
        for category, chars in removed.items():
            self.stat_update(f"removed_chars_{category}", value=chars)
        for category in flagged:
            self.stat_update(f"flagged_{category}")


def rule_counts(records: Iterable[LogRecord]) -> list[dict[str, Any]]:
    """One entry per rule, in order of first use: changed spans, reports and net chars removed.

    ``flags`` counts the records that report without changing the text: flags
    and notes (the safety valve's verdict, the time bound's stop).

    The entries' ``chars_removed`` add up to the input length minus the output
    length, because each changed span changes the length by exactly that much.
    """
    entries: dict[str, dict[str, Any]] = {}
    for record in records:
        entry = entries.setdefault(
            record.rule,
            {
                "rule": record.rule,
                "category": record.category,
                "edits": 0,
                "flags": 0,
                "chars_removed": 0,
            },
        )
        if not record.changes_text:
            entry["flags"] += 1
            continue
        for part in record.spans():
            entry["edits"] += 1
            entry["chars_removed"] += len(part.text) - len(part.replacement)
    return list(entries.values())
