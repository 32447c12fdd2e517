"""clean(): the pipeline, one call a stage."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from itertools import accumulate, compress

from selectolax.lexbor import LexborHTMLParser

from . import blocks, comments, limits, markup, prune, render, score, select, tail
from . import lexicon as lx
from . import sites as _sites
from .article import Article
from .decode import decode, has_markup, looks_binary
from .metadata import FIND, Metadata, extract_metadata
from .options import Options
from .title import find_title

# Options is frozen: one default instance serves every call (building one costs 4 us).
_DEFAULTS = Options()


def clean(html: str | bytes, url: str | None = None, options: Options | None = None,
          *, encoding: str | None = None, site: _sites.SiteProfile | None = None,
          sites: dict[str, _sites.SiteProfile] | None = None) -> Article:
    """The main content of one page. Never raises on bad input: an empty text with a
    `reason` comes back instead. `encoding` (e.g. from an HTTP header) wins over the
    page's own declaration when it can read the bytes. site: the profile of the page's
    site (cleaner.learn_sites); sites: profiles by host, the page's host (from url, else
    its canonical URL) picks one. Without either, or for a host without a profile, the
    page is cleaned on its own."""
    return run(html, url, options, encoding, site=site, sites=sites)


def run(html: str | bytes, url: str | None, options: Options | None, encoding: str | None,
        trace: dict | None = None, site: _sites.SiteProfile | None = None,
        sites: dict[str, _sites.SiteProfile] | None = None) -> Article:
    """clean(). trace: a dict that explain() passes to learn which reading the stages
    settled on (filled once, at the end; None on clean()'s path)."""
    opts = options or _DEFAULTS
    if not isinstance(html, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"clean() takes str or bytes, not {type(html).__name__}")
    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    if not html or html.isspace():                          # (strip() would copy it)
        return Article("", url=url, reason="empty input")
    html, too_big = limits.cap_size(html, opts.max_bytes)
    doc = decode(html, encoding)                              # decode
    if looks_binary(doc.data):
        # No charset was read: decoding binary bytes with one says nothing of them.
        return Article("", url=url, reason="binary input, not html")
    if not has_markup(doc.data):
        return Article("", url=url, encoding=doc.encoding, reason="not html: no markup")
    data, too_deep = limits.cap_depth(doc.data, opts.max_depth)
    data, huge_tag = limits.cap_tag_size(data)

    # Whether the page declares itself a forum thread or Q&A page: asked only when a
    # rule needs it (a box named like comments that may hold the replies), once.
    threaded = _Once(comments.declares_thread, data)
    # Whether the page declares itself an article (og:type): asked only when the prose
    # reading found little and a listing reading competes with it, once.
    declared = _Once(select.declares_article, data)
    tree = LexborHTMLParser(data)                             # parse: the one parse
    body = tree.body
    # prune's walk runs first, removing nothing: it also finds the first <h1> for metadata
    plan = prune.scan(body) if body is not None else None
    if opts.metadata:
        meta = extract_metadata(tree, url,                    # metadata: <head>, JSON-LD
                                h1=plan.first_h1(tree) if plan is not None else FIND)
        title = meta.title
    else:
        meta, title = Metadata(), find_title(tree)
    if body is None:
        return Article("", title=title, url=url, encoding=doc.encoding, reason="no body",
                       metadata=meta)
    prune.prune(tree, body, plan)                             # prune what is never content
    structure = "markdown" in opts.formats or "html" in opts.formats
    bl = blocks.build(body, max_nodes=opts.max_nodes,         # the walk: blocks + ranges
                      structure=structure, images=opts.images)
    kept = _select(bl, opts, threaded=threaded, declared=declared)  # score, select, trim
    reading = "plain"
    if _chars(bl, kept) < lx.REVEAL_BELOW_CHARS:
        # Next to nothing found: is the body hidden by a class until a script runs?
        revealed = blocks.build(body, reveal=True, max_nodes=opts.max_nodes,
                                structure=structure, images=opts.images)
        again = _select(revealed, opts, threaded=threaded, declared=declared)
        if _chars(revealed, again) > _chars(bl, kept):
            bl, kept, reading = revealed, again, "reveal"
    if _chars(bl, kept) < lx.REVEAL_BELOW_CHARS and (plan is None or plan.hidden):
        # Still next to nothing: is the body hidden by an attribute or a style until a
        # script runs (prune has unlinked it as chrome)? Parse again, keep hidden elements,
        # and take that reading when it finds something, more than before. (Not when
        # prune's scan saw no element that is chrome only for being hidden.)
        tree2 = LexborHTMLParser(data)
        body2 = tree2.body
        prune.prune(tree2, body2, keep_hidden=True)
        unhidden = blocks.build(body2, reveal=True, max_nodes=opts.max_nodes,
                                structure=structure, images=opts.images)
        again = _select(unhidden, opts, threaded=threaded, declared=declared)
        found = _chars(unhidden, again)
        if found >= lx.REVEAL_BELOW_CHARS and found > _chars(bl, kept):
            tree, body, bl, kept, reading = tree2, body2, unhidden, again, "unhidden"
    if title and _chars(bl, kept) < lx.SHORT_ARTICLE_MIN_CHARS:
        under = _under_headline(bl, kept, title)
        if under is not None:
            kept, reading = under, "headline"
    footer_only = None
    if _footer_only(bl, kept):
        footer_only, kept = frozenset(kept), []
    # (With comments on, such a thread comes back in Article.comments: comments.taken;
    # not on a page that declares itself a thread, whose posts are never comments.)
    thread_sets = (_thread_content(body, bl, opts, kept, threaded)
                   if not opts.comments or threaded() else None)
    if thread_sets is not None:
        kept, thread_sets = thread_sets[0], thread_sets[1:]
    if site is None and sites:
        site = _sites.for_page(sites, url, data)
    if site is not None:                                      # the site's template
        kept = _sites.apply(bl, kept, site, lambda: comments.named_spans(body, bl))
    untitled = _untitled(bl, kept, title, opts)
    if trace is not None:
        trace.update(data=data, bl=bl, reading=reading, selected=kept, kept=untitled,
                     title=title, structure=structure, thread=thread_sets,
                     footer_only=footer_only)
    kept = untitled
    thread = None
    if opts.comments:                                         # the reader comments, apart
        threads = comments.find(body, bl, data, threaded())
        if threads and comments.share_inside(bl, kept, threads) > lx.COMMENTS_TEXT_SHARE:
            # The text was taken from the thread (long comments outweigh a short
            # article): choose again without it, and take that reading when it finds
            # more than the first one outside the thread. split() then decides whether
            # what stands before the thread is an article, or the thread is the content.
            skip = comments.excluded(threads)
            again = _untitled(bl, _select(bl, opts, skip, threaded, declared), title, opts)
            if again and comments.taken(bl, again, threads) and _chars(bl, again) > _chars(
                    bl, [i for i in kept if i not in skip]):
                kept = again
        thread, kept = comments.split(bl, kept, threads)
    text = render.to_text(bl, kept)                           # render
    cut = too_big or too_deep or huge_tag or (
        f"walk stopped after {opts.max_nodes} nodes (max_nodes)" if bl.truncated else None)
    reason = cut if cut else (None if text else "no main content found")
    markdown = html = None
    if structure:
        base = _base_url(tree, url or _own_url(tree, meta, opts))
        if "markdown" in opts.formats:
            markdown = markup.to_markdown(bl, kept, links=opts.links, images=opts.images,
                                          base=base)
        if "html" in opts.formats:
            html = markup.to_html(bl, kept, links=opts.links, images=opts.images, base=base)
    return Article(text, title=title, url=url, encoding=doc.encoding, reason=reason,
                   markdown=markdown, html=html, metadata=meta, comments=thread)


class _Once:
    """fn(arg), asked at most once (functools.cache over a partial costs more to build
    than most pages spend asking it)."""

    __slots__ = ("arg", "fn", "value")

    def __init__(self, fn: Callable[[str | bytes], bool], arg: str | bytes) -> None:
        self.fn, self.arg, self.value = fn, arg, None

    def __call__(self) -> bool:
        if self.fn is not None:
            self.value = self.fn(self.arg)
            self.fn = self.arg = None
        return self.value


def _thread_content(body, bl: blocks.Blocks, opts: Options, kept: list[int],
                    threaded: Callable[[], bool]
                    ) -> tuple[list[int], frozenset[int], frozenset[int]] | None:
    """The reading with the page's comment thread as content, when the reading found
    no article before it (one line or paragraph, under THREAD_CONTENT_MAX_CHARS, or
    only comments of the thread), the thread holds more prose than the reading
    (THREAD_CONTENT_SHARE) and reading it finds THREAD_CONTENT_GAIN times more: a link
    post, a question or a discussion page whose replies are the page, named like
    comments (and masked one by one as such). The thread's chrome (buttons, "N comments", its reply form) stays out.
    (kept, the blocks unmasked, the blocks read as chrome), or None: keep the reading."""
    blocks_ = bl.blocks
    found = _chars(bl, kept)
    least = max(lx.THREAD_CONTENT_SHARE * found, lx.THREAD_CONTENT_MIN_CHARS)
    if _chars_all(bl) - found < least:
        return None               # (cheap first: all the text outside the reading is less)
    had = set(kept)
    left = sum(b.chars for i, b in enumerate(blocks_)
               if b.chars >= lx.PROSE_MIN_CHARS and i not in had)
    if left < lx.THREAD_CONTENT_SHARE * found or left < lx.THREAD_CONTENT_MIN_CHARS:
        return None
    # An article, not in a box of comments: its thread is no content, unless the page
    # declares itself a thread (the article is its first post, the replies follow).
    article = found >= lx.THREAD_CONTENT_MAX_CHARS and not _in_suspect(bl, kept[0])
    # On a page that declares itself a thread, the posts named like comments (Invision's
    # "elComment_123") are its replies, whatever comments.find says of threads there.
    declared_thread = threaded()
    if article and not declared_thread:
        return None
    threads = (comments.named_threads(body, bl) if declared_thread
               else comments.find(body, bl, "", declared=False))
    if not threads:
        return None
    inside = comments.excluded(threads)
    if not declared_thread and not all(i in inside for i in kept) and (
            found >= lx.THREAD_CONTENT_MAX_CHARS
            or sum(blocks_[i].chars >= lx.PROSE_MIN_CHARS for i in kept) > 1):
        return None               # an article (or a post) stands before the thread
    prose = sum(blocks_[i].chars for i in inside
                if blocks_[i].chars >= lx.PROSE_MIN_CHARS and i not in had)
    if prose < lx.THREAD_CONTENT_SHARE * found or prose < lx.THREAD_CONTENT_MIN_CHARS:
        return None
    content, chrome = comments.as_content(bl, threads)
    again = _select(bl, opts, chrome, lambda: True, include=content)
    if _chars(bl, again) < lx.THREAD_CONTENT_GAIN * found:
        return None
    return again, content, chrome


def _under_headline(bl: blocks.Blocks, kept: list[int], title: str) -> list[int] | None:
    """The text under the page's headline (a heading that is its title), when the reading
    found little and elsewhere: a short post (a link and a line of comment) beside a
    longer blurb of the blog's own. The blocks after the headline in the first element
    above it that holds any, not mostly links; None: keep the reading."""
    want = " ".join(title.split()).casefold()
    blocks_ = bl.blocks
    head = next((i for i, b in enumerate(blocks_)
                 if b.tag in blocks.HEADINGS and b.text.casefold() == want), -1)
    if head < 0 or kept and head < kept[0] <= head + lx.SHORT_ARTICLE_HEADLINE_GAP:
        return None
    el = blocks_[head].parent
    while el >= 0 and bl.el_end[el] <= head + 1:
        el = bl.el_parent[el]
    if el < 0 or bl.el_flags[el] & blocks.SUSPECT or any(
            head < i < bl.el_end[el] for i in kept):
        return None               # (the reading stands under it already: a site's name)
    under = [i for i in range(head + 1, bl.el_end[el])
             if blocks_[i].chars and 2 * blocks_[i].link_chars <= blocks_[i].chars]
    under = tail.trim_end(bl, under) if under else under
    if not under or _chars(bl, under) < lx.UNDER_HEADLINE_SHARE * _chars(bl, kept):
        return None
    return [head, *under]


def _in_suspect(bl: blocks.Blocks, i: int) -> bool:
    """Whether block i stands in an element named or tagged like chrome."""
    el = bl.blocks[i].parent
    while el >= 0:
        if bl.el_flags[el] & blocks.SUSPECT:
            return True
        el = bl.el_parent[el]
    return False


def _untitled(bl: blocks.Blocks, kept: list[int], title: str | None, opts: Options
              ) -> list[int]:
    untitled = _drop_title(bl, kept, title)
    if opts.trim_tail and len(untitled) < len(kept):
        # The headline must not shield the body's end: stray lines after the last
        # paragraph were kept only because the (now dropped) headline stood after them.
        untitled = tail.trim_end(bl, untitled)
    return untitled


def _base_url(tree, url: str | None) -> str | None:
    """<base href> (itself resolved against url), else the page's url. Without a url from
    the caller, `url` is the page's own canonical URL (an absolute <base href> wins)."""
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node is not None else None
    if href:
        from urllib.parse import urljoin
        try:
            return urljoin(url, href) if url else href
        except ValueError:              # a url urllib cannot parse ("http://[::1")
            return href
    return url


def _own_url(tree, meta: Metadata, opts: Options) -> str | None:
    """The page's canonical URL when it is absolute: what its links resolve against when
    the caller gives no url (a saved page still says where it lives)."""
    own = meta.canonical_url
    if not opts.metadata:
        node = tree.css_first('link[rel="canonical"][href]')
        own = node.attributes.get("href") if node is not None else None
    own = (own or "").strip()
    return own if own.startswith(("https://", "http://")) else None


def _chars(bl: blocks.Blocks, kept: list[int]) -> int:
    if score._C is not None:
        return score._C.chars_of(bl.blocks, kept)
    blocks_ = bl.blocks
    return sum(blocks_[i].chars for i in kept)


def _chars_all(bl: blocks.Blocks) -> int:
    if score._C is not None:
        return score._C.chars_all(bl.blocks)
    return sum(b.chars for b in bl.blocks)


_FOOTER = frozenset({"footer"})


def _footer_only(bl: blocks.Blocks, kept: list[int]) -> bool:
    """Whether the reading keeps a <footer> and next to nothing outside it (under
    FOOTER_ONLY_CHARS): a page whose only text is its footer (a shop page rendered by
    scripts, the crawler got the template) has no main content; the footer's links and
    legal lines are none."""
    blocks_ = bl.blocks
    return bool(kept) and bl.ancestor(blocks_[kept[-1]].parent, _FOOTER, 64) >= 0 and sum(
        blocks_[i].chars for i in kept
        if bl.ancestor(blocks_[i].parent, _FOOTER, 64) < 0) < lx.FOOTER_ONLY_CHARS


def _select(bl: blocks.Blocks, opts: Options, exclude: frozenset[int] = frozenset(),
            threaded: Callable[[], bool] = bool, declared: Callable[[], bool] = bool,
            include: frozenset[int] = frozenset()) -> list[int]:
    """The prose reading; the listing reading when the page has little prose or nothing
    on it is chrome. `exclude`: blocks read as boilerplate whatever they hold; `include`:
    blocks never masked for the name of a box they stand in. threaded(): whether the
    page declares itself a forum thread or a Q&A page (then no box is read around: its
    replies, however named, are content). declared(): whether it declares itself an
    article (a short story there outweighs a listing)."""
    el, kept, chrome = _extract(bl, opts, listing=False, exclude=exclude, include=include)
    again = _unboxed(bl, opts, el, kept, exclude, threaded)
    if again is not None:
        exclude, (el, kept, chrome) = again
    boxes = _inner_boxes(bl, el, kept, threaded)
    if boxes:
        # The same spared box inside the chosen text, after the story (a template whose
        # content wrapper holds the sidebar too): it goes, the container stays.
        exclude = exclude | frozenset(i for s, e in boxes for i in range(s, e))
        kept = [i for i in kept if i not in exclude]
    if not chrome:
        # Nothing on the page scores against it (no link, nothing named or tagged like
        # boilerplate): there is no chrome to take away, the page is all content. The
        # listing reading keeps every block (short lines too) and still trims the tail.
        return _extract(bl, opts, listing=True, exclude=exclude, include=include)[1]
    found = _chars(bl, kept)
    gain = lx.LISTING_GAIN if found < lx.LISTING_FALLBACK_CHARS else lx.LISTING_WIDE_GAIN
    if found < lx.LISTING_WIDE_CHARS and (
            found < lx.LISTING_FALLBACK_CHARS or _chars_all(bl) > gain * found):
        # Little prose anywhere: a listing, a shop grid, a home page of headlines? Read
        # links as content this time (boilerplate is then only what markup marks as such)
        # and take that reading if it finds several times more, unless it reaches out of
        # the <main> the prose was found in (a docs page's link tree lies outside it).
        # (Past LISTING_FALLBACK_CHARS, only when the page holds that much text at all.)
        scope = select.main_scope(bl, el)
        listed_el, listed, _ = _extract(bl, opts, listing=True, exclude=exclude,
                                        include=include, least=gain * found)
        outside = scope is not None and listed_el >= 0 and (
            bl.el_start[listed_el] < scope[0] or bl.el_end[listed_el] > scope[1])
        if (not outside and _chars(bl, listed) > gain * found
                and not _short_article(bl, el, kept, found, listed_el, listed, declared)):
            kept = listed
    return kept


def unboxed(bl: blocks.Blocks, opts: Options, el: int, kept: list[int],
            exclude: frozenset[int], threaded: Callable[[], bool] = bool
            ) -> frozenset[int] | None:
    """The blocks to read as boilerplate (exclude and a box) when the prose reading chose
    el inside a box named like chrome (a sidebar's "about me", a footer's blurb, a
    comment form's notice), spared only for holding much of a page whose own story is
    short, and the page read again without the box finds a story outside it, prose
    enough to be one. None: keep the reading."""
    again = _unboxed(bl, opts, el, kept, exclude, threaded)
    return again[0] if again is not None else None


def _unboxed(bl: blocks.Blocks, opts: Options, el: int, kept: list[int],
             exclude: frozenset[int], threaded: Callable[[], bool]):
    """unboxed(), with the reading without the box: (blocks excluded, _extract's result)."""
    boxed = _suspect_box(bl, el)
    if boxed is None or threaded():
        return None
    skip = exclude | frozenset(range(*boxed))
    reading = _extract(bl, opts, listing=False, exclude=skip)
    found = _chars(bl, reading[1])
    if found >= lx.BOXED_STORY_MIN_CHARS and found >= lx.BOXED_STORY_SHARE * _chars(bl, kept):
        return skip, reading
    return None


# Tags that are suspects by tag alone, which a story may open with (its <header>: the
# headline and standfirst) or be wrapped in (ASP.NET's page-wide <form>).
_STORY_PARTS = frozenset({"header", "form"})


def _inner_boxes(bl: blocks.Blocks, el: int, kept: list[int],
                 threaded: Callable[[], bool] = bool) -> list[tuple[int, int]]:
    """The boxes named like chrome inside el that hold the end of the kept text, after
    the story (a sidebar's "about me" within a template's content wrapper, spared for
    its share of a short page), where the kept text before them is a story:
    BOXED_STORY_MIN_BOX_CHARS and BOXED_STORY_SHARE of theirs (as for unboxed; an
    <aside>, whatever its share). Not one that markup names the content too, holds an
    element so named (an <aside>: one holding most of its text), or is a <header> or
    <form>; none when the story itself goes on after such a box (a template that names
    its sections "banner": the names say nothing on this page); none on a page that
    declares itself a thread (threaded())."""
    boxes: list[tuple[int, int]] = []
    for _ in range(lx.BOXED_STORY_MAX_BOXES):
        box = _last_box(bl, el, kept)
        if box is None or threaded():
            break
        boxes.append(box)
        kept = [i for i in kept if i < box[0]]
    return boxes


def _last_box(bl: blocks.Blocks, el: int, kept: list[int]) -> tuple[int, int] | None:
    """The outermost element named like chrome below el that holds the last kept block,
    when _inner_boxes drops it. Found from that block up (a few steps, on every page);
    the other boxes inside el are looked at only then."""
    if el < 0 or not kept:
        return None
    starts, ends, flags, parents = bl.el_start, bl.el_end, bl.el_flags, bl.el_parent
    box, j = -1, bl.blocks[kept[-1]].parent
    while j >= 0 and j != el:
        if flags[j] & blocks.SUSPECT:
            box = j
        j = parents[j]
    if box < 0 or j != el:
        return None
    s, e = starts[box], ends[box]
    k = bisect_left(kept, s)
    sums = [0, *accumulate(bl.blocks[i].chars for i in kept)]
    inside, outside = sums[-1] - sums[k], sums[k]
    # An <aside> is tangential by markup, not only by name: it goes whatever its share
    # of the text (a sidebar of long teasers beside a short story), unless an element
    # inside it named the content holds most of its text (not one teaser <article>).
    aside = bl.el_tag[box] == "aside"
    if (inside < lx.BOXED_STORY_MIN_BOX_CHARS
            or flags[box] & (blocks.SEMANTIC | blocks.CONTENT_ATTR)
            or bl.el_tag[box] in _STORY_PARTS
            or outside < lx.BOXED_STORY_MIN_BOX_CHARS
            or not aside and outside < lx.BOXED_STORY_SHARE * inside):
        return None
    least = lx.MASKED_BODY_SHARE * inside if aside else 0
    if any(flags[m] & blocks.SEMANTIC
           and sums[bisect_left(kept, ends[m])] - sums[bisect_left(kept, starts[m])] >= least
           for m in range(box + 1, bisect_left(starts, e, box + 1))):
        return None
    # The story must not go on after another box so named: the suspects before this one
    # inside el, each holding a box's worth of the story.
    covered = -1
    for m in compress(range(el + 1, box), map(blocks.SUSPECT.__and__, flags[el + 1:box])):
        ms, me = starts[m], ends[m]
        if me <= covered or me > s:
            continue
        covered = me
        if sums[bisect_left(kept, me)] - sums[bisect_left(kept, ms)] >= lx.BOXED_STORY_MIN_BOX_CHARS:
            return None
    return s, e


def _suspect_box(bl: blocks.Blocks, el: int) -> tuple[int, int] | None:
    """The block range of the outermost element at or above el named or tagged like
    chrome (blocks.SUSPECT), when it leaves some of the page's blocks outside it. None
    when markup names el or a wrapper of it inside the box as the content (an <article>
    whose class says "promoted"). A wrapper whose own name says content too (a layout
    wrapper "header-top-sidebar-left-content-center", "footer-widgets maincontent")
    is no box, but a box inside it still is (a footer's widget of post excerpts)."""
    box = None
    n = len(bl.blocks)
    semantic = False
    while el >= 0:
        s, e = bl.el_start[el], bl.el_end[el]
        flags = bl.el_flags[el]
        semantic = semantic or bool(flags & blocks.SEMANTIC)
        if flags & blocks.SUSPECT and e - s < n and (semantic or not flags & blocks.CONTENT_ATTR):
            box = None if semantic else (s, e)
        el = bl.el_parent[el]
    return box


# A class on a layout table's cell ("content" on a 2000s <td>) names a column of the
# template, not the story.
_LAYOUT_TABLE_TAGS = frozenset({"table", "tbody", "tr", "td"})


def _short_article(bl: blocks.Blocks, el: int, kept: list[int], found: int, listed_el: int,
                   listed: list[int], declared: Callable[[], bool] = bool) -> bool:
    """Whether the prose reading found a short article that the listing reading would bury
    under the page's teaser lists: its container (or a wrapper of it inside the
    listing's container) is named as the content by markup (<article>, <main>, itemprop,
    or a class/id such as "entry-content") and holds some prose, the listing's container
    is not itself marked up as the main content, and what the listing reading adds is
    mostly linked text (headlines, "more stories", category menus), not the items' own
    descriptions.

    On a page that declares itself an article (declared(): og:type), the story may be
    shorter, the listing's container may be a <main> or <article> wrapping the story and
    its teasers, and the boxes named like chrome the listing reading adds (a sidebar,
    spared from the mask for holding most of a short page's text) count as what it
    adds besides items, as links do: listings declare no article."""
    if el < 0 or found < lx.SHORT_ARTICLE_DECLARED_MIN_CHARS:
        return False
    flags = bl.el_flags
    if found < lx.SHORT_ARTICLE_MIN_CHARS or listed_el >= 0 and flags[listed_el] & blocks.SEMANTIC:
        if not (declared() and flags[el] & (blocks.SEMANTIC | blocks.CONTENT_ATTR)
                and not flags[el] & blocks.SUSPECT):
            return False
        return _added_chrome(bl, kept, listed_el, listed, chrome=True)
    # The mark may sit on a wrapper of the container (the prose is in an unnamed <div>
    # inside "entry-content"), but not on one that also holds the listing's container:
    # a page-wide "content" wrapper says nothing about the story.
    ls, le = (bl.el_start[listed_el], bl.el_end[listed_el]) if listed_el >= 0 else (0, 0)
    marked, i = False, el
    while i >= 0 and not (bl.el_start[i] <= ls and le <= bl.el_end[i]):
        if (flags[i] & (blocks.SEMANTIC | blocks.CONTENT_ATTR)
                and bl.el_tag[i] not in _LAYOUT_TABLE_TAGS):
            marked = True
            break
        i = bl.el_parent[i]
    if not marked or i != el and len(kept) < 2 and not (
            declared() and _headed(bl, kept[0])):
        # (A lone paragraph under a marked wrapper: the intro of a docs chapter whose
        # table of contents is the page; but not on a page that declares itself an
        # article, right under its <h1> headline.)
        return False
    return _added_chrome(bl, kept, listed_el, listed,
                         chrome=bool(flags[el] & (blocks.SEMANTIC | blocks.CONTENT_ATTR))
                         and not flags[el] & blocks.SUSPECT and declared())


def _headed(bl: blocks.Blocks, first: int) -> bool:
    """Whether an <h1> stands among the SHORT_ARTICLE_HEADLINE_GAP blocks before block
    first (the headline, then perhaps a byline and a date line)."""
    return any(bl.blocks[j].tag == "h1"
               for j in range(max(0, first - lx.SHORT_ARTICLE_HEADLINE_GAP), first))


def _added_chrome(bl: blocks.Blocks, kept: list[int], listed_el: int, listed: list[int],
                  chrome: bool) -> bool:
    """Whether what the listing reading adds to the prose reading is mostly linked text
    (and, with chrome, text inside boxes named like chrome below the listing's
    container): SHORT_ARTICLE_ADDED_LINK_SHARE of it."""
    had = set(kept)
    added = links = 0
    blocks_, flags, parents = bl.blocks, bl.el_flags, bl.el_parent
    for i in listed:
        if i not in had:
            b = blocks_[i]
            added += b.chars
            links += b.link_chars
            if chrome and b.link_chars < b.chars:
                j = b.parent
                while j >= 0 and j != listed_el and not flags[j] & blocks.SUSPECT:
                    j = parents[j]
                if j >= 0 and j != listed_el:
                    links += b.chars - b.link_chars
    return links >= lx.SHORT_ARTICLE_ADDED_LINK_SHARE * added


def _extract(bl: blocks.Blocks, opts: Options, listing: bool, steps: dict | None = None,
             exclude: frozenset[int] = frozenset(), include: frozenset[int] = frozenset(),
             least: float | None = None) -> tuple[int, list[int], bool]:
    """(container, kept blocks, whether any block scored as boilerplate or was masked).
    steps: a dict that gets each stage's result (explain() reads them back). exclude:
    blocks read as boilerplate whatever they hold; include: blocks not masked. least:
    the caller takes the reading only when its kept text exceeds that many characters:
    kept is [] when the blocks selected hold no more (the trim only drops blocks, and the
    standfirst is no listing's: the trim is not run for a reading that is thrown away)."""
    values = score.block_values(bl, opts, listing)            # score
    mask = score.boilerplate_mask(bl, values, opts)
    for i in include:
        mask[i] = False
    for i in exclude:
        values[i], mask[i] = -float(bl.blocks[i].chars), True
    chrome = any(mask) or bool(values) and min(values) < 0    # (min: the loop in C)
    scores = score.element_scores(bl, values, mask, opts)
    el, start, end = select.choose_container(bl, scores)      # select
    if not listing:
        el, start, end = select.widen(bl, el, start, end, values, mask, scores)
    kept = select.keep_blocks(bl, values, mask, start, end, opts.favor == "precision")
    if steps is not None:
        steps.update(values=values, mask=mask, container=el, start=start, end=end,
                     selected=kept)
    if not opts.tables:
        kept = [i for i in kept if render.cell_of(bl, i) < 0]
    if steps is not None:
        steps["tables"] = kept
    if least is not None and listing and _chars(bl, kept) <= least:
        return el, [], chrome
    if opts.trim_tail:
        kept = tail.trim(bl, values, kept, end)               # trim the tail
    if not listing and kept:
        # (after the trim: the lines before the body's first sentence are judged as ever)
        kept = select.standfirst(bl, values, mask, el, start) + kept
    return el, kept, chrome


def _drop_title(bl: blocks.Blocks, kept: list[int], title: str | None) -> list[int]:
    """The headline is Article.title; a heading repeating it at the top is not body text:
    one that is the title, starts it or contains it. Not one that only ends it: the
    second line of a two-line <h1> ("Build fast.<br>Run any code."), a section heading
    ("Ingredients" under "Bread: Ingredients")."""
    if not title or not kept:
        return kept
    for pos, i in enumerate(kept[:5]):
        b = bl.blocks[i]
        if b.tag in blocks.HEADINGS and (title.startswith(b.text) or title in b.text):
            if len(kept) == 1:
                return kept       # the headline is all the page has (a link post): keep it
            return kept[:pos] + kept[pos + 1:]
    return kept
