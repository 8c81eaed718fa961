"""The line corpus builder's alignment of document lines to a gold text (training/)."""

from __future__ import annotations

from training.linecorpus.align import Gold, align_lines, align_tokens, tokenize
from training.linecorpus.labels import Evidence, label_lines
from training.linecorpus.render import Line

ARTICLE = (
    "The council met on Tuesday evening to discuss the new budget for the town library.\n"
    "Opening hours\n"
    "From next month the library will open two hours earlier on every weekday morning.\n"
)


def kinds(lines: list[str], gold_text: str, full: bool = True) -> list[str | None]:
    return [v.kind for v in align_lines(lines, Gold.from_text(gold_text, full=full))]


def test_subheading_between_two_paragraphs_is_keep() -> None:
    lines = ARTICLE.splitlines()
    assert kinds(lines, ARTICLE) == ["keep", "keep", "keep"]


def test_short_line_whose_words_are_in_the_gold_only_elsewhere_is_not_keep() -> None:
    # "Library" is a word of the gold, but not at this place and not as a line of its own
    lines = ["Library", *ARTICLE.splitlines()]
    got = kinds(lines, ARTICLE)
    assert got[0] != "keep"
    assert got[1:] == ["keep", "keep", "keep"]


def test_repeated_refrain_aligns_per_occurrence() -> None:
    gold = (
        "Oh the rain keeps falling\n"
        "We walked along the river where the old mill used to stand\n"
        "Oh the rain keeps falling\n"
        "And every light in town went out before the morning came\n"
    )
    lines = [
        "Oh the rain keeps falling",
        "We walked along the river where the old mill used to stand",
        "Oh the rain keeps falling",
        "Oh the rain keeps falling",  # one more than the gold has: not content
        "And every light in town went out before the morning came",
    ]
    assert kinds(lines, gold) == ["keep", "keep", "keep", "boilerplate", "keep"]


def test_caption_whose_words_are_not_in_the_gold_is_boilerplate() -> None:
    lines = [
        ARTICLE.splitlines()[0],
        "Readers at the reading room last winter. Photo: Jane Doe/AP",
        *ARTICLE.splitlines()[1:],
    ]
    assert kinds(lines, ARTICLE) == ["keep", "boilerplate", "keep", "keep"]


def test_line_half_in_the_gold_is_unknown() -> None:
    half = "The council met on Tuesday evening. Subscribe now for only one euro per month today"
    gold = "The council met on Tuesday evening.\nIt voted for the budget of the library.\n"
    assert kinds([half, "It voted for the budget of the library."], gold) == [None, "keep"]


def test_nothing_after_a_prefix_gold_is_known() -> None:
    lines = [*ARTICLE.splitlines(), "Share this article"]
    prefix = ARTICLE.splitlines()[0]
    assert kinds(lines, prefix, full=False) == ["keep", None, None, None]


def test_matches_increase_along_the_document() -> None:
    doc = tokenize("b a c a b d e a f") * 3
    gold = tokenize("a b c d e f a b") * 2
    matched = [j for j in align_tokens(doc, gold) if j >= 0]
    assert matched == sorted(set(matched))
    assert len(matched) >= len(gold) // 2


def test_cjk_text_is_matched_per_character() -> None:
    gold = "香港行政长官在立法会接受质询。\n他向市民道歉。\n"
    lines = ["首页 新闻", "香港行政长官在立法会接受质询。", "他向市民道歉。"]
    assert kinds(lines, gold)[1:] == ["keep", "keep"]


def test_headline_is_keep_and_unknown_head_lines_are_not_guessed() -> None:
    lines = [Line(t) for t in ("Library opens earlier", "A kicker perhaps", *ARTICLE.splitlines())]
    labeled = label_lines(
        lines, Evidence(gold=Gold.from_text(ARTICLE), titles=["Library opens earlier"])
    )
    assert [x.label for x in labeled] == ["keep", None, "keep", "keep", "keep"]


def test_snippets_label_the_lines_holding_them() -> None:
    lines = [
        Line(t) for t in ("Home", "Share on Facebook", *ARTICLE.splitlines(), "Home made soup")
    ]
    evidence = Evidence(
        with_snippets=["library will open two hours earlier"],
        without_snippets=["Share on Facebook", "Home"],
    )
    labeled = label_lines(lines, evidence)
    assert [x.label for x in labeled] == ["nav", "social", None, None, "keep", None]
    assert labeled[1].category_inferred


def test_code_and_repeats_the_gold_leaves_out_are_unknown_not_boilerplate() -> None:
    gold = (
        "Call the function with two arguments and print what it returns to the console.\n"
        "The result is the sum of both numbers, as the next example shows once more.\n"
    )
    lines = [
        "Call the function with two arguments and print what it returns to the console.",
        "const total = add(2, 3);",
        "The result is the sum of both numbers, as the next example shows once more.",
        "Call the function with two arguments and print what it returns to the console.",
        "Newsletter: get our best stories every week",
    ]
    labeled = label_lines([Line(t) for t in lines], Evidence(gold=Gold.from_text(gold)))
    assert [x.label for x in labeled] == ["keep", None, "keep", None, "subscription"]


def test_boilerplate_on_pages_without_a_sure_gold_boundary_needs_evidence() -> None:
    lines = [*ARTICLE.splitlines(), "Key features", "Share on Facebook"]
    evidence = Evidence(gold=Gold.from_text(ARTICLE), page_type="product")
    labels = [x.label for x in label_lines([Line(t) for t in lines], evidence)]
    assert labels == ["keep", "keep", "keep", None, "social"]
