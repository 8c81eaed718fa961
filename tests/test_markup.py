"""markup: each rule on real-looking text, what it must leave alone, the seeds, the promises."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner.passes.markup  # noqa: F401  (registers the pass)
from cleaner.core import registry
from cleaner.core.document import Document
from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore
from tests.conftest import FIXTURES, documents

PIPELINE = Pipeline(["decode", "repair", "normalize", "markup", "tidy"])
WITH_FRONT_MATTER = Pipeline(["decode", "repair", "normalize", "frontmatter", "markup", "tidy"])
# The properties are about this pass: repair is left out (it has idempotence cases of its own).
PROPERTIES = Pipeline(["normalize", "markup", "tidy"])


def clean(text: str, **options: bool) -> Document:
    passes = ["repair", "normalize", "markup", "tidy"]
    return Pipeline(passes, {"markup": options} if options else None).run(text)


def markup_records(doc: Document) -> list:
    return [r for r in doc.log if r.pass_name == "markup"]


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        (
            "Vorspann.\n\n[Putin in Nordkorea](https://www.example.de/politik/putin.html)\n\n"
            "Der Kremlchef reiste am Mittwoch an.\n",
            "Vorspann.\n\nDer Kremlchef reiste am Mittwoch an.\n",
            "markup.link-line",
        ),
        (
            "Intro.\n\n- [Home](https://example.com/) | [World](https://example.com/world) · "
            "[Sport](https://example.com/sport)\n\nThe storm hit the coast on Monday.\n",
            "Intro.\n\nThe storm hit the coast on Monday.\n",
            "markup.link-line",
        ),
        (
            "Intro.\n\n![Kim und Putin](https://images.example.de/kim-putin.jpg "
            '"Foto")\n\nDie beiden unterzeichneten einen Vertrag.\n',
            "Intro.\n\nDie beiden unterzeichneten einen Vertrag.\n",
            "markup.image-line",
        ),
        (
            "Intro.\n\n[![Gallery](https://img.example.com/1.jpg)](https://example.com/g)\n\n"
            "Text follows.\n",
            "Intro.\n\nText follows.\n",
            "markup.image-line",
        ),
        (
            "Le jardin.\n![](\n![]( ![](\nUne spirale de verdure.\n",
            "Le jardin.\nUne spirale de verdure.\n",
            "markup.image-line",
        ),
        (
            "Text.\n\n[](https://example.com/anchor)\n\nMore text.\n",
            "Text.\n\nMore text.\n",
            "markup.empty-link",
        ),
        (
            "Mehr lesen [](https://example.com/a) hier.\n",
            "Mehr lesen hier.\n",
            "markup.empty-link",
        ),
        (
            "See [the full report](https://example.org/report_(2024)) for details.\n",
            "See the full report for details.\n",
            "markup.inline-link",
        ),
        (
            "Nach Angaben der [Nachrichtenagentur KCNA](https://kcna.kp) war es ein Erfolg.\n",
            "Nach Angaben der Nachrichtenagentur KCNA war es ein Erfolg.\n",
            "markup.inline-link",
        ),
        (
            'Putin <div class="article-body">dankte</div> seinem Gastgeber.\n',
            "Putin dankte seinem Gastgeber.\n",
            "markup.html-tag",
        ),
        ("Erster Satz.<br>Zweiter Satz.\n", "Erster Satz. Zweiter Satz.\n", "markup.html-tag"),
        ("The <b>bold</b> move <!-- ad slot -->paid off.\n", "The bold move paid off.\n", None),
        ("Absatz eins.\n<p></p>\n<br/>\nAbsatz zwei.\n", "Absatz eins.\nAbsatz zwei.\n", None),
        (
            "Tom &amp; Jerry <i>und</i> a &lt; b.\n",
            "Tom & Jerry und a < b.\n",
            None,
        ),
        ("Preis: 10&nbsp;Euro &#8211; &amp;amp; mehr <br>\n", "Preis: 10 Euro – & mehr\n", None),
        ("Escaped &lt;p&gt;tag&lt;/p&gt; and <b>x</b>.\n", "Escaped tag and x.\n", None),
        ("- Erstens\n- \n* \n•\n- Zweitens\n", "- Erstens\n- Zweitens\n", "markup.empty-bullet"),
    ],
)
def test_markup_goes(text: str, expected: str, rule: str | None) -> None:
    doc = clean(text)
    assert doc.text == expected
    records = markup_records(doc)
    assert records and {r.category for r in records} == {"markup"}
    if rule is not None:
        assert rule in {r.rule for r in records}


@pytest.mark.parametrize(
    "text",
    [
        "Er sagte: [sic] das sei falsch (siehe oben).\n",
        "Die Liste [1] (2019) nennt drei Gründe.\n",
        "Use `[text](url)` for links and `<br>` for breaks.\n",
        "```markdown\n[Title](https://example.com)\n![x](y.png)\n<div>\n```\n",
        "Kapitel 1\n-\n\nDer Text beginnt.\n",
        "* * *\n\n***\n\n---\n",
        "Usage: cleaner <path> [--jobs N] <title> a<b and c>d\n",
        "Fish & Chips, R&D, AT&T; &foo; and & alone.\n",
        "Das ist ein Ausdruck \\[nicht verlinkt\\](https://example.com).\n",
        "Escaped image \\![alt](x.png) stays.\n",
    ],
)
def test_text_that_only_looks_like_markup_stays(text: str) -> None:
    doc = clean(text)
    assert markup_records(doc) == []
    assert doc.text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What an edit would join into new markup is left alone, so a second run finds nothing.
        ("a<<b>p>c\n", "a<<b>p>c\n"),
        ("Fish &am<b>p; chips\n", "Fish &am<b>p; chips\n"),
        ("x <[b](https://u.example)> y\n", "x <[b](https://u.example)> y\n"),
        ("`a`[](https://u.example)`b`\n", "`a`[](https://u.example)`b`\n"),
        ("[](https://u.example)```\n", "[](https://u.example)```\n"),
        # A line that its inline edits leave as markup only goes whole.
        ("Text.\n\n![]([](https://u.example)\n\nMore.\n", "Text.\n\nMore.\n"),
    ],
)
def test_edits_that_would_make_new_markup_are_settled(text: str, expected: str) -> None:
    assert clean(text).text == expected


def test_urls_are_kept_in_the_log() -> None:
    doc = clean(
        "A.\n\n[A](https://a.example/1) [B](<https://b.example/with space>)\n\n"
        "see [this](https://c.example/x) now\n"
    )
    urls = {r.rule: r.details["urls"] for r in markup_records(doc)}
    assert urls == {
        "markup.link-line": ["https://a.example/1", "https://b.example/with space"],
        "markup.inline-link": ["https://c.example/x"],
    }


def test_options_switch_steps_off() -> None:
    text = "Tom &amp; Jerry <b>see</b> [it](https://x.example)\n"
    doc = clean(text, entities=False, html_tags=False, inline_links=False)
    assert doc.text == text


def test_a_line_that_is_a_sentence_with_a_link_is_text() -> None:
    doc = clean("Weitere Informationen: [Bericht](https://example.de/b) und [PDF](https://e/p)\n")
    assert doc.text == "Weitere Informationen: Bericht und PDF\n"
    assert {r.rule for r in markup_records(doc)} == {"markup.inline-link"}


def test_front_matter_is_never_touched() -> None:
    front = '---\ntitle: "[Link](https://x.example) &amp; <b>"\ntags:\n- \n---\n'
    doc = Document("d", front + "[Link](https://x.example)\n\nText &amp; <b>mehr</b>.\n")
    doc.metadata["front_matter_end"] = len(front)
    for stage in registry.stages_of(registry.create("markup")):
        edits = stage.edits(doc)
        assert all(edit.start >= len(front) for edit in edits)  # not left to the applier
        Pipeline.apply(doc, stage.name, edits)
    assert doc.text == front + "\nText & mehr.\n"


def test_the_pass_pickles() -> None:
    step = registry.create("markup", {"inline_links": False})
    assert [type(s) for s in pickle.loads(pickle.dumps(step)).stages] == [
        type(s) for s in step.stages
    ]


SEEDS = sorted((FIXTURES / "input").glob("*.txt"))


@pytest.mark.parametrize("pipeline", [PIPELINE, WITH_FRONT_MATTER], ids=["brief", "frontmatter"])
@pytest.mark.parametrize("path", SEEDS[:2], ids=lambda p: p.name[:3])
def test_seed_link_and_image_lines_go_as_markup(path, pipeline) -> None:
    lines = path.read_bytes().decode("utf-8").split("\n")
    doc = pipeline.run(path.read_bytes(), path.name)
    records = markup_records(doc)
    assert [(r.line, r.rule) for r in records] == [
        (7, "markup.link-line"),
        (9, "markup.image-line"),
    ]
    assert records[0].details["urls"][0] in lines[6]
    assert records[1].details["urls"][0] in lines[8]
    body = doc.text.split("\n")[6:]
    assert next(line for line in body if line).startswith(("Russlands", "Kremlchef"))


@pytest.mark.parametrize("path", SEEDS[2:], ids=lambda p: p.name[:3])
def test_other_seeds_get_no_markup_edits(path) -> None:
    assert markup_records(PIPELINE.run(path.read_bytes(), path.name)) == []


_FRAGMENTS = [
    "[Putin in Nordkorea](https://example.de/a)",
    "![Bild](https://img.example.de/b.jpg)",
    "[![x](https://i.example/1.png)](https://e.example)",
    "![](",
    "[](https://e.example/#top)",
    "see [the report](https://x.example/r_(1)) here",
    '<div class="x">',
    "</p>",
    "<br>",
    "<b>fett</b>",
    "<!-- c -->",
    "Tom &amp; Jerry",
    "&nbsp;",
    "&amp;lt;br&amp;gt;",
    "&#91;x&#93;(https://y)",
    "-",
    "*",
    "•",
    "`[code](x)`",
    "```",
    "|",
    "Der Kremlchef reiste an.",
    "Text",
]
_markup_documents = st.lists(
    st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from(["", " ", "\n", "\n\n", " | "])),
    max_size=12,
).map(lambda parts: "".join(f + s for f, s in parts))


@settings(max_examples=200, deadline=None)
@given(st.one_of(documents(), _markup_documents))
def test_a_second_run_changes_nothing(text: str) -> None:
    once = PROPERTIES.run(text).text
    assert PROPERTIES.run(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.one_of(documents(), _markup_documents))
def test_restore_gives_the_input_back(text: str) -> None:
    doc = PROPERTIES.run(text)
    assert restore(doc.text, doc.log) == text
