"""Build the line-labeled corpus from the benchmark pages with gold.

    python training/build_lines.py --out build/lines [--benchmarks ../shared/benchmarks] [-j 2]

Writes ``lines.jsonl`` (one document per line, sorted by id) and ``REPORT.md``
into the output folder and prints the report. Extractions are cached per page
under ``build/cache/extract`` and finished pages under ``build/cache/docs``
(keyed by this builder's code), so a second run takes seconds. The output is
the same bytes on every run. See training/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from linecorpus import documents as docs_module  # noqa: E402
from linecorpus.extract import cached_extractions  # noqa: E402
from linecorpus.report import report  # noqa: E402
from linecorpus.sites import assign_splits, stable_hash  # noqa: E402
from linecorpus.sources import SOURCES, Page, pages  # noqa: E402

#: Whole-page documents are dropped (in the order of a hash of their id) past this
#: share of all lines, so that page furniture does not dominate the corpus.
MAX_WHOLE_PAGE_SHARE = 0.2
#: Files whose code decides a page's documents: the page cache is keyed by them.
CODE_FILES = (
    *sorted((HERE / "linecorpus").glob("*.py")),
    ROOT / "cleaner/passes/html.py",
    ROOT / "cleaner/passes/decode.py",
    ROOT / "cleaner/text/plausibility.py",
)


def default_benchmarks() -> Path:
    """../shared/benchmarks beside the repository (or beside the worktrees' folder)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared/benchmarks"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared/benchmarks"


def code_key() -> str:
    digest = hashlib.sha256()
    for path in CODE_FILES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _page_task(task: tuple[Page, str, str]) -> dict[str, Any]:
    page, cache, key = task
    cache_dir = Path(cache)
    page_hash = hashlib.sha256(
        page.html + json.dumps(page.__dict__ | {"html": None}, sort_keys=True).encode()
    ).hexdigest()
    path = cache_dir / "docs" / key / page.source / f"{page.page}.json"
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("page_hash") == page_hash:
                return data
        except (OSError, ValueError):
            pass
    extracted = cached_extractions(page.html, cache_dir / "extract")
    result = docs_module.page_documents(page, extracted)
    data = {
        "page_hash": page_hash,
        "source": page.source,
        "page": page.page,
        "site": result.site,
        "lang": result.lang,
        "lang_how": result.lang_how,
        "decoding": result.decoding,
        "gold": result.gold,
        "documents": [
            {"rendering": d.rendering, "lines": [line.as_json() for line in d.lines]}
            for d in result.documents
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)
    return data


def _tasks(benchmarks: Path, cache: Path, key: str, limit: int | None) -> Iterator[tuple]:
    for source in SOURCES:
        for number, page in enumerate(pages(benchmarks, source)):
            if limit is not None and number >= limit:
                break
            yield page, str(cache), key


def _whole_page_cap(docs: list[dict]) -> list[dict]:
    """Drop whole-page documents, in hash order, until they are at most the cap's share."""
    size = {id(d): sum(1 for x in d["lines"] if x["text"].strip()) for d in docs}
    total = sum(size.values())
    whole = sorted(
        (d for d in docs if d["rendering"] == "whole-page-md"), key=lambda d: stable_hash(d["id"])
    )
    whole_lines = sum(size[id(d)] for d in whole)
    dropped = set()
    while whole and whole_lines > MAX_WHOLE_PAGE_SHARE * total:
        doc = whole.pop()
        dropped.add(id(doc))
        whole_lines -= size[id(doc)]
        total -= size[id(doc)]
    return [d for d in docs if id(d) not in dropped]


def _page_notes(results: list[dict[str, Any]]) -> str:
    """Pages by the kind of gold that labeled them, and pages cleaner's decoder refused."""
    kinds = Counter((r["source"], r["gold"]) for r in results)
    rows = [f"| {source} | {gold} | {n} |" for (source, gold), n in sorted(kinds.items())]
    refused = [
        f"{r['source']}/{r['page']} ({r['decoding']})"
        for r in results
        if r["decoding"] != "cleaner"
    ]
    return (
        "\n## Pages per gold\n\n| source | gold | pages |\n|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nPages cleaner's decoder refuses as binary (read in their declared charset here, "
        + "no cleaner-default rendering): "
        + (", ".join(refused) or "none")
        + "\n"
    )


def _drop_stale_pages(cache: Path, key: str) -> None:
    """Remove cached pages of earlier versions of the code: they are never read again."""
    folder = cache / "docs"
    if folder.is_dir():
        for stale in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != key):
            shutil.rmtree(stale)


def build(benchmarks: Path, out: Path, cache: Path, jobs: int, limit: int | None) -> str:
    key = code_key()
    _drop_stale_pages(cache, key)
    tasks = _tasks(benchmarks, cache, key, limit)
    if jobs > 1:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            results = list(pool.imap(_page_task, tasks, chunksize=4))
    else:
        results = [_page_task(task) for task in tasks]
    splits = assign_splits((r["site"], r["lang"]) for r in results)
    docs = []
    for r in results:
        for d in r["documents"]:
            docs.append(
                {
                    "id": f"{r['source']}/{r['page']}/{d['rendering']}",
                    "source": r["source"],
                    "page": r["page"],
                    "site": r["site"],
                    "lang": r["lang"],
                    "rendering": d["rendering"],
                    "split": splits[r["site"]],
                    "lines": d["lines"],
                }
            )
    docs = sorted(_whole_page_cap(docs), key=lambda d: d["id"])
    out.mkdir(parents=True, exist_ok=True)
    target = out / "lines.jsonl"
    temporary = target.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    temporary.replace(target)
    note = f"Corpus: `{target}` ({target.stat().st_size / 1e6:.1f} MB, {len(docs)} documents)."
    text = report(docs, note) + _page_notes(results)
    (out / "REPORT.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build/lines")
    parser.add_argument("--benchmarks", type=Path, default=default_benchmarks())
    parser.add_argument("--cache", type=Path, default=ROOT / "build/cache")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--limit", type=int, help="at most this many pages per source (for trying)")
    args = parser.parse_args(argv)
    if not args.benchmarks.is_dir():
        parser.error(f"{args.benchmarks}: benchmark folder not found (give --benchmarks)")
    print(build(args.benchmarks, args.out, args.cache, args.jobs, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
