# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The per-page loops over the block list in C: score.py, select.py and core.py's sums.

Every page runs these loops over every block and element (a few hundred of each) once
per reading; in Python they cost about as much as the walk. Here they read the Block
structs and the el_* lists directly and call back into Python only for the rare text
tests (a regex over one short line), which the callers pass in. The Python functions
stay the reference (tests compare both on the corpus and on generated pages) and the
fallback when this extension is not built.

Float sums are taken in the Python code's order, so every score is the same double.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.unicode cimport (Py_UNICODE_ISALNUM, Py_UNICODE_ISALPHA, Py_UNICODE_ISSPACE,
                              Py_UNICODE_ISUPPER, PyUnicode_FindChar)
from libc.stdlib cimport free, malloc
from libc.string cimport memchr, memset


cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object)
    const unsigned char *PyUnicode_1BYTE_DATA(object)
    int PyUnicode_KIND(object)
    void *PyUnicode_DATA(object)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)
    Py_UCS4 Py_UNICODE_TOLOWER(Py_UCS4 ch)

cdef object NINF = float("-inf")


cdef class Block:
    """One block of text (blocks.Block's fields, as a C struct: built in the walk by the
    hundred per page, read by every loop here without an attribute lookup). Its fields
    are declared in _score.pxd."""

    def __init__(self, str text, Py_ssize_t chars, Py_ssize_t link_chars, str tag,
                 Py_ssize_t parent, bint line=False):
        self.text = text
        self.chars = chars
        self.link_chars = link_chars
        self.tag = tag
        self.parent = parent
        self.line = line

    def __eq__(self, other):
        if type(other) is not Block:
            return NotImplemented
        cdef Block o = <Block> other
        return (self.chars == o.chars and self.link_chars == o.link_chars
                and self.parent == o.parent and self.line == o.line
                and self.tag == o.tag and self.text == o.text)

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None                     # mutable and compared by value, as the dataclass

    def __repr__(self):
        return (f"Block(text={self.text!r}, chars={self.chars!r}, "
                f"link_chars={self.link_chars!r}, tag={self.tag!r}, "
                f"parent={self.parent!r}, line={self.line!r})")

    def __reduce__(self):
        return Block, (self.text, self.chars, self.link_chars, self.tag, self.parent,
                       self.line)


cdef inline bint _heading(str tag) noexcept:
    """tag in blocks.HEADINGS (h1 .. h6)."""
    return (len(tag) == 2 and tag[0] == u"h" and u"1" <= tag[1] <= u"6")


# lexicon.UNMARKED_SENTENCE_CHARS, as score._ends_chars last set it.
cdef Py_ssize_t _UNMARKED = 80


def set_unmarked(Py_ssize_t chars):
    global _UNMARKED
    _UNMARKED = chars


cdef inline bint _ends(str text, str ends):
    """lexicon.ends_sentence: the last character is one of ends, or a Thai or Lao letter
    ending a block of _UNMARKED characters or more."""
    cdef Py_ssize_t n = len(text)
    cdef Py_UCS4 last, ch
    if n == 0:
        return False
    last = text[n - 1]
    for ch in ends:
        if ch == last:
            return True
    return 0x0E00 <= last <= 0x0EFF and n >= _UNMARKED


cdef bint _label_run(str text, Py_ssize_t min_words, double caps_share) noexcept:
    """score._label_run of a text with neither "." nor ",", while lexicon.LABEL_RUN_NOT_RE
    is score._LABEL_RUN_NOT: the regex's word and space classes are these Unicode tests,
    and split() parts words at the same spaces."""
    cdef Py_ssize_t i, n = len(text), words = 0, caps = 0
    cdef Py_UCS4 ch
    cdef bint space, in_word = False
    for i in range(n):
        ch = text[i]
        space = Py_UNICODE_ISSPACE(ch)
        if not (space or Py_UNICODE_ISALNUM(ch) or ch == u"_" or ch == u"&" or ch == u"/"
                or ch == u"+" or ch == u"'" or ch == u"’" or ch == u"-"):
            return False
        if not space and not in_word:
            words += 1
            if Py_UNICODE_ISUPPER(ch) or not Py_UNICODE_ISALPHA(ch):
                caps += 1
        in_word = not space
    return words >= min_words and caps >= caps_share * words


def block_values(list blocks, frozenset filler, bint listing, double max_ld,
                 Py_ssize_t min_chars, Py_ssize_t prose_min, Py_ssize_t long_prose,
                 double linked_density, str ends, trail, label_run,
                 Py_ssize_t label_min_words=0, double label_caps_share=0.0):
    """score.block_values (see there). trail, label_run: score._trail and
    score._label_run, asked only for the blocks they decide; label_run None: the C test
    (_label_run) with these limits."""
    cdef Py_ssize_t i, n = len(blocks), c
    cdef Block b, nxt
    cdef list values = [None] * n
    cdef bint has_filler = bool(filler), teaser, linked_prose
    for i in range(n):
        b = <Block?> blocks[i]
        c = b.chars
        if listing:
            values[i] = 0.0 if has_filler and i in filler else <double> c
        elif b.link_chars > max_ld * c:
            teaser = False
            if _heading(b.tag) and i + 1 < n:
                nxt = <Block?> blocks[i + 1]
                teaser = nxt.chars >= prose_min and nxt.link_chars <= max_ld * nxt.chars
            linked_prose = (not teaser and c >= long_prose
                            and b.link_chars <= linked_density * c and not trail(b.text))
            values[i] = 0.0 if teaser or linked_prose else -<double> c
        elif has_filler and i in filler:
            values[i] = 0.0
        elif (c >= prose_min and not _heading(b.tag)
              and PyUnicode_FindChar(b.text, u".", 0, len(b.text), 1) < 0
              and PyUnicode_FindChar(b.text, u",", 0, len(b.text), 1) < 0
              and (_label_run(b.text, label_min_words, label_caps_share)
                   if label_run is None else label_run(b.text))):
            values[i] = 0.0
        elif c >= prose_min or (c >= min_chars and _ends(b.text, ends)):
            values[i] = c - 2.0 * b.link_chars
        else:
            values[i] = 0.0
    return values


