"""The repair pass: what it repairs, what it flags, and what it must leave alone."""

from __future__ import annotations

import json
import pickle
import re
from html.parser import HTMLParser
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs used to make mojibake)
import pytest
from ftfy import fix_and_explain
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.core.document import Document
from cleaner.core.edits import Edit
from cleaner.core.pipeline import Pipeline
from cleaner.passes.repair import FTFY_CONFIG, FTFY_KINDS, Repair
from cleaner.passes.repair.ftfy_driver import fix_and_explain as ftfy_driver
from cleaner.passes.repair.gate import MOJIBAKE_CHARS, kinds, looks_damaged
from tests.conftest import FIXTURES, documents, shared_path

PIPELINE = Pipeline(["repair"])
SEEDS = sorted((FIXTURES / "input").glob("*.txt"))

#: Everyday sentences, each with the legacy code pages it was commonly written in.
SENTENCES = {
    "Статья о новой школе в городе была опубликована вчера.": ("windows-1251", "koi8-r"),
    "Вчора газета надрукувала статтю про нову школу в місті.": ("windows-1251",),
    "Η εφημερίδα δημοσίευσε χθες ένα άρθρο για το νέο σχολείο.": ("windows-1253",),
    "Wczoraj gazeta opublikowała artykuł o nowej szkole w mieście.": (
        "windows-1250",
        "iso-8859-2",
    ),
    "Včera noviny zveřejnily článek o nové škole ve městě.": ("windows-1250",),
    "Dün gazete şehirdeki yeni okul hakkında bir makale yayımladı.": ("windows-1254",),
}
OTHER_SENTENCES = [
    "Die Atommächte haben ein neues Bündnis geschmiedet, „sagte“ er – außen vor.",
    "L’été dernier, la société a créé un œuvre à Noël… « Ça va » ?",
    "El niño comió piñata y jamón; ¿qué más?",
    "東京で新しい学校が開かれた。",
    "كتب الصحفي مقالا عن المدرسة الجديدة",
    "🔥 Emoji 👍🏽 and ½ × ² ™ © ® °C",
]


def repair(text: str) -> Document:
    return PIPELINE.run(text)


def text_edits(text: str, **options: object) -> list[Edit]:
    return [e for e in Repair(**options).edits(Document("t", text)) if e.changes_text]  # type: ignore[arg-type]


def flags(text: str) -> list[Edit]:
    return [e for e in Repair().edits(Document("t", text)) if not e.changes_text]


def damaged(text: str, codepage: str = "utf-8", reader: str = "sloppy-windows-1252") -> str:
    return text.encode(codepage).decode(reader)


# --- the seeds ---------------------------------------------------------------------------


def test_seed_001_is_repaired_everywhere_front_matter_included() -> None:
    source = (FIXTURES / "input/001_d349342649c47bb0.txt").read_text(encoding="utf-8")
    doc = repair(source)
    lines = doc.text.splitlines()
    assert lines[2] == (
        'title: "🔥🔥 [Nordkorea] Putin in Nordkorea: Vertrag über strategische Partnerschaft"'
    )
    assert lines[12].startswith("Pjöngjang. Die Atommächte Russland")
    assert "«historischen Besuch»" in doc.text
    assert not re.search("[ÃÂ]|â€|ğŸ", doc.text)
    assert all(r.category == "encoding" and r.rule == "repair.mojibake" for r in doc.log)
    chains = {tuple(map(tuple, r.details["chain"])) for r in doc.log if r.details}
    assert (("encode", "sloppy-windows-1254"), ("decode", "utf-8")) in chains
    assert (("encode", "sloppy-windows-1252"), ("decode", "utf-8")) in chains
    reasons = {r.reason for r in doc.log}
    assert {"UTF-8 read as Windows-1252", "UTF-8 read as Windows-1254"} <= reasons


def test_seed_001_edits_are_small_and_readable() -> None:
    source = (FIXTURES / "input/001_d349342649c47bb0.txt").read_text(encoding="utf-8")
    records = repair(source).log
    title = next(r for r in records if r.line == 3 and "🔥" in (r.replacement or ""))
    assert (title.text, title.replacement) == ('"ğŸ”¥ğŸ”¥', '"🔥🔥')
    assert any((r.text, r.replacement) == ("PjÃ¶ngjang.", "Pjöngjang.") for r in records)
    assert max(len(r.text) for r in records) < 200


