"""``cleaner learn``: a corpus's own recurring lines, written as a rule pack to review."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cleaner.cli.options import _error
from cleaner.corpus.files import atomic_write
from cleaner.corpus.learn import SOURCE_MODES, learn_corpus, render_pack
from cleaner.passes.rules import select_rules


@click.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="Rule pack to write."
)
@click.option(
    "--source-by",
    type=click.Choice(SOURCE_MODES),
    default="folder",
    show_default=True,
    help="What a document's source is: its folder, its first URL's site, or a front-matter field.",
)
@click.option(
    "--min-docs", default=5, show_default=True, type=click.IntRange(1), help="Documents needed."
)
@click.option(
    "--min-share",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of the source's documents needed.",
)
@click.option(
    "--glob", "globs", multiple=True, help="Only files matching (repeatable), e.g. '*.txt'."
)
def learn(
    corpus: tuple[Path, ...],
    output: Path,
    source_by: str,
    min_docs: int,
    min_share: float,
    globs: tuple[str, ...],
) -> None:
    """Write lines recurring across documents of one source in CORPUS as a rule pack to review."""
    result = learn_corpus(
        corpus, source_by=source_by, min_docs=min_docs, min_share=min_share, globs=globs
    )
    for problem in result.skipped:
        click.echo(f"cleaner: skipped {problem}", err=True)
    for problem in result.errors:
        _error(problem)
    pack = render_pack(result, select_rules())
    atomic_write(output, pack.encode("utf-8"))
    written = [s for s in result.sources if any(not p.covered_by for p in s.phrases)]
    phrases = sum(len(s.phrases) for s in written)
    for line in (
        f"{result.documents} documents read, {result.source_count} sources",
        f"{len(written)} rules, {phrases} phrases written to {output}",
        f"{len(result.skipped)} skipped, {len(result.errors)} could not be read",
    ):
        click.echo(f"cleaner: {line}", err=True)
    sys.exit(1 if result.errors else 0)
