"""Sources in <head>: one pass over its <meta>, <link>, <base>, <title> and JSON-LD
<script> elements (in C when the walk's extension is built), and the JSON-LD found outside it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

# <meta> keys (name, property or itemprop, lower-cased) per field, best first.
_META_TITLE = ("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title")
_META_AUTHOR = ("author", "article:author", "og:article:author", "citation_author",
                "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl",
                "article.author", "author_name", "twitter:data1")
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "published_time", "citation_publication_date", "citation_date",
    "citation_online_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "dc.date.created", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "date_published", "publication_date", "parsely-pub-date",
    "sailthru.date", "article.published", "article_date_original", "originalpublicationdate",
    "release_date", "date", "created", "dc.created")
_META_MODIFIED = ("article:modified_time", "og:article:modified_time", "og:updated_time",
                  "article:updated_time", "modified_time", "updated_time", "datemodified",
                  "dcterms.modified", "dc.date.modified", "last-modified", "lastmod",
                  "article.updated")
_META_SITE = ("og:site_name", "application-name", "dc.publisher", "dcterms.publisher")
_META_LANG = ("content-language", "language", "dc.language", "dcterms.language", "og:locale")
_META_DESC = ("og:description", "description", "twitter:description", "dc.description",
              "dcterms.description")
_META_TAGS = ("article:tag", "og:article:tag", "article:section", "og:article:section",
              "keywords", "news_keywords", "parsely-section", "parsely-tags")
_META_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
               "twitter:image:src")
_META_URL = ("og:url",)
_MULTI = frozenset(("citation_author", "article:author", "og:article:author", "article:tag",
                    "og:article:tag"))
_WANTED = frozenset(_META_TITLE + _META_AUTHOR + _META_PUBLISHED + _META_MODIFIED + _META_SITE
                    + _META_LANG + _META_DESC + _META_TAGS + _META_IMAGE + _META_URL
                    + ("twitter:label1",))

_ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
    "scholarlyarticle", "techarticle", "report", "liveblogposting", "socialmediaposting",
    "discussionforumposting", "medicalscholarlyarticle", "satiricalarticle", "advertisercontentarticle",
    "review", "recipe", "howto", "posting", "creativework", "videoobject", "podcastepisode",
    "newsmediaarticle"))
_PAGE_TYPES = frozenset((
    "webpage", "itempage", "aboutpage", "collectionpage", "profilepage", "faqpage", "qapage",
    "searchresultspage", "contactpage", "medicalwebpage", "checkoutpage", "realestatelisting"))


class _Head:
    """Everything one pass over the head (plus fallback queries) collected."""

    __slots__ = ("base", "canonical", "image_src", "lang", "ld", "meta", "title")

    def __init__(self) -> None:
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.base: str | None = None
        self.title: str | None = None
        self.ld: list[str] = []
        self.image_src: str | None = None
        self.lang: str | None = None


_HEAD_ATTRS = ("content", "datetime", "value", "property", "name", "itemprop", "http-equiv",
               "rel", "href", "type")


def _c_collect():
    """_meta.collect_head set up for _collect, or None (then the Python reading runs)."""
    from ..blocks import _C_WALK
    if _C_WALK is None:           # (its layout check vouches for the structs _meta reads)
        return None
    try:
        from .. import _meta
    except ImportError:
        return None
    from selectolax.lexbor import LexborHTMLParser
    tree = LexborHTMLParser("<p " + " ".join(f"{n}=x" for n in _HEAD_ATTRS) + ">")
    tags = {t: tree.create_node(t).tag_id for t in ("meta", "link", "title", "base", "script")}
    if not _meta.setup_head(tags, tree.css_first("p"), _HEAD_ATTRS):
        return None
    return _meta.collect_head


_COLLECT = _c_collect()


def _collect_c(tree) -> _Head:
    """_collect with the reading in C (_meta.collect_head): same result. The values are
    taken there too (a <meta> under a wanted key, a <link> that may be canonical): no
    Python object per element."""
    h = _Head()
    h.title, h.base, h.ld = _COLLECT(tree.head, tree.body, _HEAD_GAP, _WANTED, h.meta,
                                     functools.partial(_add_keys, h),
                                     functools.partial(_add_rel, h))
    root = tree.root
    if root is not None and root.tag == "html":
        attrs = root.attributes                 # (a dict built on each access)
        h.lang = attrs.get("lang") or attrs.get("xml:lang")
    return h


def _collect(tree, raw: bytes | None) -> _Head:
    if _COLLECT is not None:
        return _collect_c(tree)
    h = _Head()
    head = tree.head
    if head is not None:
        for node in head.iter():
            tag = node.tag
            if tag == "meta":
                _add_meta(h, node.attributes)
            elif tag in _HEAD_OTHER:
                _add_node(h, node)
    body = tree.body
    if body is not None:
        # A stray element in the head (an <img>, an <iframe> from a <noscript>) closes it
        # early and the parser moves the rest of the head to the start of the body: read on
        # while head elements keep coming (at most _HEAD_GAP other nodes in between).
        gap = 0
        for node in body.traverse():
            if node.tag in _HEAD_TAGS:
                _add_node(h, node)
                gap = 0
            else:
                gap += 1
                if gap > _HEAD_GAP:
                    break
    root = tree.root
    if root is not None and root.tag == "html":
        h.lang = root.attributes.get("lang") or root.attributes.get("xml:lang")
    return h


def _add_node(h: _Head, node) -> None:
    tag = node.tag
    if tag == "meta":
        _add_meta(h, node.attributes)
    elif tag == "link":
        _add_link(h, node.attributes)
    elif tag == "title":
        if h.title is None:
            h.title = node.text()
    elif tag == "base":
        if h.base is None:
            h.base = node.attributes.get("href")
    elif tag == "script" and "ld+json" in (node.attributes.get("type") or "").lower():
        h.ld.append(node.text() or "")


class _CLookups(NamedTuple):
    """metadata's lookups in the C extension, with the ids they need."""

    first_tag: Callable
    json_ld_texts: Callable
    h1_id: int
    script_id: int
    type_id: int              # the attribute id of "type"
    find_rare: Callable


