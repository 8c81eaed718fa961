"""Faults while writing: a full disk, a killed run, and --resume picking up after it."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.corpus import files
from cleaner.corpus.files import Output
from cleaner.corpus.journal import JournalError, fingerprint, read_journal
from tests.conftest import FIXTURES, ROOT

SEEDS = sorted((FIXTURES / "input").glob("*.txt"))


def _corpus(root: Path, copies: int) -> dict[str, bytes]:
    """``copies`` of each seed in a few folders; returns name -> original bytes."""
    files = {}
    for n in range(copies):
        for seed in SEEDS:
            name = f"part{n % 7}/{n:04d}-{seed.name}"
            data = seed.read_bytes() + f"\nNummer {n}.\n".encode()
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
            files[name] = data
    return files


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_full_disk_fails_that_file_only_and_leaves_it_whole(tmp_path, monkeypatch) -> None:
    originals = {name: SEEDS[0].read_bytes() for name in ("a.txt", "b.txt", "c.txt")}
    for name, data in originals.items():
        (tmp_path / name).write_bytes(data)
    real_hold = Output.hold

    def hold(output: Output) -> None:
        if output.target.name == "b.txt":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_hold(output)

    monkeypatch.setattr(Output, "hold", hold)
    log = tmp_path / "log.jsonl"
    result = CliRunner().invoke(main, ["clean", str(tmp_path), "--in-place", "--log", str(log)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'b.txt'}: cannot write: No space left on device" in result.stderr
    assert (tmp_path / "b.txt").read_bytes() == originals["b.txt"]  # old version, whole
    assert (tmp_path / "a.txt").read_bytes() != originals["a.txt"]  # the others were cleaned
    assert (tmp_path / "c.txt").read_bytes() == (tmp_path / "a.txt").read_bytes()
    docs = {json.loads(line)["doc"] for line in log.read_text(encoding="utf-8").splitlines()}
    assert docs == {"a.txt", "c.txt"}  # b's records were taken back out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt", "log.jsonl"]


def test_a_failed_sync_fails_that_file_only(tmp_path: Path, monkeypatch) -> None:
    """Where the one sync of a batch fails, each file is synced alone to name the failure."""
    originals = {name: SEEDS[0].read_bytes() for name in ("a.txt", "b.txt", "c.txt")}
    for name, data in originals.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setattr(files, "_SYNCFS", lambda fd: -1)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").split("/")[-1].startswith(".b.txt."):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    log = tmp_path / "log.jsonl"
    result = CliRunner().invoke(main, ["clean", str(tmp_path), "--in-place", "--log", str(log)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'b.txt'}: cannot write: Input/output error" in result.stderr
    assert (tmp_path / "b.txt").read_bytes() == originals["b.txt"]
    assert (
        (tmp_path / "a.txt").read_bytes() == (tmp_path / "c.txt").read_bytes() != originals["a.txt"]
    )
    docs = [json.loads(line)["doc"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert set(docs) == {"a.txt", "c.txt"} and docs == sorted(docs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt", "log.jsonl"]


def _run(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize(
    ("mode", "after"), [("in-place", 30), ("output", 30), ("output", 1), ("in-place", 100)]
)
def test_a_killed_run_loses_nothing_and_resume_finishes_it_identically(
    tmp_path: Path, mode: str, after: int
) -> None:
    """Killed once ``after`` journal lines are written (early, midway, late)."""
    originals = _corpus(tmp_path / "corpus", 30)
    shutil.copytree(tmp_path / "corpus", tmp_path / "reference")
    where = ["--in-place"] if mode == "in-place" else ["-o", str(tmp_path / "out")]
    reference_out = ["--in-place"] if mode == "in-place" else ["-o", str(tmp_path / "ref-out")]
    reference = CliRunner().invoke(
        main, ["clean", str(tmp_path / "reference"), *reference_out, "--log", str(tmp_path / "r")]
    )
    assert reference.exit_code == 0, reference.stderr
    expected = _tree(tmp_path / ("reference" if mode == "in-place" else "ref-out"))

    log = tmp_path / "log.jsonl"
    journal = tmp_path / "log.jsonl.journal"
    process = _run(str(tmp_path / "corpus"), *where, "--log", str(log))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") > after:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"

    # Every file is its old version or its complete new one; nothing is missing.
    written = _tree(tmp_path / ("corpus" if mode == "in-place" else "out"))
    for name, data in written.items():
        if name.endswith(".tmp"):
            continue  # the file being written when the run died; never renamed
        assert data in (originals.get(name), expected[name]), name
    if mode == "in-place":
        assert set(originals) <= set(written)
    finished = sum(written.get(n) == expected[n] != originals[n] for n in originals)
    assert 0 < finished < len(originals)

    resumed = _run(str(tmp_path / "corpus"), *where, "--log", str(log), "--resume")
    _, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr.decode()
    assert b"finished by the interrupted run (resumed)" in stderr
    final = _tree(tmp_path / ("corpus" if mode == "in-place" else "out"))
    assert final == expected  # the killed run's temporary file is swept too
    assert log.read_bytes() == (tmp_path / "r").read_bytes().replace(b"reference", b"corpus")
    assert not journal.exists()


def _journal(path: Path, run: str, entries: list[dict[str, object]]) -> None:
    lines = [{"journal": 1, "run": run}, *entries]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="ascii")


def test_resume_checks_the_last_entry_against_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"new a")
    (tmp_path / "b.txt").write_bytes(b"old b")  # renamed? no: still the old content
    digest_new_b = "0" * 64
    entries = [
        {"source": "a.txt", "target": str(tmp_path / "a.txt"), "log_start": 0, "log_end": 10,
         "sha256": None},
        {"source": "b.txt", "target": str(tmp_path / "b.txt"), "log_start": 10, "log_end": 25,
         "sha256": digest_new_b},
    ]  # fmt: skip
    run = fingerprint(["x"])
    _journal(tmp_path / "j", run, entries)
    resumed = read_journal(tmp_path / "j", run)
    assert resumed.done == {"a.txt"} and resumed.log_size == 10
    from cleaner.corpus.files import file_digest

    entries[1]["sha256"] = file_digest(tmp_path / "b.txt")
    _journal(tmp_path / "j", run, entries)
    resumed = read_journal(tmp_path / "j", run)
    assert resumed.done == {"a.txt", "b.txt"} and resumed.log_size == 25


def test_a_journal_of_another_run_is_refused(tmp_path: Path) -> None:
    _journal(tmp_path / "j", fingerprint(["one"]), [])
    with pytest.raises(JournalError, match="from a different run"):
        read_journal(tmp_path / "j", fingerprint(["two"]))
    (tmp_path / "k").write_bytes(b"\xff garbage")
    with pytest.raises(JournalError, match="cannot read the journal"):
        read_journal(tmp_path / "k", fingerprint(["two"]))


def test_resume_with_other_options_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Text.\n")
    log = tmp_path / "log"
    run = fingerprint(
        [os.fspath((tmp_path / "in").resolve()), str(tmp_path / "o"), "something else"]
    )
    _journal(tmp_path / "log.journal", run, [])
    result = CliRunner().invoke(
        main, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--log", str(log),
               "--resume"],
    )  # fmt: skip
    assert result.exit_code == 2 and "from a different run" in result.stderr
