"""repair: undo encoding damage (mojibake) where the text is damaged, and only there."""

from __future__ import annotations

from typing import ClassVar

from cleaner.document import Document
from cleaner.edits import Edit
from cleaner.passes.base import register


@register("repair")
class Repair:
    """Placeholder being built: proposes no edits yet."""

    name: ClassVar[str] = "repair"

    def edits(self, doc: Document) -> list[Edit]:
        return []
