"""duplicates: repeated and contained paragraphs, truncated teasers, what stays, the seeds."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner.passes.markup  # noqa: F401  (importing a pass registers it)
from cleaner.core import registry
from cleaner.core.document import Document
from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore
from cleaner.passes.duplicates import (  # registers "duplicates"
    _SENTENCE_BREAK,
    _normalized,
    _paragraphs,
)
from cleaner.text.markdown import code_blocks, outside
from cleaner.text.view import TextView
from tests.conftest import FIXTURES, documents

# The seeds run as the brief names the passes, and with front matter protected by its pass.
SEED_PIPELINES = [
    Pipeline(["decode", "repair", "normalize", "markup", "duplicates", "tidy"]),
    Pipeline(["decode", "repair", "normalize", "frontmatter", "markup", "duplicates", "tidy"]),
]
PIPELINE = Pipeline(["normalize", "markup", "duplicates", "tidy"])

LEAD = (
    "Russlands Staatschef Putin ist in Nordkorea zu Gast. Beide Staaten unterzeichneten "
    'einen "Partnerschaftsvertrag" mit militärischer Beistandsverpflichtung.'
)
FULL = LEAD + " Davor gab es eine Jubel-Zeremonie und viel gegenseitiges Lob."
BODY = [
    "Schon bei der Begrüßung am Flughafen hatten sich beide Machthaber die Hand gegeben und "
    "einander umarmt, bevor sie in die Hauptstadt aufbrachen.",
    "Den Beginn des offiziellen Programms markierte eine Zeremonie auf dem zentralen "
    "Kim-Il-Sung-Platz. Anschließend fuhren beide zu Unterredungen in den Kumsusan-Palast.",
    "Putin bedankte sich bei Kim für die systematische und anhaltende Unterstützung der "
    "russischen Politik, auch in der Ukraine-Frage, sagte er Agenturen zufolge.",
]
STORY = [
    "The storm dumped more than two feet of snow on parts of New England on Tuesday, "
    "closing schools and grounding flights. Officials urged residents to stay home.",
    "Airports in Boston and New York cancelled thousands of flights, and the backlog was "
    "expected to last into the weekend, airline officials said on Wednesday morning.",
    "Utility crews worked through the night to restore power to about 100,000 homes, "
    "many of them along the coast where the winds were strongest.",
]


def paragraphs(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def run(text: str) -> Document:
    return PIPELINE.run(text)


def records(doc: Document, pass_name: str = "duplicates") -> list:
    return [r for r in doc.log if r.pass_name == pass_name]


def test_an_identical_paragraph_goes_and_the_first_copy_stays() -> None:
    repeated = "Die Ermittlungen der Staatsanwaltschaft dauern nach Angaben einer Sprecherin an."
    doc = run(paragraphs(repeated, *BODY, repeated.upper().rstrip(".") + " !"))
    assert doc.text == paragraphs(repeated, *BODY)
    [record] = records(doc)
    assert (record.rule, record.category) == ("duplicate.paragraph", "duplicate")
    assert record.details == {"kept_line": 1, "kept_offset": 0}


def test_a_teaser_contained_in_a_longer_paragraph_goes_and_the_longest_stays() -> None:
    text = paragraphs("Putin-Besuch in Pjöngjang", LEAD, FULL, *BODY)
    doc = run(text)
    assert doc.text == paragraphs("Putin-Besuch in Pjöngjang", FULL, *BODY)
    [record] = records(doc)
    assert record.rule == "duplicate.contained"
    assert record.text == LEAD + "\n"
    assert record.details == {"kept_line": 5, "kept_offset": text.index(FULL)}


def test_a_summary_after_the_story_is_contained_too() -> None:
    summary = STORY[0].split(". ")[0] + "."
    doc = run(paragraphs(*STORY, summary + " " + STORY[0].split(". ")[1]))
    assert doc.text == paragraphs(*STORY)


def test_a_chain_of_containers_keeps_only_the_outermost() -> None:
    middle = FULL + " " + BODY[0]
    doc = run(paragraphs(LEAD, FULL, middle, *BODY[1:]))
    assert doc.text == paragraphs(middle, *BODY[1:])
    assert {r.details["kept_offset"] for r in records(doc)} == {len(LEAD) + len(FULL) + 4}


@pytest.mark.parametrize(
    "text",
    [
        # Short repeated subheadings.
        paragraphs("Video", BODY[0], "Video", BODY[1], "Mehr zum Thema", BODY[2], "Mehr zum Thema"),
        # A stock sentence standing alone and inside another paragraph.
        paragraphs(
            "Das teilte die Polizei am Montag mit.",
            BODY[0],
            "Ein Mann wurde festgenommen. Das teilte die Polizei am Montag mit. Er schweigt.",
        ),
        # A chorus repeats on purpose.
        paragraphs(
            "Let it be, let it be\nLet it be, let it be\nWhisper words of wisdom, let it be",
            "When I find myself in times of trouble, Mother Mary comes to me",
            "Let it be, let it be\nLet it be, let it be\nWhisper words of wisdom, let it be",
        ),
        # The same sentences, but not one after another in the longer paragraph.
        paragraphs(
            STORY[0],
            STORY[0].split(". ")[0] + ". Nobody was hurt. " + STORY[0].split(". ")[1],
            *STORY[1:],
        ),
        # Only the first sentence is shared.
        paragraphs(STORY[0].split(". ")[0] + ". Flights resumed on Friday.", *STORY),
        # Code blocks repeat on purpose.
        "```\nfor item in items: print(item, file=sys.stderr)\n```\n\n"
        "```\nfor item in items: print(item, file=sys.stderr)\n```\n",
    ],
    ids=["subheadings", "stock-sentence", "chorus", "not-in-a-row", "one-sentence", "code"],
)
def test_real_text_stays(text: str) -> None:
    doc = run(text)
    assert records(doc) == []
    assert doc.text == text


@pytest.mark.parametrize(
    "teaser",
    [
        "Kremlchef Putin besiegelt im Konflikt mit dem Westen in Nordkorea eine strategische "
        "Partnerschaft mit Machthaber Kim Jong Un. Dabei geht es auch um ...",
        "A winter storm closed schools across New England, and officials said the worst was "
        "still to come, with …",
        "The storm dumped more than two feet of snow on parts of New England on Tuesday, "
        "closing [...]",
    ],
    ids=["de", "en", "wordpress"],
)
def test_a_truncated_teaser_at_the_head_goes(teaser: str) -> None:
    doc = run(paragraphs("Putin in Nordkorea", teaser, *STORY, *BODY))
    assert doc.text == paragraphs("Putin in Nordkorea", *STORY, *BODY)
    [record] = records(doc)
    assert (record.rule, record.category) == ("teaser.truncated", "teaser")


@pytest.mark.parametrize(
    "text",
    [
        # Nothing substantial follows: the teaser may be all there is.
        paragraphs("Kremlchef Putin besiegelt in Nordkorea eine Partnerschaft. Es geht um ..."),
        # Not at the head.
        paragraphs(*STORY, *BODY, "Und was sagt eigentlich der Westen dazu, fragen sich viele ..."),
        # A question or a quotation that trails off ends a sentence on purpose.
        paragraphs("Was bedeutet das Bündnis für Südkorea und Japan? Und für Europa?...", *STORY),
        paragraphs('Er sagte nur: "Wir werden sehen, was die nächsten Wochen bringen ..."', *STORY),
        # A short subheading, and an ellipsis inside a sentence.
        paragraphs("Planes, trains ...", *STORY),
        paragraphs("They explore … because he does not want to taint their instincts.", *STORY),
    ],
    ids=["alone", "not-at-head", "question", "quotation", "subheading", "inside"],
)
def test_an_ellipsis_that_ends_a_sentence_stays(text: str) -> None:
    doc = run(text)
    assert records(doc) == []
    assert doc.text == text


def test_a_teaser_is_never_the_copy_that_is_kept() -> None:
    """The body's paragraph stays although the teaser holds its sentences and more."""
    teaser = LEAD + " Davor gab es eine Jubel-Zeremonie und ..."
    doc = run(paragraphs(teaser, LEAD, *BODY, *STORY))
    assert doc.text == paragraphs(LEAD, *BODY, *STORY)


