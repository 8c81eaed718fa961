"""The seeds' line-level verdicts (shared/seeds/EXPECTED.md) for the rules pass.

Each seed runs through the passes that exist (decode, repair, normalize,
rules). For every line EXPECTED.md gives to a category of the rule packs, the
removal log must name exactly that category for that line; for prefix and
suffix cases only the named part goes and the rest of the line stays. Every
line marked keep must survive as a line of the output. Lines that belong to
other work (markup, duplicate, teaser, offtopic) and the one ambiguous line
are written down here but not asserted either way.

Line numbers are those of the input files. The rules pass sees the text after
normalize; for these seeds that text has the same lines (checked below), so
the log's line numbers are the input's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from cleaner.core.pipeline import Pipeline
from cleaner.rules.model import BOILERPLATE_CATEGORIES
from tests.conftest import FIXTURES

PASSES = ["decode", "repair", "normalize", "rules"]
RULE_CATEGORIES = BOILERPLATE_CATEGORIES


@dataclass(frozen=True)
class Part:
    """Only ``text`` goes from the line (a prefix or suffix), under ``category``."""

    category: str
    text: str


def span(first: int, last: int) -> range:
    return range(first, last + 1)


def verdicts(
    keep: list[int | range],
    remove: dict[str, list[int | range]] | None = None,
    parts: dict[int, Part] | None = None,
    other: dict[str, list[int | range]] | None = None,
) -> dict[int, str | Part]:
    """Line number -> "keep", a category (the whole line goes), a Part, or "other:<why>"."""
    table: dict[int, str | Part] = {}

    def put(lines: list[int | range], verdict: str | Part) -> None:
        for item in lines:
            for number in item if isinstance(item, range) else [item]:
                assert number not in table, f"line {number} has two verdicts"
                table[number] = verdict

    put(keep, "keep")
    for category, lines in (remove or {}).items():
        assert category in RULE_CATEGORIES
        put(lines, category)
    for number, part in (parts or {}).items():
        put([number], part)
    for why, lines in (other or {}).items():
        put(lines, f"other:{why}")
    return table


# Seed -> verdict per non-blank line, as EXPECTED.md gives them.
EXPECTED: dict[str, dict[int, str | Part]] = {
    "000": verdicts(
        keep=[span(1, 6), span(15, 37)],
        parts={13: Part("meta", " Stand: 19.06.2024 11:47 Uhr")},
        other={"markup": [7, 9], "duplicate": [11]},
    ),
    "001": verdicts(
        keep=[span(1, 6), 13, span(19, 49)],
        remove={"ad": [15, 17]},
        other={"markup": [7, 9], "teaser": [11], "offtopic": [51]},
    ),
    "002": verdicts(
        keep=[1, 3, span(8, 25)],
        remove={
            "nav": [5, 53, 54],
            "meta": [6],
            "player": [span(27, 41)],
            "comments": [42, span(44, 51)],
        },
    ),
    "003": verdicts(
        keep=[3, 5, 7, 9, 11],
        remove={"meta": [1]},
        parts={13: Part("signoff", "/mau/DP/mis")},
    ),
    "004": verdicts(
        keep=[5, 9, 13, 17, 23, 27, 31, 35, 39, 43],
        remove={
            "caption": [3, 7, 11, 15, 25, 29, 33, 37, 41, 45],
            "credit": [21],
        },
        parts={
            1: Part("meta", " date 2024-06 "),
            47: Part("signoff", " (red, APA, 19.6.2024)"),
        },
        other={"ambiguous": [19]},
    ),
}

SEEDS = {path.name[:3]: path for path in sorted((FIXTURES / "input").glob("*.txt"))}


def _non_blank(name: str) -> set[int]:
    lines = SEEDS[name].read_text(encoding="utf-8").split("\n")
    return {number for number, line in enumerate(lines, 1) if line.strip()}


# The spans above run over blank lines; verdicts are for the non-blank ones.
EXPECTED = {
    name: {n: v for n, v in table.items() if n in _non_blank(name)}
    for name, table in EXPECTED.items()
}
BEFORE_RULES = Pipeline(PASSES[:-1])
WITH_RULES = Pipeline(PASSES)


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def seed(request):
    """(name, input lines, lines the rules pass saw, cleaned document)."""
    name = request.param
    data = SEEDS[name].read_bytes()
    original = data.decode("utf-8").split("\n")
    seen = BEFORE_RULES.run(data, SEEDS[name].name).text.split("\n")
    return name, original, seen, WITH_RULES.run(data, SEEDS[name].name)


def rule_records(doc, number: int) -> list:
    """The rules pass's log records that cover line ``number``."""
    return [r for r in doc.log if r.pass_name == "rules" and r.line <= number <= r.end_line]


def test_every_non_blank_line_of_the_seed_has_a_verdict(seed) -> None:
    name, original, _, _ = seed
    non_blank = {n for n, line in enumerate(original, 1) if line.strip()}
    assert set(EXPECTED[name]) == non_blank


