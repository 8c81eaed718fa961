"""``cleaner clean`` over files, folders and stdin, and ``cleaner restore`` back."""

from __future__ import annotations

import json
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
    _verbosity,
    _verbosity_options,
)
from cleaner.cli.progress import Progress
from cleaner.cli.streams import clean_stdin
from cleaner.core.config import Config
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
from cleaner.corpus.naming import written_as
from cleaner.corpus.runner import Report, Run
from cleaner.corpus.summary import Summary


@click.command()
@click.argument(
    "sources",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, allow_dash=True, path_type=Path),
)
@click.option(
    "-o",
    "--output",
    "output_arg",
    type=click.Path(),
    help="Folder for the clean tree; the file to write when SOURCES is one file or -.",
)
@click.option("--in-place", is_flag=True, help="Rewrite changed files atomically instead.")
@click.option(
    "--log",
    "log_path",
    type=click.Path(path_type=Path),
    help="Removal log (JSON Lines). Default: OUTPUT.log.jsonl, or cleaner-log.jsonl in place; "
    "none for stdin.",
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
    "--keep-names",
    is_flag=True,
    help="Write the text extracted from page.html as page.html (default: page.txt).",
)
@click.option("--stdin-filename", help="The name of the document read from -, for the log.")
@_verbosity_options
@click.option(
    "--summary-json",
    type=click.Path(allow_dash=True, path_type=Path),
    help="Also write the summary as JSON to this file (- for stdout).",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress line (default: on a terminal)."
)
@_rule_options
@_safety_options
@_limit_and_field_options
@click.option("--config", "config_path", type=click.Path(exists=True, path_type=Path))
def clean(
    sources: tuple[Path, ...],
    output_arg: str | None,
    in_place: bool,
    log_path: Path | None,
    jobs: int,
    globs: tuple[str, ...],
    passes: str | None,
    resume: bool,
    keep_names: bool,
    stdin_filename: str | None,
    quiet: bool,
    verbose: bool,
    summary_json: Path | None,
    config_path: Path | None,
    progress: bool | None,
    **overrides: Any,
) -> None:
    """Clean SOURCES (files or folders) into OUTPUT, mirroring the tree, or in place;
    - reads one document from stdin and writes it to stdout (or to OUTPUT).

    Plain files are one document each; .jsonl files hold one JSON document per line
    and .parquet files one per row, written back in the same format with their other
    fields as they were. A .gz or .zst file is read and written back compressed.
    """
    verbosity = _verbosity(quiet, verbose)
    output = Path(output_arg) if output_arg else None
    stdin = any(str(source) == "-" for source in sources)
    if stdin:
        _check_stdin(sources, in_place, output, summary_json)
    elif bool(output) == in_place:
        raise click.UsageError("give either -o/--output FOLDER or --in-place")
    config = _load_config(config_path, passes, overrides)
    report = _reporter(verbosity)
    if stdin:
        if log_path is not None:
            _refuse_clobbering({"--log": log_path}, (), None, output)
        summary = clean_stdin(Cleaner(config), stdin_filename, output, log_path, report)
    else:
        log_path = log_path or (
            output.with_name(output.name + ".log.jsonl") if output else Path("cleaner-log.jsonl")
        )
        output_file = _single_file(sources, output_arg)
        own = {"--log": log_path, "the journal": journal_path(log_path)}
        _refuse_clobbering(own, sources, output, output_file)
        show = (sys.stderr.isatty() and verbosity >= 0) if progress is None else progress
        run = _FileRun(sources, output, output_file, log_path, globs, config, report, keep_names)
        summary = run.go(jobs, resume, show)
    _finish(summary, log_path, verbosity, summary_json)


def _check_stdin(
    sources: tuple[Path, ...], in_place: bool, output: Path | None, summary_json: Path | None
) -> None:
    if len(sources) > 1:
        raise click.UsageError("'-' (stdin) cannot be combined with other sources")
    if in_place:
        raise click.UsageError("stdin cannot be cleaned in place")
    if output is None and summary_json is not None and str(summary_json) == "-":
        raise click.UsageError("--summary-json -: stdout holds the clean text; name a file")


def _refuse_clobbering(
    written: dict[str, Path],
    sources: tuple[Path, ...],
    output: Path | None,
    output_file: Path | None,
) -> None:
    """Refuse, before anything is written, a log or journal (``written``: what each is)
    that would destroy an input or an output (see
    :func:`cleaner.corpus.files.refuse_clobbering`)."""
    folder = None if output_file else output
    try:
        for what, path in written.items():
            refuse_clobbering(path, what, sources, folder, [output_file] if output_file else [])
    except UnsafeWrite as error:
        raise click.UsageError(str(error)) from None


def _single_file(sources: tuple[Path, ...], output: str | None) -> Path | None:
    """``OUTPUT`` itself when it names the one output file, as ``cp`` reads it: one input
    file, and OUTPUT neither an existing folder nor written with a trailing slash."""
    if output is None or len(sources) != 1 or sources[0].is_dir() or Path(output).is_dir():
        return None
    return None if output.endswith(("/", os.sep)) else Path(output)


