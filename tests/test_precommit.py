"""The pre-commit hooks end to end, with the real pre-commit and git.

pre-commit clones this repository at HEAD and pip-installs it into an
environment of its own (PyPI is needed, and a minute or two the first time);
``PRE_COMMIT_HOME`` is a folder of this test module, so nothing outside is used
or left behind. The hook files must be committed: on a fresh clone they are.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pre_commit")

SEED = "003_35d6358dfdfd0ce0.txt"


def _run(*command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _head() -> str:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    rev = done.stdout.strip()
    for name in (".pre-commit-hooks.yaml", f"fixtures/input/{SEED}"):
        if subprocess.run(["git", "cat-file", "-e", f"{rev}:{name}"], cwd=ROOT).returncode:
            pytest.skip(f"{name} is not committed at HEAD")
    return rev


def _at_head(rev: str, name: str) -> bytes:
    """A file as the commit pre-commit installs has it (the work tree may differ)."""
    return subprocess.run(
        ["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    (home / "gitconfig").write_text("")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "CLEANER_CACHE_DIR": str(home / "cleaner-cache"),
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),  # no hooksPath or signing from outside
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def _repository(path: Path, hook: str, rev: str, env: dict[str, str]) -> Path:
    """A git repository whose pre-commit config uses ``hook`` from this repository at ``rev``."""
    path.mkdir()
    for command in (
        ["git", "init", "-q"],
        ["git", "config", "user.name", "Test"],
        ["git", "config", "user.email", "test@example.org"],
        ["git", "config", "commit.gpgsign", "false"],
    ):
        assert _run(*command, cwd=path, env=env).returncode == 0
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {rev}\n  hooks:\n  - id: {hook}\n    files: ^corpus/\n"
    )
    (path / "README.md").write_text("# A project\n\nSee [the docs](https://example.org).\n")
    _run("git", "add", ".", cwd=path, env=env)
    assert _run("git", "commit", "-q", "-m", "config", cwd=path, env=env).returncode == 0
    installed = _run(sys.executable, "-m", "pre_commit", "install", cwd=path, env=env)
    assert installed.returncode == 0, installed.stderr
    return path


def _commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    _run("git", "add", "corpus", cwd=repo, env=env)
    return _run("git", "commit", "-m", "add a document", cwd=repo, env=env)


def _commits(repo: Path, env: dict[str, str]) -> int:
    return int(_run("git", "rev-list", "--count", "HEAD", cwd=repo, env=env).stdout)


def test_cleaner_fix_refuses_a_dirty_file_fixes_it_and_accepts_it_once_staged(
    tmp_path: Path, env: dict[str, str]
) -> None:
    rev = _head()
    repo = _repository(tmp_path / "repo", "cleaner-fix", rev, env)
    document = repo / "corpus" / SEED
    document.parent.mkdir()
    document.write_bytes(_at_head(rev, f"fixtures/input/{SEED}"))

    refused = _commit(repo, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert f"corpus/{SEED}: fixed (" in output
    assert "files were modified by this hook" in output
    assert _commits(repo, env) == 1
    assert document.read_bytes() == _at_head(rev, f"fixtures/expected/{SEED}")

    accepted = _commit(repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _commits(repo, env) == 2
    committed = _run("git", "show", f"HEAD:corpus/{SEED}", cwd=repo, env=env).stdout
    assert committed.encode("utf-8") == _at_head(rev, f"fixtures/expected/{SEED}")


def test_cleaner_check_refuses_a_dirty_file_says_where_and_changes_nothing(
    tmp_path: Path, env: dict[str, str]
) -> None:
    rev = _head()
    repo = _repository(tmp_path / "repo", "cleaner-check", rev, env)
    document = repo / "corpus" / SEED
    document.parent.mkdir()
    dirty = _at_head(rev, f"fixtures/input/{SEED}")
    document.write_bytes(dirty)

    refused = _commit(repo, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    findings = re.findall(rf"^corpus/{re.escape(SEED)}:(\d+): \S+ \S+: .+$", output, re.M)
    assert findings and all(1 <= int(line) <= dirty.count(b"\n") + 1 for line in findings)
    assert document.read_bytes() == dirty
    assert _commits(repo, env) == 1

    document.write_bytes(_at_head(rev, f"fixtures/expected/{SEED}"))
    accepted = _commit(repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _commits(repo, env) == 2
