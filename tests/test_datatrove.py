"""The datatrove step: same texts as the library, metadata per document, stats, pickling."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="the datatrove extra is not installed")

import dill  # datatrove ships pipelines to Slurm with dill
from click.testing import CliRunner
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import DEFAULT_PASSES, Cleaner, Config, Limits, Pipeline, Result
from cleaner.cli import main
from cleaner.integrations.datatrove import CleanerStep, rule_counts
from tests.conftest import FIXTURES, ROOT

SEEDS = sorted((FIXTURES / "input").glob("*.txt"))
EXPECTED = FIXTURES / "expected"
LIBRARY = Cleaner()


def url(doc_id: str) -> str:
    return f"https://example.org/news/{doc_id}"


def write_corpus(folder: Path) -> dict[str, str]:
    """The seeds as JSON Lines in two files (so two tasks both get work); id -> text."""
    folder.mkdir()
    texts = {seed.name: seed.read_text(encoding="utf-8") for seed in SEEDS}
    for part, names in enumerate((list(texts)[:3], list(texts)[3:])):
        with (folder / f"part-{part}.jsonl").open("w", encoding="utf-8") as stream:
            for name in names:
                row = {"id": name, "text": texts[name], "url": url(name)}
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    return texts


def run_pipeline(tmp_path: Path, step: CleanerStep, workers: int) -> dict[str, dict[str, Any]]:
    """JsonlReader -> step -> JsonlWriter over two tasks; the output rows by id."""
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "corpus"), add_file_path=False),
            step,
            JsonlWriter(str(tmp_path / "out"), compression=None, expand_metadata=True),
        ],
        tasks=2,
        workers=workers,
        logging_dir=str(tmp_path / "logs"),
        # Tasks still reach the workers pickled by dill; fork only spares each
        # worker a fresh interpreter (4 s against 29 s on a busy 2-core machine).
        start_method="fork",
    ).run()
    rows = [
        json.loads(line)
        for path in sorted((tmp_path / "out").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    return {row["id"]: row for row in rows}


def test_two_worker_processes_give_the_library_text_and_the_log_per_document(
    tmp_path: Path,
) -> None:
    """Two tasks in two processes: the step reaches each worker through dill."""
    texts = write_corpus(tmp_path / "corpus")
    rows = run_pipeline(tmp_path, CleanerStep(log="full"), workers=2)
    assert set(rows) == set(texts)
    for doc_id, text in texts.items():
        row, result = rows[doc_id], LIBRARY.clean(text, doc_id)
        assert row["text"] == result.text == (EXPECTED / doc_id).read_text(encoding="utf-8")
        assert set(row) == {"id", "text", "url", "cleaner"} and row["url"] == url(doc_id)
        outcome = row["cleaner"]
        assert (outcome["status"], outcome["message"]) == ("cleaned", "")
        assert outcome["log"] == [record.to_dict() for record in result.edits]
        assert {record["doc"] for record in outcome["log"]} == {doc_id}
        assert outcome["rules"] == rule_counts(result.edits)
        removed = len(text) - len(row["text"])
        assert outcome["chars_removed"] == removed > 0
        assert sum(entry["chars_removed"] for entry in outcome["rules"]) == removed
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    counts = next(s["stats"] for s in stats if s["name"] == str(CleanerStep()))
    assert counts["total"] == counts["cleaned"] == counts["changed"] == len(texts)
    assert counts["flagged_offtopic"] == len(texts)  # every seed has a flagged tail
    executor = json.loads((tmp_path / "logs" / "executor.json").read_text(encoding="utf-8"))
    assert executor["pipeline"][1]["config"]["passes"] == list(Config().passes)  # provenance


def test_the_summary_counts_spans_and_net_chars_per_rule() -> None:
    text = "Teilen auf Facebook\nDer Rat tagte bis sp\u00c3\u00a4t.\n"  # mojibake of ä
    [doc] = CleanerStep().run(iter([Document(text=text, id="doc")]))
    assert doc.text == "Der Rat tagte bis spät.\n"
    assert doc.metadata["cleaner"] == {
        "status": "cleaned",
        "message": "",
        "chars_removed": 21,
        "rules": [
            {
                "rule": "repair.mojibake",
                "category": "encoding",
                "edits": 1,
                "flags": 0,
                "chars_removed": 1,
            },
            {
                "rule": "de.social.share",
                "category": "social",
                "edits": 1,
                "flags": 0,
                "chars_removed": 20,
            },
        ],
    }


def test_the_command_line_gives_the_same_texts_and_log_as_the_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)  # no cleaner.toml of the repository's in the way
    cli = CliRunner().invoke(main, ["clean", "corpus", "-o", "out", "--log", "log.jsonl"])
    assert cli.exit_code == 0, cli.stderr
    cli_rows = [
        json.loads(line)
        for path in sorted((tmp_path / "out").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    cli_log = [json.loads(line) for line in Path("log.jsonl").read_text("utf-8").splitlines()]
    reader = JsonlReader(str(tmp_path / "corpus"), add_file_path=False)
    docs = list(CleanerStep(log="full").run(reader.run()))
    assert [(row["id"], row["text"]) for row in cli_rows] == [(d.id, d.text) for d in docs]
    assert cli_log == [record for doc in docs for record in doc.metadata["cleaner"]["log"]]


def test_log_none_keeps_only_the_status() -> None:
    text = SEEDS[2].read_text(encoding="utf-8")
    [doc] = CleanerStep(log="none").run(iter([Document(text=text, id="seed")]))
    assert doc.metadata == {"cleaner": {"status": "cleaned", "message": ""}}
    assert doc.text == (EXPECTED / SEEDS[2].name).read_text(encoding="utf-8")


@pytest.mark.parametrize("dumps, loads", [(pickle.dumps, pickle.loads), (dill.dumps, dill.loads)])
def test_the_step_pickles_as_its_configuration(dumps, loads) -> None:
    config = Config(limits=Limits(max_bytes=10_000))
    step = CleanerStep(config, log="summary")
    shipped = dumps(step)
    assert len(shipped) < 5_000  # the config, not compiled rules
    copy = loads(shipped)
    assert copy.cleaner.config == config and copy.log == "summary"
    text = SEEDS[1].read_text(encoding="utf-8")
    [doc] = copy.run(iter([Document(text=text, id="seed")]))
    assert doc.text == LIBRARY.clean(text, "seed").text


def test_a_document_that_is_not_cleaned_keeps_its_text_and_is_counted() -> None:
    step = CleanerStep(Config(limits=Limits(max_bytes=100)))
    long_text = "Teilen auf Facebook\n" + "Der Rat tagte lange. " * 10
    short_text = "Teilen auf Facebook\nDer Rat tagte.\n"
    docs = [Document(text=long_text, id="long"), Document(text=short_text, id="short")]
    long_doc, short_doc = step.run(iter(docs))
    assert long_doc.text == long_text
    assert long_doc.metadata["cleaner"]["status"] == "too-large"
    assert "limit 100" in long_doc.metadata["cleaner"]["message"]
    assert long_doc.metadata["cleaner"]["rules"] == []
    assert short_doc.text == "Der Rat tagte.\n"
    assert step.stats["too-large"].total == 1 and step.stats["cleaned"].total == 1
    assert step.stats["changed"].total == 1


def test_a_stopped_document_keeps_its_original_text_not_the_half_cleaned_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    step = CleanerStep(log="full")
    text = "Teilen auf Facebook\nDer Rat tagte.\n"
    half_done = LIBRARY.clean(text, "slow")
    stopped = Result(
        "slow", half_done.text, half_done.edits, status="stopped", message="time limit of 5 s"
    )
    monkeypatch.setattr(step.cleaner, "clean", lambda data, doc_id: stopped)
    [doc] = step.run(iter([Document(text=text, id="slow")]))
    assert doc.text == text != half_done.text
    assert doc.metadata["cleaner"] == {
        "status": "stopped",
        "message": "time limit of 5 s",
        "chars_removed": 0,
        "rules": [],
        "log": [],
    }
    assert step.stats["stopped"].total == 1 and "changed" not in step.stats.stats


ALL_BOILERPLATE = "Teilen auf Facebook\nAnzeige\n"


def test_an_emptied_document_is_kept_and_counted_by_default() -> None:
    step = CleanerStep()
    [doc] = step.run(iter([Document(text=ALL_BOILERPLATE, id="ads")]))
    assert doc.text == ""
    rules = {entry["rule"]: entry for entry in doc.metadata["cleaner"]["rules"]}
    assert rules["safety.removed-share"]["flags"] == 1
    assert step.stats["empty"].total == 1 and step.stats["forwarded"].total == 1
    assert step.stats["flagged_safety"].total == 1


def test_drop_empty_sends_the_original_text_to_the_exclusion_writer(tmp_path: Path) -> None:
    excluded = JsonlWriter(str(tmp_path / "excluded"), compression=None)
    step = CleanerStep(drop_empty=True, exclusion_writer=excluded)
    docs = [Document(text=ALL_BOILERPLATE, id="ads"), Document(text="Der Rat tagte.\n", id="ok")]
    assert [doc.id for doc in step.run(iter(docs))] == ["ok"]
    [line] = (tmp_path / "excluded" / "00000.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(line)
    assert (row["id"], row["text"]) == ("ads", ALL_BOILERPLATE)
    assert row["metadata"]["filter_reason"] == "empty"
    assert row["metadata"]["cleaner"]["chars_removed"] == len(ALL_BOILERPLATE)
    assert step.stats["dropped_empty"].total == 1 and step.stats["forwarded"].total == 1


def test_bad_options_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="log must be one of none, summary, full, not 'all'"):
        CleanerStep(log="all")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="set drop_empty=True"):
        CleanerStep(exclusion_writer=JsonlWriter("unused"))


# --- a pass of your own reaches the workers; the driver builds nothing --------------------------

SHOUT = """\
from cleaner.core.edits import Edit
from cleaner.passes import register


