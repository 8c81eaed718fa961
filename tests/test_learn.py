"""cleaner learn: recurring lines of one source become a reviewed rule pack; shared agency
copy across sources does not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.corpus.learn import candidate_lines, learn_corpus, slug, toml_string
from cleaner.passes.rules import select_rules
from cleaner.rules import RuleSet, load_rules
from cleaner.rules.examples import check_examples

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

INPUT = Path(__file__).resolve().parent.parent / "fixtures" / "input"
AGENCY = (
    "Geplant waren auch Verhandlungen im größeren Rahmen der Delegationen beider Länder. "
    "Neben mehreren gemeinsamen Mahlzeiten ist auch eine Kranzniederlegung und ein "
    "gemeinsamer Konzertbesuch angekündigt."
)
BOILERPLATE = ["Mehr zum Thema", "Jetzt Newsletter abonnieren", "© 2024 Beispielblatt Verlag GmbH"]


def _seed(prefix: str) -> str:
    return next(INPUT.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Source ``blatt``: seed 002 and six short articles with footer boilerplate;
    source ``agentur``: seed 003 and five articles. Seeds 002 and 003 share a sentence."""
    root = tmp_path / "corpus"
    (root / "blatt").mkdir(parents=True)
    (root / "agentur").mkdir()
    (root / "blatt" / "seed.txt").write_text(_seed("002") + "\n" + "\n".join(BOILERPLATE) + "\n")
    for i in range(6):
        body = f"Meldung {i}\n\nDer Stadtrat hat am {i}. Mai getagt.\n\n"
        footer = "MEHR ZUM  THEMA" if i == 0 else BOILERPLATE[0]
        text = body + "\n".join([footer, *BOILERPLATE[1:]]) + "\n"
        (root / "blatt" / f"{i}.txt").write_text(text, encoding="utf-8")
    (root / "agentur" / "seed.txt").write_text(_seed("003"), encoding="utf-8")
    for i in range(5):
        (root / "agentur" / f"{i}.txt").write_text(f"Bericht {i}\n\nKurz: {i}.\n")
    return root


def _learn(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["learn", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_seeds_share_the_agency_sentence() -> None:
    assert _seed("003").splitlines()[8] == AGENCY
    assert _seed("002").splitlines()[24] == AGENCY


def test_learns_boilerplate_of_one_source_with_counts(corpus: Path, tmp_path: Path) -> None:
    pack = tmp_path / "learned.toml"
    code, output = _learn(str(corpus), "-o", str(pack))
    assert code == 0, output
    assert "13 documents read, 2 sources" in output
    rules = tomllib.loads(pack.read_text(encoding="utf-8"))["rule"]
    assert [r["id"] for r in rules] == ["learned.blatt"]
    assert rules[0]["category"] == "learned" and rules[0]["scope"] == "line"
    assert sorted(rules[0]["phrases"]) == sorted(BOILERPLATE)
    text = pack.read_text(encoding="utf-8")
    assert "# 7 of 7 documents, e.g. blatt/0.txt, blatt/1.txt, blatt/2.txt" in text
    assert "Mehr zum Thema" in text and "MEHR ZUM" not in text  # most frequent spelling


def test_shared_agency_copy_is_not_learned(corpus: Path, tmp_path: Path) -> None:
    pack = tmp_path / "learned.toml"
    _learn(str(corpus), "-o", str(pack))
    assert "Geplant waren" not in pack.read_text(encoding="utf-8")


def test_agency_sentence_repeated_within_a_source_is_still_prose(tmp_path: Path) -> None:
    for i in range(6):
        folder = tmp_path / "c" / "outlet"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i}.txt").write_text(f"Story {i}\n{AGENCY}\nJetzt Newsletter abonnieren\n")
    result = learn_corpus([tmp_path / "c"])
    assert [p.text for s in result.sources for p in s.phrases] == ["Jetzt Newsletter abonnieren"]


def test_pack_loads_and_its_examples_pass(corpus: Path, tmp_path: Path) -> None:
    pack = tmp_path / "learned.toml"
    _learn(str(corpus), "-o", str(pack))
    learned = list(load_rules([pack]))
    ruleset = RuleSet(select_rules(paths=[pack]))
    assert list(check_examples(ruleset, learned)) == []
    result = CliRunner().invoke(main, ["rules", "test", str(pack)])
    assert result.exit_code == 0, result.output


def test_cleaning_with_the_learned_pack_removes_the_lines(corpus: Path, tmp_path: Path) -> None:
    pack = tmp_path / "learned.toml"
    _learn(str(corpus), "-o", str(pack))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["clean", str(corpus), "-o", str(out), "--rules", str(pack)],
    )
    assert result.exit_code == 0, result.output
    cleaned = (out / "blatt" / "3.txt").read_text(encoding="utf-8")
    assert "Der Stadtrat hat am 3. Mai getagt." in cleaned
    for line in BOILERPLATE:
        assert line not in cleaned
    assert "learned.blatt" in (tmp_path / "out.log.jsonl").read_text(encoding="utf-8")


def test_same_corpus_same_bytes(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "1.toml", tmp_path / "2.toml"
    _learn(str(corpus), "-o", str(first))
    _learn(str(corpus), "-o", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_unreadable_file_exits_1_and_the_rest_is_counted(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "blatt" / "broken.txt").symlink_to(corpus / "missing")
    (corpus / "blatt" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, output = _learn(str(corpus), "-o", str(tmp_path / "l.toml"))
    assert code == 0 and "skipped" in output  # symlink and binary file: skipped, not errors
    locked = corpus / "blatt" / "locked.txt"
    locked.write_text("x")
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, output = _learn(str(corpus), "-o", str(tmp_path / "l.toml"))
    assert code == 1 and "locked.txt: Permission denied" in output
    assert "learned.blatt" in (tmp_path / "l.toml").read_text(encoding="utf-8")


def test_source_by_site_and_frontmatter(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"s{i}.txt").write_text(
            f"---\ntitle: T{i}\nsource: https://www.example.org/{i}\n---\n"
            f"See https://example.org/a{i}\nFooter line\n"
        )
    for mode in ("site", "frontmatter"):
        result = learn_corpus([tmp_path], source_by=mode)
        assert [s.name for s in result.sources] == ["example.org"]
        assert [p.text for p in result.sources[0].phrases] == ["Footer line"]  # not front matter


def test_helpers() -> None:
    assert toml_string('a "b" \\ \n\x01') == '"a \\"b\\" \\\\ \\n\\u0001"'
    tricky = 'ä"\\t\x7f'
    assert tomllib.loads("x = " + toml_string(tricky))["x"] == tricky
    assert slug("Süddeutsche Zeitung/Politik") == "suddeutsche-zeitung.politik"
    lines = ["", "  Mehr   zum Thema ", "mehr zum thema", "---", "x " * 31, AGENCY]
    assert list(candidate_lines(lines)) == [("Mehr   zum Thema", "mehr zum thema")]
