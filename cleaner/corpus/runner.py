"""Cleaning a corpus of files: documents stream through a Cleaner, outputs and log in order.

A source file is read into documents (one for a plain file, one per line of
JSON Lines, one per row of Parquet) that go to ``Cleaner.clean_many``; what
each document was (and the lines between them that are kept as they are)
waits in a queue, so results meet their documents in input order with any
number of workers and memory bounded by the few batches in flight. A source's
output goes to a temporary file beside its target and is renamed into place
only when complete; a source that fails leaves its target untouched and takes
its log records back out. Nothing is half-written, and the run goes on.

Finished sources wait, a few hundred at most, until one sync per file system
makes all their outputs durable (:func:`cleaner.corpus.files.seal_all`); then,
one source at a time and in order, its log records are written, its journal
line and its rename: the same steps as for a single source, so the journal
still never lists an output whose data is not on disk.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleaner.api import Cleaner, Result
from cleaner.core.log import record_line
from cleaner.corpus.files import Output, Skipped, Source, seal_all, sweep_temporaries
from cleaner.corpus.formats import (
    Doc,
    FormatError,
    Keep,
    RowGroup,
    TooLargeError,
    Writer,
    format_of,
    read_entries,
    writer_for,
)
from cleaner.corpus.journal import Journal
from cleaner.corpus.naming import renamed_note, text_name
from cleaner.corpus.summary import Summary, plural

#: Finished sources held back for one sync: at most this many, this many bytes of
#: output, or this many seconds since the first of them (what a kill can lose).
SYNC_FILES = 256
SYNC_BYTES = 64 << 20
SYNC_SECONDS = 1.0

#: ``report(kind, message)``; kinds: error, refused, skipped, warning, and done (a source
#: finished: where it went and how many edits).
Report = Callable[[str, str], None]


class OutsideOutputError(OSError):
    """A target that would land outside the output folder (through a symbolic link)."""


def target_for(source: Source, output: Path | None) -> Path:
    """Where ``source``'s output goes: its own path in place, or its place in ``output``."""
    if output is None:
        return source.path
    target = output / source.relative
    root = output.resolve()
    if not target.parent.resolve().is_relative_to(root) or target.is_symlink():
        raise OutsideOutputError(f"output path {target} leads outside {output} (symbolic link)")
    return target


@dataclass(slots=True)
class _Open:
    """The source being written: its output, writer, and where its log records begin."""

    source: Source
    target: Path | None = None
    output: Output | None = None
    writer: Writer | None = None
    problem: str = ""
    binary: bool = False
    counts: Summary = field(default_factory=Summary)
    #: Its log records, written to the log when the source is committed.
    records: list[bytes] = field(default_factory=list)
    #: Whether its output is renamed onto the target (else it is dropped).
    rename: bool = False


