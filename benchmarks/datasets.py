"""Loaders for the page collections the benchmarks run on.

A dataset is named ``KIND:PATH`` on the command line:

- ``corpus:PATH`` -- the project's own corpus: ``NAME.html`` + ``NAME.json`` (corpus/README.md).
- ``wcxb:PATH`` -- WCXB: ``html/NNNN.html.gz`` + ``ground-truth/NNNN.json``.
- ``scrapinghub:PATH`` -- ScrapingHub article-extraction-benchmark: ``html/<id>.html.gz`` + one
  ``ground-truth.json`` mapping id -> {"articleBody": ..., "url": ...}.

Every loader yields the same record (a ``Page`` dict) in a stable order (sorted ids), lazily, so
a run over 400 MB of HTML never holds more than one page. The HTML stays *bytes*: detecting the
charset is part of the extractor's job, and decoding here would hide its mistakes.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TypedDict

KINDS = ("corpus", "wcxb", "scrapinghub")

REPO_ROOT = Path(__file__).resolve().parents[1]
WCXB_DEV = REPO_ROOT.parent / "shared" / "datasets" / "wcxb-dev"

# A TypedDict (not a dataclass) because two of the label fields are called "with" and "without",
# which are not valid attribute names; the keys keep the names the label files use.
Page = TypedDict("Page", {
    "id": str,
    "html": bytes,            # raw bytes, never decoded here
    "url": str | None,
    "page_type": str | None,  # article, service, product, collection, forum, listing, documentation
    "lang": str | None,       # None when the dataset does not say
    "main_content": str,      # the reference text ("" when the page has no main content)
    "with": list[str],        # snippets a correct extraction must contain
    "without": list[str],     # boilerplate snippets it must not contain
    "title": str | None,
})


def parse_spec(spec: str) -> tuple[str, Path]:
    """Split ``KIND:PATH`` and check KIND; PATH is relative to the current directory."""
    kind, sep, path = spec.partition(":")
    if not sep or kind not in KINDS or not path:
        raise ValueError(f"dataset must be KIND:PATH with KIND in {KINDS}, not {spec!r}")
    return kind, Path(path)


def default_dataset() -> str:
    """WCXB dev when it sits next to the repository (the shared layout), else the corpus."""
    if WCXB_DEV.is_dir():
        return f"wcxb:{WCXB_DEV}"
    return f"corpus:{REPO_ROOT / 'corpus'}"


def load(spec: str, limit: int | None = None) -> Iterator[Page]:
    """Yield the pages of dataset ``spec`` (``KIND:PATH``), at most ``limit`` of them."""
    kind, path = parse_spec(spec)
    if not path.is_dir():
        raise FileNotFoundError(f"dataset directory not found: {path}")
    pages = {"corpus": _corpus, "wcxb": _wcxb, "scrapinghub": _scrapinghub}[kind](path)
    return islice(pages, limit) if limit is not None else pages


def _snippets(value) -> list[str]:
    return [s for s in (value or []) if isinstance(s, str)]


def _corpus(path: Path) -> Iterator[Page]:
    for html_file in sorted(path.glob("*.html")):
        label_file = html_file.with_suffix(".json")
        # Pages are written by hand while benchmarks run: a page whose label is missing or
        # half-written is skipped loudly rather than scored against an empty reference.
        try:
            label = json.loads(label_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"warning: skipping {html_file.name}: bad or missing label ({exc})",
                  file=sys.stderr)
            continue
        yield Page({
            "id": html_file.stem,
            "html": html_file.read_bytes(),
            "url": label.get("url"),
            "page_type": label.get("page_type"),
            "lang": label.get("lang"),
            "main_content": label.get("main_content") or "",
            "with": _snippets(label.get("with")),
            "without": _snippets(label.get("without")),
            "title": label.get("title"),
        })


def _wcxb(path: Path) -> Iterator[Page]:
    for label_file in sorted((path / "ground-truth").glob("*.json")):
        page_id = label_file.stem
        label = json.loads(label_file.read_text(encoding="utf-8"))
        truth = label.get("ground_truth") or {}
        yield Page({
            "id": page_id,
            "html": gzip.decompress((path / "html" / f"{page_id}.html.gz").read_bytes()),
            "url": label.get("url"),
            "page_type": ((label.get("_internal") or {}).get("page_type") or {}).get("primary"),
            "lang": None,  # WCXB does not label languages
            # A few labels lack main_content altogether (script-only shells): same as empty.
            "main_content": truth.get("main_content") or "",
            "with": _snippets(truth.get("with")),
            "without": _snippets(truth.get("without")),
            "title": truth.get("title"),
        })


def _scrapinghub(path: Path) -> Iterator[Page]:
    labels = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(labels):
        label = labels[page_id]
        yield Page({
            "id": page_id,
            "html": gzip.decompress((path / "html" / f"{page_id}.html.gz").read_bytes()),
            "url": label.get("url"),
            "page_type": "article",  # the benchmark is news/blog articles only
            "lang": None,
            "main_content": label.get("articleBody") or "",
            "with": [],
            "without": [],
            "title": None,
        })
