"""A table of the first three characters a compiled regex can match at the start of a
text, read from the regex's own parse: a C test of a line's first characters that skips
the regex for the lines it cannot match (tail.trim's line patterns run on every short line
of every page, and most lines open with none of their words).

The table only answers for texts whose first three characters are ASCII (a shorter text
counts its missing characters as END); any other text goes to the regex. It may let
through texts the regex rejects, never the reverse: every part of the pattern it cannot
read narrowly (a lookaround, an anchor, a repeat's bounds past three characters) is read
as letting more through, and a pattern it cannot read at all gets no table (None)."""

from __future__ import annotations

import re
import sys

try:                                    # Python 3.11+
    from re import _compiler as _k
    from re import _constants as _c
    from re import _parser as _p
except ImportError:                     # pragma: no cover  (Python 3.10)
    import sre_compile as _k  # type: ignore[no-redef]
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

K = 3                                   # characters looked at
END = 128                               # the symbol past a text's end
SYMBOLS = 129                           # ASCII and END
ROW_BYTES = (SYMBOLS + 7) // 8
_ALL = frozenset(range(SYMBOLS))
_MAX_STATES = 20_000                    # past this, no table (the regex alone)

_CATEGORY = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
             _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
             _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}
_CHAR_FLAGS = re.IGNORECASE | re.ASCII | re.DOTALL
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT}
                                             if hasattr(_c, "POSSESSIVE_REPEAT") else set())
# Zero-width items: read as matching anywhere, which lets more through.
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


class _Unread(Exception):
    """A part of the pattern this module does not read: no table."""


