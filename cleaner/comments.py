"""The page's reader comment thread, apart from the main text (Options(comments=True)).

A thread is found by general evidence only: an element whose class or id names a comment
list or a comment (`#comments`, `ol.commentlist`, `li#comment-123`, `#disqus_thread`,
Blogger's `Blog1_cmt-…`), or one typed as a schema.org Comment, that is not mostly links
(a sidebar's "recent comments") and shows a date, a count of its comments or several
comments inside. The outermost such elements, in page order, are the thread. Each is
walked on its own to find its blocks in the page's walk; those blocks leave the main
text and, without the reply form, the "N comments" headings and the buttons under each
comment, become Article.comments.

A thread that holds the page's content is content, not comments: a page that declares
itself a forum thread or a Q&A page, a forum's replies made like its first post, and a
thread with nothing worth reading before it stay in the text.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from . import blocks as blk
from . import lexicon as lx
from . import render

# Candidates, found by Lexbor: any element whose class, id or itemtype mentions a
# comment (case-insensitive substrings; each token is then checked by COMMENT_NAME_RE).
_QUERY = ", ".join(
    f'[{attr}*="{word}" i]' for attr in ("id", "class")
    for word in ("comment", "disqus", "cmt")) + ', [itemtype*="comment" i]'
_FORM = frozenset({"form"})


class Thread(NamedTuple):
    start: int        # its blocks in the page's walk: [start, end)
    end: int


def find(body, bl: blk.Blocks, html: str | bytes, declared: bool | None = None
         ) -> list[Thread]:
    """The comment threads of the page (named, dated, not mostly links), in page order;
    none on a page that declares itself a forum thread or a Q&A page (its replies and
    answers, however marked up, are its content). declared: whether it does, when the
    caller knows (else html is searched)."""
    if declared is None:
        declared = declares_thread(html)
    if body is None or not bl.blocks or declared:
        return []
    named = _named_elements(body, lx.COMMENT_MAX_CANDIDATES)
    if any(_is_post(node) for node in named):
        return []
    return _spans(bl, named, _is_thread, advance=True)


def named_threads(body, bl: blk.Blocks) -> list[Thread]:
    """find()'s threads whatever the page declares and its posts look like: the posts of
    a page that declares itself a thread, where these are its content."""
    if body is None or not bl.blocks:
        return []
    return _spans(bl, _named_elements(body, lx.COMMENT_MAX_CANDIDATES), _is_thread,
                  advance=True)


def named_spans(body, bl: blk.Blocks) -> list[Thread]:
    """The blocks of each outermost element whose class or id mentions comments (a
    thread or not: also the comment area's guidelines and reply prompt), in page order
    (sites.py: what a site's template repeats there is left to the comment rules)."""
    if body is None or not bl.blocks:
        return []
    return _spans(bl, _mentions(body), lambda node, walked: True, advance=False)


def _spans(bl: blk.Blocks, nodes, wanted, advance: bool) -> list[Thread]:
    """Where each of `nodes` that is wanted(node, its walk) stands in the page's blocks,
    found by its blocks' texts; advance: each is looked for after the one before."""
    texts = [b.text for b in bl.blocks]
    where: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        where.setdefault(text, []).append(i)
    found: list[Thread] = []
    search_from = 0
    for node in nodes:
        walked = blk.build(node)
        if not walked.blocks or not wanted(node, walked):
            continue
        span = _locate(texts, where, [b.text for b in walked.blocks], search_from)
        if span is not None:
            found.append(Thread(*span))
            if advance:
                search_from = span[1]
    return found


def _mentions(root) -> list:
    """The outermost block elements whose class or id mentions comments, in page order."""
    found: list = []
    skip = {root.mem_id}
    for node in root.css(_QUERY):
        if node.mem_id in skip or node.tag not in blk.BLOCK_TAGS:
            continue
        found.append(node)
        if len(found) == lx.COMMENT_MAX_CANDIDATES:
            break
        skip.update(inner.mem_id for inner in node.css(_QUERY))
    return found


def declares_thread(html: str | bytes) -> bool:
    """Whether the page declares itself a forum thread or a Q&A page (schema.org types):
    its replies and answers are its content, however marked up."""
    if isinstance(html, str):
        return any(name in html for name in lx.FORUM_PAGE_TYPES)
    return any(_find(html, name) >= 0 for name in _FORUM_PAGE_TYPES)


# The names as bytes; their first letter is a capital, rare in HTML: the C search jumps
# from one to the next by memchr (six times faster than `in` over a 300 KB page).
_FORUM_PAGE_TYPES = tuple(name.encode() for name in lx.FORUM_PAGE_TYPES)


def _find(data: bytes, needle: bytes) -> int:
    if blk._C_WALK is not None:
        return blk._C_WALK.find_rare(data, needle, 0)
    return data.find(needle)


def excluded(threads: list[Thread]) -> frozenset[int]:
    """The blocks of the threads."""
    return frozenset(i for t in threads for i in range(t.start, t.end))


def share_inside(bl: blk.Blocks, kept: list[int], threads: list[Thread]) -> float:
    """The share of the kept text that stands inside the threads."""
    blocks = bl.blocks
    inside = excluded(threads)
    total = sum(blocks[i].chars for i in kept)
    return sum(blocks[i].chars for i in kept if i in inside) / total if total else 0.0


def taken(bl: blk.Blocks, kept: list[int], threads: list[Thread]) -> list[Thread]:
    """The threads that are reader comments: at least COMMENTS_MIN_ARTICLE_CHARS of the
    kept text stands before each, outside any thread (else the thread is the page's
    content). Or every thread, when the kept text holds none of them: the selection
    did not read a thread as the content (a photo post, a two-line link post: the
    headline and a caption over a long thread, whose comments the walk masked one by
    one), and leaving it out of the comments too would lose it. Threads and kept blocks
    are both in page order: one pass."""
    blocks = bl.blocks
    inside = excluded(threads)    # (an earlier thread's text is no article)
    if not any(i in inside for i in kept):
        return list(threads)
    out: list[Thread] = []
    before = 0
    pos = 0
    for t in threads:
        while pos < len(kept) and kept[pos] < t.start:
            if kept[pos] not in inside:
                before += blocks[kept[pos]].chars
            pos += 1
        if before >= lx.COMMENTS_MIN_ARTICLE_CHARS:
            out.append(t)
    return out


def split(bl: blk.Blocks, kept: list[int], threads: list[Thread]
          ) -> tuple[str | None, list[int]]:
    """(the comments' text or None, kept without the blocks of the threads taken)."""
    comments = taken(bl, kept, threads)
    if not comments:
        return None, kept
    parts = [text for text in (_render(bl, t) for t in comments) if text]
    inside = excluded(comments)
    return ("\n\n".join(parts) or None), [i for i in kept if i not in inside]


def chrome_blocks(bl: blk.Blocks, threads: list[Thread]) -> frozenset[int]:
    """The blocks of the threads that are their chrome: the reply form, the headings
    counting the comments, the buttons under each comment."""
    blocks = bl.blocks
    return frozenset(i for t in threads for i in range(t.start, t.end)
                     if _chrome_line(blocks[i]) or bl.ancestor(blocks[i].parent, _FORM, 16) >= 0)


def as_content(bl: blk.Blocks, threads: list[Thread]) -> tuple[frozenset[int], frozenset[int]]:
    """(blocks to read as content, blocks to read as chrome) when the threads are the
    page's content: their chrome lines go; a <form> in them is the reply form, unless
    it holds a sentence of prose (some sites wrap each comment's text in a form)."""
    blocks = bl.blocks
    keep: set[int] = set()
    drop: set[int] = set()
    forms: dict[int, bool] = {}
    for t in threads:
        for i in range(t.start, t.end):
            b = blocks[i]
            form = bl.ancestor(b.parent, _FORM, 16)
            if form >= 0:
                prose = forms.get(form)
                if prose is None:
                    prose = forms[form] = any(
                        blocks[j].chars >= lx.PROSE_MIN_CHARS and lx.ends_sentence(blocks[j].text)
                        for j in range(bl.el_start[form], bl.el_end[form]))
                if not prose:
                    drop.add(i)
                    continue
            (drop if _chrome_line(b) else keep).add(i)
    return frozenset(keep), frozenset(drop)


def _named_elements(root, limit: int = 0) -> list:
    """The outermost block elements named like a comment thread or a comment below root
    (not root itself), in page order; at most `limit` of them when given."""
    found: list = []
    skip = {root.mem_id}
    for node in root.css(_QUERY):
        mem = node.mem_id
        if mem in skip:
            continue                  # seen (a node comes once per selector it matches),
        skip.add(mem)                 # or inside one found
        if node.tag not in blk.BLOCK_TAGS or not _named(node.attributes):
            continue
        found.append(node)
        if len(found) == limit:
            break
        # Its own candidates are inside it: skipped in one query, so that nested
        # comments cost once (not once per level).
        skip.update(inner.mem_id for inner in node.css(_QUERY))
    return found


def _is_post(node) -> bool:
    """A forum's reply: an element typed as a comment (or with such an id) whose class
    does not say so, with a sibling just before it made like it (same tag and first
    class) but not typed so: the thread's first post. Or one named for a forum or a
    discussion board."""
    cls = node.attributes.get("class") or ""
    if any(lx.FORUM_NAME_RE.search(token) for token in cls.lower().split()):
        return True
    first = cls.split()[:1]
    if first and not node.text(deep=True, strip=True):
        return False              # an empty item (a "Comments" tab of a widget): no post
    if not first or _names_comment(cls):
        return False              # its class names a comment list or a comment: not a post
    sib = node.prev
    for _ in range(lx.COMMENT_POST_SIBLINGS):
        if sib is None:
            break
        if (sib.tag == node.tag and (sib.attributes.get("class") or "").split()[:1] == first
                and not _named(sib.attributes)):
            return True
        sib = sib.prev
    return False


def _named(attrs: dict) -> bool:
    itemtype = attrs.get("itemtype")
    if itemtype and lx.COMMENT_ITEMTYPE_RE.search(itemtype):
        return True
    return any(value and _names_comment(value) for value in (attrs.get("id"), attrs.get("class")))


def _names_comment(value: str) -> bool:
    """A class or id string with a token naming a comment list or a comment. (Not cached
    across pages: see blocks._FLAGS_CACHE; asked about once in ten pages.)"""
    return any(lx.COMMENT_NAME_RE.match(token) for token in value.lower().split())


def _is_thread(node, walked: blk.Blocks) -> bool:
    """Comments, not a form, a notice or a list of links: mostly unlinked text (not
    counting author/date lines and short lines all link: names, buttons), and a date on
    some short line, a count of the comments ("3 Responses"), or several elements
    inside named like comments."""
    dated = counted = False
    chars = links = all_chars = all_links = 0
    for b in walked.blocks:
        all_chars += b.chars
        all_links += b.link_chars
        if b.chars <= lx.COMMENT_DATE_MAX_CHARS:
            if lx.COMMENT_DATE_RE.search(b.text):
                dated = True      # an author/date line: often links, not what density
                continue          # is about
            if not counted and (m := lx.COMMENT_COUNT_RE.match(b.text)):
                counted = m.group(1).lower() not in ("0", "no")
            if b.link_chars == b.chars and b.chars <= lx.COMMENT_CHROME_MAX_CHARS:
                continue          # a linked name or button
        chars += b.chars
        links += b.link_chars
    if not chars:                 # one-line comments, each with its date
        chars, links = all_chars, all_links
    if not chars or links > lx.COMMENT_MAX_LINK_DENSITY * chars:
        return False
    return dated or counted or _items(node) >= lx.COMMENT_MIN_ITEMS


def _items(node, depth: int = 0) -> int:
    """How many elements named like comments, each with some text, stand inside (the
    outermost ones; through a single list: #comments > ol.commentlist > li.comment)."""
    inner = _named_elements(node)
    if len(inner) == 1 and depth < 3:
        return _items(inner[0], depth + 1)
    return sum(len(i.text(deep=True, strip=True)) >= lx.PROSE_MIN_CHARS for i in inner)


def _locate(texts: list[str], where: dict[str, list[int]], sub: list[str], start: int
            ) -> tuple[int, int] | None:
    """Where the block texts `sub` stand, in a row, in `texts` (from `start`): aligned on
    sub's rarest text (`where`: each text's positions), so that a thread of "Reply" lines
    under a page of them is not tried at every "Reply"; a bounded number of tries."""
    n = len(sub)
    j = min(range(n), key=lambda k: len(where.get(sub[k], ())))
    spots = where.get(sub[j], [])
    for p in spots[bisect_left(spots, start + j):][:lx.COMMENT_LOCATE_TRIES]:
        if texts[p - j:p - j + n] == sub:
            return p - j, p - j + n
    return None


def _render(bl: blk.Blocks, thread: Thread) -> str:
    """The thread's text: its reply form (blocks inside a <form>), headings counting the
    comments and the buttons under each comment left out."""
    chrome = chrome_blocks(bl, [thread])
    return render.to_text(bl, [i for i in range(thread.start, thread.end) if i not in chrome])


def _chrome_line(b: blk.Block) -> bool:
    if b.chars > lx.COMMENT_CHROME_MAX_CHARS:
        return False
    text = b.text
    if lx.COMMENT_CHROME_RE.match(text) or lx.BOILERPLATE_LINE_RE.match(text):
        return True
    words = lx.COMMENT_WORD_RE.findall(text.lower())
    # (numbers alone are a date or a score, not buttons)
    return (any(not w.isdigit() for w in words)
            and all(w.isdigit() or w in lx.COMMENT_ACTIONS for w in words))
