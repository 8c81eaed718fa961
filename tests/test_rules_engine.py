"""The rule engine: scopes, context, phrases, tidy blank lines, one combined pattern."""

import pickle
import textwrap
from functools import cache
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.core.edits import apply_edits
from cleaner.core.pipeline import Pipeline
from cleaner.rules import Rule, RuleError, RuleSet, load_rules
from cleaner.rules.affixes import canonical
from cleaner.rules.branches import split_branches
from cleaner.rules.literals import FIND_LIMIT, LiteralIndex
from cleaner.text.view import TextView

PACK = textwrap.dedent(
    r"""
    [[rule]]
    id = "t.ad"
    category = "ad"
    scope = "line"
    pattern = 'AdUnit \w+'
    remove = ["AdUnit Content_1"]

    [[rule]]
    id = "t.player"
    category = "player"
    scope = "run"
    pattern = 'Abspielen|Schließen|\d\d:\d\d(?: / \d\d:\d\d)?'
    remove = ["00:00 / 00:00\nAbspielen\nSchließen"]
    keep = ["Abspielen"]

    [[rule]]
    id = "t.label"
    category = "nav"
    scope = "line"
    phrases = ["Ausland", "Mehr zum  Thema"]
    position = "head"
    within = 3
    remove = ["Ausland"]

    [[rule]]
    id = "t.credit"
    category = "credit"
    scope = "line"
    pattern = 'Foto: \w+'
    max_words = 3
    no_sentence_end = true
    remove = ["Foto: dpa"]

    [[rule]]
    id = "t.stamp"
    category = "meta"
    scope = "prefix"
    pattern = 'date \d{4}-\d\d\s+'
    remove = ["date 2024-06 Der Text."]

    [[rule]]
    id = "t.signoff"
    category = "signoff"
    scope = "suffix"
    pattern = '\s*\((?:red|APA)(?:, [\w.]+)*\)'
    remove = ["Satz. (red, APA, 19.6.2024)"]

    [[rule]]
    id = "t.notice"
    category = "comments"
    scope = "block"
    pattern = 'Liebe Leserin, lieber Leser,'
    remove = ["Liebe Leserin, lieber Leser,"]

    [[rule]]
    id = "t.comments"
    category = "comments"
    scope = "tail"
    pattern = 'Kommentare'
    follow = 'Kommentar|Netiquette'
    remove = ["Kommentare\nDie Kommentarfunktion ist geschlossen."]
    """
)


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    path = tmp_path_factory.mktemp("rules") / "pack.toml"
    path.write_text(PACK, encoding="utf-8")
    return RuleSet(load_rules([path]))


def clean(ruleset: RuleSet, text: str) -> tuple[str, list[tuple[str, str]]]:
    """The rules' edits, then the tidy pass that every removal pass relies on."""
    result = apply_edits(text, "rules", ruleset.edits(text))
    tidied = Pipeline(["tidy"]).run(result.text).text
    return tidied, [(a.edit.rule, a.removed) for a in result.applied]


def test_whole_line_rule_removes_the_line_but_not_a_sentence_with_the_words(ruleset) -> None:
    text = "Erster Absatz.\n\nAdUnit Mobile_Pos2\n\nEr sah AdUnit Mobile im Code.\n"
    out, removed = clean(ruleset, text)
    assert out == "Erster Absatz.\n\nEr sah AdUnit Mobile im Code.\n"
    assert removed == [("t.ad", "AdUnit Mobile_Pos2\n")]


def test_run_lines_go_only_inside_a_run(ruleset) -> None:
    run = "Text davor.\n00:00 / 00:00\nAbspielen\nSchließen\nText danach.\n"
    assert clean(ruleset, run)[0] == "Text davor.\nText danach.\n"
    lone = "Text davor.\nAbspielen\nText danach.\n"
    assert clean(ruleset, lone)[0] == lone


def test_phrases_fold_case_and_space_and_respect_position(ruleset) -> None:
    head = "Titel\n\nmehr ZUM thema\n\nText.\n"
    assert clean(ruleset, head)[0] == "Titel\n\nText.\n"
    late = "Eins.\n\nZwei.\n\nDrei.\n\nVier.\n\nAusland\n"
    assert clean(ruleset, late)[0] == late


