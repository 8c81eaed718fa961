"""``cleaner diff``, ``cleaner explain`` and ``cleaner report``: seeing what cleaning removed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from cleaner.cli.options import _load_config
from cleaner.core.document import Document
from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore
from cleaner.corpus.files import Skipped, Source, find_sources
from cleaner.passes.decode import BinaryInputError
from cleaner.views.render import MappedEdit, map_edits, render_diff, render_explain
from cleaner.views.report import build_report


@dataclass(frozen=True, slots=True)
class Cleaned:
    """One input file cleaned in memory: its decoded original, the output and the edits."""

    source: Source
    original: str
    document: Document
    edits: list[MappedEdit]


def _pipeline(config_path: Path | None, passes: str | None) -> Pipeline:
    return _load_config(config_path, passes, {}).pipeline()


def _cleaned(sources: tuple[Path, ...], pipeline: Pipeline) -> Iterator[Cleaned | str]:
    """Each file cleaned, or a message naming the file and what is wrong with it."""
    for item in find_sources(sources):
        if isinstance(item, Skipped):
            yield f"{item.path}: skipped: {item.reason}"
            continue
        try:
            document = pipeline.run(item.path.read_bytes(), item.relative)
        except OSError as error:
            yield f"{item.path}: cannot read: {error.strerror or error}"
            continue
        except BinaryInputError as error:
            yield f"{item.path}: {error}"
            continue
        original = restore(document.text, document.log)
        yield Cleaned(item, original, document, map_edits(document.log))


def _use_color(color: bool | None) -> bool:
    return sys.stdout.isatty() if color is None else color


_files = click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
_config = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, path_type=Path),
    help="A cleaner.toml, or a pyproject.toml with [tool.cleaner].",
)
_passes = click.option("--passes", help="Run only these passes, in this order.")
_color = click.option(
    "--color/--no-color", default=None, help="Colour the output (default: when it is a terminal)."
)


@click.command()
@_files
@_config
@_passes
@_color
@click.option(
    "-U", "--context", default=3, show_default=True, type=click.IntRange(0), help="Context lines."
)
def diff(
    files: tuple[Path, ...],
    config_path: Path | None,
    passes: str | None,
    color: bool | None,
    context: int,
) -> None:
    """Show what cleaning FILES would change, as a unified diff of the decoded input
    against the output; each hunk header names the rule and category of its edits.
    Exit status: 0 nothing to change, 1 changes, 2 trouble (as diff has it)."""
    pipeline = _pipeline(config_path, passes)
    paint = _use_color(color)
    changed = failed = False
    for item in _cleaned(files, pipeline):
        if isinstance(item, str):
            click.echo(f"cleaner: error: {item}", err=True)
            failed = True
            continue
        text = render_diff(
            str(item.source.path),
            item.original,
            item.document.text,
            item.edits,
            color=paint,
            context=context,
        )
        changed = changed or bool(text)
        click.echo(text, nl=False, color=paint)
    sys.exit(2 if failed else int(changed))


@click.command()
@_files
@_config
@_passes
@_color
def explain(
    files: tuple[Path, ...], config_path: Path | None, passes: str | None, color: bool | None
) -> None:
    """Print FILES with every edit cleaning would make marked inline:
    [-removed text-]{rule · category} and [old→new]{rule · category}; ↵ is a line break
    that belongs to the edit, and <U+00A0> an invisible character."""
    pipeline = _pipeline(config_path, passes)
    paint = _use_color(color)
    failed = False
    several = len(files) > 1 or any(path.is_dir() for path in files)
    for item in _cleaned(files, pipeline):
        if isinstance(item, str):
            click.echo(f"cleaner: error: {item}", err=True)
            failed = True
            continue
        if several:
            click.echo(f"==> {item.source.path} <==", color=paint)
        text = render_explain(item.original, item.document.text, item.edits, color=paint)
        click.echo(text, nl=not text.endswith("\n"), color=paint)
    sys.exit(1 if failed else 0)


@click.command()
@click.argument("log_path", metavar="LOG", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="HTML file to write."
)
def report(log_path: Path, output: Path) -> None:
    """Write one self-contained HTML page summarising the removal log LOG: edits per
    category and rule, the lines removed most often, the documents that lost most,
    repaired encodings and flags."""
    try:
        stats = build_report(log_path, output)
    except ValueError as error:
        raise click.ClickException(f"{log_path}: {error}") from None
    except OSError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"cleaner: {stats.records:,} records of {stats.documents:,} documents: {output}", err=True
    )
