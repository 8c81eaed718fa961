"""Per-document bounds, so one huge or pathological page cannot stall a corpus run."""

from __future__ import annotations

from dataclasses import dataclass

#: Web pages above this are almost always dumps or binary leftovers, and every
#: pass holds a few copies of the text, so memory would be several times this.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Clean text runs at several MB/s; a document still busy after this is stuck.
DEFAULT_MAX_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Limits:
    """``max_bytes``: larger documents are not cleaned (UTF-8 bytes for text input).
    ``max_seconds``: checked between passes; later passes are skipped once it is
    spent. ``None`` switches a bound off.
    """

    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_seconds: float | None = DEFAULT_MAX_SECONDS

    def __post_init__(self) -> None:
        if self.max_bytes is not None and self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.max_seconds is not None and self.max_seconds <= 0:
            raise ValueError(f"max_seconds must be positive, not {self.max_seconds}")

    def too_large(self, size: int) -> str | None:
        """Why a document of ``size`` bytes is refused, or ``None``."""
        if self.max_bytes is None or size <= self.max_bytes:
            return None
        return f"too large: {size:,} bytes, limit {self.max_bytes:,} (max_bytes)"
