"""The one walk: the pruned tree becomes a flat list of text blocks plus, for every
block-level element, the range of blocks it spans.

Everything later (scoring, choosing the container, trimming the tail, rendering) works on
these arrays, so no subtree's text is ever computed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import lexicon as lx

# Elements that end the current line of text (everything else is inline).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", "legend", "frameset", "frame", "noframes", "html",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CELLS = frozenset({"td", "th"})
# Formatting tags whose attributes never decide anything: no attribute lookup for them.
_PLAIN_INLINE = frozenset({"b", "i", "em", "strong", "u", "small", "sup", "sub", "br", "wbr",
                           "img", "abbr", "cite", "q", "s", "mark", "code", "kbd", "var",
                           "time", "font", "bdi", "bdo", "ruby", "rt", "rp", "del", "ins"})

# Element flags.
SUSPECT = 1      # boilerplate by tag, role or class/id; resolved later against page prose
SEMANTIC = 2     # <article>, <main>, role=main, itemprop=articleBody
CONTENT_ATTR = 4  # class/id says "content", "article", "post", ...
LINK = 8          # an <a href>


@dataclass(slots=True)
class Block:
    text: str
    chars: int        # characters, spaces not counted (CJK counts fairly)
    link_chars: int   # of which inside <a>
    tag: str          # innermost block-level element ('p', 'li', 'h2', 'td', 'pre', 'div', ...)
    parent: int       # index in Blocks.el_* of that element
    line: bool = False  # started by <br>: continues the previous block on a new line


@dataclass(slots=True)
class Blocks:
    blocks: list[Block] = field(default_factory=list)
    # Parallel arrays, one entry per block-level element, in document order.
    el_tag: list[str] = field(default_factory=list)
    el_start: list[int] = field(default_factory=list)
    el_end: list[int] = field(default_factory=list)
    el_flags: list[int] = field(default_factory=list)
    el_depth: list[int] = field(default_factory=list)


def _attr_flags(tag: str, attrs: dict, memo: dict) -> int:
    """SUSPECT / SEMANTIC / CONTENT_ATTR from the attributes; -1 means hidden: skip it."""
    flags = 0
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return -1
    style = attrs.get("style")
    if style and lx.HIDDEN_STYLE_RE.search(style):
        return -1
    role = attrs.get("role")
    if role:
        role = role.lower()
        if role in lx.BOILERPLATE_ROLES:
            flags |= SUSPECT
        elif role == "main" or role == "article":
            flags |= SEMANTIC
    prop = attrs.get("itemprop")
    if prop and prop in ("articleBody", "text", "reviewBody", "description"):
        flags |= SEMANTIC
    key = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
    if key:
        hit = memo.get(key)
        if hit is None:
            low = key.lower()
            hit = 0
            if lx.HIDDEN_CLASS_RE.search(low) and ":" not in low:  # "hidden md:block" shows
                hit = -1
            else:
                if lx.BOILERPLATE_ATTR_RE.search(low):
                    hit |= SUSPECT
                if lx.CONTENT_ATTR_RE.search(low):
                    hit |= CONTENT_ATTR
            memo[key] = hit
        if hit == -1:
            return -1
        flags |= hit
    return flags


def build(root) -> Blocks:
    """Walk root's subtree once (iteratively: pages nest 100,000 deep) into Blocks."""
    out = Blocks()
    blocks = out.blocks
    el_tag, el_start, el_end, el_flags, el_depth = (
        out.el_tag, out.el_start, out.el_end, out.el_flags, out.el_depth)
    memo: dict[str, int] = {}
    buf: list[str] = []
    link_chars = 0
    in_link = 0
    in_pre = 0
    open_blocks: list[int] = []   # indices of the open block-level elements
    pending_line = False          # next block was started by a <br>

    def flush() -> None:
        nonlocal link_chars, pending_line
        if buf:
            raw = "".join(buf)
            buf.clear()
            text = raw.strip("\n") if in_pre else " ".join(raw.split())
            if text.strip():
                chars = len(text) - text.count(" ")
                parent = open_blocks[-1] if open_blocks else -1
                blocks.append(Block(text, chars, min(link_chars, chars),
                                    el_tag[parent] if parent >= 0 else "body", parent,
                                    pending_line))
                pending_line = False
        link_chars = 0

    EXIT = object()
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node.__class__ is tuple:          # exit marker: (EXIT, tag, element index or -1)
            _, tag, idx = node
            if idx >= 0:
                flush()
                el_end[idx] = len(blocks)
                open_blocks.pop()
                pending_line = False
            elif tag == "a":
                in_link -= 1
            if tag == "pre":
                in_pre -= 1
            continue
        tag = node.tag
        if tag == "-text":
            t = node.text_content
            if t:
                buf.append(t)
                if in_link:
                    link_chars += len(t.strip())
            continue
        if tag[0] == "-":                    # comments, doctype
            continue
        if tag == "br":
            if buf and not in_pre:
                flush()
                pending_line = True
            elif in_pre:
                buf.append("\n")
            else:
                pending_line = False          # <br><br>: a paragraph break
            continue
        flags = 0
        if tag not in _PLAIN_INLINE:
            attrs = node.attributes
            if attrs:
                flags = _attr_flags(tag, attrs, memo)
                if flags < 0:
                    continue
        if tag in BLOCK_TAGS:
            flush()
            pending_line = False
            if tag in lx.SUSPECT_TAGS:
                flags |= SUSPECT
            elif tag == "article" or tag == "main":
                flags |= SEMANTIC
            idx = len(el_tag)
            el_tag.append(tag)
            el_start.append(len(blocks))
            el_end.append(len(blocks))
            el_flags.append(flags)
            el_depth.append(len(open_blocks))
            open_blocks.append(idx)
            stack.append((EXIT, tag, idx))
        elif tag == "a":
            in_link += 1
            stack.append((EXIT, tag, -1))
        else:
            if tag == "img":
                continue
            stack.append((EXIT, tag, -1))
        if tag == "pre":
            in_pre += 1
        children = list(node.iter(include_text=True))
        if children:
            children.reverse()
            stack.extend(children)
    flush()
    return out
