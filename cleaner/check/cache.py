"""The check cache: a file whose content is known clean under the same settings is skipped.

Like black's cache, but keyed on content: one JSON file per *settings key*
(cleaner's version and source, the rule packs' bytes, the effective config)
maps each checked path to the key of the content last found clean there. A
file is skipped when its content key is among them, wherever it was seen.
Only clean verdicts are stored, so a stale or lost entry costs a re-check,
never a wrong answer; a corrupt or unreadable cache file counts as empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict
from pathlib import Path

import cleaner
from cleaner.core.cachedir import cache_dir
from cleaner.core.config import Config
from cleaner.corpus.files import atomic_write
from cleaner.rules import builtin_rule_files, expand_paths

#: Bumped when the file layout or the meaning of a key changes.
FORMAT = 1
#: Cache files of other settings unused this long are deleted when a cache is saved.
STALE_SECONDS = 30 * 24 * 3600
_PACKAGE = Path(cleaner.__file__).parent


def file_key(data: bytes, name: str) -> str:
    """Hash of the content and of the name's extension, which passes may read (html does)."""
    suffix = os.path.splitext(name)[1].lower()  # Path(name).suffix, without building a Path
    digest = hashlib.blake2b(suffix.encode() + b"\0", digest_size=16)
    digest.update(data)
    return digest.hexdigest()


def settings_key(config: Config) -> str:
    """Everything besides a file's content that decides whether cleaning changes it.

    cleaner's own source is hashed as well as its version: a development
    install keeps its version while its passes change. The config goes in
    whole (passes, options, safety valve, limits), less where it was read from.
    """
    digest = hashlib.blake2b(f"{FORMAT} {cleaner.__version__}".encode(), digest_size=16)
    rules = config.options.get("rules", {})
    rule_files = expand_paths(Path(p) for p in rules.get("paths", ()))
    if rules.get("builtin", True):
        rule_files = builtin_rule_files() + rule_files
    sources = sorted(_PACKAGE.rglob("*.py"))
    for path in [*sources, *rule_files]:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    effective = {
        "passes": config.passes,
        "options": config.options,
        "safety": asdict(config.safety),
    }
    digest.update(json.dumps(effective, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _read(path: Path) -> dict[str, str]:
    """The path-to-key table of a cache file; anything unreadable or malformed is empty."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


class Cache:
    """The clean verdicts of one settings key, read once and saved with what this run added."""

    def __init__(self, key: str, folder: Path | None = None) -> None:
        self.path = (folder or cache_dir()) / f"check-{key}.json"
        self._files = _read(self.path)
        self._clean = set(self._files.values())
        self._added: dict[str, str] = {}

    def is_clean(self, key: str) -> bool:
        return key in self._clean

    def add(self, path: Path, key: str) -> None:
        """Record that ``path`` held content ``key`` and cleaning it changed nothing."""
        self._added[os.path.abspath(path)] = key
        self._clean.add(key)

    def save(self) -> None:
        """Merge this run's verdicts into the file as it is now, and replace it atomically.

        Re-reading just before writing keeps what other processes saved since
        this one started; a verdict lost in a closer race is only re-checked.
        Raises ``OSError`` when the cache folder cannot be written.
        """
        if self._added:
            files = {**self._files, **_read(self.path), **self._added}
            data = json.dumps({"format": FORMAT, "files": files}, ensure_ascii=False)
            atomic_write(self.path, data.encode("utf-8"))
            self._files, self._added = files, {}
        elif self.path.exists():
            os.utime(self.path)  # in use: not stale
        self._prune()

    def _prune(self) -> None:
        """Delete the cache files of other settings that nobody has used for a while."""
        limit = time.time() - STALE_SECONDS
        for other in self.path.parent.glob("check-*.json"):
            try:
                if other != self.path and other.stat().st_mtime < limit:
                    other.unlink()
            except OSError:
                continue
