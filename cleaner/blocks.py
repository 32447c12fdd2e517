"""The one walk: the pruned tree becomes a flat list of text blocks plus, for every
block-level element, the range of blocks it spans.

Everything later (scoring, choosing the container, trimming the tail, rendering) works on
these arrays, so no subtree's text is ever computed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon as lx

# Elements that end the current line of text (everything else is inline).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", "legend", "frameset", "frame", "html",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CELLS = frozenset({"td", "th"})
# Lexbor's tag id of text nodes (comparing an int builds no tag string).
_TEXT = 2

# Inline marks recorded with structure=True.
MARK_EM, MARK_STRONG, MARK_CODE, MARK_IMAGE = 1, 2, 4, 8
_MARKS = {"em": MARK_EM, "i": MARK_EM, "strong": MARK_STRONG, "b": MARK_STRONG,
          "code": MARK_CODE, "kbd": MARK_CODE, "samp": MARK_CODE, "tt": MARK_CODE}
_LANG_RE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source|brush:)-?(\w[\w+#-]*)")

# Element flags.
SUSPECT = 1      # boilerplate by tag, role or class/id; resolved later against page prose
SEMANTIC = 2     # <article>, <main>, role=main, itemprop=articleBody
CONTENT_ATTR = 4  # class/id says "content", "article", "post", ...
STRONG = 8        # SUSPECT by a keyword that leaves little doubt (cookie, newsletter, ...)


@dataclass(slots=True)
class PyBlock:
    """A block of text: the reference for _score.Block, and Block itself when the C
    extension is not built."""
    text: str
    chars: int        # characters, spaces not counted (CJK counts fairly)
    link_chars: int   # of which inside <a>
    tag: str          # innermost block-level element ('p', 'li', 'h2', 'td', 'pre', 'div', ...)
    parent: int       # index in Blocks.el_* of that element
    line: bool = False  # started by <br>: continues the previous block on a new line


# The C block (the same fields as a struct: the walk builds hundreds a page, and the
# scoring loops in _score read them without attribute lookups); the dataclass without it.
try:
    from ._score import Block
except ImportError:                 # no C extension: the Python loops read PyBlock
    Block = PyBlock


@dataclass(slots=True)
class Blocks:
    blocks: list[Block] = field(default_factory=list)
    # Parallel arrays, one entry per block-level element, in document order.
    el_tag: list[str] = field(default_factory=list)
    el_start: list[int] = field(default_factory=list)
    el_end: list[int] = field(default_factory=list)
    el_flags: list[int] = field(default_factory=list)
    el_parent: list[int] = field(default_factory=list)   # -1 for the root
    truncated: bool = False   # the walk stopped at max_nodes
    # With structure=True only: per block, its inline runs (text, marks, href) where marks
    # holds MARK_* bits and href is the link (or image) URL; per element, list facts
    # ("ul"/"ol", depth, ordinal) for <li> and the language of a <pre>.
    runs: list[list[tuple[str, int, str | None]]] | None = None
    el_info: dict[int, tuple] | None = None
    # Indices of blocks of template filler (score.placeholders fills it once per walk);
    # filler_hint: False when the walk saw no "psum"/"PSUM" in any block (C walk), so
    # that there is nothing to look for; None when unknown.
    placeholders: frozenset[int] | None = field(default=None, compare=False, repr=False)
    filler_hint: bool | None = field(default=None, compare=False, repr=False)

    def ancestor(self, idx: int, tags: frozenset[str], limit: int = 8) -> int:
        """The nearest element at or above idx whose tag is in tags, or -1."""
        while idx >= 0 and limit:
            if self.el_tag[idx] in tags:
                return idx
            idx = self.el_parent[idx]
            limit -= 1
        return -1


_SEGMENT_SPLIT = re.compile(r"[-_]").split


# No cache across pages where the C extension answers (it keeps its own caches in fixed C
# tables): each entry of such a Python cache was made during some page, in whichever
# obmalloc arena that page's objects had opened, and kept that arena (1 MiB) resident
# after the page. Over WCXB dev the two caches' ~0.5 MB of entries cost ~1 MB of peak RSS
# (python -m benchmarks.throughput's memory probe) for no measurable time: the C walk asks
# them only for class strings with non-ASCII or hiding tokens, ~1.6 a page, and misses most.
# Without the extension the regexes are dear, so that path keeps its caches, bounded at
# 4,096 entries (~170 bytes each).
_FLAGS_CACHE = 1 << 12


def _token_flags(token: str) -> int:
    """SUSPECT / STRONG / CONTENT_ATTR of one lower-cased class token; -1: hides. A pure
    function of the token."""
    return _C_TOKENS(token) if _C_TOKENS is not None else _token_flags_cached(token)


@lru_cache(maxsize=_FLAGS_CACHE)
def _token_flags_cached(token: str) -> int:
    return _token_flags_re(token)


def _token_flags_re(token: str) -> int:
    """_token_flags by the lexicon's regexes (the reference for the C matcher)."""
    if token in lx.HIDDEN_CLASS_SET:
        return -1
    if lx.TAXONOMY_TOKEN_RE.match(token):
        return 0
    segments = _SEGMENT_SPLIT(token)
    if (segments[0] in lx.STATE_EDGE_SET or segments[-1] in lx.STATE_EDGE_SET
            or any(seg in lx.STYLE_SET for seg in segments)):
        return 0
    if lx.HEADING_SLUG_RE.fullmatch(token):
        words = token.split("-")
        if (not any(w in lx.BOILERPLATE_SEGMENTS for w in words)
                and any(w in lx.SLUG_LINK_SET for w in words)):
            return 0
    flags = 0
    blanked = lx.FALSE_FRIEND_RE.sub(lambda m: "-" * len(m.group()), token)
    if lx.BOILERPLATE_ATTR_RE.search(blanked):
        flags |= SUSPECT
        if lx.STRONG_BOILERPLATE_RE.search(blanked):
            flags |= STRONG
    if lx.CONTENT_ATTR_RE.search(token):
        flags |= CONTENT_ATTR
    return flags


