"""ftfy's ``fix_and_explain``, without the rounds that cannot change anything.

``fix_and_explain`` repeats its fixers until a whole round changes nothing. After a round in
which only ``fix_encoding`` changed the text, the next round runs ``is_bad`` over the whole
repaired text once more (ftfy's most expensive step) to learn what ``fix_encoding``'s own
loop has just shown: that it is done. This driver runs the same fixers in the same order,
and skips a fixer only on a text it has already left unchanged. The fixers are pure
functions, so the text and the explanation are ftfy's own; a test compares them on ftfy's
test cases and on generated text.
"""

from __future__ import annotations

import unicodedata

from ftfy import FIXERS, TextFixerConfig, fix_encoding_and_explain

#: The fixers ftfy runs after fix_encoding, in its order.
_LATER_FIXERS = (
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_terminal_escapes",
    "remove_control_chars",
)

Steps = list[list[str]]


def _fixers(text: str, config: TextFixerConfig) -> list[str]:
    unescape = config.unescape_html is True or (config.unescape_html == "auto" and "<" not in text)
    names = ["unescape_html"] if unescape else []
    names += ["fix_encoding"] if config.fix_encoding else []
    names += [name for name in _LATER_FIXERS if getattr(config, name)]
    return names + (["normalize"] if config.normalization else [])


def _apply(name: str, text: str, config: TextFixerConfig) -> tuple[str, Steps]:
    if name == "fix_encoding":
        fixed, plan = fix_encoding_and_explain(text, config)
        return fixed, [list(step) for step in plan or []]
    if name == "normalize":
        form = config.normalization
        return unicodedata.normalize(form, text), [["normalize", str(form)]]
    return FIXERS[name](text), [["apply", name]]


def fix_and_explain(text: str, config: TextFixerConfig) -> tuple[str, Steps]:
    """The same as ``ftfy.fix_and_explain(text, config)``, as (text, explanation lists)."""
    steps: Steps = []
    left_unchanged: dict[str, str] = {}
    names = _fixers(text, config)
    while True:
        start = text
        for name in names:
            if left_unchanged.get(name) == text:
                continue
            fixed, explanation = _apply(name, text, config)
            if fixed != text or name == "fix_encoding":
                steps += explanation
            if fixed == text or name == "fix_encoding":
                # fix_encoding loops until its own last step changes nothing: it is done.
                left_unchanged[name] = fixed
            text = fixed
        if text == start:
            return text, steps
