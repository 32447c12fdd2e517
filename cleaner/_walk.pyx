# cython: language_level=3, boundscheck=False, initializedcheck=False
"""The walk of blocks.build() in C: the same blocks from Lexbor's node structs directly.

The Python walk spends two thirds of its time in selectolax's wrappers: every `.child`,
`.next`, `.tag` and `.attributes` builds a Python object. Here the walk follows Lexbor's
own pointers (first_child, next, parent) and reads tag ids, class and id straight from
the element structs; Python objects are made only for text and for the blocks.

The extension is optional (setup.py builds it when a compiler is there) and it does not
link against selectolax: it reads the structs through a layout declared below, which
blocks.py checks against selectolax's own answers on a probe page before using it. When
the check fails (another selectolax/Lexbor version), blocks.py keeps the Python walk.
Plain text only: the markdown/HTML walk (inline runs, lists, images) stays in Python.
"""

from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.unicode cimport PyUnicode_AsUTF8AndSize, PyUnicode_DecodeUTF8
from libc.stdint cimport uint64_t, uintptr_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memchr, memcmp, memcpy, memset

from cleaner._score cimport Block as CBlock

# Lexbor's structs, as far as the walk reads them: _lexbor.pxd.
from cleaner._lexbor cimport (_after, after_in_page, lxb_attr, lxb_chardata, lxb_element,
                              lxb_hash_entry, lxb_node, lxb_str, py_lexbor_node)

DEF NTAGS = 512                   # static tag ids are below this; custom tags are above

# Per tag id: what the walk does with the element.
cdef enum:
    C_BLOCK = 1      # ends the line; a block element with a range of blocks
    C_SUSPECT = 2    # lexicon.SUSPECT_TAGS
    C_NEVER = 4      # lexicon.NEVER_CONTENT_TAGS (when not a block)
    C_BR = 8
    C_A = 16
    C_SPAN = 32
    C_ARTICLE = 64   # <article>, <main>
    C_PRE = 128
    C_HEADER = 256
    C_NOSCRIPT = 512

cdef unsigned short CAT[NTAGS]
cdef list TAG_NAMES = [None] * NTAGS
cdef object Block = None
cdef object Blocks = None
cdef object class_flags_py = None
cdef int SUSPECT = 0, SEMANTIC = 0, STRONG = 0
cdef object escaped_match = None, leaked_markup = None


def setup(dict tag_ids, block_tags, suspect_tags, never_tags, block_cls, blocks_cls,
          flags_fn, int suspect, int semantic, int strong, itemprops, escaped, leaked):
    """Tables from blocks.py: tag name -> Lexbor tag id, the tag sets, the Block and
    Blocks classes, the class/id flag function, the flag bits, the match of
    lexicon.ESCAPED_MARKUP_RE and blocks.leaked_markup."""
    global Block, Blocks, class_flags_py, SUSPECT, SEMANTIC, STRONG, SEMANTIC_ITEMPROPS
    global escaped_match, leaked_markup
    cdef int i
    for i in range(NTAGS):
        CAT[i] = 0
        TAG_NAMES[i] = None
    for name, tid in tag_ids.items():
        if tid < 0 or tid >= NTAGS:
            return False
        c = 0
        if name in block_tags:
            c |= C_BLOCK
            if name in suspect_tags:
                c |= C_SUSPECT
            if name == "article" or name == "main":
                c |= C_ARTICLE
            if name == "pre":
                c |= C_PRE
            if name == "header":
                c |= C_HEADER
        elif name == "br":
            c |= C_BR
        elif name in never_tags:
            c |= C_NEVER
        elif name == "a":
            c |= C_A
        elif name == "span":
            c |= C_SPAN
        elif name == "noscript":
            c |= C_NOSCRIPT
        CAT[tid] = c
        TAG_NAMES[tid] = name
    Block, Blocks, class_flags_py = block_cls, blocks_cls, flags_fn
    memset(TOKEN_CACHE, 0, sizeof(TOKEN_CACHE))     # (their flags hold SUSPECT, STRONG)
    _clear_key_caches()
    escaped_match, leaked_markup = escaped, leaked
    SUSPECT, SEMANTIC, STRONG = suspect, semantic, strong
    SEMANTIC_ITEMPROPS = frozenset(itemprops)
    return True


cdef inline lxb_node *_node(object n):
    return (<py_lexbor_node *> <void *> n).node


def node_ptr(object n):
    """The address of a LexborNode's node (for blocks.py's checks and semantic set)."""
    return <uintptr_t> _node(n)


def probe(object n):
    """Raw fields of a node, for blocks.py's layout check against selectolax."""
    cdef lxb_node *p = _node(n)
    return (<uintptr_t> p.first_child, <uintptr_t> p.next, <uintptr_t> p.parent,
            p.local_name, p.type)


def probe_element(object n):
    cdef lxb_element *e = <lxb_element *> _node(n)
    return (_attr_text(e.attr_class), _attr_text(e.attr_id))


def probe_text(object n):
    cdef lxb_chardata *t = <lxb_chardata *> _node(n)
    if t.data.data == NULL:
        return None
    return PyUnicode_DecodeUTF8(<char *> t.data.data, t.data.length, "replace")


cdef inline object _attr_text(lxb_attr *a):
    if a == NULL or a.value == NULL or a.value.data == NULL:
        return None
    return PyUnicode_DecodeUTF8(<char *> a.value.data, a.value.length, "replace")


cdef frozenset SEMANTIC_ITEMPROPS = frozenset()


cdef bint _names_main(lxb_element *el):
    """role="main" or an itemprop naming the main content (lexicon.SEMANTIC_ITEMPROPS)
    among the element's attributes. Both names are outside Lexbor's static attribute
    list, so their ids point at hash entries holding the name."""
    cdef lxb_attr *a = el.first_attr
    cdef lxb_hash_entry *entry
    while a != NULL:
        if a.node.local_name >= 65536:          # an address, not a static id
            entry = <lxb_hash_entry *> a.node.local_name
            if entry.length == 4 and memcmp(entry.short_str, b"role", 4) == 0:
                if _attr_text(a) == "main":
                    return True
            elif entry.length == 8 and memcmp(entry.short_str, b"itemprop", 8) == 0:
                if _attr_text(a) in SEMANTIC_ITEMPROPS:
                    return True
        a = a.next
    return False


cdef struct Frame:
    lxb_node *node
    Py_ssize_t idx       # index of the block element, -1 for inline
    unsigned short cat


cdef Py_ssize_t _nonspace(str t):
    cdef Py_ssize_t n = 0
    cdef Py_UCS4 ch
    for ch in t:
        if not Py_UNICODE_ISSPACE(ch):
            n += 1
    return n


cdef extern from "Python.h":
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    void *PyUnicode_DATA(object text)


cdef inline Py_ssize_t _ws(const unsigned char *s, Py_ssize_t i, Py_ssize_t n) noexcept:
    """Byte length of the whitespace character at s[i] (as str.split() and str.isspace()
    define whitespace: ASCII \\t-\\r, \\x1c-\\x1f and space, U+0085, U+00A0, U+1680,
    U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), 0 when not whitespace."""
    cdef unsigned char c = s[i], d, e
    if c < 0x80:
        return 1 if (c == 32 or 9 <= c <= 13 or 28 <= c <= 31) else 0
    if c == 0xC2:
        if i + 1 < n and (s[i + 1] == 0x85 or s[i + 1] == 0xA0):
            return 2
        return 0
    if (c == 0xE1 or c == 0xE2 or c == 0xE3) and i + 2 < n:
        d, e = s[i + 1], s[i + 2]
        if c == 0xE1:
            return 3 if d == 0x9A and e == 0x80 else 0
        if c == 0xE3:
            return 3 if d == 0x80 and e == 0x80 else 0
        if d == 0x80 and (0x80 <= e <= 0x8A or e == 0xA8 or e == 0xA9 or e == 0xAF):
            return 3
        if d == 0x81 and e == 0x9F:
            return 3
    return 0


# What _Walk.flush does with a byte: copy it (K_PLAIN), collapse it (an ASCII space as
# str.split() splits on), or ask _ws (K_HIGH: a UTF-8 byte).
cdef enum:
    K_PLAIN = 0
    K_SPACE = 1
    K_HIGH = 2

cdef unsigned char BYTE_KIND[256]
for _b in range(256):
    BYTE_KIND[_b] = (K_HIGH if _b >= 0x80 else K_SPACE if _b == 32 or 9 <= _b <= 13 or 28 <= _b <= 31
                     else K_PLAIN)


cdef struct El:
    Py_ssize_t start, end, parent       # Blocks.el_start, el_end, el_parent
    int flags                           # Blocks.el_flags