def _c_lookups() -> _CLookups | None:
    """The C lookups when blocks.py uses the extension (same selectolax checks), else None."""
    from ..blocks import _C_WALK
    if _C_WALK is None:
        return None
    from selectolax.lexbor import LexborHTMLParser
    script = LexborHTMLParser("<script type=x></script>").css_first("script")
    type_id = _C_WALK.first_attr_id(script)
    if not 0 < type_id < 65536:
        return None
    return _CLookups(_C_WALK.first_tag, _C_WALK.json_ld_texts,
                     script.parser.create_node("h1").tag_id, script.tag_id, type_id,
                     _C_WALK.find_rare)


_C = _c_lookups()




def _find_ld_json(raw: bytes, pos: int) -> int:
    if _C is not None:
        return _C.find_rare(raw, b"ld+json", 2, pos)   # memchr on the rare '+'
    return raw.find(b"ld+json", pos)


def _first_h1(tree, body):
    """body.css_first("h1"), in C when it can (a CSS query costs ~70 us a page)."""
    if body is None:
        return None
    if _C is not None:
        into = tree.body               # a fresh wrapper, pointed at the h1 if there is one
        return into if _C.first_tag(into, body, _C.h1_id) else None
    return body.css_first("h1")


def _body_json_ld(tree, raw: bytes | None) -> list[str]:
    """The JSON-LD scripts outside <head>: from the bytes when the tree keeps them (a byte
    search runs at memory speed, faster than any walk over the body's nodes)."""
    if raw is not None:
        # From the start: finding </head> costs more than the search itself, and the
        # caller drops the head's scripts (it looks here only when the head had none).
        return _raw_json_ld(raw)
    body = tree.body
    if body is None:
        return []
    if _C is not None:
        return _C.json_ld_texts(body, _C.script_id, _C.type_id)
    return [node.text() or "" for node in body.css("script")
            if "ld+json" in (node.attributes.get("type") or "").lower()]


def _raw_json_ld(raw: bytes) -> list[str]:
    """The JSON-LD scripts, wherever they are, read from the parser's UTF-8 input: one fast
    byte search instead of a query over every element (script text is raw in HTML, so the
    bytes are what the tree holds)."""
    out: list[str] = []
    pos = 0
    while len(out) < 20:
        i = _find_ld_json(raw, pos)
        if i < 0:
            break
        pos = i + 7
        tag_start = raw.rfind(b"<", max(0, i - 300), i)
        if tag_start < 0 or raw[tag_start + 1:tag_start + 7].lower() != b"script":
            continue
        if raw.find(b">", tag_start, i) >= 0:
            continue  # "ld+json" after the tag closed: inside some script's text
        gt = raw.find(b">", i)
        close = raw.find(b"</script", gt) if gt >= 0 else -1
        if close < 0:
            close = raw.find(b"</SCRIPT", gt) if gt >= 0 else -1
        if close < 0:
            break
        out.append(raw[gt + 1:close].decode("utf-8", "replace"))
        pos = close
    return out


_HEAD_TAGS = frozenset(("meta", "link", "title", "base"))
_HEAD_OTHER = frozenset(("link", "title", "base", "script"))
_HAS_AUTHOR = frozenset(_META_AUTHOR[:-1])
_HAS_PUBLISHED = frozenset(_META_PUBLISHED)
_HEAD_GAP = 20


def _add_meta(h: _Head, attrs: dict) -> None:
    content = attrs.get("content")
    if content is None:
        content = attrs.get("datetime") or attrs.get("value")
    if not content:
        return
    _add_keys(h, content, (attrs.get("property"), attrs.get("name"), attrs.get("itemprop"),
                           attrs.get("http-equiv")))


def _add_keys(h: _Head, content: str, keys) -> None:
    """A <meta>'s content under each of its wanted keys (property, name, itemprop,
    http-equiv)."""
    meta = h.meta
    for key in keys:
        if not key:
            continue
        key = key.strip().lower()
        if key in _WANTED:
            if key in meta:
                meta[key].append(content)
            else:
                meta[key] = [content]
        elif " " in key:  # property="og:title twitter:title"
            for k in key.split():
                if k in _WANTED:
                    meta.setdefault(k, []).append(content)


def _add_rel(h: _Head, rel: str, href: str) -> None:
    _add_link(h, {"rel": rel, "href": href})


def _add_link(h: _Head, attrs: dict) -> None:
    rel = (attrs.get("rel") or "").lower().split()
    href = attrs.get("href")
    if not href or not rel:
        return
    if "canonical" in rel and h.canonical is None:
        h.canonical = href
    elif "image_src" in rel and h.image_src is None:
        h.image_src = href