cdef double *_prose(list values, Py_ssize_t n) except NULL:
    """[0.0, *accumulate(v if v > 0 else 0.0 for v in values)] as a C array."""
    cdef double *prose = <double *> malloc((n + 1) * sizeof(double))
    cdef double v
    cdef Py_ssize_t i
    if prose == NULL:
        raise MemoryError()
    prose[0] = 0.0
    for i in range(n):
        v = values[i]
        prose[i + 1] = prose[i] + (v if v > 0 else 0.0)
    return prose


def boilerplate_mask(list values, list el_start, list el_end, list el_flags, int suspect,
                     int strong, int semantic, double share, double strong_share,
                     double body_min_share, double masked_body_share):
    """score.boilerplate_mask (see there), with its tuning and lexicon shares passed in."""
    cdef Py_ssize_t n = len(values), m = len(el_flags), i, j, s, e, a, z, covered = -1
    cdef double *prose = _prose(values, n)
    cdef double total, limit, strong_limit, body_least, inside, least
    cdef int flags
    cdef bint held, scanned = False
    cdef list mask = [False] * n
    cdef Py_ssize_t *bodies = NULL
    cdef Py_ssize_t nbodies = 0
    try:
        total = prose[n]
        limit = share * total
        strong_limit = max(limit, strong_share * total)
        body_least = max(body_min_share * total, 1.0)
        for i in range(m):
            flags = el_flags[i]
            if not flags & suspect:
                continue
            s = el_start[i]
            e = el_end[i]
            if e <= covered or s == e:
                continue
            inside = prose[e] - prose[s]
            if inside <= (strong_limit if flags & strong else limit):
                if inside >= body_least:
                    if not scanned:          # score._semantic_bodies, once
                        scanned = True
                        least = body_min_share * total
                        bodies = <Py_ssize_t *> malloc(2 * m * sizeof(Py_ssize_t) + 1)
                        if bodies == NULL:
                            raise MemoryError()
                        for j in range(m):
                            if <int> el_flags[j] & semantic:
                                a = el_start[j]
                                z = el_end[j]
                                if prose[z] - prose[a] >= least and least > 0:
                                    bodies[2 * nbodies] = a
                                    bodies[2 * nbodies + 1] = z
                                    nbodies += 1
                    held = False
                    for j in range(nbodies):     # score._holds_body
                        a = bodies[2 * j]
                        z = bodies[2 * j + 1]
                        if (s <= a and z <= e
                                and prose[z] - prose[a] >= masked_body_share * inside):
                            held = True
                            break
                    if held:
                        continue
                for j in range(s, e):
                    mask[j] = True
                covered = e
    finally:
        free(prose)
        free(bodies)
    return mask


def element_scores(list blocks, list values, list mask, list el_start, list el_end,
                   list el_flags, double w, int semantic, int content_attr,
                   double semantic_bonus, double content_bonus):
    """score.element_scores (see there)."""
    cdef Py_ssize_t n = len(values), m = len(el_flags), i, start, end
    cdef double *s = <double *> malloc((n + 1) * sizeof(double))
    cdef double *p = <double *> malloc((n + 1) * sizeof(double))
    cdef double v, eff, score
    cdef bint masked
    cdef int flags
    cdef list scores = [None] * m
    if s == NULL or p == NULL:
        free(s)
        free(p)
        raise MemoryError()
    try:
        s[0] = p[0] = 0.0
        for i in range(n):
            v = values[i]
            masked = mask[i]
            if masked:
                eff = -(<double> (<Block?> blocks[i]).chars) * w
            else:
                eff = v if v > 0 else v * w
            s[i + 1] = s[i] + eff
            p[i + 1] = p[i] + (v if v > 0 and not masked else 0.0)
        for i in range(m):
            start = el_start[i]
            end = el_end[i]
            if start == end:
                scores[i] = NINF
                continue
            score = s[end] - s[start]
            flags = el_flags[i]
            if flags & semantic:
                score += semantic_bonus * (p[end] - p[start])
            if flags & content_attr:
                score += content_bonus * (p[end] - p[start])
            scores[i] = score
    finally:
        free(s)
        free(p)
    return scores


def choose_container(list scores):
    """The index of select.choose_container's element (-1: none)."""
    cdef Py_ssize_t i, best = -1
    cdef double sc, best_score = float("-inf"), ninf = float("-inf")
    for i in range(len(scores)):
        sc = scores[i]
        if sc >= best_score and sc > ninf:
            best = i
            best_score = sc
    return best


