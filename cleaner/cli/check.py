"""``cleaner check``: report what cleaning would change, or fix it in place (for pre-commit)."""

from __future__ import annotations

import os
import sys
import traceback
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from cleaner.check.cache import Cache, settings_key
from cleaner.check.findings import FileCheck, check_files
from cleaner.check.output import FORMATS, FindingPrinter
from cleaner.cli.options import _error, _load_config, _rule_options
from cleaner.core.config import Config, ConfigError
from cleaner.core.log import write_records
from cleaner.corpus.files import Source, UnsafeWrite, atomic_write, find_sources, refuse_clobbering
from cleaner.corpus.summary import plural

#: black's convention: the check itself failed, as opposed to "would change" (1).
EXIT_INTERNAL = 123


@dataclass(slots=True)
class _Counts:
    changed: int = 0
    failed: int = 0
    cached: int = 0


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--fix", is_flag=True, help="Rewrite the files that would change, atomically.")
@click.option(
    "--log",
    "log_path",
    type=click.Path(path_type=Path),
    help="With --fix: write the removal log of the fixed files here (default: none).",
)
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1), help="Processes."
)
@click.option(
    "--glob", "globs", multiple=True, help="In folders, only files matching (repeatable)."
)
@click.option("--passes", help="Run only these passes, in this order.")
@_rule_options
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, path_type=Path),
    help="A cleaner.toml, or a pyproject.toml with [tool.cleaner] (default: found upwards).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of clean files.")
@click.option(
    "--output-format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Findings as FILE:LINE lines, one JSON array, or GitHub Actions annotations.",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line; errors and findings only.")
def check(
    sources: tuple[Path, ...],
    fix: bool,
    log_path: Path | None,
    jobs: int,
    globs: tuple[str, ...],
    passes: str | None,
    config_path: Path | None,
    no_cache: bool,
    output_format: str,
    quiet: bool,
    **overrides: Any,
) -> None:
    """Print FILE:LINE: RULE CATEGORY: TEXT for each edit cleaning would make; change nothing.

    Exit status: 0 when nothing would change, 1 when something would (or, with
    --fix, did), 123 when a file could not be checked.
    """
    if log_path is not None and not fix:
        raise click.UsageError("--log needs --fix: check alone changes nothing and logs nothing")
    if log_path is not None:
        try:
            refuse_clobbering(log_path, "--log", sources)
        except UnsafeWrite as error:
            raise click.UsageError(str(error)) from None
    config = _load_config(config_path, passes, overrides, validate=False)
    printer = FindingPrinter(output_format, click.echo)
    try:
        status = _run(config, sources, globs, fix, log_path, jobs, not no_cache, printer, quiet)
    except ConfigError as error:  # found only now: the pipeline is built on first need
        raise click.UsageError(str(error)) from None
    except Exception as error:  # a bug in cleaner: say so, with what a bug report needs
        traceback.print_exc()
        _error(f"internal error: {type(error).__name__}: {error}")
        status = EXIT_INTERNAL
    printer.close()
    sys.exit(status)


def _run(
    config: Config,
    paths: tuple[Path, ...],
    globs: tuple[str, ...],
    fix: bool,
    log_path: Path | None,
    jobs: int,
    use_cache: bool,
    printer: FindingPrinter,
    quiet: bool,
) -> int:
    named = {path.resolve() for path in paths if not path.is_dir()}
    sources: list[Source] = []
    for item in find_sources(paths, globs, [log_path] if log_path else []):
        if isinstance(item, Source):  # named by its path, so that reports and log say which
            sources.append(Source(item.path, item.path.as_posix()))
        elif not quiet:
            click.echo(f"cleaner: skipped {item.path}: {item.reason}", err=True)
    cache = Cache(settings_key(config)) if use_cache else None
    counts = _Counts()
    with log_path.open("w", encoding="utf-8") if log_path else nullcontext() as log:
        for verdict in check_files(config, sources, cache, jobs):
            _report(verdict, fix, log, named, counts, printer, quiet)
    if cache is not None:
        try:
            cache.save()
        except OSError as error:
            click.echo(f"cleaner: warning: cache not saved: {error}", err=True)
    verb = "fixed" if fix else "would change"
    if not quiet:
        click.echo(
            f"cleaner: {plural(len(sources), 'file')} checked "
            f"({counts.cached:,} known clean from the cache): "
            f"{counts.changed:,} {verb}, {counts.failed:,} could not be checked",
            err=True,
        )
    if counts.failed:
        return EXIT_INTERNAL
    return 1 if counts.changed else 0


def _report(
    verdict: FileCheck,
    fix: bool,
    log: IO[str] | None,
    named: set[Path],
    counts: _Counts,
    printer: FindingPrinter,
    quiet: bool,
) -> None:
    """Print one file's findings, or fix it; a file that cannot be checked is counted."""
    path = verdict.source.path
    counts.cached += verdict.cached
    if verdict.error is not None:
        if verdict.refused and path.resolve() not in named:
            if not quiet:
                click.echo(f"cleaner: skipped {path}: {verdict.error}", err=True)
            return
        _error(f"{path}: {verdict.error}")
        counts.failed += 1
        return
    if verdict.output is None:
        return
    counts.changed += 1
    if not fix:
        for finding in verdict.findings:
            printer.add(str(path), finding)
        return
    try:
        if log is not None:  # the log entry first: a file is never changed without it
            write_records(verdict.records, log)
            log.flush()
            os.fsync(log.fileno())
        atomic_write(path, verdict.output)
    except OSError as error:
        _error(f"{path}: cannot write: {error.strerror or error}")
        counts.failed += 1
        return
    click.echo(f"{path}: fixed ({plural(verdict.edits, 'edit')})")