cdef class _Walk:
    """The block being built: its text as UTF-8 bytes (one decode per block, not one per
    text node), whitespace collapsed in C as " ".join(text.split()) would. And the
    elements' ranges, flags and parents in C arrays, and the open ones in a C stack:
    four lists appended to (and one of them written again on leaving) per element, and
    a list of the open ones, cost more than their Python ints, built once at the end."""
    cdef list blocks, el_tag
    cdef El *els
    cdef Py_ssize_t nel, elcap, nblocks
    cdef Py_ssize_t *opened             # indices of the open block elements
    cdef Py_ssize_t nopen, opencap
    cdef Py_ssize_t link_chars
    cdef int in_pre
    cdef bint pending_line
    cdef unsigned char *buf
    cdef Py_ssize_t blen, bcap
    cdef unsigned char *norm
    cdef Py_ssize_t ncap
    cdef bint filler              # a block holds "psum" or "PSUM" (see Blocks.filler_hint)
    cdef unsigned char *kbuf      # a long class/id key, then its lower-case copy
    cdef Py_ssize_t kcap

    def __cinit__(self):
        self.bcap = self.ncap = 4096
        self.kcap = 0
        self.kbuf = NULL
        self.elcap = self.opencap = 256
        self.buf = <unsigned char *> malloc(self.bcap)
        self.norm = <unsigned char *> malloc(self.ncap)
        self.els = <El *> malloc(self.elcap * sizeof(El))
        self.opened = <Py_ssize_t *> malloc(self.opencap * sizeof(Py_ssize_t))
        if self.buf == NULL or self.norm == NULL or self.els == NULL or self.opened == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.buf)
        free(self.norm)
        free(self.els)
        free(self.opened)
        free(self.kbuf)

    cdef Py_ssize_t open_el(self, str tag, int flags) except -1:
        """A block element begins (its range empty so far), inside the innermost open
        one; it is open now. Its index."""
        cdef El *grown
        cdef Py_ssize_t *more
        cdef Py_ssize_t idx = self.nel, n = len(self.blocks)
        if idx == self.elcap:
            grown = <El *> realloc(self.els, 2 * self.elcap * sizeof(El))
            if grown == NULL:
                raise MemoryError()
            self.els, self.elcap = grown, 2 * self.elcap
        if self.nopen == self.opencap:
            more = <Py_ssize_t *> realloc(self.opened, 2 * self.opencap * sizeof(Py_ssize_t))
            if more == NULL:
                raise MemoryError()
            self.opened, self.opencap = more, 2 * self.opencap
        self.el_tag.append(tag)
        self.els[idx].start = self.els[idx].end = n
        self.els[idx].flags = flags
        self.els[idx].parent = self.opened[self.nopen - 1] if self.nopen else -1
        self.opened[self.nopen] = idx
        self.nopen += 1
        self.nel += 1
        return idx

    cdef int columns(self, object out) except -1:
        """The element arrays as Blocks' four lists, in one pass over the structs, each
        list made at its size (appending grew them in steps, 30K instructions a page)
        and a value above Python's small ints made once for all four lists (a block or
        element index recurs as starts, ends and parents)."""
        cdef Py_ssize_t k, n = self.nel, size = max(n, self.nblocks) + 1
        cdef list starts = PyList_New(n), ends = PyList_New(n)
        cdef list flags = PyList_New(n), parents = PyList_New(n)
        cdef PyObject **nums = <PyObject **> calloc(size, sizeof(PyObject *))
        cdef El *e
        if nums == NULL:
            raise MemoryError()
        try:
            for k in range(n):
                e = &self.els[k]
                v = cl_int(nums, size, e.start)
                Py_INCREF(v)
                PyList_SET_ITEM(starts, k, v)
                v = cl_int(nums, size, e.end)
                Py_INCREF(v)
                PyList_SET_ITEM(ends, k, v)
                v = cl_int(nums, size, e.flags)
                Py_INCREF(v)
                PyList_SET_ITEM(flags, k, v)
                v = cl_int(nums, size, e.parent)
                Py_INCREF(v)
                PyList_SET_ITEM(parents, k, v)
        finally:
            for k in range(257, size):
                Py_XDECREF(nums[k])
            free(nums)
        out.el_start, out.el_end, out.el_flags, out.el_parent = starts, ends, flags, parents
        return 0

    cdef int key_flags(self, lxb_attr *cls, lxb_attr *ident, dict memo) except -100:
        """Flags of the element's class + id key (ident NULL: its class alone), as
        blocks._class_flags: from the key caches by its bytes, else _key_flags, else
        (not ASCII, a hiding token) the Python function through memo."""
        cdef Py_ssize_t kn
        cdef unsigned char kb[KEY_MAX]
        cdef unsigned char low[KEY_MAX]
        cdef unsigned char *key = kb
        cdef KeySlot *slot = _key_slot(cls, ident, &kn, kb)
        cdef LongSlot *long_slot = NULL
        cdef unsigned char *grown
        cdef uint64_t h
        cdef int flags
        if slot != NULL:
            if slot.n == kn and memcmp(slot.text, kb, kn) == 0:
                return slot.flags
            flags = _key_flags(kb, kn, low)
        elif kn == 0:
            return 0
        else:
            # A key over KEY_MAX bytes (utility-class lists: one block key in five on
            # WCXB pages): its own cache, not the Python memo's strings and dict.
            if 2 * kn > self.kcap:
                grown = <unsigned char *> realloc(self.kbuf, 2 * kn)
                if grown == NULL:
                    raise MemoryError()
                self.kbuf, self.kcap = grown, 2 * kn
            key = self.kbuf
            _key_bytes(cls, ident, key)
            h = _hash(key, kn)
            long_slot = &LONG_CACHE[(h ^ (h >> 29)) & (LONG_SLOTS - 1)]
            if long_slot.n == kn and memcmp(long_slot.text, key, kn) == 0:
                return long_slot.flags
            flags = _key_flags(key, kn, key + kn)
        if flags == ASK_PYTHON:
            flags = _python_flags(cls, ident, memo)
        if slot != NULL:
            slot.flags = flags
            slot.n = <unsigned char> kn
            memcpy(slot.text, kb, kn)
        elif kn <= LONG_MAX:
            if kn > long_slot.cap:
                grown = <unsigned char *> realloc(long_slot.text, kn)
                if grown == NULL:
                    raise MemoryError()
                long_slot.text, long_slot.cap = grown, kn
            long_slot.flags = flags
            long_slot.n = kn
            memcpy(long_slot.text, key, kn)
        return flags

    cdef int add(self, const unsigned char *data, Py_ssize_t n) except -1:
        cdef unsigned char *grown
        if self.blen + n > self.bcap:
            self.bcap = max(2 * self.bcap, self.blen + n)
            grown = <unsigned char *> realloc(self.buf, self.bcap)
            if grown == NULL:
                raise MemoryError()
            self.buf = grown
        memcpy(self.buf + self.blen, data, n)
        self.blen += n
        return 0

    cdef flush(self):
        cdef Py_ssize_t i = 0, o = 0, k, start, end, spaces = 0, n = self.blen
        cdef CBlock blk
        cdef unsigned char *s = self.buf
        cdef unsigned char *grown
        cdef bint gap = False, high = False
        cdef int plain
        cdef unsigned char c, kind
        cdef unsigned char *d
        self.blen = 0
        if self.in_pre:                     # raw.strip("\n"): only newlines at the ends
            start, end = 0, n
            while start < end and s[start] == 10:
                start += 1
            while end > start and s[end - 1] == 10:
                end -= 1
            for k in range(start, end):
                if s[k] == 32:
                    spaces += 1
            text = PyUnicode_DecodeUTF8(<char *> s + start, end - start, "replace")
            if not self.filler:
                self.filler = (_has(s + start, end - start, b"psum", 4)
                               or _has(s + start, end - start, b"PSUM", 4))
        else:                               # " ".join(raw.split())
            if n > self.ncap:
                grown = <unsigned char *> realloc(self.norm, n)
                if grown == NULL:
                    raise MemoryError()
                self.norm, self.ncap = grown, n
            d = self.norm
            while i < n:
                if n - i >= 16:
                    # 16 bytes of plain prose (ASCII, single spaces, none first) stay
                    # as they are: copied at once, not a byte a step.
                    plain = cl_plain16(s + i)
                    if plain >= 0:
                        if gap:
                            d[o] = 32
                            o += 1
                            spaces += 1
                            gap = False
                        memcpy(d + o, s + i, 16)
                        o += 16
                        i += 16
                        spaces += cl_popcount16(plain)
                        if plain & 0x8000:      # a space last: a gap, as below
                            o -= 1
                            spaces -= 1
                            gap = True
                        continue
                c = s[i]
                kind = BYTE_KIND[c]
                if kind == K_SPACE:
                    gap = o > 0
                    i += 1
                    continue
                if kind == K_HIGH:
                    high = True
                    k = _ws(s, i, n)
                    if k:
                        gap = o > 0
                        i += k
                        continue
                if gap:
                    d[o] = 32
                    o += 1
                    spaces += 1
                    gap = False
                d[o] = c
                o += 1
                i += 1
                while i < n and BYTE_KIND[s[i]] == K_PLAIN:     # the rest of the word
                    d[o] = s[i]
                    o += 1
                    i += 1
            if high:
                text = PyUnicode_DecodeUTF8(<char *> self.norm, o, "replace")
            else:                           # (ASCII: no decoder's checks, a copy)
                text = PyUnicode_New(o, 127)
                memcpy(PyUnicode_DATA(text), d, o)
            if not self.filler:
                self.filler = cl_has_psum(d, o)
        if text:
            chars = len(text) - spaces
            parent = self.opened[self.nopen - 1] if self.nopen else -1
            if Block is CBlock:             # (no Python call: hundreds of blocks a page)
                blk = CBlock.__new__(CBlock)
                blk.text = text
                blk.chars = chars
                blk.link_chars = min(chars, self.link_chars)
                blk.tag = self.el_tag[parent] if parent >= 0 else "body"
                blk.parent = parent
                blk.line = self.pending_line
                self.blocks.append(blk)
            else:
                self.blocks.append(Block(text, chars, min(chars, self.link_chars),
                                         self.el_tag[parent] if parent >= 0 else "body",
                                         parent, self.pending_line))
            self.pending_line = False
        self.link_chars = 0


cdef bint _escaped_markup(lxb_node *child) except -1:
    """blocks.escaped_markup: a <noscript> (first child `child`) of text and comments
    only, the first text starting like a tag."""
    cdef lxb_chardata *first = NULL
    while child != NULL:
        if child.type == 3:
            if first == NULL:
                first = <lxb_chardata *> child
        elif child.type == 1:
            return False
        child = child.next
    if first == NULL:
        return False
    if first.data.data == NULL:
        text = ""
    else:
        text = PyUnicode_DecodeUTF8(<char *> first.data.data, first.data.length, "replace")
    return escaped_match(text) is not None


cdef bint _all_ws(const unsigned char *s, Py_ssize_t n) noexcept:
    cdef Py_ssize_t i = 0, k
    cdef unsigned char kind
    cdef uint64_t word, ge9, ge14, ge28
    while n - i >= 8:
        # Eight bytes a step while all are ASCII whitespace (\t-\r, \x1c-\x1f, space: the
        # indentation between tags): ASCII, none above space, each at least \t and
        # none from \x0e to \x1b. (Each sum sets a byte's bit 7 from a bound on; no
        # carry crosses bytes below 0x21.)
        memcpy(&word, s + i, 8)
        if (word | (word + 0x5F5F5F5F5F5F5F5FULL)) & 0x8080808080808080ULL:
            break
        ge9 = word + 0x7777777777777777ULL
        ge14 = word + 0x7272727272727272ULL
        ge28 = word + 0x6464646464646464ULL
        if (~ge9 | (ge14 & ~ge28)) & 0x8080808080808080ULL:
            break
        i += 8
    while i < n:
        kind = BYTE_KIND[s[i]]
        if kind == K_SPACE:             # (the indentation between tags: no call a byte)
            i += 1
            continue
        if kind != K_HIGH:
            return False
        k = _ws(s, i, n)
        if not k:
            return False
        i += k
    return True


cdef Py_ssize_t _nonspace_chars(const unsigned char *s, Py_ssize_t n) noexcept:
    """len("".join(text.split())): characters that are not whitespace."""
    cdef Py_ssize_t i = 0, k, count = 0
    cdef unsigned char kind
    while i < n:
        kind = BYTE_KIND[s[i]]
        if kind == K_SPACE:
            i += 1
            continue
        if kind == K_HIGH:
            k = _ws(s, i, n)
            if k:
                i += k
                continue
            if (s[i] & 0xC0) != 0x80:
                count += 1
        else:
            count += 1
        i += 1
    return count


# The flags of a class/id key by its bytes, before any Python object is made for it
# (two attribute strings, the key, the memo's hash): hits on most elements of a page. A
# cache of the flags build's memo would give, kept across pages in C memory (no Python
# object: see build's memo), direct-mapped, 1,024 slots of 64 bytes; keys over KEY_MAX
# bytes take the memo's path every time.
cdef enum:
    KEY_SLOTS = 1024
    KEY_MAX = 59

cdef struct KeySlot:
    int flags
    unsigned char n             # 0: empty slot (an empty key has no flags to look up)
    unsigned char text[KEY_MAX]

cdef KeySlot KEY_CACHE[KEY_SLOTS]


cdef inline KeySlot *_key_slot(lxb_attr *cls, lxb_attr *ident, Py_ssize_t *n,
                               unsigned char *key) noexcept:
    """The slot for the key "class id" (as build's memo key, in UTF-8) written to key;
    NULL when the key is empty or too long (n: its length all the same)."""
    cdef uint64_t h
    n[0] = _key_length(cls, ident)
    if n[0] == 0 or n[0] > KEY_MAX:
        return NULL
    _key_bytes(cls, ident, key)
    h = _hash(key, n[0])
    return &KEY_CACHE[(h ^ (h >> 29)) & (KEY_SLOTS - 1)]


cdef inline Py_ssize_t _value_length(lxb_attr *a) noexcept:
    if a != NULL and a.value != NULL and a.value.data != NULL:
        return a.value.length
    return 0


cdef inline Py_ssize_t _key_length(lxb_attr *cls, lxb_attr *ident) noexcept:
    cdef Py_ssize_t nc = _value_length(cls), ni = _value_length(ident)
    return nc + ni + (1 if nc and ni else 0)


