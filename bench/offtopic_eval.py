"""The offtopic pass on real articles, with and without a foreign paragraph appended.

    python bench/offtopic_eval.py [--threshold 0.1] [--repeat 3] [--show 0]

Test set, built at run time from ../shared (fixed random seed):
- articles: scrapinghub-aeb ground truth (human-annotated article bodies, one
  paragraph a line; title from the page's <title>) and plaintext-eval
  documents (no title: the pass falls back on the first line), both after the
  rules pass that runs before offtopic, and the five seeds after the default
  pipeline (title from front matter; seed 001 without its foreign last
  paragraph, seed 002 as it is).
- negatives: every article as it is; its real last paragraphs must stay.
- positives: every article with the lead paragraph (the first of 25+ words) of
  a random other article of the same language appended, as a scraper pastes
  the start of the next story. The seeds report the same event, so a seed
  never donates to a seed; Kafka's Die Verwandlung donates German paragraphs.

A removal that takes the appended paragraph is a true positive; each removal
that starts in the real text is a false positive (a removal of the foreign
paragraph together with a short real line before it counts as both).

Prints precision, recall and F1 at the chosen threshold, a table over
thresholds, the real paragraphs removed, and the speed of the pass alone.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from timing import median_rate, megabytes

from cleaner.core.document import Document
from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline
from cleaner.passes.offtopic import RULE_REMOVED, Offtopic
from cleaner.text.plausibility import best_language

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCRAPINGHUB = SHARED / "benchmarks/scrapinghub-aeb"
PLAINTEXT = SHARED / "benchmarks/plaintext-eval/docs"
KAFKA = SHARED / "benchmarks/encoding/gutenberg/pg22367.txt"
SEEDS = SHARED / "seeds"
SEED_001_FOREIGN = "Das «Wall Street Journal» berichtete"
RANDOM_SEED = 20240619
THRESHOLDS = (0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.DOTALL | re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Article:
    """Real article text: ``head`` (front matter, kept as it is) then paragraphs."""

    name: str
    group: str
    language: str
    title: str | None
    head: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.head + "\n\n".join(self.paragraphs) + "\n"


@dataclass(frozen=True, slots=True)
class Case:
    """A document to clean; ``foreign_start`` is where the appended paragraph begins, if any."""

    article: Article
    text: str
    foreign_start: int | None

    def document(self) -> Document:
        metadata: dict[str, object] = {"front_matter_end": len(self.article.head)}
        if self.article.title:
            metadata["title"] = self.article.title
        return Document(self.article.name, self.text, metadata)


def _article(name: str, group: str, text: str, title: str | None, head: str = "") -> Article:
    paragraphs = tuple(p.strip() for p in _BLANK_LINES.split(text) if p.strip())
    return Article(name, group, best_language(text)[0] or "?", title, head, paragraphs)


def _page_title(page_id: str) -> str | None:
    path = SCRAPINGHUB / "html" / f"{page_id}.html.gz"
    if not path.exists():
        return None
    match = _TITLE.search(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    return " ".join(html.unescape(match.group(1)).split()) if match else None


def scrapinghub_articles(rules: Pipeline) -> Iterator[Article]:
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, entry in sorted(truth.items()):
        text = rules.run(entry["articleBody"].replace("\n", "\n\n")).text
        yield _article(f"aeb/{page_id[:12]}", page_id, text, _page_title(page_id))


def plaintext_articles(rules: Pipeline) -> Iterator[Article]:
    for path in sorted(PLAINTEXT.glob("*.txt")):
        text = rules.run(path.read_text(encoding="utf-8")).text
        yield _article(f"plaintext/{path.stem}", path.stem, text, None)


def seed_articles() -> Iterator[Article]:
    """The seeds after the default pipeline, front matter split off, 001's foreign tail cut."""
    pipeline = Pipeline([n for n in DEFAULT_PASSES if n != "offtopic"])
    for path in sorted(SEEDS.glob("*.txt")):
        doc = pipeline.run(path.read_bytes(), path.name)
        end = doc.metadata.get("front_matter_end", 0)
        text = doc.text[end:].split(SEED_001_FOREIGN)[0]
        title = doc.metadata.get("title")
        yield _article(f"seed/{path.stem[:3]}", "seeds", text, title, doc.text[:end])


def kafka_paragraphs() -> list[str]:
    """Paragraphs of Die Verwandlung, a German donor far from any news topic."""
    if not KAFKA.exists():
        return []
    book = KAFKA.read_text(encoding="utf-8").replace("\r\n", "\n")
    return [" ".join(p.split()) for p in book.split("\n\n") if len(p.split()) >= 40][5:40]