class _FileRun:
    """A run over files and folders: the journal, the log, the progress line, the runner."""

    def __init__(
        self,
        sources: tuple[Path, ...],
        output: Path | None,
        output_file: Path | None,
        log_path: Path,
        globs: tuple[str, ...],
        config: Config,
        report: Report,
        keep_names: bool,
    ) -> None:
        self.sources, self.output, self.output_file = sources, output, output_file
        self.log_path, self.globs, self.config, self.report = log_path, globs, config, report
        self.rename = not keep_names
        self.own = [log_path, journal_path(log_path), *([output] if output else [])]

    def go(self, jobs: int, resume: bool, show: bool) -> Summary:
        parts = [os.fspath(p.resolve()) for p in self.sources]
        run_id = fingerprint([*parts, str(self.output), *self.globs, repr(self.config)])
        journal_file = journal_path(self.log_path)
        resumed = _resumed(journal_file, run_id) if resume else None
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        found = find_sources(self.sources, self.globs, self.own) if show else ()
        count = sum(isinstance(s, Source) for s in found)
        journal = Journal(journal_file, run_id, resumed)
        complete = False
        bar = Progress(count, sys.stderr) if show else None
        with _open_log(self.log_path, resumed) as log:
            run = Run(
                Cleaner(self.config),
                self.output,
                log,
                self.report,
                journal,
                self.config.fields,
                len(self.sources) > 1,
                self.output_file,
                self.rename,
            )
            try:
                summary = run.go(
                    find_sources(self.sources, self.globs, self.own),
                    jobs,
                    resumed.done if resumed else frozenset(),
                    bar.advance if bar else lambda: None,
                )
                complete = True
            except KeyboardInterrupt:
                _error(f"interrupted; 'cleaner clean ... --resume' continues from {journal.path}")
                sys.exit(130)
            finally:
                journal.close(complete)
                if bar:
                    bar.close()
        return summary


def _finish(
    summary: Summary, log_path: Path | None, verbosity: int, summary_json: Path | None
) -> None:
    """The summary on stderr (and as JSON where asked), then the exit status: 1 when a file
    failed or nothing at all was cleaned."""
    status = 1 if summary.errors or summary.cleaned_nothing else 0
    if summary.cleaned_nothing:
        _error(f"nothing was cleaned ({summary.why_nothing()})")
    if verbosity >= 0:
        logged = [f"log: {log_path}"] if log_path else []
        for line in [*summary.lines(), *logged]:
            click.echo(f"cleaner: {line}", err=True)
    if summary_json is not None:
        table = {**summary.to_dict(), "log": str(log_path) if log_path else None}
        data = json.dumps({**table, "exit_status": status}, indent=2).encode("utf-8") + b"\n"
        if str(summary_json) == "-":
            sys.stdout.buffer.write(data)
        else:
            atomic_write(summary_json, data)
    sys.exit(status)


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


def _reporter(verbosity: int) -> Report:
    """Print a runner message: errors always; warnings, refused and skipped files unless
    quiet (-q); where each file went only when verbose (-v)."""

    def report(kind: str, message: str) -> None:
        if kind == "error":
            _error(message)
        elif kind == "done":
            if verbosity > 0:
                click.echo(f"cleaner: {message}", err=True)
        elif verbosity < 0:
            return
        elif kind == "warning":
            click.echo(f"cleaner: warning: {message}", err=True)
        else:
            click.echo(f"cleaner: {kind} {message}", err=True)

    return report


@click.command(name="restore")
@click.argument("cleaned", type=click.Path(exists=True, path_type=Path))
@click.option("--log", "log_path", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File or folder to write.")
@click.option(
    "--doc",
    help="Document id in the log (default: the one CLEANED's path ends with, or the only one).",
)
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
        jobs = [  # under the inputs' names: page.html for a page whose text went to page.txt
            (cleaned / (written_as(records) or name), output / name, records)
            for name, records in by_doc.items()
        ]
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
    """The document whose id, or the name the log says it was written as, ``path`` ends
    with; else the log's only document (stdin's, say)."""
    posix = path.resolve().as_posix()
    matches = [
        (len(name), doc)
        for doc, records in by_doc.items()
        for name in {doc, written_as(records) or doc}
        if posix == name or posix.endswith("/" + name)
    ]
    if not matches and len(by_doc) == 1:
        return next(iter(by_doc))
    if not matches:
        raise click.UsageError(f"no document in the log matches {path}; name one with --doc")
    return max(matches)[1]


def _restore_one(path: Path, records: list[LogRecord], original_bytes: bool) -> bytes:
    text = restore(path.read_bytes().decode("utf-8"), records)
    if not original_bytes:
        return text.encode("utf-8")
    note = next((r for r in records if r.pass_name == "decode"), None)
    return restore_bytes(text, note.details if note else None)
