"""cleaner report: what the page counts, that it escapes scraped text, and that a browser
renders its charts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.core.log import LogRecord, Part, write_records
from cleaner.views.report import TOP_DOCUMENTS, BoundedCounter, build_report, read_stats
from tests.conftest import FIXTURES


def record(doc: str, rule: str, category: str, action: str, **fields: Any) -> LogRecord:
    values: dict[str, Any] = {
        "stage": 5,
        "pass_name": "rules",
        "start": 0,
        "end": len(fields.get("text", "")),
        "line": 1,
        "end_line": 1,
        "text": "",
        "replacement": "" if action == "remove" else None,
    }
    values.update(fields)
    return LogRecord(doc=doc, rule=rule, category=category, action=action, **values)


def decoded(doc: str, encoding: str) -> LogRecord:
    return record(
        doc,
        "decode." + encoding,
        "encoding",
        "note",
        stage=0,
        pass_name="decode",
        details={"encoding": encoding, "bom": False},
    )


def mojibake(doc: str, text: str, fixed: str, reason: str) -> LogRecord:
    return record(
        doc,
        "repair.mojibake",
        "encoding",
        "replace",
        pass_name="repair",
        text=text,
        replacement=fixed,
        reason=reason,
    )


SCRIPT = "<script>alert('pwned')</script> Anzeige"

RECORDS = [
    decoded("a.txt", "utf-8"),
    mojibake("a.txt", "fÃ¼r", "für", "UTF-8 read as Windows-1252"),
    mojibake("a.txt", "Ã¤", "ä", "UTF-8 read as Windows-1252"),
    record("a.txt", "de.meta.stamp", "meta", "remove", text="Stand: 19.06.2024 11:47 Uhr\n"),
    record("a.txt", "de.ad.marker", "ad", "remove", text=SCRIPT + "\n"),
    record(
        "a.txt",
        "normalize.spaces",
        "normalize",
        "replace",
        pass_name="normalize",
        text="\u00a0",
        replacement=" ",
        parts=(Part(3, 4, "\u00a0", " "), Part(9, 10, "\u00a0", " "), Part(20, 21, "\u00a0", " ")),
    ),
    decoded("b.txt", "cp1252"),
    record("b.txt", "de.meta.stamp", "meta", "remove", text="Stand:  20.06.2024 09:12 Uhr\n"),
    record(
        "b.txt",
        "repair.unrecoverable",
        "encoding",
        "flag",
        pass_name="repair",
        text="K\ufffdln",
        reason="U+FFFD: the original characters were lost",
    ),
    decoded("c.txt", "utf-8"),
    record("c.txt", "offtopic.trailing-paragraph", "offtopic", "remove", text="x" * 500 + "\n"),
    record(
        "c.txt",
        "safety.removed-share",
        "safety",
        "note",
        pass_name="safety",
        score=0.62,
        details={"limit": 0.4, "undone": False},
    ),
]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_records(RECORDS, stream)
    return path


def bars(page: str, chart: str) -> dict[str, int]:
    """Label -> value of the bars of the chart titled ``chart``."""
    svg = re.search(rf'<svg class="chart"[^>]*aria-label="{chart}".*?</svg>', page, re.S)
    assert svg, f"no chart {chart!r}"
    found = re.findall(r'<g class="bar" data-label="([^"]*)" data-value="(\d+)"', svg.group())
    return {label: int(value) for label, value in found}


def test_counts_per_category_rule_encoding_repair_and_flag(log: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    stats = build_report(log, out)
    page = out.read_text(encoding="utf-8")
    assert (stats.records, stats.documents, stats.repaired_documents) == (12, 3, 1)
    assert bars(page, "Edits per category") == {
        "encoding": 2,
        "normalize": 3,
        "meta": 2,
        "ad": 1,
        "offtopic": 1,
    }
    assert bars(page, "Edits per rule")["normalize.spaces"] == 3
    assert bars(page, "Documents per detected input encoding") == {"utf-8": 2, "cp1252": 1}
    assert bars(page, "Repairs by kind of damage") == {"UTF-8 read as Windows-1252": 2}
    assert bars(page, "Flags per rule") == {"repair.unrecoverable": 1}
    assert "U+FFFD: the original characters were lost" in page


def test_lines_differing_in_digits_and_spaces_count_as_one(log: Path) -> None:
    stats = read_stats(log)
    assert stats.lines.most_common(1) == [
        (2, ("meta", "de.meta.stamp", "Stand: 19.06.2024 11:47 Uhr"))
    ]


def test_documents_ranked_by_removed_characters_with_the_share_the_log_gives(
    log: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    build_report(log, out)
    page = out.read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td class=\"\"><code>([^<]+)</code></td>(.*?)</tr>", page)
    assert [doc for doc, _ in rows] == ["c.txt", "a.txt", "b.txt"]
    assert '<td class="num">501</td>' in rows[0][1] and "62%" in rows[0][1]


def test_scraped_markup_is_shown_as_text_never_run(log: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    build_report(log, out)
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt; Anzeige" in page
    assert "<script" not in page.lower()


def test_control_characters_in_the_log_are_shown_as_pictures(tmp_path: Path) -> None:
    log, out = tmp_path / "log.jsonl", tmp_path / "report.html"
    with log.open("w", encoding="utf-8") as stream:
        write_records(
            [record("bell\x07.txt", "de.ad.marker", "ad", "remove", text="Ad\x1b[2J\n")], stream
        )
    build_report(log, out)
    page = out.read_text(encoding="utf-8")
    assert "bell␇.txt" in page and "Ad␛[2J" in page
    assert not any(char < " " and char != "\n" for char in page)


def test_the_page_needs_nothing_from_elsewhere(log: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    build_report(log, out)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<link|<img|<iframe|src=|@import|url\(", page, re.I)
    assert page.count("<svg") == 5


def test_bounded_counter_keeps_the_frequent_and_states_its_error() -> None:
    counter = BoundedCounter(capacity=2)
    for n in range(100):
        counter.add("often", ("x",))
        counter.add(f"once-{n}", ("y",))
    assert len(counter.counts) <= 4
    (count, first), *_ = counter.most_common(1)
    assert first == ("x",)
    assert count <= 100 <= count + counter.error


def test_memory_stays_bounded_over_many_documents(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_records(
            (
                record(
                    f"doc-{n}.txt", "de.ad.marker", "ad", "remove", text=f"Anzeige {n} " * (n % 7)
                )
                for n in range(2000)
            ),
            stream,
        )
    stats = read_stats(path)
    assert stats.documents == 2000
    assert len(stats.top_documents) == TOP_DOCUMENTS
    assert min(d.removed_chars for d in stats.top_documents) == len("Anzeige 0000 " * 6)


def test_a_bad_log_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    good = json.dumps(decoded("a.txt", "utf-8").to_dict())
    path.write_text(good + "\n{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert f"{path}: log line 2:" in result.stderr
    assert not (tmp_path / "r.html").exists()


# --- in a real browser -------------------------------------------------------------------------


def chromium() -> str:
    """Debian's chromium; under CI its absence is a failure, elsewhere a skip."""
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (apt-get install -y chromium)")
        pytest.skip("chromium is not installed")
    return found


