"""The removal log: schema, grouping, and reading back."""

import io
import json

import pytest

from cleaner.core.edits import Edit, apply_edits
from cleaner.core.log import LOG_SCHEMA_VERSION, read_records, records_for_stage, write_records


def stage_records(text: str, edits: list[Edit]):
    return records_for_stage("doc-1", 3, "normalize", apply_edits(text, "normalize", edits).applied)


def test_record_has_every_field_of_the_schema() -> None:
    [record] = stage_records("a\nAdUnit x\n", [Edit(2, 11, "", "ad.unit", "ad", "ad slot")])
    data = record.to_dict()
    assert data == {
        "v": LOG_SCHEMA_VERSION,
        "doc": "doc-1",
        "stage": 3,
        "pass": "normalize",
        "rule": "ad.unit",
        "category": "ad",
        "action": "remove",
        "start": 2,
        "end": 11,
        "line": 2,
        "end_line": 2,
        "text": "AdUnit x\n",
        "replacement": "",
        "reason": "ad slot",
    }


def test_groupable_edits_of_one_rule_merge_into_one_record_with_parts() -> None:
    edits = [Edit(i, i + 1, " ", "normalize.spaces", "normalize", group=True) for i in (1, 3, 5)]
    [record] = stage_records("a\xa0b\xa0c\xa0d", edits)
    assert record.to_dict()["count"] == 3
    assert record.to_dict()["parts"] == [
        [1, 2, "\xa0", " "],
        [3, 4, "\xa0", " "],
        [5, 6, "\xa0", " "],
    ]
    assert (record.start, record.end) == (1, 6)


def test_runs_of_different_rules_stay_apart() -> None:
    edits = [
        Edit(0, 1, "", "x", "normalize", group=True),
        Edit(1, 2, "", "y", "normalize", group=True),
        Edit(2, 3, "", "y", "normalize", group=True),
    ]
    assert [r.rule for r in stage_records("abc", edits)] == ["x", "y"]


def test_actions_name_what_happened() -> None:
    records = stage_records(
        "abcdef",
        [
            Edit(0, 0, "+", "i", "c"),
            Edit(0, 1, "A", "r", "c"),
            Edit(1, 2, "", "d", "c"),
            Edit(2, 4, None, "f", "c"),
            Edit(4, 5, None, "v", "c", note=True),
            Edit(6, 6, None, "n", "c"),
        ],
    )
    assert [r.action for r in records] == ["insert", "replace", "remove", "flag", "note", "note"]


def test_write_then_read_gives_the_same_records() -> None:
    records = stage_records(
        "a\xa0b\xa0c",
        [
            Edit(1, 2, " ", "s", "normalize", group=True),
            Edit(3, 4, " ", "s", "normalize", group=True),
        ],
    ) + stage_records("xyz", [Edit(0, 1, "", "r", "ad", score=0.5, details={"k": [1, 2]})])
    stream = io.StringIO()
    write_records(records, stream)
    assert all(json.loads(line)["v"] == 1 for line in stream.getvalue().splitlines())
    assert list(read_records(io.StringIO(stream.getvalue()))) == records


def test_reading_a_log_of_another_version_fails_naming_the_line() -> None:
    with pytest.raises(ValueError, match="log line 2: log schema version 99"):
        list(read_records(io.StringIO('\n{"v": 99}\n')))
