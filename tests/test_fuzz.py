"""The pipeline's promises on hostile documents (tests/strategies.py).

Each property is a plain ``check_*`` function of one input, so that
``bench/fuzz.py`` runs the very same checks with many more examples. The
tests below run them with a budget small enough for every CI run.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from cleaner.core.document import Document
from cleaner.core.log import LogRecord, read_records, write_records
from cleaner.core.pipeline import Pipeline
from cleaner.core.restore import restore
from cleaner.passes import decode
from cleaner.passes.decode import BinaryInputError
from cleaner.text import plausibility, readings
from tests import strategies
from tests.conftest import ROOT

PIPELINE = Pipeline()
DOC_IDS = st.sampled_from(("doc.txt", "page.html", "<text>"))
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters the default pipeline never leaves in its output (README, [normalize]).
_NEVER_IN_OUTPUT = re.compile(
    "[\r\u2028\u2029\u200b\u2060\ufeff\u00ad\u180e\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


#: Inputs set aside because they show a bug already reported, by bug: a regression test
#: marked xfail below pins each one, so the properties stay green until it is fixed.
KNOWN_ISSUES: Counter[str] = Counter()


def known_issue(name: str) -> None:
    KNOWN_ISSUES[name] += 1
    reject()


def run(data: bytes | str, doc_id: str) -> Document | None:
    """The pipeline's document, or None when it refused the bytes (a justified refusal)."""
    try:
        return PIPELINE.run(data, doc_id)
    except BinaryInputError as error:
        assert isinstance(data, bytes), "text input was refused as binary"
        assert_refusal_is_justified(data, str(error))
        return None


def decoded_input(data: bytes | str) -> str:
    """What restore must give back: the text itself, or the decode pass's reading of bytes."""
    return data if isinstance(data, str) else PIPELINE.decoder.decode(data).text


# --- binary refusals -----------------------------------------------------------------

_TEXT_CONTROLS = b"\t\n\v\f\r\x1a\x1b\x0e\x0f"


def _is_utf8_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def _starts_like(data: bytes, kind: str, settles: bool) -> bool:
    """Whether ``data`` starts with a signature decode names ``kind``."""
    return any(
        kind == named and pattern.match(data) and (alone or not settles)
        for pattern, named, alone in decode._SIGNATURES
    )


