"""Corpus file formats: plain files and JSON Lines (either gzip- or zstd-compressed), Parquet.

A reader turns one source file into a stream of entries in file order: a
``Doc`` to clean, or a ``Keep`` (a line that is not a document, kept verbatim
so nothing is lost, with the problem if there is one). A writer takes the
entries back with the cleaned text and writes the same format to a temporary
file beside the target; the runner renames it into place only when complete.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.corpus.files import Output

#: The last suffix of a compressed file, and its compression: ``page.html.gz`` is a gzip-
#: compressed ``page.html``, read and written back compressed the same way.
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd"}


class FormatError(ValueError):
    """A file whose format cannot be read or written here (a missing optional package)."""


def split_compression(name: str) -> tuple[str, str]:
    """``("page.html", ".gz")`` for ``page.html.gz``; ``(name, "")`` when not compressed."""
    for suffix in COMPRESSIONS:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], name[-len(suffix) :]
    return name, ""


def compression_of(name: str) -> str | None:
    """``gzip``, ``zstd`` or ``None``, from the file name."""
    return COMPRESSIONS.get(split_compression(name)[1].lower())


def format_of(name: str) -> str:
    """``plain``, ``jsonl`` or ``parquet``, from the file name (compression aside)."""
    inner = split_compression(name)[0].lower()
    if inner.endswith(".jsonl"):
        return "jsonl"
    if inner.endswith(".parquet") and inner == name.lower():
        return "parquet"
    return "plain"


class TooLargeError(FormatError):
    """A compressed document larger than the size bound once decompressed."""


@dataclass(frozen=True, slots=True)
class Doc:
    """A document to clean. For JSON Lines, ``raw`` is its line as read and
    ``record`` its parsed object, so that the writer can copy an unchanged line
    or put the cleaned text back beside the other fields.
    """

    id: str
    data: str | bytes
    line: int = 0
    raw: bytes = b""
    record: Any = None


@dataclass(frozen=True, slots=True)
class Keep:
    """A line written back unchanged: blank, or not a usable document (``problem`` says why)."""

    raw: bytes
    line: int
    problem: str = ""


@dataclass(frozen=True, slots=True)
class RowGroup:
    """A batch of Parquet rows; its documents follow it as ``Doc`` entries."""

    table: Any


Entry = Doc | Keep | RowGroup


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError:
        raise FormatError(
            ".zst files need the zstandard package: pip install 'cleaner[zstd]'"
        ) from None
    return zstandard


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise FormatError("Parquet needs pyarrow: pip install 'cleaner[parquet]'") from None
    return pyarrow


def read_entries(
    path: Path, relative: str, fields: tuple[str, str], max_bytes: int | None = None
) -> Iterator[Entry]:
    """The entries of one source file, in file order (a plain file is one document).

    ``max_bytes`` bounds what a compressed plain file may decompress to: past it the
    file is refused (``TooLargeError``) before more is read, as a gzip bomb would need.
    """
    kind = format_of(path.name)
    if kind == "jsonl":
        yield from _read_jsonl(path, relative, fields)
    elif kind == "parquet":
        yield from _read_parquet(path, relative, fields)
    elif compression_of(path.name) is None:
        yield Doc(relative, path.read_bytes())
    else:
        yield Doc(relative, _read_compressed(path, max_bytes))


def _read_compressed(path: Path, max_bytes: int | None) -> bytes:
    with _open_read(path) as stream:
        data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLargeError(
            f"too large: more than {max_bytes:,} bytes once decompressed (max_bytes)"
        )
    return data


def _open_read(path: Path) -> IO[bytes]:
    compression = compression_of(path.name)
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "zstd":
        return io.BufferedReader(_zstd().ZstdDecompressor().stream_reader(path.open("rb")))
    return path.open("rb")


def _read_jsonl(path: Path, relative: str, fields: tuple[str, str]) -> Iterator[Entry]:
    text_field, id_field = fields
    with _open_read(path) as stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                yield Keep(raw, number)
                continue
            try:
                record = json.loads(raw)
            except UnicodeDecodeError:
                yield Keep(raw, number, "not valid UTF-8")
                continue
            except ValueError as error:
                yield Keep(raw, number, f"not JSON ({error})")
                continue
            if not isinstance(record, dict):
                yield Keep(raw, number, "not a JSON object")
            elif not isinstance(record.get(text_field), str):
                found = "missing" if text_field not in record else "not a string"
                yield Keep(raw, number, f"text field {text_field!r} {found}")
            else:
                doc_id = record.get(id_field)
                name = str(doc_id) if doc_id is not None else f"{relative}:{number}"
                yield Doc(name, record[text_field], number, raw, record)


def _read_parquet(path: Path, relative: str, fields: tuple[str, str]) -> Iterator[Entry]:
    text_field, id_field = fields
    pyarrow = _pyarrow()
    source = pyarrow.parquet.ParquetFile(path)
    names = source.schema_arrow.names
    if text_field not in names:
        raise FormatError(f"no column {text_field!r} (columns: {', '.join(names)})")
    if source.metadata.num_rows == 0:  # still one group, so the writer has the schema
        yield RowGroup(source.schema_arrow.empty_table())
    row = 0
    for batch in source.iter_batches(batch_size=1024):
        table = pyarrow.Table.from_batches([batch])
        yield RowGroup(table)
        texts = table.column(text_field).to_pylist()
        ids = table.column(id_field).to_pylist() if id_field in names else [None] * len(texts)
        for offset, (text, doc_id) in enumerate(zip(texts, ids, strict=True)):
            number = row + offset + 1
            if not isinstance(text, str):
                found = "is null" if text is None else f"holds {type(text).__name__}, not a string"
                yield Keep(b"", number, f"text column {text_field!r} {found}")
                continue
            name = str(doc_id) if doc_id is not None else f"{relative}:{number}"
            yield Doc(name, text, number)
        row += len(texts)


def _open_write(output: Output) -> IO[bytes]:
    """The compressed stream a target's name asks for, over the output file, or the file."""
    compression = compression_of(output.target.name)
    if compression == "gzip":  # mtime 0: the same input gives the same bytes
        return gzip.GzipFile(fileobj=output.file, mode="wb", mtime=0)
    if compression == "zstd":
        return _zstd().ZstdCompressor().stream_writer(output.file, closefd=False)
    return output.file


