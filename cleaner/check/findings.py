"""What ``cleaner check`` reports: the edits cleaning would make, by line of the file as it is.

Only edits that change text are findings; flags and notes change nothing.
Normalization edits count too (``--fix`` would make them), one finding per
rule for the whole file, so 300 trailing spaces are one line, not 300.
"""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

from cleaner.api import Cleaner, Result
from cleaner.check.cache import Cache, file_key
from cleaner.check.locate import Locator, Span
from cleaner.core.config import Config, ConfigError
from cleaner.core.log import LogRecord, Part
from cleaner.core.restore import restore
from cleaner.core.safety import FORM_CATEGORIES
from cleaner.corpus.files import Source
from cleaner.corpus.formats import format_of

#: Categories whose edits are reported per rule for the whole file, not one by one.
GROUPED_CATEGORIES = frozenset({"normalize"})
#: How much of a removed line a finding shows.
SHOWN_CHARS = 60


#: A file to clean: its source and its bytes, read once.
_Work = tuple[Source, bytes]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing cleaning would change: where (1-based line of the input), which rule, what."""

    line: int
    rule: str
    category: str
    text: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.rule} {self.category}: {self.text}"


@dataclass(slots=True)
class FileCheck:
    """One file's verdict: what would change and the fixed bytes, or why it was not checked.

    ``output`` is set only when cleaning changes the file. ``refused``: not a
    document check reads (binary, too large, records); ``internal``: an error
    in cleaner itself rather than in the file.
    """

    source: Source
    findings: list[Finding] = field(default_factory=list)
    output: bytes | None = None
    records: list[LogRecord] = field(default_factory=list)
    error: str | None = None
    refused: bool = False
    internal: bool = False
    cached: bool = False
    edits: int = 0


def _shorten(text: str) -> str:
    if len(text) <= SHOWN_CHARS:
        return text
    cut = text[:SHOWN_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > SHOWN_CHARS * 2 // 3 else cut) + "…"


def _shown(text: str) -> str:
    """The first line of ``text``; quoted with escapes when its whitespace is the point."""
    line = text.split("\n", 1)[0]
    if not line.strip():
        return repr(_shorten(text))
    line = _shorten(line)
    return line if line == line.strip() and line.isprintable() else repr(line)


def _describe(text: str, replacement: str) -> str:
    if not text:
        return f"inserts {_shown(replacement)}"
    if replacement:
        return f"{_shown(text)} -> {_shown(replacement)}"
    return _shown(text)


def _touches(span: Span, other: Span) -> bool:
    return span.start <= other.end and other.start <= span.end


def _from_next_line(span: Span, original: str) -> Span:
    """A span that starts with the break ending a line is about the lines after it."""
    if span.end_line > span.line and original.startswith(("\n", "\r"), span.start):
        return replace(span, line=span.line + 1)
    return span


def _grouped(rule: str, category: str, parts: list[tuple[Part, Span]]) -> Finding:
    parts.sort(key=lambda item: item[1].start)
    part, span = parts[0]
    text = _describe(part.text, part.replacement)
    if len(parts) > 1:
        last = max(span.end_line for _, span in parts)
        text += f" ({len(parts)} edits, lines {span.line}-{last})"
    return Finding(span.line, rule, category, text)


def _reencoding(records: Sequence[LogRecord]) -> Finding | None:
    """Input that is not plain UTF-8 (another encoding, a BOM) is rewritten as UTF-8."""
    note = next((r for r in records if r.pass_name == "decode"), None)
    details = (note.details or {}) if note else {}
    if note is None or (details.get("encoding") == "utf-8" and not details.get("bom")):
        return None
    return Finding(1, note.rule, note.category, f"{note.reason}; written as UTF-8")


def findings(output: str, records: Sequence[LogRecord]) -> list[Finding]:
    """The findings of one cleaned document, in line order, at lines of its decoded input.

    A layout edit that touches text an earlier stage removed (the blank lines
    left where lines went) is a consequence of that removal, not a finding.
    """
    original = restore(output, records)
    locator = Locator(records, original)
    changes = [
        (record, _from_next_line(locator.record(record), original))
        for record in records
        if record.changes_text
    ]
    removed = [(r.stage, span) for r, span in changes if r.category not in FORM_CATEGORIES]
    found: list[Finding] = []
    grouped: dict[tuple[str, str], list[tuple[Part, Span]]] = {}
    for record, span in changes:
        if record.category not in GROUPED_CATEGORIES:
            text = _describe(record.text, record.replacement or "")
            found.append(Finding(span.line, record.rule, record.category, text))
            continue
        before = [other for stage, other in removed if stage < record.stage]
        for part in record.spans():
            where = _from_next_line(locator.span(record.stage, part.start, part.end), original)
            if not any(_touches(where, other) for other in before):
                grouped.setdefault((record.rule, record.category), []).append((part, where))
    found.extend(_grouped(rule, category, parts) for (rule, category), parts in grouped.items())
    reencoding = _reencoding(records)
    if reencoding is not None:
        found.append(reencoding)
    return sorted(found, key=lambda finding: finding.line)


def edit_count(records: Sequence[LogRecord]) -> int:
    """Changed spans, a grouped record counting each of its parts, plus a re-encoding."""
    spans = sum(max(1, len(r.parts)) for r in records if r.changes_text)
    return spans + (_reencoding(records) is not None)


def _refusal(source: Source) -> str | None:
    """Why check cannot read ``source``: it reads a file as one document, not as records."""
    kind = format_of(source.relative)
    if kind != "plain":
        return f"{kind} records: check reads plain text files only (use cleaner clean)"
    return None


def _scan(sources: Iterable[Source], cache: Cache | None) -> Iterator[FileCheck | _Work]:
    """Each source read once: a verdict when it is known clean or cannot be read, else work."""
    for source in sources:
        refusal = _refusal(source)
        if refusal:
            yield FileCheck(source, error=refusal, refused=True)
            continue
        try:
            data = source.path.read_bytes()
        except OSError as error:
            yield FileCheck(source, error=f"cannot read: {error.strerror or error}")
            continue
        if cache is not None and cache.is_clean(file_key(data, source.relative)):
            yield FileCheck(source, cached=True)
        else:
            yield source, data


def _verdict(source: Source, data: bytes, result: Result, cache: Cache | None) -> FileCheck:
    if result.status != "cleaned" or result.text is None:
        refused = result.status in ("not-text", "too-large")
        message = result.message if refused else f"{result.message}: not checked to the end"
        return FileCheck(source, error=message, refused=refused)
    output = result.text.encode("utf-8")
    if output == data:
        if cache is not None:
            cache.add(source.path, file_key(data, source.relative))
        return FileCheck(source)
    records = list(result.edits)
    found = findings(result.text, records)
    return FileCheck(source, found, output, records, edits=edit_count(records))


def _internal(source: Source, error: Exception) -> FileCheck:
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    message = f"internal error: {type(error).__name__}: {error}\n{''.join(lines).rstrip()}"
    return FileCheck(source, error=message, internal=True)


def _one_by_one(
    cleaner: Cleaner, entries: Iterable[FileCheck | _Work], cache: Cache | None
) -> Iterator[FileCheck]:
    """Clean in this process; a file that makes cleaner fail is reported, and the run goes on."""
    for entry in entries:
        if isinstance(entry, FileCheck):
            yield entry
            continue
        source, data = entry
        try:
            yield _verdict(source, data, cleaner.clean(data, source.relative), cache)
        except Exception as error:
            yield _internal(source, error)


def _in_parallel(
    cleaner: Cleaner, entries: Iterator[FileCheck | _Work], cache: Cache | None, jobs: int
) -> Iterator[FileCheck]:
    """Clean in ``jobs`` processes, verdicts in input order.

    ``clean_many`` stops at a file that makes cleaner fail; the files in
    flight and after it then go one by one, which names that file.
    """
    queue: deque[FileCheck | _Work] = deque()

    def work() -> Iterator[tuple[str, bytes]]:
        for entry in entries:
            queue.append(entry)
            if not isinstance(entry, FileCheck):
                yield entry[0].relative, entry[1]

    try:
        for result in cleaner.clean_many(work(), jobs):
            while isinstance(queue[0], FileCheck):
                yield queue.popleft()
            source, data = queue[0]
            verdict = _verdict(source, data, result, cache)
            queue.popleft()  # only now: a verdict that failed is retried one by one
            yield verdict
    except Exception:
        yield from _one_by_one(cleaner, chain(list(queue), entries), cache)
        return
    yield from queue  # what is left: verdicts of files after the last one cleaned


def check_files(
    config: Config, sources: Iterable[Source], cache: Cache | None = None, jobs: int = 1
) -> Iterator[FileCheck]:
    """Verdicts on ``sources``, in order.

    The pipeline (and its rule compilation) is built only when some file's
    content is not already in ``cache`` as clean.
    """
    entries = _scan(sources, cache)
    for entry in entries:
        if isinstance(entry, FileCheck):
            yield entry
            continue
        try:  # the first file to clean: only now is a pipeline needed
            cleaner = Cleaner(config)
        except (ValueError, TypeError) as error:
            raise ConfigError(f"{config.origin or 'options'}: {error}") from None
        rest = chain([entry], entries)
        if jobs > 1:
            yield from _in_parallel(cleaner, rest, cache, jobs)
        else:
            yield from _one_by_one(cleaner, rest, cache)
        return
