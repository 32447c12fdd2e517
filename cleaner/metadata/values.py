"""Values made presentable: whitespace, titles (a site-name part cut off, the part equal to
the <h1>), author lists."""

from __future__ import annotations

import html
import re


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    if "&" in text and ";" in text:  # double-escaped entities in JSON-LD or metas
        text = html.unescape(text)
    return text or None


_SEP = re.compile(r"\s+(?:\||-|–|—|·|•|»|::|/|\\)\s+")


_NOT_WORD = re.compile(r"[\W_]+")


# The ASCII characters _NOT_WORD removes (all but letters and digits).
_NOT_ALNUM_ASCII = bytes(c for c in range(128) if not chr(c).isalnum())


def _norm(s: str) -> str:
    if s.isascii():               # (a byte table: the same as the pattern on ASCII text)
        return s.lower().encode("ascii").translate(None, _NOT_ALNUM_ASCII).decode("ascii")
    return _NOT_WORD.sub("", s.casefold())


def _headline_part(title: str, headline: str | None) -> str | None:
    """The part of a separated title that is the page's headline (or the whole title when
    the headline repeats it), else None."""
    if not headline:
        return None
    nh = _norm(headline)
    if not nh:
        return None
    if nh == _norm(title):
        return title
    for part in _SEP.split(title):
        if _norm(part) == nh:
            return part.strip()
    return None


def strip_site_name(title: str, site: str | None) -> str:
    """Drop a " | Site" / " - Site" suffix (or a "Site | " prefix) from a title."""
    for _ in range(2):
        parts = _SEP.split(title)
        if len(parts) < 2:
            return title
        seps = _SEP.findall(title)
        head = title[: len(title) - len(parts[-1]) - len(seps[-1])]
        tail = parts[-1]
        nsite = _norm(site) if site else ""
        ntail = _norm(tail)
        if nsite and ntail and (ntail == nsite or ntail in nsite or nsite in ntail):
            title = head
            continue
        first = parts[0]
        nfirst = _norm(first)
        if nsite and nfirst and (nfirst == nsite or nfirst in nsite):
            title = title[len(first) + len(seps[0]):]
            continue
        if len(tail) <= 25 and len(tail.split()) <= 3 and len(head.split()) >= 3:
            title = head
            continue
        return title
    return title


_URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net)/", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^(?:by|written by|posted by|author:?|von|par|por|door|di|av)\s+",
                        re.IGNORECASE)
_NOT_NAME = re.compile(r"@|\d{3}|https?:|\bwww\.", re.IGNORECASE)


def _split_authors(value: str) -> list[str]:
    value = _clean(value) or ""
    if not value or _URLISH.search(value):
        return []
    value = _BY_PREFIX.sub("", value)
    parts = [p for p in re.split(r"\s*;\s*|\s*\|\s*|\s+and\s+|\s*&\s*|\s*、\s*", value)
             if p] if len(value) > 3 else [value]
    if len(parts) > 1 and not all(len(p.split()) >= 2 or not p.isascii() for p in parts):
        parts = [value]  # "Johnson & Johnson", "Tom | Site": not a list of people
    out = []
    for p in parts:
        p = p.strip(" ,.-–—:")
        if 1 < len(p) <= 80 and not _NOT_NAME.search(p):
            out.append(p)
    return out