class Run:
    """One corpus run: sources in, outputs and log out, a summary of what happened."""

    def __init__(
        self,
        cleaner: Cleaner,
        output: Path | None,
        log: IO[bytes],
        report: Report,
        journal: Journal | None = None,
        fields: tuple[str, str] = ("text", "id"),
        several_roots: bool = False,
        output_file: Path | None = None,
        rename: bool = True,
    ) -> None:
        """``several_roots``: sources come from more than one argument, so two may
        map to the same output; only then are written targets remembered (a set
        that would otherwise grow with the corpus). ``output_file``: the one source
        is written there. ``rename``: a page extracted to text gets a text name
        (never in place)."""
        self.cleaner = cleaner
        self.output = output
        self.output_file = output_file
        self.rename = rename and output is not None and output_file is None
        self.log = log
        self.report = report
        self.journal = journal
        self.fields = fields
        self.summary = Summary()
        self._events: deque[tuple[str, Any]] = deque()
        self._current: _Open | None = None
        self._written: set[Path] | None = set() if several_roots else None
        #: Targets still to sweep: a killed run leaves temporaries of its last batch.
        self._sweeps = SYNC_FILES
        self._held: list[_Open] = []
        self._held_bytes = 0
        self._held_since = 0.0

    def go(
        self,
        items: Iterable[Source | Skipped],
        jobs: int = 1,
        done: frozenset[str] = frozenset(),
        advance: Callable[[], None] = lambda: None,
    ) -> Summary:
        """Clean every source in ``items`` (those in ``done`` are skipped), in order."""
        self._advance = advance
        documents = self._documents(items, done)
        try:
            for result in self.cleaner.clean_many(documents, jobs):
                self._drain(result)
            self._drain(None)
            self._commit_held()
        finally:
            for state in self._held:  # interrupted: the sources held are not finished
                assert state.output is not None
                state.output.discard()
        return self.summary

    def _documents(
        self, items: Iterable[Source | Skipped], done: frozenset[str]
    ) -> Iterator[tuple[str, str | bytes]]:
        """The documents for the workers; every other event waits in the queue."""
        limit = self.cleaner.config.limits
        for item in items:
            if isinstance(item, Skipped):
                self._events.append(("skipped", item))
                continue
            if item.relative in done:  # nothing to write: counted now, not queued in order
                self._on_resumed(item)
                continue
            self._events.append(("begin", item))
            try:
                size = item.path.stat().st_size
                too_large = limit.too_large(size) if format_of(item.path.name) == "plain" else None
                if too_large:
                    self._events.append(("fail", too_large))
                else:
                    entries = read_entries(item.path, item.relative, self.fields, limit.max_bytes)
                    for entry in entries:
                        if isinstance(entry, Doc):
                            self._events.append(("doc", entry))
                            yield entry.id, entry.data
                        else:
                            self._events.append(("entry", entry))
            except TooLargeError as error:
                self._events.append(("fail", str(error)))
            except (OSError, FormatError, UnicodeError) as error:
                self._events.append(("fail", f"cannot read: {_describe(error)}"))
            except Exception as error:  # a corrupt archive raises whatever its library likes
                self._events.append(("fail", f"cannot read: {type(error).__name__}: {error}"))
            self._events.append(("end", item))

    def _drain(self, result: Result | None) -> None:
        """Handle queued events up to the document ``result`` belongs to (all, if None)."""
        while self._events:
            kind, payload = self._events.popleft()
            if kind == "doc":
                assert result is not None, "a document without its result"
                self._document(payload, result)
                return
            getattr(self, f"_on_{kind}")(payload)
        assert result is None, "a result without its document"

    def _on_skipped(self, item: Skipped) -> None:
        self.summary.skipped += 1
        self.report("skipped", f"{item.path}: {item.reason}")

    def _on_resumed(self, source: Source) -> None:
        self.summary.resumed += 1
        self._advance()

    def _on_begin(self, source: Source) -> None:
        state = _Open(source)
        self._current = state
        try:
            state.target = self.output_file or target_for(source, self.output)
            if self._written is not None and state.target.resolve() in self._written:
                raise OSError(f"another source also writes {state.target}")
            if self._sweeps:  # sources a killed run was writing, when this one resumes it
                self._sweeps -= 1
                sweep_temporaries(state.target)
            state.output = Output(state.target)
            state.writer = writer_for(state.output, self.fields)
        except OSError as error:
            state.problem = _describe(error)

    def _on_fail(self, problem: str) -> None:
        assert self._current is not None
        self._current.problem = self._current.problem or problem

    def _on_entry(self, entry: Keep | RowGroup) -> None:
        state = self._current
        assert state is not None
        if state.problem or state.writer is None:
            return
        if isinstance(entry, RowGroup):
            state.writer.group(entry)
            return
        if entry.problem:
            self.summary.errors += 1
            self.report("error", f"{state.source.path}:{entry.line}: {entry.problem}; kept as is")
        self._guard(state, state.writer.keep, entry)

    def _document(self, doc: Doc, result: Result) -> None:
        state = self._current
        assert state is not None
        if state.problem or state.writer is None:
            return
        where = f"{state.source.path}:{doc.line}" if doc.line else str(state.source.path)
        if result.status == "not-text":
            state.problem, state.binary = result.message, True
            return
        if result.status in ("too-large", "failed"):
            if format_of(state.source.path.name) == "plain":
                state.problem = result.message
                return
            self.summary.errors += 1
            self.report("error", f"{where}: {result.message}; kept as is")
            self._guard(state, state.writer.document, doc, None)
            return
        if result.status == "stopped":
            self.report("warning", f"{where}: {result.message}; later passes not run")
        state.counts.add(result, len(doc.data))
        written = self._name_output(state, doc, result)
        self._guard(state, self._write_log, result, written)
        self._guard(state, state.writer.document, doc, result.text)

    def _name_output(self, state: _Open, doc: Doc, result: Result) -> str | None:
        """The output's name relative to the output folder when it is not the document's
        id (a page renamed as text, the one output file), for the log; else ``None``."""
        if format_of(state.source.path.name) != "plain" or self.output is None:
            return None
        assert state.target is not None and state.output is not None
        if self.output_file is not None:
            return None if self.output_file.name == doc.id else self.output_file.name
        name = text_name(state.target.name, result) if self.rename else None
        if name is None:
            return None
        if state.source.path.with_name(name).exists():
            self.report("warning", f"{state.source.path}: kept its name: {name} is also an input")
            return None
        target = state.target.with_name(name)
        if target.is_symlink() or (self._written is not None and target.resolve() in self._written):
            state.problem = f"cannot write {target}: a symbolic link or another source's output"
            return None
        state.target = target
        state.output.retarget(target)
        state.counts.renamed += 1
        folder, _, _ = state.source.relative.rpartition("/")
        return f"{folder}/{name}" if folder else name

    def _write_log(self, result: Result, written: str | None) -> None:
        records = [*result.edits]
        if written is not None:
            records.append(renamed_note(result.id, result.edits, written))
        assert self._current is not None
        self._current.records.append(b"".join(record_line(record) for record in records))

    def _guard(self, state: _Open, action: Callable[..., None], *args: Any) -> None:
        """Run a write; a failure (a full disk) fails the source, not the run."""
        try:
            action(*args)
        except OSError as error:
            state.problem = f"cannot write: {_describe(error)}"

    def _on_end(self, source: Source) -> None:
        state = self._current
        assert state is not None and state.source is source
        self._current = None
        self._advance()
        if not state.problem:
            self._guard(state, self._finish, state)
        if state.problem:
            self._fail(state)

    def _finish(self, state: _Open) -> None:
        """Hold the finished output for the next sync (an unchanged file in place is
        dropped: it stays as it is), and sync when enough is held."""
        assert state.writer is not None and state.output is not None and state.target
        state.writer.close()
        state.rename = self.output is not None or state.writer.changed
        if state.rename:
            state.output.hold()
            self._held_bytes += state.output.file.tell()
        else:
            state.output.discard()
        if self._written is not None:
            self._written.add(state.target.resolve())
        if not self._held:
            self._held_since = time.monotonic()
        self._held.append(state)
        if (
            len(self._held) >= SYNC_FILES
            or self._held_bytes >= SYNC_BYTES
            or time.monotonic() - self._held_since >= SYNC_SECONDS
        ):
            self._commit_held()

    def _commit_held(self) -> None:
        """Sync the held outputs at once, then log, journal and rename each in order."""
        held, self._held, self._held_bytes = self._held, [], 0
        outputs = [state.output for state in held if state.rename and state.output]
        failed = {id(output): error for output, error in seal_all(outputs)}
        for state in held:
            error = failed.get(id(state.output))
            if error is None:
                self._guard(state, self._commit, state)
            else:
                state.problem = f"cannot write: {_describe(error)}"
            if state.problem:
                self._fail(state)

    def _commit(self, state: _Open) -> None:
        """Log records, journal line, rename: after these the source is finished (see
        cleaner.corpus.journal)."""
        assert state.output is not None and state.target is not None
        log_start = self.log.tell()
        try:
            self.log.write(b"".join(state.records))
            self.log.flush()
            if self.journal is not None:
                digest = state.output.digest() if state.rename else None
                self.journal.record(
                    state.source.relative, state.target, log_start, self.log.tell(), digest
                )
            if state.rename:
                try:
                    state.output.commit()
                except OSError:
                    if self.journal is not None:
                        self.journal.retract()
                    raise
        except OSError:
            self._cut_log(log_start)
            raise
        state.counts.files = 1
        self.summary.merge(state.counts)
        edits = sum(state.counts.edits.values())
        changed = f"{plural(edits, 'edit')}" if state.counts.changed else "unchanged"
        self.report("done", f"{state.source.path} -> {state.target} ({changed})")

    def _cut_log(self, size: int) -> None:
        self.log.flush()
        self.log.truncate(size)
        self.log.seek(size)

    def _fail(self, state: _Open) -> None:
        """Drop the source's partial output and take its records back out of the log."""
        if state.output is not None:
            state.output.discard()
        if state.binary and not state.source.named:
            self.summary.refused += 1
            self.report("refused", f"{state.source.path}: {state.problem}")
        else:
            self.summary.errors += 1
            self.report("error", f"{state.source.path}: {state.problem}")


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror if not error.filename else f"{error.strerror}: {error.filename}"
    return str(error)
