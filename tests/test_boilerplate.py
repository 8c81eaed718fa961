"""The boilerplate pass: the shipped line model on real-shaped documents, and its promises."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline
from cleaner.core.restore import restore
from cleaner.passes.boilerplate import RULE, Boilerplate
from cleaner.text import linemodel
from cleaner.text.linefeatures import FEATURE_NAMES

TEXT_PASSES = tuple(p for p in DEFAULT_PASSES if p not in ("decode", "html"))

ARTICLE_EN = "\n".join(
    [
        "Home",
        "World",
        "Politics",
        "Business",
        "Sport",
        "Weather",
        "",
        "City council approves new budget after marathon session",
        "",
        (
            "The city council approved a new budget on Tuesday after a session that lasted "
            "more than eleven hours, ending a dispute that had delayed spending on schools "
            "and roads for months."
        ),
        "",
        (
            "Council members voted seven to two in favour of the plan, which raises the "
            "property tax rate slightly and sets aside money for repairs to the main bridge."
        ),
        "",
        "What changes for residents",
        "",
        (
            "Most households will pay about forty dollars more a year, according to the "
            "finance office, while the bus fare stays the same."
        ),
        "",
        (
            "The mayor said the vote showed that the council could still work together when "
            "it mattered."
        ),
        "",
        "Share this article",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "Email",
        "",
        "Related stories",
        "Bridge repairs to start in spring",
        "Schools ask for more teachers",
        "Bus drivers reach wage deal",
        "",
    ]
)

ARTICLE_DE = "\n".join(
    [
        "Startseite",
        "Politik",
        "Wirtschaft",
        "Kultur",
        "Sport",
        "",
        "Stadtrat beschließt neuen Haushalt",
        "",
        (
            "Der Stadtrat hat am Dienstag nach mehr als elf Stunden Beratung einen neuen "
            "Haushalt beschlossen und damit einen monatelangen Streit über Ausgaben für "
            "Schulen und Straßen beendet."
        ),
        "",
        (
            "Sieben Ratsmitglieder stimmten für den Plan, zwei dagegen. Er sieht eine leichte"
            " Erhöhung der Grundsteuer vor und reserviert Geld für die Sanierung der "
            "Hauptbrücke."
        ),
        "",
        "Was sich für die Bürger ändert",
        "",
        (
            "Die meisten Haushalte zahlen nach Angaben der Kämmerei etwa vierzig Euro mehr im"
            " Jahr, die Busfahrpreise bleiben gleich."
        ),
        "",
        (
            "Der Bürgermeister sagte, die Abstimmung zeige, dass der Rat zusammenarbeiten "
            "könne, wenn es darauf ankomme."
        ),
        "",
        "Artikel teilen",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "E-Mail",
        "",
    ]
)


def clean(text: str, passes=TEXT_PASSES):
    return Pipeline(passes).run(text, "doc.txt")


def model_removed(doc) -> list[str]:
    return [r.text.strip() for r in doc.log if r.rule == RULE]


@pytest.mark.parametrize("text", [ARTICLE_EN, ARTICLE_DE], ids=["en", "de"])
def test_menus_and_share_bars_go_and_the_article_stays(text):
    doc = clean(text)
    removed = set(model_removed(doc))
    lines = [line for line in text.splitlines() if line.strip()]
    menu, share = lines[:5], [line for line in lines if line in ("Facebook", "Twitter", "WhatsApp")]
    assert set(menu) <= removed | {r.text.strip() for r in doc.log if r.changes_text}
    assert set(share) <= {r.text.strip() for r in doc.log if r.changes_text}
    for line in lines:
        subheading = line in ("What changes for residents", "Was sich für die Bürger ändert")
        if len(line.split()) > 8 or subheading:
            assert line in doc.text, f"lost real text: {line!r}"


def test_the_output_restores_and_a_second_clean_changes_nothing():
    for text in (ARTICLE_EN, ARTICLE_DE):
        doc = clean(text)
        assert restore(doc.text, doc.log) == text
        assert clean(doc.text).text == doc.text


def test_every_removal_says_its_score_threshold_and_reasons():
    # a low threshold, so that the test does not hang on where the shipped one lies
    doc = Pipeline(TEXT_PASSES, {"boilerplate": {"threshold": 0.3}}).run(ARTICLE_EN, "doc.txt")
    records = [r for r in doc.log if r.rule == RULE]
    assert records
    model = linemodel.load()
    for record in records:
        assert record.category in model.categories
        assert record.score is not None and record.score >= record.details["threshold"]
        assert record.details["reasons"], record
        assert all(reason["feature"] in FEATURE_NAMES for reason in record.details["reasons"])
        assert f"{record.details['threshold']:.3f}" in record.reason


def test_a_sentence_that_runs_on_is_never_cut():
    text = (
        "Photos\nof the flooded village were shared thousands of times on Sunday, and the\n"
        "regional government asked people to stay away from the river banks until Monday.\n"
    )
    doc = clean(text)
    assert doc.text == text


def test_the_title_line_is_never_removed():
    text = (
        "---\ntitle: Weather\n---\nWeather\n\n"
        "Rain is expected in the north on Friday, the forecasters said.\n"
    )
    doc = clean(text)
    assert "\nWeather\n" in doc.text


def test_front_matter_and_code_are_not_scored():
    text = (
        "---\ntags: news\nlayout: post\n---\n\n```\nHome\nNews\nSport\nContact\n```\n\n"
        "The code above is the menu of the site we are building in this tutorial today.\n"
    )
    assert not model_removed(clean(text))


def test_scores_do_not_depend_on_the_hash_seed():
    script = (
        "import json, sys\n"
        "from cleaner.core.pipeline import Pipeline\n"
        "doc = Pipeline().run(sys.stdin.read(), 'x.txt')\n"
        "print(json.dumps([(r.rule, r.start, r.score) for r in doc.log]))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=ARTICLE_EN,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1


def test_the_shipped_model_is_small_and_says_how_it_was_chosen():
    shipped = linemodel.resources.files("cleaner.models") / linemodel.SHIPPED
    assert len(shipped.read_bytes()) < 1_500_000
    linemodel.load.cache_clear()
    model = linemodel.load()
    assert 0 < model.threshold < 1
    assert len(model.info["dev"]) >= 1


def test_a_model_for_other_features_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "old.json.gz"
    stored = linemodel.resources.files("cleaner.models") / linemodel.SHIPPED
    shipped = json.loads(gzip.decompress(stored.read_bytes()))
    shipped["features"] = shipped["features"][:-1]
    path.write_bytes(gzip.compress(json.dumps(shipped).encode()))
    with pytest.raises(linemodel.ModelError, match=r"old\.json\.gz"):
        Boilerplate(model=str(path))


def test_options_are_checked():
    with pytest.raises(ValueError, match="threshold"):
        Boilerplate(threshold=1.5)
    with pytest.raises(ValueError, match="unknown categories"):
        Boilerplate(categories=["nonsense"])
