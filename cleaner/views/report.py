"""``cleaner report``: a removal log summarised as one self-contained HTML page.

The log is streamed once and only counters are kept, so a log of millions of
records takes memory in proportion to the number of rules and categories, not
records: documents are finished as their records end (the CLI writes each
document's records together) and only the ones that lost most are kept; the
removed lines are counted with a bounded counter (Misra-Gries) whose possible
undercount the page states. Every piece of text from the log is escaped: it is
scraped text and may hold markup of its own.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape as _html_escape
from pathlib import Path

from cleaner.core.log import LogRecord, read_records
from cleaner.core.safety import FORM_CATEGORIES
from cleaner.corpus.files import atomic_write
from cleaner.views.render import safe

#: What each category means, for readers who have never seen the log.
GLOSSARY = {
    "encoding": "Characters repaired: mojibake (text read in the wrong charset, "
    "'fÃ¼r' for 'für'), control characters, byte-order marks.",
    "normalize": "Writing conventions made uniform: line endings, odd and invisible "
    "spaces, blank lines, Unicode composition. No words change.",
    "frontmatter": "The metadata block (YAML or TOML) at the top of a file; "
    "kept and protected unless configured to be stripped.",
    "html": "Page markup left behind when the input was an HTML page.",
    "markup": "Markdown and HTML leftovers in text: lines of links or images only, tags, entities.",
    "duplicate": "A paragraph that repeats, or is contained in, another one.",
    "teaser": "A cut-off copy of a paragraph (ending in '...') near the top.",
    "offtopic": "A trailing paragraph that shares no words with the title and body.",
    "ad": "Advertising slots and labels.",
    "player": "Video and audio player controls and notices.",
    "comments": "Calls to comment, comment counts and comment notices.",
    "cookie": "Cookie and consent banners.",
    "subscription": "Newsletter, paywall and subscription prompts.",
    "social": "Share and follow buttons.",
    "nav": "Navigation: menus, breadcrumbs, 'read more' links, section labels.",
    "credit": "Photo and image credits.",
    "caption": "Captions of images and videos.",
    "signoff": "News agency sign-offs and author boxes.",
    "meta": "Scraper stamps and page furniture such as update times.",
    "safety": "The safety valve: a document that would lose more of its words than "
    "allowed is reported.",
}

_STRUCTURE = frozenset({"markup", "duplicate", "teaser", "offtopic"})
#: Bar colours by kind of edit: form (blue), structure (purple), boilerplate (orange).
_COLORS = {"form": "#4e79a7", "structure": "#9c6ac4", "boilerplate": "#e8833a", "safety": "#d6453d"}
_FLAG_COLOR = "#b08d2a"
_KIND_NAMES = {
    "form": "form: how the text is written",
    "structure": "structure: repeated or stray paragraphs, markup",
    "boilerplate": "boilerplate: page furniture",
    "safety": "safety valve",
}

TOP_RULES = 40
TOP_LINES = 30
TOP_DOCUMENTS = 20
LINE_KEY_CHARS = 200
_DIGITS = re.compile(r"\d")


def escape(text: str) -> str:
    """HTML-escaped, with control characters as control pictures: log text is scraped."""
    return _html_escape(safe(text))


def kind(category: str) -> str:
    if category == "safety":
        return "safety"
    if category in FORM_CATEGORIES:
        return "form"
    return "structure" if category in _STRUCTURE else "boilerplate"


def normalize_line(line: str) -> str:
    """The form removed lines are counted in: spaces collapsed, digits as 0, so that
    'Stand: 19.06.2024 11:47 Uhr' and 'Stand: 20.06.2024 09:12 Uhr' count as one."""
    return _DIGITS.sub("0", " ".join(line.split()))[:LINE_KEY_CHARS]


class BoundedCounter:
    """Counts of at most ``2 * capacity`` keys; the frequent ones survive (Misra-Gries).

    When full, the (capacity+1)-th largest count is taken off every key and the
    keys left at zero go. A kept count is then low by at most ``error``.
    """

    def __init__(self, capacity: int = 5000) -> None:
        self.capacity = capacity
        self.counts: Counter[str] = Counter()
        self.first: dict[str, tuple[str, ...]] = {}
        self.error = 0

    def add(self, key: str, first: tuple[str, ...]) -> None:
        """Count ``key``; ``first`` is what to show for it, kept from its first sighting."""
        self.counts[key] += 1
        self.first.setdefault(key, first)
        if len(self.counts) > 2 * self.capacity:
            cut = sorted(self.counts.values(), reverse=True)[self.capacity]
            self.error += cut
            self.counts = Counter({k: n - cut for k, n in self.counts.items() if n > cut})
            self.first = {k: self.first[k] for k in self.counts}

    def most_common(self, n: int) -> list[tuple[int, tuple[str, ...]]]:
        return [(c, self.first[k]) for k, c in self.counts.most_common(n)]


@dataclass(order=True, slots=True)
class DocumentLoss:
    """What one document lost to content removals (form edits not counted)."""

    removed_chars: int
    doc: str = field(compare=False)
    edits: int = field(compare=False, default=0)
    share: float | None = field(compare=False, default=None)


@dataclass
class LogStats:
    """Everything the page shows, gathered in one pass over the log."""

    records: int = 0
    documents: int = 0
    changed_documents: int = 0
    repaired_documents: int = 0
    over_limit: int = 0
    edits_by_category: Counter[str] = field(default_factory=Counter)
    edits_by_rule: Counter[str] = field(default_factory=Counter)
    rule_category: dict[str, str] = field(default_factory=dict)
    removed_chars: Counter[str] = field(default_factory=Counter)
    lines: BoundedCounter = field(default_factory=BoundedCounter)
    top_documents: list[DocumentLoss] = field(default_factory=list)
    encodings: Counter[str] = field(default_factory=Counter)
    repairs: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    flag_reasons: dict[str, str] = field(default_factory=dict)
    _current: DocumentLoss | None = None
    _changed: bool = False
    _repaired: bool = False

    def add(self, record: LogRecord) -> None:
        self.records += 1
        if self._current is None or record.doc != self._current.doc:
            self._finish_document()
            self._current = DocumentLoss(0, record.doc)
        if record.action == "note":
            self._note(record)
        elif record.action == "flag":
            self.flags[record.rule] += 1
            self.flag_reasons.setdefault(record.rule, record.reason)
        elif record.changes_text:
            self._edit(record, self._current)

    def _note(self, record: LogRecord) -> None:
        details = record.details or {}
        if record.pass_name == "decode":
            self.encodings[str(details.get("encoding", "unknown"))] += 1
        elif record.category == "safety":
            self.over_limit += 1
            assert self._current is not None
            self._current.share = record.score

    def _edit(self, record: LogRecord, document: DocumentLoss) -> None:
        count = max(1, len(record.parts))
        self.edits_by_category[record.category] += count
        self.edits_by_rule[record.rule] += count
        self.rule_category.setdefault(record.rule, record.category)
        self._changed = True
        if record.pass_name == "repair":
            self._repaired = True
            self.repairs[record.reason or record.rule] += count
        removed = sum(len(p.text) - len(p.replacement) for p in record.spans())
        self.removed_chars[record.category] += max(0, removed)
        if record.category in FORM_CATEGORIES:
            return
        document.removed_chars += max(0, removed)
        document.edits += count
        if record.action == "remove":
            for part in record.spans():
                for line in part.text.splitlines():
                    key = normalize_line(line)
                    if key:
                        example = _clip(" ".join(line.split()), LINE_KEY_CHARS)
                        self.lines.add(key, (record.category, record.rule, example))

    def _finish_document(self) -> None:
        if self._current is None:
            return
        self.documents += 1
        self.changed_documents += self._changed
        self.repaired_documents += self._repaired
        self._changed = self._repaired = False
        if self._current.removed_chars or self._current.share is not None:
            if len(self.top_documents) < TOP_DOCUMENTS:
                heapq.heappush(self.top_documents, self._current)
            else:
                heapq.heappushpop(self.top_documents, self._current)

    def finish(self) -> LogStats:
        self._finish_document()
        self._current = None
        return self


def read_stats(path: Path) -> LogStats:
    """One pass over the log at ``path``; ``ValueError`` names the line that is wrong."""
    stats = LogStats()
    with path.open(encoding="utf-8") as stream:
        for record in read_records(stream):
            stats.add(record)
    return stats.finish()


def build_report(log_path: Path, output: Path) -> LogStats:
    """Read ``log_path`` and write the page to ``output``; the statistics are returned."""
    stats = read_stats(log_path)
    atomic_write(output, render(stats, log_path.name).encode("utf-8"))
    return stats


# --- charts -----------------------------------------------------------------------------------

_LABEL_WIDTH = 300
_CHART_WIDTH = 900
_ROW = 24


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(title: str, rows: list[tuple[str, int, str]]) -> str:
    """A horizontal bar chart as inline SVG: ``rows`` are (label, value, colour)."""
    if not rows:
        return '<p class="empty">None in this log.</p>'
    top = max(value for _, value, _ in rows) or 1
    span = _CHART_WIDTH - _LABEL_WIDTH - 90
    height = _ROW * len(rows) + 8
    bars = []
    for index, (label, value, color) in enumerate(rows):
        y = 4 + index * _ROW
        width = max(1.0, span * value / top)
        bars.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f"<title>{escape(label)}: {value:,}</title>"
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(_clip(label, 40))}</text>"
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 6}" '
            f'rx="2" fill="{color}"/>'
            f'<text class="value" x="{_LABEL_WIDTH + width + 6:.1f}" y="{y + 16}">{value:,}</text>'
            "</g>"
        )
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {_CHART_WIDTH} {height}" width="{_CHART_WIDTH}" height="{height}">'
        + "".join(bars)
        + "</svg>"
    )


def _legend(kinds: set[str]) -> str:
    items = "".join(
        f'<span class="key"><i style="background:{_COLORS[k]}"></i>{escape(_KIND_NAMES[k])}</span>'
        for k in _COLORS
        if k in kinds
    )
    return f'<p class="legend">{items}</p>'


def _table(columns: list[tuple[str, str]], rows: list[list[str]]) -> str:
    """``columns``: (heading, CSS class: "num", "nowrap" or ""); cells are escaped HTML."""
    if not rows:
        return '<p class="empty">None in this log.</p>'
    head = "".join(f'<th class="{kind}">{escape(title)}</th>' for title, kind in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{kind}">{cell}</td>' for (_, kind), cell in zip(columns, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# --- the page ---------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #222; background: #fafafa;
  margin: 0 auto; padding: 24px 32px; max-width: 980px }
h1 { font-size: 26px; margin: 0 0 4px }
h2 { font-size: 20px; margin: 36px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px }
h3 { font-size: 16px; margin: 20px 0 6px }
p.lead { color: #555; margin: 4px 0 12px }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px;
  min-width: 130px }
.card b { display: block; font-size: 22px }
.card span { color: #555; font-size: 13px }
svg.chart { max-width: 100%; height: auto; font-size: 13px; background: #fff;
  border: 1px solid #e4e4e4; border-radius: 6px }
svg.chart text { fill: #222 }
svg.chart text.value { fill: #555 }
.legend { font-size: 13px; color: #444 }
.key { margin-right: 18px; white-space: nowrap }
.key i { display: inline-block; width: 11px; height: 11px; margin-right: 5px;
  border-radius: 2px; vertical-align: -1px }
table { border-collapse: collapse; background: #fff; width: 100%; font-size: 14px }
th, td { border: 1px solid #e2e2e2; padding: 4px 8px; text-align: left; vertical-align: top }
th { background: #f0f0f0 }
td.num, th.num { text-align: right; white-space: nowrap }
td.nowrap { white-space: nowrap }
td { word-break: break-word }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px;
  background: #f3f3f3; padding: 0 3px }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px }
dt { font-weight: 600 }
dd { margin: 0 }
nav.contents { font-size: 14px; margin: 8px 0 0 }
a { color: #2a5db0 }
.empty { color: #777; font-style: italic }
.note { font-size: 13px; color: #666 }
"""


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _card(value: str, label: str) -> str:
    return f'<div class="card"><b>{value}</b><span>{escape(label)}</span></div>'