def keep_blocks(list blocks, list values, list mask, Py_ssize_t start, Py_ssize_t end,
                bint precision, Py_ssize_t byline_max, byline):
    """select.keep_blocks before the filler is dropped (see there); byline: the byline
    regex's search (or a Guarded one), asked only of short masked blocks."""
    cdef Py_ssize_t i
    cdef double v
    cdef Block b
    cdef list kept = []
    cdef Guarded guard = byline if type(byline) is Guarded else None
    for i in range(start, end):
        v = values[i]
        if precision:
            if not mask[i] and (v > 0 or _heading((<Block?> blocks[i]).tag)):
                kept.append(i)
        elif v >= 0:
            if not mask[i]:
                kept.append(i)
            else:
                b = <Block?> blocks[i]
                if b.chars <= byline_max and (
                        byline(b.text) if guard is None
                        else guard.may(b.text) and guard.fn(b.text)):
                    kept.append(i)
    return kept


def chars_of(list blocks, list kept):
    """sum(blocks[i].chars for i in kept)."""
    cdef Py_ssize_t total = 0, k, i, n = len(blocks)
    for k in range(len(kept)):
        i = kept[k]                     # (a C index: a list's own item, no generic lookup)
        if not 0 <= i < n:
            raise IndexError("block index out of range")
        total += (<Block?> blocks[i]).chars
    return total


def chars_all(list blocks):
    """sum(b.chars for b in blocks)."""
    cdef Py_ssize_t total = 0
    cdef object b
    for b in blocks:
        total += (<Block?> b).chars
    return total


# ---------------------------------------------------------------- tail.trim's forward pass

cdef double _rest(list blocks, list values, list kept, Py_ssize_t n, Py_ssize_t end,
                  Py_ssize_t long_prose, str ends) except? -1:
    """The scored text of the long sentences after kept[n] (up to block end, if >= 0)."""
    cdef double rest = 0.0, v
    cdef Py_ssize_t k, i
    cdef Block b
    for k in range(n + 1, len(kept)):
        i = kept[k]
        if 0 <= end <= i:
            break
        v = values[i]
        if v > 0:
            b = <Block?> blocks[i]
            if b.chars >= long_prose and _ends(b.text, ends):
                rest += v
    return rest


cdef Py_ssize_t _box_end(list blocks, list el_start, list el_end, list el_parent,
                         Py_ssize_t label, Py_ssize_t container_end, Py_ssize_t long_prose,
                         str ends) except? -2:
    """tail._box_end (see there), with tail._prose_before."""
    cdef Block lb = <Block?> blocks[label], b
    cdef Py_ssize_t el = lb.parent, s, e, j
    while el >= 0:
        s = el_start[el]
        e = el_end[el]
        if e - s > 1:
            if not _heading(lb.tag):
                for j in range(s, label):
                    b = <Block?> blocks[j]
                    if b.chars >= long_prose and _ends(b.text, ends):
                        return -1
            return e if e < container_end else -1
        el = el_parent[el]
    return -1


cdef bint _in_tag(list el_tag, list el_parent, Py_ssize_t idx, str tag, int limit) except -1:
    """Blocks.ancestor(idx, {tag}, limit) >= 0."""
    while idx >= 0 and limit:
        if el_tag[idx] == tag:
            return True
        idx = el_parent[idx]
        limit -= 1
    return False


cdef inline bint _has_ava(str text) noexcept:
    """ "ava" or "AVA" in text: the plain test before tail._noscript_notice. (Its middle
    letter is looked for first, on the bytes of a one-byte text.)"""
    cdef Py_ssize_t i, n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef const unsigned char *s
    cdef Py_UCS4 b
    if kind == 1:
        s = <const unsigned char *> data
        for i in range(1, n - 1):
            if s[i] | 32 == 118:                # v or V
                if s[i] == 118:
                    if s[i - 1] == 97 and s[i + 1] == 97:
                        return True
                elif s[i - 1] == 65 and s[i + 1] == 65:
                    return True
        return False
    for i in range(1, n - 1):
        b = PyUnicode_READ(kind, data, i)
        if b == 118:
            if PyUnicode_READ(kind, data, i - 1) == 97 and PyUnicode_READ(kind, data, i + 1) == 97:
                return True
        elif b == 86:
            if PyUnicode_READ(kind, data, i - 1) == 65 and PyUnicode_READ(kind, data, i + 1) == 65:
                return True
    return False


cdef inline str _low(str text, list low):
    """text.lower(), computed once: low holds it after the first call."""
    if not low:
        low.append(text.lower())
    return low[0]


# ASCII lower case by table (A-Z to a-z), for the bytes of an ASCII text.
cdef unsigned char _FOLD[128]
for _i in range(128):
    _FOLD[_i] = _i + 32 if 65 <= _i <= 90 else _i


