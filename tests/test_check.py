"""cleaner check: findings at the file's own lines, exit codes, --fix, errors named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner.api import Cleaner
from cleaner.check.findings import FileCheck, _in_parallel, findings
from cleaner.cli import main
from cleaner.corpus.files import Source
from tests.conftest import FIXTURES

DIRTY = (
    b"Titel\r\n\r\n\r\n\r\nErster Absatz mit etwas Text.   \r\n"
    b"Anzeige\r\nZweiter Absatz.\r\n\r\n\r\n"
)
CLEAN = "Ein sauberer Absatz.\n\nNoch einer.\n"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test in its own folder and cache, away from any cleaner.toml above it."""
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def test_findings_name_lines_of_the_file_and_nothing_changes() -> None:
    Path("doc.txt").write_bytes(DIRTY)
    result = check("doc.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        r"doc.txt:1: normalize.newlines normalize: '\r\n' -> '\n' (9 edits, lines 1-9)",
        r"doc.txt:2: normalize.blank-lines normalize: '\n\n\n\n' -> '\n\n' (2 edits, lines 2-9)",
        "doc.txt:5: normalize.trailing-whitespace normalize: '   '",
        "doc.txt:6: de.ad.marker ad: Anzeige",
        r"doc.txt:8: normalize.final-newline normalize: '\n\n' -> '\n'",
    ]
    assert Path("doc.txt").read_bytes() == DIRTY
    ad = next(r for r in Cleaner().clean(DIRTY).edits if r.category == "ad")
    assert ad.line != 6  # its own stage saw fewer lines: the report undid the earlier stages
    assert "1 would change" in result.stderr


def test_a_clean_file_passes_silently() -> None:
    Path("clean.txt").write_text(CLEAN, encoding="utf-8")
    result = check("clean.txt")
    assert (result.exit_code, result.stdout) == (0, "")


def test_300_trailing_spaces_are_one_finding() -> None:
    Path("spaces.txt").write_text("".join(f"Zeile {n}.  \n" for n in range(300)))
    result = check("spaces.txt")
    assert result.stdout.splitlines() == [
        "spaces.txt:1: normalize.trailing-whitespace normalize: '  ' (300 edits, lines 1-300)"
    ]


def test_blank_lines_left_by_a_removal_are_part_of_it() -> None:
    Path("doc.txt").write_text("Erster Absatz mit Text.\n\nAnzeige\n\nZweiter Absatz.\n")
    assert check("doc.txt").stdout.splitlines() == ["doc.txt:3: de.ad.marker ad: Anzeige"]


def test_invisible_and_long_text_is_shown_escaped_and_shortened() -> None:
    text = "Ein\u00a0Absatz. " + "Sehr langer Satz mit vielen Wörtern " * 4 + "\n"
    record_text = [f.text for f in findings(*_cleaned(text)) if f.rule == "normalize.spaces"]
    assert record_text == ["'\\xa0' -> ' '"]
    repeated = "Dieser lange Absatz kommt zweimal vor, und die zweite Kopie wird entfernt."
    Path("long.txt").write_text(f"Titel\n\n{repeated}\n\nAnderer Text.\n\n{repeated}\n")
    assert check("long.txt").stdout.splitlines() == [
        "long.txt:7: duplicate.paragraph duplicate: "
        "Dieser lange Absatz kommt zweimal vor, und die zweite Kopie…"
    ]


def _cleaned(text: str) -> tuple[str, list]:
    result = Cleaner().clean(text.encode("utf-8"))
    return result.text, list(result.edits)


def test_another_encoding_is_a_finding_because_fix_rewrites_it_as_utf8() -> None:
    Path("latin.txt").write_bytes("Crème brûlée, très bon et très sucré.\n".encode("cp1252"))
    result = check("latin.txt")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("latin.txt:1: decode.") and "written as UTF-8" in line


def test_fix_writes_what_clean_would_and_then_the_file_passes() -> None:
    seeds = sorted((FIXTURES / "input").glob("*.txt"))[:3]
    for seed in seeds:
        shutil.copy(seed, seed.name)
    Path("clean.txt").write_text(CLEAN, encoding="utf-8")
    result = check("--fix", ".")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [seed.name for seed in seeds]
    assert all(line.endswith(" edits)") for line in lines)
    for seed in seeds:
        expected = Cleaner().clean(seed.read_bytes(), seed.name).text
        assert Path(seed.name).read_text(encoding="utf-8") == expected
    assert Path("clean.txt").read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in Path(".").iterdir()) == sorted(
        [seed.name for seed in seeds] + ["clean.txt"]
    )  # no log and no temporary files left
    assert check(".").exit_code == 0


def test_fix_with_a_log_can_be_restored() -> None:
    Path("doc.txt").write_bytes(DIRTY)
    result = check("--fix", "--log", "fix.jsonl", "doc.txt")
    assert result.stdout == "doc.txt: fixed (14 edits)\n"  # 9 line endings, 2 blank runs, 3 more
    restored = CliRunner().invoke(main, ["restore", "doc.txt", "--log", "fix.jsonl"])
    assert restored.exit_code == 0
    assert restored.stdout_bytes == DIRTY


