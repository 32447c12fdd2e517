"""Bounds on what one page may cost: size, nesting depth (before the parse), node count
(in the walk). Each returns the input to use and, when it cut something, why."""

from __future__ import annotations

import re

from . import lexicon as lx

# Start and end tags of the elements whose nesting Lexbor parses in quadratic time (each
# start tag scans the stack of open elements for a <p> in button scope).
# Matched on the lower-cased bytes: four times faster than re.IGNORECASE.
_SCOPED_TAG = re.compile(
    rb"<(/?)(?:" + "|".join(sorted(lx.P_CLOSING_TAGS)).encode() + rb")[\s>/]")


def _c_count():
    try:
        from ._walk import count_at_least
    except ImportError:
        return None
    return count_at_least


_COUNT_AT_LEAST = _c_count()


def _enough(raw: bytes, byte: bytes, need: int) -> bool:
    """Whether raw holds byte need times or more (in C when the extension is there:
    counting is the whole cost of both scans on an ordinary big page, 0.3 ms a 450 KB
    page by bytes.count)."""
    if _COUNT_AT_LEAST is not None:
        return _COUNT_AT_LEAST(raw, byte[0], need)
    return raw.count(byte) >= need


def cap_size(data: bytes | str, max_bytes: int) -> tuple[bytes | str, str | None]:
    if len(data) <= max_bytes:
        return data, None
    return data[:max_bytes], f"input truncated at {max_bytes} bytes (max_bytes)"


def cap_depth(data: bytes | str, max_depth: int) -> tuple[bytes | str, str | None]:
    """Cut the input where scoped block elements nest deeper than max_depth. Real pages
    nest a few hundred deep at most. The scan runs only on pages with at least
    lexicon.DEPTH_SCAN_MIN_TAGS tags: shallower bombs parse in well under a second, and
    ordinary pages pay nothing."""
    if len(data) < 4 * lx.DEPTH_SCAN_MIN_TAGS:
        return data, None
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    if not _enough(raw, b"<", max(max_depth, lx.DEPTH_SCAN_MIN_TAGS)):
        return data, None
    low = raw.lower()                     # same length: positions carry over to raw
    depth = deepest = 0
    for closing in _SCOPED_TAG.findall(low):
        depth = depth - 1 if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest <= max_depth:
        return data, None
    depth = 0
    for m in _SCOPED_TAG.finditer(low):
        depth = depth - 1 if m.group(1) else depth + 1
        if depth > max_depth:
            cut = raw[:m.start()]
            out = cut if isinstance(data, bytes) else cut.decode("utf-8", "replace")
            return out, f"input truncated where elements nest deeper than {max_depth} (max_depth)"
    return data, None


# A start tag with thousands of attributes: Lexbor checks each new attribute's name against
# the element's others (quadratic: 100,000 attributes take 16 s). Such a tag is a run of at
# least _TAG_RUN bytes without '<' or '>' after a tag opening, then confirmed by counting
# its ' name=' pairs.
_TAG_RUN = 4 * lx.MAX_TAG_ATTRIBUTES
_WINDOW = _TAG_RUN // 2
_ATTRIBUTE = re.compile(rb"\s[\w:.-]+=")


def cap_tag_size(data: bytes | str) -> tuple[bytes | str, str | None]:
    """Cut the input before a start tag with lexicon.MAX_TAG_ATTRIBUTES attributes or more,
    on pages with lexicon.TAG_SCAN_MIN_ATTRIBUTES '=' or more.

    Such a tag holds a run of _TAG_RUN bytes without '>', so it covers a whole aligned
    window of _TAG_RUN / 2 bytes without one: a few find() calls clear an ordinary page,
    and only the runs around '>'-free windows (long scripts, JSON, the bomb) are read."""
    if len(data) < 4 * lx.TAG_SCAN_MIN_ATTRIBUTES:
        return data, None
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    enough_attributes: bool | None = None
    for start, end in (_TAG_RUNS or _tag_runs)(raw, _WINDOW, _TAG_RUN):
        if enough_attributes is None:
            enough_attributes = _enough(raw, b"=", lx.TAG_SCAN_MIN_ATTRIBUTES)
        if not enough_attributes:
            return data, None
        # Each attribute holds an '=': counting them clears a long run that is no bomb
        # (an inline base64 image, a long script) at memory speed; the pattern would
        # read a 2 MB data: URL for 10 ms.
        if (raw.count(b"=", start, end) >= lx.MAX_TAG_ATTRIBUTES
                and len(_ATTRIBUTE.findall(raw, start, end)) >= lx.MAX_TAG_ATTRIBUTES):
            cut = raw[:start]
            out = cut if isinstance(data, bytes) else cut.decode("utf-8", "replace")
            return out, (f"input truncated before a tag with {lx.MAX_TAG_ATTRIBUTES}+ "
                         "attributes")
    return data, None


def _tag_runs(raw: bytes, window: int, run: int) -> list[tuple[int, int]]:
    """(start, end) of each run of bytes without '<' or '>' around a '>'-free window
    (aligned to window, from the end of the run before) that a start tag opens ('<' and a
    letter at start) and that holds run bytes or more; in document order. The reference
    for the C scan (_walk.tag_runs)."""
    find, size = raw.find, len(raw)
    out = []
    pos = 0
    while pos < size:
        if find(b">", pos, pos + window) >= 0:
            pos += window
            continue
        start = max(raw.rfind(b"<", 0, pos), raw.rfind(b">", 0, pos))
        ends = [e for e in (find(b"<", pos), find(b">", pos)) if e >= 0]
        end = min(ends) if ends else size
        if (start >= 0 and raw[start] == 0x3C and raw[start + 1:start + 2].isalpha()
                and end - start - 2 >= run):
            out.append((start, end))
        pos = max(end, pos + window)
    return out


def _c_runs():
    try:
        from ._walk import tag_runs
    except ImportError:
        return None
    return tag_runs


_TAG_RUNS = _c_runs()
