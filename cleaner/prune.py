"""Drop what is never content, inside Lexbor, before the Python walk sees it."""

from __future__ import annotations

from . import lexicon as lx


def prune(tree, body) -> None:
    """Remove never-content tags, then page chrome (nav, header, footer, aside and their
    ARIA roles) unless one of them holds most of the page's text: some CMSs wrap the
    article in <header> or <aside>. Chrome is more than half of a page's nodes, so
    removing it here is what keeps the walk cheap."""
    tree.strip_tags(list(lx.NEVER_CONTENT_TAGS))
    chrome = body.css(lx.CHROME_SELECTOR)
    if not chrome:
        return
    limit = lx.CHROME_MAX_TEXT_SHARE * len(body.text(deep=True))
    removed: set[int] = set()
    for node in chrome:
        # Matches come in document order; a match inside a removed one is already gone
        # (touching it would use freed memory), so look up the ancestors first.
        parent = node.parent
        inside = False
        while parent is not None:
            if parent.mem_id in removed:
                inside = True
                break
            parent = parent.parent
        if inside:
            continue
        if len(node.text(deep=True)) <= limit:
            removed.add(node.mem_id)
            node.decompose()
