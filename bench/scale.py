"""Scale benchmark of ``cleaner clean``: time, throughput and peak memory on large corpora.

    python bench/scale.py all WORK        # generate, then PLAN (below), then the table
    python bench/scale.py generate WORK [--files 3000,100000] [--jsonl-mb 10,1000]
    python bench/scale.py run WORK CORPUS [-j 2] [--repeat 3] [--passes decode]
    python bench/scale.py resume WORK CORPUS [-j 2] [--at 0.9] [--passes decode]
    python bench/scale.py table WORK

``generate`` writes the corpora into WORK, a folder outside the repository
(nothing generated is ever committed): a tree of small files, about 100 per
folder two levels deep (the smaller trees are hard links to the first files of
the largest), and JSON Lines files written a line at a time, each a prefix of
the next larger. Documents are windows of real text (the seeds, plaintext-eval,
the scrapinghub-aeb article bodies, three Gutenberg books); some have
boilerplate lines from trafilatura-eval's annotations put in, some are turned
to mojibake (UTF-8 read as Windows-1252), some files are in Windows-1252.
Document ``i`` depends on ``i`` alone, so a corpus is the same every time.

``run`` cleans a corpus with ``python -m cleaner clean CORPUS -o OUT --log LOG
--no-progress -j N`` in a fresh process and measures wall and CPU time, MB/s,
documents/s and peak memory: the main process and the largest worker (each
one's VmHWM from /proc, polled), the largest sum of the tree's resident sizes
seen, and the largest single process as the kernel counted it (``wait4``'s
ru_maxrss: exact, but never below this script's own size when it started the
run, which Linux carries from fork across exec). It hashes the output tree and
the log, so runs with any ``-j`` can be checked for identical bytes. ``resume``
kills a run with SIGKILL once a share of its files is journaled, resumes it
with ``--resume``, and hashes the result like an uninterrupted run's. Every
result is a line of WORK/results.jsonl; ``table`` prints medians.

The code measured is a ``git archive`` of one commit (``--commit``, default
HEAD) unpacked into WORK, so what others change in the working tree meanwhile
stays out of the figures; ``--code DIR`` measures a folder instead. Each run is
its own session: with the kernel's autogroup scheduling a busy machine gives
it one share of the CPUs however many workers it has. PYTHONHASHSEED is left
as it is (random), so output that depends on set order shows as "NO".
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import io
import json
import math
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared/benchmarks"
FILES_PER_FOLDER = 100
POLL_SECONDS = 0.1
MIB = 1024 * 1024

codecs.register_error(
    "bench-latin1", lambda e: (e.object[e.start : e.end].decode("latin-1"), e.end)
)


# --- the text the documents are cut from ------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """Source texts as lists of lines, and real boilerplate lines to put into them."""

    texts: list[tuple[str, list[str]]]
    boilerplate: list[str]


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def load_pool() -> Pool:
    """Every text the corpora are made of; fails early, naming what is missing."""
    named: list[tuple[str, str]] = []
    named += [(f"seed-{p.stem[:3]}", _read(p)) for p in sorted((ROOT / "fixtures/input").iterdir())]
    plaintext = SHARED / "plaintext-eval/docs"
    named += [(p.stem, _read(p)) for p in sorted(plaintext.glob("*.txt"))]
    truth = json.loads((SHARED / "scrapinghub-aeb/ground-truth.json").read_text("utf-8"))
    named += [(f"aeb-{k[:8]}", v["articleBody"]) for k, v in sorted(truth.items())]
    for book in ("pg11", "pg22367", "pg11430"):
        named.append((book, _read(SHARED / f"encoding/gutenberg/{book}.txt")))
    gold = json.loads((SHARED / "trafilatura-eval/gold.json").read_text("utf-8"))
    snippets = sorted({s.strip() for page in gold.values() for s in page["without"]})
    boilerplate = [s for s in snippets if 8 <= len(s) <= 160 and "\n" not in s]
    texts = [(name, text.splitlines(keepends=True)) for name, text in named if text.strip()]
    return Pool(texts, boilerplate)


@dataclass(frozen=True)
class Document:
    source: str
    text: str
    damage: tuple[str, ...]


def make_document(pool: Pool, index: int) -> Document:
    """Document ``index``: a window of 300 B to 8 KB of one text, maybe with boilerplate
    lines put in and maybe turned to mojibake; the same for the same index, always."""
    rng = random.Random(index)
    source, lines = pool.texts[rng.randrange(len(pool.texts))]
    target = math.exp(rng.uniform(math.log(300), math.log(8000)))
    start = rng.randrange(len(lines))
    window: list[str] = []
    size = 0
    for line in lines[start:] + lines[:start]:
        window.append(line)
        size += len(line)
        if size >= target:
            break
    damage: list[str] = []
    if rng.random() < 0.3:
        damage.append("boilerplate")
        for _ in range(rng.randint(1, 3)):
            line = pool.boilerplate[rng.randrange(len(pool.boilerplate))] + "\n"
            window.insert(rng.choice([0, len(window), rng.randint(0, len(window))]), line)
    text = "".join(window)
    if rng.random() < 0.12:
        damage.append("mojibake")
        text = text.encode("utf-8").decode("cp1252", errors="bench-latin1")
    return Document(source, text, tuple(damage))


# --- generating the corpora -------------------------------------------------------------------


def _file_path(root: Path, index: int, source: str) -> Path:
    folder = index // FILES_PER_FOLDER
    return root / f"a{folder // 100:03d}" / f"b{folder % 100:02d}" / f"{index:07d}-{source}.txt"


def _file_bytes(doc: Document, index: int) -> bytes:
    """UTF-8, or for one file in twenty Windows-1252 when the text fits it."""
    if index % 20 == 7 and "mojibake" not in doc.damage:
        try:
            return doc.text.encode("cp1252")
        except UnicodeEncodeError:
            pass
    return doc.text.encode("utf-8")


def generate_files(pool: Pool, work: Path, counts: list[int]) -> dict[str, dict[str, int]]:
    """The largest tree written, the others hard links to its first files."""
    largest = max(counts)
    root = work / f"files-{largest}"
    paths: list[Path] = []
    sizes: list[int] = []
    for index in range(largest):
        doc = make_document(pool, index)
        path = _file_path(root, index, doc.source)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _file_bytes(doc, index)
        path.write_bytes(data)
        paths.append(path.relative_to(root))
        sizes.append(len(data))
    corpora = {root.name: {"bytes": sum(sizes), "documents": largest}}
    for count in sorted(set(counts) - {largest}):
        smaller = work / f"files-{count}"
        for relative in paths[:count]:
            (smaller / relative).parent.mkdir(parents=True, exist_ok=True)
            os.link(root / relative, smaller / relative)
        corpora[smaller.name] = {"bytes": sum(sizes[:count]), "documents": count}
    return corpora


def generate_jsonl(pool: Pool, work: Path, megabytes: list[int]) -> dict[str, dict[str, int]]:
    """All sizes in one pass, line by line: each file is a prefix of the next larger one."""
    targets = {mb: work / f"docs-{mb}MB.jsonl" for mb in sorted(megabytes)}
    streams = {mb: path.open("wb") for mb, path in targets.items()}
    written = dict.fromkeys(targets, 0)
    lines = dict.fromkeys(targets, 0)
    index = 0
    while streams:
        doc = make_document(pool, index)
        record = {
            "id": f"doc-{index:09d}",
            "text": doc.text,
            "url": f"https://example.org/{doc.source}/{index}",
            "meta": {"source": doc.source, "damage": list(doc.damage)},
        }
        line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
        for mb in list(streams):
            streams[mb].write(line)
            written[mb] += len(line)
            lines[mb] += 1
            if written[mb] >= mb * 1_000_000:
                streams.pop(mb).close()
        index += 1
    return {p.name: {"bytes": written[mb], "documents": lines[mb]} for mb, p in targets.items()}


def generate(work: Path, files: list[int], jsonl_mb: list[int]) -> None:
    if work.resolve().is_relative_to(ROOT):
        sys.exit(f"scale: {work} is inside the repository; generated data must stay outside it")
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    corpora = _corpora(work)
    files = [] if all(f"files-{n}" in corpora for n in files) else files
    jsonl_mb = [] if all(f"docs-{mb}MB.jsonl" in corpora for mb in jsonl_mb) else jsonl_mb
    clashes = [p.name for p in _targets(work, files, jsonl_mb) if p.exists()]
    if clashes:
        sys.exit(
            f"scale: {', '.join(clashes)} already in {work}: remove them or use another folder"
        )
    if files or jsonl_mb:  # the pool is large, and a child's ru_maxrss starts at our size
        try:
            pool = load_pool()
        except OSError as error:
            sys.exit(f"scale: cannot read {error.filename}: {error.strerror} (see {SHARED})")
        corpora |= generate_files(pool, work, files) if files else {}
        corpora |= generate_jsonl(pool, work, jsonl_mb) if jsonl_mb else {}
    (work / "corpora.json").write_text(json.dumps(corpora, indent=1))
    for name, info in corpora.items():
        print(f"{name}: {info['documents']:,} documents, {info['bytes'] / 1e6:,.1f} MB")
    print(f"generated in {time.monotonic() - started:.0f} s")


def _targets(work: Path, files: list[int], jsonl_mb: list[int]) -> list[Path]:
    return [work / f"files-{n}" for n in files] + [work / f"docs-{mb}MB.jsonl" for mb in jsonl_mb]


def _corpora(work: Path) -> dict[str, dict[str, int]]:
    path = work / "corpora.json"
    return json.loads(path.read_text()) if path.exists() else {}


# --- the code under test ----------------------------------------------------------------------


def code_folder(work: Path, commit: str, code: Path | None) -> tuple[Path, str]:
    """The folder to put on PYTHONPATH, and what it is (a commit, or a dirty folder)."""
    if code is not None:
        return code.resolve(), f"dir:{code.resolve().name}"
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", commit], check=True, capture_output=True, text=True
    ).stdout.strip()
    folder = work / f"code-{sha[:12]}"
    if not folder.exists():
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", sha, "cleaner", "rules"],
            check=True,
            capture_output=True,
        ).stdout
        partial = folder.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(partial, filter="tar")
        partial.rename(folder)
    return folder, sha[:12]


# --- measuring one run ------------------------------------------------------------------------


@dataclass
class Memory:
    """Peaks over a run, in bytes; ``tree`` is the largest sum seen at one poll."""

    main: int = 0
    worker: int = 0
    tree: int = 0
    kernel: int = 0  # wait4's ru_maxrss: the largest single process, exact, but see spawner
    spawner: int = 0  # our own RSS at the fork, which Linux carries into the child's ru_maxrss
    cpu: float = 0.0  # seconds of CPU, user and system, of the whole tree (wait4)


def _status(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of ``pid`` in bytes; empty once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    found = re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", text, re.M)
    return {key: int(value) * 1024 for key, value in found}


def _descendants(pid: int) -> Iterator[int]:
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            yield child
            yield from _descendants(child)


def _is_worker(pid: int) -> bool:
    """A process of the pool: forked ones share the command line of the run, spawned ones
    run spawn_main; spawn's resource tracker is neither."""
    try:
        return b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _sample(pid: int, memory: Memory, workers: dict[int, bool]) -> None:
    total = 0
    for member in [pid, *_descendants(pid)]:
        status = _status(member)
        if not status:
            continue
        total += status.get("VmRSS", 0)
        peak = status.get("VmHWM", 0)
        if member == pid:
            memory.main = max(memory.main, peak)
        elif workers.setdefault(member, _is_worker(member)):
            memory.worker = max(memory.worker, peak)
    memory.tree = max(memory.tree, total)


