"""Finding input files, mirroring them into an output tree, and writing atomically."""

from __future__ import annotations

import fnmatch
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Folders of version control and tool caches are never corpus content.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".venv", ".mypy_cache"})


@dataclass(frozen=True, slots=True)
class Source:
    """An input file and the relative path that names it in the output tree and the log."""

    path: Path
    relative: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path not processed, and why (a symlink, say)."""

    path: Path
    reason: str


def _matches(relative: str, globs: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(name, g) for g in globs)


def _walk(root: Path, globs: Sequence[str]) -> Iterator[Source | Skipped]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                yield Skipped(path, "symbolic link (not followed)")
            elif not globs or _matches(relative, globs):
                yield Source(path, relative)


def find_sources(paths: Sequence[Path], globs: Sequence[str] = ()) -> Iterator[Source | Skipped]:
    """Every file under ``paths`` in a stable order; a named file is always taken.

    A folder's files are named relative to that folder, so ``corpus/a/b.txt``
    becomes ``a/b.txt`` in the output tree and in the log.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path, globs)
        else:
            yield Source(path, path.name)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either its old content or all of the new.

    The temporary file sits in the same folder (so the rename cannot cross
    file systems), is flushed to disk, then renamed over the target.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