@pytest.mark.parametrize("seed", [p for p in SEEDS if not p.name.startswith("001")], ids=str)
def test_clean_seeds_get_no_repair_edits(seed: Path) -> None:
    assert Repair().edits(Document(seed.name, seed.read_text(encoding="utf-8"))) == []


# --- paragraph by paragraph --------------------------------------------------------------


def test_a_mixed_file_is_repaired_only_where_it_is_damaged() -> None:
    clean = "Größe und Übermut: „Straße“ – ça va, naïve café, 🔥 ½ × ²."
    text = f"{clean}\n\n{damaged('Die Atommächte und ihr Bündnis.')}\n\n{clean}\n"
    edits = text_edits(text)
    damaged_start = len(clean) + 2
    damaged_end = text.index("\n\n", damaged_start)
    assert edits and all(damaged_start <= e.start < e.end <= damaged_end for e in edits)
    assert repair(text).text == f"{clean}\n\nDie Atommächte und ihr Bündnis.\n\n{clean}\n"


def test_a_paragraph_with_two_code_pages_is_repaired_line_by_line() -> None:
    text = "title: ğŸ”¥ ✓\nbody: fÃ¼r ✓"
    assert repair(text).text == "title: 🔥 ✓\nbody: für ✓"


def test_mojibake_embedded_in_good_text_is_repaired() -> None:
    assert (
        repair("Größe für Straße, aber fÃ¼r Ã¼berall").text == "Größe für Straße, aber für überall"
    )


# --- what the other rules repair ---------------------------------------------------------


def test_entities_in_plain_text_are_unescaped_but_not_next_to_markup() -> None:
    [edit] = text_edits("Fish &amp; Chips, caf&eacute; &#8211; fine")
    assert edit.rule == "repair.entities"
    assert repair("Fish &amp; Chips, caf&eacute; &#8211; fine").text == "Fish & Chips, café – fine"
    assert text_edits("<b>Fish &amp; Chips</b>") == []
    assert text_edits("Fish &amp; Chips", entities=False) == []


def test_c1_controls_become_windows_1252_punctuation() -> None:
    [edit] = text_edits("Er sagte \x84ja\x93 \x96 und ging\x85")
    assert edit.rule == "repair.c1-controls"
    assert repair("Er sagte \x84ja\x93 \x96 und ging\x85").text == "Er sagte „ja“ – und ging…"


@pytest.mark.parametrize(
    ("sentence", "codepage"),
    [(s, cp) for s, codepages in SENTENCES.items() for cp in codepages],
)
def test_a_legacy_code_page_read_as_windows_1252_is_re_read(sentence: str, codepage: str) -> None:
    doc = repair(damaged(sentence, codepage))
    assert doc.text == sentence
    assert doc.log
    for record in doc.log:
        assert record.rule == "repair.codepage"
        assert record.details is not None
        assert record.details["chain"] == [["encode", "sloppy-windows-1252"], ["decode", codepage]]
        assert record.reason.endswith("text read as Windows-1252")


def test_the_title_word_from_the_issue() -> None:
    assert repair("Ñòàòüÿ").text == "Статья"
    assert text_edits("Ñòàòüÿ", codepages=False) == []


@pytest.mark.parametrize("sentence", [*SENTENCES, *OTHER_SENTENCES])
def test_real_text_is_left_alone(sentence: str) -> None:
    assert Repair().edits(Document("t", sentence)) == []


def test_repair_does_not_normalize() -> None:
    text = (
        "“Curly” ‘quotes’, ﬁne ligatures, ＦＵＬＬ　ｗｉｄｔｈ，\r\nCRLF, cafe\u0301, \x1b[1m, \x00"
    )
    assert Repair().edits(Document("t", text)) == []


def test_surrogate_pairs_are_joined_and_lone_ones_flagged() -> None:
    doc = repair("fire \ud83d\udd25 and a lone \ud83d here")
    assert doc.text == "fire 🔥 and a lone \ufffd here"
    assert sorted(r.rule for r in doc.log) == ["repair.surrogates", "repair.unrecoverable"]


