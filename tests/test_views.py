"""cleaner diff and explain: exact output for a document with a removal and a repair."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from cleaner import Pipeline
from cleaner.cli import main
from cleaner.core.log import LogRecord
from cleaner.core.restore import restore
from cleaner.views.render import (
    Change,
    map_edits,
    render_diff,
    render_explain,
    safe,
    segments,
    visible,
)
from tests.conftest import FIXTURES, documents

#: Mojibake on line 1 (repaired), an ad marker on line 3 (removed), and the blank
#: line the removal leaves behind (tidied).
DAMAGED = "Der Vertrag fÃ¼r Frieden.\n\nWerbung\n\nZweiter Absatz.\n"
CLEAN = "Der Vertrag für Frieden.\n\nZweiter Absatz.\n"
PIPELINE = Pipeline()


def cleaned(text: str) -> tuple[str, str, list[LogRecord]]:
    doc = PIPELINE.run(text.encode("utf-8"), "a.txt")
    return restore(doc.text, doc.log), doc.text, doc.log


def test_the_example_is_what_the_tests_below_assume() -> None:
    original, text, log = cleaned(DAMAGED)
    assert (original, text) == (DAMAGED, CLEAN)
    assert [r.rule for r in log if r.changes_text] == [
        "repair.mojibake",
        "de.ad.marker",
        "normalize.blank-lines",
    ]


def test_edits_are_mapped_to_original_and_final_offsets() -> None:
    original, text, log = cleaned(DAMAGED)
    spans = {
        e.record.rule: (original[e.start : e.end], text[e.final_start : e.final_end])
        for e in map_edits(log)
    }
    assert spans["repair.mojibake"] == ("fÃ¼r", "für")
    # tidy then turned the "\n\n\n" around the gap into "\n\n": in the original that
    # stretch holds the ad, and in the output the ad's gap lies inside tidy's "\n\n"
    assert spans["normalize.blank-lines"] == ("\n\nWerbung\n\n", "\n\n")
    assert spans["de.ad.marker"] == ("Werbung\n", "\n\n")


def test_diff_tags_the_hunk_with_the_rules_that_made_it() -> None:
    original, text, log = cleaned(DAMAGED)
    assert render_diff("a.txt", original, text, map_edits(log)) == (
        "--- a.txt\t(original, decoded)\n"
        "+++ a.txt\t(cleaned)\n"
        "@@ -1,5 +1,3 @@ de.ad.marker · ad, repair.mojibake · encoding, "
        "normalize.blank-lines · normalize\n"
        "-Der Vertrag fÃ¼r Frieden.\n"
        "+Der Vertrag für Frieden.\n"
        " \n"
        "-Werbung\n"
        "-\n"
        " Zweiter Absatz.\n"
    )


def test_diff_hunks_are_tagged_only_with_their_own_edits() -> None:
    filler = "".join(f"Absatz Nummer {n} bleibt stehen.\n\n" for n in range(8))
    original, text, log = cleaned("Der Vertrag fÃ¼r Frieden.\n\n" + filler + "Werbung\n")
    headers = [
        line
        for line in render_diff("a.txt", original, text, map_edits(log)).splitlines()
        if line.startswith("@@")
    ]
    assert headers == [
        "@@ -1,4 +1,4 @@ repair.mojibake · encoding",
        "@@ -15,5 +15,3 @@ de.ad.marker · ad, normalize.final-newline · normalize",
    ]


def test_diff_is_empty_when_nothing_changes() -> None:
    original, text, log = cleaned(CLEAN)
    assert render_diff("a.txt", original, text, map_edits(log)) == ""


def test_colored_diff_paints_removed_red_and_added_green() -> None:
    original, text, log = cleaned(DAMAGED)
    out = render_diff("a.txt", original, text, map_edits(log), color=True)
    assert "\x1b[31m-Werbung\x1b[0m\n" in out
    assert "\x1b[32m+Der Vertrag für Frieden.\x1b[0m\n" in out
    assert "\x1b[36m@@ -1,5 +1,3 @@\x1b[0m \x1b[33mde.ad.marker · ad" in out


def test_explain_marks_removals_and_repairs_inline() -> None:
    original, text, log = cleaned(DAMAGED)
    assert render_explain(original, text, map_edits(log)) == (
        "Der Vertrag f[Ã¼→ü]{repair.mojibake · encoding}r Frieden.\n"
        "\n"
        "[-Werbung↵↵-]{de.ad.marker · ad, normalize.blank-lines · normalize}\n"
        "Zweiter Absatz.\n"
    )


def test_a_repair_spanning_two_damaged_words_marks_only_the_damage() -> None:
    """The repair pass logs one record from the first damaged character to the last; the
    words between them were not changed and are not marked."""
    original, text, log = cleaned(
        "Pjöngjang. Die Atommächte tagten lange.\n".encode().decode("cp1252")
    )
    [repair] = [r for r in log if r.rule == "repair.mojibake"]
    assert repair.text == "PjÃ¶ngjang. Die AtommÃ¤chte"
    assert render_explain(original, text, map_edits(log)) == (
        "Pj[Ã¶→ö]{repair.mojibake · encoding}ngjang. Die Atomm"
        "[Ã¤→ä]{repair.mojibake · encoding}chte tagten lange.\n"
    )


def test_the_final_newline_after_a_removed_last_paragraph_is_part_of_that_removal() -> None:
    """Tidy's final-newline edit at the end left by the removal touches it: one mark at the
    end, not a lone final-newline mark in the middle of the document."""
    path = next((FIXTURES / "input").glob("001_*.txt"))
    doc = PIPELINE.run(path.read_bytes(), path.name)
    explained = render_explain(restore(doc.text, doc.log), doc.text, map_edits(doc.log))
    last_mark = explained.rindex("[-")
    assert "final-newline" not in explained[:last_mark]
    assert explained[:last_mark].endswith("eins.[-Â-]{repair.mojibake · encoding}»\n")
    assert explained[last_mark:].startswith("[-↵\nDas Â«Wall Street Journal")
    assert explained.endswith(
        "bislang ohne Erfolg.↵↵-]{offtopic.trailing-paragraph · offtopic, "
        "normalize.final-newline · normalize, repair.mojibake · encoding}\n"
    )


def test_colored_explain_strikes_removed_text_and_dims_labels() -> None:
    original, text, log = cleaned(DAMAGED)
    out = render_explain(original, text, map_edits(log), color=True)
    assert "f[\x1b[9;31mÃ¼\x1b[0m→\x1b[32mü\x1b[0m]\x1b[2;36m{repair.mojibake · encoding}" in out
    assert "[-\x1b[9;31mWerbung\x1b[0m↵↵-]\x1b[2;36m{de.ad.marker · ad" in out


def test_invisible_and_control_characters_are_shown_not_sent_to_the_terminal() -> None:
    assert visible("a\u00a0b\x1b[31mc\td\n\x85") == "a<U+00A0>b␛[31mc\td\n<U+0085>"
    assert visible("\t\n\r", layout=True) == "⇥↵␍"
    assert safe("👨\u200d👩 \x1b[2J\t\n") == "👨\u200d👩 ␛[2J\t\n"


def test_a_removed_multi_line_block_keeps_its_lines() -> None:
    original, text, log = cleaned("Text davor.\n\nAbspielen\nSchließen\n00:00 / 00:00\n\nText.\n")
    assert render_explain(original, text, map_edits(log)) == (
        "Text davor.\n\n"
        "[-Abspielen↵\nSchließen↵\n00:00 / 00:00↵↵-]"
        "{de.player.controls · player, normalize.blank-lines · normalize}\n"
        "Text.\n"
    )


def diff_sides(diff: str) -> tuple[str, str]:
    """The old and new text a unified diff (with all lines as context) holds."""
    old: list[str] = []
    new: list[str] = []
    sides: list[list[str]] = []
    for line in diff.split("\n")[2:]:
        if line.startswith("\\"):  # "\ No newline at end of file": the line before has none
            for side in sides:
                side[-1] = side[-1].removesuffix("\n")
            continue
        sides = {" ": [old, new], "-": [old], "+": [new]}.get(line[:1], [])
        for side in sides:
            side.append(line[1:] + "\n")
    return "".join(old), "".join(new)


@settings(deadline=None)
@given(documents())
def test_explain_and_diff_give_back_input_and_output(text: str) -> None:
    doc = PIPELINE.run(text)
    original = restore(doc.text, doc.log)
    edits = map_edits(doc.log)
    pieces = list(segments(original, doc.text, edits))
    assert "".join(p.old if isinstance(p, Change) else p for p in pieces) == original
    assert "".join(p.new if isinstance(p, Change) else p for p in pieces) == doc.text
    diff = render_diff("a", original, doc.text, edits, context=10**6)
    if original == doc.text:
        assert diff == ""
    else:
        old, new = diff_sides(diff)  # kept lines show controls, changed ones all invisibles
        assert (visible(old), visible(new)) == (visible(original), visible(doc.text))


def test_every_fixture_explains_consistently() -> None:
    for path in sorted((FIXTURES / "input").glob("*.txt")):
        doc = PIPELINE.run(path.read_bytes(), path.name)
        original = restore(doc.text, doc.log)
        pieces = list(segments(original, doc.text, map_edits(doc.log)))
        assert "".join(p.new if isinstance(p, Change) else p for p in pieces) == doc.text


# --- the commands ------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    return path


def test_diff_command_exits_1_with_changes_and_0_without(damaged: Path, tmp_path: Path) -> None:
    result = run("diff", str(damaged))
    assert result.exit_code == 1
    assert result.output.startswith(f"--- {damaged}\t(original, decoded)\n")
    assert "\x1b[" not in result.output  # not a terminal: no colour
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    result = run("diff", str(clean))
    assert (result.exit_code, result.output) == (0, "")


def test_diff_command_colours_when_asked(damaged: Path) -> None:
    assert "\x1b[31m-Werbung" in run("diff", "--color", str(damaged)).output
    assert "\x1b[" not in run("diff", "--no-color", str(damaged)).output


def test_diff_command_takes_the_config(damaged: Path, tmp_path: Path) -> None:
    config = tmp_path / "cleaner.toml"
    config.write_text('passes = ["decode", "repair"]\n', encoding="utf-8")
    result = run("diff", "--config", str(config), str(damaged))
    assert result.exit_code == 1
    assert "@@ -1,4 +1,4 @@ repair.mojibake · encoding\n" in result.output
    assert "\n Werbung\n" in result.output  # context: the rules pass did not run


def test_diff_command_names_a_binary_file_and_exits_2(tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = CliRunner().invoke(main, ["diff", str(binary)])
    assert result.exit_code == 2
    assert f"cleaner: error: {binary}:" in result.stderr


def test_explain_command_prints_the_marked_document(damaged: Path) -> None:
    result = run("explain", str(damaged))
    assert result.exit_code == 0
    assert result.output == (
        "Der Vertrag f[Ã¼→ü]{repair.mojibake · encoding}r Frieden.\n\n"
        "[-Werbung↵↵-]{de.ad.marker · ad, normalize.blank-lines · normalize}\n"
        "Zweiter Absatz.\n"
    )


def test_explain_command_heads_each_of_several_files(damaged: Path, tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text(CLEAN, encoding="utf-8")
    result = run("explain", str(damaged), str(other))
    assert result.output.count("==> ") == 2
    assert result.output.endswith(f"==> {other} <==\n{CLEAN}")
