"""The run journal: which sources a folder run has finished, so ``--resume`` can skip them.

Sources are finished one at a time, in order, so the journal and the log grow
together. For each source the runner writes its log records, then one journal
line (where its records start and end in the log, and the SHA-256 of the
output it is about to rename into place), then renames the output. Every line
but the last is therefore finished. The last is finished exactly when the
target holds that digest; if it does not, its records are cut from the log
and the source is done again. The journal is removed when a run completes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.corpus.files import file_digest


class JournalError(ValueError):
    """A journal that does not belong to this run, or cannot be read."""


@dataclass(frozen=True, slots=True)
class Resumed:
    """What an interrupted run finished: its sources, and how much of its log and of its
    journal (bytes: the header and the finished entries) to keep."""

    done: frozenset[str]
    log_size: int
    journal_size: int


def fingerprint(parts: list[str]) -> str:
    """Names the run (sources, output, configuration); a journal resumes only its own run."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def journal_path(log_path: Path) -> Path:
    return log_path.with_name(log_path.name + ".journal")


def read_journal(path: Path, run: str) -> Resumed:
    """The finished part of the interrupted run whose journal is at ``path``.

    Read a line at a time: resuming a run of a million files keeps their names,
    not a million parsed entries.
    """
    done: set[str] = set()
    last: dict[str, Any] | None = None
    try:
        with path.open("rb") as stream:
            first = stream.readline()
            header = json.loads(first.decode("ascii"))
            kept = end = len(first)  # bytes before ``last``, and with it
            for line in stream:
                if last is not None:
                    done.add(last["source"])
                    kept = end
                last = json.loads(line.decode("ascii"))
                end += len(line)
    except (OSError, UnicodeError, ValueError, KeyError) as error:
        raise JournalError(f"{path}: cannot read the journal ({error})") from None
    if header.get("run") != run:
        raise JournalError(
            f"{path}: the journal is from a different run (other sources, output or "
            "configuration); run without --resume to start over"
        )
    if last is None:
        return Resumed(frozenset(), 0, kept)
    finished = last["sha256"] is None or _holds(Path(last["target"]), last["sha256"])
    if finished:
        done.add(last["source"])
        kept = end
    return Resumed(frozenset(done), last["log_end"] if finished else last["log_start"], kept)


def _holds(path: Path, digest: str) -> bool:
    try:
        return file_digest(path) == digest
    except OSError:
        return False


class Journal:
    """Appends one line per finished source; flushed per line, so a killed run leaves it whole."""

    def __init__(self, path: Path, run: str, resumed: Resumed | None) -> None:
        self.path = path
        self.stream: IO[bytes]
        if resumed is None:
            self.stream = path.open("wb")
            self._write({"journal": 1, "run": run})
        else:  # cut back to the finished entries, and go on after them
            self.stream = path.open("r+b")
            self.stream.truncate(resumed.journal_size)
            self.stream.seek(resumed.journal_size)
        self._last = self.stream.tell()

    def _write(self, entry: dict[str, Any]) -> None:
        self._last = self.stream.tell()
        self.stream.write(json.dumps(entry).encode("ascii") + b"\n")  # any file name survives
        self.stream.flush()

    def record(
        self, source: str, target: Path, log_start: int, log_end: int, digest: str | None
    ) -> None:
        """``digest`` ``None``: nothing is renamed (an unchanged file in place)."""
        self._write(
            {
                "source": source,
                "target": os.fspath(target),
                "log_start": log_start,
                "log_end": log_end,
                "sha256": digest,
            }
        )

    def retract(self) -> None:
        """Take the last entry back: its rename failed, so the source is not finished."""
        self.stream.truncate(self._last)
        self.stream.seek(self._last)
        self.stream.flush()

    def close(self, complete: bool) -> None:
        self.stream.close()
        if complete:
            self.path.unlink(missing_ok=True)
