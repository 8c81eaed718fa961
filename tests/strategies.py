"""Hostile documents for the fuzz properties (tests/test_fuzz.py, bench/fuzz.py).

Scraped text fails in mixtures, not one damage at a time, so a document here
interleaves real article sentences, the rule packs' own boilerplate examples,
mojibake made by real wrong decodings (cp1252, Latin-1, cp1251, Mac Roman,
twice over), control characters, BOMs, HTML entities, Markdown and HTML
leftovers, very long lines, mixed line endings and random characters. The byte
strategies encode such documents in many encodings and splice invalid UTF-8,
random bytes, NUL and binary file signatures into them.

The sources are read once at import: sentences from ``fixtures/input`` and,
when ``../shared/benchmarks`` is beside the repository, from its real texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import strategies as st

from cleaner.rules.loader import builtin_rule_files, load_rules

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
#: Real text beside the repository, UTF-8 files (glob patterns under BENCHMARKS).
BENCHMARK_TEXTS = (
    "plaintext-eval/docs/*.txt",
    "encoding/charset_normalizer/sample-*.txt",
    "encoding/gitmoji/commit-subjects.txt",
    "encoding/kuhn/UTF-8-demo.txt",
)
#: Lines taken from each benchmark file: enough variety, cheap to load.
LINES_PER_FILE = 60
MAX_SENTENCE = 2000


def _lines(path: Path, limit: int | None = None) -> Iterator[str]:
    """Non-blank lines of a UTF-8 file (a file in another encoding gives none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    yield from (line[:MAX_SENTENCE] for line in lines[:limit])


def _sentences() -> tuple[str, ...]:
    found = [line for p in sorted((ROOT / "fixtures/input").glob("*.txt")) for line in _lines(p)]
    for pattern in BENCHMARK_TEXTS:
        for path in sorted(BENCHMARKS.glob(pattern)):
            found.extend(_lines(path, LINES_PER_FILE))
    return tuple(dict.fromkeys(found))


#: Article sentences (one line each) in many languages and scripts.
SENTENCES = _sentences()
#: Boilerplate the rule packs promise to remove: their own ``remove`` examples.
BOILERPLATE = tuple(
    dict.fromkeys(e for rule in load_rules(builtin_rule_files()) for e in rule.remove)
)

#: Wrong decodings as (encoded with, decoded as) steps; several steps make double damage.
MOJIBAKE_CHAINS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("utf-8", "cp1252"),),
    (("utf-8", "latin-1"),),
    (("utf-8", "cp1251"),),
    (("utf-8", "mac_roman"),),
    (("utf-8", "cp1252"), ("utf-8", "cp1252")),
    (("utf-8", "latin-1"), ("utf-8", "cp1252")),
    (("utf-8", "cp1252"), ("utf-8", "latin-1"), ("utf-8", "cp1252")),
    (("cp1251", "cp1252"),),
    (("cp1252", "cp1251"),),
    (("cp1252", "utf-8"),),
    (("mac_roman", "cp1252"),),
)


