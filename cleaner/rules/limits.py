"""A time limit on every match a rule tries, so that one hostile pattern cannot hang a run.

A user's rule such as ``(?:a|aa)+b`` backtracks for longer than the age of the
universe on a long line. Each match is given the regex module's ``timeout``
(CPU seconds, scaled up for very long lines); a rule that runs out of it is
reported as a flag (text kept) in category ``limits``, naming the rule and the
line, and skipped for the rest of the run: a pattern that hangs on one page
will hang on the next one like it, and paying its limit once per document
made 20 documents cost 20 times the limit. "The run" is the rule set's life
in one process: each worker of a parallel run learns it once for itself.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from cleaner.core.edits import Edit
from cleaner.core.limits import Budget, OutOfTime
from cleaner.rules.model import Rule
from cleaner.text.lines import TextLines

#: The log category of a rule's time-out: a limit of the run, not a kind of boilerplate.
LIMITS_CATEGORY = "limits"
#: How long one match of one rule on one line may take, for lines of up to
#: ``SCALE_CHARS`` characters; a longer line gets as many times more as it is longer,
#: since real rules take time in proportion to the line. The slowest built-in rule
#: needs about a fifth of that per million characters, even on a line it is worst on
#: (``python bench/rules_on_benchmarks.py --per-rule``).
DEFAULT_TIMEOUT_MS = 1000.0
SCALE_CHARS = 1_000_000
#: How much of the line a time-out flag shows in the log.
FLAG_CHARS = 80

Matcher = Callable[..., "regex.Match[str] | None"]


def check_timeout(timeout_ms: float) -> float:
    """``timeout_ms`` in seconds, refused unless it is a positive number."""
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int | float) or timeout_ms <= 0:
        raise ValueError(f"rules: timeout_ms must be a positive number, not {timeout_ms!r}")
    return timeout_ms / 1000


class Watch:
    """One document's time limits: the flags saying which rules ran out of time on it.

    ``timed_out`` is the rule set's own set of the rules that ran out of time earlier
    in the run; a rule in it is not tried, and a rule that runs out of time here joins it.
    ``budget`` is the document's time left: no match may run past it, and running out
    of it is the document's stop (``OutOfTime``), not the rule's fault.
    """

    def __init__(
        self, timeout: float, lines: TextLines, timed_out: set[str], budget: Budget
    ) -> None:
        self.timeout = timeout
        self.lines = lines
        self.timed_out = timed_out
        self.budget = budget
        self.flags: list[Edit] = []

    def match(self, rule: Rule, method: Matcher, index: int) -> regex.Match[str] | None:
        """``method`` (a compiled pattern's fullmatch, match or search) on line ``index``'s
        content, or ``None`` when the rule does not match or has run out of time."""
        if rule.id in self.timed_out:
            return None
        content = self.lines.content[index]
        timeout = self.timeout * max(1.0, len(content) / SCALE_CHARS)
        left = self.budget.remaining(timeout)
        if left <= 0:
            raise OutOfTime
        try:
            return method(content, timeout=left)
        except TimeoutError:
            if left < timeout:
                raise OutOfTime from None
            self.skip(rule, index, timeout)
            return None

    def skip(self, rule: Rule, index: int, timeout: float) -> None:
        """Switch ``rule`` off for the rest of the run and flag the line it timed out on."""
        self.timed_out.add(rule.id)
        begin = self.lines.start(index) + self.lines.lead(index)
        size = len(self.lines.content[index])
        self.flags.append(
            Edit(
                begin,
                begin + min(size, FLAG_CHARS),
                None,
                rule.id,
                LIMITS_CATEGORY,
                f"rule {rule.id} timed out after {timeout * 1000:g} ms on line {index + 1} "
                f"({size:,} characters); skipped for the rest of the run ({rule.source})",
                details={"timeout_ms": round(timeout * 1000, 3), "line": index + 1},
            )
        )
