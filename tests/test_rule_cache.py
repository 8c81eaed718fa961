"""The rule index and the pack check kept on disk give what a fresh build gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.rules import builtin_rule_files, diskcache, load_rules, loader
from cleaner.rules.scope import CACHED_FROM, RuleIndex

PROBES = ("Anzeige", "Share this article", "Foto: dpa", "Der Minister sagte am", "Weiterlesen")


def _answers(index: RuleIndex) -> list[object]:
    masks = [(index.head_mask(p), index.tail_mask(p), index.head_mask(p, True)) for p in PROBES]
    return [index.owners, index.literals, index.gated, masks]


@pytest.fixture(scope="module")
def rules() -> list:
    found = list(load_rules(builtin_rule_files()))
    assert sum(r.pattern is not None for r in found) >= CACHED_FROM  # the built-ins are cached
    return found


def test_a_cached_index_answers_as_a_fresh_build(rules: list, tmp_path: Path) -> None:
    built = RuleIndex(rules, tmp_path)
    (saved,) = tmp_path.glob("rule-index-*.pickle")
    read = RuleIndex(rules, tmp_path)
    assert _answers(read) == _answers(built)
    assert saved.stat().st_size < 5_000_000  # masks shared, branch affixes not kept


def test_a_corrupt_index_file_means_a_rebuild(rules: list, tmp_path: Path) -> None:
    built = RuleIndex(rules, tmp_path)
    (saved,) = tmp_path.glob("rule-index-*.pickle")
    saved.write_bytes(saved.read_bytes()[:1000])
    assert _answers(RuleIndex(rules, tmp_path)) == _answers(built)
    assert saved.stat().st_size > 1000  # and the rebuilt one replaced it


def test_other_rules_have_their_own_index(rules: list, tmp_path: Path) -> None:
    RuleIndex(rules, tmp_path)
    RuleIndex(rules[1:], tmp_path)
    assert len(list(tmp_path.glob("rule-index-*.pickle"))) == 2


def test_an_unwritable_cache_folder_only_costs_the_build(rules: list, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _answers(RuleIndex(rules, blocked)) == _answers(RuleIndex(rules, tmp_path))


def test_a_pack_is_compiled_again_when_its_bytes_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "pack.toml"
    table = '[[rule]]\nid = "x"\ncategory = "ads"\nscope = "line"\npattern = "{}"\n'
    table += 'remove = ["Ad"]\n'
    pack.write_text(table.format("Ad"))
    loader.load_file(pack)
    assert diskcache.read(loader._COMPILES, diskcache.key_of([pack.read_bytes()])) is True
    loader.load_file(pack)  # known to compile: no error either way
    pack.write_text(table.format("Ad("))
    with pytest.raises(loader.RuleError, match="bad pattern"):
        loader.load_file(pack)