# --- what it flags -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Die Gr??e der Stadt", "Gr??e"),
        ("Er wohnt in M?nchen.", "M?nchen."),
        ("Das ist ?ber alles", "?ber"),
        ("Ein Verlust: Gr\ufffd\ufffde", "Gr\ufffd\ufffde"),
    ],
)
def test_lost_characters_are_flagged_and_kept(text: str, word: str) -> None:
    [flag] = flags(text)
    assert (flag.rule, flag.replacement, text[flag.start : flag.end]) == (
        "repair.unrecoverable",
        None,
        word,
    )
    assert repair(text).text == text


@pytest.mark.parametrize(
    "text",
    ["What???", "Wirklich?! Ja?", "See https://example.com/page?id=3&x=y now", "?? ok", "a ? b"],
)
def test_question_marks_that_are_punctuation_are_not_flagged(text: str) -> None:
    assert flags(text) == []


def test_a_repair_that_reveals_lost_bytes_is_flagged() -> None:
    doc = repair("â€œlossy decodingâ€\ufffd")
    assert doc.text == "“lossy decoding\ufffd"
    assert [r.rule for r in doc.log if r.replacement is None] == ["repair.unrecoverable"]


def test_flags_can_be_turned_off() -> None:
    assert Repair(flag_unrecoverable=False).edits(Document("t", "Die Gr??e")) == []


# --- code stays as it is -----------------------------------------------------------------


MARKDOWN = f"""# Encodings

Wrong: `fÃ¼r` is mojibake, and so is {damaged("für")} here.

```python
print("fÃ¼r")
```

    indented: fÃ¼r M?nchen
"""


def test_markdown_code_is_left_as_it_is() -> None:
    doc = repair(MARKDOWN)
    assert doc.text == MARKDOWN.replace("so is fÃ¼r here", "so is für here")
    assert len(doc.log) == 1


def test_indented_text_is_repaired_when_the_text_is_not_markdown() -> None:
    text = "Title page\n\n        KURT WOLFF VERLAG Â· LEIPZIG"
    assert repair(text).text == "Title page\n\n        KURT WOLFF VERLAG · LEIPZIG"


def test_code_is_repaired_when_protection_is_off() -> None:
    edits = text_edits(MARKDOWN, protect_code=False)
    assert len(edits) == 4


@pytest.mark.parametrize("name", ["forceutf8-README.md", "ftfy-README.md"])
def test_documents_about_mojibake_come_through_unchanged(name: str) -> None:
    text = shared_path("benchmarks/encoding/mojibake_docs", name).read_text(encoding="utf-8")
    assert Repair().edits(Document(name, text)) == []


def test_kuhns_utf8_demo_is_unchanged_but_its_replacement_character_is_flagged() -> None:
    text = shared_path("benchmarks/encoding/kuhn/UTF-8-demo.txt").read_text(encoding="utf-8")
    [flag] = Repair().edits(Document("kuhn", text))
    assert flag.replacement is None and "\ufffd" in text[flag.start : flag.end]


# --- real text in many languages (UDHR) --------------------------------------------------


