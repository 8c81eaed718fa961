"""First-character analysis: it may say "any", but it must never hide a match."""

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.rules.firstchar import DIGIT, first_chars, lookup_keys


def test_literal_and_optional_prefixes() -> None:
    assert first_chars(r"(?:Jetzt |Hier )?(?:zum|für) News") == {"J", "H", "z", "f"}
    assert first_chars(r"\d\d:\d\d") == {DIGIT}
    assert first_chars(r"(?=.{8})Foto") == {"F"}


def test_unbounded_starts_are_any() -> None:
    assert first_chars(r".+AFP") is None
    assert first_chars(r"\s*x") is None
    assert first_chars(r"a?") is None
    assert first_chars(r"(unclosed") is None


def test_case_insensitive_patterns_cover_both_cases() -> None:
    assert {"a", "A"} <= first_chars("abc", ignore_case=True)
    assert {"a", "A"} <= first_chars("(?i)abc")
    assert {"k", "K"} <= first_chars("(?i:k)x")


PATTERNS = [
    r"(?:Jetzt |Hier )?(?:zum|für) News",
    r"\d\d:\d\d(?: / \d\d:\d\d)?",
    r"(?:©|\(c\)|Copyright)\s*\w+",
    r"[A-ZÄÖÜ][a-zäöü]+ \d+",
    r"(?i:weiterlesen|mehr)",
    r"Foto: \w+",
]


matching_lines = st.sampled_from(PATTERNS).flatmap(
    lambda pattern: st.tuples(st.just(pattern), st.from_regex(pattern, fullmatch=True))
)


@settings(max_examples=300, deadline=None)
@given(matching_lines)
def test_a_line_that_matches_is_always_filed_under_its_first_character(case) -> None:
    pattern, line = case
    assert regex.fullmatch(pattern, line)
    assert lookup_keys(line[0]) & first_chars(pattern)


def test_unicode_digits_and_case_oddities_find_their_rules() -> None:
    assert DIGIT in lookup_keys("٣")
    assert "s" in lookup_keys("ſ")
    assert "k" in lookup_keys("\u212a")
