"""The document as it flows through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cleaner.core.limits import Budget
from cleaner.core.log import LogRecord
from cleaner.text.view import TextView


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
    _view: TextView | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def view(self) -> TextView:
        """The current text's lines, words and paragraphs, shared by the passes that read
        them (:class:`~cleaner.text.view.TextView`). A stage that changes the text gives
        the document a new text, and with it a new view, so no pass sees a stale one."""
        view = self._view
        if view is None or view.text is not self.text:
            view = self._view = TextView(self.text)
        return view
