"""Finding input files, mirroring them into an output tree, and writing atomically."""

from __future__ import annotations

import ctypes
import fnmatch
import glob
import hashlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Folders of version control and tool caches are never corpus content.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".venv", ".mypy_cache"})


@dataclass(frozen=True, slots=True)
class Source:
    """An input file and the relative path that names it in the output tree and the log.
    ``named``: given by name on the command line rather than found in a folder.
    """

    path: Path
    relative: str
    named: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path not processed, and why (a symlink, say)."""

    path: Path
    reason: str


def _matches(relative: str, globs: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(name, g) for g in globs)


#: What ``atomic_write`` and the runner's outputs name their temporary files
#: (``tempfile.mkstemp``); one left by a killed run is not a corpus file.
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def _why_not(path: Path) -> str | None:
    """Why a listed file is not a source: a link, a device, a leftover; ``None`` if it is."""
    try:
        mode = path.lstat().st_mode
    except OSError as error:
        return f"cannot inspect: {error.strerror or error}"
    if stat.S_ISLNK(mode):
        return "symbolic link (not followed)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device)"
    if _TEMPORARY.fullmatch(path.name):
        return "temporary file left by an interrupted run"
    return None


def _walk(root: Path, globs: Sequence[str], own: frozenset[Path]) -> Iterator[Source | Skipped]:
    unlisted: list[OSError] = []
    own_names = {path.name for path in own}
    for folder, dirs, files in os.walk(root, onerror=unlisted.append, followlinks=False):
        while unlisted:
            error = unlisted.pop()
            yield Skipped(Path(error.filename), f"cannot list folder: {error.strerror}")
        for name in sorted(d for d in dirs if Path(folder, d).is_symlink()):
            yield Skipped(Path(folder, name), "symbolic link to a folder (not followed)")
        for name in sorted(d for d in dirs if d in own_names and Path(folder, d).resolve() in own):
            yield Skipped(Path(folder, name), "this run's output folder")
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRS
            and not Path(folder, d).is_symlink()
            and not (d in own_names and Path(folder, d).resolve() in own)
        )
        for name in sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            if globs and not _matches(relative, globs):
                continue
            is_own = name in own_names and path.resolve() in own
            reason = "this run's own log or journal" if is_own else _why_not(path)
            yield Skipped(path, reason) if reason else Source(path, relative)
    for error in unlisted:
        yield Skipped(Path(error.filename), f"cannot list folder: {error.strerror}")


def find_sources(
    paths: Sequence[Path], globs: Sequence[str] = (), own: Iterable[Path] = ()
) -> Iterator[Source | Skipped]:
    """Every file under ``paths`` in a stable order; a named file is always taken.

    A folder's files are named relative to that folder, so ``corpus/a/b.txt``
    becomes ``a/b.txt`` in the output tree and in the log. ``own`` are the
    run's log, journal and output folder: the walk is lazy, so without this a
    log inside the corpus would be read while it is written.
    """
    mine = frozenset(path.resolve() for path in own)
    for path in paths:
        if path.is_dir():
            yield from _walk(path, globs, mine)
        else:
            yield Source(path, path.name, named=True)


class UnsafeWrite(ValueError):
    """A file the run writes besides its outputs (the log, the journal) would destroy something."""


#: How the run's own files begin (a log record, a journal header): such a file inside
#: an input folder is an earlier run's, which the walk skips and a new run may replace.
_OWN_FILE_STARTS = (b'{"v": ', b'{"journal": ')


def _is_own_file(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except OSError:
        return False
    return not head or head.startswith(_OWN_FILE_STARTS)


def refuse_clobbering(
    path: Path,
    what: str,
    sources: Sequence[Path],
    output: Path | None = None,
    output_files: Sequence[Path] = (),
) -> None:
    """Raise :class:`UnsafeWrite` when writing ``what`` at ``path`` would destroy something.

    Held to what outputs are held to: never through a symbolic link (it could lead
    anywhere), never onto an input file (named, or found in an input folder, unless
    it is an earlier run's log or journal), and never where an output will land: in
    the folder ``output``, or one of ``output_files`` (``-o FILE``).
    """
    if path.is_symlink():
        raise UnsafeWrite(f"{what} {path} is a symbolic link; name the file itself")
    resolved = path.resolve()
    if any(resolved == file.resolve() for file in output_files):
        raise UnsafeWrite(f"{what} {path} is the output file")
    for source in sources:
        root = source.resolve()
        if resolved == root or (
            source.is_dir()
            and resolved.is_relative_to(root)
            and resolved.is_file()
            and not _is_own_file(resolved)
        ):
            raise UnsafeWrite(f"{what} {path} is one of the input files")
    if output is None or not resolved.is_relative_to(output.resolve()):
        return
    relative = resolved.relative_to(output.resolve())
    for source in sources:
        landing = source / relative if source.is_dir() else source
        if landing.is_file() and (source.is_dir() or source.name == relative.as_posix()):
            raise UnsafeWrite(f"{what} {path} is where the output of {landing} goes")


#: New files get the permissions the user's umask gives (mkstemp's are 0600).
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class Output:
    """A temporary file beside ``target``: written in full, then renamed onto it or dropped.

    The temporary file sits in the same folder, so the rename cannot cross file
    systems and is atomic: ``target`` holds its old content or all of the new. A
    ``target`` that is a symbolic link (a file named on the command line, cleaned in
    place) is written through: the file it points to gets the new content, the link
    stays a link.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.destination = target.resolve() if target.is_symlink() else target
        folder = self.destination.parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            dir=folder, prefix=f".{self.destination.name}.", suffix=".tmp"
        )
        self.temporary = Path(name)
        self.file = os.fdopen(handle, "wb")

    def seal(self) -> None:
        """Flush to disk and close, ready to be committed."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def hold(self) -> None:
        """Hand what was written to the operating system, keeping the file open: the
        caller makes it durable later, with others (:func:`seal_all`)."""
        self.file.flush()

    def digest(self) -> str:
        """SHA-256 of what the target will hold once committed (for the run journal)."""
        return file_digest(self.temporary)

    def commit(self) -> None:
        """Rename into place, keeping the permissions of the file it replaces."""
        if self.destination.exists():
            os.chmod(self.temporary, self.destination.stat().st_mode & 0o7777)
        else:
            os.chmod(self.temporary, 0o666 & ~_UMASK)
        os.replace(self.temporary, self.destination)

    def retarget(self, target: Path) -> None:
        """Commit onto ``target`` instead, in the temporary file's folder (so the rename
        stays atomic); ``target`` itself, not a file a link there points to."""
        if target.parent != self.destination.parent:
            raise ValueError(f"{target} is not beside {self.destination}")
        self.target = self.destination = target

    def discard(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.temporary.unlink(missing_ok=True)


def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(fd)``: every file of one file system to disk in one call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_SYNCFS = _syncfs()


def seal_all(outputs: Sequence[Output]) -> list[tuple[Output, OSError]]:
    """Make held outputs durable and close them, with one ``syncfs`` per file system
    instead of one ``fsync`` per file, which serialises a run of many small files on
    the disk's flushes. Where ``syncfs`` is missing or fails, each file is synced on its
    own, so an error names its file. Returns the outputs that could not be sealed (they
    are discarded) with their error."""
    devices: dict[int, list[Output]] = {}
    for output in outputs:
        devices.setdefault(os.fstat(output.file.fileno()).st_dev, []).append(output)
    failed: list[tuple[Output, OSError]] = []
    for group in devices.values():
        if _SYNCFS is None or _SYNCFS(group[0].file.fileno()) != 0:
            for output in group:
                try:
                    os.fsync(output.file.fileno())
                except OSError as error:
                    failed.append((output, error))
        for output in group:
            output.file.close()
    for output, _ in failed:
        output.discard()
    return failed


def sweep_temporaries(target: Path) -> None:
    """Delete the temporary files a killed run left beside ``target`` (it was writing it)."""
    for path in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        if _TEMPORARY.fullmatch(path.name):
            path.unlink(missing_ok=True)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either its old content or all of the new."""
    output = Output(path)
    try:
        output.file.write(data)
        output.seal()
        output.commit()
    except BaseException:
        output.discard()
        raise
