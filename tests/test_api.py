"""The library face: Cleaner and Result, bounds, pickling, threads, streams in order."""

from __future__ import annotations

import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from cleaner import Cleaner, Config, Limits
from cleaner.core import registry
from cleaner.core.restore import restore
from tests.conftest import FIXTURES

SEEDS = sorted((FIXTURES / "input").glob("*.txt"))
EXPECTED = FIXTURES / "expected"


def _cleaner() -> Cleaner:
    return Cleaner()


_SHARED = _cleaner()


def test_clean_bytes_gives_the_fixture_output_and_its_log() -> None:
    for seed in SEEDS:
        result = _SHARED.clean(seed.read_bytes(), seed.name)
        assert result.status == "cleaned" and result.ok and result.message == ""
        assert result.text == (EXPECTED / seed.name).read_text(encoding="utf-8")
        assert result.changed and all(r.doc == seed.name for r in result.edits)
        assert restore(result.text, list(result.edits)) == seed.read_text(encoding="utf-8")


def test_metadata_reports_the_encoding_of_bytes() -> None:
    result = _SHARED.clean("Grüße aus Köln\n".encode("cp1252"), "legacy")
    assert result.text == "Grüße aus Köln\n"
    assert result.metadata["encoding"] == "cp1252"


def test_bytes_that_are_not_text_are_refused_with_the_reason() -> None:
    result = _SHARED.clean(b"%PDF-1.7\n" + bytes(range(256)) * 8, "scan.pdf")
    assert result.status == "not-text" and result.text is None and not result.ok
    assert "PDF" in result.message


def test_too_large_str_is_returned_unchanged_and_bytes_are_not_decoded() -> None:
    small = Cleaner(Config(limits=Limits(max_bytes=100)))
    text = "Teilen auf Facebook\n" + "word " * 30
    result = small.clean(text, "big")
    assert (result.status, result.text, result.edits) == ("too-large", text, ())
    assert "170 bytes, limit 100" in result.message
    assert small.clean(text.encode(), "big").text is None
    # Multi-byte text is measured in UTF-8 bytes, not characters.
    assert small.clean("ü" * 60).status == "too-large"
    assert small.clean("ü" * 40).status == "cleaned"


def test_time_bound_stops_between_passes_and_the_log_still_restores() -> None:
    hurried = Cleaner(Config(limits=Limits(max_seconds=1e-9)))
    text = "Teilen auf Facebook\r\nDer Rat tagte bis spät in die Nacht.\r\n"
    result = hurried.clean(text, "slow")
    assert result.status == "stopped" and "time limit" in result.message
    assert result.text == text  # stopped before the first text pass
    assert [r.rule for r in result.edits] == ["limits.time"]
    assert "'html'" in result.edits[0].reason
    assert restore(result.text, list(result.edits)) == text


def test_bounds_can_be_switched_off() -> None:
    unbounded = Cleaner(Config(limits=Limits(max_bytes=None, max_seconds=None)))
    assert unbounded.clean("a\n").status == "cleaned"


def test_a_pickled_cleaner_cleans_in_a_worker_process() -> None:
    configured = Cleaner(Config(passes=("decode", "repair", "normalize")))
    payload = pickle.dumps(configured)
    assert len(payload) < 2000  # its configuration, not compiled rules
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        remote = pool.submit(_clean_remotely, payload, b"K\xc3\x83\xc2\xb6ln  \n").result()
    assert remote == ("Köln\n", "cleaned")


def _clean_remotely(payload: bytes, data: bytes) -> tuple[str | None, str]:
    result = pickle.loads(payload).clean(data)
    return result.text, result.status


def test_threads_sharing_one_cleaner_get_the_serial_results() -> None:
    inputs = [seed.read_bytes() for seed in SEEDS] * 4
    serial = [_SHARED.clean(data).text for data in inputs]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda data: _SHARED.clean(data).text, inputs))
    assert threaded == serial


