"""JSON Lines (plain, gzip, zstd) and Parquet corpora through `cleaner clean`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow
import pyarrow.parquet
import pytest
import zstandard
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.core.log import read_records
from cleaner.core.restore import restore
from tests.conftest import FIXTURES

SEEDS = sorted((FIXTURES / "input").glob("*.txt"))


def _records() -> list[dict[str, object]]:
    return [
        {"id": seed.stem, "text": seed.read_text(encoding="utf-8"), "url": f"https://x/{n}", "n": n}
        for n, seed in enumerate(SEEDS)
    ]


def _lines(records: list[dict[str, object]]) -> bytes:
    # Spacing and escapes unlike json.dumps' own, to show unchanged lines are copied.
    return b"".join(json.dumps(r, separators=(",", ":")).encode() + b"\n" for r in records)


def _clean(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["clean", *args])
    return result.exit_code, result.stderr


def _expected(seed_id: str) -> str:
    return (FIXTURES / "expected" / f"{seed_id}.txt").read_text(encoding="utf-8")


def test_jsonl_documents_are_cleaned_and_other_fields_kept(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    clean_line = json.dumps({"id": "clean", "text": "Schon sauber.\n", "extra": [1, 2.50]})
    (corpus / "docs.jsonl").write_bytes(_lines(_records()) + clean_line.encode() + b"\n")
    code, stderr = _clean(str(corpus), "-o", str(tmp_path / "out"), "--log", str(tmp_path / "l"))
    assert code == 0, stderr
    assert "1 file cleaned (6 documents, 5 changed" in stderr
    lines = (tmp_path / "out" / "docs.jsonl").read_bytes().splitlines(keepends=True)
    out = [json.loads(line) for line in lines]
    for record, original in zip(out, _records(), strict=False):
        assert record["text"] == _expected(str(original["id"]))
        assert {k: v for k, v in record.items() if k != "text"} == {
            k: v for k, v in original.items() if k != "text"
        }
    assert lines[-1] == clean_line.encode() + b"\n"  # byte for byte
    with (tmp_path / "l").open(encoding="utf-8") as stream:
        docs = {record.doc for record in read_records(stream)}
    assert docs == {seed.stem for seed in SEEDS}  # keyed by the id field


def test_the_log_restores_each_jsonl_document(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_bytes(_lines(_records()))
    _clean(str(tmp_path / "c.jsonl"), "-o", f"{tmp_path / 'o'}/", "--log", str(tmp_path / "l"))
    with (tmp_path / "l").open(encoding="utf-8") as stream:
        records = list(read_records(stream))
    cleaned = [json.loads(line) for line in (tmp_path / "o" / "c.jsonl").read_text().splitlines()]
    for original, done in zip(_records(), cleaned, strict=True):
        own = [r for r in records if r.doc == original["id"]]
        assert restore(done["text"], own) == original["text"]


def test_lines_that_are_not_documents_are_kept_and_reported(tmp_path: Path) -> None:
    good = json.dumps({"id": "g", "text": "Teilen auf Facebook\nDer Rat tagte."})
    bad = [b"not json", b'{"id": 1}', b"[1, 2]", b'{"text": 5}', b'{"text": "caf\xe9"}']
    data = b"\n".join([good.encode(), *bad, b"", good.encode()]) + b"\n"
    (tmp_path / "c.jsonl").write_bytes(data)
    code, stderr = _clean(str(tmp_path / "c.jsonl"), "-o", f"{tmp_path / 'o'}/")
    assert code == 1
    for line, problem in [
        (2, "not JSON"),
        (3, "text field 'text' missing"),
        (4, "not a JSON object"),
        (5, "text field 'text' not a string"),
        (6, "not valid UTF-8"),
    ]:
        assert f"c.jsonl:{line}: {problem}" in stderr
    assert "5 errors" in stderr
    out = (tmp_path / "o" / "c.jsonl").read_bytes().split(b"\n")
    assert out[1:7] == [*bad, b""]  # kept verbatim, in place
    assert json.loads(out[0])["text"] == "Der Rat tagte."
    assert json.loads(out[7])["id"] == "g"


def test_documents_without_an_id_are_named_by_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"body": "Teilen auf Facebook\nText hier.", "key": "k1"}) + "\n"
    )
    code, _ = _clean(
        str(tmp_path / "c.jsonl"), "-o", f"{tmp_path / 'o'}/", "--log", str(tmp_path / "l"),
        "--text-field", "body", "--id-field", "missing",
    )  # fmt: skip
    assert code == 0
    assert json.loads((tmp_path / "o" / "c.jsonl").read_text())["body"] == "Text hier."
    with (tmp_path / "l").open(encoding="utf-8") as stream:
        assert {r.doc for r in read_records(stream)} == {"c.jsonl:1"}


def test_field_names_come_from_config(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text('text_field = "content"\nid_field = "key"\n')
    (tmp_path / "c.jsonl").write_text(json.dumps({"content": "a  \n", "key": "k"}) + "\n")
    code, _ = _clean(
        str(tmp_path / "c.jsonl"), "-o", f"{tmp_path / 'o'}/", "--log", str(tmp_path / "l"),
        "--config", str(tmp_path / "cleaner.toml"),
    )  # fmt: skip
    assert code == 0
    assert json.loads((tmp_path / "o" / "c.jsonl").read_text()) == {"content": "a\n", "key": "k"}


@pytest.mark.parametrize(
    ("name", "pack", "unpack"),
    [
        ("c.jsonl.gz", gzip.compress, gzip.decompress),
        (
            "c.jsonl.zst",
            zstandard.ZstdCompressor().compress,
            lambda d: zstandard.ZstdDecompressor().stream_reader(d).read(),
        ),
    ],
)
def test_compressed_jsonl_gives_the_same_documents(tmp_path: Path, name, pack, unpack) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "c.jsonl").write_bytes(_lines(_records()))
    (tmp_path / "in" / name).write_bytes(pack(_lines(_records())))
    code, _ = _clean(str(tmp_path / "in"), "-o", str(tmp_path / "o"))
    assert code == 0
    plain = (tmp_path / "o" / "c.jsonl").read_bytes()
    assert unpack((tmp_path / "o" / name).read_bytes()) == plain


def test_gzip_output_is_the_same_bytes_every_run(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(_lines(_records())))
    _clean(str(tmp_path / "c.jsonl.gz"), "-o", f"{tmp_path / 'a'}/")
    _clean(str(tmp_path / "c.jsonl.gz"), "-o", f"{tmp_path / 'b'}/")
    assert (tmp_path / "a" / "c.jsonl.gz").read_bytes() == (
        tmp_path / "b" / "c.jsonl.gz"
    ).read_bytes()


def test_parquet_keeps_its_columns_and_replaces_the_text(tmp_path: Path) -> None:
    records = _records()
    table = pyarrow.table(
        {
            "id": [r["id"] for r in records],
            "text": [r["text"] for r in records[:-1]] + [None],
            "n": [r["n"] for r in records],
        }
    )
    pyarrow.parquet.write_table(table, tmp_path / "c.parquet")
    code, stderr = _clean(str(tmp_path / "c.parquet"), "-o", f"{tmp_path / 'o'}/")
    assert code == 1 and "c.parquet:5: text column 'text' is null" in stderr
    out = pyarrow.parquet.read_table(tmp_path / "o" / "c.parquet")
    assert out.schema == table.schema
    assert out.column("n").to_pylist() == table.column("n").to_pylist()
    texts = out.column("text").to_pylist()
    assert texts[:-1] == [_expected(str(r["id"])) for r in records[:-1]]
    assert texts[-1] is None


def test_corpus_output_is_identical_for_any_number_of_jobs(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "c.jsonl").write_bytes(_lines(_records() * 5))
    for seed in SEEDS:
        (tmp_path / "in" / seed.name).write_bytes(seed.read_bytes())
    outputs = []
    for jobs in ("1", "2"):
        target, log = tmp_path / f"o{jobs}", tmp_path / f"l{jobs}"
        code, _ = _clean(str(tmp_path / "in"), "-o", str(target), "--log", str(log), "-j", jobs)
        assert code == 0
        files = {p.name: p.read_bytes() for p in sorted(target.iterdir())}
        outputs.append((files, log.read_bytes()))
    assert outputs[0] == outputs[1]


def test_jsonl_texts_match_the_library(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_bytes(_lines(_records()))
    _clean(str(tmp_path / "c.jsonl"), "-o", f"{tmp_path / 'o'}/")
    cleaned = [json.loads(line)["text"] for line in (tmp_path / "o" / "c.jsonl").open()]
    library = Cleaner()
    assert cleaned == [library.clean(r["text"], r["id"]).text for r in _records()]


def test_a_parquet_text_column_that_is_not_text_is_an_error_per_row_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    """An int64 text column raised TypeError inside the library and ended the run: the
    files after it were not cleaned and the journal was left behind."""
    (tmp_path / "in").mkdir()
    numbers = pyarrow.table({"id": ["a", "b"], "text": [1, 2]})
    pyarrow.parquet.write_table(numbers, tmp_path / "in" / "a.parquet")
    (tmp_path / "in" / "b.txt").write_text("Teilen auf Facebook\nDer Rat tagte.\n")
    log = tmp_path / "log.jsonl"
    code, stderr = _clean(str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--log", str(log))
    assert code == 1
    assert "a.parquet:1: text column 'text' holds int, not a string; kept as is" in stderr
    assert "a.parquet:2: text column 'text' holds int, not a string; kept as is" in stderr
    assert (tmp_path / "o" / "b.txt").read_text() == "Der Rat tagte.\n"
    assert pyarrow.parquet.read_table(tmp_path / "o" / "a.parquet") == numbers
    assert not list(tmp_path.glob("*.journal"))


@pytest.mark.parametrize(
    ("name", "unpack"),
    [
        ("e.jsonl", lambda d: d),
        ("e.jsonl.gz", gzip.decompress),
        ("e.jsonl.zst", lambda d: zstandard.ZstdDecompressor().stream_reader(d).read()),
    ],
)
def test_an_empty_jsonl_file_gives_an_empty_file(tmp_path: Path, name: str, unpack) -> None:
    """An empty .jsonl.gz came out as a 20-byte gzip of nothing."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(b"")
    code, _ = _clean(str(tmp_path / "in"), "-o", str(tmp_path / "o"))
    assert code == 0
    assert (tmp_path / "o" / name).read_bytes() == b""
