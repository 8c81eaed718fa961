"""The safety valve: too much removed means a flag, or by option no removal at all."""

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore
from cleaner.core.safety import SafetyValve

MOSTLY_CHROME = (
    "Loading...\n00:00 / 00:00\nAbspielen\nSchließen\nAufklappen\nVorige 10 Sekunden\n"
    "Kurzer Text.\n"
)


def test_excess_is_flagged_and_the_removals_stay_by_default() -> None:
    doc = Pipeline().run(MOSTLY_CHROME)
    assert doc.text == "Kurzer Text.\n"
    note = doc.log[-1]
    assert (note.rule, note.category, note.action) == ("safety.removed-share", "safety", "note")
    assert note.score > 0.4
    assert "limit 40%" in note.reason
    assert restore(doc.text, doc.log) == MOSTLY_CHROME


def test_keep_mode_leaves_the_document_unchanged_apart_from_normalization() -> None:
    doc = Pipeline(safety=SafetyValve(on_excess="keep")).run(MOSTLY_CHROME)
    assert doc.text == MOSTLY_CHROME
    assert [r.rule for r in doc.log] == ["safety.removed-share"]
    assert doc.log[0].details == {"limit": 0.4, "undone": True}
    assert Pipeline(safety=SafetyValve(on_excess="keep")).run(doc.text).text == doc.text


def test_under_the_limit_nothing_is_noted() -> None:
    text = "Ein langer Absatz mit vielen Wörtern. " * 20 + "\nAbspielen\nSchließen\n00:00\n"
    doc = Pipeline().run(text)
    assert "Abspielen" not in doc.text
    assert all(r.category != "safety" for r in doc.log)


def test_form_changes_do_not_count_as_removed_words() -> None:
    doc = Pipeline(safety=SafetyValve(max_removed_share=0.01)).run("a\u00a0b  \r\n" * 50)
    assert all(r.category != "safety" for r in doc.log)


@pytest.mark.parametrize(("share", "mode"), [(0, "flag"), (1.5, "flag"), (0.4, "delete")])
def test_bad_settings_are_refused(share: float, mode: str) -> None:
    with pytest.raises(ValueError):
        SafetyValve(share, mode)


def test_the_summary_counts_files_over_the_limit(tmp_path) -> None:
    (tmp_path / "doc.txt").write_text(MOSTLY_CHROME, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["clean", str(tmp_path / "doc.txt"), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 0
    assert "1 document would lose more words than the limit allows" in result.stderr