cdef class AsciiWords:
    """Whether text.lower() holds one of a set of lower-case words, asked of an ASCII text
    without lowering it (A-Z folded as it is read): the words' first two letters index
    them, most pairs of letters open none (one-letter words: a set of letters). A text
    with any other character is not asked here: its caller lowers it for its own matcher.
    Words that are not ASCII cannot stand in an ASCII text and are left out."""
    cdef bytes words                    # the ASCII words, concatenated in key order
    cdef Py_ssize_t n
    cdef Py_ssize_t *offsets
    cdef Py_ssize_t *lengths
    cdef unsigned short *seconds        # each word's second letter
    # The words opened by letter a are first[a] <= k < first[a + 1] (in second-letter
    # order); pairs: one bit per pair of letters that opens a word.
    cdef unsigned short first[129]
    cdef unsigned char pairs[2048]      # 128 * 128 bits
    cdef unsigned char single[128]      # the one-letter words
    cdef bint any_single
    # The characters past ASCII of all the words (the others' too), sorted: a text whose
    # other characters lower() makes none of these is answered here.
    cdef Py_UCS4 *wide
    cdef Py_ssize_t nwide
    # The shortest word's length m (one-letter words aside), and per pair of letters how
    # far a window of m letters ending in it may move on (Wu-Manber): no word's first m
    # letters hold that pair nearer their end. NULL: the pairs are read one by one.
    cdef unsigned char *shift
    cdef Py_ssize_t least

    def __cinit__(self, words):
        ascii_words = {w for w in words if w.isascii()}
        if any(not w or w != w.lower() for w in ascii_words):
            raise ValueError("AsciiWords takes lower-case words")
        ordered = sorted((w for w in ascii_words if len(w) > 1), key=lambda w: (w[:2], w))
        if len(ordered) >= 65535:
            raise ValueError("AsciiWords takes fewer than 65,535 words")
        cdef Py_ssize_t k, key, pos = 0
        memset(self.single, 0, sizeof(self.single))
        wide = sorted({ord(ch) for w in words for ch in w if ord(ch) >= 128})
        self.nwide = len(wide)
        self.wide = <Py_UCS4 *> malloc((self.nwide + 1) * sizeof(Py_UCS4))
        if self.wide == NULL:
            raise MemoryError()
        for k in range(self.nwide):
            self.wide[k] = wide[k]
        for w in ascii_words:
            if len(w) == 1:
                self.single[ord(w)] = 1
                self.any_single = True
        self.n = len(ordered)
        self.offsets = <Py_ssize_t *> malloc((self.n + 1) * sizeof(Py_ssize_t))
        self.lengths = <Py_ssize_t *> malloc((self.n + 1) * sizeof(Py_ssize_t))
        self.seconds = <unsigned short *> malloc((self.n + 1) * sizeof(unsigned short))
        if self.offsets == NULL or self.lengths == NULL or self.seconds == NULL:
            raise MemoryError()
        memset(self.pairs, 0, sizeof(self.pairs))
        self.words = "".join(ordered).encode("ascii")
        counts = [0] * 128
        for k in range(self.n):
            self.offsets[k] = pos
            self.lengths[k] = len(ordered[k])
            self.seconds[k] = ord(ordered[k][1])
            pos += len(ordered[k])
            key = ord(ordered[k][0]) * 128 + ord(ordered[k][1])
            self.pairs[key >> 3] |= 1 << (key & 7)
            counts[ord(ordered[k][0])] += 1
        pos = 0
        for key in range(128):
            self.first[key] = pos
            pos += counts[key]
        self.first[128] = pos
        cdef Py_ssize_t q, least = min((len(w) for w in ordered), default=0)
        self.least = least
        if least >= 4:
            self.shift = <unsigned char *> malloc(128 * 128)
            if self.shift == NULL:
                raise MemoryError()
            memset(self.shift, min(least - 1, 255), 128 * 128)
            for w in ordered:
                for q in range(least - 1):
                    key = ord(w[q]) * 128 + ord(w[q + 1])
                    self.shift[key] = min(self.shift[key], least - 2 - q)

    def __dealloc__(self):
        free(self.shift)
        free(self.wide)
        free(self.offsets)
        free(self.lengths)
        free(self.seconds)

    def holds(self, str text):
        """The answer for an ASCII text (ValueError for any other)."""
        if not PyUnicode_IS_ASCII(text):
            raise ValueError("AsciiWords.holds takes an ASCII text")
        return self._holds(text)

    cdef bint _skim(self, const unsigned char *s, Py_ssize_t n) noexcept:
        """_holds by windows of the shortest word's length: where the pair ending a
        window opens no word's end there, the window moves on by shift; else the words
        opening at the window's start are compared."""
        cdef Py_ssize_t e = self.least - 1, i
        cdef unsigned char step
        while e < n:
            step = self.shift[_FOLD[s[e - 1]] * 128 + _FOLD[s[e]]]
            if step:
                e += step
                continue
            i = e - self.least + 1
            if self._opens_at(s, n, i, _FOLD[s[i]], _FOLD[s[i + 1]]):
                return True
            e += 1
        return False

    cdef inline bint _opens_at(self, const unsigned char *s, Py_ssize_t n, Py_ssize_t i,
                               unsigned int a, unsigned int b) noexcept:
        """Whether one of the words opens at s[i] (a, b: its first two letters, folded)."""
        cdef const unsigned char *w = self.words
        cdef Py_ssize_t j, k, m
        cdef unsigned int key = a * 128 + b
        if not (self.pairs[key >> 3] >> (key & 7)) & 1:
            return False
        for k in range(self.first[a], self.first[a + 1]):
            if self.seconds[k] != b:
                continue
            m = self.lengths[k]
            if m <= n - i:
                j = 2
                while j < m and _FOLD[s[i + j]] == w[self.offsets[k] + j]:
                    j += 1
                if j == m:
                    return True
        return False

    def holds_any(self, str text):
        """holds() of any text: True or False where that is the answer of the words'
        literal test of text.lower(), None where this cannot tell (lower the text)."""
        cdef int found = self._holds_any(text)
        return None if found < 0 else bool(found)

    cdef bint _plain(self, Py_UCS4 ch) noexcept:
        """Whether lower() makes of a character past ASCII one character past ASCII that
        is in none of the words (no word can match across it then): not the dotted
        capital I (two characters), nor the Kelvin sign (k); a capital sigma may become
        either small sigma."""
        cdef Py_UCS4 low
        if ch == 0x130:
            return False
        low = Py_UNICODE_TOLOWER(ch)
        if low < 128:
            return False
        if ch == 0x3A3:
            return not self._wide(0x3C2) and not self._wide(0x3C3)
        return not self._wide(low)

    cdef bint _wide(self, Py_UCS4 ch) noexcept:
        """Whether ch is a character of a word (past ASCII)."""
        cdef Py_ssize_t lo = 0, hi = self.nwide, mid
        while lo < hi:
            mid = (lo + hi) >> 1
            if self.wide[mid] < ch:
                lo = mid + 1
            else:
                hi = mid
        return lo < self.nwide and self.wide[lo] == ch

    cdef int _holds_any(self, str text) except -2:
        """1 or 0: whether text.lower() holds one of the ASCII words, for a text whose
        characters past ASCII are all _plain (each is then, in the lowered text, a
        character no word holds); -1 when one is not (a letter of a word past ASCII, in
        either case: the caller lowers the text). A match of ASCII characters is one in
        the lowered text whatever stands around it."""
        if PyUnicode_IS_ASCII(text):
            return self._holds(text)
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef const unsigned char *w = self.words
        cdef Py_ssize_t n = len(text), i, j, k, m
        cdef unsigned int prev, cur, key
        cdef Py_UCS4 ch
        cdef bint plain = True
        for i in range(n):
            ch = PyUnicode_READ(kind, data, i)
            if ch >= 128 and plain and not self._plain(ch):
                plain = False
            if self.any_single and ch < 128 and self.single[_FOLD[ch]]:
                return 1
        if n >= 2:
            ch = PyUnicode_READ(kind, data, 0)
            prev = _FOLD[ch] if ch < 128 else 0
            for i in range(n - 1):
                ch = PyUnicode_READ(kind, data, i + 1)
                cur = _FOLD[ch] if ch < 128 else 0
                key = prev * 128 + cur
                if (self.pairs[key >> 3] >> (key & 7)) & 1:
                    for k in range(self.first[prev], self.first[prev + 1]):
                        if self.seconds[k] != cur:
                            continue
                        m = self.lengths[k]
                        if m <= n - i:
                            j = 2
                            while j < m:
                                ch = PyUnicode_READ(kind, data, i + j)
                                if ch >= 128 or _FOLD[ch] != w[self.offsets[k] + j]:
                                    break
                                j += 1
                            if j == m:
                                return 1
                prev = cur
        return 0 if plain else -1

    cdef bint _holds(self, str text) noexcept:
        """holds() of a text the caller knows is ASCII."""
        cdef const unsigned char *s = PyUnicode_1BYTE_DATA(text)
        cdef Py_ssize_t n = len(text), i
        cdef unsigned int prev, cur
        if self.any_single:
            for i in range(n):
                if self.single[_FOLD[s[i]]]:
                    return True
        if self.shift != NULL:
            return self._skim(s, n)
        if n < 2:
            return False
        prev = _FOLD[s[0]]
        for i in range(n - 1):
            cur = _FOLD[s[i + 1]]
            if self._opens_at(s, n, i, prev, cur):
                return True
            prev = cur
        return False


