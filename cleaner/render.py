"""Blocks -> plain text: headings and list items on their own lines, paragraphs separated
by one blank line, table rows one a line (cells tab-separated)."""

from __future__ import annotations

from .blocks import CELLS, Blocks


def to_text(bl: Blocks, kept: list[int]) -> str:
    blocks = bl.blocks
    parts: list[str] = []
    prev = None
    for i in kept:
        b = blocks[i]
        if prev is not None:
            if b.line and prev.parent == b.parent:
                parts.append("\n")
            elif b.tag in CELLS and prev.tag in CELLS and _same_row(bl, prev.parent, b.parent):
                parts.append("\t")
            elif b.tag == "li" and prev.tag == "li" or b.tag in CELLS and prev.tag in CELLS:
                parts.append("\n")
            else:
                parts.append("\n\n")
        parts.append(b.text)
        prev = b
    return "".join(parts)


def _same_row(bl: Blocks, a: int, b: int) -> bool:
    """Two cells are in the same row when no element starts between them at row depth."""
    return a >= 0 and b >= 0 and bl.el_depth[a] == bl.el_depth[b] and bl.el_end[a] == bl.el_start[b] \
        and b == a + 1 + _descendants(bl, a)


def _descendants(bl: Blocks, a: int) -> int:
    n = 0
    depth = bl.el_depth[a]
    j = a + 1
    while j < len(bl.el_depth) and bl.el_depth[j] > depth:
        n += 1
        j += 1
    return n
