"""The page's headline: og:title / twitter:title, then the first <h1>, then <title>."""

from __future__ import annotations

import re

_SITE_SUFFIX = re.compile(r"\s+[|\-–—:·•»]\s+[^|\-–—:·•»]{2,60}$")


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text or None


# A <ruby>'s reading and its parentheses: not part of the headline (see lexicon.py);
# nor a script's or style sheet's text (an ad's script inside a blog's <h1>).
_NOT_READ = frozenset(("rt", "rp", "rtc", "script", "style"))
_READ_APART = frozenset(("ruby", "script", "style"))


def heading_text(node) -> str:
    """A heading's text, its inline parts joined by spaces ("Build fast.<br>Run any
    code." must not glue), but a <ruby>'s base text without its reading: "山の子ども",
    not "山の 子 ( こ ) ども" (the body's walk reads it so; the headline must match it),
    and without the text of scripts and style sheets."""
    if not any(n.tag in _READ_APART for n in node.traverse()):   # (a CSS query costs more)
        return node.text(separator=" ")
    out: list[str] = []
    stack: list = [node.child] if node.child is not None else []
    while stack:                              # iterative: headings can nest deep
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)                  # the space after an element's content
            continue
        if item.next is not None:
            stack.append(item.next)
        tag = item.tag
        if tag == "-text":
            out.append(item.text_content or "")
        elif tag in _NOT_READ or tag[0] == "-":
            pass                              # the reading, comments
        elif tag == "ruby":                   # its base text runs on, no space around
            if item.child is not None:
                stack.append(item.child)
        else:
            out.append(" ")
            stack.append(" ")
            if item.child is not None:
                stack.append(item.child)
    return "".join(out)


def find_title(tree) -> str | None:
    for sel in ('meta[property="og:title"]', 'meta[name="twitter:title"]',
                'meta[property="twitter:title"]'):
        node = tree.css_first(sel)
        if node is not None:
            t = _clean(node.attributes.get("content"))
            if t:
                return _SITE_SUFFIX.sub("", t) if len(t) > 30 else t
    h1 = tree.css_first("h1")
    if h1 is not None:
        t = _clean(heading_text(h1))
        if t:
            return t
    node = tree.css_first("title")
    if node is not None:
        t = _clean(node.text())
        if t:
            return _SITE_SUFFIX.sub("", t) or t
    return None
