"""Labeled documents for the line model: reading them, and seeing them as cleaner's passes do.

Two sources, one shape (:class:`LabeledDoc`): the built corpus
(``build_lines.py``'s JSON Lines: benchmark pages rendered as extractors,
crawlers and feed tools leave them, labeled by alignment to gold text) and
the hand-labeled documents under ``training/handlabeled/`` (``LABEL<TAB>line``
files, see ``training/LABELS.md``).

The line model runs after the passes before it (repair, normalize, markup,
rules), so it is trained on what they leave: :func:`as_seen` runs those
passes on a document and carries each line's label to the line it became,
through the log (:mod:`cleaner.locate`), the way ``cleaner check`` finds a
record's line in the file.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linecorpus.sites import registered_domain

from cleaner.check.locate import Locator
from cleaner.core.document import Document
from cleaner.core.pipeline import Pipeline
from cleaner.core.safety import SafetyValve
from cleaner.text.linefeatures import CUE_KINDS

#: The labels a line can have (training/LABELS.md); every one but keep is boilerplate.
LABELS = ("keep", *CUE_KINDS, "offtopic", "other")
BOILERPLATE = frozenset(LABELS) - {"keep"}
#: The passes that run before the line model in the default pipeline.
BEFORE_MODEL = ("controls", "repair", "normalize", "frontmatter", "markup", "rules")
SPLITS = ("train", "dev", "test")


@dataclass(slots=True)
class LabeledDoc:
    """A document's lines with a label each (None: the gold cannot tell), and where it is from."""

    id: str
    source: str
    site: str
    lang: str
    rendering: str
    split: str
    lines: list[str]
    labels: list[str | None]
    sure: list[bool] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def split_of(site: str) -> str:
    """train, dev or test for a site, by a stable hash (about 70/15/15)."""
    bucket = int(hashlib.sha256(site.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def read_corpus(path: Path) -> Iterator[LabeledDoc]:
    """The built corpus: one JSON document a line."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            entries = row["lines"]
            yield LabeledDoc(
                id=row["id"],
                source=row["source"],
                site=row["site"],
                lang=row.get("lang") or "",
                rendering=row["rendering"],
                split=row["split"],
                lines=[e["text"] for e in entries],
                labels=[_label(e.get("label")) for e in entries],
                sure=[True] * len(entries),
            )


def _label(value: object) -> str | None:
    if value is None:
        return None
    if value not in LABELS:
        raise ValueError(f"unknown label {value!r}")
    return str(value)


def read_handlabeled(folder: Path, known: Mapping[str, str] | None = None) -> Iterator[LabeledDoc]:
    """Every ``*.txt`` below ``folder`` in the LABEL<TAB>line format.

    A document's site is the registered domain of its ``site`` header; a site the built
    corpus also holds keeps that corpus's split (``known``), so no site is in two splits.
    """
    known = known or {}
    for path in sorted(folder.rglob("*.txt")):
        header: dict[str, str] = {}
        lines: list[str] = []
        labels: list[str | None] = []
        sure: list[bool] = []
        in_header = True
        for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if in_header:
                if raw == "#":
                    in_header = False
                elif raw.startswith("# ") and ":" in raw:
                    key, _, value = raw[2:].partition(":")
                    header[key.strip()] = value.strip()
                elif raw.strip():
                    in_header = False
                if in_header or raw == "#":
                    continue
            if not raw.strip():
                lines.append("")
                labels.append(None)
                sure.append(True)
                continue
            tag, tab, text = raw.partition("\t")
            label = tag.rstrip("~?")
            if not tab or label not in LABELS:
                raise ValueError(f"{path}:{number}: not LABEL<TAB>text: {raw[:60]!r}")
            lines.append(text)
            labels.append(label)
            sure.append(not tag.endswith("?"))
        while lines and not lines[-1]:
            lines.pop()
            labels.pop()
            sure.pop()
        named = header.get("site") or path.stem.split("__")[0]
        site = registered_domain(named) or named
        yield LabeledDoc(
            id=f"hand/{path.relative_to(folder)}",
            source="handlabeled",
            site=site,
            lang=header.get("lang", ""),
            rendering=header.get("kind", "hand"),
            split=known.get(site) or split_of(site),
            lines=lines,
            labels=labels,
            sure=sure,
        )


def load_documents(corpus: Path, handlabeled: Path, limit: int = 0) -> list[LabeledDoc]:
    """The built corpus (its first ``limit`` documents if given) and the hand-labeled ones."""
    docs = []
    if corpus.exists():
        for number, doc in enumerate(read_corpus(corpus)):
            if limit and number >= limit:
                break
            docs.append(doc)
    splits = {doc.site: doc.split for doc in docs}
    if handlabeled.exists():
        docs.extend(read_handlabeled(handlabeled, splits))
    return docs


@dataclass(slots=True)
class SeenDoc:
    """A labeled document after the passes before the model (``document``, its metadata
    included), and per line of its text the label of the input line it came from."""

    doc: LabeledDoc
    document: Document
    labels: list[str | None]
    sure: list[bool]
    removed_before: list[tuple[str | None, str]]


def prefix_pipeline(passes: Sequence[str] = BEFORE_MODEL) -> Pipeline:
    return Pipeline(passes, safety=SafetyValve(max_removed_share=1.0))


def as_seen(doc: LabeledDoc, pipeline: Pipeline) -> SeenDoc:
    """Run ``pipeline`` on the document and carry labels to the lines of its output.

    An input line whose text the passes took out entirely is listed in
    ``removed_before`` with its label and the category that removed it.
    """
    original = doc.text
    cleaned: Document = pipeline.run(original, doc.id)
    locator = Locator(cleaned.log, original)
    starts = [0]
    for line in doc.lines:
        starts.append(starts[-1] + len(line) + 1)
    out_lines = cleaned.text.split("\n")
    labels: list[str | None] = []
    sure: list[bool] = []
    offset = 0
    kept: set[int] = set()
    final = cleaned.stages
    for line in out_lines:
        if line.strip():
            lead = len(line) - len(line.lstrip())
            span = locator.span(final, offset + lead, offset + len(line.rstrip()))
            number = bisect_right(starts, span.start) - 1
            number = min(number, len(doc.lines) - 1)
            labels.append(doc.labels[number])
            sure.append(doc.sure[number])
            kept.add(number)
        else:
            labels.append(None)
            sure.append(True)
        offset += len(line) + 1
    removed = []
    categories = {}
    for record in cleaned.log:
        if record.changes_text and record.category not in ("normalize", "encoding"):
            span = locator.record(record)
            for number in range(bisect_right(starts, span.start) - 1, len(doc.lines)):
                if starts[number] >= span.end:
                    break
                categories.setdefault(number, record.category)
    for number, label in enumerate(doc.labels):
        if doc.lines[number].strip() and number not in kept:
            removed.append((label, categories.get(number, "?")))
    return SeenDoc(doc, cleaned, labels, sure, removed)