def table(pattern: re.Pattern) -> bytes | None:
    """The first-characters table of pattern.match, or None. Layout: the number of blocks;
    per first symbol, its block (0: no text so opened can match); the blocks, one row
    number per second symbol (0: none); rows of ROW_BYTES bytes, one bit per third symbol
    (row 0 all clear). Every number is a byte (a pattern with more rows: None)."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        states = _seq(parsed, {()}, pattern.flags)
    except (_Unread, re.error, RecursionError):
        return None
    return _pack(states)


def search_parts(pattern: re.Pattern) -> tuple[bytes | None, tuple[str, ...]] | None:
    """What pattern.search needs of a text that is all ASCII: (the first-characters table
    of its alternatives anchored at the text's start, None when it has none; the words, one
    of which every match of its other alternatives holds, A-Z folded). Alternatives that
    need a character no ASCII text has are left out. None: no such test (an unanchored
    alternative without a literal of its own, or a pattern this module does not read)."""
    if not isinstance(pattern.pattern, str):
        return None
    flags = pattern.flags
    try:
        parsed = list(_p.parse(pattern.pattern, flags))
        alts = parsed[0][1][1] if len(parsed) == 1 and parsed[0][0] is _c.BRANCH else [parsed]
        anchored: set = set()
        words: list[str] = []
        for alt in map(list, alts):
            if _dead(alt, flags):
                continue
            if alt and alt[0][0] is _c.AT and (
                    alt[0][1] is _c.AT_BEGINNING_STRING
                    or alt[0][1] is _c.AT_BEGINNING and not flags & re.MULTILINE):
                anchored |= _seq(alt, {()}, flags)
                continue
            needed = _needed(alt, flags)
            if needed is None:
                return None
            words.extend(needed)
    except (_Unread, re.error, RecursionError, IndexError, TypeError):
        return None
    if len(anchored) > _MAX_STATES:
        return None
    return (_pack(anchored) if anchored else None), tuple(dict.fromkeys(words))


def _dead(items, flags: int) -> bool:
    """Whether a sequence needs a character no ASCII text has (a word of another script)."""
    for op, av in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY):
            dead = not _chars(op, av, flags)
        elif op is _c.SUBPATTERN:
            dead = _dead(av[3], (flags | av[1]) & ~av[2])
        elif op is _c.BRANCH:
            dead = all(_dead(alt, flags) for alt in av[1])
        else:
            dead = op in _REPEATS and av[0] >= 1 and _dead(av[2], flags)
        if dead:
            return True
    return False


def _needed(items, flags: int, live: bool = False) -> tuple[str, ...] | None:
    """Words, one of which every match of a sequence holds, lower-cased (each matched in
    any case: a necessary test, wider than the pattern's own case rule): a run of single
    characters it needs in a row, or the words of a group whose every alternative needs
    one; of these, the set whose shortest word is longest. None: none found. live: of the
    matches in an ASCII text only."""
    found: list[tuple[str, ...]] = []
    run = ""
    for op, av in items:
        ch = None
        if op is _c.LITERAL:
            folded = {chr(a).lower() for a in _chars(op, av, flags)}
            if len(folded) == 1:
                ch = folded.pop()
        if ch is not None:
            run += ch
            continue
        if run:
            found.append((run,))
        run = ""
        sub = None
        if op is _c.SUBPATTERN:
            sub = _needed(av[3], (flags | av[1]) & ~av[2], live)
        elif op is _c.BRANCH:
            # (live: an alternative that needs a character no ASCII text has matches none
            # there, the words of another script in a word list need no word of their own)
            alts = [_needed(alt, flags, live) for alt in av[1]
                    if not live or not _dead(alt, flags)]
            sub = None if not alts or None in alts else tuple(w for alt in alts for w in alt)
        elif op in _REPEATS and av[0] >= 1:
            sub = _needed(av[2], flags, live)
        if sub:
            found.append(sub)
    if run:
        found.append((run,))
    if not found:
        return None
    return max(found, key=lambda words: (min(map(len, words)), -len(words)))


def match_parts(pattern: re.Pattern) -> tuple[bytes | None, tuple[str, ...] | None] | None:
    """What pattern.match needs of an ASCII text: its first-characters table (table()) and
    the words one of which every match holds (None: no such words). None: neither."""
    tab = table(pattern)
    try:
        words = _needed(list(_p.parse(pattern.pattern, pattern.flags)), pattern.flags,
                        live=True)
    except (_Unread, re.error, RecursionError, TypeError):
        words = None
    if tab is None and words is None:
        return None
    return tab, words


def _pack(states: set) -> bytes | None:
    pairs: dict[tuple[int, int], int] = {}
    for a, b, third in (s + (_ALL,) * (K - len(s)) for s in states):
        bits = sum(1 << x for x in third)
        for x in a:
            for y in b:
                pairs[x, y] = pairs.get((x, y), 0) | bits
    rows = {0: 0}
    firsts: dict[int, bytearray] = {}
    for (x, y), bits in pairs.items():
        firsts.setdefault(x, bytearray(SYMBOLS))[y] = rows.setdefault(bits, len(rows))
    if len(rows) > 255:
        return None
    head = bytearray(1 + SYMBOLS)
    head[0] = len(firsts)
    blocks = []
    for n, x in enumerate(sorted(firsts), 1):
        head[1 + x] = n
        blocks.append(bytes(firsts[x]))
    return (bytes(head) + b"".join(blocks)
            + b"".join(bits.to_bytes(ROW_BYTES, "little") for bits in rows))


def may_match(tab: bytes | None, text: str) -> bool:
    """Whether the table lets text through to the regex (the C test in _score.pyx)."""
    if tab is None:
        return True
    sym = [ord(ch) for ch in text[:K]]
    if any(s >= END for s in sym):
        return True
    sym += [END] * (K - len(sym))
    block = tab[1 + sym[0]]
    if not block:
        return False
    row = tab[1 + SYMBOLS * block + sym[1]]
    base = 1 + SYMBOLS * (1 + tab[0]) + row * ROW_BYTES
    return bool(row and tab[base + (sym[2] >> 3)] >> (sym[2] & 7) & 1)


def _seq(items, states: set, flags: int) -> set:
    for op, av in items:
        if all(len(s) == K for s in states):
            return states
        states = _item(op, av, states, flags)
        if len(states) > _MAX_STATES:
            raise _Unread("too many prefixes")
    return states


def _item(op, av, states: set, flags: int) -> set:
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY):
        chars = _chars(op, av, flags)
        return {s if len(s) == K else s + (chars,) for s in states
                if len(s) == K or chars}
    if op is _c.SUBPATTERN:
        _, add, remove, sub = av
        return _seq(sub, states, (flags | add) & ~remove)
    if op is _c.BRANCH:
        out: set = set()
        for alt in av[1]:
            out |= _seq(alt, states, flags)
        return out
    if op in _REPEATS:
        return _repeat(av, states, flags)
    if op in _ZERO_WIDTH:
        return states
    if getattr(_c, "ATOMIC_GROUP", None) is op:
        return _seq(av, states, flags)
    raise _Unread(str(op))


def _repeat(av, states: set, flags: int) -> set:
    least, most, sub = av
    cur = states
    for _ in range(least):
        nxt = _seq(sub, cur, flags)
        if nxt == cur:
            break
        cur = nxt
    out = set(cur)
    done = least
    while done < most:
        cur = _seq(sub, cur, flags)
        if cur <= out:
            break
        out |= cur
        done += 1
    return out


# The items' characters while tables are built (done() empties it: it is not needed after).
_CHAR_CACHE: dict[tuple[str, int], frozenset[int]] = {}
# (The compiler itself: re.compile would keep each one-item regex in re's own cache.)
_compile = _k.compile


def done() -> None:
    """Frees what building tables kept (call after the last table of a batch)."""
    _CHAR_CACHE.clear()


def _chars(op, av, flags: int) -> frozenset[int]:
    """The ASCII characters one item matches, asked of a regex of that item alone with
    the pattern's flags (its case folding is the pattern's)."""
    if op is _c.LITERAL:
        src = re.escape(chr(av))
    elif op is _c.NOT_LITERAL:
        src = "[^" + re.escape(chr(av)) + "]"
    elif op is _c.ANY:
        src = "."
    else:
        parts = []
        for sop, sav in av:
            if sop is _c.NEGATE:
                parts.insert(0, "^")
            elif sop is _c.LITERAL:
                parts.append(re.escape(chr(sav)))
            elif sop is _c.RANGE:
                parts.append(re.escape(chr(sav[0])) + "-" + re.escape(chr(sav[1])))
            elif sop is _c.CATEGORY and sav in _CATEGORY:
                parts.append(_CATEGORY[sav])
            else:
                raise _Unread(str(sop))
        src = "[" + "".join(parts) + "]"
    key = (src, flags & _CHAR_FLAGS)
    found = _CHAR_CACHE.get(key)
    if found is None:
        one = _compile(src, key[1]).match
        found = _CHAR_CACHE[key] = frozenset(a for a in range(END) if one(chr(a)))
    return found


# By the pattern's identity (hashing a compiled pattern hashes its whole program): the
# pattern itself is kept beside its search, so that the id stays its own.
_GUARDED: dict[tuple[int, bool], tuple[re.Pattern, object]] = {}


def guarded_search(pattern: re.Pattern):
    """pattern.search, or the C Guarded search that skips the ASCII texts it cannot match
    (search_parts), built once per pattern."""
    return _guarded(pattern, False)


def guarded_match(pattern: re.Pattern):
    """pattern.match, or the C Guarded match (match_parts), built once per pattern."""
    return _guarded(pattern, True)


def _guarded(pattern: re.Pattern, match: bool):
    found = _GUARDED.get((id(pattern), match))
    if found is None or found[0] is not pattern:
        from . import score
        fn = pattern.match if match else pattern.search
        parts = None
        if score._C is not None:
            parts = match_parts(pattern) if match else search_parts(pattern)
        if parts is not None:
            table, words = parts
            fn = score._C.Guarded(fn, table, score._C.AsciiWords(words) if words else None,
                                  match)
        done()
        if len(_GUARDED) > 64:          # (a lexicon patched again and again, in tests)
            _GUARDED.clear()
        found = _GUARDED[id(pattern), match] = (pattern, fn)
    return found[1]


def finditer(pattern: re.Pattern, text, pos: int = 0, endpos: int = sys.maxsize):
    """pattern.finditer(text, pos, endpos): the same iterator, made as Pattern.finditer
    makes it in C (a scanner's search, called until None), but with the name "search"
    interned. The C method makes that name string anew on each call, and CPython's type
    cache (3.11) keeps such strings past the call, in a slot chosen by their address: a
    few hundred strings made during pages, each keeping the memory around it resident
    afterwards (see blocks._FLAGS_CACHE)."""
    return iter(pattern.scanner(text, pos, endpos).search, None)