cdef class Guarded:
    """A regex's search (or match), asked only of the texts it may match (cleaner.prefix):
    for a search, an ASCII text must open as one of its anchored alternatives can (the
    first-characters table; None: it has none) or hold a word one of its other
    alternatives needs (None: it has none); for a match (both), it must open as the
    pattern can and hold one of the words the pattern needs (None: no test of that
    kind). Any other text goes to the regex. Calls return what the regex returns."""
    cdef readonly object fn
    cdef object table
    cdef AsciiWords words
    cdef bint both

    def __init__(self, fn, table, AsciiWords words, bint both=False):
        if table is not None and type(table) is not bytes:
            raise TypeError("a first-characters table is bytes (cleaner.prefix)")
        self.fn = fn
        self.table = table
        self.words = words
        self.both = both

    cdef bint may(self, str text) noexcept:
        if not PyUnicode_IS_ASCII(text):
            return True
        if self.both:
            return (_may_match(self.table, text)
                    and (self.words is None or self.words._holds(text)))
        if self.table is not None and _may_match(self.table, text):
            return True
        return self.words is not None and self.words._holds(text)

    def __call__(self, str text):
        return self.fn(text) if self.may(text) else None


cdef class _Tests:
    """The text tests of tail.trim's pass (see trim_pass): limits and the regexes' bound
    methods (C callables: no Python frame per line)."""
    cdef Py_ssize_t cta_max, copyright_max, noscript_max, disclosure_max, lead_max
    cdef Py_ssize_t bio_max, long_prose, line_max, status_max, heading_max
    cdef double after_share
    cdef str ends
    cdef frozenset no_end
    cdef object copyright, noscript, disclosure, author_bio
    cdef object line_match, cta_match, status_match, heading_words, heading_search
    cdef object box_match
    cdef object line_first, cta_first, status_first, box_first
    cdef AsciiWords copyright_words, disclosure_words, heading_ascii
    cdef AsciiWords line_words, cta_words, box_words
    cdef Guarded bio_guard
    cdef object copyright_search

    def __init__(self, tuple limits, str ends, frozenset no_end, copyright, noscript,
                 disclosure, author_bio, line_match, cta_match, status_match,
                 heading_words, heading_search, box_match, tuple firsts=(None,) * 4,
                 tuple ascii_words=(None,) * 3, copyright_search=None,
                 tuple match_words=(None,) * 3):
        (self.cta_max, self.copyright_max, self.noscript_max, self.disclosure_max,
         self.lead_max, self.bio_max, self.long_prose, self.after_share, self.line_max,
         self.status_max, self.heading_max) = limits
        self.ends = ends
        self.no_end = no_end
        self.copyright = copyright
        self.noscript = noscript
        self.disclosure = disclosure
        # (a Guarded match: its test in C, then the regex itself)
        self.bio_guard = author_bio if type(author_bio) is Guarded else None
        self.author_bio = author_bio.fn if self.bio_guard is not None else author_bio
        self.line_match = line_match
        self.cta_match = cta_match
        self.status_match = status_match
        self.heading_words = heading_words
        self.heading_search = heading_search
        self.box_match = box_match
        for table in firsts:
            if table is not None and type(table) is not bytes:
                raise TypeError("a first-characters table is bytes (cleaner.prefix.table)")
        self.line_first, self.cta_first, self.status_first, self.box_first = firsts
        # For ASCII lines: copyright's anchors (then copyright_search of the lowered line),
        # the disclosure words and the heading words, each answering as the literal test
        # it stands for (None: the line is lowered and that test asked).
        self.copyright_words, self.disclosure_words, self.heading_ascii = ascii_words
        if self.copyright_words is not None and copyright_search is None:
            raise TypeError("copyright's ASCII words need copyright_search")
        self.copyright_search = copyright_search
        # The words one of which an ASCII line needs for the line, call-to-action and box
        # patterns to match it (cleaner.prefix.match_parts; None: no such test).
        self.line_words, self.cta_words, self.box_words = match_words

    cdef bint has_copyright(self, str text, list low) except -1:
        """tail._has_copyright(text.lower())."""
        cdef int found = -1
        if self.copyright_words is not None:
            found = self.copyright_words._holds_any(text)
            if found == 0:
                return False
            if PyUnicode_IS_ASCII(text):
                return self.copyright_search(_low(text, low)) is not None
        return bool(self.copyright(_low(text, low)))

    cdef bint has_disclosure(self, str text, list low) except -1:
        cdef int found
        if self.disclosure_words is not None:
            found = self.disclosure_words._holds_any(text)
            if found >= 0:
                return found
        return bool(self.disclosure(_low(text, low)))

    cdef bint has_heading_word(self, str text, list low) except -1:
        cdef int found
        if self.heading_ascii is not None:
            found = self.heading_ascii._holds_any(text)
            if found >= 0:
                return found
        return self.heading_words is None or bool(self.heading_words(_low(text, low)))