class _Paragraphs(HTMLParser):
    """The text of the h1, h2, p and li elements of a UDHR page."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self._open = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("h1", "h2", "p", "li"):
            self._open += 1
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "p", "li"):
            self._open -= 1

    def handle_data(self, data: str) -> None:
        if self._open:
            self.paragraphs[-1] += data


def udhr(code: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(shared_path("benchmarks/encoding/udhr", f"{code}.html").read_text("utf-8"))
    return [" ".join(p.split()) for p in parser.paragraphs if p.strip()]


UDHR_CODEPAGES = [
    ("rus", "windows-1251"),
    ("rus", "koi8-r"),
    ("ukr", "windows-1251"),
    ("bul", "windows-1251"),
    ("ell_monotonic", "windows-1253"),
    ("ell_monotonic", "iso-8859-7"),
    ("pol", "windows-1250"),
    ("pol", "iso-8859-2"),
    ("ces", "windows-1250"),
    ("tur", "windows-1254"),
]


@pytest.mark.parametrize(("code", "codepage"), UDHR_CODEPAGES)
def test_udhr_read_in_the_wrong_code_page_is_restored(code: str, codepage: str) -> None:
    """Most paragraphs come back exactly; none comes back as anything else but itself."""
    cases = []
    for paragraph in udhr(code):
        try:
            cases.append((paragraph, damaged(paragraph, codepage)))
        except UnicodeEncodeError:
            continue
    outputs = [(paragraph, bad, repair(bad).text) for paragraph, bad in cases if bad != paragraph]
    restored = sum(out == paragraph for paragraph, _, out in outputs)
    assert all(out in (paragraph, bad) for paragraph, bad, out in outputs)
    assert restored >= 0.85 * len(outputs)


UDHR_LANGUAGES = (
    *("bul", "ces", "cmn_hans", "cmn_hant", "deu_1996", "ell_monotonic", "eng", "fin", "fra"),
    *("hun", "isl", "ita", "jpn", "kor", "nld", "pol", "por_BR", "por_PT", "ron_2006", "rus"),
    *("slk", "spa", "tur", "ukr", "vie"),
)


@pytest.mark.parametrize("code", UDHR_LANGUAGES)
def test_real_udhr_text_is_left_alone(code: str) -> None:
    text = "\n\n".join(udhr(code))
    assert Repair().edits(Document(code, text)) == []


# --- the gate ----------------------------------------------------------------------------

_READERS = [
    "sloppy-windows-1252",
    "latin-1",
    "sloppy-windows-1254",
    "sloppy-windows-1251",
    "sloppy-windows-1250",
    "sloppy-windows-1253",
    "sloppy-windows-1257",
    "iso-8859-2",
    "macroman",
    "cp437",
]
_sentences = st.sampled_from([*SENTENCES, *OTHER_SENTENCES])


@st.composite
def _mojibake(draw: st.DrawFn) -> str:
    return draw(_sentences).encode("utf-8").decode(draw(st.sampled_from(_READERS)), "replace")


@st.composite
def _legacy(draw: st.DrawFn) -> str:
    sentence = draw(_sentences)
    codepage = draw(st.sampled_from(["windows-1251", "windows-1250", "windows-1253", "koi8-r"]))
    return sentence.encode(codepage, "ignore").decode("sloppy-windows-1252")


_pieces = st.one_of(
    _sentences,
    _mojibake(),
    _legacy(),
    st.sampled_from(["&amp;", "&eacute;", "&#233;", "&#x2019;", "&EACUTE;", "&foo;", "<b>", "?"]),
    st.text(st.sampled_from(sorted(MOJIBAKE_CHARS) + list("aA .?&;#\xa0\ufffd\x85")), max_size=8),
    st.text(max_size=12),
)
_texts = st.lists(_pieces, max_size=6).flatmap(
    lambda parts: st.sampled_from([" ", "", "\n"]).map(lambda sep: sep.join(parts))
)


def _gate_is_right(text: str) -> None:
    """Without signs of the kinds ftfy repairs, ftfy changes nothing; without any sign of
    damage, the pass changes and flags nothing."""
    if not kinds(text) & FTFY_KINDS:
        assert fix_and_explain(text, FTFY_CONFIG).text == text
    if not looks_damaged(text):
        assert Repair().edits(Document("t", text)) == []


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_the_gate_never_skips_what_ftfy_would_fix(text: str) -> None:
    _gate_is_right(text)


def test_the_gate_never_skips_a_pair_of_characters_ftfy_finds_bad() -> None:
    alphabet = sorted(MOJIBAKE_CHARS) + list("aA .1")
    for first in alphabet:
        for second in alphabet:
            if not kinds(first + second) & FTFY_KINDS:
                assert fix_and_explain(first + second, FTFY_CONFIG).text == first + second


def test_the_gate_is_right_on_the_seeds() -> None:
    for seed in SEEDS:
        for paragraph in seed.read_text(encoding="utf-8").split("\n\n"):
            _gate_is_right(paragraph)


def test_the_gate_is_right_on_ftfys_test_cases() -> None:
    for path in sorted(shared_path("benchmarks/ftfy-cases").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            for key in ("original", "fixed", "fixed-encoding"):
                _gate_is_right(case.get(key, ""))


# --- promises ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.one_of(documents(), _texts))
def test_repair_is_idempotent(text: str) -> None:
    once = repair(text).text
    assert [e for e in Repair().edits(Document("t", once)) if e.changes_text] == []


def test_the_pass_pickles_and_keeps_its_options() -> None:
    clone = pickle.loads(pickle.dumps(Repair(codepages=False, max_segment=50)))
    assert (clone.codepages, clone.max_segment) == (False, 50)
    assert clone.edits(Document("t", "fÃ¼r")) == Repair().edits(Document("t", "fÃ¼r"))


def test_unknown_options_are_refused() -> None:
    with pytest.raises(ValueError, match="repair"):
        Pipeline(["repair"], {"repair": {"colour": "blue"}})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Die AtommÃ¤chte haben ein neues BÃ¼ndnis geschmiedet, â€žsagteâ€œ er â€“ auÃŸen"
            " vor. Ñòàòüÿ î íîâîé øêîëå â ãîðîäå áûëà îïóáëèêîâàíà â÷åðà.",
            "Die Atommächte haben ein neues Bündnis geschmiedet, „sagte“ er – außen vor."
            " Статья о новой школе в городе была опубликована вчера.",
        ),
        (
            "Wczoraj gazeta opublikowa³a artyku³ o nowej szkole w mieœcie. ×¸",
            "Wczoraj gazeta opublikowała artykuł o nowej szkole w mieście. \u05f8",
        ),
    ],
)
def test_a_paragraph_with_two_kinds_of_damage_is_repaired_in_rounds(text, expected) -> None:
    """Found by hypothesis: one round left damage that a second clean then repaired."""
    once = repair(text).text
    assert once == expected
    assert repair(once).text == once


@pytest.mark.parametrize("separator", ["\n", "\u2028", "\u2029", "\r"])
def test_mojibake_before_any_line_break_is_repaired_alike(separator: str) -> None:
    """Found by hypothesis: '¬Ä' before U+2028 was left, and repaired once normalized."""
    assert repair(f"Preis: 5 ¬Ä{separator}").text == f"Preis: 5 €{separator}"


def _same_as_ftfy(text: str) -> None:
    """The driver gives ftfy's text and the steps that changed it, in ftfy's order."""
    ours, steps = ftfy_driver(text, FTFY_CONFIG)
    theirs = fix_and_explain(text, FTFY_CONFIG)
    assert ours == theirs.text
    expected = [list(step) for step in theirs.explanation or []]
    assert [s for i, s in enumerate(steps) if i == 0 or steps[i - 1] != s] == [
        s for i, s in enumerate(expected) if i == 0 or expected[i - 1] != s
    ]


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_the_ftfy_driver_gives_ftfys_answer(text: str) -> None:
    _same_as_ftfy(text)


def test_the_ftfy_driver_gives_ftfys_answer_on_its_test_cases() -> None:
    for path in sorted(shared_path("benchmarks/ftfy-cases").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            _same_as_ftfy(case["original"])


# --- issue 14, items 16 and 17 -------------------------------------------------------------


def test_entities_in_html_source_are_left_alone_even_in_paragraphs_without_a_tag() -> None:
    """ftfy decides on the whole text: HTML source keeps its entities. Deciding per
    paragraph unescaped every paragraph of a page that held no '<' of its own."""
    page = shared_path("benchmarks/encoding/gutenberg/pg11-h.htm").read_text("utf-8")
    assert "&rsquo;" in page and fix_and_explain(page)[0] == page
    assert Pipeline(["repair"]).run(page).text == page
    lines = [line for line in page.splitlines() if "&rsquo;" in line and "<" not in line]
    assert len(lines) > 100  # the case a per-line or per-paragraph test got wrong
    plain = "\n\n".join(lines)
    assert "&rsquo;" not in repair(plain).text  # without any '<', entities are unescaped


def test_a_bom_read_as_windows_1252_inside_mojibake_is_removed_in_one_clean() -> None:
    """A stray U+FEFF inside the text (files concatenated with their BOMs) read as
    Windows-1252 with the rest: 'ï»¿' is removed with the repair, also when it sits inside
    another character's mojibake, so a second clean changes nothing."""
    first, second = [p for p in udhr("deu_1996") if "ä" in p][:2]
    bom = "\ufeff".encode()
    utf8 = first.encode() + b"\n\n" + bom + second.encode()
    inside = second.encode()
    cut = inside.index("ä".encode()) + 1  # between the two bytes of a character
    utf8_inside = first.encode() + b"\n\n" + inside[:cut] + bom + inside[cut:]
    pipeline = Pipeline(["controls", "repair", "normalize"])
    for data in (utf8, utf8_inside):
        damaged_text = data.decode("sloppy-windows-1252")
        assert "ï»¿" in damaged_text
        doc = pipeline.run(damaged_text)
        assert doc.text == f"{first}\n\n{second}"
        assert pipeline.run(doc.text).text == doc.text
        assert not [r for r in doc.log if r.rule.startswith("normalize")]


