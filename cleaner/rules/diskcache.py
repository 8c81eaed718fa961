"""What rule loading and the rule index work out, kept on disk between processes.

Building :class:`cleaner.rules.scope.RuleIndex` parses every branch of every
regex rule for the strings its matches can start, end with and must hold, and
the loader compiles every pattern to check it: well over a second for the
built-in packs, paid by every process, ``--jobs`` worker and pre-commit call.
Both answers depend only on their input (the rules, a pack's bytes) and on the
code that reads it, so each is kept in a file named by a hash of those, in the
cache folder (:func:`cleaner.core.cachedir.cache_dir`). A file that is
missing, unreadable, corrupt or of another layout means the work is done
again; a folder that cannot be written means it is not kept. The files are
read only by the user who wrote them, from their own cache folder, so
pickle's trust in its input holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import regex

from cleaner.core.cachedir import cache_dir

#: Bumped when what the files hold changes shape.
FORMAT = 1
#: Files of a kind not read for this long are deleted when another of the kind is saved
#: (each edit of a rule pack makes a new index file).
STALE_SECONDS = 7 * 24 * 3600


def key_of(parts: Iterable[bytes], code: Iterable[ModuleType] = ()) -> str:
    """Hash of ``parts`` and of the source of the modules ``code`` that read them (their
    source, not cleaner's version, which a development install keeps while code changes)."""
    digest = hashlib.blake2b(f"{FORMAT} {sys.version} {regex.__version__}".encode())
    for module in code:
        digest.update(Path(module.__file__ or "").read_bytes())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()[:32]


def _path(kind: str, key: str, folder: Path | None) -> Path:
    return (folder or cache_dir()) / f"{kind}-{key}.pickle"


def read(kind: str, key: str, folder: Path | None = None) -> Any | None:
    """What was saved as ``kind`` under ``key``, or None when there is no usable file."""
    path = _path(kind, key, folder)
    try:
        with open(path, "rb") as file:
            saved = pickle.load(file)
    except Exception:  # missing, unreadable, truncated or from other code: work again
        return None
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # in use: not stale
    return saved[1]


def save(kind: str, key: str, state: Any, folder: Path | None = None) -> None:
    """Keep ``state`` as ``kind`` under ``key``, replacing the file in one rename; errors
    are ignored (the next process works it out again)."""
    path = _path(kind, key, folder)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-")
        with os.fdopen(handle, "wb") as file:
            pickle.dump((key, state), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        return
    _prune(path, kind)


def _prune(kept: Path, kind: str) -> None:
    """Delete the files of ``kind`` besides ``kept`` that nobody has read for a while."""
    cutoff = time.time() - STALE_SECONDS
    for other in kept.parent.glob(f"{kind}-*.pickle"):
        try:
            if other != kept and other.stat().st_mtime < cutoff:
                other.unlink()
        except OSError:
            continue