def test_shape_context_vetoes_a_match(ruleset) -> None:
    assert clean(ruleset, "Foto: dpa\n")[0] == ""
    assert clean(ruleset, "Foto: dpa.\n")[0] == "Foto: dpa.\n"


def test_prefix_and_suffix_remove_only_their_part(ruleset) -> None:
    text = " date 2024-06 Der Satz endet hier. (red, APA, 19.6.2024)\n"
    out, removed = clean(ruleset, text)
    assert out == "Der Satz endet hier.\n"
    assert [rule for rule, _ in removed] == ["t.stamp", "t.signoff"]


def test_block_takes_the_rest_of_its_paragraph(ruleset) -> None:
    text = "Text.\n\nLiebe Leserin, lieber Leser,\nwir bitten um Geduld.\n\nMehr Text.\n"
    assert clean(ruleset, text)[0] == "Text.\n\nMehr Text.\n"


def test_tail_goes_when_all_after_it_is_boilerplate_keeping_other_rules_categories(ruleset) -> None:
    text = (
        "Artikel.\n\nKommentare\n\nDie Kommentarfunktion ist zu.\n\n"
        "Bitte Netiquette beachten.\nAdUnit Footer\n"
    )
    out, removed = clean(ruleset, text)
    assert out == "Artikel.\n"
    assert [rule for rule, _ in removed] == ["t.comments", "t.comments", "t.comments", "t.ad"]


def test_tail_stays_when_real_text_follows(ruleset) -> None:
    text = "Artikel.\n\nKommentare\n\nDer Minister äußerte sich später erneut.\n"
    assert clean(ruleset, text)[0] == text


def test_removals_with_tidy_leave_no_doubled_or_edge_blank_lines(ruleset) -> None:
    text = "AdUnit A\n\nText eins.\n\nAdUnit B\n\nAdUnit C\n\nText zwei.\n\nAdUnit D\n"
    assert clean(ruleset, text)[0] == "Text eins.\n\nText zwei.\n"


def test_a_vetoed_first_hit_falls_back_to_later_rules(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[rule]]
            id = "a.first"
            category = "nav"
            scope = "line"
            pattern = 'Weiter(?P<x>lesen)?'
            position = "head"
            within = 1
            remove = ["Weiterlesen"]

            [[rule]]
            id = "b.second"
            category = "subscription"
            scope = "line"
            pattern = 'Weiterlesen'
            remove = ["Weiterlesen"]
            """
        )
    )
    ruleset = RuleSet(load_rules([path]))
    assert clean(ruleset, "Text.\nWeiterlesen\n")[1] == [("b.second", "Weiterlesen\n")]


def test_suffix_takes_the_longest_run_of_space_before_it(ruleset) -> None:
    assert clean(ruleset, "Satz.   (red, APA)\n")[0] == "Satz.\n"


def test_a_clean_text_costs_no_line_by_line_work(ruleset) -> None:
    assert ruleset.edits("Ein Satz ohne Boilerplate.\n" * 100) == []


def test_ruleset_pickles(ruleset) -> None:
    clone = pickle.loads(pickle.dumps(ruleset))
    text = "AdUnit X\nText.\n"
    assert clone.edits(text) == ruleset.edits(text)


def test_positions_count_only_lines_that_stay_so_a_second_clean_changes_nothing(ruleset) -> None:
    text = "AdUnit Top\nTitel\nUntertitel\nAusland\nText.\n"
    once, _ = clean(ruleset, text)
    assert once == "Titel\nUntertitel\nText.\n"
    assert clean(ruleset, once)[0] == once


def test_a_line_falls_back_from_a_run_rule_without_a_run_to_a_line_rule(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[rule]]
            id = "a.menu"
            category = "nav"
            scope = "run"
            pattern = 'Sport|Politik|Kultur'
            remove = ["Sport\\nPolitik\\nKultur"]

            [[rule]]
            id = "b.label"
            category = "nav"
            scope = "line"
            pattern = 'Sport'
            position = "head"
            within = 1
            remove = ["Sport"]
            """
        )
    )
    ruleset = RuleSet(load_rules([path]))
    assert clean(ruleset, "Sport\nDer Verein gewann.\n")[1] == [("b.label", "Sport\n")]


