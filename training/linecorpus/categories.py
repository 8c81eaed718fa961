"""Which kind of boilerplate a line is, where some evidence tells.

Evidence comes from two places, by one word table: the class and id names of
the elements a line came from (``class="share-buttons"``, ``id="cookie-banner"``)
and, for short lines, the line's own words ("Share on Facebook", "Anzeige").
Element tags count too (``nav``, ``footer``, ``figcaption``). Elements that hold
content lines never count: a WordPress ``<article class="tag-politics">`` says
nothing about its paragraphs. A line with no evidence gets ``other`` with
``category_inferred`` false.

The table is general web vocabulary in the languages of the benchmarks; it
holds no benchmark text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .align import tokenize
from .render import ElementInfo


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Class/id words (split at -, _, camelCase) and the category each signals, checked in
#: this order on one element, innermost element first.
CLASS_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("cookie", _words("cookie cookies consent gdpr onetrust cookiebar")),
    (
        "subscription",
        _words(
            "newsletter subscribe subscription paywall signup regwall piano membership "
            "donate donation abo"
        ),
    ),
    ("social", _words("share sharing social sharebar shariff addthis sociallinks")),
    ("comments", _words("comment comments disqus respond discussion reply replies")),
    ("caption", _words("caption figcaption wp-caption bildunterschrift legende")),
    ("credit", _words("credit credits copyright-photo photographer quelle")),
    (
        "meta",
        _words(
            "byline author authors dateline date time timestamp published updated meta "
            "posted readtime reading"
        ),
    ),
    ("player", _words("player jwplayer vjs playback mediaplayer videoplayer")),
    (
        "ad",
        _words(
            "ad ads advert adverts advertisement advertising sponsor sponsored promo "
            "promoted dfp adslot taboola outbrain anzeige werbung commercial"
        ),
    ),
    (
        "nav",
        _words(
            "nav navbar navigation menu menus breadcrumb breadcrumbs crumbs pagination pager "
            "related recommended recirculation more tags tagcloud keywords topics sidebar "
            "footer widget toolbar skip masthead"
        ),
    ),
)
#: Wrapper names that say little: a stronger signal further out wins over them.
WEAK_WORDS = frozenset(
    ("widget", "sidebar", "more", "toolbar", "masthead", "footer", "meta", "<aside>")
)
TAG_CATEGORIES = {"nav": "nav", "footer": "nav", "figcaption": "caption", "aside": "nav"}

# Phrases that make a short line's category plain. Lower case; matched on the line's
# words (tokenize), so punctuation does not matter.
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "cookie",
        (
            "cookie",
            "cookies",
            "accept all",
            "alle akzeptieren",
            "manage preferences",
            "einwilligung",
            "consent",
            "tout accepter",
        ),
    ),
    (
        "subscription",
        (
            "newsletter",
            "subscribe",
            "abonnieren",
            "abonnez",
            "abonnement",
            "sign up",
            "jetzt anmelden",
            "log in to read",
            "already a subscriber",
            "premium",
            "s'abonner",
            "suscríbete",
            "donate",
            "spenden",
        ),
    ),
    (
        "social",
        (
            "share",
            "teilen",
            "partager",
            "compartir",
            "condividi",
            "facebook",
            "twitter",
            "whatsapp",
            "pinterest",
            "linkedin",
            "tweet",
            "follow us",
            "folgen sie uns",
            "copy link",
            "link kopieren",
            "e-mail",
            "email",
            "telegram",
            "reddit",
            "xing",
        ),
    ),
    (
        "comments",
        (
            "comment",
            "comments",
            "kommentar",
            "kommentare",
            "commentaire",
            "commentaires",
            "comentarios",
            "leave a reply",
            "reply",
            "antworten",
            "kommentieren",
        ),
    ),
    ("ad", ("advertisement", "anzeige", "werbung", "sponsored", "publicité", "publicidad", "ad")),
    (
        "player",
        ("play", "pause", "abspielen", "loading", "mute", "fullscreen", "vollbild"),
    ),
    ("caption", ("photo", "foto", "bild", "image", "picture", "gallery", "galerie")),
    (
        "credit",
        (
            "getty images",
            "reuters",
            "dpa",
            "afp",
            "ap photo",
            "imago",
            "shutterstock",
            "istock",
            "epa",
            "picture alliance",
        ),
    ),
    (
        "nav",
        (
            "home",
            "startseite",
            "accueil",
            "inicio",
            "menu",
            "menü",
            "search",
            "suche",
            "rechercher",
            "read more",
            "weiterlesen",
            "mehr",
            "lire la suite",
            "more",
            "next",
            "previous",
            "zurück",
            "weiter",
            "back to top",
            "nach oben",
            "impressum",
            "datenschutz",
            "privacy",
            "privacy policy",
            "terms",
            "contact",
            "kontakt",
            "about us",
            "über uns",
            "all rights reserved",
            "alle rechte vorbehalten",
            "copyright",
            "sitemap",
            "skip to content",
            "related",
            "tags",
            "login",
            "anmelden",
            "log in",
            "sign in",
            "register",
            "see also",
            "also read",
            "lesen sie auch",
            "mehr zum thema",
            "lire aussi",
            "voir aussi",
            "leer más",
            "you may also like",
            "don't miss",
            "explore further",
            "recommended",
        ),
    ),
)
_PHRASE_TOKENS = tuple(
    (category, tuple(" ".join(tokenize(p)) for p in phrases)) for category, phrases in _PHRASES
)
#: Lines up to this many words take their category from a phrase anywhere in them;
#: longer lines from a phrase they start with.
SHORT_LINE_WORDS = 6

_MONTHS = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december januar februar märz mai juni juli "
    "oktober dezember janvier février mars avril juin juillet août septembre octobre "
    "novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre gennaio febbraio aprile maggio giugno luglio agosto settembre "
    "ottobre dicembre mon tue wed thu fri sat sun monday tuesday wednesday thursday friday "
    "saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag lundi "
    "mardi mercredi jeudi vendredi samedi dimanche"
)
# Words that make a line of numbers a date: month and day names, "updated", "ago"...
_DATE_SIGNS = frozenset(
    tokenize(_MONTHS)
    + tokenize(
        "updated published posted stand aktualisiert veröffentlicht erstellt publié publicado "
        "actualizado read lesezeit ago vor 年 月 日 星期"
    )
)
# ... and words that go with them.
_DATE_WORDS = _DATE_SIGNS | frozenset(
    tokenize(
        "am pm et est pst gmt utc cet cest uhr h on at le la de del du um mis à jour min "
        "minutes minuten hours stunden days tagen reading time 时 時 分 秒 号"
    )
)
_DIGITS = re.compile(r"^\d+$")
# A numeric date or a clock time: 19.06.2024, 2024-06-19, 6/19/24, 12:14.
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
_DATE_MAX_WORDS = 12


def element_category(
    path: Sequence[int], elements: Sequence[ElementInfo], content: Collection[int]
) -> tuple[str, str] | None:
    """(category, evidence) from the elements on ``path``, innermost first.

    A strong signal (``share``, ``cookie``, ``author``, ``<nav>``) wins over a weak one
    (a ``widget`` or ``sidebar`` wrapper) nearer the line; elements holding content
    lines are not evidence.
    """
    weak = None
    for number in reversed(path):
        if number in content:
            break
        found = _element_signal(number, elements)
        if found is None:
            continue
        if found[1].removeprefix("class:") not in WEAK_WORDS:
            return found
        weak = weak or found
    return weak


def _element_signal(number: int, elements: Sequence[ElementInfo]) -> tuple[str, str] | None:
    info = elements[number]
    for category, words in CLASS_WORDS:
        hit = next((w for w in info.words if w in words), None)
        if hit:
            return category, f"class:{hit}"
    if info.tag in TAG_CATEGORIES:
        return TAG_CATEGORIES[info.tag], f"<{info.tag}>"
    if info.tag == "header" and not _inside(number, elements, ("article", "main")):
        return "nav", "<header>"
    return None


def _inside(number: int, elements: Sequence[ElementInfo], tags: tuple[str, ...]) -> bool:
    number = elements[number].parent
    while number >= 0:
        if elements[number].tag in tags:
            return True
        number = elements[number].parent
    return False


def meta_category(text: str, author: str | None = None) -> tuple[str, str] | None:
    """``meta`` for a line that is a date or a byline."""
    words = tokenize(text)
    if is_date_line(text, words):
        return "meta", "date line"
    if author and is_author_line(words, tokenize(author)):
        return "meta", "author line"
    return None


def phrase_category(text: str) -> tuple[str, str] | None:
    """(category, evidence) from a line's own words: a UI phrase anywhere in a short
    line ("Share on Facebook"), or at the start of a longer one ("Read more: ...")."""
    if "©" in text:
        return "nav", "copyright sign"
    words = tokenize(text)
    if not words:
        return None
    short = len(words) <= SHORT_LINE_WORDS
    joined = " ".join(words)
    for category, phrases in _PHRASE_TOKENS:
        for phrase in phrases:
            if (short and _contains(words, phrase)) or (not short and _starts(joined, phrase)):
                return category, f"words:{phrase}"
    return None


def is_date_line(text: str, words: Sequence[str]) -> bool:
    """A line made of a date and time and their usual words ("Updated 3 hours ago"):
    numbers, with a month or day name, a sign such as "updated", or a numeric date."""
    if not words or len(words) > _DATE_MAX_WORDS:
        return False
    if not all(_DIGITS.match(w) or w in _DATE_WORDS for w in words):
        return False
    if not any(_DIGITS.match(w) for w in words):
        return False
    return any(w in _DATE_SIGNS for w in words) or bool(_NUMERIC_DATE.search(text))


def is_author_line(words: Sequence[str], author: Sequence[str]) -> bool:
    """The author's name with at most a few other words ("By Jane Doe and John Roe")."""
    name = [w for w in author if len(w) > 1]
    if not name or (len(name) == 1 and len(name[0]) < 4):
        return False
    return all(w in words for w in name) and len(words) <= len(name) + 5


def _starts(joined: str, phrase: str) -> bool:
    return joined == phrase or joined.startswith(phrase + " ")


def _contains(words: Sequence[str], phrase: str) -> bool:
    """Whether the words hold the phrase (words joined by single spaces) as whole words."""
    return f" {phrase} " in f" {' '.join(words)} "
