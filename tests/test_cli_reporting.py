"""What the command line says: unknown names refused with the known ones, an honest
progress estimate, -q and -v, the summary as JSON, check's findings as JSON, plurals, and
verdicts kept apart from findings."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner.cli import main
from cleaner.cli.progress import Progress
from cleaner.passes.rules import select_rules
from tests.conftest import FIXTURES

SEEDS = sorted((FIXTURES / "input").glob("*.txt"))
DAMAGED = "Teilen auf Facebook\r\nGr\u00c3\u00bc\u00c3\u009fe aus K\u00c3\u00b6ln.  \r\n".encode()
LIGHT = ["--passes", "decode,repair,normalize"]  # no rules to compile: fast


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_bytes(DAMAGED)
    (root / "b.txt").write_text("Schon sauber.\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return root


# --- point 9: unknown names are errors naming the known values --------------------------------


def test_an_unknown_category_is_refused_naming_the_known_ones(corpus: Path, tmp_path: Path) -> None:
    known = ", ".join(sorted({rule.category for rule in select_rules()}))
    out = str(tmp_path / "out")
    for flag in (["--disable-category", "nonsense"],):
        result = CliRunner().invoke(main, ["clean", str(corpus), "-o", out, *flag])
        assert result.exit_code == 2
        assert f"unknown rule category 'nonsense' (known categories: {known})" in result.output
    config = tmp_path / "cleaner.toml"
    config.write_text('[rules]\ncategories = ["ad", "nonsens"]\n')
    result = CliRunner().invoke(main, ["clean", str(corpus), "-o", out, "--config", str(config)])
    assert result.exit_code == 2
    assert "unknown rule category 'nonsens'" in result.output


def test_an_unknown_rule_is_refused_with_the_closest_ids_and_where_to_see_all(
    corpus: Path, tmp_path: Path
) -> None:
    args = ["clean", str(corpus), "-o", str(tmp_path / "out"), "--disable-rule", "de.ad.markr"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "unknown rule 'de.ad.markr' (did you mean de.ad.marker or" in result.output
    assert "'cleaner rules list' shows every rule" in result.output


# --- point 10: the estimate of the time left ----------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_estimate_leaves_out_the_start_up_before_the_first_file() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = Progress(1000, stream, clock)
    clock.now = 10.0  # the workers took 10 s to start; the first file comes then
    progress.advance()
    assert progress.eta(clock.now) is None and "ETA" not in progress.line(clock.now)
    for _ in range(100):  # then 100 files a second
        clock.now += 0.01
        progress.advance()
    assert progress.eta(clock.now) == pytest.approx(8.99)  # click's bar said 89 s
    assert progress.line(clock.now).endswith("101/1,000  10%  ETA 0:00:09")
    progress.close()
    assert stream.getvalue().startswith("\rcleaning  [") and stream.getvalue().endswith("\n")


# --- point 11: -q, -v, --summary-json, check --output-format json, plurals, verdicts ----------


def test_quiet_prints_errors_only(corpus: Path, tmp_path: Path) -> None:
    result = invoke("clean", str(corpus), "-o", str(tmp_path / "out"), "-q", *LIGHT)
    assert (result.exit_code, result.stderr) == (0, "")  # the refused image: not an error
    named = invoke("clean", str(corpus / "image.png"), "-o", str(tmp_path / "o2"), "-q", *LIGHT)
    assert named.exit_code == 1
    assert named.stderr.startswith(f"cleaner: error: {corpus / 'image.png'}: ")
    assert named.stderr.count("\n") == 2  # the file's error, and that nothing was cleaned


def test_verbose_says_where_each_file_went(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("clean", str(corpus), "-o", str(out), "-v", *LIGHT)
    assert result.exit_code == 0, result.stderr
    assert f"cleaner: {corpus / 'a.txt'} -> {out / 'a.txt'} (4 edits)\n" in result.stderr
    assert f"cleaner: {corpus / 'b.txt'} -> {out / 'b.txt'} (unchanged)\n" in result.stderr
    both = CliRunner().invoke(main, ["clean", str(corpus), "-o", str(out), "-q", "-v"])
    assert both.exit_code == 2 and "exclude each other" in both.output


def test_the_summary_as_json_to_a_file_and_to_stdout(corpus: Path, tmp_path: Path) -> None:
    out, log, report = tmp_path / "out", tmp_path / "log.jsonl", tmp_path / "summary.json"
    args = ["clean", str(corpus), "-o", str(out), "--log", str(log), *LIGHT]
    assert invoke(*args, "--summary-json", str(report)).exit_code == 0
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert {k: summary[k] for k in ("files", "documents", "changed", "refused", "errors")} == {
        "files": 2,
        "documents": 2,
        "changed": 1,
        "refused": 1,
        "errors": 0,
    }
    assert summary["edits"] == {"encoding": 1, "normalize": 3}  # two CRLFs, the trailing spaces
    assert (summary["log"], summary["exit_status"]) == (str(log), 0)
    to_stdout = invoke(*args, "--summary-json", "-", "-q")
    assert json.loads(to_stdout.stdout) == summary


def test_check_writes_its_findings_as_json_for_ci(corpus: Path) -> None:
    (corpus / "image.png").unlink()
    result = invoke("check", str(corpus), "--no-cache", "--output-format", "json", *LIGHT)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert {f["file"] for f in findings} == {str(corpus / "a.txt")}
    assert all(set(f) == {"file", "line", "rule", "category", "message"} for f in findings)
    found = {(f["line"], f["rule"], f["category"]) for f in findings}
    assert (2, "repair.mojibake", "encoding") in found  # the mojibake is on line 2
    assert (1, "normalize.newlines", "normalize") in found
    github = invoke("check", str(corpus), "--no-cache", "--output-format", "github", *LIGHT)
    assert github.stdout.startswith(f"::warning file={corpus / 'a.txt'},line=1,title=")


def test_one_file_and_one_document_are_singular(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(DAMAGED)
    result = invoke("clean", str(tmp_path / "a.txt"), "-o", f"{tmp_path / 'out'}/", *LIGHT)
    first = result.stderr.splitlines()[0]
    assert first == (
        "cleaner: 1 file cleaned (1 document, 1 changed, 1 repaired), 0 refused as binary, "
        "0 errors, 0 skipped"
    )


def test_verdicts_are_notes_kept_out_of_the_flag_counts(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    shutil.copytree(FIXTURES / "input", corpus)
    (corpus / "post.md").write_text("---\ntitle: Post\n---\nDer Rat tagte.\n", encoding="utf-8")
    log = tmp_path / "log.jsonl"
    result = invoke("clean", str(corpus), "-o", str(tmp_path / "out"), "--log", str(log))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    verdicts = [r for r in records if r["rule"] in ("offtopic.scored", "frontmatter.found")]
    assert len(verdicts) >= len(SEEDS) + 1 and {r["action"] for r in verdicts} == {"note"}
    assert "offtopic.scored" not in result.stderr and "frontmatter" not in result.stderr
