"""Drop page chrome inside Lexbor before the Python walk sees it.

Chrome (nav, header, footer, aside, boilerplate ARIA roles, hidden elements) is more
than half of a typical page's nodes, so removing it here is what keeps the walk cheap.
Other never-content tags (svg, iframe, form controls, ...) are skipped by the walk itself:
one Lexbor query per tag would cost more than stepping over them."""

from __future__ import annotations

from . import lexicon as lx


def _is_chrome(node) -> bool:
    tag = node.tag
    if tag in lx.CHROME_TAGS:
        return True
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    role = attrs.get("role")
    if role and role.lower() in lx.BOILERPLATE_ROLES:
        return True
    style = attrs.get("style")
    return bool(style) and lx.HIDDEN_STYLE_RE.search(style) is not None


def _c_plan():
    """The C version of the loop below (same choice, checked in tests), when built."""
    from .blocks import _C_WALK
    if _C_WALK is None or lx.SECTIONING_TAGS != {"article", "main"}:
        return None, ()
    from selectolax.lexbor import LexborHTMLParser
    tree = LexborHTMLParser("")
    return _C_WALK.chrome_plan, tuple(tree.create_node(t).tag_id
                                      for t in ("header", "article", "main"))


_C_PLAN, _PLAN_TAGS = _c_plan()


def prune(tree, body) -> None:
    """Remove script/style, then chrome unless one element holds most of the page's text
    (some CMSs wrap the article in <header> or <aside>: the walk's prose check decides)."""
    tree.strip_tags(["script", "style"])
    chrome = [n for n in body.css(lx.CHROME_QUERY) if _is_chrome(n)]
    if not chrome:
        return
    if _C_PLAN is not None:
        for k in _C_PLAN(body, chrome, lx.CHROME_MAX_TEXT_SHARE, *_PLAN_TAGS):
            chrome[k].decompose()
        return
    limit = lx.CHROME_MAX_TEXT_SHARE * len(body.text(deep=True))
    removed: set[int] = set()
    for node in chrome:
        # Matches come in document order; a match inside a removed one is already gone
        # (touching it would use freed memory), so look up the ancestors first.
        parent = node.parent
        inside = False
        header = node.tag == "header"
        while parent is not None:
            if parent.mem_id in removed:
                inside = True
                break
            if header and parent.tag in lx.SECTIONING_TAGS:
                inside = True             # an article's own header: headline, dek, byline
                break
            parent = parent.parent
        if inside:
            continue
        if len(node.text(deep=True)) <= limit:
            removed.add(node.mem_id)
            node.decompose()
