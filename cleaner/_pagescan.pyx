# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""pagescan.scan() in C: the same keys as pagescan._scan_py(), from the UTF-8 bytes.

One pass left to right over the markup, no tree: a stack of the open block elements
(tag ids and path keys), the text key of the block being read. The tag tables come from
pagescan.py (setup()); the tests compare this scan with the Python one on many pages.
"""

from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdint cimport uint64_t
from libc.string cimport memcmp, memset

cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void *PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)

DEF MAXTAGS = 256
DEF MAXNAME = 32
DEF MAXDEPTH = 4096

cdef uint64_t OFFSET = 0xCBF29CE484222325ULL
cdef uint64_t PRIME = 0x100000001B3ULL

cdef enum:
    F_BLOCK = 1
    F_HEADING = 2
    F_RAW = 4
    F_VOID = 8
    F_SKIP = 16
    F_PCLOSE = 32
    F_IGNORED = 64
    F_TABLEPART = 128
    F_RUBY = 256

cdef int NTAGS = 0
cdef char NAMES[MAXTAGS][MAXNAME + 1]
cdef int NAMELEN[MAXTAGS]
cdef int FLAGS[MAXTAGS]
cdef int T_P = -1, T_LI = -1, T_DD = -1, T_DT = -1, T_TABLE = -1, T_TBODY = -1
cdef int T_THEAD = -1, T_TFOOT = -1, T_TR = -1, T_CAPTION = -1, T_UL = -1, T_OL = -1
cdef int T_MENU = -1, T_DL = -1, T_HEAD = -1, T_BODY = -1, T_BR = -1, T_HEADER = -1
cdef int T_ARTICLE = -1, T_MAIN = -1, T_RUBY = -1
cdef int SHAPE_DEPTH = 6, MAX_SHAPE = 400
cdef dict ENTITIES = {}
cdef int NENT = 0
cdef char ENT_NAMES[128][MAXNAME + 1]
cdef int ENT_LEN[128]
cdef int ENT_CP[128]


def setup(block, headings, raw, voids, skip, pclose, ruby, dict entities, int shape_depth,
          int max_shape, int max_depth):
    """The tag sets of pagescan.py; names longer than MAXNAME are never tags here."""
    global NTAGS, SHAPE_DEPTH, MAX_SHAPE, NENT
    cdef int i, k, b0
    global T_P, T_LI, T_DD, T_DT, T_TABLE, T_TBODY, T_THEAD, T_TFOOT, T_TR, T_CAPTION
    global T_UL, T_OL, T_MENU, T_DL, T_HEAD, T_BODY, T_BR, T_HEADER, T_ARTICLE, T_MAIN, T_RUBY
    names = sorted(set(block) | set(headings) | set(raw) | set(voids) | set(skip)
                   | set(pclose) | {"html", "body", "frameset", "frame", "br", "tbody",
                                    "thead", "tfoot", "tr", "td", "th", "caption", "head",
                                    "ruby"} | set(ruby))
    if len(names) > MAXTAGS or len(entities) > 128:
        raise ValueError("too many names")
    NTAGS = 0
    for name in names:
        b = name.encode("ascii")
        if len(b) > MAXNAME:
            raise ValueError(name)
        NAMES[NTAGS][:len(b)] = b
        NAMES[NTAGS][len(b)] = 0
        NAMELEN[NTAGS] = len(b)
        f = 0
        if name in block and name not in ("html", "body", "frameset", "frame"):
            f |= F_BLOCK
        if name in headings:
            f |= F_HEADING
        if name in raw:
            f |= F_RAW
        if name in voids:
            f |= F_VOID
        if name in skip:
            f |= F_SKIP
        if name in pclose:
            f |= F_PCLOSE
        if name in ("html", "body", "frameset", "frame"):
            f |= F_IGNORED
        if name in ("tbody", "thead", "tfoot", "tr", "td", "th", "caption"):
            f |= F_TABLEPART
        if name in ruby:
            f |= F_RUBY
        FLAGS[NTAGS] = f
        NTAGS += 1
    memset(BUCKET, 0xFF, sizeof(BUCKET))
    for i in range(NTAGS):
        b0 = NAMES[i][0] - 97
        if b0 < 0 or b0 > 25:
            b0 = 26
        k = 0
        while BUCKET[b0][NAMELEN[i]][k] >= 0:
            k += 1
            if k == 8:
                raise ValueError("too many tag names alike")
        BUCKET[b0][NAMELEN[i]][k] = i
    T_P, T_LI, T_DD, T_DT = _id(b"p"), _id(b"li"), _id(b"dd"), _id(b"dt")
    T_TABLE, T_TBODY, T_THEAD, T_TFOOT = _id(b"table"), _id(b"tbody"), _id(b"thead"), _id(b"tfoot")
    T_TR, T_CAPTION, T_UL, T_OL = _id(b"tr"), _id(b"caption"), _id(b"ul"), _id(b"ol")
    T_MENU, T_DL, T_HEAD, T_BODY = _id(b"menu"), _id(b"dl"), _id(b"head"), _id(b"body")
    T_BR, T_HEADER, T_ARTICLE, T_MAIN = _id(b"br"), _id(b"header"), _id(b"article"), _id(b"main")
    T_RUBY = _id(b"ruby")
    if max_depth != MAXDEPTH:
        raise ValueError("MAX_DEPTH")
    NENT = 0
    for name, cp in entities.items():
        b = name.encode("ascii")
        ENT_NAMES[NENT][:len(b)] = b
        ENT_LEN[NENT] = len(b)
        ENT_CP[NENT] = cp
        NENT += 1
    SHAPE_DEPTH, MAX_SHAPE = shape_depth, max_shape


cdef int _id(bytes name):
    cdef int i
    for i in range(NTAGS):
        if NAMELEN[i] == len(name) and memcmp(NAMES[i], <char *> name, len(name)) == 0:
            return i
    return -1


cdef int BUCKET[27][MAXNAME + 1][8]   # by first letter and length: tag ids, -1 ends


cdef inline int _lookup(const unsigned char *s, Py_ssize_t n) noexcept:
    """The id of a lower-cased tag name; -1 for any other tag."""
    cdef int b, k, i
    if n > MAXNAME or n < 1:
        return -1
    b = s[0] - 97
    if b < 0 or b > 25:
        b = 26
    for k in range(8):
        i = BUCKET[b][n][k]
        if i < 0:
            return -1
        if memcmp(NAMES[i], s, n) == 0:
            return i
    return -1


cdef inline int word_code(unsigned int cp) noexcept nogil:
    if cp < 128:
        if 48 <= cp <= 57:
            return 48
        if 97 <= cp <= 122:
            return cp
        if 65 <= cp <= 90:
            return cp + 32
        return 0
    if cp <= 0xBF or cp == 0xD7 or cp == 0xF7:
        return 0
    if cp <= 0xDE:
        return cp + 32
    if 0x2000 <= cp <= 0x206F or 0x3000 <= cp <= 0x303F or 0xFE00 <= cp <= 0xFE0F:
        return 0
    if cp == 0xFEFF or 0xFF01 <= cp <= 0xFF0F:
        return 0
    return cp


cdef struct Text:
    uint64_t h
    bint words
    bint gap


cdef inline void _reset(Text *t) noexcept nogil:
    t.h = OFFSET
    t.words = False
    t.gap = False


cdef inline void _add(Text *t, unsigned int cp) noexcept nogil:
    cdef int code = word_code(cp)
    if code == 0:
        t.gap = True
        return
    if t.gap and t.words:
        t.h = (t.h ^ 32) * PRIME
    t.h = (t.h ^ <uint64_t> code) * PRIME
    t.words = True
    t.gap = False


cdef inline uint64_t _key(Text *t) noexcept nogil:
    cdef uint64_t k = t.h if t.words else 0
    _reset(t)
    return k


cdef inline uint64_t _path_key(uint64_t parent, const char *tag, int n) noexcept nogil:
    cdef uint64_t h = (parent ^ 62) * PRIME
    cdef int i
    for i in range(n):
        h = (h ^ <unsigned char> tag[i]) * PRIME
    return h


cdef inline uint64_t _block_key(uint64_t path, uint64_t text) noexcept nogil:
    cdef uint64_t h = (path ^ (text & 0xFFFFFFFFULL)) * PRIME
    return (h ^ (text >> 32)) * PRIME


def text_keys(list texts):
    """pagescan.text_key() of each text."""
    cdef Text t
    cdef Py_ssize_t i, n
    cdef int kind
    cdef void *data
    out = []
    for s in texts:
        _reset(&t)
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        n = PyUnicode_GET_LENGTH(s)
        for i in range(n):
            _add(&t, PyUnicode_READ(kind, data, i))
        out.append(_key(&t))
    return out


def path_keys(list tags, list parents, uint64_t root_parent):
    """pagescan.path_key() of each element (tags, parents: the walk's el_tag, el_parent)."""
    cdef Py_ssize_t i, p
    cdef uint64_t k
    cdef list out = []
    cdef bytes b
    for i in range(len(tags)):
        p = parents[i]
        b = (<str> tags[i]).encode("utf-8")
        k = _path_key(<uint64_t> out[p] if p >= 0 else root_parent, b, len(b))
        out.append(k)
    return out


cdef inline bint _letter(unsigned char c) noexcept nogil:
    return (65 <= c <= 90) or (97 <= c <= 122)


cdef inline bint _space(unsigned char c) noexcept nogil:
    return c == 32 or c == 9 or c == 10 or c == 13 or c == 12


cdef Py_ssize_t _find(const unsigned char *s, Py_ssize_t i, Py_ssize_t n,
                      const char *what, Py_ssize_t m) noexcept nogil:
    while i + m <= n:
        if s[i] == what[0] and memcmp(s + i, what, m) == 0:
            return i
        i += 1
    return -1


cdef Py_ssize_t _tag_end(const unsigned char *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    cdef int state = 0
    cdef unsigned char c
    while i < n:
        c = s[i]
        if state == 0:
            if c == 62:
                return i + 1
            if c == 61:
                state = 1
        elif state == 1:
            if c == 34:
                state = 2
            elif c == 39:
                state = 3
            elif c == 62:
                return i + 1
            elif not _space(c):
                state = 4
        elif state == 2:
            if c == 34:
                state = 0
        elif state == 3:
            if c == 39:
                state = 0
        else:
            if c == 62:
                return i + 1
            if _space(c):
                state = 0
        i += 1
    return n + 1


cdef Py_ssize_t _raw_end(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, int tag) noexcept nogil:
    cdef int m = NAMELEN[tag], k
    cdef unsigned char c
    while i + 2 + m < n:
        if s[i] == 60 and s[i + 1] == 47:
            k = 0
            while k < m:
                c = s[i + 2 + k]
                if 65 <= c <= 90:
                    c += 32
                if c != <unsigned char> NAMES[tag][k]:
                    break
                k += 1
            if k == m:
                c = s[i + 2 + m]
                if _space(c) or c == 47 or c == 62:
                    return i
        i += 1
    return n


cdef class _Scan:
    cdef int tags[MAXDEPTH]
    cdef uint64_t keys[MAXDEPTH]
    cdef int depth         # index of the top (0: body)
    cdef int over          # elements pushed beyond MAXDEPTH (not recorded)
    cdef int sections
    cdef Text text
    cdef list shape
    cdef set seen
    cdef list blocks

    def __cinit__(self):
        self.tags[0] = T_BODY
        self.keys[0] = _path_key(OFFSET, "body", 4)
        self.depth = 0
        self.over = 0
        self.sections = 0
        _reset(&self.text)
        self.shape = [self.keys[0]]
        self.seen = {self.keys[0]}
        self.blocks = []

    cdef inline void flush(self):
        cdef uint64_t k = _key(&self.text)
        if k:
            self.blocks.append(_block_key(self.keys[self.depth], k))

    cdef void push(self, int tag):
        cdef uint64_t key
        self.flush()
        if self.depth + 1 >= MAXDEPTH:
            self.over += 1
            return
        key = _path_key(self.keys[self.depth], NAMES[tag], NAMELEN[tag])
        self.depth += 1
        self.tags[self.depth] = tag
        self.keys[self.depth] = key
        if tag == T_ARTICLE or tag == T_MAIN:
            self.sections += 1
        if self.depth <= SHAPE_DEPTH and len(self.shape) < MAX_SHAPE and key not in self.seen:
            self.seen.add(key)
            self.shape.append(key)

    cdef int pop(self):
        """Pop the top; its tag (-1: nothing to pop)."""
        cdef int tag
        self.flush()
        if self.over:
            self.over -= 1
            return -2
        if self.depth == 0:
            return -1
        tag = self.tags[self.depth]
        self.depth -= 1
        if tag == T_ARTICLE or tag == T_MAIN:
            self.sections -= 1
        return tag

    cdef inline int top(self):
        return self.tags[self.depth] if not self.over else -2

    cdef bint has(self, int tag, int s1, int s2, int s3, int s4):
        cdef int d = self.depth, t
        while d > 0:
            t = self.tags[d]
            if t == tag:
                return True
            if t == s1 or t == s2 or t == s3 or t == s4:
                return False
            d -= 1
        return False

    cdef void open(self, int tag):
        cdef int t
        if FLAGS[tag] & F_TABLEPART:
            if not self.has(T_TABLE, -9, -9, -9, -9):
                return
            if tag == T_CAPTION or tag == T_TBODY or tag == T_THEAD or tag == T_TFOOT:
                while self.top() != T_TABLE and self.depth > 0:
                    self.pop()
            elif tag == T_TR:
                while True:
                    t = self.top()
                    if t == T_TABLE or t == T_TBODY or t == T_THEAD or t == T_TFOOT:
                        break
                    if self.depth == 0:
                        break
                    self.pop()
                if self.top() == T_TABLE:
                    self.push(T_TBODY)
            else:
                while True:
                    t = self.top()
                    if (t == T_TABLE or t == T_TBODY or t == T_THEAD or t == T_TFOOT
                            or t == T_TR or self.depth == 0):
                        break
                    self.pop()
                if self.top() == T_TABLE:
                    self.push(T_TBODY)
                if self.top() != T_TR:
                    self.push(T_TR)
            self.push(tag)
            return
        t = self.top()
        if t == T_P and FLAGS[tag] & F_PCLOSE:
            self.pop()
        if FLAGS[tag] & F_HEADING and self.top() >= 0 and FLAGS[self.top()] & F_HEADING:
            self.pop()
        if tag == T_LI and self.has(T_LI, T_UL, T_OL, T_MENU, T_TABLE):
            while self.pop() not in (T_LI, -1):
                pass
        elif (tag == T_DD or tag == T_DT) and (self.has(T_DD, T_DL, T_TABLE, -9, -9)
                                               or self.has(T_DT, T_DL, T_TABLE, -9, -9)):
            while True:
                t = self.top()
                if t == T_DD or t == T_DT or self.depth == 0:
                    break
                self.pop()
            self.pop()
        self.push(tag)

    cdef void close(self, int tag):
        cdef int t
        if not self.has(tag, -9, -9, -9, -9):
            return
        while True:
            t = self.pop()
            if t == tag or t == -1:
                return

    cdef void text_run(self, const unsigned char *s, Py_ssize_t i, Py_ssize_t j):
        cdef unsigned int cp
        cdef unsigned char c
        cdef Py_ssize_t k, start
        cdef int e, m
        while i < j:
            c = s[i]
            if c < 128:
                if c == 38:                       # '&'
                    cp = _entity(s, i, j, &k)
                    if k:
                        _add(&self.text, cp)
                        i = k
                        continue
                _add(&self.text, c)
                i += 1
            elif c >= 0xF0 and i + 3 < j:
                cp = ((c & 7) << 18) | ((s[i + 1] & 63) << 12) | ((s[i + 2] & 63) << 6) | (s[i + 3] & 63)
                _add(&self.text, cp)
                i += 4
            elif c >= 0xE0 and i + 2 < j:
                cp = ((c & 15) << 12) | ((s[i + 1] & 63) << 6) | (s[i + 2] & 63)
                _add(&self.text, cp)
                i += 3
            elif c >= 0xC0 and i + 1 < j:
                cp = ((c & 31) << 6) | (s[i + 1] & 63)
                _add(&self.text, cp)
                i += 2
            else:
                _add(&self.text, 0xFFFD)
                i += 1


cdef unsigned int _entity(const unsigned char *s, Py_ssize_t a, Py_ssize_t j,
                          Py_ssize_t *end):
    """The code point of the entity at s[a] ('&'); *end: the index after it (0: none)."""
    cdef Py_ssize_t i = a + 1
    cdef unsigned int cp = 0
    cdef int n = 0, e
    cdef unsigned char c
    end[0] = 0
    if i < j and s[i] == 35:                      # '#'
        i += 1
        if i < j and (s[i] == 120 or s[i] == 88):  # x
            i += 1
            while i < j and n < 7:
                c = s[i]
                if 48 <= c <= 57:
                    cp = cp * 16 + (c - 48)
                elif 97 <= c <= 102:
                    cp = cp * 16 + (c - 87)
                elif 65 <= c <= 70:
                    cp = cp * 16 + (c - 55)
                else:
                    break
                n += 1
                i += 1
            if n == 0 or n > 6 or i >= j or s[i] != 59:
                return 0
        else:
            while i < j and n < 8:
                c = s[i]
                if 48 <= c <= 57:
                    cp = cp * 10 + (c - 48)
                else:
                    break
                n += 1
                i += 1
            if n == 0 or n > 7 or i >= j or s[i] != 59:
                return 0
        end[0] = i + 1
        return cp if 0 < cp < 0x110000 else 0xFFFD
    if i >= j or not _letter(s[i]):
        return 0
    while i < j and n < 33:
        c = s[i]
        if _letter(c) or 48 <= c <= 57:
            n += 1
            i += 1
        else:
            break
    if n > 32 or i >= j or s[i] != 59:
        return 0
    for e in range(NENT):
        if ENT_LEN[e] == n and memcmp(ENT_NAMES[e], s + a + 1, n) == 0:
            end[0] = i + 1
            return ENT_CP[e]
    return 0


def scan(object data, Py_ssize_t max_blocks):
    """pagescan.scan() of UTF-8 bytes (as decode() hands the parser) or of a str; None
    when the str cannot be written as UTF-8 (lone surrogates)."""
    cdef Py_ssize_t n, i = 0, j, k, start, stop
    cdef const unsigned char *s
    cdef unsigned char c
    cdef unsigned char low[MAXNAME + 1]
    cdef int tag, skip = -1, depth = 0, m
    cdef bint end, closed
    cdef _Scan sc = _Scan()
    if isinstance(data, bytes):
        s = <const unsigned char *> (<bytes> data)
        n = len(<bytes> data)
    else:
        try:
            s = <const unsigned char *> PyUnicode_AsUTF8AndSize(data, &n)
        except UnicodeError:
            return None
    while i < n and len(sc.blocks) < max_blocks:
        j = i
        while j < n and s[j] != 60:
            j += 1
        if j > i and skip < 0:
            sc.text_run(s, i, j)
        if j >= n:
            break
        c = s[j + 1] if j + 1 < n else 0
        if c == 33:                                   # '!'
            if j + 3 < n and s[j + 2] == 45 and s[j + 3] == 45:
                k = _find(s, j + 4, n, "-->", 3)
                i = n if k < 0 else k + 3
            else:
                k = _find(s, j + 2, n, ">", 1)
                i = n if k < 0 else k + 1
            continue
        if c == 63 or (c == 47 and not (j + 2 < n and _letter(s[j + 2]))):
            if c == 47 and j + 2 >= n:
                break
            k = _find(s, j + 2, n, ">", 1)
            i = n if k < 0 else k + 1
            continue
        end = c == 47
        start = j + 2 if end else j + 1
        if not (start < n and _letter(s[start])):
            if skip < 0:
                _add(&sc.text, 60)
            i = j + 1
            continue
        stop = start
        m = 0
        while stop < n and not (_space(s[stop]) or s[stop] == 47 or s[stop] == 62):
            if m <= MAXNAME:
                c = s[stop]
                low[m if m < MAXNAME else MAXNAME] = c + 32 if 65 <= c <= 90 else c
                m += 1
            stop += 1
        tag = _lookup(low, m) if m <= MAXNAME else -1
        i = _tag_end(s, stop, n)
        if i > n:
            break
        closed = s[i - 2] == 47 and i - 2 >= stop
        if skip >= 0:
            if FLAGS[skip] & F_RUBY and ((tag >= 0 and FLAGS[tag] & F_RUBY and not end)
                                         or (tag == T_RUBY and end)):
                if end:
                    skip, depth = -1, 0
                else:
                    skip, depth = tag, 1
                continue
            if tag == skip:
                if end:
                    depth -= 1
                elif not closed:
                    depth += 1
                if depth == 0:
                    skip = -1
                continue
            if not end and tag >= 0 and FLAGS[tag] & F_RAW:
                i = _raw_end(s, i, n, tag)
                continue
            if end or skip != T_HEAD or tag < 0 or not (tag == T_BODY or FLAGS[tag] & F_BLOCK):
                continue
            skip = -1
        if tag < 0:
            continue
        if end:
            if FLAGS[tag] & F_BLOCK:
                sc.close(tag)
            elif tag == T_BR:
                sc.flush()
            continue
        if FLAGS[tag] & F_RAW:
            i = _raw_end(s, i, n, tag)
        elif FLAGS[tag] & F_SKIP and not (tag == T_HEADER and sc.sections):
            if not closed:
                skip, depth = tag, 1
        elif tag == T_BR:
            sc.flush()
        elif FLAGS[tag] & F_IGNORED:
            continue
        elif FLAGS[tag] & F_BLOCK:
            sc.open(tag)
            if FLAGS[tag] & F_VOID:
                sc.pop()
    sc.flush()
    return sc.shape, sc.blocks
