"""The extractors the benchmarks compare, each as ``fn(html_bytes, url) -> str``.

Imports happen inside ``load()`` so that a process pays only for the extractors it runs: the
accuracy benchmark never imports trafilatura when its cache is warm, and the memory probe of
the throughput benchmark imports exactly one extractor.

Every extractor receives the page's bytes, as a user fetching pages would pass them: detecting
the charset is part of the work measured.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata

Extractor = Callable[[bytes, "str | None"], str]

NAMES = ("cleaner", "trafilatura", "resiliparse")


def load(name: str) -> Extractor:
    if name == "cleaner":
        import cleaner

        def run(html: bytes, url: str | None) -> str:
            return cleaner.clean(html, url=url).text

    elif name == "trafilatura":
        import trafilatura

        def run(html: bytes, url: str | None) -> str:
            # Default settings, bytes in (trafilatura decodes them itself); None means "nothing".
            return trafilatura.extract(html, url=url) or ""

    elif name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import detect_encoding
        from resiliparse.parse.html import HTMLTree

        def run(html: bytes, url: str | None) -> str:
            # Bytes API: <meta> charset first, else uchardet, like a real caller would do.
            encoding = detect_encoding(html, from_html_meta=True)
            return extract_plain_text(HTMLTree.parse_from_bytes(html, encoding), main_content=True)

    else:
        raise ValueError(f"unknown extractor {name!r}; choose from {', '.join(NAMES)}")
    return run


def version(package: str) -> str:
    """Installed version, read from metadata so that asking does not import the package."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
