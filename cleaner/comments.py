"""The page's reader comment thread, apart from the main text (Options(comments=True)).

A thread is found by general evidence only: an element whose class or id names a comment
list or a comment (`#comments`, `ol.commentlist`, `li#comment-123`, `#disqus_thread`,
Blogger's `Blog1_cmt-…`), or one typed as a schema.org Comment. The outermost such
elements, in page order, are the thread; each is walked on its own (the walk of
blocks.py), its reply form, "N comments" headings and per-comment buttons dropped, and
its blocks are taken out of the main text. A thread that holds the page's content (a
forum whose posts are marked up as comments) is content, not comments: it stays in
the text.
"""

from __future__ import annotations

from . import blocks as blk
from . import lexicon as lx
from . import render

# Candidates, found by Lexbor: any element whose class, id or itemtype mentions a
# comment (case-insensitive substrings; refined by lx.COMMENT_NAME_RE on each token).
_QUERY = ", ".join(
    f'[{attr}*="{word}" i]' for attr in ("id", "class")
    for word in ("comment", "disqus", "cmt")) + ', [itemtype*="comment" i]'
# Parts of a thread that are never a comment: the reply form and its wrappers.
_FORM_QUERY = ", ".join(
    ["form", "textarea"] + [f'[{attr}*="{word}" i]' for attr in ("id", "class")
                            for word in lx.COMMENT_FORM_WORDS])


def split(body, bl: blk.Blocks, kept: list[int]) -> tuple[str | None, list[int]]:
    """(the comment thread's text or None, kept without the thread's blocks)."""
    if body is None or not bl.blocks:
        return None, kept
    threads = _threads(body)
    if not threads:
        return None, kept
    texts = [b.text for b in bl.blocks]
    ranges: list[tuple[int, int]] = []
    parts: list[str] = []
    search_from = 0
    for node in threads:
        walked = blk.build(node)
        if not walked.blocks:
            continue
        span = _locate(texts, [b.text for b in walked.blocks], search_from)
        if span is None:
            continue
        start, end = span
        # A thread is the page's content when nothing worth reading stands before it
        # (a forum's posts, a Q&A page marked up as comments): leave it in the text.
        before = sum(bl.blocks[i].chars for i in kept if i < start)
        if before < lx.COMMENTS_MIN_ARTICLE_CHARS:
            continue
        if not _is_thread(walked):
            continue
        text = _render(node)
        ranges.append((start, end))
        search_from = end
        if text:
            parts.append(text)
    if not ranges:
        return None, kept
    rest = [i for i in kept if not any(s <= i < e for s, e in ranges)]
    return ("\n\n".join(parts) or None), rest


def _threads(body) -> list:
    """The outermost elements named like a comment thread or a comment, in page order."""
    found: list = []
    taken: set[int] = set()
    for node in body.css(_QUERY):
        if node.tag not in blk.BLOCK_TAGS or not _named(node.attributes):
            continue
        parent = node.parent
        inside = False
        while parent is not None:
            if parent.mem_id in taken:
                inside = True
                break
            parent = parent.parent
        if inside:
            continue
        taken.add(node.mem_id)
        found.append(node)
    return found


def _named(attrs: dict) -> bool:
    itemtype = attrs.get("itemtype")
    if itemtype and lx.COMMENT_ITEMTYPE_RE.search(itemtype):
        return True
    for value in (attrs.get("id"), attrs.get("class")):
        if value and any(lx.COMMENT_NAME_RE.match(token) for token in value.lower().split()):
            return True
    return False


def _locate(texts: list[str], sub: list[str], start: int) -> tuple[int, int] | None:
    """Where the block texts `sub` stand, in a row, in `texts` (from `start`)."""
    n = len(sub)
    first = sub[0]
    i = start
    while True:
        try:
            i = texts.index(first, i)
        except ValueError:
            return None
        if texts[i:i + n] == sub:
            return i, i + n
        i += 1


def _is_thread(walked: blk.Blocks) -> bool:
    """Comments, not a form or a list of links: a date somewhere on a short line, and
    mostly unlinked text."""
    chars = sum(b.chars for b in walked.blocks)
    links = sum(b.link_chars for b in walked.blocks)
    if not chars or links > lx.COMMENT_MAX_LINK_DENSITY * chars:
        return False
    return any(b.chars <= lx.COMMENT_DATE_MAX_CHARS and lx.COMMENT_DATE_RE.search(b.text)
               for b in walked.blocks)


def _render(node) -> str:
    """The thread's text: its reply form, headings counting the comments and the
    buttons under each comment left out."""
    for part in node.css(_FORM_QUERY):
        if part.mem_id != node.mem_id and part.parent is not None:
            part.decompose()
    walked = blk.build(node)
    keep = [i for i, b in enumerate(walked.blocks) if not _chrome_line(b)]
    return render.to_text(walked, keep)


def _chrome_line(b: blk.Block) -> bool:
    if b.chars > lx.COMMENT_CHROME_MAX_CHARS:
        return False
    text = b.text
    if lx.COMMENT_CHROME_RE.match(text) or lx.BOILERPLATE_LINE_RE.match(text):
        return True
    low = text.lower()
    words = lx.COMMENT_WORD_RE.findall(low)
    return bool(words) and all(w.isdigit() or w in lx.COMMENT_ACTIONS for w in words)
