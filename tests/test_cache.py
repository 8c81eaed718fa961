"""The check cache: keys, corrupt and concurrent files, and a warm run without a pipeline."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner.check import cache as cache_module
from cleaner.check.cache import Cache, file_key, settings_key
from cleaner.cli import main
from cleaner.core.cachedir import cache_dir
from cleaner.core.config import Config
from cleaner.core.pipeline import Pipeline

CLEAN = "Ein sauberer Absatz.\n\nNoch einer.\n"
DIRTY = "Ein Absatz.  \nAnzeige\nNoch einer.\n"


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLEANER_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_dir() == Path.home() / ".cache" / "cleaner"
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert cache_dir() == Path("/xdg/cleaner")
    monkeypatch.setenv("CLEANER_CACHE_DIR", "/explicit")
    assert cache_dir() == Path("/explicit")


def test_file_key_is_the_content_and_the_kind_of_name() -> None:
    assert file_key(b"text", "a/x.txt") == file_key(b"text", "b/y.txt")
    assert file_key(b"text", "x.txt") != file_key(b"text!", "x.txt")
    assert file_key(b"text", "x.txt") != file_key(b"text", "x.html")  # html goes by extension


def test_settings_key_changes_with_config_and_rule_bytes(tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text('[[rule]]\nid = "x.ad.one"\ncategory = "ad"\nphrases = ["Werbung"]\n')
    base = Config()
    mine = base.with_options("rules", paths=[str(rules)])
    assert settings_key(base) == settings_key(Config())
    assert settings_key(base) != settings_key(base.with_passes(("decode", "normalize")))
    before = settings_key(mine)
    assert before != settings_key(base)
    rules.write_text(rules.read_text().replace("Werbung", "Reklame"))
    assert settings_key(mine) != before
    assert settings_key(Config(origin="a.toml")) == settings_key(Config(origin="b.toml"))


def test_verdicts_survive_a_save_and_a_new_cache_reads_them(tmp_path: Path) -> None:
    cache = Cache("k", tmp_path)
    cache.add(Path("a.txt"), "1" * 32)
    assert cache.is_clean("1" * 32)
    cache.save()
    again = Cache("k", tmp_path)
    assert again.is_clean("1" * 32) and not again.is_clean("2" * 32)
    assert not Cache("other", tmp_path).is_clean("1" * 32)


@pytest.mark.parametrize(
    "content",
    [b"\x00\xff garbage", b"[1, 2]", b'{"format": 99, "files": {}}', b'{"format": 1, "files": 3}'],
)
def test_a_corrupt_cache_file_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "check-k.json").write_bytes(content)
    cache = Cache("k", tmp_path)
    assert not cache.is_clean("1" * 32)
    cache.add(Path("a.txt"), "1" * 32)
    cache.save()
    assert Cache("k", tmp_path).is_clean("1" * 32)


def test_two_runs_that_overlap_keep_both_verdicts(tmp_path: Path) -> None:
    first, second = Cache("k", tmp_path), Cache("k", tmp_path)
    first.add(Path("a.txt"), "a" * 32)
    second.add(Path("b.txt"), "b" * 32)
    first.save()
    second.save()
    merged = Cache("k", tmp_path)
    assert merged.is_clean("a" * 32) and merged.is_clean("b" * 32)


def _writer(folder: str, worker: int) -> None:
    for round_ in range(15):
        cache = Cache("k", Path(folder))
        cache.add(Path(f"w{worker}-{round_}.txt"), f"{worker:02d}{round_:030d}")
        cache.save()


def test_concurrent_writers_never_leave_a_torn_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), n)) for n in range(4)]
    for worker in workers:
        worker.start()
    path = tmp_path / "check-k.json"
    reads = 0
    while any(worker.is_alive() for worker in workers):
        if path.exists():
            json.loads(path.read_bytes())  # a torn write would not parse
            reads += 1
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    files = json.loads(path.read_bytes())["files"]
    assert len(files) >= 15  # the last save of each run keeps what it read before writing
    assert not list(tmp_path.glob("*.tmp"))
    assert reads > 0


def test_stale_caches_of_other_settings_are_pruned(tmp_path: Path) -> None:
    stale, recent = tmp_path / "check-old.json", tmp_path / "check-recent.json"
    for path in (stale, recent):
        path.write_text('{"format": 1, "files": {}}')
    old = time.time() - cache_module.STALE_SECONDS - 60
    os.utime(stale, (old, old))
    Cache("k", tmp_path).save()
    assert not stale.exists() and recent.exists()


# The command line with the cache


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "clean.txt").write_text(CLEAN)
    (root / "dirty.txt").write_text(DIRTY)
    return root


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def _no_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Pipeline, *args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline was built")

    monkeypatch.setattr(Pipeline, "__init__", refuse)


def test_a_warm_run_skips_clean_files_without_building_a_pipeline(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "dirty.txt").unlink()
    assert check(str(corpus)).exit_code == 0
    _no_pipeline(monkeypatch)
    warm = check(str(corpus))
    assert warm.exit_code == 0
    assert "1 known clean from the cache" in warm.stderr


def test_files_that_would_change_are_never_cached(corpus: Path) -> None:
    first, second = check(str(corpus)), check(str(corpus))
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout and "dirty.txt" in second.stdout
    assert "1 known clean from the cache" in second.stderr


def test_an_edited_file_is_checked_again(corpus: Path) -> None:
    check(str(corpus))
    (corpus / "clean.txt").write_text(CLEAN + "Anzeige\n")
    result = check(str(corpus / "clean.txt"))
    assert result.exit_code == 1 and "de.ad.marker" in result.stdout


def test_no_cache_neither_reads_nor_writes(corpus: Path) -> None:
    check("--no-cache", str(corpus))
    assert not list((corpus.parent / "cache").glob("check-*"))  # (the rule index may be kept)
    check(str(corpus))
    assert "0 known clean" in check("--no-cache", str(corpus)).stderr


def test_an_unwritable_cache_is_a_warning_not_a_failure(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = corpus.parent / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))
    (corpus / "dirty.txt").unlink()
    result = check(str(corpus))
    assert result.exit_code == 0
    assert "warning: cache not saved" in result.stderr
