"""All renderings of one benchmark page, each a labeled document.

(a) ``cleaner-default``: trafilatura as cleaner's ``html`` pass runs it;
(b) ``trafilatura-recall-md`` and (c) ``trafilatura-recall-txt``: recall mode
with comments, tables, links and images; (d) ``whole-page-md``: the whole page
as Markdown, cut to the stretch around the content; (e) ``newspaper``: the
paragraphs of the page's main container and its neighbours, as an article
extractor leaves them; (f) ``post-md``: (b) as a blog post with front matter.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lxml import etree
from trafilatura.utils import load_html

from cleaner.text.plausibility import best_language

from .align import SHORT_WORDS, Gold, Verdict, align_lines, tokenize
from .extract import decoded
from .labels import Evidence, Labeled, gold_verdicts, label_lines
from .markup import visible_text
from .posts import post, post_header
from .render import Line, Page, render
from .sites import registered_domain
from .snippets import with_lines
from .sources import Page as SourcePage

RENDERINGS = (
    "cleaner-default",
    "trafilatura-recall-md",
    "trafilatura-recall-txt",
    "whole-page-md",
    "newspaper",
    "post-md",
)
#: Non-blank lines kept of a whole page before its first and after its last content line.
WHOLE_PAGE_MARGIN = 8
#: The main container holds at least this share of the content words.
CONTAINER_SHARE = 0.7
#: Sibling elements on each side of the container whose text a newspaper-style
#: extractor also takes (bylines, share bars, related links).
CONTAINER_SIBLINGS = 2
#: A full gold looks cut off (and is used as a prefix) when the words of long lines after
#: its end in cleaner's own extraction are more than both of these.
CUT_OFF_WORDS = 150
CUT_OFF_SHARE = 0.5
#: Characters of text the language is judged on.
LANGUAGE_SAMPLE = 1500


@dataclass
class Document:
    rendering: str
    lines: list[Labeled]


@dataclass
class PageResult:
    site: str
    lang: str
    lang_how: str
    documents: list[Document]
    decoding: str = "cleaner"
    gold: str = "none"  # which gold labeled the page


def page_documents(page: SourcePage, extracted: dict[str, Any]) -> PageResult:
    text, decoding = decoded(page.html)
    tree = load_html(text)
    meta = extracted["metadata"]
    if tree is None:
        return PageResult(_site(page, None, meta), "und", "no page", [], decoding)
    parsed = Page.from_tree(tree)
    whole = render(parsed, markdown=True)
    evidence = _evidence(page, parsed, whole, extracted)
    whole_verdicts = gold_verdicts([visible_text(line.text) for line in whole], evidence)
    content = _content_lines(whole, whole_verdicts, evidence, extracted)
    evidence.content = frozenset(n for i in content for n in whole[i].path)
    documents = []
    # cleaner receives nothing of a page its decoder refuses
    ours = ("cleaner-default",) if decoding == "cleaner" else ()
    for rendering in (*ours, "trafilatura-recall-md", "trafilatura-recall-txt"):
        lines = [Line(t) for t in extracted[rendering].splitlines()]
        documents.append(Document(rendering, label_lines(lines, evidence)))
    labeled_whole = label_lines(whole, evidence, whole_verdicts)
    documents.append(Document("whole-page-md", _cropped(labeled_whole)))
    roots = _newspaper_roots(parsed, [whole[i] for i in content])
    newspaper = render(parsed, roots, markdown=False, paragraphs=True) if roots else []
    documents.append(Document("newspaper", label_lines(newspaper, evidence)))
    lang, lang_how = _language(page, tree, extracted)
    header = post_header(meta, page.url, lang)
    recall = next(d for d in documents if d.rendering == "trafilatura-recall-md")
    documents.append(Document("post-md", post(header, recall.lines)))
    documents = [d for d in documents if any(line.text.strip() for line in d.lines)]
    return PageResult(
        _site(page, tree, meta), lang, lang_how, documents, decoding, _gold_kind(evidence)
    )


def _gold_kind(evidence: Evidence) -> str:
    if evidence.gold is not None:
        return "full" if evidence.gold.full else "full, looks cut off"
    if evidence.prefix is not None:
        return "prefix"
    return "snippets" if evidence.with_snippets or evidence.without_snippets else "none"


def _evidence(
    page: SourcePage, parsed: Page, whole: list[Line], extracted: dict[str, Any]
) -> Evidence:
    gold = Gold.from_text(page.gold) if page.gold else None
    if gold is not None and _cut_off(gold, extracted["cleaner-default"]):
        gold = dataclasses.replace(gold, full=False, beyond="after the gold, which looks cut off")
    prefix = Gold.from_text(page.prefix, full=False) if page.prefix else None
    meta = extracted["metadata"]
    titles = [t for t in (page.title, meta.get("title")) if t]
    paths: dict[tuple[str, ...], tuple[int, ...] | None] = {}
    for line in whole:
        words = tuple(tokenize(visible_text(line.text)))
        if words:
            paths[words] = line.path if words not in paths else None
    return Evidence(
        gold=gold,
        prefix=prefix,
        with_snippets=page.with_snippets,
        without_snippets=page.without_snippets,
        titles=titles,
        author=page.author or meta.get("author"),
        elements=parsed.elements,
        paths_by_words=paths,
        page_type=page.page_type,
    )


def _cut_off(gold: Gold, extraction: str) -> bool:
    """Whether the page's text goes on well past the gold's end: cleaner's own extraction
    (which leaves comments out) holds many long lines after the last one matched."""
    lines = extraction.splitlines()
    verdicts = align_lines([visible_text(line) for line in lines], gold)
    last = max((i for i, v in enumerate(verdicts) if v.kind == "keep"), default=len(lines))
    sizes = (len(tokenize(visible_text(line))) for line in lines[last + 1 :])
    tail = sum(size for size in sizes if size > SHORT_WORDS)
    return tail > max(CUT_OFF_WORDS, CUT_OFF_SHARE * len(gold.tokens))


def _content_lines(
    whole: list[Line], verdicts: list[Verdict], evidence: Evidence, extracted: dict[str, Any]
) -> list[int]:
    """Whole-page lines that are content: by the full gold, else by the prefix gold, the
    ``with`` snippets and (standing in for the gold) cleaner's own extraction."""
    found = {i for i, v in enumerate(verdicts) if v.kind == "keep"}
    if evidence.gold is not None:
        return sorted(found)
    visible = [visible_text(line.text) for line in whole]
    stand_in = Gold.from_text(extracted["cleaner-default"])
    if stand_in.tokens:
        found |= {i for i, v in enumerate(align_lines(visible, stand_in)) if v.kind == "keep"}
    tokens = [tokenize(v) for v in visible]
    for snippet in evidence.with_snippets:
        found |= with_lines(tokens, snippet)
    return sorted(found)


