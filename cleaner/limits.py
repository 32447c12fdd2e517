"""Bounds on what one page may cost: size, nesting depth (before the parse), node count
(in the walk). Each returns the input to use and, when it cut something, why."""

from __future__ import annotations

import re

from . import lexicon as lx

# Start and end tags of the elements whose nesting Lexbor parses in quadratic time (each
# start tag scans the stack of open elements for a <p> in button scope).
_SCOPED_TAG = re.compile(
    rb"<(/?)(?:" + "|".join(sorted(lx.P_CLOSING_TAGS)).encode() + rb")[\s>/]", re.IGNORECASE)


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
    if raw.count(b"<") < max(max_depth, lx.DEPTH_SCAN_MIN_TAGS):
        return data, None
    depth = deepest = 0
    for closing in _SCOPED_TAG.findall(raw):
        depth = depth - 1 if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest <= max_depth:
        return data, None
    depth = 0
    for m in _SCOPED_TAG.finditer(raw):
        depth = depth - 1 if m.group(1) else depth + 1
        if depth > max_depth:
            cut = raw[:m.start()]
            out = cut if isinstance(data, bytes) else cut.decode("utf-8", "replace")
            return out, f"input truncated where elements nest deeper than {max_depth} (max_depth)"
    return data, None


# A start tag with thousands of attributes: Lexbor checks each new attribute's name against
# the element's others (quadratic: 100,000 attributes take 16 s). Found as a long run without
# '<' or '>' after a tag opening (linear: no nested quantifier), then confirmed by counting
# its ' name=' pairs.
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{%d,}" % (4 * lx.MAX_TAG_ATTRIBUTES))
_ATTRIBUTE = re.compile(rb"\s[\w:.-]+=")


def cap_tag_size(data: bytes | str) -> tuple[bytes | str, str | None]:
    """Cut the input before a start tag with lexicon.MAX_TAG_ATTRIBUTES attributes or more.
    The regex only runs on pages with lexicon.TAG_SCAN_MIN_ATTRIBUTES '=' or more."""
    if len(data) < 4 * lx.TAG_SCAN_MIN_ATTRIBUTES:
        return data, None
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    if raw.count(b"=") < lx.TAG_SCAN_MIN_ATTRIBUTES:
        return data, None
    for m in _LONG_TAG.finditer(raw):
        if len(_ATTRIBUTE.findall(m.group())) >= lx.MAX_TAG_ATTRIBUTES:
            break
    else:
        return data, None
    cut = raw[:m.start()]
    out = cut if isinstance(data, bytes) else cut.decode("utf-8", "replace")
    return out, f"input truncated before a tag with {lx.MAX_TAG_ATTRIBUTES}+ attributes"