def _anchor(title: str) -> str:
    return "-".join(title.lower().split())


def _section(title: str, lead: str, body: str) -> str:
    return (
        f'<section id="{_anchor(title)}"><h2>{escape(title)}</h2>'
        f'<p class="lead">{escape(lead)}</p>{body}</section>'
    )


def _contents(titles: list[str]) -> str:
    links = " · ".join(f'<a href="#{_anchor(t)}">{escape(t)}</a>' for t in titles)
    return f'<nav class="contents">{links}</nav>'


def _categories(stats: LogStats) -> str:
    rows = [(c, n, _COLORS[kind(c)]) for c, n in stats.edits_by_category.most_common()]
    return bar_chart("Edits per category", rows) + _legend({kind(c) for c, _, _ in rows})


def _rules(stats: LogStats) -> str:
    shown = stats.edits_by_rule.most_common(TOP_RULES)
    rows = [(r, n, _COLORS[kind(stats.rule_category[r])]) for r, n in shown]
    rest = len(stats.edits_by_rule) - len(shown)
    more = f'<p class="note">and {rest:,} more rules with fewer edits.</p>' if rest > 0 else ""
    return bar_chart("Edits per rule", rows) + more


def _lines(stats: LogStats) -> str:
    rows = [
        [f"{count:,}", escape(category), f"<code>{escape(rule)}</code>", escape(line)]
        for count, (category, rule, line) in stats.lines.most_common(TOP_LINES)
    ]
    note = (
        f'<p class="note">The log held more distinct lines than the report keeps; a count '
        f"may be low by up to {stats.lines.error:,}.</p>"
        if stats.lines.error
        else ""
    )
    columns = [("times", "num"), ("category", "nowrap"), ("rule", "nowrap"), ("line", "")]
    return _table(columns, rows) + note


