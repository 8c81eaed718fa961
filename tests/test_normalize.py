"""normalize: each convention, its log entry, and its switch."""

import unicodedata

import pytest
from hypothesis import given

from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore
from tests.conftest import documents


def normalize(text: str, **options: object):
    return Pipeline(["normalize"], {"normalize": options} if options else None).run(text)


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("a\r\nb\rc\u2028d\n", "a\nb\nc\nd\n", "normalize.newlines"),
        (
            "Bundes\u00adregierung\u200b ist\ufeff da\n",
            "Bundesregierung ist da\n",
            "normalize.invisible",
        ),
        ("bell\x07 and\x1b[0m C1\x85\n", "bell and[0m C1\n", "normalize.controls"),
        ("Cafe\u0301 cre\u0300me\n", "Café crème\n", "normalize.nfc"),
        ("19\u00a0Uhr, 10\u202f%\n", "19 Uhr, 10 %\n", "normalize.spaces"),
        (
            "Pompöser Empfang \nText\t\n",
            "Pompöser Empfang\nText\n",
            "normalize.trailing-whitespace",
        ),
        ("a\n\n\n\n\nb\n", "a\n\nb\n", "normalize.blank-lines"),
        ("\n\nText\n\n\n", "Text\n", "normalize.final-newline"),
    ],
)
def test_each_step_changes_what_it_names_and_logs_its_rule(text, expected, rule) -> None:
    doc = normalize(text)
    assert doc.text == expected
    assert rule in {r.rule for r in doc.log}
    assert {r.category for r in doc.log} == {"normalize"}


def test_a_step_switched_off_leaves_its_convention_alone() -> None:
    doc = normalize("a\u00a0b\r\n", spaces=False, newlines=False)
    assert doc.text == "a\u00a0b\r\n"


def test_emoji_sequences_and_persian_joiners_are_kept() -> None:
    text = "Familie 👨\u200d👩\u200d👧 und می\u200cخواهم\n"
    assert normalize(text).text == text


def test_ideographic_space_and_tabs_inside_lines_are_kept() -> None:
    text = "東京\u3000大阪\tOsaka\n"
    assert normalize(text).text == text


def test_many_spaces_are_one_record_not_one_per_space() -> None:
    doc = normalize("x\u00a0" * 500 + "\n")
    [record] = [r for r in doc.log if r.rule == "normalize.spaces"]
    assert len(record.parts) == 500


def test_more_blank_lines_allowed_by_option() -> None:
    assert normalize("a\n\n\n\n\nb\n", max_blank_lines=2).text == "a\n\n\nb\n"


def test_negative_blank_line_limit_is_an_error() -> None:
    with pytest.raises(ValueError, match="max_blank_lines"):
        normalize("x", max_blank_lines=-1)


def test_empty_and_blank_texts_stay_as_they_are() -> None:
    assert normalize("").text == ""
    assert normalize("   ").text == ""


@given(documents())
def test_output_is_nfc_with_lf_and_idempotent_and_restorable(text: str) -> None:
    doc = normalize(text)
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\r" not in doc.text
    assert normalize(doc.text).text == doc.text
    assert restore(doc.text, doc.log) == text


def test_a_final_newline_is_kept_or_left_absent_as_in_the_input() -> None:
    assert normalize("Text").text == "Text"  # a JSON value, not a file
    assert normalize("Text\r\n\r\n").text == "Text\n"