def test_the_rules_pass_sees_the_input_lines(seed) -> None:
    """Normalize keeps the seeds' line structure, so EXPECTED.md's numbers are the log's."""
    name, original, seen, _ = seed
    for number in EXPECTED[name]:
        assert seen[number - 1].strip(), f"line {number} is blank after normalize"
    assert [bool(line.strip()) for line in seen[: len(original)]] == [
        bool(line.strip()) for line in original
    ][: len(seen)]


def test_lines_of_a_rule_category_are_removed_under_that_category(seed) -> None:
    name, _, seen, doc = seed
    output = doc.text.split("\n")
    checked = 0
    for number, verdict in EXPECTED[name].items():
        if not (isinstance(verdict, str) and verdict in RULE_CATEGORIES):
            continue
        line = seen[number - 1].strip()
        records = rule_records(doc, number)
        assert records, f"{name}:{number} {line!r} should be removed ({verdict})"
        assert {r.category for r in records} == {verdict}, f"{name}:{number} {records}"
        assert any(line in r.text for r in records), f"{name}:{number} {records}"
        assert line not in (out.strip() for out in output), f"{name}:{number} is still there"
        checked += 1
    assert checked == sum(v in RULE_CATEGORIES for v in EXPECTED[name].values())


def test_prefix_and_suffix_parts_go_and_the_rest_of_the_line_stays(seed) -> None:
    name, _, seen, doc = seed
    output = [line.strip() for line in doc.text.split("\n")]
    for number, verdict in EXPECTED[name].items():
        if not isinstance(verdict, Part):
            continue
        line = seen[number - 1]
        records = rule_records(doc, number)
        assert [(r.category, r.text) for r in records] == [(verdict.category, verdict.text)]
        assert verdict.text in line
        rest = line.replace(verdict.text, "", 1).strip()
        assert len(rest) > 40
        assert rest in output, f"{name}:{number}: the rest of the line is not kept"


def test_lines_marked_keep_survive(seed) -> None:
    name, _, seen, doc = seed
    output = set(doc.text.split("\n"))
    for number, verdict in EXPECTED[name].items():
        if verdict == "keep":
            assert seen[number - 1] in output, f"{name}:{number} {seen[number - 1][:60]!r} lost"
            assert rule_records(doc, number) == [], f"{name}:{number} was touched by a rule"


def test_the_rules_touch_only_lines_with_a_rule_verdict_or_other_work(seed) -> None:
    """Nothing is removed from lines that EXPECTED.md keeps; 'other' lines are not judged."""
    name, _, _, doc = seed
    for record in (r for r in doc.log if r.pass_name == "rules"):
        for number in range(record.line, record.end_line + 1):
            verdict = EXPECTED[name].get(number, "blank")
            assert verdict != "keep", f"{name}:{number} removed by {record.rule}"


def test_seed_002_keeps_its_kicker_and_headline_and_003_its_dateline() -> None:
    text_002 = WITH_RULES.run(SEEDS["002"].read_bytes(), "002").text
    assert text_002.startswith(
        "Gegen den Westen\n\nPutin und Kim besiegeln „strategische Festung“\n"
    )
    text_003 = WITH_RULES.run(SEEDS["003"].read_bytes(), "003").text
    first_003 = next(line for line in text_003.split("\n") if line.strip())
    assert first_003.startswith("PJÖNGJANG (dpa-AFX) - Russlands Präsident Wladimir Putin")
    text_001 = WITH_RULES.run(SEEDS["001"].read_bytes(), "001").text
    assert "\nPjöngjang. Die Atommächte Russland und Nordkorea" in text_001


def test_the_seed_files_are_those_in_shared_when_it_is_there() -> None:
    shared = FIXTURES.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    for name, path in SEEDS.items():
        assert (shared / path.name).read_bytes() == path.read_bytes(), name


def test_expected_categories_in_this_file_match_expected_md() -> None:
    """The tables above name the same categories per seed as EXPECTED.md does."""
    expected_md = FIXTURES.parent.parent / "shared" / "seeds" / "EXPECTED.md"
    if not expected_md.exists():
        pytest.skip("../shared/seeds/EXPECTED.md is not beside the repository")
    text = expected_md.read_text(encoding="utf-8")
    for name, table in EXPECTED.items():
        section = text.split(f"## {SEEDS[name].name}")[1].split("\n## ")[0]
        named = {
            category
            for category in RULE_CATEGORIES
            if f"({category})" in section or f"({category}, " in section
        }
        used = {v if isinstance(v, str) else v.category for v in table.values()}
        assert named == used & RULE_CATEGORIES, name


def test_restore_gives_back_the_normalized_input(seed) -> None:
    """Every removal is in the log: applying the rules' records backwards restores the text."""
    name, _, seen, doc = seed
    text = doc.text
    records = [r for r in doc.log if r.pass_name == "rules"]
    # Edits of one pass are in the coordinates of the text it saw: put the removed
    # pieces back from the first to the last, and each lands where it was taken from.
    for record in sorted(records, key=lambda r: r.start):
        text = text[: record.start] + record.text + text[record.start :]
    assert text == "\n".join(seen), name


def test_a_path_exists_for_every_seed() -> None:
    assert set(SEEDS) == set(EXPECTED)
    assert all(isinstance(path, Path) and path.exists() for path in SEEDS.values())
