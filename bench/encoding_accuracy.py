"""Encoding detection on real text: plain charset-normalizer against cleaner's Decode.

Builds cases at run time from the shared benchmark folder (nothing is copied
into the repository): windows of real paragraphs in several sizes, encoded into
the legacy encodings their language was written in (windows an encoding cannot
represent, and pure-ASCII windows, are skipped), the same windows as UTF-8, and
the real legacy files as they are. A case is right when the decoded text equals
the source text; which of cp1252 / latin-1 / iso-8859-15 is named does not
matter when the text comes out the same.

    .venv/bin/python bench/encoding_accuracy.py [--data PATH] [--per-size N]
"""

from __future__ import annotations

import argparse
import random
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer

from cleaner.passes.decode import BinaryInputError, Decode

REPO = Path(__file__).resolve().parent.parent
SIZES: dict[str, tuple[int, int]] = {
    "tiny": (15, 60),
    "short": (60, 320),
    "medium": (500, 1600),
    "long": (2000, 5000),
}
COLUMNS = (*SIZES, "file")

WESTERN = ("cp1252", "latin-1", "iso-8859-15")
CENTRAL = ("cp1250", "iso-8859-2")

#: UDHR declarations: file stem -> legacy encodings the language was written in.
UDHR: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("deu_1996", "fra", "spa", "por_BR", "por_PT", "ita", "eng", "nld", "fin", "isl"),
        WESTERN,
    ),
    **dict.fromkeys(("pol", "ces", "slk", "hun", "ron_2006"), CENTRAL),
    "rus": ("cp1251", "koi8-r"),
    "ukr": ("cp1251", "koi8-u"),
    "bul": ("cp1251",),
    "ell_monotonic": ("cp1253", "iso-8859-7"),
    "tur": ("cp1254",),
    "jpn": ("shift_jis", "euc-jp"),
    "cmn_hans": ("gb18030",),
    "cmn_hant": ("big5",),
    "kor": ("euc-kr",),
    "vie": (),
}
#: UTF-8 text files (relative to the data folder) -> legacy encodings for their language.
TEXTS: dict[str, tuple[str, ...]] = {
    "gutenberg/pg11.txt": ("cp1252",),
    "gutenberg/pg22367.txt": WESTERN,
    "gutenberg/pg11430.txt": WESTERN,
    "charset_normalizer/sample-arabic.txt": ("cp1256",),
    "charset_normalizer/sample-bulgarian.txt": ("cp1251",),
    "charset_normalizer/sample-french.txt": ("cp1252",),
    "charset_normalizer/sample-polish.txt": CENTRAL,
    "charset_normalizer/sample-russian-2.txt": ("cp1251", "koi8-r"),
    "charset_normalizer/sample-spanish.txt": ("cp1252",),
    "golang_x_text/candide-utf-8.txt": ("cp1252",),
    "golang_x_text/rashomon-utf-8.txt": ("shift_jis", "euc-jp"),
    "golang_x_text/sunzi-bingfa-simplified-utf-8.txt": ("gb18030",),
    "golang_x_text/sunzi-bingfa-traditional-utf-8.txt": ("big5",),
    "golang_x_text/unsu-joh-eun-nal-utf-8.txt": ("euc-kr",),
}
#: Real legacy files and their known encodings; their decoded text is also cut into windows.
LEGACY_FILES: dict[str, str] = {
    "charset_normalizer/sample-arabic-1.txt": "cp1256",
    "charset_normalizer/sample-french-1.txt": "cp1252",
    "charset_normalizer/sample-chinese.txt": "big5",
    "charset_normalizer/sample-greek.txt": "cp1253",
    "charset_normalizer/sample-greek-2.txt": "cp1253",
    "charset_normalizer/sample-hebrew-2.txt": "cp1255",
    "charset_normalizer/sample-hebrew-3.txt": "cp1255",
    "charset_normalizer/sample-korean.txt": "cp949",
    "charset_normalizer/sample-turkish.txt": "cp1254",
    "charset_normalizer/sample-russian.txt": "mac-cyrillic",
    "golang_x_text/candide-windows-1252.txt": "cp1252",
    "golang_x_text/candide-gb18030.txt": "gb18030",
    "golang_x_text/candide-utf-16le.txt": "utf-16-le",
    "golang_x_text/candide-utf-32be.txt": "utf-32-be",
    "golang_x_text/rashomon-euc-jp.txt": "euc-jp",
    "golang_x_text/rashomon-shift-jis.txt": "shift_jis",
    "golang_x_text/rashomon-iso-2022-jp.txt": "iso2022_jp",
    "golang_x_text/sunzi-bingfa-simplified-gbk.txt": "gbk",
    "golang_x_text/sunzi-bingfa-traditional-big5.txt": "cp950",
    "golang_x_text/sunzi-bingfa-gb-levels-1-and-2-hz-gb2312.txt": "hz",
    "golang_x_text/unsu-joh-eun-nal-euc-kr.txt": "euc-kr",
}


