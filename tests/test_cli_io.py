"""Where `cleaner clean` reads and writes: stdin and stdout, one output file, compressed
plain and HTML files, extracted pages named as text, and a run that cleaned nothing."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner.cli import main
from tests.conftest import FIXTURES

SEED = sorted((FIXTURES / "input").glob("*.txt"))[2]
DAMAGED = "Teilen auf Facebook\r\nGr\u00c3\u00bc\u00c3\u009fe aus K\u00c3\u00b6ln.  \r\n".encode()
CLEANED = "Grüße aus Köln.\n"
PAGE = (
    "<!DOCTYPE html><html><head><title>Der Rat</title></head><body>"
    "<nav><a href='/'>Start</a> | <a href='/p'>Politik</a></nav><article><h1>Der Rat</h1>"
    + "<p>Der Rat der Stadt tagte am Montag bis spät in die Nacht und beschloss den Haushalt "
    "für das kommende Jahr nach langer Debatte.</p>"
    * 3
    + "</article><footer>Impressum</footer></body></html>\n"
)


def clean(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["clean", *args], input=stdin, catch_exceptions=False)


def log_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- point 6: stdin and stdout, -o FILE --------------------------------------------------------


def test_a_dash_reads_stdin_and_writes_the_clean_text_to_stdout_and_no_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = clean("-", stdin=DAMAGED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == CLEANED.encode()
    assert list(tmp_path.iterdir()) == []  # no log unless asked for
    assert "log:" not in result.stderr


def test_stdin_through_a_real_pipe_with_a_log_that_restores(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "-", "--log", str(log), "-q"],
        input=DAMAGED,
        capture_output=True,
        check=False,
    )
    assert (done.returncode, done.stderr, done.stdout) == (0, b"", CLEANED.encode())
    assert {record["doc"] for record in log_records(log)} == {"-"}
    (tmp_path / "out.txt").write_bytes(done.stdout)
    back = CliRunner().invoke(main, ["restore", str(tmp_path / "out.txt"), "--log", str(log)])
    assert back.exit_code == 0, back.stderr
    assert back.stdout_bytes == DAMAGED.decode("utf-8").encode()


def test_stdin_filename_names_the_document_so_a_page_is_read_as_html(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    named = ["--stdin-filename", "site/page.html"]
    result = clean("-", *named, "--log", str(log), stdin=PAGE.encode())
    assert result.exit_code == 0, result.stderr
    assert "<" not in result.stdout and "Der Rat der Stadt tagte" in result.stdout
    assert {record["doc"] for record in log_records(log)} == {"site/page.html"}


def test_stdin_with_o_writes_that_file(tmp_path: Path) -> None:
    result = clean("-", "-o", str(tmp_path / "clean.txt"), stdin=DAMAGED)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "clean.txt").read_text(encoding="utf-8") == CLEANED
    assert result.stdout_bytes == b""


@pytest.mark.parametrize(
    "args, message",
    [
        (["-", "other.txt"], "'-' (stdin) cannot be combined with other sources"),
        (["-", "--in-place"], "stdin cannot be cleaned in place"),
        (["-", "--summary-json", "-"], "stdout holds the clean text"),
    ],
)
def test_stdin_refuses_what_cannot_go_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.txt").write_text("x\n")
    result = CliRunner().invoke(main, ["clean", *args], input=b"x\n")
    assert result.exit_code == 2 and message in result.output


def test_o_with_one_input_file_writes_that_file_and_restore_finds_it(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes(DAMAGED)
    result = clean(str(source), "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == CLEANED  # a file, not a folder
    log = tmp_path / "x.txt.log.jsonl"
    back = CliRunner().invoke(main, ["restore", str(tmp_path / "x.txt"), "--log", str(log)])
    assert back.exit_code == 0, back.stderr
    assert back.stdout_bytes == DAMAGED.decode("utf-8").encode()


def test_o_naming_an_existing_folder_or_ending_in_a_slash_still_means_a_folder(
    tmp_path: Path,
) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes(DAMAGED)
    (tmp_path / "existing").mkdir()
    assert clean(str(source), "-o", str(tmp_path / "existing")).exit_code == 0
    assert (tmp_path / "existing" / "a.txt").read_text(encoding="utf-8") == CLEANED
    assert clean(str(source), "-o", f"{tmp_path / 'new'}/").exit_code == 0
    assert (tmp_path / "new" / "a.txt").read_text(encoding="utf-8") == CLEANED


# --- point 7: compressed plain and HTML files; a run that cleans nothing -------------------------


def _gzip(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, mtime=0))


def test_gzip_compressed_text_markdown_and_html_are_cleaned_and_written_compressed(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    _gzip(corpus / "b.txt.gz", DAMAGED)
    _gzip(corpus / "c.md.gz", DAMAGED)
    _gzip(corpus / "a.html.gz", PAGE.encode())
    _gzip(corpus / "d.htm.gz", PAGE.encode())
    outputs = []
    for run in ("1", "2"):
        out = tmp_path / f"out{run}"
        result = clean(str(corpus), "-o", str(out), "--log", str(tmp_path / f"log{run}"))
        assert result.exit_code == 0, result.stderr
        assert "4 files cleaned" in result.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]  # byte-identical run to run
    files = outputs[0]
    assert sorted(files) == ["a.txt.gz", "b.txt.gz", "c.md.gz", "d.txt.gz"]
    assert (
        gzip.decompress(files["b.txt.gz"])
        == gzip.decompress(files["c.md.gz"])
        == (CLEANED.encode())
    )
    page = gzip.decompress(files["a.txt.gz"]).decode("utf-8")
    assert "Der Rat der Stadt tagte" in page and "<p>" not in page


def test_a_compressed_file_larger_than_max_bytes_is_not_decompressed_whole(
    tmp_path: Path,
) -> None:
    _gzip(tmp_path / "bomb.txt.gz", b"a" * 5_000_000)
    bound = ["--max-bytes", "10000"]  # the compressed file is 4.9 kB
    result = clean(str(tmp_path / "bomb.txt.gz"), "-o", str(tmp_path / "out"), *bound)
    assert result.exit_code == 1
    assert "bomb.txt.gz: too large: more than 10,000 bytes once decompressed" in result.stderr


def test_a_truncated_gzip_file_is_an_error_naming_it(tmp_path: Path) -> None:
    data = gzip.compress(SEED.read_bytes(), mtime=0)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    result = clean(str(tmp_path / "cut.txt.gz"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'cut.txt.gz'}: cannot read:" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_run_that_cleaned_nothing_exits_non_zero(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = clean(str(corpus), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "error: nothing was cleaned (1 file refused as binary)" in result.stderr
    (corpus / "image.png").unlink()
    empty = clean(str(corpus), "-o", str(tmp_path / "out"))
    assert empty.exit_code == 1
    assert "error: nothing was cleaned (no files found)" in empty.stderr


# --- point 8: an extracted page is written as text, the mapping in the log ----------------------


def test_text_extracted_from_a_page_is_written_as_txt_and_restored_under_its_name(
    tmp_path: Path,
) -> None:
    corpus, out, log, back = (tmp_path / name for name in ("in", "out", "log.jsonl", "back"))
    (corpus / "site").mkdir(parents=True)
    (corpus / "site" / "page.html").write_text(PAGE, encoding="utf-8")
    (corpus / "notes.txt").write_bytes(DAMAGED)
    result = clean(str(corpus), "-o", str(out), "--log", str(log))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*")) == [
        "notes.txt",
        "site/page.txt",
    ]
    [renamed] = [r for r in log_records(log) if r["pass"] == "output"]
    assert (renamed["doc"], renamed["rule"], renamed["action"]) == (
        "site/page.html",
        "output.renamed",
        "note",
    )
    assert renamed["details"] == {"path": "site/page.txt"}
    restored = CliRunner().invoke(main, ["restore", str(out), "--log", str(log), "-o", str(back)])
    assert restored.exit_code == 0, restored.stderr
    assert (back / "site" / "page.html").read_text(encoding="utf-8") == PAGE
    assert (back / "notes.txt").read_bytes() == DAMAGED.decode("utf-8").encode()
    page = str(out / "site" / "page.txt")
    single = CliRunner().invoke(main, ["restore", page, "--log", str(log)])
    assert single.exit_code == 0 and single.stdout == PAGE


def test_keep_names_keeps_the_page_name(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(PAGE, encoding="utf-8")
    result = clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--keep-names")
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["page.html"]


def test_a_page_is_not_renamed_onto_a_text_file_of_the_same_name(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "page.html").write_text(PAGE, encoding="utf-8")
    (corpus / "page.txt").write_bytes(DAMAGED)
    result = clean(str(corpus), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["page.html", "page.txt"]
    assert (tmp_path / "out" / "page.txt").read_text(encoding="utf-8") == CLEANED
    assert "page.html: kept its name: page.txt is also an input" in result.stderr


def test_markdown_extraction_is_named_md_and_in_place_keeps_names(tmp_path: Path) -> None:
    config = tmp_path / "cleaner.toml"
    config.write_text('[html]\noutput_format = "markdown"\n')
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.htm").write_text(PAGE, encoding="utf-8")
    args = ["--config", str(config)]
    assert clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"), *args).exit_code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["page.md"]
    in_place = clean(str(tmp_path / "in"), "--in-place", "--log", str(tmp_path / "l"), *args)
    assert in_place.exit_code == 0, in_place.stderr
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["page.htm"]
