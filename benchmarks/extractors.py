"""The extractors the benchmarks compare, each as ``fn(html, url) -> str``.

Imports happen inside ``load()`` so that a process pays only for the extractors it runs: the
accuracy benchmark never imports a peer when its cache is warm, and the memory probe of the
throughput benchmark imports exactly one extractor.

``html`` is bytes or str. The throughput benchmark passes every extractor the page's bytes, as
a user fetching pages would (detecting the charset is part of the work timed); the accuracy
benchmark passes the peers the text cleaner's decoder made of those bytes, so that every
extractor is scored on the same characters and a decoding difference is not counted as an
extraction difference.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata

Extractor = Callable[["bytes | str", "str | None"], str]

NAMES = ("cleaner", "trafilatura", "readability", "resiliparse")
# The peers: every extractor but cleaner, in the order their columns are printed.
PEERS = NAMES[1:]
# Distribution name where it is not the extractor's name (versions key the cache).
PACKAGES = {"readability": "readability-lxml", "cleaner": "cleaner-html"}

# Elements after which readability-lxml's HTML output starts a new line when turned into text:
# without a break, "</p><p>" would glue the last word of one paragraph to the first of the next.
_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
))


def load(name: str, comments: bool = False) -> Extractor:
    """``comments``: the page's labels include its reader comments. cleaner then runs with
    Options(comments=True) where Options has that field and returns text + comments; the peers
    ignore it (their defaults are what is compared)."""
    if name == "cleaner":
        import cleaner

        options = cleaner.Options(comments=True) if comments and cleaner_has_comments() else None

        def run(html: bytes | str, url: str | None) -> str:
            article = cleaner.clean(html, url=url, options=options)
            if not comments:
                return article.text
            return article.text + "\n\n" + (getattr(article, "comments", None) or "")

    elif name == "trafilatura":
        import trafilatura

        def run(html: bytes | str, url: str | None) -> str:
            # Default settings (comments included); None means "nothing".
            return trafilatura.extract(html, url=url) or ""

    elif name == "readability":
        from readability import Document

        def run(html: bytes | str, url: str | None) -> str:
            # Its output is HTML (the reader view's markup), the others' plain text.
            return html_to_text(Document(html, url=url).summary(html_partial=True))

    elif name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import detect_encoding
        from resiliparse.parse.html import HTMLTree

        def run(html: bytes | str, url: str | None) -> str:
            if isinstance(html, str):
                tree = HTMLTree.parse(html)
            else:
                # Bytes API: <meta> charset first, else uchardet, like a real caller would do.
                tree = HTMLTree.parse_from_bytes(html, detect_encoding(html, from_html_meta=True))
            return extract_plain_text(tree, main_content=True)

    else:
        raise ValueError(f"unknown extractor {name!r}; choose from {', '.join(NAMES)}")
    return run


def cleaner_has_comments() -> bool:
    """Whether this cleaner's Options has the comments field (feature check, not a version)."""
    import cleaner

    return "comments" in getattr(cleaner.Options, "__dataclass_fields__", {})


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, a line break around each block element (walked without
    recursion: deep trees are common in real pages)."""
    from lxml import etree
    from lxml import html as lxml_html

    if not fragment.strip():
        return ""
    root = lxml_html.fromstring(fragment)
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        is_element = isinstance(el.tag, str)  # comments and processing instructions are not
        if event == "start":
            if is_element and el.tag in _BLOCKS:
                parts.append("\n")
            if is_element and el.tag not in ("script", "style") and el.text:
                parts.append(el.text)
        else:
            if is_element and el.tag in _BLOCKS:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def version(name: str) -> str:
    """Installed version of an extractor (or any package), read from metadata so that asking
    does not import it."""
    try:
        return metadata.version(PACKAGES.get(name, name))
    except metadata.PackageNotFoundError:
        return "not installed"