def wrongly_decoded(data: bytes, encoding: str) -> str:
    """Decode like a sloppy browser: a byte the code page leaves undefined stays as
    Latin-1 (cp1252's 0x81 becomes U+0081), and invalid UTF-8 becomes U+FFFD.
    """
    if encoding == "utf-8":
        return data.decode("utf-8", "replace")
    text = data.decode(encoding, "surrogateescape")
    return "".join(chr(ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in text)


def mojibake(text: str, chain: tuple[tuple[str, str], ...]) -> str:
    """``text`` after every wrong round trip of ``chain``; unencodable characters become '?'."""
    for encoded, decoded in chain:
        text = wrongly_decoded(text.encode(encoded, "replace"), decoded)
    return text


def _partly_damaged(sentence: str, chain: tuple[tuple[str, str], ...], cut: int) -> str:
    """Mojibake from ``cut`` on: damage that starts inside good text."""
    cut %= len(sentence) + 1
    return sentence[:cut] + mojibake(sentence[cut:], chain)


C0 = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
C1 = "".join(map(chr, range(0x80, 0xA0)))
#: Characters that sit between letters in damaged text, alone or in short runs.
ODD_CHARACTERS = (
    C0
    + C1
    + "\ufeff\ufffe\ufffd\u200b\u200c\u200d\u2060\u00ad\u180e\u00a0\u202f\u2009\u3000"
    + "\u0301\u0308\u20dd\u200e\u200f\u202e\ufe0f\U0001f3fb\U000e0041\uf8ff\U0010ffff"
)
ENTITIES = (
    *("&amp;", "&nbsp;", "&#8217;", "&#x201C;", "&uuml;", "&Auml;", "&eacute;", "&hellip;"),
    *("&amp;uuml;", "&amp;amp;", "&lt;b&gt;", "&quot;", "&#39;", "&#0;", "&#xD800;", "&#1114112;"),
    *("&#150;", "&#x80;", "&", "&#", "&;", "&nosuchentity;", "&AMP;", "&#x1F600;"),
)
MARKUP = (
    *("[Mehr lesen](https://example.com/a?b=1&c=2)", "![Foto](bild.jpg)", "<b>fett</b>"),
    *("<br>", "<p>", "</div>", "<!-- comment -->", "# Heading", "## Überschrift"),
    *("* item", "- [x] task", "> quote", "| a | b |", "|---|---|", "```", "    code"),
    *("---", "+++", "...", "***", "<script>var x = 1;</script>", "https://example.com/x"),
)
BOMS = ("\ufeff", "ï»¿", "þÿ", "ÿþ", "\ufeff\ufeff")
SEPARATORS = (
    *("\n", "\n\n", "\r\n", "\r", "\r\r\n", "\n\r", "\r\n\r\n", "\n\n\n\n", " \n", "\t\n"),
    *("\u2028", "\u2029", "\x85", "\f", "\v", " ", "", "\u00a0\n", "\n \n\t\n"),
)
FRONT_MATTER = (
    "---\ntitle: Ein Titel\ndate: 2024-06-19\n---\n",
    '+++\ntitle = "A title"\ntags = ["x"]\n+++\n',
    "---\n: not yaml [\n---\n",
    "---\ntitle: Ã¼ber\n---\n",
    "---\n---\n",
)


def _one_of(items: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Like ``sampled_from``, with a short repr: hypothesis prints strategies, and a
    repr of every sentence costs time in each run and buries the report.
    """
    return st.integers(0, len(items) - 1).map(items.__getitem__)


_chains = st.sampled_from(MOJIBAKE_CHAINS)
sentences = _one_of(SENTENCES)
boilerplate = _one_of(BOILERPLATE)
odd_runs = st.text(alphabet=ODD_CHARACTERS, min_size=1, max_size=4)
lone_surrogates = st.characters(categories=["Cs"])
damaged_sentences = st.one_of(
    st.builds(mojibake, sentences, _chains),
    st.builds(_partly_damaged, sentences, _chains, st.integers(0, 200)),
)


@st.composite
def spliced(draw: st.DrawFn, base: st.SearchStrategy[str], noise: st.SearchStrategy[str]) -> str:
    """A piece of ``base`` with ``noise`` inserted at a random place, mid-word included."""
    text = draw(base)
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(noise) + text[at:]


@st.composite
def long_lines(draw: st.DrawFn) -> str:
    """One line of several thousand characters: sentences glued, or one character repeated."""
    if draw(st.booleans()):
        return " ".join(draw(st.lists(sentences, min_size=20, max_size=60)))
    return draw(st.sampled_from("=-_.* xäЖ€\u00a0")) * draw(st.integers(2000, 20000))


_noise = st.one_of(odd_runs, st.sampled_from(ENTITIES), st.sampled_from(BOMS), lone_surrogates)
fragments = st.one_of(
    sentences,
    sentences,
    boilerplate,
    boilerplate.map(str.upper),
    damaged_sentences,
    spliced(sentences, _noise),
    spliced(damaged_sentences, _noise),
    spliced(boilerplate, st.sampled_from(ENTITIES + BOMS)),
    st.sampled_from(MARKUP),
    st.sampled_from(ENTITIES),
    odd_runs,
    st.text(max_size=60),
    long_lines(),
)


@st.composite
def documents(draw: st.DrawFn, max_parts: int = 12) -> str:
    """A scraped-looking document: fragments with odd separators, perhaps front matter,
    a BOM, or an HTML page around it all.
    """
    parts = draw(st.lists(st.tuples(fragments, st.sampled_from(SEPARATORS)), max_size=max_parts))
    body = "".join(fragment + separator for fragment, separator in parts)
    head = draw(st.sampled_from(("",) * 6 + BOMS[:1] + FRONT_MATTER))
    text = head + body
    if draw(st.integers(0, 9)) == 0:
        paragraphs = "".join(f"<p>{p}</p>\n" for p, _ in parts)
        text = (
            f"<!DOCTYPE html>\n<html><head><title>T</title></head><body>{paragraphs}</body></html>"
        )
    return text


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Text a person would call text: sentences, boilerplate and mojibake, plain separators."""
    parts = draw(
        st.lists(
            st.tuples(
                st.one_of(sentences, boilerplate, damaged_sentences),
                st.sampled_from(("\n", "\n\n", "\r\n", " ")),
            ),
            min_size=1,
            max_size=10,
        )
    )
    return "".join(fragment + separator for fragment, separator in parts)


#: Encodings a text file may come in; characters one cannot hold become '?'.
ENCODINGS = (
    *("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"),
    *("cp1252", "latin-1", "iso-8859-15", "cp1250", "cp1251", "koi8-r", "mac_roman", "cp437"),
    *("shift_jis", "euc-jp", "gb18030", "big5", "euc-kr", "cp1253", "cp1256", "iso2022_jp"),
)
#: Byte sequences that are never valid UTF-8: stray continuation bytes, cut-off
#: characters, overlong forms, encoded surrogates, five-byte leads, and legacy letters.
INVALID_UTF8 = (
    *(b"\x80", b"\xbf", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc0\xaf", b"\xe0\x80\xaf"),
    *(b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf8\x88\x80\x80\x80", b"\xfe", b"\xff", b"\xf4\x90"),
    *(b"\xe4", b"\xfc", b"\xdf", b"\x96", b"\x93\x94", b"\xa0", b"\x81", b"\x8d\x8f\x90\x9d"),
)
#: Starts of binary files, from decode's own list of what it refuses.
SIGNATURES = (
    *(b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"%PDF-1.7\n", b"\x1f\x8b\x08"),
    *(b"PK\x03\x04", b"\x7fELF\x02\x01", b"MZ\x90\x00", b"\x00asm", b"SQLite format 3\x00"),
    *(b"ID3\x03", b"fLaC", b"\x00\x00\x00\x18ftypmp42", b"wOFF", b"BZh91AY&SY"),
)


def has_lone_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; lone surrogates go through as UTF-8 would write them."""
    errors = "surrogatepass" if encoding.startswith("utf-8") else "replace"
    return text.encode(encoding, errors)


@st.composite
def spliced_bytes(draw: st.DrawFn, base: st.SearchStrategy[bytes], noise: list[bytes]) -> bytes:
    """``base`` with a few pieces of ``noise`` inserted anywhere, mid-character included."""
    data = draw(base)
    for piece in draw(st.lists(st.sampled_from(noise), min_size=1, max_size=4)):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + piece + data[at:]
    return data


_utf8_documents = documents().map(lambda t: encoded(t, "utf-8"))
byte_documents = st.one_of(
    st.binary(max_size=400),
    st.builds(encoded, documents(), st.sampled_from(ENCODINGS)),
    spliced_bytes(_utf8_documents, list(INVALID_UTF8)),
    spliced_bytes(_utf8_documents, [b"\x00", b"\x00\x00", *INVALID_UTF8]),
    spliced_bytes(_utf8_documents, [bytes([b]) for b in range(256)]),
    st.builds(bytes.__add__, st.sampled_from(SIGNATURES), st.binary(max_size=200)),
    st.builds(bytes.__add__, st.sampled_from(SIGNATURES), _utf8_documents),
)
"""Anything a file may hold: random bytes, text in any encoding, damaged UTF-8, binary."""

FILE_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1")


def as_file(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, or in UTF-8 when that encoding cannot hold it."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


#: Prose in an encoding that can hold it: text files that must never be refused as binary.
text_files = st.builds(as_file, prose(), st.sampled_from(FILE_ENCODINGS))