cdef inline void _key_bytes(lxb_attr *cls, lxb_attr *ident, unsigned char *key) noexcept:
    """The key "class id", "class" or "id" (whichever are not empty) written to key."""
    cdef Py_ssize_t nc = _value_length(cls), ni = _value_length(ident)
    if nc:
        memcpy(key, cls.value.data, nc)
    if ni:
        if nc:
            key[nc] = 32
            nc += 1
        memcpy(key + nc, ident.value.data, ni)


# Keys over KEY_MAX bytes, up to LONG_MAX, each in a buffer of its own (direct-mapped;
# ~110 bytes on average on WCXB pages, so ~30 KB in all).
cdef enum:
    LONG_SLOTS = 256
    LONG_MAX = 1024

cdef struct LongSlot:
    int flags
    Py_ssize_t n                # 0: empty slot
    Py_ssize_t cap
    unsigned char *text

cdef LongSlot LONG_CACHE[LONG_SLOTS]


cdef void _clear_key_caches() noexcept:
    """Empty the key caches (their flags were read with former word lists or bits)."""
    cdef Py_ssize_t k
    memset(KEY_CACHE, 0, sizeof(KEY_CACHE))
    for k in range(LONG_SLOTS):
        LONG_CACHE[k].n = 0


cdef int _python_flags(lxb_attr *cls, lxb_attr *ident, dict memo) except -100:
    """blocks._class_flags of the key as a str, through memo (keys _key_flags leaves to
    Python: not ASCII, or a hiding token)."""
    c = _attr_text(cls)
    i = _attr_text(ident)
    key = f"{c} {i}" if c and i else (c or i)
    if not key:
        return 0
    value = memo.get(key)
    if value is None:
        value = memo[key] = _class_flags(key)
    return value


cdef inline uint64_t _hash(const unsigned char *s, Py_ssize_t n) noexcept:
    """A hash of s for the caches' slots, eight bytes a step (FNV-1a, a byte a step,
    cost as much as the rest of a cache hit)."""
    cdef uint64_t h = 14695981039346656037ULL, word
    cdef Py_ssize_t i = 0
    while n - i >= 8:
        memcpy(&word, s + i, 8)
        h = (h ^ word) * 0x9E3779B97F4A7C15ULL
        h ^= h >> 32
        i += 8
    if i < n:
        word = 0
        memcpy(&word, s + i, n - i)
        h = (h ^ word ^ <uint64_t> n) * 0x9E3779B97F4A7C15ULL
        h ^= h >> 32
    return h


def build(object root, bint reveal=False, Py_ssize_t max_nodes=1_000_000):
    """blocks.build(root, reveal, max_nodes) for plain text."""
    out = Blocks()
    cdef _Walk w = _Walk()
    w.blocks = out.blocks
    w.el_tag = out.el_tag
    w.link_chars = 0
    w.in_pre = 0
    w.pending_line = False
    cdef list blocks = w.blocks
    # Flags of the class strings KEY_CACHE does not hold (over KEY_MAX bytes, or asked of
    # Python), for this walk only: kept across pages, its strings held obmalloc arenas
    # opened by later pages resident (see blocks._FLAGS_CACHE), and the C answer for a
    # long ASCII string costs about what hashing it for the memo does.
    cdef dict memo = {}
    cdef int in_link = 0, in_article = 0
    cdef Py_ssize_t budget = max_nodes, depth = 0, cap = 64, idx, n, k
    cdef Frame *stack = <Frame *> malloc(cap * sizeof(Frame))
    cdef Frame *grown
    cdef lxb_node *node = _node(root)
    cdef lxb_node *child
    cdef lxb_node *nxt
    cdef lxb_element *el
    cdef const unsigned char *data
    cdef uintptr_t tid
    cdef unsigned short cat
    cdef int flags
    if stack == NULL:
        raise MemoryError()
    try:
        while node != NULL:
            budget -= 1
            if budget == 0:
                out.truncated = True
                break
            if node.type == 3:                           # text
                data = (<lxb_chardata *> node).data.data
                n = (<lxb_chardata *> node).data.length
                if data != NULL and n and depth == 1 and not _all_ws(data, n) and (
                        leaked_markup(PyUnicode_DecodeUTF8(<char *> data, n, "replace"))):
                    pass                                 # a <noscript>'s markup from the head
                elif data != NULL and n and (w.blen or not _all_ws(data, n)):
                    w.add(data, n)
                    if in_link:
                        w.link_chars += _nonspace_chars(data, n)
            elif node.type == 1:                         # element
                tid = node.local_name
                cat = CAT[tid] if tid < NTAGS else 0
                if cat & C_BR:
                    if w.in_pre:
                        w.add(<const unsigned char *> b"\n", 1)
                    elif w.blen:
                        w.flush()
                        w.pending_line = True
                    else:
                        w.pending_line = False           # <br><br>: a paragraph break
                elif cat & C_BLOCK:
                    flags = 0
                    el = <lxb_element *> node
                    if el.first_attr != NULL:
                        flags = w.key_flags(el.attr_class, el.attr_id, memo)
                        if flags < 0 and reveal:
                            flags = SUSPECT | STRONG
                        if flags >= 0 and _names_main(el):
                            flags |= SEMANTIC
                    if flags >= 0:
                        if w.blen:
                            w.flush()
                        w.pending_line = False
                        if cat & C_SUSPECT:
                            if not (cat & C_HEADER) or not in_article:
                                flags |= SUSPECT
                        elif cat & C_ARTICLE:
                            flags |= SEMANTIC
                            in_article += 1
                        elif cat & C_PRE:
                            w.in_pre += 1
                        idx = w.open_el(TAG_NAMES[tid], flags)
                        child = node.first_child
                        if child != NULL:
                            if depth == cap:
                                cap *= 2
                                grown = <Frame *> realloc(stack, cap * sizeof(Frame))
                                if grown == NULL:
                                    raise MemoryError()
                                stack = grown
                            stack[depth].node = node
                            stack[depth].idx = idx
                            stack[depth].cat = cat
                            depth += 1
                            node = child
                            continue
                        w.nopen -= 1                     # an empty block element
                        if cat & C_PRE:
                            w.in_pre -= 1
                        elif cat & C_ARTICLE:
                            in_article -= 1
                elif not (cat & C_NEVER):                # inline
                    child = node.first_child
                    if child != NULL and cat & (C_A | C_SPAN):
                        if w.key_flags((<lxb_element *> node).attr_class, NULL, memo) < 0:
                            child = NULL
                    elif child != NULL and cat & C_NOSCRIPT and _escaped_markup(child):
                        child = NULL
                    if child != NULL:
                        if cat & C_A:
                            in_link += 1
                        if depth == cap:
                            cap *= 2
                            grown = <Frame *> realloc(stack, cap * sizeof(Frame))
                            if grown == NULL:
                                raise MemoryError()
                            stack = grown
                        stack[depth].node = node
                        stack[depth].idx = -1
                        stack[depth].cat = cat
                        depth += 1
                        node = child
                        continue
            # Next sibling, or climb, closing the elements we leave; never past root.
            if depth == 0:
                break
            nxt = node.next
            while nxt == NULL:
                depth -= 1
                node = stack[depth].node
                idx = stack[depth].idx
                cat = stack[depth].cat
                if idx >= 0:
                    if w.blen:
                        w.flush()
                    w.els[idx].end = len(blocks)
                    w.nopen -= 1
                    w.pending_line = False
                    if cat & C_PRE:
                        w.in_pre -= 1
                    elif cat & C_ARTICLE:
                        in_article -= 1
                elif cat & C_A:
                    in_link -= 1
                if depth == 0:
                    break
                nxt = node.next
            node = nxt
        if w.blen:
            w.flush()
        if out.truncated:                    # stopped early: close what is still open
            n = len(blocks)
            while depth > 0:
                depth -= 1
                if stack[depth].idx >= 0:
                    w.els[stack[depth].idx].end = n
            for k in range(w.nopen):
                w.els[w.opened[k]].end = n
    finally:
        free(stack)
    w.nblocks = len(blocks)
    w.columns(out)
    out.filler_hint = w.filler
    return out



# ---------------------------------------------------------------- class token keywords
# blocks._token_flags in C: the same answers as the lexicon's regexes (checked in tests),
# without four regex searches per new class token.



# _Automaton's two symbols beyond the bytes: the start and the end of the input.
cdef enum:
    AT_START = 256
    AT_END = 257


cdef class _Automaton:
    """Which of up to sixteen word lists have a word somewhere in a byte string: an
    Aho-Corasick automaton, one table step a byte. A word is UTF-8 text, or a tuple of
    byte values where AT_START and AT_END stand for the ends of the input (bounded(),
    not any() or mask(), reads them): (AT_START, *b"nav", AT_END) is the whole input.
    Bucketing the words by their first two bytes (as _Literals.prefix does) tested every
    word of a common pair ("ad", "co", "re") at each of its positions, and each list took
    its own pass: 2,600 instructions a new class token, ~160 new tokens a page. Bytes
    that are in no word share one column (class 0), so a table of 2,000 states of ~40
    columns stays ~160 KB."""
    cdef unsigned short cls[258]
    cdef Py_ssize_t ncls, nstates
    cdef unsigned short *next       # next[state * ncls + cls[symbol]]; state 0 is the root
    cdef unsigned short *out        # the lists with a word ending at the state (bit k: list k)

    def __cinit__(self, lists):
        cdef list encoded = [sorted({tuple(w.encode("utf-8")) if isinstance(w, str) else tuple(w)
                                     for w in words}) for words in lists]
        cdef Py_ssize_t total = 1, k, u, v, f, c, head = 0, tail = 1, state, count = 1
        cdef tuple word
        cdef unsigned short *queue
        cdef unsigned short *fail
        if len(encoded) > 16:
            raise ValueError("_Automaton takes sixteen lists at most")
        memset(self.cls, 0, sizeof(self.cls))
        self.ncls = 1
        for words in encoded:
            for word in words:
                if not word:
                    raise ValueError("_Automaton words are not empty")
                total += len(word)
                for c in word:
                    if not 0 <= c <= AT_END:
                        raise ValueError("_Automaton words are bytes")
                    if self.cls[c] == 0:
                        self.cls[c] = <unsigned short> self.ncls
                        self.ncls += 1
        if total > 65535:
            raise ValueError("too many words for _Automaton")
        self.next = <unsigned short *> calloc(total * self.ncls, sizeof(unsigned short))
        self.out = <unsigned short *> calloc(total, sizeof(unsigned short))
        queue = <unsigned short *> malloc(total * sizeof(unsigned short))
        fail = <unsigned short *> calloc(total, sizeof(unsigned short))
        if self.next == NULL or self.out == NULL or queue == NULL or fail == NULL:
            free(queue)
            free(fail)
            raise MemoryError()
        for k in range(len(encoded)):           # the trie: 0 is "no edge" while building
            for word in encoded[k]:
                state = 0
                for c in word:
                    u = state * self.ncls + self.cls[c]
                    if self.next[u] == 0:
                        self.next[u] = <unsigned short> count
                        count += 1
                    state = self.next[u]
                self.out[state] |= 1 << k
        self.nstates = count
        # Breadth first, so that a state's failure (its longest proper suffix that is a
        # state, shallower) has its row complete: a missing edge is the failure's edge,
        # a child's failure is the failure's child, a state reports what its failure does.
        queue[0] = 0
        while head < tail:
            u = queue[head]
            head += 1
            f = fail[u]
            for c in range(self.ncls):
                v = self.next[u * self.ncls + c]
                if v != 0:
                    fail[v] = 0 if u == 0 else self.next[f * self.ncls + c]
                    self.out[v] |= self.out[fail[v]]
                    queue[tail] = <unsigned short> v
                    tail += 1
                elif u != 0:
                    self.next[u * self.ncls + c] = self.next[f * self.ncls + c]
        free(fail)
        self._renumber(queue)
        free(queue)

    cdef int _renumber(self, const unsigned short *order) except -1:
        """Number the states in breadth-first order (`order`): the shallow states, where
        an input spends most of its steps, then share the table's first cache lines."""
        cdef Py_ssize_t k, c, n = self.nstates, m = self.ncls
        cdef unsigned short *rank = <unsigned short *> malloc(n * sizeof(unsigned short))
        cdef unsigned short *table = <unsigned short *> malloc(n * m * sizeof(unsigned short))
        cdef unsigned short *out = <unsigned short *> malloc(n * sizeof(unsigned short))
        if rank == NULL or table == NULL or out == NULL:
            free(rank)
            free(table)
            free(out)
            raise MemoryError()
        for k in range(n):
            rank[order[k]] = <unsigned short> k
        for k in range(n):
            out[k] = self.out[order[k]]
            for c in range(m):
                table[k * m + c] = rank[self.next[order[k] * m + c]]
        free(rank)
        free(self.next)
        free(self.out)
        self.next, self.out = table, out
        return 0

    def __dealloc__(self):
        free(self.next)
        free(self.out)

    cdef inline unsigned int bounded(self, const unsigned char *s, Py_ssize_t n) noexcept:
        """The lists with a word in AT_START + s[:n] + AT_END."""
        cdef Py_ssize_t i, ncls = self.ncls
        cdef Py_ssize_t state = self.next[self.cls[AT_START]]
        cdef const unsigned short *nxt = self.next
        cdef const unsigned short *cls = self.cls
        cdef unsigned int found = self.out[state]
        for i in range(n):
            state = nxt[state * ncls + cls[s[i]]]
            found |= self.out[state]
        state = nxt[state * ncls + cls[AT_END]]
        return found | self.out[state]

    cdef inline bint any(self, const unsigned char *s, Py_ssize_t n) noexcept:
        """A word of any list in s[:n]."""
        cdef Py_ssize_t i, state = 0, ncls = self.ncls
        cdef const unsigned short *nxt = self.next
        cdef const unsigned short *cls = self.cls
        for i in range(n):
            state = nxt[state * ncls + cls[s[i]]]
            if self.out[state]:
                return True
        return False


