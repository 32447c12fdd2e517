"""The page's headline: og:title / twitter:title, then the first <h1>, then <title>."""

from __future__ import annotations

import re

_SITE_SUFFIX = re.compile(r"\s+[|\-–—:·•»]\s+[^|\-–—:·•»]{2,60}$")


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text or None


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
        t = _clean(h1.text(separator=" "))
        if t:
            return t
    node = tree.css_first("title")
    if node is not None:
        t = _clean(node.text())
        if t:
            return _SITE_SUFFIX.sub("", t) or t
    return None