@dataclass(frozen=True, slots=True)
class Case:
    source: str
    encoding: str
    size: str
    data: bytes
    expected: str


class _Blocks(HTMLParser):
    """The text of the h1, h2, p and li elements of a UDHR page, one block each."""

    TAGS = frozenset({"h1", "h2", "p", "li"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.TAGS:
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.TAGS and self._open is not None:
            self.blocks.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def clean(text: str) -> str:
    """As the case builders do: LF newlines, no U+FEFF, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def udhr_blocks(path: Path) -> list[str]:
    parser = _Blocks()
    parser.feed(path.read_text("utf-8"))
    return [b for b in parser.blocks if b]


def text_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", clean(text)) if b.strip()]


def windows(blocks: list[str], low: int, high: int) -> Iterator[str]:
    """Runs of whole consecutive blocks whose joined length falls in [low, high]."""
    for start in range(len(blocks)):
        window = ""
        for block in blocks[start:]:
            window = f"{window}\n\n{block}" if window else block
            if len(window) >= low:
                break
        if low <= len(window) <= high:
            yield window


def encodable(text: str, encoding: str) -> bytes | None:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return None


def window_cases(
    source: str, blocks: list[str], encodings: tuple[str, ...], per_size: int, rng: random.Random
) -> Iterator[Case]:
    for size, (low, high) in SIZES.items():
        found = [w for w in dict.fromkeys(windows(blocks, low, high)) if not w.isascii()]
        rng.shuffle(found)
        for encoding in ("utf-8", *encodings):
            picked = 0
            for window in found:
                data = encodable(window, encoding)
                if data is not None:
                    yield Case(source, encoding, size, data, window)
                    picked += 1
                    if picked == per_size:
                        break


def build_cases(data_dir: Path, per_size: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    for stem, encodings in UDHR.items():
        blocks = udhr_blocks(data_dir / "udhr" / f"{stem}.html")
        cases += window_cases(f"udhr/{stem}", blocks, encodings, per_size, rng)
    for name, encodings in TEXTS.items():
        blocks = text_blocks((data_dir / name).read_text("utf-8"))
        cases += window_cases(name, blocks, encodings, per_size, rng)
    for name, encoding in LEGACY_FILES.items():
        raw = (data_dir / name).read_bytes()
        text = raw.decode(encoding)
        cases.append(Case(name, encoding, "file", raw, text))
        if encoding not in ("utf-16-le", "utf-32-be", "iso2022_jp", "hz"):
            cases += window_cases(name, text_blocks(text), (encoding,), per_size, rng)
    return cases


def charset_normalizer_text(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def ours(decoder: Decode) -> Callable[[bytes], str | None]:
    def read(data: bytes) -> str | None:
        try:
            return decoder.decode(data).text
        except BinaryInputError:
            return None

    return read


@dataclass(slots=True)
class Cell:
    """Results for one (encoding, size) group of cases."""

    right: int = 0
    total: int = 0
    seconds: float = 0.0
    size: int = 0


Tally = dict[tuple[str, str], Cell]


def tally(cases: list[Case], read: Callable[[bytes], str | None]) -> Tally:
    result: Tally = defaultdict(Cell)
    for case in cases:
        started = time.perf_counter()
        text = read(case.data)
        cell = result[(case.encoding, case.size)]
        cell.seconds += time.perf_counter() - started
        cell.right += text == case.expected
        cell.total += 1
        cell.size += len(case.data)
    return result


def accuracy(mine: Tally, theirs: Tally, keys: list[tuple[str, str]]) -> str:
    """``ours  charset-normalizer  cases`` for the given groups, accuracies in percent."""
    keys = [k for k in keys if k in mine]
    total = sum(mine[k].total for k in keys)
    if not total:
        return ""
    right = sum(mine[k].right for k in keys)
    their_right = sum(theirs[k].right for k in keys)
    return f"{100 * right / total:5.1f} {100 * their_right / total:5.1f} {total:4d}"


def report(cases: list[Case], mine: Tally, theirs: Tally) -> None:
    encodings = list(dict.fromkeys(c.encoding for c in cases))
    width = 17
    print("Accuracy in %: ours, plain charset-normalizer (from_bytes().best()), number of cases.")
    print("Right = decoded text equals the source text. Sizes in characters:", end=" ")
    print(", ".join(f"{name} {low}-{high}" for name, (low, high) in SIZES.items()), end="; ")
    print("file = a real legacy file as it is.\n")
    print(f"{'encoding':14}" + "".join(f"{c:>{width}}" for c in (*COLUMNS, "all")))
    rows = [(e, [e]) for e in encodings]
    rows += [("legacy", [e for e in encodings if e != "utf-8"]), ("all", encodings)]
    for label, group in rows:
        cells = [accuracy(mine, theirs, [(e, c) for e in group]) for c in COLUMNS]
        cells.append(accuracy(mine, theirs, [(e, c) for e in group for c in COLUMNS]))
        print(f"{label:14}" + "".join(f"{cell:>{width}}" for cell in cells))


def speed(mine: Tally, theirs: Tally, data_dir: Path) -> None:
    print("\nThroughput of our Decode (plain charset-normalizer in brackets):")
    for label, utf8 in (("UTF-8", True), ("legacy", False)):
        keys = [k for k in mine if (k[0] == "utf-8") == utf8]
        size = sum(mine[k].size for k in keys)
        count = sum(mine[k].total for k in keys)
        ours_rate = size / sum(mine[k].seconds for k in keys) / 1e6
        their_rate = size / sum(theirs[k].seconds for k in keys) / 1e6
        label = f"{label} cases ({count} documents, {size / 1e6:.2f} MB)"
        print(f"  {label:52} {ours_rate:9.2f} MB/s  ({their_rate:.2f} MB/s)")
    decoder = Decode()
    candide = (data_dir / "golang_x_text/candide-utf-8.txt").read_bytes()
    ascii_only = candide.decode("utf-8").encode("ascii", "ignore")
    legacy = (data_dir / "golang_x_text/candide-windows-1252.txt").read_bytes()
    for label, data, target in (
        ("UTF-8 document (French), 100 MB", candide, 100_000_000),
        ("ASCII document, 100 MB", ascii_only, 100_000_000),
        ("cp1252 document (French), 5 MB", legacy, 5_000_000),
    ):
        rate = throughput(decoder, data * (target // len(data)))
        print(f"  {label:52} {rate:9.1f} MB/s")


def throughput(decoder: Decode, data: bytes, repeat: int = 3) -> float:
    """MB/s of the best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        decoder.decode(data)
        best = min(best, time.perf_counter() - started)
    return len(data) / best / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/benchmarks/encoding")
    parser.add_argument(
        "--per-size", type=int, default=12, help="windows per source, size, encoding"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--failures", action="store_true", help="list the cases we get wrong")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"benchmark texts not found at {args.data} (see --data)")
    cases = build_cases(args.data, args.per_size, args.seed)
    decoder = Decode()
    loading = warm_up(decoder, cases)
    mine = tally(cases, ours(decoder))
    theirs = tally(cases, charset_normalizer_text)
    report(cases, mine, theirs)
    speed(mine, theirs, args.data)
    print(f"  (timed after warm-up; loading the lexicons once per process took {loading:.1f} s)")
    if args.failures:
        show_failures(cases, decoder)


def warm_up(decoder: Decode, cases: list[Case]) -> float:
    """Decode one case per encoding, so that lexicon loading is not timed; return its time."""
    started = time.perf_counter()
    for case in {c.encoding: c for c in cases}.values():
        ours(decoder)(case.data)
    return time.perf_counter() - started


def show_failures(cases: list[Case], decoder: Decode) -> None:
    print("\nour failures:")
    for case in cases:
        try:
            found = decoder.decode(case.data)
        except BinaryInputError as error:
            print(f"  {case.source} {case.encoding} {case.size}: refused: {error}")
            continue
        if found.text != case.expected:
            rivals = found.details.get("candidates", [])[:3]
            print(
                f"  {case.source} {case.encoding} {case.size}: read as {found.encoding} "
                f"{found.text[:60]!r} {rivals}"
            )


if __name__ == "__main__":
    main()
