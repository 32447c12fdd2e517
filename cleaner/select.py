"""Choose the main container and the blocks inside it that are content."""

from __future__ import annotations

from . import blocks, prefix, score
from . import lexicon as lx
from .blocks import CONTENT_ATTR, HEADINGS, SEMANTIC, SUSPECT, Blocks


def choose_container(bl: Blocks, scores: list[float]) -> tuple[int, int, int]:
    """The best-scoring element (index, block range); ties go to the innermost one."""
    if not bl.blocks:
        return -1, 0, 0
    starts, ends = bl.el_start, bl.el_end
    if score._C is not None:
        best = score._C.choose_container(scores)
        return (-1, 0, len(bl.blocks)) if best < 0 else (best, starts[best], ends[best])
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


def widen(bl: Blocks, el: int, start: int, end: int, values: list[float], mask: list[bool],
          scores: list[float]) -> tuple[int, int, int]:
    """The nearest wrapper of el that markup names as the content (SEMANTIC or
    CONTENT_ATTR), when it holds WIDEN_PROSE_GAIN times el's prose and scores above
    zero: the story's body, whose one paragraph won only because a list of links
    inside the body (a "more on" box after the story, dropped by the tail trim)
    weighed the body down. Not past a box named like chrome."""
    if el < 0:
        return el, start, end
    flags, parents = bl.el_flags, bl.el_parent
    if bl.el_tag[el] == "p" and parents[el] >= 0:
        # A lone paragraph won because its siblings share a parent with a box masked as
        # chrome (a comment thread under the post, in the post's area) that weighs the
        # parent down: the parent, whose masked blocks keep_blocks drops, when its blocks
        # outside the mask (links counting against) score WIDEN_PROSE_GAIN times the
        # paragraph's prose. (Not a parent of link lists: those are not masked.)
        up = parents[el]
        s, e = bl.el_start[up], bl.el_end[up]
        inner = sum(values[j] for j in range(start, end) if values[j] > 0 and not mask[j])
        outer = sum(values[j] for j in range(s, e) if not mask[j])
        if outer >= lx.WIDEN_PROSE_GAIN * inner > 0 and not flags[up] & SUSPECT:
            return up, s, e
    i = parents[el]
    while i >= 0 and not flags[i] & (SEMANTIC | CONTENT_ATTR | SUSPECT):
        i = parents[i]
    if i < 0 or flags[i] & SUSPECT or scores[i] <= 0:
        return el, start, end
    s, e = bl.el_start[i], bl.el_end[i]
    if score._C is not None:
        inner = sum(score._C.prose_values(values, mask, start, end))
        outer = sum(score._C.prose_values(values, mask, s, e))
    else:
        inner = sum(values[j] for j in range(start, end) if values[j] > 0 and not mask[j])
        outer = sum(values[j] for j in range(s, e) if values[j] > 0 and not mask[j])
    return (i, s, e) if outer >= lx.WIDEN_PROSE_GAIN * inner else (el, start, end)


def standfirst(bl: Blocks, values: list[float], mask: list[bool], el: int,
               start: int) -> list[int]:
    """The standfirst standing just before the chosen container, between it and the
    headline, in an element of its own ("<h1>, <div class=perex>, <div class=text>"): the
    container holds the story's paragraphs only, and its first sentences would be lost.
    Only one block of prose that ends like a sentence and has no link, found within
    STANDFIRST_MAX_BLOCKS blocks above the container (past datelines and captions) and
    under a <h1>/<h2> of the container's parent; none inside a box named like
    boilerplate."""
    if el < 0:
        return []
    parent = bl.el_parent[el]
    if parent < 0:
        return []
    blocks, flags = bl.blocks, bl.el_flags
    lo = bl.el_start[parent]
    found: list[int] = []
    for i in range(start - 1, max(lo, start - lx.STANDFIRST_MAX_BLOCKS) - 1, -1):
        b = blocks[i]
        if b.tag in ("h1", "h2"):
            # one block: a lead in two or more lines is a landing page's pitch
            return found if len(found) == 1 else []
        if (values[i] > 0 and not mask[i] and not b.link_chars
                and lx.STANDFIRST_MIN_CHARS <= b.chars <= lx.STANDFIRST_MAX_CHARS
                and lx.ends_sentence(b.text)):
            a = b.parent
            while a >= 0 and a != parent and not flags[a] & SUSPECT:
                a = bl.el_parent[a]
            if a != parent:
                return []
            found.append(i)
    return []


def declares_article(html: str | bytes) -> bool:
    """Whether the page declares itself an article (og:type "article" in its <head>).
    The pattern is only tried around each "og:type" (a case-insensitive regex over a
    whole page costs milliseconds; a lower-cased copy and a find, a tenth of that)."""
    found = lx.ARTICLE_PAGE_RE if isinstance(html, str) else lx.ARTICLE_PAGE_BYTES_RE
    walk = blocks._C_WALK
    if walk is not None and isinstance(html, bytes):
        # (the same positions as the find over a lowered copy below, without the copy)
        at = walk.find_rare(html, b"og:type", 2, folded=True)
        while at >= 0:
            if found.search(html, max(0, at - lx.ARTICLE_PAGE_REACH),
                            at + lx.ARTICLE_PAGE_REACH):
                return True
            at = walk.find_rare(html, b"og:type", 2, at + 1, folded=True)
        return False
    low = html.lower()
    if len(low) != len(html):            # a str whose lower case changes its length
        return found.search(html) is not None
    needle = "og:type" if isinstance(html, str) else b"og:type"
    at = low.find(needle)
    while at >= 0:
        if found.search(html, max(0, at - lx.ARTICLE_PAGE_REACH), at + lx.ARTICLE_PAGE_REACH):
            return True
        at = low.find(needle, at + 1)
    return False


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
    if score._C is not None:
        kept = score._C.keep_blocks(blocks, values, mask, start, end, precision,
                                    lx.MASKED_BYLINE_MAX_CHARS,
                                    prefix.guarded_search(lx.BYLINE_RE))
    elif precision:
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
