"""How ``cleaner check`` prints its findings: lines for people, JSON or annotations for CI."""

from __future__ import annotations

import json
from collections.abc import Callable

from cleaner.check.findings import Finding

FORMATS = ("text", "json", "github")


class FindingPrinter:
    """``text``: ``FILE:LINE: RULE CATEGORY: TEXT`` as found. ``json``: one array of
    ``{"file", "line", "rule", "category", "message"}`` when done. ``github``: a GitHub
    Actions ``::warning`` annotation a line, shown on the pull request's diff.
    ``echo`` prints one line."""

    def __init__(self, output_format: str, echo: Callable[[str], None]) -> None:
        self.format = output_format
        self.echo = echo
        self.found: list[dict[str, object]] = []

    def add(self, path: str, finding: Finding) -> None:
        if self.format == "text":
            self.echo(finding.format(path))
        elif self.format == "github":
            where = f"file={_escape(path, True)},line={finding.line}"
            title = _escape(f"{finding.rule} ({finding.category})", True)
            self.echo(f"::warning {where},title={title}::{_escape(finding.text)}")
        else:
            self.found.append(
                {
                    "file": path,
                    "line": finding.line,
                    "rule": finding.rule,
                    "category": finding.category,
                    "message": finding.text,
                }
            )

    def close(self) -> None:
        if self.format == "json":
            self.echo(json.dumps(self.found, ensure_ascii=False, indent=2))


def _escape(text: str, in_property: bool = False) -> str:
    """GitHub's workflow-command escapes: ``%``, line breaks, and in properties ``:`` and ``,``."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text