def _documents(stats: LogStats) -> str:
    documents = sorted(stats.top_documents, reverse=True)
    rows = [
        [f"<code>{escape(d.doc)}</code>", f"{d.removed_chars:,}", f"{d.edits:,}"] for d in documents
    ]
    columns = [("document", ""), ("characters removed", "num"), ("edits", "num")]
    if any(d.share is not None for d in documents):
        columns.append(("share of words (safety valve)", "num"))
        for row, d in zip(rows, documents, strict=True):
            row.append("" if d.share is None else f"{d.share:.0%}")
    return _table(columns, rows)


def _encodings(stats: LogStats) -> str:
    color = _COLORS["form"]
    decoded = bar_chart(
        "Documents per detected input encoding",
        [(e, n, color) for e, n in stats.encodings.most_common()],
    )
    repairs = bar_chart(
        "Repairs by kind of damage", [(r, n, color) for r, n in stats.repairs.most_common(20)]
    )
    return (
        "<h3>Documents per detected input encoding</h3>"
        + decoded
        + f"<h3>Repairs by kind of damage ({_count(stats.repaired_documents, 'document')} "
        "repaired)</h3>" + repairs
    )


def _flags(stats: LogStats) -> str:
    shown = stats.flags.most_common(TOP_RULES)
    bars = [(r, n, _COLORS["safety"] if r.startswith("safety.") else _FLAG_COLOR) for r, n in shown]
    chart = bar_chart("Flags per rule", bars)
    rows = [[f"<code>{escape(r)}</code>", escape(stats.flag_reasons[r])] for r, _ in shown]
    return chart + _table([("rule", "nowrap"), ("reason (first seen)", "")], rows)


