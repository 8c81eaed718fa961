"""How worker processes start: fork where it is safe, else spawn, which needs a guarded script.

``spawn`` starts each worker as a fresh interpreter that imports the main script
again (as ``__mp_main__``) to find what the parent defined. A script that calls
``clean_many(jobs=2)`` at its top level, outside ``if __name__ == "__main__":``,
then calls it again in every worker, where multiprocessing refuses to start more
processes; the parent only sees a ``BrokenProcessPool``. ``fork`` copies the parent
instead: nothing is imported again, the workers inherit the pipeline already built,
and passes registered by the script are there. It is unsafe on macOS (system
libraries) and in a process running other threads (a lock one of them holds stays
held in the child), which is also when Python 3.12 warns about it. So: fork on a
platform that has it, except macOS, when the process runs one thread; else spawn,
and under spawn an unguarded call is refused before any worker starts.
"""

from __future__ import annotations

import ast
import inspect
import multiprocessing
import os
import sys
import threading
import tokenize
from types import FrameType, ModuleType


class UnguardedScriptError(RuntimeError):
    """Worker processes would run the calling script again and fail: it needs a main guard."""


def threads() -> int:
    """Threads of this process, those started outside Python (by a C library) included."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def start_method() -> str:
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin":
        if threads() == 1:
            return "fork"
    return "spawn"


def check_guarded(what: str) -> None:
    """Refuse ``what`` (e.g. ``clean_many(jobs=2)``) when spawn would rerun the call."""
    where = unguarded_call()
    if where is not None:
        raise UnguardedScriptError(
            f"{what} was called from the top level of {where}, outside "
            'if __name__ == "__main__":. Worker processes are started with spawn here '
            f"({_why_spawn()}), which runs the script again in every worker. Put the code "
            'that cleans under if __name__ == "__main__": (or use jobs=1).'
        )


def _why_spawn() -> str:
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return "fork is not safe on this platform"
    return f"fork is not safe while other threads run, and this process has {threads()}"


def unguarded_call() -> str | None:
    """``"script.py, line 12"`` when the main script's top level, outside a main guard, is
    what called us, and spawn would run that script again; else ``None``."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or not path or _spawn_skips(main):
        return None
    frame = _top_level_frame(main)
    if frame is None:  # called from a function, a thread, an interactive session
        return None
    try:
        with tokenize.open(path) as stream:
            tree = ast.parse(stream.read())
    except (OSError, SyntaxError, ValueError):
        return None  # not a script we can read: let multiprocessing say what it says
    line = frame.f_lineno
    guards = (node for node in ast.walk(tree) if isinstance(node, ast.If) and _tests_name(node))
    if any(node.lineno <= line <= (node.end_lineno or node.lineno) for node in guards):
        return None
    return f"{path}, line {line}"


def _spawn_skips(main: ModuleType) -> bool:
    """``python -m package`` runs ``package.__main__``, which spawn does not import again."""
    name = getattr(getattr(main, "__spec__", None), "name", None)
    return name is not None and name.rpartition(".")[2] == "__main__"


def _top_level_frame(main: ModuleType) -> FrameType | None:
    frame = inspect.currentframe()
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals is vars(main):
            return frame
        frame = frame.f_back
    return None


def _tests_name(node: ast.If) -> bool:
    """Whether an ``if`` looks at ``__name__``: the guard, in whatever spelling."""
    return any(isinstance(n, ast.Name) and n.id == "__name__" for n in ast.walk(node.test))
