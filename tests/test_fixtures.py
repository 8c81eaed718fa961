"""The bundled seeds: expected output and expected log, byte for byte.

After an intended change, rewrite the expectations with
``CLEANER_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py`` and review the diff.
"""

import io
import json
import os
from pathlib import Path

import pytest

from cleaner.core.log import write_records
from cleaner.core.pipeline import Pipeline
from tests.conftest import FIXTURES

INPUTS = sorted((FIXTURES / "input").glob("*.txt"))
EXPECTED = FIXTURES / "expected"
PIPELINE = Pipeline()
ENCODING_ONLY = Pipeline(["decode", "repair", "normalize"])


def clean(path: Path):
    return PIPELINE.run(path.read_bytes(), path.name)


def log_lines(doc) -> str:
    stream = io.StringIO()
    write_records(doc.log, stream)
    return stream.getvalue()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem[:3])
def test_output_and_log_match_the_fixture(path: Path) -> None:
    doc = clean(path)
    text_file, log_file = EXPECTED / path.name, EXPECTED / f"{path.stem}.log.jsonl"
    if os.environ.get("CLEANER_UPDATE_FIXTURES"):
        EXPECTED.mkdir(exist_ok=True)
        text_file.write_bytes(doc.text.encode("utf-8"))
        log_file.write_bytes(log_lines(doc).encode("utf-8"))
    assert doc.text == text_file.read_bytes().decode("utf-8")
    assert log_lines(doc) == log_file.read_bytes().decode("utf-8")


def light_normalization(text: str) -> str:
    """What 'identical apart from normalization' allows for the seeds."""
    lines = [line.replace("\u00a0", " ").rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + ("\n" if text.endswith("\n") else "")


@pytest.mark.parametrize("path", [p for p in INPUTS if not p.name.startswith("001")], ids=str)
def test_clean_seeds_change_only_by_normalization_in_encoding_repair(path: Path) -> None:
    doc = ENCODING_ONLY.run(path.read_bytes(), path.name)
    assert doc.text == light_normalization(path.read_text(encoding="utf-8"))
    assert {r.category for r in doc.log if r.changes_text} <= {"normalize"}


def test_seed_001_is_repaired_everywhere_with_the_chain_in_the_log() -> None:
    doc = clean(next(p for p in INPUTS if p.name.startswith("001")))
    lines = doc.text.split("\n")
    assert lines[2] == (
        'title: "🔥🔥 [Nordkorea] Putin in Nordkorea: Vertrag über strategische Partnerschaft"'
    )
    assert any(
        line.startswith("Pjöngjang. Die Atommächte Russland und Nordkorea") for line in lines
    )
    assert "«Aufbau einer neuen multipolaren Welt»" in lines
    assert not any(marker in doc.text for marker in ("Ã", "Â", "â€", "ğŸ"))
    repairs = [r for r in doc.log if r.pass_name == "repair" and r.changes_text]
    chains = json.dumps([r.details for r in repairs])
    assert "windows-1252" in chains and "windows-1254" in chains
    assert {r.category for r in repairs} == {"encoding"}