def test_removals_that_move_a_teaser_to_the_head_are_settled_in_one_run() -> None:
    repeated = BODY[0]
    teaser = "Die Verhandlungen in Pjöngjang dauerten bis in die Nacht, und am Ende ..."
    text = paragraphs("Titel", repeated, repeated, repeated, teaser, *STORY, *BODY[1:])
    once = run(text)
    assert teaser not in once.text
    assert run(once.text).text == once.text


def test_front_matter_is_never_touched_or_kept_as_a_copy() -> None:
    front = f"---\ntitle: {LEAD}\nsummary: {LEAD}\n---\n"
    doc = Document("d", front + paragraphs(LEAD, *BODY))
    doc.metadata["front_matter_end"] = len(front)
    assert registry.create("duplicates").edits(doc) == []


def test_options_and_pickling() -> None:
    step = registry.create("duplicates", {"min_words": 40, "head_paragraphs": 1})
    assert pickle.loads(pickle.dumps(step)).min_words == 40
    text = paragraphs(BODY[2], BODY[0], BODY[2])
    assert Pipeline(["duplicates", "tidy"]).run(text).text == paragraphs(BODY[2], BODY[0])
    pipeline = Pipeline(["duplicates", "tidy"], {"duplicates": {"min_words": 40}})
    assert pipeline.run(text).text == text


