"""The README's examples, run as a reader would run them: each Python block saved as a
script and started in a fresh interpreter, the first command of "Two commands" with its
output compared to the fixtures, and the configuration example loaded as a cleaner.toml."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from cleaner.core.config import Config
from cleaner.text.linemodel import SHIPPED
from tests.conftest import FIXTURES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, re.S | re.M)


def _workspace(tmp_path: Path) -> Path:
    """A folder like the repository root for the examples: the fixtures beside them."""
    (tmp_path / "fixtures").symlink_to(FIXTURES, target_is_directory=True)
    return tmp_path


PYTHON_BLOCKS = blocks("python")


def test_the_readme_has_the_examples_these_tests_run() -> None:
    assert len(PYTHON_BLOCKS) >= 2  # the library and the datatrove example
    assert any("clean_many" in code for code in PYTHON_BLOCKS)
    assert any("CleanerStep" in code for code in PYTHON_BLOCKS)


@pytest.mark.parametrize("index", range(len(PYTHON_BLOCKS)))
def test_each_python_example_runs_as_a_script(tmp_path: Path, index: int) -> None:
    """As written: no main guard added, run as ``python example.py`` from the root."""
    work = _workspace(tmp_path)
    (work / "example.py").write_text(PYTHON_BLOCKS[index], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "example.py"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_the_first_command_cleans_the_bundled_corpus_into_the_expected_texts(
    tmp_path: Path,
) -> None:
    command = blocks("sh")[0].strip().split(" && ")[-1]  # after the venv and the install
    assert command.startswith(".venv/bin/cleaner clean ")
    work = _workspace(tmp_path)
    args = shlex.split(command)[1:]
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", *args], cwd=work, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    for expected in sorted((FIXTURES / "expected").glob("*.txt")):
        assert (work / "out" / "clean" / expected.name).read_bytes() == expected.read_bytes()
    log = (work / "out" / "removals.jsonl").read_bytes()
    assert log == b"".join(p.read_bytes() for p in sorted((FIXTURES / "expected").glob("*.jsonl")))


def test_the_configuration_example_is_a_valid_cleaner_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [example] = blocks("toml")
    # The example's own line model: a copy of the shipped one, where it names it (the
    # model's path is taken from the current folder).
    monkeypatch.chdir(tmp_path)
    shipped = resources.files("cleaner.models").joinpath(SHIPPED).read_bytes()
    (tmp_path / "my-lines.json.gz").write_bytes(shipped)
    (tmp_path / "my-rules").mkdir()
    (tmp_path / "my-rules" / "site.toml").write_text(
        '[[rule]]\nid = "site.next"\ncategory = "nav"\nscope = "line"\n'
        'phrases = ["Zum Nächsten"]\nremove = ["Zum Nächsten"]\n',
        encoding="utf-8",
    )
    (tmp_path / "cleaner.toml").write_text(example, encoding="utf-8")
    config = Config.from_file(tmp_path / "cleaner.toml")
    assert "html" in config.passes
