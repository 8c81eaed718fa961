"""Bad input in a folder run: each is reported by name, counted, and the run goes on."""

from __future__ import annotations

import gzip
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.core.log import read_records
from tests.conftest import FIXTURES

SEED = next((FIXTURES / "input").glob("002_*.txt"))
LATIN1_NAME = os.fsdecode(b"caf\xe9.txt")


def _corpus(root: Path) -> None:
    """Good files and every kind of bad input the issue lists, in one folder."""
    root.mkdir()
    (root / "good.txt").write_bytes(SEED.read_bytes())
    (root / "empty.txt").write_bytes(b"")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 2)
    with zipfile.ZipFile(root / "bundle.zip", "w") as archive:
        archive.writestr("a.bin", bytes(range(256)) * 8)
    (root / "nul.txt").write_bytes(
        b"Der Rat tagte\x00 bis sp\xc3\xa4t.\n" + b"Dann ging er nach Hause.\n" * 40
    )
    (root / "mixed.txt").write_bytes(
        "Grüße aus Köln, schön war es.\n".encode() * 20 + b"Caf\xe9 au lait.\n"
    )
    with (root / "huge.txt").open("wb") as stream:  # sparse: 200 MB on paper, nothing on disk
        stream.truncate(200 * 1024 * 1024)
    (root / "longline.txt").write_bytes(b"Wort und Satz " * 80_000)  # 1.1 MB, no newline
    deep = root.joinpath(*"abcdefghijklmnopqrstuvwxyz")
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("Tief verschachtelt.\n", encoding="utf-8")
    (root / "link.txt").symlink_to(root / "good.txt")
    (root / "loop").symlink_to(root)
    (root / "outside.txt").symlink_to("/etc/hostname")
    (root / LATIN1_NAME).write_text("Name nicht UTF-8.\n", encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    (root / "docs.jsonl").write_bytes(b'{"id": "a", "text": "ok"}\nnot json\n{"id": "b"}\n')
    whole = gzip.compress(b'{"id": "z", "text": "Zeile"}\n' * 5000)
    (root / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])  # ends mid-stream
    (root / ".good.txt.a1b2c3d4.tmp").write_text("left by a killed run")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    base = tmp_path_factory.mktemp("bad")
    _corpus(base / "in")
    result = CliRunner().invoke(
        main, ["clean", str(base / "in"), "-o", str(base / "out"), "--log", str(base / "log")]
    )
    return base, result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("image.png", "refused {path}: binary data: NUL byte at offset 8, looks like a PNG image"),
        ("paper.pdf", "refused {path}: binary data: "),
        ("bundle.zip", "refused {path}: binary data: "),
        ("huge.txt", "error: {path}: too large: 209,715,200 bytes, limit 67,108,864"),
        ("link.txt", "skipped {path}: symbolic link (not followed)"),
        ("outside.txt", "skipped {path}: symbolic link (not followed)"),
        ("loop", "skipped {path}: symbolic link to a folder (not followed)"),
        ("pipe.txt", "skipped {path}: not a regular file (a pipe, socket or device)"),
        (".good.txt.a1b2c3d4.tmp", "skipped {path}: temporary file left by an interrupted run"),
        ("docs.jsonl", "error: {path}:2: not JSON"),
        ("docs.jsonl", "error: {path}:3: text field 'text' missing; kept as is"),
        ("cut.jsonl.gz", "error: {path}: cannot read: "),
    ],
)
def test_each_bad_input_is_named_with_what_is_wrong(run, name: str, message: str) -> None:
    base, _, stderr = run
    assert message.format(path=base / "in" / name) in stderr


def test_the_run_goes_on_and_the_summary_counts_each_kind(run) -> None:
    _, code, stderr = run
    assert code == 1
    assert (
        "8 files cleaned (8 documents, 3 changed, 0 repaired), 3 refused as binary, "
        "4 errors, 5 skipped" in stderr
    )


def test_good_and_damaged_text_is_written_and_nothing_else(run) -> None:
    base, _, _ = run
    out = base / "out"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(
        [
            "good.txt", "empty.txt", "nul.txt", "mixed.txt", "longline.txt", "docs.jsonl",
            "/".join("abcdefghijklmnopqrstuvwxyz") + "/deep.txt", LATIN1_NAME,
        ]
    )  # fmt: skip
    assert (out / "empty.txt").read_bytes() == b""
    assert (out / "nul.txt").read_text(encoding="utf-8") == (
        "Der Rat tagte bis spät.\n" + "Dann ging er nach Hause.\n" * 40
    )
    assert (out / "mixed.txt").read_text(encoding="utf-8").endswith("Café au lait.\n")
    assert (out / "longline.txt").read_bytes() == (b"Wort und Satz " * 80_000).rstrip()
    assert (out / LATIN1_NAME).read_text(encoding="utf-8") == "Name nicht UTF-8.\n"
    docs = (out / "docs.jsonl").read_bytes().splitlines()
    assert docs == [b'{"id": "a", "text": "ok"}', b"not json", b'{"id": "b"}']


def test_the_log_names_every_written_document_and_no_failed_one(run) -> None:
    base, _, _ = run
    raw = (base / "log").read_bytes()
    assert b"\\udce9" in raw  # the Latin-1 file name, escaped so the log stays UTF-8
    with (base / "log").open(encoding="utf-8") as stream:
        docs = {record.doc for record in read_records(stream)}
    assert LATIN1_NAME in docs and "nul.txt" in docs and "mixed.txt" in docs
    assert not any(doc.startswith(("cut.jsonl.gz", "z")) for doc in docs)
    assert "image.png" not in docs and "huge.txt" not in docs


