"""Learning a corpus's own boilerplate: lines that recur in many documents of one source.

Like CCNet's line deduplication across a shard, but written out as a rule
pack for a person to review and commit, so that cleaning stays deterministic
per document. Counting is per source (a folder, a site, a front-matter field):
agency copy shared by different outlets is content, a footer repeated by one
site is boilerplate.

Memory is bounded by counting 64-bit hashes, not texts: the first pass keeps
``hash -> number of documents`` (the hash covers the source and the folded
line); the second pass keeps text and example documents only for the hashes
that qualified.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.corpus.files import Skipped, find_sources
from cleaner.passes.decode import BinaryInputError, Decode
from cleaner.passes.frontmatter import parse_fields
from cleaner.rules.matcher import RuleSet
from cleaner.rules.model import Rule, fold

SOURCE_MODES = ("folder", "site", "frontmatter")
#: Longer lines are paragraphs, not boilerplate.
MAX_WORDS = 30
#: Lines ending like a sentence with more words than this are prose (agency copy, say).
MAX_SENTENCE_WORDS = 12
#: Example documents kept per learned line, and spelling variants counted per line.
MAX_EXAMPLES = 3
MAX_VARIANTS = 8
#: Front-matter fields naming the source, tried in order; URL fields give their domain.
SOURCE_FIELDS = ("source", "site", "publisher", "domain", "url", "link", "permalink", "canonical")

_SENTENCE_END = re.compile(r"[.!?…][\"'”“»«)\]]*$")
_HAS_WORD = re.compile(r"\w")
_URL = re.compile(r"https?://([^/\s)\]>\"'?#]+)", re.IGNORECASE)
_FRONT = re.compile(r"(---|\+\+\+)\n(.*?\n)?(?:\1|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input file, its name in the corpus and the source it counts for."""

    relative: str
    source: str
    lines: list[str]


@dataclass(slots=True)
class Phrase:
    """A learned line: its most frequent spelling, in how many documents, and a few of them."""

    text: str
    count: int
    examples: list[str]
    covered_by: str = ""


@dataclass(slots=True)
class LearnedSource:
    name: str
    documents: int
    phrases: list[Phrase]


@dataclass(slots=True)
class LearnResult:
    """What was learned, and what the summary reports."""

    sources: list[LearnedSource]
    documents: int = 0
    source_count: int = 0
    distinct_hashes: int = 0
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    min_docs: int = 5
    min_share: float = 0.5


@dataclass(slots=True)
class _Seen:
    """Second-pass evidence for one qualifying hash."""

    variants: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    count: int = 0