@dataclass
class Finished:
    seconds: float
    code: int
    memory: Memory
    workers: int


def measure(command: list[str], env: dict[str, str], cwd: Path, stderr: Path) -> Finished:
    """Run ``command`` in its own session, polling its process tree until it exits."""
    memory = Memory(spawner=_status(os.getpid()).get("VmRSS", 0))
    workers: dict[int, bool] = {}
    started = time.monotonic()
    with stderr.open("wb") as errors:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=errors, stderr=errors, start_new_session=True
        )
        try:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                _sample(process.pid, memory, workers)
                time.sleep(POLL_SECONDS)
        except BaseException:  # Ctrl-C here: the run is in its own session, so end it too
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    process.returncode = os.waitstatus_to_exitcode(status)
    memory.kernel = usage.ru_maxrss * 1024
    memory.cpu = usage.ru_utime + usage.ru_stime
    return Finished(time.monotonic() - started, process.returncode, memory, sum(workers.values()))


#: The names cleaner gives its temporary outputs (``tempfile.mkstemp`` beside the target),
#: as ``cleaner.corpus.files._TEMPORARY`` matches them.
TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def tree_digest(path: Path, skip_temporary: bool = False) -> str:
    """SHA-256 over the sorted relative paths and contents of every file under ``path``."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    files = [f for f in files if not (skip_temporary and TEMPORARY.fullmatch(f.name))]
    for file in files:
        if file != path:
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


_SUMMARY = re.compile(r"cleaner: (\d+) files cleaned \((\d+) documents")


@dataclass
class Result:
    """One measured run, as a line of results.jsonl."""

    kind: str
    corpus: str
    passes: str
    jobs: int
    code: str
    seconds: float
    bytes_in: int
    documents: int
    files: int
    exit: int
    main_mib: float
    worker_mib: float
    tree_mib: float
    kernel_mib: float
    workers: int
    output_sha: str
    log_sha: str
    load: float
    note: str = ""
    spawner_mib: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def mb_per_s(self) -> float:
        return self.bytes_in / 1e6 / self.seconds

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds


@dataclass
class Setup:
    """What every run shares: the work folder, the code, the cleaner options."""

    work: Path
    code: Path
    code_name: str
    passes: str

    def command(self, corpus: str, jobs: int, out: Path, log: Path) -> list[str]:
        command = [sys.executable, "-m", "cleaner", "clean", str(self.work / corpus)]
        # a trailing slash: OUT is a folder even when the corpus is one file
        command += ["-o", f"{out}/", "--log", str(log), "--no-progress", "-j", str(jobs)]
        return command + (["--passes", self.passes] if self.passes else [])

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.code)}


def _corpus(work: Path, name: str) -> dict[str, int]:
    corpora = _corpora(work)
    if name not in corpora:
        sys.exit(f"scale: no corpus {name!r} in {work}; generated: {', '.join(corpora) or 'none'}")
    return corpora[name]


def run_once(setup: Setup, corpus: str, jobs: int, kind: str = "run", keep: bool = False) -> Result:
    """Clean ``corpus`` once, measure it, hash what it wrote, and (unless ``keep``) delete that."""
    info = _corpus(setup.work, corpus)
    tag = f"{corpus}-j{jobs}"
    out, log = setup.work / f"out-{tag}", setup.work / f"out-{tag}.log.jsonl"
    for path in (out, log):
        _remove(path)
    load = os.getloadavg()[0]
    done = measure(
        setup.command(corpus, jobs, out, log),
        setup.env(),
        setup.work,
        out.with_name(out.name + ".err"),
    )
    result = _result(setup, kind, corpus, jobs, done, info, out, log, load)
    if not keep:
        _remove(out)
        _remove(log)
    return result


def _result(
    setup: Setup,
    kind: str,
    corpus: str,
    jobs: int,
    done: Finished,
    info: dict[str, int],
    out: Path,
    log: Path,
    load: float,
) -> Result:
    errors = out.with_name(out.name + ".err").read_text(errors="replace")
    found = _SUMMARY.search(errors)
    if done.code not in (0, 1) or not found:
        sys.exit(f"scale: {corpus} -j {jobs} failed (exit {done.code}):\n{errors[-2000:]}")
    m = done.memory
    return Result(
        kind=kind,
        corpus=corpus,
        passes=setup.passes or "default",
        jobs=jobs,
        code=setup.code_name,
        seconds=round(done.seconds, 2),
        bytes_in=info["bytes"],
        documents=int(found.group(2)),
        files=int(found.group(1)),
        exit=done.code,
        main_mib=round(m.main / MIB, 1),
        worker_mib=round(m.worker / MIB, 1),
        tree_mib=round(m.tree / MIB, 1),
        kernel_mib=round(m.kernel / MIB, 1),
        spawner_mib=round(m.spawner / MIB, 1),
        cpu_seconds=round(m.cpu, 2),
        workers=done.workers,
        output_sha=tree_digest(out)[:16],
        log_sha=tree_digest(log)[:16],
        load=round(load, 1),
    )


def record(work: Path, result: Result) -> None:
    with (work / "results.jsonl").open("a") as stream:
        stream.write(json.dumps(asdict(result)) + "\n")
    print(
        f"{result.kind} {result.corpus} passes={result.passes} -j {result.jobs}: "
        f"{result.seconds:.1f} s ({result.cpu_seconds:.1f} s CPU), {result.mb_per_s:.2f} MB/s, "
        f"{result.docs_per_s:.0f} docs/s, "
        f"main {result.main_mib:.0f} MiB, worker {result.worker_mib:.0f} MiB, "
        f"tree {result.tree_mib:.0f} MiB, ru_maxrss {result.kernel_mib:.0f} MiB, "
        f"load {result.load}, output {result.output_sha} log {result.log_sha}"
        + (f" ({result.note})" if result.note else ""),
        flush=True,
    )


# --- kill and resume --------------------------------------------------------------------------


def _journaled(stream: IO[bytes], seen: int) -> int:
    """Journal lines so far: ``seen`` plus those appended since the last call."""
    return seen + stream.read().count(b"\n")


def kill_and_resume(setup: Setup, corpus: str, jobs: int, at: float) -> Result:
    """SIGKILL a run once ``at`` of its files are journaled, then ``--resume`` it, measured."""
    info = _corpus(setup.work, corpus)
    if not (setup.work / corpus).is_dir():
        sys.exit(
            f"scale: resume needs a folder corpus ({corpus} is one file; the journal counts files)"
        )
    tag = f"{corpus}-j{jobs}-resume"
    out, log = setup.work / f"out-{tag}", setup.work / f"out-{tag}.log.jsonl"
    journal = log.with_name(log.name + ".journal")
    for path in (out, log, journal):
        _remove(path)
    command = setup.command(corpus, jobs, out, log)
    wanted = 1 + int(info["documents"] * at)  # the header line, then one per finished file
    seen = 0
    with out.with_name(out.name + ".killed.err").open("wb") as errors:
        process = subprocess.Popen(
            command,
            env=setup.env(),
            cwd=setup.work,
            stdout=errors,
            stderr=errors,
            start_new_session=True,
        )
        while not journal.exists() and process.poll() is None:
            time.sleep(POLL_SECONDS)
        if not journal.exists():
            sys.exit(f"scale: {corpus} ended (exit {process.returncode}) before writing a journal")
        with journal.open("rb") as stream:
            while process.poll() is None and seen < wanted:
                time.sleep(POLL_SECONDS)
                seen = _journaled(stream, seen)
            if process.poll() is not None:
                sys.exit(f"scale: {corpus} finished before {at:.0%} could be killed")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            seen = _journaled(stream, seen)
    left = _temporary(out)
    load = os.getloadavg()[0]
    done = measure(
        [*command, "--resume"], setup.env(), setup.work, out.with_name(out.name + ".err")
    )
    result = _result(setup, "resume", corpus, jobs, done, info, out, log, load)
    result.output_sha = tree_digest(out, skip_temporary=True)[:16]
    result.note = (
        f"killed with {seen - 1:,} of {info['documents']:,} files journaled; temporary files "
        f"in the output: {len(left)} after the kill, {len(_temporary(out))} after --resume "
        f"({', '.join(left[:3])}; not hashed)"
    )
    _remove(out)
    _remove(log)
    return result


def _temporary(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.tmp") if TEMPORARY.fullmatch(p.name))


# --- the table --------------------------------------------------------------------------------


def _size_key(name: str) -> tuple[str, int]:
    family, _, size = name.partition("-")
    return family, int(re.sub(r"\D", "", size) or 0)


def _results(work: Path) -> list[dict]:
    path = work / "results.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _maxrss(runs: list[dict]) -> str:
    worst = max(runs, key=lambda r: r["kernel_mib"])
    inherited = worst["kernel_mib"] <= worst.get("spawner_mib", 0) + 1
    return f"{worst['kernel_mib']:.0f}" + ("*" if inherited else "")


def table(work: Path) -> None:
    """Medians per configuration; identity of outputs and logs across every run of a corpus."""
    results = _results(work)
    hashes: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    groups: dict[tuple[str, str, str, int, str], list[dict]] = {}
    for r in results:
        key = (r["corpus"], r["passes"], r["code"])
        hashes.setdefault(key, set()).add((r["output_sha"], r["log_sha"]))
        groups.setdefault((r["corpus"], r["passes"], r["kind"], r["jobs"], r["code"]), []).append(r)
    header = (
        f"{'corpus':<18} {'passes':<8} {'code':<16} {'kind':<6} {'-j':>2} {'runs':>4} {'MB':>7} "
        f"{'docs':>8} {'wall s':>7} {'cpu s':>7} {'MB/s':>6} {'docs/s':>7} {'main':>5} "
        f"{'worker':>6} {'tree':>5} {'maxrss':>6} {'load':>4}  same bytes"
    )
    print(header)
    print("-" * len(header))
    order = sorted(groups, key=lambda k: (k[1], _size_key(k[0]), k[2], k[3]))
    for key in order:
        runs = groups[key]
        corpus, passes, kind, jobs, code = key
        seconds = statistics.median(r["seconds"] for r in runs)
        mb = runs[0]["bytes_in"] / 1e6
        docs = runs[0]["documents"]
        rate = f"{mb / seconds:6.2f}" if kind == "run" else f"{'-':>6}"
        per_doc = f"{docs / seconds:7.0f}" if kind == "run" else f"{'-':>7}"
        same = "yes" if len(hashes[(corpus, passes, code)]) == 1 else "NO"
        cpu = statistics.median(r.get("cpu_seconds", 0) for r in runs)
        print(
            f"{corpus:<18} {passes[:8]:<8} {code[:16]:<16} {kind:<6} {jobs:>2} {len(runs):>4} "
            f"{mb:7.1f} {docs:8,} {seconds:7.1f} {f'{cpu:.1f}' if cpu else '-':>7} {rate} "
            f"{per_doc} {max(r['main_mib'] for r in runs):5.0f} "
            f"{max(r['worker_mib'] for r in runs):6.0f} {max(r['tree_mib'] for r in runs):5.0f} "
            f"{_maxrss(runs):>6} {statistics.median(r['load'] for r in runs):4.1f}  {same}"
        )
    codes = sorted({r["code"] for r in results})
    print(
        f"\ncode: {', '.join(codes)}. wall s, cpu s (the tree's user and system time): medians. "
        "MiB: main = the cleaner process's peak RSS, worker = the "
        "largest worker's, tree = the largest sum over the tree at one poll, maxrss = wait4's "
        "ru_maxrss (largest single process, exact; * where it is this script's own size at the "
        "fork, which the child inherits). same bytes: every run of that corpus and "
        "passes and code (any -j, resumed or not) wrote the same output and log."
    )
    for r in results:
        if r["note"]:
            print(f"{r['kind']} {r['corpus']} -j {r['jobs']}: {r['note']}")


# --- the plan and the command line ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """Corpora cleaned with ``passes`` ("" is the default pipeline), each ``-j`` in turn."""

    passes: str
    jobs: tuple[int, ...]
    repeat: int
    corpora: tuple[str, ...]


#: What ``all`` measures, about an hour on two busy cores. The default pipeline runs at
#: well under 1 MB/s per core, so at full scale (100,000 files, 1 GB) memory is measured
#: with the decode pass alone: the runner's own streaming, what could grow with the corpus.
FOLDERS = ("files-10000", "files-30000", "files-100000")
PLAN = (
    Step("", (2,), 1, FOLDERS),
    Step(
        "decode", (2,), 1, (*FOLDERS, "docs-100MB.jsonl", "docs-300MB.jsonl", "docs-1000MB.jsonl")
    ),
    Step("decode", (1,), 1, ("docs-1000MB.jsonl",)),
    Step("", (1, 2), 3, ("files-3000", "docs-10MB.jsonl")),
    Step("", (2,), 1, ("docs-30MB.jsonl",)),
)
#: Then a run of this corpus with these passes is killed at 90% and resumed.
KILLED = ("decode", "files-100000")
PLAN_FILES = [3000, 10000, 30000, 100000]
PLAN_JSONL_MB = [10, 30, 100, 300, 1000]


def plan(setup: Setup) -> None:
    """Every step of PLAN, less the runs results.jsonl already holds (an interrupted plan
    goes on where it stopped)."""
    done = Counter(
        (r["corpus"], r["passes"], r["jobs"], r["code"])
        for r in _results(setup.work)
        if r["kind"] == "run"
    )
    for step in PLAN:
        for corpus in step.corpora:
            for _ in range(step.repeat):
                for jobs in step.jobs:  # interleaved, so a change in load hits both alike
                    key = (corpus, step.passes or "default", jobs, setup.code_name)
                    if done[key]:
                        done[key] -= 1
                        continue
                    record(setup.work, run_once(replace(setup, passes=step.passes), corpus, jobs))
    passes, corpus = KILLED
    record(setup.work, kill_and_resume(replace(setup, passes=passes), corpus, 2, 0.9))


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = {
        name: commands.add_parser(name) for name in ("generate", "run", "resume", "table", "all")
    }
    for name, sub in made.items():
        sub.add_argument("work", type=Path, help="folder for corpora, outputs and results")
        if name == "generate":
            sub.add_argument("--files", type=_sizes, default=PLAN_FILES)
            sub.add_argument("--jsonl-mb", type=_sizes, default=PLAN_JSONL_MB)
        if name in ("run", "resume"):
            sub.add_argument("corpus", help="a name from WORK/corpora.json, e.g. files-10000")
        if name in ("run", "resume"):
            sub.add_argument("--passes", default="", help="as cleaner's --passes (default: all)")
        if name in ("run", "resume", "all"):
            sub.add_argument("--commit", default="HEAD", help="the commit to measure")
            sub.add_argument("--code", type=Path, help="measure this folder instead of a commit")
        if name in ("run", "resume"):
            sub.add_argument("-j", "--jobs", type=int, default=2)
        if name == "run":
            sub.add_argument("--repeat", type=int, default=3, help="runs of each configuration")
    made["run"].add_argument("--keep", action="store_true", help="keep the output and log")
    made["resume"].add_argument("--at", type=float, default=0.9, help="share done when killed")
    args = parser.parse_args()
    work: Path = args.work.resolve()
    if args.command == "generate":
        generate(work, args.files, args.jsonl_mb)
        return
    if args.command == "table":
        table(work)
        return
    code, name = code_folder(work, args.commit, args.code)
    setup = Setup(work, code, name, getattr(args, "passes", ""))
    if args.command == "run":
        for _ in range(args.repeat):
            record(work, run_once(setup, args.corpus, args.jobs, keep=args.keep))
    elif args.command == "resume":
        record(work, kill_and_resume(setup, args.corpus, args.jobs, args.at))
    else:
        generate(work, PLAN_FILES, PLAN_JSONL_MB)
        plan(setup)
    table(work)


if __name__ == "__main__":
    main()
