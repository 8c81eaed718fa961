"""The command line: ``cleaner clean`` over files and folders, ``cleaner restore`` back."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

import click

from cleaner.api import Cleaner
from cleaner.core.config import Config, ConfigError, effective, load_config, to_toml
from cleaner.core.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS
from cleaner.core.log import LogRecord, read_records
from cleaner.core.restore import RestoreError, restore
from cleaner.corpus.files import Source, atomic_write, find_sources
from cleaner.corpus.journal import (
    Journal,
    JournalError,
    Resumed,
    fingerprint,
    journal_path,
    read_journal,
)
from cleaner.corpus.learn import SOURCE_MODES, learn_corpus, render_pack
from cleaner.corpus.runner import Run
from cleaner.passes import registered
from cleaner.passes.rules import select_rules
from cleaner.rules import RuleError, RuleSet, expand_paths
from cleaner.rules.examples import check_examples


def _error(message: str) -> None:
    click.echo(f"cleaner: error: {message}", err=True)


def _load_config(
    path: Path | None, passes: str | None, overrides: dict[str, Any], validate: bool = True
) -> Config:
    """Config file (named or found), then the command line's flags over it.

    ``validate=False`` leaves building the pipeline (and so finding a bad
    option) to the caller: ``check`` needs none when every file is cached.
    """
    try:
        config = load_config(path, validate=validate)
        if passes:
            config = config.with_passes(tuple(p.strip() for p in passes.split(",") if p.strip()))
        rule_options = {k: v for k, v in overrides.items() if k in _RULE_FLAGS and v}
        if rule_options and "rules" in config.passes:
            current = config.options.get("rules", {})
            for key, value in rule_options.items():
                rule_options[key] = [*current.get(key, []), *map(str, value)]
            config = config.with_options("rules", **rule_options)
        safety = {k: v for k, v in overrides.items() if k in _SAFETY_FLAGS and v is not None}
        if safety:
            config = replace(config, safety=replace(config.safety, **safety))
        limits = {k: v or None for k, v in overrides.items() if k in _LIMIT_FLAGS and v is not None}
        if limits:
            config = replace(config, limits=replace(config.limits, **limits))
        fields = {k: v for k, v in overrides.items() if k in _FIELD_FLAGS and v}
        if fields:
            config = replace(config, **fields)
        if validate:
            config.pipeline()
    except (ConfigError, ValueError) as error:
        raise click.UsageError(str(error)) from None
    return config


_RULE_FLAGS = ("paths", "disable_categories", "disable")
_SAFETY_FLAGS = ("max_removed_share", "on_excess")
_LIMIT_FLAGS = ("max_bytes", "max_seconds")
_FIELD_FLAGS = ("text_field", "id_field")


def _options(*options: Callable[[Callable[..., None]], Callable[..., None]]) -> Callable:
    """One decorator applying several click options, listed in the order --help shows them."""

    def apply(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


#: Per-document bounds and the JSON field names, for commands that clean corpora.
_limit_and_field_options = _options(
    click.option(
        "--max-bytes",
        type=click.IntRange(0),
        help=f"Documents larger than this are not cleaned (default {DEFAULT_MAX_BYTES:,}"
        "; 0: no limit).",
    ),
    click.option(
        "--max-seconds",
        type=click.FloatRange(0),
        help=f"Stop a document's passes after this long (default {DEFAULT_MAX_SECONDS:g}"
        "; 0: no limit).",
    ),
    click.option("--text-field", help="JSON Lines/Parquet field with the text ('text')."),
    click.option("--id-field", help="JSON Lines/Parquet field with the id ('id')."),
)


#: The flags that choose rules, shared by clean, config, check and rules list.
_rule_options = _options(
    click.option(
        "--rules",
        "paths",
        multiple=True,
        type=click.Path(exists=True),
        help="Add a rule file or folder (repeatable).",
    ),
    click.option(
        "--disable-category",
        "disable_categories",
        multiple=True,
        help="Switch off a rule category, e.g. nav (repeatable).",
    ),
    click.option(
        "--disable-rule",
        "disable",
        multiple=True,
        help="Switch off one rule by id (repeatable).",
    ),
)

#: The safety valve's flags, shared by clean and config.
_safety_options = _options(
    click.option(
        "--max-removed-share",
        type=click.FloatRange(0, 1, min_open=True),
        help="Flag documents losing more than this share of their words (default 0.4).",
    ),
    click.option(
        "--on-excess",
        type=click.Choice(["flag", "keep"]),
        help="Beyond that share: remove and flag, or keep the document unchanged.",
    ),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleaner")
def main() -> None:
    """Repair encoding damage and strip boilerplate from scraped text, logging every edit."""


@main.command()
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


@main.command(name="restore")
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
    details = (note.details or {}) if note else {}
    encoding = details.get("encoding", "utf-8")
    bom = "\ufeff" if details.get("bom") else ""
    return (bom + text).encode(encoding)


@main.group(name="rules")
def rules_group() -> None:
    """List the rules, or run their own examples as tests."""


@rules_group.command(name="list")
@click.option("--config", "config_path", type=click.Path(exists=True, path_type=Path))
@_rule_options
def rules_list(config_path: Path | None, **overrides: Any) -> None:
    """Print id, category, languages, scope and pattern of every rule config selects."""
    config = _load_config(config_path, None, overrides)
    try:
        rules = select_rules(**config.options.get("rules", {}))
    except (RuleError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    for rule in rules:
        shown = rule.pattern if rule.pattern is not None else " | ".join(rule.phrases)
        languages = ",".join(rule.languages) or "*"
        click.echo(f"{rule.id}\t{rule.category}\t{languages}\t{rule.scope}\t{shown}")


@rules_group.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def rules_test(paths: tuple[Path, ...]) -> None:
    """Run the examples of the rules in PATHS (default: the built-in packs)."""
    try:
        ruleset = RuleSet(select_rules(paths=paths))
    except (RuleError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    sources = {str(p) for p in expand_paths(paths)}
    tested = [r for r in ruleset.rules if not paths or r.source in sources]
    failures = list(check_examples(ruleset, tested))
    for failure in failures:
        click.echo(str(failure))
    examples = sum(len(r.remove) + len(r.keep) for r in tested)
    click.echo(f"{len(tested)} rules, {examples} examples, {len(failures)} failed", err=True)
    sys.exit(1 if failures else 0)


@main.command(name="config")
@click.option("--config", "config_path", type=click.Path(exists=True, path_type=Path))
@click.option("--passes", help="As for clean: run only these passes.")
@_rule_options
@_safety_options
@_limit_and_field_options
def show_config(config_path: Path | None, passes: str | None, **overrides: Any) -> None:
    """Print the effective configuration: file found (or named), flags over it, defaults."""
    config = _load_config(config_path, passes, overrides)
    click.echo(f"# effective configuration; from {config.origin or 'defaults (no config file)'}")
    click.echo(to_toml(effective(config)), nl=False)


@main.command(name="passes")
def list_passes() -> None:
    """List the passes that config and --passes can name."""
    for name in ["decode", *registered()]:
        click.echo(name)


@main.command()
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


from cleaner.cli.views import diff, explain, report  # noqa: E402

main.add_command(diff)
main.add_command(explain)
main.add_command(report)

from cleaner.cli.check import check  # noqa: E402

main.add_command(check)
