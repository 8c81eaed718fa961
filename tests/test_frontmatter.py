"""Front matter: recognised, its fields in metadata, protected from removal passes."""

import time
from pathlib import Path

import pytest

from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore
from tests.conftest import FIXTURES, run_bounded

YAML_DOC = '---\ntitle: "Kim empfängt Putin"\ndate: 2024-06-19\ntags: [a, b]\n---\nText.\n'
TOML_DOC = '+++\ntitle = "Kim empfängt Putin"\ndraft = false\n+++\nText.\n'


def run(text: str, **options: object):
    return Pipeline(["normalize", "frontmatter", "rules", "tidy"], {"frontmatter": options}).run(
        text
    )


@pytest.mark.parametrize(("text", "kind"), [(YAML_DOC, "yaml"), (TOML_DOC, "toml")])
def test_fields_go_into_metadata_and_the_log(text: str, kind: str) -> None:
    doc = run(text)
    assert doc.metadata["title"] == "Kim empfängt Putin"
    assert doc.metadata["front_matter_end"] == text.index("Text.")
    [note] = [r for r in doc.log if r.pass_name == "frontmatter"]
    assert (note.rule, note.action, note.details["format"]) == ("frontmatter.found", "note", kind)
    assert doc.text == text


def test_yaml_dates_are_kept_as_iso_strings() -> None:
    assert run(YAML_DOC).metadata["front_matter"]["date"] == "2024-06-19"


def test_removal_passes_never_touch_front_matter() -> None:
    text = "---\ntitle: x\nnote: |\n  AdUnit Mobile_Pos2\n---\nText.\n\nAdUnit Content_1\n"
    doc = run(text)
    assert doc.text == "---\ntitle: x\nnote: |\n  AdUnit Mobile_Pos2\n---\nText.\n"


def test_strip_removes_it_and_keeps_it_in_the_log() -> None:
    doc = run(YAML_DOC, strip=True)
    assert doc.text == "Text.\n"
    assert "front_matter_end" not in doc.metadata
    assert doc.metadata["title"] == "Kim empfängt Putin"
    assert restore(doc.text, doc.log) == YAML_DOC
    assert all(r.category != "safety" for r in doc.log)


def test_broken_yaml_is_still_protected_and_the_error_logged() -> None:
    doc = run("---\ntitle: [unclosed\n---\nText.\n")
    [note] = [r for r in doc.log if r.pass_name == "frontmatter"]
    assert "error" in note.details
    assert doc.metadata["front_matter_end"] == len("---\ntitle: [unclosed\n---\n")


def test_a_rule_line_at_the_top_is_not_front_matter() -> None:
    doc = run("---\n\nA paragraph after a horizontal rule.\n")
    assert "front_matter" not in doc.metadata


@pytest.mark.parametrize("name", ["000_78a7e6bdbd978009.txt", "001_d349342649c47bb0.txt"])
def test_seed_front_matter_is_kept_verbatim_and_repaired(name: str) -> None:
    source: Path = FIXTURES / "input" / name
    doc = Pipeline().run(source.read_bytes(), name)
    head = doc.text[: doc.metadata["front_matter_end"]]
    assert head.startswith("---\nlayout: post\ntitle: ")
    assert "Ã" not in head and "ğŸ" not in head


def test_text_between_two_rules_is_not_front_matter() -> None:
    text = "---\nEin Absatz zwischen zwei Linien.\n---\nText.\n"
    assert "front_matter" not in run(text).metadata


def _alias_bomb(levels: int, width: int = 9) -> str:
    """YAML whose every level lists the one before ``width`` times: ``width ** levels``
    values once expanded, in a few hundred bytes."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "---\ntitle: Bombe\n" + "\n".join(lines) + "\n---\nText.\n"


def test_a_yaml_alias_bomb_is_refused_in_bounded_time_and_memory() -> None:
    """Expanding the aliases took minutes and gigabytes (9 levels: 387 million values);
    the fields are not read, the block is still protected, and the error is logged."""
    text = _alias_bomb(9)
    assert len(text) < 700
    result = run_bounded(
        "from cleaner import Cleaner\n"
        "cleaner = Cleaner()\n"
        "started = time.perf_counter()\n"
        f"doc = cleaner.clean({text!r})\n"
        "result = {'seconds': time.perf_counter() - started}\n"
        "[note] = [r for r in doc.edits if r.pass_name == 'frontmatter']\n"
        "result |= {'status': doc.status, 'text': doc.text, 'error': note.details.get('error'),\n"
        "          'fields': note.details['fields'], 'end': doc.metadata['front_matter_end']}\n",
        seconds=60,
        memory_mb=1024,
    )
    assert result["status"] == "cleaned" and result["text"] == text
    assert "more than 10,000 values once YAML aliases are expanded" in result["error"]
    assert result["fields"] == {} and result["end"] == text.index("Text.")
    assert result["seconds"] < 2 and result["peak_mb"] < 400


def test_a_self_referring_alias_and_deep_nesting_are_errors_not_failures() -> None:
    for body in ["a: &a [*a]\n", "a: " + "[" * 5000 + "]" * 5000 + "\n"]:
        doc = run(f"---\n{body}---\nText.\n")
        [note] = [r for r in doc.log if r.pass_name == "frontmatter"]
        assert "fields not read" in note.details["error"]
        assert note.details["fields"] == {}


def test_a_front_matter_block_too_large_to_be_metadata_is_read_as_text() -> None:
    """A 9 MB block took 15 s to parse; past 64 KB it is text between two rules."""
    from cleaner.passes.frontmatter import MAX_CHARS

    text = "---\ntitle: x\n" + "Zeile im Text.\n" * (MAX_CHARS // 15 + 1) + "---\nText.\n"
    pipeline = Pipeline(["frontmatter"])
    started = time.perf_counter()
    doc = pipeline.run(text)
    assert time.perf_counter() - started < 1
    assert "front_matter" not in doc.metadata and "front_matter_end" not in doc.metadata
    [note] = [r for r in doc.log if r.pass_name == "frontmatter"]
    assert note.rule == "frontmatter.too-large" and note.action == "note"