def test_an_unreadable_file_is_an_error_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Erster Text.\n")
    (tmp_path / "in" / "secret.txt").write_text("Geheim.\n")
    (tmp_path / "in" / "z.txt").write_text("Letzter Text.\n")
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real = Path.read_bytes

        def read_bytes(path: Path) -> bytes:
            if path.name == "secret.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    else:
        (tmp_path / "in" / "secret.txt").chmod(0)
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    secret = tmp_path / "in" / "secret.txt"
    assert f"error: {secret}: cannot read: Permission denied: {secret}" in result.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a.txt", "z.txt"]


def test_outputs_never_land_outside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "x.txt").write_text("Text.\n")
    (tmp_path / "in" / "y.txt").write_text("Text.\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(elsewhere)  # planted in the output folder
    (tmp_path / "out" / "y.txt").symlink_to(elsewhere / "y.txt")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "leads outside" in result.stderr and list(elsewhere.iterdir()) == []
    assert (tmp_path / "out" / "y.txt").is_symlink()  # not replaced by a file either


def test_the_runs_own_log_and_output_inside_the_corpus_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Teilen auf Facebook\nText.\n")
    (tmp_path / "old.jsonl").write_text('{"text": "x"}\n')
    log, out = tmp_path / "log.jsonl", tmp_path / "out"
    out.mkdir()  # as on a second run
    for mode in (["-o", str(out)], ["--in-place"]):
        result = CliRunner().invoke(main, ["clean", str(tmp_path), *mode, "--log", str(log)])
        assert result.exit_code == 0, result.stderr
        assert f"skipped {log}: this run's own log or journal" in result.stderr
        if mode[0] == "-o":
            assert f"skipped {out}: this run's output folder" in result.stderr
            assert sorted(p.name for p in out.iterdir()) == ["a.txt", "old.jsonl"]


@pytest.mark.parametrize("mode", ["-o", "--in-place"])
@pytest.mark.parametrize("named", [True, False])
def test_a_log_that_is_one_of_the_inputs_is_refused(tmp_path: Path, mode: str, named: bool) -> None:
    """``--log`` naming an input file overwrote that input with the log, exit 0."""
    (tmp_path / "in").mkdir()
    article = tmp_path / "in" / "a.txt"
    article.write_text("Teilen auf Facebook\nDer Rat tagte.\n")
    source = str(article) if named else str(tmp_path / "in")
    args = [mode, str(tmp_path / "out")] if mode == "-o" else [mode]
    result = CliRunner().invoke(main, ["clean", source, *args, "--log", str(article)])
    assert result.exit_code == 2
    assert f"--log {article} is one of the input files" in result.stderr
    assert article.read_text() == "Teilen auf Facebook\nDer Rat tagte.\n"
    assert not (tmp_path / "out").exists()


def test_a_log_where_an_output_goes_is_refused(tmp_path: Path) -> None:
    """The output would be renamed onto the log while it is being written."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Der Rat tagte.\n")
    out = tmp_path / "out"
    log = out / "a.txt"
    result = CliRunner().invoke(
        main, ["clean", str(tmp_path / "in"), "-o", str(out), "--log", str(log)]
    )
    assert result.exit_code == 2
    assert f"--log {log} is where the output of {tmp_path / 'in' / 'a.txt'} goes" in result.stderr


def test_a_log_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    """The log was written through the link, though links planted among the outputs are
    refused; the journal beside the log is held to the same."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Der Rat tagte.\n")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me\n")
    for name in ("log.jsonl", "log.jsonl.journal"):
        link = tmp_path / name
        link.symlink_to(elsewhere)
        result = CliRunner().invoke(
            main,
            [
                "clean",
                str(tmp_path / "in"),
                "-o",
                str(tmp_path / "out"),
                "--log",
                str(tmp_path / "log.jsonl"),
            ],
        )
        assert result.exit_code == 2
        assert f"{link} is a symbolic link" in result.stderr
        assert elsewhere.read_text() == "keep me\n"
        link.unlink()


def test_a_log_that_is_the_one_output_file_is_refused(tmp_path: Path) -> None:
    """With ``-o FILE`` (one input file, or stdin) the output would be renamed onto the
    log; for stdin, ``--log`` is held to the rest too (a link is refused)."""
    article = tmp_path / "a.txt"
    article.write_text("Teilen auf Facebook\nDer Rat tagte.\n")
    out = tmp_path / "clean.txt"
    named = CliRunner().invoke(main, ["clean", str(article), "-o", str(out), "--log", str(out)])
    stdin = CliRunner().invoke(
        main, ["clean", "-", "-o", str(out), "--log", str(out)], input=article.read_bytes()
    )
    for result in (named, stdin):
        assert result.exit_code == 2
        assert f"--log {out} is the output file" in result.stderr
    assert not out.exists()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me\n")
    (tmp_path / "log.jsonl").symlink_to(elsewhere)
    linked = CliRunner().invoke(
        main, ["clean", "-", "--log", str(tmp_path / "log.jsonl")], input=article.read_bytes()
    )
    assert linked.exit_code == 2 and "is a symbolic link" in linked.stderr
    assert elsewhere.read_text() == "keep me\n"


def test_in_place_on_a_named_symbolic_link_writes_through_to_its_target(tmp_path: Path) -> None:
    """The link was replaced by a regular file holding the clean text."""
    target = tmp_path / "real" / "a.txt"
    target.parent.mkdir()
    target.write_text("Teilen auf Facebook\nDer Rat tagte.\n")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    log = tmp_path / "log.jsonl"
    result = CliRunner().invoke(main, ["clean", str(link), "--in-place", "--log", str(log)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text() == "Der Rat tagte.\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert list(target.parent.iterdir()) == [target]  # no temporary file left
