"""No whole-line rule cuts a sentence that goes on on the next line (cleaner.text.continuation).

Scraped HTML puts a linked or bold first word on a line of its own ("Photos",
then "show the wreckage ..."). The word alone is a menu item that rules remove;
as the start of a sentence it stays, whatever rule matches it.
"""

from __future__ import annotations

import pytest

from cleaner.core.pipeline import Pipeline
from cleaner.passes.rules import select_rules
from cleaner.rules import RuleSet
from cleaner.text.continuation import continues

RULESET = RuleSet(select_rules())
PIPELINE = Pipeline()

#: The page a user cleaned: the article's first word was a link, and the sentence went on below it.
ARTICLE = (
    "Small plane crashes near regional airport\n"
    "\n"
    "Photos\n"
    "show the wreckage of the single-engine plane scattered across a hillside east of the "
    "runway, where it came down shortly after take-off on Sunday morning.\n"
    "\n"
    "The pilot, the only person on board, was taken to hospital with serious injuries, the "
    "county sheriff's office said. Investigators from the safety board were expected at the "
    "site on Monday.\n"
    "\n"
    "Witnesses said the engine stopped seconds after the plane left the ground.\n"
)


def removed(text: str) -> list[str]:
    return [text[e.start : e.end].strip() for e in RULESET.edits(text) if e.changes_text]


def test_photos_that_begins_the_first_sentence_stays() -> None:
    assert removed(ARTICLE) == []
    assert PIPELINE.run(ARTICLE).text == ARTICLE


def test_photos_as_a_menu_item_still_goes() -> None:
    """The guard can fail: the same line followed by a line of its own is removed."""
    menu = ARTICLE.replace("Photos\nshow", "Photos\n\nPictures show")
    assert removed(menu) == ["Photos"]


@pytest.mark.parametrize(
    "text",
    [
        # A consent button's words as the start of a sentence, going on in lower case.
        "Accept all\ncookies and you are tracked across the web, the regulator's report found.\n",
        # A German section label at the head, the sentence going on in lower case.
        "Politik\nund Wirtschaft müssen enger zusammenarbeiten, forderte der Verband am Montag.\n",
        # A line ending in a word no sentence ends in; the sentence goes on with a capital.
        "Supported by\nThe Rockefeller Foundation, the study followed 2,000 families for years.\n",
    ],
    ids=["en-lower-case", "de-lower-case", "joining-word"],
)
def test_a_sentence_running_over_a_rule_line_is_not_cut(text: str) -> None:
    assert removed(text) == []


def test_a_run_loses_only_the_line_that_starts_a_sentence() -> None:
    """Without that line the run is settled again: three player controls still make a run."""
    text = (
        "Play\nMute\nFullscreen\nLive\n"
        "coverage of the debate begins at 9 p.m. on the city's public channel.\n"
    )
    assert removed(text) == ["Play", "Mute", "Fullscreen"]
    assert removed(text.replace("Fullscreen\n", "")) == []  # two controls are no run


def test_a_line_that_goes_with_the_next_one_goes_when_both_are_boilerplate() -> None:
    """A sign-off cut over two lines is not a sentence of the text: both lines go together."""
    text = (
        "The festival runs until Sunday.\n\n"
        "Kommentare\n\nLiebe Leserin, lieber Leser,\n\n"
        "die Kommentarfunktion steht Ihnen ab 6 Uhr wieder zur Verfügung.\n\n"
        "Mit freundlichen Grüßen\ndas krone.at-Team\n"
    )
    assert removed(text)[-2:] == ["Mit freundlichen Grüßen", "das krone.at-Team"]


def test_the_guard_is_settled_in_one_run() -> None:
    once = PIPELINE.run(ARTICLE + "\nShare this article\nFacebook\nTwitter\nEmail\n").text
    assert "Photos\nshow" in once and "Share this article" not in once
    assert PIPELINE.run(once).text == once


@pytest.mark.parametrize(
    ("line", "following", "expected"),
    [
        ("Photos", "show the wreckage", True),
        ("Photos", "Videos", False),
        ("Read more:", "the plan in full", False),
        ("He said.", "then he left", False),
        ("- Anzeige -", "Der Text geht weiter.", False),
        ("Foto-", "Strecke: Der Besuch in Bildern", True),
        ("World War I", "Veterans met in Paris.", False),
        ("Photos", "", False),
    ],
)
def test_continues(line: str, following: str, expected: bool) -> None:
    assert continues(line, following) is expected
