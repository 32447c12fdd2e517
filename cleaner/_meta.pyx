# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""metadata's readings in C: the <head>'s sources (head._collect) and the walks for a
visible dateline (body._items with ``marks``).

The dateline walk (body._items with ``marks``; body._marks_reference is its Python
reading, which body.py checks it against on a probe page before using it, and the tests on
the corpus) reads by the same layout of Lexbor's structs as _walk.following's walk
(cleaner/_lexbor.pxd; body.py loads this module only when the C walk loaded).
What it saves:

- the year test skips eight bytes at a time that hold no "1" or "2" (a walk of 900 nodes
  reads a page's first paragraphs whole);
- an element's mark is "\x01" alone, no class decoded, unless labelled_dateline may read
  its class: one of the three items before a text holding a year (a date's mark), or
  one naming what follows an article (its "afters"). labelled_dateline reads a mark's
  class nowhere else, and counts marks by their first character only.
"""

from cpython.unicode cimport PyUnicode_DecodeASCII, PyUnicode_DecodeUTF8
from libc.stdint cimport uint64_t, uintptr_t
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memchr, memcmp, memcpy

# Lexbor's structs (_lexbor.pxd; _walk.pyx checks their layout).
from cleaner._lexbor cimport (_after, after_in_page, lxb_attr, lxb_chardata, lxb_element,
                              lxb_hash_entry, lxb_node, lxb_str, py_lexbor_node)

DEF NTAGS = 512

cdef unsigned char SKIP[NTAGS]            # metadata body._SKIP by tag id
cdef uintptr_t T_BODY = 0, T_HTML = 0, T_TIME = 0, A_CLASS = 0
cdef bint READY = False
cdef str MARK = "\x01"
cdef str TIME_MARK = "\x01\x02"


def setup_marks(skip_ids, uintptr_t body_id, uintptr_t html_id, uintptr_t time_id,
          uintptr_t class_id):
    """The tag ids the walk does not enter or stops at, and the (static) attribute id of
    "class". False if unusable."""
    global T_BODY, T_HTML, T_TIME, A_CLASS, READY
    cdef Py_ssize_t k
    if not 0 < class_id < 65536:
        return False
    for k in range(NTAGS):
        SKIP[k] = 0
    for tid in skip_ids:
        if not 0 <= tid < NTAGS:
            return False
        SKIP[tid] = 1
    T_BODY, T_HTML, T_TIME, A_CLASS = body_id, html_id, time_id, class_id
    READY = True
    return True


cdef inline lxb_node *_node(object n):
    return (<py_lexbor_node *> <void *> n).node


cdef unsigned char BLANK[256]        # the ASCII whitespace of str.strip(" \t\n\r\f")
BLANK[32] = BLANK[9] = BLANK[10] = BLANK[13] = BLANK[12] = 1


cdef inline bint _blank(lxb_chardata *t) noexcept:
    # (a table look-up a byte: the walk meets a run of blanks between most tags)
    cdef const unsigned char *s = t.data.data
    cdef Py_ssize_t i
    for i in range(<Py_ssize_t> t.data.length):
        if not BLANK[s[i]]:
            return False
    return True


cdef inline lxb_attr *_class(lxb_node *node) noexcept:
    cdef lxb_attr *a = (<lxb_element *> node).first_attr
    while a != NULL and a.node.local_name != A_CLASS:
        a = a.next
    return a


cdef inline bint _filled(lxb_attr *a) noexcept:
    return a != NULL and a.value != NULL and a.value.data != NULL and a.value.length > 0


cdef bint _year_like(const unsigned char *s, Py_ssize_t n) noexcept:
    """"19" or "20" then a digit or a non-ASCII byte (body._YEAR_LIKE): words without a "1"
    or a "2" are skipped whole (the bit trick flags each byte strictly between 0x30 and
    0x33; an exact test, used only to skip)."""
    cdef Py_ssize_t k = 0
    cdef uint64_t w, low
    cdef uint64_t ones = 0x0101010101010101ULL, low7 = 0x7F7F7F7F7F7F7F7FULL
    cdef uint64_t high = 0x8080808080808080ULL
    while k < n - 2:
        if k + 8 <= n:
            memcpy(&w, s + k, 8)
            low = w & low7
            if ((ones * (127 + 0x33) - low) & ~w & (low + ones * (127 - 0x30)) & high) == 0:
                k += 8
                continue
        if ((s[k] == 49 and s[k + 1] == 57) or (s[k] == 50 and s[k + 1] == 48)) and (
                48 <= s[k + 2] <= 57 or s[k + 2] >= 128):
            return True
        k += 1
    return False


cdef inline bint _at(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const char *word,
                     Py_ssize_t m) noexcept:
    return i + m <= n and memcmp(s + i, word, m) == 0


cdef unsigned char LEAD[256]         # the first letters of the after words: c, r, t
LEAD[99] = LEAD[114] = LEAD[116] = 1


cdef bint _after_word(const unsigned char *s, Py_ssize_t n) noexcept:
    """One of body._AFTER_WORDS ("comment", "related", "recommend", "teaser",
    "copyright") in a class's bytes, in one pass (ASCII words: the same test as on the
    decoded class). It runs on every class of the long dateline walk: one table look-up
    a byte, no word starts in the last five bytes (the shortest word has six), and the
    second letter ("o" after "c", else "e") before any compare."""
    cdef Py_ssize_t i
    cdef unsigned char c
    for i in range(n - 5):
        c = s[i]
        if not LEAD[c]:
            continue
        if c == 99:                                   # c
            if s[i + 1] == 111 and (_at(s, i, n, b"comment", 7)
                                    or _at(s, i, n, b"copyright", 9)):
                return True
        elif s[i + 1] == 101:                         # r, t; then e
            if c == 114:
                if _at(s, i, n, b"related", 7) or _at(s, i, n, b"recommend", 9):
                    return True
            elif _at(s, i, n, b"teaser", 6):
                return True
    return False


cdef inline bint _skipped(lxb_node *node) noexcept:
    """An element whose subtree the walks after the headline never enter (body._SKIP)."""
    return node.type == 1 and node.local_name < NTAGS and SKIP[node.local_name]


cdef inline lxb_node *_next(lxb_node *node, bint skip) noexcept:
    """The next node of those walks: the first child unless skipped, else the node past the
    subtree (never up to <body>/<html>)."""
    if node.first_child != NULL and not skip:
        return node.first_child
    return after_in_page(node, T_BODY, T_HTML)


cdef Py_ssize_t _marked(lxb_node *node, Py_ssize_t limit, int marks, lxb_node **items,
                        list years) except -1:
    """The walk (body._following): the nodes of its items into `items` (room for `limit`),
    the indices of the texts that may hold a year into `years`; the number of items."""
    cdef lxb_chardata *t
    cdef Py_ssize_t n = 0, count = 0
    cdef bint skip
    while node != NULL and n < limit:
        n += 1
        skip = _skipped(node)
        if node.type == 3:
            t = <lxb_chardata *> node
            if not _blank(t):
                if _year_like(t.data.data, t.data.length):
                    years.append(count)
                items[count] = node
                count += 1
        elif node.type == 1 and not skip:
            # (marks=2: every element with attributes; marks=1: one with a class)
            if (<lxb_element *> node).first_attr != NULL and (
                    marks == 2 or _filled(_class(node))):
                items[count] = node
                count += 1
        node = _next(node, skip)
    return count


cdef list _emit(lxb_node **items, Py_ssize_t count, const char *need, list afters,
                list longs, int marks):
    """The marked list of _marked's items: a text is decoded when need[its index] is set,
    when it has 200 bytes or more (it may be a long paragraph, which labelled_dateline
    counts) or starts with "\x01" (noted in `afters`), else it is ""; a mark's class only
    when need[its index] is set or it holds an after word (noted in `afters`), else the
    mark is "\x01". The indices of the texts of 200 bytes or more go into `longs` (those
    labelled_dateline's prose count reads: a text of 200 characters has as many bytes)."""
    cdef list out = []
    cdef Py_ssize_t k
    cdef lxb_node *node
    cdef lxb_chardata *t
    cdef lxb_attr *a
    for k in range(count):
        node = items[k]
        if node.type == 3:
            t = <lxb_chardata *> node
            if t.data.data[0] == 1:
                afters.append(k)
            if t.data.length >= 200:
                longs.append(k)
            if need[k] or t.data.length >= 200 or t.data.data[0] == 1:
                out.append(PyUnicode_DecodeUTF8(<char *> t.data.data, t.data.length,
                                                "replace"))
            else:
                out.append("")
        elif marks == 2 and node.local_name == T_TIME:
            out.append(TIME_MARK)
        else:
            a = _class(node)
            if not _filled(a):
                out.append(MARK)
            elif _after_word(a.value.data, a.value.length):
                afters.append(k)
                out.append(MARK + PyUnicode_DecodeUTF8(<char *> a.value.data,
                                                       a.value.length, "replace"))
            elif need[k]:
                out.append(MARK + PyUnicode_DecodeUTF8(<char *> a.value.data,
                                                       a.value.length, "replace"))
            else:
                out.append(MARK)
    return out


def following_marks(object start, Py_ssize_t limit, int marks):
    """body._marks_reference(start, limit, marks) (marks 1 or 2: a list of texts and marks,
    the indices of the texts that may hold a year, those of the items that may end the
    search), reading only what labelled_dateline may read (see the module docstring and
    _emit), and the indices of the texts of 200 bytes or more: with no year,
    ([], [], [], [])."""
    cdef list years = [], afters = [], longs = [], out
    cdef Py_ssize_t count, y, k
    cdef char *need
    cdef lxb_node **items
    if not READY or marks not in (1, 2):
        raise ValueError("following_marks: not set up, or marks not 1 or 2")
    items = <lxb_node **> malloc(max(limit, 1) * sizeof(lxb_node *))
    if items == NULL:
        raise MemoryError()
    try:
        count = _marked(_node(start), limit, marks, items, years)
        if not years:
            return [], years, afters, longs
        need = <char *> calloc(count + 1, 1)
        if need == NULL:
            raise MemoryError()
        try:
            for y in years:
                for k in range(max(0, y - 3), y + 1):
                    need[k] = 1
            out = _emit(items, count, need, afters, longs, marks)
        finally:
            free(need)
        return out, years, afters, longs
    finally:
        free(items)



# ---------------------------------------------------------------- head._collect in C

DEF NHEAD = 10
cdef uintptr_t HEAD_ATTRS[NHEAD]   # content datetime value property name itemprop http-equiv rel href type
cdef list HEAD_NAMES = []
cdef uintptr_t T_META = 0, T_LINK = 0, T_TITLE = 0, T_BASE = 0, T_SCRIPT = 0
cdef bint HEAD_READY = False


def setup_head(dict tags, object probe_element, names):
    """Tag ids, and the ids of the NHEAD attributes collect_head reads, off probe_element
    (which has exactly `names`, in order). False if unusable."""
    global T_META, T_LINK, T_TITLE, T_BASE, T_SCRIPT, HEAD_NAMES, HEAD_READY
    cdef lxb_attr *a = (<lxb_element *> _node(probe_element)).first_attr
    cdef Py_ssize_t k = 0
    while a != NULL and k < NHEAD:
        HEAD_ATTRS[k] = a.node.local_name
        k += 1
        a = a.next
    if k != NHEAD or len(names) != NHEAD or a != NULL:
        return False
    HEAD_NAMES = [n.encode() for n in names]
    T_META, T_LINK, T_TITLE = tags["meta"], tags["link"], tags["title"]
    T_BASE, T_SCRIPT = tags["base"], tags["script"]
    HEAD_READY = True
    return True


cdef inline bint _name_is(lxb_attr *a, bytes name) noexcept:
    cdef lxb_hash_entry *entry
    cdef Py_ssize_t n = len(name)
    if a.node.local_name < 65536:
        return False
    entry = <lxb_hash_entry *> a.node.local_name
    return <Py_ssize_t> entry.length == n and memcmp(entry.short_str, <const char *> name, n) == 0


cdef void _head_attrs(lxb_node *node, lxb_attr **found):
    """found[k]: the element's first attribute named HEAD_NAMES[k], or NULL."""
    cdef lxb_attr *a = (<lxb_element *> node).first_attr
    cdef Py_ssize_t k
    for k in range(NHEAD):
        found[k] = NULL
    while a != NULL:
        for k in range(NHEAD):
            if found[k] != NULL:
                continue
            if HEAD_ATTRS[k] < 65536:
                if a.node.local_name != HEAD_ATTRS[k]:
                    continue
            elif not _name_is(a, <bytes> HEAD_NAMES[k]):
                continue
            found[k] = a
            break
        a = a.next


cdef inline bint _valued(lxb_attr *a) noexcept:
    """The attribute is there with a value (.attributes gives a str, perhaps empty)."""
    return a != NULL and a.value != NULL and a.value.data != NULL


cdef inline object _text(lxb_attr *a):
    if not _valued(a):
        return None
    return PyUnicode_DecodeUTF8(<char *> a.value.data, a.value.length, "replace")


cdef str _deep_text(lxb_node *node):
    """node.text(): the text nodes below node, joined."""
    cdef lxb_node *p = node.first_child
    cdef list parts = []
    while p != NULL:
        if p.type == 3:
            parts.append(PyUnicode_DecodeUTF8(<char *> (<lxb_chardata *> p).data.data,
                                              (<lxb_chardata *> p).data.length, "replace"))
        if p.first_child != NULL:
            p = p.first_child
            continue
        p = _after(p, node)
    return "".join(parts)


cdef bint _has_ci(lxb_attr *a, const char *word, Py_ssize_t m) noexcept:
    """The lower-case ASCII word in the attribute's value, ignoring ASCII case."""
    cdef const unsigned char *s
    cdef Py_ssize_t n, i, j
    cdef unsigned char c
    if not _valued(a):
        return False
    s, n = a.value.data, a.value.length
    for i in range(n - m + 1):
        for j in range(m):
            c = s[i + j]
            if 65 <= c <= 90:
                c += 32
            if c != <unsigned char> word[j]:
                break
        else:
            return True
    return False


cdef bint _non_ascii(lxb_attr *a) noexcept:
    cdef Py_ssize_t i
    for i in range(<Py_ssize_t> a.value.length):
        if a.value.data[i] >= 128:
            return True
    return False


cdef class _Collected:
    cdef public dict meta
    cdef public object title, base
    cdef public list ld
    cdef frozenset wanted
    cdef object add_keys, add_link


cdef int _add_meta(_Collected c, lxb_attr **v) except -1:
    """head._add_meta: the content under each wanted key. A key of printable ASCII is
    lower-cased here (strip() and split() have nothing to do in it); any other goes to
    head._add_keys."""
    cdef lxb_attr *src = v[0]
    cdef object content = None, key
    cdef Py_ssize_t k, i, n
    cdef const unsigned char *s
    cdef unsigned char buf[64]
    cdef bint simple
    cdef list values
    if not _valued(src):
        src = v[1] if _valued(v[1]) and v[1].value.length > 0 else v[2]
    if not _valued(src) or src.value.length == 0:
        return 0
    for k in range(3, 7):                     # property, name, itemprop, http-equiv
        if not _valued(v[k]) or v[k].value.length == 0:
            continue
        s, n = v[k].value.data, v[k].value.length
        simple = n <= 64
        if simple:
            for i in range(n):
                if not 33 <= s[i] <= 126:
                    simple = False
                    break
                buf[i] = s[i] + 32 if 65 <= s[i] <= 90 else s[i]
        if not simple:
            if content is None:
                content = _text(src)
            c.add_keys(content, (_text(v[k]),))
            continue
        key = PyUnicode_DecodeASCII(<char *> buf, n, NULL)    # (no bytes object between)
        if key in c.wanted:
            if content is None:               # (decoded for a wanted key only)
                content = _text(src)
            values = c.meta.get(key)
            if values is None:
                c.meta[key] = [content]
            else:
                values.append(content)
    return 0


cdef int _add_item(_Collected c, lxb_node *node, bint in_head) except -1:
    cdef lxb_attr *v[NHEAD]
    cdef uintptr_t tid = node.local_name
    if tid == T_META:
        _head_attrs(node, v)
        _add_meta(c, v)
    elif tid == T_LINK:
        _head_attrs(node, v)
        # Only a rel naming canonical or image_src (any case) is read (head._add_link
        # decides); a non-ASCII rel goes to it too (its lower() is Python's).
        if (_valued(v[7]) and v[7].value.length > 0 and _valued(v[8])
                and v[8].value.length > 0 and (_has_ci(v[7], b"canonical", 9)
                                               or _has_ci(v[7], b"image_src", 9)
                                               or _non_ascii(v[7]))):
            c.add_link(_text(v[7]), _text(v[8]))
    elif tid == T_BASE:
        if c.base is None:
            _head_attrs(node, v)
            c.base = _text(v[8])
    elif tid == T_TITLE:
        if c.title is None:
            c.title = _deep_text(node)
    elif in_head and tid == T_SCRIPT:
        _head_attrs(node, v)
        if _has_ci(v[9], b"ld+json", 7):
            c.ld.append(_deep_text(node))
    return 0


def collect_head(object head, object body, Py_ssize_t gap_limit, frozenset wanted,
                 dict meta, object add_keys, object add_link):
    """head._collect's reading (its Python loop is the reference), with the values
    taken: the head's child elements, then the body's first nodes while head elements
    keep coming. Fills meta (content lists by wanted key) and returns (title, base, ld);
    add_keys(content, (key,)) takes a <meta> key that is not printable ASCII (and fills
    meta as well), add_link(rel, href) a <link> that may name the canonical URL or the
    lead image."""
    cdef _Collected c = _Collected()
    cdef lxb_node *node
    cdef lxb_node *root
    cdef Py_ssize_t gap = 0
    cdef uintptr_t tid
    if not HEAD_READY:
        raise ValueError("collect_head: not set up")
    c.meta, c.ld, c.wanted, c.add_keys, c.add_link = meta, [], wanted, add_keys, add_link
    if head is not None:
        node = _node(head).first_child
        while node != NULL:
            if node.type == 1:
                _add_item(c, node, True)
            node = node.next
    if body is not None:
        root = _node(body)
        node = root
        while node != NULL:
            if node.type != 3:                      # body.traverse(): all but text
                tid = node.local_name
                if node.type == 1 and (tid == T_META or tid == T_LINK or tid == T_TITLE
                                       or tid == T_BASE):
                    _add_item(c, node, False)
                    gap = 0
                else:
                    gap += 1
                    if gap > gap_limit:
                        break
            if node.first_child != NULL:
                node = node.first_child
                continue
            node = _after(node, root)
    return c.title, c.base, c.ld


# ---------------------------------------------------------------- _near_headline's items

DEF NNEAR = 5
cdef uintptr_t NEAR_ATTRS[NNEAR]     # itemprop class rel content datetime
cdef list NEAR_NAMES = []
cdef bint NEAR_READY = False
# An element _near_headline reads as a mark alone (a class that names no author): its
# class is not decoded (it only takes a place among the texts _last_activity reads).
cdef tuple NEAR_MARK = (False, None, " ", None, None, None, 0)


def setup_near(object probe_element, names):
    """The ids of the NNEAR attributes near_items reads, off probe_element (which has
    exactly `names`, in order). False if unusable (setup_marks must have run too)."""
    global NEAR_NAMES, NEAR_READY
    cdef lxb_attr *a = (<lxb_element *> _node(probe_element)).first_attr
    cdef Py_ssize_t k = 0
    while a != NULL and k < NNEAR:
        NEAR_ATTRS[k] = a.node.local_name
        k += 1
        a = a.next
    if k != NNEAR or len(names) != NNEAR or a != NULL or not READY:
        return False
    NEAR_NAMES = [n.encode() for n in names]
    NEAR_READY = True
    return True


cdef inline bint _near_is(lxb_attr *a, Py_ssize_t k) noexcept:
    if NEAR_ATTRS[k] < 65536:                     # a static id: the same in every document
        return a.node.local_name == NEAR_ATTRS[k]
    return _name_is(a, <bytes> NEAR_NAMES[k])     # a name in the document's own hash


cdef inline bint _may_name_author(lxb_attr *a) noexcept:
    """A class _near_headline's author test may take: not all ASCII, or holding "author",
    "byline" or "writer" in any case (its own test, on the lower-cased class)."""
    return _non_ascii(a) or _has_ci(a, b"author", 6) or _has_ci(a, b"byline", 6) or (
        _has_ci(a, b"writer", 6))


def near_items(object start, Py_ssize_t limit):
    """What _near_headline's loop reads of _walk.following(start, limit): the same texts;
    of the elements, the same tuple for a <time> and for one with an itemprop, a rel or a
    class that may name an author; NEAR_MARK for another with a class (a place among
    the texts); nothing for the rest (body._near_reference is the Python reading)."""
    cdef lxb_node *node = _node(start)
    cdef lxb_chardata *t
    cdef lxb_attr *a
    cdef lxb_attr *v[NNEAR]
    cdef Py_ssize_t n = 0, k
    cdef list out = []
    cdef uintptr_t tid
    cdef bint skip
    if not NEAR_READY:
        raise ValueError("near_items: not set up")
    while node != NULL and n < limit:
        n += 1
        tid = node.local_name
        skip = _skipped(node)
        if node.type == 3:
            t = <lxb_chardata *> node
            if not _blank(t):
                out.append(PyUnicode_DecodeUTF8(<char *> t.data.data, t.data.length,
                                                "replace"))
        elif node.type == 1 and not skip and (<lxb_element *> node).first_attr != NULL:
            for k in range(NNEAR):
                v[k] = NULL
            a = (<lxb_element *> node).first_attr
            while a != NULL:
                for k in range(NNEAR):
                    if v[k] == NULL and _near_is(a, k):
                        if _valued(a):        # (a value-less one leaves the name open)
                            v[k] = a
                        break
                a = a.next
            if tid == T_TIME or v[0] != NULL or v[2] != NULL or (
                    v[1] != NULL and _may_name_author(v[1])):
                out.append((tid == T_TIME, _text(v[0]), _text(v[1]), _text(v[2]),
                            _text(v[3]), _text(v[4]), <uintptr_t> node))
            elif v[1] != NULL and v[1].value.length > 0:
                out.append(NEAR_MARK)
        node = _next(node, skip)
    return out

