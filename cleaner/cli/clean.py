"""``cleaner clean`` over files and folders, and ``cleaner restore`` back."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import IO, Any

import click

from cleaner.api import Cleaner
from cleaner.cli.options import (
    _error,
    _limit_and_field_options,
    _load_config,
    _rule_options,
    _safety_options,
)
from cleaner.core.log import LogRecord, read_records
from cleaner.core.restore import RestoreError, restore, restore_bytes
from cleaner.corpus.files import Source, UnsafeWrite, atomic_write, find_sources, refuse_clobbering
from cleaner.corpus.journal import (
    Journal,
    JournalError,
    Resumed,
    fingerprint,
    journal_path,
    read_journal,
)
from cleaner.corpus.runner import Run


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Folder for the clean tree.")
@click.option("--in-place", is_flag=True, help="Rewrite changed files atomically instead.")
@click.option(
    "--log",
    "log_path",
    type=click.Path(path_type=Path),
    help="Removal log (JSON Lines). Default: OUTPUT.log.jsonl, or cleaner-log.jsonl in place.",
)
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1), help="Processes."
)
@click.option(
    "--glob", "globs", multiple=True, help="Only files matching (repeatable), e.g. '*.txt'."
)
@click.option(
    "--passes", help="Run only these passes, in this order, e.g. decode,repair,normalize."
)
@click.option(
    "--resume", is_flag=True, help="Continue an interrupted run: skip the files it finished."
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@_rule_options
@_safety_options
@_limit_and_field_options
@click.option("--config", "config_path", type=click.Path(exists=True, path_type=Path))
def clean(
    sources: tuple[Path, ...],
    output: Path | None,
    in_place: bool,
    log_path: Path | None,
    jobs: int,
    globs: tuple[str, ...],
    passes: str | None,
    resume: bool,
    config_path: Path | None,
    progress: bool | None,
    **overrides: Any,
) -> None:
    """Clean SOURCES (files or folders) into OUTPUT, mirroring the tree, or in place.

    Plain files are one document each; .jsonl, .jsonl.gz and .jsonl.zst files
    hold one JSON document per line and .parquet files one per row, written
    back in the same format with their other fields as they were.
    """
    if bool(output) == in_place:
        raise click.UsageError("give either -o/--output FOLDER or --in-place")
    config = _load_config(config_path, passes, overrides)
    if log_path is None:
        log_path = (
            output.with_name(output.name + ".log.jsonl") if output else Path("cleaner-log.jsonl")
        )
    run_id = fingerprint(
        [*(os.fspath(p.resolve()) for p in sources), str(output), *globs, repr(config)]
    )
    try:
        refuse_clobbering(log_path, "--log", sources, output)
        refuse_clobbering(journal_path(log_path), "the journal", sources, output)
    except UnsafeWrite as error:
        raise click.UsageError(str(error)) from None
    resumed = _resumed(journal_path(log_path), run_id) if resume else None
    log_path.parent.mkdir(parents=True, exist_ok=True)
    show = sys.stderr.isatty() if progress is None else progress
    own = [log_path, journal_path(log_path), *([output] if output else [])]
    count = sum(isinstance(s, Source) for s in find_sources(sources, globs, own)) if show else 0
    journal = Journal(journal_path(log_path), run_id, resumed)
    complete = False
    with _open_log(log_path, resumed) as log, _bar(count, show) as bar:
        run = Run(Cleaner(config), output, log, _report, journal, config.fields, len(sources) > 1)
        try:
            summary = run.go(
                find_sources(sources, globs, own),
                jobs,
                resumed.done if resumed else frozenset(),
                lambda: bar.update(1),
            )
            complete = True
        except KeyboardInterrupt:
            _error(f"interrupted; 'cleaner clean ... --resume' continues from {journal.path}")
            sys.exit(130)
        finally:
            journal.close(complete)
    for line in [*summary.lines(), f"log: {log_path}"]:
        click.echo(f"cleaner: {line}", err=True)
    sys.exit(1 if summary.errors else 0)


def _resumed(path: Path, run_id: str) -> Resumed | None:
    if not path.exists():
        click.echo(f"cleaner: no interrupted run to resume ({path} is absent)", err=True)
        return None
    try:
        return read_journal(path, run_id)
    except JournalError as error:
        raise click.UsageError(str(error)) from None


def _open_log(path: Path, resumed: Resumed | None) -> IO[bytes]:
    """A fresh log, or the interrupted run's log cut back to what it finished."""
    if resumed is None or not path.exists():
        return path.open("wb")
    stream = path.open("r+b")
    stream.truncate(resumed.log_size)
    stream.seek(resumed.log_size)
    return stream


def _bar(count: int, show: bool) -> Any:
    return click.progressbar(length=count, label="cleaning", file=sys.stderr if show else _Null())


def _report(kind: str, message: str) -> None:
    """Print a runner message: ``error: ...``, ``warning: ...``, ``skipped PATH: ...``."""
    if kind == "error":
        _error(message)
    elif kind == "warning":
        click.echo(f"cleaner: warning: {message}", err=True)
    else:
        click.echo(f"cleaner: {kind} {message}", err=True)


class _Null:
    """A stream that swallows the progress bar when it should not be shown."""

    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@click.command(name="restore")
@click.argument("cleaned", type=click.Path(exists=True, path_type=Path))
@click.option("--log", "log_path", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File or folder to write.")
@click.option("--doc", help="Document id in the log (default: the one CLEANED's path ends with).")
@click.option("--original-bytes", is_flag=True, help="Re-encode in the encoding the input had.")
def restore_command(
    cleaned: Path, log_path: Path, output: Path | None, doc: str | None, original_bytes: bool
) -> None:
    """Give back the decoded input of CLEANED (a file or an output folder) from the log."""
    with log_path.open(encoding="utf-8") as stream:
        try:
            by_doc: dict[str, list[LogRecord]] = defaultdict(list)
            for record in read_records(stream):
                by_doc[record.doc].append(record)
        except ValueError as error:
            raise click.ClickException(f"{log_path}: {error}") from None
    if cleaned.is_dir():
        if output is None:
            raise click.UsageError("restoring a folder needs -o/--output FOLDER")
        jobs = [(cleaned / name, output / name, records) for name, records in by_doc.items()]
    else:
        doc = doc or _doc_for(cleaned, by_doc)
        jobs = [(cleaned, output, by_doc[doc])]
    failed = False
    for source, target, records in jobs:
        try:
            data = _restore_one(source, records, original_bytes)
        except (OSError, RestoreError, UnicodeError) as error:
            _error(f"{source}: {error}")
            failed = True
            continue
        if target is None:
            sys.stdout.buffer.write(data)
        else:
            atomic_write(target, data)
    sys.exit(1 if failed else 0)


def _doc_for(path: Path, by_doc: dict[str, list[LogRecord]]) -> str:
    posix = path.resolve().as_posix()
    matches = [doc for doc in by_doc if posix == doc or posix.endswith("/" + doc)]
    if not matches:
        raise click.UsageError(f"no document in the log matches {path}; name one with --doc")
    return max(matches, key=len)


def _restore_one(path: Path, records: list[LogRecord], original_bytes: bool) -> bytes:
    text = restore(path.read_bytes().decode("utf-8"), records)
    if not original_bytes:
        return text.encode("utf-8")
    note = next((r for r in records if r.pass_name == "decode"), None)
    return restore_bytes(text, note.details if note else None)