def _class_flags(key: str) -> int:
    """Flags of a class + id string; -1 means hidden: skip the subtree (the reference for
    the C walk's class_flags, and its answer for strings it does not read itself)."""
    hit = 0
    tokens = key.lower().split()
    for token in tokens:
        t = _token_flags(token)
        if t == -1:
            if any(lx.SHOWN_AGAIN_RE.search(other) for other in tokens):
                continue        # "hidden md:block": shown on larger screens
            return -1
        hit |= t
    return hit


def _hides(cls: str, memo: dict) -> bool:
    flags = memo.get(cls)
    if flags is None:
        flags = memo[cls] = _KEY_FLAGS(cls)
    return flags < 0


def _image_src(attrs: dict) -> str | None:
    """An image's URL, lazy-loading attributes first (data-src holds the real image while
    src is a placeholder), then the first srcset candidate."""
    for name in ("data-src", "data-lazy-src", "data-original", "src"):
        value = attrs.get(name)
        if value and not value.startswith("data:"):
            return value.strip()
    srcset = attrs.get("srcset") or attrs.get("data-srcset")
    if srcset:
        first = srcset.split(",")[0].split()
        return first[0] if first else None
    return None


def escaped_markup(child) -> bool:
    """Whether a <noscript> whose first child is `child` holds only escaped markup: text
    (and comments), the first text starting like a tag (lexicon.ESCAPED_MARKUP_RE)."""
    first = None
    while child is not None:
        if child.tag_id == _TEXT:
            if first is None:
                first = child.text_content
        elif child.tag[0] != "-":
            return False                      # an element: the markup was parsed as such
        child = child.next
    return first is not None and lx.ESCAPED_MARKUP_RE.match(first) is not None


def leaked_markup(text: str) -> bool:
    """Whether text directly in the body is escaped markup a <noscript> in the <head>
    left there (lexicon.ESCAPED_MARKUP_RE)."""
    text = text.strip()
    return text.endswith(">") and lx.ESCAPED_MARKUP_RE.match(text) is not None


def build(root, reveal: bool = False, max_nodes: int = 1_000_000,
          structure: bool = False, images: bool = False) -> Blocks:
    """Walk root's subtree once into Blocks: in C when the extension is there and
    structure is off (plain text), else in Python (_build_py, the reference)."""
    if _C_WALK is not None and not structure:
        return _C_WALK.build(root, reveal, max_nodes)
    return _build_py(root, reveal, max_nodes, structure, images)


