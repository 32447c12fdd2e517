"""Shared helpers for the unit tests: tiny synthetic pages and a parsed-body walker."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner import blocks, prune

# Four plain-prose paragraphs, each long enough (> 80 characters) to count as body text
# wherever it stands, each ending with a full stop.
PROSE = (
    "The city council met on Tuesday evening to discuss the new budget for public libraries and parks.",
    "Several residents spoke in favour of extending opening hours, citing long queues at the weekend.",
    "The mayor said a final decision would be taken next month after a review of the spending plans.",
    "Critics argued that the proposal ignored the needs of outlying districts with no library at all.",
)


def paragraphs(texts=PROSE) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def page(body: str, head: str = "") -> str:
    """A complete HTML document around the given body markup."""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def walk(html: str, do_prune: bool = True) -> blocks.Blocks:
    """Parse html and run the block walk over its body, as clean() does."""
    tree = LexborHTMLParser(html)
    body = tree.body
    if do_prune:
        prune.prune(tree, body)
    return blocks.build(body)


def texts(bl: blocks.Blocks) -> list[str]:
    return [b.text for b in bl.blocks]


def element(bl: blocks.Blocks, tag: str, nth: int = 0) -> int:
    """Index (in bl.el_*) of the nth block-level element with that tag."""
    found = [i for i, t in enumerate(bl.el_tag) if t == tag]
    return found[nth]


def element_texts(bl: blocks.Blocks, idx: int) -> list[str]:
    return [b.text for b in bl.blocks[bl.el_start[idx]:bl.el_end[idx]]]


@pytest.fixture
def prose():
    return PROSE