cdef class _Literals:
    """Does a byte string contain any of a fixed set of words (UTF-8, two bytes or more)?
    Words are bucketed by their first two bytes; each position of the input compares
    only the words starting with its two bytes (usually none)."""
    cdef bytes words            # all words, concatenated in first-two-bytes order
    cdef Py_ssize_t *offsets    # start of word k in words
    cdef Py_ssize_t *lengths
    cdef int *first             # words starting with bytes (a, b): first[a*256+b] <= k < first[a*256+b+1]
    # One bit per first two bytes that start a word: 8 KB, where first is 256 KB. Most
    # positions start no word, and the bit says so without touching first: the tables of
    # the nine word lists were cache misses at every byte of every class token.
    cdef unsigned char *starts
    cdef _Automaton ac          # anywhere(): the words found in one pass, no pair buckets

    def __cinit__(self, words):
        ordered = sorted({w.encode("utf-8") for w in words})
        if any(len(w) < 2 for w in ordered):
            raise ValueError("_Literals words need two bytes or more")
        self.ac = _Automaton([words])
        cdef Py_ssize_t k, b, pos = 0, n = len(ordered)
        cdef int *keys
        self.offsets = <Py_ssize_t *> malloc((n + 1) * sizeof(Py_ssize_t))
        self.lengths = <Py_ssize_t *> malloc((n + 1) * sizeof(Py_ssize_t))
        self.first = <int *> malloc((65536 + 1) * sizeof(int))
        self.starts = <unsigned char *> malloc(65536 // 8)
        keys = <int *> malloc((n + 1) * sizeof(int))
        if (self.offsets == NULL or self.lengths == NULL or self.first == NULL
                or self.starts == NULL or keys == NULL):
            free(keys)
            raise MemoryError()
        memset(self.starts, 0, 65536 // 8)
        self.words = b"".join(ordered)
        for k in range(n):
            self.offsets[k] = pos
            self.lengths[k] = len(ordered[k])
            pos += len(ordered[k])
            keys[k] = ordered[k][0] * 256 + ordered[k][1]
            self.starts[keys[k] >> 3] |= 1 << (keys[k] & 7)
        k = 0
        for b in range(65536 + 1):           # in C: this import-time loop ran 8 ms in Python
            while k < n and keys[k] < b:
                k += 1
            self.first[b] = k
        free(keys)

    def __dealloc__(self):
        free(self.offsets)
        free(self.lengths)
        free(self.first)
        free(self.starts)

    cdef inline Py_ssize_t _at(self, const unsigned char *s, Py_ssize_t room, bint exact) noexcept:
        """The length of a word at s (room bytes left), 0 if none; exact: the word must
        fill all of them."""
        cdef const unsigned char *w = self.words
        cdef int key = s[0] * 256 + s[1]
        cdef Py_ssize_t k, m, j
        if not (self.starts[key >> 3] >> (key & 7)) & 1:
            return 0
        for k in range(self.first[key], self.first[key + 1]):
            m = self.lengths[k]
            if m > room or (exact and m != room):
                continue
            j = 2
            while j < m and s[j] == w[self.offsets[k] + j]:
                j += 1
            if j == m:
                return m
        return 0

    def contains(self, str text):
        """Is one of the words in text? (A UTF-8 byte match is a character match.)"""
        cdef Py_ssize_t n
        cdef const unsigned char *s
        try:
            s = <const unsigned char *> PyUnicode_AsUTF8AndSize(text, &n)
        except UnicodeError:            # lone surrogates: no UTF-8 buffer
            raw = text.encode("utf-8", "surrogatepass")
            s, n = raw, len(raw)
        return self.anywhere(s, n)

    cdef bint anywhere(self, const unsigned char *s, Py_ssize_t n) noexcept:
        return self.ac.any(s, n)

    cdef bint prefix(self, const unsigned char *s, Py_ssize_t n) noexcept:
        """Does s start with one of the words?"""
        return n >= 2 and self._at(s, n, False)

    cdef bint whole(self, const unsigned char *s, Py_ssize_t n) noexcept:
        """Is s exactly one of the words?"""
        return n >= 2 and self._at(s, n, True)


cdef _Literals BOILER = None, SEGMENTS = None, STRONG_WORDS = None, CONTENT = None
cdef _Literals TAXONOMY = None, STATE_EDGE = None, STYLE = None, FRIENDS = None
cdef _Literals SLUG_LINKS = None
cdef int CONTENT_ATTR = 0


def literals(words):
    """A matcher for these words: .contains(text) is re.search of their alternation."""
    return _Literals(words)


def setup_tokens(boiler, segments, strong, content, hidden, taxonomy, int content_attr,
                 state_edge, style, friends, int slug_words, slug_links):
    """Word lists from lexicon.py (see blocks._token_flags for what each means)."""
    global BOILER, SEGMENTS, STRONG_WORDS, CONTENT, HIDDEN_WORDS, TAXONOMY, CONTENT_ATTR
    global STATE_EDGE, STYLE, FRIENDS, SLUG_WORDS, SLUG_LINKS, TOKEN_WORDS
    memset(TOKEN_CACHE, 0, sizeof(TOKEN_CACHE))     # flags read with the former lists
    _clear_key_caches()
    SLUG_WORDS, SLUG_LINKS = slug_words, _Literals(slug_links)
    FRIENDS = _Literals(friends)
    BOILER, SEGMENTS = _Literals(boiler), _Literals(segments)
    STRONG_WORDS, CONTENT = _Literals(strong), _Literals(content)
    HIDDEN_WORDS, TAXONOMY, CONTENT_ATTR = _Literals(hidden), _Literals(taxonomy), content_attr
    STATE_EDGE, STYLE = _Literals(state_edge), _Literals(style)
    TOKEN_WORDS = _token_words(friends, boiler, strong, content, segments, style,
                               state_edge, hidden, taxonomy, slug_links)


# TOKEN_WORDS' lists, by bit.
cdef enum:
    W_FRIENDS = 1       # FALSE_FRIENDS anywhere
    W_BOILER = 2        # BOILERPLATE_SUBSTRINGS anywhere
    W_STRONG = 4        # STRONG_BOILERPLATE_WORDS anywhere
    W_CONTENT = 8       # CONTENT_ATTR_WORDS anywhere
    W_SEGMENT = 16      # a '-'/'_'-separated segment is a BOILERPLATE_SEGMENTS word
    W_NEUTRAL = 32      # a segment is a STYLE word, or the first or last a STATE_EDGE one
    W_HIDDEN = 64       # the token is a HIDDEN_CLASS_SET word
    W_TAXONOMY = 128    # the token starts with a TAXONOMY_PREFIXES word
    W_SLUG = 256        # a '-'-separated segment is a SLUG_LINK_WORDS word


def _token_words(friends, boiler, strong, content, segments, style, state_edge, hidden,
                 taxonomy, slug_links):
    """The automaton of every list _token_flags asks, each at its place in the token."""
    ends, seps = (AT_START, 45, 95), (45, 95, AT_END)

    def of(words):
        return [tuple(w.encode("utf-8")) for w in words]

    def segment(words, before=ends, after=seps):
        return [(a, *w, z) for w in of(words) for a in before for z in after]

    return _Automaton([
        of(friends), of(boiler), of(strong), of(content), segment(segments),
        segment(style) + segment(state_edge, (AT_START,)) + segment(state_edge, ends,
                                                                    (AT_END,)),
        [(AT_START, *w, AT_END) for w in of(hidden)],
        [(AT_START, *w) for w in of(taxonomy)],
        segment(slug_links, (AT_START, 45), (45, AT_END))])


cdef _Automaton TOKEN_WORDS = None


cdef _Literals HIDDEN_WORDS = None


cdef int SLUG_WORDS = 5


cdef bint _heading_slug(const unsigned char *s, Py_ssize_t n, unsigned int found) noexcept:
    """Is the token a heading's slug (see lexicon.HEADING_SLUG_WORDS)? found: its
    TOKEN_WORDS lists (no segment may be a boilerplate one, one must be a linking word)."""
    cdef Py_ssize_t i, words = 1
    cdef unsigned char c, before = 45
    if n < 2 * SLUG_WORDS - 1 or found & W_SEGMENT or not found & W_SLUG:
        return False
    for i in range(n):
        c = s[i]
        if c == 45:
            if before == 45:
                return False            # an empty word
            words += 1
        elif c < 97 or c > 122:
            return False
        before = c
    return before != 45 and words >= SLUG_WORDS


cdef bint _segment_of(_Literals words, const unsigned char *b, Py_ssize_t n) noexcept:
    """A whole '-'/'_'-separated segment of b is one of the words: "ad", "nav"."""
    cdef Py_ssize_t i, start = 0
    for i in range(n + 1):
        if i == n or b[i] == 45 or b[i] == 95:
            if words.whole(b + start, i - start):
                return True
            start = i + 1
    return False


cdef int _token_flags(const unsigned char *s, Py_ssize_t n) noexcept:
    """Flags of one lower-cased ASCII/UTF-8 token; -2: a hiding token (the caller
    defers to Python, which knows the "shown again" exceptions)."""
    cdef unsigned int found = TOKEN_WORDS.bounded(s, n)    # every list, one pass
    cdef int flags = 0
    if found & W_HIDDEN:
        return -2
    if found & (W_TAXONOMY | W_NEUTRAL) or _heading_slug(s, n, found):
        return 0
    if found & W_FRIENDS and n <= 256:
        return _blanked_flags(s, n)
    if found & (W_BOILER | W_SEGMENT):
        flags = SUSPECT | STRONG if found & W_STRONG else SUSPECT
    if found & W_CONTENT:
        flags |= CONTENT_ATTR
    return flags


cdef int _blanked_flags(const unsigned char *s, Py_ssize_t n) noexcept:
    """_token_flags' last step for a token holding a false friend ("dable" in
    "readable"): the friends are blanked, and the boilerplate lists read what is left."""
    cdef Py_ssize_t i = 0, m
    cdef int flags = 0
    cdef unsigned char b[256]
    memcpy(b, s, n)
    while i < n - 1:
        m = FRIENDS._at(b + i, n - i, False)
        if m:
            memset(b + i, 45, m)
            i += m
        else:
            i += 1
    if BOILER.anywhere(b, n) or _segment_of(SEGMENTS, b, n):
        flags = SUSPECT | STRONG if STRONG_WORDS.anywhere(b, n) else SUSPECT
    if CONTENT.anywhere(s, n):
        flags |= CONTENT_ATTR
    return flags


# Flags of each class token, kept across pages: the class-string memo misses on every new
# combination ("btn btn-primary", "btn btn-lg"), yet its tokens recur, and matching them
# against the word lists was a third of the walk. Direct-mapped, 2,048 slots of 36 bytes
# (tokens up to 30 bytes; longer ones are matched every time).
cdef enum:
    TOKEN_SLOTS = 2048
    TOKEN_MAX = 30

cdef struct TokenSlot:
    int flags
    unsigned char n             # 0: empty slot (a token has a byte or more)
    unsigned char text[TOKEN_MAX + 1]

cdef TokenSlot TOKEN_CACHE[TOKEN_SLOTS]


cdef inline int _token_flags_cached(const unsigned char *s, Py_ssize_t n) noexcept:
    cdef uint64_t h
    cdef TokenSlot *slot
    if n > TOKEN_MAX:
        return _token_flags(s, n)
    h = _hash(s, n)
    slot = &TOKEN_CACHE[(h ^ (h >> 29)) & (TOKEN_SLOTS - 1)]
    if slot.n == n and memcmp(slot.text, s, n) == 0:
        return slot.flags
    slot.flags = _token_flags(s, n)
    slot.n = <unsigned char> n
    memcpy(slot.text, s, n)
    return slot.flags


def token_flags(str token):
    """blocks._token_flags(token) for a lower-cased class token."""
    cdef Py_ssize_t n
    cdef const unsigned char *s
    try:
        s = <const unsigned char *> PyUnicode_AsUTF8AndSize(token, &n)
    except UnicodeError:                # lone surrogates: no UTF-8 buffer
        raw = token.encode("utf-8", "surrogatepass")
        s, n = raw, len(raw)
    cdef int flags = _token_flags(s, n)
    return -1 if flags == -2 else flags


cdef inline bint _blank(lxb_chardata *t) noexcept:
    """A text node of spaces, tabs and line breaks only: no text for following()."""
    cdef Py_ssize_t i
    for i in range(<Py_ssize_t> t.data.length):
        if t.data.data[i] not in b" \t\n\r\x0c":
            return False
    return True


def class_flags(str key):
    """blocks._class_flags(key), in C (see _class_flags)."""
    return _class_flags(key)


cdef object _class_flags(str key):
    """blocks._class_flags(key) without Python objects per token for ASCII strings; a
    non-ASCII string, or one with a hiding token, goes to the Python function."""
    cdef Py_ssize_t size
    cdef const unsigned char *raw
    cdef unsigned char small[256]
    cdef unsigned char *low
    cdef int hit
    if not key.isascii():
        return class_flags_py(key)
    raw = <const unsigned char *> PyUnicode_AsUTF8AndSize(key, &size)
    low = &small[0] if size <= 256 else <unsigned char *> malloc(size)
    if low == NULL:
        raise MemoryError()
    hit = _key_flags(raw, size, low)
    if low != &small[0]:
        free(low)
    return class_flags_py(key) if hit == ASK_PYTHON else hit


cdef enum:
    ASK_PYTHON = -3     # _key_flags: not ASCII, or a hiding token (see "shown again")


cdef int _key_flags(const unsigned char *raw, Py_ssize_t size, unsigned char *low) noexcept:
    """_class_flags of a class + id key by its UTF-8 bytes (low: room for them), or
    ASK_PYTHON. On the walk's cache misses no Python string, key or memo entry is made."""
    cdef Py_ssize_t i = 0, start
    cdef int hit = 0, t
    cdef unsigned char c
    cdef uint64_t word, upper
    while size - i >= 8:                # eight bytes a step: ASCII, then A-Z += 32
        memcpy(&word, raw + i, 8)
        if word & 0x8080808080808080ULL:
            return ASK_PYTHON
        # (a byte's bit 7 set: >= 'A' by the first sum, > 'Z' by the second; no carry
        # crosses bytes below 0x80)
        upper = ((word + 0x3F3F3F3F3F3F3F3FULL) & ~(word + 0x2525252525252525ULL)
                 & 0x8080808080808080ULL)
        word |= upper >> 2
        memcpy(low + i, &word, 8)
        i += 8
    while i < size:
        c = raw[i]
        if c >= 0x80:
            return ASK_PYTHON
        low[i] = c + 32 if 65 <= c <= 90 else c
        i += 1
    i = 0
    while i < size:
        while i < size and BYTE_KIND[low[i]] == K_SPACE:
            i += 1
        start = i
        while i < size and BYTE_KIND[low[i]] != K_SPACE:
            i += 1
        if i > start:
            t = _token_flags_cached(low + start, i - start)
            if t == -2:
                return ASK_PYTHON
            hit |= t
    return hit


# ---------------------------------------------------------------- prune.py in C

cdef inline Py_ssize_t _code_points(const unsigned char *data, Py_ssize_t n) noexcept:
    """Bytes that do not continue a UTF-8 character (10xxxxxx), eight at a time: a byte
    with bit 7 set and bit 6 clear is one, the shift brings bit 6 under bit 7."""
    cdef Py_ssize_t i = 0, total = n
    cdef uint64_t word
    while i + 8 <= n:
        memcpy(&word, data + i, 8)
        if word & 0x8080808080808080ULL:
            word = (word & ~(word << 1) & 0x8080808080808080ULL) >> 7
            total -= <Py_ssize_t> ((word * 0x0101010101010101ULL) >> 56)
        i += 8
    while i < n:
        if (data[i] & 0xC0) == 0x80:
            total -= 1
        i += 1
    return total


cdef Py_ssize_t _text_len(lxb_node *root) noexcept:
    """len(node.text(deep=True)) for an element: code points of the text nodes below it
    (Lexbor holds valid UTF-8: every byte that does not continue a character starts one)."""
    cdef Py_ssize_t total = 0
    cdef const unsigned char *data
    cdef lxb_node *node = root.first_child
    while node != NULL:
        if node.type == 3:
            data = (<lxb_chardata *> node).data.data
            if data != NULL:
                total += _code_points(data, (<lxb_chardata *> node).data.length)
        if node.first_child != NULL:
            node = node.first_child
            continue
        node = _after(node, root)
    return total


# ---------------------------------------------------------------- prune.py in C
# One walk of the body finds script/style and the chrome candidates that prune.py's Lexbor
# query and _is_chrome() would find; nodes are unlinked with Lexbor's own
# lxb_dom_node_remove (looked up in selectolax's library: the extension does not link
# against it). Unlinked nodes stay in the document's memory until the tree is freed.

cdef extern from "dlfcn.h":
    void *dlopen(const char *filename, int flag)
    void *dlsym(void *handle, const char *symbol)
    int RTLD_NOW
    int RTLD_NOLOAD

ctypedef void (*node_remove_f)(lxb_node *node)
cdef node_remove_f _node_remove = NULL
cdef uintptr_t T_SCRIPT = 0, T_STYLE = 0, T_NAV = 0, T_HEADER = 0, T_FOOTER = 0, T_ASIDE = 0
cdef uintptr_t T_A = 0
cdef uintptr_t T_ARTICLE = 0, T_MAIN = 0, A_STYLE = 0
cdef frozenset BOILERPLATE_ROLES = frozenset()
cdef double CHROME_SHARE = 0.4
cdef frozenset PANEL_ROLES = frozenset()
cdef _Literals BOILERPLATE_ROLE_WORDS = None, PANEL_ROLE_WORDS = None
cdef _Automaton PANEL_WORDS = None


def setup_prune(bytes library, dict tags, object probe_element, roles, double share,
                panel_roles, panel_words):
    """Find lxb_dom_node_remove in selectolax's library; tag ids by name; the static
    attribute id of style read off probe_element (<div hidden style=x>; hidden, like
    role and aria-hidden, is a named attribute in Lexbor). panel_roles, panel_words:
    lexicon.PANEL_ROLES, PANEL_WORDS (lower-case ASCII; prune.is_panel).
    None when ready, else why not (prune.py then keeps its Python loop)."""
    global _node_remove, T_SCRIPT, T_STYLE, T_NAV, T_HEADER, T_FOOTER, T_ASIDE, T_ARTICLE
    global T_MAIN, A_STYLE, BOILERPLATE_ROLES, CHROME_SHARE, PANEL_ROLES, PANEL_WORDS, T_A
    global BOILERPLATE_ROLE_WORDS, PANEL_ROLE_WORDS
    for word in panel_words:
        if not word.isascii() or word != word.lower():
            return "a panel word is not lower-case ASCII"
    cdef void *handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD)
    if handle == NULL:
        return "selectolax's library is not loaded"
    cdef void *sym = dlsym(handle, b"lxb_dom_node_remove")
    if sym == NULL:
        return "no lxb_dom_node_remove in selectolax's library"
    cdef lxb_element *el = <lxb_element *> _node(probe_element)
    if el.first_attr == NULL or el.first_attr.next == NULL:
        return "the probe element has no attributes"
    A_STYLE = el.first_attr.next.node.local_name
    if A_STYLE >= 65536:
        return "style is not a static attribute id"
    if not _name_is(el.first_attr, b"hidden", 6):
        return "hidden is not a named attribute"
    T_SCRIPT, T_STYLE = tags["script"], tags["style"]
    T_NAV, T_HEADER, T_FOOTER, T_ASIDE = tags["nav"], tags["header"], tags["footer"], tags["aside"]
    T_ARTICLE, T_MAIN, T_A = tags["article"], tags["main"], tags["a"]
    BOILERPLATE_ROLES = frozenset(roles)
    try:
        BOILERPLATE_ROLE_WORDS, PANEL_ROLE_WORDS = _Literals(roles), _Literals(panel_roles)
    except ValueError:
        return "a role of one byte"
    CHROME_SHARE = share
    PANEL_ROLES = frozenset(panel_roles)
    PANEL_WORDS = _Automaton([list(panel_words)])
    _node_remove = <node_remove_f> sym
    return None


cdef inline bint _name_is(lxb_attr *a, const char *name, Py_ssize_t n) noexcept:
    cdef lxb_hash_entry *entry
    if a.node.local_name < 65536:
        return False
    entry = <lxb_hash_entry *> a.node.local_name
    return <Py_ssize_t> entry.length == n and memcmp(entry.short_str, name, n) == 0


cdef bint _find_ci(const unsigned char *s, Py_ssize_t n, Py_ssize_t *pos, const char *word,
                   Py_ssize_t m) noexcept:
    """Find the lower-case ASCII word in s from pos on, ignoring ASCII case; pos is set
    just after it."""
    cdef Py_ssize_t i
    for i in range(pos[0], n - m + 1):
        if _eq_ci(s + i, word, m):
            pos[0] = i + m
            return True
    return False


cdef inline bint _eq_ci(const unsigned char *s, const char *word, Py_ssize_t m) noexcept:
    """s starts with the lower-case ASCII word, ignoring ASCII case (m bytes available)."""
    cdef Py_ssize_t j
    cdef unsigned char c
    for j in range(m):
        c = s[j]
        if 65 <= c <= 90:
            c += 32
        if c != <unsigned char> word[j]:
            return False
    return True


cdef bint _style_hides(const unsigned char *s, Py_ssize_t n, const char *prop, Py_ssize_t pm,
                       const char *value, Py_ssize_t vm) noexcept:
    """HIDDEN_STYLE_RE's "prop\\s*:\\s*value", ignoring ASCII case."""
    cdef Py_ssize_t pos = 0, i, k
    while _find_ci(s, n, &pos, prop, pm):
        i = pos
        while i < n and (k := _ws(s, i, n)):
            i += k
        if i >= n or s[i] != 58:            # ':'
            continue
        i += 1
        while i < n and (k := _ws(s, i, n)):
            i += k
        if n - i >= vm and _eq_ci(s + i, value, vm):
            return True
    return False


cdef inline bint _has(const unsigned char *s, Py_ssize_t n, const char *word, Py_ssize_t m) noexcept:
    """Case-sensitive substring, as Lexbor's [attr*=word]."""
    cdef Py_ssize_t i
    for i in range(n - m + 1):
        if memcmp(s + i, word, m) == 0:
            return True
    return False


cdef bint _is_chrome(lxb_node *node, bint keep_hidden):
    """prune._is_chrome for an element that matched prune's Lexbor query."""
    cdef uintptr_t tid = node.local_name
    cdef lxb_attr *a
    cdef lxb_attr *role = NULL
    cdef lxb_str *v
    cdef bint hidden = False
    if tid == T_NAV or tid == T_HEADER or tid == T_FOOTER or tid == T_ASIDE:
        return True
    a = (<lxb_element *> node).first_attr
    while a != NULL:
        v = a.value
        if a.node.local_name == A_STYLE:
            # [style*=none] / [style*=hidden] (case-sensitive), then HIDDEN_STYLE_RE.
            if v != NULL and v.data != NULL and (
                    _has(v.data, v.length, b"none", 4) or _has(v.data, v.length, b"hidden", 6)):
                if (_style_hides(v.data, v.length, b"display", 7, b"none", 4)
                        or _style_hides(v.data, v.length, b"visibility", 10, b"hidden", 6)):
                    hidden = True
        elif _name_is(a, b"hidden", 6):
            hidden = True
        elif _name_is(a, b"aria-hidden", 11):
            # (not on a link: a second link to the same place, shown, kept from screen
            # readers so that they do not announce it twice; prune._is_chrome)
            if (v != NULL and v.data != NULL and v.length == 4 and memcmp(v.data, b"true", 4) == 0
                    and tid != T_A):
                hidden = True
        elif _name_is(a, b"role", 4):
            if role == NULL:
                role = a                    # the first role attribute, as attrs.get()
            if v != NULL and v.data != NULL and v.length:
                if _lower_in(a, BOILERPLATE_ROLE_WORDS, BOILERPLATE_ROLES):
                    return True
        a = a.next
    if not hidden or keep_hidden:
        return False
    # Hidden: chrome, unless a collapsed tab, accordion or FAQ panel (prune.is_panel).
    if role != NULL and role.value != NULL and role.value.data != NULL and role.value.length:
        if _lower_in(role, PANEL_ROLE_WORDS, PANEL_ROLES):
            return False
    return not (_panel_word((<lxb_element *> node).attr_class)
                or _panel_word((<lxb_element *> node).attr_id))


cdef bint _lower_in(lxb_attr *a, _Literals words, frozenset names) except -1:
    """_attr_text(a).lower() in names (words: the same names, matched as bytes): an ASCII
    value is lower-cased and matched without a Python string."""
    cdef unsigned char low[64]
    cdef Py_ssize_t k, n = a.value.length
    cdef unsigned char c
    if n > 64:
        return _attr_text(a).lower() in names
    for k in range(n):
        c = a.value.data[k]
        if c >= 0x80:
            return _attr_text(a).lower() in names
        low[k] = c + 32 if 65 <= c <= 90 else c
    return words.whole(low, n)


cdef bint _panel_word(lxb_attr *a) except -1:
    """A PANEL_WORDS word anywhere in the attribute's value, ignoring ASCII case: one pass
    of their automaton over the value lower-cased (a search a word cost ~1,900
    instructions a hidden element)."""
    cdef Py_ssize_t k, n
    cdef unsigned char small[256]
    cdef unsigned char *low = small
    cdef unsigned char c
    cdef bint found
    if a == NULL or a.value == NULL or a.value.data == NULL:
        return False
    n = a.value.length
    if n > 256:
        low = <unsigned char *> malloc(n)
        if low == NULL:
            raise MemoryError()
    for k in range(n):
        c = a.value.data[k]
        low[k] = c + 32 if 65 <= c <= 90 else c
    found = PANEL_WORDS.any(low, n)
    if low != small:
        free(low)
    return found


def prune_body(object body):
    """prune.prune(tree, body) for the body: unlink script/style, then the chrome that holds
    at most CHROME_SHARE of the body's text (see prune.py)."""
    strip, chrome, _first, _hidden, text, sizes, outer = prune_scan(body, 0, False)
    return prune_apply(body, strip, chrome, text, sizes, outer)


cdef struct Open:
    lxb_node *node               # an element whose subtree the scan is in:
    Py_ssize_t k                 # a chrome candidate (its index in chrome), else -1
    Py_ssize_t text              # the text counted before it
    bint sectioning              # an <article> or <main>


def prune_scan(object body, uintptr_t find_id, bint keep_hidden=False):
    """prune_body's walk, removing nothing yet: (script/style to strip, chrome candidates,
    the address of the first element with tag id find_id or 0, whether a candidate is
    chrome only for being hidden, the body's text length without script/style as
    _text_len will find it once they are gone, per candidate its own text length so
    measured or -1 when it is never removed (the body; a <header> in an <article> or
    <main>: the story's own), per candidate the index of the nearest candidate around it
    or -1). keep_hidden: hidden elements are not chrome (prune.prune's keep_hidden).
    The walk visits every node of the body, so it finds metadata's first <h1> for free
    (a walk of its own costs ~50 us a page, memory-bound) while the tree is still whole,
    and prune_apply need not walk anything again: walking each candidate's subtree for
    its length and its ancestors for a removed one was 1.6% of clean()'s time."""
    cdef lxb_node *root = _node(body)
    cdef lxb_node *node = root.first_child
    cdef list strip = [], chrome = [], sizes = [], outer = []
    cdef uintptr_t first = 0
    cdef bint hidden = False, candidate, sectioning
    cdef Py_ssize_t text = 0, depth = 0, cap = 16, inner = -1, articles = 0
    cdef const unsigned char *data
    cdef Open *open_ = <Open *> malloc(cap * sizeof(Open))
    cdef Open *grown
    if open_ == NULL:
        raise MemoryError()
    if _node_remove == NULL:
        free(open_)
        raise RuntimeError("setup_prune() did not succeed")
    try:
        if root.type == 1 and _is_chrome(root, keep_hidden):
            chrome.append(<uintptr_t> root)
            sizes.append(-1)                # (the body itself is never unlinked)
            outer.append(-1)
        while node != NULL:
            if node.type == 1:
                if node.local_name == T_SCRIPT or node.local_name == T_STYLE:
                    strip.append(<uintptr_t> node)
                else:
                    if first == 0 and node.local_name == find_id:
                        first = <uintptr_t> node
                    candidate = _is_chrome(node, keep_hidden)
                    sectioning = node.local_name == T_ARTICLE or node.local_name == T_MAIN
                    if candidate or sectioning:
                        if depth == cap:
                            cap *= 2
                            grown = <Open *> realloc(open_, cap * sizeof(Open))
                            if grown == NULL:
                                raise MemoryError()
                            open_ = grown
                        open_[depth].node = node
                        open_[depth].k = -1
                        open_[depth].text = text
                        open_[depth].sectioning = sectioning
                        depth += 1
                        if sectioning:
                            articles += 1
                    if candidate:
                        if not hidden and not _is_chrome(node, True):
                            hidden = True       # chrome only for being hidden
                        open_[depth - 1].k = len(chrome)
                        chrome.append(<uintptr_t> node)
                        # an article's own header (headline, dek, byline) stays
                        sizes.append(-1 if node.local_name == T_HEADER and articles else 0)
                        outer.append(inner)
                        inner = len(chrome) - 1
                    if node.first_child != NULL:
                        node = node.first_child
                        continue
            elif node.type == 3:
                data = (<lxb_chardata *> node).data.data
                if data != NULL:
                    text += _code_points(data, (<lxb_chardata *> node).data.length)
            # node's subtree is done, and so is each ancestor's that it ends: climb to the
            # next node in document order, closing the elements left.
            while True:
                if depth and open_[depth - 1].node == node:
                    depth -= 1
                    if open_[depth].k >= 0:
                        inner = outer[open_[depth].k]
                        if sizes[open_[depth].k] == 0:
                            sizes[open_[depth].k] = text - open_[depth].text
                    if open_[depth].sectioning:
                        articles -= 1
                if node.next != NULL:
                    node = node.next
                    break
                node = node.parent
                if node == root or node == NULL:
                    node = NULL
                    break
    finally:
        free(open_)
    return strip, chrome, first, hidden, text, sizes, outer


def point(object into, uintptr_t address):
    """Point `into` (a LexborNode wrapper of the same tree that nothing else holds, e.g. a
    fresh tree.body) at the node at `address` (from prune_scan, same tree, still linked)."""
    (<py_lexbor_node *> <void *> into).node = <lxb_node *> address


def prune_apply(object body, list strip, list chrome, Py_ssize_t text=-1, list sizes=None,
                list outer=None):
    """The second half of prune_body: unlink what prune_scan found. text: the body's text
    length from prune_scan (-1: measure it here); sizes and outer: the candidates' from
    prune_scan (None: measure each and look up its ancestors here). A candidate's
    subtree is the same at both times but for script/style (stripped first, never
    counted): whatever went before it went as a candidate earlier in document order, so
    not inside it."""
    cdef lxb_node *root = _node(body)
    cdef lxb_node *p
    cdef lxb_node *parent
    cdef Py_ssize_t k, r, j, count = 0, n = len(chrome)
    cdef double limit
    cdef bint inside, header
    cdef lxb_node **removed
    cdef unsigned char *gone
    for k in range(len(strip)):
        _node_remove(<lxb_node *> <uintptr_t> strip[k])
    if not chrome:
        return 0
    limit = CHROME_SHARE * (text if text >= 0 else _text_len(root))
    removed = <lxb_node **> malloc((n + 1) * sizeof(lxb_node *))
    gone = <unsigned char *> calloc(n + 1, 1)
    if removed == NULL or gone == NULL:
        free(removed)
        free(gone)
        raise MemoryError()
    try:
        if sizes is not None and outer is not None:
            for k in range(n):
                if <Py_ssize_t> sizes[k] < 0:
                    continue                # the body, an article's own header
                j = outer[k]
                while j >= 0 and not gone[j]:
                    j = outer[j]
                if j < 0 and <Py_ssize_t> sizes[k] <= limit:     # (not inside a removed one)
                    gone[k] = 1
                    removed[count] = <lxb_node *> <uintptr_t> chrome[k]
                    count += 1
        else:
            for k in range(n):
                p = <lxb_node *> <uintptr_t> chrome[k]
                header = p.local_name == T_HEADER
                inside = False
                parent = p.parent
                while parent != NULL and not inside:
                    for r in range(count):
                        if removed[r] == parent:
                            inside = True
                            break
                    if header and (parent.local_name == T_ARTICLE
                                   or parent.local_name == T_MAIN):
                        inside = True
                    parent = parent.parent
                if inside or p == root:         # the body itself is never unlinked
                    continue
                if _text_len(p) <= limit:
                    removed[count] = p
                    count += 1
        for r in range(count):
            _node_remove(removed[r])
    finally:
        free(removed)
        free(gone)
    return count


# ---------------------------------------------------------------- metadata's lookups (cleaner/metadata/head.py, body.py)
# A Lexbor CSS query costs ~25 ns a node (70 us for css_first("h1") on a WCXB page); these
# walks cost a few ns a node.

def first_tag(object into, object root, uintptr_t tag_id):
    """root.css_first(tag) without the selector engine: point `into` (a LexborNode of the
    same tree that nothing else holds, e.g. a fresh tree.body) at the first element below
    root, in document order, whose tag id is tag_id. False (and `into` unchanged) if none."""
    cdef lxb_node *top = _node(root)
    cdef lxb_node *node = top.first_child
    while node != NULL:
        if node.type == 1:
            if node.local_name == tag_id:
                (<py_lexbor_node *> <void *> into).node = node
                return True
            if node.first_child != NULL:
                node = node.first_child
                continue
        node = _after(node, top)
    return False


def find_rare(bytes data, bytes needle, Py_ssize_t anchor, Py_ssize_t start=0,
              bint folded=False):
    """data.find(needle, start), for a needle whose byte at `anchor` is rare in HTML ('+'
    in "ld+json"): memchr to each such byte (tens of GB/s), then one compare. bytes.find
    runs at 3-5 GB/s on a 7-byte needle. folded: data.lower().find(needle, start) for a
    lower-case needle whose anchor byte is no letter (the ':' of "og:type"), A-Z folded
    as the bytes are compared, without the lowered copy of the page (a tenth of a
    millisecond a page)."""
    cdef const unsigned char *s = data
    cdef const unsigned char *p = needle
    cdef const unsigned char *hit
    cdef Py_ssize_t n = len(data), m = len(needle), i, j
    if folded and (not 0 <= anchor < m or 65 <= p[anchor] <= 90 or 97 <= p[anchor] <= 122):
        raise ValueError("find_rare(folded=True): the anchor is a byte of the needle that "
                         "is no letter")
    if m == 0 or not 0 <= anchor < m:
        return data.find(needle, start)
    if start < 0:
        start = max(0, n + start)
    i = start + anchor
    while i < n:
        hit = <const unsigned char *> memchr(s + i, p[anchor], n - i)
        if hit == NULL:
            return -1
        i = hit - s
        if i - anchor + m <= n:
            if not folded:
                if memcmp(s + i - anchor, p, m) == 0:
                    return i - anchor
            else:
                j = 0
                while j < m and (s[i - anchor + j] | 32 if 65 <= s[i - anchor + j] <= 90
                                 else s[i - anchor + j]) == p[j]:
                    j += 1
                if j == m:
                    return i - anchor
        i += 1
    return -1


cdef unsigned char FOLLOW_SKIP[NTAGS]     # metadata._SKIP by tag id
cdef uintptr_t T_BODY = 0, T_HTML = 0, T_TIME = 0
cdef uintptr_t FOLLOW_ATTRS[5]            # itemprop, class, rel, content, datetime
cdef list FOLLOW_NAMES = []


def setup_following(skip_ids, uintptr_t body_id, uintptr_t html_id, uintptr_t time_id,
                    object probe_element, names):
    """For following(): the tag ids it does not enter, and the ids of the attributes it
    reads, off probe_element (which has exactly `names`, in order). False if unusable."""
    global T_BODY, T_HTML, T_TIME, FOLLOW_NAMES
    cdef lxb_attr *a = (<lxb_element *> _node(probe_element)).first_attr
    cdef Py_ssize_t k = 0
    for k in range(NTAGS):
        FOLLOW_SKIP[k] = 0
    for tid in skip_ids:
        if not 0 <= tid < NTAGS:
            return False
        FOLLOW_SKIP[tid] = 1
    k = 0
    while a != NULL and k < 5:
        FOLLOW_ATTRS[k] = a.node.local_name
        k += 1
        a = a.next
    if k != 5 or len(names) != 5:
        return False
    FOLLOW_NAMES = [n.encode() for n in names]
    T_BODY, T_HTML, T_TIME = body_id, html_id, time_id
    return True


cdef inline bint _attr_is(lxb_attr *a, Py_ssize_t k):
    cdef bytes name
    if FOLLOW_ATTRS[k] < 65536:                   # a static id: the same in every document
        return a.node.local_name == FOLLOW_ATTRS[k]
    name = FOLLOW_NAMES[k]                        # a name in the document's own hash
    return _name_is(a, name, len(name))


def following(object start, Py_ssize_t limit):
    """metadata._following(start, limit) and what _near_headline reads of each node, in one
    walk: per node in document order (at most `limit` nodes, not entering _SKIP elements,
    never climbing past <body> or <html>), a str for a text node that is not all ASCII
    whitespace; for an element outside _SKIP with attributes, (is <time>, itemprop, class,
    rel, content, datetime, address); nothing for other nodes. (The dateline's walk, which
    reads marks instead of tuples, is _meta.following_marks.)"""
    cdef lxb_node *node = _node(start)
    cdef lxb_chardata *t
    cdef lxb_attr *a
    cdef Py_ssize_t n = 0, k
    cdef list out = [], vals
    cdef uintptr_t tid
    while node != NULL and n < limit:
        n += 1
        tid = node.local_name
        if node.type == 3:
            t = <lxb_chardata *> node
            if not _blank(t):
                out.append(PyUnicode_DecodeUTF8(<char *> t.data.data, t.data.length,
                                                "replace"))
        elif node.type == 1 and not (tid < NTAGS and FOLLOW_SKIP[tid]):
            a = (<lxb_element *> node).first_attr
            if a != NULL:
                vals = [None, None, None, None, None]
                while a != NULL:
                    for k in range(5):
                        if vals[k] is None and _attr_is(a, k):
                            vals[k] = _attr_text(a)
                            break
                    a = a.next
                out.append((tid == T_TIME, vals[0], vals[1], vals[2], vals[3], vals[4],
                            <uintptr_t> node))
        if node.first_child != NULL and not (node.type == 1 and tid < NTAGS
                                             and FOLLOW_SKIP[tid]):
            node = node.first_child
            continue
        node = after_in_page(node, T_BODY, T_HTML)
    return out


def count_byte(bytearray buf, Py_ssize_t n, int byte):
    """buf.count(bytes([byte]), 0, n) by memchr: spans.py counts the newlines of a JSONL
    file, whose lines are long (a page each), at memory speed rather than ~4 GB/s."""
    cdef const unsigned char *s = <const unsigned char *> <char *> buf
    cdef const unsigned char *end
    cdef const unsigned char *hit
    cdef Py_ssize_t count = 0
    n = min(n, len(buf))
    end = s + n
    while s < end:
        hit = <const unsigned char *> memchr(s, byte, end - s)
        if hit == NULL:
            break
        count += 1
        s = hit + 1
    return count


def first_attr_id(object element):
    """The attribute id of an element's first attribute (static names: below 65536), or 0:
    how metadata (head.py) learns the id of "type" from a probe element."""
    cdef lxb_attr *a = (<lxb_element *> _node(element)).first_attr
    return 0 if a == NULL else a.node.local_name


def json_ld_texts(object root, uintptr_t script_id, uintptr_t type_id):
    """The text of every <script> below root whose type attribute holds "ld+json" (any
    case), in document order: [node.text() for node in root.css("script") if ...]."""
    cdef lxb_node *top = _node(root)
    cdef lxb_node *node = top.first_child
    cdef lxb_node *child
    cdef lxb_attr *a
    cdef list out = [], parts
    while node != NULL:
        if node.type == 1:
            if node.local_name == script_id:
                a = (<lxb_element *> node).first_attr
                while a != NULL and a.node.local_name != type_id:
                    a = a.next
                if a != NULL and "ld+json" in (_attr_text(a) or "").lower():
                    parts = []
                    child = node.first_child
                    while child != NULL:          # raw text: text nodes only, no elements
                        if child.type == 3:
                            parts.append(PyUnicode_DecodeUTF8(
                                <char *> (<lxb_chardata *> child).data.data,
                                (<lxb_chardata *> child).data.length, "replace"))
                        child = child.next
                    out.append("".join(parts))
            elif node.first_child != NULL:
                node = node.first_child
                continue
        node = _after(node, top)
    return out


# ---------------------------------------------------------------- decode.py's UTF-8 check

def utf8_valid(bytes data):
    """bytes.decode("utf-8") would succeed (strict: no overlong forms, no surrogates,
    nothing above U+10FFFF), without building the string."""
    return _utf8_ok(data, len(data))


cdef bint _utf8_ok(const unsigned char *data, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i = 0
    cdef unsigned char c, c1
    cdef uint64_t word
    if True:
        while i < n:
            c = data[i]
            if c < 0x80:
                i += 1
                i += cl_ascii_run(data + i, n - i)  # (markup is ASCII: 64 bytes a step)
                while i + 8 <= n:           # then eight
                    memcpy(&word, data + i, 8)
                    if word & 0x8080808080808080ULL:
                        break
                    i += 8
                continue
            if 0xC2 <= c <= 0xDF:
                if i + 1 >= n or (data[i + 1] & 0xC0) != 0x80:
                    return False
                i += 2
            elif 0xE0 <= c <= 0xEF:
                if i + 2 >= n:
                    return False
                c1 = data[i + 1]
                if (c1 & 0xC0) != 0x80 or (data[i + 2] & 0xC0) != 0x80:
                    return False
                if (c == 0xE0 and c1 < 0xA0) or (c == 0xED and c1 > 0x9F):
                    return False            # overlong; UTF-16 surrogates
                i += 3
            elif 0xF0 <= c <= 0xF4:
                if i + 3 >= n:
                    return False
                c1 = data[i + 1]
                if ((c1 & 0xC0) != 0x80 or (data[i + 2] & 0xC0) != 0x80
                        or (data[i + 3] & 0xC0) != 0x80):
                    return False
                if (c == 0xF0 and c1 < 0x90) or (c == 0xF4 and c1 > 0x8F):
                    return False            # overlong; above U+10FFFF
                i += 4
            else:
                return False
    return True


# ---------------------------------------------------------------- limits.py's tag count

def count_at_least(bytes data, int byte, Py_ssize_t need):
    """min(data.count(bytes([byte])), need) as a bool: whether the byte occurs need times.
    Sixteen bytes a step with SSE2 (bytes.count's runs at ~1.5 GB/s: 0.3 ms on every
    450 KB page that limits.cap_depth looks at; eight bytes a word still cost an
    instruction a byte), 64 KB at a time so that a page with enough stops early."""
    cdef const unsigned char *s = <const unsigned char *> <char *> data
    cdef Py_ssize_t n = len(data), i = 0, stop, count = 0
    cdef unsigned char b = <unsigned char> byte
    while i < n:
        stop = min(n, i + 65536)
        count += cl_count_byte(s + i, stop - i, b)
        if count >= need:
            return True
        i = stop
    return count >= need


# ---------------------------------------------------------------- limits.py's tag runs

def tag_runs(bytes data, Py_ssize_t window, Py_ssize_t run):
    """limits._tag_runs(data, window, run) (see there), in C: a Python loop of find()
    calls, one a window, cost ~15 us on every 280 KB page."""
    cdef const unsigned char *s = <const unsigned char *> <char *> data
    cdef const unsigned char *hit
    cdef Py_ssize_t size = len(data), pos = 0, start, end
    cdef list out = []
    if window <= 0:
        raise ValueError("window must be positive")
    while pos < size:
        if memchr(s + pos, 62, min(window, size - pos)) != NULL:     # '>'
            pos += window
            continue
        start = cl_last_angle(s, pos)   # the last '<' or '>' before pos, or -1
        hit = <const unsigned char *> memchr(s + pos, 62, size - pos)
        end = size if hit == NULL else hit - s
        hit = <const unsigned char *> memchr(s + pos, 60, end - pos)
        if hit != NULL:                 # the first '<' or '>' at or after pos, or size
            end = hit - s
        if (start >= 0 and s[start] == 60 and start + 1 < size
                and (65 <= s[start + 1] <= 90 or 97 <= s[start + 1] <= 122)
                and end - start - 2 >= run):
            out.append((start, end))
        pos = max(end, pos + window)
    return out


cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #endif
    #if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    #include <immintrin.h>
    #define CL_AVX2 1
    /* With AVX2 (asked of the CPU once): 32 bytes a compare. Per byte lane, cmpeq gives
       -1 for a match and subtracting it counts; the lanes' byte counters fold (psadbw)
       before they can wrap, every 255 steps. */
    __attribute__((target("avx2")))
    static Py_ssize_t cl_count_avx2(const unsigned char *s, Py_ssize_t n, unsigned char b,
                                    Py_ssize_t *done) {
        Py_ssize_t i = 0, count = 0, k, steps;
        const __m256i pat = _mm256_set1_epi8((char) b), zero = _mm256_setzero_si256();
        __m256i acc, acc2, sad;
        while (n - i >= 64) {
            steps = (n - i) / 64;
            if (steps > 255) steps = 255;
            acc = _mm256_setzero_si256();
            acc2 = _mm256_setzero_si256();
            for (k = 0; k < steps; k++, i += 64) {
                acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(
                    _mm256_loadu_si256((const __m256i *) (s + i)), pat));
                acc2 = _mm256_sub_epi8(acc2, _mm256_cmpeq_epi8(
                    _mm256_loadu_si256((const __m256i *) (s + i + 32)), pat));
            }
            sad = _mm256_add_epi64(_mm256_sad_epu8(acc, zero), _mm256_sad_epu8(acc2, zero));
            count += (Py_ssize_t) (_mm256_extract_epi64(sad, 0) + _mm256_extract_epi64(sad, 1)
                                   + _mm256_extract_epi64(sad, 2) + _mm256_extract_epi64(sad, 3));
        }
        *done = i;
        return count;
    }
    static int cl_has_avx2 = -1;

    __attribute__((target("avx2")))
    static Py_ssize_t cl_ascii_avx2(const unsigned char *s, Py_ssize_t n) {
        Py_ssize_t i = 0;
        while (n - i >= 64) {
            __m256i a = _mm256_loadu_si256((const __m256i *) (s + i));
            __m256i b = _mm256_loadu_si256((const __m256i *) (s + i + 32));
            if (_mm256_movemask_epi8(_mm256_or_si256(a, b)))
                break;
            i += 64;
        }
        return i;
    }
    #endif
    static void cl_cpu(void) {
    #if defined(CL_AVX2)
        if (cl_has_avx2 < 0) {
            __builtin_cpu_init();
            cl_has_avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
        }
    #endif
    }
    /* The 16 bytes at s as prose that " ".join(text.split()) keeps as it is: ASCII, no
       whitespace but spaces, no space first, no two together. Their spaces' bits (bit k:
       s[k]), or -1 when not so (or without SSE2). */
    static int cl_plain16(const unsigned char *s) {
    #if defined(__SSE2__)
        const __m128i v = _mm_loadu_si128((const __m128i *) s);
        int spaces, other;
        if (_mm_movemask_epi8(v))
            return -1;                      /* a byte above ASCII */
        spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(32)));
        other = _mm_movemask_epi8(_mm_or_si128(      /* \t-\r, \x1c-\x1f */
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(8)), _mm_cmplt_epi8(v, _mm_set1_epi8(14))),
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(27)), _mm_cmplt_epi8(v, _mm_set1_epi8(32)))));
        if (other || (spaces & 1) || (spaces & (spaces >> 1)))
            return -1;
        return spaces;
    #else
        (void) s;
        return -1;
    #endif
    }
    /* The Python int v for one page's lists: from -1 to 256 Python's own (borrowed once
       into cl_small: PyLong_FromSsize_t's own path to them cost 30 instructions), else
       the one in nums (made on first use; nums[v] owns it) when v < size. A new
       reference. */
    static PyObject *cl_small[258];
    static inline PyObject *cl_int(PyObject **nums, Py_ssize_t size, Py_ssize_t v) {
        PyObject *o;
        if (v >= -1 && v < 257) {
            o = cl_small[v + 1];
            if (o == NULL) {
                o = PyLong_FromSsize_t(v);      /* (the cache keeps this reference) */
                if (o == NULL)
                    return NULL;
                cl_small[v + 1] = o;
            }
        } else if (v < 0 || v >= size) {
            return PyLong_FromSsize_t(v);
        } else {
            o = nums[v];
            if (o == NULL) {
                o = PyLong_FromSsize_t(v);
                if (o == NULL)
                    return NULL;
                nums[v] = o;
            }
        }
        Py_INCREF(o);
        return o;
    }
    /* The position of the last '<' or '>' in s[0:n], or -1: eight bytes a step (a long
       run without either is an inline image or a script). '<' and '>' differ in bit 1
       only, so OR-ing it in and comparing with '>' finds both; the sum marks exactly the
       zero bytes (no borrow from a lower byte). */
    static Py_ssize_t cl_last_angle(const unsigned char *s, Py_ssize_t n) {
        const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
        uint64_t word, x;
        Py_ssize_t i = n;
        while (i >= 8) {
            memcpy(&word, s + i - 8, 8);
            x = (word | 0x0202020202020202ULL) ^ 0x3E3E3E3E3E3E3E3EULL;
            if (~(((x & low7) + low7) | x | low7))
                break;
            i -= 8;
        }
        while (i > 0) {
            i--;
            if (s[i] == '<' || s[i] == '>')
                return i;
        }
        return -1;
    }
    /* The set bits of a 16-bit mask, by halves (__builtin_popcount is a libgcc call
       without -mpopcnt, which a portable build cannot assume). */
    static int cl_popcount16(int mask) {
        unsigned int x = (unsigned int) mask & 0xFFFFu;
        x = x - ((x >> 1) & 0x5555u);
        x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
        x = (x + (x >> 4)) & 0x0F0Fu;
        return (int) ((x + (x >> 8)) & 0x1Fu);
    }
    /* "psum" or "PSUM" in s[0:n] (template filler, see Blocks.filler_hint): four
       shifted compares 16 positions a step with SSE2. */
    static int cl_has_psum(const unsigned char *s, Py_ssize_t n) {
        Py_ssize_t i = 0;
    #if defined(__SSE2__)
        for (; i + 19 <= n; i += 16) {
            __m128i a = _mm_loadu_si128((const __m128i *) (s + i));
            __m128i b = _mm_loadu_si128((const __m128i *) (s + i + 1));
            __m128i c = _mm_loadu_si128((const __m128i *) (s + i + 2));
            __m128i d = _mm_loadu_si128((const __m128i *) (s + i + 3));
            __m128i low = _mm_and_si128(
                _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('p')), _mm_cmpeq_epi8(b, _mm_set1_epi8('s'))),
                _mm_and_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('u')), _mm_cmpeq_epi8(d, _mm_set1_epi8('m'))));
            __m128i up = _mm_and_si128(
                _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('P')), _mm_cmpeq_epi8(b, _mm_set1_epi8('S'))),
                _mm_and_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('U')), _mm_cmpeq_epi8(d, _mm_set1_epi8('M'))));
            if (_mm_movemask_epi8(_mm_or_si128(low, up)))
                return 1;
        }
    #endif
        for (; i + 4 <= n; i++)
            if (memcmp(s + i, "psum", 4) == 0 || memcmp(s + i, "PSUM", 4) == 0)
                return 1;
        return 0;
    }
    /* The length of the run of ASCII bytes s starts with, a multiple of 32 (its last
       bytes are the caller's to read, eight at a time): 64 bytes a step with AVX2, else
       32 in four words. */
    static Py_ssize_t cl_ascii_run(const unsigned char *s, Py_ssize_t n) {
        Py_ssize_t i = 0;
        uint64_t w0, w1, w2, w3;
    #if defined(CL_AVX2)
        cl_cpu();
        if (cl_has_avx2)
            i = cl_ascii_avx2(s, n);
    #endif
        while (n - i >= 32) {
            memcpy(&w0, s + i, 8);
            memcpy(&w1, s + i + 8, 8);
            memcpy(&w2, s + i + 16, 8);
            memcpy(&w3, s + i + 24, 8);
            if ((w0 | w1 | w2 | w3) & 0x8080808080808080ULL)
                break;
            i += 32;
        }
        return i;
    }
    /* How many bytes of s[0:n] equal b: AVX2, else SSE2 as above on 16-byte lanes, else
       (another CPU) eight bytes a word: the xor zeroes a matching byte and the carry trick
       marks exactly the zero bytes. */
    static Py_ssize_t cl_count_byte(const unsigned char *s, Py_ssize_t n, unsigned char b) {
        Py_ssize_t i = 0, count = 0, k, steps;
    #if defined(CL_AVX2)
        cl_cpu();
        if (cl_has_avx2)
            count = cl_count_avx2(s, n, b, &i);
    #endif
    #if defined(__SSE2__)
        const __m128i pat = _mm_set1_epi8((char) b), zero = _mm_setzero_si128();
        __m128i acc, sad;
        while (n - i >= 16) {
            steps = (n - i) / 16;
            if (steps > 255) steps = 255;
            acc = _mm_setzero_si128();
            for (k = 0; k < steps; k++, i += 16)
                acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(
                    _mm_loadu_si128((const __m128i *) (s + i)), pat));
            sad = _mm_sad_epu8(acc, zero);
            count += (Py_ssize_t) _mm_cvtsi128_si32(sad)
                     + (Py_ssize_t) _mm_cvtsi128_si32(_mm_srli_si128(sad, 8));
        }
    #else
        const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7F7F7F7F7F7F7F7FULL;
        const uint64_t pattern = ones * b;
        uint64_t word, x, acc;
        while (n - i >= 8) {
            steps = (n - i) / 8;
            if (steps > 255) steps = 255;
            acc = 0;
            for (k = 0; k < steps; k++, i += 8) {
                memcpy(&word, s + i, 8);
                x = word ^ pattern;
                acc += (~(((x & low7) + low7) | x) >> 7) & ones;
            }
            acc = (acc & 0x00FF00FF00FF00FFULL) + ((acc >> 8) & 0x00FF00FF00FF00FFULL);
            count += (Py_ssize_t) ((acc * 0x0001000100010001ULL) >> 48);
        }
    #endif
        for (; i < n; i++)
            count += s[i] == b;
        return count;
    }
    """
    Py_ssize_t cl_count_byte(const unsigned char *s, Py_ssize_t n, unsigned char b) noexcept nogil
    Py_ssize_t cl_ascii_run(const unsigned char *s, Py_ssize_t n) noexcept nogil
    int cl_plain16(const unsigned char *s) noexcept nogil
    int cl_popcount16(int mask) noexcept nogil
    Py_ssize_t cl_last_angle(const unsigned char *s, Py_ssize_t n) noexcept nogil
    object cl_int(PyObject **nums, Py_ssize_t size, Py_ssize_t v)
    bint cl_has_psum(const unsigned char *s, Py_ssize_t n) noexcept nogil
