"""decode: bytes in, text out, with the encoding found and how sure we are.

BOM first, then strict UTF-8 (the fast path), then charset-normalizer for the
rest. Binary input is refused rather than decoded into garbage.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Any, ClassVar

import charset_normalizer

from cleaner.edits import Edit

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class BinaryInputError(ValueError):
    """The bytes are not text in any plausible encoding."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded text and the evidence for the encoding chosen."""

    text: str
    encoding: str
    confidence: float
    method: str
    bom: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        return {"encoding": self.encoding, "encoding_confidence": self.confidence}

    def note(self) -> Edit:
        """A log entry that changes nothing and records how the bytes were read."""
        return Edit(
            0,
            0,
            None,
            rule=f"decode.{self.method}",
            category="encoding",
            reason=f"read as {self.encoding}" + (" after a byte order mark" if self.bom else ""),
            score=self.confidence,
            details={"encoding": self.encoding, "bom": self.bom, **self.details},
        )


class Decode:
    """Turn bytes into text."""

    name: ClassVar[str] = "decode"

    def decode(self, data: bytes) -> Decoded:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                return Decoded(data[len(bom) :].decode(encoding), encoding, 1.0, "bom", bom=True)
        if b"\x00" in data:
            raise BinaryInputError("NUL bytes and no byte order mark: binary, not text")
        try:
            return Decoded(data.decode("utf-8"), "utf-8", 1.0, "utf-8")
        except UnicodeDecodeError:
            pass
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise BinaryInputError("no text encoding fits these bytes")
        return Decoded(str(best), best.encoding, 1.0 - best.chaos, "detected")