def test_an_end_anchored_line_rule_removes_the_whole_line(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[rule]]
            id = "c.caption"
            category = "caption"
            scope = "line"
            anchor = "end"
            pattern = '\\s(?:IMAGO|AFP|AP)(?:/[^/\\n]{2,40})+'
            max_words = 40
            remove = ["Kim und Putin am Flughafen. IMAGO/Gavriil Grigorov"]
            keep = ["Die Agentur AFP/dpa meldete, Putin sei angekommen."]
            """
        )
    )
    ruleset = RuleSet(load_rules([path]))
    text = "Text.\n\nKim und Putin am Flughafen. AP/Ahn Young-joon\n\nMehr Text.\n"
    out, removed = clean(ruleset, text)
    assert out == "Text.\n\nMehr Text.\n"
    assert removed == [("c.caption", "Kim und Putin am Flughafen. AP/Ahn Young-joon\n")]


def test_anchor_is_refused_on_prefix_rules(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        '[[rule]]\nid = "x"\ncategory = "meta"\nscope = "prefix"\nanchor = "end"\n'
        "pattern = 'a'\nremove = ['a b']\n"
    )
    with pytest.raises(RuleError, match=r"p\.toml: rule 'x': prefix and suffix rules are anchored"):
        list(load_rules([path]))


# -- choosing a line's rules by its ends must never hide a match ------------------

#: Shapes the packs use: alternations, optional starts, case-insensitive parts,
#: digits, whitespace classes, and pieces that can begin or end with anything.
SHAPES = [
    r"(?:Jetzt |Hier )?(?:zum|für) (?:News|Newsletter)",
    r"\d{1,2}[.:]\d\d(?: Uhr)?",
    r"[-*•]*[^\S\n]*(?:Anzeige|Werbung)[^\S\n]*[-*]*",
    r"(?i:foto|bild)[^\S\n]*:[^\S\n]*\w+(?: \w+)?",
    r"(?:©|\(c\)|Copyright)\s*[A-ZÄÖÜ][a-zäöü]+",
    r"[\w.-]+\.(?:com|de) nutzt Cookies",
    r"(?:Mehr|Alle) (?:zum Thema|Artikel)|Lesen Sie auch",
    r"\w+ \w+/(?:dpa|AFP)",
]


def _full(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True)


@cache
def _one_rule(pattern: str, anchor: str) -> RuleSet:
    return RuleSet([Rule(f"t.{anchor}", "ad", "line", "test", pattern=pattern, anchor=anchor)])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SHAPES).flatmap(lambda p: st.tuples(st.just(p), _full(p))))
def test_a_line_a_rule_matches_is_always_tried_against_it(case) -> None:
    pattern, line = case  # generated by the re module's rules; the engine uses regex's
    line = line.replace("\n", " ").strip()
    if not line or not regex.fullmatch(pattern, line):
        return
    for anchor in ("whole", "end"):
        edits = _one_rule(pattern, anchor).edits(f"{line}\n")
        assert [e.rule for e in edits] == [f"t.{anchor}"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SHAPES).flatmap(lambda p: st.tuples(st.just(p), st.from_regex(p))))
def test_a_patterns_branches_match_what_it_matches(case) -> None:
    pattern, text = case
    branches = split_branches(pattern)
    assert bool(regex.fullmatch(pattern, text)) == any(regex.fullmatch(b, text) for b in branches)


def test_case_insensitive_matches_share_their_canonical_character() -> None:
    """What makes canonical keys safe: every pair the regex module matches ignoring case."""
    cased = [
        c for c in map(chr, range(0x30000)) if len({c, c.lower(), c.upper(), c.casefold()}) > 1
    ]
    haystack = "".join(cased)
    mismatched = [
        (char, other)
        for char in cased
        for other in regex.findall("(?i)" + regex.escape(char), haystack)
        if canonical(other) != canonical(char)
    ]
    assert mismatched == []


def test_both_ways_of_finding_required_strings_agree() -> None:
    """Few strings are found one search each, many by one automaton: the same lines."""
    text = "  Cookies hier\nkeine\nfoto: x / y\nZwei Foto-Bilder  \n\tcookies\n"
    wanted = {"cookies": 1, "foto": 2, "/": 4, "bild": 8}
    few = LiteralIndex(wanted).lines(TextView(text))
    padded = {**wanted, **{f"zz{i}": 16 for i in range(FIND_LIMIT)}}
    assert LiteralIndex(padded).lines(TextView(text)) == few == {0: 1, 2: 6, 3: 10, 4: 1}
