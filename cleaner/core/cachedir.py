"""Where cleaner keeps what it may rebuild at any time (check verdicts, rule analysis)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``, else ``~/.cache/cleaner``."""
    explicit = os.environ.get("CLEANER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cleaner"