def candidate_lines(lines: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(stripped line, folded line) for each line that could be boilerplate, once each.

    Blank lines, lines without a letter or digit (rules, separators), paragraphs
    and long sentences are never candidates; a document counts a line once.
    """
    seen: set[str] = set()
    for raw in lines:
        line = raw.strip()
        if not line or not _HAS_WORD.search(line):
            continue
        words = len(line.split())
        if words > MAX_WORDS or (words > MAX_SENTENCE_WORDS and _SENTENCE_END.search(line)):
            continue
        folded = fold(line)
        if folded not in seen:
            seen.add(folded)
            yield line, folded


def line_key(source: str, folded: str) -> int:
    """A 64-bit hash of source and line: one flat dict of ints for all sources."""
    digest = hashlib.blake2b(f"{source}\x00{folded}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _domain(text: str) -> str | None:
    match = _URL.search(text)
    if match is None:
        return None
    host = match.group(1).lower().split("@")[-1].split(":")[0]
    return host.removeprefix("www.") or None


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front-matter fields and the text after the block (its lines are metadata, not text)."""
    match = _FRONT.match(text)
    if match is None:
        return {}, text
    kind = "yaml" if match.group(1) == "---" else "toml"
    fields, _ = parse_fields(kind, match.group(2) or "")
    return fields, text[match.end() :]


def _source_from_fields(fields: dict[str, Any], body: str) -> str | None:
    for name in SOURCE_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            return _domain(value) or value.strip()
    return _domain(body)


def source_of(mode: str, relative: str, root_name: str, text: str) -> tuple[str, str]:
    """The source a document counts for (by ``mode``), and its body without front matter."""
    fields, body = _front_matter(text)
    if mode == "site":
        return _domain(text) or "unknown", body
    if mode == "frontmatter":
        return _source_from_fields(fields, body) or "unknown", body
    folder = relative.rpartition("/")[0]
    return folder or root_name or ".", body


def read_documents(
    corpus: Sequence[Path],
    mode: str,
    globs: Sequence[str] = (),
    report: LearnResult | None = None,
) -> Iterator[Document]:
    """Every readable text file under ``corpus``, decoded; problems go into ``report``."""
    decoder = Decode()
    for root in corpus:
        root_name = root.resolve().name if root.is_dir() else root.resolve().parent.name
        for item in find_sources([root], globs):
            if isinstance(item, Skipped):
                if report is not None:
                    report.skipped.append(f"{item.path}: {item.reason}")
                continue
            try:
                text = decoder.decode(item.path.read_bytes()).text
            except BinaryInputError as error:
                if report is not None:
                    report.skipped.append(f"{item.path}: {error}")
                continue
            except OSError as error:
                if report is not None:
                    report.errors.append(f"{item.path}: {error.strerror or error}")
                continue
            source, body = source_of(mode, item.relative, root_name, text)
            yield Document(item.relative, source, body.splitlines())


def count_hashes(documents: Iterator[Document]) -> tuple[dict[int, int], Counter[str]]:
    """First pass: in how many documents each (source, line) hash occurs; documents per source."""
    counts: dict[int, int] = {}
    per_source: Counter[str] = Counter()
    for doc in documents:
        per_source[doc.source] += 1
        for _, folded in candidate_lines(doc.lines):
            key = line_key(doc.source, folded)
            counts[key] = counts.get(key, 0) + 1
    return counts, per_source


def collect_phrases(
    documents: Iterator[Document], qualified: set[int]
) -> dict[str, dict[str, _Seen]]:
    """Second pass: spellings and example documents, for the qualifying hashes only."""
    found: dict[str, dict[str, _Seen]] = {}
    for doc in documents:
        for line, folded in candidate_lines(doc.lines):
            if line_key(doc.source, folded) not in qualified:
                continue
            seen = found.setdefault(doc.source, {}).setdefault(folded, _Seen())
            seen.count += 1
            if line in seen.variants or len(seen.variants) < MAX_VARIANTS:
                seen.variants[line] += 1
            if len(seen.examples) < MAX_EXAMPLES:
                seen.examples.append(doc.relative)
    return found


def _phrase(seen: _Seen) -> Phrase:
    """The most frequent spelling (ties: the first in sort order, for stable output)."""
    text = min(seen.variants.items(), key=lambda item: (-item[1], item[0]))[0]
    return Phrase(text, seen.count, seen.examples)


def learn_corpus(
    corpus: Sequence[Path],
    *,
    source_by: str = "folder",
    min_docs: int = 5,
    min_share: float = 0.5,
    globs: Sequence[str] = (),
) -> LearnResult:
    """Lines in at least ``min_docs`` documents and ``min_share`` of their source's documents."""
    if source_by not in SOURCE_MODES:
        raise ValueError(f"source_by must be one of {SOURCE_MODES}, not {source_by!r}")
    result = LearnResult([], min_docs=min_docs, min_share=min_share)
    counts, per_source = count_hashes(read_documents(corpus, source_by, globs, result))
    result.documents = sum(per_source.values())
    result.source_count = len(per_source)
    result.distinct_hashes = len(counts)
    floor = max(min_docs, 1)
    qualified = {key for key, count in counts.items() if count >= floor}
    del counts
    found = collect_phrases(read_documents(corpus, source_by, globs), qualified)
    for name in sorted(found):
        need = max(floor, min_share * per_source[name])
        phrases = [_phrase(s) for s in found[name].values() if s.count >= need]
        phrases.sort(key=lambda p: (-p.count, fold(p.text)))
        if phrases:
            result.sources.append(LearnedSource(name, per_source[name], phrases))
    return result


def slug(name: str) -> str:
    """A rule-id-safe form of a source name: ASCII lower case, digits, . _ -."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9_.-]+", "-", ascii_name.lower().replace("/", "."))
    return cleaned.strip("-._") or "source"


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _rule_ids(sources: Sequence[LearnedSource]) -> list[str]:
    """``learned.<slug>``, made unique when two source names fold to one slug."""
    ids: list[str] = []
    for source in sources:
        base = candidate = f"learned.{slug(source.name)}"
        number = 2
        while candidate in ids:
            candidate, number = f"{base}-{number}", number + 1
        ids.append(candidate)
    return ids


def _rule(rule_id: str, source: LearnedSource, remove: str = "") -> Rule:
    return Rule(
        id=rule_id,
        category="learned",
        scope="line",
        source="learned",
        phrases=tuple(p.text for p in source.phrases),
        reason=f"recurs in documents of {source.name} (learned)",
        remove=(remove or source.phrases[0].text,),
    )


def mark_covered(
    sources: Sequence[LearnedSource], context: Sequence[Rule]
) -> list[tuple[str, LearnedSource]]:
    """Note phrases other rules already remove, and pick each rule's remove example.

    With ``context`` (the built-in rules) loaded first, a phrase a built-in rule
    takes is not removed by the learned rule, so it cannot be its example. A
    source whose phrases are all taken that way gives no rule.
    """
    ids = _rule_ids(sources)
    ruleset = RuleSet([*context, *(_rule(i, s) for i, s in zip(ids, sources, strict=True))])
    kept = []
    for rule_id, source in zip(ids, sources, strict=True):
        for phrase in source.phrases:
            takers = {edit.rule for edit in ruleset.edits(phrase.text + "\n")}
            if rule_id not in takers:
                phrase.covered_by = ", ".join(sorted(takers)) or "?"
        if any(not p.covered_by for p in source.phrases):
            kept.append((rule_id, source))
    return kept


def _comment(text: str) -> str:
    """Text safe inside a TOML comment: no control characters (a newline would end it)."""
    return "".join(c if c.isprintable() else "?" for c in text)


def render_pack(result: LearnResult, context: Sequence[Rule] = ()) -> str:
    """The rule pack as TOML, evidence as comments: stable for the same corpus."""
    share = f"{result.min_share:g}"
    out = [
        "# Learned by `cleaner learn`: lines that recur in many documents of one source",
        f"# ({result.documents} documents, {result.source_count} sources; "
        f"min-docs {result.min_docs}, min-share {share}).",
        "# Review before committing: a phrase is removed as a whole line from every",
        "# document cleaned with this pack, whatever its source.",
    ]
    kept = mark_covered(result.sources, context)
    for source in result.sources:
        if all(p.covered_by for p in source.phrases):
            out.append(f"# {_comment(source.name)}: all {len(source.phrases)} lines learned are")
            out.append("# already removed by other rules; no rule written.")
    for rule_id, source in kept:
        first = next(p for p in source.phrases if not p.covered_by)
        out += [
            "",
            "[[rule]]",
            f"id = {toml_string(rule_id)}",
            'category = "learned"',
            'scope = "line"',
            f"reason = {toml_string(f'recurs in documents of {source.name} (learned)')}",
            "phrases = [",
        ]
        for phrase in source.phrases:
            examples = _comment(", ".join(phrase.examples))
            also = f" (also removed by {phrase.covered_by})" if phrase.covered_by else ""
            evidence = f"{phrase.count} of {source.documents} documents, e.g. {examples}{also}"
            out.append(f"    # {evidence}")
            out.append(f"    {toml_string(phrase.text)},")
        out += ["]", f"remove = [{toml_string(first.text)}]"]
    return "\n".join(out) + "\n"
