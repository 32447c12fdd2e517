"""The result object returned by clean()."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Article:
    """The main content of one page.

    text: plain text; headings and list items on their own lines, paragraphs separated by
        one blank line, table rows one a line. Empty when nothing was found (see reason).
    title: the page's headline, or None.
    url: the URL passed to clean(), if any.
    encoding: the charset the bytes were decoded with (None when a str was passed).
    markdown, html: the same content as markdown / minimal safe HTML, when asked for
        with Options(formats=("markdown", "html")); else None.
    reason: why text is empty ("empty input", "binary input, not html", "not html: no
        markup", "no main content found") or partial (a limit of Options was hit), else None.
    """

    text: str
    title: str | None = None
    url: str | None = None
    encoding: str | None = None
    reason: str | None = None
    markdown: str | None = None
    html: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)
