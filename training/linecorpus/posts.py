"""Markdown posts as feed-to-blog tools write them (see the seeds in ../shared/seeds).

YAML front matter with the title (a category in brackets before it), date and
categories; then a ``[Title](url)`` link line, an image line and the feed's
teaser, each a paragraph, and then the article body. The header lines are
labeled here; the body keeps the labels of the rendering it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.utils import format_datetime
from typing import Any

from .labels import Labeled


def post_header(meta: dict[str, Any], url: str | None, lang: str) -> list[Labeled]:
    """The labeled lines above a post's body (front matter, link, image, teaser)."""
    title = (meta.get("title") or "").strip()
    if not title:
        return []
    category = _first_category(meta)
    shown = f"[{category}] {title}" if category else title
    front = ["---", "layout: post", f"title: {_quoted(shown)}"]
    date = _feed_date(meta.get("date"))
    if date:
        front.append(f"date: {date}")
    front += [f"categories: entries {lang.upper()}", "---"]
    lines = [Labeled(text, None, False, "front matter") for text in front]
    url = url or meta.get("url")
    if url:
        lines += [Labeled(f"[{title}]({url})", "other", True, "post link line (markup)")]
        lines += [Labeled("", None, False, "blank")]
    if meta.get("image"):
        lines += [Labeled(f"![{title}]({meta['image']})", "other", True, "image line")]
        lines += [Labeled("", None, False, "blank")]
    teaser = " ".join((meta.get("description") or "").split())
    if teaser:
        lines += [Labeled(teaser, None, False, "feed teaser (a duplicate of the lead)")]
        lines += [Labeled("", None, False, "blank")]
    return lines


def _first_category(meta: dict[str, Any]) -> str | None:
    for value in meta.get("categories") or []:
        value = " ".join(str(value).split(",")[0].split())
        if value and len(value) <= 40:
            return value
    return None


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _feed_date(value: str | None) -> str | None:
    """An RFC 2822 date as feeds write it ("Wed, 19 Jun 2024 08:00:00 +0000")."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    moment = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.timezone.utc)
    return format_datetime(moment)


def post(header: Sequence[Labeled], body: Sequence[Labeled]) -> list[Labeled]:
    return [*header, *body] if header else []
