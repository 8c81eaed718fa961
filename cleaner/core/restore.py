"""Output + log give back the decoded input: the "nothing is lost" promise.

And the input's bytes: the decode note names the encoding, and where the text does
not encode back to the bytes it was read from (raw legacy bytes inside UTF-8, a cut
last character), it holds those bytes too; where even that cannot give them back,
it says so, and restoring the bytes is refused rather than answered wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from typing import Any

from cleaner.core.log import LogRecord, Part


class RestoreError(ValueError):
    """The log does not describe this output (wrong file, edited output, or a truncated log)."""


def _undo_stage(text: str, parts: list[Part]) -> str:
    """Put back one stage's removed text; offsets are in that stage's input."""
    pieces: list[str] = []
    cursor = 0
    delta = 0
    for part in sorted(parts, key=lambda p: p.start):
        position = part.start + delta
        if text[position : position + len(part.replacement)] != part.replacement:
            raise RestoreError(
                f"output at offset {position} does not hold {part.replacement!r} as the log says"
            )
        pieces.append(text[cursor:position])
        pieces.append(part.text)
        cursor = position + len(part.replacement)
        delta += len(part.replacement) - (part.end - part.start)
    pieces.append(text[cursor:])
    return "".join(pieces)


def restore(text: str, records: Iterable[LogRecord]) -> str:
    """Undo every stage of one document's records, last stage first."""
    stages = [
        [part for record in group for part in record.spans()]
        for _, group in groupby(records, key=lambda r: r.stage)
    ]
    for parts in reversed(stages):
        if parts:
            text = _undo_stage(text, parts)
    return text


#: Bytes a codec could not read, as ``surrogateescape`` keeps them: one character each.
_UNREAD = re.compile("[\udc80-\udcff]+")

#: A stretch of the text that stands for bytes its encoding does not give back:
#: ``[start, the characters there, the bytes they were read from, in hex]``.
Stretch = Sequence[Any]


def original_bytes(
    text: str, encoding: str, bom: bool = False, stretches: Iterable[Stretch] = ()
) -> bytes:
    """``text`` encoded as it was read: ``encoding``, the BOM if it had one, and the
    logged bytes where the characters stand for bytes the encoding does not give back."""
    pieces = ["\ufeff".encode(encoding) if bom else b""]
    cursor = 0
    try:
        for start, chars, raw in stretches:
            if text[start : start + len(chars)] != chars:
                raise RestoreError(
                    f"the text at offset {start} is not {chars!r}, which the log says "
                    f"was read from the bytes {raw}"
                )
            pieces += [text[cursor:start].encode(encoding), bytes.fromhex(raw)]
            cursor = start + len(chars)
        pieces.append(text[cursor:].encode(encoding))
    except UnicodeEncodeError as error:
        raise RestoreError(f"the text cannot be written in {encoding}: {error.reason}") from None
    return b"".join(pieces)


def byte_evidence(data: bytes, text: str, encoding: str, bom: bool) -> dict[str, Any]:
    """What the decode note must add so that ``original_bytes`` gives ``data`` back.

    Nothing when ``text`` encodes back to ``data`` (one encode: strict UTF-8 always
    does). Otherwise the bytes ``encoding`` could not read are found with
    ``surrogateescape`` and logged with the characters that stand for them (one each;
    the last stretch, a cut-off character, may be read as fewer): ``raw``. If even
    that does not give ``data`` back, ``reversible`` is false.
    """
    try:
        if original_bytes(text, encoding, bom) == data:
            return {}
    except (RestoreError, LookupError):
        pass
    try:
        body = data[len("\ufeff".encode(encoding)) :] if bom else data
        escaped = body.decode(encoding, "surrogateescape")
        stretches: list[Stretch] = []
        for run in _UNREAD.finditer(escaped):
            last = run.end() == len(escaped)
            chars = text[run.start() :] if last else text[run.start() : run.end()]
            raw = bytes(ord(c) - 0xDC00 for c in run.group()).hex()
            stretches.append([run.start(), chars, raw])
        if stretches and original_bytes(text, encoding, bom, stretches) == data:
            return {"raw": stretches}
    except (RestoreError, LookupError, UnicodeError):
        pass
    return {"reversible": False}


def restore_bytes(text: str, decode_details: Mapping[str, Any] | None) -> bytes:
    """The input's bytes from its restored text and the decode note's details."""
    details = decode_details or {}
    encoding = details.get("encoding", "utf-8")
    if details.get("reversible") is False:
        raise RestoreError(
            f"the original bytes cannot be given back: reading them as {encoding} is not "
            "reversible for this input; without --original-bytes, restore gives the text"
        )
    return original_bytes(text, encoding, bool(details.get("bom")), details.get("raw", ()))
