"""All five seeds through the default pipeline, line by line as EXPECTED.md says.

The verdicts are the table in test_seed_rules (the rules pass's own test);
here every category counts, the structure passes' too (markup, duplicate,
teaser, offtopic), and the check is on the final output and the whole log.
"""

from __future__ import annotations

import pytest

from cleaner.core.pipeline import Pipeline
from tests.test_seed_rules import EXPECTED, SEEDS, Part

ENCODING = Pipeline(["decode", "controls", "repair", "normalize"])
DEFAULT = Pipeline()


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def seed(request):
    """(name, lines as the removal passes saw them, output lines, log)."""
    name = request.param
    data = SEEDS[name].read_bytes()
    seen = ENCODING.run(data, SEEDS[name].name).text.split("\n")
    doc = DEFAULT.run(data, SEEDS[name].name)
    return name, seen, doc.text.split("\n"), doc.log


def _removed_under(log, category: str, text: str) -> bool:
    return any(r.category == category and text in r.text for r in log if r.changes_text)


def test_every_line_meets_its_verdict(seed) -> None:
    name, seen, output, log = seed
    problems = []
    for number, verdict in sorted(EXPECTED[name].items()):
        line = seen[number - 1].strip()
        if verdict == "other:ambiguous":
            continue
        if verdict == "keep":
            if line not in output:
                problems.append(f"{name}:{number} kept line is missing: {line[:60]!r}")
        elif isinstance(verdict, Part):
            rest = line.replace(verdict.text.strip(), "").strip()
            if rest not in output or not _removed_under(
                log, verdict.category, verdict.text.strip()
            ):
                problems.append(f"{name}:{number} part {verdict.text!r} not removed alone")
        else:
            category = verdict.removeprefix("other:")
            if line in output or not _removed_under(log, category, line):
                problems.append(f"{name}:{number} not removed as {category}: {line[:60]!r}")
    assert problems == []


def test_nothing_else_is_removed(seed) -> None:
    """Every output line is a kept line or what a partial removal left of one."""
    name, seen, output, _ = seed
    allowed = set()
    for number, verdict in EXPECTED[name].items():
        line = seen[number - 1].strip()
        if verdict in ("keep", "other:ambiguous"):
            allowed.add(line)
        elif isinstance(verdict, Part):
            allowed.add(line.replace(verdict.text.strip(), "").strip())
    assert [line for line in output if line.strip() and line not in allowed] == []
