"""Sites and splits: no site in two splits, every common language in every split.

A page's site is the registered domain of its URL (``www.bbc.co.uk`` ->
``bbc.co.uk``), by a small rule over the host with the common two-level public
suffixes, which is all the benchmarks need. Splits go by site, across all
sources, so a domain found in several benchmarks stays in one split.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

#: Second-level labels under a country code that are public suffixes (co.uk, com.au, ne.jp).
SECOND_LEVEL = frozenset(
    [
        "co",
        "com",
        "net",
        "org",
        "gov",
        "edu",
        "ac",
        "ne",
        "or",
        "go",
        "gr",
        "lg",
        "ed",
        "gob",
        "gouv",
        "nic",
        "mil",
        "nom",
        "ltd",
        "plc",
        "sch",
        "info",
        "biz",
        "web",
        "asso",
    ]
)
SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))


def registered_domain(url: str | None) -> str | None:
    """The registered domain of a URL's host, lower case; None without a usable host."""
    if not url:
        return None
    if "//" not in url:
        url = "//" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.strip(".").lower()
    parts = host.split(".")
    if all(p.isdigit() for p in parts):
        return host
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in SECOND_LEVEL:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def stable_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def assign_splits(pages: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Split per site, from (site, language) per page.

    Sites are grouped by their main language (most of their pages; ties by name).
    Within a language, sites are taken in the order of a hash of their name and
    each goes to the split furthest below its share of that language's pages so
    far. So the split of a site depends only on the sites of its language, each
    split gets about 70/15/15 of every language's pages, and a language with a
    few sites reaches dev and test as soon as it has enough of them.
    """
    by_site: dict[str, Counter[str]] = defaultdict(Counter)
    for site, lang in pages:
        by_site[site][lang] += 1
    by_lang: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for site, langs in by_site.items():
        lang = min(langs, key=lambda x: (-langs[x], x))
        by_lang[lang].append((site, sum(langs.values())))
    split_of: dict[str, str] = {}
    for lang in sorted(by_lang):
        assigned = dict.fromkeys((name for name, _ in SPLITS), 0)
        total = 0
        for site, size in sorted(by_lang[lang], key=lambda s: (stable_hash(s[0]), s[0])):
            total += size
            name = max(SPLITS, key=lambda s: s[1] * total - assigned[s[0]])[0]
            assigned[name] += size
            split_of[site] = name
    return split_of