def edits_per_category(log: Path) -> dict[str, int]:
    """Counted straight from the JSON, as the README's schema describes it."""
    counts: dict[str, int] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if data["replacement"] is not None:
            counts[data["category"]] = counts.get(data["category"], 0) + data.get("count", 1)
    return counts


def test_chromium_renders_the_charts_of_a_real_log(tmp_path: Path) -> None:
    browser = chromium()
    log, page = tmp_path / "log.jsonl", tmp_path / "report.html"
    runner = CliRunner()
    cleaned = runner.invoke(
        main, ["clean", str(FIXTURES / "input"), "-o", str(tmp_path / "out"), "--log", str(log)]
    )
    assert cleaned.exit_code == 0, cleaned.stderr
    with log.open("a", encoding="utf-8") as stream:
        evil = record(SCRIPT + ".txt", "de.ad.marker", "ad", "remove", text=SCRIPT * 100)
        # the seeds' only reports are notes (verdicts kept out of the flags): add a finding
        flag = record("slow.txt", "limits.rule-timeout", "limits", "flag", text="x" * 9)
        write_records([evil, flag], stream)
    assert runner.invoke(main, ["report", str(log), "-o", str(page)]).exit_code == 0
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    charts = re.findall(r'<svg class="chart"[^>]*aria-label="([^"]+)"', dom)
    assert charts == [
        "Edits per category",
        "Edits per rule",
        "Documents per detected input encoding",
        "Repairs by kind of damage",
        "Flags per rule",
    ]
    assert bars(dom, "Edits per category") == edits_per_category(log)
    assert bars(dom, "Documents per detected input encoding") == {"utf-8": 5}
    assert bars(dom, "Flags per rule") == {"limits.rule-timeout": 1}
    assert re.search(r'<rect x="300" y="\d+" width="[1-9][\d.]*" height="18"', dom)
    assert "&lt;script&gt;alert('pwned')&lt;/script&gt; Anzeige.txt</code>" in dom
    assert "<script" not in dom.lower()
