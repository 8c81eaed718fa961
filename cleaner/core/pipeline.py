"""The default pass order, in one list, and the pipeline that runs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from cleaner.core import registry
from cleaner.core.document import Document
from cleaner.core.edits import Edit, apply_edits
from cleaner.core.limits import Budget, OutOfTime
from cleaner.core.log import records_for_stage
from cleaner.core.restore import byte_evidence
from cleaner.core.safety import (
    FORM_CATEGORIES,
    SafetyValve,
    removes_content,
    words_at_least,
    words_removed,
)

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
    "boilerplate",
    "duplicates",
    "offtopic",
    "tidy",
)


#: How many times the removal passes may run over one document (see ``Pipeline.run``).
#: Each round after the first needs a removal after a pass that reads context in the
#: round before, and removals only shrink the text.
MAX_ROUNDS = 4


def _new_flags_and_notes_only(doc: Document, edits: list[Edit]) -> list[Edit]:
    """A later round's edits without the flags and notes an earlier round already logged.

    A flag or note is known by its rule and the first line it covers: a later round may
    see the same paragraph with a line around it gone (the short lines a pass joins to
    it), and that is still the record already logged."""
    if all(edit.changes_text for edit in edits):
        return edits
    logged = {(r.rule, _first_line(r.text)) for r in doc.log if not r.changes_text}
    return [
        edit
        for edit in edits
        if edit.changes_text
        or (edit.rule, _first_line(doc.text[edit.start : edit.end])) not in logged
    ]


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def _ends_with_newline(text: str) -> bool:
    """Whether the input ends a line last, as files do and field values do not."""
    return text.rstrip(" \t")[-1:] in ("\n", "\r", "\u2028", "\u2029", "\x85")


def _with_byte_evidence(note: Edit, data: bytes, text: str) -> Edit:
    """The decoder's note, with what restoring the input's bytes needs beyond the encoding."""
    details = dict(note.details or {})
    encoding, bom = details.get("encoding", "utf-8"), bool(details.get("bom"))
    evidence = byte_evidence(data, text, encoding, bom)
    return replace(note, details={**details, **evidence}) if evidence else note


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
        readers = [i for i, step in enumerate(self.passes) if getattr(step, "reads_context", False)]
        #: Where the rounds of removal passes start: the first pass that reads context.
        self._settle_from: int | None = readers[0] if readers else None

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

        ``deadline`` (a ``time.monotonic()`` value) bounds the passes: it is checked
        between them and, through ``doc.budget``, inside their long loops. Once it has
        passed, the pass running is abandoned (its edits dropped) and the rest
        skipped; the stop is logged as a ``limits.time`` note and
        ``metadata["stopped"]`` says so. The passes already run keep their edits, so
        the log still restores.

        The removal passes from the first that reads context (``reads_context``:
        positions, runs, tails) run again on their own output while a later one
        removed text in the round before, since that can change what the earlier one
        judged by; at most ``MAX_ROUNDS`` rounds, each round's edits ordinary stages.
        """
        if isinstance(data, bytes):
            decoded = self.decoder.decode(data)
            doc = Document(doc_id, decoded.text, dict(decoded.metadata()))
            self.apply(
                doc, self.decoder.name, [_with_byte_evidence(decoded.note(), data, decoded.text)]
            )
        else:
            doc = Document(doc_id, data)
        doc.budget = Budget(deadline)
        doc.metadata["final_newline"] = _ends_with_newline(doc.text)
        #: The document before the first pass that removed content: the safety valve's base.
        before: list[tuple[str, int, int]] = []
        try:
            last = self._round(doc, 0, before)
            for _ in range(MAX_ROUNDS - 1):
                if self._settle_from is None or last is None or last <= self._settle_from:
                    break
                last = self._round(doc, self._settle_from, before, last)
        except OutOfTime as stop:
            self._stop(doc, str(stop))
        finally:
            doc.budget = Budget()
        if before:
            self._check_removed_share(doc, *before[0])
        return doc

    def _round(
        self,
        doc: Document,
        first: int,
        before: list[tuple[str, int, int]],
        until: int | None = None,
    ) -> int | None:
        """Apply the passes from index ``first`` on; the index of the last that removed
        content (a removal after the first pass that reads context makes another round).

        ``until``: this is a later round, and the passes after that index saw the text
        as it is now in the round before: while this round changes nothing, they are
        not run again. ``before`` gets the state before the first content removal.
        """
        last: int | None = None
        changed = False
        for index in range(first, len(self.passes)):
            if until is not None and index > until and not changed:
                break
            step = self.passes[index]
            if doc.budget.spent():
                raise OutOfTime(step.name)
            state = (doc.text, len(doc.log), doc.stages)
            try:
                edits = step.edits(doc)
            except OutOfTime:
                raise OutOfTime(step.name) from None
            self.apply(
                doc, step.name, edits if until is None else _new_flags_and_notes_only(doc, edits)
            )
            records = doc.log[state[1] :]
            changed = changed or any(record.changes_text for record in records)
            if removes_content(records):
                before[:] = before or [state]
                last = index
        return last

    def _stop(self, doc: Document, at_pass: str) -> None:
        doc.metadata["stopped"] = "time"
        reason = f"time limit reached in pass {at_pass!r}; it and the passes after it were not run"
        self.apply(doc, "limits", [Edit(0, 0, None, "limits.time", "limits", reason)])

    def _check_removed_share(self, doc: Document, text: str, logged: int, stages: int) -> None:
        """Flag, or undo, removals that take too much of the document's words."""
        records = doc.log[logged:]
        # The share passes the limit only where fewer words than this were there before.
        enough = words_removed(records) / self.safety.max_removed_share
        note = self.safety.verdict(words_at_least(text, enough), records)
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