def _nul_patterns(data: bytes) -> set[str]:
    """The UTF-16/32 byte orders whose NUL pattern the data shows, as decode's docstring
    defines them: UTF-16 has NUL on one side of its units far more than on the other,
    UTF-32 in the top byte of every unit and the next one almost always.
    """
    head, found = data[:65536], set()
    if len(data) % 4 == 0:
        zeros = [head[i::4].count(0) / (len(head) // 4) for i in range(4)]
        if zeros[3] == 1.0 and zeros[2] >= 0.9:
            found.add("utf-32-le")
        if zeros[0] == 1.0 and zeros[1] >= 0.9:
            found.add("utf-32-be")
    if len(data) % 2 == 0:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 4 * even:
            found.add("utf-16-le")
        elif even > 4 * odd:
            found.add("utf-16-be")
    return found


def _control_bytes(data: bytes) -> list[int]:
    return [i for i, b in enumerate(data) if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F]


def assert_refusal_is_justified(data: bytes, message: str) -> None:
    """A refusal says what the bytes look like, and what it says is true of them."""
    assert not _is_utf8_text(data), f"valid NUL-free UTF-8 refused: {message}"
    if match := re.fullmatch(r"binary data: NUL byte at offset (\d+), looks like (.+)", message):
        assert data.index(0) == int(match[1])
        assert _starts_like(data, match[2], settles=False), message
    elif match := re.fullmatch(
        r"binary data: NUL byte at offset (\d+) \((\d+) of (\d+) bytes are NUL\)"
        r"(?:, and not in the pattern of UTF-16 or UTF-32 text| in the pattern of (.+), "
        r"but not text in it \(invalid, odd characters or no words\))",
        message,
    ):
        assert (data.index(0), data.count(0), len(data)) == tuple(map(int, match.groups()[:3]))
        named = set(match[4].split(" or ")) if match[4] else set()
        assert named == _nul_patterns(data), message
    elif match := re.fullmatch(r"binary data: looks like (.+)", message):
        assert _starts_like(data, match[1], settles=True), message
    elif match := re.fullmatch(
        r"binary data: (\d+) control bytes in (\d+) \(the first at offset (\d+)\), "
        r"more than text holds",
        message,
    ):
        controls = _control_bytes(data)
        assert (len(controls), len(data), controls[0]) == tuple(map(int, match.groups()))
        assert len(controls) > max(2, decode.MAX_CONTROL_SHARE * len(data))
    elif match := re.fullmatch(
        r"binary data: no plausible text encoding \(the best reading, (\S+), has (\d+) control, "
        r"unassigned or misplaced box-drawing characters, and so has every other\)",
        message,
    ):
        # Latin-1 reads any bytes, so its reading was judged too: its odd characters are
        # the bytes of C0 controls (other than whitespace) and of C1 controls.
        odd = len(re.findall(rb"[\x00-\x08\x0e-\x1f\x7f-\x9f]", data))
        assert int(match[2]) > 0 and odd > 0, message
        if len(data) <= plausibility.SAMPLE_CHARS:
            assert odd > readings.MAX_RARE_SHARE * len(data), message
    else:
        assert re.fullmatch(
            r"binary data: no plausible text encoding \(the best reading, \S+, "
            r"has no words of any language: plausibility 0\.0\d\)",
            message,
        ), f"refusal that names nothing the bytes look like: {message}"


# --- the log -------------------------------------------------------------------------


def replay(text: str, records: Iterable[LogRecord]) -> str:
    """Apply the log forwards to the input; every record must say what it took from where.

    A change the log does not hold, or a record whose text is not what stood at its
    offsets, makes the replay differ from the output or fail here.
    """
    for _, group in groupby(records, key=lambda r: r.stage):
        stage = list(group)
        for record in stage:
            assert record.line == text.count("\n", 0, record.start) + 1, record
            if not record.parts:
                assert text[record.start : record.end] == record.text, record
        parts = sorted((p for r in stage for p in r.spans()), key=lambda p: p.start)
        pieces, cursor = [], 0
        for part in parts:
            assert cursor <= part.start, f"overlapping parts in stage {stage[0].stage}"
            assert text[part.start : part.end] == part.text, part
            pieces += [text[cursor : part.start], part.replacement]
            cursor = part.end
        text = "".join(pieces) + text[cursor:]
    return text


# --- the properties, one input each ----------------------------------------------------


def check_valid_output(data: bytes | str, doc_id: str = "doc.txt") -> None:
    """Valid NFC UTF-8, normalized as the default config promises; or a justified refusal."""
    doc = run(data, doc_id)
    if doc is None:
        return
    text = doc.text
    text.encode("utf-8")  # strict: no lone surrogates
    assert unicodedata.is_normalized("NFC", text)
    odd = _NEVER_IN_OUTPUT.search(text)
    assert odd is None, f"{odd[0]!r} at {odd.start()} in the output"  # type: ignore[index]
    assert not text.startswith("\n") and not text.endswith("\n\n") and "\n\n\n" not in text
    assert not re.search(r"[ \t]\n", text), "trailing whitespace"


# What normalize takes out or changes after repair, and repair would have read differently:
# a soft hyphen, a no-break space, a C1 control left over.
_HIDERS = {
    "normalize.invisible": "\u00ad",
    "normalize.spaces": "\xa0",
    "normalize.controls": "\x80-\x9f",
}


def _known_idempotence_issue(first: list[LogRecord], changed: set[str]) -> str | None:
    """Which reported bug a second clean's changes (by rule) show, if any."""
    if not changed:
        return None
    if "repair.entities" in changed and any(r.rule == "markup.html-tag" for r in first):
        return "entity-left-beside-tags"
    if "html.extract" in changed and any(r.pass_name == "html" for r in first):
        return "extracted-text-with-a-tag-start"
    hidden = any(r.rule in _HIDERS and re.search(f"[{_HIDERS[r.rule]}]", r.text) for r in first)
    if hidden and all(r.startswith(("repair.", "normalize.")) for r in changed):
        return "normalize-reveals-mojibake"
    return None


def check_idempotent(data: bytes | str, doc_id: str = "doc.txt") -> None:
    """Cleaning the output, as the file it is written to, changes nothing."""
    doc = run(data, doc_id)
    if doc is None:
        return
    again = PIPELINE.run(doc.text.encode("utf-8"), doc_id)
    changes = [(r.rule, r.text, r.replacement) for r in again.log if r.changes_text]
    issue = _known_idempotence_issue(doc.log, {rule for rule, _, _ in changes})
    if issue is not None:
        known_issue(issue)
    assert again.text == doc.text and not changes, changes[:5]


def check_restores(data: bytes | str, doc_id: str = "doc.txt") -> None:
    """Output and log give back the decoded input, also after the log went through JSON."""
    doc = run(data, doc_id)
    if doc is None:
        return
    original = decoded_input(data)
    assert restore(doc.text, doc.log) == original
    if isinstance(data, str) and strategies.has_lone_surrogate(data):
        return  # such a log cannot be written as UTF-8: the input was not valid text
    stream = io.StringIO()
    write_records(doc.log, stream)
    stream.getvalue().encode("utf-8")
    assert restore(doc.text, read_records(io.StringIO(stream.getvalue()))) == original


def check_log_accounts(data: bytes | str, doc_id: str = "doc.txt") -> None:
    """Replaying the log's records on the input gives the output: nothing changed unlogged."""
    doc = run(data, doc_id)
    if doc is None:
        return
    assert replay(decoded_input(data), doc.log) == doc.text


def check_text_files_are_read(data: bytes, doc_id: str = "doc.txt") -> None:
    """Prose in an encoding that can hold it is never refused as binary."""
    try:
        PIPELINE.run(data, doc_id)
    except BinaryInputError as error:
        raise AssertionError(f"text file refused: {error}") from None


# --- the tests -----------------------------------------------------------------------

#: Inputs as (data, document id): the id decides whether the html pass looks for tags.
ANY_INPUT = st.tuples(
    st.one_of(strategies.byte_documents, strategies.documents(), st.text()), DOC_IDS
)
DOCUMENTS = st.tuples(st.one_of(strategies.documents(), strategies.byte_documents), DOC_IDS)
TEXT_FILES = st.tuples(strategies.text_files, st.just("doc.txt"))

#: Every property with the inputs it is checked on: what bench/fuzz.py runs at length.
PROPERTIES = {
    "valid-output": (check_valid_output, ANY_INPUT),
    "text-files-read": (check_text_files_are_read, TEXT_FILES),
    "idempotent": (check_idempotent, DOCUMENTS),
    "restores": (check_restores, DOCUMENTS),
    "log-accounts": (check_log_accounts, DOCUMENTS),
}


@FUZZ
@given(ANY_INPUT)
def test_any_input_gives_valid_normalized_text_or_a_justified_refusal(
    case: tuple[bytes | str, str],
) -> None:
    check_valid_output(*case)


@FUZZ
@given(TEXT_FILES)
def test_text_files_are_never_refused_as_binary(case: tuple[bytes, str]) -> None:
    check_text_files_are_read(*case)


@FUZZ
@given(DOCUMENTS)
def test_cleaning_the_output_again_changes_nothing(case: tuple[bytes | str, str]) -> None:
    check_idempotent(*case)


@FUZZ
@given(DOCUMENTS)
def test_restore_gives_the_decoded_input_back(case: tuple[bytes | str, str]) -> None:
    check_restores(*case)


@FUZZ
@given(DOCUMENTS)
def test_every_change_is_in_the_log(case: tuple[bytes | str, str]) -> None:
    check_log_accounts(*case)


# --- regressions: inputs the fuzzer found ------------------------------------------------


#: Shrunk failures of bench/fuzz.py kept as cases: ``python bench/fuzz.py --replay FILE``.
SAVED_CASES = sorted((Path(__file__).parent / "data" / "fuzz").glob("*.json"))


@pytest.mark.parametrize("note", SAVED_CASES, ids=lambda path: path.stem)
def test_saved_fuzz_cases_hold(note: Path) -> None:
    case = json.loads(note.read_text(encoding="utf-8"))
    raw = (note.parent / case["input"]).read_bytes()
    data = raw if case["kind"] == "bytes" else raw.decode("utf-8", "surrogatepass")
    PROPERTIES[case["property"]][0](data, case["doc_id"])


def test_a_removal_that_changes_an_earlier_pass_s_context_is_settled_in_one_clean() -> None:
    """Removing the repeated paragraph left 'Kommentare' as the last line, where the
    comments rule (a tail rule, judged before duplicates ran) takes it: only the second
    clean did. The removal passes run again on their output until nothing changes,
    each round's edits ordinary stages of the log."""
    seed = (ROOT / "fixtures/input/003_35d6358dfdfd0ce0.txt").read_text().split("\n\n")[2]
    text = f"---\n---\n{seed}\nKommentare\n\n\x7f{seed}\n"
    doc = PIPELINE.run(text, "doc.txt")
    assert doc.text == f"---\n---\n{seed}\n"
    assert [r.rule for r in doc.log if r.pass_name == "rules" and r.changes_text] == [
        "de.comments.section"
    ]
    assert doc.stages > len(PIPELINE.passes)  # a second round ran
    assert restore(doc.text, doc.log) == text
    assert PIPELINE.run(doc.text, "doc.txt").text == doc.text


def test_a_document_whose_later_passes_remove_nothing_runs_each_pass_once() -> None:
    """The second round costs nothing where no later pass changed an earlier one's context."""
    body = "Der Rat tagte bis in die Nacht über den Haushalt des kommenden Jahres.\n"
    doc = PIPELINE.run(f"Teilen auf Facebook\n\n{body}\nKommentare\n", "doc.txt")
    assert doc.text == body
    assert doc.stages == len(PIPELINE.passes)


def test_a_repeated_tail_marker_goes_in_one_clean() -> None:
    once = PIPELINE.run("Intro text here.\n\nComments\n\nComments\n").text
    assert once == "Intro text here.\n"
    assert PIPELINE.run(once).text == once


@pytest.mark.xfail(
    strict=True,
    reason="markup (not ours) keeps an entity it cannot decode locally (&#0; gives U+FFFD, "
    "&#769; a combining accent), and repair unescapes only paragraphs without '<': once "
    "markup has removed the tags, the second clean unescapes the entity",
)
@pytest.mark.parametrize("text", ["<b>fett</b> &#0;\n", "<b>fett</b> e&#769;\n"])
def test_an_entity_beside_html_tags_is_settled_in_one_clean(text: str) -> None:
    once = PIPELINE.run(text, "doc.txt").text
    assert PIPELINE.run(once, "doc.txt").text == once


@pytest.mark.parametrize("text", ["\n\n\n\n", " \n \n", "Comments\n\nComments are closed.\n"])
def test_a_blank_result_is_empty(text: str) -> None:
    """Whitespace-only input, or a document whose every line was removed, came out as
    blank lines: the edges step left a text without a non-blank character alone.
    """
    doc = PIPELINE.run(text, "doc.txt")
    assert doc.text == ""
    assert restore(doc.text, doc.log) == text


def test_an_invisible_character_does_not_hide_mojibake() -> None:
    """Normalize removed the zero-width space after repair: only the second clean
    repaired what it had hidden. The controls stage before repair takes it now.
    """
    once = PIPELINE.run("fÃ\u200b¼r die Kinder\n", "doc.txt").text
    assert once == "für die Kinder\n"


@pytest.mark.xfail(
    strict=True,
    reason="a C1 control left over after repair blocks 'Â ' (mojibake of a no-break space); "
    "normalize removes it, and the second clean repairs 'Â ' and makes it a space",
)
def test_a_c1_control_does_not_hide_mojibake() -> None:
    once = PIPELINE.run("x \x81Â A\n", "doc.txt").text
    assert PIPELINE.run(once, "doc.txt").text == once


@pytest.mark.xfail(
    strict=True,
    reason="a soft hyphen must wait for after repair ('Ã\\xad' is 'í'); once normalize has "
    "removed it, ftfy reads the two characters left, '€ß', as Mac Roman mojibake of 'ۧ'",
)
def test_a_soft_hyphen_does_not_hide_mojibake() -> None:
    once = PIPELINE.run("5 €\xadß\n", "doc.txt").text
    assert PIPELINE.run(once, "doc.txt").text == once


@pytest.mark.xfail(
    strict=True,
    reason="ftfy (restore_byte_a0) reads a no-break space before mojibake as part of it, "
    "fails, and leaves 'á€¡' alone; normalize makes it a space, and the second clean "
    "repairs 'á€¡' to 'အ'",
)
def test_a_no_break_space_does_not_hide_mojibake() -> None:
    once = PIPELINE.run(b"\xa0\xe1\x80\xa1", "doc.txt").text
    assert PIPELINE.run(once, "doc.txt").text == once


@pytest.mark.xfail(
    strict=True,
    reason="html: a document named .html is a page while it holds a tag start; trafilatura's "
    "text can hold one ('!<html', which markup leaves as it has no '>'), so the second "
    "clean extracts from the first one's output",
)
def test_text_extracted_from_a_page_is_not_extracted_again() -> None:
    once = PIPELINE.run(b"!<title><html", "page.html").text
    assert PIPELINE.run(once.encode("utf-8"), "page.html").text == once


def test_surrogates_in_markdown_code_are_repaired_too() -> None:
    """Repair leaves code alone, so a lone surrogate in a fence reached the output, which
    then could not be written as UTF-8; a pair in code is joined like anywhere else.
    """
    doc = PIPELINE.run("```\n\ud800---\nx \ud83d\ude00 `\udc00`\n```\n", "doc.md")
    assert doc.text == "```\n\ufffd---\nx \U0001f600 `\ufffd`\n```\n"
    assert {r.rule for r in doc.log} == {"repair.surrogates"}


@pytest.mark.parametrize("junk", ["\x00", "\x01\x02", "\u200b", "\x00\ufeff\u00ad"])
def test_a_page_behind_deleted_characters_is_a_page_on_the_first_clean(junk: str) -> None:
    """The controls and normalize passes delete these after the html pass has sniffed:
    the page was extracted only by the second clean.
    """
    page = "<!DOCTYPE html><html><body><p>Hallo Welt</p></body></html>"
    doc = PIPELINE.run(junk + page, "doc.txt")
    assert doc.text.rstrip("\n") == "Hallo Welt"
    assert doc.log[0].rule == "html.extract"


@pytest.mark.parametrize("text", ["⎪⎢⎜│a²+b³ ⎟⎥⎪\n", "│a│b│c│ Tabelle mit Rahmen\n"])
def test_box_drawing_beside_letters_in_utf16_without_a_bom_is_text(text: str) -> None:
    """Box drawing beside a letter is a sign of a wrong code page, counted as a rare
    character by plausibility; one of them refused a short BOM-less UTF-16 text.
    """
    assert PIPELINE.run(text.encode("utf-16-le"), "doc.txt").text == text


def test_bytes_one_code_page_reads_cleanly_are_text() -> None:
    """cp866 reads 'a╕ї\\tа' (a box-drawing sign glued to a letter: rare) and scores best;
    that was refused as binary although cp1252 reads the same bytes without an odd character.
    """
    doc = PIPELINE.run(b"a\xb8\xf5\t\xa0", "doc.txt")
    assert doc.metadata["encoding"] == "cp1252"
    assert doc.text.rstrip("\n") == "a¸õ"


def test_mojibake_in_utf16_without_a_bom_is_text() -> None:
    """'groÃ\x9fe' (UTF-8 'ß' read as Latin-1) holds a C1 control; two of them in a
    UTF-16-LE paragraph were enough to refuse it, and the message said its NULs were not
    in the pattern of UTF-16 when they were.
    """
    text = "Der Platz war mit PortrÃ¤ts geschmÃ¼ckt; groÃ\x9fe Menschengruppen jubelten. " * 3
    doc = PIPELINE.run(text.encode("utf-16-le"), "doc.txt")
    assert doc.metadata["encoding"] == "utf-16-le"
    assert doc.text.startswith("Der Platz war mit Porträts geschmückt; große Menschengruppen")