def tests(*args):
    """The _Tests trim_pass reads (tail.py builds them once per lexicon)."""
    return _Tests(*args)


cdef enum:                      # tail._DROP, _LABEL, _OTHER
    DROP = 1
    LABEL = 2
    OTHER = 3


# Symbols and row size of a cleaner.prefix table.
DEF _SYMBOLS = 129
DEF _ROW_BYTES = 17


cdef bint _may_match(object table, str text) noexcept:
    """cleaner.prefix.may_match: whether a text opening with these three characters may
    match the table's regex (None: no table, ask the regex)."""
    cdef Py_ssize_t n = len(text), j, at, row, size, block
    cdef Py_UCS4 ch
    cdef int sym[3]
    cdef const unsigned char *tab
    if table is None:
        return True
    size = PyBytes_GET_SIZE(table)
    for j in range(3):
        if j < n:
            ch = text[j]
            if ch >= 128:
                return True
            sym[j] = ch
        else:
            sym[j] = 128
    tab = <const unsigned char *> PyBytes_AS_STRING(table)
    if size < 1 + _SYMBOLS:
        return True                         # (not a table: ask the regex)
    block = tab[1 + sym[0]]
    if block == 0:
        return False
    at = 1 + _SYMBOLS * block + sym[1]
    if at >= size:
        return True
    row = tab[at]
    if row == 0:
        return False
    at = 1 + _SYMBOLS * (1 + tab[0]) + row * _ROW_BYTES + (sym[2] >> 3)
    return at >= size or (tab[at] >> (sym[2] & 7)) & 1


cdef inline bint _may_hold(AsciiWords words, str text) noexcept:
    """Whether text may hold one of the words a match needs (any text not all ASCII may)."""
    return words is None or not PyUnicode_IS_ASCII(text) or words._holds(text)