class PlainWriter:
    """One document, written as UTF-8 (compressed again if it was)."""

    def __init__(self, output: Output, fields: tuple[str, str]) -> None:
        self.output = output
        self.changed = False
        self.stream = _open_write(output)

    def document(self, doc: Doc, text: str | None) -> None:
        original = doc.data if isinstance(doc.data, bytes) else doc.data.encode("utf-8")
        data = original if text is None else text.encode("utf-8")
        self.changed = data != original
        self.stream.write(data)

    def keep(self, entry: Keep) -> None:
        raise AssertionError("a plain file has no lines to keep")

    def group(self, entry: RowGroup) -> None:
        raise AssertionError("a plain file has no row groups")

    def close(self) -> None:
        if self.stream is not self.output.file:
            self.stream.close()


class JsonlWriter:
    """JSON Lines back in the same compression; lines of unchanged documents byte for byte.

    The compressor starts at the first line, so an empty input gives an empty file
    (a gzip or zstd stream of nothing is still 20 bytes of header).
    """

    def __init__(self, output: Output, fields: tuple[str, str]) -> None:
        self.output = output
        self.text_field = fields[0]
        self.changed = False
        self._stream: IO[bytes] | None = None

    @property
    def stream(self) -> IO[bytes]:
        if self._stream is None:
            self._stream = _open_write(self.output)
        return self._stream

    def keep(self, entry: Keep) -> None:
        self.stream.write(entry.raw)

    def document(self, doc: Doc, text: str | None) -> None:
        if text is None or text == doc.data:
            self.stream.write(doc.raw if doc.raw.endswith(b"\n") else doc.raw + b"\n")
            return
        self.changed = True
        line = json.dumps({**doc.record, self.text_field: text}, ensure_ascii=False)
        self.stream.write(line.encode("utf-8") + b"\n")

    def group(self, entry: RowGroup) -> None:
        raise AssertionError("JSON Lines have no row groups")

    def close(self) -> None:
        if self._stream is not None and self._stream is not self.output.file:
            self._stream.close()


class ParquetWriter:
    """The same columns back, the text column replaced, one row group per batch read.

    A row that was kept (its text null or not a string, or a document left as it
    was) keeps its cell as read, so the column's type never has to change.
    """

    def __init__(self, output: Output, fields: tuple[str, str]) -> None:
        self.output = output
        self.text_field = fields[0]
        self.changed = False
        self.pyarrow = _pyarrow()
        self.writer: Any = None
        self.table: Any = None
        #: Per row of the group: its new text, or ``None`` to keep the cell as read.
        self.texts: list[str | None] = []

    def group(self, entry: RowGroup) -> None:
        self._flush()
        self.table = entry.table
        self.texts = []

    def document(self, doc: Doc, text: str | None) -> None:
        changed = text is not None and text != doc.data
        self.changed |= changed
        self.texts.append(text if changed else None)

    def keep(self, entry: Keep) -> None:
        self.texts.append(None)

    def _flush(self) -> None:
        if self.table is None:
            return
        table = self.table
        if any(text is not None for text in self.texts):
            index = table.schema.get_field_index(self.text_field)
            cells = table.column(index).to_pylist()
            texts = [
                cell if new is None else new for cell, new in zip(cells, self.texts, strict=True)
            ]
            column = self.pyarrow.array(texts, type=table.schema.field(index).type)
            table = table.set_column(index, table.schema.field(index), column)
        if self.writer is None:
            self.writer = self.pyarrow.parquet.ParquetWriter(self.output.file, table.schema)
        self.writer.write_table(table)
        self.table = None

    def close(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()


Writer = PlainWriter | JsonlWriter | ParquetWriter
_WRITERS: dict[str, type[Writer]] = {
    "plain": PlainWriter,
    "jsonl": JsonlWriter,
    "parquet": ParquetWriter,
}


def writer_for(output: Output, fields: tuple[str, str]) -> Writer:
    return _WRITERS[format_of(output.target.name)](output, fields)
