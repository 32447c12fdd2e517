"""The site learner's page scan: fingerprints of a page's blocks without a parse.

Learning a site's template needs, per page, only what the page is made of: the paths of
its block-level elements (tags from <body> down) and the texts of its blocks, hashed.
Parsing the page with Lexbor, pruning and walking it, as cleaning does, costs about as
much as cleaning itself; this scan reads the markup once, left to right, keeping a stack
of the open block-level elements, and costs a small share of it (see sites.py).

It follows the HTML parser where the blocks depend on it (a new block element closes an
open <p>, an <li> the previous <li>, table cells get their implied <tbody>/<tr>; raw-text
elements are jumped over; never-content elements and page chrome (nav, aside, footer, a
header outside <article>/<main>) are skipped with their subtrees), so that the paths and
texts it sees are those the walk (blocks.py) sees on the parsed page: sites.apply() hashes
the walk's blocks with text_key()/path_key() and looks them up in what was learned. Where
the two readings differ (misnested markup, chrome hidden by class or role) a block is
only not recognised: the page keeps it, as without a profile.

Hashes are 64-bit FNV-1a. text_key() reads words only: letters lower-cased, digits as 0,
every run of spaces and punctuation as one separator, so that entities, spacing and
numbers (dates, counts) do not make a block new.

scan() is in C (_pagescan.pyx) when the extension is built; _scan_py() is the reference
it is tested against.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .blocks import BLOCK_TAGS, HEADINGS

OFFSET = 0xCBF29CE484222325
PRIME = 0x100000001B3
MASK = (1 << 64) - 1
# Elements this deep or shallower (body: 0) make the page's shape.
SHAPE_DEPTH = 6
MAX_SHAPE = 400
# A page's blocks read at most (a hostile page cannot make the learner's state grow).
MAX_BLOCKS = 20_000

# Elements whose content the parser reads as text up to their end tag.
RAW = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                 "noframes", "plaintext"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                  "meta", "param", "source", "track", "wbr", "keygen"})
# Subtrees never read: what the walk skips as never content (elements whose end tag is
# often left out, as <option> or <rt>, are read: a lost end tag must not skip the page),
# and the chrome prune.py removes.
SKIP = frozenset((lx.NEVER_CONTENT_TAGS - RAW - VOID - {"option"})
                 | {"nav", "aside", "footer", "header", "head"})
# A ruby's reading ends at its end tag, at the next reading, or with the ruby.
RUBY = frozenset({"rt", "rp", "rtc"})
# Open elements followed at most (deeper ones are not recorded: their blocks go to the
# deepest recorded one, alike in both scans).
MAX_DEPTH = 4096
# Block elements that close an open <p> when they start.
P_CLOSERS = frozenset({"address", "article", "aside", "blockquote", "center", "details",
                       "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure",
                       "footer", "form", "header", "hgroup", "hr", "main", "menu", "nav",
                       "ol", "p", "pre", "section", "summary", "table", "ul", "li", "dd",
                       "dt", "h1", "h2", "h3", "h4", "h5", "h6"})
TABLE_PARTS = frozenset({"tbody", "thead", "tfoot", "tr", "td", "th", "caption"})
IGNORED = frozenset({"html", "body", "frameset", "frame"})

# Named entities read (others stay as written: their letters are words to both readings
# only when the parser does not know them either; rare in text).
ENTITIES = {
    "amp": 38, "lt": 60, "gt": 62, "quot": 34, "apos": 39, "nbsp": 160, "shy": 173,
    "mdash": 0x2014, "ndash": 0x2013, "hellip": 0x2026, "lsquo": 0x2018, "rsquo": 0x2019,
    "ldquo": 0x201C, "rdquo": 0x201D, "laquo": 171, "raquo": 187, "bull": 0x2022,
    "middot": 183, "copy": 169, "reg": 174, "trade": 0x2122, "euro": 0x20AC,
    "pound": 163, "deg": 176, "times": 215,
    "aacute": 225, "agrave": 224, "acirc": 226, "auml": 228, "atilde": 227, "aring": 229,
    "ccedil": 231, "eacute": 233, "egrave": 232, "ecirc": 234, "euml": 235,
    "iacute": 237, "igrave": 236, "icirc": 238, "iuml": 239, "ntilde": 241,
    "oacute": 243, "ograve": 242, "ocirc": 244, "ouml": 246, "otilde": 245, "oslash": 248,
    "uacute": 250, "ugrave": 249, "ucirc": 251, "uuml": 252, "yacute": 253, "szlig": 223,
    "Aacute": 193, "Agrave": 192, "Auml": 196, "Eacute": 201, "Egrave": 200, "Ouml": 214,
    "Uuml": 220, "Ccedil": 199, "Ntilde": 209,
}


def word_code(cp: int) -> int:
    """The code a character adds to a text key; 0: a separator."""
    if cp < 128:
        if 48 <= cp <= 57:
            return 48                      # every digit is 0
        if 97 <= cp <= 122:
            return cp
        if 65 <= cp <= 90:
            return cp + 32
        return 0
    if cp <= 0xBF or cp == 0xD7 or cp == 0xF7:
        return 0                           # Latin-1 punctuation, no-break space
    if cp <= 0xDE:
        return cp + 32                     # Latin-1 capitals
    if 0x2000 <= cp <= 0x206F or 0x3000 <= cp <= 0x303F or 0xFE00 <= cp <= 0xFE0F:
        return 0                           # general and CJK punctuation, spaces, joiners
    if cp == 0xFEFF or 0xFF01 <= cp <= 0xFF0F:
        return 0
    return cp


class _Text:
    """A text key built a piece at a time (a block's text comes in several runs)."""

    __slots__ = ("gap", "h", "words")

    def __init__(self) -> None:
        self.h, self.words, self.gap = OFFSET, False, False

    def add(self, cp: int) -> None:
        code = word_code(cp)
        if not code:
            self.gap = True
            return
        h = self.h
        if self.gap and self.words:
            h = ((h ^ 32) * PRIME) & MASK
        self.h = ((h ^ code) * PRIME) & MASK
        self.words, self.gap = True, False

    def key(self) -> int:
        """The key, 0 when the text has no word; and starts again."""
        k = self.h if self.words else 0
        self.h, self.words, self.gap = OFFSET, False, False
        return k


def text_key(text: str) -> int:
    """The key of a block's text (0: no word in it)."""
    t = _Text()
    for ch in text:
        t.add(ord(ch))
    return t.key()


def path_key(parent: int, tag: str) -> int:
    """The key of an element's path: its parent's key and its tag."""
    h = parent
    for ch in ">" + tag:
        h = ((h ^ ord(ch)) * PRIME) & MASK
    return h


ROOT = path_key(OFFSET, "body")


def block_key(path: int, text: int) -> int:
    """A block's key: its text at its element's path (the same words elsewhere in the
    template are another block)."""
    h = ((path ^ (text & 0xFFFFFFFF)) * PRIME) & MASK
    return ((h ^ (text >> 32)) * PRIME) & MASK


_NAME_END = re.compile(r"[\t\n\f\r />]")
_ENTITY = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")


def _tag_end(s: str, i: int) -> int:
    """The index after the '>' closing the tag whose attributes start at i (quoted values
    may hold '>'); len(s) + 1 when the tag never closes."""
    n = len(s)
    state = 0          # 0 outside a value, 1 after '=', 2 in "...", 3 in '...', 4 unquoted
    while i < n:
        c = s[i]
        if state == 0:
            if c == ">":
                return i + 1
            if c == "=":
                state = 1
        elif state == 1:
            if c == '"':
                state = 2
            elif c == "'":
                state = 3
            elif c == ">":
                return i + 1
            elif c not in " \t\n\r\f":
                state = 4
        elif state == 2:
            if c == '"':
                state = 0
        elif state == 3:
            if c == "'":
                state = 0
        else:
            if c == ">":
                return i + 1
            if c in " \t\n\r\f":
                state = 0
        i += 1
    return n + 1


def _raw_end(s: str, i: int, name: str) -> int:
    """Where the end tag of raw-text element `name` starts (len(s): none)."""
    m = re.compile(r"</" + name + r"[\t\n\f\r />]", re.IGNORECASE | re.ASCII).search(s, i)
    return m.start() if m else len(s)


class _Scan:
    """The reference scan (see scan())."""

    def __init__(self, max_blocks: int) -> None:
        self.stack: list[tuple[str, int]] = [("body", ROOT)]
        self.shape: list[int] = [ROOT]
        self.seen_shape = {ROOT}
        self.blocks: list[int] = []
        self.text = _Text()
        self.max_blocks = max_blocks
        self.sections = 0           # open <article>/<main>
        self.over = 0               # elements open beyond MAX_DEPTH

    def flush(self) -> None:
        k = self.text.key()
        if k:
            self.blocks.append(block_key(self.stack[-1][1], k))

    def push(self, tag: str) -> None:
        self.flush()
        if len(self.stack) >= MAX_DEPTH:
            self.over += 1
            return
        key = path_key(self.stack[-1][1], tag)
        self.stack.append((tag, key))
        if tag == "article" or tag == "main":
            self.sections += 1
        if (len(self.stack) - 1 <= SHAPE_DEPTH and len(self.shape) < MAX_SHAPE
                and key not in self.seen_shape):
            self.seen_shape.add(key)
            self.shape.append(key)

    def pop(self) -> None:
        self.flush()
        if self.over:
            self.over -= 1
            return
        tag, _ = self.stack.pop()
        if tag == "article" or tag == "main":
            self.sections -= 1

    def top(self) -> str:
        return "" if self.over else self.stack[-1][0]

    def has(self, tag: str, stops: frozenset[str] = frozenset()) -> bool:
        for t, _ in reversed(self.stack[1:]):
            if t == tag:
                return True
            if t in stops:
                return False
        return False

    def open(self, tag: str) -> None:
        if tag in TABLE_PARTS:
            if not self.has("table"):
                return                  # a cell outside any table: the parser drops it
            if tag == "caption" or tag in ("tbody", "thead", "tfoot"):
                while self.top() != "table":
                    self.pop()
            elif tag == "tr":
                while self.top() not in ("table", "tbody", "thead", "tfoot"):
                    self.pop()
                if self.top() == "table":
                    self.push("tbody")
            else:                       # td, th
                while self.top() not in ("table", "tbody", "thead", "tfoot", "tr"):
                    self.pop()
                if self.top() == "table":
                    self.push("tbody")
                if self.top() != "tr":
                    self.push("tr")
            self.push(tag)
            return
        if self.top() == "p" and tag in P_CLOSERS:
            self.pop()
        if tag in HEADINGS and self.top() in HEADINGS:
            self.pop()
        if tag == "li" and self.has("li", frozenset({"ul", "ol", "menu", "table"})):
            while self.pop_until("li"):
                pass
        elif (tag == "dd" or tag == "dt") and (
                self.has("dd", frozenset({"dl", "table"}))
                or self.has("dt", frozenset({"dl", "table"}))):
            while self.top() not in ("dd", "dt"):
                self.pop()
            self.pop()
        self.push(tag)

    def pop_until(self, tag: str) -> bool:
        """Pop one element; whether to go on (it was not `tag`)."""
        t = self.top()
        self.pop()
        return t != tag

    def close(self, tag: str) -> None:
        if not self.has(tag):
            return
        while self.pop_until(tag):
            pass

    def run(self, s: str) -> None:
        n = len(s)
        i = 0
        skip, depth = "", 0             # skipping the subtree of a `skip` element
        text = self.text
        while i < n and len(self.blocks) < self.max_blocks:
            j = s.find("<", i)
            if j < 0:
                j = n
            if j > i and not skip:
                self._text(s, i, j)
            if j >= n:
                break
            c = s[j + 1] if j + 1 < n else ""
            if c == "!":
                if s.startswith("<!--", j):
                    k = s.find("-->", j + 4)
                    i = n if k < 0 else k + 3
                else:
                    k = s.find(">", j + 2)
                    i = n if k < 0 else k + 1
                continue
            if c == "?" or (c == "/" and not (j + 2 < n and s[j + 2].isascii()
                                              and s[j + 2].isalpha())):
                if c == "/" and j + 2 >= n:
                    break
                k = s.find(">", j + 2)
                i = n if k < 0 else k + 1
                continue
            end = c == "/"
            start = j + 2 if end else j + 1
            if not (start < n and s[start].isascii() and s[start].isalpha()):
                if not skip:
                    text.add(60)            # a '<' that opens no tag: text
                i = j + 1
                continue
            m = _NAME_END.search(s, start)
            stop = m.start() if m else n
            name = s[start:stop].lower()
            i = _tag_end(s, stop)
            if i > n:
                break                       # a tag cut off by the end of the page
            closed = s[i - 2] == "/" and i - 2 >= stop
            if skip:
                if skip in RUBY and (name in RUBY and not end or name == "ruby" and end):
                    # the reading ends, its end tag left out; another may start
                    skip, depth = ("", 0) if end else (name, 1)
                    continue
                if name == skip:
                    depth += -1 if end else (0 if closed else 1)
                    if not depth:
                        skip = ""
                    continue
                if not end and name in RAW:
                    i = _raw_end(s, i, name)
                    continue
                # A <body> or a block element ends a <head> left open, as in the parser.
                if end or skip != "head" or not (name == "body" or name in BLOCK_TAGS):
                    continue
                skip = ""
            if end:
                if name in BLOCK_TAGS and name not in IGNORED:
                    self.close(name)
                elif name == "br":
                    self.flush()
                continue
            if name in RAW:
                i = _raw_end(s, i, name)
            elif name in SKIP and not (name == "header" and self.sections):
                if not closed:
                    skip, depth = name, 1
            elif name == "br":
                self.flush()
            elif name in IGNORED:
                continue
            elif name in BLOCK_TAGS:
                self.open(name)
                if name in VOID:            # <hr>
                    self.pop()
        self.flush()

    def _text(self, s: str, i: int, j: int) -> None:
        add = self.text.add
        while i < j:
            a = s.find("&", i, j)
            if a < 0:
                a = j
            for ch in s[i:a]:
                add(ord(ch))
            if a >= j:
                return
            m = _ENTITY.match(s, a, j)
            cp = _entity(m.group(1)) if m else None
            if cp is None:
                add(38)
                i = a + 1
            else:
                add(cp)
                i = m.end()


def _entity(body: str) -> int | None:
    name = body[:-1]
    if name[0] == "#":
        cp = int(name[2:], 16) if name[1] in "xX" else int(name[1:])  # noqa: FURB166
        return cp if 0 < cp < 0x110000 else 0xFFFD
    return ENTITIES.get(name)


def _scan_py(data: str | bytes, max_blocks: int = MAX_BLOCKS
             ) -> tuple[list[int], list[int]]:
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    scan = _Scan(max_blocks)
    scan.run(data)
    return scan.shape, scan.blocks


def _load_c():
    try:
        from . import _pagescan
    except ImportError:
        return None
    try:
        _pagescan.setup(BLOCK_TAGS - IGNORED, HEADINGS, RAW, VOID, SKIP, P_CLOSERS, RUBY,
                        ENTITIES, SHAPE_DEPTH, MAX_SHAPE, MAX_DEPTH)
    except ValueError:                  # tables the C scan cannot hold: the Python one
        return None
    return _pagescan


_C = _load_c()


def scan(data: str | bytes, max_blocks: int = MAX_BLOCKS) -> tuple[list[int], list[int]]:
    """(shape, blocks) of a page's markup (a str, or valid UTF-8 bytes as decode() gives): the keys of the element paths down to
    SHAPE_DEPTH (distinct, in document order, at most MAX_SHAPE), and the block_key() of
    every block with words (at most max_blocks)."""
    if _C is not None:
        out = _C.scan(data, max_blocks)
        if out is not None:
            return out
    return _scan_py(data, max_blocks)