cdef int _line_kind(_Tests t, str text, Py_ssize_t c, list low) except -1:
    """tail._line_kind (DROP, LABEL or OTHER); low: [text.lower()] once computed. Each
    regex is asked only of the lines its first-characters table and its words let
    through."""
    cdef Py_UCS4 first
    if (c <= t.line_max and _may_match(t.line_first, text) and _may_hold(t.line_words, text)
            and t.line_match(text) is not None):
        return DROP
    if (_may_match(t.cta_first, text) and _may_hold(t.cta_words, text)
            and t.cta_match(text) is not None):
        return DROP
    if c <= t.status_max:
        first = text[0] if len(text) else u"S"
        if (first in u"SsNnTt" and _may_match(t.status_first, text)
                and t.status_match(text) is not None):
            return DROP
    if c > t.heading_max:
        return OTHER
    if t.has_heading_word(text, low) and t.heading_search(_low(text, low)) is not None:
        return LABEL
    return (LABEL if _may_match(t.box_first, text) and _may_hold(t.box_words, text)
            and t.box_match(text) is not None else OTHER)


def trim_pass(list blocks, list values, list kept, Py_ssize_t container_end, double total,
              list el_start, list el_end, list el_parent, list el_tag, _Tests t):
    """tail._trim_pass (see there): the forward pass of tail.trim, the regexes called
    only for the lines they decide, each line lower-cased at most once."""
    cdef double seen = 0.0, v, least = t.after_share * total
    cdef Py_ssize_t n, i, c, box_end = -1, end, count = len(kept), long_prose = t.long_prose
    cdef bint skipping = False
    cdef int line
    cdef Block b
    cdef str text, ends = t.ends
    cdef dict lines = {}
    cdef list out = [], low = []
    for n in range(count):
        i = kept[n]
        if i < box_end:
            continue
        b = <Block?> blocks[i]
        v = values[i]
        c = b.chars
        text = b.text
        if low:
            low.clear()
        if c <= t.cta_max:
            if (seen > 0.5 * total and c <= t.copyright_max and b.tag not in t.no_end
                    and t.has_copyright(text, low)
                    and not _rest(blocks, values, kept, n, -1, long_prose, ends) >= least):
                break
            known = lines.get(text)
            if known is None:
                line = _line_kind(t, text, c, low)
                lines[text] = line
            else:
                line = known
            if line == DROP:
                continue
            if not skipping and seen > 0.2 * total and line == LABEL:
                end = _box_end(blocks, el_start, el_end, el_parent, i, container_end,
                               long_prose, ends)
                if end < 0 or not _rest(blocks, values, kept, n, end, long_prose,
                                        ends) >= least:
                    box_end = end
                    skipping = end < 0
                    continue
        elif (seen > 0.5 * total and c <= t.copyright_max and b.tag not in t.no_end
              and t.has_copyright(text, low)
              and not _rest(blocks, values, kept, n, -1, long_prose, ends) >= least):
            break
        if c <= t.noscript_max and _has_ava(text) and t.noscript(text):
            continue
        if (c <= t.disclosure_max and (n < t.lead_max or seen > 0.5 * total)
                and t.has_disclosure(text, low)):
            continue
        if (seen > 0.5 * total and c <= t.bio_max
                and (t.bio_guard is None or t.bio_guard.may(text))
                and t.author_bio(text) is not None
                and not _rest(blocks, values, kept, n, -1, long_prose, ends) >= least):
            break
        if skipping:
            if (v > 0 and b.tag != "li" and _ends(text, ends)
                    and not _in_tag(el_tag, el_parent, b.parent, "li", 8)):
                skipping = False
            else:
                continue
        out.append(i)
        if v > 0:
            seen += v
    return out


cdef bint _is_byline(Block b, Py_ssize_t byline_max, object byline, Guarded guard) except -1:
    """tail._is_byline."""
    if b.chars > byline_max:
        return False
    if guard is not None:
        return guard.may(b.text) and guard.fn(b.text) is not None
    return byline(b.text) is not None


def trim_start(list blocks, list values, list out, Py_ssize_t lead_max, str ends,
               Py_ssize_t dateline_max, dateline, is_dateline):
    """tail._trim_start (see there); dateline: DATELINE_RE's search, is_dateline:
    tail._is_dateline (asked only of the line after the first sentence)."""
    cdef Py_ssize_t p, i, count = len(out)
    cdef Block b
    cdef list keep = []
    for p in range(count):
        i = out[p]
        b = <Block?> blocks[i]
        if p >= lead_max:
            return keep + out[p:]
        if _ends(b.text, ends):
            if p + 1 < count and is_dateline(blocks[out[p + 1]]):
                keep.append(i)
                return keep + out[p + 2:]
            return keep + out[p:]
        if b.chars <= dateline_max and dateline(b.text) is not None:
            continue
        if keep or _heading(b.tag) or <double> values[i] > 0:
            keep.append(i)
    return keep


cdef Py_ssize_t _cell_of(Block b, list el_tag, list el_parent, list el_start, list el_end,
                         frozenset cells, Py_ssize_t long_prose) except? -2:
    """render.cell_of: the short data-table cell at most three elements above b, or -1."""
    cdef Py_ssize_t j = b.parent, up = 3
    while j >= 0 and up:
        if el_tag[j] in cells:
            if (<Py_ssize_t> el_end[j] - <Py_ssize_t> el_start[j] <= 2
                    and b.chars < long_prose):
                return j
            return -1
        j = el_parent[j]
        up -= 1
    return -1


