"""A user's rule file can neither hang a run nor run code: time limits, and data only."""

import textwrap
import time
from pathlib import Path

import pytest

from cleaner.core.pipeline import Pipeline
from cleaner.rules import RuleSet, load_rules
from cleaner.rules.limits import LIMITS_CATEGORY

#: ``(?:a|aa)+b`` tries every way of cutting a run of a's in ones and twos before it
#: gives up on a line such as "aaa...acab": exponential in the run's length.
HOSTILE = textwrap.dedent(
    r"""
    [[rule]]
    id = "user.backtracking"
    category = "ad"
    scope = "line"
    pattern = '(?:a|aa)+b'
    remove = ["aab"]

    [[rule]]
    id = "user.marker"
    category = "ad"
    scope = "line"
    pattern = 'Anzeige'
    remove = ["Anzeige"]
    """
)
LONG_LINE = "a" * 20_000 + "cab"
TIMEOUT_MS = 50


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_a_backtracking_rule_times_out_is_flagged_once_and_the_others_still_match(pack) -> None:
    ruleset = RuleSet(load_rules([pack]), timeout_ms=TIMEOUT_MS)
    # "Anzeige" is followed by a capital: a line of its own, not a sentence going on below.
    text = f"Titel\n{LONG_LINE}\nAnzeige\nText.\n{LONG_LINE}\n"
    started = time.perf_counter()
    edits = ruleset.edits(text)
    assert time.perf_counter() - started < 20  # without the limit: longer than a lifetime
    flags = [e for e in edits if e.replacement is None]
    assert [(f.rule, f.category) for f in flags] == [("user.backtracking", LIMITS_CATEGORY)]
    assert "timed out after 50 ms on line 2" in flags[0].reason
    assert flags[0].start == len("Titel\n") and flags[0].end > flags[0].start
    removed = [text[e.start : e.end] for e in edits if e.replacement == ""]
    assert removed == ["Anzeige\n"]


def test_the_flag_reaches_the_log_and_the_summary_counts_it(pack) -> None:
    options = {"rules": {"builtin": False, "paths": [str(pack)], "timeout_ms": TIMEOUT_MS}}
    pipeline = Pipeline(["rules"], options)
    doc = pipeline.run(f"{LONG_LINE}\nAnzeige\n")
    assert doc.text == f"{LONG_LINE}\n"
    flags = [r for r in doc.log if r.action == "flag"]
    assert [(r.rule, r.category, r.line) for r in flags] == [
        ("user.backtracking", LIMITS_CATEGORY, 1)
    ]


def test_a_rule_skipped_in_one_document_is_tried_again_in_the_next(pack) -> None:
    ruleset = RuleSet(load_rules([pack]), timeout_ms=TIMEOUT_MS)
    assert any(e.replacement is None for e in ruleset.edits(LONG_LINE + "\n"))
    assert [e.rule for e in ruleset.edits("aab\n")] == ["user.backtracking"]


def test_the_time_limit_must_be_a_positive_number() -> None:
    with pytest.raises(ValueError, match="timeout_ms must be a positive number"):
        Pipeline(["rules"], {"rules": {"timeout_ms": 0}})


def test_a_rule_file_is_data_python_in_it_is_a_pattern_or_a_phrase(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"__import__('os').system('touch {marker}')"
    path = tmp_path / "code.toml"
    path.write_text(
        textwrap.dedent(
            f"""
            [[rule]]
            id = "user.code-pattern"
            category = "ad"
            scope = "line"
            pattern = "{code}"
            remove = ["{code}"]

            [[rule]]
            id = "user.code-phrase"
            category = "ad"
            scope = "line"
            phrases = ["exec(open('x').read())"]
            remove = ["exec(open('x').read())"]
            """
        ),
        encoding="utf-8",
    )
    rules = list(load_rules([path]))
    assert rules[0].pattern == code
    ruleset = RuleSet(rules)
    text = f"{code}\nexec(open('x').read())\nKein Code.\n"
    edits = ruleset.edits(text)
    assert not marker.exists()
    # As a regex the parentheses group and the dot is any character, so the code line
    # itself is not matched; the phrase is plain text and takes exactly its line.
    assert [(e.rule, text[e.start : e.end]) for e in edits] == [
        ("user.code-phrase", "exec(open('x').read())\n")
    ]