def articles() -> list[Article]:
    """The articles of every source present, after the passes that run before offtopic."""
    rules = Pipeline(["normalize", "rules", "tidy"])
    found: list[Article] = []
    if SCRAPINGHUB.exists():
        found += scrapinghub_articles(rules)
    if PLAINTEXT.exists():
        found += plaintext_articles(rules)
    if SEEDS.exists():
        found += seed_articles()
    return [a for a in found if len(a.paragraphs) >= 2]


def _lead(article: Article) -> str | None:
    return next((p for p in article.paragraphs if len(_WORDS.findall(p)) >= 25), None)


def build_cases(found: list[Article], seed: int = RANDOM_SEED) -> list[Case]:
    """Each article as it is, and with a paragraph of another same-language article appended."""
    rng = random.Random(seed)
    extra = {"de": kafka_paragraphs()}
    cases = []
    for article in found:
        text = article.text
        cases.append(Case(article, text, None))
        donors = [
            lead
            for other in found
            if other.language == article.language and other.group != article.group
            if (lead := _lead(other)) is not None
        ] + extra.get(article.language, [])
        if donors:
            cases.append(Case(article, f"{text}\n{rng.choice(donors)}\n", len(text) + 1))
    return cases


@dataclass(slots=True)
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    positives: int = 0
    closings_removed: int = 0

    @property
    def precision(self) -> float:
        removed = self.true_positives + self.false_positives
        return self.true_positives / removed if removed else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def removed_spans(offtopic: Offtopic, case: Case) -> list[tuple[int, int]]:
    """The spans of the paragraphs the pass removes."""
    return [(e.start, e.end) for e in offtopic.edits(case.document()) if e.rule == RULE_REMOVED]


def evaluate(cases: list[Case], threshold: float, wrong: list[Case] | None = None) -> Tally:
    """Count true and false removals; ``wrong`` collects cases that lost real text."""
    offtopic = Offtopic(threshold=threshold)
    tally = Tally()
    for case in cases:
        spans = removed_spans(offtopic, case)
        foreign = case.foreign_start
        real = [start for start, _ in spans if foreign is None or start < foreign]
        if foreign is not None:
            tally.positives += 1
            tally.true_positives += any(start <= foreign < end for start, end in spans)
        tally.false_positives += len(real)
        tally.closings_removed += bool(real)
        if real and wrong is not None:
            wrong.append(case)
    return tally


def speed(cases: list[Case], repeat: int) -> float:
    """Median MB/s of the pass's ``edits`` on the articles as they are (word lists loaded).

    Only one case per article: a positive shares its language sample with its
    negative, and the pass's cache would make it look cheaper than it is.
    """
    offtopic = Offtopic()
    docs = [case.document() for case in cases if case.foreign_start is None]
    return median_rate(offtopic.edits, docs, megabytes([d.text for d in docs]), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=Offtopic().threshold)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="print this many wrong removals")
    args = parser.parse_args()
    found = articles()
    cases = build_cases(found)
    positives = sum(c.foreign_start is not None for c in cases)
    print(f"{len(found)} articles, {len(cases) - positives} negatives, {positives} positives")
    wrong: list[Case] = []
    chosen = evaluate(cases, args.threshold, wrong)
    print(
        f"threshold {args.threshold}: precision {chosen.precision:.3f}  recall "
        f"{chosen.recall:.3f}  F1 {chosen.f1:.3f}  real paragraphs removed "
        f"{chosen.false_positives} (in {chosen.closings_removed} documents)"
    )
    print("\nthreshold  precision  recall    F1  real removed")
    for threshold in THRESHOLDS:
        t = evaluate(cases, threshold)
        print(
            f"{threshold:9.3f}  {t.precision:9.3f}  {t.recall:6.3f}  {t.f1:.3f}  "
            f"{t.false_positives:12d}"
        )
    print(f"\nspeed: {speed(cases, args.repeat):.1f} MB/s (the offtopic pass alone)")
    for case in wrong[: args.show]:
        kind = "with foreign tail" if case.foreign_start is not None else "as it is"
        print(f"\n--- {case.article.name} ({kind})")
        for edit in Offtopic(threshold=args.threshold).edits(case.document()):
            print(f"  {edit.rule} {edit.score}: {case.text[edit.start : edit.end][:160]!r}")


if __name__ == "__main__":
    main()
