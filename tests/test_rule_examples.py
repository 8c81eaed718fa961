"""Every built-in rule against its own examples, and the loader's refusals of broken packs.

The examples are the rules' tests: each ``remove`` example must be removed by
its rule and each ``keep`` example must not be, with all built-in rules loaded
as context (a keep example is a real-looking sentence with the trigger word
in running text). A user's pack gets the same check from ``cleaner rules test``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.passes.rules import select_rules
from cleaner.rules import RuleError, RuleSet, builtin_rule_files, load_rules
from cleaner.rules.examples import check_examples, removes
from cleaner.rules.model import BOILERPLATE_CATEGORIES

RULES = select_rules()
RULESET = RuleSet(RULES)
#: The categories the built-in packs are written for.
CATEGORIES = BOILERPLATE_CATEGORIES


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_removes_its_remove_examples_and_keeps_its_keep_examples(rule) -> None:
    assert rule.remove, f"{rule.id} has no remove example"
    not_removed = [example for example in rule.remove if not removes(RULESET, rule, example)]
    wrongly_removed = [example for example in rule.keep if removes(RULESET, rule, example)]
    assert not_removed == [], f"{rule.id}: not removed: {not_removed}"
    assert wrongly_removed == [], f"{rule.id}: removed but must be kept: {wrongly_removed}"


def test_check_examples_reports_nothing_for_the_built_in_packs() -> None:
    assert [str(failure) for failure in check_examples(RULESET)] == []


def test_every_rule_has_keep_examples_and_a_known_category() -> None:
    assert [r.id for r in RULES if not r.keep] == []
    assert {r.category for r in RULES} == CATEGORIES


def test_the_packs_cover_each_category_in_german_and_english() -> None:
    covered = Counter((rule.id.split(".")[0], rule.category) for rule in RULES)
    for language in ("de", "en"):
        missing = {c for c in CATEGORIES if not covered[(language, c)] and not covered[("mul", c)]}
        assert missing == set(), f"{language}: no rule for {sorted(missing)}"
    common = {"ad", "cookie", "subscription", "social", "comments", "credit", "nav"}
    for language in ("fr", "es", "it", "nl", "pt", "pl"):
        missing = {c for c in common if not covered[(language, c)]}
        assert missing == set(), f"{language}: no rule for {sorted(missing)}"


def test_rule_ids_name_their_pack_and_category() -> None:
    for rule in RULES:
        language, category = rule.id.split(".")[:2]
        pack = Path(rule.source).stem
        assert pack == f"{language}-{category}", f"{rule.id} lives in {pack}.toml"
        assert rule.category == category
        assert rule.languages in ((), (language,)), rule.id


def test_a_checker_that_ignored_examples_would_be_caught() -> None:
    """The example check can fail: a keep example that the rule removes is reported."""
    rule = next(r for r in RULES if r.id == "de.ad.marker")
    assert removes(RULESET, rule, "Anzeige")
    assert not removes(RULESET, rule, "Die Familie will Anzeige erstatten.")


# -- malformed packs -------------------------------------------------------------------------

GOOD = """
[[rule]]
id = "my.ad.banner"
category = "ad"
scope = "line"
pattern = '''Reklame'''
remove = ["Reklame"]
keep = ["Die Reklame an der Hauswand ist alt."]
"""

BROKEN = {
    "unknown field": (
        GOOD.replace('scope = "line"', 'scope = "line"\ncolour = "red"'),
        "unknown field 'colour'",
    ),
    "bad regex": (GOOD.replace("'''Reklame'''", "'''Rek(lame'''"), "bad pattern"),
    "missing remove examples": (
        GOOD.replace('remove = ["Reklame"]\n', ""),
        "needs at least one 'remove' example",
    ),
    "empty remove examples": (
        GOOD.replace('remove = ["Reklame"]', "remove = []"),
        "needs at least one 'remove' example",
    ),
    "bad scope": (GOOD.replace('scope = "line"', 'scope = "page"'), "scope 'page' is not one of"),
    "pattern and phrases": (
        GOOD.replace('scope = "line"', 'scope = "line"\nphrases = ["Reklame"]'),
        "exactly one of 'pattern' and 'phrases'",
    ),
    "missing category": (GOOD.replace('category = "ad"\n', ""), "'category' is missing"),
    "bad id": (GOOD.replace('"my.ad.banner"', '"My Banner"'), "'id' must be lower-case"),
    "bad position": (
        GOOD.replace('scope = "line"', 'scope = "line"\nposition = "middle"'),
        "position must be one of",
    ),
}


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_a_malformed_rule_is_refused_naming_file_rule_and_problem(tmp_path, problem) -> None:
    text, message = BROKEN[problem]
    path = tmp_path / "my-ad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        list(load_rules([path]))
    error = str(caught.value)
    assert str(path) in error
    assert message in error
    if problem != "bad id":
        assert "'my.ad.banner'" in error


def test_the_good_pack_used_above_loads(tmp_path) -> None:
    path = tmp_path / "my-ad.toml"
    path.write_text(GOOD, encoding="utf-8")
    (rule,) = load_rules([path])
    assert (rule.id, rule.category, rule.scope) == ("my.ad.banner", "ad", "line")


def test_invalid_toml_is_refused_naming_the_file(tmp_path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[[rule]]\nid = "x.ad.y\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"broken\.toml"):
        list(load_rules([path]))


def test_a_duplicate_id_is_refused_naming_both_files(tmp_path) -> None:
    first, second = tmp_path / "a-ad.toml", tmp_path / "b-ad.toml"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        list(load_rules([first, second]))
    error = str(caught.value)
    assert str(second) in error and str(first) in error
    assert "'my.ad.banner'" in error and "already used" in error


def test_a_user_pack_reusing_a_built_in_id_is_refused(tmp_path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace("my.ad.banner", "de.ad.marker"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"de\.ad\.marker"):
        list(load_rules([*builtin_rule_files(), path]))


# -- the command line ------------------------------------------------------------------------


def test_cleaner_rules_test_passes_on_the_built_in_packs() -> None:
    result = CliRunner().invoke(main, ["rules", "test"])
    assert result.exit_code == 0, result.output
    assert f"{len(RULES)} rules" in result.output


def test_cleaner_rules_test_exits_1_on_a_user_pack_with_a_failing_example(tmp_path) -> None:
    path = tmp_path / "my-ad.toml"
    path.write_text(GOOD.replace('keep = ["', 'keep = ["Reklame", "'), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert result.exit_code == 1
    assert "my.ad.banner" in result.output
    assert "'Reklame' is removed but must be kept" in result.output


def test_cleaner_rules_test_exits_0_on_a_good_user_pack(tmp_path) -> None:
    path = tmp_path / "my-ad.toml"
    path.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 rules" in result.output


def test_cleaner_rules_test_reports_a_malformed_user_pack(tmp_path) -> None:
    path = tmp_path / "my-ad.toml"
    path.write_text(BROKEN["bad regex"][0], encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert result.exit_code != 0
    assert "my.ad.banner" in result.output and "bad pattern" in result.output
