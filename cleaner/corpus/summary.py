"""What a corpus run did, counted: the lines at the end of a run, and the same as JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cleaner.api import Result
from cleaner.rules.limits import LIMITS_CATEGORY


def plural(number: int, noun: str, nouns: str | None = None) -> str:
    """``1 file``, ``2 files``; ``nouns`` for a plural that is not the noun and an s."""
    return f"{number:,} {noun if number == 1 else nouns or noun + 's'}"


@dataclass(slots=True)
class Summary:
    """Counts for the end-of-run report. ``flags`` counts findings per rule (damage
    beyond repair, say); a rule out of time is named in ``timed_out`` instead. Notes,
    the verdicts and facts a pass records (a paragraph scored and kept, front matter
    found), are not findings and are not counted."""

    files: int = 0
    documents: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    changed: int = 0
    repaired: int = 0
    refused: int = 0
    errors: int = 0
    skipped: int = 0
    resumed: int = 0
    stopped: int = 0
    over_limit: int = 0
    renamed: int = 0
    edits: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    #: Rules that ran out of time: each is skipped for the rest of the run once it has,
    #: and flagged once in each worker process, so it is named once, not counted.
    timed_out: set[str] = field(default_factory=set)

    def add(self, result: Result, size: int) -> None:
        """Count one cleaned document."""
        records = result.edits
        self.documents += 1
        self.bytes_in += size
        self.bytes_out += len(result.text.encode("utf-8")) if result.text else 0
        self.changed += result.changed
        self.stopped += result.status == "stopped"
        self.repaired += any(r.pass_name == "repair" and r.changes_text for r in records)
        for record in records:
            if record.changes_text:
                self.edits[record.category] += max(1, len(record.parts))
            elif record.action == "flag" and record.category == LIMITS_CATEGORY:
                self.timed_out.add(record.rule)
            elif record.action == "flag":
                self.flags[record.rule] += 1
        self.over_limit += any(r.category == "safety" for r in records)

    def merge(self, other: Summary) -> None:
        """Add another summary's counts (a finished source's) to these."""
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, Counter | set):
                mine.update(theirs)
            else:
                setattr(self, name, mine + theirs)

    @property
    def cleaned_nothing(self) -> bool:
        """No file was cleaned, by this run or by the interrupted one it resumed."""
        return not self.files and not self.resumed

    def why_nothing(self) -> str:
        """What happened instead, for a run that cleaned nothing."""
        parts = [
            plural(self.errors, "error") if self.errors else "",
            f"{plural(self.refused, 'file')} refused as binary" if self.refused else "",
            f"{self.skipped:,} skipped" if self.skipped else "",
        ]
        return ", ".join(p for p in parts if p) or "no files found"

    def lines(self) -> list[str]:
        out = [
            f"{plural(self.files, 'file')} cleaned ({plural(self.documents, 'document')}, "
            f"{self.changed:,} changed, {self.repaired:,} repaired), {self.refused:,} refused "
            f"as binary, {plural(self.errors, 'error')}, {self.skipped:,} skipped",
            f"bytes in {self.bytes_in:,}, out {self.bytes_out:,}",
        ]
        if self.resumed:
            out.append(
                f"{plural(self.resumed, 'file was', 'files were')} finished by the interrupted "
                "run (resumed)"
            )
        if self.renamed:
            out.append(f"{plural(self.renamed, 'page')} written as text under a text name")
        if self.edits:
            out.append(
                "edits by category: "
                + ", ".join(f"{c} {n:,}" for c, n in sorted(self.edits.items()))
            )
        if self.stopped:
            out.append(
                f"{plural(self.stopped, 'document')} hit the time limit "
                "(see 'limits.time' in the log)"
            )
        if self.over_limit:
            out.append(
                f"{plural(self.over_limit, 'document')} would lose more words than the limit "
                "allows (see 'safety.removed-share' in the log)"
            )
        if self.timed_out:
            out.append(
                "rules out of time, skipped for the rest of the run: "
                + ", ".join(sorted(self.timed_out))
            )
        if self.flags:
            out.append(
                "flagged, left as is: "
                + ", ".join(f"{r} {n:,}" for r, n in sorted(self.flags.items()))
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Every count, by name; the per-category and per-rule counts as objects."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, Counter):
                value = dict(sorted(value.items()))
            elif isinstance(value, set):
                value = sorted(value)
            out[name] = value
        return out