def test_log_without_fix_is_a_usage_error() -> None:
    Path("doc.txt").write_bytes(DIRTY)
    result = check("--log", "x.jsonl", "doc.txt")
    assert result.exit_code == 2 and "--log needs --fix" in result.stderr
    assert not Path("x.jsonl").exists()


def test_fix_refuses_a_log_that_is_one_of_the_files_and_skips_its_own_log() -> None:
    """The log overwrote the file it named; inside a checked folder it was read as a file."""
    Path("corpus").mkdir()
    Path("corpus/doc.txt").write_bytes(DIRTY)
    result = check("--fix", "--log", "corpus/doc.txt", "corpus")
    assert (
        result.exit_code == 2 and "--log corpus/doc.txt is one of the input files" in result.stderr
    )
    assert Path("corpus/doc.txt").read_bytes() == DIRTY
    result = check("--fix", "--log", "corpus/fix.jsonl", "corpus")
    assert result.stdout == "corpus/doc.txt: fixed (14 edits)\n"
    again = check("--fix", "--log", "corpus/fix.jsonl", "corpus")  # the log is there now
    assert "skipped corpus/fix.jsonl: this run's own log or journal" in again.stderr
    assert again.exit_code == 0 and again.stdout == ""


def test_binary_files_are_skipped_in_folders_and_an_error_when_named() -> None:
    Path("data").mkdir()
    Path("data/image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    Path("data/clean.txt").write_text(CLEAN)
    walked = check("data")
    assert walked.exit_code == 0 and "skipped data/image.png" in walked.stderr
    named = check("data/image.png", "data/clean.txt")
    assert named.exit_code == 123
    assert "error: data/image.png:" in named.stderr


def test_records_files_are_refused_not_read_as_text() -> None:
    Path("docs.jsonl").write_text('{"text": "Anzeige"}\n{"text": "Anzeige"}\n')
    result = check("docs.jsonl")
    assert result.exit_code == 123
    assert "docs.jsonl: jsonl records" in result.stderr


def test_an_unreadable_file_is_named_and_exits_123(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("locked.txt").write_bytes(DIRTY)
    Path("other.txt").write_bytes(DIRTY)
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = check("locked.txt", "other.txt")
    assert result.exit_code == 123
    assert "error: locked.txt: cannot read: Permission denied" in result.stderr
    assert "other.txt:6: de.ad.marker ad: Anzeige" in result.stdout


def test_a_failure_inside_cleaner_names_the_file_and_the_others_are_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Path("a.txt").write_bytes(DIRTY)
    Path("b.txt").write_bytes(DIRTY)
    real = Cleaner.clean

    def clean(self: Cleaner, data: bytes | str, id: str = "<text>"):
        if id == "a.txt":
            raise RuntimeError("a bug in a pass")
        return real(self, data, id)

    monkeypatch.setattr(Cleaner, "clean", clean)
    result = check("a.txt", "b.txt")
    assert result.exit_code == 123
    assert "error: a.txt: internal error: RuntimeError: a bug in a pass" in result.stderr
    assert "b.txt:6: de.ad.marker ad: Anzeige" in result.stdout


def test_jobs_give_the_same_report_in_the_same_order() -> None:
    for seed in sorted((FIXTURES / "input").glob("*.txt")):
        shutil.copy(seed, seed.name)
    Path("clean.txt").write_text(CLEAN)
    one = check("--no-cache", ".")
    two = check("--no-cache", "--jobs", "2", ".")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stdout.count("\n") > 10


class _FailsOnA(Cleaner):
    """A cleaner with a bug that only file a.txt shows; importable by worker processes."""

    def clean(self, data: bytes | str, id: str = "<text>"):
        if id == "a.txt":
            raise RuntimeError("a bug in a pass")
        return super().clean(data, id)


def test_with_jobs_a_failing_file_is_found_and_the_others_are_checked() -> None:
    entries = [
        (Source(Path("a.txt"), "a.txt"), DIRTY),
        (Source(Path("b.txt"), "b.txt"), DIRTY),
        FileCheck(Source(Path("c.txt"), "c.txt"), cached=True),
        (Source(Path("d.txt"), "d.txt"), CLEAN.encode()),
    ]
    verdicts = list(_in_parallel(_FailsOnA(), iter(entries), None, 2))
    assert [v.source.relative for v in verdicts] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert verdicts[0].internal and "RuntimeError: a bug in a pass" in (verdicts[0].error or "")
    assert verdicts[1].output is not None and verdicts[1].error is None
    assert verdicts[2].cached
    assert (verdicts[3].output, verdicts[3].error) == (None, None)


def test_config_is_found_as_clean_finds_it() -> None:
    Path("cleaner.toml").write_text('passes = ["decode", "normalize"]\n')
    Path("doc.txt").write_bytes(DIRTY)
    result = check("doc.txt")
    assert result.exit_code == 1
    assert "de.ad.marker" not in result.stdout and "normalize.newlines" in result.stdout


def test_a_bad_option_is_a_usage_error_when_the_pipeline_is_first_built() -> None:
    Path("cleaner.toml").write_text("[markup]\nbogus = 1\n")
    Path("doc.txt").write_bytes(DIRTY)
    result = check("doc.txt")
    assert result.exit_code == 2
    assert "cleaner.toml: pass 'markup': bad options" in result.stderr
