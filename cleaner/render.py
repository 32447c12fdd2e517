"""Blocks -> plain text: headings and list items on their own lines, paragraphs separated
by one blank line, table rows one a line (cells tab-separated)."""

from __future__ import annotations

from . import lexicon as lx
from . import score
from .blocks import CELLS, Blocks

_ROWS = frozenset({"tr"})


def cell_of(bl: Blocks, i: int) -> int:
    """The data-table cell block i stands in, or -1. A cell counts when the block sits
    at most two elements below it and the cell is short (one or two blocks, no long
    paragraph): the cells of a layout table hold whole articles and are not rows."""
    b = bl.blocks[i]
    cell = bl.ancestor(b.parent, CELLS, limit=3)
    if cell < 0:
        return -1
    if bl.el_end[cell] - bl.el_start[cell] > 2 or b.chars >= lx.LONG_PROSE_CHARS:
        return -1
    return cell


def to_text(bl: Blocks, kept: list[int]) -> str:
    blocks = bl.blocks
    if score._C is not None:
        return score._C.to_text(blocks, kept, bl.el_tag, bl.el_parent, bl.el_start, bl.el_end,
                          CELLS, lx.LONG_PROSE_CHARS, not CELLS.isdisjoint(bl.el_tag))
    return _to_text_py(bl, kept)


def _to_text_py(bl: Blocks, kept: list[int]) -> str:
    """to_text in Python: the reference for the C loop, and the fallback."""
    blocks = bl.blocks
    if CELLS.isdisjoint(bl.el_tag):
        # No table cell on the page (most pages): no block is a cell, none is looked up.
        return _without_cells(blocks, kept)
    parts: list[str] = []
    prev = None
    prev_cell = prev_row = -1
    tags, parents, starts, ends = bl.el_tag, bl.el_parent, bl.el_start, bl.el_end
    for i in kept:
        b = blocks[i]
        # cell_of(bl, i) and the cell's row, inline: this loop runs for every kept block.
        cell = row = -1
        j, up = b.parent, 3
        while j >= 0 and up:
            if tags[j] in CELLS:
                if ends[j] - starts[j] <= 2 and b.chars < lx.LONG_PROSE_CHARS:
                    cell = j
                    row = bl.ancestor(parents[j], _ROWS, limit=2)
                break
            j = parents[j]
            up -= 1
        if prev is not None:
            if cell >= 0 and prev_cell >= 0:
                if cell == prev_cell:
                    parts.append("\n" if b.line else " ")
                elif row == prev_row and row >= 0:
                    parts.append("\t")
                else:
                    parts.append("\n")
            elif b.line and prev.parent == b.parent or b.tag == "li" and prev.tag == "li":
                parts.append("\n")
            else:
                parts.append("\n\n")
        parts.append(b.text)
        prev, prev_cell, prev_row = b, cell, row
    return "".join(parts)


def _without_cells(blocks: list, kept: list[int]) -> str:
    """to_text of a page without table cells."""
    parts: list[str] = []
    prev = None
    for i in kept:
        b = blocks[i]
        if prev is not None:
            parts.append("\n" if b.line and prev.parent == b.parent
                         or b.tag == "li" and prev.tag == "li" else "\n\n")
        parts.append(b.text)
        prev = b
    return "".join(parts)
