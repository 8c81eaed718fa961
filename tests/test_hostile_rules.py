"""A user's rule file can neither hang a run nor run code: time limits, and data only."""

import json
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.core.log import read_records
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


def test_a_rule_that_timed_out_is_skipped_for_the_rest_of_the_run_and_flagged_once(
    pack,
) -> None:
    """The time-out was paid once per document: 20 documents, 20 times the limit."""
    ruleset = RuleSet(load_rules([pack]), timeout_ms=250)
    # "Anzeige" above a capital: a line of its own (above "aaa..." it would start a sentence)
    documents = [f"{LONG_LINE}\nAnzeige\nText.\naab\n"] * 20
    started = time.perf_counter()
    edits = [ruleset.edits(text) for text in documents]
    assert time.perf_counter() - started < 2.5  # 20 time-outs would take 5 s
    flags = [[e for e in doc if e.replacement is None] for doc in edits]
    assert [len(f) for f in flags] == [1] + [0] * 19
    assert "skipped for the rest of the run" in flags[0][0].reason
    removed = [[documents[0][e.start : e.end] for e in doc if e.replacement == ""] for doc in edits]
    assert removed == [["Anzeige\n"]] * 20  # the other rule goes on; the hostile one is off
    assert ruleset.timed_out == {"user.backtracking"}


def test_a_time_out_is_counted_once_per_run_whatever_the_jobs(pack, tmp_path: Path) -> None:
    """Each worker process learns it on its own (one flag each in the log); the summary
    names the rule once."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"{n}.txt").write_text(f"{LONG_LINE}\nAnzeige\nText {n}.\n")
    config = tmp_path / "cleaner.toml"
    config.write_text(
        f"passes = ['rules']\n[rules]\nbuiltin = false\npaths = ['{pack}']\ntimeout_ms = 50\n"
    )
    for jobs in ("1", "2"):
        log = tmp_path / f"log{jobs}.jsonl"
        out = tmp_path / f"out{jobs}"
        result = CliRunner().invoke(
            main,
            [
                "clean",
                str(corpus),
                "-o",
                str(out),
                "--log",
                str(log),
                "-j",
                jobs,
                "--config",
                str(config),
                "--summary-json",
                str(tmp_path / f"summary{jobs}.json"),
            ],
        )
        assert result.exit_code == 0, result.stderr
        summary = json.loads((tmp_path / f"summary{jobs}.json").read_text())
        assert summary["timed_out"] == ["user.backtracking"] and summary["flags"] == {}
        flags = [r for r in read_records(log.open()) if r.action == "flag"]
        assert 1 <= len(flags) <= int(jobs)
        assert result.stderr.count("user.backtracking") == 1
        assert "rules out of time, skipped for the rest of the run: user.backtracking" in (
            result.stderr
        )
        assert all((out / f"{n}.txt").read_text() == f"{LONG_LINE}\nText {n}.\n" for n in range(6))


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
