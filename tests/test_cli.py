"""The command line over folders: mirroring, in place, errors, jobs, restore."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from tests.conftest import FIXTURES


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "de" / "nested").mkdir(parents=True)
    (root / "de" / "a.txt").write_bytes("Grüße aus Köln.\r\n\r\n\r\nZweiter Absatz. \r\n".encode())
    (root / "de" / "nested" / "b.md").write_bytes("Stra\u00dfe\u00a0Nr. 5\n".encode("cp1252"))
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    return root


def test_clean_mirrors_the_tree_and_writes_a_log(corpus: Path, tmp_path: Path) -> None:
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    result = run("clean", str(corpus), "-o", str(out), "--log", str(log))
    assert result.exit_code == 0, result.stderr
    assert (out / "de" / "a.txt").read_text(encoding="utf-8") == (
        "Grüße aus Köln.\n\nZweiter Absatz.\n"
    )
    assert (out / "de" / "nested" / "b.md").read_text(encoding="utf-8") == "Straße Nr. 5\n"
    assert not (out / "image.png").exists()
    assert not (out / ".git").exists()
    docs = {json.loads(line)["doc"] for line in log.read_text(encoding="utf-8").splitlines()}
    assert docs == {"de/a.txt", "de/nested/b.md"}
    assert "refused" in result.stderr and "image.png" in result.stderr
    assert "2 files cleaned" in result.stderr
    assert "1 refused as binary" in result.stderr


def test_glob_selects_files(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("clean", str(corpus), "-o", str(out), "--glob", "*.md").exit_code == 0
    assert [p.name for p in out.rglob("*") if p.is_file()] == ["b.md"]


def test_a_named_binary_file_is_an_error_and_the_run_goes_on(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("clean", str(corpus / "image.png"), str(corpus / "de"), "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {corpus / 'image.png'}:" in result.stderr
    assert "PNG" in result.stderr or "binary" in result.stderr
    assert (out / "a.txt").exists()


def test_an_unreadable_file_is_an_error_and_the_run_goes_on(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run("clean", str(corpus), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "a.txt: cannot read: Permission denied" in result.stderr
    assert "1 error," in result.stderr
    assert (tmp_path / "out" / "de" / "nested" / "b.md").exists()


def test_in_place_rewrites_changed_files_and_keeps_unchanged_ones(
    corpus: Path, tmp_path: Path
) -> None:
    clean_file = corpus / "de" / "clean.txt"
    clean_file.write_text("Schon sauber.\n", encoding="utf-8")
    before = clean_file.stat().st_mtime_ns
    log = tmp_path / "log.jsonl"
    result = run("clean", str(corpus / "de"), "--in-place", "--log", str(log))
    assert result.exit_code == 0, result.stderr
    assert (corpus / "de" / "a.txt").read_text(encoding="utf-8").endswith("Zweiter Absatz.\n")
    assert (corpus / "de" / "nested" / "b.md").read_bytes() == "Straße Nr. 5\n".encode()
    assert clean_file.stat().st_mtime_ns == before
    assert not list(corpus.rglob("*.tmp"))


def test_output_or_in_place_is_required(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["clean", str(corpus)])
    assert result.exit_code == 2
    assert "either -o/--output" in result.output


def test_passes_option_limits_the_run(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        run("clean", str(corpus / "de"), "-o", str(out), "--passes", "decode,repair").exit_code == 0
    )
    assert (
        out / "a.txt"
    ).read_bytes() == "Grüße aus Köln.\r\n\r\n\r\nZweiter Absatz. \r\n".encode()


def test_unknown_pass_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["clean", str(corpus), "-o", str(tmp_path), "--passes", "x"])
    assert result.exit_code == 2
    assert "unknown pass 'x'" in result.output


def test_config_file_sets_passes_and_options(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "cleaner.toml"
    config.write_text('passes = ["decode", "normalize"]\n[normalize]\nmax_blank_lines = 0\n')
    out = tmp_path / "out"
    assert run("clean", str(corpus / "de"), "-o", str(out), "--config", str(config)).exit_code == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == "Grüße aus Köln.\nZweiter Absatz.\n"


def test_jobs_give_identical_output_and_log(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for index in range(12):
        shutil.copy(
            sorted((FIXTURES / "input").glob("*.txt"))[index % 5], corpus / f"{index:02}.txt"
        ) if corpus.exists() else corpus.mkdir()
    outputs = []
    for jobs in ("1", "2"):
        out, log = tmp_path / f"out{jobs}", tmp_path / f"log{jobs}.jsonl"
        assert (
            run("clean", str(corpus), "-o", str(out), "--log", str(log), "-j", jobs).exit_code == 0
        )
        files = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))}
        outputs.append((files, log.read_bytes()))
    assert outputs[0] == outputs[1]


def test_restore_gives_back_every_input_of_a_folder_run(tmp_path: Path) -> None:
    out, log, back = tmp_path / "out", tmp_path / "log.jsonl", tmp_path / "back"
    assert run("clean", str(FIXTURES / "input"), "-o", str(out), "--log", str(log)).exit_code == 0
    assert run("restore", str(out), "--log", str(log), "-o", str(back)).exit_code == 0
    for original in (FIXTURES / "input").glob("*.txt"):
        assert (back / original.name).read_bytes() == original.read_bytes()


def test_restore_one_file_to_original_bytes(corpus: Path, tmp_path: Path) -> None:
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    assert run("clean", str(corpus / "de"), "-o", str(out), "--log", str(log)).exit_code == 0
    result = run("restore", str(out / "nested" / "b.md"), "--log", str(log), "--original-bytes")
    assert result.stdout_bytes == (corpus / "de" / "nested" / "b.md").read_bytes()


#: UTF-8 text with raw legacy bytes inside, as scrapers splice them: each is read as one
#: character of a code page, which UTF-8 does not give back.
MIXED = [
    "Grüße aus Köln.\n".encode() + "Caf\u00e9 und Cr\u00e8me.\n".encode("cp1252"),
    "Zürich: ".encode()
    + "\u0161koda \u017e\u00e1dn\u00e1\n".encode("cp1250")
    + "Ende ü\n".encode(),
    "Привет, ".encode() + "\u043c\u0438\u0440\n".encode("cp1251") + "и всё.\n".encode(),
    "Straße ".encode() + b"\x81\x8d\x90 und \xff\xfe " + "weiter ä\n".encode(),
    "Teilen auf Facebook\nDer Rat tagte lange über ".encode() + b"G\xfcter\n",
    "Der Rat tagte lange über das Wetter.\n".encode() + b"Kaputt am Ende: \xe2\x82",
]


@pytest.mark.parametrize("data", MIXED)
def test_restore_gives_the_original_bytes_of_mixed_encodings(tmp_path: Path, data: bytes) -> None:
    """All mixed-encoding inputs came back re-encoded as UTF-8: wrong bytes, exit 0."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "m.txt").write_bytes(data)
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    assert run("clean", str(tmp_path / "in"), "-o", str(out), "--log", str(log)).exit_code == 0
    result = run("restore", str(out / "m.txt"), "--log", str(log), "--original-bytes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == data


def test_restore_refuses_original_bytes_an_encoding_cannot_give_back(tmp_path: Path) -> None:
    """ISO-2022-JP with a redundant escape reads as '日本'; written back, the escape is gone."""
    data = b"\x1b$BF|K\\\x1b(B\x1b(B\n"
    (tmp_path / "j.txt").write_bytes(data)
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    assert run("clean", str(tmp_path / "j.txt"), "-o", f"{out}/", "--log", str(log)).exit_code == 0
    assert (out / "j.txt").read_text(encoding="utf-8") == "日本\n"
    result = run("restore", str(out / "j.txt"), "--log", str(log), "--original-bytes")
    assert result.exit_code == 1 and result.stdout_bytes == b""
    assert "the original bytes cannot be given back" in result.stderr
    plain = run("restore", str(out / "j.txt"), "--log", str(log))
    assert plain.exit_code == 0 and plain.stdout_bytes == "日本\n".encode()


def test_restore_refuses_an_output_that_does_not_match_its_log(
    corpus: Path, tmp_path: Path
) -> None:
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    assert run("clean", str(corpus / "de"), "-o", str(out), "--log", str(log)).exit_code == 0
    (out / "a.txt").write_text("edited by hand\n", encoding="utf-8")
    result = run("restore", str(out / "a.txt"), "--log", str(log))
    assert result.exit_code == 1
    assert "does not hold" in result.stderr


def test_console_script_runs_as_a_program(tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "cleaner",
            "clean",
            str(FIXTURES / "input"),
            "-o",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "5 files cleaned" in completed.stderr