def _build_py(root, reveal: bool = False, max_nodes: int = 1_000_000,
              structure: bool = False, images: bool = False,
              record: tuple[list, list] | None = None) -> Blocks:
    """Walk root's subtree once (iteratively: pages nest 100,000 deep) into Blocks.

    reveal: walk into blocks hidden by class too, as suspects (some pages hide their
    whole body until a script runs; clean() retries so when it found next to nothing).
    structure: also record inline runs and list/code facts for markdown and HTML output
    (images: and <img> as runs); off, the walk pays nothing for them.

    Hidden elements and ARIA chrome are already gone (prune.py); the walk reads the
    class, id, role and itemprop of block elements only.

    record (explain.py): two lists that get the node of each element (in el_* order) and
    (block index, node, "class", "tag" or "noscript") for each subtree the walk skips."""
    out = Blocks()
    blocks = out.blocks
    el_tag, el_start, el_end, el_flags, el_parent = (
        out.el_tag, out.el_start, out.el_end, out.el_flags, out.el_parent)
    memo: dict[str, int] = {}
    buf: list[str] = []           # text of the block being built
    link_chars = 0
    in_link = 0
    in_pre = 0
    in_article = 0                # inside <article>/<main>: a <header> there is the story's
    open_blocks: list[int] = []   # indices of the open block-level elements
    pres: list[int] = []          # indices of the open <pre> elements (structure only)
    pending_line = False          # the next block was started by a <br>
    block_tags = BLOCK_TAGS
    suspect_tags = lx.SUSPECT_TAGS
    never_content = lx.NEVER_CONTENT_TAGS
    if structure:
        out.runs, out.el_info = [], {}
    runs: list = []               # inline runs of the block being built (structure only)
    marks = 0
    href: str | None = None
    mark_stack: list = []
    lists: list = []              # open <ul>/<ol>: [tag, items so far]

    def flush() -> None:
        nonlocal link_chars, pending_line
        raw = "".join(buf)
        buf.clear()
        text = raw.strip("\n") if in_pre else " ".join(raw.split())
        if text:
            chars = len(text) - text.count(" ")
            parent = open_blocks[-1] if open_blocks else -1
            blocks.append(Block(text, chars, min(chars, link_chars),
                                el_tag[parent] if parent >= 0 else "body", parent,
                                pending_line))
            pending_line = False
            if structure:
                out.runs.append(runs.copy())
        elif structure and any(m & MARK_IMAGE for _, m, _ in runs):
            parent = open_blocks[-1] if open_blocks else -1
            blocks.append(Block("", 0, 0, el_tag[parent] if parent >= 0 else "body", parent))
            out.runs.append(runs.copy())
        runs.clear()
        link_chars = 0

    # Pointer walk (first child, next sibling, back up a stack of open elements): twice
    # as fast as materialising child lists, and the way back up gives the exits.
    stack: list = []
    node = root
    budget = max_nodes
    while node is not None:
        budget -= 1
        if not budget:
            out.truncated = True
            break
        tag_id = node.tag_id
        if tag_id == _TEXT:
            t = node.text_content
            if t and len(stack) == 1 and leaked_markup(t):
                t = None                      # escaped markup from a <noscript> in the head
            if t and (buf or not t.isspace()):
                buf.append(t)
                if in_link:
                    link_chars += len("".join(t.split()))
                if structure:
                    runs.append((t, marks, href))
            tag = ""
        elif not (tag := node.tag) or tag[0] == "-":
            pass                              # comments, processing instructions (no tag)
        elif tag == "br":
            if in_pre:
                buf.append("\n")
                if structure:
                    runs.append(("\n", marks, href))
            elif buf or runs:
                flush()
                pending_line = True
            else:
                pending_line = False          # <br><br>: a paragraph break
        elif tag in block_tags:
            flags = 0
            attrs = node.attributes
            if attrs:
                cls = attrs.get("class")
                ident = attrs.get("id")
                key = f"{cls} {ident}" if cls and ident else (cls or ident)
                if key:
                    flags = memo.get(key)
                    if flags is None:
                        flags = memo[key] = _KEY_FLAGS(key)
                    if flags < 0 and reveal:
                        flags = SUSPECT | STRONG  # hidden: only a suspicion this time
                if flags >= 0 and (attrs.get("role") == "main"
                                   or attrs.get("itemprop") in lx.SEMANTIC_ITEMPROPS):
                    flags |= SEMANTIC
            if flags >= 0:
                if buf or runs:
                    flush()
                pending_line = False
                if tag in suspect_tags:
                    if tag != "header" or not in_article:
                        flags |= SUSPECT
                elif tag == "article" or tag == "main":
                    flags |= SEMANTIC
                    in_article += 1
                elif tag == "pre":
                    in_pre += 1
                idx = len(el_tag)
                if record is not None:
                    record[0].append(node)
                if structure:
                    if tag == "ul" or tag == "ol":
                        lists.append([tag, 0])
                    elif tag == "li" and lists:
                        lists[-1][1] += 1
                        out.el_info[idx] = (lists[-1][0], len(lists), lists[-1][1])
                    elif tag == "pre":
                        m = _LANG_RE.search(attrs.get("class") or "") if attrs else None
                        out.el_info[idx] = (m.group(1) if m else "",)
                        pres.append(idx)
                n = len(blocks)
                el_tag.append(tag)
                el_start.append(n)
                el_end.append(n)
                el_flags.append(flags)
                el_parent.append(open_blocks[-1] if open_blocks else -1)
                open_blocks.append(idx)
                child = node.child
                if child is not None:
                    stack.append((node, tag, idx))
                    node = child
                    continue
                open_blocks.pop()             # an empty block element: its range is empty
                if tag == "pre":
                    in_pre -= 1
                    if structure:
                        pres.pop()
                elif tag == "article" or tag == "main":
                    in_article -= 1
                elif structure and (tag == "ul" or tag == "ol") and lists:
                    lists.pop()
            elif record is not None:
                record[1].append((len(blocks), node, "class"))
        elif structure and images and tag == "img":
            src = _image_src(node.attributes)
            if src:
                runs.append((node.attributes.get("alt") or "", MARK_IMAGE, src))
        elif tag not in never_content:        # inline: only <span>/<a> hiding classes count
            child = node.child
            if (tag == "span" or tag == "a") and child is not None:
                cls = node.attributes.get("class")
                if cls and _hides(cls, memo):
                    child = None
                    if record is not None:
                        record[1].append((len(blocks), node, "class"))
            elif tag == "noscript" and child is not None and escaped_markup(child):
                child = None
                if record is not None:
                    record[1].append((len(blocks), node, "noscript"))
            if child is not None:
                if tag == "a":
                    in_link += 1
                if structure:
                    mark = _MARKS.get(tag, 0)
                    if mark or tag == "a":
                        mark_stack.append((marks, href))
                        marks |= mark
                        if tag == "a":
                            href = node.attributes.get("href")
                    if tag == "code" and pres and not out.el_info[pres[-1]][0]:
                        m = _LANG_RE.search(node.attributes.get("class") or "")
                        if m:                 # <pre><code class="language-x">: the pre's
                            out.el_info[pres[-1]] = (m.group(1),)
                stack.append((node, tag, -1))
                node = child
                continue
        elif record is not None:
            record[1].append((len(blocks), node, "tag"))
        # Next sibling, or climb, closing the elements we leave; never past root.
        if not stack:
            break
        nxt = node.next
        while nxt is None:
            node, tag, idx = stack.pop()
            if idx >= 0:                      # leaving a block element
                if buf or runs:
                    flush()
                el_end[idx] = len(blocks)
                open_blocks.pop()
                pending_line = False
                if tag == "pre":
                    in_pre -= 1
                    if structure:
                        pres.pop()
                elif tag == "article" or tag == "main":
                    in_article -= 1
                elif structure and (tag == "ul" or tag == "ol") and lists:
                    lists.pop()
            else:
                if tag == "a":
                    in_link -= 1
                if structure and (tag == "a" or tag in _MARKS):
                    marks, href = mark_stack.pop()
            if not stack:
                break
            nxt = node.next
        node = nxt
    if buf or runs:
        flush()
    if out.truncated:                      # stopped early: close what is still open
        for _, _, idx in stack:
            if idx >= 0:
                el_end[idx] = len(blocks)
        for idx in open_blocks:
            el_end[idx] = len(blocks)
    return out