def test_clean_many_streams_in_order_with_any_number_of_jobs() -> None:
    items = [("a", "Teilen auf Facebook\nDer Rat tagte.\n"), "plain text\n", b"caf\xe9\n"]
    items += [(f"seed-{n}", seed.read_bytes()) for n, seed in enumerate(SEEDS)]
    one = list(_SHARED.clean_many(items))
    two = list(_SHARED.clean_many(iter(items), jobs=2))
    assert [r.id for r in one] == ["a", "1", "2"] + [f"seed-{n}" for n in range(len(SEEDS))]
    assert [(r.id, r.text, r.edits) for r in two] == [(r.id, r.text, r.edits) for r in one]
    assert one[0].text == "Der Rat tagte.\n" and one[2].text == "café\n"


def test_a_pass_that_raises_fails_that_document_only(monkeypatch) -> None:
    class Broken:
        name = "broken"

        def edits(self, doc):
            raise RuntimeError("boom")

    monkeypatch.setitem(registry._REGISTRY, "broken", Broken)
    cleaner = Cleaner(Config(passes=("decode", "normalize", "broken")))
    result = cleaner.clean("Text.\n", "d1")
    assert (result.status, result.text, result.ok) == ("failed", "Text.\n", False)
    assert result.message.startswith("internal error: RuntimeError: boom (at test_api.py:")
    assert cleaner.clean(b"Text.\n").text is None  # bytes: nothing decoded is handed back


# --- a caller's mistakes are the caller's errors ---------------------------------------------


@pytest.mark.parametrize("data", [None, 42, 3.5, ["a"], {"text": "a"}])
def test_clean_refuses_what_is_not_text_or_bytes_naming_its_type(data: object) -> None:
    with pytest.raises(TypeError, match=rf"str or bytes, not {type(data).__name__}$"):
        _SHARED.clean(data)  # type: ignore[arg-type]


def test_clean_refuses_an_id_that_is_not_a_string() -> None:
    with pytest.raises(TypeError, match="id must be a str, not int"):
        _SHARED.clean("text\n", 7)  # type: ignore[arg-type]


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_many_names_the_item_of_the_wrong_type(jobs: int) -> None:
    items = ["fine\n", ("id", "fine\n"), ("id", None)]
    with pytest.raises(TypeError, match=r"item 2: .*str or bytes, not NoneType"):
        list(_SHARED.clean_many(items, jobs=jobs))
    with pytest.raises(TypeError, match=r"item 0: .*\(id, text\) pair, not a tuple of 3"):
        list(_SHARED.clean_many([("a", "b", "c")], jobs=jobs))


# --- clean_many from a script ------------------------------------------------------------------

UNGUARDED = """\
{prelude}
from cleaner import Cleaner, Config

cleaner = Cleaner(Config(passes=("decode", "normalize")))
texts = ["a  \\n", ("id-7", "b\\r\\n")] * 5
print([r.text for r in cleaner.clean_many(texts, jobs=2)][:2])
"""

#: A thread running when the workers start makes fork unsafe, so spawn is used.
THREAD = """\
import threading, time
threading.Thread(target=time.sleep, args=(60,), daemon=True).start()"""


def _run_script(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "job.py"
    script.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )


def test_clean_many_with_jobs_runs_from_a_script_without_a_main_guard(tmp_path: Path) -> None:
    """Where fork is safe (Linux, one thread), workers do not import the script again."""
    done = _run_script(tmp_path, UNGUARDED.format(prelude=""))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['a\\n', 'b\\n']\n"


def test_clean_many_under_spawn_from_an_unguarded_script_says_what_to_do(tmp_path: Path) -> None:
    source = UNGUARDED.format(prelude=THREAD)
    done = _run_script(tmp_path, source)
    line = next(n for n, text in enumerate(source.splitlines(), 1) if "clean_many" in text)
    assert done.returncode == 1
    assert "BrokenProcessPool" not in done.stderr and "bootstrapping" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("cleaner.core.startmethod.UnguardedScriptError: clean_many(jobs=2)")
    assert f"{tmp_path / 'job.py'}, line {line}" in last
    assert 'if __name__ == "__main__":' in last


def test_clean_many_under_spawn_from_a_guarded_script_runs(tmp_path: Path) -> None:
    guarded = 'if __name__ == "__main__":\n    print('
    body = UNGUARDED.format(prelude=THREAD).replace("print(", guarded)
    done = _run_script(tmp_path, body)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['a\\n', 'b\\n']\n"
