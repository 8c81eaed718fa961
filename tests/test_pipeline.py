"""The pipeline: passes by name, in config order, one applier for all."""

import pickle
from typing import ClassVar

import pytest

from cleaner.core.document import Document
from cleaner.core.edits import Edit, EditConflict
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline
from cleaner.passes import register, registered
from tests.conftest import FIXTURES


@register("test-shout")
class Shout:
    """Upper-cases the first word: a user's own pass, added from Python."""

    name: ClassVar[str] = "test-shout"

    def edits(self, doc: Document) -> list[Edit]:
        end = doc.text.find(" ")
        return [Edit(0, end, doc.text[:end].upper(), "shout.first", "test", "loud")]


@register("test-broken")
class Broken:
    name: ClassVar[str] = "test-broken"

    def edits(self, doc: Document) -> list[Edit]:
        return [Edit(0, 2, "", "a", "test"), Edit(1, 3, "", "b", "test")]


def test_default_order_repairs_before_normalizing_and_tidies_last() -> None:
    names = list(DEFAULT_PASSES)
    assert names[:5] == ["decode", "html", "controls", "repair", "normalize"]
    assert names[-1] == "tidy"
    assert names.index("frontmatter") < names.index("rules")
    assert set(names) - {"decode"} <= set(registered())


def test_a_registered_pass_runs_where_config_puts_it_and_is_logged() -> None:
    doc = Pipeline(["decode", "test-shout", "normalize"]).run(b"hello world  ", "d1")
    assert doc.text == "HELLO world"
    assert [(r.pass_name, r.rule) for r in doc.log][:2] == [
        ("decode", "decode.utf-8"),
        ("test-shout", "shout.first"),
    ]
    assert doc.log[1].text == "hello"


def test_unknown_pass_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown pass 'nope' \(known passes: .*normalize"):
        Pipeline(["nope"])


def test_decode_must_come_first() -> None:
    with pytest.raises(ValueError, match="decode pass must come first"):
        Pipeline(["repair", "decode"])


def test_options_for_a_pass_not_in_the_list_are_an_error() -> None:
    with pytest.raises(ValueError, match="options given for pass 'repair'"):
        Pipeline(["normalize"], {"repair": {}})


def test_bad_option_names_the_pass() -> None:
    with pytest.raises(ValueError, match="pass 'normalize': bad options"):
        Pipeline(["normalize"], {"normalize": {"colour": True}})


def test_a_pass_proposing_overlapping_edits_is_stopped() -> None:
    with pytest.raises(EditConflict):
        Pipeline(["test-broken"]).run("abcdef")


def test_text_input_skips_decode() -> None:
    doc = Pipeline().run("plain text, nothing to do\n")
    assert doc.log == []
    assert "encoding" not in doc.metadata


def test_byte_input_records_encoding_in_metadata_and_log() -> None:
    doc = Pipeline().run("Grüße\n".encode())
    assert doc.metadata["encoding"] == "utf-8"
    assert doc.log[0].action == "note"
    assert doc.log[0].details["encoding"] == "utf-8"


def test_pipeline_pickles_and_cleans_the_same_after() -> None:
    pipeline = Pipeline()
    clone = pickle.loads(pickle.dumps(pipeline))
    data = "fÃ¼r die Straße\u00a0 \r\n".encode()
    assert clone.run(data).text == pipeline.run(data).text


def test_a_removal_at_the_end_leaves_no_newline_where_the_input_had_none() -> None:
    doc = Pipeline().run("Der Rat tagte bis spät in die Nacht.\n\nTeilen auf Facebook")
    assert doc.text == "Der Rat tagte bis spät in die Nacht."
    assert Pipeline().run(doc.text).text == doc.text


def test_a_later_round_logs_no_flag_or_note_an_earlier_round_logged() -> None:
    """The off-topic verdict on a kept paragraph is a note: a second round, run because a
    later pass removed something, saw the same paragraph (a joined line gone) and logged
    its verdict again."""
    source = FIXTURES / "input" / "001_d349342649c47bb0.txt"
    doc = Pipeline().run(source.read_bytes(), source.name)
    assert doc.stages > len(DEFAULT_PASSES)  # a second round ran
    marks = [(r.rule, r.text.split("\n", 1)[0]) for r in doc.log if not r.changes_text]
    assert any(rule == "offtopic.scored" for rule, _ in marks)
    assert len(marks) == len(set(marks))