SEEDS = {path.name[:3]: path for path in sorted((FIXTURES / "input").glob("*.txt"))}


@pytest.fixture(params=SEED_PIPELINES, ids=["brief", "frontmatter"])
def seed(request):
    """Clean a seed by name; the log restores its input and a second run changes nothing."""
    pipeline = request.param

    def clean_seed(name: str) -> Document:
        data = SEEDS[name].read_bytes()
        doc = pipeline.run(data, SEEDS[name].name)
        assert restore(doc.text, doc.log) == pipeline.decoder.decode(data).text
        assert pipeline.run(doc.text).text == doc.text
        return doc

    return clean_seed


def test_seed_000_feed_teaser_goes_as_duplicate_and_line_15_stays(seed) -> None:
    lines = SEEDS["000"].read_text(encoding="utf-8").split("\n")
    doc = seed("000")
    [record] = records(doc)
    assert (record.rule, record.category, record.text) == (
        "duplicate.contained",
        "duplicate",
        lines[10] + "\n",
    )
    output = doc.text.split("\n")
    for number, line in enumerate(lines, 1):
        if line.strip() and number not in (7, 9, 11):
            assert line in output, f"000:{number} {line[:50]!r} lost"
    assert lines[10] not in output
    assert output[6:10] == ["", lines[12], "", lines[14]]  # line 15 stays in its place


def test_seed_001_cut_off_lead_goes_as_teaser(seed) -> None:
    doc = seed("001")
    [record] = records(doc)
    assert (record.rule, record.category) == ("teaser.truncated", "teaser")
    assert record.text.startswith("Kremlchef Putin besiegelt")
    assert record.text.endswith("Dabei geht es auch um ...\n")
    assert "Pjöngjang. Die Atommächte" in doc.text


@pytest.mark.parametrize("name", ["002", "003", "004"])
def test_other_seeds_get_no_edits_from_these_passes(seed, name: str) -> None:
    doc = seed(name)
    assert records(doc) == [] and records(doc, "markup") == []


_SENTENCES = [
    "Putin ist in Nordkorea zu Gast.",
    "Beide Staaten unterzeichneten einen Vertrag.",
    "Davor gab es eine Jubel-Zeremonie und viel gegenseitiges Lob.",
    "The storm closed schools across New England on Tuesday.",
    "Officials urged residents to stay home.",
    "Dabei geht es auch um ...",
    "Video",
]
_paragraph = st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=4).map(" ".join)
_duplicate_documents = st.lists(
    st.one_of(_paragraph, st.sampled_from(BODY + STORY)), max_size=10
).map(lambda ps: "\n\n".join(ps) + "\n")


@settings(max_examples=200, deadline=None)
@given(st.one_of(documents(), _duplicate_documents))
def test_a_second_run_changes_nothing(text: str) -> None:
    once = PIPELINE.run(text).text
    assert PIPELINE.run(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.one_of(documents(), _duplicate_documents))
def test_restore_gives_the_input_back_and_duplicates_leave_a_copy(text: str) -> None:
    doc = PIPELINE.run(text)
    assert restore(doc.text, doc.log) == text
    output = " ".join(doc.text.casefold().split())
    for record in records(doc):
        # A cut-off teaser is never the copy that stays: both copies may go.
        if record.category == "duplicate" and not record.text.rstrip().endswith(("...", "…")):
            for sentence in _SENTENCE_BREAK.split(record.text.strip()):
                assert _normalized(sentence) in output


def test_a_repeated_markdown_table_header_is_kept() -> None:
    """Found on a scrapinghub-aeb page: every table repeats its header row."""
    header = "| Pos | Player | Plays | Yards | Touchdowns | Stats |"
    text = (
        f"First table of the season statistics follows here.\n\n{header}\n\n"
        "| 1 | Smith | 12 | 140 | 2 | - |\n\n"
        f"Second table of the season statistics follows here.\n\n{header}\n\n"
        "| 1 | Jones | 9 | 88 | 1 | - |\n"
    )
    assert PIPELINE.run(text).text == text


_markdown_texts = st.lists(
    st.sampled_from(
        [
            "Text line",
            "",
            "    indented code",
            "```",
            "~~~~",
            "# Heading",
            "`span` here",
            "  ",
            "\t",
        ]
    ),
    max_size=14,
).map(lambda lines: "\n".join(lines) + "\n")


@settings(max_examples=300, deadline=None)
@given(st.one_of(documents(), _markdown_texts), st.integers(min_value=0, max_value=12))
def test_paragraphs_are_the_runs_of_lines_between_code_blocks(text: str, front: int) -> None:
    """As a regex finds them in each stretch outside front matter and code blocks."""
    body = text.find("\n", front) + 1 if 0 < front < len(text) else 0  # a line start
    skip = code_blocks(text, body)
    paragraph = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|\Z))+")
    expected = [
        match.span()
        for low, high in outside(0, len(text), skip)
        for match in paragraph.finditer(text, low, high)
    ]
    found = [(p.start, p.end) for p in _paragraphs(TextView(text), skip)]
    assert found == expected


