"""Drop page chrome inside Lexbor before the Python walk sees it.

Chrome (nav, header, footer, aside, boilerplate ARIA roles, hidden elements) is more
than half of a typical page's nodes, so removing it here is what keeps the walk cheap.
Other never-content tags (svg, iframe, form controls, ...) are skipped by the walk itself:
one Lexbor query per tag would cost more than stepping over them."""

from __future__ import annotations

import os

from . import lexicon as lx


def _is_chrome(node, keep_hidden: bool = False) -> bool:
    tag = node.tag
    if tag in lx.CHROME_TAGS:
        return True
    attrs = node.attributes
    role = attrs.get("role")
    if role and role.lower() in lx.BOILERPLATE_ROLES:
        return True
    style = attrs.get("style")
    # aria-hidden on a link is not hidden: a second link to the same place (a teaser's
    # description, linked again), shown, but kept from screen readers so that they do
    # not announce it twice.
    if not ("hidden" in attrs or attrs.get("aria-hidden") == "true" and tag != "a"
            or bool(style) and lx.HIDDEN_STYLE_RE.search(style) is not None):
        return False
    # Hidden: chrome, unless it is a collapsed tab, accordion or FAQ panel, or the caller
    # keeps every hidden element (a body hidden until a script runs, see core.py).
    return not keep_hidden and not is_panel(attrs.get("class"), attrs.get("id"), role)


def is_panel(cls: str | None, ident: str | None, role: str | None) -> bool:
    """A hidden element with this class, id and role is a collapsed panel of the page's
    content (lexicon.PANEL_ROLES, PANEL_ATTR_RE), not chrome."""
    if role and role.lower() in lx.PANEL_ROLES:
        return True
    return any(v and lx.PANEL_ATTR_RE.search(v.lower()) is not None for v in (cls, ident))




def _c_prune():
    """The whole of prune() in C (_walk.prune_body: the same nodes go, checked in tests),
    when the extension is built and finds Lexbor's node removal in selectolax."""
    from .blocks import _C_WALK
    if _C_WALK is None or lx.SECTIONING_TAGS != {"article", "main"} or (
            lx.CHROME_TAGS != {"nav", "header", "footer", "aside"}):
        return None
    import selectolax.lexbor
    from selectolax.lexbor import LexborHTMLParser
    tree = LexborHTMLParser("<div hidden style=x></div>")
    names = ("script", "style", "nav", "header", "footer", "aside", "article", "main", "a")
    tags = {name: tree.create_node(name).tag_id for name in names}
    why_not = _C_WALK.setup_prune(os.fsencode(selectolax.lexbor.__file__), tags,
                             tree.css_first("div"), lx.BOILERPLATE_ROLES,
                             lx.CHROME_MAX_TEXT_SHARE, lx.PANEL_ROLES, lx.PANEL_WORDS)
    if why_not is not None:
        return None
    return _C_WALK, tree.create_node("h1").tag_id


_C_PRUNE = _c_prune()


class Plan:
    """What prune() will remove, found by one walk over the still whole body (C only), and
    the first <h1> that walk met, which metadata wants before anything is removed.
    hidden: some element is chrome only for being hidden (else a reading that keeps hidden
    elements would find nothing new). text: the body's text length once script and style
    are gone (what the chrome's share is measured against); sizes: each chrome
    candidate's, so measured (-1: never removed); outer: the index of the candidate
    around each, or -1."""

    __slots__ = ("chrome", "h1", "hidden", "outer", "sizes", "strip", "text")

    def __init__(self, strip: list, chrome: list, h1: int, hidden: bool, text: int = -1,
                 sizes: list | None = None, outer: list | None = None) -> None:
        self.strip, self.chrome, self.h1, self.hidden = strip, chrome, h1, hidden
        self.text, self.sizes, self.outer = text, sizes, outer

    def first_h1(self, tree):
        """The first <h1> below the body as a node (a fresh wrapper), or None."""
        if not self.h1:
            return None
        node = tree.body
        _C_PRUNE[0].point(node, self.h1)
        return node


def scan(body, keep_hidden: bool = False) -> Plan | None:
    """The first half of prune(): find, remove nothing. None without the C extension."""
    if _C_PRUNE is None:
        return None
    return Plan(*_C_PRUNE[0].prune_scan(body, _C_PRUNE[1], keep_hidden))


def prune(tree, body, plan: Plan | None = None, keep_hidden: bool = False) -> None:
    """Remove script/style, then chrome unless one element holds most of the page's text
    (some CMSs wrap the article in <header> or <aside>: the walk's prose check decides).
    `plan`: scan(body, keep_hidden) of the same, untouched body. keep_hidden: hidden
    elements (hidden, aria-hidden, display:none) are not chrome this time."""
    if _C_PRUNE is not None:
        plan = plan or scan(body, keep_hidden)
        _C_PRUNE[0].prune_apply(body, plan.strip, plan.chrome, plan.text, plan.sizes,
                                 plan.outer)
        return
    tree.strip_tags(["script", "style"])
    # Lexbor returns an element once per selector of the list it matches: once only here,
    # since the second copy would be touched after the first was decomposed.
    unique = {n.mem_id: n for n in body.css(lx.CHROME_QUERY)}
    chrome = [n for n in unique.values() if _is_chrome(n, keep_hidden)]
    if not chrome:
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
        if inside or node.mem_id == body.mem_id:   # the body itself (a query matches it
            continue                                 # too) is never removed
        if len(node.text(deep=True)) <= limit:
            removed.add(node.mem_id)
            node.decompose()
