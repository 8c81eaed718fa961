"""Shared test helpers: where the repository's data lives, and document strategies."""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

# CI runs the same examples every time, so a red build is reproducible and a
# green one is not luck; locally hypothesis explores and remembers failures.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
#: A small sample of ../shared/benchmarks, under the same paths, for a clone without it.
SAMPLE = ROOT / "tests" / "data"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Rule indexes and check verdicts go to a folder of this run, not the user's cache
    (subprocesses inherit it)."""
    os.environ["CLEANER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


def load_bench(name: str) -> ModuleType:
    """A script of bench/ as a module, importing its siblings as it does when run."""
    folder = str(ROOT / "bench")
    if folder not in sys.path:
        sys.path.append(folder)
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def shared_path(*parts: str) -> Path:
    """A path under ../shared, else the same path in the sample shipped in tests/data (see its
    benchmarks/README.md); the test is skipped when neither has it (the full benchmarks)."""
    for base in (SHARED, SAMPLE):
        path = base.joinpath(*parts)
        if path.exists():
            return path
    pytest.skip(f"{SHARED.joinpath(*parts)} is not available")


_SEED_LINES = [
    line
    for path in sorted((FIXTURES / "input").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


_paragraphs = st.one_of(
    st.sampled_from(_SEED_LINES),
    st.sampled_from(_SEED_LINES).map(_mojibake),
    st.text(max_size=80),
    st.text(alphabet="aäöüß \u00a0\u200b\t\r\x01\u0301e&;#", max_size=40),
)
_separators = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n\n\n\n", "  \n", "\u2028"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Text mixing real article lines, mojibake, odd whitespace and random characters."""
    parts = draw(st.lists(st.tuples(_paragraphs, _separators), max_size=8))
    return "".join(p + s for p, s in parts)


def run_bounded(code: str, seconds: float, memory_mb: int) -> dict[str, Any]:
    """Run ``code`` in a fresh Python whose address space is capped at ``memory_mb``,
    killed after ``seconds``; ``code`` sets a dict ``result`` (``time`` is imported),
    returned with the child's peak resident memory (``peak_mb``) added.

    A runaway (an alias bomb, a quadratic pass) fails here quickly with a clear
    message instead of taking the test machine's memory and an hour.
    """
    limit = memory_mb * 1024 * 1024
    wrapper = (
        "import json, resource, time\n"
        f"{code}\n"
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would report
        # the test process's own peak whenever that is the larger.
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "result['peak_mb'] = int(status.split()[0]) / 1024\n"
        "print(json.dumps(result))\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", wrapper],
            capture_output=True,
            text=True,
            timeout=seconds,
            cwd=ROOT,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {seconds} s")
    assert done.returncode == 0, f"exit {done.returncode} under {memory_mb} MB:\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])
