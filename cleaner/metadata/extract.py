"""Assembly: each field from the best source, in the precedence order of the package's
docstring (see cleaner/metadata/__init__.py)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from ..title import heading_text
from .body import _DATELINE_TEXTS, _dateline_further, _days, _near_headline, _text_sample
from .dates import _plausible, _url_date, normalise_date
from .head import (
    _HAS_AUTHOR,
    _HAS_PUBLISHED,
    _META_AUTHOR,
    _META_DESC,
    _META_IMAGE,
    _META_LANG,
    _META_MODIFIED,
    _META_PUBLISHED,
    _META_SITE,
    _META_TAGS,
    _META_TITLE,
    _META_URL,
    _MULTI,
    _body_json_ld,
    _collect,
    _first_h1,
)
from .jsonld import _LD, _ld_people, _ld_text, _ld_url
from .language import _lang_tag, detect_script_language
from .model import Metadata
from .values import _SEP, _clean, _headline_part, _split_authors, strip_site_name


def _first(meta: dict[str, list[str]], keys: tuple[str, ...], fn=None):
    if meta.keys().isdisjoint(keys):      # most keys are absent: one look-up each, in C
        return None
    for key in keys:
        for value in meta.get(key, ()):
            v = fn(value) if fn else _clean(value)
            if v:
                return v
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("data:", "javascript:")):
        return None
    if href.startswith(("https://", "http://")):
        return href
    if href.startswith("//") and not base:
        return "https:" + href
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return href


FIND = object()   # extract_metadata's h1 when the caller has not looked for it


def extract_metadata(tree, url: str | None = None, *, h1=FIND) -> Metadata:
    """The metadata of a parsed page (a ``selectolax.lexbor.LexborHTMLParser``), read before
    any pruning. ``url`` (the page's address) resolves relative URLs. ``h1``: the body's
    first <h1> node (or None) when the caller found it already (clean() does, in prune's
    walk). Never raises."""
    try:
        return _extract(tree, url, h1)
    except Exception:  # noqa: BLE001 - odd markup must never break clean()
        return Metadata()


def _extract(tree, url: str | None, h1_found=FIND) -> Metadata:
    raw = getattr(tree, "raw_html", None)
    if not isinstance(raw, bytes):
        raw = None
    h = _collect(tree, raw)
    body = tree.body
    meta = h.meta
    ld = _LD(h.ld) if h.ld else None
    if ld is None and not (
            meta.keys() & _HAS_AUTHOR and meta.keys() & _HAS_PUBLISHED):
        # JSON-LD in the body: looked for only when the head left the article's author or
        # date unknown (a scan of the bytes costs about as much as the rest together).
        scripts = [x for x in _body_json_ld(tree, raw) if x not in h.ld]
        if scripts:
            ld = _LD(h.ld + scripts)
    h1_cache: list = [] if h1_found is FIND else [h1_found]

    def first_h1():
        if not h1_cache:
            h1_cache.append(_first_h1(tree, body))
        return h1_cache[0]

    base = url
    if h.base:
        base = _absolute(h.base, url) if url else h.base
        if base and not urlsplit(base).scheme:
            base = url

    # site name first: title stripping needs it
    site = _first(meta, _META_SITE[:1])
    if not site and ld is not None:
        if ld.website is not None:
            site = _ld_text(ld.website.get("name"))
        if not site and ld.main is not None:
            site = _ld_text(ld.resolve(ld.main.get("publisher")))
    if not site:
        site = _first(meta, _META_SITE[1:])

    # title
    title = _first(meta, _META_TITLE[:1])
    if not title and ld is not None:
        title = _ld_text(ld.first("headline", "name"))
    if not title:
        title = _first(meta, _META_TITLE[1:])
    if title and _SEP.search(title):
        # "Promise - JavaScript", "New Links | Hacker News": when the headline is one of the
        # parts, it is the title; else the site-name rule decides.
        h1 = first_h1()
        h1_text = _clean(heading_text(h1)) if h1 is not None else None
        part = _headline_part(title, h1_text)
        title = part if part is not None else strip_site_name(title, site)
    if not title:
        h1 = first_h1()
        title = _clean(heading_text(h1)) if h1 is not None else None
    if not title and h.title:
        title = _clean(h.title)
        if title:
            title = strip_site_name(title, site)

    # authors
    authors: list[str] = []
    if ld is not None:
        value = ld.first("author", "creator")
        if value is not None:
            authors = _ld_people(ld, value)
    if not authors:
        for key in _META_AUTHOR:
            values = meta.get(key)
            if not values:
                continue
            if key == "twitter:data1":
                label = (meta.get("twitter:label1") or [""])[0].lower()
                if "author" not in label and "written" not in label:
                    continue
            for v in values if key in _MULTI else values[:1]:
                authors.extend(_split_authors(v))
            if authors:
                break

    # dates
    published = None
    modified = None
    if ld is not None:
        published = _plausible(normalise_date(ld.first("datePublished", "dateCreated",
                                                       "uploadDate")))
        modified = _plausible(normalise_date(ld.first("dateModified")))
    if not published:
        published = _first(meta, _META_PUBLISHED, lambda v: _plausible(normalise_date(v)))
    if not modified:
        modified = _first(meta, _META_MODIFIED, lambda v: _plausible(normalise_date(v)))
    shown = None
    begin = None
    date_lang = h.lang or _first(meta, _META_LANG)
    if body is not None:
        # One bounded walk from just before the headline (or from the top of the body):
        # author and date markup when the head left them unknown, and the visible dateline,
        # read even when the head gave a date (see below).
        h1 = first_h1()
        begin = body
        if h1 is not None:
            begin = h1
            for _ in range(4):
                if begin.prev is None:
                    break
                begin = begin.prev
        found, day, shown, at = _near_headline(begin, not authors, not published, date_lang)
        authors = authors or found
        if (published and shown and at < _DATELINE_TEXTS
                and _days(shown) < _days(published)):
            # A dateline earlier than the markup's date: the markup was rewritten on an
            # update (on WCXB dev the shown date is the labelled one in 6 such pages of 7).
            published = _plausible(shown) or published
        published = published or _plausible(day)
    authors = list(dict.fromkeys(a for a in authors if a))
    canonical = _absolute(h.canonical, base) or _absolute(_first(meta, _META_URL), base)
    if not canonical and ld is not None:
        canonical = _absolute(_ld_url(ld.first("url", "mainEntityOfPage")), base)
    if not published:
        published = _plausible(_url_date(url) or _url_date(canonical))
    if not published:
        published = _plausible(shown)
    if not published and begin is not None:
        published = _plausible(_dateline_further(begin, date_lang))

    # description, tags, image
    description = _first(meta, _META_DESC[:2])
    if not description:
        description = _first(meta, _META_DESC[2:3])
    if not description and ld is not None:
        description = _ld_text(ld.first("description"))
    if not description:
        description = _first(meta, _META_DESC[3:])

    tags: list[str] = []
    if ld is not None:
        for key in ("keywords", "articleSection"):
            value = ld.first(key)
            tags.extend(_tag_list(value))
    for key in _META_TAGS:
        for v in meta.get(key, ()):
            tags.extend(_tag_list(v))
    seen: set[str] = set()
    uniq = []
    for t in tags:
        k = t.casefold()
        if k not in seen:
            seen.add(k)
            uniq.append(t)

    image = _absolute(_first(meta, _META_IMAGE), base)
    if not image and ld is not None:
        image = _absolute(_ld_url(ld.first("image", "thumbnailUrl")), base)
    if not image:
        image = _absolute(h.image_src, base)

    # language
    language = _lang_tag(h.lang) or _first(meta, _META_LANG, _lang_tag)
    if not language and ld is not None:
        language = _lang_tag(_ld_text(ld.first("inLanguage")))
    if not language:
        sample = " ".join(x for x in (title, description) if x)
        if len(sample) < 200 and tree.body is not None:
            sample += " " + " ".join(_take(_text_sample(tree.body, 400), 2000))
        language = detect_script_language(sample)

    return Metadata(
        title=title, authors=tuple(authors), published=published, modified=modified,
        site_name=site, language=language, canonical_url=canonical, description=description,
        tags=tuple(uniq[:50]), image=image)


def _take(texts, limit: int) -> list[str]:
    """Texts up to limit characters in all (the last one cut: one text node can be a
    30 MB <pre>)."""
    out, n = [], 0
    for t in texts:
        out.append(t[:limit - n])
        n += len(out[-1])
        if n >= limit:
            break
    return out


def _tag_list(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items[:50]:
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        for part in item.split(","):
            part = _clean(part)
            if part and len(part) <= 80:
                out.append(part)
    return out
