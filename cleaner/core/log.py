"""The removal log: one JSON object per edit, the contract with users and later passes.

Schema version 1 (see README, "The removal log"). Offsets are in the text the
pass saw (the output of the stage before it), so applying the records of each
stage backwards restores the decoded input exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from cleaner.core.edits import AppliedEdit

LOG_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Part:
    """One span of a grouped record: ``text`` at ``start`` became ``replacement``."""

    start: int
    end: int
    text: str
    replacement: str


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One line of the removal log."""

    doc: str
    stage: int
    pass_name: str
    rule: str
    category: str
    action: str
    start: int
    end: int
    line: int
    end_line: int
    text: str
    replacement: str | None
    reason: str = ""
    score: float | None = None
    details: dict[str, Any] | None = None
    parts: tuple[Part, ...] = field(default=())

    @property
    def changes_text(self) -> bool:
        return self.replacement is not None

    def spans(self) -> Iterator[Part]:
        """Every changed span of this record, in order."""
        if self.parts:
            yield from self.parts
        elif self.replacement is not None:
            yield Part(self.start, self.end, self.text, self.replacement)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "v": LOG_SCHEMA_VERSION,
            "doc": self.doc,
            "stage": self.stage,
            "pass": self.pass_name,
            "rule": self.rule,
            "category": self.category,
            "action": self.action,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "end_line": self.end_line,
            "text": self.text,
            "replacement": self.replacement,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.score is not None:
            out["score"] = self.score
        if self.details:
            out["details"] = self.details
        if self.parts:
            out["count"] = len(self.parts)
            out["parts"] = [[p.start, p.end, p.text, p.replacement] for p in self.parts]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LogRecord:
        version = data.get("v")
        if version != LOG_SCHEMA_VERSION:
            raise ValueError(f"log schema version {version!r} is not {LOG_SCHEMA_VERSION}")
        return cls(
            doc=data["doc"],
            stage=data["stage"],
            pass_name=data["pass"],
            rule=data["rule"],
            category=data["category"],
            action=data["action"],
            start=data["start"],
            end=data["end"],
            line=data["line"],
            end_line=data["end_line"],
            text=data["text"],
            replacement=data["replacement"],
            reason=data.get("reason", ""),
            score=data.get("score"),
            details=data.get("details"),
            parts=tuple(Part(*p) for p in data.get("parts", ())),
        )


def _action(applied: AppliedEdit) -> str:
    edit = applied.edit
    if edit.replacement is None:
        return "note" if edit.note or edit.end == edit.start else "flag"
    if edit.start == edit.end:
        return "insert"
    return "remove" if edit.replacement == "" else "replace"


def _single(doc: str, stage: int, pass_name: str, applied: AppliedEdit) -> LogRecord:
    edit = applied.edit
    return LogRecord(
        doc=doc,
        stage=stage,
        pass_name=pass_name,
        rule=edit.rule,
        category=edit.category,
        action=_action(applied),
        start=edit.start,
        end=edit.end,
        line=applied.line,
        end_line=applied.end_line,
        text=applied.removed,
        replacement=edit.replacement,
        reason=edit.reason,
        score=edit.score,
        details=dict(edit.details) if edit.details else None,
    )


def _grouped(doc: str, stage: int, pass_name: str, run: list[AppliedEdit]) -> LogRecord:
    first, last = run[0], run[-1]
    record = _single(doc, stage, pass_name, first)
    return LogRecord(
        doc=doc,
        stage=stage,
        pass_name=pass_name,
        rule=record.rule,
        category=record.category,
        action=record.action,
        start=first.edit.start,
        end=last.edit.end,
        line=first.line,
        end_line=last.end_line,
        text=record.text,
        replacement=record.replacement,
        reason=record.reason,
        details=record.details,
        parts=tuple(
            Part(a.edit.start, a.edit.end, a.removed, a.edit.replacement or "") for a in run
        ),
    )


def records_for_stage(
    doc: str, stage: int, pass_name: str, applied: Iterable[AppliedEdit]
) -> list[LogRecord]:
    """Turn a stage's accepted edits into records, merging runs of groupable edits by rule."""
    records: list[LogRecord] = []
    run: list[AppliedEdit] = []

    def flush() -> None:
        if len(run) == 1:
            records.append(_single(doc, stage, pass_name, run[0]))
        elif run:
            records.append(_grouped(doc, stage, pass_name, run))
        run.clear()

    for item in applied:
        if item.edit.group and item.edit.changes_text:
            if run and run[0].edit.rule != item.edit.rule:
                flush()
            run.append(item)
            continue
        flush()
        records.append(_single(doc, stage, pass_name, item))
    flush()
    return records


def record_line(record: LogRecord) -> bytes:
    """One log line as UTF-8. A file name that is not UTF-8 holds lone surrogates;
    they are written as JSON ``\\udcXX`` escapes, which read back as the same name.
    """
    line = json.dumps(record.to_dict(), ensure_ascii=False)
    return line.encode("utf-8", "backslashreplace") + b"\n"


def write_records(records: Iterable[LogRecord], stream: TextIO) -> None:
    for record in records:
        stream.write(record_line(record).decode("utf-8"))


def read_records(stream: TextIO) -> Iterator[LogRecord]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield LogRecord.from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"log line {number}: {error}") from error
