"""Choose the main container and the blocks inside it that are content."""

from __future__ import annotations

from . import lexicon as lx
from . import score
from .blocks import HEADINGS, Blocks


def choose_container(bl: Blocks, scores: list[float]) -> tuple[int, int, int]:
    """The best-scoring element (index, block range); ties go to the innermost one."""
    if not bl.blocks:
        return -1, 0, 0
    starts, ends = bl.el_start, bl.el_end
    best = -1
    best_score = float("-inf")
    for i, sc in enumerate(scores):
        # Document order visits an element before its descendants, so ">=" lets an inner
        # element with the same score (a wrapper adds nothing) win.
        if sc >= best_score and sc > float("-inf"):
            best, best_score = i, sc
    if best < 0:
        return -1, 0, len(bl.blocks)
    return best, starts[best], ends[best]


def declares_article(html: str | bytes) -> bool:
    """Whether the page declares itself an article (og:type "article" in its <head>)."""
    found = lx.ARTICLE_PAGE_RE if isinstance(html, str) else lx.ARTICLE_PAGE_BYTES_RE
    return found.search(html) is not None


def main_scope(bl: Blocks, el: int) -> tuple[int, int] | None:
    """The block range of the <main> at or above el, if any (not <article>: listings
    wrap each of their items in one)."""
    while el >= 0:
        if bl.el_tag[el] == "main":
            return bl.el_start[el], bl.el_end[el]
        el = bl.el_parent[el]
    return None


def keep_blocks(bl: Blocks, values: list[float], mask: list[bool], start: int, end: int,
                precision: bool = False) -> list[int]:
    """Indices of blocks in [start, end) that are not boilerplate. With precision, also
    drop the doubtful ones: short lines that are neither sentences nor headings."""
    blocks = bl.blocks
    if precision:
        kept = [i for i in range(start, end)
                if not mask[i] and (values[i] > 0 or blocks[i].tag in HEADINGS)]
    else:
        # A byline in a box named like boilerplate ("article-signature") is still the story's.
        kept = [i for i in range(start, end) if values[i] >= 0 and (
            not mask[i] or blocks[i].chars <= lx.MASKED_BYLINE_MAX_CHARS
            and lx.BYLINE_RE.search(blocks[i].text))]
    # Placeholder text of an unfilled template is never content (neutral when scored).
    filler = score.placeholders(bl)
    return [i for i in kept if i not in filler] if filler else kept
