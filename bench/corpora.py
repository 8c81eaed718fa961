"""The benchmark corpora that bench/identity.py and bench/speed.py share, built at run time.

Nothing here is copied into the repository: every corpus is read from the
seeds (fixtures/input) and from ../shared/benchmarks beside the repository,
the same way on every run. Each corpus is a list of ``(id, document)`` pairs,
the document ``str`` or ``bytes`` as a caller would hand it to ``Cleaner.clean``.

- ``seeds``: the five bundled seeds, as bytes.
- ``clean`` / ``damaged``: bench/throughput.py's corpus (seeds and the German
  Gutenberg book in 5 KB pieces) and its mojibake (UTF-8 read as Windows-1252).
- ``articles``: windows of 300 B to 8 KB of clean article text (the aeb gold
  bodies, the clean seeds, the Gutenberg books), no two alike.
- ``scraped``: windows of real article text (the aeb gold bodies, the seeds,
  the Gutenberg books) with one to three real boilerplate lines from
  trafilatura-eval's annotations put in, as scraped text with leftovers is.
- ``aeb-gold``: the scrapinghub-aeb article bodies as text.
- ``aeb-html``, ``trafilatura-html``, ``wcxb-html``: web pages as bytes, which
  the default pipeline's html pass extracts.
- ``encoding``: the cases of bench/encoding_accuracy.py (windows of real text
  in legacy encodings and UTF-8, and real legacy files), as bytes.
"""

from __future__ import annotations

import gzip
import json
import math
import random
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared/benchmarks"
GUTENBERG = ("pg11", "pg22367", "pg11430")

Corpus = list[tuple[str, str | bytes]]


def seeds() -> Corpus:
    return [(p.name, p.read_bytes()) for p in sorted((ROOT / "fixtures/input").glob("*.txt"))]


def _throughput() -> list[str]:
    """The distinct documents of bench/throughput.py's clean corpus."""
    from throughput import clean_documents

    return list(dict.fromkeys(clean_documents(0.1)))


def clean() -> Corpus:
    return [(f"clean-{n:04d}", text) for n, text in enumerate(_throughput())]


def damaged() -> Corpus:
    from throughput import damage

    return [(f"damaged-{n:04d}", damage(text)) for n, text in enumerate(_throughput())]


def aeb_gold() -> Corpus:
    truth = json.loads((SHARED / "scrapinghub-aeb/ground-truth.json").read_text("utf-8"))
    return [(key, value["articleBody"]) for key, value in sorted(truth.items())]


def _pages(folder: Path) -> Corpus:
    pages = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".html.gz"):
            pages.append((path.name, gzip.decompress(path.read_bytes())))
        elif path.name.endswith((".html", ".htm")):
            pages.append((path.name, path.read_bytes()))
    if not pages:
        raise SystemExit(f"no web pages in {folder}")
    return pages


def aeb_html() -> Corpus:
    return _pages(SHARED / "scrapinghub-aeb/html")


def trafilatura_html() -> Corpus:
    return _pages(SHARED / "trafilatura-eval/html")


def wcxb_html() -> Corpus:
    return _pages(SHARED / "wcxb-dev/dev/html")


def encoding() -> Corpus:
    from encoding_accuracy import build_cases

    cases = build_cases(SHARED / "encoding", per_size=12, seed=1)
    return [(f"{n:04d}-{c.source}-{c.encoding}-{c.size}", c.data) for n, c in enumerate(cases)]


def _scraped_pool() -> tuple[list[list[str]], list[str]]:
    """Texts as lists of lines, and boilerplate lines that trafilatura-eval marks as such."""
    texts = [text for _, text in aeb_gold()]
    texts += [data.decode("utf-8", "replace") for _, data in seeds()]
    texts += [(SHARED / f"encoding/gutenberg/{book}.txt").read_text("utf-8") for book in GUTENBERG]
    gold = json.loads((SHARED / "trafilatura-eval/gold.json").read_text("utf-8"))
    snippets = sorted({s.strip() for page in gold.values() for s in page["without"]})
    boilerplate = [s for s in snippets if 8 <= len(s) <= 160 and "\n" not in s]
    return [t.splitlines(keepends=True) for t in texts if t.strip()], boilerplate


def _window(texts: list[list[str]], rng: random.Random) -> list[str]:
    """The lines of a window of 300 B to 8 KB of one of the texts."""
    lines = texts[rng.randrange(len(texts))]
    target = math.exp(rng.uniform(math.log(300), math.log(8000)))
    start = rng.randrange(len(lines))
    window: list[str] = []
    size = 0
    for line in lines[start:] + lines[:start]:
        window.append(line)
        size += len(line)
        if size >= target:
            break
    return window


def articles(count: int = 800) -> Corpus:
    """Document ``i``: a window of 300 B to 8 KB of one clean text; the same for the same
    ``i``, always, and no two alike, as in a real corpus (a benchmark that repeats its
    documents measures the caches that remember them)."""
    texts, _ = _scraped_pool()
    clean_texts = [t for t in texts if "Ã" not in "".join(t)]
    return [
        (f"article-{index:04d}", "".join(_window(clean_texts, random.Random(index))))
        for index in range(count)
    ]


def scraped(count: int = 800) -> Corpus:
    """Document ``i``: a window as in :func:`articles` with one to three boilerplate
    lines put in at the head, the tail or inside; the same for the same ``i``, always."""
    texts, boilerplate = _scraped_pool()
    corpus: Corpus = []
    for index in range(count):
        rng = random.Random(index)
        window = _window(texts, rng)
        for _ in range(rng.randint(1, 3)):
            line = boilerplate[rng.randrange(len(boilerplate))] + "\n"
            window.insert(rng.choice([0, len(window), rng.randint(0, len(window))]), line)
        corpus.append((f"scraped-{index:04d}", "".join(window)))
    return corpus


CORPORA: dict[str, Callable[[], Corpus]] = {
    "seeds": seeds,
    "clean": clean,
    "damaged": damaged,
    "articles": articles,
    "scraped": scraped,
    "aeb-gold": aeb_gold,
    "aeb-html": aeb_html,
    "trafilatura-html": trafilatura_html,
    "wcxb-html": wcxb_html,
    "encoding": encoding,
}
