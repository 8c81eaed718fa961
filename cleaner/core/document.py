"""The document as it flows through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cleaner.core.limits import Budget
from cleaner.core.log import LogRecord


@dataclass(slots=True)
class Document:
    """A source id, the current text, what passes learned about it, and the log so far.

    ``metadata`` holds facts later passes use: ``encoding`` and
    ``encoding_confidence`` (decode), ``repaired`` (repair), and more as passes
    are added. ``log`` is every record the applier wrote, in order. ``budget`` is
    the time the document has left, which long loops check (``doc.budget.check()``).
    """

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    log: list[LogRecord] = field(default_factory=list)
    stages: int = 0
    budget: Budget = field(default_factory=Budget)
