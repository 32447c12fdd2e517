"""The one options object. Defaults are calibrated on WCXB dev and the corpus (see lexicon.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Options:
    """Knobs a user may want to turn; every field has a tested default.

    favor: "balanced" (default), "precision" (drop doubtful blocks: stricter link
        density, more suspect containers masked, short non-sentence lines dropped: fewer
        boilerplate leaks, some lost lines) or "recall" (the reverse: links tolerated,
        suspects masked only when small: little lost, more leaks). See lexicon.FAVOR.
    trim_tail: cut "related", "most read", sponsored and similar blocks after the body.
    tables: keep data tables in the output (one row a line, cells tab-separated).
    min_block_chars: blocks shorter than this (in characters, so CJK counts fairly) need
        other evidence (sentence punctuation, position inside the body) to be kept.
    max_link_density: blocks whose share of linked characters exceeds this are dropped
        as navigation unless they are long prose.

    comments: also return the page's reader comment thread in Article.comments (kept
        out of Article.text). Off, the thread is left out as boilerplate, as always.
        Forum posts and Q&A answers are the page's content either way.

    metadata: read authors, dates, site name, language, canonical URL, description, tags
        and lead image (about a tenth of the per-page time); False: only the title.
    formats: which renderings to produce besides Article.text: "markdown" fills
        Article.markdown, "html" Article.html (minimal safe HTML). Off by default: the walk
        then records no inline structure and costs nothing for it.
    links, images: keep links ([text](url)) and images (![alt](src), lazy-loading
        data-src/srcset resolved) in markdown and HTML; URLs made absolute against the
        page's <base href>, else the url given to clean(), else (no url given) the page's
        canonical URL; a relative <base href> is itself resolved against the latter two.

    Limits that keep one hostile page from running away (the result is then partial,
    with Article.reason saying so):
    max_bytes: input beyond this many bytes (characters for str) is not read.
    max_nodes: the walk stops after this many DOM nodes.
    max_depth: block elements nested deeper than this are cut off before parsing (Lexbor
        parses deep <div>/<section>/<ul> nesting in quadratic time).
    For a hard time budget, run clean() in a worker process and kill it (the command line
    does, see --timeout).
    """

    favor: str = "balanced"
    trim_tail: bool = True
    tables: bool = True
    min_block_chars: int = 20
    max_link_density: float = 0.5
    comments: bool = False
    metadata: bool = True
    formats: tuple[str, ...] = ()
    links: bool = False
    images: bool = False
    max_bytes: int = 32 * 1024 * 1024
    max_nodes: int = 1_000_000
    max_depth: int = 4096

    def __post_init__(self) -> None:
        if self.favor not in ("balanced", "precision", "recall"):
            raise ValueError(f"favor must be 'balanced', 'precision' or 'recall', not {self.favor!r}")
        if not 0.0 <= self.max_link_density <= 1.0:
            raise ValueError("max_link_density must be within [0, 1]")
        if self.min_block_chars < 0:
            raise ValueError("min_block_chars must be >= 0")
        unknown = set(self.formats) - {"text", "markdown", "html"}
        if unknown:
            raise ValueError(f"unknown formats {sorted(unknown)}: use 'markdown' and/or 'html'")
        for name in ("max_bytes", "max_nodes", "max_depth"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1")