def _glossary() -> str:
    items = "".join(
        f"<dt>{escape(name)}</dt><dd>{escape(text)}</dd>" for name, text in GLOSSARY.items()
    )
    actions = (
        "<dt>remove</dt><dd>text taken out</dd><dt>replace</dt><dd>text put right</dd>"
        "<dt>insert</dt><dd>text added (a final line break)</dd>"
        "<dt>flag</dt><dd>reported, text kept</dd><dt>note</dt><dd>a fact, no text changed</dd>"
    )
    return f"<h3>Categories</h3><dl>{items}</dl><h3>Actions</h3><dl>{actions}</dl>"


def render(stats: LogStats, name: str) -> str:
    """The whole page: no scripts, fonts or stylesheets from anywhere else."""
    edits = sum(stats.edits_by_category.values())
    content_chars = sum(
        n for c, n in stats.removed_chars.items() if c not in FORM_CATEGORIES | {"safety"}
    )
    cards = "".join(
        [
            _card(f"{stats.documents:,}", "documents"),
            _card(f"{stats.changed_documents:,}", "documents changed"),
            _card(f"{edits:,}", "edits"),
            _card(f"{content_chars:,}", "characters removed as boilerplate or structure"),
            _card(f"{stats.repaired_documents:,}", "documents with encoding repairs"),
            _card(f"{sum(stats.flags.values()):,}", "flags (text kept)"),
            _card(f"{stats.over_limit:,}", "documents over the safety limit"),
        ]
    )
    sections = [
        (
            "Edits per category",
            "How many edits of each kind cleaning made; many small edits of one rule "
            "(spaces, line endings) count one each.",
            _categories(stats),
        ),
        (
            "Edits per rule",
            "The rules that made most edits; a rule id names its language and category, "
            "e.g. de.ad.marker.",
            _rules(stats),
        ),
        (
            "Lines removed most often",
            "Lines taken out by content rules. Lines that differ only in spacing or digits "
            "(a date, a count) are counted as one; each is shown as it was first seen.",
            _lines(stats),
        ),
        (
            "Documents that lost the most",
            "Characters removed from each document as boilerplate or structure (encoding and "
            "layout fixes not counted). The log does not record a document's length, so the "
            "share of its words is shown only where the safety valve reported it.",
            _documents(stats),
        ),
        (
            "Encodings",
            "The encoding each document was read in, and the encoding damage repaired in the "
            "text (each bar counts repaired stretches).",
            _encodings(stats),
        ),
        (
            "Flags",
            "Text reported but kept: damage that cannot be repaired, scored paragraphs, "
            "front matter found, documents over the safety limit.",
            _flags(stats),
        ),
        (
            "Glossary",
            "What the categories and actions in the log mean.",
            _glossary(),
        ),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>cleaner report: {escape(name)}</title><style>{_CSS}</style></head><body>"
        f"<h1>What cleaning changed</h1>"
        f'<p class="lead">A summary of the removal log <code>{escape(name)}</code>: '
        f"{stats.records:,} records. Every edit cleaning made is in the log with the text it "
        "took out, so nothing here is lost: <code>cleaner restore</code> gives the input back."
        f'</p><div class="cards">{cards}</div>'
        + _contents([title for title, _, _ in sections])
        + "".join(_section(*section) for section in sections)
        + "</body></html>\n"
    )
