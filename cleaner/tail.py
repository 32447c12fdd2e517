"""Trim what follows the body: related/most-read/sponsored blocks, copyright lines."""

from __future__ import annotations

from . import lexicon as lx
from .blocks import Blocks


def trim(bl: Blocks, values: list[float], kept: list[int]) -> list[int]:
    """Cut kept block indices at tail labels and copyright lines that follow the body."""
    if not kept:
        return kept
    blocks = bl.blocks
    total = sum(values[i] for i in kept if values[i] > 0) or 1.0
    seen = 0.0
    out: list[int] = []
    skipping = False
    for i in kept:
        b = blocks[i]
        v = values[i]
        if b.chars <= lx.COPYRIGHT_MAX_CHARS and lx.COPYRIGHT_RE.search(b.text) and seen > 0.5 * total:
            break
        if skipping:
            if v > 0 and b.chars >= 2 * lx.PROSE_MIN_CHARS:
                skipping = False          # the body resumes after a mid-body box
            else:
                continue
        if (b.chars <= lx.TAIL_HEADING_MAX_CHARS and lx.TAIL_HEADING_RE.search(b.text)
                and seen > 0.3 * total):
            skipping = True
            continue
        out.append(i)
        if v > 0:
            seen += v
    # A trailing run of lines that are neither prose nor sentences: headline lists.
    while out and values[out[-1]] <= 0 and not lx.SENTENCE_END_RE.search(blocks[out[-1]].text):
        out.pop()
    return out
