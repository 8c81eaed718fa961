"""Finding files and writing them so that nothing is ever half-written."""

import os
from pathlib import Path

import pytest

from cleaner.corpus.files import Skipped, Source, atomic_write, find_sources


def test_atomic_write_replaces_content_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "doc.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "doc.txt"
    target.write_text("old")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"new content")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_sources_are_sorted_relative_and_skip_links_and_vcs(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    found = list(find_sources([tmp_path]))
    assert [s.relative for s in found if isinstance(s, Source)] == ["a.txt", "b/z.txt"]
    assert [(s.path.name, s.reason) for s in found if isinstance(s, Skipped)] == [
        ("link.txt", "symbolic link (not followed)")
    ]


def test_a_named_file_is_taken_by_its_name(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("x")
    assert list(find_sources([tmp_path / "one.md"], ["*.txt"])) == [
        Source(tmp_path / "one.md", "one.md", named=True)
    ]