# --- issue 14, item 15: UTF-8 read as Windows-1251 or Mac Roman where ftfy does not look ----


def test_emoji_read_as_windows_1251_are_repaired() -> None:
    """Real commit subjects full of emoji, their UTF-8 read as Windows-1251 ('вњЁ' for ✨).
    ftfy alone repairs few of them (17 of 186 when written)."""
    path = shared_path("benchmarks/encoding/gitmoji/commit-subjects.txt")
    subjects = [s for s in path.read_text("utf-8").splitlines() if s.strip()]
    damaged_subjects = [s.encode().decode("sloppy-windows-1251") for s in subjects]
    right = sum(repair(d).text == s for d, s in zip(damaged_subjects, subjects, strict=True))
    assert right == len(subjects)
    [record, *_] = repair(damaged_subjects[0]).log
    assert record.rule == "repair.mojibake" and record.reason == "UTF-8 read as Windows-1251"


@pytest.mark.parametrize("code", ["spa", "por_PT"])
def test_one_word_read_as_mac_roman_inside_good_text_is_repaired(code: str) -> None:
    """A single word whose UTF-8 was read as Mac Roman ('estar√°'), the rest correct."""
    paragraphs = [p for p in udhr(code) if len(p.split()) > 8][:20]
    repaired = 0
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        index = next((i for i, w in enumerate(words) if w.isalpha() and not w.isascii()), None)
        if index is None:
            continue
        words[index] = words[index].encode().decode("mac-roman")
        doc = repair(" ".join(words))
        assert doc.text == paragraph
        assert {r.reason for r in doc.log} == {"UTF-8 read as Mac Roman"}
        repaired += 1
    assert repaired >= 10


