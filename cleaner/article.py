"""The result object returned by clean()."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .metadata import Metadata


@dataclass(frozen=True)
class Article:
    """The main content of one page.

    text: plain text; headings and list items on their own lines, paragraphs separated by
        one blank line, table rows one a line. Empty when nothing was found (see reason).
    title: the page's headline, or None.
    url: the URL passed to clean(), if any.
    encoding: the charset the bytes were decoded with (None when a str was passed, and for
        binary input, which no charset reads).
    markdown, html: the same content as markdown / minimal safe HTML, when asked for
        with Options(formats=("markdown", "html")); else None.
    reason: why text is empty ("empty input", "binary input, not html", "not html: no
        markup", "no main content found") or partial (a limit of Options was hit), else None.
    comments: the page's reader comments as plain text, with Options(comments=True):
        in page order, each comment's author/date line as the page shows it, a blank line
        between paragraphs and comments; None when the page has no thread or the option
        is off. Never part of text.
    metadata: authors, published/modified dates (ISO 8601), site name, language, canonical
        URL, description, tags, lead image (cleaner.metadata.Metadata; empty with
        Options(metadata=False)). Shortcuts: article.authors, .published, .language.
    """

    text: str
    title: str | None = None
    url: str | None = None
    encoding: str | None = None
    reason: str | None = None
    markdown: str | None = None
    html: str | None = None
    comments: str | None = None

    metadata: Metadata = field(default_factory=Metadata)

    @property
    def authors(self) -> tuple[str, ...]:
        return self.metadata.authors

    @property
    def published(self) -> str | None:
        return self.metadata.published

    @property
    def language(self) -> str | None:
        return self.metadata.language

    def to_dict(self) -> dict:
        """All fields, metadata flattened in (JSON-ready)."""
        d = asdict(self)
        meta = self.metadata.to_dict()
        meta.pop("title", None)          # Article.title is the headline already
        d.pop("metadata")
        d.update(meta)
        return d