def _newspaper_roots(parsed: Page, content: list[Line]) -> list[etree._Element]:
    """The main container (the smallest element holding most content words) and a few
    siblings on each side."""
    weights: Counter[int] = Counter()
    total = 0
    for line in content:
        if line.path:
            size = len(tokenize(visible_text(line.text)))
            total += size
            for number in line.path:
                weights[number] += size
    if not total:
        return []
    holding = [n for n, w in weights.items() if w >= CONTAINER_SHARE * total]
    container = parsed.nodes[max(holding, key=lambda n: (len(parsed.path(parsed.nodes[n])), n))]
    before = [e for e in container.itersiblings(preceding=True) if isinstance(e.tag, str)]
    after = [e for e in container.itersiblings() if isinstance(e.tag, str)]
    return [*reversed(before[:CONTAINER_SIBLINGS]), container, *after[:CONTAINER_SIBLINGS]]


def _cropped(lines: list[Labeled]) -> list[Labeled]:
    """The whole page from a few lines before its first content line to a few after
    its last: the page's head and foot would otherwise outnumber every other rendering."""
    content = [i for i, line in enumerate(lines) if line.label == "keep"]
    if not content:
        return []
    nonblank = [i for i, line in enumerate(lines) if line.text.strip()]
    first = nonblank.index(content[0])
    last = nonblank.index(content[-1])
    start = nonblank[max(0, first - WHOLE_PAGE_MARGIN)]
    end = nonblank[min(len(nonblank) - 1, last + WHOLE_PAGE_MARGIN)]
    return lines[start : end + 1]


def _language(page: SourcePage, tree: etree._Element, extracted: dict[str, Any]) -> tuple[str, str]:
    """The page's language: its metadata checked against its text.

    The text decides when it reads clearly as one language (the metadata of saved
    pages is often a template's default); otherwise the metadata, else the text.
    """
    sample = (page.gold or extracted["trafilatura-recall-txt"] or "")[:LANGUAGE_SAMPLE]
    detected, score = best_language(sample) if sample.strip() else (None, 0.0)
    declared = _primary(
        page.lang or tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    )
    if detected and declared == detected:
        return detected, "metadata and text"
    if detected and score >= 0.6:
        return detected, f"text (metadata: {declared or 'none'})"
    if declared:
        return declared, "metadata"
    return detected or "und", "text, weak"


def _primary(lang: str | None) -> str | None:
    if not lang:
        return None
    primary = lang.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _site(page: SourcePage, tree: etree._Element | None, meta: dict[str, Any]) -> str:
    """The registered domain of the page's URL; without one, of the page's own
    canonical URL, or of the host most of its links point to; else a stand-in."""
    for url in (page.url, meta.get("url")):
        domain = registered_domain(url)
        if domain:
            return domain
    if tree is not None:
        hosts = Counter(
            d
            for d in (
                registered_domain(h)
                for h in tree.xpath("//a/@href")
                if h.startswith(("http", "//"))
            )
            if d
        )
        if hosts:
            return min(hosts, key=lambda h: (-hosts[h], h))
    return f"{page.source}:{page.page}"