# A probe page for the C walk's layout check: every branch of the walk (classes, ids,
# hidden classes, suspect tags, an article's own header, <pre> with <br>, links, hiding
# spans, role=main, itemprop, comments, custom elements, tables, <br> runs, CJK text).
_PROBE = (
    "<html><body><nav class='menu'><a href='/'>Home</a> <a href='/x'>News</a></nav>"
    "<main id='content' class='site-main'><article class='post'><header><h1>Title \u00e9"
    "</h1><span class='byline'>By A</span></header><div itemprop='articleBody'><p>First "
    "<b>bold</b> <a href='#'>link text</a> and more.</p><p>\u97d3\u56fd\u8a9e\u306e"
    "\u6587\u3002<br>line two<br><br>para</p><!-- note --><pre class='language-py'>x = 1"
    "<br>y = 2\n</pre><my-widget>custom text</my-widget><span class='sr-only'>hidden"
    "</span><div class='d-none'>gone</div><div class='hidden md:block'>shown</div>"
    "<table><tr><td>cell</td><th>head</th></tr></table><ul><li>one</li><li><a>two</a>"
    "</li></ul></div><div role='main'><p>role main</p></div><aside class='related'>"
    "<h2>Related</h2></aside><footer>foot</footer></article></main><div class='cookie"
    "-banner'>cookies</div><p>tail <br> end</p></body></html>"
)