cdef Py_ssize_t _items_end(list blocks, list out, Py_ssize_t first, Py_ssize_t count,
                          list el_parent, list el_start, list el_end, list el_flags,
                          int suspect) except? -2:
    """tail._items_end of the tail out[first:count]."""
    cdef Py_ssize_t el, s, e, k, inside, end = -1, size = count - first
    el = (<Block?> blocks[out[first + size // 2]]).parent
    while el >= 0:
        if <int> el_flags[el] & suspect:
            return -1
        if end < 0:
            s = el_start[el]
            e = el_end[el]
            inside = 0
            for k in range(first, count):
                if s <= <Py_ssize_t> out[k] < e:
                    inside += 1
            if 2 * inside >= size:
                end = e
        el = el_parent[el]
    return end


def trim_end(list blocks, list out, Py_ssize_t long_prose, Py_ssize_t byline_max, byline,
             str ends, Py_ssize_t items_min, signature, list el_tag, list el_parent,
             list el_start, list el_end, list el_flags, int suspect, frozenset cells,
             bint with_cells):
    """tail.trim_end (see there). byline: BYLINE_RE's search (or a Guarded one);
    signature: tail._is_signature(block), asked only where it decides; suspect: the flag
    of blocks.SUSPECT; with_cells: whether any element is a table cell."""
    cdef Py_ssize_t p, k, last = -1, count = len(out), stop = -1, end, i, before, head = 0
    cdef Py_ssize_t tail_chars = 0
    cdef Guarded guard = byline if type(byline) is Guarded else None
    cdef Block b
    for p in range(count - 1, -1, -1):
        if (<Block?> blocks[out[p]]).chars >= long_prose:
            last = p
            break
    if last < 0:
        return out
    for p in range(last + 1, count):
        if _is_byline(<Block?> blocks[out[p]], byline_max, byline, guard):
            end = p + 1
            while end < count and _is_byline(<Block?> blocks[out[end]], byline_max, byline,
                                               guard):
                end += 1
            return out[:end]
    if count - last - 1 >= items_min:
        for p in range(count):
            if p > last:
                tail_chars += (<Block?> blocks[out[p]]).chars
            else:
                head += (<Block?> blocks[out[p]]).chars
        if tail_chars > head:
            stop = _items_end(blocks, out, last + 1, count, el_parent, el_start, el_end,
                              el_flags, suspect)
    end = count
    while end > last + 1:
        i = out[end - 1]
        if i < stop:
            break
        b = <Block?> blocks[i]
        if _ends(b.text, ends) or with_cells and _cell_of(
                b, el_tag, el_parent, el_start, el_end, cells, long_prose) >= 0:
            break
        before = out[end - 2]
        if (before + 1 == i and _ends((<Block?> blocks[before]).text, ends)
                and signature(b)):
            break
        end -= 1
    return out[:end]


def prose_values(list values, list mask, Py_ssize_t start, Py_ssize_t end):
    """[values[j] for j in range(start, end) if values[j] > 0 and not mask[j]] (the caller
    sums them with sum(), as the Python reference does: Python 3.12's sum() of floats
    rounds differently from a plain C loop)."""
    cdef Py_ssize_t j
    cdef list out = []
    for j in range(start, end):
        v = values[j]
        if v > 0 and not mask[j]:
            out.append(v)
    return out


# ---------------------------------------------------------------- render.to_text

cdef str _NL = u"\n"
cdef str _PARA = u"\n\n"
cdef str _SPACE = u" "
cdef str _TAB = u"\t"


def to_text(list blocks, list kept, list el_tag, list el_parent, list el_start, list el_end,
            frozenset cells, Py_ssize_t long_prose, bint with_cells):
    """render.to_text (see there); with_cells: whether any element is a table cell (else
    no block is looked up)."""
    cdef list parts = []
    cdef Block b, prev = None
    cdef Py_ssize_t i, cell, row, prev_cell = -1, prev_row = -1, r, limit
    cdef Py_ssize_t k, n = len(blocks)
    for k in range(len(kept)):
        i = kept[k]
        if not 0 <= i < n:
            raise IndexError("block index out of range")
        b = <Block?> blocks[i]
        cell = row = -1
        if with_cells:
            cell = _cell_of(b, el_tag, el_parent, el_start, el_end, cells, long_prose)
            if cell >= 0:
                r = el_parent[cell]                # Blocks.ancestor(parent, {"tr"}, 2)
                limit = 2
                while r >= 0 and limit:
                    if el_tag[r] == u"tr":
                        break
                    r = el_parent[r]
                    limit -= 1
                row = r if r >= 0 and limit else -1
        if prev is not None:
            if cell >= 0 and prev_cell >= 0:
                if cell == prev_cell:
                    parts.append(_NL if b.line else _SPACE)
                elif row == prev_row and row >= 0:
                    parts.append(_TAB)
                else:
                    parts.append(_NL)
            elif (b.line and prev.parent == b.parent
                  or b.tag == u"li" and prev.tag == u"li"):
                parts.append(_NL)
            else:
                parts.append(_PARA)
        parts.append(b.text)
        prev = b
        prev_cell = cell
        prev_row = row
    return u"".join(parts)