# -- short real lines: refrains, choruses, list items, headlines ---------------------------------

VERSE = [
    "We left the lights on in the harbour\nThe boats were sleeping in the rain\n"
    "You said the sea would bring us nothing\nBut I came back to the shore again",
    "The gulls are calling out your name now\nThe nets are heavy, the night is long\n"
    "I kept the letters in a tin box\nAnd every letter was a song",
]
REFRAIN = "Sing it low, sing it slow, the tide will carry us home"
#: A chorus with lines longer than a short line; each line stands on its own.
CHORUS = (
    "And if the lanterns fail us we will follow the gulls until the morning\n"
    "Over the water, over the stones, over the bridge where we were born\n"
    "Nobody said that the river was kind, but the river always knew the way"
)
#: Wrapped prose: lines of the same length, each running on into the next.
WRAPPED = (
    "The harbour authority said on Tuesday that the old pier would be closed\n"
    "for repairs until the end of the summer, after inspectors found cracks\n"
    "in three of the concrete pillars that carry the walkway over the water."
)


def test_a_refrain_written_as_one_line_paragraphs_stays() -> None:
    text = paragraphs(VERSE[0], REFRAIN, REFRAIN, VERSE[1], REFRAIN, REFRAIN)
    doc = run(text)
    assert records(doc) == [] and doc.text == text


def test_a_chorus_of_one_line_paragraphs_repeated_as_a_run_stays() -> None:
    chorus = [
        "Oh the lighthouse keeper, he never sleeps",
        "He counts the ships and the secrets he keeps",
        "Oh the lighthouse keeper, he never sleeps",
        "And the sea gives back what the sea won't keep",
    ]
    text = paragraphs(*STORY[:1], *chorus, VERSE[0], *chorus, VERSE[1], *chorus)
    doc = run(text)
    assert records(doc) == [] and doc.text == text


def test_a_chorus_with_long_lines_repeated_stays_but_a_pasted_paragraph_goes() -> None:
    text = paragraphs(STORY[0], VERSE[0], CHORUS, VERSE[1], CHORUS, STORY[1], STORY[0])
    doc = run(text)
    assert doc.text == paragraphs(STORY[0], VERSE[0], CHORUS, VERSE[1], CHORUS, STORY[1])
    assert [r.rule for r in records(doc)] == ["duplicate.paragraph"]


def test_wrapped_prose_pasted_twice_still_goes() -> None:
    """Lines under the verse limit, but each runs on into the next: a paragraph of prose."""
    text = paragraphs(WRAPPED, *STORY, WRAPPED)
    doc = run(text)
    assert doc.text == paragraphs(WRAPPED, *STORY)
    assert [r.rule for r in records(doc)] == ["duplicate.paragraph"]


def test_repeated_list_items_and_subheadings_inside_the_article_stay() -> None:
    day = [
        "Breakfast: two eggs, one slice of rye bread",
        "Eat 60 to 90 minutes before your workout",
        "Lunch: lentil soup with a green salad",
    ]
    text = paragraphs(
        STORY[0], "How the plan works for you", *day, STORY[1], "How the plan works for you", *day
    )
    doc = run(text)
    assert records(doc) == [] and doc.text == text


@pytest.mark.parametrize(
    "headline",
    [
        "Putin und Kim besiegeln in Pjöngjang eine strategische Partnerschaft ...",
        "# Storm closes schools across New England, and the worst ...",
    ],
    ids=["first-line", "markdown-heading"],
)
def test_the_headline_is_never_taken_as_a_cut_off_teaser(headline: str) -> None:
    text = paragraphs(headline, *STORY, *BODY)
    doc = run(text)
    assert records(doc) == [] and doc.text == text


def test_a_headline_that_is_the_front_matter_title_cut_off_stays() -> None:
    title = "Putin und Kim besiegeln in Pjöngjang eine strategische Partnerschaft gegen den Westen"
    headline = "Putin und Kim besiegeln in Pjöngjang eine strategische Partnerschaft gegen ..."
    pipeline = Pipeline(["normalize", "frontmatter", "markup", "duplicates", "tidy"])
    front = f'---\ntitle: "[Nordkorea] {title}"\n---\n'
    text = front + paragraphs("Ausland", headline, *BODY, *STORY)
    doc = pipeline.run(text)
    assert records(doc) == [] and doc.text == text
    # The same line under another title is a cut-off lead, and goes.
    other = text.replace(f"[Nordkorea] {title}", "Ein Besuch in Pjöngjang")
    assert [r.rule for r in records(pipeline.run(other))] == ["teaser.truncated"]
