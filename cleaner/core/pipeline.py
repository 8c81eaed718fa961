"""The default pass order, in one list, and the pipeline that runs it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from cleaner.core import registry
from cleaner.core.document import Document
from cleaner.core.edits import Edit, apply_edits
from cleaner.core.log import records_for_stage
from cleaner.core.safety import FORM_CATEGORIES, SafetyValve, removes_content

#: The order passes run in unless config says otherwise. ``decode`` turns
#: bytes into text and always comes first for byte input.
DEFAULT_PASSES: tuple[str, ...] = (
    "decode",
    "html",
    "controls",
    "repair",
    "normalize",
    "frontmatter",
    "markup",
    "rules",
    "duplicates",
    "offtopic",
    "tidy",
)


def _ends_with_newline(text: str) -> bool:
    """Whether the input ends a line last, as files do and field values do not."""
    return text.rstrip(" \t")[-1:] in ("\n", "\r", "\u2028", "\u2029", "\x85")


class Pipeline:
    """An ordered list of passes built from config; applies each pass's edits in turn.

    Built once and reused: passes compile what they need in their constructors,
    so ``run`` does no set-up work per document. Picklable when its passes are.
    """

    def __init__(
        self,
        passes: Sequence[str] = DEFAULT_PASSES,
        options: dict[str, dict[str, Any]] | None = None,
        safety: SafetyValve | None = None,
    ) -> None:
        options = options or {}
        names = list(passes)
        self.check(names, options)
        self.names = tuple(names)
        self.safety = safety or SafetyValve()
        self.decoder = registry.create_decoder(options.get("decode", {}))
        self.passes = [
            stage
            for n in names
            if n != "decode"
            for stage in registry.stages_of(registry.create(n, options.get(n)))
        ]

    @staticmethod
    def check(names: Sequence[str], options: dict[str, dict[str, Any]]) -> None:
        """What building would refuse in the order and names of passes and options, found
        without building: a bad option value still shows only when the pass is built."""
        names = list(names)
        if "decode" in names and names.index("decode") != 0:
            raise ValueError("the decode pass must come first")
        for name in options:
            if name not in names:
                raise ValueError(f"options given for pass {name!r}, which is not in {names}")
        registry.check_decoder(options.get("decode"))
        for name in names:
            if name != "decode":
                registry.check(name, options.get(name))

    def run(
        self, data: bytes | str, doc_id: str = "<text>", deadline: float | None = None
    ) -> Document:
        """Clean one document; bytes are decoded first (``BinaryInputError`` if not text).

        ``deadline`` (a ``time.monotonic()`` value) is checked between passes:
        once it has passed, the remaining passes are skipped, the stop is
        logged as a ``limits.time`` note and ``metadata["stopped"]`` says so.
        The passes already run keep their edits, so the log still restores.
        """
        if isinstance(data, bytes):
            decoded = self.decoder.decode(data)
            doc = Document(doc_id, decoded.text, dict(decoded.metadata()))
            self.apply(doc, self.decoder.name, [decoded.note()])
        else:
            doc = Document(doc_id, data)
        doc.metadata["final_newline"] = _ends_with_newline(doc.text)
        before: tuple[str, int, int] | None = None
        for step in self.passes:
            if deadline is not None and time.monotonic() > deadline:
                self._stop(doc, step.name)
                break
            state = (doc.text, len(doc.log), doc.stages)
            self.apply(doc, step.name, step.edits(doc))
            if before is None and removes_content(doc.log[state[1] :]):
                before = state
        if before is not None:
            self._check_removed_share(doc, *before)
        return doc

    def _stop(self, doc: Document, next_pass: str) -> None:
        doc.metadata["stopped"] = "time"
        reason = f"time limit reached; passes from {next_pass!r} on were not run"
        self.apply(doc, "limits", [Edit(0, 0, None, "limits.time", "limits", reason)])

    def _check_removed_share(self, doc: Document, text: str, logged: int, stages: int) -> None:
        """Flag, or undo, removals that take too much of the document's words."""
        note = self.safety.verdict(len(text.split()), doc.log[logged:])
        if note is None:
            return
        if note.details and note.details["undone"]:
            doc.text, doc.stages = text, stages
            del doc.log[logged:]
        self.apply(doc, "safety", [note])

    @staticmethod
    def apply(doc: Document, pass_name: str, edits: list[Edit]) -> None:
        """The one applier: check, apply, and log a pass's edits.

        Content edits inside protected front matter are dropped here, once for
        every pass, rather than each removal pass having to know about it.
        """
        protected = doc.metadata.get("front_matter_end", 0)
        if protected:
            edits = [
                e
                for e in edits
                if e.start >= protected or not e.changes_text or e.category in FORM_CATEGORIES
            ]
        if not edits:
            doc.stages += 1
            return
        result = apply_edits(doc.text, pass_name, edits)
        doc.log.extend(records_for_stage(doc.id, doc.stages, pass_name, result.applied))
        doc.text = result.text
        doc.stages += 1
