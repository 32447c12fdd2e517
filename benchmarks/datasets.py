"""Loaders for the page collections the benchmarks run on.

A dataset is named ``KIND:PATH`` on the command line:

- ``corpus:PATH`` -- the project's own corpus: ``NAME.html`` + ``NAME.json`` (corpus/README.md).
- ``wcxb:PATH`` -- WCXB: ``html/NNNN.html.gz`` + ``ground-truth/NNNN.json``; the other shared
  sets (Dragnet, CleanEval, Readability's test pages) use the same layout without page types,
  snippets or title labels, which the loader therefore treats as optional.
- ``scrapinghub:PATH`` -- ScrapingHub article-extraction-benchmark: ``html/<id>.html.gz`` + one
  ``ground-truth.json`` mapping id -> {"articleBody": ..., "url": ...}.

Every loader yields the same record (a ``Page`` dict) in a stable order (sorted ids), lazily, so
a run over 400 MB of HTML never holds more than one page. The HTML stays *bytes*: detecting the
charset is part of the extractor's job, and decoding here would hide its mistakes.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import NamedTuple, TypedDict

KINDS = ("corpus", "wcxb", "scrapinghub")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared" / "datasets"  # read-only, beside the repo (CI has it too)
WCXB_DEV = SHARED / "wcxb-dev"
CORPUS = REPO_ROOT / "corpus"

# The four public development sets whose mean word F1 is the "macro mean" the project is judged
# on (issue 14). The corpus is ours, small and tuned on: reported, never in the macro.
MACRO_SETS = ("wcxb-dev", "dragnet", "cleaneval", "readability")

# Sets whose labels include the readers' comment thread below the article (Dragnet's README):
# there cleaner runs with comments on and is scored on text + comments, the peers on their
# defaults (trafilatura and resiliparse keep comments by default, readability-lxml has no option).
WITH_COMMENTS = frozenset({"dragnet"})

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


class DataSet(NamedTuple):
    """A set the accuracy benchmark runs: ``name`` keys results and floors (the directory's
    name), ``spec`` is ``KIND:PATH``, ``comments`` says whether its labels include comments."""

    name: str
    spec: str
    comments: bool = False


def dataset(spec: str, name: str | None = None) -> DataSet:
    """The DataSet for ``KIND:PATH``; named after its directory unless ``name`` is given."""
    _, path = parse_spec(spec)
    name = name or path.resolve().name
    return DataSet(name, spec, name in WITH_COMMENTS)


def shown(path: Path) -> str:
    """A set's path as reports print it: relative to the repository when beside it
    (``../shared/datasets/dragnet``), so the figures read the same on every machine."""
    try:
        return os.path.relpath(path.resolve(), REPO_ROOT)
    except ValueError:  # another drive (Windows)
        return str(path)


def _layout(path: Path) -> str | None:
    """The loader kind a directory's layout calls for, None if it has none we read."""
    if (path / "html").is_dir() and (path / "ground-truth").is_dir():
        return "wcxb"  # WCXB's layout, which the other shared sets follow too
    if (path / "html").is_dir() and (path / "ground-truth.json").is_file():
        return "scrapinghub"
    return None


def discover(shared: Path = SHARED, corpus: Path = CORPUS) -> list[DataSet]:
    """Every set present: those of ``shared`` (the macro sets first, in MACRO_SETS order, then
    any other by name), then the corpus. A missing ``shared`` gives the corpus alone."""
    found = []
    if shared.is_dir():
        dirs = sorted((d for d in shared.iterdir() if d.is_dir()),
                      key=lambda d: (d.name not in MACRO_SETS,
                                     MACRO_SETS.index(d.name) if d.name in MACRO_SETS else 0,
                                     d.name))
        for d in dirs:
            kind = _layout(d)
            if kind is not None:
                found.append(dataset(f"{kind}:{d}"))
    if corpus.is_dir():
        found.append(dataset(f"corpus:{corpus}", "corpus"))
    return found


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