# selectolax versions (prefixes) whose vendored Lexbor has the struct layouts declared in
# _walk.pyx; add a release here after running the tests against it.
C_WALK_SELECTOLAX = ("1.0.",)


def _load_c_walk():
    """The C walk, if built and if it reads this selectolax's trees exactly as the
    Python walk does (the struct layout is checked on _PROBE); else None."""
    try:
        import selectolax
        from selectolax.lexbor import LexborHTMLParser, LexborNode

        from . import _walk
    except ImportError:
        return None
    # Only selectolax releases whose Lexbor structs _walk.pyx was checked against: a
    # different layout could make the probe itself read a wrong pointer.
    if not getattr(selectolax, "__version__", "").startswith(C_WALK_SELECTOLAX):
        return None
    if LexborNode.__basicsize__ != 48:         # the object layout _walk.pyx reads
        return None
    tree = LexborHTMLParser(_PROBE)
    names = BLOCK_TAGS | lx.SUSPECT_TAGS | lx.NEVER_CONTENT_TAGS | {"br", "a", "span",
                                                                   "noscript"}
    ids = {name: tree.create_node(name).tag_id for name in names}
    try:
        _walk.setup_tokens(lx.BOILERPLATE_SUBSTRINGS, lx.BOILERPLATE_SEGMENTS,
                           lx.STRONG_BOILERPLATE_WORDS, lx.CONTENT_ATTR_WORDS,
                           lx.HIDDEN_CLASS_SET, lx.TAXONOMY_PREFIXES, CONTENT_ATTR,
                           lx.STATE_EDGE_SEGMENTS, lx.STYLE_SEGMENTS, lx.FALSE_FRIENDS,
                           lx.HEADING_SLUG_WORDS, lx.SLUG_LINK_WORDS)
    except ValueError:                          # a keyword the C matcher cannot hold
        return None
    if not _walk.setup(ids, BLOCK_TAGS, lx.SUSPECT_TAGS, lx.NEVER_CONTENT_TAGS, Block,
                       Blocks, _class_flags, SUSPECT, SEMANTIC, STRONG,
                       lx.SEMANTIC_ITEMPROPS, lx.ESCAPED_MARKUP_RE.match, leaked_markup):
        return None
    body = tree.body
    div = tree.css_first("div[itemprop]")
    text = tree.css_first("h1").child
    first = body.child
    if (_walk.probe(body)[:4] != (_walk.node_ptr(first), 0, _walk.node_ptr(body.parent),
                                 body.tag_id)
            or _walk.probe(first)[1] != _walk.node_ptr(first.next)
            or _walk.probe_element(tree.css_first("main")) != ("site-main", "content")
            or _walk.probe_text(text) != text.text_content
            or div is None):
        return None
    try:
        for reveal in (False, True):
            for cap in (1_000_000, 40):
                if (_walk.build(body, reveal, cap)
                        != _build_py(body, reveal, cap)):
                    return None
    except Exception:  # noqa: BLE001  (any failure of the self-test: use the Python walk)
        return None
    return _walk


def literals(words):
    """A C matcher whose .contains(text) answers re.search of the words' alternation, or
    None without the C walk (callers then use their regex)."""
    if _C_WALK is None:
        return None
    try:
        return _C_WALK.literals(words)
    except ValueError:                          # a one-byte word: use the regex
        return None


_C_TOKENS = None
_KEY_FLAGS = _class_flags               # (the C walk's self-test runs _build_py)
_C_WALK = _load_c_walk()
# The C keyword matcher, when the C walk loaded (tests check it against the regexes).
_C_TOKENS = _C_WALK.token_flags if _C_WALK is not None else None
# _class_flags as the Python walk asks it (see _FLAGS_CACHE): in C, else cached.
_KEY_FLAGS = (_C_WALK.class_flags if _C_WALK is not None
              else lru_cache(maxsize=_FLAGS_CACHE)(_class_flags))