@register("shout")
class Shout:
    name = "shout"

    def edits(self, doc):
        return [Edit(0, len(doc.text), doc.text.upper(), "shout.all", "normalize")]
"""


def _python(cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter: nothing registered but what unpickling brings."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300
    )


UNPICKLE_AND_RUN = """\
import {module}, sys
from datatrove.data import Document
step = {module}.load(open("step.pkl", "rb"))
[doc] = step.run(iter([Document(text="Der Rat tagte.\\n", id="d")]))
print(doc.text, end="")
"""


@pytest.mark.parametrize("module", ["pickle", "dill"])
def test_a_pass_from_a_module_of_the_driver_is_imported_where_the_step_is_unpickled(
    tmp_path: Path, module: str
) -> None:
    """The driver script imports its pass from a file beside it; the worker, a fresh
    interpreter, only unpickles the step (dill as datatrove's Slurm executor calls it)."""
    (tmp_path / "shout_pass.py").write_text(SHOUT, encoding="utf-8")
    (tmp_path / "driver.py").write_text(
        f"import {module}, shout_pass\nfrom dill import CONTENTS_FMODE\n"
        "from cleaner import Config\nfrom cleaner.datatrove import CleanerStep\n"
        'step = CleanerStep(Config(passes=("decode", "shout")))\n'
        'with open("step.pkl", "wb") as out:\n'
        f"    {module}.dump(step, out{', fmode=CONTENTS_FMODE' if module == 'dill' else ''})\n",
        encoding="utf-8",
    )
    driver = subprocess.run(
        [sys.executable, "driver.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert driver.returncode == 0, driver.stderr
    worker = _python(tmp_path, UNPICKLE_AND_RUN.format(module=module))
    assert worker.returncode == 0, worker.stderr
    assert worker.stdout == "DER RAT TAGTE.\n"


def test_the_step_builds_its_pipeline_on_first_use_not_in_the_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[str, ...]] = []
    original = Pipeline.__init__

    def counting(self: Pipeline, passes: Any = DEFAULT_PASSES, *args: Any, **kwargs: Any) -> None:
        built.append(tuple(passes))
        original(self, passes, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "__init__", counting)
    toml = tmp_path / "cleaner.toml"
    toml.write_text('passes = ["decode", "rules"]\n[rules]\ndisable_categories = ["nav"]\n')
    steps = [CleanerStep(), CleanerStep(toml), CleanerStep(Config(), log="full")]
    shipped = [pickle.loads(pickle.dumps(step)) for step in steps]
    assert built == []  # defined, validated and pickled: nothing compiled
    [doc] = shipped[1].run(iter([Document(text="Teilen auf Facebook\nDer Rat.\n", id="d")]))
    assert doc.text == "Der Rat.\n" and built == [("decode", "rules")]


def test_the_step_still_refuses_a_bad_configuration_in_the_driver(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown pass 'shout'"):
        CleanerStep(Config(passes=("decode", "shout")))
    toml = tmp_path / "cleaner.toml"
    toml.write_text("[rules]\ndisable_categoris = ['nav']\n")
    with pytest.raises(ValueError, match="disable_categoris"):
        CleanerStep(toml)


# --- under datatrove's Ray executor ------------------------------------------------------------

RAY_DRIVER = """\
import json, os
import ray, shout_pass
from datatrove.executor.ray import RayPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from cleaner import Config
from cleaner.datatrove import CleanerStep

if __name__ == "__main__":
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    RayPipelineExecutor(
        pipeline=[
            JsonlReader(os.path.abspath("corpus")),
            CleanerStep(Config(passes=("decode", "shout"))),
            JsonlWriter(os.path.abspath("clean"), compression=None),
        ],
        tasks=2,
        logging_dir=os.path.abspath("logs"),
        mem_per_cpu_gb=0.5,
    ).run()
"""


def test_the_step_runs_under_datatroves_ray_executor_with_a_pass_of_the_driver(
    tmp_path: Path,
) -> None:
    """Two Ray tasks on a local Ray cluster; the pass comes from a module beside the driver,
    which the Ray workers import when they unpickle the step (cloudpickle)."""
    pytest.importorskip("ray", reason="ray is not installed")
    texts = write_corpus(tmp_path / "corpus")
    (tmp_path / "shout_pass.py").write_text(SHOUT, encoding="utf-8")
    (tmp_path / "driver.py").write_text(RAY_DRIVER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "driver.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [
        json.loads(line)
        for path in sorted((tmp_path / "clean").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert sorted(row["id"] for row in rows) == sorted(texts)
    for row in rows:
        assert row["text"] == texts[row["id"]].upper()
        assert row["metadata"]["cleaner"]["status"] == "cleaned"