@pytest.mark.parametrize("code", ["rus", "ukr", "bul", "spa"])
def test_text_that_holds_the_anchors_of_these_readings_is_left_alone(code: str) -> None:
    text = "\n\n".join(udhr(code)) + "\n\nЊегова љубав, √2 ≈ 1,41, № 5 «её»"
    assert Repair().edits(Document("t", text)) == []


# --- issue 14, item 12: East Asian multi-byte text read as Windows-1252 or Latin-1 ---------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("unsu-joh-eun-nal-utf-8.txt", "euc_kr"),
        ("sunzi-bingfa-simplified-utf-8.txt", "gb18030"),
        ("sunzi-bingfa-traditional-utf-8.txt", "big5"),
    ],
)
@pytest.mark.parametrize("reader", ["sloppy-windows-1252", "latin-1"])
def test_cjk_text_read_as_a_western_code_page_is_re_read(
    name: str, encoding: str, reader: str
) -> None:
    """Paragraphs of real Korean and Chinese, their legacy bytes read as Windows-1252 or
    Latin-1 ('ÐòÑÔ' for '序言'): re-read in their multi-byte encoding, not left as they are
    nor made worse by ftfy (which takes some byte pairs for UTF-8)."""
    book = shared_path("benchmarks/encoding/golang_x_text", name).read_text("utf-8")
    paragraphs = [p for p in book.split("\n\n") if len(p) > 40 and not p.isascii()][:30]
    cases = []
    for paragraph in paragraphs:
        try:
            cases.append((paragraph.encode(encoding).decode(reader), paragraph))
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    assert len(cases) >= 20
    right = sum(repair(damaged_text).text == text for damaged_text, text in cases)
    assert right >= 0.8 * len(cases)  # when written: Korean 100%, Chinese 94% and 82%
    record = repair(cases[0][0]).log[0]
    assert record.details is not None and record.details["chain"][-1] == ["decode", encoding]


def test_japanese_udhr_read_as_latin_1_is_re_read() -> None:
    paragraphs = [p for p in udhr("jpn") if len(p) > 20]
    cases = [(p.encode("shift_jis").decode("latin-1"), p) for p in paragraphs[:30]]
    assert sum(repair(d).text == p for d, p in cases) >= 0.9 * len(cases)
